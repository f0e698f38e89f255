/*
 * replicaset.c - the ReplicaSet controller.
 *
 * Models pkg/controller/replicaset/replica_set.go (syncReplicaSet,
 * manageReplicas, getPodsToDelete) and replica_set_utils.go
 * (calculateStatus): the controller counts the active pods it controls
 * (controller.FilterActivePods: not Succeeded or Failed and no
 * deletionTimestamp, so a terminating pod is replaced at once), creates
 * the missing ones (at most BurstReplicas = 500 per sync) and deletes the
 * extra ones in controller.ActivePodsWithRanks order. The status it writes
 * (replicas, readyReplicas, availableReplicas) is computed from the pods it
 * listed before creating or deleting, as upstream does; the creations and
 * deletions come back as pod events and sync it again at the same instant.
 * minReadySeconds: a pod is available once its Ready condition is older
 * than that (podutil.IsPodAvailable); updatePod requeues the ReplicaSet
 * minReadySeconds + 1 s after a pod turns Ready, and a sync that finds
 * every replica ready but not all available requeues after
 * minReadySeconds.
 */
#include <stdlib.h>
#include <string.h>

#include "controllers.h"

#define SOURCE "replicaset-controller"

static int32_t spec_replicas(const podsim_workload *w) {
    return w->replicas.set ? (int32_t)w->replicas.value : 1;
}

void ctl_replicaset_pod_event(podsim_sim *sim, podsim_id rs, podsim_id pod,
                              unsigned what) {
    ctl_enqueue(sim, PODSIM_KIND_REPLICASET, rs);
    const podsim_workload *w =
        podsim_cluster_workload(sim->c, PODSIM_KIND_REPLICASET, rs);
    const podsim_pod *p = ctl_pod(sim, pod);
    uint8_t *flags = ctl_pod_flags(sim, pod);
    if (!w || !p || !flags) return;
    bool ready = !p->removed && ctl_pod_ready(p);
    bool was_ready = (*flags & CTL_POD_READY) != 0;
    *flags =
        (uint8_t)(ready ? *flags | CTL_POD_READY : *flags & ~CTL_POD_READY);
    int64_t min_ready =
        w->min_ready_seconds.set ? w->min_ready_seconds.value : 0;
    if (ready && !was_ready && min_ready > 0 &&
        p->meta.deletion_timestamp == PODSIM_NO_TIME) {
        /* "Add a second to avoid milliseconds skew in AddAfter" */
        ctl_enqueue_after(sim, PODSIM_KIND_REPLICASET, rs,
                          min_ready * 1000 + 1000);
    }
    if (what & WATCH_REMOVED) ctl_deployment_pod_removed(sim, rs);
}

/* getPodsRankedByRelatedPodsOnSameNode: a pod's rank is the number of
   active pods on its node among the pods of every ReplicaSet that shares
   this one's controller (none without a controller). tally[node + 1]
   counts them; unassigned pods share tally[0]. */
static void count_related(podsim_sim *sim, const ctl_workload *rw,
                          int32_t *tally) {
    if (rw->owner == PODSIM_NO_ID) return;
    ctl_workload *dw = ctl_workload_get(sim, PODSIM_KIND_DEPLOYMENT, rw->owner);
    if (!dw) return;
    const podsim_id *sets = dw->replica_sets.data;
    for (size_t s = 0; s < dw->replica_sets.len; s++) {
        ctl_workload *other =
            ctl_workload_get(sim, PODSIM_KIND_REPLICASET, sets[s]);
        if (!other) continue;
        const podsim_id *ids = other->pods.data;
        for (size_t i = 0; i < other->pods.len; i++) {
            const podsim_pod *p = ctl_pod(sim, ids[i]);
            if (p && ctl_pod_active(p)) tally[p->node + 1]++;
        }
    }
}

typedef struct rank_ctx {
    podsim_sim *sim;
    const podsim_id *pods;
    const int32_t *ranks;
    int64_t now_model;
} rank_ctx;

static bool rank_before(const void *ctx, size_t x, size_t y) {
    const rank_ctx *rc = ctx;
    return ctl_pod_delete_before(ctl_pod(rc->sim, rc->pods[x]), rc->ranks[x],
                                 ctl_pod(rc->sim, rc->pods[y]), rc->ranks[y],
                                 rc->now_model);
}

