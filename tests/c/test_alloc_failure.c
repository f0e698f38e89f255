/*
 * test_alloc_failure.c - every public entry point survives running out of
 * memory: it returns PODSIM_ENOMEM (or succeeds), leaves the cluster as it
 * was and usable, and leaks nothing.
 *
 * The test binary is linked with -Wl,--wrap for malloc, calloc, realloc and
 * free (tests/CMakeLists.txt), so every allocation the core makes passes
 * through the counters below; allocation number `fail_at` fails once. The
 * loop raises fail_at until a whole scenario runs without meeting it.
 * libyaml's own allocations happen inside its shared library and are not
 * counted. The simulation scenario fails each allocation of a run (apply,
 * timers, controllers, kubelet, fork, views) in turn.
 */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "podsim.h"

#ifndef PODSIM_TEST_DATA
#define PODSIM_TEST_DATA "tests/data"
#endif

void *__real_malloc(size_t size);
void *__real_calloc(size_t n, size_t size);
void *__real_realloc(void *p, size_t size);
void __real_free(void *p);
void *__wrap_malloc(size_t size);
void *__wrap_calloc(size_t n, size_t size);
void *__wrap_realloc(void *p, size_t size);
void __wrap_free(void *p);

/* The counters are process-wide by necessity: the wrapped functions have
   no context argument. Only this test binary has them. */
static long allocations;  /* attempts since the scenario started */
static long fail_at = -1; /* attempt number that fails; -1 = never */
static bool failed_once;  /* fail_at was reached in this scenario */
static long live;         /* successful allocations not yet freed */

static bool should_fail(void) {
    if (allocations++ == fail_at) {
        failed_once = true;
        return true;
    }
    return false;
}

void *__wrap_malloc(size_t size) {
    if (should_fail()) return NULL;
    void *p = __real_malloc(size);
    if (p) live++;
    return p;
}

void *__wrap_calloc(size_t n, size_t size) {
    if (should_fail()) return NULL;
    void *p = __real_calloc(n, size);
    if (p) live++;
    return p;
}

void *__wrap_realloc(void *p, size_t size) {
    if (should_fail()) return NULL;
    void *q = __real_realloc(p, size);
    if (q && !p) live++;
    return q;
}

void __wrap_free(void *p) {
    if (p) live--;
    __real_free(p);
}

/* ---- the scenario ------------------------------------------------------- */

static char *read_file(const char *path) {
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *text = __real_malloc((size_t)n + 1);
    assert_non_null(text);
    assert_int_equal(fread(text, 1, (size_t)n, f), (size_t)n);
    text[n] = '\0';
    fclose(f);
    return text;
}

static void expect_ok_or_enomem(podsim_status s, const podsim_cluster *c) {
    if (s == PODSIM_OK) return;
    if (s != PODSIM_ENOMEM) {
        fail_msg("fail_at=%ld: got %s (%s), want OK or ENOMEM", fail_at,
                 podsim_status_name(s),
                 c ? podsim_cluster_error(c)->message : "");
    }
    if (c) assert_int_equal(podsim_cluster_error(c)->status, PODSIM_ENOMEM);
}

typedef struct counts {
    size_t per_kind[PODSIM_KIND_COUNT];
} counts;

static counts count_all(const podsim_cluster *c) {
    counts k;
    for (int i = 0; i < PODSIM_KIND_COUNT; i++) {
        k.per_kind[i] = podsim_cluster_count(c, (podsim_kind)i);
    }
    return k;
}

/* A load that fails must leave every count as it was. */
static void load_text(podsim_cluster *c, const char *text, const char *name) {
    counts before = count_all(c);
    podsim_status s =
        podsim_cluster_load_string(c, text, strlen(text), name, NULL);
    expect_ok_or_enomem(s, c);
    if (s == PODSIM_ENOMEM) {
        counts after = count_all(c);
        assert_memory_equal(&before, &after, sizeof before);
    }
}

