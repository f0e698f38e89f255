/*
 * test_scheduler_golden.c - every plugin case of the shared golden file
 * (golden/scheduler-cases.json, transcribed from kube-scheduler's plugin
 * unit tests) run through podsim's PUBLIC scheduling API only, as a user
 * would: real Node and Pod objects are written as JSON and loaded with
 * podsim_cluster_load_string, a KubeSchedulerConfiguration enabling just
 * the plugin under test is loaded with podsim_scheduler_config_load_string,
 * and the incoming pod goes through podsim_cluster_schedule_string with
 * EXPLAIN | EXHAUSTIVE | NO_PREEMPTION. Also the FitError message cases
 * (podsim_fit_error_format) and numFeasibleNodesToFind.
 *
 * Upstream behaviour: kubernetes/kubernetes pkg/scheduler/framework/plugins
 * (noderesources, tainttoleration, nodeaffinity, imagelocality,
 * podtopologyspread), pkg/scheduler/schedule_one.go and
 * pkg/scheduler/framework/types.go (FitError), as summarised in
 * shared/reference/scheduler.md.
 *
 * How a case becomes a cluster (the golden "conventions"):
 * - a flattened node becomes a v1 Node: metadata.name/labels, spec.taints,
 *   status.allocatable = status.capacity, status.images;
 * - a pod becomes a v1 Pod; pods without a name are named existing-<i>
 *   (the incoming one "incoming"), nameless containers c0, c1, ... (init
 *   containers i0, ...), and containers without an image get "img";
 *   `containers: []` pods are kept as they are (the loader accepts them;
 *   they request nothing and get no non-zero defaults, as upstream's
 *   st.MakePod().Obj());
 * - k8s_versions picks the version: 1.34 unless the range excludes it
 *   ("v1.30-v1.32 only" runs at 1.32); expected_before_v1_34 is also
 *   checked at 1.33 and expected_v1_30_to_v1_32 at 1.32; cases that hold
 *   only on master after v1.35 are skipped;
 * - filter cases enable the plugin at PreFilter (when it has one) and
 *   Filter; score cases at PreScore (when it has one) and Score, weight 1;
 *   the case args go into pluginConfig;
 * - PodTopologySpread's filtered_out_nodes are real nodes rejected by a
 *   custom Filter plugin, GoldenFilteredOut.
 *
 * Each group of cases is one cmocka test; every failing case is printed
 * with its id (and version) and the test fails when any case failed.
 * The tests skip when the golden file is absent (PODSIM_GOLDEN,
 * PODSIM_SHARED_DIR; see golden_json.h).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "golden_json.h"
#include <yaml.h>

#include "podsim.h"
#include "schedule_result.h"

/* ------------------------------------------------------------------ */
/* A growable text buffer (the test uses the public API only)           */
/* ------------------------------------------------------------------ */

typedef struct text {
    char *data;
    size_t len, cap;
} text;

static void text_putn(text *t, const char *s, size_t n) {
    if (t->len + n + 1 > t->cap) {
        size_t cap = t->cap ? t->cap : 256;
        while (cap < t->len + n + 1) cap *= 2;
        char *grown = realloc(t->data, cap);
        assert_non_null(grown);
        t->data = grown;
        t->cap = cap;
    }
    memcpy(t->data + t->len, s, n);
    t->len += n;
    t->data[t->len] = '\0';
}

static void text_puts(text *t, const char *s) {
    text_putn(t, s, strlen(s));
}

