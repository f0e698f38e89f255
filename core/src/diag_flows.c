/*
 * diag_flows.c - troubleshooting flows that run podsim on a copy: the ways
 * out of a lost node, and the smallest change that makes an unschedulable
 * pod fit.
 *
 * Node lost (troubleshooting.md F2, sample rule 8; lifecycle.md C-F): a
 * pod bound to a node whose kubelet went silent (Ready Unknown) or reports
 * NotReady. The taint eviction controller (pkg/controller/tainteviction)
 * marks it for deletion when its tolerationSeconds run out; on a silent
 * node nobody confirms the kill, so it stays Terminating until the node
 * returns, the Node is deleted (pod GC's gcOrphaned, pkg/controller/podgc),
 * someone force-deletes it (kubectl delete --grace-period=0 --force), or
 * the node gets the out-of-service taint (non-graceful node shutdown: pod
 * GC's gcTerminating, immediate volume detach). Each way out is run on a
 * fork of the simulation (or a simulation of the dump) until its outcome
 * is known, and its consequence read from the fork: when the pod is
 * evicted and removed (the what-if report's instants), which pod replaces
 * it and when that one is Ready (its Ready condition). Controllers react by
 * their own rule (lifecycle.md D.4): a ReplicaSet replaces at eviction, a
 * StatefulSet only once the name is free, a DaemonSet pod is never evicted; a
 * ReadWriteOnce volume waits for the attach-detach controller's forced detach
 * (maxWaitForUnmountDuration, 6 min) unless the out-of-service taint is there.
 *
 * Unschedulable (troubleshooting.md B2, sample rule 1): the scheduler is
 * run again on a copy of the cluster (cluster_clone; never the caller's)
 * with every node evaluated and explained (pkg/scheduler/framework, first
 * failing Filter plugin per node), then on modified copies to find the
 * smallest change that makes the pod fit: a lower request (the largest
 * value a node has free, verified by the scheduler; several resources at
 * once when every node lacks more than one), a toleration for the
 * taint that blocks nodes that otherwise fit, the node label a node
 * lacks, one more node shaped like an existing one, and the victims
 * DefaultPreemption (pkg/scheduler/framework/plugins/defaultpreemption)
 * would evict.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "match.h"
#include "model.h"
#include "sim.h"

/* How long a way out is simulated at most, and how often the branch is
   looked at meanwhile (the times it gives are exact whatever the step: a
   condition's lastTransitionTime, the what-if report's instants; the step
   only bounds how far a branch runs past its outcome). */
#define FLOW_LIMIT_MS (30LL * 60 * 1000)
#define FLOW_STEP_MS 1000LL

/* A relative time that never came. */
#define NEVER INT64_MIN

/* Unschedulable search bounds. */
#define SCHED_MAX_NODES                                                  \
    2000                       /* beyond: explain, one lower-request and \
                                  preemption only */
#define SCHED_EXPLAIN_LINES 10 /* per-node evidence lines */
#define SCHED_TRY_NODES 5      /* candidates verified per way out */
#define SCHED_BISECT_STEPS 12  /* lower-request fallback search */
/* pkg/apis/scheduling: HighestUserDefinablePriority */
#define HIGHEST_USER_PRIORITY 1000000000LL

#define FORCE_DELETE_STS_DOC                            \
    "https://kubernetes.io/docs/tasks/run-application/" \
    "force-delete-stateful-set-pod/"

/* kubectl delete --grace-period=0 --force (kubectl/pkg/cmd/delete) */
#define KUBECTL_FORCE_WARNING                                             \
    "Immediate deletion does not wait for confirmation that the running " \
    "resource has been terminated. The resource may continue to run on "  \
    "the cluster indefinitely."

/* ---- small helpers ----------------------------------------------------- */

/* A name and an amount (a node and what it offers, a resource and its
   largest allocatable). */
typedef struct candidate {
    const char *node;
    int64_t value;
} candidate;

static const char *flow_strdup(arena *mem, const char *s) {
    return arena_strndup(mem, s ? s : "", s ? strlen(s) : 0);
}

/* "in 5m 10s" / "5m 10s ago" / "now" for a time relative to as_of. */
static void put_when(strbuf *b, int64_t rel) {
    if (rel >= 0 && rel < 1000) {
        strbuf_puts(b, "now");
    } else if (rel > 0) {
        strbuf_puts(b, "in ");
        diag_put_duration(b, rel);
    } else {
        diag_put_duration(b, rel);
        strbuf_puts(b, " ago");
    }
}

static const char *status_of(const podsim_condition *c) {
    return c && c->status ? c->status : "";
}

static const podsim_condition *node_cond(const podsim_node *n,
                                         const char *type) {
    return n ? sim_node_condition(n, type) : NULL;
}

static podsim_provenance source_provenance(const diag_source *src) {
    return src->sim ? PODSIM_PROVENANCE_SIMULATED : PODSIM_PROVENANCE_OBSERVED;
}

/* An evidence path the finding already has (the rule's own list). */
static bool has_evidence(const diag_finding *f, const char *path) {
    for (size_t i = 0; i < f->evidence.len; i++) {
        const podsim_evidence *e = vec_at(&f->evidence, i);
        if (e->path && strcmp(e->path, path) == 0) return true;
    }
    return false;
}

/* A root cause that already names `text`. */
static bool has_cause(const diag_finding *f, const char *text) {
    for (size_t i = 0; i < f->root_causes.len; i++) {
        const char *const *c = vec_at(&f->root_causes, i);
        if (*c && strstr(*c, text)) return true;
    }
    return false;
}

#define CHECK_MEM(x)                    \
    do {                                \
        if (!(x)) return PODSIM_ENOMEM; \
    } while (0)

/* ======================================================================= */
/* Node lost                                                               */
/* ======================================================================= */

typedef struct lost_ctx {
    const diag_subject *s;
    arena *mem;
    const podsim_pod *pod;
    const podsim_node *node; /* NULL when the node is not supplied */
    const char *ns, *name, *node_name;
    const char *owner_kind; /* controller ref kind, "" for a bare pod */
    const char *owner_name;
    bool owner_known;      /* the owning workload is in the input */
    const char *rwo_claim; /* a ReadWriteOnce claim the pod uses, or NULL */
    bool unreachable;      /* Ready Unknown: the kubelet is silent */
    const podsim_taint *noexec;     /* the lifecycle NoExecute taint */
    const podsim_toleration *toler; /* the pod's toleration of it */
    int64_t as_of;
    podsim_provenance prov;
} lost_ctx;

/* What happened to the pod in one branch, in ms relative to as_of (NEVER
   when it did not happen within the run). */
typedef struct flow_outcome {
    bool computed;
    int64_t evicted_at;
    int64_t removed_at;
    const char *replaced_by;
    int64_t ready_at;  /* it or its replacement Ready again */
    int64_t detach_ms; /* the simulation's forced-detach wait */
} flow_outcome;

static void outcome_init(flow_outcome *o) {
    memset(o, 0, sizeof *o);
    o->evicted_at = o->removed_at = o->ready_at = NEVER;
    o->replaced_by = "";
}

static bool is_kind(const lost_ctx *x, const char *kind) {
    return strcmp(x->owner_kind, kind) == 0;
}

/* The first claim the pod mounts whose volume only one node may attach
   (attach_detach.c's rule: RWO/RWOP on the PV, else on the claim). */
static const char *rwo_claim_of(podsim_cluster *c, const podsim_pod *p) {
    for (size_t i = 0; i < p->spec.volume_count; i++) {
        const podsim_volume *v = &p->spec.volumes[i];
        if (v->type != PODSIM_VOLUME_PVC) continue;
        podsim_id id = cluster_lookup(c, PODSIM_KIND_PERSISTENTVOLUMECLAIM,
                                      p->meta.namespace_, v->source);
        const podsim_pvc *pvc = podsim_cluster_pvc(c, id);
        if (!pvc) continue;
        unsigned modes = pvc->access_modes;
        if (pvc->volume_name && pvc->volume_name[0]) {
            podsim_id pv_id = cluster_lookup(c, PODSIM_KIND_PERSISTENTVOLUME,
                                             NULL, pvc->volume_name);
            const podsim_pv *pv = podsim_cluster_pv(c, pv_id);
            if (pv) modes = pv->access_modes;
        }
        if (modes == 0 || (modes & (PODSIM_ACCESS_RWO | PODSIM_ACCESS_RWOP))) {
            return v->source;
        }
    }
    return NULL;
}

static bool owner_in_input(podsim_cluster *c, const podsim_pod *p,
                           const podsim_owner_reference *ref) {
    int kind = kind_from_name(ref->kind);
    if (kind < 0) return false;
    return cluster_lookup(c, (podsim_kind)kind, p->meta.namespace_,
                          ref->name) != PODSIM_NO_ID;
}

/* The node lifecycle NoExecute taint on the node and the pod's first
   toleration of it (GetMatchingTolerations). */
static void find_noexec(lost_ctx *x) {
    if (!x->node) return;
    for (size_t i = 0; i < x->node->taint_count; i++) {
        const podsim_taint *t = &x->node->taints[i];
        if (t->effect != PODSIM_EFFECT_NO_EXECUTE) continue;
        if (strcmp(t->key, TAINT_UNREACHABLE) != 0 &&
            strcmp(t->key, TAINT_NOT_READY) != 0) {
            continue;
        }
        x->noexec = t;
        for (size_t j = 0; j < x->pod->spec.toleration_count; j++) {
            if (toleration_tolerates(&x->pod->spec.tolerations[j], t)) {
                x->toler = &x->pod->spec.tolerations[j];
                break;
            }
        }
        return;
    }
}

/* The eviction deadline from the taint's timeAdded and the toleration,
   relative to as_of; NEVER when the pod tolerates it for ever or there is
   no taint yet. An untolerated taint evicts at once (timeAdded). */
static int64_t eviction_estimate(const lost_ctx *x) {
    const podsim_taint *t = x->noexec;
    if (!t || t->time_added == PODSIM_NO_TIME) return NEVER;
    if (x->toler && !x->toler->toleration_seconds.set) return NEVER;
    int64_t secs = x->toler ? x->toler->toleration_seconds.value : 0;
    if (secs < 0) secs = 0;
    return t->time_added + secs * 1000 - x->as_of;
}

/* When the node was last heard of (wall ms), PODSIM_NO_TIME if unknown. */
static int64_t last_heartbeat(const lost_ctx *x) {
    const diag_source *src = x->s->src;
    if (src->sim && x->node) {
        sim_node_state *st = sim_node(src->sim, x->node->id);
        if (!sim_node_kubelet_alive(st)) {
            return src->sim->epoch_ms + st->last_heartbeat;
        }
    }
    const podsim_condition *ready = node_cond(x->node, "Ready");
    return ready ? ready->last_heartbeat_time : PODSIM_NO_TIME;
}

static bool every_node_unknown(podsim_cluster *c) {
    size_t n = podsim_cluster_count(c, PODSIM_KIND_NODE), live = 0;
    for (size_t i = 0; i < n; i++) {
        const podsim_node *node = podsim_cluster_node(c, (podsim_id)i);
        if (!node || node->removed) continue;
        live++;
        if (strcmp(status_of(node_cond(node, "Ready")), "Unknown") != 0) {
            return false;
        }
    }
    return live > 0;
}

/* ---- evidence ------------------------------------------------------------ */

