/*
 * scenario.c - podsim's Scenario documents (apiVersion podsim.dev/v1alpha1,
 * kind Scenario): container behaviours, what the image registry holds, and
 * the timing of the runtime, for a simulation.
 *
 * A Scenario is podsim's own object, not a Kubernetes kind; what it sets
 * stands in for what upstream leaves to the environment (how long a
 * registry or a CNI takes, what a container does once started). It is read
 * with the project's YAML tree (yaml_tree.h), under the cluster's input
 * limits (size, nesting depth, aliases, scalar size), and reported like
 * Kubernetes strict decoding reports errors: the field path, then the
 * problem, with file, line and column; unknown fields are errors.
 *
 *   timing:    durations as Go duration strings ("1m30s", "500ms",
 *              time.ParseDuration) or plain numbers of seconds (2, 0.25),
 *              at millisecond resolution; sizes as quantities ("500M",
 *              "1Gi"), with an optional trailing B ("500MB", "1GiB"), or
 *              plain numbers of bytes. A duration of 0 means "takes no
 *              time" (restartLagMax: 0 = no lag).
 *   images:    name, size, missing.
 *   behaviors: pod and container globs, run (forever | exit | crash |
 *              oom), after, afterJitter, exitCode, readyAfter,
 *              handlesSigterm, sigtermExitCode (0 or 143), probes
 *              {liveness, readiness, startup}.
 *              Within one text the first matching rule wins, so the rules
 *              are registered last to first; texts loaded later take
 *              precedence over earlier ones.
 *   nodeLifecycle: the controller settings of podsim_node_lifecycle,
 *              named after their kube-controller-manager / kube-apiserver
 *              / kubelet flags in camelCase (nodeMonitorGracePeriod: 50s,
 *              nodeEvictionRate: 0.1, defaultUnreachableTolerationSeconds:
 *              60, shutdownGracePeriod: 30s, taintEvictionController:
 *              false, ...). A duration of 0 means zero here.
 *   actions:   what-if actions at simulated times: each item has `at`
 *              and one verb: failNode (+ mode: unreachable | not-ready |
 *              shutdown | deleted), failZone (+ mode), recoverNode,
 *              deleteNode, cordon, uncordon, drainNode, taint {node,
 *              taint}, forceDelete "ns/name", deletePod "ns/name" (+
 *              gracePeriod seconds).
 *
 * A text is checked whole before anything is applied: an error leaves the
 * simulation unchanged.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "decode.h"
#include "sim.h"

#define SCENARIO_API_VERSION "podsim.dev/v1alpha1"
#define SCENARIO_KIND "Scenario"

typedef struct staged_rule {
    char *pod;
    char *container;
    podsim_behavior b; /* pattern strings malloc'd */
} staged_rule;

typedef struct staged_image {
    char *name;
    int64_t size;
    bool missing;
} staged_image;

typedef enum staged_verb {
    VERB_FAIL_NODE = 0,
    VERB_FAIL_ZONE,
    VERB_RECOVER_NODE,
    VERB_DELETE_NODE,
    VERB_CORDON,
    VERB_UNCORDON,
    VERB_DRAIN_NODE,
    VERB_TAINT,
    VERB_FORCE_DELETE,
    VERB_DELETE_POD
} staged_verb;

static const char *const verb_keys[] = {
    "failNode", "failZone",  "recoverNode", "deleteNode",  "cordon",
    "uncordon", "drainNode", "taint",       "forceDelete", "deletePod"};

typedef struct staged_action {
    int verb;      /* staged_verb */
    int mode;      /* podsim_node_failure */
    int64_t at;    /* ms */
    int64_t grace; /* deletePod: seconds, -1 = the pod's */
    char *target;  /* node, zone or "ns/name" */
    char *taint;   /* taint text */
} staged_action;

typedef struct scenario_ctx {
    dec d;
    podsim_sim *sim;
    bool strict;
    size_t seen; /* Scenario documents */
    podsim_timing timing;
    podsim_node_lifecycle nl;
    vec actions; /* staged_action */
    vec rules;   /* staged_rule, in file order */
    vec images;  /* staged_image */
} scenario_ctx;

static podsim_status oom(scenario_ctx *x) {
    return cluster_fail(x->d.c, PODSIM_ENOMEM, x->d.source, 0, 0,
                        "out of memory");
}

static char *dup_str(const char *s) {
    size_t n = strlen(s);
    char *out = malloc(n + 1);
    if (out) memcpy(out, s, n + 1);
    return out;
}

/* ---- scalars ------------------------------------------------------------- */

static podsim_status expect_scalar(scenario_ctx *x, const path *p,
                                   const yt_node *n, const char *what) {
    if (n->type == YT_SCALAR && !n->is_null) return PODSIM_OK;
    return dec_fail(&x->d, p, n, PODSIM_EPARSE, "expected %s, got %s", what,
                    n->is_null ? "null" : yt_type_name(n));
}

/* An unquoted decimal number ("2", "0.25"): its value in units of
   10^-9 in *nanos. False when the text is not such a number. */
