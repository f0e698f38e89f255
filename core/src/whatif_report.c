/*
 * whatif_report.c - the what-if recorder (being written; see sim.h for the
 * contract).
 */
#include <stdlib.h>

#include "sim.h"

typedef struct whatif_report_state {
    int unused;
} whatif_report_state;

static void *create(podsim_sim *sim) {
    (void)sim;
    return calloc(1, sizeof(whatif_report_state));
}

static void destroy(void *state) {
    free(state);
}

static void *fork_state(podsim_sim *dst, const void *src) {
    (void)dst;
    whatif_report_state *s = malloc(sizeof *s);
    if (s) *s = *(const whatif_report_state *)src;
    return s;
}

static size_t memory(const void *state) {
    (void)state;
    return sizeof(whatif_report_state);
}

const sim_module_ops sim_report_ops = {
    .create = create,
    .destroy = destroy,
    .fork = fork_state,
    .memory = memory,
};

void report_pod_deleted_by(podsim_sim *sim, podsim_id pod, const char *by) {
    (void)sim, (void)pod, (void)by;
}
void report_node_action(podsim_sim *sim, podsim_id node, const char *action) {
    (void)sim, (void)node, (void)action;
}
void report_node_drained(podsim_sim *sim, podsim_id node) {
    (void)sim, (void)node;
}
void report_workload_field(podsim_sim *sim, podsim_kind kind,
                           podsim_id workload, const char *field,
                           int64_t value) {
    (void)sim, (void)kind, (void)workload, (void)field, (void)value;
}
podsim_status report_build(podsim_sim *sim, const podsim_report **out) {
    (void)out;
    return sim_error(sim, PODSIM_EINVAL, "report: not yet written");
}
void report_render(podsim_sim *sim, strbuf *out) {
    (void)sim, (void)out;
}
