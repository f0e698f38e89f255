/*
 * sim_scheduler.c - kube-scheduler's scheduling queue on the simulated
 * clock (MOD_SCHEDULER).
 *
 * Models kubernetes/kubernetes pkg/scheduler/backend/queue/
 * scheduling_queue.go (PriorityQueue: activeQ, backoffQ, unschedulablePods,
 * flushBackoffQCompleted, flushUnschedulablePodsLeftover,
 * movePodsToActiveOrBackoffQueue, requeuePodWithQueueingStrategy),
 * backoff_queue.go (calculateBackoffDuration, isPodBackingoff, the 1 s
 * ordering window) and active_queue.go (unlockedPop), and the scheduling
 * loop of pkg/scheduler/schedule_one.go (ScheduleOne, skipPodSchedule,
 * handleSchedulingFailure, finishBinding's Scheduled event). Preemption
 * follows pkg/scheduler/framework/preemption/preemption.go (PreemptPod:
 * DisruptionTarget condition, DELETE, the Preempted event).
 *
 * What the loop does:
 *   - activeQ is ordered by PrioritySort (plugins/queuesort): higher
 *     spec.priority first, then the earlier queue timestamp. Upstream's
 *     timestamps are nanoseconds, so two pods never tie; here they can
 *     share a millisecond, and the one whose timestamp was set first goes
 *     first (FIFO), which is what the nanoseconds would say.
 *   - The scheduler pops one pod at a time; an attempt takes 0 simulated
 *     ms and binding is synchronous (podsim_cluster_schedule with
 *     PODSIM_SCHEDULE_BIND). Every attempt bumps the pod's Attempts.
 *   - Success: PodScheduled=True (the Binding subresource sets it:
 *     pkg/registry/core/pod/storage), the Scheduled event, then the
 *     WATCH_BOUND notification the kubelet starts from.
 *   - Failure (handleSchedulingFailure): the pod goes to unschedulablePods
 *     with its timestamp refreshed, then the FailedScheduling event (the
 *     message cut to 1024 bytes, truncateMessage), then PodScheduled=False
 *     reason Unschedulable with the whole message. A failure with no
 *     rejecting plugin (no nodes at all, a plugin error) goes to the error
 *     back-off queue instead (podErrorBackoffQ), reason SchedulerError for
 *     plugin errors.
 *   - Gated pods (spec.schedulingGates; the SchedulingGates PreEnqueue
 *     plugin) wait in unschedulablePods, PodScheduled=False reason
 *     SchedulingGated, and are never attempted; a WATCH_SPEC notification
 *     after the gates are removed moves them to activeQ.
 *   - Preemption: when the PostFilter nominates a node, each victim gets
 *     DisruptionTarget=True (PreemptionByScheduler), a DELETE with its own
 *     grace period and the Preempted event; the preemptor waits in
 *     unschedulablePods and is retried when a victim is gone (the
 *     AssignedPodDelete event below).
 *   - A pod deleted while queued leaves the queue (PriorityQueue.Delete);
 *     a pod popped while being deleted is skipped (skipPodSchedule).
 *
 * Back-off: the duration is podInitialBackoff << (Attempts - 1), capped at
 * podMaxBackoff (1 s, 2 s, 4 s, 8 s, 10 s, ...), counted from the queue
 * timestamp of the last failure. How it expires depends on the version:
 *   - before 1.33: expiry = timestamp + duration; flushBackoffQCompleted
 *     runs every second from the scheduler's start (wait.Until, 1 s: sim
 *     times 0, 1 s, 2 s, ...) and moves pods whose expiry is not after now
 *     to activeQ. Pods never leave backoffQ early.
 *   - from 1.33 (SchedulerPopFromBackoffQ, beta and on by default; the
 *     version checked is v1.34's backoff_queue.go/active_queue.go): the
 *     expiry is truncated to the whole wall-clock second (the ordering
 *     window), a pod still backs off while its expiry is not before the
 *     current window, the flush runs on whole wall seconds
 *     (waitUntilAlignedWithOrderingWindow), and backoffQ is ordered by
 *     expiry then PrioritySort. When activeQ is empty the scheduler pops
 *     the head of backoffQ at once, expired or not (unlockedPop ->
 *     popBackoff); the error back-off queue is only ever flushed.
 * The flush is posted as a one-shot timer at the tick where the head of a
 * back-off queue completes (not a 1 s ticker): the outcome is the same.
 * flushUnschedulablePodsLeftover runs every 30 s from the start and moves
 * pods that waited more than 5 minutes; it is posted (SIM_PERIODIC) only
 * while a non-gated pod waits in unschedulablePods, at the first 30 s tick
 * where the oldest one qualifies.
 *
 * QueueingHints simplification: upstream asks each rejecting plugin's
 * QueueingHintFn whether a cluster event may help (hints are on by default
 * from 1.32; before, MoveAllToActiveOrBackoffQueue with a per-event
 * pre-check). podsim keeps the pre-hint behaviour without the pre-checks:
 *   - an assigned pod deleted or turned terminal (AssignedPodDelete), and
 *     nodes added or replaced by an apply (NodeAdd / NodeUpdate), move
 *     every non-gated pod of unschedulablePods;
 *   - an assigned pod added (AssignedPodAdd) moves only the pods that
 *     getUnschedulablePodsWithCrossTopologyTerm would pick: same-namespace
 *     pods with topology spread constraints, and pods whose required pod
 *     affinity terms match the new pod (a namespaceSelector counts as a
 *     match: namespace labels are not consulted).
 * A moved pod still backing off goes to backoffQ, otherwise to activeQ
 * (requeuePodWithQueueingStrategy with queueAfterBackoff). Events during
 * an attempt cannot happen (attempts are instantaneous), so the in-flight
 * event bookkeeping (moveRequestCycle, inFlightEvents) is not needed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "match.h"
#include "sim.h"

/* pkg/apis/core/validation: NoteLengthLimit, the event message cap */
#define NOTE_LENGTH_LIMIT 1024
/* backoff_queue.go: backoffQOrderingWindowDuration */
#define ORDERING_WINDOW_MS 1000

