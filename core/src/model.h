/*
 * model.h - private: the cluster handle and what modules share about it.
 *
 * The model holds one array of public view structs per kind (podsim.h);
 * ids are indexes into those arrays. Everything a view points to lives in
 * the cluster's arena, with strings interned. Loads only append, so a
 * failed load is undone by truncating arrays and rolling the arena back.
 */
#ifndef PODSIM_MODEL_H
#define PODSIM_MODEL_H

#include "podsim.h"
#include "support.h"

/** Kubernetes constants that differ by version or are admission flags.
 *  Version-dependent values are filled by cluster_version_defaults. */
typedef struct podsim_constants {
    int minor; /* 30..35 */
    int64_t default_not_ready_toleration_seconds;
    int64_t default_unreachable_toleration_seconds;
    int64_t termination_grace_period_seconds; /* 30 */
} podsim_constants;

/** One entry of the name index: (kind, namespace, name) -> id. */
typedef struct name_slot {
    const char *namespace_; /* interned; NULL for cluster-scoped */
    const char *name;       /* interned; NULL = empty slot */
    uint32_t hash;
    int32_t kind;
    podsim_id id;
} name_slot;

struct podsim_cluster {
    char version_text[16];
    podsim_constants k8s;
    podsim_limits limits;

    arena mem;            /* every view and array the views point to */
    intern_table strings; /* names, keys, values */
    segvec objects[PODSIM_KIND_COUNT]; /* the public view structs by id */

    name_slot *index; /* open addressing over all named objects */
    size_t index_slots;
    size_t index_used;

    /* node.requested arrays are recomputed after each load: malloc'd,
       one per node, freed on recompute */
    podsim_resource **node_requested;
    size_t node_requested_len;

    podsim_error error;
    strbuf error_text;
    char *error_source;

    int64_t newest_time; /* printer's default as_of, cached */
    bool newest_time_known;

    /* Bumped by every change to the model (load, rollback, bind), so the
       scheduler knows when its snapshot is stale. */
    uint64_t generation;
    /* The scheduler's state (snapshot, sampling index, tie-break stream,
       default configuration), owned here and freed through sched_free so
       that the model layer does not depend on the scheduler's types. */
    void *sched;
    void (*sched_free)(void *sched);

    /* A clone (the simulation's working model) shares its source's loaded
       views and strings: it holds a reference on the source, which
       podsim_cluster_free drops; `refs` counts the clones alive. */
    podsim_cluster *parent;
    int refs;

    /* Loads into a simulation's model replace objects of the same kind and
       name (except pods) instead of failing; `replaced` collects
       (kind, id) pairs of podsim_id[2] for the caller to clear. */
    bool replace_existing;
    vec replaced;

    strbuf render;   /* borrowed text of podsim_cluster_render */
    strbuf row_text; /* borrowed text of podsim_pod_row_get */
};

/* ---- errors (status.c) -------------------------------------------------- */

void cluster_clear_error(podsim_cluster *c);
#if defined(__GNUC__)
__attribute__((format(printf, 6, 7)))
#endif
podsim_status
cluster_fail(podsim_cluster *c, podsim_status status, const char *source,
             int line, int column, const char *fmt, ...);

/* ---- objects (cluster.c) ----------------------------------------------- */

/** Size of the view struct stored for a kind. */
size_t kind_view_size(podsim_kind kind);
/** Kind from its Kubernetes name ("Pod"); -1 if podsim does not model it. */
int kind_from_name(const char *name);

/** Append a zeroed view for `kind`; its id is set. NULL when OOM. */
void *cluster_new_object(podsim_cluster *c, podsim_kind kind);
/** Id of (kind, ns, name) or PODSIM_NO_ID; strings need not be interned. */
podsim_id cluster_lookup(const podsim_cluster *c, podsim_kind kind,
                         const char *namespace_, const char *name);
