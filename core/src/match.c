/*
 * match.c - label selectors, node selectors and taint tolerations.
 *
 * Mirrors k8s.io/apimachinery/pkg/labels/selector.go (NewRequirement's
 * validation, Requirement.Matches), metav1.LabelSelectorAsSelector,
 * k8s.io/component-helpers/scheduling/corev1/nodeaffinity/nodeaffinity.go
 * (NodeSelector terms, matchFields, GetRequiredNodeAffinity) and
 * k8s.io/api/core/v1/toleration.go (Toleration.ToleratesTaint) with
 * component-helpers' FindMatchingUntoleratedTaint.
 *
 * Upstream parses a selector once and reports parse errors; podsim checks
 * a requirement's validity where it is used, with the same outcome: a node
 * selector term that fails to parse matches nothing, and so does a label
 * selector (where upstream's callers turn the error into a failure).
 */
#include <stdio.h>
#include <string.h>

#include "match.h"

/* ---- strings ------------------------------------------------------------- */

const char *kvs_get(const podsim_kvs *kvs, const char *key) {
    if (!kvs) return NULL;
    for (size_t i = 0; i < kvs->count; i++) {
        if (same_string(kvs->items[i].key, key)) return kvs->items[i].value;
    }
    return NULL;
}

/* ---- validation (k8s.io/apimachinery/pkg/util/validation) ---------------- */

#define QNAME_FMT "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]"
#define QNAME_MSG                                                         \
    "must consist of alphanumeric characters, '-', '_' or '.', and must " \
    "start and end with an alphanumeric character"
#define QNAME_REGEX_ERR                                          \
    QNAME_MSG                                                    \
    " (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used " \
    "for validation is '" QNAME_FMT "')"
#define LABEL_VALUE_REGEX_ERR                                           \
    "a valid label must be an empty string or consist of alphanumeric " \
    "characters, '-', '_' or '.', and must start and end with an "      \
    "alphanumeric character (e.g. 'MyValue',  or 'my_value',  or "      \
    "'12345', regex used for validation is '(" QNAME_FMT ")?')"
#define DNS1123_REGEX_ERR                                               \
    "a lowercase RFC 1123 subdomain must consist of lower case "        \
    "alphanumeric characters, '-' or '.', and must start and end with " \
    "an alphanumeric character (e.g. 'example.com', regex used for "    \
    "validation is "                                                    \
    "'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"

static bool is_alnum(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= '0' && c <= '9');
}

/* The qualified-name pattern ([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]. */
static bool qname_chars_ok(const char *s, size_t len) {
    if (len == 0 || !is_alnum(s[0]) || !is_alnum(s[len - 1])) return false;
    for (size_t i = 1; i + 1 < len; i++) {
        char c = s[i];
        if (!is_alnum(c) && c != '-' && c != '_' && c != '.') return false;
    }
    return true;
}

bool is_valid_label_value(const char *s) {
    size_t len = strlen(s);
    return len == 0 || (len <= 63 && qname_chars_ok(s, len));
}

