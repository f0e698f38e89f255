/*
 * sim.h - private: the simulation engine and what its components share.
 *
 * One simulated clock in integer milliseconds (0 = the simulation's start)
 * and one queue of timed entries, ordered by (time, sequence) so that two
 * entries at the same instant run in the order they were posted: a run is
 * a pure function of the inputs and the seed.
 *
 * Components (the scheduler queue, the kubelet, the workload controllers)
 * each own a `module` id, post entries to themselves, and keep their own
 * per-object state in vectors indexed by model id. They talk to each other
 * the way Kubernetes components do: by writing the model (the working
 * cluster, a copy the simulation owns) and by watch notifications, which
 * the engine delivers as queue entries at the current instant (an
 * informer with zero latency). Pending timers are cancelled lazily: an
 * entry carries the generation (`gen`) of what it targets and is dropped
 * when that generation has moved on.
 */
#ifndef PODSIM_SIM_H
#define PODSIM_SIM_H

#include "model.h"

/* ---- versioned constants (one table; sim_constants_for in sim.c) -------- */

typedef struct sim_constants {
    int minor;
    /* kubelet (pkg/kubelet/kubelet.go) */
    int64_t crashloop_initial_ms;     /* containerBackOffPeriod 10 s */
    int64_t crashloop_max_ms;         /* MaxContainerBackOff 300 s */
    int64_t crashloop_reset_ms;       /* 600 s without a back-off update */
    int64_t image_backoff_initial_ms; /* imageBackOffPeriod 10 s */
    int64_t image_backoff_max_ms;     /* MaxImageBackOff 300 s */
    int64_t image_backoff_expire_ms;  /* 2 x max: an idle entry is fresh */
    int64_t sync_error_requeue_ms;    /* backOffPeriod 10 s (+0..50 %) */
    int64_t restart_lag_max_ms;       /* 5 s from 1.34, 15 s before */
    int64_t kill_floor_ms;            /* minimumGracePeriodInSeconds 2 s */
    int64_t termination_grace_ms;     /* default 30 s */
    /* scheduler (pkg/scheduler/apis/config/v1/defaults.go, queue) */
    int64_t sched_backoff_initial_ms;   /* podInitialBackoffSeconds 1 s */
    int64_t sched_backoff_max_ms;       /* podMaxBackoffSeconds 10 s */
    int64_t sched_unschedulable_max_ms; /* 5 min in unschedulablePods */
    int64_t sched_flush_period_ms;  /* flushUnschedulablePodsLeftover 30 s */
    int64_t sched_backoff_flush_ms; /* flushBackoffQCompleted 1 s */
    bool sched_pop_from_backoffq;   /* SchedulerPopFromBackoffQ on (1.33+) */
    /* Job controller (pkg/controller/job) */
    int64_t job_backoff_initial_ms;  /* DefaultJobPodFailureBackOff 10 s */
    int64_t job_backoff_max_ms;      /* MaxJobPodFailureBackOff 10 min */
    bool job_pod_replacement_policy; /* JobPodReplacementPolicy on (1.29+) */
    bool sidecar_containers;         /* SidecarContainers on (1.29+) */
} sim_constants;

void sim_constants_for(int minor, sim_constants *out);

/** A pod's controller: the workload whose ownerReference has
 *  controller: true (kind PODSIM_KIND_COUNT and id PODSIM_NO_ID when none
 *  or not in the model). */
typedef struct sim_owner {
    int32_t kind;
    podsim_id id;
} sim_owner;

/* ---- the queue ------------------------------------------------------------
 */

typedef enum sim_module {
    MOD_ENGINE = 0,     /* applies, deletions, watch fan-out */
    MOD_SCHEDULER,      /* sim_scheduler.c */
    MOD_KUBELET,        /* kubelet.c */
    MOD_CONTROLLERS,    /* replicaset.c, deployment.c, statefulset.c,
                           daemonset.c, job.c (controllers.c dispatches) */
    MOD_NODES,          /* node_lifecycle.c: the kubelet's node status and
                           Lease, the node lifecycle controller */
    MOD_TAINT_EVICTION, /* taint_eviction.c */
    MOD_PODGC,          /* podgc.c */
    MOD_DISRUPTION,     /* disruption.c: kubectl drain, Eviction API, PDBs */
    MOD_REPORT,         /* whatif_report.c: the what-if recorder */
    MOD_COUNT
} sim_module;

