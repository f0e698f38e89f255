/*
 * inter_pod_affinity.c - the InterPodAffinity plugin: pod affinity and
 * anti-affinity between the pod being scheduled and the pods already
 * running, per topology domain (nodes sharing a value of topologyKey).
 *
 * Mirrors pkg/scheduler/framework/plugins/interpodaffinity/filtering.go,
 * scoring.go and plugin.go with framework/types.go (AffinityTerm.Matches,
 * getNamespacesFromPodAffinityTerm) as of v1.30-v1.35, and
 * pkg/scheduler/apis/config/validation/validation_pluginargs.go for the
 * args. Reasons and codes:
 *   "node(s) didn't match pod affinity rules"                 Unresolvable
 *   "node(s) didn't match pod anti-affinity rules"            Unschedulable
 *   "node(s) didn't satisfy existing pods anti-affinity rules" Unschedulable
 * checked in that order, one reason per node.
 *
 * Terms. A term selects pods by labelSelector (absent: none) in a set of
 * namespaces: `namespaces` plus those a namespaceSelector matches; with
 * neither, the namespace of the pod owning the term. An empty (non-nil)
 * namespaceSelector matches every namespace. The incoming pod's terms see
 * Namespace objects of the model (upstream lists them once); an existing
 * pod's term sees the incoming pod's namespace labels (none when the
 * Namespace object is absent).
 * matchLabelKeys / mismatchLabelKeys: upstream the API server merges them
 * into the labelSelector when a pod is created (MatchLabelKeysInPodAffinity:
 * beta and on by default from v1.31, GA v1.33; the scheduler itself never
 * reads them). podsim does the equivalent while matching: each key the
 * term's own pod carries adds "key in (value)" / "key notin (value)" taken
 * from that pod's labels. Re-applying them to a selector already merged
 * (kubectl get -o yaml) changes nothing. v1.30 ignores the keys (alpha,
 * off).
 *
 * All pods of the snapshot count, terminating ones included (only
 * PodTopologySpread leaves them out); pods taken out by a preemption dry
 * run do not. The filter state is computed from the snapshot in PreFilter,
 * so after pods are removed or added (preemption, nominated pods) PreFilter
 * must run again: podsim has no AddPod/RemovePod extension.
 */
#include "sched.h"

#include "match.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static const char reason_affinity[] = "node(s) didn't match pod affinity rules";
static const char reason_anti_affinity[] =
    "node(s) didn't match pod anti-affinity rules";
static const char reason_existing_anti_affinity[] =
    "node(s) didn't satisfy existing pods anti-affinity rules";

/* ---- args (InterPodAffinityArgs) ----------------------------------------- */

typedef struct ipa_args {
    int32_t hard_pod_affinity_weight;
    bool ignore_preferred_terms_of_existing_pods;
} ipa_args;

static void args_default(void *out) {
    ipa_args *a = out;
    a->hard_pod_affinity_weight = 1;
    a->ignore_preferred_terms_of_existing_pods = false;
}

static podsim_status args_decode(dec *d, const path *p, const yt_node *args,
                                 void *out) {
    ipa_args *a = out;
    if (!args || args->is_null) return PODSIM_OK;
    podsim_status s = dec_expect(d, p, args, YT_MAP);
    if (!s) {
        s = dec_i32(d, p, args, "hardPodAffinityWeight",
                    &a->hard_pod_affinity_weight);
    }
    if (!s) {
        s = dec_bool(d, p, args, "ignorePreferredTermsOfExistingPods",
                     &a->ignore_preferred_terms_of_existing_pods);
    }
    if (s) return s;
    if (a->hard_pod_affinity_weight < 0 || a->hard_pod_affinity_weight > 100) {
        path here = PATH_KEY(p, "hardPodAffinityWeight");
        return dec_fail(d, &here, yt_get(args, "hardPodAffinityWeight"),
                        PODSIM_EINVAL,
                        "Invalid value: %d: not in valid range [0, 100]",
                        (int)a->hard_pod_affinity_weight);
    }
    return PODSIM_OK;
}

/* ---- string identity ----------------------------------------------------- */

/* Every string of the model lives in the cluster's intern table (model.h),
   so two non-empty model strings are equal exactly when they are the same
   pointer. The empty string is the exception: a null YAML scalar or an
   absent field decodes to a static "" outside the table. A "needle" is a
   model string made canonical (itself, or empty_string when empty); every
   comparison below is a needle against a model string, by pointer. The
   pods, terms, nodes and namespaces all come from the one cluster. */
static const char empty_string[] = "";

static const char *needle_of(const char *s) {
    return s[0] ? s : empty_string;
}

/* A needle against a model string. */
static bool is(const char *needle, const char *s) {
    return needle == s || (needle == empty_string && !s[0]);
}

/* kvs_get by needle. */
static const char *label_of(const podsim_kvs *labels, const char *key) {
    const podsim_kv *it = labels->items;
    for (size_t i = 0; i < labels->count; i++) {
        if (is(key, it[i].key)) return it[i].value;
    }
    return NULL;
}

static size_t pointer_hash(const void *p) {
    uint64_t h = (uint64_t)(uintptr_t)p * 0x9E3779B97F4A7C15u;
    return (size_t)(h ^ (h >> 32));
}

/* ---- selector validity ----------------------------------------------------

   A labelSelector that LabelSelectorAsSelector refuses matches nothing.
   label_selector_matches checks that after every successful match; here it
   is checked once per selector and the checks of single strings (a key is
   a qualified name, a value a label value) are remembered for the attempt,
   keyed by the (interned) string. */

#define VALID_SLOTS 64 /* direct-mapped; a collision only recomputes */

enum { KEY_KNOWN = 1, KEY_OK = 2, VALUE_KNOWN = 4, VALUE_OK = 8 };

typedef struct valid_cache {
    const char *str[VALID_SLOTS];
    uint8_t flags[VALID_SLOTS];
} valid_cache;

static uint8_t *valid_flags(valid_cache *vc, const char *s) {
    size_t i = pointer_hash(s) & (VALID_SLOTS - 1);
    if (vc->str[i] != s) {
        vc->str[i] = s;
        vc->flags[i] = 0;
    }
    return &vc->flags[i];
}

/* labels.NewRequirement's key check (match.c's, through an Exists term). */
static bool key_valid(valid_cache *vc, const char *key) {
    uint8_t *f = valid_flags(vc, key);
    if (!(*f & KEY_KNOWN)) {
        podsim_requirement r = {key, PODSIM_OP_EXISTS, {NULL, 0}};
        podsim_node_selector_term t = {&r, 1, NULL, 0};
        bool ok = !node_selector_term_problem(&t, NULL);
        *f = (uint8_t)(*f | KEY_KNOWN | (ok ? KEY_OK : 0));
    }
    return (*f & KEY_OK) != 0;
}

static bool value_valid(valid_cache *vc, const char *value) {
    uint8_t *f = valid_flags(vc, value);
    if (!(*f & VALUE_KNOWN)) {
        bool ok = is_valid_label_value(value);
        *f = (uint8_t)(*f | VALUE_KNOWN | (ok ? VALUE_OK : 0));
    }
    return (*f & VALUE_OK) != 0;
}

/* labels.NewRequirement for an operator of a metav1.LabelSelector. */
static bool requirement_valid(valid_cache *vc, const char *key,
                              podsim_selector_op op, const char *const *values,
                              size_t n) {
    switch (op) {
    case PODSIM_OP_IN:
    case PODSIM_OP_NOT_IN:
        if (n == 0) return false;
        break;
    case PODSIM_OP_EXISTS:
    case PODSIM_OP_DOES_NOT_EXIST:
        if (n != 0) return false;
        break;
    default: return false; /* Gt, Lt: node selectors only */
    }
    if (!key_valid(vc, key)) return false;
    for (size_t i = 0; i < n; i++) {
        if (!value_valid(vc, values[i])) return false;
    }
    return true;
}

