/*
 * test_diag_flows.c - the checks that run podsim on a copy
 * (core/src/diag_flows.c): the ways out of a lost node and the smallest
 * change that makes an unschedulable pod fit.
 *
 * Expected times follow ../shared/reference/lifecycle.md C-F: the taint
 * eviction deadline is the NoExecute taint's timeAdded plus the pod's
 * tolerationSeconds (300 s); pod GC removes the pods of a deleted Node
 * after its 40 s quarantine, on a 20 s pass (40-60 s here); the
 * out-of-service taint gets terminating pods force-deleted on the next
 * pass (<= 20 s) and their volumes detached at once; a ReadWriteOnce
 * volume on a silent node is force-detached 6 min after its pod is gone.
 * The kubelet model then takes attach 5 s + mount 1 s + sandbox 1 s +
 * start 0.2 s (podsim's default timing) for the StatefulSet pod, sandbox
 * and start (1.2 s) for the others.
 *
 * Most subjects are built by hand (the source and the pod), so the checks
 * are tested alone through their run-less entry points; the last tests
 * run them through the engine and its built-in rules.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "diag.h"
#include "model.h"
#include "sim.h"

/* ------------------------------------------------------------------ */
/* Fixtures                                                             */
/* ------------------------------------------------------------------ */

/* The dump is taken at AS_OF. node-2's kubelet last posted at 09:58:00;
   the node lifecycle controller set Ready Unknown at 09:58:50 and added
   unreachable:NoExecute at 09:58:55, so a 300 s toleration runs out at
   10:03:55, 235 s after AS_OF. */
#define AS_OF_TEXT "2026-03-01T10:00:00Z"
#define EVICT_MS 235000

#define NODE(name, ready, reason, hb, taints)                                 \
    NODE_MSG(name, ready, reason, "Kubelet stopped posting node status.", hb, \
             taints)
#define NODE_MSG(name, ready, reason, message, hb, taints)                \
    "- apiVersion: v1\n  kind: Node\n  metadata:\n    name: " name        \
    "\n"                                                                  \
    "    creationTimestamp: '2026-03-01T00:00:00Z'\n"                     \
    "    labels: {kubernetes.io/hostname: " name                          \
    ", topology.kubernetes.io/zone: zone-a}\n"                            \
    "  spec: {" taints                                                    \
    "}\n"                                                                 \
    "  status:\n    allocatable: {cpu: '4', memory: 16Gi, pods: '110'}\n" \
    "    capacity: {cpu: '4', memory: 16Gi, pods: '110'}\n"               \
    "    conditions:\n    - {type: Ready, status: '" ready                \
    "', reason: " reason ", message: '" message                           \
    "', lastHeartbeatTime: "                                              \
    "'" hb                                                                \
    "', lastTransitionTime: '2026-03-01T09:58:50Z'}\n"                    \
    "    images: [{names: ['busybox:1.36'], sizeBytes: 2160000}]\n"

#define UNREACHABLE_TAINTS                                                \
    "taints: [{key: node.kubernetes.io/unreachable, effect: NoSchedule, " \
    "timeAdded: '2026-03-01T09:58:50Z'}, {key: "                          \
    "node.kubernetes.io/unreachable, "                                    \
    "effect: NoExecute, timeAdded: '2026-03-01T09:58:55Z'}]"

#define RUNNING_STATUS(start)                                                \
    "  status:\n    phase: Running\n    startTime: '" start                  \
    "'\n"                                                                    \
    "    conditions:\n"                                                      \
    "    - {type: PodScheduled, status: 'True', lastTransitionTime: '" start \
    "'}\n"                                                                   \
    "    - {type: Ready, status: '%s', lastTransitionTime: '%s'}\n"          \
    "    containerStatuses:\n    - {name: app, ready: true, started: true, " \
    "restartCount: 0, image: 'busybox:1.36', imageID: x, containerID: "      \
    "'containerd://x', state: {running: {startedAt: '" start "'}}}\n"

static const char LOST_NODES[] = "apiVersion: v1\nkind: List\nitems:\n" NODE(
    "node-1", "True", "KubeletReady", "2026-03-01T10:00:00Z", "")
    NODE("node-2", "Unknown", "NodeStatusUnknown", "2026-03-01T09:58:00Z",
         UNREACHABLE_TAINTS)
        NODE("node-3", "True", "KubeletReady", "2026-03-01T09:59:58Z", "");

/* The same nodes before node-2 failed. */
static const char HEALTHY_NODES[] = "apiVersion: v1\nkind: List\nitems:\n" NODE(
    "node-1", "True", "KubeletReady", "2026-03-01T10:00:00Z", "")
    NODE("node-2", "True", "KubeletReady", "2026-03-01T09:59:55Z", "")
        NODE("node-3", "True", "KubeletReady", "2026-03-01T09:59:58Z", "");

/* node-2's kubelet is alive and reports NotReady (F1): not-ready taints. */
static const char NOT_READY_NODES[] =
    "apiVersion: v1\nkind: List\nitems:\n" NODE(
        "node-1", "True", "KubeletReady", "2026-03-01T10:00:00Z", "")
        NODE_MSG(
            "node-2", "False", "KubeletNotReady", "container runtime is down",
            "2026-03-01T09:59:50Z",
            "taints: [{key: node.kubernetes.io/not-ready, effect: NoSchedule, "
            "timeAdded: '2026-03-01T09:58:50Z'}, {key: "
            "node.kubernetes.io/not-ready, effect: NoExecute, timeAdded: "
            "'2026-03-01T09:58:55Z'}]")
            NODE("node-3", "True", "KubeletReady", "2026-03-01T09:59:58Z", "");

