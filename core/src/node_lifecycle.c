/*
 * node_lifecycle.c - the node lifecycle controller (being written; see sim.h
 * for the contract).
 */
#include <stdlib.h>

#include "sim.h"

typedef struct node_lifecycle_state {
    int unused;
} node_lifecycle_state;

static void *create(podsim_sim *sim) {
    (void)sim;
    return calloc(1, sizeof(node_lifecycle_state));
}

static void destroy(void *state) {
    free(state);
}

static void *fork_state(podsim_sim *dst, const void *src) {
    (void)dst;
    node_lifecycle_state *s = malloc(sizeof *s);
    if (s) *s = *(const node_lifecycle_state *)src;
    return s;
}

static size_t memory(const void *state) {
    (void)state;
    return sizeof(node_lifecycle_state);
}

const sim_module_ops sim_nodes_ops = {
    .create = create,
    .destroy = destroy,
    .fork = fork_state,
    .memory = memory,
};
