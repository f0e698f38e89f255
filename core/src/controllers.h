/*
 * controllers.h - private: the workload controllers of a simulation.
 *
 * controllers.c is the module (MOD_CONTROLLERS): it owns the per-workload
 * state, turns watch notifications into work-queue adds (client-go's
 * rate-limited work queue with its AddAfter, deduplicated per key) and
 * dispatches syncs to the kinds: replicaset.c, deployment.c,
 * statefulset.c, daemonset.c and job.c. The helpers every kind shares
 * (pod predicates of pkg/api/v1/pod and pkg/controller/controller_utils.go,
 * pod creation with its events, IntOrString scaling, template hashing)
 * live in controllers.c and are declared here; the pure arithmetic is
 * exposed for the unit tests.
 */
#ifndef PODSIM_CONTROLLERS_H
#define PODSIM_CONTROLLERS_H

#include "sim.h"

/* Workload kinds DEPLOYMENT..JOB, indexed from 0. */
#define CTL_KINDS 5
#define CTL_KIND_INDEX(kind) ((int)(kind) - (int)PODSIM_KIND_DEPLOYMENT)

/* pkg/controller/replicaset/replica_set.go BurstReplicas and the Job
   controller's MaxPodCreateDeletePerSync */
#define CTL_BURST_REPLICAS 500
/* pkg/controller/daemon/daemon_controller.go BurstReplicas */
#define CTL_DAEMONSET_BURST 250
/* pkg/controller/job/job_controller.go syncJobBatchPeriod */
#define CTL_JOB_BATCH_MS 1000

/* Per-pod flags (ctl_state.pod_flags). */
#define CTL_POD_SEEN 1u /* added to its controller's pod list */
#define CTL_POD_COUNTED                                                   \
    2u                   /* Job: counted in succeeded or failed, i.e. its \
                            tracking finalizer is gone */
#define CTL_POD_READY 4u /* Ready when its owner last looked */

/* A Job condition (batch/v1 JobCondition). */
typedef struct ctl_condition {
    const char *type; /* FailureTarget, SuccessCriteriaMet, Failed, ... */
    const char *reason;
    const char *message;
    int64_t time; /* simulated ms */
} ctl_condition;

/* Where a Job is on its way to a terminal condition. */
typedef enum ctl_job_phase {
    CTL_JOB_RUNNING = 0,
    CTL_JOB_FAILURE_TARGET,       /* interim FailureTarget (1.31+) */
    CTL_JOB_SUCCESS_CRITERIA_MET, /* interim SuccessCriteriaMet (1.31+) */
    CTL_JOB_FAILED,
    CTL_JOB_COMPLETE
} ctl_job_phase;

/* The controllers' state for one workload (any kind; each kind uses its
   own fields). */
typedef struct ctl_workload {
    /* the work queue entry for this key */
    bool queued;
    uint32_t queue_gen;
    bool waiting; /* an AddAfter is pending at wait_at */
    int64_t wait_at;
    uint32_t wait_gen;

    vec pods; /* podsim_id of the pods it controls (removed ones dropped
                 once no longer needed) */

    /* ReplicaSet */
    podsim_id owner;                   /* the Deployment that controls it */
    int32_t desired_annotation;        /* deployment.kubernetes.io/desired-
                                          replicas; -1 when absent */
    int32_t max_annotation;            /* .../max-replicas; -1 when absent */
    int64_t revision;                  /* .../revision; 0 when absent */
    int64_t observed_replicas;         /* spec.replicas at the last sync */
    const podsim_pod *hashed_template; /* template of template_hash */
    uint32_t template_hash;            /* without pod-template-hash */

    /* Deployment */
    vec replica_sets; /* podsim_id of the ReplicaSets it controls */
    int32_t collision_count;

    /* StatefulSet and DaemonSet: ControllerRevisions */
    const podsim_pod *current_template;
    const char *current_revision;
    const podsim_pod *update_template;
    const char *update_revision;
    uint32_t revision_hash; /* podsim's hash of update_template */
    int64_t template_generation;

    /* status kept here (the view holds replicas, ready, available and
       updated) */
    int32_t desired;    /* DaemonSet desiredNumberScheduled */
    int32_t current;    /* StatefulSet currentReplicas */
    bool status_logged; /* the first status was written */

    /* Job */
    int32_t active, ready, terminating, succeeded, failed;
    int64_t start_time; /* model ms at API precision (PODSIM_NO_TIME) */
    int32_t failures_after_success; /* the back-off record */
    int64_t last_failure_time;      /* model ms (PODSIM_NO_TIME) */
    ctl_job_phase phase;
    const char *finish_reason;
    const char *finish_message;
    vec conditions;      /* ctl_condition */
    vec succeeded_index; /* uint8_t per completion index (Indexed) */
} ctl_workload;

