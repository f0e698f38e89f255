/*
 * whatif_report.c - the what-if recorder: what happened to each node, pod
 * and workload from the first what-if action on, and the report built
 * from it (podsim_sim_report, PODSIM_SIM_VIEW_REPORT).
 *
 * It models no Kubernetes component; it watches the ones that are modelled
 * the way an operator reads a cluster during an incident (kubectl get
 * nodes/pods -w, kubectl get deploy): the node lifecycle controller's
 * Unknown/NotReady conditions and unreachable / not-ready taints
 * (pkg/controller/nodelifecycle/node_lifecycle_controller.go), pods marked
 * NotReady (MarkPodsNotReady), deletions by the taint eviction controller
 * (pkg/controller/tainteviction/taint_eviction.go), the Eviction API,
 * the pod garbage collector (pkg/controller/podgc/gc_controller.go), the
 * kubelet's graceful node shutdown (DisruptionTarget reason
 * TerminationByKubelet, pkg/kubelet/nodeshutdown) and force deletion, and
 * the replacements the workload controllers create: a ReplicaSet, Job or
 * DaemonSet pod is replaced by a new pod of the same owner once the old
 * one stops counting (controller.IsPodActive, pkg/controller/
 * controller_utils.go); a StatefulSet pod only by a new pod with the same
 * name once the old object is gone (pkg/controller/statefulset/
 * stateful_set_control.go). Facts and wording:
 * ../shared/reference/lifecycle.md sections C, D and F.
 *
 * Everything is recorded from hooks and watch notifications, never from
 * the change log, so the report is the same with PODSIM_SIM_QUIET. Record
 * state holds ids only (names are read from the working cluster when the
 * report is built), so a fork is a copy of flat vectors.
 *
 * Time in the text: simulated seconds with milliseconds ("360.100s"), the
 * event log's format, for instants and durations alike; "-" is never.
 */
#include <stdlib.h>
#include <string.h>

#include "match.h"
#include "sim.h"

/* ---- recorded state --------------------------------------------------------
 */

/* The workload kinds (Deployment .. Job): queues and slots are per kind,
   indexed by workload id. */
#define OWNER_KINDS (PODSIM_KIND_JOB - PODSIM_KIND_DEPLOYMENT + 1)

#define NO_INDEX (-1)
#define UNLINKED (-2) /* pod_slot.next_on_node: not in a node's list */
#define IGNORED (-2)  /* work_slot: a workload the report leaves out */

/* Per pod id (grown on demand). */
typedef struct pod_slot {
    int32_t track;        /* index into pods, NO_INDEX */
    int32_t replaces;     /* the record this pod replaces, NO_INDEX */
    int32_t next_on_node; /* the pods bound to a node, a list per node */
} pod_slot;

/* A pod the what-if disrupted. */
typedef struct rpod {
    podsim_id pod;
    int32_t next_pending;
    uint32_t seq; /* enrolment order */
    sim_owner owner;
    int64_t disrupted_at;
    int64_t not_ready_at;
    int64_t evicted_at;
    int64_t removed_at;
    int64_t stopped_at; /* stopped counting for its controller */
    int64_t running_again_at;
    int64_t ready_again_at;
    int64_t unknown_at_removal; /* unknown_since frozen when removed */
    podsim_id replacement;
    const char *evicted_by; /* static or interned; "" */
    bool down;              /* its node stopped running it normally meanwhile */
    bool unready;           /* Ready went False meanwhile */
    bool queued;            /* waits in its owner's replacement queue */
} rpod;

/* A node an action touched (one record per name: a node that registers
   again after its Node was deleted is the same record). */
typedef struct rnode {
    podsim_id id; /* the current object */
    const char *failure;
    uint8_t rank;      /* of failure: 3 a failure mode, 2 drained, 1 tainted */
    bool failed;       /* failed and not recovered since */
    bool before_start; /* loaded as not reporting */
    int64_t failed_at;
    int64_t not_ready_at;
    int64_t noschedule_at;
    int64_t noexecute_at;
    int64_t recovered_at;
    int64_t deleted_at;
    int64_t drained_at;
} rnode;

/* Pods waiting for a replacement, per owner: a FIFO linked through
   rpod.next_pending. */
typedef struct owner_queue {
    int32_t head;
    int32_t tail;
} owner_queue;

/* One step of a workload's ready count: from `time` until the next step. */
typedef struct rpoint {
    int64_t time;
    int32_t ready;
    int32_t desired;
    int32_t prev; /* the workload's previous step, NO_INDEX */
} rpoint;

typedef struct rwork {
    int32_t kind;
    podsim_id id;
    int32_t tail; /* latest step in points */
} rwork;

typedef struct report_state {
    int64_t start; /* the first what-if event, -1 before */
    uint32_t seq;
    bool index_built;
    vec pods;                   /* rpod */
    vec pod_slots;              /* pod_slot per pod id */
    vec node_head;              /* int32 per node id: its first pod_slot */
    vec nodes;                  /* rnode */
    vec node_slot;              /* int32 per node id: its rnode */
    vec queues[OWNER_KINDS];    /* owner_queue per workload id */
    vec works;                  /* rwork */
    vec points;                 /* rpoint (every workload's steps) */
    vec work_slot[OWNER_KINDS]; /* int32 per workload id */
    /* the built report (valid until the next build) */
    podsim_report out;
    vec out_nodes;  /* podsim_report_node */
    vec out_pods;   /* podsim_report_pod */
    vec out_works;  /* podsim_report_workload */
    vec out_points; /* podsim_report_point */
    vec order;      /* int32 scratch */
    strbuf text;    /* scratch for one string */
    arena strings;  /* strings of the built report */
} report_state;

static report_state *state_of(podsim_sim *sim) {
    return sim_state(sim, MOD_REPORT);
}

/* ---- small readers ---------------------------------------------------------
 */

static bool pod_finished(const podsim_pod *p) {
    return p->status.has_phase && (p->status.phase == PODSIM_PHASE_SUCCEEDED ||
                                   p->status.phase == PODSIM_PHASE_FAILED);
}

static bool pod_running(const podsim_pod *p) {
    return p->status.has_phase && p->status.phase == PODSIM_PHASE_RUNNING;
}

/* Phase Running and every regular container running: after a power-off
   the phase stays Running while the kubelet restarts the containers. */
static bool containers_running(const podsim_pod *p) {
    if (!pod_running(p)) return false;
    for (size_t i = 0; i < p->status.container_status_count; i++) {
        if (p->status.container_statuses[i].state.kind !=
            PODSIM_STATE_RUNNING) {
            return false;
        }
    }
    return true;
}

static bool pod_ready(const podsim_pod *p) {
    const podsim_condition *c = pod_condition(p, "Ready");
    return c && strcmp(c->status, "True") == 0;
}

/* Ready present and not True (MarkPodsNotReady writes False). */
static bool pod_not_ready(const podsim_pod *p) {
    const podsim_condition *c = pod_condition(p, "Ready");
    return c && strcmp(c->status, "True") != 0;
}

static bool node_reporting(podsim_sim *sim, podsim_id node) {
    const podsim_node *n = podsim_cluster_node(sim->c, node);
    return n && !n->removed && sim_node(sim, node)->health == NODE_HEALTHY;
}

/* The node's kubelet is silent: its pods' state is unknown since the last
   heartbeat (-1 while it reports). */
static int64_t silent_since(podsim_sim *sim, podsim_id node) {
    if (node == PODSIM_NO_ID) return -1;
    const sim_node_state *st = sim_node(sim, node);
    return sim_node_kubelet_alive(st) ? -1 : st->last_heartbeat;
}

static int64_t relative(const podsim_sim *sim, int64_t wall, int64_t dflt) {
    return wall == PODSIM_NO_TIME ? dflt : wall - sim->epoch_ms;
}

/* ---- growing the per-id vectors --------------------------------------------
 */

static pod_slot *slot_of(podsim_sim *sim, report_state *st, podsim_id pod) {
    if (pod < 0) return NULL;
    while (st->pod_slots.len <= (size_t)pod) {
        pod_slot *s = vec_push(&st->pod_slots);
        if (!s) {
            sim_fail_oom(sim);
            return NULL;
        }
        s->track = NO_INDEX;
        s->replaces = NO_INDEX;
        s->next_on_node = UNLINKED;
    }
    return vec_at(&st->pod_slots, (size_t)pod);
}

static int32_t *int_slot(podsim_sim *sim, vec *v, int32_t id, int32_t fill) {
    if (id < 0) return NULL;
    while (v->len <= (size_t)id) {
        int32_t *x = vec_push(v);
        if (!x) {
            sim_fail_oom(sim);
            return NULL;
        }
        *x = fill;
    }
    return vec_at(v, (size_t)id);
}

static rpod *tracked(report_state *st, podsim_id pod) {
    if (pod < 0 || (size_t)pod >= st->pod_slots.len) return NULL;
    const pod_slot *s = vec_at(&st->pod_slots, (size_t)pod);
    return s->track == NO_INDEX ? NULL : vec_at(&st->pods, (size_t)s->track);
}

static rnode *node_record(report_state *st, podsim_id node) {
    if (node < 0 || (size_t)node >= st->node_slot.len) return NULL;
    int32_t i = *(int32_t *)vec_at(&st->node_slot, (size_t)node);
    return i == NO_INDEX ? NULL : vec_at(&st->nodes, (size_t)i);
}

