/*
 * schedule_result.h - lookups over a podsim_schedule_result shared by the
 * scheduler tests (test_scheduler.c, test_scheduler_golden.c).
 */
#ifndef PODSIM_TEST_SCHEDULE_RESULT_H
#define PODSIM_TEST_SCHEDULE_RESULT_H

#include <stdbool.h>
#include <string.h>

#include "podsim.h"

static inline bool in_strings(podsim_strings list, const char *s) {
    for (size_t i = 0; i < list.count; i++) {
        if (strcmp(list.items[i], s) == 0) return true;
    }
    return false;
}

/* The failing verdict of `node`, or NULL (feasible or not evaluated). */
static inline const podsim_node_filter *find_filter(
    const podsim_schedule_result *r, const char *node) {
    for (size_t i = 0; i < r->filter_count; i++) {
        if (strcmp(r->filters[i].node, node) == 0) return &r->filters[i];
    }
    return NULL;
}

/* The scores of `node`, or NULL (not scored). */
static inline const podsim_node_score *find_score(
    const podsim_schedule_result *r, const char *node) {
    for (size_t i = 0; i < r->score_count; i++) {
        if (strcmp(r->scores[i].node, node) == 0) return &r->scores[i];
    }
    return NULL;
}

/* "Success", "Unschedulable", "UnschedulableAndUnresolvable". */
static inline const char *code_name(podsim_fit_code code) {
    const char *name = podsim_enum_name(PODSIM_ENUM_FIT_CODE, (int)code);
    return name ? name : "?";
}

#endif /* PODSIM_TEST_SCHEDULE_RESULT_H */