static bool plain_number(const yt_node *n, int64_t *nanos) {
    if (n->quoted) return false;
    const char *s = n->str;
    int64_t whole = 0, frac = 0, scale = 1000000000;
    bool digits = false;
    for (; *s >= '0' && *s <= '9'; s++) {
        if (whole > (INT64_MAX / 1000000000 - 9) / 10) return false;
        whole = whole * 10 + (*s - '0');
        digits = true;
    }
    if (*s == '.') {
        for (s++; *s >= '0' && *s <= '9'; s++) {
            if (scale > 1) {
                scale /= 10;
                frac += (*s - '0') * scale;
            } else if (*s != '0') {
                return false; /* below a nanosecond */
            }
            digits = true;
        }
    }
    if (*s || !digits) return false;
    *nanos = whole * 1000000000 + frac;
    return true;
}

/* A duration field: a Go duration string or a number of seconds; >= 0,
   whole milliseconds. */
static podsim_status duration_ms(scenario_ctx *x, const path *p,
                                 const yt_node *n, int64_t *out) {
    podsim_status s = expect_scalar(x, p, n, "a duration");
    if (s) return s;
    int64_t nanos = 0;
    if (!plain_number(n, &nanos)) {
        const char *why;
        const char *text = n->str;
        if (text[0] == '-' && strcmp(text, "-0") != 0) {
            return dec_fail(&x->d, p, n, PODSIM_EINVAL,
                            "Invalid value: \"%s\": must not be negative",
                            text);
        }
        if (text[0] == '+' || text[0] == '-') text++;
        if (!go_duration_nanos(text, strlen(text), &nanos, &why)) {
            return dec_fail(&x->d, p, n, PODSIM_EINVAL,
                            "Invalid value: \"%s\": %s (expected a Go "
                            "duration such as \"1m30s\" or \"500ms\", or "
                            "a number of seconds)",
                            n->str, why);
        }
    }
    if (nanos % 1000000 != 0) {
        return dec_fail(&x->d, p, n, PODSIM_EINVAL,
                        "Invalid value: \"%s\": below the simulation's "
                        "resolution of 1ms",
                        n->str);
    }
    *out = nanos / 1000000;
    return PODSIM_OK;
}

/* A size: a number of bytes or a quantity, "B" after the suffix allowed. */
static podsim_status size_bytes(scenario_ctx *x, const path *p,
                                const yt_node *n, int64_t *out) {
    podsim_status s = expect_scalar(x, p, n, "a size");
    if (s) return s;
    int64_t bytes = 0;
    if (podsim_size_parse(n->str, n->len, &bytes) != PODSIM_OK) {
        return dec_fail(&x->d, p, n, PODSIM_EINVAL,
                        "Invalid value: \"%s\": expected a size in bytes or "
                        "a quantity such as \"500MB\" or \"1Gi\" (not "
                        "negative)",
                        n->str);
    }
    *out = bytes;
    return PODSIM_OK;
}

static podsim_status string_field(scenario_ctx *x, const path *p,
                                  const yt_node *n, char **out) {
    podsim_status s = expect_scalar(x, p, n, "a string");
    if (s) return s;
    free(*out);
    *out = dup_str(n->str);
    return *out ? PODSIM_OK : oom(x);
}

static podsim_status int_field(scenario_ctx *x, const path *p, const yt_node *n,
                               int64_t min, int64_t max, int64_t *out) {
    podsim_status s = expect_scalar(x, p, n, "an integer");
    if (s) return s;
    char *end = NULL;
    long long v = n->quoted ? 0 : strtoll(n->str, &end, 10);
    if (n->quoted || end == n->str || *end) {
        return dec_fail(&x->d, p, n, PODSIM_EPARSE,
                        "expected an integer, got \"%s\"", n->str);
    }
    if (v < min || v > max) {
        return dec_fail(&x->d, p, n, PODSIM_EINVAL,
                        "Invalid value: %lld: must be between %lld and %lld", v,
                        (long long)min, (long long)max);
    }
    *out = v;
    return PODSIM_OK;
}

static podsim_status bool_field(scenario_ctx *x, const path *up,
                                const yt_node *map, const char *key,
                                bool *out) {
    return dec_bool(&x->d, up, map, key, out);
}

static podsim_status unknown_field(scenario_ctx *x, const path *p,
                                   const yt_node *key) {
    return dec_fail(&x->d, p, key, PODSIM_EINVAL, "unknown field \"%s\"",
                    key->str);
}

static podsim_status expect_map(scenario_ctx *x, const path *p,
                                const yt_node *n) {
    return dec_expect(&x->d, p, n, YT_MAP);
}

/* ---- timing -----------------------------------------------------------------
 */

typedef enum timing_kind { T_DURATION, T_LAG, T_BYTES, T_RATE } timing_kind;

static const struct timing_field {
    const char *key;
    timing_kind kind;
    size_t offset;
} timing_fields[] = {
    {"sandbox", T_DURATION, offsetof(podsim_timing, sandbox_ms)},
    {"containerStart", T_DURATION, offsetof(podsim_timing, container_start_ms)},
    {"imagePullOverhead", T_DURATION,
     offsetof(podsim_timing, image_pull_overhead_ms)},
    {"imagePullBytesPerSecond", T_RATE,
     offsetof(podsim_timing, image_pull_bytes_per_second)},
    {"imageDigestCheck", T_DURATION,
     offsetof(podsim_timing, image_digest_check_ms)},
    {"defaultImageSize", T_BYTES, offsetof(podsim_timing, default_image_bytes)},
    {"volumeMount", T_DURATION, offsetof(podsim_timing, volume_mount_ms)},
    {"volumeAttach", T_DURATION, offsetof(podsim_timing, volume_attach_ms)},
    {"persistentVolumeMount", T_DURATION,
     offsetof(podsim_timing, persistent_volume_mount_ms)},
    {"containerStop", T_DURATION, offsetof(podsim_timing, container_stop_ms)},
    {"restartLagMax", T_LAG, offsetof(podsim_timing, restart_lag_max_ms)},
};

