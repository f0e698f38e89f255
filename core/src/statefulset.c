/*
 * statefulset.c - the StatefulSet controller.
 *
 * Models pkg/controller/statefulset/stateful_set_control.go
 * (updateStatefulSet, processReplica, processCondemned, runForAll, the
 * RollingUpdate loop and computeReplicaStatus / completeRollingUpdate),
 * stateful_set_utils.go (getOrdinal, isRunningAndReady, isHealthy,
 * newVersionedStatefulSetPod) and stateful_pod_control.go (the events).
 * Pods are "<set>-<ordinal>" with the labels
 * statefulset.kubernetes.io/pod-name, apps.kubernetes.io/pod-index
 * (PodIndexLabel, on from v1.28) and controller-revision-hash, and
 * spec.hostname / spec.subdomain set to the pod name and serviceName.
 *
 * OrderedReady is monotonic: ordinal i is created only when 0..i-1 are
 * Running and Ready (and available), the controller waits while a pod is
 * terminating ("waiting for Pod to Terminate"), and scale-down deletes the
 * highest ordinal first, one at a time. Parallel processes every ordinal at
 * once. Identity is the name: a deleted pod's replacement is created only
 * after the old object is gone (a terminating pod still holds its
 * ordinal); a Failed or Succeeded pod is deleted (the API server removes a
 * finished pod at once) and recreated in the same sync.
 *
 * Revisions: the ControllerRevision name is "<set>-<hash>" with podsim's
 * template hash (ctl_template_hash). The first template seen keeps the
 * revision its pods already carry (a loaded cluster), so adopted pods are
 * not rolled. volumeClaimTemplates give each pod its claim volumes
 * (updateStorage: "<template>-<set>-<ordinal>"), which the dump's
 * PersistentVolumeClaims back; the claims themselves are not created (a
 * missing one leaves the pod Pending as the scheduler's VolumeBinding says).
 * Not modelled: spec.ordinals, maxUnavailable (MaxUnavailableStatefulSet is
 * alpha) and the PVC retention policy.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "controllers.h"
#include "match.h"

#define SOURCE "statefulset-controller"
#define REVISION_LABEL "controller-revision-hash"

/* getOrdinal: the number after the parent's name, -1 when the name is not
   "<set>-<n>". */
static int64_t ordinal_of(const char *set, const char *pod) {
    size_t n = strlen(set);
    if (strncmp(pod, set, n) != 0 || pod[n] != '-' || !pod[n + 1]) return -1;
    int64_t v = 0;
    for (const char *s = pod + n + 1; *s; s++) {
        if (*s < '0' || *s > '9') return -1;
        v = v * 10 + (*s - '0');
        if (v > INT32_MAX) return -1;
    }
    return v;
}

static bool running_and_ready(const podsim_pod *p) {
    return p->status.has_phase && p->status.phase == PODSIM_PHASE_RUNNING &&
           ctl_pod_ready(p);
}

static bool healthy(const podsim_pod *p) {
    return running_and_ready(p) && p->meta.deletion_timestamp == PODSIM_NO_TIME;
}

static const char *revision_of(const podsim_pod *p) {
    const char *v = kvs_get(&p->meta.labels, REVISION_LABEL);
    return v ? v : "";
}

/* One sync's view of the set. */
typedef struct ssync {
    podsim_sim *sim;
    podsim_id id;
    podsim_workload *set;
    ctl_workload *sw;
    int32_t replicas;
    bool monotonic;
    int64_t min_ready;
    int64_t now_model;
    podsim_id *slots;     /* by ordinal, PODSIM_NO_ID when none */
    podsim_id *condemned; /* ordinal >= replicas, highest first */
    size_t condemned_count;
} ssync;

static bool available(const ssync *s, const podsim_pod *p) {
    return running_and_ready(p) &&
           ctl_pod_available(p, s->min_ready, s->now_model);
}

/* The update revision follows the template; the first one seen takes the
   revision label of the pods that exist (highest ordinal = update, lowest
   = current, as a rollout leaves them). */
