/*
 * default_binder.c - the DefaultBinder plugin (Bind).
 *
 * Mirrors pkg/scheduler/framework/plugins/defaultbinder/default_binder.go,
 * which posts the pods/binding subresource. In podsim the framework binds
 * the pod in the model (spec.nodeName and node accounting); this is the
 * descriptor that lets profiles name the plugin.
 */
#include "sched.h"

const sched_plugin sched_plugin_default_binder = {
    .name = "DefaultBinder",
    .points = PT_BIT(PT_BIND),
};