static podsim_status timing_value(scenario_ctx *x, const path *p,
                                  const yt_node *n,
                                  const struct timing_field *f) {
    int64_t v = 0;
    podsim_status s = f->kind == T_DURATION || f->kind == T_LAG
                          ? duration_ms(x, p, n, &v)
                          : size_bytes(x, p, n, &v);
    if (s) return s;
    if (f->kind == T_RATE && v == 0) {
        return dec_fail(&x->d, p, n, PODSIM_EINVAL,
                        "Invalid value: \"%s\": must be greater than zero",
                        n->str);
    }
    /* the simulation's timing is already defaulted: 0 is "no time" for a
       duration, while restart_lag_max_ms keeps 0 for "version default" */
    if (f->kind == T_LAG && v == 0) v = -1;
    *(int64_t *)((char *)&x->timing + f->offset) = v;
    return PODSIM_OK;
}

static podsim_status parse_timing(scenario_ctx *x, const path *up,
                                  const yt_node *map) {
    path p = PATH_KEY(up, "timing");
    podsim_status s = expect_map(x, &p, map);
    for (size_t i = 0; !s && i < map->count; i++) {
        const yt_node *key = yt_key(map, i), *val = yt_value(map, i);
        path here = PATH_KEY(&p, key->str);
        bool known = false;
        for (size_t f = 0; f < sizeof timing_fields / sizeof timing_fields[0];
             f++) {
            if (strcmp(key->str, timing_fields[f].key) != 0) continue;
            known = true;
            s = timing_value(x, &here, val, &timing_fields[f]);
        }
        if (known) continue;
        int64_t v = 0;
        if (strcmp(key->str, "maxParallelImagePulls") == 0) {
            s = int_field(x, &here, val, 0, INT32_MAX, &v);
            if (!s) x->timing.max_parallel_image_pulls = (int32_t)v;
        } else if (strcmp(key->str, "jitterPercent") == 0) {
            s = int_field(x, &here, val, 0, 100, &v);
            if (!s) x->timing.jitter_percent = (int32_t)v;
        } else if (strcmp(key->str, "exact") == 0) {
            bool exact = (x->timing.flags & PODSIM_TIMING_EXACT) != 0;
            s = bool_field(x, &p, map, "exact", &exact);
            if (!s && exact) x->timing.flags |= PODSIM_TIMING_EXACT;
            if (!s && !exact) x->timing.flags &= ~PODSIM_TIMING_EXACT;
        } else {
            s = unknown_field(x, &p, key);
        }
    }
    return s;
}

/* ---- nodeLifecycle ----------------------------------------------------------
 */

typedef enum nl_kind {
    NL_DURATION,
    NL_SECONDS,
    NL_RATE,
    NL_FRACTION,
    NL_COUNT
} nl_kind;

static const struct nl_field {
    const char *key;
    nl_kind kind;
    size_t offset;
} nl_fields[] = {
    {"nodeMonitorPeriod", NL_DURATION,
     offsetof(podsim_node_lifecycle, node_monitor_period_ms)},
    {"nodeMonitorGracePeriod", NL_DURATION,
     offsetof(podsim_node_lifecycle, node_monitor_grace_period_ms)},
    {"nodeStartupGracePeriod", NL_DURATION,
     offsetof(podsim_node_lifecycle, node_startup_grace_period_ms)},
    {"nodeMonitorOffset", NL_DURATION,
     offsetof(podsim_node_lifecycle, node_monitor_offset_ms)},
    {"nodeEvictionRate", NL_RATE,
     offsetof(podsim_node_lifecycle, node_eviction_rate)},
    {"secondaryNodeEvictionRate", NL_RATE,
     offsetof(podsim_node_lifecycle, secondary_node_eviction_rate)},
    {"largeClusterSizeThreshold", NL_COUNT,
     offsetof(podsim_node_lifecycle, large_cluster_size_threshold)},
    {"unhealthyZoneThreshold", NL_FRACTION,
     offsetof(podsim_node_lifecycle, unhealthy_zone_threshold)},
    {"defaultNotReadyTolerationSeconds", NL_SECONDS,
     offsetof(podsim_node_lifecycle, default_not_ready_toleration_seconds)},
    {"defaultUnreachableTolerationSeconds", NL_SECONDS,
     offsetof(podsim_node_lifecycle, default_unreachable_toleration_seconds)},
    {"leaseRenewInterval", NL_DURATION,
     offsetof(podsim_node_lifecycle, lease_renew_interval_ms)},
    {"heartbeatAge", NL_DURATION,
     offsetof(podsim_node_lifecycle, heartbeat_age_ms)},
    {"shutdownGracePeriod", NL_DURATION,
     offsetof(podsim_node_lifecycle, shutdown_grace_period_ms)},
    {"shutdownGracePeriodCriticalPods", NL_DURATION,
     offsetof(podsim_node_lifecycle, shutdown_grace_period_critical_pods_ms)},
    {"podGCPeriod", NL_DURATION,
     offsetof(podsim_node_lifecycle, pod_gc_period_ms)},
    {"podGCQuarantine", NL_DURATION,
     offsetof(podsim_node_lifecycle, pod_gc_quarantine_ms)},
    {"terminatedPodGCThreshold", NL_COUNT,
     offsetof(podsim_node_lifecycle, terminated_pod_gc_threshold)},
    {"maxWaitForUnmount", NL_DURATION,
     offsetof(podsim_node_lifecycle, max_wait_for_unmount_ms)},
    {"drainRetry", NL_DURATION,
     offsetof(podsim_node_lifecycle, drain_retry_ms)},
};

