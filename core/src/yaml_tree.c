/*
 * yaml_tree.c - libyaml events to position-carrying trees, with limits.
 *
 * Kubernetes reads YAML through sigs.k8s.io/yaml (go-yaml, YAML 1.1
 * scalars, `<<` merge keys) and JSON as the same data. Here libyaml's event
 * parser does the syntax; this module adds what a loader needs and libyaml
 * leaves out: anchors and aliases (bounded: a document may copy at most
 * limits.max_alias_expansion nodes through aliases, which stops "billion
 * laughs"), `<<` merges, nesting depth and scalar size limits, duplicate
 * keys as errors (apimachinery's strict decoding reports them too), and
 * streaming of List items.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "yaml_tree.h"

typedef struct frame {
    yt_node *node; /* the open sequence or mapping */
    vec kids;      /* yt_node*, reused across documents */
    const char *anchor;
    bool is_items; /* the root mapping's `items` sequence */
    arena_mark item_mark;
    size_t item_anchor_count;
} frame;

typedef struct anchor_entry {
    const char *name;
    yt_node *node;
} anchor_entry;

typedef struct builder {
    podsim_cluster *c;
    const yt_handler *h;
    const char *source;
    arena scratch;
    frame *stack;
    int depth;
    int max_depth;
    vec anchors; /* anchor_entry, per document */
    size_t alias_expansion;
    yt_node *root;
} builder;

static size_t sat_add(size_t a, size_t b) {
    return a > SIZE_MAX - b ? SIZE_MAX : a + b;
}

static podsim_status fail_at(builder *b, yaml_mark_t mark, podsim_status status,
                             const char *fmt, const char *arg) {
    char msg[512];
    snprintf(msg, sizeof msg, fmt, arg);
    return cluster_fail(b->c, status, b->source, (int)mark.line + 1,
                        (int)mark.column + 1, "%s", msg);
}

const char *yt_type_name(const yt_node *n) {
    if (!n) return "nothing";
    switch (n->type) {
    case YT_SEQ: return "a sequence";
    case YT_MAP: return "a mapping";
    default: return n->is_null ? "null" : "a scalar";
    }
}

const yt_node *yt_get(const yt_node *map, const char *key) {
    if (!map || map->type != YT_MAP) return NULL;
    for (size_t i = 0; i < map->count; i++) {
        const yt_node *k = map->kids[2 * i];
        if (k->type == YT_SCALAR && strcmp(k->str, key) == 0) {
            return map->kids[2 * i + 1];
        }
    }
    return NULL;
}

/* ---- node creation ------------------------------------------------------ */

static yt_node *new_node(builder *b, yt_type type, yaml_mark_t mark) {
    yt_node *n = arena_alloc(&b->scratch, sizeof(*n));
    if (!n) return NULL;
    n->type = type;
    n->line = (int)mark.line + 1;
    n->column = (int)mark.column + 1;
    n->weight = 1;
    n->str = "";
    return n;
}

static bool scalar_is_null(const yaml_event_t *e) {
    if (e->data.scalar.style != YAML_PLAIN_SCALAR_STYLE) return false;
    if (e->data.scalar.tag) return false;
    const char *s = (const char *)e->data.scalar.value;
    size_t n = e->data.scalar.length;
    return n == 0 || (n == 1 && s[0] == '~') || strcmp(s, "null") == 0 ||
           strcmp(s, "Null") == 0 || strcmp(s, "NULL") == 0;
}

static podsim_status make_scalar(builder *b, const yaml_event_t *e,
                                 yt_node **out) {
    if (e->data.scalar.length > b->c->limits.max_scalar_bytes) {
        return fail_at(b, e->start_mark, PODSIM_ELIMIT,
                       "scalar longer than the limit of %s bytes",
                       "max_scalar_bytes");
    }
    yt_node *n = new_node(b, YT_SCALAR, e->start_mark);
    if (!n) return PODSIM_ENOMEM;
    n->str = arena_strndup(&b->scratch, (const char *)e->data.scalar.value,
                           e->data.scalar.length);
    if (!n->str) return PODSIM_ENOMEM;
    n->len = e->data.scalar.length;
    n->quoted = e->data.scalar.style != YAML_PLAIN_SCALAR_STYLE ||
                (e->data.scalar.tag &&
                 strcmp((const char *)e->data.scalar.tag, YAML_STR_TAG) == 0);
    n->is_null = scalar_is_null(e);
    *out = n;
    return PODSIM_OK;
}

/* ---- anchors ------------------------------------------------------------ */

static podsim_status remember_anchor(builder *b, const char *name,
                                     yt_node *node) {
    if (!name) return PODSIM_OK;
    anchor_entry *a = vec_push(&b->anchors);
    if (!a) return PODSIM_ENOMEM;
    a->name = name;
    a->node = node;
    return PODSIM_OK;
}

