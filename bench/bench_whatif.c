/*
 * bench_whatif - how fast podsim answers a node-failure what-if (issue 5,
 * performance.md).
 *
 *   bench_whatif [--nodes N] [--deployments N] [--replicas N]
 *                [--fail-zone Z] [--hours H] [--forks N] [--seed S]
 *                [--k8s-version V] [--log]
 *
 * The cluster is written as YAML text in memory and loaded: --nodes nodes
 * (64 cpu, 256Gi, 110 pods) spread over three zones (zone-a, zone-b,
 * zone-c: a third each), no pods. A simulation applies --deployments
 * Deployments of --replicas pods (default 600 x 250 = 150,000 pods, no
 * probes) at time 0 and runs 10 minutes ("start": every pod created,
 * scheduled, Running; checked). Then --forks forks of that simulation are
 * made and freed (the time per fork is printed), and --fail-zone (default
 * zone-a) fails: every node of the zone stops heartbeating at once. The
 * simulation then runs --hours (default 1) of simulated time ("whatif"):
 * the node lifecycle controller marks the zone's nodes Unknown, taints them
 * through the zone's rate-limited queue (FullDisruption of one zone with
 * the others healthy: 0.1 nodes/s), the taint eviction controller evicts
 * after 300 s, ReplicaSets replace the pods and the scheduler places them
 * on the healthy zones. Printed: wall seconds, queue entries handled,
 * events per wall second, simulated seconds per wall second, pods created
 * and deleted, and the report's size and build time. No timing assertions.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "bench_common.h"

typedef struct opts {
    int nodes, deployments, replicas, forks, log;
    double hours;
    const char *zone;
    const char *version;
    unsigned long long seed;
} opts;

static void workloads_yaml(text *t, const opts *o) {
    for (int i = 0; i < o->deployments; i++) {
        bench_deployment_yaml(t, i, o->replicas, 0); /* no probes */
    }
}

static long count_phase(podsim_sim *sim, podsim_phase phase) {
    podsim_cluster *w = podsim_sim_cluster(sim);
    size_t n = podsim_cluster_count(w, PODSIM_KIND_POD);
    long count = 0;
    for (size_t i = 0; i < n; i++) {
        const podsim_pod *p = podsim_cluster_pod(w, (podsim_id)i);
        if (!p->removed && p->status.phase == phase) count++;
    }
    return count;
}