/* Periods of loops: a period of zero would never end an instant. */
static bool nl_needs_positive(const char *key) {
    return strcmp(key, "nodeMonitorPeriod") == 0 ||
           strcmp(key, "leaseRenewInterval") == 0 ||
           strcmp(key, "podGCPeriod") == 0 || strcmp(key, "drainRetry") == 0;
}

/* A rate or fraction: a plain decimal number >= 0 (<= 1 for a fraction). */
static podsim_status real_field(scenario_ctx *x, const path *p,
                                const yt_node *n, bool fraction, double *out) {
    podsim_status s = expect_scalar(x, p, n, "a number");
    if (s) return s;
    int64_t nanos = 0;
    if (!plain_number(n, &nanos) || (fraction && nanos > 1000000000)) {
        return dec_fail(&x->d, p, n, PODSIM_EINVAL,
                        "Invalid value: \"%s\": expected a number %s", n->str,
                        fraction ? "between 0 and 1"
                                 : "of nodes per second "
                                   "(0 or more)");
    }
    *out = (double)nanos / 1e9;
    return PODSIM_OK;
}

static podsim_status nl_value(scenario_ctx *x, const path *p, const yt_node *n,
                              const struct nl_field *f) {
    char *slot = (char *)&x->nl + f->offset;
    int64_t v = 0;
    double d = 0.0;
    podsim_status s = PODSIM_OK;
    switch (f->kind) {
    case NL_DURATION:
        s = duration_ms(x, p, n, &v);
        if (!s && v == 0 && nl_needs_positive(f->key)) {
            s = dec_fail(&x->d, p, n, PODSIM_EINVAL,
                         "Invalid value: \"%s\": must be greater than zero",
                         n->str);
        }
        if (!s) *(int64_t *)(void *)slot = v;
        break;
    case NL_SECONDS:
        s = int_field(x, p, n, 0, INT32_MAX, &v);
        if (!s) *(int64_t *)(void *)slot = v;
        break;
    case NL_COUNT:
        s = int_field(x, p, n, 0, INT32_MAX, &v);
        if (!s) *(int32_t *)(void *)slot = (int32_t)v;
        break;
    case NL_RATE:
    case NL_FRACTION:
        s = real_field(x, p, n, f->kind == NL_FRACTION, &d);
        if (!s) *(double *)(void *)slot = d;
        break;
    }
    return s;
}

static podsim_status parse_node_lifecycle(scenario_ctx *x, const yt_node *map) {
    path p = PATH_KEY(NULL, "nodeLifecycle");
    podsim_status s = expect_map(x, &p, map);
    for (size_t i = 0; !s && i < map->count; i++) {
        const yt_node *key = yt_key(map, i), *val = yt_value(map, i);
        path here = PATH_KEY(&p, key->str);
        bool known = false;
        for (size_t f = 0; f < sizeof nl_fields / sizeof nl_fields[0]; f++) {
            if (strcmp(key->str, nl_fields[f].key) != 0) continue;
            known = true;
            s = nl_value(x, &here, val, &nl_fields[f]);
        }
        if (known) continue;
        if (strcmp(key->str, "taintEvictionController") == 0) {
            bool on = !(x->nl.flags & PODSIM_NL_NO_TAINT_EVICTION);
            s = bool_field(x, &p, map, "taintEvictionController", &on);
            if (!s && on) x->nl.flags &= ~PODSIM_NL_NO_TAINT_EVICTION;
            if (!s && !on) x->nl.flags |= PODSIM_NL_NO_TAINT_EVICTION;
        } else {
            s = unknown_field(x, &p, key);
        }
    }
    return s;
}

/* ---- actions
 * -------------------------------------------------------------------
 */

static void action_free(staged_action *a) {
    free(a->target);
    free(a->taint);
}

static podsim_status action_mode(scenario_ctx *x, const path *p,
                                 const yt_node *n, int *mode) {
    podsim_status s = expect_scalar(x, p, n, "a failure mode");
    if (s) return s;
    if (podsim_enum_value(PODSIM_ENUM_NODE_FAILURE, n->str, mode) ==
        PODSIM_OK) {
        return PODSIM_OK;
    }
    return dec_fail(&x->d, p, n, PODSIM_EINVAL,
                    "Unsupported value: \"%s\": supported values: "
                    "\"unreachable\", \"not-ready\", \"shutdown\", \"deleted\"",
                    n->str);
}

static podsim_status action_taint(scenario_ctx *x, const path *p,
                                  const yt_node *map, staged_action *a) {
    podsim_status s = expect_map(x, p, map);
    for (size_t i = 0; !s && i < map->count; i++) {
        const yt_node *key = yt_key(map, i), *val = yt_value(map, i);
        path here = PATH_KEY(p, key->str);
        if (strcmp(key->str, "node") == 0) {
            s = string_field(x, &here, val, &a->target);
        } else if (strcmp(key->str, "taint") == 0) {
            s = string_field(x, &here, val, &a->taint);
        } else {
            s = unknown_field(x, p, key);
        }
    }
    if (!s && (!a->target || !a->taint)) {
        return dec_fail(&x->d, p, map, PODSIM_EINVAL,
                        "Required value: taint needs node and taint "
                        "(\"key[=value]:Effect\")");
    }
    return s;
}

