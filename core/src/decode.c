/*
 * decode.c - scalars, metadata, selectors, affinity, taints and
 * tolerations from YAML/JSON trees.
 *
 * Scalars are read as sigs.k8s.io/yaml reads them into typed Go fields:
 * strings take any scalar's text (`version: 1.30` is the string "1.30"),
 * integers must be plain integers (a quoted "3" for an int32 is an error,
 * as encoding/json reports it), booleans are YAML 1.1 booleans, quantities
 * accept numbers and strings (resource.Quantity.UnmarshalJSON). Timestamps
 * are RFC 3339 (metav1.Time, metav1.MicroTime). Types and enum values come
 * from k8s.io/api/core/v1/types.go and k8s.io/apimachinery/pkg/apis/meta/
 * v1/types.go.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "decode.h"

/* ---- errors ------------------------------------------------------------- */

static void render_path(const path *p, strbuf *out) {
    if (!p) return;
    render_path(p->up, out);
    if (p->key) {
        if (out->len) strbuf_putc(out, '.');
        strbuf_puts(out, p->key);
    } else {
        strbuf_printf(out, "[%zu]", p->index);
    }
}

podsim_status dec_fail(dec *d, const path *p, const yt_node *n,
                       podsim_status status, const char *fmt, ...) {
    strbuf text;
    strbuf_init(&text);
    render_path(p, &text);
    if (text.len) strbuf_puts(&text, ": ");
    va_list ap;
    va_start(ap, fmt);
    strbuf_vprintf(&text, fmt, ap);
    va_end(ap);
    podsim_status s = cluster_fail(d->c, status, d->source, n ? n->line : 0,
                                   n ? n->column : 0, "%s", strbuf_str(&text));
    strbuf_release(&text);
    return s;
}

static const char *type_word(yt_type t) {
    return t == YT_MAP ? "a mapping" : t == YT_SEQ ? "a sequence" : "a scalar";
}

podsim_status dec_expect(dec *d, const path *p, const yt_node *n,
                         yt_type type) {
    if (n->type == type) return PODSIM_OK;
    return dec_fail(d, p, n, PODSIM_EPARSE, "expected %s, got %s",
                    type_word(type), yt_type_name(n));
}

void *dec_alloc(dec *d, size_t size) {
    return arena_alloc(&d->c->mem, size);
}

const char *dec_intern(dec *d, const char *s) {
    return intern_str(&d->c->strings, s);
}

static podsim_status oom(dec *d) {
    return cluster_fail(d->c, PODSIM_ENOMEM, d->source, 0, 0, "out of memory");
}

/* ---- primitives ---------------------------------------------------------- */

/* The value for key, or NULL when absent or null. */
static const yt_node *field(const yt_node *map, const char *key) {
    const yt_node *v = yt_get(map, key);
    return v && !v->is_null ? v : NULL;
}

podsim_status dec_map(dec *d, const path *p, const yt_node *map,
                      const char *key, const yt_node **out) {
    *out = field(map, key);
    if (!*out) return PODSIM_OK;
    path here = PATH_KEY(p, key);
    return dec_expect(d, &here, *out, YT_MAP);
}

podsim_status dec_seq(dec *d, const path *p, const yt_node *map,
                      const char *key, const yt_node **out) {
    *out = field(map, key);
    if (!*out) return PODSIM_OK;
    path here = PATH_KEY(p, key);
    return dec_expect(d, &here, *out, YT_SEQ);
}

podsim_status dec_str_node(dec *d, const path *p, const yt_node *n,
                           const char **out) {
    if (n->type != YT_SCALAR) {
        return dec_fail(d, p, n, PODSIM_EPARSE, "expected a string, got %s",
                        yt_type_name(n));
    }
    *out = n->is_null ? "" : intern_n(&d->c->strings, n->str, n->len);
    return *out ? PODSIM_OK : oom(d);
}