static void text_printf(text *t, const char *fmt, ...) {
    char small[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    assert_true(n >= 0 && (size_t)n < sizeof small);
    text_putn(t, small, (size_t)n);
}

static void text_reset(text *t) {
    t->len = 0;
    if (t->data) t->data[0] = '\0';
}

static void text_free(text *t) {
    free(t->data);
    memset(t, 0, sizeof *t);
}

/* ------------------------------------------------------------------ */
/* What a test holds, freed by the teardown if an assertion fails       */
/* ------------------------------------------------------------------ */

static yaml_document_t golden_doc;
static bool golden_loaded;
static podsim_cluster *live_cluster;
static podsim_scheduler_config *live_config;
static podsim_schedule_result *live_result;
static text objects_text, pod_text, config_text;

static void release_case(void) {
    podsim_schedule_result_free(live_result);
    live_result = NULL;
    podsim_scheduler_config_free(live_config);
    live_config = NULL;
    podsim_cluster_free(live_cluster);
    live_cluster = NULL;
}

static int teardown(void **state) {
    (void)state;
    release_case();
    text_free(&objects_text);
    text_free(&pod_text);
    text_free(&config_text);
    if (golden_loaded) yaml_document_delete(&golden_doc);
    golden_loaded = false;
    return 0;
}

static yaml_node_t *golden_root(void) {
    golden_load(&golden_doc); /* skips the test when the file is absent */
    golden_loaded = true;
    return yaml_document_get_root_node(&golden_doc);
}

/* ------------------------------------------------------------------ */
/* Writing golden objects as JSON Kubernetes objects                    */
/* ------------------------------------------------------------------ */

static void emit_string(text *t, const char *s) {
    text_putn(t, "\"", 1);
    for (; *s; s++) {
        unsigned char ch = (unsigned char)*s;
        if (ch == '"' || ch == '\\') {
            char esc[2] = {'\\', (char)ch};
            text_putn(t, esc, 2);
        } else if (ch < 0x20) {
            text_printf(t, "\\u%04x", ch);
        } else {
            text_putn(t, (const char *)&ch, 1);
        }
    }
    text_putn(t, "\"", 1);
}

/* Any JSON value as it was: plain scalars are numbers, true, false and
   null; quoted ones strings. */
static void emit_value(text *t, yaml_document_t *doc, yaml_node_t *n) {
    assert_non_null(n);
    if (n->type == YAML_SCALAR_NODE) {
        if (n->data.scalar.style == YAML_PLAIN_SCALAR_STYLE) {
            text_puts(t, json_str(n));
        } else {
            emit_string(t, json_str(n));
        }
    } else if (n->type == YAML_SEQUENCE_NODE) {
        text_puts(t, "[");
        for (size_t i = 0; i < json_len(n); i++) {
            if (i) text_puts(t, ",");
            emit_value(t, doc, json_at(doc, n, i));
        }
        text_puts(t, "]");
    } else {
        bool first = true;
        text_puts(t, "{");
        for (yaml_node_pair_t *p = n->data.mapping.pairs.start;
             p < n->data.mapping.pairs.top; p++) {
            if (!first) text_puts(t, ",");
            first = false;
            emit_string(t, json_str(yaml_document_get_node(doc, p->key)));
            text_puts(t, ":");
            emit_value(t, doc, yaml_document_get_node(doc, p->value));
        }
        text_puts(t, "}");
    }
}

/* The pairs of a mapping except `skip` (NULL-terminated), each preceded by
   a comma when `*first` is false. */
static void emit_pairs_except(text *t, yaml_document_t *doc, yaml_node_t *map,
                              const char *const *skip, bool *first) {
    for (yaml_node_pair_t *p = map->data.mapping.pairs.start;
         p < map->data.mapping.pairs.top; p++) {
        const char *key = json_str(yaml_document_get_node(doc, p->key));
        bool skipped = false;
        for (size_t i = 0; skip && skip[i]; i++) {
            if (strcmp(skip[i], key) == 0) skipped = true;
        }
        if (skipped) continue;
        if (!*first) text_puts(t, ",");
        *first = false;
        emit_string(t, key);
        text_puts(t, ":");
        emit_value(t, doc, yaml_document_get_node(doc, p->value));
    }
}

/* A container list whose items get a name (prefix + index) and the image
   "img" when they lack one. */
static void emit_containers(text *t, yaml_document_t *doc, yaml_node_t *seq,
                            char prefix) {
    static const char *const skip_name[] = {"name", NULL};
    text_puts(t, "[");
    for (size_t i = 0; i < json_len(seq); i++) {
        yaml_node_t *c = json_at(doc, seq, i);
        bool first = false;
        if (i) text_puts(t, ",");
        assert_int_equal(c->type, YAML_MAPPING_NODE);
        text_puts(t, "{\"name\":");
        if (json_find(doc, c, "name")) {
            emit_value(t, doc, json_find(doc, c, "name"));
        } else {
            text_printf(t, "\"%c%zu\"", prefix, i);
        }
        if (!json_find(doc, c, "image")) text_puts(t, ",\"image\":\"img\"");
        emit_pairs_except(t, doc, c, skip_name, &first);
        text_puts(t, "}");
    }
    text_puts(t, "]");
}

/* A golden pod as a v1 Pod named `name` when it has no name. */
static void emit_pod(text *t, yaml_document_t *doc, yaml_node_t *pod,
                     const char *name) {
    static const char *const skip_kind[] = {"apiVersion", "kind", "metadata",
                                            "spec", NULL};
    static const char *const skip_name[] = {"name", NULL};
    static const char *const skip_containers[] = {"containers",
                                                  "initContainers", NULL};
    yaml_node_t *meta = json_find(doc, pod, "metadata");
    yaml_node_t *spec = json_find(doc, pod, "spec");
    bool first = false;
    text_puts(t, "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{");
    text_puts(t, "\"name\":");
    if (meta && json_find(doc, meta, "name")) {
        emit_value(t, doc, json_find(doc, meta, "name"));
    } else {
        emit_string(t, name);
    }
    if (meta) emit_pairs_except(t, doc, meta, skip_name, &first);
    text_puts(t, "},\"spec\":{\"containers\":");
    if (spec && json_find(doc, spec, "containers")) {
        emit_containers(t, doc, json_find(doc, spec, "containers"), 'c');
    } else {
        text_puts(t, "[]");
    }
    if (spec && json_find(doc, spec, "initContainers")) {
        text_puts(t, ",\"initContainers\":");
        emit_containers(t, doc, json_find(doc, spec, "initContainers"), 'i');
    }
    if (spec) emit_pairs_except(t, doc, spec, skip_containers, &first);
    text_puts(t, "}");
    first = false;
    emit_pairs_except(t, doc, pod, skip_kind, &first);
    text_puts(t, "}");
}

/* A flattened golden node as a v1 Node. */
static void emit_node(text *t, yaml_document_t *doc, yaml_node_t *node) {
    yaml_node_t *labels = json_find(doc, node, "labels");
    yaml_node_t *taints = json_find(doc, node, "taints");
    yaml_node_t *alloc = json_find(doc, node, "allocatable");
    yaml_node_t *images = json_find(doc, node, "images");
    text_puts(t, "{\"apiVersion\":\"v1\",\"kind\":\"Node\",\"metadata\":{");
    text_puts(t, "\"name\":");
    emit_value(t, doc, json_get(doc, node, "name"));
    if (labels) {
        text_puts(t, ",\"labels\":");
        emit_value(t, doc, labels);
    }
    text_puts(t, "},\"spec\":{");
    if (taints) {
        text_puts(t, "\"taints\":");
        emit_value(t, doc, taints);
    }
    text_puts(t, "},\"status\":{\"allocatable\":");
    if (alloc) {
        emit_value(t, doc, alloc);
        text_puts(t, ",\"capacity\":");
        emit_value(t, doc, alloc);
    } else {
        text_puts(t, "{},\"capacity\":{}");
    }
    if (images) {
        text_puts(t, ",\"images\":");
        emit_value(t, doc, images);
    }
    text_puts(t, "}}");
}

/* ------------------------------------------------------------------ */
/* The case model                                                       */
/* ------------------------------------------------------------------ */

/* Extension points a default plugin implements (kube-scheduler refuses a
   plugin enabled at a point it does not extend). */
typedef struct plugin_points {
    const char *name;
    bool pre_filter, filter, pre_score, score;
} plugin_points;

static const plugin_points plugin_table[] = {
    {"NodeResourcesFit", true, true, true, true},
    {"NodeResourcesBalancedAllocation", false, false, true, true},
    {"TaintToleration", false, true, true, true},
    {"NodeAffinity", true, true, true, true},
    {"ImageLocality", false, false, false, true},
    {"PodTopologySpread", true, true, true, true},
};

/* "NodeResourcesFit/LeastAllocated" -> the NodeResourcesFit entry. */
static const plugin_points *points_of(const char *golden_plugin, char *name_out,
                                      size_t cap) {
    size_t n = strcspn(golden_plugin, "/");
    snprintf(name_out, cap, "%.*s", (int)n, golden_plugin);
    for (size_t i = 0; i < sizeof plugin_table / sizeof plugin_table[0]; i++) {
        if (strcmp(plugin_table[i].name, name_out) == 0) {
            return &plugin_table[i];
        }
    }
    return NULL;
}

static const char *version_text(int minor, char *buf, size_t cap) {
    snprintf(buf, cap, "1.%d", minor);
    return buf;
}

/* The minor version to run a case at, from its k8s_versions text:
   "v1.30-v1.35..." / "v1.33+" / "v1.29+ ..." -> 34 when inside the range,
   else the nearest end ("v1.30-v1.32 only" -> 32); no version -> 34.
   Returns -1 for cases that hold only on unreleased master. */
static int pick_minor(const char *versions) {
    int lo = 0, hi = 99;
    if (!versions) return 34;
    if (strncmp(versions, "master", 6) == 0) return -1;
    if (sscanf(versions, "v1.%d", &lo) != 1) return 34;
    const char *rest = strchr(versions, '.');
    rest = rest ? rest + 1 : versions;
    while (*rest >= '0' && *rest <= '9') rest++;
    if (rest[0] == '-' && sscanf(rest, "-v1.%d", &hi) == 1) {
        /* a closed range */
    } else if (rest[0] != '+') {
        hi = lo; /* a single release */
    }
    if (lo <= 34 && 34 <= hi) return 34;
    if (hi < 34) return hi > 35 ? 35 : hi;
    return lo > 35 ? 35 : lo;
}

static podsim_fit_code code_of(const char *status) {
    if (strcmp(status, "Success") == 0) return PODSIM_FIT_SUCCESS;
    if (strcmp(status, "Unschedulable") == 0) return PODSIM_FIT_UNSCHEDULABLE;
    if (strcmp(status, "UnschedulableAndUnresolvable") == 0) {
        return PODSIM_FIT_UNRESOLVABLE;
    }
    fail_msg("golden: unknown status \"%s\"", status);
    return PODSIM_FIT_SUCCESS;
}

/* The custom Filter plugin standing for "did not pass filtering" in
   PodTopologySpread score cases: rejects the nodes named in userdata (a
   NULL-terminated array). */
#define FILTERED_OUT_PLUGIN "GoldenFilteredOut"
#define MAX_FILTERED_OUT 16

static podsim_status filtered_out_filter(void *userdata,
                                         podsim_plugin_call *call) {
    const char *const *names = userdata;
    const podsim_node *node = podsim_cluster_node(call->cluster, call->node);
    if (!node) {
        snprintf(call->message, sizeof call->message, "no node %d",
                 (int)call->node);
        return PODSIM_EINVAL;
    }
    for (size_t i = 0; names[i]; i++) {
        if (strcmp(names[i], node->meta.name) == 0) {
            call->code = PODSIM_FIT_UNRESOLVABLE;
            snprintf(call->message, sizeof call->message,
                     "node(s) were filtered out by the golden case");
        }
    }
    return PODSIM_OK;
}

/* Everything one run of a case needs. */
typedef struct run {
    yaml_document_t *doc;
    yaml_node_t *cs;
    const char *id;
    const char *golden_plugin;
    char plugin[64]; /* the plugin's registered name */
    const plugin_points *points;
    int minor;
    char label[96]; /* "id@1.34" */
    yaml_node_t *expected;
    const char *filtered_out[MAX_FILTERED_OUT + 1];
} run;

/* Prints a failure line of a case; returns 1 (one failed check). */
static int case_fail(const run *r, const char *fmt, ...) {
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    print_message("FAIL %s: %s\n", r->label, msg);
    return 1;
}

static void case_note(const run *r, const char *note) {
    print_message("note %s: %s\n", r->label, note);
}

/* A filter case has node -> {status, reasons} expectations. */
static bool is_filter_case(yaml_document_t *doc, yaml_node_t *expected) {
    for (yaml_node_pair_t *p = expected->data.mapping.pairs.start;
         p < expected->data.mapping.pairs.top; p++) {
        yaml_node_t *v = yaml_document_get_node(doc, p->value);
        const char *key = json_str(yaml_document_get_node(doc, p->key));
        if (strcmp(key, "preFilter") != 0 && v->type == YAML_MAPPING_NODE &&
            json_find(doc, v, "status")) {
            return true;
        }
    }
    return false;
}

static void build_objects(run *r) {
    yaml_document_t *doc = r->doc;
    yaml_node_t *nodes = json_get(doc, r->cs, "nodes");
    yaml_node_t *out = json_find(doc, r->cs, "filtered_out_nodes");
    yaml_node_t *pods = json_get(doc, r->cs, "existing_pods");
    bool first = true;
    char name[32];
    text_reset(&objects_text);
    text_puts(&objects_text,
              "{\"apiVersion\":\"v1\",\"kind\":\"List\","
              "\"items\":[");
    for (size_t i = 0; i < json_len(nodes); i++) {
        if (!first) text_puts(&objects_text, ",");
        first = false;
        emit_node(&objects_text, doc, json_at(doc, nodes, i));
    }
    if (out && !json_is_null(out)) {
        assert_true(json_len(out) <= MAX_FILTERED_OUT);
        for (size_t i = 0; i < json_len(out); i++) {
            yaml_node_t *n = json_at(doc, out, i);
            if (!first) text_puts(&objects_text, ",");
            first = false;
            emit_node(&objects_text, doc, n);
            r->filtered_out[i] = json_str(json_get(doc, n, "name"));
        }
    }
    for (size_t i = 0; i < json_len(pods); i++) {
        if (!first) text_puts(&objects_text, ",");
        first = false;
        snprintf(name, sizeof name, "existing-%zu", i);
        emit_pod(&objects_text, doc, json_at(doc, pods, i), name);
    }
    text_puts(&objects_text, "]}");
    text_reset(&pod_text);
    emit_pod(&pod_text, doc, json_get(doc, r->cs, "pod"), "incoming");
}

/* A KubeSchedulerConfiguration with only the plugin under test (plus the
   queue sort and binder every profile needs). */
static void build_config(run *r, bool filter_case) {
    yaml_document_t *doc = r->doc;
    const plugin_points *pp = r->points;
    text *t = &config_text;
    text_reset(t);
    text_puts(t,
              "{\"apiVersion\":\"kubescheduler.config.k8s.io/v1\","
              "\"kind\":\"KubeSchedulerConfiguration\",\"profiles\":[{"
              "\"schedulerName\":\"default-scheduler\",\"plugins\":{"
              "\"multiPoint\":{\"disabled\":[{\"name\":\"*\"}],"
              "\"enabled\":[{\"name\":\"PrioritySort\"},"
              "{\"name\":\"DefaultBinder\"}]}");
    if (filter_case) {
        if (pp->pre_filter) {
            text_printf(t, ",\"preFilter\":{\"enabled\":[{\"name\":\"%s\"}]}",
                        r->plugin);
        }
        text_printf(t, ",\"filter\":{\"enabled\":[{\"name\":\"%s\"}]}",
                    r->plugin);
    } else {
        if (r->filtered_out[0]) {
            text_puts(
                t, ",\"filter\":{\"enabled\":[{\"name\":\"" FILTERED_OUT_PLUGIN
                   "\"}]}");
        }
        if (pp->pre_score) {
            text_printf(t, ",\"preScore\":{\"enabled\":[{\"name\":\"%s\"}]}",
                        r->plugin);
        }
        text_printf(t,
                    ",\"score\":{\"enabled\":[{\"name\":\"%s\","
                    "\"weight\":1}]}",
                    r->plugin);
    }
    text_printf(t, "},\"pluginConfig\":[{\"name\":\"%s\",\"args\":", r->plugin);
    emit_value(t, doc, json_get(doc, r->cs, "args"));
    text_puts(t, "}]}]}");
}

static void join_reasons(podsim_strings reasons, char *buf, size_t cap) {
    size_t used = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < reasons.count && used < cap; i++) {
        int n = snprintf(buf + used, cap - used, "%s\"%s\"", i ? ", " : "",
                         reasons.items[i]);
        if (n < 0) break;
        used += (size_t)n;
    }
}