static const char WORKLOADS[] =
    "- apiVersion: v1\n  kind: PersistentVolume\n  metadata: {name: pv-db}\n"
    "  spec:\n    capacity: {storage: 10Gi}\n    accessModes: [ReadWriteOnce]\n"
    "    claimRef: {namespace: default, name: data-db-0}\n"
    "    csi: {driver: ebs.csi.aws.com, volumeHandle: vol-db}\n"
    "  status: {phase: Bound}\n"
    "- apiVersion: v1\n  kind: PersistentVolumeClaim\n"
    "  metadata: {name: data-db-0, namespace: default, labels: {app: db}}\n"
    "  spec:\n    accessModes: [ReadWriteOnce]\n"
    "    resources: {requests: {storage: 10Gi}}\n    volumeName: pv-db\n"
    "    storageClassName: ''\n"
    "  status: {phase: Bound, accessModes: [ReadWriteOnce], "
    "capacity: {storage: 10Gi}}\n"
    "- apiVersion: apps/v1\n  kind: Deployment\n"
    "  metadata: {name: web, namespace: default, uid: dep-web, "
    "creationTimestamp: '2026-03-01T08:00:00Z'}\n"
    "  spec:\n    replicas: 2\n    selector: {matchLabels: {app: web}}\n"
    "    template:\n      metadata: {labels: {app: web}}\n      spec:\n"
    "        containers:\n        - name: app\n          image: busybox:1.36\n"
    "          resources: {requests: {cpu: 100m, memory: 128Mi}}\n"
    "  status: {replicas: 2, readyReplicas: 1, availableReplicas: 1, "
    "updatedReplicas: 2}\n"
    "- apiVersion: apps/v1\n  kind: ReplicaSet\n"
    "  metadata:\n    name: web-7d4b9c\n    namespace: default\n"
    "    uid: rs-web\n    creationTimestamp: '2026-03-01T08:00:00Z'\n"
    "    labels: {app: web, pod-template-hash: 7d4b9c}\n"
    "    annotations: {deployment.kubernetes.io/revision: '1'}\n"
    "    ownerReferences: [{apiVersion: apps/v1, kind: Deployment, name: web, "
    "uid: dep-web, controller: true}]\n"
    "  spec:\n    replicas: 2\n"
    "    selector: {matchLabels: {app: web, pod-template-hash: 7d4b9c}}\n"
    "    template:\n      metadata: {labels: {app: web, pod-template-hash: "
    "7d4b9c}}\n      spec:\n"
    "        containers:\n        - name: app\n          image: busybox:1.36\n"
    "          resources: {requests: {cpu: 100m, memory: 128Mi}}\n"
    "  status: {replicas: 2, readyReplicas: 1, availableReplicas: 1}\n"
    "- apiVersion: apps/v1\n  kind: StatefulSet\n"
    "  metadata: {name: db, namespace: default, uid: sts-db, "
    "creationTimestamp: '2026-03-01T08:00:00Z'}\n"
    "  spec:\n    replicas: 1\n    serviceName: db\n"
    "    selector: {matchLabels: {app: db}}\n"
    "    template:\n      metadata: {labels: {app: db}}\n      spec:\n"
    "        containers:\n        - name: app\n          image: busybox:1.36\n"
    "          volumeMounts: [{name: data, mountPath: /data}]\n"
    "    volumeClaimTemplates:\n    - metadata: {name: data}\n"
    "      spec: {accessModes: [ReadWriteOnce], resources: {requests: "
    "{storage: 10Gi}}, storageClassName: ''}\n"
    "  status: {replicas: 1, readyReplicas: 0}\n"
    "- apiVersion: apps/v1\n  kind: DaemonSet\n"
    "  metadata: {name: agent, namespace: default, uid: ds-agent, "
    "creationTimestamp: '2026-03-01T08:00:00Z'}\n"
    "  spec:\n    selector: {matchLabels: {app: agent}}\n"
    "    template:\n      metadata: {labels: {app: agent}}\n      spec:\n"
    "        containers:\n        - name: app\n          image: busybox:1.36\n"
    "  status: {desiredNumberScheduled: 3, numberReady: 2}\n";

/* Pods are appended with their node and readiness (printf fields). */
static const char POD_FMT[] =
    "- apiVersion: v1\n  kind: Pod\n  metadata:\n    name: %s\n"
    "    namespace: default\n    uid: uid-%s\n"
    "    creationTimestamp: '2026-03-01T08:00:00Z'\n    labels: {%s}\n"
    "    ownerReferences: [{apiVersion: apps/v1, kind: %s, name: %s, uid: "
    "%s, controller: true}]\n"
    "  spec:\n    nodeName: %s\n    hostname: %s\n%s"
    "    containers:\n    - name: app\n      image: "
    "busybox:1.36\n%s" RUNNING_STATUS("2026-03-01T08:00:02Z");

#define DB_SPEC_EXTRA                                                \
    "    subdomain: db\n"                                            \
    "    volumes: [{name: data, persistentVolumeClaim: {claimName: " \
    "data-db-0}}]\n"
#define DB_CONTAINER_EXTRA \
    "      volumeMounts: [{name: data, mountPath: /data}]\n"
#define WEB_CONTAINER_EXTRA \
    "      resources: {requests: {cpu: 100m, memory: 128Mi}}\n"
#define DS_SPEC_EXTRA                                                        \
    "    tolerations:\n"                                                     \
    "    - {key: node.kubernetes.io/not-ready, operator: Exists, effect: "   \
    "NoExecute}\n"                                                           \
    "    - {key: node.kubernetes.io/unreachable, operator: Exists, effect: " \
    "NoExecute}\n"

#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
static void
append(char *buf, size_t cap, const char *fmt, ...);
static void append(char *buf, size_t cap, const char *fmt, ...) {
    size_t len = strlen(buf);
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf + len, cap - len, fmt, ap);
    va_end(ap);
    assert_true(n > 0 && (size_t)n < cap - len);
}

typedef enum dump_kind { DUMP_LOST, DUMP_HEALTHY, DUMP_NOT_READY } dump_kind;

static char *dump_text(dump_kind kind) {
    bool healthy = kind == DUMP_HEALTHY;
    size_t cap = 64 * 1024;
    char *buf = calloc(1, cap);
    assert_non_null(buf);
    const char *down = healthy ? "True" : "False";
    /* MarkPodsNotReady set Ready False when the node went Unknown */
    const char *down_at =
        healthy ? "2026-03-01T08:00:02Z" : "2026-03-01T09:58:50Z";
    const char *up_at = "2026-03-01T08:00:02Z";
    append(buf, cap, "%s%s",
           kind == DUMP_HEALTHY     ? HEALTHY_NODES
           : kind == DUMP_NOT_READY ? NOT_READY_NODES
                                    : LOST_NODES,
           WORKLOADS);
    append(buf, cap, POD_FMT, "web-7d4b9c-aaaaa", "web-a",
           "app: web, pod-template-hash: 7d4b9c", "ReplicaSet", "web-7d4b9c",
           "rs-web", "node-2", "web-7d4b9c-aaaaa", "", WEB_CONTAINER_EXTRA,
           down, down_at);
    append(buf, cap, POD_FMT, "web-7d4b9c-bbbbb", "web-b",
           "app: web, pod-template-hash: 7d4b9c", "ReplicaSet", "web-7d4b9c",
           "rs-web", "node-1", "web-7d4b9c-bbbbb", "", WEB_CONTAINER_EXTRA,
           "True", up_at);
    append(buf, cap, POD_FMT, "db-0", "db-0",
           "app: db, statefulset.kubernetes.io/pod-name: db-0", "StatefulSet",
           "db", "sts-db", "node-2", "db-0", DB_SPEC_EXTRA, DB_CONTAINER_EXTRA,
           down, down_at);
    static const char *const agents[][2] = {
        {"agent-n1", "node-1"}, {"agent-n2", "node-2"}, {"agent-n3", "node-3"}};
    for (size_t i = 0; i < 3; i++) {
        append(buf, cap, POD_FMT, agents[i][0], agents[i][0],
               "app: agent, controller-revision-hash: 6b8f7c9d5, "
               "pod-template-generation: '1'",
               "DaemonSet", "agent", "ds-agent", agents[i][1], agents[i][0],
               DS_SPEC_EXTRA, "", i == 1 ? down : "True",
               i == 1 ? down_at : up_at);
    }
    /* the pods' NodeNotReady events, as MarkPodsNotReady records them */
    static const char *const evented[] = {"web-7d4b9c-aaaaa", "db-0",
                                          "agent-n2"};
    for (size_t i = 0; i < 3 && !healthy; i++) {
        append(
            buf, cap,
            "- apiVersion: v1\n  kind: Event\n  metadata: {name: %s.1, "
            "namespace: default}\n"
            "  involvedObject: {kind: Pod, namespace: default, name: %s, "
            "uid: uid-%s}\n"
            "  reason: NodeNotReady\n  message: Node is not ready\n"
            "  type: Warning\n  count: 1\n"
            "  source: {component: node-controller}\n"
            "  firstTimestamp: '2026-03-01T09:58:50Z'\n"
            "  lastTimestamp: '2026-03-01T09:58:50Z'\n",
            evented[i], evented[i],
            strcmp(evented[i], "web-7d4b9c-aaaaa") == 0 ? "web-a" : evented[i]);
    }
    return buf;
}

