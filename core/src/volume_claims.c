/*
 * volume_claims.c - a pod's PersistentVolumeClaims as the scheduler's
 * volume plugins read them (see volume_claims.h).
 *
 * Mirrors k8s.io/component-helpers/storage/volume/helpers.go and
 * pv_helpers.go, component-helpers/storage/ephemeral/ephemeral.go,
 * pkg/apis/core/v1/helper.MatchTopologySelectorTerms and
 * pkg/volume/util.GetDefaultClass.
 */
#include "volume_claims.h"

#include <stdio.h>
#include <string.h>

#define ANN_BETA_STORAGE_CLASS "volume.beta.kubernetes.io/storage-class"
#define ANN_BIND_COMPLETED "pv.kubernetes.io/bind-completed"
#define ANN_DEFAULT_CLASS "storageclass.kubernetes.io/is-default-class"
#define ANN_BETA_DEFAULT_CLASS \
    "storageclass.beta.kubernetes.io/is-default-class"

void claim_ref_of(const podsim_pod *pod, const podsim_volume *v,
                  claim_ref *out) {
    out->name = NULL;
    out->ephemeral = false;
    if (v->type == PODSIM_VOLUME_PVC) {
        out->name = v->source;
    } else if (v->type == PODSIM_VOLUME_EPHEMERAL) {
        /* ephemeral.VolumeClaimName */
        snprintf(out->buf, sizeof out->buf, "%s-%s", pod->meta.name, v->name);
        out->name = out->buf;
        out->ephemeral = true;
    }
}

const podsim_pvc *find_pvc(const podsim_cluster *c, const char *namespace_,
                           const char *name) {
    podsim_id id =
        cluster_lookup(c, PODSIM_KIND_PERSISTENTVOLUMECLAIM, namespace_, name);
    return id == PODSIM_NO_ID ? NULL : podsim_cluster_pvc(c, id);
}

const podsim_pv *find_pv(const podsim_cluster *c, const char *name) {
    podsim_id id = cluster_lookup(c, PODSIM_KIND_PERSISTENTVOLUME, NULL, name);
    return id == PODSIM_NO_ID ? NULL : podsim_cluster_pv(c, id);
}

const podsim_storage_class *find_storage_class(const podsim_cluster *c,
                                               const char *name) {
    podsim_id id = cluster_lookup(c, PODSIM_KIND_STORAGECLASS, NULL, name);
    return id == PODSIM_NO_ID ? NULL : podsim_cluster_storage_class(c, id);
}

static bool is_default_class(const podsim_storage_class *sc) {
    const char *beta = kvs_get(&sc->meta.annotations, ANN_BETA_DEFAULT_CLASS);
    return sc->is_default || (beta && strcmp(beta, "true") == 0);
}

/* GetDefaultClass: the newest default class, ties broken by name. */
static const char *default_class_name(const podsim_cluster *c) {
    const podsim_storage_class *best = NULL;
    size_t n = podsim_cluster_count(c, PODSIM_KIND_STORAGECLASS);
    for (size_t i = 0; i < n; i++) {
        const podsim_storage_class *sc =
            podsim_cluster_storage_class(c, (podsim_id)i);
        if (!sc || !is_default_class(sc)) continue;
        if (!best ||
            sc->meta.creation_timestamp > best->meta.creation_timestamp ||
            (sc->meta.creation_timestamp == best->meta.creation_timestamp &&
             strcmp(sc->meta.name, best->meta.name) < 0)) {
            best = sc;
        }
    }
    return best ? best->meta.name : "";
}

const char *pvc_class_name(const podsim_cluster *c, const podsim_pvc *pvc) {
    const char *beta = kvs_get(&pvc->meta.annotations, ANN_BETA_STORAGE_CLASS);
    if (beta) return beta;
    if (pvc->storage_class_name) return pvc->storage_class_name;
    return default_class_name(c);
}

const char *pv_class_name(const podsim_pv *pv) {
    const char *beta = kvs_get(&pv->meta.annotations, ANN_BETA_STORAGE_CLASS);
    if (beta) return beta;
    return pv->storage_class_name ? pv->storage_class_name : "";
}

bool pvc_fully_bound(const podsim_pvc *pvc) {
    if (!pvc->volume_name || !pvc->volume_name[0]) return false;
    return kvs_get(&pvc->meta.annotations, ANN_BIND_COMPLETED) ||
           (pvc->phase && strcmp(pvc->phase, "Bound") == 0);
}

bool pvc_is_for_pod(const podsim_pvc *pvc, const podsim_pod *pod) {
    if (!same_string(pvc->meta.namespace_, pod->meta.namespace_)) return false;
    for (size_t i = 0; i < pvc->meta.owner_reference_count; i++) {
        const podsim_owner_reference *o = &pvc->meta.owner_references[i];
        if (!o->controller) continue;
        /* metav1.IsControlledBy compares UIDs; the model may lack them,
           so the controller's kind and name stand in. */
        if (o->uid && o->uid[0] && pod->meta.uid && pod->meta.uid[0]) {
            return same_string(o->uid, pod->meta.uid);
        }
        return same_string(o->kind, "Pod") &&
               same_string(o->name, pod->meta.name);
    }
    return false;
}

bool pv_node_affinity_matches(const podsim_pv *pv, const podsim_node *node) {
    if (!pv->node_affinity) return true;
    podsim_node labels_only;
    memset(&labels_only, 0, sizeof labels_only);
    labels_only.meta.name = "";
    labels_only.meta.labels = node->meta.labels;
    return node_selector_matches(pv->node_affinity, &labels_only);
}

bool topology_terms_match(const podsim_node_selector *terms,
                          const podsim_kvs *labels) {
    if (!terms || terms->term_count == 0) return true;
    for (size_t i = 0; i < terms->term_count; i++) {
        const podsim_node_selector_term *t = &terms->terms[i];
        if (t->match_expression_count == 0) continue;
        bool all = true;
        for (size_t j = 0; all && j < t->match_expression_count; j++) {
            all = requirement_matches(&t->match_expressions[j], labels);
        }
        if (all) return true;
    }
    return false;
}