/* One node's filter verdict against {code, reasons}. */
static int check_node_verdict(const run *r, const podsim_schedule_result *res,
                              const char *node, podsim_fit_code want_code,
                              const char *const *want_reasons,
                              size_t want_count) {
    const podsim_node_filter *f = find_filter(res, node);
    char got[512];
    if (want_code == PODSIM_FIT_SUCCESS) {
        if (in_strings(res->feasible, node)) return 0;
        if (!f) return case_fail(r, "%s: not feasible and no status", node);
        join_reasons(f->reasons, got, sizeof got);
        return case_fail(r, "%s: %s (plugin %s) [%s], want Success", node,
                         code_name(f->code), f->plugin, got);
    }
    if (!f) {
        return case_fail(
            r, "%s: %s, want %s", node,
            in_strings(res->feasible, node) ? "feasible" : "no status",
            code_name(want_code));
    }
    join_reasons(f->reasons, got, sizeof got);
    bool same = f->code == want_code && f->reasons.count == want_count;
    for (size_t i = 0; same && i < want_count; i++) {
        same = strcmp(f->reasons.items[i], want_reasons[i]) == 0;
    }
    if (same) return 0;
    return case_fail(r, "%s: %s [%s], want %s [\"%s\"%s]", node,
                     code_name(f->code), got, code_name(want_code),
                     want_count ? want_reasons[0] : "",
                     want_count > 1 ? ", ..." : "");
}

