/*
 * decode_objects.c - every kind podsim models, from a tree to the model.
 *
 * Field names per kind: core/v1 Node, Pod, PersistentVolumeClaim,
 * PersistentVolume, ConfigMap, Secret, Namespace, Service, Event;
 * apps/v1 Deployment, ReplicaSet, StatefulSet, DaemonSet; batch/v1 Job;
 * scheduling.k8s.io/v1 PriorityClass; policy/v1 PodDisruptionBudget;
 * storage.k8s.io/v1 StorageClass; events.k8s.io/v1 Event.
 */
#include <string.h>

#include "decode.h"

static podsim_status oom(dec *d) {
    return cluster_fail(d->c, PODSIM_ENOMEM, d->source, 0, 0, "out of memory");
}

/* ---- Node --------------------------------------------------------------- */

static const char *label(const podsim_kvs *labels, const char *key) {
    for (size_t i = 0; i < labels->count; i++) {
        if (strcmp(labels->items[i].key, key) == 0) {
            return labels->items[i].value;
        }
    }
    return NULL;
}

/* Zone and region as the scheduler and node lifecycle controller read them:
   the GA topology labels, else the deprecated failure-domain beta ones
   (k8s.io/component-helpers/node/topology: GetZoneKey). */
static void derive_topology(podsim_node *n) {
    const podsim_kvs *l = &n->meta.labels;
    const char *zone = label(l, "topology.kubernetes.io/zone");
    if (!zone) zone = label(l, "failure-domain.beta.kubernetes.io/zone");
    const char *region = label(l, "topology.kubernetes.io/region");
    if (!region) region = label(l, "failure-domain.beta.kubernetes.io/region");
    const char *host = label(l, "kubernetes.io/hostname");
    n->zone = zone ? zone : "";
    n->region = region ? region : "";
    n->hostname = host ? host : "";
}

static podsim_status dec_image(dec *d, const path *p, const yt_node *n,
                               void *out, void *ctx) {
    podsim_node_image *img = out;
    podsim_opt_i64 size = {false, 0};
    podsim_status s;
    (void)ctx;
    if ((s = dec_strings(d, p, n, "names", &img->names)) ||
        (s = dec_int(d, p, n, "sizeBytes", &size))) {
        return s;
    }
    img->size_bytes = size.value;
    return PODSIM_OK;
}

static podsim_status dec_address(dec *d, const path *p, const yt_node *n,
                                 void *out, void *ctx) {
    podsim_node_address *a = out;
    podsim_status s;
    (void)ctx;
    if ((s = dec_str(d, p, n, "type", &a->type)) ||
        (s = dec_str(d, p, n, "address", &a->address))) {
        return s;
    }
    return PODSIM_OK;
}

static podsim_status dec_images_and_addresses(dec *d, const path *p,
                                              const yt_node *status,
                                              podsim_node *n) {
    void *images = NULL, *addresses = NULL;
    podsim_status s =
        dec_list(d, p, status, "images", sizeof(podsim_node_image), dec_image,
                 NULL, &images, &n->image_count);
    if (!s)
        s = dec_list(d, p, status, "addresses", sizeof(podsim_node_address),
                     dec_address, NULL, &addresses, &n->address_count);
    n->images = images;
    n->addresses = addresses;
    return s;
}

static podsim_status dec_node_info(dec *d, const path *p, const yt_node *status,
                                   podsim_node_system_info *o) {
    const yt_node *m = NULL;
    podsim_status s = dec_map(d, p, status, "nodeInfo", &m);
    path here = PATH_KEY(p, "nodeInfo");
    o->kubelet_version = o->kube_proxy_version = o->os_image = "";
    o->kernel_version = o->container_runtime_version = "";
    o->operating_system = o->architecture = "";
    if (s || !m) return s;
    if ((s = dec_str(d, &here, m, "kubeletVersion", &o->kubelet_version)) ||
        (s = dec_str(d, &here, m, "kubeProxyVersion",
                     &o->kube_proxy_version)) ||
        (s = dec_str(d, &here, m, "osImage", &o->os_image)) ||
        (s = dec_str(d, &here, m, "kernelVersion", &o->kernel_version)) ||
        (s = dec_str(d, &here, m, "containerRuntimeVersion",
                     &o->container_runtime_version)) ||
        (s = dec_str(d, &here, m, "operatingSystem", &o->operating_system)) ||
        (s = dec_str(d, &here, m, "architecture", &o->architecture))) {
        return s;
    }
    return PODSIM_OK;
}

