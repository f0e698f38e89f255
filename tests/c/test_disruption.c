/*
 * test_disruption.c - kubectl drain, the Eviction API and PodDisruptionBudget
 * status (core/src/disruption.c).
 *
 * Upstream sources: staging/src/k8s.io/kubectl/pkg/drain/drain.go
 * (evictPods: concurrent evictions, a 429 retried after 5 s, waitForDelete
 * polling every 1 s), filters.go (DaemonSet and mirror pods skipped),
 * pkg/registry/core/pod/storage/eviction.go (canIgnorePDB, more than one
 * PDB is a 500, the unhealthy pod policy, checkAndDecrement, the
 * DisruptionTarget condition) and pkg/controller/disruption/disruption.go
 * (getExpectedPodCount, countHealthyPods, updatePdbStatus).
 *
 * Clusters: three nodes with the images cached, exact timing (sandbox 1 s,
 * container start 200 ms), so a pod the scheduler binds at t starts at
 * t + 1.2 s. To put a Deployment's pods on node-1, node-2 and node-3 start
 * cordoned and are uncordoned before the drain. Times that depend on the
 * kubelet model (when a replacement turns Ready, when an evicted pod is
 * gone) are read from the model, and the drain's own times are asserted
 * against them: the retry grid (drain start + k x 5 s) and the 1 s polls
 * from each eviction.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "match.h"
#include "podsim.h"
#include "sim.h"

/* ------------------------------------------------------------------ */
/* Fixtures                                                             */
/* ------------------------------------------------------------------ */

#define NODE(name, zone, extra)                                              \
    "- apiVersion: v1\n"                                                     \
    "  kind: Node\n"                                                         \
    "  metadata:\n"                                                          \
    "    name: " name                                                        \
    "\n"                                                                     \
    "    creationTimestamp: \"2026-01-01T00:00:00Z\"\n"                      \
    "    labels: {kubernetes.io/hostname: " name                             \
    ", topology.kubernetes.io/zone: " zone "}\n" extra                       \
    "  status:\n"                                                            \
    "    allocatable: {cpu: \"4\", memory: 16Gi, pods: \"110\"}\n"           \
    "    capacity: {cpu: \"4\", memory: 16Gi, pods: \"110\"}\n"              \
    "    conditions: [{type: Ready, status: \"True\"}]\n"                    \
    "    images:\n"                                                          \
    "    - {names: [\"docker.io/library/busybox:1.36\", \"busybox:1.36\"], " \
    "sizeBytes: 2160000}\n"                                                  \
    "    - {names: [\"registry.k8s.io/pause:3.10\"], sizeBytes: 320000}\n"

#define CORDONED "  spec: {unschedulable: true}\n"

/* node-2 and node-3 cordoned: everything lands on node-1 */
static const char NODES_ONE[] =
    "apiVersion: v1\nkind: List\nitems:\n" NODE("node-1", "zone-a", "")
        NODE("node-2", "zone-b", CORDONED) NODE("node-3", "zone-c", CORDONED);

/* A Deployment `name` of `replicas` pods labelled app=name. */
#define DEPLOYMENT(name, replicas)          \
    "apiVersion: apps/v1\n"                 \
    "kind: Deployment\n"                    \
    "metadata: {name: " name                \
    ", namespace: default}\n"               \
    "spec:\n"                               \
    "  replicas: " replicas                 \
    "\n"                                    \
    "  selector: {matchLabels: {app: " name \
    "}}\n"                                  \
    "  template:\n"                         \
    "    metadata: {labels: {app: " name    \
    "}}\n"                                  \
    "    spec:\n"                           \
    "      containers:\n"                   \
    "      - name: app\n"                   \
    "        image: busybox:1.36\n"         \
    "        resources: {requests: {cpu: 100m, memory: 64Mi}}\n"

/* A PodDisruptionBudget over app=`app` with one spec line. */
#define PDB(name, app, spec_line) \
    "apiVersion: policy/v1\n"     \
    "kind: PodDisruptionBudget\n" \
    "metadata: {name: " name      \
    ", namespace: default}\n"     \
    "spec:\n"                     \
    "  " spec_line                \
    "\n"                          \
    "  selector: {matchLabels: {app: " app "}}\n"

#define DOC "---\n"

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

/* `nodes` plus `objects`, simulated from t = 0 with exact timing. */
static world start(const char *nodes, const char *objects) {
    world w = {NULL, NULL};
    assert_int_equal(podsim_cluster_new(NULL, &w.cluster), PODSIM_OK);
    assert_int_equal(podsim_cluster_load_string(w.cluster, nodes, strlen(nodes),
                                                "nodes", NULL),
                     PODSIM_OK);
    podsim_timing timing = PODSIM_TIMING_INIT;
    timing.flags = PODSIM_TIMING_EXACT;
    timing.sandbox_ms = 1000;
    timing.container_start_ms = 200;
    podsim_sim_options o = PODSIM_SIM_OPTIONS_INIT;
    o.seed = 7;
    o.timing = &timing;
    o.kubernetes_version = "1.34";
    assert_int_equal(podsim_sim_new(w.cluster, &o, &w.sim), PODSIM_OK);
    if (objects) {
        check(w.sim, podsim_sim_apply_string(w.sim, objects, strlen(objects),
                                             "objects", 0));
    }
    return w;
}