podsim_status dec_str(dec *d, const path *p, const yt_node *map,
                      const char *key, const char **out) {
    const yt_node *v = field(map, key);
    if (!v) {
        if (!*out) *out = "";
        return PODSIM_OK;
    }
    path here = PATH_KEY(p, key);
    return dec_str_node(d, &here, v, out);
}

static bool parse_int64(const char *s, int64_t *out) {
    if (!*s) return false;
    const char *q = s;
    if (*q == '+' || *q == '-') q++;
    if (*q < '0' || *q > '9') return false;
    errno = 0;
    char *end = NULL;
    long long v = strtoll(s, &end, 10);
    if (errno || *end) return false;
    *out = (int64_t)v;
    return true;
}

podsim_status dec_int(dec *d, const path *p, const yt_node *map,
                      const char *key, podsim_opt_i64 *out) {
    const yt_node *v = field(map, key);
    if (!v) return PODSIM_OK;
    path here = PATH_KEY(p, key);
    int64_t value;
    if (v->type != YT_SCALAR || v->quoted || !parse_int64(v->str, &value)) {
        return dec_fail(d, &here, v, PODSIM_EPARSE,
                        "expected an integer, got %s%s%s%s",
                        v->type == YT_SCALAR ? "\"" : yt_type_name(v),
                        v->type == YT_SCALAR ? v->str : "",
                        v->type == YT_SCALAR ? "\"" : "",
                        v->quoted ? " (a quoted string)" : "");
    }
    out->set = true;
    out->value = value;
    return PODSIM_OK;
}

podsim_status dec_i32(dec *d, const path *p, const yt_node *map,
                      const char *key, int32_t *out) {
    podsim_opt_i64 v = {false, 0};
    podsim_status s = dec_int(d, p, map, key, &v);
    if (s || !v.set) return s;
    if (v.value < INT32_MIN || v.value > INT32_MAX) {
        path here = PATH_KEY(p, key);
        return dec_fail(d, &here, yt_get(map, key), PODSIM_ERANGE,
                        "%lld does not fit in int32", (long long)v.value);
    }
    *out = (int32_t)v.value;
    return PODSIM_OK;
}

/* YAML 1.1 booleans, as go-yaml v2 (used by sigs.k8s.io/yaml) reads them. */
static int parse_bool(const char *s) {
    static const char *const yes[] = {"true", "True", "TRUE", "yes",
                                      "Yes",  "YES",  "on",   "On",
                                      "ON",   "y",    "Y"};
    static const char *const no[] = {"false", "False", "FALSE", "no",
                                     "No",    "NO",    "off",   "Off",
                                     "OFF",   "n",     "N"};
    for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++) {
        if (strcmp(s, yes[i]) == 0) return 1;
        if (strcmp(s, no[i]) == 0) return 0;
    }
    return -1;
}

podsim_status dec_bool(dec *d, const path *p, const yt_node *map,
                       const char *key, bool *out) {
    const yt_node *v = field(map, key);
    if (!v) return PODSIM_OK;
    int b = v->type == YT_SCALAR && !v->quoted ? parse_bool(v->str) : -1;
    if (b < 0) {
        path here = PATH_KEY(p, key);
        return dec_fail(d, &here, v, PODSIM_EPARSE,
                        "expected a boolean (true or false), got %s%s%s",
                        v->type == YT_SCALAR ? "\"" : yt_type_name(v),
                        v->type == YT_SCALAR ? v->str : "",
                        v->type == YT_SCALAR ? "\"" : "");
    }
    *out = b == 1;
    return PODSIM_OK;
}

