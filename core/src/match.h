/*
 * match.h - private: label, node-selector and taint matching.
 *
 * The model-layer predicates every scheduler plugin and controller shares:
 * k8s.io/apimachinery labels.Selector (LabelSelectorAsSelector),
 * k8s.io/component-helpers/scheduling/corev1/nodeaffinity
 * (NodeSelector, RequiredNodeAffinity, PreferredSchedulingTerms) and
 * k8s.io/api core/v1 Toleration.ToleratesTaint.
 */
#ifndef PODSIM_MATCH_H
#define PODSIM_MATCH_H

#include "model.h"

/** The value of `key` in a string map, or NULL. Keys are compared as
 *  strings (interned pointers first). */
const char *kvs_get(const podsim_kvs *kvs, const char *key);

/** metav1.LabelSelector against labels. A NULL selector matches nothing
 *  (labels.Nothing()); an empty one matches everything. */
bool label_selector_matches(const podsim_label_selector *sel,
                            const podsim_kvs *labels);

/** One requirement against labels (In/NotIn/Exists/DoesNotExist; Gt/Lt
 *  parse both sides as int64, a missing key or parse error is no match). */
bool requirement_matches(const podsim_requirement *r, const podsim_kvs *labels);

/** A NodeSelectorTerm: every matchExpression against the labels and every
 *  matchField (metadata.name) against the node name. A term with neither
 *  matches nothing; a term that fails to parse (a value that is not a
 *  valid label value) matches nothing. */
bool node_selector_term_matches(const podsim_node_selector_term *t,
                                const podsim_node *node);

/** NodeSelector: terms are ORed; NULL matches everything. */
bool node_selector_matches(const podsim_node_selector *sel,
                           const podsim_node *node);

/** The pod's spec.nodeSelector and required node affinity against a node
 *  (nodeaffinity.GetRequiredNodeAffinity(pod).Match(node)). */
bool pod_matches_node_affinity(const podsim_pod *pod, const podsim_node *node);

/** Toleration.ToleratesTaint. */
bool toleration_tolerates(const podsim_toleration *t,
                          const podsim_taint *taint);

/** True if any of the tolerations tolerates the taint. */
bool tolerations_tolerate(const podsim_toleration *ts, size_t n,
                          const podsim_taint *taint);

/** The first taint with effect NoSchedule or NoExecute that none of the
 *  tolerations tolerates (v1helper.FindMatchingUntoleratedTaint with
 *  DoNotScheduleTaintsFilterFunc), or NULL. */
const podsim_taint *first_untolerated_taint(const podsim_node *node,
                                            const podsim_toleration *ts,
                                            size_t n);

/** validation.IsQualifiedName (label keys, resource names, topology
 *  keys): the first message it returns ("name part must be non-empty",
 *  ...), or NULL when the name is valid. Static string. */
const char *qualified_name_problem(const char *name);

/** validation.IsValidLabelValue (empty is valid). */
bool is_valid_label_value(const char *s);

/* ---- why a node selector term fails to parse ------------------------- */

/* For configuration validation (NodeAffinity's addedAffinity, upstream
   ValidateNodeAffinityArgs): the first field error that component-helpers
   nodeaffinity.newNodeSelectorTerm would report, split so the caller can
   render it under its own field path. The matchers above use the same
   rules to decide that a term which fails to parse matches nothing. */

/** One field error of a node selector term (field.Error). */
typedef struct selector_problem {
    bool in_fields; /* in matchFields (else matchExpressions) */
    size_t index;   /* the requirement's index in that list */
    /* the rest of the path below the requirement: "key", "operator",
       "values", "values[0]" or "values[0][<key>]" (labels.NewRequirement
       names a bad value by index and label key) */
    char field[300];
    /* the error body: `Invalid value: "x": <detail>` or
       `Unsupported value: "Exists": supported values: "In", "NotIn"` */
    char detail[700];
} selector_problem;

/** False when the term parses; otherwise true with the first problem in
 *  *out (out may be NULL). An empty term parses (it matches nothing). */
bool node_selector_term_problem(const podsim_node_selector_term *t,
                                selector_problem *out);

#endif /* PODSIM_MATCH_H */