/* ---- the pods on each node -------------------------------------------------
 *
 * A list per node, built on the first disruptive action (one pass over the
 * pods) and kept up to date from WATCH_CREATED / WATCH_BOUND, so that a
 * zone failure costs one pass, not one per node. Removed pods stay in the
 * lists and are skipped. */

static void link_pod(podsim_sim *sim, report_state *st, const podsim_pod *p) {
    if (p->node == PODSIM_NO_ID) return;
    pod_slot *s = slot_of(sim, st, p->id);
    int32_t *head = int_slot(sim, &st->node_head, p->node, NO_INDEX);
    if (!s || !head || s->next_on_node != UNLINKED) return;
    s->next_on_node = *head;
    *head = p->id;
}

static void build_index(podsim_sim *sim, report_state *st) {
    if (st->index_built) return;
    st->index_built = true;
    size_t n = podsim_cluster_count(sim->c, PODSIM_KIND_POD);
    for (size_t i = 0; i < n; i++) {
        const podsim_pod *p = podsim_cluster_pod(sim->c, (podsim_id)i);
        if (p && !p->removed) link_pod(sim, st, p);
    }
}

static int32_t first_on_node(const report_state *st, podsim_id node) {
    if (node < 0 || (size_t)node >= st->node_head.len) return NO_INDEX;
    return *(const int32_t *)vec_at(&st->node_head, (size_t)node);
}

static int32_t next_on_node(const report_state *st, int32_t pod) {
    return ((const pod_slot *)vec_at(&st->pod_slots, (size_t)pod))
        ->next_on_node;
}

/* ---- replacements ----------------------------------------------------------
 */

static owner_queue *queue_of(podsim_sim *sim, report_state *st, sim_owner o) {
    if (o.kind < PODSIM_KIND_DEPLOYMENT || o.kind > PODSIM_KIND_JOB ||
        o.id == PODSIM_NO_ID) {
        return NULL;
    }
    vec *v = &st->queues[o.kind - PODSIM_KIND_DEPLOYMENT];
    while (v->len <= (size_t)o.id) {
        owner_queue *q = vec_push(v);
        if (!q) {
            sim_fail_oom(sim);
            return NULL;
        }
        q->head = q->tail = NO_INDEX;
    }
    return vec_at(v, (size_t)o.id);
}

static rpod *pod_rec(report_state *st, int32_t i) {
    return vec_at(&st->pods, (size_t)i);
}

/* The pod waits for its owner's next new pod (a StatefulSet's: the next
   pod with its name). */
static void enqueue(podsim_sim *sim, report_state *st, int32_t index) {
    rpod *r = pod_rec(st, index);
    if (r->queued || r->replacement != PODSIM_NO_ID) return;
    owner_queue *q = queue_of(sim, st, r->owner);
    if (!q) return;
    r = pod_rec(st, index);
    r->queued = true;
    r->next_pending = NO_INDEX;
    if (q->tail == NO_INDEX) {
        q->head = index;
    } else {
        pod_rec(st, q->tail)->next_pending = index;
    }
    q->tail = index;
}

/* It stopped counting as a replica (controller.IsPodActive: deletion
   requested, terminal phase, or gone). A StatefulSet reuses the name only
   once the object is gone, so its pods queue at removal. */
static void stopped(podsim_sim *sim, report_state *st, int32_t index) {
    rpod *r = pod_rec(st, index);
    if (r->stopped_at < 0) r->stopped_at = sim->now;
    if (r->owner.kind != PODSIM_KIND_STATEFULSET || r->removed_at >= 0) {
        enqueue(sim, st, index);
    }
}

static void match_replacement(podsim_sim *sim, report_state *st,
                              const podsim_pod *p) {
    sim_owner o = sim_pod_owner(sim, p->id);
    if (o.kind < PODSIM_KIND_DEPLOYMENT || o.kind > PODSIM_KIND_JOB ||
        o.id == PODSIM_NO_ID ||
        (size_t)o.id >= st->queues[o.kind - PODSIM_KIND_DEPLOYMENT].len) {
        return;
    }
    owner_queue *q = queue_of(sim, st, o);
    if (!q || q->head == NO_INDEX) return;
    int32_t prev = NO_INDEX, i = q->head;
    if (o.kind == PODSIM_KIND_STATEFULSET) {
        /* identity by name: the new pod with the old one's name */
        while (i != NO_INDEX) {
            const podsim_pod *old =
                podsim_cluster_pod(sim->c, pod_rec(st, i)->pod);
            if (old && pod_rec(st, i)->pod != p->id &&
                same_string(old->meta.name, p->meta.name) &&
                same_string(old->meta.namespace_, p->meta.namespace_)) {
                break;
            }
            prev = i;
            i = pod_rec(st, i)->next_pending;
        }
        if (i == NO_INDEX) return;
    }
    /* first come, first served: the earliest pod that stopped. A pod is
       never its own replacement, and a pod created before the old one
       stopped is not one either (a loaded pod whose creation notice comes
       after an eviction at the same instant) */
    rpod *r = pod_rec(st, i);
    if (r->pod == p->id ||
        (p->meta.creation_timestamp != PODSIM_NO_TIME && r->stopped_at >= 0 &&
         p->meta.creation_timestamp < sim_wall(sim, r->stopped_at))) {
        return;
    }
    if (prev == NO_INDEX) {
        q->head = r->next_pending;
    } else {
        pod_rec(st, prev)->next_pending = r->next_pending;
    }
    if (q->tail == i) q->tail = prev;
    r->queued = false;
    r->next_pending = NO_INDEX;
    r->replacement = p->id;
    pod_slot *s = slot_of(sim, st, p->id);
    if (s) s->replaces = i;
}

/* ---- enrolling pods --------------------------------------------------------
 */

static void begin(podsim_sim *sim, report_state *st) {
    if (st->start < 0) st->start = sim->now;
}

static void reset_recovery(podsim_sim *sim, rpod *r, const podsim_pod *p) {
    r->disrupted_at = sim->now;
    r->running_again_at = -1;
    r->ready_again_at = -1;
    r->down = p->node != PODSIM_NO_ID && !node_reporting(sim, p->node);
    r->unready = false;
    r->not_ready_at = -1;
    const podsim_condition *ready = pod_condition(p, "Ready");
    if (ready && strcmp(ready->status, "True") != 0) {
        /* not ready already: since its condition says */
        r->unready = true;
        r->not_ready_at = relative(sim, ready->last_transition_time, sim->now);
    }
}

/* Start following a pod (or, when it is followed and had recovered from an
   earlier disruption, follow this one instead). Returns its index or
   NO_INDEX. */
static int32_t enrol(podsim_sim *sim, report_state *st, const podsim_pod *p) {
    pod_slot *s = slot_of(sim, st, p->id);
    if (!s) return NO_INDEX;
    if (s->track != NO_INDEX) {
        rpod *r = pod_rec(st, s->track);
        if (r->stopped_at < 0 && r->ready_again_at >= 0) {
            reset_recovery(sim, r, p);
        }
        return s->track;
    }
    rpod *r = vec_push(&st->pods);
    if (!r) {
        sim_fail_oom(sim);
        return NO_INDEX;
    }
    memset(r, 0, sizeof *r);
    r->pod = p->id;
    r->next_pending = NO_INDEX;
    r->seq = st->seq++;
    r->owner = sim_pod_owner(sim, p->id);
    r->evicted_at = r->removed_at = r->stopped_at = -1;
    r->unknown_at_removal = -1;
    r->replacement = PODSIM_NO_ID;
    r->evicted_by = "";
    if (p->meta.deletion_timestamp != PODSIM_NO_TIME && sim->now == 0) {
        /* deleted before the dump was taken: DELETE set deletionTimestamp
           to the request time plus the grace period */
        int64_t grace = p->meta.deletion_grace_period_seconds.set
                            ? p->meta.deletion_grace_period_seconds.value
                            : 0;
        r->evicted_at =
            relative(sim, p->meta.deletion_timestamp - grace * 1000, 0);
        r->evicted_by = "Delete";
    }
    reset_recovery(sim, r, p);
    int32_t index = (int32_t)(st->pods.len - 1);
    s = slot_of(sim, st, p->id); /* (the vector did not move, but be sure) */
    if (s) s->track = index;
    return index;
}

/* Every pod bound to the node and not finished. */
static void enrol_node_pods(podsim_sim *sim, report_state *st, podsim_id node) {
    build_index(sim, st);
    st->order.len = 0;
    for (int32_t i = first_on_node(st, node); i >= 0; i = next_on_node(st, i)) {
        const podsim_pod *p = podsim_cluster_pod(sim->c, i);
        if (!p || p->removed || pod_finished(p) || p->node != node) continue;
        int32_t *slot = vec_push(&st->order);
        if (!slot) {
            sim_fail_oom(sim);
            return;
        }
        *slot = i;
    }
    for (size_t k = 0; k < st->order.len; k++) {
        int32_t id = *(int32_t *)vec_at(&st->order, k);
        enrol(sim, st, podsim_cluster_pod(sim->c, id));
    }
}

/* ---- a pod's own recovery --------------------------------------------------
 *
 * A pod that was never deleted comes back when its node reports again
 * (lifecycle.md D.5, recovery before the eviction deadline): Running again
 * from then, Ready again when the kubelet (or the node lifecycle
 * controller's view of it) writes Ready=True. */