enum sched_op {
    OP_POP = 1,                           /* ScheduleOne */
    OP_FLUSH_BACKOFF = 2,                 /* flushBackoffQCompleted */
    OP_FLUSH_LEFTOVER = 3 | SIM_PERIODIC, /* flushUnschedulablePodsLeftover */
};

/* Which queue a pod is in. */
enum where { Q_NONE = 0, Q_ACTIVE, Q_BACKOFF, Q_ERROR, Q_UNSCHED, Q_GATED };

/* framework.QueuedPodInfo, by pod id. */
typedef struct qinfo {
    uint8_t where;
    bool assigned;      /* bound and known to the cache */
    bool terminal_seen; /* its turning terminal was handled */
    bool cross;         /* spread constraints or required pod affinity */
    int32_t attempts;
    uint32_t gen;      /* bumped on every queue change: stale heap entries */
    int64_t timestamp; /* Timestamp, sim ms */
    uint64_t order;    /* when the timestamp was set (ties) */
    int64_t expiry;    /* cached BackoffExpiration; PODSIM_NO_TIME */
} qinfo;

typedef struct qref {
    int32_t pod;
    uint32_t gen;
} qref;

typedef struct sched_state {
    podsim_sim *sim;
    vec info;    /* qinfo by pod id */
    vec active;  /* qref min-heap (activeQ) */
    vec backoff; /* qref min-heap (podBackoffQ) */
    vec errors;  /* qref min-heap (podErrorBackoffQ) */
    vec unsched; /* qref list (unschedulablePods, gated ones too) */
    size_t count[Q_GATED + 1];
    size_t cross_waiting; /* unschedulable pods with `cross` set */
    uint64_t order;
    bool pop_posted;
    uint32_t flush_gen;
    int64_t flush_at; /* PODSIM_NO_TIME: no flush posted */
    uint32_t leftover_gen;
    int64_t leftover_at;
    bool seeded;
} sched_state;

typedef int (*heap_cmp)(const sched_state *st, const qref *a, const qref *b);

static sched_state *state(podsim_sim *sim) {
    return sim_state(sim, MOD_SCHEDULER);
}

static qinfo *info_of(sched_state *st, podsim_id pod) {
    while (st->info.len <= (size_t)pod) {
        qinfo *q = vec_push(&st->info);
        if (!q) {
            sim_fail_oom(st->sim);
            return NULL;
        }
        q->expiry = PODSIM_NO_TIME;
    }
    return vec_at(&st->info, (size_t)pod);
}

static const qinfo *info_at(const sched_state *st, int32_t pod) {
    return vec_at(&st->info, (size_t)pod);
}

/* ---- ordering --------------------------------------------------------------
 */

/* PrioritySort.Less, FIFO on equal timestamps. */
static int active_cmp(const sched_state *st, const qref *a, const qref *b) {
    const podsim_pod *pa = podsim_cluster_pod(st->sim->c, a->pod);
    const podsim_pod *pb = podsim_cluster_pod(st->sim->c, b->pod);
    int64_t xa = pod_priority(pa), xb = pod_priority(pb);
    if (xa != xb) return xa > xb ? -1 : 1;
    const qinfo *qa = info_at(st, a->pod), *qb = info_at(st, b->pod);
    if (qa->timestamp != qb->timestamp) {
        return qa->timestamp < qb->timestamp ? -1 : 1;
    }
    return qa->order < qb->order ? -1 : qa->order > qb->order;
}

