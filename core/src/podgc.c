/*
 * podgc.c - the pod garbage collector: force-deletes pods nothing else
 * will ever finish.
 *
 * Models pkg/controller/podgc/gc_controller.go. A pass runs at once and
 * then every gcCheckPeriod (wait.UntilWithContext; 20 s, nl.pod_gc_period_ms;
 * a pass takes no simulated time, so passes fall on multiples of the
 * period) and does, in this order:
 *   - gcTerminated (only when --terminated-pod-gc-threshold > 0): pods in a
 *     terminal phase beyond the threshold, evicted ones first (phase Failed
 *     reason Evicted), then oldest creationTimestamp, then by name
 *     (byEvictionAndCreationTimestamp);
 *   - gcTerminating: pods with a deletionTimestamp whose node (by
 *     spec.nodeName) is not Ready and has a node.kubernetes.io/out-of-service
 *     taint of any effect (non-graceful node shutdown), in the same order;
 *   - gcOrphaned: pods bound to a node name that no Node has. The name is
 *     put in a delaying queue for quarantineTime (40 s,
 *     nl.pod_gc_quarantine_ms) from the pass that first sees it (AddAfter
 *     keeps the earliest time); a later pass whose time has reached it
 *     takes it out and confirms with a live GET that the node is still
 *     missing, then deletes the pods with condition DisruptionTarget=True
 *     reason DeletionByPodGC "PodGC: node no longer exists";
 *   - gcUnscheduledTerminating: pods with a deletionTimestamp and no
 *     spec.nodeName.
 * Every deletion is markFailedAndDeletePod: a pod not yet Succeeded or
 * Failed first gets phase Failed (and the condition, for orphans) in one
 * status patch, then a DELETE with grace period 0, which removes the
 * object at once. PodGC records no events.
 *
 * So a Node deleted at X loses its pods at the first pass at or after
 * X + quarantine that follows the pass which saw the name missing: with
 * passes every 20 s and a 40 s quarantine, in [X + 40 s, X + 60 s).
 * (Upstream's passes drift by their own run time and the delaying queue's
 * clock runs from inside the pass, so real clusters see X + 40 to X + 80.)
 *
 * Upstream lists every pod on each pass. podsim keeps the candidates
 * instead (terminated count, terminating pods, orphans, out-of-service
 * nodes) from watch notifications, which gives the same decisions; the
 * next pass is marked periodic (SIM_PERIODIC) while nothing waits for it.
 */
#include <stdlib.h>
#include <string.h>

#include "sim.h"

enum { OP_PASS = 1 };

/* Per-pod flags. */
enum {
    GC_TERMINATED = 1,  /* counted in `terminated` */
    GC_TERMINATING = 2, /* listed in `terminating` */
    GC_ORPHAN = 4,      /* listed in `orphans` */
    GC_UNBOUND_DEL = 8  /* counted in `unbound_terminating` */
};

typedef struct gc_wait {
    const char *node; /* interned node name */
    int64_t ready_at; /* when the delaying queue hands it out */
} gc_wait;

typedef struct gc_state {
    vec pod_flags;     /* uint8_t by pod id */
    vec node_oos;      /* uint8_t by node id: not Ready, out-of-service */
    size_t oos_nodes;  /* nodes with node_oos set */
    size_t terminated; /* live pods in phase Succeeded or Failed */
    size_t unbound_terminating;
    vec terminating;         /* podsim_id: pods with a deletionTimestamp */
    size_t terminating_kept; /* its length after the last compaction */
    vec orphans;             /* podsim_id: pods bound to a missing node */
    vec quarantine;          /* gc_wait: the nodeQueue */
    bool rescan;             /* a Node was deleted: look at every pod */
    int64_t next_pass;
    uint32_t gen;       /* of the pending pass entry */
    bool next_periodic; /* the pending pass entry is SIM_PERIODIC */
} gc_state;

/* ---- pods ---------------------------------------------------------------
 */

static bool terminal(const podsim_pod *p) {
    return p->status.has_phase && (p->status.phase == PODSIM_PHASE_SUCCEEDED ||
                                   p->status.phase == PODSIM_PHASE_FAILED);
}

static bool terminating(const podsim_pod *p) {
    return p->meta.deletion_timestamp != PODSIM_NO_TIME;
}

