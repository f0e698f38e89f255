/*
 * test_scheduler_config.c - KubeSchedulerConfiguration: the default
 * profile (plugins per extension point, order, score weights), multiple
 * profiles, multiPoint with disabled "*", weight overrides, pluginConfig
 * args, custom plugins, and errors with field paths, file, line and
 * column; a failed load leaves the configuration as it was.
 *
 * Upstream behaviour: kubernetes/kubernetes pkg/scheduler/apis/config/v1
 * (default_plugins.go, defaults.go), pkg/scheduler/apis/config/validation/
 * validation.go and pkg/scheduler/framework/runtime/framework.go.
 * Fixtures: tests/data/scheduler/config-*.yaml.
 */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "podsim.h"
#include "resource_allocation.h"
#include "sched.h"

#ifndef PODSIM_TEST_DATA
#define PODSIM_TEST_DATA "tests/data"
#endif

#define HEADER                                     \
    "apiVersion: kubescheduler.config.k8s.io/v1\n" \
    "kind: KubeSchedulerConfiguration\n"

/* The default profile's Filter and Score plugins (default_plugins.go;
   DynamicResources is not modelled). */
#define DEFAULT_FILTER                                                 \
    "filter: NodeUnschedulable NodeName TaintToleration NodeAffinity " \
    "NodePorts NodeResourcesFit VolumeRestrictions NodeVolumeLimits "  \
    "VolumeBinding VolumeZone PodTopologySpread InterPodAffinity"
#define DEFAULT_SCORE                                                \
    "score: TaintToleration(3) NodeAffinity(2) NodeResourcesFit(1) " \
    "VolumeBinding(1) PodTopologySpread(2) InterPodAffinity(2) "     \
    "NodeResourcesBalancedAllocation(1) ImageLocality(1)"

static int setup(void **state) {
    podsim_scheduler_config *cfg = NULL;
    assert_int_equal(podsim_scheduler_config_new(&cfg), PODSIM_OK);
    *state = cfg;
    return 0;
}

static int teardown(void **state) {
    podsim_scheduler_config_free(*state);
    return 0;
}

static const char *fixture(const char *name) {
    static char buf[512];
    const char *dir = getenv("PODSIM_TEST_DATA");
    snprintf(buf, sizeof buf, "%s/scheduler/%s", dir ? dir : PODSIM_TEST_DATA,
             name);
    return buf;
}

static void fail_with(podsim_scheduler_config *cfg, podsim_status s) {
    const podsim_error *e = podsim_scheduler_config_error(cfg);
    fail_msg("%s %s:%d:%d %s", podsim_status_name(s),
             e->source ? e->source : "", e->line, e->column, e->message);
}

static void load_file_ok(podsim_scheduler_config *cfg, const char *name) {
    podsim_status s = podsim_scheduler_config_load_file(cfg, fixture(name));
    if (s) fail_with(cfg, s);
}

static void load_ok(podsim_scheduler_config *cfg, const char *text) {
    podsim_status s =
        podsim_scheduler_config_load_string(cfg, text, strlen(text), "in.yaml");
    if (s) fail_with(cfg, s);
}

static void check_error(podsim_scheduler_config *cfg, podsim_status got,
                        podsim_status status, int line, int column,
                        const char *substring) {
    const podsim_error *e = podsim_scheduler_config_error(cfg);
    if (got != status || !strstr(e->message, substring) ||
        (line && e->line != line) || (column && e->column != column)) {
        fail_msg("got %s %d:%d \"%s\"; want %s %d:%d containing \"%s\"",
                 podsim_status_name(got), e->line, e->column, e->message,
                 podsim_status_name(status), line, column, substring);
    }
}

static void load_error(podsim_scheduler_config *cfg, const char *text,
                       podsim_status status, int line, int column,
                       const char *substring) {
    podsim_status s =
        podsim_scheduler_config_load_string(cfg, text, strlen(text), "in.yaml");
    check_error(cfg, s, status, line, column, substring);
    assert_string_equal(podsim_scheduler_config_error(cfg)->source, "in.yaml");
}

