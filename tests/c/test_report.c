/*
 * test_report.c - the what-if report (whatif_report.c): what it records
 * about nodes, pods and workloads from the first what-if action on, and
 * its text form.
 *
 * The expected instants follow ../shared/reference/lifecycle.md: section
 * F's worked timeline (node lifecycle controller, v1.32+ grace period
 * 50 s: Unknown and pods NotReady 55 s after the last heartbeat,
 * unreachable:NoSchedule at once, unreachable:NoExecute one 5 s pass later
 * plus the 100 ms tainting loop, eviction 300 s after that by the taint
 * eviction controller; 40 s up to v1.31), section D.3 (a pod deleted on an
 * unreachable node stays Terminating; pod GC and force delete), D.4
 * (replacements: a ReplicaSet at once, a StatefulSet only after the old
 * object is gone, a DaemonSet never). Pods start 1.2 s after binding with
 * exact timing (sandbox 1 s + container start 200 ms, image cached).
 *
 * The failures happen at 60 s (the reference timeline shifted by 60 s, as
 * in tests/data/sim/whatif-node-lost.yaml) so that the pods run before
 * the node fails; the node lifecycle controller passes run on multiples
 * of 5 s and the last Lease renewal is the failure instant
 * (heartbeat_age_ms 0), the assumptions of section F.
 *
 * Unit-level tests (force delete, user delete, pods bound to a failed
 * node, scaling) need only the scheduler, kubelet and workload
 * controllers; the end-to-end ones (marked E2E) also need the node
 * lifecycle controller, taint eviction, pod GC, drain and the kubelet's
 * node shutdown.
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

#define MAX_LIVE 16
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

typedef struct sim_setup {
    const char *version;
    unsigned flags;
    const podsim_node_lifecycle *nl;
} sim_setup;

static podsim_sim *new_sim_with(const char *yaml, sim_setup setup) {
    podsim_cluster *c = load_cluster(yaml);
    podsim_sim_options opt = PODSIM_SIM_OPTIONS_INIT;
    opt.kubernetes_version = setup.version ? setup.version : "1.34";
    opt.flags = setup.flags;
    opt.node_lifecycle = setup.nl;
    podsim_timing timing = PODSIM_TIMING_INIT;
    timing.flags = PODSIM_TIMING_EXACT;
    opt.timing = &timing;
    podsim_sim *sim = NULL;
    assert_int_equal(podsim_sim_new(c, &opt, &sim), PODSIM_OK);
    return track_sim(sim);
}

static podsim_sim *new_sim(const char *yaml) {
    sim_setup setup = {NULL, 0, NULL};
    return new_sim_with(yaml, setup);
}

static void run_until(podsim_sim *sim, int64_t ms) {
    podsim_status s = podsim_sim_run_until(sim, ms);
    if (s) fprintf(stderr, "run: %s\n", podsim_sim_error(sim)->message);
    assert_int_equal(s, PODSIM_OK);
}

static const podsim_report *report(podsim_sim *sim) {
    const podsim_report *r = NULL;
    podsim_status s = podsim_sim_report(sim, &r);
    if (s) fprintf(stderr, "report: %s\n", podsim_sim_error(sim)->message);
    assert_int_equal(s, PODSIM_OK);
    assert_non_null(r);
    return r;
}

static char *report_text(podsim_sim *sim) {
    const char *text = NULL;
    size_t len = 0;
    podsim_status s =
        podsim_sim_render(sim, PODSIM_SIM_VIEW_REPORT, 0, &text, &len);
    if (s) fprintf(stderr, "render: %s\n", podsim_sim_error(sim)->message);
    assert_int_equal(s, PODSIM_OK);
    char *copy = malloc(len + 1);
    assert_non_null(copy);
    memcpy(copy, text, len + 1);
    return copy;
}

static bool starts_with(const char *s, const char *prefix) {
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* The first reported pod whose name starts with `prefix` (and that ran on
   `node` unless NULL). */
static const podsim_report_pod *rpod(const podsim_report *r, const char *prefix,
                                     const char *node) {
    for (size_t i = 0; i < r->pod_count; i++) {
        const podsim_report_pod *p = &r->pods[i];
        if (starts_with(p->name, prefix) &&
            (!node || strcmp(p->node, node) == 0)) {
            return p;
        }
    }
    return NULL;
}

static const podsim_report_workload *rwork(const podsim_report *r,
                                           const char *kind, const char *name) {
    for (size_t i = 0; i < r->workload_count; i++) {
        const podsim_report_workload *w = &r->workloads[i];
        if (strcmp(w->kind, kind) == 0 && strcmp(w->name, name) == 0) return w;
    }
    return NULL;
}

static const podsim_report_node *rnode(const podsim_report *r,
                                       const char *name) {
    for (size_t i = 0; i < r->node_count; i++) {
        if (strcmp(r->nodes[i].name, name) == 0) return &r->nodes[i];
    }
    return NULL;
}

static const podsim_pod *live_pod(podsim_sim *sim, const char *ns,
                                  const char *name) {
    podsim_id id = PODSIM_NO_ID;
    if (podsim_sim_find_pod(sim, ns, name, &id) != PODSIM_OK) return NULL;
    return podsim_cluster_pod(podsim_sim_cluster(sim), id);
}

/* The live pod of a workload prefix on a node (NULL when none). */
static const podsim_pod *pod_on(podsim_sim *sim, const char *prefix,
                                const char *node) {
    podsim_cluster *c = podsim_sim_cluster(sim);
    size_t n = podsim_cluster_count(c, PODSIM_KIND_POD);
    for (size_t i = 0; i < n; i++) {
        const podsim_pod *p = podsim_cluster_pod(c, (podsim_id)i);
        if (!p->removed && starts_with(p->meta.name, prefix) &&
            strcmp(p->spec.node_name, node) == 0) {
            return p;
        }
    }
    return NULL;
}

static void expect_point(const podsim_report_workload *w, size_t i,
                         int64_t time, int32_t value) {
    assert_true(i < w->ready_point_count);
    if (w->ready_over_time[i].time != time ||
        w->ready_over_time[i].value != value) {
        fprintf(stderr, "point %zu: (%lld, %d), want (%lld, %d)\n", i,
                (long long)w->ready_over_time[i].time,
                (int)w->ready_over_time[i].value, (long long)time, (int)value);
    }
    assert_int_equal(w->ready_over_time[i].time, time);
    assert_int_equal(w->ready_over_time[i].value, value);
}

