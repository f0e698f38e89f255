/*
 * printer.c - the outputs layer: kubectl's tables over the model.
 *
 * Kubernetes behaviour reproduced, with the upstream source it follows:
 *   - `kubectl get pods` READY / STATUS / RESTARTS / AGE: printPod in
 *     kubernetes/kubernetes pkg/printers/internalversion/printers.go (the
 *     API server runs it for server-side table printing, so the cluster's
 *     version decides which variant applies; see POD_ERROR_REASON_MINOR).
 *   - `kubectl get nodes` STATUS / ROLES / VERSION and the wide columns:
 *     printNode, getNodeInternalIP, getNodeExternalIP and findNodeRoles in
 *     the same file.
 *   - AGE cells: translateTimestampSince there, i.e.
 *     duration.HumanDuration(now - t) or "<unknown>" (see timefmt.c).
 *   - Column layout: kubectl's tab writer (k8s.io/cli-runtime pkg/printers
 *     tabwriter.go: minwidth 6, padding 3, pad char ' '): every column but
 *     the last is padded to its widest cell plus 3 spaces, at least 6.
 *   - Row order: what a LIST returns, i.e. etcd key order of
 *     /registry/pods/<namespace>/<name> and /registry/minions/<name>
 *     (bytewise, '/' included, which is not quite "namespace then name").
 *   - The node requests table is podsim's own; its percentages are those of
 *     `kubectl describe node` "Allocated resources" (describeNodeResource in
 *     staging/src/k8s.io/kubectl/pkg/describe/describe.go):
 *     int64(float64(req)/float64(alloc)*100), milli-units for cpu, units
 *     for memory, allocatable falling back to capacity when empty.
 *
 * This file reads the model only through the public views of podsim.h; the
 * private struct is used for the two borrowed text buffers and errors.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"

/* k8s.io/cli-runtime/pkg/printers/tabwriter.go */
#define TABWRITER_MIN_WIDTH 6
#define TABWRITER_PADDING 3

/* printers.go: labelNodeRolePrefix, nodeLabelRole */
#define NODE_ROLE_LABEL_PREFIX "node-role.kubernetes.io/"
#define NODE_ROLE_LABEL "kubernetes.io/role"

/* k8s.io/kubernetes/pkg/util/node: NodeUnreachablePodReason */
#define NODE_UNREACHABLE_POD_REASON "NodeLost"

/* Minor version used when the cluster's version string is unreadable. */
#define DEFAULT_KUBERNETES_MINOR 34

/*
 * From 1.35 printPod lets a failed container's reason replace "Completed"
 * (kubernetes/kubernetes PR #124766, approved 2025-09-02, after the 1.34
 * release): a pod whose containers ended as Completed and Error shows Error.
 * 1.34 and earlier show whatever the lowest-index container says.
 */
#define POD_ERROR_REASON_MINOR 35

#define MAX_TABLE_COLUMNS 16

#if defined(__GNUC__)
#define PRINTF_LIKE(fmt, args) __attribute__((format(printf, fmt, args)))
#else
#define PRINTF_LIKE(fmt, args)
#endif

/* ---- file-local types ------------------------------------------------ */

/** Cells of one table, row by row, each NUL-terminated inside `text`. */
typedef struct table {
    size_t columns;
    strbuf text;
    vec offsets; /* size_t: where each cell starts in text */
    bool failed; /* out of memory outside text */
} table;

/** The working state of printPod for one pod. */
typedef struct pod_summary {
    int64_t ready_containers;
    int64_t total_containers;
    int64_t restarts;
    int64_t last_restart; /* PODSIM_NO_TIME stands for Go's zero time */
    strbuf reason;        /* the STATUS cell */
    strbuf error_reason;  /* 1.35+: reason of a container that failed */
} pod_summary;

/** An object's storage key, compared bytewise as etcd orders them. */
typedef struct sort_entry {
    const char *namespace_; /* NULL for cluster-scoped objects */
    const char *name;
    podsim_id id;
} sort_entry;

typedef struct key_cursor {
    const char *namespace_;
    const char *name;
} key_cursor;

/* ---- static prototypes ------------------------------------------------ */

static const char *text_or_empty(const char *text);
static bool text_is(const char *text, const char *want);
static bool text_is_empty(const char *text);
static int64_t later_of(int64_t a, int64_t b);
static int64_t elapsed_ms(int64_t since, int64_t as_of);
static int kubernetes_minor(const podsim_cluster *c);

static int64_t newest_in_conditions(int64_t newest,
                                    const podsim_condition *conditions,
                                    size_t count);
static int64_t newest_in_state(int64_t newest,
                               const podsim_container_state *state);
static int64_t newest_in_statuses(int64_t newest,
                                  const podsim_container_status *statuses,
                                  size_t count);
static int64_t newest_in_pod(int64_t newest, const podsim_pod *pod);
static int64_t newest_in_node(int64_t newest, const podsim_node *node);
static int64_t newest_in_event(int64_t newest, const podsim_event *event);
static int64_t newest_model_time(const podsim_cluster *c);
static int64_t resolve_as_of(const podsim_cluster *c, int64_t as_of_ms);

static void write_age(strbuf *out, int64_t since, int64_t as_of);

static bool is_restartable_init_container(const podsim_pod *pod,
                                          const char *name);
static bool initialized_condition_true(const podsim_pod_status *status);
static bool has_ready_condition(const podsim_pod_status *status);
static bool phase_is_terminal(const podsim_pod_status *status);
static void reason_set(strbuf *reason, const char *text);
static void reason_from_termination(strbuf *reason, const char *prefix,
                                    const podsim_container_state *state);