static const char *describe(podsim_scheduler_config *cfg, const char *name) {
    const char *text = NULL;
    podsim_status s = podsim_scheduler_config_describe(cfg, name, &text);
    if (s) fail_with(cfg, s);
    return text;
}

/* The line of `text` that starts with "<point>:" (without its newline). */
static const char *line_of(const char *text, const char *point) {
    static char buf[1024];
    size_t n = strlen(point);
    for (const char *l = text; l && *l;) {
        const char *end = strchr(l, '\n');
        size_t len = end ? (size_t)(end - l) : strlen(l);
        if (len > n && strncmp(l, point, n) == 0 && l[n] == ':') {
            snprintf(buf, sizeof buf, "%.*s", (int)len, l);
            return buf;
        }
        l = end ? end + 1 : NULL;
    }
    return "";
}

static const sched_slot *slot_named(const sched_profile *p, const char *name) {
    for (size_t i = 0; i < p->slot_count; i++) {
        if (strcmp(p->slots[i].plugin->name, name) == 0) return &p->slots[i];
    }
    return NULL;
}

/* ---- defaults ------------------------------------------------------------ */

static void config_default_profile(void **state) {
    podsim_scheduler_config *cfg = *state;
    assert_int_equal(podsim_scheduler_config_profile_count(cfg), 1);
    assert_string_equal(podsim_scheduler_config_profile_name(cfg, 0),
                        "default-scheduler");
    assert_null(podsim_scheduler_config_profile_name(cfg, 1));
    const char *text = describe(cfg, NULL);
    assert_string_equal(line_of(text, "filter"), DEFAULT_FILTER);
    assert_string_equal(line_of(text, "score"), DEFAULT_SCORE);
    assert_string_equal(line_of(text, "preEnqueue"),
                        "preEnqueue: SchedulingGates");
    assert_string_equal(line_of(text, "queueSort"), "queueSort: PrioritySort");
    assert_string_equal(line_of(text, "postFilter"),
                        "postFilter: DefaultPreemption");
    assert_string_equal(line_of(text, "bind"), "bind: DefaultBinder");
    /* the same by name */
    assert_string_equal(describe(cfg, "default-scheduler"), text);
    assert_int_equal(config_percentage_of_nodes_to_score(cfg), 0);

    const sched_profile *p = NULL;
    assert_int_equal(config_profile(cfg, NULL, &p), PODSIM_OK);
    assert_int_equal(p->percentage_of_nodes_to_score, -1);
    assert_true(profile_has(p, PT_FILTER, "NodeName"));
    assert_false(profile_has(p, PT_SCORE, "NodeName"));
    assert_true(profile_has(p, PT_PRE_SCORE, "TaintToleration"));
    const sched_slot *dp = slot_named(p, "DefaultPreemption");
    assert_non_null(dp);
    const default_preemption_args *a = dp->args;
    assert_int_equal(a->min_candidate_nodes_percentage, 10);
    assert_int_equal(a->min_candidate_nodes_absolute, 100);
    /* resolution is cached */
    const sched_profile *again = NULL;
    assert_int_equal(config_profile(cfg, "default-scheduler", &again),
                     PODSIM_OK);
    assert_ptr_equal(again, p);
}

static void config_default_file(void **state) {
    podsim_scheduler_config *cfg = *state;
    const char *before = describe(cfg, NULL);
    char *copy = strdup(before);
    load_file_ok(cfg, "config-default.yaml");
    assert_int_equal(podsim_scheduler_config_profile_count(cfg), 1);
    assert_string_equal(describe(cfg, NULL), copy);
    free(copy);
    assert_non_null(sched_builtin_plugin("ImageLocality"));
    assert_null(sched_builtin_plugin("DynamicResources"));
}

/* ---- profiles --------------------------------------------------------------
 */