/** Register an object's name; PODSIM_EEXIST if taken, PODSIM_ENOMEM. */
podsim_status cluster_index_add(podsim_cluster *c, podsim_kind kind,
                                const char *namespace_, const char *name,
                                podsim_id id);
/** Rebuild the name index from the object arrays (after a rollback). */
podsim_status cluster_index_rebuild(podsim_cluster *c);

/** The meta of any object view. */
const podsim_meta *object_meta(const podsim_cluster *c, podsim_kind kind,
                               podsim_id id);

/** A snapshot of the model's size, for rollback. */
typedef struct cluster_mark {
    arena_mark mem;
    size_t strings;
    size_t counts[PODSIM_KIND_COUNT];
} cluster_mark;

cluster_mark cluster_get_mark(const podsim_cluster *c);
void cluster_rollback(podsim_cluster *c, const cluster_mark *mark);

/** After a successful load: bind pods to node ids, admission that needs
 *  other objects (priority classes), node.requested and pod counts. */
podsim_status cluster_commit(podsim_cluster *c, const cluster_mark *mark);

/** corev1helpers.PodPriority: spec.priority, 0 when unset. */
static inline int64_t pod_priority(const podsim_pod *p) {
    return p->spec.priority.set ? p->spec.priority.value : 0;
}

/** Scheduler and informer view: Succeeded and Failed pods hold no node
 *  capacity (pkg/scheduler/eventhandlers.go drops terminal pods). */
bool pod_holds_resources(const podsim_pod *p);

/** Bind a pod to a node as the API server's Binding does: spec.nodeName
 *  set, the node's requested list and pod count updated. PODSIM_EINVAL if
 *  the pod is already bound or an id is bad; PODSIM_ERANGE, PODSIM_ENOMEM
 *  (the model is unchanged then). */
podsim_status cluster_bind_pod(podsim_cluster *c, podsim_id pod,
                               podsim_id node);

/** Set (or with "" clear) a pending pod's status.nominatedNodeName, as
 *  the scheduler's preemption does. `node_name` must be a string of the
 *  cluster (a node's interned name) or "". */
podsim_status cluster_nominate_pod(podsim_cluster *c, podsim_id pod,
                                   const char *node_name);

/** A copy for a simulation: views are copied (they point into `src`'s
 *  memory, which stays alive through a reference), the name index and the
 *  nodes' requested lists are copied, new strings go to the copy's own
 *  arena. Pod statuses still point into src: whoever changes them must
 *  give the copy its own arrays first. PODSIM_ENOMEM. */
podsim_status cluster_clone(podsim_cluster *src, podsim_cluster **out);
/** A bound pod stops holding node capacity (it finished or is gone): its
 *  requests leave the node's requested list and pod count. */
podsim_status cluster_release_pod(podsim_cluster *c, podsim_id pod);
/** The pod object is gone: its name is free again, views skip it. */
void cluster_remove_pod(podsim_cluster *c, podsim_id pod);

/** kubectl get nodes STATUS (printNode): Ready, NotReady or Unknown, plus
 *  ",SchedulingDisabled" when cordoned (printer.c). */
void node_status_text(const podsim_node *node, char *out, size_t cap);

/** A simulation deleted a Node: its name is free again (the view stays,
 *  marked removed); the scheduler rebuilds its snapshot. */
void cluster_remove_node(podsim_cluster *c, podsim_id node);
/** A Node object was added by a simulation (cluster_new_object +
 *  cluster_index_add): the scheduler rebuilds its snapshot. */
void cluster_node_added(podsim_cluster *c, podsim_id node);

/** The newest timestamp anywhere in the model (creation times, pod and
 *  container status times, node conditions, events): when the dump was
 *  taken, as near as the model knows; PODSIM_NO_TIME when it has none.
 *  Cached until the next load (printer.c). */
int64_t cluster_newest_time(const podsim_cluster *c);

/* ---- the scheduler's cache, kept current by a simulation (framework.c) -- */