static podsim_status dec_node(dec *d, const path *p, const yt_node *obj,
                              podsim_node *n) {
    const yt_node *spec = NULL, *status = NULL;
    path sp = PATH_KEY(p, "spec"), st = PATH_KEY(p, "status");
    podsim_status s = dec_meta(d, p, obj, PODSIM_KIND_NODE, &n->meta);
    if (!s) s = dec_map(d, p, obj, "spec", &spec);
    if (!s) s = dec_map(d, p, obj, "status", &status);
    if (s) return s;
    derive_topology(n);
    n->provider_id = n->pod_cidr = "";
    if (spec &&
        ((s = dec_taints(d, &sp, spec, &n->taints, &n->taint_count)) ||
         (s = dec_bool(d, &sp, spec, "unschedulable", &n->unschedulable)) ||
         (s = dec_str(d, &sp, spec, "providerID", &n->provider_id)) ||
         (s = dec_str(d, &sp, spec, "podCIDR", &n->pod_cidr)))) {
        return s;
    }
    if (status &&
        ((s = dec_resources(d, &st, status, "capacity", &n->capacity)) ||
         (s = dec_resources(d, &st, status, "allocatable", &n->allocatable)) ||
         (s = dec_conditions(d, &st, status, &n->conditions,
                             &n->condition_count)) ||
         (s = dec_images_and_addresses(d, &st, status, n)))) {
        return s;
    }
    /* A node that reports no allocatable uses its capacity, as the node
       controller's defaulting does (pkg/apis/core/v1/defaults.go
       SetDefaults_NodeStatus). */
    if (!n->allocatable.count) n->allocatable = n->capacity;
    return dec_node_info(d, &st, status, &n->node_info);
}

/* ---- Pod ---------------------------------------------------------------- */

static podsim_status finish_pod(dec *d, podsim_pod *pod, unsigned flags) {
    podsim_status s = default_pod(d->c, pod, flags);
    if (s) return s == PODSIM_ENOMEM ? oom(d) : s;
    s = pod_requests_into(d->c, pod, 0, &d->c->mem, &pod->requests);
    if (s == PODSIM_ERANGE) {
        return cluster_fail(d->c, s, d->source, 0, 0,
                            "pod %s/%s: the sum of its requests overflows",
                            pod->meta.namespace_, pod->meta.name);
    }
    return s == PODSIM_ENOMEM ? oom(d) : s;
}

static podsim_status dec_pod(dec *d, const path *p, const yt_node *obj,
                             podsim_pod *pod) {
    const yt_node *spec = NULL, *status = NULL;
    path sp = PATH_KEY(p, "spec"), st = PATH_KEY(p, "status");
    pod->node = PODSIM_NO_ID;
    podsim_status s = dec_meta(d, p, obj, PODSIM_KIND_POD, &pod->meta);
    if (!s) s = dec_map(d, p, obj, "spec", &spec);
    if (!s) s = dec_map(d, p, obj, "status", &status);
    if (s) return s;
    if (!spec) {
        return dec_fail(d, p, obj, PODSIM_EPARSE, "Pod %s has no spec",
                        pod->meta.name);
    }
    if ((s = dec_pod_spec(d, &sp, spec, pod)) ||
        (s = dec_pod_status(d, &st, status, pod))) {
        return s;
    }
    return finish_pod(d, pod, 0);
}

/* spec.template of a workload: a pod without status or name. */
static podsim_status dec_template(dec *d, const path *p, const yt_node *spec,
                                  const podsim_workload *w,
                                  const podsim_pod **out) {
    const yt_node *tmpl = NULL, *tspec = NULL, *tmeta = NULL;
    podsim_status s = dec_map(d, p, spec, "template", &tmpl);
    if (s || !tmpl) return s;
    path tp = PATH_KEY(p, "template");
    path mp = PATH_KEY(&tp, "metadata"), sp = PATH_KEY(&tp, "spec");
    podsim_pod *pod = dec_alloc(d, sizeof(*pod));
    if (!pod) return oom(d);
    pod->id = PODSIM_NO_ID;
    pod->node = PODSIM_NO_ID;
    pod->meta.name = "";
    pod->meta.uid = pod->meta.resource_version = "";
    pod->meta.namespace_ = w->meta.namespace_;
    pod->meta.creation_timestamp = pod->meta.deletion_timestamp =
        PODSIM_NO_TIME;
    if ((s = dec_map(d, &tp, tmpl, "metadata", &tmeta)) ||
        (s = dec_map(d, &tp, tmpl, "spec", &tspec))) {
        return s;
    }
    if (tmeta &&
        ((s = dec_kvs(d, &mp, tmeta, "labels", &pod->meta.labels)) ||
         (s = dec_kvs(d, &mp, tmeta, "annotations", &pod->meta.annotations)))) {
        return s;
    }
    if (!tspec) return PODSIM_OK;
    if ((s = dec_pod_spec(d, &sp, tspec, pod)) ||
        (s = dec_pod_status(d, NULL, NULL, pod))) {
        return s;
    }
    unsigned flags = DEFAULT_TEMPLATE;
    if (w->kind == PODSIM_KIND_DAEMONSET) flags |= DEFAULT_DAEMONSET;
    if ((s = finish_pod(d, pod, flags))) return s;
    *out = pod;
    return PODSIM_OK;
}