static podsim_status lost_evidence(const lost_ctx *x, diag_finding *f) {
    arena *mem = x->mem;
    const podsim_node *n = x->node;
    const podsim_condition *ready = node_cond(n, "Ready");
    if (ready && !has_evidence(f, "node.ready")) {
        const char *quote = diag_strf(mem, "Ready %s %s: %s", ready->status,
                                      ready->reason, ready->message);
        CHECK_MEM(quote);
        CHECK_MEM(diag_finding_evidence(f, mem, "node.ready", ready->status,
                                        quote, ready->last_transition_time,
                                        x->prov));
    }
    int64_t hb = last_heartbeat(x);
    if (x->unreachable && hb != PODSIM_NO_TIME &&
        !has_evidence(f, "node.silent_seconds")) {
        strbuf b;
        strbuf_init(&b);
        strbuf_printf(&b, "kubelet of %s silent for ", x->node_name);
        diag_put_duration(&b, x->as_of - hb);
        strbuf_puts(&b, " (last heartbeat)");
        const char *quote =
            b.failed ? NULL : arena_strndup(mem, strbuf_str(&b), b.len);
        strbuf_release(&b);
        CHECK_MEM(quote);
        const char *value =
            diag_strf(mem, "%lld", (long long)((x->as_of - hb) / 1000));
        CHECK_MEM(value);
        CHECK_MEM(diag_finding_evidence(f, mem, "node.silent_seconds", value,
                                        quote, hb, PODSIM_PROVENANCE_DERIVED));
    }
    if (n && n->taint_count && !has_evidence(f, "node.taints")) {
        strbuf b;
        strbuf_init(&b);
        int64_t added = PODSIM_NO_TIME;
        for (size_t i = 0; i < n->taint_count; i++) {
            const podsim_taint *t = &n->taints[i];
            strbuf_printf(&b, "%s%s%s%s:%s", i ? "," : "", t->key,
                          t->value[0] ? "=" : "", t->value,
                          podsim_taint_effect_name(t->effect));
            if (t->time_added != PODSIM_NO_TIME &&
                (added == PODSIM_NO_TIME || t->time_added < added)) {
                added = t->time_added;
            }
        }
        const char *value =
            b.failed ? NULL : arena_strndup(mem, strbuf_str(&b), b.len);
        strbuf_release(&b);
        CHECK_MEM(value);
        CHECK_MEM(diag_finding_evidence(f, mem, "node.taints", value, "", added,
                                        x->prov));
    }
    /* the pod's NodeNotReady and TaintManagerEviction events (latest) */
    static const char *const reasons[] = {"NodeNotReady",
                                          "TaintManagerEviction"};
    for (size_t r = 0; r < 2; r++) {
        const diag_event *latest = NULL;
        int32_t count = 0;
        for (size_t i = 0; i < x->s->event_count; i++) {
            const diag_event *e = x->s->events[i];
            if (!e->reason || strcmp(e->reason, reasons[r]) != 0) continue;
            count += e->count;
            if (!latest || e->last >= latest->last) latest = e;
        }
        if (!latest) continue;
        const char *path = diag_strf(mem, "event:%s", reasons[r]);
        CHECK_MEM(path);
        if (has_evidence(f, path)) continue;
        const char *quote =
            diag_strf(mem, "%s  %s  %s", latest->type ? latest->type : "",
                      reasons[r], latest->message ? latest->message : "");
        const char *value = diag_strf(mem, "%d", (int)count);
        CHECK_MEM(quote && value);
        CHECK_MEM(diag_finding_evidence(f, mem, path, value, quote,
                                        latest->last, latest->provenance));
    }
    int64_t evict = eviction_estimate(x);
    if (x->noexec && !has_evidence(f, "node.eviction_in_seconds")) {
        strbuf b;
        strbuf_init(&b);
        const char *value = NULL;
        if (evict == NEVER) {
            strbuf_printf(&b, "%s:NoExecute tolerated for ever",
                          x->noexec->key);
            value = "never";
        } else {
            strbuf_printf(&b, "%s:NoExecute since ", x->noexec->key);
            diag_put_duration(&b, x->as_of - x->noexec->time_added);
            strbuf_printf(
                &b, ", tolerationSeconds %lld: eviction ",
                x->toler ? (long long)x->toler->toleration_seconds.value : 0LL);
            put_when(&b, evict);
            value = diag_strf(mem, "%lld", (long long)(evict / 1000));
        }
        const char *quote =
            b.failed ? NULL : arena_strndup(mem, strbuf_str(&b), b.len);
        strbuf_release(&b);
        CHECK_MEM(quote && value);
        CHECK_MEM(diag_finding_evidence(f, mem, "node.eviction_in_seconds",
                                        value, quote, x->noexec->time_added,
                                        PODSIM_PROVENANCE_DERIVED));
    }
    return PODSIM_OK;
}

/* ---- running the branches ----------------------------------------------- */

/* Each branch is a fork of one base simulation, run in FLOW_STEP_MS steps
   until its outcome is known: the pod or its replacement is Ready, or
   nothing in the branch can make it Ready any more (nothing_more), or
   FLOW_LIMIT_MS. The pod is followed on the branch's working model (a few
   fields per step, whatever the cluster's size); the what-if report (its
   exact eviction and removal instants) is built once, at the end. */

static int64_t rel_time(const podsim_sim *sim, int64_t as_of, int64_t t) {
    return t < 0 ? NEVER : sim->epoch_ms + t - as_of;
}

/* A resource amount in the scheduler's units (below). */
static int64_t res_amount(const podsim_resources *list, const char *res);

#define INERT_GATE "podsim.dev/diagnosis-inert"
#define INERT_RESOURCES 16

/* The largest allocatable of `res` over the nodes; *maxes caches them. */
static int64_t most_allocatable(podsim_cluster *c, const char *res,
                                candidate *maxes, size_t *n) {
    for (size_t i = 0; i < *n; i++) {
        if (strcmp(maxes[i].node, res) == 0) return maxes[i].value;
    }
    int64_t most = 0;
    size_t count = podsim_cluster_count(c, PODSIM_KIND_NODE);
    for (size_t i = 0; i < count; i++) {
        const podsim_node *node = podsim_cluster_node(c, (podsim_id)i);
        if (!node || node->removed) continue;
        int64_t a = res_amount(&node->allocatable, res);
        if (a > most) most = a;
    }
    if (*n < INERT_RESOURCES) {
        maxes[*n].node = res;
        maxes[*n].value = most;
        (*n)++;
    }
    return most;
}

/* A pending pod that requests more of a resource than any node has
   allocatable is never scheduled in any branch: the branches only take
   capacity away (a deleted Node, taints), and preemption frees requests,
   not allocatable, so it finds no victims either. The scheduler would
   still filter it on every node at the start and again at every pod
   removal (movePodsToActiveOrBackoffQueue), in every branch. Such pods
   are gated in the dump's simulation before it starts (spec.schedulingGates:
   the queue keeps a gated pod out of activeQ and never attempts it, the
   SchedulingGates PreEnqueue plugin), which changes no outcome, only the
   scheduler's work. Not for a simulation's fork: its queue holds them
   already. */
static void gate_inert_pending(podsim_sim *sim) {
    static const char *const gate[] = {INERT_GATE};
    podsim_cluster *c = podsim_sim_cluster(sim);
    candidate maxes[INERT_RESOURCES];
    size_t nmax = 0;
    size_t count = podsim_cluster_count(c, PODSIM_KIND_POD);
    for (size_t i = 0; i < count; i++) {
        podsim_pod *p = (podsim_pod *)podsim_cluster_pod(c, (podsim_id)i);
        if (!p || p->removed || p->spec.node_name[0] ||
            p->spec.scheduling_gates.count ||
            p->meta.deletion_timestamp != PODSIM_NO_TIME ||
            (p->status.has_phase && p->status.phase != PODSIM_PHASE_PENDING)) {
            continue;
        }
        bool inert = false;
        for (size_t k = 0; k < p->requests.count && !inert; k++) {
            const char *res = p->requests.items[k].name;
            int64_t want = res_amount(&p->requests, res);
            inert = want > 0 && want > most_allocatable(c, res, maxes, &nmax);
        }
        if (!inert) continue;
        p->spec.scheduling_gates.items = gate;
        p->spec.scheduling_gates.count = 1;
    }
}

/* The base simulation at the time of as_of: a fork of the source's, or a
   simulation of the dump; quiet either way (no event or change log: the
   branches read the model and the what-if report, which records from
   hooks). *t0 is the sim time the actions happen at. */
static podsim_status base_sim(const diag_source *src, podsim_sim **out,
                              int64_t *t0) {
    podsim_sim *sim = NULL;
    podsim_status st;
    if (src->sim) {
        st = podsim_sim_fork(src->sim, &sim);
        if (st == PODSIM_OK) sim->flags |= PODSIM_SIM_QUIET;
    } else {
        podsim_sim_options o = PODSIM_SIM_OPTIONS_INIT;
        o.kubernetes_version = src->kubernetes_version;
        o.flags = PODSIM_SIM_QUIET;
        st = podsim_sim_new(src->cluster, &o, &sim);
        if (st == PODSIM_EVERSION) {
            o.kubernetes_version = NULL;
            st = podsim_sim_new(src->cluster, &o, &sim);
        }
        if (st == PODSIM_OK) gate_inert_pending(sim);
    }
    if (st) return st;
    int64_t at = src->as_of - podsim_sim_epoch_ms(sim);
    if (at < podsim_sim_now(sim)) at = podsim_sim_now(sim);
    if (at > podsim_sim_now(sim)) {
        st = podsim_sim_run_until(sim, at);
        if (st) {
            podsim_sim_free(sim);
            return st;
        }
    }
    *t0 = at;
    *out = sim;
    return PODSIM_OK;
}

static bool pod_ready_now(const podsim_pod *p, int64_t *since) {
    const podsim_condition *c = pod_condition(p, "Ready");
    if (!c || strcmp(c->status, "True") != 0) return false;
    *since = c->last_transition_time;
    return true;
}

static bool pod_finished(const podsim_pod *p) {
    return p->status.has_phase && (p->status.phase == PODSIM_PHASE_SUCCEEDED ||
                                   p->status.phase == PODSIM_PHASE_FAILED);
}

/* Stopped counting for its controller (controller.IsPodActive): deletion
   requested, a terminal phase, or gone. */
static bool pod_stopped(const podsim_pod *p) {
    return p->removed || p->meta.deletion_timestamp != PODSIM_NO_TIME ||
           pod_finished(p);
}

/* The wall time of the DELETE request: deletionTimestamp minus the grace
   period (sim_delete_pod; a removal without one stamps its instant). */
static int64_t delete_requested(const podsim_pod *p) {
    if (p->meta.deletion_timestamp == PODSIM_NO_TIME) return PODSIM_NO_TIME;
    int64_t grace = p->meta.deletion_grace_period_seconds.set
                        ? p->meta.deletion_grace_period_seconds.value
                        : 0;
    return p->meta.deletion_timestamp - grace * 1000;
}

typedef enum lost_action {
    ACT_WAIT = 0,
    ACT_DELETE_NODE,
    ACT_FORCE_DELETE,
    ACT_OUT_OF_SERVICE,
    ACT_COUNT
} lost_action;

typedef struct candidate_pod {
    podsim_id id;
    int64_t created; /* wall ms */
} candidate_pod;

/* The pod followed in one branch: the subject, then the replacement its
   controller makes (the what-if report's rule, lifecycle.md D.4: a
   ReplicaSet, Job or DaemonSet pod is replaced by the next pod of the same
   owner created once it stopped counting, first come first served; a
   StatefulSet pod by the pod with its name once the old object is gone),
   then that one's replacement if it fails too. */
typedef struct follow {
    podsim_sim *sim;
    const lost_ctx *x;
    lost_action action;
    podsim_id subject;
    sim_owner owner;
    bool owned;   /* the owner is a workload the simulation runs */
    bool settled; /* no user work pending: the branch's future is ours */
    podsim_id cur;
    int64_t cur_stop;     /* wall ms cur stopped counting, NO_TIME */
    int64_t checked_wall; /* wall ms of the previous check */
    size_t scanned;       /* pod ids below this were considered */
    candidate_pod *cands; /* pods of the owner that may replace */
    size_t ncands, capcands;
    int64_t evicted_wall, removed_wall; /* the subject's, observed */
    const char *replaced_by;
    int64_t ready_wall;
    bool seen_unready; /* the subject was not Ready at some look */
} follow;

static bool owner_is(const follow *w, podsim_kind kind) {
    return w->owned && w->owner.kind == (int32_t)kind;
}

/* Pods with ids from w->scanned on that the owner has, created at or
   after `since` (wall ms). */
static podsim_status scan_candidates(follow *w, int64_t since) {
    podsim_cluster *c = podsim_sim_cluster(w->sim);
    size_t count = podsim_cluster_count(c, PODSIM_KIND_POD);
    for (size_t i = w->scanned; i < count; i++) {
        podsim_id id = (podsim_id)i;
        if (id == w->subject) continue;
        const podsim_pod *p = podsim_cluster_pod(c, id);
        if (!p || p->meta.creation_timestamp < since) continue;
        sim_owner o = sim_pod_owner(w->sim, id);
        if (o.kind != w->owner.kind || o.id != w->owner.id) continue;
        if (w->ncands == w->capcands) {
            size_t cap = w->capcands ? 2 * w->capcands : 16;
            candidate_pod *g = realloc(w->cands, cap * sizeof *g);
            CHECK_MEM(g);
            w->cands = g;
            w->capcands = cap;
        }
        w->cands[w->ncands].id = id;
        w->cands[w->ncands].created = p->meta.creation_timestamp;
        w->ncands++;
    }
    w->scanned = count;
    return PODSIM_OK;
}

