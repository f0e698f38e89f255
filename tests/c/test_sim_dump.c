/*
 * test_sim_dump.c - podsim_sim_dump: a simulation written as `kubectl get
 * nodes,pods,events,... -A -o yaml` and read back.
 *
 * The property under test is the round trip: podsim_cluster_load_string of
 * the dump gives the same nodes, pods and events as the simulation shows
 * at its now, field by field (times to the second, as metav1.Time keeps
 * them): phases, the kubectl STATUS / READY / RESTARTS columns, conditions,
 * container states, taints, node conditions, one Event per series with its
 * count, first and last times and the uid of the pod it is about. Every
 * shared scenario of tests/data/sim is checked at several instants of its
 * run, as are examples/cluster.yaml and strings that YAML would misread.
 */
#define _POSIX_C_SOURCE 200809L /* strdup */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "podsim.h"

#ifndef PODSIM_TEST_DATA
#define PODSIM_TEST_DATA "tests/data"
#endif

/* ---- helpers ------------------------------------------------------------- */

static const char *data_dir(void) {
    const char *env = getenv("PODSIM_TEST_DATA");
    return env && *env ? env : PODSIM_TEST_DATA;
}

static char *read_file(const char *path) {
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *text = malloc((size_t)n + 1);
    assert_non_null(text);
    size_t got = fread(text, 1, (size_t)n, f);
    fclose(f);
    text[got] = '\0';
    return text;
}

static podsim_cluster *new_cluster(void) {
    podsim_cluster *c = NULL;
    assert_int_equal(podsim_cluster_new(NULL, &c), PODSIM_OK);
    return c;
}

static podsim_sim *new_sim(podsim_cluster *c, const char *version,
                           uint64_t seed) {
    podsim_sim_options o = PODSIM_SIM_OPTIONS_INIT;
    o.seed = seed;
    o.kubernetes_version = version;
    podsim_sim *sim = NULL;
    assert_int_equal(podsim_sim_new(c, &o, &sim), PODSIM_OK);
    return sim;
}

/* Dump the simulation and load the text into a fresh cluster. */
static podsim_cluster *dump_and_load(podsim_sim *sim, char **text_out) {
    const char *text = NULL;
    size_t len = 0;
    podsim_status s = podsim_sim_dump(sim, &text, &len);
    if (s) fail_msg("dump: %s", podsim_sim_error(sim)->message);
    assert_non_null(text);
    assert_int_equal(strlen(text), len);
    podsim_cluster *c = new_cluster();
    s = podsim_cluster_load_string(c, text, len, "dump", NULL);
    if (s) {
        const podsim_error *e = podsim_cluster_error(c);
        if (getenv("PODSIM_DUMP_DEBUG")) fputs(text, stderr);
        fail_msg("reload: %d:%d %s", e->line, e->column, e->message);
    }
    if (text_out) *text_out = strdup(text);
    return c;
}

static int64_t secs(int64_t ms) {
    if (ms == PODSIM_NO_TIME) return ms;
    return ms >= 0 ? ms / 1000 : -((-ms + 999) / 1000);
}

static void same_str(const char *what, const char *a, const char *b) {
    a = a ? a : "";
    b = b ? b : "";
    if (strcmp(a, b) != 0) fail_msg("%s: \"%s\" != \"%s\"", what, a, b);
}

static void same_int(const char *what, int64_t a, int64_t b) {
    if (a != b) fail_msg("%s: %lld != %lld", what, (long long)a, (long long)b);
}

static void same_kvs(const char *what, const podsim_kvs *a,
                     const podsim_kvs *b) {
    same_int(what, (int64_t)a->count, (int64_t)b->count);
    for (size_t i = 0; i < a->count; i++) {
        bool found = false;
        for (size_t j = 0; j < b->count; j++) {
            if (strcmp(a->items[i].key, b->items[j].key) == 0) {
                same_str(a->items[i].key, a->items[i].value, b->items[j].value);
                found = true;
            }
        }
        if (!found) fail_msg("%s: key \"%s\" lost", what, a->items[i].key);
    }
}

static void same_resources(const char *what, const podsim_resources *a,
                           const podsim_resources *b) {
    same_int(what, (int64_t)a->count, (int64_t)b->count);
    for (size_t i = 0; i < a->count; i++) {
        podsim_quantity q;
        if (!podsim_resources_get(b, a->items[i].name, &q)) {
            fail_msg("%s: %s lost", what, a->items[i].name);
        }
        if (podsim_quantity_cmp(&a->items[i].quantity, &q) != 0) {
            fail_msg("%s: %s differs", what, a->items[i].name);
        }
    }
}

static void same_conditions(const char *what, const podsim_condition *a,
                            size_t na, const podsim_condition *b, size_t nb) {
    same_int(what, (int64_t)na, (int64_t)nb);
    for (size_t i = 0; i < na; i++) {
        same_str(what, a[i].type, b[i].type);
        same_str(a[i].type, a[i].status, b[i].status);
        same_str(a[i].type, a[i].reason, b[i].reason);
        same_str(a[i].type, a[i].message, b[i].message);
        same_int(a[i].type, secs(a[i].last_transition_time),
                 secs(b[i].last_transition_time));
        /* a node condition the model keeps no heartbeat for gets the
           kubelet's last report in the dump (sim_dump.c condition()) */
        if (a[i].last_heartbeat_time != PODSIM_NO_TIME) {
            same_int(a[i].type, secs(a[i].last_heartbeat_time),
                     secs(b[i].last_heartbeat_time));
        }
    }
}

static void same_state(const char *what, const podsim_container_state *a,
                       const podsim_container_state *b) {
    same_int(what, a->kind, b->kind);
    same_str(what, a->reason, b->reason);
    same_str(what, a->message, b->message);
    same_int(what, a->exit_code, b->exit_code);
    same_int(what, a->signal, b->signal);
    same_int(what, secs(a->started_at), secs(b->started_at));
    same_int(what, secs(a->finished_at), secs(b->finished_at));
}