static bool selector_valid(valid_cache *vc, const podsim_label_selector *sel) {
    for (size_t i = 0; i < sel->match_labels.count; i++) {
        const podsim_kv *kv = &sel->match_labels.items[i];
        if (!requirement_valid(vc, kv->key, PODSIM_OP_IN, &kv->value, 1)) {
            return false;
        }
    }
    for (size_t i = 0; i < sel->match_expression_count; i++) {
        const podsim_requirement *r = &sel->match_expressions[i];
        if (!requirement_valid(vc, r->key, r->op, r->values.items,
                               r->values.count)) {
            return false;
        }
    }
    return true;
}

static bool selector_is_empty(const podsim_label_selector *s) {
    return s->match_labels.count == 0 && s->match_expression_count == 0;
}

/* ---- topology pair counts (topologyToMatchedTermCount) ------------------- */

/* Keyed by (topology key, value) needles, hashed and compared by pointer. */
typedef struct tp_entry {
    const char *key;
    const char *value;
    int64_t count;
} tp_entry;

typedef struct tp_map {
    tp_entry *slots; /* open addressing; key NULL = empty */
    size_t cap;      /* power of two */
    size_t used;
} tp_map;

static size_t tp_hash(const char *key, const char *value) {
    uint64_t h = ((uint64_t)(uintptr_t)key ^
                  (uint64_t)(uintptr_t)value * 0x9E3779B97F4A7C15u) *
                 0xBF58476D1CE4E5B9u;
    return (size_t)(h ^ (h >> 31));
}

static tp_entry *tp_slot(const tp_map *m, const char *key, const char *value) {
    size_t mask = m->cap - 1;
    for (size_t i = tp_hash(key, value) & mask;; i = (i + 1) & mask) {
        tp_entry *e = &m->slots[i];
        if (!e->key || (e->key == key && e->value == value)) return e;
    }
}

/* Grow to room for `want` entries (at least double). */
static bool tp_grow(sched_cycle *cy, tp_map *m, size_t want) {
    size_t cap = m->cap ? m->cap * 2 : 64;
    while (cap < want * 2) cap *= 2;
    tp_map bigger = {cycle_alloc(cy, cap * sizeof(tp_entry)), cap, 0};
    if (!bigger.slots) return false;
    for (size_t i = 0; i < m->cap; i++) {
        const tp_entry *e = &m->slots[i];
        if (!e->key) continue;
        *tp_slot(&bigger, e->key, e->value) = *e;
        bigger.used++;
    }
    *m = bigger;
    return true;
}

/* m[(key, value)] += delta; false when out of memory. */
static bool tp_add(sched_cycle *cy, tp_map *m, const char *key,
                   const char *value, int64_t delta) {
    if ((m->used + 1) * 2 > m->cap && !tp_grow(cy, m, 0)) return false;
    tp_entry *e = tp_slot(m, key, value);
    if (!e->key) {
        e->key = key;
        e->value = value;
        m->used++;
    }
    e->count += delta;
    return true;
}

/* Room for n more entries without growing one step at a time. */
static bool tp_reserve(sched_cycle *cy, tp_map *m, size_t n) {
    return (m->used + n) * 2 <= m->cap || tp_grow(cy, m, m->used + n);
}

static int64_t tp_get(const tp_map *m, const char *key, const char *value) {
    if (!m->used) return 0;
    return tp_slot(m, key, value)->count; /* 0 in an empty slot */
}

/* m[(key, the node's value of key)] += delta when the node has the key. */
static bool add_in_domain(sched_cycle *cy, tp_map *m, const podsim_kvs *nl,
                          const char *key, int64_t delta) {
    const char *v = label_of(nl, key);
    return !v || tp_add(cy, m, key, needle_of(v), delta);
}

/* The count of the node's domain of key; *has_key tells whether the node
   has the key at all. */
static int64_t domain_count(const tp_map *m, const podsim_kvs *nl,
                            const char *key, bool *has_key) {
    const char *v = label_of(nl, key);
    *has_key = v != NULL;
    return v ? tp_get(m, key, needle_of(v)) : 0;
}

/* ---- the incoming pod ---------------------------------------------------- */

static const podsim_pod_affinity *pod_affinity_of(const podsim_pod *pod) {
    return pod->spec.affinity ? pod->spec.affinity->pod_affinity : NULL;
}

static const podsim_pod_affinity *pod_anti_affinity_of(const podsim_pod *pod) {
    return pod->spec.affinity ? pod->spec.affinity->pod_anti_affinity : NULL;
}

static const podsim_kvs *namespace_labels(const podsim_cluster *c,
                                          const char *ns) {
    podsim_id id = cluster_lookup(c, PODSIM_KIND_NAMESPACE, NULL, ns);
    const podsim_namespace *obj =
        id == PODSIM_NO_ID ? NULL : podsim_cluster_namespace(c, id);
    return obj ? &obj->meta.labels : NULL;
}

static const podsim_kvs empty_labels = {NULL, 0};

/* What matching needs about the pod being scheduled, once per attempt. */
typedef struct incoming {
    sched_cycle *cy;
    const podsim_pod *pod;
    const char *ns;          /* needle */
    const podsim_kv *labels; /* the pod's labels as needles */
    size_t label_count;
    const podsim_kvs *ns_labels; /* GetNamespaceLabelsSnapshot: empty when
                                    the Namespace object is absent */
    bool label_keys;             /* apply matchLabelKeys / mismatchLabelKeys */
    valid_cache valid;
} incoming;

static bool incoming_init(sched_cycle *cy, incoming *in) {
    const podsim_pod *pod = cy->pod;
    const podsim_kvs *l = &pod->meta.labels;
    memset(in, 0, sizeof *in);
    in->cy = cy;
    in->pod = pod;
    in->ns = needle_of(pod->meta.namespace_);
    in->label_keys = cy->minor >= 31;
    in->ns_labels = namespace_labels(cy->c, pod->meta.namespace_);
    if (!in->ns_labels) in->ns_labels = &empty_labels;
    podsim_kv *labels = cycle_alloc(cy, (l->count + 1) * sizeof *labels);
    if (!labels) return false;
    for (size_t i = 0; i < l->count; i++) {
        labels[i].key = needle_of(l->items[i].key);
        labels[i].value = needle_of(l->items[i].value);
    }
    in->labels = labels;
    in->label_count = l->count;
    return true;
}

/* The needle of the incoming pod's value of a (model) label key. */
static const char *incoming_label(const incoming *in, const char *key) {
    for (size_t i = 0; i < in->label_count; i++) {
        if (is(in->labels[i].key, key)) return in->labels[i].value;
    }
    return NULL;
}

/* ---- the incoming pod's terms, compiled ----------------------------------

   Terms select pods by labelSelector with the owner's matchLabelKeys and
   mismatchLabelKeys merged in (as "key in (value)" / "key notin (value)"),
   in a set of namespaces. The incoming pod's terms are matched against
   every pod, so each is compiled once per attempt: the selector validated,
   its strings turned into needles, the label keys resolved. */

typedef struct creq {
    const char *key;       /* needle */
    podsim_selector_op op; /* In, NotIn, Exists or DoesNotExist */
    const char **values;   /* needles */
    size_t value_count;
} creq;

#define NS_MEMO 8 /* namespaceSelector results remembered per term */

typedef struct cterm {
    bool never; /* no labelSelector, or one that does not parse */
    creq *reqs;
    size_t req_count;
    bool own_namespace;  /* neither namespaces nor namespaceSelector */
    const char **listed; /* namespaces, as needles */
    size_t listed_count;
    const podsim_label_selector *ns_selector; /* NULL when absent */
    bool any_namespace;                       /* empty namespaceSelector */
    const char *memo_ns[NS_MEMO];
    bool memo_match[NS_MEMO];
    size_t memo_count;
    const char *topology_key; /* needle */
    int32_t weight;           /* preferred terms */
} cterm;

