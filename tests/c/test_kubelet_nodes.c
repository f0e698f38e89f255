/*
 * test_kubelet_nodes.c - the kubelet (core/src/kubelet.c) living its
 * machine's state, and the ReadWriteOnce attach rule
 * (core/src/attach_detach.c), on exact timing.
 *
 * The machine state is driven directly (podsim_sim_fail_node,
 * podsim_sim_recover_node set sim_node_state.health), deletions with
 * podsim_sim_delete_pod and the out-of-service taint with
 * podsim_sim_taint_node, so the expected times depend on the kubelet and
 * the attach-detach rule only; taint-based eviction is off
 * (PODSIM_NL_NO_TAINT_EVICTION) so that no eviction lands inside a
 * timeline. Where the node lifecycle controller's MarkPodsNotReady
 * matters, the test writes Ready=False itself, as that controller does.
 *
 * Upstream sources: pkg/kubelet/nodeshutdown/nodeshutdown_manager.go
 * (killPods, groupByPriority, migrateConfig), pkg/kubelet/status/
 * status_manager.go (syncPeriod, syncBatch, needsReconcile),
 * pkg/kubelet/pod_workers.go (calculateEffectiveGracePeriod),
 * pkg/kubelet/kuberuntime/kuberuntime_manager.go (computePodActions),
 * pkg/kubelet/kubelet.go (SyncPod's network check, rejectPod),
 * pkg/controller/volume/attachdetach/reconciler/reconciler.go
 * (reportMultiAttachError, maxWaitForUnmountDuration,
 * hasOutOfServiceTaint); ../shared/reference/lifecycle.md C.5, D.3-D.5, F.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "sim.h"

/* ------------------------------------------------------------------ */
/* Helpers                                                              */
/* ------------------------------------------------------------------ */

#define NODE(name, ip)                                           \
    "apiVersion: v1\n"                                           \
    "kind: Node\n"                                               \
    "metadata:\n"                                                \
    "  name: " name                                              \
    "\n"                                                         \
    "status:\n"                                                  \
    "  addresses:\n"                                             \
    "  - type: InternalIP\n"                                     \
    "    address: " ip                                           \
    "\n"                                                         \
    "  capacity: {cpu: \"8\", memory: 16Gi, pods: \"110\"}\n"    \
    "  allocatable: {cpu: \"8\", memory: 16Gi, pods: \"110\"}\n" \
    "  images:\n"                                                \
    "  - names: [\"docker.io/library/busybox:1.36\"]\n"          \
    "    sizeBytes: 4000000\n"                                   \
    "---\n"

#define NODES_YAML NODE("node-1", "10.0.0.1") NODE("node-2", "10.0.0.2")

/* A bare pod bound to a node, one busybox container. */
#define POD(name, node)       \
    "apiVersion: v1\n"        \
    "kind: Pod\n"             \
    "metadata: {name: " name  \
    ", namespace: default}\n" \
    "spec:\n"                 \
    "  nodeName: " node       \
    "\n"                      \
    "  containers:\n"         \
    "  - {name: app, image: busybox:1.36}\n"

/* Without a volume, a pod bound at 0 runs at 1200: sandbox 1000, then the
   container (image present) created and started in 200. */
static podsim_timing exact_timing(void) {
    podsim_timing t = PODSIM_TIMING_INIT;
    t.sandbox_ms = 1000;
    t.container_start_ms = 200;
    t.image_pull_overhead_ms = 500;
    t.image_digest_check_ms = 100;
    t.volume_mount_ms = 100;
    t.volume_attach_ms = 5000;
    t.persistent_volume_mount_ms = 1000;
    t.container_stop_ms = 500;
    t.flags = PODSIM_TIMING_EXACT;
    return t;
}

typedef struct fixture {
    podsim_cluster *cluster;
    podsim_sim *sim;
} fixture;

static void fixture_open(fixture *f, const char *yaml,
                         const podsim_node_lifecycle *nl_in) {
    memset(f, 0, sizeof(*f));
    assert_int_equal(podsim_cluster_new(NULL, &f->cluster), PODSIM_OK);
    podsim_status s = podsim_cluster_load_string(f->cluster, yaml, strlen(yaml),
                                                 "test", NULL);
    if (s != PODSIM_OK) {
        fail_msg("load: %s", podsim_cluster_error(f->cluster)->message);
    }
    podsim_timing t = exact_timing();
    podsim_node_lifecycle nl = PODSIM_NODE_LIFECYCLE_INIT;
    if (nl_in) nl = *nl_in;
    nl.flags |= PODSIM_NL_NO_TAINT_EVICTION;
    podsim_sim_options opt = PODSIM_SIM_OPTIONS_INIT;
    opt.timing = &t;
    opt.kubernetes_version = "1.34";
    opt.node_lifecycle = &nl;
    assert_int_equal(podsim_sim_new(f->cluster, &opt, &f->sim), PODSIM_OK);
}

static void fixture_close(fixture *f) {
    podsim_sim_free(f->sim);
    podsim_cluster_free(f->cluster);
}

static void run_until(podsim_sim *sim, int64_t ms) {
    podsim_status s = podsim_sim_run_until(sim, ms);
    if (s != PODSIM_OK) fail_msg("run: %s", podsim_sim_error(sim)->message);
}

