/*
 * disruption.c - kubectl drain and the Eviction API (being written; see sim.h
 * for the contract).
 */
#include <stdlib.h>

#include "sim.h"

typedef struct disruption_state {
    int unused;
} disruption_state;

static void *create(podsim_sim *sim) {
    (void)sim;
    return calloc(1, sizeof(disruption_state));
}

static void destroy(void *state) {
    free(state);
}

static void *fork_state(podsim_sim *dst, const void *src) {
    (void)dst;
    disruption_state *s = malloc(sizeof *s);
    if (s) *s = *(const disruption_state *)src;
    return s;
}

static size_t memory(const void *state) {
    (void)state;
    return sizeof(disruption_state);
}

const sim_module_ops sim_disruption_ops = {
    .create = create,
    .destroy = destroy,
    .fork = fork_state,
    .memory = memory,
};

void disruption_drain(podsim_sim *sim, podsim_id node) {
    (void)sim, (void)node;
}
