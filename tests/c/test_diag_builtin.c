/*
 * test_diag_builtin.c - the built-in diagnosis catalogue (diag_builtin.c)
 * through the public API:
 *
 *   - the embedded YAML pack compiles, every id is "core/...", every check
 *     it names exists (diag_find_check);
 *   - the shared fixtures of tests/data/diagnose/ (format: its README.md):
 *     each dump is diagnosed at its `# as_of` (a `# pod:` fixture with
 *     podsim_cluster_diagnose, a `# workload: <Kind> <ns>/<name>` one with
 *     podsim_cluster_diagnose_workload), the primary category (and
 *     container) must be the `# expect:` line, and the text render must
 *     equal <case>.expected.txt byte for byte (PODSIM_REGENERATE=1 rewrites
 *     the expected files instead; review the diff);
 *   - workload rules stay out of pod diagnoses and pod rules out of
 *     workload ones (a pod fixture's dump diagnosed as its workloads);
 *   - the third-party corpus (tests/data/diagnose/corpus-expectations.txt):
 *     every listed pod gets its expected primary category and a next
 *     command containing the expected text, healthy pods get no finding,
 *     and inputs the loader rejects ("load-error") fail cleanly.
 *     Skipped when $PODSIM_SHARED_DIR/data/corpus is absent.
 */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>

#include "diag.h"
#include "model.h"
#include "podsim.h"

#ifndef PODSIM_TEST_DATA
#define PODSIM_TEST_DATA "tests/data"
#endif
#ifndef PODSIM_SHARED_DIR
#define PODSIM_SHARED_DIR "../shared"
#endif

#define MAX_CASES 256
#define MAX_FILES 16

/* ---- small helpers ----------------------------------------------------------
 */

static const char *data_dir(void) {
    const char *d = getenv("PODSIM_TEST_DATA");
    return d && *d ? d : PODSIM_TEST_DATA;
}

static const char *shared_dir(void) {
    const char *d = getenv("PODSIM_SHARED_DIR");
    return d && *d ? d : PODSIM_SHARED_DIR;
}

static bool regenerate(void) {
    const char *r = getenv("PODSIM_REGENERATE");
    return r && *r && strcmp(r, "0") != 0;
}

static char *read_text(const char *path, size_t *len_out) {
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    size_t cap = 4096, len = 0;
    char *buf = malloc(cap);
    if (!buf) abort();
    size_t got;
    while ((got = fread(buf + len, 1, cap - len - 1, f)) > 0) {
        len += got;
        if (cap - len - 1 == 0) {
            cap *= 2;
            buf = realloc(buf, cap);
            if (!buf) abort();
        }
    }
    fclose(f);
    buf[len] = '\0';
    if (len_out) *len_out = len;
    return buf;
}

static bool write_text(const char *path, const char *text, size_t len) {
    FILE *f = fopen(path, "wb");
    if (!f) return false;
    bool ok = fwrite(text, 1, len, f) == len;
    return fclose(f) == 0 && ok;
}

