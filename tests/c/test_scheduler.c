/*
 * test_scheduler.c - hand-written scheduling scenarios beyond the golden
 * plugin cases: inter-pod affinity and anti-affinity both ways, topology
 * spread with minDomains / nodeAffinityPolicy / nodeTaintsPolicy /
 * matchLabelKeys, host ports, extended resources, the default profile end
 * to end (FailedScheduling message byte for byte, scores and totals) and
 * preemption with a PodDisruptionBudget.
 *
 * The scenarios and their expectations live in
 * tests/data/scheduler/scenarios.expected.txt (format in the README.md
 * beside it) so that the Python and Lua tests check the same facts; each
 * scenario is one cmocka test named after it. Expectations were derived
 * from kube-scheduler's rules (shared/reference/scheduler.md; upstream
 * pkg/scheduler/framework/plugins/{interpodaffinity,podtopologyspread,
 * nodeports,noderesources,tainttoleration,defaultpreemption} and
 * pkg/scheduler/schedule_one.go), not by running podsim.
 *
 * Only the public API (podsim.h) is used.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "podsim.h"
#include "schedule_result.h"

#ifndef PODSIM_TEST_DATA
#define PODSIM_TEST_DATA "tests/data"
#endif

#define SCENARIO_FILE "scheduler/scenarios.expected.txt"
#define MAX_SCENARIOS 128
#define MAX_LINES 64
#define MAX_WORDS 32

/* ------------------------------------------------------------------ */
/* Scenarios                                                            */
/* ------------------------------------------------------------------ */

typedef struct scenario {
    char *name;
    char *lines[MAX_LINES]; /* directives, leading blanks removed */
    size_t line_count;
} scenario;

static scenario scenarios[MAX_SCENARIOS];
static size_t scenario_count;
static char *scenario_text; /* the file, cut into lines in place */

static const char *data_dir(void) {
    const char *env = getenv("PODSIM_TEST_DATA");
    return env && *env ? env : PODSIM_TEST_DATA;
}

/* The whole file, NUL-terminated (NULL if unreadable); *len_out its size. */
static char *read_all(const char *path, size_t *len_out) {
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    size_t len = 0, cap = 0, n;
    if (!f) return NULL;
    do {
        if (len + 4096 + 1 > cap) {
            char *grown;
            cap = cap ? cap * 2 : 8192;
            grown = realloc(buf, cap);
            if (!grown) {
                free(buf);
                fclose(f);
                return NULL;
            }
            buf = grown;
        }
        n = fread(buf + len, 1, 4096, f);
        len += n;
    } while (n > 0);
    fclose(f);
    buf[len] = '\0';
    if (len_out) *len_out = len;
    return buf;
}

static char *data_file(const char *name, size_t *len_out) {
    char path[4096];
    snprintf(path, sizeof path, "%s/scheduler/%s", data_dir(), name);
    return read_all(path, len_out);
}

static char *trim(char *s) {
    size_t n;
    while (*s == ' ' || *s == '\t') s++;
    n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r')) {
        s[--n] = '\0';
    }
    return s;
}

/* The next token of *cursor delimited by any of `delims` (cut in place),
   or NULL at the end; strtok_r is not C11. */
static char *next_token(char **cursor, const char *delims) {
    char *start = *cursor + strspn(*cursor, delims);
    if (!*start) return NULL;
    char *end = start + strcspn(start, delims);
    *cursor = *end ? end + 1 : end;
    *end = '\0';
    return start;
}

/* Cuts the scenario file into blocks. Returns false on a malformed file
   (reported by the test that runs with no scenarios). */
static bool parse_scenarios(char *text) {
    scenario *cur = NULL;
    char *cursor = text;
    for (char *line = next_token(&cursor, "\n"); line;
         line = next_token(&cursor, "\n")) {
        line = trim(line);
        if (!*line || *line == '#') continue;
        if (strncmp(line, "scenario ", 9) == 0) {
            if (cur || scenario_count == MAX_SCENARIOS) return false;
            cur = &scenarios[scenario_count++];
            cur->name = trim(line + 9);
        } else if (strcmp(line, "end") == 0) {
            if (!cur) return false;
            cur = NULL;
        } else {
            if (!cur || cur->line_count == MAX_LINES) return false;
            cur->lines[cur->line_count++] = line;
        }
    }
    return cur == NULL;
}

