/*
 * diag_rules.c - the rule set of the diagnosis engine: the YAML/JSON rule
 * compiler, the declarative matcher every rule source shares (built-in
 * catalogue, data rules, Python and Lua rules), and output templates.
 *
 * Models no Kubernetes component: it is the rule model proposed in
 * shared/reference/troubleshooting.md section 4.3 ("Rule anatomy": id,
 * category, on, priority, a declarative `when` compiled to C predicates,
 * an optional check callback, an output template, `suppresses`). Peers
 * keep such knowledge as code (k8sgpt analyzers) or as per-vendor outcome
 * lists (replicatedhq/troubleshoot analyzers, `when: "== X"`); podsim keeps
 * it as data so that a team's rule and a built-in one are the same thing.
 *
 * The language (docs/diagnose.md): a mapping is a conjunction; `all`,
 * `any`, `not`; `event: {reason, type, container, message, source,
 * min_count, within, absent}` over the pod's events; any other key is a
 * fact path (a trailing `*` matches every fact with that prefix) with a
 * condition: a scalar (equality, numeric when both sides are numbers), a
 * list (membership), or operators eq ne in not_in prefix suffix contains
 * regex gt ge lt le exists empty. Regexes are POSIX extended,
 * case-insensitive, compiled once at load.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <regex.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "diag.h"
#include "yaml_tree.h"

#define MAX_PREDICATE_DEPTH 32
#define MAX_RULES 10000

/* ---- compiled forms ----------------------------------------------------- */

typedef enum cond_op {
    OP_EQ = 0,
    OP_NE,
    OP_IN,
    OP_NOT_IN,
    OP_PREFIX,
    OP_SUFFIX,
    OP_CONTAINS,
    OP_REGEX,
    OP_GT,
    OP_GE,
    OP_LT,
    OP_LE,
    OP_EXISTS,
    OP_EMPTY,
    OP_ABSENT /* a null scalar: the fact is not set */
} cond_op;

typedef struct cond {
    cond_op op;
    const char **values; /* EQ NE IN NOT_IN PREFIX SUFFIX CONTAINS */
    size_t value_count;
    regex_t *re;
    double number;
    bool flag; /* EXISTS / EMPTY */
} cond;

typedef enum pred_kind {
    PRED_ALL = 0,
    PRED_ANY,
    PRED_NOT,
    PRED_FACT,
    PRED_EVENT
} pred_kind;

typedef struct pred pred;
struct pred {
    pred_kind kind;
    pred **kids; /* ALL ANY NOT */
    size_t kid_count;
    /* FACT */
    const char *path;
    size_t path_len;
    bool path_prefix; /* the path ended in '*' */
    cond *conds;
    size_t cond_count;
    /* EVENT */
    const char **reasons;
    size_t reason_count;
    const char *type;
    const char *source;
    bool own_container;
    cond *message; /* NULL when absent */
    size_t message_count;
    int64_t min_count;
    int64_t within_s; /* -1 = any time */
    bool absent;
};

typedef struct next_tmpl {
    const char *command;
    const char *why;
    const char *needs;
} next_tmpl;

typedef struct str_list {
    const char **items;
    size_t count;
} str_list;

struct diag_rule {
    const char *id;
    const char *category; /* template */
    bool on_container;
    bool on_workload;
    int32_t priority;
    podsim_severity severity;
    podsim_confidence confidence;
    pred *when; /* NULL = always */
    const diag_check *check;
    podsim_rule_check_fn callback;
    void *user;
    void (*user_free)(void *);
    const char *title;
    const char *summary;
    str_list root_causes;
    next_tmpl *next;
    size_t next_count;
    str_list fix;
    str_list docs;
    str_list evidence;
    str_list suppresses;
    podsim_kv *labels;
    size_t label_count;
    bool enabled;
    bool uses_findings;
    bool builtin;
    const char *overrides; /* built-in id replaced */
};

struct podsim_rules {
    podsim_cluster *carrier; /* error handle and parse limits */
    arena mem;
    vec rules;    /* diag_rule * */
    vec regexes;  /* regex_t * to regfree */
    vec disabled; /* const char * ids */
    bool loading_builtins;
};

/* ---- compile context ----------------------------------------------------- */

typedef struct disable_ref {
    const char *id; /* copied: the parse tree is gone at install time */
    int line;
    int column;
} disable_ref;

typedef struct compile_ctx {
    podsim_rules *rules;
    const char *source;
    vec added;   /* diag_rule * of this call (ids must be unique) */
    vec disable; /* disable_ref: ids to disable after the call */
    podsim_rule_check_fn callback;
    void *user;
    void (*user_free)(void *);
    bool single; /* podsim_rules_add: exactly one rule */
    size_t rule_docs;
} compile_ctx;

static podsim_status fail_at(compile_ctx *x, const yt_node *n, const char *fmt,
                             ...) __attribute__((format(printf, 3, 4)));

static podsim_status fail_at(compile_ctx *x, const yt_node *n, const char *fmt,
                             ...) {
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return cluster_fail(x->rules->carrier, PODSIM_EPARSE, x->source,
                        n ? n->line : 0, n ? n->column : 0, "%s", msg);
}

static podsim_status oom(compile_ctx *x) {
    return cluster_fail(x->rules->carrier, PODSIM_ENOMEM, NULL, 0, 0,
                        "out of memory");
}

static const char *copy_str(compile_ctx *x, const char *s, size_t len) {
    return arena_strndup(&x->rules->mem, s, len);
}

static podsim_status scalar_str(compile_ctx *x, const yt_node *n,
                                const char *what, const char **out) {
    if (n->type != YT_SCALAR) {
        return fail_at(x, n, "%s: expected a string, got a %s", what,
                       yt_type_name(n));
    }
    *out = copy_str(x, n->str, n->len);
    return *out ? PODSIM_OK : oom(x);
}

static bool parse_number(const char *s, double *out) {
    if (!s || !*s) return false;
    char *end = NULL;
    errno = 0;
    double v = strtod(s, &end);
    if (errno || !end || *end) return false;
    *out = v;
    return true;
}

static podsim_status scalar_i64(compile_ctx *x, const yt_node *n,
                                const char *what, int64_t lo, int64_t hi,
                                int64_t *out) {
    if (n->type != YT_SCALAR || n->is_null) {
        return fail_at(x, n, "%s: expected an integer", what);
    }
    char *end = NULL;
    errno = 0;
    long long v = strtoll(n->str, &end, 10);
    if (errno || !end || *end || end == n->str) {
        return fail_at(x, n, "%s: expected an integer, got \"%s\"", what,
                       n->str);
    }
    if (v < lo || v > hi) {
        return fail_at(x, n, "%s: %lld is out of range [%lld, %lld]", what, v,
                       (long long)lo, (long long)hi);
    }
    *out = (int64_t)v;
    return PODSIM_OK;
}

static podsim_status scalar_bool(compile_ctx *x, const yt_node *n,
                                 const char *what, bool *out) {
    if (n->type == YT_SCALAR && !n->quoted) {
        if (!strcmp(n->str, "true") || !strcmp(n->str, "True")) {
            *out = true;
            return PODSIM_OK;
        }
        if (!strcmp(n->str, "false") || !strcmp(n->str, "False")) {
            *out = false;
            return PODSIM_OK;
        }
    }
    return fail_at(x, n, "%s: expected true or false", what);
}