static int cmp_str(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void trim(char *s) {
    size_t n = strlen(s);
    while (n && (s[n - 1] == '\n' || s[n - 1] == '\r' || s[n - 1] == ' '))
        s[--n] = '\0';
}

/* ---- the catalogue
 * ------------------------------------------------------------ */

static void test_catalogue_compiles(void **state) {
    (void)state;
    podsim_rules *rules = NULL;
    podsim_status s = podsim_rules_new(&rules);
    if (s != PODSIM_OK) {
        const podsim_error *e = rules ? podsim_rules_error(rules) : NULL;
        fail_msg("podsim_rules_new: %s: %s", podsim_status_str(s),
                 e ? e->message : "(no detail)");
    }
    size_t n = podsim_rules_count(rules);
    assert_true(n >= 100);
    for (size_t i = 0; i < n; i++) {
        const char *id = NULL, *category = NULL;
        bool enabled = false;
        assert_int_equal(podsim_rules_get(rules, i, &id, &category, &enabled),
                         PODSIM_OK);
        assert_true(strncmp(id, "core/", 5) == 0);
        assert_true(enabled);
        assert_true(category && *category);
    }
    podsim_rules_free(rules);
}

static void test_checks_exist(void **state) {
    (void)state;
    /* every `check: X` of the catalogue resolves */
    size_t len = 0;
    const char *yaml = diag_builtin_rules_yaml(&len);
    assert_non_null(yaml);
    assert_int_equal(strlen(yaml), len);
    size_t checks = 0;
    for (const char *p = strstr(yaml, "  check: "); p;
         p = strstr(p + 1, "  check: ")) {
        char name[64];
        const char *q = p + strlen("  check: ");
        size_t n = strcspn(q, "\n");
        assert_true(n < sizeof name);
        memcpy(name, q, n);
        name[n] = '\0';
        if (!diag_find_check(name)) fail_msg("check %s is not defined", name);
        checks++;
    }
    assert_true(checks > 10);
    assert_non_null(diag_find_check("node-lost"));
    assert_non_null(diag_find_check("unschedulable"));
    assert_null(diag_find_check("no-such-check"));
    assert_null(diag_find_check(NULL));
}

/* ---- diagnosing one pod of loaded files ------------------------------------
 */

typedef struct outcome {
    podsim_status status;
    char primary[160];   /* "" when healthy */
    char container[128]; /* of the primary */
    char *next;          /* every next command of every finding, '\n' */
    char *text;          /* the TEXT render */
    size_t text_len;
    char error[512];
    bool load_failed; /* podsim_cluster_load_files failed (status) */
} outcome;

static void outcome_free(outcome *o) {
    free(o->next);
    free(o->text);
    memset(o, 0, sizeof *o);
}

/* kind PODSIM_KIND_POD: podsim_cluster_diagnose; a workload kind:
   podsim_cluster_diagnose_workload */
static void diagnose_files_kind(const char *const *paths, size_t count,
                                podsim_kind kind, const char *ns,
                                const char *name, int64_t as_of, outcome *o) {
    memset(o, 0, sizeof *o);
    podsim_cluster_options copts = PODSIM_CLUSTER_OPTIONS_INIT;
    copts.kubernetes_version = "1.34";
    podsim_cluster *cluster = NULL;
    o->status = podsim_cluster_new(&copts, &cluster);
    if (o->status != PODSIM_OK) return;
    o->status = podsim_cluster_load_files(cluster, paths, count, NULL);
    if (o->status != PODSIM_OK) {
        const podsim_error *e = podsim_cluster_error(cluster);
        snprintf(o->error, sizeof o->error, "load: %s",
                 e ? e->message : podsim_status_str(o->status));
        o->load_failed = true;
        podsim_cluster_free(cluster);
        return;
    }
    podsim_diagnose_options dopts = PODSIM_DIAGNOSE_OPTIONS_INIT;
    dopts.as_of = as_of;
    podsim_diagnosis *d = NULL;
    o->status = kind == PODSIM_KIND_POD
                    ? podsim_cluster_diagnose(cluster, ns, name, &dopts, &d)
                    : podsim_cluster_diagnose_workload(cluster, kind, ns, name,
                                                       &dopts, &d);
    if (o->status != PODSIM_OK) {
        const podsim_error *e = podsim_cluster_error(cluster);
        snprintf(o->error, sizeof o->error, "diagnose %s/%s: %s", ns, name,
                 e ? e->message : podsim_status_str(o->status));
        podsim_cluster_free(cluster);
        return;
    }
    if (d->primary >= 0) {
        const podsim_finding *p = &d->findings[d->primary];
        snprintf(o->primary, sizeof o->primary, "%s", p->category);
        snprintf(o->container, sizeof o->container, "%s", p->container);
    }
    size_t cap = 1, used = 0;
    for (size_t i = 0; i < d->finding_count; i++)
        for (size_t j = 0; j < d->findings[i].next_count; j++)
            cap += strlen(d->findings[i].next[j].command) + 1;
    o->next = calloc(cap, 1);
    if (!o->next) abort();
    for (size_t i = 0; i < d->finding_count; i++)
        for (size_t j = 0; j < d->findings[i].next_count; j++) {
            size_t n = strlen(d->findings[i].next[j].command);
            memcpy(o->next + used, d->findings[i].next[j].command, n);
            used += n;
            o->next[used++] = '\n';
        }
    const char *text = NULL;
    size_t len = 0;
    o->status = podsim_diagnosis_render(d, PODSIM_DIAGNOSIS_TEXT, &text, &len);
    if (o->status == PODSIM_OK) {
        o->text = malloc(len + 1);
        if (!o->text) abort();
        memcpy(o->text, text, len);
        o->text[len] = '\0';
        o->text_len = len;
    }
    podsim_diagnosis_free(d);
    podsim_cluster_free(cluster);
}

static void diagnose_files(const char *const *paths, size_t count,
                           const char *ns, const char *name, int64_t as_of,
                           outcome *o) {
    diagnose_files_kind(paths, count, PODSIM_KIND_POD, ns, name, as_of, o);
}

/* ---- shared fixtures
 * ---------------------------------------------------------- */

typedef struct fixture_header {
    podsim_kind kind; /* PODSIM_KIND_POD, or the `# workload:` kind */
    char ns[128];
    char name[256];
    int64_t as_of;
    char primary[160]; /* "none" for a healthy pod */
    char container[128];
    bool has_pod, has_expect;
} fixture_header;

static bool parse_header(const char *text, fixture_header *h) {
    memset(h, 0, sizeof *h);
    h->as_of = PODSIM_NO_TIME;
    const char *p = text;
    while (*p == '#') {
        const char *eol = strchr(p, '\n');
        size_t n = eol ? (size_t)(eol - p) : strlen(p);
        char line[1024];
        if (n >= sizeof line) return false;
        memcpy(line, p, n);
        line[n] = '\0';
        trim(line);
        if (!strncmp(line, "# pod: ", 7) ||
            !strncmp(line, "# workload: ", 12)) {
            bool pod = line[2] == 'p';
            const char *v = line + (pod ? 7 : 12);
            h->kind = PODSIM_KIND_POD;
            if (!pod) {
                /* "<Kind> <ns>/<name>" */
                const char *sp = strchr(v, ' ');
                if (!sp) return false;
                char kind[64];
                snprintf(kind, sizeof kind, "%.*s", (int)(sp - v), v);
                int k = kind_from_name(kind);
                if (k != PODSIM_KIND_DEPLOYMENT &&
                    k != PODSIM_KIND_REPLICASET &&
                    k != PODSIM_KIND_STATEFULSET &&
                    k != PODSIM_KIND_DAEMONSET && k != PODSIM_KIND_JOB) {
                    return false;
                }
                h->kind = (podsim_kind)k;
                v = sp + 1;
            }
            const char *slash = strchr(v, '/');
            if (!slash) return false;
            snprintf(h->ns, sizeof h->ns, "%.*s", (int)(slash - v), v);
            snprintf(h->name, sizeof h->name, "%s", slash + 1);
            h->has_pod = true;
        } else if (!strncmp(line, "# as_of: ", 9)) {
            if (!parse_rfc3339(line + 9, strlen(line + 9), &h->as_of))
                return false;
        } else if (!strncmp(line, "# expect: ", 10)) {
            char *save = NULL;
            for (char *tok = strtok_r(line + 10, " ", &save); tok;
                 tok = strtok_r(NULL, " ", &save)) {
                if (!strncmp(tok, "primary=", 8))
                    snprintf(h->primary, sizeof h->primary, "%s", tok + 8);
                else if (!strncmp(tok, "container=", 10))
                    snprintf(h->container, sizeof h->container, "%s", tok + 10);
                else
                    return false;
            }
            h->has_expect = h->primary[0] != '\0';
        }
        if (!eol) break;
        p = eol + 1;
    }
    return h->has_pod && h->has_expect && h->as_of != PODSIM_NO_TIME;
}

static size_t list_fixtures(const char *dir, char **names, size_t max) {
    DIR *d = opendir(dir);
    if (!d) return 0;
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(d)) && n < max) {
        size_t len = strlen(e->d_name);
        if (len > 5 && strcmp(e->d_name + len - 5, ".yaml") == 0) {
            names[n] = strdup(e->d_name);
            if (!names[n]) abort();
            n++;
        }
    }
    closedir(d);
    qsort(names, n, sizeof *names, cmp_str);
    return n;
}