static podsim_status parse_action(scenario_ctx *x, const path *p,
                                  const yt_node *item) {
    podsim_status s = expect_map(x, p, item);
    if (s) return s;
    staged_action a;
    memset(&a, 0, sizeof a);
    a.verb = -1;
    a.at = -1;
    a.grace = -1;
    const yt_node *verb_key = NULL;
    for (size_t i = 0; !s && i < item->count; i++) {
        const yt_node *key = yt_key(item, i), *val = yt_value(item, i);
        path here = PATH_KEY(p, key->str);
        int verb = -1;
        for (size_t v = 0; v < sizeof verb_keys / sizeof verb_keys[0]; v++) {
            if (strcmp(key->str, verb_keys[v]) == 0) verb = (int)v;
        }
        if (verb >= 0) {
            if (a.verb >= 0) {
                s = dec_fail(&x->d, &here, key, PODSIM_EINVAL,
                             "Invalid value: one verb per action (already "
                             "\"%s\")",
                             verb_keys[a.verb]);
                break;
            }
            a.verb = verb;
            verb_key = key;
            s = verb == VERB_TAINT ? action_taint(x, &here, val, &a)
                                   : string_field(x, &here, val, &a.target);
        } else if (strcmp(key->str, "at") == 0) {
            s = duration_ms(x, &here, val, &a.at);
        } else if (strcmp(key->str, "mode") == 0) {
            s = action_mode(x, &here, val, &a.mode);
        } else if (strcmp(key->str, "gracePeriod") == 0) {
            s = int_field(x, &here, val, 0, INT32_MAX, &a.grace);
        } else {
            s = unknown_field(x, p, key);
        }
    }
    (void)verb_key;
    if (!s && a.verb < 0) {
        s = dec_fail(&x->d, p, item, PODSIM_EINVAL,
                     "Required value: an action needs one of failNode, "
                     "failZone, recoverNode, deleteNode, cordon, uncordon, "
                     "drainNode, taint, forceDelete, deletePod");
    }
    if (!s && a.at < 0) {
        s = dec_fail(&x->d, p, item, PODSIM_EINVAL,
                     "Required value: at (a duration since the start)");
    }
    if (!s && a.at < x->sim->now) {
        s = dec_fail(&x->d, p, item, PODSIM_EINVAL,
                     "Invalid value: at %lldms is before now (%lldms)",
                     (long long)a.at, (long long)x->sim->now);
    }
    staged_action *slot = s ? NULL : vec_push(&x->actions);
    if (!s && !slot) s = oom(x);
    if (s) {
        action_free(&a);
        return s;
    }
    *slot = a;
    return PODSIM_OK;
}

static podsim_status split_pod_name(podsim_sim *sim, const char *text, char *ns,
                                    size_t ns_size, const char **name) {
    const char *slash = strchr(text, '/');
    size_t n = slash ? (size_t)(slash - text) : 0;
    if (n >= ns_size) return sim_error(sim, PODSIM_EINVAL, "bad pod name");
    memcpy(ns, slash ? text : "default", slash ? n : sizeof "default");
    if (slash) ns[n] = '\0';
    *name = slash ? slash + 1 : text;
    return PODSIM_OK;
}

static podsim_status run_staged_action(podsim_sim *sim,
                                       const staged_action *a) {
    char ns[256];
    const char *name = NULL;
    switch ((staged_verb)a->verb) {
    case VERB_FAIL_NODE:
        return podsim_sim_fail_node(sim, a->target, a->at,
                                    (podsim_node_failure)a->mode);
    case VERB_FAIL_ZONE:
        return podsim_sim_fail_zone(sim, a->target, a->at,
                                    (podsim_node_failure)a->mode);
    case VERB_RECOVER_NODE:
        return podsim_sim_recover_node(sim, a->target, a->at);
    case VERB_DELETE_NODE: return podsim_sim_delete_node(sim, a->target, a->at);
    case VERB_CORDON:
        return podsim_sim_cordon_node(sim, a->target, a->at, true);
    case VERB_UNCORDON:
        return podsim_sim_cordon_node(sim, a->target, a->at, false);
    case VERB_DRAIN_NODE: return podsim_sim_drain_node(sim, a->target, a->at);
    case VERB_TAINT:
        return podsim_sim_taint_node(sim, a->target, a->taint, a->at);
    case VERB_FORCE_DELETE:
    case VERB_DELETE_POD: {
        podsim_status s = split_pod_name(sim, a->target, ns, sizeof ns, &name);
        if (s) return s;
        bool force = a->verb == VERB_FORCE_DELETE;
        return podsim_sim_delete_pod(sim, ns, name, a->at, force ? 0 : a->grace,
                                     force);
    }
    }
    return PODSIM_OK;
}

/* ---- images
 * ------------------------------------------------------------------ */

