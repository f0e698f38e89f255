/*
 * pod_topology_spread.c - the PodTopologySpread plugin (PreFilter, Filter,
 * PreScore, Score, NormalizeScore).
 *
 * Mirrors kube-scheduler's pkg/scheduler/framework/plugins/podtopologyspread
 * (common.go, filtering.go, scoring.go, plugin.go as of v1.33-v1.35), the
 * system default selector of plugins/helper/spread.go (DefaultSelector) and
 * the args validation of pkg/scheduler/apis/config/validation/
 * validation_pluginargs.go (ValidatePodTopologySpreadArgs).
 *
 * Hard constraints (DoNotSchedule) filter: per constraint, the matching pods
 * are counted per domain over every node that carries all the constraints'
 * keys and passes the inclusion policies; a node fails when its domain's
 * count + self-match - global minimum exceeds maxSkew. Soft constraints
 * (ScheduleAnyway) score: count x ln(size+2) + (maxSkew-1) per constraint,
 * rounded, then reversed so that emptier domains score higher.
 *
 * Floating point follows Go exactly: math.Log is ported (go_log; glibc's log
 * differs in the last bit for some integers, which moves .5 rounding
 * boundaries) and math.Round is ported (go_round), so the module needs no
 * libm.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sched.h"

#define LABEL_HOSTNAME "kubernetes.io/hostname"
#define LABEL_ZONE "topology.kubernetes.io/zone"

/* plugin.go ErrReasonConstraintsNotMatch / ErrReasonNodeLabelNotMatch */
#define REASON_CONSTRAINTS_NOT_MATCH \
    "node(s) didn't match pod topology spread constraints"
#define REASON_NODE_LABEL_NOT_MATCH \
    REASON_CONSTRAINTS_NOT_MATCH " (missing required label)"

/* ---- Go's math.Log and math.Round ---------------------------------------- */

static uint64_t double_bits(double x) {
    uint64_t bits;
    memcpy(&bits, &x, sizeof bits);
    return bits;
}

static double double_from_bits(uint64_t bits) {
    double x;
    memcpy(&x, &bits, sizeof x);
    return x;
}

/* Go's math.Log (src/math/log.go, the same operations as log_amd64.s): the
   FreeBSD e_log.c reduction and polynomial. One operation per statement so
   no compiler fuses a multiply-add (Go on amd64 never does). */
static double go_log(double x) {
    const double ln2_hi = 6.93147180369123816490e-01;
    const double ln2_lo = 1.90821492927058770002e-10;
    const double l1 = 6.666666666666735130e-01;
    const double l2 = 3.999999999940941908e-01;
    const double l3 = 2.857142874366239149e-01;
    const double l4 = 2.222219843214978396e-01;
    const double l5 = 1.818357216161805012e-01;
    const double l6 = 1.531383769920937332e-01;
    const double l7 = 1.479819860511658591e-01;
    const double half_sqrt2 = 7.07106781186547524401e-01;

    uint64_t bits = double_bits(x);
    if (x != x || bits == 0x7FF0000000000000ULL) return x; /* NaN, +Inf */
    if (x < 0) return double_from_bits(0x7FF8000000000001ULL);
    if (x == 0) return double_from_bits(0xFFF0000000000000ULL);

    /* f1, ki := math.Frexp(x): f1 in [0.5, 1) */
    int ki = 0;
    if (((bits >> 52) & 0x7FF) == 0) {          /* subnormal: normalise first */
        double scaled = x * 4503599627370496.0; /* 2^52 */
        bits = double_bits(scaled);
        ki = -52;
    }
    ki += (int)((bits >> 52) & 0x7FF) - 1022;
    bits &= ~(0x7FFULL << 52);
    bits |= 1022ULL << 52;
    double f1 = double_from_bits(bits);
    if (f1 < half_sqrt2) {
        f1 = f1 * 2;
        ki--;
    }
    double f = f1 - 1;
    double k = (double)ki;

    double s = f / (2 + f);
    double s2 = s * s;
    double s4 = s2 * s2;
    double a = s4 * l7;
    a = l5 + a;
    a = s4 * a;
    a = l3 + a;
    a = s4 * a;
    a = l1 + a;
    double t1 = s2 * a;
    double b = s4 * l6;
    b = l4 + b;
    b = s4 * b;
    b = l2 + b;
    double t2 = s4 * b;
    double r = t1 + t2;
    double hfsq = 0.5 * f;
    hfsq = hfsq * f;
    double u = hfsq + r;
    u = s * u;
    double v = k * ln2_lo;
    u = u + v;
    double w = hfsq - u;
    w = w - f;
    double hi = k * ln2_hi;
    return hi - w;
}

/* Go's math.Round (half away from zero), by bit manipulation. */
static double go_round(double x) {
    const uint64_t sign_mask = 1ULL << 63;
    const uint64_t frac_mask = (1ULL << 52) - 1;
    const unsigned bias = 1023, shift = 52;
    uint64_t bits = double_bits(x);
    unsigned e = (unsigned)(bits >> shift) & 0x7FF;
    if (e < bias) {
        bits &= sign_mask;                                /* |x| < 1: +-0 ... */
        if (e == bias - 1) bits |= 0x3FF0000000000000ULL; /* ... or +-1 */
    } else if (e < bias + shift) {
        const uint64_t half = 1ULL << (shift - 1);
        e -= bias;
        bits += half >> e;
        bits &= ~(frac_mask >> e);
    }
    return double_from_bits(bits);
}

/* ---- args (PodTopologySpreadArgs) ---------------------------------------- */

typedef struct pts_args {
    bool system_defaulting; /* defaultingType System (the default) */
    const podsim_topology_spread_constraint *defaults; /* List */
    size_t default_count;
} pts_args;

/* plugin.go systemDefaultConstraints */
static const podsim_topology_spread_constraint system_defaults[2] = {
    {3,
     LABEL_HOSTNAME,
     PODSIM_SCHEDULE_ANYWAY,
     NULL,
     {false, 0},
     PODSIM_POLICY_UNSET,
     PODSIM_POLICY_UNSET,
     {NULL, 0}},
    {5,
     LABEL_ZONE,
     PODSIM_SCHEDULE_ANYWAY,
     NULL,
     {false, 0},
     PODSIM_POLICY_UNSET,
     PODSIM_POLICY_UNSET,
     {NULL, 0}},
};

static void pts_args_default(void *out) {
    pts_args *a = out;
    a->system_defaulting = true;
    a->defaults = NULL;
    a->default_count = 0;
}

/* One defaultConstraints[] entry as decoded, kept for validation. */
typedef struct raw_default {
    podsim_topology_spread_constraint c;
    const char *when; /* whenUnsatisfiable as written ("" absent) */
} raw_default;

/* A policy string: upstream compares it with "Honor" only, so any other
   value behaves as Ignore. */
static podsim_inclusion_policy policy_from(const char *s) {
    if (!*s) return PODSIM_POLICY_UNSET;
    return strcmp(s, "Honor") == 0 ? PODSIM_POLICY_HONOR : PODSIM_POLICY_IGNORE;
}

static podsim_status dec_raw_default(dec *d, const path *p, const yt_node *n,
                                     void *out, void *ctx) {
    raw_default *r = out;
    const char *affinity = NULL, *taints = NULL;
    podsim_status s;
    (void)ctx;
    r->when = NULL;
    if ((s = dec_i32(d, p, n, "maxSkew", &r->c.max_skew)) ||
        (s = dec_str(d, p, n, "topologyKey", &r->c.topology_key)) ||
        (s = dec_str(d, p, n, "whenUnsatisfiable", &r->when)) ||
        (s = dec_int(d, p, n, "minDomains", &r->c.min_domains)) ||
        (s = dec_str(d, p, n, "nodeAffinityPolicy", &affinity)) ||
        (s = dec_str(d, p, n, "nodeTaintsPolicy", &taints)) ||
        (s = dec_strings(d, p, n, "matchLabelKeys", &r->c.match_label_keys))) {
        return s;
    }
    if (r->c.min_domains.set && (r->c.min_domains.value < INT32_MIN ||
                                 r->c.min_domains.value > INT32_MAX)) {
        path here = PATH_KEY(p, "minDomains");
        return dec_fail(d, &here, yt_get(n, "minDomains"), PODSIM_ERANGE,
                        "%lld does not fit in int32",
                        (long long)r->c.min_domains.value);
    }
    r->c.node_affinity_policy = policy_from(affinity);
    r->c.node_taints_policy = policy_from(taints);
    r->c.when_unsatisfiable = strcmp(r->when, "ScheduleAnyway") == 0
                                  ? PODSIM_SCHEDULE_ANYWAY
                                  : PODSIM_DO_NOT_SCHEDULE;
    return PODSIM_OK;
}

/* The value node at map[key] for error positions (the map when absent). */
static const yt_node *at_or(const yt_node *map, const char *key) {
    const yt_node *v = map ? yt_get(map, key) : NULL;
    return v ? v : map;
}

/* validation_pluginargs.go: the checks of one defaultConstraints entry, in
   upstream order; reports the first failure. */
