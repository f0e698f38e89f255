/*
 * framework.c - one scheduling cycle, as kube-scheduler runs it.
 *
 * Mirrors pkg/scheduler/schedule_one.go (schedulePod,
 * findNodesThatFitPod, findNodesThatPassFilters, numFeasibleNodesToFind,
 * prioritizeNodes, selectHost) and pkg/scheduler/framework/runtime/
 * framework.go (RunPreFilterPlugins, RunFilterPlugins, RunScorePlugins),
 * and FitError.Error() of pkg/scheduler/framework/types.go:
 *   - PreFilter: Skip turns a plugin's Filter off for the pod; a rejection
 *     fails the pod on every node (PreFilterMsg); PreFilterResults are
 *     intersected and nodes outside them share one UnschedulableAndUn-
 *     resolvable status "node(s) didn't satisfy plugin(s) [...]";
 *   - a nominated node (status.nominatedNodeName) is tried first;
 *   - Filter walks nodes from nextStartNodeIndex, wrapping, until it has
 *     numFeasibleNodesToFind feasible nodes (1 when nothing scores); the
 *     index then advances by the nodes processed. podsim runs the walk in
 *     order on one thread, so the nodes found are those upstream's 16
 *     goroutines find when they finish in order;
 *   - Score, NormalizeScore, range check, weights; the highest total wins
 *     and ties are broken uniformly at random (upstream's reservoir
 *     sampling) from the cluster's seeded stream.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "attempt.h"

/* ---- the scheduler state kept on the cluster ----------------------------- */

typedef struct sched_state {
    sched_snapshot snap;
    bool have_snap;
    size_t next_start; /* nextStartNodeIndex */
    uint64_t rng;
    podsim_scheduler_config *default_config;
    arena cycle_mem;
    strbuf error;
} sched_state;

/* internal schedule flag: the call comes from schedule_pending */
#define SCHED_FLAG_QUEUE (1u << 16)

#define SCHED_DEFAULT_SEED 0x706f6473696dull /* "podsim" */

static void sched_state_free(void *p) {
    sched_state *st = p;
    snapshot_release(&st->snap);
    podsim_scheduler_config_free(st->default_config);
    arena_release(&st->cycle_mem);
    strbuf_release(&st->error);
    free(st);
}

static sched_state *sched_state_of(podsim_cluster *c) {
    if (c->sched) return c->sched;
    sched_state *st = calloc(1, sizeof(*st));
    if (!st) return NULL;
    st->rng = SCHED_DEFAULT_SEED;
    arena_init(&st->cycle_mem, 0);
    strbuf_init(&st->error);
    c->sched = st;
    c->sched_free = sched_state_free;
    return st;
}

static podsim_status fresh_snapshot(podsim_cluster *c, sched_state *st) {
    if (st->have_snap && st->snap.generation == c->generation) {
        return PODSIM_OK;
    }
    st->have_snap = false;
    podsim_status s = snapshot_build(&st->snap, c);
    if (s) return cluster_fail(c, s, NULL, 0, 0, "out of memory");
    st->have_snap = true;
    return PODSIM_OK;
}

/* ---- cycle helpers (sched.h) --------------------------------------------- */

void *cycle_alloc(sched_cycle *cy, size_t size) {
    return arena_alloc(cy->mem, size ? size : 1);
}

const char *cycle_printf(sched_cycle *cy, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    char small[256];
    int n = vsnprintf(small, sizeof(small), fmt, ap);
    va_end(ap);
    if (n < 0) return "";
    char *out = arena_alloc(cy->mem, (size_t)n + 1);
    if (!out) return "";
    if ((size_t)n < sizeof(small)) {
        memcpy(out, small, (size_t)n + 1);
    } else {
        va_start(ap, fmt);
        vsnprintf(out, (size_t)n + 1, fmt, ap);
        va_end(ap);
    }
    return out;
}

sched_code cycle_error(sched_cycle *cy, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    strbuf_clear(cy->error);
    strbuf_vprintf(cy->error, fmt, ap);
    va_end(ap);
    return SCHED_ERROR;
}

/* ---- numFeasibleNodesToFind ---------------------------------------------- */

size_t podsim_num_feasible_nodes_to_find(size_t node_count,
                                         int32_t percentage) {
    const size_t min_feasible = 100;  /* minFeasibleNodesToFind */
    const int32_t min_percentage = 5; /* minFeasibleNodesPercentageToFind */
    if (node_count < min_feasible) return node_count;
    int64_t p = percentage;
    if (p <= 0) {
        p = 50 - (int64_t)node_count / 125;
        if (p < min_percentage) p = min_percentage;
    }
    size_t n = (size_t)((int64_t)node_count * p / 100);
    return n < min_feasible ? min_feasible : n;
}

/* ---- FitError.Error() ---------------------------------------------------- */

typedef struct reason_count {
    const char *reason;
    size_t count;
    char *text; /* "<count> <reason>" */
} reason_count;

static int cmp_text(const void *a, const void *b) {
    return strcmp(((const reason_count *)a)->text,
                  ((const reason_count *)b)->text);
}

static bool bump(reason_count **hist, size_t *n, size_t *cap,
                 const char *reason, size_t by) {
    for (size_t i = 0; i < *n; i++) {
        if (strcmp((*hist)[i].reason, reason) == 0) {
            (*hist)[i].count += by;
            return true;
        }
    }
    if (*n == *cap) {
        size_t c = *cap ? *cap * 2 : 16;
        reason_count *h = realloc(*hist, c * sizeof(*h));
        if (!h) return false;
        *hist = h;
        *cap = c;
    }
    (*hist)[(*n)++] = (reason_count){reason, by, NULL};
    return true;
}

void format_fit_error(strbuf *out, size_t node_count,
                      const podsim_node_filter *filters, size_t filter_count,
                      const char *absent_reason, const char *prefilter_msg,
                      const char *postfilter_msg) {
    strbuf_printf(out, "0/%zu nodes are available:", node_count);
    if (prefilter_msg && prefilter_msg[0]) {
        strbuf_printf(out, " %s.", prefilter_msg);
    } else {
        reason_count *hist = NULL;
        size_t n = 0, cap = 0;
        bool ok = true;
        for (size_t i = 0; ok && i < filter_count; i++) {
            for (size_t r = 0; ok && r < filters[i].reasons.count; r++) {
                ok = bump(&hist, &n, &cap, filters[i].reasons.items[r], 1);
            }
        }
        if (ok && absent_reason && filter_count < node_count) {
            ok =
                bump(&hist, &n, &cap, absent_reason, node_count - filter_count);
        }
        for (size_t i = 0; ok && i < n; i++) {
            size_t len = strlen(hist[i].reason) + 24;
            hist[i].text = malloc(len);
            if (!hist[i].text) {
                ok = false;
                break;
            }
            snprintf(hist[i].text, len, "%zu %s", hist[i].count,
                     hist[i].reason);
        }
        if (!ok) {
            out->failed = true;
        } else if (n) {
            /* Go's sort.Strings: byte order, the count is part of the key */
            qsort(hist, n, sizeof(*hist), cmp_text);
            strbuf_putc(out, ' ');
            for (size_t i = 0; i < n; i++) {
                if (i) strbuf_puts(out, ", ");
                strbuf_puts(out, hist[i].text);
            }
            strbuf_putc(out, '.');
        }
        for (size_t i = 0; i < n; i++) free(hist[i].text);
        free(hist);
    }
    if (postfilter_msg && postfilter_msg[0]) {
        strbuf_printf(out, " %s", postfilter_msg);
    }
}

