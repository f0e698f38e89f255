/*
 * sim.c - the simulation engine: one deterministic clock and queue.
 *
 * A discrete-event loop in integer milliseconds. Entries run in (time,
 * sequence) order, so entries posted for the same instant run in posting
 * order and a run replays byte for byte from the same inputs and seed
 * (splitmix64, support.h). The engine itself models the API server's part:
 * applying objects at a time (kubectl apply), deleting pods (graceful
 * deletion, pkg/registry/core/pod/strategy.go CheckGracefulDelete), the
 * watch fan-out to components, and the Event log with client-go's
 * aggregation of repeats (tools/record/events_cache.go EventCorrelator:
 * identical events become one series with a count).
 *
 * Version-dependent constants come from one table (sim_constants_for);
 * sources: ../shared/reference/lifecycle.md section 0 and G.
 */
#define _POSIX_C_SOURCE 200809L /* fnmatch */
#include <fnmatch.h>
#include <stddef.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim.h"

#define SIM_DEFAULT_SEED 0x73696d706f64ull /* "simpod" */
/* 2026-01-01T00:00:00Z: time 0 of a cluster without timestamps */
#define SIM_DEFAULT_EPOCH_MS 1767225600000LL

enum engine_op {
    OP_APPLY = 0,     /* a = apply index */
    OP_DELETE,        /* a = index into sim->deletes */
    OP_WATCH_POD,     /* a = pod, b = WATCH_* mask */
    OP_WATCH_WORKLOAD /* a = workload, b = WATCH_WORKLOAD_* mask */
};
_Static_assert(SIM_OP_WATCH_NODE > OP_WATCH_WORKLOAD &&
                   SIM_OP_ACTION > OP_WATCH_WORKLOAD,
               "engine ops posted from other files must not collide");

/* A malloc'd copy (strdup is POSIX, and allocating through malloc keeps
   every allocation of the core on one path). NULL when out of memory. */
static char *copy_string(const char *s) {
    size_t n = strlen(s) + 1;
    char *out = malloc(n);
    if (out) memcpy(out, s, n);
    return out;
}

static const sim_module_ops *module_ops(int m) {
    switch (m) {
    case MOD_SCHEDULER: return &sim_scheduler_ops;
    case MOD_KUBELET: return &sim_kubelet_ops;
    case MOD_CONTROLLERS: return &sim_controllers_ops;
    case MOD_NODES: return &sim_nodes_ops;
    case MOD_TAINT_EVICTION: return &sim_taint_eviction_ops;
    case MOD_PODGC: return &sim_podgc_ops;
    case MOD_DISRUPTION: return &sim_disruption_ops;
    case MOD_REPORT: return &sim_report_ops;
    default: return NULL;
    }
}

/* ---- constants ---------------------------------------------------------- */

void sim_constants_for(int minor, sim_constants *k) {
    memset(k, 0, sizeof(*k));
    k->minor = minor;
    /* pkg/kubelet/kubelet.go: containerBackOffPeriod, MaxContainerBackOff;
       the 600 s reset (the kubelet's expiry override, 2 x max before) */
    k->crashloop_initial_ms = 10 * 1000;
    k->crashloop_max_ms = 300 * 1000;
    k->crashloop_reset_ms = 600 * 1000;
    /* imageBackOffPeriod, MaxImageBackOff; client-go flowcontrol hasExpired
       (2 x max) */
    k->image_backoff_initial_ms = 10 * 1000;
    k->image_backoff_max_ms = 300 * 1000;
    k->image_backoff_expire_ms = 600 * 1000;
    k->sync_error_requeue_ms = 10 * 1000;
    /* PR 133066 (v1.34): requeue at the back-off expiry plus jitter;
       before, the 10 s error requeue plus up to 50 % */
    k->restart_lag_max_ms = minor >= 34 ? 5 * 1000 : 15 * 1000;
    k->kill_floor_ms = 2 * 1000;
    k->termination_grace_ms = 30 * 1000;
    /* pkg/scheduler/apis/config/v1/defaults.go and backend/queue */
    k->sched_backoff_initial_ms = 1000;
    k->sched_backoff_max_ms = 10 * 1000;
    k->sched_unschedulable_max_ms = 5 * 60 * 1000;
    k->sched_flush_period_ms = 30 * 1000;
    k->sched_backoff_flush_ms = 1000;
    /* pkg/features/kube_features.go: SchedulerPopFromBackoffQ beta, on by
       default from 1.33 (KEP-5142) */
    k->sched_pop_from_backoffq = minor >= 33;
    /* pkg/controller/job: DefaultJobPodFailureBackOff, MaxJobPodFailure
       BackOff */
    k->job_backoff_initial_ms = 10 * 1000;
    k->job_backoff_max_ms = 10 * 60 * 1000;
    k->job_pod_replacement_policy = minor >= 29;
    k->sidecar_containers = minor >= 29;
}

static void fill_timing(podsim_timing *t, const podsim_timing *in) {
    podsim_timing d = PODSIM_TIMING_INIT;
    if (in) d = *in;
#define DEF(field, value) \
    if (d.field == 0) d.field = (value);
    DEF(sandbox_ms, 1000);
    DEF(container_start_ms, 200);
    DEF(image_pull_overhead_ms, 500);
    DEF(image_pull_bytes_per_second, 50LL * 1000 * 1000);
    DEF(image_digest_check_ms, 100);
    DEF(default_image_bytes, 100LL * 1000 * 1000);
    DEF(volume_mount_ms, 100);
    DEF(volume_attach_ms, 5000);
    DEF(persistent_volume_mount_ms, 1000);
    DEF(container_stop_ms, 500);
#undef DEF
    /* -1 means "takes no time" for the durations */
    int64_t *durations[] = {&d.sandbox_ms,
                            &d.container_start_ms,
                            &d.image_pull_overhead_ms,
                            &d.image_digest_check_ms,
                            &d.volume_mount_ms,
                            &d.volume_attach_ms,
                            &d.persistent_volume_mount_ms,
                            &d.container_stop_ms};
    for (size_t i = 0; i < sizeof durations / sizeof durations[0]; i++) {
        if (*durations[i] < 0) *durations[i] = 0;
    }
    if (d.default_image_bytes < 0) d.default_image_bytes = 0;
    if (d.image_pull_bytes_per_second < 0) {
        d.image_pull_bytes_per_second = INT64_MAX; /* instant */
    }
    if (d.jitter_percent < 0) d.jitter_percent = 0;
    if (d.jitter_percent > 100) d.jitter_percent = 100;
    d.version = PODSIM_TIMING_VERSION;
    *t = d;
}

/* ---- errors ---------------------------------------------------------------
 */

/* A duration field: 0 = default, -1 (any negative) = zero. */
static int64_t duration_or(int64_t v, int64_t def) {
    return v == 0 ? def : (v < 0 ? 0 : v);
}

/* Defaults of kube-controller-manager (pkg/controller/nodelifecycle/
   config/v1alpha1/defaults.go, cmd/kube-controller-manager/app/options/
   nodelifecyclecontroller.go), kube-apiserver (DefaultTolerationSeconds
   admission), the kubelet (nodeLeaseDurationSeconds 40 x 0.25) and pod GC
   (pkg/controller/podgc/gc_controller.go). */