static void ok(podsim_sim *sim, podsim_status s) {
    if (s != PODSIM_OK) fail_msg("%s", podsim_sim_error(sim)->message);
}

/* Time of the nth (0-based) change of a pod's field to value, or -1. */
static int64_t change_at(const podsim_sim *sim, const char *pod,
                         const char *field, const char *value, int nth) {
    size_t n = podsim_sim_change_count(sim);
    for (size_t i = 0; i < n; i++) {
        const podsim_sim_change *c = podsim_sim_change_get(sim, i);
        if (strcmp(c->kind, "Pod") || strcmp(c->name, pod) ||
            strcmp(c->field, field) || strcmp(c->value, value)) {
            continue;
        }
        if (nth-- == 0) return c->time;
    }
    return -1;
}

/* How many changes of a pod's field happened in (from, to]. */
static int changes_between(const podsim_sim *sim, const char *pod,
                           const char *field, int64_t from, int64_t to) {
    int count = 0;
    size_t n = podsim_sim_change_count(sim);
    for (size_t i = 0; i < n; i++) {
        const podsim_sim_change *c = podsim_sim_change_get(sim, i);
        if (!strcmp(c->kind, "Pod") && !strcmp(c->name, pod) &&
            !strncmp(c->field, field, strlen(field)) && c->time > from &&
            c->time <= to) {
            count++;
        }
    }
    return count;
}

/* Time of the nth occurrence of an event (object name, reason, message),
   or -1. */
static int64_t event_at(const podsim_sim *sim, const char *name,
                        const char *reason, const char *message, int nth) {
    size_t n = podsim_sim_event_count(sim);
    for (size_t i = 0; i < n; i++) {
        const podsim_sim_event *e = podsim_sim_event_get(sim, i);
        if (strcmp(e->name, name) || strcmp(e->reason, reason) ||
            (message && strcmp(e->message, message))) {
            continue;
        }
        if (nth-- == 0) return e->first_time;
    }
    return -1;
}

/* Kubelet events about a pod in (from, to]. */
static int kubelet_events_between(const podsim_sim *sim, const char *pod,
                                  int64_t from, int64_t to) {
    int count = 0;
    size_t n = podsim_sim_event_count(sim);
    for (size_t i = 0; i < n; i++) {
        const podsim_sim_event *e = podsim_sim_event_get(sim, i);
        if (!strcmp(e->name, pod) && !strcmp(e->source, "kubelet") &&
            e->time > from && e->first_time <= to) {
            count++;
        }
    }
    return count;
}

static const podsim_pod *find_pod(podsim_sim *sim, const char *name) {
    podsim_id id;
    if (podsim_sim_find_pod(sim, "default", name, &id) != PODSIM_OK) {
        return NULL;
    }
    return podsim_cluster_pod(podsim_sim_cluster(sim), id);
}

static const podsim_container_status *app_status(const podsim_pod *p) {
    assert_non_null(p);
    assert_int_equal(p->status.container_status_count, 1);
    return &p->status.container_statuses[0];
}

static const podsim_condition *condition(const podsim_pod *p,
                                         const char *type) {
    for (size_t i = 0; i < p->status.condition_count; i++) {
        if (!strcmp(p->status.conditions[i].type, type)) {
            return &p->status.conditions[i];
        }
    }
    return NULL;
}

static void set_behavior(podsim_sim *sim, const char *pod, podsim_run_kind run,
                         int64_t run_ms, bool handles_sigterm) {
    podsim_behavior b = PODSIM_BEHAVIOR_INIT;
    b.run = run;
    b.run_ms = run_ms;
    b.handles_sigterm = handles_sigterm;
    ok(sim, podsim_sim_set_behavior(sim, pod, "*", &b));
}

static sim_node_health health(podsim_sim *sim, const char *node) {
    podsim_id id = sim_find_node(sim, node);
    assert_int_not_equal(id, PODSIM_NO_ID);
    return (sim_node_health)sim_node(sim, id)->health;
}

/* What the node lifecycle controller's MarkPodsNotReady writes
   (pkg/controller/util/node/controller_utils.go). */
static void mark_not_ready(podsim_sim *sim, const char *name) {
    podsim_id id;
    ok(sim, podsim_sim_find_pod(sim, "default", name, &id));
    sim_pod_set_condition(sim, id, "Ready", "False", "", "");
    sim_pod_status_written(sim, id);
}

/* ------------------------------------------------------------------ */
/* (1) partitioned: the kubelet writes nothing, then catches up         */
/* ------------------------------------------------------------------ */

static const char ONE_POD_YAML[] = NODES_YAML POD("web-0", "node-1");