static void own_recovery(podsim_sim *sim, rpod *r, const podsim_pod *p) {
    if (r->stopped_at >= 0 || p->removed || (!r->down && !r->unready)) return;
    if (p->node == PODSIM_NO_ID || !node_reporting(sim, p->node)) return;
    if (r->down && containers_running(p) && r->running_again_at < 0) {
        r->running_again_at = sim->now;
    }
    if (pod_ready(p) && r->ready_again_at < 0) r->ready_again_at = sim->now;
}

/* ---- hooks from the components ---------------------------------------------
 */

/* Who deletes: the strings the components pass, kept as static copies. */
static const char *const deleters[] = {
    "TaintManager", "EvictionAPI", "PodGC",      "ForceDelete",
    "NodeShutdown", "Kubelet",     "Preemption", "Delete"};
/* The first five start the what-if and enrol the pod. */
#define ENROLLING_DELETERS 5

void report_pod_deleted_by(podsim_sim *sim, podsim_id pod, const char *by) {
    report_state *st = state_of(sim);
    const podsim_pod *p = podsim_cluster_pod(sim->c, pod);
    if (!st || !p || p->removed || !by) return;
    size_t which = sizeof deleters / sizeof deleters[0];
    for (size_t i = 0; i < sizeof deleters / sizeof deleters[0]; i++) {
        if (strcmp(deleters[i], by) == 0) which = i;
    }
    const char *name = which < sizeof deleters / sizeof deleters[0]
                           ? deleters[which]
                           : sim_intern(sim, by);
    if (!name) return;
    rpod *r = tracked(st, pod);
    int32_t index = NO_INDEX;
    if (r) {
        index = ((pod_slot *)vec_at(&st->pod_slots, (size_t)pod))->track;
    } else if (which < ENROLLING_DELETERS && !pod_finished(p)) {
        begin(sim, st);
        if (st->index_built) link_pod(sim, st, p);
        index = enrol(sim, st, p);
    }
    if (index == NO_INDEX) return;
    r = pod_rec(st, index);
    if (r->evicted_at < 0) {
        r->evicted_at = sim->now;
        r->evicted_by = name;
    }
    stopped(sim, st, index);
}

static const char *const failure_words[] = {"unreachable", "not-ready",
                                            "shutdown", "deleted"};

static rnode *find_or_add_node(podsim_sim *sim, report_state *st,
                               podsim_id node) {
    rnode *rec = node_record(st, node);
    if (rec) return rec;
    const podsim_node *n = podsim_cluster_node(sim->c, node);
    if (!n) return NULL;
    int32_t index = NO_INDEX;
    /* the same name: a node that registered again */
    for (size_t i = 0; i < st->nodes.len && index == NO_INDEX; i++) {
        const rnode *o = vec_at(&st->nodes, i);
        const podsim_node *on = podsim_cluster_node(sim->c, o->id);
        if (on && same_string(on->meta.name, n->meta.name)) {
            index = (int32_t)i;
        }
    }
    if (index == NO_INDEX) {
        rnode *fresh = vec_push(&st->nodes);
        if (!fresh) {
            sim_fail_oom(sim);
            return NULL;
        }
        memset(fresh, 0, sizeof *fresh);
        fresh->failure = "";
        fresh->failed_at = fresh->not_ready_at = fresh->noschedule_at = -1;
        fresh->noexecute_at = fresh->recovered_at = fresh->deleted_at = -1;
        fresh->drained_at = -1;
        index = (int32_t)(st->nodes.len - 1);
    }
    int32_t *slot = int_slot(sim, &st->node_slot, node, NO_INDEX);
    if (!slot) return NULL;
    *slot = index;
    rec = vec_at(&st->nodes, (size_t)index);
    rec->id = node;
    return rec;
}

static void set_failure(rnode *rec, const char *what, uint8_t rank,
                        int64_t now) {
    if (rec->rank >= rank) return;
    rec->rank = rank;
    rec->failure = what;
    rec->failed_at = now;
}

void report_node_action(podsim_sim *sim, podsim_id node, const char *action) {
    report_state *st = state_of(sim);
    if (!st || !action) return;
    begin(sim, st);
    rnode *rec = find_or_add_node(sim, st, node);
    if (!rec) return;
    for (size_t i = 0; i < sizeof failure_words / sizeof failure_words[0];
         i++) {
        if (strcmp(action, failure_words[i]) == 0) {
            set_failure(rec, failure_words[i], 3, sim->now);
            rec->failed = true;
            rec->recovered_at = -1;
            enrol_node_pods(sim, st, node);
            return;
        }
    }
    if (strcmp(action, "drained") == 0) {
        set_failure(rec, "drained", 2, sim->now);
        enrol_node_pods(sim, st, node);
    } else if (strcmp(action, "tainted") == 0) {
        /* a NoExecute taint's victims come in through
           report_pod_deleted_by; other taints disrupt nothing */
        set_failure(rec, "tainted", 1, sim->now);
    } else if (strcmp(action, "recovered") == 0) {
        rec->failed = false;
        rec->recovered_at = sim->now;
    }
}

void report_node_drained(podsim_sim *sim, podsim_id node) {
    report_state *st = state_of(sim);
    if (!st) return;
    begin(sim, st);
    rnode *rec = find_or_add_node(sim, st, node);
    if (rec && rec->drained_at < 0) rec->drained_at = sim->now;
}

/* ---- watch notifications ---------------------------------------------------
 */

static bool is_nlc_taint(const podsim_taint *t) {
    return strcmp(t->key, TAINT_UNREACHABLE) == 0 ||
           strcmp(t->key, TAINT_NOT_READY) == 0;
}

static void node_health_changed(podsim_sim *sim, report_state *st,
                                podsim_id node) {
    bool reporting = node_reporting(sim, node);
    for (int32_t i = first_on_node(st, node); i >= 0; i = next_on_node(st, i)) {
        rpod *r = tracked(st, i);
        const podsim_pod *p = podsim_cluster_pod(sim->c, i);
        if (!r || !p || p->removed || p->node != node) continue;
        if (!reporting) {
            r->down = true;
        } else {
            own_recovery(sim, r, p);
        }
    }
}

static void on_node(podsim_sim *sim, podsim_id node, unsigned what) {
    report_state *st = state_of(sim);
    if (!st || st->start < 0) return;
    rnode *rec = node_record(st, node);
    if (rec && rec->id == node) {
        const podsim_node *n = podsim_cluster_node(sim->c, node);
        if ((what & WATCH_NODE_CONDITIONS) && rec->not_ready_at == -1) {
            const podsim_condition *ready = sim_node_condition(n, "Ready");
            if (ready && strcmp(ready->status, "True") != 0) {
                rec->not_ready_at = sim->now;
            }
        }
        if (what & WATCH_NODE_TAINTS) {
            for (size_t i = 0; i < n->taint_count; i++) {
                const podsim_taint *t = &n->taints[i];
                if (!is_nlc_taint(t)) continue;
                if (t->effect == PODSIM_EFFECT_NO_SCHEDULE &&
                    rec->noschedule_at == -1) {
                    rec->noschedule_at = sim->now;
                }
                if (t->effect == PODSIM_EFFECT_NO_EXECUTE &&
                    rec->noexecute_at == -1) {
                    rec->noexecute_at = sim->now;
                }
            }
        }
        if ((what & WATCH_NODE_DELETED) && rec->deleted_at < 0) {
            rec->deleted_at = sim->now;
        }
    }
    if ((what & (WATCH_NODE_HEALTH | WATCH_NODE_DELETED)) && st->index_built) {
        node_health_changed(sim, st, node);
    }
}

/* A pod bound to a node that failed and has not come back: the scheduler
   places pods there until the NoSchedule taint lands (and the node
   lifecycle controller marks them NotReady as they bind). */
static bool bound_to_failed_node(podsim_sim *sim, report_state *st,
                                 const podsim_pod *p) {
    const rnode *rec = node_record(st, p->node);
    return rec && rec->failed && !node_reporting(sim, p->node);
}

static void pod_status_changed(podsim_sim *sim, report_state *st, int32_t index,
                               const podsim_pod *p) {
    rpod *r = pod_rec(st, index);
    if (pod_not_ready(p)) {
        if (r->not_ready_at == -1) r->not_ready_at = sim->now;
        r->unready = true;
    }
    if (pod_finished(p)) {
        /* graceful node shutdown: the kubelet's DisruptionTarget */
        const podsim_condition *dt = pod_condition(p, "DisruptionTarget");
        if (r->evicted_at < 0 && p->status.phase == PODSIM_PHASE_FAILED && dt &&
            strcmp(dt->reason, "TerminationByKubelet") == 0) {
            r->evicted_at = sim->now;
            r->evicted_by = "NodeShutdown";
        }
        stopped(sim, st, index);
        return;
    }
    own_recovery(sim, r, p);
}

/* The pod replaces a followed one: its first Running and Ready are the
   old pod's recovery. */
static void replacement_changed(podsim_sim *sim, report_state *st,
                                int32_t index, const podsim_pod *p) {
    rpod *r = pod_rec(st, index);
    if (pod_running(p) && r->running_again_at < 0) {
        r->running_again_at = sim->now;
    }
    if (pod_ready(p) && r->ready_again_at < 0) r->ready_again_at = sim->now;
}

