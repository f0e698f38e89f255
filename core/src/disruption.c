/*
 * disruption.c - voluntary disruption: kubectl drain, the Eviction API and
 * the PodDisruptionBudget status they read.
 *
 * Three upstream pieces, each at zero latency:
 *
 *   - kubectl drain NODE --ignore-daemonsets --delete-emptydir-data --force
 *     (staging/src/k8s.io/kubectl/pkg/cmd/drain/drain.go, pkg/drain/drain.go
 *     and filters.go). The engine has cordoned the node; the drain lists the
 *     pods bound to it once (GetPodsForDeletion), keeps all but the
 *     DaemonSet-managed ones whose DaemonSet exists and mirror pods
 *     (annotation kubernetes.io/config.mirror), and evicts them
 *     concurrently (evictPods: one goroutine per pod). An eviction refused
 *     with 429 TooManyRequests is retried after 5 s (nl.drain_retry_ms) for
 *     ever; 404 ends that pod's goroutine at once; any other error ends it
 *     with an error. After a successful eviction waitForDelete polls the pod
 *     (PollImmediate, every 1 s) until it is gone or has another UID. When
 *     every goroutine has returned the node is drained ("node/NAME
 *     drained"), or kubectl exits with the errors and the node is not
 *     reported drained. kubectl's output is not recorded: it prints lines,
 *     it writes no Kubernetes Events.
 *
 *   - the pods/eviction subresource (pkg/registry/core/pod/storage/
 *     eviction.go, EvictionREST.Create): a pod that is Succeeded, Failed,
 *     Pending or already terminating is deleted without looking at budgets
 *     (canIgnorePDB); a pod matched by more than one PDB is refused with 500
 *     "This pod has more than one PodDisruptionBudget, which the eviction
 *     subresource does not support."; with one PDB, a pod that is not Ready
 *     is deleted when unhealthyPodEvictionPolicy is AlwaysAllow or (the
 *     default IfHealthyBudget) when currentHealthy >= desiredHealthy > 0;
 *     otherwise checkAndDecrement refuses with 429 when disruptionsAllowed
 *     is 0, else decrements it and records the pod in DisruptedPods. Every
 *     deletion first adds the condition DisruptionTarget=True, reason
 *     EvictionByEvictionAPI, message "Eviction API: evicting"
 *     (addConditionAndDeletePod), then DELETEs with the pod's own grace
 *     period (kubectl drain's --grace-period -1).
 *
 *   - the disruption controller's status computation
 *     (pkg/controller/disruption/disruption.go: trySync, getExpectedPodCount,
 *     getExpectedScale and the finders, buildDisruptedPodMap,
 *     countHealthyPods, updatePdbStatus, failSafe). It runs at the instant
 *     a pod it covers changes, and right before an eviction reads the
 *     budget, and writes currentHealthy, desiredHealthy, disruptionsAllowed
 *     and expectedPods into the working model's PDB view. Its Events
 *     (NoPods, UnmanagedPods, CalculateExpectedPodCountFailed) are not
 *     recorded.
 */
#include <stdlib.h>
#include <string.h>

#include "match.h"
#include "sim.h"

enum {
    OP_EVICT = 0, /* a = drain pod: one eviction attempt */
    OP_GONE = 1,  /* a = drain pod: the waitForDelete poll that finds the pod
                     gone */
    OP_SYNC = 2   /* a = PDB: the disruption controller syncs it */
};

/* waitForDelete's poll interval (kubectl drain.go: 1 * time.Second) */
#define DRAIN_POLL_MS 1000
/* disruption.go DeletionTimeout: how long an eviction the API approved
   keeps the pod out of currentHealthy without a deletionTimestamp */
#define DELETION_TIMEOUT_MS (2 * 60 * 1000)
/* eviction.go MaxDisruptedPodSize */
#define MAX_DISRUPTED_POD_SIZE 2000

#define MIRROR_POD_ANNOTATION "kubernetes.io/config.mirror"

/* ---- state ----------------------------------------------------------------
 */

/* status.disruptedPods: pod name -> when the API approved its eviction
   (the pod is named by the id it had then; upstream keys by name) */
typedef struct pdb_disrupted {
    podsim_id pod;
    int64_t at;
} pdb_disrupted;

typedef struct pdb_state {
    /* the spec the member list was built for: a load that replaces the
       PDB gives it new selector and namespace pointers */
    const podsim_label_selector *selector;
    const char *namespace_;
    bool built;
    bool queued;     /* an OP_SYNC entry is pending */
    size_t scanned;  /* pod ids below this were scanned when built */
    vec members;     /* podsim_id: pods the selector matches */
    vec disrupted;   /* pdb_disrupted */
    int64_t recheck; /* pending recheck time, -1 */
} pdb_state;

typedef enum drain_pod_state {
    DP_EVICTING = 0, /* the goroutine is in its eviction loop */
    DP_WAITING,      /* evicted; waitForDelete polls */
    DP_DONE,
    DP_FAILED
} drain_pod_state;

