/*
 * controllers.c - the workload controllers of kube-controller-manager as
 * one simulation module (MOD_CONTROLLERS).
 *
 * Each controller of upstream runs informers and a work queue: a watch
 * notification enqueues the key of the object's controller
 * (metav1.GetControllerOf), and a worker syncs the key later, once however
 * often it was added (k8s.io/client-go/util/workqueue: a key already queued
 * is not queued twice; AddAfter keeps the earliest pending time). The
 * simulation's informers have zero latency, so a sync runs at the instant
 * of the notification, after the notifications already queued for that
 * instant. The syncs themselves are in replicaset.c, deployment.c,
 * statefulset.c, daemonset.c and job.c; this file holds what they share:
 * the per-workload state (indexed by kind and id, deep-copied by a fork),
 * the pod predicates of pkg/api/v1/pod/util.go and
 * pkg/controller/controller_utils.go (IsPodReady, IsPodAvailable,
 * IsPodActive, ActivePods, ActivePodsWithRanks), PodControl's creation and
 * deletion with their events, intstr.GetScaledValueFromIntOrPercent and the
 * template hash behind ReplicaSet and ControllerRevision names.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "controllers.h"

enum ctl_op {
    OP_SYNC = 1, /* a = id, b = kind, gen = queue generation */
    OP_WAIT = 2  /* an AddAfter expired: a = id, b = kind, gen = wait gen */
};

/* k8s.io/apimachinery/pkg/util/rand: no vowels, no confusable digits */
static const char SAFE_ALPHABET[] = "bcdfghjklmnpqrstvwxz2456789";
#define SAFE_ALPHABET_LEN (sizeof SAFE_ALPHABET - 1)

static ctl_state *state_of(podsim_sim *sim) {
    return sim_state(sim, MOD_CONTROLLERS);
}

static bool is_workload_kind(int kind) {
    return kind >= PODSIM_KIND_DEPLOYMENT && kind <= PODSIM_KIND_JOB;
}

/* ---- per-workload state -----------------------------------------------------
 */

static void workload_init(ctl_workload *w) {
    memset(w, 0, sizeof(*w));
    vec_init(&w->pods, sizeof(podsim_id));
    vec_init(&w->replica_sets, sizeof(podsim_id));
    vec_init(&w->conditions, sizeof(ctl_condition));
    vec_init(&w->succeeded_index, sizeof(uint8_t));
    w->owner = PODSIM_NO_ID;
    w->desired_annotation = -1;
    w->max_annotation = -1;
    w->start_time = PODSIM_NO_TIME;
    w->last_failure_time = PODSIM_NO_TIME;
}

static void workload_release(ctl_workload *w) {
    vec_release(&w->pods);
    vec_release(&w->replica_sets);
    vec_release(&w->conditions);
    vec_release(&w->succeeded_index);
}

static void *ctl_create(podsim_sim *sim) {
    (void)sim;
    ctl_state *st = calloc(1, sizeof(*st));
    if (!st) return NULL;
    for (int k = 0; k < CTL_KINDS; k++) {
        segvec_init(&st->workloads[k], sizeof(ctl_workload));
    }
    vec_init(&st->pod_flags, sizeof(uint8_t));
    return st;
}

static void ctl_destroy(void *state) {
    ctl_state *st = state;
    if (!st) return;
    for (int k = 0; k < CTL_KINDS; k++) {
        for (size_t i = 0; i < st->workloads[k].len; i++) {
            workload_release(segvec_at(&st->workloads[k], i));
        }
        segvec_release(&st->workloads[k]);
    }
    vec_release(&st->pod_flags);
    free(st);
}

static void *ctl_fork(podsim_sim *dst, const void *src_state) {
    const ctl_state *src = src_state;
    ctl_state *st = ctl_create(dst);
    if (!st) return NULL;
    for (int k = 0; k < CTL_KINDS; k++) {
        for (size_t i = 0; i < src->workloads[k].len; i++) {
            const ctl_workload *from = segvec_at(&src->workloads[k], i);
            ctl_workload *to = segvec_push(&st->workloads[k]);
            if (!to) goto oom;
            *to = *from;
            /* the vectors are the source's until copied: empty them first
               so that a failure leaves nothing shared to free */
            vec_init(&to->pods, sizeof(podsim_id));
            vec_init(&to->replica_sets, sizeof(podsim_id));
            vec_init(&to->conditions, sizeof(ctl_condition));
            vec_init(&to->succeeded_index, sizeof(uint8_t));
            if (!vec_copy(&to->pods, &from->pods) ||
                !vec_copy(&to->replica_sets, &from->replica_sets) ||
                !vec_copy(&to->conditions, &from->conditions) ||
                !vec_copy(&to->succeeded_index, &from->succeeded_index)) {
                goto oom;
            }
        }
    }
    if (!vec_copy(&st->pod_flags, &src->pod_flags)) goto oom;
    st->pods_seen = src->pods_seen;
    st->replica_sets_seen = src->replica_sets_seen;
    st->nodes_seen = src->nodes_seen;
    return st;
oom:
    ctl_destroy(st);
    return NULL;
}

static size_t ctl_memory(const void *state) {
    const ctl_state *st = state;
    size_t bytes = sizeof(*st) + st->pod_flags.cap;
    for (int k = 0; k < CTL_KINDS; k++) {
        for (size_t i = 0; i < st->workloads[k].len; i++) {
            const ctl_workload *w = segvec_at(&st->workloads[k], i);
            bytes += sizeof(*w) + w->pods.cap * sizeof(podsim_id) +
                     w->replica_sets.cap * sizeof(podsim_id) +
                     w->conditions.cap * sizeof(ctl_condition) +
                     w->succeeded_index.cap;
        }
    }
    return bytes;
}

