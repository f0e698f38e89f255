/*
 * kubelet.c - the kubelet: a pod worker per bound pod on the simulated
 * clock (MOD_KUBELET).
 *
 * Models what kubernetes pkg/kubelet does between a pod's binding and its
 * removal (../shared/reference/lifecycle.md sections A and B):
 *   - admission and the first status (kubelet.go SyncPod,
 *     kubelet_pods.go generateAPIPodStatus): startTime, hostIP, Pending,
 *     waiting ContainerCreating or PodInitializing;
 *   - volumes mounted in parallel, with the volume manager's exponential
 *     retry of a failed SetUp (pkg/volume/util/nestedpendingoperations:
 *     500 ms doubling to 2m2s) and FailedMount events;
 *   - the probe workers, created once the volumes are mounted (SyncPod
 *     calls probeManager.AddPod after WaitForAttachAndMount);
 *   - the sandbox, then PodReadyToStartContainers (generate.go);
 *   - init containers one at a time, a sidecar counting once `started`,
 *     then the regular containers in spec order within one sync
 *     (kuberuntime/kuberuntime_manager.go SyncPod, computePodActions);
 *   - each start: the image (images/image_manager.go EnsureImageExists:
 *     pull policy, the per-pod-and-image back-off, serialised or parallel
 *     pulls per node), the container config (kubelet_pods.go
 *     makeEnvironmentVariables: CreateContainerConfigError), create and
 *     start (kuberuntime_container.go startContainer), with the kubelet's
 *     event texts (pkg/kubelet/events/event.go reasons);
 *   - exits per the scenario's behaviour and the restart policy, with the
 *     crash-loop back-off measured from finishedAt
 *     (kuberuntime_manager.go doBackOff, client-go util/flowcontrol);
 *   - probes (prober/worker.go doProbe, prober_manager.go UpdatePodStatus);
 *   - graceful termination (kuberuntime_container.go killContainer: preStop,
 *     stop signal, the 2 s minimum, SIGKILL; sidecars after the regular
 *     containers, in reverse order), the terminal phase before the object
 *     goes (status_manager.go TerminatePod), activeDeadlineSeconds
 *     (active_deadline.go);
 *   - the machine behind the node (sim_node_state, WATCH_NODE_HEALTH):
 *     silence while partitioned or off, the catch-up when it returns (the
 *     status manager's reconcile, status_manager.go syncBatch), restarts
 *     in place after a power-off, a NotReady runtime, graceful node
 *     shutdown (nodeshutdown/nodeshutdown_manager_linux.go); see "the
 *     machine behind the node" below;
 *   - claims only one node may hold wait for the attach-detach
 *     controller's detach elsewhere (attach_detach.c).
 * The phase and the generated conditions come from kubelet_status.c.
 *
 * State lives in per-pod records indexed by pod id; timers carry a
 * generation (the pod's, a container's or a probe worker's) so that stale
 * ones are dropped when they fire.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "attach_detach.h"
#include "kubelet.h"
#include "sim.h"

/* Version-independent kubelet constants. */
#define PLEG_RELIST_MS                                                        \
    1000                           /* kubelet.go genericPlegRelistPeriod: the \
                                      sync after a failed pull */
#define MOUNT_RETRY_INITIAL_MS 500 /* nestedpendingoperations */
#define MOUNT_RETRY_MAX_MS 122000  /* 2m2s */
#define DEFAULT_PROBE_PERIOD_MS 10000 /* SetDefaults_Probe */
#define STATUS_SYNC_PERIOD_MS                                    \
    10000 /* status/status_manager.go syncPeriod: syncBatch(all) \
             reconciles every pod's status with the API */
#define CRITICAL_PRIORITY                                                  \
    2000000000 /* scheduling.SystemCriticalPriority: the critical group of \
                  graceful node shutdown (migrateConfig) */

/* ---- state --------------------------------------------------------------- */

enum kubelet_op {
    OP_MOUNT = 1,      /* pod: (re)try mounting the volumes */
    OP_VOLUMES_DONE,   /* pod: every volume is mounted */
    OP_SANDBOX_DONE,   /* pod: the sandbox and its network exist */
    OP_DEADLINE,       /* pod: activeDeadlineSeconds reached */
    OP_PULL_DONE,      /* container: the image pull finished */
    OP_CREATED,        /* container: create + start finished */
    OP_EXIT,           /* container: exits on its own (behaviour) */
    OP_RETRY,          /* container: a back-off or requeue expired */
    OP_SHOW_BACKOFF,   /* container: the sync after a failed pull */
    OP_STOPPED,        /* container: exited after the stop signal */
    OP_SIGKILL,        /* container: the grace period ran out */
    OP_PROBE_TICK,     /* probe worker: periodic tick (b = idx*3 + type) */
    OP_PROBE_NOW,      /* probe worker: manual run (gen = instance) */
    OP_STATUS_SYNC,    /* node (a): the status manager's reconcile tick */
    OP_SHUTDOWN_GROUP, /* node (a): shutdown group b done or timed out */
    OP_POWER_OFF,      /* node (a): the graceful shutdown's end */
    OP_ADMIT           /* pod: admission while the node shuts down */
};
_Static_assert(OP_ADMIT < AD_OP_DETACH, "kubelet op numbers overlap");

enum pod_stage {
    ST_NONE = 0,    /* not the kubelet's (yet) */
    ST_VOLUMES,     /* mounting */
    ST_SANDBOX,     /* creating the sandbox */
    ST_INIT,        /* init containers */
    ST_MAIN,        /* regular containers started or running */
    ST_TERMINATING, /* stopping containers (deletion, deadline, finished) */
    ST_DONE,        /* terminal phase written, nothing running */
    ST_GONE         /* the object is removed */
};

enum ctr_phase {
    KC_IDLE = 0, /* nothing in flight (not started, or start cancelled) */
    KC_PULLING,  /* image pull in flight */
    KC_CREATING, /* create + start in flight */
    KC_RUNNING,
    KC_STOPPING, /* stop signal sent */
    KC_RETRY,    /* waiting for a back-off or requeue (OP_RETRY) */
    KC_DONE      /* exited and not restarting */
};

enum retry_kind { RETRY_START = 0, RETRY_CRASH };
enum kill_kind { KILL_STOP = 0, KILL_LIVENESS, KILL_STARTUP };
enum probe_type { PROBE_STARTUP = 0, PROBE_LIVENESS, PROBE_READINESS };
enum probe_result { PR_UNKNOWN = 0, PR_SUCCESS, PR_FAILURE };

typedef struct kprobe {
    uint32_t gen;      /* tick timers */
    bool active;       /* the worker exists */
    bool on_hold;      /* liveness/startup failed: until a new container */
    bool manual;       /* a manual run is pending (re-armed after it) */
    int8_t result;     /* what the results manager holds */
    int8_t last;       /* the last raw result, for thresholds */
    int32_t run;       /* how many times in a row `last` came */
    int32_t count;     /* probe runs of this container instance */
    int64_t next_tick; /* when the ticker fires next */
} kprobe;

typedef struct kctr {
    uint32_t gen; /* container timers */
    uint8_t phase;
    uint8_t retry_kind;
    bool ever_ran;   /* an instance existed: the next start is a restart */
    bool in_sync;    /* started by the pod's sync: advance it when done */
    bool probe_kill; /* stopped by a failed probe: restart per policy */
    bool parked;     /* its start waits for the runtime (node NotReady) */
    int32_t instance;
    int32_t exit_code;    /* of the scheduled OP_EXIT */
    const char *exit_why; /* its terminated reason (static) */
    int64_t started;      /* sim time the running instance started */
    int64_t finished;     /* sim time of the last exit (PODSIM_NO_TIME) */
    int64_t prev_finished;
    int64_t pull_request; /* when the image was asked for */
    int64_t pull_ms;      /* the pull itself */
    int64_t retry_at;
    int64_t backoff_ms; /* crash-loop entry (0 = none) */
    int64_t backoff_update;
    kprobe probe[3];
    /* the behaviour rule that applies (index into sim->behaviors, -1 =
       the default), resolved while the rule count was rules_seen - 1 */
    int32_t rule;
    uint32_t rules_seen;
    /* a loaded container that had exited: what it did last time, its
       behaviour when no rule says otherwise */
    bool has_observed;
    podsim_behavior observed;
} kctr;

/* Image pull back-off entry: key pod UID + image. */
typedef struct kimg {
    const char *image;
    int64_t backoff_ms;
    int64_t update;
    const char *error;
} kimg;

typedef struct kpod {
    uint8_t stage;
    bool released;          /* sim_release_pod called */
    bool has_initialized;   /* a regular container has run */
    bool remove;            /* the termination ends with the object removed */
    bool listed;            /* in its node's pod list (knode.pods) */
    bool parked;            /* a start waits for the runtime (node NotReady) */
    bool net_event;         /* NetworkNotReady reported since parked */
    bool mount_wait;        /* waits for an exclusive volume to be detached
                               elsewhere (attach_detach.c) */
    uint8_t shutdown_group; /* killed by graceful node shutdown: group 1
                               (regular) or 2 (critical); 0 = not */
    uint32_t gen;           /* pod timers */
    int32_t ninit;
    int32_t nctr;
    int32_t nimg;
    int32_t init_next; /* the init container the pipeline is at */
    int32_t main_next; /* the regular container the sync is starting */
    int64_t mount_backoff_ms;
    int64_t grace_end; /* termination: when SIGKILL comes */
    kctr *ctr;         /* init containers, then regular ones */
    kimg *img;         /* up to nctr entries */
} kpod;

/* Per node: image pulls in flight and images pulled in the run. */
typedef struct knode {
    int64_t *slots; /* busy-until of each pull slot */
    int32_t nslots;
    size_t npulled;
    size_t cap;
    const char **pulled; /* normalised references (interned) */
    uint32_t ips_given;  /* pod IPs handed out on this node */
    /* the node's machine state as the kubelet lives it */
    vec pods;               /* podsim_id: pods bound here the kubelet knows */
    vec deferred;           /* sim_entry: timers that came due while the
                               kubelet was silent */
    bool paused;            /* the kubelet went silent (timers deferred) */
    bool parked;            /* some start waits for the runtime */
    bool shutting_down;     /* graceful node shutdown in progress */
    uint8_t shutdown_stage; /* the group being killed (1, 2; 3 = done) */
    int32_t shutdown_left;  /* its pods not finished yet */
    uint32_t shutdown_gen;  /* shutdown timers */
    int64_t off_at;         /* the machine went off; -1 */
    int64_t sync_at;        /* the pending status sync; -1 */
} knode;

typedef struct kstate {
    vec pods;      /* kpod by pod id */
    vec nodes;     /* knode by node id */
    bool ips_seen; /* the loaded pods' IPs were counted (assign_pod_ip) */
    ad_state *ad;  /* exclusive volume attachments (attach_detach.c) */
} kstate;

static kstate *state_of(podsim_sim *sim) {
    return sim_state(sim, MOD_KUBELET);
}

static kpod *kpod_of(podsim_sim *sim, podsim_id pod) {
    kstate *s = state_of(sim);
    if (pod < 0 || (size_t)pod >= s->pods.len) return NULL;
    return vec_at(&s->pods, (size_t)pod);
}

static kpod *kpod_slot(podsim_sim *sim, podsim_id pod) {
    kstate *s = state_of(sim);
    while (s->pods.len <= (size_t)pod) {
        if (!vec_push(&s->pods)) {
            sim_fail_oom(sim);
            return NULL;
        }
    }
    return vec_at(&s->pods, (size_t)pod);
}

static void kpod_free(kpod *kp) {
    free(kp->ctr);
    free(kp->img);
    kp->ctr = NULL;
    kp->img = NULL;
}

static void knode_free(knode *kn) {
    free(kn->slots);
    free((void *)kn->pulled);
    vec_release(&kn->pods);
    vec_release(&kn->deferred);
    kn->slots = NULL;
    kn->pulled = NULL;
}

/* ---- module lifetime ----------------------------------------------------- */

static void *kubelet_create(podsim_sim *sim) {
    (void)sim;
    kstate *s = calloc(1, sizeof(*s));
    if (!s) return NULL;
    vec_init(&s->pods, sizeof(kpod));
    vec_init(&s->nodes, sizeof(knode));
    s->ad = ad_create();
    if (!s->ad) {
        free(s);
        return NULL;
    }
    return s;
}

static void kubelet_destroy(void *state) {
    kstate *s = state;
    if (!s) return;
    for (size_t i = 0; i < s->pods.len; i++) kpod_free(vec_at(&s->pods, i));
    for (size_t i = 0; i < s->nodes.len; i++) {
        knode_free(vec_at(&s->nodes, i));
    }
    vec_release(&s->pods);
    vec_release(&s->nodes);
    ad_destroy(s->ad);
    free(s);
}

static void *copy_array(const void *src, size_t bytes, bool *ok) {
    if (!src || !bytes) return NULL;
    void *out = malloc(bytes);
    if (!out) {
        *ok = false;
        return NULL;
    }
    memcpy(out, src, bytes);
    return out;
}

static void *kubelet_fork(podsim_sim *dst, const void *src_state) {
    (void)dst;
    const kstate *src = src_state;
    kstate *s = calloc(1, sizeof(*s));
    if (!s) return NULL;
    bool ok =
        vec_copy(&s->pods, &src->pods) && vec_copy(&s->nodes, &src->nodes);
    if (!ok) {
        /* nothing deep-copied yet: the copies still point at src's */
        s->pods.len = s->nodes.len = 0;
        kubelet_destroy(s);
        return NULL;
    }
    for (size_t i = 0; i < s->pods.len; i++) {
        kpod *kp = vec_at(&s->pods, i);
        const kpod *from = vec_at(&src->pods, i);
        kp->ctr = copy_array(from->ctr, (size_t)from->nctr * sizeof(kctr), &ok);
        kp->img = copy_array(from->img, (size_t)from->nctr * sizeof(kimg), &ok);
    }
    for (size_t i = 0; i < s->nodes.len; i++) {
        knode *kn = vec_at(&s->nodes, i);
        const knode *from = vec_at(&src->nodes, i);
        kn->slots = copy_array(from->slots,
                               (size_t)from->nslots * sizeof(int64_t), &ok);
        kn->pulled = copy_array((const void *)from->pulled,
                                from->cap * sizeof(const char *), &ok);
        if (!kn->pulled) kn->cap = kn->npulled = 0;
        if (!kn->slots) kn->nslots = 0;
        /* every knode gets its own arrays, even after a failure, so that
           destroying the copy never frees src's */
        if (!vec_copy(&kn->pods, &from->pods)) ok = false;
        if (!vec_copy(&kn->deferred, &from->deferred)) ok = false;
    }
    s->ad = ad_fork(src->ad);
    if (!s->ad) ok = false;
    if (!ok) {
        kubelet_destroy(s);
        return NULL;
    }
    return s;
}

static size_t kubelet_memory(const void *state) {
    const kstate *s = state;
    size_t bytes =
        sizeof(*s) + s->pods.cap * sizeof(kpod) + s->nodes.cap * sizeof(knode);
    for (size_t i = 0; i < s->pods.len; i++) {
        const kpod *kp = vec_at(&s->pods, i);
        if (kp->ctr) bytes += (size_t)kp->nctr * (sizeof(kctr) + sizeof(kimg));
    }
    for (size_t i = 0; i < s->nodes.len; i++) {
        const knode *kn = vec_at(&s->nodes, i);
        bytes += (size_t)kn->nslots * sizeof(int64_t) +
                 kn->cap * sizeof(const char *) +
                 kn->pods.cap * sizeof(podsim_id) +
                 kn->deferred.cap * sizeof(sim_entry);
    }
    return bytes + ad_memory(s->ad);
}