podsim_status podsim_fit_error_format(
    size_t node_count, const podsim_node_filter *filters, size_t filter_count,
    const char *absent_reason, const char *prefilter_message,
    const char *postfilter_message, char *buf, size_t cap, size_t *len_out) {
    if ((filter_count && !filters) || (cap && !buf)) return PODSIM_EINVAL;
    strbuf b;
    strbuf_init(&b);
    format_fit_error(&b, node_count, filters, filter_count, absent_reason,
                     prefilter_message, postfilter_message);
    if (b.failed) {
        strbuf_release(&b);
        return PODSIM_ENOMEM;
    }
    const char *text = strbuf_str(&b);
    size_t len = strlen(text);
    if (len_out) *len_out = len;
    podsim_status s = PODSIM_OK;
    if (len + 1 > cap) {
        s = PODSIM_ENOSPC;
    } else {
        memcpy(buf, text, len + 1);
    }
    strbuf_release(&b);
    return s;
}

/* ---- preparing the cycle ------------------------------------------------- */

const char *attempt_pod_key(attempt *a, const podsim_pod *p) {
    return cycle_printf(&a->cy, "%s/%s", p->meta.namespace_, p->meta.name);
}

static sched_code prepare_requests(attempt *a) {
    sched_cycle *cy = &a->cy;
    const podsim_pod *pod = cy->pod;
    /* every resource the pod asks for gets an index first: adding one
       grows every node's vectors */
    for (size_t i = 0; i < pod->requests.count; i++) {
        if (snapshot_resource(a->snap, pod->requests.items[i].name, true) < 0) {
            return cycle_error(cy, "out of memory");
        }
    }
    cy->req = cycle_alloc(cy, a->snap->res_count * sizeof(int64_t));
    if (!cy->req) return cycle_error(cy, "out of memory");
    bool nothing = true;
    for (size_t i = 0; i < pod->requests.count; i++) {
        const podsim_resource *r = &pod->requests.items[i];
        int32_t res = snapshot_resource(a->snap, r->name, false);
        cy->req[res] = sched_quantity_value(res, &r->quantity);
        if (cy->req[res] != 0) nothing = false;
    }
    cy->requests_nothing = nothing;
    podsim_resources nonzero = {NULL, 0};
    podsim_status s = pod_requests_into(cy->c, pod, PODSIM_REQUESTS_NON_ZERO,
                                        cy->mem, &nonzero);
    if (s == PODSIM_ENOMEM) return cycle_error(cy, "out of memory");
    if (s != PODSIM_OK) {
        return cycle_error(cy, "pod %s: its requests overflow",
                           attempt_pod_key(a, pod));
    }
    podsim_quantity q;
    if (podsim_resources_get(&nonzero, "cpu", &q)) {
        cy->nonzero_cpu = sched_quantity_value(RES_CPU, &q);
    }
    if (podsim_resources_get(&nonzero, "memory", &q)) {
        cy->nonzero_mem = sched_quantity_value(RES_MEMORY, &q);
    }
    return SCHED_SUCCESS;
}

/* ---- PreFilter ----------------------------------------------------------- */

static bool slot_at(const sched_profile *p, sched_point pt, int32_t slot) {
    for (size_t i = 0; i < p->point_count[pt]; i++) {
        if (p->points[pt][i] == slot) return true;
    }
    return false;
}

/* Intersect a.allowed with a plugin's node set. */
static sched_code merge_node_set(attempt *a, const sched_node_set *set) {
    if (set->all) return SCHED_SUCCESS;
    size_t n = a->snap->node_count;
    if (a->allowed.all) {
        a->allowed.nodes = cycle_alloc(&a->cy, (n ? n : 1) * sizeof(int32_t));
        if (!a->allowed.nodes) return cycle_error(&a->cy, "out of memory");
        memcpy(a->allowed.nodes, set->nodes, set->count * sizeof(int32_t));
        a->allowed.count = set->count;
        a->allowed.all = false;
        return SCHED_SUCCESS;
    }
    size_t kept = 0;
    for (size_t i = 0; i < a->allowed.count; i++) {
        for (size_t j = 0; j < set->count; j++) {
            if (set->nodes[j] == a->allowed.nodes[i]) {
                a->allowed.nodes[kept++] = a->allowed.nodes[i];
                break;
            }
        }
    }
    a->allowed.count = kept;
    return SCHED_SUCCESS;
}

static void set_absent_reason(attempt *a, const char *const *plugins, size_t n,
                              bool simultaneous) {
    strbuf b;
    strbuf_init(&b);
    if (simultaneous && n == 1) {
        strbuf_printf(&b, "node(s) didn't satisfy plugin %s", plugins[0]);
    } else {
        /* sets.List: sorted names in Go's %v of a slice: [A B] */
        const char *sorted[64];
        size_t m = n < 64 ? n : 64;
        memcpy(sorted, plugins, m * sizeof(*sorted));
        for (size_t i = 1; i < m; i++) {
            for (size_t j = i; j > 0 && strcmp(sorted[j - 1], sorted[j]) > 0;
                 j--) {
                const char *t = sorted[j];
                sorted[j] = sorted[j - 1];
                sorted[j - 1] = t;
            }
        }
        strbuf_puts(&b, "node(s) didn't satisfy plugin(s) [");
        for (size_t i = 0; i < m; i++) {
            if (i) strbuf_putc(&b, ' ');
            strbuf_puts(&b, simultaneous ? plugins[i] : sorted[i]);
        }
        strbuf_putc(&b, ']');
        if (simultaneous) strbuf_puts(&b, " simultaneously");
    }
    a->absent_reason = cycle_printf(&a->cy, "%s", strbuf_str(&b));
    strbuf_release(&b);
}

