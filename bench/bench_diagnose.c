/*
 * bench_diagnose - how fast podsim diagnoses a large kubectl dump (issue 6:
 * "a diagnosis of a 150,000-pod dump runs in seconds").
 *
 *   bench_diagnose [--nodes N] [--pods N] [--problem-every N]
 *                  [--unreachable N] [--out FILE] [--show 1]
 *
 * A `kubectl get nodes,pods,events,deployments,replicasets -A -o yaml`
 * dump is written as text in memory: --nodes nodes (64 cpu, 256Gi, 110
 * pods, three zones), of which --unreachable have stopped heartbeating
 * (Ready Unknown / NodeStatusUnknown, the unreachable taints, their pods
 * Ready False with NodeNotReady events); --pods pods of Deployments of 250
 * replicas (ReplicaSet-owned, bound round robin, Running and Ready with a
 * readiness probe). Every --problem-every-th pod is a problem pod, the
 * kinds in turn: CrashLoopBackOff (exit 1, BackOff events),
 * ImagePullBackOff (a tag that does not exist, Failed / BackOff events),
 * Pending with FailedScheduling (too big for any node), OOMKilled in a
 * crash loop. Defaults: 5,000 nodes, 150,000 pods, 1 in 50 a problem,
 * 10 nodes unreachable (300 pods). --out also writes the dump to FILE.
 *
 * Timed: the load (podsim_cluster_load_string), the diagnosis of every pod
 * (podsim_cluster_diagnose_all with PODSIM_DIAGNOSE_NO_WHATIF and
 * PODSIM_DIAGNOSE_NO_KUBECTL), and full diagnoses (kubectl views and the
 * what-ifs run on a copy) of one pod on a lost node, one unschedulable pod
 * and one crash-looping pod. Printed: seconds, MB/s, pods/s, the findings
 * by primary category (expected counts beside them) and peak RSS. No
 * timing assertions; the exit status is 3 when a problem pod is not found
 * or a healthy pod gets a finding. --show 1 also prints the text render of
 * each full diagnosis (its ways out and their computed consequences).
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "bench_common.h"

typedef struct opts {
    int nodes, pods, problem_every, unreachable;
    const char *out;
    int show;
} opts;

enum { HEALTHY = 0, CRASHLOOP, IMAGE_PULL, PENDING, OOM, KIND_COUNT };

static const char *const kind_names[KIND_COUNT] = {
    "healthy", "CrashLoopBackOff", "ImagePullBackOff",
    "Pending (FailedScheduling)", "OOMKilled"};

#define AS_OF "2026-11-28T10:00:00Z"
#define CREATED "2026-11-26T10:00:00Z"
#define STARTED "2026-11-26T10:00:05Z"
#define RECENT "2026-11-28T09:58:10Z"
#define FAILED_AT "2026-11-28T09:59:40Z"
#define LOST_AT "2026-11-28T09:55:00Z"
#define HEARTBEAT "2026-11-28T09:54:20Z"

static const int REPLICAS = 250;

/* the ReplicaSet's pod-template-hash of Deployment d */
static void rs_name(char *out, size_t cap, int d) {
    snprintf(out, cap, "web-%04d-%08x", d, (unsigned)(d * 2654435761u));
}

static int pod_kind(const opts *o, int i) {
    if (o->problem_every <= 0 || i % o->problem_every != 1) return HEALTHY;
    return 1 + (i / o->problem_every) % (KIND_COUNT - 1);
}

static bool node_lost(const opts *o, int n) {
    return n < o->unreachable;
}

