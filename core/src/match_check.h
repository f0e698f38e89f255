/*
 * match_check.h - private: why a node selector term fails to parse.
 *
 * Companion of match.h for configuration validation (NodeAffinity's
 * addedAffinity, upstream ValidateNodeAffinityArgs): the first field error
 * that k8s.io/component-helpers nodeaffinity.newNodeSelectorTerm would
 * report, split so the caller can render it under its own field path.
 * Implemented in match.c, which uses the same rules to decide that a term
 * which fails to parse matches nothing.
 */
#ifndef PODSIM_MATCH_CHECK_H
#define PODSIM_MATCH_CHECK_H

#include "match.h"

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

#endif /* PODSIM_MATCH_CHECK_H */
