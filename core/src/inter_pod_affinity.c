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

#include <stdint.h>
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

/* ---- topology pair counts (topologyToMatchedTermCount) ------------------- */

typedef struct tp_entry {
    const char *key;
    const char *value;
    int64_t count;
    uint32_t hash;
} tp_entry;

typedef struct tp_map {
    tp_entry *slots; /* open addressing; key NULL = empty */
    size_t cap;      /* power of two */
    size_t used;
} tp_map;

static bool same(const char *a, const char *b) {
    /* the first byte settles most unequal pairs without a call */
    return a == b || (a && b && a[0] == b[0] && strcmp(a, b) == 0);
}

static uint32_t tp_hash(const char *key, const char *value) {
    return hash_bytes(key, strlen(key)) * 31u ^
           hash_bytes(value, strlen(value));
}

static tp_entry *tp_slot(const tp_map *m, const char *key, const char *value,
                         uint32_t h) {
    size_t mask = m->cap - 1;
    for (size_t i = h & mask;; i = (i + 1) & mask) {
        tp_entry *e = &m->slots[i];
        if (!e->key ||
            (e->hash == h && same(e->key, key) && same(e->value, value))) {
            return e;
        }
    }
}

static bool tp_grow(sched_cycle *cy, tp_map *m) {
    size_t cap = m->cap ? m->cap * 2 : 64;
    tp_map bigger = {cycle_alloc(cy, cap * sizeof(tp_entry)), cap, 0};
    if (!bigger.slots) return false;
    for (size_t i = 0; i < m->cap; i++) {
        const tp_entry *e = &m->slots[i];
        if (!e->key) continue;
        *tp_slot(&bigger, e->key, e->value, e->hash) = *e;
        bigger.used++;
    }
    *m = bigger;
    return true;
}

/* m[(key, value)] += delta; false when out of memory. */
static bool tp_add(sched_cycle *cy, tp_map *m, const char *key,
                   const char *value, int64_t delta) {
    if ((m->used + 1) * 2 > m->cap && !tp_grow(cy, m)) return false;
    uint32_t h = tp_hash(key, value);
    tp_entry *e = tp_slot(m, key, value, h);
    if (!e->key) {
        e->key = key;
        e->value = value;
        e->hash = h;
        m->used++;
    }
    e->count += delta;
    return true;
}

static int64_t tp_get(const tp_map *m, const char *key, const char *value) {
    if (!m->used) return 0;
    const tp_entry *e = tp_slot(m, key, value, tp_hash(key, value));
    return e->key ? e->count : 0;
}

/* ---- terms --------------------------------------------------------------- */

/* What matching a term needs besides the term. */
typedef struct term_env {
    const podsim_cluster *c;
    bool label_keys; /* apply matchLabelKeys / mismatchLabelKeys */
} term_env;

static bool selector_is_empty(const podsim_label_selector *s) {
    return s->match_labels.count == 0 && s->match_expression_count == 0;
}

/* The term's labelSelector, with the owner's matchLabelKeys and
   mismatchLabelKeys merged in, against a pod's labels. */
static bool term_selects(const term_env *env, const podsim_pod_affinity_term *t,
                         const podsim_pod *owner, const podsim_kvs *labels) {
    if (!t->label_selector) return false; /* labels.Nothing() */
    if (!label_selector_matches(t->label_selector, labels)) return false;
    if (!env->label_keys) return true;
    for (size_t i = 0; i < t->match_label_keys.count; i++) {
        const char *k = t->match_label_keys.items[i];
        const char *want = kvs_get(&owner->meta.labels, k);
        if (want && !same(kvs_get(labels, k), want)) return false;
    }
    for (size_t i = 0; i < t->mismatch_label_keys.count; i++) {
        const char *k = t->mismatch_label_keys.items[i];
        const char *avoid = kvs_get(&owner->meta.labels, k);
        if (avoid && same(kvs_get(labels, k), avoid)) return false;
    }
    return true;
}

static bool listed_namespace(const podsim_pod_affinity_term *t,
                             const char *ns) {
    for (size_t i = 0; i < t->namespaces.count; i++) {
        if (same(t->namespaces.items[i], ns)) return true;
    }
    return false;
}

/* The namespace part of AffinityTerm.Matches. `ns_labels` is NULL when
   the target namespace has no Namespace object and must exist (the
   incoming pod's terms: mergeAffinityTermNamespacesIfNotEmpty lists
   Namespace objects). */