static void nodes_yaml(text *t, const opts *o) {
    for (int i = 0; i < o->nodes; i++) {
        bool lost = node_lost(o, i);
        put(t,
            "- apiVersion: v1\n  kind: Node\n  metadata:\n"
            "    creationTimestamp: \"2026-10-01T00:00:00Z\"\n"
            "    labels: {kubernetes.io/hostname: node-%05d, "
            "kubernetes.io/arch: amd64, kubernetes.io/os: linux, "
            "topology.kubernetes.io/zone: zone-%c, "
            "node.kubernetes.io/instance-type: m6i.16xlarge}\n"
            "    name: node-%05d\n    uid: node-uid-%05d\n  spec:\n"
            "    podCIDR: 10.%d.%d.0/24\n"
            "    providerID: aws:///zone-%c/i-%012x\n",
            i, 'a' + i % 3, i, i, 64 + i / 256, i % 256, 'a' + i % 3,
            (unsigned)i * 7919u);
        if (lost) {
            put(t,
                "    taints:\n"
                "    - {effect: NoSchedule, key: "
                "node.kubernetes.io/unreachable, timeAdded: \"" LOST_AT
                "\"}\n"
                "    - {effect: NoExecute, key: "
                "node.kubernetes.io/unreachable, timeAdded: \"" LOST_AT
                "\"}\n");
        }
        put(t,
            "  status:\n    addresses: [{address: 10.%d.%d.10, type: "
            "InternalIP}, {address: node-%05d, type: Hostname}]\n"
            "    allocatable: {cpu: 63770m, ephemeral-storage: 95551679124, "
            "memory: 249Gi, pods: \"110\"}\n"
            "    capacity: {cpu: \"64\", ephemeral-storage: 103668Mi, "
            "memory: 256Gi, pods: \"110\"}\n    conditions:\n",
            64 + i / 256, i % 256, i);
        static const char *const pressure[] = {
            "MemoryPressure", "KubeletHasSufficientMemory",
            "DiskPressure",   "KubeletHasNoDiskPressure",
            "PIDPressure",    "KubeletHasSufficientPID"};
        for (int c = 0; c < 3; c++) {
            if (lost) {
                put(t,
                    "    - {lastHeartbeatTime: \"" HEARTBEAT
                    "\", "
                    "lastTransitionTime: \"" LOST_AT
                    "\", message: Kubelet "
                    "stopped posting node status., reason: "
                    "NodeStatusUnknown, status: Unknown, type: %s}\n",
                    pressure[2 * c]);
            } else {
                put(t,
                    "    - {lastHeartbeatTime: \"" RECENT
                    "\", "
                    "lastTransitionTime: \"2026-10-01T00:00:00Z\", message: "
                    "kubelet is fine, reason: %s, status: \"False\", type: "
                    "%s}\n",
                    pressure[2 * c + 1], pressure[2 * c]);
            }
        }
        if (lost) {
            put(t, "    - {lastHeartbeatTime: \"" HEARTBEAT
                   "\", lastTransitionTime: \"" LOST_AT
                   "\", message: Kubelet stopped posting node status., "
                   "reason: NodeStatusUnknown, status: Unknown, type: "
                   "Ready}\n");
        } else {
            put(t, "    - {lastHeartbeatTime: \"" RECENT
                   "\", lastTransitionTime: \"2026-10-01T00:01:00Z\", "
                   "message: kubelet is posting ready status, reason: "
                   "KubeletReady, status: \"True\", type: Ready}\n");
        }
        put(t,
            "    images: [{names: ['registry.k8s.io/pause:3.10'], "
            "sizeBytes: 320000}, {names: ['example.com/shop/web:1.8.2'], "
            "sizeBytes: 84000000}]\n"
            "    nodeInfo: {architecture: amd64, containerRuntimeVersion: "
            "containerd://1.7.22, kernelVersion: 6.1.0-26-cloud-amd64, "
            "kubeProxyVersion: v1.34.1, kubeletVersion: v1.34.1, "
            "operatingSystem: linux, osImage: Debian GNU/Linux 12 "
            "(bookworm)}\n");
    }
}