/* The replacement of w->cur, which stopped at w->cur_stop, or NO_ID. */
static podsim_id find_replacement(follow *w) {
    podsim_cluster *c = podsim_sim_cluster(w->sim);
    const podsim_pod *cur = podsim_cluster_pod(c, w->cur);
    if (owner_is(w, PODSIM_KIND_STATEFULSET)) {
        /* identity by name: the new object once the old one is gone */
        if (!cur->removed) return PODSIM_NO_ID;
        podsim_id id = cluster_lookup(c, PODSIM_KIND_POD, cur->meta.namespace_,
                                      cur->meta.name);
        return id != w->cur ? id : PODSIM_NO_ID;
    }
    size_t best = SIZE_MAX;
    for (size_t i = 0; i < w->ncands; i++) {
        const candidate_pod *k = &w->cands[i];
        if (k->id == PODSIM_NO_ID || k->id == w->cur ||
            k->created < w->cur_stop) {
            continue;
        }
        if (best == SIZE_MAX || k->created < w->cands[best].created ||
            (k->created == w->cands[best].created &&
             k->id < w->cands[best].id)) {
            best = i;
        }
    }
    if (best == SIZE_MAX) return PODSIM_NO_ID;
    podsim_id id = w->cands[best].id;
    w->cands[best].id = PODSIM_NO_ID; /* first come, first served */
    return id;
}

static bool node_reporting(podsim_sim *sim, const podsim_pod *p) {
    if (p->node == PODSIM_NO_ID) return false;
    const podsim_node *n =
        podsim_cluster_node(podsim_sim_cluster(sim), p->node);
    return n && !n->removed && sim_node(sim, p->node)->health == NODE_HEALTHY;
}

/* The pod's node has a NoSchedule/NoExecute taint it does not tolerate, or
   is gone: a DaemonSet places no pod there (NodeShouldRunDaemonPod). */
static bool node_refuses_daemon(podsim_sim *sim, const podsim_pod *p) {
    podsim_cluster *c = podsim_sim_cluster(sim);
    podsim_id nid =
        cluster_lookup(c, PODSIM_KIND_NODE, NULL, p->spec.node_name);
    const podsim_node *n = podsim_cluster_node(c, nid);
    if (!n || n->removed) return true;
    for (size_t i = 0; i < n->taint_count; i++) {
        const podsim_taint *t = &n->taints[i];
        if (t->effect == PODSIM_EFFECT_PREFER_NO_SCHEDULE) continue;
        if (!tolerations_tolerate(p->spec.tolerations, p->spec.toleration_count,
                                  t)) {
            return true;
        }
    }
    return false;
}

/* Nobody can remove the Terminating pod: its kubelet is silent (it cannot
   confirm the kill), its Node exists (pod GC's gcOrphaned) and has no
   out-of-service taint (gcTerminating). */
static bool stays_terminating(podsim_sim *sim, const podsim_pod *p) {
    if (p->removed || p->node == PODSIM_NO_ID) return false;
    const podsim_node *n =
        podsim_cluster_node(podsim_sim_cluster(sim), p->node);
    if (!n || n->removed) return false;
    if (sim_node_kubelet_alive(sim_node(sim, p->node))) return false;
    for (size_t i = 0; i < n->taint_count; i++) {
        if (strcmp(n->taints[i].key, TAINT_OUT_OF_SERVICE) == 0) return false;
    }
    return true;
}

/* The pod tolerates the node condition's NoExecute taint for ever: the
   taint eviction controller never deletes it. */
static bool never_evicted(const follow *w, const podsim_pod *p) {
    podsim_taint t;
    memset(&t, 0, sizeof t);
    t.key = w->x->unreachable ? TAINT_UNREACHABLE : TAINT_NOT_READY;
    t.value = "";
    t.effect = PODSIM_EFFECT_NO_EXECUTE;
    t.time_added = PODSIM_NO_TIME;
    for (size_t i = 0; i < p->spec.toleration_count; i++) {
        const podsim_toleration *tol = &p->spec.tolerations[i];
        if (toleration_tolerates(tol, &t) && !tol->toleration_seconds.set) {
            return true;
        }
    }
    return false;
}

/* Nothing more can happen to the followed pod in this branch (no user
   work pending, the node never comes back on its own): it is not evicted
   and its node stays silent, or it stopped and no replacement can come. */
static bool nothing_more(const follow *w, const podsim_pod *p) {
    if (!w->settled) return false;
    if (!pod_stopped(p)) {
        /* only waiting leaves a pod in place: the other ways out remove
           it */
        return w->action == ACT_WAIT && w->cur == w->subject &&
               !node_reporting(w->sim, p) && never_evicted(w, p);
    }
    if (!w->owned) return true; /* a bare pod, or an owner podsim lacks */
    if (owner_is(w, PODSIM_KIND_STATEFULSET)) {
        return stays_terminating(w->sim, p);
    }
    if (owner_is(w, PODSIM_KIND_DAEMONSET)) {
        return node_refuses_daemon(w->sim, p);
    }
    return false; /* a ReplicaSet or Job replaces it: wait for that */
}

/* Once it or its replacement is Ready, the pod's own fate is known too:
   it is gone, was never deleted, or stays Terminating (a replacement
   comes before pod GC's pass, which the consequence names). */
static bool subject_settled(const follow *w, const podsim_pod *s) {
    if (s->removed || !pod_stopped(s)) return true;
    return w->settled && stays_terminating(w->sim, s);
}

/* One look at the branch after a step; *done when the outcome is known. */
static podsim_status follow_check(follow *w, bool *done) {
    podsim_cluster *c = podsim_sim_cluster(w->sim);
    int64_t wall = w->sim->epoch_ms + podsim_sim_now(w->sim);
    *done = false;
    const podsim_pod *s = podsim_cluster_pod(c, w->subject);
    if (w->evicted_wall == PODSIM_NO_TIME && pod_stopped(s)) {
        int64_t req = delete_requested(s);
        w->evicted_wall = req != PODSIM_NO_TIME ? req : wall;
    }
    if (w->removed_wall == PODSIM_NO_TIME && s->removed) w->removed_wall = wall;
    if (w->owned && !owner_is(w, PODSIM_KIND_STATEFULSET)) {
        podsim_status st = scan_candidates(w, PODSIM_NO_TIME);
        if (st) return st;
    }
    for (int hops = 0; hops < 16; hops++) {
        const podsim_pod *p = podsim_cluster_pod(c, w->cur);
        int64_t since = 0;
        if (!pod_stopped(p)) {
            bool own = w->cur == w->subject;
            bool ready = pod_ready_now(p, &since);
            if (own && !(ready && node_reporting(w->sim, p))) {
                w->seen_unready = true;
            } else if (w->ready_wall == PODSIM_NO_TIME && ready &&
                       (!own || w->seen_unready)) {
                /* the subject itself only once it was not Ready */
                w->ready_wall = since;
            }
            if (w->ready_wall != PODSIM_NO_TIME) {
                *done = subject_settled(w, s);
                return PODSIM_OK;
            }
            *done = nothing_more(w, p);
            return PODSIM_OK;
        }
        if (w->cur_stop == PODSIM_NO_TIME) {
            int64_t req = delete_requested(p);
            /* a terminal phase: some time since the previous look */
            w->cur_stop = req != PODSIM_NO_TIME ? req : w->checked_wall;
        }
        podsim_id next = w->owned ? find_replacement(w) : PODSIM_NO_ID;
        if (next == PODSIM_NO_ID) {
            *done = nothing_more(w, p) && subject_settled(w, s);
            return PODSIM_OK;
        }
        if (w->cur == w->subject) {
            w->replaced_by = podsim_cluster_pod(c, next)->meta.name;
        }
        w->cur = next;
        w->cur_stop = PODSIM_NO_TIME;
    }
    return PODSIM_OK;
}

static const podsim_report_pod *report_pod(const podsim_report *r,
                                           const lost_ctx *x) {
    for (size_t i = 0; i < r->pod_count; i++) {
        const podsim_report_pod *p = &r->pods[i];
        if (strcmp(p->namespace_, x->ns) == 0 &&
            strcmp(p->name, x->name) == 0) {
            return p;
        }
    }
    return NULL;
}

static int64_t rel_wall(const lost_ctx *x, int64_t wall) {
    return wall == PODSIM_NO_TIME ? NEVER : wall - x->as_of;
}

/* Run a branch until its outcome is known or the limit, and read what
   happened to the pod. */
static podsim_status run_branch(podsim_sim *sim, const lost_ctx *x,
                                lost_action a, bool settled, int64_t t0,
                                flow_outcome *o) {
    outcome_init(o);
    o->detach_ms = sim->nl.max_wait_for_unmount_ms;
    follow w;
    memset(&w, 0, sizeof w);
    w.sim = sim;
    w.x = x;
    w.action = a;
    w.settled = settled;
    w.cur_stop = w.evicted_wall = w.removed_wall = w.ready_wall =
        PODSIM_NO_TIME;
    w.checked_wall = sim->epoch_ms + t0;
    w.replaced_by = "";
    podsim_cluster *c = podsim_sim_cluster(sim);
    w.subject = cluster_lookup(c, PODSIM_KIND_POD, x->ns, x->name);
    podsim_status st = PODSIM_OK;
    if (w.subject != PODSIM_NO_ID) {
        w.cur = w.subject;
        w.owner = sim_pod_owner(sim, w.subject);
        w.owned = w.owner.kind >= PODSIM_KIND_DEPLOYMENT &&
                  w.owner.kind <= PODSIM_KIND_JOB && w.owner.id != PODSIM_NO_ID;
        /* a pod that stopped before now may have its replacement among
           the pods there already; otherwise only new pods count */
        const podsim_pod *p = podsim_cluster_pod(c, w.subject);
        if (!pod_stopped(p)) {
            w.scanned = podsim_cluster_count(c, PODSIM_KIND_POD);
        } else if (w.owned) {
            st = scan_candidates(&w, delete_requested(p));
        }
    }
    int64_t end = t0 + FLOW_LIMIT_MS;
    for (int64_t t = t0; st == PODSIM_OK && w.subject != PODSIM_NO_ID;) {
        t = t + FLOW_STEP_MS > end ? end : t + FLOW_STEP_MS;
        st = podsim_sim_run_until(sim, t);
        bool done = false;
        if (!st) st = follow_check(&w, &done);
        w.checked_wall = sim->epoch_ms + t;
        if (done || t >= end) break;
    }
    free(w.cands);
    if (st) return st;
    o->computed = true;
    if (w.subject == PODSIM_NO_ID) return PODSIM_OK;
    o->evicted_at = rel_wall(x, w.evicted_wall);
    o->removed_at = rel_wall(x, w.removed_wall);
    o->ready_at = rel_wall(x, w.ready_wall);
    o->replaced_by = flow_strdup(x->mem, w.replaced_by);
    CHECK_MEM(o->replaced_by);
    /* the exact instants of the eviction and the removal (a step may
       pass several): the what-if report's, built once */
    const podsim_report *r = NULL;
    st = podsim_sim_report(sim, &r);
    if (st) return st;
    const podsim_report_pod *rp = report_pod(r, x);
    if (rp) {
        o->evicted_at = rel_time(sim, x->as_of, rp->evicted_at);
        o->removed_at = rel_time(sim, x->as_of, rp->removed_at);
    }
    return PODSIM_OK;
}

static podsim_status apply_action(podsim_sim *sim, const lost_ctx *x,
                                  lost_action a, int64_t t0) {
    switch (a) {
    case ACT_WAIT: return PODSIM_OK;
    case ACT_DELETE_NODE: return podsim_sim_delete_node(sim, x->node_name, t0);
    case ACT_FORCE_DELETE:
        return podsim_sim_delete_pod(sim, x->ns, x->name, t0, 0, true);
    case ACT_OUT_OF_SERVICE:
        return podsim_sim_taint_node(
            sim, x->node_name, TAINT_OUT_OF_SERVICE "=nodeshutdown:NoExecute",
            t0);
    default: return PODSIM_EINVAL;
    }
}

/* Every branch from one base simulation. A branch podsim cannot run
   (the simulation refuses the dump, an action fails) stays uncomputed;
   only running out of memory is an error. */
static podsim_status run_branches(const lost_ctx *x, const bool *wanted,
                                  flow_outcome *out) {
    for (int a = 0; a < ACT_COUNT; a++) outcome_init(&out[a]);
    podsim_sim *base = NULL;
    int64_t t0 = 0;
    podsim_status st = base_sim(x->s->src, &base, &t0);
    if (st) return st == PODSIM_ENOMEM ? st : PODSIM_OK;
    /* while a user's later work is queued (an apply, a node's recovery)
       no outcome is final before FLOW_LIMIT_MS */
    bool settled = !sim_user_work_pending(base);
    for (int a = 0; a < ACT_COUNT && st == PODSIM_OK; a++) {
        if (!wanted[a]) continue;
        podsim_sim *fork = NULL;
        st = podsim_sim_fork(base, &fork);
        if (st) break;
        st = apply_action(fork, x, (lost_action)a, t0);
        if (st == PODSIM_OK) {
            st = run_branch(fork, x, (lost_action)a, settled, t0, &out[a]);
        }
        if (st != PODSIM_OK && st != PODSIM_ENOMEM) {
            out[a].computed = false;
            st = PODSIM_OK;
        }
        podsim_sim_free(fork);
    }
    podsim_sim_free(base);
    return st;
}