/* ---- small helpers ------------------------------------------------------- */

static const podsim_pod *pod_of(podsim_sim *sim, podsim_id pod) {
    return podsim_cluster_pod(sim->c, pod);
}

/* The pod's node: the bound id, else by spec.nodeName. */
static podsim_id node_id(podsim_sim *sim, const podsim_pod *p) {
    if (p->node != PODSIM_NO_ID) return p->node;
    return cluster_lookup(sim->c, PODSIM_KIND_NODE, NULL, p->spec.node_name);
}

static const podsim_container *spec_of(const podsim_pod *p, int idx) {
    size_t n = p->spec.init_container_count;
    return (size_t)idx < n ? &p->spec.init_containers[idx]
                           : &p->spec.containers[(size_t)idx - n];
}

static bool is_sidecar(const podsim_pod *p, int idx) {
    return spec_of(p, idx)->kind == PODSIM_CONTAINER_SIDECAR;
}

static bool is_init(const podsim_pod *p, int idx) {
    return spec_of(p, idx)->kind == PODSIM_CONTAINER_INIT;
}

static bool is_regular(const kpod *kp, int idx) {
    return idx >= kp->ninit;
}

static podsim_container_status *status_of(podsim_sim *sim, podsim_id pod,
                                          int idx) {
    size_t n = 0;
    podsim_container_status *cs = sim_pod_containers(sim, pod, &n);
    return cs && (size_t)idx < n ? &cs[idx] : NULL;
}

static bool phase_terminal(const podsim_pod *p) {
    return p->status.has_phase && (p->status.phase == PODSIM_PHASE_SUCCEEDED ||
                                   p->status.phase == PODSIM_PHASE_FAILED);
}

static bool exact(const podsim_sim *sim) {
    return (sim->timing.flags & PODSIM_TIMING_EXACT) != 0;
}

/* A duration with the timing's jitter. */
static int64_t dur(podsim_sim *sim, int64_t ms) {
    return sim_jitter(sim, ms < 0 ? 0 : ms);
}

/* The pod worker's requeue after a back-off expires: uniform [0, max]
   (PR 133066 from v1.34; before, the 10 s error requeue plus jitter). */
static int64_t restart_lag(podsim_sim *sim) {
    if (exact(sim)) return 0;
    int64_t max = sim->timing.restart_lag_max_ms;
    if (max == 0) max = sim->k.restart_lag_max_ms;
    if (max <= 0) return 0;
    return sim_random(sim, max + 1);
}

/* pod_workers.go: a failed sync is retried after backOffPeriod, jittered
   by up to 50 % (wait.Jitter). */
static int64_t requeue_delay(podsim_sim *sim) {
    int64_t d = sim->k.sync_error_requeue_ms;
    if (exact(sim)) return d;
    return d + sim_random(sim, d / 2 + 1);
}

static int64_t period_ms(const podsim_probe *pr) {
    return pr->period_seconds > 0 ? (int64_t)pr->period_seconds * 1000
                                  : DEFAULT_PROBE_PERIOD_MS;
}

static const podsim_probe *probe_spec(const podsim_container *ct, int type) {
    switch (type) {
    case PROBE_STARTUP: return ct->startup_probe;
    case PROBE_LIVENESS: return ct->liveness_probe;
    default: return ct->readiness_probe;
    }
}

/* "spec.containers{app}" */
static void field_path(const podsim_pod *p, int idx, char *buf, size_t cap) {
    bool init = (size_t)idx < p->spec.init_container_count;
    snprintf(buf, cap, "spec.%s{%s}", init ? "initContainers" : "containers",
             spec_of(p, idx)->name);
}

#if defined(__GNUC__)
__attribute__((format(printf, 6, 7)))
#endif
static void
ctr_event(podsim_sim *sim, podsim_id pod, int idx, const char *type,
          const char *reason, const char *fmt, ...) {
    if (sim->flags & PODSIM_SIM_QUIET) return;
    const podsim_pod *p = pod_of(sim, pod);
    char fp[320];
    field_path(p, idx, fp, sizeof fp);
    strbuf msg;
    strbuf_init(&msg);
    va_list ap;
    va_start(ap, fmt);
    strbuf_vprintf(&msg, fmt, ap);
    va_end(ap);
    if (msg.failed) {
        sim_fail_oom(sim);
    } else {
        sim_pod_event(sim, pod, type, reason, fp, "%s", strbuf_str(&msg));
    }
    strbuf_release(&msg);
}

/* format.Pod: "name_namespace(uid)" */
static const char *pod_text(podsim_sim *sim, const podsim_pod *p) {
    return sim_internf(sim, "%s_%s(%s)", p->meta.name, p->meta.namespace_,
                       p->meta.uid);
}

/* The behaviour of container idx; *ruled is false for the default (no
   scenario rule matched). */
static const podsim_behavior *behavior_of(podsim_sim *sim, const podsim_pod *p,
                                          int idx, bool *ruled) {
    /* glob matching is costly and every probe run asks: the answer is
       kept per container until rules are added */
    kpod *kp = kpod_of(sim, p->id);
    kctr *c = kp && kp->ctr ? &kp->ctr[idx] : NULL;
    if (!c || c->rules_seen != (uint32_t)sim->behaviors.len + 1) {
        const podsim_behavior *b =
            sim_behavior_for(sim, p, spec_of(p, idx)->name);
        int32_t rule = -1;
        for (size_t i = 0; i < sim->behaviors.len; i++) {
            const sim_behavior_rule *r = vec_at(&sim->behaviors, i);
            if (&r->b == b) rule = (int32_t)i;
        }
        if (!c) {
            *ruled = rule >= 0;
            return b;
        }
        c->rule = rule;
        c->rules_seen = (uint32_t)sim->behaviors.len + 1;
    }
    *ruled = c->rule >= 0 || c->has_observed;
    if (c->rule < 0 && c->has_observed) return &c->observed;
    if (c->rule < 0) return sim_behavior_for(sim, NULL, NULL);
    return &((const sim_behavior_rule *)vec_at(&sim->behaviors,
                                               (size_t)c->rule))
                ->b;
}

/* Deterministic runtime ids from the pod, the container and the instance
   (64 hex digits, as containerd prints them). */
static uint64_t fnv(uint64_t h, const char *s) {
    for (; *s; s++) h = (h ^ (unsigned char)*s) * 0x100000001b3ull;
    return h;
}

static void hex_id(uint64_t seed, char out[65]) {
    uint64_t state = seed;
    for (int i = 0; i < 4; i++) {
        snprintf(out + 16 * i, 17, "%016llx",
                 (unsigned long long)rng_next(&state));
    }
}

/* ---- writing the status -------------------------------------------------- */

static podsim_container_state waiting_state(const char *reason,
                                            const char *message) {
    podsim_container_state st;
    memset(&st, 0, sizeof st);
    st.kind = PODSIM_STATE_WAITING;
    st.reason = reason;
    st.message = message;
    st.started_at = st.finished_at = PODSIM_NO_TIME;
    return st;
}

/* A new state; a terminated one becomes lastState when it is left. */
static void set_state(podsim_container_status *cs, podsim_container_state st) {
    if (cs->state.kind == PODSIM_STATE_TERMINATED &&
        st.kind != PODSIM_STATE_TERMINATED) {
        cs->last_state = cs->state;
    }
    cs->state = st;
}

static void set_waiting(podsim_sim *sim, podsim_id pod, int idx,
                        const char *reason, const char *message) {
    podsim_container_status *cs = status_of(sim, pod, idx);
    if (!cs) return;
    set_state(cs, waiting_state(reason, sim_intern(sim, message)));
    cs->ready = false;
}

static const char *default_waiting_reason(const podsim_pod *p) {
    /* convertToAPIContainerStatuses: every container of a pod with init
       containers waits as PodInitializing */
    return p->spec.init_container_count ? "PodInitializing"
                                        : "ContainerCreating";
}

static bool ctr_started(const podsim_pod *p, const kpod *kp, int idx) {
    const kctr *c = &kp->ctr[idx];
    if (c->phase != KC_RUNNING && c->phase != KC_STOPPING) return false;
    return !spec_of(p, idx)->startup_probe ||
           c->probe[PROBE_STARTUP].result == PR_SUCCESS;
}

/* prober_manager.go UpdatePodStatus: started and ready flags. */
static void refresh_flags(const podsim_pod *p, const kpod *kp,
                          podsim_container_status *cs, size_t n) {
    for (size_t i = 0; i < n && (int32_t)i < kp->nctr; i++) {
        int idx = (int)i;
        const podsim_container *ct = spec_of(p, idx);
        podsim_container_status *s = &cs[i];
        bool started = false, ready = false;
        switch (s->state.kind) {
        case PODSIM_STATE_RUNNING:
            started = ctr_started(p, kp, idx);
            ready = ct->kind != PODSIM_CONTAINER_INIT && started &&
                    (!ct->readiness_probe ||
                     kp->ctr[idx].probe[PROBE_READINESS].result == PR_SUCCESS);
            break;
        case PODSIM_STATE_TERMINATED:
            ready =
                ct->kind == PODSIM_CONTAINER_INIT && s->state.exit_code == 0;
            break;
        default: break;
        }
        s->ready = ready;
        if (s->state.kind != PODSIM_STATE_NONE) {
            s->started.set = true;
            s->started.value = started;
        }
    }
}

/* PodReadyToStartContainers (beta, on from v1.29). */
static void set_sandbox_condition(podsim_sim *sim, podsim_id pod, bool ready) {
    if (sim->k.minor < 29) return;
    sim_pod_set_condition(sim, pod, "PodReadyToStartContainers",
                          ready ? "True" : "False", "", "");
}

static bool set_condition_from(podsim_sim *sim, podsim_id pod, const char *type,
                               kubelet_condition *c) {
    if (c->message.failed) sim_fail_oom(sim);
    return sim_pod_set_condition(sim, pod, type, c->status, c->reason,
                                 strbuf_str(&c->message));
}

/* The kubelet-owned conditions for `phase` (generate.go), in upstream's
   order. */
static void write_conditions(podsim_sim *sim, podsim_id pod,
                             podsim_phase phase) {
    const podsim_pod *p = pod_of(sim, pod);
    size_t n = 0;
    const podsim_container_status *cs = sim_pod_containers(sim, pod, &n);
    if (!cs) return;
    kubelet_condition init, cready, ready;
    kubelet_condition_init(&init);
    kubelet_condition_init(&cready);
    kubelet_condition_init(&ready);
    kubelet_initialized_condition(&p->spec, cs, n, phase, &init);
    kubelet_containers_ready_condition(&p->spec, cs, n, phase, &cready);
    kubelet_ready_condition(&p->spec, p->status.conditions,
                            p->status.condition_count, cs, n, phase, &ready);
    /* setting a condition may move the status arrays: cs is dead now */
    set_condition_from(sim, pod, "Initialized", &init);
    set_condition_from(sim, pod, "Ready", &ready);
    set_condition_from(sim, pod, "ContainersReady", &cready);
    sim_pod_set_condition(sim, pod, "PodScheduled", "True", "", "");
    kubelet_condition_release(&init);
    kubelet_condition_release(&cready);
    kubelet_condition_release(&ready);
}

/* Flags, `phase` and conditions, then the engine's change log. */
static void write_status(podsim_sim *sim, podsim_id pod, podsim_phase phase) {
    kpod *kp = kpod_of(sim, pod);
    size_t n = 0;
    podsim_container_status *cs = sim_pod_containers(sim, pod, &n);
    podsim_pod *mp = sim_pod_mut(sim, pod);
    if (!cs || !mp) return;
    refresh_flags(mp, kp, cs, n);
    mp->status.has_phase = true;
    mp->status.phase = phase;
    write_conditions(sim, pod, phase);
    sim_pod_status_written(sim, pod);
}

static void pod_became_terminal(podsim_sim *sim, podsim_id pod);

/* generateAPIPodStatus: getPhase (terminal phases are sticky), the
   conditions, and what a newly terminal phase sets off. */
static void sync_status(podsim_sim *sim, podsim_id pod) {
    const podsim_pod *p = pod_of(sim, pod);
    kpod *kp = kpod_of(sim, pod);
    size_t n = 0;
    podsim_container_status *cs = sim_pod_containers(sim, pod, &n);
    if (!cs || !kp) return;
    bool was_terminal = phase_terminal(p);
    refresh_flags(p, kp, cs, n);
    podsim_phase phase =
        was_terminal
            ? p->status.phase
            : kubelet_get_phase(&p->spec, cs, n, false, kp->has_initialized);
    write_status(sim, pod, phase);
    if (!was_terminal && phase_terminal(p)) pod_became_terminal(sim, pod);
}

/* ---- images -------------------------------------------------------------- */

static knode *knode_of(podsim_sim *sim, podsim_id node) {
    kstate *s = state_of(sim);
    if (node == PODSIM_NO_ID) return NULL;
    while (s->nodes.len <= (size_t)node) {
        if (!vec_push(&s->nodes)) {
            sim_fail_oom(sim);
            return NULL;
        }
    }
    knode *kn = vec_at(&s->nodes, (size_t)node);
    if (!kn->slots) {
        int32_t n = sim->timing.max_parallel_image_pulls >= 2
                        ? sim->timing.max_parallel_image_pulls
                        : 1;
        kn->slots = calloc((size_t)n, sizeof(int64_t));
        if (!kn->slots) {
            sim_fail_oom(sim);
            return NULL;
        }
        kn->nslots = n;
        vec_init(&kn->pods, sizeof(podsim_id));
        vec_init(&kn->deferred, sizeof(sim_entry));
        kn->off_at = kn->sync_at = -1;
    }
    return kn;
}

static const char *normalized(podsim_sim *sim, const char *image) {
    char buf[1024];
    if (!kubelet_image_normalize(image, buf, sizeof buf)) {
        return sim_intern(sim, image);
    }
    return sim_intern(sim, buf);
}

/* The node lists the image (status.images) or the run pulled it. */
/* The node's status.images entry for the image, or NULL. */
static const podsim_node_image *node_listed_image(podsim_sim *sim,
                                                  const podsim_pod *p,
                                                  const char *image) {
    const podsim_node *node = podsim_cluster_node(sim->c, node_id(sim, p));
    for (size_t i = 0; node && i < node->image_count; i++) {
        const podsim_strings *names = &node->images[i].names;
        for (size_t j = 0; j < names->count; j++) {
            if (kubelet_image_same(names->items[j], image)) {
                return &node->images[i];
            }
        }
    }
    return NULL;
}

static bool node_has_image(podsim_sim *sim, const podsim_pod *p,
                           const char *image) {
    if (node_listed_image(sim, p, image)) return true;
    podsim_id nid = node_id(sim, p);
    kstate *s = state_of(sim);
    if (nid == PODSIM_NO_ID || (size_t)nid >= s->nodes.len) return false;
    const knode *kn = vec_at(&s->nodes, (size_t)nid);
    const char *norm = normalized(sim, image);
    for (size_t i = 0; i < kn->npulled; i++) {
        if (strcmp(kn->pulled[i], norm) == 0) return true;
    }
    return false;
}

static void node_add_image(podsim_sim *sim, const podsim_pod *p,
                           const char *image) {
    if (node_has_image(sim, p, image)) return;
    knode *kn = knode_of(sim, node_id(sim, p));
    if (!kn) return;
    if (kn->npulled == kn->cap) {
        size_t cap = kn->cap ? kn->cap * 2 : 8;
        const char **grown = realloc((void *)kn->pulled, cap * sizeof(*grown));
        if (!grown) {
            sim_fail_oom(sim);
            return;
        }
        kn->pulled = grown;
        kn->cap = cap;
    }
    kn->pulled[kn->npulled++] = normalized(sim, image);
}

