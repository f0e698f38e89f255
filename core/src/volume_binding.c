/*
 * volume_binding.c - the VolumeBinding plugin: a pod's claims must be
 * bound to volumes the node can reach, or bindable/provisionable there.
 *
 * Mirrors pkg/scheduler/framework/plugins/volumebinding/volume_binding.go
 * (podHasPVCs, PreFilter, Filter) and binder.go (GetPodVolumeClaims,
 * FindPodVolumes, checkBoundClaims, findMatchingVolumes,
 * checkVolumeProvisions) with component-helpers/storage/volume
 * FindMatchingVolume, v1.30-v1.35. Since the fix for kubernetes#125336
 * (v1.32, backported to v1.29-v1.31 patches) PreFilter returns no node set.
 *
 * PreFilter: no claim volumes -> Skip. Every claim must exist and be
 * usable, else the pod fails everywhere (Unresolvable) with upstream's
 * error text. Claims not fully bound whose class is not
 * WaitForFirstConsumer (or that name a volume) must already be bound:
 * "pod has unbound immediate PersistentVolumeClaims".
 * Filter (Unresolvable, every applicable reason in upstream order):
 *   bound claims: the PV must exist ("node(s) unavailable due to one or
 *   more pvc(s) bound to non-existent pv(s)") and its node affinity must
 *   match the node labels ("node(s) had volume node affinity conflict");
 *   delayed claims: a claim provisioned for another node
 *   (volume.kubernetes.io/selected-node), or one with neither an available
 *   matching PV (class, capacity >= request, access modes, node affinity;
 *   smallest fit, smaller requests first) nor a class that can provision
 *   on this node (provisioner set, allowedTopologies) fails with
 *   "node(s) didn't find available persistent volumes to bind".
 *
 * Not modelled: CSIStorageCapacity ("node(s) did not have enough free
 * storage": capacity tracking needs CSIDriver objects, so provisioning is
 * never short of space), claim label selectors, PV volumeMode, in-tree PV
 * topology translation, VolumeAttributesClass, and the alpha capacity
 * Score. A PV without status.phase counts as Available (the PV controller
 * would make it so); see pvc_fully_bound for bound claims.
 */
#include "sched.h"
#include "volume_claims.h"

#include <string.h>

#define ANN_SELECTED_NODE "volume.kubernetes.io/selected-node"
#define NOT_SUPPORTED_PROVISIONER "kubernetes.io/no-provisioner"

static const char reason_node_conflict[] =
    "node(s) had volume node affinity conflict";
static const char reason_bind_conflict[] =
    "node(s) didn't find available persistent volumes to bind";
static const char reason_pv_not_exist[] =
    "node(s) unavailable due to one or more pvc(s) bound to non-existent "
    "pv(s)";

typedef struct binding_state {
    const podsim_pvc **bound; /* fully bound claims */
    size_t bound_count;
    const podsim_pvc **delayed; /* unbound, WaitForFirstConsumer; sorted
                                   by increasing storage request */
    const char **delayed_class;
    size_t delayed_count;
} binding_state;

static sched_code reject(sched_reasons *why, const char *msg) {
    if (!msg) return SCHED_ERROR;
    reasons_add(why, msg);
    return SCHED_UNRESOLVABLE;
}

/* podHasPVCs: every claim exists, is not lost or being deleted, and an
   ephemeral one belongs to the pod. Counts the claim volumes. */