static void fill_node_lifecycle(podsim_node_lifecycle *nl,
                                const podsim_node_lifecycle *in, int minor) {
    podsim_node_lifecycle z = PODSIM_NODE_LIFECYCLE_INIT;
    *nl = in ? *in : z;
    nl->node_monitor_period_ms = duration_or(nl->node_monitor_period_ms, 5000);
    if (nl->node_monitor_period_ms <= 0) nl->node_monitor_period_ms = 1;
    /* kubernetes PR 126287: 40 s to 50 s in v1.32 */
    nl->node_monitor_grace_period_ms = duration_or(
        nl->node_monitor_grace_period_ms, minor >= 32 ? 50000 : 40000);
    nl->node_startup_grace_period_ms =
        duration_or(nl->node_startup_grace_period_ms, 60000);
    nl->node_monitor_offset_ms =
        duration_or(nl->node_monitor_offset_ms, 0) % nl->node_monitor_period_ms;
    if (nl->node_eviction_rate == 0.0) nl->node_eviction_rate = 0.1;
    if (nl->node_eviction_rate < 0.0) nl->node_eviction_rate = 0.0;
    if (nl->secondary_node_eviction_rate == 0.0) {
        nl->secondary_node_eviction_rate = 0.01;
    }
    if (nl->secondary_node_eviction_rate < 0.0) {
        nl->secondary_node_eviction_rate = 0.0;
    }
    if (nl->large_cluster_size_threshold == 0) {
        nl->large_cluster_size_threshold = 50;
    }
    if (nl->large_cluster_size_threshold < 0) {
        nl->large_cluster_size_threshold = 0;
    }
    if (nl->unhealthy_zone_threshold == 0.0)
        nl->unhealthy_zone_threshold = 0.55;
    if (nl->unhealthy_zone_threshold < 0.0) nl->unhealthy_zone_threshold = 0.0;
    nl->default_not_ready_toleration_seconds =
        duration_or(nl->default_not_ready_toleration_seconds, 300);
    nl->default_unreachable_toleration_seconds =
        duration_or(nl->default_unreachable_toleration_seconds, 300);
    nl->lease_renew_interval_ms =
        duration_or(nl->lease_renew_interval_ms, 10000);
    if (nl->lease_renew_interval_ms <= 0) nl->lease_renew_interval_ms = 1;
    nl->heartbeat_age_ms = duration_or(nl->heartbeat_age_ms, 0);
    nl->shutdown_grace_period_ms = duration_or(nl->shutdown_grace_period_ms, 0);
    nl->shutdown_grace_period_critical_pods_ms =
        duration_or(nl->shutdown_grace_period_critical_pods_ms, 0);
    if (nl->shutdown_grace_period_critical_pods_ms >
        nl->shutdown_grace_period_ms) {
        nl->shutdown_grace_period_critical_pods_ms =
            nl->shutdown_grace_period_ms;
    }
    nl->pod_gc_period_ms = duration_or(nl->pod_gc_period_ms, 20000);
    if (nl->pod_gc_period_ms <= 0) nl->pod_gc_period_ms = 1;
    nl->pod_gc_quarantine_ms = duration_or(nl->pod_gc_quarantine_ms, 40000);
    if (nl->terminated_pod_gc_threshold == 0) {
        nl->terminated_pod_gc_threshold = 12500;
    }
    if (nl->terminated_pod_gc_threshold < 0)
        nl->terminated_pod_gc_threshold = 0;
    nl->max_wait_for_unmount_ms =
        duration_or(nl->max_wait_for_unmount_ms, 6 * 60000);
    nl->drain_retry_ms = duration_or(nl->drain_retry_ms, 5000);
    if (nl->drain_retry_ms <= 0) nl->drain_retry_ms = 1;
}

static void clear_error(podsim_sim *sim) {
    strbuf_clear(&sim->error_text);
    free(sim->error_source);
    sim->error_source = NULL;
    sim->error.status = PODSIM_OK;
    sim->error.message = "";
    sim->error.source = NULL;
    sim->error.line = 0;
    sim->error.column = 0;
}

/* Copy the working cluster's error (a load) onto the simulation. */
static podsim_status fail_from_cluster(podsim_sim *sim, podsim_cluster *c,
                                       podsim_status s) {
    const podsim_error *e = podsim_cluster_error(c);
    return sim_error_at(sim, s, e->source, e->line, e->column, e->message);
}

const podsim_error *podsim_sim_error(const podsim_sim *sim) {
    return sim ? &sim->error : NULL;
}

bool sim_user_work_pending(const podsim_sim *sim) {
    const sim_entry *h = sim->heap.data;
    for (size_t i = 0; i < sim->heap.len; i++) {
        if (h[i].module != MOD_ENGINE || (h[i].op & SIM_PERIODIC)) continue;
        if (h[i].op == OP_APPLY || h[i].op == OP_DELETE ||
            h[i].op == SIM_OP_ACTION) {
            return true;
        }
    }
    return false;
}

void sim_fail_oom(podsim_sim *sim) {
    sim->failed = true;
}

/* ---- the heap -------------------------------------------------------------
 */

static bool entry_before(const sim_entry *x, const sim_entry *y) {
    return x->time < y->time || (x->time == y->time && x->seq < y->seq);
}

bool sim_post(podsim_sim *sim, int64_t at, sim_module module, int op, int32_t a,
              int32_t b, uint32_t gen) {
    if (at < sim->now) at = sim->now;
    if (!vec_push(&sim->heap)) {
        sim_fail_oom(sim);
        return false;
    }
    sim_entry *h = sim->heap.data;
    size_t i = sim->heap.len - 1;
    sim_entry e = {at, sim->seq++, (uint8_t)module, (uint8_t)op, 0, a, b, gen};
    while (i > 0) {
        size_t parent = (i - 1) / 2;
        if (!entry_before(&e, &h[parent])) break;
        h[i] = h[parent];
        i = parent;
    }
    h[i] = e;
    return true;
}

static sim_entry heap_pop(podsim_sim *sim) {
    sim_entry *h = sim->heap.data;
    sim_entry top = h[0];
    sim_entry last = h[--sim->heap.len];
    size_t n = sim->heap.len, i = 0;
    for (;;) {
        size_t child = 2 * i + 1;
        if (child >= n) break;
        if (child + 1 < n && entry_before(&h[child + 1], &h[child])) child++;
        if (!entry_before(&h[child], &last)) break;
        h[i] = h[child];
        i = child;
    }
    if (n) h[i] = last;
    return top;
}

/* ---- randomness ------------------------------------------------------------
 */

int64_t sim_random(podsim_sim *sim, int64_t n) {
    if (n <= 0) return 0;
    return (int64_t)rng_below(&sim->rng, (uint64_t)n);
}

int64_t sim_jitter(podsim_sim *sim, int64_t ms) {
    int32_t p = sim->timing.jitter_percent;
    if (p <= 0 || ms <= 0 || (sim->timing.flags & PODSIM_TIMING_EXACT)) {
        return ms;
    }
    int64_t span = ms / 100 * p + (ms % 100) * p / 100;
    int64_t out = ms - span + sim_random(sim, 2 * span + 1);
    return out < 0 ? 0 : out;
}

/* ---- strings
 * ------------------------------------------------------------------ */

const char *sim_intern(podsim_sim *sim, const char *s) {
    const char *out = intern_str(&sim->c->strings, s ? s : "");
    if (!out) sim_fail_oom(sim);
    return out ? out : "";
}

const char *sim_internf(podsim_sim *sim, const char *fmt, ...) {
    char small[256];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0) return "";
    if ((size_t)n < sizeof small) {
        const char *out = intern_n(&sim->c->strings, small, (size_t)n);
        if (!out) sim_fail_oom(sim);
        return out ? out : "";
    }
    char *big = malloc((size_t)n + 1);
    if (!big) {
        sim_fail_oom(sim);
        return "";
    }
    va_start(ap, fmt);
    vsnprintf(big, (size_t)n + 1, fmt, ap);
    va_end(ap);
    const char *out = intern_n(&sim->c->strings, big, (size_t)n);
    free(big);
    if (!out) sim_fail_oom(sim);
    return out ? out : "";
}

/* ---- the event log
 * ------------------------------------------------------------ */

static uint64_t mix(uint64_t h, const char *s) {
    /* FNV-1a over the string and a separator */
    for (; s && *s; s++) h = (h ^ (unsigned char)*s) * 0x100000001b3ull;
    return (h ^ 0xff) * 0x100000001b3ull;
}

static uint64_t series_key(const podsim_sim_event *e) {
    uint64_t h = 0xcbf29ce484222325ull;
    h = mix(h, e->type);
    h = mix(h, e->reason);
    h = mix(h, e->kind);
    h = mix(h, e->namespace_);
    h = mix(h, e->name);
    h = mix(h, e->field_path);
    h = mix(h, e->source);
    h = mix(h, e->host);
    return mix(h, e->message);
}

static bool same_series(const podsim_sim_event *a, const podsim_sim_event *b) {
    /* strings are interned in one table: pointers decide */
    return a->type == b->type && a->reason == b->reason && a->kind == b->kind &&
           a->namespace_ == b->namespace_ && a->name == b->name &&
           a->field_path == b->field_path && a->source == b->source &&
           a->host == b->host && a->message == b->message;
}

static bool series_grow(podsim_sim *sim) {
    size_t slots = sim->series_slots ? sim->series_slots * 2 : 1024;
    sim_series_slot *fresh = malloc(slots * sizeof(*fresh));
    if (!fresh) return false;
    for (size_t i = 0; i < slots; i++) fresh[i].last = -1;
    for (size_t i = 0; i < sim->series_slots; i++) {
        if (sim->series[i].last < 0) continue;
        size_t j = sim->series[i].key_hash & (slots - 1);
        while (fresh[j].last >= 0) j = (j + 1) & (slots - 1);
        fresh[j] = sim->series[i];
    }
    free(sim->series);
    sim->series = fresh;
    sim->series_slots = slots;
    return true;
}

/* The slot of the series `e` belongs to (an empty slot when new). */
static sim_series_slot *series_slot(podsim_sim *sim, const podsim_sim_event *e,
                                    uint64_t h) {
    size_t mask = sim->series_slots - 1;
    size_t i = h & mask;
    const podsim_sim_event *events = sim->events.data;
    while (sim->series[i].last >= 0) {
        if (sim->series[i].key_hash == h &&
            same_series(&events[sim->series[i].last], e)) {
            return &sim->series[i];
        }
        i = (i + 1) & mask;
    }
    return &sim->series[i];
}

