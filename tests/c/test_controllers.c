/*
 * test_controllers.c - the workload controllers of a simulation
 * (core/src/controllers.c, replicaset.c, deployment.c, statefulset.c,
 * daemonset.c, job.c).
 *
 * First the arithmetic as pure functions (IntOrString scaling, the
 * rolling-update fenceposts of deploymentutil, NewRSNewReplicas, the
 * scale-down budget of reconcileOldReplicaSets, the Job's pod-failure
 * back-off, SafeEncodeString, the template hash, ActivePodsWithRanks),
 * then end-to-end runs with the scheduler and the kubelet on exact timing
 * (PODSIM_TIMING_EXACT, sandbox 1 s, container start 200 ms, images
 * cached on the nodes), whose expected instants are derived from the
 * upstream rules in the comments, not read off podsim.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "controllers.h"
#include "match.h"
#include "podsim.h"

/* ------------------------------------------------------------------ */
/* Fixtures                                                             */
/* ------------------------------------------------------------------ */

/* Three nodes with the images cached, so that a pod starts at creation +
   1.2 s (sandbox 1 s, container start 200 ms). */
#define NODE(name, zone, extra)                                              \
    "- apiVersion: v1\n"                                                     \
    "  kind: Node\n"                                                         \
    "  metadata:\n"                                                          \
    "    name: " name                                                        \
    "\n"                                                                     \
    "    creationTimestamp: \"2026-01-01T00:00:00Z\"\n"                      \
    "    labels: {kubernetes.io/hostname: " name                             \
    ", topology.kubernetes.io/zone: " zone "}\n" extra                       \
    "  status:\n"                                                            \
    "    allocatable: {cpu: \"4\", memory: 16Gi, pods: \"110\"}\n"           \
    "    capacity: {cpu: \"4\", memory: 16Gi, pods: \"110\"}\n"              \
    "    conditions: [{type: Ready, status: \"True\"}]\n"                    \
    "    images:\n"                                                          \
    "    - {names: [\"docker.io/library/busybox:1.36\", \"busybox:1.36\"], " \
    "sizeBytes: 2160000}\n"                                                  \
    "    - {names: [\"registry.k8s.io/pause:3.10\"], sizeBytes: 320000}\n"

static const char NODES[] =
    "apiVersion: v1\nkind: List\nitems:\n" NODE("node-a", "zone-a", "")
        NODE("node-b", "zone-b", "") NODE("node-c", "zone-c", "");

static const char NODES_TAINTED[] =
    "apiVersion: v1\nkind: List\nitems:\n" NODE("node-a", "zone-a", "")
        NODE("node-b", "zone-b", "")
            NODE("node-c", "zone-c",
                 "  spec:\n"
                 "    taints: [{key: dedicated, value: infra, effect: "
                 "NoSchedule}]\n");

typedef struct world {
    podsim_cluster *cluster;
    podsim_sim *sim;
} world;

static void check(podsim_sim *sim, podsim_status s) {
    if (s != PODSIM_OK) {
        fail_msg("podsim: %s (%s)", podsim_status_str(s),
                 sim ? podsim_sim_error(sim)->message : "");
    }
}

/* A simulation of `nodes` plus `loaded` (may be NULL) at `version`. */
static world start(const char *nodes, const char *loaded, const char *version) {
    world w = {NULL, NULL};
    assert_int_equal(podsim_cluster_new(NULL, &w.cluster), PODSIM_OK);
    assert_int_equal(podsim_cluster_load_string(w.cluster, nodes, strlen(nodes),
                                                "nodes", NULL),
                     PODSIM_OK);
    if (loaded) {
        podsim_status s = podsim_cluster_load_string(
            w.cluster, loaded, strlen(loaded), "loaded", NULL);
        if (s) fail_msg("load: %s", podsim_cluster_error(w.cluster)->message);
    }
    podsim_timing timing = PODSIM_TIMING_INIT;
    timing.flags = PODSIM_TIMING_EXACT;
    timing.sandbox_ms = 1000;
    timing.container_start_ms = 200;
    podsim_sim_options o = PODSIM_SIM_OPTIONS_INIT;
    o.seed = 42;
    o.timing = &timing;
    o.kubernetes_version = version;
    assert_int_equal(podsim_sim_new(w.cluster, &o, &w.sim), PODSIM_OK);
    return w;
}

static void stop(world *w) {
    podsim_sim_free(w->sim);
    podsim_cluster_free(w->cluster);
}

static void apply(world *w, const char *yaml, int64_t at) {
    check(w->sim,
          podsim_sim_apply_string(w->sim, yaml, strlen(yaml), "test", at));
}

static void run_until(world *w, int64_t t) {
    check(w->sim, podsim_sim_run_until(w->sim, t));
}

static void behave(world *w, const char *pod, podsim_run_kind run,
                   int64_t after_ms, int32_t exit_code) {
    podsim_behavior b = PODSIM_BEHAVIOR_INIT;
    b.run = run;
    b.run_ms = after_ms;
    b.exit_code = exit_code;
    check(w->sim, podsim_sim_set_behavior(w->sim, pod, "*", &b));
}

