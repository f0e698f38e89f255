/*
 * podsim.h - the whole public API of podsim, and its manual.
 *
 * podsim models where Kubernetes pods run and when they are Running: the
 * cluster model (nodes, pods, workloads, policy objects) loaded from real
 * Kubernetes YAML/JSON, kube-scheduler's arithmetic, the kubelet's pod
 * pipeline and the node lifecycle controller's eviction timing, all on one
 * deterministic simulated clock.
 *
 * Only this header is API. Everything under core/src is private.
 *
 * Rules that hold everywhere:
 *   - Threads: a podsim_cluster is not safe for concurrent use; distinct
 *     clusters may be used from distinct threads. There is no global state.
 *   - Errors: every fallible function returns a podsim_status. On failure the
 *     handle's podsim_error (podsim_cluster_error) says what, where and why.
 *   - Ownership: objects returned through `**out` are owned by the caller and
 *     released with their _free function. `const` pointers returned by
 *     accessors are borrowed from the cluster and stay valid until the next
 *     call that mutates the cluster (a load, a free).
 *   - Time is integer milliseconds (Unix epoch for timestamps).
 *   - Names, label keys and values are interned: equal strings of one cluster
 *     share one pointer.
 */
#ifndef PODSIM_H
#define PODSIM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(PODSIM_STATIC_DEFINE)
#define PODSIM_API
#elif defined(_WIN32)
#ifdef PODSIM_BUILDING
#define PODSIM_API __declspec(dllexport)
#else
#define PODSIM_API __declspec(dllimport)
#endif
#else
#define PODSIM_API __attribute__((visibility("default")))
#endif

/* ===================================================================== */
/* Section - Version                                                      */
/* ===================================================================== */

#define PODSIM_VERSION_MAJOR 0
#define PODSIM_VERSION_MINOR 1
#define PODSIM_VERSION_PATCH 0

/** The library version as "MAJOR.MINOR.PATCH". Static string. */
PODSIM_API const char *podsim_version(void);

/** Kubernetes minor version assumed when none is given (1.34). */
#define PODSIM_DEFAULT_KUBERNETES_VERSION "1.34"

/* ===================================================================== */
/* Section - Errors                                                       */
/* ===================================================================== */

typedef enum podsim_status {
    PODSIM_OK = 0,      /* success */
    PODSIM_ENOMEM,      /* an allocation failed; the handle is unchanged */
    PODSIM_EINVAL,      /* an argument is invalid (NULL, bad enum, bad id) */
    PODSIM_EPARSE,      /* input text is malformed or of the wrong shape */
    PODSIM_ENOTFOUND,   /* the named object does not exist */
    PODSIM_EEXIST,      /* an object with that kind and name already exists */
    PODSIM_ERANGE,      /* a number does not fit (overflow, too many digits) */
    PODSIM_ELIMIT,      /* input exceeds a configured limit (depth, size...) */
    PODSIM_EIO,         /* a file could not be read */
    PODSIM_ENOSPC,      /* caller buffer too small; the needed size is set */
    PODSIM_EVERSION,    /* unsupported kubernetes_version */
    PODSIM_STATUS_COUNT /* one past the last valid code */
} podsim_status;

/** Stable upper-case name of a status ("PODSIM_EPARSE"). Static string. */
PODSIM_API const char *podsim_status_name(podsim_status status);

/** One-line English description of a status. Static string. */
PODSIM_API const char *podsim_status_str(podsim_status status);

/**
 * Detail of the last failure on a handle.
 *
 * `source` is the file path or the source name given to a string load
 * ("<string>" by default), or NULL when the failure has no input position.
 * `line` and `column` are 1-based; 0 when unknown. The message names what
 * was expected, e.g. "spec.taints[0].effect: unknown taint effect
 * \"NoExec\" (expected NoSchedule, PreferNoSchedule or NoExecute)".
 */
typedef struct podsim_error {
    podsim_status status;
    const char *message; /* never NULL; "" after success */
    const char *source;
    int line;
    int column;
} podsim_error;

/* ===================================================================== */
/* Section - Quantities (k8s.io/apimachinery/pkg/api/resource.Quantity)  */
/* ===================================================================== */

typedef enum podsim_qformat {
    PODSIM_QUANTITY_DECIMAL_SI = 0,  /* "", k, M, G, ... n, u, m */
    PODSIM_QUANTITY_BINARY_SI,       /* Ki, Mi, Gi, Ti, Pi, Ei */
    PODSIM_QUANTITY_DECIMAL_EXPONENT /* e3, E-6 */
} podsim_qformat;

/**
 * An exact quantity: value = mantissa x 10^exponent.
 *
 * Values podsim produces are normalised: the mantissa carries no trailing
 * decimal zero (zero is mantissa 0, exponent 0) and exponent >= -9, because
 * parsing rounds every non-zero magnitude up to a multiple of 10^-9 as
 * upstream does. Every function also accepts values that are not. `format`
 * is the format remembered from the suffix (upstream's Quantity.Format).
 */
typedef struct podsim_quantity {
    int64_t mantissa;
    int32_t exponent;
    podsim_qformat format;
} podsim_quantity;

/** Longest canonical string podsim_quantity_format can produce, with NUL. */
#define PODSIM_QUANTITY_STRING_MAX 64

/**
 * Parse a Kubernetes quantity ("1.5Gi", "100m", "1e3", "0.5").
 *
 * Grammar and value rules are upstream's ParseQuantity: optional sign,
 * digits with an optional '.', an optional suffix; non-zero values are
 * rounded up to 1n; BinarySI is capped at 2^63-1; a BinarySI value below 1
 * becomes DecimalSI. `len` is the number of bytes of `text`.
 *
 * Returns PODSIM_OK, PODSIM_EINVAL if the text is not a quantity,
 * PODSIM_ERANGE if the exact value does not fit the representation (the
 * normalised mantissa exceeds int64 or the exponent int32); upstream keeps
 * arbitrary precision there.
 */
PODSIM_API podsim_status podsim_quantity_parse(const char *text, size_t len,
                                               podsim_quantity *out);

/**
 * Write the canonical string (upstream Quantity.String() of a re-formatted
 * value: "1Gi", "1500m", "100e12") into buf, NUL-terminated.
 *
 * podsim always returns the canonical form, never the input text unchanged
 * (upstream may return the original text when it was already acceptable,
 * e.g. "1E-3"; both are faithful String() results).
 * Returns PODSIM_OK, PODSIM_ENOSPC if cap is too small (*len_out is set to
 * the needed length without NUL). len_out may be NULL.
 */
PODSIM_API podsim_status podsim_quantity_format(const podsim_quantity *q,
                                                char *buf, size_t cap,
                                                size_t *len_out);

/** Upstream MilliValue(): ceil(value x 1000) away from zero.
 *  Returns PODSIM_OK or PODSIM_ERANGE when it overflows int64. */
PODSIM_API podsim_status podsim_quantity_milli(const podsim_quantity *q,
                                               int64_t *out);

/** Upstream Value(): value rounded up to an integer away from zero.
 *  Returns PODSIM_OK or PODSIM_ERANGE when it overflows int64. */
PODSIM_API podsim_status podsim_quantity_value(const podsim_quantity *q,
                                               int64_t *out);

/** Exact sum a + b in the format of a, or of b when a is zero (upstream's
 *  Quantity.Add). PODSIM_ERANGE on overflow of the representation. */
PODSIM_API podsim_status podsim_quantity_add(const podsim_quantity *a,
                                             const podsim_quantity *b,
                                             podsim_quantity *out);

/** -1, 0 or 1 as a < b, a == b, a > b (exact, format ignored). */
PODSIM_API int podsim_quantity_cmp(const podsim_quantity *a,
                                   const podsim_quantity *b);

/** The quantity milli/1000 in the given format (exact). */
PODSIM_API podsim_quantity podsim_quantity_from_milli(int64_t milli,
                                                      podsim_qformat format);

/* ===================================================================== */
/* Section - The cluster model                                            */
/*                                                                        */
/* Read-only views. Every struct below is owned by the cluster; pointers  */
/* stay valid until the next mutating call. Absent optional sub-objects   */
/* are NULL pointers; absent optional integers have has_x == false.       */
/* ===================================================================== */

/** Stable integer id of an object within its kind (0, 1, 2, ...). */
typedef int32_t podsim_id;
#define PODSIM_NO_ID ((podsim_id)-1)

/** Timestamp in ms since the Unix epoch; PODSIM_NO_TIME when absent. */
#define PODSIM_NO_TIME INT64_MIN

typedef enum podsim_kind {
    PODSIM_KIND_NODE = 0,
    PODSIM_KIND_POD,
    PODSIM_KIND_DEPLOYMENT,
    PODSIM_KIND_REPLICASET,
    PODSIM_KIND_STATEFULSET,
    PODSIM_KIND_DAEMONSET,
    PODSIM_KIND_JOB,
    PODSIM_KIND_PRIORITYCLASS,
    PODSIM_KIND_PODDISRUPTIONBUDGET,
    PODSIM_KIND_PERSISTENTVOLUMECLAIM,
    PODSIM_KIND_PERSISTENTVOLUME,
    PODSIM_KIND_STORAGECLASS,
    PODSIM_KIND_CONFIGMAP,
    PODSIM_KIND_SECRET,
    PODSIM_KIND_NAMESPACE,
    PODSIM_KIND_SERVICE,
    PODSIM_KIND_EVENT,
    PODSIM_KIND_COUNT
} podsim_kind;

/** Kubernetes kind name ("Node", "PodDisruptionBudget"). Static string. */
PODSIM_API const char *podsim_kind_name(podsim_kind kind);

/** True if the kind's objects live in a namespace. */
PODSIM_API bool podsim_kind_is_namespaced(podsim_kind kind);

typedef struct podsim_kv {
    const char *key;
    const char *value;
} podsim_kv;

/** A string map in source order (labels, annotations, nodeSelector). */
typedef struct podsim_kvs {
    const podsim_kv *items;
    size_t count;
} podsim_kvs;

typedef struct podsim_strings {
    const char *const *items;
    size_t count;
} podsim_strings;

/** One entry of a ResourceList ("cpu" -> 500m). */
typedef struct podsim_resource {
    const char *name;
    podsim_quantity quantity;
} podsim_resource;

typedef struct podsim_resources {
    const podsim_resource *items;
    size_t count;
} podsim_resources;

typedef struct podsim_opt_i64 {
    bool set;
    int64_t value;
} podsim_opt_i64;

typedef struct podsim_owner_reference {
    const char *api_version;
    const char *kind;
    const char *name;
    const char *uid;
    bool controller;
    bool block_owner_deletion;
} podsim_owner_reference;

/** ObjectMeta fields every object has. */
typedef struct podsim_meta {
    const char *namespace_; /* NULL for cluster-scoped kinds */
    const char *name;
    const char *uid;              /* "" when absent */
    const char *resource_version; /* "" when absent */
    podsim_kvs labels;
    podsim_kvs annotations;
    const podsim_owner_reference *owner_references;
    size_t owner_reference_count;
    int64_t creation_timestamp; /* PODSIM_NO_TIME when absent */
    int64_t deletion_timestamp; /* PODSIM_NO_TIME when absent */
    podsim_opt_i64 deletion_grace_period_seconds;
    podsim_strings finalizers;
} podsim_meta;

/* ---- selectors ------------------------------------------------------- */

typedef enum podsim_selector_op {
    PODSIM_OP_IN = 0,
    PODSIM_OP_NOT_IN,
    PODSIM_OP_EXISTS,
    PODSIM_OP_DOES_NOT_EXIST,
    PODSIM_OP_GT, /* node selectors only */
    PODSIM_OP_LT  /* node selectors only */
} podsim_selector_op;

/** Operator name as written in Kubernetes ("NotIn"). Static string. */
PODSIM_API const char *podsim_selector_op_name(podsim_selector_op op);

typedef struct podsim_requirement {
    const char *key;
    podsim_selector_op op;
    podsim_strings values;
} podsim_requirement;

/** metav1.LabelSelector. A NULL selector pointer means "absent" (matches
 *  nothing where upstream says so); an empty one matches everything. */
typedef struct podsim_label_selector {
    podsim_kvs match_labels;
    const podsim_requirement *match_expressions;
    size_t match_expression_count;
} podsim_label_selector;

typedef struct podsim_node_selector_term {
    const podsim_requirement *match_expressions;
    size_t match_expression_count;
    const podsim_requirement *match_fields; /* key "metadata.name" */
    size_t match_field_count;
} podsim_node_selector_term;

typedef struct podsim_node_selector {
    const podsim_node_selector_term *terms;
    size_t term_count;
} podsim_node_selector;

typedef struct podsim_preferred_scheduling_term {
    int32_t weight;
    podsim_node_selector_term preference;
} podsim_preferred_scheduling_term;

typedef struct podsim_node_affinity {
    const podsim_node_selector *required; /* NULL when absent */
    const podsim_preferred_scheduling_term *preferred;
    size_t preferred_count;
} podsim_node_affinity;

typedef struct podsim_pod_affinity_term {
    const podsim_label_selector *label_selector; /* NULL when absent */
    podsim_strings namespaces;
    const char *topology_key;
    const podsim_label_selector *namespace_selector; /* NULL when absent */
    podsim_strings match_label_keys;
    podsim_strings mismatch_label_keys;
} podsim_pod_affinity_term;

typedef struct podsim_weighted_pod_affinity_term {
    int32_t weight;
    podsim_pod_affinity_term term;
} podsim_weighted_pod_affinity_term;