/* A pull of `ms` asked for now: serialised per node (one slot, the
   kubelet's serializeImagePulls default) or maxParallelImagePulls slots.
   Returns when it ends. */
static int64_t node_pull(podsim_sim *sim, const podsim_pod *p, int64_t ms) {
    knode *kn = knode_of(sim, node_id(sim, p));
    if (!kn) return sim->now + ms;
    int32_t best = 0;
    for (int32_t i = 1; i < kn->nslots; i++) {
        if (kn->slots[i] < kn->slots[best]) best = i;
    }
    int64_t start = kn->slots[best] > sim->now ? kn->slots[best] : sim->now;
    kn->slots[best] = start + ms;
    return start + ms;
}

/* bytes * 1000 / bytes_per_second without overflow */
static int64_t transfer_ms(int64_t bytes, int64_t bps) {
    if (bytes <= 0 || bps <= 0) return 0;
    int64_t whole = bytes / bps, rest = bytes % bps;
    int64_t frac =
        rest <= INT64_MAX / 1000 ? rest * 1000 / bps : rest / (bps / 1000);
    return whole * 1000 + frac;
}

static kimg *image_entry(kpod *kp, const char *image) {
    for (int32_t i = 0; i < kp->nimg; i++) {
        if (strcmp(kp->img[i].image, image) == 0) return &kp->img[i];
    }
    if (kp->nimg >= kp->nctr) return NULL;
    kimg *e = &kp->img[kp->nimg++];
    memset(e, 0, sizeof(*e));
    e->image = image;
    return e;
}

/* client-go flowcontrol: an entry idle for 2 x max is fresh again. */
static bool image_backoff_expired(const podsim_sim *sim, const kimg *e) {
    return sim->now - e->update > sim->k.image_backoff_expire_ms;
}

/* IsInBackOffSinceUpdate(key, now) */
static bool image_in_backoff(const podsim_sim *sim, const kimg *e) {
    return e && e->backoff_ms > 0 && !image_backoff_expired(sim, e) &&
           sim->now - e->update < e->backoff_ms;
}

static void image_backoff_next(podsim_sim *sim, kimg *e) {
    if (!e->backoff_ms || image_backoff_expired(sim, e)) {
        e->backoff_ms = sim->k.image_backoff_initial_ms;
    } else {
        e->backoff_ms *= 2;
        if (e->backoff_ms > sim->k.image_backoff_max_ms) {
            e->backoff_ms = sim->k.image_backoff_max_ms;
        }
    }
    e->update = sim->now;
}

/* ---- the node's runtime -------------------------------------------------- */

/* The kubelet of the node is silent (partitioned, crashed, powered off):
   it writes nothing, and what comes due waits for it. */
static bool node_silent(podsim_sim *sim, podsim_id node) {
    return node != PODSIM_NO_ID && !sim_node_kubelet_alive(sim_node(sim, node));
}

/* The node reports NotReady with its kubelet alive: the container
   runtime's network is not ready, and SyncPod stops before anything
   starts for a pod that does not use the host's network (kubelet.go
   SyncPod: runtimeState.networkErrors); terminations go on. */
static bool runtime_blocked(podsim_sim *sim, const podsim_pod *p) {
    podsim_id node = node_id(sim, p);
    return node != PODSIM_NO_ID && !p->spec.host_network &&
           sim_node(sim, node)->health == NODE_NOT_READY;
}

/* The pods the kubelet of a node knows, for what happens to the node as
   a whole (recovery, shutdown, status syncs). */
static void list_pod(podsim_sim *sim, podsim_id node, podsim_id pod) {
    kpod *kp = kpod_slot(sim, pod);
    knode *kn = knode_of(sim, node);
    if (!kp || !kn || kp->listed) return;
    podsim_id *slot = vec_push(&kn->pods);
    if (!slot) {
        sim_fail_oom(sim);
        return;
    }
    *slot = pod;
    kp->listed = true;
}

/* SyncPod's NetworkNotReady event (NetworkNotReadyErrorMsg, then the
   runtime's network condition as containerd reports a missing CNI
   configuration), once per pod while it waits. */
static void park_pod(podsim_sim *sim, podsim_id pod) {
    kpod *kp = kpod_of(sim, pod);
    knode *kn = knode_of(sim, node_id(sim, pod_of(sim, pod)));
    kp->parked = true;
    if (kn) kn->parked = true;
    if (kp->net_event) return;
    kp->net_event = true;
    sim_pod_event(sim, pod, "Warning", "NetworkNotReady", NULL,
                  "network is not ready: container runtime network not "
                  "ready: NetworkReady=false reason:NetworkPluginNotReady "
                  "message:Network plugin returns error: cni plugin not "
                  "initialized");
}

/* ---- container starts ---------------------------------------------------- */

static void begin_start(podsim_sim *sim, podsim_id pod, int idx, bool in_sync);
static void start_init_next(podsim_sim *sim, podsim_id pod);
static void start_next_main(podsim_sim *sim, podsim_id pod);
static void probe_rearm(podsim_sim *sim, podsim_id pod, int idx);

/* A start attempt failed; the sync moves on to the next container. */
static void start_failed(podsim_sim *sim, podsim_id pod, int idx) {
    kpod *kp = kpod_of(sim, pod);
    kctr *c = &kp->ctr[idx];
    if (!c->in_sync) return;
    c->in_sync = false;
    if (kp->stage == ST_MAIN) {
        kp->main_next++;
        start_next_main(sim, pod);
    }
}

static void retry_at(podsim_sim *sim, podsim_id pod, int idx, int64_t at,
                     int kind) {
    kctr *c = &kpod_of(sim, pod)->ctr[idx];
    c->phase = KC_RETRY;
    c->retry_kind = (uint8_t)kind;
    c->retry_at = at;
    sim_post(sim, at, MOD_KUBELET, OP_RETRY, pod, idx, c->gen);
}

/* kubelet_pods.go makeEnvironmentVariables: a missing object or key of a
   non-optional env or envFrom reference. */
static bool env_problem(podsim_sim *sim, const podsim_pod *p,
                        const podsim_container *ct, strbuf *msg) {
    for (size_t i = 0; i < ct->env_ref_count; i++) {
        const podsim_object_ref *ref = &ct->env_refs[i];
        if (ref->optional) continue;
        bool cm = ref->kind == PODSIM_REF_CONFIGMAP;
        podsim_kind kind = cm ? PODSIM_KIND_CONFIGMAP : PODSIM_KIND_SECRET;
        podsim_id id =
            cluster_lookup(sim->c, kind, p->meta.namespace_, ref->name);
        if (id == PODSIM_NO_ID) {
            /* the kubelet's watch-based cache names the resource in the
               singular (configmap_manager.go, secret_manager.go) */
            strbuf_printf(msg, "%s \"%s\" not found",
                          cm ? "configmap" : "secret", ref->name);
            return true;
        }
        if (!ref->key[0]) continue;
        const podsim_config *cfg = podsim_cluster_config(sim->c, kind, id);
        bool found = false;
        for (size_t k = 0; cfg && k < cfg->keys.count; k++) {
            if (strcmp(cfg->keys.items[k], ref->key) == 0) found = true;
        }
        if (!found) {
            strbuf_printf(msg, "couldn't find key %s in %s %s/%s", ref->key,
                          cm ? "ConfigMap" : "Secret", p->meta.namespace_,
                          ref->name);
            return true;
        }
    }
    return false;
}

/* The image is there: generate the config, then create and start. */
static void image_ready(podsim_sim *sim, podsim_id pod, int idx) {
    const podsim_pod *p = pod_of(sim, pod);
    kctr *c = &kpod_of(sim, pod)->ctr[idx];
    strbuf msg;
    strbuf_init(&msg);
    if (env_problem(sim, p, spec_of(p, idx), &msg)) {
        const char *text = msg.failed ? "out of memory" : strbuf_str(&msg);
        ctr_event(sim, pod, idx, "Warning", "Failed", "Error: %s", text);
        set_waiting(sim, pod, idx, "CreateContainerConfigError", text);
        strbuf_release(&msg);
        sync_status(sim, pod);
        retry_at(sim, pod, idx, sim->now + requeue_delay(sim), RETRY_START);
        start_failed(sim, pod, idx);
        return;
    }
    strbuf_release(&msg);
    c->phase = KC_CREATING;
    sim_post(sim, sim->now + dur(sim, sim->timing.container_start_ms),
             MOD_KUBELET, OP_CREATED, pod, idx, c->gen);
}

static void never_pull(podsim_sim *sim, podsim_id pod, int idx) {
    const char *image = spec_of(pod_of(sim, pod), idx)->image;
    const char *msg = sim_internf(
        sim, "Container image \"%s\" is not present with pull policy of Never",
        image);
    ctr_event(sim, pod, idx, "Warning", "ErrImageNeverPull", "%s", msg);
    ctr_event(sim, pod, idx, "Warning", "Failed", "Error: ErrImageNeverPull");
    set_waiting(sim, pod, idx, "ErrImageNeverPull", msg);
    sync_status(sim, pod);
    retry_at(sim, pod, idx, sim->now + requeue_delay(sim), RETRY_START);
    start_failed(sim, pod, idx);
}

/* Inside the image back-off window (image_manager.go pullImage). */
static void show_image_backoff(podsim_sim *sim, podsim_id pod, int idx,
                               const kimg *e) {
    const char *image = spec_of(pod_of(sim, pod), idx)->image;
    ctr_event(sim, pod, idx, "Normal", "BackOff",
              "Back-off pulling image \"%s\"", image);
    ctr_event(sim, pod, idx, "Warning", "Failed", "Error: ImagePullBackOff");
    /* v1.31 wraps the previous pull error into the waiting message */
    const char *msg =
        sim->k.minor >= 31 && e && e->error
            ? sim_internf(sim,
                          "Back-off pulling image \"%s\": ErrImagePull: %s",
                          image, e->error)
            : sim_internf(sim, "Back-off pulling image \"%s\"", image);
    set_waiting(sim, pod, idx, "ImagePullBackOff", msg);
    sync_status(sim, pod);
}

/* EnsureImageExists: the pull policy, presence, back-off, the pull. */
static void ensure_image(podsim_sim *sim, podsim_id pod, int idx) {
    const podsim_pod *p = pod_of(sim, pod);
    kpod *kp = kpod_of(sim, pod);
    kctr *c = &kp->ctr[idx];
    const podsim_container *ct = spec_of(p, idx);
    bool present = node_has_image(sim, p, ct->image);
    podsim_pull_policy policy = ct->image_pull_policy;
    if (policy == PODSIM_PULL_NEVER ||
        (policy != PODSIM_PULL_ALWAYS && present)) {
        if (!present) {
            never_pull(sim, pod, idx);
            return;
        }
        ctr_event(sim, pod, idx, "Normal", "Pulled",
                  "Container image \"%s\" already present on machine",
                  ct->image);
        image_ready(sim, pod, idx);
        return;
    }
    kimg *e = image_entry(kp, ct->image);
    if (image_in_backoff(sim, e)) {
        show_image_backoff(sim, pod, idx, e);
        retry_at(sim, pod, idx, e->update + e->backoff_ms + restart_lag(sim),
                 RETRY_START);
        start_failed(sim, pod, idx);
        return;
    }
    ctr_event(sim, pod, idx, "Normal", "Pulling", "Pulling image \"%s\"",
              ct->image);
    int64_t size = 0;
    bool missing = false;
    sim_image_info(sim, ct->image, &size, &missing);
    int64_t ms = sim->timing.image_pull_overhead_ms;
    if (!missing) {
        ms = present ? sim->timing.image_digest_check_ms
                     : ms + transfer_ms(
                                size, sim->timing.image_pull_bytes_per_second);
    }
    ms = dur(sim, ms);
    c->phase = KC_PULLING;
    c->pull_request = sim->now;
    c->pull_ms = ms;
    sim_post(sim, node_pull(sim, p, ms), MOD_KUBELET, OP_PULL_DONE, pod, idx,
             c->gen);
}

static void pull_failed(podsim_sim *sim, podsim_id pod, int idx) {
    const podsim_pod *p = pod_of(sim, pod);
    kpod *kp = kpod_of(sim, pod);
    kctr *c = &kp->ctr[idx];
    const char *image = spec_of(p, idx)->image;
    const char *ref = normalized(sim, image);
    /* what containerd answers for a reference the registry lacks */
    const char *err = sim_internf(
        sim,
        "rpc error: code = NotFound desc = failed to pull and unpack image "
        "\"%s\": failed to resolve reference \"%s\": %s: not found",
        ref, ref, ref);
    ctr_event(sim, pod, idx, "Warning", "Failed",
              "Failed to pull image \"%s\": %s", image, err);
    ctr_event(sim, pod, idx, "Warning", "Failed", "Error: ErrImagePull");
    kimg *e = image_entry(kp, image);
    int64_t backoff = sim->k.image_backoff_initial_ms;
    if (e) {
        image_backoff_next(sim, e);
        e->error = err;
        backoff = e->backoff_ms;
    }
    set_waiting(sim, pod, idx, "ErrImagePull", err);
    sync_status(sim, pod);
    retry_at(sim, pod, idx, sim->now + backoff + restart_lag(sim), RETRY_START);
    /* the next sync (PLEG) finds the key in back-off */
    sim_post(sim, sim->now + PLEG_RELIST_MS, MOD_KUBELET, OP_SHOW_BACKOFF, pod,
             idx, c->gen);
    start_failed(sim, pod, idx);
}

static void pull_done(podsim_sim *sim, podsim_id pod, int idx) {
    const podsim_pod *p = pod_of(sim, pod);
    kctr *c = &kpod_of(sim, pod)->ctr[idx];
    const char *image = spec_of(p, idx)->image;
    int64_t size = 0;
    bool missing = false;
    sim_image_info(sim, image, &size, &missing);
    if (missing) {
        pull_failed(sim, pod, idx);
        return;
    }
    /* a digest check reports the size of the image the node has */
    const podsim_node_image *local = node_listed_image(sim, p, image);
    if (local && local->size_bytes > 0) size = local->size_bytes;
    node_add_image(sim, p, image);
    char took[48], total[48];
    kubelet_go_duration(c->pull_ms, took, sizeof took);
    kubelet_go_duration(sim->now - c->pull_request, total, sizeof total);
    ctr_event(sim, pod, idx, "Normal", "Pulled",
              "Successfully pulled image \"%s\" in %s (%s including waiting). "
              "Image size: %lld bytes.",
              image, took, total, (long long)size);
    image_ready(sim, pod, idx);
}

static void begin_start(podsim_sim *sim, podsim_id pod, int idx, bool in_sync) {
    kctr *c = &kpod_of(sim, pod)->ctr[idx];
    c->gen++;
    c->in_sync = in_sync;
    if (runtime_blocked(sim, pod_of(sim, pod))) {
        /* nothing starts until the runtime is back (unpark) */
        c->phase = KC_IDLE;
        c->parked = true;
        park_pod(sim, pod);
        start_failed(sim, pod, idx);
        return;
    }
    c->phase = KC_PULLING;
    ensure_image(sim, pod, idx);
}