static void on_pod(podsim_sim *sim, podsim_id pod, unsigned what) {
    report_state *st = state_of(sim);
    if (!st || st->start < 0) return;
    const podsim_pod *p = podsim_cluster_pod(sim->c, pod);
    if (!p) return;
    if ((what & (WATCH_CREATED | WATCH_BOUND)) && st->index_built &&
        !p->removed) {
        link_pod(sim, st, p);
    }
    if (what & WATCH_CREATED) match_replacement(sim, st, p);
    if ((what & WATCH_BOUND) && !p->removed && !pod_finished(p) &&
        !tracked(st, pod) && bound_to_failed_node(sim, st, p)) {
        int32_t index = enrol(sim, st, p);
        if (index != NO_INDEX) pod_rec(st, index)->down = true;
    }
    if ((size_t)pod >= st->pod_slots.len) return;
    const pod_slot *s = vec_at(&st->pod_slots, (size_t)pod);
    int32_t index = s->track, replaces = s->replaces;
    if (replaces != NO_INDEX && (what & WATCH_STATUS)) {
        replacement_changed(sim, st, replaces, p);
    }
    if (index == NO_INDEX) return;
    rpod *r = pod_rec(st, index);
    if (what & WATCH_STATUS) pod_status_changed(sim, st, index, p);
    if (what & WATCH_DELETING) {
        r = pod_rec(st, index);
        if (r->evicted_at < 0) {
            r->evicted_at = sim->now;
            r->evicted_by = "Delete";
        }
        stopped(sim, st, index);
    }
    if (what & WATCH_REMOVED) {
        r = pod_rec(st, index);
        if (r->removed_at < 0) {
            r->removed_at = sim->now;
            r->unknown_at_removal = silent_since(sim, p->node);
        }
        if (r->evicted_at < 0) {
            r->evicted_at = sim->now;
            r->evicted_by = "ForceDelete";
        }
        stopped(sim, st, index);
    }
}

/* ---- workloads
 * ---------------------------------------------------------------
 */

static int32_t spec_replicas(const podsim_workload *w) {
    return w->replicas.set ? (int32_t)w->replicas.value : 1;
}

/* The workloads the report follows: Deployments, StatefulSets,
   DaemonSets and ReplicaSets no Deployment controls. */
static bool followed_kind(podsim_sim *sim, podsim_kind kind,
                          const podsim_workload *w) {
    if (kind == PODSIM_KIND_DEPLOYMENT || kind == PODSIM_KIND_STATEFULSET ||
        kind == PODSIM_KIND_DAEMONSET) {
        return true;
    }
    if (kind != PODSIM_KIND_REPLICASET) return false;
    for (size_t i = 0; i < w->meta.owner_reference_count; i++) {
        const podsim_owner_reference *ref = &w->meta.owner_references[i];
        if (ref->controller && strcmp(ref->kind, "Deployment") == 0 &&
            cluster_lookup(sim->c, PODSIM_KIND_DEPLOYMENT, w->meta.namespace_,
                           ref->name) != PODSIM_NO_ID) {
            return false;
        }
    }
    return true;
}

/* Add a step (a change at the same instant replaces that instant's step,
   and one that goes back to the step before disappears: the series keeps
   where the value ended up at each instant). */
static void add_step(podsim_sim *sim, report_state *st, int32_t wi,
                     int32_t ready, int32_t desired) {
    rwork *w = vec_at(&st->works, (size_t)wi);
    if (w->tail != NO_INDEX) {
        rpoint *last = vec_at(&st->points, (size_t)w->tail);
        if (last->ready == ready && last->desired == desired) return;
        if (last->time == sim->now) {
            const rpoint *before =
                last->prev == NO_INDEX
                    ? NULL
                    : vec_at(&st->points, (size_t)last->prev);
            if (before && before->ready == ready &&
                before->desired == desired) {
                w->tail = last->prev;
            } else {
                last->ready = ready;
                last->desired = desired;
            }
            return;
        }
    }
    rpoint *pt = vec_push(&st->points);
    if (!pt) {
        sim_fail_oom(sim);
        return;
    }
    w = vec_at(&st->works, (size_t)wi);
    pt->time = sim->now;
    pt->ready = ready;
    pt->desired = desired;
    pt->prev = w->tail;
    w->tail = (int32_t)(st->points.len - 1);
}

/* The workload's record, created with its status at now (NO_INDEX when
   the report leaves it out). */
static int32_t work_of(podsim_sim *sim, report_state *st, podsim_kind kind,
                       podsim_id id) {
    if (kind < PODSIM_KIND_DEPLOYMENT || kind > PODSIM_KIND_JOB) {
        return NO_INDEX;
    }
    int32_t *slot = int_slot(sim, &st->work_slot[kind - PODSIM_KIND_DEPLOYMENT],
                             id, NO_INDEX);
    if (!slot || *slot == IGNORED) return NO_INDEX;
    if (*slot != NO_INDEX) return *slot;
    const podsim_workload *w = podsim_cluster_workload(sim->c, kind, id);
    if (!w || !followed_kind(sim, kind, w)) {
        *slot = IGNORED;
        return NO_INDEX;
    }
    rwork *rw = vec_push(&st->works);
    if (!rw) {
        sim_fail_oom(sim);
        return NO_INDEX;
    }
    rw->kind = (int32_t)kind;
    rw->id = id;
    rw->tail = NO_INDEX;
    int32_t index = (int32_t)(st->works.len - 1);
    slot = int_slot(sim, &st->work_slot[kind - PODSIM_KIND_DEPLOYMENT], id,
                    NO_INDEX);
    if (slot) *slot = index;
    /* a DaemonSet's desired count is its status: until the controller
       writes it, the scheduled count stands in */
    int32_t desired =
        kind == PODSIM_KIND_DAEMONSET ? w->status_replicas : spec_replicas(w);
    add_step(sim, st, index, w->status_ready_replicas, desired);
    return index;
}

static const rpoint *last_step(const report_state *st, int32_t wi) {
    const rwork *w = vec_at(&st->works, (size_t)wi);
    return w->tail == NO_INDEX ? NULL : vec_at(&st->points, (size_t)w->tail);
}

void report_workload_field(podsim_sim *sim, podsim_kind kind,
                           podsim_id workload, const char *field,
                           int64_t value) {
    report_state *st = state_of(sim);
    if (!st || !field) return;
    int32_t wi = work_of(sim, st, kind, workload);
    if (wi == NO_INDEX) return;
    const rpoint *last = last_step(st, wi);
    int32_t ready = last ? last->ready : 0;
    int32_t desired = last ? last->desired : 0;
    if (kind == PODSIM_KIND_DAEMONSET) {
        if (strcmp(field, "numberReady") == 0) ready = (int32_t)value;
        if (strcmp(field, "desiredNumberScheduled") == 0) {
            desired = (int32_t)value;
        }
    } else {
        if (strcmp(field, "readyReplicas") == 0) ready = (int32_t)value;
        const podsim_workload *w =
            podsim_cluster_workload(sim->c, kind, workload);
        if (w) desired = spec_replicas(w);
    }
    add_step(sim, st, wi, ready, desired);
}

static void on_workload(podsim_sim *sim, podsim_kind kind, podsim_id id,
                        unsigned what) {
    (void)what;
    report_state *st = state_of(sim);
    if (!st) return;
    int32_t wi = work_of(sim, st, kind, id);
    if (wi == NO_INDEX || kind == PODSIM_KIND_DAEMONSET) return;
    /* a new spec.replicas (kubectl scale, an apply) */
    const podsim_workload *w = podsim_cluster_workload(sim->c, kind, id);
    const rpoint *last = last_step(st, wi);
    if (w && last) add_step(sim, st, wi, last->ready, spec_replicas(w));
}

/* ---- module table
 * ------------------------------------------------------------
 */

static void init_vectors(report_state *st) {
    vec_init(&st->pods, sizeof(rpod));
    vec_init(&st->pod_slots, sizeof(pod_slot));
    vec_init(&st->node_head, sizeof(int32_t));
    vec_init(&st->nodes, sizeof(rnode));
    vec_init(&st->node_slot, sizeof(int32_t));
    for (int k = 0; k < OWNER_KINDS; k++) {
        vec_init(&st->queues[k], sizeof(owner_queue));
        vec_init(&st->work_slot[k], sizeof(int32_t));
    }
    vec_init(&st->works, sizeof(rwork));
    vec_init(&st->points, sizeof(rpoint));
    vec_init(&st->out_nodes, sizeof(podsim_report_node));
    vec_init(&st->out_pods, sizeof(podsim_report_pod));
    vec_init(&st->out_works, sizeof(podsim_report_workload));
    vec_init(&st->out_points, sizeof(podsim_report_point));
    vec_init(&st->order, sizeof(int32_t));
    strbuf_init(&st->text);
    arena_init(&st->strings, 4096);
}

static void destroy(void *state) {
    report_state *st = state;
    if (!st) return;
    vec_release(&st->pods);
    vec_release(&st->pod_slots);
    vec_release(&st->node_head);
    vec_release(&st->nodes);
    vec_release(&st->node_slot);
    for (int k = 0; k < OWNER_KINDS; k++) {
        vec_release(&st->queues[k]);
        vec_release(&st->work_slot[k]);
    }
    vec_release(&st->works);
    vec_release(&st->points);
    vec_release(&st->out_nodes);
    vec_release(&st->out_pods);
    vec_release(&st->out_works);
    vec_release(&st->out_points);
    vec_release(&st->order);
    strbuf_release(&st->text);
    arena_release(&st->strings);
    free(st);
}

/* Nodes loaded as not reporting (Ready Unknown or False in the dump): the
   what-if starts at 0 with them already failed. */
