/*
 * taint_eviction.c - the taint eviction controller: pods on a node with
 * NoExecute taints they do not tolerate, or tolerate only for a while, are
 * deleted.
 *
 * Models pkg/controller/tainteviction/taint_eviction.go (the
 * taint-eviction-controller: SeparateTaintEvictionController, on from
 * v1.29, GA in v1.34; the same code ran inside the node lifecycle
 * controller before) with its TimedWorkerQueue (timed_workers.go):
 *   - it keeps the NoExecute taints of every node (taintedNodes). A node
 *     update whose NoExecute taints differ (NodeUpdated compares them with
 *     Semantic.DeepEqual: key, value, effect and timeAdded, in order), and
 *     a node added, re-evaluate every pod whose spec.nodeName names the
 *     node; a deleted node is only forgotten, so evictions already
 *     scheduled for its pods still fire;
 *   - a pod added, bound or with new tolerations is re-evaluated (nothing
 *     happens while its node has no NoExecute taint); a pod deleted
 *     cancels its eviction;
 *   - processPodOnNode: for each taint the first toleration that tolerates
 *     it (v1helper.GetMatchingTolerations). A taint no toleration
 *     tolerates: cancel, then delete at once. Otherwise
 *     getMinTolerationTime: the first tolerationSeconds <= 0 gives 0, else
 *     the minimum of those set; none set = tolerate for ever (cancel). An
 *     eviction already scheduled is kept as it is: upstream keeps it when
 *     CreatedAt + min is before now + min, i.e. whenever it was created
 *     earlier, whatever the new minimum (podsim has no two instants within
 *     one ms, so "earlier" includes the same ms). The clock starts when
 *     the controller processes the event, not at the taint's timeAdded;
 *   - when it fires (deletePodHandler): event TaintManagerEviction "Marking
 *     for deletion Pod <ns>/<name>", condition DisruptionTarget=True
 *     DeletionByTaintManager (addConditionAndDeletePod patches it only when
 *     it changes), then a plain DELETE (the pod's own grace period). Up to
 *     v1.34 the fired work item stays in the queue as nil ("to avoid
 *     duplicated calls we keep the key in the queue"): the pod is not
 *     evicted again until that key is cancelled (pod deleted, all taints
 *     gone, a for-ever toleration, or the untolerated path, which cancels
 *     and deletes again);
 *   - cancelling emits TaintManagerEviction "Cancelling deletion of Pod
 *     <ns>/<name>" only when a timer was pending (CancelWork returns true
 *     for a non-nil worker).
 * Terminating and finished pods are not skipped (upstream checks neither):
 * a second DELETE may only shorten the grace period, and a finished pod is
 * removed at once.
 *
 * podsim addition: pods of the loaded cluster are evaluated at time 0 as
 * if the controller had been running before the dump, not restarted: the
 * eviction is scheduled from when the pod's current NoExecute taints
 * (by timeAdded, and not before the pod was scheduled) first gave it a
 * finite toleration, and fires at time 0 at the earliest.
 */
#include <stdlib.h>
#include <string.h>

#include "match.h"
#include "sim.h"

#define SOURCE "taint-eviction-controller"

enum { OP_EVICT = 1 };

/* The pod's key in the TimedWorkerQueue. */
enum { WORK_NONE = 0, WORK_SCHEDULED, WORK_FIRED };

typedef struct te_pod {
    uint32_t gen; /* generation of its eviction timer */
    uint8_t work; /* WORK_* */
    int32_t node; /* node id it is listed under, -1 */
    int32_t next; /* next pod listed under that node, -1 */
    int32_t prev; /* previous one, -1 */
} te_pod;

typedef struct te_node {
    /* spec.taints when last observed: node writes replace the array, so
       the old one still holds what the controller saw */
    const podsim_taint *seen;
    size_t seen_count;
    int32_t head, tail; /* pods bound to this node object */
    int32_t earlier;    /* a deleted Node object of the same name, -1 */
} te_node;

typedef struct te_state {
    bool disabled; /* --controllers=-taint-eviction-controller */
    vec pods;      /* te_pod by pod id */
    vec nodes;     /* te_node by node id */
} te_state;

/* ---- per-object state ------------------------------------------------------
 */