static podsim_status parse_image(scenario_ctx *x, const path *p,
                                 const yt_node *map) {
    podsim_status s = expect_map(x, p, map);
    if (s) return s;
    staged_image im = {NULL, 0, false};
    for (size_t i = 0; !s && i < map->count; i++) {
        const yt_node *key = yt_key(map, i), *val = yt_value(map, i);
        path here = PATH_KEY(p, key->str);
        if (strcmp(key->str, "name") == 0) {
            s = string_field(x, &here, val, &im.name);
        } else if (strcmp(key->str, "size") == 0) {
            s = size_bytes(x, &here, val, &im.size);
        } else if (strcmp(key->str, "missing") == 0) {
            s = bool_field(x, p, map, "missing", &im.missing);
        } else {
            s = unknown_field(x, p, key);
        }
    }
    if (!s && (!im.name || !im.name[0])) {
        path here = PATH_KEY(p, "name");
        s = dec_fail(&x->d, &here, map, PODSIM_EINVAL, "Required value");
    }
    staged_image *slot = s ? NULL : vec_push(&x->images);
    if (!s && !slot) s = oom(x);
    if (s) {
        free(im.name);
        return s;
    }
    *slot = im;
    return PODSIM_OK;
}

/* ---- behaviours -------------------------------------------------------------
 */

static void rule_free(staged_rule *r) {
    free(r->pod);
    free(r->container);
    free((char *)r->b.startup_pattern);
    free((char *)r->b.liveness_pattern);
    free((char *)r->b.readiness_pattern);
}

static podsim_status pattern_field(scenario_ctx *x, const path *p,
                                   const yt_node *n, const char **out) {
    char *text = NULL;
    podsim_status s = string_field(x, p, n, &text);
    if (s) return s;
    for (const char *c = text; *c; c++) {
        if (*c != 'S' && *c != 'F') {
            free(text);
            return dec_fail(&x->d, p, n, PODSIM_EINVAL,
                            "Invalid value: \"%s\": expected letters S "
                            "(success) and F (failure)",
                            n->str);
        }
    }
    free((char *)*out);
    *out = text;
    return PODSIM_OK;
}

static podsim_status parse_probes(scenario_ctx *x, const path *up,
                                  const yt_node *map, podsim_behavior *b) {
    path p = PATH_KEY(up, "probes");
    podsim_status s = expect_map(x, &p, map);
    for (size_t i = 0; !s && i < map->count; i++) {
        const yt_node *key = yt_key(map, i), *val = yt_value(map, i);
        path here = PATH_KEY(&p, key->str);
        if (strcmp(key->str, "liveness") == 0) {
            s = pattern_field(x, &here, val, &b->liveness_pattern);
        } else if (strcmp(key->str, "readiness") == 0) {
            s = pattern_field(x, &here, val, &b->readiness_pattern);
        } else if (strcmp(key->str, "startup") == 0) {
            s = pattern_field(x, &here, val, &b->startup_pattern);
        } else {
            s = unknown_field(x, &p, key);
        }
    }
    return s;
}

static podsim_status run_kind(scenario_ctx *x, const path *p, const yt_node *n,
                              podsim_run_kind *out) {
    static const char *const names[] = {"forever", "exit", "crash", "oom"};
    podsim_status s = expect_scalar(x, p, n, "a string");
    if (s) return s;
    for (int i = 0; i < 4; i++) {
        if (strcmp(n->str, names[i]) == 0) {
            *out = (podsim_run_kind)i;
            return PODSIM_OK;
        }
    }
    return dec_fail(&x->d, p, n, PODSIM_EINVAL,
                    "Unsupported value: \"%s\": supported values: "
                    "\"forever\", \"exit\", \"crash\", \"oom\"",
                    n->str);
}

static podsim_status behavior_field(scenario_ctx *x, const path *p,
                                    const yt_node *map, size_t i,
                                    staged_rule *r) {
    const yt_node *key = yt_key(map, i), *val = yt_value(map, i);
    path here = PATH_KEY(p, key->str);
    const char *k = key->str;
    int64_t v = 0;
    podsim_status s;
    if (strcmp(k, "pod") == 0) return string_field(x, &here, val, &r->pod);
    if (strcmp(k, "container") == 0) {
        return string_field(x, &here, val, &r->container);
    }
    if (strcmp(k, "run") == 0) return run_kind(x, &here, val, &r->b.run);
    if (strcmp(k, "after") == 0) {
        return duration_ms(x, &here, val, &r->b.run_ms);
    }
    if (strcmp(k, "afterJitter") == 0) {
        return duration_ms(x, &here, val, &r->b.run_jitter_ms);
    }
    if (strcmp(k, "readyAfter") == 0) {
        return duration_ms(x, &here, val, &r->b.ready_after_ms);
    }
    if (strcmp(k, "exitCode") == 0) {
        s = int_field(x, &here, val, 0, 255, &v);
        if (!s) r->b.exit_code = (int32_t)v;
        return s;
    }
    if (strcmp(k, "handlesSigterm") == 0) {
        return bool_field(x, p, map, "handlesSigterm", &r->b.handles_sigterm);
    }
    if (strcmp(k, "sigtermExitCode") == 0) {
        s = int_field(x, &here, val, 0, 255, &v);
        if (!s) r->b.sigterm_exit_code = (int32_t)v;
        return s;
    }
    if (strcmp(k, "probes") == 0) return parse_probes(x, p, val, &r->b);
    return unknown_field(x, p, key);
}

