/*
 * podgc.c - the pod garbage collector (being written; see sim.h for the
 * contract).
 */
#include <stdlib.h>

#include "sim.h"

typedef struct podgc_state {
    int unused;
} podgc_state;

static void *create(podsim_sim *sim) {
    (void)sim;
    return calloc(1, sizeof(podgc_state));
}

static void destroy(void *state) {
    free(state);
}

static void *fork_state(podsim_sim *dst, const void *src) {
    (void)dst;
    podgc_state *s = malloc(sizeof *s);
    if (s) *s = *(const podgc_state *)src;
    return s;
}

static size_t memory(const void *state) {
    (void)state;
    return sizeof(podgc_state);
}

const sim_module_ops sim_podgc_ops = {
    .create = create,
    .destroy = destroy,
    .fork = fork_state,
    .memory = memory,
};