static void test_partition_silences_kubelet(void **state) {
    (void)state;
    fixture f;
    fixture_open(&f, ONE_POD_YAML, NULL);
    /* runs at 1200 and crashes 2 s after each start */
    set_behavior(f.sim, "web-0", PODSIM_RUN_CRASH, 2000, true);
    ok(f.sim,
       podsim_sim_fail_node(f.sim, "node-1", 2000, PODSIM_NODE_UNREACHABLE));
    ok(f.sim, podsim_sim_recover_node(f.sim, "node-1", 60000));
    run_until(f.sim, 59999);
    assert_int_equal(health(f.sim, "node-1"), NODE_UNREACHABLE);
    assert_int_equal(change_at(f.sim, "web-0", "phase", "Running", 0), 1200);
    /* the exit due at 3200 is not seen: no restart, no container state,
       no event while the kubelet is silent */
    assert_int_equal(changes_between(f.sim, "web-0", "restarts", 2000, 59999),
                     0);
    assert_int_equal(changes_between(f.sim, "web-0", "container/", 2000, 59999),
                     0);
    assert_int_equal(changes_between(f.sim, "web-0", "phase", 2000, 59999), 0);
    assert_int_equal(kubelet_events_between(f.sim, "web-0", 2000, 59999), 0);
    assert_int_equal(app_status(find_pod(f.sim, "web-0"))->restart_count, 0);
    run_until(f.sim, 70000);
    /* back at 60000: the exit held since 3200 happens now; the first exit
       restarts at once (no back-off entry yet): running again 200 ms
       later */
    assert_int_equal(
        change_at(f.sim, "web-0", "container/app", "terminated:Error", 0),
        60000);
    assert_int_equal(change_at(f.sim, "web-0", "restarts", "1", 0), 60200);
    fixture_close(&f);
}

/* Deleted while partitioned: Terminating for as long as the kubelet is
   away (lifecycle.md D.3); when it returns it terminates the pod with the
   full deletionGracePeriodSeconds from then (calculateEffectiveGracePeriod)
   and removes it. "stubborn" ignores SIGTERM: SIGKILL 30 s after the
   return, although its deletionTimestamp passed long before. */
static const char DELETE_YAML[] =
    NODES_YAML POD("web-0", "node-1") "---\n" POD("stubborn", "node-1");

static void test_deleted_while_partitioned(void **state) {
    (void)state;
    fixture f;
    fixture_open(&f, DELETE_YAML, NULL);
    set_behavior(f.sim, "stubborn", PODSIM_RUN_FOREVER, 0, false);
    ok(f.sim,
       podsim_sim_fail_node(f.sim, "node-1", 5000, PODSIM_NODE_UNREACHABLE));
    ok(f.sim,
       podsim_sim_delete_pod(f.sim, "default", "web-0", 10000, -1, false));
    ok(f.sim,
       podsim_sim_delete_pod(f.sim, "default", "stubborn", 10000, -1, false));
    ok(f.sim, podsim_sim_recover_node(f.sim, "node-1", 100000));
    run_until(f.sim, 99999);
    const podsim_pod *p = find_pod(f.sim, "web-0");
    assert_non_null(p);
    assert_int_equal(p->meta.deletion_timestamp,
                     podsim_sim_epoch_ms(f.sim) + 40000);
    assert_int_equal(p->status.phase, PODSIM_PHASE_RUNNING);
    assert_int_equal(event_at(f.sim, "web-0", "Killing", NULL, 0), -1);
    /* a fork taken while the kubelet is away carries what it holds */
    podsim_sim *fork = NULL;
    ok(f.sim, podsim_sim_fork(f.sim, &fork));
    run_until(f.sim, 200000);
    /* back at 100000: SIGTERM, web-0 exits 500 ms later and goes */
    assert_int_equal(
        event_at(f.sim, "web-0", "Killing", "Stopping container app", 0),
        100000);
    assert_int_equal(change_at(f.sim, "web-0", "phase", "Succeeded", 0),
                     100500);
    assert_null(find_pod(f.sim, "web-0"));
    assert_int_equal(
        change_at(f.sim, "stubborn", "container/app", "terminated:Error", 0),
        130000);
    assert_int_equal(change_at(f.sim, "stubborn", "phase", "Failed", 0),
                     130000);
    assert_null(find_pod(f.sim, "stubborn"));
    /* the fork, run alone, does the same */
    run_until(fork, 200000);
    assert_int_equal(change_at(fork, "web-0", "phase", "Succeeded", 0), 100500);
    assert_int_equal(change_at(fork, "stubborn", "phase", "Failed", 0), 130000);
    assert_null(find_pod(fork, "stubborn"));
    assert_int_equal(podsim_sim_change_count(fork),
                     podsim_sim_change_count(f.sim));
    podsim_sim_free(fork);
    fixture_close(&f);
}

/* After a partition the containers ran all along; the node lifecycle
   controller had set Ready=False. The status manager reconciles at its
   next 10 s tick (podsim: the simulation's 10 s grid): back at 95000,
   Ready=True again at 100000. */
