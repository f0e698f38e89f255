/*
 * taint_toleration.c - the TaintToleration plugin (Filter, PreScore, Score,
 * NormalizeScore).
 *
 * Mirrors pkg/scheduler/framework/plugins/tainttoleration/
 * taint_toleration.go. Filter: the first NoSchedule or NoExecute taint
 * (in spec.taints order) that none of the pod's tolerations tolerates
 * fails the node, UnschedulableAndUnresolvable. Score: the number of
 * PreferNoSchedule taints not tolerated by the pod's tolerations whose
 * effect is empty or PreferNoSchedule; NormalizeScore reverses it, so the
 * node with the fewest such taints gets 100.
 *
 * The reason text changed in v1.35 (PR #134740, "remove taint values from
 * unschedulable messages in pod status": taint keys and values may be
 * sensitive): up to v1.34 it names the taint, "node(s) had untolerated
 * taint {key: value}"; from v1.35 it is "node(s) had untolerated
 * taint(s)". The change was also cherry-picked into a v1.34 patch release
 * (#135023, November 2025); podsim gives v1.34 the v1.34.0 text.
 */
#include "sched.h"

static const char reason_untolerated_v135[] =
    "node(s) had untolerated taint(s)";

static sched_code filter(sched_cycle *cy, const sched_slot *slot, void *state,
                         int32_t node, sched_reasons *why) {
    (void)slot;
    (void)state;
    const podsim_pod_spec *spec = &cy->pod->spec;
    const podsim_taint *taint = first_untolerated_taint(
        cy->snap->nodes[node].node, spec->tolerations, spec->toleration_count);
    if (!taint) return SCHED_SUCCESS;
    const char *reason = reason_untolerated_v135;
    if (cy->minor < 35) {
        reason = cycle_printf(cy, "node(s) had untolerated taint {%s: %s}",
                              taint->key, taint->value ? taint->value : "");
        if (!reason) return SCHED_ERROR;
    }
    reasons_add(why, reason);
    return SCHED_UNRESOLVABLE;
}

/* The tolerations that can tolerate a PreferNoSchedule taint: an empty
   effect means every effect. */
typedef struct prescore_state {
    const podsim_toleration **tolerations;
    size_t count;
} prescore_state;

static bool counts_for_scoring(const podsim_toleration *t) {
    return t->effect == PODSIM_EFFECT_NONE ||
           t->effect == PODSIM_EFFECT_PREFER_NO_SCHEDULE;
}

static sched_code pre_score(sched_cycle *cy, const sched_slot *slot,
                            void **state, const int32_t *nodes, size_t n) {
    (void)slot;
    (void)nodes;
    (void)n;
    const podsim_pod_spec *spec = &cy->pod->spec;
    prescore_state *s = cycle_alloc(cy, sizeof *s);
    if (!s) return SCHED_ERROR;
    if (spec->toleration_count) {
        s->tolerations =
            cycle_alloc(cy, spec->toleration_count * sizeof *s->tolerations);
        if (!s->tolerations) return SCHED_ERROR;
    }
    for (size_t i = 0; i < spec->toleration_count; i++) {
        if (counts_for_scoring(&spec->tolerations[i]))
            s->tolerations[s->count++] = &spec->tolerations[i];
    }
    *state = s;
    return SCHED_SUCCESS;
}

static bool tolerated_for_scoring(const podsim_pod_spec *spec,
                                  const prescore_state *s,
                                  const podsim_taint *taint) {
    if (!s) { /* no PreScore state: filter the tolerations here */
        for (size_t i = 0; i < spec->toleration_count; i++) {
            const podsim_toleration *t = &spec->tolerations[i];
            if (counts_for_scoring(t) && toleration_tolerates(t, taint))
                return true;
        }
        return false;
    }
    for (size_t i = 0; i < s->count; i++) {
        if (toleration_tolerates(s->tolerations[i], taint)) return true;
    }
    return false;
}

static sched_code score(sched_cycle *cy, const sched_slot *slot, void *state,
                        int32_t node, int64_t *out) {
    (void)slot;
    const podsim_node *n = cy->snap->nodes[node].node;
    int64_t intolerable = 0;
    for (size_t i = 0; i < n->taint_count; i++) {
        const podsim_taint *taint = &n->taints[i];
        if (taint->effect != PODSIM_EFFECT_PREFER_NO_SCHEDULE) continue;
        if (!tolerated_for_scoring(&cy->pod->spec, state, taint)) intolerable++;
    }
    *out = intolerable;
    return SCHED_SUCCESS;
}

static void normalize(sched_cycle *cy, const sched_slot *slot, void *state,
                      const int32_t *nodes, int64_t *scores, size_t n) {
    (void)cy;
    (void)slot;
    (void)state;
    (void)nodes;
    default_normalize_score(SCHED_MAX_NODE_SCORE, true, scores, n);
}

/* Not an upstream extension point: when no node of the snapshot has a
   NoSchedule or NoExecute taint every node passes, so the framework may
   skip the per-node call. */
static sched_code pre_filter(sched_cycle *cy, const sched_slot *slot,
                             void **state, sched_node_set *nodes,
                             sched_reasons *why) {
    (void)slot;
    (void)state;
    (void)nodes;
    (void)why;
    return cy->snap->hard_tainted_nodes ? SCHED_SUCCESS : SCHED_SKIP;
}

const sched_plugin sched_plugin_taint_toleration = {
    .name = "TaintToleration",
    .points = PT_BIT(PT_FILTER) | PT_BIT(PT_PRE_SCORE) | PT_BIT(PT_SCORE),
    .default_weight = 3,
    .pre_filter = pre_filter,
    .filter = filter,
    .pre_score = pre_score,
    .score = score,
    .normalize = normalize,
};