podsim_status dec_time(dec *d, const path *p, const yt_node *map,
                       const char *key, int64_t *out) {
    const yt_node *v = field(map, key);
    if (!v) {
        *out = PODSIM_NO_TIME;
        return PODSIM_OK;
    }
    if (v->type != YT_SCALAR || !parse_rfc3339(v->str, v->len, out)) {
        path here = PATH_KEY(p, key);
        return dec_fail(d, &here, v, PODSIM_EPARSE,
                        "expected an RFC 3339 time such as "
                        "2024-05-01T10:00:00Z, got %s%s%s",
                        v->type == YT_SCALAR ? "\"" : yt_type_name(v),
                        v->type == YT_SCALAR ? v->str : "",
                        v->type == YT_SCALAR ? "\"" : "");
    }
    return PODSIM_OK;
}

/* intstr.IntOrString: an integer or a string such as "25%"; kept as text. */
podsim_status dec_int_or_string(dec *d, const path *p, const yt_node *map,
                                const char *key, const char **out) {
    return dec_str(d, p, map, key, out);
}

podsim_status dec_kvs(dec *d, const path *p, const yt_node *map,
                      const char *key, podsim_kvs *out) {
    const yt_node *m = NULL;
    podsim_status s = dec_map(d, p, map, key, &m);
    if (s || !m || !m->count) return s;
    path here = PATH_KEY(p, key);
    podsim_kv *items = dec_alloc(d, m->count * sizeof(*items));
    if (!items) return oom(d);
    for (size_t i = 0; i < m->count; i++) {
        path item = PATH_KEY(&here, yt_key(m, i)->str);
        if ((s = dec_str_node(d, &item, yt_key(m, i), &items[i].key))) {
            return s;
        }
        if ((s = dec_str_node(d, &item, yt_value(m, i), &items[i].value))) {
            return s;
        }
    }
    out->items = items;
    out->count = m->count;
    return PODSIM_OK;
}

podsim_status dec_strings(dec *d, const path *p, const yt_node *map,
                          const char *key, podsim_strings *out) {
    const yt_node *seq = NULL;
    podsim_status s = dec_seq(d, p, map, key, &seq);
    if (s || !seq || !seq->count) return s;
    path here = PATH_KEY(p, key);
    const char **items = dec_alloc(d, seq->count * sizeof(*items));
    if (!items) return oom(d);
    for (size_t i = 0; i < seq->count; i++) {
        path item = PATH_INDEX(&here, i);
        if ((s = dec_str_node(d, &item, seq->kids[i], &items[i]))) return s;
    }
    out->items = items;
    out->count = seq->count;
    return PODSIM_OK;
}

podsim_status dec_quantity(dec *d, const path *p, const yt_node *n,
                           podsim_quantity *out) {
    if (n->type != YT_SCALAR || n->is_null) {
        return dec_fail(d, p, n, PODSIM_EPARSE,
                        "expected a quantity such as 500m or 1Gi, got %s",
                        yt_type_name(n));
    }
    podsim_status s = podsim_quantity_parse(n->str, n->len, out);
    if (s == PODSIM_OK) return s;
    if (s == PODSIM_ERANGE) {
        return dec_fail(d, p, n, PODSIM_ERANGE,
                        "quantity \"%s\" has more significant digits than "
                        "podsim supports",
                        n->str);
    }
    return dec_fail(d, p, n, PODSIM_EPARSE,
                    "invalid quantity \"%s\": quantities must match the "
                    "regular expression "
                    "'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'",
                    n->str);
}

/* SetDefaults_ResourceList (pkg/apis/core/v1/defaults.go): the API server
   rounds every quantity of a ResourceList up to milli scale ("100n" of cpu
   is stored as "1m"), away from zero. */
static void round_up_to_milli(podsim_quantity *q) {
    if (q->exponent >= -3 || q->mantissa == 0) return;
    int64_t factor = 1;
    for (int32_t e = q->exponent; e < -3; e++) factor *= 10;
    int64_t magnitude = q->mantissa < 0 ? -q->mantissa : q->mantissa;
    int64_t rounded = magnitude / factor + (magnitude % factor != 0);
    int32_t exponent = -3;
    while (rounded % 10 == 0) {
        rounded /= 10;
        exponent++;
    }
    q->mantissa = q->mantissa < 0 ? -rounded : rounded;
    q->exponent = exponent;
}

