/*
 * requests.c - a pod's effective resource requests.
 *
 * Mirrors k8s.io/component-helpers/resource/helpers.go (PodRequests and
 * AggregateContainerRequests) as the scheduler calls it: regular
 * containers are summed; a sidecar (restartable init container) is added
 * to that sum and to the running total of sidecars started so far; every
 * other init container needs its own request plus the sidecars before it;
 * the pod needs the maximum of the sum and those init needs. Pod-level
 * requests (spec.resources, PodLevelResources: beta and on by default from
 * v1.34) replace cpu, memory and hugepages-*; then overhead is added.
 * With NON_ZERO, containers lacking a cpu or memory key count as 100m and
 * 200Mi (pkg/scheduler/util: DefaultMilliCPURequest,
 * DefaultMemoryRequest), as scoring does; when pod-level requests are set,
 * only a resource missing from the pod's whole request gets them
 * (pkg/scheduler/framework/types.go getNonMissingContainerRequests).
 */
#include <stdlib.h>
#include <string.h>

#include "model.h"

typedef struct rlist {
    podsim_resource *items;
    size_t count;
    size_t cap;
} rlist;

static podsim_status rlist_find_or_add(rlist *l, const char *name,
                                       podsim_resource **out) {
    for (size_t i = 0; i < l->count; i++) {
        if (l->items[i].name == name || strcmp(l->items[i].name, name) == 0) {
            *out = &l->items[i];
            return PODSIM_OK;
        }
    }
    if (l->count == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 8;
        podsim_resource *p = realloc(l->items, cap * sizeof(*p));
        if (!p) return PODSIM_ENOMEM;
        l->items = p;
        l->cap = cap;
    }
    *out = &l->items[l->count++];
    (*out)->name = NULL;
    return PODSIM_OK;
}

/* addResourceList: the first quantity added keeps its format, as
   Quantity.Add keeps the receiver's. */
static podsim_status add_one(rlist *l, const char *name,
                             const podsim_quantity *q) {
    podsim_resource *r;
    podsim_status s = rlist_find_or_add(l, name, &r);
    if (s) return s;
    if (!r->name) {
        r->name = name;
        r->quantity = *q;
        return PODSIM_OK;
    }
    podsim_quantity sum;
    s = podsim_quantity_add(&r->quantity, q, &sum);
    if (!s) r->quantity = sum;
    return s;
}

static podsim_status add_list(rlist *l, const rlist *add) {
    for (size_t i = 0; i < add->count; i++) {
        podsim_status s =
            add_one(l, add->items[i].name, &add->items[i].quantity);
        if (s) return s;
    }
    return PODSIM_OK;
}

/* maxResourceList */
static podsim_status max_list(rlist *l, const rlist *other) {
    for (size_t i = 0; i < other->count; i++) {
        podsim_resource *r;
        podsim_status s = rlist_find_or_add(l, other->items[i].name, &r);
        if (s) return s;
        if (!r->name ||
            podsim_quantity_cmp(&other->items[i].quantity, &r->quantity) > 0) {
            *r = other->items[i];
        }
    }
    return PODSIM_OK;
}

static podsim_status set_one(rlist *l, const char *name,
                             const podsim_quantity *q) {
    podsim_resource *r;
    podsim_status s = rlist_find_or_add(l, name, &r);
    if (s) return s;
    r->name = name;
    r->quantity = *q;
    return PODSIM_OK;
}

/* Which non-zero defaults apply (bits of `defaults` below). */
#define NON_ZERO_CPU 1u
#define NON_ZERO_MEMORY 2u

/* A container's requests, with the non-zero defaults in `non_zero`
   (applyNonMissing). */
static podsim_status container_requests(podsim_cluster *c,
                                        const podsim_container *ct,
                                        unsigned non_zero, rlist *out) {
    out->count = 0;
    for (size_t i = 0; i < ct->requests.count; i++) {
        podsim_status s = add_one(out, ct->requests.items[i].name,
                                  &ct->requests.items[i].quantity);
        if (s) return s;
    }
    /* both DecimalSI, as upstream builds them (resource.NewMilliQuantity,
       resource.NewQuantity) */
    static const struct {
        const char *name;
        int64_t milli;
        unsigned bit;
    } defaults[] = {{"cpu", 100, NON_ZERO_CPU},
                    {"memory", 200LL * 1024 * 1024 * 1000, NON_ZERO_MEMORY}};
    for (size_t i = 0; i < 2; i++) {
        if (!(non_zero & defaults[i].bit) ||
            podsim_resources_get(&ct->requests, defaults[i].name, NULL)) {
            continue;
        }
        const char *name = intern_str(&c->strings, defaults[i].name);
        if (!name) return PODSIM_ENOMEM;
        podsim_quantity q = podsim_quantity_from_milli(
            defaults[i].milli, PODSIM_QUANTITY_DECIMAL_SI);
        podsim_status s = add_one(out, name, &q);
        if (s) return s;
    }
    return PODSIM_OK;
}