/* ------------------------------------------------------------------ */
/* The cluster of lifecycle.md F                                       */
/* ------------------------------------------------------------------ */

#define NODE(name)                                                 \
    "- apiVersion: v1\n"                                           \
    "  kind: Node\n"                                               \
    "  metadata:\n"                                                \
    "    name: " name                                              \
    "\n"                                                           \
    "    creationTimestamp: \"2026-01-01T00:00:00Z\"\n"            \
    "    labels: {kubernetes.io/hostname: " name                   \
    ", topology.kubernetes.io/zone: zone-a}\n"                     \
    "  status:\n"                                                  \
    "    allocatable: {cpu: \"4\", memory: 16Gi, pods: \"110\"}\n" \
    "    capacity: {cpu: \"4\", memory: 16Gi, pods: \"110\"}\n"    \
    "    conditions: [{type: Ready, status: \"True\"}]\n"          \
    "    images:\n"                                                \
    "    - {names: [\"busybox:1.36\"], sizeBytes: 2160000}\n"      \
    "    - {names: [\"registry.k8s.io/pause:3.10\"], sizeBytes: 320000}\n"

/* Prefers node-2 (weight 100). */
#define PREFER_NODE_2                                                \
    "          nodeAffinity:\n"                                      \
    "            preferredDuringSchedulingIgnoredDuringExecution:\n" \
    "            - weight: 100\n"                                    \
    "              preference:\n"                                    \
    "                matchExpressions:\n"                            \
    "                - {key: kubernetes.io/hostname, operator: In, " \
    "values: [node-2]}\n"

/* web: 2 replicas on different nodes, one on node-2. */
#define WEB(replicas)                                               \
    "- apiVersion: apps/v1\n"                                       \
    "  kind: Deployment\n"                                          \
    "  metadata: {name: web, namespace: default}\n"                 \
    "  spec:\n"                                                     \
    "    replicas: " replicas                                       \
    "\n"                                                            \
    "    selector: {matchLabels: {app: web}}\n"                     \
    "    template:\n"                                               \
    "      metadata: {labels: {app: web}}\n"                        \
    "      spec:\n"                                                 \
    "        affinity:\n" PREFER_NODE_2                             \
    "          podAntiAffinity:\n"                                  \
    "            requiredDuringSchedulingIgnoredDuringExecution:\n" \
    "            - labelSelector: {matchLabels: {app: web}}\n"      \
    "              topologyKey: kubernetes.io/hostname\n"           \
    "        containers:\n"                                         \
    "        - name: web\n"                                         \
    "          image: busybox:1.36\n"

#define DB                                         \
    "- apiVersion: apps/v1\n"                      \
    "  kind: StatefulSet\n"                        \
    "  metadata: {name: db, namespace: default}\n" \
    "  spec:\n"                                    \
    "    replicas: 1\n"                            \
    "    serviceName: db\n"                        \
    "    selector: {matchLabels: {app: db}}\n"     \
    "    template:\n"                              \
    "      metadata: {labels: {app: db}}\n"        \
    "      spec:\n"                                \
    "        affinity:\n" PREFER_NODE_2            \
    "        containers:\n"                        \
    "        - name: db\n"                         \
    "          image: busybox:1.36\n"

#define AGENT                                             \
    "- apiVersion: apps/v1\n"                             \
    "  kind: DaemonSet\n"                                 \
    "  metadata: {name: agent, namespace: kube-system}\n" \
    "  spec:\n"                                           \
    "    selector: {matchLabels: {app: agent}}\n"         \
    "    template:\n"                                     \
    "      metadata: {labels: {app: agent}}\n"            \
    "      spec:\n"                                       \
    "        containers:\n"                               \
    "        - name: agent\n"                             \
    "          image: busybox:1.36\n"

#define SOLO                                         \
    "- apiVersion: v1\n"                             \
    "  kind: Pod\n"                                  \
    "  metadata: {name: solo, namespace: default}\n" \
    "  spec:\n"                                      \
    "    nodeName: node-2\n"                         \
    "    containers:\n"                              \
    "    - name: solo\n"                             \
    "      image: busybox:1.36\n"

#define HEAD "apiVersion: v1\nkind: List\nitems:\n"

static const char *cluster_f =
    HEAD NODE("node-1") NODE("node-2") NODE("node-3") WEB("2") DB AGENT;

static const char *cluster_f_solo =
    HEAD NODE("node-1") NODE("node-2") NODE("node-3") WEB("2") DB AGENT SOLO;

static const char *cluster_web =
    HEAD NODE("node-1") NODE("node-2") NODE("node-3") WEB("2");

#define FAIL_AT 60000 /* the node fails at 60 s */

/* ------------------------------------------------------------------ */
/* Before any action                                                   */
/* ------------------------------------------------------------------ */

/* Nothing happened: an empty report, and the text says so. Workloads
   that start below desired (everything at time 0) are not disruptions. */
static void test_no_action(void **state) {
    (void)state;
    podsim_sim *sim = new_sim(cluster_f);
    run_until(sim, 5000);
    const podsim_report *r = report(sim);
    assert_int_equal(r->now, 5000);
    assert_int_equal(r->node_count, 0);
    assert_int_equal(r->pod_count, 0);
    assert_int_equal(r->workload_count, 0);
    char *text = report_text(sim);
    assert_string_equal(text,
                        "What-if report at 5.000s: no what-if action "
                        "yet\n");
    free(text);
}

/* ------------------------------------------------------------------ */
/* Unit level: deletions and replacements                              */
/* ------------------------------------------------------------------ */

/* kubectl delete --force --grace-period=0 of a Deployment's pod: the
   object is gone at once (evicted and removed at 20 s, by ForceDelete),
   the ReplicaSet creates a replacement in the same instant (it stopped
   counting: controller.IsPodActive), which runs and is Ready 1.2 s later.
   The Deployment's ready count: 0 at 0, 2 at 1.2 s, 1 at 20 s, 2 at
   21.2 s; below desired for 1.2 s. */