podsim_status dec_resources(dec *d, const path *p, const yt_node *map,
                            const char *key, podsim_resources *out) {
    const yt_node *m = NULL;
    podsim_status s = dec_map(d, p, map, key, &m);
    if (s || !m || !m->count) return s;
    path here = PATH_KEY(p, key);
    podsim_resource *items = dec_alloc(d, m->count * sizeof(*items));
    if (!items) return oom(d);
    size_t n = 0;
    for (size_t i = 0; i < m->count; i++) {
        path item = PATH_KEY(&here, yt_key(m, i)->str);
        if (yt_value(m, i)->is_null) continue;
        if ((s = dec_str_node(d, &item, yt_key(m, i), &items[n].name)) ||
            (s = dec_quantity(d, &item, yt_value(m, i), &items[n].quantity))) {
            return s;
        }
        round_up_to_milli(&items[n].quantity);
        n++;
    }
    out->items = items;
    out->count = n;
    return PODSIM_OK;
}

podsim_status dec_enum(dec *d, const path *p, const yt_node *map,
                       const char *key, podsim_enum type, int *out) {
    const yt_node *v = field(map, key);
    if (!v) return PODSIM_OK;
    path here = PATH_KEY(p, key);
    if (v->type == YT_SCALAR &&
        podsim_enum_value(type, v->str, out) == PODSIM_OK) {
        return PODSIM_OK;
    }
    strbuf expected;
    strbuf_init(&expected);
    for (int i = 0;; i++) {
        const char *name = podsim_enum_name(type, i);
        if (!name) break;
        if (!*name) continue;
        if (expected.len) strbuf_puts(&expected, ", ");
        strbuf_puts(&expected, name);
    }
    podsim_status s = dec_fail(
        d, &here, v, PODSIM_EPARSE, "unsupported value \"%s\" (expected %s)",
        v->type == YT_SCALAR ? v->str : yt_type_name(v), strbuf_str(&expected));
    strbuf_release(&expected);
    return s;
}

podsim_status dec_list(dec *d, const path *p, const yt_node *map,
                       const char *key, size_t elem_size, dec_item_fn item,
                       void *ctx, void **items_out, size_t *count_out) {
    const yt_node *seq = NULL;
    podsim_status s = dec_seq(d, p, map, key, &seq);
    if (s || !seq || !seq->count) return s;
    path here = PATH_KEY(p, key);
    char *items = dec_alloc(d, seq->count * elem_size);
    if (!items) return oom(d);
    for (size_t i = 0; i < seq->count; i++) {
        path at = PATH_INDEX(&here, i);
        if ((s = dec_expect(d, &at, seq->kids[i], YT_MAP)) ||
            (s = item(d, &at, seq->kids[i], items + i * elem_size, ctx))) {
            return s;
        }
    }
    *items_out = items;
    *count_out = seq->count;
    return PODSIM_OK;
}

/* ---- metadata ----------------------------------------------------------- */

static podsim_status dec_owner_ref(dec *d, const path *p, const yt_node *r,
                                   void *out, void *ctx) {
    podsim_owner_reference *o = out;
    podsim_status s;
    (void)ctx;
    if ((s = dec_str(d, p, r, "apiVersion", &o->api_version)) ||
        (s = dec_str(d, p, r, "kind", &o->kind)) ||
        (s = dec_str(d, p, r, "name", &o->name)) ||
        (s = dec_str(d, p, r, "uid", &o->uid)) ||
        (s = dec_bool(d, p, r, "controller", &o->controller)) ||
        (s = dec_bool(d, p, r, "blockOwnerDeletion",
                      &o->block_owner_deletion))) {
        return s;
    }
    return PODSIM_OK;
}