static te_pod *pod_slot(podsim_sim *sim, te_state *st, podsim_id pod) {
    while (st->pods.len <= (size_t)pod) {
        te_pod *tp = vec_push(&st->pods);
        if (!tp) {
            sim_fail_oom(sim);
            return NULL;
        }
        tp->node = tp->next = tp->prev = -1;
    }
    return vec_at(&st->pods, (size_t)pod);
}

static te_node *node_slot(podsim_sim *sim, te_state *st, podsim_id node) {
    while (st->nodes.len <= (size_t)node) {
        te_node *tn = vec_push(&st->nodes);
        if (!tn) {
            sim_fail_oom(sim);
            return NULL;
        }
        tn->head = tn->tail = tn->earlier = -1;
    }
    return vec_at(&st->nodes, (size_t)node);
}

/* getPodsAssignedToNode is an index on spec.nodeName: pods are listed
   under the node object they were bound to. */
static void list_pod(podsim_sim *sim, te_state *st, podsim_id pod) {
    const podsim_pod *p = podsim_cluster_pod(sim->c, pod);
    te_pod *tp = pod_slot(sim, st, pod);
    if (!p || !tp || tp->node >= 0 || p->node == PODSIM_NO_ID) return;
    te_node *tn = node_slot(sim, st, p->node);
    if (!tn) return;
    tp = vec_at(&st->pods, (size_t)pod);
    tp->node = p->node;
    tp->prev = tn->tail;
    tp->next = -1;
    if (tn->tail >= 0) {
        ((te_pod *)vec_at(&st->pods, (size_t)tn->tail))->next = pod;
    } else {
        tn->head = pod;
    }
    tn->tail = pod;
}

static void unlist_pod(te_state *st, podsim_id pod) {
    if ((size_t)pod >= st->pods.len) return;
    te_pod *tp = vec_at(&st->pods, (size_t)pod);
    if (tp->node < 0) return;
    te_node *tn = vec_at(&st->nodes, (size_t)tp->node);
    if (tp->prev >= 0) {
        ((te_pod *)vec_at(&st->pods, (size_t)tp->prev))->next = tp->next;
    } else {
        tn->head = tp->next;
    }
    if (tp->next >= 0) {
        ((te_pod *)vec_at(&st->pods, (size_t)tp->next))->prev = tp->prev;
    } else {
        tn->tail = tp->prev;
    }
    tp->node = tp->next = tp->prev = -1;
}

/* ---- the decision (processPodOnNode) ---------------------------------------
 */

typedef enum decision {
    EVICT_NOW,  /* a taint is not tolerated */
    TOLERATE,   /* no NoExecute taint, or every one tolerated for ever */
    EVICT_LATER /* after min_ms (0 = at once unless already scheduled) */
} decision;

/* NoExecute taints added up to `until` (sim ms; a taint without timeAdded
   counts as always there) against the pod's tolerations:
   GetMatchingTolerations, then getMinTolerationTime. */
static decision decide(podsim_sim *sim, const podsim_pod *p,
                       const podsim_node *n, int64_t until, int64_t *min_ms) {
    const podsim_toleration *tol = p->spec.tolerations;
    size_t ntol = p->spec.toleration_count;
    bool any = false, zero = false, some_seconds = false;
    int64_t min = INT64_MAX; /* seconds */
    for (size_t i = 0; i < n->taint_count; i++) {
        const podsim_taint *t = &n->taints[i];
        if (t->effect != PODSIM_EFFECT_NO_EXECUTE) continue;
        if (t->time_added != PODSIM_NO_TIME &&
            t->time_added - sim->epoch_ms > until) {
            continue;
        }
        any = true;
        const podsim_toleration *used = NULL;
        for (size_t j = 0; j < ntol && !used; j++) {
            if (toleration_tolerates(&tol[j], t)) used = &tol[j];
        }
        if (!used) return EVICT_NOW;
        if (!used->toleration_seconds.set) continue;
        int64_t s = used->toleration_seconds.value;
        /* getMinTolerationTime returns 0 at any seconds <= 0 */
        if (s <= 0) zero = true;
        if (s < min) min = s;
        some_seconds = true;
    }
    if (!any || !some_seconds) return TOLERATE;
    /* (huge values capped far beyond any run, so that times cannot
       overflow) */
    *min_ms = zero ? 0 : (min > INT64_MAX / 4000 ? INT64_MAX / 4 : min * 1000);
    return EVICT_LATER;
}