sched_code attempt_pre_filter(attempt *a) {
    const sched_profile *p = a->profile;
    sched_cycle *cy = &a->cy;
    a->prefilter_rejected = false;
    a->allowed = (sched_node_set){true, NULL, 0, 0};
    a->absent_reason = NULL;
    const char *narrowing[64];
    size_t narrowing_count = 0;
    for (size_t i = 0; i < p->slot_count; i++) a->prefilter_skip[i] = false;
    /* PreFilter plugins in their order, then Filter-only plugins for their
       state */
    for (int pass = 0; pass < 2; pass++) {
        sched_point pt = pass ? PT_FILTER : PT_PRE_FILTER;
        for (size_t k = 0; k < p->point_count[pt]; k++) {
            int32_t si = p->points[pt][k];
            const sched_slot *slot = &p->slots[si];
            if (pass && slot_at(p, PT_PRE_FILTER, si)) continue;
            if (!slot->plugin->pre_filter) continue;
            sched_node_set set = {true, NULL, 0, 0};
            sched_reasons why = {{0}, 0};
            cy->state[si] = NULL;
            sched_code code =
                slot->plugin->pre_filter(cy, slot, &cy->state[si], &set, &why);
            if (code == SCHED_ERROR) return SCHED_ERROR;
            bool counts = pass == 0;
            if (code == SCHED_SKIP) {
                a->prefilter_skip[si] = true;
                continue;
            }
            if (!counts) continue;
            if (code != SCHED_SUCCESS) {
                a->prefilter_rejected = true;
                a->prefilter_plugin = slot->plugin->name;
                a->prefilter_code = code;
                a->prefilter_why = why;
                return code;
            }
            if (!set.all) {
                if (merge_node_set(a, &set) == SCHED_ERROR) return SCHED_ERROR;
                if (narrowing_count < 64) {
                    narrowing[narrowing_count++] = slot->plugin->name;
                }
                /* RunPreFilterPlugins rejects when the merged *names*
                   are empty; a single set naming only nodes absent from
                   the snapshot is not that (its nodes all end up absent
                   instead). With several sets podsim intersects nodes,
                   not names. */
                bool names_conflict = narrowing_count > 1 || set.named == 0;
                if (a->allowed.count == 0 && names_conflict) {
                    set_absent_reason(a, narrowing, narrowing_count, true);
                    a->prefilter_rejected = true;
                    a->prefilter_plugin = slot->plugin->name;
                    a->prefilter_code = SCHED_UNRESOLVABLE;
                    a->prefilter_why.count = 0;
                    reasons_add(&a->prefilter_why, a->absent_reason);
                    return SCHED_UNRESOLVABLE;
                }
            }
        }
    }
    if (!a->allowed.all)
        set_absent_reason(a, narrowing, narrowing_count, false);
    /* the Filter plugins this pod runs, so the per-node loop is tight */
    size_t nf = p->point_count[PT_FILTER];
    if (!a->active_filters) {
        a->active_filters = cycle_alloc(cy, (nf ? nf : 1) * sizeof(int32_t));
        if (!a->active_filters) return cycle_error(cy, "out of memory");
    }
    a->active_filter_count = 0;
    for (size_t k = 0; k < nf; k++) {
        int32_t si = p->points[PT_FILTER][k];
        if (a->prefilter_skip[si] || !p->slots[si].plugin->filter) continue;
        a->active_filters[a->active_filter_count++] = si;
    }
    return SCHED_SUCCESS;
}

/* ---- Filter -------------------------------------------------------------- */

sched_code attempt_filter_node(attempt *a, int32_t node, int32_t *slot_out,
                               sched_reasons *why) {
    const sched_slot *slots = a->profile->slots;
    void **state = a->cy.state;
    why->count = 0;
    for (size_t k = 0; k < a->active_filter_count; k++) {
        int32_t si = a->active_filters[k];
        const sched_slot *slot = &slots[si];
        sched_code code =
            slot->plugin->filter(&a->cy, slot, state[si], node, why);
        if (code != SCHED_SUCCESS) {
            *slot_out = si;
            return code;
        }
    }
    *slot_out = -1;
    return SCHED_SUCCESS;
}

sched_code attempt_save_prefilter(attempt *a, prefilter_saved *out) {
    size_t slots = a->profile->slot_count ? a->profile->slot_count : 1;
    *out = (prefilter_saved){a->prefilter_rejected,
                             a->prefilter_plugin,
                             a->prefilter_code,
                             a->prefilter_why,
                             a->allowed,
                             a->absent_reason,
                             cycle_alloc(&a->cy, slots * sizeof(void *)),
                             cycle_alloc(&a->cy, slots),
                             cycle_alloc(&a->cy, slots * sizeof(int32_t)),
                             a->active_filter_count};
    if (!out->state || !out->skip || !out->active) {
        return cycle_error(&a->cy, "out of memory");
    }
    memcpy(out->state, a->cy.state, slots * sizeof(void *));
    memcpy(out->skip, a->prefilter_skip, slots);
    if (a->active_filters) {
        memcpy(out->active, a->active_filters,
               a->active_filter_count * sizeof(int32_t));
    }
    return SCHED_SUCCESS;
}

void attempt_restore_prefilter(attempt *a, const prefilter_saved *in) {
    size_t slots = a->profile->slot_count ? a->profile->slot_count : 1;
    a->prefilter_rejected = in->rejected;
    a->prefilter_plugin = in->plugin;
    a->prefilter_code = in->code;
    a->prefilter_why = in->why;
    a->allowed = in->allowed;
    a->absent_reason = in->absent;
    memcpy(a->cy.state, in->state, slots * sizeof(void *));
    memcpy(a->prefilter_skip, in->skip, slots);
    if (a->active_filters) {
        memcpy(a->active_filters, in->active,
               in->active_count * sizeof(int32_t));
    }
    a->active_filter_count = in->active_count;
}

/* The node's nominated pods that count for this pod (addGENominatedPods:
   priority at least the pod's, not the pod itself), put into the node's
   accounting. Returns how many were added into `added`. */
static size_t add_nominated(attempt *a, int32_t node, int32_t *added) {
    sched_snapshot *s = a->snap;
    const snap_node *sn = &s->nodes[node];
    const podsim_pod *pod = a->cy.pod;
    int64_t priority = pod_priority(pod);
    const int32_t *pods = sn->pods.data;
    size_t n = 0;
    for (size_t i = 0; i < sn->pods.len; i++) {
        snap_pod *sp = snapshot_pod(s, pods[i]);
        if (!sp->nominated || sp->pod == pod || sp->priority < priority) {
            continue;
        }
        snapshot_restore_pod(s, pods[i]);
        added[n++] = pods[i];
    }
    return n;
}

sched_code attempt_filter_node_nominated(attempt *a, int32_t node,
                                         int32_t *slot_out,
                                         sched_reasons *why) {
    const snap_node *sn = &a->snap->nodes[node];
    if (!sn->nominated_pods) {
        return attempt_filter_node(a, node, slot_out, why);
    }
    int32_t *added = cycle_alloc(&a->cy, sn->pods.len * sizeof(int32_t));
    if (!added) return cycle_error(&a->cy, "out of memory");
    size_t n = add_nominated(a, node, added);
    if (n == 0) return attempt_filter_node(a, node, slot_out, why);
    prefilter_saved saved;
    sched_code code = attempt_save_prefilter(a, &saved);
    if (code == SCHED_SUCCESS) code = attempt_pre_filter(a);
    if (code == SCHED_SUCCESS) {
        code = attempt_filter_node(a, node, slot_out, why);
    } else if (code != SCHED_ERROR) {
        /* rejected with the nominated pods in place */
        *why = a->prefilter_why;
        *slot_out = -1;
    }
    for (size_t i = 0; i < n; i++) snapshot_remove_pod(a->snap, added[i]);
    if (saved.state) attempt_restore_prefilter(a, &saved);
    if (code != SCHED_SUCCESS) return code;
    return attempt_filter_node(a, node, slot_out, why);
}