/* lessBackoffCompleted, and lessBackoffCompletedWithPriority from 1.33 */
static int backoff_cmp(const sched_state *st, const qref *a, const qref *b) {
    const qinfo *qa = info_at(st, a->pod), *qb = info_at(st, b->pod);
    if (qa->expiry != qb->expiry) return qa->expiry < qb->expiry ? -1 : 1;
    if (st->sim->k.sched_pop_from_backoffq) return active_cmp(st, a, b);
    return qa->order < qb->order ? -1 : qa->order > qb->order;
}

static int error_cmp(const sched_state *st, const qref *a, const qref *b) {
    const qinfo *qa = info_at(st, a->pod), *qb = info_at(st, b->pod);
    if (qa->expiry != qb->expiry) return qa->expiry < qb->expiry ? -1 : 1;
    return qa->order < qb->order ? -1 : qa->order > qb->order;
}

/* ---- heaps of queue references (stale entries dropped when seen) ----------
 */

static bool heap_push(sched_state *st, vec *h, heap_cmp cmp, qref r) {
    if (!vec_push(h)) {
        sim_fail_oom(st->sim);
        return false;
    }
    qref *d = h->data;
    size_t i = h->len - 1;
    while (i > 0) {
        size_t parent = (i - 1) / 2;
        if (cmp(st, &r, &d[parent]) >= 0) break;
        d[i] = d[parent];
        i = parent;
    }
    d[i] = r;
    return true;
}

static void heap_remove_top(sched_state *st, vec *h, heap_cmp cmp) {
    qref *d = h->data;
    qref last = d[--h->len];
    size_t n = h->len, i = 0;
    for (;;) {
        size_t child = 2 * i + 1;
        if (child >= n) break;
        if (child + 1 < n && cmp(st, &d[child + 1], &d[child]) < 0) child++;
        if (cmp(st, &d[child], &last) >= 0) break;
        d[i] = d[child];
        i = child;
    }
    if (n) d[i] = last;
}

static bool live(const sched_state *st, const qref *r, int where) {
    const qinfo *q = info_at(st, r->pod);
    return q->where == where && q->gen == r->gen;
}

/* The live head of a heap (stale entries on top are removed), or NULL. */
static const qref *heap_head(sched_state *st, vec *h, heap_cmp cmp, int where) {
    while (h->len) {
        const qref *top = h->data;
        if (live(st, top, where)) return top;
        heap_remove_top(st, h, cmp);
    }
    return NULL;
}

/* ---- moving pods between queues ------------------------------------------ */

/* Take the pod out of whatever queue holds it (lazily). */
static void leave_queue(sched_state *st, qinfo *q) {
    st->count[q->where]--;
    if (q->where == Q_UNSCHED && q->cross) st->cross_waiting--;
    q->where = Q_NONE;
    q->gen++;
}

static void enter(sched_state *st, podsim_id pod, qinfo *q, int where) {
    if (q->where != Q_NONE) leave_queue(st, q);
    q->where = (uint8_t)where;
    st->count[where]++;
    if (where == Q_UNSCHED && q->cross) st->cross_waiting++;
    qref r = {pod, q->gen};
    switch (where) {
    case Q_ACTIVE: heap_push(st, &st->active, active_cmp, r); break;
    case Q_BACKOFF: heap_push(st, &st->backoff, backoff_cmp, r); break;
    case Q_ERROR: heap_push(st, &st->errors, error_cmp, r); break;
    default: {
        qref *slot = vec_push(&st->unsched);
        if (slot) {
            *slot = r;
        } else {
            sim_fail_oom(st->sim);
        }
        break;
    }
    }
}

/* Drop stale entries of unschedulablePods when they outnumber live ones. */
static void compact_unsched(sched_state *st) {
    size_t alive = st->count[Q_UNSCHED] + st->count[Q_GATED];
    if (st->unsched.len < 64 || st->unsched.len < 2 * alive) return;
    qref *d = st->unsched.data;
    size_t out = 0;
    for (size_t i = 0; i < st->unsched.len; i++) {
        if (live(st, &d[i], Q_UNSCHED) || live(st, &d[i], Q_GATED)) {
            d[out++] = d[i];
        }
    }
    st->unsched.len = out;
}

static void set_timestamp(sched_state *st, qinfo *q) {
    q->timestamp = st->sim->now;
    q->order = st->order++;
    q->expiry = PODSIM_NO_TIME;
}

/* ---- back-off -------------------------------------------------------------
 */

