/*
 * node_unschedulable.c - the NodeUnschedulable plugin (Filter).
 *
 * Mirrors pkg/scheduler/framework/plugins/nodeunschedulable/
 * node_unschedulable.go: a node with spec.unschedulable (cordoned) fails
 * with "node(s) were unschedulable" (UnschedulableAndUnresolvable) unless
 * the pod tolerates the taint node.kubernetes.io/unschedulable:NoSchedule,
 * as DaemonSet pods do.
 */
#include "sched.h"

static const char reason_unschedulable[] = "node(s) were unschedulable";

static sched_code filter(sched_cycle *cy, const sched_slot *slot, void *state,
                         int32_t node, sched_reasons *why) {
    (void)slot;
    (void)state;
    const podsim_node *n = cy->snap->nodes[node].node;
    if (!n->unschedulable) return SCHED_SUCCESS;
    const podsim_taint cordon = {"node.kubernetes.io/unschedulable", "",
                                 PODSIM_EFFECT_NO_SCHEDULE, PODSIM_NO_TIME};
    const podsim_pod_spec *spec = &cy->pod->spec;
    if (tolerations_tolerate(spec->tolerations, spec->toleration_count,
                             &cordon)) {
        return SCHED_SUCCESS;
    }
    reasons_add(why, reason_unschedulable);
    return SCHED_UNRESOLVABLE;
}

/* Not an upstream extension point: with no cordoned node in the snapshot
   every node passes, so the framework may skip the per-node call. */
static sched_code pre_filter(sched_cycle *cy, const sched_slot *slot,
                             void **state, sched_node_set *nodes,
                             sched_reasons *why) {
    (void)slot;
    (void)state;
    (void)nodes;
    (void)why;
    return cy->snap->unschedulable_nodes ? SCHED_SUCCESS : SCHED_SKIP;
}

const sched_plugin sched_plugin_node_unschedulable = {
    .name = "NodeUnschedulable",
    .points = PT_BIT(PT_FILTER),
    .pre_filter = pre_filter,
    .filter = filter,
};
