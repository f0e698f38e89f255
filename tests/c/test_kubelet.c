/*
 * test_kubelet.c - the kubelet module (core/src/kubelet.c) on exact
 * timing, and its pure status functions (core/src/kubelet_status.c).
 *
 * Every simulation test loads a small cluster from a YAML string whose
 * pods are already bound (spec.nodeName), so the kubelet admits them at
 * time 0 without the scheduler, runs with PODSIM_TIMING_EXACT (no jitter,
 * no restart lag) and explicit durations, and asserts the milliseconds at
 * which the change log and the event log show each step. The expected
 * times are derived by hand from upstream's rules (comments give the
 * arithmetic); sources: ../shared/reference/lifecycle.md sections A and B,
 * kubernetes pkg/kubelet (kubelet_pods.go getPhase, status/generate.go,
 * prober/worker.go, kuberuntime/kuberuntime_manager.go doBackOff,
 * images/image_manager.go).
 *
 * The getPhase table of lifecycle.md A.2, the generated condition messages
 * and the text helpers are unit-tested directly.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "kubelet.h"
#include "podsim.h"

/* ------------------------------------------------------------------ */
/* Helpers                                                              */
/* ------------------------------------------------------------------ */

#define NODE_YAML                                                \
    "apiVersion: v1\n"                                           \
    "kind: Node\n"                                               \
    "metadata:\n"                                                \
    "  name: node-1\n"                                           \
    "status:\n"                                                  \
    "  addresses:\n"                                             \
    "  - type: InternalIP\n"                                     \
    "    address: 10.0.0.1\n"                                    \
    "  capacity: {cpu: \"8\", memory: 16Gi, pods: \"110\"}\n"    \
    "  allocatable: {cpu: \"8\", memory: 16Gi, pods: \"110\"}\n" \
    "  images:\n"                                                \
    "  - names: [\"docker.io/library/busybox:1.36\"]\n"          \
    "    sizeBytes: 4000000\n"                                   \
    "---\n"

/* The durations every test uses unless it says otherwise. */
static podsim_timing exact_timing(void) {
    podsim_timing t = PODSIM_TIMING_INIT;
    t.sandbox_ms = 1000;
    t.container_start_ms = 200;
    t.image_pull_overhead_ms = 500;
    t.image_pull_bytes_per_second = 50LL * 1000 * 1000;
    t.image_digest_check_ms = 100;
    t.volume_mount_ms = 100;
    t.volume_attach_ms = 5000;
    t.container_stop_ms = 500;
    t.flags = PODSIM_TIMING_EXACT;
    return t;
}

typedef struct fixture {
    podsim_cluster *cluster;
    podsim_sim *sim;
} fixture;