/* The live Node a pod's spec.nodeName names, or PODSIM_NO_ID. */
static podsim_id pod_node(podsim_sim *sim, const podsim_pod *p) {
    if (!p->spec.node_name[0]) return PODSIM_NO_ID;
    if (p->node != PODSIM_NO_ID) {
        const podsim_node *n = podsim_cluster_node(sim->c, p->node);
        if (n && !n->removed) return p->node;
    }
    return sim_find_node(sim, p->spec.node_name);
}

static bool orphaned(podsim_sim *sim, const podsim_pod *p) {
    return p->spec.node_name[0] && pod_node(sim, p) == PODSIM_NO_ID;
}

static uint8_t *flags_of(podsim_sim *sim, gc_state *st, podsim_id pod) {
    while (st->pod_flags.len <= (size_t)pod) {
        if (!vec_push(&st->pod_flags)) {
            sim_fail_oom(sim);
            return NULL;
        }
    }
    return vec_at(&st->pod_flags, (size_t)pod);
}

static void list_id(podsim_sim *sim, vec *v, podsim_id pod) {
    podsim_id *slot = vec_push(v);
    if (!slot) {
        sim_fail_oom(sim);
        return;
    }
    *slot = pod;
}

/* The next pass does real work: it must not be marked periodic (so that
   podsim_sim_run_idle waits for it). */
static void wake(podsim_sim *sim, gc_state *st) {
    if (!st->next_periodic) return;
    st->next_periodic = false;
    st->gen++;
    sim_post(sim, st->next_pass, MOD_PODGC, OP_PASS, 0, 0, st->gen);
}

/* Bring the pod's candidate lists up to date with what it is now. */
static void track(podsim_sim *sim, gc_state *st, podsim_id pod) {
    const podsim_pod *p = podsim_cluster_pod(sim->c, pod);
    uint8_t *f = flags_of(sim, st, pod);
    if (!p || !f) return;
    bool live = !p->removed;
    bool is_terminated = live && terminal(p);
    if (is_terminated != ((*f & GC_TERMINATED) != 0)) {
        *f ^= GC_TERMINATED;
        if (is_terminated) {
            st->terminated++;
            if (sim->nl.terminated_pod_gc_threshold > 0 &&
                st->terminated > (size_t)sim->nl.terminated_pod_gc_threshold) {
                wake(sim, st);
            }
        } else {
            st->terminated--;
        }
    }
    bool unbound_del = live && terminating(p) && !p->spec.node_name[0];
    if (unbound_del != ((*f & GC_UNBOUND_DEL) != 0)) {
        *f ^= GC_UNBOUND_DEL;
        if (unbound_del) {
            st->unbound_terminating++;
            wake(sim, st);
        } else {
            st->unbound_terminating--;
        }
    }
    if (!live) return;
    if (terminating(p) && !(*f & GC_TERMINATING)) {
        *f |= GC_TERMINATING;
        list_id(sim, &st->terminating, pod);
        if (st->oos_nodes) wake(sim, st);
    }
    if (!(*f & GC_ORPHAN) && orphaned(sim, p)) {
        *f |= GC_ORPHAN;
        list_id(sim, &st->orphans, pod);
        wake(sim, st);
    }
}

static void on_pod(podsim_sim *sim, podsim_id pod, unsigned what) {
    if (!(what & (WATCH_CREATED | WATCH_BOUND | WATCH_STATUS | WATCH_DELETING |
                  WATCH_REMOVED))) {
        return;
    }
    track(sim, sim_state(sim, MOD_PODGC), pod);
}

/* ---- nodes ---------------------------------------------------------------
 */

/* gcTerminating's node test: !IsNodeReady && TaintKeyExists. */
static bool out_of_service(const podsim_node *n) {
    if (n->removed) return false;
    const podsim_condition *ready = sim_node_condition(n, "Ready");
    bool is_ready = ready && strcmp(ready->status, "True") == 0;
    return !is_ready &&
           sim_node_has_taint(n, TAINT_OUT_OF_SERVICE, PODSIM_EFFECT_NONE);
}

static void track_node(podsim_sim *sim, gc_state *st, podsim_id node) {
    const podsim_node *n = podsim_cluster_node(sim->c, node);
    if (!n) return;
    while (st->node_oos.len <= (size_t)node) {
        if (!vec_push(&st->node_oos)) {
            sim_fail_oom(sim);
            return;
        }
    }
    uint8_t *flag = vec_at(&st->node_oos, (size_t)node);
    bool oos = out_of_service(n);
    if (oos == (*flag != 0)) return;
    *flag = oos;
    if (oos) {
        st->oos_nodes++;
        if (st->terminating.len) wake(sim, st);
    } else {
        st->oos_nodes--;
    }
}