static void test_shared_fixtures(void **state) {
    (void)state;
    char dir[1024];
    snprintf(dir, sizeof dir, "%s/diagnose", data_dir());
    char *names[MAX_CASES];
    size_t n = list_fixtures(dir, names, MAX_CASES);
    assert_true(n >= 30);
    int failures = 0;
    size_t healthy = 0, workloads = 0;
    for (size_t i = 0; i < n; i++) {
        char path[1280], expected_path[1280];
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        snprintf(expected_path, sizeof expected_path, "%s/%.*s.expected.txt",
                 dir, (int)(strlen(names[i]) - 5), names[i]);
        char *text = read_text(path, NULL);
        assert_non_null(text);
        fixture_header h;
        if (!parse_header(text, &h)) {
            print_error(
                "%s: bad header (# pod or # workload, # as_of, "
                "# expect)\n",
                names[i]);
            failures++;
            free(text);
            continue;
        }
        free(text);
        const char *paths[1] = {path};
        outcome o;
        diagnose_files_kind(paths, 1, h.kind, h.ns, h.name, h.as_of, &o);
        if (h.kind != PODSIM_KIND_POD) workloads++;
        if (o.status != PODSIM_OK || !o.text) {
            print_error("%s: %s %s\n", names[i], podsim_status_str(o.status),
                        o.error);
            failures++;
            outcome_free(&o);
            continue;
        }
        bool want_none = strcmp(h.primary, "none") == 0;
        if (want_none) healthy++;
        const char *got = o.primary[0] ? o.primary : "none";
        if (strcmp(got, h.primary) != 0 ||
            (h.container[0] && strcmp(o.container, h.container) != 0)) {
            print_error(
                "%s: primary %s container=%s, expected %s "
                "container=%s\n",
                names[i], got, o.container, h.primary, h.container);
            failures++;
        }
        if (regenerate()) {
            if (!write_text(expected_path, o.text, o.text_len)) {
                print_error("%s: cannot write\n", expected_path);
                failures++;
            }
        } else {
            size_t len = 0;
            char *want = read_text(expected_path, &len);
            if (!want) {
                print_error("%s: missing (run with PODSIM_REGENERATE=1)\n",
                            expected_path);
                failures++;
            } else if (len != o.text_len || memcmp(want, o.text, len) != 0) {
                print_error("%s: render differs from %s.\n--- got\n%s\n",
                            names[i], expected_path, o.text);
                failures++;
            }
            free(want);
        }
        outcome_free(&o);
    }
    for (size_t i = 0; i < n; i++) free(names[i]);
    assert_true(healthy >= 3);
    assert_true(workloads >= 6);
    assert_int_equal(failures, 0);
}