static void pod_summary_init(pod_summary *s);
static void pod_summary_release(pod_summary *s);
static bool summarize_init_containers(const podsim_pod *pod, pod_summary *s,
                                      int64_t *sidecar_restarts,
                                      int64_t *last_sidecar_restart);
static void summarize_containers(const podsim_pod *pod, int minor,
                                 pod_summary *s);
static void summarize_pod(const podsim_pod *pod, int minor, pod_summary *s);
static void write_pod_cells(const podsim_pod *pod, int minor, int64_t as_of,
                            pod_summary *s, strbuf *out, size_t at[4]);

static void table_init(table *t, size_t columns);
static void table_release(table *t);
static bool table_start_cell(table *t);
static void table_cell(table *t, const char *text);
static void table_cellf(table *t, const char *fmt, ...) PRINTF_LIKE(2, 3);
static void table_cell_or(table *t, const char *text, const char *fallback);
static bool table_failed(const table *t);
static size_t display_width(const char *text);
static void table_write(const table *t, strbuf *out);

static int key_next_byte(key_cursor *k);
static int compare_storage_keys(const void *a, const void *b);
static sort_entry *sorted_objects(const podsim_cluster *c, podsim_kind kind,
                                  size_t *count_out);

static void node_status_cell(const podsim_node *node, table *t);
static int compare_strings(const void *a, const void *b);
static void node_roles_cell(const podsim_node *node, table *t);
static void node_address_cell(const podsim_node *node, const char *type,
                              table *t);
static void render_nodes(const podsim_cluster *c, bool wide, int64_t as_of,
                         table *t);

/* printPod's READINESS GATES: conditions True among spec.readinessGates. */
static void write_readiness_gates(table *t, const podsim_pod *pod) {
    const podsim_strings *gates = &pod->spec.readiness_gates;
    if (!gates->count) {
        table_cell(t, "<none>");
        return;
    }
    size_t ready = 0;
    for (size_t g = 0; g < gates->count; g++) {
        for (size_t i = 0; i < pod->status.condition_count; i++) {
            const podsim_condition *cond = &pod->status.conditions[i];
            if (strcmp(cond->type, gates->items[g]) == 0) {
                if (strcmp(cond->status, "True") == 0) ready++;
                break;
            }
        }
    }
    char cell[48];
    snprintf(cell, sizeof cell, "%zu/%zu", ready, gates->count);
    table_cell(t, cell);
}

static void render_pods(const podsim_cluster *c, bool wide, int64_t as_of,
                        table *t);
static podsim_quantity resource_or_zero(const podsim_resources *list,
                                        const char *name);
static const podsim_resources *node_allocatable(const podsim_node *node);
static void quantity_cell(table *t, const podsim_quantity *q);
static void percent_cell(table *t, const podsim_quantity *requested,
                         const podsim_quantity *allocatable, bool milli);
static void render_node_requests(const podsim_cluster *c, table *t);
static void render_view(const podsim_cluster *c, podsim_view view, bool wide,
                        int64_t as_of, table *t);

/* ---- small helpers ---------------------------------------------------- */

static const char *text_or_empty(const char *text) {
    return text ? text : "";
}

static bool text_is(const char *text, const char *want) {
    return text && strcmp(text, want) == 0;
}

static bool text_is_empty(const char *text) {
    return !text || !*text;
}

static int64_t later_of(int64_t a, int64_t b) {
    return b > a ? b : a;
}

/* as_of - since without overflow (both may be any int64). */
static int64_t elapsed_ms(int64_t since, int64_t as_of) {
    if (since < 0 && as_of > INT64_MAX + since) return INT64_MAX;
    if (since > 0 && as_of < INT64_MIN + since) return INT64_MIN;
    return as_of - since;
}

/* "1.34" -> 34: printPod changed between releases. */
static int kubernetes_minor(const podsim_cluster *c) {
    const char *version = podsim_cluster_kubernetes_version(c);
    if (!version || version[0] != '1' || version[1] != '.') {
        return DEFAULT_KUBERNETES_MINOR;
    }
    const char *p = version + 2;
    if (*p < '0' || *p > '9') return DEFAULT_KUBERNETES_MINOR;
    int minor = 0;
    for (; *p >= '0' && *p <= '9' && minor < 1000; p++) {
        minor = minor * 10 + (*p - '0');
    }
    return minor;
}

/* ---- as_of: the newest timestamp in the model -------------------------- */

static int64_t newest_in_conditions(int64_t newest,
                                    const podsim_condition *conditions,
                                    size_t count) {
    for (size_t i = 0; i < count; i++) {
        newest = later_of(newest, conditions[i].last_transition_time);
        newest = later_of(newest, conditions[i].last_heartbeat_time);
        newest = later_of(newest, conditions[i].last_probe_time);
    }
    return newest;
}

static int64_t newest_in_state(int64_t newest,
                               const podsim_container_state *state) {
    newest = later_of(newest, state->started_at);
    return later_of(newest, state->finished_at);
}

static int64_t newest_in_statuses(int64_t newest,
                                  const podsim_container_status *statuses,
                                  size_t count) {
    for (size_t i = 0; i < count; i++) {
        newest = newest_in_state(newest, &statuses[i].state);
        newest = newest_in_state(newest, &statuses[i].last_state);
    }
    return newest;
}

static int64_t newest_in_pod(int64_t newest, const podsim_pod *pod) {
    const podsim_pod_status *st = &pod->status;
    newest = later_of(newest, st->start_time);
    newest = newest_in_conditions(newest, st->conditions, st->condition_count);
    newest = newest_in_statuses(newest, st->init_container_statuses,
                                st->init_container_status_count);
    return newest_in_statuses(newest, st->container_statuses,
                              st->container_status_count);
}

static int64_t newest_in_node(int64_t newest, const podsim_node *node) {
    return newest_in_conditions(newest, node->conditions,
                                node->condition_count);
}