/* Splits a copy of `line` into words; returns the count. */
static size_t split_words(const char *line, char *copy, size_t cap,
                          char **words) {
    size_t n = 0;
    char *cursor = copy;
    snprintf(copy, cap, "%s", line);
    for (char *w = next_token(&cursor, " \t"); w && n < MAX_WORDS;
         w = next_token(&cursor, " \t")) {
        words[n++] = w;
    }
    return n;
}

/* The rest of `line` after its first `skip` words (verbatim). */
static const char *rest_after(const char *line, size_t skip) {
    const char *p = line;
    for (size_t i = 0; i < skip; i++) {
        while (*p == ' ' || *p == '\t') p++;
        while (*p && *p != ' ' && *p != '\t') p++;
    }
    if (*p == ' ' || *p == '\t') p++;
    return p;
}

/* ------------------------------------------------------------------ */
/* What a running test holds, freed by the teardown                     */
/* ------------------------------------------------------------------ */

static podsim_cluster *live_cluster;
static podsim_scheduler_config *live_config;
static podsim_schedule_result *live_result;
static char *live_pod_text;

static int teardown(void **state) {
    (void)state;
    podsim_schedule_result_free(live_result);
    live_result = NULL;
    podsim_scheduler_config_free(live_config);
    live_config = NULL;
    podsim_cluster_free(live_cluster);
    live_cluster = NULL;
    free(live_pod_text);
    live_pod_text = NULL;
    return 0;
}

/* ------------------------------------------------------------------ */
/* Checks                                                               */
/* ------------------------------------------------------------------ */

static int failures;

static void check_fail(const scenario *sc, const char *fmt, ...) {
    char msg[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    print_message("FAIL %s: %s\n", sc->name, msg);
    failures++;
}

static void join_strings(podsim_strings list, char *buf, size_t cap) {
    size_t used = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < list.count && used < cap; i++) {
        int n = snprintf(buf + used, cap - used, "%s%s", i ? " " : "",
                         list.items[i]);
        if (n < 0) break;
        used += (size_t)n;
    }
}

/* `filter <node> <code> <plugin> <reason>`: lines of one node accumulate
   its reasons; checked once per node at its first line. */
static void check_filter(const scenario *sc, size_t at,
                         const podsim_schedule_result *r) {
    char copy[1024], *w[MAX_WORDS];
    const char *reasons[16];
    size_t reason_count = 0;
    size_t n = split_words(sc->lines[at], copy, sizeof copy, w);
    const char *node, *code, *plugin;
    char node_buf[256], code_buf[64], plugin_buf[128];
    if (n < 5) {
        check_fail(sc, "malformed: %s", sc->lines[at]);
        return;
    }
    snprintf(node_buf, sizeof node_buf, "%s", w[1]);
    snprintf(code_buf, sizeof code_buf, "%s", w[2]);
    snprintf(plugin_buf, sizeof plugin_buf, "%s", w[3]);
    node = node_buf;
    code = code_buf;
    plugin = strcmp(plugin_buf, "-") == 0 ? "" : plugin_buf;
    /* an earlier line for this node already checked it */
    for (size_t i = 0; i < at; i++) {
        char c2[1024], *w2[MAX_WORDS];
        size_t n2 = split_words(sc->lines[i], c2, sizeof c2, w2);
        if (n2 >= 2 && strcmp(w2[0], "filter") == 0 &&
            strcmp(w2[1], node) == 0) {
            return;
        }
    }
    for (size_t i = at; i < sc->line_count && reason_count < 16; i++) {
        char c2[1024], *w2[MAX_WORDS];
        size_t n2 = split_words(sc->lines[i], c2, sizeof c2, w2);
        if (n2 >= 5 && strcmp(w2[0], "filter") == 0 &&
            strcmp(w2[1], node) == 0) {
            reasons[reason_count++] = rest_after(sc->lines[i], 4);
        }
    }
    const podsim_node_filter *f = find_filter(r, node);
    if (!f) {
        check_fail(sc, "%s: no filter status (%s)", node,
                   in_strings(r->feasible, node) ? "feasible" : "absent");
        return;
    }
    char got[1024];
    join_strings(f->reasons, got, sizeof got);
    if (strcmp(code_name(f->code), code) != 0 ||
        strcmp(f->plugin, plugin) != 0 || f->reasons.count != reason_count) {
        check_fail(sc,
                   "%s: %s by \"%s\" (%zu reasons: %s), want %s by "
                   "\"%s\" (%zu reasons)",
                   node, code_name(f->code), f->plugin, f->reasons.count, got,
                   code, plugin, reason_count);
        return;
    }
    for (size_t i = 0; i < reason_count; i++) {
        if (strcmp(f->reasons.items[i], reasons[i]) != 0) {
            check_fail(sc, "%s: reason \"%s\", want \"%s\"", node,
                       f->reasons.items[i], reasons[i]);
        }
    }
}