static void record_event(podsim_sim *sim, podsim_sim_event *e) {
    if (sim->flags & PODSIM_SIM_QUIET) return;
    if ((sim->series_used + 1) * 4 > sim->series_slots * 3 &&
        !series_grow(sim)) {
        sim_fail_oom(sim);
        return;
    }
    uint64_t h = series_key(e);
    sim_series_slot *slot = series_slot(sim, e, h);
    e->time = sim->now;
    e->count = 1;
    e->first_time = sim->now;
    e->seq = sim->events.len;
    if (slot->last >= 0) {
        const podsim_sim_event *prev = vec_at(&sim->events, (size_t)slot->last);
        e->count = prev->count + 1;
        e->first_time = prev->first_time;
    }
    podsim_sim_event *out = vec_push(&sim->events);
    if (!out) {
        sim_fail_oom(sim);
        return;
    }
    *out = *e;
    if (slot->last < 0) sim->series_used++;
    slot->key_hash = h;
    slot->last = (int32_t)(sim->events.len - 1);
}

static void vevent(podsim_sim *sim, const char *type, const char *reason,
                   podsim_kind kind, const podsim_meta *meta,
                   const char *field_path, const char *source, const char *host,
                   const char *fmt, va_list ap) {
    if (sim->flags & PODSIM_SIM_QUIET) return;
    char small[512];
    va_list copy;
    va_copy(copy, ap);
    int n = vsnprintf(small, sizeof small, fmt, copy);
    va_end(copy);
    const char *message = "";
    if (n >= 0 && (size_t)n < sizeof small) {
        message = sim_intern(sim, small);
    } else if (n >= 0) {
        char *big = malloc((size_t)n + 1);
        if (!big) {
            sim_fail_oom(sim);
            return;
        }
        vsnprintf(big, (size_t)n + 1, fmt, ap);
        message = sim_intern(sim, big);
        free(big);
    }
    podsim_sim_event e;
    memset(&e, 0, sizeof e);
    e.type = sim_intern(sim, type);
    e.reason = sim_intern(sim, reason);
    e.kind = sim_intern(sim, podsim_kind_name(kind));
    e.namespace_ = sim_intern(sim, meta->namespace_ ? meta->namespace_ : "");
    e.name = sim_intern(sim, meta->name);
    e.field_path = sim_intern(sim, field_path ? field_path : "");
    e.source = sim_intern(sim, source ? source : "");
    e.host = sim_intern(sim, host ? host : "");
    e.message = message;
    record_event(sim, &e);
}

void sim_event(podsim_sim *sim, const char *type, const char *reason,
               podsim_kind kind, podsim_id id, const char *field_path,
               const char *source, const char *fmt, ...) {
    const podsim_meta *meta = object_meta(sim->c, kind, id);
    if (!meta) return;
    va_list ap;
    va_start(ap, fmt);
    vevent(sim, type, reason, kind, meta, field_path, source, NULL, fmt, ap);
    va_end(ap);
}

void sim_pod_event(podsim_sim *sim, podsim_id pod, const char *type,
                   const char *reason, const char *field_path, const char *fmt,
                   ...) {
    const podsim_pod *p = podsim_cluster_pod(sim->c, pod);
    if (!p) return;
    va_list ap;
    va_start(ap, fmt);
    vevent(sim, type, reason, PODSIM_KIND_POD, &p->meta, field_path, "kubelet",
           p->spec.node_name, fmt, ap);
    va_end(ap);
}

void sim_node_event(podsim_sim *sim, podsim_id node, const char *type,
                    const char *reason, const char *fmt, ...) {
    const podsim_node *n = podsim_cluster_node(sim->c, node);
    if (!n) return;
    va_list ap;
    va_start(ap, fmt);
    vevent(sim, type, reason, PODSIM_KIND_NODE, &n->meta, NULL, "kubelet",
           n->meta.name, fmt, ap);
    va_end(ap);
}

size_t podsim_sim_event_count(const podsim_sim *sim) {
    return sim ? sim->events.len : 0;
}

const podsim_sim_event *podsim_sim_event_get(const podsim_sim *sim,
                                             size_t index) {
    if (!sim || index >= sim->events.len) return NULL;
    return vec_at(&sim->events, index);
}

/* ---- the change log
 * ------------------------------------------------------------- */

/* The last visible state of a pod, to log only what changed. */
/* A container's state as last shown: kind and reason decide whether it
   changed (reasons are static or interned, compared by content); the text
   ("waiting:CrashLoopBackOff") is built only for the log. */
typedef struct shown_container {
    int kind; /* podsim_container_state_kind; -1 = not seen yet */
    const char *reason;
} shown_container;

typedef struct sim_pod_shown {
    const char *phase;
    const char *status;
    const char *ready;
    const char *restarts;
    const char *node;
    const char *conditions[8];   /* by known_conditions index */
    shown_container *containers; /* init then regular */
    size_t container_count;
    bool known;
} sim_pod_shown;

static const char *const known_conditions[] = {
    "PodScheduled", "PodReadyToStartContainers",
    "Initialized",  "ContainersReady",
    "Ready",        "DisruptionTarget"};
#define KNOWN_CONDITIONS (sizeof known_conditions / sizeof known_conditions[0])

void sim_log_change(podsim_sim *sim, const char *kind, const podsim_meta *meta,
                    const char *field, const char *value) {
    podsim_sim_change *ch = vec_push(&sim->changes);
    if (!ch) {
        sim_fail_oom(sim);
        return;
    }
    ch->time = sim->now;
    ch->kind = kind;
    ch->namespace_ = meta->namespace_ ? meta->namespace_ : "";
    ch->name = meta->name;
    ch->field = field;
    ch->value = value;
}

static sim_pod_shown *shown_of(podsim_sim *sim, podsim_id pod) {
    while (sim->pod_shown.len <= (size_t)pod) {
        if (!vec_push(&sim->pod_shown)) {
            sim_fail_oom(sim);
            return NULL;
        }
    }
    return vec_at(&sim->pod_shown, (size_t)pod);
}

static const char *container_text(podsim_sim *sim,
                                  const podsim_container_status *cs) {
    const podsim_container_state *st = &cs->state;
    const char *kind = podsim_enum_name(PODSIM_ENUM_CONTAINER_STATE, st->kind);
    if (!kind || !kind[0]) return sim_intern(sim, "none");
    if (st->reason && st->reason[0]) {
        return sim_internf(sim, "%s:%s", kind, st->reason);
    }
    return sim_intern(sim, kind);
}

/* Compare, log and remember one field; true when it changed. */
static bool note(podsim_sim *sim, const podsim_meta *meta, bool log,
                 const char **slot, const char *field, const char *value) {
    if (*slot == value) return false;
    *slot = value;
    if (log) sim_log_change(sim, "Pod", meta, sim_intern(sim, field), value);
    return true;
}

void sim_pod_status_written(podsim_sim *sim, podsim_id pod) {
    const podsim_pod *p = podsim_cluster_pod(sim->c, pod);
    if (!p) return;
    bool log = !(sim->flags & PODSIM_SIM_QUIET);
    sim_pod_shown *s = shown_of(sim, pod);
    if (!s) return;
    bool watched = false;
    /* static names: compared and logged without interning */
    const char *phase =
        p->status.has_phase ? podsim_phase_name(p->status.phase) : "";
    watched |= note(sim, &p->meta, log, &s->phase, "phase", phase);
    if (log) {
        podsim_pod_row row;
        if (podsim_pod_row_get(sim->c, pod, sim_wall(sim, sim->now), &row) ==
            PODSIM_OK) {
            const char *status = sim_intern(sim, row.status);
            const char *ready = sim_intern(sim, row.ready);
            /* RESTARTS without its "(5s ago)" part */
            char count[32];
            size_t n = strcspn(row.restarts, " ");
            if (n >= sizeof count) n = sizeof count - 1;
            memcpy(count, row.restarts, n);
            count[n] = '\0';
            const char *restarts = sim_intern(sim, count);
            note(sim, &p->meta, log, &s->status, "status", status);
            note(sim, &p->meta, log, &s->ready, "ready", ready);
            note(sim, &p->meta, log, &s->restarts, "restarts", restarts);
        }
        note(sim, &p->meta, log, &s->node, "node",
             sim_intern(sim, p->spec.node_name));
    }
    for (size_t k = 0; k < KNOWN_CONDITIONS; k++) {
        const char *value = "";
        for (size_t i = 0; i < p->status.condition_count; i++) {
            const podsim_condition *cond = &p->status.conditions[i];
            if (strcmp(cond->type, known_conditions[k]) == 0) {
                value = cond->status;
                break;
            }
        }
        /* unchanged (the common case) costs no interning */
        if (s->conditions[k] && same_string(s->conditions[k], value)) continue;
        if (!s->conditions[k] && !value[0]) {
            s->conditions[k] = "";
            continue;
        }
        value = sim_intern(sim, value);
        char field[64];
        snprintf(field, sizeof field, "condition/%s", known_conditions[k]);
        bool changed =
            note(sim, &p->meta, log, &s->conditions[k], field, value);
        if (changed && (k == 3 || k == 4)) watched = true;
    }
    size_t total = p->status.init_container_status_count +
                   p->status.container_status_count;
    if (s->container_count != total) {
        shown_container *grown =
            realloc(s->containers, total * sizeof(*grown) + 1);
        if (!grown) {
            sim_fail_oom(sim);
            return;
        }
        for (size_t i = s->container_count; i < total; i++) {
            grown[i].kind = -1;
            grown[i].reason = NULL;
        }
        s->containers = grown;
        s->container_count = total;
    }
    for (size_t i = 0; i < total; i++) {
        const podsim_container_status *cs =
            i < p->status.init_container_status_count
                ? &p->status.init_container_statuses[i]
                : &p->status.container_statuses
                       [i - p->status.init_container_status_count];
        shown_container *sc = &s->containers[i];
        const char *reason = cs->state.reason ? cs->state.reason : "";
        bool seen = sc->kind >= 0;
        if (seen && sc->kind == (int)cs->state.kind &&
            same_string(sc->reason, reason)) {
            continue;
        }
        sc->kind = (int)cs->state.kind;
        sc->reason = reason;
        /* no status yet: nothing to show */
        if (!seen && cs->state.kind == PODSIM_STATE_NONE) continue;
        if (log) {
            char field[256];
            snprintf(field, sizeof field, "container/%s", cs->name);
            sim_log_change(sim, "Pod", &p->meta, sim_intern(sim, field),
                           container_text(sim, cs));
        }
        watched = true;
    }
    s->known = true;
    if (watched) sim_pod_changed(sim, pod, WATCH_STATUS);
}