static void test_force_delete_replaced_by_replicaset(void **state) {
    (void)state;
    podsim_sim *sim = new_sim(cluster_web);
    run_until(sim, 10000);
    const podsim_pod *victim = pod_on(sim, "web-", "node-2");
    assert_non_null(victim);
    char name[128];
    snprintf(name, sizeof name, "%s", victim->meta.name);
    assert_int_equal(
        podsim_sim_delete_pod(sim, "default", name, 20000, 0, true), PODSIM_OK);
    run_until(sim, 40000);

    const podsim_report *r = report(sim);
    assert_int_equal(r->node_count, 0); /* no node was touched */
    assert_int_equal(r->pod_count, 1);
    const podsim_report_pod *p = &r->pods[0];
    assert_string_equal(p->name, name);
    assert_string_equal(p->namespace_, "default");
    assert_string_equal(p->node, "node-2");
    assert_string_equal(p->workload_kind, "Deployment");
    assert_string_equal(p->workload_name, "web");
    assert_int_equal(p->disrupted_at, 20000);
    assert_int_equal(p->unknown_since, -1);
    assert_int_equal(p->not_ready_at, -1);
    assert_int_equal(p->evicted_at, 20000);
    assert_string_equal(p->evicted_by, "ForceDelete");
    assert_int_equal(p->removed_at, 20000);
    assert_true(starts_with(p->replaced_by, "web-"));
    assert_string_not_equal(p->replaced_by, name);
    const podsim_pod *repl = live_pod(sim, "default", p->replaced_by);
    assert_non_null(repl);
    assert_int_equal(p->running_again_at, 21200);
    assert_int_equal(p->ready_again_at, 21200);
    assert_string_equal(p->stuck, "");

    const podsim_report_workload *w = rwork(r, "Deployment", "web");
    assert_non_null(w);
    assert_int_equal(r->workload_count, 1);
    assert_string_equal(w->namespace_, "default");
    assert_int_equal(w->desired, 2);
    assert_int_equal(w->ready, 2);
    assert_int_equal(w->min_ready, 1);
    assert_int_equal(w->disrupted_at, 20000);
    assert_int_equal(w->time_below_desired_ms, 1200);
    assert_int_equal(w->recovered_at, 21200);
    assert_int_equal(w->time_to_recovery_ms, 1200);
    assert_int_equal(w->ready_point_count, 4);
    expect_point(w, 0, 0, 0);
    expect_point(w, 1, 1200, 2);
    expect_point(w, 2, 20000, 1);
    expect_point(w, 3, 21200, 2);
}

/* A plain kubectl delete of a pod on an unreachable node (before the node
   lifecycle controller notices, at 20 s): deletion requested ("Delete"),
   the object stays (no kubelet finishes it: lifecycle.md D.3), the
   ReplicaSet replaces it at once. Its real state has been unknown since
   the last heartbeat (10 s). */
static void test_user_delete_on_unreachable_node(void **state) {
    (void)state;
    podsim_sim *sim = new_sim(cluster_web);
    run_until(sim, 5000);
    const podsim_pod *victim = pod_on(sim, "web-", "node-2");
    assert_non_null(victim);
    char name[128];
    snprintf(name, sizeof name, "%s", victim->meta.name);
    assert_int_equal(
        podsim_sim_fail_node(sim, "node-2", 10000, PODSIM_NODE_UNREACHABLE),
        PODSIM_OK);
    assert_int_equal(
        podsim_sim_delete_pod(sim, "default", name, 20000, -1, false),
        PODSIM_OK);
    run_until(sim, 40000);

    const podsim_report *r = report(sim);
    const podsim_report_node *n = rnode(r, "node-2");
    assert_non_null(n);
    assert_string_equal(n->failure, "unreachable");
    assert_string_equal(n->zone, "zone-a");
    assert_int_equal(n->failed_at, 10000);
    assert_int_equal(n->last_heartbeat, 10000);
    assert_int_equal(n->recovered_at, -1);

    const podsim_report_pod *p = rpod(r, name, NULL);
    assert_non_null(p);
    assert_int_equal(p->disrupted_at, 10000);
    assert_int_equal(p->unknown_since, 10000);
    assert_int_equal(p->evicted_at, 20000);
    assert_string_equal(p->evicted_by, "Delete");
    assert_int_equal(p->removed_at, -1);
    assert_true(starts_with(p->replaced_by, "web-"));
    assert_int_equal(p->running_again_at, 21200);
    assert_int_equal(p->ready_again_at, 21200);
    assert_string_equal(p->stuck, "");
}

/* A pod the scheduler places on the failed node before the node lifecycle
   controller taints it (here at 30 s, 20 s after the failure): it is
   disrupted from its binding, never starts, and the report says why. */
static void test_pod_bound_to_failed_node(void **state) {
    (void)state;
    podsim_sim *sim = new_sim(cluster_web);
    run_until(sim, 5000);
    assert_int_equal(
        podsim_sim_fail_node(sim, "node-2", 10000, PODSIM_NODE_UNREACHABLE),
        PODSIM_OK);
    run_until(sim, 30000);
    const char *late =
        "apiVersion: v1\n"
        "kind: Pod\n"
        "metadata: {name: late, namespace: default}\n"
        "spec:\n"
        "  nodeSelector: {kubernetes.io/hostname: node-2}\n"
        "  containers:\n"
        "  - name: late\n"
        "    image: busybox:1.36\n";
    assert_int_equal(
        podsim_sim_apply_string(sim, late, strlen(late), "late.yaml", 30000),
        PODSIM_OK);
    run_until(sim, 40000);
    const podsim_report *r = report(sim);
    const podsim_report_pod *p = rpod(r, "late", NULL);
    assert_non_null(p);
    assert_string_equal(p->node, "node-2");
    assert_int_equal(p->disrupted_at, 30000);
    assert_int_equal(p->unknown_since, 10000);
    assert_int_equal(p->running_again_at, -1);
    assert_string_equal(p->workload_kind, "");
    assert_string_equal(p->stuck,
                        "node node-2 unreachable, state unknown "
                        "since 10.000s");
}

/* The ready series from time 0 and a scale-up after the what-if started
   (a PreferNoSchedule taint on node-1 at 20 s, which disrupts no pod): 2
   ready of 3 from 30 s until the third replica is Ready at 31.2 s. The
   start (0 ready of 2 until 1.2 s) is before the what-if and is no
   disruption. */