static sched_code evaluate(attempt *a, int32_t node) {
    node_verdict *v = &a->verdicts[a->evaluated];
    sched_code code = attempt_filter_node_nominated(a, node, &v->slot, &v->why);
    if (code == SCHED_ERROR) return SCHED_ERROR;
    v->node = node;
    v->code = code;
    a->evaluated++;
    if (code == SCHED_SUCCESS) {
        a->feasible[a->feasible_count++] = node;
    } else {
        a->explicit_count++;
    }
    return SCHED_SUCCESS;
}

static bool has_scoring(const sched_profile *p) {
    return p->point_count[PT_SCORE] > 0;
}

static int32_t nominated_node(attempt *a) {
    const char *name = a->cy.pod->status.nominated_node_name;
    if (!name || !name[0]) return -1;
    for (size_t i = 0; i < a->snap->node_count; i++) {
        if (strcmp(a->snap->nodes[i].name, name) == 0) return (int32_t)i;
    }
    return -1;
}

static bool allowed(const attempt *a, int32_t node) {
    if (a->allowed.all) return true;
    for (size_t i = 0; i < a->allowed.count; i++) {
        if (a->allowed.nodes[i] == node) return true;
    }
    return false;
}

static sched_code find_feasible(attempt *a, size_t *next_start,
                                int32_t percentage) {
    size_t n = a->snap->node_count;
    /* evaluateNominatedNode: a nominated node that passes is taken; one
       that fails keeps its status (NodeToStatus) and is not filtered
       again below, which gives the same status */
    int32_t nominated = nominated_node(a);
    if (nominated >= 0 && allowed(a, nominated)) {
        if (evaluate(a, nominated) == SCHED_ERROR) return SCHED_ERROR;
        if (a->feasible_count) return SCHED_SUCCESS;
    } else {
        nominated = -1;
    }
    const int32_t *list = a->allowed.all ? NULL : a->allowed.nodes;
    size_t count = a->allowed.all ? n : a->allowed.count;
    if (count == 0) return SCHED_SUCCESS;
    size_t want = count;
    if (!(a->flags & PODSIM_SCHEDULE_EXHAUSTIVE)) {
        want = podsim_num_feasible_nodes_to_find(count, percentage);
        if (!has_scoring(a->profile)) want = 1;
    }
    /* checkNode(i) looks at nodes[(nextStartNodeIndex + i) % len(nodes)] */
    for (size_t i = 0; i < count && a->feasible_count < want; i++) {
        size_t at = (*next_start + i) % count;
        int32_t node = list ? list[at] : (int32_t)at;
        if (node == nominated) continue;
        if (evaluate(a, node) == SCHED_ERROR) return SCHED_ERROR;
    }
    /* nextStartNodeIndex advances by the nodes processed (feasible found
       plus NodeToStatus entries), modulo all nodes */
    size_t processed = a->feasible_count + a->explicit_count;
    *next_start = (*next_start + processed) % n;
    return SCHED_SUCCESS;
}

/* ---- Score --------------------------------------------------------------- */

static sched_code run_scores(attempt *a) {
    const sched_profile *p = a->profile;
    sched_cycle *cy = &a->cy;
    size_t n = a->feasible_count;
    a->totals = cycle_alloc(cy, (n ? n : 1) * sizeof(int64_t));
    a->raw = cycle_alloc(
        cy, (p->slot_count ? p->slot_count : 1) * sizeof(int64_t *));
    a->score = cycle_alloc(
        cy, (p->slot_count ? p->slot_count : 1) * sizeof(int64_t *));
    a->score_skipped = cycle_alloc(cy, p->slot_count ? p->slot_count : 1);
    if (!a->totals || !a->raw || !a->score || !a->score_skipped) {
        return cycle_error(cy, "out of memory");
    }
    for (size_t k = 0; k < p->point_count[PT_SCORE]; k++) {
        int32_t si = p->points[PT_SCORE][k];
        const sched_slot *slot = &p->slots[si];
        a->raw[si] = cycle_alloc(cy, (n ? n : 1) * sizeof(int64_t));
        a->score[si] = cycle_alloc(cy, (n ? n : 1) * sizeof(int64_t));
        if (!a->raw[si] || !a->score[si]) {
            return cycle_error(cy, "out of memory");
        }
        void *state = cy->state[si];
        if (slot->plugin->pre_score) {
            state = NULL;
            sched_code code =
                slot->plugin->pre_score(cy, slot, &state, a->feasible, n);
            if (code == SCHED_ERROR) return SCHED_ERROR;
            if (code == SCHED_SKIP) {
                a->score_skipped[si] = true;
                continue;
            }
        }
        if (!slot->plugin->score) {
            a->score_skipped[si] = true;
            continue;
        }
        for (size_t i = 0; i < n; i++) {
            int64_t v = 0;
            if (slot->plugin->score(cy, slot, state, a->feasible[i], &v) ==
                SCHED_ERROR) {
                return SCHED_ERROR;
            }
            a->raw[si][i] = a->score[si][i] = v;
        }
        if (slot->plugin->normalize) {
            slot->plugin->normalize(cy, slot, state, a->feasible, a->score[si],
                                    n);
        }
        for (size_t i = 0; i < n; i++) {
            int64_t v = a->score[si][i];
            if (v < 0 || v > SCHED_MAX_NODE_SCORE) {
                return cycle_error(
                    cy,
                    "plugin \"%s\" returns an invalid score %lld, it should "
                    "in the range of [0, 100] after normalizing",
                    slot->plugin->name, (long long)v);
            }
            a->totals[i] += v * slot->weight;
        }
    }
    return SCHED_SUCCESS;
}

/* selectHost: the best total; ties uniformly at random (reservoir). */
static int32_t select_host(attempt *a) {
    size_t best = 0, ties = 1;
    for (size_t i = 1; i < a->feasible_count; i++) {
        if (a->totals[i] > a->totals[best]) {
            best = i;
            ties = 1;
        } else if (a->totals[i] == a->totals[best]) {
            ties++;
            if (rng_below(a->rng, ties) == 0) best = i;
        }
    }
    return a->feasible[best];
}

/* ---- the result ---------------------------------------------------------- */

typedef struct result_box {
    podsim_schedule_result r; /* first: the public pointer is the box */
    arena mem;
} result_box;

void podsim_schedule_result_free(podsim_schedule_result *result) {
    if (!result) return;
    result_box *box = (result_box *)result;
    arena_release(&box->mem);
    free(box);
}

