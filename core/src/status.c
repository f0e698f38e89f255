/*
 * status.c - status codes, the error detail kept on the handle, and the
 * Kubernetes spelling of every enum in podsim.h.
 *
 * The enum spellings are the API's (k8s.io/api/core/v1 types.go constants)
 * so that bindings never keep a name table of their own.
 */
#include <stdlib.h>
#include <string.h>

#include "model.h"

static const char *const status_names[PODSIM_STATUS_COUNT] = {
    "PODSIM_OK",        "PODSIM_ENOMEM", "PODSIM_EINVAL",   "PODSIM_EPARSE",
    "PODSIM_ENOTFOUND", "PODSIM_EEXIST", "PODSIM_ERANGE",   "PODSIM_ELIMIT",
    "PODSIM_EIO",       "PODSIM_ENOSPC", "PODSIM_EVERSION",
};

static const char *const status_texts[PODSIM_STATUS_COUNT] = {
    "success",
    "out of memory",
    "invalid argument",
    "malformed input",
    "object not found",
    "object already exists",
    "number out of range",
    "input exceeds a limit",
    "input/output error",
    "buffer too small",
    "unsupported Kubernetes version",
};

const char *podsim_version(void) {
    return "0.1.0";
}

const char *podsim_status_name(podsim_status status) {
    if ((unsigned)status >= PODSIM_STATUS_COUNT) return "PODSIM_UNKNOWN";
    return status_names[status];
}

const char *podsim_status_str(podsim_status status) {
    if ((unsigned)status >= PODSIM_STATUS_COUNT) return "unknown status";
    return status_texts[status];
}

/* ---- enum spellings ----------------------------------------------------- */

static const char *const kind_names[] = {
    "Node",
    "Pod",
    "Deployment",
    "ReplicaSet",
    "StatefulSet",
    "DaemonSet",
    "Job",
    "PriorityClass",
    "PodDisruptionBudget",
    "PersistentVolumeClaim",
    "PersistentVolume",
    "StorageClass",
    "ConfigMap",
    "Secret",
    "Namespace",
    "Service",
    "Event",
};
static const char *const phase_names[] = {"Pending", "Running", "Succeeded",
                                          "Failed", "Unknown"};
static const char *const effect_names[] = {"", "NoSchedule", "PreferNoSchedule",
                                           "NoExecute"};
static const char *const selector_op_names[] = {
    "In", "NotIn", "Exists", "DoesNotExist", "Gt", "Lt"};
static const char *const toleration_op_names[] = {"Equal", "Exists"};
static const char *const pull_policy_names[] = {"Always", "IfNotPresent",
                                                "Never"};
static const char *const protocol_names[] = {"TCP", "UDP", "SCTP"};
static const char *const handler_names[] = {"",          "exec", "httpGet",
                                            "tcpSocket", "grpc", "sleep"};
static const char *const ref_kind_names[] = {"ConfigMap", "Secret"};
static const char *const container_kind_names[] = {"regular", "init",
                                                   "sidecar"};
static const char *const state_names[] = {"", "waiting", "running",
                                          "terminated"};
static const char *const volume_type_names[] = {
    "other",     "persistentVolumeClaim",
    "configMap", "secret",
    "emptyDir",  "hostPath",
    "projected", "downwardAPI",
    "ephemeral"};
static const char *const restart_names[] = {"Always", "OnFailure", "Never"};
static const char *const preemption_names[] = {"PreemptLowerPriority", "Never"};
static const char *const unsatisfiable_names[] = {"DoNotSchedule",
                                                  "ScheduleAnyway"};
static const char *const inclusion_names[] = {"", "Honor", "Ignore"};
static const char *const view_names[] = {"nodes", "pods", "node-requests"};
static const char *const format_names[] = {"DecimalSI", "BinarySI",
                                           "DecimalExponent"};
static const char *const fit_code_names[] = {"Success", "Unschedulable",
                                             "UnschedulableAndUnresolvable"};
static const char *const run_kind_names[] = {"forever", "exit", "crash", "oom"};
static const char *const sim_view_names[] = {"pods", "events", "event-log",
                                             "nodes", "report"};
static const char *const node_failure_names[] = {"unreachable", "not-ready",
                                                 "shutdown", "deleted"};
static const char *const provenance_names[] = {"observed", "simulated",
                                               "derived"};
static const char *const severity_names[] = {"info", "warning", "error",
                                             "critical"};
static const char *const confidence_names[] = {"low", "medium", "high"};
static const char *const diagnosis_format_names[] = {"text", "json"};

#define TABLE(t) \
    { t, sizeof(t) / sizeof(t[0]) }

