/*
 * sim_pods.c - pods as the API server creates, deletes and removes them in
 * a simulation.
 *
 * Creation follows what a controller's pod template becomes
 * (pkg/controller/controller_utils.go GetPodFromTemplate: the template's
 * labels, annotations and spec, an ownerReference with controller: true,
 * generateName = "<owner name>-") and the API server's admission and
 * defaulting (names from generateName get 5 characters of
 * k8s.io/apimachinery/pkg/util/rand.String's alphabet; priority from the
 * PriorityClass). Deletion follows pkg/registry/core/pod/strategy.go
 * CheckGracefulDelete: the grace period is the request's or the pod's
 * terminationGracePeriodSeconds, and 0 for a pod that is not bound or
 * already finished, which then disappears at once.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim.h"

/* k8s.io/apimachinery/pkg/util/rand: no vowels, no confusable digits */
static const char NAME_ALPHABET[] = "bcdfghjklmnpqrstvwxz2456789";

static void random_suffix(podsim_sim *sim, char out[6]) {
    for (int i = 0; i < 5; i++) {
        out[i] =
            NAME_ALPHABET[sim_random(sim, (int64_t)sizeof NAME_ALPHABET - 1)];
    }
    out[5] = '\0';
}

static const char *new_uid(podsim_sim *sim) {
    uint64_t a = rng_next(&sim->rng), b = rng_next(&sim->rng);
    return sim_internf(sim, "%08llx-%04llx-4%03llx-8%03llx-%012llx",
                       (unsigned long long)(a >> 32),
                       (unsigned long long)((a >> 16) & 0xffff),
                       (unsigned long long)(a & 0xfff),
                       (unsigned long long)((b >> 48) & 0xfff),
                       (unsigned long long)(b & 0xffffffffffffull));
}

/* Template labels plus the controller's own (pod-template-hash, ...). */
static bool merge_labels(podsim_sim *sim, podsim_pod *p, const podsim_kvs *base,
                         const podsim_kv *extra, size_t extra_count) {
    size_t n = base->count + extra_count;
    if (!extra_count) {
        p->meta.labels = *base;
        return true;
    }
    podsim_kv *items = arena_alloc(&sim->c->mem, n * sizeof(*items));
    if (!items) return false;
    size_t count = 0;
    for (size_t i = 0; i < base->count; i++) {
        bool overridden = false;
        for (size_t j = 0; j < extra_count; j++) {
            if (strcmp(base->items[i].key, extra[j].key) == 0) {
                overridden = true;
            }
        }
        if (!overridden) items[count++] = base->items[i];
    }
    for (size_t j = 0; j < extra_count; j++) {
        items[count].key = sim_intern(sim, extra[j].key);
        items[count].value = sim_intern(sim, extra[j].value);
        count++;
    }
    p->meta.labels.items = items;
    p->meta.labels.count = count;
    return true;
}

static bool set_owner_reference(podsim_sim *sim, podsim_pod *p,
                                sim_owner owner) {
    const podsim_workload *w =
        podsim_cluster_workload(sim->c, (podsim_kind)owner.kind, owner.id);
    if (!w) return true;
    podsim_owner_reference *ref = arena_alloc(&sim->c->mem, sizeof(*ref));
    if (!ref) return false;
    ref->api_version = owner.kind == PODSIM_KIND_JOB ? "batch/v1" : "apps/v1";
    ref->kind = podsim_kind_name((podsim_kind)owner.kind);
    ref->name = w->meta.name;
    ref->uid = w->meta.uid;
    ref->controller = true;
    ref->block_owner_deletion = true;
    p->meta.owner_references = ref;
    p->meta.owner_reference_count = 1;
    return true;
}