static void add_req(cterm *t, const char **values, const char *key,
                    podsim_selector_op op, const char *const *raw, size_t n) {
    creq *r = &t->reqs[t->req_count++];
    r->key = needle_of(key);
    r->op = op;
    r->values = values;
    r->value_count = n;
    for (size_t i = 0; i < n; i++) values[i] = needle_of(raw[i]);
}

static bool compile_selector(incoming *in, const podsim_pod_affinity_term *t,
                             cterm *out) {
    const podsim_label_selector *sel = t->label_selector;
    out->never = !sel || !selector_valid(&in->valid, sel);
    if (out->never) return true;
    size_t keys = in->label_keys
                      ? t->match_label_keys.count + t->mismatch_label_keys.count
                      : 0;
    size_t n = sel->match_labels.count + sel->match_expression_count + keys;
    size_t values = sel->match_labels.count + keys;
    for (size_t i = 0; i < sel->match_expression_count; i++) {
        values += sel->match_expressions[i].values.count;
    }
    out->reqs = cycle_alloc(in->cy, (n + 1) * sizeof *out->reqs);
    const char **v = cycle_alloc(in->cy, (values + 1) * sizeof *v);
    if (!out->reqs || !v) return false;
    for (size_t i = 0; i < sel->match_labels.count; i++) {
        const podsim_kv *kv = &sel->match_labels.items[i];
        add_req(out, v, kv->key, PODSIM_OP_IN, &kv->value, 1);
        v += 1;
    }
    for (size_t i = 0; i < sel->match_expression_count; i++) {
        const podsim_requirement *r = &sel->match_expressions[i];
        add_req(out, v, r->key, r->op, r->values.items, r->values.count);
        v += r->values.count;
    }
    if (!in->label_keys) return true;
    const podsim_kvs *own = &in->pod->meta.labels;
    for (size_t i = 0; i < t->match_label_keys.count; i++) {
        const char *k = t->match_label_keys.items[i];
        const char *want = label_of(own, needle_of(k));
        if (!want) continue;
        add_req(out, v, k, PODSIM_OP_IN, &want, 1);
        v += 1;
    }
    for (size_t i = 0; i < t->mismatch_label_keys.count; i++) {
        const char *k = t->mismatch_label_keys.items[i];
        const char *avoid = label_of(own, needle_of(k));
        if (!avoid) continue;
        add_req(out, v, k, PODSIM_OP_NOT_IN, &avoid, 1);
        v += 1;
    }
    return true;
}

static bool compile_term(incoming *in, const podsim_pod_affinity_term *t,
                         int32_t weight, cterm *out) {
    if (!compile_selector(in, t, out)) return false;
    const podsim_label_selector *sel = t->namespace_selector;
    out->own_namespace = t->namespaces.count == 0 && !sel;
    out->listed =
        cycle_alloc(in->cy, (t->namespaces.count + 1) * sizeof *out->listed);
    if (!out->listed) return false;
    for (size_t i = 0; i < t->namespaces.count; i++) {
        out->listed[i] = needle_of(t->namespaces.items[i]);
    }
    out->listed_count = t->namespaces.count;
    out->ns_selector = sel;
    out->any_namespace = sel && selector_is_empty(sel);
    out->topology_key = needle_of(t->topology_key);
    out->weight = weight;
    return true;
}

/* Required terms (weight 0) or preferred terms, compiled; *out is NULL
   when there are none. */
static bool compile_terms(incoming *in, const podsim_pod_affinity *a,
                          bool preferred, cterm **out, size_t *count) {
    size_t n = !a ? 0 : preferred ? a->preferred_count : a->required_count;
    *out = NULL;
    *count = 0;
    if (n == 0) return true;
    cterm *terms = cycle_alloc(in->cy, n * sizeof *terms);
    if (!terms) return false;
    for (size_t i = 0; i < n; i++) {
        bool ok = preferred ? compile_term(in, &a->preferred[i].term,
                                           a->preferred[i].weight, &terms[i])
                            : compile_term(in, &a->required[i], 0, &terms[i]);
        if (!ok) return false;
    }
    *out = terms;
    *count = n;
    return true;
}

/* The namespace part of AffinityTerm.Matches for the incoming pod's terms:
   a namespaceSelector sees the Namespace objects of the model
   (mergeAffinityTermNamespacesIfNotEmpty lists them); a namespace without
   one matches only when listed. */
static bool cterm_namespace_matches(const incoming *in, cterm *t,
                                    const char *ns) {
    if (t->own_namespace) return is(in->ns, ns);
    for (size_t i = 0; i < t->listed_count; i++) {
        if (is(t->listed[i], ns)) return true;
    }
    if (!t->ns_selector) return false;
    if (t->any_namespace) return true;
    for (size_t i = 0; i < t->memo_count; i++) {
        if (t->memo_ns[i] == ns) return t->memo_match[i];
    }
    const podsim_kvs *labels = namespace_labels(in->cy->c, ns);
    bool match = labels && label_selector_matches(t->ns_selector, labels);
    if (t->memo_count < NS_MEMO) {
        t->memo_ns[t->memo_count] = ns;
        t->memo_match[t->memo_count++] = match;
    }
    return match;
}

static bool values_have(const creq *r, const char *v) {
    for (size_t i = 0; i < r->value_count; i++) {
        if (is(r->values[i], v)) return true;
    }
    return false;
}

/* A term of the incoming pod against a pod (existing, or itself). */
static bool cterm_matches(const incoming *in, cterm *t,
                          const podsim_pod *target) {
    if (t->never || !cterm_namespace_matches(in, t, target->meta.namespace_)) {
        return false;
    }
    const podsim_kvs *labels = &target->meta.labels;
    for (size_t i = 0; i < t->req_count; i++) {
        const creq *r = &t->reqs[i];
        const char *v = label_of(labels, r->key);
        bool ok;
        switch (r->op) {
        case PODSIM_OP_IN: ok = v && values_have(r, v); break;
        case PODSIM_OP_NOT_IN: ok = !v || !values_have(r, v); break;
        case PODSIM_OP_EXISTS: ok = v != NULL; break;
        case PODSIM_OP_DOES_NOT_EXIST: ok = v == NULL; break;
        default: ok = false; break; /* never compiled (invalid) */
        }
        if (!ok) return false;
    }
    return true;
}

/* podMatchesAllAffinityTerms: false for no terms. */
static bool cterms_all_match(const incoming *in, cterm *terms, size_t n,
                             const podsim_pod *target) {
    if (n == 0) return false;
    for (size_t i = 0; i < n; i++) {
        if (!cterm_matches(in, &terms[i], target)) return false;
    }
    return true;
}

/* ---- existing pods' terms against the incoming pod ------------------------

   Each is looked at once per attempt, so they are matched as they are:
   the selector's strings against the incoming pod's label needles. An
   existing pod's namespaceSelector sees the incoming pod's namespace
   labels. */

static bool any_value_is(const char *needle, const podsim_strings *values) {
    for (size_t i = 0; i < values->count; i++) {
        if (is(needle, values->items[i])) return true;
    }
    return false;
}

static bool selects_incoming(incoming *in, const podsim_label_selector *sel) {
    for (size_t i = 0; i < sel->match_labels.count; i++) {
        const podsim_kv *kv = &sel->match_labels.items[i];
        const char *v = incoming_label(in, kv->key);
        if (!v || !is(v, kv->value)) return false;
    }
    for (size_t i = 0; i < sel->match_expression_count; i++) {
        const podsim_requirement *r = &sel->match_expressions[i];
        const char *v = incoming_label(in, r->key);
        bool ok;
        switch (r->op) {
        case PODSIM_OP_IN: ok = v && any_value_is(v, &r->values); break;
        case PODSIM_OP_NOT_IN: ok = !v || !any_value_is(v, &r->values); break;
        case PODSIM_OP_EXISTS: ok = v != NULL; break;
        case PODSIM_OP_DOES_NOT_EXIST: ok = v == NULL; break;
        default: ok = false; break; /* Gt, Lt never parse here */
        }
        if (!ok) return false;
    }
    /* matched: the selector must also parse */
    return selector_valid(&in->valid, sel);
}