podsim_status dec_meta(dec *d, const path *p, const yt_node *obj,
                       podsim_kind kind, podsim_meta *out) {
    const yt_node *meta = NULL;
    path here = PATH_KEY(p, "metadata");
    podsim_status s = dec_map(d, p, obj, "metadata", &meta);
    if (s) return s;
    if (!meta) {
        return dec_fail(d, p, obj, PODSIM_EPARSE,
                        "%s has no metadata (metadata.name is required)",
                        podsim_kind_name(kind));
    }
    void *refs = NULL;
    out->name = NULL;
    if ((s = dec_str(d, &here, meta, "name", &out->name))) return s;
    if (!out->name[0]) {
        return dec_fail(d, &here, meta, PODSIM_EPARSE,
                        "%s has no name: metadata.name is required%s",
                        podsim_kind_name(kind),
                        yt_get(meta, "generateName")
                            ? " (generateName is only resolved by the API "
                              "server)"
                            : "");
    }
    if (podsim_kind_is_namespaced(kind)) {
        out->namespace_ = NULL;
        if ((s = dec_str(d, &here, meta, "namespace", &out->namespace_))) {
            return s;
        }
        if (!out->namespace_[0]) out->namespace_ = dec_intern(d, "default");
        if (!out->namespace_) return oom(d);
    }
    if ((s = dec_str(d, &here, meta, "uid", &out->uid)) ||
        (s = dec_str(d, &here, meta, "resourceVersion",
                     &out->resource_version)) ||
        (s = dec_kvs(d, &here, meta, "labels", &out->labels)) ||
        (s = dec_kvs(d, &here, meta, "annotations", &out->annotations)) ||
        (s = dec_list(d, &here, meta, "ownerReferences",
                      sizeof(podsim_owner_reference), dec_owner_ref, NULL,
                      &refs, &out->owner_reference_count)) ||
        (s = dec_time(d, &here, meta, "creationTimestamp",
                      &out->creation_timestamp)) ||
        (s = dec_time(d, &here, meta, "deletionTimestamp",
                      &out->deletion_timestamp)) ||
        (s = dec_int(d, &here, meta, "deletionGracePeriodSeconds",
                     &out->deletion_grace_period_seconds)) ||
        (s = dec_strings(d, &here, meta, "finalizers", &out->finalizers))) {
        return s;
    }
    out->owner_references = refs;
    return PODSIM_OK;
}

/* ---- selectors ---------------------------------------------------------- */

static podsim_status dec_requirement(dec *d, const path *p, const yt_node *r,
                                     void *out, void *ctx) {
    podsim_requirement *req = out;
    bool node_selector = *(const bool *)ctx;
    int op = -1;
    podsim_status s;
    if ((s = dec_str(d, p, r, "key", &req->key)) ||
        (s = dec_enum(d, p, r, "operator", PODSIM_ENUM_SELECTOR_OP, &op)) ||
        (s = dec_strings(d, p, r, "values", &req->values))) {
        return s;
    }
    if (op < 0) {
        return dec_fail(d, p, r, PODSIM_EPARSE, "operator is required");
    }
    if (!node_selector && op >= PODSIM_OP_GT) {
        path opp = PATH_KEY(p, "operator");
        return dec_fail(d, &opp, yt_get(r, "operator"), PODSIM_EPARSE,
                        "unsupported value \"%s\" in a label selector "
                        "(expected In, NotIn, Exists, DoesNotExist)",
                        podsim_selector_op_name((podsim_selector_op)op));
    }
    req->op = (podsim_selector_op)op;
    return PODSIM_OK;
}

static podsim_status dec_requirements(dec *d, const path *p, const yt_node *map,
                                      const char *key, bool node_selector,
                                      const podsim_requirement **out,
                                      size_t *count) {
    void *items = NULL;
    podsim_status s = dec_list(d, p, map, key, sizeof(podsim_requirement),
                               dec_requirement, &node_selector, &items, count);
    *out = items;
    return s;
}