/* A scalar or a list of scalars as strings. */
static podsim_status str_or_list(compile_ctx *x, const yt_node *n,
                                 const char *what, str_list *out) {
    if (n->type == YT_MAP) {
        return fail_at(x, n, "%s: expected a string or a list of strings",
                       what);
    }
    size_t count = n->type == YT_SEQ ? n->count : 1;
    out->items =
        arena_alloc(&x->rules->mem, (count ? count : 1) * sizeof(*out->items));
    if (!out->items) return oom(x);
    out->count = count;
    for (size_t i = 0; i < count; i++) {
        const yt_node *v = n->type == YT_SEQ ? n->kids[i] : n;
        podsim_status s = scalar_str(x, v, what, &out->items[i]);
        if (s) return s;
    }
    return PODSIM_OK;
}

/* ---- conditions ------------------------------------------------------------
 */

static const struct {
    const char *name;
    cond_op op;
} op_names[] = {
    {"eq", OP_EQ},
    {"ne", OP_NE},
    {"in", OP_IN},
    {"not_in", OP_NOT_IN},
    {"prefix", OP_PREFIX},
    {"suffix", OP_SUFFIX},
    {"contains", OP_CONTAINS},
    {"regex", OP_REGEX},
    {"gt", OP_GT},
    {"ge", OP_GE},
    {"lt", OP_LT},
    {"le", OP_LE},
    {"exists", OP_EXISTS},
    {"empty", OP_EMPTY},
};

static podsim_status compile_regex(compile_ctx *x, const yt_node *n,
                                   regex_t **out) {
    if (n->type != YT_SCALAR) {
        return fail_at(x, n, "regex: expected a string");
    }
    regex_t *re = malloc(sizeof(*re));
    if (!re) return oom(x);
    int rc = regcomp(re, n->str, REG_EXTENDED | REG_ICASE | REG_NOSUB);
    if (rc != 0) {
        char why[160];
        regerror(rc, re, why, sizeof why);
        free(re);
        return fail_at(x, n, "regex \"%s\": %s", n->str, why);
    }
    regex_t **slot = vec_push(&x->rules->regexes);
    if (!slot) {
        regfree(re);
        free(re);
        return oom(x);
    }
    *slot = re;
    *out = re;
    return PODSIM_OK;
}

static podsim_status compile_op(compile_ctx *x, const yt_node *key,
                                const yt_node *v, cond *c) {
    size_t i = 0;
    for (; i < sizeof op_names / sizeof op_names[0]; i++) {
        if (!strcmp(op_names[i].name, key->str)) break;
    }
    if (i == sizeof op_names / sizeof op_names[0]) {
        return fail_at(x, key,
                       "unknown operator \"%s\" (expected eq, ne, in, not_in, "
                       "prefix, suffix, contains, regex, gt, ge, lt, le, "
                       "exists or empty)",
                       key->str);
    }
    c->op = op_names[i].op;
    switch (c->op) {
    case OP_REGEX: return compile_regex(x, v, &c->re);
    case OP_GT:
    case OP_GE:
    case OP_LT:
    case OP_LE:
        if (v->type != YT_SCALAR || !parse_number(v->str, &c->number)) {
            return fail_at(x, v, "%s: expected a number", key->str);
        }
        return PODSIM_OK;
    case OP_EXISTS:
    case OP_EMPTY: return scalar_bool(x, v, key->str, &c->flag);
    default: {
        str_list l = {0};
        podsim_status s = str_or_list(x, v, key->str, &l);
        c->values = l.items;
        c->value_count = l.count;
        return s;
    }
    }
}

/* A condition node: scalar, list or operator mapping -> one or more conds. */
static podsim_status compile_conds(compile_ctx *x, const yt_node *v, cond **out,
                                   size_t *count) {
    size_t n = v->type == YT_MAP ? v->count : 1;
    cond *cs = arena_alloc(&x->rules->mem, (n ? n : 1) * sizeof(*cs));
    if (!cs) return oom(x);
    *out = cs;
    *count = n;
    if (v->type == YT_MAP) {
        if (!v->count) return fail_at(x, v, "empty condition");
        for (size_t i = 0; i < v->count; i++) {
            podsim_status s =
                compile_op(x, yt_key(v, i), yt_value(v, i), &cs[i]);
            if (s) return s;
        }
        return PODSIM_OK;
    }
    if (v->type == YT_SCALAR && v->is_null && !v->quoted) {
        cs[0].op = OP_ABSENT;
        return PODSIM_OK;
    }
    str_list l = {0};
    podsim_status s = str_or_list(x, v, "condition", &l);
    cs[0].op = v->type == YT_SEQ ? OP_IN : OP_EQ;
    cs[0].values = l.items;
    cs[0].value_count = l.count;
    return s;
}

/* ---- predicates ------------------------------------------------------------
 */

static podsim_status compile_pred(compile_ctx *x, const yt_node *n, int depth,
                                  bool *uses_findings, pred **out);

static pred *new_pred(compile_ctx *x, pred_kind kind) {
    pred *p = arena_alloc(&x->rules->mem, sizeof(*p));
    if (p) {
        p->kind = kind;
        p->within_s = -1;
        p->min_count = 1;
    }
    return p;
}

static podsim_status compile_list(compile_ctx *x, const yt_node *n,
                                  pred_kind kind, int depth,
                                  bool *uses_findings, pred **out) {
    if (n->type != YT_SEQ || !n->count) {
        return fail_at(x, n, "%s: expected a non-empty list of conditions",
                       kind == PRED_ALL ? "all" : "any");
    }
    pred *p = new_pred(x, kind);
    if (!p) return oom(x);
    p->kids = arena_alloc(&x->rules->mem, n->count * sizeof(*p->kids));
    if (!p->kids) return oom(x);
    p->kid_count = n->count;
    for (size_t i = 0; i < n->count; i++) {
        podsim_status s =
            compile_pred(x, n->kids[i], depth + 1, uses_findings, &p->kids[i]);
        if (s) return s;
    }
    *out = p;
    return PODSIM_OK;
}

static podsim_status compile_event(compile_ctx *x, const yt_node *n,
                                   pred **out) {
    if (n->type != YT_MAP) {
        return fail_at(x, n,
                       "event: expected a mapping (reason, type, "
                       "container, message, source, min_count, "
                       "within, absent)");
    }
    pred *p = new_pred(x, PRED_EVENT);
    if (!p) return oom(x);
    for (size_t i = 0; i < n->count; i++) {
        const yt_node *k = yt_key(n, i), *v = yt_value(n, i);
        podsim_status s = PODSIM_OK;
        if (!strcmp(k->str, "reason")) {
            str_list l = {0};
            s = str_or_list(x, v, "event.reason", &l);
            p->reasons = l.items;
            p->reason_count = l.count;
        } else if (!strcmp(k->str, "type")) {
            s = scalar_str(x, v, "event.type", &p->type);
        } else if (!strcmp(k->str, "source")) {
            s = scalar_str(x, v, "event.source", &p->source);
        } else if (!strcmp(k->str, "container")) {
            s = scalar_bool(x, v, "event.container", &p->own_container);
        } else if (!strcmp(k->str, "message")) {
            s = compile_conds(x, v, &p->message, &p->message_count);
        } else if (!strcmp(k->str, "min_count")) {
            s = scalar_i64(x, v, "event.min_count", 0, INT32_MAX,
                           &p->min_count);
        } else if (!strcmp(k->str, "within")) {
            s = scalar_i64(x, v, "event.within", 0, INT64_MAX / 1000,
                           &p->within_s);
        } else if (!strcmp(k->str, "absent")) {
            s = scalar_bool(x, v, "event.absent", &p->absent);
        } else {
            s = fail_at(x, k,
                        "event: unknown field \"%s\" (expected reason, type, "
                        "container, message, source, min_count, within or "
                        "absent)",
                        k->str);
        }
        if (s) return s;
    }
    *out = p;
    return PODSIM_OK;
}