static void on_node(podsim_sim *sim, podsim_id node, unsigned what) {
    gc_state *st = sim_state(sim, MOD_PODGC);
    if (what & (WATCH_NODE_CONDITIONS | WATCH_NODE_TAINTS | WATCH_NODE_ADDED |
                WATCH_NODE_DELETED)) {
        track_node(sim, st, node);
    }
    if (what & WATCH_NODE_DELETED) {
        /* its pods are orphans now: the next pass looks at every pod */
        st->rescan = true;
        wake(sim, st);
    }
}

/* ---- deleting ------------------------------------------------------------
 */

/* markFailedAndDeletePodWithCondition: phase Failed (plus the condition)
   unless already finished, then DELETE with grace 0. */
static void force_delete(podsim_sim *sim, podsim_id pod, bool orphan) {
    const podsim_pod *p = podsim_cluster_pod(sim->c, pod);
    if (!p || p->removed) return;
    bool release = false;
    if (!terminal(p)) {
        release = p->node != PODSIM_NO_ID && pod_holds_resources(p);
        podsim_pod *m = sim_pod_mut(sim, pod);
        if (!m) return;
        m->status.has_phase = true;
        m->status.phase = PODSIM_PHASE_FAILED;
        if (orphan) {
            sim_pod_set_condition(sim, pod, "DisruptionTarget", "True",
                                  "DeletionByPodGC",
                                  "PodGC: node no longer exists");
        }
        sim_pod_status_written(sim, pod);
    }
    report_pod_deleted_by(sim, pod, "PodGC");
    if (release) sim_release_pod(sim, pod);
    sim_remove_pod(sim, pod);
}

typedef struct gc_victim {
    bool evicted;
    int64_t created;
    const char *name;
    podsim_id id;
} gc_victim;

/* byEvictionAndCreationTimestamp */
static int victim_order(const void *a, const void *b) {
    const gc_victim *x = a, *y = b;
    if (x->evicted != y->evicted) return x->evicted ? -1 : 1;
    if (x->created != y->created) return x->created < y->created ? -1 : 1;
    return strcmp(x->name, y->name);
}

static gc_victim victim(const podsim_pod *p) {
    gc_victim v;
    /* eviction.PodIsEvicted */
    v.evicted = p->status.has_phase && p->status.phase == PODSIM_PHASE_FAILED &&
                strcmp(p->status.reason, "Evicted") == 0;
    v.created = p->meta.creation_timestamp;
    v.name = p->meta.name;
    v.id = p->id;
    return v;
}

/* Delete the first `count` victims in upstream's order. */
static void delete_sorted(podsim_sim *sim, gc_victim *list, size_t n,
                          size_t count) {
    qsort(list, n, sizeof *list, victim_order);
    for (size_t i = 0; i < n && i < count; i++) {
        force_delete(sim, list[i].id, false);
    }
}

/* ---- the pass --------------------------------------------------------------
 */

static void gc_terminated(podsim_sim *sim, gc_state *st) {
    size_t threshold = (size_t)sim->nl.terminated_pod_gc_threshold;
    if (threshold == 0 || st->terminated <= threshold) return;
    gc_victim *list = malloc(st->terminated * sizeof *list);
    if (!list) {
        sim_fail_oom(sim);
        return;
    }
    size_t n = 0, pods = podsim_cluster_count(sim->c, PODSIM_KIND_POD);
    for (size_t i = 0; i < pods && n < st->terminated; i++) {
        const podsim_pod *p = podsim_cluster_pod(sim->c, (podsim_id)i);
        if (!p->removed && terminal(p)) list[n++] = victim(p);
    }
    delete_sorted(sim, list, n, n > threshold ? n - threshold : 0);
    free(list);
}

/* Drop entries of `v` whose pod no longer has `flag`'s property. */
static void compact(podsim_sim *sim, gc_state *st, vec *v, uint8_t flag,
                    bool (*keep)(podsim_sim *, const podsim_pod *)) {
    podsim_id *ids = v->data;
    size_t kept = 0;
    for (size_t i = 0; i < v->len; i++) {
        const podsim_pod *p = podsim_cluster_pod(sim->c, ids[i]);
        if (p && !p->removed && keep(sim, p)) {
            ids[kept++] = ids[i];
        } else {
            uint8_t *f = vec_at(&st->pod_flags, (size_t)ids[i]);
            *f &= (uint8_t)~flag;
        }
    }
    v->len = kept;
}