/* The behaviour's exit, `run_ms` after `from` (the container's start). */
static void schedule_exit(podsim_sim *sim, podsim_id pod, int idx,
                          int64_t from) {
    const podsim_pod *p = pod_of(sim, pod);
    kctr *c = &kpod_of(sim, pod)->ctr[idx];
    bool ruled = false;
    const podsim_behavior *b = behavior_of(sim, p, idx, &ruled);
    int64_t run = b->run_ms;
    switch (b->run) {
    case PODSIM_RUN_FOREVER:
        /* an init container must exit to let the pod go on: without a
           scenario rule it finishes at once */
        if (!is_init(p, idx) || ruled) return;
        c->exit_code = 0;
        c->exit_why = "Completed";
        run = 0;
        break;
    case PODSIM_RUN_EXIT:
        c->exit_code = b->exit_code;
        c->exit_why = b->exit_code ? "Error" : "Completed";
        break;
    case PODSIM_RUN_CRASH:
        c->exit_code = b->exit_code ? b->exit_code : 1;
        c->exit_why = "Error";
        break;
    default:
        c->exit_code = 137;
        c->exit_why = "OOMKilled";
        break;
    }
    if (!exact(sim)) run += sim_random(sim, b->run_jitter_ms);
    int64_t at = from + run;
    if (at < sim->now) at = sim->now;
    sim_post(sim, at, MOD_KUBELET, OP_EXIT, pod, idx, c->gen);
}

static void probes_new_container(kctr *c) {
    static const int8_t initial[3] = {PR_UNKNOWN, PR_SUCCESS, PR_FAILURE};
    for (int t = 0; t < 3; t++) {
        c->probe[t].result = initial[t];
        c->probe[t].on_hold = false;
        c->probe[t].count = 0;
    }
}

/* The running state, the runtime's ids and the restart count. */
static void write_running(podsim_sim *sim, podsim_id pod, int idx,
                          bool restart) {
    const podsim_pod *p = pod_of(sim, pod);
    const kctr *c = &kpod_of(sim, pod)->ctr[idx];
    const podsim_container *ct = spec_of(p, idx);
    podsim_container_status *cs = status_of(sim, pod, idx);
    if (!cs) return;
    podsim_container_state st;
    memset(&st, 0, sizeof st);
    st.kind = PODSIM_STATE_RUNNING;
    st.reason = st.message = "";
    st.started_at = sim_wall(sim, sim->now);
    st.finished_at = PODSIM_NO_TIME;
    set_state(cs, st);
    if (restart) cs->restart_count++;
    char id[65];
    uint64_t h = fnv(fnv(0xcbf29ce484222325ull, p->meta.uid), ct->name);
    hex_id(h ^ (uint64_t)c->instance * 0x9e3779b97f4a7c15ull, id);
    cs->container_id = sim_internf(sim, "containerd://%s", id);
    const char *ref = normalized(sim, ct->image);
    hex_id(fnv(0x84222325cbf29ce4ull, ref), id);
    cs->image_id = sim_internf(sim, "%s@sha256:%s", ref, id);
}

/* kuberuntime_container.go startContainer's events. "Created container:
   app" is what v1.33 kubelets print (k3s v1.33.4 events in the corpus;
   the colon came with PR 130471, which PR 134043 follows up); earlier
   releases are taken to print "Created container app"; v1.35 drops the
   name from both (PR 134043: the fieldPath names the container). */
static void started_events(podsim_sim *sim, podsim_id pod, int idx) {
    const char *name = spec_of(pod_of(sim, pod), idx)->name;
    if (sim->k.minor >= 35) {
        ctr_event(sim, pod, idx, "Normal", "Created", "Container created");
        ctr_event(sim, pod, idx, "Normal", "Started", "Container started");
    } else if (sim->k.minor >= 33) {
        ctr_event(sim, pod, idx, "Normal", "Created", "Created container: %s",
                  name);
        ctr_event(sim, pod, idx, "Normal", "Started", "Started container %s",
                  name);
    } else {
        ctr_event(sim, pod, idx, "Normal", "Created", "Created container %s",
                  name);
        ctr_event(sim, pod, idx, "Normal", "Started", "Started container %s",
                  name);
    }
}

/* Create + start finished: the container runs. */
static void container_started(podsim_sim *sim, podsim_id pod, int idx) {
    const podsim_pod *p = pod_of(sim, pod);
    kpod *kp = kpod_of(sim, pod);
    kctr *c = &kp->ctr[idx];
    const podsim_container *ct = spec_of(p, idx);
    bool restart = c->ever_ran;
    c->phase = KC_RUNNING;
    c->instance++;
    c->started = sim->now;
    c->ever_ran = true;
    probes_new_container(c);
    if (is_regular(kp, idx)) kp->has_initialized = true;
    write_running(sim, pod, idx, restart);
    started_events(sim, pod, idx);
    schedule_exit(sim, pod, idx, sim->now);
    sync_status(sim, pod);
    if (kp->stage >= ST_TERMINATING) return;
    /* UpdatePodStatus triggers a readiness run for a started container
       that has no result yet */
    if (ct->readiness_probe && ctr_started(p, kp, idx) &&
        c->probe[PROBE_READINESS].active) {
        c->probe[PROBE_READINESS].manual = true;
        sim_post(sim, sim->now, MOD_KUBELET, OP_PROBE_NOW, pod,
                 idx * 3 + PROBE_READINESS, (uint32_t)c->instance);
    }
    probe_rearm(sim, pod, idx);
    if (c->in_sync) {
        c->in_sync = false;
        if (kp->stage == ST_MAIN) {
            kp->main_next++;
            start_next_main(sim, pod);
        }
    }
    if (kp->stage == ST_INIT) start_init_next(sim, pod);
}

/* ---- exits and restarts -------------------------------------------------- */

/* The kubelet's container back-off entry expires after crashloop_reset_ms
   without an update. */
static bool crash_expired(const podsim_sim *sim, const kctr *c, int64_t ts) {
    return ts - c->backoff_update > sim->k.crashloop_reset_ms;
}

/* IsInBackOffSince(key, finishedAt) */
static bool crash_in_backoff(const podsim_sim *sim, const kctr *c, int64_t ts) {
    return c->backoff_ms > 0 && !crash_expired(sim, c, ts) &&
           sim->now - ts < c->backoff_ms;
}

/* Backoff.Next(key, finishedAt): initial, or doubled up to the max; the
   entry's update time is now. */
static void crash_next(podsim_sim *sim, kctr *c, int64_t ts) {
    if (!c->backoff_ms || crash_expired(sim, c, ts)) {
        c->backoff_ms = sim->k.crashloop_initial_ms;
    } else {
        c->backoff_ms *= 2;
        if (c->backoff_ms > sim->k.crashloop_max_ms) {
            c->backoff_ms = sim->k.crashloop_max_ms;
        }
    }
    c->backoff_update = sim->now;
}

/* doBackOff refused the start: CrashLoopBackOff until finishedAt +
   back-off (plus the pod worker's lag). */
static void crash_wait(podsim_sim *sim, podsim_id pod, int idx, int64_t ts) {
    const podsim_pod *p = pod_of(sim, pod);
    kctr *c = &kpod_of(sim, pod)->ctr[idx];
    const char *name = spec_of(p, idx)->name;
    const char *who = pod_text(sim, p);
    char backoff[48];
    kubelet_go_duration(c->backoff_ms, backoff, sizeof backoff);
    ctr_event(sim, pod, idx, "Warning", "BackOff",
              "Back-off restarting failed container %s in pod %s", name, who);
    set_waiting(sim, pod, idx, "CrashLoopBackOff",
                sim_internf(sim,
                            "back-off %s restarting failed container=%s "
                            "pod=%s",
                            backoff, name, who));
    sync_status(sim, pod);
    retry_at(sim, pod, idx, ts + c->backoff_ms + restart_lag(sim), RETRY_CRASH);
}

/* Restart an exited container, through the crash-loop back-off. A
   container killed by a probe restarts in the same sync that killed it:
   doBackOff then looks at the exit before the kill. */
static void crash_restart(podsim_sim *sim, podsim_id pod, int idx,
                          bool by_probe) {
    kctr *c = &kpod_of(sim, pod)->ctr[idx];
    if (by_probe) {
        if (c->prev_finished != PODSIM_NO_TIME) {
            if (crash_in_backoff(sim, c, c->prev_finished)) {
                crash_wait(sim, pod, idx, c->finished);
                return;
            }
            crash_next(sim, c, c->prev_finished);
        }
        begin_start(sim, pod, idx, false);
        return;
    }
    if (crash_in_backoff(sim, c, c->finished)) {
        crash_wait(sim, pod, idx, c->finished);
        return;
    }
    crash_next(sim, c, c->finished);
    begin_start(sim, pod, idx, false);
}

static bool should_restart(const podsim_pod *p, int idx, int32_t exit_code,
                           bool by_probe) {
    if (is_sidecar(p, idx)) return true;
    podsim_restart_policy policy = p->spec.restart_policy;
    if (is_init(p, idx)) {
        return exit_code != 0 && policy != PODSIM_RESTART_NEVER;
    }
    if (by_probe) return policy != PODSIM_RESTART_NEVER;
    if (policy == PODSIM_RESTART_ALWAYS) return true;
    return policy == PODSIM_RESTART_ON_FAILURE && exit_code != 0;
}

static void start_termination(podsim_sim *sim, podsim_id pod, int64_t grace_end,
                              bool remove);
static void term_progress(podsim_sim *sim, podsim_id pod);

static bool all_regular_done(const kpod *kp) {
    for (int32_t i = kp->ninit; i < kp->nctr; i++) {
        if (kp->ctr[i].phase != KC_DONE) return false;
    }
    return true;
}

static bool any_running(const kpod *kp) {
    for (int32_t i = 0; i < kp->nctr; i++) {
        if (kp->ctr[i].phase == KC_RUNNING || kp->ctr[i].phase == KC_STOPPING) {
            return true;
        }
    }
    return false;
}

/* A container exited: status, then the restart policy. */
static void container_exited(podsim_sim *sim, podsim_id pod, int idx,
                             int32_t code, const char *reason) {
    const podsim_pod *p = pod_of(sim, pod);
    kpod *kp = kpod_of(sim, pod);
    kctr *c = &kp->ctr[idx];
    bool by_probe = c->probe_kill;
    c->probe_kill = false;
    c->gen++;
    c->phase = KC_DONE;
    c->prev_finished = c->finished;
    c->finished = sim->now;
    podsim_container_status *cs = status_of(sim, pod, idx);
    if (!cs) return;
    podsim_container_state st;
    memset(&st, 0, sizeof st);
    st.kind = PODSIM_STATE_TERMINATED;
    st.reason = reason;
    st.message = "";
    st.exit_code = code;
    st.started_at = sim_wall(sim, c->started);
    st.finished_at = sim_wall(sim, sim->now);
    set_state(cs, st);
    probe_rearm(sim, pod, idx);
    if (kp->stage == ST_TERMINATING) {
        write_status(sim, pod, p->status.phase);
        term_progress(sim, pod);
        return;
    }
    bool restart = should_restart(p, idx, code, by_probe);
    sync_status(sim, pod);
    if (kp->stage >= ST_TERMINATING) return; /* the pod just failed */
    if (restart) {
        crash_restart(sim, pod, idx, by_probe);
        return;
    }
    if (is_init(p, idx)) {
        if (kp->stage == ST_INIT) start_init_next(sim, pod);
        return;
    }
    /* every regular container is done for good: stop the sidecars, then
       the phase is terminal */
    if (is_regular(kp, idx) && all_regular_done(kp) && any_running(kp)) {
        start_termination(
            sim, pod,
            sim->now + p->spec.termination_grace_period_seconds * 1000, false);
    }
}

/* ---- probes -------------------------------------------------------------- */

static const char *probe_pattern(const podsim_behavior *b, int type) {
    switch (type) {
    case PROBE_STARTUP: return b->startup_pattern;
    case PROBE_LIVENESS: return b->liveness_pattern;
    default: return b->readiness_pattern;
    }
}

static bool pattern_success(const char *pattern, int32_t count) {
    size_t len = pattern ? strlen(pattern) : 0;
    if (!len) return true;
    size_t i = (size_t)count < len ? (size_t)count : len - 1;
    return pattern[i] == 'S';
}

/* What a failing probe prints (prober.go runProbe's output). */
static const char *probe_output(const podsim_probe *pr) {
    switch (pr->handler) {
    case PODSIM_HANDLER_HTTP_GET:
        return "HTTP probe failed with statuscode: 500";
    case PODSIM_HANDLER_TCP_SOCKET:
        return "dial tcp: connect: connection refused";
    case PODSIM_HANDLER_GRPC:
        return "service unhealthy (responded with \"NOT_SERVING\")";
    default: return "";
    }
}

/* A tick that cannot change anything (run_idle may stop with it
   pending): no container, gated, or the pattern's last letter agrees
   with the result held. */
static bool probe_idle(podsim_sim *sim, podsim_id pod, int idx, int type) {
    const podsim_pod *p = pod_of(sim, pod);
    kpod *kp = kpod_of(sim, pod);
    const kctr *c = &kp->ctr[idx];
    const kprobe *w = &c->probe[type];
    if (!w->active || w->on_hold || c->phase != KC_RUNNING) return true;
    bool started = ctr_started(p, kp, idx);
    if (type == PROBE_STARTUP ? started : !started) return true;
    const podsim_probe *pr = probe_spec(spec_of(p, idx), type);
    if ((sim->now - c->started) / 1000 < pr->initial_delay_seconds) {
        return false;
    }
    bool ruled = false;
    const podsim_behavior *b = behavior_of(sim, p, idx, &ruled);
    if (type == PROBE_READINESS && sim->now < c->started + b->ready_after_ms) {
        return false;
    }
    const char *pattern = probe_pattern(b, type);
    size_t len = pattern ? strlen(pattern) : 0;
    if (len > 1 && (size_t)w->count < len - 1) return false;
    bool ok = pattern_success(pattern, w->count);
    if (type == PROBE_STARTUP) return false;
    return ok ? w->result == PR_SUCCESS
              : (type == PROBE_READINESS && w->result == PR_FAILURE);
}

static void post_tick(podsim_sim *sim, podsim_id pod, int idx, int type) {
    kprobe *w = &kpod_of(sim, pod)->ctr[idx].probe[type];
    int op = OP_PROBE_TICK;
    if (probe_idle(sim, pod, idx, type)) op |= SIM_PERIODIC;
    sim_post(sim, w->next_tick, MOD_KUBELET, op, pod, idx * 3 + type, w->gen);
}

/* The state changed: re-post the pending ticks so that run_idle knows
   whether they matter. */
static void probe_rearm(podsim_sim *sim, podsim_id pod, int idx) {
    kctr *c = &kpod_of(sim, pod)->ctr[idx];
    for (int t = 0; t < 3; t++) {
        if (!c->probe[t].active || c->probe[t].manual) continue;
        c->probe[t].gen++;
        post_tick(sim, pod, idx, t);
    }
}

static void probe_stop(kctr *c, int type) {
    c->probe[type].active = false;
    c->probe[type].gen++;
}

/* prober_manager.go AddPod: workers for regular containers and sidecars,
   ticking from now. */
static void probes_start(podsim_sim *sim, podsim_id pod) {
    const podsim_pod *p = pod_of(sim, pod);
    kpod *kp = kpod_of(sim, pod);
    for (int idx = 0; idx < kp->nctr; idx++) {
        if (is_init(p, idx)) continue;
        const podsim_container *ct = spec_of(p, idx);
        kctr *c = &kp->ctr[idx];
        for (int t = 0; t < 3; t++) {
            if (!probe_spec(ct, t) || c->probe[t].active) continue;
            c->probe[t].active = true;
            c->probe[t].gen++;
            c->probe[t].next_tick = sim->now;
            post_tick(sim, pod, idx, t);
        }
    }
}

static void kill_container(podsim_sim *sim, podsim_id pod, int idx, int kind);