static void same_statuses(const char *pod, const podsim_container_status *a,
                          size_t na, const podsim_container_status *b,
                          size_t nb) {
    same_int(pod, (int64_t)na, (int64_t)nb);
    for (size_t i = 0; i < na; i++) {
        char what[256];
        snprintf(what, sizeof what, "%s/%s", pod, a[i].name);
        same_str(what, a[i].name, b[i].name);
        same_int(what, a[i].kind, b[i].kind);
        same_int(what, a[i].ready, b[i].ready);
        same_int(what, a[i].started.set, b[i].started.set);
        same_int(what, a[i].started.value, b[i].started.value);
        same_int(what, a[i].restart_count, b[i].restart_count);
        same_str(what, a[i].image, b[i].image);
        same_str(what, a[i].image_id, b[i].image_id);
        same_str(what, a[i].container_id, b[i].container_id);
        same_state(what, &a[i].state, &b[i].state);
        same_state(what, &a[i].last_state, &b[i].last_state);
    }
}

static void same_container(const char *what, const podsim_container *a,
                           const podsim_container *b) {
    same_str(what, a->name, b->name);
    same_int(what, a->kind, b->kind);
    same_str(what, a->image, b->image);
    same_int(what, a->image_pull_policy, b->image_pull_policy);
    same_resources(what, &a->requests, &b->requests);
    same_resources(what, &a->limits, &b->limits);
    same_int(what, a->port_count, b->port_count);
    same_int(what, a->env_ref_count, b->env_ref_count);
    for (size_t i = 0; i < a->env_ref_count; i++) {
        same_int(what, a->env_refs[i].kind, b->env_refs[i].kind);
        same_str(what, a->env_refs[i].name, b->env_refs[i].name);
        same_str(what, a->env_refs[i].key, b->env_refs[i].key);
        same_int(what, a->env_refs[i].optional, b->env_refs[i].optional);
    }
    const podsim_probe *pa[3] = {a->startup_probe, a->liveness_probe,
                                 a->readiness_probe};
    const podsim_probe *pb[3] = {b->startup_probe, b->liveness_probe,
                                 b->readiness_probe};
    for (int i = 0; i < 3; i++) {
        same_int(what, pa[i] != NULL, pb[i] != NULL);
        if (!pa[i]) continue;
        same_int(what, pa[i]->handler, pb[i]->handler);
        same_str(what, pa[i]->target, pb[i]->target);
        same_int(what, pa[i]->period_seconds, pb[i]->period_seconds);
        same_int(what, pa[i]->failure_threshold, pb[i]->failure_threshold);
        same_int(what, pa[i]->initial_delay_seconds,
                 pb[i]->initial_delay_seconds);
    }
}

static void same_pod(podsim_cluster *ca, const podsim_pod *a,
                     podsim_cluster *cb, const podsim_pod *b, int64_t as_of) {
    char what[256];
    snprintf(what, sizeof what, "pod %s/%s", a->meta.namespace_, a->meta.name);
    same_str(what, a->meta.namespace_, b->meta.namespace_);
    same_str(what, a->meta.name, b->meta.name);
    same_str(what, a->meta.uid, b->meta.uid);
    same_kvs(what, &a->meta.labels, &b->meta.labels);
    same_kvs(what, &a->meta.annotations, &b->meta.annotations);
    same_int(what, secs(a->meta.creation_timestamp),
             secs(b->meta.creation_timestamp));
    same_int(what, secs(a->meta.deletion_timestamp),
             secs(b->meta.deletion_timestamp));
    same_int(what, a->meta.owner_reference_count,
             b->meta.owner_reference_count);
    for (size_t i = 0; i < a->meta.owner_reference_count; i++) {
        same_str(what, a->meta.owner_references[i].kind,
                 b->meta.owner_references[i].kind);
        same_str(what, a->meta.owner_references[i].name,
                 b->meta.owner_references[i].name);
        same_int(what, a->meta.owner_references[i].controller,
                 b->meta.owner_references[i].controller);
    }
    same_str(what, a->spec.node_name, b->spec.node_name);
    same_int(what, a->spec.priority.set, b->spec.priority.set);
    same_int(what, a->spec.priority.value, b->spec.priority.value);
    same_int(what, a->spec.restart_policy, b->spec.restart_policy);
    same_int(what, a->spec.termination_grace_period_seconds,
             b->spec.termination_grace_period_seconds);
    same_int(what, a->spec.toleration_count, b->spec.toleration_count);
    same_int(what, a->spec.volume_count, b->spec.volume_count);
    for (size_t i = 0; i < a->spec.volume_count; i++) {
        same_int(what, a->spec.volumes[i].type, b->spec.volumes[i].type);
        same_str(what, a->spec.volumes[i].source, b->spec.volumes[i].source);
    }
    same_int(what, a->spec.scheduling_gates.count,
             b->spec.scheduling_gates.count);
    same_int(what, a->spec.container_count, b->spec.container_count);
    same_int(what, a->spec.init_container_count, b->spec.init_container_count);
    for (size_t i = 0; i < a->spec.container_count; i++) {
        same_container(what, &a->spec.containers[i], &b->spec.containers[i]);
    }
    for (size_t i = 0; i < a->spec.init_container_count; i++) {
        same_container(what, &a->spec.init_containers[i],
                       &b->spec.init_containers[i]);
    }
    same_resources(what, &a->requests, &b->requests);
    same_int(what, a->status.has_phase, b->status.has_phase);
    same_int(what, a->status.phase, b->status.phase);
    same_str(what, a->status.reason, b->status.reason);
    same_str(what, a->status.message, b->status.message);
    same_str(what, a->status.nominated_node_name,
             b->status.nominated_node_name);
    same_str(what, a->status.pod_ip, b->status.pod_ip);
    same_str(what, a->status.host_ip, b->status.host_ip);
    same_int(what, secs(a->status.start_time), secs(b->status.start_time));
    same_conditions(what, a->status.conditions, a->status.condition_count,
                    b->status.conditions, b->status.condition_count);
    same_statuses(what, a->status.init_container_statuses,
                  a->status.init_container_status_count,
                  b->status.init_container_statuses,
                  b->status.init_container_status_count);
    same_statuses(
        what, a->status.container_statuses, a->status.container_status_count,
        b->status.container_statuses, b->status.container_status_count);
    /* the kubectl columns */
    podsim_pod_row ra, rb;
    assert_int_equal(podsim_pod_row_get(ca, a->id, as_of, &ra), PODSIM_OK);
    char status[128], ready[32], restarts[64];
    snprintf(status, sizeof status, "%s", ra.status);
    snprintf(ready, sizeof ready, "%s", ra.ready);
    snprintf(restarts, sizeof restarts, "%s", ra.restarts);
    assert_int_equal(podsim_pod_row_get(cb, b->id, as_of, &rb), PODSIM_OK);
    same_str(what, status, rb.status);
    same_str(what, ready, rb.ready);
    /* "3 (5m ago)": the count; the age may move by the truncated second */
    same_int(what, atoll(restarts), atoll(rb.restarts));
}