/* ---- consequences ---------------------------------------------------------
 */

/* What the pod's owner does, when the branch shows no replacement. */
static void put_no_replacement(strbuf *b, const lost_ctx *x) {
    if (is_kind(x, "StatefulSet")) {
        strbuf_printf(b,
                      "; StatefulSet %s creates no replacement until %s is "
                      "gone (a StatefulSet pod's name is its identity)",
                      x->owner_name, x->name);
    } else if (is_kind(x, "DaemonSet")) {
        strbuf_printf(b,
                      "; DaemonSet %s creates no replacement: it runs one "
                      "pod per node and places none on %s while the node "
                      "is tainted",
                      x->owner_name, x->node_name);
    } else if (!x->owner_kind[0]) {
        strbuf_puts(b, "; a bare pod is never replaced");
    } else if (!x->owner_known) {
        strbuf_printf(b,
                      "; its %s %s is not in the input, so podsim cannot "
                      "show its replacement",
                      x->owner_kind, x->owner_name);
    }
}

/* The replacement and readiness part of a consequence. */
static void put_recovery(strbuf *b, const lost_ctx *x, const flow_outcome *o) {
    if (o->replaced_by[0]) {
        if (strcmp(o->replaced_by, x->name) == 0) {
            strbuf_printf(b, "; %s %s recreates %s", x->owner_kind,
                          x->owner_name, x->name);
        } else {
            strbuf_printf(b, "; %s %s creates %s", x->owner_kind, x->owner_name,
                          o->replaced_by);
        }
        /* when it is Ready is the way out's after_ms */
        if (o->ready_at == NEVER) strbuf_puts(b, ", not Ready within 30m");
    } else if (o->ready_at != NEVER) {
        strbuf_puts(b, "; the pod is Ready again");
    } else {
        put_no_replacement(b, x);
    }
}

/* The RWO volume's detach in this branch: at once with the out-of-service
   taint; after maxWaitForUnmountDuration when nobody can report the
   unmount (a silent kubelet, a deleted Node); as soon as a live kubelet
   unmounts it otherwise. */
static void put_detach(strbuf *b, const lost_ctx *x, const flow_outcome *o,
                       lost_action a) {
    if (!x->rwo_claim) return;
    if (a == ACT_OUT_OF_SERVICE) {
        strbuf_printf(b,
                      "; its ReadWriteOnce volume (claim %s) is detached "
                      "from %s at once",
                      x->rwo_claim, x->node_name);
        return;
    }
    if (!x->unreachable && a != ACT_DELETE_NODE) {
        strbuf_printf(b,
                      "; its ReadWriteOnce volume (claim %s) detaches from "
                      "%s once the kubelet there (alive) unmounts it",
                      x->rwo_claim, x->node_name);
        return;
    }
    strbuf_printf(b,
                  "; its ReadWriteOnce volume (claim %s) stays attached to "
                  "%s until the attach-detach controller force-detaches it, ",
                  x->rwo_claim, x->node_name);
    diag_put_duration(b, o->detach_ms ? o->detach_ms : 6LL * 60 * 1000);
    strbuf_puts(b, " after the pod is gone (Multi-Attach error meanwhile)");
}

static const char *taint_text(const lost_ctx *x) {
    return x->noexec ? x->noexec->key
                     : (x->unreachable ? TAINT_UNREACHABLE : TAINT_NOT_READY);
}

static const char *wait_consequence(const lost_ctx *x, const flow_outcome *o,
                                    bool computed) {
    strbuf b;
    strbuf_init(&b);
    int64_t evict = computed ? o->evicted_at : eviction_estimate(x);
    bool tolerated_forever = x->toler && !x->toler->toleration_seconds.set;
    if (is_kind(x, "DaemonSet") || (tolerated_forever && evict == NEVER)) {
        strbuf_printf(&b,
                      "never evicted, by design: the pod tolerates %s:"
                      "NoExecute without tolerationSeconds%s; it is Running "
                      "and Ready again only when %s returns",
                      taint_text(x),
                      is_kind(x, "DaemonSet")
                          ? " (DaemonSet pods get that toleration)"
                          : "",
                      x->node_name);
    } else {
        bool deleting = x->pod->meta.deletion_timestamp != PODSIM_NO_TIME;
        if (deleting) {
            /* already marked: deletionTimestamp minus the grace period */
            int64_t grace =
                x->pod->meta.deletion_grace_period_seconds.set
                    ? x->pod->meta.deletion_grace_period_seconds.value * 1000
                    : 0;
            strbuf_puts(&b, "already marked for deletion ");
            put_when(&b, x->pod->meta.deletion_timestamp - grace - x->as_of);
        } else if (evict != NEVER) {
            strbuf_puts(&b,
                        "the taint eviction controller marks it for "
                        "deletion ");
            put_when(&b, evict);
            if (x->toler && x->toler->toleration_seconds.set) {
                strbuf_printf(&b, " (tolerationSeconds %lld for %s:NoExecute)",
                              (long long)x->toler->toleration_seconds.value,
                              taint_text(x));
            }
        } else if (!computed) {
            strbuf_printf(&b,
                          "the taint eviction controller marks it for "
                          "deletion once %s:NoExecute has been there for its "
                          "tolerationSeconds",
                          taint_text(x));
        } else {
            strbuf_puts(&b, "not evicted within 30m");
        }
        if (computed && o->removed_at != NEVER) {
            strbuf_puts(&b, "; removed ");
            put_when(&b, o->removed_at);
        } else if (x->unreachable) {
            strbuf_printf(&b,
                          "; it then stays Terminating until %s returns "
                          "(nobody can confirm the kill)",
                          x->node_name);
        }
        if (computed) {
            put_recovery(&b, x, o);
        } else if (is_kind(x, "ReplicaSet") || is_kind(x, "Job")) {
            strbuf_printf(&b, "; its %s creates a replacement at eviction",
                          x->owner_kind);
        } else {
            put_no_replacement(&b, x);
        }
    }
    const char *out =
        b.failed ? NULL : arena_strndup(x->mem, strbuf_str(&b), b.len);
    strbuf_release(&b);
    return out;
}

static const char *removal_consequence(const lost_ctx *x, lost_action a,
                                       const flow_outcome *o, bool computed) {
    strbuf b;
    strbuf_init(&b);
    switch (a) {
    case ACT_DELETE_NODE:
        strbuf_printf(&b,
                      "pod GC force-deletes the pods of the missing node "
                      "(quarantine 40 s, then its next 20 s pass: about "
                      "40-80 s)");
        break;
    case ACT_FORCE_DELETE:
        strbuf_puts(&b,
                    "the Pod object is removed at once without "
                    "confirming that its containers stopped");
        break;
    case ACT_OUT_OF_SERVICE:
        strbuf_printf(&b,
                      "pods that do not tolerate the taint are deleted and "
                      "pod GC force-deletes them on its next pass "
                      "(<= 20 s; non-graceful node shutdown)");
        break;
    default: break;
    }
    if (computed && o->removed_at != NEVER && a != ACT_FORCE_DELETE) {
        strbuf_printf(&b, ": %s removed ", x->name);
        put_when(&b, o->removed_at);
    }
    put_detach(&b, x, o, a);
    if (computed) {
        put_recovery(&b, x, o);
    } else if (x->owner_kind[0] && !is_kind(x, "DaemonSet")) {
        strbuf_printf(&b, "; its %s then replaces it", x->owner_kind);
    } else {
        put_no_replacement(&b, x);
    }
    const char *out =
        b.failed ? NULL : arena_strndup(x->mem, strbuf_str(&b), b.len);
    strbuf_release(&b);
    return out;
}

/* after_ms of a branch: when Ready again, -1 when not (or not run). */
static int64_t after_of(const flow_outcome *o, bool computed) {
    return computed && o->computed && o->ready_at != NEVER ? o->ready_at : -1;
}

static podsim_status add_way(const lost_ctx *x, diag_finding *f,
                             const char *action, const char *command,
                             const char *consequence, const char *warning,
                             const flow_outcome *o, bool computed) {
    CHECK_MEM(command && consequence && warning);
    CHECK_MEM(diag_finding_way_out(f, x->mem, action, command, consequence,
                                   warning, after_of(o, computed),
                                   computed && o->computed));
    return PODSIM_OK;
}

static podsim_status add_ways_out(const lost_ctx *x, diag_finding *f,
                                  const flow_outcome *o, bool computed) {
    arena *mem = x->mem;
    bool sts = is_kind(x, "StatefulSet");
    /* wait for the node */
    podsim_status st =
        add_way(x, f, "wait-for-node",
                diag_strf(mem, "kubectl get node %s -w", x->node_name),
                wait_consequence(x, &o[ACT_WAIT], computed), "", &o[ACT_WAIT],
                computed);
    /* delete the Node */
    if (!st && x->node) {
        const char *warn =
            sts ? diag_strf(mem,
                            "only if the machine is gone: if %s is only "
                            "partitioned, the old %s may still run while "
                            "StatefulSet %s starts another (split brain; "
                            "see " FORCE_DELETE_STS_DOC ")",
                            x->node_name, x->name, x->owner_name)
                : "only if the machine is gone for good: a kubelet that "
                  "comes back registers the node again, empty";
        st = add_way(
            x, f, "delete-node",
            diag_strf(mem, "kubectl delete node %s", x->node_name),
            removal_consequence(x, ACT_DELETE_NODE, &o[ACT_DELETE_NODE],
                                computed && o[ACT_DELETE_NODE].computed),
            warn, &o[ACT_DELETE_NODE], computed);
    }
    /* force delete */
    if (!st) {
        const char *warn =
            sts ? diag_strf(mem,
                            "StatefulSet pod: force deletion does not "
                            "confirm that %s stopped; if %s is only "
                            "partitioned, two pods named %s can run at once "
                            "and write the same storage (split brain in "
                            "quorum systems). Force delete only when the "
                            "machine is confirmed down: " FORCE_DELETE_STS_DOC,
                            x->name, x->node_name, x->name)
                : KUBECTL_FORCE_WARNING;
        st = add_way(
            x, f, "force-delete",
            diag_strf(mem,
                      "kubectl delete pod %s -n %s --grace-period=0 --force",
                      x->name, x->ns),
            removal_consequence(x, ACT_FORCE_DELETE, &o[ACT_FORCE_DELETE],
                                computed && o[ACT_FORCE_DELETE].computed),
            warn, &o[ACT_FORCE_DELETE], computed);
    }
    /* out-of-service taint */
    if (!st && x->node) {
        st = add_way(
            x, f, "out-of-service-taint",
            diag_strf(mem,
                      "kubectl taint nodes %s " TAINT_OUT_OF_SERVICE
                      "=nodeshutdown:NoExecute",
                      x->node_name),
            removal_consequence(x, ACT_OUT_OF_SERVICE, &o[ACT_OUT_OF_SERVICE],
                                computed && o[ACT_OUT_OF_SERVICE].computed),
            diag_strf(mem,
                      "only for a node confirmed shut down; remove the "
                      "taint once %s is back: kubectl taint nodes "
                      "%s " TAINT_OUT_OF_SERVICE "-",
                      x->node_name, x->node_name),
            &o[ACT_OUT_OF_SERVICE], computed);
    }
    return st;
}