/* Several controller syncs can run at one instant (a ReplicaSet's, then
   its Deployment's, each writing status); the log keeps where a field
   ended up at each instant. Entries a caller may have read (before the
   last public run returned) are never changed. */
static bool same_field(const podsim_sim_change *ch, const podsim_workload *w,
                       const char *field) {
    return ch->name == w->meta.name &&
           same_string(ch->namespace_, w->meta.namespace_) &&
           same_string(ch->kind, podsim_kind_name(w->kind)) &&
           strcmp(ch->field, field) == 0;
}

/* The field's value before this instant ("" when never logged). */
static const char *value_before_now(const podsim_sim *sim,
                                    const podsim_workload *w,
                                    const char *field) {
    for (size_t i = sim->changes.len; i-- > 0;) {
        const podsim_sim_change *ch = vec_at(&sim->changes, i);
        if (ch->time < sim->now && same_field(ch, w, field)) return ch->value;
    }
    return "";
}

static bool rewrite_this_instant(podsim_sim *sim, const podsim_workload *w,
                                 const char *field, const char *value) {
    for (size_t i = sim->changes.len; i-- > sim->changes_published;) {
        podsim_sim_change *ch = vec_at(&sim->changes, i);
        if (ch->time != sim->now) return false;
        if (!same_field(ch, w, field)) continue;
        if (strcmp(value_before_now(sim, w, field), value) == 0) {
            /* back where it was: nothing changed at this instant */
            memmove(ch, ch + 1, (sim->changes.len - i - 1) * sizeof(*ch));
            sim->changes.len--;
        } else {
            ch->value = value;
        }
        return true;
    }
    return false;
}

void sim_workload_field(podsim_sim *sim, podsim_kind kind, podsim_id workload,
                        const char *field, int64_t value) {
    report_workload_field(sim, kind, workload, field, value);
    if (sim->flags & PODSIM_SIM_QUIET) return;
    const podsim_workload *w = podsim_cluster_workload(sim->c, kind, workload);
    if (!w) return;
    const char *text = sim_internf(sim, "%lld", (long long)value);
    if (rewrite_this_instant(sim, w, field, text)) return;
    sim_log_change(sim, podsim_kind_name(w->kind), &w->meta,
                   sim_intern(sim, field), text);
}

size_t podsim_sim_change_count(const podsim_sim *sim) {
    return sim ? sim->changes.len : 0;
}

const podsim_sim_change *podsim_sim_change_get(const podsim_sim *sim,
                                               size_t index) {
    if (!sim || index >= sim->changes.len) return NULL;
    return vec_at(&sim->changes, index);
}

/* ---- watch fan-out
 * ----------------------------------------------------------- */

void sim_pod_changed(podsim_sim *sim, podsim_id pod, unsigned what) {
    sim_post(sim, sim->now, MOD_ENGINE, OP_WATCH_POD, pod, (int32_t)what, 0);
}

void sim_workload_changed(podsim_sim *sim, podsim_kind kind, podsim_id workload,
                          unsigned what) {
    sim_post(sim, sim->now, MOD_ENGINE, OP_WATCH_WORKLOAD, workload,
             (int32_t)kind, what);
}

static void deliver_pod(podsim_sim *sim, podsim_id pod, unsigned what) {
    for (int m = 1; m < MOD_COUNT; m++) {
        const sim_module_ops *ops = module_ops(m);
        if (ops && ops->on_pod) ops->on_pod(sim, pod, what);
    }
}

static void deliver_node(podsim_sim *sim, podsim_id node, unsigned what) {
    for (int m = 1; m < MOD_COUNT; m++) {
        const sim_module_ops *ops = module_ops(m);
        if (ops && ops->on_node) ops->on_node(sim, node, what);
    }
}

static void deliver_workload(podsim_sim *sim, podsim_kind kind, podsim_id w,
                             unsigned what) {
    for (int m = 1; m < MOD_COUNT; m++) {
        const sim_module_ops *ops = module_ops(m);
        if (ops && ops->on_workload) ops->on_workload(sim, kind, w, what);
    }
}

/* ---- behaviours and images
 * ----------------------------------------------------- */

static bool glob_match(const char *glob, const char *text) {
    return fnmatch(glob, text, 0) == 0;
}

static bool pod_matches(const char *glob, const podsim_pod *pod) {
    if (strchr(glob, '/')) {
        char key[512];
        snprintf(key, sizeof key, "%s/%s", pod->meta.namespace_,
                 pod->meta.name);
        return glob_match(glob, key);
    }
    return glob_match(glob, pod->meta.name);
}

const podsim_behavior *sim_behavior_for(const podsim_sim *sim,
                                        const podsim_pod *pod,
                                        const char *container) {
    static const podsim_behavior forever = PODSIM_BEHAVIOR_INIT;
    if (!pod) return &forever;
    for (size_t i = sim->behaviors.len; i-- > 0;) {
        const sim_behavior_rule *r = vec_at(&sim->behaviors, i);
        if (pod_matches(r->pod_glob, pod) &&
            glob_match(r->container_glob, container)) {
            return &r->b;
        }
    }
    return &forever;
}

void sim_image_info(const podsim_sim *sim, const char *image, int64_t *size,
                    bool *missing) {
    *size = sim->timing.default_image_bytes;
    *missing = false;
    for (size_t i = sim->images.len; i-- > 0;) {
        const sim_image *im = vec_at(&sim->images, i);
        if (strcmp(im->name, image) == 0) {
            if (im->size > 0) *size = im->size;
            *missing = im->missing;
            return;
        }
    }
}

static char *dup_or_null(const char *s) {
    return s ? copy_string(s) : NULL;
}

static void rule_release(sim_behavior_rule *r) {
    free(r->pod_glob);
    free(r->container_glob);
    free((char *)r->b.startup_pattern);
    free((char *)r->b.liveness_pattern);
    free((char *)r->b.readiness_pattern);
}

static bool valid_pattern(const char *p) {
    for (; p && *p; p++) {
        if (*p != 'S' && *p != 'F') return false;
    }
    return true;
}