/* ------------------------------------------------------------------ */
/* A hand-built subject                                                */
/* ------------------------------------------------------------------ */

typedef struct flows_world {
    podsim_cluster *cluster; /* owned (dump) */
    podsim_sim *sim;         /* owned (simulation source) */
    diag_source src;
    diag_subject subject;
    diag_event events[8];
    const diag_event *event_ptrs[8];
    diag_finding finding;
    arena mem;
} flows_world;

static podsim_cluster *load(const char *text) {
    podsim_cluster *c = NULL;
    podsim_cluster_options o = PODSIM_CLUSTER_OPTIONS_INIT;
    o.kubernetes_version = "1.34";
    assert_int_equal(podsim_cluster_new(&o, &c), PODSIM_OK);
    podsim_status s =
        podsim_cluster_load_string(c, text, strlen(text), "dump", NULL);
    if (s) fail_msg("load: %s", podsim_cluster_error(c)->message);
    return c;
}

static int64_t wall(const char *rfc3339) {
    int64_t ms = 0;
    assert_true(parse_rfc3339(rfc3339, strlen(rfc3339), &ms));
    return ms;
}

static void init_finding(diag_finding *f) {
    memset(f, 0, sizeof *f);
    vec_init(&f->evidence, sizeof(podsim_evidence));
    vec_init(&f->root_causes, sizeof(const char *));
    vec_init(&f->next, sizeof(podsim_next_step));
    vec_init(&f->fix, sizeof(const char *));
    vec_init(&f->docs, sizeof(const char *));
    vec_init(&f->ways_out, sizeof(podsim_way_out));
    vec_init(&f->labels, sizeof(podsim_kv));
    vec_init(&f->suppresses, sizeof(const char *));
    f->container = "";
    f->explained_by = "";
}

static void release_finding(diag_finding *f) {
    vec_release(&f->evidence);
    vec_release(&f->root_causes);
    vec_release(&f->next);
    vec_release(&f->fix);
    vec_release(&f->docs);
    vec_release(&f->ways_out);
    vec_release(&f->labels);
    vec_release(&f->suppresses);
}

/* The subject for pod ns/name of the world's cluster (or simulation),
   with the dump's events about it. */
static void subject_for(flows_world *w, const char *name) {
    podsim_cluster *c = w->src.cluster;
    podsim_id id = PODSIM_NO_ID;
    assert_int_equal(
        podsim_cluster_find(c, PODSIM_KIND_POD, "default", name, &id),
        PODSIM_OK);
    diag_subject *s = &w->subject;
    memset(s, 0, sizeof *s);
    s->src = &w->src;
    s->pod_id = id;
    s->pod = podsim_cluster_pod(c, id);
    s->mem = &w->mem;
    if (s->pod->spec.node_name[0]) {
        podsim_id nid = PODSIM_NO_ID;
        if (podsim_cluster_find(c, PODSIM_KIND_NODE, NULL,
                                s->pod->spec.node_name, &nid) == PODSIM_OK) {
            s->node = podsim_cluster_node(c, nid);
            s->node_state = DIAG_REF_EXISTS;
        } else {
            s->node_state = DIAG_REF_MISSING;
        }
    }
    size_t n = podsim_cluster_count(c, PODSIM_KIND_EVENT), k = 0;
    for (size_t i = 0; i < n && k < 8; i++) {
        const podsim_event *e = podsim_cluster_event(c, (podsim_id)i);
        if (strcmp(e->involved_name, name) != 0) continue;
        diag_event *d = &w->events[k];
        memset(d, 0, sizeof *d);
        d->first = e->first_timestamp;
        d->last = e->last_timestamp;
        d->count = e->count > 0 ? e->count : 1;
        d->type = e->type;
        d->reason = e->reason;
        d->message = e->message;
        d->field_path = "";
        d->container = "";
        d->source = e->source_component;
        d->provenance = PODSIM_PROVENANCE_OBSERVED;
        w->event_ptrs[k] = d;
        k++;
    }
    s->events = w->event_ptrs;
    s->event_count = k;
    release_finding(&w->finding);
    init_finding(&w->finding);
}

static void world_dump(flows_world *w, const char *text, const char *as_of) {
    memset(w, 0, sizeof *w);
    arena_init(&w->mem, 0);
    init_finding(&w->finding);
    w->cluster = load(text);
    w->src.cluster = w->cluster;
    w->src.as_of = wall(as_of);
    w->src.kubectl_minor = 34;
    w->src.kubernetes_version = "1.34";
}

static void world_release(flows_world *w) {
    release_finding(&w->finding);
    arena_release(&w->mem);
    podsim_sim_free(w->sim);
    podsim_cluster_free(w->cluster);
}

static const podsim_way_out *way(const diag_finding *f, const char *action) {
    for (size_t i = 0; i < f->ways_out.len; i++) {
        const podsim_way_out *w = vec_at(&f->ways_out, i);
        if (strcmp(w->action, action) == 0) return w;
    }
    return NULL;
}

static const podsim_evidence *evidence(const diag_finding *f,
                                       const char *path) {
    for (size_t i = 0; i < f->evidence.len; i++) {
        const podsim_evidence *e = vec_at(&f->evidence, i);
        if (strcmp(e->path, path) == 0) return e;
    }
    return NULL;
}

static void print_ways(const char *title, const diag_finding *f) {
    if (!getenv("PODSIM_TEST_VERBOSE")) return;
    printf("== %s\n", title);
    for (size_t i = 0; i < f->evidence.len; i++) {
        const podsim_evidence *e = vec_at(&f->evidence, i);
        printf("  evidence %s = %s | %s\n", e->path, e->value, e->quote);
    }
    for (size_t i = 0; i < f->ways_out.len; i++) {
        const podsim_way_out *w = vec_at(&f->ways_out, i);
        printf("  %s: %s -> %s [after %lld ms%s]%s%s\n", w->action, w->command,
               w->consequence, (long long)w->after_ms,
               w->computed ? ", computed" : "", w->warning[0] ? " !! " : "",
               w->warning);
    }
}

