/*
 * node_resources_fit.c - the NodeResourcesFit plugin: does the node have
 * room for the pod's requests (Filter), and how full would it be
 * (Score, by the configured scoring strategy).
 *
 * Mirrors pkg/scheduler/framework/plugins/noderesources/fit.go (v1.31
 * @903b1f7e and the v1.34 copy with the Unresolvable rule of PR #131345),
 * with NodeResourcesFitArgs defaulted as pkg/scheduler/apis/config/v1/
 * defaults.go (SetDefaults_NodeResourcesFitArgs) and validated as
 * pkg/scheduler/apis/config/validation/validation_pluginargs.go
 * (ValidateNodeResourcesFitArgs). The score strategies live in
 * resource_allocation.c.
 *
 * Not modelled: the PreFilter rejection of sidecar pods when the
 * SidecarContainers gate is off (the gate is on in every release podsim
 * models), and DRA-backed extended resources (DRAExtendedResource is
 * alpha, off by default).
 */
#include <string.h>

#include "resource_allocation.h"

/* ---- args
 * ------------------------------------------------------------------------ */

static const node_resources_fit_args default_fit_args = {
    {NULL, 0}, {NULL, 0}, STRATEGY_LEAST_ALLOCATED, default_resource_specs, 2,
    NULL,      0};

static void fit_args_default(void *out) {
    *(node_resources_fit_args *)out = default_fit_args;
}

static const node_resources_fit_args *fit_args(const sched_slot *slot) {
    return slot->args ? slot->args : &default_fit_args;
}

static const char *const strategy_names[] = {"LeastAllocated", "MostAllocated",
                                             "RequestedToCapacityRatio"};

/* field.Invalid(path, <string value>, detail) */
static podsim_status invalid_string(dec *d, const path *p, const yt_node *n,
                                    const char *value, const char *detail) {
    strbuf quoted;
    strbuf_init(&quoted);
    go_quote(&quoted, value);
    podsim_status s = dec_fail(d, p, n, PODSIM_EINVAL, "Invalid value: %s: %s",
                               strbuf_str(&quoted), detail);
    strbuf_release(&quoted);
    return s;
}

static const yt_node *seq_item(const yt_node *map, const char *key, size_t i) {
    const yt_node *seq = yt_get(map, key);
    return seq && seq->type == YT_SEQ && i < seq->count ? seq->kids[i] : map;
}

static const yt_node *item_field(const yt_node *item, const char *key) {
    const yt_node *v = item ? yt_get(item, key) : NULL;
    return v ? v : item;
}

/* ignoredResources: label names; ignoredResourceGroups: label names
   without '/'. */
static podsim_status validate_ignored(dec *d, const path *p,
                                      const yt_node *args,
                                      const node_resources_fit_args *a) {
    path list = PATH_KEY(p, "ignoredResources");
    for (size_t i = 0; i < a->ignored_resources.count; i++) {
        const char *name = a->ignored_resources.items[i];
        const char *problem = qualified_name_problem(name);
        path at = PATH_INDEX(&list, i);
        if (problem) {
            return invalid_string(d, &at, seq_item(args, "ignoredResources", i),
                                  name, problem);
        }
    }
    path groups = PATH_KEY(p, "ignoredResourceGroups");
    for (size_t i = 0; i < a->ignored_resource_groups.count; i++) {
        const char *group = a->ignored_resource_groups.items[i];
        const yt_node *n = seq_item(args, "ignoredResourceGroups", i);
        path at = PATH_INDEX(&groups, i);
        if (strchr(group, '/')) {
            return invalid_string(d, &at, n, group,
                                  "resource group name can't contain '/'");
        }
        const char *problem = qualified_name_problem(group);
        if (problem) return invalid_string(d, &at, n, group, problem);
    }
    return PODSIM_OK;
}

/* validateResources: weights in (0, 100]. */
static podsim_status validate_weights(dec *d, const path *p,
                                      const yt_node *strategy,
                                      const node_resources_fit_args *a) {
    path list = PATH_KEY(p, "resources");
    for (size_t i = 0; i < a->resource_count; i++) {
        const resource_spec *spec = &a->resources[i];
        if (spec->weight > 0 && spec->weight <= 100) continue;
        path at = PATH_INDEX(&list, i);
        path weight = PATH_KEY(&at, "weight");
        const yt_node *item = seq_item(strategy, "resources", i);
        return dec_fail(d, &weight, item_field(item, "weight"), PODSIM_EINVAL,
                        "Invalid value: %lld: resource weight of %s not in "
                        "valid range (0, 100]",
                        (long long)spec->weight, spec->name);
    }
    return PODSIM_OK;
}