/* ---- workloads ---------------------------------------------------------- */

static podsim_status dec_strategy(dec *d, const path *p, const yt_node *spec,
                                  const char *key, podsim_workload *w) {
    const yt_node *st = NULL, *ru = NULL;
    podsim_status s = dec_map(d, p, spec, key, &st);
    if (s || !st) return s;
    path here = PATH_KEY(p, key);
    if ((s = dec_str(d, &here, st, "type", &w->strategy_type)) ||
        (s = dec_map(d, &here, st, "rollingUpdate", &ru))) {
        return s;
    }
    if (!ru) return PODSIM_OK;
    path rp = PATH_KEY(&here, "rollingUpdate");
    if ((s = dec_int_or_string(d, &rp, ru, "maxSurge", &w->max_surge)) ||
        (s = dec_int_or_string(d, &rp, ru, "maxUnavailable",
                               &w->max_unavailable)) ||
        (s = dec_int(d, &rp, ru, "partition", &w->partition))) {
        return s;
    }
    return PODSIM_OK;
}

static podsim_status dec_claim_template(dec *d, const path *p, const yt_node *n,
                                        void *out, void *ctx) {
    const char **name = out;
    const yt_node *meta = NULL;
    podsim_status s = dec_map(d, p, n, "metadata", &meta);
    (void)ctx;
    path mp = PATH_KEY(p, "metadata");
    if (!s && meta) s = dec_str(d, &mp, meta, "name", name);
    if (!*name) *name = "";
    return s;
}

static podsim_status dec_claim_templates(dec *d, const path *p,
                                         const yt_node *spec,
                                         podsim_workload *w) {
    void *items = NULL;
    podsim_status s = dec_list(d, p, spec, "volumeClaimTemplates",
                               sizeof(const char *), dec_claim_template, NULL,
                               &items, &w->volume_claim_templates.count);
    w->volume_claim_templates.items = items;
    return s;
}

static podsim_status dec_workload_status(dec *d, const path *p,
                                         const yt_node *obj,
                                         podsim_workload *w) {
    const yt_node *st = NULL;
    podsim_status s = dec_map(d, p, obj, "status", &st);
    if (s || !st) return s;
    path here = PATH_KEY(p, "status");
    bool ds = w->kind == PODSIM_KIND_DAEMONSET;
    bool job = w->kind == PODSIM_KIND_JOB;
    /* DaemonSets count "numberReady"/"currentNumberScheduled"; Jobs
       "active"/"ready" */
    if ((s = dec_i32(d, &here, st,
                     ds    ? "currentNumberScheduled"
                     : job ? "active"
                           : "replicas",
                     &w->status_replicas)) ||
        (s = dec_i32(d, &here, st,
                     ds    ? "numberReady"
                     : job ? "ready"
                           : "readyReplicas",
                     &w->status_ready_replicas)) ||
        (s = dec_i32(d, &here, st,
                     ds    ? "numberAvailable"
                     : job ? "succeeded"
                           : "availableReplicas",
                     &w->status_available_replicas)) ||
        (s = dec_i32(d, &here, st,
                     ds ? "updatedNumberScheduled" : "updatedReplicas",
                     &w->status_updated_replicas)) ||
        (job && (s = dec_i32(d, &here, st, "failed", &w->status_failed))) ||
        (ds && (s = dec_int(d, &here, st, "desiredNumberScheduled",
                            &w->status_desired_number_scheduled))) ||
        (s = dec_conditions(d, &here, st, &w->conditions,
                            &w->condition_count))) {
        return s;
    }
    return PODSIM_OK;
}