static bool term_namespace_matches(const podsim_pod_affinity_term *t,
                                   const podsim_pod *owner, const char *ns,
                                   const podsim_kvs *ns_labels) {
    const podsim_label_selector *sel = t->namespace_selector;
    if (t->namespaces.count == 0 && !sel) {
        return same(ns, owner->meta.namespace_);
    }
    if (listed_namespace(t, ns)) return true;
    if (!sel) return false;
    if (selector_is_empty(sel)) return true;
    return ns_labels && label_selector_matches(sel, ns_labels);
}

static const podsim_kvs *namespace_labels(const podsim_cluster *c,
                                          const char *ns) {
    podsim_id id = cluster_lookup(c, PODSIM_KIND_NAMESPACE, NULL, ns);
    const podsim_namespace *obj =
        id == PODSIM_NO_ID ? NULL : podsim_cluster_namespace(c, id);
    return obj ? &obj->meta.labels : NULL;
}

/* A term of the incoming pod (`owner`) against an existing pod. */
static bool incoming_term_matches(const term_env *env,
                                  const podsim_pod_affinity_term *t,
                                  const podsim_pod *owner,
                                  const podsim_pod *target) {
    const char *ns = target->meta.namespace_;
    const podsim_kvs *ns_labels = NULL;
    const podsim_label_selector *sel = t->namespace_selector;
    if (sel && !selector_is_empty(sel) && !listed_namespace(t, ns)) {
        ns_labels = namespace_labels(env->c, ns);
    }
    return term_namespace_matches(t, owner, ns, ns_labels) &&
           term_selects(env, t, owner, &target->meta.labels);
}

/* A term of an existing pod (`owner`) against the incoming pod, whose
   namespace labels are `ns_labels` (empty when unknown). */
static bool existing_term_matches(const term_env *env,
                                  const podsim_pod_affinity_term *t,
                                  const podsim_pod *owner,
                                  const podsim_pod *incoming,
                                  const podsim_kvs *ns_labels) {
    return term_namespace_matches(t, owner, incoming->meta.namespace_,
                                  ns_labels) &&
           term_selects(env, t, owner, &incoming->meta.labels);
}

/* podMatchesAllAffinityTerms: false for no terms. */
static bool matches_all_incoming_terms(const term_env *env,
                                       const podsim_pod_affinity_term *terms,
                                       size_t n, const podsim_pod *owner,
                                       const podsim_pod *target) {
    if (n == 0) return false;
    for (size_t i = 0; i < n; i++) {
        if (!incoming_term_matches(env, &terms[i], owner, target)) return false;
    }
    return true;
}

static const podsim_pod_affinity *pod_affinity_of(const podsim_pod *pod) {
    return pod->spec.affinity ? pod->spec.affinity->pod_affinity : NULL;
}

static const podsim_pod_affinity *pod_anti_affinity_of(const podsim_pod *pod) {
    return pod->spec.affinity ? pod->spec.affinity->pod_anti_affinity : NULL;
}

/* NodeInfo.PodsWithAffinity membership */
static bool has_pod_affinity(const podsim_pod *pod) {
    return pod_affinity_of(pod) || pod_anti_affinity_of(pod);
}

static term_env env_of(const sched_cycle *cy) {
    term_env env = {cy->c, cy->minor >= 31};
    return env;
}

static const podsim_kvs empty_labels = {NULL, 0};

/* GetNamespaceLabelsSnapshot: the incoming pod's namespace labels. */
static const podsim_kvs *incoming_namespace_labels(const sched_cycle *cy) {
    const podsim_kvs *l = namespace_labels(cy->c, cy->pod->meta.namespace_);
    return l ? l : &empty_labels;
}

/* Pods of a snapshot node that the plugin looks at. */
static const snap_pod *node_pod(const sched_cycle *cy, const snap_node *sn,
                                size_t i) {
    const snap_pod *sp =
        snapshot_pod(cy->snap, *(const int32_t *)vec_at(&sn->pods, i));
    return sp->removed || sp->pod == cy->pod ? NULL : sp;
}

/* ---- PreFilter / Filter -------------------------------------------------- */

typedef struct filter_state {
    tp_map existing_anti; /* existing pods' anti-affinity matching the pod */
    tp_map affinity;      /* pods matching all the pod's affinity terms */
    tp_map anti;          /* pods matching the pod's anti-affinity terms */
    const podsim_pod_affinity_term *aff;
    size_t aff_count;
    const podsim_pod_affinity_term *anti_terms;
    size_t anti_count;
    bool self_match; /* the pod matches all its own affinity terms */
} filter_state;

/* m[(key, node's value of key)] += 1 when the node has the key. */
static bool count_in_domain(sched_cycle *cy, tp_map *m, const podsim_kvs *nl,
                            const char *key) {
    const char *v = kvs_get(nl, key);
    return !v || tp_add(cy, m, key, v, 1);
}