/* A result crossed its threshold (results manager Set). */
static void probe_result(podsim_sim *sim, podsim_id pod, int idx, int type,
                         int8_t result) {
    const podsim_pod *p = pod_of(sim, pod);
    kpod *kp = kpod_of(sim, pod);
    kctr *c = &kp->ctr[idx];
    kprobe *w = &c->probe[type];
    int8_t before = w->result;
    w->result = result;
    if (type != PROBE_READINESS && result == PR_FAILURE) {
        w->on_hold = true;
        w->run = 0;
        kill_container(sim, pod, idx,
                       type == PROBE_LIVENESS ? KILL_LIVENESS : KILL_STARTUP);
        return;
    }
    if (before == result) return;
    sync_status(sim, pod);
    if (type != PROBE_STARTUP || result != PR_SUCCESS) {
        probe_rearm(sim, pod, idx); /* further ticks may be idle now */
        return;
    }
    /* started: readiness and liveness begin, readiness at once */
    if (spec_of(p, idx)->readiness_probe && c->probe[PROBE_READINESS].active) {
        c->probe[PROBE_READINESS].manual = true;
        sim_post(sim, sim->now, MOD_KUBELET, OP_PROBE_NOW, pod,
                 idx * 3 + PROBE_READINESS, (uint32_t)c->instance);
    }
    probe_rearm(sim, pod, idx);
    if (kp->stage == ST_INIT) start_init_next(sim, pod);
}

/* worker.go doProbe */
static void probe_run(podsim_sim *sim, podsim_id pod, int idx, int type) {
    const podsim_pod *p = pod_of(sim, pod);
    kpod *kp = kpod_of(sim, pod);
    kctr *c = &kp->ctr[idx];
    kprobe *w = &c->probe[type];
    if (!w->active || !c->instance || w->on_hold) return;
    if (c->phase != KC_RUNNING) {
        w->result = PR_FAILURE;
        return;
    }
    const podsim_probe *pr = probe_spec(spec_of(p, idx), type);
    if ((sim->now - c->started) / 1000 < pr->initial_delay_seconds) return;
    bool started = ctr_started(p, kp, idx);
    if (type == PROBE_STARTUP ? started : !started) return;
    bool ruled = false;
    const podsim_behavior *b = behavior_of(sim, p, idx, &ruled);
    bool ok = pattern_success(probe_pattern(b, type), w->count);
    w->count++;
    if (type == PROBE_READINESS && sim->now < c->started + b->ready_after_ms) {
        ok = false;
    }
    int8_t result = ok ? PR_SUCCESS : PR_FAILURE;
    if (!ok) {
        static const char *const names[3] = {"Startup", "Liveness",
                                             "Readiness"};
        ctr_event(sim, pod, idx, "Warning", "Unhealthy", "%s probe failed: %s",
                  names[type], probe_output(pr));
    }
    if (w->last == result) {
        w->run++;
    } else {
        w->last = result;
        w->run = 1;
    }
    int32_t need = ok ? pr->success_threshold : pr->failure_threshold;
    if (w->run < need) return;
    probe_result(sim, pod, idx, type, result);
}

/* ---- stopping containers ------------------------------------------------- */

/* killContainer: Killing event, preStop, the stop signal; a container
   that handles it exits container_stop_ms later, else SIGKILL when the
   grace period (at least 2 s) ends. */
static void kill_container(podsim_sim *sim, podsim_id pod, int idx, int kind) {
    const podsim_pod *p = pod_of(sim, pod);
    kpod *kp = kpod_of(sim, pod);
    kctr *c = &kp->ctr[idx];
    const podsim_container *ct = spec_of(p, idx);
    int64_t deadline;
    if (kind == KILL_STOP) {
        ctr_event(sim, pod, idx, "Normal", "Killing", "Stopping container %s",
                  ct->name);
        deadline = kp->grace_end;
    } else {
        const podsim_probe *pr =
            kind == KILL_LIVENESS ? ct->liveness_probe : ct->startup_probe;
        const char *what = kind == KILL_LIVENESS ? "liveness" : "startup";
        bool restart = should_restart(p, idx, 1, true);
        ctr_event(sim, pod, idx, "Normal", "Killing",
                  "Container %s failed %s probe%s", ct->name, what,
                  restart ? ", will be restarted" : "");
        int64_t grace = pr->termination_grace_period_seconds.set
                            ? pr->termination_grace_period_seconds.value
                            : p->spec.termination_grace_period_seconds;
        deadline = sim->now + grace * 1000;
    }
    /* the preStop hook runs first, inside the grace period (a sleep
       handler takes its seconds; exec and httpGet hooks are taken as
       instant); the stop signal follows with what is left of the grace
       period, at least minimumGracePeriodInSeconds (2 s), which also
       bounds a hook that overran it (killContainer) */
    int64_t signal_at = sim->now;
    if (kind == KILL_STOP && ct->pre_stop == PODSIM_HANDLER_SLEEP &&
        ct->pre_stop_sleep_seconds > 0) {
        int64_t hook_end = sim->now + ct->pre_stop_sleep_seconds * 1000;
        signal_at = hook_end < deadline ? hook_end : deadline;
    }
    if (deadline < signal_at + sim->k.kill_floor_ms) {
        deadline = signal_at + sim->k.kill_floor_ms;
    }
    bool ruled = false;
    const podsim_behavior *b = behavior_of(sim, p, idx, &ruled);
    c->gen++;
    c->phase = KC_STOPPING;
    c->probe_kill = kind != KILL_STOP;
    int64_t stop_at = signal_at + dur(sim, sim->timing.container_stop_ms);
    if (b->handles_sigterm && stop_at <= deadline) {
        sim_post(sim, stop_at, MOD_KUBELET, OP_STOPPED, pod, idx, c->gen);
    } else {
        sim_post(sim, deadline, MOD_KUBELET, OP_SIGKILL, pod, idx, c->gen);
    }
}

static void shutdown_pod_done(podsim_sim *sim, podsim_id pod);

/* status_manager.go TerminatePod (a container that is not terminated
   reports its last exit, or ContainerStatusUnknown when it never ran),
   then the terminal phase. */
static void finalize_termination(podsim_sim *sim, podsim_id pod) {
    const podsim_pod *p = pod_of(sim, pod);
    kpod *kp = kpod_of(sim, pod);
    kp->stage = ST_DONE;
    kp->gen++;
    size_t n = 0;
    podsim_container_status *cs = sim_pod_containers(sim, pod, &n);
    if (!cs) return;
    if (!kp->ninit || kp->has_initialized) {
        for (size_t i = (size_t)kp->ninit; i < n; i++) {
            if (cs[i].state.kind == PODSIM_STATE_TERMINATED) continue;
            if (cs[i].last_state.kind == PODSIM_STATE_TERMINATED) {
                /* restarting: the runtime still reports its last exit */
                cs[i].state = cs[i].last_state;
                continue;
            }
            podsim_container_state st;
            memset(&st, 0, sizeof st);
            st.kind = PODSIM_STATE_TERMINATED;
            st.reason = "ContainerStatusUnknown";
            st.message =
                "The container could not be located when the pod was "
                "terminated";
            st.exit_code = 137;
            st.started_at = st.finished_at = PODSIM_NO_TIME;
            set_state(&cs[i], st);
        }
    }
    refresh_flags(p, kp, cs, n);
    podsim_phase phase = p->status.phase;
    if (!phase_terminal(p)) {
        phase = kubelet_get_phase(&p->spec, cs, n, true, kp->has_initialized);
        if (phase != PODSIM_PHASE_SUCCEEDED) phase = PODSIM_PHASE_FAILED;
    }
    set_sandbox_condition(sim, pod, false);
    write_status(sim, pod, phase);
    if (!kp->released) {
        kp->released = true;
        sim_release_pod(sim, pod);
    }
    shutdown_pod_done(sim, pod);
    /* the volume manager unmounted the finished pod's volumes: its claims
       leave the node (util.IsPodTerminated) */
    ad_pod_released(sim, state_of(sim)->ad, pod);
    if (kp->remove) {
        kp->stage = ST_GONE;
        sim_remove_pod(sim, pod);
    }
}

/* Regular containers first (in parallel), then sidecars one at a time
   in reverse order, then the end. */
static void term_progress(podsim_sim *sim, podsim_id pod) {
    const podsim_pod *p = pod_of(sim, pod);
    kpod *kp = kpod_of(sim, pod);
    for (int idx = 0; idx < kp->nctr; idx++) {
        if (is_sidecar(p, idx)) continue;
        uint8_t ph = kp->ctr[idx].phase;
        if (ph == KC_RUNNING || ph == KC_STOPPING) return;
    }
    for (int idx = kp->ninit - 1; idx >= 0; idx--) {
        if (!is_sidecar(p, idx)) continue;
        uint8_t ph = kp->ctr[idx].phase;
        if (ph == KC_STOPPING) return;
        if (ph == KC_RUNNING) {
            kill_container(sim, pod, idx, KILL_STOP);
            return;
        }
    }
    finalize_termination(sim, pod);
}

/* The pod worker's terminating phase: nothing new starts, running
   containers stop. `remove`: a deletion (the object goes at the end). */
static void start_termination(podsim_sim *sim, podsim_id pod, int64_t grace_end,
                              bool remove) {
    const podsim_pod *p = pod_of(sim, pod);
    kpod *kp = kpod_of(sim, pod);
    if (remove) kp->remove = true;
    if (kp->stage == ST_TERMINATING) {
        if (grace_end < kp->grace_end) kp->grace_end = grace_end;
        return;
    }
    kp->stage = ST_TERMINATING;
    kp->gen++;
    kp->grace_end = grace_end;
    for (int idx = 0; idx < kp->nctr; idx++) {
        kctr *c = &kp->ctr[idx];
        /* on deletion liveness and startup stop (worker.go) */
        probe_stop(c, PROBE_LIVENESS);
        probe_stop(c, PROBE_STARTUP);
        switch (c->phase) {
        case KC_PULLING:
        case KC_CREATING:
        case KC_RETRY:
            c->gen++;
            c->phase = KC_IDLE;
            c->in_sync = false;
            break;
        case KC_STOPPING: c->probe_kill = false; break;
        case KC_RUNNING:
            if (!is_sidecar(p, idx)) kill_container(sim, pod, idx, KILL_STOP);
            break;
        default: break;
        }
    }
    /* the status shows the pod terminating (kubectl: Terminating) */
    write_status(sim, pod, p->status.phase);
    term_progress(sim, pod);
}

/* The phase turned Succeeded or Failed on its own: capacity is free;
   sidecars still running are stopped. */
static void pod_became_terminal(podsim_sim *sim, podsim_id pod) {
    const podsim_pod *p = pod_of(sim, pod);
    kpod *kp = kpod_of(sim, pod);
    if (!kp->released) {
        kp->released = true;
        sim_release_pod(sim, pod);
    }
    if (kp->stage >= ST_TERMINATING) return;
    for (int idx = 0; idx < kp->nctr; idx++) {
        probe_stop(&kp->ctr[idx], PROBE_READINESS);
    }
    start_termination(
        sim, pod, sim->now + p->spec.termination_grace_period_seconds * 1000,
        false);
}

/* ---- the pipeline -------------------------------------------------------- */

static void start_main(podsim_sim *sim, podsim_id pod) {
    kpod *kp = kpod_of(sim, pod);
    kp->stage = ST_MAIN;
    kp->main_next = 0;
    sync_status(sim, pod);
    start_next_main(sim, pod);
}

/* SyncPod starts the regular containers in spec order, each start
   (image, create, start) after the previous one. */
static void start_next_main(podsim_sim *sim, podsim_id pod) {
    kpod *kp = kpod_of(sim, pod);
    while (kp->stage == ST_MAIN && kp->ninit + kp->main_next < kp->nctr) {
        int idx = kp->ninit + kp->main_next;
        if (kp->ctr[idx].phase == KC_IDLE) {
            begin_start(sim, pod, idx, true);
            return;
        }
        kp->main_next++;
    }
}

/* One init container at a time: a regular one must exit 0, a sidecar
   must be started. */
static void start_init_next(podsim_sim *sim, podsim_id pod) {
    const podsim_pod *p = pod_of(sim, pod);
    kpod *kp = kpod_of(sim, pod);
    while (kp->stage == ST_INIT && kp->init_next < kp->ninit) {
        int idx = kp->init_next;
        kctr *c = &kp->ctr[idx];
        if (is_sidecar(p, idx)) {
            if (c->phase == KC_RUNNING && ctr_started(p, kp, idx)) {
                kp->init_next++;
                continue;
            }
        } else if (c->phase == KC_DONE) {
            kp->init_next++;
            continue;
        }
        if (c->phase == KC_IDLE) begin_start(sim, pod, idx, false);
        return;
    }
    if (kp->stage == ST_INIT) start_main(sim, pod);
}

/* A node's pod network: spec.podCIDR, or 10.244.<node>.0/24 without one. */
static void pod_network(const podsim_node *n, podsim_id node, uint32_t *base,
                        uint32_t *size) {
    unsigned a = 10, b = 244, c = (unsigned)node % 256, d = 0, bits = 24;
    if (n->pod_cidr && n->pod_cidr[0] &&
        sscanf(n->pod_cidr, "%u.%u.%u.%u/%u", &a, &b, &c, &d, &bits) != 5) {
        a = 10, b = 244, c = (unsigned)node % 256, d = 0, bits = 24;
    }
    *base = (a << 24) | (b << 16) | (c << 8) | d;
    *size = bits >= 32 ? 1u : (bits <= 8 ? 1u << 24 : 1u << (32 - bits));
}

/* Once per run: addresses the loaded pods already hold are skipped, so a
   new pod never gets the IP of one that runs on the node. */
static void count_loaded_ips(podsim_sim *sim) {
    kstate *st = state_of(sim);
    if (st->ips_seen) return;
    st->ips_seen = true;
    size_t pods = podsim_cluster_count(sim->c, PODSIM_KIND_POD);
    for (size_t i = 0; i < pods; i++) {
        const podsim_pod *p = podsim_cluster_pod(sim->c, (podsim_id)i);
        unsigned a, b, c, d;
        if (p->node == PODSIM_NO_ID || p->spec.host_network ||
            !p->status.pod_ip ||
            sscanf(p->status.pod_ip, "%u.%u.%u.%u", &a, &b, &c, &d) != 4) {
            continue;
        }
        const podsim_node *n = podsim_cluster_node(sim->c, p->node);
        knode *kn = knode_of(sim, p->node);
        if (!n || !kn) continue;
        uint32_t base, size, ip = (a << 24) | (b << 16) | (c << 8) | d;
        pod_network(n, p->node, &base, &size);
        if (ip < base + 2 || ip - base >= size) continue;
        if (ip - base - 1 > kn->ips_given) kn->ips_given = ip - base - 1;
    }
}

/* The sandbox's IP, as the CNI's host-local IPAM hands them out from the
   node's pod network (addresses after the bridge's .1, in order; podsim
   never reuses one). hostNetwork pods share the node's IP
   (kuberuntime_sandbox.go). */
static void assign_pod_ip(podsim_sim *sim, podsim_id pod) {
    const podsim_pod *p = pod_of(sim, pod);
    podsim_pod *mp = sim_pod_mut(sim, pod);
    if (!mp || (p->status.pod_ip && p->status.pod_ip[0])) return;
    if (p->spec.host_network) {
        mp->status.pod_ip = p->status.host_ip ? p->status.host_ip : "";
        return;
    }
    count_loaded_ips(sim);
    podsim_id node = node_id(sim, p);
    knode *kn = knode_of(sim, node);
    const podsim_node *n = podsim_cluster_node(sim->c, node);
    if (!kn || !n) return;
    uint32_t base, size;
    pod_network(n, node, &base, &size);
    uint32_t host = size > 3 ? 2 + kn->ips_given++ % (size - 3) : 0;
    uint32_t ip = base + host;
    mp->status.pod_ip =
        sim_internf(sim, "%u.%u.%u.%u", ip >> 24, (ip >> 16) & 255,
                    (ip >> 8) & 255, ip & 255);
}