static bool adopt_failed_nodes(podsim_sim *sim, report_state *st) {
    size_t n = podsim_cluster_count(sim->c, PODSIM_KIND_NODE);
    for (size_t i = 0; i < n; i++) {
        const podsim_node *node = podsim_cluster_node(sim->c, (podsim_id)i);
        const sim_node_state *ns = sim_node(sim, (podsim_id)i);
        if (!node || node->removed || ns->health == NODE_HEALTHY) continue;
        begin(sim, st);
        rnode *rec = find_or_add_node(sim, st, (podsim_id)i);
        if (!rec) return false;
        rec->failure =
            ns->health == NODE_NOT_READY ? "not-ready" : "unreachable";
        rec->rank = 3;
        rec->failed = true;
        rec->before_start = true;
        const podsim_condition *ready = sim_node_condition(node, "Ready");
        if (ready) {
            rec->not_ready_at = relative(sim, ready->last_transition_time, 0);
        }
        for (size_t t = 0; t < node->taint_count; t++) {
            const podsim_taint *taint = &node->taints[t];
            if (!is_nlc_taint(taint)) continue;
            if (taint->effect == PODSIM_EFFECT_NO_SCHEDULE) {
                rec->noschedule_at = relative(sim, taint->time_added, 0);
            } else if (taint->effect == PODSIM_EFFECT_NO_EXECUTE) {
                rec->noexecute_at = relative(sim, taint->time_added, 0);
            }
        }
        enrol_node_pods(sim, st, (podsim_id)i);
        for (int32_t p = first_on_node(st, (podsim_id)i); p >= 0;
             p = next_on_node(st, p)) {
            rpod *r = tracked(st, p);
            if (r) r->down = true;
        }
    }
    return !sim->failed;
}

static void *create(podsim_sim *sim) {
    report_state *st = calloc(1, sizeof *st);
    if (!st) return NULL;
    init_vectors(st);
    st->start = -1;
    bool ok = adopt_failed_nodes(sim, st);
    /* every followed workload starts with its loaded status at 0 */
    for (int k = PODSIM_KIND_DEPLOYMENT; ok && k <= PODSIM_KIND_JOB; k++) {
        size_t n = podsim_cluster_count(sim->c, (podsim_kind)k);
        for (size_t i = 0; i < n; i++) {
            (void)work_of(sim, st, (podsim_kind)k, (podsim_id)i);
        }
        ok = !sim->failed;
    }
    if (!ok) {
        destroy(st);
        return NULL;
    }
    return st;
}

static bool copy_vec(vec *dst, const vec *src) {
    vec_init(dst, src->elem_size);
    return vec_copy(dst, src);
}

static void *fork_state(podsim_sim *dst, const void *src_state) {
    (void)dst;
    const report_state *src = src_state;
    report_state *st = calloc(1, sizeof *st);
    if (!st) return NULL;
    init_vectors(st);
    st->start = src->start;
    st->seq = src->seq;
    st->index_built = src->index_built;
    bool ok = copy_vec(&st->pods, &src->pods) &&
              copy_vec(&st->pod_slots, &src->pod_slots) &&
              copy_vec(&st->node_head, &src->node_head) &&
              copy_vec(&st->nodes, &src->nodes) &&
              copy_vec(&st->node_slot, &src->node_slot) &&
              copy_vec(&st->works, &src->works) &&
              copy_vec(&st->points, &src->points);
    for (int k = 0; ok && k < OWNER_KINDS; k++) {
        ok = copy_vec(&st->queues[k], &src->queues[k]) &&
             copy_vec(&st->work_slot[k], &src->work_slot[k]);
    }
    if (!ok) {
        destroy(st);
        return NULL;
    }
    return st;
}

static size_t vec_bytes(const vec *v) {
    return v->cap * v->elem_size;
}

static size_t memory(const void *state) {
    const report_state *st = state;
    size_t bytes = sizeof *st + vec_bytes(&st->pods) +
                   vec_bytes(&st->pod_slots) + vec_bytes(&st->node_head) +
                   vec_bytes(&st->nodes) + vec_bytes(&st->node_slot) +
                   vec_bytes(&st->works) + vec_bytes(&st->points) +
                   vec_bytes(&st->out_nodes) + vec_bytes(&st->out_pods) +
                   vec_bytes(&st->out_works) + vec_bytes(&st->out_points) +
                   vec_bytes(&st->order) + st->text.cap;
    for (int k = 0; k < OWNER_KINDS; k++) {
        bytes += vec_bytes(&st->queues[k]) + vec_bytes(&st->work_slot[k]);
    }
    return bytes;
}

const sim_module_ops sim_report_ops = {
    .create = create,
    .destroy = destroy,
    .fork = fork_state,
    .on_pod = on_pod,
    .on_workload = on_workload,
    .memory = memory,
    .on_node = on_node,
};

/* ---- building the report
 * -----------------------------------------------------
 */

/* A copy of the scratch text in the report's strings ("" when OOM: the
   build then fails). */
static const char *keep_text(report_state *st) {
    if (st->text.failed) return NULL;
    const char *s = arena_strndup(
        &st->strings, st->text.len ? st->text.data : "", st->text.len);
    strbuf_clear(&st->text);
    return s;
}

/* The workload a pod counts for: a ReplicaSet's Deployment when it has
   one. */
static sim_owner top_owner(podsim_sim *sim, sim_owner o) {
    if (o.kind != PODSIM_KIND_REPLICASET || o.id == PODSIM_NO_ID) return o;
    const podsim_workload *rs =
        podsim_cluster_workload(sim->c, PODSIM_KIND_REPLICASET, o.id);
    if (!rs) return o;
    for (size_t i = 0; i < rs->meta.owner_reference_count; i++) {
        const podsim_owner_reference *ref = &rs->meta.owner_references[i];
        if (!ref->controller || strcmp(ref->kind, "Deployment") != 0) continue;
        podsim_id d = cluster_lookup(sim->c, PODSIM_KIND_DEPLOYMENT,
                                     rs->meta.namespace_, ref->name);
        if (d != PODSIM_NO_ID) {
            sim_owner top = {PODSIM_KIND_DEPLOYMENT, d};
            return top;
        }
    }
    return o;
}

static bool owned(sim_owner o) {
    return o.kind >= PODSIM_KIND_DEPLOYMENT && o.kind <= PODSIM_KIND_JOB &&
           o.id != PODSIM_NO_ID;
}

/* Its own recovery, else its replacement's (and so on down a chain of
   replacements that were disrupted in turn). */
static void recovery_of(const report_state *st, const rpod *r, int64_t *running,
                        int64_t *ready) {
    *running = r->running_again_at;
    *ready = r->ready_again_at;
    const rpod *cur = r;
    for (int depth = 0; depth < 64 && (*running < 0 || *ready < 0) &&
                        cur->replacement != PODSIM_NO_ID;
         depth++) {
        const rpod *next = tracked((report_state *)st, cur->replacement);
        if (!next) break;
        if (*running < 0) *running = next->running_again_at;
        if (*ready < 0) *ready = next->ready_again_at;
        cur = next;
    }
}

/* The state of the machine behind a node as the report words it, NULL
   while its kubelet reports Ready. */
static const char *node_word(podsim_sim *sim, podsim_id node) {
    const podsim_node *n = podsim_cluster_node(sim->c, node);
    if (!n) return NULL;
    if (n->removed) return "deleted";
    switch ((sim_node_health)sim_node(sim, node)->health) {
    case NODE_HEALTHY: return NULL;
    case NODE_UNREACHABLE: return "unreachable";
    case NODE_NOT_READY: return "not-ready";
    case NODE_SHUTTING_DOWN: return "shutting-down";
    case NODE_OFF: return "shut-down";
    }
    return NULL;
}

static void put_time(strbuf *b, int64_t ms) {
    if (ms == -1) {
        strbuf_putc(b, '-');
    } else {
        sim_format_time(b, ms);
    }
}

/* The node lifecycle controller's NoExecute taint on the node that the
   pod tolerates with no tolerationSeconds (never evicted), or NULL. */
static const podsim_taint *tolerated_forever(const podsim_pod *p,
                                             const podsim_node *n) {
    for (size_t i = 0; i < n->taint_count; i++) {
        const podsim_taint *t = &n->taints[i];
        if (t->effect != PODSIM_EFFECT_NO_EXECUTE || !is_nlc_taint(t)) continue;
        /* the first matching toleration decides (GetMatchingTolerations) */
        for (size_t k = 0; k < p->spec.toleration_count; k++) {
            const podsim_toleration *tol = &p->spec.tolerations[k];
            if (!toleration_tolerates(tol, t)) continue;
            if (!tol->toleration_seconds.set) return t;
            break;
        }
    }
    return NULL;
}

/* A not-Ready node without the NoExecute taint: why the node lifecycle
   controller has not tainted it (node_lifecycle_controller.go
   handleDisruption, setLimiterInZone, ReducedQPSFunc). */