static void check_score(const scenario *sc, char **w, size_t n,
                        const podsim_schedule_result *r) {
    const podsim_node_score *s;
    long long want;
    if (n != 4) {
        check_fail(sc, "malformed score line");
        return;
    }
    want = strtoll(w[3], NULL, 10);
    s = find_score(r, w[1]);
    if (!s) {
        check_fail(sc, "%s: not scored", w[1]);
        return;
    }
    for (size_t i = 0; i < s->plugin_count; i++) {
        if (strcmp(s->plugins[i].plugin, w[2]) == 0) {
            if (s->plugins[i].score != want) {
                check_fail(sc, "%s: %s score %lld (raw %lld%s), want %lld",
                           w[1], w[2], (long long)s->plugins[i].score,
                           (long long)s->plugins[i].raw,
                           s->plugins[i].skipped ? ", skipped" : "", want);
            }
            return;
        }
    }
    check_fail(sc, "%s: no %s score", w[1], w[2]);
}

static void check_preemption(const scenario *sc, char **w, size_t n,
                             const podsim_schedule_result *r) {
    const podsim_preemption *p = r->preemption;
    if (strcmp(w[0], "nominated") == 0) {
        const char *got = p && p->node ? p->node : "-";
        if (n != 2 || strcmp(got, w[1]) != 0) {
            check_fail(sc, "nominated %s, want %s", got, n > 1 ? w[1] : "?");
        }
    } else if (strcmp(w[0], "victims") == 0) {
        size_t want = (n == 2 && strcmp(w[1], "-") == 0) ? 0 : n - 1;
        size_t got = p ? p->victims.count : 0;
        bool same = got == want;
        for (size_t i = 0; same && i < want; i++) {
            same = strcmp(p->victims.items[i], w[i + 1]) == 0;
        }
        if (!same) {
            char buf[1024] = "";
            if (p) join_strings(p->victims, buf, sizeof buf);
            check_fail(sc, "victims [%s], want %zu listed", buf, want);
        }
    } else { /* pdb-violations */
        long long want = n == 2 ? strtoll(w[1], NULL, 10) : -1;
        if (!p || p->pdb_violations != want) {
            check_fail(sc, "pdb_violations %d, want %lld",
                       p ? (int)p->pdb_violations : -1, want);
        }
    }
}

static void check_line(const scenario *sc, size_t at,
                       const podsim_schedule_result *r) {
    char copy[1024], *w[MAX_WORDS];
    const char *line = sc->lines[at];
    size_t n = split_words(line, copy, sizeof copy, w);
    if (n == 0) return;
    if (strcmp(w[0], "chosen") == 0) {
        const char *got = r->node ? r->node : "-";
        if (n != 2 || strcmp(got, w[1]) != 0) {
            check_fail(sc, "chosen %s, want %s (message \"%s\")", got,
                       n > 1 ? w[1] : "?", r->message);
        }
    } else if (strcmp(w[0], "chosen-in") == 0) {
        bool ok = false;
        for (size_t i = 1; r->node && i < n; i++) {
            ok = ok || strcmp(r->node, w[i]) == 0;
        }
        if (!ok) {
            check_fail(sc, "chosen %s, want one of: %s",
                       r->node ? r->node : "-", rest_after(line, 1));
        }
    } else if (strcmp(w[0], "feasible") == 0) {
        char got[1024];
        size_t want = (n == 2 && strcmp(w[1], "-") == 0) ? 0 : n - 1;
        bool same = r->feasible.count == want;
        for (size_t i = 1; same && i <= want; i++) {
            same = in_strings(r->feasible, w[i]);
        }
        if (!same) {
            join_strings(r->feasible, got, sizeof got);
            check_fail(sc, "feasible [%s], want [%s]", got,
                       rest_after(line, 1));
        }
    } else if (strcmp(w[0], "filter") == 0) {
        check_filter(sc, at, r);
    } else if (strcmp(w[0], "score") == 0) {
        check_score(sc, w, n, r);
    } else if (strcmp(w[0], "total") == 0) {
        const podsim_node_score *s = n == 3 ? find_score(r, w[1]) : NULL;
        long long want = n == 3 ? strtoll(w[2], NULL, 10) : -1;
        if (!s || s->total != want) {
            check_fail(sc, "%s: total %lld, want %lld", n > 1 ? w[1] : "?",
                       s ? (long long)s->total : -1LL, want);
        }
    } else if (strcmp(w[0], "message") == 0) {
        const char *want = n > 1 ? rest_after(line, 1) : "";
        if (strcmp(r->message, want) != 0) {
            check_fail(sc, "message\n   got \"%s\"\n  want \"%s\"", r->message,
                       want);
        }
    } else if (strcmp(w[0], "nominated") == 0 || strcmp(w[0], "victims") == 0 ||
               strcmp(w[0], "pdb-violations") == 0) {
        check_preemption(sc, w, n, r);
    } else if (strcmp(w[0], "cluster") && strcmp(w[0], "pod") &&
               strcmp(w[0], "config") && strcmp(w[0], "version") &&
               strcmp(w[0], "flags")) {
        check_fail(sc, "unknown directive: %s", line);
    }
}

