/*
 * bench_schedule - how fast podsim schedules pods, on kube-scheduler's
 * scheduler_perf workloads and on the Alibaba openb trace.
 *
 *   bench_schedule [--case LIST] [--mode LIST] [--nodes N] [--init N]
 *                  [--pods N] [--anti-group N] [--seed S] [--runs N]
 *                  [--api batch|each] [--openb DIR] [--openb-trace NAME]
 *                  [--no-fork] [--dump FILE]
 *
 * Every case builds its cluster in memory: the objects are written as YAML
 * text (the shapes of scheduler_perf's templates, see below) and loaded
 * with podsim_cluster_load_string. The load is timed on its own ("setup",
 * like scheduler_perf's init phase). Then the pending pods are scheduled
 * with podsim_cluster_schedule_pending (--api batch, the default) or with
 * one podsim_cluster_schedule(..., PODSIM_SCHEDULE_BIND) call per pending
 * pod in model order (--api each); only that phase is timed
 * (clock_gettime(CLOCK_MONOTONIC)).
 *
 * Cases (performance.md section 6, B1/B4/B5/B12):
 *   basic   SchedulingBasic: nodes of templates/node-default.yaml (4 cpu,
 *           32Gi, 110 pods), pods of templates/pod-default.yaml (one pause
 *           container, 100m / 500Mi requests and limits). --init pods are
 *           already bound (round robin over the nodes), --pods are pending.
 *   spread  TopologySpreading: the same, nodes labelled
 *           topology.kubernetes.io/zone moon-1/2/3 (round robin), measured
 *           pods of templates/pod-with-topology-spreading.yaml (label
 *           color=blue, maxSkew 5 on the zone, DoNotSchedule).
 *   anti    SchedulingPodAntiAffinity: every pod (init ones too) as
 *           templates/pod-with-pod-anti-affinity.yaml: required
 *           anti-affinity on kubernetes.io/hostname to the pods of its
 *           group, namespaces [sched-1, sched-0]. Upstream has one group
 *           (color=green) and 1,000 + 2,000 pods; with 11,000 pods on
 *           5,000 nodes one group cannot fit, so pods are split into groups
 *           of --anti-group pods (labels color=green, group=gN; default
 *           nodes/5, 1,000 at 5,000 nodes). --anti-group 0 gives
 *           upstream's single group.
 *   openb   The Alibaba openb trace (../shared/data/openb): 1,523 nodes,
 *           every pod of openb_pod_list_<trace>.csv pending, in creation
 *           order. See openb_yaml() for the mapping.
 *
 * Modes: sampling (default options: percentageOfNodesToScore adaptive) and
 * exhaustive (PODSIM_SCHEDULE_EXHAUSTIVE: every node is filtered and
 * scored).
 *
 * For each case and mode it prints: load time, schedule time, pods/s,
 * nodes evaluated per pod (the sum of result->evaluated_count over the
 * attempts / attempts), ns per pod x node evaluated (schedule time / that
 * sum), scheduled and unschedulable counts, peak RSS (getrusage ru_maxrss)
 * and a placement checksum (FNV-1a over pod and chosen node in queue
 * order). Each case runs in a forked child so its peak RSS is its own
 * (--no-fork to run in-process). With --runs N the cluster is rebuilt and
 * scheduled N times and the median time is printed; the checksums of the
 * runs must agree (the benchmark is deterministic: options.seed).
 *
 * After scheduling it checks, without timing it: no node over its
 * allocatable for any resource a pod requests nor over its pod count; no
 * two pods of one anti-affinity group on a node; zone skew of the spread
 * pods within maxSkew; openb GPU-model constraints honoured. A violation
 * prints "FAIL" and makes the exit status 3. There are no timing
 * assertions.
 *
 * Build: gcc -O2 -std=c11 -Icore/include bench/bench_schedule.c \
 *            build/libpodsim.a -lyaml -lm
 */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "podsim.h"

#define MAX_RUNS 99
#define SPREAD_MAX_SKEW 5
#define ZONES 3
#define OPENB_MAX_MODELS 8

/* ---- small helpers ------------------------------------------------------ */

static double now_seconds(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Peak resident set size of this process so far, in bytes. */
static long long peak_rss_bytes(void) {
    struct rusage ru;
    if (getrusage(RUSAGE_SELF, &ru) != 0) return -1;
#if defined(__APPLE__)
    return (long long)ru.ru_maxrss; /* bytes on macOS */
#else
    return (long long)ru.ru_maxrss * 1024; /* KiB on Linux and the BSDs */
#endif
}

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(double *v, int n) {
    qsort(v, (size_t)n, sizeof *v, cmp_double);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2.0;
}

static uint64_t fnv1a(uint64_t h, const char *s) {
    if (s == NULL) s = "";
    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= 1099511628211ULL;
    }
    h ^= 0xff; /* separator, so "ab"+"c" != "a"+"bc" */
    h *= 1099511628211ULL;
    return h;
}

/* A growing text buffer; out of memory is fatal (this is a benchmark). */
typedef struct text {
    char *buf;
    size_t len, cap;
} text;

