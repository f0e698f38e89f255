/*
 * deployment.c - the Deployment controller.
 *
 * Models pkg/controller/deployment: sync.go (getNewReplicaSet,
 * isScalingEvent, scale with proportional scaling, calculateStatus),
 * rolling.go (rolloutRolling, reconcileNewReplicaSet,
 * reconcileOldReplicaSets, cleanupUnhealthyReplicas,
 * scaleDownOldReplicaSetsForRollingUpdate), recreate.go (rolloutRecreate,
 * oldPodsRunning) and util/deployment_util.go (NewRSNewReplicas,
 * MaxSurge, MaxUnavailable, ResolveFenceposts, FindNewReplicaSet,
 * GetProportion). A Deployment owns ReplicaSets named
 * "<deployment>-<pod-template-hash>", which this controller creates in the
 * working model; it only ever changes their spec.replicas (and the
 * deployment.kubernetes.io annotations) and reads their status, which the
 * ReplicaSet controller writes. Each scale records ScalingReplicaSet
 * "Scaled up replica set <name> from <old> to <new>" on the Deployment.
 *
 * The pod-template-hash is controller.ComputeHash's form: FNV-32a, then
 * rand.SafeEncodeString of the decimal value ("7c5ddbdf54"). What is
 * hashed is podsim's canonical rendering of the template fields it models
 * (ctl_template_hash), not the Go object upstream feeds to DeepHashObject,
 * so the names are deterministic and change with the template, but are
 * not byte-identical to a real cluster's. Finding the new ReplicaSet
 * compares templates without that label (EqualIgnoreHash), so ReplicaSets
 * loaded from a dump, named by upstream, are recognised.
 *
 * Not modelled: paused Deployments, rollbacks, progress deadlines and
 * conditions, and the clean-up of old ReplicaSets beyond
 * revisionHistoryLimit (podsim never deletes workload objects).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "controllers.h"

#define SOURCE "deployment-controller"
#define HASH_LABEL "pod-template-hash"
#define DESIRED_ANNOTATION "deployment.kubernetes.io/desired-replicas"
#define MAX_ANNOTATION "deployment.kubernetes.io/max-replicas"
#define REVISION_ANNOTATION "deployment.kubernetes.io/revision"

/* One sync's view of a Deployment and its ReplicaSets. */
typedef struct dsync {
    podsim_sim *sim;
    podsim_id id;
    podsim_workload *d;
    int32_t replicas;
    int32_t surge;       /* MaxSurge */
    int32_t unavailable; /* MaxUnavailable */
    podsim_id new_rs;    /* PODSIM_NO_ID when there is none */
    podsim_id *old;      /* every other ReplicaSet, oldest first */
    size_t old_count;
} dsync;

static podsim_workload *rs_view(podsim_sim *sim, podsim_id rs) {
    return ctl_view(sim, PODSIM_KIND_REPLICASET, rs);
}

static int32_t rs_replicas(podsim_sim *sim, podsim_id rs) {
    const podsim_workload *v = rs_view(sim, rs);
    return v && v->replicas.set ? (int32_t)v->replicas.value : 0;
}

static bool is_rolling(const podsim_workload *d) {
    return strcmp(d->strategy_type, "Recreate") != 0;
}

/* deploymentutil.MaxSurge and MaxUnavailable */
static void fenceposts(dsync *s) {
    s->surge = 0;
    s->unavailable = 0;
    if (!is_rolling(s->d)) return;
    int32_t surge, unavailable;
    ctl_resolve_fenceposts(s->d->max_surge, s->d->max_unavailable, s->replicas,
                           &surge, &unavailable);
    s->surge = surge;
    if (s->replicas == 0) return;
    s->unavailable = unavailable > s->replicas ? s->replicas : unavailable;
}

/* The template hash of a ReplicaSet, without its pod-template-hash label
   (EqualIgnoreHash), cached per template. */