static void pod_yaml(text *t, const opts *o, int i, int kind) {
    int d = i / REPLICAS;
    char rs[64];
    rs_name(rs, sizeof rs, d);
    int node = i % o->nodes;
    bool lost = kind != PENDING && node_lost(o, node);
    const char *image = kind == IMAGE_PULL ? "example.com/shop/web:1.8.3-typo"
                                           : "example.com/shop/web:1.8.2";
    put(t,
        "- apiVersion: v1\n  kind: Pod\n  metadata:\n"
        "    creationTimestamp: \"" CREATED
        "\"\n"
        "    generateName: %s-\n"
        "    labels: {app: web-%04d, pod-template-hash: %08x}\n"
        "    name: %s-%06d\n    namespace: shop-%02d\n"
        "    ownerReferences: [{apiVersion: apps/v1, blockOwnerDeletion: "
        "true, controller: true, kind: ReplicaSet, name: %s, uid: "
        "rs-uid-%04d}]\n    uid: pod-uid-%07d\n  spec:\n    containers:\n"
        "    - image: %s\n      imagePullPolicy: IfNotPresent\n"
        "      name: web\n      ports: [{containerPort: 8080, name: http, "
        "protocol: TCP}]\n"
        "      readinessProbe: {failureThreshold: 3, httpGet: {path: /ready, "
        "port: 8080, scheme: HTTP}, periodSeconds: 10, successThreshold: 1, "
        "timeoutSeconds: 1}\n",
        rs, d, (unsigned)(d * 2654435761u), rs, i, d % 20, rs, d, i, image);
    if (kind == PENDING) {
        put(t,
            "      resources: {limits: {memory: 512Gi}, requests: {cpu: "
            "\"96\", memory: 512Gi}}\n");
    } else if (kind == OOM) {
        put(t,
            "      resources: {limits: {memory: 128Mi}, requests: {cpu: "
            "100m, memory: 128Mi}}\n");
    } else {
        put(t,
            "      resources: {limits: {memory: 256Mi}, requests: {cpu: "
            "100m, memory: 256Mi}}\n");
    }
    put(t,
        "      terminationMessagePath: /dev/termination-log\n"
        "      terminationMessagePolicy: File\n");
    if (kind != PENDING) put(t, "    nodeName: node-%05d\n", node);
    put(t,
        "    preemptionPolicy: PreemptLowerPriority\n    priority: 0\n"
        "    restartPolicy: Always\n    schedulerName: "
        "default-scheduler\n"
        "    serviceAccountName: default\n"
        "    terminationGracePeriodSeconds: 30\n    tolerations:\n"
        "    - {effect: NoExecute, key: node.kubernetes.io/not-ready, "
        "operator: Exists, tolerationSeconds: 300}\n"
        "    - {effect: NoExecute, key: node.kubernetes.io/unreachable, "
        "operator: Exists, tolerationSeconds: 300}\n  status:\n");
    if (kind == PENDING) {
        put(t,
            "    conditions:\n    - lastProbeTime: null\n"
            "      lastTransitionTime: \"" CREATED
            "\"\n"
            "      message: '0/%d nodes are available: %d Insufficient cpu, "
            "%d Insufficient memory%s%.0d%s. preemption: 0/%d nodes are "
            "available: %d Preemption is not helpful for scheduling.'\n"
            "      reason: Unschedulable\n      status: \"False\"\n"
            "      type: PodScheduled\n    phase: Pending\n"
            "    qosClass: Burstable\n",
            o->nodes, o->nodes - o->unreachable, o->nodes - o->unreachable,
            o->unreachable ? ", " : "", o->unreachable,
            o->unreachable ? " node(s) had untolerated taint "
                             "{node.kubernetes.io/unreachable: }"
                           : "",
            o->nodes, o->nodes - o->unreachable);
        return;
    }
    bool ready = kind == HEALTHY && !lost;
    const char *rd = ready ? "\"True\"" : "\"False\"";
    const char *why = lost ? "      reason: NodeNotReady\n"
                      : ready
                          ? ""
                          : "      message: 'containers with unready status: "
                            "[web]'\n      reason: ContainersNotReady\n";
    put(t,
        "    conditions:\n"
        "    - {lastProbeTime: null, lastTransitionTime: \"" STARTED
        "\", "
        "status: \"True\", type: PodReadyToStartContainers}\n"
        "    - {lastProbeTime: null, lastTransitionTime: \"" CREATED
        "\", "
        "status: \"True\", type: Initialized}\n"
        "    - lastProbeTime: null\n      lastTransitionTime: \"%s\"\n%s"
        "      status: %s\n      type: Ready\n"
        "    - lastProbeTime: null\n      lastTransitionTime: \"%s\"\n%s"
        "      status: %s\n      type: ContainersReady\n"
        "    - {lastProbeTime: null, lastTransitionTime: \"" CREATED
        "\", "
        "status: \"True\", type: PodScheduled}\n"
        "    containerStatuses:\n"
        "    - containerID: containerd://%064x\n      image: %s\n"
        "      imageID: \"\"\n",
        lost    ? LOST_AT
        : ready ? STARTED
                : RECENT,
        why, rd,
        lost    ? LOST_AT
        : ready ? STARTED
                : RECENT,
        lost ? "" : why, lost ? "\"True\"" : rd, (unsigned)i, image);
    switch (kind) {
    case CRASHLOOP:
    case OOM:
        put(t,
            "      lastState:\n        terminated:\n          containerID: "
            "containerd://%064x\n          exitCode: %d\n          finishedAt: "
            "\"" FAILED_AT
            "\"\n          reason: %s\n          startedAt: "
            "\"2026-11-28T09:59:30Z\"\n      name: web\n      ready: false\n"
            "      restartCount: 23\n      started: false\n      state:\n"
            "        waiting:\n          message: back-off 5m0s restarting "
            "failed container=web pod=%s-%06d_shop-%02d(pod-uid-%07d)\n"
            "          reason: CrashLoopBackOff\n",
            (unsigned)i + 1, kind == OOM ? 137 : 1,
            kind == OOM ? "OOMKilled" : "Error", rs, i, d % 20, i);
        break;
    case IMAGE_PULL:
        put(t,
            "      lastState: {}\n      name: web\n      ready: false\n"
            "      restartCount: 0\n      started: false\n      state:\n"
            "        waiting:\n          message: Back-off pulling image "
            "\"%s\"\n          reason: ImagePullBackOff\n",
            image);
        break;
    default:
        put(t,
            "      lastState: {}\n      name: web\n      ready: %s\n"
            "      restartCount: 0\n      started: true\n      state:\n"
            "        running: {startedAt: \"" STARTED "\"}\n",
            "true");
        break;
    }
    put(t,
        "    hostIP: 10.%d.%d.10\n    phase: Running\n    podIP: 10.%d.%d.%d\n"
        "    qosClass: Burstable\n    startTime: \"" CREATED "\"\n",
        64 + node / 256, node % 256, 128 + node / 256, node % 256,
        2 + i / o->nodes);
}