/* validateFunctionShape: increasing utilizations in [0, 100], scores in
   [0, MaxCustomPriorityScore]. */
static podsim_status validate_shape(dec *d, const path *p, const yt_node *ratio,
                                    const node_resources_fit_args *a) {
    path shape = PATH_KEY(p, "shape");
    if (a->shape_count == 0) {
        return dec_fail(d, &shape, ratio, PODSIM_EINVAL,
                        "Required value: at least one point must be "
                        "specified");
    }
    for (size_t i = 1; i < a->shape_count; i++) {
        if (a->shape[i - 1].utilization < a->shape[i].utilization) continue;
        path at = PATH_INDEX(&shape, i);
        path field = PATH_KEY(&at, "utilization");
        return dec_fail(d, &field,
                        item_field(seq_item(ratio, "shape", i), "utilization"),
                        PODSIM_EINVAL,
                        "Invalid value: %lld: values must be sorted in "
                        "increasing order",
                        (long long)a->shape[i].utilization);
    }
    for (size_t i = 0; i < a->shape_count; i++) {
        const shape_point *pt = &a->shape[i];
        path at = PATH_INDEX(&shape, i);
        const yt_node *item = seq_item(ratio, "shape", i);
        if (pt->utilization < 0 || pt->utilization > 100) {
            path field = PATH_KEY(&at, "utilization");
            return dec_fail(d, &field, item_field(item, "utilization"),
                            PODSIM_EINVAL,
                            "Invalid value: %lld: not in valid range [0, 100]",
                            (long long)pt->utilization);
        }
        if (pt->score < 0 || pt->score > MAX_CUSTOM_PRIORITY_SCORE) {
            path field = PATH_KEY(&at, "score");
            return dec_fail(d, &field, item_field(item, "score"), PODSIM_EINVAL,
                            "Invalid value: %lld: not in valid range [0, %d]",
                            (long long)pt->score, MAX_CUSTOM_PRIORITY_SCORE);
        }
    }
    return PODSIM_OK;
}

static podsim_status decode_shape_point(dec *d, const path *p,
                                        const yt_node *item, void *out,
                                        void *ctx) {
    shape_point *pt = out;
    int32_t utilization = 0, score = 0;
    podsim_status s;
    (void)ctx;
    if ((s = dec_i32(d, p, item, "utilization", &utilization)) ||
        (s = dec_i32(d, p, item, "score", &score))) {
        return s;
    }
    pt->utilization = utilization;
    pt->score = score;
    return PODSIM_OK;
}

/* scoringStrategy: {type, resources, requestedToCapacityRatio: {shape}},
   decoded, defaulted and validated. */
static podsim_status decode_strategy(dec *d, const path *p,
                                     const yt_node *strategy,
                                     node_resources_fit_args *a) {
    const char *type = NULL;
    const yt_node *ratio = NULL;
    podsim_status s;
    path ratio_path = PATH_KEY(p, "requestedToCapacityRatio");
    a->resources = NULL;
    a->resource_count = 0;
    a->shape = NULL;
    a->shape_count = 0;
    if ((s = dec_str(d, p, strategy, "type", &type)) ||
        (s = decode_resource_specs(d, p, strategy, "resources", &a->resources,
                                   &a->resource_count)) ||
        (s = dec_map(d, p, strategy, "requestedToCapacityRatio", &ratio))) {
        return s;
    }
    if (ratio) {
        void *points = NULL;
        if ((s = dec_list(d, &ratio_path, ratio, "shape", sizeof(shape_point),
                          decode_shape_point, NULL, &points,
                          &a->shape_count))) {
            return s;
        }
        a->shape = points;
    }
    if (a->resource_count == 0) {
        a->resources = default_resource_specs;
        a->resource_count = 2;
    }

    size_t known = 0;
    while (known < 3 && strcmp(type, strategy_names[known]) != 0) known++;
    if (known == 3) {
        path field = PATH_KEY(p, "type");
        strbuf quoted;
        strbuf_init(&quoted);
        go_quote(&quoted, type);
        s = dec_fail(d, &field, item_field(strategy, "type"), PODSIM_EINVAL,
                     "Unsupported value: %s: supported values: "
                     "\"LeastAllocated\", \"MostAllocated\", "
                     "\"RequestedToCapacityRatio\"",
                     strbuf_str(&quoted));
        strbuf_release(&quoted);
        return s;
    }
    a->strategy = (scoring_strategy_type)known;
    if ((s = validate_weights(d, p, strategy, a))) return s;
    if (a->strategy == STRATEGY_REQUESTED_TO_CAPACITY_RATIO) {
        if (!ratio) {
            return dec_fail(d, &ratio_path, strategy, PODSIM_EINVAL,
                            "Required value: must be specified when type is "
                            "RequestedToCapacityRatio");
        }
        return validate_shape(d, &ratio_path, ratio, a);
    }
    if (ratio) {
        return dec_fail(d, &ratio_path, ratio, PODSIM_EINVAL,
                        "Forbidden: must be nil when type is not "
                        "RequestedToCapacityRatio");
    }
    return PODSIM_OK;
}