podsim_status podsim_sim_set_behavior(podsim_sim *sim, const char *pod_glob,
                                      const char *container,
                                      const podsim_behavior *b) {
    if (!sim) return PODSIM_EINVAL;
    clear_error(sim);
    if (!pod_glob || !container || !b) {
        return sim_error(sim, PODSIM_EINVAL,
                         "set_behavior: pod, container and behaviour are "
                         "required");
    }
    if (b->version != PODSIM_BEHAVIOR_VERSION) {
        return sim_error(sim, PODSIM_EINVAL,
                         "set_behavior: unknown behaviour version %d",
                         b->version);
    }
    if ((unsigned)b->run > PODSIM_RUN_OOM || b->run_ms < 0 ||
        b->run_jitter_ms < 0 || b->ready_after_ms < 0) {
        return sim_error(sim, PODSIM_EINVAL,
                         "set_behavior: run kind or durations out of range");
    }
    const char *patterns[3] = {b->startup_pattern, b->liveness_pattern,
                               b->readiness_pattern};
    for (int i = 0; i < 3; i++) {
        if (!valid_pattern(patterns[i])) {
            return sim_error(sim, PODSIM_EINVAL,
                             "set_behavior: probe pattern \"%s\": expected "
                             "letters S (success) and F (failure)",
                             patterns[i]);
        }
    }
    sim_behavior_rule r;
    memset(&r, 0, sizeof r);
    r.pod_glob = copy_string(pod_glob);
    r.container_glob = copy_string(container);
    r.b = *b;
    r.b.startup_pattern = dup_or_null(b->startup_pattern);
    r.b.liveness_pattern = dup_or_null(b->liveness_pattern);
    r.b.readiness_pattern = dup_or_null(b->readiness_pattern);
    sim_behavior_rule *slot = vec_push(&sim->behaviors);
    if (!slot || !r.pod_glob || !r.container_glob ||
        (b->startup_pattern && !r.b.startup_pattern) ||
        (b->liveness_pattern && !r.b.liveness_pattern) ||
        (b->readiness_pattern && !r.b.readiness_pattern)) {
        rule_release(&r);
        if (slot) sim->behaviors.len--;
        return sim_error(sim, PODSIM_ENOMEM, "out of memory");
    }
    *slot = r;
    return PODSIM_OK;
}

podsim_status podsim_sim_set_image(podsim_sim *sim, const char *image,
                                   int64_t size_bytes, bool missing) {
    if (!sim) return PODSIM_EINVAL;
    clear_error(sim);
    if (!image || !image[0] || size_bytes < 0) {
        return sim_error(sim, PODSIM_EINVAL,
                         "set_image: a name and a size >= 0 are required");
    }
    sim_image *im = vec_push(&sim->images);
    char *name = copy_string(image);
    if (!im || !name) {
        free(name);
        if (im) sim->images.len--;
        return sim_error(sim, PODSIM_ENOMEM, "out of memory");
    }
    im->name = name;
    im->size = size_bytes;
    im->missing = missing;
    return PODSIM_OK;
}

/* ---- lifetime
 * ---------------------------------------------------------------- */

static podsim_status parse_version(const char *text, int *minor) {
    if (!text) return PODSIM_EINVAL;
    if (text[0] == 'v') text++;
    if (strncmp(text, "1.", 2) != 0) return PODSIM_EVERSION;
    char *end;
    long m = strtol(text + 2, &end, 10);
    if (end == text + 2 || (*end && *end != '.') || m < 30 || m > 35) {
        return PODSIM_EVERSION;
    }
    *minor = (int)m;
    return PODSIM_OK;
}

static podsim_sim *sim_alloc(void) {
    podsim_sim *sim = calloc(1, sizeof(*sim));
    if (!sim) return NULL;
    vec_init(&sim->heap, sizeof(sim_entry));
    vec_init(&sim->applies, sizeof(sim_apply));
    vec_init(&sim->behaviors, sizeof(sim_behavior_rule));
    vec_init(&sim->images, sizeof(sim_image));
    vec_init(&sim->events, sizeof(podsim_sim_event));
    vec_init(&sim->changes, sizeof(podsim_sim_change));
    vec_init(&sim->pod_shown, sizeof(sim_pod_shown));
    vec_init(&sim->pod_owner, sizeof(sim_owner));
    vec_init(&sim->pod_blocks, sizeof(void *));
    vec_init(&sim->deletes, sizeof(sim_delete_request));
    vec_init(&sim->actions, sizeof(sim_action));
    vec_init(&sim->node_state, sizeof(sim_node_state));
    strbuf_init(&sim->text);
    strbuf_init(&sim->error_text);
    clear_error(sim);
    return sim;
}

void podsim_sim_free(podsim_sim *sim) {
    if (!sim) return;
    for (int m = 1; m < MOD_COUNT; m++) {
        const sim_module_ops *ops = module_ops(m);
        if (ops && sim->module_state[m]) ops->destroy(sim->module_state[m]);
    }
    for (size_t i = 0; i < sim->behaviors.len; i++) {
        rule_release(vec_at(&sim->behaviors, i));
    }
    for (size_t i = 0; i < sim->images.len; i++) {
        free(((sim_image *)vec_at(&sim->images, i))->name);
    }
    for (size_t i = 0; i < sim->applies.len; i++) {
        free(((sim_apply *)vec_at(&sim->applies, i))->text);
        free(((sim_apply *)vec_at(&sim->applies, i))->source);
    }
    for (size_t i = 0; i < sim->pod_shown.len; i++) {
        free(((sim_pod_shown *)vec_at(&sim->pod_shown, i))->containers);
    }
    for (size_t i = 0; i < sim->deletes.len; i++) {
        sim_delete_request *r = vec_at(&sim->deletes, i);
        free(r->namespace_);
        free(r->name);
    }
    vec_release(&sim->deletes);
    sim_actions_free(sim);
    vec_release(&sim->heap);
    vec_release(&sim->applies);
    vec_release(&sim->behaviors);
    vec_release(&sim->images);
    vec_release(&sim->events);
    vec_release(&sim->changes);
    vec_release(&sim->pod_shown);
    vec_release(&sim->pod_owner);
    sim_pods_free(sim);
    free(sim->series);
    strbuf_release(&sim->text);
    strbuf_release(&sim->error_text);
    free(sim->error_source);
    podsim_cluster_free(sim->c);
    free(sim);
}

static bool create_modules(podsim_sim *sim) {
    for (int m = 1; m < MOD_COUNT; m++) {
        const sim_module_ops *ops = module_ops(m);
        if (!ops) continue;
        sim->module_state[m] = ops->create(sim);
        if (!sim->module_state[m]) return false;
    }
    return true;
}

/* Time 0 is the newest timestamp of the loaded cluster (statuses
   included: when the dump was taken), so that ages of loaded objects read
   as they did then and loaded back-offs continue from where they were. */
static int64_t start_epoch(podsim_cluster *c) {
    int64_t newest = cluster_newest_time(c);
    return newest == PODSIM_NO_TIME ? SIM_DEFAULT_EPOCH_MS : newest;
}

podsim_status podsim_sim_new(podsim_cluster *cluster,
                             const podsim_sim_options *options,
                             podsim_sim **out) {
    if (!out) return PODSIM_EINVAL;
    *out = NULL;
    if (!cluster) return PODSIM_EINVAL;
    podsim_sim_options opt = PODSIM_SIM_OPTIONS_INIT;
    if (options) {
        /* version 1 callers know no node_lifecycle field */
        if (options->version == 1) {
            memcpy(&opt, options, offsetof(podsim_sim_options, node_lifecycle));
            opt.version = PODSIM_SIM_OPTIONS_VERSION;
        } else if (options->version != PODSIM_SIM_OPTIONS_VERSION) {
            return PODSIM_EINVAL;
        } else {
            opt = *options;
        }
    }
    if (opt.node_lifecycle &&
        opt.node_lifecycle->version != PODSIM_NODE_LIFECYCLE_VERSION) {
        return PODSIM_EINVAL;
    }
    if (opt.timing && opt.timing->version != PODSIM_TIMING_VERSION) {
        return PODSIM_EINVAL;
    }
    int minor = cluster->k8s.minor;
    if (opt.kubernetes_version) {
        podsim_status s = parse_version(opt.kubernetes_version, &minor);
        if (s) return s;
    }
    podsim_sim *sim = sim_alloc();
    if (!sim) return PODSIM_ENOMEM;
    if (cluster_clone(cluster, &sim->c) != PODSIM_OK) {
        podsim_sim_free(sim);
        return PODSIM_ENOMEM;
    }
    sim->c->replace_existing = true;
    if (minor != sim->c->k8s.minor) {
        sim->c->k8s.minor = minor;
        snprintf(sim->c->version_text, sizeof sim->c->version_text, "1.%d",
                 minor);
    }
    snprintf(sim->version_text, sizeof sim->version_text, "1.%d", minor);
    sim_constants_for(minor, &sim->k);
    sim->k.termination_grace_ms =
        sim->c->k8s.termination_grace_period_seconds * 1000;
    fill_timing(&sim->timing, opt.timing);
    fill_node_lifecycle(&sim->nl, opt.node_lifecycle, minor);
    /* DefaultTolerationSeconds admission of pods the simulation creates */
    sim->c->k8s.default_not_ready_toleration_seconds =
        sim->nl.default_not_ready_toleration_seconds;
    sim->c->k8s.default_unreachable_toleration_seconds =
        sim->nl.default_unreachable_toleration_seconds;
    sim->config = opt.config;
    sim->flags = opt.flags;
    sim->rng = opt.seed ? opt.seed : SIM_DEFAULT_SEED;
    sim->epoch_ms = start_epoch(sim->c);
    sim_nodes_adopt(sim);
    if (!create_modules(sim)) {
        podsim_sim_free(sim);
        return PODSIM_ENOMEM;
    }
    /* every loaded pod and workload is announced at time 0, as informers
       list them when a component starts */
    size_t pods = podsim_cluster_count(sim->c, PODSIM_KIND_POD);
    for (size_t i = 0; i < pods; i++) {
        sim_pod_changed(sim, (podsim_id)i, WATCH_CREATED);
    }
    for (int k = PODSIM_KIND_DEPLOYMENT; k <= PODSIM_KIND_JOB; k++) {
        size_t n = podsim_cluster_count(sim->c, (podsim_kind)k);
        for (size_t i = 0; i < n; i++) {
            sim_workload_changed(sim, (podsim_kind)k, (podsim_id)i,
                                 WATCH_WORKLOAD_CREATED);
        }
    }
    if (sim->failed) {
        podsim_sim_free(sim);
        return PODSIM_ENOMEM;
    }
    *out = sim;
    return PODSIM_OK;
}