static bool path_reads_findings(const char *path) {
    return !strncmp(path, "finding.", 8) ||
           !strncmp(path, "container.finding.", 18);
}

static podsim_status compile_pred(compile_ctx *x, const yt_node *n, int depth,
                                  bool *uses_findings, pred **out) {
    if (depth > MAX_PREDICATE_DEPTH) {
        return cluster_fail(
            x->rules->carrier, PODSIM_ELIMIT, x->source, n->line, n->column,
            "when: conditions nested deeper than %d", MAX_PREDICATE_DEPTH);
    }
    if (n->type == YT_SEQ) {
        return compile_list(x, n, PRED_ALL, depth, uses_findings, out);
    }
    if (n->type != YT_MAP) {
        return fail_at(x, n,
                       "when: expected a mapping of conditions, got a "
                       "%s",
                       yt_type_name(n));
    }
    pred *all = new_pred(x, PRED_ALL);
    if (!all) return oom(x);
    all->kid_count = n->count;
    all->kids =
        arena_alloc(&x->rules->mem, (n->count ? n->count : 1) * sizeof(pred *));
    if (!all->kids) return oom(x);
    for (size_t i = 0; i < n->count; i++) {
        const yt_node *k = yt_key(n, i), *v = yt_value(n, i);
        podsim_status s;
        pred **slot = &all->kids[i];
        if (k->type != YT_SCALAR || !k->len) {
            return fail_at(x, k,
                           "when: keys must be fact paths or all, any, "
                           "not, event");
        }
        if (!strcmp(k->str, "all")) {
            s = compile_list(x, v, PRED_ALL, depth, uses_findings, slot);
        } else if (!strcmp(k->str, "any")) {
            s = compile_list(x, v, PRED_ANY, depth, uses_findings, slot);
        } else if (!strcmp(k->str, "not")) {
            pred *p = new_pred(x, PRED_NOT);
            if (!p) return oom(x);
            p->kids = arena_alloc(&x->rules->mem, sizeof(pred *));
            if (!p->kids) return oom(x);
            p->kid_count = 1;
            s = compile_pred(x, v, depth + 1, uses_findings, &p->kids[0]);
            *slot = p;
        } else if (!strcmp(k->str, "event")) {
            s = compile_event(x, v, slot);
        } else {
            pred *p = new_pred(x, PRED_FACT);
            if (!p) return oom(x);
            size_t len = k->len;
            if (k->str[len - 1] == '*') {
                p->path_prefix = true;
                len--;
            }
            p->path = copy_str(x, k->str, len);
            if (!p->path) return oom(x);
            p->path_len = len;
            if (path_reads_findings(p->path)) *uses_findings = true;
            s = compile_conds(x, v, &p->conds, &p->cond_count);
            *slot = p;
        }
        if (s) return s;
    }
    *out = all;
    return PODSIM_OK;
}

/* ---- rules
 * -------------------------------------------------------------------
 */

static podsim_status compile_next(compile_ctx *x, const yt_node *n,
                                  diag_rule *r) {
    if (n->type != YT_SEQ) {
        return fail_at(x, n, "next: expected a list of {command, why, needs}");
    }
    r->next = arena_alloc(&x->rules->mem,
                          (n->count ? n->count : 1) * sizeof(*r->next));
    if (!r->next) return oom(x);
    r->next_count = n->count;
    for (size_t i = 0; i < n->count; i++) {
        const yt_node *e = n->kids[i];
        next_tmpl *t = &r->next[i];
        t->why = "";
        t->needs = "cluster";
        podsim_status s;
        if (e->type == YT_SCALAR) {
            if ((s = scalar_str(x, e, "next", &t->command))) return s;
            continue;
        }
        if (e->type != YT_MAP) {
            return fail_at(x, e, "next: expected a command or a mapping");
        }
        for (size_t j = 0; j < e->count; j++) {
            const yt_node *k = yt_key(e, j), *v = yt_value(e, j);
            if (!strcmp(k->str, "command")) {
                s = scalar_str(x, v, "next.command", &t->command);
            } else if (!strcmp(k->str, "why")) {
                s = scalar_str(x, v, "next.why", &t->why);
            } else if (!strcmp(k->str, "needs")) {
                s = scalar_str(x, v, "next.needs", &t->needs);
                if (!s && strcmp(t->needs, "cluster") &&
                    strcmp(t->needs, "node-shell") &&
                    strcmp(t->needs, "none")) {
                    s = fail_at(x, v,
                                "next.needs: \"%s\" (expected cluster, "
                                "node-shell or none)",
                                t->needs);
                }
            } else {
                s = fail_at(x, k,
                            "next: unknown field \"%s\" (expected command, "
                            "why or needs)",
                            k->str);
            }
            if (s) return s;
        }
        if (!t->command) return fail_at(x, e, "next: command is required");
    }
    return PODSIM_OK;
}

static podsim_status compile_labels(compile_ctx *x, const yt_node *n,
                                    podsim_kv **out, size_t *count) {
    if (n->type != YT_MAP) return fail_at(x, n, "labels: expected a mapping");
    podsim_kv *kv =
        arena_alloc(&x->rules->mem, (n->count ? n->count : 1) * sizeof(*kv));
    if (!kv) return oom(x);
    for (size_t i = 0; i < n->count; i++) {
        podsim_status s;
        if ((s = scalar_str(x, yt_key(n, i), "labels", &kv[i].key)) ||
            (s = scalar_str(x, yt_value(n, i), "labels", &kv[i].value))) {
            return s;
        }
    }
    *out = kv;
    *count = n->count;
    return PODSIM_OK;
}

static podsim_status enum_field(compile_ctx *x, const yt_node *v,
                                podsim_enum type, const char *what, int *out) {
    if (v->type != YT_SCALAR ||
        podsim_enum_value(type, v->str, out) != PODSIM_OK) {
        return fail_at(x, v, "%s: unknown value \"%s\" (expected %s)", what,
                       v->type == YT_SCALAR ? v->str : "",
                       type == PODSIM_ENUM_SEVERITY
                           ? "info, warning, error or critical"
                           : "low, medium or high");
    }
    return PODSIM_OK;
}

/* The fields a check may override (shared with diag_apply_overrides). */
static podsim_status output_field(compile_ctx *x, const yt_node *k,
                                  const yt_node *v, diag_rule *r, bool *known) {
    *known = true;
    int e = 0;
    podsim_status s = PODSIM_OK;
    const char *f = k->str;
    if (!strcmp(f, "category")) {
        s = scalar_str(x, v, f, &r->category);
    } else if (!strcmp(f, "title")) {
        s = scalar_str(x, v, f, &r->title);
    } else if (!strcmp(f, "summary")) {
        s = scalar_str(x, v, f, &r->summary);
    } else if (!strcmp(f, "priority")) {
        int64_t p = 0;
        s = scalar_i64(x, v, f, -1000000, 1000000, &p);
        r->priority = (int32_t)p;
    } else if (!strcmp(f, "severity")) {
        s = enum_field(x, v, PODSIM_ENUM_SEVERITY, f, &e);
        r->severity = (podsim_severity)e;
    } else if (!strcmp(f, "confidence")) {
        s = enum_field(x, v, PODSIM_ENUM_CONFIDENCE, f, &e);
        r->confidence = (podsim_confidence)e;
    } else if (!strcmp(f, "root_causes")) {
        s = str_or_list(x, v, f, &r->root_causes);
    } else if (!strcmp(f, "next")) {
        s = compile_next(x, v, r);
    } else if (!strcmp(f, "fix")) {
        s = str_or_list(x, v, f, &r->fix);
    } else if (!strcmp(f, "docs")) {
        s = str_or_list(x, v, f, &r->docs);
    } else if (!strcmp(f, "evidence")) {
        s = str_or_list(x, v, f, &r->evidence);
    } else if (!strcmp(f, "suppresses")) {
        s = str_or_list(x, v, f, &r->suppresses);
    } else if (!strcmp(f, "labels")) {
        s = compile_labels(x, v, &r->labels, &r->label_count);
    } else {
        *known = false;
    }
    return s;
}

