/*
 * sim_dump.c - a simulation written as `kubectl get nodes,pods,events,
 * deployments,replicasets,statefulsets,daemonsets,jobs,pvc,pv,configmaps,
 * secrets -A -o yaml` prints it at the simulated now.
 *
 * The shape is kubectl's: a `kind: List` whose items come kind by kind in
 * the order of the command line, each kind listed as the API server lists
 * it (by namespace, then name: etcd key order), every mapping's keys in
 * alphabetical order (kubectl marshals through JSON, sigs.k8s.io/yaml,
 * which sorts map keys), sequences not indented under their key (go-yaml
 * v2), timestamps as RFC 3339 seconds (metav1.Time), `lastProbeTime: null`,
 * `lastState: {}`, `eventTime: null` and the List's `resourceVersion: ""`.
 * Field names and defaults come from k8s.io/api core/v1, apps/v1, batch/v1
 * types.go. Events are core/v1 Events (involvedObject, source, count,
 * firstTimestamp, lastTimestamp), one per series the simulation
 * aggregated (client-go's EventCorrelator), named as the recorder names
 * them (tools/record/event.go makeEvent: "<object>.<hex UnixNano>").
 *
 * Only what the model keeps is written: ConfigMap and Secret values are
 * empty strings, an exec handler's command comes back split at spaces, a
 * hook's handler has no parameters, status.qosClass is computed when the
 * model has none (the API server always sets it), and so on. The property
 * that matters: podsim_cluster_load_string of the text gives back the same
 * nodes, pods and events, so a diagnosis of the dump reads what the
 * simulation shows.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim.h"

/* ---- the YAML writer --------------------------------------------------------
 *
 * Block style only. `item` marks that the next key opens a sequence item:
 * it is written as "- key:" two columns left of its indentation.
 */
typedef struct dw {
    strbuf *out;
    bool item;
} dw;

static void spaces(dw *w, int n) {
    static const char blanks[] = "                                ";
    while (n > 0) {
        int k = n < 32 ? n : 32;
        strbuf_append(w->out, blanks, (size_t)k);
        n -= k;
    }
}

static void pad(dw *w, int ind) {
    if (w->item) {
        spaces(w, ind - 2);
        strbuf_append(w->out, "- ", 2);
        w->item = false;
    } else {
        spaces(w, ind);
    }
}

static bool in_set(char ch, const char *set) {
    return ch && strchr(set, ch) != NULL;
}

static bool ascii_ieq(const char *a, const char *b) {
    for (; *a && *b; a++, b++) {
        char x = *a, y = *b;
        if (x >= 'A' && x <= 'Z') x = (char)(x - 'A' + 'a');
        if (y >= 'A' && y <= 'Z') y = (char)(y - 'A' + 'a');
        if (x != y) return false;
    }
    return *a == *b;
}

/* The length of a Unicode line break YAML folds (NEL, LS, PS) at s, or 0;
 *escape is its escape in a double-quoted scalar. */
static size_t unicode_break(const char *s, const char **escape) {
    const unsigned char *u = (const unsigned char *)s;
    if (u[0] == 0xc2 && u[1] == 0x85) {
        if (escape) *escape = "\\N";
        return 2;
    }
    if (u[0] == 0xe2 && u[1] == 0x80 && (u[2] == 0xa8 || u[2] == 0xa9)) {
        if (escape) *escape = u[2] == 0xa8 ? "\\L" : "\\P";
        return 3;
    }
    return 0;
}

/* Whether a string must be quoted to read back as the same string: YAML
   1.1 resolves plain scalars to null, booleans, numbers and timestamps
   (go-yaml v2, which sigs.k8s.io/yaml reads with), and some characters
   start or end a plain scalar's structure. */
static bool needs_quotes(const char *s) {
    static const char *const words[] = {"y",     "yes", "n",   "no",   "true",
                                        "false", "on",  "off", "null", "~"};
    size_t len = strlen(s);
    if (!len || !strcmp(s, "<<")) return true;
    if (in_set(s[0], "-?:,[]{}#&*!|>'\"%@` .")) return true;
    if (s[len - 1] == ' ' || s[len - 1] == ':') return true;
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
        if (ascii_ieq(s, words[i])) return true;
    }
    bool numeric = true; /* only characters a number or a time can hold */
    for (size_t i = 0; i < len; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (ch < 0x20 || ch == 0x7f || ch == '"' || ch == '\\') return true;
        if (unicode_break(s + i, NULL)) return true;
        if (ch == ':' && s[i + 1] == ' ') return true;
        if (ch == '#' && i > 0 && s[i - 1] == ' ') return true;
        if (!in_set((char)ch, "0123456789+-.:_eExXoObBaAcCdDfFtTzZ ")) {
            numeric = false;
        }
    }
    return numeric && (s[0] == '+' || (s[0] >= '0' && s[0] <= '9'));
}

static void scalar(dw *w, const char *s) {
    if (!s) s = "";
    if (!needs_quotes(s)) {
        strbuf_puts(w->out, s);
        return;
    }
    strbuf_putc(w->out, '"');
    for (const char *p = s; *p; p++) {
        unsigned char ch = (unsigned char)*p;
        const char *escape = NULL;
        size_t n = unicode_break(p, &escape);
        if (n) {
            strbuf_puts(w->out, escape);
            p += n - 1;
            continue;
        }
        switch (ch) {
        case '"': strbuf_append(w->out, "\\\"", 2); break;
        case '\\': strbuf_append(w->out, "\\\\", 2); break;
        case '\n': strbuf_append(w->out, "\\n", 2); break;
        case '\t': strbuf_append(w->out, "\\t", 2); break;
        case '\r': strbuf_append(w->out, "\\r", 2); break;
        default:
            if (ch < 0x20 || ch == 0x7f) {
                strbuf_printf(w->out, "\\x%02x", ch);
            } else {
                strbuf_putc(w->out, (char)ch);
            }
        }
    }
    strbuf_putc(w->out, '"');
}

static void key(dw *w, int ind, const char *k) {
    pad(w, ind);
    scalar(w, k);
    strbuf_putc(w->out, ':');
}

/* "key:" with a block below it */
static void block(dw *w, int ind, const char *k) {
    key(w, ind, k);
    strbuf_putc(w->out, '\n');
}

static void raw(dw *w, int ind, const char *k, const char *text) {
    key(w, ind, k);
    strbuf_putc(w->out, ' ');
    strbuf_puts(w->out, text);
    strbuf_putc(w->out, '\n');
}

static void str(dw *w, int ind, const char *k, const char *v) {
    key(w, ind, k);
    strbuf_putc(w->out, ' ');
    scalar(w, v);
    strbuf_putc(w->out, '\n');
}

/* omitempty */
static void str_opt(dw *w, int ind, const char *k, const char *v) {
    if (v && v[0]) str(w, ind, k, v);
}

static void num(dw *w, int ind, const char *k, int64_t v) {
    key(w, ind, k);
    strbuf_printf(w->out, " %lld\n", (long long)v);
}

static void num_opt(dw *w, int ind, const char *k, podsim_opt_i64 v) {
    if (v.set) num(w, ind, k, v.value);
}

static void flag(dw *w, int ind, const char *k, bool v) {
    raw(w, ind, k, v ? "true" : "false");
}

/* A sequence item that is a scalar. */
static void seq_str(dw *w, int ind, const char *v) {
    spaces(w, ind);
    strbuf_append(w->out, "- ", 2);
    scalar(w, v);
    strbuf_putc(w->out, '\n');
}

/* A mapping under `k` whose entries may all be omitted (never the first
   key of a sequence item): block_end turns "k:" into "k: {}" when nothing
   was written below it. */
typedef struct dw_block {
    size_t mark; /* where "k:" starts */
    size_t body; /* where its entries start */
} dw_block;

static dw_block block_begin(dw *w, int ind, const char *k) {
    dw_block b;
    b.mark = w->out->len;
    block(w, ind, k);
    b.body = w->out->len;
    return b;
}

static void block_end(dw *w, int ind, const char *k, dw_block b) {
    if (w->out->len != b.body) return;
    strbuf_truncate(w->out, b.mark);
    raw(w, ind, k, "{}");
}

/* The next key opens a sequence item. */
static void item(dw *w) {
    w->item = true;
}

static void empty_item(dw *w, int ind) {
    spaces(w, ind);
    strbuf_puts(w->out, "- {}\n");
}

