/*
 * priority_sort.c - the PrioritySort plugin (QueueSort).
 *
 * Mirrors pkg/scheduler/framework/plugins/queuesort/priority_sort.go:
 * higher spec.priority first, then the earlier queue timestamp. The
 * scheduling queue orders pods itself; this is the descriptor that lets
 * profiles name the plugin.
 */
#include "sched.h"

const sched_plugin sched_plugin_priority_sort = {
    .name = "PrioritySort",
    .points = PT_BIT(PT_QUEUE_SORT),
};