static bool existing_namespace_matches(const incoming *in,
                                       const podsim_pod_affinity_term *t,
                                       const podsim_pod *owner) {
    const podsim_label_selector *sel = t->namespace_selector;
    if (t->namespaces.count == 0 && !sel) {
        return is(in->ns, owner->meta.namespace_);
    }
    for (size_t i = 0; i < t->namespaces.count; i++) {
        if (is(in->ns, t->namespaces.items[i])) return true;
    }
    if (!sel) return false;
    return selector_is_empty(sel) || label_selector_matches(sel, in->ns_labels);
}

/* The owner's matchLabelKeys / mismatchLabelKeys against the incoming
   pod. */
static bool label_keys_match(const incoming *in,
                             const podsim_pod_affinity_term *t,
                             const podsim_pod *owner) {
    const podsim_kvs *own = &owner->meta.labels;
    for (size_t i = 0; i < t->match_label_keys.count; i++) {
        const char *k = t->match_label_keys.items[i];
        const char *want = label_of(own, needle_of(k));
        if (!want) continue;
        const char *v = incoming_label(in, k);
        if (!v || !is(v, want)) return false;
    }
    for (size_t i = 0; i < t->mismatch_label_keys.count; i++) {
        const char *k = t->mismatch_label_keys.items[i];
        const char *avoid = label_of(own, needle_of(k));
        if (!avoid) continue;
        const char *v = incoming_label(in, k);
        if (v && is(v, avoid)) return false;
    }
    return true;
}

static bool existing_term_matches(incoming *in,
                                  const podsim_pod_affinity_term *t,
                                  const podsim_pod *owner) {
    return t->label_selector && existing_namespace_matches(in, t, owner) &&
           selects_incoming(in, t->label_selector) &&
           (!in->label_keys || label_keys_match(in, t, owner));
}

/* ---- the snapshot's index -------------------------------------------------

   Every attempt matches terms against the pods of the snapshot, and most
   pods look alike (one Deployment's replicas share a namespace, labels and
   terms). The index, kept in the snapshot's plugin cache, groups them so
   that a term is matched once per group:
   - pod groups: existing pods by (namespace, labels), for the incoming
     pod's terms (which see only those);
   - term groups: existing pods' terms by content (the selector, the
     namespaces, the topology key, the weight, and what the owner
     contributes: its namespace when the term names none, its values of
     matchLabelKeys / mismatchLabelKeys), one table per kind of term, for
     matching against the incoming pod.
   A group remembers the node of each member, so its counts go into the
   attempt's domain maps without matching again. The nodes' values of each
   topology key are remembered too.

   The index covers the pods that are not removed. Pods are only appended
   to the snapshot, so it takes in the new ones on each use; a removal or a
   restore changes snap->removal_version, and then it is built again, not
   at once though: preemption's dry runs change the version between every
   two calls, so a rebuild waits until a call finds the version it saw on
   the call before. Until then, and whenever memory runs out or the pod
   being scheduled is itself among the indexed pods, the plugin walks the
   pods as before: the results are the same either way. Attempt states
   never point into the index (it may be rebuilt during an attempt). */

/* One member run: `count` consecutive members on one node. */
typedef struct member {
    int32_t node;
    int32_t count;
} member;

typedef struct group {
    const podsim_pod *pod;                /* representative: the first */
    const podsim_pod_affinity_term *term; /* term groups: the first's */
    int32_t weight;                       /* preferred term groups */
    uint64_t hash;
    const uintptr_t *words; /* canonical content (index arena) */
    size_t word_count;
    member *members;
    size_t member_count;
    size_t member_cap;
} group;

typedef struct group_table {
    vec groups;      /* group */
    uint32_t *slots; /* open addressing: group index + 1, 0 empty */
    size_t cap;      /* power of two */
} group_table;

enum {
    TABLE_PODS = 0,  /* existing pods by (namespace, labels) */
    TABLE_ANTI_REQ,  /* required anti-affinity terms */
    TABLE_AFF_REQ,   /* required affinity terms (hardPodAffinityWeight) */
    TABLE_AFF_PREF,  /* preferred affinity terms */
    TABLE_ANTI_PREF, /* preferred anti-affinity terms */
    TABLE_COUNT
};

/* The nodes' values (needles, NULL: no label) of one topology key. */
typedef struct topo_values {
    const char *key; /* needle */
    const char **value;
    size_t domains; /* distinct values */
} topo_values;

#define TOPO_KEYS 32 /* keys remembered; others are looked up per node */

typedef struct ipa_index {
    bool usable;        /* the groups describe pods [0, indexed) */
    bool label_keys;    /* matchLabelKeys applied in the term contents */
    uint64_t version;   /* removal_version the groups were built at */
    uint64_t last_seen; /* removal_version of the last call */
    size_t indexed;     /* snapshot pods looked at */
    arena mem;          /* group contents */
    group_table tables[TABLE_COUNT];
    const podsim_pod **pod_set; /* indexed pods, open addressing */
    size_t pod_set_cap;
    size_t pod_set_used;
    vec words; /* uintptr_t scratch: the content being built */
    bool words_failed;
    topo_values topo[TOPO_KEYS];
    size_t topo_count;
} ipa_index;

static void table_release(group_table *t) {
    group *g = t->groups.data;
    for (size_t i = 0; i < t->groups.len; i++) free(g[i].members);
    vec_release(&t->groups);
    free(t->slots);
    t->slots = NULL;
    t->cap = 0;
    vec_init(&t->groups, sizeof(group));
}

/* Forget every group (the node values stay: they do not depend on pods). */
static void index_clear(ipa_index *x) {
    for (int i = 0; i < TABLE_COUNT; i++) table_release(&x->tables[i]);
    arena_release(&x->mem);
    arena_init(&x->mem, 0);
    free(x->pod_set);
    x->pod_set = NULL;
    x->pod_set_cap = x->pod_set_used = 0;
    x->indexed = 0;
    x->usable = false;
}

static void index_free(void *p) {
    ipa_index *x = p;
    if (!x) return;
    index_clear(x);
    for (int i = 0; i < TABLE_COUNT; i++) vec_release(&x->tables[i].groups);
    arena_release(&x->mem);
    vec_release(&x->words);
    for (size_t i = 0; i < x->topo_count; i++) free(x->topo[i].value);
    free(x);
}

/* -- content words -- */

static void put_word(ipa_index *x, uintptr_t w) {
    uintptr_t *p = vec_push(&x->words);
    if (p) {
        *p = w;
    } else {
        x->words_failed = true;
    }
}

static void put_string(ipa_index *x, const char *s) {
    put_word(x, (uintptr_t)needle_of(s));
}

static void put_selector(ipa_index *x, const podsim_label_selector *sel) {
    put_word(x, sel != NULL);
    if (!sel) return;
    put_word(x, sel->match_labels.count);
    for (size_t i = 0; i < sel->match_labels.count; i++) {
        put_string(x, sel->match_labels.items[i].key);
        put_string(x, sel->match_labels.items[i].value);
    }
    put_word(x, sel->match_expression_count);
    for (size_t i = 0; i < sel->match_expression_count; i++) {
        const podsim_requirement *r = &sel->match_expressions[i];
        put_string(x, r->key);
        put_word(x, (uintptr_t)r->op);
        put_word(x, r->values.count);
        for (size_t k = 0; k < r->values.count; k++) {
            put_string(x, r->values.items[k]);
        }
    }
}

/* The owner's label keys as existing_term_matches resolves them: (key,
   owner's value) for each key the owner carries, in order. */