static podsim_status parse_behavior(scenario_ctx *x, const path *p,
                                    const yt_node *map) {
    podsim_status s = expect_map(x, p, map);
    if (s) return s;
    static const podsim_behavior init = PODSIM_BEHAVIOR_INIT;
    staged_rule r;
    memset(&r, 0, sizeof r);
    r.b = init;
    for (size_t i = 0; !s && i < map->count; i++) {
        s = behavior_field(x, p, map, i, &r);
    }
    if (!s && !r.pod) {
        r.pod = dup_str("*");
        if (!r.pod) s = oom(x);
    }
    if (!s && !r.container) {
        r.container = dup_str("*");
        if (!r.container) s = oom(x);
    }
    staged_rule *slot = s ? NULL : vec_push(&x->rules);
    if (!s && !slot) s = oom(x);
    if (s) {
        rule_free(&r);
        return s;
    }
    *slot = r;
    return PODSIM_OK;
}

/* ---- the document ----------------------------------------------------------
 */

typedef podsim_status (*item_fn)(scenario_ctx *x, const path *p,
                                 const yt_node *item);

static podsim_status parse_list(scenario_ctx *x, const yt_node *seq,
                                const char *key, item_fn fn) {
    path p = PATH_KEY(NULL, key);
    podsim_status s = dec_expect(&x->d, &p, seq, YT_SEQ);
    for (size_t i = 0; !s && i < seq->count; i++) {
        path item = PATH_INDEX(&p, i);
        s = fn(x, &item, seq->kids[i]);
    }
    return s;
}

static podsim_status check_header(scenario_ctx *x, const yt_node *root) {
    const yt_node *api = yt_get(root, "apiVersion");
    path ap = PATH_KEY(NULL, "apiVersion");
    if (!api || api->is_null || api->type != YT_SCALAR) {
        return dec_fail(&x->d, &ap, api ? api : root, PODSIM_EINVAL,
                        "Required value: must be \"%s\"", SCENARIO_API_VERSION);
    }
    if (strcmp(api->str, SCENARIO_API_VERSION) != 0) {
        return dec_fail(&x->d, &ap, api, PODSIM_EINVAL,
                        "Unsupported value: \"%s\": supported values: "
                        "\"%s\"",
                        api->str, SCENARIO_API_VERSION);
    }
    return PODSIM_OK;
}

static podsim_status parse_scenario(scenario_ctx *x, const yt_node *root) {
    podsim_status s = check_header(x, root);
    for (size_t i = 0; !s && i < root->count; i++) {
        const yt_node *key = yt_key(root, i), *val = yt_value(root, i);
        const char *k = key->str;
        if (val->is_null && strcmp(k, "kind") != 0 &&
            strcmp(k, "apiVersion") != 0) {
            continue; /* an empty section */
        }
        if (strcmp(k, "apiVersion") == 0 || strcmp(k, "kind") == 0) {
            continue;
        } else if (strcmp(k, "metadata") == 0) {
            path p = PATH_KEY(NULL, "metadata");
            s = expect_map(x, &p, val); /* name, labels: not used */
        } else if (strcmp(k, "timing") == 0) {
            s = parse_timing(x, NULL, val);
        } else if (strcmp(k, "images") == 0) {
            s = parse_list(x, val, "images", parse_image);
        } else if (strcmp(k, "behaviors") == 0) {
            s = parse_list(x, val, "behaviors", parse_behavior);
        } else if (strcmp(k, "nodeLifecycle") == 0) {
            s = parse_node_lifecycle(x, val);
        } else if (strcmp(k, "actions") == 0) {
            s = parse_list(x, val, "actions", parse_action);
        } else {
            s = unknown_field(x, NULL, key);
        }
    }
    if (!s) x->seen++;
    return s;
}

static podsim_status on_object(scenario_ctx *x, const yt_node *root) {
    if (!root || root->is_null) return PODSIM_OK; /* an empty document */
    const yt_node *kind = root->type == YT_MAP ? yt_get(root, "kind") : NULL;
    bool scenario = kind && kind->type == YT_SCALAR && !kind->is_null &&
                    strcmp(kind->str, SCENARIO_KIND) == 0;
    if (scenario) return parse_scenario(x, root);
    if (!x->strict) return PODSIM_OK; /* a Kubernetes object: the loader's */
    if (root->type != YT_MAP) return expect_map(x, NULL, root);
    path kp = PATH_KEY(NULL, "kind");
    if (!kind || kind->is_null || kind->type != YT_SCALAR) {
        return dec_fail(&x->d, &kp, kind ? kind : root, PODSIM_EINVAL,
                        "Required value: must be \"%s\"", SCENARIO_KIND);
    }
    return dec_fail(&x->d, &kp, kind, PODSIM_EINVAL,
                    "Unsupported value: \"%s\": supported values: \"%s\"",
                    kind->str, SCENARIO_KIND);
}

static podsim_status on_document(void *ctx, const yt_node *root) {
    return on_object(ctx, root);
}

/* Elements of a List's `items`: a Scenario may sit there too. */
static podsim_status on_item(void *ctx, const yt_node *item, bool *keep) {
    *keep = false;
    scenario_ctx *x = ctx;
    if (x->strict) return PODSIM_OK; /* the List itself is refused */
    return on_object(x, item);
}

/* ---- applying
 * ---------------------------------------------------------------- */

static void staged_release(scenario_ctx *x) {
    for (size_t i = 0; i < x->rules.len; i++) {
        rule_free(vec_at(&x->rules, i));
    }
    for (size_t i = 0; i < x->images.len; i++) {
        free(((staged_image *)vec_at(&x->images, i))->name);
    }
    for (size_t i = 0; i < x->actions.len; i++) {
        action_free(vec_at(&x->actions, i));
    }
    vec_release(&x->rules);
    vec_release(&x->images);
    vec_release(&x->actions);
}