/** PodAffinity or PodAntiAffinity. */
typedef struct podsim_pod_affinity {
    const podsim_pod_affinity_term *required;
    size_t required_count;
    const podsim_weighted_pod_affinity_term *preferred;
    size_t preferred_count;
} podsim_pod_affinity;

typedef struct podsim_affinity {
    const podsim_node_affinity *node_affinity;    /* NULL when absent */
    const podsim_pod_affinity *pod_affinity;      /* NULL when absent */
    const podsim_pod_affinity *pod_anti_affinity; /* NULL when absent */
} podsim_affinity;

/* ---- taints and tolerations ------------------------------------------ */

typedef enum podsim_taint_effect {
    PODSIM_EFFECT_NONE = 0, /* tolerations only: empty effect = all */
    PODSIM_EFFECT_NO_SCHEDULE,
    PODSIM_EFFECT_PREFER_NO_SCHEDULE,
    PODSIM_EFFECT_NO_EXECUTE
} podsim_taint_effect;

/** "NoSchedule", ... ; "" for PODSIM_EFFECT_NONE. Static string. */
PODSIM_API const char *podsim_taint_effect_name(podsim_taint_effect effect);

typedef struct podsim_taint {
    const char *key;
    const char *value; /* "" when absent */
    podsim_taint_effect effect;
    int64_t time_added; /* PODSIM_NO_TIME when absent */
} podsim_taint;

typedef enum podsim_toleration_op {
    PODSIM_TOLERATION_EQUAL = 0,
    PODSIM_TOLERATION_EXISTS
} podsim_toleration_op;

typedef struct podsim_toleration {
    const char *key; /* "" = every key (with Exists) */
    podsim_toleration_op op;
    const char *value; /* "" when absent */
    podsim_taint_effect effect;
    podsim_opt_i64 toleration_seconds;
} podsim_toleration;

/* ---- topology spread ------------------------------------------------- */

typedef enum podsim_unsatisfiable_action {
    PODSIM_DO_NOT_SCHEDULE = 0,
    PODSIM_SCHEDULE_ANYWAY
} podsim_unsatisfiable_action;

typedef enum podsim_inclusion_policy {
    PODSIM_POLICY_UNSET = 0, /* absent: plugin default applies */
    PODSIM_POLICY_HONOR,
    PODSIM_POLICY_IGNORE
} podsim_inclusion_policy;

typedef struct podsim_topology_spread_constraint {
    int32_t max_skew;
    const char *topology_key;
    podsim_unsatisfiable_action when_unsatisfiable;
    const podsim_label_selector *label_selector; /* NULL when absent */
    podsim_opt_i64 min_domains;
    podsim_inclusion_policy node_affinity_policy;
    podsim_inclusion_policy node_taints_policy;
    podsim_strings match_label_keys;
} podsim_topology_spread_constraint;

/* ---- containers ------------------------------------------------------ */

typedef enum podsim_pull_policy {
    PODSIM_PULL_ALWAYS = 0,
    PODSIM_PULL_IF_NOT_PRESENT,
    PODSIM_PULL_NEVER
} podsim_pull_policy;

typedef enum podsim_protocol {
    PODSIM_PROTOCOL_TCP = 0,
    PODSIM_PROTOCOL_UDP,
    PODSIM_PROTOCOL_SCTP
} podsim_protocol;

typedef struct podsim_container_port {
    const char *name; /* "" when absent */
    int32_t container_port;
    int32_t host_port; /* 0 when absent */
    podsim_protocol protocol;
    const char *host_ip; /* "" when absent */
} podsim_container_port;

typedef enum podsim_handler_type {
    PODSIM_HANDLER_NONE = 0,
    PODSIM_HANDLER_EXEC,
    PODSIM_HANDLER_HTTP_GET,
    PODSIM_HANDLER_TCP_SOCKET,
    PODSIM_HANDLER_GRPC,
    PODSIM_HANDLER_SLEEP
} podsim_handler_type;

/** A probe with every parameter, API defaults applied. */
typedef struct podsim_probe {
    podsim_handler_type handler;
    const char *target; /* httpGet path / port / exec command, readable */
    int32_t initial_delay_seconds;
    int32_t timeout_seconds;
    int32_t period_seconds;
    int32_t success_threshold;
    int32_t failure_threshold;
    podsim_opt_i64 termination_grace_period_seconds;
} podsim_probe;

typedef enum podsim_ref_kind {
    PODSIM_REF_CONFIGMAP = 0,
    PODSIM_REF_SECRET
} podsim_ref_kind;

/** A ConfigMap/Secret referenced by env, envFrom or a volume. `key` is ""
 *  for whole-object references (envFrom, volumes without items). */
typedef struct podsim_object_ref {
    podsim_ref_kind kind;
    const char *name;
    const char *key;
    bool optional;
} podsim_object_ref;

typedef enum podsim_container_kind {
    PODSIM_CONTAINER_REGULAR = 0,
    PODSIM_CONTAINER_INIT,
    PODSIM_CONTAINER_SIDECAR /* init container with restartPolicy Always */
} podsim_container_kind;

/** One env entry: a literal `value`, or a valueFrom source
 *  (configMapKeyRef / secretKeyRef name and key, fieldRef fieldPath and
 *  apiVersion, resourceFieldRef resource). */
typedef struct podsim_env_var {
    const char *name;
    const char *value;
    const char *value_from_kind; /* "", "configMapKeyRef", "secretKeyRef",
                                    "fieldRef", "resourceFieldRef" */
    const char *value_from_name; /* ConfigMap/Secret name, fieldPath or
                                    resource */
    const char *value_from_key;  /* key; fieldRef apiVersion;
                                    resourceFieldRef divisor */
    podsim_opt_i64 optional;     /* 0/1 when written */
} podsim_env_var;

/** One envFrom entry. */
typedef struct podsim_env_from {
    podsim_ref_kind kind; /* ConfigMap or Secret */
    const char *name;
    const char *prefix; /* "" when absent */
    podsim_opt_i64 optional;
} podsim_env_from;

/** One volumeMount. */
typedef struct podsim_volume_mount {
    const char *name;
    const char *mount_path;
    const char *sub_path; /* "" when absent */
    bool read_only;
} podsim_volume_mount;

typedef struct podsim_container {
    const char *name;
    podsim_container_kind kind;
    const char *image;
    podsim_pull_policy image_pull_policy;
    podsim_resources requests; /* requests from limits applied */
    podsim_resources limits;
    const podsim_container_port *ports;
    size_t port_count;
    const podsim_probe *startup_probe;   /* NULL when absent */
    const podsim_probe *liveness_probe;  /* NULL when absent */
    const podsim_probe *readiness_probe; /* NULL when absent */
    podsim_handler_type post_start;      /* NONE when absent */
    podsim_handler_type pre_stop;        /* NONE when absent */
    int64_t pre_stop_sleep_seconds;      /* lifecycle.preStop.sleep.seconds
                                            (0 for other handlers) */
    const podsim_object_ref *env_refs;
    size_t env_ref_count;
    /* What `kubectl describe pod` prints (kept as written) */
    podsim_strings command; /* spec.containers[].command */
    podsim_strings args;
    const podsim_env_var *env; /* spec.containers[].env, in order */
    size_t env_count;
    const podsim_env_from *env_from; /* envFrom, in order */
    size_t env_from_count;
    const podsim_volume_mount *mounts; /* volumeMounts, in order */
    size_t mount_count;
    const char *termination_message_policy; /* "File" by default */
} podsim_container;

/* ---- volumes --------------------------------------------------------- */

typedef enum podsim_volume_type {
    PODSIM_VOLUME_OTHER = 0,
    PODSIM_VOLUME_PVC,
    PODSIM_VOLUME_CONFIGMAP,
    PODSIM_VOLUME_SECRET,
    PODSIM_VOLUME_EMPTY_DIR,
    PODSIM_VOLUME_HOST_PATH,
    PODSIM_VOLUME_PROJECTED,
    PODSIM_VOLUME_DOWNWARD_API,
    PODSIM_VOLUME_EPHEMERAL
} podsim_volume_type;

typedef struct podsim_volume {
    const char *name;
    podsim_volume_type type;
    const char *source;    /* claimName, configMap name, secretName, path;
                              "" for emptyDir and others */
    const char *type_name; /* the source's field name ("nfs", "csi") */
    bool read_only;
    bool optional;
    const podsim_object_ref *refs; /* projected / configMap / secret */
    size_t ref_count;
} podsim_volume;

/* ---- pod status ------------------------------------------------------ */

typedef enum podsim_phase {
    PODSIM_PHASE_PENDING = 0,
    PODSIM_PHASE_RUNNING,
    PODSIM_PHASE_SUCCEEDED,
    PODSIM_PHASE_FAILED,
    PODSIM_PHASE_UNKNOWN
} podsim_phase;

PODSIM_API const char *podsim_phase_name(podsim_phase phase);

typedef struct podsim_condition {
    const char *type;
    const char *status; /* "True", "False", "Unknown" */
    const char *reason; /* "" when absent */
    const char *message;
    int64_t last_transition_time;
    int64_t last_heartbeat_time; /* nodes only; PODSIM_NO_TIME otherwise */
    int64_t last_probe_time;
} podsim_condition;

typedef enum podsim_container_state_kind {
    PODSIM_STATE_NONE = 0,
    PODSIM_STATE_WAITING,
    PODSIM_STATE_RUNNING,
    PODSIM_STATE_TERMINATED
} podsim_container_state_kind;

typedef struct podsim_container_state {
    podsim_container_state_kind kind;
    const char *reason; /* "" when absent */
    const char *message;
    int32_t exit_code;
    int32_t signal;
    int64_t started_at; /* PODSIM_NO_TIME when absent */
    int64_t finished_at;
} podsim_container_state;

typedef struct podsim_container_status {
    const char *name;
    podsim_container_kind kind;
    bool ready;
    podsim_opt_i64 started; /* 0/1 */
    int32_t restart_count;
    const char *image;
    const char *image_id;
    const char *container_id;
    podsim_container_state state;
    podsim_container_state last_state;
} podsim_container_status;

typedef struct podsim_pod_status {
    podsim_phase phase;
    bool has_phase;
    const podsim_condition *conditions;
    size_t condition_count;
    const char *reason; /* "" when absent */
    const char *message;
    const char *nominated_node_name;
    const char *pod_ip;
    const char *host_ip;
    const char *qos_class;
    int64_t start_time;
    /* init and sidecar containers first, then regular, as in the API */
    const podsim_container_status *init_container_statuses;
    size_t init_container_status_count;
    const podsim_container_status *container_statuses;
    size_t container_status_count;
} podsim_pod_status;

typedef enum podsim_restart_policy {
    PODSIM_RESTART_ALWAYS = 0,
    PODSIM_RESTART_ON_FAILURE,
    PODSIM_RESTART_NEVER
} podsim_restart_policy;

typedef enum podsim_preemption_policy {
    PODSIM_PREEMPT_LOWER_PRIORITY = 0,
    PODSIM_PREEMPT_NEVER
} podsim_preemption_policy;

/* ---- pods ------------------------------------------------------------ */

typedef struct podsim_pod_spec {
    podsim_opt_i64 priority;
    const char *priority_class_name; /* "" when absent */
    podsim_preemption_policy preemption_policy;
    const char *scheduler_name;
    const char *node_name; /* "" when unbound */
    podsim_kvs node_selector;
    const podsim_affinity *affinity; /* NULL when absent */
    const podsim_toleration *tolerations;
    size_t toleration_count;
    const podsim_topology_spread_constraint *topology_spread_constraints;
    size_t topology_spread_constraint_count;
    podsim_strings scheduling_gates;
    const podsim_container *init_containers; /* init and sidecars */
    size_t init_container_count;
    const podsim_container *containers;
    size_t container_count;
    podsim_resources overhead;
    podsim_resources pod_requests; /* spec.resources (pod-level) */
    podsim_resources pod_limits;
    podsim_restart_policy restart_policy;
    int64_t termination_grace_period_seconds;
    podsim_opt_i64 active_deadline_seconds;
    const podsim_volume *volumes;
    size_t volume_count;
    bool host_network;
    const char *runtime_class_name;
    const char *service_account_name;
    const char *hostname;
    const char *subdomain;
    podsim_strings readiness_gates; /* spec.readinessGates conditionType */
} podsim_pod_spec;

typedef struct podsim_pod {
    podsim_id id;
    podsim_meta meta;
    podsim_pod_spec spec;
    podsim_pod_status status;
    /** Effective requests as the scheduler sees them (containers summed,
     *  init max rule, sidecars, overhead, pod-level resources). */
    podsim_resources requests;
    /** The object is gone (a simulation deleted it); its id stays valid
     *  and every view skips it. Always false in a loaded cluster. */
    bool removed;
    podsim_id node; /* resolved spec.node_name; PODSIM_NO_ID if unbound or
                       the node is not in the model */
} podsim_pod;

/* ---- nodes ----------------------------------------------------------- */

typedef struct podsim_node_image {
    podsim_strings names;
    int64_t size_bytes;
} podsim_node_image;

typedef struct podsim_node_address {
    const char *type; /* InternalIP, ExternalIP, Hostname */
    const char *address;
} podsim_node_address;

typedef struct podsim_node_system_info {
    const char *kubelet_version;
    const char *kube_proxy_version;
    const char *os_image;
    const char *kernel_version;
    const char *container_runtime_version;
    const char *operating_system;
    const char *architecture;
} podsim_node_system_info;