static podsim_status compile_rule(compile_ctx *x, const yt_node *n) {
    if (n->type != YT_MAP) {
        return fail_at(x, n,
                       "a rule must be a mapping (id, category, on, "
                       "when, title, ...), got a %s",
                       yt_type_name(n));
    }
    diag_rule *r = arena_alloc(&x->rules->mem, sizeof(*r));
    if (!r) return oom(x);
    r->priority = 50;
    r->severity = PODSIM_SEVERITY_ERROR;
    r->confidence = PODSIM_CONFIDENCE_HIGH;
    r->enabled = true;
    r->summary = "";
    r->builtin = x->rules->loading_builtins;
    const yt_node *id_node = NULL;
    for (size_t i = 0; i < n->count; i++) {
        const yt_node *k = yt_key(n, i), *v = yt_value(n, i);
        podsim_status s = PODSIM_OK;
        bool known = false;
        if (k->type != YT_SCALAR) return fail_at(x, k, "expected a field name");
        if (!strcmp(k->str, "id")) {
            id_node = v;
            s = scalar_str(x, v, "id", &r->id);
            if (!s && !r->id[0]) s = fail_at(x, v, "id: must not be empty");
        } else if (!strcmp(k->str, "on")) {
            const char *on = NULL;
            s = scalar_str(x, v, "on", &on);
            if (!s && !strcmp(on, "container")) {
                r->on_container = true;
            } else if (!s && !strcmp(on, "workload")) {
                r->on_workload = true;
            } else if (!s && strcmp(on, "pod")) {
                s = fail_at(x, v,
                            "on: \"%s\" (expected pod, container or "
                            "workload)",
                            on);
            }
        } else if (!strcmp(k->str, "when")) {
            s = compile_pred(x, v, 0, &r->uses_findings, &r->when);
        } else if (!strcmp(k->str, "check")) {
            const char *name = NULL;
            s = scalar_str(x, v, "check", &name);
            if (!s) {
                r->check = diag_find_check(name);
                if (!r->check) {
                    s = fail_at(x, v, "check: no built-in check named \"%s\"",
                                name);
                }
            }
        } else {
            s = output_field(x, k, v, r, &known);
            if (!s && !known) {
                s = fail_at(x, k,
                            "unknown rule field \"%s\" (expected id, "
                            "category, on, priority, severity, confidence, "
                            "when, check, title, summary, root_causes, next, "
                            "fix, docs, evidence, suppresses or labels)",
                            k->str);
            }
        }
        if (s) return s;
    }
    if (!r->id) return fail_at(x, n, "a rule needs an id");
    if (!r->category) {
        return fail_at(x, n, "rule %s: category is required", r->id);
    }
    if (!r->title) return fail_at(x, n, "rule %s: title is required", r->id);
    for (size_t i = 0; i < x->added.len; i++) {
        diag_rule *other = *(diag_rule **)vec_at(&x->added, i);
        if (!strcmp(other->id, r->id)) {
            return cluster_fail(x->rules->carrier, PODSIM_EEXIST, x->source,
                                id_node->line, id_node->column,
                                "rule id \"%s\" given twice", r->id);
        }
    }
    diag_rule **slot = vec_push(&x->added);
    if (!slot) return oom(x);
    *slot = r;
    return PODSIM_OK;
}

static podsim_status compile_root(compile_ctx *x, const yt_node *root) {
    if (root->type == YT_SCALAR && root->is_null) return PODSIM_OK;
    if (root->type == YT_SEQ) {
        for (size_t i = 0; i < root->count; i++) {
            podsim_status s = compile_rule(x, root->kids[i]);
            if (s) return s;
        }
        return PODSIM_OK;
    }
    if (root->type != YT_MAP) {
        return fail_at(x, root,
                       "expected a rule, a list of rules or a pack "
                       "{rules: [...], disable: [...]}");
    }
    if (!yt_get(root, "rules") && !yt_get(root, "disable")) {
        return compile_rule(x, root);
    }
    for (size_t i = 0; i < root->count; i++) {
        const yt_node *k = yt_key(root, i), *v = yt_value(root, i);
        podsim_status s = PODSIM_OK;
        if (!strcmp(k->str, "rules")) {
            if (v->type != YT_SEQ) {
                return fail_at(x, v, "rules: expected a list of rules");
            }
            for (size_t j = 0; j < v->count && !s; j++) {
                s = compile_rule(x, v->kids[j]);
            }
        } else if (!strcmp(k->str, "disable")) {
            if (v->type != YT_SEQ) {
                return fail_at(x, v, "disable: expected a list of rule ids");
            }
            for (size_t j = 0; j < v->count && !s; j++) {
                if (v->kids[j]->type != YT_SCALAR) {
                    return fail_at(x, v->kids[j], "disable: expected an id");
                }
                disable_ref *d = vec_push(&x->disable);
                if (!d) return oom(x);
                d->id = copy_str(x, v->kids[j]->str, v->kids[j]->len);
                d->line = v->kids[j]->line;
                d->column = v->kids[j]->column;
                if (!d->id) return oom(x);
            }
        } else if (strcmp(k->str, "apiVersion") && strcmp(k->str, "kind") &&
                   strcmp(k->str, "metadata")) {
            s = fail_at(x, k,
                        "unknown pack field \"%s\" (expected rules, disable, "
                        "apiVersion, kind or metadata)",
                        k->str);
        }
        if (s) return s;
    }
    return PODSIM_OK;
}

/* ---- the set
 * ----------------------------------------------------------------- */

static diag_rule **find_slot(podsim_rules *rules, const char *id) {
    for (size_t i = 0; i < rules->rules.len; i++) {
        diag_rule **r = vec_at(&rules->rules, i);
        if (!strcmp((*r)->id, id)) return r;
    }
    return NULL;
}

static void release_user(diag_rule *r) {
    if (r->user_free) r->user_free(r->user);
    r->user_free = NULL;
    r->user = NULL;
}

static podsim_status disable_id(podsim_rules *rules, const char *id) {
    diag_rule **r = find_slot(rules, id);
    if (!r) return PODSIM_ENOTFOUND;
    if ((*r)->enabled) {
        (*r)->enabled = false;
        const char **d = vec_push(&rules->disabled);
        if (!d) return PODSIM_ENOMEM;
        *d = (*r)->id;
    }
    return PODSIM_OK;
}

static bool id_known(const podsim_rules *rules, const compile_ctx *x,
                     const char *id) {
    if (find_slot((podsim_rules *)rules, id)) return true;
    for (size_t i = 0; i < x->added.len; i++) {
        if (!strcmp((*(diag_rule **)vec_at(&x->added, i))->id, id)) {
            return true;
        }
    }
    return false;
}