static podsim_status validate_default(dec *d, const path *list,
                                      const yt_node *seq,
                                      const raw_default *raws, size_t i) {
    const raw_default *r = &raws[i];
    const yt_node *item = seq ? seq->kids[i] : NULL;
    path at = PATH_INDEX(list, i);
    if (r->c.max_skew <= 0) {
        path f = PATH_KEY(&at, "maxSkew");
        return dec_fail(d, &f, at_or(item, "maxSkew"), PODSIM_EINVAL,
                        "Invalid value: %d: not in valid range (0, inf)",
                        (int)r->c.max_skew);
    }
    path key = PATH_KEY(&at, "topologyKey");
    if (!*r->c.topology_key) {
        return dec_fail(d, &key, at_or(item, "topologyKey"), PODSIM_EINVAL,
                        "Required value: can not be empty");
    }
    const char *bad = qualified_name_problem(r->c.topology_key);
    if (bad) {
        return dec_fail(d, &key, at_or(item, "topologyKey"), PODSIM_EINVAL,
                        "Invalid value: \"%s\": %s", r->c.topology_key, bad);
    }
    path when = PATH_KEY(&at, "whenUnsatisfiable");
    if (!*r->when) {
        return dec_fail(d, &when, at_or(item, "whenUnsatisfiable"),
                        PODSIM_EINVAL, "Required value: can not be empty");
    }
    if (strcmp(r->when, "DoNotSchedule") != 0 &&
        strcmp(r->when, "ScheduleAnyway") != 0) {
        return dec_fail(d, &when, at_or(item, "whenUnsatisfiable"),
                        PODSIM_EINVAL,
                        "Unsupported value: \"%s\": supported values: "
                        "\"DoNotSchedule\", \"ScheduleAnyway\"",
                        r->when);
    }
    const yt_node *sel = item ? yt_get(item, "labelSelector") : NULL;
    if (sel && !sel->is_null) {
        path f = PATH_KEY(&at, "labelSelector");
        return dec_fail(d, &f, sel, PODSIM_EINVAL,
                        "Forbidden: constraint must not define a selector, "
                        "as they deduced for each pod");
    }
    for (size_t j = 0; j < i; j++) {
        if (strcmp(raws[j].c.topology_key, r->c.topology_key) == 0 &&
            strcmp(raws[j].when, r->when) == 0) {
            return dec_fail(d, &at, item, PODSIM_EINVAL,
                            "Duplicate value: \"{%s, %s}\"", r->c.topology_key,
                            r->when);
        }
    }
    return PODSIM_OK;
}

static podsim_status pts_args_decode(dec *d, const path *p, const yt_node *args,
                                     void *out) {
    pts_args *a = out;
    if (!args) return PODSIM_OK;
    podsim_status s = dec_expect(d, p, args, YT_MAP);
    if (s) return s;
    const char *type = NULL;
    void *items = NULL;
    size_t count = 0;
    if ((s = dec_str(d, p, args, "defaultingType", &type)) ||
        (s = dec_list(d, p, args, "defaultConstraints", sizeof(raw_default),
                      dec_raw_default, NULL, &items, &count))) {
        return s;
    }
    /* v1 defaulting: an empty defaultingType is System. */
    if (!*type) type = "System";
    path tp = PATH_KEY(p, "defaultingType");
    if (strcmp(type, "System") != 0 && strcmp(type, "List") != 0) {
        return dec_fail(d, &tp, at_or(args, "defaultingType"), PODSIM_EINVAL,
                        "Unsupported value: \"%s\": supported values: "
                        "\"System\", \"List\"",
                        type);
    }
    bool system = strcmp(type, "System") == 0;
    if (system && count > 0) {
        return dec_fail(d, &tp, at_or(args, "defaultingType"), PODSIM_EINVAL,
                        "Invalid value: \"System\": when .defaultConstraints "
                        "are not empty");
    }
    const raw_default *raws = items;
    const yt_node *seq = yt_get(args, "defaultConstraints");
    path list = PATH_KEY(p, "defaultConstraints");
    for (size_t i = 0; i < count; i++) {
        if ((s = validate_default(d, &list, seq, raws, i))) return s;
    }
    podsim_topology_spread_constraint *cs = NULL;
    if (count) {
        cs = dec_alloc(d, count * sizeof(*cs));
        if (!cs) {
            return dec_fail(d, p, args, PODSIM_ENOMEM, "out of memory");
        }
        for (size_t i = 0; i < count; i++) cs[i] = raws[i].c;
    }
    a->system_defaulting = system;
    a->defaults = cs;
    a->default_count = count;
    return PODSIM_OK;
}

/* A hint to start loading memory that a later iteration reads. */
#if defined(__GNUC__)
#define PREFETCH(p) __builtin_prefetch(p)
#else
#define PREFETCH(p) ((void)(p))
#endif

/* ---- strings of the model, compared by pointer --------------------------- */

/* Every non-empty string of the model is interned in the cluster, so two of
   them are equal exactly when their pointers are. "" may also be a static
   literal (a null YAML scalar), so it is compared by content. A string from
   elsewhere (scheduler args) is looked up in the cluster's table once per
   attempt: absent there, no object carries it. This turns the per-pod and
   per-node label lookups into pointer scans. (Strings with an embedded NUL
   byte, which YAML allows and C reads only up to the NUL, may compare
   otherwise than strcmp would; no valid label key or value has one.) */
typedef struct model_str {
    const char *p; /* the cluster's copy; NULL when no object has it */
    bool empty;    /* "" (any pointer) */
} model_str;

static model_str model_str_of(const sched_cycle *cy, const char *s) {
    model_str m = {NULL, s && !s[0]};
    if (s && s[0]) m.p = intern_lookup(&cy->c->strings, s, strlen(s));
    return m;
}

/* Whether some string of the model can equal m. */
static bool model_str_resolved(model_str m) {
    return m.p || m.empty;
}

static bool model_str_is(const char *s, model_str m) {
    return m.empty ? s && !s[0] : s == m.p;
}

static bool model_str_any(const char *s, const model_str *ms, size_t n) {
    for (size_t i = 0; i < n; i++) {
        if (model_str_is(s, ms[i])) return true;
    }
    return false;
}

/* kvs_get for a key of the model, over items[0..count). */
static const char *kv_find(const podsim_kv *items, size_t count,
                           model_str key) {
    if (!model_str_resolved(key)) return NULL;
    for (size_t i = 0; i < count; i++) {
        if (model_str_is(items[i].key, key)) return items[i].value;
    }
    return NULL;
}

static const char *kvs_find(const podsim_kvs *kvs, model_str key) {
    return kv_find(kvs->items, kvs->count, key);
}

/* ---- selectors ----------------------------------------------------------- */

/* One requirement of a selector compiled for an attempt: keys and values as
   model strings. Gt/Lt (and unknown operators) are matched as they are. */
typedef enum fast_op {
    FAST_IN, /* also matchLabels and matchLabelKeys (one value) */
    FAST_NOT_IN,
    FAST_EXISTS,
    FAST_ABSENT,
    FAST_AS_IS
} fast_op;

typedef struct fast_req {
    fast_op op;
    model_str key;
    const model_str *values;       /* FAST_IN, FAST_NOT_IN */
    size_t value_count;            /* also of FAST_EXISTS, FAST_ABSENT */
    const podsim_requirement *req; /* FAST_AS_IS */
} fast_req;

/* A parsed constraint selector (labels.Selector): nothing, or the AND of
   key=value requirements and whole label selectors. */
typedef struct spread_selector {
    bool nothing; /* labels.Nothing() (a nil labelSelector) */
    const podsim_kv *eq;
    size_t eq_count;
    const podsim_label_selector *parts[2];
    size_t part_count;
    size_t requirements; /* 0: labels.Everything(), Empty() */
    /* compiled once per attempt (compile_selector) */
    fast_req *reqs;
    size_t req_count;
    bool never;   /* no pod can match (or counted as none) */
    int8_t valid; /* parts parse: -1 not known yet, 0 no, 1 yes */
} spread_selector;

static size_t selector_requirements(const podsim_label_selector *s) {
    return s->match_labels.count + s->match_expression_count;
}

/* The reference matcher (label_selector_matches validates the parts). */
static bool selector_matches(const spread_selector *s,
                             const podsim_kvs *labels) {
    if (s->nothing) return false;
    for (size_t i = 0; i < s->eq_count; i++) {
        const char *v = kvs_get(labels, s->eq[i].key);
        if (!v || !same_string(v, s->eq[i].value)) return false;
    }
    for (size_t i = 0; i < s->part_count; i++) {
        if (!label_selector_matches(s->parts[i], labels)) return false;
    }
    return true;
}

static bool compile_in(sched_cycle *cy, spread_selector *s, fast_op op,
                       const char *key, const char *const *values,
                       size_t count) {
    fast_req *r = &s->reqs[s->req_count++];
    model_str *ms = count ? cycle_alloc(cy, count * sizeof(*ms)) : NULL;
    if (count && !ms) return false;
    bool any = false;
    for (size_t i = 0; i < count; i++) {
        ms[i] = model_str_of(cy, values[i]);
        any |= model_str_resolved(ms[i]);
    }
    r->op = op;
    r->key = model_str_of(cy, key);
    r->values = ms;
    r->value_count = count;
    if (op == FAST_IN && (!any || !model_str_resolved(r->key))) {
        s->never = true;
    }
    return true;
}