/* When the loaded pod was scheduled (PodScheduled's transition, else its
   creation), in sim ms. */
static int64_t bound_at(podsim_sim *sim, const podsim_pod *p) {
    for (size_t i = 0; i < p->status.condition_count; i++) {
        const podsim_condition *c = &p->status.conditions[i];
        if (strcmp(c->type, "PodScheduled") == 0 &&
            strcmp(c->status, "True") == 0 &&
            c->last_transition_time != PODSIM_NO_TIME) {
            return c->last_transition_time - sim->epoch_ms;
        }
    }
    if (p->meta.creation_timestamp != PODSIM_NO_TIME) {
        return p->meta.creation_timestamp - sim->epoch_ms;
    }
    return 0;
}

/* The loaded pod's eviction time had the controller been running: replay
   its node's NoExecute taints in timeAdded order from when the pod was
   bound, keeping the first finite schedule (as processPodOnNode does). */
static int64_t loaded_fire_time(podsim_sim *sim, const podsim_pod *p,
                                const podsim_node *n) {
    int64_t at = bound_at(sim, p);
    int64_t start = INT64_MIN, fire = 0;
    for (;;) {
        int64_t min_ms = 0;
        if (decide(sim, p, n, at, &min_ms) == EVICT_LATER) {
            if (start == INT64_MIN) {
                start = at;
                fire = at + min_ms;
            }
        } else {
            start = INT64_MIN;
        }
        /* the next instant a taint was added */
        int64_t next = INT64_MAX;
        for (size_t i = 0; i < n->taint_count; i++) {
            const podsim_taint *t = &n->taints[i];
            int64_t added = t->time_added == PODSIM_NO_TIME
                                ? INT64_MIN
                                : t->time_added - sim->epoch_ms;
            if (t->effect == PODSIM_EFFECT_NO_EXECUTE && added > at &&
                added < next) {
                next = added;
            }
        }
        if (next == INT64_MAX) break;
        at = next;
    }
    return start == INT64_MIN || fire < sim->now ? sim->now : fire;
}

/* ---- the work queue ---------------------------------------------------------
 */

static void pod_event(podsim_sim *sim, podsim_id pod, const char *what) {
    const podsim_pod *p = podsim_cluster_pod(sim->c, pod);
    if (!p) return;
    sim_event(sim, "Normal", "TaintManagerEviction", PODSIM_KIND_POD, pod, NULL,
              SOURCE, "%s Pod %s/%s", what, p->meta.namespace_, p->meta.name);
}

/* cancelWorkWithEvent */
static void cancel(podsim_sim *sim, te_state *st, podsim_id pod) {
    te_pod *tp = pod_slot(sim, st, pod);
    if (!tp || tp->work == WORK_NONE) return;
    bool pending = tp->work == WORK_SCHEDULED;
    tp->work = WORK_NONE;
    tp->gen++;
    if (pending) pod_event(sim, pod, "Cancelling deletion of");
}

/* deletePodHandler: the event, the DisruptionTarget condition, DELETE. */
static void evict(podsim_sim *sim, te_state *st, podsim_id pod) {
    te_pod *tp = pod_slot(sim, st, pod);
    if (!tp) return;
    tp->work = WORK_FIRED;
    tp->gen++;
    const podsim_pod *p = podsim_cluster_pod(sim->c, pod);
    if (!p || p->removed) return;
    pod_event(sim, pod, "Marking for deletion");
    if (sim_pod_set_condition(sim, pod, "DisruptionTarget", "True",
                              "DeletionByTaintManager",
                              "Taint manager: deleting due to NoExecute "
                              "taint")) {
        sim_pod_status_written(sim, pod);
    }
    /* a DELETE of a pod already terminating changes nothing the report
       should attribute (it may only shorten the grace period) */
    if (p->meta.deletion_timestamp == PODSIM_NO_TIME) {
        report_pod_deleted_by(sim, pod, "TaintManager");
    }
    sim_delete_pod(sim, pod, -1);
}