static int64_t newest_in_event(int64_t newest, const podsim_event *event) {
    newest = later_of(newest, event->first_timestamp);
    newest = later_of(newest, event->last_timestamp);
    return later_of(newest, event->event_time);
}

/*
 * The instant a dump was taken, as well as the model can tell: the newest
 * creation time, condition time (node heartbeats included), container
 * start/finish time, pod start time or event time. Deletion timestamps are
 * left out: they lie in the future by the grace period.
 */
static int64_t newest_model_time(const podsim_cluster *c) {
    int64_t newest = PODSIM_NO_TIME;
    for (int kind = 0; kind < PODSIM_KIND_COUNT; kind++) {
        size_t count = podsim_cluster_count(c, (podsim_kind)kind);
        for (size_t i = 0; i < count; i++) {
            const podsim_meta *meta =
                object_meta(c, (podsim_kind)kind, (podsim_id)i);
            if (meta) newest = later_of(newest, meta->creation_timestamp);
        }
    }
    size_t pods = podsim_cluster_count(c, PODSIM_KIND_POD);
    for (size_t i = 0; i < pods; i++) {
        newest = newest_in_pod(newest, podsim_cluster_pod(c, (podsim_id)i));
    }
    size_t nodes = podsim_cluster_count(c, PODSIM_KIND_NODE);
    for (size_t i = 0; i < nodes; i++) {
        newest = newest_in_node(newest, podsim_cluster_node(c, (podsim_id)i));
    }
    size_t events = podsim_cluster_count(c, PODSIM_KIND_EVENT);
    for (size_t i = 0; i < events; i++) {
        newest = newest_in_event(newest, podsim_cluster_event(c, (podsim_id)i));
    }
    return newest;
}

/* The scan is cached on the handle until the next load changes the model
   (cluster_commit clears it), so printing every row stays linear. */
static int64_t resolve_as_of(const podsim_cluster *c, int64_t as_of_ms) {
    if (as_of_ms != PODSIM_NO_TIME) return as_of_ms;
    podsim_cluster *cache = (podsim_cluster *)c;
    if (!cache->newest_time_known) {
        cache->newest_time = newest_model_time(c);
        cache->newest_time_known = true;
    }
    return cache->newest_time;
}

int64_t cluster_newest_time(const podsim_cluster *c) {
    return resolve_as_of(c, PODSIM_NO_TIME);
}

/* translateTimestampSince: "<unknown>" for a zero time. */
static void write_age(strbuf *out, int64_t since, int64_t as_of) {
    if (since == PODSIM_NO_TIME || as_of == PODSIM_NO_TIME) {
        strbuf_puts(out, "<unknown>");
        return;
    }
    human_duration(elapsed_ms(since, as_of), out);
}

/* ---- printPod ---------------------------------------------------------- */

/* podutil.IsRestartableInitContainer(initContainers[name]): the status is
   matched to the spec by name; a status without a spec entry is not one. */
static bool is_restartable_init_container(const podsim_pod *pod,
                                          const char *name) {
    for (size_t i = 0; i < pod->spec.init_container_count; i++) {
        const podsim_container *spec = &pod->spec.init_containers[i];
        if (strcmp(text_or_empty(spec->name), text_or_empty(name)) == 0) {
            return spec->kind == PODSIM_CONTAINER_SIDECAR;
        }
    }
    return false;
}

/* printers.go isPodInitializedConditionTrue: the first Initialized
   condition decides. */
static bool initialized_condition_true(const podsim_pod_status *status) {
    for (size_t i = 0; i < status->condition_count; i++) {
        const podsim_condition *cond = &status->conditions[i];
        if (!text_is(cond->type, "Initialized")) continue;
        return text_is(cond->status, "True");
    }
    return false;
}

/* printers.go hasPodReadyCondition: any Ready=True condition. */
static bool has_ready_condition(const podsim_pod_status *status) {
    for (size_t i = 0; i < status->condition_count; i++) {
        const podsim_condition *cond = &status->conditions[i];
        if (text_is(cond->type, "Ready") && text_is(cond->status, "True")) {
            return true;
        }
    }
    return false;
}

/* podutil.IsPodPhaseTerminal; an absent phase is not terminal. */
static bool phase_is_terminal(const podsim_pod_status *status) {
    return status->has_phase && (status->phase == PODSIM_PHASE_SUCCEEDED ||
                                 status->phase == PODSIM_PHASE_FAILED);
}

static void reason_set(strbuf *reason, const char *text) {
    strbuf_clear(reason);
    strbuf_puts(reason, text_or_empty(text));
}

/* A terminated state as printPod names it: its reason, else "Signal:N",
   else "ExitCode:N", after `prefix` ("Init:" for init containers). */
static void reason_from_termination(strbuf *reason, const char *prefix,
                                    const podsim_container_state *state) {
    strbuf_clear(reason);
    strbuf_puts(reason, prefix);
    if (!text_is_empty(state->reason)) {
        strbuf_puts(reason, state->reason);
    } else if (state->signal != 0) {
        strbuf_printf(reason, "Signal:%d", (int)state->signal);
    } else {
        strbuf_printf(reason, "ExitCode:%d", (int)state->exit_code);
    }
}

static void pod_summary_init(pod_summary *s) {
    s->ready_containers = 0;
    s->total_containers = 0;
    s->restarts = 0;
    s->last_restart = PODSIM_NO_TIME;
    strbuf_init(&s->reason);
    strbuf_init(&s->error_reason);
}

static void pod_summary_release(pod_summary *s) {
    strbuf_release(&s->reason);
    strbuf_release(&s->error_reason);
}