static bool compile_expression(sched_cycle *cy, spread_selector *s,
                               const podsim_requirement *e) {
    switch (e->op) {
    case PODSIM_OP_IN:
    case PODSIM_OP_NOT_IN:
        return compile_in(cy, s, e->op == PODSIM_OP_IN ? FAST_IN : FAST_NOT_IN,
                          e->key, e->values.items, e->values.count);
    case PODSIM_OP_EXISTS:
    case PODSIM_OP_DOES_NOT_EXIST: {
        fast_req *r = &s->reqs[s->req_count++];
        r->op = e->op == PODSIM_OP_EXISTS ? FAST_EXISTS : FAST_ABSENT;
        r->key = model_str_of(cy, e->key);
        r->value_count = e->values.count; /* any makes it invalid */
        if (r->op == FAST_EXISTS && !model_str_resolved(r->key)) {
            s->never = true;
        }
        return true;
    }
    default: break;
    }
    fast_req *r = &s->reqs[s->req_count++];
    r->op = FAST_AS_IS;
    r->req = e;
    return true;
}

/* The selector's requirements as model strings, for the whole attempt. */
static bool compile_selector(sched_cycle *cy, spread_selector *s) {
    s->valid = -1;
    s->req_count = 0;
    s->never = s->nothing || s->requirements == 0;
    if (s->never) return true;
    s->reqs = cycle_alloc(cy, s->requirements * sizeof(*s->reqs));
    if (!s->reqs) return false;
    for (size_t i = 0; i < s->eq_count; i++) {
        if (!compile_in(cy, s, FAST_IN, s->eq[i].key, &s->eq[i].value, 1)) {
            return false;
        }
    }
    for (size_t k = 0; k < s->part_count; k++) {
        const podsim_label_selector *part = s->parts[k];
        for (size_t i = 0; i < part->match_labels.count; i++) {
            const podsim_kv *kv = &part->match_labels.items[i];
            if (!compile_in(cy, s, FAST_IN, kv->key, &kv->value, 1)) {
                return false;
            }
        }
        for (size_t i = 0; i < part->match_expression_count; i++) {
            if (!compile_expression(cy, s, &part->match_expressions[i])) {
                return false;
            }
        }
    }
    return true;
}

/* The compiled requirements against labels: selector_matches without the
   validation of the parts. */
static bool fast_matches(const spread_selector *s, const podsim_kvs *labels) {
    for (size_t i = 0; i < s->req_count; i++) {
        const fast_req *r = &s->reqs[i];
        if (r->op == FAST_AS_IS) {
            if (!requirement_matches(r->req, labels)) return false;
            continue;
        }
        const char *v = kvs_find(labels, r->key);
        bool ok;
        switch (r->op) {
        case FAST_IN:
            ok = v && model_str_any(v, r->values, r->value_count);
            break;
        case FAST_NOT_IN:
            ok = !v || !model_str_any(v, r->values, r->value_count);
            break;
        case FAST_EXISTS: ok = v != NULL; break;
        default: ok = v == NULL; break; /* FAST_ABSENT */
        }
        if (!ok) return false;
    }
    return true;
}

/* selector_matches for the pods of the snapshot. Validity depends on the
   selector alone, so the first pod the compiled requirements accept asks
   the reference matcher once: if the selector fails to parse, it matches
   nothing from then on. */
static bool pod_selected(spread_selector *s, const podsim_kvs *labels) {
    if (s->never || !fast_matches(s, labels)) return false;
    if (s->valid < 0) {
        s->valid = selector_matches(s, labels) ? 1 : 0;
        s->never = !s->valid;
    }
    return s->valid > 0;
}

/* common.go countPodsMatchSelector: pods on the node in the namespace, not
   terminating (nor taken out by a preemption dry run). An Empty() selector
   (no requirements, e.g. labelSelector: {}) counts nothing, as upstream's
   short-cut does through v1.35 (compile_selector marks it `never`). */
static int64_t count_matching(const sched_snapshot *snap, const snap_node *n,
                              spread_selector *sel, model_str ns) {
    if (sel->never) return 0;
    const int32_t *idx = n->pods.data;
    const snap_pod *pods = snap->pods.data;
    int64_t count = 0;
    for (size_t i = 0; i < n->pods.len; i++) {
        const snap_pod *sp = &pods[idx[i]];
        if (sp->removed || sp->terminating) continue;
        if (!model_str_is(sp->pod->meta.namespace_, ns)) continue;
        if (pod_selected(sel, &sp->pod->meta.labels)) count++;
    }
    return count;
}

/* ---- constraints --------------------------------------------------------- */

typedef struct spread_constraint {
    int32_t max_skew;
    const char *key;
    bool is_hostname;
    int32_t min_domains;
    bool honor_affinity; /* nodeAffinityPolicy Honor (default) */
    bool honor_taints;   /* nodeTaintsPolicy Honor (default Ignore) */
    spread_selector sel;
    model_str key_m; /* key as a model string (prepare_constraints) */
} spread_constraint;

typedef struct constraint_list {
    spread_constraint *items;
    size_t count;
} constraint_list;

static void init_constraint(spread_constraint *sc,
                            const podsim_topology_spread_constraint *c) {
    sc->max_skew = c->max_skew;
    sc->key = c->topology_key;
    sc->is_hostname = strcmp(c->topology_key, LABEL_HOSTNAME) == 0;
    sc->min_domains = c->min_domains.set ? (int32_t)c->min_domains.value : 1;
    sc->honor_affinity = c->node_affinity_policy != PODSIM_POLICY_IGNORE;
    sc->honor_taints = c->node_taints_policy == PODSIM_POLICY_HONOR;
}

/* common.go filterTopologySpreadConstraints + mergeLabelSetWithSelector:
   matchLabelKeys present on the pod become key=value requirements ANDed
   with the labelSelector; a nil labelSelector stays labels.Nothing(). */
static bool build_selector(sched_cycle *cy,
                           const podsim_topology_spread_constraint *c,
                           spread_selector *out) {
    memset(out, 0, sizeof *out);
    if (!c->label_selector) {
        out->nothing = true;
        return true;
    }
    out->parts[out->part_count++] = c->label_selector;
    out->requirements = selector_requirements(c->label_selector);
    const podsim_kvs *labels = &cy->pod->meta.labels;
    size_t n = c->match_label_keys.count;
    if (n == 0) return true;
    podsim_kv *eq = cycle_alloc(cy, n * sizeof(*eq));
    if (!eq) return false;
    size_t used = 0;
    for (size_t i = 0; i < n; i++) {
        const char *key = c->match_label_keys.items[i];
        const char *value = kvs_get(labels, key);
        bool seen = false;
        for (size_t j = 0; j < used && !seen; j++) {
            seen = same_string(eq[j].key, key);
        }
        if (!value || seen) continue;
        eq[used].key = key;
        eq[used].value = value;
        used++;
    }
    out->eq = eq;
    out->eq_count = used;
    out->requirements += used;
    return true;
}

/* The pod's own constraints with the given whenUnsatisfiable. */
static bool pod_constraints(sched_cycle *cy, podsim_unsatisfiable_action when,
                            constraint_list *out) {
    const podsim_pod_spec *spec = &cy->pod->spec;
    size_t n = spec->topology_spread_constraint_count;
    out->items = NULL;
    out->count = 0;
    if (!n) return true;
    out->items = cycle_alloc(cy, n * sizeof(*out->items));
    if (!out->items) return false;
    for (size_t i = 0; i < n; i++) {
        const podsim_topology_spread_constraint *c =
            &spec->topology_spread_constraints[i];
        if (c->when_unsatisfiable != when) continue;
        spread_constraint *sc = &out->items[out->count++];
        init_constraint(sc, c);
        if (!build_selector(cy, c, &sc->sel)) return false;
    }
    return true;
}

/* The pod's controller (metav1.GetControllerOfNoCopy) when it is an apps/v1
   ReplicaSet or StatefulSet in the model; NULL otherwise. */
static const podsim_workload *pod_controller(const sched_cycle *cy) {
    const podsim_meta *m = &cy->pod->meta;
    for (size_t i = 0; i < m->owner_reference_count; i++) {
        const podsim_owner_reference *o = &m->owner_references[i];
        if (!o->controller) continue;
        if (!same_string(o->api_version, "apps/v1")) return NULL;
        podsim_kind kind;
        if (same_string(o->kind, "ReplicaSet")) {
            kind = PODSIM_KIND_REPLICASET;
        } else if (same_string(o->kind, "StatefulSet")) {
            kind = PODSIM_KIND_STATEFULSET;
        } else {
            return NULL; /* ReplicationControllers are not modelled */
        }
        podsim_id id = cluster_lookup(cy->c, kind, m->namespace_, o->name);
        return id == PODSIM_NO_ID ? NULL
                                  : podsim_cluster_workload(cy->c, kind, id);
    }
    return NULL;
}

/* helper.DefaultSelector: the merged selectors of the Services in the pod's
   namespace that select it, ANDed with its ReplicaSet's or StatefulSet's
   selector. */