/* ------------------------------------------------------------------ */
/* Running a scenario                                                   */
/* ------------------------------------------------------------------ */

static unsigned parse_flags(const scenario *sc, char **w, size_t n) {
    unsigned flags = 0;
    for (size_t i = 1; i < n; i++) {
        if (strcmp(w[i], "explain") == 0) {
            flags |= PODSIM_SCHEDULE_EXPLAIN;
        } else if (strcmp(w[i], "exhaustive") == 0) {
            flags |= PODSIM_SCHEDULE_EXHAUSTIVE;
        } else if (strcmp(w[i], "no-preemption") == 0) {
            flags |= PODSIM_SCHEDULE_NO_PREEMPTION;
        } else {
            fail_msg("%s: unknown flag %s", sc->name, w[i]);
        }
    }
    return flags;
}

static void run_scenario(void **state) {
    const scenario *sc = *state;
    podsim_cluster_options options = PODSIM_CLUSTER_OPTIONS_INIT;
    podsim_schedule_options sched = PODSIM_SCHEDULE_OPTIONS_INIT;
    char version[16] = "1.34", pod_file[256] = "";
    char copy[1024], *w[MAX_WORDS], path[4096];
    size_t pod_len = 0;
    podsim_status s;

    failures = 0;
    sched.flags = PODSIM_SCHEDULE_EXPLAIN | PODSIM_SCHEDULE_EXHAUSTIVE;
    for (size_t i = 0; i < sc->line_count; i++) {
        size_t n = split_words(sc->lines[i], copy, sizeof copy, w);
        if (n == 2 && strcmp(w[0], "version") == 0) {
            snprintf(version, sizeof version, "%s", w[1]);
        } else if (n == 2 && strcmp(w[0], "pod") == 0) {
            snprintf(pod_file, sizeof pod_file, "%s", w[1]);
        } else if (strcmp(w[0], "flags") == 0) {
            sched.flags = parse_flags(sc, w, n);
        }
    }
    assert_true(pod_file[0]);
    options.kubernetes_version = version;
    assert_int_equal(podsim_cluster_new(&options, &live_cluster), PODSIM_OK);
    assert_int_equal(podsim_scheduler_config_new(&live_config), PODSIM_OK);
    for (size_t i = 0; i < sc->line_count; i++) {
        size_t n = split_words(sc->lines[i], copy, sizeof copy, w);
        if (n != 2) continue;
        snprintf(path, sizeof path, "%s/scheduler/%s", data_dir(), w[1]);
        if (strcmp(w[0], "cluster") == 0) {
            s = podsim_cluster_load_file(live_cluster, path, NULL);
            if (s != PODSIM_OK) {
                const podsim_error *e = podsim_cluster_error(live_cluster);
                fail_msg("%s: loading %s: %s: %s (line %d)", sc->name, w[1],
                         podsim_status_name(s), e->message, e->line);
            }
        } else if (strcmp(w[0], "config") == 0) {
            s = podsim_scheduler_config_load_file(live_config, path);
            if (s != PODSIM_OK) {
                fail_msg("%s: config %s: %s: %s", sc->name, w[1],
                         podsim_status_name(s),
                         podsim_scheduler_config_error(live_config)->message);
            }
        }
    }
    live_pod_text = data_file(pod_file, &pod_len);
    if (!live_pod_text) fail_msg("%s: cannot read %s", sc->name, pod_file);
    s = podsim_cluster_schedule_string(live_cluster, live_config, live_pod_text,
                                       pod_len, pod_file, &sched, &live_result);
    if (s != PODSIM_OK) {
        fail_msg("%s: schedule: %s: %s", sc->name, podsim_status_name(s),
                 podsim_cluster_error(live_cluster)->message);
    }
    assert_non_null(live_result);
    assert_false(live_result->bound);
    for (size_t i = 0; i < sc->line_count; i++) {
        check_line(sc, i, live_result);
    }
    assert_int_equal(failures, 0);
}