/* processPodOnNode; `loaded`: the pod is part of the loaded cluster. */
static void process_pod(podsim_sim *sim, te_state *st, podsim_id pod,
                        const podsim_node *n, bool loaded) {
    const podsim_pod *p = podsim_cluster_pod(sim->c, pod);
    te_pod *tp = pod_slot(sim, st, pod);
    if (!p || p->removed || !tp) return;
    int64_t min_ms = 0;
    switch (decide(sim, p, n, INT64_MAX, &min_ms)) {
    case EVICT_NOW:
        cancel(sim, st, pod);
        evict(sim, st, pod);
        return;
    case TOLERATE: cancel(sim, st, pod); return;
    case EVICT_LATER: break;
    }
    /* an existing work item (scheduled, or fired and kept) stays */
    if (tp->work != WORK_NONE) return;
    int64_t fire = sim->now + min_ms;
    if (loaded && min_ms > 0) fire = loaded_fire_time(sim, p, n);
    if (fire <= sim->now) {
        /* createWorker runs work due now at once, as a nil worker */
        evict(sim, st, pod);
        return;
    }
    tp->work = WORK_SCHEDULED;
    tp->gen++;
    sim_post(sim, fire, MOD_TAINT_EVICTION, OP_EVICT, pod, 0, tp->gen);
}

/* ---- events
 * ------------------------------------------------------------------
 */

static bool has_no_execute(const podsim_node *n) {
    for (size_t i = 0; i < n->taint_count; i++) {
        if (n->taints[i].effect == PODSIM_EFFECT_NO_EXECUTE) return true;
    }
    return false;
}

/* Semantic.DeepEqual of getNoExecuteTaints of both lists. */
static bool same_no_execute(const podsim_taint *a, size_t na,
                            const podsim_taint *b, size_t nb) {
    size_t i = 0, j = 0;
    for (;;) {
        while (i < na && a[i].effect != PODSIM_EFFECT_NO_EXECUTE) i++;
        while (j < nb && b[j].effect != PODSIM_EFFECT_NO_EXECUTE) j++;
        if (i == na || j == nb) return i == na && j == nb;
        if (strcmp(a[i].key, b[j].key) != 0 ||
            strcmp(a[i].value, b[j].value) != 0 ||
            a[i].time_added != b[j].time_added) {
            return false;
        }
        i++;
        j++;
    }
}

/* handlePodUpdate: the pod against its node's NoExecute taints, looked up
   by spec.nodeName (a deleted node has none). */
static void handle_pod(podsim_sim *sim, te_state *st, podsim_id pod,
                       bool loaded) {
    const podsim_pod *p = podsim_cluster_pod(sim->c, pod);
    if (!p || p->removed || !p->spec.node_name[0]) return;
    podsim_id node = p->node;
    const podsim_node *n =
        node == PODSIM_NO_ID ? NULL : podsim_cluster_node(sim->c, node);
    if (!n || n->removed) {
        node = sim_find_node(sim, p->spec.node_name);
        n = node == PODSIM_NO_ID ? NULL : podsim_cluster_node(sim->c, node);
    }
    if (!n || !has_no_execute(n)) return;
    process_pod(sim, st, pod, n, loaded);
}

static void on_pod(podsim_sim *sim, podsim_id pod, unsigned what) {
    te_state *st = sim_state(sim, MOD_TAINT_EVICTION);
    if (st->disabled) return;
    if (what & WATCH_REMOVED) {
        /* handlePodUpdate: not found, a deletion */
        unlist_pod(st, pod);
        cancel(sim, st, pod);
        return;
    }
    if (what & (WATCH_CREATED | WATCH_BOUND)) list_pod(sim, st, pod);
    /* PodUpdated reacts to a pod added, to spec.nodeName and to
       tolerations (WATCH_SPEC), not to status changes */
    if (what & (WATCH_CREATED | WATCH_BOUND | WATCH_SPEC)) {
        handle_pod(sim, st, pod, (what & WATCH_CREATED) && sim->now == 0);
    }
}

/* Pods whose spec.nodeName names this node: those bound to it and to
   deleted Node objects of the same name. */
static void each_pod_on(podsim_sim *sim, te_state *st, podsim_id node,
                        const podsim_node *n) {
    bool tainted = has_no_execute(n);
    for (int32_t id = node; id >= 0;) {
        te_node *tn = vec_at(&st->nodes, (size_t)id);
        for (int32_t pod = tn->head; pod >= 0;) {
            int32_t next = ((te_pod *)vec_at(&st->pods, (size_t)pod))->next;
            if (tainted) {
                process_pod(sim, st, pod, n, false);
            } else {
                /* handleNodeUpdate's short cut: every taint gone */
                cancel(sim, st, pod);
            }
            pod = next;
        }
        id = tn->earlier;
    }
}