static bool default_selector(sched_cycle *cy, spread_selector *out) {
    const podsim_pod *pod = cy->pod;
    memset(out, 0, sizeof *out);
    size_t services = podsim_cluster_count(cy->c, PODSIM_KIND_SERVICE);
    size_t cap = 0;
    for (size_t i = 0; i < services; i++) {
        const podsim_service *svc = podsim_cluster_service(cy->c, (podsim_id)i);
        if (svc->has_selector) cap += svc->selector.count;
    }
    podsim_kv *eq = cap ? cycle_alloc(cy, cap * sizeof(*eq)) : NULL;
    if (cap && !eq) return false;
    size_t used = 0;
    for (size_t i = 0; i < services; i++) {
        const podsim_service *svc = podsim_cluster_service(cy->c, (podsim_id)i);
        if (!svc->has_selector ||
            !same_string(svc->meta.namespace_, pod->meta.namespace_)) {
            continue;
        }
        const podsim_kvs *sel = &svc->selector;
        bool selects = true;
        for (size_t k = 0; k < sel->count && selects; k++) {
            const char *v = kvs_get(&pod->meta.labels, sel->items[k].key);
            selects = v && same_string(v, sel->items[k].value);
        }
        if (!selects) continue;
        for (size_t k = 0; k < sel->count; k++) { /* labels.Merge */
            size_t j = 0;
            while (j < used && !same_string(eq[j].key, sel->items[k].key)) j++;
            eq[j] = sel->items[k];
            if (j == used) used++;
        }
    }
    out->eq = eq;
    out->eq_count = used;
    out->requirements = used;
    const podsim_workload *w = pod_controller(cy);
    if (w && w->selector && selector_requirements(w->selector) > 0) {
        out->parts[out->part_count++] = w->selector;
        out->requirements += selector_requirements(w->selector);
    }
    return true;
}

/* common.go buildDefaultConstraints: the configured defaults with the
   given action, all sharing the default selector; none if it is empty. */
static bool default_constraints(sched_cycle *cy, const pts_args *args,
                                podsim_unsatisfiable_action when,
                                constraint_list *out) {
    const podsim_topology_spread_constraint *defs =
        args->system_defaulting ? system_defaults : args->defaults;
    size_t n = args->system_defaulting ? 2 : args->default_count;
    out->items = NULL;
    out->count = 0;
    size_t wanted = 0;
    for (size_t i = 0; i < n; i++) wanted += defs[i].when_unsatisfiable == when;
    if (!wanted) return true;
    spread_selector sel;
    if (!default_selector(cy, &sel)) return false;
    if (sel.requirements == 0) return true;
    out->items = cycle_alloc(cy, wanted * sizeof(*out->items));
    if (!out->items) return false;
    for (size_t i = 0; i < n; i++) {
        if (defs[i].when_unsatisfiable != when) continue;
        spread_constraint *sc = &out->items[out->count++];
        init_constraint(sc, &defs[i]);
        sc->sel = sel;
    }
    return true;
}

/* Keys and selectors as model strings, once per attempt. */
static bool prepare_constraints(sched_cycle *cy, constraint_list *cl) {
    for (size_t i = 0; i < cl->count; i++) {
        spread_constraint *c = &cl->items[i];
        c->key_m = model_str_of(cy, c->key);
        if (!compile_selector(cy, &c->sel)) return false;
    }
    return true;
}

/* plugin getConstraints: the pod's own, else the defaults. */
static bool get_constraints(sched_cycle *cy, const sched_slot *slot,
                            podsim_unsatisfiable_action when,
                            constraint_list *out) {
    bool ok = cy->pod->spec.topology_spread_constraint_count > 0
                  ? pod_constraints(cy, when, out)
                  : default_constraints(cy, slot->args, when, out);
    return ok && prepare_constraints(cy, out);
}

/* ---- nodes and the pods on them ------------------------------------------ */

/* The two inclusion-policy facts of one node for the incoming pod,
   computed once per node and shared by every constraint. */
typedef struct node_fit {
    bool affinity; /* pod's nodeSelector / required node affinity match */
    bool taints;   /* no untolerated NoSchedule/NoExecute taint */
} node_fit;

/* Which of the facts the attempt needs: a policy honoured by some
   constraint, and for affinity a pod that asks for any (without a
   nodeSelector or required node affinity every node matches). */
static node_fit fit_needed(const sched_cycle *cy, const constraint_list *cl) {
    node_fit need = {false, false};
    for (size_t i = 0; i < cl->count; i++) {
        need.affinity |= cl->items[i].honor_affinity;
        need.taints |= cl->items[i].honor_taints;
    }
    const podsim_pod_spec *spec = &cy->pod->spec;
    const podsim_affinity *a = spec->affinity;
    if (spec->node_selector.count == 0 &&
        !(a && a->node_affinity && a->node_affinity->required)) {
        need.affinity = false;
    }
    return need;
}

static node_fit fit_of(const sched_cycle *cy, const podsim_node *node,
                       node_fit need) {
    node_fit f = {true, true};
    const podsim_pod_spec *spec = &cy->pod->spec;
    if (need.affinity) f.affinity = pod_matches_node_affinity(cy->pod, node);
    if (need.taints && node->taint_count) {
        f.taints = first_untolerated_taint(node, spec->tolerations,
                                           spec->toleration_count) == NULL;
    }
    return f;
}

/* topologySpreadConstraint.matchNodeInclusionPolicies */
static bool included(const spread_constraint *c, node_fit f) {
    return (!c->honor_affinity || f.affinity) && (!c->honor_taints || f.taints);
}

/* included() at node n, where fits NULL means every node passes. */
static bool counts_at(const spread_constraint *c, const node_fit *fits,
                      size_t n) {
    return !fits || included(c, fits[n]);
}

/* Every attempt reads the labels of every node and pod of the snapshot,
   spread over the model's memory and mostly out of the cache by then. The
   loops below ask for the memory of the objects some iterations ahead
   (PREFETCH): first the object, then, once it has arrived, its labels, so
   that many cache misses overlap instead of each stalling the loop. */
#define AHEAD 16

/* The labels of snapshot node n, prefetching those of the nodes ahead. */
static const podsim_kvs *node_labels_ahead(const sched_snapshot *snap,
                                           size_t n) {
    if (n + AHEAD < snap->node_count) {
        PREFETCH(&snap->nodes[n + AHEAD].node->meta.labels);
    }
    if (n + AHEAD / 2 < snap->node_count) {
        PREFETCH(snap->nodes[n + AHEAD / 2].node->meta.labels.items);
    }
    return &snap->nodes[n].node->meta.labels;
}

/* Where count_domain_pods adds: per constraint, every node's domain id
   (-1: not counted) and the counts by domain id; per node, whether its
   pods count at all and its inclusion-policy facts. */
typedef struct domain_counts {
    int32_t **node_domain; /* [constraint][node] */
    int64_t **counts;      /* [constraint][domain] */
    const bool *node_on;   /* [node] */
    const node_fit *fits;  /* [node]; NULL: every node passes */
    /* Score only: hostname constraints count on the node at Score (their
       node_domain is all -1); here per constraint a copy of the cached
       counts per node, or NULL (count them at Score) */
    int32_t **host_live;
} domain_counts;

/* ---- the snapshot's cache of matching pods ------------------------------- */

/* Counting the pods a selector matches reads every pod of the snapshot,
   and scheduling the pods of one workload asks the same question again
   and again of a snapshot that changes little in between: bound pods are
   appended, and preemption dry runs take pods out and put them back. So
   the snapshot keeps (plugin_cache) the answers for a few selectors, keyed
   by the namespace and the compiled selector: the snapshot pods that
   match (in the namespace, not terminating, selected; removed or not) and,
   per snapshot node, how many of them are not removed. An attempt first
   matches the pods appended since the entry last looked (it remembers how
   many it has seen); after any removal or restore (removal_version) it
   recounts the nodes from the matching pods alone. The inclusion policies
   and the domains depend on the incoming pod, so they are applied node by
   node at every attempt. The memory is malloc'd; when it runs out the
   attempt counts from the pods as if there were no cache. */
/* Set-associative: a selector's signature hashes to a set of CACHE_WAYS
   slots; the least recently used of the set is evicted. A what-if that
   evicts pods of hundreds of workloads in turn keeps them all. */
#define CACHE_ENTRIES 1024
#define CACHE_WAYS 8

typedef struct match_entry {
    uintptr_t *sig; /* selector_sig; NULL: a free slot */
    size_t sig_len;
    int32_t *matched; /* snapshot pod indexes, ascending */
    size_t matched_len;
    size_t matched_cap;
    size_t seen;      /* snapshot pods looked at so far */
    int32_t *live;    /* [node_count]: matched pods not removed */
    uint64_t version; /* the removal_version `live` was counted at */
    uint64_t used;    /* last use (the least recent is evicted) */
    int8_t valid;     /* spread_selector.valid, a property of the selector */
} match_entry;

/* Every node's domain for one topology key (see cached_key_domains). */
#define KEY_ENTRIES 16

typedef struct key_domains {
    uintptr_t key;        /* sig_word of the topology key; 0: a free slot */
    int32_t *node_domain; /* [node_count]: domain id, -1 without the key */
    size_t count;         /* domains, numbered in node order */
} key_domains;

/* The snapshot's pods by label value (a model string, so its pointer):
   a new entry's first fill reads the pods carrying the value of one of
   its key=value requirements instead of every pod. Posting lists are in
   snapshot order, as a scan would meet the pods. */
typedef struct value_posting {
    const char *value; /* NULL: a free slot */
    int32_t *pods;
    size_t len, cap;
} value_posting;

