/*
 * decode.h - private: Kubernetes objects from yaml_tree nodes.
 *
 * Field names and value rules follow k8s.io/api (core/v1, apps/v1,
 * batch/v1, policy/v1, scheduling.k8s.io/v1, storage.k8s.io/v1,
 * events.k8s.io/v1). Unknown fields are ignored, as the API server's
 * non-strict decoding drops them; wrong types and invalid enum values are
 * errors naming the field path, file, line and column.
 */
#ifndef PODSIM_DECODE_H
#define PODSIM_DECODE_H

#include "yaml_tree.h"

/** A field path kept on the stack, rendered only when an error happens. */
typedef struct path {
    const struct path *up;
    const char *key; /* NULL for a sequence index */
    size_t index;
} path;

typedef struct dec {
    podsim_cluster *c;
    const char *source;
} dec;

#define PATH_KEY(up_, key_) \
    { (up_), (key_), 0 }
#define PATH_INDEX(up_, i_) \
    { (up_), NULL, (i_) }

/* errors */
podsim_status dec_fail(dec *d, const path *p, const yt_node *n,
                       podsim_status status, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 5, 6)))
#endif
    ;
podsim_status dec_expect(dec *d, const path *p, const yt_node *n, yt_type type);

/* primitives: absent and null leave the default */
podsim_status dec_map(dec *d, const path *p, const yt_node *map,
                      const char *key, const yt_node **out);
podsim_status dec_seq(dec *d, const path *p, const yt_node *map,
                      const char *key, const yt_node **out);
podsim_status dec_str(dec *d, const path *p, const yt_node *map,
                      const char *key, const char **out);
podsim_status dec_str_node(dec *d, const path *p, const yt_node *n,
                           const char **out);
podsim_status dec_int(dec *d, const path *p, const yt_node *map,
                      const char *key, podsim_opt_i64 *out);
podsim_status dec_i32(dec *d, const path *p, const yt_node *map,
                      const char *key, int32_t *out);
podsim_status dec_bool(dec *d, const path *p, const yt_node *map,
                       const char *key, bool *out);
podsim_status dec_time(dec *d, const path *p, const yt_node *map,
                       const char *key, int64_t *out);
podsim_status dec_int_or_string(dec *d, const path *p, const yt_node *map,
                                const char *key, const char **out);
podsim_status dec_kvs(dec *d, const path *p, const yt_node *map,
                      const char *key, podsim_kvs *out);
podsim_status dec_strings(dec *d, const path *p, const yt_node *map,
                          const char *key, podsim_strings *out);
podsim_status dec_quantity(dec *d, const path *p, const yt_node *n,
                           podsim_quantity *out);
podsim_status dec_resources(dec *d, const path *p, const yt_node *map,
                            const char *key, podsim_resources *out);
/** Match a scalar against names[0..count); error lists them. */
podsim_status dec_enum(dec *d, const path *p, const yt_node *map,
                       const char *key, podsim_enum type, int *out);
void *dec_alloc(dec *d, size_t size);
const char *dec_intern(dec *d, const char *s);

/** Decodes one element (a mapping) of a list into `out`. */
typedef podsim_status (*dec_item_fn)(dec *d, const path *p, const yt_node *item,
                                     void *out, void *ctx);

/** A sequence of mappings at map[key] into a new zeroed array of
 *  elem_size elements, each filled by `item`; absent or empty leaves the
 *  outputs untouched. */
podsim_status dec_list(dec *d, const path *p, const yt_node *map,
                       const char *key, size_t elem_size, dec_item_fn item,
                       void *ctx, void **items_out, size_t *count_out);

/* shared Kubernetes types */
podsim_status dec_meta(dec *d, const path *p, const yt_node *obj,
                       podsim_kind kind, podsim_meta *out);
podsim_status dec_label_selector(dec *d, const path *p, const yt_node *map,
                                 const char *key,
                                 const podsim_label_selector **out);
podsim_status dec_node_selector(dec *d, const path *p, const yt_node *map,
                                const char *key,
                                const podsim_node_selector **out);
podsim_status dec_node_selector_terms(dec *d, const path *p, const yt_node *seq,
                                      podsim_node_selector *out);
podsim_status dec_affinity(dec *d, const path *p, const yt_node *spec,
                           const podsim_affinity **out);
/** A core/v1 NodeAffinity at map[key] (pod affinity, or a scheduler
 *  profile's addedAffinity); absent leaves *out untouched. */
podsim_status dec_node_affinity(dec *d, const path *p, const yt_node *map,
                                const char *key,
                                const podsim_node_affinity **out);
podsim_status dec_tolerations(dec *d, const path *p, const yt_node *spec,
                              podsim_toleration **out, size_t *count);
podsim_status dec_taints(dec *d, const path *p, const yt_node *spec,
                         const podsim_taint **out, size_t *count);
podsim_status dec_conditions(dec *d, const path *p, const yt_node *status,
                             const podsim_condition **out, size_t *count);

/* objects (decode_pod.c, decode_objects.c) */
podsim_status dec_pod_spec(dec *d, const path *p, const yt_node *spec,
                           podsim_pod *pod);
podsim_status dec_pod_status(dec *d, const path *p, const yt_node *status,
                             podsim_pod *pod);
/** Decode one object of a known kind into the model (not yet indexed). */
podsim_status dec_object(dec *d, podsim_kind kind, const yt_node *obj,
                         podsim_id *id_out);

#endif /* PODSIM_DECODE_H */