static void read_everything(podsim_cluster *c) {
    static const podsim_view views[] = {PODSIM_VIEW_NODES, PODSIM_VIEW_PODS,
                                        PODSIM_VIEW_NODE_REQUESTS};
    for (size_t i = 0; i < 3; i++) {
        const char *text;
        size_t len;
        expect_ok_or_enomem(
            podsim_cluster_render(c, views[i], PODSIM_RENDER_WIDE,
                                  PODSIM_NO_TIME, &text, &len),
            c);
    }
    size_t pods = podsim_cluster_count(c, PODSIM_KIND_POD);
    for (podsim_id id = 0; (size_t)id < pods; id++) {
        podsim_pod_row row;
        podsim_resource out[8];
        size_t n;
        expect_ok_or_enomem(podsim_pod_row_get(c, id, PODSIM_NO_TIME, &row), c);
        expect_ok_or_enomem(podsim_pod_compute_requests(
                                c, id, PODSIM_REQUESTS_NON_ZERO, out, 8, &n),
                            c);
    }
    podsim_id id;
    podsim_status s =
        podsim_cluster_find(c, PODSIM_KIND_NODE, NULL, "no-such-node", &id);
    if (s != PODSIM_ENOTFOUND) expect_ok_or_enomem(s, c);
}

static void run_scenario(const char *small, const char *manifests) {
    podsim_cluster *c = NULL;
    podsim_status s = podsim_cluster_new(NULL, &c);
    expect_ok_or_enomem(s, NULL);
    if (s != PODSIM_OK) {
        assert_null(c);
        return;
    }
    load_text(c, small, "cluster-small.yaml");
    read_everything(c);
    load_text(c, manifests, "manifests.yaml");
    read_everything(c);
    const char *paths[] = {PODSIM_TEST_DATA "/events.yaml"};
    expect_ok_or_enomem(podsim_cluster_load_files(c, paths, 1, NULL), c);
    podsim_cluster_free(c);
}

/* After an injected failure the same cluster must still load everything. */
static void run_recovery(const char *small) {
    podsim_cluster *c = NULL;
    if (podsim_cluster_new(NULL, &c) != PODSIM_OK) return;
    podsim_status s =
        podsim_cluster_load_string(c, small, strlen(small), NULL, NULL);
    long saved = fail_at;
    fail_at = -1;
    if (s == PODSIM_ENOMEM) {
        assert_int_equal(
            podsim_cluster_load_string(c, small, strlen(small), NULL, NULL),
            PODSIM_OK);
    }
    assert_int_equal(podsim_cluster_count(c, PODSIM_KIND_NODE), 4);
    assert_int_equal(podsim_cluster_count(c, PODSIM_KIND_POD), 16);
    fail_at = saved;
    podsim_cluster_free(c);
}

static void alloc_failure_every_allocation_of_a_scenario(void **state) {
    (void)state;
    char *small = read_file(PODSIM_TEST_DATA "/cluster-small.yaml");
    char *manifests = read_file(PODSIM_TEST_DATA "/manifests.yaml");
    long scenarios = 0;
    for (fail_at = 0;; fail_at++) {
        allocations = 0;
        failed_once = false;
        live = 0;
        run_scenario(small, manifests);
        if (live != 0) {
            fail_msg("fail_at=%ld: %ld allocations leaked", fail_at, live);
        }
        scenarios++;
        if (!failed_once) break; /* ran to the end without a failure */
    }
    /* the loop must have injected failures at every allocation */
    assert_true(scenarios > 100);
    print_message("injected %ld allocation failures\n", scenarios - 1);
    fail_at = -1;
    __real_free(small);
    __real_free(manifests);
}

static void alloc_failure_cluster_recovers(void **state) {
    (void)state;
    char *small = read_file(PODSIM_TEST_DATA "/cluster-small.yaml");
    for (fail_at = 0; fail_at < 400; fail_at += 7) {
        allocations = 0;
        live = 0;
        run_recovery(small);
        assert_int_equal(live, 0);
    }
    fail_at = -1;
    __real_free(small);
}

