/*
 * test_whatif.c - the worked timeline of ../shared/reference/lifecycle.md
 * section F, end to end through the public C API: every component (the
 * kubelet's heartbeats, the node lifecycle controller, taint eviction, the
 * ReplicaSet and StatefulSet controllers, the scheduler, the kubelet model,
 * pod GC, the attach-detach rule) together, to the second.
 *
 * Setup (as F): three nodes in one zone; Deployment web (2 replicas, one
 * pod per node by anti-affinity, one on node-2); StatefulSet db (1
 * replica, on node-2, a ReadWriteOnce volume); default tolerations (300 s),
 * grace period 30 s, no probes, images present. The workloads start at 0;
 * node-2 stops heartbeating at F = 60 s, right after a Lease renewal, on a
 * monitor pass (passes every 5 s from 0). F's instants are then F + 55
 * (Unknown, NodeNotReady, pods NotReady, unreachable:NoSchedule), F + 60.1
 * (unreachable:NoExecute), F + 360.1 (TaintManagerEviction, web replaced at
 * once, db-0 Terminating for ever) for v1.32+; F + 45 / 50.1 / 350.1 for
 * v1.31 (node-monitor-grace-period 40 s, kubernetes PR 126287). Then each
 * way out of F's table: force delete, the out-of-service taint, deleting
 * the Node, the node returning after the deadline, and before it.
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

#define F_MS 60000 /* node-2 fails */

static const char *const CLUSTER =
    "apiVersion: v1\nkind: List\nitems:\n"
    "- apiVersion: v1\n  kind: Node\n  metadata:\n    name: node-1\n"
    "    creationTimestamp: '2026-01-01T00:00:00Z'\n"
    "    labels: {kubernetes.io/hostname: node-1, "
    "topology.kubernetes.io/zone: zone-a}\n"
    "  status:\n    allocatable: {cpu: '4', memory: 16Gi, pods: '110'}\n"
    "    capacity: {cpu: '4', memory: 16Gi, pods: '110'}\n"
    "    conditions: [{type: Ready, status: 'True'}]\n"
    "    images: [{names: ['busybox:1.36'], sizeBytes: 2160000}]\n"
    "- apiVersion: v1\n  kind: Node\n  metadata:\n    name: node-2\n"
    "    creationTimestamp: '2026-01-01T00:00:00Z'\n"
    "    labels: {kubernetes.io/hostname: node-2, "
    "topology.kubernetes.io/zone: zone-a}\n"
    "  status:\n    allocatable: {cpu: '4', memory: 16Gi, pods: '110'}\n"
    "    capacity: {cpu: '4', memory: 16Gi, pods: '110'}\n"
    "    conditions: [{type: Ready, status: 'True'}]\n"
    "    images: [{names: ['busybox:1.36'], sizeBytes: 2160000}]\n"
    "- apiVersion: v1\n  kind: Node\n  metadata:\n    name: node-3\n"
    "    creationTimestamp: '2026-01-01T00:00:00Z'\n"
    "    labels: {kubernetes.io/hostname: node-3, "
    "topology.kubernetes.io/zone: zone-a}\n"
    "  status:\n    allocatable: {cpu: '4', memory: 16Gi, pods: '110'}\n"
    "    capacity: {cpu: '4', memory: 16Gi, pods: '110'}\n"
    "    conditions: [{type: Ready, status: 'True'}]\n"
    "    images: [{names: ['busybox:1.36'], sizeBytes: 2160000}]\n";

#define PREFER_NODE_2                                                      \
    "      affinity:\n        nodeAffinity:\n"                             \
    "          preferredDuringSchedulingIgnoredDuringExecution:\n"         \
    "          - weight: 100\n            preference:\n"                   \
    "              matchExpressions:\n"                                    \
    "              - {key: kubernetes.io/hostname, operator: In, values: " \
    "[node-2]}\n"