static const char *copy_anchor(builder *b, const yaml_char_t *anchor) {
    if (!anchor) return NULL;
    return arena_strndup(&b->scratch, (const char *)anchor,
                         strlen((const char *)anchor));
}

static podsim_status resolve_alias(builder *b, const yaml_event_t *e,
                                   yt_node **out) {
    const char *name = (const char *)e->data.alias.anchor;
    /* the newest definition wins, as YAML redefinition does */
    for (size_t i = b->anchors.len; i-- > 0;) {
        anchor_entry *a = vec_at(&b->anchors, i);
        if (strcmp(a->name, name) == 0) {
            b->alias_expansion = sat_add(b->alias_expansion, a->node->weight);
            if (b->alias_expansion > b->c->limits.max_alias_expansion) {
                return fail_at(b, e->start_mark, PODSIM_ELIMIT,
                               "aliases expand to more nodes than the limit "
                               "(max_alias_expansion) at alias *%s",
                               name);
            }
            *out = a->node;
            return PODSIM_OK;
        }
    }
    return fail_at(b, e->start_mark, PODSIM_EPARSE,
                   "alias *%s refers to an unknown anchor", name);
}

/* ---- mappings: duplicates and merges ----------------------------------- */

static bool keys_equal(const yt_node *a, const yt_node *b) {
    return a->type == YT_SCALAR && b->type == YT_SCALAR && a->len == b->len &&
           memcmp(a->str, b->str, a->len) == 0;
}

static int compare_key_ptrs(const void *pa, const void *pb) {
    const yt_node *a = *(yt_node *const *)pa;
    const yt_node *b = *(yt_node *const *)pb;
    if (a->type != YT_SCALAR || b->type != YT_SCALAR) {
        return (int)a->type - (int)b->type;
    }
    int d = strcmp(a->str, b->str);
    if (d) return d;
    /* equal keys: order by position so the later one is reported */
    return a->line != b->line ? a->line - b->line : a->column - b->column;
}

static podsim_status check_duplicate_keys(builder *b, const yt_node *map) {
    size_t n = map->count;
    const yt_node *dup = NULL;
    if (n <= 32) {
        for (size_t i = 1; i < n && !dup; i++) {
            for (size_t j = 0; j < i; j++) {
                if (keys_equal(map->kids[2 * i], map->kids[2 * j])) {
                    dup = map->kids[2 * i];
                    break;
                }
            }
        }
    } else {
        yt_node **keys = malloc(n * sizeof(*keys));
        if (!keys) return PODSIM_ENOMEM;
        for (size_t i = 0; i < n; i++) keys[i] = map->kids[2 * i];
        qsort(keys, n, sizeof(*keys), compare_key_ptrs);
        for (size_t i = 1; i < n && !dup; i++) {
            if (keys_equal(keys[i], keys[i - 1])) dup = keys[i];
        }
        free(keys);
    }
    if (!dup) return PODSIM_OK;
    return cluster_fail(b->c, PODSIM_EPARSE, b->source, dup->line, dup->column,
                        "duplicate key \"%s\" in mapping", dup->str);
}

static bool is_merge_key(const yt_node *k) {
    return k->type == YT_SCALAR && !k->quoted && strcmp(k->str, "<<") == 0;
}

static bool has_key(yt_node *const *pairs, size_t count, const yt_node *key) {
    for (size_t i = 0; i < count; i++) {
        if (keys_equal(pairs[2 * i], key)) return true;
    }
    return false;
}

/* Appends the pairs of `src` not already present in out[0..*count). */
static void merge_pairs(yt_node **out, size_t *count, const yt_node *src) {
    for (size_t i = 0; i < src->count; i++) {
        if (has_key(out, *count, src->kids[2 * i])) continue;
        out[2 * *count] = src->kids[2 * i];
        out[2 * *count + 1] = src->kids[2 * i + 1];
        (*count)++;
    }
}

/* YAML 1.1 merge keys (go-yaml honours them): own keys win, then merged
   mappings in order. */