podsim_status dec_label_selector(dec *d, const path *p, const yt_node *map,
                                 const char *key,
                                 const podsim_label_selector **out) {
    const yt_node *m = NULL;
    podsim_status s = dec_map(d, p, map, key, &m);
    if (s || !m) return s;
    path here = PATH_KEY(p, key);
    podsim_label_selector *sel = dec_alloc(d, sizeof(*sel));
    if (!sel) return oom(d);
    if ((s = dec_kvs(d, &here, m, "matchLabels", &sel->match_labels)) ||
        (s = dec_requirements(d, &here, m, "matchExpressions", false,
                              &sel->match_expressions,
                              &sel->match_expression_count))) {
        return s;
    }
    *out = sel;
    return PODSIM_OK;
}

static podsim_status dec_node_selector_term(dec *d, const path *p,
                                            const yt_node *t,
                                            podsim_node_selector_term *out) {
    podsim_status s = dec_expect(d, p, t, YT_MAP);
    if (s) return s;
    if ((s = dec_requirements(d, p, t, "matchExpressions", true,
                              &out->match_expressions,
                              &out->match_expression_count)) ||
        (s = dec_requirements(d, p, t, "matchFields", true, &out->match_fields,
                              &out->match_field_count))) {
        return s;
    }
    return PODSIM_OK;
}

podsim_status dec_node_selector_terms(dec *d, const path *p, const yt_node *seq,
                                      podsim_node_selector *out) {
    podsim_status s = dec_expect(d, p, seq, YT_SEQ);
    if (s || !seq->count) return s;
    podsim_node_selector_term *terms =
        dec_alloc(d, seq->count * sizeof(*terms));
    if (!terms) return oom(d);
    for (size_t i = 0; i < seq->count; i++) {
        path item = PATH_INDEX(p, i);
        if ((s = dec_node_selector_term(d, &item, seq->kids[i], &terms[i]))) {
            return s;
        }
    }
    out->terms = terms;
    out->term_count = seq->count;
    return PODSIM_OK;
}

podsim_status dec_node_selector(dec *d, const path *p, const yt_node *map,
                                const char *key,
                                const podsim_node_selector **out) {
    const yt_node *m = NULL;
    podsim_status s = dec_map(d, p, map, key, &m);
    if (s || !m) return s;
    path here = PATH_KEY(p, key);
    podsim_node_selector *sel = dec_alloc(d, sizeof(*sel));
    if (!sel) return oom(d);
    const yt_node *terms = yt_get(m, "nodeSelectorTerms");
    if (terms && !terms->is_null) {
        path tp = PATH_KEY(&here, "nodeSelectorTerms");
        if ((s = dec_node_selector_terms(d, &tp, terms, sel))) return s;
    }
    *out = sel;
    return PODSIM_OK;
}

/* ---- affinity ----------------------------------------------------------- */

static podsim_status dec_pod_affinity_term(dec *d, const path *p,
                                           const yt_node *t, void *out,
                                           void *ctx) {
    podsim_pod_affinity_term *term = out;
    podsim_status s;
    (void)ctx;
    if ((s = dec_label_selector(d, p, t, "labelSelector",
                                &term->label_selector)) ||
        (s = dec_strings(d, p, t, "namespaces", &term->namespaces)) ||
        (s = dec_str(d, p, t, "topologyKey", &term->topology_key)) ||
        (s = dec_label_selector(d, p, t, "namespaceSelector",
                                &term->namespace_selector)) ||
        (s = dec_strings(d, p, t, "matchLabelKeys", &term->match_label_keys)) ||
        (s = dec_strings(d, p, t, "mismatchLabelKeys",
                         &term->mismatch_label_keys))) {
        return s;
    }
    return PODSIM_OK;
}

