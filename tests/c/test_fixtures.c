/*
 * test_fixtures.c - the shared fixtures of tests/data checked through the
 * public C API, so that C checks the same facts as the Python
 * (tests/python/podsim_parity.py) and Lua (tests/lua/fixtures_spec.lua)
 * suites.
 *
 *   - every fact of every *.expected.txt (format and keys:
 *     tests/data/README.md) against a fresh cluster loaded from its input;
 *     an unknown key is a mismatch, never skipped;
 *   - cluster-small.yaml and cluster-small.json give the same model (a
 *     canonical dump of every node and pod view, compared line by line);
 *   - self-tests proving that the checker reports wrong values, unknown keys
 *     and malformed lines.
 *
 * The checker is table driven: each kind has a table of key rules (an exact
 * key, or a prefix ending in '.'), each naming a field of the view struct by
 * offset and how to print it, or a handler for the keys that need work.
 */
#include <ctype.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
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

#define COUNT_OF(a) (sizeof(a) / sizeof((a)[0]))

#if defined(__GNUC__)
#define PRINTF_LIKE(f, a) __attribute__((format(printf, f, a)))
#else
#define PRINTF_LIKE(f, a)
#endif

/* ===================================================================== */
/* Growable text                                                          */
/* ===================================================================== */

typedef struct textbuf {
    char *data;
    size_t len;
    size_t cap;
} textbuf;

static void textbuf_vprintf(textbuf *b, const char *fmt, va_list ap) {
    va_list measure;
    va_copy(measure, ap);
    int n = vsnprintf(NULL, 0, fmt, measure);
    va_end(measure);
    if (n < 0) abort();
    size_t need = b->len + (size_t)n + 1;
    if (need > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        while (cap < need) cap *= 2;
        char *grown = realloc(b->data, cap);
        if (!grown) abort();
        b->data = grown;
        b->cap = cap;
    }
    vsnprintf(b->data + b->len, b->cap - b->len, fmt, ap);
    b->len += (size_t)n;
}

static void PRINTF_LIKE(2, 3) textbuf_printf(textbuf *b, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    textbuf_vprintf(b, fmt, ap);
    va_end(ap);
}

static const char *textbuf_text(const textbuf *b) {
    return b->data ? b->data : "";
}