ctl_workload *ctl_workload_get(podsim_sim *sim, podsim_kind kind,
                               podsim_id id) {
    if (!is_workload_kind((int)kind) || id < 0) return NULL;
    segvec *v = &state_of(sim)->workloads[CTL_KIND_INDEX(kind)];
    while (v->len <= (size_t)id) {
        ctl_workload *w = segvec_push(v);
        if (!w) {
            sim_fail_oom(sim);
            return NULL;
        }
        workload_init(w);
    }
    return segvec_at(v, (size_t)id);
}

podsim_workload *ctl_view(podsim_sim *sim, podsim_kind kind, podsim_id id) {
    /* the working model's views are the simulation's own copies */
    return (podsim_workload *)podsim_cluster_workload(sim->c, kind, id);
}

uint8_t *ctl_pod_flags(podsim_sim *sim, podsim_id pod) {
    vec *v = &state_of(sim)->pod_flags;
    while (v->len <= (size_t)pod) {
        if (!vec_push(v)) {
            sim_fail_oom(sim);
            return NULL;
        }
    }
    return vec_at(v, (size_t)pod);
}

const podsim_pod *ctl_pod(podsim_sim *sim, podsim_id id) {
    return podsim_cluster_pod(sim->c, id);
}

static bool has_finalizer(const podsim_meta *m, const char *name) {
    for (size_t i = 0; i < m->finalizers.count; i++) {
        if (strcmp(m->finalizers.items[i], name) == 0) return true;
    }
    return false;
}

/* int32 value of an annotation, or `fallback` when absent or not a
   number */
static int64_t annotation_int(const podsim_meta *m, const char *key,
                              int64_t fallback) {
    for (size_t i = 0; i < m->annotations.count; i++) {
        if (strcmp(m->annotations.items[i].key, key) != 0) continue;
        const char *s = m->annotations.items[i].value;
        char *end;
        long long v = strtoll(s, &end, 10);
        if (end == s || *end) return fallback;
        return v;
    }
    return fallback;
}

static void absorb_pods(podsim_sim *sim, ctl_state *st) {
    size_t n = podsim_cluster_count(sim->c, PODSIM_KIND_POD);
    while (st->pods_seen < n) {
        podsim_id pod = (podsim_id)st->pods_seen++;
        sim_owner o = sim_pod_owner(sim, pod);
        if (!is_workload_kind(o.kind) || o.id == PODSIM_NO_ID) continue;
        ctl_workload *w = ctl_workload_get(sim, (podsim_kind)o.kind, o.id);
        podsim_id *slot = w ? vec_push(&w->pods) : NULL;
        uint8_t *flags = ctl_pod_flags(sim, pod);
        if (!slot || !flags) {
            sim_fail_oom(sim);
            return;
        }
        *slot = pod;
        *flags |= CTL_POD_SEEN;
        const podsim_pod *p = ctl_pod(sim, pod);
        if (ctl_pod_ready(p)) *flags |= CTL_POD_READY;
        /* a finished pod that no longer has the Job's tracking finalizer
           was counted before the dump was taken */
        if (o.kind == PODSIM_KIND_JOB && ctl_pod_terminal(p) &&
            !has_finalizer(&p->meta, "batch.kubernetes.io/job-tracking")) {
            *flags |= CTL_POD_COUNTED;
        }
    }
}

/* The Deployment a ReplicaSet's controller reference names. */
static podsim_id replica_set_owner(podsim_sim *sim, const podsim_workload *rs) {
    for (size_t i = 0; i < rs->meta.owner_reference_count; i++) {
        const podsim_owner_reference *ref = &rs->meta.owner_references[i];
        if (!ref->controller) continue;
        if (strcmp(ref->kind, "Deployment") != 0) return PODSIM_NO_ID;
        return cluster_lookup(sim->c, PODSIM_KIND_DEPLOYMENT,
                              rs->meta.namespace_, ref->name);
    }
    return PODSIM_NO_ID;
}

static void absorb_replica_sets(podsim_sim *sim, ctl_state *st) {
    size_t n = podsim_cluster_count(sim->c, PODSIM_KIND_REPLICASET);
    while (st->replica_sets_seen < n) {
        podsim_id id = (podsim_id)st->replica_sets_seen++;
        const podsim_workload *rs =
            podsim_cluster_workload(sim->c, PODSIM_KIND_REPLICASET, id);
        ctl_workload *rw = ctl_workload_get(sim, PODSIM_KIND_REPLICASET, id);
        if (!rw || !rs) return;
        /* deploymentutil's annotations, as a dump carries them */
        rw->desired_annotation = (int32_t)annotation_int(
            &rs->meta, "deployment.kubernetes.io/desired-replicas", -1);
        rw->max_annotation = (int32_t)annotation_int(
            &rs->meta, "deployment.kubernetes.io/max-replicas", -1);
        rw->revision =
            annotation_int(&rs->meta, "deployment.kubernetes.io/revision", 0);
        rw->owner = replica_set_owner(sim, rs);
        if (rw->owner == PODSIM_NO_ID) continue;
        ctl_workload *dw =
            ctl_workload_get(sim, PODSIM_KIND_DEPLOYMENT, rw->owner);
        podsim_id *slot = dw ? vec_push(&dw->replica_sets) : NULL;
        if (!slot) {
            sim_fail_oom(sim);
            return;
        }
        *slot = id;
    }
}