typedef struct drain_pod {
    int32_t run;        /* index in runs */
    podsim_id pod;      /* as listed when the drain started */
    uint8_t state;      /* drain_pod_state */
    bool gone_posted;   /* OP_GONE is pending */
    int64_t evicted_at; /* the accepted eviction: waitForDelete's start */
} drain_pod;

typedef struct drain_run {
    podsim_id node;
    int64_t started_at;
    int32_t left; /* goroutines that have not returned */
    bool failed;
} drain_run;

typedef struct node_drains {
    sim_drain_status status;
    int32_t last_run; /* the latest drain of the node, -1 */
} node_drains;

typedef struct disruption_state {
    vec pdbs;       /* pdb_state per PDB id */
    vec runs;       /* drain_run */
    vec pods;       /* drain_pod */
    vec nodes;      /* node_drains per node id */
    size_t waiting; /* drain pods in DP_WAITING */
} disruption_state;

static disruption_state *state_of(podsim_sim *sim) {
    return sim_state(sim, MOD_DISRUPTION);
}

static void pdb_state_init(pdb_state *ps) {
    memset(ps, 0, sizeof *ps);
    vec_init(&ps->members, sizeof(podsim_id));
    vec_init(&ps->disrupted, sizeof(pdb_disrupted));
    ps->recheck = -1;
}

static pdb_state *pdb_state_at(podsim_sim *sim, disruption_state *st,
                               podsim_id pdb) {
    while (st->pdbs.len <= (size_t)pdb) {
        pdb_state *ps = vec_push(&st->pdbs);
        if (!ps) {
            sim_fail_oom(sim);
            return NULL;
        }
        pdb_state_init(ps);
    }
    return vec_at(&st->pdbs, (size_t)pdb);
}

static node_drains *node_at(podsim_sim *sim, disruption_state *st,
                            podsim_id node) {
    while (st->nodes.len <= (size_t)node) {
        node_drains *nd = vec_push(&st->nodes);
        if (!nd) {
            sim_fail_oom(sim);
            return NULL;
        }
        memset(nd, 0, sizeof *nd);
        nd->status.started_at = -1;
        nd->status.finished_at = -1;
        nd->last_run = -1;
    }
    return vec_at(&st->nodes, (size_t)node);
}

/* ---- pods as the Eviction API and the disruption controller read them ----
 */

static const char *ns_of(const podsim_meta *m) {
    return m->namespace_ && m->namespace_[0] ? m->namespace_ : "default";
}

/* podutil.IsPodReady */
static bool pod_ready(const podsim_pod *p) {
    for (size_t i = 0; i < p->status.condition_count; i++) {
        const podsim_condition *c = &p->status.conditions[i];
        if (strcmp(c->type, "Ready") == 0) {
            return strcmp(c->status, "True") == 0;
        }
    }
    return false;
}

static bool pod_terminating(const podsim_pod *p) {
    return p->meta.deletion_timestamp != PODSIM_NO_TIME;
}

static bool phase_is(const podsim_pod *p, podsim_phase phase) {
    return p->status.has_phase && p->status.phase == phase;
}

static bool pod_finished(const podsim_pod *p) {
    return phase_is(p, PODSIM_PHASE_SUCCEEDED) ||
           phase_is(p, PODSIM_PHASE_FAILED);
}

/* The group of an ownerReference's apiVersion ("apps/v1" -> "apps",
   "v1" -> ""), compared against the groups a finder accepts
   (verifyGroupKind). */
static bool group_in(const podsim_owner_reference *ref, const char *a,
                     const char *b) {
    const char *v = ref->api_version ? ref->api_version : "";
    const char *slash = strchr(v, '/');
    size_t len = slash ? (size_t)(slash - v) : 0;
    return (strlen(a) == len && strncmp(v, a, len) == 0) ||
           (b && strlen(b) == len && strncmp(v, b, len) == 0);
}

/* A workload the reference names: same namespace and name, and the same
   UID when both sides have one (the listers' `x.UID != controllerRef.UID`
   check; objects written without a uid match by name). */
static const podsim_workload *referenced(podsim_sim *sim, podsim_kind kind,
                                         const char *ns,
                                         const podsim_owner_reference *ref) {
    podsim_id id = cluster_lookup(sim->c, kind, ns, ref->name);
    if (id == PODSIM_NO_ID) return NULL;
    const podsim_workload *w = podsim_cluster_workload(sim->c, kind, id);
    if (!w) return NULL;
    if (ref->uid && ref->uid[0] && w->meta.uid && w->meta.uid[0] &&
        strcmp(ref->uid, w->meta.uid) != 0) {
        return NULL;
    }
    return w;
}

/* ---- the disruption controller ------------------------------------------
 */

typedef struct controller_scale {
    podsim_kind kind;
    podsim_id id;
    int32_t scale;
} controller_scale;

static int32_t spec_replicas(const podsim_workload *w) {
    return w->replicas.set ? (int32_t)w->replicas.value : 1;
}