/* ---- owners
 * -------------------------------------------------------------------- */

static sim_owner no_owner(void) {
    sim_owner o = {PODSIM_KIND_COUNT, PODSIM_NO_ID};
    return o;
}

/* ownerReferences[controller=true] resolved by kind and name */
static sim_owner resolve_owner(podsim_sim *sim, const podsim_pod *p) {
    for (size_t i = 0; i < p->meta.owner_reference_count; i++) {
        const podsim_owner_reference *ref = &p->meta.owner_references[i];
        if (!ref->controller) continue;
        int kind = kind_from_name(ref->kind);
        if (kind < PODSIM_KIND_DEPLOYMENT || kind > PODSIM_KIND_JOB) break;
        podsim_id id = cluster_lookup(sim->c, (podsim_kind)kind,
                                      p->meta.namespace_, ref->name);
        if (id == PODSIM_NO_ID) break;
        sim_owner o = {kind, id};
        return o;
    }
    return no_owner();
}

sim_owner sim_pod_owner(podsim_sim *sim, podsim_id pod) {
    const podsim_pod *p = podsim_cluster_pod(sim->c, pod);
    if (!p) return no_owner();
    while (sim->pod_owner.len <= (size_t)pod) {
        sim_owner *o = vec_push(&sim->pod_owner);
        if (!o) {
            sim_fail_oom(sim);
            return no_owner();
        }
        o->kind = -1; /* not resolved yet */
        o->id = PODSIM_NO_ID;
    }
    sim_owner *o = vec_at(&sim->pod_owner, (size_t)pod);
    if (o->kind < 0) *o = resolve_owner(sim, p);
    return *o;
}

void sim_set_pod_owner(podsim_sim *sim, podsim_id pod, sim_owner owner) {
    (void)sim_pod_owner(sim, pod); /* grows the vector */
    if (sim->pod_owner.len > (size_t)pod) {
        *(sim_owner *)vec_at(&sim->pod_owner, (size_t)pod) = owner;
    }
}

/* ---- applying objects
 * ------------------------------------------------------------ */

/* Load an apply's text into a throw-away copy of the working model, so
   that errors are reported (with file:line:column) when it is posted. */
static podsim_status check_apply(podsim_sim *sim, const char *text, size_t len,
                                 const char *source) {
    podsim_cluster *scratch = NULL;
    if (cluster_clone(sim->c, &scratch) != PODSIM_OK) {
        return sim_error(sim, PODSIM_ENOMEM, "out of memory");
    }
    scratch->replace_existing = true;
    podsim_load_stats stats;
    podsim_status s =
        podsim_cluster_load_string(scratch, text, len, source, &stats);
    if (s) fail_from_cluster(sim, scratch, s);
    podsim_cluster_free(scratch);
    return s;
}

podsim_status podsim_sim_apply_string(podsim_sim *sim, const char *text,
                                      size_t len, const char *source_name,
                                      int64_t at_ms) {
    if (!sim) return PODSIM_EINVAL;
    clear_error(sim);
    if (!text && len) return sim_error(sim, PODSIM_EINVAL, "apply: no text");
    if (at_ms < sim->now) {
        return sim_error(sim, PODSIM_EINVAL,
                         "apply: time %lld ms is before now (%lld ms)",
                         (long long)at_ms, (long long)sim->now);
    }
    const char *source = source_name ? source_name : "<string>";
    podsim_status s = scenario_split(sim, text ? text : "", len, source);
    if (s) return s;
    s = check_apply(sim, text ? text : "", len, source);
    if (s) return s;
    sim_apply a;
    a.at = at_ms;
    a.len = len;
    a.text = malloc(len + 1);
    a.source = copy_string(source);
    sim_apply *slot = vec_push(&sim->applies);
    if (!a.text || !a.source || !slot) {
        free(a.text);
        free(a.source);
        if (slot) sim->applies.len--;
        return sim_error(sim, PODSIM_ENOMEM, "out of memory");
    }
    if (len) memcpy(a.text, text, len);
    a.text[len] = '\0';
    *slot = a;
    if (!sim_post(sim, at_ms, MOD_ENGINE, OP_APPLY,
                  (int32_t)(sim->applies.len - 1), 0, 0)) {
        return sim_error(sim, PODSIM_ENOMEM, "out of memory");
    }
    return PODSIM_OK;
}

podsim_status podsim_sim_apply_file(podsim_sim *sim, const char *path,
                                    int64_t at_ms) {
    if (!sim) return PODSIM_EINVAL;
    clear_error(sim);
    if (!path) return sim_error(sim, PODSIM_EINVAL, "apply: path is NULL");
    char *text = NULL;
    size_t len = 0;
    podsim_status s =
        read_whole_file(path, sim->c->limits.max_input_bytes, &text, &len);
    if (s == PODSIM_ELIMIT) {
        return sim_error(sim, s, "%s: input exceeds the limit of %zu bytes",
                         path, sim->c->limits.max_input_bytes);
    }
    if (s) return sim_error(sim, s, "%s: cannot read", path);
    s = podsim_sim_apply_string(sim, text, len, path, at_ms);
    free(text);
    return s;
}

/* Give a loaded pod what the API server fills in at creation. */
static void admit_new_pod(podsim_sim *sim, podsim_pod *p) {
    if (p->meta.creation_timestamp == PODSIM_NO_TIME) {
        p->meta.creation_timestamp = sim_wall(sim, sim->now);
    }
    if (!p->meta.uid[0]) {
        p->meta.uid = sim_internf(
            sim, "00000000-0000-4000-8000-%012llx",
            (unsigned long long)(rng_next(&sim->rng) & 0xffffffffffffull));
    }
    if (!p->status.has_phase) {
        p->status.has_phase = true;
        p->status.phase = PODSIM_PHASE_PENDING;
    }
}

static void run_apply(podsim_sim *sim, int32_t index) {
    const sim_apply *a = vec_at(&sim->applies, (size_t)index);
    size_t before[PODSIM_KIND_COUNT];
    for (int k = 0; k < PODSIM_KIND_COUNT; k++) {
        before[k] = podsim_cluster_count(sim->c, (podsim_kind)k);
    }
    sim->c->replaced.len = 0;
    podsim_load_stats stats;
    podsim_status s =
        podsim_cluster_load_string(sim->c, a->text, a->len, a->source, &stats);
    if (s) {
        /* checked when posted: only memory (or a name a pod took since)
           can fail here */
        fail_from_cluster(sim, sim->c, s);
        sim->failed = true;
        return;
    }
    size_t pods = podsim_cluster_count(sim->c, PODSIM_KIND_POD);
    for (size_t i = before[PODSIM_KIND_POD]; i < pods; i++) {
        podsim_pod *p = (podsim_pod *)podsim_cluster_pod(sim->c, (podsim_id)i);
        admit_new_pod(sim, p);
        sim->stats.pods_created++;
        sim_pod_changed(sim, (podsim_id)i, WATCH_CREATED);
    }
    bool nodes_changed = podsim_cluster_count(sim->c, PODSIM_KIND_NODE) >
                         before[PODSIM_KIND_NODE];
    /* applied nodes are node events for every component (the node
       lifecycle controller, taint eviction, ...) */
    size_t nodes = podsim_cluster_count(sim->c, PODSIM_KIND_NODE);
    for (size_t i = before[PODSIM_KIND_NODE]; i < nodes; i++) {
        sim_node_changed(sim, (podsim_id)i, WATCH_NODE_ADDED);
    }
    for (size_t r = 0; r < sim->c->replaced.len; r++) {
        const podsim_id *pair = vec_at(&sim->c->replaced, r);
        if (pair[0] == PODSIM_KIND_NODE) {
            nodes_changed = true;
            sim_node_changed(
                sim, pair[1],
                WATCH_NODE_CONDITIONS | WATCH_NODE_TAINTS | WATCH_NODE_SPEC);
        }
        if (pair[0] >= PODSIM_KIND_DEPLOYMENT && pair[0] <= PODSIM_KIND_JOB) {
            sim_workload_changed(sim, (podsim_kind)pair[0], pair[1],
                                 WATCH_WORKLOAD_UPDATED);
        }
    }
    for (int k = PODSIM_KIND_DEPLOYMENT; k <= PODSIM_KIND_JOB; k++) {
        size_t n = podsim_cluster_count(sim->c, (podsim_kind)k);
        for (size_t i = before[k]; i < n; i++) {
            podsim_workload *w = (podsim_workload *)podsim_cluster_workload(
                sim->c, (podsim_kind)k, (podsim_id)i);
            if (w->meta.creation_timestamp == PODSIM_NO_TIME) {
                w->meta.creation_timestamp = sim_wall(sim, sim->now);
            }
            sim_workload_changed(sim, (podsim_kind)k, (podsim_id)i,
                                 WATCH_WORKLOAD_CREATED);
        }
    }
    sim->c->replaced.len = 0;
    if (nodes_changed) {
        sim_scheduler_nodes_changed(sim);
        sim_controllers_nodes_changed(sim);
    }
}