static podsim_status dec_workload(dec *d, const path *p, const yt_node *obj,
                                  podsim_kind kind, podsim_workload *w) {
    w->kind = kind;
    const yt_node *spec = NULL;
    podsim_status s = dec_meta(d, p, obj, kind, &w->meta);
    if (!s) s = dec_map(d, p, obj, "spec", &spec);
    if (s) return s;
    w->strategy_type = w->max_surge = w->max_unavailable = "";
    w->pod_management_policy = w->service_name = "";
    w->completion_mode = w->pod_replacement_policy = "";
    if (!spec) {
        default_workload(w);
        return dec_workload_status(d, p, obj, w);
    }
    path sp = PATH_KEY(p, "spec");
    bool has_failure_policy = yt_get(spec, "podFailurePolicy") != NULL;
    if ((s = dec_label_selector(d, &sp, spec, "selector", &w->selector)) ||
        (s = dec_int(d, &sp, spec, "replicas", &w->replicas)) ||
        (s = dec_int(d, &sp, spec, "minReadySeconds", &w->min_ready_seconds)) ||
        (s = dec_strategy(
             d, &sp, spec,
             kind == PODSIM_KIND_DEPLOYMENT ? "strategy" : "updateStrategy",
             w)) ||
        (s = dec_str(d, &sp, spec, "podManagementPolicy",
                     &w->pod_management_policy)) ||
        (s = dec_str(d, &sp, spec, "serviceName", &w->service_name)) ||
        (s = dec_claim_templates(d, &sp, spec, w)) ||
        (s = dec_int(d, &sp, spec, "parallelism", &w->parallelism)) ||
        (s = dec_int(d, &sp, spec, "completions", &w->completions)) ||
        (s = dec_int(d, &sp, spec, "backoffLimit", &w->backoff_limit)) ||
        (s = dec_int(d, &sp, spec, "activeDeadlineSeconds",
                     &w->active_deadline_seconds)) ||
        (s = dec_str(d, &sp, spec, "completionMode", &w->completion_mode)) ||
        (s = dec_str(d, &sp, spec, "podReplacementPolicy",
                     &w->pod_replacement_policy)) ||
        (s = dec_template(d, &sp, spec, w, &w->template_pod))) {
        return s;
    }
    w->has_pod_failure_policy = has_failure_policy;
    default_workload(w);
    return dec_workload_status(d, p, obj, w);
}

/* ---- policy, storage, config -------------------------------------------- */

static podsim_status dec_priority_class(dec *d, const path *p,
                                        const yt_node *obj,
                                        podsim_priority_class *pc) {
    int preemption = PODSIM_PREEMPT_LOWER_PRIORITY;
    podsim_status s = dec_meta(d, p, obj, PODSIM_KIND_PRIORITYCLASS, &pc->meta);
    if (s || (s = dec_i32(d, p, obj, "value", &pc->value)) ||
        (s = dec_bool(d, p, obj, "globalDefault", &pc->global_default)) ||
        (s = dec_enum(d, p, obj, "preemptionPolicy",
                      PODSIM_ENUM_PREEMPTION_POLICY, &preemption)) ||
        (s = dec_str(d, p, obj, "description", &pc->description))) {
        return s;
    }
    pc->preemption_policy = (podsim_preemption_policy)preemption;
    return PODSIM_OK;
}

static podsim_status dec_pdb(dec *d, const path *p, const yt_node *obj,
                             podsim_pdb *pdb) {
    const yt_node *spec = NULL, *st = NULL;
    podsim_status s =
        dec_meta(d, p, obj, PODSIM_KIND_PODDISRUPTIONBUDGET, &pdb->meta);
    if (!s) s = dec_map(d, p, obj, "spec", &spec);
    if (!s) s = dec_map(d, p, obj, "status", &st);
    if (s) return s;
    path sp = PATH_KEY(p, "spec"), stp = PATH_KEY(p, "status");
    pdb->min_available = pdb->max_unavailable = "";
    pdb->unhealthy_pod_eviction_policy = "";
    if (spec &&
        ((s = dec_label_selector(d, &sp, spec, "selector", &pdb->selector)) ||
         (s = dec_int_or_string(d, &sp, spec, "minAvailable",
                                &pdb->min_available)) ||
         (s = dec_int_or_string(d, &sp, spec, "maxUnavailable",
                                &pdb->max_unavailable)) ||
         (s = dec_str(d, &sp, spec, "unhealthyPodEvictionPolicy",
                      &pdb->unhealthy_pod_eviction_policy)))) {
        return s;
    }
    if (st && ((s = dec_i32(d, &stp, st, "currentHealthy",
                            &pdb->status_current_healthy)) ||
               (s = dec_i32(d, &stp, st, "desiredHealthy",
                            &pdb->status_desired_healthy)) ||
               (s = dec_i32(d, &stp, st, "disruptionsAllowed",
                            &pdb->status_disruptions_allowed)) ||
               (s = dec_i32(d, &stp, st, "expectedPods",
                            &pdb->status_expected_pods)))) {
        return s;
    }
    return PODSIM_OK;
}