/* A node registered again under a deleted node's name inherits its pods
   (the index is by name). */
static void link_earlier(podsim_sim *sim, te_state *st, podsim_id node,
                         const podsim_node *n) {
    for (podsim_id i = node; i-- > 0;) {
        const podsim_node *o = podsim_cluster_node(sim->c, i);
        if (o && o->removed && strcmp(o->meta.name, n->meta.name) == 0) {
            te_node *tn = node_slot(sim, st, node);
            if (tn && node_slot(sim, st, i)) tn->earlier = i;
            return;
        }
    }
}

/* handleNodeUpdate */
static void on_node(podsim_sim *sim, podsim_id node, unsigned what) {
    te_state *st = sim_state(sim, MOD_TAINT_EVICTION);
    if (st->disabled) return;
    if (!(what & (WATCH_NODE_TAINTS | WATCH_NODE_ADDED | WATCH_NODE_DELETED))) {
        return;
    }
    const podsim_node *n = podsim_cluster_node(sim->c, node);
    te_node *tn = node_slot(sim, st, node);
    if (!n || !tn) return;
    if (n->removed) {
        /* forget its taints; evictions already scheduled stay */
        tn->seen = NULL;
        tn->seen_count = 0;
        return;
    }
    bool added = (what & WATCH_NODE_ADDED) != 0;
    if (!added &&
        same_no_execute(tn->seen, tn->seen_count, n->taints, n->taint_count)) {
        tn->seen = n->taints;
        tn->seen_count = n->taint_count;
        return;
    }
    tn->seen = n->taints;
    tn->seen_count = n->taint_count;
    if (added) link_earlier(sim, st, node, n);
    each_pod_on(sim, st, node, n);
}

static void handle(podsim_sim *sim, const sim_entry *e) {
    te_state *st = sim_state(sim, MOD_TAINT_EVICTION);
    if (e->op != OP_EVICT || (size_t)e->a >= st->pods.len) return;
    te_pod *tp = vec_at(&st->pods, (size_t)e->a);
    if (tp->gen != e->gen || tp->work != WORK_SCHEDULED) return;
    evict(sim, st, e->a);
}

/* ---- module ---------------------------------------------------------------
 */

static void *create(podsim_sim *sim) {
    te_state *st = calloc(1, sizeof *st);
    if (!st) return NULL;
    vec_init(&st->pods, sizeof(te_pod));
    vec_init(&st->nodes, sizeof(te_node));
    st->disabled = (sim->nl.flags & PODSIM_NL_NO_TAINT_EVICTION) != 0;
    /* the informer's initial list: every node's taints as they are */
    size_t nodes = podsim_cluster_count(sim->c, PODSIM_KIND_NODE);
    for (size_t i = 0; i < nodes; i++) {
        const podsim_node *n = podsim_cluster_node(sim->c, (podsim_id)i);
        te_node *tn = node_slot(sim, st, (podsim_id)i);
        if (!tn) break;
        tn->seen = n->taints;
        tn->seen_count = n->taint_count;
    }
    return st;
}

static void destroy(void *state) {
    te_state *st = state;
    if (!st) return;
    vec_release(&st->pods);
    vec_release(&st->nodes);
    free(st);
}

static void *fork_state(podsim_sim *dst, const void *src) {
    (void)dst;
    const te_state *s = src;
    te_state *st = calloc(1, sizeof *st);
    if (!st) return NULL;
    st->disabled = s->disabled;
    if (!vec_copy(&st->pods, &s->pods) || !vec_copy(&st->nodes, &s->nodes)) {
        destroy(st);
        return NULL;
    }
    return st;
}

static size_t memory(const void *state) {
    const te_state *st = state;
    return sizeof *st + st->pods.cap * sizeof(te_pod) +
           st->nodes.cap * sizeof(te_node);
}

const sim_module_ops sim_taint_eviction_ops = {
    .create = create,
    .destroy = destroy,
    .fork = fork_state,
    .handle = handle,
    .on_pod = on_pod,
    .memory = memory,
    .on_node = on_node,
};