/* Install the rules of one call: each replaces a rule with its id (in place,
   keeping the evaluation order) or is appended. Everything that can fail is
   checked first, so a failed call leaves the set as it was. */
static podsim_status install(compile_ctx *x) {
    podsim_rules *rules = x->rules;
    if (rules->rules.len + x->added.len > MAX_RULES) {
        return cluster_fail(rules->carrier, PODSIM_ELIMIT, x->source, 0, 0,
                            "more than %d rules in one set", MAX_RULES);
    }
    for (size_t i = 0; i < x->disable.len; i++) {
        const disable_ref *n = vec_at(&x->disable, i);
        if (!id_known(rules, x, n->id)) {
            return cluster_fail(rules->carrier, PODSIM_ENOTFOUND, x->source,
                                n->line, n->column,
                                "disable: no rule with id \"%s\"", n->id);
        }
    }
    if (!vec_reserve(&rules->rules, rules->rules.len + x->added.len) ||
        !vec_reserve(&rules->disabled, rules->disabled.len + x->disable.len)) {
        return oom(x);
    }
    for (size_t i = 0; i < x->added.len; i++) {
        diag_rule *r = *(diag_rule **)vec_at(&x->added, i);
        r->callback = x->callback;
        r->user = x->user;
        r->user_free = x->user_free;
        diag_rule **old = find_slot(rules, r->id);
        if (old) {
            r->overrides = (*old)->builtin ? (*old)->id : (*old)->overrides;
            release_user(*old);
            *old = r;
        } else {
            *(diag_rule **)vec_push(&rules->rules) = r;
        }
    }
    for (size_t i = 0; i < x->disable.len; i++) {
        const disable_ref *n = vec_at(&x->disable, i);
        (void)disable_id(rules, n->id); /* known and reserved above */
    }
    return PODSIM_OK;
}

static podsim_status on_document(void *ctx, const yt_node *root) {
    compile_ctx *x = ctx;
    x->rule_docs++;
    return compile_root(x, root);
}

static podsim_status on_item(void *ctx, const yt_node *item, bool *keep) {
    (void)ctx;
    (void)item;
    *keep = true; /* `items` is no rule field: judged with the document */
    return PODSIM_OK;
}

static podsim_status load(podsim_rules *rules, const yt_input *in,
                          podsim_rule_check_fn cb, void *user,
                          void (*user_free)(void *), bool single) {
    compile_ctx x;
    memset(&x, 0, sizeof x);
    x.rules = rules;
    x.source = in->source;
    x.callback = cb;
    x.user = user;
    x.user_free = user_free;
    x.single = single;
    vec_init(&x.added, sizeof(diag_rule *));
    vec_init(&x.disable, sizeof(disable_ref));
    cluster_clear_error(rules->carrier);
    arena_mark mark = arena_get_mark(&rules->mem);
    size_t regex_mark = rules->regexes.len;
    yt_handler h = {&x, on_item, on_document};
    podsim_status s = yt_parse(rules->carrier, in, &h);
    if (!s && single && x.added.len != 1) {
        s = cluster_fail(rules->carrier, PODSIM_EPARSE, in->source, 0, 0,
                         "expected exactly one rule, got %zu", x.added.len);
    }
    if (!s) s = install(&x);
    if (s) {
        /* nothing of this call stays: regexes and arena rolled back; the
           caller keeps ownership of `user` */
        for (size_t i = regex_mark; i < rules->regexes.len; i++) {
            regex_t *re = *(regex_t **)vec_at(&rules->regexes, i);
            regfree(re);
            free(re);
        }
        rules->regexes.len = regex_mark;
        arena_rollback(&rules->mem, mark);
    }
    vec_release(&x.added);
    vec_release(&x.disable);
    return s;
}

static podsim_status load_text(podsim_rules *rules, const char *text,
                               size_t len, const char *source,
                               podsim_rule_check_fn cb, void *user,
                               void (*user_free)(void *), bool single) {
    yt_input in = {text ? text : "", len, NULL, source ? source : "<string>"};
    return load(rules, &in, cb, user, user_free, single);
}

podsim_status podsim_rules_new(podsim_rules **out) {
    if (!out) return PODSIM_EINVAL;
    *out = NULL;
    podsim_rules *r = calloc(1, sizeof(*r));
    if (!r) return PODSIM_ENOMEM;
    arena_init(&r->mem, 32u * 1024u);
    vec_init(&r->rules, sizeof(diag_rule *));
    vec_init(&r->regexes, sizeof(regex_t *));
    vec_init(&r->disabled, sizeof(const char *));
    if (podsim_cluster_new(NULL, &r->carrier) != PODSIM_OK) {
        podsim_rules_free(r);
        return PODSIM_ENOMEM;
    }
    size_t len = 0;
    const char *text = diag_builtin_rules_yaml(&len);
    r->loading_builtins = true;
    podsim_status s =
        load_text(r, text, len, "<built-in rules>", NULL, NULL, NULL, false);
    r->loading_builtins = false;
    if (s) {
        /* the built-in pack is part of the program: a failure here is a
           bug or out of memory; keep the error readable on the handle */
        podsim_rules_free(r);
        return s == PODSIM_ENOMEM ? s : PODSIM_EPARSE;
    }
    cluster_clear_error(r->carrier);
    *out = r;
    return PODSIM_OK;
}

void podsim_rules_free(podsim_rules *rules) {
    if (!rules) return;
    for (size_t i = 0; i < rules->rules.len; i++) {
        release_user(*(diag_rule **)vec_at(&rules->rules, i));
    }
    for (size_t i = 0; i < rules->regexes.len; i++) {
        regex_t *re = *(regex_t **)vec_at(&rules->regexes, i);
        regfree(re);
        free(re);
    }
    vec_release(&rules->rules);
    vec_release(&rules->regexes);
    vec_release(&rules->disabled);
    arena_release(&rules->mem);
    podsim_cluster_free(rules->carrier);
    free(rules);
}

const podsim_error *podsim_rules_error(const podsim_rules *rules) {
    return rules ? podsim_cluster_error(rules->carrier) : NULL;
}

podsim_status podsim_rules_load_string(podsim_rules *rules, const char *text,
                                       size_t len, const char *source_name) {
    if (!rules) return PODSIM_EINVAL;
    if (!text && len) {
        return cluster_fail(rules->carrier, PODSIM_EINVAL, NULL, 0, 0,
                            "podsim_rules_load_string: text is NULL");
    }
    return load_text(rules, text, len, source_name, NULL, NULL, NULL, false);
}

podsim_status podsim_rules_load_file(podsim_rules *rules, const char *path) {
    if (!rules) return PODSIM_EINVAL;
    if (!path) {
        return cluster_fail(rules->carrier, PODSIM_EINVAL, NULL, 0, 0,
                            "podsim_rules_load_file: path is NULL");
    }
    FILE *f = fopen(path, "rb");
    if (!f) {
        return cluster_fail(rules->carrier, PODSIM_EIO, path, 0, 0,
                            "cannot open: %s", strerror(errno));
    }
    struct stat st;
    podsim_status s;
    if (fstat(fileno(f), &st) != 0 || S_ISDIR(st.st_mode)) {
        s = cluster_fail(rules->carrier, PODSIM_EIO, path, 0, 0,
                         "cannot read: not a regular file");
    } else {
        yt_input in = {NULL, (size_t)st.st_size, f, path};
        s = load(rules, &in, NULL, NULL, NULL, false);
    }
    fclose(f);
    return s;
}