static podsim_status apply_merges(builder *b, yt_node *map) {
    size_t merged_pairs = 0, own = 0;
    for (size_t i = 0; i < map->count; i++) {
        const yt_node *k = map->kids[2 * i], *v = map->kids[2 * i + 1];
        if (!is_merge_key(k)) {
            own++;
            continue;
        }
        if (v->type == YT_MAP) {
            merged_pairs += v->count;
        } else if (v->type == YT_SEQ) {
            for (size_t j = 0; j < v->count; j++) {
                if (v->kids[j]->type != YT_MAP) {
                    return cluster_fail(b->c, PODSIM_EPARSE, b->source,
                                        v->kids[j]->line, v->kids[j]->column,
                                        "merge key << expects mappings");
                }
                merged_pairs += v->kids[j]->count;
            }
        } else {
            return cluster_fail(b->c, PODSIM_EPARSE, b->source, v->line,
                                v->column,
                                "merge key << expects a mapping or a "
                                "sequence of mappings");
        }
    }
    if (own == map->count) return PODSIM_OK;
    yt_node **out =
        arena_alloc(&b->scratch, 2 * (own + merged_pairs) * sizeof(*out));
    if (!out && own + merged_pairs) return PODSIM_ENOMEM;
    size_t count = 0;
    for (size_t i = 0; i < map->count; i++) {
        if (is_merge_key(map->kids[2 * i])) continue;
        out[2 * count] = map->kids[2 * i];
        out[2 * count + 1] = map->kids[2 * i + 1];
        count++;
    }
    for (size_t i = 0; i < map->count; i++) {
        const yt_node *v = map->kids[2 * i + 1];
        if (!is_merge_key(map->kids[2 * i])) continue;
        if (v->type == YT_MAP) {
            merge_pairs(out, &count, v);
        } else {
            for (size_t j = 0; j < v->count; j++) {
                merge_pairs(out, &count, v->kids[j]);
            }
        }
    }
    map->kids = out;
    map->count = count;
    return PODSIM_OK;
}

/* ---- the stack ---------------------------------------------------------- */

static podsim_status push_frame(builder *b, yt_node *node,
                                const yaml_event_t *e) {
    if (b->depth >= b->max_depth) {
        return fail_at(b, e->start_mark, PODSIM_ELIMIT,
                       "nesting deeper than the limit (%s)", "max_depth");
    }
    frame *f = &b->stack[b->depth++];
    f->node = node;
    f->kids.len = 0;
    f->is_items = false;
    f->anchor = e->type == YAML_SEQUENCE_START_EVENT
                    ? copy_anchor(b, e->data.sequence_start.anchor)
                    : copy_anchor(b, e->data.mapping_start.anchor);
    return PODSIM_OK;
}

/* The root mapping's value for key `items`, when it is a sequence. */
static bool opens_root_items(const builder *b) {
    if (b->depth != 1) return false;
    const frame *root = &b->stack[0];
    if (root->node->type != YT_MAP || root->kids.len % 2 != 1) return false;
    const yt_node *key = *(yt_node **)vec_at(&root->kids, root->kids.len - 1);
    return key->type == YT_SCALAR && strcmp(key->str, "items") == 0;
}

static bool in_items(const builder *b) {
    return b->depth == 2 && b->stack[1].is_items;
}

static podsim_status start_item_if_needed(builder *b) {
    if (!in_items(b)) return PODSIM_OK;
    frame *items = &b->stack[1];
    items->item_mark = arena_get_mark(&b->scratch);
    items->item_anchor_count = b->anchors.len;
    return PODSIM_OK;
}

/* Adds a finished node to the open container, or makes it the root. */
static podsim_status attach(builder *b, yt_node *node) {
    if (b->depth == 0) {
        b->root = node;
        return PODSIM_OK;
    }
    frame *f = &b->stack[b->depth - 1];
    if (f->is_items) {
        bool keep = false;
        podsim_status s = b->h->item(b->h->ctx, node, &keep);
        if (s) return s;
        /* anchors defined inside the item may be used by later items, so
           only items without anchors give their memory back */
        if (!keep && b->anchors.len == f->item_anchor_count) {
            arena_rollback(&b->scratch, f->item_mark);
        }
        return PODSIM_OK;
    }
    f->node->weight = sat_add(f->node->weight, node->weight);
    yt_node **slot = vec_push(&f->kids);
    if (!slot) return PODSIM_ENOMEM;
    *slot = node;
    return PODSIM_OK;
}

static podsim_status close_frame(builder *b) {
    frame *f = &b->stack[--b->depth];
    yt_node *n = f->node;
    size_t k = f->kids.len;
    if (k) {
        n->kids = arena_alloc(&b->scratch, k * sizeof(yt_node *));
        if (!n->kids) return PODSIM_ENOMEM;
        memcpy(n->kids, f->kids.data, k * sizeof(yt_node *));
    }
    n->count = n->type == YT_MAP ? k / 2 : k;
    if (n->type == YT_MAP) {
        podsim_status s = check_duplicate_keys(b, n);
        if (!s) s = apply_merges(b, n);
        if (s) return s;
    }
    podsim_status s = remember_anchor(b, f->anchor, n);
    if (s) return s;
    return attach(b, n);
}

/* ---- event loop --------------------------------------------------------- */