static bool pod_level_resource(const char *name) {
    return strcmp(name, "cpu") == 0 || strcmp(name, "memory") == 0 ||
           strncmp(name, "hugepages-", 10) == 0;
}

static bool pod_level_requests_set(const podsim_pod_spec *spec) {
    for (size_t i = 0; i < spec->pod_requests.count; i++) {
        if (pod_level_resource(spec->pod_requests.items[i].name)) return true;
    }
    return false;
}

/* AggregateContainerRequests */
static podsim_status aggregate(podsim_cluster *c, const podsim_pod_spec *spec,
                               unsigned non_zero, rlist *reqs) {
    rlist one = {0}, sidecars = {0}, init = {0}, tmp = {0};
    podsim_status s = PODSIM_OK;
    for (size_t i = 0; !s && i < spec->container_count; i++) {
        s = container_requests(c, &spec->containers[i], non_zero, &one);
        if (!s) s = add_list(reqs, &one);
    }
    for (size_t i = 0; !s && i < spec->init_container_count; i++) {
        const podsim_container *ct = &spec->init_containers[i];
        s = container_requests(c, ct, non_zero, &one);
        if (s) break;
        if (ct->kind == PODSIM_CONTAINER_SIDECAR) {
            s = add_list(reqs, &one);
            if (!s) s = add_list(&sidecars, &one);
            if (!s) s = max_list(&init, &sidecars);
        } else {
            tmp.count = 0;
            s = add_list(&tmp, &one);
            if (!s) s = add_list(&tmp, &sidecars);
            if (!s) s = max_list(&init, &tmp);
        }
    }
    if (!s) s = max_list(reqs, &init);
    free(one.items);
    free(sidecars.items);
    free(init.items);
    free(tmp.items);
    return s;
}

static bool rlist_has(const rlist *l, const char *name) {
    for (size_t i = 0; i < l->count; i++) {
        if (strcmp(l->items[i].name, name) == 0) return true;
    }
    return false;
}

static bool uses_pod_level(const podsim_cluster *c, const podsim_pod_spec *spec,
                           unsigned flags) {
    /* PodLevelResources: alpha (off) in v1.32-v1.33, beta (on) from v1.34 */
    return c->k8s.minor >= 34 && !(flags & PODSIM_REQUESTS_SKIP_POD_LEVEL) &&
           pod_level_requests_set(spec);
}

/* PodRequests with a fixed set of non-zero defaults. */
static podsim_status compute_with(podsim_cluster *c, const podsim_pod *pod,
                                  unsigned flags, unsigned non_zero,
                                  rlist *reqs) {
    const podsim_pod_spec *spec = &pod->spec;
    podsim_status s = aggregate(c, spec, non_zero, reqs);
    if (flags & REQUESTS_AGGREGATE_ONLY) return s;
    bool pod_level = uses_pod_level(c, spec, flags);
    for (size_t i = 0; !s && pod_level && i < spec->pod_requests.count; i++) {
        const podsim_resource *r = &spec->pod_requests.items[i];
        if (pod_level_resource(r->name)) {
            s = set_one(reqs, r->name, &r->quantity);
        }
    }
    for (size_t i = 0; !s && !(flags & PODSIM_REQUESTS_EXCLUDE_OVERHEAD) &&
                       i < spec->overhead.count;
         i++) {
        s = add_one(reqs, spec->overhead.items[i].name,
                    &spec->overhead.items[i].quantity);
    }
    return s;
}

static podsim_status compute(podsim_cluster *c, const podsim_pod *pod,
                             unsigned flags, rlist *reqs) {
    if (!(flags & PODSIM_REQUESTS_NON_ZERO)) {
        return compute_with(c, pod, flags, 0, reqs);
    }
    unsigned non_zero = NON_ZERO_CPU | NON_ZERO_MEMORY;
    if (uses_pod_level(c, &pod->spec, flags)) {
        /* with pod-level requests, a default applies only to a resource
           the pod as a whole does not request */
        rlist actual = {0};
        podsim_status s = compute_with(c, pod, flags, 0, &actual);
        if (!s && rlist_has(&actual, "cpu")) non_zero &= ~NON_ZERO_CPU;
        if (!s && rlist_has(&actual, "memory")) non_zero &= ~NON_ZERO_MEMORY;
        free(actual.items);
        if (s) return s;
    }
    return compute_with(c, pod, flags, non_zero, reqs);
}

podsim_status pod_requests_into(podsim_cluster *c, const podsim_pod *pod,
                                unsigned flags, arena *mem,
                                podsim_resources *out) {
    rlist reqs = {0};
    podsim_status s = compute(c, pod, flags, &reqs);
    out->items = NULL;
    out->count = 0;
    if (!s && reqs.count) {
        podsim_resource *items = arena_alloc(mem, reqs.count * sizeof(*items));
        if (!items) {
            s = PODSIM_ENOMEM;
        } else {
            memcpy(items, reqs.items, reqs.count * sizeof(*items));
            out->items = items;
            out->count = reqs.count;
        }
    }
    free(reqs.items);
    return s;
}