#define assert_between(v, lo, hi)                                        \
    do {                                                                 \
        int64_t v_ = (v);                                                \
        if (v_ < (lo) || v_ > (hi)) {                                    \
            fail_msg("%s = %lld not in [%lld, %lld]", #v, (long long)v_, \
                     (long long)(lo), (long long)(hi));                  \
        }                                                                \
    } while (0)

static void run_lost(flows_world *w, const char *pod, unsigned flags) {
    subject_for(w, pod);
    podsim_status st =
        diag_flows_node_lost(&w->mem, flags, &w->subject, &w->finding);
    assert_int_equal(st, PODSIM_OK);
    print_ways(pod, &w->finding);
}

/* ------------------------------------------------------------------ */
/* Node lost, from a dump                                              */
/* ------------------------------------------------------------------ */

/* A Deployment pod: evicted at the toleration deadline and replaced at
   once; deleting the Node frees it after pod GC's quarantine; force
   delete and the out-of-service taint within seconds. */
static void flows_lost_deployment_pod(void **state) {
    (void)state;
    char *text = dump_text(DUMP_LOST);
    flows_world w;
    world_dump(&w, text, AS_OF_TEXT);
    run_lost(&w, "web-7d4b9c-aaaaa", 0);
    const diag_finding *f = &w.finding;

    /* evidence: the condition, the silence, the taints, the event, the
       eviction deadline */
    const podsim_evidence *e = evidence(f, "node.ready");
    assert_non_null(e);
    assert_string_equal(e->value, "Unknown");
    assert_non_null(strstr(e->quote, "Kubelet stopped posting node status."));
    e = evidence(f, "node.silent_seconds");
    assert_non_null(e);
    assert_string_equal(e->value, "120");
    e = evidence(f, "node.taints");
    assert_non_null(e);
    assert_string_equal(e->value,
                        "node.kubernetes.io/unreachable:NoSchedule,"
                        "node.kubernetes.io/unreachable:NoExecute");
    e = evidence(f, "event:NodeNotReady");
    assert_non_null(e);
    assert_non_null(strstr(e->quote, "Node is not ready"));
    e = evidence(f, "node.eviction_in_seconds");
    assert_non_null(e);
    assert_string_equal(e->value, "235");

    /* wait: marked at 235 s, replaced at once, Ready 1.2 s later */
    const podsim_way_out *wt = way(f, "wait-for-node");
    assert_non_null(wt);
    assert_true(wt->computed);
    assert_between(wt->after_ms, EVICT_MS, EVICT_MS + 5000);
    assert_non_null(strstr(wt->consequence, "in 3m 55s"));
    assert_non_null(strstr(wt->consequence, "tolerationSeconds 300"));
    assert_non_null(strstr(wt->consequence, "ReplicaSet web-7d4b9c creates"));
    assert_string_equal(wt->warning, "");

    /* delete-node: pod GC window 40-60 s (+ start) */
    const podsim_way_out *dn = way(f, "delete-node");
    assert_non_null(dn);
    assert_true(dn->computed);
    assert_string_equal(dn->command, "kubectl delete node node-2");
    assert_between(dn->after_ms, 40000, 60000 + 5000);

    /* force delete: replaced at once */
    const podsim_way_out *fd = way(f, "force-delete");
    assert_non_null(fd);
    assert_true(fd->computed);
    assert_string_equal(fd->command,
                        "kubectl delete pod web-7d4b9c-aaaaa -n default "
                        "--grace-period=0 --force");
    assert_between(fd->after_ms, 0, 5000);
    assert_non_null(strstr(fd->warning, "Immediate deletion does not wait"));

    /* out-of-service: pod GC's next pass, then start */
    const podsim_way_out *os = way(f, "out-of-service-taint");
    assert_non_null(os);
    assert_true(os->computed);
    assert_string_equal(os->command,
                        "kubectl taint nodes node-2 "
                        "node.kubernetes.io/out-of-service=nodeshutdown:"
                        "NoExecute");
    assert_between(os->after_ms, 0, 20000 + 5000);
    world_release(&w);
    free(text);
}

/* A StatefulSet pod with a ReadWriteOnce claim: no replacement while it
   waits; force delete recreates it at once but the volume waits for the
   6 min forced detach; the out-of-service taint detaches at once. */
static void flows_lost_statefulset_pod(void **state) {
    (void)state;
    char *text = dump_text(DUMP_LOST);
    flows_world w;
    world_dump(&w, text, AS_OF_TEXT);
    run_lost(&w, "db-0", 0);
    const diag_finding *f = &w.finding;

    const podsim_way_out *wt = way(f, "wait-for-node");
    assert_non_null(wt);
    assert_true(wt->computed);
    assert_int_equal(wt->after_ms, -1);
    assert_non_null(strstr(wt->consequence, "in 3m 55s"));
    assert_non_null(strstr(wt->consequence, "stays Terminating"));
    assert_non_null(strstr(wt->consequence, "creates no replacement"));

    const int64_t detach = 6 * 60 * 1000;
    const podsim_way_out *fd = way(f, "force-delete");
    assert_non_null(fd);
    assert_true(fd->computed);
    assert_between(fd->after_ms, detach, detach + 10000);
    assert_non_null(strstr(fd->warning, "split brain"));
    assert_non_null(strstr(fd->warning, "force-delete-stateful-set-pod"));
    assert_non_null(strstr(fd->consequence, "ReadWriteOnce"));
    assert_non_null(strstr(fd->consequence, "StatefulSet db recreates db-0"));

    const podsim_way_out *dn = way(f, "delete-node");
    assert_non_null(dn);
    assert_true(dn->computed);
    /* pod GC (40-60 s), then the detach 6 min after the pod is gone */
    assert_between(dn->after_ms, 40000 + detach, 60000 + detach + 10000);
    assert_non_null(strstr(dn->warning, "split brain"));

    const podsim_way_out *os = way(f, "out-of-service-taint");
    assert_non_null(os);
    assert_true(os->computed);
    assert_between(os->after_ms, 0, 20000 + 10000);
    assert_non_null(strstr(os->consequence, "detached from node-2 at once"));
    world_release(&w);
    free(text);
}

/* A DaemonSet pod: never evicted, by design. */
static void flows_lost_daemonset_pod(void **state) {
    (void)state;
    char *text = dump_text(DUMP_LOST);
    flows_world w;
    world_dump(&w, text, AS_OF_TEXT);
    run_lost(&w, "agent-n2", 0);
    const podsim_way_out *wt = way(&w.finding, "wait-for-node");
    assert_non_null(wt);
    assert_true(wt->computed);
    assert_int_equal(wt->after_ms, -1);
    assert_non_null(strstr(wt->consequence, "never evicted, by design"));
    const podsim_evidence *e = evidence(&w.finding, "node.eviction_in_seconds");
    assert_non_null(e);
    assert_string_equal(e->value, "never");
    world_release(&w);
    free(text);
}