typedef struct value_index {
    value_posting *slots;
    size_t mask; /* slots - 1 (a power of two), 0 before the first use */
    size_t used;
    size_t indexed; /* snapshot pods indexed so far */
    bool failed;    /* out of memory once: scans from then on */
} value_index;

typedef struct match_cache {
    size_t node_count;
    uint64_t clock;
    match_entry entries[CACHE_ENTRIES];
    key_domains keys[KEY_ENTRIES]; /* never evicted: filter states point in */
    value_index values;
} match_cache;

static void entry_clear(match_entry *e) {
    free(e->sig);
    free(e->matched);
    free(e->live);
    memset(e, 0, sizeof *e);
}

static void value_index_free(value_index *vi) {
    for (size_t i = 0; vi->slots && i <= vi->mask; i++) {
        free(vi->slots[i].pods);
    }
    free(vi->slots);
    memset(vi, 0, sizeof *vi);
}

static void match_cache_free(void *cache) {
    match_cache *mc = cache;
    if (!mc) return;
    for (size_t i = 0; i < CACHE_ENTRIES; i++) entry_clear(&mc->entries[i]);
    for (size_t i = 0; i < KEY_ENTRIES; i++) free(mc->keys[i].node_domain);
    value_index_free(&mc->values);
    free(mc);
}

static size_t value_slot(const char *value, size_t mask) {
    uint64_t h = (uint64_t)(uintptr_t)value * 0x9E3779B97F4A7C15ull;
    return (size_t)(h >> 17) & mask;
}

static value_posting *value_find(value_index *vi, const char *value) {
    if (!vi->slots) return NULL;
    for (size_t i = value_slot(value, vi->mask);; i = (i + 1) & vi->mask) {
        value_posting *v = &vi->slots[i];
        if (!v->value || v->value == value) return v;
    }
}

static bool value_grow(value_index *vi) {
    size_t cap = vi->slots ? 2 * (vi->mask + 1) : 1024;
    value_posting *slots = calloc(cap, sizeof(*slots));
    if (!slots) return false;
    for (size_t i = 0; vi->slots && i <= vi->mask; i++) {
        value_posting *v = &vi->slots[i];
        if (!v->value) continue;
        size_t j = value_slot(v->value, cap - 1);
        while (slots[j].value) j = (j + 1) & (cap - 1);
        slots[j] = *v;
    }
    free(vi->slots);
    vi->slots = slots;
    vi->mask = cap - 1;
    return true;
}

static bool value_add(value_index *vi, const char *value, int32_t pod) {
    if ((vi->used + 1) * 2 > (vi->slots ? vi->mask + 1 : 0) &&
        !value_grow(vi)) {
        return false;
    }
    value_posting *v = value_find(vi, value);
    if (!v->value) {
        v->value = value;
        vi->used++;
    }
    if (v->len && v->pods[v->len - 1] == pod)
        return true; /* key=value
                        twice */
    if (v->len == v->cap) {
        size_t cap = v->cap ? 2 * v->cap : 8;
        int32_t *grown = realloc(v->pods, cap * sizeof(*grown));
        if (!grown) return false;
        v->pods = grown;
        v->cap = cap;
    }
    v->pods[v->len++] = pod;
    return true;
}

/* Index the pods appended since the last call; false (and no index from
   then on) when out of memory. */
static bool value_index_catch_up(value_index *vi, const sched_snapshot *snap) {
    if (vi->failed) return false;
    const snap_pod *pods = snap->pods.data;
    for (size_t k = vi->indexed; k < snap->pods.len; k++) {
        const podsim_kvs *labels = &pods[k].pod->meta.labels;
        for (size_t l = 0; l < labels->count; l++) {
            const char *value = labels->items[l].value;
            if (!value || !value[0]) continue;
            if (!value_add(vi, value, (int32_t)k)) {
                value_index_free(vi);
                vi->failed = true;
                return false;
            }
        }
    }
    vi->indexed = snap->pods.len;
    return true;
}

/* The pods that may match a selector with a key=value requirement: those
   carrying its value (a superset of the matches); NULL when the selector
   has none or there is no index. */
static const value_posting *candidates(match_cache *mc,
                                       const sched_snapshot *snap,
                                       const spread_selector *sel) {
    const char *value = NULL;
    for (size_t i = 0; i < sel->req_count && !value; i++) {
        const fast_req *r = &sel->reqs[i];
        if (r->op == FAST_IN && r->value_count == 1 && r->values[0].p) {
            value = r->values[0].p;
        }
    }
    if (!value || !value_index_catch_up(&mc->values, snap)) return NULL;
    static const value_posting none = {NULL, NULL, 0, 0};
    const value_posting *v = value_find(&mc->values, value);
    return v && v->value ? v : &none;
}

/* The snapshot's cache, made on first use; NULL when out of memory. */
static match_cache *match_cache_of(sched_snapshot *snap) {
    const int slot = SNAP_CACHE_POD_TOPOLOGY_SPREAD;
    match_cache *mc = snap->plugin_cache[slot];
    if (mc && mc->node_count == snap->node_count) return mc;
    match_cache_free(mc); /* a snapshot's nodes never change; be safe */
    snap->plugin_cache[slot] = NULL;
    mc = calloc(1, sizeof *mc);
    if (!mc) return NULL;
    mc->node_count = snap->node_count;
    snap->plugin_cache[slot] = mc;
    snap->plugin_cache_free[slot] = match_cache_free;
    return mc;
}

/* A model string as a word of a signature: the pointer names the string
   (model_str), 1 is "", 0 a string no object of the model has. */
static uintptr_t sig_word(model_str m) {
    return m.empty ? 1 : (uintptr_t)m.p;
}

/* The key of a compiled selector (not `never`) in a namespace, in the
   cycle arena: equal keys select the same pods, and the selector parses
   the same way (validity reads only the strings, operators and value
   counts, which the key holds; matchLabelKeys requirements, never
   validated, come first and are counted apart). NULL when the selector is
   not told by pointers alone (a string no object has, whose content would
   be lost; Gt/Lt as they are), or out of memory. */
static uintptr_t *selector_sig(sched_cycle *cy, const spread_selector *s,
                               model_str ns, size_t *len) {
    size_t n = 3;
    for (size_t i = 0; i < s->req_count; i++) {
        const fast_req *r = &s->reqs[i];
        if (r->op == FAST_AS_IS) return NULL;
        n +=
            3 + (r->op == FAST_IN || r->op == FAST_NOT_IN ? r->value_count : 0);
    }
    uintptr_t *w = sig_word(ns) ? cycle_alloc(cy, n * sizeof(*w)) : NULL;
    if (!w) return NULL;
    size_t k = 0;
    w[k++] = sig_word(ns);
    w[k++] = s->eq_count;
    w[k++] = s->req_count;
    for (size_t i = 0; i < s->req_count; i++) {
        const fast_req *r = &s->reqs[i];
        w[k++] = (uintptr_t)r->op;
        w[k++] = sig_word(r->key);
        w[k++] = r->value_count;
        if (!w[k - 2]) return NULL;
        if (r->op != FAST_IN && r->op != FAST_NOT_IN) continue;
        for (size_t j = 0; j < r->value_count; j++) {
            w[k++] = sig_word(r->values[j]);
            if (!w[k - 1]) return NULL;
        }
    }
    *len = k;
    return w;
}

/* The entry with this key, or a new empty one (evicting the least
   recently used); NULL when out of memory. */
static size_t sig_set(const uintptr_t *sig, size_t len) {
    uint64_t h = 0xcbf29ce484222325ull;
    for (size_t i = 0; i < len; i++) {
        h = (h ^ (uint64_t)sig[i]) * 0x100000001b3ull;
    }
    return (size_t)((h >> 20) % (CACHE_ENTRIES / CACHE_WAYS)) * CACHE_WAYS;
}

static match_entry *entry_get(match_cache *mc, const sched_snapshot *snap,
                              const uintptr_t *sig, size_t len) {
    size_t set = sig_set(sig, len);
    match_entry *victim = &mc->entries[set];
    for (size_t i = set; i < set + CACHE_WAYS; i++) {
        match_entry *e = &mc->entries[i];
        if (e->sig && e->sig_len == len &&
            memcmp(e->sig, sig, len * sizeof(*sig)) == 0) {
            e->used = ++mc->clock;
            return e;
        }
        if (victim->sig && (!e->sig || e->used < victim->used)) victim = e;
    }
    entry_clear(victim);
    victim->sig = malloc(len * sizeof(*sig));
    victim->live = calloc(snap->node_count + 1, sizeof(*victim->live));
    if (!victim->sig || !victim->live) {
        entry_clear(victim);
        return NULL;
    }
    memcpy(victim->sig, sig, len * sizeof(*sig));
    victim->sig_len = len;
    victim->version = snap->removal_version; /* no pods: counts are right */
    victim->valid = -1;
    victim->used = ++mc->clock;
    return victim;
}

static bool entry_push(match_entry *e, int32_t pod) {
    if (e->matched_len == e->matched_cap) {
        size_t cap = e->matched_cap ? 2 * e->matched_cap : 64;
        int32_t *grown = realloc(e->matched, cap * sizeof(*grown));
        if (!grown) return false;
        e->matched = grown;
        e->matched_cap = cap;
    }
    e->matched[e->matched_len++] = pod;
    return true;
}