static bool is_lower_alnum(char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

/* [a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)* */
static bool dns1123_subdomain_chars_ok(const char *s, size_t len) {
    size_t start = 0;
    for (size_t i = 0; i <= len; i++) {
        if (i < len && s[i] != '.') continue;
        size_t n = i - start;
        if (n == 0 || !is_lower_alnum(s[start]) || !is_lower_alnum(s[i - 1]))
            return false;
        for (size_t j = start; j < i; j++) {
            if (!is_lower_alnum(s[j]) && s[j] != '-') return false;
        }
        start = i + 1;
    }
    return true;
}

/* A growing "; "-joined list of messages (strings.Join(errs, "; ")). */
typedef struct msgs {
    char *buf;
    size_t cap;
    size_t len;
    int count;
} msgs;

static void msgs_add(msgs *m, const char *prefix, const char *text) {
    if (!m->buf) {
        m->count++;
        return;
    }
    int n = snprintf(m->buf + m->len, m->cap - m->len, "%s%s%s",
                     m->count ? "; " : "", prefix, text);
    m->count++;
    if (n > 0) m->len += (size_t)n;
    if (m->len >= m->cap) m->len = m->cap - 1;
}

/* validation.IsQualifiedName: the messages it would return. */
static void check_qualified_name(const char *key, msgs *m) {
    const char *slash = strchr(key, '/');
    const char *name = key;
    if (slash) {
        if (strchr(slash + 1, '/')) {
            msgs_add(m, "a qualified name ",
                     QNAME_REGEX_ERR
                     " with an optional DNS subdomain prefix "
                     "and '/' (e.g. 'example.com/MyName')");
            return;
        }
        size_t plen = (size_t)(slash - key);
        if (plen == 0) {
            msgs_add(m, "prefix part ", "must be non-empty");
        } else {
            if (plen > 253) {
                msgs_add(m, "prefix part ",
                         "must be no more than 253 "
                         "characters");
            }
            if (!dns1123_subdomain_chars_ok(key, plen)) {
                msgs_add(m, "prefix part ", DNS1123_REGEX_ERR);
            }
        }
        name = slash + 1;
    }
    size_t nlen = strlen(name);
    if (nlen == 0) {
        msgs_add(m, "name part ", "must be non-empty");
    } else if (nlen > 63) {
        msgs_add(m, "name part ", "must be no more than 63 characters");
    }
    if (!qname_chars_ok(name, nlen)) msgs_add(m, "name part ", QNAME_REGEX_ERR);
}

/* validation.IsValidLabelValue: the messages it would return. */
static void check_label_value(const char *v, msgs *m) {
    size_t len = strlen(v);
    if (len > 63) msgs_add(m, "", "must be no more than 63 characters");
    if (len && !qname_chars_ok(v, len)) msgs_add(m, "", LABEL_VALUE_REGEX_ERR);
}

/* strconv.ParseInt(s, 10, 64): optional sign, decimal digits, no
   overflow. */
static bool parse_int64(const char *s, int64_t *out) {
    bool neg = false;
    if (*s == '+' || *s == '-') neg = *s++ == '-';
    if (!*s) return false;
    uint64_t v = 0;
    uint64_t limit = neg ? (uint64_t)INT64_MAX + 1u : (uint64_t)INT64_MAX;
    for (; *s; s++) {
        if (*s < '0' || *s > '9') return false;
        uint64_t d = (uint64_t)(*s - '0');
        if (v > (limit - d) / 10) return false;
        v = v * 10 + d;
    }
    *out = neg ? (int64_t)(0 - v) : (int64_t)v;
    return true;
}

/* ---- requirement validity (labels.NewRequirement) ------------------------ */

/* Go's %q for the strings that appear in field errors. */
static void go_quote(const char *s, char *buf, size_t cap) {
    size_t n = 0;
    if (cap < 3) {
        if (cap) buf[0] = '\0';
        return;
    }
    buf[n++] = '"';
    for (; *s && n + 6 < cap; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\') {
            buf[n++] = '\\';
            buf[n++] = (char)c;
        } else if (c == '\n') {
            buf[n++] = '\\';
            buf[n++] = 'n';
        } else if (c == '\t') {
            buf[n++] = '\\';
            buf[n++] = 't';
        } else if (c < 0x20 || c == 0x7f) {
            n += (size_t)snprintf(buf + n, cap - n, "\\x%02x", c);
        } else {
            buf[n++] = (char)c;
        }
    }
    buf[n++] = '"';
    buf[n] = '\0';
}

/* %#v of a []string, as field.Invalid prints a whole values list. */
static void go_string_slice(const podsim_strings *v, char *buf, size_t cap) {
    size_t n = (size_t)snprintf(buf, cap, "%s",
                                v->count ? "[]string{" : "[]string(nil)");
    for (size_t i = 0; i < v->count && n < cap; i++) {
        char q[200];
        go_quote(v->items[i], q, sizeof q);
        n += (size_t)snprintf(buf + n, cap - n, "%s%s", i ? ", " : "", q);
    }
    if (v->count && n < cap) snprintf(buf + n, cap - n, "}");
}

static void set_problem(selector_problem *out, const char *field,
                        const char *detail) {
    if (!out) return;
    snprintf(out->field, sizeof out->field, "%s", field);
    snprintf(out->detail, sizeof out->detail, "%s", detail);
}

/* The first error labels.NewRequirement reports for (key, op, values), in
   its order: key, operator-specific value counts and integers, then each
   value as a label value. `label_ops` limits the operators to those of a
   metav1.LabelSelector. */