/* The scenario file was found and parsed. */
static void scenario_file_parses(void **state) {
    (void)state;
    if (!scenario_text)
        fail_msg("cannot read %s/%s", data_dir(), SCENARIO_FILE);
    assert_true(scenario_count > 0);
}

/* ---- the nominator (schedule_one.go addGENominatedPods) ------------------ */

/* One 4-cpu node holds a 3-cpu low-priority pod. The queue holds "high"
   (priority 100, 2 cpu) and "medium" (priority 50, 1 cpu). high fits
   nowhere and preempts: it is nominated to node-1. medium would fit next
   to the low pod (3 + 1 = 4), but kube-scheduler filters it with the
   pods nominated to node-1 at its priority or higher added (3 + 2 + 1 >
   4), so it does not; "top" (priority 200) ignores the lower nomination
   and fits. */
static const char nominator_cluster[] =
    "apiVersion: v1\nkind: Node\nmetadata: {name: node-1}\n"
    "status: {allocatable: {cpu: '4', memory: 8Gi, pods: '110'}}\n"
    "---\napiVersion: v1\nkind: Pod\n"
    "metadata: {name: low, namespace: default, creationTimestamp: "
    "'2025-01-01T00:00:00Z'}\n"
    "spec: {nodeName: node-1, priority: 0, containers: [{name: c, image: i, "
    "resources: {requests: {cpu: '3'}}}]}\n"
    "---\napiVersion: v1\nkind: Pod\n"
    "metadata: {name: high, namespace: default, creationTimestamp: "
    "'2025-01-01T00:01:00Z'}\n"
    "spec: {priority: 100, containers: [{name: c, image: i, resources: "
    "{requests: {cpu: '2'}}}]}\n"
    "---\napiVersion: v1\nkind: Pod\n"
    "metadata: {name: medium, namespace: default, creationTimestamp: "
    "'2025-01-01T00:02:00Z'}\n"
    "spec: {priority: 50, containers: [{name: c, image: i, resources: "
    "{requests: {cpu: '1'}}}]}\n";

static const podsim_schedule_result *result_for(const podsim_schedule_batch *b,
                                                const char *pod) {
    for (size_t i = 0; i < b->count; i++) {
        if (strcmp(b->results[i]->pod, pod) == 0) return b->results[i];
    }
    return NULL;
}