/* ---- workload subjects ------------------------------------------------------
 */

static podsim_cluster *load_fixture(const char *name) {
    char path[1280];
    snprintf(path, sizeof path, "%s/diagnose/%s", data_dir(), name);
    podsim_cluster_options copts = PODSIM_CLUSTER_OPTIONS_INIT;
    copts.kubernetes_version = "1.34";
    podsim_cluster *cluster = NULL;
    assert_int_equal(podsim_cluster_new(&copts, &cluster), PODSIM_OK);
    const char *paths[1] = {path};
    assert_int_equal(podsim_cluster_load_files(cluster, paths, 1, NULL),
                     PODSIM_OK);
    return cluster;
}

static void test_workload_scope(void **state) {
    (void)state;
    podsim_cluster *cluster = load_fixture("workload-quota-replicaset.yaml");
    podsim_diagnose_options dopts = PODSIM_DIAGNOSE_OPTIONS_INIT;
    int64_t as_of = 0;
    assert_true(parse_rfc3339("2026-11-28T10:00:00Z", 20, &as_of));
    dopts.as_of = as_of;

    /* the ReplicaSet's one pod is healthy: no workload rule runs for it */
    podsim_diagnosis *d = NULL;
    assert_int_equal(podsim_cluster_diagnose(cluster, "shop",
                                             "web-7d4b9c6f5-x2x9q", &dopts, &d),
                     PODSIM_OK);
    for (size_t i = 0; i < d->finding_count; i++) {
        assert_true(strncmp(d->findings[i].category, "workload.", 9) != 0);
    }
    podsim_diagnosis_free(d);

    /* the ReplicaSet: only workload rules, the quota one first */
    d = NULL;
    assert_int_equal(
        podsim_cluster_diagnose_workload(cluster, PODSIM_KIND_REPLICASET,
                                         "shop", "web-7d4b9c6f5", &dopts, &d),
        PODSIM_OK);
    assert_string_equal(d->kind, "ReplicaSet");
    assert_string_equal(d->owner, "Deployment/web");
    assert_int_equal(d->primary, 0);
    assert_int_equal(d->finding_count, 1);
    assert_string_equal(d->findings[0].category,
                        "workload.create-failed.quota");
    assert_string_equal(d->findings[0].rule,
                        "core/workload-create-failed-quota");
    assert_string_equal(d->findings[0].container, "");
    bool quota_cmd = false;
    for (size_t i = 0; i < d->findings[0].next_count; i++) {
        if (!strcmp(d->findings[0].next[i].command,
                    "kubectl describe quota -n shop")) {
            quota_cmd = true;
        }
    }
    assert_true(quota_cmd);
    podsim_diagnosis_free(d);

    /* the bulk path lists the ReplicaSet, not the Deployment nor the pod */
    podsim_diagnosis_list *list = NULL;
    assert_int_equal(podsim_cluster_diagnose_all(cluster, &dopts, &list),
                     PODSIM_OK);
    size_t rs = 0;
    for (size_t i = 0; i < list->count; i++) {
        const podsim_diagnosis *x = list->items[i];
        assert_true(strcmp(x->kind, "Deployment") != 0);
        assert_true(strcmp(x->kind, "Pod") != 0);
        if (!strcmp(x->kind, "ReplicaSet")) {
            rs++;
            assert_string_equal(x->name, "web-7d4b9c6f5");
            assert_string_equal(x->findings[x->primary].category,
                                "workload.create-failed.quota");
        }
    }
    assert_int_equal(rs, 1);
    podsim_diagnosis_list_free(list);
    podsim_cluster_free(cluster);
}

