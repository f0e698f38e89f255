/*
 * volume_restrictions.c - the VolumeRestrictions plugin: a claim with the
 * ReadWriteOncePod access mode may be used by one pod only.
 *
 * Mirrors pkg/scheduler/framework/plugins/volumerestrictions/
 * volume_restrictions.go (v1.30-v1.35; ReadWriteOncePod is GA since
 * v1.29). PreFilter looks up every persistentVolumeClaim volume of the pod
 * in its namespace (a missing claim rejects the pod everywhere,
 * Unresolvable, with the lister's NotFound text) and counts the scheduled
 * pods already using one of its ReadWriteOncePod claims; with none, the
 * plugin is skipped. Filter then rejects every node (Unschedulable, so
 * preemption may evict the user).
 *
 * Not modelled: the in-tree disk conflicts of the same plugin (GCE PD, AWS
 * EBS, RBD, iSCSI, reason "node(s) had no available disk") need the disk
 * identities (pdName, volumeID, monitors/pool/image, IQN), which the model
 * does not keep; those volumes never conflict here.
 */
#include "sched.h"
#include "volume_claims.h"

#include <string.h>

static const char reason_rwop_conflict[] =
    "node has pod using PersistentVolumeClaim with the same name and "
    "ReadWriteOncePod access mode";

typedef struct rwop_state {
    int32_t conflicting_refs; /* scheduled pods using one of the claims */
} rwop_state;

/* True if `pod` mounts claim `name` of namespace `ns` through a
   persistentVolumeClaim volume (NodeInfo.PVCRefCounts keys). */
static bool pod_uses_claim(const podsim_pod *pod, const char *ns,
                           const char *name) {
    if (!same_string(pod->meta.namespace_, ns)) return false;
    for (size_t i = 0; i < pod->spec.volume_count; i++) {
        const podsim_volume *v = &pod->spec.volumes[i];
        if (v->type == PODSIM_VOLUME_PVC && same_string(v->source, name))
            return true;
    }
    return false;
}

/* SharedLister.StorageInfos().IsPVCUsedByPods over the snapshot. */
static bool claim_used_by_scheduled_pod(const sched_cycle *cy, const char *ns,
                                        const char *name) {
    const sched_snapshot *snap = cy->snap;
    for (size_t i = 0; i < snap->pods.len; i++) {
        const snap_pod *sp = snapshot_pod(snap, (int32_t)i);
        if (sp->removed || sp->pod == cy->pod) continue;
        if (pod_uses_claim(sp->pod, ns, name)) return true;
    }
    return false;
}

static sched_code pre_filter(sched_cycle *cy, const sched_slot *slot,
                             void **state, sched_node_set *nodes,
                             sched_reasons *why) {
    (void)slot;
    (void)nodes;
    const podsim_pod *pod = cy->pod;
    const char *ns = pod->meta.namespace_;
    int32_t conflicts = 0;
    for (size_t i = 0; i < pod->spec.volume_count; i++) {
        const podsim_volume *v = &pod->spec.volumes[i];
        if (v->type != PODSIM_VOLUME_PVC) continue;
        const podsim_pvc *pvc = find_pvc(cy->c, ns, v->source);
        if (!pvc) {
            const char *msg = cycle_printf(
                cy, "persistentvolumeclaim \"%s\" not found", v->source);
            if (!msg) return SCHED_ERROR;
            reasons_add(why, msg);
            return SCHED_UNRESOLVABLE;
        }
        if (!(pvc->access_modes & PODSIM_ACCESS_RWOP)) continue;
        /* a set of claim names upstream: count each claim once */
        bool seen = false;
        for (size_t j = 0; j < i && !seen; j++) {
            const podsim_volume *w = &pod->spec.volumes[j];
            seen = w->type == PODSIM_VOLUME_PVC &&
                   same_string(w->source, v->source);
        }
        if (!seen && claim_used_by_scheduled_pod(cy, ns, v->source)) {
            conflicts++;
        }
    }
    if (conflicts == 0) return SCHED_SKIP;
    rwop_state *s = cycle_alloc(cy, sizeof *s);
    if (!s) return SCHED_ERROR;
    s->conflicting_refs = conflicts;
    *state = s;
    return SCHED_SUCCESS;
}

static sched_code filter(sched_cycle *cy, const sched_slot *slot, void *state,
                         int32_t node, sched_reasons *why) {
    (void)cy;
    (void)slot;
    (void)node;
    const rwop_state *s = state;
    if (s && s->conflicting_refs > 0) {
        reasons_add(why, reason_rwop_conflict);
        return SCHED_UNSCHEDULABLE;
    }
    return SCHED_SUCCESS;
}

const sched_plugin sched_plugin_volume_restrictions = {
    .name = "VolumeRestrictions",
    .points = PT_BIT(PT_PRE_FILTER) | PT_BIT(PT_FILTER),
    .pre_filter = pre_filter,
    .filter = filter,
};