static podsim_status fit_args_decode(dec *d, const path *p, const yt_node *args,
                                     void *out) {
    node_resources_fit_args *a = out;
    const yt_node *strategy = NULL;
    podsim_status s;
    if (!args || args->is_null) return PODSIM_OK;
    if ((s = dec_expect(d, p, args, YT_MAP)) ||
        (s = dec_strings(d, p, args, "ignoredResources",
                         &a->ignored_resources)) ||
        (s = dec_strings(d, p, args, "ignoredResourceGroups",
                         &a->ignored_resource_groups)) ||
        (s = validate_ignored(d, p, args, a)) ||
        (s = dec_map(d, p, args, "scoringStrategy", &strategy))) {
        return s;
    }
    if (!strategy) return PODSIM_OK; /* defaulted: LeastAllocated */
    path strategy_path = PATH_KEY(p, "scoringStrategy");
    return decode_strategy(d, &strategy_path, strategy, a);
}

/* ---- PreFilter and Filter
 * ------------------------------------------------------- */

/* CycleState of one pod: what PreFilter and PreScore computed. */
typedef struct fit_state {
    bool prefiltered;
    int32_t *scalars; /* scalar resources the pod requests and Fit checks */
    size_t scalar_count;
    resource_scoring *scoring; /* from PreScore */
} fit_state;

static fit_state *fit_state_of(sched_cycle *cy, void **state) {
    if (!*state) *state = cycle_alloc(cy, sizeof(fit_state));
    return *state;
}

/* ignoredResources and ignoredResourceGroups apply to extended resources
   only (not hugepages-* nor kubernetes.io/ names). */
static bool is_ignored(const node_resources_fit_args *a, const char *name) {
    if (!resource_is_extended(name)) return false;
    for (size_t i = 0; i < a->ignored_resources.count; i++) {
        if (strcmp(a->ignored_resources.items[i], name) == 0) return true;
    }
    size_t group_len = strcspn(name, "/");
    for (size_t i = 0; i < a->ignored_resource_groups.count; i++) {
        const char *group = a->ignored_resource_groups.items[i];
        if (strncmp(group, name, group_len) == 0 && group[group_len] == '\0') {
            return true;
        }
    }
    return false;
}

/* The scalar resources Filter checks: requested (non-zero), scalar
   (others never reach NodeInfo's Resource) and not ignored. */
static sched_code collect_scalars(sched_cycle *cy,
                                  const node_resources_fit_args *a,
                                  fit_state *s) {
    const sched_snapshot *snap = cy->snap;
    size_t n = snap->res_count > RES_FIRST_SCALAR
                   ? snap->res_count - RES_FIRST_SCALAR
                   : 0;
    s->scalars = cycle_alloc(cy, (n ? n : 1) * sizeof *s->scalars);
    if (!s->scalars) return SCHED_ERROR;
    s->scalar_count = 0;
    for (size_t r = RES_FIRST_SCALAR; r < snap->res_count; r++) {
        const char *name = snap->res_names[r];
        if (cy->req[r] == 0 || !resource_is_scalar(name)) continue;
        if (is_ignored(a, name)) continue;
        s->scalars[s->scalar_count++] = (int32_t)r;
    }
    return SCHED_SUCCESS;
}

static sched_code fit_pre_filter(sched_cycle *cy, const sched_slot *slot,
                                 void **state, sched_node_set *nodes,
                                 sched_reasons *why) {
    (void)nodes;
    (void)why;
    fit_state *s = fit_state_of(cy, state);
    if (!s || collect_scalars(cy, fit_args(slot), s)) return SCHED_ERROR;
    s->prefiltered = true;
    return SCHED_SUCCESS;
}

/* One resource against the node: short when the pod asks for more than
   allocatable minus what the node's pods already request (no non-zero
   defaults). From v1.34 the shortfall is unresolvable when the request
   alone exceeds allocatable: preemption cannot make room. */
static bool insufficient(const snap_node *node, int32_t res, int64_t request,
                         bool *unresolvable) {
    if (request <= 0 || request <= node->alloc[res] - node->req[res]) {
        return false;
    }
    if (request > node->alloc[res]) *unresolvable = true;
    return true;
}