static podsim_status dec_access_modes(dec *d, const path *p,
                                      const yt_node *spec, unsigned *out) {
    static const char *const names[] = {"ReadWriteOnce", "ReadOnlyMany",
                                        "ReadWriteMany", "ReadWriteOncePod"};
    podsim_strings modes = {NULL, 0};
    podsim_status s = dec_strings(d, p, spec, "accessModes", &modes);
    if (s) return s;
    for (size_t i = 0; i < modes.count; i++) {
        size_t j = 0;
        while (j < 4 && strcmp(modes.items[i], names[j]) != 0) j++;
        if (j == 4) {
            path here = PATH_KEY(p, "accessModes");
            path item = PATH_INDEX(&here, i);
            return dec_fail(d, &item, yt_get(spec, "accessModes")->kids[i],
                            PODSIM_EPARSE,
                            "unsupported value \"%s\" (expected "
                            "ReadWriteOnce, ReadOnlyMany, ReadWriteMany, "
                            "ReadWriteOncePod)",
                            modes.items[i]);
        }
        *out |= 1u << j;
    }
    return PODSIM_OK;
}

static podsim_status dec_pvc(dec *d, const path *p, const yt_node *obj,
                             podsim_pvc *pvc) {
    const yt_node *spec = NULL, *st = NULL, *res = NULL;
    podsim_status s =
        dec_meta(d, p, obj, PODSIM_KIND_PERSISTENTVOLUMECLAIM, &pvc->meta);
    if (!s) s = dec_map(d, p, obj, "spec", &spec);
    if (!s) s = dec_map(d, p, obj, "status", &st);
    if (s) return s;
    path sp = PATH_KEY(p, "spec"), stp = PATH_KEY(p, "status");
    pvc->volume_name = pvc->volume_mode = pvc->phase = "";
    if (spec) {
        const yt_node *sc = yt_get(spec, "storageClassName");
        if (sc && !sc->is_null &&
            (s = dec_str(d, &sp, spec, "storageClassName",
                         &pvc->storage_class_name))) {
            return s;
        }
        if ((s = dec_access_modes(d, &sp, spec, &pvc->access_modes)) ||
            (s = dec_str(d, &sp, spec, "volumeName", &pvc->volume_name)) ||
            (s = dec_str(d, &sp, spec, "volumeMode", &pvc->volume_mode)) ||
            (s = dec_map(d, &sp, spec, "resources", &res))) {
            return s;
        }
        if (res) {
            path rp = PATH_KEY(&sp, "resources");
            podsim_resources req = {NULL, 0};
            if ((s = dec_resources(d, &rp, res, "requests", &req))) return s;
            pvc->has_storage_request =
                podsim_resources_get(&req, "storage", &pvc->storage_request);
        }
    }
    if (st && (s = dec_str(d, &stp, st, "phase", &pvc->phase))) return s;
    return PODSIM_OK;
}

/* The volume source of a PV: the first known-to-be-a-source spec key. */
static const char *pv_source_type(const yt_node *spec) {
    static const char *const not_sources[] = {"capacity",
                                              "accessModes",
                                              "claimRef",
                                              "persistentVolumeReclaimPolicy",
                                              "storageClassName",
                                              "mountOptions",
                                              "volumeMode",
                                              "nodeAffinity",
                                              "volumeAttributesClassName"};
    for (size_t i = 0; i < spec->count; i++) {
        const char *k = yt_key(spec, i)->str;
        bool is_source = true;
        for (size_t j = 0; j < sizeof not_sources / sizeof not_sources[0];
             j++) {
            if (strcmp(k, not_sources[j]) == 0) is_source = false;
        }
        if (is_source) return k;
    }
    return "";
}