static void test_partition_ready_rewritten(void **state) {
    (void)state;
    fixture f;
    fixture_open(&f, ONE_POD_YAML, NULL);
    ok(f.sim,
       podsim_sim_fail_node(f.sim, "node-1", 5000, PODSIM_NODE_UNREACHABLE));
    ok(f.sim, podsim_sim_recover_node(f.sim, "node-1", 95000));
    run_until(f.sim, 70000);
    assert_int_equal(change_at(f.sim, "web-0", "condition/Ready", "True", 0),
                     1200);
    mark_not_ready(f.sim, "web-0");
    run_until(f.sim, 99999);
    assert_string_equal(condition(find_pod(f.sim, "web-0"), "Ready")->status,
                        "False");
    run_until(f.sim, 120000);
    assert_int_equal(change_at(f.sim, "web-0", "condition/Ready", "True", 1),
                     100000);
    assert_string_equal(condition(find_pod(f.sim, "web-0"), "Ready")->status,
                        "True");
    /* nothing restarted */
    assert_int_equal(app_status(find_pod(f.sim, "web-0"))->restart_count, 0);
    /* the same while the kubelet is alive (a NotReady node's kubelet):
       Ready=False written at 123000 is undone at the 130000 tick */
    mark_not_ready(f.sim, "web-0");
    run_until(f.sim, 123000);
    mark_not_ready(f.sim, "web-0");
    run_until(f.sim, 140000);
    assert_int_equal(change_at(f.sim, "web-0", "condition/Ready", "True", 2),
                     130000);
    fixture_close(&f);
}

/* ------------------------------------------------------------------ */
/* (2) powered off, then on again                                       */
/* ------------------------------------------------------------------ */

/* Shutdown without graceful node shutdown: the machine is off at 5000.
   Back at 120000 the sandbox is made again (PodReadyToStartContainers
   False, then True after sandbox_ms) and the container restarts in place
   (restartCount 1, same UID); its last state is the runtime's report of
   the container lost with the power: exit 255, reason Unknown, finished
   at 5000. "gone-0", deleted while off, is finalized and removed at
   once. */
static const char REBOOT_YAML[] =
    NODES_YAML POD("web-0", "node-1") "---\n" POD("gone-0", "node-1");

static void test_power_off_restarts_in_place(void **state) {
    (void)state;
    fixture f;
    fixture_open(&f, REBOOT_YAML, NULL);
    ok(f.sim,
       podsim_sim_fail_node(f.sim, "node-1", 5000, PODSIM_NODE_SHUTDOWN));
    ok(f.sim,
       podsim_sim_delete_pod(f.sim, "default", "gone-0", 30000, -1, false));
    ok(f.sim, podsim_sim_recover_node(f.sim, "node-1", 120000));
    run_until(f.sim, 10000);
    assert_int_equal(health(f.sim, "node-1"), NODE_OFF);
    const char *uid = find_pod(f.sim, "web-0")->meta.uid;
    run_until(f.sim, 119999);
    assert_non_null(find_pod(f.sim, "gone-0"));
    assert_int_equal(
        changes_between(f.sim, "web-0", "container/", 5000, 119999), 0);
    run_until(f.sim, 200000);
    assert_false(sim_node(f.sim, sim_find_node(f.sim, "node-1"))->was_off);
    assert_int_equal(
        change_at(f.sim, "web-0", "condition/PodReadyToStartContainers",
                  "False", 1),
        120000);
    assert_int_equal(
        change_at(f.sim, "web-0", "container/app", "terminated:Unknown", 0),
        120000);
    assert_int_equal(
        change_at(f.sim, "web-0", "condition/PodReadyToStartContainers", "True",
                  1),
        121000);
    assert_int_equal(change_at(f.sim, "web-0", "restarts", "1", 0), 121200);
    assert_int_equal(change_at(f.sim, "web-0", "condition/Ready", "True", 1),
                     121200);
    const podsim_pod *p = find_pod(f.sim, "web-0");
    assert_string_equal(p->meta.uid, uid);
    assert_int_equal(p->status.phase, PODSIM_PHASE_RUNNING);
    const podsim_container_status *app = app_status(p);
    assert_int_equal(app->restart_count, 1);
    assert_int_equal(app->state.kind, PODSIM_STATE_RUNNING);
    assert_int_equal(app->last_state.kind, PODSIM_STATE_TERMINATED);
    assert_string_equal(app->last_state.reason, "Unknown");
    assert_int_equal(app->last_state.exit_code, 255);
    assert_int_equal(app->last_state.finished_at,
                     podsim_sim_epoch_ms(f.sim) + 5000);
    /* the deleted pod: finalized (its container lost: Failed) and gone */
    assert_int_equal(change_at(f.sim, "gone-0", "phase", "Failed", 0), 120000);
    assert_null(find_pod(f.sim, "gone-0"));
    assert_int_equal(event_at(f.sim, "gone-0", "Killing", NULL, 0), -1);
    fixture_close(&f);
}

/* ------------------------------------------------------------------ */
/* (3) graceful node shutdown                                           */
/* ------------------------------------------------------------------ */

/* shutdownGracePeriod 30 s, of which 10 s for critical pods: regular pods
   get min(their grace, 20 s), then critical ones (priority >=
   2000000000) min(their grace, 10 s), once the regular group is done or
   its 20 s ran out. "slow" ignores SIGTERM and has 60 s of grace: SIGKILL
   at 10000 + 20000. The critical pod is stopped then and exits 500 ms
   later. Every pod ends Failed, reason Terminated, DisruptionTarget True
   (TerminationByKubelet), and stays (not deleted). The machine goes off at
   10000 + 30000. */
