/*
 * yaml_tree.h - private: libyaml events to a small tree with positions.
 *
 * The only module that knows libyaml. Documents are parsed into trees in a
 * scratch arena; the elements of a top-level `items:` sequence (kubectl's
 * List output) are handed over one at a time and freed after use, so a
 * 150,000-pod dump never lives in memory as a whole tree.
 */
#ifndef PODSIM_YAML_TREE_H
#define PODSIM_YAML_TREE_H

#include "model.h"

typedef enum yt_type { YT_SCALAR = 0, YT_SEQ, YT_MAP } yt_type;

typedef struct yt_node yt_node;
struct yt_node {
    yt_type type;
    bool quoted;     /* scalar written quoted, block-literal or tagged !!str */
    bool is_null;    /* plain null, ~, Null, NULL or empty */
    int line;        /* 1-based */
    int column;      /* 1-based */
    const char *str; /* scalar text, NUL-terminated */
    size_t len;
    yt_node **kids; /* seq: count items; map: key,value,key,value... */
    size_t count;   /* items (seq) or pairs (map) */
    size_t weight;  /* nodes under this one, aliases expanded (saturating) */
};

typedef struct yt_handler {
    void *ctx;
    /** An element of the root mapping's `items` sequence. Set *keep to
     *  keep it alive until the document ends (otherwise its memory is
     *  reused right after the call). */
    podsim_status (*item)(void *ctx, const yt_node *item, bool *keep);
    /** A whole document; `items`, when streamed, is an empty sequence. */
    podsim_status (*document)(void *ctx, const yt_node *root);
} yt_handler;

typedef struct yt_input {
    const char *text; /* either text+len ... */
    size_t len;
    void *file;         /* ... or a FILE* */
    const char *source; /* name used in errors */
} yt_input;

/** Parse every document of the input. Errors go to the cluster's error
 *  with source, line and column. */
podsim_status yt_parse(podsim_cluster *c, const yt_input *in,
                       const yt_handler *h);

/** The value of `key` in a mapping, or NULL. */
const yt_node *yt_get(const yt_node *map, const char *key);
/** Key and value of pair i of a mapping. */
static inline const yt_node *yt_key(const yt_node *map, size_t i) {
    return map->kids[2 * i];
}
static inline const yt_node *yt_value(const yt_node *map, size_t i) {
    return map->kids[2 * i + 1];
}
const char *yt_type_name(const yt_node *n);

#endif /* PODSIM_YAML_TREE_H */
