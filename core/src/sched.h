/*
 * sched.h - private: the scheduling framework's shared types.
 *
 * Mirrors kube-scheduler's framework (pkg/scheduler/framework and
 * framework/runtime): a snapshot of the cluster (NodeInfo list in NodeTree
 * order), profiles with plugins per extension point, and one scheduling
 * cycle per pod. Plugins live one per file, named as upstream names them,
 * and are reached only through the sched_plugin table below.
 *
 * Units inside the scheduler are upstream's: cpu in millicores
 * (MilliValue), every other resource as Value() (bytes, counts).
 */
#ifndef PODSIM_SCHED_H
#define PODSIM_SCHED_H

#include "decode.h"
#include "match.h"
#include "model.h"

/* ---- status codes (framework.Code) --------------------------------------- */

typedef enum sched_code {
    SCHED_SUCCESS = 0,
    SCHED_UNSCHEDULABLE = 1, /* preemption may help */
    SCHED_UNRESOLVABLE = 2,  /* UnschedulableAndUnresolvable */
    SCHED_ERROR = 3,         /* plugin error: the attempt fails */
    SCHED_SKIP = 4           /* PreFilter/PreScore: plugin off for this pod */
} sched_code;

/* ---- extension points ---------------------------------------------------- */

typedef enum sched_point {
    PT_PRE_ENQUEUE = 0,
    PT_QUEUE_SORT,
    PT_PRE_FILTER,
    PT_FILTER,
    PT_POST_FILTER,
    PT_PRE_SCORE,
    PT_SCORE,
    PT_RESERVE,
    PT_PERMIT,
    PT_PRE_BIND,
    PT_BIND,
    PT_POST_BIND,
    PT_COUNT
} sched_point;

#define PT_BIT(p) (1u << (p))

/* ---- resources ----------------------------------------------------------- */

/* Fixed indexes of the snapshot's resource table; scalar (extended,
   hugepages-*) resources follow in order of first appearance. */
#define RES_CPU 0
#define RES_MEMORY 1
#define RES_EPHEMERAL 2
#define RES_PODS 3
#define RES_FIRST_SCALAR 4

/* upstream pkg/scheduler/util: DefaultMilliCPURequest, DefaultMemoryRequest */
#define SCHED_DEFAULT_MILLI_CPU 100
#define SCHED_DEFAULT_MEMORY (200LL * 1024 * 1024)

#define SCHED_MAX_NODE_SCORE 100

/* ---- snapshot ------------------------------------------------------------ */

/** A host port in use on a node (NodeInfo.UsedPorts). ip "0.0.0.0" when
 *  the pod gave none; protocol is podsim_protocol. */
typedef struct snap_port {
    const char *ip;
    int32_t port;
    int32_t protocol;
} snap_port;

/** One name of one image on a node (status.images[].names[]). */
typedef struct snap_image {
    const char *name; /* interned in the cluster */
    int64_t size;
} snap_image;

/** A resource amount of a pod: (resource index, value). */
typedef struct snap_amount {
    int32_t res;
    int64_t value;
} snap_amount;

/** A pod assigned to a node, as the scheduler's cache holds it. Finished
 *  pods (Succeeded/Failed) are not in the snapshot. */
typedef struct snap_pod {
    const podsim_pod *pod;
    int32_t node;      /* snapshot node index */
    int32_t priority;  /* spec.priority, 0 when unset */
    bool terminating;  /* metadata.deletionTimestamp set */
    bool removed;      /* taken out by a preemption dry run; nominated pods stay
                          removed until a filter adds them */
    bool nominated;    /* pending pod nominated to `node` (not bound) */
    bool has_affinity; /* any pod (anti-)affinity term */
    bool has_required_anti_affinity; /* required anti-affinity terms */
    int64_t nonzero_cpu;             /* requests with non-zero defaults */
    int64_t nonzero_mem;
    const snap_amount *req; /* actual requests (PodRequests), sparse */
    size_t req_count;
} snap_pod;