static bool starts_with(const char *s, const char *prefix) {
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* The n-th event (0-based) with this reason on an object whose name
   starts with `object`; NULL when there is none. */
static const podsim_sim_event *nth_event(world *w, const char *reason,
                                         const char *object, size_t n) {
    size_t count = podsim_sim_event_count(w->sim);
    for (size_t i = 0; i < count; i++) {
        const podsim_sim_event *e = podsim_sim_event_get(w->sim, i);
        if (strcmp(e->reason, reason) == 0 && starts_with(e->name, object)) {
            if (n-- == 0) return e;
        }
    }
    return NULL;
}

static size_t count_events(world *w, const char *reason, const char *object) {
    size_t n = 0;
    while (nth_event(w, reason, object, n)) n++;
    return n;
}

static int64_t event_time(world *w, const char *reason, const char *object,
                          size_t n) {
    const podsim_sim_event *e = nth_event(w, reason, object, n);
    if (!e) fail_msg("no event %s #%zu on %s", reason, n, object);
    return e->time;
}

/* The last logged value of a workload field ("" when never logged) and
   when it was logged. */
static const char *last_change(world *w, const char *name, const char *field,
                               int64_t *at) {
    const char *value = "";
    size_t count = podsim_sim_change_count(w->sim);
    for (size_t i = 0; i < count; i++) {
        const podsim_sim_change *c = podsim_sim_change_get(w->sim, i);
        if (strcmp(c->kind, "Pod") == 0 || strcmp(c->name, name) != 0 ||
            strcmp(c->field, field) != 0) {
            continue;
        }
        value = c->value;
        if (at) *at = c->time;
    }
    return value;
}

static int64_t since_start(world *w, int64_t model_ms) {
    return model_ms - podsim_sim_epoch_ms(w->sim);
}

static const podsim_pod *live_pod(world *w, const char *ns, const char *name) {
    podsim_id id;
    if (podsim_sim_find_pod(w->sim, ns, name, &id) != PODSIM_OK) return NULL;
    return podsim_cluster_pod(podsim_sim_cluster(w->sim), id);
}

static bool has_label(const podsim_pod *p, const char *key, const char *value) {
    const char *v = kvs_get(&p->meta.labels, key);
    return v && strcmp(v, value) == 0;
}

typedef struct census {
    int active;    /* not terminal, not terminating */
    int available; /* active and Ready */
    int total;     /* every object (terminating ones too) */
} census;

static census count_pods(world *w, const char *label, const char *value) {
    census c = {0, 0, 0};
    podsim_cluster *m = podsim_sim_cluster(w->sim);
    size_t n = podsim_cluster_count(m, PODSIM_KIND_POD);
    for (size_t i = 0; i < n; i++) {
        const podsim_pod *p = podsim_cluster_pod(m, (podsim_id)i);
        if (p->removed || !has_label(p, label, value)) continue;
        c.total++;
        if (!ctl_pod_active(p)) continue;
        c.active++;
        if (ctl_pod_ready(p)) c.available++;
    }
    return c;
}

/* ------------------------------------------------------------------ */
/* Arithmetic                                                           */
/* ------------------------------------------------------------------ */

static void controllers_scaled_value(void **state) {
    (void)state;
    int32_t v;
    assert_true(ctl_scaled_value("25%", 4, true, &v));
    assert_int_equal(v, 1);
    assert_true(ctl_scaled_value("25%", 3, true, &v));
    assert_int_equal(v, 1); /* ceil(0.75) */
    assert_true(ctl_scaled_value("25%", 3, false, &v));
    assert_int_equal(v, 0); /* floor(0.75) */
    assert_true(ctl_scaled_value("30%", 10, false, &v));
    assert_int_equal(v, 3);
    assert_true(ctl_scaled_value("2", 10, true, &v));
    assert_int_equal(v, 2);
    assert_true(ctl_scaled_value("100%", 7, false, &v));
    assert_int_equal(v, 7);
    assert_false(ctl_scaled_value("", 10, true, &v));
    assert_false(ctl_scaled_value("x%", 10, true, &v));
    assert_false(ctl_scaled_value("5%%", 10, true, &v));
}

static void controllers_fenceposts(void **state) {
    (void)state;
    int32_t surge, unavailable;
    /* the defaults on 4 replicas: one more, one fewer */
    ctl_resolve_fenceposts("25%", "25%", 4, &surge, &unavailable);
    assert_int_equal(surge, 1);
    assert_int_equal(unavailable, 1);
    /* on 1 replica: surge rounds up to 1, unavailable down to 0 */
    ctl_resolve_fenceposts("25%", "25%", 1, &surge, &unavailable);
    assert_int_equal(surge, 1);
    assert_int_equal(unavailable, 0);
    /* both 0 cannot progress: one may be unavailable */
    ctl_resolve_fenceposts("0", "0", 4, &surge, &unavailable);
    assert_int_equal(surge, 0);
    assert_int_equal(unavailable, 1);
    /* 10% of 5 = 0.5: surge 1, unavailable 0 (no fallback: surge > 0) */
    ctl_resolve_fenceposts("10%", "10%", 5, &surge, &unavailable);
    assert_int_equal(surge, 1);
    assert_int_equal(unavailable, 0);
    /* absent values are 0 */
    ctl_resolve_fenceposts("", "2", 4, &surge, &unavailable);
    assert_int_equal(surge, 0);
    assert_int_equal(unavailable, 2);
}

static void controllers_new_rs_new_replicas(void **state) {
    (void)state;
    /* replicas 3, surge 1: the new RS may reach 1 while 3 old run */
    assert_int_equal(ctl_new_rs_new_replicas(3, 1, 3, 0), 1);
    /* at the cap nothing moves */
    assert_int_equal(ctl_new_rs_new_replicas(3, 1, 4, 1), 1);
    /* never past the desired count */
    assert_int_equal(ctl_new_rs_new_replicas(3, 5, 0, 0), 3);
    assert_int_equal(ctl_new_rs_new_replicas(10, 3, 8, 2), 7);
    /* a fresh Deployment of 4 with 25% surge: 0 -> 4 at once */
    assert_int_equal(ctl_new_rs_new_replicas(4, 1, 0, 0), 4);
}

static void controllers_max_scaled_down(void **state) {
    (void)state;
    /* rolling.go's example: 10 replicas, maxUnavailable 2, maxSurge 3;
       13 pods, the new RS's 5 never become available: nothing goes */
    assert_int_equal(ctl_max_scaled_down(13, 10, 2, 5, 0), 0);
    /* after a rollback only 1 of the new RS is unavailable: 4 may go */
    assert_int_equal(ctl_max_scaled_down(13, 10, 2, 1, 0), 4);
    /* surge 1, unavailable 0 on 4: once the new pod is available */
    assert_int_equal(ctl_max_scaled_down(5, 4, 0, 1, 1), 1);
    assert_int_equal(ctl_max_scaled_down(5, 4, 0, 1, 0), 0);
}

static void controllers_job_backoff(void **state) {
    (void)state;
    int64_t s = 1000, max = 600 * s;
    assert_int_equal(ctl_job_backoff_ms(0, 10 * s, max), 0);
    assert_int_equal(ctl_job_backoff_ms(1, 10 * s, max), 10 * s);
    assert_int_equal(ctl_job_backoff_ms(2, 10 * s, max), 20 * s);
    assert_int_equal(ctl_job_backoff_ms(3, 10 * s, max), 40 * s);
    assert_int_equal(ctl_job_backoff_ms(6, 10 * s, max), 320 * s);
    assert_int_equal(ctl_job_backoff_ms(7, 10 * s, max), 600 * s);
    assert_int_equal(ctl_job_backoff_ms(30, 10 * s, max), 600 * s);
}

static void controllers_safe_encode(void **state) {
    (void)state;
    char out[16];
    /* "7c5ddbdf54" is SafeEncodeString("3718868910"): each digit's byte
       value modulo 27 picks a letter of bcdfghjklmnpqrstvwxz2456789 */
    ctl_safe_encode(3718868910u, out);
    assert_string_equal(out, "7c5ddbdf54");
    ctl_safe_encode(0, out);
    assert_string_equal(out, "4");
    ctl_safe_encode(123456789u, out);
    assert_string_equal(out, "56789bcdf");
}

/* Two decoded templates of a Deployment differing in `image`. */
static const podsim_pod *template_of(podsim_cluster *c, const char *name) {
    podsim_id id;
    assert_int_equal(
        podsim_cluster_find(c, PODSIM_KIND_DEPLOYMENT, "default", name, &id),
        PODSIM_OK);
    return podsim_cluster_workload(c, PODSIM_KIND_DEPLOYMENT, id)->template_pod;
}

static void controllers_template_hash(void **state) {
    (void)state;
    static const char yaml[] =
        "apiVersion: apps/v1\nkind: Deployment\n"
        "metadata: {name: a, namespace: default}\n"
        "spec:\n  selector: {matchLabels: {app: a}}\n  template:\n"
        "    metadata: {labels: {app: a, tier: web}}\n"
        "    spec: {containers: [{name: c, image: busybox:1.36}]}\n"
        "---\napiVersion: apps/v1\nkind: Deployment\n"
        "metadata: {name: b, namespace: default}\n"
        "spec:\n  selector: {matchLabels: {app: a}}\n  template:\n"
        "    metadata: {labels: {tier: web, app: a}}\n"
        "    spec: {containers: [{name: c, image: busybox:1.36}]}\n"
        "---\napiVersion: apps/v1\nkind: Deployment\n"
        "metadata: {name: c, namespace: default}\n"
        "spec:\n  selector: {matchLabels: {app: a}}\n  template:\n"
        "    metadata: {labels: {app: a, tier: web}}\n"
        "    spec: {containers: [{name: c, image: busybox:1.37}]}\n"
        "---\napiVersion: apps/v1\nkind: Deployment\n"
        "metadata: {name: d, namespace: default}\n"
        "spec:\n  selector: {matchLabels: {app: a}}\n  template:\n"
        "    metadata: {labels: {app: a, tier: web, pod-template-hash: x}}\n"
        "    spec: {containers: [{name: c, image: busybox:1.36}]}\n";
    podsim_cluster *c;
    assert_int_equal(podsim_cluster_new(NULL, &c), PODSIM_OK);
    assert_int_equal(
        podsim_cluster_load_string(c, yaml, strlen(yaml), "t", NULL),
        PODSIM_OK);
    uint32_t a = ctl_template_hash(template_of(c, "a"), NULL, 0);
    /* label order does not matter (a map) */
    assert_int_equal(a, ctl_template_hash(template_of(c, "b"), NULL, 0));
    /* any field does */
    assert_int_not_equal(a, ctl_template_hash(template_of(c, "c"), NULL, 0));
    /* EqualIgnoreHash */
    assert_int_not_equal(a, ctl_template_hash(template_of(c, "d"), NULL, 0));
    assert_int_equal(
        a, ctl_template_hash(template_of(c, "d"), "pod-template-hash", 0));
    /* a collision count gives another name */
    assert_int_not_equal(a, ctl_template_hash(template_of(c, "a"), NULL, 1));
    podsim_cluster_free(c);
}

/* A pod for ranking: bound or not, phase, Ready since `ready_at` (model
   ms, PODSIM_NO_TIME = not ready), restarts, created at `created`. */
typedef struct rank_pod {
    podsim_pod pod;
    podsim_condition ready;
    podsim_container_status status;
} rank_pod;

static void make_pod(rank_pod *r, const char *uid, const char *node,
                     podsim_phase phase, int64_t ready_at, int32_t restarts,
                     int64_t created) {
    memset(r, 0, sizeof(*r));
    r->pod.meta.name = uid;
    r->pod.meta.uid = uid;
    r->pod.meta.creation_timestamp = created;
    r->pod.meta.deletion_timestamp = PODSIM_NO_TIME;
    r->pod.spec.node_name = node;
    r->pod.node = PODSIM_NO_ID;
    r->pod.status.has_phase = true;
    r->pod.status.phase = phase;
    r->ready.type = "Ready";
    r->ready.status = ready_at == PODSIM_NO_TIME ? "False" : "True";
    r->ready.reason = r->ready.message = "";
    r->ready.last_transition_time = ready_at;
    r->pod.status.conditions = &r->ready;
    r->pod.status.condition_count = 1;
    r->status.name = "c";
    r->status.restart_count = restarts;
    r->pod.status.container_statuses = &r->status;
    r->pod.status.container_status_count = 1;
}

static void controllers_pod_ranking(void **state) {
    (void)state;
    const int64_t now = 1000000000; /* model ms */
    rank_pod a, b;
    /* 1. unassigned first */
    make_pod(&a, "a", "", PODSIM_PHASE_PENDING, PODSIM_NO_TIME, 0, now - 1000);
    make_pod(&b, "b", "n1", PODSIM_PHASE_RUNNING, now - 5000, 0, now - 9000);
    assert_true(ctl_pod_delete_before(&a.pod, 0, &b.pod, 0, now));
    assert_false(ctl_pod_delete_before(&b.pod, 0, &a.pod, 0, now));
    /* 2. Pending before Running */
    make_pod(&a, "a", "n1", PODSIM_PHASE_PENDING, PODSIM_NO_TIME, 0, now);
    make_pod(&b, "b", "n1", PODSIM_PHASE_RUNNING, PODSIM_NO_TIME, 0, now);
    assert_true(ctl_pod_delete_before(&a.pod, 0, &b.pod, 0, now));
    /* 3. not ready before ready */
    make_pod(&a, "a", "n1", PODSIM_PHASE_RUNNING, PODSIM_NO_TIME, 0, now);
    make_pod(&b, "b", "n1", PODSIM_PHASE_RUNNING, now - 5000, 0, now);
    assert_true(ctl_pod_delete_before(&a.pod, 0, &b.pod, 0, now));
    /* 5. doubled up (more related pods on the node) first */
    make_pod(&a, "a", "n1", PODSIM_PHASE_RUNNING, now - 5000, 0, now - 9000);
    make_pod(&b, "b", "n2", PODSIM_PHASE_RUNNING, now - 5000, 0, now - 9000);
    assert_true(ctl_pod_delete_before(&a.pod, 3, &b.pod, 1, now));
    assert_false(ctl_pod_delete_before(&a.pod, 1, &b.pod, 3, now));
    /* 6. ready for less time first (log2 buckets of the time since) */
    make_pod(&a, "a", "n1", PODSIM_PHASE_RUNNING, now - 2000, 0, now - 9000);
    make_pod(&b, "b", "n1", PODSIM_PHASE_RUNNING, now - 600000, 0, now - 9000);
    assert_true(ctl_pod_delete_before(&a.pod, 1, &b.pod, 1, now));
    /* 7. more restarts first */
    make_pod(&a, "a", "n1", PODSIM_PHASE_RUNNING, now - 600000, 4, now);
    make_pod(&b, "b", "n1", PODSIM_PHASE_RUNNING, now - 600000, 1, now);
    assert_true(ctl_pod_delete_before(&a.pod, 1, &b.pod, 1, now));
    /* 8. newer first; same bucket: the lower UID */
    make_pod(&a, "z", "n1", PODSIM_PHASE_RUNNING, PODSIM_NO_TIME, 0,
             now - 3000);
    make_pod(&b, "y", "n1", PODSIM_PHASE_RUNNING, PODSIM_NO_TIME, 0,
             now - 3600000);
    assert_true(ctl_pod_delete_before(&a.pod, 0, &b.pod, 0, now));
    make_pod(&a, "z", "n1", PODSIM_PHASE_RUNNING, PODSIM_NO_TIME, 0,
             now - 3000);
    make_pod(&b, "y", "n1", PODSIM_PHASE_RUNNING, PODSIM_NO_TIME, 0,
             now - 4000);
    assert_false(ctl_pod_delete_before(&a.pod, 0, &b.pod, 0, now));
    assert_true(ctl_pod_delete_before(&b.pod, 0, &a.pod, 0, now));
    /* the Job's ActivePods order: newer ready time first, no buckets */
    make_pod(&a, "a", "n1", PODSIM_PHASE_RUNNING, now - 3000, 0, now);
    make_pod(&b, "b", "n1", PODSIM_PHASE_RUNNING, now - 4000, 0, now);
    assert_true(ctl_active_pod_before(&a.pod, &b.pod));
    assert_false(ctl_active_pod_before(&b.pod, &a.pod));
}

static void controllers_pod_available(void **state) {
    (void)state;
    rank_pod a;
    /* Ready at 10.400 s: metav1.Time keeps 10 s; available once
       10 s + minReadySeconds lies strictly before now */
    make_pod(&a, "a", "n1", PODSIM_PHASE_RUNNING, 10400, 0, 0);
    assert_true(ctl_pod_available(&a.pod, 0, 10400));
    assert_false(ctl_pod_available(&a.pod, 5, 15000));
    assert_true(ctl_pod_available(&a.pod, 5, 15001));
    make_pod(&a, "a", "n1", PODSIM_PHASE_RUNNING, PODSIM_NO_TIME, 0, 0);
    assert_false(ctl_pod_available(&a.pod, 0, 99999));
    assert_int_equal(ctl_api_time(10999), 10000);
    assert_int_equal(ctl_api_time(-1), -1000);
}

/* ------------------------------------------------------------------ */
/* Job                                                                  */
/* ------------------------------------------------------------------ */

static const char JOB_CRASH[] =
    "apiVersion: batch/v1\nkind: Job\n"
    "metadata: {name: report, namespace: default}\n"
    "spec:\n  backoffLimit: 2\n  template:\n    spec:\n"
    "      restartPolicy: Never\n"
    "      containers: [{name: report, image: \"busybox:1.36\"}]\n";

/* Pods crash 5 s after they start (creation + 1.2 s). The controller syncs
   a Job 1 s after a pod event (syncJobBatchPeriod) and re-creates after
   10 s x 2^(failures-1) counted from the failed container's finishedAt at
   API precision (whole seconds):
     pod 1 created 0, fails 6.2 (6 s), synced 7.2, re-created 6 + 10 = 16
     pod 2 created 16, fails 22.2 (22 s), synced 23.2, re-created 22 + 20
     pod 3 created 42, fails 48.2, synced 49.2: 3 failures > backoffLimit
   2: the Job fails at 49.2 s. */
static void job_backoff_limit(world *w) {
    behave(w, "default/report-*", PODSIM_RUN_CRASH, 5000, 2);
    apply(w, JOB_CRASH, 0);
    run_until(w, 120000);
    assert_int_equal(count_events(w, "SuccessfulCreate", "report"), 3);
    assert_int_equal(event_time(w, "SuccessfulCreate", "report", 0), 0);
    assert_int_equal(event_time(w, "SuccessfulCreate", "report", 1), 16000);
    assert_int_equal(event_time(w, "SuccessfulCreate", "report", 2), 42000);
    const podsim_sim_event *e =
        nth_event(w, "BackoffLimitExceeded", "report", 0);
    assert_non_null(e);
    assert_int_equal(e->time, 49200);
    assert_string_equal(e->type, "Warning");
    assert_string_equal(e->kind, "Job");
    assert_string_equal(e->source, "job-controller");
    assert_string_equal(e->message,
                        "Job has reached the specified backoff limit");
    int64_t at = -1;
    assert_string_equal(last_change(w, "report", "failed", &at), "3");
    assert_int_equal(at, 49200);
    assert_string_equal(last_change(w, "report", "active", &at), "0");
    /* the failed pods stay (restartPolicy Never) */
    assert_int_equal(count_pods(w, "job-name", "report").total, 3);
}

static void job_fails_at_backoff_limit_v131(void **state) {
    (void)state;
    world w = start(NODES, NULL, "1.31");
    job_backoff_limit(&w);
    /* 1.31: FailureTarget first, then Failed once no pod is terminating
       (none is: the same sync) */
    podsim_id job;
    assert_int_equal(
        podsim_cluster_find(podsim_sim_cluster(w.sim), PODSIM_KIND_JOB,
                            "default", "report", &job),
        PODSIM_OK);
    size_t n;
    const ctl_condition *c = ctl_job_conditions(w.sim, job, &n);
    assert_int_equal(n, 2);
    assert_string_equal(c[0].type, "FailureTarget");
    assert_string_equal(c[0].reason, "BackoffLimitExceeded");
    assert_string_equal(c[1].type, "Failed");
    assert_string_equal(c[1].reason, "BackoffLimitExceeded");
    assert_int_equal(c[1].time, 49200);
    stop(&w);
}

static void job_fails_at_backoff_limit_v130(void **state) {
    (void)state;
    world w = start(NODES, NULL, "1.30");
    job_backoff_limit(&w);
    podsim_id job;
    assert_int_equal(
        podsim_cluster_find(podsim_sim_cluster(w.sim), PODSIM_KIND_JOB,
                            "default", "report", &job),
        PODSIM_OK);
    size_t n;
    const ctl_condition *c = ctl_job_conditions(w.sim, job, &n);
    assert_int_equal(n, 1); /* Failed at once */
    assert_string_equal(c[0].type, "Failed");
    stop(&w);
}

/* activeDeadlineSeconds 5 with a pod that runs for ever: at 5 s the Job
   is past its deadline and the pod is deleted (grace 30 s; busybox
   handles SIGTERM and exits after 500 ms, so it is terminal at 5.5 s).
   The DELETE's watch event queues a sync 1 s later (6 s), which finds no
   terminating pod: from 1.31 the Failed condition and its event come
   then, after FailureTarget at 5 s; 1.30 fails at 5 s. */
static void job_deadline(const char *version, int64_t failed_at) {
    static const char yaml[] =
        "apiVersion: batch/v1\nkind: Job\n"
        "metadata: {name: slow, namespace: default}\n"
        "spec:\n  activeDeadlineSeconds: 5\n  template:\n    spec:\n"
        "      restartPolicy: Never\n"
        "      containers: [{name: slow, image: \"busybox:1.36\"}]\n";
    world w = start(NODES, NULL, version);
    apply(&w, yaml, 0);
    run_until(&w, 30000);
    assert_int_equal(event_time(&w, "SuccessfulDelete", "slow", 0), 5000);
    const podsim_sim_event *e = nth_event(&w, "DeadlineExceeded", "slow", 0);
    assert_non_null(e);
    assert_int_equal(e->time, failed_at);
    assert_string_equal(e->message,
                        "Job was active longer than specified deadline");
    assert_string_equal(last_change(&w, "slow", "failed", NULL), "1");
    assert_int_equal(count_events(&w, "SuccessfulCreate", "slow"), 1);
    stop(&w);
}

static void job_active_deadline(void **state) {
    (void)state;
    job_deadline("1.31", 6000);
    job_deadline("1.30", 5000);
}

/* Indexed, completions 3, parallelism 2, pods exit 0 after 2 s: indexes 0
   and 1 start at 0 and succeed at 3.2 s; the sync 1 s later (4.2 s)
   creates index 2, which succeeds at 7.4 s; the Job completes at 8.4 s
   (1.31: SuccessCriteriaMet, then Complete in the same sync). */
static void job_indexed_completes(void **state) {
    (void)state;
    static const char yaml[] =
        "apiVersion: batch/v1\nkind: Job\n"
        "metadata: {name: idx, namespace: default}\n"
        "spec:\n  completions: 3\n  parallelism: 2\n"
        "  completionMode: Indexed\n  template:\n    spec:\n"
        "      restartPolicy: Never\n"
        "      containers: [{name: w, image: \"busybox:1.36\"}]\n";
    world w = start(NODES, NULL, "1.33");
    behave(&w, "default/idx-*", PODSIM_RUN_EXIT, 2000, 0);
    apply(&w, yaml, 0);
    run_until(&w, 30000);
    assert_int_equal(count_events(&w, "SuccessfulCreate", "idx"), 3);
    assert_int_equal(event_time(&w, "SuccessfulCreate", "idx", 1), 0);
    assert_int_equal(event_time(&w, "SuccessfulCreate", "idx", 2), 4200);
    const char *third =
        strstr(nth_event(&w, "SuccessfulCreate", "idx", 2)->message, "idx-2-");
    assert_non_null(third);
    const podsim_pod *p = live_pod(&w, "default", third);
    assert_non_null(p);
    assert_true(has_label(p, "batch.kubernetes.io/job-completion-index", "2"));
    assert_string_equal(p->spec.hostname, "idx-2");
    assert_int_equal(event_time(&w, "Completed", "idx", 0), 8400);
    assert_string_equal(last_change(&w, "idx", "succeeded", NULL), "3");
    podsim_id job;
    assert_int_equal(
        podsim_cluster_find(podsim_sim_cluster(w.sim), PODSIM_KIND_JOB,
                            "default", "idx", &job),
        PODSIM_OK);
    size_t n;
    const ctl_condition *c = ctl_job_conditions(w.sim, job, &n);
    assert_int_equal(n, 2);
    assert_string_equal(c[0].type, "SuccessCriteriaMet");
    assert_string_equal(c[1].type, "Complete");
    stop(&w);
}

/* completions unset (a work queue): parallelism pods run; once one
   succeeded and none is active the Job is complete. Both exit 0 at 3.2 s;
   the sync 1 s later completes it. */
static void job_work_queue(void **state) {
    (void)state;
    static const char yaml[] =
        "apiVersion: batch/v1\nkind: Job\n"
        "metadata: {name: queue, namespace: default}\n"
        "spec:\n  parallelism: 2\n  template:\n    spec:\n"
        "      restartPolicy: Never\n"
        "      containers: [{name: w, image: \"busybox:1.36\"}]\n";
    world w = start(NODES, NULL, "1.34");
    behave(&w, "default/queue-*", PODSIM_RUN_EXIT, 2000, 0);
    apply(&w, yaml, 0);
    run_until(&w, 30000);
    assert_int_equal(count_events(&w, "SuccessfulCreate", "queue"), 2);
    assert_int_equal(event_time(&w, "Completed", "queue", 0), 4200);
    assert_string_equal(last_change(&w, "queue", "succeeded", NULL), "2");
    assert_string_equal(last_change(&w, "queue", "failed", NULL), "");
    stop(&w);
}

/* The first change of a pod field to `value` on a pod whose name starts
   with `pod`; -1 when none. */
static int64_t pod_change_time(world *w, const char *pod, const char *field,
                               const char *value) {
    size_t count = podsim_sim_change_count(w->sim);
    for (size_t i = 0; i < count; i++) {
        const podsim_sim_change *c = podsim_sim_change_get(w->sim, i);
        if (strcmp(c->kind, "Pod") == 0 && starts_with(c->name, pod) &&
            strcmp(c->field, field) == 0 && strcmp(c->value, value) == 0) {
            return c->time;
        }
    }
    return -1;
}

static const ctl_condition *job_conditions(world *w, const char *name,
                                           size_t *n) {
    podsim_id job;
    assert_int_equal(
        podsim_cluster_find(podsim_sim_cluster(w->sim), PODSIM_KIND_JOB,
                            "default", name, &job),
        PODSIM_OK);
    return ctl_job_conditions(w->sim, job, n);
}

/* restartPolicy OnFailure: the pod never fails, its restarts count
   (pastBackoffLimitOnFailure: restarts >= backoffLimit). The Job reacts 1
   s after the pod event that made the count 2: FailureTarget and the
   deletion of the pod (1.31), or Failed at once (1.30). */
static void job_restart_policy_on_failure(void **state) {
    (void)state;
    static const char yaml[] =
        "apiVersion: batch/v1\nkind: Job\n"
        "metadata: {name: onf, namespace: default}\n"
        "spec:\n  backoffLimit: 2\n  template:\n    spec:\n"
        "      restartPolicy: OnFailure\n"
        "      containers: [{name: w, image: \"busybox:1.36\"}]\n";
    const char *versions[] = {"1.30", "1.31"};
    for (int v = 0; v < 2; v++) {
        world w = start(NODES, NULL, versions[v]);
        behave(&w, "default/onf-*", PODSIM_RUN_CRASH, 1000, 1);
        apply(&w, yaml, 0);
        run_until(&w, 120000);
        int64_t t = pod_change_time(&w, "onf-", "restarts", "2");
        assert_true(t > 0);
        assert_int_equal(count_events(&w, "SuccessfulCreate", "onf"), 1);
        assert_int_equal(event_time(&w, "SuccessfulDelete", "onf", 0),
                         t + 1000);
        size_t n;
        const ctl_condition *c = job_conditions(&w, "onf", &n);
        assert_true(n >= 1);
        assert_int_equal(c[0].time, t + 1000);
        assert_string_equal(c[0].type, v == 0 ? "Failed" : "FailureTarget");
        assert_string_equal(c[n - 1].type, "Failed");
        const podsim_sim_event *e =
            nth_event(&w, "BackoffLimitExceeded", "onf", 0);
        assert_non_null(e);
        assert_int_equal(e->time, c[n - 1].time);
        if (v == 0) assert_int_equal(e->time, t + 1000);
        stop(&w);
    }
}

/* kubectl delete of a running Job pod (grace 30 s; the container ignores
   SIGTERM, so it is killed at the end of the grace period).
   TerminatingOrFailed counts it failed on the sync 1 s after the DELETE
   and replaces it once the failure back-off (10 s from the DELETE:
   deletionTimestamp - grace) has passed, while it still terminates.
   Failed waits for the terminal phase: counted 1 s later, replaced 10 s
   after its finishedAt. */
static void job_replacement(const char *policy) {
    char yaml[512];
    snprintf(yaml, sizeof yaml,
             "apiVersion: batch/v1\nkind: Job\n"
             "metadata: {name: rp, namespace: default}\n"
             "spec:\n  podReplacementPolicy: %s\n  template:\n    spec:\n"
             "      restartPolicy: Never\n"
             "      containers: [{name: w, image: \"busybox:1.36\"}]\n",
             policy);
    world w = start(NODES, NULL, "1.34");
    podsim_behavior b = PODSIM_BEHAVIOR_INIT;
    b.handles_sigterm = false;
    check(w.sim, podsim_sim_set_behavior(w.sim, "default/rp-*", "*", &b));
    apply(&w, yaml, 0);
    run_until(&w, 5000);
    char name[64];
    snprintf(name, sizeof name, "%s",
             nth_event(&w, "SuccessfulCreate", "rp", 0)->message +
                 strlen("Created pod: "));
    check(w.sim,
          podsim_sim_delete_pod(w.sim, "default", name, 10000, -1, false));
    run_until(&w, 90000);
    int64_t terminal = pod_change_time(&w, name, "phase", "Failed");
    assert_true(terminal >= 40000);
    int64_t at = -1;
    assert_string_equal(last_change(&w, "rp", "failed", &at), "1");
    if (strcmp(policy, "Failed") == 0) {
        assert_int_equal(at, terminal + 1000);
        assert_int_equal(event_time(&w, "SuccessfulCreate", "rp", 1),
                         ctl_api_time(terminal) + 10000);
    } else {
        assert_int_equal(at, 11000);
        assert_int_equal(event_time(&w, "SuccessfulCreate", "rp", 1), 20000);
    }
    stop(&w);
}

static void job_pod_replacement_policy(void **state) {
    (void)state;
    job_replacement("TerminatingOrFailed");
    job_replacement("Failed");
}

/* ------------------------------------------------------------------ */
/* StatefulSet                                                          */
/* ------------------------------------------------------------------ */

static const char STS[] =
    "apiVersion: apps/v1\nkind: StatefulSet\n"
    "metadata: {name: db, namespace: default}\n"
    "spec:\n  replicas: 3\n  serviceName: db\n"
    "  selector: {matchLabels: {app: db}}\n"
    "  template:\n    metadata: {labels: {app: db}}\n"
    "    spec: {containers: [{name: db, image: \"busybox:1.36\"}]}\n";

/* OrderedReady without probes: a pod is Ready when its container starts,
   1.2 s after creation, and only then is the next ordinal created:
   db-0 at 0, db-1 at 1.2 s, db-2 at 2.4 s, all Ready at 3.6 s. */
static void statefulset_ordered_startup(void **state) {
    (void)state;
    world w = start(NODES, NULL, NULL);
    apply(&w, STS, 0);
    run_until(&w, 20000);
    const char *names[] = {"db-0", "db-1", "db-2"};
    const int64_t at[] = {0, 1200, 2400};
    for (int i = 0; i < 3; i++) {
        const podsim_sim_event *e =
            nth_event(&w, "SuccessfulCreate", "db", (size_t)i);
        assert_non_null(e);
        assert_int_equal(e->time, at[i]);
        char msg[128];
        snprintf(msg, sizeof msg, "create Pod %s in StatefulSet db successful",
                 names[i]);
        assert_string_equal(e->message, msg);
        assert_string_equal(e->source, "statefulset-controller");
        const podsim_pod *p = live_pod(&w, "default", names[i]);
        assert_non_null(p);
        assert_int_equal(since_start(&w, p->meta.creation_timestamp), at[i]);
        assert_true(
            has_label(p, "statefulset.kubernetes.io/pod-name", names[i]));
        char ix[16];
        snprintf(ix, sizeof ix, "%d", i);
        assert_true(has_label(p, "apps.kubernetes.io/pod-index", ix));
        assert_true(starts_with(
            kvs_get(&p->meta.labels, "controller-revision-hash"), "db-"));
        assert_string_equal(p->spec.hostname, names[i]);
        assert_string_equal(p->spec.subdomain, "db");
    }
    int64_t t;
    assert_string_equal(last_change(&w, "db", "readyReplicas", &t), "3");
    assert_int_equal(t, 3600);

    /* kubectl delete pod db-1 at 30 s: it terminates (SIGTERM handled,
       500 ms) and only when the object is gone, at 30.5 s, does the
       controller create db-1 again */
    check(w.sim,
          podsim_sim_delete_pod(w.sim, "default", "db-1", 30000, -1, false));
    run_until(&w, 30400);
    assert_int_equal(count_events(&w, "SuccessfulCreate", "db"), 3);
    run_until(&w, 40000);
    assert_int_equal(count_events(&w, "SuccessfulCreate", "db"), 4);
    assert_int_equal(event_time(&w, "SuccessfulCreate", "db", 3), 30500);
    assert_string_equal(nth_event(&w, "SuccessfulCreate", "db", 3)->message,
                        "create Pod db-1 in StatefulSet db successful");
    stop(&w);
}

/* Scale 3 -> 1 at 10 s: the highest ordinal first, the next only once the
   previous is gone (500 ms each). */
static void statefulset_scale_down(void **state) {
    (void)state;
    world w = start(NODES, NULL, NULL);
    apply(&w, STS, 0);
    run_until(&w, 9000);
    char one[sizeof STS + 8];
    snprintf(one, sizeof one, "%s", STS);
    char *r = strstr(one, "replicas: 3");
    r[10] = '1';
    apply(&w, one, 10000);
    run_until(&w, 20000);
    assert_string_equal(nth_event(&w, "SuccessfulDelete", "db", 0)->message,
                        "delete Pod db-2 in StatefulSet db successful");
    assert_int_equal(event_time(&w, "SuccessfulDelete", "db", 0), 10000);
    assert_string_equal(nth_event(&w, "SuccessfulDelete", "db", 1)->message,
                        "delete Pod db-1 in StatefulSet db successful");
    assert_int_equal(event_time(&w, "SuccessfulDelete", "db", 1), 10500);
    assert_null(live_pod(&w, "default", "db-1"));
    assert_non_null(live_pod(&w, "default", "db-0"));
    stop(&w);
}

/* Parallel: every ordinal at once. */
static void statefulset_parallel(void **state) {
    (void)state;
    world w = start(NODES, NULL, NULL);
    char yaml[sizeof STS + 64];
    snprintf(yaml, sizeof yaml, "%s  podManagementPolicy: Parallel\n", STS);
    apply(&w, yaml, 0);
    run_until(&w, 5000);
    assert_int_equal(count_events(&w, "SuccessfulCreate", "db"), 3);
    for (size_t i = 0; i < 3; i++) {
        assert_int_equal(event_time(&w, "SuccessfulCreate", "db", i), 0);
    }
    stop(&w);
}

/* A new template at 10 s: the highest ordinal at the old revision goes
   first, its replacement (new revision) comes when the old object is
   gone, and the next ordinal goes only when that one is Running and
   Ready. */
static void statefulset_rolling_update(void **state) {
    (void)state;
    world w = start(NODES, NULL, NULL);
    apply(&w, STS, 0);
    run_until(&w, 9000);
    const char *old_rev = kvs_get(&live_pod(&w, "default", "db-0")->meta.labels,
                                  "controller-revision-hash");
    char v2[sizeof STS + 32];
    snprintf(v2, sizeof v2, "%s", STS);
    strstr(v2, "1.36")[3] = '7';
    apply(&w, v2, 10000);
    run_until(&w, 40000);
    const char *order[] = {"db-2", "db-1", "db-0"};
    int64_t last = 0;
    for (size_t i = 0; i < 3; i++) {
        const podsim_sim_event *del =
            nth_event(&w, "SuccessfulDelete", "db", i);
        assert_non_null(del);
        char msg[96];
        snprintf(msg, sizeof msg, "delete Pod %s in StatefulSet db successful",
                 order[i]);
        assert_string_equal(del->message, msg);
        assert_true(del->time >= last);
        const podsim_sim_event *add =
            nth_event(&w, "SuccessfulCreate", "db", 3 + i);
        assert_non_null(add);
        snprintf(msg, sizeof msg, "create Pod %s in StatefulSet db successful",
                 order[i]);
        assert_string_equal(add->message, msg);
        assert_true(add->time > del->time);
        last = add->time;
    }
    assert_int_equal(event_time(&w, "SuccessfulDelete", "db", 0), 10000);
    const char *new_rev = kvs_get(&live_pod(&w, "default", "db-0")->meta.labels,
                                  "controller-revision-hash");
    assert_string_not_equal(old_rev, new_rev);
    for (size_t i = 0; i < 3; i++) {
        const podsim_pod *p = live_pod(&w, "default", order[i]);
        assert_true(has_label(p, "controller-revision-hash", new_rev));
        assert_true(ctl_pod_ready(p));
    }
    assert_string_equal(last_change(&w, "db", "updatedReplicas", NULL), "3");
    stop(&w);
}

/* ------------------------------------------------------------------ */
/* Deployment                                                           */
/* ------------------------------------------------------------------ */

#define DEPLOY(image, surge, unavailable)                                   \
    "apiVersion: apps/v1\nkind: Deployment\n"                               \
    "metadata: {name: web, namespace: default}\n"                           \
    "spec:\n  replicas: 4\n"                                                \
    "  selector: {matchLabels: {app: web}}\n"                               \
    "  strategy:\n    type: RollingUpdate\n"                                \
    "    rollingUpdate: {maxSurge: " surge ", maxUnavailable: " unavailable \
    "}\n"                                                                   \
    "  template:\n    metadata: {labels: {app: web}}\n"                     \
    "    spec:\n      containers:\n"                                        \
    "      - name: web\n        image: " image                              \
    "\n"                                                                    \
    "        readinessProbe: {tcpSocket: {port: 8080}, periodSeconds: 5}\n"

/* Roll `v2` over `v1` at 30 s and check, after every instant, that the
   active pods never exceed 4 + surge and the available never drop below
   4 - unavailable; both bounds are reached. */
static void rollout(const char *v1, const char *v2, int max_pods,
                    int min_available) {
    world w = start(NODES, NULL, NULL);
    podsim_behavior b = PODSIM_BEHAVIOR_INIT;
    b.ready_after_ms = 3000; /* readiness probes fail for 3 s */
    check(w.sim, podsim_sim_set_behavior(w.sim, "default/web-*", "*", &b));
    apply(&w, v1, 0);
    run_until(&w, 29999);
    census c = count_pods(&w, "app", "web");
    assert_int_equal(c.active, 4);
    assert_int_equal(c.available, 4);
    apply(&w, v2, 30000);
    int seen_max = 0, seen_min = 4;
    bool ran = true;
    while (ran && podsim_sim_now(w.sim) < 200000) {
        check(w.sim, podsim_sim_step(w.sim, &ran));
        c = count_pods(&w, "app", "web");
        if (c.active > seen_max) seen_max = c.active;
        if (c.available < seen_min) seen_min = c.available;
        assert_true(c.active <= max_pods);
        assert_true(c.available >= min_available);
    }
    assert_int_equal(seen_max, max_pods);
    assert_int_equal(seen_min, min_available);
    /* done: 4 available pods of the new template, the old ReplicaSet at 0 */
    c = count_pods(&w, "app", "web");
    assert_int_equal(c.active, 4);
    assert_int_equal(c.available, 4);
    /* the rollout starts at the apply: a new ReplicaSet scaled up (with
       surge) or the old one scaled down (without) */
    const podsim_sim_event *first =
        nth_event(&w, "ScalingReplicaSet", "web", 1);
    assert_non_null(first);
    assert_int_equal(first->time, 30000);
    assert_true(starts_with(first->message, "Scaled "));
    assert_string_equal(last_change(&w, "web", "updatedReplicas", NULL), "4");
    assert_string_equal(last_change(&w, "web", "availableReplicas", NULL), "4");
    stop(&w);
}

static void deployment_rollout_surge_1_unavailable_0(void **state) {
    (void)state;
    rollout(DEPLOY("registry.k8s.io/pause:3.10", "1", "0"),
            DEPLOY("busybox:1.36", "1", "0"), 5, 4);
}

static void deployment_rollout_surge_0_unavailable_1(void **state) {
    (void)state;
    rollout(DEPLOY("registry.k8s.io/pause:3.10", "0", "1"),
            DEPLOY("busybox:1.36", "0", "1"), 4, 3);
}

static void deployment_rollout_defaults(void **state) {
    (void)state;
    /* 25% of 4: one more, one fewer */
    rollout(DEPLOY("registry.k8s.io/pause:3.10", "25%", "25%"),
            DEPLOY("busybox:1.36", "25%", "25%"), 5, 3);
}

/* A new Deployment: one ReplicaSet "web-<hash>" owned by it, scaled from 0
   to 4 at once, with pod-template-hash on the ReplicaSet, its selector and
   its pods. */
static void deployment_creates_replica_set(void **state) {
    (void)state;
    world w = start(NODES, NULL, NULL);
    apply(&w, DEPLOY("busybox:1.36", "1", "0"), 0);
    run_until(&w, 10000);
    const podsim_sim_event *e = nth_event(&w, "ScalingReplicaSet", "web", 0);
    assert_non_null(e);
    assert_int_equal(e->time, 0);
    assert_string_equal(e->source, "deployment-controller");
    podsim_cluster *m = podsim_sim_cluster(w.sim);
    assert_int_equal(podsim_cluster_count(m, PODSIM_KIND_REPLICASET), 1);
    const podsim_workload *rs =
        podsim_cluster_workload(m, PODSIM_KIND_REPLICASET, 0);
    const char *hash = kvs_get(&rs->meta.labels, "pod-template-hash");
    assert_non_null(hash);
    char name[64], msg[128];
    snprintf(name, sizeof name, "web-%s", hash);
    assert_string_equal(rs->meta.name, name);
    snprintf(msg, sizeof msg, "Scaled up replica set %s from 0 to 4", name);
    assert_string_equal(e->message, msg);
    for (const char *s = hash; *s; s++) {
        assert_non_null(strchr("bcdfghjklmnpqrstvwxz2456789", *s));
    }
    assert_int_equal(rs->meta.owner_reference_count, 1);
    assert_string_equal(rs->meta.owner_references[0].kind, "Deployment");
    assert_true(rs->meta.owner_references[0].controller);
    assert_string_equal(
        kvs_get(&rs->selector->match_labels, "pod-template-hash"), hash);
    assert_int_equal(rs->replicas.value, 4);
    assert_int_equal(count_pods(&w, "pod-template-hash", hash).available, 4);
    assert_int_equal(count_events(&w, "SuccessfulCreate", name), 4);
    assert_string_equal(nth_event(&w, "SuccessfulCreate", name, 0)->source,
                        "replicaset-controller");
    /* re-applying the same template changes nothing */
    apply(&w, DEPLOY("busybox:1.36", "1", "0"), 12000);
    run_until(&w, 20000);
    assert_int_equal(podsim_cluster_count(m, PODSIM_KIND_REPLICASET), 1);
    assert_int_equal(count_events(&w, "ScalingReplicaSet", "web"), 1);
    stop(&w);
}

/* Recreate: every old pod is gone before the new ReplicaSet exists. */
static void deployment_recreate(void **state) {
    (void)state;
    static const char v1[] =
        "apiVersion: apps/v1\nkind: Deployment\n"
        "metadata: {name: app, namespace: default}\n"
        "spec:\n  replicas: 2\n  strategy: {type: Recreate}\n"
        "  selector: {matchLabels: {app: app}}\n"
        "  template:\n    metadata: {labels: {app: app}}\n"
        "    spec: {containers: [{name: c, image: \"busybox:1.36\"}]}\n";
    world w = start(NODES, NULL, NULL);
    apply(&w, v1, 0);
    run_until(&w, 10000);
    char v2[sizeof v1 + 8];
    snprintf(v2, sizeof v2, "%s", v1);
    strstr(v2, "1.36")[3] = '7'; /* busybox:1.37 */
    apply(&w, v2, 10000);
    run_until(&w, 30000);
    /* old scaled to 0 at 10 s; pods stop after 500 ms; the new RS is
       created when the last old pod is gone */
    const podsim_sim_event *down = nth_event(&w, "ScalingReplicaSet", "app", 1);
    assert_non_null(down);
    assert_int_equal(down->time, 10000);
    assert_true(starts_with(down->message, "Scaled down replica set app-"));
    const podsim_sim_event *up = nth_event(&w, "ScalingReplicaSet", "app", 2);
    assert_non_null(up);
    assert_int_equal(up->time, 10500);
    assert_true(strstr(up->message, "from 0 to 2") != NULL);
    assert_int_equal(count_pods(&w, "app", "app").available, 2);
    stop(&w);
}

/* Scaling 4 -> 6 mid-rollout spreads the 2 extra replicas over both
   ReplicaSets (proportional scaling) and the rollout still completes. */
static void deployment_scale(void **state) {
    (void)state;
    world w = start(NODES, NULL, NULL);
    apply(&w, DEPLOY("busybox:1.36", "1", "0"), 0);
    run_until(&w, 10000);
    static const char six[] =
        "apiVersion: apps/v1\nkind: Deployment\n"
        "metadata: {name: web, namespace: default}\n"
        "spec:\n  replicas: 6\n"
        "  selector: {matchLabels: {app: web}}\n"
        "  template:\n    metadata: {labels: {app: web}}\n"
        "    spec:\n      containers:\n"
        "      - {name: web, image: busybox:1.36}\n";
    apply(&w, six, 20000);
    run_until(&w, 40000);
    census c = count_pods(&w, "app", "web");
    assert_int_equal(c.active, 6);
    assert_int_equal(c.available, 6);
    assert_string_equal(last_change(&w, "web", "availableReplicas", NULL), "6");
    stop(&w);
}

/* ------------------------------------------------------------------ */
/* ReplicaSet                                                           */
/* ------------------------------------------------------------------ */

static const char RS[] =
    "apiVersion: apps/v1\nkind: ReplicaSet\n"
    "metadata: {name: front, namespace: default}\n"
    "spec:\n  replicas: 2\n  selector: {matchLabels: {app: front}}\n"
    "  template:\n    metadata: {labels: {app: front}}\n"
    "    spec: {containers: [{name: front, image: \"busybox:1.36\"}]}\n";

/* The deleted pod gets a deletionTimestamp at 10 s and is no longer
   active: the replacement is created in the same instant, while the old
   pod still terminates. */
static void replicaset_replaces_deleted_pod(void **state) {
    (void)state;
    world w = start(NODES, NULL, NULL);
    apply(&w, RS, 0);
    run_until(&w, 5000);
    assert_int_equal(count_events(&w, "SuccessfulCreate", "front"), 2);
    const char *victim =
        nth_event(&w, "SuccessfulCreate", "front", 0)->message +
        strlen("Created pod: ");
    char name[64];
    snprintf(name, sizeof name, "%s", victim);
    check(w.sim,
          podsim_sim_delete_pod(w.sim, "default", name, 10000, -1, false));
    run_until(&w, 10000);
    assert_int_equal(count_events(&w, "SuccessfulCreate", "front"), 3);
    assert_int_equal(event_time(&w, "SuccessfulCreate", "front", 2), 10000);
    census c = count_pods(&w, "app", "front");
    assert_int_equal(c.total, 3); /* the old one is terminating */
    assert_int_equal(c.active, 2);
    run_until(&w, 20000);
    c = count_pods(&w, "app", "front");
    assert_int_equal(c.total, 2);
    assert_int_equal(c.available, 2);
    assert_string_equal(last_change(&w, "front", "availableReplicas", NULL),
                        "2");
    stop(&w);
}

/* Scaling 3 -> 4 -> 3: the fourth pod, still Pending, goes first
   (ActivePodsWithRanks: unassigned or Pending before Running). */
static void replicaset_scale_down_prefers_pending(void **state) {
    (void)state;
    world w = start(NODES, NULL, NULL);
    char yaml[sizeof RS + 8];
    snprintf(yaml, sizeof yaml, "%s", RS);
    strstr(yaml, "replicas: 2")[10] = '3';
    apply(&w, yaml, 0);
    run_until(&w, 5000);
    strstr(yaml, "replicas: 3")[10] = '4';
    apply(&w, yaml, 6000);
    run_until(&w, 6000);
    assert_int_equal(count_events(&w, "SuccessfulCreate", "front"), 4);
    const char *newest =
        nth_event(&w, "SuccessfulCreate", "front", 3)->message +
        strlen("Created pod: ");
    strstr(yaml, "replicas: 4")[10] = '3';
    apply(&w, yaml, 6500);
    run_until(&w, 6500);
    const podsim_sim_event *del = nth_event(&w, "SuccessfulDelete", "front", 0);
    assert_non_null(del);
    assert_int_equal(del->time, 6500);
    char expect[96];
    snprintf(expect, sizeof expect, "Deleted pod: %s", newest);
    assert_string_equal(del->message, expect);
    run_until(&w, 10000);
    census c = count_pods(&w, "app", "front");
    assert_int_equal(c.active, 3);
    assert_int_equal(c.available, 3);
    stop(&w);
}

/* minReadySeconds 5: both pods are Ready at 1.2 s (lastTransitionTime 1 s
   at API precision); the sync then finds every replica ready and none
   available and requeues after 5 s: at 6.2 s, 1 s + 5 s lies before now,
   both are available. */
static void replicaset_min_ready_seconds(void **state) {
    (void)state;
    world w = start(NODES, NULL, NULL);
    static const char yaml[] =
        "apiVersion: apps/v1\nkind: ReplicaSet\n"
        "metadata: {name: front, namespace: default}\n"
        "spec:\n  replicas: 2\n  minReadySeconds: 5\n"
        "  selector: {matchLabels: {app: front}}\n"
        "  template:\n    metadata: {labels: {app: front}}\n"
        "    spec: {containers: [{name: front, image: \"busybox:1.36\"}]}\n";
    apply(&w, yaml, 0);
    run_until(&w, 20000);
    int64_t t;
    assert_string_equal(last_change(&w, "front", "readyReplicas", &t), "2");
    assert_int_equal(t, 1200);
    assert_string_equal(last_change(&w, "front", "availableReplicas", &t), "2");
    assert_int_equal(t, 6200);
    stop(&w);
}

/* ------------------------------------------------------------------ */
/* DaemonSet                                                            */
/* ------------------------------------------------------------------ */

static const char DS[] =
    "apiVersion: apps/v1\nkind: DaemonSet\n"
    "metadata: {name: agent, namespace: kube-system}\n"
    "spec:\n  selector: {matchLabels: {app: agent}}\n"
    "  template:\n    metadata: {labels: {app: agent}}\n"
    "    spec: {containers: [{name: agent, image: \"busybox:1.36\"}]}\n";

static void daemonset_one_pod_per_eligible_node(void **state) {
    (void)state;
    world w = start(NODES_TAINTED, NULL, NULL);
    apply(&w, DS, 0);
    run_until(&w, 10000);
    /* node-c's NoSchedule taint is not tolerated: two pods */
    assert_int_equal(count_events(&w, "SuccessfulCreate", "agent"), 2);
    assert_string_equal(nth_event(&w, "SuccessfulCreate", "agent", 0)->source,
                        "daemonset-controller");
    podsim_cluster *m = podsim_sim_cluster(w.sim);
    bool on[3] = {false, false, false};
    size_t n = podsim_cluster_count(m, PODSIM_KIND_POD);
    for (size_t i = 0; i < n; i++) {
        const podsim_pod *p = podsim_cluster_pod(m, (podsim_id)i);
        if (!has_label(p, "app", "agent")) continue;
        /* the node is chosen through required node affinity, and the
           default scheduler binds it there */
        const podsim_node_selector *req =
            p->spec.affinity->node_affinity->required;
        assert_int_equal(req->term_count, 1);
        assert_int_equal(req->terms[0].match_field_count, 1);
        const podsim_requirement *f = &req->terms[0].match_fields[0];
        assert_string_equal(f->key, "metadata.name");
        assert_int_equal(f->op, PODSIM_OP_IN);
        assert_int_equal(f->values.count, 1);
        assert_string_equal(p->spec.node_name, f->values.items[0]);
        assert_true(ctl_pod_ready(p));
        on[p->spec.node_name[5] - 'a'] = true;
        assert_non_null(kvs_get(&p->meta.labels, "controller-revision-hash"));
    }
    assert_true(on[0] && on[1] && !on[2]);
    assert_string_equal(
        last_change(&w, "agent", "desiredNumberScheduled", NULL), "2");
    assert_string_equal(last_change(&w, "agent", "numberReady", NULL), "2");
    stop(&w);
}

/* A node that joins (applied at 30 s) gets its pod at once: the
   controller re-evaluates on node events (daemon_controller.go addNode). */
static void daemonset_follows_a_new_node(void **state) {
    (void)state;
    world w = start(NODES_TAINTED, NULL, NULL);
    apply(&w, DS, 0);
    static const char node[] =
        "apiVersion: v1\nkind: Node\nmetadata:\n  name: node-d\n"
        "  labels: {kubernetes.io/hostname: node-d}\n"
        "status:\n  allocatable: {cpu: '4', memory: 16Gi, pods: '110'}\n"
        "  conditions: [{type: Ready, status: 'True'}]\n";
    apply(&w, node, 30000);
    run_until(&w, 40000);
    assert_int_equal(count_events(&w, "SuccessfulCreate", "agent"), 3);
    const podsim_sim_event *e = nth_event(&w, "SuccessfulCreate", "agent", 2);
    assert_int_equal(e->time, 30000);
    assert_string_equal(
        last_change(&w, "agent", "desiredNumberScheduled", NULL), "3");
    stop(&w);
}

static void daemonset_tolerating_and_selecting(void **state) {
    (void)state;
    static const char yaml[] =
        "apiVersion: apps/v1\nkind: DaemonSet\n"
        "metadata: {name: infra, namespace: kube-system}\n"
        "spec:\n  selector: {matchLabels: {app: infra}}\n"
        "  template:\n    metadata: {labels: {app: infra}}\n"
        "    spec:\n"
        "      nodeSelector: {topology.kubernetes.io/zone: zone-c}\n"
        "      tolerations: [{key: dedicated, operator: Exists}]\n"
        "      containers: [{name: c, image: \"busybox:1.36\"}]\n";
    world w = start(NODES_TAINTED, NULL, NULL);
    apply(&w, yaml, 0);
    run_until(&w, 5000);
    assert_int_equal(count_events(&w, "SuccessfulCreate", "infra"), 1);
    census c = count_pods(&w, "app", "infra");
    assert_int_equal(c.available, 1);
    stop(&w);
}

/* A new template at 10 s (RollingUpdate, maxUnavailable 1): one node at a
   time loses its pod, gets the new one when the old is gone, and the
   next goes once it is available. */
static void daemonset_rolling_update(void **state) {
    (void)state;
    world w = start(NODES, NULL, NULL);
    apply(&w, DS, 0);
    run_until(&w, 9999);
    assert_int_equal(count_pods(&w, "app", "agent").available, 3);
    char v2[sizeof DS + 32];
    snprintf(v2, sizeof v2, "%s", DS);
    strstr(v2, "1.36")[3] = '7';
    apply(&w, v2, 10000);
    bool ran = true;
    while (ran && podsim_sim_now(w.sim) < 60000) {
        check(w.sim, podsim_sim_step(w.sim, &ran));
        census c = count_pods(&w, "app", "agent");
        assert_true(c.available >= 2);
        assert_true(c.active <= 3);
    }
    assert_int_equal(count_events(&w, "SuccessfulDelete", "agent"), 3);
    assert_int_equal(count_events(&w, "SuccessfulCreate", "agent"), 6);
    int64_t prev = -1;
    for (size_t i = 0; i < 3; i++) {
        int64_t del = event_time(&w, "SuccessfulDelete", "agent", i);
        int64_t add = event_time(&w, "SuccessfulCreate", "agent", 3 + i);
        assert_true(del > prev);
        assert_true(add > del);
        prev = add;
    }
    assert_int_equal(event_time(&w, "SuccessfulDelete", "agent", 0), 10000);
    assert_int_equal(count_pods(&w, "app", "agent").available, 3);
    assert_string_equal(
        last_change(&w, "agent", "updatedNumberScheduled", NULL), "3");
    stop(&w);
}

/* ------------------------------------------------------------------ */
/* Loaded clusters and forks                                            */
/* ------------------------------------------------------------------ */

#define LOADED_POD(name, node)                                              \
    "- apiVersion: v1\n  kind: Pod\n  metadata:\n"                          \
    "    name: " name                                                       \
    "\n    namespace: default\n"                                            \
    "    creationTimestamp: \"2026-01-01T00:00:00Z\"\n"                     \
    "    labels: {app: api, pod-template-hash: 5d4f8}\n"                    \
    "    ownerReferences: [{apiVersion: apps/v1, kind: ReplicaSet, "        \
    "name: api-5d4f8, uid: rs-1, controller: true}]\n"                      \
    "  spec:\n    nodeName: " node                                          \
    "\n"                                                                    \
    "    containers: [{name: api, image: \"busybox:1.36\"}]\n"              \
    "  status:\n    phase: Running\n"                                       \
    "    conditions: [{type: Ready, status: \"True\", lastTransitionTime: " \
    "\"2026-01-01T00:00:00Z\"}]\n"                                          \
    "    containerStatuses: [{name: api, ready: true, restartCount: 0, "    \
    "image: \"busybox:1.36\", state: {running: {startedAt: "                \
    "\"2026-01-01T00:00:00Z\"}}}]\n"

static const char LOADED[] =
    "apiVersion: v1\nkind: List\nitems:\n"
    "- apiVersion: apps/v1\n  kind: Deployment\n"
    "  metadata: {name: api, namespace: default, uid: dep-1, "
    "creationTimestamp: \"2026-01-01T00:00:00Z\"}\n"
    "  spec:\n    replicas: 2\n    selector: {matchLabels: {app: api}}\n"
    "    template:\n      metadata: {labels: {app: api}}\n"
    "      spec: {containers: [{name: api, image: \"busybox:1.36\"}]}\n"
    "  status: {replicas: 2, readyReplicas: 2, availableReplicas: 2, "
    "updatedReplicas: 2}\n"
    "- apiVersion: apps/v1\n  kind: ReplicaSet\n"
    "  metadata:\n    name: api-5d4f8\n    namespace: default\n    uid: rs-1\n"
    "    creationTimestamp: \"2026-01-01T00:00:00Z\"\n"
    "    labels: {app: api, pod-template-hash: 5d4f8}\n"
    "    annotations: {deployment.kubernetes.io/revision: \"1\", "
    "deployment.kubernetes.io/desired-replicas: \"2\", "
    "deployment.kubernetes.io/max-replicas: \"3\"}\n"
    "    ownerReferences: [{apiVersion: apps/v1, kind: Deployment, name: api, "
    "uid: dep-1, controller: true}]\n"
    "  spec:\n    replicas: 2\n"
    "    selector: {matchLabels: {app: api, pod-template-hash: 5d4f8}}\n"
    "    template:\n"
    "      metadata: {labels: {app: api, pod-template-hash: 5d4f8}}\n"
    "      spec: {containers: [{name: api, image: \"busybox:1.36\"}]}\n"
    "  status: {replicas: 2, readyReplicas: 2, availableReplicas: "
    "2}\n" LOADED_POD("api-5d4f8-aaaaa", "node-a")
        LOADED_POD("api-5d4f8-bbbbb", "node-b");

/* A dump's Deployment, ReplicaSet and running pods are adopted: nothing is
   created at time 0; a deleted pod is replaced; a template change rolls
   from the loaded ReplicaSet. */
static void loaded_cluster_is_adopted(void **state) {
    (void)state;
    world w = start(NODES, LOADED, NULL);
    run_until(&w, 10000);
    assert_int_equal(count_events(&w, "SuccessfulCreate", "api"), 0);
    assert_int_equal(count_events(&w, "ScalingReplicaSet", "api"), 0);
    assert_int_equal(
        podsim_cluster_count(podsim_sim_cluster(w.sim), PODSIM_KIND_REPLICASET),
        1);
    check(w.sim, podsim_sim_delete_pod(w.sim, "default", "api-5d4f8-aaaaa",
                                       20000, -1, false));
    run_until(&w, 20000);
    assert_int_equal(count_events(&w, "SuccessfulCreate", "api-5d4f8"), 1);
    static const char v2[] =
        "apiVersion: apps/v1\nkind: Deployment\n"
        "metadata: {name: api, namespace: default}\n"
        "spec:\n  replicas: 2\n  selector: {matchLabels: {app: api}}\n"
        "  template:\n    metadata: {labels: {app: api}}\n"
        "    spec: {containers: [{name: api, image: \"busybox:1.37\"}]}\n";
    apply(&w, v2, 30000);
    run_until(&w, 60000);
    assert_int_equal(
        podsim_cluster_count(podsim_sim_cluster(w.sim), PODSIM_KIND_REPLICASET),
        2);
    assert_true(strstr(nth_event(&w, "ScalingReplicaSet", "api", 1)->message,
                       "Scaled down replica set api-5d4f8 from 2 to 1") !=
                NULL);
    census c = count_pods(&w, "app", "api");
    assert_int_equal(c.active, 2);
    assert_int_equal(c.available, 2);
    assert_int_equal(count_pods(&w, "pod-template-hash", "5d4f8").total, 0);
    stop(&w);
}

#define RUNNING_POD(name, node, labels, owner_kind, owner)                  \
    "- apiVersion: v1\n  kind: Pod\n  metadata:\n"                          \
    "    name: " name                                                       \
    "\n    namespace: default\n"                                            \
    "    creationTimestamp: \"2026-01-01T00:00:00Z\"\n"                     \
    "    labels: " labels                                                   \
    "\n"                                                                    \
    "    ownerReferences: [{apiVersion: apps/v1, kind: " owner_kind         \
    ", name: " owner ", uid: u-" owner                                      \
    ", controller: true}]\n"                                                \
    "  spec:\n    nodeName: " node                                          \
    "\n"                                                                    \
    "    containers: [{name: c, image: \"busybox:1.36\"}]\n"                \
    "  status:\n    phase: Running\n"                                       \
    "    conditions: [{type: Ready, status: \"True\", lastTransitionTime: " \
    "\"2026-01-01T00:00:00Z\"}]\n"                                          \
    "    containerStatuses: [{name: c, ready: true, restartCount: 0, "      \
    "image: \"busybox:1.36\", state: {running: {startedAt: "                \
    "\"2026-01-01T00:00:00Z\"}}}]\n"

static const char LOADED_STS_DS[] =
    "apiVersion: v1\nkind: List\nitems:\n"
    "- apiVersion: apps/v1\n  kind: StatefulSet\n"
    "  metadata: {name: kv, namespace: default, uid: u-kv}\n"
    "  spec:\n    replicas: 2\n    serviceName: kv\n"
    "    selector: {matchLabels: {app: kv}}\n"
    "    template:\n      metadata: {labels: {app: kv}}\n"
    "      spec: {containers: [{name: c, image: \"busybox:1.36\"}]}\n"
    "- apiVersion: apps/v1\n  kind: DaemonSet\n"
    "  metadata: {name: log, namespace: default, uid: u-log}\n"
    "  spec:\n    selector: {matchLabels: {app: log}}\n"
    "    template:\n      metadata: {labels: {app: log}}\n"
    "      spec: {containers: [{name: c, image: "
    "\"busybox:1.36\"}]}\n" RUNNING_POD(
        "kv-0", "node-a", "{app: kv, controller-revision-hash: kv-7d9c5b8f4}",
        "StatefulSet", "kv")
        RUNNING_POD("kv-1", "node-b",
                    "{app: kv, controller-revision-hash: kv-7d9c5b8f4}",
                    "StatefulSet", "kv")
            RUNNING_POD("log-aaaaa", "node-a",
                        "{app: log, controller-revision-hash: 6b5f7c9d8, "
                        "pod-template-generation: \"1\"}",
                        "DaemonSet", "log")
                RUNNING_POD("log-bbbbb", "node-b",
                            "{app: log, controller-revision-hash: 6b5f7c9d8, "
                            "pod-template-generation: \"1\"}",
                            "DaemonSet", "log");

/* A dump's StatefulSet and DaemonSet keep their pods and revisions (the
   hashes upstream computed): nothing is rolled, even when the same
   objects are applied again; the DaemonSet only adds node-c's pod. */
static void loaded_statefulset_and_daemonset_are_adopted(void **state) {
    (void)state;
    world w = start(NODES, LOADED_STS_DS, NULL);
    run_until(&w, 5000);
    assert_int_equal(count_events(&w, "SuccessfulCreate", "kv"), 0);
    assert_int_equal(count_events(&w, "SuccessfulCreate", "log"), 1);
    assert_int_equal(event_time(&w, "SuccessfulCreate", "log", 0), 0);
    static const char again[] =
        "apiVersion: apps/v1\nkind: StatefulSet\n"
        "metadata: {name: kv, namespace: default}\n"
        "spec:\n  replicas: 2\n  serviceName: kv\n"
        "  selector: {matchLabels: {app: kv}}\n"
        "  template:\n    metadata: {labels: {app: kv}}\n"
        "    spec: {containers: [{name: c, image: \"busybox:1.36\"}]}\n"
        "---\napiVersion: apps/v1\nkind: DaemonSet\n"
        "metadata: {name: log, namespace: default}\n"
        "spec:\n  selector: {matchLabels: {app: log}}\n"
        "  template:\n    metadata: {labels: {app: log}}\n"
        "    spec: {containers: [{name: c, image: \"busybox:1.36\"}]}\n";
    apply(&w, again, 10000);
    run_until(&w, 30000);
    assert_int_equal(count_events(&w, "SuccessfulDelete", "kv"), 0);
    assert_int_equal(count_events(&w, "SuccessfulDelete", "log"), 0);
    assert_int_equal(count_events(&w, "SuccessfulCreate", "log"), 1);
    const podsim_pod *added =
        live_pod(&w, "default",
                 nth_event(&w, "SuccessfulCreate", "log", 0)->message +
                     strlen("Created pod: "));
    assert_non_null(added);
    assert_string_equal(added->spec.node_name, "node-c");
    assert_true(has_label(added, "controller-revision-hash", "6b5f7c9d8"));
    assert_string_equal(last_change(&w, "kv", "readyReplicas", NULL), "2");
    stop(&w);
}

/* A fork mid-rollout continues like the original and stays independent. */
static void fork_is_independent(void **state) {
    (void)state;
    world w = start(NODES, NULL, NULL);
    apply(&w, DEPLOY("registry.k8s.io/pause:3.10", "1", "0"), 0);
    apply(&w, DEPLOY("busybox:1.36", "1", "0"), 10000);
    behave(&w, "default/report-*", PODSIM_RUN_CRASH, 5000, 2);
    apply(&w, JOB_CRASH, 0);
    run_until(&w, 12000);
    podsim_sim *f;
    check(w.sim, podsim_sim_fork(w.sim, &f));
    check(w.sim, podsim_sim_run_until(w.sim, 90000));
    check(f, podsim_sim_run_until(f, 90000));
    assert_int_equal(podsim_sim_event_count(w.sim), podsim_sim_event_count(f));
    for (size_t i = 0; i < podsim_sim_event_count(f); i++) {
        const podsim_sim_event *a = podsim_sim_event_get(w.sim, i);
        const podsim_sim_event *b = podsim_sim_event_get(f, i);
        assert_int_equal(a->time, b->time);
        assert_string_equal(a->reason, b->reason);
        assert_string_equal(a->message, b->message);
    }
    /* the fork scales on its own */
    static const char one[] =
        "apiVersion: apps/v1\nkind: Deployment\n"
        "metadata: {name: web, namespace: default}\n"
        "spec:\n  replicas: 1\n  selector: {matchLabels: {app: web}}\n"
        "  template:\n    metadata: {labels: {app: web}}\n"
        "    spec:\n      containers:\n      - name: web\n"
        "        image: busybox:1.36\n"
        "        readinessProbe: {tcpSocket: {port: 8080}, periodSeconds: 5}\n";
    check(f, podsim_sim_apply_string(f, one, strlen(one), "t", 100000));
    check(f, podsim_sim_run_until(f, 120000));
    check(w.sim, podsim_sim_run_until(w.sim, 120000));
    world wf = {NULL, f};
    assert_int_equal(count_pods(&wf, "app", "web").active, 1);
    assert_int_equal(count_pods(&w, "app", "web").active, 4);
    podsim_sim_free(f);
    stop(&w);
}

/* Nothing the controllers post keeps a simulation busy for ever: a
   StatefulSet with minReadySeconds whose pod never becomes ready, a
   Deployment and a finished Job all leave it idle. */
static void controllers_let_the_simulation_idle(void **state) {
    (void)state;
    static const char yaml[] =
        "apiVersion: apps/v1\nkind: StatefulSet\n"
        "metadata: {name: stuck, namespace: default}\n"
        "spec:\n  replicas: 2\n  minReadySeconds: 10\n  serviceName: s\n"
        "  selector: {matchLabels: {app: stuck}}\n"
        "  template:\n    metadata: {labels: {app: stuck}}\n"
        "    spec:\n      containers:\n      - name: c\n"
        "        image: busybox:1.36\n"
        "        readinessProbe: {exec: {command: [\"false\"]}}\n";
    world w = start(NODES, NULL, NULL);
    podsim_behavior b = PODSIM_BEHAVIOR_INIT;
    b.readiness_pattern = "F";
    check(w.sim, podsim_sim_set_behavior(w.sim, "default/stuck-*", "*", &b));
    apply(&w, yaml, 0);
    apply(&w, DEPLOY("busybox:1.36", "1", "0"), 0);
    behave(&w, "default/report-*", PODSIM_RUN_CRASH, 5000, 2);
    apply(&w, JOB_CRASH, 0);
    bool idle = false;
    check(w.sim, podsim_sim_run_idle(w.sim, 3600000, &idle));
    assert_true(idle);
    assert_true(podsim_sim_now(w.sim) < 3600000);
    /* OrderedReady: stuck-1 waits for stuck-0 */
    assert_int_equal(count_events(&w, "SuccessfulCreate", "stuck"), 1);
    assert_non_null(nth_event(&w, "BackoffLimitExceeded", "report", 0));
    stop(&w);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(controllers_scaled_value),
        cmocka_unit_test(controllers_fenceposts),
        cmocka_unit_test(controllers_new_rs_new_replicas),
        cmocka_unit_test(controllers_max_scaled_down),
        cmocka_unit_test(controllers_job_backoff),
        cmocka_unit_test(controllers_safe_encode),
        cmocka_unit_test(controllers_template_hash),
        cmocka_unit_test(controllers_pod_ranking),
        cmocka_unit_test(controllers_pod_available),
        cmocka_unit_test(job_fails_at_backoff_limit_v131),
        cmocka_unit_test(job_fails_at_backoff_limit_v130),
        cmocka_unit_test(job_active_deadline),
        cmocka_unit_test(job_indexed_completes),
        cmocka_unit_test(job_work_queue),
        cmocka_unit_test(job_restart_policy_on_failure),
        cmocka_unit_test(job_pod_replacement_policy),
        cmocka_unit_test(statefulset_ordered_startup),
        cmocka_unit_test(statefulset_scale_down),
        cmocka_unit_test(statefulset_parallel),
        cmocka_unit_test(statefulset_rolling_update),
        cmocka_unit_test(deployment_creates_replica_set),
        cmocka_unit_test(deployment_rollout_surge_1_unavailable_0),
        cmocka_unit_test(deployment_rollout_surge_0_unavailable_1),
        cmocka_unit_test(deployment_rollout_defaults),
        cmocka_unit_test(deployment_recreate),
        cmocka_unit_test(deployment_scale),
        cmocka_unit_test(replicaset_replaces_deleted_pod),
        cmocka_unit_test(replicaset_scale_down_prefers_pending),
        cmocka_unit_test(replicaset_min_ready_seconds),
        cmocka_unit_test(daemonset_one_pod_per_eligible_node),
        cmocka_unit_test(daemonset_follows_a_new_node),
        cmocka_unit_test(daemonset_tolerating_and_selecting),
        cmocka_unit_test(daemonset_rolling_update),
        cmocka_unit_test(loaded_cluster_is_adopted),
        cmocka_unit_test(loaded_statefulset_and_daemonset_are_adopted),
        cmocka_unit_test(fork_is_independent),
        cmocka_unit_test(controllers_let_the_simulation_idle),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