static void event_yaml(text *t, const char *ns, const char *pod, int uid,
                       const char *reason, const char *type, int count,
                       const char *first, const char *last, const char *source,
                       const char *host, const char *msg, int seq) {
    put(t,
        "- apiVersion: v1\n  count: %d\n  eventTime: null\n"
        "  firstTimestamp: \"%s\"\n  involvedObject:\n    apiVersion: v1\n"
        "%s    kind: Pod\n    name: %s\n    namespace: %s\n"
        "    uid: pod-uid-%07d\n  kind: Event\n  lastTimestamp: \"%s\"\n"
        "  message: '%s'\n  metadata:\n    creationTimestamp: \"%s\"\n"
        "    name: %s.%016x\n    namespace: %s\n  reason: %s\n"
        "  reportingComponent: %s\n  reportingInstance: \"%s\"\n"
        "  source: {component: %s%s%s}\n  type: %s\n",
        count, first, host[0] ? "    fieldPath: spec.containers{web}\n" : "",
        pod, ns, uid, last, msg, first, pod, (unsigned)seq, ns, reason, source,
        host, source, host[0] ? ", host: " : "", host, type);
}

static void events_yaml(text *t, const opts *o, int i, int kind, int *seq) {
    int d = i / REPLICAS;
    char rs[64], pod[96], ns[16], node[16], msg[512];
    rs_name(rs, sizeof rs, d);
    snprintf(pod, sizeof pod, "%s-%06d", rs, i);
    snprintf(ns, sizeof ns, "shop-%02d", d % 20);
    snprintf(node, sizeof node, "node-%05d", i % o->nodes);
    if (kind != PENDING && node_lost(o, i % o->nodes)) {
        put(t,
            "- apiVersion: v1\n  count: 1\n  eventTime: null\n"
            "  firstTimestamp: \"" LOST_AT
            "\"\n  involvedObject:\n"
            "    apiVersion: v1\n    kind: Pod\n    name: %s\n"
            "    namespace: %s\n    uid: pod-uid-%07d\n  kind: Event\n"
            "  lastTimestamp: \"" LOST_AT
            "\"\n  message: Node is not ready\n"
            "  metadata: {creationTimestamp: \"" LOST_AT
            "\", name: "
            "%s.%016x, namespace: %s}\n  reason: NodeNotReady\n"
            "  reportingComponent: node-controller\n  reportingInstance: "
            "\"\"\n  source: {component: node-controller}\n  type: Warning\n",
            pod, ns, i, pod, (unsigned)(*seq)++, ns);
    }
    switch (kind) {
    case CRASHLOOP:
    case OOM:
        snprintf(msg, sizeof msg,
                 "Back-off restarting failed container web in pod "
                 "%s_%s(pod-uid-%07d)",
                 pod, ns, i);
        event_yaml(t, ns, pod, i, "BackOff", "Warning", 412, STARTED, AS_OF,
                   "kubelet", node, msg, (*seq)++);
        event_yaml(t, ns, pod, i, "Pulled", "Normal", 23, STARTED, FAILED_AT,
                   "kubelet", node,
                   "Container image \"example.com/shop/web:1.8.2\" already "
                   "present on machine",
                   (*seq)++);
        break;
    case IMAGE_PULL:
        snprintf(msg, sizeof msg,
                 "Failed to pull image \"example.com/shop/web:1.8.3-typo\": "
                 "rpc error: code = NotFound desc = failed to pull and "
                 "unpack image \"example.com/shop/web:1.8.3-typo\": failed "
                 "to resolve reference \"example.com/shop/web:1.8.3-typo\": "
                 "example.com/shop/web:1.8.3-typo: not found");
        event_yaml(t, ns, pod, i, "Failed", "Warning", 40, STARTED, AS_OF,
                   "kubelet", node, msg, (*seq)++);
        event_yaml(t, ns, pod, i, "Failed", "Warning", 40, STARTED, AS_OF,
                   "kubelet", node, "Error: ErrImagePull", (*seq)++);
        event_yaml(t, ns, pod, i, "BackOff", "Normal", 900, STARTED, AS_OF,
                   "kubelet", node,
                   "Back-off pulling image "
                   "\"example.com/shop/web:1.8.3-typo\"",
                   (*seq)++);
        break;
    case PENDING:
        snprintf(msg, sizeof msg,
                 "0/%d nodes are available: %d Insufficient cpu, %d "
                 "Insufficient memory%s%.0d%s. preemption: 0/%d nodes are "
                 "available: %d Preemption is not helpful for scheduling.",
                 o->nodes, o->nodes - o->unreachable, o->nodes - o->unreachable,
                 o->unreachable ? ", " : "", o->unreachable,
                 o->unreachable ? " node(s) had untolerated taint "
                                  "{node.kubernetes.io/unreachable: }"
                                : "",
                 o->nodes, o->nodes - o->unreachable);
        event_yaml(t, ns, pod, i, "FailedScheduling", "Warning", 96, CREATED,
                   RECENT, "default-scheduler", "", msg, (*seq)++);
        break;
    default: break;
    }
}