/* PODSIM_DIAGNOSE_NO_WHATIF: the same ways out, nothing run. */
static void flows_lost_no_whatif(void **state) {
    (void)state;
    char *text = dump_text(DUMP_LOST);
    flows_world w;
    world_dump(&w, text, AS_OF_TEXT);
    run_lost(&w, "db-0", PODSIM_DIAGNOSE_NO_WHATIF);
    static const char *const actions[] = {
        "wait-for-node", "delete-node", "force-delete", "out-of-service-taint"};
    assert_int_equal(w.finding.ways_out.len, 4);
    for (size_t i = 0; i < 4; i++) {
        const podsim_way_out *o = way(&w.finding, actions[i]);
        assert_non_null(o);
        assert_false(o->computed);
        assert_int_equal(o->after_ms, -1);
    }
    /* the eviction deadline is still known from the taint */
    assert_non_null(
        strstr(way(&w.finding, "wait-for-node")->consequence, "in 3m 55s"));
    assert_non_null(
        strstr(way(&w.finding, "force-delete")->warning, "split brain"));
    world_release(&w);
    free(text);
}

/* Every node Unknown: the control plane or the network is suspect. */
static void flows_lost_all_unknown(void **state) {
    (void)state;
    static const char text[] =
        "apiVersion: v1\nkind: List\nitems:\n"
        NODE("node-1", "Unknown", "NodeStatusUnknown", "2026-03-01T09:58:00Z",
             UNREACHABLE_TAINTS)
        NODE("node-2", "Unknown", "NodeStatusUnknown", "2026-03-01T09:58:00Z",
             UNREACHABLE_TAINTS)
        "- apiVersion: v1\n  kind: Pod\n"
        "  metadata: {name: solo, namespace: default, creationTimestamp: "
        "'2026-03-01T08:00:00Z'}\n"
        "  spec:\n    nodeName: node-2\n"
        "    containers: [{name: app, image: 'busybox:1.36'}]\n"
        "  status: {phase: Running}\n";
    flows_world w;
    world_dump(&w, text, AS_OF_TEXT);
    run_lost(&w, "solo", PODSIM_DIAGNOSE_NO_WHATIF);
    bool found = false;
    for (size_t i = 0; i < w.finding.next.len; i++) {
        const podsim_next_step *n = vec_at(&w.finding.next, i);
        if (strcmp(n->command, "kubectl cluster-info") == 0) found = true;
    }
    assert_true(found);
    assert_int_equal(w.finding.root_causes.len, 1);
    const char *cause = *(const char **)vec_at(&w.finding.root_causes, 0);
    assert_non_null(strstr(cause, "control plane"));
    /* a bare pod is never replaced */
    assert_non_null(strstr(way(&w.finding, "force-delete")->consequence,
                           "bare pod is never replaced"));
    world_release(&w);
}

/* A NotReady node (the kubelet alive): the taint eviction deadline is the
   same, but the kubelet then stops the pod within its grace period, so
   the StatefulSet gets its name back and the volume detaches at once. */
static void flows_lost_not_ready_node(void **state) {
    (void)state;
    char *text = dump_text(DUMP_NOT_READY);
    flows_world w;
    world_dump(&w, text, AS_OF_TEXT);
    run_lost(&w, "db-0", 0);
    const podsim_way_out *wt = way(&w.finding, "wait-for-node");
    assert_non_null(wt);
    assert_true(wt->computed);
    /* evicted at 235 s, stopped within the 30 s grace period, recreated,
       attach + mount + start */
    assert_between(wt->after_ms, EVICT_MS, EVICT_MS + 30000 + 10000);
    assert_non_null(strstr(wt->consequence, "StatefulSet db recreates db-0"));
    assert_null(strstr(wt->consequence, "stays Terminating"));
    assert_null(evidence(&w.finding, "node.silent_seconds"));
    assert_string_equal(evidence(&w.finding, "node.ready")->value, "False");
    world_release(&w);
    free(text);
}

/* ------------------------------------------------------------------ */
/* Node lost, inside a simulation                                      */
/* ------------------------------------------------------------------ */

/* node-2 fails at 10 s (unreachable); at 80 s the NoExecute taint is
   there (Unknown at fail + 50 + 5 s, taint one pass later, lifecycle.md
   F) and the Deployment pod's eviction is 300 s after it. */
static void flows_lost_in_simulation(void **state) {
    (void)state;
    /* every node healthy: the failure is the simulation's */
    char *text = dump_text(DUMP_HEALTHY);
    flows_world w;
    world_dump(&w, text, AS_OF_TEXT);
    podsim_sim_options o = PODSIM_SIM_OPTIONS_INIT;
    assert_int_equal(podsim_sim_new(w.cluster, &o, &w.sim), PODSIM_OK);
    assert_int_equal(podsim_sim_run_until(w.sim, 10000), PODSIM_OK);
    assert_int_equal(
        podsim_sim_fail_node(w.sim, "node-2", 10000, PODSIM_NODE_UNREACHABLE),
        PODSIM_OK);
    assert_int_equal(podsim_sim_run_until(w.sim, 80000), PODSIM_OK);
    w.src.cluster = podsim_sim_cluster(w.sim);
    w.src.sim = w.sim;
    w.src.from_sim = true;
    w.src.epoch_ms = podsim_sim_epoch_ms(w.sim);
    w.src.as_of = w.src.epoch_ms + podsim_sim_now(w.sim);
    run_lost(&w, "web-7d4b9c-aaaaa", 0);
    const diag_finding *f = &w.finding;
    /* silent since the failure (a renewal right before it) */
    const podsim_evidence *e = evidence(f, "node.silent_seconds");
    assert_non_null(e);
    assert_string_equal(e->value, "70");
    const podsim_way_out *wt = way(f, "wait-for-node");
    assert_non_null(wt);
    assert_true(wt->computed);
    /* NoExecute at 10 + 55 + 5 = 70 s (+0.1 s queue), eviction 300 s
       later: 290 s after now (80 s) */
    assert_between(wt->after_ms, 290000, 290000 + 5000);
    const podsim_way_out *fd = way(f, "force-delete");
    assert_non_null(fd);
    assert_between(fd->after_ms, 0, 5000);
    /* the caller's simulation did not move */
    assert_int_equal(podsim_sim_now(w.sim), 80000);
    podsim_id id;
    assert_int_equal(
        podsim_sim_find_pod(w.sim, "default", "web-7d4b9c-aaaaa", &id),
        PODSIM_OK);
    w.src.cluster = NULL;
    world_release(&w);
    free(text);
}