typedef struct podsim_node {
    podsim_id id;
    podsim_meta meta;
    /* derived from well-known labels ("" when absent) */
    const char *zone;     /* topology.kubernetes.io/zone, beta fallback */
    const char *region;   /* topology.kubernetes.io/region, beta fallback */
    const char *hostname; /* kubernetes.io/hostname */
    const podsim_taint *taints;
    size_t taint_count;
    bool unschedulable;
    const char *provider_id;
    const char *pod_cidr;
    podsim_resources capacity;
    podsim_resources allocatable;
    const podsim_condition *conditions;
    size_t condition_count;
    const podsim_node_address *addresses;
    size_t address_count;
    const podsim_node_image *images;
    size_t image_count;
    podsim_node_system_info node_info;
    /** Sum of the effective requests of non-terminal pods bound here
     *  (Succeeded/Failed pods hold no capacity), and their number. */
    podsim_resources requested;
    int32_t pod_count;
    /** A simulation deleted the Node object: views and the scheduler skip
     *  it (its id stays valid; a node that registers again is a new id). */
    bool removed;
} podsim_node;

/* ---- workloads ------------------------------------------------------- */

/** Deployment, ReplicaSet, StatefulSet, DaemonSet or Job. Fields that a
 *  kind lacks are zero / unset / "". The API server's apps/v1 and batch/v1
 *  defaults are applied where a field is absent (1 replica, RollingUpdate
 *  with 25% surge and unavailability, OrderedReady, Job completions,
 *  parallelism, backoffLimit 6, podReplacementPolicy...). IntOrString
 *  values (maxSurge) are kept as written ("25%", "1"). */
typedef struct podsim_workload {
    podsim_id id;
    podsim_kind kind;
    podsim_meta meta;
    const podsim_label_selector *selector; /* NULL when absent */
    podsim_opt_i64 replicas;
    podsim_opt_i64 min_ready_seconds;
    const char *strategy_type;         /* RollingUpdate, Recreate, OnDelete */
    const char *max_surge;             /* "" when absent */
    const char *max_unavailable;       /* "" when absent */
    podsim_opt_i64 partition;          /* StatefulSet rollingUpdate */
    const char *pod_management_policy; /* StatefulSet */
    const char *service_name;          /* StatefulSet */
    podsim_strings volume_claim_templates;  /* StatefulSet: template names */
    podsim_opt_i64 parallelism;             /* Job */
    podsim_opt_i64 completions;             /* Job */
    podsim_opt_i64 backoff_limit;           /* Job */
    podsim_opt_i64 active_deadline_seconds; /* Job */
    const char *completion_mode;            /* Job */
    const char *pod_replacement_policy;     /* Job */
    bool has_pod_failure_policy;            /* Job */
    /** spec.template as a pod (meta and spec; no status, id PODSIM_NO_ID),
     *  with the same defaulting a created pod would get. */
    const podsim_pod *template_pod;
    /* status */
    int32_t status_replicas;
    int32_t status_ready_replicas;
    int32_t status_available_replicas;
    int32_t status_updated_replicas;
    int32_t status_failed; /* Job status.failed */
    /** DaemonSet status.desiredNumberScheduled (the nodes that should run
     *  the daemon pod), when written. */
    podsim_opt_i64 status_desired_number_scheduled;
    /** status.conditions (Job Complete / Failed / FailureTarget with
     *  reason BackoffLimitExceeded, DeadlineExceeded, ...; Deployment
     *  Progressing and Available; ReplicaSet ReplicaFailure). */
    const podsim_condition *conditions;
    size_t condition_count;
} podsim_workload;

/* ---- policy and storage objects -------------------------------------- */

typedef struct podsim_priority_class {
    podsim_id id;
    podsim_meta meta;
    int32_t value;
    bool global_default;
    podsim_preemption_policy preemption_policy;
    const char *description;
} podsim_priority_class;

typedef struct podsim_pdb {
    podsim_id id;
    podsim_meta meta;
    const podsim_label_selector *selector; /* NULL when absent */
    const char *min_available;   /* IntOrString as written; "" absent */
    const char *max_unavailable; /* IntOrString as written; "" absent */
    const char *unhealthy_pod_eviction_policy;
    int32_t status_current_healthy;
    int32_t status_desired_healthy;
    int32_t status_disruptions_allowed;
    int32_t status_expected_pods;
} podsim_pdb;

/** Access mode bits. */
#define PODSIM_ACCESS_RWO 1u  /* ReadWriteOnce */
#define PODSIM_ACCESS_ROX 2u  /* ReadOnlyMany */
#define PODSIM_ACCESS_RWX 4u  /* ReadWriteMany */
#define PODSIM_ACCESS_RWOP 8u /* ReadWriteOncePod */

typedef struct podsim_pvc {
    podsim_id id;
    podsim_meta meta;
    const char *storage_class_name; /* NULL when absent ("" is explicit) */
    unsigned access_modes;
    const char *volume_name;
    const char *volume_mode;
    podsim_quantity storage_request;
    bool has_storage_request;
    const char *phase; /* Pending, Bound, Lost; "" when absent */
} podsim_pvc;

typedef struct podsim_pv {
    podsim_id id;
    podsim_meta meta;
    podsim_quantity capacity;
    bool has_capacity;
    unsigned access_modes;
    const char *storage_class_name;
    const char *claim_namespace; /* "" when unclaimed */
    const char *claim_name;
    const char *reclaim_policy;
    const char *source_type; /* "csi", "hostPath", "nfs", ... */
    const char *csi_driver;
    const podsim_node_selector *node_affinity; /* NULL when absent */
    const char *phase;
} podsim_pv;

typedef struct podsim_storage_class {
    podsim_id id;
    podsim_meta meta;
    const char *provisioner;
    const char *volume_binding_mode; /* Immediate, WaitForFirstConsumer */
    const char *reclaim_policy;
    bool allow_volume_expansion;
    bool is_default; /* storageclass.kubernetes.io/is-default-class */
    const podsim_node_selector *allowed_topologies; /* NULL when absent */
} podsim_storage_class;

/** ConfigMap or Secret: existence and keys only, never values. */
typedef struct podsim_config {
    podsim_id id;
    podsim_meta meta;
    const char *type; /* Secret type; "" for ConfigMaps */
    podsim_strings keys;
    bool immutable;
} podsim_config;

typedef struct podsim_namespace {
    podsim_id id;
    podsim_meta meta;
    const char *phase;
} podsim_namespace;

typedef struct podsim_service {
    podsim_id id;
    podsim_meta meta;
    const char *type; /* ClusterIP, NodePort, LoadBalancer, ExternalName */
    podsim_kvs selector;
    bool has_selector;
    const char *cluster_ip;
} podsim_service;

/** core/v1 Event or events.k8s.io/v1 Event in one shape. */
typedef struct podsim_event {
    podsim_id id;
    podsim_meta meta;
    const char *involved_kind;
    const char *involved_namespace;
    const char *involved_name;
    const char *involved_uid;
    const char *involved_field_path;
    const char *reason;
    const char *message;
    const char *type; /* Normal, Warning */
    int32_t count;
    int64_t first_timestamp;
    int64_t last_timestamp;
    int64_t event_time;
    const char *source_component;
    const char *source_host;
    const char *reporting_controller;
    const char *reporting_instance;
    const char *action;
    /** events.k8s.io series seen through core/v1: series.count is in
     *  `count` (when count is absent) and this is series.lastObservedTime;
     *  PODSIM_NO_TIME without a series. */
    int64_t series_last_observed_time;
} podsim_event;

/* ---- enum names ------------------------------------------------------ */

/** The enums of this header, for podsim_enum_name. */
typedef enum podsim_enum {
    PODSIM_ENUM_KIND = 0,          /* podsim_kind: "Node", "Pod", ... */
    PODSIM_ENUM_PHASE,             /* "Pending", "Running", ... */
    PODSIM_ENUM_TAINT_EFFECT,      /* "", "NoSchedule", ... */
    PODSIM_ENUM_SELECTOR_OP,       /* "In", "NotIn", "Exists", ... */
    PODSIM_ENUM_TOLERATION_OP,     /* "Equal", "Exists" */
    PODSIM_ENUM_PULL_POLICY,       /* "Always", "IfNotPresent", "Never" */
    PODSIM_ENUM_PROTOCOL,          /* "TCP", "UDP", "SCTP" */
    PODSIM_ENUM_HANDLER,           /* "", "exec", "httpGet", "tcpSocket",
                                      "grpc", "sleep" */
    PODSIM_ENUM_REF_KIND,          /* "ConfigMap", "Secret" */
    PODSIM_ENUM_CONTAINER_KIND,    /* "regular", "init", "sidecar" */
    PODSIM_ENUM_CONTAINER_STATE,   /* "", "waiting", "running",
                                      "terminated" */
    PODSIM_ENUM_VOLUME_TYPE,       /* "other", "persistentVolumeClaim",
                                      "configMap", "secret", "emptyDir",
                                      "hostPath", "projected", "downwardAPI",
                                      "ephemeral" */
    PODSIM_ENUM_RESTART_POLICY,    /* "Always", "OnFailure", "Never" */
    PODSIM_ENUM_PREEMPTION_POLICY, /* "PreemptLowerPriority", "Never" */
    PODSIM_ENUM_UNSATISFIABLE,     /* "DoNotSchedule", "ScheduleAnyway" */
    PODSIM_ENUM_INCLUSION_POLICY,  /* "", "Honor", "Ignore" */
    PODSIM_ENUM_QUANTITY_FORMAT,   /* "DecimalSI", "BinarySI",
                                      "DecimalExponent" */
    PODSIM_ENUM_VIEW,              /* podsim_view: "nodes", "pods",
                                      "node-requests" */
    PODSIM_ENUM_FIT_CODE,          /* podsim_fit_code: "Success",
                                      "Unschedulable",
                                      "UnschedulableAndUnresolvable" */
    PODSIM_ENUM_RUN_KIND,          /* podsim_run_kind: "forever", "exit",
                                      "crash", "oom" */
    PODSIM_ENUM_SIM_VIEW,          /* podsim_sim_view: "pods", "events",
                                      "event-log", "nodes", "report" */
    PODSIM_ENUM_NODE_FAILURE,      /* podsim_node_failure: "unreachable",
                                      "not-ready", "shutdown", "deleted" */
    PODSIM_ENUM_PROVENANCE,        /* "observed", "simulated", "derived" */
    PODSIM_ENUM_SEVERITY,          /* "info", "warning", "error",
                                      "critical" */
    PODSIM_ENUM_CONFIDENCE,        /* "low", "medium", "high" */
    PODSIM_ENUM_DIAGNOSIS_FORMAT,  /* "text", "json" */
    PODSIM_ENUM_COUNT
} podsim_enum;

/** The Kubernetes spelling of an enum value (see podsim_enum). Static
 *  string; NULL if `type` or `value` is out of range. Bindings use this so
 *  that no name table is written twice. */
PODSIM_API const char *podsim_enum_name(podsim_enum type, int value);

/** The value whose Kubernetes spelling is `name` (the inverse of
 *  podsim_enum_name; the empty spelling never matches).
 *  Returns PODSIM_OK, PODSIM_ENOTFOUND if `name` is no spelling of `type`,
 *  PODSIM_EINVAL for a bad type or a NULL argument. */
PODSIM_API podsim_status podsim_enum_value(podsim_enum type, const char *name,
                                           int *out);

/* ===================================================================== */
/* Section - Cluster handle                                               */
/* ===================================================================== */

typedef struct podsim_cluster podsim_cluster;

/** Loader limits: input beyond them fails with PODSIM_ELIMIT. */
typedef struct podsim_limits {
    size_t max_input_bytes;     /* default 4 GiB */
    int max_depth;              /* nesting depth; default 64 */
    size_t max_alias_expansion; /* nodes copied through aliases per
                                   document; default 100000 */
    size_t max_scalar_bytes;    /* default 1 MiB */
} podsim_limits;

/** Options for podsim_cluster_new. Zero-initialise (or use
 *  PODSIM_CLUSTER_OPTIONS_INIT) and set what you need. */
typedef struct podsim_cluster_options {
    int version;                    /* PODSIM_CLUSTER_OPTIONS_VERSION */
    const char *kubernetes_version; /* "1.30".."1.35"; NULL = default */
    podsim_limits limits;           /* zero fields take defaults */
    /** Seconds used by DefaultTolerationSeconds admission; 0 = 300. */
    int64_t default_not_ready_toleration_seconds;
    int64_t default_unreachable_toleration_seconds;
} podsim_cluster_options;

#define PODSIM_CLUSTER_OPTIONS_VERSION 1
#define PODSIM_CLUSTER_OPTIONS_INIT \
    { PODSIM_CLUSTER_OPTIONS_VERSION, NULL, {0, 0, 0, 0}, 0, 0 }

/**
 * Create an empty cluster.
 *
 * @param options NULL for defaults.
 * @param out     receives the new handle, owned by the caller; release it
 *                with podsim_cluster_free.
 * Returns PODSIM_OK, PODSIM_ENOMEM, PODSIM_EINVAL (bad options version),
 * PODSIM_EVERSION (kubernetes_version outside 1.30..1.35 or malformed).
 * On failure *out is NULL; a static message is available from
 * podsim_status_str.
 */
PODSIM_API podsim_status
podsim_cluster_new(const podsim_cluster_options *options, podsim_cluster **out);

/** Release a cluster and everything borrowed from it. NULL is a no-op. */
PODSIM_API void podsim_cluster_free(podsim_cluster *cluster);

/** The detail of the last failure on this handle (borrowed). */
PODSIM_API const podsim_error *podsim_cluster_error(
    const podsim_cluster *cluster);

/** The Kubernetes version in use, "1.34". Borrowed. */
PODSIM_API const char *podsim_cluster_kubernetes_version(
    const podsim_cluster *cluster);

