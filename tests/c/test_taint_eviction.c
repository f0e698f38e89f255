/*
 * test_taint_eviction.c - the taint eviction controller
 * (core/src/taint_eviction.c) on exact timing.
 *
 * Upstream: pkg/controller/tainteviction/taint_eviction.go
 * (processPodOnNode, getMinTolerationTime, handleNodeUpdate,
 * handlePodUpdate, deletePodHandler/addConditionAndDeletePod),
 * timed_workers.go, pkg/apis/core/v1/helper/helpers.go
 * (GetMatchingTolerations), plugin/pkg/admission/defaulttolerationseconds;
 * ../shared/reference/lifecycle.md D.1, D.2.
 *
 * The cluster is three nodes; node-2's kubelet is silent from the start
 * (its dump shows Ready=Unknown), so the node lifecycle controller sees it
 * not Ready and never removes the NoExecute taints the tests put on it,
 * and with --node-eviction-rate 0 it never adds its own: every NoExecute
 * taint here is the test's (kubectl taint at an exact time). Each
 * expected instant is the taint's time plus the toleration, derived from
 * the upstream rules named in the comments.
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

#define UNREACHABLE "node.kubernetes.io/unreachable:NoExecute"

/* Time 0 is the newest timestamp of the dump: node-1's heartbeat at
   00:10:00. */
#define NODE(name, ready, heartbeat, taints)                          \
    "- apiVersion: v1\n"                                              \
    "  kind: Node\n"                                                  \
    "  metadata:\n"                                                   \
    "    name: " name                                                 \
    "\n"                                                              \
    "    creationTimestamp: \"2026-01-01T00:00:00Z\"\n"               \
    "    labels: {kubernetes.io/hostname: " name                      \
    ", topology.kubernetes.io/zone: zone-a}\n"                        \
    "  spec: {" taints                                                \
    "}\n"                                                             \
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

#define NODES_WITH(node2_taints)                                            \
    "apiVersion: v1\nkind: List\nitems:\n" NODE("node-1", "True",           \
                                                "2026-01-01T00:10:00Z", "") \
        NODE("node-2", "Unknown", "2026-01-01T00:09:00Z", node2_taints)     \
            NODE("node-3", "True", "2026-01-01T00:09:30Z", "")

static const char NODES[] = NODES_WITH("");

/* A Running pod bound to `node`; `extra_meta` goes under metadata,
   `extra_spec` under spec (both may be ""). */
