/*
 * bench_common.h - what the simulation benchmarks share: YAML text built
 * in memory, a monotonic clock, the generated nodes (64 cpu, 256Gi, 110
 * pods, the pause image cached, spread over zone-a/b/c), and the per-phase
 * figures line. Header-only: each benchmark is one C file and this.
 */
#ifndef PODSIM_BENCH_COMMON_H
#define PODSIM_BENCH_COMMON_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "podsim.h"

typedef struct text {
    char *data;
    size_t len, cap;
} text;

static void put(text *t, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void put(text *t, const char *fmt, ...) {
    for (;;) {
        va_list ap;
        va_start(ap, fmt);
        int n = t->data ? vsnprintf(t->data + t->len, t->cap - t->len, fmt, ap)
                        : -1;
        va_end(ap);
        if (n >= 0 && (size_t)n < t->cap - t->len) {
            t->len += (size_t)n;
            return;
        }
        t->cap = t->cap ? t->cap * 2 : 1 << 20;
        t->data = realloc(t->data, t->cap);
        if (!t->data) {
            fprintf(stderr, "out of memory\n");
            exit(2);
        }
    }
}

static double seconds(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* `count` nodes node-00000.., round robin over three zones */
static void bench_nodes_yaml(text *t, int count) {
    for (int i = 0; i < count; i++) {
        put(t,
            "apiVersion: v1\nkind: Node\nmetadata:\n  name: node-%05d\n"
            "  labels: {kubernetes.io/hostname: node-%05d, "
            "topology.kubernetes.io/zone: zone-%c}\n"
            "status:\n  allocatable: {cpu: '64', memory: 256Gi, pods: '110'}\n"
            "  capacity: {cpu: '64', memory: 256Gi, pods: '110'}\n"
            "  conditions: [{type: Ready, status: 'True'}]\n"
            "  images: [{names: ['registry.k8s.io/pause:3.10'], sizeBytes: "
            "320000}]\n---\n",
            i, i, 'a' + i % 3);
    }
}

/* Deployment web-<i> of `replicas` pause containers (100m, 128Mi), with a
   readiness probe every `probe_period` seconds (0: none). */
static void bench_deployment_yaml(text *t, int i, int replicas,
                                  int probe_period) {
    put(t,
        "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web-%04d, "
        "namespace: default}\nspec:\n  replicas: %d\n  selector: "
        "{matchLabels: {app: web-%04d}}\n  template:\n    metadata: "
        "{labels: {app: web-%04d}}\n    spec:\n      containers:\n      - "
        "name: app\n        image: registry.k8s.io/pause:3.10\n        "
        "resources: {requests: {cpu: 100m, memory: 128Mi}}\n",
        i, replicas, i, i);
    if (probe_period > 0) {
        put(t,
            "        readinessProbe: {httpGet: {path: /ready, port: 8080}, "
            "periodSeconds: %d}\n",
            probe_period);
    }
    put(t, "---\n");
}

/* One phase's figures between two stats snapshots. */
static void bench_report(const char *phase, double wall,
                         const podsim_sim_stats *a, const podsim_sim_stats *b,
                         double simulated_s) {
    double events = (double)(b->events_processed - a->events_processed);
    printf(
        "%-6s wall %8.3f s  events %10.0f  %10.0f events/s  %12.0f sim-s/"
        "wall-s  created %8llu  deleted %8llu  attempts %8llu\n",
        phase, wall, events, wall > 0 ? events / wall : 0,
        wall > 0 ? simulated_s / wall : 0,
        (unsigned long long)(b->pods_created - a->pods_created),
        (unsigned long long)(b->pods_deleted - a->pods_deleted),
        (unsigned long long)(b->scheduling_attempts - a->scheduling_attempts));
}

static int bench_die(podsim_sim *sim, const char *what) {
    const podsim_error *e = podsim_sim_error(sim);
    fprintf(stderr, "%s: %s\n", what, e ? e->message : "?");
    return 2;
}

#endif /* PODSIM_BENCH_COMMON_H */