#define MAX_REASONS 8

static size_t reasons_of(yaml_document_t *doc, yaml_node_t *status,
                         const char **out) {
    yaml_node_t *list = json_find(doc, status, "reasons");
    size_t n = list ? json_len(list) : 0;
    assert_true(n <= MAX_REASONS);
    for (size_t i = 0; i < n; i++) out[i] = json_str(json_at(doc, list, i));
    return n;
}

/* The absent-node status of nodes outside a PreFilterResult. */
#define ABSENT_REASON "node(s) didn't satisfy plugin(s) [NodeAffinity]"

static int check_filter_case(const run *r, const podsim_schedule_result *res,
                             yaml_node_t *expected) {
    yaml_document_t *doc = r->doc;
    yaml_node_t *pre = json_find(doc, expected, "preFilter");
    yaml_node_t *pre_nodes = NULL;
    int failures = 0;
    if (pre) {
        pre_nodes = json_find(doc, pre, "preFilterResult");
        if (pre_nodes && json_is_null(pre_nodes)) pre_nodes = NULL;
    }
    /* "preFilter": {"status": "Skip"} is not observable through a whole
       scheduler beyond the nodes passing, which the node entries check. */
    if (pre && strcmp(json_str(json_get(doc, pre, "status")), "Skip") != 0 &&
        strcmp(json_str(json_get(doc, pre, "status")), "Success") != 0) {
        /* PreFilter rejected the pod. A whole scheduler never runs Filter
           then: every node carries the PreFilter status, and the message
           is "0/N nodes are available: <PreFilter message>." (the node
           entries of the unit test, which ran Filter anyway, do not
           apply). */
        const char *reasons[MAX_REASONS];
        size_t n = reasons_of(doc, pre, reasons);
        podsim_fit_code code = code_of(json_str(json_get(doc, pre, "status")));
        char want[512];
        size_t nodes = json_len(json_get(doc, r->cs, "nodes"));
        snprintf(want, sizeof want, "0/%zu nodes are available: %s.", nodes,
                 n ? reasons[0] : "");
        if (res->node || res->feasible.count) {
            failures += case_fail(r, "PreFilter rejection, but %zu feasible",
                                  res->feasible.count);
        }
        if (strcmp(res->message, want) != 0) {
            failures +=
                case_fail(r, "message \"%s\", want \"%s\"", res->message, want);
        }
        for (size_t i = 0; i < res->filter_count; i++) {
            failures += check_node_verdict(r, res, res->filters[i].node, code,
                                           reasons, n);
        }
        return failures;
    }
    for (yaml_node_pair_t *p = expected->data.mapping.pairs.start;
         p < expected->data.mapping.pairs.top; p++) {
        const char *node = json_str(yaml_document_get_node(doc, p->key));
        yaml_node_t *want = yaml_document_get_node(doc, p->value);
        const char *reasons[MAX_REASONS];
        size_t n;
        if (strcmp(node, "preFilter") == 0) continue;
        n = reasons_of(doc, want, reasons);
        if (pre_nodes) {
            bool listed = false;
            for (size_t i = 0; i < json_len(pre_nodes); i++) {
                if (strcmp(json_str(json_at(doc, pre_nodes, i)), node) == 0) {
                    listed = true;
                }
            }
            if (!listed) {
                /* Whole scheduler: a node outside the PreFilterResult is
                   never filtered; it carries the shared absent-node status
                   (Unresolvable, "didn't satisfy plugin(s) [NodeAffinity]")
                   instead of the Filter verdict the unit test asserts. */
                static const char *const absent[] = {ABSENT_REASON};
                failures += check_node_verdict(
                    r, res, node, PODSIM_FIT_UNRESOLVABLE, absent, 1);
                continue;
            }
        }
        failures += check_node_verdict(
            r, res, node, code_of(json_str(json_get(doc, want, "status"))),
            reasons, n);
        if (n) {
            const podsim_node_filter *f = find_filter(res, node);
            if (f && strcmp(f->plugin, r->plugin) != 0) {
                failures += case_fail(r, "%s: failed by plugin \"%s\"", node,
                                      f->plugin);
            }
        }
    }
    return failures;
}