/* Bring the entry up to date: match the pods appended since it last
   looked, then count the live ones per node (all of them again after a
   removal or restore, else only the new). False when out of memory. */
/* Whether snapshot pod k joins an entry's matches (as entry_catch_up's
   scan decides). */
static bool entry_takes(const sched_snapshot *snap, size_t k,
                        spread_selector *sel, model_str ns) {
    const snap_pod *sp = &((const snap_pod *)snap->pods.data)[k];
    if (sp->terminating || sp->node < 0 ||
        (size_t)sp->node >= snap->node_count) {
        return false;
    }
    const podsim_meta *meta = &sp->pod->meta;
    return model_str_is(meta->namespace_, ns) &&
           pod_selected(sel, &meta->labels);
}

static bool entry_catch_up(match_cache *mc, const sched_snapshot *snap,
                           match_entry *e, spread_selector *sel, model_str ns) {
    if (e->valid < 0) e->valid = sel->valid;
    sel->valid = e->valid;
    if (sel->valid == 0) sel->never = true;
    const snap_pod *pods = snap->pods.data;
    size_t total = snap->pods.len, first_new = e->matched_len;
    /* a new entry reads the pods that carry one of its values, not all */
    const value_posting *cand =
        e->seen == 0 && !sel->never ? candidates(mc, snap, sel) : NULL;
    if (cand) {
        for (size_t j = 0; j < cand->len; j++) {
            size_t k = (size_t)cand->pods[j];
            if (k >= total || !entry_takes(snap, k, sel, ns)) continue;
            if (!entry_push(e, (int32_t)k)) return false;
        }
        e->seen = total;
    }
    for (size_t k = e->seen; k < total; k++) {
        if (k + AHEAD < total) PREFETCH(&pods[k + AHEAD].pod->meta);
        if (k + AHEAD / 2 < total) {
            PREFETCH(pods[k + AHEAD / 2].pod->meta.labels.items);
        }
        const snap_pod *sp = &pods[k];
        if (sp->terminating || sp->node < 0 ||
            (size_t)sp->node >= snap->node_count) {
            continue;
        }
        const podsim_meta *meta = &sp->pod->meta;
        if (!model_str_is(meta->namespace_, ns) ||
            !pod_selected(sel, &meta->labels)) {
            continue;
        }
        if (!entry_push(e, (int32_t)k)) return false;
    }
    e->seen = total;
    e->valid = sel->valid;
    if (e->version != snap->removal_version) {
        memset(e->live, 0, snap->node_count * sizeof(*e->live));
        e->version = snap->removal_version;
        first_new = 0;
    }
    for (size_t j = first_new; j < e->matched_len; j++) {
        const snap_pod *sp = &pods[e->matched[j]];
        /* counted as the uncached path counts (count_domain_pods) */
        if (!sp->removed && !sp->terminating) e->live[sp->node]++;
    }
    return true;
}

/* The live matching pods per snapshot node for the selector, from the
   cache and up to date; NULL when the selector is not cached (then the
   caller counts from the pods). The array lives until the next lookup. */
static const int32_t *cached_live_counts(sched_cycle *cy, spread_selector *sel,
                                         model_str ns) {
    if (sel->never) return NULL;
    size_t len = 0;
    uintptr_t *sig = selector_sig(cy, sel, ns, &len);
    match_cache *mc = sig ? match_cache_of(cy->snap) : NULL;
    match_entry *e = mc ? entry_get(mc, cy->snap, sig, len) : NULL;
    if (!e) return NULL;
    if (!entry_catch_up(mc, cy->snap, e, sel, ns)) {
        entry_clear(e);
        return NULL;
    }
    return e->live;
}

/* The cached counts of constraint i added into its domains. */
static void add_live_counts(const sched_snapshot *snap,
                            const spread_constraint *c, const int32_t *live,
                            const domain_counts *dc, size_t i) {
    const int32_t *domain = dc->node_domain[i];
    int64_t *counts = dc->counts[i];
    for (size_t n = 0; n < snap->node_count; n++) {
        if (!live[n] || !dc->node_on[n] || domain[n] < 0 ||
            !counts_at(c, dc->fits, n)) {
            continue;
        }
        counts[domain[n]] += live[n];
    }
}

/* common.go countPodsMatchSelector for every counted (node, constraint),
   added to the node's domain: from the snapshot's cache where it can,
   else from the pods. Every pod of the snapshot sits in the pod list of
   its node (snap_pod.node) exactly once, so the pods are read in the
   snapshot's order, which is compact in memory, rather than node by node;
   the counts are sums, so the order does not matter. */
static void count_domain_pods(sched_cycle *cy, constraint_list *cl,
                              const domain_counts *dc, model_str ns) {
    const sched_snapshot *snap = cy->snap;
    bool *cached = cycle_alloc(cy, cl->count * sizeof(*cached));
    bool any = false;
    for (size_t i = 0; i < cl->count; i++) {
        spread_constraint *c = &cl->items[i];
        const int32_t *live =
            cached ? cached_live_counts(cy, &c->sel, ns) : NULL;
        if (cached) cached[i] = live != NULL;
        if (dc->host_live && c->is_hostname) {
            /* counted at Score: keep a copy (the entry may be evicted) */
            size_t size = (snap->node_count + 1) * sizeof(*live);
            dc->host_live[i] = live ? cycle_alloc(cy, size) : NULL;
            if (dc->host_live[i]) memcpy(dc->host_live[i], live, size);
            continue;
        }
        if (live) add_live_counts(snap, c, live, dc, i);
        any |= !c->sel.never && !live;
    }
    const snap_pod *pods = snap->pods.data;
    size_t total = any ? snap->pods.len : 0;
    for (size_t k = 0; k < total; k++) {
        if (k + AHEAD < total) PREFETCH(&pods[k + AHEAD].pod->meta);
        if (k + AHEAD / 2 < total) {
            PREFETCH(pods[k + AHEAD / 2].pod->meta.labels.items);
        }
        const snap_pod *sp = &pods[k];
        /* not terminating, not taken out by a preemption dry run */
        if (sp->removed || sp->terminating || sp->node < 0 ||
            (size_t)sp->node >= snap->node_count || !dc->node_on[sp->node]) {
            continue;
        }
        const podsim_meta *meta = &sp->pod->meta;
        if (!model_str_is(meta->namespace_, ns)) continue;
        size_t n = (size_t)sp->node;
        for (size_t i = 0; i < cl->count; i++) {
            spread_constraint *c = &cl->items[i];
            int32_t d = dc->node_domain[i][n];
            if ((cached && cached[i]) || d < 0 || !counts_at(c, dc->fits, n)) {
                continue;
            }
            if (pod_selected(&c->sel, &meta->labels)) dc->counts[i][d]++;
        }
    }
}

/* ---- topology values: label value -> dense domain id --------------------- */

/* Domains are told apart by the value's pointer (see model_str), so a
   node's value is looked up without reading the string. Every "" (which
   may come with several pointers) is the domain of empty_domain; the first
   lookup of another "" reads it once and records it as an alias. */
static const char empty_domain[] = "";

typedef struct domain_map {
    const char **keys; /* label values (pointers) */
    int32_t *ids;      /* their domain ids; -1: known not to be a domain */
    size_t cap;        /* power of two */
    size_t used;       /* keys held */
    size_t count;      /* domains, numbered 0..count-1 */
} domain_map;

static size_t domain_slot(const char *key, size_t mask) {
    uint64_t x = (uint64_t)(uintptr_t)key;
    x ^= x >> 31;
    x *= 0x9E3779B97F4A7C15ULL;
    x ^= x >> 29;
    return (size_t)x & mask;
}

static bool domain_map_init(sched_cycle *cy, domain_map *m, size_t cap) {
    m->cap = cap;
    m->used = 0;
    m->count = 0;
    m->keys = cycle_alloc(cy, cap * sizeof(*m->keys));
    m->ids = cycle_alloc(cy, cap * sizeof(*m->ids));
    return m->keys && m->ids;
}

/* The slot of key, or the empty slot where it would go. */
static size_t domain_probe(const domain_map *m, const char *key) {
    size_t mask = m->cap - 1;
    size_t i = domain_slot(key, mask);
    while (m->keys[i] && m->keys[i] != key) i = (i + 1) & mask;
    return i;
}

/* Record key -> id (key not held yet); false when out of memory. */
static bool domain_put(sched_cycle *cy, domain_map *m, const char *key,
                       int32_t id) {
    if (2 * (m->used + 1) > m->cap) { /* grow (the arena keeps the old) */
        domain_map bigger;
        if (!domain_map_init(cy, &bigger, 2 * m->cap)) return false;
        for (size_t j = 0; j < m->cap; j++) {
            if (!m->keys[j]) continue;
            size_t k = domain_probe(&bigger, m->keys[j]);
            bigger.keys[k] = m->keys[j];
            bigger.ids[k] = m->ids[j];
        }
        bigger.used = m->used;
        bigger.count = m->count;
        *m = bigger;
    }
    size_t i = domain_probe(m, key);
    m->keys[i] = key;
    m->ids[i] = id;
    m->used++;
    return true;
}

static bool domain_id(sched_cycle *cy, domain_map *m, const char *value,
                      bool add, int32_t *id);