static sched_code fit_filter(sched_cycle *cy, const sched_slot *slot,
                             void *state, int32_t node_index,
                             sched_reasons *why) {
    static const struct {
        int32_t res;
        const char *reason;
    } fixed[] = {{RES_CPU, "Insufficient cpu"},
                 {RES_MEMORY, "Insufficient memory"},
                 {RES_EPHEMERAL, "Insufficient ephemeral-storage"}};
    const fit_state *s = state;
    (void)slot;
    if (!s || !s->prefiltered) {
        return cycle_error(cy,
                           "error reading \"PreFilterNodeResourcesFit\" from "
                           "cycleState: not found");
    }
    const snap_node *node = &cy->snap->nodes[node_index];
    bool unresolvable = false;
    int reasons = 0;
    /* checked even for a pod that requests nothing */
    if ((int64_t)node->num_pods + 1 > node->alloc[RES_PODS]) {
        reasons_add(why, "Too many pods");
        reasons++;
    }
    for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++) {
        int32_t res = fixed[i].res;
        if (insufficient(node, res, cy->req[res], &unresolvable)) {
            reasons_add(why, fixed[i].reason);
            reasons++;
        }
    }
    for (size_t i = 0; i < s->scalar_count; i++) {
        int32_t res = s->scalars[i];
        if (!insufficient(node, res, cy->req[res], &unresolvable)) continue;
        const char *reason =
            cycle_printf(cy, "Insufficient %s", cy->snap->res_names[res]);
        if (!reason) return SCHED_ERROR;
        reasons_add(why, reason);
        reasons++;
    }
    if (reasons == 0) return SCHED_SUCCESS;
    return unresolvable && cy->minor >= 34 ? SCHED_UNRESOLVABLE
                                           : SCHED_UNSCHEDULABLE;
}

/* ---- PreScore and Score
 * ---------------------------------------------------------- */

/* The scorer of the configured strategy, with the shape's scores scaled
   from MaxCustomPriorityScore (10) to MaxNodeScore (100). */
static resource_scoring *fit_scoring_new(sched_cycle *cy,
                                         const node_resources_fit_args *a) {
    static const resource_scorer_fn scorers[] = {
        least_allocated_scorer, most_allocated_scorer,
        requested_to_capacity_ratio_scorer};
    resource_scoring *s = resource_scoring_new(
        cy, a->resources, a->resource_count, false, scorers[a->strategy]);
    if (!s || a->strategy != STRATEGY_REQUESTED_TO_CAPACITY_RATIO) return s;
    shape_point *shape =
        cycle_alloc(cy, (a->shape_count ? a->shape_count : 1) * sizeof *shape);
    if (!shape) return NULL;
    for (size_t i = 0; i < a->shape_count; i++) {
        shape[i].utilization = a->shape[i].utilization;
        shape[i].score = a->shape[i].score *
                         (SCHED_MAX_NODE_SCORE / MAX_CUSTOM_PRIORITY_SCORE);
    }
    s->shape = shape;
    s->shape_count = a->shape_count;
    return s;
}

static sched_code fit_pre_score(sched_cycle *cy, const sched_slot *slot,
                                void **state, const int32_t *nodes, size_t n) {
    (void)nodes;
    (void)n;
    fit_state *s = fit_state_of(cy, state);
    if (!s) return SCHED_ERROR;
    s->scoring = fit_scoring_new(cy, fit_args(slot));
    return s->scoring ? SCHED_SUCCESS : SCHED_ERROR;
}

static sched_code fit_score(sched_cycle *cy, const sched_slot *slot,
                            void *state, int32_t node, int64_t *out) {
    const fit_state *s = state;
    /* like upstream, compute the pod's requests when PreScore did not */
    const resource_scoring *scoring =
        s && s->scoring ? s->scoring : fit_scoring_new(cy, fit_args(slot));
    if (!scoring) return SCHED_ERROR;
    return resource_scoring_score(cy, scoring, &cy->snap->nodes[node], out);
}

const sched_plugin sched_plugin_node_resources_fit = {
    .name = "NodeResourcesFit",
    .points = PT_BIT(PT_PRE_FILTER) | PT_BIT(PT_FILTER) | PT_BIT(PT_PRE_SCORE) |
              PT_BIT(PT_SCORE),
    .default_weight = 1,
    .args_size = sizeof(node_resources_fit_args),
    .args_default = fit_args_default,
    .args_decode = fit_args_decode,
    .pre_filter = fit_pre_filter,
    .filter = fit_filter,
    .pre_score = fit_pre_score,
    .score = fit_score,
    .normalize = NULL,
};