/* validation.IsQualifiedName: its first message, or NULL when valid. */
const char *qualified_name_problem(const char *name) {
    const char *slash = strchr(name, '/');
    const char *part = name;
    if (slash) {
        if (strchr(slash + 1, '/')) {
            return "a qualified name " QNAME_REGEX_ERR
                   " with an optional DNS subdomain prefix and '/' (e.g. "
                   "'example.com/MyName')";
        }
        size_t prefix_len = (size_t)(slash - name);
        if (prefix_len == 0) return "prefix part must be non-empty";
        if (prefix_len > 253) {
            return "prefix part must be no more than 253 characters";
        }
        if (!dns1123_subdomain_chars_ok(name, prefix_len)) {
            return "prefix part a lowercase RFC 1123 subdomain must consist "
                   "of lower case alphanumeric characters, '-' or '.', and "
                   "must start and end with an alphanumeric character (e.g. "
                   "'example.com', regex used for validation is "
                   "'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*"
                   "[a-z0-9])?)*')";
        }
        part = slash + 1;
    }
    size_t len = strlen(part);
    if (len == 0) return "name part must be non-empty";
    if (len > 63) return "name part must be no more than 63 characters";
    if (!qname_chars_ok(part, len)) {
        return "name part " QNAME_REGEX_ERR;
    }
    return NULL;
}

static bool qualified_name_ok(const char *key) {
    return qualified_name_problem(key) == NULL;
}

/* requirement_problem without the messages: the matchers' fast path. */
static bool requirement_valid(const podsim_requirement *r, bool label_ops) {
    if (!qualified_name_ok(r->key)) return false;
    const podsim_strings *vals = &r->values;
    switch (r->op) {
    case PODSIM_OP_IN:
    case PODSIM_OP_NOT_IN:
        if (vals->count == 0) return false;
        break;
    case PODSIM_OP_EXISTS:
    case PODSIM_OP_DOES_NOT_EXIST:
        if (vals->count != 0) return false;
        break;
    case PODSIM_OP_GT:
    case PODSIM_OP_LT: {
        int64_t ignored;
        if (label_ops || vals->count != 1 ||
            !parse_int64(vals->items[0], &ignored)) {
            return false;
        }
        break;
    }
    }
    for (size_t i = 0; i < vals->count; i++) {
        if (!is_valid_label_value(vals->items[i])) return false;
    }
    return true;
}

static bool requirement_problem(const podsim_requirement *r, bool label_ops,
                                selector_problem *out) {
    if (!out) return !requirement_valid(r, label_ops);
    char quoted[400], detail[1100], text[600];
    detail[0] = '\0';
    msgs m = {out ? text : NULL, sizeof text, 0, 0};
    text[0] = '\0';

    check_qualified_name(r->key, &m);
    if (m.count) {
        if (out) {
            go_quote(r->key, quoted, sizeof quoted);
            snprintf(detail, sizeof detail, "Invalid value: %s: %s", quoted,
                     text);
        }
        set_problem(out, "key", detail);
        return true;
    }
    const podsim_strings *vals = &r->values;
    const char *count_err = NULL;
    switch (r->op) {
    case PODSIM_OP_IN:
    case PODSIM_OP_NOT_IN:
        if (vals->count == 0)
            count_err =
                "for 'in', 'notin' operators, values set can't be empty";
        break;
    case PODSIM_OP_EXISTS:
    case PODSIM_OP_DOES_NOT_EXIST:
        if (vals->count != 0)
            count_err =
                "values set must be empty for exists and does not "
                "exist";
        break;
    case PODSIM_OP_GT:
    case PODSIM_OP_LT:
        if (label_ops) {
            /* LabelSelectorAsSelector refuses the operator itself. */
            if (out) {
                snprintf(detail, sizeof detail,
                         "Unsupported value: \"%s\": supported values: "
                         "\"In\", \"NotIn\", \"Exists\", \"DoesNotExist\"",
                         podsim_selector_op_name(r->op));
            }
            set_problem(out, "operator", detail);
            return true;
        }
        if (vals->count != 1) {
            count_err =
                "for 'Gt', 'Lt' operators, exactly one value is "
                "required";
            break;
        }
        int64_t ignored;
        if (!parse_int64(vals->items[0], &ignored)) {
            if (out) {
                go_quote(vals->items[0], quoted, sizeof quoted);
                snprintf(detail, sizeof detail,
                         "Invalid value: %s: for 'Gt', 'Lt' operators, the "
                         "value must be an integer",
                         quoted);
            }
            set_problem(out, "values[0]", detail);
            return true;
        }
        break;
    }
    if (count_err) {
        if (out) {
            go_string_slice(vals, quoted, sizeof quoted);
            snprintf(detail, sizeof detail, "Invalid value: %s: %s", quoted,
                     count_err);
        }
        set_problem(out, "values", detail);
        return true;
    }
    for (size_t i = 0; i < vals->count; i++) {
        m.len = 0;
        m.count = 0;
        text[0] = '\0';
        check_label_value(vals->items[i], &m);
        if (!m.count) continue;
        if (out) {
            char field[300];
            snprintf(field, sizeof field, "values[%zu][%s]", i, r->key);
            go_quote(vals->items[i], quoted, sizeof quoted);
            snprintf(detail, sizeof detail, "Invalid value: %s: %s", quoted,
                     text);
            set_problem(out, field, detail);
        }
        return true;
    }
    return false;
}