static controller_scale scale_of(const podsim_workload *w) {
    controller_scale cs = {w->kind, w->id, spec_replicas(w)};
    return cs;
}

/* The finders in their order (getPodReplicationController,
   getPodDeployment, getPodReplicaSet, getPodStatefulSet,
   getScaleController): the controller whose scale counts for a pod.
   podsim models no ReplicationControllers, and of the kinds it models
   only Deployments, ReplicaSets and StatefulSets have a scale
   subresource: a DaemonSet or Job controller (or one that is missing) is
   "found no controllers for pod", a sync error. */
static bool find_scale(podsim_sim *sim, const char *ns,
                       const podsim_owner_reference *ref,
                       controller_scale *out) {
    const char *kind = ref->kind ? ref->kind : "";
    if (strcmp(kind, "ReplicaSet") == 0 &&
        group_in(ref, "apps", "extensions")) {
        const podsim_workload *rs =
            referenced(sim, PODSIM_KIND_REPLICASET, ns, ref);
        if (!rs) return false;
        const podsim_owner_reference *up = meta_controller_of(&rs->meta);
        if (up && up->kind && strcmp(up->kind, "Deployment") == 0 &&
            group_in(up, "apps", "extensions")) {
            const podsim_workload *d =
                referenced(sim, PODSIM_KIND_DEPLOYMENT, ns, up);
            /* without its Deployment, the ReplicaSet's own scale
               subresource answers (getScaleController) */
            *out = scale_of(d ? d : rs);
            return true;
        }
        *out = scale_of(rs);
        return true;
    }
    if (strcmp(kind, "StatefulSet") == 0 && group_in(ref, "apps", NULL)) {
        const podsim_workload *ss =
            referenced(sim, PODSIM_KIND_STATEFULSET, ns, ref);
        if (!ss) return false;
        *out = scale_of(ss);
        return true;
    }
    if (strcmp(kind, "Deployment") == 0 &&
        group_in(ref, "apps", "extensions")) {
        const podsim_workload *d =
            referenced(sim, PODSIM_KIND_DEPLOYMENT, ns, ref);
        if (!d) return false;
        *out = scale_of(d);
        return true;
    }
    return false;
}

/* getExpectedScale: the sum of the scales of the pods' controllers, each
   counted once; pods without a controller are unmanaged and add nothing.
   False on a pod whose controller has no scale (a sync error). */
static bool expected_scale(podsim_sim *sim, const vec *members,
                           int32_t *expected) {
    vec seen;
    vec_init(&seen, sizeof(controller_scale));
    bool ok = true;
    *expected = 0;
    for (size_t i = 0; ok && i < members->len; i++) {
        podsim_id id = *(const podsim_id *)vec_at(members, i);
        const podsim_pod *p = podsim_cluster_pod(sim->c, id);
        const podsim_owner_reference *ref = meta_controller_of(&p->meta);
        if (!ref) continue;
        controller_scale cs;
        if (!find_scale(sim, ns_of(&p->meta), ref, &cs)) {
            ok = false;
            break;
        }
        bool known = false;
        for (size_t j = 0; j < seen.len && !known; j++) {
            const controller_scale *k = vec_at(&seen, j);
            known = k->kind == cs.kind && k->id == cs.id;
        }
        if (known) continue;
        controller_scale *slot = vec_push(&seen);
        if (!slot) {
            sim_fail_oom(sim);
            ok = false;
            break;
        }
        *slot = cs;
        *expected += cs.scale;
    }
    vec_release(&seen);
    return ok;
}

/* intstr.GetScaledValueFromIntOrPercent(value, total, roundUp=true):
   "N%" of total rounded up, or the integer; false when it is neither
   (validation keeps both non-negative). */
static bool scaled_value(const char *v, int32_t total, int32_t *out) {
    size_t len = strlen(v);
    bool percent = len > 0 && v[len - 1] == '%';
    size_t digits = percent ? len - 1 : len;
    if (digits == 0) return false;
    int64_t n = 0;
    for (size_t i = 0; i < digits; i++) {
        if (v[i] < '0' || v[i] > '9') return false;
        n = n * 10 + (v[i] - '0');
        if (n > INT32_MAX) return false;
    }
    if (percent) n = (n * (int64_t)total + 99) / 100;
    *out = (int32_t)n;
    return true;
}

static bool is_percent(const char *v) {
    size_t len = strlen(v);
    return len > 0 && v[len - 1] == '%';
}

/* getExpectedPodCount: false when it fails (the sync then fails safe). */
static bool expected_pod_count(podsim_sim *sim, const podsim_pdb *pdb,
                               const vec *members, int32_t *expected,
                               int32_t *desired) {
    *expected = 0;
    *desired = 0;
    if (pdb->max_unavailable[0]) {
        int32_t max_unavailable;
        if (!expected_scale(sim, members, expected) ||
            !scaled_value(pdb->max_unavailable, *expected, &max_unavailable)) {
            return false;
        }
        *desired = *expected - max_unavailable;
        if (*desired < 0) *desired = 0;
    } else if (pdb->min_available[0]) {
        if (is_percent(pdb->min_available)) {
            if (!expected_scale(sim, members, expected)) return false;
        } else {
            *expected = (int32_t)members->len;
        }
        if (!scaled_value(pdb->min_available, *expected, desired)) {
            return false;
        }
    }
    return true;
}

