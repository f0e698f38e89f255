/*
 * test_podgc.c - the pod garbage collector (core/src/podgc.c) on exact
 * timing, and the DaemonSet controller around deleted nodes
 * (core/src/daemonset.c).
 *
 * Upstream: pkg/controller/podgc/gc_controller.go (gc: gcTerminated,
 * gcTerminating, gcOrphaned with its 40 s quarantine and discoverDeletedNodes,
 * gcUnscheduledTerminating; markFailedAndDeletePodWithCondition;
 * byEvictionAndCreationTimestamp), pkg/controller/daemon/daemon_controller.go
 * (manage, getUnscheduledPodsWithoutNode); ../shared/reference/lifecycle.md
 * C.5, D.3.
 *
 * Passes run at 0, 20, 40, ... s (wait.UntilWithContext runs at once; a
 * pass takes no simulated time). node-2's kubelet is silent from the start
 * (its dump shows Ready=Unknown), so nothing but the controllers under test
 * finishes a pod there; --node-eviction-rate 0 keeps the node lifecycle
 * controller's NoExecute taints (and so taint-based evictions) out of the
 * way.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "podsim.h"

/* ------------------------------------------------------------------ */
/* Fixtures                                                             */
/* ------------------------------------------------------------------ */

#define NODE(name, ready, heartbeat)                                  \
    "- apiVersion: v1\n"                                              \
    "  kind: Node\n"                                                  \
    "  metadata:\n"                                                   \
    "    name: " name                                                 \
    "\n"                                                              \
    "    creationTimestamp: \"2026-01-01T00:00:00Z\"\n"               \
    "    labels: {kubernetes.io/hostname: " name                      \
    ", topology.kubernetes.io/zone: zone-a}\n"                        \
    "  status:\n"                                                     \
    "    allocatable: {cpu: \"4\", memory: 16Gi, pods: \"110\"}\n"    \
    "    capacity: {cpu: \"4\", memory: 16Gi, pods: \"110\"}\n"       \
    "    conditions: [{type: Ready, status: \"" ready                 \
    "\", lastHeartbeatTime: \"" heartbeat                             \
    "\"}]\n"                                                          \
    "    images:\n"                                                   \
    "    - {names: [\"docker.io/library/busybox:1.36\"], sizeBytes: " \
    "2160000}\n"                                                      \
    "    - {names: [\"registry.k8s.io/pause:3.10\"], sizeBytes: 320000}\n"

static const char NODES[] = "apiVersion: v1\nkind: List\nitems:\n" NODE(
    "node-1", "True", "2026-01-01T00:10:00Z")
    NODE("node-2", "Unknown", "2026-01-01T00:09:00Z")
        NODE("node-3", "True", "2026-01-01T00:09:30Z");

static void append(char *buf, size_t size, const char *fmt, ...) {
    size_t len = strlen(buf);
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf + len, size - len, fmt, ap);
    va_end(ap);
    assert_true(n > 0 && (size_t)n < size - len);
}

/* A Running pod bound to `node` (created at `created`); `extra_meta` goes
   under metadata. */
static void append_pod(char *buf, size_t size, const char *name,
                       const char *node, const char *created,
                       const char *extra_meta) {
    append(buf, size,
           "---\n"
           "apiVersion: v1\n"
           "kind: Pod\n"
           "metadata:\n"
           "  name: %s\n"
           "  namespace: default\n"
           "  uid: %s-uid\n"
           "  creationTimestamp: \"%s\"\n"
           "%s"
           "spec:\n"
           "  nodeName: %s\n"
           "  terminationGracePeriodSeconds: 30\n"
           "  containers: [{name: app, image: \"busybox:1.36\"}]\n"
           "status:\n"
           "  phase: Running\n"
           "  startTime: \"%s\"\n"
           "  conditions:\n"
           "  - {type: PodScheduled, status: \"True\"}\n"
           "  - {type: Ready, status: \"True\"}\n"
           "  containerStatuses:\n"
           "  - {name: app, ready: true, started: true, restartCount: 0, "
           "image: \"busybox:1.36\", imageID: x, containerID: "
           "\"containerd://%s\", state: {running: {startedAt: \"%s\"}}}\n",
           name, name, created, extra_meta, node, created, name, created);
}

