/*
 * node_affinity.c - the NodeAffinity plugin (PreFilter, Filter, PreScore,
 * Score, NormalizeScore) and its args.
 *
 * Mirrors pkg/scheduler/framework/plugins/nodeaffinity/node_affinity.go:
 *   - PreFilter skips pods with no nodeSelector and no required node
 *     affinity (unless the profile adds required affinity), and narrows
 *     the pod to the node names of `metadata.name In` matchFields: names
 *     intersected within a term, unioned across terms, every node as soon
 *     as one term has no such field; names that intersect to nothing fail
 *     the pod with "pod affinity terms conflict".
 *   - Filter checks the profile's addedAffinity first ("node(s) didn't
 *     match scheduler-enforced node affinity"), then the pod's nodeSelector
 *     and required terms ("node(s) didn't match Pod's node affinity/
 *     selector"); both UnschedulableAndUnresolvable.
 *   - Score sums the weights of the matching preferred terms of the pod
 *     and of addedAffinity; NormalizeScore scales the best to 100.
 * Args are a core/v1 NodeAffinity under `addedAffinity`, validated as
 * pkg/scheduler/apis/config/validation ValidateNodeAffinityArgs does
 * (every term must parse, k8s.io/component-helpers nodeaffinity).
 */
#include <string.h>

#include "match.h"
#include "sched.h"

static const char reason_pod[] =
    "node(s) didn't match Pod's node affinity/selector";
static const char reason_enforced[] =
    "node(s) didn't match scheduler-enforced node affinity";
static const char reason_conflict[] = "pod affinity terms conflict";

/* NodeAffinityArgs.addedAffinity (no required selector and no preferred
   terms when absent). */
typedef struct node_affinity_args {
    const podsim_node_selector *added_required;
    const podsim_preferred_scheduling_term *added_preferred;
    size_t added_preferred_count;
} node_affinity_args;

static const node_affinity_args no_args = {NULL, NULL, 0};

static const node_affinity_args *args_of(const sched_slot *slot) {
    return slot && slot->args ? slot->args : &no_args;
}

static const podsim_node_affinity *pod_node_affinity(const podsim_pod *pod) {
    const podsim_affinity *a = pod->spec.affinity;
    return a ? a->node_affinity : NULL;
}

/* ---- args -----------------------------------------------------------------
 */

static void args_default(void *out) {
    *(node_affinity_args *)out = no_args;
}

/* A parse error of one term, under `term_path` (field.Error: path, then
   the body). */
static podsim_status fail_term(dec *d, const path *term_path, const yt_node *n,
                               const selector_problem *pr) {
    path list =
        PATH_KEY(term_path, pr->in_fields ? "matchFields" : "matchExpressions");
    path item = PATH_INDEX(&list, pr->index);
    path field = PATH_KEY(&item, pr->field);
    return dec_fail(d, &field, n, PODSIM_EINVAL, "%s", pr->detail);
}

static bool term_is_empty(const podsim_node_selector_term *t) {
    return t->match_expression_count == 0 && t->match_field_count == 0;
}

/* ValidateNodeAffinityArgs: nodeaffinity.NewNodeSelector over the required
   terms, then NewPreferredSchedulingTerms over the preferred ones (whose
   error paths name the list index, not "preference"). Empty terms and
   zero-weight preferred terms are not parsed. The first error is
   reported. */
static podsim_status validate_args(dec *d, const path *added, const yt_node *n,
                                   const node_affinity_args *a) {
    selector_problem pr;
    if (a->added_required) {
        path req =
            PATH_KEY(added, "requiredDuringSchedulingIgnoredDuringExecution");
        path terms = PATH_KEY(&req, "nodeSelectorTerms");
        for (size_t i = 0; i < a->added_required->term_count; i++) {
            const podsim_node_selector_term *t = &a->added_required->terms[i];
            if (term_is_empty(t) || !node_selector_term_problem(t, &pr))
                continue;
            path at = PATH_INDEX(&terms, i);
            return fail_term(d, &at, n, &pr);
        }
    }
    path pref =
        PATH_KEY(added, "preferredDuringSchedulingIgnoredDuringExecution");
    for (size_t i = 0; i < a->added_preferred_count; i++) {
        const podsim_preferred_scheduling_term *t = &a->added_preferred[i];
        if (t->weight == 0 || term_is_empty(&t->preference) ||
            !node_selector_term_problem(&t->preference, &pr)) {
            continue;
        }
        path at = PATH_INDEX(&pref, i);
        return fail_term(d, &at, n, &pr);
    }
    return PODSIM_OK;
}