/** One timed entry. `op` is the module's own; a, b and gen are its
 *  arguments (usually an object id, a slot, and the generation). */
typedef struct sim_entry {
    int64_t time;
    uint64_t seq;
    uint8_t module;
    uint8_t op;
    uint16_t pad;
    int32_t a;
    int32_t b;
    uint32_t gen;
} sim_entry;

/* Engine ops other files post (sim.c handles them). */
#define SIM_OP_WATCH_NODE 4 /* a = node, b = WATCH_NODE_* mask */
#define SIM_OP_ACTION 5     /* a = index into sim->actions */

/** Set in an entry's op for periodic work (resyncs, queue flushes) that
 *  re-arms itself for ever: podsim_sim_run_idle ignores such entries. */
#define SIM_PERIODIC 0x80

/* ---- watch notifications --------------------------------------------------
 */

/* What changed on a pod (a bit mask); delivered to every component's
   on_pod hook at the current instant, in posting order. */
#define WATCH_CREATED 1u  /* a new pod object */
#define WATCH_BOUND 2u    /* spec.nodeName set */
#define WATCH_STATUS 4u   /* phase, ready or container states changed */
#define WATCH_DELETING 8u /* deletionTimestamp set */
#define WATCH_REMOVED 16u /* the object is gone */
#define WATCH_SPEC 32u    /* spec changed (scheduling gates removed) */

/* What changed on a node (a bit mask), delivered to every component's
   on_node hook at the current instant. */
#define WATCH_NODE_CONDITIONS 1u /* status.conditions written */
#define WATCH_NODE_TAINTS 2u     /* spec.taints changed */
#define WATCH_NODE_SPEC 4u       /* spec.unschedulable changed */
#define WATCH_NODE_ADDED 8u      /* a Node object registered (again) */
#define WATCH_NODE_DELETED 16u   /* the Node object is gone */
#define WATCH_NODE_HEALTH                       \
    32u /* the machine's ground truth changed   \
           (sim_node_state.health): the kubelet \
           and node status react to this */

/* What changed on a workload (controllers only). */
#define WATCH_WORKLOAD_CREATED 1u
#define WATCH_WORKLOAD_UPDATED 2u

/* ---- the event log and the change log ---------------------------------------
 */

typedef struct sim_series_slot {
    uint64_t key_hash;
    int32_t last; /* index of the series' latest occurrence, -1 = empty */
} sim_series_slot;

/* ---- the simulation ---------------------------------------------------------
 */

/** A kubectl apply waiting for its time: the text is parsed (and checked)
 *  when posted and loaded into the working model at `at`. */
typedef struct sim_apply {
    int64_t at;
    char *text;
    size_t len;
    char *source;
} sim_apply;

/** A user's pod deletion waiting for its time. */
typedef struct sim_delete_request {
    char *namespace_;
    char *name;
    int64_t grace_seconds; /* -1 = the pod's own */
    bool force;
} sim_delete_request;

/** A what-if action waiting for its time (sim_nodes.c runs it). */
typedef enum sim_action_kind {
    ACTION_FAIL_NODE = 0, /* mode = podsim_node_failure */
    ACTION_FAIL_ZONE,     /* target = zone, mode */
    ACTION_RECOVER_NODE,
    ACTION_DELETE_NODE,
    ACTION_CORDON_NODE, /* mode 1 = cordon, 0 = uncordon */
    ACTION_DRAIN_NODE,
    ACTION_TAINT_NODE /* text = kubectl taint argument */
} sim_action_kind;

typedef struct sim_action {
    int kind;     /* sim_action_kind */
    int mode;     /* see above */
    char *target; /* node or zone name (malloc) */
    char *text;   /* taint text or NULL (malloc) */
} sim_action;

/* The machine behind a Node, as podsim knows it and the API does not:
   what the kubelet and the containers really do. Components read it to
   decide what happens on the node; only the engine (actions) and the
   kubelet (a shutdown finishing) change it, through sim_node_set_health. */