static bool pdb_matches_pod(const podsim_pdb *pdb, const podsim_pod *p) {
    return strcmp(ns_of(&pdb->meta), ns_of(&p->meta)) == 0 &&
           label_selector_matches(pdb->selector, &p->meta.labels);
}

/* getPodsForPdb, kept as a list: built once by a scan of every pod, then
   extended as pods are created (pod labels do not change in podsim).
   Removed pods leave it at the next sync. */
static void build_members(podsim_sim *sim, pdb_state *ps,
                          const podsim_pdb *pdb) {
    ps->members.len = 0;
    size_t n = podsim_cluster_count(sim->c, PODSIM_KIND_POD);
    for (size_t i = 0; i < n; i++) {
        const podsim_pod *p = podsim_cluster_pod(sim->c, (podsim_id)i);
        if (p->removed || !pdb_matches_pod(pdb, p)) continue;
        podsim_id *slot = vec_push(&ps->members);
        if (!slot) {
            sim_fail_oom(sim);
            return;
        }
        *slot = (podsim_id)i;
    }
    ps->selector = pdb->selector;
    ps->namespace_ = pdb->meta.namespace_;
    ps->scanned = n;
    ps->built = true;
}

static void prune_members(podsim_sim *sim, pdb_state *ps) {
    size_t kept = 0;
    for (size_t i = 0; i < ps->members.len; i++) {
        podsim_id id = *(podsim_id *)vec_at(&ps->members, i);
        if (podsim_cluster_pod(sim->c, id)->removed) continue;
        *(podsim_id *)vec_at(&ps->members, kept++) = id;
    }
    ps->members.len = kept;
}

/* The member with this pod's name (disruptedPods is keyed by name), or
   NULL. */
static const podsim_pod *member_named(podsim_sim *sim, const pdb_state *ps,
                                      const char *name) {
    for (size_t i = 0; i < ps->members.len; i++) {
        podsim_id id = *(const podsim_id *)vec_at(&ps->members, i);
        const podsim_pod *p = podsim_cluster_pod(sim->c, id);
        if (strcmp(p->meta.name, name) == 0) return p;
    }
    return NULL;
}

static const char *pod_name(podsim_sim *sim, podsim_id pod) {
    return podsim_cluster_pod(sim->c, pod)->meta.name;
}

/* buildDisruptedPodMap: entries stay while their pod exists without a
   deletionTimestamp and DeletionTimeout has not passed; returns the
   earliest expiry of those kept (-1 when none). */
static int64_t prune_disrupted(podsim_sim *sim, pdb_state *ps) {
    int64_t recheck = -1;
    size_t kept = 0;
    for (size_t i = 0; i < ps->disrupted.len; i++) {
        pdb_disrupted d = *(pdb_disrupted *)vec_at(&ps->disrupted, i);
        const podsim_pod *p = member_named(sim, ps, pod_name(sim, d.pod));
        int64_t expiry = d.at + DELETION_TIMEOUT_MS;
        /* (upstream keeps an entry that expires this very instant and
           rechecks with no delay, when its clock has moved on: here it
           goes now) */
        if (!p || pod_terminating(p) || expiry <= sim->now) continue;
        if (recheck < 0 || expiry < recheck) recheck = expiry;
        *(pdb_disrupted *)vec_at(&ps->disrupted, kept++) = d;
    }
    ps->disrupted.len = kept;
    return recheck;
}

static bool recently_disrupted(podsim_sim *sim, const pdb_state *ps,
                               const podsim_pod *p) {
    for (size_t i = 0; i < ps->disrupted.len; i++) {
        const pdb_disrupted *d = vec_at(&ps->disrupted, i);
        if (strcmp(pod_name(sim, d->pod), p->meta.name) == 0 &&
            d->at + DELETION_TIMEOUT_MS > sim->now) {
            return true;
        }
    }
    return false;
}

/* countHealthyPods */
static int32_t current_healthy(podsim_sim *sim, const pdb_state *ps) {
    int32_t healthy = 0;
    for (size_t i = 0; i < ps->members.len; i++) {
        podsim_id id = *(const podsim_id *)vec_at(&ps->members, i);
        const podsim_pod *p = podsim_cluster_pod(sim->c, id);
        if (pod_terminating(p) || recently_disrupted(sim, ps, p)) continue;
        if (pod_ready(p)) healthy++;
    }
    return healthy;
}

static podsim_pdb *pdb_view(podsim_sim *sim, podsim_id pdb) {
    /* the working model's copy: status fields are plain ints this module
       keeps, as the disruption controller owns PDB status */
    return (podsim_pdb *)podsim_cluster_pdb(sim->c, pdb);
}