static const char *const WORKLOADS =
    "apiVersion: podsim.dev/v1alpha1\nkind: Scenario\n"
    "timing: {exact: true, sandbox: 1s, containerStart: 200ms, "
    "volumeAttach: 5s, persistentVolumeMount: 1s}\n"
    "---\napiVersion: v1\nkind: PersistentVolume\nmetadata: {name: pv-db}\n"
    "spec:\n  capacity: {storage: 10Gi}\n  accessModes: [ReadWriteOnce]\n"
    "  claimRef: {namespace: default, name: db-data}\n"
    "  csi: {driver: ebs.csi.aws.com, volumeHandle: vol-db}\n"
    "status: {phase: Bound}\n"
    "---\napiVersion: v1\nkind: PersistentVolumeClaim\n"
    "metadata: {name: db-data, namespace: default}\n"
    "spec:\n  accessModes: [ReadWriteOnce]\n"
    "  resources: {requests: {storage: 10Gi}}\n  volumeName: pv-db\n"
    "  storageClassName: ''\n"
    "status: {phase: Bound, accessModes: [ReadWriteOnce], "
    "capacity: {storage: 10Gi}}\n"
    "---\napiVersion: apps/v1\nkind: Deployment\n"
    "metadata: {name: web, namespace: default}\n"
    "spec:\n  replicas: 2\n  selector: {matchLabels: {app: web}}\n"
    "  template:\n    metadata: {labels: {app: web}}\n    spec:\n"
    "      affinity:\n        nodeAffinity:\n"
    "          preferredDuringSchedulingIgnoredDuringExecution:\n"
    "          - weight: 100\n            preference:\n"
    "              matchExpressions:\n"
    "              - {key: kubernetes.io/hostname, operator: In, values: "
    "[node-2]}\n"
    "        podAntiAffinity:\n"
    "          requiredDuringSchedulingIgnoredDuringExecution:\n"
    "          - labelSelector: {matchLabels: {app: web}}\n"
    "            topologyKey: kubernetes.io/hostname\n"
    "      containers:\n      - name: web\n        image: busybox:1.36\n"
    "        resources: {requests: {cpu: 100m, memory: 128Mi}}\n"
    "---\napiVersion: apps/v1\nkind: StatefulSet\n"
    "metadata: {name: db, namespace: default}\n"
    "spec:\n  replicas: 1\n  serviceName: db\n"
    "  selector: {matchLabels: {app: db}}\n"
    "  template:\n    metadata: {labels: {app: db}}\n    spec:\n" PREFER_NODE_2
    "      containers:\n      - name: db\n        image: busybox:1.36\n"
    "        volumeMounts: [{name: data, mountPath: /data}]\n"
    "      volumes:\n      - name: data\n"
    "        persistentVolumeClaim: {claimName: db-data}\n";

/* ------------------------------------------------------------------ */
/* Helpers                                                             */
/* ------------------------------------------------------------------ */

#define MAX_LIVE 8
static podsim_sim *live[MAX_LIVE];

static int teardown(void **state) {
    (void)state;
    for (size_t i = 0; i < MAX_LIVE; i++) {
        podsim_sim_free(live[i]);
        live[i] = NULL;
    }
    return 0;
}

static void ok(podsim_sim *sim, podsim_status s, const char *what) {
    if (s != PODSIM_OK) {
        fail_msg("%s: %s: %s", what, podsim_status_name(s),
                 podsim_sim_error(sim)->message);
    }
}

/* The F setup under Kubernetes `version`, run to just before F. */
static podsim_sim *start(const char *version) {
    podsim_cluster *c = NULL;
    assert_int_equal(podsim_cluster_new(NULL, &c), PODSIM_OK);
    if (podsim_cluster_load_string(c, CLUSTER, strlen(CLUSTER), "cluster",
                                   NULL) != PODSIM_OK) {
        fail_msg("load: %s", podsim_cluster_error(c)->message);
    }
    podsim_sim_options o = PODSIM_SIM_OPTIONS_INIT;
    o.seed = 7;
    o.kubernetes_version = version;
    podsim_sim *sim = NULL;
    assert_int_equal(podsim_sim_new(c, &o, &sim), PODSIM_OK);
    podsim_cluster_free(c);
    for (size_t i = 0; i < MAX_LIVE; i++) {
        if (!live[i]) {
            live[i] = sim;
            break;
        }
    }
    ok(sim,
       podsim_sim_apply_string(sim, WORKLOADS, strlen(WORKLOADS), "workloads",
                               0),
       "apply");
    ok(sim, podsim_sim_run_until(sim, F_MS - 1), "start");
    return sim;
}