/* ---- scheduling ------------------------------------------------------- */

/* A schedule that runs out of memory returns PODSIM_ENOMEM and leaves the
   model as it was: the same pods, unbound. */
static void expect_sched(podsim_status s, podsim_cluster *c) {
    expect_ok_or_enomem(s, c);
}

static void schedule_everything(podsim_cluster *c, const char *config,
                                const char *pod) {
    podsim_scheduler_config *cfg = NULL;
    podsim_status s = podsim_scheduler_config_new(&cfg);
    expect_ok_or_enomem(s, NULL);
    if (s != PODSIM_OK) return;
    s = podsim_scheduler_config_load_string(cfg, config, strlen(config),
                                            "config.yaml");
    if (s != PODSIM_OK) {
        assert_int_equal(s, PODSIM_ENOMEM);
        assert_int_equal(podsim_scheduler_config_error(cfg)->status,
                         PODSIM_ENOMEM);
    }
    size_t pods = podsim_cluster_count(c, PODSIM_KIND_POD);
    podsim_schedule_options o = PODSIM_SCHEDULE_OPTIONS_INIT;
    o.flags = PODSIM_SCHEDULE_EXPLAIN;
    for (podsim_id id = 0; (size_t)id < pods; id++) {
        podsim_schedule_result *r = NULL;
        expect_sched(podsim_cluster_schedule(c, cfg, id, &o, &r), c);
        podsim_schedule_result_free(r);
    }
    podsim_schedule_result *r = NULL;
    expect_sched(podsim_cluster_schedule_string(c, cfg, pod, strlen(pod),
                                                "pod.yaml", &o, &r),
                 c);
    podsim_schedule_result_free(r);
    assert_int_equal(podsim_cluster_count(c, PODSIM_KIND_POD), pods);
    podsim_schedule_batch *b = NULL;
    expect_sched(podsim_cluster_schedule_pending(c, cfg, &o, &b), c);
    podsim_schedule_batch_free(b);
    podsim_scheduler_config_free(cfg);
}

static void alloc_failure_scheduling(void **state) {
    (void)state;
    char *cluster =
        read_file(PODSIM_TEST_DATA "/scheduler/cluster-preemption.yaml");
    char *config = read_file(PODSIM_TEST_DATA "/scheduler/config-default.yaml");
    char *pod = read_file(PODSIM_TEST_DATA "/scheduler/pod-preemptor.yaml");
    /* the load itself is covered above: count its allocations, then fail
       only those of the scheduling calls */
    fail_at = -1;
    allocations = 0;
    podsim_cluster *c = NULL;
    assert_int_equal(podsim_cluster_new(NULL, &c), PODSIM_OK);
    assert_int_equal(
        podsim_cluster_load_string(c, cluster, strlen(cluster), NULL, NULL),
        PODSIM_OK);
    podsim_cluster_free(c);
    long load_allocations = allocations;
    long scenarios = 0;
    for (fail_at = load_allocations;; fail_at++) {
        allocations = 0;
        failed_once = false;
        live = 0;
        c = NULL;
        assert_int_equal(podsim_cluster_new(NULL, &c), PODSIM_OK);
        assert_int_equal(
            podsim_cluster_load_string(c, cluster, strlen(cluster), NULL, NULL),
            PODSIM_OK);
        schedule_everything(c, config, pod);
        podsim_cluster_free(c);
        if (live != 0) {
            fail_msg("fail_at=%ld: %ld allocations leaked", fail_at, live);
        }
        scenarios++;
        if (!failed_once) break;
    }
    assert_true(scenarios > 50);
    print_message("injected %ld allocation failures while scheduling\n",
                  scenarios - 1);
    fail_at = -1;
    __real_free(cluster);
    __real_free(config);
    __real_free(pod);
}

/* ---- simulation --------------------------------------------------------- */