/* ---- times --------------------------------------------------------------- */

/* days since 1970-01-01 to a civil date (H. Hinnant's civil_from_days) */
static void civil(int64_t days, int64_t *y, int *m, int *d) {
    days += 719468;
    int64_t era = (days >= 0 ? days : days - 146096) / 146097;
    int64_t doe = days - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = yoe + era * 400 + (*m <= 2);
}

/* metav1.Time: RFC 3339 in UTC with whole seconds (floor). */
static void format_time(char out[40], int64_t ms) {
    int64_t s = ms >= 0 ? ms / 1000 : -((-ms + 999) / 1000);
    int64_t days = s >= 0 ? s / 86400 : -((-s + 86399) / 86400);
    int64_t rem = s - days * 86400;
    int64_t y;
    int m, d;
    civil(days, &y, &m, &d);
    snprintf(out, 40, "%04lld-%02d-%02dT%02d:%02d:%02dZ", (long long)y, m, d,
             (int)(rem / 3600), (int)(rem / 60 % 60), (int)(rem % 60));
}

static void time_opt(dw *w, int ind, const char *k, int64_t ms) {
    if (ms == PODSIM_NO_TIME) return;
    char t[40];
    format_time(t, ms);
    str(w, ind, k, t);
}

/* ---- shared pieces ------------------------------------------------------- */

static void kvs(dw *w, int ind, const char *k, const podsim_kvs *m) {
    if (!m->count) return;
    block(w, ind, k);
    for (size_t i = 0; i < m->count; i++) {
        str(w, ind + 2, m->items[i].key, m->items[i].value);
    }
}

static void strings(dw *w, int ind, const char *k, const podsim_strings *s) {
    if (!s->count) return;
    block(w, ind, k);
    for (size_t i = 0; i < s->count; i++) seq_str(w, ind, s->items[i]);
}

static void quantity(dw *w, int ind, const char *k, const podsim_quantity *q) {
    char text[PODSIM_QUANTITY_STRING_MAX];
    if (podsim_quantity_format(q, text, sizeof text, NULL) != PODSIM_OK) {
        text[0] = '\0';
    }
    str(w, ind, k, text);
}

/* A ResourceList, keys sorted as JSON marshalling sorts map keys. */
static int cmp_resource(const void *a, const void *b) {
    return strcmp(((const podsim_resource *)a)->name,
                  ((const podsim_resource *)b)->name);
}

static void resources(dw *w, int ind, const char *k,
                      const podsim_resources *r) {
    if (!r->count) return;
    podsim_resource small[16];
    podsim_resource *sorted = small;
    if (r->count > 16) {
        sorted = malloc(r->count * sizeof(*sorted));
        if (!sorted) {
            w->out->failed = true;
            return;
        }
    }
    memcpy(sorted, r->items, r->count * sizeof(*sorted));
    qsort(sorted, r->count, sizeof(*sorted), cmp_resource);
    block(w, ind, k);
    for (size_t i = 0; i < r->count; i++) {
        quantity(w, ind + 2, sorted[i].name, &sorted[i].quantity);
    }
    if (sorted != small) free(sorted);
}

static void owner_refs(dw *w, int ind, const podsim_meta *m) {
    if (!m->owner_reference_count) return;
    block(w, ind, "ownerReferences");
    for (size_t i = 0; i < m->owner_reference_count; i++) {
        const podsim_owner_reference *o = &m->owner_references[i];
        item(w);
        str(w, ind + 2, "apiVersion", o->api_version);
        if (o->block_owner_deletion) flag(w, ind + 2, "blockOwnerDeletion", 1);
        if (o->controller) flag(w, ind + 2, "controller", true);
        str(w, ind + 2, "kind", o->kind);
        str(w, ind + 2, "name", o->name);
        str(w, ind + 2, "uid", o->uid);
    }
}

static void meta(dw *w, int ind, const podsim_meta *m) {
    block(w, ind, "metadata");
    ind += 2;
    kvs(w, ind, "annotations", &m->annotations);
    time_opt(w, ind, "creationTimestamp", m->creation_timestamp);
    num_opt(w, ind, "deletionGracePeriodSeconds",
            m->deletion_grace_period_seconds);
    time_opt(w, ind, "deletionTimestamp", m->deletion_timestamp);
    strings(w, ind, "finalizers", &m->finalizers);
    kvs(w, ind, "labels", &m->labels);
    str(w, ind, "name", m->name);
    if (m->namespace_) str(w, ind, "namespace", m->namespace_);
    owner_refs(w, ind, m);
    str_opt(w, ind, "resourceVersion", m->resource_version);
    str_opt(w, ind, "uid", m->uid);
}

static void requirements(dw *w, int ind, const char *k,
                         const podsim_requirement *r, size_t n) {
    if (!n) return;
    block(w, ind, k);
    for (size_t i = 0; i < n; i++) {
        item(w);
        str(w, ind + 2, "key", r[i].key);
        str(w, ind + 2, "operator", podsim_selector_op_name(r[i].op));
        strings(w, ind + 2, "values", &r[i].values);
    }
}

static void label_selector(dw *w, int ind, const char *k,
                           const podsim_label_selector *s) {
    if (!s) return;
    if (!s->match_labels.count && !s->match_expression_count) {
        raw(w, ind, k, "{}");
        return;
    }
    block(w, ind, k);
    requirements(w, ind + 2, "matchExpressions", s->match_expressions,
                 s->match_expression_count);
    kvs(w, ind + 2, "matchLabels", &s->match_labels);
}

static bool term_empty(const podsim_node_selector_term *t) {
    return !t->match_expression_count && !t->match_field_count;
}

static void term_body(dw *w, int ind, const podsim_node_selector_term *t) {
    requirements(w, ind, "matchExpressions", t->match_expressions,
                 t->match_expression_count);
    requirements(w, ind, "matchFields", t->match_fields, t->match_field_count);
}

static void node_selector(dw *w, int ind, const char *k,
                          const podsim_node_selector *s) {
    if (!s) return;
    block(w, ind, k);
    if (!s->term_count) {
        raw(w, ind + 2, "nodeSelectorTerms", "[]");
        return;
    }
    block(w, ind + 2, "nodeSelectorTerms");
    for (size_t i = 0; i < s->term_count; i++) {
        if (term_empty(&s->terms[i])) {
            empty_item(w, ind + 2);
            continue;
        }
        item(w);
        term_body(w, ind + 4, &s->terms[i]);
    }
}

static const char *const access_mode_names[] = {
    "ReadWriteOnce", "ReadOnlyMany", "ReadWriteMany", "ReadWriteOncePod"};

static void access_modes(dw *w, int ind, unsigned modes) {
    if (!modes) return;
    block(w, ind, "accessModes");
    for (unsigned j = 0; j < 4; j++) {
        if (modes & (1u << j)) seq_str(w, ind, access_mode_names[j]);
    }
}

/* ---- pods ---------------------------------------------------------------- */

static void pod_affinity_term(dw *w, int ind,
                              const podsim_pod_affinity_term *t) {
    label_selector(w, ind, "labelSelector", t->label_selector);
    strings(w, ind, "matchLabelKeys", &t->match_label_keys);
    strings(w, ind, "mismatchLabelKeys", &t->mismatch_label_keys);
    label_selector(w, ind, "namespaceSelector", t->namespace_selector);
    strings(w, ind, "namespaces", &t->namespaces);
    str(w, ind, "topologyKey", t->topology_key);
}

static void pod_affinity(dw *w, int ind, const char *k,
                         const podsim_pod_affinity *a) {
    if (!a) return;
    if (!a->preferred_count && !a->required_count) {
        raw(w, ind, k, "{}");
        return;
    }
    block(w, ind, k);
    ind += 2;
    if (a->preferred_count) {
        block(w, ind, "preferredDuringSchedulingIgnoredDuringExecution");
        for (size_t i = 0; i < a->preferred_count; i++) {
            item(w);
            block(w, ind + 2, "podAffinityTerm");
            pod_affinity_term(w, ind + 4, &a->preferred[i].term);
            num(w, ind + 2, "weight", a->preferred[i].weight);
        }
    }
    if (a->required_count) {
        block(w, ind, "requiredDuringSchedulingIgnoredDuringExecution");
        for (size_t i = 0; i < a->required_count; i++) {
            item(w);
            pod_affinity_term(w, ind + 2, &a->required[i]);
        }
    }
}

