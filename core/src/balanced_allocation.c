/*
 * balanced_allocation.c - the NodeResourcesBalancedAllocation plugin:
 * favour nodes whose resources would be used evenly with the pod on them.
 *
 * Mirrors pkg/scheduler/framework/plugins/noderesources/
 * balanced_allocation.go (@e14ffeaa for v1.30-v1.32; from v1.33, PR
 * #130260, PreScore skips best-effort pods: those requesting none of the
 * configured resources, isBestEffortPod over the actual requests, not
 * the QoS class). Args (NodeResourcesBalancedAllocationArgs) are
 * defaulted as pkg/scheduler/apis/config/v1/defaults.go and validated as
 * validation_pluginargs.go ValidateNodeResourcesBalancedAllocationArgs.
 * The score itself is balanced_allocation_scorer in resource_allocation.c.
 *
 * Not modelled: the post-v1.35 formula of PR #135573 (master only).
 */
#include <string.h>

#include "resource_allocation.h"

/* ---- args
 * ------------------------------------------------------------------------ */

static const balanced_allocation_args default_balanced_args = {
    default_resource_specs, 2};

static void balanced_args_default(void *out) {
    *(balanced_allocation_args *)out = default_balanced_args;
}

static const balanced_allocation_args *balanced_args(const sched_slot *slot) {
    return slot->args ? slot->args : &default_balanced_args;
}

static const yt_node *resource_node(const yt_node *args, size_t i,
                                    const char *key) {
    const yt_node *seq = yt_get(args, "resources");
    if (!seq || seq->type != YT_SEQ || i >= seq->count) return args;
    const yt_node *v = yt_get(seq->kids[i], key);
    return v ? v : seq->kids[i];
}

/* Names must not repeat; every weight must be 1 (the weights take no part
   in the score). */
static podsim_status validate_balanced(dec *d, const path *p,
                                       const yt_node *args,
                                       const balanced_allocation_args *a) {
    path list = PATH_KEY(p, "resources");
    for (size_t i = 0; i < a->resource_count; i++) {
        const resource_spec *spec = &a->resources[i];
        path at = PATH_INDEX(&list, i);
        for (size_t j = 0; j < i; j++) {
            if (strcmp(a->resources[j].name, spec->name) != 0) continue;
            path name = PATH_KEY(&at, "name");
            strbuf quoted;
            strbuf_init(&quoted);
            go_quote(&quoted, spec->name);
            podsim_status s = dec_fail(d, &name, resource_node(args, i, "name"),
                                       PODSIM_EINVAL, "Duplicate value: %s",
                                       strbuf_str(&quoted));
            strbuf_release(&quoted);
            return s;
        }
        if (spec->weight != 1) {
            path weight = PATH_KEY(&at, "weight");
            return dec_fail(d, &weight, resource_node(args, i, "weight"),
                            PODSIM_EINVAL, "Invalid value: %lld: must be 1",
                            (long long)spec->weight);
        }
    }
    return PODSIM_OK;
}

static podsim_status balanced_args_decode(dec *d, const path *p,
                                          const yt_node *args, void *out) {
    balanced_allocation_args *a = out;
    podsim_status s;
    if (!args || args->is_null) return PODSIM_OK;
    if ((s = dec_expect(d, p, args, YT_MAP)) ||
        (s = decode_resource_specs(d, p, args, "resources", &a->resources,
                                   &a->resource_count))) {
        return s;
    }
    return validate_balanced(d, p, args, a);
}

/* ---- PreScore and Score
 * ---------------------------------------------------------- */

static resource_scoring *balanced_scoring_new(sched_cycle *cy,
                                              const sched_slot *slot) {
    const balanced_allocation_args *a = balanced_args(slot);
    /* actual requests of the pod and the node's pods: no non-zero
       defaults */
    return resource_scoring_new(cy, a->resources, a->resource_count, true,
                                balanced_allocation_scorer);
}

static sched_code balanced_pre_score(sched_cycle *cy, const sched_slot *slot,
                                     void **state, const int32_t *nodes,
                                     size_t n) {
    (void)nodes;
    (void)n;
    resource_scoring *s = balanced_scoring_new(cy, slot);
    if (!s) return SCHED_ERROR;
    /* v1.33+: a best-effort pod would otherwise pile onto one node
       (kubernetes/kubernetes#129138) */
    if (cy->minor >= 33 && resource_scoring_best_effort(s)) return SCHED_SKIP;
    *state = s;
    return SCHED_SUCCESS;
}

static sched_code balanced_score(sched_cycle *cy, const sched_slot *slot,
                                 void *state, int32_t node, int64_t *out) {
    const resource_scoring *s = state;
    if (!s) {
        /* like upstream, compute the pod's requests when PreScore did
           not (and score 0 for a best-effort pod from v1.33) */
        resource_scoring *fresh = balanced_scoring_new(cy, slot);
        if (!fresh) return SCHED_ERROR;
        if (cy->minor >= 33 && resource_scoring_best_effort(fresh)) {
            *out = 0;
            return SCHED_SUCCESS;
        }
        s = fresh;
    }
    return resource_scoring_score(cy, s, &cy->snap->nodes[node], out);
}

const sched_plugin sched_plugin_node_resources_balanced_allocation = {
    .name = "NodeResourcesBalancedAllocation",
    .points = PT_BIT(PT_PRE_SCORE) | PT_BIT(PT_SCORE),
    .default_weight = 1,
    .args_size = sizeof(balanced_allocation_args),
    .args_default = balanced_args_default,
    .args_decode = balanced_args_decode,
    .pre_filter = NULL,
    .filter = NULL,
    .pre_score = balanced_pre_score,
    .score = balanced_score,
    .normalize = NULL,
};