/* Work the caller scheduled for later is part of every branch: with a
   force delete of the pod due 7 min from now, waiting shows the
   Terminating pod removed then (the branch runs on instead of stopping
   where the simulation alone could do nothing more to it). */
static void flows_lost_in_simulation_user_work_pending(void **state) {
    (void)state;
    char *text = dump_text(DUMP_HEALTHY);
    flows_world w;
    world_dump(&w, text, AS_OF_TEXT);
    podsim_sim_options o = PODSIM_SIM_OPTIONS_INIT;
    assert_int_equal(podsim_sim_new(w.cluster, &o, &w.sim), PODSIM_OK);
    assert_int_equal(podsim_sim_run_until(w.sim, 10000), PODSIM_OK);
    assert_int_equal(
        podsim_sim_fail_node(w.sim, "node-2", 10000, PODSIM_NODE_UNREACHABLE),
        PODSIM_OK);
    assert_int_equal(podsim_sim_delete_pod(w.sim, "default", "web-7d4b9c-aaaaa",
                                           500000, 0, true),
                     PODSIM_OK);
    assert_int_equal(podsim_sim_run_until(w.sim, 80000), PODSIM_OK);
    w.src.cluster = podsim_sim_cluster(w.sim);
    w.src.sim = w.sim;
    w.src.from_sim = true;
    w.src.epoch_ms = podsim_sim_epoch_ms(w.sim);
    w.src.as_of = w.src.epoch_ms + podsim_sim_now(w.sim);
    run_lost(&w, "web-7d4b9c-aaaaa", 0);
    const podsim_way_out *wt = way(&w.finding, "wait-for-node");
    assert_non_null(wt);
    assert_true(wt->computed);
    /* evicted and replaced as in flows_lost_in_simulation */
    assert_between(wt->after_ms, 290000, 290000 + 5000);
    assert_non_null(strstr(wt->consequence, "; removed in 7m;"));
    assert_null(strstr(wt->consequence, "stays Terminating"));
    assert_int_equal(podsim_sim_now(w.sim), 80000);
    w.src.cluster = NULL;
    world_release(&w);
    free(text);
}

/* A pending pod no node could hold (more cpu than any node has) takes no
   part in the branches; the ways out of the lost pod are the same as
   without it, and the caller's pod is untouched. */
static void flows_lost_with_inert_pending_pod(void **state) {
    (void)state;
    char *base = dump_text(DUMP_LOST);
    size_t cap = strlen(base) + 1024;
    char *text = calloc(1, cap);
    assert_non_null(text);
    append(text, cap, "%s", base);
    append(text, cap,
           "- apiVersion: v1\n  kind: Pod\n  metadata: {name: huge, "
           "namespace: default, creationTimestamp: "
           "'2026-03-01T09:00:00Z'}\n"
           "  spec:\n    containers: [{name: app, image: 'busybox:1.36', "
           "resources: {requests: {cpu: '64'}}}]\n"
           "  status: {phase: Pending}\n");
    flows_world plain, w;
    world_dump(&plain, base, AS_OF_TEXT);
    run_lost(&plain, "web-7d4b9c-aaaaa", 0);
    world_dump(&w, text, AS_OF_TEXT);
    run_lost(&w, "web-7d4b9c-aaaaa", 0);
    assert_int_equal(w.finding.ways_out.len, plain.finding.ways_out.len);
    for (size_t i = 0; i < w.finding.ways_out.len; i++) {
        const podsim_way_out *a = vec_at(&w.finding.ways_out, i);
        const podsim_way_out *b = vec_at(&plain.finding.ways_out, i);
        assert_string_equal(a->action, b->action);
        assert_string_equal(a->consequence, b->consequence);
        assert_int_equal(a->after_ms, b->after_ms);
    }
    podsim_id id;
    assert_int_equal(
        podsim_cluster_find(w.cluster, PODSIM_KIND_POD, "default", "huge", &id),
        PODSIM_OK);
    assert_int_equal(
        podsim_cluster_pod(w.cluster, id)->spec.scheduling_gates.count, 0);
    world_release(&plain);
    world_release(&w);
    free(text);
    free(base);
}

/* ------------------------------------------------------------------ */
/* Unschedulable                                                       */
/* ------------------------------------------------------------------ */

#define SNODE(name, cpu, labels, taints)                                 \
    "- apiVersion: v1\n  kind: Node\n  metadata:\n    name: " name       \
    "\n"                                                                 \
    "    labels: {kubernetes.io/hostname: " name labels                  \
    "}\n"                                                                \
    "  spec: {" taints                                                   \
    "}\n"                                                                \
    "  status:\n    allocatable: {cpu: '" cpu                            \
    "', memory: 8Gi, pods: '110'}\n"                                     \
    "    capacity: {cpu: '" cpu                                          \
    "', memory: 8Gi, pods: '110'}\n"                                     \
    "    conditions: [{type: Ready, status: 'True', lastHeartbeatTime: " \
    "'2026-03-01T09:59:00Z'}]\n"

#define BUSY(name, node, cpu, prio)                                      \
    "- apiVersion: v1\n  kind: Pod\n  metadata: {name: " name            \
    ", namespace: default, creationTimestamp: '2026-03-01T08:00:00Z'}\n" \
    "  spec:\n    nodeName: " node "\n    priority: " prio               \
    "\n"                                                                 \
    "    containers: [{name: app, image: 'busybox:1.36', resources: "    \
    "{requests: {cpu: '" cpu                                             \
    "'}}}]\n"                                                            \
    "  status: {phase: Running}\n"

#define PENDING(name, cpu, extra)                                         \
    "- apiVersion: v1\n  kind: Pod\n  metadata: {name: " name             \
    ", namespace: default, creationTimestamp: '2026-03-01T09:00:00Z'}\n"  \
    "  spec:\n" extra                                                     \
    "    containers: [{name: app, image: 'busybox:1.36', resources: "     \
    "{requests: {cpu: '" cpu                                              \
    "'}}}]\n"                                                             \
    "  status:\n    phase: Pending\n    conditions:\n"                    \
    "    - {type: PodScheduled, status: 'False', reason: Unschedulable, " \
    "message: '0/2 nodes are available: 2 Insufficient cpu. preemption: " \
    "0/2 nodes are available: 2 No preemption victims found for "         \
    "incoming pod.', lastTransitionTime: '2026-03-01T09:00:01Z'}\n"

static void run_unsched(flows_world *w, const char *pod) {
    subject_for(w, pod);
    podsim_status st =
        diag_flows_unschedulable(&w->mem, 0, &w->subject, &w->finding);
    assert_int_equal(st, PODSIM_OK);
    print_ways(pod, &w->finding);
}

/* Too big for any node: the largest cpu request that fits is exactly the
   most any node has free (worker-2: 4 - 2.8 = 1.2 cores); one more node
   of an existing shape holds it. */