static void affinity(dw *w, int ind, const podsim_affinity *a) {
    if (!a) return;
    if (!a->node_affinity && !a->pod_affinity && !a->pod_anti_affinity) {
        raw(w, ind, "affinity", "{}");
        return;
    }
    block(w, ind, "affinity");
    ind += 2;
    const podsim_node_affinity *na = a->node_affinity;
    if (na && !na->preferred_count && !na->required) {
        raw(w, ind, "nodeAffinity", "{}");
    } else if (na) {
        block(w, ind, "nodeAffinity");
        if (na->preferred_count) {
            block(w, ind + 2,
                  "preferredDuringSchedulingIgnoredDuringExecution");
            for (size_t i = 0; i < na->preferred_count; i++) {
                const podsim_preferred_scheduling_term *pt = &na->preferred[i];
                item(w);
                if (term_empty(&pt->preference)) {
                    raw(w, ind + 4, "preference", "{}");
                } else {
                    block(w, ind + 4, "preference");
                    term_body(w, ind + 6, &pt->preference);
                }
                num(w, ind + 4, "weight", pt->weight);
            }
        }
        node_selector(w, ind + 2,
                      "requiredDuringSchedulingIgnoredDuringExecution",
                      na->required);
    }
    pod_affinity(w, ind, "podAffinity", a->pod_affinity);
    pod_affinity(w, ind, "podAntiAffinity", a->pod_anti_affinity);
}

/* An IntOrString port: a number unquoted, a name as a string. */
static void port_value(dw *w, int ind, const char *k, const char *port) {
    bool digits = port && port[0];
    for (const char *p = port; digits && *p; p++) {
        if (*p < '0' || *p > '9') digits = false;
    }
    if (digits) {
        raw(w, ind, k, port);
    } else {
        str(w, ind, k, port);
    }
}

/* Copy s[0..n) into a small buffer. */
static const char *cut(char *buf, size_t cap, const char *s, size_t n) {
    if (n >= cap) n = cap - 1;
    memcpy(buf, s, n);
    buf[n] = '\0';
    return buf;
}

/* httpGet from the model's target: "port:path", or the URL describe
   prints when a scheme other than HTTP or a host is set
   ("https://host:port/path", an IPv6 host in brackets). */
static void http_get(dw *w, int ind, const char *target) {
    char scheme[16] = "HTTP", host[256] = "", port[64] = "80";
    const char *path = "/";
    const char *sep = strstr(target, "://");
    if (sep) {
        cut(scheme, sizeof scheme, target, (size_t)(sep - target));
        for (char *c = scheme; *c; c++) {
            if (*c >= 'a' && *c <= 'z') *c = (char)(*c - 'a' + 'A');
        }
        const char *h = sep + 3;
        const char *slash = strchr(h, '/');
        const char *end = slash ? slash : h + strlen(h);
        const char *colon = NULL;
        for (const char *c = h; c < end; c++) {
            if (*c == ':') colon = c; /* the last one: v6 hosts have more */
        }
        const char *hend = colon ? colon : end;
        if (hend > h && h[0] == '[' && hend[-1] == ']') {
            cut(host, sizeof host, h + 1, (size_t)(hend - h - 2));
        } else {
            cut(host, sizeof host, h, (size_t)(hend - h));
        }
        if (colon) cut(port, sizeof port, colon + 1, (size_t)(end - colon - 1));
        if (slash) path = slash;
    } else {
        const char *colon = strchr(target, ':');
        size_t n = colon ? (size_t)(colon - target) : strlen(target);
        if (n) cut(port, sizeof port, target, n);
        if (colon && colon[1]) path = colon + 1;
    }
    block(w, ind, "httpGet");
    str_opt(w, ind + 2, "host", host);
    str(w, ind + 2, "path", path);
    port_value(w, ind + 2, "port", port);
    str(w, ind + 2, "scheme", scheme);
}

/* A probe's or hook's handler from what the model keeps: exec's command
   joined by spaces, httpGet's target, tcpSocket's "[host:]port", grpc's
   port. */
static void handler(dw *w, int ind, podsim_handler_type type,
                    const char *target, int64_t sleep_seconds) {
    target = target ? target : "";
    switch (type) {
    case PODSIM_HANDLER_EXEC: {
        if (!target[0]) {
            raw(w, ind, "exec", "{}");
            break;
        }
        block(w, ind, "exec");
        block(w, ind + 2, "command");
        const char *word = target;
        while (*word) {
            const char *space = strchr(word, ' ');
            size_t n = space ? (size_t)(space - word) : strlen(word);
            char buf[1024];
            seq_str(w, ind + 2, cut(buf, sizeof buf, word, n));
            word += n;
            if (*word) word++;
        }
        break;
    }
    case PODSIM_HANDLER_HTTP_GET: http_get(w, ind, target); break;
    case PODSIM_HANDLER_TCP_SOCKET: {
        const char *colon = strrchr(target, ':');
        char host[256] = "";
        if (colon) cut(host, sizeof host, target, (size_t)(colon - target));
        const char *port = colon ? colon + 1 : target;
        block(w, ind, "tcpSocket");
        str_opt(w, ind + 2, "host", host);
        port_value(w, ind + 2, "port", port[0] ? port : "80");
        break;
    }
    case PODSIM_HANDLER_GRPC:
        block(w, ind, "grpc");
        port_value(w, ind + 2, "port", target[0] ? target : "80");
        break;
    case PODSIM_HANDLER_SLEEP:
        block(w, ind, "sleep");
        num(w, ind + 2, "seconds", sleep_seconds);
        break;
    default: break;
    }
}

static void probe(dw *w, int ind, const char *k, const podsim_probe *p) {
    if (!p) return;
    block(w, ind, k);
    ind += 2;
    /* keys in order: exec, failureThreshold, grpc, httpGet,
       initialDelaySeconds, periodSeconds, successThreshold, tcpSocket,
       terminationGracePeriodSeconds, timeoutSeconds */
    if (p->handler == PODSIM_HANDLER_EXEC) {
        handler(w, ind, p->handler, p->target, 0);
    }
    num(w, ind, "failureThreshold", p->failure_threshold);
    if (p->handler == PODSIM_HANDLER_GRPC ||
        p->handler == PODSIM_HANDLER_HTTP_GET) {
        handler(w, ind, p->handler, p->target, 0);
    }
    if (p->initial_delay_seconds) {
        num(w, ind, "initialDelaySeconds", p->initial_delay_seconds);
    }
    num(w, ind, "periodSeconds", p->period_seconds);
    num(w, ind, "successThreshold", p->success_threshold);
    if (p->handler == PODSIM_HANDLER_TCP_SOCKET) {
        handler(w, ind, p->handler, p->target, 0);
    }
    num_opt(w, ind, "terminationGracePeriodSeconds",
            p->termination_grace_period_seconds);
    num(w, ind, "timeoutSeconds", p->timeout_seconds);
}

static void lifecycle(dw *w, int ind, const podsim_container *c) {
    if (c->post_start == PODSIM_HANDLER_NONE &&
        c->pre_stop == PODSIM_HANDLER_NONE) {
        return;
    }
    block(w, ind, "lifecycle");
    if (c->post_start != PODSIM_HANDLER_NONE) {
        block(w, ind + 2, "postStart");
        handler(w, ind + 4, c->post_start, "", 0);
    }
    if (c->pre_stop != PODSIM_HANDLER_NONE) {
        block(w, ind + 2, "preStop");
        handler(w, ind + 4, c->pre_stop, "", c->pre_stop_sleep_seconds);
    }
}

static const char *ref_field(podsim_ref_kind kind, bool key_ref) {
    if (kind == PODSIM_REF_SECRET)
        return key_ref ? "secretKeyRef" : "secretRef";
    return key_ref ? "configMapKeyRef" : "configMapRef";
}

static void env_var(dw *w, int ind, const podsim_env_var *e) {
    item(w);
    str(w, ind, "name", e->name);
    const char *from = e->value_from_kind ? e->value_from_kind : "";
    if (!from[0]) {
        if (e->value && e->value[0]) str(w, ind, "value", e->value);
        return;
    }
    block(w, ind, "valueFrom");
    block(w, ind + 2, from);
    int in = ind + 4;
    if (!strcmp(from, "fieldRef")) {
        str_opt(w, in, "apiVersion", e->value_from_key);
        str(w, in, "fieldPath", e->value_from_name);
    } else if (!strcmp(from, "resourceFieldRef")) {
        str_opt(w, in, "divisor", e->value_from_key);
        str(w, in, "resource", e->value_from_name);
    } else {
        str(w, in, "key", e->value_from_key);
        str(w, in, "name", e->value_from_name);
        if (e->optional.set) flag(w, in, "optional", e->optional.value != 0);
    }
}