static void config_multi_profile(void **state) {
    podsim_scheduler_config *cfg = *state;
    load_file_ok(cfg, "config-multi-profile.yaml");
    assert_int_equal(podsim_scheduler_config_profile_count(cfg), 2);
    assert_string_equal(podsim_scheduler_config_profile_name(cfg, 1),
                        "bin-packing");
    assert_int_equal(config_percentage_of_nodes_to_score(cfg), 50);
    assert_string_equal(line_of(describe(cfg, "default-scheduler"), "score"),
                        DEFAULT_SCORE);
    /* the score point's own entry goes first, then multiPoint's; the
       disabled one is gone from Score only */
    const char *text = describe(cfg, "bin-packing");
    assert_string_equal(line_of(text, "score"),
                        "score: NodeResourcesFit(5) TaintToleration(3) "
                        "NodeAffinity(2) VolumeBinding(1) InterPodAffinity(2) "
                        "NodeResourcesBalancedAllocation(1) ImageLocality(1)");
    assert_string_equal(line_of(text, "filter"), DEFAULT_FILTER);
    assert_non_null(strstr(line_of(text, "preScore"), "PodTopologySpread"));

    const sched_profile *p = NULL;
    assert_int_equal(config_profile(cfg, "bin-packing", &p), PODSIM_OK);
    assert_int_equal(p->percentage_of_nodes_to_score, 100);
    const node_resources_fit_args *fit =
        slot_named(p, "NodeResourcesFit")->args;
    assert_int_equal(fit->strategy, STRATEGY_MOST_ALLOCATED);
    const default_preemption_args *dp =
        slot_named(p, "DefaultPreemption")->args;
    assert_int_equal(dp->min_candidate_nodes_percentage, 20);
    assert_int_equal(dp->min_candidate_nodes_absolute, 50);
    /* the other profile keeps the defaults */
    assert_int_equal(config_profile(cfg, "default-scheduler", &p), PODSIM_OK);
    fit = slot_named(p, "NodeResourcesFit")->args;
    assert_int_equal(fit->strategy, STRATEGY_LEAST_ALLOCATED);

    const char *none = NULL;
    podsim_status s = podsim_scheduler_config_describe(cfg, "nope", &none);
    check_error(cfg, s, PODSIM_ENOTFOUND, 0, 0,
                "profile not found for scheduler name \"nope\"");
    assert_null(none);
}

static void config_multi_point_disable_all(void **state) {
    podsim_scheduler_config *cfg = *state;
    load_file_ok(cfg, "config-only-fit.yaml");
    assert_string_equal(podsim_scheduler_config_profile_name(cfg, 0),
                        "only-fit");
    const char *text = describe(cfg, "only-fit");
    assert_string_equal(line_of(text, "preEnqueue"), "");
    assert_string_equal(line_of(text, "queueSort"), "queueSort: PrioritySort");
    assert_string_equal(line_of(text, "filter"), "filter: NodeResourcesFit");
    assert_string_equal(line_of(text, "score"),
                        "score: NodeResourcesFit(2) ImageLocality(1)");
    assert_string_equal(line_of(text, "postFilter"), "");
    assert_string_equal(line_of(text, "bind"), "bind: DefaultBinder");
}

static void config_point_disable_all(void **state) {
    podsim_scheduler_config *cfg = *state;
    /* filter disabled "*": multiPoint adds nothing at Filter, the point's
       own list stays */
    load_ok(cfg, HEADER
            "profiles:\n"
            "- plugins:\n"
            "    filter:\n"
            "      disabled: [{name: '*'}]\n"
            "      enabled: [{name: NodeName}, {name: TaintToleration}]\n");
    const char *text = describe(cfg, NULL);
    assert_string_equal(line_of(text, "filter"),
                        "filter: NodeName TaintToleration");
    assert_string_equal(line_of(text, "score"), DEFAULT_SCORE);
}

static void config_weight_override(void **state) {
    podsim_scheduler_config *cfg = *state;
    /* multiPoint entries replace the default ones in place */
    load_ok(cfg, HEADER
            "profiles:\n"
            "- plugins:\n"
            "    multiPoint:\n"
            "      enabled:\n"
            "      - name: ImageLocality\n"
            "        weight: 7\n"
            "      - name: TaintToleration\n");
    assert_string_equal(
        line_of(describe(cfg, NULL), "score"),
        "score: TaintToleration(1) NodeAffinity(2) "
        "NodeResourcesFit(1) VolumeBinding(1) PodTopologySpread(2) "
        "InterPodAffinity(2) "
        "NodeResourcesBalancedAllocation(1) ImageLocality(7)");
    /* a score-point weight wins over the multiPoint one; 0 means 1 */
    load_ok(cfg, HEADER
            "profiles:\n"
            "- plugins:\n"
            "    score:\n"
            "      enabled:\n"
            "      - name: ImageLocality\n"
            "        weight: 4\n"
            "      - name: NodeAffinity\n"
            "        weight: 0\n");
    assert_string_equal(line_of(describe(cfg, NULL), "score"),
                        "score: ImageLocality(4) NodeAffinity(1) "
                        "TaintToleration(3) NodeResourcesFit(1) "
                        "VolumeBinding(1) PodTopologySpread(2) "
                        "InterPodAffinity(2) "
                        "NodeResourcesBalancedAllocation(1)");
}