/*
 * printPod's loop over status.initContainerStatuses. It stops at the first
 * init container that is neither finished (exit 0) nor a started sidecar,
 * and names it in the reason. Returns `initializing`.
 */
static bool summarize_init_containers(const podsim_pod *pod, pod_summary *s,
                                      int64_t *sidecar_restarts,
                                      int64_t *last_sidecar_restart) {
    const podsim_pod_status *status = &pod->status;
    for (size_t i = 0; i < status->init_container_status_count; i++) {
        const podsim_container_status *cs = &status->init_container_statuses[i];
        const podsim_container_state *state = &cs->state;
        bool sidecar = is_restartable_init_container(pod, cs->name);

        s->restarts += cs->restart_count;
        if (cs->last_state.kind == PODSIM_STATE_TERMINATED) {
            s->last_restart =
                later_of(s->last_restart, cs->last_state.finished_at);
        }
        if (sidecar) {
            *sidecar_restarts += cs->restart_count;
            if (cs->last_state.kind == PODSIM_STATE_TERMINATED) {
                *last_sidecar_restart =
                    later_of(*last_sidecar_restart, cs->last_state.finished_at);
            }
        }

        if (state->kind == PODSIM_STATE_TERMINATED && state->exit_code == 0) {
            continue;
        }
        if (sidecar && cs->started.set && cs->started.value != 0) {
            if (cs->ready) s->ready_containers++;
            continue;
        }
        if (state->kind == PODSIM_STATE_TERMINATED) {
            /* initialization failed */
            reason_from_termination(&s->reason, "Init:", state);
        } else if (state->kind == PODSIM_STATE_WAITING &&
                   !text_is_empty(state->reason) &&
                   !text_is(state->reason, "PodInitializing")) {
            strbuf_clear(&s->reason);
            strbuf_printf(&s->reason, "Init:%s", state->reason);
        } else {
            strbuf_clear(&s->reason);
            strbuf_printf(&s->reason, "Init:%zu/%zu", i,
                          pod->spec.init_container_count);
        }
        return true;
    }
    return false;
}

/*
 * printPod's loop over status.containerStatuses, walked from last to first
 * so that the lowest-index container with something to say wins. Restarts
 * start again from the sidecars' count: regular init containers only count
 * while the pod is initializing.
 */
static void summarize_containers(const podsim_pod *pod, int minor,
                                 pod_summary *s) {
    const podsim_pod_status *status = &pod->status;
    bool has_running = false;
    strbuf_clear(&s->error_reason);
    for (size_t i = status->container_status_count; i-- > 0;) {
        const podsim_container_status *cs = &status->container_statuses[i];
        const podsim_container_state *state = &cs->state;

        s->restarts += cs->restart_count;
        if (cs->last_state.kind == PODSIM_STATE_TERMINATED) {
            s->last_restart =
                later_of(s->last_restart, cs->last_state.finished_at);
        }
        if (state->kind == PODSIM_STATE_WAITING &&
            !text_is_empty(state->reason)) {
            reason_set(&s->reason, state->reason);
        } else if (state->kind == PODSIM_STATE_TERMINATED) {
            reason_from_termination(&s->reason, "", state);
            if (minor >= POD_ERROR_REASON_MINOR && state->exit_code != 0) {
                reason_set(&s->error_reason, strbuf_str(&s->reason));
                if (s->reason.failed) s->error_reason.failed = true;
            }
        } else if (cs->ready && state->kind == PODSIM_STATE_RUNNING) {
            has_running = true;
            s->ready_containers++;
        }
    }

    /* "Completed" with a container still running is not the pod's story */
    if (!text_is(strbuf_str(&s->reason), "Completed")) return;
    bool ready = has_ready_condition(status);
    if (minor >= POD_ERROR_REASON_MINOR) {
        if (has_running && ready) {
            reason_set(&s->reason, "Running");
        } else if (s->error_reason.len > 0) {
            reason_set(&s->reason, strbuf_str(&s->error_reason));
        } else if (has_running) {
            reason_set(&s->reason, "NotReady");
        }
    } else if (has_running) {
        reason_set(&s->reason, ready ? "Running" : "NotReady");
    }
}

/* printPod, up to the cells: READY counts, STATUS reason, restarts. */
static void summarize_pod(const podsim_pod *pod, int minor, pod_summary *s) {
    const podsim_pod_status *status = &pod->status;

    /* the summary is reused from pod to pod */
    s->ready_containers = 0;
    s->restarts = 0;
    s->last_restart = PODSIM_NO_TIME;
    strbuf_clear(&s->error_reason);
    s->total_containers = (int64_t)pod->spec.container_count;
    reason_set(&s->reason,
               status->has_phase ? podsim_phase_name(status->phase) : "");
    if (!text_is_empty(status->reason)) reason_set(&s->reason, status->reason);

    /* {type: PodScheduled, reason: SchedulingGated} */
    for (size_t i = 0; i < status->condition_count; i++) {
        const podsim_condition *cond = &status->conditions[i];
        if (text_is(cond->type, "PodScheduled") &&
            text_is(cond->reason, "SchedulingGated")) {
            reason_set(&s->reason, "SchedulingGated");
        }
    }

    /* native sidecars count in READY's denominator */
    for (size_t i = 0; i < pod->spec.init_container_count; i++) {
        if (pod->spec.init_containers[i].kind == PODSIM_CONTAINER_SIDECAR) {
            s->total_containers++;
        }
    }

    int64_t sidecar_restarts = 0;
    int64_t last_sidecar_restart = PODSIM_NO_TIME;
    bool initializing = summarize_init_containers(pod, s, &sidecar_restarts,
                                                  &last_sidecar_restart);
    if (!initializing || initialized_condition_true(status)) {
        s->restarts = sidecar_restarts;
        s->last_restart = last_sidecar_restart;
        summarize_containers(pod, minor, s);
    }

    if (pod->meta.deletion_timestamp != PODSIM_NO_TIME &&
        text_is(status->reason, NODE_UNREACHABLE_POD_REASON)) {
        reason_set(&s->reason, "Unknown");
    } else if (pod->meta.deletion_timestamp != PODSIM_NO_TIME &&
               !phase_is_terminal(status)) {
        reason_set(&s->reason, "Terminating");
    }
}