static const char SHUTDOWN_YAML[] = NODES_YAML POD("web-0", "node-1")
    "---\n"
    "apiVersion: v1\nkind: Pod\n"
    "metadata: {name: slow, namespace: default}\n"
    "spec:\n  nodeName: node-1\n  terminationGracePeriodSeconds: 60\n"
    "  containers: [{name: app, image: busybox:1.36}]\n"
    "---\n"
    "apiVersion: v1\nkind: Pod\n"
    "metadata: {name: agent, namespace: kube-system}\n"
    "spec:\n  nodeName: node-1\n  priority: 2000001000\n"
    "  containers: [{name: app, image: busybox:1.36}]\n";

static const char SHUTDOWN_MESSAGE[] =
    "Pod was terminated in response to imminent node shutdown.";

static void assert_shut_down(podsim_sim *sim, const podsim_pod *p) {
    assert_non_null(p);
    (void)sim;
    assert_int_equal(p->status.phase, PODSIM_PHASE_FAILED);
    assert_string_equal(p->status.reason, "Terminated");
    assert_string_equal(p->status.message, SHUTDOWN_MESSAGE);
    const podsim_condition *c = condition(p, "DisruptionTarget");
    assert_non_null(c);
    assert_string_equal(c->status, "True");
    assert_string_equal(c->reason, "TerminationByKubelet");
    assert_string_equal(c->message, SHUTDOWN_MESSAGE);
    assert_null(p->meta.deletion_timestamp == PODSIM_NO_TIME ? NULL
                                                             : "deleted");
}

static void test_graceful_shutdown(void **state) {
    (void)state;
    podsim_node_lifecycle nl = PODSIM_NODE_LIFECYCLE_INIT;
    nl.shutdown_grace_period_ms = 30000;
    nl.shutdown_grace_period_critical_pods_ms = 10000;
    fixture f;
    fixture_open(&f, SHUTDOWN_YAML, &nl);
    set_behavior(f.sim, "slow", PODSIM_RUN_FOREVER, 0, false);
    ok(f.sim,
       podsim_sim_fail_node(f.sim, "node-1", 10000, PODSIM_NODE_SHUTDOWN));
    run_until(f.sim, 10000);
    assert_int_equal(health(f.sim, "node-1"), NODE_SHUTTING_DOWN);
    assert_int_equal(event_at(f.sim, "node-1", "NodeShutdown",
                              "Shutdown manager detected shutdown event", 0),
                     10000);
    /* the regular group at once */
    assert_int_equal(change_at(f.sim, "web-0", "phase", "Failed", 0), 10000);
    assert_int_equal(change_at(f.sim, "slow", "phase", "Failed", 0), 10000);
    assert_int_equal(
        event_at(f.sim, "web-0", "Killing", "Stopping container app", 0),
        10000);
    assert_int_equal(event_at(f.sim, "agent", "Killing", NULL, 0), -1);
    run_until(f.sim, 39999);
    assert_int_equal(health(f.sim, "node-1"), NODE_SHUTTING_DOWN);
    assert_int_equal(
        change_at(f.sim, "web-0", "container/app", "terminated:Completed", 0),
        10500);
    assert_int_equal(
        change_at(f.sim, "slow", "container/app", "terminated:Error", 0),
        30000);
    /* the critical group once the regular one is done */
    assert_int_equal(
        event_at(f.sim, "agent", "Killing", "Stopping container app", 0),
        30000);
    assert_int_equal(change_at(f.sim, "agent", "phase", "Failed", 0), 30000);
    assert_int_equal(
        change_at(f.sim, "agent", "container/app", "terminated:Completed", 0),
        30500);
    run_until(f.sim, 40000);
    assert_int_equal(health(f.sim, "node-1"), NODE_OFF);
    run_until(f.sim, 100000);
    assert_shut_down(f.sim, find_pod(f.sim, "web-0"));
    assert_shut_down(f.sim, find_pod(f.sim, "slow"));
    podsim_id agent;
    ok(f.sim, podsim_sim_find_pod(f.sim, "kube-system", "agent", &agent));
    assert_shut_down(f.sim,
                     podsim_cluster_pod(podsim_sim_cluster(f.sim), agent));
    /* capacity released once: nothing holds node-1 */
    const podsim_node *n = podsim_cluster_node(podsim_sim_cluster(f.sim),
                                               sim_find_node(f.sim, "node-1"));
    assert_int_equal(n->pod_count, 0);
    fixture_close(&f);
}

/* With nothing slow the critical group starts as soon as the regular one
   is done (10500), not when its 20 s run out; a pod bound during the
   shutdown is rejected (nodeshutdown_manager.go Admit, kubelet.go
   rejectPod), one sync loop iteration (podsim: a PLEG relist, 1 s) after
   it came. */
static const char SHUTDOWN_FAST_YAML[] = NODES_YAML POD("web-0", "node-1")
    "---\n"
    "apiVersion: v1\nkind: Pod\n"
    "metadata: {name: agent, namespace: kube-system}\n"
    "spec:\n  nodeName: node-1\n  priority: 2000001000\n"
    "  containers: [{name: app, image: busybox:1.36}]\n";

