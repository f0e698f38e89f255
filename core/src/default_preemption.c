/*
 * default_preemption.c - the DefaultPreemption plugin's descriptor: its
 * extension point (PostFilter) and its args, DefaultPreemptionArgs.
 *
 * Mirrors pkg/scheduler/framework/plugins/defaultpreemption/
 * default_preemption.go (the plugin registers at PostFilter only),
 * pkg/scheduler/apis/config/v1/defaults.go (SetDefaults_
 * DefaultPreemptionArgs: 10 percent, 100 nodes) and
 * pkg/scheduler/apis/config/validation/validation_pluginargs.go
 * (ValidateDefaultPreemptionArgs). The dry runs themselves (candidate
 * sampling, victims, picking a node) belong to the framework's PostFilter
 * step, which reads these args from the profile's slot.
 */
#include "sched.h"

static void default_preemption_args_default(void *out) {
    default_preemption_args *a = out;
    a->min_candidate_nodes_percentage = 10;
    a->min_candidate_nodes_absolute = 100;
}

/* validateMinCandidateNodesPercentage, validateMinCandidateNodesAbsolute
   and the "not both zero" rule, reported in upstream's order (the first
   error of the aggregate). */
static podsim_status validate_args(dec *d, const path *p, const yt_node *args,
                                   const default_preemption_args *a) {
    path percentage = PATH_KEY(p, "minCandidateNodesPercentage");
    path absolute = PATH_KEY(p, "minCandidateNodesAbsolute");
    const yt_node *pn = yt_get(args, "minCandidateNodesPercentage");
    const yt_node *an = yt_get(args, "minCandidateNodesAbsolute");
    int32_t pv = a->min_candidate_nodes_percentage;
    int32_t av = a->min_candidate_nodes_absolute;
    if (pv < 0 || pv > 100) {
        return dec_fail(d, &percentage, pn ? pn : args, PODSIM_EINVAL,
                        "Invalid value: %d: not in valid range [0, 100]",
                        (int)pv);
    }
    if (av < 0) {
        return dec_fail(d, &absolute, an ? an : args, PODSIM_EINVAL,
                        "Invalid value: %d: not in valid range [0, inf)",
                        (int)av);
    }
    if (pv == 0 && av == 0) {
        return dec_fail(d, &percentage, pn ? pn : args, PODSIM_EINVAL,
                        "Invalid value: 0: cannot be zero at the same time "
                        "as minCandidateNodesAbsolute");
    }
    return PODSIM_OK;
}

/* DefaultPreemptionArgs: both fields are *int32 in v1, so an absent or
   null field keeps its default. */
static podsim_status default_preemption_args_decode(dec *d, const path *p,
                                                    const yt_node *args,
                                                    void *out) {
    default_preemption_args *a = out;
    if (!args || args->is_null) return PODSIM_OK;
    podsim_status s = dec_expect(d, p, args, YT_MAP);
    if (s) return s;
    if ((s = dec_i32(d, p, args, "minCandidateNodesPercentage",
                     &a->min_candidate_nodes_percentage)) ||
        (s = dec_i32(d, p, args, "minCandidateNodesAbsolute",
                     &a->min_candidate_nodes_absolute))) {
        return s;
    }
    return validate_args(d, p, args, a);
}

const sched_plugin sched_plugin_default_preemption = {
    .name = "DefaultPreemption",
    .points = PT_BIT(PT_POST_FILTER),
    .default_weight = 0,
    .args_size = sizeof(default_preemption_args),
    .args_default = default_preemption_args_default,
    .args_decode = default_preemption_args_decode,
};