static void same_node(const podsim_node *a, const podsim_node *b) {
    char what[256];
    snprintf(what, sizeof what, "node %s", a->meta.name);
    same_str(what, a->meta.name, b->meta.name);
    same_str(what, a->meta.uid, b->meta.uid);
    same_kvs(what, &a->meta.labels, &b->meta.labels);
    same_kvs(what, &a->meta.annotations, &b->meta.annotations);
    same_int(what, a->unschedulable, b->unschedulable);
    same_int(what, a->taint_count, b->taint_count);
    for (size_t i = 0; i < a->taint_count; i++) {
        same_str(what, a->taints[i].key, b->taints[i].key);
        same_str(what, a->taints[i].value, b->taints[i].value);
        same_int(what, a->taints[i].effect, b->taints[i].effect);
        same_int(what, secs(a->taints[i].time_added),
                 secs(b->taints[i].time_added));
    }
    same_resources(what, &a->capacity, &b->capacity);
    same_resources(what, &a->allocatable, &b->allocatable);
    same_conditions(what, a->conditions, a->condition_count, b->conditions,
                    b->condition_count);
    same_int(what, a->address_count, b->address_count);
    same_int(what, a->image_count, b->image_count);
    same_str(what, a->node_info.kubelet_version, b->node_info.kubelet_version);
    same_str(what, a->zone, b->zone);
}

/* An event series of the simulation: its latest occurrence. */
static bool is_last_of_series(podsim_sim *sim, size_t i) {
    const podsim_sim_event *e = podsim_sim_event_get(sim, i);
    size_t n = podsim_sim_event_count(sim);
    for (size_t j = i + 1; j < n; j++) {
        const podsim_sim_event *f = podsim_sim_event_get(sim, j);
        if (f->type == e->type && f->reason == e->reason &&
            f->kind == e->kind && f->namespace_ == e->namespace_ &&
            f->name == e->name && f->field_path == e->field_path &&
            f->source == e->source && f->host == e->host &&
            f->message == e->message) {
            return false;
        }
    }
    return true;
}

static const podsim_event *find_event(podsim_cluster *c,
                                      const podsim_sim_event *e) {
    size_t n = podsim_cluster_count(c, PODSIM_KIND_EVENT);
    for (size_t i = 0; i < n; i++) {
        const podsim_event *x = podsim_cluster_event(c, (podsim_id)i);
        if (!strcmp(x->involved_kind, e->kind) &&
            !strcmp(x->involved_namespace, e->namespace_) &&
            !strcmp(x->involved_name, e->name) &&
            !strcmp(x->reason, e->reason) && !strcmp(x->type, e->type) &&
            !strcmp(x->message, e->message) &&
            !strcmp(x->involved_field_path, e->field_path) &&
            !strcmp(x->source_component, e->source) &&
            !strcmp(x->source_host, e->host)) {
            return x;
        }
    }
    return NULL;
}

/* The whole comparison: live nodes, live pods in kubectl order, events,
   workloads and the other kinds. */
static void compare(podsim_sim *sim, podsim_cluster *loaded) {
    podsim_cluster *w = podsim_sim_cluster(sim);
    int64_t as_of = podsim_sim_epoch_ms(sim) + podsim_sim_now(sim);

    size_t wn = podsim_cluster_count(w, PODSIM_KIND_NODE), live_nodes = 0;
    for (size_t i = 0; i < wn; i++) {
        const podsim_node *a = podsim_cluster_node(w, (podsim_id)i);
        if (a->removed) continue;
        live_nodes++;
        podsim_id id;
        if (podsim_cluster_find(loaded, PODSIM_KIND_NODE, NULL, a->meta.name,
                                &id)) {
            fail_msg("node %s missing from the dump", a->meta.name);
        }
        same_node(a, podsim_cluster_node(loaded, id));
    }
    same_int("nodes", (int64_t)live_nodes,
             (int64_t)podsim_cluster_count(loaded, PODSIM_KIND_NODE));

    size_t cap = podsim_cluster_count(w, PODSIM_KIND_POD) + 1;
    podsim_id *ia = malloc(cap * sizeof(*ia)), *ib = malloc(cap * sizeof(*ib));
    assert_non_null(ia);
    assert_non_null(ib);
    size_t na = 0, nb = 0;
    assert_int_equal(podsim_cluster_pod_order(w, ia, cap, &na), PODSIM_OK);
    assert_int_equal(podsim_cluster_pod_order(loaded, ib, cap, &nb), PODSIM_OK);
    same_int("pods", (int64_t)na, (int64_t)nb);
    for (size_t i = 0; i < na; i++) {
        same_pod(w, podsim_cluster_pod(w, ia[i]), loaded,
                 podsim_cluster_pod(loaded, ib[i]), as_of);
    }
    free(ia);
    free(ib);

    size_t series = 0;
    for (size_t i = 0; i < podsim_sim_event_count(sim); i++) {
        if (!is_last_of_series(sim, i)) continue;
        series++;
        const podsim_sim_event *e = podsim_sim_event_get(sim, i);
        const podsim_event *x = find_event(loaded, e);
        if (!x) fail_msg("event %s %s/%s lost", e->reason, e->kind, e->name);
        same_int(e->reason, e->count, x->count);
        int64_t epoch = podsim_sim_epoch_ms(sim);
        same_int(e->reason, secs(epoch + e->first_time),
                 secs(x->first_timestamp));
        same_int(e->reason, secs(epoch + e->time), secs(x->last_timestamp));
        if (!strcmp(e->kind, "Pod")) {
            podsim_id id;
            if (podsim_cluster_find(w, PODSIM_KIND_POD, e->namespace_, e->name,
                                    &id) == PODSIM_OK) {
                const podsim_pod *p = podsim_cluster_pod(w, id);
                if (!p->removed &&
                    p->meta.creation_timestamp <= epoch + e->time) {
                    same_str(e->reason, p->meta.uid, x->involved_uid);
                }
            }
        }
    }
    same_int("events", (int64_t)series,
             (int64_t)podsim_cluster_count(loaded, PODSIM_KIND_EVENT));

    static const podsim_kind workloads[] = {
        PODSIM_KIND_DEPLOYMENT, PODSIM_KIND_REPLICASET, PODSIM_KIND_STATEFULSET,
        PODSIM_KIND_DAEMONSET, PODSIM_KIND_JOB};
    for (size_t k = 0; k < 5; k++) {
        size_t n = podsim_cluster_count(w, workloads[k]);
        same_int(podsim_kind_name(workloads[k]), (int64_t)n,
                 (int64_t)podsim_cluster_count(loaded, workloads[k]));
        for (size_t i = 0; i < n; i++) {
            const podsim_workload *a =
                podsim_cluster_workload(w, workloads[k], (podsim_id)i);
            podsim_id id;
            assert_int_equal(
                podsim_cluster_find(loaded, workloads[k], a->meta.namespace_,
                                    a->meta.name, &id),
                PODSIM_OK);
            const podsim_workload *b =
                podsim_cluster_workload(loaded, workloads[k], id);
            same_int(a->meta.name, a->replicas.value, b->replicas.value);
            same_int(a->meta.name, a->status_replicas, b->status_replicas);
            same_int(a->meta.name, a->status_ready_replicas,
                     b->status_ready_replicas);
            same_int(a->meta.name, a->status_available_replicas,
                     b->status_available_replicas);
            same_int(a->meta.name, a->template_pod != NULL,
                     b->template_pod != NULL);
            if (a->template_pod) {
                same_resources(a->meta.name, &a->template_pod->requests,
                               &b->template_pod->requests);
                same_kvs(a->meta.name, &a->template_pod->meta.labels,
                         &b->template_pod->meta.labels);
            }
            same_int(a->meta.name, a->selector != NULL, b->selector != NULL);
            same_str(a->meta.name, a->strategy_type, b->strategy_type);
            same_str(a->meta.name, a->max_surge, b->max_surge);
        }
    }
    static const podsim_kind others[] = {
        PODSIM_KIND_PERSISTENTVOLUMECLAIM, PODSIM_KIND_PERSISTENTVOLUME,
        PODSIM_KIND_CONFIGMAP, PODSIM_KIND_SECRET};
    for (size_t k = 0; k < 4; k++) {
        same_int(podsim_kind_name(others[k]),
                 (int64_t)podsim_cluster_count(w, others[k]),
                 (int64_t)podsim_cluster_count(loaded, others[k]));
    }
}

