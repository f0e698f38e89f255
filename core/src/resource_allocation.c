/*
 * resource_allocation.c - the resource-allocation scorer shared by
 * NodeResourcesFit (LeastAllocated, MostAllocated,
 * RequestedToCapacityRatio) and NodeResourcesBalancedAllocation.
 *
 * Mirrors pkg/scheduler/framework/plugins/noderesources/
 * resource_allocation.go, least_allocated.go, most_allocated.go,
 * requested_to_capacity_ratio.go (v1.30-v1.35: utilization is
 * requested * 100 / capacity in int64), balanced_allocation.go and
 * plugins/helper/shape_score.go; resource name classes from
 * pkg/scheduler/util/utils.go and pkg/apis/core/v1/helper/helpers.go;
 * IsQualifiedName from k8s.io/apimachinery/pkg/util/validation.
 *
 * Arithmetic is Go's: int64 with truncating division, products that wrap
 * instead of trapping, float64 for the balance, math.Round for the
 * RequestedToCapacityRatio mean.
 */
#include <math.h>
#include <string.h>

#include "resource_allocation.h"

/* ---- Go integer arithmetic
 * ---------------------------------------------------- */

/* Go's int64 + and * wrap around; C's signed overflow is undefined. */
static int64_t go_add(int64_t a, int64_t b) {
    return (int64_t)((uint64_t)a + (uint64_t)b);
}

static int64_t go_mul(int64_t a, int64_t b) {
    return (int64_t)((uint64_t)a * (uint64_t)b);
}

/* ---- resource names
 * ------------------------------------------------------------ */

static bool has_prefix(const char *s, const char *prefix) {
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* v1helper.IsPrefixedNativeResource: in the kubernetes.io domain. */
static bool resource_is_prefixed_native(const char *name) {
    return strstr(name, "kubernetes.io/") != NULL;
}

/* v1helper.IsNativeResource: no domain, or the kubernetes.io domain. */
static bool resource_is_native(const char *name) {
    return !strchr(name, '/') || resource_is_prefixed_native(name);
}

bool resource_is_extended(const char *name) {
    if (resource_is_native(name) || has_prefix(name, "requests.")) {
        return false;
    }
    /* The quota form "requests.<name>" must be a qualified name. A name
       longer than any qualified name (253 + '/' + 63) cannot be one. */
    char quota[9 + 253 + 1 + 63 + 1];
    size_t len = strlen(name);
    if (9 + len >= sizeof quota) return false;
    memcpy(quota, "requests.", 9);
    memcpy(quota + 9, name, len + 1);
    return qualified_name_problem(quota) == NULL;
}

bool resource_is_scalar(const char *name) {
    return resource_is_extended(name) || has_prefix(name, "hugepages-") ||
           resource_is_prefixed_native(name) ||
           has_prefix(name, "attachable-volumes-");
}

/* ---- plugin args
 * ------------------------------------------------------------------ */

const resource_spec default_resource_specs[2] = {{"cpu", 1}, {"memory", 1}};

static podsim_status decode_resource_spec(dec *d, const path *p,
                                          const yt_node *item, void *out,
                                          void *ctx) {
    resource_spec *spec = out;
    podsim_opt_i64 weight = {false, 0};
    podsim_status s;
    (void)ctx;
    if ((s = dec_str(d, p, item, "name", &spec->name)) ||
        (s = dec_int(d, p, item, "weight", &weight))) {
        return s;
    }
    /* v1 defaulting: a weight not set, or set to 0, becomes 1 */
    spec->weight = weight.value == 0 ? 1 : weight.value;
    return PODSIM_OK;
}

podsim_status decode_resource_specs(dec *d, const path *p, const yt_node *map,
                                    const char *key,
                                    const resource_spec **specs,
                                    size_t *count) {
    void *items = NULL;
    size_t n = 0;
    podsim_status s = dec_list(d, p, map, key, sizeof(resource_spec),
                               decode_resource_spec, NULL, &items, &n);
    if (s || n == 0) return s;
    *specs = items;
    *count = n;
    return PODSIM_OK;
}

void go_quote(strbuf *out, const char *s) {
    strbuf_putc(out, '"');
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        switch (c) {
        case '"': strbuf_puts(out, "\\\""); break;
        case '\\': strbuf_puts(out, "\\\\"); break;
        case '\a': strbuf_puts(out, "\\a"); break;
        case '\b': strbuf_puts(out, "\\b"); break;
        case '\f': strbuf_puts(out, "\\f"); break;
        case '\n': strbuf_puts(out, "\\n"); break;
        case '\r': strbuf_puts(out, "\\r"); break;
        case '\t': strbuf_puts(out, "\\t"); break;
        case '\v': strbuf_puts(out, "\\v"); break;
        default:
            if (c < 0x20 || c == 0x7f) {
                strbuf_printf(out, "\\x%02x", c);
            } else {
                strbuf_putc(out, (char)c);
            }
        }
    }
    strbuf_putc(out, '"');
}