static void flows_unschedulable_too_big(void **state) {
    (void)state;
    static const char text[] = "apiVersion: v1\nkind: List\nitems:\n" SNODE(
        "worker-1", "4", "", "") SNODE("worker-2", "4", "", "")
        BUSY("busy-1", "worker-1", "3500m", "0")
            BUSY("busy-2", "worker-2", "2800m", "0") PENDING("big", "2", "");
    flows_world w;
    world_dump(&w, text, AS_OF_TEXT);
    run_unsched(&w, "big");
    const diag_finding *f = &w.finding;
    const podsim_way_out *lr = way(f, "lower-request");
    assert_non_null(lr);
    assert_true(lr->computed);
    assert_string_equal(lr->command,
                        "set requests.cpu <= 1200m (fits worker-2)");
    const podsim_way_out *an = way(f, "add-node");
    assert_non_null(an);
    assert_true(an->computed);
    assert_non_null(strstr(an->command, "shaped like worker-1"));
    /* per-node explanation, and the message matches the observed one */
    const podsim_evidence *e = evidence(f, "scheduling.node.worker-1");
    assert_non_null(e);
    assert_string_equal(e->quote,
                        "worker-1: NodeResourcesFit: Insufficient cpu");
    assert_null(evidence(f, "scheduling.podsim_message"));
    /* same priority everywhere: preemption only with a higher priority */
    const podsim_way_out *pr = way(f, "preempt");
    assert_non_null(pr);
    assert_non_null(strstr(pr->command, "PriorityClass with value > 0"));
    /* the caller's cluster is untouched */
    podsim_id id;
    assert_int_equal(
        podsim_cluster_find(w.cluster, PODSIM_KIND_POD, "default", "big", &id),
        PODSIM_OK);
    const podsim_pod *pod = podsim_cluster_pod(w.cluster, id);
    assert_string_equal(pod->spec.node_name, "");
    assert_string_equal(pod->status.nominated_node_name, "");
    assert_int_equal(podsim_cluster_count(w.cluster, PODSIM_KIND_NODE), 2);
    world_release(&w);
}

/* A taint keeps the pod off the only node with room. */
static void flows_unschedulable_taint(void **state) {
    (void)state;
    static const char text[] = "apiVersion: v1\nkind: List\nitems:\n" SNODE(
        "worker-1", "4", "",
        "taints: [{key: dedicated, value: batch, effect: NoSchedule}]")
        SNODE("worker-2", "4", "", "") BUSY("busy-2", "worker-2", "3", "0")
            PENDING("tainted", "2", "");
    flows_world w;
    world_dump(&w, text, AS_OF_TEXT);
    run_unsched(&w, "tainted");
    const podsim_way_out *at = way(&w.finding, "add-toleration");
    assert_non_null(at);
    assert_true(at->computed);
    assert_string_equal(at->command,
                        "add to spec.tolerations: {key: dedicated, operator: "
                        "Equal, value: batch, effect: NoSchedule}");
    assert_non_null(strstr(at->consequence, "places it on worker-1"));
    /* the observed message (2 Insufficient cpu) is not podsim's */
    const podsim_evidence *e =
        evidence(&w.finding, "scheduling.podsim_message");
    assert_non_null(e);
    assert_non_null(strstr(e->value, "untolerated taint {dedicated: batch}"));
    world_release(&w);
}

/* A node selector no node matches: label the node with room. */
static void flows_unschedulable_label(void **state) {
    (void)state;
    static const char text[] = "apiVersion: v1\nkind: List\nitems:\n" SNODE(
        "worker-1", "4", ", disktype: hdd", "") SNODE("worker-2", "4", "", "")
        BUSY("busy-2", "worker-2", "3", "0")
            PENDING("picky", "1", "    nodeSelector: {disktype: ssd}\n");
    flows_world w;
    world_dump(&w, text, AS_OF_TEXT);
    run_unsched(&w, "picky");
    const podsim_way_out *al = way(&w.finding, "add-node-label");
    assert_non_null(al);
    assert_true(al->computed);
    assert_string_equal(al->command,
                        "kubectl label node worker-1 disktype=ssd --overwrite");
    assert_null(way(&w.finding, "lower-request"));
    world_release(&w);
}

/* A higher-priority pod: preemption's victims on the chosen node. */
static void flows_unschedulable_preemption(void **state) {
    (void)state;
    static const char text[] =
        "apiVersion: v1\nkind: List\nitems:\n" SNODE("worker-1", "4", "", "")
            BUSY("low-a", "worker-1", "2", "0")
                BUSY("low-b", "worker-1", "1500m", "0")
                    PENDING("urgent", "3", "    priority: 1000\n");
    flows_world w;
    world_dump(&w, text, AS_OF_TEXT);
    run_unsched(&w, "urgent");
    const podsim_way_out *pr = way(&w.finding, "preempt");
    assert_non_null(pr);
    assert_true(pr->computed);
    assert_non_null(strstr(pr->consequence, "default/low-"));
    assert_non_null(strstr(pr->consequence, "on worker-1"));
    assert_non_null(strstr(pr->command, "spec.nodeName=worker-1"));
    world_release(&w);
}

/* Inside a simulation: the scheduler runs on a copy of the simulation's
   working model, which does not move. */
static void flows_unschedulable_in_simulation(void **state) {
    (void)state;
    static const char text[] =
        "apiVersion: v1\nkind: List\nitems:\n" SNODE("worker-1", "4", "", "")
            SNODE("worker-2", "4", "", "")
                BUSY("busy-1", "worker-1", "3500m", "0")
                    BUSY("busy-2", "worker-2", "2800m", "0");
    static const char pending[] =
        "apiVersion: v1\nkind: Pod\nmetadata: {name: big, namespace: "
        "default}\nspec:\n  containers: [{name: app, image: 'busybox:1.36', "
        "resources: {requests: {cpu: '2'}}}]\n";
    flows_world w;
    world_dump(&w, text, AS_OF_TEXT);
    podsim_sim_options o = PODSIM_SIM_OPTIONS_INIT;
    assert_int_equal(podsim_sim_new(w.cluster, &o, &w.sim), PODSIM_OK);
    assert_int_equal(podsim_sim_apply_string(w.sim, pending, strlen(pending),
                                             "pending", 1000),
                     PODSIM_OK);
    assert_int_equal(podsim_sim_run_until(w.sim, 5000), PODSIM_OK);
    w.src.cluster = podsim_sim_cluster(w.sim);
    w.src.sim = w.sim;
    w.src.from_sim = true;
    w.src.epoch_ms = podsim_sim_epoch_ms(w.sim);
    w.src.as_of = w.src.epoch_ms + podsim_sim_now(w.sim);
    size_t before = podsim_cluster_count(w.src.cluster, PODSIM_KIND_NODE);
    run_unsched(&w, "big");
    const podsim_way_out *lr = way(&w.finding, "lower-request");
    assert_non_null(lr);
    assert_string_equal(lr->command,
                        "set requests.cpu <= 1200m (fits worker-2)");
    assert_non_null(way(&w.finding, "add-node"));
    assert_int_equal(podsim_cluster_count(w.src.cluster, PODSIM_KIND_NODE),
                     before);
    /* the simulation goes on as before: the pod stays pending */
    assert_int_equal(podsim_sim_run_until(w.sim, 60000), PODSIM_OK);
    podsim_id id;
    assert_int_equal(podsim_sim_find_pod(w.sim, "default", "big", &id),
                     PODSIM_OK);
    assert_string_equal(
        podsim_cluster_pod(podsim_sim_cluster(w.sim), id)->spec.node_name, "");
    world_release(&w);
}