/* ---- the shared scenarios ------------------------------------------------ */

/* Run a tests/data/sim scenario from its expected file's header, checking
   the round trip at `checks` instants spread over the run. */
static void run_scenario(const char *expected_name, int checks) {
    char path[1024];
    assert_true(snprintf(path, sizeof path, "%s/sim/%s", data_dir(),
                         expected_name) < (int)sizeof path);
    char *text = read_file(path);
    assert_non_null(text);
    char cluster_file[256] = "", version[16] = "";
    uint64_t seed = 0;
    int64_t run = 0;
    struct {
        char file[256];
        int64_t at;
    } applies[8];
    int apply_count = 0;
    struct {
        char ns[256], name[256];
        int64_t at;
    } deletes[8];
    int delete_count = 0;
    for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
        if (line[0] != '#') break;
        long long v;
        char a[256], b[256];
        if (sscanf(line, "# cluster: %255s", cluster_file) == 1) continue;
        if (sscanf(line, "# seed: %lld", &v) == 1) seed = (uint64_t)v;
        if (sscanf(line, "# run: %lld", &v) == 1) run = v;
        if (sscanf(line, "# version: %15s", version) == 1) continue;
        if (sscanf(line, "# apply: %255s @ %lld", a, &v) == 2 &&
            apply_count < 8) {
            snprintf(applies[apply_count].file, 256, "%s", a);
            applies[apply_count++].at = v;
        }
        if (sscanf(line, "# delete: %255[^/]/%255s @ %lld", a, b, &v) == 3 &&
            delete_count < 8) {
            snprintf(deletes[delete_count].ns, 256, "%s", a);
            snprintf(deletes[delete_count].name, 256, "%s", b);
            deletes[delete_count++].at = v;
        }
    }
    free(text);
    assert_true(cluster_file[0] && run > 0);

    podsim_cluster *c = new_cluster();
    assert_true(snprintf(path, sizeof path, "%s/sim/%s", data_dir(),
                         cluster_file) < (int)sizeof path);
    assert_int_equal(podsim_cluster_load_file(c, path, NULL), PODSIM_OK);
    podsim_sim *sim = new_sim(c, version[0] ? version : NULL, seed);
    for (int i = 0; i < apply_count; i++) {
        assert_true(snprintf(path, sizeof path, "%s/sim/%s", data_dir(),
                             applies[i].file) < (int)sizeof path);
        assert_int_equal(podsim_sim_apply_file(sim, path, applies[i].at),
                         PODSIM_OK);
    }
    for (int i = 0; i < delete_count; i++) {
        assert_int_equal(
            podsim_sim_delete_pod(sim, deletes[i].ns, deletes[i].name,
                                  deletes[i].at, -1, false),
            PODSIM_OK);
    }
    for (int k = 1; k <= checks; k++) {
        /* odd instants: mid-second, while things happen */
        int64_t at = run * k / checks - (k < checks ? 333 : 0);
        assert_int_equal(podsim_sim_run_until(sim, at), PODSIM_OK);
        podsim_cluster *loaded = dump_and_load(sim, NULL);
        compare(sim, loaded);
        podsim_cluster_free(loaded);
    }
    podsim_sim_free(sim);
    podsim_cluster_free(c);
}

static void test_shared_scenarios(void **state) {
    (void)state;
    char dir[1024];
    snprintf(dir, sizeof dir, "%s/sim", data_dir());
    DIR *d = opendir(dir);
    assert_non_null(d);
    int ran = 0;
    struct dirent *ent;
    while ((ent = readdir(d))) {
        size_t n = strlen(ent->d_name);
        const char *suffix = ".expected.txt";
        if (n < strlen(suffix) ||
            strcmp(ent->d_name + n - strlen(suffix), suffix) != 0) {
            continue;
        }
        run_scenario(ent->d_name, 12);
        ran++;
    }
    closedir(d);
    assert_true(ran >= 8);
}