podsim_status diag_flows_node_lost(arena *mem, unsigned flags,
                                   const diag_subject *s, diag_finding *f) {
    if (!mem || !s || !f || !s->pod || !s->src) return PODSIM_EINVAL;
    const podsim_pod *pod = s->pod;
    if (!pod->spec.node_name || !pod->spec.node_name[0]) return PODSIM_OK;
    const diag_source *src = s->src;
    lost_ctx x;
    memset(&x, 0, sizeof x);
    x.s = s;
    x.mem = mem;
    x.pod = pod;
    x.node = s->node;
    x.ns = pod->meta.namespace_ ? pod->meta.namespace_ : "default";
    x.name = pod->meta.name;
    x.node_name = pod->spec.node_name;
    x.as_of = src->as_of;
    x.prov = source_provenance(src);
    const podsim_condition *ready = node_cond(x.node, "Ready");
    x.unreachable = !x.node || strcmp(status_of(ready), "Unknown") == 0;
    if (x.node && src->sim) {
        sim_node_state *st = sim_node(src->sim, x.node->id);
        if (!sim_node_kubelet_alive(st)) x.unreachable = true;
    }
    const podsim_owner_reference *ref = meta_controller_of(&(pod)->meta);
    x.owner_kind = ref ? ref->kind : "";
    x.owner_name = ref ? ref->name : "";
    x.owner_known = ref && owner_in_input(src->cluster, pod, ref);
    x.rwo_claim = rwo_claim_of(src->cluster, pod);
    find_noexec(&x);

    podsim_status st = lost_evidence(&x, f);
    if (st) return st;

    if (every_node_unknown(src->cluster) && !has_cause(f, "control plane")) {
        CHECK_MEM(diag_finding_cause(
            f, x.mem,
            "every supplied node is Unknown at once: suspect the control "
            "plane (API server, etcd) or the network between the nodes and "
            "it, rather than the nodes"));
        CHECK_MEM(diag_finding_next(f, x.mem, "kubectl cluster-info",
                                    "every node went Unknown: check that the "
                                    "control plane answers",
                                    "cluster"));
    }

    flow_outcome out[ACT_COUNT];
    bool computed = !(flags & PODSIM_DIAGNOSE_NO_WHATIF);
    if (computed) {
        bool wanted[ACT_COUNT] = {true, x.node != NULL, true, x.node != NULL};
        st = run_branches(&x, wanted, out);
        if (st) return st;
    } else {
        for (int a = 0; a < ACT_COUNT; a++) outcome_init(&out[a]);
    }
    return add_ways_out(&x, f, out, computed);
}

/* ======================================================================= */
/* Unschedulable                                                           */
/* ======================================================================= */

typedef struct sched_ctx {
    const diag_subject *s;
    arena *mem;
    podsim_cluster *copy; /* the clone every run uses */
    podsim_scheduler_config *config;
    podsim_id pod_id;
    podsim_pod *pod; /* the clone's view (writable) */
    int runs_left;   /* scheduler runs the search may still make */
    podsim_schedule_result *explain;
} sched_ctx;

/* One scheduling attempt on the copy (no binding). */
static podsim_status try_schedule(sched_ctx *x, unsigned flags,
                                  podsim_schedule_result **out) {
    *out = NULL;
    if (x->runs_left <= 0) return PODSIM_ELIMIT;
    x->runs_left--;
    podsim_schedule_options o = PODSIM_SCHEDULE_OPTIONS_INIT;
    o.flags = flags;
    return podsim_cluster_schedule(x->copy, x->config, x->pod_id, &o, out);
}

/* Does the pod fit somewhere on the copy as it is now? */
static podsim_status fits(sched_ctx *x, const char **node, bool *ok) {
    podsim_schedule_result *r = NULL;
    *ok = false;
    podsim_status st = try_schedule(
        x, PODSIM_SCHEDULE_EXHAUSTIVE | PODSIM_SCHEDULE_NO_PREEMPTION, &r);
    if (st) return st;
    *ok = r->node != NULL;
    if (node) *node = r->node ? flow_strdup(x->mem, r->node) : NULL;
    podsim_schedule_result_free(r);
    return *ok && node && !*node ? PODSIM_ENOMEM : PODSIM_OK;
}

static bool is_cpu(const char *res) {
    return strcmp(res, "cpu") == 0;
}

/* A resource in the scheduler's units: cpu in millicores, the rest as
   Value(). */
static int64_t res_amount(const podsim_resources *list, const char *res) {
    podsim_quantity q;
    if (!podsim_resources_get(list, res, &q)) return 0;
    int64_t v = 0;
    podsim_status st = is_cpu(res) ? podsim_quantity_milli(&q, &v)
                                   : podsim_quantity_value(&q, &v);
    return st ? INT64_MAX : v;
}

static const char *format_amount(arena *mem, const char *res, int64_t v) {
    podsim_quantity q;
    if (is_cpu(res)) {
        q = podsim_quantity_from_milli(v, PODSIM_QUANTITY_DECIMAL_SI);
    } else if (v <= INT64_MAX / 1000) {
        bool binary = strcmp(res, "memory") == 0 ||
                      strcmp(res, "ephemeral-storage") == 0 ||
                      strncmp(res, "hugepages-", 10) == 0;
        q = podsim_quantity_from_milli(
            v * 1000,
            binary ? PODSIM_QUANTITY_BINARY_SI : PODSIM_QUANTITY_DECIMAL_SI);
    } else {
        return diag_strf(mem, "%lld", (long long)v);
    }
    char buf[PODSIM_QUANTITY_STRING_MAX];
    if (podsim_quantity_format(&q, buf, sizeof buf, NULL)) {
        return diag_strf(mem, "%lld", (long long)v);
    }
    return flow_strdup(mem, buf);
}

/* Set the copy's pod request of `res` to v (scheduler units). */
static podsim_status set_request(sched_ctx *x, const podsim_resources *orig,
                                 const char *res, int64_t v) {
    podsim_resource *items =
        arena_alloc(&x->copy->mem, (orig->count + 1) * sizeof *items);
    CHECK_MEM(items);
    size_t n = 0;
    bool found = false;
    podsim_quantity q =
        is_cpu(res)
            ? podsim_quantity_from_milli(v, PODSIM_QUANTITY_DECIMAL_SI)
            : podsim_quantity_from_milli(
                  v > INT64_MAX / 1000 ? INT64_MAX / 1000 * 1000 : v * 1000,
                  PODSIM_QUANTITY_DECIMAL_SI);
    for (size_t i = 0; i < orig->count; i++) {
        items[n] = orig->items[i];
        if (strcmp(items[n].name, res) == 0) {
            items[n].quantity = q;
            found = true;
        }
        n++;
    }
    if (!found) {
        items[n].name = intern_str(&x->copy->strings, res);
        CHECK_MEM(items[n].name);
        items[n].quantity = q;
        n++;
    }
    x->pod->requests.items = items;
    x->pod->requests.count = n;
    return PODSIM_OK;
}

/* The reason is exactly "Insufficient <res>". */
static const char *insufficient_of(const char *reason) {
    static const char prefix[] = "Insufficient ";
    if (strncmp(reason, prefix, sizeof prefix - 1) != 0) return NULL;
    return reason + sizeof prefix - 1;
}

static int by_value_desc(const void *a, const void *b) {
    const candidate *x = a, *y = b;
    if (x->value != y->value) return x->value > y->value ? -1 : 1;
    return strcmp(x->node, y->node);
}

/* lower-request for one resource: nodes that fail only for lack of it
   give their free amount; the largest that the scheduler confirms wins,
   else a bisection below the current request. */
static podsim_status lower_request(sched_ctx *x, const char *res,
                                   diag_finding *f) {
    const podsim_schedule_result *e = x->explain;
    podsim_resources orig = x->pod->requests;
    int64_t current = res_amount(&orig, res);
    candidate *cands =
        calloc(e->filter_count ? e->filter_count : 1, sizeof *cands);
    CHECK_MEM(cands);
    size_t n = 0;
    for (size_t i = 0; i < e->filter_count; i++) {
        const podsim_node_filter *nf = &e->filters[i];
        if (strcmp(nf->plugin, "NodeResourcesFit") != 0) continue;
        if (nf->reasons.count != 1) continue;
        const char *r = insufficient_of(nf->reasons.items[0]);
        if (!r || strcmp(r, res) != 0) continue;
        podsim_id id =
            cluster_lookup(x->copy, PODSIM_KIND_NODE, NULL, nf->node);
        const podsim_node *node = podsim_cluster_node(x->copy, id);
        if (!node) continue;
        int64_t free_amount = res_amount(&node->allocatable, res) -
                              res_amount(&node->requested, res);
        if (free_amount <= 0 || free_amount >= current) continue;
        cands[n].node = nf->node;
        cands[n].value = free_amount;
        n++;
    }
    qsort(cands, n, sizeof *cands, by_value_desc);
    podsim_status st = PODSIM_OK;
    int64_t best = -1;
    const char *where = NULL;
    for (size_t i = 0; i < n && i < SCHED_TRY_NODES && best < 0; i++) {
        st = set_request(x, &orig, res, cands[i].value);
        bool ok = false;
        const char *node = NULL;
        if (!st) st = fits(x, &node, &ok);
        if (st) break;
        if (ok) {
            best = cands[i].value;
            where = node;
        }
    }
    /* bisection: the largest fitting value below the smallest tried */
    if (!st && best < 0 && n > 0) {
        int64_t lo = 0, hi = cands[0].value; /* hi does not fit */
        const char *lo_node = NULL;
        for (int step = 0; step < SCHED_BISECT_STEPS && hi - lo > 1; step++) {
            int64_t mid = lo + (hi - lo) / 2;
            st = set_request(x, &orig, res, mid);
            bool ok = false;
            const char *node = NULL;
            if (!st) st = fits(x, &node, &ok);
            if (st) break;
            if (ok) {
                lo = mid;
                lo_node = node;
            } else {
                hi = mid;
            }
        }
        if (!st && lo > 0 && lo_node) {
            best = lo;
            where = lo_node;
        }
    }
    x->pod->requests = orig;
    free(cands);
    if (st == PODSIM_ELIMIT) return PODSIM_OK;
    if (st) return st;
    if (best <= 0 || !where) return PODSIM_OK;
    arena *mem = x->mem;
    const char *value = format_amount(mem, res, best);
    const char *now = format_amount(mem, res, current);
    CHECK_MEM(value && now);
    const char *command =
        diag_strf(mem, "set requests.%s <= %s (fits %s)", res, value, where);
    const char *consequence = diag_strf(
        mem,
        "with a %s request of at most %s (now %s, the pod's total) the "
        "scheduler places it on %s",
        res, value, now, where);
    CHECK_MEM(command && consequence);
    CHECK_MEM(diag_finding_way_out(f, mem, "lower-request", command,
                                   consequence, "", -1, true));
    return PODSIM_OK;
}

/* ---- add-toleration -------------------------------------------------------
 */

/* The NoSchedule/NoExecute taints of a node the pod does not tolerate;
   false when one is a node condition taint (tolerating a broken node is
   no fix). */
static bool untolerated_taints(const podsim_pod *pod, const podsim_node *n,
                               const podsim_taint **out, size_t *count) {
    *count = 0;
    for (size_t i = 0; i < n->taint_count; i++) {
        const podsim_taint *t = &n->taints[i];
        if (t->effect != PODSIM_EFFECT_NO_SCHEDULE &&
            t->effect != PODSIM_EFFECT_NO_EXECUTE) {
            continue;
        }
        if (tolerations_tolerate(pod->spec.tolerations,
                                 pod->spec.toleration_count, t)) {
            continue;
        }
        if (strncmp(t->key, "node.kubernetes.io/", 19) == 0) return false;
        if (*count < 8) out[(*count)++] = t;
    }
    return *count > 0;
}

static void put_toleration(strbuf *b, const podsim_taint *t) {
    if (t->value[0]) {
        strbuf_printf(b, "{key: %s, operator: Equal, value: %s, effect: %s}",
                      t->key, t->value, podsim_taint_effect_name(t->effect));
    } else {
        strbuf_printf(b, "{key: %s, operator: Exists, effect: %s}", t->key,
                      podsim_taint_effect_name(t->effect));
    }
}