/* trySync (or failSafe when it fails) at now. */
static void pdb_sync(podsim_sim *sim, disruption_state *st, podsim_id id) {
    podsim_pdb *pdb = pdb_view(sim, id);
    pdb_state *ps = pdb_state_at(sim, st, id);
    if (!pdb || !ps) return;
    if (!ps->built || ps->selector != pdb->selector ||
        ps->namespace_ != pdb->meta.namespace_) {
        build_members(sim, ps, pdb);
    } else {
        prune_members(sim, ps);
    }
    int32_t expected, desired;
    if (!expected_pod_count(sim, pdb, &ps->members, &expected, &desired)) {
        /* failSafe: only disruptionsAllowed changes */
        pdb->status_disruptions_allowed = 0;
        return;
    }
    int64_t recheck = prune_disrupted(sim, ps);
    int32_t healthy = current_healthy(sim, ps);
    int32_t allowed = healthy - desired;
    if (expected <= 0 || allowed <= 0) allowed = 0;
    pdb->status_current_healthy = healthy;
    pdb->status_desired_healthy = desired;
    pdb->status_expected_pods = expected;
    pdb->status_disruptions_allowed = allowed;
    if (recheck >= 0 && (ps->recheck < 0 || recheck < ps->recheck)) {
        /* enqueuePdbForRecheck */
        ps->recheck = recheck;
        sim_post(sim, recheck, MOD_DISRUPTION, OP_SYNC, id, 1, 0);
    }
}

/* workqueue Add: one sync at now however often a PDB is touched. */
static void queue_sync(podsim_sim *sim, disruption_state *st, podsim_id id) {
    pdb_state *ps = pdb_state_at(sim, st, id);
    if (!ps || ps->queued) return;
    ps->queued = true;
    sim_post(sim, sim->now, MOD_DISRUPTION, OP_SYNC, id, 0, 0);
}

/* addPod / updatePod / deletePod: every PDB covering the pod syncs (the
   controller picks one when several match; syncing all of them is what
   the next resync would do anyway). */
static void pod_touched(podsim_sim *sim, disruption_state *st, podsim_id pod,
                        unsigned what) {
    size_t n = podsim_cluster_count(sim->c, PODSIM_KIND_PODDISRUPTIONBUDGET);
    if (n == 0) return;
    const podsim_pod *p = podsim_cluster_pod(sim->c, pod);
    if (!p) return;
    for (size_t i = 0; i < n; i++) {
        const podsim_pdb *pdb = podsim_cluster_pdb(sim->c, (podsim_id)i);
        if (!pdb_matches_pod(pdb, p)) continue;
        pdb_state *ps = pdb_state_at(sim, st, (podsim_id)i);
        if (!ps) return;
        if ((what & WATCH_CREATED) && ps->built && (size_t)pod >= ps->scanned) {
            podsim_id *slot = vec_push(&ps->members);
            if (!slot) {
                sim_fail_oom(sim);
                return;
            }
            *slot = pod;
        }
        queue_sync(sim, st, (podsim_id)i);
    }
}

/* ---- the Eviction API ----------------------------------------------------
 */

typedef enum evict_result {
    EVICT_OK = 0,    /* 201: the pod got its DELETE */
    EVICT_NOT_FOUND, /* 404 */
    EVICT_TOO_MANY,  /* 429: a budget allows no disruption now */
    EVICT_ERROR      /* 500 (more than one PDB) or 403 */
} evict_result;

/* canIgnorePDB */
static bool can_ignore_pdb(const podsim_pod *p) {
    return pod_finished(p) || phase_is(p, PODSIM_PHASE_PENDING) ||
           pod_terminating(p);
}

static bool selector_empty(const podsim_label_selector *s) {
    return !s || (s->match_labels.count == 0 && s->match_expression_count == 0);
}

/* getPodDisruptionBudgets: a pod without labels has none; a PDB with a
   nil or empty selector matches nothing here. Returns how many match and
   the first. */
static size_t budgets_of(podsim_sim *sim, const podsim_pod *p,
                         podsim_id *first) {
    *first = PODSIM_NO_ID;
    if (p->meta.labels.count == 0) return 0;
    size_t n = podsim_cluster_count(sim->c, PODSIM_KIND_PODDISRUPTIONBUDGET);
    size_t count = 0;
    for (size_t i = 0; i < n; i++) {
        const podsim_pdb *pdb = podsim_cluster_pdb(sim->c, (podsim_id)i);
        if (selector_empty(pdb->selector) || !pdb_matches_pod(pdb, p)) continue;
        if (count++ == 0) *first = (podsim_id)i;
    }
    return count;
}