static void test_examples_cluster(void **state) {
    (void)state;
    static const char *const files[] = {"examples/cluster.yaml",
                                        "examples/pending-cluster.yaml"};
    for (size_t f = 0; f < 2; f++) {
        char path[1024];
        assert_true(snprintf(path, sizeof path, "%s/../../%s", data_dir(),
                             files[f]) < (int)sizeof path);
        podsim_cluster *c = new_cluster();
        assert_int_equal(podsim_cluster_load_file(c, path, NULL), PODSIM_OK);
        podsim_sim *sim = new_sim(c, NULL, 11);
        for (int k = 1; k <= 5; k++) {
            assert_int_equal(podsim_sim_run_until(sim, k * 60000 + 500),
                             PODSIM_OK);
            podsim_cluster *loaded = dump_and_load(sim, NULL);
            compare(sim, loaded);
            podsim_cluster_free(loaded);
        }
        podsim_sim_free(sim);
        podsim_cluster_free(c);
    }
}

/* ---- strings YAML would misread ------------------------------------------ */

static const char *const tricky[] = {"true",
                                     "False",
                                     "yes",
                                     "NO",
                                     "on",
                                     "off",
                                     "y",
                                     "null",
                                     "~",
                                     "123",
                                     "-7",
                                     "+3",
                                     "1.30",
                                     ".5",
                                     "1e3",
                                     "0x1F",
                                     "0o17",
                                     "1_000",
                                     "12:30",
                                     "2024-05-01",
                                     "2024-05-01T10:00:00Z",
                                     ".inf",
                                     "a: b",
                                     "key:",
                                     "#hash",
                                     "x #y",
                                     " lead",
                                     "trail ",
                                     "-dash",
                                     "- item",
                                     "?q",
                                     "multi\nline",
                                     "quote\"q",
                                     "back\\slash",
                                     "tab\tx",
                                     "",
                                     "\xc3\xbc"
                                     "n\xc3\xaf"
                                     "code",
                                     "{braces}",
                                     "[list]",
                                     "*star",
                                     "&amp",
                                     "!bang",
                                     "%pct",
                                     "@at",
                                     "`tick",
                                     "|pipe",
                                     ">gt",
                                     "'single'",
                                     "<<",
                                     "nginx:1.25",
                                     "a,b",
                                     "100m",
                                     "256Gi",
                                     "ctl\x01x",
                                     "nel\xc2\x85"
                                     "x",
                                     "ls\xe2\x80\xa8"
                                     "x",
                                     "del\x7fx"};

static void yaml_quote(char *out, size_t cap, const char *s) {
    size_t n = 0;
    out[n++] = '"';
    for (; *s && n + 8 < cap; s++) {
        unsigned char ch = (unsigned char)*s;
        const unsigned char *u = (const unsigned char *)s;
        if (u[0] == 0xc2 && u[1] == 0x85) { /* NEL */
            out[n++] = '\\';
            out[n++] = 'N';
            s++;
        } else if (u[0] == 0xe2 && u[1] == 0x80 && u[2] == 0xa8) { /* LS */
            out[n++] = '\\';
            out[n++] = 'L';
            s += 2;
        } else if (ch == '"' || ch == '\\') {
            out[n++] = '\\';
            out[n++] = (char)ch;
        } else if (ch == '\n') {
            out[n++] = '\\';
            out[n++] = 'n';
        } else if (ch == '\t') {
            out[n++] = '\\';
            out[n++] = 't';
        } else if (ch < 0x20 || ch == 0x7f) {
            n += (size_t)snprintf(out + n, cap - n, "\\x%02x", ch);
        } else {
            out[n++] = (char)ch;
        }
    }
    out[n++] = '"';
    out[n] = '\0';
}

static void test_tricky_strings(void **state) {
    (void)state;
    size_t count = sizeof tricky / sizeof tricky[0];
    size_t cap = 1 << 16;
    char *yaml = malloc(cap);
    assert_non_null(yaml);
    size_t n = 0;
    n += (size_t)snprintf(
        yaml + n, cap - n,
        "apiVersion: v1\nkind: Node\nmetadata:\n  name: n1\n"
        "status:\n  allocatable: {cpu: '4', memory: 8Gi, pods: '110'}\n"
        "  conditions: [{type: Ready, status: 'True'}]\n---\n"
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p1\n"
        "  namespace: default\n  labels:\n");
    char q[256];
    for (size_t i = 0; i < count; i++) {
        yaml_quote(q, sizeof q, tricky[i]);
        n += (size_t)snprintf(yaml + n, cap - n, "    l%zu: %s\n", i, q);
    }
    n += (size_t)snprintf(yaml + n, cap - n, "  annotations:\n");
    for (size_t i = 0; i < count; i++) {
        if (!tricky[i][0]) continue;
        yaml_quote(q, sizeof q, tricky[i]);
        n += (size_t)snprintf(yaml + n, cap - n, "    %s: v%zu\n", q, i);
    }
    n += (size_t)snprintf(yaml + n, cap - n,
                          "spec:\n  nodeName: n1\n  containers:\n"
                          "  - name: app\n    image: \"nginx:1.25\"\n"
                          "    command:\n");
    for (size_t i = 0; i < count; i++) {
        yaml_quote(q, sizeof q, tricky[i]);
        n += (size_t)snprintf(yaml + n, cap - n, "    - %s\n", q);
    }
    n += (size_t)snprintf(yaml + n, cap - n,
                          "status:\n  phase: Running\n  message: %s\n",
                          "\"a: b # c\\n\\\"d\\\"\"");
    assert_true(n < cap);
    podsim_cluster *c = new_cluster();
    if (podsim_cluster_load_string(c, yaml, n, "tricky", NULL)) {
        fail_msg("%s", podsim_cluster_error(c)->message);
    }
    podsim_sim *sim = new_sim(c, NULL, 1);
    char *text = NULL;
    podsim_cluster *loaded = dump_and_load(sim, &text);
    podsim_id a, b;
    assert_int_equal(
        podsim_cluster_find(c, PODSIM_KIND_POD, "default", "p1", &a),
        PODSIM_OK);
    assert_int_equal(
        podsim_cluster_find(loaded, PODSIM_KIND_POD, "default", "p1", &b),
        PODSIM_OK);
    const podsim_pod *pa = podsim_cluster_pod(c, a);
    const podsim_pod *pb = podsim_cluster_pod(loaded, b);
    same_kvs("labels", &pa->meta.labels, &pb->meta.labels);
    same_kvs("annotations", &pa->meta.annotations, &pb->meta.annotations);
    same_str("message", pa->status.message, pb->status.message);
    same_str("message", "a: b # c\n\"d\"", pb->status.message);
    const podsim_container *ca = &pa->spec.containers[0];
    const podsim_container *cb = &pb->spec.containers[0];
    same_int("command", (int64_t)ca->command.count, (int64_t)cb->command.count);
    for (size_t i = 0; i < ca->command.count; i++) {
        same_str("command", ca->command.items[i], cb->command.items[i]);
    }
    /* quoted only where YAML would misread */
    assert_non_null(strstr(text, "image: nginx:1.25\n"));
    static const struct {
        const char *value, *written;
    } quoted[] = {{"true", "\"true\""},
                  {"123", "\"123\""},
                  {"a: b", "\"a: b\""},
                  {"", "\"\""},
                  {"multi\nline", "\"multi\\nline\""},
                  {"nginx:1.25", "nginx:1.25"},
                  {"256Gi", "256Gi"},
                  {"x #y", "\"x #y\""},
                  {"12:30", "\"12:30\""}};
    for (size_t k = 0; k < sizeof quoted / sizeof quoted[0]; k++) {
        size_t i = 0;
        while (i < count && strcmp(tricky[i], quoted[k].value) != 0) i++;
        assert_true(i < count);
        char want[128];
        snprintf(want, sizeof want, "    l%zu: %s\n", i, quoted[k].written);
        if (!strstr(text, want)) fail_msg("not written as %s", want);
    }
    compare(sim, loaded);
    free(text);
    free(yaml);
    podsim_cluster_free(loaded);
    podsim_sim_free(sim);
    podsim_cluster_free(c);
}

