/*
 * image_locality.c - the ImageLocality plugin (Score).
 *
 * Mirrors pkg/scheduler/framework/plugins/imagelocality/image_locality.go:
 * each container image of the pod (init containers, sidecars included,
 * then regular ones) that the node already lists in status.images adds
 * its size scaled by its spread, int64(size * (nodes having it / all
 * snapshot nodes)) in float64. The sum is clamped to [23 MiB, 1000 MiB x
 * number of containers] and mapped linearly onto 0..100. An image name
 * without a tag gets ":latest" before it is looked up; node image names
 * are compared as listed. There is no NormalizeScore.
 */
#include <string.h>

#include "sched.h"

#define MB (1024LL * 1024)
#define MIN_THRESHOLD (23 * MB)
#define MAX_CONTAINER_THRESHOLD (1000 * MB)

/* normalizedImageName: append ":latest" when the last ':' does not come
   after the last '/' (no tag; a registry port is not a tag). */
static bool needs_latest(const char *image) {
    const char *colon = strrchr(image, ':');
    const char *slash = strrchr(image, '/');
    return !colon || (slash && colon < slash);
}

static const char *normalized_image_name(sched_cycle *cy, const char *image) {
    if (!image) image = "";
    return needs_latest(image) ? cycle_printf(cy, "%s:latest", image) : image;
}

static int64_t scaled_image_score(int64_t size, int32_t num_nodes,
                                  size_t total_nodes) {
    double spread = (double)num_nodes / (double)total_nodes;
    return (int64_t)((double)size * spread);
}

/* calculatePriority */
static int64_t image_priority(int64_t sum, size_t containers) {
    int64_t max_threshold = MAX_CONTAINER_THRESHOLD * (int64_t)containers;
    if (sum < MIN_THRESHOLD) {
        sum = MIN_THRESHOLD;
    } else if (sum > max_threshold) {
        sum = max_threshold;
    }
    return SCHED_MAX_NODE_SCORE * (sum - MIN_THRESHOLD) /
           (max_threshold - MIN_THRESHOLD);
}

/* The pod's images, normalized once per pod rather than once per node:
   the interned name (node image names are interned in the same table, so
   NULL means no node lists it) and its spread score factor. Not an
   extension point of its own: upstream does this inside Score. */
typedef struct pod_images {
    size_t count;
    const char **names; /* interned, or NULL when no node has the image */
    int32_t *num_nodes;
} pod_images;

static sched_code pre_score(sched_cycle *cy, const sched_slot *slot,
                            void **state, const int32_t *nodes, size_t n) {
    (void)slot;
    (void)nodes;
    (void)n;
    const podsim_pod_spec *spec = &cy->pod->spec;
    size_t count = spec->init_container_count + spec->container_count;
    pod_images *pi = cycle_alloc(cy, sizeof *pi);
    if (!pi) return SCHED_ERROR;
    pi->names = cycle_alloc(cy, (count ? count : 1) * sizeof(char *));
    pi->num_nodes = cycle_alloc(cy, (count ? count : 1) * sizeof(int32_t));
    if (!pi->names || !pi->num_nodes) return SCHED_ERROR;
    for (size_t i = 0; i < count; i++) {
        const podsim_container *c =
            i < spec->init_container_count
                ? &spec->init_containers[i]
                : &spec->containers[i - spec->init_container_count];
        const char *name = normalized_image_name(cy, c->image);
        /* a normalized name is never empty: "" is cycle_printf's OOM */
        if (!name || !name[0]) return SCHED_ERROR;
        pi->names[i] = intern_lookup(&cy->c->strings, name, strlen(name));
        pi->num_nodes[i] =
            pi->names[i] ? snapshot_image_nodes(cy->snap, pi->names[i]) : 0;
    }
    pi->count = count;
    *state = pi;
    return SCHED_SUCCESS;
}

/* The size of the node's image of that (interned) name: NodeInfo.
   ImageStates keeps the last listing of a name; -1 when the node does not
   have it. */
static int64_t node_image_size(const snap_node *node, const char *name) {
    int64_t size = -1;
    for (size_t i = 0; i < node->image_count; i++) {
        if (node->images[i].name == name) size = node->images[i].size;
    }
    return size;
}

static sched_code score(sched_cycle *cy, const sched_slot *slot, void *state,
                        int32_t node, int64_t *out) {
    (void)slot;
    const snap_node *n = &cy->snap->nodes[node];
    const podsim_pod_spec *spec = &cy->pod->spec;
    int64_t sum = 0;
    const pod_images *pi = state;
    if (!pi) return cycle_error(cy, "ImageLocality: Score without PreScore");
    for (size_t i = 0; i < pi->count; i++) {
        if (!pi->names[i]) continue;
        int64_t size = node_image_size(n, pi->names[i]);
        if (size < 0) continue;
        sum += scaled_image_score(size, pi->num_nodes[i], cy->snap->node_count);
    }
    *out =
        image_priority(sum, spec->init_container_count + spec->container_count);
    return SCHED_SUCCESS;
}

const sched_plugin sched_plugin_image_locality = {
    .name = "ImageLocality",
    .points = PT_BIT(PT_SCORE),
    .default_weight = 1,
    .pre_score = pre_score,
    .score = score,
};
