/*
 * test_sim.c - the simulation engine (determinism, forks, run_until /
 * step / run_idle, apply and delete), scenario files, the scheduling queue
 * on the clock and the describe / events views.
 *
 * Expected instants come from the upstream rules the scheduler module
 * follows (pkg/scheduler/backend/queue: back-off 1 s doubling to 10 s per
 * attempt, the 1 s flush, from 1.33 the 1 s ordering window and popping
 * from backoffQ when activeQ is empty, the 5-minute leftover flush every
 * 30 s), worked out by hand in the comments of each test. Capacity is
 * freed with forced deletions, which remove a pod at once whatever the
 * kubelet does, so these tests hold with or without the kubelet model.
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
#include "sim.h"

/* ------------------------------------------------------------------ */
/* Helpers                                                             */
/* ------------------------------------------------------------------ */

#define MAX_LIVE 32
static podsim_cluster *live_clusters[MAX_LIVE];
static podsim_sim *live_sims[MAX_LIVE];

static int teardown(void **state) {
    (void)state;
    for (size_t i = 0; i < MAX_LIVE; i++) {
        podsim_sim_free(live_sims[i]);
        podsim_cluster_free(live_clusters[i]);
        live_sims[i] = NULL;
        live_clusters[i] = NULL;
    }
    return 0;
}

static podsim_sim *track_sim(podsim_sim *sim) {
    size_t i = 0;
    while (i < MAX_LIVE && live_sims[i]) i++;
    assert_true(i < MAX_LIVE);
    live_sims[i] = sim;
    return sim;
}

static podsim_cluster *load_cluster(const char *yaml) {
    podsim_cluster *c = NULL;
    assert_int_equal(podsim_cluster_new(NULL, &c), PODSIM_OK);
    size_t i = 0;
    while (i < MAX_LIVE && live_clusters[i]) i++;
    assert_true(i < MAX_LIVE);
    live_clusters[i] = c;
    podsim_status s =
        podsim_cluster_load_string(c, yaml, strlen(yaml), "cluster.yaml", NULL);
    if (s) fprintf(stderr, "load: %s\n", podsim_cluster_error(c)->message);
    assert_int_equal(s, PODSIM_OK);
    return c;
}

static podsim_sim *new_sim(const char *yaml, const char *version,
                           uint64_t seed) {
    podsim_cluster *c = load_cluster(yaml);
    podsim_sim_options opt = PODSIM_SIM_OPTIONS_INIT;
    opt.kubernetes_version = version;
    opt.seed = seed;
    podsim_sim *sim = NULL;
    assert_int_equal(podsim_sim_new(c, &opt, &sim), PODSIM_OK);
    return track_sim(sim);
}

static void run_until(podsim_sim *sim, int64_t ms) {
    podsim_status s = podsim_sim_run_until(sim, ms);
    if (s) fprintf(stderr, "run: %s\n", podsim_sim_error(sim)->message);
    assert_int_equal(s, PODSIM_OK);
}

static void force_delete(podsim_sim *sim, const char *name, int64_t at) {
    assert_int_equal(podsim_sim_delete_pod(sim, "default", name, at, 0, true),
                     PODSIM_OK);
}

/* Times of every occurrence of `reason` about pod `name`. */
static size_t event_times(const podsim_sim *sim, const char *reason,
                          const char *name, int64_t *out, size_t cap) {
    size_t n = 0;
    for (size_t i = 0; i < podsim_sim_event_count(sim); i++) {
        const podsim_sim_event *e = podsim_sim_event_get(sim, i);
        if (strcmp(e->reason, reason) != 0 || strcmp(e->name, name) != 0) {
            continue;
        }
        if (n < cap) out[n] = e->time;
        n++;
    }
    return n;
}

static const podsim_sim_event *last_event(const podsim_sim *sim,
                                          const char *reason,
                                          const char *name) {
    const podsim_sim_event *found = NULL;
    for (size_t i = 0; i < podsim_sim_event_count(sim); i++) {
        const podsim_sim_event *e = podsim_sim_event_get(sim, i);
        if (strcmp(e->reason, reason) == 0 && strcmp(e->name, name) == 0) {
            found = e;
        }
    }
    return found;
}

static void assert_times(const podsim_sim *sim, const char *reason,
                         const char *name, const int64_t *want, size_t n) {
    int64_t got[32];
    size_t count = event_times(sim, reason, name, got, 32);
    if (count != n) {
        fprintf(stderr, "%s %s: %zu occurrences:", reason, name, count);
        for (size_t i = 0; i < count && i < 32; i++) {
            fprintf(stderr, " %lld", (long long)got[i]);
        }
        fprintf(stderr, "\n");
    }
    assert_int_equal(count, n);
    for (size_t i = 0; i < n; i++) assert_int_equal(got[i], want[i]);
}