/* ---- deleting pods
 * ------------------------------------------------------------- */

podsim_status podsim_sim_delete_pod(podsim_sim *sim, const char *namespace_,
                                    const char *name, int64_t at_ms,
                                    int64_t grace_seconds, bool force) {
    if (!sim) return PODSIM_EINVAL;
    clear_error(sim);
    if (!name) return sim_error(sim, PODSIM_EINVAL, "delete: name is NULL");
    if (at_ms < sim->now) {
        return sim_error(sim, PODSIM_EINVAL,
                         "delete: time %lld ms is before now (%lld ms)",
                         (long long)at_ms, (long long)sim->now);
    }
    if (force && grace_seconds != 0) {
        return sim_error(sim, PODSIM_EINVAL,
                         "delete: --force needs --grace-period=0");
    }
    const char *ns = namespace_ && *namespace_ ? namespace_ : "default";
    /* a deletion for now must name a pod that exists (kubectl's "not
       found"); a later one is resolved when its time comes, since the
       pod may not exist yet */
    if (at_ms == sim->now &&
        cluster_lookup(sim->c, PODSIM_KIND_POD, ns, name) == PODSIM_NO_ID) {
        return sim_error(sim, PODSIM_ENOTFOUND, "pods \"%s\" not found", name);
    }
    sim_delete_request r;
    r.namespace_ = copy_string(ns);
    r.name = copy_string(name);
    r.grace_seconds = grace_seconds < 0 ? -1 : grace_seconds;
    r.force = force;
    sim_delete_request *slot = vec_push(&sim->deletes);
    if (!r.namespace_ || !r.name || !slot) {
        free(r.namespace_);
        free(r.name);
        if (slot) sim->deletes.len--;
        return sim_error(sim, PODSIM_ENOMEM, "out of memory");
    }
    *slot = r;
    if (!sim_post(sim, at_ms, MOD_ENGINE, OP_DELETE,
                  (int32_t)(sim->deletes.len - 1), 0, 0)) {
        return sim_error(sim, PODSIM_ENOMEM, "out of memory");
    }
    return PODSIM_OK;
}

/* A user's deletion at its time; a pod that does not exist (any more) is
   left alone, as kubectl delete would only have printed "not found". */
static void run_delete(podsim_sim *sim, int32_t index) {
    const sim_delete_request *r = vec_at(&sim->deletes, (size_t)index);
    podsim_id pod =
        cluster_lookup(sim->c, PODSIM_KIND_POD, r->namespace_, r->name);
    if (pod == PODSIM_NO_ID) return;
    if (r->force) {
        report_pod_deleted_by(sim, pod, "ForceDelete");
        sim_remove_pod(sim, pod);
    } else {
        sim_delete_pod(sim, pod, r->grace_seconds);
    }
}

/* ---- running
 * ----------------------------------------------------------------------- */

static void engine_handle(podsim_sim *sim, const sim_entry *e) {
    switch (e->op) {
    case OP_APPLY: run_apply(sim, e->a); break;
    case OP_DELETE: run_delete(sim, e->a); break;
    case OP_WATCH_POD: deliver_pod(sim, e->a, (unsigned)e->b); break;
    case OP_WATCH_WORKLOAD:
        deliver_workload(sim, (podsim_kind)e->b, e->a, e->gen);
        break;
    case SIM_OP_WATCH_NODE: deliver_node(sim, e->a, (unsigned)e->b); break;
    case SIM_OP_ACTION: sim_action_run(sim, e->a); break;
    default: break;
    }
}

static void dispatch(podsim_sim *sim, const sim_entry *e) {
    sim->stats.events_processed++;
    if (e->module == MOD_ENGINE) {
        engine_handle(sim, e);
        return;
    }
    const sim_module_ops *ops = module_ops(e->module);
    if (ops && ops->handle) ops->handle(sim, e);
}

static podsim_status after_failure(podsim_sim *sim) {
    if (sim->error.status) return sim->error.status;
    return sim_error(sim, PODSIM_ENOMEM, "out of memory");
}

/* Run entries with time <= until; `one_instant` stops after the first
   instant that had entries. */
static podsim_status run_entries(podsim_sim *sim, int64_t until,
                                 bool one_instant, bool *ran);

/* Run, then mark every change logged so far as published (see
   rewrite_this_instant). */
static podsim_status run(podsim_sim *sim, int64_t until, bool one_instant,
                         bool *ran) {
    podsim_status s = run_entries(sim, until, one_instant, ran);
    sim->changes_published = sim->changes.len;
    return s;
}

static podsim_status run_entries(podsim_sim *sim, int64_t until,
                                 bool one_instant, bool *ran) {
    if (ran) *ran = false;
    if (sim->failed) return after_failure(sim);
    int64_t instant = PODSIM_NO_TIME;
    while (sim->heap.len) {
        const sim_entry *top = sim->heap.data;
        if (top->time > until) break;
        if (one_instant && instant != PODSIM_NO_TIME && top->time != instant) {
            break;
        }
        sim_entry e = heap_pop(sim);
        instant = e.time;
        sim->now = e.time;
        /* periodic work (resyncs, monitor passes) is not a step */
        if (ran && !(e.op & SIM_PERIODIC)) *ran = true;
        dispatch(sim, &e);
        if (sim->failed) return after_failure(sim);
    }
    return PODSIM_OK;
}

podsim_status podsim_sim_run_until(podsim_sim *sim, int64_t until_ms) {
    if (!sim) return PODSIM_EINVAL;
    clear_error(sim);
    if (until_ms < sim->now) {
        return sim_error(sim, PODSIM_EINVAL,
                         "run: time %lld ms is before now (%lld ms)",
                         (long long)until_ms, (long long)sim->now);
    }
    podsim_status s = run(sim, until_ms, false, NULL);
    if (s == PODSIM_OK) sim->now = until_ms;
    return s;
}

/* Periodic entries (resyncs, queue flushes) keep the heap non-empty for
   ever: "idle" means only they are left. Modules mark theirs with
   SIM_PERIODIC in `op`'s high bit. */
static bool only_periodic(const podsim_sim *sim) {
    const sim_entry *h = sim->heap.data;
    for (size_t i = 0; i < sim->heap.len; i++) {
        if (!(h[i].op & SIM_PERIODIC)) return false;
    }
    return true;
}

podsim_status podsim_sim_run_idle(podsim_sim *sim, int64_t limit_ms,
                                  bool *idle) {
    if (!sim) return PODSIM_EINVAL;
    clear_error(sim);
    if (idle) *idle = false;
    while (!only_periodic(sim)) {
        const sim_entry *top = sim->heap.data;
        if (top->time > limit_ms) {
            if (limit_ms > sim->now) sim->now = limit_ms;
            return PODSIM_OK;
        }
        bool ran;
        podsim_status s = run(sim, top->time, true, &ran);
        if (s) return s;
    }
    if (idle) *idle = true;
    return PODSIM_OK;
}

podsim_status podsim_sim_step(podsim_sim *sim, bool *ran) {
    if (!sim) return PODSIM_EINVAL;
    clear_error(sim);
    bool any = false;
    podsim_status s = PODSIM_OK;
    /* the next instant with work that is not periodic; periodic work on
       the way runs too (idle = only periodic work left, as run_idle) */
    while (s == PODSIM_OK && !any && !only_periodic(sim)) {
        const sim_entry *top = sim->heap.data;
        s = run(sim, top->time, true, &any);
    }
    if (ran) *ran = any;
    return s;
}

/* ---- forks
 * ------------------------------------------------------------------------ */