/* ---- the requested/allocatable pairs ----------------------------------------
 */

/* calculatePodResourceRequest: the pod's request of one resource, with
   the non-zero defaults for cpu and memory unless use_requested. */
static int64_t pod_request_of(const sched_cycle *cy, int32_t res,
                              bool use_requested) {
    if (res < 0) return 0;
    if (!use_requested && res == RES_CPU) return cy->nonzero_cpu;
    if (!use_requested && res == RES_MEMORY) return cy->nonzero_mem;
    return cy->req[res];
}

/* The snapshot index of a configured resource (-1 when no node and not
   the pod has it). */
static int32_t spec_resource(sched_cycle *cy, const char *name) {
    if (strcmp(name, "cpu") == 0) return RES_CPU;
    if (strcmp(name, "memory") == 0) return RES_MEMORY;
    if (strcmp(name, "ephemeral-storage") == 0) return RES_EPHEMERAL;
    return snapshot_resource(cy->snap, name, false);
}

/* Whether a configured resource can score at all: cpu, memory and
   ephemeral-storage always; past them only scalar resources are tracked
   per node (NodeInfo's ScalarResources), and a scalar the pod does not
   ask for is left out (upstream's "(0, 0)"). */
static bool is_scored(int32_t res, const char *name, int64_t pod_request) {
    if (res == RES_CPU || res == RES_MEMORY || res == RES_EPHEMERAL) {
        return true;
    }
    return res >= RES_FIRST_SCALAR && pod_request != 0 &&
           resource_is_scalar(name);
}

resource_scoring *resource_scoring_new(sched_cycle *cy,
                                       const resource_spec *specs, size_t count,
                                       bool use_requested,
                                       resource_scorer_fn scorer) {
    resource_scoring *s = cycle_alloc(cy, sizeof *s);
    if (!s) return NULL;
    s->specs = specs;
    s->count = count;
    s->use_requested = use_requested;
    s->scorer = scorer;
    s->res = cycle_alloc(cy, (count ? count : 1) * sizeof *s->res);
    s->pod_request = cycle_alloc(cy, (count ? count : 1) * sizeof(int64_t));
    if (!s->res || !s->pod_request) return NULL;
    for (size_t i = 0; i < count; i++) {
        const char *name = specs[i].name;
        int32_t res = spec_resource(cy, name);
        s->pod_request[i] = pod_request_of(cy, res, use_requested);
        s->res[i] = is_scored(res, name, s->pod_request[i]) ? res : -1;
    }
    return s;
}

bool resource_scoring_best_effort(const resource_scoring *s) {
    for (size_t i = 0; i < s->count; i++) {
        if (s->pod_request[i] != 0) return false;
    }
    return true;
}

/* calculateResourceAllocatableRequest for one configured resource. */
static void allocatable_requested(const resource_scoring *s, size_t i,
                                  const snap_node *node, int64_t *alloc,
                                  int64_t *requested) {
    int32_t res = s->res[i];
    *alloc = 0;
    *requested = 0;
    if (res < 0) return;
    int64_t on_node = node->req[res];
    if (!s->use_requested && res == RES_CPU) on_node = node->nonzero_cpu;
    if (!s->use_requested && res == RES_MEMORY) on_node = node->nonzero_mem;
    *alloc = node->alloc[res];
    *requested = go_add(on_node, s->pod_request[i]);
}

#define STACK_RESOURCES 16

sched_code resource_scoring_score(sched_cycle *cy, const resource_scoring *s,
                                  const snap_node *node, int64_t *out) {
    int64_t stack_alloc[STACK_RESOURCES], stack_req[STACK_RESOURCES];
    int64_t *alloc = stack_alloc, *requested = stack_req;
    if (s->count > STACK_RESOURCES) {
        alloc = cycle_alloc(cy, s->count * sizeof *alloc);
        requested = cycle_alloc(cy, s->count * sizeof *requested);
        if (!alloc || !requested) return SCHED_ERROR;
    }
    for (size_t i = 0; i < s->count; i++) {
        int64_t a, r;
        allocatable_requested(s, i, node, &a, &r);
        /* only resources the node has enter the scorer */
        alloc[i] = a;
        requested[i] = a == 0 ? 0 : r;
    }
    *out = s->scorer(s, requested, alloc);
    return SCHED_SUCCESS;
}

/* ---- LeastAllocated and MostAllocated
 * ------------------------------------------- */

static int64_t least_requested_score(int64_t requested, int64_t capacity) {
    if (capacity == 0 || requested > capacity) return 0;
    return go_mul(capacity - requested, SCHED_MAX_NODE_SCORE) / capacity;
}