/* A finished pod on node-1. */
static void append_done(char *buf, size_t size, const char *name,
                        const char *created, const char *phase,
                        const char *reason) {
    append(buf, size,
           "---\n"
           "apiVersion: v1\n"
           "kind: Pod\n"
           "metadata: {name: %s, namespace: default, uid: %s-uid, "
           "creationTimestamp: \"%s\"}\n"
           "spec:\n"
           "  nodeName: node-1\n"
           "  restartPolicy: Never\n"
           "  containers: [{name: app, image: \"busybox:1.36\"}]\n"
           "status:\n"
           "  phase: %s\n"
           "  reason: \"%s\"\n"
           "  containerStatuses:\n"
           "  - {name: app, ready: false, restartCount: 0, image: "
           "\"busybox:1.36\", imageID: x, containerID: \"containerd://%s\", "
           "state: {terminated: {exitCode: 0, reason: Completed, "
           "startedAt: \"%s\", finishedAt: \"%s\"}}}\n",
           name, name, created, phase, reason, name, created, created);
}

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

static podsim_node_lifecycle quiet_lifecycle(void) {
    podsim_node_lifecycle nl = PODSIM_NODE_LIFECYCLE_INIT;
    nl.node_eviction_rate = -1;
    nl.secondary_node_eviction_rate = -1;
    return nl;
}

static world start_nl(const char *pods, const podsim_node_lifecycle *nl) {
    world w = {NULL, NULL};
    assert_int_equal(podsim_cluster_new(NULL, &w.cluster), PODSIM_OK);
    podsim_status s = podsim_cluster_load_string(w.cluster, NODES,
                                                 strlen(NODES), "nodes", NULL);
    if (s) fail_msg("load: %s", podsim_cluster_error(w.cluster)->message);
    if (pods && pods[0]) {
        s = podsim_cluster_load_string(w.cluster, pods, strlen(pods), "pods",
                                       NULL);
        if (s) fail_msg("load: %s", podsim_cluster_error(w.cluster)->message);
    }
    podsim_timing timing = PODSIM_TIMING_INIT;
    timing.flags = PODSIM_TIMING_EXACT;
    timing.sandbox_ms = 1000;
    timing.container_start_ms = 200;
    timing.container_stop_ms = 500;
    podsim_sim_options o = PODSIM_SIM_OPTIONS_INIT;
    o.seed = 42;
    o.timing = &timing;
    o.kubernetes_version = "1.34";
    o.node_lifecycle = nl;
    assert_int_equal(podsim_sim_new(w.cluster, &o, &w.sim), PODSIM_OK);
    return w;
}

static world start(const char *pods) {
    podsim_node_lifecycle nl = quiet_lifecycle();
    return start_nl(pods, &nl);
}

static void stop(world *w) {
    podsim_sim_free(w->sim);
    podsim_cluster_free(w->cluster);
}

static void run_until(world *w, int64_t t) {
    check(w->sim, podsim_sim_run_until(w->sim, t));
}

static void delete_node_at(world *w, const char *node, int64_t at) {
    check(w->sim, podsim_sim_fail_node(w->sim, node, at, PODSIM_NODE_DELETED));
}

/* The newest pod object of that name, removed or not. */
static const podsim_pod *pod_named(world *w, const char *name) {
    podsim_cluster *c = podsim_sim_cluster(w->sim);
    size_t n = podsim_cluster_count(c, PODSIM_KIND_POD);
    for (size_t i = n; i-- > 0;) {
        const podsim_pod *p = podsim_cluster_pod(c, (podsim_id)i);
        if (strcmp(p->meta.name, name) == 0) return p;
    }
    fail_msg("no pod %s", name);
    return NULL;
}

static const podsim_condition *condition(const podsim_pod *p,
                                         const char *type) {
    for (size_t i = 0; i < p->status.condition_count; i++) {
        if (strcmp(p->status.conditions[i].type, type) == 0) {
            return &p->status.conditions[i];
        }
    }
    return NULL;
}

/* Time of the first change of a pod's field to value, or -1. */
static int64_t change_at(world *w, const char *pod, const char *field,
                         const char *value) {
    size_t n = podsim_sim_change_count(w->sim);
    for (size_t i = 0; i < n; i++) {
        const podsim_sim_change *c = podsim_sim_change_get(w->sim, i);
        if (strcmp(c->kind, "Pod") == 0 && strcmp(c->name, pod) == 0 &&
            strcmp(c->field, field) == 0 && strcmp(c->value, value) == 0) {
            return c->time;
        }
    }
    return -1;
}

/* The pod was force-deleted by PodGC at `at` ms: the object is gone and
   its phase Failed was written at `at` (in the same step as the removal:
   markFailedAndDeletePod). */