static const struct {
    const char *const *names;
    size_t count;
} enum_tables[PODSIM_ENUM_COUNT] = {
    TABLE(kind_names),          TABLE(phase_names),
    TABLE(effect_names),        TABLE(selector_op_names),
    TABLE(toleration_op_names), TABLE(pull_policy_names),
    TABLE(protocol_names),      TABLE(handler_names),
    TABLE(ref_kind_names),      TABLE(container_kind_names),
    TABLE(state_names),         TABLE(volume_type_names),
    TABLE(restart_names),       TABLE(preemption_names),
    TABLE(unsatisfiable_names), TABLE(inclusion_names),
    TABLE(format_names),        TABLE(view_names),
    TABLE(fit_code_names),      TABLE(run_kind_names),
    TABLE(sim_view_names),      TABLE(node_failure_names),
    TABLE(provenance_names),    TABLE(severity_names),
    TABLE(confidence_names),    TABLE(diagnosis_format_names),
};

_Static_assert(sizeof(kind_names) / sizeof(kind_names[0]) == PODSIM_KIND_COUNT,
               "kind_names must cover podsim_kind");

const char *podsim_enum_name(podsim_enum type, int value) {
    if ((unsigned)type >= PODSIM_ENUM_COUNT || value < 0) return NULL;
    if ((size_t)value >= enum_tables[type].count) return NULL;
    return enum_tables[type].names[value];
}

podsim_status podsim_enum_value(podsim_enum type, const char *name, int *out) {
    if ((unsigned)type >= PODSIM_ENUM_COUNT || !name || !out) {
        return PODSIM_EINVAL;
    }
    for (size_t i = 0; i < enum_tables[type].count; i++) {
        const char *spelling = enum_tables[type].names[i];
        if (spelling[0] && strcmp(spelling, name) == 0) {
            *out = (int)i;
            return PODSIM_OK;
        }
    }
    return PODSIM_ENOTFOUND;
}

const char *podsim_kind_name(podsim_kind kind) {
    const char *n = podsim_enum_name(PODSIM_ENUM_KIND, (int)kind);
    return n ? n : "";
}

bool podsim_kind_is_namespaced(podsim_kind kind) {
    switch (kind) {
    case PODSIM_KIND_NODE:
    case PODSIM_KIND_PRIORITYCLASS:
    case PODSIM_KIND_PERSISTENTVOLUME:
    case PODSIM_KIND_STORAGECLASS:
    case PODSIM_KIND_NAMESPACE: return false;
    default: return (unsigned)kind < PODSIM_KIND_COUNT;
    }
}

const char *podsim_phase_name(podsim_phase phase) {
    const char *n = podsim_enum_name(PODSIM_ENUM_PHASE, (int)phase);
    return n ? n : "";
}

const char *podsim_taint_effect_name(podsim_taint_effect effect) {
    const char *n = podsim_enum_name(PODSIM_ENUM_TAINT_EFFECT, (int)effect);
    return n ? n : "";
}

const char *podsim_selector_op_name(podsim_selector_op op) {
    const char *n = podsim_enum_name(PODSIM_ENUM_SELECTOR_OP, (int)op);
    return n ? n : "";
}

int kind_from_name(const char *name) {
    int kind = -1;
    return podsim_enum_value(PODSIM_ENUM_KIND, name, &kind) == PODSIM_OK ? kind
                                                                         : -1;
}

/* ---- the error on the handle ------------------------------------------- */

void cluster_clear_error(podsim_cluster *c) {
    strbuf_clear(&c->error_text);
    free(c->error_source);
    c->error_source = NULL;
    c->error.status = PODSIM_OK;
    c->error.message = "";
    c->error.source = NULL;
    c->error.line = 0;
    c->error.column = 0;
}

podsim_status cluster_fail(podsim_cluster *c, podsim_status status,
                           const char *source, int line, int column,
                           const char *fmt, ...) {
    cluster_clear_error(c);
    va_list ap;
    va_start(ap, fmt);
    strbuf_vprintf(&c->error_text, fmt, ap);
    va_end(ap);
    if (source) {
        size_t n = strlen(source);
        c->error_source = malloc(n + 1);
        if (c->error_source) memcpy(c->error_source, source, n + 1);
    }
    c->error.status = status;
    /* when even the message could not be allocated, fall back to the
       static description so callers always get text */
    c->error.message = c->error_text.failed ? podsim_status_str(status)
                                            : strbuf_str(&c->error_text);
    c->error.source = c->error_source;
    c->error.line = line;
    c->error.column = column;
    return status;
}