/* ---- custom plugins
 * ---------------------------------------------------------- */

static podsim_status reject_all(void *userdata, podsim_plugin_call *call) {
    (void)userdata;
    call->code = PODSIM_FIT_UNSCHEDULABLE;
    return PODSIM_OK;
}

static podsim_status score_zero(void *userdata, podsim_plugin_call *call) {
    (void)userdata;
    call->score = 0;
    return PODSIM_OK;
}

static void config_unknown_plugin(void **state) {
    podsim_scheduler_config *cfg = *state;
    /* loads: names are resolved when the profile is used */
    load_file_ok(cfg, "config-bad-unknown-plugin.yaml");
    const char *text = NULL;
    podsim_status s = podsim_scheduler_config_describe(cfg, NULL, &text);
    check_error(cfg, s, PODSIM_EINVAL, 0, 0,
                "creating profile for scheduler name default-scheduler: "
                "FilterPlugin \"GpuFilter\" does not exist");
    /* registering the plugin makes the profile usable */
    podsim_plugin_def def = {"GpuFilter", reject_all, NULL, 0, NULL};
    assert_int_equal(podsim_scheduler_config_register_plugin(cfg, &def),
                     PODSIM_OK);
    text = describe(cfg, NULL);
    assert_string_equal(line_of(text, "filter"), DEFAULT_FILTER " GpuFilter");
    const sched_profile *p = NULL;
    assert_int_equal(config_profile(cfg, NULL, &p), PODSIM_OK);
    const sched_slot *slot = slot_named(p, "GpuFilter");
    assert_non_null(slot);
    assert_non_null(slot->custom);
    assert_ptr_equal(slot->custom->filter, reject_all);
    assert_non_null(slot->plugin->filter);
    assert_null(slot->plugin->score);
    /* enabling a filter-only plugin at Score is refused */
    load_ok(cfg, HEADER
            "profiles:\n"
            "- plugins:\n"
            "    score:\n"
            "      enabled: [{name: GpuFilter}]\n");
    s = podsim_scheduler_config_describe(cfg, NULL, &text);
    check_error(cfg, s, PODSIM_EINVAL, 0, 0,
                "plugin \"GpuFilter\" does not extend ScorePlugin plugin");
    /* re-registering with a score callback (same name) replaces it */
    podsim_plugin_def both = {"GpuFilter", reject_all, score_zero, 4, NULL};
    assert_int_equal(podsim_scheduler_config_register_plugin(cfg, &both),
                     PODSIM_OK);
    text = describe(cfg, NULL);
    assert_string_equal(line_of(text, "score"), DEFAULT_SCORE " GpuFilter(4)");
    /* a custom plugin under multiPoint lands at both of its points */
    load_ok(cfg, HEADER
            "profiles:\n"
            "- plugins:\n"
            "    multiPoint:\n"
            "      enabled: [{name: GpuFilter, weight: 2}]\n");
    text = describe(cfg, NULL);
    assert_string_equal(line_of(text, "filter"), DEFAULT_FILTER " GpuFilter");
    assert_non_null(strstr(line_of(text, "score"),
                           "ImageLocality(1) "
                           "GpuFilter(2)"));
}

/* The custom plugins' ops through a real scheduling cycle: node n1 is
   rejected with the plugin's message, n2 with the default reason, n3
   passes and gets the custom score. */