static void test_workload_series_scale(void **state) {
    (void)state;
    podsim_sim *sim = new_sim(cluster_web);
    assert_int_equal(
        podsim_sim_taint_node(sim, "node-1",
                              "example.com/slow:PreferNoSchedule", 20000),
        PODSIM_OK);
    const char *scaled = HEAD WEB("3");
    assert_int_equal(podsim_sim_apply_string(sim, scaled, strlen(scaled),
                                             "scale.yaml", 30000),
                     PODSIM_OK);
    run_until(sim, 25000);
    const podsim_report *r = report(sim);
    assert_int_equal(r->workload_count, 0);
    assert_int_equal(r->pod_count, 0);
    assert_int_equal(r->node_count, 1);
    assert_string_equal(r->nodes[0].failure, "tainted");
    assert_int_equal(r->nodes[0].failed_at, 20000);
    run_until(sim, 60000);
    r = report(sim);
    assert_int_equal(r->pod_count, 0);
    const podsim_report_workload *w = rwork(r, "Deployment", "web");
    assert_non_null(w);
    assert_int_equal(w->desired, 3);
    assert_int_equal(w->ready, 3);
    assert_int_equal(w->min_ready, 2);
    assert_int_equal(w->disrupted_at, 30000);
    assert_int_equal(w->time_below_desired_ms, 1200);
    assert_int_equal(w->recovered_at, 31200);
    assert_int_equal(w->time_to_recovery_ms, 1200);
    assert_int_equal(w->ready_point_count, 3);
    expect_point(w, 0, 0, 0);
    expect_point(w, 1, 1200, 2);
    expect_point(w, 2, 31200, 3);
}

/* Nodes loaded as not reporting (a dump taken while node-2 was down:
   Ready Unknown since 2 minutes before the dump): the what-if starts at
   0, the node failed before the start, and its pods' real state has been
   unknown since its last heartbeat. */
static void test_loaded_unknown_node(void **state) {
    (void)state;
    const char *yaml = HEAD
        "- apiVersion: v1\n"
        "  kind: Node\n"
        "  metadata:\n"
        "    name: node-2\n"
        "    creationTimestamp: \"2026-01-01T00:00:00Z\"\n"
        "    labels: {kubernetes.io/hostname: node-2}\n"
        "  spec:\n"
        "    taints:\n"
        "    - {key: node.kubernetes.io/unreachable, effect: NoSchedule}\n"
        "    - {key: node.kubernetes.io/unreachable, effect: NoExecute,\n"
        "       timeAdded: \"2026-01-01T00:59:05Z\"}\n"
        "  status:\n"
        "    allocatable: {cpu: \"4\", memory: 16Gi, pods: \"110\"}\n"
        "    capacity: {cpu: \"4\", memory: 16Gi, pods: \"110\"}\n"
        "    conditions:\n"
        "    - {type: Ready, status: Unknown, reason: NodeStatusUnknown,\n"
        "       lastHeartbeatTime: \"2026-01-01T00:58:00Z\",\n"
        "       lastTransitionTime: \"2026-01-01T00:59:00Z\"}\n"
        "- apiVersion: v1\n"
        "  kind: Pod\n"
        "  metadata: {name: solo, namespace: default,\n"
        "             creationTimestamp: \"2026-01-01T00:10:00Z\"}\n"
        "  spec:\n"
        "    nodeName: node-2\n"
        "    containers: [{name: solo, image: busybox:1.36}]\n"
        "  status:\n"
        "    phase: Running\n"
        "    conditions:\n"
        "    - {type: Ready, status: \"False\",\n"
        "       lastTransitionTime: \"2026-01-01T00:59:00Z\"}\n"
        "    containerStatuses:\n"
        "    - {name: solo, ready: true, image: busybox:1.36,\n"
        "       state: {running: {startedAt: \"2026-01-01T00:10:01Z\"}}}\n"
        "- apiVersion: v1\n"
        "  kind: Event\n"
        "  metadata: {name: dump, namespace: default}\n"
        "  involvedObject: {kind: Pod, name: solo, namespace: default}\n"
        "  reason: Dump\n"
        "  lastTimestamp: \"2026-01-01T01:00:00Z\"\n";
    podsim_sim *sim = new_sim(yaml);
    run_until(sim, 1000);
    const podsim_report *r = report(sim);
    assert_int_equal(r->node_count, 1);
    const podsim_report_node *n = &r->nodes[0];
    assert_string_equal(n->failure, "unreachable");
    assert_int_equal(n->failed_at, -1);
    /* time 0 is the dump (01:00:00): heartbeat 2 min, Unknown 1 min and
       the NoExecute taint 55 s before */
    assert_int_equal(n->last_heartbeat, -120000);
    assert_int_equal(n->not_ready_at, -60000);
    assert_int_equal(n->noexecute_taint_at, -55000);
    const podsim_report_pod *p = rpod(r, "solo", NULL);
    assert_non_null(p);
    assert_int_equal(p->disrupted_at, 0);
    assert_int_equal(p->unknown_since, -120000);
    assert_int_equal(p->not_ready_at, -60000);
    char *text = report_text(sim);
    assert_non_null(strstr(text,
                           "  node-2: unreachable before the start, "
                           "last heartbeat -120.000s"));
    free(text);
}

/* ------------------------------------------------------------------ */
/* E2E: lifecycle.md F                                                 */
/* ------------------------------------------------------------------ */

/* The timeline of section F for one version: Unknown / NotReady at
   fail + unknown_after, NoExecute 5.1 s later, eviction 300 s after
   that. Returns the simulation at `until`. */
static podsim_sim *timeline_f(const char *yaml, const char *version,
                              unsigned flags, int64_t until) {
    sim_setup setup = {version, flags, NULL};
    podsim_sim *sim = new_sim_with(yaml, setup);
    assert_int_equal(
        podsim_sim_fail_node(sim, "node-2", FAIL_AT, PODSIM_NODE_UNREACHABLE),
        PODSIM_OK);
    run_until(sim, until);
    return sim;
}