static uint32_t rs_template_hash(podsim_sim *sim, podsim_id rs) {
    ctl_workload *rw = ctl_workload_get(sim, PODSIM_KIND_REPLICASET, rs);
    const podsim_workload *v = rs_view(sim, rs);
    if (!rw || !v) return 0;
    if (rw->hashed_template != v->template_pod || !rw->hashed_template) {
        rw->hashed_template = v->template_pod;
        rw->template_hash = ctl_template_hash(v->template_pod, HASH_LABEL, 0);
    }
    return rw->template_hash;
}

/* ReplicaSetsByCreationTimestamp: older first, then by name. */
static bool created_before(podsim_sim *sim, podsim_id a, podsim_id b) {
    const podsim_workload *x = rs_view(sim, a), *y = rs_view(sim, b);
    int64_t ta = ctl_api_time(x->meta.creation_timestamp);
    int64_t tb = ctl_api_time(y->meta.creation_timestamp);
    if (ta != tb) return ta < tb;
    return strcmp(x->meta.name, y->meta.name) < 0;
}

typedef struct order_ctx {
    podsim_sim *sim;
    const podsim_id *ids;
    int mode; /* 0 by creation, 1 by size newer first, 2 by size older */
} order_ctx;

static bool order_before(const void *ctx, size_t x, size_t y) {
    const order_ctx *oc = ctx;
    podsim_id a = oc->ids[x], b = oc->ids[y];
    if (oc->mode != 0) {
        int32_t ra = rs_replicas(oc->sim, a), rb = rs_replicas(oc->sim, b);
        if (ra != rb) return ra > rb;
        if (oc->mode == 1) return created_before(oc->sim, b, a);
    }
    return created_before(oc->sim, a, b);
}

/* Sort ReplicaSet ids in place. */
static void sort_sets(podsim_sim *sim, podsim_id *ids, size_t n, int mode) {
    if (n < 2) return;
    size_t *order = malloc(n * sizeof(*order));
    podsim_id *copy = malloc(n * sizeof(*copy));
    if (!order || !copy) {
        free(order);
        free(copy);
        sim_fail_oom(sim);
        return;
    }
    for (size_t i = 0; i < n; i++) order[i] = i;
    memcpy(copy, ids, n * sizeof(*ids));
    order_ctx oc = {sim, copy, mode};
    if (!ctl_sort(order, n, order_before, &oc)) sim_fail_oom(sim);
    for (size_t i = 0; i < n; i++) ids[i] = copy[order[i]];
    free(order);
    free(copy);
}

/* ---- the ReplicaSets' annotations
 * ---------------------------------------------- */

/* Rewrite the view's deployment.kubernetes.io annotations from the state
   (other annotations kept). */
static void write_annotations(podsim_sim *sim, podsim_id rs) {
    podsim_workload *v = rs_view(sim, rs);
    ctl_workload *rw = ctl_workload_get(sim, PODSIM_KIND_REPLICASET, rs);
    if (!v || !rw) return;
    const podsim_kvs *old = &v->meta.annotations;
    podsim_kv *items =
        arena_alloc(&sim->c->mem, (old->count + 3) * sizeof(*items));
    if (!items) {
        sim_fail_oom(sim);
        return;
    }
    size_t n = 0;
    for (size_t i = 0; i < old->count; i++) {
        const char *k = old->items[i].key;
        if (strcmp(k, DESIRED_ANNOTATION) == 0 ||
            strcmp(k, MAX_ANNOTATION) == 0 ||
            strcmp(k, REVISION_ANNOTATION) == 0) {
            continue;
        }
        items[n++] = old->items[i];
    }
    if (rw->desired_annotation >= 0) {
        items[n].key = DESIRED_ANNOTATION;
        items[n++].value = sim_internf(sim, "%d", (int)rw->desired_annotation);
    }
    if (rw->max_annotation >= 0) {
        items[n].key = MAX_ANNOTATION;
        items[n++].value = sim_internf(sim, "%d", (int)rw->max_annotation);
    }
    if (rw->revision > 0) {
        items[n].key = REVISION_ANNOTATION;
        items[n++].value = sim_internf(sim, "%lld", (long long)rw->revision);
    }
    v->meta.annotations.items = items;
    v->meta.annotations.count = n;
}