static podsim_status gpu_filter(void *userdata, podsim_plugin_call *call) {
    const podsim_node *node = podsim_cluster_node(call->cluster, call->node);
    int *calls = userdata;
    (*calls)++;
    assert_non_null(podsim_cluster_pod(call->cluster, call->pod));
    if (strcmp(node->meta.name, "n1") == 0) {
        call->code = PODSIM_FIT_UNSCHEDULABLE;
        snprintf(call->message, sizeof call->message, "node(s) had no GPU");
    } else if (strcmp(node->meta.name, "n2") == 0) {
        call->code = PODSIM_FIT_UNRESOLVABLE;
    }
    return PODSIM_OK;
}

static podsim_status gpu_score(void *userdata, podsim_plugin_call *call) {
    (void)userdata;
    call->score = 42;
    return PODSIM_OK;
}

static podsim_status broken(void *userdata, podsim_plugin_call *call) {
    (void)userdata;
    snprintf(call->message, sizeof call->message, "backend down");
    return PODSIM_EIO;
}

static const char *const three_nodes =
    "apiVersion: v1\nkind: List\nitems:\n"
    "- apiVersion: v1\n  kind: Node\n  metadata: {name: n1}\n"
    "  status: {allocatable: {cpu: '4', memory: 8Gi, pods: '110'}}\n"
    "- apiVersion: v1\n  kind: Node\n  metadata: {name: n2}\n"
    "  status: {allocatable: {cpu: '4', memory: 8Gi, pods: '110'}}\n"
    "- apiVersion: v1\n  kind: Node\n  metadata: {name: n3}\n"
    "  status: {allocatable: {cpu: '4', memory: 8Gi, pods: '110'}}\n";

static const char *const small_pod =
    "apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: default}\n"
    "spec:\n  containers:\n  - name: c\n    image: busybox\n"
    "    resources: {requests: {cpu: 100m}}\n";

static void config_custom_plugin_schedules(void **state) {
    podsim_scheduler_config *cfg = *state;
    podsim_cluster *c = NULL;
    assert_int_equal(podsim_cluster_new(NULL, &c), PODSIM_OK);
    assert_int_equal(podsim_cluster_load_string(
                         c, three_nodes, strlen(three_nodes), "nodes", NULL),
                     PODSIM_OK);
    int calls = 0;
    podsim_plugin_def def = {"Gpu", gpu_filter, gpu_score, 0, &calls};
    assert_int_equal(podsim_scheduler_config_register_plugin(cfg, &def),
                     PODSIM_OK);
    load_ok(cfg, HEADER
            "profiles:\n"
            "- plugins:\n"
            "    multiPoint:\n"
            "      enabled: [{name: Gpu, weight: 2}]\n");
    podsim_schedule_options opt = PODSIM_SCHEDULE_OPTIONS_INIT;
    opt.flags = PODSIM_SCHEDULE_EXPLAIN | PODSIM_SCHEDULE_EXHAUSTIVE;
    podsim_schedule_result *r = NULL;
    podsim_status s = podsim_cluster_schedule_string(
        c, cfg, small_pod, strlen(small_pod), "pod", &opt, &r);
    if (s) {
        fail_msg("%s %s", podsim_status_name(s),
                 podsim_cluster_error(c)->message);
    }
    assert_int_equal(calls, 3);
    assert_non_null(r->node);
    assert_string_equal(r->node, "n3");
    bool saw_n1 = false, saw_n2 = false;
    for (size_t i = 0; i < r->filter_count; i++) {
        const podsim_node_filter *f = &r->filters[i];
        assert_string_equal(f->plugin, "Gpu");
        assert_int_equal(f->reasons.count, 1);
        if (strcmp(f->node, "n1") == 0) {
            saw_n1 = true;
            assert_int_equal(f->code, PODSIM_FIT_UNSCHEDULABLE);
            assert_string_equal(f->reasons.items[0], "node(s) had no GPU");
        } else if (strcmp(f->node, "n2") == 0) {
            saw_n2 = true;
            assert_int_equal(f->code, PODSIM_FIT_UNRESOLVABLE);
            assert_string_equal(f->reasons.items[0],
                                "node(s) rejected by plugin Gpu");
        }
    }
    assert_true(saw_n1 && saw_n2);
    assert_int_equal(r->score_count, 1);
    bool scored = false;
    for (size_t i = 0; i < r->scores[0].plugin_count; i++) {
        const podsim_plugin_score *ps = &r->scores[0].plugins[i];
        if (strcmp(ps->plugin, "Gpu") != 0) continue;
        scored = true;
        assert_int_equal(ps->raw, 42);
        assert_int_equal(ps->weight, 2);
        assert_int_equal(ps->weighted, 84);
    }
    assert_true(scored);
    podsim_schedule_result_free(r);
    r = NULL;

    /* a failing callback fails the attempt, naming the plugin */
    podsim_plugin_def bad = {"Gpu", broken, NULL, 0, NULL};
    assert_int_equal(podsim_scheduler_config_register_plugin(cfg, &bad),
                     PODSIM_OK);
    s = podsim_cluster_schedule_string(c, cfg, small_pod, strlen(small_pod),
                                       "pod", &opt, &r);
    assert_int_not_equal(s, PODSIM_OK);
    assert_non_null(
        strstr(podsim_cluster_error(c)->message, "plugin Gpu: backend down"));
    podsim_schedule_result_free(r);
    podsim_cluster_free(c);
}

