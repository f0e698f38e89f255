/*
 * test_sim_scenarios.c - the shared simulation scenarios of tests/data/sim
 * run through the public C API. Python (tests/python/test_sim_scenarios.py)
 * and Lua (tests/lua/sim_scenarios_spec.lua) run the same files and must
 * print the same text, byte for byte: the event log, then the pods table.
 *
 * A scenario is tests/data/sim/<name>.expected.txt; its header lines say
 * how to run it (format: tests/data/sim/README.md):
 *
 *   # cluster: <file>           loaded into a fresh cluster
 *   # seed: <n>                 the simulation's seed
 *   # apply: <file> @ <ms>      applied at that time (in order)
 *   # delete: <ns>/<name> @ <ms>  kubectl delete pod at that time
 *   # run: <ms>                 run until then
 *   # version: <1.N>            the simulation's Kubernetes version
 *   # report: yes               also print the nodes and the what-if report
 *
 * The rest of the file is the expected output: every header line is
 * reproduced, then the event log (PODSIM_SIM_VIEW_EVENT_LOG), a line
 * "---- pods", and the pods table (PODSIM_SIM_VIEW_PODS) at the end time;
 * with "report: yes", "---- nodes" and kubectl get nodes, then "----
 * report" and the what-if report (PODSIM_SIM_VIEW_REPORT).
 * With PODSIM_REGENERATE=1 in the environment the expected file is
 * rewritten from the run instead (review the diff before committing).
 */
#define _POSIX_C_SOURCE 200809L /* strdup */
#include <dirent.h>
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

typedef struct buf {
    char *data;
    size_t len, cap;
} buf;

static void buf_add(buf *b, const char *s, size_t n) {
    if (b->len + n + 1 > b->cap) {
        b->cap = (b->len + n + 1) * 2;
        b->data = realloc(b->data, b->cap);
        assert_non_null(b->data);
    }
    memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
}

static char *read_file(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    buf b = {0};
    char chunk[8192];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) buf_add(&b, chunk, n);
    fclose(f);
    if (!b.data) buf_add(&b, "", 0);
    *len = b.len;
    return b.data;
}

static const char *data_dir(void) {
    const char *env = getenv("PODSIM_TEST_DATA");
    return env && *env ? env : PODSIM_TEST_DATA;
}

static void path_of(char *out, size_t cap, const char *file) {
    snprintf(out, cap, "%s/sim/%s", data_dir(), file);
}

static void expect_ok(podsim_sim *sim, podsim_status s, const char *what) {
    if (s != PODSIM_OK) {
        const podsim_error *e = podsim_sim_error(sim);
        fail_msg("%s: %s: %s (%s:%d:%d)", what, podsim_status_name(s),
                 e->message, e->source ? e->source : "-", e->line, e->column);
    }
}