static bool keep_terminating(podsim_sim *sim, const podsim_pod *p) {
    (void)sim;
    return terminating(p);
}

static void gc_terminating(podsim_sim *sim, gc_state *st) {
    /* compacted when used, and when it doubled (it sees every deletion) */
    if (st->oos_nodes || st->unbound_terminating ||
        st->terminating.len >= 2 * st->terminating_kept + 64) {
        compact(sim, st, &st->terminating, GC_TERMINATING, keep_terminating);
        st->terminating_kept = st->terminating.len;
    }
    if (!st->oos_nodes || !st->terminating.len) return;
    gc_victim *list = malloc(st->terminating.len * sizeof *list);
    if (!list) {
        sim_fail_oom(sim);
        return;
    }
    size_t n = 0;
    const podsim_id *ids = st->terminating.data;
    for (size_t i = 0; i < st->terminating.len; i++) {
        const podsim_pod *p = podsim_cluster_pod(sim->c, ids[i]);
        podsim_id node = pod_node(sim, p);
        if (node == PODSIM_NO_ID) continue; /* nodeLister.Get failed */
        if (out_of_service(podsim_cluster_node(sim->c, node))) {
            list[n++] = victim(p);
        }
    }
    delete_sorted(sim, list, n, n);
    free(list);
}

/* nodeQueue.AddAfter: a name already waiting keeps its earlier time. */
static void quarantine(podsim_sim *sim, gc_state *st, const char *node) {
    int64_t ready = sim->now + sim->nl.pod_gc_quarantine_ms;
    gc_wait *w = st->quarantine.data;
    for (size_t i = 0; i < st->quarantine.len; i++) {
        if (strcmp(w[i].node, node) == 0) {
            if (ready < w[i].ready_at) w[i].ready_at = ready;
            return;
        }
    }
    gc_wait *slot = vec_push(&st->quarantine);
    if (!slot) {
        sim_fail_oom(sim);
        return;
    }
    slot->node = node;
    slot->ready_at = ready;
}

static bool keep_orphan(podsim_sim *sim, const podsim_pod *p) {
    return orphaned(sim, p);
}

/* discoverDeletedNodes: names whose quarantine is over leave the queue;
   those a live GET still does not find are deleted. Returns them
   (malloc'd, *count of them; NULL when none). */
static const char **discover_deleted(podsim_sim *sim, gc_state *st,
                                     size_t *count) {
    gc_wait *w = st->quarantine.data;
    size_t n = st->quarantine.len, waiting = 0;
    const char **deleted = NULL;
    *count = 0;
    for (size_t i = 0; i < n; i++) {
        if (w[i].ready_at > sim->now) {
            w[waiting++] = w[i];
            continue;
        }
        if (sim_find_node(sim, w[i].node) != PODSIM_NO_ID) continue;
        if (!deleted && !(deleted = malloc(n * sizeof *deleted))) {
            sim_fail_oom(sim);
            return NULL;
        }
        deleted[(*count)++] = w[i].node;
    }
    st->quarantine.len = waiting;
    return deleted;
}

static bool named(const char *node, const char **names, size_t n) {
    for (size_t i = 0; i < n; i++) {
        if (strcmp(node, names[i]) == 0) return true;
    }
    return false;
}

static void gc_orphaned(podsim_sim *sim, gc_state *st) {
    compact(sim, st, &st->orphans, GC_ORPHAN, keep_orphan);
    const podsim_id *ids = st->orphans.data;
    for (size_t i = 0; i < st->orphans.len; i++) {
        quarantine(sim, st, podsim_cluster_pod(sim->c, ids[i])->spec.node_name);
    }
    size_t deleted = 0;
    const char **names = discover_deleted(sim, st, &deleted);
    if (!names) return;
    /* the pods go in list order; the list is compacted next pass */
    for (size_t i = 0; i < st->orphans.len; i++) {
        podsim_id pod = ((const podsim_id *)st->orphans.data)[i];
        if (named(podsim_cluster_pod(sim->c, pod)->spec.node_name, names,
                  deleted)) {
            force_delete(sim, pod, true);
        }
    }
    free(names);
}

static bool keep_unbound(podsim_sim *sim, const podsim_pod *p) {
    (void)sim;
    return terminating(p) && !p->spec.node_name[0];
}