/* ===================================================================== */
/* Section - Loading Kubernetes YAML and JSON                             */
/* ===================================================================== */

/** What one load added. */
typedef struct podsim_load_stats {
    size_t documents;                /* YAML documents read */
    size_t added[PODSIM_KIND_COUNT]; /* objects added per kind */
    size_t skipped;                  /* objects of kinds podsim ignores */
    size_t bytes;                    /* input bytes */
} podsim_load_stats;

/**
 * Load Kubernetes objects from a file (YAML or JSON).
 *
 * Accepts single objects, multi-document YAML, `kind: List` and typed lists
 * (NodeList, PodList, ...; items without kind take it from the list), and
 * `kubectl get ... -o yaml|json` output. API-server defaulting and admission
 * (requests from limits, DefaultTolerationSeconds, probe defaults,
 * imagePullPolicy, restartPolicy, priority from PriorityClass...) is applied
 * to objects that lack it. Kinds podsim does not model are counted in
 * stats->skipped, not errors.
 *
 * The load is transactional: on any failure the model is exactly as before.
 *
 * @param stats NULL or receives what was added.
 * Returns PODSIM_OK, PODSIM_EIO, PODSIM_EPARSE, PODSIM_EEXIST (an object
 * with the same kind, namespace and name exists), PODSIM_ELIMIT,
 * PODSIM_ERANGE, PODSIM_ENOMEM. The error carries file, line and column.
 */
PODSIM_API podsim_status podsim_cluster_load_file(podsim_cluster *cluster,
                                                  const char *path,
                                                  podsim_load_stats *stats);

/**
 * Load several files as one transaction: either every object of every file
 * lands, or (on any failure, in any file) the model is exactly as before.
 * Objects in one file may refer to objects in another (a pod's node, its
 * PriorityClass). As podsim_cluster_load_file otherwise; stats sum all
 * files. Every file is opened before any is parsed.
 */
PODSIM_API podsim_status podsim_cluster_load_files(podsim_cluster *cluster,
                                                   const char *const *paths,
                                                   size_t count,
                                                   podsim_load_stats *stats);

/**
 * Load Kubernetes objects from text. As podsim_cluster_load_file;
 * `source_name` names the text in errors (NULL: "<string>").
 */
PODSIM_API podsim_status podsim_cluster_load_string(podsim_cluster *cluster,
                                                    const char *text,
                                                    size_t len,
                                                    const char *source_name,
                                                    podsim_load_stats *stats);

/* ===================================================================== */
/* Section - Reading the model                                            */
/* ===================================================================== */

/** Number of objects of a kind. Ids run 0 .. count-1. */
PODSIM_API size_t podsim_cluster_count(const podsim_cluster *cluster,
                                       podsim_kind kind);

/**
 * Find an object by kind, namespace and name.
 *
 * `namespace_` is ignored for cluster-scoped kinds; NULL or "" means
 * "default" for namespaced kinds.
 * Returns PODSIM_OK, PODSIM_ENOTFOUND (message names the object),
 * PODSIM_EINVAL.
 */
PODSIM_API podsim_status podsim_cluster_find(podsim_cluster *cluster,
                                             podsim_kind kind,
                                             const char *namespace_,
                                             const char *name, podsim_id *out);

/* Borrowed views by id; NULL if the id is out of range. */
PODSIM_API const podsim_node *podsim_cluster_node(const podsim_cluster *cluster,
                                                  podsim_id id);
PODSIM_API const podsim_pod *podsim_cluster_pod(const podsim_cluster *cluster,
                                                podsim_id id);
/** kind is one of DEPLOYMENT, REPLICASET, STATEFULSET, DAEMONSET, JOB. */
PODSIM_API const podsim_workload *podsim_cluster_workload(
    const podsim_cluster *cluster, podsim_kind kind, podsim_id id);
PODSIM_API const podsim_priority_class *podsim_cluster_priority_class(
    const podsim_cluster *cluster, podsim_id id);
PODSIM_API const podsim_pdb *podsim_cluster_pdb(const podsim_cluster *cluster,
                                                podsim_id id);
PODSIM_API const podsim_pvc *podsim_cluster_pvc(const podsim_cluster *cluster,
                                                podsim_id id);
PODSIM_API const podsim_pv *podsim_cluster_pv(const podsim_cluster *cluster,
                                              podsim_id id);
PODSIM_API const podsim_storage_class *podsim_cluster_storage_class(
    const podsim_cluster *cluster, podsim_id id);
/** kind is CONFIGMAP or SECRET. */
PODSIM_API const podsim_config *podsim_cluster_config(
    const podsim_cluster *cluster, podsim_kind kind, podsim_id id);
PODSIM_API const podsim_namespace *podsim_cluster_namespace(
    const podsim_cluster *cluster, podsim_id id);
PODSIM_API const podsim_service *podsim_cluster_service(
    const podsim_cluster *cluster, podsim_id id);
PODSIM_API const podsim_event *podsim_cluster_event(
    const podsim_cluster *cluster, podsim_id id);

/** The value of a resource in a list; false if absent. */
PODSIM_API bool podsim_resources_get(const podsim_resources *list,
                                     const char *name, podsim_quantity *out);

/** Flags for podsim_pod_compute_requests. */
#define PODSIM_REQUESTS_EXCLUDE_OVERHEAD 1u
/** Scheduler scoring defaults: 100m cpu / 200Mi memory for containers that
 *  lack the key (only cpu and memory). */
#define PODSIM_REQUESTS_NON_ZERO 2u
/** Ignore pod-level resources (spec.resources). */
#define PODSIM_REQUESTS_SKIP_POD_LEVEL 4u

/**
 * Aggregate requests of a pod as upstream's component-helpers
 * resource.PodRequests: regular containers summed, sidecars added and
 * counted for later init containers, max with each init container,
 * overhead added, pod-level resources replacing cpu/memory/hugepages.
 *
 * Writes up to `cap` entries to `out` (names borrowed from the cluster).
 * Returns PODSIM_OK, PODSIM_ENOSPC (*count_out = entries needed),
 * PODSIM_ERANGE (sum overflow), PODSIM_EINVAL (bad id).
 */
PODSIM_API podsim_status podsim_pod_compute_requests(
    podsim_cluster *cluster, podsim_id pod, unsigned flags,
    podsim_resource *out, size_t cap, size_t *count_out);

/* ===================================================================== */
/* Section - kubectl views                                                */
/* ===================================================================== */

typedef enum podsim_view {
    PODSIM_VIEW_NODES = 0,    /* kubectl get nodes [-o wide] */
    PODSIM_VIEW_PODS,         /* kubectl get pods -A [-o wide] */
    PODSIM_VIEW_NODE_REQUESTS /* requests vs allocatable per node */
} podsim_view;

#define PODSIM_RENDER_WIDE 1u /* -o wide columns */

/**
 * Render a table as kubectl prints it (column padding of 3 spaces, ages as
 * kubectl's HumanDuration relative to `as_of_ms`, PODSIM_NO_TIME = the
 * newest timestamp in the model).
 *
 * The text is borrowed from the cluster and valid until the next call on
 * the handle. Returns PODSIM_OK, PODSIM_EINVAL, PODSIM_ENOMEM.
 */
PODSIM_API podsim_status podsim_cluster_render(podsim_cluster *cluster,
                                               podsim_view view, unsigned flags,
                                               int64_t as_of_ms,
                                               const char **text_out,
                                               size_t *len_out);

/** STATUS column of `kubectl get pods` for one pod (kubectl's printPod),
 *  READY ("1/2") and RESTARTS ("3 (5m ago)"). Strings are borrowed from
 *  the cluster until the next call on the handle. */
typedef struct podsim_pod_row {
    const char *ready;
    const char *status;
    const char *restarts;
    const char *age;
} podsim_pod_row;

PODSIM_API podsim_status podsim_pod_row_get(podsim_cluster *cluster,
                                            podsim_id pod, int64_t as_of_ms,
                                            podsim_pod_row *out);

/** The ids of the pods `kubectl get pods -A` lists, in its order
 *  (namespace, then name, compared bytewise as etcd lists keys); pods a
 *  simulation deleted are left out. Writes up to `cap` ids; *count_out is
 *  the number of such pods (PODSIM_ENOSPC when it exceeds cap). Returns
 *  PODSIM_OK, PODSIM_ENOSPC, PODSIM_EINVAL, PODSIM_ENOMEM. */
PODSIM_API podsim_status podsim_cluster_pod_order(podsim_cluster *cluster,
                                                  podsim_id *ids, size_t cap,
                                                  size_t *count_out);

/* ===================================================================== */
/* Section - Scheduling (kube-scheduler's framework and default plugins) */
/*                                                                        */
/* podsim runs kube-scheduler's scheduling cycle on the model: PreFilter, */
/* Filter (in profile order, first failure wins), node sampling           */
/* (percentageOfNodesToScore), PreScore, Score, NormalizeScore, weights,  */
/* reservoir-sampled ties, PostFilter (DefaultPreemption) and bind, with  */
/* upstream's integer arithmetic and message texts, for the cluster's     */
/* kubernetes_version.                                                    */
/* ===================================================================== */

/** A filter verdict for one node (framework.Code). */
typedef enum podsim_fit_code {
    PODSIM_FIT_SUCCESS = 0,
    PODSIM_FIT_UNSCHEDULABLE, /* "Unschedulable": preemption may help */
    PODSIM_FIT_UNRESOLVABLE   /* "UnschedulableAndUnresolvable" */
} podsim_fit_code;

/** A scheduler configuration: the profiles of a KubeSchedulerConfiguration
 *  (kubescheduler.config.k8s.io/v1) with defaults merged as kube-scheduler
 *  merges them, plus custom plugins registered on it. */
typedef struct podsim_scheduler_config podsim_scheduler_config;

/** One call into a custom plugin. The plugin reads `cluster`, `pod` and
 *  `node` and writes its outputs. */
typedef struct podsim_plugin_call {
    const podsim_cluster *cluster;
    podsim_id pod;
    podsim_id node;
    /* Filter output: PODSIM_FIT_SUCCESS (default) or a rejection, with the
       reason in `message` ("node(s) had no GPU"). */
    podsim_fit_code code;
    /* Score output: 0..100 (MaxNodeScore). */
    int64_t score;
    /* The rejection reason, or on a non-OK return what went wrong. */
    char message[256];
} podsim_plugin_call;

/** A custom plugin callback: PODSIM_OK, or any other status to fail the
 *  scheduling attempt with `message` (the error names the plugin). */
typedef podsim_status (*podsim_plugin_fn)(void *userdata,
                                          podsim_plugin_call *call);

/** A Filter and/or Score plugin written outside the core (Python, Lua, C).
 *  Enabled like any plugin, by name, through the configuration. */
typedef struct podsim_plugin_def {
    const char *name;        /* copied */
    podsim_plugin_fn filter; /* NULL: no Filter extension */
    podsim_plugin_fn score;  /* NULL: no Score extension */
    int32_t weight;          /* score weight when the config gives none;
                                0 means 1 */
    void *userdata;          /* passed back to the callbacks */
} podsim_plugin_def;

/** Create the default configuration: one profile "default-scheduler" with
 *  kube-scheduler's default plugins, weights and args.
 *  Returns PODSIM_OK, PODSIM_ENOMEM. */
PODSIM_API podsim_status
podsim_scheduler_config_new(podsim_scheduler_config **out);

/** Release a configuration. NULL is a no-op. */
PODSIM_API void podsim_scheduler_config_free(podsim_scheduler_config *config);

/** The detail of the last failure on this configuration (borrowed). */
PODSIM_API const podsim_error *podsim_scheduler_config_error(
    const podsim_scheduler_config *config);

/**
 * Replace the configuration with a KubeSchedulerConfiguration (YAML or
 * JSON; apiVersion kubescheduler.config.k8s.io/v1): profiles by
 * schedulerName, plugins per extension point and multiPoint (enabled with
 * weights, disabled, "*"), pluginConfig args of every default plugin,
 * percentageOfNodesToScore (global and per profile). Defaults are applied
 * and plugin sets merged with the default ones as v1 defaulting does.
 * Invalid input fails like kube-scheduler's validation, naming the field
 * ("profiles[0].pluginConfig[1].args.scoringStrategy.resources[0].weight:
 * Invalid value: 0: ..."), with file, line and column. Plugin names are
 * resolved when a profile is used, so custom plugins may be registered
 * before or after. On failure the configuration is unchanged.
 * Returns PODSIM_OK, PODSIM_EIO, PODSIM_EPARSE, PODSIM_EINVAL, PODSIM_ENOMEM.
 */
PODSIM_API podsim_status podsim_scheduler_config_load_file(
    podsim_scheduler_config *config, const char *path);
PODSIM_API podsim_status podsim_scheduler_config_load_string(
    podsim_scheduler_config *config, const char *text, size_t len,
    const char *source_name);

/** Register (or replace, by name) a custom plugin on this configuration.
 *  Built-in names are refused (PODSIM_EEXIST). Returns PODSIM_OK,
 *  PODSIM_EINVAL (no name, or neither callback), PODSIM_EEXIST,
 *  PODSIM_ENOMEM. */
PODSIM_API podsim_status podsim_scheduler_config_register_plugin(
    podsim_scheduler_config *config, const podsim_plugin_def *plugin);

/** Number of profiles, and the schedulerName of profile i (borrowed). */
PODSIM_API size_t
podsim_scheduler_config_profile_count(const podsim_scheduler_config *config);
PODSIM_API const char *podsim_scheduler_config_profile_name(
    const podsim_scheduler_config *config, size_t index);