typedef enum sim_node_health {
    NODE_HEALTHY = 0,   /* the kubelet renews its Lease and posts status */
    NODE_UNREACHABLE,   /* the kubelet is silent; containers keep running */
    NODE_NOT_READY,     /* the kubelet is alive and reports Ready=False */
    NODE_SHUTTING_DOWN, /* graceful node shutdown: the kubelet is alive,
                           reports NotReady and terminates pods */
    NODE_OFF            /* powered off: the kubelet is silent, the
                           containers are gone */
} sim_node_health;

typedef struct sim_node_state {
    uint8_t health;         /* sim_node_health */
    bool deleted;           /* the Node object is gone (its view has
                               node->removed; a re-registered node is a new id) */
    bool was_off;           /* powered off since the last recovery: on recovery
                               sandboxes and containers start again */
    int64_t last_heartbeat; /* renewTime of the kubelet's last Lease renewal
                               while it is silent; -1 while it renews */
    int64_t failed_at;      /* latest failure action, -1 */
    int64_t recovered_at;   /* latest recovery action, -1 */
} sim_node_state;

typedef struct sim_behavior_rule {
    char *pod_glob;
    char *container_glob;
    podsim_behavior b; /* pattern strings owned (malloc) */
} sim_behavior_rule;

typedef struct sim_image {
    char *name;
    int64_t size;
    bool missing;
} sim_image;

/* Per-module state is opaque to the engine: each module provides new,
   free and fork through this table (sim.c holds one per module). */
typedef struct sim_module_ops {
    void *(*create)(podsim_sim *sim);
    void (*destroy)(void *state);
    /** Deep copy for a fork: `dst` is the new simulation whose cluster is
     *  already a copy of src's. */
    void *(*fork)(podsim_sim *dst, const void *src_state);
    void (*handle)(podsim_sim *sim, const sim_entry *e);
    /** A pod changed (WATCH_* mask). */
    void (*on_pod)(podsim_sim *sim, podsim_id pod, unsigned what);
    /** A workload (kind DEPLOYMENT..JOB) changed (WATCH_WORKLOAD_*). */
    void (*on_workload)(podsim_sim *sim, podsim_kind kind, podsim_id workload,
                        unsigned what);
    /** Bytes of state kept (for stats). */
    size_t (*memory)(const void *state);
    /** A node changed (WATCH_NODE_*); may be NULL. */
    void (*on_node)(podsim_sim *sim, podsim_id node, unsigned what);

} sim_module_ops;

struct podsim_sim {
    podsim_cluster *c;               /* the working model (a clone) */
    podsim_scheduler_config *config; /* borrowed; NULL = default */
    sim_constants k;
    podsim_timing timing; /* defaults filled in */
    char version_text[8];
    int64_t epoch_ms; /* wall time of simulated 0 */
    int64_t now;
    uint64_t seq;
    uint64_t rng;
    unsigned flags; /* PODSIM_SIM_* options */

    vec heap; /* sim_entry, a binary min-heap on (time, seq) */

    podsim_node_lifecycle nl; /* defaults filled (fill_node_lifecycle):
                                 no field is 0 unless it means 0; -1
                                 became 0; rates < 0 became 0 */
    vec actions;              /* sim_action, in order of posting */
    vec node_state;           /* sim_node_state per node id (sim_nodes.c) */
    vec applies;              /* sim_apply, in order of posting */
    vec deletes;              /* sim_delete_request, in order of posting */
    vec behaviors;            /* sim_behavior_rule */
    vec images;               /* sim_image */

    vec events;              /* podsim_sim_event occurrences, in order */
    sim_series_slot *series; /* open addressing: series key -> last */
    size_t series_slots;
    size_t series_used;
    vec changes;              /* podsim_sim_change */
    size_t changes_published; /* changes a caller may have read */
    vec pod_shown;  /* sim_pod_shown per pod id: the last visible state */
    vec pod_owner;  /* sim_owner per pod id: its controller (cached) */
    vec pod_blocks; /* sim_status_block* per pod id (sim_pods.c) */

    void *module_state[MOD_COUNT];
    podsim_sim_stats stats;