static sched_code check_claims_exist(sched_cycle *cy, size_t *claims,
                                     sched_reasons *why) {
    const podsim_pod *pod = cy->pod;
    *claims = 0;
    for (size_t i = 0; i < pod->spec.volume_count; i++) {
        claim_ref ref;
        claim_ref_of(pod, &pod->spec.volumes[i], &ref);
        if (!ref.name) continue;
        ++*claims;
        const podsim_pvc *pvc = find_pvc(cy->c, pod->meta.namespace_, ref.name);
        if (!pvc && ref.ephemeral) {
            return reject(why, cycle_printf(cy,
                                            "waiting for ephemeral volume "
                                            "controller to create the "
                                            "persistentvolumeclaim \"%s\"",
                                            ref.name));
        }
        if (!pvc) {
            return reject(
                why, cycle_printf(cy, "persistentvolumeclaim \"%s\" not found",
                                  ref.name));
        }
        if (same_string(pvc->phase, "Lost")) {
            return reject(why, cycle_printf(cy,
                                            "persistentvolumeclaim \"%s\" "
                                            "bound to non-existent "
                                            "persistentvolume \"%s\"",
                                            pvc->meta.name, pvc->volume_name));
        }
        if (pvc->meta.deletion_timestamp != PODSIM_NO_TIME) {
            return reject(why, cycle_printf(cy,
                                            "persistentvolumeclaim \"%s\" is "
                                            "being deleted",
                                            pvc->meta.name));
        }
        if (ref.ephemeral && !pvc_is_for_pod(pvc, pod)) {
            return reject(why,
                          cycle_printf(cy,
                                       "PVC %s/%s was not created for "
                                       "pod %s/%s (pod is not owner)",
                                       pvc->meta.namespace_, pvc->meta.name,
                                       pod->meta.namespace_, pod->meta.name));
        }
    }
    return SCHED_SUCCESS;
}

/* volume.IsDelayBindingMode: the claim's class exists and waits for the
   first consumer. */
static bool delay_binding(const podsim_cluster *c, const char *class_name) {
    if (!class_name[0]) return false;
    const podsim_storage_class *sc = find_storage_class(c, class_name);
    return sc && strcmp(sc->volume_binding_mode, "WaitForFirstConsumer") == 0;
}

static int cmp_request(const podsim_pvc *a, const podsim_pvc *b) {
    podsim_quantity zero = {0, 0, PODSIM_QUANTITY_DECIMAL_SI};
    return podsim_quantity_cmp(
        a->has_storage_request ? &a->storage_request : &zero,
        b->has_storage_request ? &b->storage_request : &zero);
}

/* byPVCSize, kept stable so equal requests keep the pod's volume order. */
static void sort_by_request(binding_state *s) {
    for (size_t i = 1; i < s->delayed_count; i++) {
        const podsim_pvc *pvc = s->delayed[i];
        const char *cls = s->delayed_class[i];
        size_t j = i;
        while (j > 0 && cmp_request(pvc, s->delayed[j - 1]) < 0) {
            s->delayed[j] = s->delayed[j - 1];
            s->delayed_class[j] = s->delayed_class[j - 1];
            j--;
        }
        s->delayed[j] = pvc;
        s->delayed_class[j] = cls;
    }
}

static sched_code pre_filter(sched_cycle *cy, const sched_slot *slot,
                             void **state, sched_node_set *nodes,
                             sched_reasons *why) {
    (void)slot;
    (void)nodes;
    const podsim_pod *pod = cy->pod;
    size_t claims = 0;
    sched_code code = check_claims_exist(cy, &claims, why);
    if (code != SCHED_SUCCESS) return code;
    if (claims == 0) return SCHED_SKIP;

    binding_state *s = cycle_alloc(cy, sizeof *s);
    if (!s) return SCHED_ERROR;
    s->bound = cycle_alloc(cy, claims * sizeof *s->bound);
    s->delayed = cycle_alloc(cy, claims * sizeof *s->delayed);
    s->delayed_class = cycle_alloc(cy, claims * sizeof *s->delayed_class);
    if (!s->bound || !s->delayed || !s->delayed_class) {
        return SCHED_ERROR;
    }
    bool unbound_immediate = false;
    for (size_t i = 0; i < pod->spec.volume_count; i++) {
        claim_ref ref;
        claim_ref_of(pod, &pod->spec.volumes[i], &ref);
        if (!ref.name) continue;
        const podsim_pvc *pvc = find_pvc(cy->c, pod->meta.namespace_, ref.name);
        if (pvc_fully_bound(pvc)) {
            s->bound[s->bound_count++] = pvc;
            continue;
        }
        const char *class_name = pvc_class_name(cy->c, pvc);
        /* prebound claims are treated as unbound immediate ones */
        if (delay_binding(cy->c, class_name) && !pvc->volume_name[0]) {
            s->delayed_class[s->delayed_count] = class_name;
            s->delayed[s->delayed_count++] = pvc;
        } else {
            unbound_immediate = true;
        }
    }
    if (unbound_immediate) {
        return reject(why, "pod has unbound immediate PersistentVolumeClaims");
    }
    sort_by_request(s);
    *state = s;
    return SCHED_SUCCESS;
}