/* scaleReplicaSet: spec.replicas and the replicas annotations; the event
   when the size changed. True when it was scaled. */
static bool scale_rs(dsync *s, podsim_id rs, int32_t scale) {
    podsim_workload *v = rs_view(s->sim, rs);
    ctl_workload *rw = ctl_workload_get(s->sim, PODSIM_KIND_REPLICASET, rs);
    if (!v || !rw) return false;
    int32_t old = rs_replicas(s->sim, rs);
    bool size = old != scale || !v->replicas.set;
    int32_t max = s->replicas + s->surge;
    bool annotations =
        rw->desired_annotation != s->replicas || rw->max_annotation != max;
    if (!size && !annotations) return false;
    v->replicas.set = true;
    v->replicas.value = scale;
    rw->desired_annotation = s->replicas;
    rw->max_annotation = max;
    write_annotations(s->sim, rs);
    if (size) {
        sim_event(s->sim, "Normal", "ScalingReplicaSet", PODSIM_KIND_DEPLOYMENT,
                  s->id, NULL, SOURCE, "Scaled %s replica set %s from %d to %d",
                  old < scale ? "up" : "down", v->meta.name, (int)old,
                  (int)scale);
    }
    sim_workload_changed(s->sim, PODSIM_KIND_REPLICASET, rs,
                         WATCH_WORKLOAD_UPDATED);
    return size;
}

/* scaleReplicaSetAndRecordEvent */
static bool scale_rs_if_needed(dsync *s, podsim_id rs, int32_t scale) {
    if (rs_replicas(s->sim, rs) == scale) return false;
    return scale_rs(s, rs, scale);
}

/* ---- finding and creating ReplicaSets
 * ---------------------------------------- */

static void load_sets(dsync *s) {
    ctl_workload *dw = ctl_workload_get(s->sim, PODSIM_KIND_DEPLOYMENT, s->id);
    size_t n = dw ? dw->replica_sets.len : 0;
    s->old = malloc((n ? n : 1) * sizeof(*s->old));
    s->old_count = 0;
    s->new_rs = PODSIM_NO_ID;
    if (!s->old) {
        sim_fail_oom(s->sim);
        return;
    }
    if (n) memcpy(s->old, dw->replica_sets.data, n * sizeof(*s->old));
    sort_sets(s->sim, s->old, n, 0);
    /* FindNewReplicaSet: the oldest whose template equals ours */
    uint32_t want = ctl_template_hash(s->d->template_pod, HASH_LABEL, 0);
    for (size_t i = 0; i < n; i++) {
        if (s->new_rs == PODSIM_NO_ID &&
            rs_template_hash(s->sim, s->old[i]) == want) {
            s->new_rs = s->old[i];
            continue;
        }
        s->old[s->old_count++] = s->old[i];
    }
}

static int64_t max_old_revision(dsync *s) {
    int64_t max = 0;
    for (size_t i = 0; i < s->old_count; i++) {
        ctl_workload *rw =
            ctl_workload_get(s->sim, PODSIM_KIND_REPLICASET, s->old[i]);
        if (rw && rw->revision > max) max = rw->revision;
    }
    return max;
}

/* labelsutil.CloneAndAddLabel */
static podsim_kvs with_label(podsim_sim *sim, const podsim_kvs *in,
                             const char *key, const char *value) {
    podsim_kvs out = {NULL, 0};
    podsim_kv *items =
        arena_alloc(&sim->c->mem, (in->count + 1) * sizeof(*items));
    if (!items) {
        sim_fail_oom(sim);
        return out;
    }
    size_t n = 0;
    for (size_t i = 0; i < in->count; i++) {
        if (strcmp(in->items[i].key, key) != 0) items[n++] = in->items[i];
    }
    items[n].key = sim_intern(sim, key);
    items[n++].value = sim_intern(sim, value);
    out.items = items;
    out.count = n;
    return out;
}