static void test_graceful_shutdown_groups(void **state) {
    (void)state;
    podsim_node_lifecycle nl = PODSIM_NODE_LIFECYCLE_INIT;
    nl.shutdown_grace_period_ms = 30000;
    nl.shutdown_grace_period_critical_pods_ms = 10000;
    fixture f;
    fixture_open(&f, SHUTDOWN_FAST_YAML, &nl);
    ok(f.sim,
       podsim_sim_fail_node(f.sim, "node-1", 10000, PODSIM_NODE_SHUTDOWN));
    static const char late[] = POD("late", "node-1");
    ok(f.sim,
       podsim_sim_apply_string(f.sim, late, strlen(late), "late", 12000));
    run_until(f.sim, 60000);
    assert_int_equal(event_at(f.sim, "agent", "Killing", NULL, 0), 10500);
    assert_int_equal(
        change_at(f.sim, "agent", "container/app", "terminated:Completed", 0),
        11000);
    assert_int_equal(health(f.sim, "node-1"), NODE_OFF);
    const podsim_pod *p = find_pod(f.sim, "late");
    assert_non_null(p);
    assert_int_equal(p->status.phase, PODSIM_PHASE_FAILED);
    assert_string_equal(p->status.reason, "NodeShutdown");
    assert_string_equal(
        p->status.message,
        "Pod was rejected: Pod was rejected as the node is shutting down.");
    assert_int_equal(
        event_at(f.sim, "late", "NodeShutdown",
                 "Pod was rejected as the node is shutting down.", 0),
        13000);
    assert_int_equal(change_at(f.sim, "late", "phase", "Failed", 0), 13000);
    fixture_close(&f);
}

/* A Deployment whose pods tolerate every taint keeps landing on the node
   that shuts down: each replacement is rejected a relist later, so the
   churn is one pod a second until the machine is off (40000), and the
   run goes on (no loop within an instant). The pod bound last waits on
   the dead node. */
static const char TOLERANT_YAML[] = NODE("node-1", "10.0.0.1")
    "apiVersion: apps/v1\nkind: Deployment\n"
    "metadata: {name: any, namespace: default}\n"
    "spec:\n  replicas: 1\n  selector: {matchLabels: {app: any}}\n"
    "  template:\n    metadata: {labels: {app: any}}\n"
    "    spec:\n      tolerations: [{operator: Exists}]\n"
    "      containers: [{name: app, image: busybox:1.36}]\n";

static void test_shutdown_rejections_do_not_loop(void **state) {
    (void)state;
    podsim_node_lifecycle nl = PODSIM_NODE_LIFECYCLE_INIT;
    nl.shutdown_grace_period_ms = 30000;
    fixture f;
    fixture_open(&f, TOLERANT_YAML, &nl);
    ok(f.sim,
       podsim_sim_fail_node(f.sim, "node-1", 10000, PODSIM_NODE_SHUTDOWN));
    run_until(f.sim, 100000);
    int rejected = 0;
    size_t n = podsim_sim_event_count(f.sim);
    for (size_t i = 0; i < n; i++) {
        const podsim_sim_event *e = podsim_sim_event_get(f.sim, i);
        if (!strcmp(e->reason, "NodeShutdown") && !strcmp(e->kind, "Pod")) {
            assert_true(e->time > 10000 && e->time <= 40000);
            rejected++;
        }
    }
    assert_true(rejected >= 25 && rejected <= 30);
    assert_int_equal(health(f.sim, "node-1"), NODE_OFF);
    fixture_close(&f);
}

/* ------------------------------------------------------------------ */
/* (4) NotReady: the kubelet is alive, its runtime's network is not      */
/* ------------------------------------------------------------------ */

/* Deleted at 10000 on the NotReady node: terminated as usual (SIGTERM,
   exit 500 ms later, gone), so a StatefulSet recovers about one grace
   period after an eviction (lifecycle.md F). Nothing new starts: the
   crashed container of "crashy" (exit at 1200 + 10000) is not restarted
   and "late", bound at 20000, stays Pending with a NetworkNotReady event,
   until the node is Ready again at 40000. */
static const char NOT_READY_YAML[] =
    NODES_YAML POD("web-0", "node-1") "---\n" POD("crashy", "node-1");