static void text_reserve(text *t, size_t more) {
    if (t->len + more + 1 <= t->cap) return;
    size_t cap = t->cap ? t->cap : 1 << 20;
    while (cap < t->len + more + 1) cap *= 2;
    char *buf = realloc(t->buf, cap);
    if (buf == NULL) {
        fprintf(stderr, "bench_schedule: out of memory\n");
        exit(1);
    }
    t->buf = buf;
    t->cap = cap;
}

static void tprintf(text *t, const char *fmt, ...) {
    va_list ap;
    int n;
    text_reserve(t, 256);
    va_start(ap, fmt);
    n = vsnprintf(t->buf + t->len, t->cap - t->len, fmt, ap);
    va_end(ap);
    if (n < 0) return;
    if ((size_t)n >= t->cap - t->len) {
        text_reserve(t, (size_t)n);
        va_start(ap, fmt);
        vsnprintf(t->buf + t->len, t->cap - t->len, fmt, ap);
        va_end(ap);
    }
    t->len += (size_t)n;
}

/* ---- the workloads ------------------------------------------------------ */

typedef enum case_kind {
    CASE_BASIC,
    CASE_SPREAD,
    CASE_ANTI,
    CASE_OPENB
} case_kind;

static const char *const case_names[] = {"basic", "spread", "anti", "openb"};

typedef struct params {
    int nodes, init, pods, anti_group;
    uint64_t seed;
    int runs;
    int each; /* --api each */
    const char *openb_dir;
    const char *openb_trace;
    const char *dump;
} params;

/* templates/node-default.yaml (capacity 4 cpu / 32Gi / 110 pods; the
 * allocatable a kubelet would report with no reservations is the same), plus
 * the hostname label a kubelet sets and, for spread, the zone label of
 * labelNodePrepareStrategy. */
static void synthetic_node(text *t, int i, case_kind kind) {
    tprintf(t,
            "- apiVersion: v1\n"
            "  kind: Node\n"
            "  metadata:\n"
            "    name: node-%05d\n"
            "    labels:\n"
            "      kubernetes.io/hostname: node-%05d\n",
            i, i);
    if (kind == CASE_SPREAD)
        tprintf(t, "      topology.kubernetes.io/zone: moon-%d\n",
                i % ZONES + 1);
    tprintf(t,
            "  spec: {}\n"
            "  status:\n"
            "    capacity: {cpu: \"4\", memory: 32Gi, pods: \"110\"}\n"
            "    allocatable: {cpu: \"4\", memory: 32Gi, pods: \"110\"}\n"
            "    conditions:\n"
            "    - {type: Ready, status: \"True\"}\n"
            "    phase: Running\n");
}

static int anti_group_of(const params *p, int global_index) {
    return p->anti_group > 0 ? global_index / p->anti_group : 0;
}

/* templates/pod-default.yaml, pod-with-topology-spreading.yaml or
 * pod-with-pod-anti-affinity.yaml. `node` >= 0 binds the pod (Running). */
static void synthetic_pod(text *t, const params *p, case_kind kind,
                          int global_index, int init, int node) {
    int measured_spread = kind == CASE_SPREAD && !init;
    tprintf(t,
            "- apiVersion: v1\n"
            "  kind: Pod\n"
            "  metadata:\n"
            "    name: %s-%06d\n"
            "    namespace: sched-%d\n",
            init ? "init" : "pod", global_index, init ? 0 : 1);
    if (measured_spread)
        tprintf(t, "    labels: {color: blue}\n");
    else if (kind == CASE_ANTI)
        tprintf(t, "    labels: {color: green, group: g%d}\n",
                anti_group_of(p, global_index));
    tprintf(t, "  spec:\n");
    if (node >= 0) tprintf(t, "    nodeName: node-%05d\n", node);
    if (measured_spread)
        tprintf(t,
                "    topologySpreadConstraints:\n"
                "    - maxSkew: %d\n"
                "      topologyKey: topology.kubernetes.io/zone\n"
                "      whenUnsatisfiable: DoNotSchedule\n"
                "      labelSelector:\n"
                "        matchLabels: {color: blue}\n",
                SPREAD_MAX_SKEW);
    if (kind == CASE_ANTI)
        tprintf(t,
                "    affinity:\n"
                "      podAntiAffinity:\n"
                "        requiredDuringSchedulingIgnoredDuringExecution:\n"
                "        - labelSelector:\n"
                "            matchLabels: {color: green, group: g%d}\n"
                "          topologyKey: kubernetes.io/hostname\n"
                "          namespaces: [\"sched-1\", \"sched-0\"]\n",
                anti_group_of(p, global_index));
    tprintf(t,
            "    containers:\n"
            "    - image: registry.k8s.io/pause:3.10.1\n"
            "      name: pause\n"
            "      ports:\n"
            "      - containerPort: 80\n"
            "      resources:\n"
            "        limits: {cpu: 100m, memory: 500Mi}\n"
            "        requests: {cpu: 100m, memory: 500Mi}\n"
            "  status:\n"
            "    phase: %s\n",
            node >= 0 ? "Running" : "Pending");
}

static char *synthetic_yaml(const params *p, case_kind kind, size_t *len) {
    text t = {0};
    int i;
    tprintf(&t,
            "apiVersion: v1\nkind: List\nmetadata:\n  resourceVersion: \"\"\n"
            "items:\n");
    for (i = 0; i < p->nodes; i++) synthetic_node(&t, i, kind);
    /* Init pods: round robin, so each zone gets a third and no two init pods
     * of one anti-affinity group share a node (group size <= nodes). */
    for (i = 0; i < p->init; i++)
        synthetic_pod(&t, p, kind, i, 1, p->nodes > 0 ? i % p->nodes : -1);
    for (i = 0; i < p->pods; i++)
        synthetic_pod(&t, p, kind, p->init + i, 0, -1);
    *len = t.len;
    return t.buf;
}

