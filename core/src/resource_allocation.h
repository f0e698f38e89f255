/*
 * resource_allocation.h - private: what NodeResourcesFit's score strategies
 * and NodeResourcesBalancedAllocation share.
 *
 * Mirrors pkg/scheduler/framework/plugins/noderesources/
 * resource_allocation.go (resourceAllocationScorer: the per-resource
 * requested/allocatable pair of a node, with its skip rules), the scorers
 * of least_allocated.go, most_allocated.go, requested_to_capacity_ratio.go
 * and balanced_allocation.go, plugins/helper/shape_score.go, the resource
 * name classes of pkg/scheduler/util (IsScalarResourceName) and
 * pkg/apis/core/v1/helper (IsExtendedResourceName), and the plugin args
 * both plugins decode (ResourceSpec lists, validated as
 * pkg/scheduler/apis/config/validation/validation_pluginargs.go does).
 */
#ifndef PODSIM_RESOURCE_ALLOCATION_H
#define PODSIM_RESOURCE_ALLOCATION_H

#include "sched.h"

/* ---- resource names ---------------------------------------------------------
 */

/** v1helper.IsExtendedResourceName: a name outside the kubernetes.io
 *  domain, with a '/', whose "requests."-prefixed form is a qualified
 *  name (example.com/gpu). */
bool resource_is_extended(const char *name);

/** schedutil.IsScalarResourceName: extended, hugepages-*, other
 *  kubernetes.io/ names and attachable-volumes-*. Only these take part in
 *  scheduling besides cpu, memory, ephemeral-storage and pods. */
bool resource_is_scalar(const char *name);

/* ---- plugin args
 * --------------------------------------------------------------- */

/** config.ResourceSpec: a resource name and its weight. */
typedef struct resource_spec {
    const char *name;
    int64_t weight;
} resource_spec;

/** config.MaxCustomPriorityScore: the scale of shape scores. */
#define MAX_CUSTOM_PRIORITY_SCORE 10

/** config.UtilizationShapePoint / helper.FunctionShapePoint. */
typedef struct shape_point {
    int64_t utilization;
    int64_t score;
} shape_point;

typedef enum scoring_strategy_type {
    STRATEGY_LEAST_ALLOCATED = 0,
    STRATEGY_MOST_ALLOCATED,
    STRATEGY_REQUESTED_TO_CAPACITY_RATIO
} scoring_strategy_type;

/** NodeResourcesFitArgs after v1 defaulting. */
typedef struct node_resources_fit_args {
    podsim_strings ignored_resources;
    podsim_strings ignored_resource_groups;
    scoring_strategy_type strategy;
    const resource_spec *resources;
    size_t resource_count;
    /* requestedToCapacityRatio.shape as configured (scores 0..10) */
    const shape_point *shape;
    size_t shape_count;
} node_resources_fit_args;

/** NodeResourcesBalancedAllocationArgs after v1 defaulting. */
typedef struct balanced_allocation_args {
    const resource_spec *resources;
    size_t resource_count;
} balanced_allocation_args;

/** defaultResourceSpec of the v1 defaults: cpu and memory, weight 1. */
extern const resource_spec default_resource_specs[2];

/** Decode a list of ResourceSpec at map[key] into *specs and *count (left
 *  untouched when absent or empty), with v1 defaulting of a zero weight
 *  to 1. */
podsim_status decode_resource_specs(dec *d, const path *p, const yt_node *map,
                                    const char *key,
                                    const resource_spec **specs, size_t *count);

/** Append Go's %q of `s` (field.Invalid shows string values so). */
void go_quote(strbuf *out, const char *s);

/* ---- the requested/allocatable pairs of one node
 * ------------------------------- */

typedef struct resource_scoring resource_scoring;

/** A strategy: the node score from requested[i]/allocatable[i] of each
 *  configured resource (allocatable 0 = skipped). */
typedef int64_t (*resource_scorer_fn)(const resource_scoring *s,
                                      const int64_t *requested,
                                      const int64_t *allocatable);

/** The PreScore state of a resource-allocation scorer for one pod. */
struct resource_scoring {
    const resource_spec *specs;
    size_t count;
    /* Balanced: Requested for cpu/memory; Fit: NonZeroRequested */
    bool use_requested;
    int32_t *res;         /* snapshot resource index; -1 = never scored */
    int64_t *pod_request; /* the pod's request of each resource */
    resource_scorer_fn scorer;
    const shape_point *shape; /* RequestedToCapacityRatio: scaled x10 */
    size_t shape_count;
};

/** calculatePodResourceRequestList and the node-independent part of
 *  calculateResourceAllocatableRequest. NULL when out of memory. */
resource_scoring *resource_scoring_new(sched_cycle *cy,
                                       const resource_spec *specs, size_t count,
                                       bool use_requested,
                                       resource_scorer_fn scorer);

/** isBestEffortPod: the pod requests none of the configured resources. */
bool resource_scoring_best_effort(const resource_scoring *s);

/** resourceAllocationScorer.score for one node. SCHED_ERROR when out of
 *  memory. */
sched_code resource_scoring_score(sched_cycle *cy, const resource_scoring *s,
                                  const snap_node *node, int64_t *out);

/* ---- the strategies
 * ------------------------------------------------------------ */

int64_t least_allocated_scorer(const resource_scoring *s,
                               const int64_t *requested,
                               const int64_t *allocatable);
int64_t most_allocated_scorer(const resource_scoring *s,
                              const int64_t *requested,
                              const int64_t *allocatable);
int64_t requested_to_capacity_ratio_scorer(const resource_scoring *s,
                                           const int64_t *requested,
                                           const int64_t *allocatable);
int64_t balanced_allocation_scorer(const resource_scoring *s,
                                   const int64_t *requested,
                                   const int64_t *allocatable);

/** helper.BuildBrokenLinearFunction(shape)(p): the first point's score
 *  at or below it, the last one's beyond, linear (truncating integer
 *  arithmetic) in between. `shape` must not be empty. */
int64_t broken_linear_function(const shape_point *shape, size_t count,
                               int64_t p);

#endif /* PODSIM_RESOURCE_ALLOCATION_H */