static podsim_status dec_weighted_pod_affinity_term(dec *d, const path *p,
                                                    const yt_node *w, void *out,
                                                    void *ctx) {
    podsim_weighted_pod_affinity_term *wt = out;
    const yt_node *t = NULL;
    podsim_status s;
    if ((s = dec_i32(d, p, w, "weight", &wt->weight)) ||
        (s = dec_map(d, p, w, "podAffinityTerm", &t))) {
        return s;
    }
    if (!t) return PODSIM_OK;
    path tp = PATH_KEY(p, "podAffinityTerm");
    return dec_pod_affinity_term(d, &tp, t, &wt->term, ctx);
}

static podsim_status dec_pod_affinity(dec *d, const path *p, const yt_node *map,
                                      const char *key,
                                      const podsim_pod_affinity **out) {
    const yt_node *m = NULL;
    podsim_status s = dec_map(d, p, map, key, &m);
    if (s || !m) return s;
    path here = PATH_KEY(p, key);
    podsim_pod_affinity *a = dec_alloc(d, sizeof(*a));
    if (!a) return oom(d);
    void *required = NULL, *preferred = NULL;
    if ((s = dec_list(d, &here, m,
                      "requiredDuringSchedulingIgnoredDuringExecution",
                      sizeof(podsim_pod_affinity_term), dec_pod_affinity_term,
                      NULL, &required, &a->required_count)) ||
        (s = dec_list(d, &here, m,
                      "preferredDuringSchedulingIgnoredDuringExecution",
                      sizeof(podsim_weighted_pod_affinity_term),
                      dec_weighted_pod_affinity_term, NULL, &preferred,
                      &a->preferred_count))) {
        return s;
    }
    a->required = required;
    a->preferred = preferred;
    *out = a;
    return PODSIM_OK;
}

static podsim_status dec_preferred_term(dec *d, const path *p, const yt_node *w,
                                        void *out, void *ctx) {
    podsim_preferred_scheduling_term *pt = out;
    const yt_node *t = NULL;
    podsim_status s;
    (void)ctx;
    if ((s = dec_i32(d, p, w, "weight", &pt->weight)) ||
        (s = dec_map(d, p, w, "preference", &t))) {
        return s;
    }
    if (!t) return PODSIM_OK;
    path tp = PATH_KEY(p, "preference");
    return dec_node_selector_term(d, &tp, t, &pt->preference);
}

podsim_status dec_node_affinity(dec *d, const path *p, const yt_node *map,
                                const char *key,
                                const podsim_node_affinity **out) {
    const yt_node *m = NULL;
    podsim_status s = dec_map(d, p, map, key, &m);
    if (s || !m) return s;
    path here = PATH_KEY(p, key);
    podsim_node_affinity *a = dec_alloc(d, sizeof(*a));
    if (!a) return oom(d);
    void *preferred = NULL;
    if ((s = dec_node_selector(d, &here, m,
                               "requiredDuringSchedulingIgnoredDuringExecution",
                               &a->required)) ||
        (s = dec_list(
             d, &here, m, "preferredDuringSchedulingIgnoredDuringExecution",
             sizeof(podsim_preferred_scheduling_term), dec_preferred_term, NULL,
             &preferred, &a->preferred_count))) {
        return s;
    }
    a->preferred = preferred;
    *out = a;
    return PODSIM_OK;
}

podsim_status dec_affinity(dec *d, const path *p, const yt_node *spec,
                           const podsim_affinity **out) {
    const yt_node *m = NULL;
    podsim_status s = dec_map(d, p, spec, "affinity", &m);
    if (s || !m) return s;
    path here = PATH_KEY(p, "affinity");
    podsim_affinity *a = dec_alloc(d, sizeof(*a));
    if (!a) return oom(d);
    if ((s = dec_node_affinity(d, &here, m, "nodeAffinity",
                               &a->node_affinity)) ||
        (s = dec_pod_affinity(d, &here, m, "podAffinity", &a->pod_affinity)) ||
        (s = dec_pod_affinity(d, &here, m, "podAntiAffinity",
                              &a->pod_anti_affinity))) {
        return s;
    }
    *out = a;
    return PODSIM_OK;
}