/**
 * The effective plugins of a profile: one line per extension point with
 * the plugins in run order and score weights ("score: TaintToleration(3)
 * NodeAffinity(2) ..."), after multiPoint expansion. Borrowed text, valid
 * until the next call on the configuration. Returns PODSIM_OK,
 * PODSIM_ENOTFOUND (no such profile), PODSIM_EINVAL (unknown plugin
 * enabled: "FilterPlugin \"X\" does not exist"), PODSIM_ENOMEM.
 */
PODSIM_API podsim_status podsim_scheduler_config_describe(
    podsim_scheduler_config *config, const char *profile, const char **text);

/* ---- scheduling one pod -------------------------------------------------- */

#define PODSIM_SCHEDULE_EXPLAIN                                      \
    1u                          /* keep per-node filter statuses and \
                                   per-plugin scores */
#define PODSIM_SCHEDULE_BIND 2u /* bind the pod to the chosen node */
#define PODSIM_SCHEDULE_EXHAUSTIVE                                      \
    4u                                   /* evaluate every node (ignore \
                                            percentageOfNodesToScore) */
#define PODSIM_SCHEDULE_NO_PREEMPTION 8u /* skip PostFilter */

typedef struct podsim_schedule_options {
    int version;         /* PODSIM_SCHEDULE_OPTIONS_VERSION */
    const char *profile; /* schedulerName; NULL = the pod's */
    unsigned flags;      /* PODSIM_SCHEDULE_* */
    /** Non-zero: reseed the cluster's tie-break stream before this call.
     *  The stream (and the round-robin start index of node sampling) is
     *  carried from call to call, as kube-scheduler carries them. */
    uint64_t seed;
} podsim_schedule_options;

#define PODSIM_SCHEDULE_OPTIONS_VERSION 1
#define PODSIM_SCHEDULE_OPTIONS_INIT \
    { PODSIM_SCHEDULE_OPTIONS_VERSION, NULL, 0, 0 }

/** One node's filter verdict (explain): the failing plugin and reasons.
 *  Nodes outside a PreFilterResult carry plugin "" and the reason
 *  "node(s) didn't satisfy plugin(s) [NodeAffinity]". */
typedef struct podsim_node_filter {
    const char *node;
    podsim_fit_code code;
    const char *plugin;
    podsim_strings reasons;
} podsim_node_filter;

/** One score plugin's part of a node's score (explain). `raw` is the Score
 *  result, `score` after NormalizeScore (0..100), `weighted` = score x
 *  weight. A plugin whose PreScore skipped the pod scores 0, skipped. */
typedef struct podsim_plugin_score {
    const char *plugin;
    int64_t raw;
    int64_t score;
    int64_t weighted;
    int32_t weight;
    bool skipped;
} podsim_plugin_score;

typedef struct podsim_node_score {
    const char *node;
    const podsim_plugin_score *plugins; /* in the profile's score order */
    size_t plugin_count;
    int64_t total;
} podsim_node_score;

/** What preemption (DefaultPreemption PostFilter) decided. */
typedef struct podsim_preemption {
    const char *node;       /* nominated node; NULL if preemption found none */
    podsim_strings victims; /* "namespace/name" in eviction order */
    int32_t pdb_violations;
} podsim_preemption;

/** The outcome of one scheduling attempt. Node names are the cluster's
 *  (valid until the cluster is freed: nodes are never removed); every other
 *  string is owned by the result. */
typedef struct podsim_schedule_result {
    const char *pod;     /* "namespace/name" */
    const char *profile; /* schedulerName used */
    const char *node;    /* chosen node, NULL when unschedulable */
    bool bound;          /* PODSIM_SCHEDULE_BIND took effect */
    bool gated;          /* spec.schedulingGates: never attempted */
    /** kube-scheduler's FailedScheduling text ("0/5 nodes are available:
     *  1 Insufficient cpu, ... preemption: ..."), or "" on success. */
    const char *message;
    size_t node_count;      /* nodes in the snapshot (N of "0/N") */
    size_t evaluated_count; /* nodes run through Filter */
    /** Nodes that passed Filter (of those evaluated), and every node tied
     *  at the best total; podsim_cluster_schedule_pending keeps both only
     *  with PODSIM_SCHEDULE_EXPLAIN. */
    podsim_strings feasible;
    podsim_strings top_nodes;            /* every node tied at the best total */
    const podsim_preemption *preemption; /* NULL when not attempted or
                                            not eligible */
    /* explain only: */
    const podsim_node_filter *filters; /* every evaluated failing node,
                                          in evaluation order */
    size_t filter_count;
    const podsim_node_score *scores; /* every scored node */
    size_t score_count;
    podsim_strings score_plugins; /* the profile's score plugins */
} podsim_schedule_result;

/**
 * Schedule one pod of the model (podsim_cluster_find gives its id) with
 * `config` (NULL = the default configuration) and return the outcome.
 * With PODSIM_SCHEDULE_BIND and a chosen node, the pod is bound (spec.
 * nodeName set, node accounting updated) so later calls see it; when
 * preemption nominates a node instead, the pod's status.nominatedNodeName
 * is set (lower-priority pods nominated there lose theirs), and later
 * attempts filter each node with the pods nominated to it at their
 * priority or higher added, as kube-scheduler's nominator does (pods
 * loaded with status.nominatedNodeName count the same way).
 * A pod already bound is scheduled as if it were not (what-if): it is
 * taken off its node, and its spec.nodeName (the binding) does not count
 * as a NodeName wish; it is not re-bound.
 * Returns PODSIM_OK (also when the pod fits nowhere: see result->node),
 * PODSIM_EINVAL (bad id or options, or a plugin failed: a custom plugin's
 * error or an invalid score; the message names the plugin),
 * PODSIM_ENOTFOUND (no profile named like the pod's schedulerName),
 * PODSIM_ERANGE, PODSIM_ENOMEM. Errors are on the cluster handle.
 */
PODSIM_API podsim_status podsim_cluster_schedule(
    podsim_cluster *cluster, podsim_scheduler_config *config, podsim_id pod,
    const podsim_schedule_options *options, podsim_schedule_result **out);

/**
 * Schedule a pod given as YAML or JSON text (one Pod). The pod is loaded
 * with API-server defaulting; it stays in the model only if it is bound
 * (PODSIM_SCHEDULE_BIND and a node was chosen), otherwise the model is
 * left exactly as before.
 */
PODSIM_API podsim_status podsim_cluster_schedule_string(
    podsim_cluster *cluster, podsim_scheduler_config *config, const char *text,
    size_t len, const char *source_name, const podsim_schedule_options *options,
    podsim_schedule_result **out);

PODSIM_API void podsim_schedule_result_free(podsim_schedule_result *result);

/* ---- scheduling the queue ------------------------------------------------ */

/** The outcomes of scheduling every pending pod. */
typedef struct podsim_schedule_batch {
    const podsim_schedule_result *const *results; /* queue order */
    size_t count;
    size_t scheduled;     /* pods given a node */
    size_t unschedulable; /* pods that fit nowhere */
    size_t gated;         /* pods held by schedulingGates */
} podsim_schedule_batch;

/**
 * Schedule the pending pods (no nodeName, not finished, not being deleted,
 * schedulerName served by a profile of `config`) in PrioritySort order:
 * higher priority first, then earlier creationTimestamp, then model order.
 * Each placement is bound (with PODSIM_SCHEDULE_BIND, which this call
 * implies) so later pods see earlier ones. Preemption is reported (the
 * nominated node and victims) and the nomination recorded, but victims are
 * not deleted: they leave through graceful deletion, which takes simulated
 * time. options->profile is
 * ignored; PODSIM_SCHEDULE_EXPLAIN keeps explanations for every pod.
 * Returns as podsim_cluster_schedule; on failure pods bound so far stay
 * bound.
 */
PODSIM_API podsim_status podsim_cluster_schedule_pending(
    podsim_cluster *cluster, podsim_scheduler_config *config,
    const podsim_schedule_options *options, podsim_schedule_batch **out);

PODSIM_API void podsim_schedule_batch_free(podsim_schedule_batch *batch);

/**
 * kube-scheduler's numFeasibleNodesToFind: how many feasible nodes one
 * attempt looks for among `node_count` nodes with percentageOfNodesToScore
 * `percentage` (0 = adaptive: 50 - N/125, at least 5; at least 100 nodes).
 */
PODSIM_API size_t podsim_num_feasible_nodes_to_find(size_t node_count,
                                                    int32_t percentage);

/**
 * Format a FailedScheduling message as FitError.Error() does, from node
 * statuses: "0/N nodes are available: " then the PreFilter message and
 * "." when `prefilter_message` is non-empty, else the histogram of
 * reasons ("<count> <reason>" sorted as strings, joined by ", ", then
 * "."), then " " and `postfilter_message` when non-empty. Nodes beyond
 * `filter_count` (up to node_count) count under `absent_reason` when it is
 * non-NULL. The text is written into buf (PODSIM_ENOSPC: *len_out is the
 * needed length). Returns PODSIM_OK, PODSIM_ENOSPC, PODSIM_EINVAL,
 * PODSIM_ENOMEM.
 */
PODSIM_API podsim_status podsim_fit_error_format(
    size_t node_count, const podsim_node_filter *filters, size_t filter_count,
    const char *absent_reason, const char *prefilter_message,
    const char *postfilter_message, char *buf, size_t cap, size_t *len_out);

/* ===================================================================== */
/* Section - Simulation (pod lifecycle on a deterministic clock)          */
/*                                                                        */
/* A simulation copies a loaded cluster and runs it forward on one        */
/* simulated clock in integer milliseconds: controllers (ReplicaSet,      */
/* Deployment, StatefulSet, DaemonSet, Job) create pods, the scheduling   */
/* queue and framework place them, and a kubelet model starts them        */
/* (image pulls, volumes, sandbox, init containers, sidecars, containers, */
/* probes, back-offs, termination) and writes their status as the kubelet */
/* does. Every random choice draws from one seeded stream, so the same    */
/* inputs and seed replay the same run byte for byte. The working model   */
/* is readable at any time with the cluster functions above through      */
/* podsim_sim_cluster. Times given to and returned by these functions are */
/* milliseconds since the simulation's start (time 0), which is the       */
/* newest timestamp of the loaded cluster (or 2026-01-01T00:00:00Z for a  */
/* cluster with no timestamps); podsim_sim_epoch_ms gives it.             */
/* ===================================================================== */

typedef struct podsim_sim podsim_sim;

/** A Go duration (time.ParseDuration: "1m30s", "1.5h", "500ms", "-2s",
 *  "0"; units ns, us, ms, s, m, h) in milliseconds, rounded to the nearest
 *  (halves away from zero). The bindings accept durations this way.
 *  Returns PODSIM_OK, PODSIM_EPARSE (malformed or out of range),
 *  PODSIM_EINVAL (NULL argument). */
PODSIM_API podsim_status podsim_duration_parse(const char *text, size_t len,
                                               int64_t *ms_out);

/** A size in bytes: a quantity ("500M", "1Gi", "1.5G", "1048576") with an
 *  optional trailing B ("500MB", "1GiB", "1KB" for 1k). The bindings and
 *  scenario files read image sizes this way. Returns PODSIM_OK,
 *  PODSIM_EPARSE (malformed, negative or beyond int64), PODSIM_EINVAL
 *  (NULL argument). */
PODSIM_API podsim_status podsim_size_parse(const char *text, size_t len,
                                           int64_t *bytes_out);

/** Durations of what the kubelet and the runtime do. Upstream publishes
 *  no number for these (they depend on the registry, the runtime and the
 *  CNI); the defaults are typical values and every field can be set.
 *  Zero fields take the default, so set -1 for "takes no time". */
typedef struct podsim_timing {
    int version;                         /* PODSIM_TIMING_VERSION */
    int64_t sandbox_ms;                  /* RunPodSandbox + CNI; default 1000 */
    int64_t container_start_ms;          /* create + start one container;
                                            default 200 */
    int64_t image_pull_overhead_ms;      /* registry round trips of one pull;
                                            default 500 */
    int64_t image_pull_bytes_per_second; /* per node; default 50 MB/s */
    int64_t image_digest_check_ms;       /* policy Always, image present;
                                            default 100 */
    int64_t default_image_bytes;         /* an image of unknown size; 100 MB */
    /** maxParallelImagePulls: 0 or 1 = serializeImagePulls (one pull at a
     *  time per node, the kubelet's default); N >= 2 = at most N. */
    int32_t max_parallel_image_pulls;
    int64_t volume_mount_ms;  /* configMap, secret, emptyDir, projected,
                                 downwardAPI, hostPath: set up on the node;
                                 default 100 */
    int64_t volume_attach_ms; /* a PersistentVolumeClaim's (or generic
                                 ephemeral volume's) attach to the node
                                 (CSI ControllerPublish); default 5000 */
    int64_t persistent_volume_mount_ms; /* then its mount (CSI NodeStage +
                                           NodePublish); default 1000 */
    int64_t container_stop_ms; /* a container exits after SIGTERM when it
                                  handles it; default 500 */
    /** Extra delay after a crash-loop or image back-off expires before
     *  the retry (the pod worker's requeue): uniform in [0, max]. 0 =
     *  version default: 5000 from v1.34 (kubernetes PR 133066), 15000
     *  before (a 10 s requeue plus up to 50 % jitter); -1 = none.
     *  PODSIM_TIMING_EXACT also turns it off. */
    int64_t restart_lag_max_ms;
    /** Percentage of jitter applied to the durations above (uniform in
     *  [-p %, +p %]); 0 = none (default). */
    int32_t jitter_percent;
    unsigned flags; /* PODSIM_TIMING_* */
} podsim_timing;