static void why_no_eviction(podsim_sim *sim, podsim_id node,
                            const podsim_node *n, strbuf *b) {
    const podsim_condition *ready = sim_node_condition(n, "Ready");
    if (!ready || strcmp(ready->status, "True") == 0) return; /* unnoticed */
    if (sim_node_has_taint(n, TAINT_UNREACHABLE, PODSIM_EFFECT_NO_EXECUTE) ||
        sim_node_has_taint(n, TAINT_NOT_READY, PODSIM_EFFECT_NO_EXECUTE)) {
        return;
    }
    sim_zone_info z;
    if (!nlc_zone_info(sim, node, &z)) return;
    if (z.all_down) {
        strbuf_puts(b,
                    "; every zone has lost all its nodes (FullDisruption "
                    "everywhere): the node lifecycle controller adds no "
                    "NoExecute taints and evicts nothing until a node "
                    "returns");
    } else if (z.qps <= 0.0) {
        strbuf_printf(b,
                      "; its zone is %s with %d nodes (not more than "
                      "--large-cluster-size-threshold): the eviction rate "
                      "is 0, so no NoExecute taint and no eviction",
                      z.state == 2 ? "PartialDisruption" : "disrupted",
                      (int)z.size);
    } else if (z.queued) {
        strbuf_printf(b,
                      "; waiting in its zone's tainting queue (%g nodes/s) "
                      "for the NoExecute taint",
                      z.qps);
    }
}

/* Not deleted, not recovered: why it is still down. */
static void stuck_in_place(podsim_sim *sim, const rpod *r, const podsim_pod *p,
                           strbuf *b) {
    const char *node = p->spec.node_name;
    const char *word = node_word(sim, p->node);
    if (!word) {
        if (!pod_running(p)) {
            strbuf_printf(b, "%s on node %s: containers not running yet",
                          podsim_phase_name(p->status.phase), node);
        } else if (!pod_ready(p)) {
            strbuf_puts(b, "not ready since ");
            put_time(b, r->not_ready_at);
            strbuf_printf(b, " on node %s: waiting for Ready", node);
        }
        return;
    }
    const podsim_node *n = podsim_cluster_node(sim->c, p->node);
    if (n->removed) {
        /* pkg/controller/podgc gcOrphaned */
        strbuf_printf(b,
                      "bound to deleted Node %s: the pod garbage collector "
                      "force-deletes such orphans after a quarantine",
                      node);
        return;
    }
    if (r->owner.kind == PODSIM_KIND_DAEMONSET) {
        strbuf_printf(b,
                      "DaemonSet pod on %s node %s: tolerates the taint "
                      "forever, never evicted or replaced",
                      word, node);
        return;
    }
    const podsim_taint *forever = tolerated_forever(p, n);
    if (forever) {
        strbuf_printf(b,
                      "on %s node %s: tolerates %s:NoExecute forever, "
                      "never evicted",
                      word, node, forever->key);
        return;
    }
    if (r->not_ready_at >= 0) {
        strbuf_puts(b, "not ready since ");
        put_time(b, r->not_ready_at);
        strbuf_printf(b, ": node %s %s", node, word);
    } else {
        strbuf_printf(b, "node %s %s", node, word);
    }
    int64_t unknown = silent_since(sim, p->node);
    if (unknown != -1) {
        strbuf_puts(b, ", state unknown since ");
        put_time(b, unknown);
    }
    why_no_eviction(sim, p->node, n, b);
}

/* Deleted (or finished) and nobody took its place. */
static void stuck_unreplaced(podsim_sim *sim, const rpod *r,
                             const podsim_pod *p, strbuf *b) {
    bool bare = !owned(r->owner);
    if (bare) strbuf_puts(b, "bare pod: no controller replaces it");
    if (!p->removed && !pod_finished(p)) {
        const char *word = node_word(sim, p->node);
        strbuf_puts(b, bare ? "; Terminating" : "Terminating");
        if (word) {
            strbuf_printf(b, " on %s node %s", word, p->spec.node_name);
        } else {
            strbuf_printf(b, " on node %s", p->spec.node_name);
        }
        strbuf_puts(b, " since ");
        put_time(b, r->evicted_at);
        if (bare) return;
        if (word && strcmp(word, "deleted") == 0) {
            strbuf_puts(b,
                        ": the pod garbage collector force-deletes it "
                        "once the Node has been gone for its quarantine");
        } else if (word) {
            /* lifecycle.md D.3: no control-plane component finishes it */
            strbuf_puts(b,
                        ": nothing completes the deletion until the node "
                        "returns, the Node is deleted, the node gets the "
                        "out-of-service taint, or the pod is "
                        "force-deleted");
        }
        if (r->owner.kind == PODSIM_KIND_STATEFULSET) {
            strbuf_puts(b, "; the StatefulSet waits for it");
            return;
        }
        if (r->owner.kind == PODSIM_KIND_JOB) {
            const podsim_workload *j =
                podsim_cluster_workload(sim->c, PODSIM_KIND_JOB, r->owner.id);
            if (j && strcmp(j->pod_replacement_policy, "Failed") == 0) {
                strbuf_puts(b,
                            "; the Job (podReplacementPolicy Failed) "
                            "waits for a terminal phase");
                return;
            }
        }
        strbuf_printf(b, "; the %s has not created a replacement",
                      podsim_kind_name((podsim_kind)r->owner.kind));
        return;
    }
    if (bare) return;
    strbuf_puts(b, p->removed ? "deleted at " : "finished at ");
    put_time(b, p->removed ? r->removed_at : r->stopped_at);
    strbuf_printf(b, "; the %s has not created a replacement",
                  podsim_kind_name((podsim_kind)r->owner.kind));
}

static void stuck_replacement(podsim_sim *sim, const podsim_pod *q, strbuf *b) {
    strbuf_printf(b, "replacement %s ", q->meta.name);
    if (q->removed) {
        strbuf_puts(b, "deleted");
        return;
    }
    if (q->node == PODSIM_NO_ID) {
        const podsim_condition *c = pod_condition(q, "PodScheduled");
        strbuf_puts(b, "Pending: ");
        strbuf_puts(b, c && c->message[0] ? c->message : "not scheduled yet");
        return;
    }
    const char *word = node_word(sim, q->node);
    if (word) {
        strbuf_printf(b, "on %s node %s", word, q->spec.node_name);
        return;
    }
    if (!pod_running(q)) {
        podsim_pod_row row;
        strbuf_printf(b, "%s on node %s", podsim_phase_name(q->status.phase),
                      q->spec.node_name);
        if (podsim_pod_row_get(sim->c, q->id, sim_wall(sim, sim->now), &row) ==
            PODSIM_OK) {
            strbuf_printf(b, " (%s)", row.status);
        }
        return;
    }
    strbuf_printf(b, "Running on node %s, not ready", q->spec.node_name);
}

static bool workload_satisfied(podsim_sim *sim, const report_state *st,
                               sim_owner top) {
    if (!owned(top)) return false;
    const vec *v = &st->work_slot[top.kind - PODSIM_KIND_DEPLOYMENT];
    if ((size_t)top.id >= v->len) return false;
    int32_t wi = *(const int32_t *)vec_at(v, (size_t)top.id);
    if (wi < 0) return false;
    const rpoint *last = last_step(st, wi);
    (void)sim;
    return last && last->ready >= last->desired;
}

/* The Job has as many successes as it needs (its view keeps succeeded
   in status_available_replicas; no completions: one success). */
static bool job_complete(podsim_sim *sim, sim_owner o) {
    if (o.kind != PODSIM_KIND_JOB || o.id == PODSIM_NO_ID) return false;
    const podsim_workload *j =
        podsim_cluster_workload(sim->c, PODSIM_KIND_JOB, o.id);
    if (!j) return false;
    int64_t need = j->completions.set ? j->completions.value : 1;
    return j->status_available_replicas >= need;
}

/* Why the pod has not recovered at now, into st->text ("" when it has or
   need not). */
static void stuck_reason(podsim_sim *sim, report_state *st, const rpod *r,
                         int depth) {
    int64_t running, ready;
    recovery_of(st, r, &running, &ready);
    if (ready >= 0 || depth > 16) return;
    const podsim_pod *p = podsim_cluster_pod(sim->c, r->pod);
    if (r->stopped_at < 0) {
        if (r->down || r->unready) stuck_in_place(sim, r, p, &st->text);
        return;
    }
    if (r->replacement != PODSIM_NO_ID) {
        const rpod *next = tracked(st, r->replacement);
        const podsim_pod *q = podsim_cluster_pod(sim->c, r->replacement);
        if (next) {
            size_t mark = st->text.len;
            strbuf_printf(&st->text, "replacement %s: ", q->meta.name);
            size_t inner = st->text.len;
            stuck_reason(sim, st, next, depth + 1);
            if (st->text.len == inner)
                strbuf_truncate(&st->text, mark);
            else
                return;
        }
        stuck_replacement(sim, q, &st->text);
        return;
    }
    /* nothing replaced it: fine when it did its work (a Job's pod that
       succeeded, a Job complete) or its workload is whole again */
    if (pod_finished(p) && p->status.phase == PODSIM_PHASE_SUCCEEDED) return;
    if (job_complete(sim, r->owner)) return;
    if (workload_satisfied(sim, st, top_owner(sim, r->owner))) return;
    stuck_unreplaced(sim, r, p, &st->text);
}

/* Whether the report lists the pod: something happened to it. */
static bool affected(const rpod *r) {
    return r->down || r->unready || r->stopped_at >= 0 || r->evicted_at >= 0;
}

/* The report's order: disrupted_at, then as kubectl get pods -A lists
   (namespace, name), then enrolment. */
typedef struct pod_key {
    int64_t disrupted_at;
    const char *namespace_;
    const char *name;
    uint32_t seq;
    int32_t index;
} pod_key;

static int compare_keys(const void *a, const void *b) {
    const pod_key *x = a, *y = b;
    if (x->disrupted_at != y->disrupted_at) {
        return x->disrupted_at < y->disrupted_at ? -1 : 1;
    }
    int c = strcmp(x->namespace_, y->namespace_);
    if (c == 0) c = strcmp(x->name, y->name);
    if (c != 0) return c;
    return (x->seq > y->seq) - (x->seq < y->seq);
}