static void sandbox_done(podsim_sim *sim, podsim_id pod) {
    kpod *kp = kpod_of(sim, pod);
    kp->stage = ST_INIT;
    assign_pod_ip(sim, pod);
    set_sandbox_condition(sim, pod, true);
    sync_status(sim, pod);
    start_init_next(sim, pod);
}

static void volumes_done(podsim_sim *sim, podsim_id pod) {
    kpod *kp = kpod_of(sim, pod);
    kp->stage = ST_SANDBOX;
    probes_start(sim, pod);
    sim_post(sim, sim->now + dur(sim, sim->timing.sandbox_ms), MOD_KUBELET,
             OP_SANDBOX_DONE, pod, 0, kp->gen);
}

/* Why a ConfigMap/Secret-backed volume cannot be set up (configmap.go,
   secret.go SetUpAt), or false. */
static bool ref_problem(podsim_sim *sim, const podsim_pod *p,
                        const podsim_volume *v, strbuf *msg) {
    for (size_t i = 0; i < v->ref_count; i++) {
        const podsim_object_ref *ref = &v->refs[i];
        if (ref->optional || v->optional) continue;
        bool cm = ref->kind == PODSIM_REF_CONFIGMAP;
        podsim_kind kind = cm ? PODSIM_KIND_CONFIGMAP : PODSIM_KIND_SECRET;
        podsim_id id =
            cluster_lookup(sim->c, kind, p->meta.namespace_, ref->name);
        if (id == PODSIM_NO_ID) {
            strbuf_printf(msg,
                          "MountVolume.SetUp failed for volume \"%s\" : %s "
                          "\"%s\" not found",
                          v->name, cm ? "configmap" : "secret", ref->name);
            return true;
        }
        if (!ref->key[0]) continue;
        const podsim_config *cfg = podsim_cluster_config(sim->c, kind, id);
        bool found = false;
        for (size_t k = 0; cfg && k < cfg->keys.count; k++) {
            if (strcmp(cfg->keys.items[k], ref->key) == 0) found = true;
        }
        if (!found) {
            strbuf_printf(msg,
                          "MountVolume.SetUp failed for volume \"%s\" : %s "
                          "references non-existent %s key: %s",
                          v->name, cm ? "configmap" : "secret",
                          cm ? "config" : "secret", ref->key);
            return true;
        }
    }
    return false;
}

/* A PersistentVolumeClaim that is missing, or unbound with no dynamic
   provisioner to bind it (desired_state_of_world_populator.go). */
static bool claim_problem(podsim_sim *sim, const podsim_pod *p,
                          const podsim_volume *v, strbuf *msg) {
    const char *ns = p->meta.namespace_;
    podsim_id id = cluster_lookup(sim->c, PODSIM_KIND_PERSISTENTVOLUMECLAIM, ns,
                                  v->source);
    const char *why = NULL;
    if (id == PODSIM_NO_ID) {
        why = sim_internf(sim,
                          "failed to fetch PVC from API server: "
                          "persistentvolumeclaims \"%s\" not found",
                          v->source);
    } else {
        const podsim_pvc *pvc = podsim_cluster_pvc(sim->c, id);
        bool bound = (pvc->volume_name && pvc->volume_name[0]) ||
                     (pvc->phase && strcmp(pvc->phase, "Bound") == 0);
        if (!bound) {
            /* a provisioner binds it when the pod is scheduled */
            size_t n = podsim_cluster_count(sim->c, PODSIM_KIND_STORAGECLASS);
            bool provisioned = false;
            for (size_t i = 0; i < n; i++) {
                const podsim_storage_class *sc =
                    podsim_cluster_storage_class(sim->c, (podsim_id)i);
                bool match =
                    pvc->storage_class_name
                        ? strcmp(sc->meta.name, pvc->storage_class_name) == 0
                        : sc->is_default;
                if (match && sc->provisioner && sc->provisioner[0] &&
                    strcmp(sc->provisioner, "kubernetes.io/no-provisioner")) {
                    provisioned = true;
                }
            }
            if (!provisioned) why = "PVC is not bound";
        }
    }
    if (!why) return false;
    strbuf_printf(msg,
                  "Unable to attach or mount volumes: unmounted volumes=[%s], "
                  "unattached volumes=[%s]: error processing PVC %s/%s: %s",
                  v->name, v->name, ns, v->source, why);
    return true;
}

/* The volume manager: every volume is attached (claims) and mounted in
   parallel; a failed SetUp is retried with exponential back-off; a claim
   another node holds exclusively waits for its detach (attach_detach.c). */
static void try_mount(podsim_sim *sim, podsim_id pod) {
    const podsim_pod *p = pod_of(sim, pod);
    kpod *kp = kpod_of(sim, pod);
    int failures = 0, blocked = 0;
    int64_t longest = 0;
    strbuf msg;
    strbuf_init(&msg);
    for (size_t i = 0; i < p->spec.volume_count; i++) {
        const podsim_volume *v = &p->spec.volumes[i];
        strbuf_clear(&msg);
        bool bad = v->type == PODSIM_VOLUME_PVC ? claim_problem(sim, p, v, &msg)
                                                : ref_problem(sim, p, v, &msg);
        if (bad) {
            failures++;
            if (msg.failed) {
                sim_fail_oom(sim);
            } else {
                sim_pod_event(sim, pod, "Warning", "FailedMount", NULL, "%s",
                              strbuf_str(&msg));
            }
            continue;
        }
        /* local sources are set up on the node; a claim (or a generic
           ephemeral volume, which becomes one) is attached, then staged
           and published by its CSI driver */
        bool persistent =
            v->type == PODSIM_VOLUME_PVC || v->type == PODSIM_VOLUME_EPHEMERAL;
        int64_t t;
        if (persistent) {
            int64_t attach = dur(sim, sim->timing.volume_attach_ms);
            int64_t mount = dur(sim, sim->timing.persistent_volume_mount_ms);
            int64_t ready = sim->now + attach;
            if (ad_volume_needed(sim, state_of(sim)->ad, pod, node_id(sim, p),
                                 v, attach, &ready) == AD_BLOCKED) {
                blocked++;
                continue;
            }
            t = ready - sim->now + mount;
        } else {
            t = dur(sim, sim->timing.volume_mount_ms);
        }
        if (t > longest) longest = t;
    }
    strbuf_release(&msg);
    if (failures) {
        kp->mount_backoff_ms = kp->mount_backoff_ms ? kp->mount_backoff_ms * 2
                                                    : MOUNT_RETRY_INITIAL_MS;
        if (kp->mount_backoff_ms > MOUNT_RETRY_MAX_MS) {
            kp->mount_backoff_ms = MOUNT_RETRY_MAX_MS;
        }
        sim_post(sim, sim->now + kp->mount_backoff_ms, MOD_KUBELET, OP_MOUNT,
                 pod, 0, kp->gen);
        return;
    }
    if (blocked) {
        /* kubelet_volume_attachable retries once the detach happened */
        kp->mount_wait = true;
        return;
    }
    kp->mount_backoff_ms = 0;
    sim_post(sim, sim->now + longest, MOD_KUBELET, OP_VOLUMES_DONE, pod, 0,
             kp->gen);
}

static bool kpod_alloc(podsim_sim *sim, const podsim_pod *p, kpod *kp) {
    bool listed = kp->listed;
    memset(kp, 0, sizeof(*kp));
    kp->listed = listed;
    kp->ninit = (int32_t)p->spec.init_container_count;
    kp->nctr = kp->ninit + (int32_t)p->spec.container_count;
    if (kp->nctr) {
        kp->ctr = calloc((size_t)kp->nctr, sizeof(kctr));
        kp->img = calloc((size_t)kp->nctr, sizeof(kimg));
        if (!kp->ctr || !kp->img) {
            kpod_free(kp);
            sim_fail_oom(sim);
            return false;
        }
    }
    for (int32_t i = 0; i < kp->nctr; i++) {
        kp->ctr[i].finished = kp->ctr[i].prev_finished = PODSIM_NO_TIME;
    }
    return true;
}

static const char *host_ip(podsim_sim *sim, const podsim_pod *p) {
    const podsim_node *node = podsim_cluster_node(sim->c, node_id(sim, p));
    for (size_t i = 0; node && i < node->address_count; i++) {
        if (strcmp(node->addresses[i].type, "InternalIP") == 0) {
            return node->addresses[i].address;
        }
    }
    return NULL;
}

static void post_deadline(podsim_sim *sim, podsim_id pod) {
    const podsim_pod *p = pod_of(sim, pod);
    kpod *kp = kpod_of(sim, pod);
    if (!p->spec.active_deadline_seconds.set) return;
    int64_t start = p->status.start_time == PODSIM_NO_TIME
                        ? sim->now
                        : p->status.start_time - sim->epoch_ms;
    sim_post(sim, start + p->spec.active_deadline_seconds.value * 1000,
             MOD_KUBELET, OP_DEADLINE, pod, 0, kp->gen);
}

/* A bound pod becomes the kubelet's: the first status, then volumes. */
static void admit(podsim_sim *sim, podsim_id pod) {
    const podsim_pod *p = pod_of(sim, pod);
    kpod *kp = kpod_slot(sim, pod);
    if (!kp || !kpod_alloc(sim, p, kp)) return;
    list_pod(sim, node_id(sim, p), pod);
    kp->stage = ST_VOLUMES;
    podsim_pod *mp = sim_pod_mut(sim, pod);
    size_t n = 0;
    podsim_container_status *cs = sim_pod_containers(sim, pod, &n);
    if (!mp || !cs) return;
    if (mp->status.start_time == PODSIM_NO_TIME) {
        mp->status.start_time = sim_wall(sim, sim->now);
    }
    const char *ip = host_ip(sim, p);
    if (ip) mp->status.host_ip = ip;
    mp->status.has_phase = true;
    mp->status.phase = PODSIM_PHASE_PENDING;
    const char *reason = default_waiting_reason(p);
    for (size_t i = 0; i < n; i++) {
        cs[i].state = waiting_state(reason, "");
        cs[i].ready = false;
    }
    set_sandbox_condition(sim, pod, false);
    sync_status(sim, pod);
    post_deadline(sim, pod);
    if (runtime_blocked(sim, p)) {
        park_pod(sim, pod); /* unpark mounts */
        return;
    }
    try_mount(sim, pod);
}

/* A loaded container that has exited before keeps doing what it did, when
   no scenario rule says otherwise: it runs as long as its last run
   (lastState startedAt to finishedAt) and ends the same way (Completed,
   OOMKilled, or the same exit code). */
static void observe_behavior(kctr *c, const podsim_container_status *s) {
    const podsim_container_state *last = &s->last_state;
    if (last->kind != PODSIM_STATE_TERMINATED) return;
    podsim_behavior b = PODSIM_BEHAVIOR_INIT;
    if (strcmp(last->reason, "OOMKilled") == 0) {
        b.run = PODSIM_RUN_OOM;
    } else {
        b.run = last->exit_code == 0 ? PODSIM_RUN_EXIT : PODSIM_RUN_CRASH;
        b.exit_code = last->exit_code;
    }
    if (last->started_at != PODSIM_NO_TIME &&
        last->finished_at != PODSIM_NO_TIME &&
        last->finished_at > last->started_at) {
        b.run_ms = last->finished_at - last->started_at;
    }
    c->observed = b;
    c->has_observed = true;
}

/* The kubelet's back-off entry of a container a dump shows in
   CrashLoopBackOff: the waiting message carries it ("back-off 5m0s
   restarting failed container=...", kuberuntime_manager.go doBackOff),
   measured from the last finishedAt. */
static void observe_backoff(podsim_sim *sim, kctr *c,
                            const podsim_container_status *s) {
    static const char prefix[] = "back-off ";
    const char *msg = s->state.message;
    if (s->state.kind != PODSIM_STATE_WAITING ||
        strcmp(s->state.reason, "CrashLoopBackOff") != 0 || !msg ||
        strncmp(msg, prefix, sizeof prefix - 1) != 0) {
        return;
    }
    const char *d = msg + sizeof prefix - 1;
    size_t len = strcspn(d, " ");
    int64_t nanos;
    const char *why;
    if (!go_duration_nanos(d, len, &nanos, &why) || nanos <= 0) return;
    c->backoff_ms = nanos / 1000000;
    c->backoff_update = c->finished;
    (void)sim;
}

/* A loaded pod that already runs: its containers go on as they are. */
static void adopt(podsim_sim *sim, podsim_id pod) {
    const podsim_pod *p = pod_of(sim, pod);
    kpod *kp = kpod_slot(sim, pod);
    if (!kp || !kpod_alloc(sim, p, kp)) return;
    list_pod(sim, node_id(sim, p), pod);
    ad_pod_adopted(sim, state_of(sim)->ad, pod, node_id(sim, p));
    kp->stage = ST_MAIN;
    kp->init_next = kp->ninit;
    kp->main_next = kp->nctr - kp->ninit;
    size_t n = 0;
    podsim_container_status *cs = sim_pod_containers(sim, pod, &n);
    if (!cs) return;
    for (int idx = 0; idx < kp->nctr && (size_t)idx < n; idx++) {
        kctr *c = &kp->ctr[idx];
        podsim_container_status *s = &cs[idx];
        if (s->state.kind == PODSIM_STATE_NONE && !is_init(p, idx)) {
            /* Running without a reported state: take it as running */
            s->state.kind = PODSIM_STATE_RUNNING;
            s->state.started_at = p->status.start_time;
            s->ready = true;
        }
        c->ever_ran = s->state.kind != PODSIM_STATE_WAITING ||
                      s->last_state.kind == PODSIM_STATE_TERMINATED;
        if (s->state.kind == PODSIM_STATE_RUNNING) {
            c->phase = KC_RUNNING;
            c->instance = 1;
            c->started = s->state.started_at == PODSIM_NO_TIME
                             ? sim->now
                             : s->state.started_at - sim->epoch_ms;
            probes_new_container(c);
            bool started = !s->started.set || s->started.value;
            c->probe[PROBE_STARTUP].result = started ? PR_SUCCESS : PR_UNKNOWN;
            c->probe[PROBE_READINESS].result =
                s->ready ? PR_SUCCESS : PR_FAILURE;
            if (is_regular(kp, idx)) kp->has_initialized = true;
        } else if (is_init(p, idx) ||
                   s->state.kind == PODSIM_STATE_TERMINATED) {
            c->phase = KC_DONE;
            c->finished = s->state.finished_at == PODSIM_NO_TIME
                              ? sim->now
                              : s->state.finished_at - sim->epoch_ms;
        }
    }
    probes_start(sim, pod);
    for (int idx = 0; idx < kp->nctr; idx++) {
        kctr *c = &kp->ctr[idx];
        if (c->phase == KC_RUNNING) {
            /* the behaviour's clock runs from the container's start */
            schedule_exit(sim, pod, idx, c->started);
        } else if (c->phase == KC_IDLE && is_regular(kp, idx)) {
            podsim_container_status *s = status_of(sim, pod, idx);
            if (s && s->last_state.kind == PODSIM_STATE_TERMINATED) {
                c->finished = s->last_state.finished_at == PODSIM_NO_TIME
                                  ? sim->now
                                  : s->last_state.finished_at - sim->epoch_ms;
                observe_behavior(c, s);
                observe_backoff(sim, c, s);
                crash_restart(sim, pod, idx, false);
            } else {
                begin_start(sim, pod, idx, false);
            }
        } else if (c->phase == KC_DONE && is_regular(kp, idx)) {
            podsim_container_status *s = status_of(sim, pod, idx);
            if (s && should_restart(p, idx, s->state.exit_code, false)) {
                crash_restart(sim, pod, idx, false);
            }
        }
    }
    post_deadline(sim, pod);
}

/* ---- activeDeadlineSeconds ----------------------------------------------- */