static void test_not_ready_node(void **state) {
    (void)state;
    fixture f;
    fixture_open(&f, NOT_READY_YAML, NULL);
    set_behavior(f.sim, "crashy", PODSIM_RUN_CRASH, 10000, true);
    ok(f.sim,
       podsim_sim_fail_node(f.sim, "node-1", 5000, PODSIM_NODE_NOT_READY));
    ok(f.sim,
       podsim_sim_delete_pod(f.sim, "default", "web-0", 10000, -1, false));
    static const char late[] = POD("late", "node-1");
    ok(f.sim,
       podsim_sim_apply_string(f.sim, late, strlen(late), "late", 20000));
    ok(f.sim, podsim_sim_recover_node(f.sim, "node-1", 40000));
    run_until(f.sim, 39999);
    assert_int_equal(
        event_at(f.sim, "web-0", "Killing", "Stopping container app", 0),
        10000);
    assert_int_equal(change_at(f.sim, "web-0", "phase", "Succeeded", 0), 10500);
    assert_null(find_pod(f.sim, "web-0"));
    assert_int_equal(
        change_at(f.sim, "crashy", "container/app", "terminated:Error", 0),
        11200);
    assert_int_equal(change_at(f.sim, "crashy", "restarts", "1", 0), -1);
    const podsim_pod *p = find_pod(f.sim, "late");
    assert_int_equal(p->status.phase, PODSIM_PHASE_PENDING);
    assert_int_equal(event_at(f.sim, "late", "NetworkNotReady",
                              "network is not ready: container runtime "
                              "network not ready: NetworkReady=false "
                              "reason:NetworkPluginNotReady message:Network "
                              "plugin returns error: cni plugin not "
                              "initialized",
                              0),
                     20000);
    run_until(f.sim, 60000);
    /* Ready again at 40000: the waiting starts go */
    assert_int_equal(change_at(f.sim, "crashy", "restarts", "1", 0), 40200);
    assert_int_equal(change_at(f.sim, "late", "phase", "Running", 0), 41200);
    fixture_close(&f);
}

/* ------------------------------------------------------------------ */
/* (5) ReadWriteOnce: one node at a time                                 */
/* ------------------------------------------------------------------ */

/* db-0 on node-1 holds claim data-db-0 (RWO, CSI volume pv-db): attached
   5000, mounted 6000, sandbox 7000, running 7200. */
static const char RWO_YAML[] = NODES_YAML
    "apiVersion: v1\nkind: PersistentVolume\nmetadata: {name: pv-db}\n"
    "spec:\n  capacity: {storage: 1Gi}\n  accessModes: [ReadWriteOnce]\n"
    "  csi: {driver: ebs.csi.aws.com, volumeHandle: vol-1}\n"
    "  claimRef: {namespace: default, name: data-db-0}\n"
    "status: {phase: Bound}\n---\n"
    "apiVersion: v1\nkind: PersistentVolumeClaim\n"
    "metadata: {name: data-db-0, namespace: default}\n"
    "spec: {accessModes: [ReadWriteOnce], volumeName: pv-db, "
    "resources: {requests: {storage: 1Gi}}}\n"
    "status: {phase: Bound}\n---\n"
    "apiVersion: v1\nkind: Pod\n"
    "metadata: {name: db-0, namespace: default}\n"
    "spec:\n  nodeName: node-1\n"
    "  containers: [{name: app, image: busybox:1.36}]\n"
    "  volumes:\n"
    "  - {name: data, persistentVolumeClaim: {claimName: data-db-0}}\n";

/* The replacement: the same claim, on node-2. */
static const char RWO_NEW_POD[] =
    "apiVersion: v1\nkind: Pod\n"
    "metadata: {name: db-new, namespace: default}\n"
    "spec:\n  nodeName: node-2\n"
    "  containers: [{name: app, image: busybox:1.36}]\n"
    "  volumes:\n"
    "  - {name: data, persistentVolumeClaim: {claimName: data-db-0}}\n";

static const char MULTI_ATTACH_GONE[] =
    "Multi-Attach error for volume \"pv-db\" Volume is already exclusively "
    "attached to one node and can't be attached to another";

/* node-1 dies at 10000; db-0 is force-deleted at 20000 and db-new applied
   on node-2 then. The attachment on node-1 is released when the forced
   detach timer runs out, 6 min after db-0 left (the kubelet never reports
   the unmount): 380000; db-new attaches 5000, mounts 1000, its sandbox
   takes 1000: running 387200. */
static void test_rwo_forced_detach(void **state) {
    (void)state;
    fixture f;
    fixture_open(&f, RWO_YAML, NULL);
    ok(f.sim,
       podsim_sim_fail_node(f.sim, "node-1", 10000, PODSIM_NODE_UNREACHABLE));
    ok(f.sim, podsim_sim_delete_pod(f.sim, "default", "db-0", 20000, 0, true));
    ok(f.sim, podsim_sim_apply_string(f.sim, RWO_NEW_POD, strlen(RWO_NEW_POD),
                                      "db-new", 20000));
    run_until(f.sim, 379999);
    assert_int_equal(change_at(f.sim, "db-0", "phase", "Running", 0), 7200);
    assert_null(find_pod(f.sim, "db-0"));
    assert_int_equal(
        event_at(f.sim, "db-new", "FailedAttachVolume", MULTI_ATTACH_GONE, 0),
        20000);
    size_t n = podsim_sim_event_count(f.sim);
    for (size_t i = 0; i < n; i++) {
        const podsim_sim_event *e = podsim_sim_event_get(f.sim, i);
        if (!strcmp(e->reason, "FailedAttachVolume")) {
            assert_string_equal(e->source, "attachdetach-controller");
            assert_string_equal(e->type, "Warning");
            assert_int_equal(e->count, 1);
        }
    }
    assert_int_equal(find_pod(f.sim, "db-new")->status.phase,
                     PODSIM_PHASE_PENDING);
    assert_int_equal(event_at(f.sim, "db-new", "Started", NULL, 0), -1);
    run_until(f.sim, 400000);
    assert_int_equal(
        change_at(f.sim, "db-new", "condition/PodReadyToStartContainers",
                  "True", 0),
        387000);
    assert_int_equal(change_at(f.sim, "db-new", "phase", "Running", 0), 387200);
    fixture_close(&f);
}