/* addConditionAndDeletePod */
static void delete_evicted(podsim_sim *sim, podsim_id pod) {
    sim_pod_set_condition(sim, pod, "DisruptionTarget", "True",
                          "EvictionByEvictionAPI", "Eviction API: evicting");
    sim_pod_status_written(sim, pod);
    report_pod_deleted_by(sim, pod, "EvictionAPI");
    sim_delete_pod(sim, pod, -1);
}

/* checkAndDecrement on a budget the controller has just synced. */
static evict_result check_and_decrement(podsim_sim *sim, pdb_state *ps,
                                        podsim_pdb *pdb, podsim_id pod) {
    if (pdb->status_disruptions_allowed < 0) return EVICT_ERROR;
    if (ps->disrupted.len > MAX_DISRUPTED_POD_SIZE) return EVICT_ERROR;
    if (pdb->status_disruptions_allowed == 0) return EVICT_TOO_MANY;
    pdb_disrupted *d = vec_push(&ps->disrupted);
    if (!d) {
        sim_fail_oom(sim);
        return EVICT_ERROR;
    }
    d->pod = pod;
    d->at = sim->now;
    pdb->status_disruptions_allowed--;
    return EVICT_OK;
}

/* POST pods/NAME/eviction (policy/v1, kubectl drain's DeleteOptions). */
static evict_result evict(podsim_sim *sim, disruption_state *st, const char *ns,
                          const char *name) {
    podsim_id id = cluster_lookup(sim->c, PODSIM_KIND_POD, ns, name);
    const podsim_pod *p =
        id == PODSIM_NO_ID ? NULL : podsim_cluster_pod(sim->c, id);
    if (!p || p->removed) return EVICT_NOT_FOUND;
    if (!can_ignore_pdb(p)) {
        podsim_id first;
        size_t budgets = budgets_of(sim, p, &first);
        if (budgets > 1) return EVICT_ERROR;
        if (budgets == 1) {
            pdb_sync(sim, st, first);
            podsim_pdb *pdb = pdb_view(sim, first);
            pdb_state *ps = pdb_state_at(sim, st, first);
            if (!ps) return EVICT_ERROR;
            bool check = true;
            if (!pod_ready(p)) {
                /* an unhealthy pod: PDBUnhealthyPodEvictionPolicy (on in
                   every version podsim models) */
                const char *policy = pdb->unhealthy_pod_eviction_policy;
                if (policy && strcmp(policy, "AlwaysAllow") == 0) {
                    check = false;
                } else if (pdb->status_current_healthy >=
                               pdb->status_desired_healthy &&
                           pdb->status_desired_healthy > 0) {
                    check = false;
                }
            }
            if (check) {
                evict_result r = check_and_decrement(sim, ps, pdb, id);
                if (r != EVICT_OK) return r;
            }
        }
    }
    delete_evicted(sim, id);
    return EVICT_OK;
}

/* ---- kubectl drain -------------------------------------------------------
 */

static drain_pod *drain_pod_at(disruption_state *st, int32_t i) {
    return vec_at(&st->pods, (size_t)i);
}

static drain_run *run_at(disruption_state *st, int32_t i) {
    return vec_at(&st->runs, (size_t)i);
}

/* A goroutine returned; the last one ends the drain. */
static void goroutine_done(podsim_sim *sim, disruption_state *st, int32_t r) {
    drain_run *run = run_at(st, r);
    if (--run->left > 0) return;
    node_drains *nd = node_at(sim, st, run->node);
    if (!nd) return;
    if (nd->last_run == r) {
        nd->status.failed = run->failed;
        nd->status.finished_at = run->failed ? -1 : sim->now;
    }
    /* RunDrain prints "node/NAME drained" only when every pod went */
    if (!run->failed) report_node_drained(sim, run->node);
}

static void pod_done(podsim_sim *sim, disruption_state *st, int32_t i,
                     drain_pod_state how) {
    drain_pod *dp = drain_pod_at(st, i);
    if (dp->state == DP_WAITING) st->waiting--;
    dp->state = (uint8_t)how;
    if (how == DP_FAILED) run_at(st, dp->run)->failed = true;
    goroutine_done(sim, st, dp->run);
}

/* One iteration of evictPods' loop for a pod. */
static void attempt(podsim_sim *sim, disruption_state *st, int32_t i) {
    drain_pod *dp = drain_pod_at(st, i);
    if (dp->state != DP_EVICTING) return;
    const podsim_pod *listed = podsim_cluster_pod(sim->c, dp->pod);
    node_drains *nd = node_at(sim, st, run_at(st, dp->run)->node);
    if (!nd) return;
    /* the request names the pod; a pod of the same name created since
       (a StatefulSet's) is what it evicts */
    switch (evict(sim, st, ns_of(&listed->meta), listed->meta.name)) {
    case EVICT_OK:
        nd->status.evicted++;
        dp->state = DP_WAITING;
        dp->evicted_at = sim->now;
        st->waiting++;
        /* waitForDelete's immediate poll: gone already (an unbound or
           finished pod is removed at once), or another incarnation */
        if (podsim_cluster_pod(sim->c, dp->pod)->removed) {
            pod_done(sim, st, i, DP_DONE);
        }
        break;
    case EVICT_NOT_FOUND: pod_done(sim, st, i, DP_DONE); break;
    case EVICT_TOO_MANY:
        nd->status.refused++;
        sim_post(sim, sim->now + sim->nl.drain_retry_ms, MOD_DISRUPTION,
                 OP_EVICT, i, 0, 0);
        break;
    case EVICT_ERROR: pod_done(sim, st, i, DP_FAILED); break;
    }
}

