/*
 * node_volume_limits.c - the NodeVolumeLimits plugin (CSI attach limits):
 * a node can attach only so many volumes of one CSI driver.
 *
 * Mirrors pkg/scheduler/framework/plugins/nodevolumelimits/csi.go
 * (CSILimits, v1.30-v1.35). PreFilter skips pods without claim volumes.
 * Filter counts the pod's distinct CSI volumes per driver, drops those
 * already attached by pods on the node, adds the node's attached ones and
 * compares with the node's limit; over the limit the node fails with
 * "node(s) exceed max volume count" (Unschedulable). A claim of the pod
 * that does not exist fails the node, Unresolvable, with upstream's
 * "looking up PVC <ns>/<name>: ..." text.
 *
 * How podsim sees the limits: the model has no CSINode objects, so the only
 * limits are the ones upstream also reads from the Node itself, its
 * status.allocatable "attachable-volumes-csi-<driver>" entries. A node
 * without such entries has no limit, which is upstream's behaviour when no
 * CSINode limit is known. Consequences of the missing CSINode, as upstream
 * behaves without one: in-tree volumes (PVs without a csi source, in-tree
 * provisioners such as kubernetes.io/aws-ebs) are never counted, because
 * CSI migration is only considered on when CSINode says so. A bound CSI
 * volume is identified by its PV (the model keeps no volumeHandle); a claim
 * not yet bound counts once under its class's provisioner. Driver names of
 * 40 characters or more, whose limit keys upstream shortens with a SHA-1
 * suffix, are looked up unshortened.
 */
#include "sched.h"
#include "volume_claims.h"

#include <string.h>

static const char reason_max_volume_count[] = "node(s) exceed max volume count";

#define ATTACH_LIMIT_PREFIX "attachable-volumes-csi-"

/* csi-translation-lib: in-tree provisioners that migrate to CSI drivers */
static const char *const migratable_provisioners[] = {
    "kubernetes.io/aws-ebs",        "kubernetes.io/gce-pd",
    "kubernetes.io/azure-disk",     "kubernetes.io/azure-file",
    "kubernetes.io/cinder",         "kubernetes.io/vsphere-volume",
    "kubernetes.io/portworx-volume"};

/* One attachable volume: its unique name and its limit key. */
typedef struct csi_volume {
    const char *unique;
    const char *limit_key;
} csi_volume;

typedef struct csi_volumes {
    csi_volume *items;
    size_t count;
    size_t cap;
} csi_volumes;

static bool is_migratable_provisioner(const char *p) {
    size_t n = sizeof migratable_provisioners / sizeof *migratable_provisioners;
    for (size_t i = 0; i < n; i++) {
        if (strcmp(p, migratable_provisioners[i]) == 0) return true;
    }
    return false;
}

/* map insert: a unique name counts once */
static bool volumes_add(sched_cycle *cy, csi_volumes *set, const char *unique,
                        const char *limit_key) {
    if (!unique || !limit_key) return false;
    for (size_t i = 0; i < set->count; i++) {
        if (strcmp(set->items[i].unique, unique) == 0) {
            set->items[i].limit_key = limit_key;
            return true;
        }
    }
    if (set->count == set->cap) {
        size_t cap = set->cap ? set->cap * 2 : 8;
        csi_volume *grown = cycle_alloc(cy, cap * sizeof *grown);
        if (!grown) return false;
        if (set->count) memcpy(grown, set->items, set->count * sizeof *grown);
        set->items = grown;
        set->cap = cap;
    }
    set->items[set->count].unique = unique;
    set->items[set->count].limit_key = limit_key;
    set->count++;
    return true;
}

/* getCSIDriverInfo: the driver and a unique volume name, or *driver NULL
   when the volume is not counted. */
static void csi_driver_info(const sched_cycle *cy, const podsim_pvc *pvc,
                            const char **driver, bool *from_pv,
                            const char **pv_name) {
    *driver = NULL;
    *from_pv = false;
    *pv_name = NULL;
    const podsim_pv *pv =
        pvc->volume_name[0] ? find_pv(cy->c, pvc->volume_name) : NULL;
    if (pv) {
        /* non-CSI PVs would need CSINode's migration annotation */
        if (strcmp(pv->source_type, "csi") != 0 || !pv->csi_driver[0]) return;
        *driver = pv->csi_driver;
        *from_pv = true;
        *pv_name = pv->meta.name;
        return;
    }
    /* getCSIDriverInfoFromSC: unbound, or the PV is gone */
    const char *class_name = pvc_class_name(cy->c, pvc);
    if (!class_name[0]) return;
    const podsim_storage_class *sc = find_storage_class(cy->c, class_name);
    if (!sc || !sc->provisioner || !sc->provisioner[0]) return;
    if (is_migratable_provisioner(sc->provisioner)) return;
    *driver = sc->provisioner;
}

/* filterAttachableVolumes for one pod. For the incoming pod (`incoming`) a
   missing claim is a verdict; for scheduled pods it is skipped. */