int main(int argc, char **argv) {
    opts o = {5000, 600, 250, 10, 0, 1.0, "zone-a", "1.34", 7};
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "--log")) {
            o.log = 1;
            continue;
        }
        if (!v) {
            fprintf(stderr, "%s needs a value\n", a);
            return 2;
        }
        i++;
        if (!strcmp(a, "--nodes"))
            o.nodes = atoi(v);
        else if (!strcmp(a, "--deployments"))
            o.deployments = atoi(v);
        else if (!strcmp(a, "--replicas"))
            o.replicas = atoi(v);
        else if (!strcmp(a, "--forks"))
            o.forks = atoi(v);
        else if (!strcmp(a, "--hours"))
            o.hours = atof(v);
        else if (!strcmp(a, "--fail-zone"))
            o.zone = v;
        else if (!strcmp(a, "--k8s-version"))
            o.version = v;
        else if (!strcmp(a, "--seed"))
            o.seed = strtoull(v, NULL, 10);
        else {
            fprintf(stderr, "unknown option %s\n", a);
            return 2;
        }
    }
    long pods = (long)o.deployments * o.replicas;
    printf(
        "whatif: %d nodes in 3 zones, %d deployments x %d = %ld pods, "
        "%s fails, %.1f h simulated, Kubernetes %s\n",
        o.nodes, o.deployments, o.replicas, pods, o.zone, o.hours, o.version);

    text cluster_text = {0}, apply_text = {0};
    bench_nodes_yaml(&cluster_text, o.nodes);
    workloads_yaml(&apply_text, &o);
    podsim_cluster *c = NULL;
    if (podsim_cluster_new(NULL, &c) != PODSIM_OK) return 2;
    double t0 = seconds();
    if (podsim_cluster_load_string(c, cluster_text.data, cluster_text.len,
                                   "nodes", NULL) != PODSIM_OK) {
        fprintf(stderr, "load: %s\n", podsim_cluster_error(c)->message);
        return 2;
    }
    podsim_sim_options so = PODSIM_SIM_OPTIONS_INIT;
    so.seed = o.seed;
    so.kubernetes_version = o.version;
    so.flags = o.log ? 0 : PODSIM_SIM_QUIET;
    podsim_sim *sim = NULL;
    if (podsim_sim_new(c, &so, &sim) != PODSIM_OK) return 2;
    podsim_cluster_free(c);
    if (podsim_sim_apply_string(sim, apply_text.data, apply_text.len,
                                "workloads", 0)) {
        return bench_die(sim, "setup");
    }
    printf("setup  wall %8.3f s\n", seconds() - t0);

    podsim_sim_stats s0, s1, s2;
    podsim_sim_get_stats(sim, &s0);
    int64_t start_ms = 10 * 60 * 1000;
    t0 = seconds();
    if (podsim_sim_run_until(sim, start_ms)) return bench_die(sim, "start");
    double wall1 = seconds() - t0;
    podsim_sim_get_stats(sim, &s1);
    bench_report("start", wall1, &s0, &s1, start_ms / 1000.0);
    long running = count_phase(sim, PODSIM_PHASE_RUNNING);
    printf("after start: %ld of %ld pods Running\n", running, pods);
    int status = 0;
    if (running != pods) {
        printf("FAIL: expected every pod Running\n");
        status = 3;
    }

    if (o.forks > 0) {
        t0 = seconds();
        for (int i = 0; i < o.forks; i++) {
            podsim_sim *f = NULL;
            if (podsim_sim_fork(sim, &f)) return bench_die(sim, "fork");
            podsim_sim_free(f);
        }
        printf("fork   %d forks of the started simulation: %.2f ms each\n",
               o.forks, (seconds() - t0) * 1000.0 / o.forks);
    }

    if (podsim_sim_fail_zone(sim, o.zone, start_ms, PODSIM_NODE_UNREACHABLE)) {
        return bench_die(sim, "fail_zone");
    }
    int64_t whatif_ms = (int64_t)(o.hours * 3600 * 1000);
    t0 = seconds();
    if (podsim_sim_run_until(sim, start_ms + whatif_ms)) {
        return bench_die(sim, "whatif");
    }
    double wall2 = seconds() - t0;
    podsim_sim_get_stats(sim, &s2);
    bench_report("whatif", wall2, &s1, &s2, whatif_ms / 1000.0);

    t0 = seconds();
    const podsim_report *r = NULL;
    if (podsim_sim_report(sim, &r)) return bench_die(sim, "report");
    double wall3 = seconds() - t0;
    size_t evicted = 0, replaced = 0, stuck = 0;
    for (size_t i = 0; i < r->pod_count; i++) {
        evicted += r->pods[i].evicted_at >= 0;
        replaced += r->pods[i].replaced_by[0] != '\0';
        stuck += r->pods[i].stuck[0] != '\0';
    }
    printf(
        "report wall %8.3f s  %zu nodes, %zu pods disrupted (%zu evicted, "
        "%zu replaced, %zu not recovered), %zu workloads below desired\n",
        wall3, r->node_count, r->pod_count, evicted, replaced, stuck,
        r->workload_count);
    printf("after whatif: %ld Running, %ld Pending\n",
           count_phase(sim, PODSIM_PHASE_RUNNING),
           count_phase(sim, PODSIM_PHASE_PENDING));
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    printf("peak RSS %.1f MiB\n", ru.ru_maxrss / 1024.0);
    podsim_sim_free(sim);
    free(cluster_text.data);
    free(apply_text.data);
    return status;
}