/* The engine has no node watch: a node applied during the run is noticed
   at the next notification the controllers get, and every DaemonSet is
   queued then (daemon_controller.go addNode). */
static void absorb_nodes(podsim_sim *sim, ctl_state *st) {
    size_t n = podsim_cluster_count(sim->c, PODSIM_KIND_NODE);
    if (st->nodes_seen == n) return;
    bool first = st->nodes_seen == 0 && sim->now == 0;
    st->nodes_seen = n;
    if (first) return; /* the loaded nodes: DaemonSets are announced */
    size_t sets = podsim_cluster_count(sim->c, PODSIM_KIND_DAEMONSET);
    for (size_t i = 0; i < sets; i++) {
        ctl_enqueue(sim, PODSIM_KIND_DAEMONSET, (podsim_id)i);
    }
}

void ctl_absorb(podsim_sim *sim) {
    ctl_state *st = state_of(sim);
    absorb_nodes(sim, st);
    absorb_replica_sets(sim, st);
    absorb_pods(sim, st);
}

void ctl_compact_pods(podsim_sim *sim, ctl_workload *w,
                      bool (*keep)(podsim_sim *, podsim_id)) {
    podsim_id *ids = w->pods.data;
    size_t out = 0;
    for (size_t i = 0; i < w->pods.len; i++) {
        const podsim_pod *p = ctl_pod(sim, ids[i]);
        if (p && p->removed && !(keep && keep(sim, ids[i]))) continue;
        ids[out++] = ids[i];
    }
    w->pods.len = out;
}

/* ---- the work queue
 * ------------------------------------------------------------ */

void ctl_enqueue(podsim_sim *sim, podsim_kind kind, podsim_id id) {
    ctl_workload *w = ctl_workload_get(sim, kind, id);
    if (!w || w->queued) return;
    w->queued = true;
    w->queue_gen++;
    sim_post(sim, sim->now, MOD_CONTROLLERS, OP_SYNC, id, (int32_t)kind,
             w->queue_gen);
}

void ctl_enqueue_after(podsim_sim *sim, podsim_kind kind, podsim_id id,
                       int64_t delay_ms) {
    if (delay_ms <= 0) {
        ctl_enqueue(sim, kind, id);
        return;
    }
    ctl_workload *w = ctl_workload_get(sim, kind, id);
    if (!w) return;
    int64_t at = sim->now + delay_ms;
    if (w->waiting && w->wait_at <= at) return;
    w->waiting = true;
    w->wait_at = at;
    w->wait_gen++;
    sim_post(sim, at, MOD_CONTROLLERS, OP_WAIT, id, (int32_t)kind, w->wait_gen);
}

static void sync_kind(podsim_sim *sim, podsim_kind kind, podsim_id id) {
    switch (kind) {
    case PODSIM_KIND_DEPLOYMENT: ctl_deployment_sync(sim, id); break;
    case PODSIM_KIND_REPLICASET: ctl_replicaset_sync(sim, id); break;
    case PODSIM_KIND_STATEFULSET: ctl_statefulset_sync(sim, id); break;
    case PODSIM_KIND_DAEMONSET: ctl_daemonset_sync(sim, id); break;
    case PODSIM_KIND_JOB: ctl_job_sync(sim, id); break;
    default: break;
    }
}

static void ctl_handle(podsim_sim *sim, const sim_entry *e) {
    podsim_kind kind = (podsim_kind)e->b;
    ctl_workload *w = ctl_workload_get(sim, kind, e->a);
    if (!w) return;
    if (e->op == OP_WAIT) {
        if (!w->waiting || e->gen != w->wait_gen) return; /* superseded */
        w->waiting = false;
        ctl_enqueue(sim, kind, e->a);
        return;
    }
    if (e->op != OP_SYNC || !w->queued || e->gen != w->queue_gen) return;
    w->queued = false;
    ctl_absorb(sim);
    if (!podsim_cluster_workload(sim->c, kind, e->a)) return;
    sync_kind(sim, kind, e->a);
}

/* What a ReplicaSet, StatefulSet or DaemonSet sync reads of a pod's
   status: its phase and its Ready condition (deletion and removal arrive
   as their own notifications). Upstream enqueues the owner on every pod
   update and the sync is idempotent, so an update that changes neither
   (a container waiting for another reason, a new restart count) leads to
   a sync that decides the same; podsim skips it. Kept in the pod's flags
   above CTL_POD_READY: phase + 1 in bits 4-6, Ready in bit 7. */
static bool status_unchanged_for_owner(podsim_sim *sim, podsim_id pod) {
    const podsim_pod *p = ctl_pod(sim, pod);
    uint8_t *flags = ctl_pod_flags(sim, pod);
    if (!p || !flags) return false;
    unsigned phase = p->status.has_phase ? (unsigned)p->status.phase + 1 : 0;
    uint8_t sig = (uint8_t)((phase << 4) | (ctl_pod_ready(p) ? 0x80u : 0));
    if ((*flags & 0xf0u) == sig) return true;
    *flags = (uint8_t)((*flags & 0x0fu) | sig);
    return false;
}