static void check_f(podsim_sim *sim, int64_t unknown_after) {
    int64_t not_ready = FAIL_AT + unknown_after;
    int64_t noexecute = not_ready + 5100;
    int64_t evicted = noexecute + 300000;
    const podsim_report *r = report(sim);

    const podsim_report_node *n = rnode(r, "node-2");
    assert_non_null(n);
    assert_int_equal(r->node_count, 1);
    assert_string_equal(n->failure, "unreachable");
    assert_int_equal(n->failed_at, FAIL_AT);
    assert_int_equal(n->last_heartbeat, FAIL_AT);
    assert_int_equal(n->not_ready_at, not_ready);
    assert_int_equal(n->noschedule_taint_at, not_ready);
    assert_int_equal(n->noexecute_taint_at, noexecute);
    assert_int_equal(n->recovered_at, -1);
    assert_int_equal(n->deleted_at, -1);
    assert_int_equal(n->drained_at, -1);

    /* web: NotReady, evicted by the taint manager, replaced at once */
    const podsim_report_pod *web = rpod(r, "web-", "node-2");
    assert_non_null(web);
    assert_string_equal(web->workload_kind, "Deployment");
    assert_int_equal(web->disrupted_at, FAIL_AT);
    assert_int_equal(web->unknown_since, FAIL_AT);
    assert_int_equal(web->not_ready_at, not_ready);
    assert_int_equal(web->evicted_at, evicted);
    assert_string_equal(web->evicted_by, "TaintManager");
    assert_int_equal(web->removed_at, -1); /* Terminating for ever */
    assert_true(starts_with(web->replaced_by, "web-"));
    assert_int_equal(web->running_again_at, evicted + 1200);
    assert_int_equal(web->ready_again_at, evicted + 1200);
    assert_string_equal(web->stuck, "");

    /* db-0: evicted too, but the StatefulSet waits for the object */
    const podsim_report_pod *db = rpod(r, "db-0", "node-2");
    assert_non_null(db);
    assert_string_equal(db->workload_kind, "StatefulSet");
    assert_string_equal(db->workload_name, "db");
    assert_int_equal(db->not_ready_at, not_ready);
    assert_int_equal(db->evicted_at, evicted);
    assert_string_equal(db->evicted_by, "TaintManager");
    assert_int_equal(db->removed_at, -1);
    assert_string_equal(db->replaced_by, "");
    assert_int_equal(db->running_again_at, -1);
    assert_int_equal(db->ready_again_at, -1);
    char want[512];
    strbuf b;
    strbuf_init(&b);
    sim_format_time(&b, evicted);
    snprintf(want, sizeof want,
             "Terminating on unreachable node node-2 since %s: nothing "
             "completes the deletion until the node returns, the Node is "
             "deleted, the node gets the out-of-service taint, or the pod is "
             "force-deleted; the StatefulSet waits for it",
             strbuf_str(&b));
    strbuf_release(&b);
    assert_string_equal(db->stuck, want);

    /* the DaemonSet pod tolerates the taints for ever */
    const podsim_report_pod *agent = rpod(r, "agent-", "node-2");
    assert_non_null(agent);
    assert_int_equal(agent->not_ready_at, not_ready);
    assert_int_equal(agent->evicted_at, -1);
    assert_string_equal(agent->replaced_by, "");
    assert_string_equal(agent->stuck,
                        "DaemonSet pod on unreachable node node-2: tolerates "
                        "the taint forever, never evicted or replaced");

    /* workloads: web back to 2 ready 1.2 s after the eviction; db never */
    const podsim_report_workload *w = rwork(r, "Deployment", "web");
    assert_non_null(w);
    assert_int_equal(w->desired, 2);
    assert_int_equal(w->ready, 2);
    assert_int_equal(w->min_ready, 1);
    assert_int_equal(w->disrupted_at, not_ready);
    assert_int_equal(w->recovered_at, evicted + 1200);
    assert_int_equal(w->time_below_desired_ms, evicted + 1200 - not_ready);
    assert_int_equal(w->time_to_recovery_ms, evicted + 1200 - not_ready);
    const podsim_report_workload *s = rwork(r, "StatefulSet", "db");
    assert_non_null(s);
    assert_int_equal(s->desired, 1);
    assert_int_equal(s->ready, 0);
    assert_int_equal(s->min_ready, 0);
    assert_int_equal(s->disrupted_at, not_ready);
    assert_int_equal(s->recovered_at, -1);
    assert_int_equal(s->time_to_recovery_ms, -1);
    assert_int_equal(s->time_below_desired_ms, r->now - not_ready);
}

/* E2E. v1.34 (grace 50 s): NotReady at +55 s, NoExecute +60.1 s, evicted
   +360.1 s, web Ready again +361.3 s; db-0 stuck Terminating. */
static void test_timeline_f_v134(void **state) {
    (void)state;
    podsim_sim *sim = timeline_f(cluster_f, "1.34", 0, 900000);
    check_f(sim, 55000);
}

/* E2E. v1.31 (grace 40 s): NotReady at +45 s, evicted at +350.1 s. */
static void test_timeline_f_v131(void **state) {
    (void)state;
    podsim_sim *sim = timeline_f(cluster_f, "1.31", 0, 900000);
    check_f(sim, 45000);
}

/* E2E. The report comes from hooks and watches only: the same without the
   event and change logs; a fork continues independently (deep copy). */
static void test_quiet_and_fork(void **state) {
    (void)state;
    podsim_sim *loud = timeline_f(cluster_f_solo, "1.34", 0, 200000);
    podsim_sim *quiet =
        timeline_f(cluster_f_solo, "1.34", PODSIM_SIM_QUIET, 200000);
    podsim_sim *fork = NULL;
    assert_int_equal(podsim_sim_fork(loud, &fork), PODSIM_OK);
    track_sim(fork);
    /* the parent's db-0 is force-deleted at 480 s, the fork's is not */
    assert_int_equal(
        podsim_sim_delete_pod(loud, "default", "db-0", 480000, 0, true),
        PODSIM_OK);
    run_until(loud, 600000);
    run_until(quiet, 600000);
    run_until(fork, 600000);
    char *a = report_text(loud);
    char *b = report_text(quiet);
    char *c = report_text(fork);
    assert_string_not_equal(a, b);
    assert_string_equal(b, c); /* quiet == the fork without the delete */
    const podsim_report *r = report(fork);
    const podsim_report_pod *db = rpod(r, "db-0", NULL);
    assert_non_null(db);
    assert_int_equal(db->removed_at, -1);
    r = report(loud);
    db = rpod(r, "db-0", NULL);
    assert_int_equal(db->removed_at, 480000);
    assert_string_equal(db->evicted_by, "TaintManager"); /* the first */
    assert_string_equal(db->replaced_by, "db-0");
    const podsim_report_pod *solo = rpod(r, "solo", NULL);
    assert_non_null(solo);
    assert_string_equal(solo->stuck,
                        "bare pod: no controller replaces it; Terminating "
                        "on unreachable node node-2 since 420.100s");
    free(a);
    free(b);
    free(c);
}

/* E2E. A force delete unblocks the StatefulSet (lifecycle.md F, "ways to
   unblock db-0"): db-0 is removed at 480 s and created again under the
   same name at once, on a node that is not tainted, Running and Ready
   1.2 s later (no volume here). */