static const char *new_uid(podsim_sim *sim) {
    return sim_internf(sim, "%08llx-%04llx-4%03llx-8%03llx-%012llx",
                       (unsigned long long)sim_random(sim, 1LL << 32),
                       (unsigned long long)sim_random(sim, 1LL << 16),
                       (unsigned long long)sim_random(sim, 1LL << 12),
                       (unsigned long long)sim_random(sim, 1LL << 12),
                       (unsigned long long)sim_random(sim, 1LL << 48));
}

/* The ReplicaSet object getNewReplicaSet creates. */
static podsim_id create_rs_object(dsync *s, const char *name, const char *hash,
                                  int32_t replicas, int64_t revision) {
    podsim_sim *sim = s->sim;
    const podsim_workload *d = s->d;
    podsim_pod *tmpl = arena_alloc(&sim->c->mem, sizeof(*tmpl));
    podsim_label_selector *sel = arena_alloc(&sim->c->mem, sizeof(*sel));
    podsim_owner_reference *ref = arena_alloc(&sim->c->mem, sizeof(*ref));
    if (!tmpl || !sel || !ref) {
        sim_fail_oom(sim);
        return PODSIM_NO_ID;
    }
    *tmpl = *d->template_pod;
    tmpl->meta.labels =
        with_label(sim, &d->template_pod->meta.labels, HASH_LABEL, hash);
    if (d->selector) *sel = *d->selector;
    sel->match_labels = with_label(sim, &sel->match_labels, HASH_LABEL, hash);
    const char *interned = sim_intern(sim, name);
    const char *uid = new_uid(sim);
    /* the view last, so that a failure leaves no half-made object */
    podsim_workload *rs =
        sim->failed ? NULL : cluster_new_object(sim->c, PODSIM_KIND_REPLICASET);
    if (!rs) {
        sim_fail_oom(sim);
        return PODSIM_NO_ID;
    }
    podsim_id id = rs->id;
    ref->api_version = "apps/v1";
    ref->kind = "Deployment";
    ref->name = d->meta.name;
    ref->uid = d->meta.uid;
    ref->controller = true;
    ref->block_owner_deletion = true;

    rs->kind = PODSIM_KIND_REPLICASET;
    rs->meta.namespace_ = d->meta.namespace_;
    rs->meta.name = interned;
    rs->meta.uid = uid;
    rs->meta.resource_version = "";
    rs->meta.labels = tmpl->meta.labels;
    rs->meta.owner_references = ref;
    rs->meta.owner_reference_count = 1;
    rs->meta.creation_timestamp = sim_wall(sim, sim->now);
    rs->meta.deletion_timestamp = PODSIM_NO_TIME;
    rs->selector = sel;
    rs->replicas.set = true;
    rs->replicas.value = replicas;
    rs->min_ready_seconds = d->min_ready_seconds;
    rs->strategy_type = rs->max_surge = rs->max_unavailable = "";
    rs->pod_management_policy = rs->service_name = "";
    rs->completion_mode = rs->pod_replacement_policy = "";
    rs->template_pod = tmpl;
    if (cluster_index_add(sim->c, PODSIM_KIND_REPLICASET, rs->meta.namespace_,
                          rs->meta.name, id) != PODSIM_OK) {
        sim_fail_oom(sim);
        return PODSIM_NO_ID;
    }
    /* register it with its owner, then give it its annotations */
    ctl_absorb(sim);
    ctl_workload *rw = ctl_workload_get(sim, PODSIM_KIND_REPLICASET, id);
    if (!rw) return PODSIM_NO_ID;
    rw->revision = revision;
    rw->desired_annotation = s->replicas;
    rw->max_annotation = s->replicas + s->surge;
    write_annotations(sim, id);
    sim_workload_changed(sim, PODSIM_KIND_REPLICASET, id,
                         WATCH_WORKLOAD_CREATED);
    return id;
}