static const podsim_pod *pod(podsim_sim *sim, const char *name) {
    podsim_id id;
    if (podsim_sim_find_pod(sim, "default", name, &id) != PODSIM_OK) {
        return NULL;
    }
    return podsim_cluster_pod(podsim_sim_cluster(sim), id);
}

/* The web pod on node-2 (the one F calls web-a). */
static const char *web_on(podsim_sim *sim, const char *node) {
    podsim_cluster *c = podsim_sim_cluster(sim);
    size_t n = podsim_cluster_count(c, PODSIM_KIND_POD);
    for (size_t i = 0; i < n; i++) {
        const podsim_pod *p = podsim_cluster_pod(c, (podsim_id)i);
        if (!p->removed && strncmp(p->meta.name, "web-", 4) == 0 &&
            p->spec.node_name && strcmp(p->spec.node_name, node) == 0) {
            return p->meta.name;
        }
    }
    return NULL;
}

/* Time of the first event with this reason about an object whose name
   starts with `name` (and whose message contains `text`, if given); -1. */
static int64_t first_event(podsim_sim *sim, const char *reason,
                           const char *name, const char *text) {
    size_t n = podsim_sim_event_count(sim);
    for (size_t i = 0; i < n; i++) {
        const podsim_sim_event *e = podsim_sim_event_get(sim, i);
        if (strcmp(e->reason, reason) != 0) continue;
        if (name && strncmp(e->name, name, strlen(name)) != 0) continue;
        if (text && !strstr(e->message, text)) continue;
        return e->time; /* this occurrence (a series keeps first_time) */
    }
    return -1;
}

/* Time of the first change of field to a value containing `value` for
   object `name` at or after F; -1. */
static int64_t first_change(podsim_sim *sim, const char *kind, const char *name,
                            const char *field, const char *value) {
    size_t n = podsim_sim_change_count(sim);
    for (size_t i = 0; i < n; i++) {
        const podsim_sim_change *ch = podsim_sim_change_get(sim, i);
        if (ch->time >= F_MS && strcmp(ch->kind, kind) == 0 &&
            strcmp(ch->name, name) == 0 && strcmp(ch->field, field) == 0 &&
            strstr(ch->value, value)) {
            return ch->time;
        }
    }
    return -1;
}

static const podsim_node *node2(podsim_sim *sim) {
    podsim_cluster *c = podsim_sim_cluster(sim);
    podsim_id id;
    assert_int_equal(
        podsim_cluster_find(c, PODSIM_KIND_NODE, NULL, "node-2", &id),
        PODSIM_OK);
    return podsim_cluster_node(c, id);
}

static bool has_taint(const podsim_node *n, const char *key,
                      podsim_taint_effect effect) {
    for (size_t i = 0; i < n->taint_count; i++) {
        if (strcmp(n->taints[i].key, key) == 0 && n->taints[i].effect == effect)
            return true;
    }
    return false;
}

/* ------------------------------------------------------------------ */
/* The timeline                                                        */
/* ------------------------------------------------------------------ */

typedef struct expect {
    const char *version;
    int64_t unknown;  /* after F */
    int64_t noexec;   /* after F */
    int64_t eviction; /* after F */
} expect;