/*
 * READY, STATUS, RESTARTS and AGE of one pod into `out`, each followed by a
 * NUL; at[i] is where cell i starts. Offsets, not pointers: `out` may move
 * while it grows.
 */
static void write_pod_cells(const podsim_pod *pod, int minor, int64_t as_of,
                            pod_summary *s, strbuf *out, size_t at[4]) {
    summarize_pod(pod, minor, s);

    at[0] = out->len;
    strbuf_printf(out, "%lld/%lld", (long long)s->ready_containers,
                  (long long)s->total_containers);
    strbuf_append(out, "", 1);

    at[1] = out->len;
    strbuf_puts(out, strbuf_str(&s->reason));
    strbuf_append(out, "", 1);

    at[2] = out->len;
    strbuf_printf(out, "%lld", (long long)s->restarts);
    if (s->restarts != 0 && s->last_restart != PODSIM_NO_TIME) {
        strbuf_puts(out, " (");
        write_age(out, s->last_restart, as_of);
        strbuf_puts(out, " ago)");
    }
    strbuf_append(out, "", 1);

    at[3] = out->len;
    write_age(out, pod->meta.creation_timestamp, as_of);
    strbuf_append(out, "", 1);
}

/* ---- tables ------------------------------------------------------------ */

static void table_init(table *t, size_t columns) {
    t->columns = columns;
    strbuf_init(&t->text);
    vec_init(&t->offsets, sizeof(size_t));
    t->failed = false;
}

static void table_release(table *t) {
    strbuf_release(&t->text);
    vec_release(&t->offsets);
}

static bool table_start_cell(table *t) {
    size_t *offset = vec_push(&t->offsets);
    if (!offset) {
        t->failed = true;
        return false;
    }
    *offset = t->text.len;
    return true;
}

static void table_cell(table *t, const char *text) {
    if (!table_start_cell(t)) return;
    strbuf_puts(&t->text, text_or_empty(text));
    strbuf_append(&t->text, "", 1);
}

static void table_cellf(table *t, const char *fmt, ...) {
    if (!table_start_cell(t)) return;
    va_list ap;
    va_start(ap, fmt);
    strbuf_vprintf(&t->text, fmt, ap);
    va_end(ap);
    strbuf_append(&t->text, "", 1);
}

/* kubectl's "<none>" / "<unknown>" placeholders for empty strings. */
static void table_cell_or(table *t, const char *text, const char *fallback) {
    table_cell(t, text_is_empty(text) ? fallback : text);
}

static bool table_failed(const table *t) {
    return t->failed || t->text.failed;
}

/* Go's tabwriter measures cells in runes: count UTF-8 lead bytes. */
static size_t display_width(const char *text) {
    size_t width = 0;
    for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
        if ((*p & 0xC0) != 0x80) width++;
    }
    return width;
}

/*
 * The tab writer's layout: each column but the last is as wide as its
 * widest cell plus the padding (never less than the minimum width), cells
 * are left-aligned and padded with spaces; the last cell of a line is not
 * tab-terminated, so it is written as is.
 */
static void table_write(const table *t, strbuf *out) {
    size_t cells = t->offsets.len;
    size_t columns = t->columns;
    size_t widths[MAX_TABLE_COLUMNS] = {0};
    for (size_t i = 0; i < cells; i++) {
        size_t column = i % columns;
        if (column == columns - 1) continue;
        const char *text = t->text.data + *(size_t *)vec_at(&t->offsets, i);
        size_t width = display_width(text) + TABWRITER_PADDING;
        if (width < TABWRITER_MIN_WIDTH) width = TABWRITER_MIN_WIDTH;
        if (width > widths[column]) widths[column] = width;
    }
    for (size_t i = 0; i < cells; i++) {
        size_t column = i % columns;
        const char *text = t->text.data + *(size_t *)vec_at(&t->offsets, i);
        strbuf_puts(out, text);
        if (column == columns - 1) {
            strbuf_putc(out, '\n');
            continue;
        }
        for (size_t pad = display_width(text); pad < widths[column]; pad++) {
            strbuf_putc(out, ' ');
        }
    }
}

/* ---- row order ---------------------------------------------------------- */

/* The bytes of "<namespace>/<name>" (or "<name>"), then -1. */
static int key_next_byte(key_cursor *k) {
    if (k->namespace_) {
        if (*k->namespace_) return (unsigned char)*k->namespace_++;
        k->namespace_ = NULL;
        return '/';
    }
    if (*k->name) return (unsigned char)*k->name++;
    return -1;
}

static int compare_storage_keys(const void *a, const void *b) {
    const sort_entry *ea = a;
    const sort_entry *eb = b;
    key_cursor ka = {ea->namespace_, ea->name};
    key_cursor kb = {eb->namespace_, eb->name};
    for (;;) {
        int ca = key_next_byte(&ka);
        int cb = key_next_byte(&kb);
        if (ca != cb) return ca < cb ? -1 : 1;
        if (ca < 0) break;
    }
    /* names are unique per kind; ids keep the sort total anyway */
    return ea->id < eb->id ? -1 : ea->id > eb->id;
}