static void config_register_errors(void **state) {
    podsim_scheduler_config *cfg = *state;
    podsim_plugin_def builtin = {"NodeName", reject_all, NULL, 0, NULL};
    podsim_status s = podsim_scheduler_config_register_plugin(cfg, &builtin);
    check_error(cfg, s, PODSIM_EEXIST, 0, 0, "built-in");
    podsim_plugin_def nothing = {"Idle", NULL, NULL, 0, NULL};
    s = podsim_scheduler_config_register_plugin(cfg, &nothing);
    check_error(cfg, s, PODSIM_EINVAL, 0, 0, "neither");
    podsim_plugin_def unnamed = {NULL, reject_all, NULL, 0, NULL};
    s = podsim_scheduler_config_register_plugin(cfg, &unnamed);
    check_error(cfg, s, PODSIM_EINVAL, 0, 0, "name");
    assert_int_equal(podsim_scheduler_config_register_plugin(NULL, &unnamed),
                     PODSIM_EINVAL);
}

/* ---- errors
 * ------------------------------------------------------------------- */

static void config_error_api_version(void **state) {
    podsim_scheduler_config *cfg = *state;
    const char *file = fixture("config-bad-api-version.yaml");
    podsim_status s = podsim_scheduler_config_load_file(cfg, file);
    check_error(cfg, s, PODSIM_EINVAL, 2, 13,
                "apiVersion: Unsupported value: "
                "\"kubescheduler.config.k8s.io/v1beta3\": supported values: "
                "\"kubescheduler.config.k8s.io/v1\"");
    assert_string_equal(podsim_scheduler_config_error(cfg)->source, file);
    load_error(cfg, "kind: KubeSchedulerConfiguration\n", PODSIM_EINVAL, 0, 0,
               "apiVersion: Required value");
    load_error(cfg, "apiVersion: kubescheduler.config.k8s.io/v1\nkind: Pod\n",
               PODSIM_EINVAL, 2, 7,
               "kind: Unsupported value: \"Pod\": supported values: "
               "\"KubeSchedulerConfiguration\"");
    load_error(cfg, "", PODSIM_EPARSE, 0, 0, "no KubeSchedulerConfiguration");
    load_error(cfg, HEADER "---\n" HEADER, PODSIM_EPARSE, 0, 0,
               "expected one KubeSchedulerConfiguration document");
}

static void config_error_duplicate_name(void **state) {
    podsim_scheduler_config *cfg = *state;
    podsim_status s = podsim_scheduler_config_load_file(
        cfg, fixture("config-bad-duplicate-name.yaml"));
    check_error(cfg, s, PODSIM_EINVAL, 6, 20,
                "profiles[1].schedulerName: Duplicate value: "
                "profiles[0].schedulerName");
    /* several profiles: each needs a name */
    load_error(cfg, HEADER "profiles:\n- schedulerName: a\n- plugins: {}\n",
               PODSIM_EINVAL, 5, 3,
               "profiles[1].schedulerName: Required value");
}