static void timeline(const expect *x) {
    podsim_sim *sim = start(x->version);
    const podsim_pod *db = pod(sim, "db-0");
    assert_non_null(db);
    assert_string_equal(db->spec.node_name, "node-2");
    const char *web_a_name = web_on(sim, "node-2");
    assert_non_null(web_a_name);
    char web_a[64];
    snprintf(web_a, sizeof web_a, "%s", web_a_name);
    assert_int_equal(pod(sim, web_a)->status.phase, PODSIM_PHASE_RUNNING);

    ok(sim, podsim_sim_fail_node(sim, "node-2", F_MS, PODSIM_NODE_UNREACHABLE),
       "fail");
    ok(sim, podsim_sim_run_until(sim, 15 * 60000), "run");

    /* F + G + 5: Unknown, NodeNotReady on the node and on each pod */
    assert_int_equal(first_event(sim, "NodeNotReady", "node-2", NULL),
                     F_MS + x->unknown);
    assert_int_equal(
        first_change(sim, "Node", "node-2", "condition/Ready", "Unknown"),
        F_MS + x->unknown);
    assert_int_equal(first_event(sim, "NodeNotReady", web_a, NULL),
                     F_MS + x->unknown);
    assert_int_equal(first_event(sim, "NodeNotReady", "db-0", NULL),
                     F_MS + x->unknown);
    assert_int_equal(
        first_change(sim, "Pod", web_a, "condition/Ready", "False"),
        F_MS + x->unknown);
    /* the NoSchedule taint on the status write's node update event */
    assert_int_equal(first_change(sim, "Node", "node-2", "taints",
                                  "node.kubernetes.io/unreachable:NoSchedule"),
                     F_MS + x->unknown);
    /* one pass later, through the zone's queue (100 ms loop) */
    assert_int_equal(first_change(sim, "Node", "node-2", "taints",
                                  "node.kubernetes.io/unreachable:NoExecute"),
                     F_MS + x->noexec);
    /* 300 s of default toleration from when the controller saw it */
    int64_t evict = F_MS + x->eviction;
    assert_int_equal(
        first_event(sim, "TaintManagerEviction", web_a, "Marking for deletion"),
        evict);
    assert_int_equal(first_event(sim, "TaintManagerEviction", "db-0",
                                 "Marking for deletion"),
                     evict);
    /* the ReplicaSet replaces web-a at once; the new pod avoids node-2 */
    int64_t created = first_event(sim, "SuccessfulCreate", "web-", "Created");
    size_t n = podsim_sim_event_count(sim);
    int64_t replacement = -1;
    for (size_t i = 0; i < n; i++) {
        const podsim_sim_event *e = podsim_sim_event_get(sim, i);
        if (strcmp(e->reason, "SuccessfulCreate") == 0 &&
            strncmp(e->name, "web-", 4) == 0 && e->time >= evict) {
            replacement = e->time;
            break;
        }
    }
    (void)created;
    assert_int_equal(replacement, evict);
    /* db-0: Terminating for ever (nothing completes the deletion), no
       replacement; deletionTimestamp = eviction + 30 s */
    db = pod(sim, "db-0");
    assert_non_null(db);
    assert_string_equal(db->spec.node_name, "node-2");
    assert_int_equal(db->meta.deletion_timestamp,
                     podsim_sim_epoch_ms(sim) + evict + 30000);
    assert_int_equal(db->status.phase, PODSIM_PHASE_RUNNING);
    /* web-a likewise still there, Terminating, on the silent node */
    assert_non_null(pod(sim, web_a));
    /* the Deployment is back to 2 ready replicas a few seconds after the
       eviction (scheduling, sandbox 1 s, container start 200 ms) */
    assert_int_equal(
        first_change(sim, "Deployment", "web", "readyReplicas", "1"),
        F_MS + x->unknown);
    int64_t back = -1;
    size_t changes = podsim_sim_change_count(sim);
    for (size_t i = 0; i < changes; i++) {
        const podsim_sim_change *ch = podsim_sim_change_get(sim, i);
        if (strcmp(ch->kind, "Deployment") == 0 &&
            strcmp(ch->field, "readyReplicas") == 0 &&
            strcmp(ch->value, "2") == 0 && ch->time > evict) {
            back = ch->time;
            break;
        }
    }
    assert_true(back > evict && back <= evict + 5000);
    const podsim_node *n2 = node2(sim);
    assert_true(has_taint(n2, "node.kubernetes.io/unreachable",
                          PODSIM_EFFECT_NO_EXECUTE));
    assert_true(has_taint(n2, "node.kubernetes.io/unreachable",
                          PODSIM_EFFECT_NO_SCHEDULE));
}