static podsim_status dec_pv(dec *d, const path *p, const yt_node *obj,
                            podsim_pv *pv) {
    const yt_node *spec = NULL, *st = NULL, *claim = NULL, *csi = NULL;
    podsim_status s =
        dec_meta(d, p, obj, PODSIM_KIND_PERSISTENTVOLUME, &pv->meta);
    if (!s) s = dec_map(d, p, obj, "spec", &spec);
    if (!s) s = dec_map(d, p, obj, "status", &st);
    if (s) return s;
    path sp = PATH_KEY(p, "spec"), stp = PATH_KEY(p, "status");
    pv->storage_class_name = pv->claim_namespace = pv->claim_name = "";
    pv->reclaim_policy = pv->source_type = pv->csi_driver = pv->phase = "";
    if (spec) {
        podsim_resources cap = {NULL, 0};
        const yt_node *affinity = NULL;
        if ((s = dec_resources(d, &sp, spec, "capacity", &cap)) ||
            (s = dec_access_modes(d, &sp, spec, &pv->access_modes)) ||
            (s = dec_str(d, &sp, spec, "storageClassName",
                         &pv->storage_class_name)) ||
            (s = dec_str(d, &sp, spec, "persistentVolumeReclaimPolicy",
                         &pv->reclaim_policy)) ||
            (s = dec_map(d, &sp, spec, "claimRef", &claim)) ||
            (s = dec_map(d, &sp, spec, "csi", &csi)) ||
            (s = dec_map(d, &sp, spec, "nodeAffinity", &affinity))) {
            return s;
        }
        pv->has_capacity = podsim_resources_get(&cap, "storage", &pv->capacity);
        path cp = PATH_KEY(&sp, "claimRef"), cs = PATH_KEY(&sp, "csi");
        path ap = PATH_KEY(&sp, "nodeAffinity");
        if (claim &&
            ((s = dec_str(d, &cp, claim, "namespace", &pv->claim_namespace)) ||
             (s = dec_str(d, &cp, claim, "name", &pv->claim_name)))) {
            return s;
        }
        if (csi && (s = dec_str(d, &cs, csi, "driver", &pv->csi_driver))) {
            return s;
        }
        if (affinity && (s = dec_node_selector(d, &ap, affinity, "required",
                                               &pv->node_affinity))) {
            return s;
        }
        pv->source_type = dec_intern(d, pv_source_type(spec));
        if (!pv->source_type) return oom(d);
    }
    if (st && (s = dec_str(d, &stp, st, "phase", &pv->phase))) return s;
    return PODSIM_OK;
}

static podsim_status dec_storage_class(dec *d, const path *p,
                                       const yt_node *obj,
                                       podsim_storage_class *sc) {
    podsim_status s = dec_meta(d, p, obj, PODSIM_KIND_STORAGECLASS, &sc->meta);
    const yt_node *topo = NULL;
    if (s || (s = dec_str(d, p, obj, "provisioner", &sc->provisioner)) ||
        (s = dec_str(d, p, obj, "volumeBindingMode",
                     &sc->volume_binding_mode)) ||
        (s = dec_str(d, p, obj, "reclaimPolicy", &sc->reclaim_policy)) ||
        (s = dec_bool(d, p, obj, "allowVolumeExpansion",
                      &sc->allow_volume_expansion)) ||
        (s = dec_seq(d, p, obj, "allowedTopologies", &topo))) {
        return s;
    }
    /* API defaults (pkg/apis/storage/v1/defaults.go) */
    if (!sc->volume_binding_mode[0]) sc->volume_binding_mode = "Immediate";
    if (!sc->reclaim_policy[0]) sc->reclaim_policy = "Delete";
    const char *def = label(&sc->meta.annotations,
                            "storageclass.kubernetes.io/is-default-class");
    sc->is_default = def && strcmp(def, "true") == 0;
    if (topo && topo->count) {
        /* allowedTopologies are TopologySelectorTerms
           (matchLabelExpressions: key + values), kept as node selector
           terms with the In operator */
        path tp = PATH_KEY(p, "allowedTopologies");
        podsim_node_selector *sel = dec_alloc(d, sizeof(*sel));
        podsim_node_selector_term *terms =
            dec_alloc(d, topo->count * sizeof(*terms));
        if (!sel || !terms) return oom(d);
        for (size_t i = 0; i < topo->count; i++) {
            path item = PATH_INDEX(&tp, i);
            const yt_node *exprs = NULL;
            if ((s = dec_expect(d, &item, topo->kids[i], YT_MAP)) ||
                (s = dec_seq(d, &item, topo->kids[i], "matchLabelExpressions",
                             &exprs))) {
                return s;
            }
            if (!exprs || !exprs->count) continue;
            path ep = PATH_KEY(&item, "matchLabelExpressions");
            podsim_requirement *r = dec_alloc(d, exprs->count * sizeof(*r));
            if (!r) return oom(d);
            for (size_t j = 0; j < exprs->count; j++) {
                path ej = PATH_INDEX(&ep, j);
                if ((s = dec_expect(d, &ej, exprs->kids[j], YT_MAP)) ||
                    (s = dec_str(d, &ej, exprs->kids[j], "key", &r[j].key)) ||
                    (s = dec_strings(d, &ej, exprs->kids[j], "values",
                                     &r[j].values))) {
                    return s;
                }
                r[j].op = PODSIM_OP_IN;
            }
            terms[i].match_expressions = r;
            terms[i].match_expression_count = exprs->count;
        }
        sel->terms = terms;
        sel->term_count = topo->count;
        sc->allowed_topologies = sel;
    }
    return PODSIM_OK;
}