static void workloads_yaml(text *t, const opts *o) {
    int deployments = (o->pods + REPLICAS - 1) / REPLICAS;
    for (int d = 0; d < deployments; d++) {
        char rs[64];
        rs_name(rs, sizeof rs, d);
        const char *tmpl =
            "    template:\n      metadata: {labels: {app: web-%04d}}\n"
            "      spec:\n        containers:\n        - image: "
            "example.com/shop/web:1.8.2\n          name: web\n"
            "          resources: {limits: {memory: 256Mi}, requests: "
            "{cpu: 100m, memory: 256Mi}}\n";
        put(t,
            "- apiVersion: apps/v1\n  kind: Deployment\n  metadata:\n"
            "    creationTimestamp: \"" CREATED
            "\"\n    name: web-%04d\n"
            "    namespace: shop-%02d\n    uid: deploy-uid-%04d\n  spec:\n"
            "    replicas: %d\n    selector: {matchLabels: {app: web-%04d}}\n",
            d, d % 20, d, REPLICAS, d);
        put(t, tmpl, d);
        put(t,
            "  status: {availableReplicas: %d, readyReplicas: %d, replicas: "
            "%d, updatedReplicas: %d}\n",
            REPLICAS - 10, REPLICAS - 10, REPLICAS, REPLICAS);
        put(t,
            "- apiVersion: apps/v1\n  kind: ReplicaSet\n  metadata:\n"
            "    creationTimestamp: \"" CREATED
            "\"\n    name: %s\n"
            "    namespace: shop-%02d\n    ownerReferences: [{apiVersion: "
            "apps/v1, blockOwnerDeletion: true, controller: true, kind: "
            "Deployment, name: web-%04d, uid: deploy-uid-%04d}]\n"
            "    uid: rs-uid-%04d\n  spec:\n    replicas: %d\n"
            "    selector: {matchLabels: {app: web-%04d}}\n",
            rs, d % 20, d, d, d, REPLICAS, d);
        put(t, tmpl, d);
        put(t,
            "  status: {availableReplicas: %d, readyReplicas: %d, replicas: "
            "%d}\n",
            REPLICAS - 10, REPLICAS - 10, REPLICAS);
    }
}