#define PODSIM_TIMING_VERSION 1
/** No jitter anywhere and no restart lag: expiries happen exactly. */
#define PODSIM_TIMING_EXACT 1u
#define PODSIM_TIMING_INIT \
    { PODSIM_TIMING_VERSION, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 }

/** What a container does once started (podsim scenario behaviour). */
typedef enum podsim_run_kind {
    PODSIM_RUN_FOREVER = 0, /* runs until stopped */
    PODSIM_RUN_EXIT,        /* exits with exit_code after run_ms */
    PODSIM_RUN_CRASH,       /* exits non-zero (exit_code, default 1) after
                               run_ms */
    PODSIM_RUN_OOM          /* OOMKilled (exit 137) after run_ms */
} podsim_run_kind;

/** One container's behaviour. Probe patterns are strings of 'S'
 *  (success) and 'F' (failure), one letter per probe run from the
 *  container's start; the last letter repeats. NULL or "" = always
 *  succeeds (a readiness probe also waits for ready_after_ms). */
typedef struct podsim_behavior {
    int version; /* PODSIM_BEHAVIOR_VERSION */
    podsim_run_kind run;
    int32_t exit_code;
    int64_t run_ms;         /* time from start to exit */
    int64_t run_jitter_ms;  /* run_ms + uniform [0, jitter) */
    int64_t ready_after_ms; /* readiness probes fail before this */
    const char *startup_pattern;
    const char *liveness_pattern;
    const char *readiness_pattern;
    bool handles_sigterm; /* exits container_stop_ms after SIGTERM;
                             false = only SIGKILL ends it */
    /** Exit code when SIGTERM ends it: 0 (a graceful handler, default)
     *  ends as Completed; 143 (128 + SIGTERM, a process the signal kills,
     *  typical of batch work) ends as Error, so a Job counts the pod as
     *  failed. */
    int32_t sigterm_exit_code;
} podsim_behavior;

#define PODSIM_BEHAVIOR_VERSION 1
#define PODSIM_BEHAVIOR_INIT                                                 \
    {                                                                        \
        PODSIM_BEHAVIOR_VERSION, PODSIM_RUN_FOREVER, 0, 0, 0, 0, NULL, NULL, \
            NULL, true, 0                                                    \
    }

typedef struct podsim_sim_options {
    int version; /* PODSIM_SIM_OPTIONS_VERSION */
    /** Kubernetes minor version whose defaults the simulation follows;
     *  NULL = the cluster's; "1.30".."1.35". */
    const char *kubernetes_version;
    uint64_t seed;                   /* 0 = a fixed default seed */
    podsim_scheduler_config *config; /* NULL = default profile; borrowed:
                                        keep it alive as long as the
                                        simulation and its forks */
    const podsim_timing *timing;     /* NULL = defaults (copied) */
    unsigned flags;                  /* PODSIM_SIM_* */
    /** Version 2: node lifecycle, taint eviction and pod GC settings;
     *  NULL = defaults (copied). */
    const struct podsim_node_lifecycle *node_lifecycle;
} podsim_sim_options;

/** Keep no event log and no change log (counters only): for long runs and
 *  benchmarks. */
#define PODSIM_SIM_QUIET 1u

#define PODSIM_SIM_OPTIONS_VERSION 2
#define PODSIM_SIM_OPTIONS_INIT \
    { PODSIM_SIM_OPTIONS_VERSION, NULL, 0, NULL, NULL, 0, NULL }

/**
 * A simulation of `cluster`, which is copied: later changes to `cluster`
 * do not reach the simulation (the copy shares the loaded, read-only
 * parts, so it is cheap; the cluster's memory stays alive until the
 * simulation and its forks are freed, even past podsim_cluster_free).
 * Pods already bound and Running in the cluster keep running; pending pods
 * enter the scheduling queue at time 0; workloads are reconciled at time 0.
 * Returns PODSIM_OK, PODSIM_EINVAL, PODSIM_EVERSION, PODSIM_ENOMEM.
 */
PODSIM_API podsim_status podsim_sim_new(podsim_cluster *cluster,
                                        const podsim_sim_options *options,
                                        podsim_sim **out);
PODSIM_API void podsim_sim_free(podsim_sim *sim);
PODSIM_API const podsim_error *podsim_sim_error(const podsim_sim *sim);

/** An independent copy at the same time with the same pending work and
 *  random stream: branches never share mutable state. */
PODSIM_API podsim_status podsim_sim_fork(podsim_sim *sim, podsim_sim **out);

/** The working model (pods, nodes, workloads as they are at now). Read it
 *  with the cluster functions; do not load into it. */
PODSIM_API podsim_cluster *podsim_sim_cluster(podsim_sim *sim);

PODSIM_API int64_t podsim_sim_now(const podsim_sim *sim);
/** Wall-clock instant of simulated time 0, in ms since the Unix epoch. */
PODSIM_API int64_t podsim_sim_epoch_ms(const podsim_sim *sim);
PODSIM_API const char *podsim_sim_kubernetes_version(const podsim_sim *sim);

/**
 * Create or update objects (YAML/JSON text with one or more documents, as
 * kubectl apply takes) at time `at_ms` (>= now). Objects are parsed now
 * (errors carry file:line:column) and take effect at `at_ms`: a new
 * workload is reconciled, a changed pod template of a Deployment starts a
 * rollout, a changed replica count scales, a bare Pod is created. A
 * document of kind Scenario (apiVersion podsim.dev/v1alpha1) sets
 * behaviours, images and timing instead (see podsim_sim_load_scenario).
 */
PODSIM_API podsim_status podsim_sim_apply_string(podsim_sim *sim,
                                                 const char *text, size_t len,
                                                 const char *source_name,
                                                 int64_t at_ms);
PODSIM_API podsim_status podsim_sim_apply_file(podsim_sim *sim,
                                               const char *path, int64_t at_ms);

/**
 * A podsim scenario (YAML, kind Scenario, apiVersion podsim.dev/v1alpha1):
 *
 *   timing:            # any podsim_timing field, durations as Go strings
 *     sandbox: 1s
 *     imagePullBytesPerSecond: 50000000
 *   images:            # what the registry holds
 *     - name: example.com/app:v2
 *       size: 500MB    # or bytes
 *     - name: example.com/typo:v1
 *       missing: true  # pulls fail: ErrImagePull, ImagePullBackOff
 *   behaviors:         # first match wins; pod and container are globs
 *     - pod: "default/web-*"
 *       container: app
 *       run: crash     # forever | exit | crash | oom
 *       after: 2s
 *       exitCode: 1
 *       readyAfter: 5s
 *       probes: {liveness: "SSSFFF", readiness: "S", startup: "FFS"}
 *
 * Behaviours added later take precedence over earlier ones.
 */
PODSIM_API podsim_status podsim_sim_load_scenario_string(
    podsim_sim *sim, const char *text, size_t len, const char *source_name);
PODSIM_API podsim_status podsim_sim_load_scenario_file(podsim_sim *sim,
                                                       const char *path);

/** Set the behaviour of containers named `container` ("*" or a glob) of
 *  pods matching `pod_glob` ("namespace/name" glob, or a name glob for
 *  any namespace). Strings are copied. Later calls take precedence. */
PODSIM_API podsim_status podsim_sim_set_behavior(podsim_sim *sim,
                                                 const char *pod_glob,
                                                 const char *container,
                                                 const podsim_behavior *b);

/** Register an image the registry holds (size in bytes, 0 = default) or,
 *  with missing, one it does not (pulls fail). */
PODSIM_API podsim_status podsim_sim_set_image(podsim_sim *sim,
                                              const char *image,
                                              int64_t size_bytes, bool missing);

/** Delete a pod at `at_ms` as `kubectl delete pod` does: grace_seconds
 *  < 0 = the pod's terminationGracePeriodSeconds; 0 with `force` = the
 *  object is removed at once (--grace-period=0 --force). The pod is looked
 *  up when the time comes (it may be created before then); at_ms == now
 *  with no such pod is PODSIM_ENOTFOUND. */
PODSIM_API podsim_status podsim_sim_delete_pod(podsim_sim *sim,
                                               const char *namespace_,
                                               const char *name, int64_t at_ms,
                                               int64_t grace_seconds,
                                               bool force);

/** Run every event up to and including `until_ms`; now becomes until_ms. */
PODSIM_API podsim_status podsim_sim_run_until(podsim_sim *sim,
                                              int64_t until_ms);
/** Run until nothing is pending (or `limit_ms` is reached: *idle false).
 *  Periodic work (resyncs) does not count as pending. */
PODSIM_API podsim_status podsim_sim_run_idle(podsim_sim *sim, int64_t limit_ms,
                                             bool *idle);
/** Run the events of the next instant that has work other than periodic
 *  (resyncs, the node lifecycle controller's monitor passes), and the
 *  periodic work due before it; *ran false when idle (only periodic work
 *  pending, as for podsim_sim_run_idle). */
PODSIM_API podsim_status podsim_sim_step(podsim_sim *sim, bool *ran);

/** Counters of a run. */
typedef struct podsim_sim_stats {
    uint64_t events_processed; /* queue entries handled */
    uint64_t pods_created;
    uint64_t pods_deleted;
    uint64_t scheduling_attempts;
    size_t pending;      /* queue entries waiting */
    size_t memory_bytes; /* the simulation's own state (not the cluster) */
} podsim_sim_stats;

PODSIM_API void podsim_sim_get_stats(const podsim_sim *sim,
                                     podsim_sim_stats *out);

/* ---- the event log (kubectl get events) ---------------------------------- */

/** One Kubernetes Event the simulation recorded (kubectl aggregates repeats
 *  into count with first and last times: so does podsim). Strings are the
 *  simulation's, valid until it is freed. */
typedef struct podsim_sim_event {
    int64_t time;       /* lastTimestamp, ms since start */
    int64_t first_time; /* firstTimestamp */
    int32_t count;
    const char *type;   /* Normal, Warning */
    const char *reason; /* Scheduled, Pulling, BackOff, ... */
    const char *kind;   /* involvedObject: Pod, ReplicaSet, Node, ... */
    const char *namespace_;
    const char *name;
    const char *field_path; /* spec.containers{app}, or "" */
    const char *source;     /* component: kubelet, default-scheduler, ... */
    const char *host;       /* node name for kubelet events, else "" */
    const char *message;
    uint64_t seq; /* order of recording (first occurrence) */
} podsim_sim_event;

PODSIM_API size_t podsim_sim_event_count(const podsim_sim *sim);
PODSIM_API const podsim_sim_event *podsim_sim_event_get(const podsim_sim *sim,
                                                        size_t index);

/* ---- state changes over time ----------------------------------------------
 */

/** One change of an object's visible state. For a Pod, field is "phase",
 *  "status" (the kubectl STATUS column), "ready" (READY column),
 *  "restarts", "node", "condition/<Type>" (its status), or
 *  "container/<name>" (state and reason, e.g. "waiting:CrashLoopBackOff");
 *  for a workload "replicas", "readyReplicas", "updatedReplicas",
 *  "availableReplicas", "succeeded", "failed". value is the new text. */
typedef struct podsim_sim_change {
    int64_t time;
    const char *kind; /* "Pod", "Deployment", "StatefulSet", ... */
    const char *namespace_;
    const char *name;
    const char *field;
    const char *value;
} podsim_sim_change;

PODSIM_API size_t podsim_sim_change_count(const podsim_sim *sim);
PODSIM_API const podsim_sim_change *podsim_sim_change_get(const podsim_sim *sim,
                                                          size_t index);

/* ---- text views ------------------------------------------------------------
 */

typedef enum podsim_sim_view {
    PODSIM_SIM_VIEW_PODS = 0,  /* kubectl get pods -A at now (live pods) */
    PODSIM_SIM_VIEW_EVENTS,    /* kubectl get events -A (LAST SEEN, TYPE,
                                  REASON, OBJECT, MESSAGE) */
    PODSIM_SIM_VIEW_EVENT_LOG, /* one line per event, times from 0: the
                                  form the shared test fixtures compare */
    PODSIM_SIM_VIEW_NODES,     /* kubectl get nodes at now */
    PODSIM_SIM_VIEW_REPORT     /* the what-if report as text */
} podsim_sim_view;

/** Render a view (text borrowed until the next call on the handle). */
PODSIM_API podsim_status podsim_sim_render(podsim_sim *sim,
                                           podsim_sim_view view, unsigned flags,
                                           const char **text, size_t *len);

/** `kubectl describe pod` text of a live pod at now (borrowed). */
PODSIM_API podsim_status podsim_sim_describe_pod(podsim_sim *sim,
                                                 const char *namespace_,
                                                 const char *name,
                                                 const char **text,
                                                 size_t *len);

/** A live pod's id in podsim_sim_cluster, or PODSIM_ENOTFOUND (also when
 *  the pod was deleted). */
PODSIM_API podsim_status podsim_sim_find_pod(podsim_sim *sim,
                                             const char *namespace_,
                                             const char *name, podsim_id *out);

