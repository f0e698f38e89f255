/*
 * bench_lifecycle - how fast podsim simulates pod lifecycles (issue 4,
 * performance.md B10).
 *
 *   bench_lifecycle [--nodes N] [--deployments N] [--replicas N]
 *                   [--jobs N] [--parallelism N] [--job-run H]
 *                   [--probe-period S] [--forks N]
 *                   [--churn-hours H] [--seed S] [--log]
 *
 * The cluster is written as YAML text in memory and loaded: --nodes nodes
 * (64 cpu, 256Gi, 110 pods, three zones, the pause image cached) and no
 * pods. A simulation then applies, at time 0, --deployments Deployments of
 * --replicas pods each (containers run for ever) and --jobs Jobs with
 * --parallelism pods at a time and enough completions to last the run;
 * Job pods exit 0 after --job-run hours (+ up to 50 % jitter), so the Job
 * controller replaces each one: that is the churn.
 *
 * Deployment pods have a readiness probe every --probe-period seconds.
 *
 * Phase 1 ("start"): the first 10 minutes, in which every pod of the
 * first wave is created, scheduled and started (checked). Phase 2
 * ("steady"): the next hour, in which nothing is scheduled and only the
 * kubelet's probes tick: the engine's own rate. Phase 3 ("churn"):
 * --churn-hours more hours, Job pods finishing and being replaced.
 * Defaults: 5,000 nodes, 300 x 250 Deployment pods + 500 x 150 Job pods =
 * 150,000 pods, probes every 10 s, Job pods living 4 h, 24 h of churn.
 *
 * After phase 1, --forks forks (default 20) of the started simulation are
 * made and freed: the time per fork is printed.
 *
 * Each phase prints: wall seconds, queue entries handled ("events"),
 * events per wall second, simulated seconds per wall second, pods created
 * and deleted, scheduling attempts. At the end: peak RSS (getrusage
 * ru_maxrss) and the peak per pod ever created, and the simulation's own
 * state (podsim_sim_get_stats memory_bytes) per pod. PODSIM_SIM_QUIET
 * keeps no event log (--log keeps it). No timing assertions: a check that
 * the first wave is all Running prints FAIL and exits 3 otherwise.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "bench_common.h"

typedef struct opts {
    int nodes, deployments, replicas, jobs, parallelism;
    int probe_period;
    int forks;
    double job_run_hours, churn_hours;
    unsigned long long seed;
    int log;
} opts;

static void workloads_yaml(text *t, const opts *o) {
    for (int i = 0; i < o->deployments; i++) {
        bench_deployment_yaml(t, i, o->replicas, o->probe_period);
    }
    for (int i = 0; i < o->jobs; i++) {
        put(t,
            "apiVersion: batch/v1\nkind: Job\nmetadata: {name: batch-%04d, "
            "namespace: default}\nspec:\n  parallelism: %d\n  completions: "
            "%d\n  backoffLimit: 6\n  template:\n    metadata: {labels: {job: "
            "batch-%04d}}\n    spec:\n      restartPolicy: Never\n      "
            "containers:\n      - name: work\n        image: "
            "registry.k8s.io/pause:3.10\n        resources: {requests: {cpu: "
            "200m, memory: 256Mi}}\n---\n",
            i, o->parallelism, o->parallelism * 1000, i);
    }
}

static long peak_rss_kib(void) {
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss;
}

int main(int argc, char **argv) {
    opts o = {5000, 300, 250, 500, 150, 10, 20, 4.0, 24.0, 7, 0};
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
        else if (!strcmp(a, "--jobs"))
            o.jobs = atoi(v);
        else if (!strcmp(a, "--parallelism"))
            o.parallelism = atoi(v);
        else if (!strcmp(a, "--job-run"))
            o.job_run_hours = atof(v);
        else if (!strcmp(a, "--probe-period"))
            o.probe_period = atoi(v);
        else if (!strcmp(a, "--forks"))
            o.forks = atoi(v);
        else if (!strcmp(a, "--churn-hours"))
            o.churn_hours = atof(v);
        else if (!strcmp(a, "--seed"))
            o.seed = strtoull(v, NULL, 10);
        else {
            fprintf(stderr, "unknown option %s\n", a);
            return 2;
        }
    }
    long first_wave =
        (long)o.deployments * o.replicas + (long)o.jobs * o.parallelism;
    printf(
        "lifecycle: %d nodes, %d deployments x %d + %d jobs x %d = %ld "
        "pods, job pods run %.1f h, churn %.1f h\n",
        o.nodes, o.deployments, o.replicas, o.jobs, o.parallelism, first_wave,
        o.job_run_hours, o.churn_hours);

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
    podsim_timing timing = PODSIM_TIMING_INIT;
    timing.jitter_percent = 20;
    podsim_sim_options so = PODSIM_SIM_OPTIONS_INIT;
    so.seed = o.seed;
    so.timing = &timing;
    so.flags = o.log ? 0 : PODSIM_SIM_QUIET;
    podsim_sim *sim = NULL;
    if (podsim_sim_new(c, &so, &sim) != PODSIM_OK) return 2;
    podsim_cluster_free(c);
    podsim_behavior job = PODSIM_BEHAVIOR_INIT;
    job.run = PODSIM_RUN_EXIT;
    job.exit_code = 0;
    job.run_ms = (int64_t)(o.job_run_hours * 3600 * 1000);
    job.run_jitter_ms = job.run_ms / 2;
    if (podsim_sim_set_behavior(sim, "default/batch-*", "*", &job) ||
        podsim_sim_apply_string(sim, apply_text.data, apply_text.len,
                                "workloads", 0)) {
        return bench_die(sim, "setup");
    }
    double setup = seconds() - t0;
    printf(
        "setup  wall %8.3f s (load %d nodes, parse %zu bytes of "
        "workloads)\n",
        setup, o.nodes, apply_text.len);

    podsim_sim_stats s0, s1, s2;
    podsim_sim_get_stats(sim, &s0);
    int64_t start_ms = 10 * 60 * 1000;
    t0 = seconds();
    if (podsim_sim_run_until(sim, start_ms)) return bench_die(sim, "start");
    double wall1 = seconds() - t0;
    podsim_sim_get_stats(sim, &s1);
    bench_report("start", wall1, &s0, &s1, start_ms / 1000.0);

    /* the first wave must be Running: count live pods by phase */
    podsim_cluster *w = podsim_sim_cluster(sim);
    size_t n = podsim_cluster_count(w, PODSIM_KIND_POD);
    long running = 0, pending = 0;
    for (size_t i = 0; i < n; i++) {
        const podsim_pod *p = podsim_cluster_pod(w, (podsim_id)i);
        if (p->removed) continue;
        if (p->status.phase == PODSIM_PHASE_RUNNING) running++;
        if (p->status.phase == PODSIM_PHASE_PENDING) pending++;
    }
    printf("after start: %ld running, %ld pending (of %ld)\n", running, pending,
           first_wave);
    int status = 0;
    if (running != first_wave) {
        printf("FAIL: expected every pod of the first wave Running\n");
        status = 3;
    }

    /* what-if branches: forks of the started simulation (each a copy of
       the working model's views and of every component's state) */
    if (o.forks > 0) {
        t0 = seconds();
        for (int i = 0; i < o.forks; i++) {
            podsim_sim *f = NULL;
            if (podsim_sim_fork(sim, &f)) return bench_die(sim, "fork");
            podsim_sim_free(f);
        }
        double wf = seconds() - t0;
        printf("fork   %d forks of the started simulation: %.2f ms each\n",
               o.forks, wf * 1000.0 / o.forks);
    }

    /* an hour in which every pod runs: only the kubelet's probes tick
       (Job pods finish after --job-run hours), no scheduling */
    podsim_sim_stats s3;
    int64_t steady_ms = 3600 * 1000;
    t0 = seconds();
    if (podsim_sim_run_until(sim, start_ms + steady_ms)) {
        return bench_die(sim, "steady");
    }
    double wall3 = seconds() - t0;
    podsim_sim_get_stats(sim, &s3);
    bench_report("steady", wall3, &s1, &s3, steady_ms / 1000.0);

    int64_t churn_ms = (int64_t)(o.churn_hours * 3600 * 1000);
    t0 = seconds();
    if (podsim_sim_run_until(sim, start_ms + steady_ms + churn_ms)) {
        return bench_die(sim, "churn");
    }
    double wall2 = seconds() - t0;
    podsim_sim_get_stats(sim, &s2);
    bench_report("churn", wall2, &s3, &s2, churn_ms / 1000.0);
    bench_report("total", wall1 + wall3 + wall2, &s0, &s2,
                 (start_ms + steady_ms + churn_ms) / 1000.0);
    long rss = peak_rss_kib();
    printf(
        "peak RSS %.1f MiB, %.0f bytes per pod created (%llu); "
        "simulation state %.1f MiB, %.0f bytes per pod\n",
        rss / 1024.0, rss * 1024.0 / (double)s2.pods_created,
        (unsigned long long)s2.pods_created, s2.memory_bytes / 1048576.0,
        (double)s2.memory_bytes / (double)s2.pods_created);
    podsim_sim_free(sim);
    free(cluster_text.data);
    free(apply_text.data);
    return status;
}