/* ---- taints and tolerations -------------------------------------------- */

static podsim_status dec_toleration(dec *d, const path *p, const yt_node *n,
                                    void *out, void *ctx) {
    podsim_toleration *t = out;
    int op = PODSIM_TOLERATION_EQUAL, effect = PODSIM_EFFECT_NONE;
    podsim_status s;
    (void)ctx;
    if ((s = dec_str(d, p, n, "key", &t->key)) ||
        (s = dec_enum(d, p, n, "operator", PODSIM_ENUM_TOLERATION_OP, &op)) ||
        (s = dec_str(d, p, n, "value", &t->value)) ||
        (s = dec_enum(d, p, n, "effect", PODSIM_ENUM_TAINT_EFFECT, &effect)) ||
        (s = dec_int(d, p, n, "tolerationSeconds", &t->toleration_seconds))) {
        return s;
    }
    t->op = (podsim_toleration_op)op;
    t->effect = (podsim_taint_effect)effect;
    return PODSIM_OK;
}

podsim_status dec_tolerations(dec *d, const path *p, const yt_node *spec,
                              podsim_toleration **out, size_t *count) {
    void *items = NULL;
    podsim_status s =
        dec_list(d, p, spec, "tolerations", sizeof(podsim_toleration),
                 dec_toleration, NULL, &items, count);
    *out = items;
    return s;
}

static podsim_status dec_taint(dec *d, const path *p, const yt_node *n,
                               void *out, void *ctx) {
    podsim_taint *t = out;
    int effect = PODSIM_EFFECT_NONE;
    podsim_status s;
    (void)ctx;
    if ((s = dec_str(d, p, n, "key", &t->key)) ||
        (s = dec_str(d, p, n, "value", &t->value)) ||
        (s = dec_enum(d, p, n, "effect", PODSIM_ENUM_TAINT_EFFECT, &effect)) ||
        (s = dec_time(d, p, n, "timeAdded", &t->time_added))) {
        return s;
    }
    if (effect == PODSIM_EFFECT_NONE) {
        /* a taint must have an effect (ValidateTaint in
           pkg/apis/core/validation) */
        return dec_fail(d, p, n, PODSIM_EPARSE,
                        "taint effect is required (expected "
                        "NoSchedule, PreferNoSchedule or NoExecute)");
    }
    t->effect = (podsim_taint_effect)effect;
    return PODSIM_OK;
}

podsim_status dec_taints(dec *d, const path *p, const yt_node *spec,
                         const podsim_taint **out, size_t *count) {
    void *items = NULL;
    podsim_status s = dec_list(d, p, spec, "taints", sizeof(podsim_taint),
                               dec_taint, NULL, &items, count);
    *out = items;
    return s;
}

static podsim_status dec_condition(dec *d, const path *p, const yt_node *n,
                                   void *out, void *ctx) {
    podsim_condition *c = out;
    podsim_status s;
    (void)ctx;
    if ((s = dec_str(d, p, n, "type", &c->type)) ||
        (s = dec_str(d, p, n, "status", &c->status)) ||
        (s = dec_str(d, p, n, "reason", &c->reason)) ||
        (s = dec_str(d, p, n, "message", &c->message)) ||
        (s = dec_time(d, p, n, "lastTransitionTime",
                      &c->last_transition_time)) ||
        (s = dec_time(d, p, n, "lastHeartbeatTime", &c->last_heartbeat_time)) ||
        (s = dec_time(d, p, n, "lastProbeTime", &c->last_probe_time))) {
        return s;
    }
    return PODSIM_OK;
}

podsim_status dec_conditions(dec *d, const path *p, const yt_node *status,
                             const podsim_condition **out, size_t *count) {
    void *items = NULL;
    podsim_status s =
        dec_list(d, p, status, "conditions", sizeof(podsim_condition),
                 dec_condition, NULL, &items, count);
    *out = items;
    return s;
}