/* checkBoundClaims: sets *affinity_ok / *pvs_found as upstream returns
   them (a missing PV stops the walk). */
static void check_bound_claims(const sched_cycle *cy, const binding_state *s,
                               const podsim_node *node, bool *affinity_ok,
                               bool *pvs_found) {
    for (size_t i = 0; i < s->bound_count; i++) {
        const podsim_pv *pv = find_pv(cy->c, s->bound[i]->volume_name);
        if (!pv) {
            *pvs_found = false;
            return;
        }
        if (!pv_node_affinity_matches(pv, node)) {
            *affinity_ok = false;
            return;
        }
    }
}

static bool pv_chosen(const podsim_pv *const *chosen, size_t count,
                      const podsim_pv *pv) {
    for (size_t i = 0; i < count; i++) {
        if (chosen[i] == pv) return true;
    }
    return false;
}

static bool pv_claimed_by(const podsim_pv *pv, const podsim_pvc *pvc) {
    return same_string(pv->claim_name, pvc->meta.name) &&
           same_string(pv->claim_namespace, pvc->meta.namespace_);
}

/* volume.FindMatchingVolume (scheduler path, delayBinding): a PV prebound
   to the claim wins if the node can reach it; otherwise the smallest
   available PV of the claim's class that fits. */
static const podsim_pv *find_matching_volume(
    const sched_cycle *cy, const podsim_pv *const *chosen, size_t chosen_count,
    const podsim_pvc *pvc, const char *class_name, const podsim_node *node) {
    podsim_quantity zero = {0, 0, PODSIM_QUANTITY_DECIMAL_SI};
    const podsim_quantity *want =
        pvc->has_storage_request ? &pvc->storage_request : &zero;
    const podsim_pv *smallest = NULL;
    size_t n = podsim_cluster_count(cy->c, PODSIM_KIND_PERSISTENTVOLUME);
    for (size_t i = 0; i < n; i++) {
        const podsim_pv *pv = podsim_cluster_pv(cy->c, (podsim_id)i);
        /* pvCache.ListPVs(class) */
        if (!pv || strcmp(pv_class_name(pv), class_name) != 0) continue;
        if (pv_chosen(chosen, chosen_count, pv)) continue;
        bool claimed = pv->claim_name[0] != '\0';
        if (claimed && !pv_claimed_by(pv, pvc)) continue;
        const podsim_quantity *size = pv->has_capacity ? &pv->capacity : &zero;
        if (podsim_quantity_cmp(size, want) < 0) continue;
        if (pv->meta.deletion_timestamp != PODSIM_NO_TIME) continue;
        bool reachable = pv_node_affinity_matches(pv, node);
        if (claimed) return reachable ? pv : NULL;
        if (pv->phase[0] && strcmp(pv->phase, "Available") != 0) continue;
        if (!reachable) continue;
        if ((pvc->access_modes & pv->access_modes) != pvc->access_modes) {
            continue;
        }
        const podsim_quantity *best =
            smallest && smallest->has_capacity ? &smallest->capacity : &zero;
        if (!smallest || podsim_quantity_cmp(best, size) > 0) smallest = pv;
    }
    return smallest;
}