/* env and envFrom: from the container's own lists, or (a model loaded
   without them) rebuilt from its ConfigMap/Secret references. */
static void env(dw *w, int ind, const podsim_container *c) {
    if (c->env_count || c->env_from_count) {
        if (c->env_count) {
            block(w, ind, "env");
            for (size_t i = 0; i < c->env_count; i++) {
                env_var(w, ind + 2, &c->env[i]);
            }
        }
        if (c->env_from_count) {
            block(w, ind, "envFrom");
            for (size_t i = 0; i < c->env_from_count; i++) {
                const podsim_env_from *f = &c->env_from[i];
                item(w);
                block(w, ind + 2, ref_field(f->kind, false));
                str(w, ind + 4, "name", f->name);
                if (f->optional.set) {
                    flag(w, ind + 4, "optional", f->optional.value != 0);
                }
                str_opt(w, ind + 2, "prefix", f->prefix);
            }
        }
        return;
    }
    size_t keyed = 0, whole = 0;
    for (size_t i = 0; i < c->env_ref_count; i++) {
        if (c->env_refs[i].key && c->env_refs[i].key[0]) {
            keyed++;
        } else {
            whole++;
        }
    }
    if (keyed) {
        block(w, ind, "env");
        for (size_t i = 0; i < c->env_ref_count; i++) {
            const podsim_object_ref *r = &c->env_refs[i];
            if (!r->key || !r->key[0]) continue;
            item(w);
            str(w, ind + 2, "name", r->key);
            block(w, ind + 2, "valueFrom");
            block(w, ind + 4, ref_field(r->kind, true));
            str(w, ind + 6, "key", r->key);
            str(w, ind + 6, "name", r->name);
            if (r->optional) flag(w, ind + 6, "optional", true);
        }
    }
    if (whole) {
        block(w, ind, "envFrom");
        for (size_t i = 0; i < c->env_ref_count; i++) {
            const podsim_object_ref *r = &c->env_refs[i];
            if (r->key && r->key[0]) continue;
            item(w);
            block(w, ind + 2, ref_field(r->kind, false));
            str(w, ind + 4, "name", r->name);
            if (r->optional) flag(w, ind + 4, "optional", true);
        }
    }
}

static void container(dw *w, int ind, const podsim_container *c) {
    item(w);
    strings(w, ind, "args", &c->args);
    strings(w, ind, "command", &c->command);
    env(w, ind, c);
    str(w, ind, "image", c->image);
    const char *pull =
        podsim_enum_name(PODSIM_ENUM_PULL_POLICY, (int)c->image_pull_policy);
    if (pull) str(w, ind, "imagePullPolicy", pull);
    lifecycle(w, ind, c);
    probe(w, ind, "livenessProbe", c->liveness_probe);
    str(w, ind, "name", c->name);
    if (c->port_count) {
        block(w, ind, "ports");
        for (size_t i = 0; i < c->port_count; i++) {
            const podsim_container_port *p = &c->ports[i];
            item(w);
            num(w, ind + 2, "containerPort", p->container_port);
            str_opt(w, ind + 2, "hostIP", p->host_ip);
            if (p->host_port) num(w, ind + 2, "hostPort", p->host_port);
            str_opt(w, ind + 2, "name", p->name);
            str(w, ind + 2, "protocol",
                podsim_enum_name(PODSIM_ENUM_PROTOCOL, (int)p->protocol));
        }
    }
    probe(w, ind, "readinessProbe", c->readiness_probe);
    if (!c->requests.count && !c->limits.count) {
        raw(w, ind, "resources", "{}");
    } else {
        block(w, ind, "resources");
        resources(w, ind + 2, "limits", &c->limits);
        resources(w, ind + 2, "requests", &c->requests);
    }
    if (c->kind == PODSIM_CONTAINER_SIDECAR)
        str(w, ind, "restartPolicy", "Always");
    probe(w, ind, "startupProbe", c->startup_probe);
    str(w, ind, "terminationMessagePath", "/dev/termination-log");
    const char *tmp = c->termination_message_policy;
    str(w, ind, "terminationMessagePolicy", tmp && tmp[0] ? tmp : "File");
    if (c->mount_count) {
        block(w, ind, "volumeMounts");
        for (size_t i = 0; i < c->mount_count; i++) {
            const podsim_volume_mount *m = &c->mounts[i];
            item(w);
            str(w, ind + 2, "mountPath", m->mount_path);
            str(w, ind + 2, "name", m->name);
            if (m->read_only) flag(w, ind + 2, "readOnly", true);
            str_opt(w, ind + 2, "subPath", m->sub_path);
        }
    }
}

static void containers(dw *w, int ind, const char *k,
                       const podsim_container *list, size_t n) {
    if (!n) return;
    block(w, ind, k);
    for (size_t i = 0; i < n; i++) container(w, ind + 2, &list[i]);
}

static void projected_ref(dw *w, int ind, const podsim_object_ref *r) {
    item(w);
    block(w, ind, r->kind == PODSIM_REF_SECRET ? "secret" : "configMap");
    str(w, ind + 2, "name", r->name);
    if (r->optional) flag(w, ind + 2, "optional", true);
}

/* A projected volume's sources: from the model's summary of them
   ("serviceAccountToken=3607 configMap downwardAPI", the ConfigMaps and
   Secrets in refs, in order), else from refs alone. */
static void projected(dw *w, int ind, const podsim_volume *v) {
    const char *summary = v->source ? v->source : "";
    if (!summary[0] && !v->ref_count) {
        raw(w, ind, "projected", "{}");
        return;
    }
    block(w, ind, "projected");
    block(w, ind + 2, "sources");
    size_t next_ref = 0;
    const char *word = summary;
    while (*word) {
        const char *space = strchr(word, ' ');
        size_t n = space ? (size_t)(space - word) : strlen(word);
        char buf[128];
        cut(buf, sizeof buf, word, n);
        word += n;
        if (*word) word++;
        if ((!strcmp(buf, "configMap") || !strcmp(buf, "secret")) &&
            next_ref < v->ref_count) {
            projected_ref(w, ind + 4, &v->refs[next_ref++]);
        } else if (!strcmp(buf, "downwardAPI")) {
            item(w);
            raw(w, ind + 4, "downwardAPI", "{}");
        } else if (!strncmp(buf, "serviceAccountToken=", 20)) {
            item(w);
            block(w, ind + 4, "serviceAccountToken");
            bool digits = buf[20] != '\0';
            for (const char *c = buf + 20; *c; c++) {
                if (*c < '0' || *c > '9') digits = false;
            }
            if (digits) raw(w, ind + 6, "expirationSeconds", buf + 20);
            str(w, ind + 6, "path", "token");
        }
    }
    while (next_ref < v->ref_count) {
        projected_ref(w, ind + 4, &v->refs[next_ref++]);
    }
}

static void volume(dw *w, int ind, const podsim_volume *v) {
    item(w);
    const char *src = v->source ? v->source : "";
    switch (v->type) {
    case PODSIM_VOLUME_CONFIGMAP:
        block(w, ind, "configMap");
        str(w, ind + 2, "name", src);
        if (v->optional) flag(w, ind + 2, "optional", true);
        break;
    case PODSIM_VOLUME_DOWNWARD_API: raw(w, ind, "downwardAPI", "{}"); break;
    case PODSIM_VOLUME_EMPTY_DIR: raw(w, ind, "emptyDir", "{}"); break;
    case PODSIM_VOLUME_EPHEMERAL: raw(w, ind, "ephemeral", "{}"); break;
    case PODSIM_VOLUME_HOST_PATH:
        block(w, ind, "hostPath");
        str(w, ind + 2, "path", src);
        break;
    default: break;
    }
    str(w, ind, "name", v->name);
    switch (v->type) {
    case PODSIM_VOLUME_PVC:
        block(w, ind, "persistentVolumeClaim");
        str(w, ind + 2, "claimName", src);
        if (v->read_only) flag(w, ind + 2, "readOnly", true);
        break;
    case PODSIM_VOLUME_PROJECTED: projected(w, ind, v); break;
    case PODSIM_VOLUME_SECRET:
        block(w, ind, "secret");
        if (v->optional) flag(w, ind + 2, "optional", true);
        str(w, ind + 2, "secretName", src);
        break;
    case PODSIM_VOLUME_OTHER:
        if (v->type_name && v->type_name[0]) raw(w, ind, v->type_name, "{}");
        break;
    default: break;
    }
}