/* Too big in cpu and memory: no node lacks only one, so the requests
   are lowered together to what one node has free; no node could hold the
   pod even empty, so there is no add-node and the consequence says why. */
static void flows_unschedulable_two_resources(void **state) {
    (void)state;
    static const char text[] = "apiVersion: v1\nkind: List\nitems:\n" SNODE(
        "worker-1", "4", "", "") SNODE("worker-2", "4", "", "")
        BUSY("busy-1", "worker-1", "3500m", "0")
            BUSY("busy-2", "worker-2", "2800m", "0")
                "- apiVersion: v1\n  kind: Pod\n  metadata: {name: wide, "
                "namespace: default, creationTimestamp: "
                "'2026-03-01T09:00:00Z'}\n"
                "  spec:\n    containers: [{name: app, image: "
                "'busybox:1.36', resources: {requests: {cpu: '6', memory: "
                "12Gi}}}]\n"
                "  status: {phase: Pending}\n";
    flows_world w;
    world_dump(&w, text, AS_OF_TEXT);
    run_unsched(&w, "wide");
    const podsim_way_out *lr = way(&w.finding, "lower-request");
    assert_non_null(lr);
    assert_true(lr->computed);
    assert_string_equal(lr->command,
                        "set requests.cpu <= 1200m, "
                        "requests.memory <= 8Gi (fits worker-2)");
    assert_non_null(strstr(lr->consequence, "(now cpu 6, memory 12Gi"));
    assert_non_null(strstr(lr->consequence,
                           "no Ready node could hold the pod even if it were "
                           "empty: it requests cpu 6, memory 12Gi, the "
                           "largest allocatable of the nodes is cpu 4, "
                           "memory 8Gi"));
    assert_null(way(&w.finding, "add-node"));
    world_release(&w);
}

/* ------------------------------------------------------------------ */
/* Through the engine: the built-in rules run these checks              */
/* ------------------------------------------------------------------ */

static const podsim_finding *finding_with_way(const podsim_diagnosis *d,
                                              const char *action) {
    for (size_t i = 0; i < d->finding_count; i++) {
        const podsim_finding *f = &d->findings[i];
        for (size_t k = 0; k < f->way_out_count; k++) {
            if (strcmp(f->ways_out[k].action, action) == 0) return f;
        }
    }
    return NULL;
}

static const podsim_way_out *finding_way(const podsim_finding *f,
                                         const char *action) {
    for (size_t k = 0; k < f->way_out_count; k++) {
        if (strcmp(f->ways_out[k].action, action) == 0) return &f->ways_out[k];
    }
    return NULL;
}

static void flows_engine_node_lost(void **state) {
    (void)state;
    char *text = dump_text(DUMP_LOST);
    podsim_cluster *c = load(text);
    podsim_diagnose_options o = PODSIM_DIAGNOSE_OPTIONS_INIT;
    o.as_of = wall(AS_OF_TEXT);
    podsim_diagnosis *d = NULL;
    podsim_status st = podsim_cluster_diagnose(c, "default", "db-0", &o, &d);
    if (st) fail_msg("diagnose: %s", podsim_cluster_error(c)->message);
    assert_true(d->primary >= 0);
    const podsim_finding *f = &d->findings[d->primary];
    assert_string_equal(f->category, "node.unreachable");
    const podsim_way_out *fd = finding_way(f, "force-delete");
    assert_non_null(fd);
    assert_true(fd->computed);
    assert_between(fd->after_ms, 6 * 60 * 1000, 6 * 60 * 1000 + 10000);
    assert_non_null(strstr(fd->warning, "split brain"));
    podsim_diagnosis_free(d);

    /* bulk mode: the ways out are there, nothing was run */
    o.flags = PODSIM_DIAGNOSE_NO_WHATIF;
    assert_int_equal(podsim_cluster_diagnose(c, "default", "db-0", &o, &d),
                     PODSIM_OK);
    f = finding_with_way(d, "force-delete");
    assert_non_null(f);
    assert_false(finding_way(f, "force-delete")->computed);
    assert_int_equal(finding_way(f, "force-delete")->after_ms, -1);
    podsim_diagnosis_free(d);
    podsim_cluster_free(c);
    free(text);
}

static void flows_engine_unschedulable(void **state) {
    (void)state;
    static const char text[] = "apiVersion: v1\nkind: List\nitems:\n" SNODE(
        "worker-1", "4", "", "") SNODE("worker-2", "4", "", "")
        BUSY("busy-1", "worker-1", "3500m", "0")
            BUSY("busy-2", "worker-2", "2800m", "0") PENDING("big", "2", "");
    podsim_cluster *c = load(text);
    podsim_diagnose_options o = PODSIM_DIAGNOSE_OPTIONS_INIT;
    o.as_of = wall(AS_OF_TEXT);
    podsim_diagnosis *d = NULL;
    podsim_status st = podsim_cluster_diagnose(c, "default", "big", &o, &d);
    if (st) fail_msg("diagnose: %s", podsim_cluster_error(c)->message);
    const podsim_finding *f = finding_with_way(d, "lower-request");
    assert_non_null(f);
    assert_string_equal(finding_way(f, "lower-request")->command,
                        "set requests.cpu <= 1200m (fits worker-2)");
    podsim_diagnosis_free(d);
    podsim_cluster_free(c);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(flows_lost_deployment_pod),
        cmocka_unit_test(flows_lost_statefulset_pod),
        cmocka_unit_test(flows_lost_daemonset_pod),
        cmocka_unit_test(flows_lost_no_whatif),
        cmocka_unit_test(flows_lost_all_unknown),
        cmocka_unit_test(flows_lost_not_ready_node),
        cmocka_unit_test(flows_lost_in_simulation),
        cmocka_unit_test(flows_lost_in_simulation_user_work_pending),
        cmocka_unit_test(flows_lost_with_inert_pending_pod),
        cmocka_unit_test(flows_unschedulable_too_big),
        cmocka_unit_test(flows_unschedulable_taint),
        cmocka_unit_test(flows_unschedulable_label),
        cmocka_unit_test(flows_unschedulable_preemption),
        cmocka_unit_test(flows_unschedulable_in_simulation),
        cmocka_unit_test(flows_unschedulable_two_resources),
        cmocka_unit_test(flows_engine_node_lost),
        cmocka_unit_test(flows_engine_unschedulable),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
