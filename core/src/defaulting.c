/*
 * defaulting.c - what the API server adds to a pod that lacks it.
 *
 * A hand-written manifest is not what the scheduler sees: the API server's
 * defaulting (pkg/apis/core/v1/defaults.go: SetDefaults_Pod, _PodSpec,
 * _Container, _Probe, _ContainerPort, defaultHostNetworkPorts) and admission
 * plugins (plugin/pkg/admission/defaulttolerationseconds, .../priority) fill in
 * fields first. Objects from a dump already carry them, so every rule here
 * only fills what is absent. DaemonSet pods also get the tolerations the
 * DaemonSet controller adds (pkg/controller/daemon/util/daemonset_util.go
 * AddOrUpdateDaemonPodTolerations). Workloads get apps/v1 and batch/v1
 * defaulting (pkg/apis/apps/v1/defaults.go, pkg/apis/batch/v1/defaults.go).
 */
#include <string.h>

#include "model.h"

/* ---- containers --------------------------------------------------------- */

/* SetDefaults_Container: `latest` or no tag pulls Always, anything else
   (a tag or a digest) IfNotPresent. The tag is what follows the last ':'
   after the last '/' (a registry port is not a tag), before any '@'.
   parsers.ParseImageName defaults a missing tag to "latest" only when
   there is no digest either. */
podsim_pull_policy default_pull_policy(const char *image) {
    const char *at = strchr(image, '@');
    size_t name_len = at ? (size_t)(at - image) : strlen(image);
    const char *slash = NULL;
    for (size_t i = 0; i < name_len; i++) {
        if (image[i] == '/') slash = image + i;
    }
    const char *last = slash ? slash + 1 : image;
    const char *colon = memchr(last, ':', name_len - (size_t)(last - image));
    if (!colon) return at ? PODSIM_PULL_IF_NOT_PRESENT : PODSIM_PULL_ALWAYS;
    size_t tag_len = name_len - (size_t)(colon + 1 - image);
    return tag_len == 6 && strncmp(colon + 1, "latest", 6) == 0
               ? PODSIM_PULL_ALWAYS
               : PODSIM_PULL_IF_NOT_PRESENT;
}

/* SetDefaults_Pod: a resource with a limit and no request requests the
   limit. Returns the (possibly new) list. */
static podsim_status requests_from_limits(podsim_cluster *c,
                                          podsim_resources *requests,
                                          const podsim_resources *limits) {
    size_t missing = 0;
    for (size_t i = 0; i < limits->count; i++) {
        if (!podsim_resources_get(requests, limits->items[i].name, NULL)) {
            missing++;
        }
    }
    if (!missing) return PODSIM_OK;
    podsim_resource *merged =
        arena_alloc(&c->mem, (requests->count + missing) * sizeof(*merged));
    if (!merged) return PODSIM_ENOMEM;
    if (requests->count) {
        memcpy(merged, requests->items, requests->count * sizeof(*merged));
    }
    size_t n = requests->count;
    for (size_t i = 0; i < limits->count; i++) {
        if (!podsim_resources_get(requests, limits->items[i].name, NULL)) {
            merged[n++] = limits->items[i];
        }
    }
    requests->items = merged;
    requests->count = n;
    return PODSIM_OK;
}

/* SetDefaults_Probe */
static void default_probe(const podsim_probe *probe) {
    if (!probe) return;
    podsim_probe *p = (podsim_probe *)probe; /* owned by this load */
    if (p->timeout_seconds == 0) p->timeout_seconds = 1;
    if (p->period_seconds == 0) p->period_seconds = 10;
    if (p->success_threshold == 0) p->success_threshold = 1;
    if (p->failure_threshold == 0) p->failure_threshold = 3;
}