    strbuf text; /* borrowed render text */
    podsim_error error;
    strbuf error_text;
    char *error_source;
    bool failed; /* a component hit an error (out of memory) mid-run */
};

/* ---- engine services (sim.c) ------------------------------------------------
 */

/** Post an entry at absolute time `at` (>= now). Returns false when out of
 *  memory (the simulation is marked failed). */
bool sim_post(podsim_sim *sim, int64_t at, sim_module module, int op, int32_t a,
              int32_t b, uint32_t gen);
/** Notify every component that a pod changed (at now, queued). */
void sim_pod_changed(podsim_sim *sim, podsim_id pod, unsigned what);
void sim_workload_changed(podsim_sim *sim, podsim_kind kind, podsim_id workload,
                          unsigned what);

/** The module's state (module_state[m]). */
static inline void *sim_state(podsim_sim *sim, sim_module m) {
    return sim->module_state[m];
}

/** Uniform random in [0, n) from the simulation's stream (0 when n <= 0). */
int64_t sim_random(podsim_sim *sim, int64_t n);
/** A duration with the timing's jitter applied (exact when jitter is 0). */
int64_t sim_jitter(podsim_sim *sim, int64_t ms);

/** Record a Kubernetes Event at now. `field_path` and `host` may be NULL;
 *  `fmt` formats the message. Identical events (same object, reason,
 *  message, source) form one series whose count grows, as client-go's
 *  EventCorrelator aggregates them. */
#if defined(__GNUC__)
__attribute__((format(printf, 8, 9)))
#endif
void sim_event(podsim_sim *sim, const char *type, const char *reason,
               podsim_kind kind, podsim_id id, const char *field_path,
               const char *source, const char *fmt, ...);
/** As sim_event, for a kubelet event on `pod` (source kubelet, host = the
 *  pod's node). */
#if defined(__GNUC__)
__attribute__((format(printf, 6, 7)))
#endif
void sim_pod_event(podsim_sim *sim, podsim_id pod, const char *type,
                   const char *reason, const char *field_path,
                   const char *fmt, ...);

/** As sim_event, for a kubelet event on a Node (source kubelet, host = the
 *  node), as the kubelet's recordNodeStatusEvent records them. */
#if defined(__GNUC__)
__attribute__((format(printf, 5, 6)))
#endif
void sim_node_event(podsim_sim *sim, podsim_id node, const char *type,
                    const char *reason, const char *fmt, ...);

/** After a component wrote a pod's status: record what became visibly
 *  different (change log) and notify watchers with WATCH_STATUS when the
 *  phase, readiness or a container state changed. */
void sim_pod_status_written(podsim_sim *sim, podsim_id pod);
/** Record a workload's field change in the change log ("readyReplicas"). */
void sim_workload_field(podsim_sim *sim, podsim_kind kind, podsim_id workload,
                        const char *field, int64_t value);

/** Intern a string into the working cluster (NULL when out of memory;
 *  the simulation is marked failed). */
const char *sim_intern(podsim_sim *sim, const char *s);
#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
const char *
sim_internf(podsim_sim *sim, const char *fmt, ...);

/** Work a user posted for later is still queued: an apply, a pod deletion
 *  or a what-if action (a node's failure or recovery, a drain...); the
 *  components' own work does not count. */
bool sim_user_work_pending(const podsim_sim *sim);

/** Mark the run failed with an out-of-memory error (components call this
 *  and return; the run stops at the end of the current entry). */
void sim_fail_oom(podsim_sim *sim);

/** Model time (ms since the Unix epoch) of simulated time t. */
static inline int64_t sim_wall(const podsim_sim *sim, int64_t t) {
    return sim->epoch_ms + t;
}

/** The behaviour for container `container` of pod (rules, newest first;
 *  the default runs forever, which a NULL pod also gets). */
const podsim_behavior *sim_behavior_for(const podsim_sim *sim,
                                        const podsim_pod *pod,
                                        const char *container);
/** What the registry says about an image: size (default when unknown) and
 *  whether pulls fail. */
void sim_image_info(const podsim_sim *sim, const char *image, int64_t *size,
                    bool *missing);

/* ---- pods as the API server sees them (sim_pods.c) ------------------------
 */