static void test_force_delete_unblocks_statefulset(void **state) {
    (void)state;
    sim_setup setup = {"1.34", 0, NULL};
    podsim_sim *sim = new_sim_with(cluster_f, setup);
    assert_int_equal(
        podsim_sim_fail_node(sim, "node-2", FAIL_AT, PODSIM_NODE_UNREACHABLE),
        PODSIM_OK);
    assert_int_equal(
        podsim_sim_delete_pod(sim, "default", "db-0", 480000, 0, true),
        PODSIM_OK);
    run_until(sim, 600000);
    const podsim_report *r = report(sim);
    const podsim_report_pod *db = rpod(r, "db-0", "node-2");
    assert_non_null(db);
    assert_int_equal(db->removed_at, 480000);
    assert_string_equal(db->replaced_by, "db-0");
    const podsim_pod *again = live_pod(sim, "default", "db-0");
    assert_non_null(again);
    assert_string_not_equal(again->spec.node_name, "node-2");
    assert_int_equal(db->running_again_at, 481200);
    assert_int_equal(db->ready_again_at, 481200);
    assert_string_equal(db->stuck, "");
    const podsim_report_workload *s = rwork(r, "StatefulSet", "db");
    assert_non_null(s);
    assert_int_equal(s->recovered_at, 481200);
    assert_int_equal(s->time_to_recovery_ms, 481200 - 115000);
}

/* E2E. The node returns at 5 min, before the eviction deadline
   (lifecycle.md D.5): no eviction, the pods were there all along: Running
   again when the node reports again, Ready again when the kubelet
   rewrites Ready=True (within its 10 s status reconcile). */
static void test_recovered_before_eviction(void **state) {
    (void)state;
    podsim_sim *sim = new_sim(cluster_f);
    assert_int_equal(
        podsim_sim_fail_node(sim, "node-2", FAIL_AT, PODSIM_NODE_UNREACHABLE),
        PODSIM_OK);
    assert_int_equal(podsim_sim_recover_node(sim, "node-2", 300000), PODSIM_OK);
    run_until(sim, 600000);
    const podsim_report *r = report(sim);
    const podsim_report_node *n = rnode(r, "node-2");
    assert_non_null(n);
    assert_int_equal(n->recovered_at, 300000);
    assert_int_equal(n->last_heartbeat, -1);
    const podsim_report_pod *web = rpod(r, "web-", "node-2");
    assert_non_null(web);
    assert_int_equal(web->not_ready_at, 115000);
    assert_int_equal(web->evicted_at, -1);
    assert_int_equal(web->unknown_since, -1);
    assert_string_equal(web->replaced_by, "");
    assert_int_equal(web->running_again_at, 300000);
    assert_true(web->ready_again_at >= 300000 && web->ready_again_at <= 315000);
    assert_string_equal(web->stuck, "");
    const podsim_report_workload *w = rwork(r, "Deployment", "web");
    assert_non_null(w);
    assert_int_equal(w->disrupted_at, 115000);
    assert_int_equal(w->recovered_at, web->ready_again_at);
    const podsim_report_pod *db = rpod(r, "db-0", "node-2");
    assert_non_null(db);
    assert_int_equal(db->ready_again_at, web->ready_again_at);
    assert_string_equal(db->stuck, "");
}

/* E2E. The VM is gone (Node deleted at 60 s): the pods are orphans, which
   the pod garbage collector fails and force-deletes 40 to 80 s later
   (lifecycle.md D.3 path 2); the StatefulSet then creates db-0 again. */
static void test_node_deleted_pod_gc(void **state) {
    (void)state;
    podsim_sim *sim = new_sim(cluster_f);
    assert_int_equal(
        podsim_sim_fail_node(sim, "node-2", FAIL_AT, PODSIM_NODE_DELETED),
        PODSIM_OK);
    run_until(sim, 300000);
    const podsim_report *r = report(sim);
    const podsim_report_node *n = rnode(r, "node-2");
    assert_non_null(n);
    assert_string_equal(n->failure, "deleted");
    assert_int_equal(n->deleted_at, FAIL_AT);
    const podsim_report_pod *db = rpod(r, "db-0", "node-2");
    assert_non_null(db);
    assert_string_equal(db->evicted_by, "PodGC");
    assert_true(db->evicted_at >= FAIL_AT + 40000 &&
                db->evicted_at <= FAIL_AT + 80000);
    assert_int_equal(db->removed_at, db->evicted_at);
    assert_string_equal(db->replaced_by, "db-0");
    assert_int_equal(db->ready_again_at, db->removed_at + 1200);
    const podsim_report_pod *web = rpod(r, "web-", "node-2");
    assert_non_null(web);
    assert_string_equal(web->evicted_by, "PodGC");
    assert_string_equal(web->stuck, "");
    const podsim_report_pod *agent = rpod(r, "agent-", "node-2");
    assert_non_null(agent);
    assert_string_equal(agent->evicted_by, "PodGC");
}

/* E2E. kubectl drain of node-2 at 60 s (no PodDisruptionBudget): every
   pod but the DaemonSet's is evicted through the Eviction API; the
   DaemonSet pod, which drain skips, is not a disrupted pod. */
static void test_drain(void **state) {
    (void)state;
    podsim_sim *sim = new_sim(cluster_f);
    assert_int_equal(podsim_sim_drain_node(sim, "node-2", FAIL_AT), PODSIM_OK);
    run_until(sim, 200000);
    const podsim_report *r = report(sim);
    const podsim_report_node *n = rnode(r, "node-2");
    assert_non_null(n);
    assert_string_equal(n->failure, "drained");
    assert_int_equal(n->failed_at, FAIL_AT);
    assert_true(n->drained_at >= FAIL_AT);
    assert_int_equal(n->not_ready_at, -1);
    const podsim_report_pod *web = rpod(r, "web-", "node-2");
    assert_non_null(web);
    assert_string_equal(web->evicted_by, "EvictionAPI");
    assert_int_equal(web->evicted_at, FAIL_AT);
    assert_true(starts_with(web->replaced_by, "web-"));
    assert_string_equal(web->stuck, "");
    const podsim_report_pod *db = rpod(r, "db-0", "node-2");
    assert_non_null(db);
    assert_string_equal(db->evicted_by, "EvictionAPI");
    assert_string_equal(db->replaced_by, "db-0");
    assert_string_equal(db->stuck, "");
    assert_null(rpod(r, "agent-", NULL));
}