static void ctl_on_pod(podsim_sim *sim, podsim_id pod, unsigned what) {
    ctl_absorb(sim);
    sim_owner o = sim_pod_owner(sim, pod);
    if (what == WATCH_STATUS && o.kind != PODSIM_KIND_JOB &&
        status_unchanged_for_owner(sim, pod)) {
        return;
    }
    switch (o.kind) {
    case PODSIM_KIND_REPLICASET:
        ctl_replicaset_pod_event(sim, o.id, pod, what);
        break;
    case PODSIM_KIND_STATEFULSET:
    case PODSIM_KIND_DAEMONSET:
        ctl_enqueue(sim, (podsim_kind)o.kind, o.id);
        break;
    case PODSIM_KIND_JOB:
        /* job_controller.go enqueueSyncJobBatched: pod events are synced
           after syncJobBatchPeriod */
        ctl_enqueue_after(sim, PODSIM_KIND_JOB, o.id, CTL_JOB_BATCH_MS);
        break;
    default: break;
    }
}

static void ctl_on_workload(podsim_sim *sim, podsim_kind kind, podsim_id id,
                            unsigned what) {
    (void)what;
    ctl_absorb(sim);
    ctl_workload *w = ctl_workload_get(sim, kind, id);
    if (!w) return;
    /* a created or changed object is synced at once (the Job controller's
       enqueueSyncJobImmediately for spec changes too) */
    ctl_enqueue(sim, kind, id);
    if (kind == PODSIM_KIND_REPLICASET && w->owner != PODSIM_NO_ID) {
        /* deployment_controller.go addReplicaSet / updateReplicaSet */
        ctl_enqueue(sim, PODSIM_KIND_DEPLOYMENT, w->owner);
    }
}

void sim_controllers_nodes_changed(podsim_sim *sim) {
    /* daemon_controller.go addNode / updateNode enqueue every DaemonSet
       whose pod should now run (or stop running) on the node */
    size_t n = podsim_cluster_count(sim->c, PODSIM_KIND_DAEMONSET);
    for (size_t i = 0; i < n; i++) {
        ctl_enqueue(sim, PODSIM_KIND_DAEMONSET, (podsim_id)i);
    }
}

/* DaemonSets re-evaluate which nodes should run their pod on node events
   (daemon_controller.go addNode / updateNode / deleteNode). */
static void ctl_on_node(podsim_sim *sim, podsim_id node, unsigned what) {
    (void)node;
    if (what == WATCH_NODE_HEALTH) return; /* invisible to the API */
    sim_controllers_nodes_changed(sim);
}

const sim_module_ops sim_controllers_ops = {
    ctl_create, ctl_destroy,     ctl_fork,   ctl_handle,
    ctl_on_pod, ctl_on_workload, ctl_memory, ctl_on_node};

/* ---- pods as controllers see them
 * -------------------------------------------- */

int64_t ctl_api_time(int64_t model_ms) {
    if (model_ms == PODSIM_NO_TIME) return model_ms;
    int64_t s = model_ms / 1000;
    if (model_ms % 1000 < 0) s--;
    return s * 1000;
}

static const podsim_condition *ready_condition(const podsim_pod *p) {
    for (size_t i = 0; i < p->status.condition_count; i++) {
        /* the first byte settles every other condition type cheaply:
           syncs ask this of every pod of their workload */
        const char *type = p->status.conditions[i].type;
        if (type[0] == 'R' && strcmp(type, "Ready") == 0) {
            return &p->status.conditions[i];
        }
    }
    return NULL;
}

bool ctl_pod_ready(const podsim_pod *p) {
    const podsim_condition *c = p ? ready_condition(p) : NULL;
    return c && strcmp(c->status, "True") == 0;
}

int64_t ctl_ready_time(const podsim_pod *p) {
    if (!ctl_pod_ready(p)) return PODSIM_NO_TIME;
    return ctl_api_time(ready_condition(p)->last_transition_time);
}

bool ctl_pod_available(const podsim_pod *p, int64_t min_ready_seconds,
                       int64_t now_model) {
    if (!ctl_pod_ready(p)) return false;
    if (min_ready_seconds <= 0) return true;
    int64_t since = ctl_ready_time(p);
    /* LastTransitionTime.Add(minReadySeconds).Before(now) */
    return since != PODSIM_NO_TIME &&
           since + min_ready_seconds * 1000 < now_model;
}

bool ctl_pod_terminal(const podsim_pod *p) {
    return p->status.has_phase && (p->status.phase == PODSIM_PHASE_SUCCEEDED ||
                                   p->status.phase == PODSIM_PHASE_FAILED);
}

bool ctl_pod_active(const podsim_pod *p) {
    return !p->removed && !ctl_pod_terminal(p) &&
           p->meta.deletion_timestamp == PODSIM_NO_TIME;
}

bool ctl_pod_terminating(const podsim_pod *p) {
    return !p->removed && !ctl_pod_terminal(p) &&
           p->meta.deletion_timestamp != PODSIM_NO_TIME;
}

/* ---- PodControl
 * ------------------------------------------------------------------ */

static void random_suffix(podsim_sim *sim, char out[6]) {
    for (int i = 0; i < 5; i++) {
        out[i] = SAFE_ALPHABET[sim_random(sim, (int64_t)SAFE_ALPHABET_LEN)];
    }
    out[5] = '\0';
}