/* Nodes or pods in LIST order. NULL with *count_out > 0 when out of memory. */
static sort_entry *sorted_objects(const podsim_cluster *c, podsim_kind kind,
                                  size_t *count_out) {
    size_t total = podsim_cluster_count(c, kind);
    *count_out = 0;
    if (total == 0) return NULL;
    sort_entry *entries = malloc(total * sizeof *entries);
    if (!entries) {
        *count_out = total;
        return NULL;
    }
    size_t count = 0;
    for (size_t i = 0; i < total; i++) {
        /* pods a simulation deleted are gone from every listing */
        if (kind == PODSIM_KIND_POD &&
            podsim_cluster_pod(c, (podsim_id)i)->removed) {
            continue;
        }
        if (kind == PODSIM_KIND_NODE &&
            podsim_cluster_node(c, (podsim_id)i)->removed) {
            continue;
        }
        const podsim_meta *meta = object_meta(c, kind, (podsim_id)i);
        sort_entry *e = &entries[count++];
        e->id = (podsim_id)i;
        e->name = meta ? text_or_empty(meta->name) : "";
        e->namespace_ = NULL;
        if (podsim_kind_is_namespaced(kind)) {
            e->namespace_ = meta && !text_is_empty(meta->namespace_)
                                ? meta->namespace_
                                : "default";
        }
    }
    *count_out = count;
    qsort(entries, count, sizeof *entries, compare_storage_keys);
    return entries;
}

/* ---- kubectl get nodes (printNode) -------------------------------------- */

/* Ready / NotReady (False or Unknown) / Unknown (no Ready condition), and
   ",SchedulingDisabled" when cordoned. Upstream builds a map by condition
   type, so the last Ready condition in the list wins. */
void node_status_text(const podsim_node *node, char *out, size_t cap) {
    const podsim_condition *ready = NULL;
    for (size_t i = 0; i < node->condition_count; i++) {
        if (text_is(node->conditions[i].type, "Ready")) {
            ready = &node->conditions[i];
        }
    }
    const char *status = "Unknown";
    if (ready) status = text_is(ready->status, "True") ? "Ready" : "NotReady";
    snprintf(out, cap, "%s%s", status,
             node->unschedulable ? ",SchedulingDisabled" : "");
}

static void node_status_cell(const podsim_node *node, table *t) {
    char status[40];
    node_status_text(node, status, sizeof status);
    table_cell(t, status);
}