static podsim_status add_toleration(sched_ctx *x, diag_finding *f) {
    const podsim_schedule_result *e = x->explain;
    const podsim_pod_spec orig = x->pod->spec;
    podsim_status st = PODSIM_OK;
    int tried = 0;
    for (size_t i = 0; i < e->filter_count && tried < SCHED_TRY_NODES; i++) {
        const podsim_node_filter *nf = &e->filters[i];
        if (strcmp(nf->plugin, "TaintToleration") != 0) continue;
        podsim_id id =
            cluster_lookup(x->copy, PODSIM_KIND_NODE, NULL, nf->node);
        const podsim_node *node = podsim_cluster_node(x->copy, id);
        const podsim_taint *taints[8];
        size_t nt = 0;
        if (!node || !untolerated_taints(x->pod, node, taints, &nt)) continue;
        tried++;
        podsim_toleration *tol = arena_alloc(
            &x->copy->mem, (orig.toleration_count + nt) * sizeof *tol);
        CHECK_MEM(tol);
        if (orig.toleration_count) {
            memcpy(tol, orig.tolerations, orig.toleration_count * sizeof *tol);
        }
        for (size_t k = 0; k < nt; k++) {
            podsim_toleration *t = &tol[orig.toleration_count + k];
            t->key = taints[k]->key;
            t->op = taints[k]->value[0] ? PODSIM_TOLERATION_EQUAL
                                        : PODSIM_TOLERATION_EXISTS;
            t->value = taints[k]->value;
            t->effect = taints[k]->effect;
        }
        x->pod->spec.tolerations = tol;
        x->pod->spec.toleration_count = orig.toleration_count + nt;
        bool ok = false;
        const char *where = NULL;
        st = fits(x, &where, &ok);
        x->pod->spec = orig;
        if (st) break;
        if (!ok) continue;
        /* how many nodes carry the first taint */
        size_t carriers = 0;
        size_t nodes = podsim_cluster_count(x->copy, PODSIM_KIND_NODE);
        for (size_t j = 0; j < nodes; j++) {
            const podsim_node *o = podsim_cluster_node(x->copy, (podsim_id)j);
            if (!o || o->removed) continue;
            for (size_t k = 0; k < o->taint_count; k++) {
                if (strcmp(o->taints[k].key, taints[0]->key) == 0 &&
                    strcmp(o->taints[k].value, taints[0]->value) == 0 &&
                    o->taints[k].effect == taints[0]->effect) {
                    carriers++;
                    break;
                }
            }
        }
        strbuf cmd;
        strbuf_init(&cmd);
        strbuf_puts(&cmd, "add to spec.tolerations: ");
        for (size_t k = 0; k < nt; k++) {
            if (k) strbuf_puts(&cmd, ", ");
            put_toleration(&cmd, taints[k]);
        }
        const char *command =
            cmd.failed ? NULL
                       : arena_strndup(x->mem, strbuf_str(&cmd), cmd.len);
        strbuf_release(&cmd);
        const char *consequence = diag_strf(
            x->mem,
            "the untolerated taint %s%s%s:%s (on %zu node(s)) is what keeps "
            "it off %s; tolerating it, the scheduler places it on %s",
            taints[0]->key, taints[0]->value[0] ? "=" : "", taints[0]->value,
            podsim_taint_effect_name(taints[0]->effect), carriers, nf->node,
            where ? where : nf->node);
        const char *warning =
            strncmp(taints[0]->key, "node-role.kubernetes.io/", 24) == 0
                ? "the taint reserves those nodes for the control plane; "
                  "prefer another node"
                : "a taint usually reserves nodes on purpose: check with the "
                  "nodes' owners";
        CHECK_MEM(command && consequence);
        CHECK_MEM(diag_finding_way_out(f, x->mem, "add-toleration", command,
                                       consequence, warning, -1, true));
        break;
    }
    x->pod->spec = orig;
    return st == PODSIM_ELIMIT ? PODSIM_OK : st;
}

/* ---- add-node-label -------------------------------------------------------
 */

typedef struct label_change {
    const char *key;
    const char *value; /* NULL = remove */
    bool overwrite;    /* the node has the key with another value */
} label_change;

#define MAX_LABEL_CHANGES 8

static bool add_change(label_change *ch, size_t *n, const char *key,
                       const char *value, const podsim_kvs *labels) {
    for (size_t i = 0; i < *n; i++) {
        if (strcmp(ch[i].key, key) == 0) {
            /* two wishes for one key: keep the first if they agree */
            return (ch[i].value == NULL) == (value == NULL) &&
                   (!value || strcmp(ch[i].value, value) == 0);
        }
    }
    if (*n >= MAX_LABEL_CHANGES) return false;
    ch[*n].key = key;
    ch[*n].value = value;
    ch[*n].overwrite = value && kvs_get(labels, key) != NULL;
    (*n)++;
    return true;
}

/* Labels that make one required term match; false when labels cannot
   (matchFields, operators with no label fix). */
static bool term_changes(sched_ctx *x, const podsim_node_selector_term *t,
                         const podsim_node *node, label_change *ch, size_t *n) {
    if (t->match_field_count) return false;
    if (!t->match_expression_count) return false; /* matches nothing */
    const podsim_kvs *labels = &node->meta.labels;
    for (size_t i = 0; i < t->match_expression_count; i++) {
        const podsim_requirement *r = &t->match_expressions[i];
        if (requirement_matches(r, labels)) continue;
        const char *value = NULL;
        switch (r->op) {
        case PODSIM_OP_IN:
            if (!r->values.count) return false;
            value = r->values.items[0];
            break;
        case PODSIM_OP_EXISTS: value = "true"; break;
        case PODSIM_OP_NOT_IN:
        case PODSIM_OP_DOES_NOT_EXIST: value = NULL; break;
        case PODSIM_OP_GT:
        case PODSIM_OP_LT: {
            if (!r->values.count) return false;
            long long v = strtoll(r->values.items[0], NULL, 10);
            value = diag_strf(x->mem, "%lld",
                              r->op == PODSIM_OP_GT ? v + 1 : v - 1);
            if (!value) return false;
            break;
        }
        default: return false;
        }
        if (!add_change(ch, n, r->key, value, labels)) return false;
    }
    return true;
}

/* The fewest label changes that make the node match the pod's
   nodeSelector and required node affinity. */
static bool needed_labels(sched_ctx *x, const podsim_node *node,
                          label_change *ch, size_t *n) {
    *n = 0;
    const podsim_pod *pod = x->pod;
    const podsim_kvs *labels = &node->meta.labels;
    for (size_t i = 0; i < pod->spec.node_selector.count; i++) {
        const podsim_kv *kv = &pod->spec.node_selector.items[i];
        const char *have = kvs_get(labels, kv->key);
        if (have && strcmp(have, kv->value) == 0) continue;
        if (!add_change(ch, n, kv->key, kv->value, labels)) return false;
    }
    const podsim_node_affinity *na =
        pod->spec.affinity ? pod->spec.affinity->node_affinity : NULL;
    const podsim_node_selector *req = na ? na->required : NULL;
    if (!req || node_selector_matches(req, node)) return *n > 0;
    size_t base = *n, best = SIZE_MAX;
    label_change best_ch[MAX_LABEL_CHANGES];
    for (size_t t = 0; t < req->term_count; t++) {
        label_change tmp[MAX_LABEL_CHANGES];
        size_t k = base;
        memcpy(tmp, ch, base * sizeof *tmp);
        if (!term_changes(x, &req->terms[t], node, tmp, &k)) continue;
        if (k < best) {
            best = k;
            memcpy(best_ch, tmp, k * sizeof *tmp);
        }
    }
    if (best == SIZE_MAX) return false;
    memcpy(ch, best_ch, best * sizeof *ch);
    *n = best;
    return *n > 0;
}

static podsim_status relabel(sched_ctx *x, podsim_node *node,
                             const label_change *ch, size_t n) {
    const podsim_kvs *old = &node->meta.labels;
    podsim_kv *items =
        arena_alloc(&x->copy->mem, (old->count + n + 1) * sizeof *items);
    CHECK_MEM(items);
    size_t k = 0;
    for (size_t i = 0; i < old->count; i++) {
        bool drop = false;
        for (size_t j = 0; j < n; j++) {
            if (strcmp(old->items[i].key, ch[j].key) == 0) drop = true;
        }
        if (!drop) items[k++] = old->items[i];
    }
    for (size_t j = 0; j < n; j++) {
        if (!ch[j].value) continue;
        items[k].key = intern_str(&x->copy->strings, ch[j].key);
        items[k].value = intern_str(&x->copy->strings, ch[j].value);
        CHECK_MEM(items[k].key && items[k].value);
        k++;
    }
    node->meta.labels.items = items;
    node->meta.labels.count = k;
    x->copy->generation++;
    return PODSIM_OK;
}

static podsim_status add_node_label(sched_ctx *x, diag_finding *f) {
    const podsim_schedule_result *e = x->explain;
    podsim_status st = PODSIM_OK;
    int tried = 0;
    for (size_t i = 0; i < e->filter_count && tried < SCHED_TRY_NODES; i++) {
        const podsim_node_filter *nf = &e->filters[i];
        if (strcmp(nf->plugin, "NodeAffinity") != 0) continue;
        podsim_id id =
            cluster_lookup(x->copy, PODSIM_KIND_NODE, NULL, nf->node);
        podsim_node *node = (podsim_node *)podsim_cluster_node(x->copy, id);
        if (!node) continue;
        label_change ch[MAX_LABEL_CHANGES];
        size_t n = 0;
        if (!needed_labels(x, node, ch, &n)) continue;
        tried++;
        podsim_kvs saved = node->meta.labels;
        st = relabel(x, node, ch, n);
        bool ok = false;
        const char *where = NULL;
        if (!st) st = fits(x, &where, &ok);
        node->meta.labels = saved;
        x->copy->generation++;
        if (st) break;
        if (!ok || !where || strcmp(where, nf->node) != 0) continue;
        strbuf cmd;
        strbuf_init(&cmd);
        strbuf_printf(&cmd, "kubectl label node %s", nf->node);
        bool overwrite = false;
        for (size_t j = 0; j < n; j++) {
            if (ch[j].value) {
                strbuf_printf(&cmd, " %s=%s", ch[j].key, ch[j].value);
            } else {
                strbuf_printf(&cmd, " %s-", ch[j].key);
            }
            overwrite = overwrite || ch[j].overwrite;
        }
        if (overwrite) strbuf_puts(&cmd, " --overwrite");
        const char *command =
            cmd.failed ? NULL
                       : arena_strndup(x->mem, strbuf_str(&cmd), cmd.len);
        strbuf_release(&cmd);
        const char *consequence = diag_strf(
            x->mem,
            "%s fails only the pod's node affinity/selector; with %s "
            "label%s the scheduler places the pod there (or change the "
            "pod's nodeSelector/affinity to match the nodes)",
            nf->node, n == 1 ? "this" : "these", n == 1 ? "" : "s");
        CHECK_MEM(command && consequence);
        CHECK_MEM(diag_finding_way_out(f, x->mem, "add-node-label", command,
                                       consequence, "", -1, true));
        break;
    }
    return st == PODSIM_ELIMIT ? PODSIM_OK : st;
}

/* ---- add-node -------------------------------------------------------------
 */

/* The pod's requests fit into an empty node of this shape. */
static bool shape_fits(const podsim_pod *pod, const podsim_node *node) {
    for (size_t i = 0; i < pod->requests.count; i++) {
        const char *res = pod->requests.items[i].name;
        if (res_amount(&pod->requests, res) >
            res_amount(&node->allocatable, res)) {
            return false;
        }
    }
    return res_amount(&node->allocatable, "pods") >= 1 ||
           !podsim_resources_get(&node->allocatable, "pods", NULL);
}

typedef struct shape {
    const char *node;
    int64_t cpu; /* millicores */
    int64_t mem; /* bytes */
} shape;

static int by_shape_desc(const void *a, const void *b) {
    const shape *x = a, *y = b;
    if (x->cpu != y->cpu) return x->cpu > y->cpu ? -1 : 1;
    if (x->mem != y->mem) return x->mem > y->mem ? -1 : 1;
    return strcmp(x->node, y->node);
}

/* A copy of `src` named `name` with no pods (kubernetes.io/hostname
   follows the name). */
static podsim_status add_node_like(sched_ctx *x, const podsim_node *src,
                                   const char *name, podsim_id *out) {
    podsim_cluster *c = x->copy;
    podsim_id src_id = src->id;
    podsim_node *n = cluster_new_object(c, PODSIM_KIND_NODE);
    CHECK_MEM(n);
    podsim_id id = n->id;
    *n = *podsim_cluster_node(c, src_id);
    n->id = id;
    n->removed = false;
    const char *iname = intern_str(&c->strings, name);
    CHECK_MEM(iname);
    n->meta.name = iname;
    n->meta.uid = "";
    n->hostname = iname;
    memset(&n->requested, 0, sizeof n->requested);
    n->pod_count = 0;
    const podsim_kvs *old = &n->meta.labels;
    podsim_kv *items = arena_alloc(&c->mem, (old->count + 1) * sizeof *items);
    CHECK_MEM(items);
    for (size_t i = 0; i < old->count; i++) {
        items[i] = old->items[i];
        if (strcmp(items[i].key, "kubernetes.io/hostname") == 0) {
            items[i].value = iname;
        }
    }
    n->meta.labels.items = items;
    podsim_status st = cluster_index_add(c, PODSIM_KIND_NODE, NULL, iname, id);
    if (st) return st;
    cluster_node_added(c, id);
    *out = id;
    return PODSIM_OK;
}

static bool node_looks_healthy(const podsim_node *n) {
    if (n->removed || n->unschedulable) return false;
    if (strcmp(status_of(node_cond(n, "Ready")), "True") != 0) return false;
    for (size_t i = 0; i < n->taint_count; i++) {
        if (strncmp(n->taints[i].key, "node.kubernetes.io/", 19) == 0) {
            return false;
        }
    }
    return true;
}

