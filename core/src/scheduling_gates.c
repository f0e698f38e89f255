/*
 * scheduling_gates.c - the SchedulingGates plugin (PreEnqueue).
 *
 * Mirrors pkg/scheduler/framework/plugins/schedulinggates: a pod with a
 * non-empty spec.schedulingGates is not queued; it gets PodScheduled=False
 * with reason SchedulingGated instead of a FailedScheduling event. The
 * queue checks spec.scheduling_gates itself, so the plugin is only the
 * descriptor that lets profiles enable, disable and describe it.
 */
#include "sched.h"

const sched_plugin sched_plugin_scheduling_gates = {
    .name = "SchedulingGates",
    .points = PT_BIT(PT_PRE_ENQUEUE),
};