/* ---- matching ------------------------------------------------------------ */

static bool has_value(const podsim_strings *vals, const char *v) {
    for (size_t i = 0; i < vals->count; i++) {
        if (same_string(vals->items[i], v)) return true;
    }
    return false;
}

bool requirement_matches(const podsim_requirement *r,
                         const podsim_kvs *labels) {
    const char *v = kvs_get(labels, r->key);
    switch (r->op) {
    case PODSIM_OP_IN: return v && has_value(&r->values, v);
    case PODSIM_OP_NOT_IN: return !v || !has_value(&r->values, v);
    case PODSIM_OP_EXISTS: return v != NULL;
    case PODSIM_OP_DOES_NOT_EXIST: return v == NULL;
    case PODSIM_OP_GT:
    case PODSIM_OP_LT: {
        int64_t have, want;
        if (!v || r->values.count != 1 || !parse_int64(v, &have) ||
            !parse_int64(r->values.items[0], &want)) {
            return false;
        }
        return r->op == PODSIM_OP_GT ? have > want : have < want;
    }
    }
    return false;
}

bool label_selector_matches(const podsim_label_selector *sel,
                            const podsim_kvs *labels) {
    if (!sel) return false; /* labels.Nothing() */
    /* match first, then validate: a selector that fails to parse matches
       nothing, and most selectors reject most pods on the first label, so
       the validation runs only for the matches */
    for (size_t i = 0; i < sel->match_labels.count; i++) {
        const podsim_kv *kv = &sel->match_labels.items[i];
        if (!same_string(kvs_get(labels, kv->key), kv->value)) return false;
    }
    for (size_t i = 0; i < sel->match_expression_count; i++) {
        if (!requirement_matches(&sel->match_expressions[i], labels))
            return false;
    }
    /* matchLabels are Equals requirements, validated like any other */
    for (size_t i = 0; i < sel->match_labels.count; i++) {
        const podsim_kv *kv = &sel->match_labels.items[i];
        podsim_requirement eq = {kv->key, PODSIM_OP_IN, {&kv->value, 1}};
        if (!requirement_valid(&eq, true)) return false;
    }
    for (size_t i = 0; i < sel->match_expression_count; i++) {
        if (!requirement_valid(&sel->match_expressions[i], true)) return false;
    }
    return true;
}

/* nodeSelectorRequirementsAsFieldSelector: In or NotIn with one value. */
static bool field_requirement_problem(const podsim_requirement *r,
                                      selector_problem *out) {
    char detail[700];
    detail[0] = '\0';
    if (r->op != PODSIM_OP_IN && r->op != PODSIM_OP_NOT_IN) {
        if (out) {
            snprintf(detail, sizeof detail,
                     "Unsupported value: \"%s\": supported values: \"In\", "
                     "\"NotIn\"",
                     podsim_selector_op_name(r->op));
        }
        set_problem(out, "operator", detail);
        return true;
    }
    if (r->values.count != 1) {
        if (out) {
            char list[400];
            go_string_slice(&r->values, list, sizeof list);
            snprintf(detail, sizeof detail,
                     "Invalid value: %s: must have one element", list);
        }
        set_problem(out, "values", detail);
        return true;
    }
    return false;
}