static podsim_status commit(scenario_ctx *x) {
    podsim_sim *sim = x->sim;
    sim->timing = x->timing;
    sim->nl = x->nl;
    sim->nl.node_monitor_offset_ms %= sim->nl.node_monitor_period_ms;
    /* DefaultTolerationSeconds admission of pods created from now on */
    sim->c->k8s.default_not_ready_toleration_seconds =
        sim->nl.default_not_ready_toleration_seconds;
    sim->c->k8s.default_unreachable_toleration_seconds =
        sim->nl.default_unreachable_toleration_seconds;
    for (size_t i = 0; i < x->actions.len; i++) {
        podsim_status s = run_staged_action(sim, vec_at(&x->actions, i));
        if (s) return s;
    }
    for (size_t i = 0; i < x->images.len; i++) {
        const staged_image *im = vec_at(&x->images, i);
        podsim_status s =
            podsim_sim_set_image(sim, im->name, im->size, im->missing);
        if (s) return s;
    }
    /* the first rule of the text wins: register it last */
    for (size_t i = x->rules.len; i-- > 0;) {
        const staged_rule *r = vec_at(&x->rules, i);
        podsim_status s =
            podsim_sim_set_behavior(sim, r->pod, r->container, &r->b);
        if (s) return s;
    }
    return PODSIM_OK;
}

/* The carrier's error (file, line, column) onto the simulation. */
static podsim_status report(podsim_sim *sim, podsim_cluster *carrier,
                            podsim_status s, const char *source) {
    const podsim_error *e = podsim_cluster_error(carrier);
    if (e->status == PODSIM_OK) {
        return sim_error_at(sim, s, source, 0, 0, podsim_status_str(s));
    }
    return sim_error_at(sim, s, e->source ? e->source : source, e->line,
                        e->column, e->message);
}

podsim_status scenario_load(podsim_sim *sim, const char *text, size_t len,
                            const char *source, bool strict) {
    if (len > sim->c->limits.max_input_bytes) {
        return sim_error_at(sim, PODSIM_ELIMIT, source, 0, 0,
                            "input exceeds the limit (max_input_bytes)");
    }
    podsim_cluster_options opt = PODSIM_CLUSTER_OPTIONS_INIT;
    opt.limits = sim->c->limits;
    podsim_cluster *carrier = NULL;
    if (podsim_cluster_new(&opt, &carrier) != PODSIM_OK) {
        return sim_error(sim, PODSIM_ENOMEM, "out of memory");
    }
    scenario_ctx x;
    memset(&x, 0, sizeof x);
    x.d.c = carrier;
    x.d.source = source;
    x.sim = sim;
    x.strict = strict;
    x.timing = sim->timing;
    x.nl = sim->nl;
    vec_init(&x.actions, sizeof(staged_action));
    vec_init(&x.rules, sizeof(staged_rule));
    vec_init(&x.images, sizeof(staged_image));
    yt_input in = {text, len, NULL, source};
    yt_handler h = {&x, on_item, on_document};
    podsim_status s = yt_parse(carrier, &in, &h);
    if (!s && strict && !x.seen) {
        s = cluster_fail(carrier, PODSIM_EPARSE, source, 0, 0,
                         "no %s (apiVersion %s) in the input", SCENARIO_KIND,
                         SCENARIO_API_VERSION);
    }
    if (s) {
        s = report(sim, carrier, s, source);
    } else if (x.seen) {
        s = commit(&x);
    }
    staged_release(&x);
    podsim_cluster_free(carrier);
    return s;
}

podsim_status scenario_split(podsim_sim *sim, const char *text, size_t len,
                             const char *source) {
    /* most applies hold Kubernetes objects only: skip the second parse */
    static const char word[] = SCENARIO_KIND;
    bool found = false;
    for (size_t i = 0; !found && i + sizeof word - 1 <= len; i++) {
        found = text[i] == 'S' && memcmp(text + i, word, sizeof word - 1) == 0;
    }
    if (!found) return PODSIM_OK;
    return scenario_load(sim, text, len, source, false);
}

podsim_status podsim_sim_load_scenario_string(podsim_sim *sim, const char *text,
                                              size_t len,
                                              const char *source_name) {
    if (!sim) return PODSIM_EINVAL;
    sim_clear_error(sim);
    if (!text && len) {
        return sim_error(sim, PODSIM_EINVAL, "load_scenario: text is NULL");
    }
    return scenario_load(sim, text ? text : "", len,
                         source_name ? source_name : "<string>", true);
}

podsim_status podsim_sim_load_scenario_file(podsim_sim *sim,
                                            const char *file_path) {
    if (!sim) return PODSIM_EINVAL;
    sim_clear_error(sim);
    if (!file_path)
        return sim_error(sim, PODSIM_EINVAL, "load_scenario: path is NULL");
    char *text = NULL;
    size_t len = 0;
    podsim_status s =
        read_whole_file(file_path, sim->c->limits.max_input_bytes, &text, &len);
    if (s == PODSIM_ELIMIT) {
        return sim_error(sim, s, "%s: input exceeds the limit of %zu bytes",
                         file_path, sim->c->limits.max_input_bytes);
    }
    if (s == PODSIM_ENOMEM) return sim_error(sim, s, "out of memory");
    if (s) return sim_error(sim, s, "%s: cannot read", file_path);
    s = scenario_load(sim, text, len, file_path, true);
    free(text);
    return s;
}