typedef struct rb {
    result_box *box;
    bool failed;
} rb;

static const char *rb_str(rb *b, const char *s) {
    if (!s) return NULL;
    char *out = arena_strndup(&b->box->mem, s, strlen(s));
    if (!out) b->failed = true;
    return out ? out : "";
}

static void *rb_alloc(rb *b, size_t size) {
    void *p = arena_alloc(&b->box->mem, size ? size : 1);
    if (!p) b->failed = true;
    return p;
}

static podsim_strings rb_strings(rb *b, const char *const *items, size_t n) {
    const char **out = rb_alloc(b, n * sizeof(char *));
    if (!out) return (podsim_strings){NULL, 0};
    for (size_t i = 0; i < n; i++) out[i] = rb_str(b, items[i]);
    return (podsim_strings){out, n};
}

static podsim_fit_code fit_code(sched_code c) {
    return c == SCHED_SUCCESS        ? PODSIM_FIT_SUCCESS
           : c == SCHED_UNRESOLVABLE ? PODSIM_FIT_UNRESOLVABLE
                                     : PODSIM_FIT_UNSCHEDULABLE;
}

/* Failing nodes in the shape of the public explanation (and of the
   message's histogram): explicit statuses in evaluation order. */
static podsim_node_filter *collect_filters(attempt *a, rb *b, size_t *count) {
    sched_snapshot *s = a->snap;
    size_t n = a->prefilter_rejected ? s->node_count : a->explicit_count;
    podsim_node_filter *f = rb_alloc(b, n * sizeof(*f));
    if (!f) return NULL;
    size_t k = 0;
    if (a->prefilter_rejected) {
        for (size_t i = 0; i < s->node_count; i++) {
            f[k].node = s->nodes[i].name;
            f[k].code = fit_code(a->prefilter_code);
            f[k].plugin = rb_str(b, a->prefilter_plugin);
            f[k].reasons = rb_strings(b, a->prefilter_why.items,
                                      (size_t)a->prefilter_why.count);
            k++;
        }
    } else {
        for (size_t i = 0; i < a->evaluated; i++) {
            const node_verdict *v = &a->verdicts[i];
            int32_t node = v->node;
            if (v->code == SCHED_SUCCESS) continue;
            f[k].node = s->nodes[node].name;
            f[k].code = fit_code(v->code);
            f[k].plugin = rb_str(
                b, v->slot >= 0 ? a->profile->slots[v->slot].plugin->name : "");
            f[k].reasons = rb_strings(b, v->why.items, (size_t)v->why.count);
            k++;
        }
    }
    *count = k;
    return f;
}

static void add_absent_filters(attempt *a, rb *b, podsim_node_filter **f,
                               size_t *count) {
    /* nodes outside the PreFilterResult, for the explanation */
    sched_snapshot *s = a->snap;
    if (a->allowed.all || a->prefilter_rejected) return;
    size_t absent = s->node_count - a->allowed.count;
    podsim_node_filter *g = rb_alloc(b, (*count + absent) * sizeof(*g));
    if (!g) return;
    memcpy(g, *f, *count * sizeof(*g));
    size_t k = *count;
    for (size_t i = 0; i < s->node_count; i++) {
        if (allowed(a, (int32_t)i)) continue;
        g[k].node = s->nodes[i].name;
        g[k].code = PODSIM_FIT_UNRESOLVABLE;
        g[k].plugin = "";
        g[k].reasons = rb_strings(b, &a->absent_reason, 1);
        k++;
    }
    *f = g;
    *count = k;
}

static void fill_scores(attempt *a, rb *b) {
    podsim_schedule_result *r = &b->box->r;
    const sched_profile *p = a->profile;
    size_t np = p->point_count[PT_SCORE];
    const char **names = rb_alloc(b, np * sizeof(char *));
    if (!names) return;
    for (size_t k = 0; k < np; k++) {
        names[k] = rb_str(b, p->slots[p->points[PT_SCORE][k]].plugin->name);
    }
    r->score_plugins = (podsim_strings){names, np};
    podsim_node_score *scores =
        rb_alloc(b, a->feasible_count * sizeof(podsim_node_score));
    if (!scores) return;
    for (size_t i = 0; i < a->feasible_count; i++) {
        podsim_plugin_score *ps = rb_alloc(b, np * sizeof(*ps));
        if (!ps) return;
        for (size_t k = 0; k < np; k++) {
            int32_t si = p->points[PT_SCORE][k];
            ps[k].plugin = names[k];
            ps[k].weight = p->slots[si].weight;
            ps[k].skipped = a->score_skipped[si];
            if (!ps[k].skipped) {
                ps[k].raw = a->raw[si][i];
                ps[k].score = a->score[si][i];
                ps[k].weighted = ps[k].score * ps[k].weight;
            }
        }
        scores[i].node = a->snap->nodes[a->feasible[i]].name;
        scores[i].plugins = ps;
        scores[i].plugin_count = np;
        scores[i].total = a->totals[i];
    }
    r->scores = scores;
    r->score_count = a->feasible_count;
}

static void fill_result(attempt *a, rb *b, const char *message) {
    podsim_schedule_result *r = &b->box->r;
    sched_snapshot *s = a->snap;
    r->pod = rb_str(b, attempt_pod_key(a, a->cy.pod));
    r->profile = rb_str(b, a->profile->scheduler_name);
    r->node = a->chosen >= 0 ? s->nodes[a->chosen].name : NULL;
    r->message = rb_str(b, message);
    r->node_count = s->node_count;
    r->evaluated_count = a->evaluated;
    /* the queue keeps the feasible list only when asked to explain: 10,000
       pods x 5,000 nodes of pointers add up */
    bool keep_feasible =
        !(a->flags & SCHED_FLAG_QUEUE) || (a->flags & PODSIM_SCHEDULE_EXPLAIN);
    const char **feasible =
        keep_feasible ? rb_alloc(b, a->feasible_count * sizeof(char *)) : NULL;
    if (feasible) {
        for (size_t i = 0; i < a->feasible_count; i++) {
            feasible[i] = s->nodes[a->feasible[i]].name;
        }
        r->feasible = (podsim_strings){feasible, a->feasible_count};
    }
    if (!keep_feasible) {
        /* the queue without EXPLAIN keeps neither list */
    } else if (a->chosen >= 0 && a->totals) {
        int64_t best = INT64_MIN;
        for (size_t i = 0; i < a->feasible_count; i++) {
            if (a->totals[i] > best) best = a->totals[i];
        }
        size_t ties = 0;
        for (size_t i = 0; i < a->feasible_count; i++)
            ties += a->totals[i] == best;
        const char **top = rb_alloc(b, ties * sizeof(char *));
        size_t k = 0;
        for (size_t i = 0; top && i < a->feasible_count; i++) {
            if (a->totals[i] == best) top[k++] = s->nodes[a->feasible[i]].name;
        }
        r->top_nodes = (podsim_strings){top, k};
    } else if (a->chosen >= 0) {
        const char **top = rb_alloc(b, sizeof(char *));
        if (top) {
            top[0] = r->node;
            r->top_nodes = (podsim_strings){top, 1};
        }
    }
    if (a->preemption_ran) {
        podsim_preemption *pe = rb_alloc(b, sizeof(*pe));
        if (pe) {
            pe->node = a->nominated >= 0 ? s->nodes[a->nominated].name : NULL;
            const char **victims =
                rb_alloc(b, a->victim_count * sizeof(char *));
            for (size_t i = 0; victims && i < a->victim_count; i++) {
                victims[i] = rb_str(
                    b, attempt_pod_key(a, snapshot_pod(s, a->victims[i])->pod));
            }
            pe->victims =
                (podsim_strings){victims, victims ? a->victim_count : 0};
            pe->pdb_violations = a->pdb_violations;
            r->preemption = pe;
        }
    }
    if (a->flags & PODSIM_SCHEDULE_EXPLAIN) {
        size_t count = 0;
        podsim_node_filter *f = collect_filters(a, b, &count);
        if (f) add_absent_filters(a, b, &f, &count);
        r->filters = f;
        r->filter_count = f ? count : 0;
        if (a->totals) fill_scores(a, b);
    }
}

