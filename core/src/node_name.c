/*
 * node_name.c - the NodeName plugin (Filter).
 *
 * Mirrors pkg/scheduler/framework/plugins/nodename/node_name.go: a pod
 * whose spec.nodeName is set fits only the node of that name; every
 * other node fails with "node(s) didn't match the requested node name"
 * (UnschedulableAndUnresolvable).
 */
#include <string.h>

#include "sched.h"

static const char reason_node_name[] =
    "node(s) didn't match the requested node name";

static sched_code filter(sched_cycle *cy, const sched_slot *slot, void *state,
                         int32_t node, sched_reasons *why) {
    (void)slot;
    (void)state;
    const char *want = cy->pod->spec.node_name;
    if (!want || !want[0] || cy->rescheduling) return SCHED_SUCCESS;
    const char *name = cy->snap->nodes[node].name;
    if (want == name || strcmp(want, name) == 0) return SCHED_SUCCESS;
    reasons_add(why, reason_node_name);
    return SCHED_UNRESOLVABLE;
}

/* Not an upstream extension point: a pod without spec.nodeName passes on
   every node, so the framework may skip the per-node call. */
static sched_code pre_filter(sched_cycle *cy, const sched_slot *slot,
                             void **state, sched_node_set *nodes,
                             sched_reasons *why) {
    (void)slot;
    (void)state;
    (void)nodes;
    (void)why;
    const char *want = cy->pod->spec.node_name;
    if (cy->rescheduling) return SCHED_SKIP;
    return want && want[0] ? SCHED_SUCCESS : SCHED_SKIP;
}

const sched_plugin sched_plugin_node_name = {
    .name = "NodeName",
    .points = PT_BIT(PT_FILTER),
    .pre_filter = pre_filter,
    .filter = filter,
};