/* domain_id for a value not settled in the map yet (slot i). */
static bool domain_new(sched_cycle *cy, domain_map *m, const char *key,
                       size_t i, bool add, int32_t *id) {
    int32_t d = -1;
    if (key != empty_domain && !key[0]) {
        if (!domain_id(cy, m, empty_domain, add, &d)) return false;
    } else if (add) {
        d = (int32_t)m->count++;
    }
    if (m->keys[i]) { /* a value known not to be a domain becomes one */
        m->ids[i] = d;
    } else if (!domain_put(cy, m, key, d)) {
        return false;
    }
    *id = d;
    return true;
}

/* The domain id of a label value (NULL: absent, read as ""). With `add`,
   a value that is not a domain yet becomes one (ids in order of first
   appearance); without, it gets -1. False when out of memory. */
static inline bool domain_id(sched_cycle *cy, domain_map *m, const char *value,
                             bool add, int32_t *id) {
    const char *key = value ? value : empty_domain;
    size_t i = domain_probe(m, key);
    if (m->keys[i] && (m->ids[i] >= 0 || !add)) {
        *id = m->ids[i];
        return true;
    }
    return domain_new(cy, m, key, i, add, id);
}

/* The inclusion-policy facts of the nodes in `on`; NULL when the attempt
   needs none (every node passes). */
static const node_fit *node_fits(sched_cycle *cy, const constraint_list *cl,
                                 const bool *on, bool *failed) {
    node_fit need = fit_needed(cy, cl);
    if (!need.affinity && !need.taints) return NULL;
    size_t nodes = cy->snap->node_count;
    node_fit *fits = cycle_alloc(cy, (nodes + 1) * sizeof(*fits));
    if (!fits) {
        *failed = true;
        return NULL;
    }
    for (size_t n = 0; n < nodes; n++) {
        if (on[n]) fits[n] = fit_of(cy, cy->snap->nodes[n].node, need);
    }
    return fits;
}

/* ---- PreFilter / Filter ------------------------------------------------- */

/* filtering.go preFilterState, per constraint: every node's domain id
   (-1: the node lacks the key) and the matching pods per domain. */
typedef struct filter_domains {
    int32_t *node_domain; /* [node_count] */
    int64_t *match_num;   /* by domain id */
    int64_t domains_num;  /* domains counted (len(TpValueToMatchNum[i])) */
    int64_t min_match;    /* smallest count (MaxInt32 when none) */
    bool self_match;      /* the incoming pod matches the selector */
} filter_domains;

typedef struct filter_state {
    constraint_list cons;
    filter_domains *dom; /* [cons.count] */
} filter_state;

/* Every node's domain id for a topology key, as filter_node_domains
   numbers them (values in order of first appearance in node order, -1 for
   a node without the key). Node labels are fixed for the snapshot's life,
   so the snapshot's cache computes this once per key; NULL when it does
   not (out of memory, a key no object has, every slot taken). */
static const key_domains *cached_key_domains(sched_cycle *cy, model_str key) {
    const sched_snapshot *snap = cy->snap;
    uintptr_t word = sig_word(key);
    match_cache *mc = word ? match_cache_of(cy->snap) : NULL;
    if (!mc) return NULL;
    key_domains *slot = NULL;
    for (size_t i = 0; i < KEY_ENTRIES; i++) {
        if (mc->keys[i].key == word) return &mc->keys[i];
        if (!slot && !mc->keys[i].key) slot = &mc->keys[i];
    }
    domain_map map;
    int32_t *node_domain =
        slot ? malloc((snap->node_count + 1) * sizeof(*node_domain)) : NULL;
    if (!node_domain || !domain_map_init(cy, &map, 16)) {
        free(node_domain);
        return NULL;
    }
    for (size_t n = 0; n < snap->node_count; n++) {
        const char *v = kvs_find(node_labels_ahead(snap, n), key);
        int32_t d = -1;
        if (v && !domain_id(cy, &map, v, true, &d)) {
            free(node_domain);
            return NULL;
        }
        node_domain[n] = d;
    }
    slot->key = word;
    slot->node_domain = node_domain;
    slot->count = map.count;
    return slot;
}

/* Every node's domain id per constraint (numbered in order of first
   appearance; domains[i] of them) and whether the node has every key. */
static bool filter_node_domains(sched_cycle *cy, filter_state *s,
                                size_t *domains, bool *eligible) {
    const sched_snapshot *snap = cy->snap;
    size_t nc = s->cons.count, nodes = snap->node_count;
    for (size_t i = 0; i < nc; i++) {
        const key_domains *kd = cached_key_domains(cy, s->cons.items[i].key_m);
        if (kd) {
            s->dom[i].node_domain = kd->node_domain;
            domains[i] = kd->count;
            continue;
        }
        domain_map map;
        int32_t *node_domain = cycle_alloc(cy, (nodes + 1) * sizeof(int32_t));
        if (!node_domain || !domain_map_init(cy, &map, 16)) return false;
        for (size_t n = 0; n < nodes; n++) {
            const podsim_kvs *labels = node_labels_ahead(snap, n);
            const char *v = kvs_find(labels, s->cons.items[i].key_m);
            int32_t d = -1;
            if (v && !domain_id(cy, &map, v, true, &d)) return false;
            node_domain[n] = d;
        }
        s->dom[i].node_domain = node_domain;
        domains[i] = map.count;
    }
    for (size_t n = 0; n < nodes; n++) {
        bool all = true;
        for (size_t i = 0; i < nc; i++) all &= s->dom[i].node_domain[n] >= 0;
        eligible[n] = all;
    }
    return true;
}

/* filtering.go calPreFilterState over every node of the snapshot: the
   nodes with every key that pass a constraint's inclusion policies count
   their pods in the constraint's domain. */
static bool count_filter_domains(sched_cycle *cy, filter_state *s) {
    size_t nc = s->cons.count, nodes = cy->snap->node_count;
    size_t *domains = cycle_alloc(cy, nc * sizeof(*domains));
    bool *eligible = cycle_alloc(cy, (nodes + 1) * sizeof(*eligible));
    s->dom = cycle_alloc(cy, nc * sizeof(*s->dom));
    domain_counts dc = {cycle_alloc(cy, nc * sizeof(int32_t *)),
                        cycle_alloc(cy, nc * sizeof(int64_t *)), eligible, NULL,
                        NULL};
    if (!domains || !eligible || !s->dom || !dc.node_domain || !dc.counts) {
        return false;
    }
    if (!filter_node_domains(cy, s, domains, eligible)) return false;
    bool failed = false;
    dc.fits = node_fits(cy, &s->cons, eligible, &failed);
    bool **counted = cycle_alloc(cy, nc * sizeof(*counted));
    if (failed || !counted) return false;
    for (size_t i = 0; i < nc; i++) {
        filter_domains *fd = &s->dom[i];
        counted[i] = cycle_alloc(cy, (domains[i] + 1) * sizeof(bool));
        fd->match_num = cycle_alloc(cy, (domains[i] + 1) * sizeof(int64_t));
        if (!counted[i] || !fd->match_num) return false;
        for (size_t n = 0; n < nodes; n++) {
            if (eligible[n] && counts_at(&s->cons.items[i], dc.fits, n)) {
                counted[i][fd->node_domain[n]] = true;
            }
        }
        dc.node_domain[i] = fd->node_domain;
        dc.counts[i] = fd->match_num;
    }
    count_domain_pods(cy, &s->cons, &dc,
                      model_str_of(cy, cy->pod->meta.namespace_));
    for (size_t i = 0; i < nc; i++) {
        filter_domains *fd = &s->dom[i];
        fd->domains_num = 0;
        fd->min_match = INT32_MAX;
        for (size_t d = 0; d < domains[i]; d++) {
            if (!counted[i][d]) continue;
            fd->domains_num++;
            if (fd->match_num[d] < fd->min_match) {
                fd->min_match = fd->match_num[d];
            }
        }
        fd->self_match =
            selector_matches(&s->cons.items[i].sel, &cy->pod->meta.labels);
    }
    return true;
}

static sched_code pts_pre_filter(sched_cycle *cy, const sched_slot *slot,
                                 void **state, sched_node_set *nodes,
                                 sched_reasons *why) {
    (void)nodes;
    (void)why;
    *state = NULL;
    filter_state *s = cycle_alloc(cy, sizeof(*s));
    if (!s || !get_constraints(cy, slot, PODSIM_DO_NOT_SCHEDULE, &s->cons)) {
        return SCHED_ERROR;
    }
    if (s->cons.count == 0) return SCHED_SKIP;
    if (!count_filter_domains(cy, s)) return SCHED_ERROR;
    *state = s;
    return SCHED_SUCCESS;
}

static sched_code pts_filter(sched_cycle *cy, const sched_slot *slot,
                             void *state, int32_t node, sched_reasons *why) {
    const filter_state *s = state;
    (void)cy;
    (void)slot;
    if (!s || s->cons.count == 0) return SCHED_SUCCESS;
    for (size_t i = 0; i < s->cons.count; i++) {
        const spread_constraint *c = &s->cons.items[i];
        const filter_domains *fd = &s->dom[i];
        int32_t d = fd->node_domain[node];
        if (d < 0) {
            reasons_add(why, REASON_NODE_LABEL_NOT_MATCH);
            return SCHED_UNRESOLVABLE;
        }
        /* fewer eligible domains than minDomains: the global minimum is 0 */
        int64_t min_match =
            fd->domains_num < (int64_t)c->min_domains ? 0 : fd->min_match;
        int64_t self = fd->self_match ? 1 : 0;
        int64_t skew = fd->match_num[d] + self - min_match;
        if (skew > (int64_t)c->max_skew) {
            reasons_add(why, REASON_CONSTRAINTS_NOT_MATCH);
            return SCHED_UNSCHEDULABLE;
        }
    }
    return SCHED_SUCCESS;
}

