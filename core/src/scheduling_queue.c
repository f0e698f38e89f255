/*
 * scheduling_queue.c - scheduling every pending pod in queue order.
 *
 * Mirrors the activeQ of pkg/scheduler/backend/queue/scheduling_queue.go
 * with the PrioritySort QueueSort plugin (plugins/queuesort/
 * priority_sort.go: higher spec.priority first, then the earlier queue
 * timestamp) and the SchedulingGates PreEnqueue plugin (a gated pod never
 * enters the queue). The queue timestamp of a pod that was pending when
 * podsim loaded it is its creationTimestamp; model order breaks ties.
 * Each pod is attempted once: placements only consume capacity, so a pod
 * that failed cannot fit after a later pod is placed.
 */
#include <stdlib.h>
#include <string.h>

#include "sched.h"

podsim_status sched_schedule_for_queue(podsim_cluster *c,
                                       podsim_scheduler_config *cfg,
                                       const podsim_schedule_options *opt,
                                       const podsim_pod *pod,
                                       podsim_schedule_result **out);

typedef struct batch_box {
    podsim_schedule_batch b; /* first: the public pointer is the box */
    podsim_schedule_result **results;
} batch_box;

void podsim_schedule_batch_free(podsim_schedule_batch *batch) {
    if (!batch) return;
    batch_box *box = (batch_box *)batch;
    for (size_t i = 0; i < batch->count; i++) {
        podsim_schedule_result_free(box->results[i]);
    }
    free(box->results);
    free(box);
}

static bool pending(const podsim_pod *p) {
    return !p->spec.node_name[0] && pod_holds_resources(p) &&
           p->meta.deletion_timestamp == PODSIM_NO_TIME;
}

/* PrioritySort.Less */
static int queue_order(const void *x, const void *y) {
    const podsim_pod *a = *(const podsim_pod *const *)x;
    const podsim_pod *b = *(const podsim_pod *const *)y;
    int64_t pa = pod_priority(a), pb = pod_priority(b);
    if (pa != pb) return pa > pb ? -1 : 1;
    int64_t ta = a->meta.creation_timestamp, tb = b->meta.creation_timestamp;
    if (ta != tb) return ta < tb ? -1 : 1;
    return a->id < b->id ? -1 : a->id > b->id;
}

podsim_status podsim_cluster_schedule_pending(
    podsim_cluster *c, podsim_scheduler_config *cfg,
    const podsim_schedule_options *options, podsim_schedule_batch **out) {
    if (!c) return PODSIM_EINVAL;
    cluster_clear_error(c);
    if (!out) return cluster_fail(c, PODSIM_EINVAL, NULL, 0, 0, "out is NULL");
    *out = NULL;
    podsim_schedule_options opt = PODSIM_SCHEDULE_OPTIONS_INIT;
    if (options) opt = *options;
    opt.profile = NULL;
    size_t n = podsim_cluster_count(c, PODSIM_KIND_POD);
    const podsim_pod **queue = malloc((n ? n : 1) * sizeof(*queue));
    batch_box *box = calloc(1, sizeof(*box));
    if (box) box->results = calloc(n ? n : 1, sizeof(*box->results));
    if (!queue || !box || !box->results) {
        free(queue);
        if (box) free(box->results);
        free(box);
        return cluster_fail(c, PODSIM_ENOMEM, NULL, 0, 0, "out of memory");
    }
    size_t count = 0;
    for (size_t i = 0; i < n; i++) {
        const podsim_pod *p = podsim_cluster_pod(c, (podsim_id)i);
        if (pending(p)) queue[count++] = p;
    }
    qsort(queue, count, sizeof(*queue), queue_order);
    podsim_status s = PODSIM_OK;
    for (size_t i = 0; i < count; i++) {
        podsim_schedule_result *r = NULL;
        s = sched_schedule_for_queue(c, cfg, &opt, queue[i], &r);
        opt.seed = 0; /* seed once, then carry the stream */
        if (s) break;
        if (!r) continue; /* served by another scheduler */
        box->results[box->b.count++] = r;
        if (r->gated) {
            box->b.gated++;
        } else if (r->node) {
            box->b.scheduled++;
        } else {
            box->b.unschedulable++;
        }
    }
    free(queue);
    box->b.results = (const podsim_schedule_result *const *)box->results;
    if (s) {
        podsim_schedule_batch_free(&box->b);
        return s;
    }
    *out = &box->b;
    return PODSIM_OK;
}