static void toleration(dw *w, int ind, const podsim_toleration *t) {
    item(w);
    const char *effect = podsim_taint_effect_name(t->effect);
    if (effect && effect[0]) str(w, ind, "effect", effect);
    str_opt(w, ind, "key", t->key);
    str(w, ind, "operator",
        podsim_enum_name(PODSIM_ENUM_TOLERATION_OP, (int)t->op));
    num_opt(w, ind, "tolerationSeconds", t->toleration_seconds);
    str_opt(w, ind, "value", t->value);
}

static void spread(dw *w, int ind, const podsim_topology_spread_constraint *t) {
    item(w);
    label_selector(w, ind, "labelSelector", t->label_selector);
    strings(w, ind, "matchLabelKeys", &t->match_label_keys);
    num(w, ind, "maxSkew", t->max_skew);
    num_opt(w, ind, "minDomains", t->min_domains);
    const char *p = podsim_enum_name(PODSIM_ENUM_INCLUSION_POLICY,
                                     (int)t->node_affinity_policy);
    str_opt(w, ind, "nodeAffinityPolicy", p);
    p = podsim_enum_name(PODSIM_ENUM_INCLUSION_POLICY,
                         (int)t->node_taints_policy);
    str_opt(w, ind, "nodeTaintsPolicy", p);
    str(w, ind, "topologyKey", t->topology_key);
    str(w, ind, "whenUnsatisfiable",
        podsim_enum_name(PODSIM_ENUM_UNSATISFIABLE,
                         (int)t->when_unsatisfiable));
}

static void gates(dw *w, int ind, const char *k, const char *field,
                  const podsim_strings *s) {
    if (!s->count) return;
    block(w, ind, k);
    for (size_t i = 0; i < s->count; i++) {
        item(w);
        str(w, ind + 2, field, s->items[i]);
    }
}

static void pod_spec(dw *w, int ind, const podsim_pod_spec *s) {
    block(w, ind, "spec");
    ind += 2;
    num_opt(w, ind, "activeDeadlineSeconds", s->active_deadline_seconds);
    affinity(w, ind, s->affinity);
    containers(w, ind, "containers", s->containers, s->container_count);
    if (s->host_network) flag(w, ind, "hostNetwork", true);
    str_opt(w, ind, "hostname", s->hostname);
    containers(w, ind, "initContainers", s->init_containers,
               s->init_container_count);
    str_opt(w, ind, "nodeName", s->node_name);
    kvs(w, ind, "nodeSelector", &s->node_selector);
    resources(w, ind, "overhead", &s->overhead);
    const char *pp = podsim_enum_name(PODSIM_ENUM_PREEMPTION_POLICY,
                                      (int)s->preemption_policy);
    if (pp) str(w, ind, "preemptionPolicy", pp);
    num_opt(w, ind, "priority", s->priority);
    str_opt(w, ind, "priorityClassName", s->priority_class_name);
    gates(w, ind, "readinessGates", "conditionType", &s->readiness_gates);
    if (s->pod_requests.count || s->pod_limits.count) {
        block(w, ind, "resources");
        resources(w, ind + 2, "limits", &s->pod_limits);
        resources(w, ind + 2, "requests", &s->pod_requests);
    }
    const char *rp =
        podsim_enum_name(PODSIM_ENUM_RESTART_POLICY, (int)s->restart_policy);
    if (rp) str(w, ind, "restartPolicy", rp);
    str_opt(w, ind, "runtimeClassName", s->runtime_class_name);
    str_opt(w, ind, "schedulerName", s->scheduler_name);
    gates(w, ind, "schedulingGates", "name", &s->scheduling_gates);
    str_opt(w, ind, "serviceAccount", s->service_account_name);
    str_opt(w, ind, "serviceAccountName", s->service_account_name);
    str_opt(w, ind, "subdomain", s->subdomain);
    if (s->termination_grace_period_seconds >= 0) {
        num(w, ind, "terminationGracePeriodSeconds",
            s->termination_grace_period_seconds);
    }
    if (s->toleration_count) {
        block(w, ind, "tolerations");
        for (size_t i = 0; i < s->toleration_count; i++) {
            toleration(w, ind + 2, &s->tolerations[i]);
        }
    }
    if (s->topology_spread_constraint_count) {
        block(w, ind, "topologySpreadConstraints");
        for (size_t i = 0; i < s->topology_spread_constraint_count; i++) {
            spread(w, ind + 2, &s->topology_spread_constraints[i]);
        }
    }
    if (s->volume_count) {
        block(w, ind, "volumes");
        for (size_t i = 0; i < s->volume_count; i++) {
            volume(w, ind + 2, &s->volumes[i]);
        }
    }
}

/* `heartbeat`: a node condition's lastHeartbeatTime when the model has
   none (a node loaded from a manifest): the kubelet's last status post. */
static void condition(dw *w, int ind, const podsim_condition *c, bool node,
                      int64_t heartbeat) {
    item(w);
    if (node) {
        time_opt(w, ind, "lastHeartbeatTime",
                 c->last_heartbeat_time != PODSIM_NO_TIME
                     ? c->last_heartbeat_time
                     : heartbeat);
    }
    if (c->last_probe_time != PODSIM_NO_TIME) {
        time_opt(w, ind, "lastProbeTime", c->last_probe_time);
    } else if (!node) {
        raw(w, ind, "lastProbeTime", "null");
    }
    time_opt(w, ind, "lastTransitionTime", c->last_transition_time);
    str_opt(w, ind, "message", c->message);
    str_opt(w, ind, "reason", c->reason);
    str(w, ind, "status", c->status);
    str(w, ind, "type", c->type);
}

static void conditions(dw *w, int ind, const podsim_condition *c, size_t n,
                       bool node, int64_t heartbeat) {
    if (!n) return;
    block(w, ind, "conditions");
    for (size_t i = 0; i < n; i++) {
        condition(w, ind + 2, &c[i], node, heartbeat);
    }
}

static void state(dw *w, int ind, const char *k,
                  const podsim_container_state *s, const char *container_id) {
    if (s->kind == PODSIM_STATE_NONE) {
        raw(w, ind, k, "{}");
        return;
    }
    block(w, ind, k);
    ind += 2;
    switch (s->kind) {
    case PODSIM_STATE_WAITING:
        if (!(s->message && s->message[0]) && !(s->reason && s->reason[0])) {
            raw(w, ind, "waiting", "{}");
            break;
        }
        block(w, ind, "waiting");
        str_opt(w, ind + 2, "message", s->message);
        str_opt(w, ind + 2, "reason", s->reason);
        break;
    case PODSIM_STATE_RUNNING:
        if (s->started_at == PODSIM_NO_TIME) {
            raw(w, ind, "running", "{}");
            break;
        }
        block(w, ind, "running");
        time_opt(w, ind + 2, "startedAt", s->started_at);
        break;
    case PODSIM_STATE_TERMINATED:
        block(w, ind, "terminated");
        str_opt(w, ind + 2, "containerID", container_id);
        num(w, ind + 2, "exitCode", s->exit_code);
        time_opt(w, ind + 2, "finishedAt", s->finished_at);
        str_opt(w, ind + 2, "message", s->message);
        str_opt(w, ind + 2, "reason", s->reason);
        if (s->signal) num(w, ind + 2, "signal", s->signal);
        time_opt(w, ind + 2, "startedAt", s->started_at);
        break;
    default: break;
    }
}

static void container_statuses(dw *w, int ind, const char *k,
                               const podsim_container_status *cs, size_t n) {
    if (!n) return;
    block(w, ind, k);
    ind += 2;
    for (size_t i = 0; i < n; i++) {
        const podsim_container_status *c = &cs[i];
        item(w);
        str_opt(w, ind, "containerID", c->container_id);
        str(w, ind, "image", c->image);
        str(w, ind, "imageID", c->image_id);
        state(w, ind, "lastState", &c->last_state, "");
        str(w, ind, "name", c->name);
        flag(w, ind, "ready", c->ready);
        num(w, ind, "restartCount", c->restart_count);
        if (c->started.set) flag(w, ind, "started", c->started.value != 0);
        state(w, ind, "state", &c->state, c->container_id);
    }
}