/* ---- the third-party corpus ------------------------------------------------
 */

static void test_corpus(void **state) {
    (void)state;
    char corpus[1024];
    snprintf(corpus, sizeof corpus, "%s/data/corpus", shared_dir());
    struct stat st;
    if (stat(corpus, &st) != 0 || !S_ISDIR(st.st_mode)) {
        skip();
        return;
    }
    char table[1024];
    snprintf(table, sizeof table, "%s/diagnose/corpus-expectations.txt",
             data_dir());
    char *text = read_text(table, NULL);
    assert_non_null(text);
    int failures = 0, cases = 0;
    char *save = NULL;
    for (char *line = strtok_r(text, "\n", &save); line;
         line = strtok_r(NULL, "\n", &save)) {
        trim(line);
        if (!*line || *line == '#') continue;
        /* <files,comma,separated> <ns/pod> <category|none> [next...] */
        char files[2048], pod[512], want[160];
        int used = 0;
        if (sscanf(line, "%2047s %511s %159s %n", files, pod, want, &used) <
            3) {
            print_error("bad line: %s\n", line);
            failures++;
            continue;
        }
        const char *want_next = line + used;
        char *paths[MAX_FILES];
        size_t count = 0;
        char *fsave = NULL;
        for (char *f = strtok_r(files, ",", &fsave); f && count < MAX_FILES;
             f = strtok_r(NULL, ",", &fsave)) {
            size_t need = strlen(corpus) + strlen(f) + 2;
            paths[count] = malloc(need);
            if (!paths[count]) abort();
            snprintf(paths[count], need, "%s/%s", corpus, f);
            count++;
        }
        char *slash = strchr(pod, '/');
        assert_non_null(slash);
        *slash = '\0';
        outcome o;
        diagnose_files((const char *const *)paths, count, pod, slash + 1,
                       PODSIM_NO_TIME, &o);
        cases++;
        const char *got = o.primary[0] ? o.primary : "none";
        if (strcmp(want, "load-error") == 0) {
            /* degrade gracefully: a clean, located load error */
            print_message("corpus %s/%s: expected load-error, got %s\n", pod,
                          slash + 1, o.load_failed ? o.error : got);
            if (!o.load_failed || o.status != PODSIM_EPARSE || !o.error[0]) {
                print_error("%s/%s: expected a clean load error, got %s\n", pod,
                            slash + 1, podsim_status_str(o.status));
                failures++;
            }
        } else if (o.status != PODSIM_OK) {
            print_error("%s/%s: %s %s\n", pod, slash + 1,
                        podsim_status_str(o.status), o.error);
            failures++;
        } else {
            print_message("corpus %s/%s: expected %s, got %s%s%s\n", pod,
                          slash + 1, want, got,
                          o.container[0] ? " container=" : "", o.container);
            if (strcmp(got, want) != 0) {
                print_error("%s/%s: primary %s, expected %s\n%s\n", pod,
                            slash + 1, got, want, o.text ? o.text : "");
                failures++;
            } else if (*want_next && !strstr(o.next, want_next)) {
                print_error("%s/%s: no next command contains \"%s\":\n%s\n",
                            pod, slash + 1, want_next, o.next);
                failures++;
            }
        }
        outcome_free(&o);
        for (size_t i = 0; i < count; i++) free(paths[i]);
    }
    free(text);
    assert_true(cases >= 20);
    assert_int_equal(failures, 0);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_catalogue_compiles),
        cmocka_unit_test(test_checks_exist),
        cmocka_unit_test(test_shared_fixtures),
        cmocka_unit_test(test_workload_scope),
        cmocka_unit_test(test_corpus),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