static const podsim_plugin_score *plugin_score(const run *r,
                                               const podsim_node_score *s) {
    for (size_t i = 0; i < s->plugin_count; i++) {
        if (strcmp(s->plugins[i].plugin, r->plugin) == 0) {
            return &s->plugins[i];
        }
    }
    return NULL;
}

static int check_score_case(const run *r, const podsim_schedule_result *res,
                            yaml_node_t *expected) {
    yaml_document_t *doc = r->doc;
    yaml_node_t *pre = json_find(doc, expected, "preScore");
    int failures = 0;
    if (res->score_count == 0 && res->feasible.count == 1) {
        /* Whole scheduler: with exactly one feasible node kube-scheduler
           picks it without running PreScore/Score (schedule_one.go), so
           there is no per-plugin score to compare. */
        case_note(r, "single feasible node, not scored by the framework");
        return 0;
    }
    for (size_t i = 0; i < MAX_FILTERED_OUT && r->filtered_out[i]; i++) {
        if (find_score(res, r->filtered_out[i])) {
            failures += case_fail(r, "filtered-out node %s was scored",
                                  r->filtered_out[i]);
        }
    }
    if (pre) {
        /* "preScore": "Skip": the plugin adds 0 to every node. */
        if (res->score_count == 0) {
            return failures + case_fail(r, "no scores, want PreScore Skip");
        }
        for (size_t i = 0; i < res->score_count; i++) {
            const podsim_plugin_score *ps = plugin_score(r, &res->scores[i]);
            if (!ps) {
                failures += case_fail(r, "%s: no %s score", res->scores[i].node,
                                      r->plugin);
            } else if (!ps->skipped || ps->score != 0 || ps->weighted != 0) {
                failures += case_fail(
                    r, "%s: skipped=%d score %lld, want PreScore Skip (0)",
                    res->scores[i].node, ps->skipped, (long long)ps->score);
            }
        }
        return failures;
    }
    for (yaml_node_pair_t *p = expected->data.mapping.pairs.start;
         p < expected->data.mapping.pairs.top; p++) {
        const char *node = json_str(yaml_document_get_node(doc, p->key));
        long long want =
            strtoll(json_str(yaml_document_get_node(doc, p->value)), NULL, 10);
        const podsim_node_score *s = find_score(res, node);
        const podsim_plugin_score *ps = s ? plugin_score(r, s) : NULL;
        if (!s) {
            const podsim_node_filter *f = find_filter(res, node);
            failures +=
                case_fail(r, "%s: not scored%s%s", node,
                          f ? ", filtered out by " : "", f ? f->plugin : "");
        } else if (!ps) {
            failures += case_fail(r, "%s: no %s entry", node, r->plugin);
        } else if (ps->skipped || ps->score != want) {
            failures +=
                case_fail(r, "%s: score %lld (raw %lld%s), want %lld", node,
                          (long long)ps->score, (long long)ps->raw,
                          ps->skipped ? ", skipped" : "", want);
        }
    }
    return failures;
}