static void pod_status(dw *w, int ind, const podsim_pod_status *s,
                       const char *qos) {
    dw_block b = block_begin(w, ind, "status");
    int top = ind;
    ind += 2;
    conditions(w, ind, s->conditions, s->condition_count, false,
               PODSIM_NO_TIME);
    container_statuses(w, ind, "containerStatuses", s->container_statuses,
                       s->container_status_count);
    str_opt(w, ind, "hostIP", s->host_ip);
    container_statuses(w, ind, "initContainerStatuses",
                       s->init_container_statuses,
                       s->init_container_status_count);
    str_opt(w, ind, "message", s->message);
    str_opt(w, ind, "nominatedNodeName", s->nominated_node_name);
    if (s->has_phase) str(w, ind, "phase", podsim_phase_name(s->phase));
    str_opt(w, ind, "podIP", s->pod_ip);
    str(w, ind, "qosClass",
        s->qos_class && s->qos_class[0] ? s->qos_class : qos);
    str_opt(w, ind, "reason", s->reason);
    time_opt(w, ind, "startTime", s->start_time);
    block_end(w, top, "status", b);
}

static void pod(dw *w, const podsim_pod *p) {
    item(w);
    str(w, 2, "apiVersion", "v1");
    str(w, 2, "kind", "Pod");
    meta(w, 2, &p->meta);
    pod_spec(w, 2, &p->spec);
    pod_status(w, 2, &p->status, pod_qos_class(p));
}

/* ---- nodes --------------------------------------------------------------- */

/* `heartbeat`: when the kubelet last reported (see condition()). */
static void node(dw *w, const podsim_node *n, int64_t heartbeat) {
    item(w);
    str(w, 2, "apiVersion", "v1");
    str(w, 2, "kind", "Node");
    meta(w, 2, &n->meta);
    dw_block b = block_begin(w, 2, "spec");
    str_opt(w, 4, "podCIDR", n->pod_cidr);
    str_opt(w, 4, "providerID", n->provider_id);
    if (n->taint_count) {
        block(w, 4, "taints");
        for (size_t i = 0; i < n->taint_count; i++) {
            const podsim_taint *t = &n->taints[i];
            item(w);
            str(w, 6, "effect", podsim_taint_effect_name(t->effect));
            str(w, 6, "key", t->key);
            time_opt(w, 6, "timeAdded", t->time_added);
            str_opt(w, 6, "value", t->value);
        }
    }
    if (n->unschedulable) flag(w, 4, "unschedulable", true);
    block_end(w, 2, "spec", b);
    block(w, 2, "status");
    if (n->address_count) {
        block(w, 4, "addresses");
        for (size_t i = 0; i < n->address_count; i++) {
            item(w);
            str(w, 6, "address", n->addresses[i].address);
            str(w, 6, "type", n->addresses[i].type);
        }
    }
    resources(w, 4, "allocatable", &n->allocatable);
    resources(w, 4, "capacity", &n->capacity);
    conditions(w, 4, n->conditions, n->condition_count, true, heartbeat);
    if (n->image_count) {
        block(w, 4, "images");
        for (size_t i = 0; i < n->image_count; i++) {
            item(w);
            strings(w, 6, "names", &n->images[i].names);
            num(w, 6, "sizeBytes", n->images[i].size_bytes);
        }
    }
    const podsim_node_system_info *ni = &n->node_info;
    dw_block b2 = block_begin(w, 4, "nodeInfo");
    str_opt(w, 6, "architecture", ni->architecture);
    str_opt(w, 6, "containerRuntimeVersion", ni->container_runtime_version);
    str_opt(w, 6, "kernelVersion", ni->kernel_version);
    str_opt(w, 6, "kubeProxyVersion", ni->kube_proxy_version);
    str_opt(w, 6, "kubeletVersion", ni->kubelet_version);
    str_opt(w, 6, "operatingSystem", ni->operating_system);
    str_opt(w, 6, "osImage", ni->os_image);
    if (w->out->len == b2.body) {
        strbuf_truncate(w->out, b2.mark);
    }
}

/* ---- workloads ----------------------------------------------------------- */

static void template_spec(dw *w, int ind, const podsim_pod *t) {
    if (!t) return;
    block(w, ind, "template");
    block(w, ind + 2, "metadata");
    kvs(w, ind + 4, "annotations", &t->meta.annotations);
    raw(w, ind + 4, "creationTimestamp", "null");
    kvs(w, ind + 4, "labels", &t->meta.labels);
    pod_spec(w, ind + 2, &t->spec);
}

static void rolling(dw *w, int ind, const char *k, const podsim_workload *wl,
                    bool partition) {
    bool any = (wl->max_surge && wl->max_surge[0]) ||
               (wl->max_unavailable && wl->max_unavailable[0]) ||
               (partition && wl->partition.set);
    bool has_type = wl->strategy_type && wl->strategy_type[0];
    if (!any && !has_type) return;
    block(w, ind, k);
    if (any) {
        block(w, ind + 2, "rollingUpdate");
        if (wl->max_surge && wl->max_surge[0]) {
            port_value(w, ind + 4, "maxSurge", wl->max_surge);
        }
        if (wl->max_unavailable && wl->max_unavailable[0]) {
            port_value(w, ind + 4, "maxUnavailable", wl->max_unavailable);
        }
        if (partition) num_opt(w, ind + 4, "partition", wl->partition);
    }
    str_opt(w, ind + 2, "type", wl->strategy_type);
}

static const char *workload_api(podsim_kind kind) {
    return kind == PODSIM_KIND_JOB ? "batch/v1" : "apps/v1";
}

static void workload(dw *w, const podsim_workload *wl) {
    item(w);
    str(w, 2, "apiVersion", workload_api(wl->kind));
    str(w, 2, "kind", podsim_kind_name(wl->kind));
    meta(w, 2, &wl->meta);
    block(w, 2, "spec");
    switch (wl->kind) {
    case PODSIM_KIND_DEPLOYMENT:
        num_opt(w, 4, "minReadySeconds", wl->min_ready_seconds);
        num_opt(w, 4, "replicas", wl->replicas);
        label_selector(w, 4, "selector", wl->selector);
        rolling(w, 4, "strategy", wl, false);
        template_spec(w, 4, wl->template_pod);
        block(w, 2, "status");
        num(w, 4, "availableReplicas", wl->status_available_replicas);
        num(w, 4, "readyReplicas", wl->status_ready_replicas);
        num(w, 4, "replicas", wl->status_replicas);
        num(w, 4, "updatedReplicas", wl->status_updated_replicas);
        break;
    case PODSIM_KIND_REPLICASET:
        num_opt(w, 4, "minReadySeconds", wl->min_ready_seconds);
        num_opt(w, 4, "replicas", wl->replicas);
        label_selector(w, 4, "selector", wl->selector);
        template_spec(w, 4, wl->template_pod);
        block(w, 2, "status");
        num(w, 4, "availableReplicas", wl->status_available_replicas);
        num(w, 4, "readyReplicas", wl->status_ready_replicas);
        num(w, 4, "replicas", wl->status_replicas);
        break;
    case PODSIM_KIND_STATEFULSET:
        num_opt(w, 4, "minReadySeconds", wl->min_ready_seconds);
        str_opt(w, 4, "podManagementPolicy", wl->pod_management_policy);
        num_opt(w, 4, "replicas", wl->replicas);
        label_selector(w, 4, "selector", wl->selector);
        str_opt(w, 4, "serviceName", wl->service_name);
        template_spec(w, 4, wl->template_pod);
        rolling(w, 4, "updateStrategy", wl, true);
        if (wl->volume_claim_templates.count) {
            block(w, 4, "volumeClaimTemplates");
            for (size_t i = 0; i < wl->volume_claim_templates.count; i++) {
                item(w);
                block(w, 6, "metadata");
                str(w, 8, "name", wl->volume_claim_templates.items[i]);
            }
        }
        block(w, 2, "status");
        num(w, 4, "availableReplicas", wl->status_available_replicas);
        num(w, 4, "readyReplicas", wl->status_ready_replicas);
        num(w, 4, "replicas", wl->status_replicas);
        num(w, 4, "updatedReplicas", wl->status_updated_replicas);
        break;
    case PODSIM_KIND_DAEMONSET:
        num_opt(w, 4, "minReadySeconds", wl->min_ready_seconds);
        label_selector(w, 4, "selector", wl->selector);
        template_spec(w, 4, wl->template_pod);
        rolling(w, 4, "updateStrategy", wl, false);
        block(w, 2, "status");
        num(w, 4, "currentNumberScheduled", wl->status_replicas);
        num(w, 4, "numberAvailable", wl->status_available_replicas);
        num(w, 4, "numberReady", wl->status_ready_replicas);
        num(w, 4, "updatedNumberScheduled", wl->status_updated_replicas);
        break;
    case PODSIM_KIND_JOB:
        num_opt(w, 4, "activeDeadlineSeconds", wl->active_deadline_seconds);
        num_opt(w, 4, "backoffLimit", wl->backoff_limit);
        str_opt(w, 4, "completionMode", wl->completion_mode);
        num_opt(w, 4, "completions", wl->completions);
        num_opt(w, 4, "parallelism", wl->parallelism);
        if (wl->has_pod_failure_policy) {
            block(w, 4, "podFailurePolicy");
            raw(w, 6, "rules", "[]");
        }
        str_opt(w, 4, "podReplacementPolicy", wl->pod_replacement_policy);
        label_selector(w, 4, "selector", wl->selector);
        template_spec(w, 4, wl->template_pod);
        block(w, 2, "status");
        num(w, 4, "active", wl->status_replicas);
        num(w, 4, "ready", wl->status_ready_replicas);
        num(w, 4, "succeeded", wl->status_available_replicas);
        break;
    default: break;
    }
}