static void assert_collected_at(world *w, const char *name, int64_t at) {
    const podsim_pod *p = pod_named(w, name);
    if (!p->removed) fail_msg("%s still exists", name);
    assert_int_equal(p->status.phase, PODSIM_PHASE_FAILED);
    assert_int_equal(change_at(w, name, "phase", "Failed"), at);
}

/* The orphan's condition (gcOrphaned). */
static void assert_orphan_condition(world *w, const char *name, int64_t at) {
    const podsim_condition *c =
        condition(pod_named(w, name), "DisruptionTarget");
    assert_non_null(c);
    assert_string_equal(c->status, "True");
    assert_string_equal(c->reason, "DeletionByPodGC");
    assert_string_equal(c->message, "PodGC: node no longer exists");
    assert_int_equal(c->last_transition_time, podsim_sim_epoch_ms(w->sim) + at);
}

static size_t live_pods_with_prefix(world *w, const char *prefix) {
    podsim_cluster *c = podsim_sim_cluster(w->sim);
    size_t n = podsim_cluster_count(c, PODSIM_KIND_POD), count = 0;
    for (size_t i = 0; i < n; i++) {
        const podsim_pod *p = podsim_cluster_pod(c, (podsim_id)i);
        if (!p->removed && strncmp(p->meta.name, prefix, strlen(prefix)) == 0) {
            count++;
        }
    }
    return count;
}

/* ------------------------------------------------------------------ */
/* gcOrphaned                                                           */
/* ------------------------------------------------------------------ */

static const char RS[] =
    "apiVersion: apps/v1\n"
    "kind: ReplicaSet\n"
    "metadata: {name: web, namespace: default, uid: web-uid, "
    "creationTimestamp: \"2026-01-01T00:00:00Z\"}\n"
    "spec:\n"
    "  replicas: 2\n"
    "  selector: {matchLabels: {app: web}}\n"
    "  template:\n"
    "    metadata: {labels: {app: web}}\n"
    "    spec:\n"
    "      containers: [{name: app, image: \"busybox:1.36\"}]\n";

#define RS_OWNED                                                         \
    "  labels: {app: web}\n"                                             \
    "  ownerReferences: [{apiVersion: apps/v1, kind: ReplicaSet, name: " \
    "web, uid: web-uid, controller: true}]\n"

static world orphan_world(void) {
    static char pods[8192];
    snprintf(pods, sizeof pods, "%s", RS);
    append_pod(pods, sizeof pods, "web-a", "node-2", "2026-01-01T00:00:00Z",
               RS_OWNED);
    append_pod(pods, sizeof pods, "web-b", "node-1", "2026-01-01T00:00:00Z",
               RS_OWNED);
    return start(pods);
}

/* Node object (and VM) gone at 30 s. The pass at 40 s sees node-2
   missing and quarantines the name until 80 s; the pass at 80 s confirms
   with a live GET, patches phase Failed with DisruptionTarget
   DeletionByPodGC and force-deletes: X + 50 s. The ReplicaSet, which
   counted web-a while it was Running, creates the replacement as soon as
   it sees phase Failed, at the same instant. */
static void test_orphan_removed_after_quarantine(void **state) {
    (void)state;
    world w = orphan_world();
    delete_node_at(&w, "node-2", 30000);
    run_until(&w, 79999);
    const podsim_pod *a = pod_named(&w, "web-a");
    assert_false(a->removed);
    assert_int_equal(a->status.phase, PODSIM_PHASE_RUNNING);
    assert_int_equal(live_pods_with_prefix(&w, "web-"), 2);
    run_until(&w, 80000);
    assert_collected_at(&w, "web-a", 80000);
    assert_orphan_condition(&w, "web-a", 80000);
    assert_false(pod_named(&w, "web-b")->removed);
    /* the replacement: a third pod of the ReplicaSet, created at 80 s */
    podsim_cluster *c = podsim_sim_cluster(w.sim);
    size_t n = podsim_cluster_count(c, PODSIM_KIND_POD), fresh = 0;
    for (size_t i = 0; i < n; i++) {
        const podsim_pod *p = podsim_cluster_pod(c, (podsim_id)i);
        if (p->removed || strncmp(p->meta.name, "web-", 4) != 0 ||
            strcmp(p->meta.name, "web-b") == 0) {
            continue;
        }
        assert_int_equal(p->meta.creation_timestamp,
                         podsim_sim_epoch_ms(w.sim) + 80000);
        fresh++;
    }
    assert_int_equal(fresh, 1);
    /* PodGC records no events */
    size_t events = podsim_sim_event_count(w.sim);
    for (size_t i = 0; i < events; i++) {
        const podsim_sim_event *e = podsim_sim_event_get(w.sim, i);
        assert_true(strstr(e->source, "pod-garbage") == NULL);
    }
    stop(&w);
}