static podsim_status on_event(builder *b, const yaml_event_t *e) {
    podsim_status s = PODSIM_OK;
    yt_node *n = NULL;
    switch (e->type) {
    case YAML_DOCUMENT_START_EVENT:
        b->root = NULL;
        b->anchors.len = 0;
        b->alias_expansion = 0;
        return PODSIM_OK;
    case YAML_DOCUMENT_END_EVENT:
        if (b->root) s = b->h->document(b->h->ctx, b->root);
        arena_rollback(&b->scratch, (arena_mark){NULL, 0});
        b->root = NULL;
        return s;
    case YAML_SCALAR_EVENT:
        if ((s = start_item_if_needed(b))) return s;
        if ((s = make_scalar(b, e, &n))) return s;
        if ((s = remember_anchor(b, copy_anchor(b, e->data.scalar.anchor),
                                 n))) {
            return s;
        }
        return attach(b, n);
    case YAML_ALIAS_EVENT:
        if ((s = start_item_if_needed(b))) return s;
        if ((s = resolve_alias(b, e, &n))) return s;
        return attach(b, n);
    case YAML_SEQUENCE_START_EVENT:
    case YAML_MAPPING_START_EVENT: {
        if ((s = start_item_if_needed(b))) return s;
        bool items =
            e->type == YAML_SEQUENCE_START_EVENT && opens_root_items(b);
        n = new_node(b, e->type == YAML_SEQUENCE_START_EVENT ? YT_SEQ : YT_MAP,
                     e->start_mark);
        if (!n) return PODSIM_ENOMEM;
        if ((s = push_frame(b, n, e))) return s;
        b->stack[b->depth - 1].is_items = items;
        return PODSIM_OK;
    }
    case YAML_SEQUENCE_END_EVENT:
    case YAML_MAPPING_END_EVENT: return close_frame(b);
    default: return PODSIM_OK;
    }
}

static podsim_status syntax_error(builder *b, const yaml_parser_t *p) {
    const yaml_mark_t *m = p->problem ? &p->problem_mark : &p->context_mark;
    char msg[512];
    if (p->context) {
        snprintf(msg, sizeof msg, "YAML syntax error: %s %s", p->problem,
                 p->context);
    } else {
        snprintf(msg, sizeof msg, "YAML syntax error: %s",
                 p->problem ? p->problem : "malformed input");
    }
    if (p->error == YAML_MEMORY_ERROR) return PODSIM_ENOMEM;
    if (p->error == YAML_READER_ERROR) {
        return cluster_fail(b->c, PODSIM_EPARSE, b->source, 0, 0,
                            "%s (at byte %zu)", msg, p->problem_offset);
    }
    return cluster_fail(b->c, PODSIM_EPARSE, b->source, (int)m->line + 1,
                        (int)m->column + 1, "%s", msg);
}

static void builder_release(builder *b) {
    for (int i = 0; b->stack && i < b->max_depth; i++) {
        vec_release(&b->stack[i].kids);
    }
    free(b->stack);
    vec_release(&b->anchors);
    arena_release(&b->scratch);
}

static podsim_status builder_init(builder *b, podsim_cluster *c,
                                  const yt_input *in, const yt_handler *h) {
    memset(b, 0, sizeof(*b));
    b->c = c;
    b->h = h;
    b->source = in->source;
    b->max_depth = c->limits.max_depth;
    arena_init(&b->scratch, 64u * 1024u);
    vec_init(&b->anchors, sizeof(anchor_entry));
    b->stack = calloc((size_t)b->max_depth, sizeof(frame));
    if (!b->stack) return PODSIM_ENOMEM;
    for (int i = 0; i < b->max_depth; i++) {
        vec_init(&b->stack[i].kids, sizeof(yt_node *));
    }
    return PODSIM_OK;
}

podsim_status yt_parse(podsim_cluster *c, const yt_input *in,
                       const yt_handler *h) {
    builder b;
    podsim_status s = builder_init(&b, c, in, h);
    yaml_parser_t parser;
    if (s || !yaml_parser_initialize(&parser)) {
        builder_release(&b);
        return PODSIM_ENOMEM;
    }
    if (in->file) {
        yaml_parser_set_input_file(&parser, (FILE *)in->file);
    } else {
        yaml_parser_set_input_string(&parser, (const unsigned char *)in->text,
                                     in->len);
    }
    bool done = false;
    while (!done && s == PODSIM_OK) {
        yaml_event_t e;
        if (!yaml_parser_parse(&parser, &e)) {
            s = syntax_error(&b, &parser);
            break;
        }
        done = e.type == YAML_STREAM_END_EVENT;
        s = on_event(&b, &e);
        yaml_event_delete(&e);
    }
    if (s == PODSIM_ENOMEM && c->error.status != PODSIM_ENOMEM) {
        cluster_fail(c, PODSIM_ENOMEM, in->source, 0, 0, "out of memory");
    }
    yaml_parser_delete(&parser);
    builder_release(&b);
    return s;
}
