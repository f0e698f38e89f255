/*
 * normalize_score.c - the shared NormalizeScore helper.
 *
 * Mirrors pkg/scheduler/framework/plugins/helper/normalize_score.go
 * (DefaultNormalizeScore): scores are scaled so the highest becomes
 * max_priority, with integer division; `reverse` flips them so that the
 * lowest raw score wins. TaintToleration uses it reversed, NodeAffinity
 * as is.
 */
#include "sched.h"

void default_normalize_score(int64_t max_priority, bool reverse,
                             int64_t *scores, size_t n) {
    int64_t max_count = 0;
    for (size_t i = 0; i < n; i++) {
        if (scores[i] > max_count) max_count = scores[i];
    }
    if (max_count == 0) {
        /* nothing to tell the nodes apart: reversed, all are best */
        if (reverse) {
            for (size_t i = 0; i < n; i++) scores[i] = max_priority;
        }
        return;
    }
    for (size_t i = 0; i < n; i++) {
        int64_t score = max_priority * scores[i] / max_count;
        scores[i] = reverse ? max_priority - score : score;
    }
}