/* getPodsToDelete: the first `diff` pods in deletion order. */
static void delete_extra(podsim_sim *sim, podsim_id id, const ctl_workload *rw,
                         const podsim_id *active, size_t n, size_t diff) {
    size_t nodes = podsim_cluster_count(sim->c, PODSIM_KIND_NODE);
    size_t *order = malloc(n * sizeof(*order));
    int32_t *ranks = malloc(n * sizeof(*ranks));
    int32_t *tally = calloc(nodes + 1, sizeof(*tally));
    if (!order || !ranks || !tally) {
        free(order);
        free(ranks);
        free(tally);
        sim_fail_oom(sim);
        return;
    }
    count_related(sim, rw, tally);
    for (size_t i = 0; i < n; i++) {
        order[i] = i;
        ranks[i] = tally[ctl_pod(sim, active[i])->node + 1];
    }
    free(tally);
    rank_ctx rc = {sim, active, ranks, sim_wall(sim, sim->now)};
    /* no need to sort when every pod goes */
    if (diff < n && !ctl_sort(order, n, rank_before, &rc)) {
        sim_fail_oom(sim);
    }
    for (size_t i = 0; i < diff && !sim->failed; i++) {
        ctl_delete_pod(sim, PODSIM_KIND_REPLICASET, id, active[order[i]],
                       SOURCE);
    }
    free(order);
    free(ranks);
}

static void manage_replicas(podsim_sim *sim, podsim_id id,
                            const podsim_workload *w, const ctl_workload *rw,
                            const podsim_id *active, size_t n) {
    int64_t diff = (int64_t)n - spec_replicas(w);
    if (diff < 0) {
        int64_t create = -diff;
        if (create > CTL_BURST_REPLICAS) create = CTL_BURST_REPLICAS;
        for (int64_t i = 0; i < create && !sim->failed; i++) {
            if (ctl_create_pod(sim, PODSIM_KIND_REPLICASET, id, w->template_pod,
                               NULL, NULL, NULL, 0, SOURCE) == PODSIM_NO_ID) {
                break;
            }
        }
    } else if (diff > 0) {
        if (diff > CTL_BURST_REPLICAS) diff = CTL_BURST_REPLICAS;
        delete_extra(sim, id, rw, active, n, (size_t)diff);
    }
}

void ctl_replicaset_sync(podsim_sim *sim, podsim_id id) {
    podsim_workload *w = ctl_view(sim, PODSIM_KIND_REPLICASET, id);
    ctl_workload *rw = ctl_workload_get(sim, PODSIM_KIND_REPLICASET, id);
    if (!w || !rw) return;
    ctl_compact_pods(sim, rw, NULL);
    size_t total = rw->pods.len, n = 0;
    podsim_id *active = malloc((total ? total : 1) * sizeof(*active));
    if (!active) {
        sim_fail_oom(sim);
        return;
    }
    const podsim_id *ids = rw->pods.data;
    int64_t now_model = sim_wall(sim, sim->now);
    int64_t min_ready =
        w->min_ready_seconds.set ? w->min_ready_seconds.value : 0;
    int32_t ready = 0, available = 0;
    for (size_t i = 0; i < total; i++) {
        const podsim_pod *p = ctl_pod(sim, ids[i]);
        if (!p || !ctl_pod_active(p)) continue;
        active[n++] = ids[i];
        /* readiness as the controller's informer last saw it (the flag
           ctl_replicaset_pod_event keeps), which is also far cheaper than
           reading every pod's conditions on every sync */
        const uint8_t *flags = ctl_pod_flags(sim, ids[i]);
        if (flags ? (*flags & CTL_POD_READY) : ctl_pod_ready(p)) {
            ready++;
            if (min_ready <= 0 || ctl_pod_available(p, min_ready, now_model)) {
                available++;
            }
        }
    }
    if (w->template_pod) manage_replicas(sim, id, w, rw, active, n);
    free(active);

    /* updateReplicaSetStatus: every change (and a new spec generation)
       reaches the Deployment controller as an update event */
    bool changed =
        w->status_replicas != (int32_t)n || w->status_ready_replicas != ready ||
        w->status_available_replicas != available ||
        rw->observed_replicas != spec_replicas(w) || !rw->status_logged;
    rw->status_logged = true;
    rw->observed_replicas = spec_replicas(w);
    ctl_status_field(sim, PODSIM_KIND_REPLICASET, id, "replicas",
                     &w->status_replicas, (int32_t)n, false);
    ctl_status_field(sim, PODSIM_KIND_REPLICASET, id, "readyReplicas",
                     &w->status_ready_replicas, ready, false);
    ctl_status_field(sim, PODSIM_KIND_REPLICASET, id, "availableReplicas",
                     &w->status_available_replicas, available, false);
    if (changed && rw->owner != PODSIM_NO_ID) {
        ctl_enqueue(sim, PODSIM_KIND_DEPLOYMENT, rw->owner);
    }
    /* the last line of defence against clock skew */
    if (min_ready > 0 && ready == spec_replicas(w) &&
        available != spec_replicas(w)) {
        ctl_enqueue_after(sim, PODSIM_KIND_REPLICASET, id, min_ready * 1000);
    }
}