typedef struct tally {
    const char *category;
    long count;
} tally;

static void count_category(tally *t, size_t *n, size_t cap, const char *c) {
    for (size_t i = 0; i < *n; i++) {
        if (!strcmp(t[i].category, c)) {
            t[i].count++;
            return;
        }
    }
    if (*n < cap) {
        t[*n].category = c;
        t[(*n)++].count = 1;
    }
}

static double peak_rss_mib(void) {
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss / 1024.0;
}

static int full_diagnosis(podsim_cluster *c, const char *what, const char *ns,
                          const char *name, int show) {
    podsim_diagnose_options opts = PODSIM_DIAGNOSE_OPTIONS_INIT;
    podsim_diagnosis *d = NULL;
    double t0 = seconds();
    if (podsim_cluster_diagnose(c, ns, name, &opts, &d) != PODSIM_OK) {
        fprintf(stderr, "diagnose %s/%s: %s\n", ns, name,
                podsim_cluster_error(c)->message);
        return 2;
    }
    double wall = seconds() - t0;
    const podsim_finding *p = d->primary >= 0 ? &d->findings[d->primary] : NULL;
    size_t ways = p ? p->way_out_count : 0, computed = 0;
    for (size_t i = 0; i < ways; i++) computed += p->ways_out[i].computed;
    printf(
        "full     %-22s %8.3f s  %s/%s -> %s, %zu findings, %zu ways out "
        "(%zu computed), describe %zu bytes\n",
        what, wall, ns, name, p ? p->category : "(healthy)", d->finding_count,
        ways, computed, strlen(d->describe));
    const char *text = NULL;
    size_t len = 0;
    if (show && podsim_diagnosis_render(d, PODSIM_DIAGNOSIS_TEXT, &text,
                                        &len) == PODSIM_OK) {
        fwrite(text, 1, len, stdout);
    }
    podsim_diagnosis_free(d);
    return 0;
}