/* ---- openb ----------------------------------------------------------------
 */

/* Split a CSV line (no quoting, as the README says) in place. */
static int csv_split(char *line, char **fields, int max) {
    int n = 0;
    char *s = line;
    size_t l = strlen(line);
    while (l > 0 && (line[l - 1] == '\n' || line[l - 1] == '\r')) line[--l] = 0;
    for (;;) {
        char *c = strchr(s, ',');
        if (n < max) fields[n++] = s;
        if (c == NULL) break;
        *c = 0;
        s = c + 1;
    }
    return n;
}

static int csv_column(char **header, int n, const char *name) {
    for (int i = 0; i < n; i++)
        if (strcmp(header[i], name) == 0) return i;
    return -1;
}

static const char *field(char **f, int n, int col) {
    return col >= 0 && col < n ? f[col] : "";
}

/* RFC 3339 for 2023-01-01T00:00:00Z + seconds. */
static void rfc3339(char *buf, size_t cap, long long seconds) {
    time_t t = (time_t)(1672531200LL + seconds);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(buf, cap, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/*
 * The openb mapping, after the upstream simulator (README "Mapping to
 * Kubernetes objects"):
 *   node: cpu <cpu_milli>m, memory <memory_mib>Mi, pods 1001, extended
 *     resources alibabacloud.com/gpu-count <gpu> and
 *     alibabacloud.com/gpu-milli <gpu*1000> (capacity = allocatable), label
 *     alibabacloud.com/gpu-card-model <model> when there is one, plus
 *     kubernetes.io/hostname.
 *   pod: requests = limits = cpu <cpu_milli>m, memory <memory_mib>Mi; a GPU
 *     pod also requests alibabacloud.com/gpu-milli <num_gpu*gpu_milli> and
 *     carries upstream's annotations. gpu_spec becomes a required node
 *     affinity on the card-model label. creationTimestamp is the trace's
 *     creation_time, so PrioritySort replays creation order.
 * podsim has no GPU-share plugin: a node's GPUs are one pool of gpu-milli,
 * so a shared pod can straddle two cards (upstream would not allow that);
 * whole-GPU pods are exact. gpu-count is not requested, because shared pods
 * would then use up a card each.
 */
static char *openb_yaml(const params *p, size_t *len, int *nodes_out,
                        int *pods_out) {
    char path[4096], line[4096], *f[16], *h[16];
    int hn, n, nodes = 0, pods = 0;
    FILE *in;
    text t = {0};

    tprintf(&t,
            "apiVersion: v1\nkind: List\nmetadata:\n  resourceVersion: \"\"\n"
            "items:\n");
    snprintf(path, sizeof path, "%s/openb_node_list_all_node.csv",
             p->openb_dir);
    in = fopen(path, "r");
    if (in == NULL) {
        free(t.buf);
        return NULL;
    }
    if (fgets(line, sizeof line, in) == NULL) {
        fclose(in);
        free(t.buf);
        return NULL;
    }
    hn = csv_split(line, h, 16);
    {
        char hs[16][32];
        int c_sn, c_cpu, c_mem, c_gpu, c_model;
        for (int i = 0; i < hn; i++) snprintf(hs[i], sizeof hs[i], "%s", h[i]);
        for (int i = 0; i < hn; i++) h[i] = hs[i];
        c_sn = csv_column(h, hn, "sn");
        c_cpu = csv_column(h, hn, "cpu_milli");
        c_mem = csv_column(h, hn, "memory_mib");
        c_gpu = csv_column(h, hn, "gpu");
        c_model = csv_column(h, hn, "model");
        while (fgets(line, sizeof line, in) != NULL) {
            const char *model;
            long gpu;
            n = csv_split(line, f, 16);
            if (n < 2) continue;
            gpu = atol(field(f, n, c_gpu));
            model = field(f, n, c_model);
            tprintf(&t,
                    "- apiVersion: v1\n"
                    "  kind: Node\n"
                    "  metadata:\n"
                    "    name: %s\n"
                    "    labels:\n"
                    "      kubernetes.io/hostname: %s\n",
                    field(f, n, c_sn), field(f, n, c_sn));
            if (model[0] != 0)
                tprintf(&t, "      alibabacloud.com/gpu-card-model: %s\n",
                        model);
            for (int k = 0; k < 2; k++)
                tprintf(&t,
                        "%s"
                        "      cpu: %sm\n"
                        "      memory: %sMi\n"
                        "      pods: \"1001\"\n"
                        "      alibabacloud.com/gpu-count: \"%ld\"\n"
                        "      alibabacloud.com/gpu-milli: \"%ld\"\n",
                        k == 0 ? "  status:\n    capacity:\n"
                               : "    allocatable:\n",
                        field(f, n, c_cpu), field(f, n, c_mem), gpu,
                        gpu * 1000);
            tprintf(&t,
                    "    conditions:\n"
                    "    - {type: Ready, status: \"True\"}\n");
            nodes++;
        }
    }
    fclose(in);

    snprintf(path, sizeof path, "%s/openb_pod_list_%s.csv", p->openb_dir,
             p->openb_trace);
    in = fopen(path, "r");
    if (in == NULL) {
        fprintf(stderr, "bench_schedule: %s: %s\n", path, strerror(errno));
        free(t.buf);
        return NULL;
    }
    if (fgets(line, sizeof line, in) == NULL) {
        fclose(in);
        free(t.buf);
        return NULL;
    }
    hn = csv_split(line, h, 16);
    {
        char hs[16][32];
        int c_name, c_cpu, c_mem, c_ngpu, c_gmilli, c_spec, c_ctime;
        for (int i = 0; i < hn; i++) snprintf(hs[i], sizeof hs[i], "%s", h[i]);
        for (int i = 0; i < hn; i++) h[i] = hs[i];
        c_name = csv_column(h, hn, "name");
        c_cpu = csv_column(h, hn, "cpu_milli");
        c_mem = csv_column(h, hn, "memory_mib");
        c_ngpu = csv_column(h, hn, "num_gpu");
        c_gmilli = csv_column(h, hn, "gpu_milli");
        c_spec = csv_column(h, hn, "gpu_spec");
        c_ctime = csv_column(h, hn, "creation_time");
        while (fgets(line, sizeof line, in) != NULL) {
            char ts[64], res[256];
            const char *spec;
            long ngpu, gmilli;
            n = csv_split(line, f, 16);
            if (n < 3) continue;
            ngpu = atol(field(f, n, c_ngpu));
            gmilli = atol(field(f, n, c_gmilli));
            spec = field(f, n, c_spec);
            tprintf(&t,
                    "- apiVersion: v1\n"
                    "  kind: Pod\n"
                    "  metadata:\n"
                    "    name: %s\n"
                    "    namespace: openb\n",
                    field(f, n, c_name));
            if (c_ctime >= 0) {
                rfc3339(ts, sizeof ts, atoll(field(f, n, c_ctime)));
                tprintf(&t, "    creationTimestamp: \"%s\"\n", ts);
            }
            if (ngpu > 0) {
                tprintf(&t,
                        "    annotations:\n"
                        "      alibabacloud.com/gpu-count: \"%ld\"\n"
                        "      alibabacloud.com/gpu-milli: \"%ld\"\n",
                        ngpu, gmilli);
                if (spec[0] != 0)
                    tprintf(&t,
                            "      alibabacloud.com/gpu-card-model: \"%s\"\n",
                            spec);
            }
            tprintf(&t, "  spec:\n");
            if (ngpu > 0 && spec[0] != 0) {
                char models[256], *save = NULL, *m;
                const char *seen[OPENB_MAX_MODELS];
                int nseen = 0;
                snprintf(models, sizeof models, "%s", spec);
                tprintf(
                    &t,
                    "    affinity:\n"
                    "      nodeAffinity:\n"
                    "        requiredDuringSchedulingIgnoredDuringExecution:\n"
                    "          nodeSelectorTerms:\n"
                    "          - matchExpressions:\n"
                    "            - key: alibabacloud.com/gpu-card-model\n"
                    "              operator: In\n"
                    "              values:\n");
                for (m = strtok_r(models, "|", &save); m != NULL;
                     m = strtok_r(NULL, "|", &save)) {
                    int dup = 0;
                    for (int k = 0; k < nseen; k++)
                        if (strcmp(seen[k], m) == 0) dup = 1;
                    if (dup || nseen == OPENB_MAX_MODELS) continue;
                    seen[nseen++] = m;
                    tprintf(&t, "              - %s\n", m);
                }
            }
            snprintf(res, sizeof res, "{cpu: %sm, memory: %sMi%s",
                     field(f, n, c_cpu), field(f, n, c_mem),
                     ngpu > 0 ? ", alibabacloud.com/gpu-milli: \"" : "}");
            if (ngpu > 0) {
                size_t l = strlen(res);
                snprintf(res + l, sizeof res - l, "%ld\"}", ngpu * gmilli);
            }
            tprintf(&t,
                    "    containers:\n"
                    "    - name: main\n"
                    "      image: registry.k8s.io/pause:3.10.1\n"
                    "      resources:\n"
                    "        limits: %s\n"
                    "        requests: %s\n"
                    "  status:\n"
                    "    phase: Pending\n",
                    res, res);
            pods++;
        }
    }
    fclose(in);
    *len = t.len;
    *nodes_out = nodes;
    *pods_out = pods;
    return t.buf;
}

/* ---- invariants (not timed) --------------------------------------------- */

/* Milli-units of a resource in a list; 0 when absent. */
static int64_t res_milli(const podsim_resources *r, const char *name) {
    podsim_quantity q;
    int64_t v = 0;
    if (podsim_resources_get(r, name, &q) &&
        podsim_quantity_milli(&q, &v) == PODSIM_OK)
        return v;
    return 0;
}

static int label_eq(const podsim_kvs *kvs, const char *key, const char *val) {
    for (size_t i = 0; i < kvs->count; i++)
        if (strcmp(kvs->items[i].key, key) == 0)
            return val == NULL || strcmp(kvs->items[i].value, val) == 0;
    return 0;
}

static const char *label_of(const podsim_kvs *kvs, const char *key) {
    for (size_t i = 0; i < kvs->count; i++)
        if (strcmp(kvs->items[i].key, key) == 0) return kvs->items[i].value;
    return NULL;
}

static int cmp_i64(const void *a, const void *b) {
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

/* Returns the number of violations found (each printed, up to a few). */
static int check_invariants(podsim_cluster *c, case_kind kind) {
    size_t nn = podsim_cluster_count(c, PODSIM_KIND_NODE);
    size_t np = podsim_cluster_count(c, PODSIM_KIND_POD);
    int bad = 0;
    size_t i, k;
    int32_t *count = calloc(nn + 1, sizeof *count);
    int64_t zone_blue[ZONES] = {0};
    /* per node: a small list of resources seen in requests */
    enum { MAXR = 8 };
    const char **rname = calloc(MAXR, sizeof *rname);
    int nr = 0;
    int64_t *used = calloc((nn + 1) * MAXR, sizeof *used);
    /* anti: group -> last node marker, via (group, node) pairs sorted */
    int64_t *pairs = calloc(np + 1, sizeof *pairs);
    size_t npairs = 0;

    if (count == NULL || rname == NULL || used == NULL || pairs == NULL) {
        fprintf(stderr, "bench_schedule: out of memory\n");
        exit(1);
    }
    for (i = 0; i < np; i++) {
        const podsim_pod *pod = podsim_cluster_pod(c, (podsim_id)i);
        const podsim_node *node;
        if (pod == NULL || pod->node == PODSIM_NO_ID) continue;
        if (pod->status.phase == PODSIM_PHASE_SUCCEEDED ||
            pod->status.phase == PODSIM_PHASE_FAILED)
            continue;
        node = podsim_cluster_node(c, pod->node);
        count[pod->node]++;
        for (k = 0; k < pod->requests.count; k++) {
            const char *name = pod->requests.items[k].name;
            int r;
            for (r = 0; r < nr; r++)
                if (strcmp(rname[r], name) == 0) break;
            if (r == nr) {
                if (nr == MAXR) continue;
                rname[nr++] = name;
            }
            used[(size_t)pod->node * MAXR + (size_t)r] +=
                res_milli(&pod->requests, name);
        }
        if (kind == CASE_SPREAD &&
            label_eq(&pod->meta.labels, "color", "blue") && node != NULL &&
            strncmp(node->zone, "moon-", 5) == 0) {
            int z = atoi(node->zone + 5) - 1;
            if (z >= 0 && z < ZONES) zone_blue[z]++;
        }
        if (kind == CASE_ANTI) {
            const char *g = label_of(&pod->meta.labels, "group");
            if (g != NULL && g[0] == 'g')
                pairs[npairs++] = (int64_t)atoi(g + 1) * 1000000 + pod->node;
        }
        if (kind == CASE_OPENB && node != NULL && pod->spec.affinity != NULL) {
            const char *want = label_of(&pod->meta.annotations,
                                        "alibabacloud.com/gpu-card-model");
            const char *have =
                label_of(&node->meta.labels, "alibabacloud.com/gpu-card-model");
            if (want != NULL && (have == NULL || strstr(want, have) == NULL)) {
                if (bad++ < 5)
                    fprintf(stderr, "FAIL %s wants model %s, on %s (%s)\n",
                            pod->meta.name, want, node->meta.name,
                            have ? have : "none");
            }
        }
    }
    for (i = 0; i < nn; i++) {
        const podsim_node *node = podsim_cluster_node(c, (podsim_id)i);
        int64_t pods_alloc = res_milli(&node->allocatable, "pods") / 1000;
        if (count[i] > pods_alloc) {
            if (bad++ < 5)
                fprintf(stderr, "FAIL node %s holds %d pods > %lld\n",
                        node->meta.name, count[i], (long long)pods_alloc);
        }
        for (int r = 0; r < nr; r++) {
            int64_t alloc = res_milli(&node->allocatable, rname[r]);
            int64_t u = used[i * MAXR + (size_t)r];
            if (u > alloc) {
                if (bad++ < 5)
                    fprintf(stderr,
                            "FAIL node %s: %s requested %lldm > allocatable "
                            "%lldm\n",
                            node->meta.name, rname[r], (long long)u,
                            (long long)alloc);
            }
        }
    }
    if (kind == CASE_SPREAD) {
        int64_t lo = zone_blue[0], hi = zone_blue[0];
        for (int z = 1; z < ZONES; z++) {
            if (zone_blue[z] < lo) lo = zone_blue[z];
            if (zone_blue[z] > hi) hi = zone_blue[z];
        }
        if (hi - lo > SPREAD_MAX_SKEW && bad++ < 5)
            fprintf(stderr, "FAIL zone skew %lld > %d (%lld/%lld/%lld)\n",
                    (long long)(hi - lo), SPREAD_MAX_SKEW,
                    (long long)zone_blue[0], (long long)zone_blue[1],
                    (long long)zone_blue[2]);
    }
    if (kind == CASE_ANTI && npairs > 1) {
        qsort(pairs, npairs, sizeof *pairs, cmp_i64);
        for (i = 1; i < npairs; i++)
            if (pairs[i] == pairs[i - 1] && bad++ < 5)
                fprintf(stderr,
                        "FAIL two pods of anti-affinity group g%lld on node "
                        "id %lld\n",
                        (long long)(pairs[i] / 1000000),
                        (long long)(pairs[i] % 1000000));
    }
    free(count);
    free(rname);
    free(used);
    free(pairs);
    return bad;
}

/* ---- one run --------------------------------------------------------------
 */

typedef struct outcome {
    double load_s, sched_s;
    size_t nodes, pods, attempts, scheduled, unschedulable, gated;
    unsigned long long evaluated;
    uint64_t checksum;
    int violations;
} outcome;

static void tally(outcome *o, const podsim_schedule_result *r) {
    o->attempts++;
    o->evaluated += r->evaluated_count;
    if (r->gated)
        o->gated++;
    else if (r->node != NULL)
        o->scheduled++;
    else
        o->unschedulable++;
    o->checksum = fnv1a(o->checksum, r->pod);
    o->checksum = fnv1a(o->checksum, r->node);
}

static int fail(podsim_cluster *c, const char *what, podsim_status st) {
    const podsim_error *err = podsim_cluster_error(c);
    fprintf(stderr, "bench_schedule: %s: %s", what, podsim_status_name(st));
    if (err != NULL && err->message != NULL)
        fprintf(stderr, ": %s:%d:%d: %s", err->source ? err->source : "",
                err->line, err->column, err->message);
    fprintf(stderr, "\n");
    podsim_cluster_free(c);
    return -1;
}

static int run_once(const params *p, case_kind kind, int exhaustive,
                    const char *yaml, size_t len, int check, outcome *o) {
    podsim_cluster *c = NULL;
    podsim_schedule_options opt = PODSIM_SCHEDULE_OPTIONS_INIT;
    podsim_status st;
    double t0;

    memset(o, 0, sizeof *o);
    o->checksum = 14695981039346656037ULL;
    st = podsim_cluster_new(NULL, &c);
    if (st != PODSIM_OK) {
        fprintf(stderr, "bench_schedule: podsim_cluster_new: %s\n",
                podsim_status_name(st));
        return -1;
    }
    t0 = now_seconds();
    st = podsim_cluster_load_string(c, yaml, len, case_names[kind], NULL);
    o->load_s = now_seconds() - t0;
    if (st != PODSIM_OK) return fail(c, "load", st);
    o->nodes = podsim_cluster_count(c, PODSIM_KIND_NODE);
    o->pods = podsim_cluster_count(c, PODSIM_KIND_POD);

    opt.flags = exhaustive ? PODSIM_SCHEDULE_EXHAUSTIVE : 0;
    opt.seed = p->seed;
    if (!p->each) {
        podsim_schedule_batch *batch = NULL;
        t0 = now_seconds();
        st = podsim_cluster_schedule_pending(c, NULL, &opt, &batch);
        o->sched_s = now_seconds() - t0;
        if (st != PODSIM_OK) return fail(c, "schedule_pending", st);
        for (size_t i = 0; i < batch->count; i++) tally(o, batch->results[i]);
        if (batch->scheduled != o->scheduled ||
            batch->unschedulable != o->unschedulable) {
            fprintf(stderr,
                    "FAIL batch counts %zu scheduled / %zu unschedulable, "
                    "results say %zu / %zu\n",
                    batch->scheduled, batch->unschedulable, o->scheduled,
                    o->unschedulable);
            o->violations++;
        }
        podsim_schedule_batch_free(batch);
    } else {
        /* Pending pods in model order (the generators write them in queue
         * order: no priorities, creation order). Not timed. */
        podsim_id *ids = malloc((o->pods + 1) * sizeof *ids);
        size_t n = 0;
        if (ids == NULL) {
            fprintf(stderr, "bench_schedule: out of memory\n");
            exit(1);
        }
        for (size_t i = 0; i < o->pods; i++) {
            const podsim_pod *pod = podsim_cluster_pod(c, (podsim_id)i);
            if (pod->spec.node_name[0] == 0 &&
                pod->status.phase == PODSIM_PHASE_PENDING)
                ids[n++] = (podsim_id)i;
        }
        opt.flags |= PODSIM_SCHEDULE_BIND;
        t0 = now_seconds();
        for (size_t i = 0; i < n; i++) {
            podsim_schedule_result *r = NULL;
            st = podsim_cluster_schedule(c, NULL, ids[i], &opt, &r);
            if (st != PODSIM_OK) {
                free(ids);
                return fail(c, "schedule", st);
            }
            opt.seed = 0; /* carry the stream from call to call */
            tally(o, r);
            podsim_schedule_result_free(r);
        }
        o->sched_s = now_seconds() - t0;
        free(ids);
    }
    if (check) o->violations += check_invariants(c, kind);
    podsim_cluster_free(c);
    return 0;
}

/* Build the case's text, run it p->runs times, print one line. Returns 0,
 * 1 on error, 3 on an invariant violation or a checksum mismatch, 4 when
 * the case was skipped. */
static int run_case(const params *p, case_kind kind, int exhaustive) {
    char *yaml;
    size_t len = 0;
    int nodes = p->nodes, init = p->init, pods = p->pods;
    double load_t[MAX_RUNS], sched_t[MAX_RUNS];
    outcome first, o;
    int rc = 0;

    if (kind == CASE_OPENB) {
        struct stat sb;
        if (stat(p->openb_dir, &sb) != 0) {
            printf(
                "%-7s %-10s skipped: %s not found (needs ../shared; "
                "--openb DIR)\n",
                case_names[kind], exhaustive ? "exhaustive" : "sampling",
                p->openb_dir);
            return 4;
        }
        init = 0;
        yaml = openb_yaml(p, &len, &nodes, &pods);
        if (yaml == NULL) {
            printf("%-7s %-10s skipped: cannot read the openb CSVs in %s\n",
                   case_names[kind], exhaustive ? "exhaustive" : "sampling",
                   p->openb_dir);
            return 4;
        }
    } else {
        yaml = synthetic_yaml(p, kind, &len);
    }
    if (p->dump != NULL) {
        FILE *out = fopen(p->dump, "w");
        if (out == NULL || fwrite(yaml, 1, len, out) != len) {
            fprintf(stderr, "bench_schedule: %s: %s\n", p->dump,
                    strerror(errno));
            free(yaml);
            if (out) fclose(out);
            return 1;
        }
        fclose(out);
    }

    for (int k = 0; k < p->runs; k++) {
        if (run_once(p, kind, exhaustive, yaml, len, k == 0,
                     k == 0 ? &first : &o) != 0) {
            free(yaml);
            return 1;
        }
        if (k == 0) o = first;
        load_t[k] = o.load_s;
        sched_t[k] = o.sched_s;
        if (k > 0 && o.checksum != first.checksum) {
            fprintf(stderr,
                    "FAIL run %d placed pods differently (checksum %016llx, "
                    "run 1 %016llx)\n",
                    k + 1, (unsigned long long)o.checksum,
                    (unsigned long long)first.checksum);
            first.violations++;
        }
    }
    free(yaml);
    {
        double load_s = median(load_t, p->runs);
        double sched_s = median(sched_t, p->runs);
        double per_node =
            first.evaluated ? sched_s * 1e9 / (double)first.evaluated : 0;
        printf(
            "%-7s %-10s %6zu %6d %6zu %8.3f %8.3f %10.0f %9.1f %8.2f "
            "%9zu %7zu %8.1f  %016llx%s\n",
            case_names[kind], exhaustive ? "exhaustive" : "sampling",
            first.nodes, init, first.attempts, load_s, sched_s,
            sched_s > 0 ? (double)first.attempts / sched_s : 0,
            first.attempts ? (double)first.evaluated / first.attempts : 0,
            per_node, first.scheduled, first.unschedulable,
            (double)peak_rss_bytes() / 1048576.0,
            (unsigned long long)first.checksum,
            first.violations ? "  FAIL" : "");
        if (first.gated) printf("        (%zu gated)\n", first.gated);
    }
    if (first.violations) rc = 3;
    (void)pods;
    (void)nodes;
    return rc;
}

/* ---- main -----------------------------------------------------------------
 */

static void usage(FILE *to) {
    fprintf(to,
            "usage: bench_schedule [options]\n"
            "  --case LIST        basic,spread,anti,openb (default all)\n"
            "  --mode LIST        sampling,exhaustive (default both)\n"
            "  --nodes N          synthetic cases: nodes (default 5000)\n"
            "  --init N           synthetic cases: pods already bound "
            "(default 1000)\n"
            "  --pods N           synthetic cases: pods to schedule "
            "(default 10000)\n"
            "  --anti-group N     anti: pods per anti-affinity group "
            "(default nodes/5,\n"
            "                     1000 at 5000 nodes; 0 = one group, as "
            "upstream)\n"
            "  --seed S           options.seed (default 1)\n"
            "  --runs N           repeat each case N times, print the "
            "median (default 1)\n"
            "  --api batch|each   podsim_cluster_schedule_pending (default) "
            "or one\n"
            "                     podsim_cluster_schedule(BIND) per pod\n"
            "  --openb DIR        openb CSV folder (default "
            "$PODSIM_SHARED_DIR/data/openb,\n"
            "                     else ../shared/data/openb)\n"
            "  --openb-trace T    default, gpuspec33, gpushare40, multigpu50 "
            "(default default)\n"
            "  --no-fork          run every case in this process (peak RSS "
            "is then cumulative)\n"
            "  --dump FILE        write the generated YAML of the (last) "
            "case to FILE\n");
}

static int in_list(const char *list, const char *name) {
    size_t n = strlen(name);
    const char *s = list;
    while (s != NULL && *s) {
        const char *e = strchr(s, ',');
        size_t l = e ? (size_t)(e - s) : strlen(s);
        if (l == n && strncmp(s, name, n) == 0) return 1;
        s = e ? e + 1 : NULL;
    }
    return 0;
}

static void cpu_model(char *buf, size_t cap) {
    char line[512];
    FILE *f = fopen("/proc/cpuinfo", "r");
    snprintf(buf, cap, "unknown CPU");
    if (f == NULL) return;
    while (fgets(line, sizeof line, f) != NULL) {
        if (strncmp(line, "model name", 10) == 0) {
            char *v = strchr(line, ':');
            if (v != NULL) {
                v++;
                while (*v == ' ') v++;
                v[strcspn(v, "\n")] = 0;
                snprintf(buf, cap, "%s", v);
            }
            break;
        }
    }
    fclose(f);
}

int main(int argc, char **argv) {
    params p = {5000, 1000, 10000, -1, 1, 1, 0, NULL, "default", NULL};
    const char *cases = "basic,spread,anti,openb";
    const char *modes = "sampling,exhaustive";
    int no_fork = 0, status = 0;
    char openb_default[4096], cpu[256];

    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            usage(stdout);
            return 0;
        } else if (strcmp(a, "--no-fork") == 0) {
            no_fork = 1;
            continue;
        }
        if (v == NULL) {
            usage(stderr);
            return 1;
        }
        i++;
        if (strcmp(a, "--case") == 0)
            cases = v;
        else if (strcmp(a, "--mode") == 0)
            modes = v;
        else if (strcmp(a, "--nodes") == 0)
            p.nodes = atoi(v);
        else if (strcmp(a, "--init") == 0)
            p.init = atoi(v);
        else if (strcmp(a, "--pods") == 0)
            p.pods = atoi(v);
        else if (strcmp(a, "--anti-group") == 0)
            p.anti_group = atoi(v);
        else if (strcmp(a, "--seed") == 0)
            p.seed = strtoull(v, NULL, 10);
        else if (strcmp(a, "--runs") == 0)
            p.runs = atoi(v);
        else if (strcmp(a, "--api") == 0)
            p.each = strcmp(v, "each") == 0;
        else if (strcmp(a, "--openb") == 0)
            p.openb_dir = v;
        else if (strcmp(a, "--openb-trace") == 0)
            p.openb_trace = v;
        else if (strcmp(a, "--dump") == 0)
            p.dump = v;
        else {
            usage(stderr);
            return 1;
        }
    }
    if (p.nodes < 1 || p.nodes > 99999 || p.init < 0 || p.pods < 0 ||
        p.anti_group < -1 || p.runs < 1 || p.runs > MAX_RUNS || p.seed == 0) {
        fprintf(stderr,
                "bench_schedule: need 1 <= --nodes <= 99999, --init and "
                "--pods >= 0, --anti-group >= 0, --runs 1..%d, --seed > 0\n",
                MAX_RUNS);
        return 1;
    }
    if (p.anti_group < 0) p.anti_group = p.nodes >= 5 ? p.nodes / 5 : 1;
    if (p.openb_dir == NULL) {
        const char *shared = getenv("PODSIM_SHARED_DIR");
        snprintf(openb_default, sizeof openb_default, "%s/data/openb",
                 shared && *shared ? shared : "../shared");
        p.openb_dir = openb_default;
    }

    cpu_model(cpu, sizeof cpu);
    printf("podsim   %s, Kubernetes %s default, %s\n", podsim_version(),
           PODSIM_DEFAULT_KUBERNETES_VERSION, cpu);
    printf(
        "shape    --nodes %d --init %d --pods %d --anti-group %d, seed "
        "%llu, %d run%s, api %s\n",
        p.nodes, p.init, p.pods, p.anti_group, (unsigned long long)p.seed,
        p.runs, p.runs == 1 ? "" : "s (median)",
        p.each ? "podsim_cluster_schedule per pod"
               : "podsim_cluster_schedule_pending");
    printf(
        "sampling numFeasibleNodesToFind: %zu of %d nodes, %zu of 1523 "
        "(openb)\n\n",
        podsim_num_feasible_nodes_to_find((size_t)p.nodes, 0), p.nodes,
        podsim_num_feasible_nodes_to_find(1523, 0));
    printf("%-7s %-10s %6s %6s %6s %8s %8s %10s %9s %8s %9s %7s %8s  %s\n",
           "case", "mode", "nodes", "init", "pods", "load s", "sched s",
           "pods/s", "nodes/pod", "ns/p*n", "scheduled", "unsched", "peak MiB",
           "checksum");
    fflush(stdout);

    for (int k = CASE_BASIC; k <= CASE_OPENB; k++) {
        if (!in_list(cases, case_names[k])) continue;
        for (int ex = 0; ex < 2; ex++) {
            int rc;
            if (!in_list(modes, ex ? "exhaustive" : "sampling")) continue;
            if (no_fork) {
                rc = run_case(&p, (case_kind)k, ex);
            } else {
                pid_t pid = fork();
                int ws = 0;
                if (pid < 0) {
                    fprintf(stderr, "bench_schedule: fork: %s\n",
                            strerror(errno));
                    return 1;
                }
                if (pid == 0) {
                    rc = run_case(&p, (case_kind)k, ex);
                    fflush(stdout);
                    _exit(rc);
                }
                if (waitpid(pid, &ws, 0) < 0) {
                    fprintf(stderr, "bench_schedule: waitpid: %s\n",
                            strerror(errno));
                    return 1;
                }
                if (WIFEXITED(ws)) {
                    rc = WEXITSTATUS(ws);
                } else {
                    printf("%-7s %-10s died of signal %d\n", case_names[k],
                           ex ? "exhaustive" : "sampling", WTERMSIG(ws));
                    rc = 1;
                }
            }
            fflush(stdout);
            if (rc == 4) continue; /* skipped */
            if (rc != 0 && status != 1) status = rc;
        }
    }
    printf(
        "\npods/s = pending pods attempted / sched s; nodes/pod = mean "
        "evaluated_count;\nns/p*n = sched s / sum of evaluated_count; "
        "peak MiB = peak RSS of the case's process.\n");
    return status;
}