/* E2E. Graceful node shutdown (shutdownGracePeriod 30 s): the kubelet
   terminates the pods itself (DisruptionTarget TerminationByKubelet), so
   the controllers replace them, StatefulSet included (lifecycle.md C.5). */
static void test_graceful_shutdown(void **state) {
    (void)state;
    podsim_node_lifecycle nl = PODSIM_NODE_LIFECYCLE_INIT;
    nl.shutdown_grace_period_ms = 30000;
    sim_setup setup = {"1.34", 0, &nl};
    podsim_sim *sim = new_sim_with(cluster_f, setup);
    assert_int_equal(
        podsim_sim_fail_node(sim, "node-2", FAIL_AT, PODSIM_NODE_SHUTDOWN),
        PODSIM_OK);
    run_until(sim, 300000);
    const podsim_report *r = report(sim);
    const podsim_report_pod *web = rpod(r, "web-", "node-2");
    assert_non_null(web);
    assert_string_equal(web->evicted_by, "NodeShutdown");
    assert_int_equal(web->evicted_at, FAIL_AT);
    assert_true(starts_with(web->replaced_by, "web-"));
    assert_string_equal(web->stuck, "");
    const podsim_report_pod *db = rpod(r, "db-0", "node-2");
    assert_non_null(db);
    assert_string_equal(db->evicted_by, "NodeShutdown");
    assert_string_equal(db->replaced_by, "db-0");
    assert_string_equal(db->stuck, "");
}

/* E2E. kubectl taint nodes node-2 dedicated=db:NoExecute at 60 s: no
   pod tolerates it, so the taint eviction controller deletes them at once
   (lifecycle.md D.2 step 3); the kubelet, alive, finishes the deletions;
   the ReplicaSet and the StatefulSet replace theirs elsewhere, the
   DaemonSet none (node-2 no longer qualifies: its desired count drops,
   so its pod is not stuck). */
static void test_noexecute_taint(void **state) {
    (void)state;
    podsim_sim *sim = new_sim(cluster_f);
    assert_int_equal(
        podsim_sim_taint_node(sim, "node-2", "dedicated=db:NoExecute", FAIL_AT),
        PODSIM_OK);
    run_until(sim, 200000);
    const podsim_report *r = report(sim);
    const podsim_report_node *n = rnode(r, "node-2");
    assert_non_null(n);
    assert_string_equal(n->failure, "tainted");
    assert_int_equal(n->failed_at, FAIL_AT);
    assert_int_equal(n->noexecute_taint_at, -1); /* not the NLC's taints */
    const podsim_report_pod *web = rpod(r, "web-", "node-2");
    assert_non_null(web);
    assert_int_equal(web->disrupted_at, FAIL_AT);
    assert_int_equal(web->evicted_at, FAIL_AT);
    assert_string_equal(web->evicted_by, "TaintManager");
    assert_true(web->removed_at > FAIL_AT);
    assert_true(starts_with(web->replaced_by, "web-"));
    assert_int_equal(web->ready_again_at, FAIL_AT + 1200);
    assert_string_equal(web->stuck, "");
    const podsim_report_pod *db = rpod(r, "db-0", "node-2");
    assert_non_null(db);
    assert_string_equal(db->evicted_by, "TaintManager");
    assert_true(db->removed_at > FAIL_AT);
    assert_string_equal(db->replaced_by, "db-0");
    assert_int_equal(db->ready_again_at, db->removed_at + 1200);
    const podsim_pod *again = live_pod(sim, "default", "db-0");
    assert_non_null(again);
    assert_string_not_equal(again->spec.node_name, "node-2");
    const podsim_report_pod *agent = rpod(r, "agent-", "node-2");
    assert_non_null(agent);
    assert_string_equal(agent->evicted_by, "TaintManager");
    assert_string_equal(agent->replaced_by, "");
    assert_string_equal(agent->stuck, "");
    assert_null(rwork(r, "DaemonSet", "agent"));
}

/* E2E. A power-off without graceful shutdown (shutdownGracePeriod 0) for
   20 s, shorter than the grace period: the node lifecycle controller
   never notices, but the machine rebooted: the kubelet reports the
   containers gone (Ready False) at its return, creates the sandbox again
   and restarts them (lifecycle.md D.5): Running and Ready again 1.2 s
   later, same pods. */
static void test_power_off_short(void **state) {
    (void)state;
    podsim_sim *sim = new_sim(cluster_f);
    assert_int_equal(
        podsim_sim_fail_node(sim, "node-2", FAIL_AT, PODSIM_NODE_SHUTDOWN),
        PODSIM_OK);
    assert_int_equal(podsim_sim_recover_node(sim, "node-2", FAIL_AT + 20000),
                     PODSIM_OK);
    run_until(sim, 200000);
    const podsim_report *r = report(sim);
    const podsim_report_node *n = rnode(r, "node-2");
    assert_non_null(n);
    assert_string_equal(n->failure, "shutdown");
    assert_int_equal(n->not_ready_at, -1);
    assert_int_equal(n->recovered_at, FAIL_AT + 20000);
    const podsim_report_pod *web = rpod(r, "web-", "node-2");
    assert_non_null(web);
    assert_int_equal(web->not_ready_at, FAIL_AT + 20000);
    assert_int_equal(web->evicted_at, -1);
    assert_string_equal(web->replaced_by, "");
    assert_int_equal(web->running_again_at, FAIL_AT + 21200);
    assert_int_equal(web->ready_again_at, FAIL_AT + 21200);
    assert_string_equal(web->stuck, "");
}

#define TOLERATING_POD(name, seconds)                                 \
    "- apiVersion: v1\n"                                              \
    "  kind: Pod\n"                                                   \
    "  metadata: {name: " name                                        \
    ", namespace: default}\n"                                         \
    "  spec:\n"                                                       \
    "    nodeName: node-2\n"                                          \
    "    tolerations:\n"                                              \
    "    - {key: node.kubernetes.io/unreachable, operator: Exists,\n" \
    "       effect: NoExecute" seconds                                \
    "}\n"                                                             \
    "    containers: [{name: c, image: busybox:1.36}]\n"

/* E2E. Bare pods with their own unreachable:NoExecute toleration
   (lifecycle.md D.2): without tolerationSeconds never evicted, and the
   report says so; 60 s: evicted 60 s after the taint; 0: at once. None is
   replaced (no controller). */
