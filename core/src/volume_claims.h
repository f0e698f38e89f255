/*
 * volume_claims.h - private: a pod's PersistentVolumeClaims as the
 * scheduler's volume plugins read them.
 *
 * Mirrors the helpers those plugins share upstream:
 * k8s.io/component-helpers/storage/volume (GetPersistentVolumeClaimClass,
 * GetPersistentVolumeClass, CheckNodeAffinity), storage/ephemeral
 * (VolumeClaimName, VolumeIsForPod), v1helper.MatchTopologySelectorTerms
 * and the PV controller's notion of a fully bound claim. Lookups never
 * touch the cluster's error state: a missing object is a verdict here,
 * not an API failure.
 */
#ifndef PODSIM_VOLUME_CLAIMS_H
#define PODSIM_VOLUME_CLAIMS_H

#include "sched.h"

/* A pod name (253) + "-" + a volume name (63) + NUL */
#define CLAIM_NAME_MAX 320

/** The claim a pod volume uses: claimName for persistentVolumeClaim
 *  volumes, "<pod>-<volume>" for generic ephemeral volumes, none (name
 *  NULL) for every other volume. */
typedef struct claim_ref {
    const char *name;
    bool ephemeral;
    char buf[CLAIM_NAME_MAX];
} claim_ref;

void claim_ref_of(const podsim_pod *pod, const podsim_volume *v,
                  claim_ref *out);

/* Non-failing lookups (NULL when absent). */
const podsim_pvc *find_pvc(const podsim_cluster *c, const char *namespace_,
                           const char *name);
const podsim_pv *find_pv(const podsim_cluster *c, const char *name);
const podsim_storage_class *find_storage_class(const podsim_cluster *c,
                                               const char *name);

/** GetPersistentVolumeClaimClass: the beta annotation, else
 *  spec.storageClassName, else "". A claim with neither gets the default
 *  StorageClass, as DefaultStorageClass admission and the PV controller's
 *  retroactive assignment (GA in v1.28) would have given it. */
const char *pvc_class_name(const podsim_cluster *c, const podsim_pvc *pvc);

/** GetPersistentVolumeClass: the beta annotation, else the spec field. */
const char *pv_class_name(const podsim_pv *pv);

/** volumeBinder.isPVCFullyBound: spec.volumeName set and the PV
 *  controller's bind-completed annotation present. A model claim whose
 *  status.phase is Bound counts too: the annotation is the controller's
 *  bookkeeping and hand-written manifests rarely carry it. */
bool pvc_fully_bound(const podsim_pvc *pvc);

/** ephemeral.VolumeIsForPod: the claim is controlled by the pod. */
bool pvc_is_for_pod(const podsim_pvc *pvc, const podsim_pod *pod);

/** volume.CheckNodeAffinity: the PV's required node affinity against the
 *  node's labels only (matchFields see an empty node name). */
bool pv_node_affinity_matches(const podsim_pv *pv, const podsim_node *node);

/** v1helper.MatchTopologySelectorTerms (StorageClass.allowedTopologies):
 *  no terms match everything; a term without expressions matches
 *  nothing. */
bool topology_terms_match(const podsim_node_selector *terms,
                          const podsim_kvs *labels);

#endif /* PODSIM_VOLUME_CLAIMS_H */