static void put_label_keys(ipa_index *x, const podsim_strings *keys,
                           const podsim_pod *owner) {
    for (size_t i = 0; i < keys->count; i++) {
        const char *v =
            label_of(&owner->meta.labels, needle_of(keys->items[i]));
        if (!v) continue;
        put_word(x, 1);
        put_string(x, keys->items[i]);
        put_string(x, v);
    }
    put_word(x, 0);
}

/* Everything existing_term_matches reads of a term and its owner. */
static void put_term(ipa_index *x, const podsim_pod_affinity_term *t,
                     int32_t weight, const podsim_pod *owner) {
    put_word(x, (uintptr_t)(uint32_t)weight);
    put_string(x, t->topology_key);
    put_selector(x, t->label_selector);
    bool own = t->namespaces.count == 0 && !t->namespace_selector;
    put_word(x, own);
    if (own) {
        put_string(x, owner->meta.namespace_);
    } else {
        put_word(x, t->namespaces.count);
        for (size_t i = 0; i < t->namespaces.count; i++) {
            put_string(x, t->namespaces.items[i]);
        }
        put_selector(x, t->namespace_selector);
    }
    if (x->label_keys) {
        put_label_keys(x, &t->match_label_keys, owner);
        put_label_keys(x, &t->mismatch_label_keys, owner);
    }
}

/* Everything cterm_matches reads of a pod. */
static void put_pod(ipa_index *x, const podsim_pod *pod) {
    const podsim_kvs *l = &pod->meta.labels;
    put_string(x, pod->meta.namespace_);
    put_word(x, l->count);
    for (size_t i = 0; i < l->count; i++) {
        put_string(x, l->items[i].key);
        put_string(x, l->items[i].value);
    }
}

static uint64_t words_hash(const uintptr_t *w, size_t n) {
    uint64_t h = 0x84222325CBF29CE4u;
    for (size_t i = 0; i < n; i++) {
        h = (h ^ (uint64_t)w[i]) * 0x9E3779B97F4A7C15u;
        h ^= h >> 29;
    }
    return h;
}

/* -- group tables -- */

static bool table_grow(group_table *t) {
    size_t cap = t->cap ? t->cap * 2 : 64;
    uint32_t *slots = calloc(cap, sizeof *slots);
    if (!slots) return false;
    const group *g = t->groups.data;
    for (size_t i = 0; i < t->groups.len; i++) {
        size_t s = (size_t)g[i].hash & (cap - 1);
        while (slots[s]) s = (s + 1) & (cap - 1);
        slots[s] = (uint32_t)(i + 1);
    }
    free(t->slots);
    t->slots = slots;
    t->cap = cap;
    return true;
}

/* The group of the content in x->words, added (with the representative)
   when new; NULL when out of memory. */
static group *table_find_or_add(ipa_index *x, group_table *t,
                                const podsim_pod *pod,
                                const podsim_pod_affinity_term *term,
                                int32_t weight) {
    if (x->words_failed) return NULL;
    const uintptr_t *w = x->words.data;
    size_t n = x->words.len;
    uint64_t h = words_hash(w, n);
    if ((t->groups.len + 1) * 2 > t->cap && !table_grow(t)) return NULL;
    size_t s = (size_t)h & (t->cap - 1);
    for (; t->slots[s]; s = (s + 1) & (t->cap - 1)) {
        group *g = vec_at(&t->groups, t->slots[s] - 1);
        if (g->hash == h && g->word_count == n &&
            memcmp(g->words, w, n * sizeof *w) == 0) {
            return g;
        }
    }
    uintptr_t *copy = arena_alloc_uninit(&x->mem, n * sizeof *w + 1);
    if (!copy) return NULL;
    memcpy(copy, w, n * sizeof *w);
    group *g = vec_push(&t->groups);
    if (!g) return NULL;
    g->pod = pod;
    g->term = term;
    g->weight = weight;
    g->hash = h;
    g->words = copy;
    g->word_count = n;
    t->slots[s] = (uint32_t)t->groups.len;
    return g;
}

static bool group_add_member(group *g, int32_t node) {
    if (g->member_count && g->members[g->member_count - 1].node == node) {
        g->members[g->member_count - 1].count++;
        return true;
    }
    if (g->member_count == g->member_cap) {
        size_t cap = g->member_cap ? g->member_cap * 2 : 2;
        member *m = realloc(g->members, cap * sizeof *m);
        if (!m) return false;
        g->members = m;
        g->member_cap = cap;
    }
    g->members[g->member_count++] = (member){node, 1};
    return true;
}

/* -- indexed pods -- */

static bool pod_set_has(const ipa_index *x, const podsim_pod *pod) {
    if (!x->pod_set_used) return false;
    size_t mask = x->pod_set_cap - 1;
    for (size_t i = pointer_hash(pod) & mask; x->pod_set[i];
         i = (i + 1) & mask) {
        if (x->pod_set[i] == pod) return true;
    }
    return false;
}

static bool pod_set_add(ipa_index *x, const podsim_pod *pod) {
    if ((x->pod_set_used + 1) * 2 > x->pod_set_cap) {
        size_t cap = x->pod_set_cap ? x->pod_set_cap * 2 : 256;
        const podsim_pod **set = calloc(cap, sizeof *set);
        if (!set) return false;
        for (size_t i = 0; i < x->pod_set_cap; i++) {
            const podsim_pod *p = x->pod_set[i];
            if (!p) continue;
            size_t k = pointer_hash(p) & (cap - 1);
            while (set[k]) k = (k + 1) & (cap - 1);
            set[k] = p;
        }
        free(x->pod_set);
        x->pod_set = set;
        x->pod_set_cap = cap;
    }
    size_t mask = x->pod_set_cap - 1;
    size_t i = pointer_hash(pod) & mask;
    while (x->pod_set[i] && x->pod_set[i] != pod) i = (i + 1) & mask;
    if (!x->pod_set[i]) {
        x->pod_set[i] = pod;
        x->pod_set_used++;
    }
    return true;
}

static bool index_terms(ipa_index *x, int table,
                        const podsim_pod_affinity_term *terms, size_t n,
                        const podsim_pod *pod, int32_t node) {
    for (size_t i = 0; i < n; i++) {
        x->words.len = 0;
        put_term(x, &terms[i], 0, pod);
        group *g = table_find_or_add(x, &x->tables[table], pod, &terms[i], 0);
        if (!g || !group_add_member(g, node)) return false;
    }
    return true;
}

static bool index_preferred(ipa_index *x, int table,
                            const podsim_pod_affinity *a, const podsim_pod *pod,
                            int32_t node) {
    for (size_t i = 0; a && i < a->preferred_count; i++) {
        const podsim_weighted_pod_affinity_term *t = &a->preferred[i];
        x->words.len = 0;
        put_term(x, &t->term, t->weight, pod);
        group *g =
            table_find_or_add(x, &x->tables[table], pod, &t->term, t->weight);
        if (!g || !group_add_member(g, node)) return false;
    }
    return true;
}

static bool index_pod(ipa_index *x, const snap_pod *sp) {
    const podsim_pod *pod = sp->pod;
    x->words.len = 0;
    put_pod(x, pod);
    group *g = table_find_or_add(x, &x->tables[TABLE_PODS], pod, NULL, 0);
    if (!g || !group_add_member(g, sp->node) || !pod_set_add(x, pod)) {
        return false;
    }
    const podsim_pod_affinity *aff = pod_affinity_of(pod);
    const podsim_pod_affinity *anti = pod_anti_affinity_of(pod);
    return (!anti || index_terms(x, TABLE_ANTI_REQ, anti->required,
                                 anti->required_count, pod, sp->node)) &&
           (!aff || index_terms(x, TABLE_AFF_REQ, aff->required,
                                aff->required_count, pod, sp->node)) &&
           index_preferred(x, TABLE_AFF_PREF, aff, pod, sp->node) &&
           index_preferred(x, TABLE_ANTI_PREF, anti, pod, sp->node);
}

