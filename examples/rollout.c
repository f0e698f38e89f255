/*
 * rollout.c - a rolling update on a copy of a cluster: the Deployment of
 * examples/rollout-v1.yaml at 0 s, its next image (rollout-v2.yaml) at
 * 2 min, then the event log of the shop namespace and `kubectl get pods`
 * at 4 min. Prints what examples/rollout.py and examples/rollout.lua print,
 * byte for byte.
 *
 *   build/example_rollout examples/cluster.yaml
 */
#include <stdio.h>
#include <string.h>

#include <podsim.h>

static int fail(const char *what, const podsim_error *e) {
    fprintf(stderr, "%s: %s:%d:%d: %s\n", what, e->source ? e->source : "-",
            e->line, e->column, e->message);
    return 1;
}

int main(int argc, char **argv) {
    const char *path = argc > 1 ? argv[1] : "examples/cluster.yaml";
    podsim_cluster *cluster = NULL;
    if (podsim_cluster_new(NULL, &cluster) != PODSIM_OK) return 1;
    if (podsim_cluster_load_file(cluster, path, NULL) != PODSIM_OK) {
        return fail("load", podsim_cluster_error(cluster));
    }
    podsim_sim_options options = PODSIM_SIM_OPTIONS_INIT;
    options.seed = 1;
    podsim_sim *sim = NULL;
    if (podsim_sim_new(cluster, &options, &sim) != PODSIM_OK) return 1;
    podsim_cluster_free(cluster); /* the simulation keeps what it needs */
    if (podsim_sim_apply_file(sim, "examples/rollout-v1.yaml", 0) ||
        podsim_sim_apply_file(sim, "examples/rollout-v2.yaml", 120000) ||
        podsim_sim_run_until(sim, 240000)) {
        return fail("simulate", podsim_sim_error(sim));
    }
    printf("# events in namespace shop\n");
    for (size_t i = 0; i < podsim_sim_event_count(sim); i++) {
        const podsim_sim_event *e = podsim_sim_event_get(sim, i);
        if (strcmp(e->namespace_, "shop") != 0) continue;
        printf("%8.3f %-7s %-17s %s/%s: %s\n", e->time / 1000.0, e->type,
               e->reason, e->kind, e->name, e->message);
    }
    const char *text = NULL;
    size_t len = 0;
    if (podsim_sim_render(sim, PODSIM_SIM_VIEW_PODS, 0, &text, &len)) {
        return fail("render", podsim_sim_error(sim));
    }
    printf("# kubectl get pods -A at %llds\n%s",
           (long long)(podsim_sim_now(sim) / 1000), text);
    podsim_sim_free(sim);
    return 0;
}