/* ===================================================================== */
/* Section - Node failure, eviction and the what-if report                */
/*                                                                        */
/* What happens when a node fails, as the control plane sees it: the      */
/* kubelet's heartbeats (Lease renewals) stop, the node lifecycle         */
/* controller (kube-controller-manager, pkg/controller/nodelifecycle)     */
/* sets the node's conditions to Unknown after node-monitor-grace-period, */
/* marks its pods NotReady, adds the unreachable / not-ready taints       */
/* (NoSchedule at once, NoExecute through a rate-limited queue per zone   */
/* whose rate follows the zone's health), the taint eviction controller   */
/* (pkg/controller/tainteviction) deletes pods when their                 */
/* tolerationSeconds run out, pods on a dead node stay Terminating until  */
/* the node returns, the Node is deleted (pod GC), the out-of-service     */
/* taint is added or someone force-deletes them, and controllers replace  */
/* pods each by its own rule. Voluntary disruption goes through kubectl   */
/* drain and the Eviction API, which honours PodDisruptionBudgets.        */
/* Every action below takes effect at its time (>= now); the node is      */
/* looked up then (an action for now naming no node is PODSIM_ENOTFOUND). */
/* ===================================================================== */

/** Settings of the controllers that decide node failure timing. Fields
 *  are named after the kube-controller-manager, kube-apiserver and kubelet
 *  flags they model. Zero takes the default (the upstream default for the
 *  simulation's Kubernetes version); for a duration or count that should
 *  be zero, set -1. */
typedef struct podsim_node_lifecycle {
    int version; /* PODSIM_NODE_LIFECYCLE_VERSION */
    /* kube-controller-manager, node lifecycle controller */
    int64_t node_monitor_period_ms;       /* --node-monitor-period: 5 s */
    int64_t node_monitor_grace_period_ms; /* --node-monitor-grace-period:
                                             40 s up to v1.31, 50 s from
                                             v1.32 (kubernetes PR 126287) */
    int64_t node_startup_grace_period_ms; /* --node-startup-grace-period:
                                             60 s */
    /** Phase of the monitor passes: they run at offset + k x period
     *  (0 <= offset < period; default 0). */
    int64_t node_monitor_offset_ms;
    double node_eviction_rate;            /* --node-eviction-rate: 0.1 nodes
                                             per second per zone; < 0 = 0 */
    double secondary_node_eviction_rate;  /* --secondary-node-eviction-rate:
                                             0.01; < 0 = 0 */
    int32_t large_cluster_size_threshold; /* --large-cluster-size-threshold:
                                             50 (nodes of the zone) */
    double unhealthy_zone_threshold;      /* --unhealthy-zone-threshold:
                                             0.55 */
    /* kube-apiserver, DefaultTolerationSeconds admission (pods created
       during the simulation; loaded pods were admitted when loaded) */
    int64_t default_not_ready_toleration_seconds;   /* 300 */
    int64_t default_unreachable_toleration_seconds; /* 300 */
    /* kubelet */
    int64_t lease_renew_interval_ms; /* nodeLeaseDurationSeconds x 0.25:
                                        10 s */
    /** How long before a failure the kubelet last renewed its Lease
     *  (0 <= age < lease_renew_interval_ms; default 0: the failure comes
     *  right after a renewal, as in the reference timeline). */
    int64_t heartbeat_age_ms;
    int64_t shutdown_grace_period_ms; /* shutdownGracePeriod: 0 = graceful
                                         node shutdown is off (a shutdown
                                         is a power-off) */
    int64_t shutdown_grace_period_critical_pods_ms; /* of which for critical
                                                       pods; 0 */
    /* pod garbage collector (pkg/controller/podgc) */
    int64_t pod_gc_period_ms;            /* gcCheckPeriod: 20 s */
    int64_t pod_gc_quarantine_ms;        /* quarantineTime: 40 s */
    int32_t terminated_pod_gc_threshold; /* --terminated-pod-gc-threshold:
                                            12500 */
    /* attach-detach controller */
    int64_t max_wait_for_unmount_ms; /* forced detach from an unhealthy
                                        node: 6 min */
    /* kubectl drain */
    int64_t drain_retry_ms; /* retry of an eviction a PDB refused: 5 s */
    unsigned flags;         /* PODSIM_NL_* */
} podsim_node_lifecycle;

#define PODSIM_NODE_LIFECYCLE_VERSION 1
/** --controllers=-taint-eviction-controller: NoExecute taints evict
 *  nothing. */
#define PODSIM_NL_NO_TAINT_EVICTION 1u
#define PODSIM_NODE_LIFECYCLE_INIT                                            \
    {                                                                         \
        PODSIM_NODE_LIFECYCLE_VERSION, 0, 0, 0, 0, 0.0, 0.0, 0, 0.0, 0, 0, 0, \
            0, 0, 0, 0, 0, 0, 0, 0, 0                                         \
    }

/** How a node fails. */
typedef enum podsim_node_failure {
    /** The kubelet stops reaching the API server (crash, network
     *  partition): heartbeats stop, containers keep running. */
    PODSIM_NODE_UNREACHABLE = 0,
    /** The kubelet is alive and reports Ready=False (container runtime
     *  down): no grace period. */
    PODSIM_NODE_NOT_READY,
    /** The machine shuts down: graceful node shutdown when
     *  shutdown_grace_period_ms is set (pods terminated by the kubelet),
     *  then heartbeats stop; containers are gone. */
    PODSIM_NODE_SHUTDOWN,
    /** The VM is gone and the Node object deleted (cloud node lifecycle
     *  controller or an admin). */
    PODSIM_NODE_DELETED
} podsim_node_failure;

PODSIM_API podsim_status podsim_sim_fail_node(podsim_sim *sim, const char *node,
                                              int64_t at_ms,
                                              podsim_node_failure mode);
/** Every node of a zone (topology.kubernetes.io/zone) at once. */
PODSIM_API podsim_status podsim_sim_fail_zone(podsim_sim *sim, const char *zone,
                                              int64_t at_ms,
                                              podsim_node_failure mode);
/** The node works again: the kubelet renews its Lease and posts Ready
 *  (after a shutdown the containers restart; a deleted Node registers
 *  again, empty). */
PODSIM_API podsim_status podsim_sim_recover_node(podsim_sim *sim,
                                                 const char *node,
                                                 int64_t at_ms);
/** kubectl delete node (the kubelet, if alive, registers it again). */
PODSIM_API podsim_status podsim_sim_delete_node(podsim_sim *sim,
                                                const char *node,
                                                int64_t at_ms);
/** kubectl cordon (unschedulable true) or uncordon (false). */
PODSIM_API podsim_status podsim_sim_cordon_node(podsim_sim *sim,
                                                const char *node, int64_t at_ms,
                                                bool unschedulable);
/** kubectl drain --ignore-daemonsets --delete-emptydir-data --force:
 *  cordon, then evict every pod but DaemonSet and mirror pods through the
 *  Eviction API, retrying an eviction a PodDisruptionBudget refuses every
 *  drain_retry_ms until it succeeds. */
PODSIM_API podsim_status podsim_sim_drain_node(podsim_sim *sim,
                                               const char *node, int64_t at_ms);
/** kubectl taint nodes NODE TAINT: "key[=value]:Effect" adds (or
 *  replaces) a taint; "key[=value]:Effect-" or "key-" removes it. */
PODSIM_API podsim_status podsim_sim_taint_node(podsim_sim *sim,
                                               const char *node,
                                               const char *taint,
                                               int64_t at_ms);

/* ---- the what-if report --------------------------------------------------
 */

/** Times are ms since the simulation's start; -1 = never (within the run
 *  so far). The report covers what happened from the first what-if event
 *  on: an action (podsim_sim_fail_node ... podsim_sim_taint_node), a pod
 *  deletion by the taint eviction controller, the Eviction API, pod GC,
 *  the kubelet's node shutdown or a force delete, or, at 0, a node loaded
 *  as not reporting (Ready Unknown or False: failed_at -1).
 *
 *  A pod is followed when a failure (unreachable, not-ready, shutdown,
 *  deleted) or a drain hits its node while it is bound there and not
 *  finished, when it is bound later to a failed node that has not come
 *  back, or when one of the deletions above hits it; it is listed once
 *  something happened to it (its node stopped reporting Ready, it became
 *  not ready, or its deletion was requested): a DaemonSet pod that a
 *  drain skips is not. Pods are listed by disrupted_at, then namespace
 *  and name. Its replacement is the next pod its controller creates after
 *  it stopped counting (deletion requested, terminal phase, or gone),
 *  first come first served; for a StatefulSet, the next pod with its name
 *  after the object is gone. A pod that was never deleted is Running
 *  again once its node reports again and its containers run (after a
 *  power-off, when the kubelet has restarted them). */
typedef struct podsim_report_pod {
    const char *namespace_;
    const char *name;
    const char *node;          /* where it ran when disrupted */
    const char *workload_kind; /* "Deployment", "StatefulSet", "DaemonSet",
                                  "Job", "ReplicaSet", "" (bare pod) */
    const char *workload_name;
    int64_t disrupted_at; /* its node failed, was tainted or drained */
    /** Since when its real state is unknown: its node's last heartbeat
     *  (-1 while the node reports). The API keeps showing the last
     *  status written before then. */
    int64_t unknown_since;
    int64_t not_ready_at;     /* condition Ready became False */
    int64_t evicted_at;       /* deletion requested (deletionTimestamp set) or
                                 force-deleted */
    const char *evicted_by;   /* "TaintManager", "EvictionAPI", "PodGC",
                                 "ForceDelete", "NodeShutdown", "Kubelet",
                                 "Preemption", "Delete", "" */
    int64_t removed_at;       /* the object is gone */
    const char *replaced_by;  /* name of the pod that took its place, "" */
    int64_t running_again_at; /* it or its replacement Running again */
    int64_t ready_again_at;   /* ... and Ready */
    /** Why it has not recovered at now ("" when it has or need not), e.g.
     *  "Terminating on unreachable node node-2: ..." */
    const char *stuck;
} podsim_report_pod;

typedef struct podsim_report_point {
    int64_t time;
    int32_t value;
} podsim_report_point;

/** A Deployment, StatefulSet, DaemonSet or ReplicaSet no Deployment owns,
 *  as its controller's status counts it (readyReplicas of spec.replicas;
 *  a DaemonSet's numberReady of desiredNumberScheduled, which drops while
 *  a node's taints keep the daemon off it). Listed when it went below
 *  desired after the what-if started: below desired after having been
 *  whole, or losing ground (a rollout still under way at the start is not
 *  a disruption until then). ready_over_time covers the whole run from
 *  its first status (0 for loaded workloads). Listed by disrupted_at. */
typedef struct podsim_report_workload {
    const char *kind; /* Deployment, StatefulSet, DaemonSet, ReplicaSet */
    const char *namespace_;
    const char *name;
    int32_t desired;      /* replicas (DaemonSet: desiredNumberScheduled) */
    int32_t ready;        /* ready replicas at now */
    int32_t min_ready;    /* lowest ready count seen */
    int64_t disrupted_at; /* first time ready fell below desired, -1 */
    int64_t time_below_desired_ms; /* total, up to now */
    int64_t recovered_at;          /* ready back at desired for good, -1 */
    int64_t time_to_recovery_ms;   /* recovered_at - disrupted_at, -1 */
    const podsim_report_point *ready_over_time; /* (time, ready) steps */
    size_t ready_point_count;
} podsim_report_workload;

typedef struct podsim_report_node {
    const char *name;
    const char *zone;
    /** "unreachable", "not-ready", "shutdown", "deleted", "drained",
     *  "tainted", "": its first failure, else a drain, else a taint (""
     *  when only cordoned or recovered). */
    const char *failure;
    int64_t failed_at;           /* when (a drain: when it started); -1
                                    when loaded failed */
    int64_t last_heartbeat;      /* -1 while it reports */
    int64_t not_ready_at;        /* Ready condition Unknown or False */
    int64_t noschedule_taint_at; /* unreachable / not-ready NoSchedule */
    int64_t noexecute_taint_at;  /* unreachable / not-ready NoExecute */
    int64_t recovered_at;        /* since its latest failure, -1 */
    int64_t deleted_at;
    int64_t drained_at; /* kubectl drain finished */
} podsim_report_node;

typedef struct podsim_report {
    int64_t now;
    const podsim_report_node *nodes; /* nodes an action touched */
    size_t node_count;
    const podsim_report_pod *pods; /* pods disrupted, in disruption order */
    size_t pod_count;
    const podsim_report_workload *workloads; /* workloads that went below
                                                desired */
    size_t workload_count;
} podsim_report;

/** The what-if report at now (borrowed: valid until the next call of
 *  podsim_sim_report or podsim_sim_render on the handle). Its text form
 *  is podsim_sim_render(PODSIM_SIM_VIEW_REPORT). */
PODSIM_API podsim_status podsim_sim_report(podsim_sim *sim,
                                           const podsim_report **out);

/* ===================================================================== */
/* Section - Diagnosis (troubleshooting flows)                            */
/*                                                                        */
/* Why is this pod not Running / Ready? The diagnosis engine reads one    */
/* normalized set of facts about a pod, from a loaded kubectl dump or     */
/* from a simulation, runs rules over them (the built-in catalogue of     */
/* failure categories plus rules a team adds as YAML data or as Python /  */
/* Lua callbacks), ranks the findings causally (a lost node outranks the  */
/* readiness symptoms it causes) and says what to run next. Where podsim  */
/* can compute the consequence of a way out (the node-lost options, the   */
/* smallest change that makes an unschedulable pod fit), it does so on a  */
/* copy, never on the caller's cluster or simulation.                     */
/*                                                                        */
/* Facts are strings addressed by dotted paths ("pod.phase",              */
/* "container.last.exit_code", "node.ready"); their vocabulary, the rule  */
/* format and the built-in categories are listed in docs/diagnose.md.     */
/* ===================================================================== */