static podsim_status default_containers(podsim_cluster *c,
                                        const podsim_container *list,
                                        size_t count) {
    for (size_t i = 0; i < count; i++) {
        podsim_container *ct = (podsim_container *)&list[i];
        if (ct->image_pull_policy == (podsim_pull_policy)-1) {
            ct->image_pull_policy = default_pull_policy(ct->image);
        }
        podsim_status s = requests_from_limits(c, &ct->requests, &ct->limits);
        if (s) return s;
        default_probe(ct->startup_probe);
        default_probe(ct->liveness_probe);
        default_probe(ct->readiness_probe);
    }
    return PODSIM_OK;
}

/* SetDefaults_PodSpec: with host networking every container port is also a
   host port (defaultHostNetworkPorts). Pod templates are left alone since
   v1.28 (DefaultHostNetworkHostPortsInPodTemplates off by default): their
   pods get it when they are created. */
static void default_host_network_ports(const podsim_container *list,
                                       size_t count) {
    for (size_t i = 0; i < count; i++) {
        for (size_t j = 0; j < list[i].port_count; j++) {
            /* owned by this load, not yet published */
            podsim_container_port *port =
                (podsim_container_port *)&list[i].ports[j];
            if (port->host_port == 0) port->host_port = port->container_port;
        }
    }
}

/* ---- pod-level requests -------------------------------------------------- */

/* cpu and memory: supported at pod level and overcommittable
   (IsSupportedPodLevelResource && IsOvercommitAllowed). */
static bool overcommittable_pod_level(const char *name) {
    return strcmp(name, "cpu") == 0 || strcmp(name, "memory") == 0;
}

static bool supported_pod_level(const char *name) {
    return overcommittable_pod_level(name) ||
           strncmp(name, "hugepages-", 10) == 0;
}

static podsim_status append_resource(podsim_cluster *c, podsim_resources *list,
                                     const podsim_resource *r) {
    podsim_resource *grown =
        arena_alloc(&c->mem, (list->count + 1) * sizeof(*grown));
    if (!grown) return PODSIM_ENOMEM;
    if (list->count) memcpy(grown, list->items, list->count * sizeof(*grown));
    grown[list->count] = *r;
    list->items = grown;
    list->count++;
    return PODSIM_OK;
}

/* defaultPodRequests (PodLevelResources, beta from v1.34): when pod-level
   limits are set, a missing pod-level cpu/memory request defaults to the
   containers' aggregate request, and any other missing supported resource
   to its pod-level limit. */
static podsim_status default_pod_level_requests(podsim_cluster *c,
                                                podsim_pod *pod) {
    podsim_pod_spec *spec = &pod->spec;
    if (!spec->pod_limits.count) return PODSIM_OK;
    podsim_resources aggregate = {NULL, 0};
    podsim_status s =
        pod_requests_into(c, pod, REQUESTS_AGGREGATE_ONLY, &c->mem, &aggregate);
    for (size_t i = 0; !s && i < aggregate.count; i++) {
        const podsim_resource *r = &aggregate.items[i];
        if (overcommittable_pod_level(r->name) &&
            !podsim_resources_get(&spec->pod_requests, r->name, NULL)) {
            s = append_resource(c, &spec->pod_requests, r);
        }
    }
    for (size_t i = 0; !s && i < spec->pod_limits.count; i++) {
        const podsim_resource *r = &spec->pod_limits.items[i];
        if (supported_pod_level(r->name) &&
            !podsim_resources_get(&spec->pod_requests, r->name, NULL)) {
            s = append_resource(c, &spec->pod_requests, r);
        }
    }
    return s;
}

/* ---- tolerations -------------------------------------------------------- */

typedef struct wanted_toleration {
    const char *key;
    podsim_taint_effect effect;
    bool with_seconds;
} wanted_toleration;

/* defaulttolerationseconds admission: an existing toleration covers the
   key when its key is that key or empty, and its effect is NoExecute or
   empty. */
static bool covers(const podsim_toleration *t, const char *key,
                   podsim_taint_effect effect) {
    return (strcmp(t->key, key) == 0 || !t->key[0]) &&
           (t->effect == effect || t->effect == PODSIM_EFFECT_NONE);
}