static void f_timeline_v134(void **state) {
    (void)state;
    expect x = {"1.34", 55000, 60100, 360100};
    timeline(&x);
}

static void f_timeline_v132(void **state) {
    (void)state;
    expect x = {"1.32", 55000, 60100, 360100};
    timeline(&x);
}

static void f_timeline_v131(void **state) {
    (void)state;
    expect x = {"1.31", 45000, 50100, 350100};
    timeline(&x);
}

/* ------------------------------------------------------------------ */
/* F's ways out for db-0                                               */
/* ------------------------------------------------------------------ */

/* Time db-0 was recreated (a SuccessfulCreate for it after `after`). */
static int64_t db_recreated(podsim_sim *sim, int64_t after) {
    size_t n = podsim_sim_event_count(sim);
    for (size_t i = 0; i < n; i++) {
        const podsim_sim_event *e = podsim_sim_event_get(sim, i);
        /* the same message as db-0's first creation: one series, so
           this occurrence's time, not the series' first */
        if (strcmp(e->reason, "SuccessfulCreate") == 0 &&
            strcmp(e->kind, "StatefulSet") == 0 && e->time > after &&
            strstr(e->message, "db-0")) {
            return e->time;
        }
    }
    return -1;
}

/* kubectl delete --force --grace-period=0 at X: removed at X, recreated at
   once; its RWO volume stays attached to the dead node until the forced
   detach 6 minutes after the old pod object went away, so the new db-0
   reports Multi-Attach and starts only after that. */
static void force_delete_unblocks_db(void **state) {
    (void)state;
    podsim_sim *sim = start("1.34");
    ok(sim, podsim_sim_fail_node(sim, "node-2", F_MS, PODSIM_NODE_UNREACHABLE),
       "fail");
    int64_t x = 8 * 60000;
    ok(sim, podsim_sim_delete_pod(sim, "default", "db-0", x, 0, true),
       "force delete");
    ok(sim, podsim_sim_run_until(sim, 20 * 60000), "run");
    assert_int_equal(db_recreated(sim, F_MS), x);
    const podsim_pod *db = pod(sim, "db-0");
    assert_non_null(db);
    assert_true(strcmp(db->spec.node_name, "node-2") != 0);
    assert_true(first_event(sim, "FailedAttachVolume", "db-0",
                            "Multi-Attach error") >= x);
    /* running again only after the forced detach (X + 6 min) */
    assert_int_equal(db->status.phase, PODSIM_PHASE_RUNNING);
    int64_t running = -1;
    size_t n = podsim_sim_change_count(sim);
    for (size_t i = 0; i < n; i++) {
        const podsim_sim_change *ch = podsim_sim_change_get(sim, i);
        if (strcmp(ch->kind, "Pod") == 0 && strcmp(ch->name, "db-0") == 0 &&
            strcmp(ch->field, "phase") == 0 &&
            strcmp(ch->value, "Running") == 0 && ch->time > x) {
            running = ch->time;
            break;
        }
    }
    assert_true(running >= x + 6 * 60000);
    assert_true(running <= x + 6 * 60000 + 10000);
}

/* The out-of-service taint at X: pods that do not tolerate it are deleted
   at once, pod GC force-deletes the terminating ones on its next pass (<=
   X + 20 s), and the volume detaches at once. */