/* Run one scenario; its output (header reproduced) goes to *out. */
static void run_scenario(const char *expected_text, buf *out) {
    podsim_cluster *c = NULL;
    podsim_sim *sim = NULL;
    unsigned long long seed = 0;
    char version[16] = "";
    bool with_report = false;
    const char *line = expected_text;
    /* pass 1: cluster and seed; pass 2: actions in order */
    char path[1024];
    for (int pass = 0; pass < 2; pass++) {
        line = expected_text;
        while (*line == '#') {
            const char *end = strchr(line, '\n');
            size_t n = end ? (size_t)(end - line) : strlen(line);
            char l[1024];
            assert_true(n < sizeof l);
            memcpy(l, line, n);
            l[n] = '\0';
            char a[512], b[512];
            long long at = 0;
            if (pass == 0) {
                buf_add(out, line, n);
                buf_add(out, "\n", 1);
                if (sscanf(l, "# cluster: %511s", a) == 1) {
                    assert_int_equal(podsim_cluster_new(NULL, &c), PODSIM_OK);
                    path_of(path, sizeof path, a);
                    podsim_status s = podsim_cluster_load_file(c, path, NULL);
                    if (s) {
                        fail_msg("load %s: %s", path,
                                 podsim_cluster_error(c)->message);
                    }
                } else if (sscanf(l, "# seed: %llu", &seed) == 1) {
                } else if (sscanf(l, "# version: %15s", version) == 1) {
                } else if (strcmp(l, "# report: yes") == 0) {
                    with_report = true;
                }
            } else if (sscanf(l, "# apply: %511s @ %lld", a, &at) == 2) {
                path_of(path, sizeof path, a);
                expect_ok(sim, podsim_sim_apply_file(sim, path, at), path);
            } else if (sscanf(l, "# delete: %511[^/]/%511s @ %lld", a, b,
                              &at) == 3) {
                expect_ok(sim, podsim_sim_delete_pod(sim, a, b, at, -1, false),
                          "delete");
            } else if (sscanf(l, "# run: %lld", &at) == 1) {
                expect_ok(sim, podsim_sim_run_until(sim, at), "run");
            }
            line = end ? end + 1 : line + n;
        }
        if (pass == 0) {
            assert_non_null(c);
            podsim_sim_options o = PODSIM_SIM_OPTIONS_INIT;
            o.seed = seed;
            if (version[0]) o.kubernetes_version = version;
            assert_int_equal(podsim_sim_new(c, &o, &sim), PODSIM_OK);
            podsim_cluster_free(c);
        }
    }
    const char *text = NULL;
    size_t len = 0;
    expect_ok(sim,
              podsim_sim_render(sim, PODSIM_SIM_VIEW_EVENT_LOG, 0, &text, &len),
              "event log");
    buf_add(out, text, len);
    buf_add(out, "---- pods\n", 10);
    expect_ok(sim, podsim_sim_render(sim, PODSIM_SIM_VIEW_PODS, 0, &text, &len),
              "pods");
    buf_add(out, text, len);
    if (with_report) {
        buf_add(out, "---- nodes\n", 11);
        expect_ok(sim,
                  podsim_sim_render(sim, PODSIM_SIM_VIEW_NODES, 0, &text, &len),
                  "nodes");
        buf_add(out, text, len);
        buf_add(out, "---- report\n", 12);
        expect_ok(
            sim, podsim_sim_render(sim, PODSIM_SIM_VIEW_REPORT, 0, &text, &len),
            "report");
        buf_add(out, text, len);
    }
    podsim_sim_free(sim);
}

static int by_name(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void sim_scenarios_match_expected(void **state) {
    (void)state;
    char dir[1024];
    snprintf(dir, sizeof dir, "%s/sim", data_dir());
    DIR *d = opendir(dir);
    assert_non_null(d);
    char *names[256];
    size_t count = 0;
    struct dirent *e;
    while ((e = readdir(d)) && count < 256) {
        size_t n = strlen(e->d_name);
        const char *suffix = ".expected.txt";
        size_t sn = strlen(suffix);
        if (n > sn && strcmp(e->d_name + n - sn, suffix) == 0) {
            names[count++] = strdup(e->d_name);
        }
    }
    closedir(d);
    qsort(names, count, sizeof names[0], by_name);
    assert_true(count >= 3);
    bool regenerate = getenv("PODSIM_REGENERATE") != NULL;
    for (size_t i = 0; i < count; i++) {
        char path[1100];
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        size_t len = 0;
        char *expected = read_file(path, &len);
        assert_non_null(expected);
        buf out = {0};
        run_scenario(expected, &out);
        if (regenerate) {
            FILE *f = fopen(path, "wb");
            assert_non_null(f);
            fwrite(out.data, 1, out.len, f);
            fclose(f);
        } else if (strcmp(out.data, expected) != 0) {
            /* the first differing line, for the report */
            const char *x = out.data, *y = expected;
            int lineno = 1;
            while (*x && *x == *y) {
                if (*x == '\n') lineno++;
                x++;
                y++;
            }
            fail_msg("%s differs at line %d:\n got: %.200s\nwant: %.200s",
                     names[i], lineno, x, y);
        }
        free(out.data);
        free(expected);
        free(names[i]);
    }
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(sim_scenarios_match_expected),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