static void nominated_pods_reserve_room(void **state) {
    (void)state;
    podsim_cluster *c = NULL;
    assert_int_equal(podsim_cluster_new(NULL, &c), PODSIM_OK);
    assert_int_equal(
        podsim_cluster_load_string(c, nominator_cluster,
                                   strlen(nominator_cluster), NULL, NULL),
        PODSIM_OK);
    podsim_schedule_batch *b = NULL;
    podsim_schedule_options o = PODSIM_SCHEDULE_OPTIONS_INIT;
    assert_int_equal(podsim_cluster_schedule_pending(c, NULL, &o, &b),
                     PODSIM_OK);
    const podsim_schedule_result *high = result_for(b, "default/high");
    const podsim_schedule_result *medium = result_for(b, "default/medium");
    assert_non_null(high);
    assert_non_null(medium);
    assert_null(high->node);
    assert_non_null(high->preemption);
    assert_string_equal(high->preemption->node, "node-1");
    assert_int_equal(high->preemption->victims.count, 1);
    assert_string_equal(high->preemption->victims.items[0], "default/low");
    /* the nomination is in the model, as the API server would hold it */
    podsim_id id;
    assert_int_equal(
        podsim_cluster_find(c, PODSIM_KIND_POD, "default", "high", &id),
        PODSIM_OK);
    assert_string_equal(podsim_cluster_pod(c, id)->status.nominated_node_name,
                        "node-1");
    assert_null(medium->node);
    assert_string_equal(medium->message,
                        "0/1 nodes are available: 1 Insufficient cpu.");
    podsim_schedule_batch_free(b);

    /* a pod above the nominated one's priority does not see it */
    static const char top[] =
        "apiVersion: v1\nkind: Pod\nmetadata: {name: top, namespace: "
        "default}\nspec: {priority: 200, containers: [{name: c, image: i, "
        "resources: {requests: {cpu: '1'}}}]}\n";
    podsim_schedule_result *r = NULL;
    assert_int_equal(podsim_cluster_schedule_string(c, NULL, top, strlen(top),
                                                    "top.yaml", &o, &r),
                     PODSIM_OK);
    assert_non_null(r->node);
    assert_string_equal(r->node, "node-1");
    podsim_schedule_result_free(r);
    podsim_cluster_free(c);
}

/* Scheduling a bound pod is a what-if: it leaves its node (its requests
   no longer count there) and its spec.nodeName, which is the binding, is
   not a NodeName constraint. */
static void bound_pod_what_if(void **state) {
    (void)state;
    static const char text[] =
        "apiVersion: v1\nkind: Node\nmetadata: {name: node-1}\n"
        "status: {allocatable: {cpu: '4', memory: 8Gi, pods: '110'}}\n"
        "---\napiVersion: v1\nkind: Node\nmetadata: {name: node-2}\n"
        "status: {allocatable: {cpu: '4', memory: 8Gi, pods: '110'}}\n"
        "---\napiVersion: v1\nkind: Pod\nmetadata: {name: big, namespace: "
        "default}\nspec: {nodeName: node-1, containers: [{name: c, image: i, "
        "resources: {requests: {cpu: '3'}}}]}\n";
    podsim_cluster *c = NULL;
    assert_int_equal(podsim_cluster_new(NULL, &c), PODSIM_OK);
    assert_int_equal(
        podsim_cluster_load_string(c, text, strlen(text), NULL, NULL),
        PODSIM_OK);
    podsim_id id;
    assert_int_equal(
        podsim_cluster_find(c, PODSIM_KIND_POD, "default", "big", &id),
        PODSIM_OK);
    podsim_schedule_options o = PODSIM_SCHEDULE_OPTIONS_INIT;
    o.flags = PODSIM_SCHEDULE_EXPLAIN | PODSIM_SCHEDULE_BIND;
    podsim_schedule_result *r = NULL;
    assert_int_equal(podsim_cluster_schedule(c, NULL, id, &o, &r), PODSIM_OK);
    assert_int_equal(r->feasible.count, 2);
    assert_false(r->bound);
    podsim_schedule_result_free(r);
    /* the model is untouched: still bound to node-1 with its requests */
    assert_string_equal(podsim_cluster_pod(c, id)->spec.node_name, "node-1");
    assert_int_equal(podsim_cluster_node(c, 0)->pod_count, 1);
    podsim_cluster_free(c);
}

int main(void) {
    static struct CMUnitTest tests[MAX_SCENARIOS + 3];
    char path[4096];
    size_t count = 0;
    bool parsed;
    snprintf(path, sizeof path, "%s/%s", data_dir(), SCENARIO_FILE);
    scenario_text = read_all(path, NULL);
    parsed = scenario_text && parse_scenarios(scenario_text);
    if (!parsed) scenario_count = 0;
    tests[count++] = (struct CMUnitTest)cmocka_unit_test(scenario_file_parses);
    tests[count++] =
        (struct CMUnitTest)cmocka_unit_test(nominated_pods_reserve_room);
    tests[count++] = (struct CMUnitTest)cmocka_unit_test(bound_pod_what_if);
    for (size_t i = 0; i < scenario_count; i++) {
        struct CMUnitTest t = {scenarios[i].name, run_scenario, NULL, teardown,
                               &scenarios[i]};
        tests[count++] = t;
    }
    int rc = _cmocka_run_group_tests("scheduler", tests, count, NULL, NULL);
    free(scenario_text);
    return rc;
}