bool node_selector_term_problem(const podsim_node_selector_term *t,
                                selector_problem *out) {
    for (size_t i = 0; i < t->match_expression_count; i++) {
        if (requirement_problem(&t->match_expressions[i], false, out)) {
            if (out) {
                out->in_fields = false;
                out->index = i;
            }
            return true;
        }
    }
    for (size_t i = 0; i < t->match_field_count; i++) {
        if (field_requirement_problem(&t->match_fields[i], out)) {
            if (out) {
                out->in_fields = true;
                out->index = i;
            }
            return true;
        }
    }
    return false;
}

/* A field selector term against the node's fields: only metadata.name is
   set (fields.Set Get gives "" for any other key). */
static bool field_matches(const podsim_requirement *r, const char *name) {
    const char *have = same_string(r->key, "metadata.name") ? name : "";
    bool equal = same_string(have, r->values.items[0]);
    return r->op == PODSIM_OP_IN ? equal : !equal;
}

bool node_selector_term_matches(const podsim_node_selector_term *t,
                                const podsim_node *node) {
    if (t->match_expression_count == 0 && t->match_field_count == 0)
        return false; /* an empty term selects nothing */
    for (size_t i = 0; i < t->match_expression_count; i++) {
        if (!requirement_matches(&t->match_expressions[i], &node->meta.labels))
            return false;
    }
    if (node_selector_term_problem(t, NULL)) return false;
    /* upstream skips the fields when the node has no name */
    const char *name = node->meta.name;
    if (name && name[0]) {
        for (size_t i = 0; i < t->match_field_count; i++) {
            if (!field_matches(&t->match_fields[i], name)) return false;
        }
    }
    return true;
}

bool node_selector_matches(const podsim_node_selector *sel,
                           const podsim_node *node) {
    if (!sel) return true;
    for (size_t i = 0; i < sel->term_count; i++) {
        if (node_selector_term_matches(&sel->terms[i], node)) return true;
    }
    return false;
}

bool pod_matches_node_affinity(const podsim_pod *pod, const podsim_node *node) {
    /* spec.nodeSelector: labels.SelectorFromSet, exact matches, no
       validation */
    const podsim_kvs *want = &pod->spec.node_selector;
    for (size_t i = 0; i < want->count; i++) {
        const char *have = kvs_get(&node->meta.labels, want->items[i].key);
        if (!have || !same_string(have, want->items[i].value)) return false;
    }
    const podsim_affinity *a = pod->spec.affinity;
    if (a && a->node_affinity && a->node_affinity->required) {
        return node_selector_matches(a->node_affinity->required, node);
    }
    return true;
}

/* ---- taints and tolerations ---------------------------------------------- */

bool toleration_tolerates(const podsim_toleration *t,
                          const podsim_taint *taint) {
    if (t->effect != PODSIM_EFFECT_NONE && t->effect != taint->effect)
        return false;
    if (t->key && t->key[0] && !same_string(t->key, taint->key)) return false;
    switch (t->op) {
    case PODSIM_TOLERATION_EQUAL:
        return same_string(t->value ? t->value : "",
                           taint->value ? taint->value : "");
    case PODSIM_TOLERATION_EXISTS: return true;
    }
    return false;
}

bool tolerations_tolerate(const podsim_toleration *ts, size_t n,
                          const podsim_taint *taint) {
    for (size_t i = 0; i < n; i++) {
        if (toleration_tolerates(&ts[i], taint)) return true;
    }
    return false;
}

const podsim_taint *first_untolerated_taint(const podsim_node *node,
                                            const podsim_toleration *ts,
                                            size_t n) {
    for (size_t i = 0; i < node->taint_count; i++) {
        const podsim_taint *taint = &node->taints[i];
        /* DoNotScheduleTaintsFilterFunc */
        if (taint->effect != PODSIM_EFFECT_NO_SCHEDULE &&
            taint->effect != PODSIM_EFFECT_NO_EXECUTE) {
            continue;
        }
        if (!tolerations_tolerate(ts, n, taint)) return taint;
    }
    return NULL;
}