static void track_revisions(ssync *s, const podsim_id *pods, size_t n) {
    ctl_workload *sw = s->sw;
    const podsim_pod *tmpl = s->set->template_pod;
    if (sw->update_template == tmpl && sw->update_revision) return;
    uint32_t h = ctl_template_hash(tmpl, NULL, 0);
    char hash[16];
    ctl_safe_encode(h, hash);
    const char *name = sim_internf(s->sim, "%s-%s", s->set->meta.name, hash);
    if (!sw->update_template) {
        const char *low = NULL, *high = NULL;
        int64_t low_ord = INT64_MAX, high_ord = -1;
        for (size_t i = 0; i < n; i++) {
            const podsim_pod *p = ctl_pod(s->sim, pods[i]);
            int64_t ord = ordinal_of(s->set->meta.name, p->meta.name);
            const char *rev = revision_of(p);
            if (ord < 0 || !rev[0]) continue;
            if (ord < low_ord) {
                low_ord = ord;
                low = rev;
            }
            if (ord > high_ord) {
                high_ord = ord;
                high = rev;
            }
        }
        sw->current_template = tmpl;
        sw->current_revision = low ? sim_intern(s->sim, low) : name;
        sw->update_revision = high ? sim_intern(s->sim, high) : name;
    } else if (h != sw->revision_hash) {
        /* a re-applied template with the same content keeps its
           revision (an adopted one included) */
        sw->update_revision = name;
    }
    sw->revision_hash = h;
    sw->update_template = tmpl;
    if (strcmp(sw->update_revision, sw->current_revision) == 0) {
        sw->current_template = tmpl;
    }
}

/* stateful_set_utils.go updateStorage: one volume per claim template,
   named after the template, claiming "<template>-<set>-<ordinal>"
   (getPersistentVolumeClaimName); a template volume of the same name is
   replaced. False when out of memory. */
static bool add_claim_volumes(ssync *s, podsim_pod *tmpl, int32_t ord) {
    const podsim_strings *claims = &s->set->volume_claim_templates;
    if (!claims->count) return true;
    podsim_sim *sim = s->sim;
    size_t n = tmpl->spec.volume_count;
    podsim_volume *all =
        arena_alloc(&sim->c->mem, (n + claims->count) * sizeof(*all));
    if (!all) return false;
    if (n) memcpy(all, tmpl->spec.volumes, n * sizeof(*all));
    for (size_t c = 0; c < claims->count; c++) {
        const char *claim = claims->items[c];
        size_t at = n;
        for (size_t v = 0; v < n; v++) {
            if (strcmp(all[v].name, claim) == 0) at = v;
        }
        if (at == n) n++;
        memset(&all[at], 0, sizeof all[at]);
        all[at].name = claim;
        all[at].type = PODSIM_VOLUME_PVC;
        all[at].type_name = "persistentVolumeClaim";
        all[at].source =
            sim_internf(sim, "%s-%s-%d", claim, s->set->meta.name, (int)ord);
        if (!all[at].source) return false;
    }
    tmpl->spec.volumes = all;
    tmpl->spec.volume_count = n;
    return true;
}

/* newVersionedStatefulSetPod + CreateStatefulPod */
static void create_pod(ssync *s, int32_t ord) {
    podsim_sim *sim = s->sim;
    int64_t partition = s->set->partition.set ? s->set->partition.value : 0;
    bool current = strcmp(s->set->strategy_type, "RollingUpdate") == 0 &&
                   ord < partition && s->sw->current_template;
    const podsim_pod *base =
        current ? s->sw->current_template : s->set->template_pod;
    const char *rev =
        current ? s->sw->current_revision : s->sw->update_revision;
    char name[512], index[16];
    snprintf(name, sizeof name, "%s-%d", s->set->meta.name, (int)ord);
    snprintf(index, sizeof index, "%d", (int)ord);
    podsim_pod tmpl = *base;
    /* updateIdentity */
    tmpl.spec.hostname = sim_intern(sim, name);
    tmpl.spec.subdomain = s->set->service_name;
    if (!add_claim_volumes(s, &tmpl, ord)) {
        sim_fail_oom(sim);
        return;
    }
    podsim_kv labels[3] = {{"statefulset.kubernetes.io/pod-name", name},
                           {"apps.kubernetes.io/pod-index", index},
                           {REVISION_LABEL, rev}};
    podsim_id pod = ctl_create_pod(sim, PODSIM_KIND_STATEFULSET, s->id, &tmpl,
                                   name, NULL, labels, 3, NULL);
    if (pod == PODSIM_NO_ID) return;
    sim_event(sim, "Normal", "SuccessfulCreate", PODSIM_KIND_STATEFULSET, s->id,
              NULL, SOURCE, "create Pod %s in StatefulSet %s successful", name,
              s->set->meta.name);
}

/* DeleteStatefulPod */
static void delete_pod(ssync *s, podsim_id pod) {
    const podsim_pod *p = ctl_pod(s->sim, pod);
    const char *name = p->meta.name;
    sim_delete_pod(s->sim, pod, -1);
    sim_event(s->sim, "Normal", "SuccessfulDelete", PODSIM_KIND_STATEFULSET,
              s->id, NULL, SOURCE, "delete Pod %s in StatefulSet %s successful",
              name, s->set->meta.name);
}

