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
 *              handlesSigterm, probes {liveness, readiness, startup}.
 *              Within one text the first matching rule wins, so the rules
 *              are registered last to first; texts loaded later take
 *              precedence over earlier ones.
 *
 * A text is checked whole before anything is applied: an error leaves the
 * simulation unchanged.
 */
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

typedef struct scenario_ctx {
    dec d;
    podsim_sim *sim;
    bool strict;
    size_t seen; /* Scenario documents */
    podsim_timing timing;
    vec rules;  /* staged_rule, in file order */
    vec images; /* staged_image */
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
    vec_release(&x->rules);
    vec_release(&x->images);
}

static podsim_status commit(scenario_ctx *x) {
    podsim_sim *sim = x->sim;
    sim->timing = x->timing;
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
