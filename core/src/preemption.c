/*
 * preemption.c - DefaultPreemption's PostFilter: which pods to evict so
 * that an unschedulable pod fits, and on which node.
 *
 * Mirrors pkg/scheduler/framework/preemption/preemption.go (Preempt,
 * findCandidates, DryRunPreemption, SelectCandidate,
 * pickOneNodeForPreemption, filterPodsWithPDBViolation) and
 * plugins/defaultpreemption/default_preemption.go (PodEligibleToPreempt-
 * Others, SelectVictimsOnNode, calculateNumCandidates):
 *   - not eligible with preemptionPolicy Never, or while lower-priority
 *     pods terminate by preemption on the pod's nominated node;
 *   - only nodes whose filter status is Unschedulable are tried, from a
 *     random offset, until enough candidates are found
 *     (max(N x minCandidateNodesPercentage / 100, minCandidateNodes-
 *     Absolute), at most N), stopping early once a candidate without PDB
 *     violations exists;
 *   - on a node every lower-priority pod is removed; if the pod then
 *     fits, pods are reprieved highest priority first (PDB-violating ones
 *     first), and those that no longer fit back are the victims;
 *   - the node: fewest PDB violations, lowest highest-victim priority,
 *     smallest priority sum, fewest victims, latest earliest start among
 *     the highest-priority victims, then the first candidate.
 * The message is "preemption: " + a FitError over the dry run's statuses,
 * with untried nodes under "Preemption is not helpful for scheduling".
 * Upstream's candidate order comes from goroutines and map iteration;
 * podsim uses the node order, which is one of upstream's possible orders.
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "attempt.h"

typedef struct pdb_budget {
    const podsim_pdb *pdb;
    int64_t allowed;
} pdb_budget;

typedef struct candidate {
    int32_t node;
    int32_t *victims; /* snapshot pods, most important first */
    size_t victim_count;
    int32_t pdb_violations;
} candidate;

typedef struct dry_run {
    attempt *a;
    pdb_budget *pdbs;
    size_t pdb_count;
    int64_t priority; /* the preemptor's */
} dry_run;

/* util.GetPodStartTime: a pod without a start time counts as started now,
   later than every recorded one */
static int64_t start_time(const podsim_pod *p) {
    return p->status.start_time != PODSIM_NO_TIME ? p->status.start_time
                                                  : INT64_MAX;
}

/* util.MoreImportantPod */
static bool more_important(const podsim_pod *a, const podsim_pod *b) {
    int64_t pa = pod_priority(a), pb = pod_priority(b);
    if (pa != pb) return pa > pb;
    return start_time(a) < start_time(b);
}

static void sort_by_importance(sched_snapshot *s, int32_t *pods, size_t n) {
    for (size_t i = 1; i < n; i++) {
        for (size_t j = i;
             j > 0 && more_important(snapshot_pod(s, pods[j])->pod,
                                     snapshot_pod(s, pods[j - 1])->pod);
             j--) {
            int32_t t = pods[j];
            pods[j] = pods[j - 1];
            pods[j - 1] = t;
        }
    }
}

/* ---- PodDisruptionBudgets ------------------------------------------------ */

static bool pod_counts_healthy(const podsim_pod *p) {
    /* a hand-written pod without status that is bound counts as Running and
       Ready, as it would be once started; a dumped pod tells its state */
    if (p->node == PODSIM_NO_ID || !pod_holds_resources(p)) return false;
    if (p->meta.deletion_timestamp != PODSIM_NO_TIME) return false;
    if (!p->status.has_phase) return true;
    if (p->status.phase != PODSIM_PHASE_RUNNING) return false;
    for (size_t i = 0; i < p->status.condition_count; i++) {
        const podsim_condition *c = &p->status.conditions[i];
        if (strcmp(c->type, "Ready") == 0)
            return strcmp(c->status, "True") == 0;
    }
    return false;
}

/* intstr.GetScaledValueFromIntOrPercent with roundUp */
static int64_t scaled(const char *v, int64_t total) {
    size_t len = strlen(v);
    long long n = strtoll(v, NULL, 10);
    if (len && v[len - 1] == '%') return (n * total + 99) / 100;
    return n;
}