/* The value at a field path such as "scoringStrategy.resources[1].weight"
   inside `node`, or NULL. */
static yaml_node_t *value_at(yaml_document_t *doc, yaml_node_t *node,
                             const char *path) {
    char key[128];
    while (node && *path) {
        size_t n = strcspn(path, ".[");
        if (n) {
            if (node->type != YAML_MAPPING_NODE || n >= sizeof key) {
                return NULL;
            }
            snprintf(key, sizeof key, "%.*s", (int)n, path);
            node = json_find(doc, node, key);
            path += n;
        } else if (*path == '[') {
            size_t i = (size_t)strtoul(path + 1, NULL, 10);
            if (node->type != YAML_SEQUENCE_NODE || i >= json_len(node)) {
                return NULL;
            }
            node = json_at(doc, node, i);
            path = strchr(path, ']');
            if (!path) return NULL;
            path++;
        } else {
            path++; /* '.' */
        }
    }
    return node;
}

static int check_config_error(const run *r, yaml_node_t *expected) {
    yaml_node_t *err = json_get(r->doc, expected, "config_error");
    const char *field = json_str(json_get(r->doc, err, "field"));
    yaml_node_t *value =
        value_at(r->doc, json_get(r->doc, r->cs, "args"), field);
    podsim_status s = podsim_scheduler_config_load_string(
        live_config, config_text.data, config_text.len, r->id);
    const podsim_error *e = podsim_scheduler_config_error(live_config);
    if (value && value->type == YAML_SCALAR_NODE &&
        strcmp(json_str(value), "0") == 0 && strstr(field, ".weight")) {
        /* Whole scheduler: the unit test validates internal args directly,
           but a kubescheduler.config.k8s.io/v1 file is defaulted first,
           and SetDefaults_NodeResourcesFitArgs (pkg/scheduler/apis/config/
           v1/defaults.go) turns a scoringStrategy weight of 0 into 1, so
           the configuration is valid. */
        if (s != PODSIM_OK) {
            return case_fail(r,
                             "config refused (%s), but v1 defaulting "
                             "makes weight 0 a 1",
                             e->message);
        }
        case_note(r, "weight 0 is defaulted to 1 by the v1 API: accepted");
        return 0;
    }
    if (s == PODSIM_OK) {
        return case_fail(r, "config accepted, want an error on %s", field);
    }
    if (s != PODSIM_EINVAL && s != PODSIM_EPARSE) {
        return case_fail(r, "config status %s (%s), want EINVAL",
                         podsim_status_name(s), e->message);
    }
    if (!strstr(e->message, field)) {
        return case_fail(r, "config error \"%s\" does not name %s", e->message,
                         field);
    }
    return 0;
}