/* ---- objects beyond pods and nodes --------------------------------------- */

static const char storage_yaml[] =
    "apiVersion: v1\nkind: Node\nmetadata:\n  name: n1\n"
    "  labels: {kubernetes.io/hostname: n1}\n"
    "spec:\n  taints:\n  - {key: dedicated, value: db, effect: NoSchedule}\n"
    "status:\n  allocatable: {cpu: '8', memory: 32Gi, pods: '110'}\n"
    "  capacity: {cpu: '8', memory: 32Gi, pods: '110'}\n"
    "  conditions: [{type: Ready, status: 'True'}]\n"
    "  nodeInfo: {kubeletVersion: v1.34.1, architecture: amd64}\n---\n"
    "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings, namespace: "
    "shop}\ndata: {mode: fast, 'app.properties': 'x=1'}\n---\n"
    "apiVersion: v1\nkind: Secret\nmetadata: {name: creds, namespace: shop}\n"
    "type: kubernetes.io/basic-auth\ndata: {username: YQ==, password: Yg==}\n"
    "---\n"
    "apiVersion: storage.k8s.io/v1\nkind: StorageClass\nmetadata: {name: "
    "fast}\nprovisioner: ebs.csi.aws.com\nvolumeBindingMode: "
    "WaitForFirstConsumer\n---\n"
    "apiVersion: v1\nkind: PersistentVolume\nmetadata: {name: pv-1}\nspec:\n"
    "  capacity: {storage: 10Gi}\n  accessModes: [ReadWriteOnce]\n"
    "  storageClassName: fast\n  csi: {driver: ebs.csi.aws.com, "
    "volumeHandle: vol-1}\n  claimRef: {namespace: shop, name: data}\n"
    "  nodeAffinity:\n    required:\n      nodeSelectorTerms:\n"
    "      - matchExpressions:\n        - {key: kubernetes.io/hostname, "
    "operator: In, values: [n1]}\nstatus: {phase: Bound}\n---\n"
    "apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: {name: data, "
    "namespace: shop}\nspec:\n  accessModes: [ReadWriteOnce, ReadWriteMany]\n"
    "  storageClassName: fast\n  resources: {requests: {storage: 5Gi}}\n"
    "  volumeName: pv-1\nstatus: {phase: Bound}\n---\n"
    "apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: {name: orphan, "
    "namespace: shop}\nspec:\n  accessModes: [ReadWriteOnce]\n"
    "  resources: {requests: {storage: 1Gi}}\n---\n"
    "apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: db, namespace: "
    "shop}\nspec:\n  replicas: 1\n  serviceName: db\n  selector: "
    "{matchLabels: {app: db}}\n  template:\n    metadata: {labels: {app: db}}\n"
    "    spec:\n      tolerations: [{key: dedicated, operator: Equal, value: "
    "db, effect: NoSchedule}]\n      affinity:\n        podAntiAffinity:\n"
    "          requiredDuringSchedulingIgnoredDuringExecution:\n"
    "          - labelSelector: {matchLabels: {app: db}}\n"
    "            topologyKey: kubernetes.io/hostname\n"
    "      containers:\n      - name: db\n        image: postgres:16\n"
    "        env:\n        - {name: MODE, valueFrom: {configMapKeyRef: {name: "
    "settings, key: mode}}}\n        - name: POD\n          valueFrom: "
    "{fieldRef: {fieldPath: metadata.name}}\n"
    "        envFrom: [{secretRef: {name: creds}, prefix: DB_}]\n"
    "        resources: {requests: {cpu: 500m, memory: 1Gi}, limits: {memory: "
    "1Gi}}\n        livenessProbe: {tcpSocket: {port: 5432}, periodSeconds: "
    "5}\n        readinessProbe: {exec: {command: [pg_isready]}}\n"
    "        volumeMounts: [{name: data, mountPath: /var/lib/pg}]\n"
    "  volumeClaimTemplates:\n  - metadata: {name: data}\n    spec: "
    "{accessModes: [ReadWriteOnce], resources: {requests: {storage: "
    "1Gi}}}\n---\n"
    "apiVersion: v1\nkind: Pod\nmetadata: {name: web, namespace: shop}\n"
    "spec:\n  topologySpreadConstraints:\n  - {maxSkew: 1, topologyKey: "
    "kubernetes.io/hostname, whenUnsatisfiable: ScheduleAnyway, "
    "labelSelector: {matchLabels: {app: web}}}\n  nodeSelector: "
    "{kubernetes.io/hostname: n1}\n  tolerations: [{operator: Exists}]\n"
    "  schedulingGates: [{name: example.com/wait}]\n"
    "  volumes:\n  - {name: cfg, configMap: {name: settings}}\n"
    "  - {name: sec, secret: {secretName: creds, optional: true}}\n"
    "  - {name: data, persistentVolumeClaim: {claimName: orphan}}\n"
    "  - {name: tmp, emptyDir: {}}\n"
    "  - name: proj\n    projected:\n      sources:\n"
    "      - configMap: {name: settings}\n      - secret: {name: creds}\n"
    "  - {name: nfs, nfs: {server: x, path: /}}\n"
    "  initContainers:\n  - {name: side, image: 'envoy:1', restartPolicy: "
    "Always, startupProbe: {httpGet: {path: /ready, port: admin}}}\n"
    "  containers:\n  - name: web\n    image: nginx:1.25\n"
    "    ports: [{containerPort: 80, name: http}]\n"
    "    lifecycle: {preStop: {sleep: {seconds: 5}}}\n"
    "    resources: {limits: {cpu: '1', memory: 1Gi}}\n";