/* processReplica: true when a monotonic set must stop here. */
static bool process_replica(ssync *s, int32_t ord) {
    podsim_id pod = s->slots[ord];
    const podsim_pod *p = pod == PODSIM_NO_ID ? NULL : ctl_pod(s->sim, pod);
    if (p && ctl_pod_terminal(p)) {
        bool failed = p->status.phase == PODSIM_PHASE_FAILED;
        sim_event(s->sim, failed ? "Warning" : "Normal",
                  failed ? "RecreatingFailedPod" : "RecreatingTerminatedPod",
                  PODSIM_KIND_STATEFULSET, s->id, NULL, SOURCE,
                  "StatefulSet %s/%s is recreating %s Pod %s",
                  s->set->meta.namespace_, s->set->meta.name,
                  failed ? "failed" : "terminated", p->meta.name);
        delete_pod(s, pod);
        p = ctl_pod(s->sim, pod);
        /* a finished pod is removed at once; otherwise its name stays
           taken until the kubelet is done */
        if (!p->removed) return s->monotonic;
        s->slots[ord] = pod = PODSIM_NO_ID;
        p = NULL;
    }
    if (!p) {
        create_pod(s, ord);
        return s->monotonic;
    }
    if (s->monotonic && p->meta.deletion_timestamp != PODSIM_NO_TIME) {
        return true; /* waiting for Pod to Terminate */
    }
    if (s->monotonic && !running_and_ready(p)) return true;
    if (s->monotonic && !available(s, p)) return true;
    return false;
}

/* processCondemned: true when a monotonic set must stop here. */
static bool process_condemned(ssync *s, size_t i, podsim_id first_unhealthy) {
    podsim_id pod = s->condemned[i];
    const podsim_pod *p = ctl_pod(s->sim, pod);
    if (p->meta.deletion_timestamp != PODSIM_NO_TIME) return s->monotonic;
    if (s->monotonic && pod != first_unhealthy &&
        (!running_and_ready(p) || !available(s, p))) {
        return true;
    }
    delete_pod(s, pod);
    return true;
}

static podsim_id first_unhealthy(const ssync *s) {
    for (int32_t i = 0; i < s->replicas; i++) {
        /* a missing pod is the unhealthy placeholder upstream creates */
        if (s->slots[i] == PODSIM_NO_ID) return PODSIM_NO_ID;
        if (!healthy(ctl_pod(s->sim, s->slots[i]))) return s->slots[i];
    }
    for (size_t i = s->condemned_count; i-- > 0;) {
        if (!healthy(ctl_pod(s->sim, s->condemned[i]))) return s->condemned[i];
    }
    return PODSIM_NO_ID;
}

/* The RollingUpdate loop: the highest ordinal at another revision goes
   first, and only when every ordinal above it is healthy. */
static void rolling_update(ssync *s) {
    if (strcmp(s->set->strategy_type, "OnDelete") == 0) return;
    int64_t partition = s->set->partition.set ? s->set->partition.value : 0;
    for (int64_t target = s->replicas - 1; target >= partition; target--) {
        podsim_id pod = s->slots[target];
        if (pod == PODSIM_NO_ID) return; /* just created: not healthy */
        const podsim_pod *p = ctl_pod(s->sim, pod);
        if (p->removed) return;
        if (strcmp(revision_of(p), s->sw->update_revision) != 0 &&
            p->meta.deletion_timestamp == PODSIM_NO_TIME) {
            delete_pod(s, pod);
            return;
        }
        if (!healthy(p)) return;
    }
}

/* computeReplicaStatus over the pods as listed (before this sync acted). */
static void compute_status(ssync *s, const podsim_id *pods, size_t n,
                           int32_t out[5]) {
    memset(out, 0, 5 * sizeof(*out));
    for (size_t i = 0; i < n; i++) {
        const podsim_pod *p = ctl_pod(s->sim, pods[i]);
        if (ordinal_of(s->set->meta.name, p->meta.name) < 0) continue;
        out[0]++; /* replicas */
        if (running_and_ready(p)) {
            out[1]++;
            if (available(s, p)) out[2]++;
        }
        if (p->meta.deletion_timestamp != PODSIM_NO_TIME) continue;
        if (strcmp(revision_of(p), s->sw->current_revision) == 0) out[3]++;
        if (strcmp(revision_of(p), s->sw->update_revision) == 0) out[4]++;
    }
}