/* Runs one case at `minor` against `expected`; returns failed checks. */
static int run_case(run *r, int minor, yaml_node_t *expected) {
    char version[8];
    podsim_cluster_options options = PODSIM_CLUSTER_OPTIONS_INIT;
    podsim_schedule_options sched = PODSIM_SCHEDULE_OPTIONS_INIT;
    podsim_status s;
    int failures = 0;
    bool config_case = json_find(r->doc, expected, "config_error") != NULL;
    bool filter_case = !config_case && is_filter_case(r->doc, expected);

    r->minor = minor;
    r->expected = expected;
    snprintf(r->label, sizeof r->label, "%s@1.%d", r->id, minor);
    memset(r->filtered_out, 0, sizeof r->filtered_out);
    build_objects(r);
    build_config(r, filter_case);

    assert_int_equal(podsim_scheduler_config_new(&live_config), PODSIM_OK);
    if (config_case) {
        failures = check_config_error(r, expected);
        release_case();
        return failures;
    }
    options.kubernetes_version = version_text(minor, version, sizeof version);
    s = podsim_cluster_new(&options, &live_cluster);
    if (s != PODSIM_OK) {
        failures = case_fail(r, "cluster_new: %s", podsim_status_name(s));
        release_case();
        return failures;
    }
    s = podsim_cluster_load_string(live_cluster, objects_text.data,
                                   objects_text.len, r->id, NULL);
    if (s != PODSIM_OK) {
        failures = case_fail(r, "load: %s: %s\n%s", podsim_status_name(s),
                             podsim_cluster_error(live_cluster)->message,
                             objects_text.data);
        release_case();
        return failures;
    }
    if (r->filtered_out[0]) {
        podsim_plugin_def def = {FILTERED_OUT_PLUGIN, filtered_out_filter, NULL,
                                 0, r->filtered_out};
        assert_int_equal(
            podsim_scheduler_config_register_plugin(live_config, &def),
            PODSIM_OK);
    }
    s = podsim_scheduler_config_load_string(live_config, config_text.data,
                                            config_text.len, r->id);
    if (s != PODSIM_OK) {
        failures =
            case_fail(r, "config: %s: %s\n%s", podsim_status_name(s),
                      podsim_scheduler_config_error(live_config)->message,
                      config_text.data);
        release_case();
        return failures;
    }
    sched.flags = PODSIM_SCHEDULE_EXPLAIN | PODSIM_SCHEDULE_EXHAUSTIVE |
                  PODSIM_SCHEDULE_NO_PREEMPTION;
    s = podsim_cluster_schedule_string(live_cluster, live_config, pod_text.data,
                                       pod_text.len, r->id, &sched,
                                       &live_result);
    if (s != PODSIM_OK) {
        failures = case_fail(
            r, "schedule: %s: %s\npod: %s", podsim_status_name(s),
            podsim_cluster_error(live_cluster)->message, pod_text.data);
        release_case();
        return failures;
    }
    failures = filter_case ? check_filter_case(r, live_result, expected)
                           : check_score_case(r, live_result, expected);
    release_case();
    return failures;
}

/* Runs every case whose "plugin" is `golden_plugin`; fails the test when
   any failed, skips it when all were skipped. */
static void run_plugin_cases(const char *golden_plugin) {
    yaml_node_t *root = golden_root();
    yaml_document_t *doc = &golden_doc;
    yaml_node_t *cases = json_get(doc, root, "cases");
    size_t ran = 0, failed_cases = 0;
    for (size_t i = 0; i < json_len(cases); i++) {
        yaml_node_t *cs = json_at(doc, cases, i);
        run r;
        yaml_node_t *versions, *gates, *older;
        int minor, failures = 0;
        if (strcmp(json_str(json_get(doc, cs, "plugin")), golden_plugin)) {
            continue;
        }
        memset(&r, 0, sizeof r);
        r.doc = doc;
        r.cs = cs;
        r.id = json_str(json_get(doc, cs, "id"));
        r.golden_plugin = golden_plugin;
        r.points = points_of(golden_plugin, r.plugin, sizeof r.plugin);
        assert_non_null(r.points);
        snprintf(r.label, sizeof r.label, "%s", r.id);
        versions = json_find(doc, cs, "k8s_versions");
        minor = pick_minor(
            versions && !json_is_null(versions) ? json_str(versions) : NULL);
        if (minor < 0) {
            /* e.g. balanced-post135-*: behaviour of unreleased master,
               outside podsim's v1.30-v1.35 */
            case_note(&r, "skipped: not the behaviour of a release");
            continue;
        }
        ran++;
        failures += run_case(&r, minor, json_get(doc, cs, "expected"));
        older = json_find(doc, cs, "expected_before_v1_34");
        gates = json_find(doc, cs, "feature_gates");
        if (older && gates && json_find(doc, gates, "PodLevelResources")) {
            /* The 1.33 expectation assumes the PodLevelResources gate on;
               it is alpha (off) in 1.33 and podsim has no gate switch. */
            snprintf(r.label, sizeof r.label, "%s@1.33", r.id);
            case_note(&r, "skipped: needs PodLevelResources on in 1.33");
        } else if (older) {
            failures += run_case(&r, 33, older);
        }
        older = json_find(doc, cs, "expected_v1_30_to_v1_32");
        if (older) failures += run_case(&r, 32, older);
        if (failures) failed_cases++;
    }
    print_message("%s: %zu cases run, %zu failed\n", golden_plugin, ran,
                  failed_cases);
    if (ran == 0) skip();
    assert_int_equal(failed_cases, 0);
}

/* ------------------------------------------------------------------ */
/* The tests                                                            */
/* ------------------------------------------------------------------ */

static void golden_least_allocated(void **state) {
    (void)state;
    run_plugin_cases("NodeResourcesFit/LeastAllocated");
}

static void golden_most_allocated(void **state) {
    (void)state;
    run_plugin_cases("NodeResourcesFit/MostAllocated");
}

static void golden_requested_to_capacity_ratio(void **state) {
    (void)state;
    run_plugin_cases("NodeResourcesFit/RequestedToCapacityRatio");
}

static void golden_node_resources_fit(void **state) {
    (void)state;
    run_plugin_cases("NodeResourcesFit");
}

static void golden_balanced_allocation(void **state) {
    (void)state;
    run_plugin_cases("NodeResourcesBalancedAllocation");
}

static void golden_taint_toleration(void **state) {
    (void)state;
    run_plugin_cases("TaintToleration");
}

static void golden_node_affinity(void **state) {
    (void)state;
    run_plugin_cases("NodeAffinity");
}