static podsim_status args_decode(dec *d, const path *p, const yt_node *args,
                                 void *out) {
    node_affinity_args *a = out;
    const podsim_node_affinity *added = NULL;
    if (!args) return PODSIM_OK;
    podsim_status s = dec_node_affinity(d, p, args, "addedAffinity", &added);
    if (s || !added) return s;
    a->added_required = added->required;
    a->added_preferred = added->preferred;
    a->added_preferred_count = added->preferred_count;
    path at = PATH_KEY(p, "addedAffinity");
    return validate_args(d, &at, yt_get(args, "addedAffinity"), a);
}

/* ---- PreFilter ------------------------------------------------------------
 */

/* A small set of node names in the cycle arena (the PreFilterResult is
   built from names: a name no node has still counts, so only the names
   decide whether the terms conflict). */
typedef struct name_set {
    const char **names;
    size_t count;
} name_set;

static bool set_has(const name_set *s, const char *name) {
    for (size_t i = 0; i < s->count; i++) {
        if (s->names[i] == name || strcmp(s->names[i], name) == 0) return true;
    }
    return false;
}

static bool strings_have(const podsim_strings *v, const char *name) {
    for (size_t i = 0; i < v->count; i++) {
        if (v->items[i] == name || strcmp(v->items[i], name) == 0) return true;
    }
    return false;
}

static bool is_name_in(const podsim_requirement *r) {
    return r->op == PODSIM_OP_IN && strcmp(r->key, "metadata.name") == 0;
}

/* The names a term's `metadata.name In` fields allow (their
   intersection), written into `out` (room for every value); false when
   the term has no such field. */
static bool term_node_names(const podsim_node_selector_term *t, name_set *out) {
    bool seen = false;
    for (size_t i = 0; i < t->match_field_count; i++) {
        const podsim_requirement *r = &t->match_fields[i];
        if (!is_name_in(r)) continue;
        if (!seen) {
            seen = true;
            for (size_t j = 0; j < r->values.count; j++) {
                if (!set_has(out, r->values.items[j]))
                    out->names[out->count++] = r->values.items[j];
            }
            continue;
        }
        size_t kept = 0;
        for (size_t j = 0; j < out->count; j++) {
            if (strings_have(&r->values, out->names[j]))
                out->names[kept++] = out->names[j];
        }
        out->count = kept;
    }
    return seen;
}

/* The PreFilterResult as snapshot indexes (nodes named but absent from
   the snapshot drop out; the set may end up empty). */
static sched_code names_to_nodes(sched_cycle *cy, const name_set *names,
                                 sched_node_set *nodes) {
    const sched_snapshot *snap = cy->snap;
    size_t room =
        names->count < snap->node_count ? names->count : snap->node_count;
    int32_t *idx = room ? cycle_alloc(cy, room * sizeof *idx) : NULL;
    if (room && !idx) return SCHED_ERROR;
    size_t count = 0;
    for (size_t i = 0; i < snap->node_count && count < room; i++) {
        if (set_has(names, snap->nodes[i].name)) idx[count++] = (int32_t)i;
    }
    nodes->all = false;
    nodes->nodes = idx;
    nodes->count = count;
    nodes->named = names->count;
    return SCHED_SUCCESS;
}

static sched_code pre_filter(sched_cycle *cy, const sched_slot *slot,
                             void **state, sched_node_set *nodes,
                             sched_reasons *why) {
    (void)state;
    const podsim_node_affinity *na = pod_node_affinity(cy->pod);
    const podsim_node_selector *required = na ? na->required : NULL;
    if (!required && !args_of(slot)->added_required &&
        cy->pod->spec.node_selector.count == 0) {
        return SCHED_SKIP; /* nothing for Filter to check */
    }
    if (!required || required->term_count == 0) return SCHED_SUCCESS;

    size_t values = 0;
    for (size_t i = 0; i < required->term_count; i++) {
        const podsim_node_selector_term *t = &required->terms[i];
        for (size_t j = 0; j < t->match_field_count; j++)
            values += t->match_fields[j].values.count;
    }
    name_set all = {NULL, 0}, term = {NULL, 0};
    if (values) {
        all.names = cycle_alloc(cy, values * sizeof *all.names);
        term.names = cycle_alloc(cy, values * sizeof *term.names);
        if (!all.names || !term.names) return SCHED_ERROR;
    }
    for (size_t i = 0; i < required->term_count; i++) {
        term.count = 0;
        /* terms are ORed: one without a name field allows every node */
        if (!term_node_names(&required->terms[i], &term)) return SCHED_SUCCESS;
        for (size_t j = 0; j < term.count; j++) {
            if (!set_has(&all, term.names[j]))
                all.names[all.count++] = term.names[j];
        }
    }
    if (all.count == 0) {
        reasons_add(why, reason_conflict);
        return SCHED_UNRESOLVABLE;
    }
    return names_to_nodes(cy, &all, nodes);
}