static void out_of_service_unblocks_db(void **state) {
    (void)state;
    podsim_sim *sim = start("1.34");
    ok(sim, podsim_sim_fail_node(sim, "node-2", F_MS, PODSIM_NODE_UNREACHABLE),
       "fail");
    int64_t x = 8 * 60000;
    ok(sim,
       podsim_sim_taint_node(sim, "node-2",
                             "node.kubernetes.io/out-of-service=nodeshutdown:"
                             "NoExecute",
                             x),
       "taint");
    ok(sim, podsim_sim_run_until(sim, 12 * 60000), "run");
    int64_t again = db_recreated(sim, F_MS);
    assert_true(again >= x && again <= x + 20000);
    const podsim_pod *db = pod(sim, "db-0");
    assert_non_null(db);
    assert_int_equal(db->status.phase, PODSIM_PHASE_RUNNING);
    assert_int_equal(first_event(sim, "FailedAttachVolume", "db-0", NULL), -1);
}

/* The Node object deleted at X: pod GC's orphan path, 40 s of quarantine
   on its 20 s loop, so between X + 40 and X + 60 s. */
static void node_deleted_unblocks_db(void **state) {
    (void)state;
    podsim_sim *sim = start("1.34");
    ok(sim, podsim_sim_fail_node(sim, "node-2", F_MS, PODSIM_NODE_UNREACHABLE),
       "fail");
    int64_t x = 8 * 60000;
    ok(sim, podsim_sim_delete_node(sim, "node-2", x), "delete node");
    ok(sim, podsim_sim_run_until(sim, 20 * 60000), "run");
    int64_t again = db_recreated(sim, F_MS);
    assert_true(again >= x + 40000 && again <= x + 60000);
}

/* The node returns at X after the eviction deadline: the kubelet finishes
   the pending deletions (grace period 30 s at most), db-0 is recreated,
   possibly on node-2 again; the NoExecute taint is gone within a pass. */
static void node_returns_after_deadline(void **state) {
    (void)state;
    podsim_sim *sim = start("1.34");
    ok(sim, podsim_sim_fail_node(sim, "node-2", F_MS, PODSIM_NODE_UNREACHABLE),
       "fail");
    int64_t x = 10 * 60000;
    ok(sim, podsim_sim_recover_node(sim, "node-2", x), "recover");
    ok(sim, podsim_sim_run_until(sim, 15 * 60000), "run");
    int64_t again = db_recreated(sim, F_MS);
    assert_true(again > x && again <= x + 36000);
    const podsim_node *n2 = node2(sim);
    assert_false(has_taint(n2, "node.kubernetes.io/unreachable",
                           PODSIM_EFFECT_NO_EXECUTE));
    assert_false(has_taint(n2, "node.kubernetes.io/unreachable",
                           PODSIM_EFFECT_NO_SCHEDULE));
    const podsim_pod *db = pod(sim, "db-0");
    assert_non_null(db);
    assert_int_equal(db->status.phase, PODSIM_PHASE_RUNNING);
}

/* The node returns at X before the deadline: nothing is evicted (the
   scheduled deletions are cancelled once the NoExecute taint is gone) and
   the pods are Ready again within the status manager's sync. */
static void node_returns_before_deadline(void **state) {
    (void)state;
    podsim_sim *sim = start("1.34");
    ok(sim, podsim_sim_fail_node(sim, "node-2", F_MS, PODSIM_NODE_UNREACHABLE),
       "fail");
    int64_t x = 4 * 60000;
    ok(sim, podsim_sim_recover_node(sim, "node-2", x), "recover");
    ok(sim, podsim_sim_run_until(sim, 15 * 60000), "run");
    assert_int_equal(first_event(sim, "TaintManagerEviction", "db-0",
                                 "Marking for deletion"),
                     -1);
    assert_true(first_event(sim, "TaintManagerEviction", "db-0",
                            "Cancelling deletion") >= x);
    const podsim_pod *db = pod(sim, "db-0");
    assert_non_null(db);
    assert_int_equal(db->meta.deletion_timestamp, PODSIM_NO_TIME);
    int64_t ready = -1;
    size_t n = podsim_sim_change_count(sim);
    for (size_t i = 0; i < n; i++) {
        const podsim_sim_change *ch = podsim_sim_change_get(sim, i);
        if (strcmp(ch->kind, "Pod") == 0 && strcmp(ch->name, "db-0") == 0 &&
            strcmp(ch->field, "condition/Ready") == 0 &&
            strcmp(ch->value, "True") == 0 && ch->time >= x) {
            ready = ch->time;
            break;
        }
    }
    assert_true(ready >= x && ready <= x + 10000);
}