static podsim_status collect_keys(dec *d, const path *p, const yt_node *obj,
                                  const char *a, const char *b,
                                  podsim_strings *out) {
    const yt_node *ma = NULL, *mb = NULL;
    podsim_status s = dec_map(d, p, obj, a, &ma);
    if (!s && b) s = dec_map(d, p, obj, b, &mb);
    if (s) return s;
    size_t n = (ma ? ma->count : 0) + (mb ? mb->count : 0);
    if (!n) return PODSIM_OK;
    const char **keys = dec_alloc(d, n * sizeof(*keys));
    if (!keys) return oom(d);
    size_t k = 0;
    const yt_node *maps[2] = {ma, mb};
    for (int m = 0; m < 2; m++) {
        for (size_t i = 0; maps[m] && i < maps[m]->count; i++) {
            path item = PATH_KEY(p, m ? b : a);
            if ((s = dec_str_node(d, &item, yt_key(maps[m], i), &keys[k++]))) {
                return s;
            }
        }
    }
    out->items = keys;
    out->count = n;
    return PODSIM_OK;
}

static podsim_status dec_config(dec *d, const path *p, const yt_node *obj,
                                podsim_kind kind, podsim_config *cfg) {
    podsim_status s = dec_meta(d, p, obj, kind, &cfg->meta);
    if (s || (s = dec_str(d, p, obj, "type", &cfg->type)) ||
        (s = dec_bool(d, p, obj, "immutable", &cfg->immutable))) {
        return s;
    }
    if (kind == PODSIM_KIND_SECRET) {
        if (!cfg->type[0]) cfg->type = "Opaque"; /* SetDefaults_Secret */
        return collect_keys(d, p, obj, "data", "stringData", &cfg->keys);
    }
    return collect_keys(d, p, obj, "data", "binaryData", &cfg->keys);
}

static podsim_status dec_namespace(dec *d, const path *p, const yt_node *obj,
                                   podsim_namespace *ns) {
    const yt_node *st = NULL;
    podsim_status s = dec_meta(d, p, obj, PODSIM_KIND_NAMESPACE, &ns->meta);
    if (!s) s = dec_map(d, p, obj, "status", &st);
    if (s) return s;
    ns->phase = "Active";
    path sp = PATH_KEY(p, "status");
    return st ? dec_str(d, &sp, st, "phase", &ns->phase) : PODSIM_OK;
}

static podsim_status dec_service(dec *d, const path *p, const yt_node *obj,
                                 podsim_service *svc) {
    const yt_node *spec = NULL;
    podsim_status s = dec_meta(d, p, obj, PODSIM_KIND_SERVICE, &svc->meta);
    if (!s) s = dec_map(d, p, obj, "spec", &spec);
    if (s) return s;
    svc->type = "ClusterIP";
    svc->cluster_ip = "";
    if (!spec) return PODSIM_OK;
    path sp = PATH_KEY(p, "spec");
    svc->has_selector =
        yt_get(spec, "selector") && !yt_get(spec, "selector")->is_null;
    if ((s = dec_str(d, &sp, spec, "type", &svc->type)) ||
        (s = dec_kvs(d, &sp, spec, "selector", &svc->selector)) ||
        (s = dec_str(d, &sp, spec, "clusterIP", &svc->cluster_ip))) {
        return s;
    }
    if (!svc->type[0]) svc->type = "ClusterIP";
    return PODSIM_OK;
}

/* core/v1 Event (involvedObject, source, count) or events.k8s.io/v1 Event
   (regarding, reportingController, series, note), one shape. */