static void write_status(ssync *s, const int32_t st[5]) {
    podsim_workload *v = s->set;
    int32_t current = st[3];
    if (strcmp(v->strategy_type, "RollingUpdate") == 0 && st[4] == st[0] &&
        st[1] == st[0]) {
        /* completeRollingUpdate */
        s->sw->current_revision = s->sw->update_revision;
        s->sw->current_template = s->sw->update_template;
        current = st[4];
    }
    s->sw->current = current;
    ctl_status_field(s->sim, PODSIM_KIND_STATEFULSET, s->id, "replicas",
                     &v->status_replicas, st[0], false);
    ctl_status_field(s->sim, PODSIM_KIND_STATEFULSET, s->id, "readyReplicas",
                     &v->status_ready_replicas, st[1], false);
    ctl_status_field(s->sim, PODSIM_KIND_STATEFULSET, s->id,
                     "availableReplicas", &v->status_available_replicas, st[2],
                     false);
    ctl_status_field(s->sim, PODSIM_KIND_STATEFULSET, s->id, "updatedReplicas",
                     &v->status_updated_replicas, st[4], false);
}

/* Fill the ordinal slots and the condemned list (highest ordinal first). */
static bool partition_pods(ssync *s, const podsim_id *pods, size_t n) {
    s->slots = malloc(((size_t)s->replicas + 1) * sizeof(*s->slots));
    s->condemned = malloc((n + 1) * sizeof(*s->condemned));
    if (!s->slots || !s->condemned) return false;
    for (int32_t i = 0; i < s->replicas; i++) s->slots[i] = PODSIM_NO_ID;
    s->condemned_count = 0;
    for (size_t i = 0; i < n; i++) {
        const podsim_pod *p = ctl_pod(s->sim, pods[i]);
        int64_t ord = ordinal_of(s->set->meta.name, p->meta.name);
        if (ord < 0) continue;
        if (ord < s->replicas) {
            s->slots[ord] = pods[i];
            continue;
        }
        /* insertion keeps descending ordinal order */
        size_t j = s->condemned_count++;
        while (j > 0 &&
               ordinal_of(s->set->meta.name,
                          ctl_pod(s->sim, s->condemned[j - 1])->meta.name) <
                   ord) {
            s->condemned[j] = s->condemned[j - 1];
            j--;
        }
        s->condemned[j] = pods[i];
    }
    return true;
}

static void process(ssync *s) {
    podsim_id unhealthy = first_unhealthy(s);
    bool stop = false;
    for (int32_t i = 0; i < s->replicas && !stop && !s->sim->failed; i++) {
        stop = process_replica(s, i) && s->monotonic;
    }
    if (stop) return;
    for (size_t i = 0; i < s->condemned_count && !stop && !s->sim->failed;
         i++) {
        stop = process_condemned(s, i, unhealthy) && s->monotonic;
    }
    if (stop) return;
    rolling_update(s);
}

void ctl_statefulset_sync(podsim_sim *sim, podsim_id id) {
    ssync s;
    memset(&s, 0, sizeof s);
    s.sim = sim;
    s.id = id;
    s.set = ctl_view(sim, PODSIM_KIND_STATEFULSET, id);
    s.sw = ctl_workload_get(sim, PODSIM_KIND_STATEFULSET, id);
    if (!s.set || !s.sw || !s.set->template_pod) return;
    s.replicas = s.set->replicas.set ? (int32_t)s.set->replicas.value : 1;
    if (s.replicas < 0) s.replicas = 0;
    s.monotonic = strcmp(s.set->pod_management_policy, "Parallel") != 0;
    s.min_ready =
        s.set->min_ready_seconds.set ? s.set->min_ready_seconds.value : 0;
    s.now_model = sim_wall(sim, sim->now);
    ctl_compact_pods(sim, s.sw, NULL);
    size_t n = s.sw->pods.len;
    podsim_id *pods = malloc((n ? n : 1) * sizeof(*pods));
    if (!pods) {
        sim_fail_oom(sim);
        return;
    }
    if (n) memcpy(pods, s.sw->pods.data, n * sizeof(*pods));
    track_revisions(&s, pods, n);
    int32_t status[5];
    compute_status(&s, pods, n, status);
    if (partition_pods(&s, pods, n)) {
        process(&s);
    } else {
        sim_fail_oom(sim);
    }
    write_status(&s, status);
    /* stateful_set.go requeues after minReadySeconds while any replica is
       unavailable; here only while a Ready pod waits to become available
       (the other cases change through pod events), so that a set whose
       pods never become ready does not keep the simulation busy for ever */
    if (s.min_ready > 0 && status[1] != status[2]) {
        ctl_enqueue_after(sim, PODSIM_KIND_STATEFULSET, id, s.min_ready * 1000);
    }
    free(s.slots);
    free(s.condemned);
    free(pods);
}