podsim_id sim_create_pod(podsim_sim *sim, const podsim_pod *template_pod,
                         sim_owner owner, const char *name,
                         const podsim_kv *extra_labels, size_t extra_count,
                         podsim_status *status) {
    *status = PODSIM_OK;
    const podsim_workload *w =
        podsim_cluster_workload(sim->c, (podsim_kind)owner.kind, owner.id);
    char generated[512];
    if (!name) {
        char suffix[6];
        random_suffix(sim, suffix);
        snprintf(generated, sizeof generated, "%s-%s", w ? w->meta.name : "pod",
                 suffix);
        name = generated;
    }
    const char *ns = template_pod->meta.namespace_;
    if (w) ns = w->meta.namespace_;
    if (!ns || !ns[0]) ns = "default";
    if (cluster_lookup(sim->c, PODSIM_KIND_POD, ns, name) != PODSIM_NO_ID) {
        *status = PODSIM_EEXIST;
        return PODSIM_NO_ID;
    }
    podsim_pod *p = cluster_new_object(sim->c, PODSIM_KIND_POD);
    if (!p) goto oom;
    podsim_id id = p->id;
    p->meta = template_pod->meta;
    p->spec = template_pod->spec;
    p->requests = template_pod->requests;
    p->id = id;
    p->node = PODSIM_NO_ID;
    p->removed = false;
    memset(&p->status, 0, sizeof(p->status));
    p->status.has_phase = true;
    p->status.phase = PODSIM_PHASE_PENDING;
    p->status.reason = p->status.message = "";
    p->status.nominated_node_name = p->status.pod_ip = p->status.host_ip = "";
    p->status.qos_class = "";
    p->status.start_time = PODSIM_NO_TIME;
    p->spec.node_name = "";
    p->meta.namespace_ = sim_intern(sim, ns);
    p->meta.name = sim_intern(sim, name);
    p->meta.uid = new_uid(sim);
    p->meta.resource_version = "";
    p->meta.creation_timestamp = sim_wall(sim, sim->now);
    p->meta.deletion_timestamp = PODSIM_NO_TIME;
    p->meta.deletion_grace_period_seconds.set = false;
    p->meta.owner_references = NULL;
    p->meta.owner_reference_count = 0;
    if (!merge_labels(sim, p, &template_pod->meta.labels, extra_labels,
                      extra_count) ||
        !set_owner_reference(sim, p, owner) || sim->failed) {
        goto oom;
    }
    admit_pod_priority(sim->c, p);
    if (cluster_index_add(sim->c, PODSIM_KIND_POD, p->meta.namespace_,
                          p->meta.name, id) != PODSIM_OK) {
        goto oom;
    }
    sched_pod_added_unbound(sim->c);
    sim_set_pod_owner(sim, id, owner);
    sim->stats.pods_created++;
    sim_pod_changed(sim, id, WATCH_CREATED);
    return id;
oom:
    sim_fail_oom(sim);
    *status = PODSIM_ENOMEM;
    return PODSIM_NO_ID;
}

static bool finished(const podsim_pod *p) {
    return p->status.has_phase && (p->status.phase == PODSIM_PHASE_SUCCEEDED ||
                                   p->status.phase == PODSIM_PHASE_FAILED);
}

void sim_delete_pod(podsim_sim *sim, podsim_id pod, int64_t grace_seconds) {
    podsim_pod *p = (podsim_pod *)podsim_cluster_pod(sim->c, pod);
    if (!p || p->removed) return;
    if (p->meta.deletion_timestamp != PODSIM_NO_TIME) {
        /* a second DELETE may only shorten the grace period */
        int64_t grace = grace_seconds < 0
                            ? p->spec.termination_grace_period_seconds
                            : grace_seconds;
        int64_t deadline = sim_wall(sim, sim->now) + grace * 1000;
        if (deadline >= p->meta.deletion_timestamp) return;
        p->meta.deletion_timestamp = deadline;
        p->meta.deletion_grace_period_seconds.set = true;
        p->meta.deletion_grace_period_seconds.value = grace;
        sim_pod_changed(sim, pod, WATCH_DELETING);
        return;
    }
    /* CheckGracefulDelete: grace 0 for unscheduled or finished pods */
    if (!p->spec.node_name[0] || finished(p)) {
        sim_remove_pod(sim, pod);
        return;
    }
    int64_t grace = grace_seconds < 0 ? p->spec.termination_grace_period_seconds
                                      : grace_seconds;
    if (grace < 0) grace = 0;
    p->meta.deletion_timestamp = sim_wall(sim, sim->now) + grace * 1000;
    p->meta.deletion_grace_period_seconds.set = true;
    p->meta.deletion_grace_period_seconds.value = grace;
    sched_pod_terminating(sim->c, p);
    sim_pod_changed(sim, pod, WATCH_DELETING);
}

void sim_release_pod(podsim_sim *sim, podsim_id pod) {
    const podsim_pod *p = podsim_cluster_pod(sim->c, pod);
    if (!p || p->node == PODSIM_NO_ID) return;
    (void)cluster_release_pod(sim->c, pod);
    sched_pod_released(sim->c, p);
}

void sim_remove_pod(podsim_sim *sim, podsim_id pod) {
    podsim_pod *p = (podsim_pod *)podsim_cluster_pod(sim->c, pod);
    if (!p || p->removed) return;
    /* a pod that still held capacity gives it back now */
    if (p->node != PODSIM_NO_ID && pod_holds_resources(p)) {
        sim_release_pod(sim, pod);
    }
    if (p->meta.deletion_timestamp == PODSIM_NO_TIME) {
        p->meta.deletion_timestamp = sim_wall(sim, sim->now);
    }
    cluster_remove_pod(sim->c, pod);
    sim->stats.pods_deleted++;
    sim_pod_changed(sim, pod, WATCH_REMOVED);
}