/* The module's state. */
typedef struct ctl_state {
    segvec workloads[CTL_KINDS]; /* ctl_workload by id (never move) */
    vec pod_flags;               /* uint8_t by pod id */
    size_t pods_seen;            /* pods added to their controllers' lists */
    size_t replica_sets_seen;    /* ReplicaSets added to their Deployments */
    size_t nodes_seen;           /* nodes the DaemonSets were synced for */
} ctl_state;

/* ---- the module (controllers.c) ----------------------------------------- */

/** The workload's state (grown on demand); NULL when out of memory. */
ctl_workload *ctl_workload_get(podsim_sim *sim, podsim_kind kind, podsim_id id);
/** The workload view, writable (the working model's copy). */
podsim_workload *ctl_view(podsim_sim *sim, podsim_kind kind, podsim_id id);
/** Pods and ReplicaSets created since the last call are added to their
 *  controllers' lists; new nodes queue every DaemonSet. */
void ctl_absorb(podsim_sim *sim);
uint8_t *ctl_pod_flags(podsim_sim *sim, podsim_id pod);

/** workqueue Add: the key is synced at now (once, however often added). */
void ctl_enqueue(podsim_sim *sim, podsim_kind kind, podsim_id id);
/** workqueue AddAfter: added when `delay_ms` has passed (the earliest
 *  pending time wins). */
void ctl_enqueue_after(podsim_sim *sim, podsim_kind kind, podsim_id id,
                       int64_t delay_ms);

/* ---- pods as controllers see them ---------------------------------------- */

/** Model time as the API returns it: metav1.Time has whole seconds. */
int64_t ctl_api_time(int64_t model_ms);
/** podutil.IsPodReady: condition Ready is True. */
bool ctl_pod_ready(const podsim_pod *p);
/** lastTransitionTime of a True Ready condition (API seconds), or
 *  PODSIM_NO_TIME. */
int64_t ctl_ready_time(const podsim_pod *p);
/** podutil.IsPodAvailable at model time `now_model`. */
bool ctl_pod_available(const podsim_pod *p, int64_t min_ready_seconds,
                       int64_t now_model);
bool ctl_pod_terminal(const podsim_pod *p);
/** controller.IsPodActive: not Succeeded or Failed, no deletionTimestamp. */
bool ctl_pod_active(const podsim_pod *p);
/** controller.IsPodTerminating: deletionTimestamp set, not terminal. */
bool ctl_pod_terminating(const podsim_pod *p);
/** The pod view (NULL when the id is bad). */
const podsim_pod *ctl_pod(podsim_sim *sim, podsim_id id);
/** Drop removed pods from a workload's list (keep those `keep` says). */
void ctl_compact_pods(podsim_sim *sim, ctl_workload *w,
                      bool (*keep)(podsim_sim *, podsim_id));

/** Create a pod from `tmpl` owned by (kind, id), as PodControl does.
 *  `name` NULL = generateName `prefix` (NULL = "<owner>-") plus 5 random
 *  characters. With `source` set, records SuccessfulCreate "Created pod:
 *  <name>" on the owner (the StatefulSet words its own event). Returns the
 *  pod or PODSIM_NO_ID (the name is taken, out of memory). */
podsim_id ctl_create_pod(podsim_sim *sim, podsim_kind kind, podsim_id id,
                         const podsim_pod *tmpl, const char *name,
                         const char *prefix, const podsim_kv *labels,
                         size_t label_count, const char *source);