static ipa_index *index_new(sched_snapshot *snap) {
    ipa_index *x = calloc(1, sizeof *x);
    if (!x) return NULL;
    arena_init(&x->mem, 0);
    for (int i = 0; i < TABLE_COUNT; i++) {
        vec_init(&x->tables[i].groups, sizeof(group));
    }
    vec_init(&x->words, sizeof(uintptr_t));
    x->version = x->last_seen = snap->removal_version;
    x->usable = true;
    snap->plugin_cache[SNAP_CACHE_INTER_POD_AFFINITY] = x;
    snap->plugin_cache_free[SNAP_CACHE_INTER_POD_AFFINITY] = index_free;
    return x;
}

/* The index, current for this attempt, or NULL: walk the pods instead. */
static ipa_index *index_get(sched_cycle *cy) {
    sched_snapshot *snap = cy->snap;
    ipa_index *x = snap->plugin_cache[SNAP_CACHE_INTER_POD_AFFINITY];
    bool label_keys = cy->minor >= 31;
    if (!x) {
        x = index_new(snap);
        if (!x) return NULL;
        x->label_keys = label_keys;
    }
    uint64_t version = snap->removal_version;
    if (!x->usable || x->version != version || x->label_keys != label_keys) {
        bool settled = x->last_seen == version;
        x->last_seen = version;
        if (!settled) return NULL;
        index_clear(x);
        x->usable = true;
        x->version = version;
        x->label_keys = label_keys;
    }
    x->last_seen = version;
    const snap_pod *pods = snap->pods.data;
    for (; x->indexed < snap->pods.len; x->indexed++) {
        const snap_pod *sp = &pods[x->indexed];
        if (sp->removed) continue;
        if (!index_pod(x, sp)) {
            index_clear(x); /* rebuilt on the next call */
            return NULL;
        }
    }
    return pod_set_has(x, cy->pod) ? NULL : x;
}

/* The number of distinct non-NULL pointers among n. */
static size_t distinct_count(const char *const *p, size_t n) {
    size_t cap = 64;
    while (cap < n * 2) cap *= 2;
    const char **set = calloc(cap, sizeof *set);
    if (!set) return n; /* an upper bound will do */
    size_t count = 0;
    for (size_t i = 0; i < n; i++) {
        if (!p[i]) continue;
        size_t k = pointer_hash(p[i]) & (cap - 1);
        while (set[k] && set[k] != p[i]) k = (k + 1) & (cap - 1);
        if (!set[k]) {
            set[k] = p[i];
            count++;
        }
    }
    free(set);
    return count;
}

/* The nodes' values of a topology key (needle); NULL when there is no room
   to remember them. */
static const topo_values *topo_values_of(ipa_index *x,
                                         const sched_snapshot *snap,
                                         const char *key) {
    for (size_t i = 0; i < x->topo_count; i++) {
        if (x->topo[i].key == key) return &x->topo[i];
    }
    if (x->topo_count == TOPO_KEYS) return NULL;
    const char **value = malloc((snap->node_count + 1) * sizeof *value);
    if (!value) return NULL;
    for (size_t n = 0; n < snap->node_count; n++) {
        const char *v = label_of(&snap->nodes[n].node->meta.labels, key);
        value[n] = v ? needle_of(v) : NULL;
    }
    topo_values *t = &x->topo[x->topo_count++];
    *t = (topo_values){key, value, distinct_count(value, snap->node_count)};
    return t;
}

/* m[(key, each member's node's value of key)] += delta per member. */
static bool add_members(sched_cycle *cy, ipa_index *x, tp_map *m,
                        const group *g, const char *key, int64_t delta) {
    const sched_snapshot *snap = cy->snap;
    const topo_values *t = topo_values_of(x, snap, key);
    const char *const *values = t ? t->value : NULL;
    size_t room =
        t && t->domains < g->member_count ? t->domains : g->member_count;
    if (!tp_reserve(cy, m, room)) return false;
    for (size_t i = 0; i < g->member_count; i++) {
        const member *mb = &g->members[i];
        const char *v;
        if (values) {
            v = values[mb->node];
        } else {
            v = label_of(&snap->nodes[mb->node].node->meta.labels, key);
            if (v) v = needle_of(v);
        }
        if (v && !tp_add(cy, m, key, v, delta * mb->count)) return false;
    }
    return true;
}

static group *table_groups(ipa_index *x, int table, size_t *n) {
    *n = x->tables[table].groups.len;
    return x->tables[table].groups.data;
}

/* ---- PreFilter / Filter -------------------------------------------------- */

typedef struct filter_state {
    tp_map existing_anti; /* existing pods' anti-affinity matching the pod */
    tp_map affinity;      /* pods matching all the pod's affinity terms */
    tp_map anti;          /* pods matching the pod's anti-affinity terms */
    cterm *aff;
    size_t aff_count;
    cterm *anti_terms;
    size_t anti_count;
    bool self_match; /* the pod matches all its own affinity terms */
} filter_state;

static const podsim_kvs *node_labels_of(const sched_snapshot *snap,
                                        const snap_pod *sp) {
    return &snap->nodes[sp->node].node->meta.labels;
}

/* getExistingAntiAffinityCounts for one existing pod. */
static bool count_existing_anti(sched_cycle *cy, filter_state *s, incoming *in,
                                const snap_pod *sp) {
    const podsim_pod_affinity *anti = pod_anti_affinity_of(sp->pod);
    for (size_t t = 0; t < anti->required_count; t++) {
        const podsim_pod_affinity_term *term = &anti->required[t];
        if (existing_term_matches(in, term, sp->pod) &&
            !add_in_domain(cy, &s->existing_anti, node_labels_of(cy->snap, sp),
                           needle_of(term->topology_key), 1)) {
            return false;
        }
    }
    return true;
}

/* getIncomingAffinityAntiAffinityCounts for one existing pod. */
static bool count_incoming_terms(sched_cycle *cy, filter_state *s, incoming *in,
                                 const snap_pod *sp) {
    const podsim_kvs *nl = NULL;
    if (cterms_all_match(in, s->aff, s->aff_count, sp->pod)) {
        nl = node_labels_of(cy->snap, sp);
        for (size_t t = 0; t < s->aff_count; t++) {
            if (!add_in_domain(cy, &s->affinity, nl, s->aff[t].topology_key,
                               1)) {
                return false;
            }
        }
    }
    for (size_t t = 0; t < s->anti_count; t++) {
        cterm *term = &s->anti_terms[t];
        if (!cterm_matches(in, term, sp->pod)) continue;
        if (!nl) nl = node_labels_of(cy->snap, sp);
        if (!add_in_domain(cy, &s->anti, nl, term->topology_key, 1)) {
            return false;
        }
    }
    return true;
}

/* One walk over the snapshot's pods (every node's, in any order: only
   sums are kept) for both counts. */
static bool count_pods(sched_cycle *cy, filter_state *s, incoming *in) {
    const sched_snapshot *snap = cy->snap;
    bool existing = snap->pods_with_required_anti_affinity > 0;
    bool terms = s->aff_count > 0 || s->anti_count > 0;
    if (!existing && !terms) return true;
    const snap_pod *pods = snap->pods.data;
    for (size_t i = 0; i < snap->pods.len; i++) {
        const snap_pod *sp = &pods[i];
        if (sp->removed || sp->pod == cy->pod) continue;
        if (existing && sp->has_required_anti_affinity &&
            !count_existing_anti(cy, s, in, sp)) {
            return false;
        }
        if (terms && !count_incoming_terms(cy, s, in, sp)) return false;
    }
    return true;
}

/* count_pods through the index: each term group and pod group matched
   once, its members counted into their nodes' domains. */