/* ---- PreScore / Score / NormalizeScore ---------------------------------- */

/* scoring.go preScoreState. Non-hostname constraints count pods per
   candidate domain (the values of the scored nodes); hostname ones count
   on the node itself at Score. */
typedef struct score_state {
    constraint_list cons;
    model_str ns;          /* the pod's namespace */
    bool *ignored;         /* [node_count]: misses some constraint's key */
    int32_t **node_domain; /* [cons][node]: candidate domain id or -1 */
    int64_t **pod_counts;  /* [cons][domain id] */
    int32_t **host_live;   /* [cons][node]: hostname counts, or NULL */
    double *weight;        /* [cons]: ln(size + 2) */
} score_state;

static bool alloc_score_state(sched_cycle *cy, score_state *s,
                              domain_map *maps) {
    size_t nodes = cy->snap->node_count, nc = s->cons.count;
    s->ignored = cycle_alloc(cy, (nodes + 1) * sizeof(bool));
    s->node_domain = cycle_alloc(cy, nc * sizeof(*s->node_domain));
    s->pod_counts = cycle_alloc(cy, nc * sizeof(*s->pod_counts));
    s->weight = cycle_alloc(cy, nc * sizeof(*s->weight));
    s->host_live = cycle_alloc(cy, nc * sizeof(*s->host_live));
    if (!s->ignored || !s->node_domain || !s->pod_counts || !s->weight ||
        !s->host_live) {
        return false;
    }
    for (size_t i = 0; i < nc; i++) {
        s->node_domain[i] = cycle_alloc(cy, (nodes + 1) * sizeof(int32_t));
        if (!s->node_domain[i] || !domain_map_init(cy, &maps[i], 16)) {
            return false;
        }
    }
    return true;
}

/* common.go nodeLabelsMatchSpreadConstraints */
static bool node_has_all_keys(const podsim_kvs *labels,
                              const constraint_list *cl) {
    for (size_t i = 0; i < cl->count; i++) {
        if (!kvs_find(labels, cl->items[i].key_m)) return false;
    }
    return true;
}

/* scoring.go initPreScoreState: ignored nodes, candidate domains and the
   normalizing weight of each constraint. */
static bool init_score_domains(sched_cycle *cy, score_state *s,
                               domain_map *maps, const int32_t *nodes, size_t n,
                               bool require_all) {
    const sched_snapshot *snap = cy->snap;
    size_t ignored = 0;
    for (size_t k = 0; k < n; k++) {
        const podsim_kvs *labels = &snap->nodes[nodes[k]].node->meta.labels;
        if (require_all && !node_has_all_keys(labels, &s->cons)) {
            if (!s->ignored[nodes[k]]) ignored++;
            s->ignored[nodes[k]] = true;
            continue;
        }
        for (size_t i = 0; i < s->cons.count; i++) {
            if (s->cons.items[i].is_hostname) continue;
            const char *v = kvs_find(labels, s->cons.items[i].key_m);
            int32_t d;
            if (!domain_id(cy, &maps[i], v, true, &d)) return false;
        }
    }
    for (size_t i = 0; i < s->cons.count; i++) {
        size_t size =
            s->cons.items[i].is_hostname ? n - ignored : maps[i].count;
        s->weight[i] = go_log((double)(int64_t)(size + 2));
    }
    return true;
}

/* scoring.go PreScore processAllNode: pods of every node of the snapshot
   (scored or not) whose value is a candidate domain. */
static bool count_score_domains(sched_cycle *cy, score_state *s,
                                domain_map *maps, bool require_all) {
    const sched_snapshot *snap = cy->snap;
    size_t nodes = snap->node_count, nc = s->cons.count;
    bool *node_on = cycle_alloc(cy, (nodes + 1) * sizeof(*node_on));
    if (!node_on) return false;
    for (size_t i = 0; i < nc; i++) {
        s->pod_counts[i] =
            cycle_alloc(cy, (maps[i].count + 1) * sizeof(int64_t));
        if (!s->pod_counts[i]) return false;
    }
    for (size_t n = 0; n < nodes; n++) {
        const podsim_kvs *labels = node_labels_ahead(snap, n);
        bool all = true;
        for (size_t i = 0; i < nc; i++) {
            const char *v = kvs_find(labels, s->cons.items[i].key_m);
            all &= v != NULL;
            int32_t d = -1;
            if (!s->cons.items[i].is_hostname &&
                !domain_id(cy, &maps[i], v, false, &d)) {
                return false;
            }
            s->node_domain[i][n] = d;
        }
        node_on[n] = all || !require_all;
    }
    bool failed = false;
    domain_counts dc = {s->node_domain, s->pod_counts, node_on,
                        node_fits(cy, &s->cons, node_on, &failed),
                        s->host_live};
    if (failed) return false;
    count_domain_pods(cy, &s->cons, &dc, s->ns);
    return true;
}

static sched_code pts_pre_score(sched_cycle *cy, const sched_slot *slot,
                                void **state, const int32_t *nodes, size_t n) {
    const pts_args *args = slot->args;
    *state = NULL;
    if (cy->snap->node_count == 0) return SCHED_SKIP;
    score_state *s = cycle_alloc(cy, sizeof(*s));
    if (!s || !get_constraints(cy, slot, PODSIM_SCHEDULE_ANYWAY, &s->cons)) {
        return SCHED_ERROR;
    }
    if (s->cons.count == 0) return SCHED_SKIP;
    s->ns = model_str_of(cy, cy->pod->meta.namespace_);
    /* Only non-system-default rules require every key on a node, so that
       nodes without a zone label still get hostname spreading. */
    bool require_all = cy->pod->spec.topology_spread_constraint_count > 0 ||
                       !args->system_defaulting;
    domain_map *maps = cycle_alloc(cy, s->cons.count * sizeof(*maps));
    if (!maps || !alloc_score_state(cy, s, maps) ||
        !init_score_domains(cy, s, maps, nodes, n, require_all) ||
        !count_score_domains(cy, s, maps, require_all)) {
        return SCHED_ERROR;
    }
    *state = s;
    return SCHED_SUCCESS;
}

static sched_code pts_score(sched_cycle *cy, const sched_slot *slot,
                            void *state, int32_t node, int64_t *out) {
    score_state *s = state;
    (void)slot;
    *out = 0;
    if (!s || s->ignored[node]) return SCHED_SUCCESS;
    const sched_snapshot *snap = cy->snap;
    const podsim_kvs *labels = &snap->nodes[node].node->meta.labels;
    double score = 0;
    for (size_t i = 0; i < s->cons.count; i++) {
        spread_constraint *c = &s->cons.items[i];
        if (!kvs_find(labels, c->key_m)) continue;
        int64_t cnt = 0;
        if (c->is_hostname && s->host_live[i]) {
            cnt = s->host_live[i][node];
        } else if (c->is_hostname) {
            cnt = count_matching(snap, &snap->nodes[node], &c->sel, s->ns);
        } else if (s->node_domain[i][node] >= 0) {
            cnt = s->pod_counts[i][s->node_domain[i][node]];
        }
        /* scoreForCount: cnt*weight + (maxSkew-1), then added */
        double term = (double)cnt * s->weight[i];
        term = term + (double)(c->max_skew - 1);
        score = score + term;
    }
    *out = (int64_t)go_round(score);
    return SCHED_SUCCESS;
}

static void pts_normalize(sched_cycle *cy, const sched_slot *slot, void *state,
                          const int32_t *nodes, int64_t *scores, size_t n) {
    const score_state *s = state;
    (void)cy;
    (void)slot;
    if (!s) return;
    int64_t min_score = INT64_MAX, max_score = 0;
    for (size_t i = 0; i < n; i++) {
        if (s->ignored[nodes[i]]) continue;
        if (scores[i] < min_score) min_score = scores[i];
        if (scores[i] > max_score) max_score = scores[i];
    }
    for (size_t i = 0; i < n; i++) {
        if (s->ignored[nodes[i]]) {
            scores[i] = 0;
        } else if (max_score == 0) {
            scores[i] = SCHED_MAX_NODE_SCORE;
        } else {
            scores[i] = SCHED_MAX_NODE_SCORE *
                        (max_score + min_score - scores[i]) / max_score;
        }
    }
}

const sched_plugin sched_plugin_pod_topology_spread = {
    .name = "PodTopologySpread",
    .points = PT_BIT(PT_PRE_FILTER) | PT_BIT(PT_FILTER) | PT_BIT(PT_PRE_SCORE) |
              PT_BIT(PT_SCORE),
    .default_weight = 2,
    .args_size = sizeof(pts_args),
    .args_default = pts_args_default,
    .args_decode = pts_args_decode,
    .pre_filter = pts_pre_filter,
    .filter = pts_filter,
    .pre_score = pts_pre_score,
    .score = pts_score,
    .normalize = pts_normalize,
};