/** DELETE a pod (its own grace period) and record SuccessfulDelete
 *  "Deleted pod: <name>" on the owner. */
void ctl_delete_pod(podsim_sim *sim, podsim_kind kind, podsim_id id,
                    podsim_id pod, const char *source);

/** Set a status field on the view (when kept there) and log it if it
 *  changed (or was never logged). */
void ctl_status_field(podsim_sim *sim, podsim_kind kind, podsim_id id,
                      const char *field, int32_t *slot, int32_t value,
                      bool force);

/* ---- arithmetic (pure; unit tested) ----------------------------------------
 */

/** intstr.GetScaledValueFromIntOrPercent: "25%" of total rounded up or
 *  down, or an integer. False when the text is neither. */
bool ctl_scaled_value(const char *int_or_percent, int32_t total, bool round_up,
                      int32_t *out);
/** deploymentutil.ResolveFenceposts: surge rounds up, unavailable down,
 *  both 0 -> unavailable 1. Absent ("") means 0. */
void ctl_resolve_fenceposts(const char *max_surge, const char *max_unavailable,
                            int32_t desired, int32_t *surge,
                            int32_t *unavailable);
/** deploymentutil.NewRSNewReplicas for RollingUpdate. */
int32_t ctl_new_rs_new_replicas(int32_t replicas, int32_t max_surge,
                                int32_t current_pods, int32_t new_rs_replicas);
/** reconcileOldReplicaSets: how many old replicas may go. */
int32_t ctl_max_scaled_down(int32_t all_pods, int32_t replicas,
                            int32_t max_unavailable, int32_t new_rs_replicas,
                            int32_t new_rs_available);
/** The Job's pod-failure back-off after `failures` failures since the last
 *  success: initial x 2^(failures-1), capped. */
int64_t ctl_job_backoff_ms(int32_t failures, int64_t initial_ms,
                           int64_t max_ms);
/** rand.SafeEncodeString of the decimal form of h ("7c5ddbdf54"); out
 *  holds at least 11 bytes. */
void ctl_safe_encode(uint32_t h, char *out);
/** FNV-32a over a canonical rendering of the template fields podsim has,
 *  without the label `skip_label` (may be NULL), then the collision
 *  count when > 0. */
uint32_t ctl_template_hash(const podsim_pod *tmpl, const char *skip_label,
                           int32_t collision_count);

/** ActivePodsWithRanks.Less: true when `a` should be deleted before `b`
 *  (ranks = co-located active pods of the same controller). `now` in
 *  model ms. */
bool ctl_pod_delete_before(const podsim_pod *a, int32_t rank_a,
                           const podsim_pod *b, int32_t rank_b,
                           int64_t now_model);
/** controller.ActivePods.Less (the Job's removal order). */
bool ctl_active_pod_before(const podsim_pod *a, const podsim_pod *b);

/** A stable sort of `n` indexes: before(ctx, x, y) says x goes first.
 *  False when out of memory (the order is then unchanged). */
bool ctl_sort(size_t *idx, size_t n,
              bool (*before)(const void *ctx, size_t x, size_t y),
              const void *ctx);

/* ---- the kinds -------------------------------------------------------------
 */

void ctl_replicaset_sync(podsim_sim *sim, podsim_id id);
void ctl_replicaset_pod_event(podsim_sim *sim, podsim_id rs, podsim_id pod,
                              unsigned what);
void ctl_deployment_sync(podsim_sim *sim, podsim_id id);
/** The pods of a ReplicaSet changed (Recreate waits for old pods). */
void ctl_deployment_pod_removed(podsim_sim *sim, podsim_id rs);
void ctl_statefulset_sync(podsim_sim *sim, podsim_id id);
void ctl_daemonset_sync(podsim_sim *sim, podsim_id id);
void ctl_job_sync(podsim_sim *sim, podsim_id id);

/** The Job's conditions in order (for describe); NULL/0 when none. */
const ctl_condition *ctl_job_conditions(podsim_sim *sim, podsim_id job,
                                        size_t *count);

#endif /* PODSIM_CONTROLLERS_H */