static int64_t floor_div(int64_t a, int64_t b) {
    int64_t q = a / b;
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

/* alignToWindow: truncate simulated time t to its whole wall second. */
static int64_t align_window(const podsim_sim *sim, int64_t t) {
    int64_t wall = sim_wall(sim, t);
    return floor_div(wall, ORDERING_WINDOW_MS) * ORDERING_WINDOW_MS -
           sim->epoch_ms;
}

/* calculateBackoffDuration */
static int64_t backoff_duration(const podsim_sim *sim, int32_t attempts) {
    int64_t initial = sim->k.sched_backoff_initial_ms;
    int64_t max = sim->k.sched_backoff_max_ms;
    int64_t d = initial;
    for (int32_t i = 1; i < attempts; i++) {
        if (d > max - d) return max;
        d += d;
    }
    return d > max ? max : d;
}

/* getBackoffTime: the cached expiry (only for attempts > 0). */
static int64_t backoff_expiry(const podsim_sim *sim, qinfo *q) {
    if (q->expiry == PODSIM_NO_TIME) {
        q->expiry = q->timestamp + backoff_duration(sim, q->attempts);
        if (sim->k.sched_pop_from_backoffq) {
            q->expiry = align_window(sim, q->expiry);
        }
    }
    return q->expiry;
}

/* isPodBackingoff */
static bool backing_off(const podsim_sim *sim, qinfo *q) {
    if (q->attempts == 0) return false;
    int64_t expiry = backoff_expiry(sim, q);
    if (sim->k.sched_pop_from_backoffq) {
        return expiry >= align_window(sim, sim->now);
    }
    return expiry > sim->now;
}

/* The flush tick at which a pod with this expiry leaves backoffQ. */
static int64_t flush_tick(const podsim_sim *sim, int64_t expiry) {
    if (sim->k.sched_pop_from_backoffq) {
        /* the first aligned tick whose window is after the expiry's */
        return expiry + ORDERING_WINDOW_MS;
    }
    int64_t period = sim->k.sched_backoff_flush_ms;
    return -floor_div(-expiry, period) * period; /* ceil to a tick */
}

/* ---- posting work ----------------------------------------------------------
 */

static void ensure_pop(podsim_sim *sim, sched_state *st) {
    if (st->pop_posted) return;
    bool work = st->count[Q_ACTIVE] > 0 ||
                (sim->k.sched_pop_from_backoffq && st->count[Q_BACKOFF] > 0);
    if (!work) return;
    if (sim_post(sim, sim->now, MOD_SCHEDULER, OP_POP, 0, 0, 0)) {
        st->pop_posted = true;
    }
}

/* Post the back-off flush at the tick where the first pod completes. */
static void arm_flush(podsim_sim *sim, sched_state *st) {
    int64_t at = PODSIM_NO_TIME;
    const qref *heads[2] = {heap_head(st, &st->backoff, backoff_cmp, Q_BACKOFF),
                            heap_head(st, &st->errors, error_cmp, Q_ERROR)};
    for (int i = 0; i < 2; i++) {
        if (!heads[i]) continue;
        qinfo *q = info_of(st, heads[i]->pod);
        int64_t tick = flush_tick(sim, backoff_expiry(sim, q));
        if (tick <= sim->now) tick = sim->now;
        if (at == PODSIM_NO_TIME || tick < at) at = tick;
    }
    if (at == PODSIM_NO_TIME) return;
    if (st->flush_at != PODSIM_NO_TIME && st->flush_at <= at) return;
    st->flush_gen++;
    if (sim_post(sim, at, MOD_SCHEDULER, OP_FLUSH_BACKOFF, 0, 0,
                 st->flush_gen)) {
        st->flush_at = at;
    }
}

/* Post the leftover flush at the first 30 s tick at which the oldest
   waiting pod has been unschedulable for longer than the maximum. */
static void arm_leftover(podsim_sim *sim, sched_state *st) {
    if (st->leftover_at != PODSIM_NO_TIME || !st->count[Q_UNSCHED]) return;
    int64_t oldest = PODSIM_NO_TIME;
    const qref *d = st->unsched.data;
    for (size_t i = 0; i < st->unsched.len; i++) {
        if (!live(st, &d[i], Q_UNSCHED)) continue;
        int64_t ts = info_at(st, d[i].pod)->timestamp;
        if (oldest == PODSIM_NO_TIME || ts < oldest) oldest = ts;
    }
    if (oldest == PODSIM_NO_TIME) return;
    int64_t period = sim->k.sched_flush_period_ms;
    int64_t due = oldest + sim->k.sched_unschedulable_max_ms; /* > due */
    int64_t tick = (floor_div(due, period) + 1) * period;
    if (tick < sim->now) tick = sim->now;
    st->leftover_gen++;
    if (sim_post(sim, tick, MOD_SCHEDULER, OP_FLUSH_LEFTOVER, 0, 0,
                 st->leftover_gen)) {
        st->leftover_at = tick;
    }
}

/* moveToActiveQ / moveToBackoffQ after requeuePodWithQueueingStrategy
   (queueAfterBackoff). */
static void requeue(podsim_sim *sim, sched_state *st, podsim_id pod, qinfo *q) {
    if (backing_off(sim, q)) {
        enter(st, pod, q, Q_BACKOFF);
        arm_flush(sim, st);
    } else {
        enter(st, pod, q, Q_ACTIVE);
    }
}

/* ---- pods the scheduler is responsible for --------------------------------
 */

static bool is_terminal(const podsim_pod *p) {
    return p->status.has_phase && (p->status.phase == PODSIM_PHASE_SUCCEEDED ||
                                   p->status.phase == PODSIM_PHASE_FAILED);
}

/* responsibleForPod: a profile of the configuration serves the pod's
   schedulerName. */
static bool served(const podsim_sim *sim, const podsim_pod *p) {
    const char *name = p->spec.scheduler_name;
    if (!name || !name[0]) name = "default-scheduler";
    if (!sim->config) return strcmp(name, "default-scheduler") == 0;
    size_t n = podsim_scheduler_config_profile_count(sim->config);
    for (size_t i = 0; i < n; i++) {
        const char *profile =
            podsim_scheduler_config_profile_name(sim->config, i);
        if (profile && strcmp(profile, name) == 0) return true;
    }
    return false;
}

static const char *scheduler_name(const podsim_pod *p) {
    return p->spec.scheduler_name && p->spec.scheduler_name[0]
               ? p->spec.scheduler_name
               : "default-scheduler";
}

static bool pending(const podsim_pod *p) {
    return !p->removed && !p->spec.node_name[0] && !is_terminal(p) &&
           p->meta.deletion_timestamp == PODSIM_NO_TIME;
}

/* PriorityQueue.Add, or Update of a queued pod whose gates went away. */
static void add_pod(podsim_sim *sim, sched_state *st, podsim_id pod) {
    const podsim_pod *p = podsim_cluster_pod(sim->c, pod);
    if (!p || !pending(p) || !served(sim, p)) return;
    qinfo *q = info_of(st, pod);
    if (!q) return;
    bool gated = p->spec.scheduling_gates.count > 0;
    if (q->where == Q_GATED && !gated) {
        /* isPodUpdated: out of unschedulablePods, after its back-off */
        requeue(sim, st, pod, q);
        ensure_pop(sim, st);
        return;
    }
    if (q->where != Q_NONE) return;
    const podsim_affinity *a = p->spec.affinity;
    q->cross = p->spec.topology_spread_constraint_count > 0 ||
               (a && a->pod_affinity && a->pod_affinity->required_count > 0);
    set_timestamp(st, q);
    if (gated) {
        /* the SchedulingGates PreEnqueue plugin keeps it out of activeQ;
           the API server writes the condition at creation
           (pkg/registry/core/pod/strategy.go) */
        enter(st, pod, q, Q_GATED);
        if (sim_pod_set_condition(
                sim, pod, "PodScheduled", "False", "SchedulingGated",
                "Scheduling is blocked due to non-empty scheduling gates")) {
            sim_pod_status_written(sim, pod);
        }
        return;
    }
    enter(st, pod, q, Q_ACTIVE);
    ensure_pop(sim, st);
}

/* ---- cluster events
 * ---------------------------------------------------------- */

typedef bool (*move_filter)(const podsim_sim *sim, const podsim_pod *waiting,
                            const podsim_pod *event_pod);

/* movePodsToActiveOrBackoffQueue over unschedulablePods (gated pods stay:
   no event here removes a gate). */
static void move_pods(podsim_sim *sim, sched_state *st, move_filter filter,
                      const podsim_pod *event_pod) {
    if (!st->count[Q_UNSCHED]) return;
    size_t n = st->unsched.len;
    for (size_t i = 0; i < n; i++) {
        qref r = ((const qref *)st->unsched.data)[i];
        if (!live(st, &r, Q_UNSCHED)) continue;
        const podsim_pod *p = podsim_cluster_pod(sim->c, r.pod);
        if (filter && !filter(sim, p, event_pod)) continue;
        requeue(sim, st, r.pod, info_of(st, r.pod));
    }
    compact_unsched(st);
    ensure_pop(sim, st);
}

/* The assigned pod matches one of the waiting pod's required pod
   affinity terms (AffinityTerm.Matches, namespace labels not consulted). */
static bool affinity_term_matches(const podsim_pod_affinity_term *t,
                                  const podsim_pod *waiting,
                                  const podsim_pod *pod) {
    bool ns_ok = t->namespace_selector != NULL;
    if (!t->namespaces.count && !t->namespace_selector) {
        ns_ok = strcmp(waiting->meta.namespace_, pod->meta.namespace_) == 0;
    }
    for (size_t i = 0; i < t->namespaces.count; i++) {
        if (strcmp(t->namespaces.items[i], pod->meta.namespace_) == 0) {
            ns_ok = true;
        }
    }
    return ns_ok &&
           label_selector_matches(t->label_selector, &pod->meta.labels);
}

/* getUnschedulablePodsWithCrossTopologyTerm */
static bool cross_topology(const podsim_sim *sim, const podsim_pod *waiting,
                           const podsim_pod *pod) {
    (void)sim;
    if (waiting->spec.topology_spread_constraint_count &&
        strcmp(waiting->meta.namespace_, pod->meta.namespace_) == 0) {
        return true;
    }
    const podsim_affinity *a = waiting->spec.affinity;
    if (!a || !a->pod_affinity) return false;
    for (size_t i = 0; i < a->pod_affinity->required_count; i++) {
        if (affinity_term_matches(&a->pod_affinity->required[i], waiting,
                                  pod)) {
            return true;
        }
    }
    return false;
}

void sim_scheduler_nodes_changed(podsim_sim *sim) {
    sched_state *st = state(sim);
    if (st) move_pods(sim, st, NULL, NULL);
}

static void assigned_pod_added(podsim_sim *sim, sched_state *st,
                               const podsim_pod *p) {
    if (st->cross_waiting) move_pods(sim, st, cross_topology, p);
}

/* ---- one scheduling attempt ------------------------------------------------
 */

/* PreemptPod for each victim of the nominated node. */
static void preempt_victims(podsim_sim *sim, const podsim_pod *preemptor,
                            const podsim_preemption *pre) {
    const char *node = pre->node;
    for (size_t i = 0; i < pre->victims.count; i++) {
        const char *key = pre->victims.items[i];
        const char *slash = strchr(key, '/');
        char ns[256];
        size_t n = slash ? (size_t)(slash - key) : 0;
        if (n >= sizeof ns) continue;
        memcpy(ns, key, n);
        ns[n] = '\0';
        podsim_id v = cluster_lookup(sim->c, PODSIM_KIND_POD, ns,
                                     slash ? slash + 1 : key);
        const podsim_pod *victim = podsim_cluster_pod(sim->c, v);
        if (!victim || victim->removed ||
            victim->meta.deletion_timestamp != PODSIM_NO_TIME) {
            continue; /* already on its way out */
        }
        char message[320];
        snprintf(message, sizeof message,
                 "%s: preempting to accommodate a higher priority pod",
                 scheduler_name(preemptor));
        if (sim_pod_set_condition(sim, v, "DisruptionTarget", "True",
                                  "PreemptionByScheduler", message)) {
            sim_pod_status_written(sim, v);
        }
        sim_delete_pod(sim, v, -1);
        sim_event(sim, "Normal", "Preempted", PODSIM_KIND_POD, v, NULL,
                  scheduler_name(preemptor), "Preempted by pod %s on node %s",
                  preemptor->meta.uid, node ? node : "");
    }
}

/* truncateMessage */
static void failed_scheduling_event(podsim_sim *sim, podsim_id pod,
                                    const char *source, const char *message) {
    size_t len = strlen(message);
    if (len <= NOTE_LENGTH_LIMIT) {
        sim_event(sim, "Warning", "FailedScheduling", PODSIM_KIND_POD, pod,
                  NULL, source, "%s", message);
        return;
    }
    sim_event(sim, "Warning", "FailedScheduling", PODSIM_KIND_POD, pod, NULL,
              source, "%.*s ...", NOTE_LENGTH_LIMIT - 4, message);
}

/* handleSchedulingFailure; `error_queue` when no plugin rejected the pod
   (podErrorBackoffQ) */
static void attempt_failed(podsim_sim *sim, sched_state *st, podsim_id pod,
                           const char *reason, const char *message,
                           bool error_queue) {
    const podsim_pod *p = podsim_cluster_pod(sim->c, pod);
    qinfo *q = info_of(st, pod);
    if (!q) return;
    set_timestamp(st, q);
    if (error_queue) {
        enter(st, pod, q, Q_ERROR);
        arm_flush(sim, st);
    } else {
        enter(st, pod, q, Q_UNSCHED);
        arm_leftover(sim, st);
    }
    failed_scheduling_event(sim, pod, scheduler_name(p), message);
    if (sim_pod_set_condition(sim, pod, "PodScheduled", "False", reason,
                              message)) {
        sim_pod_status_written(sim, pod);
    }
}

static void attempt_bound(podsim_sim *sim, podsim_id pod, const char *node) {
    const podsim_pod *p = podsim_cluster_pod(sim->c, pod);
    if (sim_pod_set_condition(sim, pod, "PodScheduled", "True", "", "")) {
        sim_pod_status_written(sim, pod);
    }
    sim_event(sim, "Normal", "Scheduled", PODSIM_KIND_POD, pod, NULL,
              scheduler_name(p), "Successfully assigned %s/%s to %s",
              p->meta.namespace_, p->meta.name, node);
    sim_pod_changed(sim, pod, WATCH_BOUND);
}

static void schedule_one(podsim_sim *sim, sched_state *st, podsim_id pod) {
    podsim_schedule_options opt = PODSIM_SCHEDULE_OPTIONS_INIT;
    opt.flags = PODSIM_SCHEDULE_BIND;
    if (!st->seeded) {
        /* the cluster's tie-break stream, seeded once from the run's */
        opt.seed = rng_next(&sim->rng);
        if (!opt.seed) opt.seed = 1;
        st->seeded = true;
    }
    podsim_schedule_result *r = NULL;
    podsim_status s =
        podsim_cluster_schedule(sim->c, sim->config, pod, &opt, &r);
    sim->stats.scheduling_attempts++;
    if (s == PODSIM_ENOMEM) {
        sim_fail_oom(sim);
        return;
    }
    if (s != PODSIM_OK) {
        /* a plugin failed: status Error, reason SchedulerError */
        attempt_failed(sim, st, pod, "SchedulerError",
                       podsim_cluster_error(sim->c)->message, true);
        return;
    }
    const podsim_pod *p = podsim_cluster_pod(sim->c, pod);
    if (r->bound) {
        attempt_bound(sim, pod, r->node);
    } else if (r->gated) {
        qinfo *q = info_of(st, pod);
        if (q) enter(st, pod, q, Q_GATED);
    } else {
        const podsim_preemption *pre = r->preemption;
        if (pre && pre->node && pre->victims.count) {
            preempt_victims(sim, p, pre);
        }
        /* ErrNoNodesAvailable carries no rejecting plugin */
        attempt_failed(sim, st, pod, "Unschedulable", r->message,
                       r->node_count == 0);
    }
    podsim_schedule_result_free(r);
}

/* Pop: activeQ's head, or with SchedulerPopFromBackoffQ backoffQ's head
   when activeQ is empty. */
static podsim_id pop_next(podsim_sim *sim, sched_state *st) {
    const qref *head = heap_head(st, &st->active, active_cmp, Q_ACTIVE);
    vec *h = &st->active;
    heap_cmp cmp = active_cmp;
    if (!head && sim->k.sched_pop_from_backoffq) {
        head = heap_head(st, &st->backoff, backoff_cmp, Q_BACKOFF);
        h = &st->backoff;
        cmp = backoff_cmp;
    }
    if (!head) return PODSIM_NO_ID;
    podsim_id pod = head->pod;
    heap_remove_top(st, h, cmp);
    qinfo *q = info_of(st, pod);
    leave_queue(st, q);
    q->attempts++;
    q->expiry = PODSIM_NO_TIME;
    return pod;
}

static void handle_pop(podsim_sim *sim, sched_state *st) {
    st->pop_posted = false;
    podsim_id pod = pop_next(sim, st);
    if (pod != PODSIM_NO_ID) {
        const podsim_pod *p = podsim_cluster_pod(sim->c, pod);
        /* skipPodSchedule: being deleted (or already bound) */
        if (p && pending(p)) schedule_one(sim, st, pod);
    }
    ensure_pop(sim, st);
}

/* flushBackoffQCompleted: every pod whose back-off is over, to activeQ */
static void handle_flush(podsim_sim *sim, sched_state *st) {
    st->flush_at = PODSIM_NO_TIME;
    struct {
        vec *h;
        heap_cmp cmp;
        int where;
    } queues[2] = {{&st->backoff, backoff_cmp, Q_BACKOFF},
                   {&st->errors, error_cmp, Q_ERROR}};
    for (int i = 0; i < 2; i++) {
        for (;;) {
            const qref *head =
                heap_head(st, queues[i].h, queues[i].cmp, queues[i].where);
            if (!head) break;
            podsim_id pod = head->pod;
            qinfo *q = info_of(st, pod);
            if (backing_off(sim, q)) break;
            heap_remove_top(st, queues[i].h, queues[i].cmp);
            enter(st, pod, q, Q_ACTIVE);
        }
    }
    ensure_pop(sim, st);
    arm_flush(sim, st);
}

/* flushUnschedulablePodsLeftover */
static void handle_leftover(podsim_sim *sim, sched_state *st) {
    st->leftover_at = PODSIM_NO_TIME;
    size_t n = st->unsched.len;
    for (size_t i = 0; i < n; i++) {
        qref r = ((const qref *)st->unsched.data)[i];
        if (!live(st, &r, Q_UNSCHED)) continue;
        qinfo *q = info_of(st, r.pod);
        if (sim->now - q->timestamp > sim->k.sched_unschedulable_max_ms) {
            requeue(sim, st, r.pod, q);
        }
    }
    compact_unsched(st);
    ensure_pop(sim, st);
    arm_leftover(sim, st);
}

/* ---- the module -------------------------------------------------------------
 */

static void sched_handle(podsim_sim *sim, const sim_entry *e) {
    sched_state *st = state(sim);
    switch (e->op) {
    case OP_POP: handle_pop(sim, st); break;
    case OP_FLUSH_BACKOFF:
        if (e->gen == st->flush_gen) handle_flush(sim, st);
        break;
    case OP_FLUSH_LEFTOVER:
        if (e->gen == st->leftover_gen) handle_leftover(sim, st);
        break;
    default: break;
    }
}

static void sched_on_pod(podsim_sim *sim, podsim_id pod, unsigned what) {
    sched_state *st = state(sim);
    const podsim_pod *p = podsim_cluster_pod(sim->c, pod);
    qinfo *q = p ? info_of(st, pod) : NULL;
    if (!q) return;
    if (what & WATCH_REMOVED) {
        /* PriorityQueue.Delete; an assigned pod's delete is
           AssignedPodDelete */
        if (q->where != Q_NONE) leave_queue(st, q);
        if (q->assigned) {
            q->assigned = false;
            move_pods(sim, st, NULL, NULL);
        }
        return;
    }
    if (what & (WATCH_CREATED | WATCH_BOUND)) {
        if (p->spec.node_name[0]) {
            if (q->where != Q_NONE) leave_queue(st, q);
            if (!q->assigned) {
                q->assigned = true;
                q->terminal_seen = is_terminal(p);
                assigned_pod_added(sim, st, p);
            }
        } else if (what & WATCH_CREATED) {
            add_pod(sim, st, pod);
        }
    }
    if ((what & WATCH_STATUS) && q->assigned && !q->terminal_seen &&
        is_terminal(p)) {
        /* a terminal pod leaves the scheduler's cache */
        q->terminal_seen = true;
        move_pods(sim, st, NULL, NULL);
    }
    if (what & WATCH_SPEC) add_pod(sim, st, pod);
}

static void *sched_create(podsim_sim *sim) {
    sched_state *st = calloc(1, sizeof(*st));
    if (!st) return NULL;
    st->sim = sim;
    vec_init(&st->info, sizeof(qinfo));
    vec_init(&st->active, sizeof(qref));
    vec_init(&st->backoff, sizeof(qref));
    vec_init(&st->errors, sizeof(qref));
    vec_init(&st->unsched, sizeof(qref));
    st->flush_at = PODSIM_NO_TIME;
    st->leftover_at = PODSIM_NO_TIME;
    return st;
}

static void sched_destroy(void *p) {
    sched_state *st = p;
    if (!st) return;
    vec_release(&st->info);
    vec_release(&st->active);
    vec_release(&st->backoff);
    vec_release(&st->errors);
    vec_release(&st->unsched);
    free(st);
}

static void *sched_fork(podsim_sim *dst, const void *src_state) {
    const sched_state *src = src_state;
    sched_state *st = malloc(sizeof(*st));
    if (!st) return NULL;
    *st = *src;
    st->sim = dst;
    vec *vecs[] = {&st->info, &st->active, &st->backoff, &st->errors,
                   &st->unsched};
    const vec *from[] = {&src->info, &src->active, &src->backoff, &src->errors,
                         &src->unsched};
    /* vec_copy initialises each; the cluster's tie-break stream is copied
       by podsim_sim_fork */
    for (size_t i = 0; i < 5; i++) vec_init(vecs[i], from[i]->elem_size);
    bool ok = true;
    for (size_t i = 0; ok && i < 5; i++) ok = vec_copy(vecs[i], from[i]);
    if (!ok) {
        sched_destroy(st);
        return NULL;
    }
    return st;
}

static size_t sched_memory(const void *p) {
    const sched_state *st = p;
    return sizeof(*st) + st->info.cap * sizeof(qinfo) +
           (st->active.cap + st->backoff.cap + st->errors.cap +
            st->unsched.cap) *
               sizeof(qref);
}

/* A node changed (taints, conditions, unschedulable, added or deleted):
   the NodeUpdate / NodeAdd cluster event moves unschedulable pods
   (eventhandlers.go updateNodeInCache, addNodeToCache). The snapshot reads
   node taints and spec through the node views, so a status or taint write
   needs no rebuild; a deleted or added node bumped the model's generation
   (cluster_remove_node, cluster_node_added). */
static void sched_on_node(podsim_sim *sim, podsim_id node, unsigned what) {
    (void)node;
    if (what == WATCH_NODE_HEALTH) return; /* invisible to the API */
    sim_scheduler_nodes_changed(sim);
}

const sim_module_ops sim_scheduler_ops = {
    sched_create, sched_destroy, sched_fork,   sched_handle,
    sched_on_pod, NULL,          sched_memory, sched_on_node};