/** A bound pod stopped holding capacity (terminal phase or removed). Call
 *  after cluster_release_pod; the scheduler's snapshot follows without a
 *  rebuild. */
void sched_pod_released(podsim_cluster *c, const podsim_pod *pod);
/** A bound pod got its deletionTimestamp. */
void sched_pod_terminating(podsim_cluster *c, const podsim_pod *pod);
/** Node taints or spec.unschedulable changed (written through the node
 *  views): the snapshot's fast-path counts follow. */
void sched_nodes_spec_changed(podsim_cluster *c);
/** A pod object was added that the scheduler's cache does not hold
 *  (unbound): the snapshot stays valid. */
void sched_pod_added_unbound(podsim_cluster *c);
/** A fork continues the scheduler's tie-break stream and its round-robin
 *  start index (nextStartNodeIndex) where the source is. */
void sched_copy_stream(podsim_cluster *dst, const podsim_cluster *src);

/* ---- defaulting.c ------------------------------------------------------- */

#define DEFAULT_TEMPLATE 1u  /* a workload's spec.template */
#define DEFAULT_DAEMONSET 2u /* created by the DaemonSet controller */

/** API-server defaulting and admission for a decoded pod or pod template
 *  (flags above). Allocates in the cluster arena; PODSIM_ENOMEM. */
podsim_status default_pod(podsim_cluster *c, podsim_pod *pod, unsigned flags);
/** apps/v1 and batch/v1 defaulting of a decoded workload's spec. */
void default_workload(podsim_workload *w);
/** imagePullPolicy from the image reference (no tag or :latest -> Always). */
podsim_pull_policy default_pull_policy(const char *image);
/** Priority admission: priority and preemptionPolicy from the class. */
void admit_pod_priority(podsim_cluster *c, podsim_pod *pod);

/* ---- requests.c --------------------------------------------------------- */

/** Internal flag: only the containers' aggregate (AggregateContainerRequests:
 *  no pod-level requests, no overhead). */
#define REQUESTS_AGGREGATE_ONLY 0x100u

/** Effective requests into an arena array (see podsim_pod_compute_requests).
 *  Writes the list through `out`. */
podsim_status pod_requests_into(podsim_cluster *c, const podsim_pod *pod,
                                unsigned flags, arena *mem,
                                podsim_resources *out);

/** The pod's QoS class as the API server computes it (ComputePodQOS):
 *  "Guaranteed", "Burstable" or "BestEffort"; ignores status.qosClass. */
const char *pod_qos_class(const podsim_pod *p);

/** metav1.GetControllerOf: the ownerReference with controller: true, or
 *  NULL. */
const podsim_owner_reference *meta_controller_of(const podsim_meta *m);
/** The condition of this type in a status.conditions list, or NULL. */
const podsim_condition *conditions_find(const podsim_condition *list,
                                        size_t count, const char *type);
/** The pod's status condition of this type, or NULL. */
static inline const podsim_condition *pod_condition(const podsim_pod *p,
                                                    const char *type) {
    return conditions_find(p->status.conditions, p->status.condition_count,
                           type);
}

/* ---- timefmt.c ---------------------------------------------------------- */

/** RFC 3339 (with optional fraction and offset) to ms since the epoch. */
bool parse_rfc3339(const char *s, size_t len, int64_t *out_ms);
/** time.ParseDuration ("1h2m3.5s", "-500ms", "0") of s[0..len) in
 *  nanoseconds, each term truncated to a nanosecond as Go does. False on a
 *  malformed text or overflow, *why saying which ("invalid duration",
 *  "missing unit in duration", "unknown unit in duration", "duration out
 *  of range"). */
bool go_duration_nanos(const char *s, size_t len, int64_t *nanos,
                       const char **why);
/** kubectl's duration.HumanDuration ("5m30s", "3d4h"). */
void human_duration(int64_t ms, strbuf *out);

#endif /* PODSIM_MODEL_H */