podsim_status podsim_rules_add(podsim_rules *rules, const char *text,
                               size_t len, const char *source_name,
                               podsim_rule_check_fn check, void *user,
                               void (*user_free)(void *user)) {
    if (!rules) return PODSIM_EINVAL;
    if (!text) {
        return cluster_fail(rules->carrier, PODSIM_EINVAL, NULL, 0, 0,
                            "podsim_rules_add: text is NULL");
    }
    return load_text(rules, text, len, source_name, check, user, user_free,
                     true);
}

podsim_status podsim_rules_disable(podsim_rules *rules, const char *id) {
    if (!rules || !id) return PODSIM_EINVAL;
    cluster_clear_error(rules->carrier);
    podsim_status s = disable_id(rules, id);
    if (s == PODSIM_ENOTFOUND) {
        return cluster_fail(rules->carrier, s, NULL, 0, 0,
                            "no rule with id \"%s\"", id);
    }
    if (s) return cluster_fail(rules->carrier, s, NULL, 0, 0, "out of memory");
    return PODSIM_OK;
}

size_t podsim_rules_count(const podsim_rules *rules) {
    return rules ? rules->rules.len : 0;
}

podsim_status podsim_rules_get(const podsim_rules *rules, size_t index,
                               const char **id, const char **category,
                               bool *enabled) {
    if (!rules || index >= rules->rules.len) return PODSIM_EINVAL;
    const diag_rule *r = *(diag_rule **)vec_at(&rules->rules, index);
    if (id) *id = r->id;
    if (category) *category = r->category;
    if (enabled) *enabled = r->enabled;
    return PODSIM_OK;
}

size_t diag_rules_size(const podsim_rules *rules) {
    return rules->rules.len;
}
const diag_rule *diag_rules_rule(const podsim_rules *rules, size_t i) {
    return *(diag_rule **)vec_at(&rules->rules, i);
}
bool diag_rule_enabled(const diag_rule *r) {
    return r->enabled;
}
bool diag_rule_on_container(const diag_rule *r) {
    return r->on_container;
}
bool diag_rule_on_workload(const diag_rule *r) {
    return r->on_workload;
}
bool diag_rule_uses_findings(const diag_rule *r) {
    return r->uses_findings;
}
const char *diag_rule_id(const diag_rule *r) {
    return r->id;
}
const char *diag_rule_overrides(const diag_rule *r) {
    return r->overrides;
}
size_t diag_rules_disabled_count(const podsim_rules *rules) {
    return rules->disabled.len;
}
const char *diag_rules_disabled(const podsim_rules *rules, size_t i) {
    return *(const char **)vec_at(&rules->disabled, i);
}
const diag_check *diag_rule_c_check(const diag_rule *r) {
    return r->check;
}
podsim_rule_check_fn diag_rule_callback(const diag_rule *r, void **user) {
    if (user) *user = r->user;
    return r->callback;
}

/* ---- matching
 * ------------------------------------------------------------------
 */

static const diag_facts *facts_for(const diag_eval *e, const char **path) {
    if (!strncmp(*path, "container.finding.", 18)) {
        return e->container ? e->container_findings : NULL;
    }
    if (!strncmp(*path, "container.", 10)) {
        return e->container ? &e->container->facts : NULL;
    }
    if (!strncmp(*path, "finding.", 8)) return e->findings;
    return &e->subject->facts;
}

const char *diag_eval_get(const diag_eval *e, const char *path) {
    const diag_facts *f = facts_for(e, &path);
    return f ? diag_facts_get(f, path) : NULL;
}

static bool numbers(const char *a, const char *b, double *x, double *y) {
    return parse_number(a, x) && parse_number(b, y);
}

static bool value_equals(const char *fact, const char *want) {
    double x, y;
    if (numbers(fact, want, &x, &y)) return x == y;
    return !strcmp(fact, want);
}

static bool any_value(const cond *c, const char *fact,
                      bool (*test)(const char *, const char *)) {
    for (size_t i = 0; i < c->value_count; i++) {
        if (test(fact, c->values[i])) return true;
    }
    return false;
}

static bool has_prefix(const char *s, const char *p) {
    return !strncmp(s, p, strlen(p));
}
static bool has_suffix(const char *s, const char *p) {
    size_t n = strlen(s), m = strlen(p);
    return m <= n && !strcmp(s + n - m, p);
}
static bool has_substring(const char *s, const char *p) {
    return strstr(s, p) != NULL;
}

/* One condition against a value (NULL = the fact is absent). */
static bool cond_holds(const cond *c, const char *v) {
    double x = 0;
    switch (c->op) {
    case OP_ABSENT: return v == NULL;
    case OP_EXISTS: return (v != NULL) == c->flag;
    case OP_NE: return !v || !any_value(c, v, value_equals);
    case OP_NOT_IN: return !v || !any_value(c, v, value_equals);
    default: break;
    }
    if (!v) return false;
    switch (c->op) {
    case OP_EQ:
    case OP_IN: return any_value(c, v, value_equals);
    case OP_PREFIX: return any_value(c, v, has_prefix);
    case OP_SUFFIX: return any_value(c, v, has_suffix);
    case OP_CONTAINS: return any_value(c, v, has_substring);
    case OP_REGEX: return regexec(c->re, v, 0, NULL, 0) == 0;
    case OP_EMPTY: return (*v == '\0') == c->flag;
    case OP_GT: return parse_number(v, &x) && x > c->number;
    case OP_GE: return parse_number(v, &x) && x >= c->number;
    case OP_LT: return parse_number(v, &x) && x < c->number;
    case OP_LE: return parse_number(v, &x) && x <= c->number;
    default: return false;
    }
}

static bool conds_hold(const cond *cs, size_t n, const char *v) {
    for (size_t i = 0; i < n; i++) {
        if (!cond_holds(&cs[i], v)) return false;
    }
    return true;
}

static bool fact_pred(const pred *p, const diag_eval *e) {
    const char *path = p->path;
    const diag_facts *f = facts_for(e, &path);
    if (!p->path_prefix) {
        return conds_hold(p->conds, p->cond_count,
                          f ? diag_facts_get(f, path) : NULL);
    }
    /* path*: some fact with the prefix satisfies every condition; with
       none, the conditions see an absent fact */
    bool seen = false;
    if (f) {
        for (size_t i = 0; i < f->items.len; i++) {
            const diag_fact *d = vec_at(&f->items, i);
            if (strncmp(d->path, path, p->path_len)) continue;
            seen = true;
            if (conds_hold(p->conds, p->cond_count, d->value)) return true;
        }
    }
    return !seen && conds_hold(p->conds, p->cond_count, NULL);
}

static bool event_matches(const pred *p, const diag_eval *e,
                          const diag_event *ev) {
    if (p->reason_count) {
        bool ok = false;
        for (size_t i = 0; i < p->reason_count && !ok; i++) {
            ok = !strcmp(ev->reason, p->reasons[i]);
        }
        if (!ok) return false;
    }
    if (p->type && strcmp(ev->type, p->type)) return false;
    if (p->source && strcmp(ev->source, p->source)) return false;
    if (p->own_container &&
        (!e->container || strcmp(ev->container, e->container->spec->name))) {
        return false;
    }
    if (p->within_s >= 0 && ev->last != PODSIM_NO_TIME &&
        e->as_of - ev->last > p->within_s * 1000) {
        return false;
    }
    if (p->message_count && !conds_hold(p->message, p->message_count,
                                        ev->message ? ev->message : "")) {
        return false;
    }
    return true;
}