static void golden_image_locality(void **state) {
    (void)state;
    run_plugin_cases("ImageLocality");
}

static void golden_pod_topology_spread(void **state) {
    (void)state;
    run_plugin_cases("PodTopologySpread");
}

/* helper/BuildBrokenLinearFunction cases test the shape function alone,
 * with points used unscaled (scores 0..10, no x10) and utilizations below
 * 0 and above 100. Through the public API the function is reachable only
 * inside RequestedToCapacityRatio, which scales the shape by 10 before
 * interpolating (so integer truncation differs: {10:1, 90:9} at 19 is 1
 * unscaled but 19 scaled, not 10), caps utilization at 100 and drops
 * zero scores from the mean. No cluster reproduces these values, so the
 * cases are counted and skipped; the RTCR cases cover the function in
 * place. */
static void golden_broken_linear_function(void **state) {
    yaml_node_t *root = golden_root();
    yaml_node_t *cases = json_get(&golden_doc, root, "cases");
    size_t n = 0;
    (void)state;
    for (size_t i = 0; i < json_len(cases); i++) {
        yaml_node_t *cs = json_at(&golden_doc, cases, i);
        if (strcmp(json_str(json_get(&golden_doc, cs, "plugin")),
                   "helper/BuildBrokenLinearFunction") == 0) {
            n++;
        }
    }
    print_message(
        "helper/BuildBrokenLinearFunction: %zu cases not "
        "expressible through the public API\n",
        n);
    skip();
}

static void golden_fit_error_messages(void **state) {
    yaml_node_t *root = golden_root();
    yaml_document_t *doc = &golden_doc;
    yaml_node_t *cases =
        json_get(doc, json_get(doc, root, "fit_error_messages"), "cases");
    size_t failed = 0;
    (void)state;
    assert_true(json_len(cases) > 0);
    for (size_t i = 0; i < json_len(cases); i++) {
        yaml_node_t *cs = json_at(doc, cases, i);
        yaml_node_t *statuses = json_get(doc, cs, "nodeStatuses");
        const char *want = json_str(json_get(doc, cs, "expected_message"));
        size_t count = (size_t)(statuses->data.mapping.pairs.top -
                                statuses->data.mapping.pairs.start);
        podsim_node_filter filters[16];
        const char *reasons[16][MAX_REASONS];
        char buf[1024];
        size_t len = 0;
        assert_true(count <= 16);
        memset(filters, 0, sizeof filters);
        for (size_t k = 0; k < count; k++) {
            yaml_node_pair_t *p = statuses->data.mapping.pairs.start + k;
            yaml_node_t *st = yaml_document_get_node(doc, p->value);
            filters[k].node = json_str(yaml_document_get_node(doc, p->key));
            filters[k].code = code_of(json_str(json_get(doc, st, "code")));
            filters[k].plugin = "";
            filters[k].reasons.count = reasons_of(doc, st, reasons[k]);
            filters[k].reasons.items = reasons[k];
        }
        podsim_status s = podsim_fit_error_format(
            (size_t)strtoull(json_str(json_get(doc, cs, "numAllNodes")), NULL,
                             10),
            filters, count, NULL, json_str(json_get(doc, cs, "preFilterMsg")),
            json_str(json_get(doc, cs, "postFilterMsg")), buf, sizeof buf,
            &len);
        if (s != PODSIM_OK || strcmp(buf, want) != 0 || len != strlen(want)) {
            print_message(
                "FAIL fit_error_messages[%zu]: %s \"%s\", want "
                "\"%s\"\n",
                i, podsim_status_name(s), s ? "" : buf, want);
            failed++;
        }
    }
    assert_int_equal(failed, 0);
}

static void golden_num_feasible_nodes_to_find(void **state) {
    yaml_node_t *root = golden_root();
    yaml_document_t *doc = &golden_doc;
    yaml_node_t *cases = json_get(
        doc, json_get(doc, root, "num_feasible_nodes_to_find"), "cases");
    size_t failed = 0;
    (void)state;
    assert_true(json_len(cases) > 0);
    for (size_t i = 0; i < json_len(cases); i++) {
        yaml_node_t *cs = json_at(doc, cases, i);
        size_t n = (size_t)strtoull(json_str(json_get(doc, cs, "numAllNodes")),
                                    NULL, 10);
        int32_t pct = (int32_t)strtol(
            json_str(json_get(doc, cs, "percentageOfNodesToScore")), NULL, 10);
        size_t want = (size_t)strtoull(
            json_str(json_get(doc, cs, "numFeasibleNodesToFind")), NULL, 10);
        size_t got = podsim_num_feasible_nodes_to_find(n, pct);
        if (got != want) {
            print_message(
                "FAIL numFeasibleNodesToFind(%zu, %d) = %zu, want "
                "%zu\n",
                n, (int)pct, got, want);
            failed++;
        }
    }
    assert_int_equal(failed, 0);
}

#define TEST(f) cmocka_unit_test_teardown(f, teardown)

int main(void) {
    const struct CMUnitTest tests[] = {
        TEST(golden_least_allocated),
        TEST(golden_most_allocated),
        TEST(golden_requested_to_capacity_ratio),
        TEST(golden_node_resources_fit),
        TEST(golden_balanced_allocation),
        TEST(golden_taint_toleration),
        TEST(golden_node_affinity),
        TEST(golden_image_locality),
        TEST(golden_pod_topology_spread),
        TEST(golden_broken_linear_function),
        TEST(golden_fit_error_messages),
        TEST(golden_num_feasible_nodes_to_find),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