/* The window: the name is quarantined at the first pass at or after the
   deletion X and confirmed 40 s later, so the pod goes at X + 40 s when X
   is a pass time (the deletion runs before that pass's work) and just
   under X + 60 s when X is 1 ms after one: [X + 40 s, X + 60 s). */
static void test_orphan_window(void **state) {
    (void)state;
    static const int64_t cases[][2] = {
        {40000, 80000},  /* X + 40 */
        {40001, 100000}, /* X + 59.999 */
        {59999, 100000}, /* X + 40.001 */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        world w = orphan_world();
        delete_node_at(&w, "node-2", cases[i][0]);
        run_until(&w, 200000);
        assert_collected_at(&w, "web-a", cases[i][1]);
        stop(&w);
    }
}

/* discoverDeletedNodes asks the API server once the quarantine is over:
   a node registered again under the name by then keeps its pods. */
static void test_orphan_node_back_before_confirmation(void **state) {
    (void)state;
    world w = orphan_world();
    delete_node_at(&w, "node-2", 30000);
    check(w.sim, podsim_sim_recover_node(w.sim, "node-2", 50000));
    run_until(&w, 200000);
    const podsim_pod *a = pod_named(&w, "web-a");
    assert_null(condition(a, "DisruptionTarget"));
    assert_int_equal(change_at(&w, "web-a", "phase", "Failed"), -1);
    stop(&w);
}

/* A fork carries the quarantine: both branches collect at 80 s. */
static void test_fork_keeps_quarantine(void **state) {
    (void)state;
    world w = orphan_world();
    delete_node_at(&w, "node-2", 30000);
    run_until(&w, 50000);
    world f = {NULL, NULL};
    check(w.sim, podsim_sim_fork(w.sim, &f.sim));
    run_until(&w, 100000);
    run_until(&f, 100000);
    assert_collected_at(&w, "web-a", 80000);
    assert_collected_at(&f, "web-a", 80000);
    podsim_sim_free(f.sim);
    stop(&w);
}

/* ------------------------------------------------------------------ */
/* gcTerminating: non-graceful node shutdown                            */
/* ------------------------------------------------------------------ */

static void ignore_sigterm(world *w) {
    podsim_behavior b = PODSIM_BEHAVIOR_INIT;
    b.handles_sigterm = false;
    check(w->sim, podsim_sim_set_behavior(w->sim, "*", "*", &b));
}

/* A pod terminating on node-2 (deleted at 5 s with a 600 s grace period;
   its kubelet never finishes it) is force-deleted by the first pass after
   node.kubernetes.io/out-of-service is added at 50 s (any effect; here
   NoSchedule so that taint-based eviction stays out): phase Failed, no
   condition, gone at 60 s. A pod there that is not terminating stays, and
   so does a terminating pod on a Ready node with the taint. */
static void test_out_of_service_terminating(void **state) {
    (void)state;
    char pods[8192] = "";
    append_pod(pods, sizeof pods, "stuck", "node-2", "2026-01-01T00:00:00Z",
               "");
    append_pod(pods, sizeof pods, "running", "node-2", "2026-01-01T00:00:00Z",
               "");
    append_pod(pods, sizeof pods, "healthy", "node-1", "2026-01-01T00:00:00Z",
               "");
    world w = start(pods);
    ignore_sigterm(&w);
    check(w.sim,
          podsim_sim_delete_pod(w.sim, "default", "stuck", 5000, 600, false));
    check(w.sim,
          podsim_sim_delete_pod(w.sim, "default", "healthy", 5000, 600, false));
    check(w.sim,
          podsim_sim_taint_node(
              w.sim, "node-2",
              "node.kubernetes.io/out-of-service=nodeshutdown:NoSchedule",
              50000));
    check(w.sim,
          podsim_sim_taint_node(
              w.sim, "node-1",
              "node.kubernetes.io/out-of-service=nodeshutdown:NoSchedule",
              50000));
    run_until(&w, 59999);
    assert_false(pod_named(&w, "stuck")->removed);
    run_until(&w, 100000);
    assert_collected_at(&w, "stuck", 60000);
    assert_null(condition(pod_named(&w, "stuck"), "DisruptionTarget"));
    const podsim_pod *r = pod_named(&w, "running");
    assert_false(r->removed);
    assert_int_equal(r->status.phase, PODSIM_PHASE_RUNNING);
    assert_false(pod_named(&w, "healthy")->removed);
    stop(&w);
}