podsim_id ctl_create_pod(podsim_sim *sim, podsim_kind kind, podsim_id id,
                         const podsim_pod *tmpl, const char *name,
                         const char *prefix, const podsim_kv *labels,
                         size_t label_count, const char *source) {
    const podsim_workload *w = podsim_cluster_workload(sim->c, kind, id);
    if (!w || !tmpl) return PODSIM_NO_ID;
    sim_owner owner = {(int32_t)kind, id};
    podsim_status s = PODSIM_OK;
    podsim_id pod = PODSIM_NO_ID;
    if (name) {
        pod = sim_create_pod(sim, tmpl, owner, name, labels, label_count, &s);
    } else {
        /* generateName: the API server retries a taken name (the
           RetryGenerateName behaviour) */
        char buf[512], suffix[6];
        for (int attempt = 0; attempt < 8 && pod == PODSIM_NO_ID; attempt++) {
            random_suffix(sim, suffix);
            snprintf(buf, sizeof buf, "%s%s",
                     prefix ? prefix : sim_internf(sim, "%s-", w->meta.name),
                     suffix);
            pod =
                sim_create_pod(sim, tmpl, owner, buf, labels, label_count, &s);
            if (s != PODSIM_EEXIST) break;
        }
    }
    if (pod == PODSIM_NO_ID) return pod;
    if (source) {
        sim_event(sim, "Normal", "SuccessfulCreate", kind, id, NULL, source,
                  "Created pod: %s", ctl_pod(sim, pod)->meta.name);
    }
    return pod;
}

void ctl_delete_pod(podsim_sim *sim, podsim_kind kind, podsim_id id,
                    podsim_id pod, const char *source) {
    const podsim_pod *p = ctl_pod(sim, pod);
    if (!p || p->removed) return;
    const char *name = p->meta.name;
    sim_delete_pod(sim, pod, -1);
    sim_event(sim, "Normal", "SuccessfulDelete", kind, id, NULL, source,
              "Deleted pod: %s", name);
}

void ctl_status_field(podsim_sim *sim, podsim_kind kind, podsim_id id,
                      const char *field, int32_t *slot, int32_t value,
                      bool force) {
    if (*slot == value && !force) return;
    *slot = value;
    sim_workload_field(sim, kind, id, field, value);
}

/* ---- arithmetic
 * -------------------------------------------------------------------- */

bool ctl_scaled_value(const char *text, int32_t total, bool round_up,
                      int32_t *out) {
    *out = 0;
    if (!text || !*text) return false;
    int64_t v = 0;
    const char *s = text;
    for (; *s >= '0' && *s <= '9'; s++) {
        v = v * 10 + (*s - '0');
        if (v > INT32_MAX) return false;
    }
    if (s == text) return false;
    if (!*s) {
        *out = (int32_t)v; /* an integer */
        return true;
    }
    if (s[0] != '%' || s[1]) return false;
    int64_t scaled = v * (int64_t)total;
    /* math.Ceil / math.Floor of v * total / 100 */
    *out = (int32_t)(round_up ? (scaled + 99) / 100 : scaled / 100);
    return true;
}

void ctl_resolve_fenceposts(const char *max_surge, const char *max_unavailable,
                            int32_t desired, int32_t *surge,
                            int32_t *unavailable) {
    /* ValueOrDefault(nil, 0): an absent value is 0 */
    if (!ctl_scaled_value(max_surge, desired, true, surge)) *surge = 0;
    if (!ctl_scaled_value(max_unavailable, desired, false, unavailable)) {
        *unavailable = 0;
    }
    /* both resolving to 0 would block the rollout: one may be unavailable */
    if (*surge == 0 && *unavailable == 0) *unavailable = 1;
}

int32_t ctl_new_rs_new_replicas(int32_t replicas, int32_t max_surge,
                                int32_t current_pods, int32_t new_rs_replicas) {
    int32_t max_total = replicas + max_surge;
    if (current_pods >= max_total) return new_rs_replicas; /* cannot grow */
    int32_t up = max_total - current_pods;
    if (up > replicas - new_rs_replicas) up = replicas - new_rs_replicas;
    return new_rs_replicas + up;
}

int32_t ctl_max_scaled_down(int32_t all_pods, int32_t replicas,
                            int32_t max_unavailable, int32_t new_rs_replicas,
                            int32_t new_rs_available) {
    int32_t min_available = replicas - max_unavailable;
    int32_t new_unavailable = new_rs_replicas - new_rs_available;
    return all_pods - min_available - new_unavailable;
}

int64_t ctl_job_backoff_ms(int32_t failures, int64_t initial_ms,
                           int64_t max_ms) {
    /* job_controller.go getRemainingTimeForFailuresCount */
    if (failures <= 0) return 0;
    int64_t d = initial_ms;
    for (int32_t i = 1; i < failures; i++) {
        d *= 2;
        if (d >= max_ms) {
            d = max_ms;
            break;
        }
    }
    return d;
}

void ctl_safe_encode(uint32_t h, char *out) {
    /* rand.SafeEncodeString(fmt.Sprint(hash)): each decimal digit's byte
       value picks a letter of the alphabet */
    char digits[16];
    int n = snprintf(digits, sizeof digits, "%lu", (unsigned long)h);
    for (int i = 0; i < n; i++) {
        out[i] = SAFE_ALPHABET[(unsigned char)digits[i] % SAFE_ALPHABET_LEN];
    }
    out[n < 0 ? 0 : n] = '\0';
}

/* ---- the template hash
 * ------------------------------------------------------------ */

/* FNV-32a (hash/fnv New32a, as controller.ComputeHash uses) over a
   rendering of every template field podsim models, each value followed by
   a separator so that fields cannot run together. Upstream hashes the Go
   object with DeepHashObject (spew): the names podsim derives have the
   same form but not the same bytes. */