/* AddOrUpdateTolerationInPodSpec: a toleration with the same key,
   operator, value and effect (Toleration.MatchToleration) is replaced by
   the wanted one, so a DaemonSet pod's own tolerationSeconds is dropped.
   Returns true when one was found. */
static bool update_matching(podsim_pod_spec *spec, const char *key,
                            podsim_taint_effect effect) {
    for (size_t i = 0; i < spec->toleration_count; i++) {
        podsim_toleration *t = (podsim_toleration *)&spec->tolerations[i];
        if (strcmp(t->key, key) == 0 && t->effect == effect &&
            t->op == PODSIM_TOLERATION_EXISTS && !t->value[0]) {
            t->toleration_seconds.set = false;
            t->toleration_seconds.value = 0;
            return true;
        }
    }
    return false;
}

static bool is_covered(const podsim_pod_spec *spec, const char *key,
                       podsim_taint_effect effect) {
    for (size_t i = 0; i < spec->toleration_count; i++) {
        if (covers(&spec->tolerations[i], key, effect)) return true;
    }
    return false;
}

static podsim_status append_tolerations(podsim_cluster *c,
                                        podsim_pod_spec *spec,
                                        const podsim_toleration *add,
                                        size_t n) {
    if (!n) return PODSIM_OK;
    podsim_toleration *all =
        arena_alloc(&c->mem, (spec->toleration_count + n) * sizeof(*all));
    if (!all) return PODSIM_ENOMEM;
    if (spec->toleration_count) {
        memcpy(all, spec->tolerations, spec->toleration_count * sizeof(*all));
    }
    memcpy(all + spec->toleration_count, add, n * sizeof(*all));
    spec->tolerations = all;
    spec->toleration_count += n;
    return PODSIM_OK;
}

static podsim_status add_daemonset_tolerations(podsim_cluster *c,
                                               podsim_pod_spec *spec) {
    static const wanted_toleration wanted[] = {
        {"node.kubernetes.io/not-ready", PODSIM_EFFECT_NO_EXECUTE, false},
        {"node.kubernetes.io/unreachable", PODSIM_EFFECT_NO_EXECUTE, false},
        {"node.kubernetes.io/disk-pressure", PODSIM_EFFECT_NO_SCHEDULE, false},
        {"node.kubernetes.io/memory-pressure", PODSIM_EFFECT_NO_SCHEDULE,
         false},
        {"node.kubernetes.io/pid-pressure", PODSIM_EFFECT_NO_SCHEDULE, false},
        {"node.kubernetes.io/unschedulable", PODSIM_EFFECT_NO_SCHEDULE, false},
        {"node.kubernetes.io/network-unavailable", PODSIM_EFFECT_NO_SCHEDULE,
         false},
    };
    /* network-unavailable only for host-network pods */
    size_t count = spec->host_network ? 7 : 6;
    podsim_toleration add[7];
    size_t n = 0;
    for (size_t i = 0; i < count; i++) {
        if (update_matching(spec, wanted[i].key, wanted[i].effect)) continue;
        memset(&add[n], 0, sizeof(add[n]));
        add[n].key = intern_str(&c->strings, wanted[i].key);
        if (!add[n].key) return PODSIM_ENOMEM;
        add[n].op = PODSIM_TOLERATION_EXISTS;
        add[n].value = "";
        add[n].effect = wanted[i].effect;
        n++;
    }
    return append_tolerations(c, spec, add, n);
}

static podsim_status add_default_toleration_seconds(podsim_cluster *c,
                                                    podsim_pod_spec *spec) {
    const struct {
        const char *key;
        int64_t seconds;
    } wanted[] = {
        {"node.kubernetes.io/not-ready",
         c->k8s.default_not_ready_toleration_seconds},
        {"node.kubernetes.io/unreachable",
         c->k8s.default_unreachable_toleration_seconds},
    };
    podsim_toleration add[2];
    size_t n = 0;
    for (size_t i = 0; i < 2; i++) {
        if (is_covered(spec, wanted[i].key, PODSIM_EFFECT_NO_EXECUTE)) {
            continue;
        }
        memset(&add[n], 0, sizeof(add[n]));
        add[n].key = intern_str(&c->strings, wanted[i].key);
        if (!add[n].key) return PODSIM_ENOMEM;
        add[n].op = PODSIM_TOLERATION_EXISTS;
        add[n].value = "";
        add[n].effect = PODSIM_EFFECT_NO_EXECUTE;
        add[n].toleration_seconds.set = true;
        add[n].toleration_seconds.value = wanted[i].seconds;
        n++;
    }
    return append_tolerations(c, spec, add, n);
}