typedef struct snap_node {
    const podsim_node *node;
    const char *name;
    podsim_id id;        /* model id */
    int64_t *alloc;      /* [snapshot res_cap] allocatable */
    int64_t *req;        /* [snapshot res_cap] Requested (no defaults) */
    int64_t nonzero_cpu; /* NonZeroRequested */
    int64_t nonzero_mem;
    int32_t num_pods; /* pods counted against allocatable "pods" */
    vec pods;         /* int32_t snapshot pod indexes on this node */
    vec ports;        /* snap_port in use */
    const snap_image *images;
    size_t image_count;
    int32_t nominated_pods;              /* live nominated entries here */
    int32_t affinity_pods;               /* pods here with has_affinity */
    int32_t required_anti_affinity_pods; /* ... with required anti-aff. */
} snap_node;

/* Slots of sched_snapshot.plugin_cache, one per plugin that keeps one. */
enum {
    SNAP_CACHE_POD_TOPOLOGY_SPREAD = 0,
    SNAP_CACHE_INTER_POD_AFFINITY,
    SNAP_CACHE_COUNT
};

typedef struct sched_snapshot {
    podsim_cluster *c;
    uint64_t generation; /* cluster generation it was built from */
    arena mem;
    snap_node *nodes; /* NodeTree order: zones interleaved round-robin */
    size_t node_count;
    int32_t *index_of_node; /* model node id -> snapshot index or -1 */
    size_t index_of_node_len;
    vec pods;               /* snap_pod */
    const char **res_names; /* interned; [res_count] */
    size_t res_count;
    size_t res_cap;
    /* image name -> number of nodes listing it (ImageLocality spread) */
    const char **image_keys;
    int32_t *image_counts;
    size_t image_slots;
    /* Plugin caches that live as long as the snapshot: a plugin builds its
       own lazily (malloc'd), sets the free function, and keeps it current:
       pods are only ever appended to `pods` (a cache may remember how many
       it has seen), while every remove/restore bumps removal_version (a
       cache built at another version must be rebuilt). */
    void *plugin_cache[SNAP_CACHE_COUNT];
    void (*plugin_cache_free[SNAP_CACHE_COUNT])(void *cache);
    uint64_t removal_version;
    int32_t nominated_total;     /* live nominated entries, all nodes */
    int32_t unschedulable_nodes; /* spec.unschedulable, for fast paths */
    int32_t hard_tainted_nodes;  /* with a NoSchedule/NoExecute taint */
    int32_t pods_with_affinity;  /* totals, for plugins' fast paths */
    int32_t pods_with_required_anti_affinity;
} sched_snapshot;

/** Build (or rebuild) the snapshot of the cluster. */
podsim_status snapshot_build(sched_snapshot *s, podsim_cluster *c);
void snapshot_release(sched_snapshot *s);
/** Index of a resource name (interned or not); with `add`, a new scalar
 *  resource is appended (every node gets allocatable 0). -1 when absent
 *  (or out of memory with add). */
int32_t snapshot_resource(sched_snapshot *s, const char *name, bool add);
/** Number of nodes whose status lists the image name. */
int32_t snapshot_image_nodes(const sched_snapshot *s, const char *name);
/** Add a model pod bound to snapshot node `node` (after a bind). */
podsim_status snapshot_add_pod(sched_snapshot *s, const podsim_pod *pod,
                               int32_t node);
/** A pending pod nominated to snapshot node `node` (the nominator): kept
 *  out of the node's accounting until a filter adds it. */
podsim_status snapshot_add_nominated(sched_snapshot *s, const podsim_pod *pod,
                                     int32_t node);
/** Forget a pod's nomination (it was bound, or lost it); -1 if none. */
void snapshot_drop_nominated(sched_snapshot *s, const podsim_pod *pod);
/** Preemption dry runs: take a pod out of its node's accounting, or put
 *  it back. */
void snapshot_remove_pod(sched_snapshot *s, int32_t pod);
void snapshot_restore_pod(sched_snapshot *s, int32_t pod);
/** A bound pod left for good (finished or deleted): out of the accounting
 *  and out of its node's list. */