/* A pod a drain waits for is gone: its goroutine's next poll (every 1 s
   from the eviction; the immediate one has passed) sees it. */
static void pod_gone(podsim_sim *sim, disruption_state *st, podsim_id pod) {
    for (size_t i = 0; i < st->pods.len; i++) {
        drain_pod *dp = drain_pod_at(st, (int32_t)i);
        if (dp->state != DP_WAITING || dp->pod != pod || dp->gone_posted) {
            continue;
        }
        int64_t since = sim->now - dp->evicted_at;
        int64_t polls = (since + DRAIN_POLL_MS - 1) / DRAIN_POLL_MS;
        if (polls < 1) polls = 1;
        dp->gone_posted = true;
        sim_post(sim, dp->evicted_at + polls * DRAIN_POLL_MS, MOD_DISRUPTION,
                 OP_GONE, (int32_t)i, 0, 0);
    }
}

typedef struct listed_pod {
    const char *namespace_;
    const char *name;
    podsim_id id;
} listed_pod;

/* The API server lists by key: namespace, then name. */
static int compare_listed(const void *a, const void *b) {
    const listed_pod *x = a, *y = b;
    int c = strcmp(x->namespace_, y->namespace_);
    return c ? c : strcmp(x->name, y->name);
}

/* filters.go with --ignore-daemonsets --delete-emptydir-data --force:
   skip a running DaemonSet pod whose DaemonSet exists (an orphan is
   deleted) and a mirror pod; local storage and unmanaged pods go. */
static bool drain_deletes(podsim_sim *sim, const podsim_pod *p) {
    const podsim_owner_reference *ref = meta_controller_of(&p->meta);
    if (ref && ref->kind && strcmp(ref->kind, "DaemonSet") == 0 &&
        !pod_finished(p) &&
        cluster_lookup(sim->c, PODSIM_KIND_DAEMONSET, ns_of(&p->meta),
                       ref->name) != PODSIM_NO_ID) {
        return false;
    }
    return kvs_get(&p->meta.annotations, MIRROR_POD_ANNOTATION) == NULL;
}

void disruption_drain(podsim_sim *sim, podsim_id node) {
    disruption_state *st = state_of(sim);
    node_drains *nd = node_at(sim, st, node);
    drain_run *run = vec_push(&st->runs);
    if (!nd || !run) {
        sim_fail_oom(sim);
        return;
    }
    int32_t r = (int32_t)(st->runs.len - 1);
    run->node = node;
    run->started_at = sim->now;
    run->left = 0;
    run->failed = false;
    nd->last_run = r;
    nd->status.started_at = sim->now;
    nd->status.finished_at = -1;
    nd->status.failed = false;

    /* GetPodsForDeletion: spec.nodeName=NODE, every namespace */
    vec list;
    vec_init(&list, sizeof(listed_pod));
    size_t n = podsim_cluster_count(sim->c, PODSIM_KIND_POD);
    for (size_t i = 0; i < n; i++) {
        const podsim_pod *p = podsim_cluster_pod(sim->c, (podsim_id)i);
        if (p->removed || p->node != node || !drain_deletes(sim, p)) continue;
        listed_pod *lp = vec_push(&list);
        if (!lp) {
            vec_release(&list);
            sim_fail_oom(sim);
            return;
        }
        lp->namespace_ = ns_of(&p->meta);
        lp->name = p->meta.name;
        lp->id = (podsim_id)i;
    }
    if (list.len)
        qsort(list.data, list.len, sizeof(listed_pod), compare_listed);
    for (size_t i = 0; i < list.len; i++) {
        drain_pod *dp = vec_push(&st->pods);
        if (!dp) {
            sim_fail_oom(sim);
            break;
        }
        memset(dp, 0, sizeof *dp);
        dp->run = r;
        dp->pod = ((listed_pod *)vec_at(&list, i))->id;
        dp->state = DP_EVICTING;
        dp->evicted_at = -1;
        run_at(st, r)->left++;
        /* every goroutine starts now */
        sim_post(sim, sim->now, MOD_DISRUPTION, OP_EVICT,
                 (int32_t)(st->pods.len - 1), 0, 0);
    }
    vec_release(&list);
    if (run_at(st, r)->left == 0) {
        /* DeleteOrEvictPods returns at once with no pods */
        run_at(st, r)->left = 1;
        goroutine_done(sim, st, r);
    }
}