/* The kubelet reports Ready=False itself (runtime down) at F: no grace
   period; not-ready:NoSchedule at once, NoExecute at the next pass (F + 5
   s, + 100 ms), eviction 300 s later; the kubelet completes the deletions,
   so even db-0 comes back about 30 s after the eviction. */
static void kubelet_not_ready(void **state) {
    (void)state;
    podsim_sim *sim = start("1.34");
    ok(sim, podsim_sim_fail_node(sim, "node-2", F_MS, PODSIM_NODE_NOT_READY),
       "fail");
    ok(sim, podsim_sim_run_until(sim, 12 * 60000), "run");
    assert_int_equal(first_change(sim, "Node", "node-2", "taints",
                                  "node.kubernetes.io/not-ready:NoSchedule"),
                     F_MS);
    assert_int_equal(first_change(sim, "Node", "node-2", "taints",
                                  "node.kubernetes.io/not-ready:NoExecute"),
                     F_MS + 5100);
    int64_t evict = F_MS + 5100 + 300000;
    assert_int_equal(first_event(sim, "TaintManagerEviction", "db-0",
                                 "Marking for deletion"),
                     evict);
    int64_t again = db_recreated(sim, F_MS);
    assert_true(again > evict && again <= evict + 31000);
}

/* Every node of the only zone stops at F: FullDisruption everywhere
   ("master disruption mode", handleDisruption), so the controller adds no
   NoExecute taint and nothing is evicted; the report says why. */
static void every_zone_down_evicts_nothing(void **state) {
    (void)state;
    podsim_sim *sim = start("1.34");
    ok(sim, podsim_sim_fail_zone(sim, "zone-a", F_MS, PODSIM_NODE_UNREACHABLE),
       "fail zone");
    ok(sim, podsim_sim_run_until(sim, 15 * 60000), "run");
    assert_int_equal(first_event(sim, "TaintManagerEviction", NULL, NULL), -1);
    assert_int_equal(first_event(sim, "NodeNotReady", "node-2", NULL),
                     F_MS + 55000);
    assert_false(has_taint(node2(sim), "node.kubernetes.io/unreachable",
                           PODSIM_EFFECT_NO_EXECUTE));
    const podsim_report *r = NULL;
    ok(sim, podsim_sim_report(sim, &r), "report");
    bool found = false;
    for (size_t i = 0; i < r->pod_count; i++) {
        if (strcmp(r->pods[i].name, "db-0") != 0) continue;
        found = true;
        assert_non_null(strstr(r->pods[i].stuck, "FullDisruption everywhere"));
        assert_int_equal(r->pods[i].evicted_at, -1);
    }
    assert_true(found);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(f_timeline_v134, teardown),
        cmocka_unit_test_teardown(f_timeline_v132, teardown),
        cmocka_unit_test_teardown(f_timeline_v131, teardown),
        cmocka_unit_test_teardown(force_delete_unblocks_db, teardown),
        cmocka_unit_test_teardown(out_of_service_unblocks_db, teardown),
        cmocka_unit_test_teardown(node_deleted_unblocks_db, teardown),
        cmocka_unit_test_teardown(node_returns_after_deadline, teardown),
        cmocka_unit_test_teardown(node_returns_before_deadline, teardown),
        cmocka_unit_test_teardown(kubelet_not_ready, teardown),
        cmocka_unit_test_teardown(every_zone_down_evicts_nothing, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