static bool event_pred(const pred *p, const diag_eval *e) {
    int64_t total = 0;
    const diag_subject *s = e->subject;
    for (size_t i = 0; i < s->event_count; i++) {
        if (event_matches(p, e, s->events[i])) total += s->events[i]->count;
    }
    bool found = total >= (p->min_count > 0 ? p->min_count : 1);
    return p->absent ? !found : found;
}

static bool eval_pred(const pred *p, const diag_eval *e) {
    switch (p->kind) {
    case PRED_ALL:
        for (size_t i = 0; i < p->kid_count; i++) {
            if (!eval_pred(p->kids[i], e)) return false;
        }
        return true;
    case PRED_ANY:
        for (size_t i = 0; i < p->kid_count; i++) {
            if (eval_pred(p->kids[i], e)) return true;
        }
        return false;
    case PRED_NOT: return !eval_pred(p->kids[0], e);
    case PRED_FACT: return fact_pred(p, e);
    case PRED_EVENT: return event_pred(p, e);
    }
    return false;
}

bool diag_rule_matches(const diag_rule *r, const diag_eval *e) {
    return !r->when || eval_pred(r->when, e);
}

/* ---- templates
 * --------------------------------------------------------------- */

/* "{path}" -> the fact's value ("" when absent); "{{" / "}}" literal. */
static const char *expand(const char *t, const diag_eval *e, arena *mem) {
    if (!t) return NULL;
    /* always a copy: the diagnosis may outlive the rule set */
    if (!strchr(t, '{') && !strchr(t, '}')) {
        return arena_strndup(mem, t, strlen(t));
    }
    strbuf b;
    strbuf_init(&b);
    for (const char *p = t; *p;) {
        if ((p[0] == '{' && p[1] == '{') || (p[0] == '}' && p[1] == '}')) {
            strbuf_putc(&b, p[0]);
            p += 2;
            continue;
        }
        const char *close = p[0] == '{' ? strchr(p + 1, '}') : NULL;
        if (!close) {
            strbuf_putc(&b, *p++);
            continue;
        }
        char path[256];
        size_t n = (size_t)(close - p - 1);
        if (n >= sizeof path) n = sizeof path - 1;
        memcpy(path, p + 1, n);
        path[n] = '\0';
        const char *v = diag_eval_get(e, path);
        if (v) strbuf_puts(&b, v);
        p = close + 1;
    }
    const char *out =
        b.failed ? NULL : arena_strndup(mem, strbuf_str(&b), b.len);
    strbuf_release(&b);
    return out;
}

static bool push_list(vec *v, const str_list *l, const diag_eval *e,
                      arena *mem) {
    for (size_t i = 0; i < l->count; i++) {
        const char *s = expand(l->items[i], e, mem);
        const char **slot = s ? vec_push(v) : NULL;
        if (!slot) return false;
        *slot = s;
    }
    return true;
}

static const diag_event *latest_event(const diag_eval *e, const char *reason) {
    const diag_event *best = NULL, *own = NULL;
    const diag_subject *s = e->subject;
    for (size_t i = 0; i < s->event_count; i++) {
        const diag_event *ev = s->events[i];
        if (strcmp(ev->reason, reason)) continue;
        if (!best || ev->last >= best->last) best = ev;
        if (e->container && !strcmp(ev->container, e->container->spec->name) &&
            (!own || ev->last >= own->last)) {
            own = ev;
        }
    }
    return own ? own : best;
}

/* "Warning  Failed  2m (x4 over 5m)  kubelet  <message>": a describe row */
static const char *event_quote(const diag_eval *e, const diag_event *ev,
                               arena *mem) {
    strbuf b;
    strbuf_init(&b);
    strbuf_printf(&b, "%s  %s  ", ev->type, ev->reason);
    strbuf age;
    strbuf_init(&age);
    int64_t last = ev->last != PODSIM_NO_TIME ? ev->last : ev->first;
    if (last != PODSIM_NO_TIME) human_duration(e->as_of - last, &age);
    strbuf_append(&b, strbuf_str(&age), age.len);
    if (ev->count > 1 && ev->first != PODSIM_NO_TIME) {
        strbuf_clear(&age);
        human_duration(e->as_of - ev->first, &age);
        strbuf_printf(&b, " (x%d over %s)", (int)ev->count, strbuf_str(&age));
    }
    strbuf_release(&age);
    const char *msg = ev->message ? ev->message : "";
    while (*msg == ' ' || *msg == '\n' || *msg == '\t') msg++;
    size_t n = strlen(msg);
    while (n && (msg[n - 1] == ' ' || msg[n - 1] == '\n')) n--;
    strbuf_printf(&b, "  %s  ", ev->source);
    strbuf_append(&b, msg, n);
    const char *out =
        b.failed ? NULL : arena_strndup(mem, strbuf_str(&b), b.len);
    strbuf_release(&b);
    return out;
}

static bool add_evidence(const diag_rule *r, const diag_eval *e, arena *mem,
                         diag_finding *f) {
    podsim_provenance event_prov = e->subject->src->from_sim
                                       ? PODSIM_PROVENANCE_SIMULATED
                                       : PODSIM_PROVENANCE_OBSERVED;
    for (size_t i = 0; i < r->evidence.count; i++) {
        const char *path = r->evidence.items[i];
        if (!strncmp(path, "event:", 6)) {
            const diag_event *ev = latest_event(e, path + 6);
            if (!ev) continue;
            const char *q = event_quote(e, ev, mem);
            if (!q || !diag_finding_evidence(f, mem, path, ev->message, q,
                                             ev->last, event_prov)) {
                return false;
            }
            continue;
        }
        const char *p = path;
        const diag_facts *facts = facts_for(e, &p);
        const diag_fact *d = facts ? diag_facts_find(facts, p) : NULL;
        if (!d) continue;
        if (!diag_finding_evidence(f, mem, path, d->value, d->value,
                                   PODSIM_NO_TIME, d->provenance)) {
            return false;
        }
    }
    return true;
}

podsim_status diag_rule_instantiate(const diag_rule *r, const diag_eval *e,
                                    arena *mem, diag_finding *f) {
    f->rule = arena_strndup(mem, r->id, strlen(r->id));
    f->category = expand(r->category, e, mem);
    f->title = expand(r->title, e, mem);
    f->summary = expand(r->summary, e, mem);
    f->severity = r->severity;
    f->confidence = r->confidence;
    f->priority = r->priority;
    f->container = e->container
                       ? arena_strndup(mem, e->container->spec->name,
                                       strlen(e->container->spec->name))
                       : "";
    f->explained_by = "";
    f->first_seen = PODSIM_NO_TIME;
    if (!f->rule || !f->category || !f->title || !f->summary || !f->container) {
        return PODSIM_ENOMEM;
    }
    if (!push_list(&f->root_causes, &r->root_causes, e, mem) ||
        !push_list(&f->fix, &r->fix, e, mem) ||
        !push_list(&f->docs, &r->docs, e, mem) ||
        !push_list(&f->suppresses, &r->suppresses, e, mem)) {
        return PODSIM_ENOMEM;
    }
    for (size_t i = 0; i < r->next_count; i++) {
        const char *cmd = expand(r->next[i].command, e, mem);
        const char *why = expand(r->next[i].why, e, mem);
        if (!cmd || !why) return PODSIM_ENOMEM;
        if (!*cmd) continue; /* a command whose fact is absent */
        if (!diag_finding_next(f, mem, cmd, why, r->next[i].needs)) {
            return PODSIM_ENOMEM;
        }
    }
    for (size_t i = 0; i < r->label_count; i++) {
        podsim_kv *kv = vec_push(&f->labels);
        if (!kv) return PODSIM_ENOMEM;
        kv->key = expand(r->labels[i].key, e, mem);
        kv->value = expand(r->labels[i].value, e, mem);
        if (!kv->key || !kv->value) return PODSIM_ENOMEM;
    }
    if (!add_evidence(r, e, mem, f)) return PODSIM_ENOMEM;
    return PODSIM_OK;
}