static const podsim_pod *pod_named(podsim_sim *sim, const char *name) {
    podsim_id id = PODSIM_NO_ID;
    if (podsim_sim_find_pod(sim, "default", name, &id) != PODSIM_OK) {
        return NULL;
    }
    return podsim_cluster_pod(podsim_sim_cluster(sim), id);
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

static char *render(podsim_sim *sim, podsim_sim_view view) {
    const char *text = NULL;
    size_t len = 0;
    assert_int_equal(podsim_sim_render(sim, view, 0, &text, &len), PODSIM_OK);
    char *copy = malloc(len + 1);
    assert_non_null(copy);
    memcpy(copy, text, len + 1);
    return copy;
}

static bool has_line(const char *text, const char *line) {
    size_t n = strlen(line);
    for (const char *p = text; (p = strstr(p, line)) != NULL; p++) {
        bool starts = p == text || p[-1] == '\n';
        bool ends = p[n] == '\n' || p[n] == '\0';
        if (starts && ends) return true;
    }
    return false;
}

/* ------------------------------------------------------------------ */
/* Clusters                                                            */
/* ------------------------------------------------------------------ */

#define NODE(name, cpu)                                   \
    "- apiVersion: v1\n"                                  \
    "  kind: Node\n"                                      \
    "  metadata:\n"                                       \
    "    name: " name                                     \
    "\n"                                                  \
    "    creationTimestamp: \"2026-11-28T10:00:00Z\"\n"   \
    "    labels: {kubernetes.io/hostname: " name          \
    "}\n"                                                 \
    "  status:\n"                                         \
    "    allocatable: {cpu: \"" cpu                       \
    "\", memory: 8Gi, pods: \"110\"}\n"                   \
    "    capacity: {cpu: \"" cpu                          \
    "\", memory: 8Gi, pods: \"110\"}\n"                   \
    "    conditions: [{type: Ready, status: \"True\"}]\n" \
    "    addresses: [{type: InternalIP, address: 10.0.1.10}]\n"

#define BOUND_POD(name, node, cpu)                                    \
    "- apiVersion: v1\n"                                              \
    "  kind: Pod\n"                                                   \
    "  metadata: {name: " name                                        \
    ", namespace: default}\n"                                         \
    "  spec:\n"                                                       \
    "    nodeName: " node                                             \
    "\n"                                                              \
    "    containers:\n"                                               \
    "    - {name: c, image: \"busybox:1.36\", resources: {requests: " \
    "{cpu: \"" cpu "\"}}}\n"

#define PENDING_POD(name, cpu)                                        \
    "- apiVersion: v1\n"                                              \
    "  kind: Pod\n"                                                   \
    "  metadata: {name: " name                                        \
    ", namespace: default}\n"                                         \
    "  spec:\n"                                                       \
    "    containers:\n"                                               \
    "    - {name: c, image: \"busybox:1.36\", resources: {requests: " \
    "{cpu: \"" cpu "\"}}}\n"

/* One 2-CPU node nearly full: `big` (1 CPU) does not fit until 0.7 CPU
   more are free; each small pod frees 0.1. */
static const char *const full_node =
    "apiVersion: v1\nkind: List\nitems:\n" NODE("node-a", "2") BOUND_POD(
        "hog", "node-a", "1500m") BOUND_POD("small-1", "node-a", "100m")
        BOUND_POD("small-2", "node-a", "100m")
            BOUND_POD("small-3", "node-a", "100m") PENDING_POD("big", "1");

/* Three equal nodes and pods with ties to break. */
static const char *const three_nodes =
    "apiVersion: v1\nkind: List\nitems:\n" NODE("node-a", "4")
        NODE("node-b", "4") NODE("node-c", "4") PENDING_POD("p1", "100m")
            PENDING_POD("p2", "100m") PENDING_POD("p3", "100m")
                PENDING_POD("p4", "100m") PENDING_POD("p5", "100m")
                    PENDING_POD("p6", "100m") PENDING_POD("p7", "100m")
                        PENDING_POD("p8", "100m");

/* ------------------------------------------------------------------ */
/* The engine                                                          */
/* ------------------------------------------------------------------ */

static void test_same_seed_same_log(void **state) {
    (void)state;
    podsim_sim *a = new_sim(three_nodes, "1.34", 42);
    podsim_sim *b = new_sim(three_nodes, "1.34", 42);
    run_until(a, 120000);
    run_until(b, 120000);
    char *la = render(a, PODSIM_SIM_VIEW_EVENT_LOG);
    char *lb = render(b, PODSIM_SIM_VIEW_EVENT_LOG);
    assert_true(strlen(la) > 0);
    assert_string_equal(la, lb);
    assert_int_equal(podsim_sim_change_count(a), podsim_sim_change_count(b));
    for (size_t i = 0; i < podsim_sim_change_count(a); i++) {
        const podsim_sim_change *x = podsim_sim_change_get(a, i);
        const podsim_sim_change *y = podsim_sim_change_get(b, i);
        assert_int_equal(x->time, y->time);
        assert_string_equal(x->name, y->name);
        assert_string_equal(x->field, y->field);
        assert_string_equal(x->value, y->value);
    }
    /* every pod was scheduled at time 0 */
    int64_t t[2];
    assert_int_equal(event_times(a, "Scheduled", "p8", t, 2), 1);
    assert_int_equal(t[0], 0);
    free(la);
    free(lb);
}

static void test_fork_independent(void **state) {
    (void)state;
    podsim_sim *a = new_sim(full_node, "1.34", 3);
    run_until(a, 10000);
    podsim_sim *b = NULL;
    assert_int_equal(podsim_sim_fork(a, &b), PODSIM_OK);
    track_sim(b);
    assert_int_equal(podsim_sim_now(b), 10000);
    size_t events_a = podsim_sim_event_count(a);
    size_t changes_a = podsim_sim_change_count(a);
    /* the fork goes on alone: capacity frees, big is scheduled there */
    force_delete(b, "hog", 20000);
    run_until(b, 30000);
    assert_non_null(last_event(b, "Scheduled", "big"));
    assert_int_equal(podsim_sim_now(a), 10000);
    assert_int_equal(podsim_sim_event_count(a), events_a);
    assert_int_equal(podsim_sim_change_count(a), changes_a);
    assert_null(last_event(a, "Scheduled", "big"));
    assert_non_null(pod_named(a, "hog"));
    assert_null(pod_named(b, "hog"));

    /* both branches continue identically from the fork point */
    podsim_sim *c = NULL;
    assert_int_equal(podsim_sim_fork(a, &c), PODSIM_OK);
    track_sim(c);
    force_delete(a, "hog", 20000);
    force_delete(c, "hog", 20000);
    run_until(a, 60000);
    run_until(c, 60000);
    char *la = render(a, PODSIM_SIM_VIEW_EVENT_LOG);
    char *lc = render(c, PODSIM_SIM_VIEW_EVENT_LOG);
    assert_string_equal(la, lc);
    free(la);
    free(lc);
}

static void test_fork_same_ties(void **state) {
    (void)state;
    /* ties broken from the carried stream: the fork's and the parent's
       later placements match */
    podsim_sim *a = new_sim(three_nodes, "1.34", 9);
    run_until(a, 0);
    podsim_sim *b = NULL;
    assert_int_equal(podsim_sim_fork(a, &b), PODSIM_OK);
    track_sim(b);
    static const char more[] =
        "apiVersion: v1\nkind: List\nitems:\n" PENDING_POD("q1", "100m")
            PENDING_POD("q2", "100m") PENDING_POD("q3", "100m");
    assert_int_equal(
        podsim_sim_apply_string(a, more, strlen(more), "more.yaml", 5000),
        PODSIM_OK);
    assert_int_equal(
        podsim_sim_apply_string(b, more, strlen(more), "more.yaml", 5000),
        PODSIM_OK);
    run_until(a, 6000);
    run_until(b, 6000);
    char *la = render(a, PODSIM_SIM_VIEW_EVENT_LOG);
    char *lb = render(b, PODSIM_SIM_VIEW_EVENT_LOG);
    assert_string_equal(la, lb);
    free(la);
    free(lb);
}

static void test_run_step_idle(void **state) {
    (void)state;
    podsim_sim *sim = new_sim(full_node, "1.34", 1);
    assert_int_equal(podsim_sim_now(sim), 0);
    /* step: the instant 0 (watch fan-out, the first attempt) */
    bool ran = false;
    assert_int_equal(podsim_sim_step(sim, &ran), PODSIM_OK);
    assert_true(ran);
    assert_int_equal(podsim_sim_now(sim), 0);
    int64_t t[4];
    assert_int_equal(event_times(sim, "FailedScheduling", "big", t, 4), 1);
    /* run_until moves the clock even with nothing to do */
    run_until(sim, 1234);
    assert_int_equal(podsim_sim_now(sim), 1234);
    assert_int_equal(podsim_sim_run_until(sim, 1000), PODSIM_EINVAL);
    /* a delete in the future is pending work: run_idle stops at the limit */
    force_delete(sim, "hog", 50000);
    bool idle = true;
    assert_int_equal(podsim_sim_run_idle(sim, 20000, &idle), PODSIM_OK);
    assert_false(idle);
    assert_int_equal(podsim_sim_now(sim), 20000);
    assert_null(last_event(sim, "Scheduled", "big"));
    assert_int_equal(podsim_sim_run_idle(sim, 600000, &idle), PODSIM_OK);
    /* with the kubelet, big starts; either way the queue is empty and only
       periodic work may remain */
    assert_true(idle);
    assert_non_null(last_event(sim, "Scheduled", "big"));
    assert_int_equal(last_event(sim, "Scheduled", "big")->time, 50000);
    /* idle: a step at the end runs periodic work or nothing */
    assert_int_equal(podsim_sim_step(sim, &ran), PODSIM_OK);
}

static void test_apply_error_position(void **state) {
    (void)state;
    podsim_sim *sim = new_sim(full_node, "1.34", 1);
    static const char bad[] =
        "apiVersion: v1\n"
        "kind: Pod\n"
        "metadata: {name: x, namespace: default}\n"
        "spec:\n"
        "  containers:\n"
        "  - name: c\n"
        "    image: busybox\n"
        "    ports: [{containerPort: eighty}]\n";
    assert_int_not_equal(
        podsim_sim_apply_string(sim, bad, strlen(bad), "bad.yaml", 0),
        PODSIM_OK);
    const podsim_error *e = podsim_sim_error(sim);
    assert_non_null(e->source);
    assert_string_equal(e->source, "bad.yaml");
    assert_int_equal(e->line, 8);
    assert_true(e->column > 0);
    /* nothing was posted */
    run_until(sim, 1000);
    assert_null(pod_named(sim, "x"));
    /* an apply in the past is refused */
    static const char good[] =
        "apiVersion: v1\nkind: Pod\nmetadata: {name: y}\n"
        "spec: {containers: [{name: c, image: busybox}]}\n";
    assert_int_equal(
        podsim_sim_apply_string(sim, good, strlen(good), "good.yaml", 10),
        PODSIM_EINVAL);
}

static void test_delete_unbound_vanishes(void **state) {
    (void)state;
    podsim_sim *sim = new_sim(full_node, "1.34", 1);
    run_until(sim, 1000);
    assert_non_null(pod_named(sim, "big"));
    /* a graceful delete of an unscheduled pod removes it at once
       (CheckGracefulDelete: grace 0 for unbound pods) */
    assert_int_equal(
        podsim_sim_delete_pod(sim, "default", "big", 2000, -1, false),
        PODSIM_OK);
    run_until(sim, 2000);
    assert_null(pod_named(sim, "big"));
    podsim_id id;
    assert_int_equal(podsim_sim_find_pod(sim, "default", "big", &id),
                     PODSIM_ENOTFOUND);
    /* it left the queue: capacity freed later schedules nothing */
    force_delete(sim, "hog", 3000);
    run_until(sim, 60000);
    assert_null(last_event(sim, "Scheduled", "big"));
    podsim_sim_stats st;
    podsim_sim_get_stats(sim, &st);
    assert_int_equal(st.scheduling_attempts, 1);
    assert_int_equal(
        podsim_sim_delete_pod(sim, "default", "big", 60000, -1, false),
        PODSIM_ENOTFOUND);
}

/* ------------------------------------------------------------------ */
/* Scenarios                                                           */
/* ------------------------------------------------------------------ */

static const char scenario_ok[] =
    "apiVersion: podsim.dev/v1alpha1\n"
    "kind: Scenario\n"
    "metadata: {name: demo}\n"
    "timing:\n"
    "  sandbox: 1.5s\n"
    "  containerStart: 250ms\n"
    "  imagePullOverhead: 2\n"
    "  imagePullBytesPerSecond: 10MB\n"
    "  imageDigestCheck: 0\n"
    "  defaultImageSize: 1Gi\n"
    "  maxParallelImagePulls: 3\n"
    "  volumeMount: 1m30s\n"
    "  volumeAttach: 0.25\n"
    "  containerStop: 1h\n"
    "  restartLagMax: 0s\n"
    "  jitterPercent: 10\n"
    "  exact: true\n"
    "images:\n"
    "- name: example.com/app:v2\n"
    "  size: 500MB\n"
    "- {name: example.com/typo:v1, missing: true}\n"
    "behaviors:\n"
    "- pod: \"default/web-*\"\n"
    "  container: app\n"
    "  run: crash\n"
    "  after: 2s\n"
    "  exitCode: 3\n"
    "  readyAfter: 5s\n"
    "  handlesSigterm: false\n"
    "  probes: {liveness: SSSFFF, readiness: S, startup: FFS}\n"
    "- pod: \"*\"\n"
    "  run: exit\n"
    "  afterJitter: 100ms\n";

static void test_scenario_applies(void **state) {
    (void)state;
    podsim_sim *sim = new_sim(full_node, "1.34", 1);
    assert_int_equal(podsim_sim_load_scenario_string(
                         sim, scenario_ok, strlen(scenario_ok), "s.yaml"),
                     PODSIM_OK);
    const podsim_timing *t = &sim->timing;
    assert_int_equal(t->sandbox_ms, 1500);
    assert_int_equal(t->container_start_ms, 250);
    assert_int_equal(t->image_pull_overhead_ms, 2000);
    assert_int_equal(t->image_pull_bytes_per_second, 10000000);
    assert_int_equal(t->image_digest_check_ms, 0);
    assert_int_equal(t->default_image_bytes, 1073741824);
    assert_int_equal(t->max_parallel_image_pulls, 3);
    assert_int_equal(t->volume_mount_ms, 90000);
    assert_int_equal(t->volume_attach_ms, 250);
    assert_int_equal(t->container_stop_ms, 3600000);
    assert_int_equal(t->restart_lag_max_ms, -1);
    assert_int_equal(t->jitter_percent, 10);
    assert_true(t->flags & PODSIM_TIMING_EXACT);
    int64_t size;
    bool missing;
    sim_image_info(sim, "example.com/app:v2", &size, &missing);
    assert_int_equal(size, 500000000);
    assert_false(missing);
    sim_image_info(sim, "example.com/typo:v1", &size, &missing);
    assert_true(missing);
    /* first match wins within the text */
    podsim_pod web;
    memset(&web, 0, sizeof web);
    web.meta.namespace_ = "default";
    web.meta.name = "web-0";
    const podsim_behavior *b = sim_behavior_for(sim, &web, "app");
    assert_int_equal(b->run, PODSIM_RUN_CRASH);
    assert_int_equal(b->run_ms, 2000);
    assert_int_equal(b->exit_code, 3);
    assert_int_equal(b->ready_after_ms, 5000);
    assert_false(b->handles_sigterm);
    assert_string_equal(b->liveness_pattern, "SSSFFF");
    assert_string_equal(b->startup_pattern, "FFS");
    b = sim_behavior_for(sim, &web, "sidecar");
    assert_int_equal(b->run, PODSIM_RUN_EXIT);
    assert_int_equal(b->run_jitter_ms, 100);
    assert_true(b->handles_sigterm);
    /* a later text takes precedence */
    static const char later[] =
        "apiVersion: podsim.dev/v1alpha1\n"
        "kind: Scenario\n"
        "behaviors: [{pod: \"*\", run: oom}]\n";
    assert_int_equal(
        podsim_sim_load_scenario_string(sim, later, strlen(later), NULL),
        PODSIM_OK);
    assert_int_equal(sim_behavior_for(sim, &web, "app")->run, PODSIM_RUN_OOM);
}

static void expect_scenario_error(const char *text, podsim_status status,
                                  int line, int column, const char *needle) {
    podsim_sim *sim = new_sim(full_node, "1.34", 1);
    podsim_timing before = sim->timing;
    size_t rules = sim->behaviors.len;
    podsim_status s =
        podsim_sim_load_scenario_string(sim, text, strlen(text), "bad.yaml");
    const podsim_error *e = podsim_sim_error(sim);
    if (s != status || e->line != line || e->column != column ||
        !strstr(e->message, needle)) {
        fprintf(stderr, "got %d %s:%d:%d: %s\n", (int)s,
                e->source ? e->source : "-", e->line, e->column, e->message);
    }
    assert_int_equal(s, status);
    assert_string_equal(e->source, "bad.yaml");
    assert_int_equal(e->line, line);
    assert_int_equal(e->column, column);
    assert_non_null(strstr(e->message, needle));
    /* nothing applied */
    assert_memory_equal(&sim->timing, &before, sizeof before);
    assert_int_equal(sim->behaviors.len, rules);
}

#define HEAD "apiVersion: podsim.dev/v1alpha1\nkind: Scenario\n"

static void test_scenario_errors(void **state) {
    (void)state;
    expect_scenario_error(HEAD "timing:\n  sandbox: 1s\n  sandbx: 2s\n",
                          PODSIM_EINVAL, 5, 3,
                          "timing: unknown field \"sandbx\"");
    expect_scenario_error(HEAD "timing: {sandbox: 1s}\nextra: 1\n",
                          PODSIM_EINVAL, 4, 1, "unknown field \"extra\"");
    expect_scenario_error(HEAD "timing:\n  containerStop: 5x\n", PODSIM_EINVAL,
                          4, 18, "timing.containerStop: Invalid value: \"5x\"");
    expect_scenario_error(HEAD "timing:\n  containerStop: \"10\"\n",
                          PODSIM_EINVAL, 4, 18, "missing unit");
    expect_scenario_error(HEAD "timing:\n  sandbox: -1s\n", PODSIM_EINVAL, 4,
                          12, "must not be negative");
    expect_scenario_error(HEAD "timing:\n  sandbox: 1500us\n", PODSIM_EINVAL, 4,
                          12, "resolution of 1ms");
    expect_scenario_error(HEAD
                          "behaviors:\n- pod: a\n  probes: {liveness: "
                          "SXS}\n",
                          PODSIM_EINVAL, 5, 22,
                          "behaviors[0].probes.liveness: Invalid value");
    expect_scenario_error(HEAD "behaviors:\n- {pod: a, run: sometimes}\n",
                          PODSIM_EINVAL, 4, 17, "behaviors[0].run");
    expect_scenario_error(HEAD "images:\n- {name: a, size: lots}\n",
                          PODSIM_EINVAL, 4, 19, "images[0].size");
    expect_scenario_error(HEAD "images:\n- {size: 1Gi}\n", PODSIM_EINVAL, 4, 3,
                          "images[0].name: Required value");
    expect_scenario_error("apiVersion: podsim.dev/v2\nkind: Scenario\n",
                          PODSIM_EINVAL, 1, 13, "Unsupported value");
    /* strict: a Kubernetes object is not a scenario */
    expect_scenario_error(HEAD
                          "---\napiVersion: v1\nkind: Pod\n"
                          "metadata: {name: x}\n",
                          PODSIM_EINVAL, 5, 7,
                          "kind: Unsupported value: \"Pod\"");
    /* YAML syntax errors come from the parser with their position */
    podsim_sim *sim = new_sim(full_node, "1.34", 1);
    static const char broken[] = HEAD "timing: {sandbox: 1s\n";
    assert_int_not_equal(podsim_sim_load_scenario_string(
                             sim, broken, strlen(broken), "broken.yaml"),
                         PODSIM_OK);
    assert_true(podsim_sim_error(sim)->line > 0);
    /* limits: nesting depth as the loader enforces it */
    char deep[4096];
    size_t n = (size_t)snprintf(deep, sizeof deep, HEAD "metadata: ");
    for (int i = 0; i < 100; i++) n += (size_t)snprintf(deep + n, 8, "[");
    for (int i = 0; i < 100; i++) n += (size_t)snprintf(deep + n, 8, "]");
    assert_int_not_equal(
        podsim_sim_load_scenario_string(sim, deep, n, "deep.yaml"), PODSIM_OK);
    assert_non_null(strstr(podsim_sim_error(sim)->message, "max_depth"));
    /* a file that is not there */
    assert_int_equal(podsim_sim_load_scenario_file(sim, "/nonexistent/x.yaml"),
                     PODSIM_EIO);
}

static void test_scenario_in_apply(void **state) {
    (void)state;
    podsim_sim *sim = new_sim(full_node, "1.34", 1);
    static const char text[] =
        "apiVersion: v1\nkind: Pod\nmetadata: {name: extra, namespace: "
        "default}\nspec: {containers: [{name: c, image: busybox}]}\n"
        "---\n" HEAD "timing: {sandbox: 7s}\n";
    assert_int_equal(
        podsim_sim_apply_string(sim, text, strlen(text), "mix.yaml", 5000),
        PODSIM_OK);
    /* the Scenario part applies when posted, the Pod at its time */
    assert_int_equal(sim->timing.sandbox_ms, 7000);
    assert_null(pod_named(sim, "extra"));
    run_until(sim, 5000);
    assert_non_null(pod_named(sim, "extra"));
    /* a bad Scenario inside an apply fails the apply */
    static const char bad[] = HEAD "timing: {sandbox: soon}\n";
    assert_int_equal(
        podsim_sim_apply_string(sim, bad, strlen(bad), "mix2.yaml", 6000),
        PODSIM_EINVAL);
    assert_int_equal(podsim_sim_error(sim)->line, 3);
}

/* ------------------------------------------------------------------ */
/* The scheduling queue                                                */
/* ------------------------------------------------------------------ */

static void test_unschedulable_then_capacity(void **state) {
    (void)state;
    podsim_sim *sim = new_sim(full_node, "1.34", 1);
    force_delete(sim, "hog", 30000);
    run_until(sim, 29999);
    /* the first attempt at 0 fails; nothing moves it until 30 s */
    static const int64_t failed[] = {0};
    assert_times(sim, "FailedScheduling", "big", failed, 1);
    const podsim_pod *big = pod_named(sim, "big");
    const podsim_condition *c = condition(big, "PodScheduled");
    assert_non_null(c);
    assert_string_equal(c->status, "False");
    assert_string_equal(c->reason, "Unschedulable");
    assert_string_equal(c->message,
                        last_event(sim, "FailedScheduling", "big")->message);
    assert_non_null(strstr(c->message,
                           "0/1 nodes are available: 1 "
                           "Insufficient cpu."));
    assert_string_equal(last_event(sim, "FailedScheduling", "big")->source,
                        "default-scheduler");
    assert_string_equal(last_event(sim, "FailedScheduling", "big")->type,
                        "Warning");
    /* the hog's removal (AssignedPodDelete) retries it at once */
    run_until(sim, 40000);
    static const int64_t scheduled[] = {30000};
    assert_times(sim, "Scheduled", "big", scheduled, 1);
    const podsim_sim_event *e = last_event(sim, "Scheduled", "big");
    assert_string_equal(e->message,
                        "Successfully assigned default/big to node-a");
    assert_string_equal(e->type, "Normal");
    big = pod_named(sim, "big");
    assert_string_equal(big->spec.node_name, "node-a");
    c = condition(big, "PodScheduled");
    assert_string_equal(c->status, "True");
    podsim_sim_stats st;
    podsim_sim_get_stats(sim, &st);
    assert_int_equal(st.scheduling_attempts, 2);
}

/* Three pod deletions that free too little, at 500, 1200 and 3100 ms. */
static podsim_sim *backoff_run(const char *version) {
    podsim_sim *sim = new_sim(full_node, version, 1);
    force_delete(sim, "small-1", 500);
    force_delete(sim, "small-2", 1200);
    force_delete(sim, "small-3", 3100);
    run_until(sim, 60000);
    return sim;
}

static void test_backoff_before_1_33(void **state) {
    (void)state;
    /* attempt 1 at 0 (back-off 1 s: expiry 1000); the delete at 500 finds
       it backing off: backoffQ, flushed on the 1 s tick at 1000;
       attempt 2 at 1000 (2 s: expiry 3000); the delete at 1200 -> flushed
       at 3000; attempt 3 at 3000 (4 s: 7000); the delete at 3100 -> 7000;
       attempt 4 at 7000, then nothing moves it (5 min later: 330 s) */
    podsim_sim *sim = backoff_run("1.32");
    static const int64_t want[] = {0, 1000, 3000, 7000};
    assert_times(sim, "FailedScheduling", "big", want, 4);
    const podsim_sim_event *e = last_event(sim, "FailedScheduling", "big");
    assert_int_equal(e->count, 4);
    assert_int_equal(e->first_time, 0);
}

static void test_backoff_pop_from_backoffq(void **state) {
    (void)state;
    /* 1.34: SchedulerPopFromBackoffQ: an idle scheduler takes the moved pod
       from backoffQ at once */
    podsim_sim *sim = backoff_run("1.34");
    static const int64_t want[] = {0, 500, 1200, 3100};
    assert_times(sim, "FailedScheduling", "big", want, 4);
}

static void test_error_backoff_no_nodes(void **state) {
    (void)state;
    static const char no_nodes[] =
        "apiVersion: v1\nkind: List\nitems:\n" PENDING_POD("lonely", "1");
    /* before 1.33: expiry = failure + 1, 2, 4, 8, 10, 10 s, flushed on the
       1 s ticks from the start */
    podsim_sim *old = new_sim(no_nodes, "1.32", 1);
    run_until(old, 36000);
    static const int64_t want_old[] = {0,     1000,  3000, 7000,
                                       15000, 25000, 35000};
    assert_times(old, "FailedScheduling", "lonely", want_old, 7);
    assert_string_equal(last_event(old, "FailedScheduling", "lonely")->message,
                        "no nodes available to schedule pods");
    /* 1.34: the expiry is truncated to its whole second and the pod leaves
       the (error) back-off queue on the next aligned tick after it:
       0 -> 1000 -> tick 2000; 2000+2000 -> 5000; 5000+4000 -> 10000;
       10000+8000 -> 19000; 19000+10000 -> 30000; 40000 -> 41000 */
    podsim_sim *now = new_sim(no_nodes, "1.34", 1);
    run_until(now, 41000);
    static const int64_t want_new[] = {0,     2000,  5000, 10000,
                                       19000, 30000, 41000};
    assert_times(now, "FailedScheduling", "lonely", want_new, 7);
    const podsim_condition *c =
        condition(pod_named(now, "lonely"), "PodScheduled");
    assert_string_equal(c->reason, "Unschedulable");
}

static void test_leftover_flush(void **state) {
    (void)state;
    /* no event helps: flushUnschedulablePodsLeftover (every 30 s) moves
       the pod once it waited more than 5 minutes: at 330 s (300 s is not
       more), then 660 s */
    podsim_sim *sim = new_sim(full_node, "1.34", 1);
    run_until(sim, 700000);
    static const int64_t want[] = {0, 330000, 660000};
    assert_times(sim, "FailedScheduling", "big", want, 3);
    /* only the periodic flush is left: run_idle sees an idle cluster */
    bool idle = false;
    assert_int_equal(podsim_sim_run_idle(sim, 2000000, &idle), PODSIM_OK);
    assert_true(idle);
    assert_int_equal(podsim_sim_now(sim), 700000);
}

static void test_gated_pod(void **state) {
    (void)state;
    static const char gated[] =
        "apiVersion: v1\nkind: List\nitems:\n" NODE("node-a", "2")
        "- apiVersion: v1\n"
        "  kind: Pod\n"
        "  metadata: {name: held, namespace: default}\n"
        "  spec:\n"
        "    schedulingGates: [{name: example.com/quota}]\n"
        "    containers: [{name: c, image: busybox}]\n";
    podsim_sim *sim = new_sim(gated, "1.34", 1);
    run_until(sim, 700000);
    const podsim_pod *p = pod_named(sim, "held");
    const podsim_condition *c = condition(p, "PodScheduled");
    assert_non_null(c);
    assert_string_equal(c->status, "False");
    assert_string_equal(c->reason, "SchedulingGated");
    assert_string_equal(c->message,
                        "Scheduling is blocked due to non-empty scheduling "
                        "gates");
    podsim_sim_stats st;
    podsim_sim_get_stats(sim, &st);
    assert_int_equal(st.scheduling_attempts, 0);
    assert_int_equal(podsim_sim_event_count(sim), 0);
    char *pods = render(sim, PODSIM_SIM_VIEW_PODS);
    assert_non_null(strstr(pods, "SchedulingGated"));
    free(pods);
    /* the gates removed (WATCH_SPEC): scheduled at once */
    podsim_pod *mut = sim_pod_mut(sim, p->id);
    mut->spec.scheduling_gates.count = 0;
    sim_pod_changed(sim, p->id, WATCH_SPEC);
    run_until(sim, 700001);
    static const int64_t want[] = {700000};
    assert_times(sim, "Scheduled", "held", want, 1);
}

static void test_node_added(void **state) {
    (void)state;
    podsim_sim *sim = new_sim(full_node, "1.34", 1);
    static const char node[] =
        "apiVersion: v1\nkind: List\nitems:\n" NODE("node-b", "4");
    assert_int_equal(
        podsim_sim_apply_string(sim, node, strlen(node), "node.yaml", 45000),
        PODSIM_OK);
    run_until(sim, 50000);
    static const int64_t want[] = {45000};
    assert_times(sim, "Scheduled", "big", want, 1);
    assert_string_equal(pod_named(sim, "big")->spec.node_name, "node-b");
}

static void test_assigned_pod_added(void **state) {
    (void)state;
    /* web needs a db pod on its node (required pod affinity); a bound db
       pod appearing (AssignedPodAdd) retries it at once, while big, which
       failed on cpu, stays where it is */
    static const char text[] =
        "apiVersion: v1\nkind: List\nitems:\n" NODE("node-a", "2")
            BOUND_POD("hog", "node-a", "1500m") PENDING_POD("big", "1")
        "- apiVersion: v1\n"
        "  kind: Pod\n"
        "  metadata: {name: web, namespace: default}\n"
        "  spec:\n"
        "    affinity:\n"
        "      podAffinity:\n"
        "        requiredDuringSchedulingIgnoredDuringExecution:\n"
        "        - labelSelector: {matchLabels: {app: db}}\n"
        "          topologyKey: kubernetes.io/hostname\n"
        "    containers: [{name: c, image: busybox}]\n";
    podsim_sim *sim = new_sim(text, "1.34", 1);
    static const char db[] =
        "apiVersion: v1\nkind: Pod\n"
        "metadata: {name: db, namespace: default, labels: {app: db}}\n"
        "spec: {nodeName: node-a, containers: [{name: c, image: busybox}]}\n";
    assert_int_equal(
        podsim_sim_apply_string(sim, db, strlen(db), "db.yaml", 20000),
        PODSIM_OK);
    run_until(sim, 30000);
    static const int64_t failed[] = {0};
    assert_times(sim, "FailedScheduling", "web", failed, 1);
    static const int64_t scheduled[] = {20000};
    assert_times(sim, "Scheduled", "web", scheduled, 1);
    assert_times(sim, "FailedScheduling", "big", failed, 1);
}

static void test_priority_order(void **state) {
    (void)state;
    /* two pods wait; capacity for one frees: the higher priority goes
       first (PrioritySort), the other fails again */
    static const char text[] =
        "apiVersion: v1\nkind: List\nitems:\n" NODE("node-a", "2")
            BOUND_POD("hog", "node-a", "1500m")
        "- apiVersion: scheduling.k8s.io/v1\n"
        "  kind: PriorityClass\n"
        "  metadata: {name: high}\n"
        "  value: 1000\n"
        "  preemptionPolicy: Never\n"
        "- apiVersion: v1\n"
        "  kind: Pod\n"
        "  metadata: {name: first, namespace: default}\n"
        "  spec:\n"
        "    containers: [{name: c, image: busybox, resources: {requests: "
        "{cpu: 1500m}}}]\n"
        "- apiVersion: v1\n"
        "  kind: Pod\n"
        "  metadata: {name: second, namespace: default}\n"
        "  spec:\n"
        "    priorityClassName: high\n"
        "    containers: [{name: c, image: busybox, resources: {requests: "
        "{cpu: 1500m}}}]\n";
    podsim_sim *sim = new_sim(text, "1.34", 1);
    force_delete(sim, "hog", 10000);
    run_until(sim, 20000);
    static const int64_t at_ten[] = {10000};
    assert_times(sim, "Scheduled", "second", at_ten, 1);
    static const int64_t failed[] = {0, 10000};
    assert_times(sim, "FailedScheduling", "first", failed, 2);
}

static void test_preemption(void **state) {
    (void)state;
    static const char text[] =
        "apiVersion: v1\nkind: List\nitems:\n" NODE("node-a", "2")
        "- apiVersion: scheduling.k8s.io/v1\n"
        "  kind: PriorityClass\n"
        "  metadata: {name: low}\n"
        "  value: 10\n"
        "- apiVersion: scheduling.k8s.io/v1\n"
        "  kind: PriorityClass\n"
        "  metadata: {name: high}\n"
        "  value: 1000\n"
        "- apiVersion: v1\n"
        "  kind: Pod\n"
        "  metadata: {name: victim, namespace: default, uid: victim-uid}\n"
        "  spec:\n"
        "    nodeName: node-a\n"
        "    priorityClassName: low\n"
        "    containers: [{name: c, image: busybox, resources: {requests: "
        "{cpu: 1500m}}}]\n"
        "  status:\n"
        "    phase: Running\n"
        "    containerStatuses:\n"
        "    - {name: c, ready: true, restartCount: 0, image: busybox,\n"
        "       imageID: x, containerID: \"containerd://1\",\n"
        "       state: {running: {startedAt: \"2026-11-28T10:00:00Z\"}}}\n"
        "- apiVersion: v1\n"
        "  kind: Pod\n"
        "  metadata: {name: vip, namespace: default, uid: vip-uid}\n"
        "  spec:\n"
        "    priorityClassName: high\n"
        "    containers: [{name: c, image: busybox, resources: {requests: "
        "{cpu: \"1\"}}}]\n";
    podsim_sim *sim = new_sim(text, "1.34", 1);
    run_until(sim, 0);
    const podsim_sim_event *e = last_event(sim, "Preempted", "victim");
    assert_non_null(e);
    assert_int_equal(e->time, 0);
    assert_string_equal(e->type, "Normal");
    assert_string_equal(e->source, "default-scheduler");
    assert_string_equal(e->message, "Preempted by pod vip-uid on node node-a");
    const podsim_pod *victim = pod_named(sim, "victim");
    assert_non_null(victim);
    assert_true(victim->meta.deletion_timestamp != PODSIM_NO_TIME);
    const podsim_condition *c = condition(victim, "DisruptionTarget");
    assert_non_null(c);
    assert_string_equal(c->status, "True");
    assert_string_equal(c->reason, "PreemptionByScheduler");
    assert_string_equal(c->message,
                        "default-scheduler: preempting to "
                        "accommodate a higher priority pod");
    const podsim_pod *vip = pod_named(sim, "vip");
    assert_string_equal(vip->status.nominated_node_name, "node-a");
    assert_non_null(last_event(sim, "FailedScheduling", "vip"));
    /* the victim gone (the kubelet ends it after SIGTERM, or a forced
       delete at 30 s), the preemptor is scheduled the same instant */
    force_delete(sim, "victim", 30000);
    run_until(sim, 40000);
    e = last_event(sim, "Scheduled", "vip");
    assert_non_null(e);
    assert_true(e->time > 0 && e->time <= 30000);
    assert_int_equal(event_times(sim, "Preempted", "victim", NULL, 0), 1);
}

/* ------------------------------------------------------------------ */
/* Views                                                               */
/* ------------------------------------------------------------------ */

static const char running_pod[] =
    "apiVersion: v1\nkind: List\nitems:\n" NODE("node-a", "2")
    "- apiVersion: v1\n"
    "  kind: Pod\n"
    "  metadata:\n"
    "    name: web-0\n"
    "    namespace: default\n"
    "    uid: 6f1c2a3b-0000-4000-8000-000000000001\n"
    "    creationTimestamp: \"2026-11-28T09:59:58Z\"\n"
    "    labels: {app: web, apps.kubernetes.io/pod-index: \"0\"}\n"
    "    annotations: {team: shop}\n"
    "    ownerReferences:\n"
    "    - {apiVersion: apps/v1, kind: StatefulSet, name: web, uid: s1, "
    "controller: true}\n"
    "  spec:\n"
    "    nodeName: node-a\n"
    "    serviceAccountName: default\n"
    "    containers:\n"
    "    - name: app\n"
    "      image: nginx:1.27\n"
    "      ports: [{containerPort: 8080, protocol: TCP}]\n"
    "      resources:\n"
    "        requests: {cpu: 250m, memory: 64Mi}\n"
    "        limits: {memory: 128Mi}\n"
    "      livenessProbe:\n"
    "        httpGet: {path: /healthz, port: 8080}\n"
    "        initialDelaySeconds: 5\n"
    "      readinessProbe:\n"
    "        httpGet: {path: /, port: 8080}\n"
    "    volumes:\n"
    "    - name: data\n"
    "      persistentVolumeClaim: {claimName: data-web-0}\n"
    "  status:\n"
    "    phase: Running\n"
    "    hostIP: 10.0.1.10\n"
    "    podIP: 10.244.1.5\n"
    "    startTime: \"2026-11-28T10:00:00Z\"\n"
    "    conditions:\n"
    "    - {type: PodReadyToStartContainers, status: \"True\"}\n"
    "    - {type: Initialized, status: \"True\"}\n"
    "    - {type: Ready, status: \"True\"}\n"
    "    - {type: ContainersReady, status: \"True\"}\n"
    "    - {type: PodScheduled, status: \"True\"}\n"
    "    containerStatuses:\n"
    "    - name: app\n"
    "      ready: true\n"
    "      started: true\n"
    "      restartCount: 2\n"
    "      image: docker.io/library/nginx:1.27\n"
    "      imageID: docker.io/library/nginx@sha256:0123abcd\n"
    "      containerID: containerd://4f9e\n"
    "      state: {running: {startedAt: \"2026-11-28T10:00:02Z\"}}\n"
    "      lastState:\n"
    "        terminated:\n"
    "          reason: Error\n"
    "          exitCode: 1\n"
    "          startedAt: \"2026-11-28T09:59:59Z\"\n"
    "          finishedAt: \"2026-11-28T10:00:01Z\"\n" PENDING_POD("big", "3");

static void test_describe_running_pod(void **state) {
    (void)state;
    podsim_sim *sim = new_sim(running_pod, "1.34", 1);
    const char *text = NULL;
    size_t len = 0;
    assert_int_equal(
        podsim_sim_describe_pod(sim, "default", "web-0", &text, &len),
        PODSIM_OK);
    assert_int_equal(strlen(text), len);
    /* kubectl's tab writer: a column block runs over consecutive lines
       with a tab and pads to its widest cell plus 2, so the first block
       aligns at "Service Account:", IPs restarts it, containers align one
       level down, Limits / Requests / Mounts break blocks */
    static const char head[] =
        "Name:             web-0\n"
        "Namespace:        default\n"
        "Priority:         0\n"
        "Service Account:  default\n"
        "Node:             node-a/10.0.1.10\n"
        "Start Time:       Sat, 28 Nov 2026 10:00:00 +0000\n"
        "Labels:           app=web\n"
        "                  apps.kubernetes.io/pod-index=0\n"
        "Annotations:      team: shop\n"
        "Status:           Running\n"
        "IP:               10.244.1.5\n"
        "IPs:\n"
        "  IP:           10.244.1.5\n"
        "Controlled By:  StatefulSet/web\n"
        "Containers:\n"
        "  app:\n"
        "    Container ID:   containerd://4f9e\n"
        "    Image:          nginx:1.27\n"
        "    Image ID:       docker.io/library/nginx@sha256:0123abcd\n"
        "    Port:           8080/TCP\n"
        "    Host Port:      0/TCP\n"
        "    State:          Running\n"
        "      Started:      Sat, 28 Nov 2026 10:00:02 +0000\n"
        "    Last State:     Terminated\n"
        "      Reason:       Error\n"
        "      Exit Code:    1\n"
        "      Started:      Sat, 28 Nov 2026 09:59:59 +0000\n"
        "      Finished:     Sat, 28 Nov 2026 10:00:01 +0000\n"
        "    Ready:          True\n"
        "    Restart Count:  2\n"
        "    Limits:\n"
        "      memory:  128Mi\n"
        "    Requests:\n"
        "      cpu:        250m\n"
        "      memory:     64Mi\n"
        "    Liveness:     http-get http://:8080/healthz delay=5s timeout=1s "
        "period=10s #success=1 #failure=3\n"
        "    Readiness:    http-get http://:8080/ delay=0s timeout=1s "
        "period=10s #success=1 #failure=3\n"
        "    Environment:  <none>\n"
        "    Mounts:       <none>\n"
        "Conditions:\n"
        "  Type                        Status\n"
        "  PodReadyToStartContainers   True \n"
        "  Initialized                 True \n"
        "  Ready                       True \n"
        "  ContainersReady             True \n"
        "  PodScheduled                True \n"
        "Volumes:\n"
        "  data:\n"
        "    Type:        PersistentVolumeClaim (a reference to a "
        "PersistentVolumeClaim in the same namespace)\n"
        "    ClaimName:   data-web-0\n"
        "    ReadOnly:    false\n"
        "QoS Class:       Burstable\n"
        "Node-Selectors:  <none>\n"
        "Tolerations:     node.kubernetes.io/not-ready:NoExecute op=Exists "
        "for 300s\n"
        "                 node.kubernetes.io/unreachable:NoExecute "
        "op=Exists for 300s\n"
        "Events:          <none>\n";
    if (strncmp(text, head, strlen(head)) != 0) {
        fprintf(stderr, "describe:\n%s\n", text);
    }
    assert_memory_equal(text, head, strlen(head));
    /* the whole text: the last block (volumes to events) aligns at
       "Node-Selectors:" plus 2 */
    assert_int_equal(len, strlen(head));

    /* unknown and removed pods */
    assert_int_equal(podsim_sim_describe_pod(sim, NULL, "nope", &text, &len),
                     PODSIM_ENOTFOUND);
    assert_string_equal(podsim_sim_error(sim)->message,
                        "pods \"nope\" not found");
}

static void test_describe_events(void **state) {
    (void)state;
    podsim_sim *sim = new_sim(running_pod, "1.34", 1);
    /* big (3 CPU) never fits the 2-CPU node; web-0 removed at 40 s
       retries it (AssignedPodDelete): FailedScheduling at 0 and 40 s, one
       series */
    force_delete(sim, "web-0", 40000);
    run_until(sim, 100000);
    static const int64_t want[] = {0, 40000};
    assert_times(sim, "FailedScheduling", "big", want, 2);
    const char *text = NULL;
    size_t len = 0;
    assert_int_equal(
        podsim_sim_describe_pod(sim, "default", "big", &text, &len), PODSIM_OK);
    const char *events = strstr(text, "\nEvents:\n");
    if (!events) fprintf(stderr, "describe:\n%s\n", text);
    assert_non_null(events);
    const podsim_sim_event *e = last_event(sim, "FailedScheduling", "big");
    char row[1024];
    /* Age: last (60 s ago), count, first (100 s ago) */
    snprintf(row, sizeof row,
             "  Warning  FailedScheduling  60s (x2 over 100s)  "
             "default-scheduler  %s",
             e->message);
    if (!has_line(events + 1, row)) fprintf(stderr, "describe:\n%s\n", text);
    assert_true(has_line(events + 1,
                         "  Type     Reason            Age                 "
                         "From               Message"));
    assert_true(has_line(events + 1,
                         "  ----     ------            ----                "
                         "----               -------"));
    assert_true(has_line(events + 1, row));
    assert_true(has_line(text, "Node:         <none>"));
    assert_true(has_line(text, "Status:       Pending"));
    assert_true(has_line(text, "  PodScheduled   False "));

    /* kubectl get events -A */
    char *table = render(sim, PODSIM_SIM_VIEW_EVENTS);
    snprintf(row, sizeof row,
             "default     60s         Warning   FailedScheduling   pod/big   "
             "%s",
             e->message);
    if (!has_line(table, row)) fprintf(stderr, "events:\n%s\n", table);
    assert_true(has_line(table,
                         "NAMESPACE   LAST SEEN   TYPE      REASON  "
                         "           OBJECT    MESSAGE"));
    assert_true(has_line(table, row));
    free(table);
}

/* The change log keeps where a workload field ended up at each instant:
   several controller syncs at one instant (a rollout's scale up and down)
   leave at most one entry per field and instant, and never one that
   repeats the value the field had before. */
static void test_workload_changes_once_per_instant(void **state) {
    (void)state;
    static const char nodes[] =
        "apiVersion: v1\nkind: Node\nmetadata: {name: n1}\n"
        "status: {allocatable: {cpu: '8', memory: 32Gi, pods: '110'}}\n";
    static const char v1[] =
        "apiVersion: apps/v1\nkind: Deployment\n"
        "metadata: {name: web, namespace: default}\n"
        "spec:\n  replicas: 4\n  selector: {matchLabels: {app: web}}\n"
        "  strategy: {rollingUpdate: {maxSurge: 2, maxUnavailable: 1}}\n"
        "  template:\n    metadata: {labels: {app: web}}\n"
        "    spec: {containers: [{name: web, image: IMAGE}]}\n";
    podsim_sim *sim = new_sim(nodes, "1.34", 3);
    char text[1024];
    for (int version = 1; version <= 2; version++) {
        const char *at = strstr(v1, "IMAGE");
        snprintf(text, sizeof text, "%.*sexample.com/web:%d%s", (int)(at - v1),
                 v1, version, at + 5);
        assert_int_equal(
            podsim_sim_apply_string(sim, text, strlen(text), "web.yaml",
                                    (version - 1) * 60000),
            PODSIM_OK);
    }
    run_until(sim, 180000);
    size_t n = podsim_sim_change_count(sim), workload = 0;
    for (size_t i = 0; i < n; i++) {
        const podsim_sim_change *a = podsim_sim_change_get(sim, i);
        if (strcmp(a->kind, "Deployment") != 0) continue;
        workload++;
        const char *before = "";
        for (size_t j = 0; j < i; j++) {
            const podsim_sim_change *b = podsim_sim_change_get(sim, j);
            if (strcmp(b->kind, a->kind) != 0 || strcmp(b->name, a->name) ||
                strcmp(b->field, a->field)) {
                continue;
            }
            assert_true(b->time != a->time); /* once per instant */
            before = b->value;
        }
        assert_string_not_equal(before, a->value); /* a real change */
    }
    assert_true(workload >= 8);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(test_same_seed_same_log, teardown),
        cmocka_unit_test_teardown(test_workload_changes_once_per_instant,
                                  teardown),
        cmocka_unit_test_teardown(test_fork_independent, teardown),
        cmocka_unit_test_teardown(test_fork_same_ties, teardown),
        cmocka_unit_test_teardown(test_run_step_idle, teardown),
        cmocka_unit_test_teardown(test_apply_error_position, teardown),
        cmocka_unit_test_teardown(test_delete_unbound_vanishes, teardown),
        cmocka_unit_test_teardown(test_scenario_applies, teardown),
        cmocka_unit_test_teardown(test_scenario_errors, teardown),
        cmocka_unit_test_teardown(test_scenario_in_apply, teardown),
        cmocka_unit_test_teardown(test_unschedulable_then_capacity, teardown),
        cmocka_unit_test_teardown(test_backoff_before_1_33, teardown),
        cmocka_unit_test_teardown(test_backoff_pop_from_backoffq, teardown),
        cmocka_unit_test_teardown(test_error_backoff_no_nodes, teardown),
        cmocka_unit_test_teardown(test_leftover_flush, teardown),
        cmocka_unit_test_teardown(test_gated_pod, teardown),
        cmocka_unit_test_teardown(test_node_added, teardown),
        cmocka_unit_test_teardown(test_assigned_pod_added, teardown),
        cmocka_unit_test_teardown(test_priority_order, teardown),
        cmocka_unit_test_teardown(test_preemption, teardown),
        cmocka_unit_test_teardown(test_describe_running_pod, teardown),
        cmocka_unit_test_teardown(test_describe_events, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