/* getNewReplicaSet with createIfNotExisted. */
static void create_new_rs(dsync *s, int64_t revision) {
    ctl_workload *dw = ctl_workload_get(s->sim, PODSIM_KIND_DEPLOYMENT, s->id);
    if (!dw || !s->d->template_pod) return;
    /* NewRSNewReplicas with a ReplicaSet of 0 among the old ones */
    int32_t replicas = s->replicas;
    if (is_rolling(s->d)) {
        int32_t current = 0;
        for (size_t i = 0; i < s->old_count; i++) {
            current += rs_replicas(s->sim, s->old[i]);
        }
        replicas = ctl_new_rs_new_replicas(s->replicas, s->surge, current, 0);
    }
    /* a name taken by another object is a hash collision: the controller
       bumps status.collisionCount and hashes again */
    for (int attempt = 0; attempt < 16; attempt++) {
        uint32_t h =
            ctl_template_hash(s->d->template_pod, NULL, dw->collision_count);
        char hash[16];
        ctl_safe_encode(h, hash);
        char name[512];
        snprintf(name, sizeof name, "%s-%s", s->d->meta.name, hash);
        if (cluster_lookup(s->sim->c, PODSIM_KIND_REPLICASET,
                           s->d->meta.namespace_, name) != PODSIM_NO_ID) {
            dw->collision_count++;
            continue;
        }
        s->new_rs = create_rs_object(s, name, hash, replicas, revision);
        if (s->new_rs != PODSIM_NO_ID && replicas > 0) {
            sim_event(s->sim, "Normal", "ScalingReplicaSet",
                      PODSIM_KIND_DEPLOYMENT, s->id, NULL, SOURCE,
                      "Scaled up replica set %s from 0 to %d", name,
                      (int)replicas);
        }
        return;
    }
}

/* getAllReplicaSetsAndSyncRevision */
static void sync_revision(dsync *s, bool create) {
    int64_t revision = max_old_revision(s) + 1;
    if (s->new_rs == PODSIM_NO_ID) {
        if (create) create_new_rs(s, revision);
        return;
    }
    ctl_workload *rw =
        ctl_workload_get(s->sim, PODSIM_KIND_REPLICASET, s->new_rs);
    podsim_workload *v = rs_view(s->sim, s->new_rs);
    if (!rw || !v) return;
    bool changed = false;
    if (rw->revision < revision) {
        rw->revision = revision;
        write_annotations(s->sim, s->new_rs);
        changed = true;
    }
    if (v->min_ready_seconds.set != s->d->min_ready_seconds.set ||
        v->min_ready_seconds.value != s->d->min_ready_seconds.value) {
        v->min_ready_seconds = s->d->min_ready_seconds;
        changed = true;
    }
    if (changed) {
        sim_workload_changed(s->sim, PODSIM_KIND_REPLICASET, s->new_rs,
                             WATCH_WORKLOAD_UPDATED);
    }
}

/* ---- sums over ReplicaSets
 * ------------------------------------------------------- */

typedef struct sums {
    int32_t spec, status, ready, available;
} sums;

static sums sum_of(podsim_sim *sim, const podsim_id *ids, size_t n) {
    sums t = {0, 0, 0, 0};
    for (size_t i = 0; i < n; i++) {
        const podsim_workload *v = rs_view(sim, ids[i]);
        if (!v) continue;
        t.spec += v->replicas.set ? (int32_t)v->replicas.value : 0;
        t.status += v->status_replicas;
        t.ready += v->status_ready_replicas;
        t.available += v->status_available_replicas;
    }
    return t;
}

static sums all_sums(dsync *s) {
    sums t = sum_of(s->sim, s->old, s->old_count);
    if (s->new_rs != PODSIM_NO_ID) {
        sums n = sum_of(s->sim, &s->new_rs, 1);
        t.spec += n.spec;
        t.status += n.status;
        t.ready += n.ready;
        t.available += n.available;
    }
    return t;
}

/* ---- RollingUpdate (rolling.go)
 * --------------------------------------------------- */

