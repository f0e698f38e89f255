/*
 * explore.c - load a snapshot and print, per node, what its pods request
 * against what it can give; then the pods as `kubectl get pods -A` does.
 *
 *   cc -std=c11 examples/explore.c $(pkg-config --cflags --libs podsim)
 *   ./a.out examples/cluster.yaml
 */
#include <stdio.h>

#include <podsim.h>

static void print_quantity(const podsim_resources *list, const char *name) {
    podsim_quantity q;
    char text[PODSIM_QUANTITY_STRING_MAX] = "0";
    if (podsim_resources_get(list, name, &q)) {
        podsim_quantity_format(&q, text, sizeof text, NULL);
    }
    printf("%-12s", text);
}

int main(int argc, char **argv) {
    const char *path = argc > 1 ? argv[1] : "examples/cluster.yaml";
    podsim_cluster *c = NULL;
    if (podsim_cluster_new(NULL, &c) != PODSIM_OK) return 1;
    if (podsim_cluster_load_file(c, path, NULL) != PODSIM_OK) {
        const podsim_error *e = podsim_cluster_error(c);
        fprintf(stderr, "%s:%d:%d: %s\n", e->source, e->line, e->column,
                e->message);
        podsim_cluster_free(c);
        return 1;
    }
    printf("%-24s %-12s%-12s%-12s%-12s%s\n", "NODE", "CPU-REQ", "CPU-ALLOC",
           "MEM-REQ", "MEM-ALLOC", "PODS");
    size_t nodes = podsim_cluster_count(c, PODSIM_KIND_NODE);
    for (podsim_id i = 0; (size_t)i < nodes; i++) {
        const podsim_node *n = podsim_cluster_node(c, i);
        printf("%-24s ", n->meta.name);
        print_quantity(&n->requested, "cpu");
        print_quantity(&n->allocatable, "cpu");
        print_quantity(&n->requested, "memory");
        print_quantity(&n->allocatable, "memory");
        printf("%d\n", n->pod_count);
    }
    const char *table = NULL;
    size_t len = 0;
    if (podsim_cluster_render(c, PODSIM_VIEW_PODS, 0, PODSIM_NO_TIME, &table,
                              &len) == PODSIM_OK) {
        printf("\n%s", table);
    }
    podsim_cluster_free(c);
    return 0;
}