/** Create a pod from a template as a controller does (generateName or a
 *  fixed name, labels, ownerReference to `owner`), with API-server
 *  defaulting and admission, at now. Returns its id or PODSIM_NO_ID (name
 *  taken: PODSIM_EEXIST in *status; out of memory). */
podsim_id sim_create_pod(podsim_sim *sim, const podsim_pod *template_pod,
                         sim_owner owner, const char *name,
                         const podsim_kv *extra_labels, size_t extra_count,
                         podsim_status *status);
/** DELETE with a grace period (seconds; < 0 = the pod's own). Sets
 *  deletionTimestamp (or removes an unbound or finished pod at once, as
 *  the API server does with grace 0) and notifies WATCH_DELETING. */
void sim_delete_pod(podsim_sim *sim, podsim_id pod, int64_t grace_seconds);
/** The object is gone: drop it from the name index and node accounting,
 *  notify WATCH_REMOVED. */
void sim_remove_pod(podsim_sim *sim, podsim_id pod);
/** The pod's phase became terminal: release its node capacity in the
 *  model and the scheduler's cache. The kubelet calls this exactly once,
 *  when it writes Succeeded or Failed (sim_remove_pod releases a pod that
 *  was still holding capacity). */
void sim_release_pod(podsim_sim *sim, podsim_id pod);

/* Status writes. Every component that changes a pod's status goes through
   these, which give the pod its own copy of its status arrays first (the
   loaded ones are shared read-only) and keep forks independent. After a
   batch of writes, call sim_pod_status_written. */

/** The pod view, writable (phase, reason, message, start_time, host_ip,
 *  pod_ip, nominated node; meta.deletion_timestamp). NULL when OOM. */
podsim_pod *sim_pod_mut(podsim_sim *sim, podsim_id pod);
/** Init container statuses then regular ones, in spec order (count =
 *  init + regular), writable. A container with no loaded status starts
 *  with state kind NONE. NULL when OOM. */
podsim_container_status *sim_pod_containers(podsim_sim *sim, podsim_id pod,
                                            size_t *count);
/** Set a condition (added when absent). lastTransitionTime moves only when
 *  the status flips. `status` must be a static "True"/"False"/"Unknown".
 *  True when anything changed. */
bool sim_pod_set_condition(podsim_sim *sim, podsim_id pod, const char *type,
                           const char *status, const char *reason,
                           const char *message);
bool sim_pods_fork(podsim_sim *dst, const podsim_sim *src);
void sim_pods_free(podsim_sim *sim);
size_t sim_pods_memory(const podsim_sim *sim);

sim_owner sim_pod_owner(podsim_sim *sim, podsim_id pod);
/** Set a pod's controller (pods a controller creates). */
void sim_set_pod_owner(podsim_sim *sim, podsim_id pod, sim_owner owner);

/* The node lifecycle controller's taints (pkg/apis/core/well_known_taints.go)
   and the out-of-service taint of non-graceful node shutdown. */
#define TAINT_NOT_READY "node.kubernetes.io/not-ready"
#define TAINT_UNREACHABLE "node.kubernetes.io/unreachable"
#define TAINT_UNSCHEDULABLE "node.kubernetes.io/unschedulable"
#define TAINT_OUT_OF_SERVICE "node.kubernetes.io/out-of-service"

/* ---- nodes as the API server sees them (sim_nodes.c) ----------------------
 */

/** The machine state of a node (never NULL for a valid id). */
sim_node_state *sim_node(podsim_sim *sim, podsim_id node);
/** Change a node's machine state at now and notify WATCH_NODE_HEALTH.
 *  Going silent (UNREACHABLE, OFF) sets last_heartbeat to now minus
 *  nl.heartbeat_age_ms (unless already silent); going HEALTHY clears it. */
void sim_node_set_health(podsim_sim *sim, podsim_id node,
                         sim_node_health health);
/** A node's Lease renewal is current (the kubelet renews it). */
static inline bool sim_node_kubelet_alive(const sim_node_state *st) {
    return st->health == NODE_HEALTHY || st->health == NODE_NOT_READY ||
           st->health == NODE_SHUTTING_DOWN;
}