/* The documented procedure: out-of-service with effect NoExecute on the
   dead node at 50 s. The taint eviction controller deletes the pod at once
   (it does not tolerate the taint; DisruptionTarget DeletionByTaintManager,
   deletionTimestamp 80 s), and PodGC force-deletes it at the pass at
   60 s. */
static void test_out_of_service_no_execute(void **state) {
    (void)state;
    char pods[8192] = "";
    append_pod(pods, sizeof pods, "app", "node-2", "2026-01-01T00:00:00Z", "");
    world w = start(pods);
    ignore_sigterm(&w);
    check(w.sim, podsim_sim_taint_node(
                     w.sim, "node-2",
                     "node.kubernetes.io/out-of-service=nodeshutdown:NoExecute",
                     50000));
    run_until(&w, 50000);
    const podsim_pod *p = pod_named(&w, "app");
    int64_t epoch = podsim_sim_epoch_ms(w.sim);
    assert_int_equal(p->meta.deletion_timestamp, epoch + 80000);
    run_until(&w, 100000);
    assert_collected_at(&w, "app", 60000);
    const podsim_condition *c =
        condition(pod_named(&w, "app"), "DisruptionTarget");
    assert_non_null(c);
    assert_string_equal(c->reason, "DeletionByTaintManager");
    stop(&w);
}

/* ------------------------------------------------------------------ */
/* gcUnscheduledTerminating, gcTerminated                               */
/* ------------------------------------------------------------------ */

/* A pod with a deletionTimestamp and no node (from a dump) goes at the
   first pass, at 0: phase Failed, then DELETE with grace 0. */
static void test_unscheduled_terminating(void **state) {
    (void)state;
    static const char pods[] =
        "apiVersion: v1\n"
        "kind: Pod\n"
        "metadata: {name: limbo, namespace: default, uid: limbo-uid, "
        "creationTimestamp: \"2026-01-01T00:00:00Z\", deletionTimestamp: "
        "\"2026-01-01T00:05:00Z\", deletionGracePeriodSeconds: 30}\n"
        "spec:\n"
        "  containers: [{name: app, image: \"busybox:1.36\"}]\n"
        "status: {phase: Pending}\n";
    world w = start(pods);
    run_until(&w, 0);
    assert_collected_at(&w, "limbo", 0);
    stop(&w);
}

/* --terminated-pod-gc-threshold 2 with four finished pods: two go at the
   first pass, the evicted one first (PodIsEvicted), then the oldest
   (byEvictionAndCreationTimestamp). Finished pods keep their phase (no
   patch). */
static void test_terminated_threshold(void **state) {
    (void)state;
    char pods[8192] = "";
    append_done(pods, sizeof pods, "done-old", "2026-01-01T00:00:00Z",
                "Succeeded", "");
    append_done(pods, sizeof pods, "done-mid", "2026-01-01T00:01:00Z",
                "Succeeded", "");
    append_done(pods, sizeof pods, "done-new", "2026-01-01T00:02:00Z",
                "Succeeded", "");
    append_done(pods, sizeof pods, "evicted", "2026-01-01T00:03:00Z", "Failed",
                "Evicted");
    podsim_node_lifecycle nl = quiet_lifecycle();
    nl.terminated_pod_gc_threshold = 2;
    world w = start_nl(pods, &nl);
    run_until(&w, 0);
    assert_true(pod_named(&w, "evicted")->removed);
    assert_true(pod_named(&w, "done-old")->removed);
    assert_false(pod_named(&w, "done-mid")->removed);
    assert_false(pod_named(&w, "done-new")->removed);
    assert_int_equal(pod_named(&w, "done-old")->status.phase,
                     PODSIM_PHASE_SUCCEEDED);
    /* at the threshold nothing more goes */
    run_until(&w, 100000);
    assert_false(pod_named(&w, "done-mid")->removed);
    stop(&w);
}

/* ------------------------------------------------------------------ */
/* DaemonSets and deleted nodes                                         */
/* ------------------------------------------------------------------ */