static void config_error_percentage(void **state) {
    podsim_scheduler_config *cfg = *state;
    podsim_status s = podsim_scheduler_config_load_file(
        cfg, fixture("config-bad-percentage.yaml"));
    check_error(cfg, s, PODSIM_EINVAL, 4, 27,
                "percentageOfNodesToScore: Invalid value: 101: not in valid "
                "range [0-100]");
    load_error(cfg, HEADER "profiles:\n- percentageOfNodesToScore: -1\n",
               PODSIM_EINVAL, 4, 29,
               "profiles[0].percentageOfNodesToScore: Invalid value: -1: not "
               "in valid range [0-100]");
    load_error(cfg, HEADER "parallelism: 0\n", PODSIM_EINVAL, 3, 14,
               "parallelism: Invalid value: 0: should be an integer value "
               "greater than zero");
}

static void config_error_weight(void **state) {
    podsim_scheduler_config *cfg = *state;
    podsim_status s = podsim_scheduler_config_load_file(
        cfg, fixture("config-bad-weight.yaml"));
    check_error(cfg, s, PODSIM_EPARSE, 10, 21,
                "profiles[0].plugins.score.enabled[0].weight: expected an "
                "integer, got \"high\"");
    load_error(cfg,
               HEADER
               "profiles:\n- plugins:\n    score:\n      enabled:\n"
               "      - {name: ImageLocality, weight: 3000000000}\n",
               PODSIM_ERANGE, 7, 39, "does not fit in int32");
}

static void config_error_plugin_config(void **state) {
    podsim_scheduler_config *cfg = *state;
    load_error(cfg,
               HEADER
               "profiles:\n"
               "- pluginConfig:\n"
               "  - name: DefaultPreemption\n"
               "    args:\n"
               "      minCandidateNodesPercentage: 101\n",
               PODSIM_EINVAL, 7, 36,
               "profiles[0].pluginConfig[0].args.minCandidateNodesPercentage: "
               "Invalid value: 101: not in valid range [0, 100]");
    load_error(cfg,
               HEADER
               "profiles:\n"
               "- pluginConfig:\n"
               "  - name: DefaultPreemption\n"
               "    args: {minCandidateNodesPercentage: 0, "
               "minCandidateNodesAbsolute: 0}\n",
               PODSIM_EINVAL, 0, 0,
               "profiles[0].pluginConfig[0].args.minCandidateNodesPercentage: "
               "Invalid value: 0: cannot be zero at the same time as "
               "minCandidateNodesAbsolute");
    load_error(cfg,
               HEADER
               "profiles:\n"
               "- pluginConfig:\n"
               "  - name: DefaultPreemption\n"
               "    args: {minCandidateNodesAbsolute: -1}\n",
               PODSIM_EINVAL, 0, 0,
               "profiles[0].pluginConfig[0].args.minCandidateNodesAbsolute: "
               "Invalid value: -1: not in valid range [0, inf)");
    /* ValidateVolumeBindingArgs */
    load_error(cfg,
               HEADER
               "profiles:\n"
               "- pluginConfig:\n"
               "  - name: VolumeBinding\n"
               "    args: {bindTimeoutSeconds: -5}\n",
               PODSIM_EINVAL, 0, 0,
               "profiles[0].pluginConfig[0].args.bindTimeoutSeconds: "
               "Invalid value: -5: invalid BindTimeoutSeconds, should not be "
               "a negative value");
    load_error(cfg,
               HEADER
               "profiles:\n"
               "- pluginConfig:\n"
               "  - name: VolumeBinding\n"
               "    args: {shape: [{utilization: 0, score: 0}]}\n",
               PODSIM_EINVAL, 0, 0,
               "profiles[0].pluginConfig[0].args.shape: Invalid value: "
               "unexpected field `shape`, remove it or turn on the feature "
               "gate StorageCapacityScoring");
    load_error(cfg,
               HEADER
               "profiles:\n"
               "- pluginConfig:\n"
               "  - name: NodeAffinity\n"
               "  - name: NodeAffinity\n",
               PODSIM_EINVAL, 6, 5,
               "profiles[0].pluginConfig[1]: Duplicate value: "
               "\"NodeAffinity\"");
    load_error(cfg,
               HEADER
               "profiles:\n"
               "- plugins:\n"
               "    filter:\n"
               "      enabled: [{name: EBSLimits}]\n",
               PODSIM_EINVAL, 0, 0,
               "profiles[0].plugins.filter.enabled[0]: Invalid value: "
               "\"EBSLimits\": was invalid in version "
               "\"kubescheduler.config.k8s.io/v1\"");
}