/* checkVolumeProvisions for one claim: SUCCESS with *ok, or ERROR. */
static sched_code can_provision(sched_cycle *cy, const podsim_pvc *pvc,
                                const char *class_name, const podsim_node *node,
                                bool *ok) {
    *ok = false;
    if (!class_name[0]) {
        return cycle_error(cy, "no class for claim \"%s/%s\"",
                           pvc->meta.namespace_, pvc->meta.name);
    }
    const podsim_storage_class *sc = find_storage_class(cy->c, class_name);
    if (!sc) {
        return cycle_error(cy, "failed to find storage class \"%s\"",
                           class_name);
    }
    if (!sc->provisioner || !sc->provisioner[0] ||
        strcmp(sc->provisioner, NOT_SUPPORTED_PROVISIONER) == 0) {
        return SCHED_SUCCESS;
    }
    *ok = topology_terms_match(sc->allowed_topologies, &node->meta.labels);
    return SCHED_SUCCESS;
}

/* The unbound-claims half of FindPodVolumes: *ok is unboundVolumesSatisfied. */
static sched_code check_delayed_claims(sched_cycle *cy, binding_state *s,
                                       const podsim_node *node, bool *ok) {
    const podsim_pvc **provision =
        cycle_alloc(cy, (s->delayed_count + 1) * sizeof *provision);
    const char **provision_class =
        cycle_alloc(cy, (s->delayed_count + 1) * sizeof *provision_class);
    /* PVs matched so far in this call (chosenPVs) */
    const podsim_pv **chosen =
        cycle_alloc(cy, (s->delayed_count + 1) * sizeof *chosen);
    if (!provision || !provision_class || !chosen) return SCHED_ERROR;
    size_t to_provision = 0;
    /* claims already provisioned for a node go straight to provisioning */
    for (size_t i = 0; i < s->delayed_count; i++) {
        const char *selected =
            kvs_get(&s->delayed[i]->meta.annotations, ANN_SELECTED_NODE);
        if (!selected) continue;
        if (strcmp(selected, node->meta.name) != 0) {
            *ok = false; /* fast path: provisioned for another node */
            return SCHED_SUCCESS;
        }
        provision_class[to_provision] = s->delayed_class[i];
        provision[to_provision++] = s->delayed[i];
    }
    size_t chosen_count = 0;
    for (size_t i = 0; i < s->delayed_count; i++) {
        const podsim_pvc *pvc = s->delayed[i];
        if (kvs_get(&pvc->meta.annotations, ANN_SELECTED_NODE)) continue;
        const podsim_pv *pv = find_matching_volume(
            cy, chosen, chosen_count, pvc, s->delayed_class[i], node);
        if (pv) {
            chosen[chosen_count++] = pv;
        } else {
            *ok = false;
            provision_class[to_provision] = s->delayed_class[i];
            provision[to_provision++] = pvc;
        }
    }
    if (to_provision == 0) return SCHED_SUCCESS;
    /* checkVolumeProvisions decides, overriding the match result */
    for (size_t i = 0; i < to_provision; i++) {
        bool can = false;
        sched_code code =
            can_provision(cy, provision[i], provision_class[i], node, &can);
        if (code != SCHED_SUCCESS) return code;
        if (!can) {
            *ok = false;
            return SCHED_SUCCESS;
        }
    }
    *ok = true;
    return SCHED_SUCCESS;
}