static void test_objects(void **state) {
    (void)state;
    podsim_cluster *c = new_cluster();
    if (podsim_cluster_load_string(c, storage_yaml, strlen(storage_yaml),
                                   "storage", NULL)) {
        fail_msg("%s", podsim_cluster_error(c)->message);
    }
    podsim_sim *sim = new_sim(c, NULL, 3);
    assert_int_equal(podsim_sim_run_until(sim, 120000), PODSIM_OK);
    char *text = NULL;
    podsim_cluster *loaded = dump_and_load(sim, &text);
    compare(sim, loaded);
    podsim_id id;
    assert_int_equal(podsim_cluster_find(loaded, PODSIM_KIND_CONFIGMAP, "shop",
                                         "settings", &id),
                     PODSIM_OK);
    const podsim_config *cm =
        podsim_cluster_config(loaded, PODSIM_KIND_CONFIGMAP, id);
    assert_int_equal(cm->keys.count, 2);
    assert_int_equal(
        podsim_cluster_find(loaded, PODSIM_KIND_SECRET, "shop", "creds", &id),
        PODSIM_OK);
    const podsim_config *sec =
        podsim_cluster_config(loaded, PODSIM_KIND_SECRET, id);
    same_str("secret type", "kubernetes.io/basic-auth", sec->type);
    assert_int_equal(sec->keys.count, 2);
    /* values are never written */
    assert_null(strstr(text, "YQ=="));
    assert_int_equal(
        podsim_cluster_find(loaded, PODSIM_KIND_PERSISTENTVOLUMECLAIM, "shop",
                            "data", &id),
        PODSIM_OK);
    const podsim_pvc *pvc = podsim_cluster_pvc(loaded, id);
    same_str("pvc class", "fast", pvc->storage_class_name);
    same_str("pvc volume", "pv-1", pvc->volume_name);
    same_str("pvc phase", "Bound", pvc->phase);
    assert_int_equal(pvc->access_modes, 1u | 4u);
    assert_true(pvc->has_storage_request);
    assert_int_equal(
        podsim_cluster_find(loaded, PODSIM_KIND_PERSISTENTVOLUMECLAIM, "shop",
                            "orphan", &id),
        PODSIM_OK);
    assert_null(podsim_cluster_pvc(loaded, id)->storage_class_name);
    assert_int_equal(podsim_cluster_find(loaded, PODSIM_KIND_PERSISTENTVOLUME,
                                         NULL, "pv-1", &id),
                     PODSIM_OK);
    const podsim_pv *pv = podsim_cluster_pv(loaded, id);
    same_str("pv source", "csi", pv->source_type);
    same_str("pv driver", "ebs.csi.aws.com", pv->csi_driver);
    same_str("pv claim", "data", pv->claim_name);
    assert_non_null(pv->node_affinity);
    assert_int_equal(pv->node_affinity->term_count, 1);
    assert_int_equal(
        podsim_cluster_find(loaded, PODSIM_KIND_POD, "shop", "web", &id),
        PODSIM_OK);
    const podsim_pod *web = podsim_cluster_pod(loaded, id);
    assert_int_equal(web->spec.volume_count, 6);
    assert_int_equal(web->spec.volumes[4].ref_count, 2);
    same_str("other volume", "nfs", web->spec.volumes[5].type_name);
    assert_int_equal(web->spec.topology_spread_constraint_count, 1);
    assert_int_equal(web->spec.scheduling_gates.count, 1);
    assert_int_equal(web->spec.init_containers[0].kind,
                     PODSIM_CONTAINER_SIDECAR);
    same_str("named port", "admin:/ready",
             web->spec.init_containers[0].startup_probe->target);
    assert_int_equal(web->spec.containers[0].pre_stop, PODSIM_HANDLER_SLEEP);
    assert_int_equal(web->spec.containers[0].pre_stop_sleep_seconds, 5);
    /* the sidecar has no limits (ComputePodQOS looks at every container) */
    same_str("qos", "Burstable", web->status.qos_class);
    /* the StatefulSet's pod, from the template */
    assert_int_equal(
        podsim_cluster_find(loaded, PODSIM_KIND_POD, "shop", "db-0", &id),
        PODSIM_OK);
    const podsim_pod *db = podsim_cluster_pod(loaded, id);
    assert_non_null(db->spec.affinity);
    assert_non_null(db->spec.affinity->pod_anti_affinity);
    same_str("qos", "Burstable", db->status.qos_class);
    assert_int_equal(
        podsim_cluster_find(loaded, PODSIM_KIND_STATEFULSET, "shop", "db", &id),
        PODSIM_OK);
    const podsim_workload *sts =
        podsim_cluster_workload(loaded, PODSIM_KIND_STATEFULSET, id);
    assert_int_equal(sts->volume_claim_templates.count, 1);
    same_str("service", "db", sts->service_name);
    free(text);
    podsim_cluster_free(loaded);
    podsim_sim_free(sim);
    podsim_cluster_free(c);
}

/* ---- shape, determinism, errors ------------------------------------------ */