typedef struct hasher {
    uint32_t h;
} hasher;

static void h_bytes(hasher *hs, const void *data, size_t n) {
    const unsigned char *b = data;
    for (size_t i = 0; i < n; i++) {
        hs->h ^= b[i];
        hs->h *= 16777619u;
    }
}

static void h_str(hasher *hs, const char *s) {
    if (s) h_bytes(hs, s, strlen(s));
    h_bytes(hs, "\x1f", 1);
}

static void h_int(hasher *hs, int64_t v) {
    char buf[24];
    int n = snprintf(buf, sizeof buf, "%lld", (long long)v);
    h_bytes(hs, buf, n > 0 ? (size_t)n : 0);
    h_bytes(hs, "\x1f", 1);
}

static void h_opt(hasher *hs, podsim_opt_i64 v) {
    if (v.set) {
        h_int(hs, v.value);
    } else {
        h_str(hs, "<nil>");
    }
}

static void h_quantity(hasher *hs, const podsim_quantity *q) {
    h_int(hs, q->mantissa);
    h_int(hs, q->exponent);
}

/* A string map in key order (Go maps hash sorted), without `skip`. */
static void h_kvs(hasher *hs, const podsim_kvs *kvs, const char *skip) {
    const podsim_kv *last = NULL;
    for (size_t round = 0; round < kvs->count; round++) {
        const podsim_kv *next = NULL;
        for (size_t i = 0; i < kvs->count; i++) {
            const podsim_kv *kv = &kvs->items[i];
            if (last && strcmp(kv->key, last->key) <= 0) continue;
            if (!next || strcmp(kv->key, next->key) < 0) next = kv;
        }
        if (!next) break;
        last = next;
        if (skip && strcmp(next->key, skip) == 0) continue;
        h_str(hs, next->key);
        h_str(hs, next->value);
    }
    h_str(hs, "}");
}

static void h_strings(hasher *hs, const podsim_strings *s) {
    for (size_t i = 0; i < s->count; i++) h_str(hs, s->items[i]);
    h_str(hs, "]");
}

static void h_resources(hasher *hs, const podsim_resources *r) {
    for (size_t i = 0; i < r->count; i++) {
        h_str(hs, r->items[i].name);
        h_quantity(hs, &r->items[i].quantity);
    }
    h_str(hs, "]");
}

static void h_requirements(hasher *hs, const podsim_requirement *r, size_t n) {
    for (size_t i = 0; i < n; i++) {
        h_str(hs, r[i].key);
        h_int(hs, r[i].op);
        h_strings(hs, &r[i].values);
    }
    h_str(hs, "]");
}

static void h_selector(hasher *hs, const podsim_label_selector *sel) {
    if (!sel) {
        h_str(hs, "<nil>");
        return;
    }
    h_kvs(hs, &sel->match_labels, NULL);
    h_requirements(hs, sel->match_expressions, sel->match_expression_count);
}

static void h_term(hasher *hs, const podsim_node_selector_term *t) {
    h_requirements(hs, t->match_expressions, t->match_expression_count);
    h_requirements(hs, t->match_fields, t->match_field_count);
}

static void h_pod_terms(hasher *hs, const podsim_pod_affinity *a) {
    if (!a) {
        h_str(hs, "<nil>");
        return;
    }
    for (size_t i = 0; i < a->required_count + a->preferred_count; i++) {
        const podsim_pod_affinity_term *t;
        if (i < a->required_count) {
            t = &a->required[i];
        } else {
            h_int(hs, a->preferred[i - a->required_count].weight);
            t = &a->preferred[i - a->required_count].term;
        }
        h_selector(hs, t->label_selector);
        h_strings(hs, &t->namespaces);
        h_str(hs, t->topology_key);
        h_selector(hs, t->namespace_selector);
        h_strings(hs, &t->match_label_keys);
        h_strings(hs, &t->mismatch_label_keys);
    }
    h_str(hs, "]");
}

static void h_affinity(hasher *hs, const podsim_affinity *a) {
    if (!a) {
        h_str(hs, "<nil>");
        return;
    }
    const podsim_node_affinity *na = a->node_affinity;
    if (na) {
        if (na->required) {
            for (size_t i = 0; i < na->required->term_count; i++) {
                h_term(hs, &na->required->terms[i]);
            }
        }
        h_str(hs, "]");
        for (size_t i = 0; i < na->preferred_count; i++) {
            h_int(hs, na->preferred[i].weight);
            h_term(hs, &na->preferred[i].preference);
        }
    }
    h_str(hs, "]");
    h_pod_terms(hs, a->pod_affinity);
    h_pod_terms(hs, a->pod_anti_affinity);
}

static void h_probe(hasher *hs, const podsim_probe *p) {
    if (!p) {
        h_str(hs, "<nil>");
        return;
    }
    h_int(hs, p->handler);
    h_str(hs, p->target);
    h_int(hs, p->initial_delay_seconds);
    h_int(hs, p->timeout_seconds);
    h_int(hs, p->period_seconds);
    h_int(hs, p->success_threshold);
    h_int(hs, p->failure_threshold);
    h_opt(hs, p->termination_grace_period_seconds);
}