static void textbuf_free(textbuf *b) {
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

static char *read_file_text(const char *path) {
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    textbuf b = {NULL, 0, 0};
    char chunk[4096];
    size_t got;
    textbuf_printf(&b, "%s", "");
    while ((got = fread(chunk, 1, sizeof chunk, f)) > 0) {
        textbuf_printf(&b, "%.*s", (int)got, chunk);
    }
    fclose(f);
    return b.data;
}

/* ===================================================================== */
/* Facts: the value a key has in the model                                */
/* ===================================================================== */

typedef enum fact_kind {
    FACT_TEXT,        /* text, compared as written */
    FACT_ABSENT,      /* "-" */
    FACT_QUANTITY,    /* a present quantity: "0" matches zero */
    FACT_NO_QUANTITY, /* an absent quantity: matches "0" and "-" */
    FACT_UNKNOWN_KEY, /* the key is not in tests/data/README.md */
    FACT_ERROR        /* the key is known but cannot be evaluated */
} fact_kind;

typedef struct fact {
    fact_kind kind;
    podsim_quantity quantity;
    char text[1024];
} fact;

static void PRINTF_LIKE(2, 3) fact_printf(fact *out, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(out->text, sizeof out->text, fmt, ap);
    va_end(ap);
    out->kind = FACT_TEXT;
    if (n < 0 || (size_t)n >= sizeof out->text) {
        out->kind = FACT_ERROR;
        snprintf(out->text, sizeof out->text, "<value longer than %zu bytes>",
                 sizeof out->text - 1);
    }
}

static void PRINTF_LIKE(2, 3) fact_error(fact *out, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(out->text, sizeof out->text, fmt, ap);
    va_end(ap);
    out->kind = FACT_ERROR;
}

static void fact_absent(fact *out) {
    out->kind = FACT_ABSENT;
    out->text[0] = '\0';
}

static void fact_unknown_key(fact *out) {
    out->kind = FACT_UNKNOWN_KEY;
    out->text[0] = '\0';
}

/* A string; NULL is "absent". */
static void fact_text(fact *out, const char *s) {
    if (!s) {
        fact_absent(out);
    } else {
        fact_printf(out, "%s", s);
    }
}

static void fact_int(fact *out, int64_t v) {
    fact_printf(out, "%lld", (long long)v);
}

static void fact_bool(fact *out, bool b) {
    fact_text(out, b ? "1" : "0");
}

static void fact_count(fact *out, size_t n) {
    fact_printf(out, "%zu", n);
}

static void fact_opt(fact *out, podsim_opt_i64 v) {
    if (v.set) {
        fact_int(out, v.value);
    } else {
        fact_absent(out);
    }
}

static void fact_time(fact *out, int64_t ms) {
    if (ms == PODSIM_NO_TIME) {
        fact_absent(out);
    } else {
        fact_int(out, ms);
    }
}

/* An enum's Kubernetes spelling, "" taken as "unset" when asked. */
static void fact_enum(fact *out, podsim_enum type, int value,
                      bool empty_is_absent) {
    const char *name = podsim_enum_name(type, value);
    if (!name) {
        fact_error(out, "<enum %d out of range>", value);
    } else if (empty_is_absent && name[0] == '\0') {
        fact_absent(out);
    } else {
        fact_text(out, name);
    }
}

static void fact_list(fact *out, const podsim_strings *list) {
    textbuf b = {NULL, 0, 0};
    textbuf_printf(&b, "%s", "");
    for (size_t i = 0; i < list->count; i++) {
        textbuf_printf(&b, "%s%s", i ? "," : "", list->items[i]);
    }
    fact_text(out, b.data);
    textbuf_free(&b);
}

static void fact_quantity(fact *out, const podsim_quantity *q) {
    size_t len = 0;
    podsim_status s =
        podsim_quantity_format(q, out->text, sizeof out->text, &len);
    if (s != PODSIM_OK) {
        fact_error(out, "<quantity not formatted: %s>", podsim_status_name(s));
        return;
    }
    out->kind = FACT_QUANTITY;
    out->quantity = *q;
}

static void fact_no_quantity(fact *out) {
    out->kind = FACT_NO_QUANTITY;
    out->text[0] = '\0';
}

static void fact_resource(fact *out, const podsim_resources *list,
                          const char *name) {
    podsim_quantity q;
    if (podsim_resources_get(list, name, &q)) {
        fact_quantity(out, &q);
    } else {
        fact_no_quantity(out);
    }
}

static const char *kvs_lookup(const podsim_kvs *kvs, const char *key) {
    for (size_t i = 0; i < kvs->count; i++) {
        if (strcmp(kvs->items[i].key, key) == 0) return kvs->items[i].value;
    }
    return NULL;
}

/* Does the model's value match the fixture's text (README conventions)? */
static bool fact_matches(const fact *got, const char *want) {
    static const podsim_quantity zero = {0, 0, PODSIM_QUANTITY_DECIMAL_SI};
    switch (got->kind) {
    case FACT_TEXT: return strcmp(got->text, want) == 0;
    case FACT_ABSENT: return strcmp(want, "-") == 0;
    case FACT_QUANTITY:
        if (strcmp(want, "0") == 0) {
            return podsim_quantity_cmp(&got->quantity, &zero) == 0;
        }
        return strcmp(got->text, want) == 0;
    case FACT_NO_QUANTITY:
        return strcmp(want, "0") == 0 || strcmp(want, "-") == 0;
    case FACT_UNKNOWN_KEY:
    case FACT_ERROR: return false;
    }
    return false;
}

static const char *shown(const char *text) {
    return text[0] ? text : "\"\"";
}

static const char *fact_shown(const fact *got) {
    switch (got->kind) {
    case FACT_ABSENT: return "-";
    case FACT_NO_QUANTITY: return "- (absent quantity)";
    default: return shown(got->text);
    }
}

/* ===================================================================== */
/* Key rules                                                              */
/* ===================================================================== */

typedef enum field_type {
    FIELD_TEXT,     /* const char *; NULL is absent */
    FIELD_BOOL,     /* bool */
    FIELD_I32,      /* int32_t */
    FIELD_I64,      /* int64_t */
    FIELD_COUNT,    /* size_t */
    FIELD_OPT,      /* podsim_opt_i64 */
    FIELD_TIME,     /* int64_t ms; PODSIM_NO_TIME is absent */
    FIELD_LIST,     /* podsim_strings, comma-separated */
    FIELD_KV_COUNT, /* podsim_kvs: number of entries */
    FIELD_KV,       /* podsim_kvs, prefix key: the value of the rest */
    FIELD_RESOURCE, /* podsim_resources, prefix key: the rest is the name */
    FIELD_PRESENT,  /* const void *: 1 if not NULL */
    FIELD_HANDLER   /* the rule's handler computes the value */
} field_type;

struct key_rule;
/* `arg` is the rest of the key after a prefix rule ("" for exact rules). */
typedef void (*key_handler)(const void *obj, const struct key_rule *rule,
                            const char *arg, fact *out);

typedef struct key_rule {
    const char *key; /* the exact key, or a prefix when it ends in '.' */
    field_type type;
    size_t offset; /* of the field in the view struct */
    key_handler handler;
} key_rule;

typedef struct rule_table {
    const key_rule *rules;
    size_t count;
} rule_table;

#define FIELD(key, type, view, member) \
    { key, type, offsetof(view, member), NULL }
#define HANDLER(key, handler) \
    { key, FIELD_HANDLER, 0, handler }
#define HANDLER_AT(key, view, member, handler) \
    { key, FIELD_HANDLER, offsetof(view, member), handler }
#define TABLE(rules) \
    { rules, COUNT_OF(rules) }

static const void *field_at(const void *obj, const key_rule *rule) {
    return (const char *)obj + rule->offset;
}

static const key_rule *find_rule(const rule_table *table, const char *key,
                                 const char **arg) {
    for (size_t i = 0; i < table->count; i++) {
        const char *k = table->rules[i].key;
        size_t n = strlen(k);
        if (n > 0 && k[n - 1] == '.') {
            if (strncmp(key, k, n) == 0) {
                *arg = key + n;
                return &table->rules[i];
            }
        } else if (strcmp(key, k) == 0) {
            *arg = key + n;
            return &table->rules[i];
        }
    }
    return NULL;
}

static void apply_rule(const key_rule *rule, const void *obj, const char *arg,
                       fact *out) {
    const void *at = field_at(obj, rule);
    switch (rule->type) {
    case FIELD_TEXT: fact_text(out, *(const char *const *)at); break;
    case FIELD_BOOL: fact_bool(out, *(const bool *)at); break;
    case FIELD_I32: fact_int(out, *(const int32_t *)at); break;
    case FIELD_I64: fact_int(out, *(const int64_t *)at); break;
    case FIELD_COUNT: fact_count(out, *(const size_t *)at); break;
    case FIELD_OPT: fact_opt(out, *(const podsim_opt_i64 *)at); break;
    case FIELD_TIME: fact_time(out, *(const int64_t *)at); break;
    case FIELD_LIST: fact_list(out, (const podsim_strings *)at); break;
    case FIELD_KV_COUNT:
        fact_count(out, ((const podsim_kvs *)at)->count);
        break;
    case FIELD_KV:
        fact_text(out, kvs_lookup((const podsim_kvs *)at, arg));
        break;
    case FIELD_RESOURCE:
        fact_resource(out, (const podsim_resources *)at, arg);
        break;
    case FIELD_PRESENT: fact_bool(out, *(const void *const *)at != NULL); break;
    case FIELD_HANDLER: rule->handler(obj, rule, arg, out); break;
    }
}

/* Resolves `key` with a table; false if no rule of the table takes it. */
static bool resolve_with(const rule_table *table, const void *obj,
                         const char *key, fact *out) {
    const char *arg = "";
    const key_rule *rule = find_rule(table, key, &arg);
    if (!rule) return false;
    apply_rule(rule, obj, arg, out);
    return true;
}

/*
 * "<i>" or "<i>.<rest>" on a list: <rest> ("" for "<i>") is resolved by
 * `rules` on item i. The key is checked before the index, so an unknown key
 * is reported as such even where the list is short or absent.
 */
static void resolve_indexed(const char *arg, const void *items, size_t count,
                            size_t item_size, const rule_table *rules,
                            bool list_absent, fact *out) {
    if (!isdigit((unsigned char)arg[0])) {
        fact_unknown_key(out);
        return;
    }
    char *end = NULL;
    unsigned long i = strtoul(arg, &end, 10);
    const char *rest;
    if (*end == '\0') {
        rest = end;
    } else if (*end == '.' && end[1] != '\0') {
        rest = end + 1;
    } else {
        fact_unknown_key(out);
        return;
    }
    const char *sub = "";
    const key_rule *rule = find_rule(rules, rest, &sub);
    if (!rule) {
        fact_unknown_key(out);
    } else if (list_absent) {
        fact_absent(out);
    } else if (i >= count) {
        fact_error(out, "<no item %lu: the list has %zu>", i, count);
    } else {
        apply_rule(rule, (const char *)items + i * item_size, sub, out);
    }
}

/* ===================================================================== */
/* Keys for every object                                                  */
/* ===================================================================== */

static void meta_owner(const void *obj, const key_rule *rule, const char *arg,
                       fact *out) {
    const podsim_meta *m = obj;
    (void)rule;
    (void)arg;
    for (size_t i = 0; i < m->owner_reference_count; i++) {
        const podsim_owner_reference *r = &m->owner_references[i];
        if (r->controller) {
            fact_printf(out, "%s/%s", r->kind, r->name);
            return;
        }
    }
    fact_absent(out);
}

static const key_rule META_RULES[] = {
    FIELD("uid", FIELD_TEXT, podsim_meta, uid),
    FIELD("resource_version", FIELD_TEXT, podsim_meta, resource_version),
    FIELD("creation", FIELD_TIME, podsim_meta, creation_timestamp),
    FIELD("labels", FIELD_KV_COUNT, podsim_meta, labels),
    FIELD("annotations", FIELD_KV_COUNT, podsim_meta, annotations),
    FIELD("label.", FIELD_KV, podsim_meta, labels),
    FIELD("annotation.", FIELD_KV, podsim_meta, annotations),
    HANDLER("owner", meta_owner),
    FIELD("finalizers", FIELD_LIST, podsim_meta, finalizers),
};
static const rule_table META_TABLE = TABLE(META_RULES);

/* The keys of one kind: its own rules, then the meta rules. */
typedef struct kind_keys {
    rule_table own;
    size_t meta_offset;
} kind_keys;

static void resolve_object_key(const kind_keys *keys, const void *obj,
                               const char *key, fact *out) {
    if (resolve_with(&keys->own, obj, key, out)) return;
    if (resolve_with(&META_TABLE, (const char *)obj + keys->meta_offset, key,
                     out)) {
        return;
    }
    fact_unknown_key(out);
}

/* ---- shared handlers ---------------------------------------------------- */

/* condition.<Type> (status) or condition.<Type>.reason; types have no dots. */
static void condition_fact(const podsim_condition *conditions, size_t count,
                           const char *arg, fact *out) {
    const char *dot = strchr(arg, '.');
    size_t type_len = dot ? (size_t)(dot - arg) : strlen(arg);
    if (type_len == 0 || (dot && strcmp(dot, ".reason") != 0)) {
        fact_unknown_key(out);
        return;
    }
    for (size_t i = 0; i < count; i++) {
        const podsim_condition *c = &conditions[i];
        if (strlen(c->type) == type_len &&
            strncmp(c->type, arg, type_len) == 0) {
            fact_text(out, dot ? c->reason : c->status);
            return;
        }
    }
    fact_absent(out);
}

/* selector.<k> of a label selector pointer at the rule's offset. */
static void selector_label(const void *obj, const key_rule *rule,
                           const char *arg, fact *out) {
    const podsim_label_selector *sel =
        *(const podsim_label_selector *const *)field_at(obj, rule);
    fact_text(out, sel ? kvs_lookup(&sel->match_labels, arg) : NULL);
}

static void selector_expressions(const void *obj, const key_rule *rule,
                                 const char *arg, fact *out) {
    const podsim_label_selector *sel =
        *(const podsim_label_selector *const *)field_at(obj, rule);
    (void)arg;
    if (sel) {
        fact_count(out, sel->match_expression_count);
    } else {
        fact_absent(out);
    }
}

/* Term count of a node selector pointer at the rule's offset. */
static void node_selector_terms(const void *obj, const key_rule *rule,
                                const char *arg, fact *out) {
    const podsim_node_selector *ns =
        *(const podsim_node_selector *const *)field_at(obj, rule);
    (void)arg;
    if (ns) {
        fact_count(out, ns->term_count);
    } else {
        fact_absent(out);
    }
}

static void preemption_policy(const void *obj, const key_rule *rule,
                              const char *arg, fact *out) {
    (void)arg;
    fact_enum(out, PODSIM_ENUM_PREEMPTION_POLICY,
              (int)*(const podsim_preemption_policy *)field_at(obj, rule),
              false);
}

/* Access modes in the order RWO,ROX,RWX,RWOP. */
static void access_modes(const void *obj, const key_rule *rule, const char *arg,
                         fact *out) {
    static const struct {
        unsigned bit;
        const char *name;
    } modes[] = {{PODSIM_ACCESS_RWO, "RWO"},
                 {PODSIM_ACCESS_ROX, "ROX"},
                 {PODSIM_ACCESS_RWX, "RWX"},
                 {PODSIM_ACCESS_RWOP, "RWOP"}};
    unsigned bits = *(const unsigned *)field_at(obj, rule);
    char text[32] = "";
    (void)arg;
    for (size_t i = 0; i < COUNT_OF(modes); i++) {
        if (bits & modes[i].bit) {
            if (text[0]) strcat(text, ",");
            strcat(text, modes[i].name);
        }
    }
    fact_text(out, text);
}

/* ===================================================================== */
/* Containers                                                             */
/* ===================================================================== */

static void container_kind(const void *obj, const key_rule *rule,
                           const char *arg, fact *out) {
    (void)rule;
    (void)arg;
    fact_enum(out, PODSIM_ENUM_CONTAINER_KIND,
              (int)((const podsim_container *)obj)->kind, false);
}

static void container_pull(const void *obj, const key_rule *rule,
                           const char *arg, fact *out) {
    (void)rule;
    (void)arg;
    fact_enum(out, PODSIM_ENUM_PULL_POLICY,
              (int)((const podsim_container *)obj)->image_pull_policy, false);
}

/* <handler>/<initialDelay>/<timeout>/<period>/<success>/<failure>. */
static void container_probe(const void *obj, const key_rule *rule,
                            const char *arg, fact *out) {
    const podsim_probe *p = *(const podsim_probe *const *)field_at(obj, rule);
    (void)arg;
    if (!p) {
        fact_absent(out);
        return;
    }
    const char *handler =
        podsim_enum_name(PODSIM_ENUM_HANDLER, (int)p->handler);
    fact_printf(out, "%s/%d/%d/%d/%d/%d", handler ? handler : "?",
                (int)p->initial_delay_seconds, (int)p->timeout_seconds,
                (int)p->period_seconds, (int)p->success_threshold,
                (int)p->failure_threshold);
}

static void container_hook(const void *obj, const key_rule *rule,
                           const char *arg, fact *out) {
    (void)arg;
    fact_enum(out, PODSIM_ENUM_HANDLER,
              (int)*(const podsim_handler_type *)field_at(obj, rule), true);
}

/* <containerPort>:<hostPort>/<protocol>. */
static void port_notation(const void *obj, const key_rule *rule,
                          const char *arg, fact *out) {
    const podsim_container_port *p = obj;
    const char *protocol =
        podsim_enum_name(PODSIM_ENUM_PROTOCOL, (int)p->protocol);
    (void)rule;
    (void)arg;
    fact_printf(out, "%d:%d/%s", (int)p->container_port, (int)p->host_port,
                protocol ? protocol : "?");
}

static const key_rule PORT_RULES[] = {HANDLER("", port_notation)};
static const rule_table PORT_TABLE = TABLE(PORT_RULES);

/* configmap/<name>/<key> or secret/<name>/<key>. */
static void env_ref_notation(const void *obj, const key_rule *rule,
                             const char *arg, fact *out) {
    const podsim_object_ref *r = obj;
    const char *kind = podsim_enum_name(PODSIM_ENUM_REF_KIND, (int)r->kind);
    char lower[32] = "";
    (void)rule;
    (void)arg;
    for (size_t i = 0; kind && kind[i] && i + 1 < sizeof lower; i++) {
        lower[i] = (char)tolower((unsigned char)kind[i]);
    }
    fact_printf(out, "%s/%s/%s", lower, r->name, r->key);
}

static const key_rule ENV_REF_RULES[] = {HANDLER("", env_ref_notation)};
static const rule_table ENV_REF_TABLE = TABLE(ENV_REF_RULES);

static void container_port(const void *obj, const key_rule *rule,
                           const char *arg, fact *out) {
    const podsim_container *c = obj;
    (void)rule;
    resolve_indexed(arg, c->ports, c->port_count, sizeof *c->ports, &PORT_TABLE,
                    false, out);
}

static void container_env_ref(const void *obj, const key_rule *rule,
                              const char *arg, fact *out) {
    const podsim_container *c = obj;
    (void)rule;
    resolve_indexed(arg, c->env_refs, c->env_ref_count, sizeof *c->env_refs,
                    &ENV_REF_TABLE, false, out);
}

static const key_rule CONTAINER_RULES[] = {
    FIELD("name", FIELD_TEXT, podsim_container, name),
    FIELD("image", FIELD_TEXT, podsim_container, image),
    HANDLER("kind", container_kind),
    HANDLER("pull", container_pull),
    FIELD("requests.", FIELD_RESOURCE, podsim_container, requests),
    FIELD("limits.", FIELD_RESOURCE, podsim_container, limits),
    FIELD("ports", FIELD_COUNT, podsim_container, port_count),
    HANDLER("port.", container_port),
    HANDLER_AT("startup", podsim_container, startup_probe, container_probe),
    HANDLER_AT("liveness", podsim_container, liveness_probe, container_probe),
    HANDLER_AT("readiness", podsim_container, readiness_probe, container_probe),
    HANDLER_AT("post_start", podsim_container, post_start, container_hook),
    HANDLER_AT("pre_stop", podsim_container, pre_stop, container_hook),
    FIELD("env_refs", FIELD_COUNT, podsim_container, env_ref_count),
    HANDLER("env_ref.", container_env_ref),
};
static const rule_table CONTAINER_TABLE = TABLE(CONTAINER_RULES);

/* ===================================================================== */
/* Pods                                                                   */
/* ===================================================================== */

/* ---- tolerations and topology spread ------------------------------------ */

/* key,operator,value,effect,seconds with empty fields kept. */
static void toleration_notation(const void *obj, const key_rule *rule,
                                const char *arg, fact *out) {
    const podsim_toleration *t = obj;
    const char *op = podsim_enum_name(PODSIM_ENUM_TOLERATION_OP, (int)t->op);
    char seconds[32] = "";
    (void)rule;
    (void)arg;
    if (t->toleration_seconds.set) {
        snprintf(seconds, sizeof seconds, "%lld",
                 (long long)t->toleration_seconds.value);
    }
    fact_printf(out, "%s,%s,%s,%s,%s", t->key, op ? op : "?", t->value,
                podsim_taint_effect_name(t->effect), seconds);
}

static const key_rule TOLERATION_RULES[] = {HANDLER("", toleration_notation)};
static const rule_table TOLERATION_TABLE = TABLE(TOLERATION_RULES);

static void spread_when(const void *obj, const key_rule *rule, const char *arg,
                        fact *out) {
    (void)rule;
    (void)arg;
    fact_enum(out, PODSIM_ENUM_UNSATISFIABLE,
              (int)((const podsim_topology_spread_constraint *)obj)
                  ->when_unsatisfiable,
              false);
}

/* Honor, Ignore, or "-" when unset. */
static void spread_policy(const void *obj, const key_rule *rule,
                          const char *arg, fact *out) {
    (void)arg;
    fact_enum(out, PODSIM_ENUM_INCLUSION_POLICY,
              (int)*(const podsim_inclusion_policy *)field_at(obj, rule), true);
}

static const key_rule SPREAD_RULES[] = {
    FIELD("max_skew", FIELD_I32, podsim_topology_spread_constraint, max_skew),
    FIELD("topology_key", FIELD_TEXT, podsim_topology_spread_constraint,
          topology_key),
    HANDLER("when", spread_when),
    FIELD("min_domains", FIELD_OPT, podsim_topology_spread_constraint,
          min_domains),
    HANDLER_AT("node_affinity_policy", podsim_topology_spread_constraint,
               node_affinity_policy, spread_policy),
    HANDLER_AT("node_taints_policy", podsim_topology_spread_constraint,
               node_taints_policy, spread_policy),
    FIELD("match_label_keys", FIELD_LIST, podsim_topology_spread_constraint,
          match_label_keys),
    FIELD("label_selector", FIELD_PRESENT, podsim_topology_spread_constraint,
          label_selector),
};
static const rule_table SPREAD_TABLE = TABLE(SPREAD_RULES);

/* ---- affinity ------------------------------------------------------------ */

static const key_rule AFFINITY_TERM_RULES[] = {
    FIELD("topology_key", FIELD_TEXT, podsim_pod_affinity_term, topology_key),
    FIELD("label_selector", FIELD_PRESENT, podsim_pod_affinity_term,
          label_selector),
    FIELD("namespace_selector", FIELD_PRESENT, podsim_pod_affinity_term,
          namespace_selector),
};
static const rule_table AFFINITY_TERM_TABLE = TABLE(AFFINITY_TERM_RULES);

static const key_rule WEIGHTED_TERM_RULES[] = {
    FIELD("weight", FIELD_I32, podsim_weighted_pod_affinity_term, weight),
    FIELD("topology_key", FIELD_TEXT, podsim_weighted_pod_affinity_term,
          term.topology_key),
    FIELD("label_selector", FIELD_PRESENT, podsim_weighted_pod_affinity_term,
          term.label_selector),
    FIELD("namespace_selector", FIELD_PRESENT,
          podsim_weighted_pod_affinity_term, term.namespace_selector),
};
static const rule_table WEIGHTED_TERM_TABLE = TABLE(WEIGHTED_TERM_RULES);

/* node_affinity.required (terms) and node_affinity.preferred (count). */
static void pod_node_affinity(const void *obj, const key_rule *rule,
                              const char *arg, fact *out) {
    const podsim_affinity *a = ((const podsim_pod *)obj)->spec.affinity;
    const podsim_node_affinity *na = a ? a->node_affinity : NULL;
    (void)rule;
    if (strcmp(arg, "required") == 0) {
        if (na && na->required) {
            fact_count(out, na->required->term_count);
        } else {
            fact_absent(out);
        }
    } else if (strcmp(arg, "preferred") == 0) {
        if (na) {
            fact_count(out, na->preferred_count);
        } else {
            fact_absent(out);
        }
    } else {
        fact_unknown_key(out);
    }
}

/* <required|preferred>[.<i>.<field>] of a pod (anti-)affinity block. */
static void pod_affinity_block(const podsim_pod_affinity *block,
                               const char *arg, fact *out) {
    bool required = strncmp(arg, "required", 8) == 0;
    bool preferred = strncmp(arg, "preferred", 9) == 0;
    const char *rest = arg + (required ? 8 : preferred ? 9 : 0);
    if (!(required || preferred) || (*rest != '\0' && *rest != '.')) {
        fact_unknown_key(out);
    } else if (*rest == '\0') {
        if (block) {
            fact_count(
                out, required ? block->required_count : block->preferred_count);
        } else {
            fact_absent(out);
        }
    } else if (required) {
        resolve_indexed(rest + 1, block ? block->required : NULL,
                        block ? block->required_count : 0,
                        sizeof *block->required, &AFFINITY_TERM_TABLE, !block,
                        out);
    } else {
        resolve_indexed(rest + 1, block ? block->preferred : NULL,
                        block ? block->preferred_count : 0,
                        sizeof *block->preferred, &WEIGHTED_TERM_TABLE, !block,
                        out);
    }
}

static void pod_pod_affinity(const void *obj, const key_rule *rule,
                             const char *arg, fact *out) {
    const podsim_affinity *a = ((const podsim_pod *)obj)->spec.affinity;
    (void)rule;
    pod_affinity_block(a ? a->pod_affinity : NULL, arg, out);
}

static void pod_pod_anti_affinity(const void *obj, const key_rule *rule,
                                  const char *arg, fact *out) {
    const podsim_affinity *a = ((const podsim_pod *)obj)->spec.affinity;
    (void)rule;
    pod_affinity_block(a ? a->pod_anti_affinity : NULL, arg, out);
}

/* ---- container statuses ------------------------------------------------- */

/* running, waiting:<reason>, terminated:<reason>:<exitCode> or none. */
static void state_notation(const podsim_container_state *s, fact *out) {
    switch (s->kind) {
    case PODSIM_STATE_NONE: fact_text(out, "none"); return;
    case PODSIM_STATE_RUNNING: fact_text(out, "running"); return;
    case PODSIM_STATE_WAITING:
        fact_printf(out, "waiting:%s", s->reason);
        return;
    case PODSIM_STATE_TERMINATED:
        fact_printf(out, "terminated:%s:%d", s->reason, (int)s->exit_code);
        return;
    }
    fact_error(out, "<state kind %d out of range>", (int)s->kind);
}

static void cstatus_state(const void *obj, const key_rule *rule,
                          const char *arg, fact *out) {
    (void)rule;
    (void)arg;
    state_notation(&((const podsim_container_status *)obj)->state, out);
}

static void cstatus_last(const void *obj, const key_rule *rule, const char *arg,
                         fact *out) {
    (void)rule;
    (void)arg;
    state_notation(&((const podsim_container_status *)obj)->last_state, out);
}

static void cstatus_started(const void *obj, const key_rule *rule,
                            const char *arg, fact *out) {
    podsim_opt_i64 started = ((const podsim_container_status *)obj)->started;
    (void)rule;
    (void)arg;
    if (started.set) {
        fact_bool(out, started.value != 0);
    } else {
        fact_absent(out);
    }
}

static const key_rule CSTATUS_RULES[] = {
    HANDLER("state", cstatus_state),
    HANDLER("last", cstatus_last),
    FIELD("restarts", FIELD_I32, podsim_container_status, restart_count),
    FIELD("ready", FIELD_BOOL, podsim_container_status, ready),
    HANDLER("started", cstatus_started),
};
static const rule_table CSTATUS_TABLE = TABLE(CSTATUS_RULES);

/* The status of container `name` (init statuses first, then regular). */
static const podsim_container_status *find_container_status(
    const podsim_pod_status *s, const char *name, size_t name_len) {
    for (int list = 0; list < 2; list++) {
        const podsim_container_status *items =
            list == 0 ? s->init_container_statuses : s->container_statuses;
        size_t count = list == 0 ? s->init_container_status_count
                                 : s->container_status_count;
        for (size_t i = 0; i < count; i++) {
            if (strlen(items[i].name) == name_len &&
                strncmp(items[i].name, name, name_len) == 0) {
                return &items[i];
            }
        }
    }
    return NULL;
}

/* cstatus.<name>.<field>: the field is after the last '.'. */
static void pod_cstatus(const void *obj, const key_rule *rule, const char *arg,
                        fact *out) {
    const podsim_pod *p = obj;
    const char *dot = strrchr(arg, '.');
    const char *sub = "";
    (void)rule;
    if (!dot || dot == arg) {
        fact_unknown_key(out);
        return;
    }
    const key_rule *field = find_rule(&CSTATUS_TABLE, dot + 1, &sub);
    if (!field) {
        fact_unknown_key(out);
        return;
    }
    const podsim_container_status *cs =
        find_container_status(&p->status, arg, (size_t)(dot - arg));
    if (!cs) {
        fact_error(out, "<no container status \"%.*s\">", (int)(dot - arg),
                   arg);
        return;
    }
    apply_rule(field, cs, sub, out);
}

/* ---- other pod keys ------------------------------------------------------ */

static void pod_bound(const void *obj, const key_rule *rule, const char *arg,
                      fact *out) {
    (void)rule;
    (void)arg;
    fact_bool(out, ((const podsim_pod *)obj)->node != PODSIM_NO_ID);
}

static void pod_phase(const void *obj, const key_rule *rule, const char *arg,
                      fact *out) {
    const podsim_pod_status *s = &((const podsim_pod *)obj)->status;
    (void)rule;
    (void)arg;
    if (s->has_phase) {
        fact_text(out, podsim_phase_name(s->phase));
    } else {
        fact_absent(out);
    }
}

static void pod_restart_policy(const void *obj, const key_rule *rule,
                               const char *arg, fact *out) {
    (void)rule;
    (void)arg;
    fact_enum(out, PODSIM_ENUM_RESTART_POLICY,
              (int)((const podsim_pod *)obj)->spec.restart_policy, false);
}

static void pod_sidecars(const void *obj, const key_rule *rule, const char *arg,
                         fact *out) {
    const podsim_pod_spec *spec = &((const podsim_pod *)obj)->spec;
    size_t n = 0;
    (void)rule;
    (void)arg;
    for (size_t i = 0; i < spec->init_container_count; i++) {
        if (spec->init_containers[i].kind == PODSIM_CONTAINER_SIDECAR) n++;
    }
    fact_count(out, n);
}

static void pod_toleration(const void *obj, const key_rule *rule,
                           const char *arg, fact *out) {
    const podsim_pod_spec *spec = &((const podsim_pod *)obj)->spec;
    (void)rule;
    resolve_indexed(arg, spec->tolerations, spec->toleration_count,
                    sizeof *spec->tolerations, &TOLERATION_TABLE, false, out);
}

static void pod_container(const void *obj, const key_rule *rule,
                          const char *arg, fact *out) {
    const podsim_pod_spec *spec = &((const podsim_pod *)obj)->spec;
    (void)rule;
    resolve_indexed(arg, spec->containers, spec->container_count,
                    sizeof *spec->containers, &CONTAINER_TABLE, false, out);
}

static void pod_init_container(const void *obj, const key_rule *rule,
                               const char *arg, fact *out) {
    const podsim_pod_spec *spec = &((const podsim_pod *)obj)->spec;
    (void)rule;
    resolve_indexed(arg, spec->init_containers, spec->init_container_count,
                    sizeof *spec->init_containers, &CONTAINER_TABLE, false,
                    out);
}

static void pod_spread(const void *obj, const key_rule *rule, const char *arg,
                       fact *out) {
    const podsim_pod_spec *spec = &((const podsim_pod *)obj)->spec;
    (void)rule;
    resolve_indexed(arg, spec->topology_spread_constraints,
                    spec->topology_spread_constraint_count,
                    sizeof *spec->topology_spread_constraints, &SPREAD_TABLE,
                    false, out);
}

/* The volume types of README, indexed by podsim_volume_type. */
static const char *const VOLUME_TYPE_NAMES[] = {
    [PODSIM_VOLUME_OTHER] = "other",
    [PODSIM_VOLUME_PVC] = "pvc",
    [PODSIM_VOLUME_CONFIGMAP] = "configmap",
    [PODSIM_VOLUME_SECRET] = "secret",
    [PODSIM_VOLUME_EMPTY_DIR] = "emptydir",
    [PODSIM_VOLUME_HOST_PATH] = "hostpath",
    [PODSIM_VOLUME_PROJECTED] = "projected",
    [PODSIM_VOLUME_DOWNWARD_API] = "downwardapi",
    [PODSIM_VOLUME_EPHEMERAL] = "ephemeral",
};

/* volume.<name>: <type>:<source>, "-" when no volume has that name. */
static void pod_volume(const void *obj, const key_rule *rule, const char *arg,
                       fact *out) {
    const podsim_pod_spec *spec = &((const podsim_pod *)obj)->spec;
    (void)rule;
    for (size_t i = 0; i < spec->volume_count; i++) {
        const podsim_volume *v = &spec->volumes[i];
        if (strcmp(v->name, arg) != 0) continue;
        if ((size_t)v->type >= COUNT_OF(VOLUME_TYPE_NAMES)) {
            fact_error(out, "<volume type %d out of range>", (int)v->type);
        } else {
            fact_printf(out, "%s:%s", VOLUME_TYPE_NAMES[v->type], v->source);
        }
        return;
    }
    fact_absent(out);
}

static void pod_condition(const void *obj, const key_rule *rule,
                          const char *arg, fact *out) {
    const podsim_pod_status *s = &((const podsim_pod *)obj)->status;
    (void)rule;
    condition_fact(s->conditions, s->condition_count, arg, out);
}

static const key_rule POD_RULES[] = {
    FIELD("node", FIELD_TEXT, podsim_pod, spec.node_name),
    HANDLER("bound", pod_bound),
    HANDLER("phase", pod_phase),
    FIELD("priority", FIELD_OPT, podsim_pod, spec.priority),
    FIELD("priority_class", FIELD_TEXT, podsim_pod, spec.priority_class_name),
    HANDLER_AT("preemption", podsim_pod, spec.preemption_policy,
               preemption_policy),
    FIELD("scheduler", FIELD_TEXT, podsim_pod, spec.scheduler_name),
    HANDLER("restart_policy", pod_restart_policy),
    FIELD("termination_grace", FIELD_I64, podsim_pod,
          spec.termination_grace_period_seconds),
    FIELD("active_deadline", FIELD_OPT, podsim_pod,
          spec.active_deadline_seconds),
    FIELD("service_account", FIELD_TEXT, podsim_pod, spec.service_account_name),
    FIELD("host_network", FIELD_BOOL, podsim_pod, spec.host_network),
    FIELD("runtime_class", FIELD_TEXT, podsim_pod, spec.runtime_class_name),
    FIELD("qos", FIELD_TEXT, podsim_pod, status.qos_class),
    FIELD("pod_ip", FIELD_TEXT, podsim_pod, status.pod_ip),
    FIELD("host_ip", FIELD_TEXT, podsim_pod, status.host_ip),
    FIELD("nominated_node", FIELD_TEXT, podsim_pod, status.nominated_node_name),
    FIELD("start_time", FIELD_TIME, podsim_pod, status.start_time),
    FIELD("requests.", FIELD_RESOURCE, podsim_pod, requests),
    FIELD("overhead.", FIELD_RESOURCE, podsim_pod, spec.overhead),
    FIELD("tolerations", FIELD_COUNT, podsim_pod, spec.toleration_count),
    HANDLER("toleration.", pod_toleration),
    FIELD("node_selector.", FIELD_KV, podsim_pod, spec.node_selector),
    FIELD("containers", FIELD_COUNT, podsim_pod, spec.container_count),
    FIELD("init_containers", FIELD_COUNT, podsim_pod,
          spec.init_container_count),
    HANDLER("sidecars", pod_sidecars),
    HANDLER("container.", pod_container),
    HANDLER("init.", pod_init_container),
    FIELD("volumes", FIELD_COUNT, podsim_pod, spec.volume_count),
    HANDLER("volume.", pod_volume),
    FIELD("scheduling_gates", FIELD_LIST, podsim_pod, spec.scheduling_gates),
    FIELD("spread", FIELD_COUNT, podsim_pod,
          spec.topology_spread_constraint_count),
    HANDLER("spread.", pod_spread),
    HANDLER("node_affinity.", pod_node_affinity),
    HANDLER("pod_affinity.", pod_pod_affinity),
    HANDLER("pod_anti_affinity.", pod_pod_anti_affinity),
    FIELD("conditions", FIELD_COUNT, podsim_pod, status.condition_count),
    HANDLER("condition.", pod_condition),
    HANDLER("cstatus.", pod_cstatus),
};
static const kind_keys POD_KEYS = {TABLE(POD_RULES),
                                   offsetof(podsim_pod, meta)};

/* ===================================================================== */
/* Nodes                                                                  */
/* ===================================================================== */

/* <key>[=<value>]:<Effect>, kubectl taint notation. */
static void taint_notation(const void *obj, const key_rule *rule,
                           const char *arg, fact *out) {
    const podsim_taint *t = obj;
    (void)rule;
    (void)arg;
    fact_printf(out, "%s%s%s:%s", t->key, t->value[0] ? "=" : "", t->value,
                podsim_taint_effect_name(t->effect));
}

static const key_rule TAINT_RULES[] = {
    HANDLER("", taint_notation),
    FIELD("time_added", FIELD_TIME, podsim_taint, time_added),
};
static const rule_table TAINT_TABLE = TABLE(TAINT_RULES);

static void node_taint(const void *obj, const key_rule *rule, const char *arg,
                       fact *out) {
    const podsim_node *n = obj;
    (void)rule;
    resolve_indexed(arg, n->taints, n->taint_count, sizeof *n->taints,
                    &TAINT_TABLE, false, out);
}

static void node_condition(const void *obj, const key_rule *rule,
                           const char *arg, fact *out) {
    const podsim_node *n = obj;
    (void)rule;
    condition_fact(n->conditions, n->condition_count, arg, out);
}

/* address.<Type>: the address of that type, "-" if none. */
static void node_address(const void *obj, const key_rule *rule, const char *arg,
                         fact *out) {
    const podsim_node *n = obj;
    (void)rule;
    for (size_t i = 0; i < n->address_count; i++) {
        if (strcmp(n->addresses[i].type, arg) == 0) {
            fact_text(out, n->addresses[i].address);
            return;
        }
    }
    fact_absent(out);
}

static const key_rule NODE_RULES[] = {
    FIELD("zone", FIELD_TEXT, podsim_node, zone),
    FIELD("region", FIELD_TEXT, podsim_node, region),
    FIELD("hostname", FIELD_TEXT, podsim_node, hostname),
    FIELD("provider_id", FIELD_TEXT, podsim_node, provider_id),
    FIELD("pod_cidr", FIELD_TEXT, podsim_node, pod_cidr),
    FIELD("unschedulable", FIELD_BOOL, podsim_node, unschedulable),
    FIELD("taints", FIELD_COUNT, podsim_node, taint_count),
    HANDLER("taint.", node_taint),
    FIELD("capacity.", FIELD_RESOURCE, podsim_node, capacity),
    FIELD("allocatable.", FIELD_RESOURCE, podsim_node, allocatable),
    FIELD("requested.", FIELD_RESOURCE, podsim_node, requested),
    FIELD("pods", FIELD_I32, podsim_node, pod_count),
    FIELD("conditions", FIELD_COUNT, podsim_node, condition_count),
    HANDLER("condition.", node_condition),
    FIELD("addresses", FIELD_COUNT, podsim_node, address_count),
    HANDLER("address.", node_address),
    FIELD("images", FIELD_COUNT, podsim_node, image_count),
    FIELD("kubelet_version", FIELD_TEXT, podsim_node,
          node_info.kubelet_version),
    FIELD("kernel_version", FIELD_TEXT, podsim_node, node_info.kernel_version),
    FIELD("container_runtime", FIELD_TEXT, podsim_node,
          node_info.container_runtime_version),
    FIELD("architecture", FIELD_TEXT, podsim_node, node_info.architecture),
};
static const kind_keys NODE_KEYS = {TABLE(NODE_RULES),
                                    offsetof(podsim_node, meta)};

/* ===================================================================== */
/* Workloads                                                              */
/* ===================================================================== */

/* template.<pod key>, evaluated on template_pod. */
static void workload_template(const void *obj, const key_rule *rule,
                              const char *arg, fact *out) {
    const podsim_pod *t = ((const podsim_workload *)obj)->template_pod;
    (void)rule;
    if (!t) {
        fact_error(out, "<no template_pod>");
        return;
    }
    resolve_object_key(&POD_KEYS, t, arg, out);
}

static const key_rule WORKLOAD_RULES[] = {
    FIELD("replicas", FIELD_OPT, podsim_workload, replicas),
    FIELD("min_ready_seconds", FIELD_OPT, podsim_workload, min_ready_seconds),
    FIELD("partition", FIELD_OPT, podsim_workload, partition),
    FIELD("parallelism", FIELD_OPT, podsim_workload, parallelism),
    FIELD("completions", FIELD_OPT, podsim_workload, completions),
    FIELD("backoff_limit", FIELD_OPT, podsim_workload, backoff_limit),
    FIELD("active_deadline_seconds", FIELD_OPT, podsim_workload,
          active_deadline_seconds),
    FIELD("strategy", FIELD_TEXT, podsim_workload, strategy_type),
    FIELD("pod_management_policy", FIELD_TEXT, podsim_workload,
          pod_management_policy),
    FIELD("service_name", FIELD_TEXT, podsim_workload, service_name),
    FIELD("completion_mode", FIELD_TEXT, podsim_workload, completion_mode),
    FIELD("pod_replacement_policy", FIELD_TEXT, podsim_workload,
          pod_replacement_policy),
    FIELD("max_surge", FIELD_TEXT, podsim_workload, max_surge),
    FIELD("max_unavailable", FIELD_TEXT, podsim_workload, max_unavailable),
    FIELD("volume_claim_templates", FIELD_LIST, podsim_workload,
          volume_claim_templates),
    FIELD("pod_failure_policy", FIELD_BOOL, podsim_workload,
          has_pod_failure_policy),
    HANDLER_AT("selector.", podsim_workload, selector, selector_label),
    HANDLER_AT("selector_expressions", podsim_workload, selector,
               selector_expressions),
    FIELD("status.replicas", FIELD_I32, podsim_workload, status_replicas),
    FIELD("status.ready_replicas", FIELD_I32, podsim_workload,
          status_ready_replicas),
    FIELD("status.available_replicas", FIELD_I32, podsim_workload,
          status_available_replicas),
    FIELD("status.updated_replicas", FIELD_I32, podsim_workload,
          status_updated_replicas),
    HANDLER("template.", workload_template),
};
static const kind_keys WORKLOAD_KEYS = {TABLE(WORKLOAD_RULES),
                                        offsetof(podsim_workload, meta)};

/* ===================================================================== */
/* Other kinds                                                            */
/* ===================================================================== */

static const key_rule PRIORITY_CLASS_RULES[] = {
    FIELD("value", FIELD_I32, podsim_priority_class, value),
    FIELD("global_default", FIELD_BOOL, podsim_priority_class, global_default),
    HANDLER_AT("preemption", podsim_priority_class, preemption_policy,
               preemption_policy),
};
static const kind_keys PRIORITY_CLASS_KEYS = {
    TABLE(PRIORITY_CLASS_RULES), offsetof(podsim_priority_class, meta)};

static const key_rule PDB_RULES[] = {
    FIELD("min_available", FIELD_TEXT, podsim_pdb, min_available),
    FIELD("max_unavailable", FIELD_TEXT, podsim_pdb, max_unavailable),
    HANDLER_AT("selector.", podsim_pdb, selector, selector_label),
    HANDLER_AT("selector_expressions", podsim_pdb, selector,
               selector_expressions),
    FIELD("unhealthy_pod_eviction_policy", FIELD_TEXT, podsim_pdb,
          unhealthy_pod_eviction_policy),
    FIELD("status.current_healthy", FIELD_I32, podsim_pdb,
          status_current_healthy),
    FIELD("status.desired_healthy", FIELD_I32, podsim_pdb,
          status_desired_healthy),
    FIELD("status.disruptions_allowed", FIELD_I32, podsim_pdb,
          status_disruptions_allowed),
    FIELD("status.expected_pods", FIELD_I32, podsim_pdb, status_expected_pods),
};
static const kind_keys PDB_KEYS = {TABLE(PDB_RULES),
                                   offsetof(podsim_pdb, meta)};

static void pvc_request(const void *obj, const key_rule *rule, const char *arg,
                        fact *out) {
    const podsim_pvc *pvc = obj;
    (void)rule;
    (void)arg;
    if (pvc->has_storage_request) {
        fact_quantity(out, &pvc->storage_request);
    } else {
        fact_no_quantity(out);
    }
}

static const key_rule PVC_RULES[] = {
    FIELD("storage_class", FIELD_TEXT, podsim_pvc, storage_class_name),
    HANDLER_AT("access", podsim_pvc, access_modes, access_modes),
    FIELD("volume_name", FIELD_TEXT, podsim_pvc, volume_name),
    FIELD("volume_mode", FIELD_TEXT, podsim_pvc, volume_mode),
    HANDLER("request", pvc_request),
    FIELD("phase", FIELD_TEXT, podsim_pvc, phase),
};
static const kind_keys PVC_KEYS = {TABLE(PVC_RULES),
                                   offsetof(podsim_pvc, meta)};

static void pv_capacity(const void *obj, const key_rule *rule, const char *arg,
                        fact *out) {
    const podsim_pv *pv = obj;
    (void)rule;
    (void)arg;
    if (pv->has_capacity) {
        fact_quantity(out, &pv->capacity);
    } else {
        fact_no_quantity(out);
    }
}

/* ns/name, "" when unclaimed. */
static void pv_claim(const void *obj, const key_rule *rule, const char *arg,
                     fact *out) {
    const podsim_pv *pv = obj;
    (void)rule;
    (void)arg;
    if (pv->claim_name && pv->claim_name[0]) {
        fact_printf(out, "%s/%s",
                    pv->claim_namespace ? pv->claim_namespace : "",
                    pv->claim_name);
    } else {
        fact_text(out, "");
    }
}

static const key_rule PV_RULES[] = {
    HANDLER("capacity", pv_capacity),
    HANDLER_AT("access", podsim_pv, access_modes, access_modes),
    FIELD("storage_class", FIELD_TEXT, podsim_pv, storage_class_name),
    HANDLER("claim", pv_claim),
    FIELD("reclaim", FIELD_TEXT, podsim_pv, reclaim_policy),
    FIELD("source", FIELD_TEXT, podsim_pv, source_type),
    FIELD("csi_driver", FIELD_TEXT, podsim_pv, csi_driver),
    HANDLER_AT("node_affinity", podsim_pv, node_affinity, node_selector_terms),
    FIELD("phase", FIELD_TEXT, podsim_pv, phase),
};
static const kind_keys PV_KEYS = {TABLE(PV_RULES), offsetof(podsim_pv, meta)};

static const key_rule STORAGE_CLASS_RULES[] = {
    FIELD("provisioner", FIELD_TEXT, podsim_storage_class, provisioner),
    FIELD("binding", FIELD_TEXT, podsim_storage_class, volume_binding_mode),
    FIELD("reclaim", FIELD_TEXT, podsim_storage_class, reclaim_policy),
    FIELD("expansion", FIELD_BOOL, podsim_storage_class,
          allow_volume_expansion),
    FIELD("default", FIELD_BOOL, podsim_storage_class, is_default),
    HANDLER_AT("allowed_topologies", podsim_storage_class, allowed_topologies,
               node_selector_terms),
};
static const kind_keys STORAGE_CLASS_KEYS = {
    TABLE(STORAGE_CLASS_RULES), offsetof(podsim_storage_class, meta)};

static const key_rule CONFIG_RULES[] = {
    FIELD("type", FIELD_TEXT, podsim_config, type),
    FIELD("keys", FIELD_LIST, podsim_config, keys),
    FIELD("immutable", FIELD_BOOL, podsim_config, immutable),
};
static const kind_keys CONFIG_KEYS = {TABLE(CONFIG_RULES),
                                      offsetof(podsim_config, meta)};

static const key_rule NAMESPACE_RULES[] = {
    FIELD("phase", FIELD_TEXT, podsim_namespace, phase),
};
static const kind_keys NAMESPACE_KEYS = {TABLE(NAMESPACE_RULES),
                                         offsetof(podsim_namespace, meta)};

static void service_selector(const void *obj, const key_rule *rule,
                             const char *arg, fact *out) {
    const podsim_service *s = obj;
    (void)rule;
    fact_text(out, s->has_selector ? kvs_lookup(&s->selector, arg) : NULL);
}

static const key_rule SERVICE_RULES[] = {
    FIELD("type", FIELD_TEXT, podsim_service, type),
    FIELD("has_selector", FIELD_BOOL, podsim_service, has_selector),
    HANDLER("selector.", service_selector),
    FIELD("cluster_ip", FIELD_TEXT, podsim_service, cluster_ip),
};
static const kind_keys SERVICE_KEYS = {TABLE(SERVICE_RULES),
                                       offsetof(podsim_service, meta)};

/* Kind/namespace/name, or Kind/name when the object has no namespace. */
static void event_involved(const void *obj, const key_rule *rule,
                           const char *arg, fact *out) {
    const podsim_event *e = obj;
    (void)rule;
    (void)arg;
    if (e->involved_namespace && e->involved_namespace[0]) {
        fact_printf(out, "%s/%s/%s", e->involved_kind, e->involved_namespace,
                    e->involved_name);
    } else {
        fact_printf(out, "%s/%s", e->involved_kind, e->involved_name);
    }
}

static const key_rule EVENT_RULES[] = {
    HANDLER("involved", event_involved),
    FIELD("reason", FIELD_TEXT, podsim_event, reason),
    FIELD("type", FIELD_TEXT, podsim_event, type),
    FIELD("count", FIELD_I32, podsim_event, count),
    FIELD("first", FIELD_TIME, podsim_event, first_timestamp),
    FIELD("last", FIELD_TIME, podsim_event, last_timestamp),
    FIELD("event_time", FIELD_TIME, podsim_event, event_time),
    FIELD("source_component", FIELD_TEXT, podsim_event, source_component),
    FIELD("source_host", FIELD_TEXT, podsim_event, source_host),
    FIELD("reporting_controller", FIELD_TEXT, podsim_event,
          reporting_controller),
    FIELD("reporting_instance", FIELD_TEXT, podsim_event, reporting_instance),
    FIELD("action", FIELD_TEXT, podsim_event, action),
    FIELD("field_path", FIELD_TEXT, podsim_event, involved_field_path),
};
static const kind_keys EVENT_KEYS = {TABLE(EVENT_RULES),
                                     offsetof(podsim_event, meta)};

/* ===================================================================== */
/* Kinds                                                                  */
/* ===================================================================== */

static const kind_keys *const KEYS_OF_KIND[PODSIM_KIND_COUNT] = {
    [PODSIM_KIND_NODE] = &NODE_KEYS,
    [PODSIM_KIND_POD] = &POD_KEYS,
    [PODSIM_KIND_DEPLOYMENT] = &WORKLOAD_KEYS,
    [PODSIM_KIND_REPLICASET] = &WORKLOAD_KEYS,
    [PODSIM_KIND_STATEFULSET] = &WORKLOAD_KEYS,
    [PODSIM_KIND_DAEMONSET] = &WORKLOAD_KEYS,
    [PODSIM_KIND_JOB] = &WORKLOAD_KEYS,
    [PODSIM_KIND_PRIORITYCLASS] = &PRIORITY_CLASS_KEYS,
    [PODSIM_KIND_PODDISRUPTIONBUDGET] = &PDB_KEYS,
    [PODSIM_KIND_PERSISTENTVOLUMECLAIM] = &PVC_KEYS,
    [PODSIM_KIND_PERSISTENTVOLUME] = &PV_KEYS,
    [PODSIM_KIND_STORAGECLASS] = &STORAGE_CLASS_KEYS,
    [PODSIM_KIND_CONFIGMAP] = &CONFIG_KEYS,
    [PODSIM_KIND_SECRET] = &CONFIG_KEYS,
    [PODSIM_KIND_NAMESPACE] = &NAMESPACE_KEYS,
    [PODSIM_KIND_SERVICE] = &SERVICE_KEYS,
    [PODSIM_KIND_EVENT] = &EVENT_KEYS,
};

static const void *object_view(const podsim_cluster *c, podsim_kind kind,
                               podsim_id id) {
    switch (kind) {
    case PODSIM_KIND_NODE: return podsim_cluster_node(c, id);
    case PODSIM_KIND_POD: return podsim_cluster_pod(c, id);
    case PODSIM_KIND_DEPLOYMENT:
    case PODSIM_KIND_REPLICASET:
    case PODSIM_KIND_STATEFULSET:
    case PODSIM_KIND_DAEMONSET:
    case PODSIM_KIND_JOB: return podsim_cluster_workload(c, kind, id);
    case PODSIM_KIND_PRIORITYCLASS: return podsim_cluster_priority_class(c, id);
    case PODSIM_KIND_PODDISRUPTIONBUDGET: return podsim_cluster_pdb(c, id);
    case PODSIM_KIND_PERSISTENTVOLUMECLAIM: return podsim_cluster_pvc(c, id);
    case PODSIM_KIND_PERSISTENTVOLUME: return podsim_cluster_pv(c, id);
    case PODSIM_KIND_STORAGECLASS: return podsim_cluster_storage_class(c, id);
    case PODSIM_KIND_CONFIGMAP:
    case PODSIM_KIND_SECRET: return podsim_cluster_config(c, kind, id);
    case PODSIM_KIND_NAMESPACE: return podsim_cluster_namespace(c, id);
    case PODSIM_KIND_SERVICE: return podsim_cluster_service(c, id);
    case PODSIM_KIND_EVENT: return podsim_cluster_event(c, id);
    case PODSIM_KIND_COUNT: break;
    }
    return NULL;
}

/* "Node" for `count` lines; -1 if no kind has that name. */
static int kind_by_name(const char *name) {
    for (int k = 0; k < PODSIM_KIND_COUNT; k++) {
        if (strcmp(podsim_kind_name((podsim_kind)k), name) == 0) return k;
    }
    return -1;
}

/* "node" for fact lines: the kind name in lower case; -1 if none. */
static int kind_by_lower_name(const char *word) {
    for (int k = 0; k < PODSIM_KIND_COUNT; k++) {
        const char *name = podsim_kind_name((podsim_kind)k);
        size_t i = 0;
        while (name[i] && word[i] == tolower((unsigned char)name[i])) i++;
        if (name[i] == '\0' && word[i] == '\0') return k;
    }
    return -1;
}

/* ===================================================================== */
/* The checker                                                            */
/* ===================================================================== */

typedef struct report {
    const char *origin; /* the expectation file's name */
    size_t facts;       /* facts checked */
    size_t problems;
    textbuf text; /* one line per problem */
} report;

static void PRINTF_LIKE(3, 4)
    report_problem(report *r, int line, const char *fmt, ...) {
    va_list ap;
    textbuf_printf(&r->text, "%s:%d: ", r->origin, line);
    va_start(ap, fmt);
    textbuf_vprintf(&r->text, fmt, ap);
    va_end(ap);
    textbuf_printf(&r->text, "\n");
    r->problems++;
}

static void report_free(report *r) {
    textbuf_free(&r->text);
}

static void check_value(report *r, int line, const char *key, const char *want,
                        const char *got) {
    r->facts++;
    if (strcmp(want, got) != 0) {
        report_problem(r, line, "%s: want %s, got %s", key, want, got);
    }
}

/* count <Kind> <n> */
static void check_count_line(const podsim_cluster *c, char **words,
                             size_t nwords, int line, report *r) {
    if (nwords != 3) {
        report_problem(r, line, "count: want \"count <Kind> <n>\"");
        return;
    }
    int kind = kind_by_name(words[1]);
    if (kind < 0) {
        report_problem(r, line, "count %s: unknown kind", words[1]);
        return;
    }
    char key[64], got[32];
    snprintf(key, sizeof key, "count %s", words[1]);
    snprintf(got, sizeof got, "%zu",
             podsim_cluster_count(c, (podsim_kind)kind));
    check_value(r, line, key, words[2], got);
}

/* skipped <n> / documents <n> */
static void check_stats_line(const podsim_load_stats *stats, char **words,
                             size_t nwords, int line, report *r) {
    if (nwords != 2) {
        report_problem(r, line, "%s: want \"%s <n>\"", words[0], words[0]);
        return;
    }
    size_t n =
        strcmp(words[0], "skipped") == 0 ? stats->skipped : stats->documents;
    char got[32];
    snprintf(got, sizeof got, "%zu", n);
    check_value(r, line, words[0], words[1], got);
}

/* The view named by <ref>: "name" or "namespace/name"; NULL (reported) if
 * the ref is malformed or the object is not in the model. */
static const void *find_object(podsim_cluster *c, podsim_kind kind,
                               const char *ref, int line, report *r) {
    const char *slash = strchr(ref, '/');
    char namespace_[256] = "";
    const char *name = ref;
    if (podsim_kind_is_namespaced(kind)) {
        size_t ns_len = slash ? (size_t)(slash - ref) : 0;
        if (!slash || ns_len == 0 || ns_len >= sizeof namespace_ ||
            slash[1] == '\0') {
            report_problem(r, line, "%s: want namespace/name", ref);
            return NULL;
        }
        memcpy(namespace_, ref, ns_len);
        namespace_[ns_len] = '\0';
        name = slash + 1;
    } else if (slash) {
        report_problem(r, line, "%s: a %s has no namespace", ref,
                       podsim_kind_name(kind));
        return NULL;
    }
    podsim_id id = PODSIM_NO_ID;
    podsim_status s = podsim_cluster_find(c, kind, namespace_, name, &id);
    if (s != PODSIM_OK) {
        report_problem(r, line, "%s %s: %s (%s)", podsim_kind_name(kind), ref,
                       podsim_status_name(s), podsim_cluster_error(c)->message);
        return NULL;
    }
    return object_view(c, kind, id);
}

/* <kind> <ref> key=value ... */
static void check_object_line(podsim_cluster *c, int kind, char **words,
                              size_t nwords, int line, report *r) {
    const kind_keys *keys = KEYS_OF_KIND[kind];
    if (nwords < 2) {
        report_problem(r, line, "%s: want \"%s <ref> key=value...\"", words[0],
                       words[0]);
        return;
    }
    if (!keys) {
        report_problem(r, line, "%s: the checker has no keys for this kind",
                       words[0]);
        return;
    }
    const void *obj = find_object(c, (podsim_kind)kind, words[1], line, r);
    if (!obj) return; /* reported: the line's facts cannot be checked */
    for (size_t i = 2; i < nwords; i++) {
        char *eq = strchr(words[i], '=');
        r->facts++;
        if (!eq || eq == words[i]) {
            report_problem(r, line, "%s: malformed fact (want key=value)",
                           words[i]);
            continue;
        }
        *eq = '\0';
        const char *key = words[i], *want = eq + 1;
        fact got;
        got.kind = FACT_ERROR;
        got.text[0] = '\0';
        resolve_object_key(keys, obj, key, &got);
        if (got.kind == FACT_UNKNOWN_KEY) {
            report_problem(r, line, "%s: unknown key", key);
        } else if (!fact_matches(&got, want)) {
            report_problem(r, line, "%s: want %s, got %s", key, shown(want),
                           fact_shown(&got));
        }
    }
}

static size_t split_words(char *line, char **words, size_t max) {
    size_t n = 0;
    char *p = line;
    for (;;) {
        while (*p && isspace((unsigned char)*p)) p++;
        if (!*p) break;
        if (n == max) return max + 1;
        words[n++] = p;
        while (*p && !isspace((unsigned char)*p)) p++;
        if (*p) *p++ = '\0';
    }
    return n;
}

static void check_line(podsim_cluster *c, const podsim_load_stats *stats,
                       char *text, int line, report *r) {
    char *words[128];
    size_t n = split_words(text, words, COUNT_OF(words));
    if (n == 0 || words[0][0] == '#') return;
    if (n > COUNT_OF(words)) {
        report_problem(r, line, "more than %zu words", COUNT_OF(words));
        return;
    }
    if (strcmp(words[0], "count") == 0) {
        check_count_line(c, words, n, line, r);
    } else if (strcmp(words[0], "skipped") == 0 ||
               strcmp(words[0], "documents") == 0) {
        check_stats_line(stats, words, n, line, r);
    } else {
        int kind = kind_by_lower_name(words[0]);
        if (kind < 0) {
            report_problem(r, line, "%s: unknown record kind", words[0]);
            return;
        }
        check_object_line(c, kind, words, n, line, r);
    }
}

/* Checks every fact of an expectation text (tests/data/README.md) against
 * the cluster and the stats of its load; mismatches go to the report. */
static void check_expectations(podsim_cluster *c,
                               const podsim_load_stats *stats, const char *text,
                               report *r) {
    size_t len = strlen(text);
    char *copy = malloc(len + 1);
    if (!copy) abort();
    memcpy(copy, text, len + 1);
    int line = 0;
    for (char *p = copy; *p;) {
        char *end = strchr(p, '\n');
        char *next = end ? end + 1 : p + strlen(p);
        if (end) *end = '\0';
        line++;
        check_line(c, stats, p, line, r);
        p = next;
    }
    free(copy);
    /* an expectation text that checks nothing must not pass */
    if (r->facts == 0 && r->problems == 0) report_problem(r, line, "no facts");
}

/* ===================================================================== */
/* Fixture tests                                                          */
/* ===================================================================== */

static podsim_cluster *load_fixture(const char *input,
                                    podsim_load_stats *stats) {
    char path[1024];
    int n = snprintf(path, sizeof path, "%s/%s", PODSIM_TEST_DATA, input);
    assert_true(n > 0 && (size_t)n < sizeof path);
    podsim_cluster *c = NULL;
    assert_int_equal(podsim_cluster_new(NULL, &c), PODSIM_OK);
    memset(stats, 0, sizeof *stats);
    podsim_status s = podsim_cluster_load_file(c, path, stats);
    if (s != PODSIM_OK) {
        const podsim_error *e = podsim_cluster_error(c);
        fail_msg("%s: %s %d:%d %s", path, podsim_status_name(s), e->line,
                 e->column, e->message);
    }
    return c;
}

static void expect_fixture_facts(const char *input, const char *expected) {
    char path[1024];
    int n = snprintf(path, sizeof path, "%s/%s", PODSIM_TEST_DATA, expected);
    assert_true(n > 0 && (size_t)n < sizeof path);
    char *text = read_file_text(path);
    if (!text) fail_msg("cannot read %s", path);
    podsim_load_stats stats;
    podsim_cluster *c = load_fixture(input, &stats);
    report r = {expected, 0, 0, {NULL, 0, 0}};
    check_expectations(c, &stats, text, &r);
    print_message("%s against %s: %zu facts checked, %zu mismatches\n", input,
                  expected, r.facts, r.problems);
    size_t problems = r.problems, facts = r.facts;
    if (problems) print_message("%s", textbuf_text(&r.text));
    report_free(&r);
    free(text);
    podsim_cluster_free(c);
    if (problems) {
        fail_msg("%zu of %zu facts of %s differ for %s", problems, facts,
                 expected, input);
    }
}

static void fixtures_cluster_small_yaml_meets_expected(void **state) {
    (void)state;
    expect_fixture_facts("cluster-small.yaml", "cluster-small.expected.txt");
}

static void fixtures_cluster_small_json_meets_expected(void **state) {
    (void)state;
    expect_fixture_facts("cluster-small.json", "cluster-small.expected.txt");
}

static void fixtures_manifests_meet_expected(void **state) {
    (void)state;
    expect_fixture_facts("manifests.yaml", "manifests.expected.txt");
}

/* events.expected.txt expects the events alone ("count Pod 0"), as the
 * Python and Lua suites load them. */
static void fixtures_events_meet_expected(void **state) {
    (void)state;
    expect_fixture_facts("events.yaml", "events.expected.txt");
}

/* ===================================================================== */
/* Canonical model dump (YAML vs JSON)                                    */
/* ===================================================================== */

typedef struct dumper {
    textbuf *out;
    char path[512];
    size_t len;
} dumper;

/* Appends to the path of the lines that follow; returns the mark to leave
 * back to. */
static size_t PRINTF_LIKE(2, 3) dump_enter(dumper *d, const char *fmt, ...) {
    size_t mark = d->len;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(d->path + d->len, sizeof d->path - d->len, fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= sizeof d->path - d->len) abort();
    d->len += (size_t)n;
    return mark;
}

static void dump_leave(dumper *d, size_t mark) {
    d->len = mark;
    d->path[mark] = '\0';
}

static void PRINTF_LIKE(3, 4)
    dump_line(dumper *d, const char *field, const char *fmt, ...) {
    va_list ap;
    textbuf_printf(d->out, "%s.%s = ", d->path, field);
    va_start(ap, fmt);
    textbuf_vprintf(d->out, fmt, ap);
    va_end(ap);
    textbuf_printf(d->out, "\n");
}

/* Quoted, with control characters escaped; NULL as (null). */
static void dump_quoted(textbuf *out, const char *s) {
    if (!s) {
        textbuf_printf(out, "(null)\n");
        return;
    }
    textbuf_printf(out, "\"");
    for (const char *p = s; *p; p++) {
        unsigned char ch = (unsigned char)*p;
        if (ch == '"' || ch == '\\') {
            textbuf_printf(out, "\\%c", ch);
        } else if (ch < 0x20) {
            textbuf_printf(out, "\\x%02x", ch);
        } else {
            textbuf_printf(out, "%c", ch);
        }
    }
    textbuf_printf(out, "\"\n");
}

static void dump_string(dumper *d, const char *field, const char *s) {
    textbuf_printf(d->out, "%s.%s = ", d->path, field);
    dump_quoted(d->out, s);
}

static void dump_int(dumper *d, const char *field, int64_t v) {
    dump_line(d, field, "%lld", (long long)v);
}

static void dump_bool(dumper *d, const char *field, bool v) {
    dump_line(d, field, "%s", v ? "true" : "false");
}

static void dump_opt(dumper *d, const char *field, podsim_opt_i64 v) {
    if (v.set) {
        dump_int(d, field, v.value);
    } else {
        dump_line(d, field, "unset");
    }
}

static void dump_time(dumper *d, const char *field, int64_t ms) {
    if (ms == PODSIM_NO_TIME) {
        dump_line(d, field, "no time");
    } else {
        dump_int(d, field, ms);
    }
}

static void dump_enum(dumper *d, const char *field, podsim_enum type,
                      int value) {
    const char *name = podsim_enum_name(type, value);
    if (name) {
        dump_string(d, field, name);
    } else {
        dump_line(d, field, "(enum %d out of range)", value);
    }
}

static void dump_quantity(dumper *d, const char *field,
                          const podsim_quantity *q) {
    char text[PODSIM_QUANTITY_STRING_MAX];
    if (podsim_quantity_format(q, text, sizeof text, NULL) != PODSIM_OK) {
        snprintf(text, sizeof text, "(unformattable)");
    }
    const char *format =
        podsim_enum_name(PODSIM_ENUM_QUANTITY_FORMAT, (int)q->format);
    dump_line(d, field, "%s (%s)", text, format ? format : "?");
}

static void dump_count(dumper *d, const char *field, size_t n) {
    dump_line(d, field, "%zu items", n);
}

static void dump_strings(dumper *d, const char *field,
                         const podsim_strings *s) {
    dump_count(d, field, s->count);
    for (size_t i = 0; i < s->count; i++) {
        textbuf_printf(d->out, "%s.%s[%zu] = ", d->path, field, i);
        dump_quoted(d->out, s->items[i]);
    }
}

static void dump_kvs(dumper *d, const char *field, const podsim_kvs *kvs) {
    dump_count(d, field, kvs->count);
    for (size_t i = 0; i < kvs->count; i++) {
        size_t mark = dump_enter(d, ".%s[%zu]", field, i);
        dump_string(d, "key", kvs->items[i].key);
        dump_string(d, "value", kvs->items[i].value);
        dump_leave(d, mark);
    }
}

static void dump_resources(dumper *d, const char *field,
                           const podsim_resources *list) {
    dump_count(d, field, list->count);
    for (size_t i = 0; i < list->count; i++) {
        size_t mark = dump_enter(d, ".%s[%zu]", field, i);
        dump_string(d, "name", list->items[i].name);
        dump_quantity(d, "quantity", &list->items[i].quantity);
        dump_leave(d, mark);
    }
}

static void dump_meta(dumper *d, const podsim_meta *m) {
    size_t mark = dump_enter(d, ".meta");
    dump_string(d, "namespace", m->namespace_);
    dump_string(d, "name", m->name);
    dump_string(d, "uid", m->uid);
    dump_string(d, "resource_version", m->resource_version);
    dump_kvs(d, "labels", &m->labels);
    dump_kvs(d, "annotations", &m->annotations);
    dump_count(d, "owner_references", m->owner_reference_count);
    for (size_t i = 0; i < m->owner_reference_count; i++) {
        const podsim_owner_reference *r = &m->owner_references[i];
        size_t item = dump_enter(d, ".owner_references[%zu]", i);
        dump_string(d, "api_version", r->api_version);
        dump_string(d, "kind", r->kind);
        dump_string(d, "name", r->name);
        dump_string(d, "uid", r->uid);
        dump_bool(d, "controller", r->controller);
        dump_bool(d, "block_owner_deletion", r->block_owner_deletion);
        dump_leave(d, item);
    }
    dump_time(d, "creation_timestamp", m->creation_timestamp);
    dump_time(d, "deletion_timestamp", m->deletion_timestamp);
    dump_opt(d, "deletion_grace_period_seconds",
             m->deletion_grace_period_seconds);
    dump_strings(d, "finalizers", &m->finalizers);
    dump_leave(d, mark);
}

/* ---- selectors and affinity ---------------------------------------------- */

static void dump_requirements(dumper *d, const char *field,
                              const podsim_requirement *items, size_t count) {
    dump_count(d, field, count);
    for (size_t i = 0; i < count; i++) {
        size_t mark = dump_enter(d, ".%s[%zu]", field, i);
        dump_string(d, "key", items[i].key);
        dump_enum(d, "op", PODSIM_ENUM_SELECTOR_OP, (int)items[i].op);
        dump_strings(d, "values", &items[i].values);
        dump_leave(d, mark);
    }
}

static bool dump_presence(dumper *d, const char *field, const void *ptr) {
    dump_line(d, field, "%s", ptr ? "present" : "absent");
    return ptr != NULL;
}

static void dump_label_selector(dumper *d, const char *field,
                                const podsim_label_selector *s) {
    if (!dump_presence(d, field, s)) return;
    size_t mark = dump_enter(d, ".%s", field);
    dump_kvs(d, "match_labels", &s->match_labels);
    dump_requirements(d, "match_expressions", s->match_expressions,
                      s->match_expression_count);
    dump_leave(d, mark);
}

static void dump_node_selector_term(dumper *d,
                                    const podsim_node_selector_term *t) {
    dump_requirements(d, "match_expressions", t->match_expressions,
                      t->match_expression_count);
    dump_requirements(d, "match_fields", t->match_fields, t->match_field_count);
}

static void dump_node_selector(dumper *d, const char *field,
                               const podsim_node_selector *s) {
    if (!dump_presence(d, field, s)) return;
    size_t mark = dump_enter(d, ".%s", field);
    dump_count(d, "terms", s->term_count);
    for (size_t i = 0; i < s->term_count; i++) {
        size_t item = dump_enter(d, ".terms[%zu]", i);
        dump_node_selector_term(d, &s->terms[i]);
        dump_leave(d, item);
    }
    dump_leave(d, mark);
}

static void dump_pod_affinity_term(dumper *d,
                                   const podsim_pod_affinity_term *t) {
    dump_label_selector(d, "label_selector", t->label_selector);
    dump_strings(d, "namespaces", &t->namespaces);
    dump_string(d, "topology_key", t->topology_key);
    dump_label_selector(d, "namespace_selector", t->namespace_selector);
    dump_strings(d, "match_label_keys", &t->match_label_keys);
    dump_strings(d, "mismatch_label_keys", &t->mismatch_label_keys);
}

static void dump_pod_affinity(dumper *d, const char *field,
                              const podsim_pod_affinity *a) {
    if (!dump_presence(d, field, a)) return;
    size_t mark = dump_enter(d, ".%s", field);
    dump_count(d, "required", a->required_count);
    for (size_t i = 0; i < a->required_count; i++) {
        size_t item = dump_enter(d, ".required[%zu]", i);
        dump_pod_affinity_term(d, &a->required[i]);
        dump_leave(d, item);
    }
    dump_count(d, "preferred", a->preferred_count);
    for (size_t i = 0; i < a->preferred_count; i++) {
        size_t item = dump_enter(d, ".preferred[%zu]", i);
        dump_int(d, "weight", a->preferred[i].weight);
        dump_pod_affinity_term(d, &a->preferred[i].term);
        dump_leave(d, item);
    }
    dump_leave(d, mark);
}

static void dump_affinity(dumper *d, const podsim_affinity *a) {
    if (!dump_presence(d, "affinity", a)) return;
    size_t mark = dump_enter(d, ".affinity");
    const podsim_node_affinity *na = a->node_affinity;
    if (dump_presence(d, "node_affinity", na)) {
        size_t inner = dump_enter(d, ".node_affinity");
        dump_node_selector(d, "required", na->required);
        dump_count(d, "preferred", na->preferred_count);
        for (size_t i = 0; i < na->preferred_count; i++) {
            size_t item = dump_enter(d, ".preferred[%zu]", i);
            dump_int(d, "weight", na->preferred[i].weight);
            dump_node_selector_term(d, &na->preferred[i].preference);
            dump_leave(d, item);
        }
        dump_leave(d, inner);
    }
    dump_pod_affinity(d, "pod_affinity", a->pod_affinity);
    dump_pod_affinity(d, "pod_anti_affinity", a->pod_anti_affinity);
    dump_leave(d, mark);
}

/* ---- pod spec ------------------------------------------------------------ */

static void dump_tolerations(dumper *d, const podsim_toleration *items,
                             size_t count) {
    dump_count(d, "tolerations", count);
    for (size_t i = 0; i < count; i++) {
        const podsim_toleration *t = &items[i];
        size_t mark = dump_enter(d, ".tolerations[%zu]", i);
        dump_string(d, "key", t->key);
        dump_enum(d, "op", PODSIM_ENUM_TOLERATION_OP, (int)t->op);
        dump_string(d, "value", t->value);
        dump_enum(d, "effect", PODSIM_ENUM_TAINT_EFFECT, (int)t->effect);
        dump_opt(d, "toleration_seconds", t->toleration_seconds);
        dump_leave(d, mark);
    }
}

static void dump_spread(dumper *d,
                        const podsim_topology_spread_constraint *items,
                        size_t count) {
    dump_count(d, "topology_spread_constraints", count);
    for (size_t i = 0; i < count; i++) {
        const podsim_topology_spread_constraint *c = &items[i];
        size_t mark = dump_enter(d, ".topology_spread_constraints[%zu]", i);
        dump_int(d, "max_skew", c->max_skew);
        dump_string(d, "topology_key", c->topology_key);
        dump_enum(d, "when_unsatisfiable", PODSIM_ENUM_UNSATISFIABLE,
                  (int)c->when_unsatisfiable);
        dump_label_selector(d, "label_selector", c->label_selector);
        dump_opt(d, "min_domains", c->min_domains);
        dump_enum(d, "node_affinity_policy", PODSIM_ENUM_INCLUSION_POLICY,
                  (int)c->node_affinity_policy);
        dump_enum(d, "node_taints_policy", PODSIM_ENUM_INCLUSION_POLICY,
                  (int)c->node_taints_policy);
        dump_strings(d, "match_label_keys", &c->match_label_keys);
        dump_leave(d, mark);
    }
}

static void dump_probe(dumper *d, const char *field, const podsim_probe *p) {
    if (!dump_presence(d, field, p)) return;
    size_t mark = dump_enter(d, ".%s", field);
    dump_enum(d, "handler", PODSIM_ENUM_HANDLER, (int)p->handler);
    dump_string(d, "target", p->target);
    dump_int(d, "initial_delay_seconds", p->initial_delay_seconds);
    dump_int(d, "timeout_seconds", p->timeout_seconds);
    dump_int(d, "period_seconds", p->period_seconds);
    dump_int(d, "success_threshold", p->success_threshold);
    dump_int(d, "failure_threshold", p->failure_threshold);
    dump_opt(d, "termination_grace_period_seconds",
             p->termination_grace_period_seconds);
    dump_leave(d, mark);
}

static void dump_object_refs(dumper *d, const char *field,
                             const podsim_object_ref *items, size_t count) {
    dump_count(d, field, count);
    for (size_t i = 0; i < count; i++) {
        size_t mark = dump_enter(d, ".%s[%zu]", field, i);
        dump_enum(d, "kind", PODSIM_ENUM_REF_KIND, (int)items[i].kind);
        dump_string(d, "name", items[i].name);
        dump_string(d, "key", items[i].key);
        dump_bool(d, "optional", items[i].optional);
        dump_leave(d, mark);
    }
}

static void dump_container(dumper *d, const podsim_container *c) {
    dump_string(d, "name", c->name);
    dump_enum(d, "kind", PODSIM_ENUM_CONTAINER_KIND, (int)c->kind);
    dump_string(d, "image", c->image);
    dump_enum(d, "image_pull_policy", PODSIM_ENUM_PULL_POLICY,
              (int)c->image_pull_policy);
    dump_resources(d, "requests", &c->requests);
    dump_resources(d, "limits", &c->limits);
    dump_count(d, "ports", c->port_count);
    for (size_t i = 0; i < c->port_count; i++) {
        const podsim_container_port *p = &c->ports[i];
        size_t mark = dump_enter(d, ".ports[%zu]", i);
        dump_string(d, "name", p->name);
        dump_int(d, "container_port", p->container_port);
        dump_int(d, "host_port", p->host_port);
        dump_enum(d, "protocol", PODSIM_ENUM_PROTOCOL, (int)p->protocol);
        dump_string(d, "host_ip", p->host_ip);
        dump_leave(d, mark);
    }
    dump_probe(d, "startup_probe", c->startup_probe);
    dump_probe(d, "liveness_probe", c->liveness_probe);
    dump_probe(d, "readiness_probe", c->readiness_probe);
    dump_enum(d, "post_start", PODSIM_ENUM_HANDLER, (int)c->post_start);
    dump_enum(d, "pre_stop", PODSIM_ENUM_HANDLER, (int)c->pre_stop);
    dump_object_refs(d, "env_refs", c->env_refs, c->env_ref_count);
}

static void dump_containers(dumper *d, const char *field,
                            const podsim_container *items, size_t count) {
    dump_count(d, field, count);
    for (size_t i = 0; i < count; i++) {
        size_t mark = dump_enter(d, ".%s[%zu]", field, i);
        dump_container(d, &items[i]);
        dump_leave(d, mark);
    }
}

static void dump_volumes(dumper *d, const podsim_volume *items, size_t count) {
    dump_count(d, "volumes", count);
    for (size_t i = 0; i < count; i++) {
        const podsim_volume *v = &items[i];
        size_t mark = dump_enter(d, ".volumes[%zu]", i);
        dump_string(d, "name", v->name);
        dump_enum(d, "type", PODSIM_ENUM_VOLUME_TYPE, (int)v->type);
        dump_string(d, "source", v->source);
        dump_string(d, "type_name", v->type_name);
        dump_bool(d, "read_only", v->read_only);
        dump_bool(d, "optional", v->optional);
        dump_object_refs(d, "refs", v->refs, v->ref_count);
        dump_leave(d, mark);
    }
}

static void dump_pod_spec(dumper *d, const podsim_pod_spec *s) {
    size_t mark = dump_enter(d, ".spec");
    dump_opt(d, "priority", s->priority);
    dump_string(d, "priority_class_name", s->priority_class_name);
    dump_enum(d, "preemption_policy", PODSIM_ENUM_PREEMPTION_POLICY,
              (int)s->preemption_policy);
    dump_string(d, "scheduler_name", s->scheduler_name);
    dump_string(d, "node_name", s->node_name);
    dump_kvs(d, "node_selector", &s->node_selector);
    dump_affinity(d, s->affinity);
    dump_tolerations(d, s->tolerations, s->toleration_count);
    dump_spread(d, s->topology_spread_constraints,
                s->topology_spread_constraint_count);
    dump_strings(d, "scheduling_gates", &s->scheduling_gates);
    dump_containers(d, "init_containers", s->init_containers,
                    s->init_container_count);
    dump_containers(d, "containers", s->containers, s->container_count);
    dump_resources(d, "overhead", &s->overhead);
    dump_resources(d, "pod_requests", &s->pod_requests);
    dump_resources(d, "pod_limits", &s->pod_limits);
    dump_enum(d, "restart_policy", PODSIM_ENUM_RESTART_POLICY,
              (int)s->restart_policy);
    dump_int(d, "termination_grace_period_seconds",
             s->termination_grace_period_seconds);
    dump_opt(d, "active_deadline_seconds", s->active_deadline_seconds);
    dump_volumes(d, s->volumes, s->volume_count);
    dump_bool(d, "host_network", s->host_network);
    dump_string(d, "runtime_class_name", s->runtime_class_name);
    dump_string(d, "service_account_name", s->service_account_name);
    dump_string(d, "hostname", s->hostname);
    dump_string(d, "subdomain", s->subdomain);
    dump_strings(d, "readiness_gates", &s->readiness_gates);
    dump_leave(d, mark);
}

/* ---- pod status ---------------------------------------------------------- */

static void dump_conditions(dumper *d, const podsim_condition *items,
                            size_t count) {
    dump_count(d, "conditions", count);
    for (size_t i = 0; i < count; i++) {
        const podsim_condition *c = &items[i];
        size_t mark = dump_enter(d, ".conditions[%zu]", i);
        dump_string(d, "type", c->type);
        dump_string(d, "status", c->status);
        dump_string(d, "reason", c->reason);
        dump_string(d, "message", c->message);
        dump_time(d, "last_transition_time", c->last_transition_time);
        dump_time(d, "last_heartbeat_time", c->last_heartbeat_time);
        dump_time(d, "last_probe_time", c->last_probe_time);
        dump_leave(d, mark);
    }
}

static void dump_container_state(dumper *d, const char *field,
                                 const podsim_container_state *s) {
    size_t mark = dump_enter(d, ".%s", field);
    dump_enum(d, "kind", PODSIM_ENUM_CONTAINER_STATE, (int)s->kind);
    dump_string(d, "reason", s->reason);
    dump_string(d, "message", s->message);
    dump_int(d, "exit_code", s->exit_code);
    dump_int(d, "signal", s->signal);
    dump_time(d, "started_at", s->started_at);
    dump_time(d, "finished_at", s->finished_at);
    dump_leave(d, mark);
}

static void dump_container_statuses(dumper *d, const char *field,
                                    const podsim_container_status *items,
                                    size_t count) {
    dump_count(d, field, count);
    for (size_t i = 0; i < count; i++) {
        const podsim_container_status *s = &items[i];
        size_t mark = dump_enter(d, ".%s[%zu]", field, i);
        dump_string(d, "name", s->name);
        dump_enum(d, "kind", PODSIM_ENUM_CONTAINER_KIND, (int)s->kind);
        dump_bool(d, "ready", s->ready);
        dump_opt(d, "started", s->started);
        dump_int(d, "restart_count", s->restart_count);
        dump_string(d, "image", s->image);
        dump_string(d, "image_id", s->image_id);
        dump_string(d, "container_id", s->container_id);
        dump_container_state(d, "state", &s->state);
        dump_container_state(d, "last_state", &s->last_state);
        dump_leave(d, mark);
    }
}

static void dump_pod_status(dumper *d, const podsim_pod_status *s) {
    size_t mark = dump_enter(d, ".status");
    dump_enum(d, "phase", PODSIM_ENUM_PHASE, (int)s->phase);
    dump_bool(d, "has_phase", s->has_phase);
    dump_conditions(d, s->conditions, s->condition_count);
    dump_string(d, "reason", s->reason);
    dump_string(d, "message", s->message);
    dump_string(d, "nominated_node_name", s->nominated_node_name);
    dump_string(d, "pod_ip", s->pod_ip);
    dump_string(d, "host_ip", s->host_ip);
    dump_string(d, "qos_class", s->qos_class);
    dump_time(d, "start_time", s->start_time);
    dump_container_statuses(d, "init_container_statuses",
                            s->init_container_statuses,
                            s->init_container_status_count);
    dump_container_statuses(d, "container_statuses", s->container_statuses,
                            s->container_status_count);
    dump_leave(d, mark);
}

static void dump_pod(dumper *d, const podsim_pod *p) {
    dump_int(d, "id", p->id);
    dump_meta(d, &p->meta);
    dump_pod_spec(d, &p->spec);
    dump_pod_status(d, &p->status);
    dump_resources(d, "requests", &p->requests);
    dump_int(d, "node", p->node);
}

/* ---- nodes --------------------------------------------------------------- */

static void dump_node(dumper *d, const podsim_node *n) {
    dump_int(d, "id", n->id);
    dump_meta(d, &n->meta);
    dump_string(d, "zone", n->zone);
    dump_string(d, "region", n->region);
    dump_string(d, "hostname", n->hostname);
    dump_count(d, "taints", n->taint_count);
    for (size_t i = 0; i < n->taint_count; i++) {
        const podsim_taint *t = &n->taints[i];
        size_t mark = dump_enter(d, ".taints[%zu]", i);
        dump_string(d, "key", t->key);
        dump_string(d, "value", t->value);
        dump_enum(d, "effect", PODSIM_ENUM_TAINT_EFFECT, (int)t->effect);
        dump_time(d, "time_added", t->time_added);
        dump_leave(d, mark);
    }
    dump_bool(d, "unschedulable", n->unschedulable);
    dump_string(d, "provider_id", n->provider_id);
    dump_string(d, "pod_cidr", n->pod_cidr);
    dump_resources(d, "capacity", &n->capacity);
    dump_resources(d, "allocatable", &n->allocatable);
    dump_conditions(d, n->conditions, n->condition_count);
    dump_count(d, "addresses", n->address_count);
    for (size_t i = 0; i < n->address_count; i++) {
        size_t mark = dump_enter(d, ".addresses[%zu]", i);
        dump_string(d, "type", n->addresses[i].type);
        dump_string(d, "address", n->addresses[i].address);
        dump_leave(d, mark);
    }
    dump_count(d, "images", n->image_count);
    for (size_t i = 0; i < n->image_count; i++) {
        size_t mark = dump_enter(d, ".images[%zu]", i);
        dump_strings(d, "names", &n->images[i].names);
        dump_int(d, "size_bytes", n->images[i].size_bytes);
        dump_leave(d, mark);
    }
    const podsim_node_system_info *info = &n->node_info;
    size_t mark = dump_enter(d, ".node_info");
    dump_string(d, "kubelet_version", info->kubelet_version);
    dump_string(d, "kube_proxy_version", info->kube_proxy_version);
    dump_string(d, "os_image", info->os_image);
    dump_string(d, "kernel_version", info->kernel_version);
    dump_string(d, "container_runtime_version",
                info->container_runtime_version);
    dump_string(d, "operating_system", info->operating_system);
    dump_string(d, "architecture", info->architecture);
    dump_leave(d, mark);
    dump_resources(d, "requested", &n->requested);
    dump_int(d, "pod_count", n->pod_count);
}

/* Counts of every kind, then every node and pod view, field by field. */
static void dump_model(const podsim_cluster *c, textbuf *out) {
    dumper d = {out, "", 0};
    for (int k = 0; k < PODSIM_KIND_COUNT; k++) {
        textbuf_printf(out, "count.%s = %zu\n",
                       podsim_kind_name((podsim_kind)k),
                       podsim_cluster_count(c, (podsim_kind)k));
    }
    size_t nodes = podsim_cluster_count(c, PODSIM_KIND_NODE);
    for (size_t i = 0; i < nodes; i++) {
        size_t mark = dump_enter(&d, "node[%zu]", i);
        dump_node(&d, podsim_cluster_node(c, (podsim_id)i));
        dump_leave(&d, mark);
    }
    size_t pods = podsim_cluster_count(c, PODSIM_KIND_POD);
    for (size_t i = 0; i < pods; i++) {
        size_t mark = dump_enter(&d, "pod[%zu]", i);
        dump_pod(&d, podsim_cluster_pod(c, (podsim_id)i));
        dump_leave(&d, mark);
    }
}

/* kubectl tables: every line prefixed with the view's name. */
static void dump_render(podsim_cluster *c, podsim_view view, unsigned flags,
                        const char *name, textbuf *out) {
    const char *text = NULL;
    size_t len = 0;
    assert_int_equal(
        podsim_cluster_render(c, view, flags, PODSIM_NO_TIME, &text, &len),
        PODSIM_OK);
    size_t start = 0;
    for (size_t i = 0; i <= len; i++) {
        if (i == len || text[i] == '\n') {
            if (i > start || i < len) {
                textbuf_printf(out, "render.%s | %.*s\n", name,
                               (int)(i - start), text + start);
            }
            start = i + 1;
        }
    }
}

static size_t count_lines(const char *text) {
    size_t n = 0;
    for (const char *p = text; *p; p++) n += *p == '\n';
    return n;
}

/* 1-based number of the first line where a and b differ; 0 if equal. */
static size_t first_difference(const char *a, const char *b,
                               const char **line_a, const char **line_b) {
    size_t line = 1;
    *line_a = a;
    *line_b = b;
    for (size_t i = 0;; i++) {
        if (a[i] != b[i]) return line;
        if (a[i] == '\0') return 0;
        if (a[i] == '\n') {
            line++;
            *line_a = a + i + 1;
            *line_b = b + i + 1;
        }
    }
}

static void model_text(const char *input, textbuf *out) {
    podsim_load_stats stats;
    podsim_cluster *c = load_fixture(input, &stats);
    dump_model(c, out);
    dump_render(c, PODSIM_VIEW_NODES, PODSIM_RENDER_WIDE, "nodes", out);
    dump_render(c, PODSIM_VIEW_PODS, PODSIM_RENDER_WIDE, "pods", out);
    dump_render(c, PODSIM_VIEW_NODE_REQUESTS, 0, "node-requests", out);
    podsim_cluster_free(c);
}

static void fixtures_yaml_and_json_give_identical_models(void **state) {
    (void)state;
    textbuf yaml = {NULL, 0, 0}, json = {NULL, 0, 0};
    model_text("cluster-small.yaml", &yaml);
    model_text("cluster-small.json", &json);
    size_t lines = count_lines(textbuf_text(&yaml));
    const char *a = NULL, *b = NULL;
    size_t differ =
        first_difference(textbuf_text(&yaml), textbuf_text(&json), &a, &b);
    print_message("cluster-small.yaml vs .json: %zu dump lines compared\n",
                  lines);
    if (differ) {
        int len_a = (int)strcspn(a, "\n"), len_b = (int)strcspn(b, "\n");
        char message[2048];
        snprintf(message, sizeof message,
                 "dump line %zu differs:\n  yaml: %.*s\n  json: %.*s", differ,
                 len_a, a, len_b, b);
        textbuf_free(&yaml);
        textbuf_free(&json);
        fail_msg("%s", message);
    }
    textbuf_free(&yaml);
    textbuf_free(&json);
    /* 4 nodes and 16 pods give thousands of lines: the dump is not empty */
    assert_true(lines > 1000);
}

/* ===================================================================== */
/* Self-tests: the checker can fail                                       */
/* ===================================================================== */

static const char SELF_TEST_MODEL[] =
    "apiVersion: v1\nkind: Node\nmetadata:\n  name: n1\n  labels:\n"
    "    topology.kubernetes.io/zone: z1\n"
    "---\n"
    "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p1\n  namespace: team\n"
    "spec:\n  nodeName: n1\n  containers:\n  - name: app\n    image: app:1\n"
    "    resources:\n      requests: {cpu: 250m}\n";

static podsim_cluster *self_test_cluster(podsim_load_stats *stats) {
    podsim_cluster *c = NULL;
    assert_int_equal(podsim_cluster_new(NULL, &c), PODSIM_OK);
    assert_int_equal(
        podsim_cluster_load_string(c, SELF_TEST_MODEL, strlen(SELF_TEST_MODEL),
                                   "self-test.yaml", stats),
        PODSIM_OK);
    return c;
}

/* Runs the checker on `text`; the report is the caller's to free. */
static void check_self_test_text(const char *text, report *r) {
    podsim_load_stats stats;
    podsim_cluster *c = self_test_cluster(&stats);
    r->origin = "self-test";
    check_expectations(c, &stats, text, r);
    podsim_cluster_free(c);
}

/* One line that must give exactly one problem containing `want`. */
static void expect_one_problem(const char *line, const char *want) {
    report r = {NULL, 0, 0, {NULL, 0, 0}};
    check_self_test_text(line, &r);
    char message[1024];
    snprintf(message, sizeof message, "%s", textbuf_text(&r.text));
    size_t problems = r.problems;
    report_free(&r);
    if (problems != 1 || !strstr(message, want)) {
        fail_msg("\"%s\": want one problem containing \"%s\", got %zu:\n%s",
                 line, want, problems, message);
    }
}

static void fixtures_checker_accepts_true_facts(void **state) {
    (void)state;
    report r = {NULL, 0, 0, {NULL, 0, 0}};
    check_self_test_text(
        "# comment\n\ncount Node 1\ncount Pod 1\ndocuments 2\nskipped 0\n"
        "node n1 zone=z1 taints=0 label.topology.kubernetes.io/zone=z1 "
        "label.missing=- capacity.cpu=0 capacity.cpu=- pods=1 "
        "requested.cpu=250m\n"
        "pod team/p1 node=n1 bound=1 requests.cpu=250m requests.memory=0 "
        "container.0.name=app container.0.pull=IfNotPresent "
        "tolerations=2 toleration.1=node.kubernetes.io/unreachable,Exists,,"
        "NoExecute,300 phase=- priority=0 owner=-\n",
        &r);
    size_t problems = r.problems, facts = r.facts;
    if (problems) print_message("%s", textbuf_text(&r.text));
    report_free(&r);
    assert_int_equal(problems, 0);
    assert_int_equal(facts, 23);
}

static void fixtures_checker_reports_wrong_values(void **state) {
    static const struct {
        const char *line;
        const char *want;
    } cases[] = {
        {"count Node 5", "self-test:1: count Node: want 5, got 1"},
        {"documents 7", "self-test:1: documents: want 7, got 2"},
        {"node n1 zone=elsewhere", "self-test:1: zone: want elsewhere, got z1"},
        {"node n1 capacity.cpu=4", "capacity.cpu: want 4, got - (absent"},
        {"node n1 requested.cpu=0", "requested.cpu: want 0, got 250m"},
        {"node n1 label.missing=", "label.missing: want \"\", got -"},
        {"pod team/p1 bound=0", "bound: want 0, got 1"},
        {"pod team/p1 container.3.name=app", "container.3.name: want app"},
        {"pod team/p1 cstatus.app.ready=1", "no container status \"app\""},
        {"pod team/nobody node=n1", "ENOTFOUND"},
        {"pod p1 node=n1", "want namespace/name"},
    };
    (void)state;
    for (size_t i = 0; i < COUNT_OF(cases); i++) {
        expect_one_problem(cases[i].line, cases[i].want);
    }
}

static void fixtures_checker_reports_unknown_keys(void **state) {
    static const struct {
        const char *line;
        const char *want;
    } cases[] = {
        {"node n1 no_such_key=1", "self-test:1: no_such_key: unknown key"},
        {"node n1 taint.0.bogus=1", "taint.0.bogus: unknown key"},
        {"node n1 condition.Ready.bogus=x", "unknown key"},
        {"pod team/p1 container.9.bogus=1", "container.9.bogus: unknown key"},
        {"pod team/p1 cstatus.app.bogus=1", "unknown key"},
        {"pod team/p1 pod_affinity.sideways=1", "unknown key"},
        {"pod team/p1 pod_affinity.required.0.weight=1", "unknown key"},
        {"pod team/p1 zone=z1", "zone: unknown key"},
        {"node n1 template.node=n1", "unknown key"},
        {"gadget n1 zone=z1", "gadget: unknown record kind"},
        {"Node n1 zone=z1", "unknown record kind"},
        {"count Gadget 1", "unknown kind"},
        {"node n1 zone", "malformed fact"},
    };
    (void)state;
    for (size_t i = 0; i < COUNT_OF(cases); i++) {
        expect_one_problem(cases[i].line, cases[i].want);
    }
}

static void fixtures_checker_reports_empty_expectations(void **state) {
    (void)state;
    expect_one_problem("# only a comment\n", "no facts");
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(fixtures_checker_accepts_true_facts),
        cmocka_unit_test(fixtures_checker_reports_wrong_values),
        cmocka_unit_test(fixtures_checker_reports_unknown_keys),
        cmocka_unit_test(fixtures_checker_reports_empty_expectations),
        cmocka_unit_test(fixtures_cluster_small_yaml_meets_expected),
        cmocka_unit_test(fixtures_cluster_small_json_meets_expected),
        cmocka_unit_test(fixtures_manifests_meet_expected),
        cmocka_unit_test(fixtures_events_meet_expected),
        cmocka_unit_test(fixtures_yaml_and_json_give_identical_models),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