static void deadline_exceeded(podsim_sim *sim, podsim_id pod) {
    const podsim_pod *p = pod_of(sim, pod);
    kpod *kp = kpod_of(sim, pod);
    if (kp->stage < ST_VOLUMES || kp->stage >= ST_TERMINATING ||
        phase_terminal(p)) {
        return;
    }
    static const char message[] =
        "Pod was active on the node longer than the specified deadline";
    sim_pod_event(sim, pod, "Normal", "DeadlineExceeded", NULL, "%s", message);
    podsim_pod *mp = sim_pod_mut(sim, pod);
    if (!mp) return;
    mp->status.reason = "DeadlineExceeded";
    mp->status.message = message;
    write_status(sim, pod, PODSIM_PHASE_FAILED);
    if (!kp->released) {
        kp->released = true;
        sim_release_pod(sim, pod);
    }
    start_termination(
        sim, pod, sim->now + p->spec.termination_grace_period_seconds * 1000,
        false);
}

/* ---- entry points -------------------------------------------------------- */

static void forget(podsim_sim *sim, podsim_id pod) {
    kpod *kp = kpod_of(sim, pod);
    if (!kp || kp->stage == ST_NONE) return;
    kp->stage = ST_GONE;
    kp->gen++;
    kpod_free(kp);
    kp->nctr = kp->ninit = kp->nimg = 0;
}

static void on_deleting(podsim_sim *sim, podsim_id pod) {
    const podsim_pod *p = pod_of(sim, pod);
    kpod *kp = kpod_of(sim, pod);
    if (!kp || kp->stage == ST_NONE || kp->stage >= ST_DONE) return;
    int64_t grace_end = p->meta.deletion_timestamp == PODSIM_NO_TIME
                            ? sim->now
                            : p->meta.deletion_timestamp - sim->epoch_ms;
    if (grace_end < sim->now) grace_end = sim->now;
    start_termination(sim, pod, grace_end, true);
}

static bool pod_is_running(const podsim_pod *p) {
    if (p->status.has_phase && p->status.phase == PODSIM_PHASE_RUNNING) {
        return true;
    }
    for (size_t i = 0; i < p->status.container_status_count; i++) {
        if (p->status.container_statuses[i].state.kind ==
            PODSIM_STATE_RUNNING) {
            return true;
        }
    }
    return false;
}

/* ---- the machine behind the node ----------------------------------------
 *
 * The kubelet lives its machine's state (sim_node_state.health, notified
 * as WATCH_NODE_HEALTH), which the API does not show:
 *   - silent (UNREACHABLE: partitioned or crashed; OFF): it writes
 *     nothing. Its timers are held (knode.deferred), deletions and pods
 *     bound meanwhile wait; the API keeps the last status written.
 *   - back after a partition: the containers ran all along. The held
 *     timers run now (what came due happens at the return), pods deleted
 *     meanwhile are terminated with their deletionGracePeriodSeconds
 *     counted from now (pod_workers.go calculateEffectiveGracePeriod: the
 *     grace comes from the object, not from its deletionTimestamp), and
 *     the status manager's next reconcile tick rewrites what others
 *     changed meanwhile (Ready, set False by the node lifecycle
 *     controller's MarkPodsNotReady; status_manager.go syncBatch(all) and
 *     needsReconcile, the fix of kubernetes issue 80968).
 *   - back after a power-off (was_off): a fresh kubelet. Containers that
 *     were running are gone, reported exited with state unknown; the
 *     sandbox is created again and every container restarts in place, the
 *     init containers first (kuberuntime_manager.go computePodActions);
 *     deleted pods are just finalized.
 *   - NOT_READY (kubelet alive, the runtime's network down): nothing new
 *     starts, running containers go on, terminations complete.
 *   - SHUTTING_DOWN: graceful node shutdown
 *     (nodeshutdown/nodeshutdown_manager_linux.go processShutdownEvent).
 */

static void defer(podsim_sim *sim, podsim_id node, const sim_entry *e) {
    knode *kn = knode_of(sim, node);
    if (!kn) return;
    kn->paused = true;
    sim_entry *d = vec_push(&kn->deferred);
    if (!d) {
        sim_fail_oom(sim);
        return;
    }
    *d = *e;
}

/* The pods of a node's list that may still matter (the object exists),
   in the order the kubelet got them; returns how many. */
static size_t node_pods(podsim_sim *sim, podsim_id node) {
    knode *kn = knode_of(sim, node);
    if (!kn) return 0;
    size_t keep = 0;
    for (size_t i = 0; i < kn->pods.len; i++) {
        podsim_id pod = *(podsim_id *)vec_at(&kn->pods, i);
        const podsim_pod *p = pod_of(sim, pod);
        if (!p || p->removed) continue;
        *(podsim_id *)vec_at(&kn->pods, keep++) = pod;
    }
    kn->pods.len = keep;
    return keep;
}

static podsim_id node_pod(podsim_sim *sim, podsim_id node, size_t i) {
    knode *kn = knode_of(sim, node);
    return kn && i < kn->pods.len ? *(podsim_id *)vec_at(&kn->pods, i)
                                  : PODSIM_NO_ID;
}

/* HandlePodAdditions' admission while the node shuts down
   (nodeshutdown_manager.go Admit, kubelet.go rejectPod). */
static void reject_pod(podsim_sim *sim, podsim_id pod) {
    const podsim_pod *p = pod_of(sim, pod);
    kpod *kp = kpod_slot(sim, pod);
    if (!kp || !kpod_alloc(sim, p, kp)) return;
    list_pod(sim, node_id(sim, p), pod);
    kp->stage = ST_DONE;
    static const char why[] = "Pod was rejected as the node is shutting down.";
    sim_pod_event(sim, pod, "Warning", "NodeShutdown", NULL, "%s", why);
    podsim_pod *mp = sim_pod_mut(sim, pod);
    if (!mp) return;
    mp->status.has_phase = true;
    mp->status.phase = PODSIM_PHASE_FAILED;
    mp->status.reason = "NodeShutdown";
    mp->status.message =
        "Pod was rejected: Pod was rejected as the node is shutting down.";
    sim_pod_status_written(sim, pod);
    kp->released = true;
    sim_release_pod(sim, pod);
    /* a terminal pod already deleted goes (status_manager.go
       canBeDeleted) */
    if (p->meta.deletion_timestamp != PODSIM_NO_TIME) sim_remove_pod(sim, pod);
}

/* A bound pod becomes the kubelet's, when its kubelet runs. */
static void take_pod(podsim_sim *sim, podsim_id pod) {
    const podsim_pod *p = pod_of(sim, pod);
    podsim_id node = node_id(sim, p);
    if (node_silent(sim, node)) {
        /* the kubelet learns of it when it returns; a running pod (a
           loaded one) still holds its volumes meanwhile */
        list_pod(sim, node, pod);
        knode *kn = knode_of(sim, node);
        if (kn) kn->paused = true;
        if (pod_is_running(p)) {
            ad_pod_adopted(sim, state_of(sim)->ad, pod, node);
        }
        return;
    }
    if (node != PODSIM_NO_ID &&
        sim_node(sim, node)->health == NODE_SHUTTING_DOWN) {
        /* rejected by the shutdown manager's admission: one sync loop
           iteration (a PLEG relist) later, so that a controller that
           replaces the pod on a node that still takes it (a pod that
           tolerates every taint) cannot loop within one instant */
        list_pod(sim, node, pod);
        sim_post(sim, sim->now + PLEG_RELIST_MS, MOD_KUBELET, OP_ADMIT, pod, 0,
                 0);
        return;
    }
    if (pod_is_running(p)) {
        adopt(sim, pod);
    } else {
        admit(sim, pod);
    }
    kpod *kp = kpod_of(sim, pod);
    if (kp && p->meta.deletion_timestamp != PODSIM_NO_TIME) {
        on_deleting(sim, pod);
    }
}

/* What the runtime reports after a power cut of a container that was
   running: exited, state unknown (containerd's CRI restore: exit code
   255, reason Unknown), finished when the power went. */
static void container_lost(podsim_sim *sim, podsim_id pod, int idx,
                           int64_t off_at) {
    kctr *c = &kpod_of(sim, pod)->ctr[idx];
    c->prev_finished = c->finished;
    c->finished = off_at;
    podsim_container_status *cs = status_of(sim, pod, idx);
    if (!cs) return;
    podsim_container_state st;
    memset(&st, 0, sizeof st);
    st.kind = PODSIM_STATE_TERMINATED;
    st.reason = "Unknown";
    st.message = "";
    st.exit_code = 255;
    st.started_at = sim_wall(sim, c->started);
    st.finished_at = sim_wall(sim, off_at);
    set_state(cs, st);
    cs->ready = false;
}

/* The machine powered on again with the pod still bound to it. */
static void reboot_pod(podsim_sim *sim, podsim_id pod, int64_t off_at) {
    const podsim_pod *p = pod_of(sim, pod);
    kpod *kp = kpod_of(sim, pod);
    if (!kp || kp->stage == ST_NONE || kp->stage >= ST_DONE) return;
    kp->gen++;
    kp->parked = kp->net_event = kp->mount_wait = false;
    kp->nimg = 0; /* the kubelet's back-off entries lived in memory */
    podsim_restart_policy policy = p->spec.restart_policy;
    for (int idx = 0; idx < kp->nctr; idx++) {
        kctr *c = &kp->ctr[idx];
        bool was_running = c->phase == KC_RUNNING || c->phase == KC_STOPPING;
        c->gen++;
        c->in_sync = c->probe_kill = c->parked = false;
        c->backoff_ms = 0;
        for (int t = 0; t < 3; t++) {
            probe_stop(c, t);
            c->probe[t].manual = false;
        }
        if (was_running) container_lost(sim, pod, idx, off_at);
        /* the new sandbox runs the init containers again, then the
           regular ones, but for a finished one that is not to restart */
        bool keep_done = c->phase == KC_DONE && idx >= kp->ninit &&
                         policy != PODSIM_RESTART_ALWAYS;
        c->phase = keep_done ? KC_DONE : KC_IDLE;
    }
    if (p->meta.deletion_timestamp != PODSIM_NO_TIME ||
        kp->stage == ST_TERMINATING || policy == PODSIM_RESTART_NEVER) {
        /* nothing left to stop: a deleted pod is finished (and goes); with
           restartPolicy Never the sandbox is not made again and the pod
           fails */
        if (p->meta.deletion_timestamp != PODSIM_NO_TIME) kp->remove = true;
        kp->stage = ST_TERMINATING;
        finalize_termination(sim, pod);
        return;
    }
    kp->stage = ST_VOLUMES;
    kp->init_next = kp->main_next = 0;
    kp->mount_backoff_ms = 0;
    set_sandbox_condition(sim, pod, false);
    sync_status(sim, pod);
    if (kp->stage != ST_VOLUMES) return; /* the status turned terminal */
    post_deadline(sim, pod);
    try_mount(sim, pod);
}

/* Back after a partition: a deletion the kubelet missed. */
static void resume_pod(podsim_sim *sim, podsim_id pod) {
    const podsim_pod *p = pod_of(sim, pod);
    kpod *kp = kpod_of(sim, pod);
    if (kp->stage >= ST_DONE || p->meta.deletion_timestamp == PODSIM_NO_TIME) {
        return;
    }
    int64_t grace = p->meta.deletion_grace_period_seconds.set
                        ? p->meta.deletion_grace_period_seconds.value
                        : p->spec.termination_grace_period_seconds;
    if (grace < 0) grace = 0;
    start_termination(sim, pod, sim->now + grace * 1000, true);
}

static void request_status_sync(podsim_sim *sim, podsim_id node);

/* The kubelet runs again on its node. */
static void resume(podsim_sim *sim, podsim_id node) {
    sim_node_state *st = sim_node(sim, node);
    knode *kn = knode_of(sim, node);
    if (!kn) return;
    bool reboot = st->was_off;
    st->was_off = false;
    kn->paused = false;
    int64_t off_at = kn->off_at >= 0 ? kn->off_at : sim->now;
    kn->off_at = -1;
    /* the timers held meanwhile: after a partition they run now, in the
       order they came due; after a power-off nothing of them is left */
    vec held = kn->deferred;
    vec_init(&kn->deferred, sizeof(sim_entry));
    for (size_t i = 0; !reboot && i < held.len; i++) {
        const sim_entry *e = vec_at(&held, i);
        sim_post(sim, sim->now, MOD_KUBELET, e->op, e->a, e->b, e->gen);
    }
    vec_release(&held);
    size_t n = node_pods(sim, node);
    for (size_t i = 0; i < n; i++) {
        podsim_id pod = node_pod(sim, node, i);
        const podsim_pod *p = pod_of(sim, pod);
        kpod *kp = kpod_of(sim, pod);
        if (!kp || p->node != node) continue;
        if (kp->stage == ST_NONE) {
            if (phase_terminal(p)) continue;
            take_pod(sim, pod);
            kp = kpod_of(sim, pod);
            /* a running pod never seen before ran on the machine that
               went off */
            if (reboot && kp->stage == ST_MAIN) reboot_pod(sim, pod, off_at);
            continue;
        }
        if (reboot) {
            reboot_pod(sim, pod, off_at);
        } else {
            resume_pod(sim, pod);
        }
    }
    if (!reboot) request_status_sync(sim, node);
}

/* The runtime is back: what waited for it starts, in the order SyncPod
   starts it. */
static void unpark(podsim_sim *sim, podsim_id node) {
    knode *kn = knode_of(sim, node);
    if (!kn) return;
    kn->parked = false;
    size_t n = node_pods(sim, node);
    for (size_t i = 0; i < n; i++) {
        podsim_id pod = node_pod(sim, node, i);
        kpod *kp = kpod_of(sim, pod);
        if (!kp || !kp->parked) continue;
        kp->parked = kp->net_event = false;
        if (kp->stage == ST_VOLUMES) {
            try_mount(sim, pod);
            continue;
        }
        for (int idx = 0; idx < kp->nctr; idx++) {
            kctr *c = &kp->ctr[idx];
            if (!c->parked) continue;
            c->parked = false;
            /* a sidecar restarting beside running containers */
            if (idx < kp->ninit && kp->stage == ST_MAIN &&
                c->phase == KC_IDLE) {
                begin_start(sim, pod, idx, false);
            }
        }
        if (kp->stage == ST_INIT) {
            start_init_next(sim, pod);
        } else if (kp->stage == ST_MAIN) {
            kp->main_next = 0;
            start_next_main(sim, pod);
        }
    }
}

/* ---- graceful node shutdown ---------------------------------------------- */

/* migrateConfig: regular pods get shutdownGracePeriod minus the critical
   pods' part, critical pods (priority >= SystemCriticalPriority) that
   part; whole seconds (ShutdownGracePeriodSeconds). */
static int64_t group_budget_ms(const podsim_sim *sim, int group) {
    int64_t critical = sim->nl.shutdown_grace_period_critical_pods_ms;
    int64_t ms =
        group == 1 ? sim->nl.shutdown_grace_period_ms - critical : critical;
    return ms < 0 ? 0 : ms / 1000 * 1000;
}

/* The shutdown manager's kill: the pod worker terminates the pod with
   the smaller of the group's budget and the pod's own grace period; the
   status function makes it Failed (unless it Succeeded) with reason
   Terminated and DisruptionTarget/TerminationByKubelet
   (nodeshutdown_manager.go killPods). The pod is not deleted. */