static podsim_status add_node(sched_ctx *x, diag_finding *f) {
    size_t count = podsim_cluster_count(x->copy, PODSIM_KIND_NODE);
    shape *cands = calloc(count ? count : 1, sizeof *cands);
    CHECK_MEM(cands);
    size_t n = 0;
    /* shapes: healthy nodes whose empty copy would hold the pod, largest
       cpu (then memory) first */
    for (size_t i = 0; i < count; i++) {
        const podsim_node *node = podsim_cluster_node(x->copy, (podsim_id)i);
        if (!node || !node_looks_healthy(node) || !shape_fits(x->pod, node)) {
            continue;
        }
        cands[n].node = node->meta.name;
        cands[n].cpu = res_amount(&node->allocatable, "cpu");
        cands[n].mem = res_amount(&node->allocatable, "memory");
        n++;
    }
    qsort(cands, n, sizeof *cands, by_shape_desc);
    podsim_status st = PODSIM_OK;
    for (size_t i = 0; i < n && i < 3; i++) {
        podsim_id src_id =
            cluster_lookup(x->copy, PODSIM_KIND_NODE, NULL, cands[i].node);
        const podsim_node *src = podsim_cluster_node(x->copy, src_id);
        const char *name = diag_strf(x->mem, "%s-copy", cands[i].node);
        if (!src || !name) {
            st = PODSIM_ENOMEM;
            break;
        }
        podsim_id added = PODSIM_NO_ID;
        st = add_node_like(x, src, name, &added);
        if (st) break;
        bool ok = false;
        const char *where = NULL;
        st = fits(x, &where, &ok);
        cluster_remove_node(x->copy, added);
        if (st) break;
        if (!ok || !where || strcmp(where, name) != 0) continue;
        src = podsim_cluster_node(x->copy, src_id);
        podsim_quantity cpu = {0, 0, PODSIM_QUANTITY_DECIMAL_SI};
        podsim_quantity mem = cpu;
        char cbuf[PODSIM_QUANTITY_STRING_MAX] = "?";
        char mbuf[PODSIM_QUANTITY_STRING_MAX] = "?";
        if (podsim_resources_get(&src->allocatable, "cpu", &cpu)) {
            podsim_quantity_format(&cpu, cbuf, sizeof cbuf, NULL);
        }
        if (podsim_resources_get(&src->allocatable, "memory", &mem)) {
            podsim_quantity_format(&mem, mbuf, sizeof mbuf, NULL);
        }
        const char *command = diag_strf(
            x->mem,
            "add one node shaped like %s (allocatable cpu %s, memory %s)",
            cands[i].node, cbuf, mbuf);
        const char *consequence = diag_strf(
            x->mem,
            "on a copy of the cluster with one more empty node like %s "
            "(same labels and taints), the scheduler places the pod on it",
            cands[i].node);
        CHECK_MEM(command && consequence);
        st = diag_finding_way_out(f, x->mem, "add-node", command, consequence,
                                  "", -1, true)
                 ? PODSIM_OK
                 : PODSIM_ENOMEM;
        break;
    }
    free(cands);
    return st == PODSIM_ELIMIT ? PODSIM_OK : st;
}

/* ---- preempt --------------------------------------------------------------
 */

static void put_victims(strbuf *b, const podsim_preemption *p) {
    for (size_t i = 0; i < p->victims.count; i++) {
        strbuf_printf(b, "%s%s", i ? ", " : "", p->victims.items[i]);
    }
}

/* Highest priority among the victims. */
static int64_t victims_priority(sched_ctx *x, const podsim_preemption *p) {
    int64_t top = INT64_MIN;
    for (size_t i = 0; i < p->victims.count; i++) {
        const char *v = p->victims.items[i];
        const char *slash = strchr(v, '/');
        if (!slash) continue;
        char ns[256];
        size_t len = (size_t)(slash - v);
        if (len >= sizeof ns) continue;
        memcpy(ns, v, len);
        ns[len] = 0;
        podsim_id id = cluster_lookup(x->copy, PODSIM_KIND_POD, ns, slash + 1);
        const podsim_pod *pod = podsim_cluster_pod(x->copy, id);
        if (pod && pod_priority(pod) > top) top = pod_priority(pod);
    }
    return top;
}

static podsim_status preempt(sched_ctx *x, diag_finding *f) {
    if (x->pod->spec.preemption_policy == PODSIM_PREEMPT_NEVER) {
        return PODSIM_OK;
    }
    podsim_schedule_result *r = NULL;
    podsim_status st = try_schedule(x, PODSIM_SCHEDULE_EXHAUSTIVE, &r);
    if (st) return st == PODSIM_ELIMIT ? PODSIM_OK : st;
    bool raised = false;
    if (!(r->preemption && r->preemption->node) && !r->node) {
        /* what a higher priority would preempt */
        podsim_schedule_result_free(r);
        r = NULL;
        podsim_opt_i64 saved = x->pod->spec.priority;
        x->pod->spec.priority.set = true;
        x->pod->spec.priority.value = HIGHEST_USER_PRIORITY;
        st = try_schedule(x, PODSIM_SCHEDULE_EXHAUSTIVE, &r);
        x->pod->spec.priority = saved;
        if (st) return st == PODSIM_ELIMIT ? PODSIM_OK : st;
        raised = true;
    }
    if (!r->preemption || !r->preemption->node ||
        !r->preemption->victims.count) {
        podsim_schedule_result_free(r);
        return PODSIM_OK;
    }
    const podsim_preemption *p = r->preemption;
    strbuf b;
    strbuf_init(&b);
    if (raised) {
        int64_t top = victims_priority(x, p);
        strbuf_printf(&b,
                      "at its priority (%lld) preemption finds no victims; "
                      "with a priority above %lld it would evict ",
                      (long long)pod_priority(x->pod),
                      (long long)(top == INT64_MIN ? 0 : top));
    } else {
        strbuf_puts(&b, "the scheduler's preemption would evict ");
    }
    put_victims(&b, p);
    strbuf_printf(&b, " on %s", p->node);
    if (p->pdb_violations) {
        strbuf_printf(&b, " (%d PodDisruptionBudget violation(s))",
                      (int)p->pdb_violations);
    }
    strbuf_puts(&b, " and the pod is scheduled there once they are gone");
    const char *consequence =
        b.failed ? NULL : arena_strndup(x->mem, strbuf_str(&b), b.len);
    strbuf_release(&b);
    const char *command =
        raised ? diag_strf(x->mem,
                           "set spec.priorityClassName to a PriorityClass "
                           "with value > %lld",
                           (long long)victims_priority(x, p))
               : diag_strf(x->mem,
                           "kubectl get pods -A -o wide --field-selector "
                           "spec.nodeName=%s",
                           p->node);
    const char *warning = p->pdb_violations
                              ? "preemption would violate a PodDisruptionBudget"
                              : "";
    podsim_schedule_result_free(r);
    CHECK_MEM(consequence && command);
    CHECK_MEM(diag_finding_way_out(f, x->mem, "preempt", command, consequence,
                                   warning, -1, true));
    return PODSIM_OK;
}

/* ---- evidence -------------------------------------------------------------
 */

static const char *observed_message(const diag_subject *s) {
    const podsim_condition *c = pod_condition(s->pod, "PodScheduled");
    if (c && strcmp(c->status, "False") == 0 && c->message && c->message[0]) {
        return c->message;
    }
    const diag_event *latest = NULL;
    for (size_t i = 0; i < s->event_count; i++) {
        const diag_event *e = s->events[i];
        if (e->reason && strcmp(e->reason, "FailedScheduling") == 0 &&
            (!latest || e->last >= latest->last)) {
            latest = e;
        }
    }
    return latest && latest->message ? latest->message : NULL;
}

/* The histogram part of a FailedScheduling message (before the preemption
   tail), trimmed. */
static size_t histogram_len(const char *m) {
    const char *p = strstr(m, " preemption: ");
    size_t n = p ? (size_t)(p - m) : strlen(m);
    while (n && (m[n - 1] == ' ' || m[n - 1] == '\n')) n--;
    return n;
}

static podsim_status sched_evidence(sched_ctx *x, diag_finding *f,
                                    const char *podsim_message) {
    const podsim_schedule_result *e = x->explain;
    for (size_t i = 0; i < e->filter_count && i < SCHED_EXPLAIN_LINES; i++) {
        const podsim_node_filter *nf = &e->filters[i];
        strbuf b;
        strbuf_init(&b);
        for (size_t k = 0; k < nf->reasons.count; k++) {
            strbuf_printf(&b, "%s%s", k ? "; " : "", nf->reasons.items[k]);
        }
        const char *reasons =
            b.failed ? NULL : arena_strndup(x->mem, strbuf_str(&b), b.len);
        strbuf_release(&b);
        CHECK_MEM(reasons);
        const char *path = diag_strf(x->mem, "scheduling.node.%s", nf->node);
        const char *value =
            diag_strf(x->mem, "%s: %s",
                      nf->plugin[0] ? nf->plugin : "PreFilter", reasons);
        const char *quote =
            diag_strf(x->mem, "%s: %s: %s", nf->node,
                      nf->plugin[0] ? nf->plugin : "PreFilter", reasons);
        CHECK_MEM(path && value && quote);
        CHECK_MEM(diag_finding_evidence(f, x->mem, path, value, quote,
                                        PODSIM_NO_TIME,
                                        PODSIM_PROVENANCE_DERIVED));
    }
    if (e->filter_count > SCHED_EXPLAIN_LINES) {
        const char *more = diag_strf(x->mem, "%zu more node(s) not shown",
                                     e->filter_count - SCHED_EXPLAIN_LINES);
        CHECK_MEM(more);
        CHECK_MEM(diag_finding_evidence(f, x->mem, "scheduling.node.more", more,
                                        "", PODSIM_NO_TIME,
                                        PODSIM_PROVENANCE_DERIVED));
    }
    const char *observed = observed_message(x->s);
    if (observed && podsim_message && podsim_message[0]) {
        size_t a = histogram_len(observed), b = histogram_len(podsim_message);
        if (a != b || strncmp(observed, podsim_message, a) != 0) {
            const char *quote = diag_strf(
                x->mem,
                "podsim's scheduler says \"%s\" where the cluster said "
                "\"%s\": the nodes or pods changed since, or the input "
                "misses some",
                podsim_message, observed);
            CHECK_MEM(quote);
            CHECK_MEM(diag_finding_evidence(
                f, x->mem, "scheduling.podsim_message", podsim_message, quote,
                PODSIM_NO_TIME, PODSIM_PROVENANCE_DERIVED));
        }
    }
    return PODSIM_OK;
}

/* ---- the check ------------------------------------------------------------
 */

/* The message with the preemption tail (a throwaway copy: preemption
   nominates on the model), for the consistency note. */
static podsim_status full_message(sched_ctx *x, podsim_cluster *from,
                                  const char **out) {
    *out = x->explain->message;
    if (x->pod->spec.preemption_policy == PODSIM_PREEMPT_NEVER) {
        return PODSIM_OK;
    }
    podsim_cluster *probe = NULL;
    podsim_status st = cluster_clone(from, &probe);
    if (st) return st;
    podsim_schedule_options o = PODSIM_SCHEDULE_OPTIONS_INIT;
    o.flags = PODSIM_SCHEDULE_EXHAUSTIVE;
    podsim_schedule_result *r = NULL;
    if (podsim_cluster_schedule(probe, x->config, x->pod_id, &o, &r) ==
            PODSIM_OK &&
        r->message) {
        *out = flow_strdup(x->mem, r->message);
    }
    podsim_schedule_result_free(r);
    podsim_cluster_free(probe);
    return *out ? PODSIM_OK : PODSIM_ENOMEM;
}

/* ---- lower-requests (several resources) and the node shapes ------------
 */

/* "cpu 96, memory 512Gi": the pod's requests of the resources in `res`. */
static void put_amounts(strbuf *b, sched_ctx *x, const char *const *res,
                        const int64_t *v, size_t n) {
    for (size_t i = 0; i < n; i++) {
        const char *a = format_amount(x->mem, res[i], v[i]);
        strbuf_printf(b, "%s%s %s", i ? ", " : "", res[i], a ? a : "?");
    }
}

/* When no Ready node could hold the pod even empty (shape_fits of every
   healthy node fails), the statement why one more node of an existing
   shape is no way out: the resources the pod requests beyond the largest
   allocatable any node has. NULL when a shape fits. */