/* ---- storage and configuration ------------------------------------------- */

static void pvc(dw *w, const podsim_pvc *c) {
    item(w);
    str(w, 2, "apiVersion", "v1");
    str(w, 2, "kind", "PersistentVolumeClaim");
    meta(w, 2, &c->meta);
    block(w, 2, "spec");
    access_modes(w, 4, c->access_modes);
    if (c->has_storage_request) {
        block(w, 4, "resources");
        block(w, 6, "requests");
        quantity(w, 8, "storage", &c->storage_request);
    } else {
        raw(w, 4, "resources", "{}");
    }
    if (c->storage_class_name)
        str(w, 4, "storageClassName", c->storage_class_name);
    str_opt(w, 4, "volumeMode", c->volume_mode);
    str_opt(w, 4, "volumeName", c->volume_name);
    if (c->phase && c->phase[0]) {
        block(w, 2, "status");
        str(w, 4, "phase", c->phase);
    } else {
        raw(w, 2, "status", "{}");
    }
}

static void pv(dw *w, const podsim_pv *v) {
    item(w);
    str(w, 2, "apiVersion", "v1");
    str(w, 2, "kind", "PersistentVolume");
    meta(w, 2, &v->meta);
    block(w, 2, "spec");
    access_modes(w, 4, v->access_modes);
    if (v->has_capacity) {
        block(w, 4, "capacity");
        quantity(w, 6, "storage", &v->capacity);
    }
    if (v->claim_name && v->claim_name[0]) {
        block(w, 4, "claimRef");
        str(w, 6, "name", v->claim_name);
        str_opt(w, 6, "namespace", v->claim_namespace);
    }
    const char *src = v->source_type ? v->source_type : "";
    if (!strcmp(src, "csi")) {
        block(w, 4, "csi");
        str(w, 6, "driver", v->csi_driver);
    } else if (src[0]) {
        raw(w, 4, src, "{}");
    }
    if (v->node_affinity) {
        block(w, 4, "nodeAffinity");
        node_selector(w, 6, "required", v->node_affinity);
    }
    str_opt(w, 4, "persistentVolumeReclaimPolicy", v->reclaim_policy);
    str_opt(w, 4, "storageClassName", v->storage_class_name);
    if (v->phase && v->phase[0]) {
        block(w, 2, "status");
        str(w, 4, "phase", v->phase);
    } else {
        raw(w, 2, "status", "{}");
    }
}

static void config(dw *w, podsim_kind kind, const podsim_config *c) {
    item(w);
    str(w, 2, "apiVersion", "v1");
    if (c->keys.count) {
        block(w, 2, "data");
        for (size_t i = 0; i < c->keys.count; i++) {
            str(w, 4, c->keys.items[i], "");
        }
    }
    if (c->immutable) flag(w, 2, "immutable", true);
    str(w, 2, "kind", podsim_kind_name(kind));
    meta(w, 2, &c->meta);
    if (kind == PODSIM_KIND_SECRET) str_opt(w, 2, "type", c->type);
}

/* ---- events -------------------------------------------------------------- */

static const char *api_version_of(const char *kind) {
    int k = kind_from_name(kind);
    switch (k) {
    case PODSIM_KIND_DEPLOYMENT:
    case PODSIM_KIND_REPLICASET:
    case PODSIM_KIND_STATEFULSET:
    case PODSIM_KIND_DAEMONSET: return "apps/v1";
    case PODSIM_KIND_JOB: return "batch/v1";
    case PODSIM_KIND_PODDISRUPTIONBUDGET: return "policy/v1";
    case PODSIM_KIND_PRIORITYCLASS: return "scheduling.k8s.io/v1";
    case PODSIM_KIND_STORAGECLASS: return "storage.k8s.io/v1";
    default: return "v1";
    }
}

/* A pod id with what sorting by (namespace, name, creation) needs. */
typedef struct pod_key {
    const char *namespace_;
    const char *name;
    int64_t created;
    podsim_id id;
} pod_key;

static int cmp_pod_key(const void *a, const void *b) {
    const pod_key *x = a, *y = b;
    int c = strcmp(x->namespace_, y->namespace_);
    if (!c) c = strcmp(x->name, y->name);
    if (!c) c = (x->created > y->created) - (x->created < y->created);
    if (!c) c = (x->id > y->id) - (x->id < y->id);
    return c;
}

/* The uid of the pod an event is about: of the pods that ever had the name
   (a StatefulSet's pod comes back with it), the newest created by the
   event's last time; "" when the pod has none. */
static const char *pod_uid_at(const pod_key *keys, size_t n,
                              const podsim_cluster *c, const char *ns,
                              const char *name, int64_t at) {
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int d = strcmp(keys[mid].namespace_, ns);
        if (!d) d = strcmp(keys[mid].name, name);
        if (d < 0) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    podsim_id best = PODSIM_NO_ID;
    for (size_t i = lo; i < n && !strcmp(keys[i].namespace_, ns) &&
                        !strcmp(keys[i].name, name);
         i++) {
        if (best == PODSIM_NO_ID || keys[i].created == PODSIM_NO_TIME ||
            keys[i].created <= at) {
            best = keys[i].id;
        }
    }
    const podsim_pod *p = podsim_cluster_pod(c, best);
    return p && p->meta.uid ? p->meta.uid : "";
}

typedef struct dump_event {
    const podsim_sim_event *e;
    const char *namespace_; /* the Event object's namespace */
    char name[160];
} dump_event;

static int cmp_dump_event(const void *a, const void *b) {
    const dump_event *x = a, *y = b;
    int c = strcmp(x->namespace_, y->namespace_);
    return c ? c : strcmp(x->name, y->name);
}

static void event(dw *w, podsim_sim *sim, const dump_event *de,
                  const pod_key *keys, size_t key_count) {
    const podsim_sim_event *e = de->e;
    int64_t first = sim_wall(sim, e->first_time);
    int64_t last = sim_wall(sim, e->time);
    const char *uid = "";
    int kind = kind_from_name(e->kind);
    if (kind == PODSIM_KIND_POD) {
        uid = pod_uid_at(keys, key_count, sim->c, e->namespace_, e->name, last);
    } else if (kind >= 0) {
        podsim_id id =
            cluster_lookup(sim->c, (podsim_kind)kind,
                           e->namespace_[0] ? e->namespace_ : NULL, e->name);
        const podsim_meta *m = id == PODSIM_NO_ID
                                   ? NULL
                                   : object_meta(sim->c, (podsim_kind)kind, id);
        if (m && m->uid) uid = m->uid;
    }
    item(w);
    str(w, 2, "apiVersion", "v1");
    num(w, 2, "count", e->count > 0 ? e->count : 1);
    raw(w, 2, "eventTime", "null");
    time_opt(w, 2, "firstTimestamp", first);
    block(w, 2, "involvedObject");
    str(w, 4, "apiVersion", api_version_of(e->kind));
    str_opt(w, 4, "fieldPath", e->field_path);
    str(w, 4, "kind", e->kind);
    str(w, 4, "name", e->name);
    str_opt(w, 4, "namespace", e->namespace_);
    str_opt(w, 4, "uid", uid);
    str(w, 2, "kind", "Event");
    time_opt(w, 2, "lastTimestamp", last);
    str(w, 2, "message", e->message);
    block(w, 2, "metadata");
    time_opt(w, 4, "creationTimestamp", first);
    str(w, 4, "name", de->name);
    str(w, 4, "namespace", de->namespace_);
    str(w, 2, "reason", e->reason);
    str(w, 2, "reportingComponent", e->source);
    str(w, 2, "reportingInstance", e->host);
    block(w, 2, "source");
    str_opt(w, 4, "component", e->source);
    str_opt(w, 4, "host", e->host);
    str(w, 2, "type", e->type);
}