/* ---- one attempt --------------------------------------------------------- */

static int32_t snap_index_of_pod(const sched_snapshot *s, const podsim_pod *p) {
    if (p->node == PODSIM_NO_ID || (size_t)p->node >= s->index_of_node_len) {
        return -1;
    }
    if (s->index_of_node[p->node] < 0) return -1; /* node deleted */
    const snap_node *n = &s->nodes[s->index_of_node[p->node]];
    const int32_t *pods = n->pods.data;
    for (size_t i = 0; i < n->pods.len; i++) {
        if (snapshot_pod(s, pods[i])->pod == p) return pods[i];
    }
    return -1;
}

static sched_code run_attempt(attempt *a, sched_state *st, int32_t percentage) {
    sched_cycle *cy = &a->cy;
    size_t slots = a->profile->slot_count ? a->profile->slot_count : 1;
    size_t n = a->snap->node_count ? a->snap->node_count : 1;
    cy->state = cycle_alloc(cy, slots * sizeof(void *));
    a->prefilter_skip = cycle_alloc(cy, slots);
    /* per-node arrays are filled as nodes are evaluated: not zeroed, which
       matters when a sampled attempt looks at 500 of 5,000 nodes */
    a->verdicts = arena_alloc_uninit(cy->mem, n * sizeof(node_verdict));
    a->feasible = arena_alloc_uninit(cy->mem, n * sizeof(int32_t));
    if (!cy->state || !a->prefilter_skip || !a->verdicts || !a->feasible) {
        return cycle_error(cy, "out of memory");
    }
    a->chosen = -1;
    a->nominated = -1;
    if (prepare_requests(a) == SCHED_ERROR) return SCHED_ERROR;
    sched_code code = attempt_pre_filter(a);
    if (code == SCHED_ERROR) return SCHED_ERROR;
    if (code == SCHED_SUCCESS) {
        if (find_feasible(a, &st->next_start, percentage) == SCHED_ERROR) {
            return SCHED_ERROR;
        }
    }
    if (a->feasible_count == 0) return SCHED_UNSCHEDULABLE;
    if (a->feasible_count == 1 && !(a->flags & PODSIM_SCHEDULE_EXPLAIN)) {
        a->chosen = a->feasible[0];
        return SCHED_SUCCESS;
    }
    if (run_scores(a) == SCHED_ERROR) return SCHED_ERROR;
    a->chosen = a->feasible_count == 1 ? a->feasible[0] : select_host(a);
    return SCHED_SUCCESS;
}

static const default_preemption_args *preemption_args(const attempt *a) {
    const sched_profile *p = a->profile;
    for (size_t k = 0; k < p->point_count[PT_POST_FILTER]; k++) {
        const sched_slot *slot = &p->slots[p->points[PT_POST_FILTER][k]];
        if (slot->plugin == &sched_plugin_default_preemption) {
            return slot->args;
        }
    }
    return NULL;
}

static void build_message(attempt *a, strbuf *msg) {
    rb scratch_rb;
    result_box scratch;
    memset(&scratch, 0, sizeof(scratch));
    arena_init(&scratch.mem, 0);
    scratch_rb.box = &scratch;
    scratch_rb.failed = false;
    size_t count = 0;
    podsim_node_filter *f = collect_filters(a, &scratch_rb, &count);
    const char *pre = NULL;
    if (a->prefilter_rejected) {
        /* Status.Message(): the reasons joined by ", " */
        strbuf b;
        strbuf_init(&b);
        for (int i = 0; i < a->prefilter_why.count; i++) {
            if (i) strbuf_puts(&b, ", ");
            strbuf_puts(&b, a->prefilter_why.items[i]);
        }
        pre = cycle_printf(&a->cy, "%s", strbuf_str(&b));
        strbuf_release(&b);
    }
    format_fit_error(msg, a->snap->node_count, f, f ? count : 0,
                     a->absent_reason, pre, a->postfilter_message);
    arena_release(&scratch.mem);
}

typedef struct schedule_call {
    podsim_cluster *c;
    podsim_scheduler_config *cfg;
    const podsim_schedule_options *opt;
    unsigned flags;
} schedule_call;

static podsim_status fail_from_cycle(podsim_cluster *c, sched_state *st,
                                     const podsim_pod *pod) {
    /* plugins fail with SCHED_ERROR and no text (or "out of memory") when
       an allocation fails; anything else is a plugin's own error */
    const char *why = strbuf_str(&st->error);
    if (!why[0] || strcmp(why, "out of memory") == 0 || st->error.failed) {
        return cluster_fail(c, PODSIM_ENOMEM, NULL, 0, 0, "out of memory");
    }
    return cluster_fail(c, PODSIM_EINVAL, NULL, 0, 0,
                        "scheduling pod %s/%s: %s", pod->meta.namespace_,
                        pod->meta.name, strbuf_str(&st->error));
}

static podsim_status bind_chosen(podsim_cluster *c, sched_state *st, attempt *a,
                                 const podsim_pod *pod) {
    podsim_id node_id = a->snap->nodes[a->chosen].id;
    podsim_status s = cluster_bind_pod(c, pod->id, node_id);
    if (s) return s;
    /* keep the snapshot: add the pod where it went, as the cache's
       AssumePod does, instead of rebuilding everything; the nominator
       forgets the pod (DeleteNominatedPodIfExists) */
    snapshot_drop_nominated(&st->snap, pod);
    s = snapshot_add_pod(&st->snap, pod, a->chosen);
    if (s) {
        st->have_snap = false;
        return cluster_fail(c, s, NULL, 0, 0, "out of memory");
    }
    st->snap.generation = c->generation;
    return PODSIM_OK;
}

