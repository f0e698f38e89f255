/*
 * fuzz_load.c - libFuzzer target: arbitrary bytes through the loader.
 *
 * Every input must end in PODSIM_OK or a reported error (never a crash, a
 * sanitizer report, a hang or a leak), and a failed load must leave the
 * cluster exactly as it was. Each run loads into a cluster that already
 * holds a small model, renders the kubectl views afterwards, and checks
 * the counts; then the bytes go through a simulation too.
 *
 * `make fuzz` builds it with clang's libFuzzer (every core source plus this
 * file) and runs it from the shared fixtures; `fuzz_replay` (replay.c)
 * runs the same checks over tests/data in every `make test`.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "podsim.h"

static const char base[] =
    "kind: Node\nmetadata: {name: n1}\nstatus: {allocatable: {cpu: 4}}\n"
    "---\nkind: Pod\nmetadata: {name: p}\nspec: {nodeName: n1, containers: "
    "[{name: a, resources: {requests: {cpu: 1}}}]}\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The same bytes as a simulation's inputs (a kubectl apply at 10 s and a
   scenario, whose actions may fail, drain or taint nodes), then two
   simulated minutes of whatever was loaded, and every view and the what-if
   report: errors are reported, never a crash, a hang or a leak. */
static void simulate(podsim_cluster *c, const uint8_t *data, size_t size) {
    podsim_sim *sim = NULL;
    if (podsim_sim_new(c, NULL, &sim) != PODSIM_OK) abort();
    const char *text = (const char *)data;
    podsim_status s = podsim_sim_apply_string(sim, text, size, "fuzz", 10000);
    if (s != PODSIM_OK && !podsim_sim_error(sim)->message[0]) abort();
    s = podsim_sim_load_scenario_string(sim, text, size, "fuzz");
    if (s != PODSIM_OK && !podsim_sim_error(sim)->message[0]) abort();
    s = podsim_sim_run_until(sim, 120000);
    if (s != PODSIM_OK) abort();
    const char *out;
    size_t len;
    /* every view, the what-if report's text included (a scenario's
       actions may have failed nodes) */
    for (int v = 0; v <= PODSIM_SIM_VIEW_REPORT; v++) {
        if (podsim_sim_render(sim, (podsim_sim_view)v, 0, &out, &len)) {
            abort();
        }
    }
    const podsim_report *report = NULL;
    if (podsim_sim_report(sim, &report) != PODSIM_OK || !report) abort();
    podsim_cluster *w = podsim_sim_cluster(sim);
    size_t pods = podsim_cluster_count(w, PODSIM_KIND_POD);
    for (podsim_id id = 0; (size_t)id < pods; id++) {
        const podsim_pod *p = podsim_cluster_pod(w, id);
        if (p->removed) continue;
        s = podsim_sim_describe_pod(sim, p->meta.namespace_, p->meta.name, &out,
                                    &len);
        if (s != PODSIM_OK) abort();
    }
    if (podsim_sim_dump(sim, &out, &len) != PODSIM_OK) abort();
    podsim_sim_free(sim);
}

/* The diagnosis of every pod of the loaded input (views and rendering
   included, no what-if copies: they are the simulation's, fuzzed below),
   and the same bytes as a rule pack. */
static void diagnose(podsim_cluster *c, const uint8_t *data, size_t size) {
    podsim_rules *rules = NULL;
    if (podsim_rules_new(&rules) != PODSIM_OK) abort();
    podsim_status s =
        podsim_rules_load_string(rules, (const char *)data, size, "fuzz");
    if (s != PODSIM_OK && !podsim_rules_error(rules)->message[0]) abort();
    podsim_diagnose_options o = PODSIM_DIAGNOSE_OPTIONS_INIT;
    o.flags = PODSIM_DIAGNOSE_NO_WHATIF;
    o.rules = rules;
    podsim_diagnosis_list *list = NULL;
    if (podsim_cluster_diagnose_all(c, &o, &list) != PODSIM_OK) abort();
    for (size_t i = 0; i < list->count; i++) {
        const char *text;
        size_t len;
        for (int f = 0; f < 2; f++) {
            if (podsim_diagnosis_render(list->items[i],
                                        (podsim_diagnosis_format)f, &text,
                                        &len) != PODSIM_OK) {
                abort();
            }
        }
    }
    podsim_diagnosis_list_free(list);
    podsim_rules_free(rules);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    podsim_cluster *c = NULL;
    podsim_cluster_options o = PODSIM_CLUSTER_OPTIONS_INIT;
    o.limits.max_alias_expansion = 10000;
    if (podsim_cluster_new(&o, &c) != PODSIM_OK) abort();
    if (podsim_cluster_load_string(c, base, sizeof base - 1, "base", NULL)) {
        abort();
    }
    size_t before[PODSIM_KIND_COUNT];
    for (int k = 0; k < PODSIM_KIND_COUNT; k++) {
        before[k] = podsim_cluster_count(c, (podsim_kind)k);
    }
    podsim_load_stats stats;
    podsim_status s =
        podsim_cluster_load_string(c, (const char *)data, size, "fuzz", &stats);
    const podsim_error *e = podsim_cluster_error(c);
    if (s != PODSIM_OK) {
        if (e->status != s || !e->message[0]) abort();
        for (int k = 0; k < PODSIM_KIND_COUNT; k++) {
            if (podsim_cluster_count(c, (podsim_kind)k) != before[k]) abort();
        }
    }
    const char *text;
    size_t len;
    for (int v = 0; v < 3; v++) {
        if (podsim_cluster_render(c, (podsim_view)v, PODSIM_RENDER_WIDE,
                                  PODSIM_NO_TIME, &text, &len) != PODSIM_OK) {
            abort();
        }
    }
    size_t pods = podsim_cluster_count(c, PODSIM_KIND_POD);
    for (podsim_id id = 0; (size_t)id < pods; id++) {
        podsim_pod_row row;
        podsim_resource out[16];
        size_t n;
        if (podsim_pod_row_get(c, id, PODSIM_NO_TIME, &row) != PODSIM_OK) {
            abort();
        }
        podsim_status r = podsim_pod_compute_requests(
            c, id, PODSIM_REQUESTS_NON_ZERO, out, 16, &n);
        if (r != PODSIM_OK && r != PODSIM_ENOSPC && r != PODSIM_ERANGE) {
            abort();
        }
    }
    diagnose(c, data, size);
    simulate(c, data, size);
    podsim_cluster_free(c);
    return 0;
}