/* Node writes. Node views point into memory shared with forks and the
   loaded cluster, so every write gives the node new arrays (in the
   working cluster's arena) instead of changing the old ones: writes are
   rare (a few per failure), and forks stay independent for free. Each
   returns true when something changed and then notifies watchers
   (WATCH_NODE_CONDITIONS, _TAINTS, _SPEC) and logs the change; false
   when nothing changed or out of memory (the run is marked failed). */

/** Set a node condition (added when absent; lastTransitionTime moves only
 *  when the status flips; lastHeartbeatTime = heartbeat unless it is
 *  PODSIM_NO_TIME). `status` is "True", "False" or "Unknown". */
bool sim_node_set_condition(podsim_sim *sim, podsim_id node, const char *type,
                            const char *status, const char *reason,
                            const char *message, int64_t heartbeat);
/** Add a taint (timeAdded = now for NoExecute, as upstream sets it) or
 *  replace the one with the same key and effect. */
bool sim_node_add_taint(podsim_sim *sim, podsim_id node, const char *key,
                        const char *value, podsim_taint_effect effect);
/** Remove the taint with this key and effect (PODSIM_EFFECT_NONE: every
 *  effect). */
bool sim_node_remove_taint(podsim_sim *sim, podsim_id node, const char *key,
                           podsim_taint_effect effect);
bool sim_node_set_unschedulable(podsim_sim *sim, podsim_id node,
                                bool unschedulable);
/** The node's condition of this type, or NULL. */
const podsim_condition *sim_node_condition(const podsim_node *node,
                                           const char *type);
/** Whether the node has a taint with this key and effect. */
bool sim_node_has_taint(const podsim_node *node, const char *key,
                        podsim_taint_effect effect);
/** Notify every component that a node changed (at now, queued). */
void sim_node_changed(podsim_sim *sim, podsim_id node, unsigned what);
/** utilnode.GetZoneKey: region and zone ("" for neither): nodes with the
 *  same key are one zone for the node lifecycle controller. */
const char *sim_node_zone_key(podsim_sim *sim, const podsim_node *node);
/** Live (not removed) node by name, or PODSIM_NO_ID. */
podsim_id sim_find_node(podsim_sim *sim, const char *name);
/** Engine: machine states of loaded nodes from their Ready condition (at
 *  sim_new), run an action, free and fork actions and node states. */
void sim_nodes_adopt(podsim_sim *sim);
void sim_action_run(podsim_sim *sim, int32_t index);
void sim_actions_free(podsim_sim *sim);
bool sim_actions_fork(podsim_sim *dst, const podsim_sim *src);
/** Append to the change log (kind "Node", "Pod", ...). */
void sim_log_change(podsim_sim *sim, const char *kind, const podsim_meta *meta,
                    const char *field, const char *value);

/* ---- the what-if recorder (whatif_report.c) ------------------------------
 */

/** Who is about to delete a pod ("TaintManager", "EvictionAPI", "PodGC",
 *  "ForceDelete", "NodeShutdown", ...): call right before
 *  sim_delete_pod / sim_remove_pod so the report can say why. */
void report_pod_deleted_by(podsim_sim *sim, podsim_id pod, const char *by);
/** A what-if action hit a node ("unreachable", "not-ready", "shutdown",
 *  "deleted", "drained", "tainted", "cordoned", "recovered"). The engine
 *  calls it when the action runs. */
void report_node_action(podsim_sim *sim, podsim_id node, const char *action);
/** kubectl drain of the node finished (every pod evicted and gone). */
void report_node_drained(podsim_sim *sim, podsim_id node);
/** A workload status field changed (sim_workload_field calls it, also
 *  when the change log is off). */
void report_workload_field(podsim_sim *sim, podsim_kind kind,
                           podsim_id workload, const char *field,
                           int64_t value);
/** The report at now (podsim_sim_report) and its text. */
podsim_status report_build(podsim_sim *sim, const podsim_report **out);
void report_render(podsim_sim *sim, strbuf *out);

/* ---- what the node lifecycle controller knows (node_lifecycle.c) -------- */