static void h_containers(hasher *hs, const podsim_container *c, size_t n) {
    for (size_t i = 0; i < n; i++) {
        h_str(hs, c[i].name);
        h_int(hs, c[i].kind);
        h_str(hs, c[i].image);
        h_int(hs, c[i].image_pull_policy);
        h_resources(hs, &c[i].requests);
        h_resources(hs, &c[i].limits);
        for (size_t j = 0; j < c[i].port_count; j++) {
            const podsim_container_port *port = &c[i].ports[j];
            h_str(hs, port->name);
            h_int(hs, port->container_port);
            h_int(hs, port->host_port);
            h_int(hs, port->protocol);
            h_str(hs, port->host_ip);
        }
        h_str(hs, "]");
        h_probe(hs, c[i].startup_probe);
        h_probe(hs, c[i].liveness_probe);
        h_probe(hs, c[i].readiness_probe);
        h_int(hs, c[i].post_start);
        h_int(hs, c[i].pre_stop);
        h_int(hs, c[i].pre_stop_sleep_seconds);
        for (size_t j = 0; j < c[i].env_ref_count; j++) {
            h_int(hs, c[i].env_refs[j].kind);
            h_str(hs, c[i].env_refs[j].name);
            h_str(hs, c[i].env_refs[j].key);
            h_int(hs, c[i].env_refs[j].optional);
        }
        h_str(hs, "]");
    }
    h_str(hs, "]");
}

static void h_spec(hasher *hs, const podsim_pod_spec *s) {
    h_opt(hs, s->priority);
    h_str(hs, s->priority_class_name);
    h_int(hs, s->preemption_policy);
    h_str(hs, s->scheduler_name);
    h_str(hs, s->node_name);
    h_kvs(hs, &s->node_selector, NULL);
    h_affinity(hs, s->affinity);
    for (size_t i = 0; i < s->toleration_count; i++) {
        const podsim_toleration *t = &s->tolerations[i];
        h_str(hs, t->key);
        h_int(hs, t->op);
        h_str(hs, t->value);
        h_int(hs, t->effect);
        h_opt(hs, t->toleration_seconds);
    }
    h_str(hs, "]");
    for (size_t i = 0; i < s->topology_spread_constraint_count; i++) {
        const podsim_topology_spread_constraint *c =
            &s->topology_spread_constraints[i];
        h_int(hs, c->max_skew);
        h_str(hs, c->topology_key);
        h_int(hs, c->when_unsatisfiable);
        h_selector(hs, c->label_selector);
        h_opt(hs, c->min_domains);
        h_int(hs, c->node_affinity_policy);
        h_int(hs, c->node_taints_policy);
        h_strings(hs, &c->match_label_keys);
    }
    h_str(hs, "]");
    h_strings(hs, &s->scheduling_gates);
    h_containers(hs, s->init_containers, s->init_container_count);
    h_containers(hs, s->containers, s->container_count);
    h_resources(hs, &s->overhead);
    h_resources(hs, &s->pod_requests);
    h_resources(hs, &s->pod_limits);
    h_int(hs, s->restart_policy);
    h_int(hs, s->termination_grace_period_seconds);
    h_opt(hs, s->active_deadline_seconds);
    for (size_t i = 0; i < s->volume_count; i++) {
        const podsim_volume *v = &s->volumes[i];
        h_str(hs, v->name);
        h_int(hs, v->type);
        h_str(hs, v->source);
        h_str(hs, v->type_name);
        h_int(hs, v->read_only);
        h_int(hs, v->optional);
        for (size_t j = 0; j < v->ref_count; j++) {
            h_int(hs, v->refs[j].kind);
            h_str(hs, v->refs[j].name);
            h_str(hs, v->refs[j].key);
            h_int(hs, v->refs[j].optional);
        }
        h_str(hs, "]");
    }
    h_str(hs, "]");
    h_int(hs, s->host_network);
    h_str(hs, s->runtime_class_name);
    h_str(hs, s->service_account_name);
    h_str(hs, s->hostname);
    h_str(hs, s->subdomain);
    h_strings(hs, &s->readiness_gates);
}

uint32_t ctl_template_hash(const podsim_pod *tmpl, const char *skip_label,
                           int32_t collision_count) {
    hasher hs = {2166136261u};
    if (tmpl) {
        h_kvs(&hs, &tmpl->meta.labels, skip_label);
        h_kvs(&hs, &tmpl->meta.annotations, NULL);
        h_spec(&hs, &tmpl->spec);
    }
    if (collision_count > 0) {
        /* ComputeHash writes the collision count after the template */
        h_int(&hs, collision_count);
    }
    return hs.h;
}

/* ---- ranking pods
 * ------------------------------------------------------------------- */

/* podPhaseToOrdinal (Pending 0, Unknown 1, Running 2; others 0) */
static int phase_ordinal(const podsim_pod *p) {
    if (!p->status.has_phase) return 0;
    switch (p->status.phase) {
    case PODSIM_PHASE_UNKNOWN: return 1;
    case PODSIM_PHASE_RUNNING: return 2;
    default: return 0;
    }
}

static int32_t max_restarts(const podsim_pod *p) {
    int32_t best = 0;
    for (size_t i = 0; i < p->status.container_status_count; i++) {
        int32_t r = p->status.container_statuses[i].restart_count;
        if (r > best) best = r;
    }
    return best;
}

/* helper.GetDeletionCostFromPodAnnotations (0 when absent or invalid) */
static int64_t deletion_cost(const podsim_pod *p) {
    int64_t v = annotation_int(&p->meta,
                               "controller.kubernetes.io/pod-deletion-cost", 0);
    return v < INT32_MIN || v > INT32_MAX ? 0 : v;
}