static bool fork_rules(podsim_sim *dst, const podsim_sim *src) {
    for (size_t i = 0; i < src->behaviors.len; i++) {
        const sim_behavior_rule *r = vec_at(&src->behaviors, i);
        dst->behaviors.len = i; /* podsim_sim_set_behavior appends */
        if (podsim_sim_set_behavior(dst, r->pod_glob, r->container_glob,
                                    &r->b) != PODSIM_OK) {
            return false;
        }
    }
    for (size_t i = 0; i < src->images.len; i++) {
        const sim_image *im = vec_at(&src->images, i);
        if (podsim_sim_set_image(dst, im->name, im->size, im->missing)) {
            return false;
        }
    }
    for (size_t i = 0; i < src->deletes.len; i++) {
        const sim_delete_request *r = vec_at(&src->deletes, i);
        sim_delete_request *slot = vec_push(&dst->deletes);
        if (!slot) return false;
        *slot = *r;
        slot->namespace_ = copy_string(r->namespace_);
        slot->name = copy_string(r->name);
        if (!slot->namespace_ || !slot->name) return false;
    }
    for (size_t i = 0; i < src->applies.len; i++) {
        const sim_apply *a = vec_at(&src->applies, i);
        sim_apply *slot = vec_push(&dst->applies);
        if (!slot) return false;
        slot->at = a->at;
        slot->len = a->len;
        slot->text = malloc(a->len + 1);
        slot->source = copy_string(a->source);
        if (!slot->text || !slot->source) return false;
        memcpy(slot->text, a->text, a->len + 1);
    }
    return true;
}

static bool fork_shown(podsim_sim *dst, const podsim_sim *src) {
    if (!vec_copy(&dst->pod_shown, &src->pod_shown)) return false;
    for (size_t i = 0; i < dst->pod_shown.len; i++) {
        sim_pod_shown *s = vec_at(&dst->pod_shown, i);
        if (!s->containers) continue;
        shown_container *copy = malloc(s->container_count * sizeof(*copy) + 1);
        if (!copy) {
            /* leave the rest pointing nowhere so free() stays safe */
            for (size_t j = i; j < dst->pod_shown.len; j++) {
                ((sim_pod_shown *)vec_at(&dst->pod_shown, j))->containers =
                    NULL;
            }
            return false;
        }
        memcpy(copy, s->containers, s->container_count * sizeof(*copy));
        s->containers = copy;
    }
    return true;
}

podsim_status podsim_sim_fork(podsim_sim *sim, podsim_sim **out) {
    if (!sim) return PODSIM_EINVAL;
    clear_error(sim);
    if (!out) return sim_error(sim, PODSIM_EINVAL, "fork: out is NULL");
    *out = NULL;
    /* a run that failed half-way left its components' state unfinished:
       nothing may continue from it */
    if (sim->failed) return after_failure(sim);
    podsim_sim *f = sim_alloc();
    if (!f) return sim_error(sim, PODSIM_ENOMEM, "out of memory");
    /* the working model: views copied, strings and loaded parts shared
       read-only with the source simulation's model */
    if (cluster_clone(sim->c, &f->c) != PODSIM_OK) {
        podsim_sim_free(f);
        return sim_error(sim, PODSIM_ENOMEM, "out of memory");
    }
    f->c->replace_existing = true;
    sched_copy_stream(f->c, sim->c);
    f->config = sim->config;
    f->k = sim->k;
    f->timing = sim->timing;
    f->nl = sim->nl;
    memcpy(f->version_text, sim->version_text, sizeof f->version_text);
    f->epoch_ms = sim->epoch_ms;
    f->now = sim->now;
    f->seq = sim->seq;
    f->rng = sim->rng;
    f->flags = sim->flags;
    f->stats = sim->stats;
    f->changes_published = sim->changes_published;
    bool ok = vec_copy(&f->heap, &sim->heap) && fork_rules(f, sim) &&
              vec_copy(&f->events, &sim->events) &&
              vec_copy(&f->changes, &sim->changes) &&
              vec_copy(&f->pod_owner, &sim->pod_owner) && fork_shown(f, sim) &&
              sim_pods_fork(f, sim) && sim_actions_fork(f, sim);
    if (ok && sim->series_slots) {
        f->series = malloc(sim->series_slots * sizeof(*f->series));
        ok = f->series != NULL;
        if (ok) {
            memcpy(f->series, sim->series,
                   sim->series_slots * sizeof(*f->series));
            f->series_slots = sim->series_slots;
            f->series_used = sim->series_used;
        }
    }
    for (int m = 1; ok && m < MOD_COUNT; m++) {
        const sim_module_ops *ops = module_ops(m);
        if (!ops) continue;
        f->module_state[m] = ops->fork(f, sim->module_state[m]);
        ok = f->module_state[m] != NULL;
    }
    if (!ok || f->failed) {
        podsim_sim_free(f);
        return sim_error(sim, PODSIM_ENOMEM, "out of memory");
    }
    clear_error(f);
    *out = f;
    return PODSIM_OK;
}

/* ---- accessors
 * ------------------------------------------------------------------- */

podsim_cluster *podsim_sim_cluster(podsim_sim *sim) {
    return sim ? sim->c : NULL;
}

int64_t podsim_sim_now(const podsim_sim *sim) {
    return sim ? sim->now : 0;
}

int64_t podsim_sim_epoch_ms(const podsim_sim *sim) {
    return sim ? sim->epoch_ms : 0;
}

const char *podsim_sim_kubernetes_version(const podsim_sim *sim) {
    return sim ? sim->version_text : "";
}

void podsim_sim_get_stats(const podsim_sim *sim, podsim_sim_stats *out) {
    if (!out) return;
    memset(out, 0, sizeof(*out));
    if (!sim) return;
    *out = sim->stats;
    out->pending = sim->heap.len;
    size_t bytes = sizeof(*sim) + sim->heap.cap * sizeof(sim_entry) +
                   sim->events.cap * sizeof(podsim_sim_event) +
                   sim->changes.cap * sizeof(podsim_sim_change) +
                   sim->pod_shown.cap * sizeof(sim_pod_shown) +
                   sim->pod_owner.cap * sizeof(sim_owner) +
                   sim->series_slots * sizeof(sim_series_slot) +
                   sim_pods_memory(sim);
    for (int m = 1; m < MOD_COUNT; m++) {
        const sim_module_ops *ops = module_ops(m);
        if (ops && ops->memory && sim->module_state[m]) {
            bytes += ops->memory(sim->module_state[m]);
        }
    }
    out->memory_bytes = bytes;
}

podsim_status podsim_sim_find_pod(podsim_sim *sim, const char *namespace_,
                                  const char *name, podsim_id *out) {
    if (!sim) return PODSIM_EINVAL;
    clear_error(sim);
    if (!name || !out) {
        return sim_error(sim, PODSIM_EINVAL, "find_pod: name and out needed");
    }
    podsim_id id = cluster_lookup(
        sim->c, PODSIM_KIND_POD,
        namespace_ && *namespace_ ? namespace_ : "default", name);
    if (id == PODSIM_NO_ID) {
        return sim_error(sim, PODSIM_ENOTFOUND, "pods \"%s\" not found", name);
    }
    *out = id;
    return PODSIM_OK;
}

/* ---- helpers for other modules
 * --------------------------------------------------- */

podsim_status sim_error(podsim_sim *sim, podsim_status status, const char *fmt,
                        ...) {
    clear_error(sim);
    va_list ap;
    va_start(ap, fmt);
    strbuf_vprintf(&sim->error_text, fmt, ap);
    va_end(ap);
    sim->error.status = status;
    sim->error.message =
        sim->error_text.failed ? "out of memory" : strbuf_str(&sim->error_text);
    return status;
}

podsim_status sim_error_at(podsim_sim *sim, podsim_status status,
                           const char *source, int line, int column,
                           const char *message) {
    sim_error(sim, status, "%s", message);
    if (source) {
        sim->error_source = copy_string(source);
        sim->error.source = sim->error_source;
    }
    sim->error.line = line;
    sim->error.column = column;
    return status;
}

void sim_clear_error(podsim_sim *sim) {
    clear_error(sim);
}

podsim_status read_whole_file(const char *path, size_t limit, char **text,
                              size_t *len) {
    *text = NULL;
    *len = 0;
    FILE *f = fopen(path, "rb");
    if (!f) return PODSIM_EIO;
    size_t cap = 64 * 1024, used = 0;
    char *buf = malloc(cap + 1);
    if (!buf) {
        fclose(f);
        return PODSIM_ENOMEM;
    }
    for (;;) {
        if (used == cap) {
            if (cap > limit) {
                free(buf);
                fclose(f);
                return PODSIM_ELIMIT;
            }
            char *grown = realloc(buf, cap * 2 + 1);
            if (!grown) {
                free(buf);
                fclose(f);
                return PODSIM_ENOMEM;
            }
            buf = grown;
            cap *= 2;
        }
        size_t n = fread(buf + used, 1, cap - used, f);
        used += n;
        if (n == 0) break;
    }
    bool bad = ferror(f) != 0;
    fclose(f);
    if (bad) {
        free(buf);
        return PODSIM_EIO;
    }
    if (used > limit) {
        free(buf);
        return PODSIM_ELIMIT;
    }
    buf[used] = '\0';
    *text = buf;
    *len = used;
    return PODSIM_OK;
}