/* ---- the list ------------------------------------------------------------ */

typedef struct named {
    const char *namespace_;
    const char *name;
    podsim_id id;
} named;

static int cmp_named(const void *a, const void *b) {
    const named *x = a, *y = b;
    int c = strcmp(x->namespace_ ? x->namespace_ : "",
                   y->namespace_ ? y->namespace_ : "");
    return c ? c : strcmp(x->name, y->name);
}

/* Live objects of a kind in the API's list order; NULL and *n 0 when none
   (or out of memory: *oom). */
static named *sorted_kind(podsim_cluster *c, podsim_kind kind, size_t *n,
                          bool *oom) {
    size_t count = podsim_cluster_count(c, kind);
    *n = 0;
    if (!count) return NULL;
    named *list = malloc(count * sizeof(*list));
    if (!list) {
        *oom = true;
        return NULL;
    }
    for (size_t i = 0; i < count; i++) {
        if (kind == PODSIM_KIND_NODE &&
            podsim_cluster_node(c, (podsim_id)i)->removed) {
            continue;
        }
        const podsim_meta *m = object_meta(c, kind, (podsim_id)i);
        if (!m || !m->name) continue;
        list[*n].namespace_ = m->namespace_;
        list[*n].name = m->name;
        list[*n].id = (podsim_id)i;
        (*n)++;
    }
    qsort(list, *n, sizeof(*list), cmp_named);
    return list;
}

static bool write_events(dw *w, podsim_sim *sim) {
    podsim_cluster *c = sim->c;
    size_t pods = podsim_cluster_count(c, PODSIM_KIND_POD);
    pod_key *keys = pods ? malloc(pods * sizeof(*keys)) : NULL;
    dump_event *list =
        sim->series_used ? malloc(sim->series_used * sizeof(*list)) : NULL;
    if ((pods && !keys) || (sim->series_used && !list)) {
        free(keys);
        free(list);
        return false;
    }
    for (size_t i = 0; i < pods; i++) {
        const podsim_pod *p = podsim_cluster_pod(c, (podsim_id)i);
        keys[i].namespace_ = p->meta.namespace_ ? p->meta.namespace_ : "";
        keys[i].name = p->meta.name;
        keys[i].created = p->meta.creation_timestamp;
        keys[i].id = (podsim_id)i;
    }
    if (pods) qsort(keys, pods, sizeof(*keys), cmp_pod_key);
    /* one Event per series: the series' latest occurrence carries its
       count and first time */
    size_t n = 0;
    for (size_t i = 0; i < sim->series_slots && n < sim->series_used; i++) {
        int32_t last = sim->series[i].last;
        if (last < 0 || (size_t)last >= sim->events.len) continue;
        const podsim_sim_event *e = vec_at(&sim->events, (size_t)last);
        dump_event *de = &list[n++];
        de->e = e;
        de->namespace_ = e->namespace_[0] ? e->namespace_ : "default";
        /* "<object>.<hex UnixNano>" (the recorder's name); the low digits
           carry the series' index so that names stay unique */
        uint64_t nanos = (uint64_t)sim_wall(sim, e->first_time) * 1000000u +
                         (uint64_t)last % 1000000u;
        snprintf(de->name, sizeof de->name, "%.140s.%llx", e->name,
                 (unsigned long long)nanos);
    }
    if (n) qsort(list, n, sizeof(*list), cmp_dump_event);
    for (size_t i = 0; i < n; i++) event(w, sim, &list[i], keys, pods);
    free(keys);
    free(list);
    return true;
}

static bool write_list(dw *w, podsim_sim *sim) {
    podsim_cluster *c = sim->c;
    bool oom = false;
    size_t n = 0;
    strbuf_puts(w->out, "apiVersion: v1\nitems:\n");
    size_t mark = w->out->len;

    named *nodes = sorted_kind(c, PODSIM_KIND_NODE, &n, &oom);
    for (size_t i = 0; i < n; i++) {
        /* a silent kubelet's last report is its last Lease renewal; a live
           one reports now (the model keeps no report period) */
        const sim_node_state *st = sim_node(sim, nodes[i].id);
        int64_t heartbeat = sim_wall(
            sim, st->last_heartbeat >= 0 ? st->last_heartbeat : sim->now);
        node(w, podsim_cluster_node(c, nodes[i].id), heartbeat);
    }
    free(nodes);

    size_t pods = podsim_cluster_count(c, PODSIM_KIND_POD);
    if (pods) {
        podsim_id *ids = malloc(pods * sizeof(*ids));
        size_t live = 0;
        if (!ids ||
            podsim_cluster_pod_order(c, ids, pods, &live) != PODSIM_OK) {
            free(ids);
            return false;
        }
        for (size_t i = 0; i < live; i++) pod(w, podsim_cluster_pod(c, ids[i]));
        free(ids);
    }

    if (!write_events(w, sim)) return false;

    static const podsim_kind workloads[] = {
        PODSIM_KIND_DEPLOYMENT, PODSIM_KIND_REPLICASET, PODSIM_KIND_STATEFULSET,
        PODSIM_KIND_DAEMONSET, PODSIM_KIND_JOB};
    for (size_t k = 0; k < sizeof workloads / sizeof workloads[0]; k++) {
        named *list = sorted_kind(c, workloads[k], &n, &oom);
        for (size_t i = 0; i < n; i++) {
            workload(w, podsim_cluster_workload(c, workloads[k], list[i].id));
        }
        free(list);
    }
    named *list = sorted_kind(c, PODSIM_KIND_PERSISTENTVOLUMECLAIM, &n, &oom);
    for (size_t i = 0; i < n; i++) pvc(w, podsim_cluster_pvc(c, list[i].id));
    free(list);
    list = sorted_kind(c, PODSIM_KIND_PERSISTENTVOLUME, &n, &oom);
    for (size_t i = 0; i < n; i++) pv(w, podsim_cluster_pv(c, list[i].id));
    free(list);
    static const podsim_kind configs[] = {PODSIM_KIND_CONFIGMAP,
                                          PODSIM_KIND_SECRET};
    for (size_t k = 0; k < 2; k++) {
        list = sorted_kind(c, configs[k], &n, &oom);
        for (size_t i = 0; i < n; i++) {
            config(w, configs[k],
                   podsim_cluster_config(c, configs[k], list[i].id));
        }
        free(list);
    }
    if (oom) return false;
    if (w->out->len == mark) {
        strbuf_truncate(w->out, mark - strlen("items:\n"));
        strbuf_puts(w->out, "items: []\n");
    }
    strbuf_puts(w->out, "kind: List\nmetadata:\n  resourceVersion: \"\"\n");
    return true;
}

podsim_status podsim_sim_dump(podsim_sim *sim, const char **text, size_t *len) {
    if (!sim) return PODSIM_EINVAL;
    sim_clear_error(sim);
    if (!text) return sim_error(sim, PODSIM_EINVAL, "dump: text is NULL");
    *text = NULL;
    if (len) *len = 0;
    if (sim->failed) return sim_error(sim, PODSIM_ENOMEM, "out of memory");
    strbuf_clear(&sim->text);
    dw w = {&sim->text, false};
    if (!write_list(&w, sim) || sim->text.failed) {
        strbuf_clear(&sim->text);
        return sim_error(sim, PODSIM_ENOMEM, "out of memory");
    }
    *text = strbuf_str(&sim->text);
    if (len) *len = sim->text.len;
    return PODSIM_OK;
}