/** Where a fact or piece of evidence comes from. */
typedef enum podsim_provenance {
    PODSIM_PROVENANCE_OBSERVED = 0, /* read from a dump */
    PODSIM_PROVENANCE_SIMULATED,    /* podsim simulation state */
    PODSIM_PROVENANCE_DERIVED       /* computed by podsim from the above */
} podsim_provenance;

typedef enum podsim_severity {
    PODSIM_SEVERITY_INFO = 0,
    PODSIM_SEVERITY_WARNING,
    PODSIM_SEVERITY_ERROR,
    PODSIM_SEVERITY_CRITICAL
} podsim_severity;

typedef enum podsim_confidence {
    PODSIM_CONFIDENCE_LOW = 0,
    PODSIM_CONFIDENCE_MEDIUM,
    PODSIM_CONFIDENCE_HIGH
} podsim_confidence;

/** One fact about the subject: "pod.phase" = "Pending". Values are text
 *  (numbers in decimal, booleans "true"/"false"). */
typedef struct podsim_fact {
    const char *path;
    const char *value;
    podsim_provenance provenance;
} podsim_fact;

/** What a finding rests on. `quote` is the text as kubectl shows it. */
typedef struct podsim_evidence {
    const char *path; /* fact path, or "event:<Reason>" */
    const char *value;
    const char *quote;   /* "" when none */
    int64_t observed_at; /* wall ms; PODSIM_NO_TIME when unknown */
    podsim_provenance provenance;
} podsim_evidence;

/** A command to run next, fully substituted. `needs` is "cluster"
 *  (kubectl access), "node-shell" (a shell on the node) or "none". */
typedef struct podsim_next_step {
    const char *command;
    const char *why;
    const char *needs;
} podsim_next_step;

/** A way out of the situation, with its consequence computed by podsim
 *  on a copy where it can be (node-lost options, the smallest scheduling
 *  change). `after_ms` is when the pod (or its replacement) would be
 *  Running and Ready again, in ms after as_of; -1 when it would not be
 *  (or was not computed). */
typedef struct podsim_way_out {
    const char *action;      /* "wait-for-node", "delete-node", "force-delete",
                                "out-of-service-taint", "lower-request",
                                "add-toleration", "add-node-label", "add-node",
                                "preempt" */
    const char *command;     /* the kubectl command or spec change */
    const char *consequence; /* one sentence */
    const char *warning;     /* "" when none (split brain, ...) */
    int64_t after_ms;
    bool computed; /* true when podsim ran it on a copy */
} podsim_way_out;

/** One finding of one rule. */
typedef struct podsim_finding {
    const char *rule;     /* "core/crashloop-by-exit-code", "team/..." */
    const char *category; /* "crashloop.exit-1", "node.unreachable", ... */
    podsim_severity severity;
    podsim_confidence confidence;
    int32_t priority; /* higher = more fundamental */
    const char *title;
    const char *summary;
    const char *container; /* "" when the finding is about the pod */
    const podsim_evidence *evidence;
    size_t evidence_count;
    podsim_strings root_causes;
    const podsim_next_step *next;
    size_t next_count;
    podsim_strings fix;
    podsim_strings docs;
    const podsim_way_out *ways_out;
    size_t way_out_count;
    /** The category of the finding that explains this one (its cause: the
     *  node that was lost, the OOM that refines a crash loop); "" for a
     *  root finding. */
    const char *explained_by;
    podsim_kvs labels; /* rule-supplied labels (owner=platform) */
} podsim_finding;

/** A rule that failed while it was evaluated: the diagnosis went on. */
typedef struct podsim_rule_error {
    const char *rule;
    const char *message;
} podsim_rule_error;

/** The diagnosis of one pod. Owned by the caller (podsim_diagnosis_free);
 *  every pointer inside lives as long as it. */
typedef struct podsim_diagnosis {
    const char *kind; /* "Pod", or the workload's kind */
    const char *namespace_;
    const char *name;
    const char *uid;
    const char *node;   /* spec.nodeName, "" when unbound */
    const char *owner;  /* "ReplicaSet/web-7d4b9c" (or the Deployment when
                           the ReplicaSet is supplied), "" when none */
    const char *source; /* "dump" or "simulation" */
    int64_t as_of;      /* wall ms every age is relative to */
    const char *kubernetes_version;
    /** Root findings first (primary at index 0 when there is one), then
     *  the findings they explain; the order is deterministic. */
    const podsim_finding *findings;
    size_t finding_count;
    int32_t primary; /* index into findings; -1 when the pod is healthy */
    podsim_strings missing_evidence; /* "events not supplied", ... */
    const podsim_rule_error *rule_errors;
    size_t rule_error_count;
    podsim_strings rules_fired;      /* ids of the rules that fired */
    podsim_strings rules_overridden; /* built-in ids replaced by a rule */
    podsim_strings rules_disabled;   /* built-in ids disabled */
    /* kubectl views at as_of ("" when PODSIM_DIAGNOSE_NO_KUBECTL) */
    const char *get_pod;  /* `kubectl get pod` header and row */
    const char *describe; /* `kubectl describe pod` */
    const char *events;   /* `kubectl get events` for the pod, with header */
    const char *get_node; /* `kubectl get node` header and row; "" if none */
    /** Every fact the rules saw, sorted by path (containers as
     *  "containers.<name>.<field>"). */
    const podsim_fact *facts;
    size_t fact_count;
} podsim_diagnosis;

/* ---- rules ----------------------------------------------------------------
 */

/** A set of rules: the built-in catalogue plus rules added to it. */
typedef struct podsim_rules podsim_rules;

/** What a rule's check callback sees (read-only, valid during the call). */
typedef struct podsim_rule_context {
    const char *rule;      /* the rule's id */
    const char *container; /* bound container for on: container, else "" */
    /** The subject's facts, sorted by path; for on: container the bound
     *  container's facts also appear as "container.<field>". */
    const podsim_fact *facts;
    size_t fact_count;
    /** Findings of the rules evaluated before this one. */
    const podsim_finding *findings;
    size_t finding_count;
} podsim_rule_context;

/**
 * A rule's check: called only when the rule's `when` matched. Set *result
 * to NULL for "no finding", or to a YAML/JSON mapping (or "" / "{}" for the
 * rule's own template) whose fields override the rule's output: title,
 * summary, severity, confidence, category, priority, root_causes, next,
 * fix, docs, labels, evidence (the same shape as in a rule file). The text
 * belongs to the callback and must stay valid until it returns to podsim's
 * next call of it. Return PODSIM_OK, or any other status with *result set
 * to an error message: the diagnosis records a rule error and goes on.
 */
typedef podsim_status (*podsim_rule_check_fn)(void *user,
                                              const podsim_rule_context *ctx,
                                              const char **result,
                                              size_t *result_len);

/** A new rule set holding the built-in rules. */
PODSIM_API podsim_status podsim_rules_new(podsim_rules **out);
PODSIM_API void podsim_rules_free(podsim_rules *rules);
PODSIM_API const podsim_error *podsim_rules_error(const podsim_rules *rules);

/**
 * Add rules written as YAML or JSON: one rule mapping, a list of them, or
 * a pack `{rules: [...], disable: [ids]}`. A rule whose id is already in
 * the set replaces it (an override of a built-in is reported in each
 * diagnosis). Errors carry file:line:column. Returns PODSIM_OK,
 * PODSIM_EPARSE, PODSIM_ELIMIT, PODSIM_EEXIST (a rule id given twice in
 * one call), PODSIM_ENOMEM.
 */
PODSIM_API podsim_status podsim_rules_load_string(podsim_rules *rules,
                                                  const char *text, size_t len,
                                                  const char *source_name);
PODSIM_API podsim_status podsim_rules_load_file(podsim_rules *rules,
                                                const char *path);

/** Add one rule (YAML/JSON mapping as in a rule file) with a check
 *  callback (NULL = the rule's template only). `user` is passed back to
 *  `check`; `user_free` (may be NULL) is called with it when the rule is
 *  replaced or the set is freed. When the call fails, the rule is not
 *  added and `user` stays the caller's (user_free is not called). */
PODSIM_API podsim_status podsim_rules_add(podsim_rules *rules, const char *text,
                                          size_t len, const char *source_name,
                                          podsim_rule_check_fn check,
                                          void *user,
                                          void (*user_free)(void *user));

/** Disable a rule by id (built-in or added). PODSIM_ENOTFOUND when no rule
 *  has that id. */
PODSIM_API podsim_status podsim_rules_disable(podsim_rules *rules,
                                              const char *id);

/** The rules in evaluation order: id and category. */
PODSIM_API size_t podsim_rules_count(const podsim_rules *rules);
PODSIM_API podsim_status podsim_rules_get(const podsim_rules *rules,
                                          size_t index, const char **id,
                                          const char **category, bool *enabled);

/* ---- diagnosing ------------------------------------------------------------
 */

/** Skip the checks that run podsim on a copy (node-lost ways out, the
 *  smallest scheduling change): for bulk diagnosis. */
#define PODSIM_DIAGNOSE_NO_WHATIF 1u
/** Do not render the kubectl views. */
#define PODSIM_DIAGNOSE_NO_KUBECTL 2u

typedef struct podsim_diagnose_options {
    int version; /* PODSIM_DIAGNOSE_OPTIONS_VERSION */
    /** The time every age is relative to (wall ms): PODSIM_NO_TIME = the
     *  simulation's now, or for a dump the newest timestamp in it. */
    int64_t as_of;
    const podsim_rules *rules; /* NULL = the built-in rules */
    unsigned flags;            /* PODSIM_DIAGNOSE_* */
    /** kubectl minor version the views are rendered for ("1.34"); NULL =
     *  the cluster's Kubernetes version. */
    const char *kubectl_version;
} podsim_diagnose_options;

#define PODSIM_DIAGNOSE_OPTIONS_VERSION 1
#define PODSIM_DIAGNOSE_OPTIONS_INIT \
    { PODSIM_DIAGNOSE_OPTIONS_VERSION, PODSIM_NO_TIME, NULL, 0, NULL }

/**
 * Diagnose one pod of a loaded dump (nodes, events, owners, PVCs,
 * ConfigMaps and Secrets are used when the dump has them; a kind the dump
 * has none of counts as "not supplied", never as "missing"). `namespace_`
 * NULL or "" with a dump holding exactly one pod selects it. Returns
 * PODSIM_OK, PODSIM_ENOTFOUND (no such pod; also when several pods match
 * an empty name), PODSIM_EINVAL, PODSIM_ENOMEM. Errors are on the cluster.
 */
PODSIM_API podsim_status podsim_cluster_diagnose(
    podsim_cluster *cluster, const char *namespace_, const char *name,
    const podsim_diagnose_options *options, podsim_diagnosis **out);

/** Diagnose a live pod of a simulation at its now: facts are simulated,
 *  the event log is the simulation's. Errors are on the simulation. */
PODSIM_API podsim_status podsim_sim_diagnose(
    podsim_sim *sim, const char *namespace_, const char *name,
    const podsim_diagnose_options *options, podsim_diagnosis **out);

/**
 * Diagnose a workload of a dump (`kind` PODSIM_KIND_DEPLOYMENT,
 * _REPLICASET, _STATEFULSET, _DAEMONSET or _JOB): what no pod can show
 * because the pods were never created (FailedCreate: an exhausted
 * ResourceQuota, Pod Security admission, a webhook, a missing
 * ServiceAccount) or a rollout that stopped progressing. The diagnosis'
 * `kind` is the workload's kind; its pod views are "". Rules with
 * `on: workload` run for it (and only they). Returns as
 * podsim_cluster_diagnose; PODSIM_EINVAL for another kind.
 */
PODSIM_API podsim_status podsim_cluster_diagnose_workload(
    podsim_cluster *cluster, podsim_kind kind, const char *namespace_,
    const char *name, const podsim_diagnose_options *options,
    podsim_diagnosis **out);

PODSIM_API void podsim_diagnosis_free(podsim_diagnosis *diagnosis);

/** Every pod of a dump with at least one finding, in `kubectl get pods
 *  -A` order, then every workload with one (Deployments, ReplicaSets,
 *  StatefulSets, DaemonSets, Jobs, each by namespace and name), plus how
 *  many pods were looked at. */
typedef struct podsim_diagnosis_list {
    podsim_diagnosis *const *items;
    size_t count;
    size_t pods_examined;
} podsim_diagnosis_list;

PODSIM_API podsim_status podsim_cluster_diagnose_all(
    podsim_cluster *cluster, const podsim_diagnose_options *options,
    podsim_diagnosis_list **out);
PODSIM_API void podsim_diagnosis_list_free(podsim_diagnosis_list *list);

typedef enum podsim_diagnosis_format {
    PODSIM_DIAGNOSIS_TEXT = 0, /* the compact text report */
    PODSIM_DIAGNOSIS_JSON      /* the output schema as JSON */
} podsim_diagnosis_format;

/** Render a diagnosis. The text is owned by the diagnosis (valid until it
 *  is freed or rendered again). */
PODSIM_API podsim_status podsim_diagnosis_render(podsim_diagnosis *diagnosis,
                                                 podsim_diagnosis_format format,
                                                 const char **text,
                                                 size_t *len);

/**
 * A simulation written as `kubectl get nodes,pods,events,... -A -o yaml`
 * would print it at now: a `kind: List` of the live Nodes, Pods (spec and
 * status), Events, workloads, PVCs, PVs, ConfigMaps and Secrets (keys
 * only), which podsim_cluster_load_string reads back. The text is borrowed
 * until the next call on the handle.
 */
PODSIM_API podsim_status podsim_sim_dump(podsim_sim *sim, const char **text,
                                         size_t *len);

#ifdef __cplusplus
}
#endif

#endif /* PODSIM_H */