/* getExistingAntiAffinityCounts */
static bool count_existing_anti_affinity(sched_cycle *cy, filter_state *s,
                                         const term_env *env,
                                         const podsim_kvs *ns_labels) {
    const sched_snapshot *snap = cy->snap;
    if (snap->pods_with_required_anti_affinity == 0) return true;
    for (size_t n = 0; n < snap->node_count; n++) {
        const snap_node *sn = &snap->nodes[n];
        if (sn->required_anti_affinity_pods == 0) continue;
        const podsim_kvs *nl = &sn->node->meta.labels;
        for (size_t i = 0; i < sn->pods.len; i++) {
            const snap_pod *sp = node_pod(cy, sn, i);
            const podsim_pod_affinity *anti =
                sp ? pod_anti_affinity_of(sp->pod) : NULL;
            for (size_t t = 0; anti && t < anti->required_count; t++) {
                const podsim_pod_affinity_term *term = &anti->required[t];
                if (existing_term_matches(env, term, sp->pod, cy->pod,
                                          ns_labels) &&
                    !count_in_domain(cy, &s->existing_anti, nl,
                                     term->topology_key)) {
                    return false;
                }
            }
        }
    }
    return true;
}

/* getIncomingAffinityAntiAffinityCounts */
static bool count_incoming_terms(sched_cycle *cy, filter_state *s,
                                 const term_env *env) {
    if (s->aff_count == 0 && s->anti_count == 0) return true;
    const sched_snapshot *snap = cy->snap;
    for (size_t n = 0; n < snap->node_count; n++) {
        const snap_node *sn = &snap->nodes[n];
        const podsim_kvs *nl = &sn->node->meta.labels;
        for (size_t i = 0; i < sn->pods.len; i++) {
            const snap_pod *sp = node_pod(cy, sn, i);
            if (!sp) continue;
            if (matches_all_incoming_terms(env, s->aff, s->aff_count, cy->pod,
                                           sp->pod)) {
                for (size_t t = 0; t < s->aff_count; t++) {
                    if (!count_in_domain(cy, &s->affinity, nl,
                                         s->aff[t].topology_key)) {
                        return false;
                    }
                }
            }
            for (size_t t = 0; t < s->anti_count; t++) {
                const podsim_pod_affinity_term *term = &s->anti_terms[t];
                if (incoming_term_matches(env, term, cy->pod, sp->pod) &&
                    !count_in_domain(cy, &s->anti, nl, term->topology_key)) {
                    return false;
                }
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
    if (!s) return SCHED_ERROR;
    if (aff) {
        s->aff = aff->required;
        s->aff_count = aff->required_count;
    }
    if (anti) {
        s->anti_terms = anti->required;
        s->anti_count = anti->required_count;
    }
    term_env env = env_of(cy);
    if (!count_existing_anti_affinity(cy, s, &env,
                                      incoming_namespace_labels(cy)) ||
        !count_incoming_terms(cy, s, &env)) {
        return SCHED_ERROR;
    }
    if (s->existing_anti.used == 0 && s->aff_count == 0 && s->anti_count == 0) {
        return SCHED_SKIP;
    }
    s->self_match = matches_all_incoming_terms(&env, s->aff, s->aff_count,
                                               cy->pod, cy->pod);
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
        const char *key = s->aff[t].topology_key;
        const char *v = kvs_get(nl, key);
        if (!v) return false;
        if (tp_get(&s->affinity, key, v) <= 0) pods_exist = false;
    }
    if (pods_exist) return true;
    return s->affinity.used == 0 && s->self_match;
}

/* satisfyPodAntiAffinity */
static bool satisfies_pod_anti_affinity(const filter_state *s,
                                        const podsim_kvs *nl) {
    if (s->anti.used == 0) return true;
    for (size_t t = 0; t < s->anti_count; t++) {
        const char *key = s->anti_terms[t].topology_key;
        const char *v = kvs_get(nl, key);
        if (v && tp_get(&s->anti, key, v) > 0) return false;
    }
    return true;
}

/* satisfyExistingPodsAntiAffinity: any of the node's label pairs. */
static bool satisfies_existing_anti_affinity(const filter_state *s,
                                             const podsim_kvs *nl) {
    if (s->existing_anti.used == 0) return true;
    for (size_t i = 0; i < nl->count; i++) {
        if (tp_get(&s->existing_anti, nl->items[i].key, nl->items[i].value) >
            0) {
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

/* One side of processExistingPod's work; keeps its environment. */
typedef struct score_walk {
    sched_cycle *cy;
    score_state *s;
    term_env env;
    const podsim_kvs *ns_labels; /* the incoming pod's namespace labels */
    int32_t hard_weight;
    const podsim_pod_affinity *aff;  /* the incoming pod's */
    const podsim_pod_affinity *anti; /* the incoming pod's */
} score_walk;

/* scoreMap.processTerm: weight x multiplier into the existing pod's node
   domain when the term matches. */
static bool add_weight(score_walk *w, const podsim_kvs *nl, const char *key,
                       int32_t weight, int32_t multiplier) {
    const char *v = kvs_get(nl, key);
    return !v ||
           tp_add(w->cy, &w->s->scores, key, v, (int64_t)(weight * multiplier));
}

/* The incoming pod's preferred terms against an existing pod. */
static bool process_incoming_preferred(score_walk *w,
                                       const podsim_pod_affinity *a,
                                       const podsim_pod *existing,
                                       const podsim_kvs *nl,
                                       int32_t multiplier) {
    for (size_t i = 0; a && i < a->preferred_count; i++) {
        const podsim_weighted_pod_affinity_term *t = &a->preferred[i];
        if (incoming_term_matches(&w->env, &t->term, w->cy->pod, existing) &&
            !add_weight(w, nl, t->term.topology_key, t->weight, multiplier)) {
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
        if (existing_term_matches(&w->env, &t->term, existing, w->cy->pod,
                                  w->ns_labels) &&
            !add_weight(w, nl, t->term.topology_key, t->weight, multiplier)) {
            return false;
        }
    }
    return true;
}

/* processExistingPod */
static bool process_existing_pod(score_walk *w, const podsim_pod *existing,
                                 const podsim_kvs *nl) {
    if (nl->count == 0) return true;
    if (!process_incoming_preferred(w, w->aff, existing, nl, 1) ||
        !process_incoming_preferred(w, w->anti, existing, nl, -1)) {
        return false;
    }
    const podsim_pod_affinity *e_aff = pod_affinity_of(existing);
    if (w->hard_weight > 0 && e_aff) {
        for (size_t i = 0; i < e_aff->required_count; i++) {
            const podsim_pod_affinity_term *t = &e_aff->required[i];
            if (existing_term_matches(&w->env, t, existing, w->cy->pod,
                                      w->ns_labels) &&
                !add_weight(w, nl, t->topology_key, w->hard_weight, 1)) {
                return false;
            }
        }
    }
    return process_existing_preferred(w, e_aff, existing, nl, 1) &&
           process_existing_preferred(w, pod_anti_affinity_of(existing),
                                      existing, nl, -1);
}

static bool collect_keys(sched_cycle *cy, score_state *s) {
    s->keys = cycle_alloc(cy, (s->scores.used + 1) * sizeof *s->keys);
    if (!s->keys) return false;
    for (size_t i = 0; i < s->scores.cap; i++) {
        const char *key = s->scores.slots[i].key;
        if (!key) continue;
        bool seen = false;
        for (size_t k = 0; k < s->key_count && !seen; k++) {
            seen = same(s->keys[k], key);
        }
        if (!seen) s->keys[s->key_count++] = key;
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
    if (!(aff && aff->preferred_count) && !(anti && anti->preferred_count) &&
        cy->snap->pods_with_affinity == 0) {
        return SCHED_SKIP;
    }
    score_walk w = {cy,
                    NULL,
                    env_of(cy),
                    incoming_namespace_labels(cy),
                    args->hard_pod_affinity_weight,
                    pod_affinity_of(cy->pod),
                    pod_anti_affinity_of(cy->pod)};
    bool has_constraints = (w.aff && w.aff->preferred_count > 0) ||
                           (w.anti && w.anti->preferred_count > 0);
    if (args->ignore_preferred_terms_of_existing_pods && !has_constraints) {
        return SCHED_SKIP;
    }
    w.s = cycle_alloc(cy, sizeof *w.s);
    if (!w.s) return SCHED_ERROR;
    /* every node of the snapshot, not only the feasible ones */
    const sched_snapshot *snap = cy->snap;
    for (size_t i = 0; i < snap->node_count; i++) {
        const snap_node *sn = &snap->nodes[i];
        /* without preferred terms only PodsWithAffinity matter */
        if (!has_constraints && sn->affinity_pods == 0) continue;
        for (size_t p = 0; p < sn->pods.len; p++) {
            const snap_pod *sp = node_pod(cy, sn, p);
            if (!sp || (!has_constraints && !has_pod_affinity(sp->pod))) {
                continue;
            }
            if (!process_existing_pod(&w, sp->pod, &sn->node->meta.labels)) {
                return SCHED_ERROR;
            }
        }
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
        const char *v = kvs_get(nl, s->keys[k]);
        if (v) *out += tp_get(&s->scores, s->keys[k], v);
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