/* What a successful preemption leaves behind (prepareCandidate and the
   PostFilter result): the pod's status.nominatedNodeName, and lower-
   priority pods nominated to the same node lose their nomination. The
   victims themselves are not deleted here: deletion takes time. */
static podsim_status apply_nomination(podsim_cluster *c, sched_state *st,
                                      attempt *a, const podsim_pod *pod) {
    sched_snapshot *snap = &st->snap;
    const snap_node *node = &snap->nodes[a->nominated];
    int64_t priority = pod_priority(pod);
    const int32_t *pods = node->pods.data;
    for (size_t i = 0; i < node->pods.len; i++) {
        snap_pod *sp = snapshot_pod(snap, pods[i]);
        if (!sp->nominated || sp->pod == pod || sp->priority >= priority) {
            continue;
        }
        podsim_status s = cluster_nominate_pod(c, sp->pod->id, "");
        if (s) return s;
        snapshot_drop_nominated(snap, sp->pod);
    }
    podsim_status s = cluster_nominate_pod(c, pod->id, node->name);
    if (s) return s;
    snapshot_drop_nominated(snap, pod);
    s = snapshot_add_nominated(snap, pod, a->nominated);
    if (s) {
        st->have_snap = false;
        return cluster_fail(c, s, NULL, 0, 0, "out of memory");
    }
    snap->generation = c->generation;
    return PODSIM_OK;
}

/* Schedule one model pod; the caller checked ids and resolved cfg. */
static podsim_status schedule_pod(schedule_call *call, const podsim_pod *pod,
                                  const sched_profile *profile,
                                  podsim_schedule_result **out) {
    podsim_cluster *c = call->c;
    sched_state *st = c->sched;
    podsim_status s = fresh_snapshot(c, st);
    if (s) return s;
    result_box *box = calloc(1, sizeof(*box));
    if (!box)
        return cluster_fail(c, PODSIM_ENOMEM, NULL, 0, 0, "out of memory");
    /* a plain result is a few hundred bytes; explanations grow chunks */
    arena_init(&box->mem, (call->flags & PODSIM_SCHEDULE_EXPLAIN) ? 0 : 1024);
    rb b = {box, false};

    arena_mark mark = arena_get_mark(&st->cycle_mem);
    attempt a;
    memset(&a, 0, sizeof(a));
    a.snap = &st->snap;
    a.profile = profile;
    a.flags = call->flags;
    a.rng = &st->rng;
    a.cy.c = c;
    a.cy.snap = &st->snap;
    a.cy.profile = profile;
    a.cy.pod = pod;
    a.cy.minor = c->k8s.minor;
    a.cy.mem = &st->cycle_mem;
    a.cy.error = &st->error;
    strbuf_clear(&st->error);
    a.chosen = -1;
    a.nominated = -1;
    a.allowed.all = true; /* no PreFilterResult until PreFilter runs */

    bool gated = pod->spec.scheduling_gates.count > 0 &&
                 profile->point_count[PT_PRE_ENQUEUE] > 0 &&
                 profile_has(profile, PT_PRE_ENQUEUE, "SchedulingGates");
    if (gated) {
        box->r.gated = true;
        fill_result(&a, &b,
                    "Scheduling is blocked due to non-empty scheduling gates");
        arena_rollback(&st->cycle_mem, mark);
        if (b.failed) {
            podsim_schedule_result_free(&box->r);
            return cluster_fail(c, PODSIM_ENOMEM, NULL, 0, 0, "out of memory");
        }
        *out = &box->r;
        return PODSIM_OK;
    }

    /* a bound pod is scheduled as if it were not: take it out */
    int32_t self = snap_index_of_pod(&st->snap, pod);
    if (self >= 0) snapshot_remove_pod(&st->snap, self);
    a.cy.rescheduling = pod->node != PODSIM_NO_ID;
    int32_t percentage = profile->percentage_of_nodes_to_score >= 0
                             ? profile->percentage_of_nodes_to_score
                             : config_percentage_of_nodes_to_score(call->cfg);
    sched_code code = SCHED_SUCCESS;
    strbuf msg;
    strbuf_init(&msg);
    if (st->snap.node_count == 0) {
        strbuf_puts(&msg, "no nodes available to schedule pods");
    } else {
        code = run_attempt(&a, st, percentage);
        if (code == SCHED_UNSCHEDULABLE) {
            const default_preemption_args *pa = preemption_args(&a);
            if (pa && !(call->flags & PODSIM_SCHEDULE_NO_PREEMPTION)) {
                code = run_preemption(&a, pa);
            }
            if (code != SCHED_ERROR) build_message(&a, &msg);
        }
    }
    if (self >= 0) snapshot_restore_pod(&st->snap, self);
    if (code == SCHED_ERROR) {
        strbuf_release(&msg);
        arena_rollback(&st->cycle_mem, mark);
        podsim_schedule_result_free(&box->r);
        return fail_from_cycle(c, st, pod);
    }
    fill_result(&a, &b, strbuf_str(&msg));
    if (msg.failed) b.failed = true;
    strbuf_release(&msg);
    if (!b.failed && a.chosen >= 0 && (call->flags & PODSIM_SCHEDULE_BIND) &&
        self < 0) {
        s = bind_chosen(c, st, &a, pod);
        if (s == PODSIM_OK) box->r.bound = true;
    } else if (!b.failed && a.chosen < 0 && a.nominated >= 0 &&
               (call->flags & PODSIM_SCHEDULE_BIND) && self < 0) {
        s = apply_nomination(c, st, &a, pod);
    }
    arena_rollback(&st->cycle_mem, mark);
    if (b.failed || s) {
        podsim_schedule_result_free(&box->r);
        return s ? s
                 : cluster_fail(c, PODSIM_ENOMEM, NULL, 0, 0, "out of memory");
    }
    *out = &box->r;
    return PODSIM_OK;
}

/* ---- public entry points ------------------------------------------------- */

static podsim_status begin_call(schedule_call *call, podsim_cluster *c,
                                podsim_scheduler_config *cfg,
                                const podsim_schedule_options *opt) {
    static const podsim_schedule_options defaults =
        PODSIM_SCHEDULE_OPTIONS_INIT;
    if (!opt) opt = &defaults;
    if (opt->version != PODSIM_SCHEDULE_OPTIONS_VERSION) {
        return cluster_fail(c, PODSIM_EINVAL, NULL, 0, 0,
                            "schedule options: unknown version %d",
                            opt->version);
    }
    sched_state *st = sched_state_of(c);
    if (!st) return cluster_fail(c, PODSIM_ENOMEM, NULL, 0, 0, "out of memory");
    if (!cfg) {
        if (!st->default_config &&
            podsim_scheduler_config_new(&st->default_config) != PODSIM_OK) {
            return cluster_fail(c, PODSIM_ENOMEM, NULL, 0, 0, "out of memory");
        }
        cfg = st->default_config;
    }
    if (opt->seed) st->rng = opt->seed;
    call->c = c;
    call->cfg = cfg;
    call->opt = opt;
    call->flags = opt->flags;
    return PODSIM_OK;
}