static const char DS[] =
    "apiVersion: apps/v1\n"
    "kind: DaemonSet\n"
    "metadata: {name: agent, namespace: default, uid: agent-uid, "
    "creationTimestamp: \"2026-01-01T00:00:00Z\"}\n"
    "spec:\n"
    "  selector: {matchLabels: {app: agent}}\n"
    "  updateStrategy: {type: OnDelete}\n"
    "  template:\n"
    "    metadata: {labels: {app: agent}}\n"
    "    spec:\n"
    "      containers: [{name: app, image: \"busybox:1.36\"}]\n";

#define DS_OWNED                                                        \
    "  labels: {app: agent}\n"                                          \
    "  ownerReferences: [{apiVersion: apps/v1, kind: DaemonSet, name: " \
    "agent, uid: agent-uid, controller: true}]\n"

/* The DaemonSet pod of a deleted node is an orphan like any other (gone at
   80 s), and the DaemonSet controller, whose node lister no longer has
   the node, creates no pod for it. node-3 was Ready and untainted, so
   only its deletion stops the DaemonSet from running a pod there. */
static void test_daemonset_skips_deleted_node(void **state) {
    (void)state;
    char pods[8192];
    snprintf(pods, sizeof pods, "%s", DS);
    append_pod(pods, sizeof pods, "agent-1", "node-1", "2026-01-01T00:00:00Z",
               DS_OWNED);
    append_pod(pods, sizeof pods, "agent-2", "node-2", "2026-01-01T00:00:00Z",
               DS_OWNED);
    append_pod(pods, sizeof pods, "agent-3", "node-3", "2026-01-01T00:00:00Z",
               DS_OWNED);
    world w = start(pods);
    delete_node_at(&w, "node-3", 30000);
    run_until(&w, 300000);
    assert_collected_at(&w, "agent-3", 80000);
    assert_int_equal(live_pods_with_prefix(&w, "agent"), 2);
    stop(&w);
}

/* An unscheduled DaemonSet pod aimed at a node that is deleted can never
   be bound, and PodGC leaves unbound pods alone: the DaemonSet controller
   deletes it (getUnscheduledPodsWithoutNode). node-2's taint keeps the
   scheduler from binding it before. */
static void test_daemonset_deletes_unscheduled_pod_of_deleted_node(
    void **state) {
    (void)state;
    char pods[8192];
    snprintf(pods, sizeof pods, "%s", DS);
    append_pod(pods, sizeof pods, "agent-1", "node-1", "2026-01-01T00:00:00Z",
               DS_OWNED);
    append_pod(pods, sizeof pods, "agent-3", "node-3", "2026-01-01T00:00:00Z",
               DS_OWNED);
    append(pods, sizeof pods,
           "---\n"
           "apiVersion: v1\n"
           "kind: Pod\n"
           "metadata:\n"
           "  name: agent-2\n"
           "  namespace: default\n"
           "  uid: agent-2-uid\n"
           "  creationTimestamp: \"2026-01-01T00:00:00Z\"\n" DS_OWNED
           "spec:\n"
           "  affinity:\n"
           "    nodeAffinity:\n"
           "      requiredDuringSchedulingIgnoredDuringExecution:\n"
           "        nodeSelectorTerms:\n"
           "        - matchFields: [{key: metadata.name, operator: In, "
           "values: [node-2]}]\n"
           "  containers: [{name: app, image: \"busybox:1.36\"}]\n"
           "status: {phase: Pending}\n");
    world w = start(pods);
    check(w.sim, podsim_sim_taint_node(w.sim, "node-2",
                                       "example.com/blocked:NoSchedule", 0));
    run_until(&w, 20000);
    const podsim_pod *p = pod_named(&w, "agent-2");
    assert_false(p->removed);
    assert_string_equal(p->spec.node_name, "");
    delete_node_at(&w, "node-2", 30000);
    run_until(&w, 30000);
    assert_true(pod_named(&w, "agent-2")->removed);
    run_until(&w, 300000);
    assert_int_equal(live_pods_with_prefix(&w, "agent"), 2);
    stop(&w);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_orphan_removed_after_quarantine),
        cmocka_unit_test(test_orphan_window),
        cmocka_unit_test(test_orphan_node_back_before_confirmation),
        cmocka_unit_test(test_fork_keeps_quarantine),
        cmocka_unit_test(test_out_of_service_terminating),
        cmocka_unit_test(test_out_of_service_no_execute),
        cmocka_unit_test(test_unscheduled_terminating),
        cmocka_unit_test(test_terminated_threshold),
        cmocka_unit_test(test_daemonset_skips_deleted_node),
        cmocka_unit_test(
            test_daemonset_deletes_unscheduled_pod_of_deleted_node),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