static bool owned_by_daemonset(const podsim_meta *m) {
    for (size_t i = 0; i < m->owner_reference_count; i++) {
        if (m->owner_references[i].controller &&
            strcmp(m->owner_references[i].kind, "DaemonSet") == 0) {
            return true;
        }
    }
    return false;
}

/* ---- the pod ------------------------------------------------------------ */

podsim_status default_pod(podsim_cluster *c, podsim_pod *pod, unsigned flags) {
    podsim_pod_spec *spec = &pod->spec;
    if (!spec->scheduler_name[0]) spec->scheduler_name = "default-scheduler";
    if (spec->restart_policy == (podsim_restart_policy)-1) {
        spec->restart_policy = PODSIM_RESTART_ALWAYS;
    }
    if (spec->termination_grace_period_seconds < 0) {
        spec->termination_grace_period_seconds =
            c->k8s.termination_grace_period_seconds;
    }
    podsim_status s = default_containers(c, spec->init_containers,
                                         spec->init_container_count);
    if (!s) s = default_containers(c, spec->containers, spec->container_count);
    if (!s && c->k8s.minor >= 34) s = default_pod_level_requests(c, pod);
    if (s) return s;
    if (spec->host_network && !(flags & DEFAULT_TEMPLATE)) {
        default_host_network_ports(spec->containers, spec->container_count);
        default_host_network_ports(spec->init_containers,
                                   spec->init_container_count);
    }
    if ((flags & DEFAULT_DAEMONSET) || owned_by_daemonset(&pod->meta)) {
        if ((s = add_daemonset_tolerations(c, spec))) return s;
    }
    if ((s = add_default_toleration_seconds(c, spec))) return s;
    if ((flags & DEFAULT_TEMPLATE) &&
        spec->preemption_policy == (podsim_preemption_policy)-1) {
        /* templates are not admitted; their pods will be */
        spec->preemption_policy = PODSIM_PREEMPT_LOWER_PRIORITY;
    }
    return PODSIM_OK;
}

/* ---- priority admission ------------------------------------------------- */

/* The two classes every cluster has (pkg/apis/scheduling/types.go
   SystemCriticalPriority, and +1000 for node-critical). */
static bool system_class(const char *name, int32_t *value) {
    if (strcmp(name, "system-cluster-critical") == 0) {
        *value = 2000000000;
        return true;
    }
    if (strcmp(name, "system-node-critical") == 0) {
        *value = 2000001000;
        return true;
    }
    return false;
}

static const podsim_priority_class *find_class(podsim_cluster *c,
                                               const char *name) {
    podsim_id id = cluster_lookup(c, PODSIM_KIND_PRIORITYCLASS, NULL, name);
    return id == PODSIM_NO_ID ? NULL : podsim_cluster_priority_class(c, id);
}

static const podsim_priority_class *global_default_class(podsim_cluster *c) {
    size_t n = podsim_cluster_count(c, PODSIM_KIND_PRIORITYCLASS);
    const podsim_priority_class *best = NULL;
    for (podsim_id i = 0; (size_t)i < n; i++) {
        const podsim_priority_class *pc = podsim_cluster_priority_class(c, i);
        /* several defaults: the lowest value wins (getDefaultPriorityClass) */
        if (pc->global_default && (!best || pc->value < best->value)) {
            best = pc;
        }
    }
    return best;
}

/* plugin/pkg/admission/priority/admission.go: a pod without a priority
   gets its class's value, or the global default class's, or 0; its
   preemptionPolicy comes from the class too. */