static bool build_nodes(podsim_sim *sim, report_state *st) {
    for (size_t i = 0; i < st->nodes.len; i++) {
        const rnode *rec = vec_at(&st->nodes, i);
        const podsim_node *n = podsim_cluster_node(sim->c, rec->id);
        podsim_report_node *o = vec_push(&st->out_nodes);
        if (!o || !n) return false;
        o->name = n->meta.name;
        o->zone = n->zone;
        o->failure = rec->failure;
        o->failed_at = rec->before_start ? -1 : rec->failed_at;
        o->last_heartbeat = silent_since(sim, rec->id);
        o->not_ready_at = rec->not_ready_at;
        o->noschedule_taint_at = rec->noschedule_at;
        o->noexecute_taint_at = rec->noexecute_at;
        o->recovered_at = rec->recovered_at;
        o->deleted_at = rec->deleted_at;
        o->drained_at = rec->drained_at;
    }
    return true;
}

static bool build_pod_rows(podsim_sim *sim, report_state *st, const vec *keys);

static bool build_pods(podsim_sim *sim, report_state *st) {
    vec keys;
    vec_init(&keys, sizeof(pod_key));
    for (size_t i = 0; i < st->pods.len; i++) {
        const rpod *r = vec_at(&st->pods, i);
        if (!affected(r)) continue;
        const podsim_pod *p = podsim_cluster_pod(sim->c, r->pod);
        pod_key *k = vec_push(&keys);
        if (!k) {
            vec_release(&keys);
            return false;
        }
        k->disrupted_at = r->disrupted_at;
        k->namespace_ = p->meta.namespace_;
        k->name = p->meta.name;
        k->seq = r->seq;
        k->index = (int32_t)i;
    }
    if (keys.len > 1) qsort(keys.data, keys.len, sizeof(pod_key), compare_keys);
    bool ok = build_pod_rows(sim, st, &keys);
    vec_release(&keys);
    return ok;
}

static bool build_pod_rows(podsim_sim *sim, report_state *st, const vec *keys) {
    if (!vec_reserve(&st->out_pods, keys->len)) return false;
    for (size_t k = 0; k < keys->len; k++) {
        const rpod *r = vec_at(
            &st->pods, (size_t)((const pod_key *)vec_at(keys, k))->index);
        const podsim_pod *p = podsim_cluster_pod(sim->c, r->pod);
        podsim_report_pod *o = vec_push(&st->out_pods);
        memset(o, 0, sizeof *o);
        o->namespace_ = p->meta.namespace_;
        o->name = p->meta.name;
        o->node = p->spec.node_name;
        sim_owner top = top_owner(sim, r->owner);
        o->workload_kind =
            owned(top) ? podsim_kind_name((podsim_kind)top.kind) : "";
        const podsim_workload *w =
            owned(top)
                ? podsim_cluster_workload(sim->c, (podsim_kind)top.kind, top.id)
                : NULL;
        o->workload_name = w ? w->meta.name : "";
        o->disrupted_at = r->disrupted_at;
        o->unknown_since =
            p->removed ? r->unknown_at_removal : silent_since(sim, p->node);
        o->not_ready_at = r->not_ready_at;
        o->evicted_at = r->evicted_at;
        o->evicted_by = r->evicted_by;
        o->removed_at = r->removed_at;
        const podsim_pod *q = r->replacement == PODSIM_NO_ID
                                  ? NULL
                                  : podsim_cluster_pod(sim->c, r->replacement);
        o->replaced_by = q ? q->meta.name : "";
        recovery_of(st, r, &o->running_again_at, &o->ready_again_at);
        strbuf_clear(&st->text);
        stuck_reason(sim, st, r, 0);
        o->stuck = keep_text(st);
        if (!o->stuck) return false;
    }
    return true;
}

/* What the ready series says from the start of the what-if on. */
typedef struct work_summary {
    int64_t disrupted_at;
    int64_t below_ms;
    int64_t recovered_at;
    int32_t min_ready;
} work_summary;

static int64_t max64(int64_t a, int64_t b) {
    return a > b ? a : b;
}

static bool summarize(podsim_sim *sim, report_state *st, int32_t wi,
                      work_summary *out) {
    const rwork *w = vec_at(&st->works, (size_t)wi);
    st->order.len = 0;
    for (int32_t i = w->tail; i != NO_INDEX;) {
        int32_t *slot = vec_push(&st->order);
        if (!slot) return false;
        *slot = i;
        i = ((const rpoint *)vec_at(&st->points, (size_t)i))->prev;
    }
    size_t n = st->order.len;
    int32_t *idx = st->order.data;
    for (size_t i = 0; i < n / 2; i++) { /* oldest first */
        int32_t t = idx[i];
        idx[i] = idx[n - 1 - i];
        idx[n - 1 - i] = t;
    }
    out->disrupted_at = out->recovered_at = -1;
    out->below_ms = 0;
    out->min_ready = 0;
    if (st->start < 0 || n == 0) return true;
#define PT(i) ((const rpoint *)vec_at(&st->points, (size_t)idx[i]))
    /* the step in effect when the what-if started */
    size_t k = 0;
    while (k + 1 < n && PT(k + 1)->time <= st->start) k++;
    bool reached = false;
    for (size_t j = 0; j < k; j++) {
        if (PT(j)->ready >= PT(j)->desired) reached = true;
    }
    /* disrupted: below desired after having been whole, or dropping
       further (a rollout still under way at the start is not a
       disruption until it loses ground) */
    size_t d = n;
    for (size_t i = k; i < n && d == n; i++) {
        bool below = PT(i)->ready < PT(i)->desired;
        bool dropped = i > k && PT(i)->ready < PT(i - 1)->ready;
        if (below && (reached || dropped)) d = i;
        if (!below) reached = true;
    }
    if (d == n) return true;
    out->disrupted_at = max64(PT(d)->time, st->start);
    out->min_ready = PT(d)->ready;
    size_t whole_from = n; /* whole from this step to now */
    for (size_t i = d; i < n; i++) {
        int64_t from = max64(PT(i)->time, st->start);
        int64_t to = i + 1 < n ? PT(i + 1)->time : sim->now;
        bool below = PT(i)->ready < PT(i)->desired;
        if (below && to > from) out->below_ms += to - from;
        if (PT(i)->ready < out->min_ready) out->min_ready = PT(i)->ready;
        if (below) {
            whole_from = n;
        } else if (whole_from == n) {
            whole_from = i;
        }
    }
    if (whole_from < n) out->recovered_at = PT(whole_from)->time;
#undef PT
    return true;
}

static bool build_workloads(podsim_sim *sim, report_state *st) {
    for (size_t i = 0; i < st->works.len; i++) {
        work_summary s;
        if (!summarize(sim, st, (int32_t)i, &s)) return false;
        if (s.disrupted_at < 0) continue;
        const rwork *w = vec_at(&st->works, i);
        const podsim_workload *view =
            podsim_cluster_workload(sim->c, (podsim_kind)w->kind, w->id);
        const rpoint *last = last_step(st, (int32_t)i);
        podsim_report_workload *o = vec_push(&st->out_works);
        if (!o || !view || !last) return false;
        memset(o, 0, sizeof *o);
        o->kind = podsim_kind_name((podsim_kind)w->kind);
        o->namespace_ = view->meta.namespace_;
        o->name = view->meta.name;
        o->desired = last->desired;
        o->ready = last->ready;
        o->min_ready = s.min_ready;
        o->disrupted_at = s.disrupted_at;
        o->time_below_desired_ms = s.below_ms;
        o->recovered_at = s.recovered_at;
        o->time_to_recovery_ms =
            s.recovered_at < 0 ? -1 : s.recovered_at - s.disrupted_at;
        /* the (time, ready) steps from the first, one per change of the
           ready count; `order` still holds this workload's steps */
        size_t first = st->out_points.len;
        for (size_t k = 0; k < st->order.len; k++) {
            const rpoint *pt = vec_at(
                &st->points, (size_t) * (int32_t *)vec_at(&st->order, k));
            if (st->out_points.len > first &&
                ((podsim_report_point *)vec_at(&st->out_points,
                                               st->out_points.len - 1))
                        ->value == pt->ready) {
                continue;
            }
            podsim_report_point *o_pt = vec_push(&st->out_points);
            if (!o_pt) return false;
            o_pt->time = pt->time;
            o_pt->value = pt->ready;
        }
        /* pointers are set once every point is in place */
        o->ready_over_time = (const podsim_report_point *)(uintptr_t)first;
        o->ready_point_count = st->out_points.len - first;
    }
    /* in the order they were disrupted (records are in creation order) */
    podsim_report_workload *v = st->out_works.data;
    for (size_t i = 1; i < st->out_works.len; i++) {
        podsim_report_workload x = v[i];
        size_t j = i;
        while (j > 0 && v[j - 1].disrupted_at > x.disrupted_at) {
            v[j] = v[j - 1];
            j--;
        }
        v[j] = x;
    }
    for (size_t i = 0; i < st->out_works.len; i++) {
        size_t first = (size_t)(uintptr_t)v[i].ready_over_time;
        v[i].ready_over_time =
            (const podsim_report_point *)st->out_points.data + first;
    }
    return true;
}