static sched_code filter(sched_cycle *cy, const sched_slot *slot, void *state,
                         int32_t node_index, sched_reasons *why) {
    (void)slot;
    binding_state *s = state;
    if (!s) return SCHED_SUCCESS;
    const podsim_node *node = cy->snap->nodes[node_index].node;
    bool affinity_ok = true, pvs_found = true, unbound_ok = true;
    if (s->bound_count) {
        check_bound_claims(cy, s, node, &affinity_ok, &pvs_found);
    }
    if (s->delayed_count) {
        sched_code code = check_delayed_claims(cy, s, node, &unbound_ok);
        if (code != SCHED_SUCCESS) return code;
    }
    if (affinity_ok && unbound_ok && pvs_found) return SCHED_SUCCESS;
    if (!affinity_ok) reasons_add(why, reason_node_conflict);
    if (!unbound_ok) reasons_add(why, reason_bind_conflict);
    if (!pvs_found) reasons_add(why, reason_pv_not_exist);
    return SCHED_UNRESOLVABLE;
}

/* PreScore/Score: upstream's plugin implements Score (so the default
   profile lists it at Score with weight 1), but scores only with the
   StorageCapacityScoring gate (alpha in v1.33-v1.35, off by default);
   without it PreScore returns Skip and the plugin adds 0. */
static sched_code pre_score(sched_cycle *cy, const sched_slot *slot,
                            void **state, const int32_t *nodes, size_t n) {
    (void)cy;
    (void)slot;
    (void)state;
    (void)nodes;
    (void)n;
    return SCHED_SKIP;
}

static sched_code score(sched_cycle *cy, const sched_slot *slot, void *state,
                        int32_t node, int64_t *out) {
    (void)cy;
    (void)slot;
    (void)state;
    (void)node;
    *out = 0;
    return SCHED_SUCCESS;
}

/* VolumeBindingArgs (v1 defaults: bindTimeoutSeconds 600; shape only
   with StorageCapacityScoring) and ValidateVolumeBindingArgs: the bind
   timeout may not be negative, and without the gate (off by default in
   every release podsim covers) a shape is refused. podsim binds at once,
   so the timeout is kept for completeness only. */
typedef struct volume_binding_args {
    int64_t bind_timeout_seconds;
} volume_binding_args;

static void args_default(void *out) {
    ((volume_binding_args *)out)->bind_timeout_seconds = 600;
}

static podsim_status args_decode(dec *d, const path *p, const yt_node *args,
                                 void *out) {
    volume_binding_args *a = out;
    if (!args || args->is_null) return PODSIM_OK;
    podsim_status s = dec_expect(d, p, args, YT_MAP);
    if (s) return s;
    podsim_opt_i64 timeout = {false, 0};
    s = dec_int(d, p, args, "bindTimeoutSeconds", &timeout);
    if (s) return s;
    if (timeout.set) {
        if (timeout.value < 0) {
            path field = PATH_KEY(p, "bindTimeoutSeconds");
            return dec_fail(d, &field, yt_get(args, "bindTimeoutSeconds"),
                            PODSIM_EINVAL,
                            "Invalid value: %lld: invalid BindTimeoutSeconds, "
                            "should not be a negative value",
                            (long long)timeout.value);
        }
        a->bind_timeout_seconds = timeout.value;
    }
    const yt_node *shape = yt_get(args, "shape");
    if (shape && !shape->is_null) {
        path field = PATH_KEY(p, "shape");
        return dec_fail(d, &field, shape, PODSIM_EINVAL,
                        "Invalid value: unexpected field `shape`, remove it "
                        "or turn on the feature gate StorageCapacityScoring");
    }
    return PODSIM_OK;
}

const sched_plugin sched_plugin_volume_binding = {
    .name = "VolumeBinding",
    .points = PT_BIT(PT_PRE_FILTER) | PT_BIT(PT_FILTER) | PT_BIT(PT_PRE_SCORE) |
              PT_BIT(PT_SCORE) | PT_BIT(PT_RESERVE) | PT_BIT(PT_PRE_BIND),
    .default_weight = 1,
    .args_size = sizeof(volume_binding_args),
    .args_default = args_default,
    .args_decode = args_decode,
    .pre_filter = pre_filter,
    .filter = filter,
    .pre_score = pre_score,
    .score = score,
};
