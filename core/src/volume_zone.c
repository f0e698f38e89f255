/*
 * volume_zone.c - the VolumeZone plugin: a pod's bound PersistentVolumes
 * must sit in the node's zone and region.
 *
 * Mirrors pkg/scheduler/framework/plugins/volumezone/volume_zone.go
 * (v1.30-v1.35). PreFilter reads, for each persistentVolumeClaim volume,
 * the bound PV's zone and region labels (failure-domain.beta.kubernetes.io
 * and topology.kubernetes.io; a value may list several zones joined by
 * "__"); claims still waiting for their first consumer are skipped, and
 * every lookup failure rejects the pod everywhere (Unresolvable) with
 * upstream's text. No labelled PV: Skip. Filter passes nodes without any
 * zone/region label (single-zone clusters); otherwise each PV label must
 * be matched by the node's label of the same key (a beta PV key falls back
 * to the node's GA key), else "node(s) had no available volume zone"
 * (Unresolvable).
 */
#include "sched.h"
#include "volume_claims.h"

#include <string.h>

static const char reason_zone_conflict[] =
    "node(s) had no available volume zone";

#define LABEL_BETA_ZONE "failure-domain.beta.kubernetes.io/zone"
#define LABEL_BETA_REGION "failure-domain.beta.kubernetes.io/region"
#define LABEL_ZONE "topology.kubernetes.io/zone"
#define LABEL_REGION "topology.kubernetes.io/region"

/* upstream's topologyLabels, in its order */
static const char *const topology_labels[] = {
    LABEL_BETA_ZONE, LABEL_BETA_REGION, LABEL_ZONE, LABEL_REGION};
#define TOPOLOGY_LABEL_COUNT 4

/* One PV topology label: the key and the "__"-separated zone list. */
typedef struct pv_topology {
    const char *key;
    const char *values;
} pv_topology;

typedef struct zone_state {
    pv_topology *items;
    size_t count;
} zone_state;

static const char *ga_label(const char *key) {
    if (strcmp(key, LABEL_BETA_REGION) == 0) return LABEL_REGION;
    if (strcmp(key, LABEL_BETA_ZONE) == 0) return LABEL_ZONE;
    return key;
}

static bool is_space(char ch) {
    return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\v' || ch == '\f' ||
           ch == '\r';
}

/* One element [s, s+len) of a zone list, trimmed (strings.TrimSpace). */
static void trim(const char **s, size_t *len) {
    while (*len && is_space(**s)) ++*s, --*len;
    while (*len && is_space((*s)[*len - 1])) --*len;
}

/* volumehelpers.LabelZonesToSet validity: no element may be empty. */
static bool zone_list_valid(const char *list) {
    for (const char *p = list;;) {
        const char *end = strstr(p, "__");
        size_t len = end ? (size_t)(end - p) : strlen(p);
        const char *e = p;
        trim(&e, &len);
        if (len == 0) return false;
        if (!end) return true;
        p = end + 2;
    }
}

/* sets.Has over the parsed list. */
static bool zone_list_has(const char *list, const char *value) {
    for (const char *p = list;;) {
        const char *end = strstr(p, "__");
        size_t len = end ? (size_t)(end - p) : strlen(p);
        const char *e = p;
        trim(&e, &len);
        if (strlen(value) == len && strncmp(e, value, len) == 0) return true;
        if (!end) return false;
        p = end + 2;
    }
}

static sched_code reject(sched_reasons *why, const char *msg) {
    if (!msg) return SCHED_ERROR;
    reasons_add(why, msg);
    return SCHED_UNRESOLVABLE;
}