void admit_pod_priority(podsim_cluster *c, podsim_pod *pod) {
    podsim_pod_spec *spec = &pod->spec;
    podsim_preemption_policy policy = PODSIM_PREEMPT_LOWER_PRIORITY;
    int32_t value = 0;
    const podsim_priority_class *pc = NULL;
    if (spec->priority_class_name[0]) {
        pc = find_class(c, spec->priority_class_name);
        if (!pc && system_class(spec->priority_class_name, &value)) {
            if (!spec->priority.set) {
                spec->priority.set = true;
                spec->priority.value = value;
            }
        }
    } else {
        pc = global_default_class(c);
        if (pc && !spec->priority.set)
            spec->priority_class_name = pc->meta.name;
    }
    if (pc) {
        value = pc->value;
        policy = pc->preemption_policy;
    }
    if (!spec->priority.set && (pc || !spec->priority_class_name[0])) {
        spec->priority.set = true;
        spec->priority.value = value;
    }
    if (spec->preemption_policy == (podsim_preemption_policy)-1) {
        spec->preemption_policy = policy;
    }
}

/* ---- workloads ---------------------------------------------------------- */

static void default_int(podsim_opt_i64 *field, int64_t value) {
    if (!field->set) {
        field->set = true;
        field->value = value;
    }
}

static void default_str(const char **field, const char *value) {
    if (!*field || !(*field)[0]) *field = value;
}

/* SetDefaults_Deployment: 1 replica, RollingUpdate with 25% surge and 25%
   unavailable. */
static void default_deployment(podsim_workload *w) {
    default_int(&w->replicas, 1);
    default_str(&w->strategy_type, "RollingUpdate");
    if (strcmp(w->strategy_type, "RollingUpdate") == 0) {
        default_str(&w->max_surge, "25%");
        default_str(&w->max_unavailable, "25%");
    }
}

/* SetDefaults_StatefulSet: 1 replica, OrderedReady, RollingUpdate from
   partition 0. */
static void default_statefulset(podsim_workload *w) {
    default_int(&w->replicas, 1);
    default_str(&w->pod_management_policy, "OrderedReady");
    default_str(&w->strategy_type, "RollingUpdate");
    if (strcmp(w->strategy_type, "RollingUpdate") == 0) {
        default_int(&w->partition, 0);
    }
}

/* SetDefaults_DaemonSet: RollingUpdate, one unavailable, no surge. */
static void default_daemonset(podsim_workload *w) {
    default_str(&w->strategy_type, "RollingUpdate");
    if (strcmp(w->strategy_type, "RollingUpdate") == 0) {
        default_str(&w->max_unavailable, "1");
        default_str(&w->max_surge, "0");
    }
}

/* SetDefaults_Job: completions and parallelism 1 when both are unset (a
   work queue keeps completions unset), backoffLimit 6, NonIndexed, and
   podReplacementPolicy Failed with a podFailurePolicy, otherwise
   TerminatingOrFailed (JobPodReplacementPolicy: beta from v1.29). */
static void default_job(podsim_workload *w) {
    if (!w->completions.set && !w->parallelism.set) {
        default_int(&w->completions, 1);
    }
    default_int(&w->parallelism, 1);
    default_int(&w->backoff_limit, 6);
    default_str(&w->completion_mode, "NonIndexed");
    default_str(&w->pod_replacement_policy,
                w->has_pod_failure_policy ? "Failed" : "TerminatingOrFailed");
}

void default_workload(podsim_workload *w) {
    switch (w->kind) {
    case PODSIM_KIND_DEPLOYMENT: default_deployment(w); break;
    case PODSIM_KIND_REPLICASET: default_int(&w->replicas, 1); break;
    case PODSIM_KIND_STATEFULSET: default_statefulset(w); break;
    case PODSIM_KIND_DAEMONSET: default_daemonset(w); break;
    case PODSIM_KIND_JOB: default_job(w); break;
    default: break;
    }
}