/* ---- the pod's status, owned by the simulation ------------------------------
 *
 * A loaded pod's status arrays live in the (shared, read-only) loaded
 * model; the first write gives the pod its own block, copied from what was
 * loaded, which later writes change in place. A fork copies every block. */

typedef struct sim_status_block {
    size_t condition_cap;
    size_t init_count;
    size_t container_count;
    /* then: podsim_condition[condition_cap],
             podsim_container_status[init_count + container_count] */
} sim_status_block;

static podsim_condition *block_conditions(sim_status_block *b) {
    return (podsim_condition *)(b + 1);
}

static podsim_container_status *block_containers(sim_status_block *b) {
    return (podsim_container_status *)(block_conditions(b) + b->condition_cap);
}

static size_t block_size(size_t conditions, size_t containers) {
    return sizeof(sim_status_block) + conditions * sizeof(podsim_condition) +
           containers * sizeof(podsim_container_status);
}

static void empty_status(podsim_container_status *cs,
                         const podsim_container *c) {
    memset(cs, 0, sizeof(*cs));
    cs->name = c->name;
    cs->kind = c->kind;
    cs->image = c->image;
    cs->image_id = "";
    cs->container_id = "";
    cs->state.reason = cs->state.message = "";
    cs->state.started_at = cs->state.finished_at = PODSIM_NO_TIME;
    cs->last_state.reason = cs->last_state.message = "";
    cs->last_state.started_at = cs->last_state.finished_at = PODSIM_NO_TIME;
}

/* Loaded statuses by name, else a fresh one per spec container. */
static void fill_containers(podsim_container_status *out,
                            const podsim_container *spec, size_t n,
                            const podsim_container_status *loaded,
                            size_t loaded_n) {
    for (size_t i = 0; i < n; i++) {
        empty_status(&out[i], &spec[i]);
        for (size_t j = 0; j < loaded_n; j++) {
            if (strcmp(loaded[j].name, spec[i].name) == 0) {
                out[i] = loaded[j];
                out[i].kind = spec[i].kind;
                break;
            }
        }
    }
}

static sim_status_block **block_slot(podsim_sim *sim, podsim_id pod) {
    while (sim->pod_blocks.len <= (size_t)pod) {
        if (!vec_push(&sim->pod_blocks)) {
            sim_fail_oom(sim);
            return NULL;
        }
    }
    return vec_at(&sim->pod_blocks, (size_t)pod);
}

/* Point the view at the block's arrays. */
static void attach_block(podsim_pod *p, sim_status_block *b,
                         size_t condition_count) {
    p->status.conditions = block_conditions(b);
    p->status.condition_count = condition_count;
    podsim_container_status *cs = block_containers(b);
    p->status.init_container_statuses = cs;
    p->status.init_container_status_count = b->init_count;
    p->status.container_statuses = cs + b->init_count;
    p->status.container_status_count = b->container_count;
}

static sim_status_block *own_block(podsim_sim *sim, podsim_id pod) {
    podsim_pod *p = (podsim_pod *)podsim_cluster_pod(sim->c, pod);
    if (!p) return NULL;
    sim_status_block **slot = block_slot(sim, pod);
    if (!slot) return NULL;
    if (*slot) return *slot;
    size_t cap = p->status.condition_count + 8;
    size_t init = p->spec.init_container_count;
    size_t regular = p->spec.container_count;
    sim_status_block *b = calloc(1, block_size(cap, init + regular));
    if (!b) {
        sim_fail_oom(sim);
        return NULL;
    }
    b->condition_cap = cap;
    b->init_count = init;
    b->container_count = regular;
    if (p->status.condition_count) {
        memcpy(block_conditions(b), p->status.conditions,
               p->status.condition_count * sizeof(podsim_condition));
    }
    podsim_container_status *cs = block_containers(b);
    fill_containers(cs, p->spec.init_containers, init,
                    p->status.init_container_statuses,
                    p->status.init_container_status_count);
    fill_containers(cs + init, p->spec.containers, regular,
                    p->status.container_statuses,
                    p->status.container_status_count);
    *slot = b;
    attach_block(p, b, p->status.condition_count);
    return b;
}

podsim_container_status *sim_pod_containers(podsim_sim *sim, podsim_id pod,
                                            size_t *count) {
    sim_status_block *b = own_block(sim, pod);
    *count = b ? b->init_count + b->container_count : 0;
    return b ? block_containers(b) : NULL;
}