static void shutdown_kill(podsim_sim *sim, podsim_id pod, int group) {
    static const char message[] =
        "Pod was terminated in response to imminent node shutdown.";
    const podsim_pod *p = pod_of(sim, pod);
    kpod *kp = kpod_of(sim, pod);
    int64_t grace = p->spec.termination_grace_period_seconds * 1000;
    int64_t budget = group_budget_ms(sim, group);
    if (grace > budget) grace = budget;
    kp->shutdown_group = (uint8_t)group;
    report_pod_deleted_by(sim, pod, "NodeShutdown");
    podsim_phase phase =
        p->status.has_phase && p->status.phase == PODSIM_PHASE_SUCCEEDED
            ? PODSIM_PHASE_SUCCEEDED
            : PODSIM_PHASE_FAILED;
    podsim_pod *mp = sim_pod_mut(sim, pod);
    if (!mp) return;
    mp->status.reason = "Terminated";
    mp->status.message = message;
    sim_pod_set_condition(sim, pod, "DisruptionTarget", "True",
                          "TerminationByKubelet", message);
    write_status(sim, pod, phase);
    if (!kp->released) {
        kp->released = true;
        sim_release_pod(sim, pod);
    }
    start_termination(sim, pod, sim->now + grace, false);
}

/* Kill the pods of `group` and wait for them (up to the group's budget),
   skipping groups with no pod. */
static void shutdown_group(podsim_sim *sim, podsim_id node, int group) {
    for (; group <= 2; group++) {
        knode *kn = knode_of(sim, node);
        if (!kn) return;
        kn->shutdown_stage = (uint8_t)group;
        kn->shutdown_left = 0;
        size_t n = node_pods(sim, node);
        /* count first: a pod with nothing running finishes at once */
        for (int pass = 0; pass < 2; pass++) {
            for (size_t i = 0; i < n; i++) {
                podsim_id pod = node_pod(sim, node, i);
                const podsim_pod *p = pod_of(sim, pod);
                kpod *kp = kpod_of(sim, pod);
                if (!kp || p->node != node || kp->stage < ST_VOLUMES ||
                    kp->stage >= ST_DONE || kp->shutdown_group) {
                    continue;
                }
                bool critical = pod_priority(p) >= CRITICAL_PRIORITY;
                if (critical != (group == 2)) continue;
                if (pass == 0) {
                    knode_of(sim, node)->shutdown_left++;
                } else {
                    shutdown_kill(sim, pod, group);
                }
            }
            if (pass == 0 && knode_of(sim, node)->shutdown_left == 0) break;
        }
        kn = knode_of(sim, node);
        if (kn->shutdown_left > 0) {
            sim_post(sim, sim->now + group_budget_ms(sim, group), MOD_KUBELET,
                     OP_SHUTDOWN_GROUP, node, group, kn->shutdown_gen);
            return;
        }
    }
    knode_of(sim, node)->shutdown_stage = 3;
}

static void shutdown_start(podsim_sim *sim, podsim_id node) {
    knode *kn = knode_of(sim, node);
    if (!kn) return;
    kn->shutting_down = true;
    kn->shutdown_gen++;
    sim_event(sim, "Normal", "NodeShutdown", PODSIM_KIND_NODE, node, NULL,
              "kubelet", "Shutdown manager detected shutdown event");
    /* the machine goes off when the inhibit delay (shutdownGracePeriod)
       is over */
    sim_post(sim, sim->now + sim->nl.shutdown_grace_period_ms, MOD_KUBELET,
             OP_POWER_OFF, node, 0, kn->shutdown_gen);
    shutdown_group(sim, node, 1);
}

/* A pod the shutdown manager killed is finished: its group may be done. */
static void shutdown_pod_done(podsim_sim *sim, podsim_id pod) {
    kpod *kp = kpod_of(sim, pod);
    if (!kp->shutdown_group) return;
    int group = kp->shutdown_group;
    kp->shutdown_group = 0;
    podsim_id node = node_id(sim, pod_of(sim, pod));
    knode *kn = knode_of(sim, node);
    if (!kn || !kn->shutting_down || kn->shutdown_stage != group) return;
    if (--kn->shutdown_left == 0) {
        sim_post(sim, sim->now, MOD_KUBELET, OP_SHUTDOWN_GROUP, node, group,
                 kn->shutdown_gen);
    }
}

/* OP_ADMIT: the pod is still not the kubelet's. */
static void admit_later(podsim_sim *sim, podsim_id pod) {
    const podsim_pod *p = pod_of(sim, pod);
    kpod *kp = kpod_of(sim, pod);
    if (!kp || kp->stage != ST_NONE || phase_terminal(p)) return;
    podsim_id node = node_id(sim, p);
    if (sim_node(sim, node)->health == NODE_SHUTTING_DOWN) {
        reject_pod(sim, pod);
    } else {
        take_pod(sim, pod);
    }
}

static void handle_shutdown(podsim_sim *sim, const sim_entry *e, int op) {
    knode *kn = knode_of(sim, e->a);
    if (!kn || !kn->shutting_down || kn->shutdown_gen != e->gen) return;
    if (op == OP_POWER_OFF) {
        sim_node_set_health(sim, e->a, NODE_OFF);
    } else if (kn->shutdown_stage == e->b) {
        shutdown_group(sim, e->a, e->b + 1);
    }
}

/* ---- the status manager's reconcile ------------------------------------ */

/* syncBatch(all) runs on a 10 s ticker; podsim puts its ticks on the
   simulation's 10 s grid (k x 10 s), the kubelet's start being unknown,
   and syncs a node's pods at the first tick after a need arose. */
static void request_status_sync(podsim_sim *sim, podsim_id node) {
    knode *kn = knode_of(sim, node);
    if (!kn || kn->sync_at > sim->now) return;
    kn->sync_at =
        (sim->now / STATUS_SYNC_PERIOD_MS + 1) * STATUS_SYNC_PERIOD_MS;
    sim_post(sim, kn->sync_at, MOD_KUBELET, OP_STATUS_SYNC, node, 0, 0);
}

/* needsReconcile: the API's kubelet-owned conditions differ from the
   kubelet's; the status is written again (write_status only records what
   differs). */
static void status_sync(podsim_sim *sim, podsim_id node) {
    if (node_silent(sim, node)) return; /* the return asks again */
    size_t n = node_pods(sim, node);
    for (size_t i = 0; i < n; i++) {
        podsim_id pod = node_pod(sim, node, i);
        const podsim_pod *p = pod_of(sim, pod);
        kpod *kp = kpod_of(sim, pod);
        if (!kp || p->node != node || kp->stage < ST_VOLUMES ||
            kp->stage >= ST_DONE) {
            continue;
        }
        if (kp->stage == ST_TERMINATING) {
            write_status(sim, pod, p->status.phase);
        } else {
            sync_status(sim, pod);
        }
    }
}

/* Someone else set Ready False (MarkPodsNotReady) while the containers
   the kubelet runs are ready. */
static bool ready_overwritten(const podsim_pod *p) {
    const char *ready = NULL, *containers = NULL;
    for (size_t i = 0; i < p->status.condition_count; i++) {
        const podsim_condition *c = &p->status.conditions[i];
        if (strcmp(c->type, "Ready") == 0) ready = c->status;
        if (strcmp(c->type, "ContainersReady") == 0) containers = c->status;
    }
    return ready && containers && strcmp(ready, "False") == 0 &&
           strcmp(containers, "True") == 0;
}

/* ---- node entry points ------------------------------------------------- */

static void node_health_changed(podsim_sim *sim, podsim_id node) {
    const sim_node_state *st = sim_node(sim, node);
    knode *kn = knode_of(sim, node);
    if (!kn) return;
    if (st->health != NODE_SHUTTING_DOWN && kn->shutting_down) {
        /* the shutdown ended (power off) or was cancelled */
        kn->shutting_down = false;
        kn->shutdown_gen++;
    }
    if (!sim_node_kubelet_alive(st)) {
        kn->paused = true;
        if (st->health == NODE_OFF && kn->off_at < 0) kn->off_at = sim->now;
        return;
    }
    if (kn->paused || st->was_off) resume(sim, node);
    kn = knode_of(sim, node);
    if (st->health == NODE_SHUTTING_DOWN && !kn->shutting_down) {
        shutdown_start(sim, node);
    }
    kn = knode_of(sim, node);
    if (st->health != NODE_NOT_READY && kn->parked) unpark(sim, node);
}

static void kubelet_on_node(podsim_sim *sim, podsim_id node, unsigned what) {
    if (what & WATCH_NODE_HEALTH) node_health_changed(sim, node);
    if (what & (WATCH_NODE_HEALTH | WATCH_NODE_TAINTS | WATCH_NODE_DELETED)) {
        ad_node_changed(sim, state_of(sim)->ad, node);
    }
}

void kubelet_volume_attachable(podsim_sim *sim, podsim_id pod) {
    kpod *kp = kpod_of(sim, pod);
    if (!kp || kp->stage != ST_VOLUMES || !kp->mount_wait) return;
    kp->mount_wait = false;
    sim_post(sim, sim->now, MOD_KUBELET, OP_MOUNT, pod, 0, kp->gen);
}

static void kubelet_on_pod(podsim_sim *sim, podsim_id pod, unsigned what) {
    const podsim_pod *p = pod_of(sim, pod);
    if (!p) return;
    if (what & WATCH_REMOVED) {
        ad_pod_released(sim, state_of(sim)->ad, pod);
        forget(sim, pod);
        return;
    }
    kpod *kp = kpod_of(sim, pod);
    bool mine = kp && kp->stage != ST_NONE;
    if (!mine && (what & (WATCH_CREATED | WATCH_BOUND)) && !p->removed &&
        p->spec.node_name[0] && !phase_terminal(p)) {
        take_pod(sim, pod);
        return;
    }
    if (!mine) return;
    podsim_id node = node_id(sim, p);
    /* a silent kubelet sees nothing: it catches up when it returns */
    if (node_silent(sim, node)) return;
    if (what & WATCH_DELETING) {
        on_deleting(sim, pod);
        return;
    }
    if (!(what & WATCH_STATUS) || kp->stage < ST_VOLUMES ||
        kp->stage >= ST_TERMINATING) {
        return;
    }
    if (p->spec.readiness_gates.count) {
        /* a readiness gate's condition written by someone else */
        sync_status(sim, pod);
    } else if (ready_overwritten(p)) {
        request_status_sync(sim, node);
    }
}

static bool ctr_entry_valid(podsim_sim *sim, const sim_entry *e, kpod **kp) {
    *kp = kpod_of(sim, e->a);
    if (!*kp || !(*kp)->ctr || e->b < 0) return false;
    int idx = e->b;
    return idx < (*kp)->nctr && (*kp)->ctr[idx].gen == e->gen;
}

static void handle_probe(podsim_sim *sim, const sim_entry *e, int op) {
    kpod *kp = kpod_of(sim, e->a);
    if (!kp || !kp->ctr || e->b < 0) return;
    int idx = e->b / 3, type = e->b % 3;
    if (idx >= kp->nctr) return;
    kctr *c = &kp->ctr[idx];
    kprobe *w = &c->probe[type];
    if (!w->active) return;
    if (op == OP_PROBE_NOW) {
        uint32_t gen = w->gen;
        w->manual = false;
        if ((uint32_t)c->instance == e->gen) probe_run(sim, e->a, idx, type);
        /* the tick waiting meanwhile may be idle now */
        if (w->active && w->gen == gen) {
            w->gen++;
            post_tick(sim, e->a, idx, type);
        }
        return;
    }
    if (w->gen != e->gen) return;
    const podsim_probe *pr = probe_spec(spec_of(pod_of(sim, e->a), idx), type);
    int64_t period = period_ms(pr);
    w->next_tick += period;
    /* a tick held while the kubelet was silent: the ticker drops the
       ones it missed (time.Ticker) */
    if (w->next_tick <= sim->now) {
        w->next_tick += ((sim->now - w->next_tick) / period + 1) * period;
    }
    probe_run(sim, e->a, idx, type);
    /* the run may have stopped the worker or re-armed it (then the next
       tick is posted already) */
    if (!w->active || w->gen != e->gen) return;
    post_tick(sim, e->a, idx, type);
}

static void handle_pod_op(podsim_sim *sim, const sim_entry *e, int op) {
    kpod *kp = kpod_of(sim, e->a);
    if (!kp || kp->gen != e->gen) return;
    switch (op) {
    case OP_MOUNT:
        if (kp->stage == ST_VOLUMES) try_mount(sim, e->a);
        break;
    case OP_VOLUMES_DONE:
        if (kp->stage == ST_VOLUMES) volumes_done(sim, e->a);
        break;
    case OP_SANDBOX_DONE:
        if (kp->stage == ST_SANDBOX) sandbox_done(sim, e->a);
        break;
    case OP_DEADLINE: deadline_exceeded(sim, e->a); break;
    default: break;
    }
}

static void handle_ctr_op(podsim_sim *sim, const sim_entry *e, int op) {
    kpod *kp = NULL;
    if (!ctr_entry_valid(sim, e, &kp)) return;
    podsim_id pod = e->a;
    int idx = e->b;
    kctr *c = &kp->ctr[idx];
    switch (op) {
    case OP_PULL_DONE:
        if (c->phase == KC_PULLING) pull_done(sim, pod, idx);
        break;
    case OP_CREATED:
        if (c->phase == KC_CREATING) container_started(sim, pod, idx);
        break;
    case OP_EXIT:
        if (c->phase == KC_RUNNING) {
            container_exited(sim, pod, idx, c->exit_code, c->exit_why);
        }
        break;
    case OP_RETRY:
        if (c->phase != KC_RETRY || kp->stage >= ST_TERMINATING) break;
        if (c->retry_kind == RETRY_CRASH) crash_next(sim, c, c->finished);
        begin_start(sim, pod, idx, false);
        break;
    case OP_SHOW_BACKOFF:
        if (c->phase == KC_RETRY && sim->now < c->retry_at) {
            const char *image = spec_of(pod_of(sim, pod), idx)->image;
            show_image_backoff(sim, pod, idx, image_entry(kp, image));
        }
        break;
    case OP_STOPPED:
        if (c->phase == KC_STOPPING) {
            /* the behaviour's exit after SIGTERM: a graceful handler's 0,
               or 143 for a process the signal ends */
            bool ruled = false;
            const podsim_behavior *b =
                behavior_of(sim, pod_of(sim, pod), idx, &ruled);
            int32_t code = b->sigterm_exit_code;
            container_exited(sim, pod, idx, code,
                             code == 0 ? "Completed" : "Error");
        }
        break;
    case OP_SIGKILL:
        if (c->phase == KC_STOPPING) {
            container_exited(sim, pod, idx, 137, "Error");
        }
        break;
    default: break;
    }
}

static void kubelet_handle(podsim_sim *sim, const sim_entry *e) {
    int op = e->op & ~SIM_PERIODIC;
    switch (op) {
    case OP_STATUS_SYNC: status_sync(sim, e->a); return;
    case OP_SHUTDOWN_GROUP:
    case OP_POWER_OFF: handle_shutdown(sim, e, op); return;
    case AD_OP_DETACH: ad_handle(sim, state_of(sim)->ad, e); return;
    default: break;
    }
    const podsim_pod *p = pod_of(sim, e->a);
    if (!p || p->removed) return;
    podsim_id node = node_id(sim, p);
    if (node_silent(sim, node)) {
        defer(sim, node, e);
        return;
    }
    switch (op) {
    case OP_ADMIT: admit_later(sim, e->a); break;
    case OP_MOUNT:
    case OP_VOLUMES_DONE:
    case OP_SANDBOX_DONE:
    case OP_DEADLINE: handle_pod_op(sim, e, op); break;
    case OP_PROBE_TICK:
    case OP_PROBE_NOW: handle_probe(sim, e, op); break;
    default: handle_ctr_op(sim, e, op); break;
    }
}

const sim_module_ops sim_kubelet_ops = {kubelet_create, kubelet_destroy,
                                        kubelet_fork,   kubelet_handle,
                                        kubelet_on_pod, NULL,
                                        kubelet_memory, kubelet_on_node};