static void gc_unscheduled_terminating(podsim_sim *sim, gc_state *st) {
    if (!st->unbound_terminating) return;
    size_t n = st->terminating.len;
    podsim_id *copy = malloc((n ? n : 1) * sizeof *copy);
    if (!copy) {
        sim_fail_oom(sim);
        return;
    }
    memcpy(copy, st->terminating.data, n * sizeof *copy);
    for (size_t i = 0; i < n; i++) {
        const podsim_pod *p = podsim_cluster_pod(sim->c, copy[i]);
        if (!p->removed && keep_unbound(sim, p)) {
            force_delete(sim, copy[i], false);
        }
    }
    free(copy);
}

/* Work the next pass will have for certain (so it is not periodic). */
static bool pending(const gc_state *st) {
    return st->rescan || st->orphans.len || st->quarantine.len ||
           st->unbound_terminating;
}

static void post_pass(podsim_sim *sim, gc_state *st, int64_t at) {
    st->next_pass = at;
    st->next_periodic = !pending(st);
    st->gen++;
    sim_post(sim, at, MOD_PODGC,
             OP_PASS | (st->next_periodic ? SIM_PERIODIC : 0), 0, 0, st->gen);
}

static void handle(podsim_sim *sim, const sim_entry *e) {
    gc_state *st = sim_state(sim, MOD_PODGC);
    if ((e->op & ~SIM_PERIODIC) != OP_PASS || e->gen != st->gen) return;
    if (!e->b) {
        /* the listers have seen what happened before the pass at this
           instant: run after the notifications already queued for it */
        sim_post(sim, sim->now, MOD_PODGC, e->op, 0, 1, e->gen);
        return;
    }
    /* the next pass is posted at the end; nothing needs waking meanwhile */
    st->next_periodic = false;
    if (st->rescan) {
        st->rescan = false;
        size_t pods = podsim_cluster_count(sim->c, PODSIM_KIND_POD);
        for (size_t i = 0; i < pods; i++) track(sim, st, (podsim_id)i);
    }
    gc_terminated(sim, st);
    gc_terminating(sim, st);
    gc_orphaned(sim, st);
    gc_unscheduled_terminating(sim, st);
    post_pass(sim, st, sim->now + sim->nl.pod_gc_period_ms);
}

/* ---- module ---------------------------------------------------------------
 */

static void destroy(void *state) {
    gc_state *st = state;
    if (!st) return;
    vec_release(&st->pod_flags);
    vec_release(&st->node_oos);
    vec_release(&st->terminating);
    vec_release(&st->orphans);
    vec_release(&st->quarantine);
    free(st);
}

static void init_vecs(gc_state *st) {
    vec_init(&st->pod_flags, sizeof(uint8_t));
    vec_init(&st->node_oos, sizeof(uint8_t));
    vec_init(&st->terminating, sizeof(podsim_id));
    vec_init(&st->orphans, sizeof(podsim_id));
    vec_init(&st->quarantine, sizeof(gc_wait));
}

static void *create(podsim_sim *sim) {
    gc_state *st = calloc(1, sizeof *st);
    if (!st) return NULL;
    init_vecs(st);
    /* module state is not reachable through sim_state yet: the informers'
       initial lists are read by the first pass (at once) */
    size_t nodes = podsim_cluster_count(sim->c, PODSIM_KIND_NODE);
    for (size_t i = 0; i < nodes; i++) track_node(sim, st, (podsim_id)i);
    st->rescan = true;
    post_pass(sim, st, sim->now);
    return st;
}

static void *fork_state(podsim_sim *dst, const void *src) {
    (void)dst;
    const gc_state *s = src;
    gc_state *st = calloc(1, sizeof *st);
    if (!st) return NULL;
    *st = *s;
    init_vecs(st);
    if (!vec_copy(&st->pod_flags, &s->pod_flags) ||
        !vec_copy(&st->node_oos, &s->node_oos) ||
        !vec_copy(&st->terminating, &s->terminating) ||
        !vec_copy(&st->orphans, &s->orphans) ||
        !vec_copy(&st->quarantine, &s->quarantine)) {
        destroy(st);
        return NULL;
    }
    return st;
}

static size_t memory(const void *state) {
    const gc_state *st = state;
    return sizeof *st + st->pod_flags.cap + st->node_oos.cap +
           (st->terminating.cap + st->orphans.cap) * sizeof(podsim_id) +
           st->quarantine.cap * sizeof(gc_wait);
}

const sim_module_ops sim_podgc_ops = {
    .create = create,
    .destroy = destroy,
    .fork = fork_state,
    .handle = handle,
    .on_pod = on_pod,
    .memory = memory,
    .on_node = on_node,
};