/* The same with node.kubernetes.io/out-of-service on node-1 at 30000:
   detached at once, db-new runs at 30000 + 5000 + 1000 + 1000 + 200. */
static void test_rwo_out_of_service(void **state) {
    (void)state;
    fixture f;
    fixture_open(&f, RWO_YAML, NULL);
    ok(f.sim,
       podsim_sim_fail_node(f.sim, "node-1", 10000, PODSIM_NODE_UNREACHABLE));
    ok(f.sim, podsim_sim_delete_pod(f.sim, "default", "db-0", 20000, 0, true));
    ok(f.sim, podsim_sim_apply_string(f.sim, RWO_NEW_POD, strlen(RWO_NEW_POD),
                                      "db-new", 20000));
    ok(f.sim,
       podsim_sim_taint_node(
           f.sim, "node-1",
           "node.kubernetes.io/out-of-service=nodeshutdown:NoExecute", 30000));
    run_until(f.sim, 60000);
    assert_int_equal(
        event_at(f.sim, "db-new", "FailedAttachVolume", MULTI_ATTACH_GONE, 0),
        20000);
    assert_int_equal(change_at(f.sim, "db-new", "phase", "Running", 0), 37200);
    fixture_close(&f);
}

/* On a healthy node the old pod's kubelet unmounts when it has stopped
   it: db-0 deleted at 10000 exits at 10500 and goes; db-new, applied at
   10000 on node-2, names it in its event meanwhile and attaches at 10500:
   running 10500 + 7200. */
static void test_rwo_released_by_live_kubelet(void **state) {
    (void)state;
    fixture f;
    fixture_open(&f, RWO_YAML, NULL);
    ok(f.sim,
       podsim_sim_delete_pod(f.sim, "default", "db-0", 10000, -1, false));
    ok(f.sim, podsim_sim_apply_string(f.sim, RWO_NEW_POD, strlen(RWO_NEW_POD),
                                      "db-new", 10000));
    run_until(f.sim, 30000);
    assert_int_equal(event_at(f.sim, "db-new", "FailedAttachVolume",
                              "Multi-Attach error for volume \"pv-db\" Volume "
                              "is already used by pod(s) db-0",
                              0),
                     10000);
    assert_null(find_pod(f.sim, "db-0"));
    assert_int_equal(change_at(f.sim, "db-new", "phase", "Running", 0), 17700);
    fixture_close(&f);
}

/* A Node deleted and registered again in a fork is a new node id the fork's
   copy of the cluster did not have when it was made: binding a pod to it
   must grow the per-node accounting (a heap overflow before). */
static void test_node_registered_again_in_fork(void **state) {
    (void)state;
    fixture f;
    /* "late" waits for a schedulable node: both are cordoned */
    static const char yaml[] =
        NODES_YAML POD("web-0", "node-1") "---\n"
        "apiVersion: v1\nkind: Pod\nmetadata: {name: late, namespace: "
        "default}\nspec:\n  containers:\n  - {name: app, image: "
        "busybox:1.36}\n";
    fixture_open(&f, yaml, NULL);
    ok(f.sim, podsim_sim_cordon_node(f.sim, "node-1", 0, true));
    ok(f.sim, podsim_sim_cordon_node(f.sim, "node-2", 0, true));
    run_until(f.sim, 5000);
    assert_null(find_pod(f.sim, "late")->spec.node_name[0] ? "bound" : NULL);
    podsim_sim *fork = NULL;
    ok(f.sim, podsim_sim_fork(f.sim, &fork));
    /* node-2 leaves and registers again, not cordoned: a new node id */
    ok(fork, podsim_sim_delete_node(fork, "node-2", 6000));
    ok(fork, podsim_sim_recover_node(fork, "node-2", 10000));
    run_until(fork, 40000);
    const podsim_pod *p = find_pod(fork, "late");
    assert_non_null(p);
    assert_string_equal(p->spec.node_name, "node-2");
    assert_int_equal(p->status.phase, PODSIM_PHASE_RUNNING);
    podsim_cluster *c = podsim_sim_cluster(fork);
    assert_int_equal(podsim_cluster_node(c, p->node)->pod_count, 1);
    assert_false(podsim_cluster_node(c, p->node)->removed);
    podsim_sim_free(fork);
    fixture_close(&f);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_partition_silences_kubelet),
        cmocka_unit_test(test_node_registered_again_in_fork),
        cmocka_unit_test(test_deleted_while_partitioned),
        cmocka_unit_test(test_partition_ready_rewritten),
        cmocka_unit_test(test_power_off_restarts_in_place),
        cmocka_unit_test(test_graceful_shutdown),
        cmocka_unit_test(test_graceful_shutdown_groups),
        cmocka_unit_test(test_shutdown_rejections_do_not_loop),
        cmocka_unit_test(test_not_ready_node),
        cmocka_unit_test(test_rwo_forced_detach),
        cmocka_unit_test(test_rwo_out_of_service),
        cmocka_unit_test(test_rwo_released_by_live_kubelet),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