static bool after_or_zero(int64_t t1, int64_t t2) {
    if (t1 == PODSIM_NO_TIME || t2 == PODSIM_NO_TIME) {
        return t1 == PODSIM_NO_TIME;
    }
    return t1 > t2;
}

/* int64(math.Log2(float64(now - t))) with the duration in nanoseconds,
   -1 when not positive */
static int64_t log_rank(int64_t t, int64_t now_model) {
    int64_t d = now_model - t;
    if (d <= 0) return -1;
    uint64_t ns = (uint64_t)d * 1000000u;
    int64_t r = -1;
    while (ns) {
        ns >>= 1;
        r++;
    }
    return r;
}

/* LogarithmicScaleDown (on from v1.22): times of the same power of two
   since now compare equal and the UID decides */
static bool log_before(const podsim_pod *a, int64_t ta, const podsim_pod *b,
                       int64_t tb, int64_t now_model) {
    if (ta == PODSIM_NO_TIME || tb == PODSIM_NO_TIME) {
        return after_or_zero(ta, tb);
    }
    int64_t diff = log_rank(ta, now_model) - log_rank(tb, now_model);
    if (diff == 0) return strcmp(a->meta.uid, b->meta.uid) < 0;
    return diff < 0;
}

bool ctl_pod_delete_before(const podsim_pod *a, int32_t rank_a,
                           const podsim_pod *b, int32_t rank_b,
                           int64_t now_model) {
    const char *na = a->spec.node_name, *nb = b->spec.node_name;
    /* 1. unassigned < assigned */
    if (strcmp(na, nb) != 0 && (!na[0] || !nb[0])) return !na[0];
    /* 2. Pending < Unknown < Running */
    if (phase_ordinal(a) != phase_ordinal(b)) {
        return phase_ordinal(a) < phase_ordinal(b);
    }
    /* 3. not ready < ready */
    bool ra = ctl_pod_ready(a), rb = ctl_pod_ready(b);
    if (ra != rb) return !ra;
    /* 4. lower pod-deletion-cost first (PodDeletionCost, on) */
    if (deletion_cost(a) != deletion_cost(b)) {
        return deletion_cost(a) < deletion_cost(b);
    }
    /* 5. doubled up < not doubled up */
    if (rank_a != rank_b) return rank_a > rank_b;
    /* 6. ready for less time first */
    if (ra && rb) {
        int64_t ta = ctl_ready_time(a), tb = ctl_ready_time(b);
        if (ta != tb) return log_before(a, ta, b, tb, now_model);
    }
    /* 7. more restarts first */
    if (max_restarts(a) != max_restarts(b)) {
        return max_restarts(a) > max_restarts(b);
    }
    /* 8. newer first */
    int64_t ca = ctl_api_time(a->meta.creation_timestamp);
    int64_t cb = ctl_api_time(b->meta.creation_timestamp);
    if (ca != cb) return log_before(a, ca, b, cb, now_model);
    return false;
}

bool ctl_active_pod_before(const podsim_pod *a, const podsim_pod *b) {
    const char *na = a->spec.node_name, *nb = b->spec.node_name;
    if (strcmp(na, nb) != 0 && (!na[0] || !nb[0])) return !na[0];
    if (phase_ordinal(a) != phase_ordinal(b)) {
        return phase_ordinal(a) < phase_ordinal(b);
    }
    bool ra = ctl_pod_ready(a), rb = ctl_pod_ready(b);
    if (ra != rb) return !ra;
    if (ra && rb) {
        int64_t ta = ctl_ready_time(a), tb = ctl_ready_time(b);
        if (ta != tb) return after_or_zero(ta, tb);
    }
    if (max_restarts(a) != max_restarts(b)) {
        return max_restarts(a) > max_restarts(b);
    }
    int64_t ca = ctl_api_time(a->meta.creation_timestamp);
    int64_t cb = ctl_api_time(b->meta.creation_timestamp);
    if (ca != cb) return after_or_zero(ca, cb);
    return false;
}

bool ctl_sort(size_t *idx, size_t n,
              bool (*before)(const void *ctx, size_t x, size_t y),
              const void *ctx) {
    if (n < 2) return true;
    size_t *tmp = malloc(n * sizeof(*tmp));
    if (!tmp) return false;
    /* bottom-up merge sort: stable, so equal pods keep their id order */
    for (size_t width = 1; width < n; width *= 2) {
        for (size_t lo = 0; lo < n; lo += 2 * width) {
            size_t mid = lo + width < n ? lo + width : n;
            size_t hi = lo + 2 * width < n ? lo + 2 * width : n;
            size_t i = lo, j = mid, k = lo;
            while (i < mid && j < hi) {
                tmp[k++] = before(ctx, idx[j], idx[i]) ? idx[j++] : idx[i++];
            }
            while (i < mid) tmp[k++] = idx[i++];
            while (j < hi) tmp[k++] = idx[j++];
        }
        memcpy(idx, tmp, n * sizeof(*idx));
    }
    free(tmp);
    return true;
}

const ctl_condition *ctl_job_conditions(podsim_sim *sim, podsim_id job,
                                        size_t *count) {
    *count = 0;
    if (!podsim_cluster_workload(sim->c, PODSIM_KIND_JOB, job)) return NULL;
    ctl_workload *w = ctl_workload_get(sim, PODSIM_KIND_JOB, job);
    if (!w || !w->conditions.len) return NULL;
    *count = w->conditions.len;
    return w->conditions.data;
}