podsim_status podsim_pod_compute_requests(podsim_cluster *c, podsim_id pod,
                                          unsigned flags, podsim_resource *out,
                                          size_t cap, size_t *count_out) {
    if (!c) return PODSIM_EINVAL;
    const podsim_pod *p = podsim_cluster_pod(c, pod);
    if (!p || (!out && cap) || !count_out) {
        return cluster_fail(c, PODSIM_EINVAL, NULL, 0, 0,
                            "podsim_pod_compute_requests: invalid argument");
    }
    rlist reqs = {0};
    podsim_status s = compute(c, p, flags, &reqs);
    if (s) {
        free(reqs.items);
        return cluster_fail(c, s, NULL, 0, 0, "pod %s/%s: %s",
                            p->meta.namespace_, p->meta.name,
                            podsim_status_str(s));
    }
    *count_out = reqs.count;
    if (reqs.count > cap) {
        free(reqs.items);
        return cluster_fail(c, PODSIM_ENOSPC, NULL, 0, 0,
                            "%zu entries needed, buffer holds %zu", reqs.count,
                            cap);
    }
    if (reqs.count) memcpy(out, reqs.items, reqs.count * sizeof(*out));
    free(reqs.items);
    cluster_clear_error(c);
    return PODSIM_OK;
}

/* ---- QoS class ------------------------------------------------------------
 *
 * pkg/apis/core/helper/qos ComputePodQOS: cpu and memory only; with
 * pod-level resources (PodLevelResources) the pod's own set decides, else
 * every init, sidecar and regular container's. Guaranteed when every set
 * has cpu and memory limits and the summed requests equal the summed
 * limits; BestEffort when nothing is set; Burstable otherwise.
 */

typedef struct qos_sum {
    podsim_quantity requests[2]; /* cpu, memory */
    podsim_quantity limits[2];
    bool has_request[2];
    bool has_limit[2];
} qos_sum;

static int qos_index(const char *name) {
    if (strcmp(name, "cpu") == 0) return 0;
    if (strcmp(name, "memory") == 0) return 1;
    return -1;
}

static void qos_add(podsim_quantity *sum, bool *has, const podsim_quantity *q) {
    podsim_quantity zero = {0, 0, PODSIM_QUANTITY_DECIMAL_SI};
    if (podsim_quantity_cmp(q, &zero) <= 0) return;
    podsim_quantity out;
    if (*has) {
        if (podsim_quantity_add(sum, q, &out) == PODSIM_OK) *sum = out;
    } else {
        *sum = *q;
        *has = true;
    }
}

/* One set of requests and limits (a container, or pod-level resources);
   false when it lacks a cpu or memory limit. */
static bool qos_take(qos_sum *s, const podsim_resources *requests,
                     const podsim_resources *limits) {
    bool limit_found[2] = {false, false};
    for (size_t i = 0; i < requests->count; i++) {
        int k = qos_index(requests->items[i].name);
        if (k >= 0) {
            qos_add(&s->requests[k], &s->has_request[k],
                    &requests->items[i].quantity);
        }
    }
    for (size_t i = 0; i < limits->count; i++) {
        int k = qos_index(limits->items[i].name);
        podsim_quantity zero = {0, 0, PODSIM_QUANTITY_DECIMAL_SI};
        if (k < 0 ||
            podsim_quantity_cmp(&limits->items[i].quantity, &zero) <= 0) {
            continue;
        }
        limit_found[k] = true;
        qos_add(&s->limits[k], &s->has_limit[k], &limits->items[i].quantity);
    }
    return limit_found[0] && limit_found[1];
}

const char *pod_qos_class(const podsim_pod *p) {
    qos_sum s;
    memset(&s, 0, sizeof s);
    bool guaranteed = true;
    if (p->spec.pod_requests.count || p->spec.pod_limits.count) {
        /* PodLevelResources: the pod's own set decides */
        guaranteed = qos_take(&s, &p->spec.pod_requests, &p->spec.pod_limits);
    } else {
        for (size_t i = 0; i < p->spec.init_container_count; i++) {
            const podsim_container *c = &p->spec.init_containers[i];
            if (!qos_take(&s, &c->requests, &c->limits)) guaranteed = false;
        }
        for (size_t i = 0; i < p->spec.container_count; i++) {
            const podsim_container *c = &p->spec.containers[i];
            if (!qos_take(&s, &c->requests, &c->limits)) guaranteed = false;
        }
    }
    bool any = s.has_request[0] || s.has_request[1] || s.has_limit[0] ||
               s.has_limit[1];
    if (!any) return "BestEffort";
    if (guaranteed) {
        for (int k = 0; k < 2; k++) {
            if (s.has_request[k] != s.has_limit[k]) guaranteed = false;
            if (s.has_request[k] && s.has_limit[k] &&
                podsim_quantity_cmp(&s.requests[k], &s.limits[k]) != 0) {
                guaranteed = false;
            }
        }
    }
    return guaranteed ? "Guaranteed" : "Burstable";
}