static void test_toleration_seconds(void **state) {
    (void)state;
    const char *yaml = HEAD NODE("node-1") NODE("node-2") NODE("node-3")
        TOLERATING_POD("forever", "")
            TOLERATING_POD("minute", ", tolerationSeconds: 60")
                TOLERATING_POD("zero", ", tolerationSeconds: 0");
    podsim_sim *sim = new_sim(yaml);
    assert_int_equal(
        podsim_sim_fail_node(sim, "node-2", FAIL_AT, PODSIM_NODE_UNREACHABLE),
        PODSIM_OK);
    run_until(sim, 600000);
    const podsim_report *r = report(sim);
    int64_t noexecute = FAIL_AT + 60100;
    const podsim_report_pod *p = rpod(r, "forever", NULL);
    assert_non_null(p);
    assert_int_equal(p->evicted_at, -1);
    assert_string_equal(p->stuck,
                        "on unreachable node node-2: tolerates "
                        "node.kubernetes.io/unreachable:NoExecute forever, "
                        "never evicted");
    p = rpod(r, "minute", NULL);
    assert_non_null(p);
    assert_int_equal(p->evicted_at, noexecute + 60000);
    assert_string_equal(p->evicted_by, "TaintManager");
    assert_string_equal(p->stuck,
                        "bare pod: no controller replaces it; "
                        "Terminating on unreachable node node-2 "
                        "since 180.100s");
    p = rpod(r, "zero", NULL);
    assert_non_null(p);
    assert_int_equal(p->evicted_at, noexecute);
    /* listed in order of disruption, then by name */
    assert_int_equal(r->pod_count, 3);
    assert_string_equal(r->pods[0].name, "forever");
    assert_string_equal(r->pods[1].name, "minute");
    assert_string_equal(r->pods[2].name, "zero");
}

/* The text: a line per node, the pods table, the workloads table and the
   pods that have not recovered, byte for byte. Unit level: a force delete
   on a failed node 10 s after it failed, before the node lifecycle
   controller notices: nothing keeps the scheduler off node-2 yet (no
   taint), so the replacement lands there too and is disrupted in turn. */
static void test_render(void **state) {
    (void)state;
    podsim_sim *sim = new_sim(cluster_web);
    run_until(sim, 5000);
    const podsim_pod *victim = pod_on(sim, "web-", "node-2");
    assert_non_null(victim);
    char name[128];
    snprintf(name, sizeof name, "%s", victim->meta.name);
    assert_int_equal(
        podsim_sim_fail_node(sim, "node-2", 10000, PODSIM_NODE_UNREACHABLE),
        PODSIM_OK);
    assert_int_equal(
        podsim_sim_delete_pod(sim, "default", name, 20000, 0, true), PODSIM_OK);
    run_until(sim, 30000);
    const podsim_report *r = report(sim);
    const podsim_report_pod *p = rpod(r, name, NULL);
    assert_non_null(p);
    char repl[128];
    snprintf(repl, sizeof repl, "%s", p->replaced_by);
    assert_int_equal(strlen(repl), strlen(name)); /* the layout below */
    const podsim_pod *q = live_pod(sim, "default", repl);
    assert_non_null(q);
    assert_string_equal(q->spec.node_name, "node-2");
    char *text = report_text(sim);
    char want[4096];
    snprintf(
        want, sizeof want,
        "What-if report at 30.000s (what-if from 10.000s)\n"
        "\n"
        "Nodes:\n"
        "  node-2 (zone-a): unreachable at 10.000s, last heartbeat "
        "10.000s\n"
        "\n"
        "Pods:\n"
        "POD                            NODE     DISRUPTED   UNKNOWN SINCE   "
        "NOT READY   EVICTED   BY            REMOVED   REPLACED BY            "
        "RUNNING AGAIN   READY AGAIN\n"
        "default/%s   node-2   10.000s     10.000s         -           "
        "20.000s   ForceDelete   20.000s   %s   -               -\n"
        "default/%s   node-2   20.000s     10.000s         -           "
        "-         -             -         -                      -      "
        "         -\n"
        "\n"
        "Workloads below desired:\n"
        "WORKLOAD                 DESIRED   READY   MIN READY   BELOW DESIRED "
        "AT   TIME BELOW   RECOVERED AT   TIME TO RECOVERY\n"
        "default/deployment/web   2         1       1           20.000s       "
        "     10.000s      -              -\n"
        "\n"
        "Not recovered:\n"
        "  default/%s (Deployment web): replacement %s: node node-2 "
        "unreachable, state unknown since 10.000s\n"
        "  default/%s (Deployment web): node node-2 unreachable, state "
        "unknown since 10.000s\n",
        name, repl, repl, name, repl, repl);
    if (strcmp(text, want) != 0) fprintf(stderr, "%s---\n%s", text, want);
    assert_string_equal(text, want);
    free(text);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(test_no_action, teardown),
        cmocka_unit_test_teardown(test_force_delete_replaced_by_replicaset,
                                  teardown),
        cmocka_unit_test_teardown(test_user_delete_on_unreachable_node,
                                  teardown),
        cmocka_unit_test_teardown(test_pod_bound_to_failed_node, teardown),
        cmocka_unit_test_teardown(test_workload_series_scale, teardown),
        cmocka_unit_test_teardown(test_loaded_unknown_node, teardown),
        cmocka_unit_test_teardown(test_render, teardown),
        cmocka_unit_test_teardown(test_timeline_f_v134, teardown),
        cmocka_unit_test_teardown(test_timeline_f_v131, teardown),
        cmocka_unit_test_teardown(test_quiet_and_fork, teardown),
        cmocka_unit_test_teardown(test_force_delete_unblocks_statefulset,
                                  teardown),
        cmocka_unit_test_teardown(test_recovered_before_eviction, teardown),
        cmocka_unit_test_teardown(test_node_deleted_pod_gc, teardown),
        cmocka_unit_test_teardown(test_drain, teardown),
        cmocka_unit_test_teardown(test_graceful_shutdown, teardown),
        cmocka_unit_test_teardown(test_noexecute_taint, teardown),
        cmocka_unit_test_teardown(test_power_off_short, teardown),
        cmocka_unit_test_teardown(test_toleration_seconds, teardown),
    };
    /* PODSIM_TEST_FILTER=test_drain runs only the tests matching it */
    if (getenv("PODSIM_TEST_FILTER")) {
        cmocka_set_test_filter(getenv("PODSIM_TEST_FILTER"));
    }
    return cmocka_run_group_tests(tests, NULL, NULL);
}