static bool pdb_has_status(const podsim_pdb *b) {
    return b->status_expected_pods || b->status_current_healthy ||
           b->status_desired_healthy || b->status_disruptions_allowed;
}

/* status.disruptionsAllowed, or what the disruption controller would
   compute for a PDB written without status */
static int64_t disruptions_allowed(podsim_cluster *c, const podsim_pdb *b) {
    if (pdb_has_status(b)) return b->status_disruptions_allowed;
    int64_t expected = 0, healthy = 0;
    size_t n = podsim_cluster_count(c, PODSIM_KIND_POD);
    for (size_t i = 0; i < n; i++) {
        const podsim_pod *p = podsim_cluster_pod(c, (podsim_id)i);
        if (strcmp(p->meta.namespace_, b->meta.namespace_) != 0) continue;
        if (!b->selector ||
            !label_selector_matches(b->selector, &p->meta.labels))
            continue;
        if (!pod_holds_resources(p)) continue;
        expected++;
        if (pod_counts_healthy(p)) healthy++;
    }
    int64_t desired = 0;
    if (b->min_available[0]) {
        desired = scaled(b->min_available, expected);
    } else if (b->max_unavailable[0]) {
        desired = expected - scaled(b->max_unavailable, expected);
    }
    int64_t allowed = healthy - desired;
    return allowed > 0 ? allowed : 0;
}

static bool selector_empty(const podsim_label_selector *s) {
    return !s || (s->match_labels.count == 0 && s->match_expression_count == 0);
}

/* filterPodsWithPDBViolation over pods already sorted by importance. */
static void split_by_pdb(dry_run *d, const int32_t *pods, size_t n,
                         int32_t *violating, size_t *nv, int32_t *others,
                         size_t *no) {
    sched_snapshot *s = d->a->snap;
    int64_t *left = malloc((d->pdb_count ? d->pdb_count : 1) * sizeof(int64_t));
    for (size_t i = 0; left && i < d->pdb_count; i++)
        left[i] = d->pdbs[i].allowed;
    *nv = *no = 0;
    for (size_t i = 0; i < n; i++) {
        const podsim_pod *p = snapshot_pod(s, pods[i])->pod;
        bool violated = false;
        for (size_t k = 0; left && p->meta.labels.count && k < d->pdb_count;
             k++) {
            const podsim_pdb *b = d->pdbs[k].pdb;
            if (strcmp(b->meta.namespace_, p->meta.namespace_) != 0) continue;
            /* a nil or empty selector matches nothing here */
            if (selector_empty(b->selector) ||
                !label_selector_matches(b->selector, &p->meta.labels))
                continue;
            if (--left[k] < 0) violated = true;
        }
        if (violated) {
            violating[(*nv)++] = pods[i];
        } else {
            others[(*no)++] = pods[i];
        }
    }
    free(left);
}

/* ---- one node ------------------------------------------------------------ */

static sched_code fits_now(attempt *a, int32_t node, sched_reasons *why,
                           sched_code *code) {
    /* the RemovePod/AddPod PreFilter extensions: recompute the states */
    sched_code pre = attempt_pre_filter(a);
    if (pre == SCHED_ERROR) return SCHED_ERROR;
    if (pre != SCHED_SUCCESS) {
        *code = pre;
        *why = a->prefilter_why;
        return SCHED_SUCCESS;
    }
    int32_t slot;
    *code = attempt_filter_node_nominated(a, node, &slot, why);
    return *code == SCHED_ERROR ? SCHED_ERROR : SCHED_SUCCESS;
}

/* SelectVictimsOnNode. On success with victims, fills *cand; otherwise
   *status and *why say why the node is no candidate. The snapshot is left
   as it was. */