podsim_pod *sim_pod_mut(podsim_sim *sim, podsim_id pod) {
    if (!own_block(sim, pod)) return NULL;
    return (podsim_pod *)podsim_cluster_pod(sim->c, pod);
}

bool sim_pod_set_condition(podsim_sim *sim, podsim_id pod, const char *type,
                           const char *status, const char *reason,
                           const char *message) {
    sim_status_block *b = own_block(sim, pod);
    if (!b) return false;
    podsim_pod *p = (podsim_pod *)podsim_cluster_pod(sim->c, pod);
    podsim_condition *conds = block_conditions(b);
    size_t n = p->status.condition_count;
    reason = reason ? reason : "";
    message = message ? message : "";
    for (size_t i = 0; i < n; i++) {
        podsim_condition *cond = &conds[i];
        if (strcmp(cond->type, type) != 0) continue;
        bool flipped = strcmp(cond->status, status) != 0;
        bool same = !flipped && strcmp(cond->reason, reason) == 0 &&
                    strcmp(cond->message, message) == 0;
        if (same) return false;
        cond->status = status;
        cond->reason = sim_intern(sim, reason);
        cond->message = sim_intern(sim, message);
        cond->last_probe_time = PODSIM_NO_TIME;
        /* lastTransitionTime moves only when the status flips */
        if (flipped) cond->last_transition_time = sim_wall(sim, sim->now);
        return true;
    }
    if (n == b->condition_cap) {
        /* grow: a new block, the view re-pointed */
        size_t cap = b->condition_cap * 2;
        size_t containers = b->init_count + b->container_count;
        sim_status_block *g = malloc(block_size(cap, containers));
        if (!g) {
            sim_fail_oom(sim);
            return false;
        }
        *g = *b;
        g->condition_cap = cap;
        memcpy(block_conditions(g), conds, n * sizeof(podsim_condition));
        memcpy(block_containers(g), block_containers(b),
               containers * sizeof(podsim_container_status));
        free(b);
        b = g;
        *block_slot(sim, pod) = b;
        attach_block(p, b, n);
        conds = block_conditions(b);
    }
    podsim_condition *cond = &conds[n];
    memset(cond, 0, sizeof(*cond));
    cond->type = sim_intern(sim, type);
    cond->status = status;
    cond->reason = sim_intern(sim, reason);
    cond->message = sim_intern(sim, message);
    cond->last_transition_time = sim_wall(sim, sim->now);
    cond->last_heartbeat_time = PODSIM_NO_TIME;
    cond->last_probe_time = PODSIM_NO_TIME;
    p->status.condition_count = n + 1;
    return true;
}

bool sim_pods_fork(podsim_sim *dst, const podsim_sim *src) {
    vec_init(&dst->pod_blocks, sizeof(sim_status_block *));
    if (!src->pod_blocks.len) return true;
    if (!vec_reserve(&dst->pod_blocks, src->pod_blocks.len)) return false;
    dst->pod_blocks.len = src->pod_blocks.len;
    memset(dst->pod_blocks.data, 0,
           src->pod_blocks.len * sizeof(sim_status_block *));
    for (size_t i = 0; i < src->pod_blocks.len; i++) {
        sim_status_block *b =
            *(sim_status_block *const *)vec_at(&src->pod_blocks, i);
        if (!b) continue;
        size_t size =
            block_size(b->condition_cap, b->init_count + b->container_count);
        sim_status_block *copy = malloc(size);
        if (!copy) return false;
        memcpy(copy, b, size);
        *(sim_status_block **)vec_at(&dst->pod_blocks, i) = copy;
        podsim_pod *p = (podsim_pod *)podsim_cluster_pod(dst->c, (podsim_id)i);
        attach_block(p, copy, p->status.condition_count);
    }
    return true;
}

void sim_pods_free(podsim_sim *sim) {
    for (size_t i = 0; i < sim->pod_blocks.len; i++) {
        free(*(sim_status_block **)vec_at(&sim->pod_blocks, i));
    }
    vec_release(&sim->pod_blocks);
}

size_t sim_pods_memory(const podsim_sim *sim) {
    size_t bytes = sim->pod_blocks.cap * sizeof(sim_status_block *);
    for (size_t i = 0; i < sim->pod_blocks.len; i++) {
        const sim_status_block *b =
            *(sim_status_block *const *)vec_at(&sim->pod_blocks, i);
        if (b) {
            bytes += block_size(b->condition_cap,
                                b->init_count + b->container_count);
        }
    }
    return bytes;
}