static void fixture_open(fixture *f, const char *yaml,
                         const podsim_timing *timing, const char *version) {
    memset(f, 0, sizeof(*f));
    assert_int_equal(podsim_cluster_new(NULL, &f->cluster), PODSIM_OK);
    podsim_status s = podsim_cluster_load_string(f->cluster, yaml, strlen(yaml),
                                                 "test", NULL);
    if (s != PODSIM_OK) {
        fail_msg("load: %s", podsim_cluster_error(f->cluster)->message);
    }
    podsim_sim_options opt = PODSIM_SIM_OPTIONS_INIT;
    opt.timing = timing;
    opt.kubernetes_version = version;
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

/* Time of the nth occurrence of a pod event (reason, message), or -1. */
static int64_t event_at(const podsim_sim *sim, const char *pod,
                        const char *reason, const char *message, int nth) {
    size_t n = podsim_sim_event_count(sim);
    for (size_t i = 0; i < n; i++) {
        const podsim_sim_event *e = podsim_sim_event_get(sim, i);
        if (strcmp(e->name, pod) || strcmp(e->reason, reason) ||
            strcmp(e->message, message)) {
            continue;
        }
        if (nth-- == 0) return e->time;
    }
    return -1;
}

static int count_events(const podsim_sim *sim, const char *pod,
                        const char *reason) {
    int count = 0;
    size_t n = podsim_sim_event_count(sim);
    for (size_t i = 0; i < n; i++) {
        const podsim_sim_event *e = podsim_sim_event_get(sim, i);
        if (!strcmp(e->name, pod) && !strcmp(e->reason, reason)) count++;
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

static const podsim_container_status *container(const podsim_pod *p,
                                                const char *name) {
    for (size_t i = 0; i < p->status.init_container_status_count; i++) {
        if (!strcmp(p->status.init_container_statuses[i].name, name)) {
            return &p->status.init_container_statuses[i];
        }
    }
    for (size_t i = 0; i < p->status.container_status_count; i++) {
        if (!strcmp(p->status.container_statuses[i].name, name)) {
            return &p->status.container_statuses[i];
        }
    }
    return NULL;
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

static void set_behavior(podsim_sim *sim, const char *pod,
                         const char *container_glob, podsim_run_kind run,
                         int32_t exit_code, int64_t run_ms) {
    podsim_behavior b = PODSIM_BEHAVIOR_INIT;
    b.run = run;
    b.exit_code = exit_code;
    b.run_ms = run_ms;
    assert_int_equal(podsim_sim_set_behavior(sim, pod, container_glob, &b),
                     PODSIM_OK);
}

/* ------------------------------------------------------------------ */
/* (1) init containers, a 500 MB pull, a readiness probe                */
/* ------------------------------------------------------------------ */

static const char READY_YAML[] = NODE_YAML
    "apiVersion: v1\n"
    "kind: Pod\n"
    "metadata: {name: web-0, namespace: default, uid: "
    "11111111-1111-4111-8111-111111111111}\n"
    "spec:\n"
    "  nodeName: node-1\n"
    "  volumes:\n"
    "  - name: scratch\n"
    "    emptyDir: {}\n"
    "  initContainers:\n"
    "  - {name: init-a, image: busybox:1.36}\n"
    "  - {name: init-b, image: busybox:1.36}\n"
    "  containers:\n"
    "  - name: app\n"
    "    image: example.com/app:v2\n"
    "    readinessProbe:\n"
    "      httpGet: {path: /healthz, port: 8080}\n"
    "      initialDelaySeconds: 5\n"
    "      periodSeconds: 10\n";

static void test_ready_after_init_pull_and_probe(void **state) {
    (void)state;
    podsim_timing t = exact_timing();
    fixture f;
    fixture_open(&f, READY_YAML, &t, "1.33");
    assert_int_equal(
        podsim_sim_set_image(f.sim, "example.com/app:v2", 500000000, false),
        PODSIM_OK);
    set_behavior(f.sim, "web-0", "init-*", PODSIM_RUN_EXIT, 0, 1000);
    run_until(f.sim, 60000);
    /*      0  admitted: Pending, init containers PodInitializing
          100  emptyDir mounted (volume_mount 100); probe workers start,
               readiness ticks at 100 + 10000 k
         1100  sandbox (1000): PodReadyToStartContainers True
         1100  init-a: busybox:1.36 is on the node (docker.io/library/...)
         1300  init-a running (create + start 200), exits 1000 later
         2300  init-a Completed; init-b starts
         2500  init-b running          3500 init-b Completed: Initialized
         3500  app: Pulling; 500 ms + 500 MB / 50 MB/s = 500 + 10000
        14000  Pulled "in 10.5s (10.5s including waiting)"
        14200  app running (startedAt); the immediate readiness run is
               inside initialDelaySeconds (0 s < 5 s)
        20100  readiness tick: int((20100 - 14200) / 1000) = 5 >= 5,
               success (threshold 1): ContainersReady, Ready True */
    assert_int_equal(change_at(f.sim, "web-0", "phase", "Pending", 0), 0);
    assert_int_equal(change_at(f.sim, "web-0", "container/app",
                               "waiting:PodInitializing", 0),
                     0);
    assert_int_equal(
        change_at(f.sim, "web-0", "condition/PodReadyToStartContainers", "True",
                  0),
        1100);
    assert_int_equal(event_at(f.sim, "web-0", "Pulled",
                              "Container image \"busybox:1.36\" already "
                              "present on machine",
                              0),
                     1100);
    assert_int_equal(
        event_at(f.sim, "web-0", "Created", "Created container: init-a", 0),
        1300);
    assert_int_equal(
        event_at(f.sim, "web-0", "Started", "Started container init-a", 0),
        1300);
    assert_int_equal(change_at(f.sim, "web-0", "container/init-a",
                               "terminated:Completed", 0),
                     2300);
    assert_int_equal(
        event_at(f.sim, "web-0", "Started", "Started container init-b", 0),
        2500);
    assert_int_equal(
        change_at(f.sim, "web-0", "condition/Initialized", "True", 0), 3500);
    assert_int_equal(event_at(f.sim, "web-0", "Pulling",
                              "Pulling image \"example.com/app:v2\"", 0),
                     3500);
    assert_int_equal(event_at(f.sim, "web-0", "Pulled",
                              "Successfully pulled image "
                              "\"example.com/app:v2\" in 10.5s (10.5s "
                              "including waiting). Image size: 500000000 "
                              "bytes.",
                              0),
                     14000);
    assert_int_equal(change_at(f.sim, "web-0", "phase", "Running", 0), 14200);
    assert_int_equal(
        change_at(f.sim, "web-0", "condition/ContainersReady", "True", 0),
        20100);
    assert_int_equal(change_at(f.sim, "web-0", "condition/Ready", "True", 0),
                     20100);
    assert_int_equal(change_at(f.sim, "web-0", "ready", "1/1", 0), 20100);
    const podsim_pod *p = find_pod(f.sim, "web-0");
    assert_non_null(p);
    assert_string_equal(p->status.host_ip, "10.0.0.1");
    const podsim_container_status *app = container(p, "app");
    assert_true(app->ready);
    assert_true(app->started.set && app->started.value);
    assert_int_equal(app->state.started_at, podsim_sim_epoch_ms(f.sim) + 14200);
    fixture_close(&f);
}

/* ------------------------------------------------------------------ */
/* (2) crash-loop back-off                                              */
/* ------------------------------------------------------------------ */

#define CRASH_POD_UID "22222222-2222-4222-8222-222222222222"

static const char CRASH_YAML[] = NODE_YAML
    "apiVersion: v1\n"
    "kind: Pod\n"
    "metadata: {name: web-0, namespace: default, uid: " CRASH_POD_UID
    "}\n"
    "spec:\n"
    "  nodeName: node-1\n"
    "  containers:\n"
    "  - {name: app, image: busybox:1.36}\n";

static void test_crashloop_backoff(void **state) {
    (void)state;
    podsim_timing t = exact_timing();
    t.container_start_ms = -1; /* starts take no time: restarts are exact */
    fixture f;
    fixture_open(&f, CRASH_YAML, &t, "1.34");
    set_behavior(f.sim, "web-0", "app", PODSIM_RUN_CRASH, 1, 2000);
    run_until(f.sim, 200000);
    /* running at 1000 (sandbox), crashes 2 s after every start:
         exit 3000: first exit, no back-off entry: restart now (entry 10s)
         exit 5000: in back-off: CrashLoopBackOff until 5000 + 10 s
         15000 restart (entry 20s), exit 17000, wait 20 s
         37000 restart (entry 40s), exit 39000, wait 40 s
         79000 restart (entry 80s), exit 81000, wait 80 s: 161000 */
    static const int64_t restart_at[] = {3000, 15000, 37000, 79000, 161000};
    static const char *const counts[] = {"1", "2", "3", "4", "5"};
    for (int i = 0; i < 5; i++) {
        assert_int_equal(change_at(f.sim, "web-0", "restarts", counts[i], 0),
                         restart_at[i]);
    }
    static const int64_t backoff_at[] = {5000, 17000, 39000, 81000};
    for (int i = 0; i < 4; i++) {
        assert_int_equal(change_at(f.sim, "web-0", "container/app",
                                   "waiting:CrashLoopBackOff", i),
                         backoff_at[i]);
        assert_int_equal(
            change_at(f.sim, "web-0", "status", "CrashLoopBackOff", i),
            backoff_at[i]);
    }
    /* the exited state is visible before the back-off is */
    assert_int_equal(
        change_at(f.sim, "web-0", "container/app", "terminated:Error", 1),
        5000);
    assert_int_equal(event_at(f.sim, "web-0", "BackOff",
                              "Back-off restarting failed container app in pod "
                              "web-0_default(" CRASH_POD_UID ")",
                              0),
                     5000);
    /* the phase stays Running: every container is restarting */
    assert_int_equal(change_at(f.sim, "web-0", "phase", "Running", 0), 1000);
    assert_int_equal(change_at(f.sim, "web-0", "phase", "Pending", 1), -1);
    const podsim_pod *p = find_pod(f.sim, "web-0");
    const podsim_container_status *app = container(p, "app");
    /* at 200000: exit 163000 (6th start at 161000), waiting 160 s */
    assert_int_equal(app->state.kind, PODSIM_STATE_WAITING);
    assert_string_equal(app->state.reason, "CrashLoopBackOff");
    assert_string_equal(app->state.message,
                        "back-off 2m40s restarting failed container=app "
                        "pod=web-0_default(" CRASH_POD_UID ")");
    assert_int_equal(app->restart_count, 5);
    assert_int_equal(app->last_state.kind, PODSIM_STATE_TERMINATED);
    assert_int_equal(app->last_state.exit_code, 1);
    assert_string_equal(app->last_state.reason, "Error");
    fixture_close(&f);
}

/* ------------------------------------------------------------------ */
/* (3) ErrImagePull, then ImagePullBackOff                              */
/* ------------------------------------------------------------------ */

static const char PULL_YAML[] = NODE_YAML
    "apiVersion: v1\n"
    "kind: Pod\n"
    "metadata: {name: web-0, namespace: default, uid: "
    "33333333-3333-4333-8333-333333333333}\n"
    "spec:\n"
    "  nodeName: node-1\n"
    "  containers:\n"
    "  - {name: app, image: example.com/typo:v1}\n";

static void test_image_pull_backoff(void **state) {
    (void)state;
    podsim_timing t = exact_timing();
    fixture f;
    fixture_open(&f, PULL_YAML, &t, "1.33");
    assert_int_equal(
        podsim_sim_set_image(f.sim, "example.com/typo:v1", 0, true), PODSIM_OK);
    run_until(f.sim, 80000);
    /* the registry answers after the pull overhead (500 ms):
          1000 Pulling (after the sandbox)    1500 ErrImagePull, 10 s
          2500 ImagePullBackOff (the next sync, one PLEG relist later)
         11500 retry: Pulling                12000 ErrImagePull, 20 s
         13000 ImagePullBackOff
         32000 retry                         32500 ErrImagePull, 40 s
         33500 ImagePullBackOff              72500 retry, 73000 fails */
    static const int64_t pulling[] = {1000, 11500, 32000, 72500};
    static const int64_t err[] = {1500, 12000, 32500, 73000};
    static const int64_t backoff[] = {2500, 13000, 33500, 74000};
    for (int i = 0; i < 4; i++) {
        assert_int_equal(event_at(f.sim, "web-0", "Pulling",
                                  "Pulling image \"example.com/typo:v1\"", i),
                         pulling[i]);
        assert_int_equal(change_at(f.sim, "web-0", "container/app",
                                   "waiting:ErrImagePull", i),
                         err[i]);
        assert_int_equal(
            event_at(f.sim, "web-0", "Failed", "Error: ErrImagePull", i),
            err[i]);
        if (i < 3) {
            assert_int_equal(change_at(f.sim, "web-0", "container/app",
                                       "waiting:ImagePullBackOff", i),
                             backoff[i]);
            assert_int_equal(
                event_at(f.sim, "web-0", "BackOff",
                         "Back-off pulling image \"example.com/typo:v1\"", i),
                backoff[i]);
            assert_int_equal(event_at(f.sim, "web-0", "Failed",
                                      "Error: ImagePullBackOff", i),
                             backoff[i]);
        }
    }
    assert_int_equal(change_at(f.sim, "web-0", "status", "ErrImagePull", 0),
                     1500);
    assert_int_equal(change_at(f.sim, "web-0", "status", "ImagePullBackOff", 0),
                     2500);
    const podsim_pod *p = find_pod(f.sim, "web-0");
    assert_int_equal(p->status.phase, PODSIM_PHASE_PENDING);
    const podsim_container_status *app = container(p, "app");
    /* 80000: in the back-off after the fourth failure; since v1.31 the
       waiting message carries the pull error */
    assert_string_equal(app->state.reason, "ImagePullBackOff");
    assert_non_null(strstr(app->state.message,
                           "Back-off pulling image \"example.com/typo:v1\": "
                           "ErrImagePull: rpc error: code = NotFound"));
    /* the Failed event quotes the runtime's error */
    assert_true(event_at(f.sim, "web-0", "Failed",
                         "Failed to pull image \"example.com/typo:v1\": rpc "
                         "error: code = NotFound desc = failed to pull and "
                         "unpack image \"example.com/typo:v1\": failed to "
                         "resolve reference \"example.com/typo:v1\": "
                         "example.com/typo:v1: not found",
                         0) == 1500);
    fixture_close(&f);
}

/* ------------------------------------------------------------------ */
/* Image pulls: serialised per node, parallel when configured, cached  */
/* ------------------------------------------------------------------ */

static const char PULLS_YAML[] = NODE_YAML
    "apiVersion: v1\n"
    "kind: Pod\n"
    "metadata: {name: a, namespace: default, uid: a1}\n"
    "spec:\n"
    "  nodeName: node-1\n"
    "  containers:\n"
    "  - {name: app, image: example.com/one:v1}\n"
    "---\n"
    "apiVersion: v1\n"
    "kind: Pod\n"
    "metadata: {name: b, namespace: default, uid: b1}\n"
    "spec:\n"
    "  nodeName: node-1\n"
    "  containers:\n"
    "  - {name: app, image: example.com/two:v1}\n";

static const char LATE_POD_YAML[] =
    "apiVersion: v1\n"
    "kind: Pod\n"
    "metadata: {name: c, namespace: default, uid: c1}\n"
    "spec:\n"
    "  nodeName: node-1\n"
    "  containers:\n"
    "  - {name: app, image: example.com/one:v1}\n";

static void run_pulls(int32_t parallel, int64_t b_done, const char *b_msg) {
    podsim_timing t = exact_timing();
    t.max_parallel_image_pulls = parallel;
    fixture f;
    fixture_open(&f, PULLS_YAML, &t, "1.33");
    assert_int_equal(
        podsim_sim_set_image(f.sim, "example.com/one:v1", 100000000, false),
        PODSIM_OK);
    assert_int_equal(
        podsim_sim_set_image(f.sim, "example.com/two:v1", 100000000, false),
        PODSIM_OK);
    assert_int_equal(
        podsim_sim_apply_string(f.sim, LATE_POD_YAML, strlen(LATE_POD_YAML),
                                "late", 20000),
        PODSIM_OK);
    run_until(f.sim, 30000);
    /* both ask at 1000; a pull is 500 + 100 MB / 50 MB/s = 2500 ms */
    assert_int_equal(event_at(f.sim, "a", "Pulled",
                              "Successfully pulled image "
                              "\"example.com/one:v1\" in 2.5s (2.5s "
                              "including waiting). Image size: 100000000 "
                              "bytes.",
                              0),
                     3500);
    assert_int_equal(event_at(f.sim, "b", "Pulling",
                              "Pulling image \"example.com/two:v1\"", 0),
                     1000);
    assert_int_equal(event_at(f.sim, "b", "Pulled", b_msg, 0), b_done);
    /* the node has the image now: a later pod skips the pull */
    assert_int_equal(event_at(f.sim, "c", "Pulled",
                              "Container image \"example.com/one:v1\" "
                              "already present on machine",
                              0),
                     21000);
    assert_int_equal(count_events(f.sim, "c", "Pulling"), 0);
    fixture_close(&f);
}

static void test_image_pulls_serialized(void **state) {
    (void)state;
    /* one pull at a time per node: b's pull starts when a's ends */
    run_pulls(0, 6000,
              "Successfully pulled image \"example.com/two:v1\" in 2.5s "
              "(5s including waiting). Image size: 100000000 bytes.");
}

static void test_image_pulls_parallel(void **state) {
    (void)state;
    run_pulls(2, 3500,
              "Successfully pulled image \"example.com/two:v1\" in 2.5s "
              "(2.5s including waiting). Image size: 100000000 bytes.");
}

static const char POLICY_YAML[] = NODE_YAML
    "apiVersion: v1\n"
    "kind: Pod\n"
    "metadata: {name: never, namespace: default, uid: n1}\n"
    "spec:\n"
    "  nodeName: node-1\n"
    "  containers:\n"
    "  - {name: app, image: example.com/absent:v1, imagePullPolicy: Never}\n"
    "---\n"
    "apiVersion: v1\n"
    "kind: Pod\n"
    "metadata: {name: always, namespace: default, uid: a1}\n"
    "spec:\n"
    "  nodeName: node-1\n"
    "  containers:\n"
    "  - {name: app, image: busybox:1.36, imagePullPolicy: Always}\n";

static void test_pull_policies(void **state) {
    (void)state;
    podsim_timing t = exact_timing();
    fixture f;
    fixture_open(&f, POLICY_YAML, &t, "1.33");
    run_until(f.sim, 15000);
    /* Never and absent: ErrImageNeverPull, retried with the sync (10 s) */
    static const char never_msg[] =
        "Container image \"example.com/absent:v1\" is not present with "
        "pull policy of Never";
    assert_int_equal(
        event_at(f.sim, "never", "ErrImageNeverPull", never_msg, 0), 1000);
    assert_int_equal(
        event_at(f.sim, "never", "ErrImageNeverPull", never_msg, 1), 11000);
    assert_int_equal(
        event_at(f.sim, "never", "Failed", "Error: ErrImageNeverPull", 0),
        1000);
    assert_int_equal(change_at(f.sim, "never", "container/app",
                               "waiting:ErrImageNeverPull", 0),
                     1000);
    /* Always and present: a digest check (100 ms) through the puller */
    assert_int_equal(event_at(f.sim, "always", "Pulling",
                              "Pulling image \"busybox:1.36\"", 0),
                     1000);
    assert_int_equal(event_at(f.sim, "always", "Pulled",
                              "Successfully pulled image \"busybox:1.36\" in "
                              "100ms (100ms including waiting). Image size: "
                              "4000000 bytes.",
                              0),
                     1100);
    assert_int_equal(change_at(f.sim, "always", "phase", "Running", 0), 1300);
    fixture_close(&f);
}

/* ------------------------------------------------------------------ */
/* Exits and restart policies                                           */
/* ------------------------------------------------------------------ */

static const char NEVER_YAML[] = NODE_YAML
    "apiVersion: v1\n"
    "kind: Pod\n"
    "metadata: {name: job-0, namespace: default, uid: j0}\n"
    "spec:\n"
    "  nodeName: node-1\n"
    "  restartPolicy: Never\n"
    "  containers:\n"
    "  - {name: app, image: busybox:1.36}\n";

static void test_oomkilled(void **state) {
    (void)state;
    podsim_timing t = exact_timing();
    fixture f;
    fixture_open(&f, NEVER_YAML, &t, "1.33");
    set_behavior(f.sim, "job-0", "app", PODSIM_RUN_OOM, 0, 5000);
    run_until(f.sim, 20000);
    /* running at 1200 (sandbox 1000 + start 200), OOM 5 s later */
    assert_int_equal(
        change_at(f.sim, "job-0", "container/app", "terminated:OOMKilled", 0),
        6200);
    assert_int_equal(change_at(f.sim, "job-0", "phase", "Failed", 0), 6200);
    assert_int_equal(change_at(f.sim, "job-0", "status", "OOMKilled", 0), 6200);
    const podsim_pod *p = find_pod(f.sim, "job-0");
    const podsim_container_status *app = container(p, "app");
    assert_int_equal(app->state.exit_code, 137);
    assert_int_equal(app->restart_count, 0);
    assert_string_equal(condition(p, "Ready")->reason, "PodFailed");
    assert_string_equal(condition(p, "ContainersReady")->reason, "PodFailed");
    /* Failed pods hold no capacity; the object stays */
    const podsim_node *node = podsim_cluster_node(podsim_sim_cluster(f.sim), 0);
    assert_int_equal(node->pod_count, 0);
    fixture_close(&f);
}

static void test_completed_never_succeeds(void **state) {
    (void)state;
    podsim_timing t = exact_timing();
    fixture f;
    fixture_open(&f, NEVER_YAML, &t, "1.33");
    set_behavior(f.sim, "job-0", "app", PODSIM_RUN_EXIT, 0, 3000);
    run_until(f.sim, 20000);
    assert_int_equal(change_at(f.sim, "job-0", "phase", "Running", 0), 1200);
    assert_int_equal(change_at(f.sim, "job-0", "phase", "Succeeded", 0), 4200);
    assert_int_equal(change_at(f.sim, "job-0", "status", "Completed", 0), 4200);
    assert_int_equal(
        change_at(f.sim, "job-0", "condition/PodReadyToStartContainers",
                  "False", 1),
        4200); /* False at admission, True with the sandbox, False after */
    const podsim_pod *p = find_pod(f.sim, "job-0");
    assert_non_null(p);
    assert_int_equal(p->status.phase, PODSIM_PHASE_SUCCEEDED);
    const podsim_container_status *app = container(p, "app");
    assert_string_equal(app->state.reason, "Completed");
    assert_int_equal(app->state.exit_code, 0);
    assert_string_equal(condition(p, "Ready")->reason, "PodCompleted");
    assert_string_equal(condition(p, "Initialized")->reason, "PodCompleted");
    assert_string_equal(condition(p, "Initialized")->status, "True");
    fixture_close(&f);
}

static const char INIT_FAIL_YAML[] = NODE_YAML
    "apiVersion: v1\n"
    "kind: Pod\n"
    "metadata: {name: job-1, namespace: default, uid: j1}\n"
    "spec:\n"
    "  nodeName: node-1\n"
    "  restartPolicy: Never\n"
    "  initContainers:\n"
    "  - {name: migrate, image: busybox:1.36}\n"
    "  containers:\n"
    "  - {name: app, image: busybox:1.36}\n";

static void test_init_failure_never_fails_pod(void **state) {
    (void)state;
    podsim_timing t = exact_timing();
    fixture f;
    fixture_open(&f, INIT_FAIL_YAML, &t, "1.33");
    set_behavior(f.sim, "job-1", "migrate", PODSIM_RUN_CRASH, 3, 1000);
    run_until(f.sim, 20000);
    /* migrate runs at 1200, exits 3 at 2200: restartPolicy Never */
    assert_int_equal(
        change_at(f.sim, "job-1", "container/migrate", "terminated:Error", 0),
        2200);
    assert_int_equal(change_at(f.sim, "job-1", "phase", "Failed", 0), 2200);
    assert_int_equal(change_at(f.sim, "job-1", "status", "Init:Error", 0),
                     2200);
    const podsim_pod *p = find_pod(f.sim, "job-1");
    const podsim_container_status *app = container(p, "app");
    assert_int_equal(app->state.kind, PODSIM_STATE_WAITING);
    assert_string_equal(app->state.reason, "PodInitializing");
    assert_int_equal(count_events(f.sim, "job-1", "Pulled"), 1);
    const podsim_condition *init = condition(p, "Initialized");
    assert_string_equal(init->status, "False");
    assert_string_equal(init->message,
                        "containers with incomplete status: [migrate]");
    fixture_close(&f);
}

/* ------------------------------------------------------------------ */
/* Configuration errors                                                  */
/* ------------------------------------------------------------------ */

static const char CONFIG_YAML[] = NODE_YAML
    "apiVersion: v1\n"
    "kind: Pod\n"
    "metadata: {name: web-0, namespace: default, uid: w0}\n"
    "spec:\n"
    "  nodeName: node-1\n"
    "  containers:\n"
    "  - name: app\n"
    "    image: busybox:1.36\n"
    "    envFrom:\n"
    "    - configMapRef: {name: app-config}\n"
    "---\n"
    "apiVersion: v1\n"
    "kind: ConfigMap\n"
    "metadata: {name: other, namespace: default}\n"
    "data: {mode: fast}\n"
    "---\n"
    "apiVersion: v1\n"
    "kind: Pod\n"
    "metadata: {name: web-1, namespace: default, uid: w1}\n"
    "spec:\n"
    "  nodeName: node-1\n"
    "  containers:\n"
    "  - name: app\n"
    "    image: busybox:1.36\n"
    "    env:\n"
    "    - name: LEVEL\n"
    "      valueFrom:\n"
    "        configMapKeyRef: {name: other, key: level}\n";

static const char CONFIGMAP_YAML[] =
    "apiVersion: v1\n"
    "kind: ConfigMap\n"
    "metadata: {name: app-config, namespace: default}\n"
    "data: {level: debug}\n";

static void test_create_container_config_error(void **state) {
    (void)state;
    podsim_timing t = exact_timing();
    fixture f;
    fixture_open(&f, CONFIG_YAML, &t, "1.33");
    assert_int_equal(
        podsim_sim_apply_string(f.sim, CONFIGMAP_YAML, strlen(CONFIGMAP_YAML),
                                "cm", 25000),
        PODSIM_OK);
    run_until(f.sim, 40000);
    /* the image is there at 1000; the config fails at once and is
       retried every 10 s (backOffPeriod): 1000, 11000, 21000; the
       ConfigMap exists from 25000, so 31000 starts (running 31200) */
    for (int i = 0; i < 3; i++) {
        assert_int_equal(
            event_at(f.sim, "web-0", "Failed",
                     "Error: configmap \"app-config\" not found", i),
            1000 + 10000 * i);
    }
    assert_int_equal(event_at(f.sim, "web-0", "Failed",
                              "Error: configmap \"app-config\" not found", 3),
                     -1);
    assert_int_equal(change_at(f.sim, "web-0", "container/app",
                               "waiting:CreateContainerConfigError", 0),
                     1000);
    assert_int_equal(
        change_at(f.sim, "web-0", "status", "CreateContainerConfigError", 0),
        1000);
    assert_int_equal(change_at(f.sim, "web-0", "phase", "Running", 0), 31200);
    /* a missing key is an error too (and the key never appears) */
    const podsim_pod *p = find_pod(f.sim, "web-1");
    const podsim_container_status *app = container(p, "app");
    assert_string_equal(app->state.reason, "CreateContainerConfigError");
    assert_string_equal(app->state.message,
                        "couldn't find key level in ConfigMap default/other");
    assert_int_equal(p->status.phase, PODSIM_PHASE_PENDING);
    fixture_close(&f);
}

static const char MOUNT_YAML[] = NODE_YAML
    "apiVersion: v1\n"
    "kind: Pod\n"
    "metadata: {name: web-0, namespace: default, uid: w0}\n"
    "spec:\n"
    "  nodeName: node-1\n"
    "  volumes:\n"
    "  - name: cfg\n"
    "    configMap: {name: app-config}\n"
    "  containers:\n"
    "  - {name: app, image: busybox:1.36}\n";

static void test_failed_mount(void **state) {
    (void)state;
    podsim_timing t = exact_timing();
    fixture f;
    fixture_open(&f, MOUNT_YAML, &t, "1.33");
    assert_int_equal(
        podsim_sim_apply_string(f.sim, CONFIGMAP_YAML, strlen(CONFIGMAP_YAML),
                                "cm", 5000),
        PODSIM_OK);
    run_until(f.sim, 20000);
    /* SetUp fails at 0 and is retried 500 ms later, doubling:
       0, 500, 1500, 3500; the ConfigMap appears at 5000, so the retry at
       7500 mounts (100 ms): sandbox 7600..8600, app running 8800 */
    static const int64_t attempts[] = {0, 500, 1500, 3500};
    for (int i = 0; i < 4; i++) {
        assert_int_equal(
            event_at(f.sim, "web-0", "FailedMount",
                     "MountVolume.SetUp failed for volume \"cfg\" : "
                     "configmap \"app-config\" not found",
                     i),
            attempts[i]);
    }
    assert_int_equal(count_events(f.sim, "web-0", "FailedMount"), 4);
    assert_int_equal(
        change_at(f.sim, "web-0", "status", "ContainerCreating", 0), 0);
    assert_int_equal(
        change_at(f.sim, "web-0", "condition/PodReadyToStartContainers", "True",
                  0),
        8600);
    assert_int_equal(change_at(f.sim, "web-0", "phase", "Running", 0), 8800);
    fixture_close(&f);
}

/* ------------------------------------------------------------------ */
/* Probes                                                               */
/* ------------------------------------------------------------------ */

static const char LIVENESS_YAML[] = NODE_YAML
    "apiVersion: v1\n"
    "kind: Pod\n"
    "metadata: {name: web-0, namespace: default, uid: w0}\n"
    "spec:\n"
    "  nodeName: node-1\n"
    "  containers:\n"
    "  - name: app\n"
    "    image: busybox:1.36\n"
    "    livenessProbe:\n"
    "      httpGet: {path: /livez, port: 8080}\n"
    "      periodSeconds: 10\n"
    "      failureThreshold: 3\n";

static void test_liveness_restart(void **state) {
    (void)state;
    podsim_timing t = exact_timing();
    t.container_start_ms = -1;
    fixture f;
    fixture_open(&f, LIVENESS_YAML, &t, "1.33");
    podsim_behavior b = PODSIM_BEHAVIOR_INIT;
    b.liveness_pattern = "SSF"; /* two successes, then failures */
    assert_int_equal(podsim_sim_set_behavior(f.sim, "web-0", "app", &b),
                     PODSIM_OK);
    run_until(f.sim, 110000);
    /* the worker ticks from 0 (no volumes); app runs from 1000.
       10000 S, 20000 S, 30000 F, 40000 F, 50000 F: third failure in a
       row kills it; it handles SIGTERM: exits 500 ms later and, having
       no earlier exit, restarts at once (50500). The new container's
       pattern starts over: 60000 S, 70000 S, 80000..100000 F: killed at
       100000, restarted at 100500. */
    static const int64_t unhealthy[] = {30000, 40000, 50000, 80000};
    for (int i = 0; i < 4; i++) {
        assert_int_equal(event_at(f.sim, "web-0", "Unhealthy",
                                  "Liveness probe failed: HTTP probe failed "
                                  "with statuscode: 500",
                                  i),
                         unhealthy[i]);
    }
    assert_int_equal(event_at(f.sim, "web-0", "Killing",
                              "Container app failed liveness probe, will be "
                              "restarted",
                              0),
                     50000);
    assert_int_equal(
        change_at(f.sim, "web-0", "container/app", "terminated:Completed", 0),
        50500);
    assert_int_equal(change_at(f.sim, "web-0", "restarts", "1", 0), 50500);
    assert_int_equal(event_at(f.sim, "web-0", "Killing",
                              "Container app failed liveness probe, will be "
                              "restarted",
                              1),
                     100000);
    assert_int_equal(change_at(f.sim, "web-0", "restarts", "2", 0), 100500);
    fixture_close(&f);
}

static const char SIDECAR_YAML[] = NODE_YAML
    "apiVersion: v1\n"
    "kind: Pod\n"
    "metadata: {name: web-0, namespace: default, uid: w0}\n"
    "spec:\n"
    "  nodeName: node-1\n"
    "  initContainers:\n"
    "  - name: proxy\n"
    "    image: busybox:1.36\n"
    "    restartPolicy: Always\n"
    "    startupProbe:\n"
    "      tcpSocket: {port: 15000}\n"
    "      periodSeconds: 5\n"
    "  - {name: setup, image: busybox:1.36}\n"
    "  containers:\n"
    "  - {name: app, image: busybox:1.36}\n";

static void test_sidecar_start_order(void **state) {
    (void)state;
    podsim_timing t = exact_timing();
    fixture f;
    fixture_open(&f, SIDECAR_YAML, &t, "1.33");
    podsim_behavior b = PODSIM_BEHAVIOR_INIT;
    b.startup_pattern = "FS";
    assert_int_equal(podsim_sim_set_behavior(f.sim, "web-0", "proxy", &b),
                     PODSIM_OK);
    run_until(f.sim, 30000);
    /* proxy runs at 1200; its startup probe ticks at 0, 5000, 10000:
       5000 fails (1 of 3), 10000 succeeds: started. Only then setup
       starts (running 10200, exits at once), then app (10400). */
    assert_int_equal(
        event_at(f.sim, "web-0", "Started", "Started container proxy", 0),
        1200);
    assert_int_equal(event_at(f.sim, "web-0", "Unhealthy",
                              "Startup probe failed: dial tcp: connect: "
                              "connection refused",
                              0),
                     5000);
    assert_int_equal(
        event_at(f.sim, "web-0", "Started", "Started container setup", 0),
        10200);
    assert_int_equal(
        change_at(f.sim, "web-0", "condition/Initialized", "True", 0), 10200);
    assert_int_equal(
        event_at(f.sim, "web-0", "Started", "Started container app", 0), 10400);
    assert_int_equal(change_at(f.sim, "web-0", "condition/Ready", "True", 0),
                     10400);
    assert_int_equal(change_at(f.sim, "web-0", "ready", "2/2", 0), 10400);
    const podsim_pod *p = find_pod(f.sim, "web-0");
    assert_int_equal(p->status.phase, PODSIM_PHASE_RUNNING);
    assert_true(container(p, "proxy")->ready);
    fixture_close(&f);
}

/* ------------------------------------------------------------------ */
/* Termination                                                           */
/* ------------------------------------------------------------------ */

static const char DELETE_YAML[] = NODE_YAML
    "apiVersion: v1\n"
    "kind: Pod\n"
    "metadata: {name: polite, namespace: default, uid: p1}\n"
    "spec:\n"
    "  nodeName: node-1\n"
    "  initContainers:\n"
    "  - {name: proxy, image: busybox:1.36, restartPolicy: Always}\n"
    "  containers:\n"
    "  - {name: app, image: busybox:1.36}\n"
    "---\n"
    "apiVersion: v1\n"
    "kind: Pod\n"
    "metadata: {name: stubborn, namespace: default, uid: s1}\n"
    "spec:\n"
    "  nodeName: node-1\n"
    "  containers:\n"
    "  - {name: app, image: busybox:1.36}\n"
    "---\n"
    "apiVersion: v1\n"
    "kind: Pod\n"
    "metadata: {name: rushed, namespace: default, uid: r1}\n"
    "spec:\n"
    "  nodeName: node-1\n"
    "  containers:\n"
    "  - {name: app, image: busybox:1.36}\n";

static void test_graceful_deletion(void **state) {
    (void)state;
    podsim_timing t = exact_timing();
    fixture f;
    fixture_open(&f, DELETE_YAML, &t, "1.33");
    podsim_behavior b = PODSIM_BEHAVIOR_INIT;
    b.handles_sigterm = false;
    assert_int_equal(podsim_sim_set_behavior(f.sim, "stubborn", "*", &b),
                     PODSIM_OK);
    assert_int_equal(podsim_sim_set_behavior(f.sim, "rushed", "*", &b),
                     PODSIM_OK);
    assert_int_equal(
        podsim_sim_delete_pod(f.sim, "default", "polite", 10000, -1, false),
        PODSIM_OK);
    assert_int_equal(
        podsim_sim_delete_pod(f.sim, "default", "stubborn", 10000, -1, false),
        PODSIM_OK);
    assert_int_equal(
        podsim_sim_delete_pod(f.sim, "default", "rushed", 10000, 0, false),
        PODSIM_OK);
    run_until(f.sim, 11000);
    /* polite: app stops 500 ms after SIGTERM (exit 0) at 10500, then the
       sidecar is stopped: 11000; Succeeded, then the object goes */
    assert_int_equal(
        event_at(f.sim, "polite", "Killing", "Stopping container app", 0),
        10000);
    assert_int_equal(
        event_at(f.sim, "polite", "Killing", "Stopping container proxy", 0),
        10500);
    assert_int_equal(
        change_at(f.sim, "polite", "container/app", "terminated:Completed", 0),
        10500);
    assert_int_equal(change_at(f.sim, "polite", "phase", "Succeeded", 0),
                     11000);
    assert_null(find_pod(f.sim, "polite"));
    assert_non_null(find_pod(f.sim, "stubborn"));
    run_until(f.sim, 60000);
    /* rushed: grace 0, but the kill waits at least 2 s: SIGKILL 12000 */
    assert_int_equal(
        change_at(f.sim, "rushed", "container/app", "terminated:Error", 0),
        12000);
    assert_int_equal(change_at(f.sim, "rushed", "phase", "Failed", 0), 12000);
    /* stubborn ignores SIGTERM: SIGKILL when the 30 s run out */
    assert_int_equal(change_at(f.sim, "stubborn", "status", "Terminating", 0),
                     10000);
    assert_int_equal(
        change_at(f.sim, "stubborn", "container/app", "terminated:Error", 0),
        40000);
    assert_int_equal(change_at(f.sim, "stubborn", "phase", "Failed", 0), 40000);
    assert_null(find_pod(f.sim, "stubborn"));
    const podsim_node *node = podsim_cluster_node(podsim_sim_cluster(f.sim), 0);
    assert_int_equal(node->pod_count, 0);
    fixture_close(&f);
}

/* preStop sleep (killContainer): the hook runs first, inside the grace
   period, then SIGTERM with what is left, at least 2 s. "drain" sleeps
   5 s of its 30: SIGTERM at 15 s (deleted at 10 s), exit 500 ms later.
   "slow" sleeps 40 s of 30 and ignores SIGTERM: the hook is cut at the
   deadline (40 s), SIGKILL 2 s later (42 s). */
static const char PRESTOP_YAML[] = NODE_YAML
    "apiVersion: v1\n"
    "kind: Pod\n"
    "metadata: {name: drain, namespace: default, uid: d1}\n"
    "spec:\n"
    "  nodeName: node-1\n"
    "  containers:\n"
    "  - name: app\n"
    "    image: busybox:1.36\n"
    "    lifecycle: {preStop: {sleep: {seconds: 5}}}\n"
    "---\n"
    "apiVersion: v1\n"
    "kind: Pod\n"
    "metadata: {name: slow, namespace: default, uid: s1}\n"
    "spec:\n"
    "  nodeName: node-1\n"
    "  containers:\n"
    "  - name: app\n"
    "    image: busybox:1.36\n"
    "    lifecycle: {preStop: {sleep: {seconds: 40}}}\n";

static void test_prestop_sleep(void **state) {
    (void)state;
    podsim_timing t = exact_timing();
    fixture f;
    fixture_open(&f, PRESTOP_YAML, &t, "1.33");
    const podsim_pod *drain = find_pod(f.sim, "drain");
    assert_int_equal(drain->spec.containers[0].pre_stop, PODSIM_HANDLER_SLEEP);
    assert_int_equal(drain->spec.containers[0].pre_stop_sleep_seconds, 5);
    podsim_behavior b = PODSIM_BEHAVIOR_INIT;
    b.handles_sigterm = false;
    assert_int_equal(podsim_sim_set_behavior(f.sim, "slow", "*", &b),
                     PODSIM_OK);
    assert_int_equal(
        podsim_sim_delete_pod(f.sim, "default", "drain", 10000, -1, false),
        PODSIM_OK);
    assert_int_equal(
        podsim_sim_delete_pod(f.sim, "default", "slow", 10000, -1, false),
        PODSIM_OK);
    run_until(f.sim, 60000);
    assert_int_equal(
        change_at(f.sim, "drain", "container/app", "terminated:Completed", 0),
        15500);
    assert_int_equal(
        change_at(f.sim, "slow", "container/app", "terminated:Error", 0),
        42000);
    fixture_close(&f);
}

/* Volumes are set up in parallel; the slowest decides: the configMap
   mounts in volume_mount_ms (100), the bound claim is attached (5000)
   then staged and published (persistent_volume_mount_ms, 1000): 6000,
   then the sandbox (1000): PodReadyToStartContainers at 7000. */
static const char VOLUMES_YAML[] = NODE_YAML
    "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cfg, namespace: "
    "default}\n"
    "data: {a: b}\n---\n"
    "apiVersion: v1\nkind: PersistentVolume\nmetadata: {name: pv-1}\n"
    "spec:\n  capacity: {storage: 1Gi}\n  accessModes: [ReadWriteOnce]\n"
    "  csi: {driver: ebs.csi.aws.com, volumeHandle: vol-1}\n"
    "  claimRef: {namespace: default, name: data}\n"
    "status: {phase: Bound}\n---\n"
    "apiVersion: v1\nkind: PersistentVolumeClaim\n"
    "metadata: {name: data, namespace: default}\n"
    "spec: {accessModes: [ReadWriteOnce], volumeName: pv-1, "
    "resources: {requests: {storage: 1Gi}}}\n"
    "status: {phase: Bound}\n---\n"
    "apiVersion: v1\nkind: Pod\n"
    "metadata: {name: db, namespace: default, uid: v1}\n"
    "spec:\n  nodeName: node-1\n"
    "  containers: [{name: app, image: busybox:1.36}]\n"
    "  volumes:\n"
    "  - {name: cfg, configMap: {name: cfg}}\n"
    "  - {name: data, persistentVolumeClaim: {claimName: data}}\n";

static void test_volume_setup_times(void **state) {
    (void)state;
    podsim_timing t = exact_timing();
    t.persistent_volume_mount_ms = 1000;
    fixture f;
    fixture_open(&f, VOLUMES_YAML, &t, "1.34");
    run_until(f.sim, 20000);
    assert_int_equal(
        change_at(f.sim, "db", "condition/PodReadyToStartContainers", "True",
                  0),
        7000);
    fixture_close(&f);
}

/* The sandbox gets the next address of the node's podCIDR after those
   loaded pods hold (host-local IPAM); hostNetwork pods share the node's. */
static const char IPS_YAML[] =
    "apiVersion: v1\nkind: Node\nmetadata: {name: node-1}\n"
    "spec: {podCIDR: 10.244.7.0/24}\n"
    "status:\n  addresses: [{type: InternalIP, address: 10.0.0.1}]\n"
    "  allocatable: {cpu: '8', memory: 16Gi, pods: '110'}\n---\n"
    "apiVersion: v1\nkind: Pod\n"
    "metadata: {name: old, namespace: default, uid: o9}\n"
    "spec: {nodeName: node-1, containers: [{name: app, image: x}]}\n"
    "status:\n  phase: Running\n  podIP: 10.244.7.9\n"
    "  containerStatuses:\n  - name: app\n    ready: true\n"
    "    state: {running: {startedAt: '2026-01-01T00:00:00Z'}}\n---\n"
    "apiVersion: v1\nkind: Pod\n"
    "metadata: {name: fresh, namespace: default, uid: f1}\n"
    "spec: {nodeName: node-1, containers: [{name: app, image: x}]}\n---\n"
    "apiVersion: v1\nkind: Pod\n"
    "metadata: {name: host, namespace: default, uid: h1}\n"
    "spec: {nodeName: node-1, hostNetwork: true, "
    "containers: [{name: app, image: x}]}\n";

static void test_pod_ips(void **state) {
    (void)state;
    podsim_timing t = exact_timing();
    fixture f;
    fixture_open(&f, IPS_YAML, &t, "1.34");
    run_until(f.sim, 30000);
    assert_string_equal(find_pod(f.sim, "fresh")->status.pod_ip, "10.244.7.10");
    assert_string_equal(find_pod(f.sim, "host")->status.pod_ip, "10.0.0.1");
    assert_string_equal(find_pod(f.sim, "old")->status.pod_ip, "10.244.7.9");
    fixture_close(&f);
}

static const char DEADLINE_YAML[] = NODE_YAML
    "apiVersion: v1\n"
    "kind: Pod\n"
    "metadata: {name: job-0, namespace: default, uid: j0}\n"
    "spec:\n"
    "  nodeName: node-1\n"
    "  activeDeadlineSeconds: 5\n"
    "  restartPolicy: Never\n"
    "  containers:\n"
    "  - {name: app, image: busybox:1.36}\n";

static void test_active_deadline(void **state) {
    (void)state;
    podsim_timing t = exact_timing();
    fixture f;
    fixture_open(&f, DEADLINE_YAML, &t, "1.33");
    run_until(f.sim, 20000);
    /* startTime 0 + 5 s: Failed/DeadlineExceeded, the container stops */
    assert_int_equal(change_at(f.sim, "job-0", "phase", "Failed", 0), 5000);
    assert_int_equal(event_at(f.sim, "job-0", "DeadlineExceeded",
                              "Pod was active on the node longer than the "
                              "specified deadline",
                              0),
                     5000);
    assert_int_equal(
        event_at(f.sim, "job-0", "Killing", "Stopping container app", 0), 5000);
    assert_int_equal(
        change_at(f.sim, "job-0", "container/app", "terminated:Completed", 0),
        5500);
    const podsim_pod *p = find_pod(f.sim, "job-0");
    assert_non_null(p);
    assert_string_equal(p->status.reason, "DeadlineExceeded");
    assert_int_equal(change_at(f.sim, "job-0", "status", "DeadlineExceeded", 0),
                     5000);
    fixture_close(&f);
}

/* ------------------------------------------------------------------ */
/* Loaded running pods, forks                                           */
/* ------------------------------------------------------------------ */

static const char ADOPT_YAML[] = NODE_YAML
    "apiVersion: v1\n"
    "kind: Pod\n"
    "metadata: {name: old, namespace: default, uid: o1, "
    "creationTimestamp: \"2026-01-01T00:00:00Z\"}\n"
    "spec:\n"
    "  nodeName: node-1\n"
    "  containers:\n"
    "  - {name: app, image: busybox:1.36}\n"
    "status:\n"
    "  phase: Running\n"
    "  startTime: \"2026-01-01T00:00:00Z\"\n"
    "  conditions:\n"
    "  - {type: Ready, status: \"True\"}\n"
    "  containerStatuses:\n"
    "  - name: app\n"
    "    image: busybox:1.36\n"
    "    ready: true\n"
    "    started: true\n"
    "    restartCount: 4\n"
    "    state:\n"
    "      running: {startedAt: \"2026-01-01T00:00:00Z\"}\n";

static void test_adopts_running_pod(void **state) {
    (void)state;
    podsim_timing t = exact_timing();
    fixture f;
    fixture_open(&f, ADOPT_YAML, &t, "1.33");
    run_until(f.sim, 60000);
    const podsim_pod *p = find_pod(f.sim, "old");
    const podsim_container_status *app = container(p, "app");
    assert_int_equal(app->state.kind, PODSIM_STATE_RUNNING);
    assert_int_equal(app->restart_count, 4);
    assert_int_equal(p->status.phase, PODSIM_PHASE_RUNNING);
    assert_int_equal(count_events(f.sim, "old", "Started"), 0);
    assert_int_equal(count_events(f.sim, "old", "Pulled"), 0);
    fixture_close(&f);
}

/* A dump taken while a container sat in CrashLoopBackOff: the kubelet's
   back-off entry is in the waiting message ("back-off 2m40s", after the
   5th exit), measured from lastState.finishedAt, which is also when the
   dump was taken (time 0). Without a scenario rule the container does
   again what it did: runs 3 s (lastState startedAt to finishedAt) and
   exits 1. So: the restart starts at 160 s (no lag with EXACT) and runs
   from 160.2 s (container start 200 ms; RESTARTS counts it then), exits
   at 163.2 s, and the doubled, capped back-off of 300 s from that exit
   restarts it at 463.2 + 0.2 s. */
static const char LOOPING_YAML[] = NODE_YAML
    "apiVersion: v1\n"
    "kind: Pod\n"
    "metadata: {name: looping, namespace: default, uid: l1, "
    "creationTimestamp: \"2026-01-01T00:00:00Z\"}\n"
    "spec:\n"
    "  nodeName: node-1\n"
    "  containers:\n"
    "  - {name: app, image: busybox:1.36}\n"
    "status:\n"
    "  phase: Running\n"
    "  startTime: \"2026-01-01T00:00:00Z\"\n"
    "  containerStatuses:\n"
    "  - name: app\n"
    "    image: busybox:1.36\n"
    "    ready: false\n"
    "    restartCount: 5\n"
    "    state:\n"
    "      waiting:\n"
    "        reason: CrashLoopBackOff\n"
    "        message: back-off 2m40s restarting failed container=app "
    "pod=looping_default(l1)\n"
    "    lastState:\n"
    "      terminated:\n"
    "        exitCode: 1\n"
    "        reason: Error\n"
    "        startedAt: \"2026-01-01T00:09:57Z\"\n"
    "        finishedAt: \"2026-01-01T00:10:00Z\"\n";

static void test_adopts_crash_loop(void **state) {
    (void)state;
    podsim_timing t = exact_timing();
    fixture f;
    fixture_open(&f, LOOPING_YAML, &t, "1.33");
    run_until(f.sim, 600000);
    assert_int_equal(change_at(f.sim, "looping", "restarts", "6", 0), 160200);
    assert_int_equal(
        change_at(f.sim, "looping", "container/app", "terminated:Error", 0),
        163200);
    assert_int_equal(change_at(f.sim, "looping", "restarts", "7", 0), 463400);
    const podsim_pod *p = find_pod(f.sim, "looping");
    const podsim_container_status *app = container(p, "app");
    assert_int_equal(app->last_state.exit_code, 1);
    assert_string_equal(app->state.reason, "CrashLoopBackOff");
    assert_non_null(strstr(app->state.message, "back-off 5m0s"));
    fixture_close(&f);
}

static void test_fork_is_independent(void **state) {
    (void)state;
    podsim_timing t = exact_timing();
    t.container_start_ms = -1;
    fixture f;
    fixture_open(&f, CRASH_YAML, &t, "1.34");
    set_behavior(f.sim, "web-0", "app", PODSIM_RUN_CRASH, 1, 2000);
    run_until(f.sim, 6000); /* in back-off since 5000, restart at 15000 */
    podsim_sim *fork = NULL;
    assert_int_equal(podsim_sim_fork(f.sim, &fork), PODSIM_OK);
    /* the fork deletes the pod; the original keeps crash-looping */
    assert_int_equal(
        podsim_sim_delete_pod(fork, "default", "web-0", 7000, -1, false),
        PODSIM_OK);
    run_until(fork, 100000);
    run_until(f.sim, 100000);
    assert_null(find_pod(fork, "web-0"));
    assert_int_equal(change_at(fork, "web-0", "restarts", "2", 0), -1);
    /* the original, unaffected: restarts 15000, 37000, 79000 as before */
    assert_int_equal(change_at(f.sim, "web-0", "restarts", "2", 0), 15000);
    assert_int_equal(change_at(f.sim, "web-0", "restarts", "4", 0), 79000);
    /* a second fork replays the original exactly */
    podsim_sim *again = NULL;
    assert_int_equal(podsim_sim_fork(f.sim, &again), PODSIM_OK);
    run_until(again, 300000);
    run_until(f.sim, 300000);
    assert_int_equal(podsim_sim_change_count(again),
                     podsim_sim_change_count(f.sim));
    assert_int_equal(podsim_sim_event_count(again),
                     podsim_sim_event_count(f.sim));
    podsim_sim_free(again);
    podsim_sim_free(fork);
    fixture_close(&f);
}

/* ------------------------------------------------------------------ */
/* kubelet_status.c: getPhase (lifecycle.md A.2), conditions, texts     */
/* ------------------------------------------------------------------ */

static podsim_container_status st_none(const char *name) {
    podsim_container_status s;
    memset(&s, 0, sizeof s);
    s.name = name;
    s.state.reason = s.state.message = "";
    s.last_state.reason = s.last_state.message = "";
    return s;
}

static podsim_container_status st_waiting(const char *name,
                                          const char *reason) {
    podsim_container_status s = st_none(name);
    s.state.kind = PODSIM_STATE_WAITING;
    s.state.reason = reason;
    return s;
}

static podsim_container_status st_running(const char *name, bool ready) {
    podsim_container_status s = st_none(name);
    s.state.kind = PODSIM_STATE_RUNNING;
    s.ready = ready;
    s.started.set = true;
    s.started.value = 1;
    return s;
}

static podsim_container_status st_exited(const char *name, int32_t code) {
    podsim_container_status s = st_none(name);
    s.state.kind = PODSIM_STATE_TERMINATED;
    s.state.exit_code = code;
    s.ready = false;
    return s;
}

static podsim_container_status st_backoff(const char *name, int32_t code) {
    podsim_container_status s = st_waiting(name, "CrashLoopBackOff");
    s.last_state.kind = PODSIM_STATE_TERMINATED;
    s.last_state.exit_code = code;
    return s;
}

static podsim_container ctr(const char *name, podsim_container_kind kind) {
    podsim_container c;
    memset(&c, 0, sizeof c);
    c.name = name;
    c.kind = kind;
    c.image = "busybox";
    return c;
}

static podsim_pod_spec spec_of(const podsim_container *init, size_t ninit,
                               const podsim_container *regular, size_t n,
                               podsim_restart_policy policy) {
    podsim_pod_spec s;
    memset(&s, 0, sizeof s);
    s.init_containers = init;
    s.init_container_count = ninit;
    s.containers = regular;
    s.container_count = n;
    s.restart_policy = policy;
    return s;
}

static void test_get_phase_table(void **state) {
    (void)state;
    podsim_container app[2] = {ctr("app", PODSIM_CONTAINER_REGULAR),
                               ctr("log", PODSIM_CONTAINER_REGULAR)};
    podsim_container init[1] = {ctr("init", PODSIM_CONTAINER_INIT)};
    podsim_container side[1] = {ctr("proxy", PODSIM_CONTAINER_SIDECAR)};
    podsim_pod_spec always = spec_of(NULL, 0, app, 1, PODSIM_RESTART_ALWAYS);
    podsim_pod_spec never = spec_of(NULL, 0, app, 1, PODSIM_RESTART_NEVER);
    podsim_pod_spec onfail =
        spec_of(NULL, 0, app, 1, PODSIM_RESTART_ON_FAILURE);
    podsim_container_status s[3];

    /* image not pulled yet (first start): Pending */
    s[0] = st_waiting("app", "ErrImagePull");
    assert_int_equal(kubelet_get_phase(&always, s, 1, false, false),
                     PODSIM_PHASE_PENDING);
    s[0] = st_waiting("app", "ContainerCreating");
    assert_int_equal(kubelet_get_phase(&always, s, 1, false, false),
                     PODSIM_PHASE_PENDING);
    /* no status at all */
    assert_int_equal(kubelet_get_phase(&always, s, 0, false, false),
                     PODSIM_PHASE_PENDING);
    /* running */
    s[0] = st_running("app", true);
    assert_int_equal(kubelet_get_phase(&always, s, 1, false, false),
                     PODSIM_PHASE_RUNNING);
    /* CrashLoopBackOff (it has a last termination): Running */
    s[0] = st_backoff("app", 1);
    assert_int_equal(kubelet_get_phase(&always, s, 1, false, false),
                     PODSIM_PHASE_RUNNING);
    /* all exited 0: Succeeded with OnFailure or Never, Running with Always */
    s[0] = st_exited("app", 0);
    assert_int_equal(kubelet_get_phase(&onfail, s, 1, false, false),
                     PODSIM_PHASE_SUCCEEDED);
    assert_int_equal(kubelet_get_phase(&never, s, 1, false, false),
                     PODSIM_PHASE_SUCCEEDED);
    assert_int_equal(kubelet_get_phase(&always, s, 1, false, false),
                     PODSIM_PHASE_RUNNING);
    /* one non-zero, one zero, Never: Failed; OnFailure: Running */
    podsim_pod_spec never2 = spec_of(NULL, 0, app, 2, PODSIM_RESTART_NEVER);
    podsim_pod_spec onfail2 =
        spec_of(NULL, 0, app, 2, PODSIM_RESTART_ON_FAILURE);
    s[0] = st_exited("app", 1);
    s[1] = st_exited("log", 0);
    assert_int_equal(kubelet_get_phase(&never2, s, 2, false, false),
                     PODSIM_PHASE_FAILED);
    assert_int_equal(kubelet_get_phase(&onfail2, s, 2, false, false),
                     PODSIM_PHASE_RUNNING);
    /* deleted, killed non-zero: terminal decides Failed even with Always */
    podsim_pod_spec always2 = spec_of(NULL, 0, app, 2, PODSIM_RESTART_ALWAYS);
    s[0] = st_exited("app", 137);
    s[1] = st_exited("log", 143);
    assert_int_equal(kubelet_get_phase(&always2, s, 2, true, false),
                     PODSIM_PHASE_FAILED);
    s[0] = st_exited("app", 0);
    s[1] = st_exited("log", 0);
    assert_int_equal(kubelet_get_phase(&always2, s, 2, true, false),
                     PODSIM_PHASE_SUCCEEDED);

    /* init containers */
    podsim_pod_spec init_always =
        spec_of(init, 1, app, 1, PODSIM_RESTART_ALWAYS);
    podsim_pod_spec init_never = spec_of(init, 1, app, 1, PODSIM_RESTART_NEVER);
    s[0] = st_running("init", false);
    s[1] = st_waiting("app", "PodInitializing");
    assert_int_equal(kubelet_get_phase(&init_always, s, 2, false, false),
                     PODSIM_PHASE_PENDING);
    s[0] = st_exited("init", 1);
    assert_int_equal(kubelet_get_phase(&init_always, s, 2, false, false),
                     PODSIM_PHASE_PENDING);
    assert_int_equal(kubelet_get_phase(&init_never, s, 2, false, false),
                     PODSIM_PHASE_FAILED);
    s[0] = st_backoff("init", 1);
    assert_int_equal(kubelet_get_phase(&init_always, s, 2, false, false),
                     PODSIM_PHASE_PENDING);
    assert_int_equal(kubelet_get_phase(&init_never, s, 2, false, false),
                     PODSIM_PHASE_FAILED);
    s[0] = st_exited("init", 0);
    s[1] = st_running("app", true);
    assert_int_equal(kubelet_get_phase(&init_always, s, 2, false, false),
                     PODSIM_PHASE_RUNNING);

    /* sidecars: running but not started holds a new pod in Pending, not
       one that has initialized */
    podsim_pod_spec sidecar = spec_of(side, 1, app, 1, PODSIM_RESTART_ALWAYS);
    s[0] = st_running("proxy", false);
    s[0].started.value = 0;
    s[1] = st_waiting("app", "PodInitializing");
    assert_int_equal(kubelet_get_phase(&sidecar, s, 2, false, false),
                     PODSIM_PHASE_PENDING);
    s[1] = st_running("app", true);
    assert_int_equal(kubelet_get_phase(&sidecar, s, 2, false, false),
                     PODSIM_PHASE_RUNNING);
    /* a restarting sidecar does not count once the pod ran */
    s[0] = st_backoff("proxy", 1);
    s[1] = st_exited("app", 0);
    podsim_pod_spec sidecar_never =
        spec_of(side, 1, app, 1, PODSIM_RESTART_NEVER);
    assert_int_equal(kubelet_get_phase(&sidecar_never, s, 2, false, true),
                     PODSIM_PHASE_SUCCEEDED);
    /* a sidecar with no status is unknown: not Running */
    s[0] = st_running("app", true);
    assert_int_equal(kubelet_get_phase(&sidecar, s, 1, false, false),
                     PODSIM_PHASE_PENDING);
}

static void test_generated_conditions(void **state) {
    (void)state;
    podsim_container init[2] = {ctr("a", PODSIM_CONTAINER_INIT),
                                ctr("b", PODSIM_CONTAINER_INIT)};
    podsim_container app[2] = {ctr("app", PODSIM_CONTAINER_REGULAR),
                               ctr("log", PODSIM_CONTAINER_REGULAR)};
    podsim_pod_spec spec = spec_of(init, 2, app, 2, PODSIM_RESTART_ALWAYS);
    podsim_container_status s[4] = {st_waiting("a", "PodInitializing"),
                                    st_waiting("b", "PodInitializing"),
                                    st_waiting("app", "PodInitializing"),
                                    st_waiting("log", "PodInitializing")};
    kubelet_condition c;
    kubelet_condition_init(&c);
    kubelet_initialized_condition(&spec, s, 4, PODSIM_PHASE_PENDING, &c);
    assert_string_equal(c.status, "False");
    assert_string_equal(c.reason, "ContainersNotInitialized");
    assert_string_equal(strbuf_str(&c.message),
                        "containers with incomplete status: [a b]");
    s[0] = st_exited("a", 0);
    s[0].ready = true;
    kubelet_initialized_condition(&spec, s, 4, PODSIM_PHASE_PENDING, &c);
    assert_string_equal(strbuf_str(&c.message),
                        "containers with incomplete status: [b]");
    s[1] = st_exited("b", 0);
    s[1].ready = true;
    kubelet_initialized_condition(&spec, s, 4, PODSIM_PHASE_PENDING, &c);
    assert_string_equal(c.status, "True");
    assert_string_equal(c.reason, "");

    s[2] = st_running("app", false);
    s[3] = st_running("log", true);
    kubelet_containers_ready_condition(&spec, s, 4, PODSIM_PHASE_RUNNING, &c);
    assert_string_equal(c.status, "False");
    assert_string_equal(c.reason, "ContainersNotReady");
    assert_string_equal(strbuf_str(&c.message),
                        "containers with unready status: [app]");
    /* an unknown container is listed apart */
    kubelet_containers_ready_condition(&spec, s, 3, PODSIM_PHASE_RUNNING, &c);
    assert_string_equal(strbuf_str(&c.message),
                        "containers with unknown status: [log], containers "
                        "with unready status: [app]");
    kubelet_containers_ready_condition(&spec, s, 4, PODSIM_PHASE_FAILED, &c);
    assert_string_equal(c.reason, "PodFailed");

    /* Ready follows ContainersReady, then the readiness gates */
    s[2] = st_running("app", true);
    static const char *const gate_names[] = {"example.com/lb"};
    spec.readiness_gates.items = gate_names;
    spec.readiness_gates.count = 1;
    kubelet_ready_condition(&spec, NULL, 0, s, 4, PODSIM_PHASE_RUNNING, &c);
    assert_string_equal(c.status, "False");
    assert_string_equal(c.reason, "ReadinessGatesNotReady");
    assert_string_equal(strbuf_str(&c.message),
                        "corresponding condition of pod readiness gate "
                        "\"example.com/lb\" does not exist.");
    podsim_condition gate;
    memset(&gate, 0, sizeof gate);
    gate.type = "example.com/lb";
    gate.status = "False";
    kubelet_ready_condition(&spec, &gate, 1, s, 4, PODSIM_PHASE_RUNNING, &c);
    assert_string_equal(strbuf_str(&c.message),
                        "the status of pod readiness gate \"example.com/lb\" "
                        "is not \"True\", but False");
    gate.status = "True";
    kubelet_ready_condition(&spec, &gate, 1, s, 4, PODSIM_PHASE_RUNNING, &c);
    assert_string_equal(c.status, "True");
    kubelet_condition_release(&c);
}

static void test_texts(void **state) {
    (void)state;
    static const struct {
        int64_t ms;
        const char *text;
    } durations[] = {
        {0, "0s"},           {599, "599ms"},        {1000, "1s"},
        {1799, "1.799s"},    {10500, "10.5s"},      {10000, "10s"},
        {80000, "1m20s"},    {160000, "2m40s"},     {300000, "5m0s"},
        {3600000, "1h0m0s"}, {3723450, "1h2m3.45s"}};
    char buf[48];
    for (size_t i = 0; i < sizeof durations / sizeof durations[0]; i++) {
        kubelet_go_duration(durations[i].ms, buf, sizeof buf);
        assert_string_equal(buf, durations[i].text);
    }
    static const struct {
        const char *in;
        const char *out;
    } images[] = {
        {"nginx", "docker.io/library/nginx:latest"},
        {"nginx:1.25", "docker.io/library/nginx:1.25"},
        {"bitnami/redis", "docker.io/bitnami/redis:latest"},
        {"docker.io/nginx:1.25", "docker.io/library/nginx:1.25"},
        {"example.com/app:v2", "example.com/app:v2"},
        {"localhost:5000/app", "localhost:5000/app:latest"},
        {"nginx@sha256:abc", "docker.io/library/nginx@sha256:abc"},
    };
    for (size_t i = 0; i < sizeof images / sizeof images[0]; i++) {
        char out[256];
        assert_true(kubelet_image_normalize(images[i].in, out, sizeof out));
        assert_string_equal(out, images[i].out);
    }
    assert_true(
        kubelet_image_same("busybox:1.36", "docker.io/library/busybox:1.36"));
    assert_true(kubelet_image_same("nginx", "nginx:latest"));
    assert_false(kubelet_image_same("nginx", "nginx:1.25"));
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ready_after_init_pull_and_probe),
        cmocka_unit_test(test_crashloop_backoff),
        cmocka_unit_test(test_image_pull_backoff),
        cmocka_unit_test(test_image_pulls_serialized),
        cmocka_unit_test(test_image_pulls_parallel),
        cmocka_unit_test(test_pull_policies),
        cmocka_unit_test(test_oomkilled),
        cmocka_unit_test(test_completed_never_succeeds),
        cmocka_unit_test(test_init_failure_never_fails_pod),
        cmocka_unit_test(test_create_container_config_error),
        cmocka_unit_test(test_failed_mount),
        cmocka_unit_test(test_liveness_restart),
        cmocka_unit_test(test_sidecar_start_order),
        cmocka_unit_test(test_graceful_deletion),
        cmocka_unit_test(test_active_deadline),
        cmocka_unit_test(test_prestop_sleep),
        cmocka_unit_test(test_pod_ips),
        cmocka_unit_test(test_volume_setup_times),
        cmocka_unit_test(test_adopts_running_pod),
        cmocka_unit_test(test_adopts_crash_loop),
        cmocka_unit_test(test_fork_is_independent),
        cmocka_unit_test(test_get_phase_table),
        cmocka_unit_test(test_generated_conditions),
        cmocka_unit_test(test_texts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