/* ---- Filter ---------------------------------------------------------------
 */

static sched_code filter(sched_cycle *cy, const sched_slot *slot, void *state,
                         int32_t node, sched_reasons *why) {
    (void)state;
    const podsim_node *n = cy->snap->nodes[node].node;
    const node_affinity_args *a = args_of(slot);
    if (a->added_required && !node_selector_matches(a->added_required, n)) {
        reasons_add(why, reason_enforced);
        return SCHED_UNRESOLVABLE;
    }
    if (!pod_matches_node_affinity(cy->pod, n)) {
        reasons_add(why, reason_pod);
        return SCHED_UNRESOLVABLE;
    }
    return SCHED_SUCCESS;
}

/* ---- PreScore, Score, NormalizeScore --------------------------------------
 */

/* nodeaffinity.NewPreferredSchedulingTerms over the pod's terms: a term
   that fails to parse is an error of the whole attempt (PreScore returns
   it), with the error path rooted at the list index. */
static sched_code check_pod_preferred(sched_cycle *cy,
                                      const podsim_node_affinity *na) {
    for (size_t i = 0; i < na->preferred_count; i++) {
        const podsim_preferred_scheduling_term *t = &na->preferred[i];
        selector_problem pr;
        if (t->weight == 0 || term_is_empty(&t->preference) ||
            !node_selector_term_problem(&t->preference, &pr)) {
            continue;
        }
        return cycle_error(cy, "[%zu].%s[%zu].%s: %s", i,
                           pr.in_fields ? "matchFields" : "matchExpressions",
                           pr.index, pr.field, pr.detail);
    }
    return SCHED_SUCCESS;
}

static sched_code pre_score(sched_cycle *cy, const sched_slot *slot,
                            void **state, const int32_t *nodes, size_t n) {
    (void)state;
    (void)nodes;
    (void)n;
    const podsim_node_affinity *na = pod_node_affinity(cy->pod);
    bool pod_preferred = na && na->preferred_count > 0;
    if (pod_preferred && check_pod_preferred(cy, na) != SCHED_SUCCESS)
        return SCHED_ERROR;
    if (!pod_preferred && args_of(slot)->added_preferred_count == 0)
        return SCHED_SKIP; /* no preferred terms at all */
    return SCHED_SUCCESS;
}

/* PreferredSchedulingTerms.Score: the weights of the matching terms. */
static int64_t preferred_score(const podsim_preferred_scheduling_term *terms,
                               size_t count, const podsim_node *node) {
    int64_t sum = 0;
    for (size_t i = 0; i < count; i++) {
        if (terms[i].weight != 0 &&
            node_selector_term_matches(&terms[i].preference, node)) {
            sum += terms[i].weight;
        }
    }
    return sum;
}

static sched_code score(sched_cycle *cy, const sched_slot *slot, void *state,
                        int32_t node, int64_t *out) {
    (void)state;
    const podsim_node *n = cy->snap->nodes[node].node;
    const node_affinity_args *a = args_of(slot);
    int64_t count =
        preferred_score(a->added_preferred, a->added_preferred_count, n);
    const podsim_node_affinity *na = pod_node_affinity(cy->pod);
    if (na) count += preferred_score(na->preferred, na->preferred_count, n);
    *out = count;
    return SCHED_SUCCESS;
}

static void normalize(sched_cycle *cy, const sched_slot *slot, void *state,
                      const int32_t *nodes, int64_t *scores, size_t n) {
    (void)cy;
    (void)slot;
    (void)state;
    (void)nodes;
    default_normalize_score(SCHED_MAX_NODE_SCORE, false, scores, n);
}

const sched_plugin sched_plugin_node_affinity = {
    .name = "NodeAffinity",
    .points = PT_BIT(PT_PRE_FILTER) | PT_BIT(PT_FILTER) | PT_BIT(PT_PRE_SCORE) |
              PT_BIT(PT_SCORE),
    .default_weight = 2,
    .args_size = sizeof(node_affinity_args),
    .args_default = args_default,
    .args_decode = args_decode,
    .pre_filter = pre_filter,
    .filter = filter,
    .pre_score = pre_score,
    .score = score,
    .normalize = normalize,
};