/* A simulation status that is OK or an out-of-memory report. */
static void expect_sim(podsim_status s, const podsim_sim *sim) {
    if (s == PODSIM_OK) return;
    if (s != PODSIM_ENOMEM) {
        fail_msg("fail_at=%ld: expected PODSIM_OK or PODSIM_ENOMEM, got %s: %s",
                 fail_at, podsim_status_name(s),
                 sim ? podsim_sim_error(sim)->message : "");
    }
    if (sim) assert_int_equal(podsim_sim_error(sim)->status, PODSIM_ENOMEM);
}

/* Build, apply, run, fork, read: every call either works or says
   PODSIM_ENOMEM; a run that ran out of memory stays failed, and freeing
   everything leaks nothing. */
static void simulate_everything(podsim_cluster *c, const char *apply) {
    podsim_sim_options o = PODSIM_SIM_OPTIONS_INIT;
    o.seed = 7;
    podsim_sim *sim = NULL;
    podsim_status s = podsim_sim_new(c, &o, &sim);
    expect_sim(s, NULL);
    if (s != PODSIM_OK) {
        assert_null(sim);
        return;
    }
    s = podsim_sim_apply_string(sim, apply, strlen(apply), "apply.yaml", 0);
    expect_sim(s, sim);
    podsim_behavior crash = PODSIM_BEHAVIOR_INIT;
    crash.run = PODSIM_RUN_CRASH;
    crash.run_ms = 3000;
    expect_sim(podsim_sim_set_behavior(sim, "default/report-*", "*", &crash),
               sim);
    expect_sim(podsim_sim_run_until(sim, 30000), sim);
    podsim_sim *fork = NULL;
    s = podsim_sim_fork(sim, &fork);
    expect_sim(s, sim);
    if (s == PODSIM_OK) {
        expect_sim(podsim_sim_run_until(fork, 60000), fork);
        podsim_sim_free(fork);
    }
    const char *text = NULL;
    size_t len = 0;
    for (int view = 0; view <= PODSIM_SIM_VIEW_EVENT_LOG; view++) {
        expect_sim(
            podsim_sim_render(sim, (podsim_sim_view)view, 0, &text, &len), sim);
    }
    s = podsim_sim_describe_pod(sim, "default", "db-0", &text, &len);
    if (s != PODSIM_ENOTFOUND) expect_sim(s, sim);
    podsim_sim_free(sim);
}

static void alloc_failure_simulation(void **state) {
    (void)state;
    char *cluster = read_file(PODSIM_TEST_DATA "/sim/cluster-3-nodes.yaml");
    char *apply = read_file(PODSIM_TEST_DATA "/sim/workloads.yaml");
    long scenarios = 0;
    for (fail_at = 0;; fail_at++) {
        /* the cluster is loaded without failures: only the simulation's
           allocations are failed (the load's are covered above) */
        long saved = fail_at;
        fail_at = -1;
        allocations = 0;
        live = 0;
        podsim_cluster *c = NULL;
        assert_int_equal(podsim_cluster_new(NULL, &c), PODSIM_OK);
        assert_int_equal(
            podsim_cluster_load_string(c, cluster, strlen(cluster), NULL, NULL),
            PODSIM_OK);
        fail_at = saved + allocations;
        failed_once = false;
        simulate_everything(c, apply);
        podsim_cluster_free(c);
        fail_at = saved;
        if (live != 0) {
            fail_msg("fail_at=%ld: %ld allocations leaked", fail_at, live);
        }
        scenarios++;
        if (!failed_once) break;
    }
    assert_true(scenarios > 100);
    print_message("injected %ld allocation failures while simulating\n",
                  scenarios - 1);
    fail_at = -1;
    __real_free(cluster);
    __real_free(apply);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(alloc_failure_every_allocation_of_a_scenario),
        cmocka_unit_test(alloc_failure_cluster_recovers),
        cmocka_unit_test(alloc_failure_scheduling),
        cmocka_unit_test(alloc_failure_simulation),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
