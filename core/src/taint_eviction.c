/*
 * taint_eviction.c - the taint eviction controller (being written; see sim.h
 * for the contract).
 */
#include <stdlib.h>

#include "sim.h"

typedef struct taint_eviction_state {
    int unused;
} taint_eviction_state;

static void *create(podsim_sim *sim) {
    (void)sim;
    return calloc(1, sizeof(taint_eviction_state));
}

static void destroy(void *state) {
    free(state);
}

static void *fork_state(podsim_sim *dst, const void *src) {
    (void)dst;
    taint_eviction_state *s = malloc(sizeof *s);
    if (s) *s = *(const taint_eviction_state *)src;
    return s;
}

static size_t memory(const void *state) {
    (void)state;
    return sizeof(taint_eviction_state);
}

const sim_module_ops sim_taint_eviction_ops = {
    .create = create,
    .destroy = destroy,
    .fork = fork_state,
    .memory = memory,
};