static bool reconcile_new(dsync *s) {
    int32_t cur = rs_replicas(s->sim, s->new_rs);
    if (cur == s->replicas) return false;
    if (cur > s->replicas) return scale_rs_if_needed(s, s->new_rs, s->replicas);
    int32_t total = all_sums(s).spec;
    return scale_rs_if_needed(
        s, s->new_rs,
        ctl_new_rs_new_replicas(s->replicas, s->surge, total, cur));
}

/* cleanupUnhealthyReplicas: old ReplicaSets lose their unavailable pods
   first, oldest ReplicaSet first. */
static int32_t cleanup_unhealthy(dsync *s, int32_t max_cleanup) {
    int32_t total = 0;
    for (size_t i = 0; i < s->old_count && total < max_cleanup; i++) {
        podsim_id rs = s->old[i];
        int32_t spec = rs_replicas(s->sim, rs);
        if (spec == 0) continue;
        int32_t available = rs_view(s->sim, rs)->status_available_replicas;
        if (spec == available) continue;
        int32_t down = max_cleanup - total;
        if (spec - available < down) down = spec - available;
        if (down <= 0) continue;
        scale_rs_if_needed(s, rs, spec - down);
        total += down;
    }
    return total;
}

/* scaleDownOldReplicaSetsForRollingUpdate */
static int32_t scale_down_old(dsync *s) {
    int32_t min_available = s->replicas - s->unavailable;
    int32_t available = all_sums(s).available;
    if (available <= min_available) return 0;
    int32_t want = available - min_available, total = 0;
    for (size_t i = 0; i < s->old_count && total < want; i++) {
        podsim_id rs = s->old[i];
        int32_t spec = rs_replicas(s->sim, rs);
        if (spec == 0) continue;
        int32_t down = spec < want - total ? spec : want - total;
        scale_rs_if_needed(s, rs, spec - down);
        total += down;
    }
    return total;
}

static bool reconcile_old(dsync *s) {
    int32_t old_pods = sum_of(s->sim, s->old, s->old_count).spec;
    if (old_pods == 0) return false;
    const podsim_workload *nv = rs_view(s->sim, s->new_rs);
    int32_t max_down = ctl_max_scaled_down(
        all_sums(s).spec, s->replicas, s->unavailable,
        rs_replicas(s->sim, s->new_rs), nv ? nv->status_available_replicas : 0);
    if (max_down <= 0) return false;
    int32_t cleaned = cleanup_unhealthy(s, max_down);
    int32_t scaled = scale_down_old(s);
    return cleaned + scaled > 0;
}

static void rollout_rolling(dsync *s) {
    sync_revision(s, true);
    if (s->new_rs == PODSIM_NO_ID) return;
    if (reconcile_new(s)) return;
    reconcile_old(s);
}

/* ---- Recreate (recreate.go)
 * ------------------------------------------------------- */

/* oldPodsRunning: an old ReplicaSet still counts pods, or one of its pods
   is not terminal (terminating pods included). */
static bool old_pods_running(dsync *s) {
    if (sum_of(s->sim, s->old, s->old_count).status > 0) return true;
    for (size_t i = 0; i < s->old_count; i++) {
        ctl_workload *rw =
            ctl_workload_get(s->sim, PODSIM_KIND_REPLICASET, s->old[i]);
        if (!rw) continue;
        const podsim_id *ids = rw->pods.data;
        for (size_t j = 0; j < rw->pods.len; j++) {
            const podsim_pod *p = ctl_pod(s->sim, ids[j]);
            if (p && !p->removed && !ctl_pod_terminal(p)) return true;
        }
    }
    return false;
}

static void rollout_recreate(dsync *s) {
    sync_revision(s, false);
    bool scaled = false;
    for (size_t i = 0; i < s->old_count; i++) {
        if (rs_replicas(s->sim, s->old[i]) == 0) continue;
        scaled |= scale_rs_if_needed(s, s->old[i], 0);
    }
    if (scaled || old_pods_running(s)) return;
    if (s->new_rs == PODSIM_NO_ID) sync_revision(s, true);
    if (s->new_rs == PODSIM_NO_ID) return;
    /* scaleUpNewReplicaSetForRecreate */
    scale_rs_if_needed(s, s->new_rs, s->replicas);
}