typedef struct sim_zone_info {
    int state;     /* 0 Initial, 1 Normal, 2 PartialDisruption, 3 Full */
    double qps;    /* the zone's NoExecute tainting rate; 0 = never */
    int32_t size;  /* nodes counted in the zone */
    bool queued;   /* the node waits in the zone's tainting queue */
    bool all_down; /* every zone is FullDisruption: nothing is evicted */
} sim_zone_info;

/** The node's zone as the controller sees it; false when it has none. */
bool nlc_zone_info(podsim_sim *sim, podsim_id node, sim_zone_info *out);

/* ---- kubectl drain (disruption.c) ---------------------------------------- */

/** Start draining a node (already cordoned by the engine). */
void disruption_drain(podsim_sim *sim, podsim_id node);

/** What kubectl drain did on a node (its latest drain; counts cover every
 *  drain of the node). */
typedef struct sim_drain_status {
    int64_t started_at;  /* latest drain started; -1 = never drained */
    int64_t finished_at; /* it finished: every listed pod evicted and seen
                            gone ("node/NAME drained"); -1 = not (yet) */
    bool failed;         /* it ended with an error (an eviction refused
                            for good: 500 more than one PDB, 403): the node
                            is not reported drained */
    int32_t evicted;     /* evictions the Eviction API accepted */
    int32_t refused;     /* evictions refused with 429 (a PDB), retried */
} sim_drain_status;

/** The drain status of a node (started_at -1 when never drained). */
sim_drain_status disruption_drain_status(podsim_sim *sim, podsim_id node);

/* ---- scenarios (scenario.c) ---------------------------------------------- */

/** Apply every `kind: Scenario` document of a YAML text (behaviours,
 *  images, timing) and ignore the others; errors carry file:line:column.
 *  Used by podsim_sim_apply_string (Kubernetes objects are skipped) and
 *  podsim_sim_load_scenario_* (which also reject non-Scenario documents
 *  when `strict`). */
podsim_status scenario_split(podsim_sim *sim, const char *text, size_t len,
                             const char *source);
podsim_status scenario_load(podsim_sim *sim, const char *text, size_t len,
                            const char *source, bool strict);
/** Read a whole file (at most `limit` bytes: PODSIM_ELIMIT; PODSIM_EIO,
 *  PODSIM_ENOMEM). *text is malloc'd and NUL-terminated. */
podsim_status read_whole_file(const char *path, size_t limit, char **text,
                              size_t *len);
/** Set the simulation's error (for modules outside sim.c). */
#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
podsim_status
sim_error(podsim_sim *sim, podsim_status status, const char *fmt, ...);
/** Set the simulation's error at a place in a source file. */
podsim_status sim_error_at(podsim_sim *sim, podsim_status status,
                           const char *source, int line, int column,
                           const char *message);
/** Clear the simulation's error (start of every public call). */
void sim_clear_error(podsim_sim *sim);

/* ---- views (sim_views.c, describe.c) ------------------------------------- */

/** "12.345s" (simulated seconds with milliseconds). */
void sim_format_time(strbuf *out, int64_t ms);
/** kubectl get events -A at now (describe.c). */
void render_events_table(podsim_sim *sim, strbuf *out);

/* ---- module tables ----------------------------------------------------------
 */

extern const sim_module_ops sim_scheduler_ops;      /* sim_scheduler.c */
extern const sim_module_ops sim_kubelet_ops;        /* kubelet.c */
extern const sim_module_ops sim_controllers_ops;    /* controllers.c */
extern const sim_module_ops sim_nodes_ops;          /* node_lifecycle.c */
extern const sim_module_ops sim_taint_eviction_ops; /* taint_eviction.c */
extern const sim_module_ops sim_podgc_ops;          /* podgc.c */
extern const sim_module_ops sim_disruption_ops;     /* disruption.c */
extern const sim_module_ops sim_report_ops;         /* whatif_report.c */

/* Scheduler: nodes were added or replaced (an apply): the NodeAdd /
   NodeUpdate cluster event that moves unschedulable pods. */
void sim_scheduler_nodes_changed(podsim_sim *sim);
/* Controllers: nodes were added or replaced (DaemonSets re-evaluate which
   nodes should run their pod: daemon_controller.go addNode/updateNode). */
void sim_controllers_nodes_changed(podsim_sim *sim);

#endif /* PODSIM_SIM_H */