void snapshot_forget_pod(sched_snapshot *s, const podsim_pod *pod);
/** A bound pod got a deletionTimestamp. */
void snapshot_pod_terminating(sched_snapshot *s, const podsim_pod *pod);
static inline snap_pod *snapshot_pod(const sched_snapshot *s, int32_t i) {
    return (snap_pod *)vec_at(&s->pods, (size_t)i);
}
/** A resource value of a quantity in scheduler units (cpu milli). */
int64_t sched_quantity_value(int32_t res, const podsim_quantity *q);

/* ---- plugins and profiles ------------------------------------------------ */

#define SCHED_MAX_REASONS 8

/** The reasons of one plugin status (Status.Reasons()). Strings are static
 *  or live in the cycle's arena. */
typedef struct sched_reasons {
    const char *items[SCHED_MAX_REASONS];
    int count;
} sched_reasons;

static inline void reasons_add(sched_reasons *r, const char *reason) {
    if (r->count < SCHED_MAX_REASONS) r->items[r->count++] = reason;
}

/** A PreFilterResult: the node set a PreFilter narrowed the pod to. */
typedef struct sched_node_set {
    bool all;       /* nil NodeNames: every node */
    int32_t *nodes; /* snapshot indexes (cycle arena) */
    size_t count;
    /* names the plugin listed, in the snapshot or not: upstream merges
       names, so a set naming only absent nodes is not a conflict */
    size_t named;
} sched_node_set;

typedef struct sched_cycle sched_cycle;
typedef struct sched_slot sched_slot;

typedef struct sched_plugin {
    const char *name;
    unsigned points; /* PT_BIT()s of the extension points it implements */
    int32_t default_weight; /* score weight in the default profile */

    /* Plugin args (pluginConfig[].args): defaults, then decode and
       validate, reporting errors through dec_fail with the field path. */
    size_t args_size;
    void (*args_default)(void *args);
    podsim_status (*args_decode)(dec *d, const path *p, const yt_node *args,
                                 void *out);

    /* PreFilter: SUCCESS (may narrow *nodes), SKIP, UNSCHEDULABLE or
       UNRESOLVABLE (the pod fails everywhere; reasons in *why). The state
       it allocates (cycle arena) is handed to filter. Called for every
       plugin enabled at PreFilter or Filter; only the former's verdicts
       count. */
    sched_code (*pre_filter)(sched_cycle *cy, const sched_slot *slot,
                             void **state, sched_node_set *nodes,
                             sched_reasons *why);
    sched_code (*filter)(sched_cycle *cy, const sched_slot *slot, void *state,
                         int32_t node, sched_reasons *why);
    /* PreScore over the feasible nodes: SUCCESS or SKIP (adds 0). */
    sched_code (*pre_score)(sched_cycle *cy, const sched_slot *slot,
                            void **state, const int32_t *nodes, size_t n);
    /* Score: SUCCESS or ERROR (message in cy->error). */
    sched_code (*score)(sched_cycle *cy, const sched_slot *slot, void *state,
                        int32_t node, int64_t *out);
    /* NormalizeScore, in place over scores[i] of nodes[i]. */
    void (*normalize)(sched_cycle *cy, const sched_slot *slot, void *state,
                      const int32_t *nodes, int64_t *scores, size_t n);
} sched_plugin;

/** One plugin enabled in a profile. */
struct sched_slot {
    const sched_plugin *plugin;
    const void *args; /* decoded args (defaults when not configured) */
    int32_t weight;   /* score weight (>= 1) */
    int index;        /* position in the profile's slot array */
    const podsim_plugin_def *custom; /* Python/Lua/C plugin, or NULL */
};

typedef struct sched_profile {
    const char *scheduler_name;
    int32_t percentage_of_nodes_to_score; /* -1: unset */
    sched_slot *slots;
    size_t slot_count;
    /* slot indexes per extension point, in run order */
    int32_t *points[PT_COUNT];
    size_t point_count[PT_COUNT];
} sched_profile;