/* ---- scaling (sync.go)
 * ------------------------------------------------------------ */

static bool is_active_rs(podsim_sim *sim, podsim_id rs) {
    return rs != PODSIM_NO_ID && rs_replicas(sim, rs) > 0;
}

/* isScalingEvent: an active ReplicaSet was sized for another replica
   count. */
static bool scaling_event(dsync *s) {
    for (size_t i = 0; i <= s->old_count; i++) {
        podsim_id rs = i < s->old_count ? s->old[i] : s->new_rs;
        if (!is_active_rs(s->sim, rs)) continue;
        ctl_workload *rw = ctl_workload_get(s->sim, PODSIM_KIND_REPLICASET, rs);
        if (rw && rw->desired_annotation >= 0 &&
            rw->desired_annotation != s->replicas) {
            return true;
        }
    }
    return false;
}

/* getReplicaSetFraction */
static int32_t rs_fraction(dsync *s, podsim_id rs) {
    int32_t spec = rs_replicas(s->sim, rs);
    if (s->replicas == 0) return -spec;
    int32_t max_now = s->replicas + s->surge;
    ctl_workload *rw = ctl_workload_get(s->sim, PODSIM_KIND_REPLICASET, rs);
    int32_t before = rw ? rw->max_annotation : -1;
    if (before <= 0) before = s->d->status_replicas;
    if (before <= 0) return 0;
    double size = (double)spec / (double)before * (double)max_now;
    /* integer.RoundToInt32: half away from zero */
    int32_t rounded = (int32_t)(size < 0 ? size - 0.5 : size + 0.5);
    return rounded - spec;
}

/* GetProportion */
static int32_t proportion(dsync *s, podsim_id rs, int32_t to_add,
                          int32_t added) {
    if (rs_replicas(s->sim, rs) == 0 || to_add == 0 || to_add == added) {
        return 0;
    }
    int32_t fraction = rs_fraction(s, rs);
    int32_t allowed = to_add - added;
    if (to_add > 0) return fraction < allowed ? fraction : allowed;
    return fraction > allowed ? fraction : allowed;
}

/* IsSaturated */
static bool saturated(dsync *s, podsim_id rs) {
    if (rs == PODSIM_NO_ID) return false;
    ctl_workload *rw = ctl_workload_get(s->sim, PODSIM_KIND_REPLICASET, rs);
    const podsim_workload *v = rs_view(s->sim, rs);
    return rw && v && rs_replicas(s->sim, rs) == s->replicas &&
           rw->desired_annotation == s->replicas &&
           v->status_available_replicas == s->replicas;
}

static void proportional_scale(dsync *s) {
    podsim_id *all = malloc((s->old_count + 1) * sizeof(*all));
    int32_t *sizes = malloc((s->old_count + 1) * sizeof(*sizes));
    if (!all || !sizes) {
        free(all);
        free(sizes);
        sim_fail_oom(s->sim);
        return;
    }
    size_t n = 0;
    for (size_t i = 0; i <= s->old_count; i++) {
        podsim_id rs = i < s->old_count ? s->old[i] : s->new_rs;
        if (is_active_rs(s->sim, rs)) all[n++] = rs;
    }
    int32_t allowed = s->replicas > 0 ? s->replicas + s->surge : 0;
    int32_t to_add = allowed - sum_of(s->sim, all, n).spec;
    if (to_add > 0) sort_sets(s->sim, all, n, 1);
    if (to_add < 0) sort_sets(s->sim, all, n, 2);
    int32_t added = 0;
    for (size_t i = 0; i < n; i++) {
        sizes[i] = rs_replicas(s->sim, all[i]);
        if (to_add != 0) {
            int32_t p = proportion(s, all[i], to_add, added);
            sizes[i] += p;
            added += p;
        }
    }
    for (size_t i = 0; i < n; i++) {
        /* leftovers go to the largest ReplicaSet */
        if (i == 0 && to_add != 0) {
            sizes[i] += to_add - added;
            if (sizes[i] < 0) sizes[i] = 0;
        }
        scale_rs(s, all[i], sizes[i]);
    }
    free(all);
    free(sizes);
}