static sched_code select_victims(dry_run *d, int32_t node, candidate *cand,
                                 sched_code *status, sched_reasons *why) {
    attempt *a = d->a;
    sched_snapshot *s = a->snap;
    snap_node *n = &s->nodes[node];
    size_t count = n->pods.len;
    int32_t *potential =
        cycle_alloc(&a->cy, (count ? count : 1) * sizeof(int32_t) * 4);
    if (!potential) return cycle_error(&a->cy, "out of memory");
    int32_t *violating = potential + count;
    int32_t *others = violating + count;
    int32_t *victims = others + count;
    size_t np = 0, nvict = 0;
    const int32_t *on_node = n->pods.data;
    for (size_t i = 0; i < count; i++) {
        snap_pod *sp = snapshot_pod(s, on_node[i]);
        if (sp->removed || pod_priority(sp->pod) >= d->priority) continue;
        potential[np++] = on_node[i];
    }
    if (np == 0) {
        *status = SCHED_UNRESOLVABLE;
        why->count = 0;
        reasons_add(why, "No preemption victims found for incoming pod");
        return SCHED_SUCCESS;
    }
    for (size_t i = 0; i < np; i++) snapshot_remove_pod(s, potential[i]);
    sched_code code;
    sched_code r = fits_now(a, node, why, &code);
    if (r == SCHED_SUCCESS && code != SCHED_SUCCESS) {
        for (size_t i = 0; i < np; i++) snapshot_restore_pod(s, potential[i]);
        *status = code;
        return SCHED_SUCCESS;
    }
    sort_by_importance(s, potential, np);
    size_t nv = 0, no = 0;
    split_by_pdb(d, potential, np, violating, &nv, others, &no);
    int32_t violations = 0;
    for (int pass = 0; r == SCHED_SUCCESS && pass < 2; pass++) {
        const int32_t *list = pass ? others : violating;
        size_t len = pass ? no : nv;
        for (size_t i = 0; r == SCHED_SUCCESS && i < len; i++) {
            snapshot_restore_pod(s, list[i]);
            sched_reasons ignored;
            r = fits_now(a, node, &ignored, &code);
            if (r == SCHED_SUCCESS && code != SCHED_SUCCESS) {
                snapshot_remove_pod(s, list[i]);
                victims[nvict++] = list[i];
                if (!pass) violations++;
            }
        }
    }
    for (size_t i = 0; i < np; i++) snapshot_restore_pod(s, potential[i]);
    if (r == SCHED_ERROR) return SCHED_ERROR;
    if (nv && no) sort_by_importance(s, victims, nvict);
    cand->node = node;
    cand->victims = victims;
    cand->victim_count = nvict;
    cand->pdb_violations = violations;
    *status = SCHED_SUCCESS;
    return SCHED_SUCCESS;
}

/* ---- choosing the node --------------------------------------------------- */

static int64_t criterion(const attempt *a, const candidate *c, int which) {
    sched_snapshot *s = a->snap;
    const podsim_pod *top = snapshot_pod(s, c->victims[0])->pod;
    switch (which) {
    case 0: return -(int64_t)c->pdb_violations;
    case 1: return -pod_priority(top);
    case 2: {
        /* -sum(MaxInt32 + priority + 1): negative priorities count right */
        int64_t sum = 0;
        for (size_t i = 0; i < c->victim_count; i++) {
            sum += (int64_t)INT32_MAX +
                   pod_priority(snapshot_pod(s, c->victims[i])->pod) + 1;
        }
        return -sum;
    }
    case 3: return -(int64_t)c->victim_count;
    default: {
        /* GetEarliestPodStartTime over the highest-priority victims: the
           later that time, the better */
        int64_t best = pod_priority(top), earliest = INT64_MAX;
        for (size_t i = 0; i < c->victim_count; i++) {
            const podsim_pod *p = snapshot_pod(s, c->victims[i])->pod;
            if (pod_priority(p) == best && start_time(p) < earliest) {
                earliest = start_time(p);
            }
        }
        return earliest;
    }
    }
}

static size_t pick_candidate(const attempt *a, candidate *cands, size_t n) {
    bool *alive = calloc(n, sizeof(bool));
    if (!alive) return 0;
    for (size_t i = 0; i < n; i++) alive[i] = true;
    size_t pick = 0;
    for (int which = 0; which < 5; which++) {
        int64_t best = INT64_MIN;
        for (size_t i = 0; i < n; i++) {
            if (alive[i] && criterion(a, &cands[i], which) > best) {
                best = criterion(a, &cands[i], which);
            }
        }
        size_t left = 0;
        for (size_t i = 0; i < n; i++) {
            if (alive[i] && criterion(a, &cands[i], which) != best) {
                alive[i] = false;
            }
            if (alive[i]) {
                if (!left) pick = i;
                left++;
            }
        }
        if (left == 1) break;
    }
    free(alive);
    return pick;
}

