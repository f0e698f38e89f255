/*
 * why_pending.c - for every Pending pod of a snapshot, what kube-scheduler
 * says about it (the FailedScheduling message), each node's verdict, and
 * for a pod that fits, the scores that chose its node.
 *
 *   cc -std=c11 examples/why_pending.c $(pkg-config --cflags --libs podsim)
 *   ./a.out examples/pending-cluster.yaml
 *
 * examples/why_pending.lua prints the same, byte for byte.
 */
#include <stdio.h>
#include <string.h>

#include <podsim.h>

static const podsim_node_filter *verdict(const podsim_schedule_result *r,
                                         const char *node) {
    for (size_t i = 0; i < r->filter_count; i++) {
        if (strcmp(r->filters[i].node, node) == 0) return &r->filters[i];
    }
    return NULL;
}

static const podsim_node_score *scores(const podsim_schedule_result *r,
                                       const char *node) {
    for (size_t i = 0; i < r->score_count; i++) {
        if (strcmp(r->scores[i].node, node) == 0) return &r->scores[i];
    }
    return NULL;
}

static void explain(const podsim_cluster *c, const podsim_schedule_result *r) {
    size_t nodes = podsim_cluster_count(c, PODSIM_KIND_NODE);
    for (podsim_id i = 0; (size_t)i < nodes; i++) {
        const char *name = podsim_cluster_node(c, i)->meta.name;
        const podsim_node_filter *f = verdict(r, name);
        const podsim_node_score *s = scores(r, name);
        if (f) {
            printf("  %-16s %-20s %s:", name, f->plugin,
                   podsim_enum_name(PODSIM_ENUM_FIT_CODE, (int)f->code));
            for (size_t k = 0; k < f->reasons.count; k++) {
                printf("%s %s", k ? "," : "", f->reasons.items[k]);
            }
            printf("\n");
        } else if (s) {
            printf("  %-16s total %-5lld", name, (long long)s->total);
            for (size_t k = 0; k < s->plugin_count; k++) {
                printf(" %s=%lld", s->plugins[k].plugin,
                       (long long)s->plugins[k].weighted);
            }
            printf("\n");
        }
    }
}

int main(int argc, char **argv) {
    const char *path = argc > 1 ? argv[1] : "examples/pending-cluster.yaml";
    podsim_cluster *c = NULL;
    if (podsim_cluster_new(NULL, &c) != PODSIM_OK) return 1;
    if (podsim_cluster_load_file(c, path, NULL) != PODSIM_OK) {
        const podsim_error *e = podsim_cluster_error(c);
        fprintf(stderr, "%s:%d:%d: %s\n", e->source, e->line, e->column,
                e->message);
        podsim_cluster_free(c);
        return 1;
    }
    podsim_schedule_options options = PODSIM_SCHEDULE_OPTIONS_INIT;
    options.flags = PODSIM_SCHEDULE_EXPLAIN;
    options.seed = 42;
    size_t pods = podsim_cluster_count(c, PODSIM_KIND_POD);
    for (podsim_id i = 0; (size_t)i < pods; i++) {
        const podsim_pod *p = podsim_cluster_pod(c, i);
        if (p->spec.node_name[0]) continue; /* bound */
        if (p->status.has_phase && p->status.phase != PODSIM_PHASE_PENDING)
            continue;
        podsim_schedule_result *r = NULL;
        if (podsim_cluster_schedule(c, NULL, i, &options, &r) != PODSIM_OK) {
            fprintf(stderr, "%s\n", podsim_cluster_error(c)->message);
            podsim_cluster_free(c);
            return 1;
        }
        printf("%s -> %s\n", r->pod, r->node ? r->node : "(none)");
        if (r->gated) {
            printf("  gated: %s\n", r->message);
        } else if (!r->node) {
            printf("  %s\n", r->message);
        }
        if (r->preemption && r->preemption->node) {
            printf("  preemption: nominate %s, evict", r->preemption->node);
            for (size_t k = 0; k < r->preemption->victims.count; k++) {
                printf(" %s", r->preemption->victims.items[k]);
            }
            printf("\n");
        }
        explain(c, r);
        podsim_schedule_result_free(r);
        options.seed = 0; /* seed once, then carry the stream */
    }
    podsim_cluster_free(c);
    return 0;
}