/* sync.go scale */
static void scale(dsync *s) {
    /* FindActiveOrLatest */
    size_t active = 0;
    podsim_id only = PODSIM_NO_ID;
    for (size_t i = 0; i <= s->old_count; i++) {
        podsim_id rs = i < s->old_count ? s->old[i] : s->new_rs;
        if (is_active_rs(s->sim, rs)) {
            active++;
            only = rs;
        }
    }
    if (active == 0 && (s->new_rs != PODSIM_NO_ID || s->old_count)) {
        only = s->new_rs != PODSIM_NO_ID ? s->new_rs : s->old[s->old_count - 1];
    }
    if (active <= 1 && only != PODSIM_NO_ID) {
        if (rs_replicas(s->sim, only) != s->replicas) {
            scale_rs(s, only, s->replicas);
        }
        return;
    }
    if (saturated(s, s->new_rs)) {
        for (size_t i = 0; i < s->old_count; i++) {
            if (is_active_rs(s->sim, s->old[i])) {
                scale_rs_if_needed(s, s->old[i], 0);
            }
        }
        return;
    }
    if (is_rolling(s->d)) proportional_scale(s);
}

/* ---- status
 * ----------------------------------------------------------------------- */

static void sync_status(dsync *s) {
    sums t = all_sums(s);
    int32_t updated = 0;
    if (s->new_rs != PODSIM_NO_ID) {
        updated = rs_view(s->sim, s->new_rs)->status_replicas;
    }
    podsim_workload *d = s->d;
    ctl_status_field(s->sim, PODSIM_KIND_DEPLOYMENT, s->id, "replicas",
                     &d->status_replicas, t.status, false);
    ctl_status_field(s->sim, PODSIM_KIND_DEPLOYMENT, s->id, "updatedReplicas",
                     &d->status_updated_replicas, updated, false);
    ctl_status_field(s->sim, PODSIM_KIND_DEPLOYMENT, s->id, "readyReplicas",
                     &d->status_ready_replicas, t.ready, false);
    ctl_status_field(s->sim, PODSIM_KIND_DEPLOYMENT, s->id, "availableReplicas",
                     &d->status_available_replicas, t.available, false);
}

void ctl_deployment_sync(podsim_sim *sim, podsim_id id) {
    podsim_workload *d = ctl_view(sim, PODSIM_KIND_DEPLOYMENT, id);
    if (!d || !d->template_pod) return;
    dsync s;
    memset(&s, 0, sizeof s);
    s.sim = sim;
    s.id = id;
    s.d = d;
    s.replicas = d->replicas.set ? (int32_t)d->replicas.value : 1;
    fenceposts(&s);
    load_sets(&s);
    if (sim->failed) {
        free(s.old);
        return;
    }
    if (scaling_event(&s)) {
        sync_revision(&s, false);
        scale(&s);
    } else if (is_rolling(d)) {
        rollout_rolling(&s);
    } else {
        rollout_recreate(&s);
    }
    sync_status(&s);
    free(s.old);
}

void ctl_deployment_pod_removed(podsim_sim *sim, podsim_id rs) {
    ctl_workload *rw = ctl_workload_get(sim, PODSIM_KIND_REPLICASET, rs);
    if (!rw || rw->owner == PODSIM_NO_ID) return;
    const podsim_workload *d =
        podsim_cluster_workload(sim->c, PODSIM_KIND_DEPLOYMENT, rw->owner);
    /* deployment_controller.go deletePod: Recreate waits for old pods */
    if (d && !is_rolling(d))
        ctl_enqueue(sim, PODSIM_KIND_DEPLOYMENT, rw->owner);
}