static int64_t most_requested_score(int64_t requested, int64_t capacity) {
    if (capacity == 0) return 0;
    /* pods without requests count with the non-zero defaults, so the
       sum may exceed the capacity */
    if (requested > capacity) requested = capacity;
    return go_mul(requested, SCHED_MAX_NODE_SCORE) / capacity;
}

/* The weighted integer mean of the per-resource scores. */
static int64_t weighted_mean(const resource_scoring *s,
                             const int64_t *requested,
                             const int64_t *allocatable,
                             int64_t (*per_resource)(int64_t, int64_t)) {
    int64_t node_score = 0, weight_sum = 0;
    for (size_t i = 0; i < s->count; i++) {
        if (allocatable[i] == 0) continue;
        int64_t weight = s->specs[i].weight;
        int64_t score = per_resource(requested[i], allocatable[i]);
        node_score = go_add(node_score, go_mul(score, weight));
        weight_sum = go_add(weight_sum, weight);
    }
    return weight_sum == 0 ? 0 : node_score / weight_sum;
}

int64_t least_allocated_scorer(const resource_scoring *s,
                               const int64_t *requested,
                               const int64_t *allocatable) {
    return weighted_mean(s, requested, allocatable, least_requested_score);
}

int64_t most_allocated_scorer(const resource_scoring *s,
                              const int64_t *requested,
                              const int64_t *allocatable) {
    return weighted_mean(s, requested, allocatable, most_requested_score);
}

/* ---- RequestedToCapacityRatio -----------------------------------------------
 */

int64_t broken_linear_function(const shape_point *shape, size_t count,
                               int64_t p) {
    for (size_t i = 0; i < count; i++) {
        if (p <= shape[i].utilization) {
            if (i == 0) return shape[0].score;
            const shape_point *lo = &shape[i - 1], *hi = &shape[i];
            return lo->score +
                   go_mul(hi->score - lo->score, p - lo->utilization) /
                       (hi->utilization - lo->utilization);
        }
    }
    return shape[count - 1].score;
}

#define MAX_UTILIZATION 100

static int64_t ratio_resource_score(const resource_scoring *s,
                                    int64_t requested, int64_t capacity) {
    int64_t utilization = MAX_UTILIZATION;
    if (capacity != 0 && requested <= capacity) {
        utilization = go_mul(requested, MAX_UTILIZATION) / capacity;
    }
    return broken_linear_function(s->shape, s->shape_count, utilization);
}

int64_t requested_to_capacity_ratio_scorer(const resource_scoring *s,
                                           const int64_t *requested,
                                           const int64_t *allocatable) {
    int64_t node_score = 0, weight_sum = 0;
    for (size_t i = 0; i < s->count; i++) {
        if (allocatable[i] == 0) continue;
        int64_t score = ratio_resource_score(s, requested[i], allocatable[i]);
        /* resources scoring 0 are left out of the mean */
        if (score > 0) {
            node_score = go_add(node_score, go_mul(score, s->specs[i].weight));
            weight_sum = go_add(weight_sum, s->specs[i].weight);
        }
    }
    if (weight_sum == 0) return 0;
    return (int64_t)round((double)node_score / (double)weight_sum);
}

/* ---- BalancedAllocation
 * ---------------------------------------------------------- */

/* Go's float64 fraction of one resource, capped at 1. */
static double fraction_of(int64_t requested, int64_t allocatable) {
    double fraction = (double)requested / (double)allocatable;
    return fraction > 1 ? 1 : fraction;
}

int64_t balanced_allocation_scorer(const resource_scoring *s,
                                   const int64_t *requested,
                                   const int64_t *allocatable) {
    /* Two passes over the same fractions in the same order give the
       doubles upstream's slice of fractions holds. */
    double total = 0, first = 0, second = 0;
    size_t n = 0;
    for (size_t i = 0; i < s->count; i++) {
        if (allocatable[i] == 0) continue;
        double fraction = fraction_of(requested[i], allocatable[i]);
        total += fraction;
        if (n == 0) first = fraction;
        if (n == 1) second = fraction;
        n++;
    }
    double std = 0.0;
    if (n == 2) {
        /* the common cpu/memory case: std = |f1 - f2| / 2 */
        std = fabs((first - second) / 2);
    } else if (n > 2) {
        double mean = total / (double)n;
        double sum = 0;
        for (size_t i = 0; i < s->count; i++) {
            if (allocatable[i] == 0) continue;
            double fraction = fraction_of(requested[i], allocatable[i]);
            sum = sum + (fraction - mean) * (fraction - mean);
        }
        std = sqrt(sum / (double)n);
    }
    return (int64_t)((1 - std) * (double)SCHED_MAX_NODE_SCORE);
}