/* ---- PostFilter ---------------------------------------------------------- */

static bool terminating_by_preemption(const podsim_pod *p) {
    if (p->meta.deletion_timestamp == PODSIM_NO_TIME) return false;
    for (size_t i = 0; i < p->status.condition_count; i++) {
        const podsim_condition *c = &p->status.conditions[i];
        if (strcmp(c->type, "DisruptionTarget") == 0 &&
            strcmp(c->reason, "PreemptionByScheduler") == 0) {
            return true;
        }
    }
    return false;
}

static const char *not_eligible(attempt *a) {
    const podsim_pod *pod = a->cy.pod;
    if (pod->spec.preemption_policy == PODSIM_PREEMPT_NEVER) {
        return "not eligible due to preemptionPolicy=Never.";
    }
    const char *nominated = pod->status.nominated_node_name;
    if (!nominated || !nominated[0]) return NULL;
    sched_snapshot *s = a->snap;
    for (size_t i = 0; i < s->node_count; i++) {
        if (strcmp(s->nodes[i].name, nominated) != 0) continue;
        for (size_t k = 0; k < a->evaluated; k++) {
            if (a->verdicts[k].node == (int32_t)i &&
                a->verdicts[k].code == SCHED_UNRESOLVABLE) {
                return NULL;
            }
        }
        const int32_t *pods = s->nodes[i].pods.data;
        for (size_t k = 0; k < s->nodes[i].pods.len; k++) {
            const podsim_pod *p = snapshot_pod(s, pods[k])->pod;
            if (pod_priority(p) < pod_priority(pod) &&
                terminating_by_preemption(p)) {
                return "not eligible due to a terminating pod on the "
                       "nominated node.";
            }
        }
    }
    return NULL;
}

static int cmp_node(const void *x, const void *y) {
    int32_t a = *(const int32_t *)x, b = *(const int32_t *)y;
    return (a > b) - (a < b);
}

/* nodesWherePreemptionMightHelp: Unschedulable (not Unresolvable) nodes,
   in the snapshot's node order. */
static size_t potential_nodes(const attempt *a, int32_t *out) {
    size_t n = 0;
    if (a->prefilter_rejected) {
        if (a->prefilter_code != SCHED_UNSCHEDULABLE) return 0;
        for (size_t i = 0; i < a->snap->node_count; i++) out[n++] = (int32_t)i;
        return n;
    }
    for (size_t i = 0; i < a->evaluated; i++) {
        if (a->verdicts[i].code == SCHED_UNSCHEDULABLE) {
            out[n++] = a->verdicts[i].node;
        }
    }
    qsort(out, n, sizeof(*out), cmp_node);
    return n;
}

static sched_code load_pdbs(dry_run *d) {
    podsim_cluster *c = d->a->cy.c;
    size_t n = podsim_cluster_count(c, PODSIM_KIND_PODDISRUPTIONBUDGET);
    d->pdbs = cycle_alloc(&d->a->cy, (n ? n : 1) * sizeof(pdb_budget));
    if (!d->pdbs) return cycle_error(&d->a->cy, "out of memory");
    for (size_t i = 0; i < n; i++) {
        d->pdbs[i].pdb = podsim_cluster_pdb(c, (podsim_id)i);
        d->pdbs[i].allowed = disruptions_allowed(c, d->pdbs[i].pdb);
    }
    d->pdb_count = n;
    return SCHED_SUCCESS;
}