/** One scheduling attempt of one pod (framework.CycleState and friends). */
struct sched_cycle {
    podsim_cluster *c;
    sched_snapshot *snap;
    const sched_profile *profile;
    const podsim_pod *pod;
    int minor;           /* Kubernetes minor version (30..35) */
    arena *mem;          /* scratch for this attempt */
    int64_t *req;        /* [snap->res_count] actual requests (PodRequests) */
    int64_t nonzero_cpu; /* with non-zero defaults (scoring) */
    int64_t nonzero_mem;
    bool requests_nothing; /* every request zero (best-effort) */
    bool rescheduling;     /* a bound pod scheduled as if it were not: its
                              spec.nodeName is the binding, not a wish */
    void **state;          /* per slot, from pre_filter / pre_score */
    strbuf *error;         /* SCHED_ERROR text */
};

/** printf into the cycle arena (reasons that carry values). */
const char *cycle_printf(sched_cycle *cy, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
/** Allocate zeroed scratch in the cycle arena (NULL when out of memory;
 *  plugins then return SCHED_ERROR). */
void *cycle_alloc(sched_cycle *cy, size_t size);
/** Fail the attempt with an error message. */
sched_code cycle_error(sched_cycle *cy, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/** The helper of plugins/helper/normalize_score.go DefaultNormalizeScore. */
void default_normalize_score(int64_t max_priority, bool reverse,
                             int64_t *scores, size_t n);

/* ---- configuration (scheduler_config.c) ---------------------------------- */

/** DefaultPreemptionArgs (decoded by the DefaultPreemption descriptor). */
typedef struct default_preemption_args {
    int32_t min_candidate_nodes_percentage; /* default 10 */
    int32_t min_candidate_nodes_absolute;   /* default 100 */
} default_preemption_args;

/** The built-in plugin named `name`, or NULL. */
const sched_plugin *sched_builtin_plugin(const char *name);

/** The resolved profile whose schedulerName is `name` (NULL: the first
 *  profile). Resolution (multiPoint expansion, plugin lookup including
 *  custom plugins, weights) is cached until the configuration changes.
 *  Errors (PODSIM_ENOTFOUND: no such profile; PODSIM_EINVAL: a plugin
 *  that does not exist or is registered twice) are set on the config. */
podsim_status config_profile(podsim_scheduler_config *cfg, const char *name,
                             const sched_profile **out);

/** The global percentageOfNodesToScore (0: adaptive). */
int32_t config_percentage_of_nodes_to_score(const podsim_scheduler_config *cfg);

/** True if the profile has `plugin` enabled at extension point `pt`. */
bool profile_has(const sched_profile *p, sched_point pt, const char *plugin);

/* ---- the built-in plugins (one file each) -------------------------------- */

extern const sched_plugin sched_plugin_scheduling_gates;
extern const sched_plugin sched_plugin_priority_sort;
extern const sched_plugin sched_plugin_node_unschedulable;
extern const sched_plugin sched_plugin_node_name;
extern const sched_plugin sched_plugin_taint_toleration;
extern const sched_plugin sched_plugin_node_affinity;
extern const sched_plugin sched_plugin_node_ports;
extern const sched_plugin sched_plugin_node_resources_fit;
extern const sched_plugin sched_plugin_volume_restrictions;
extern const sched_plugin sched_plugin_node_volume_limits;
extern const sched_plugin sched_plugin_volume_binding;
extern const sched_plugin sched_plugin_volume_zone;
extern const sched_plugin sched_plugin_pod_topology_spread;
extern const sched_plugin sched_plugin_inter_pod_affinity;
extern const sched_plugin sched_plugin_default_preemption;
extern const sched_plugin sched_plugin_node_resources_balanced_allocation;
extern const sched_plugin sched_plugin_image_locality;
extern const sched_plugin sched_plugin_default_binder;

#endif /* PODSIM_SCHED_H */