podsim_status report_build(podsim_sim *sim, const podsim_report **out) {
    report_state *st = state_of(sim);
    if (!st) return sim_error(sim, PODSIM_ENOMEM, "out of memory");
    st->out_nodes.len = st->out_pods.len = st->out_works.len = 0;
    st->out_points.len = 0;
    arena_release(&st->strings);
    arena_init(&st->strings, 4096);
    strbuf_clear(&st->text);
    if (!build_nodes(sim, st) || !build_pods(sim, st) ||
        !build_workloads(sim, st) || sim->failed) {
        return sim_error(sim, PODSIM_ENOMEM, "out of memory");
    }
    memset(&st->out, 0, sizeof st->out);
    st->out.now = sim->now;
    st->out.nodes = st->out_nodes.data;
    st->out.node_count = st->out_nodes.len;
    st->out.pods = st->out_pods.data;
    st->out.pod_count = st->out_pods.len;
    st->out.workloads = st->out_works.data;
    st->out.workload_count = st->out_works.len;
    if (out) *out = &st->out;
    return PODSIM_OK;
}

/* ---- the text form ---------------------------------------------------------
 */

/* kubectl's table: every column but the last padded to its widest cell
   plus 3. `cells` holds rows x columns strings (NUL-separated in one
   buffer: offsets). */
typedef struct table {
    strbuf cells; /* every cell, each followed by a NUL */
    vec offsets;  /* size_t per cell */
    size_t columns;
} table;

static void table_cell(table *t, const char *s) {
    size_t *off = vec_push(&t->offsets);
    if (!off) {
        t->cells.failed = true;
        return;
    }
    *off = t->cells.len;
    strbuf_puts(&t->cells, s);
    strbuf_putc(&t->cells, '\0');
}

static void table_time(table *t, int64_t ms) {
    strbuf b;
    strbuf_init(&b);
    put_time(&b, ms);
    table_cell(t, b.failed ? "" : strbuf_str(&b));
    strbuf_release(&b);
}

static void table_write(table *t, strbuf *out) {
    if (t->cells.failed) {
        out->failed = true;
        return;
    }
    size_t rows = t->offsets.len / t->columns;
    size_t widths[16] = {0};
    for (size_t i = 0; i < t->offsets.len; i++) {
        size_t c = i % t->columns;
        size_t w = strlen(t->cells.data + *(size_t *)vec_at(&t->offsets, i));
        if (w > widths[c]) widths[c] = w;
    }
    for (size_t r = 0; r < rows; r++) {
        for (size_t c = 0; c < t->columns; c++) {
            const char *s = t->cells.data +
                            *(size_t *)vec_at(&t->offsets, r * t->columns + c);
            strbuf_puts(out, s);
            if (c + 1 < t->columns) {
                for (size_t k = strlen(s); k < widths[c] + 3; k++) {
                    strbuf_putc(out, ' ');
                }
            }
        }
        strbuf_putc(out, '\n');
    }
}

static void table_init(table *t, size_t columns, const char *const *headers) {
    strbuf_init(&t->cells);
    vec_init(&t->offsets, sizeof(size_t));
    t->columns = columns;
    for (size_t c = 0; c < columns; c++) table_cell(t, headers[c]);
}

static void table_release(table *t) {
    strbuf_release(&t->cells);
    vec_release(&t->offsets);
}

static void render_node(const podsim_report_node *n, strbuf *out) {
    strbuf_printf(out, "  %s", n->name);
    if (n->zone[0]) strbuf_printf(out, " (%s)", n->zone);
    strbuf_puts(out, ": ");
    const char *sep = "";
    bool drained = strcmp(n->failure, "drained") == 0;
    if (n->failure[0]) {
        /* a drain's end is its own item ("drained at") */
        strbuf_puts(out, drained ? "drain started" : n->failure);
        if (n->failed_at == -1) {
            strbuf_puts(out, " before the start");
        } else {
            strbuf_puts(out, " at ");
            sim_format_time(out, n->failed_at);
        }
        sep = ", ";
    }
    struct {
        const char *what;
        int64_t at;
    } items[] = {{"last heartbeat", n->last_heartbeat},
                 {"NotReady at", n->not_ready_at},
                 {"NoSchedule taint at", n->noschedule_taint_at},
                 {"NoExecute taint at", n->noexecute_taint_at},
                 {"drained at", n->drained_at},
                 {"deleted at", n->deleted_at},
                 {"recovered at", n->recovered_at}};
    for (size_t i = 0; i < sizeof items / sizeof items[0]; i++) {
        if (items[i].at == -1) continue;
        /* the failure "deleted" already says when */
        if (items[i].at == n->deleted_at && n->failed_at == n->deleted_at &&
            strcmp(n->failure, "deleted") == 0 &&
            strcmp(items[i].what, "deleted at") == 0) {
            continue;
        }
        strbuf_printf(out, "%s%s ", sep, items[i].what);
        sim_format_time(out, items[i].at);
        sep = ", ";
    }
    if (!sep[0]) strbuf_puts(out, "cordoned");
    strbuf_putc(out, '\n');
}

static void render_pods(const podsim_report *r, strbuf *out) {
    static const char *const headers[] = {
        "POD",         "NODE",          "DISRUPTED",  "UNKNOWN SINCE",
        "NOT READY",   "EVICTED",       "BY",         "REMOVED",
        "REPLACED BY", "RUNNING AGAIN", "READY AGAIN"};
    table t;
    table_init(&t, sizeof headers / sizeof headers[0], headers);
    for (size_t i = 0; i < r->pod_count; i++) {
        const podsim_report_pod *p = &r->pods[i];
        strbuf name;
        strbuf_init(&name);
        strbuf_printf(&name, "%s/%s", p->namespace_, p->name);
        table_cell(&t, name.failed ? "" : strbuf_str(&name));
        strbuf_release(&name);
        table_cell(&t, p->node[0] ? p->node : "-");
        table_time(&t, p->disrupted_at);
        table_time(&t, p->unknown_since);
        table_time(&t, p->not_ready_at);
        table_time(&t, p->evicted_at);
        table_cell(&t, p->evicted_by[0] ? p->evicted_by : "-");
        table_time(&t, p->removed_at);
        table_cell(&t, p->replaced_by[0] ? p->replaced_by : "-");
        table_time(&t, p->running_again_at);
        table_time(&t, p->ready_again_at);
    }
    table_write(&t, out);
    table_release(&t);
}

static void render_workloads(const podsim_report *r, strbuf *out) {
    static const char *const headers[] = {
        "WORKLOAD",         "DESIRED",    "READY",        "MIN READY",
        "BELOW DESIRED AT", "TIME BELOW", "RECOVERED AT", "TIME TO RECOVERY"};
    table t;
    table_init(&t, sizeof headers / sizeof headers[0], headers);
    for (size_t i = 0; i < r->workload_count; i++) {
        const podsim_report_workload *w = &r->workloads[i];
        strbuf b;
        strbuf_init(&b);
        strbuf_printf(&b, "%s/", w->namespace_);
        for (const char *k = w->kind; *k; k++) {
            char ch = *k;
            strbuf_putc(&b,
                        ch >= 'A' && ch <= 'Z' ? (char)(ch - 'A' + 'a') : ch);
        }
        strbuf_printf(&b, "/%s", w->name);
        table_cell(&t, b.failed ? "" : strbuf_str(&b));
        strbuf_clear(&b);
        int32_t counts[] = {w->desired, w->ready, w->min_ready};
        for (size_t k = 0; k < 3; k++) {
            strbuf_clear(&b);
            strbuf_printf(&b, "%d", (int)counts[k]);
            table_cell(&t, b.failed ? "" : strbuf_str(&b));
        }
        strbuf_release(&b);
        table_time(&t, w->disrupted_at);
        table_time(&t, w->time_below_desired_ms);
        table_time(&t, w->recovered_at);
        table_time(&t, w->time_to_recovery_ms);
    }
    table_write(&t, out);
    table_release(&t);
}

void report_render(podsim_sim *sim, strbuf *out) {
    report_state *st = state_of(sim);
    if (!st) return;
    const podsim_report *r = &st->out;
    strbuf_puts(out, "What-if report at ");
    sim_format_time(out, r->now);
    if (st->start < 0) {
        strbuf_puts(out, ": no what-if action yet\n");
        return;
    }
    strbuf_puts(out, " (what-if from ");
    sim_format_time(out, st->start);
    strbuf_puts(out, ")\n\nNodes:\n");
    for (size_t i = 0; i < r->node_count; i++) render_node(&r->nodes[i], out);
    if (!r->node_count) strbuf_puts(out, "  none\n");
    strbuf_puts(out, "\nPods:\n");
    if (r->pod_count) {
        render_pods(r, out);
    } else {
        strbuf_puts(out, "  none disrupted\n");
    }
    strbuf_puts(out, "\nWorkloads below desired:\n");
    if (r->workload_count) {
        render_workloads(r, out);
    } else {
        strbuf_puts(out, "  none\n");
    }
    strbuf_puts(out, "\nNot recovered:\n");
    size_t stuck = 0;
    for (size_t i = 0; i < r->pod_count; i++) {
        const podsim_report_pod *p = &r->pods[i];
        if (!p->stuck[0]) continue;
        stuck++;
        strbuf_printf(out, "  %s/%s", p->namespace_, p->name);
        if (p->workload_kind[0]) {
            strbuf_printf(out, " (%s %s)", p->workload_kind, p->workload_name);
        }
        strbuf_printf(out, ": %s\n", p->stuck);
    }
    if (!stuck) strbuf_puts(out, "  none\n");
}