static const char *no_shape_statement(sched_ctx *x) {
    size_t count = podsim_cluster_count(x->copy, PODSIM_KIND_NODE), healthy = 0;
    const podsim_resources *req = &x->pod->requests;
    if (!req->count) return NULL;
    int64_t *most = calloc(req->count, sizeof *most);
    if (!most) return NULL;
    for (size_t i = 0; i < count; i++) {
        const podsim_node *node = podsim_cluster_node(x->copy, (podsim_id)i);
        if (!node || !node_looks_healthy(node)) continue;
        if (shape_fits(x->pod, node)) {
            free(most);
            return NULL;
        }
        healthy++;
        for (size_t k = 0; k < req->count; k++) {
            int64_t a = res_amount(&node->allocatable, req->items[k].name);
            if (a > most[k]) most[k] = a;
        }
    }
    const char *res[8];
    int64_t want[8], have[8];
    size_t n = 0;
    for (size_t k = 0; k < req->count && n < 8; k++) {
        const char *r = req->items[k].name;
        int64_t w = res_amount(req, r);
        if (w <= most[k]) continue;
        res[n] = r;
        want[n] = w;
        have[n] = most[k];
        n++;
    }
    free(most);
    if (!healthy) return NULL;
    strbuf b;
    strbuf_init(&b);
    if (n) {
        strbuf_puts(&b,
                    "no Ready node could hold the pod even if it were "
                    "empty: it requests ");
        put_amounts(&b, x, res, want, n);
        strbuf_puts(&b, ", the largest allocatable of the nodes is ");
        put_amounts(&b, x, res, have, n);
    } else {
        strbuf_puts(&b,
                    "no Ready node's allocatable holds all of the pod's "
                    "requests at once, even if it were empty");
    }
    strbuf_puts(&b,
                "; one more node of an existing shape would not help: "
                "it needs a bigger node type or smaller requests");
    const char *out =
        b.failed ? NULL : arena_strndup(x->mem, strbuf_str(&b), b.len);
    strbuf_release(&b);
    return out;
}

/* lower-request when nodes lack several resources at once (no node fails
   for one alone): nodes whose only failure is NodeResourcesFit's
   Insufficient reasons offer their free amount of each; the node that
   lets the pod keep the largest share of its requests is tried first and
   the scheduler confirms. */
static podsim_status lower_requests_together(sched_ctx *x, diag_finding *f,
                                             const char *no_shape) {
    const podsim_schedule_result *e = x->explain;
    podsim_resources orig = x->pod->requests;
    candidate *cands =
        calloc(e->filter_count ? e->filter_count : 1, sizeof *cands);
    CHECK_MEM(cands);
    size_t n = 0;
    for (size_t i = 0; i < e->filter_count; i++) {
        const podsim_node_filter *nf = &e->filters[i];
        if (strcmp(nf->plugin, "NodeResourcesFit") != 0) continue;
        if (nf->reasons.count < 2) continue;
        podsim_id id =
            cluster_lookup(x->copy, PODSIM_KIND_NODE, NULL, nf->node);
        const podsim_node *node = podsim_cluster_node(x->copy, id);
        if (!node) continue;
        int64_t share = INT64_MAX; /* parts per million kept, the least */
        for (size_t k = 0; k < nf->reasons.count && share > 0; k++) {
            const char *r = insufficient_of(nf->reasons.items[k]);
            int64_t current = r ? res_amount(&orig, r) : 0;
            int64_t free_amount = r ? res_amount(&node->allocatable, r) -
                                          res_amount(&node->requested, r)
                                    : 0;
            if (!r || current <= 0 || free_amount <= 0 ||
                free_amount >= current) {
                share = 0;
                break;
            }
            int64_t ppm =
                (int64_t)((double)free_amount / (double)current * 1e6);
            if (ppm < share) share = ppm;
        }
        if (share <= 0 || share == INT64_MAX) continue;
        cands[n].node = nf->node;
        cands[n].value = share;
        n++;
    }
    qsort(cands, n, sizeof *cands, by_value_desc);
    podsim_status st = PODSIM_OK;
    const podsim_node_filter *won = NULL;
    const podsim_node *won_node = NULL;
    const char *where = NULL;
    for (size_t i = 0; i < n && i < SCHED_TRY_NODES && !won; i++) {
        podsim_id id =
            cluster_lookup(x->copy, PODSIM_KIND_NODE, NULL, cands[i].node);
        const podsim_node *node = podsim_cluster_node(x->copy, id);
        const podsim_node_filter *nf = NULL;
        for (size_t k = 0; k < e->filter_count && !nf; k++) {
            if (strcmp(e->filters[k].node, cands[i].node) == 0) {
                nf = &e->filters[k];
            }
        }
        for (size_t k = 0; nf && k < nf->reasons.count && !st; k++) {
            const char *r = insufficient_of(nf->reasons.items[k]);
            podsim_resources cur = x->pod->requests;
            st = set_request(x, &cur, r,
                             res_amount(&node->allocatable, r) -
                                 res_amount(&node->requested, r));
        }
        bool ok = false;
        if (!st) st = fits(x, &where, &ok);
        x->pod->requests = orig;
        if (st) break;
        if (ok) {
            won = nf;
            won_node = node;
        }
    }
    free(cands);
    if (st == PODSIM_ELIMIT) return PODSIM_OK;
    if (st) return st;
    if (!won || !where) return PODSIM_OK;
    const char *res[8];
    int64_t value[8], now[8];
    size_t nr = 0;
    for (size_t k = 0; k < won->reasons.count && nr < 8; k++) {
        const char *r = insufficient_of(won->reasons.items[k]);
        res[nr] = r;
        value[nr] = res_amount(&won_node->allocatable, r) -
                    res_amount(&won_node->requested, r);
        now[nr] = res_amount(&orig, r);
        nr++;
    }
    strbuf cmd, con;
    strbuf_init(&cmd);
    strbuf_init(&con);
    strbuf_puts(&cmd, "set ");
    strbuf_puts(&con, "with requests of at most ");
    for (size_t k = 0; k < nr; k++) {
        const char *v = format_amount(x->mem, res[k], value[k]);
        strbuf_printf(&cmd, "%srequests.%s <= %s", k ? ", " : "", res[k],
                      v ? v : "?");
    }
    strbuf_printf(&cmd, " (fits %s)", where);
    put_amounts(&con, x, res, value, nr);
    strbuf_puts(&con, " (now ");
    put_amounts(&con, x, res, now, nr);
    strbuf_printf(&con,
                  ", the pod's totals) the scheduler places it on %s "
                  "(lowering only one of them is not enough)",
                  where);
    if (no_shape) strbuf_printf(&con, "; %s", no_shape);
    const char *command =
        cmd.failed ? NULL : arena_strndup(x->mem, strbuf_str(&cmd), cmd.len);
    const char *consequence =
        con.failed ? NULL : arena_strndup(x->mem, strbuf_str(&con), con.len);
    strbuf_release(&cmd);
    strbuf_release(&con);
    CHECK_MEM(command && consequence);
    CHECK_MEM(diag_finding_way_out(f, x->mem, "lower-request", command,
                                   consequence, "", -1, true));
    return PODSIM_OK;
}

/* Whether the finding has a way out named `action`. */
static bool has_way(const diag_finding *f, const char *action) {
    for (size_t i = 0; i < f->ways_out.len; i++) {
        const podsim_way_out *w = vec_at(&f->ways_out, i);
        if (w->action && strcmp(w->action, action) == 0) return true;
    }
    return false;
}

static podsim_status unschedulable_search(sched_ctx *x, podsim_cluster *from,
                                          bool search, diag_finding *f) {
    if (x->explain->node) {
        const char *quote = diag_strf(
            x->mem,
            "podsim's scheduler places the pod on %s now: the cluster "
            "changed since the FailedScheduling, or the input misses what "
            "blocked it",
            x->explain->node);
        CHECK_MEM(quote);
        CHECK_MEM(diag_finding_evidence(f, x->mem, "scheduling.podsim_node",
                                        x->explain->node, quote, PODSIM_NO_TIME,
                                        PODSIM_PROVENANCE_DERIVED));
        return PODSIM_OK;
    }
    const char *message = NULL;
    podsim_status st = full_message(x, from, &message);
    if (!st) st = sched_evidence(x, f, message);
    if (st) return st;
    /* the resources nodes lack, each once, in node order */
    const char *resources[8];
    size_t nres = 0;
    for (size_t i = 0; i < x->explain->filter_count; i++) {
        const podsim_node_filter *nf = &x->explain->filters[i];
        for (size_t k = 0; k < nf->reasons.count; k++) {
            const char *r = insufficient_of(nf->reasons.items[k]);
            if (!r) continue;
            bool seen = false;
            for (size_t j = 0; j < nres; j++) {
                if (strcmp(resources[j], r) == 0) seen = true;
            }
            if (!seen && nres < 8) resources[nres++] = r;
        }
    }
    if (search) {
        for (size_t i = 0; i < nres && !st; i++) {
            st = lower_request(x, resources[i], f);
        }
    } else if (nres) {
        st = lower_request(x, resources[0], f);
    }
    const char *no_shape = NULL;
    if (!st && nres > 1 && !has_way(f, "lower-request")) {
        no_shape = no_shape_statement(x);
        st = lower_requests_together(x, f, no_shape);
    }
    if (search) {
        if (!st) st = add_toleration(x, f);
        if (!st) st = add_node_label(x, f);
        if (!st) st = add_node(x, f);
    }
    if (!st) st = preempt(x, f);
    /* nothing found: say why one more node of an existing shape is none
       (a lower-request way out above already says it) */
    if (!st && !f->ways_out.len && !no_shape) no_shape = no_shape_statement(x);
    if (!st && !f->ways_out.len && no_shape && !has_cause(f, no_shape)) {
        CHECK_MEM(diag_finding_cause(f, x->mem, no_shape));
    }
    return st;
}

podsim_status diag_flows_unschedulable(arena *mem, unsigned flags,
                                       const diag_subject *s, diag_finding *f) {
    if (!mem || !s || !f || !s->pod || !s->src) return PODSIM_EINVAL;
    const podsim_pod *pod = s->pod;
    if (pod->spec.node_name && pod->spec.node_name[0]) return PODSIM_OK;
    if (pod->spec.scheduling_gates.count) return PODSIM_OK;
    if (pod->meta.deletion_timestamp != PODSIM_NO_TIME) return PODSIM_OK;
    if (pod->status.phase != PODSIM_PHASE_PENDING) return PODSIM_OK;
    if (flags & PODSIM_DIAGNOSE_NO_WHATIF) return PODSIM_OK;

    const diag_source *src = s->src;
    podsim_cluster *from =
        src->sim ? podsim_sim_cluster(src->sim) : src->cluster;
    sched_ctx x;
    memset(&x, 0, sizeof x);
    x.s = s;
    x.mem = mem;
    x.pod_id = s->pod_id;
    x.config = src->sim ? src->sim->config : NULL;
    size_t nodes = podsim_cluster_count(from, PODSIM_KIND_NODE);
    bool search = nodes <= SCHED_MAX_NODES;
    /* explain and preemption, then a few verifications per way out */
    x.runs_left = search ? 4 + 4 * (SCHED_TRY_NODES + SCHED_BISECT_STEPS) : 5;
    podsim_status st = cluster_clone(from, &x.copy);
    if (st) return st;
    x.pod = (podsim_pod *)podsim_cluster_pod(x.copy, x.pod_id);
    if (x.pod) {
        st = try_schedule(&x,
                          PODSIM_SCHEDULE_EXPLAIN | PODSIM_SCHEDULE_EXHAUSTIVE |
                              PODSIM_SCHEDULE_NO_PREEMPTION,
                          &x.explain);
        /* a scheduler that cannot run on the copy (no profile for the
           pod's schedulerName, a plugin error) leaves the finding as is */
        if (st == PODSIM_OK) {
            st = unschedulable_search(&x, from, search, f);
        } else if (st != PODSIM_ENOMEM) {
            st = PODSIM_OK;
        }
    }
    podsim_schedule_result_free(x.explain);
    podsim_cluster_free(x.copy);
    return st;
}

/* ======================================================================= */
/* The C checks (diag.h)                                                   */
/* ======================================================================= */

podsim_status diag_check_node_lost(diag_run *run, const diag_subject *s,
                                   const diag_container *c, diag_finding *f,
                                   bool *fire) {
    (void)c;
    (void)fire;
    if (!run) return PODSIM_EINVAL;
    return diag_flows_node_lost(diag_run_arena(run), diag_run_flags(run), s, f);
}

podsim_status diag_check_unschedulable(diag_run *run, const diag_subject *s,
                                       const diag_container *c, diag_finding *f,
                                       bool *fire) {
    (void)c;
    (void)fire;
    if (!run) return PODSIM_EINVAL;
    return diag_flows_unschedulable(diag_run_arena(run), diag_run_flags(run), s,
                                    f);
}