static podsim_status dec_event(dec *d, const path *p, const yt_node *obj,
                               podsim_event *e) {
    const yt_node *inv = NULL, *src = NULL, *series = NULL;
    podsim_status s = dec_meta(d, p, obj, PODSIM_KIND_EVENT, &e->meta);
    if (s) return s;
    e->involved_kind = e->involved_namespace = e->involved_name = "";
    e->involved_uid = e->involved_field_path = "";
    e->source_component = e->source_host = "";
    if ((s = dec_map(d, p, obj, "involvedObject", &inv)) ||
        (!inv && (s = dec_map(d, p, obj, "regarding", &inv))) ||
        (s = dec_map(d, p, obj, "source", &src)) ||
        (s = dec_map(d, p, obj, "series", &series)) ||
        (s = dec_str(d, p, obj, "reason", &e->reason)) ||
        (s = dec_str(d, p, obj, "message", &e->message)) ||
        (!e->message[0] && (s = dec_str(d, p, obj, "note", &e->message))) ||
        (s = dec_str(d, p, obj, "type", &e->type)) ||
        (s = dec_i32(d, p, obj, "count", &e->count)) ||
        (s = dec_time(d, p, obj, "firstTimestamp", &e->first_timestamp)) ||
        (s = dec_time(d, p, obj, "lastTimestamp", &e->last_timestamp)) ||
        (s = dec_time(d, p, obj, "eventTime", &e->event_time)) ||
        (s = dec_str(d, p, obj, "reportingController",
                     &e->reporting_controller)) ||
        (!e->reporting_controller[0] &&
         (s = dec_str(d, p, obj, "reportingComponent",
                      &e->reporting_controller))) ||
        (s = dec_str(d, p, obj, "reportingInstance", &e->reporting_instance)) ||
        (s = dec_str(d, p, obj, "action", &e->action))) {
        return s;
    }
    path ip = PATH_KEY(p, "involvedObject"), sp = PATH_KEY(p, "source");
    if (inv &&
        ((s = dec_str(d, &ip, inv, "kind", &e->involved_kind)) ||
         (s = dec_str(d, &ip, inv, "namespace", &e->involved_namespace)) ||
         (s = dec_str(d, &ip, inv, "name", &e->involved_name)) ||
         (s = dec_str(d, &ip, inv, "uid", &e->involved_uid)) ||
         (s = dec_str(d, &ip, inv, "fieldPath", &e->involved_field_path)))) {
        return s;
    }
    if (src && ((s = dec_str(d, &sp, src, "component", &e->source_component)) ||
                (s = dec_str(d, &sp, src, "host", &e->source_host)))) {
        return s;
    }
    e->series_last_observed_time = PODSIM_NO_TIME;
    if (series) {
        path rp = PATH_KEY(p, "series");
        if ((!e->count && (s = dec_i32(d, &rp, series, "count", &e->count))) ||
            (s = dec_time(d, &rp, series, "lastObservedTime",
                          &e->series_last_observed_time))) {
            return s;
        }
    }
    return PODSIM_OK;
}

/* ---- dispatch ----------------------------------------------------------- */

podsim_status dec_object(dec *d, podsim_kind kind, const yt_node *obj,
                         podsim_id *id_out) {
    void *view = cluster_new_object(d->c, kind);
    if (!view) return oom(d);
    *id_out = *(podsim_id *)view;
    const path *p = NULL; /* errors name fields from the object root */
    switch (kind) {
    case PODSIM_KIND_NODE: return dec_node(d, p, obj, view);
    case PODSIM_KIND_POD: return dec_pod(d, p, obj, view);
    case PODSIM_KIND_DEPLOYMENT:
    case PODSIM_KIND_REPLICASET:
    case PODSIM_KIND_STATEFULSET:
    case PODSIM_KIND_DAEMONSET:
    case PODSIM_KIND_JOB: return dec_workload(d, p, obj, kind, view);
    case PODSIM_KIND_PRIORITYCLASS: return dec_priority_class(d, p, obj, view);
    case PODSIM_KIND_PODDISRUPTIONBUDGET: return dec_pdb(d, p, obj, view);
    case PODSIM_KIND_PERSISTENTVOLUMECLAIM: return dec_pvc(d, p, obj, view);
    case PODSIM_KIND_PERSISTENTVOLUME: return dec_pv(d, p, obj, view);
    case PODSIM_KIND_STORAGECLASS: return dec_storage_class(d, p, obj, view);
    case PODSIM_KIND_CONFIGMAP:
    case PODSIM_KIND_SECRET: return dec_config(d, p, obj, kind, view);
    case PODSIM_KIND_NAMESPACE: return dec_namespace(d, p, obj, view);
    case PODSIM_KIND_SERVICE: return dec_service(d, p, obj, view);
    case PODSIM_KIND_EVENT: return dec_event(d, p, obj, view);
    default: return PODSIM_EINVAL;
    }
}