sim_drain_status disruption_drain_status(podsim_sim *sim, podsim_id node) {
    disruption_state *st = state_of(sim);
    if (node >= 0 && (size_t)node < st->nodes.len) {
        return ((node_drains *)vec_at(&st->nodes, (size_t)node))->status;
    }
    sim_drain_status none;
    memset(&none, 0, sizeof none);
    none.started_at = -1;
    none.finished_at = -1;
    return none;
}

/* ---- module hooks ----------------------------------------------------------
 */

static void destroy(void *state);

static void *create(podsim_sim *sim) {
    disruption_state *st = calloc(1, sizeof *st);
    if (!st) return NULL;
    vec_init(&st->pdbs, sizeof(pdb_state));
    vec_init(&st->runs, sizeof(drain_run));
    vec_init(&st->pods, sizeof(drain_pod));
    vec_init(&st->nodes, sizeof(node_drains));
    /* the controller syncs every budget when it starts */
    size_t n = podsim_cluster_count(sim->c, PODSIM_KIND_PODDISRUPTIONBUDGET);
    for (size_t i = 0; i < n; i++) {
        pdb_state *ps = vec_push(&st->pdbs);
        if (!ps) {
            destroy(st);
            return NULL;
        }
        pdb_state_init(ps);
        ps->queued = true;
        sim_post(sim, sim->now, MOD_DISRUPTION, OP_SYNC, (int32_t)i, 0, 0);
    }
    return st;
}

static void destroy(void *state) {
    disruption_state *st = state;
    if (!st) return;
    for (size_t i = 0; i < st->pdbs.len; i++) {
        pdb_state *ps = vec_at(&st->pdbs, i);
        vec_release(&ps->members);
        vec_release(&ps->disrupted);
    }
    vec_release(&st->pdbs);
    vec_release(&st->runs);
    vec_release(&st->pods);
    vec_release(&st->nodes);
    free(st);
}

static void *fork_state(podsim_sim *dst, const void *src_state) {
    (void)dst;
    const disruption_state *src = src_state;
    disruption_state *st = calloc(1, sizeof *st);
    if (!st) return NULL;
    vec_init(&st->pdbs, sizeof(pdb_state));
    vec_init(&st->runs, sizeof(drain_run));
    vec_init(&st->pods, sizeof(drain_pod));
    vec_init(&st->nodes, sizeof(node_drains));
    st->waiting = src->waiting;
    bool ok = vec_copy(&st->runs, &src->runs) &&
              vec_copy(&st->pods, &src->pods) &&
              vec_copy(&st->nodes, &src->nodes);
    for (size_t i = 0; ok && i < src->pdbs.len; i++) {
        const pdb_state *from = vec_at(&src->pdbs, i);
        pdb_state *to = vec_push(&st->pdbs);
        if (!to) {
            ok = false;
            break;
        }
        *to = *from;
        vec_init(&to->members, sizeof(podsim_id));
        vec_init(&to->disrupted, sizeof(pdb_disrupted));
        ok = vec_copy(&to->members, &from->members) &&
             vec_copy(&to->disrupted, &from->disrupted);
    }
    if (!ok) {
        destroy(st);
        return NULL;
    }
    return st;
}

static void handle(podsim_sim *sim, const sim_entry *e) {
    disruption_state *st = state_of(sim);
    switch (e->op) {
    case OP_EVICT: attempt(sim, st, e->a); break;
    case OP_GONE: pod_done(sim, st, e->a, DP_DONE); break;
    case OP_SYNC: {
        pdb_state *ps = pdb_state_at(sim, st, e->a);
        if (!ps) return;
        if (e->b) {
            if (ps->recheck != sim->now) return; /* superseded */
            ps->recheck = -1;
        } else {
            ps->queued = false;
        }
        pdb_sync(sim, st, e->a);
        break;
    }
    default: break;
    }
}

static void on_pod(podsim_sim *sim, podsim_id pod, unsigned what) {
    disruption_state *st = state_of(sim);
    if ((what & WATCH_REMOVED) && st->waiting) pod_gone(sim, st, pod);
    if (what &
        (WATCH_CREATED | WATCH_STATUS | WATCH_DELETING | WATCH_REMOVED)) {
        pod_touched(sim, st, pod, what);
    }
}

static size_t memory(const void *state) {
    const disruption_state *st = state;
    size_t bytes = sizeof *st + st->pdbs.cap * sizeof(pdb_state) +
                   st->runs.cap * sizeof(drain_run) +
                   st->pods.cap * sizeof(drain_pod) +
                   st->nodes.cap * sizeof(node_drains);
    for (size_t i = 0; i < st->pdbs.len; i++) {
        const pdb_state *ps = vec_at(&st->pdbs, i);
        bytes += ps->members.cap * sizeof(podsim_id) +
                 ps->disrupted.cap * sizeof(pdb_disrupted);
    }
    return bytes;
}

const sim_module_ops sim_disruption_ops = {
    .create = create,
    .destroy = destroy,
    .fork = fork_state,
    .handle = handle,
    .on_pod = on_pod,
    .memory = memory,
};