static bool count_groups(sched_cycle *cy, filter_state *s, incoming *in,
                         ipa_index *x) {
    size_t n;
    const group *g = table_groups(x, TABLE_ANTI_REQ, &n);
    for (size_t i = 0; i < n; i++) {
        if (existing_term_matches(in, g[i].term, g[i].pod) &&
            !add_members(cy, x, &s->existing_anti, &g[i],
                         needle_of(g[i].term->topology_key), 1)) {
            return false;
        }
    }
    if (s->aff_count == 0 && s->anti_count == 0) return true;
    g = table_groups(x, TABLE_PODS, &n);
    for (size_t i = 0; i < n; i++) {
        if (cterms_all_match(in, s->aff, s->aff_count, g[i].pod)) {
            for (size_t t = 0; t < s->aff_count; t++) {
                if (!add_members(cy, x, &s->affinity, &g[i],
                                 s->aff[t].topology_key, 1)) {
                    return false;
                }
            }
        }
        for (size_t t = 0; t < s->anti_count; t++) {
            cterm *term = &s->anti_terms[t];
            if (cterm_matches(in, term, g[i].pod) &&
                !add_members(cy, x, &s->anti, &g[i], term->topology_key, 1)) {
                return false;
            }
        }
    }
    return true;
}

static sched_code pre_filter(sched_cycle *cy, const sched_slot *slot,
                             void **state, sched_node_set *nodes,
                             sched_reasons *why) {
    (void)slot;
    (void)nodes;
    (void)why;
    const podsim_pod_affinity *aff = pod_affinity_of(cy->pod);
    const podsim_pod_affinity *anti = pod_anti_affinity_of(cy->pod);
    /* the Skip below, decided before walking anything when no pod in the
       cluster has required anti-affinity */
    if (cy->snap->pods_with_required_anti_affinity == 0 &&
        !(aff && aff->required_count) && !(anti && anti->required_count)) {
        return SCHED_SKIP;
    }
    filter_state *s = cycle_alloc(cy, sizeof *s);
    incoming in;
    if (!s || !incoming_init(cy, &in) ||
        !compile_terms(&in, aff, false, &s->aff, &s->aff_count) ||
        !compile_terms(&in, anti, false, &s->anti_terms, &s->anti_count)) {
        return SCHED_ERROR;
    }
    ipa_index *x = index_get(cy);
    if (x ? !count_groups(cy, s, &in, x) : !count_pods(cy, s, &in)) {
        return SCHED_ERROR;
    }
    if (s->existing_anti.used == 0 && s->aff_count == 0 && s->anti_count == 0) {
        return SCHED_SKIP;
    }
    s->self_match = cterms_all_match(&in, s->aff, s->aff_count, cy->pod);
    *state = s;
    return SCHED_SUCCESS;
}

/* satisfyPodAffinity: every term's domain holds a pod matching all terms,
   or no such pod exists anywhere and the pod matches its own terms (the
   first pod of a group); the node needs every topology key either way. */
static bool satisfies_pod_affinity(const filter_state *s,
                                   const podsim_kvs *nl) {
    bool pods_exist = true;
    for (size_t t = 0; t < s->aff_count; t++) {
        bool has_key;
        int64_t n =
            domain_count(&s->affinity, nl, s->aff[t].topology_key, &has_key);
        if (!has_key) return false;
        if (n <= 0) pods_exist = false;
    }
    if (pods_exist) return true;
    return s->affinity.used == 0 && s->self_match;
}

/* satisfyPodAntiAffinity */
static bool satisfies_pod_anti_affinity(const filter_state *s,
                                        const podsim_kvs *nl) {
    if (s->anti.used == 0) return true;
    for (size_t t = 0; t < s->anti_count; t++) {
        bool has_key;
        if (domain_count(&s->anti, nl, s->anti_terms[t].topology_key,
                         &has_key) > 0) {
            return false;
        }
    }
    return true;
}

/* satisfyExistingPodsAntiAffinity: any of the node's label pairs. */
static bool satisfies_existing_anti_affinity(const filter_state *s,
                                             const podsim_kvs *nl) {
    if (s->existing_anti.used == 0) return true;
    for (size_t i = 0; i < nl->count; i++) {
        if (tp_get(&s->existing_anti, needle_of(nl->items[i].key),
                   needle_of(nl->items[i].value)) > 0) {
            return false;
        }
    }
    return true;
}

static sched_code filter(sched_cycle *cy, const sched_slot *slot, void *state,
                         int32_t node, sched_reasons *why) {
    (void)slot;
    const filter_state *s = state;
    if (!s) return SCHED_SUCCESS;
    const podsim_kvs *nl = &cy->snap->nodes[node].node->meta.labels;
    if (!satisfies_pod_affinity(s, nl)) {
        reasons_add(why, reason_affinity);
        return SCHED_UNRESOLVABLE;
    }
    if (!satisfies_pod_anti_affinity(s, nl)) {
        reasons_add(why, reason_anti_affinity);
        return SCHED_UNSCHEDULABLE;
    }
    if (!satisfies_existing_anti_affinity(s, nl)) {
        reasons_add(why, reason_existing_anti_affinity);
        return SCHED_UNSCHEDULABLE;
    }
    return SCHED_SUCCESS;
}

/* ---- PreScore / Score / NormalizeScore ----------------------------------- */

typedef struct score_state {
    tp_map scores;     /* topologyScore: (key, value) -> summed weights */
    const char **keys; /* the distinct topology keys in `scores` */
    size_t key_count;
} score_state;

/* processExistingPod's environment. */
typedef struct score_walk {
    sched_cycle *cy;
    score_state *s;
    incoming *in;
    int32_t hard_weight;
    cterm *aff; /* the incoming pod's preferred terms */
    size_t aff_count;
    cterm *anti;
    size_t anti_count;
} score_walk;

/* scoreMap.processTerm: weight x multiplier into the existing pod's node
   domain. */
static bool add_weight(score_walk *w, const podsim_kvs *nl, const char *key,
                       int32_t weight, int32_t multiplier) {
    return add_in_domain(w->cy, &w->s->scores, nl, key,
                         (int64_t)(weight * multiplier));
}

/* The incoming pod's preferred terms against an existing pod. */
static bool process_incoming_preferred(score_walk *w, cterm *terms, size_t n,
                                       const podsim_pod *existing,
                                       const podsim_kvs *nl,
                                       int32_t multiplier) {
    for (size_t i = 0; i < n; i++) {
        if (cterm_matches(w->in, &terms[i], existing) &&
            !add_weight(w, nl, terms[i].topology_key, terms[i].weight,
                        multiplier)) {
            return false;
        }
    }
    return true;
}

/* An existing pod's preferred terms against the incoming pod. */
static bool process_existing_preferred(score_walk *w,
                                       const podsim_pod_affinity *a,
                                       const podsim_pod *existing,
                                       const podsim_kvs *nl,
                                       int32_t multiplier) {
    for (size_t i = 0; a && i < a->preferred_count; i++) {
        const podsim_weighted_pod_affinity_term *t = &a->preferred[i];
        if (existing_term_matches(w->in, &t->term, existing) &&
            !add_weight(w, nl, needle_of(t->term.topology_key), t->weight,
                        multiplier)) {
            return false;
        }
    }
    return true;
}

/* Whether an existing pod's own terms can score: required affinity (with
   hardPodAffinityWeight) or preferred terms. */
static bool existing_terms_score(const score_walk *w, const podsim_pod *pod) {
    const podsim_pod_affinity *aff = pod_affinity_of(pod);
    const podsim_pod_affinity *anti = pod_anti_affinity_of(pod);
    return (aff && (aff->preferred_count ||
                    (w->hard_weight > 0 && aff->required_count))) ||
           (anti && anti->preferred_count);
}

