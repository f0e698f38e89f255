/*
 * attempt.h - private: one scheduling attempt, shared by the framework
 * (framework.c) and DefaultPreemption's PostFilter (preemption.c).
 */
#ifndef PODSIM_ATTEMPT_H
#define PODSIM_ATTEMPT_H

#include "sched.h"

/** A node's filter verdict in this attempt (NodeToStatus entry). */
typedef struct node_verdict {
    int32_t node;    /* snapshot index */
    sched_code code; /* SUCCESS, UNSCHEDULABLE or UNRESOLVABLE */
    int32_t slot;    /* failing plugin's slot, -1 for framework statuses */
    sched_reasons why;
} node_verdict;

typedef struct attempt {
    sched_cycle cy;
    sched_snapshot *snap;
    const sched_profile *profile;
    unsigned flags; /* PODSIM_SCHEDULE_* */
    uint64_t *rng;

    bool *prefilter_skip; /* [slot]: PreFilter said Skip: no Filter call */
    bool prefilter_rejected;
    const char *prefilter_plugin;
    sched_code prefilter_code;
    sched_reasons prefilter_why;
    sched_node_set allowed;    /* intersection of PreFilterResults */
    const char *absent_reason; /* for nodes outside `allowed` */
    int32_t *active_filters;   /* Filter slots not skipped, in order */
    size_t active_filter_count;

    node_verdict *verdicts; /* [evaluated], in evaluation order */
    size_t explicit_count;  /* verdicts with a failure (NodeToStatus.Len) */
    size_t evaluated;
    int32_t *feasible;
    size_t feasible_count;

    /* scoring: [slot][i] over feasible[i] */
    int64_t **raw;
    int64_t **score;
    bool *score_skipped; /* [slot] */
    int64_t *totals;     /* [i] */
    int32_t chosen;      /* snapshot node or -1 */

    /* PostFilter */
    bool preemption_ran;
    const char *postfilter_message; /* "preemption: ..." or "" */
    int32_t nominated;              /* snapshot node or -1 */
    int32_t *victims;               /* snapshot pod indexes */
    size_t victim_count;
    int32_t pdb_violations;
} attempt;

/** Run the PreFilter of every plugin enabled at PreFilter or Filter, again
 *  (after the snapshot changed, as preemption's RemovePod/AddPod
 *  extensions do). SCHED_SUCCESS, SCHED_ERROR, or a rejection. */
sched_code attempt_pre_filter(attempt *a);

/** Run the Filter plugins on one node in profile order; the first
 *  non-success wins (RunFilterPlugins). */
sched_code attempt_filter_node(attempt *a, int32_t node, int32_t *slot_out,
                               sched_reasons *why);

/** The PreFilter outcome of an attempt, kept while PreFilter re-runs on a
 *  changed snapshot (nominated pods added, preemption dry runs). */
typedef struct prefilter_saved {
    bool rejected;
    const char *plugin;
    sched_code code;
    sched_reasons why;
    sched_node_set allowed;
    const char *absent;
    void **state;
    bool *skip;
    int32_t *active;
    size_t active_count;
} prefilter_saved;

sched_code attempt_save_prefilter(attempt *a, prefilter_saved *out);
void attempt_restore_prefilter(attempt *a, const prefilter_saved *in);

/** RunFilterPluginsWithNominatedPods: with the pods nominated to the node
 *  at the pod's priority or higher added, then (if that passes) without
 *  them; the node passes only if both do. */
sched_code attempt_filter_node_nominated(attempt *a, int32_t node,
                                         int32_t *slot_out, sched_reasons *why);

/** DefaultPreemption's PostFilter (preemption.c): fills preemption_ran,
 *  postfilter_message, nominated, victims. SCHED_ERROR on failure. */
sched_code run_preemption(attempt *a, const default_preemption_args *args);

/** FitError.Error() over verdicts of `count` nodes. */
void format_fit_error(strbuf *out, size_t node_count,
                      const podsim_node_filter *filters, size_t filter_count,
                      const char *absent_reason, const char *prefilter_msg,
                      const char *postfilter_msg);

/** "namespace/name" of a pod, in the cycle arena. */
const char *attempt_pod_key(attempt *a, const podsim_pod *p);

#endif /* PODSIM_ATTEMPT_H */