static podsim_status call_profile(schedule_call *call, const char *name,
                                  const sched_profile **out) {
    podsim_status s = config_profile(call->cfg, name, out);
    if (s) {
        const podsim_error *e = podsim_scheduler_config_error(call->cfg);
        return cluster_fail(call->c, s, NULL, 0, 0, "%s", e->message);
    }
    return PODSIM_OK;
}

podsim_status podsim_cluster_schedule(podsim_cluster *c,
                                      podsim_scheduler_config *cfg,
                                      podsim_id pod_id,
                                      const podsim_schedule_options *options,
                                      podsim_schedule_result **out) {
    if (!c) return PODSIM_EINVAL;
    cluster_clear_error(c);
    if (!out) return cluster_fail(c, PODSIM_EINVAL, NULL, 0, 0, "out is NULL");
    *out = NULL;
    const podsim_pod *pod = podsim_cluster_pod(c, pod_id);
    if (!pod) {
        return cluster_fail(c, PODSIM_EINVAL, NULL, 0, 0, "no pod with id %d",
                            (int)pod_id);
    }
    schedule_call call;
    podsim_status s = begin_call(&call, c, cfg, options);
    if (s) return s;
    const sched_profile *profile;
    s = call_profile(
        &call, call.opt->profile ? call.opt->profile : pod->spec.scheduler_name,
        &profile);
    if (s) return s;
    return schedule_pod(&call, pod, profile, out);
}

podsim_status podsim_cluster_schedule_string(
    podsim_cluster *c, podsim_scheduler_config *cfg, const char *text,
    size_t len, const char *source_name, const podsim_schedule_options *options,
    podsim_schedule_result **out) {
    if (!c) return PODSIM_EINVAL;
    cluster_clear_error(c);
    if (!out || !text) {
        return cluster_fail(c, PODSIM_EINVAL, NULL, 0, 0,
                            "text and out must not be NULL");
    }
    *out = NULL;
    cluster_mark mark = cluster_get_mark(c);
    podsim_load_stats stats;
    podsim_status s =
        podsim_cluster_load_string(c, text, len, source_name, &stats);
    if (s) return s;
    size_t total = 0;
    for (int k = 0; k < PODSIM_KIND_COUNT; k++) total += stats.added[k];
    if (stats.added[PODSIM_KIND_POD] != 1 || total != 1) {
        cluster_rollback(c, &mark);
        return cluster_fail(c, PODSIM_EINVAL, source_name, 0, 0,
                            "expected exactly one Pod to schedule (got %zu "
                            "objects, %zu pods)",
                            total, stats.added[PODSIM_KIND_POD]);
    }
    podsim_id id = (podsim_id)(podsim_cluster_count(c, PODSIM_KIND_POD) - 1);
    s = podsim_cluster_schedule(c, cfg, id, options, out);
    bool keep = s == PODSIM_OK && (*out)->bound;
    if (!keep) {
        /* the result owns copies of every string, so the pod can go */
        cluster_rollback(c, &mark);
    }
    return s;
}

/* Exposed to the queue (scheduling_queue.c): schedule and bind one pending
   pod; *out stays NULL when no profile serves its schedulerName. */
podsim_status sched_schedule_for_queue(podsim_cluster *c,
                                       podsim_scheduler_config *cfg,
                                       const podsim_schedule_options *opt,
                                       const podsim_pod *pod,
                                       podsim_schedule_result **out);
podsim_status sched_schedule_for_queue(podsim_cluster *c,
                                       podsim_scheduler_config *cfg,
                                       const podsim_schedule_options *opt,
                                       const podsim_pod *pod,
                                       podsim_schedule_result **out) {
    *out = NULL;
    schedule_call call;
    podsim_status s = begin_call(&call, c, cfg, opt);
    if (s) return s;
    call.flags |= PODSIM_SCHEDULE_BIND | SCHED_FLAG_QUEUE;
    const sched_profile *profile;
    s = config_profile(call.cfg, pod->spec.scheduler_name, &profile);
    if (s == PODSIM_ENOTFOUND) return PODSIM_OK; /* another scheduler's */
    if (s) return call_profile(&call, pod->spec.scheduler_name, &profile);
    return schedule_pod(&call, pod, profile, out);
}

/* ---- cache updates from a simulation (model.h) ----------------------------
 */

/* The snapshot is kept only while it matches the model's generation; these
   keep the two in step, as the scheduler's cache follows informer events
   (pkg/scheduler/eventhandlers.go) instead of re-listing. */

void sched_pod_released(podsim_cluster *c, const podsim_pod *pod) {
    sched_state *st = c->sched;
    bool current = st && st->have_snap && st->snap.generation == c->generation;
    c->generation++;
    if (!current) return;
    snapshot_drop_nominated(&st->snap, pod);
    snapshot_forget_pod(&st->snap, pod);
    st->snap.generation = c->generation;
}

void sched_pod_terminating(podsim_cluster *c, const podsim_pod *pod) {
    sched_state *st = c->sched;
    bool current = st && st->have_snap && st->snap.generation == c->generation;
    c->generation++;
    if (!current) return;
    snapshot_pod_terminating(&st->snap, pod);
    st->snap.generation = c->generation;
}

void sched_nodes_spec_changed(podsim_cluster *c) {
    sched_state *st = c->sched;
    if (!st || !st->have_snap || st->snap.generation != c->generation) return;
    /* the fast paths' counts (NodeUnschedulable and TaintToleration skip
       their filter when no node could fail it); taints and unschedulable
       are read through the node views, so nothing else is stale */
    sched_snapshot *s = &st->snap;
    s->unschedulable_nodes = 0;
    s->hard_tainted_nodes = 0;
    for (size_t i = 0; i < s->node_count; i++) {
        const podsim_node *node = s->nodes[i].node;
        s->unschedulable_nodes += node->unschedulable;
        for (size_t t = 0; t < node->taint_count; t++) {
            if (node->taints[t].effect == PODSIM_EFFECT_NO_SCHEDULE ||
                node->taints[t].effect == PODSIM_EFFECT_NO_EXECUTE) {
                s->hard_tainted_nodes++;
                break;
            }
        }
    }
}

void sched_pod_added_unbound(podsim_cluster *c) {
    sched_state *st = c->sched;
    bool current = st && st->have_snap && st->snap.generation == c->generation;
    c->generation++;
    if (current) st->snap.generation = c->generation;
}

void sched_copy_stream(podsim_cluster *dst, const podsim_cluster *src) {
    const sched_state *from = src->sched;
    if (!from) return;
    sched_state *to = sched_state_of(dst);
    if (!to) return; /* out of memory: the copy starts a fresh stream */
    to->rng = from->rng;
    to->next_start = from->next_start;
}