int main(int argc, char **argv) {
    opts o = {5000, 150000, 50, 10, NULL, 0};
    setvbuf(stdout, NULL, _IOLBF, 0); /* each phase as it ends */
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!v) {
            fprintf(stderr, "%s needs a value\n", a);
            return 2;
        }
        i++;
        if (!strcmp(a, "--nodes"))
            o.nodes = atoi(v);
        else if (!strcmp(a, "--pods"))
            o.pods = atoi(v);
        else if (!strcmp(a, "--problem-every"))
            o.problem_every = atoi(v);
        else if (!strcmp(a, "--unreachable"))
            o.unreachable = atoi(v);
        else if (!strcmp(a, "--out"))
            o.out = v;
        else if (!strcmp(a, "--show"))
            o.show = atoi(v);
        else {
            fprintf(stderr, "unknown option %s\n", a);
            return 2;
        }
    }
    if (o.nodes < 1 || o.pods < 1 || o.unreachable > o.nodes) {
        fprintf(stderr, "bad sizes\n");
        return 2;
    }

    /* the dump */
    long expected[KIND_COUNT] = {0};
    long lost_pods = 0, problems = 0;
    double t0 = seconds();
    text t = {0};
    put(&t, "apiVersion: v1\nitems:\n");
    nodes_yaml(&t, &o);
    for (int i = 0; i < o.pods; i++) {
        int kind = pod_kind(&o, i);
        expected[kind]++;
        bool lost = kind != PENDING && node_lost(&o, i % o.nodes);
        lost_pods += lost;
        problems += kind != HEALTHY || lost;
        pod_yaml(&t, &o, i, kind);
    }
    int seq = 0;
    for (int i = 0; i < o.pods; i++) {
        int kind = pod_kind(&o, i);
        if (kind != HEALTHY || node_lost(&o, i % o.nodes)) {
            events_yaml(&t, &o, i, kind, &seq);
        }
    }
    workloads_yaml(&t, &o);
    put(&t, "kind: List\nmetadata:\n  resourceVersion: \"\"\n");
    double gen = seconds() - t0;
    printf(
        "diagnose: %d nodes (%d unreachable), %d pods, 1 in %d a problem, "
        "dump %.1f MB (generated in %.2f s)\n",
        o.nodes, o.unreachable, o.pods, o.problem_every, t.len / 1e6, gen);
    if (o.out) {
        FILE *f = fopen(o.out, "wb");
        if (!f || fwrite(t.data, 1, t.len, f) != t.len) {
            fprintf(stderr, "%s: cannot write\n", o.out);
            return 2;
        }
        fclose(f);
    }

    /* load */
    podsim_cluster *c = NULL;
    if (podsim_cluster_new(NULL, &c) != PODSIM_OK) return 2;
    double rss0 = peak_rss_mib();
    t0 = seconds();
    if (podsim_cluster_load_string(c, t.data, t.len, "dump", NULL)) {
        const podsim_error *e = podsim_cluster_error(c);
        fprintf(stderr, "load: %d:%d %s\n", e->line, e->column, e->message);
        return 2;
    }
    double load = seconds() - t0;
    printf(
        "load     %8.3f s  %7.1f MB/s  %zu nodes, %zu pods, %zu events, "
        "%zu replicasets\n",
        load, t.len / 1e6 / load, podsim_cluster_count(c, PODSIM_KIND_NODE),
        podsim_cluster_count(c, PODSIM_KIND_POD),
        podsim_cluster_count(c, PODSIM_KIND_EVENT),
        podsim_cluster_count(c, PODSIM_KIND_REPLICASET));
    free(t.data);

    /* every pod, bulk mode */
    podsim_diagnose_options bulk = PODSIM_DIAGNOSE_OPTIONS_INIT;
    bulk.flags = PODSIM_DIAGNOSE_NO_WHATIF | PODSIM_DIAGNOSE_NO_KUBECTL;
    podsim_diagnosis_list *list = NULL;
    t0 = seconds();
    if (podsim_cluster_diagnose_all(c, &bulk, &list) != PODSIM_OK) {
        fprintf(stderr, "diagnose_all: %s\n", podsim_cluster_error(c)->message);
        return 2;
    }
    double all = seconds() - t0;
    printf(
        "all      %8.3f s  %9.0f pods/s  %zu pods examined, %zu with "
        "findings\n",
        all, list->pods_examined / all, list->pods_examined, list->count);
    tally cats[64];
    size_t ncat = 0;
    for (size_t i = 0; i < list->count; i++) {
        const podsim_diagnosis *d = list->items[i];
        count_category(cats, &ncat, 64,
                       d->primary >= 0 ? d->findings[d->primary].category
                                       : "(no primary)");
    }
    printf("findings by primary category:\n");
    for (size_t i = 0; i < ncat; i++) {
        printf("  %-52s %7ld\n", cats[i].category, cats[i].count);
    }
    printf("expected: %ld problem pods:", problems);
    for (int k = 1; k < KIND_COUNT; k++) {
        printf(" %s %ld,", kind_names[k], expected[k]);
    }
    printf(" on an unreachable node %ld\n", lost_pods);
    int status = 0;
    if ((long)list->count != problems) {
        printf("FAIL: %zu pods with findings, expected %ld\n", list->count,
               problems);
        status = 3;
    }
    podsim_diagnosis_list_free(list);

    /* one pod of each kind, with the kubectl views and the what-ifs */
    int rc = 0;
    if (o.unreachable > 0) {
        char rs[64], name[96], ns[16];
        rs_name(rs, sizeof rs, 0);
        snprintf(name, sizeof name, "%s-%06d", rs, 0);
        snprintf(ns, sizeof ns, "shop-%02d", 0);
        rc |= full_diagnosis(c, "pod on a lost node", ns, name, o.show);
    }
    int pending = -1, crash = -1;
    for (int i = 0; i < o.pods && (pending < 0 || crash < 0); i++) {
        int kind = pod_kind(&o, i);
        if (kind == PENDING && pending < 0) pending = i;
        if (kind == CRASHLOOP && crash < 0 && !node_lost(&o, i % o.nodes)) {
            crash = i;
        }
    }
    int picks[2] = {pending, crash};
    for (int k = 0; k < 2; k++) {
        int i = picks[k];
        if (i < 0) continue;
        int d = i / REPLICAS;
        char rs[64], name[96], ns[16];
        rs_name(rs, sizeof rs, d);
        snprintf(name, sizeof name, "%s-%06d", rs, i);
        snprintf(ns, sizeof ns, "shop-%02d", d % 20);
        rc |= full_diagnosis(c, k ? "crash-looping pod" : "unschedulable pod",
                             ns, name, o.show);
    }
    printf("peak RSS %.1f MiB (%.1f before the load)\n", peak_rss_mib(), rss0);
    podsim_cluster_free(c);
    return rc ? rc : status;
}