static void test_empty_and_shape(void **state) {
    (void)state;
    podsim_cluster *c = new_cluster();
    podsim_sim *sim = new_sim(c, NULL, 1);
    const char *text = NULL;
    size_t len = 0;
    assert_int_equal(podsim_sim_dump(sim, &text, &len), PODSIM_OK);
    same_str("empty dump",
             "apiVersion: v1\nitems: []\nkind: List\nmetadata:\n"
             "  resourceVersion: \"\"\n",
             text);
    podsim_cluster *loaded = new_cluster();
    assert_int_equal(podsim_cluster_load_string(loaded, text, len, NULL, NULL),
                     PODSIM_OK);
    for (int k = 0; k < PODSIM_KIND_COUNT; k++) {
        assert_int_equal(podsim_cluster_count(loaded, (podsim_kind)k), 0);
    }
    podsim_cluster_free(loaded);
    podsim_sim_free(sim);
    podsim_cluster_free(c);
}

static void test_deterministic_and_borrowed(void **state) {
    (void)state;
    char path[1024];
    assert_true(snprintf(path, sizeof path, "%s/sim/cluster-3-nodes.yaml",
                         data_dir()) < (int)sizeof path);
    podsim_cluster *c = new_cluster();
    assert_int_equal(podsim_cluster_load_file(c, path, NULL), PODSIM_OK);
    podsim_sim *sim = new_sim(c, NULL, 7);
    assert_true(snprintf(path, sizeof path, "%s/sim/broken-config.yaml",
                         data_dir()) < (int)sizeof path);
    assert_int_equal(podsim_sim_apply_file(sim, path, 0), PODSIM_OK);
    assert_int_equal(podsim_sim_run_until(sim, 90000), PODSIM_OK);
    const char *t1 = NULL, *t2 = NULL;
    size_t n1 = 0, n2 = 0;
    assert_int_equal(podsim_sim_dump(sim, &t1, &n1), PODSIM_OK);
    char *copy = strdup(t1);
    assert_int_equal(podsim_sim_dump(sim, &t2, &n2), PODSIM_OK);
    same_str("dump twice", copy, t2);
    podsim_sim *fork = NULL;
    assert_int_equal(podsim_sim_fork(sim, &fork), PODSIM_OK);
    assert_int_equal(podsim_sim_dump(fork, &t2, &n2), PODSIM_OK);
    same_str("fork", copy, t2);
    /* kubectl's shape: timestamps at whole seconds in UTC */
    assert_non_null(strstr(copy,
                           "apiVersion: v1\nitems:\n- apiVersion: v1\n"
                           "  kind: Node\n"));
    assert_non_null(
        strstr(copy, "creationTimestamp: \"2026-01-01T00:00:00Z\""));
    assert_non_null(strstr(copy, "    lastState: {}\n"));
    assert_non_null(strstr(copy, "      reason: ImagePullBackOff\n"));
    assert_non_null(strstr(copy, "      reason: CreateContainerConfigError\n"));
    assert_non_null(strstr(copy, "  reason: Failed\n"));
    assert_true(n1 == strlen(copy));
    free(copy);
    podsim_sim_free(fork);
    podsim_sim_free(sim);
    podsim_cluster_free(c);
}

static void test_errors(void **state) {
    (void)state;
    const char *text = NULL;
    size_t len = 0;
    assert_int_equal(podsim_sim_dump(NULL, &text, &len), PODSIM_EINVAL);
    podsim_cluster *c = new_cluster();
    podsim_sim *sim = new_sim(c, NULL, 1);
    assert_int_equal(podsim_sim_dump(sim, NULL, &len), PODSIM_EINVAL);
    assert_non_null(strstr(podsim_sim_error(sim)->message, "text"));
    assert_int_equal(podsim_sim_dump(sim, &text, NULL), PODSIM_OK);
    assert_string_equal(podsim_sim_error(sim)->message, "");
    podsim_sim_free(sim);
    podsim_cluster_free(c);
}

/* A node lost mid-run: Unknown conditions, the lifecycle taints with their
   timeAdded, pods Terminating on it, and their events. */
static void test_lost_node(void **state) {
    (void)state;
    char path[1024];
    assert_true(snprintf(path, sizeof path, "%s/sim/cluster-3-nodes.yaml",
                         data_dir()) < (int)sizeof path);
    podsim_cluster *c = new_cluster();
    assert_int_equal(podsim_cluster_load_file(c, path, NULL), PODSIM_OK);
    podsim_sim *sim = new_sim(c, "1.34", 7);
    assert_true(snprintf(path, sizeof path, "%s/sim/whatif-workloads.yaml",
                         data_dir()) < (int)sizeof path);
    assert_int_equal(podsim_sim_apply_file(sim, path, 0), PODSIM_OK);
    assert_int_equal(
        podsim_sim_fail_node(sim, "node-b", 60000, PODSIM_NODE_UNREACHABLE),
        PODSIM_OK);
    assert_int_equal(podsim_sim_run_until(sim, 60000 + 400500), PODSIM_OK);
    char *text = NULL;
    podsim_cluster *loaded = dump_and_load(sim, &text);
    compare(sim, loaded);
    podsim_id id;
    assert_int_equal(
        podsim_cluster_find(loaded, PODSIM_KIND_NODE, NULL, "node-b", &id),
        PODSIM_OK);
    const podsim_node *n = podsim_cluster_node(loaded, id);
    bool unknown = false;
    for (size_t i = 0; i < n->condition_count; i++) {
        if (!strcmp(n->conditions[i].type, "Ready")) {
            unknown = !strcmp(n->conditions[i].status, "Unknown");
            same_str("reason", "NodeStatusUnknown", n->conditions[i].reason);
            /* the kubelet last reported when it went silent (60 s, the
               default heartbeat age 0), so a diagnosis of the dump can
               say how long the node has been silent */
            same_int("lastHeartbeatTime", n->conditions[i].last_heartbeat_time,
                     podsim_sim_epoch_ms(sim) + 60000);
        }
    }
    assert_true(unknown);
    assert_true(n->taint_count >= 2);
    assert_non_null(strstr(text, "key: node.kubernetes.io/unreachable\n"));
    assert_non_null(strstr(text, "deletionTimestamp: "));
    free(text);
    podsim_cluster_free(loaded);
    podsim_sim_free(sim);
    podsim_cluster_free(c);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_empty_and_shape),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_deterministic_and_borrowed),
        cmocka_unit_test(test_tricky_strings),
        cmocka_unit_test(test_objects),
        cmocka_unit_test(test_lost_node),
        cmocka_unit_test(test_shared_scenarios),
        cmocka_unit_test(test_examples_cluster),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