static void append_pod(char *buf, size_t size, const char *name,
                       const char *node, const char *extra_meta,
                       const char *extra_spec) {
    size_t len = strlen(buf);
    int n = snprintf(
        buf + len, size - len,
        "---\n"
        "apiVersion: v1\n"
        "kind: Pod\n"
        "metadata:\n"
        "  name: %s\n"
        "  namespace: default\n"
        "  uid: %s-uid\n"
        "  creationTimestamp: \"2026-01-01T00:00:00Z\"\n"
        "  labels: {app: %s}\n"
        "%s"
        "spec:\n"
        "  nodeName: %s\n"
        "  terminationGracePeriodSeconds: 30\n"
        "  containers: [{name: app, image: \"busybox:1.36\"}]\n"
        "%s"
        "status:\n"
        "  phase: Running\n"
        "  startTime: \"2026-01-01T00:00:01Z\"\n"
        "  conditions:\n"
        "  - {type: PodScheduled, status: \"True\", lastTransitionTime: "
        "\"2026-01-01T00:00:00Z\"}\n"
        "  - {type: Ready, status: \"True\"}\n"
        "  containerStatuses:\n"
        "  - {name: app, ready: true, started: true, restartCount: 0, "
        "image: \"busybox:1.36\", imageID: x, containerID: "
        "\"containerd://%s\", state: {running: {startedAt: "
        "\"2026-01-01T00:00:01Z\"}}}\n",
        name, name, name, extra_meta, node, extra_spec, name);
    assert_true(n > 0 && (size_t)n < size - len);
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

/* --node-eviction-rate 0 (and secondary 0): the node lifecycle controller
   adds no NoExecute taint of its own. */
static podsim_node_lifecycle quiet_lifecycle(void) {
    podsim_node_lifecycle nl = PODSIM_NODE_LIFECYCLE_INIT;
    nl.node_eviction_rate = -1;
    nl.secondary_node_eviction_rate = -1;
    return nl;
}

static world start_nl(const char *nodes, const char *pods,
                      const podsim_node_lifecycle *nl) {
    world w = {NULL, NULL};
    assert_int_equal(podsim_cluster_new(NULL, &w.cluster), PODSIM_OK);
    podsim_status s = podsim_cluster_load_string(w.cluster, nodes,
                                                 strlen(nodes), "nodes", NULL);
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

static world start(const char *nodes, const char *pods) {
    podsim_node_lifecycle nl = quiet_lifecycle();
    return start_nl(nodes, pods, &nl);
}

static void stop(world *w) {
    podsim_sim_free(w->sim);
    podsim_cluster_free(w->cluster);
}

static void taint(world *w, const char *node, const char *text, int64_t at) {
    check(w->sim, podsim_sim_taint_node(w->sim, node, text, at));
}

static void run_until(world *w, int64_t t) {
    check(w->sim, podsim_sim_run_until(w->sim, t));
}

/* The pod object by name, removed or not (the newest of that name). */
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

/* Times of TaintManagerEviction events on `pod` whose message starts with
   `what` ("Marking" or "Cancelling"), in order; returns how many. */
static size_t te_events(world *w, const char *pod, const char *what,
                        int64_t *times, size_t max) {
    size_t found = 0, n = podsim_sim_event_count(w->sim);
    for (size_t i = 0; i < n; i++) {
        const podsim_sim_event *e = podsim_sim_event_get(w->sim, i);
        if (strcmp(e->reason, "TaintManagerEviction") != 0 ||
            strcmp(e->name, pod) != 0 ||
            strncmp(e->message, what, strlen(what)) != 0) {
            continue;
        }
        if (found < max) times[found] = e->time;
        found += (size_t)e->count;
    }
    return found;
}

/* Exactly one eviction of `pod`, at `at` ms. */
static void assert_evicted_once_at(world *w, const char *pod, int64_t at) {
    int64_t t[4] = {0};
    size_t n = te_events(w, pod, "Marking", t, 4);
    if (n != 1) fail_msg("%s: %zu evictions, expected 1", pod, n);
    assert_int_equal(t[0], at);
}

static void assert_never_evicted(world *w, const char *pod) {
    int64_t t[4] = {0};
    assert_int_equal(te_events(w, pod, "Marking", t, 4), 0);
    assert_true(pod_named(w, pod)->meta.deletion_timestamp == PODSIM_NO_TIME);
}

/* The pod as it is right after its eviction at `at`: DisruptionTarget
   True (DeletionByTaintManager, set at `at`) and a graceful DELETE with
   its own 30 s, so deletionTimestamp = at + 30 s. */
static void assert_deleted_at(world *w, const char *pod, int64_t at) {
    const podsim_pod *p = pod_named(w, pod);
    int64_t epoch = podsim_sim_epoch_ms(w->sim);
    assert_int_equal(p->meta.deletion_timestamp, epoch + at + 30000);
    const podsim_condition *c = condition(p, "DisruptionTarget");
    assert_non_null(c);
    assert_string_equal(c->status, "True");
    assert_string_equal(c->reason, "DeletionByTaintManager");
    assert_string_equal(c->message,
                        "Taint manager: deleting due to NoExecute taint");
    assert_int_equal(c->last_transition_time, epoch + at);
}

/* ------------------------------------------------------------------ */
/* tolerationSeconds                                                    */
/* ------------------------------------------------------------------ */

#define TOLERATE_UNREACHABLE(seconds)                                      \
    "  tolerations:\n"                                                     \
    "  - {key: node.kubernetes.io/unreachable, operator: Exists, effect: " \
    "NoExecute" seconds "}\n"

/* getMinTolerationTime: a used toleration with tolerationSeconds <= 0
   gives 0, so the work fires at once (createWorker with no delay). */
static void test_toleration_seconds_zero(void **state) {
    (void)state;
    char pods[4096] = "";
    append_pod(pods, sizeof pods, "zero", "node-2", "",
               TOLERATE_UNREACHABLE(", tolerationSeconds: 0"));
    append_pod(pods, sizeof pods, "negative", "node-2", "",
               TOLERATE_UNREACHABLE(", tolerationSeconds: -5"));
    world w = start(NODES, pods);
    taint(&w, "node-2", UNREACHABLE, 10000);
    run_until(&w, 10000);
    assert_evicted_once_at(&w, "zero", 10000);
    assert_evicted_once_at(&w, "negative", 10000);
    assert_deleted_at(&w, "zero", 10000);
    stop(&w);
}

/* tolerationSeconds 60: deleted 60 s after the controller saw the taint
   (the taint at 10 s, the eviction at 70 s), not a millisecond before;
   the event, the condition and the graceful DELETE as deletePodHandler
   does them. */
static void test_toleration_seconds_60(void **state) {
    (void)state;
    char pods[4096] = "";
    append_pod(pods, sizeof pods, "sixty", "node-2", "",
               TOLERATE_UNREACHABLE(", tolerationSeconds: 60"));
    append_pod(pods, sizeof pods, "elsewhere", "node-1", "",
               TOLERATE_UNREACHABLE(", tolerationSeconds: 60"));
    world w = start(NODES, pods);
    taint(&w, "node-2", UNREACHABLE, 10000);
    run_until(&w, 69999);
    assert_never_evicted(&w, "sixty");
    run_until(&w, 70000);
    assert_evicted_once_at(&w, "sixty", 70000);
    assert_deleted_at(&w, "sixty", 70000);
    size_t n = podsim_sim_event_count(w.sim);
    const podsim_sim_event *e = NULL;
    for (size_t i = 0; i < n; i++) {
        e = podsim_sim_event_get(w.sim, i);
        if (strcmp(e->reason, "TaintManagerEviction") == 0) break;
    }
    assert_non_null(e);
    assert_string_equal(e->type, "Normal");
    assert_string_equal(e->kind, "Pod");
    assert_string_equal(e->source, "taint-eviction-controller");
    assert_string_equal(e->message, "Marking for deletion Pod default/sixty");
    /* a pod on another node is untouched */
    run_until(&w, 600000);
    assert_never_evicted(&w, "elsewhere");
    stop(&w);
}

/* No tolerationSeconds: tolerated for ever (getMinTolerationTime -1). */
static void test_toleration_seconds_absent(void **state) {
    (void)state;
    char pods[4096] = "";
    append_pod(pods, sizeof pods, "forever", "node-2", "",
               TOLERATE_UNREACHABLE(""));
    world w = start(NODES, pods);
    taint(&w, "node-2", UNREACHABLE, 10000);
    run_until(&w, 3600000);
    assert_never_evicted(&w, "forever");
    int64_t t[2];
    assert_int_equal(te_events(&w, "forever", "Cancelling", t, 2), 0);
    stop(&w);
}

/* A NoExecute taint no toleration tolerates: deleted at once
   (GetMatchingTolerations false), whatever the other taints allow. */
static void test_untolerated_taint(void **state) {
    (void)state;
    char pods[4096] = "";
    append_pod(pods, sizeof pods, "plain", "node-2", "", "");
    world w = start(NODES, pods);
    taint(&w, "node-2", UNREACHABLE, 5000); /* 300 s (admission) */
    taint(&w, "node-2", "example.com/maintenance=now:NoExecute", 20000);
    run_until(&w, 20000);
    /* the 300 s eviction was pending: cancelled, then deleted at once */
    int64_t t[2] = {0};
    assert_int_equal(te_events(&w, "plain", "Cancelling", t, 2), 1);
    assert_int_equal(t[0], 20000);
    assert_evicted_once_at(&w, "plain", 20000);
    assert_deleted_at(&w, "plain", 20000);
    stop(&w);
}

/* Two taints, each tolerated with seconds: the minimum decides. Both
   arrive at 10 s: 300 s (unreachable, admission) and 60 s. */
static void test_minimum_of_two_taints(void **state) {
    (void)state;
    char pods[4096] = "";
    append_pod(pods, sizeof pods, "two", "node-2", "",
               "  tolerations:\n"
               "  - {key: example.com/degraded, operator: Exists, effect: "
               "NoExecute, tolerationSeconds: 60}\n");
    world w = start(NODES, pods);
    taint(&w, "node-2", UNREACHABLE, 10000);
    taint(&w, "node-2", "example.com/degraded:NoExecute", 10000);
    run_until(&w, 3600000);
    assert_evicted_once_at(&w, "two", 70000);
    stop(&w);
}

/* An eviction already scheduled is kept as it is: processPodOnNode keeps
   the work when CreatedAt + min is before now + min, whatever the new
   minimum. The unreachable taint at 10 s schedules 310 s; a second taint
   at 100 s tolerated for 30 s does not bring it forward to 130 s, and a
   taint swap (unreachable replaced by not-ready at 200 s) does not
   restart it. */
static void test_scheduled_eviction_is_kept(void **state) {
    (void)state;
    char pods[4096] = "";
    append_pod(pods, sizeof pods, "kept", "node-2", "",
               "  tolerations:\n"
               "  - {key: example.com/degraded, operator: Exists, effect: "
               "NoExecute, tolerationSeconds: 30}\n");
    world w = start(NODES, pods);
    taint(&w, "node-2", UNREACHABLE, 10000);
    taint(&w, "node-2", "example.com/degraded:NoExecute", 100000);
    taint(&w, "node-2", "node.kubernetes.io/not-ready:NoExecute", 200000);
    taint(&w, "node-2", UNREACHABLE "-", 200000);
    run_until(&w, 3600000);
    assert_evicted_once_at(&w, "kept", 310000);
    int64_t t[2];
    assert_int_equal(te_events(&w, "kept", "Cancelling", t, 2), 0);
    stop(&w);
}

/* DefaultTolerationSeconds admission: a bare pod tolerates unreachable
   and not-ready for 300 s (the kube-apiserver flags), so the taint at
   10 s evicts it at 310 s. A pod created during the simulation is
   admitted with the simulation's flags (here 120 s). */
static void test_default_toleration_seconds(void **state) {
    (void)state;
    char pods[4096] = "";
    append_pod(pods, sizeof pods, "bare", "node-2", "", "");
    podsim_node_lifecycle nl = quiet_lifecycle();
    nl.default_unreachable_toleration_seconds = 120;
    world w = start_nl(NODES, pods, &nl);
    const podsim_pod *bare = pod_named(&w, "bare");
    bool found = false;
    for (size_t i = 0; i < bare->spec.toleration_count; i++) {
        const podsim_toleration *t = &bare->spec.tolerations[i];
        if (strcmp(t->key, "node.kubernetes.io/unreachable") == 0) {
            assert_int_equal(t->effect, PODSIM_EFFECT_NO_EXECUTE);
            assert_true(t->toleration_seconds.set);
            assert_int_equal(t->toleration_seconds.value, 300);
            found = true;
        }
    }
    assert_true(found);
    static const char late[] =
        "apiVersion: v1\nkind: Pod\nmetadata: {name: late, namespace: "
        "default}\nspec:\n  nodeName: node-2\n  containers: [{name: app, "
        "image: \"busybox:1.36\"}]\n";
    check(w.sim,
          podsim_sim_apply_string(w.sim, late, strlen(late), "late", 5000));
    taint(&w, "node-2", UNREACHABLE, 10000);
    run_until(&w, 3600000);
    assert_evicted_once_at(&w, "bare", 310000);
    assert_evicted_once_at(&w, "late", 130000);
    stop(&w);
}

/* The taint goes before the deadline: the scheduled deletion is
   cancelled (handleNodeUpdate, no NoExecute taint left) with the event,
   and the pod survives; the taint coming back starts a new clock. */
static void test_taint_removed_cancels(void **state) {
    (void)state;
    char pods[4096] = "";
    append_pod(pods, sizeof pods, "saved", "node-2", "",
               TOLERATE_UNREACHABLE(", tolerationSeconds: 60"));
    world w = start(NODES, pods);
    taint(&w, "node-2", UNREACHABLE, 10000);
    taint(&w, "node-2", UNREACHABLE "-", 40000);
    run_until(&w, 600000);
    assert_never_evicted(&w, "saved");
    int64_t t[2] = {0};
    assert_int_equal(te_events(&w, "saved", "Cancelling", t, 2), 1);
    assert_int_equal(t[0], 40000);
    size_t n = podsim_sim_event_count(w.sim);
    for (size_t i = 0; i < n; i++) {
        const podsim_sim_event *e = podsim_sim_event_get(w.sim, i);
        if (strcmp(e->reason, "TaintManagerEviction") == 0) {
            assert_string_equal(e->message,
                                "Cancelling deletion of Pod default/saved");
        }
    }
    taint(&w, "node-2", UNREACHABLE, 700000);
    run_until(&w, 3600000);
    assert_evicted_once_at(&w, "saved", 760000);
    stop(&w);
}

/* --controllers=-taint-eviction-controller: NoExecute taints evict
   nothing, not even untolerated ones. */
static void test_controller_disabled(void **state) {
    (void)state;
    char pods[4096] = "";
    append_pod(pods, sizeof pods, "plain", "node-2", "", "");
    podsim_node_lifecycle nl = quiet_lifecycle();
    nl.flags = PODSIM_NL_NO_TAINT_EVICTION;
    world w = start_nl(NODES, pods, &nl);
    taint(&w, "node-2", UNREACHABLE, 10000);
    taint(&w, "node-2", "example.com/maintenance:NoExecute", 10000);
    run_until(&w, 3600000);
    assert_never_evicted(&w, "plain");
    stop(&w);
}

/* A DaemonSet pod tolerates unreachable and not-ready NoExecute without
   seconds (AddOrUpdateDaemonPodTolerations): never evicted; and the
   DaemonSet controller neither deletes it nor adds a second pod for the
   node because of the taints (NodeShouldRunDaemonPod: shouldRun false
   for the untolerated unreachable:NoSchedule, shouldContinueRunning
   true). */
static void test_daemonset_pod_never_evicted(void **state) {
    (void)state;
    static const char ds[] =
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
    static const char owner[] =
        "  ownerReferences: [{apiVersion: apps/v1, kind: DaemonSet, name: "
        "agent, uid: agent-uid, controller: true}]\n";
    char pods[8192];
    snprintf(pods, sizeof pods, "%s", ds);
    append_pod(pods, sizeof pods, "agent-1", "node-1", owner, "");
    append_pod(pods, sizeof pods, "agent-2", "node-2", owner, "");
    append_pod(pods, sizeof pods, "agent-3", "node-3", owner, "");
    world w = start(NODES, pods);
    taint(&w, "node-2", "node.kubernetes.io/unreachable:NoSchedule", 9000);
    taint(&w, "node-2", UNREACHABLE, 10000);
    taint(&w, "node-2", "node.kubernetes.io/not-ready:NoExecute", 20000);
    run_until(&w, 3600000);
    assert_never_evicted(&w, "agent-2");
    const podsim_pod *p = pod_named(&w, "agent-2");
    assert_false(p->removed);
    /* still exactly one pod per node */
    podsim_cluster *c = podsim_sim_cluster(w.sim);
    size_t n = podsim_cluster_count(c, PODSIM_KIND_POD), agents = 0;
    for (size_t i = 0; i < n; i++) {
        const podsim_pod *q = podsim_cluster_pod(c, (podsim_id)i);
        if (!q->removed && strncmp(q->meta.name, "agent", 5) == 0) agents++;
    }
    assert_int_equal(agents, 3);
    stop(&w);
}

/* handleNodeUpdate on a deleted node only forgets its taints: the
   eviction scheduled at 10 s + 30 s still fires at 40 s (the pod is still
   there: PodGC needs its quarantine), with no cancellation. */
static void test_node_deleted_keeps_eviction(void **state) {
    (void)state;
    char pods[4096] = "";
    append_pod(pods, sizeof pods, "doomed", "node-2", "",
               TOLERATE_UNREACHABLE(", tolerationSeconds: 30"));
    world w = start(NODES, pods);
    taint(&w, "node-2", UNREACHABLE, 10000);
    check(w.sim,
          podsim_sim_fail_node(w.sim, "node-2", 20000, PODSIM_NODE_DELETED));
    run_until(&w, 40000);
    assert_evicted_once_at(&w, "doomed", 40000);
    int64_t t[2];
    assert_int_equal(te_events(&w, "doomed", "Cancelling", t, 2), 0);
    stop(&w);
}

/* A loaded node whose NoExecute taint was added before the dump: the
   controller had been running, so the eviction comes 300 s after the
   taint's timeAdded (100 s before time 0), at 200 s; a pod scheduled
   after the taint counts from its scheduling. */
static void test_loaded_taint_counts_from_time_added(void **state) {
    (void)state;
    char pods[4096] = "";
    append_pod(pods, sizeof pods, "old", "node-2", "", "");
    static const char nodes[] = NODES_WITH(
        "taints: [{key: node.kubernetes.io/unreachable, effect: NoExecute, "
        "timeAdded: \"2026-01-01T00:08:20Z\"}]");
    world w = start(nodes, pods);
    int64_t epoch = podsim_sim_epoch_ms(w.sim);
    const podsim_node *n2 = NULL;
    podsim_cluster *c = podsim_sim_cluster(w.sim);
    for (size_t i = 0; i < podsim_cluster_count(c, PODSIM_KIND_NODE); i++) {
        const podsim_node *n = podsim_cluster_node(c, (podsim_id)i);
        if (strcmp(n->meta.name, "node-2") == 0) n2 = n;
    }
    assert_non_null(n2);
    int64_t added = n2->taints[0].time_added - epoch;
    assert_int_equal(added, -100000);
    run_until(&w, 3600000);
    assert_evicted_once_at(&w, "old", added + 300000);
    stop(&w);
}

/* Forks carry the scheduled evictions and their timers independently. */
static void test_fork_is_independent(void **state) {
    (void)state;
    char pods[4096] = "";
    append_pod(pods, sizeof pods, "branch", "node-2", "",
               TOLERATE_UNREACHABLE(", tolerationSeconds: 60"));
    world w = start(NODES, pods);
    taint(&w, "node-2", UNREACHABLE, 10000);
    run_until(&w, 30000);
    world f = {NULL, NULL};
    check(w.sim, podsim_sim_fork(w.sim, &f.sim));
    taint(&f, "node-2", UNREACHABLE "-", 40000);
    run_until(&w, 600000);
    run_until(&f, 600000);
    assert_evicted_once_at(&w, "branch", 70000);
    assert_never_evicted(&f, "branch");
    podsim_sim_free(f.sim);
    stop(&w);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_toleration_seconds_zero),
        cmocka_unit_test(test_toleration_seconds_60),
        cmocka_unit_test(test_toleration_seconds_absent),
        cmocka_unit_test(test_untolerated_taint),
        cmocka_unit_test(test_minimum_of_two_taints),
        cmocka_unit_test(test_scheduled_eviction_is_kept),
        cmocka_unit_test(test_default_toleration_seconds),
        cmocka_unit_test(test_taint_removed_cancels),
        cmocka_unit_test(test_controller_disabled),
        cmocka_unit_test(test_daemonset_pod_never_evicted),
        cmocka_unit_test(test_node_deleted_keeps_eviction),
        cmocka_unit_test(test_loaded_taint_counts_from_time_added),
        cmocka_unit_test(test_fork_is_independent),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