/* ---- overrides from a check
 * ------------------------------------------------------ */

typedef struct override_ctx {
    compile_ctx x;
    diag_finding *f;
    const diag_eval *e;
    arena *mem;
    podsim_status status;
} override_ctx;

static podsim_status apply_evidence(override_ctx *o, const yt_node *v) {
    if (v->type != YT_SEQ) {
        return fail_at(&o->x, v, "evidence: expected a list");
    }
    podsim_provenance prov = PODSIM_PROVENANCE_DERIVED;
    for (size_t i = 0; i < v->count; i++) {
        const yt_node *it = v->kids[i];
        const char *path = "", *value = "", *quote = "";
        if (it->type == YT_SCALAR) {
            value = quote = arena_strndup(o->mem, it->str, it->len);
        } else if (it->type == YT_MAP) {
            const yt_node *n;
            if ((n = yt_get(it, "path")) && n->type == YT_SCALAR) {
                path = arena_strndup(o->mem, n->str, n->len);
            }
            if ((n = yt_get(it, "value")) && n->type == YT_SCALAR) {
                value = arena_strndup(o->mem, n->str, n->len);
            }
            if ((n = yt_get(it, "quote")) && n->type == YT_SCALAR) {
                quote = arena_strndup(o->mem, n->str, n->len);
            }
        } else {
            return fail_at(&o->x, it, "evidence: expected text or a mapping");
        }
        if (!path || !value || !quote ||
            !diag_finding_evidence(o->f, o->mem, path, value, quote,
                                   PODSIM_NO_TIME, prov)) {
            return oom(&o->x);
        }
    }
    return PODSIM_OK;
}

static void replace_list(vec *v, const str_list *l, const diag_eval *e,
                         arena *mem, bool *ok) {
    v->len = 0;
    if (!push_list(v, l, e, mem)) *ok = false;
}

static podsim_status override_document(void *ctx, const yt_node *root) {
    override_ctx *o = ctx;
    if (root->type == YT_SCALAR && root->is_null) return PODSIM_OK;
    if (root->type != YT_MAP) {
        return fail_at(&o->x, root,
                       "a check must return a mapping of "
                       "fields to override");
    }
    diag_rule tmp;
    memset(&tmp, 0, sizeof tmp);
    tmp.priority = INT32_MIN;
    tmp.severity = (podsim_severity)-1;
    tmp.confidence = (podsim_confidence)-1;
    for (size_t i = 0; i < root->count; i++) {
        const yt_node *k = yt_key(root, i), *v = yt_value(root, i);
        bool known = false;
        podsim_status s;
        if (k->type == YT_SCALAR && !strcmp(k->str, "evidence")) {
            s = apply_evidence(o, v);
            if (s) return s;
            continue;
        }
        s = output_field(&o->x, k, v, &tmp, &known);
        if (s) return s;
        if (!known) {
            return fail_at(&o->x, k,
                           "a check may not set \"%s\" (expected category, "
                           "title, summary, priority, severity, confidence, "
                           "root_causes, next, fix, docs, evidence, "
                           "suppresses or labels)",
                           k->str);
        }
    }
    diag_finding *f = o->f;
    const diag_eval *e = o->e;
    bool ok = true;
    if (tmp.category && !(f->category = expand(tmp.category, e, o->mem))) {
        ok = false;
    }
    if (tmp.title && !(f->title = expand(tmp.title, e, o->mem))) ok = false;
    if (tmp.summary && !(f->summary = expand(tmp.summary, e, o->mem))) {
        ok = false;
    }
    if (tmp.priority != INT32_MIN) f->priority = tmp.priority;
    if ((int)tmp.severity >= 0) f->severity = tmp.severity;
    if ((int)tmp.confidence >= 0) f->confidence = tmp.confidence;
    if (yt_get(root, "root_causes")) {
        replace_list(&f->root_causes, &tmp.root_causes, e, o->mem, &ok);
    }
    if (yt_get(root, "fix")) replace_list(&f->fix, &tmp.fix, e, o->mem, &ok);
    if (yt_get(root, "docs")) {
        replace_list(&f->docs, &tmp.docs, e, o->mem, &ok);
    }
    if (yt_get(root, "suppresses")) {
        replace_list(&f->suppresses, &tmp.suppresses, e, o->mem, &ok);
    }
    if (yt_get(root, "next")) {
        f->next.len = 0;
        for (size_t i = 0; i < tmp.next_count && ok; i++) {
            const char *cmd = expand(tmp.next[i].command, e, o->mem);
            const char *why = expand(tmp.next[i].why, e, o->mem);
            ok = cmd && why &&
                 diag_finding_next(f, o->mem, cmd, why, tmp.next[i].needs);
        }
    }
    for (size_t i = 0; i < tmp.label_count && ok; i++) {
        podsim_kv *kv = NULL;
        for (size_t j = 0; j < f->labels.len; j++) {
            podsim_kv *have = vec_at(&f->labels, j);
            if (!strcmp(have->key, tmp.labels[i].key)) kv = have;
        }
        if (!kv && !(kv = vec_push(&f->labels))) {
            ok = false;
            break;
        }
        kv->key =
            arena_strndup(o->mem, tmp.labels[i].key, strlen(tmp.labels[i].key));
        kv->value = expand(tmp.labels[i].value, e, o->mem);
        ok = kv->key && kv->value;
    }
    return ok ? PODSIM_OK : oom(&o->x);
}

podsim_status diag_apply_overrides(diag_finding *f, const char *text,
                                   size_t len, const diag_eval *e, arena *mem,
                                   const char **why) {
    *why = "";
    if (len == 0) return PODSIM_OK;
    podsim_rules scratch;
    memset(&scratch, 0, sizeof scratch);
    arena_init(&scratch.mem, 4096);
    vec_init(&scratch.rules, sizeof(diag_rule *));
    vec_init(&scratch.regexes, sizeof(regex_t *));
    vec_init(&scratch.disabled, sizeof(const char *));
    if (podsim_cluster_new(NULL, &scratch.carrier) != PODSIM_OK) {
        arena_release(&scratch.mem);
        return PODSIM_ENOMEM;
    }
    override_ctx o;
    memset(&o, 0, sizeof o);
    o.x.rules = &scratch;
    o.x.source = "<check result>";
    o.f = f;
    o.e = e;
    o.mem = mem;
    yt_input in = {text, len, NULL, "<check result>"};
    yt_handler h = {&o, on_item, override_document};
    podsim_status s = yt_parse(scratch.carrier, &in, &h);
    if (s) {
        const podsim_error *err = podsim_cluster_error(scratch.carrier);
        *why = diag_strf(mem, "check result %d:%d: %s", err->line, err->column,
                         err->message);
        if (!*why) *why = "check result: malformed";
    }
    for (size_t i = 0; i < scratch.regexes.len; i++) {
        regex_t *re = *(regex_t **)vec_at(&scratch.regexes, i);
        regfree(re);
        free(re);
    }
    vec_release(&scratch.rules);
    vec_release(&scratch.regexes);
    vec_release(&scratch.disabled);
    arena_release(&scratch.mem);
    podsim_cluster_free(scratch.carrier);
    return s;
}