/* getPVbyPod for one claim; appends to `out` (room for 4 per claim). */
static sched_code claim_topologies(sched_cycle *cy, const char *claim,
                                   zone_state *out, sched_reasons *why) {
    const podsim_pod *pod = cy->pod;
    if (!claim[0]) {
        return reject(why, "PersistentVolumeClaim had no name");
    }
    const podsim_pvc *pvc = find_pvc(cy->c, pod->meta.namespace_, claim);
    if (!pvc) {
        return reject(
            why,
            cycle_printf(cy, "persistentvolumeclaim \"%s\" not found", claim));
    }
    if (!pvc->volume_name[0]) {
        const char *class_name = pvc_class_name(cy->c, pvc);
        if (!class_name[0]) {
            return reject(why,
                          "PersistentVolumeClaim had no pv name and "
                          "storageClass name");
        }
        const podsim_storage_class *sc = find_storage_class(cy->c, class_name);
        if (!sc) {
            return reject(
                why,
                cycle_printf(cy, "storageclass.storage.k8s.io \"%s\" not found",
                             class_name));
        }
        if (strcmp(sc->volume_binding_mode, "WaitForFirstConsumer") == 0) {
            return SCHED_SUCCESS; /* bound later, by VolumeBinding */
        }
        return reject(why, "PersistentVolume had no name");
    }
    const podsim_pv *pv = find_pv(cy->c, pvc->volume_name);
    if (!pv) {
        return reject(why, cycle_printf(cy, "persistentvolume \"%s\" not found",
                                        pvc->volume_name));
    }
    for (size_t k = 0; k < TOPOLOGY_LABEL_COUNT; k++) {
        const char *value = kvs_get(&pv->meta.labels, topology_labels[k]);
        /* an unparsable value is logged and ignored upstream */
        if (!value || !zone_list_valid(value)) continue;
        out->items[out->count].key = topology_labels[k];
        out->items[out->count].values = value;
        out->count++;
    }
    return SCHED_SUCCESS;
}

static sched_code pre_filter(sched_cycle *cy, const sched_slot *slot,
                             void **state, sched_node_set *nodes,
                             sched_reasons *why) {
    (void)slot;
    (void)nodes;
    const podsim_pod *pod = cy->pod;
    size_t claims = 0;
    for (size_t i = 0; i < pod->spec.volume_count; i++) {
        if (pod->spec.volumes[i].type == PODSIM_VOLUME_PVC) claims++;
    }
    if (claims == 0) return SCHED_SKIP;
    zone_state *s = cycle_alloc(cy, sizeof *s);
    if (!s) return SCHED_ERROR;
    s->items =
        cycle_alloc(cy, claims * TOPOLOGY_LABEL_COUNT * sizeof *s->items);
    if (!s->items) return SCHED_ERROR;
    for (size_t i = 0; i < pod->spec.volume_count; i++) {
        const podsim_volume *v = &pod->spec.volumes[i];
        if (v->type != PODSIM_VOLUME_PVC) continue;
        sched_code code = claim_topologies(cy, v->source, s, why);
        if (code != SCHED_SUCCESS) return code;
    }
    if (s->count == 0) return SCHED_SKIP;
    *state = s;
    return SCHED_SUCCESS;
}

static sched_code filter(sched_cycle *cy, const sched_slot *slot, void *state,
                         int32_t node, sched_reasons *why) {
    (void)slot;
    const zone_state *s = state;
    if (!s || cy->pod->spec.volume_count == 0) return SCHED_SUCCESS;
    const podsim_kvs *labels = &cy->snap->nodes[node].node->meta.labels;
    bool constrained = false;
    for (size_t k = 0; k < TOPOLOGY_LABEL_COUNT && !constrained; k++) {
        constrained = kvs_get(labels, topology_labels[k]) != NULL;
    }
    if (!constrained) return SCHED_SUCCESS; /* single-zone cluster */
    for (size_t i = 0; i < s->count; i++) {
        const char *v = kvs_get(labels, s->items[i].key);
        if (!v) v = kvs_get(labels, ga_label(s->items[i].key));
        if (!v || !zone_list_has(s->items[i].values, v)) {
            reasons_add(why, reason_zone_conflict);
            return SCHED_UNRESOLVABLE;
        }
    }
    return SCHED_SUCCESS;
}

const sched_plugin sched_plugin_volume_zone = {
    .name = "VolumeZone",
    .points = PT_BIT(PT_PRE_FILTER) | PT_BIT(PT_FILTER),
    .pre_filter = pre_filter,
    .filter = filter,
};