/* processExistingPod */
static bool process_existing_pod(score_walk *w, const podsim_pod *existing,
                                 const podsim_kvs *nl) {
    if (nl->count == 0) return true;
    if (!process_incoming_preferred(w, w->aff, w->aff_count, existing, nl, 1) ||
        !process_incoming_preferred(w, w->anti, w->anti_count, existing, nl,
                                    -1)) {
        return false;
    }
    const podsim_pod_affinity *e_aff = pod_affinity_of(existing);
    if (w->hard_weight > 0 && e_aff) {
        for (size_t i = 0; i < e_aff->required_count; i++) {
            const podsim_pod_affinity_term *t = &e_aff->required[i];
            if (existing_term_matches(w->in, t, existing) &&
                !add_weight(w, nl, needle_of(t->topology_key), w->hard_weight,
                            1)) {
                return false;
            }
        }
    }
    return process_existing_preferred(w, e_aff, existing, nl, 1) &&
           process_existing_preferred(w, pod_anti_affinity_of(existing),
                                      existing, nl, -1);
}

/* Every term group of one table matching the incoming pod adds `weight`
   x multiplier per member. */
static bool score_term_groups(score_walk *w, ipa_index *x, int table,
                              int32_t hard_weight, int32_t multiplier) {
    size_t n;
    const group *g = table_groups(x, table, &n);
    for (size_t i = 0; i < n; i++) {
        int32_t weight = hard_weight ? hard_weight : g[i].weight;
        if (existing_term_matches(w->in, g[i].term, g[i].pod) &&
            !add_members(w->cy, x, &w->s->scores, &g[i],
                         needle_of(g[i].term->topology_key),
                         (int64_t)(weight * multiplier))) {
            return false;
        }
    }
    return true;
}

/* The incoming pod's preferred terms against every pod group. */
static bool score_pod_groups(score_walk *w, ipa_index *x, cterm *terms,
                             size_t count, int32_t multiplier) {
    size_t n;
    const group *g = table_groups(x, TABLE_PODS, &n);
    for (size_t t = 0; t < count; t++) {
        cterm *term = &terms[t];
        for (size_t i = 0; i < n; i++) {
            if (cterm_matches(w->in, term, g[i].pod) &&
                !add_members(w->cy, x, &w->s->scores, &g[i], term->topology_key,
                             (int64_t)(term->weight * multiplier))) {
                return false;
            }
        }
    }
    return true;
}

/* The walk of pre_score through the index. */
static bool score_groups(score_walk *w, ipa_index *x) {
    return score_pod_groups(w, x, w->aff, w->aff_count, 1) &&
           score_pod_groups(w, x, w->anti, w->anti_count, -1) &&
           (w->hard_weight <= 0 ||
            score_term_groups(w, x, TABLE_AFF_REQ, w->hard_weight, 1)) &&
           score_term_groups(w, x, TABLE_AFF_PREF, 0, 1) &&
           score_term_groups(w, x, TABLE_ANTI_PREF, 0, -1);
}

static bool collect_keys(sched_cycle *cy, score_state *s) {
    s->keys = cycle_alloc(cy, (s->scores.used + 1) * sizeof *s->keys);
    if (!s->keys) return false;
    for (size_t i = 0; i < s->scores.cap; i++) {
        const char *key = s->scores.slots[i].key;
        if (!key) continue;
        bool seen = false;
        for (size_t k = 0; k < s->key_count && !seen; k++) {
            seen = s->keys[k] == key;
        }
        if (!seen) s->keys[s->key_count++] = key;
    }
    return true;
}

/* Every pod of the snapshot, as processExistingPod. */
static bool score_pods(score_walk *w, bool has_constraints) {
    const sched_snapshot *snap = w->cy->snap;
    const snap_pod *pods = snap->pods.data;
    for (size_t i = 0; i < snap->pods.len; i++) {
        const snap_pod *sp = &pods[i];
        if (sp->removed || sp->pod == w->cy->pod) continue;
        if (!has_constraints &&
            !(sp->has_affinity && existing_terms_score(w, sp->pod))) {
            continue;
        }
        if (!process_existing_pod(w, sp->pod, node_labels_of(snap, sp))) {
            return false;
        }
    }
    return true;
}

static sched_code pre_score(sched_cycle *cy, const sched_slot *slot,
                            void **state, const int32_t *nodes, size_t n) {
    (void)nodes;
    (void)n;
    ipa_args defaults;
    args_default(&defaults);
    const ipa_args *args = slot && slot->args ? slot->args : &defaults;
    /* nothing can score: no preferred terms of the pod and no existing pod
       with any affinity term (upstream walks PodsWithAffinity, empty) */
    const podsim_pod_affinity *aff = pod_affinity_of(cy->pod);
    const podsim_pod_affinity *anti = pod_anti_affinity_of(cy->pod);
    bool has_constraints = (aff && aff->preferred_count > 0) ||
                           (anti && anti->preferred_count > 0);
    if (!has_constraints && cy->snap->pods_with_affinity == 0) {
        return SCHED_SKIP;
    }
    if (args->ignore_preferred_terms_of_existing_pods && !has_constraints) {
        return SCHED_SKIP;
    }
    incoming in;
    score_walk w = {cy,   NULL, &in,  args->hard_pod_affinity_weight,
                    NULL, 0,    NULL, 0};
    w.s = cycle_alloc(cy, sizeof *w.s);
    if (!w.s || !incoming_init(cy, &in) ||
        !compile_terms(&in, aff, true, &w.aff, &w.aff_count) ||
        !compile_terms(&in, anti, true, &w.anti, &w.anti_count)) {
        return SCHED_ERROR;
    }
    /* the pods of every node of the snapshot, not only the feasible ones;
       without preferred terms of the pod only existing pods' terms count
       (upstream: PodsWithAffinity) */
    ipa_index *x = index_get(cy);
    if (x ? !score_groups(&w, x) : !score_pods(&w, has_constraints)) {
        return SCHED_ERROR;
    }
    if (w.s->scores.used == 0) return SCHED_SKIP;
    if (!collect_keys(cy, w.s)) return SCHED_ERROR;
    *state = w.s;
    return SCHED_SUCCESS;
}

static sched_code score(sched_cycle *cy, const sched_slot *slot, void *state,
                        int32_t node, int64_t *out) {
    (void)slot;
    const score_state *s = state;
    *out = 0;
    if (!s) return SCHED_SUCCESS;
    const podsim_kvs *nl = &cy->snap->nodes[node].node->meta.labels;
    for (size_t k = 0; k < s->key_count; k++) {
        bool has_key;
        *out += domain_count(&s->scores, nl, s->keys[k], &has_key);
    }
    return SCHED_SUCCESS;
}

/* Min-max to [0, 100] over the scored nodes; all equal gives 0. */
static void normalize(sched_cycle *cy, const sched_slot *slot, void *state,
                      const int32_t *nodes, int64_t *scores, size_t n) {
    (void)cy;
    (void)slot;
    (void)nodes;
    const score_state *s = state;
    if (!s || s->scores.used == 0) return;
    int64_t min = INT64_MAX, max = INT64_MIN;
    for (size_t i = 0; i < n; i++) {
        if (scores[i] > max) max = scores[i];
        if (scores[i] < min) min = scores[i];
    }
    int64_t diff = max - min;
    for (size_t i = 0; i < n; i++) {
        double f = 0;
        if (diff > 0) {
            f = (double)SCHED_MAX_NODE_SCORE *
                ((double)(scores[i] - min) / (double)diff);
        }
        scores[i] = (int64_t)f;
    }
}

const sched_plugin sched_plugin_inter_pod_affinity = {
    .name = "InterPodAffinity",
    .points = PT_BIT(PT_PRE_FILTER) | PT_BIT(PT_FILTER) | PT_BIT(PT_PRE_SCORE) |
              PT_BIT(PT_SCORE),
    .default_weight = 2,
    .args_size = sizeof(ipa_args),
    .args_default = args_default,
    .args_decode = args_decode,
    .pre_filter = pre_filter,
    .filter = filter,
    .pre_score = pre_score,
    .score = score,
    .normalize = normalize,
};