static int compare_strings(const void *a, const void *b) {
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* findNodeRoles: node-role.kubernetes.io/<role> keys and the value of
   kubernetes.io/role, as a sorted set joined by ","; "<none>" if empty. */
static void node_roles_cell(const podsim_node *node, table *t) {
    const podsim_kvs *labels = &node->meta.labels;
    size_t prefix_len = strlen(NODE_ROLE_LABEL_PREFIX);
    const char **roles = NULL;
    size_t count = 0;
    if (labels->count > 0) {
        roles = malloc(labels->count * sizeof *roles);
        if (!roles) {
            t->failed = true;
            return;
        }
    }
    for (size_t i = 0; i < labels->count; i++) {
        const char *key = text_or_empty(labels->items[i].key);
        const char *value = text_or_empty(labels->items[i].value);
        if (strncmp(key, NODE_ROLE_LABEL_PREFIX, prefix_len) == 0) {
            if (key[prefix_len]) roles[count++] = key + prefix_len;
        } else if (strcmp(key, NODE_ROLE_LABEL) == 0 && *value) {
            roles[count++] = value;
        }
    }
    if (count == 0) {
        table_cell(t, "<none>");
        free(roles);
        return;
    }
    qsort(roles, count, sizeof *roles, compare_strings);
    if (table_start_cell(t)) {
        for (size_t i = 0; i < count; i++) {
            if (i > 0 && strcmp(roles[i], roles[i - 1]) == 0) continue;
            if (i > 0) strbuf_putc(&t->text, ',');
            strbuf_puts(&t->text, roles[i]);
        }
        strbuf_append(&t->text, "", 1);
    }
    free(roles);
}

/* getNodeInternalIP / getNodeExternalIP: the first address of the type. */
static void node_address_cell(const podsim_node *node, const char *type,
                              table *t) {
    for (size_t i = 0; i < node->address_count; i++) {
        if (text_is(node->addresses[i].type, type)) {
            table_cell(t, node->addresses[i].address);
            return;
        }
    }
    table_cell(t, "<none>");
}

static void render_nodes(const podsim_cluster *c, bool wide, int64_t as_of,
                         table *t) {
    static const char *const header[] = {
        "NAME",           "STATUS",           "ROLES",       "AGE",
        "VERSION",        "INTERNAL-IP",      "EXTERNAL-IP", "OS-IMAGE",
        "KERNEL-VERSION", "CONTAINER-RUNTIME"};
    table_init(t, wide ? 10 : 5);
    for (size_t i = 0; i < t->columns; i++) table_cell(t, header[i]);

    size_t count;
    sort_entry *order = sorted_objects(c, PODSIM_KIND_NODE, &count);
    if (count > 0 && !order) {
        t->failed = true;
        return;
    }
    strbuf age;
    strbuf_init(&age);
    for (size_t i = 0; i < count && !table_failed(t); i++) {
        const podsim_node *node = podsim_cluster_node(c, order[i].id);
        const podsim_node_system_info *info = &node->node_info;
        table_cell(t, node->meta.name);
        node_status_cell(node, t);
        node_roles_cell(node, t);
        strbuf_clear(&age);
        write_age(&age, node->meta.creation_timestamp, as_of);
        table_cell(t, strbuf_str(&age));
        table_cell(t, info->kubelet_version);
        if (!wide) continue;
        node_address_cell(node, "InternalIP", t);
        node_address_cell(node, "ExternalIP", t);
        table_cell_or(t, info->os_image, "<unknown>");
        table_cell_or(t, info->kernel_version, "<unknown>");
        table_cell_or(t, info->container_runtime_version, "<unknown>");
    }
    if (age.failed) t->failed = true;
    strbuf_release(&age);
    free(order);
}

/* ---- kubectl get pods -A (printPod) ------------------------------------- */

static void render_pods(const podsim_cluster *c, bool wide, int64_t as_of,
                        table *t) {
    static const char *const header[] = {
        "NAMESPACE", "NAME", "READY", "STATUS",         "RESTARTS",
        "AGE",       "IP",   "NODE",  "NOMINATED NODE", "READINESS GATES"};
    table_init(t, wide ? 10 : 6);
    for (size_t i = 0; i < t->columns; i++) table_cell(t, header[i]);

    size_t count;
    sort_entry *order = sorted_objects(c, PODSIM_KIND_POD, &count);
    if (count > 0 && !order) {
        t->failed = true;
        return;
    }
    int minor = kubernetes_minor(c);
    pod_summary summary;
    pod_summary_init(&summary);
    strbuf cells;
    strbuf_init(&cells);
    for (size_t i = 0; i < count && !table_failed(t); i++) {
        const podsim_pod *pod = podsim_cluster_pod(c, order[i].id);
        size_t at[4];
        strbuf_clear(&cells);
        write_pod_cells(pod, minor, as_of, &summary, &cells, at);
        if (cells.failed || summary.reason.failed ||
            summary.error_reason.failed) {
            t->failed = true;
            break;
        }
        table_cell(t, order[i].namespace_);
        table_cell(t, pod->meta.name);
        for (size_t k = 0; k < 4; k++) table_cell(t, cells.data + at[k]);
        if (!wide) continue;
        table_cell_or(t, pod->status.pod_ip, "<none>");
        table_cell_or(t, pod->spec.node_name, "<none>");
        table_cell_or(t, pod->status.nominated_node_name, "<none>");
        write_readiness_gates(t, pod);
    }
    strbuf_release(&cells);
    pod_summary_release(&summary);
    free(order);
}

/* ---- node requests vs allocatable (podsim's own table) ------------------ */

/* A ResourceList lookup; a missing key is the zero Quantity, as in Go. */
static podsim_quantity resource_or_zero(const podsim_resources *list,
                                        const char *name) {
    podsim_quantity q = {0, 0, PODSIM_QUANTITY_DECIMAL_SI};
    if (!podsim_resources_get(list, name, &q)) {
        q.mantissa = 0;
        q.exponent = 0;
        q.format = PODSIM_QUANTITY_DECIMAL_SI;
    }
    return q;
}

/* describeNodeResource: capacity stands in when allocatable is empty. */
static const podsim_resources *node_allocatable(const podsim_node *node) {
    return node->allocatable.count > 0 ? &node->allocatable : &node->capacity;
}

static void quantity_cell(table *t, const podsim_quantity *q) {
    char text[PODSIM_QUANTITY_STRING_MAX];
    if (podsim_quantity_format(q, text, sizeof text, NULL) != PODSIM_OK) {
        table_cell(t, "<invalid>");
        return;
    }
    table_cell(t, text);
}

/* int64(float64(req)/float64(alloc)*100), 0 when alloc is 0. */
static void percent_cell(table *t, const podsim_quantity *requested,
                         const podsim_quantity *allocatable, bool milli) {
    int64_t req = 0;
    int64_t alloc = 0;
    podsim_status s1 = milli ? podsim_quantity_milli(requested, &req)
                             : podsim_quantity_value(requested, &req);
    podsim_status s2 = milli ? podsim_quantity_milli(allocatable, &alloc)
                             : podsim_quantity_value(allocatable, &alloc);
    if (s1 != PODSIM_OK || s2 != PODSIM_OK) {
        table_cell(t, "<invalid>");
        return;
    }
    double fraction = 0.0;
    if (alloc != 0) fraction = (double)req / (double)alloc * 100;
    /* Go converts out-of-range floats silently; C must not */
    if (!(fraction > -9.2e18 && fraction < 9.2e18)) {
        table_cell(t, "<invalid>");
        return;
    }
    table_cellf(t, "%lld%%", (long long)(int64_t)fraction);
}

static void render_node_requests(const podsim_cluster *c, table *t) {
    static const char *const header[] = {"NAME",
                                         "CPU-REQUESTS",
                                         "CPU-ALLOCATABLE",
                                         "CPU%",
                                         "MEMORY-REQUESTS",
                                         "MEMORY-ALLOCATABLE",
                                         "MEMORY%",
                                         "PODS"};
    table_init(t, 8);
    for (size_t i = 0; i < t->columns; i++) table_cell(t, header[i]);

    size_t count;
    sort_entry *order = sorted_objects(c, PODSIM_KIND_NODE, &count);
    if (count > 0 && !order) {
        t->failed = true;
        return;
    }
    for (size_t i = 0; i < count && !table_failed(t); i++) {
        const podsim_node *node = podsim_cluster_node(c, order[i].id);
        const podsim_resources *alloc = node_allocatable(node);
        podsim_quantity cpu_req = resource_or_zero(&node->requested, "cpu");
        podsim_quantity cpu_alloc = resource_or_zero(alloc, "cpu");
        podsim_quantity mem_req = resource_or_zero(&node->requested, "memory");
        podsim_quantity mem_alloc = resource_or_zero(alloc, "memory");
        podsim_quantity pods_alloc = resource_or_zero(alloc, "pods");
        char pods[PODSIM_QUANTITY_STRING_MAX];
        if (podsim_quantity_format(&pods_alloc, pods, sizeof pods, NULL) !=
            PODSIM_OK) {
            strcpy(pods, "<invalid>");
        }

        table_cell(t, node->meta.name);
        quantity_cell(t, &cpu_req);
        quantity_cell(t, &cpu_alloc);
        percent_cell(t, &cpu_req, &cpu_alloc, true);
        quantity_cell(t, &mem_req);
        quantity_cell(t, &mem_alloc);
        percent_cell(t, &mem_req, &mem_alloc, false);
        table_cellf(t, "%d/%s", (int)node->pod_count, pods);
    }
    free(order);
}

static void render_view(const podsim_cluster *c, podsim_view view, bool wide,
                        int64_t as_of, table *t) {
    switch (view) {
    case PODSIM_VIEW_NODES: render_nodes(c, wide, as_of, t); return;
    case PODSIM_VIEW_PODS: render_pods(c, wide, as_of, t); return;
    case PODSIM_VIEW_NODE_REQUESTS: render_node_requests(c, t); return;
    }
    table_init(t, 1); /* unreachable: the view was checked by the caller */
}

/* ---- public API -------------------------------------------------------- */

podsim_status podsim_cluster_render(podsim_cluster *cluster, podsim_view view,
                                    unsigned flags, int64_t as_of_ms,
                                    const char **text_out, size_t *len_out) {
    if (!cluster) return PODSIM_EINVAL;
    cluster_clear_error(cluster);
    if (!text_out) {
        return cluster_fail(cluster, PODSIM_EINVAL, NULL, 0, 0,
                            "render: text_out is NULL");
    }
    *text_out = NULL;
    if (len_out) *len_out = 0;
    if (view != PODSIM_VIEW_NODES && view != PODSIM_VIEW_PODS &&
        view != PODSIM_VIEW_NODE_REQUESTS) {
        return cluster_fail(cluster, PODSIM_EINVAL, NULL, 0, 0,
                            "render: unknown view %d (expected "
                            "PODSIM_VIEW_NODES, PODSIM_VIEW_PODS or "
                            "PODSIM_VIEW_NODE_REQUESTS)",
                            (int)view);
    }
    if (flags & ~PODSIM_RENDER_WIDE) {
        return cluster_fail(cluster, PODSIM_EINVAL, NULL, 0, 0,
                            "render: unknown flags 0x%x (expected "
                            "PODSIM_RENDER_WIDE)",
                            flags & ~PODSIM_RENDER_WIDE);
    }

    int64_t as_of = resolve_as_of(cluster, as_of_ms);
    table t;
    render_view(cluster, view, (flags & PODSIM_RENDER_WIDE) != 0, as_of, &t);
    bool failed = table_failed(&t);
    bool empty = t.offsets.len <= t.columns; /* header only */

    strbuf_clear(&cluster->render);
    if (!failed && empty) {
        /* kubectl prints no table, only this (on stderr) */
        strbuf_puts(&cluster->render, "No resources found\n");
    } else if (!failed) {
        table_write(&t, &cluster->render);
    }
    table_release(&t);
    if (failed || cluster->render.failed) {
        strbuf_clear(&cluster->render);
        return cluster_fail(cluster, PODSIM_ENOMEM, NULL, 0, 0,
                            "render: out of memory");
    }
    *text_out = strbuf_str(&cluster->render);
    if (len_out) *len_out = cluster->render.len;
    return PODSIM_OK;
}

podsim_status podsim_cluster_pod_order(podsim_cluster *cluster, podsim_id *ids,
                                       size_t cap, size_t *count_out) {
    if (!cluster) return PODSIM_EINVAL;
    cluster_clear_error(cluster);
    if (!count_out || (cap && !ids)) {
        return cluster_fail(cluster, PODSIM_EINVAL, NULL, 0, 0,
                            "pod order: ids and count_out are required");
    }
    size_t count = 0;
    sort_entry *order = sorted_objects(cluster, PODSIM_KIND_POD, &count);
    if (count > 0 && !order) {
        return cluster_fail(cluster, PODSIM_ENOMEM, NULL, 0, 0,
                            "pod order: out of memory");
    }
    for (size_t i = 0; i < count && i < cap; i++) ids[i] = order[i].id;
    free(order);
    *count_out = count;
    return count > cap ? PODSIM_ENOSPC : PODSIM_OK;
}

podsim_status podsim_pod_row_get(podsim_cluster *cluster, podsim_id pod,
                                 int64_t as_of_ms, podsim_pod_row *out) {
    if (!cluster) return PODSIM_EINVAL;
    cluster_clear_error(cluster);
    if (!out) {
        return cluster_fail(cluster, PODSIM_EINVAL, NULL, 0, 0,
                            "pod row: out is NULL");
    }
    const podsim_pod *view = podsim_cluster_pod(cluster, pod);
    if (!view) {
        return cluster_fail(cluster, PODSIM_EINVAL, NULL, 0, 0,
                            "pod row: no pod with id %ld (%zu pods)", (long)pod,
                            podsim_cluster_count(cluster, PODSIM_KIND_POD));
    }

    int64_t as_of = resolve_as_of(cluster, as_of_ms);
    pod_summary summary;
    pod_summary_init(&summary);
    size_t at[4];
    strbuf_clear(&cluster->row_text);
    write_pod_cells(view, kubernetes_minor(cluster), as_of, &summary,
                    &cluster->row_text, at);
    bool failed = cluster->row_text.failed || summary.reason.failed ||
                  summary.error_reason.failed;
    pod_summary_release(&summary);
    if (failed) {
        strbuf_clear(&cluster->row_text);
        return cluster_fail(cluster, PODSIM_ENOMEM, NULL, 0, 0,
                            "pod row: out of memory");
    }
    out->ready = cluster->row_text.data + at[0];
    out->status = cluster->row_text.data + at[1];
    out->restarts = cluster->row_text.data + at[2];
    out->age = cluster->row_text.data + at[3];
    return PODSIM_OK;
}