static void stop(world *w) {
    podsim_sim_free(w->sim);
    podsim_cluster_free(w->cluster);
}

static void run_until(world *w, int64_t t) {
    check(w->sim, podsim_sim_run_until(w->sim, t));
}

static void uncordon_others(world *w, int64_t at) {
    check(w->sim, podsim_sim_cordon_node(w->sim, "node-2", at, false));
    check(w->sim, podsim_sim_cordon_node(w->sim, "node-3", at, false));
}

static podsim_id node_id(world *w, const char *name) {
    podsim_id id = cluster_lookup(podsim_sim_cluster(w->sim), PODSIM_KIND_NODE,
                                  NULL, name);
    assert_int_not_equal(id, PODSIM_NO_ID);
    return id;
}

static sim_drain_status drain_status(world *w, const char *node) {
    return disruption_drain_status(w->sim, node_id(w, node));
}

static bool has_label(const podsim_pod *p, const char *key, const char *value) {
    const char *v = kvs_get(&p->meta.labels, key);
    return v && strcmp(v, value) == 0;
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

static int64_t since_start(world *w, int64_t model_ms) {
    return model_ms - podsim_sim_epoch_ms(w->sim);
}

/* When the Eviction API evicted the pod: its DisruptionTarget condition
   (reason EvictionByEvictionAPI); -1 when never. */
static int64_t evicted_at(world *w, const podsim_pod *p) {
    const podsim_condition *c = condition(p, "DisruptionTarget");
    if (!c || strcmp(c->reason, "EvictionByEvictionAPI") != 0) return -1;
    assert_string_equal(c->status, "True");
    assert_string_equal(c->message, "Eviction API: evicting");
    return since_start(w, c->last_transition_time);
}

/* When the pod's Ready condition last turned True; -1 when it is not. */
static int64_t ready_at(world *w, const podsim_pod *p) {
    const podsim_condition *c = condition(p, "Ready");
    if (!c || strcmp(c->status, "True") != 0) return -1;
    return since_start(w, c->last_transition_time);
}

/* Pods labelled app=`app`, every object the run created (removed ones
   too), in id order. */
static size_t pods_of(world *w, const char *app, const podsim_pod **out,
                      size_t cap) {
    podsim_cluster *m = podsim_sim_cluster(w->sim);
    size_t n = podsim_cluster_count(m, PODSIM_KIND_POD), k = 0;
    for (size_t i = 0; i < n; i++) {
        const podsim_pod *p = podsim_cluster_pod(m, (podsim_id)i);
        if (!has_label(p, "app", app)) continue;
        assert_true(k < cap);
        out[k++] = p;
    }
    return k;
}

static const podsim_pod *pod_named(world *w, const char *name) {
    podsim_id id;
    assert_int_equal(podsim_sim_find_pod(w->sim, "default", name, &id),
                     PODSIM_OK);
    return podsim_cluster_pod(podsim_sim_cluster(w->sim), id);
}

static const podsim_pdb *pdb_named(world *w, const char *name) {
    podsim_cluster *m = podsim_sim_cluster(w->sim);
    podsim_id id =
        cluster_lookup(m, PODSIM_KIND_PODDISRUPTIONBUDGET, "default", name);
    assert_int_not_equal(id, PODSIM_NO_ID);
    return podsim_cluster_pdb(m, id);
}

static int64_t created_at(world *w, const podsim_pod *p) {
    return since_start(w, p->meta.creation_timestamp);
}

/* The first instant of the grid origin + k x step (k >= 0) at or after t. */
static int64_t grid_at_or_after(int64_t origin, int64_t step, int64_t t) {
    if (t <= origin) return origin;
    return origin + (t - origin + step - 1) / step * step;
}

/* waitForDelete: polls at `evicted` + k x 1 s (k >= 0); the first at or
   after the removal sees the pod gone. A removal at the eviction's own
   instant comes after the immediate poll only when the pod was not removed
   by the DELETE itself, which these tests do not have. */
static int64_t seen_gone_at(int64_t evicted, int64_t removed) {
    return grid_at_or_after(evicted, 1000, removed);
}

/* Step the simulation instant by instant up to `until`, recording when each
   watched pod object disappears (removed[i], -1 when it does not). */
static void run_watching(world *w, int64_t until, const podsim_pod **watch,
                         size_t n, int64_t *removed) {
    for (size_t i = 0; i < n; i++) removed[i] = watch[i]->removed ? 0 : -1;
    while (podsim_sim_now(w->sim) < until) {
        bool ran = false;
        check(w->sim, podsim_sim_step(w->sim, &ran));
        if (!ran) break;
        int64_t now = podsim_sim_now(w->sim);
        for (size_t i = 0; i < n; i++) {
            if (removed[i] < 0 && watch[i]->removed) removed[i] = now;
        }
    }
    if (podsim_sim_now(w->sim) < until) run_until(w, until);
}

/* The pods of `app` that exist at now and are not terminating, sorted by
   name as kubectl lists them. */
static int by_name(const void *a, const void *b) {
    const podsim_pod *const *x = a, *const *y = b;
    return strcmp((*x)->meta.name, (*y)->meta.name);
}

static size_t live_pods_of(world *w, const char *app, const podsim_pod **out,
                           size_t cap) {
    const podsim_pod *all[32];
    size_t n = pods_of(w, app, all, 32), k = 0;
    for (size_t i = 0; i < n; i++) {
        if (all[i]->removed ||
            all[i]->meta.deletion_timestamp != PODSIM_NO_TIME) {
            continue;
        }
        assert_true(k < cap);
        out[k++] = all[i];
    }
    qsort(out, k, sizeof *out, by_name);
    return k;
}

/* The replacement the ReplicaSet created at `t` (exactly one). */
static const podsim_pod *created_at_time(world *w, const char *app, int64_t t) {
    const podsim_pod *all[32], *found = NULL;
    size_t n = pods_of(w, app, all, 32);
    for (size_t i = 0; i < n; i++) {
        if (created_at(w, all[i]) == t) {
            assert_null(found);
            found = all[i];
        }
    }
    assert_non_null(found);
    return found;
}

static void assert_pdb(world *w, const char *name, int32_t expected,
                       int32_t desired, int32_t current, int32_t allowed) {
    const podsim_pdb *pdb = pdb_named(w, name);
    assert_int_equal(pdb->status_expected_pods, expected);
    assert_int_equal(pdb->status_desired_healthy, desired);
    assert_int_equal(pdb->status_current_healthy, current);
    assert_int_equal(pdb->status_disruptions_allowed, allowed);
}

#define T_DRAIN 20000

/* Pods of `objects` start on node-1 (the others cordoned until 10 s) and
   are Running and Ready by then; the drain of node-1 starts at 20 s. */
static world drained_world(const char *objects) {
    world w = start(NODES_ONE, objects);
    run_until(&w, 10000);
    uncordon_others(&w, 10000);
    check(w.sim, podsim_sim_drain_node(w.sim, "node-1", T_DRAIN));
    run_until(&w, T_DRAIN - 1);
    return w;
}

/* ------------------------------------------------------------------ */
/* Tests                                                                */
/* ------------------------------------------------------------------ */

/* Two replicas on node-1, minAvailable 1. kubectl evicts both at the drain
   start: the first in list order goes (2 healthy, 1 desired: 1 allowed),
   the second gets 429 (the first one's deletionTimestamp leaves 1 healthy)
   and is retried every 5 s from the start. The ReplicaSet replaces the
   evicted pod at once (on node-2 or node-3, node-1 being cordoned); the
   first retry after the replacement is Ready succeeds. The drain ends at
   the first 1 s poll after the second pod is gone. */
static void test_drain_waits_for_replacement_ready(void **state) {
    (void)state;
    world w = drained_world(DEPLOYMENT("web", "2")
                                DOC PDB("web-pdb", "web", "minAvailable: 1"));
    const podsim_pod *on_node[2];
    assert_int_equal(live_pods_of(&w, "web", on_node, 2), 2);
    for (int i = 0; i < 2; i++) {
        assert_int_equal(on_node[i]->node, node_id(&w, "node-1"));
        assert_int_not_equal(ready_at(&w, on_node[i]), -1);
    }
    assert_pdb(&w, "web-pdb", 2, 1, 2, 1);

    int64_t removed[2];
    run_watching(&w, 60000, on_node, 2, removed);

    /* the first goes at once, its replacement is created then */
    assert_int_equal(evicted_at(&w, on_node[0]), T_DRAIN);
    const podsim_pod *r1 = created_at_time(&w, "web", T_DRAIN);
    assert_int_not_equal(r1->node, node_id(&w, "node-1"));
    int64_t r1_ready = ready_at(&w, r1);
    assert_true(r1_ready > T_DRAIN);
    /* the second: the first retry (a 5 s step from the start) after the
       replacement is Ready */
    int64_t second = grid_at_or_after(T_DRAIN, 5000, r1_ready);
    assert_true(second > T_DRAIN);
    assert_int_equal(evicted_at(&w, on_node[1]), second);

    sim_drain_status ds = drain_status(&w, "node-1");
    assert_int_equal(ds.started_at, T_DRAIN);
    assert_int_equal(ds.evicted, 2);
    /* one 429 per 5 s step before `second` */
    assert_int_equal(ds.refused, (second - T_DRAIN) / 5000);
    assert_false(ds.failed);
    assert_true(removed[0] > T_DRAIN && removed[1] > second);
    int64_t gone0 = seen_gone_at(T_DRAIN, removed[0]);
    int64_t gone1 = seen_gone_at(second, removed[1]);
    assert_int_equal(ds.finished_at, gone0 > gone1 ? gone0 : gone1);
    /* in numbers: the replacement is bound at 20 s and Ready 1.2 s later
       (sandbox 1 s, container start 200 ms), so the retry at 25 s goes;
       each evicted container stops 500 ms after SIGTERM (the default
       container_stop_ms) and the kubelet removes the pod then, seen by the
       polls at 21 s and 26 s */
    assert_int_equal(r1_ready, 21200);
    assert_int_equal(second, 25000);
    assert_int_equal(ds.refused, 1);
    assert_int_equal(ds.finished_at, 26000);
    /* both replacements Ready again: 2 healthy, 1 allowed */
    assert_pdb(&w, "web-pdb", 2, 1, 2, 1);
    stop(&w);
}

/* minAvailable 2 over two replicas: no eviction is ever allowed, kubectl
   retries every 5 s for ever and the drain never ends. */
static void test_drain_blocked_by_budget(void **state) {
    (void)state;
    world w = drained_world(DEPLOYMENT("web", "2")
                                DOC PDB("web-pdb", "web", "minAvailable: 2"));
    assert_pdb(&w, "web-pdb", 2, 2, 2, 0);
    run_until(&w, T_DRAIN + 60000);
    const podsim_pod *pods[2];
    assert_int_equal(live_pods_of(&w, "web", pods, 2), 2);
    for (int i = 0; i < 2; i++) assert_int_equal(evicted_at(&w, pods[i]), -1);
    sim_drain_status ds = drain_status(&w, "node-1");
    /* attempts at T, T + 5 s, ..., T + 60 s: 13 per pod */
    assert_int_equal(ds.refused, 2 * 13);
    assert_int_equal(ds.evicted, 0);
    assert_int_equal(ds.finished_at, -1);
    assert_false(ds.failed);
    stop(&w);
}

/* maxUnavailable 1 over three replicas on node-1: one eviction at a time.
   Each refused pod is retried on the 5 s grid; a retry goes once the
   previous pod's replacement is Ready, and at that instant the next pod in
   list order is refused again (the eviction just made used the budget). */
static void test_max_unavailable_one_at_a_time(void **state) {
    (void)state;
    world w = drained_world(DEPLOYMENT("web", "3")
                                DOC PDB("web-pdb", "web", "maxUnavailable: 1"));
    const podsim_pod *on_node[3];
    assert_int_equal(live_pods_of(&w, "web", on_node, 3), 3);
    /* expectedPods is the Deployment's scale */
    assert_pdb(&w, "web-pdb", 3, 2, 3, 1);
    run_until(&w, T_DRAIN);
    assert_pdb(&w, "web-pdb", 3, 2, 2, 0);
    run_until(&w, T_DRAIN + 60000);

    int64_t e1 = evicted_at(&w, on_node[0]);
    assert_int_equal(e1, T_DRAIN);
    int64_t ready1 = ready_at(&w, created_at_time(&w, "web", e1));
    int64_t e2 = grid_at_or_after(T_DRAIN, 5000, ready1);
    assert_int_equal(evicted_at(&w, on_node[1]), e2);
    int64_t ready2 = ready_at(&w, created_at_time(&w, "web", e2));
    int64_t e3 =
        grid_at_or_after(T_DRAIN, 5000, ready2 > e2 + 1 ? ready2 : e2 + 1);
    assert_int_equal(evicted_at(&w, on_node[2]), e3);
    assert_true(T_DRAIN < e2 && e2 < e3);
    /* in numbers: replacements Ready 1.2 s after their eviction's step */
    assert_int_equal(e2, 25000);
    assert_int_equal(e3, 30000);

    sim_drain_status ds = drain_status(&w, "node-1");
    assert_int_equal(ds.evicted, 3);
    assert_int_equal(ds.refused, (e2 - T_DRAIN) / 5000 + (e3 - T_DRAIN) / 5000);
    assert_true(ds.finished_at > e3);
    assert_pdb(&w, "web-pdb", 3, 2, 3, 1);
    stop(&w);
}

/* A DaemonSet pod is skipped (--ignore-daemonsets), an orphan of a
   DaemonSet that no longer exists is evicted (--force), so are a bare pod
   and a pod with an emptyDir (--delete-emptydir-data); a mirror pod is
   skipped. No PDB: every eviction goes at once. */
static void test_daemonset_and_mirror_skipped_bare_evicted(void **state) {
    (void)state;
    static const char objects[] =
        "apiVersion: apps/v1\n"
        "kind: DaemonSet\n"
        "metadata: {name: agent, namespace: default}\n"
        "spec:\n"
        "  selector: {matchLabels: {app: agent}}\n"
        "  template:\n"
        "    metadata: {labels: {app: agent}}\n"
        "    spec:\n"
        "      containers:\n"
        "      - {name: agent, image: busybox:1.36}\n" DOC
        "apiVersion: v1\n"
        "kind: Pod\n"
        "metadata: {name: solo, namespace: default, labels: {app: solo}}\n"
        "spec:\n"
        "  containers: [{name: app, image: busybox:1.36}]\n"
        "  volumes: [{name: scratch, emptyDir: {}}]\n" DOC
        "apiVersion: v1\n"
        "kind: Pod\n"
        "metadata:\n"
        "  name: orphan\n"
        "  namespace: default\n"
        "  labels: {app: orphan}\n"
        "  ownerReferences: [{apiVersion: apps/v1, kind: DaemonSet, name: "
        "gone, uid: u-gone, controller: true}]\n"
        "spec:\n"
        "  nodeName: node-1\n"
        "  containers: [{name: app, image: busybox:1.36}]\n" DOC
        "apiVersion: v1\n"
        "kind: Pod\n"
        "metadata:\n"
        "  name: static-web-node-1\n"
        "  namespace: default\n"
        "  labels: {app: static}\n"
        "  annotations: {kubernetes.io/config.mirror: abc123}\n"
        "spec:\n"
        "  nodeName: node-1\n"
        "  containers: [{name: app, image: busybox:1.36}]\n";
    world w = drained_world(objects);
    const podsim_pod *agent[4];
    size_t n_agent = pods_of(&w, "agent", agent, 4);
    assert_int_equal(n_agent, 3); /* DaemonSet pods tolerate the cordon */
    const podsim_pod *on_node1 = NULL;
    for (size_t i = 0; i < n_agent; i++) {
        if (agent[i]->node == node_id(&w, "node-1")) on_node1 = agent[i];
    }
    assert_non_null(on_node1);
    const podsim_pod *watch[2] = {pod_named(&w, "orphan"),
                                  pod_named(&w, "solo")};
    const podsim_pod *mirror = pod_named(&w, "static-web-node-1");
    assert_int_equal(watch[1]->node, node_id(&w, "node-1"));
    int64_t removed[2];
    run_watching(&w, T_DRAIN + 60000, watch, 2, removed);

    assert_int_equal(evicted_at(&w, watch[0]), T_DRAIN);
    assert_int_equal(evicted_at(&w, watch[1]), T_DRAIN);
    assert_true(removed[0] > T_DRAIN && removed[1] > T_DRAIN);
    assert_int_equal(evicted_at(&w, on_node1), -1);
    assert_false(on_node1->removed);
    assert_int_equal(on_node1->meta.deletion_timestamp, PODSIM_NO_TIME);
    assert_int_equal(evicted_at(&w, mirror), -1);
    assert_false(mirror->removed);

    sim_drain_status ds = drain_status(&w, "node-1");
    assert_int_equal(ds.evicted, 2);
    assert_int_equal(ds.refused, 0);
    int64_t g0 = seen_gone_at(T_DRAIN, removed[0]);
    int64_t g1 = seen_gone_at(T_DRAIN, removed[1]);
    assert_int_equal(ds.finished_at, g0 > g1 ? g0 : g1);
    stop(&w);
}

/* A node with nothing to evict (only a DaemonSet pod) is drained at once. */
static void test_nothing_to_evict(void **state) {
    (void)state;
    world w = drained_world(
        "apiVersion: apps/v1\n"
        "kind: DaemonSet\n"
        "metadata: {name: agent, namespace: default}\n"
        "spec:\n"
        "  selector: {matchLabels: {app: agent}}\n"
        "  template:\n"
        "    metadata: {labels: {app: agent}}\n"
        "    spec:\n"
        "      containers:\n"
        "      - {name: agent, image: busybox:1.36}\n");
    sim_drain_status before = drain_status(&w, "node-1");
    assert_int_equal(before.started_at, -1);
    run_until(&w, T_DRAIN);
    sim_drain_status ds = drain_status(&w, "node-1");
    assert_int_equal(ds.started_at, T_DRAIN);
    assert_int_equal(ds.finished_at, T_DRAIN);
    assert_int_equal(ds.evicted, 0);
    stop(&w);
}

/* A pod two PDBs select: the Eviction API answers 500 ("This pod has more
   than one PodDisruptionBudget, which the eviction subresource does not
   support."), kubectl does not retry that, and the drain ends with an
   error once the other goroutines are done: the bare pod without a budget
   is still evicted, the node is never reported drained. */
static void test_two_budgets_fail_the_drain(void **state) {
    (void)state;
    world w = drained_world(
        DEPLOYMENT("web", "1") DOC PDB("by-app", "web", "minAvailable: 0") DOC
        "apiVersion: policy/v1\n"
        "kind: PodDisruptionBudget\n"
        "metadata: {name: everything-web, namespace: default}\n"
        "spec:\n"
        "  maxUnavailable: 1\n"
        "  selector: {matchExpressions: [{key: app, operator: In, values: "
        "[web, api]}]}\n" DOC
        "apiVersion: v1\n"
        "kind: Pod\n"
        "metadata: {name: solo, namespace: default, labels: {app: solo}}\n"
        "spec:\n"
        "  containers: [{name: app, image: busybox:1.36}]\n");
    const podsim_pod *web[1];
    assert_int_equal(live_pods_of(&w, "web", web, 1), 1);
    /* each budget on its own would allow the eviction */
    assert_pdb(&w, "by-app", 1, 0, 1, 1);
    assert_pdb(&w, "everything-web", 1, 0, 1, 1);
    const podsim_pod *watch[1] = {pod_named(&w, "solo")};
    int64_t removed[1];
    run_watching(&w, T_DRAIN + 60000, watch, 1, removed);

    assert_int_equal(evicted_at(&w, web[0]), -1);
    assert_false(web[0]->removed);
    assert_int_equal(web[0]->meta.deletion_timestamp, PODSIM_NO_TIME);
    assert_int_equal(evicted_at(&w, watch[0]), T_DRAIN);
    sim_drain_status ds = drain_status(&w, "node-1");
    assert_true(ds.failed);
    assert_int_equal(ds.finished_at, -1);
    assert_int_equal(ds.evicted, 1);
    assert_int_equal(ds.refused, 0); /* a 500 is not retried */
    stop(&w);
}

/* A container whose readiness probe always fails. */
static void never_ready(world *w, const char *pods) {
    podsim_behavior b = PODSIM_BEHAVIOR_INIT;
    b.readiness_pattern = "F";
    check(w->sim, podsim_sim_set_behavior(w->sim, pods, "*", &b));
}

#define PROBED_DEPLOYMENT(name, replicas, label)             \
    "apiVersion: apps/v1\n"                                  \
    "kind: Deployment\n"                                     \
    "metadata: {name: " name                                 \
    ", namespace: default}\n"                                \
    "spec:\n"                                                \
    "  replicas: " replicas                                  \
    "\n"                                                     \
    "  selector: {matchLabels: {app: " name                  \
    "}}\n"                                                   \
    "  template:\n"                                          \
    "    metadata: {labels: {app: " name ", tier: " label    \
    "}}\n"                                                   \
    "    spec:\n"                                            \
    "      containers:\n"                                    \
    "      - name: app\n"                                    \
    "        image: busybox:1.36\n"                          \
    "        readinessProbe: {exec: {command: [\"true\"]}, " \
    "periodSeconds: 1}\n"

/* Unhealthy (not Ready) pods and unhealthyPodEvictionPolicy. Two Ready
   pods of `good` and one never-Ready pod of `bad` share tier=x, guarded by
   minAvailable 2 over tier=x. With the default IfHealthyBudget the bad pod
   is evicted without using the budget (currentHealthy 2 >= desiredHealthy
   2 > 0) while the good ones are refused (0 allowed). */
static void test_unhealthy_pod_if_healthy_budget(void **state) {
    (void)state;
    world w = start(NODES_ONE, PROBED_DEPLOYMENT("good", "2", "x")
                                   DOC PROBED_DEPLOYMENT("bad", "1", "x") DOC
                    "apiVersion: policy/v1\n"
                    "kind: PodDisruptionBudget\n"
                    "metadata: {name: tier, namespace: "
                    "default}\n"
                    "spec:\n"
                    "  minAvailable: 2\n"
                    "  selector: {matchLabels: {tier: "
                    "x}}\n");
    never_ready(&w, "bad-*");
    run_until(&w, 10000);
    uncordon_others(&w, 10000);
    check(w.sim, podsim_sim_drain_node(w.sim, "node-1", T_DRAIN));
    run_until(&w, T_DRAIN - 1);
    assert_pdb(&w, "tier", 3, 2, 2, 0);
    const podsim_pod *bad[1], *good[2];
    assert_int_equal(live_pods_of(&w, "bad", bad, 1), 1);
    assert_int_equal(live_pods_of(&w, "good", good, 2), 2);
    assert_int_equal(ready_at(&w, bad[0]), -1);
    run_until(&w, T_DRAIN + 30000);
    assert_int_equal(evicted_at(&w, bad[0]), T_DRAIN);
    assert_int_equal(evicted_at(&w, good[0]), -1);
    assert_int_equal(evicted_at(&w, good[1]), -1);
    sim_drain_status ds = drain_status(&w, "node-1");
    assert_int_equal(ds.evicted, 1);
    assert_int_equal(ds.refused, 2 * 7); /* T .. T + 30 s */
    stop(&w);
}

/* The same budget where no pod is Ready: IfHealthyBudget refuses the
   unhealthy pod too (currentHealthy 0 < desiredHealthy); AlwaysAllow
   evicts it at once. */
static void test_unhealthy_pod_policies(void **state) {
    (void)state;
    static const char *const policy[2] = {"IfHealthyBudget", "AlwaysAllow"};
    for (int k = 0; k < 2; k++) {
        char objects[2048];
        snprintf(objects, sizeof objects,
                 "%s---\n"
                 "apiVersion: policy/v1\n"
                 "kind: PodDisruptionBudget\n"
                 "metadata: {name: tier, namespace: default}\n"
                 "spec:\n"
                 "  minAvailable: 1\n"
                 "  unhealthyPodEvictionPolicy: %s\n"
                 "  selector: {matchLabels: {tier: x}}\n",
                 PROBED_DEPLOYMENT("bad", "1", "x"), policy[k]);
        world w = start(NODES_ONE, objects);
        never_ready(&w, "bad-*");
        run_until(&w, 10000);
        uncordon_others(&w, 10000);
        check(w.sim, podsim_sim_drain_node(w.sim, "node-1", T_DRAIN));
        run_until(&w, T_DRAIN - 1);
        assert_pdb(&w, "tier", 1, 1, 0, 0);
        const podsim_pod *bad[1];
        assert_int_equal(live_pods_of(&w, "bad", bad, 1), 1);
        run_until(&w, T_DRAIN + 12000);
        sim_drain_status ds = drain_status(&w, "node-1");
        if (k == 0) {
            assert_int_equal(evicted_at(&w, bad[0]), -1);
            assert_int_equal(ds.refused, 3); /* T, T + 5 s, T + 10 s */
            assert_int_equal(ds.evicted, 0);
        } else {
            assert_int_equal(evicted_at(&w, bad[0]), T_DRAIN);
            assert_int_equal(ds.refused, 0);
            assert_int_equal(ds.evicted, 1);
        }
        stop(&w);
    }
}

/* Eviction of a finished pod deletes it without looking at budgets
   (eviction.go: "Evicting a terminal pod should result in direct deletion
   of pod as it already caused disruption"); the API removes a finished pod
   at once, so the immediate poll finds it gone and the drain ends at its
   start. */
static void test_finished_pod_ignores_budget(void **state) {
    (void)state;
    world w =
        start(NODES_ONE,
              "apiVersion: v1\n"
              "kind: Pod\n"
              "metadata: {name: batch, namespace: default, labels: "
              "{app: batch}}\n"
              "spec:\n"
              "  restartPolicy: Never\n"
              "  containers: [{name: app, image: busybox:1.36}]\n" DOC PDB(
                  "batch-pdb", "batch", "minAvailable: 5"));
    podsim_behavior b = PODSIM_BEHAVIOR_INIT;
    b.run = PODSIM_RUN_EXIT;
    b.run_ms = 2000;
    check(w.sim, podsim_sim_set_behavior(w.sim, "batch", "*", &b));
    run_until(&w, 10000);
    check(w.sim, podsim_sim_drain_node(w.sim, "node-1", T_DRAIN));
    run_until(&w, T_DRAIN - 1);
    const podsim_pod *p = pod_named(&w, "batch");
    assert_int_equal(p->status.phase, PODSIM_PHASE_SUCCEEDED);
    assert_pdb(&w, "batch-pdb", 1, 5, 0, 0);
    run_until(&w, T_DRAIN);
    assert_true(p->removed);
    assert_int_equal(evicted_at(&w, p), T_DRAIN);
    sim_drain_status ds = drain_status(&w, "node-1");
    assert_int_equal(ds.evicted, 1);
    assert_int_equal(ds.refused, 0);
    assert_int_equal(ds.finished_at, T_DRAIN);
    stop(&w);
}

/* A Pending pod (its image cannot be pulled) is deleted without looking at
   budgets either (canIgnorePDB: Pending): minAvailable 1 with nothing
   healthy would refuse it otherwise. Bound, it terminates gracefully. */
static void test_pending_pod_ignores_budget(void **state) {
    (void)state;
    world w = start(NODES_ONE,
                    "apiVersion: v1\n"
                    "kind: Pod\n"
                    "metadata: {name: stuck, namespace: default, "
                    "labels: {app: stuck}}\n"
                    "spec:\n"
                    "  containers: [{name: app, image: "
                    "example.com/missing:1}]\n" DOC PDB("stuck-pdb", "stuck",
                                                        "minAvailable: 1"));
    check(w.sim,
          podsim_sim_set_image(w.sim, "example.com/missing:1", 1000, true));
    run_until(&w, 10000);
    check(w.sim, podsim_sim_drain_node(w.sim, "node-1", T_DRAIN));
    run_until(&w, T_DRAIN - 1);
    const podsim_pod *p = pod_named(&w, "stuck");
    assert_int_equal(p->node, node_id(&w, "node-1"));
    assert_int_equal(p->status.phase, PODSIM_PHASE_PENDING);
    assert_pdb(&w, "stuck-pdb", 1, 1, 0, 0);
    run_until(&w, T_DRAIN);
    assert_int_equal(evicted_at(&w, p), T_DRAIN);
    assert_int_not_equal(p->meta.deletion_timestamp, PODSIM_NO_TIME);
    sim_drain_status ds = drain_status(&w, "node-1");
    assert_int_equal(ds.evicted, 1);
    assert_int_equal(ds.refused, 0);
    stop(&w);
}

/* The disruption controller's arithmetic (getExpectedPodCount): an integer
   minAvailable counts the matching pods, a percentage and maxUnavailable
   use the controllers' scale, rounded up; pods without a controller add
   nothing to the scale (maxUnavailable over bare pods: 0 expected, nothing
   allowed). The status follows the pods at the instant they change. */
static void test_budget_status(void **state) {
    (void)state;
    world w = start(
        NODES_ONE,
        DEPLOYMENT("web", "3") DOC PDB("half", "web", "minAvailable: \"50%\"")
            DOC PDB("third", "web", "maxUnavailable: \"34%\"")
                DOC PDB("count", "web", "minAvailable: 1") DOC
        "apiVersion: v1\n"
        "kind: Pod\n"
        "metadata: {name: solo, namespace: default, labels: "
        "{app: solo}}\n"
        "spec:\n"
        "  containers: [{name: app, image: busybox:1.36}]\n" DOC PDB(
            "bare", "solo", "maxUnavailable: 1"));
    /* pods are created and bound at 0 and Ready at 1.2 s */
    run_until(&w, 1199);
    assert_pdb(&w, "half", 3, 2, 0, 0);
    assert_pdb(&w, "third", 3, 1, 0, 0);
    assert_pdb(&w, "count", 3, 1, 0, 0);
    run_until(&w, 1200);
    assert_pdb(&w, "half", 3, 2, 3, 1);  /* ceil(1.5) = 2 */
    assert_pdb(&w, "third", 3, 1, 3, 2); /* 3 - ceil(1.02) = 1 */
    assert_pdb(&w, "count", 3, 1, 3, 2);
    assert_pdb(&w, "bare", 0, 0, 1, 0);
    stop(&w);
}

/* A fork in the middle of a blocked drain carries the drain on by itself
   (the original freed first): same eviction times as a run without the
   fork. */
static void test_fork_carries_the_drain(void **state) {
    (void)state;
    const char *objects =
        DEPLOYMENT("web", "2") DOC PDB("web-pdb", "web", "minAvailable: 1");
    world ref = drained_world(objects);
    run_until(&ref, T_DRAIN + 40000);
    sim_drain_status want = drain_status(&ref, "node-1");
    assert_int_not_equal(want.finished_at, -1);

    world w = drained_world(objects);
    run_until(&w, T_DRAIN + 1000); /* one pod evicted, the other refused */
    podsim_sim *fork = NULL;
    check(w.sim, podsim_sim_fork(w.sim, &fork));
    podsim_sim_free(w.sim);
    w.sim = fork;
    run_until(&w, T_DRAIN + 40000);
    sim_drain_status got = drain_status(&w, "node-1");
    assert_int_equal(got.finished_at, want.finished_at);
    assert_int_equal(got.evicted, want.evicted);
    assert_int_equal(got.refused, want.refused);
    assert_pdb(&w, "web-pdb", 2, 1, 2, 1);
    stop(&w);
    stop(&ref);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_drain_waits_for_replacement_ready),
        cmocka_unit_test(test_drain_blocked_by_budget),
        cmocka_unit_test(test_max_unavailable_one_at_a_time),
        cmocka_unit_test(test_daemonset_and_mirror_skipped_bare_evicted),
        cmocka_unit_test(test_nothing_to_evict),
        cmocka_unit_test(test_two_budgets_fail_the_drain),
        cmocka_unit_test(test_unhealthy_pod_if_healthy_budget),
        cmocka_unit_test(test_unhealthy_pod_policies),
        cmocka_unit_test(test_finished_pod_ignores_budget),
        cmocka_unit_test(test_pending_pod_ignores_budget),
        cmocka_unit_test(test_budget_status),
        cmocka_unit_test(test_fork_carries_the_drain),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