static void config_error_framework(void **state) {
    podsim_scheduler_config *cfg = *state;
    const char *text = NULL;
    /* twice at one point */
    load_ok(cfg, HEADER
            "profiles:\n"
            "- plugins:\n"
            "    filter:\n"
            "      enabled: [{name: NodeName}, {name: NodeName}]\n");
    podsim_status s = podsim_scheduler_config_describe(cfg, NULL, &text);
    check_error(cfg, s, PODSIM_EINVAL, 0, 0,
                "plugin \"NodeName\" already registered as \"FilterPlugin\"");
    /* an unknown multiPoint plugin fails at the first point expanded */
    load_ok(cfg, HEADER
            "profiles:\n"
            "- plugins:\n"
            "    multiPoint:\n"
            "      enabled: [{name: Missing}]\n");
    s = podsim_scheduler_config_describe(cfg, NULL, &text);
    check_error(cfg, s, PODSIM_EINVAL, 0, 0,
                "PreFilterPlugin \"Missing\" does not exist");
    /* no binder */
    load_ok(cfg, HEADER
            "profiles:\n"
            "- schedulerName: lonely\n"
            "  plugins:\n"
            "    multiPoint:\n"
            "      disabled: [{name: '*'}]\n"
            "      enabled: [{name: PrioritySort}]\n");
    s = podsim_scheduler_config_describe(cfg, "lonely", &text);
    check_error(cfg, s, PODSIM_EINVAL, 0, 0,
                "at least one bind plugin is needed for profile with "
                "scheduler name \"lonely\"");
    /* queue sort must match across profiles */
    load_error(cfg,
               HEADER
               "profiles:\n"
               "- schedulerName: a\n"
               "- schedulerName: b\n"
               "  plugins:\n"
               "    queueSort:\n"
               "      enabled: [{name: PrioritySort}]\n",
               PODSIM_EINVAL, 8, 7,
               "profiles[1].plugins.queueSort: Invalid value: "
               "config.PluginSet{Enabled:[]config.Plugin{config.Plugin{"
               "Name:\"PrioritySort\", Weight:0}}, Disabled:[]config.Plugin("
               "nil)}: must be the same for all profiles");
}

static void config_failed_load_keeps_config(void **state) {
    podsim_scheduler_config *cfg = *state;
    load_file_ok(cfg, "config-multi-profile.yaml");
    char *before = strdup(describe(cfg, "bin-packing"));
    podsim_status s = podsim_scheduler_config_load_file(
        cfg, fixture("config-bad-duplicate-name.yaml"));
    assert_int_equal(s, PODSIM_EINVAL);
    assert_int_equal(podsim_scheduler_config_profile_count(cfg), 2);
    assert_string_equal(describe(cfg, "bin-packing"), before);
    free(before);
    s = podsim_scheduler_config_load_file(cfg, fixture("no-such-file.yaml"));
    check_error(cfg, s, PODSIM_EIO, 0, 0, "cannot open");
    assert_int_equal(podsim_scheduler_config_profile_count(cfg), 2);
}

#define TEST(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void) {
    const struct CMUnitTest tests[] = {
        TEST(config_default_profile),
        TEST(config_default_file),
        TEST(config_multi_profile),
        TEST(config_multi_point_disable_all),
        TEST(config_point_disable_all),
        TEST(config_weight_override),
        TEST(config_unknown_plugin),
        TEST(config_custom_plugin_schedules),
        TEST(config_register_errors),
        TEST(config_error_api_version),
        TEST(config_error_duplicate_name),
        TEST(config_error_percentage),
        TEST(config_error_weight),
        TEST(config_error_plugin_config),
        TEST(config_error_framework),
        TEST(config_failed_load_keeps_config),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