static sched_code attachable_volumes(sched_cycle *cy, const podsim_pod *pod,
                                     bool incoming, csi_volumes *out,
                                     sched_reasons *why) {
    for (size_t i = 0; i < pod->spec.volume_count; i++) {
        claim_ref ref;
        claim_ref_of(pod, &pod->spec.volumes[i], &ref);
        if (!ref.name) continue; /* inline volumes: not CSI-migrated here */
        if (!ref.name[0]) {
            return cycle_error(cy, "PersistentVolumeClaim had no name");
        }
        const char *ns = pod->meta.namespace_;
        const podsim_pvc *pvc = find_pvc(cy->c, ns, ref.name);
        if (!pvc) {
            if (!incoming) continue;
            const char *msg = cycle_printf(
                cy,
                "looking up PVC %s/%s: persistentvolumeclaim \"%s\" not found",
                ns, ref.name, ref.name);
            if (!msg) return SCHED_ERROR;
            reasons_add(why, msg);
            return SCHED_UNRESOLVABLE;
        }
        if (ref.ephemeral && !pvc_is_for_pod(pvc, pod)) {
            return cycle_error(cy,
                               "PVC %s/%s was not created for pod %s/%s "
                               "(pod is not owner)",
                               pvc->meta.namespace_, pvc->meta.name, ns,
                               pod->meta.name);
        }
        const char *driver, *pv_name;
        bool from_pv;
        csi_driver_info(cy, pvc, &driver, &from_pv, &pv_name);
        if (!driver) continue;
        const char *unique =
            from_pv ? cycle_printf(cy, "%s/pv/%s", driver, pv_name)
                    : cycle_printf(cy, "%s/claim/%s/%s", driver, ns, ref.name);
        const char *key = cycle_printf(cy, ATTACH_LIMIT_PREFIX "%s", driver);
        if (!volumes_add(cy, out, unique, key)) return SCHED_ERROR;
    }
    return SCHED_SUCCESS;
}

/* getVolumeLimits (Node allocatable part): the limit for a key, if any. */
static bool node_volume_limit(const podsim_node *node, const char *key,
                              int64_t *limit) {
    podsim_quantity q;
    if (!podsim_resources_get(&node->allocatable, key, &q)) return false;
    return podsim_quantity_value(&q, limit) == PODSIM_OK;
}

static bool has_any_limit(const podsim_node *node) {
    for (size_t i = 0; i < node->allocatable.count; i++) {
        if (strncmp(node->allocatable.items[i].name, "attachable-volumes-",
                    strlen("attachable-volumes-")) == 0) {
            return true;
        }
    }
    return false;
}

static size_t count_key(const csi_volumes *set, const char *key) {
    size_t n = 0;
    for (size_t i = 0; i < set->count; i++) {
        if (set->items[i].unique && strcmp(set->items[i].limit_key, key) == 0) {
            n++;
        }
    }
    return n;
}

static sched_code pre_filter(sched_cycle *cy, const sched_slot *slot,
                             void **state, sched_node_set *nodes,
                             sched_reasons *why) {
    (void)slot;
    (void)state;
    (void)nodes;
    (void)why;
    const podsim_pod *pod = cy->pod;
    for (size_t i = 0; i < pod->spec.volume_count; i++) {
        podsim_volume_type t = pod->spec.volumes[i].type;
        if (t == PODSIM_VOLUME_PVC || t == PODSIM_VOLUME_EPHEMERAL) {
            return SCHED_SUCCESS;
        }
    }
    return SCHED_SKIP;
}

static sched_code filter(sched_cycle *cy, const sched_slot *slot, void *state,
                         int32_t node_index, sched_reasons *why) {
    (void)slot;
    (void)state;
    if (cy->pod->spec.volume_count == 0) return SCHED_SUCCESS;
    const snap_node *sn = &cy->snap->nodes[node_index];
    csi_volumes fresh = {NULL, 0, 0};
    sched_code code = attachable_volumes(cy, cy->pod, true, &fresh, why);
    if (code != SCHED_SUCCESS || fresh.count == 0) return code;
    if (!has_any_limit(sn->node)) return SCHED_SUCCESS;

    csi_volumes attached = {NULL, 0, 0};
    for (size_t i = 0; i < sn->pods.len; i++) {
        const snap_pod *sp =
            snapshot_pod(cy->snap, *(const int32_t *)vec_at(&sn->pods, i));
        if (sp->removed || sp->pod == cy->pod) continue;
        code = attachable_volumes(cy, sp->pod, false, &attached, why);
        if (code != SCHED_SUCCESS) return code;
    }
    /* a volume already attached is not attached again */
    for (size_t i = 0; i < attached.count; i++) {
        for (size_t j = 0; j < fresh.count; j++) {
            if (fresh.items[j].unique &&
                strcmp(fresh.items[j].unique, attached.items[i].unique) == 0) {
                fresh.items[j].unique = NULL;
            }
        }
    }
    for (size_t j = 0; j < fresh.count; j++) {
        if (!fresh.items[j].unique) continue;
        const char *key = fresh.items[j].limit_key;
        int64_t limit;
        if (!node_volume_limit(sn->node, key, &limit)) continue;
        size_t wanted = count_key(&fresh, key);
        size_t current = count_key(&attached, key);
        if ((int64_t)(current + wanted) > limit) {
            reasons_add(why, reason_max_volume_count);
            return SCHED_UNSCHEDULABLE;
        }
    }
    return SCHED_SUCCESS;
}

const sched_plugin sched_plugin_node_volume_limits = {
    .name = "NodeVolumeLimits",
    .points = PT_BIT(PT_PRE_FILTER) | PT_BIT(PT_FILTER),
    .pre_filter = pre_filter,
    .filter = filter,
};