static sched_code dry_run_nodes(dry_run *d, const default_preemption_args *args,
                                const int32_t *potential, size_t np,
                                candidate *cands, size_t *nc,
                                podsim_node_filter *statuses, size_t *ns) {
    attempt *a = d->a;
    int64_t want = (int64_t)np * args->min_candidate_nodes_percentage / 100;
    if (want < args->min_candidate_nodes_absolute) {
        want = args->min_candidate_nodes_absolute;
    }
    if (want > (int64_t)np) want = (int64_t)np;
    size_t offset = (size_t)rng_below(a->rng, np);
    size_t non_violating = 0, violating = 0;
    for (size_t i = 0; i < np; i++) {
        int32_t node = potential[(offset + i) % np];
        candidate c = {0, NULL, 0, 0};
        sched_code status = SCHED_SUCCESS;
        sched_reasons why = {{0}, 0};
        if (select_victims(d, node, &c, &status, &why) == SCHED_ERROR) {
            return SCHED_ERROR;
        }
        if (status == SCHED_SUCCESS && c.victim_count) {
            size_t *bucket = c.pdb_violations ? &violating : &non_violating;
            if ((int64_t)*bucket < want) {
                cands[(*nc)++] = c;
                (*bucket)++;
            }
            if (non_violating > 0 &&
                (int64_t)(non_violating + violating) >= want)
                break;
            continue;
        }
        if (status == SCHED_SUCCESS) {
            return cycle_error(
                &a->cy, "expected at least one victim pod on node \"%s\"",
                a->snap->nodes[node].name);
        }
        podsim_node_filter *f = &statuses[(*ns)++];
        f->node = a->snap->nodes[node].name;
        f->code = status == SCHED_UNRESOLVABLE ? PODSIM_FIT_UNRESOLVABLE
                                               : PODSIM_FIT_UNSCHEDULABLE;
        f->plugin = "";
        const char **items = cycle_alloc(
            &a->cy, (size_t)(why.count ? why.count : 1) * sizeof(char *));
        if (!items) return cycle_error(&a->cy, "out of memory");
        for (int k = 0; k < why.count; k++) items[k] = why.items[k];
        f->reasons = (podsim_strings){items, (size_t)why.count};
    }
    /* non-violating candidates first, as DryRunPreemption returns them */
    size_t k = 0;
    candidate *sorted =
        cycle_alloc(&a->cy, (*nc ? *nc : 1) * sizeof(candidate));
    if (!sorted) return cycle_error(&a->cy, "out of memory");
    for (int pass = 0; pass < 2; pass++) {
        for (size_t i = 0; i < *nc; i++) {
            if ((cands[i].pdb_violations != 0) == (pass == 1))
                sorted[k++] = cands[i];
        }
    }
    memcpy(cands, sorted, *nc * sizeof(candidate));
    return SCHED_SUCCESS;
}

sched_code run_preemption(attempt *a, const default_preemption_args *args) {
    sched_snapshot *s = a->snap;
    a->preemption_ran = true;
    a->nominated = -1;
    const char *why_not = not_eligible(a);
    if (why_not) {
        a->postfilter_message = cycle_printf(&a->cy, "preemption: %s", why_not);
        return SCHED_UNSCHEDULABLE;
    }
    size_t n = s->node_count;
    int32_t *potential = cycle_alloc(&a->cy, n * sizeof(int32_t));
    candidate *cands = cycle_alloc(&a->cy, n * sizeof(candidate));
    podsim_node_filter *statuses = cycle_alloc(&a->cy, n * sizeof(*statuses));
    if (!potential || !cands || !statuses)
        return cycle_error(&a->cy, "out of memory");
    size_t nc = 0, ns = 0;
    size_t np = potential_nodes(a, potential);
    if (np) {
        dry_run d = {a, NULL, 0, pod_priority(a->cy.pod)};
        if (load_pdbs(&d) == SCHED_ERROR) return SCHED_ERROR;
        /* the dry run re-runs PreFilter; keep the attempt's own verdicts */
        prefilter_saved keep;
        if (attempt_save_prefilter(a, &keep) == SCHED_ERROR) {
            return SCHED_ERROR;
        }
        sched_code r =
            dry_run_nodes(&d, args, potential, np, cands, &nc, statuses, &ns);
        attempt_restore_prefilter(a, &keep);
        if (r == SCHED_ERROR) return SCHED_ERROR;
    }
    if (nc == 0) {
        strbuf b;
        strbuf_init(&b);
        format_fit_error(&b, n, statuses, ns,
                         "Preemption is not helpful for scheduling", NULL,
                         NULL);
        a->postfilter_message =
            cycle_printf(&a->cy, "preemption: %s", strbuf_str(&b));
        strbuf_release(&b);
        return SCHED_UNSCHEDULABLE;
    }
    const candidate *best = &cands[pick_candidate(a, cands, nc)];
    a->nominated = best->node;
    a->victims = best->victims;
    a->victim_count = best->victim_count;
    a->pdb_violations = best->pdb_violations;
    a->postfilter_message = "";
    return SCHED_UNSCHEDULABLE;
}
