/*
 * test_requests.c - a pod's effective resource requests
 * (podsim_pod_compute_requests and podsim_pod.requests).
 *
 * Upstream behaviour: kubernetes/kubernetes
 * staging/src/k8s.io/component-helpers/resource/helpers.go (PodRequests,
 * AggregateContainerRequests, applyNonMissing, IsSupportedPodLevelResource)
 * and pkg/scheduler/framework/types.go (calculateResource /
 * PodInfo.CalculateResource, getNonMissingContainerRequests), as summarised
 * in shared/reference/scheduler.md section 4.
 *
 * The golden cases are read at run time from the JSON file named by the
 * environment variable PODSIM_GOLDEN, else golden/scheduler-cases.json in
 * the directory named by the environment variable PODSIM_SHARED_DIR, else
 * by the compile definitions PODSIM_GOLDEN_DEFAULT (the file) or
 * PODSIM_SHARED_DIR (the directory); those tests skip when no readable file
 * is named. Golden pods lack kind, name and container names, which the API
 * server (and podsim's loader) require: each is wrapped as a JSON Pod named
 * golden-N whose nameless containers are named c0, c1, ... and init
 * containers i0, i1, ... The cases below them are self-contained.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "golden_json.h"
#include <yaml.h>

#include "podsim.h"
#include "support.h"

#define MAX_RESOURCES 16

/* ------------------------------------------------------------------ */
/* Helpers                                                             */
/* ------------------------------------------------------------------ */

static podsim_quantity parsed(const char *text) {
    podsim_quantity q = {0, 0, PODSIM_QUANTITY_DECIMAL_SI};
    if (podsim_quantity_parse(text, strlen(text), &q) != PODSIM_OK) {
        fail_msg("not a quantity: \"%s\"", text);
    }
    return q;
}

static const char *qstr(const podsim_quantity *q, char *buf) {
    if (podsim_quantity_format(q, buf, PODSIM_QUANTITY_STRING_MAX, NULL) !=
        PODSIM_OK) {
        strcpy(buf, "?");
    }
    return buf;
}

/* Clusters a test made and has not dropped; the teardown frees them, so a
 * failed assertion leaks nothing. */
#define MAX_LIVE 8
static podsim_cluster *live[MAX_LIVE];

/* A cluster of the given Kubernetes version (NULL = default). */
static podsim_cluster *new_cluster(const char *version) {
    podsim_cluster_options options = PODSIM_CLUSTER_OPTIONS_INIT;
    podsim_cluster *c = NULL;
    size_t slot = 0;
    options.kubernetes_version = version;
    while (slot < MAX_LIVE && live[slot]) slot++;
    assert_true(slot < MAX_LIVE);
    assert_int_equal(podsim_cluster_new(&options, &c), PODSIM_OK);
    assert_non_null(c);
    live[slot] = c;
    return c;
}

static void drop(podsim_cluster *c) {
    for (size_t i = 0; i < MAX_LIVE; i++) {
        if (live[i] == c) live[i] = NULL;
    }
    podsim_cluster_free(c);
}

static void load_ok(podsim_cluster *c, const char *text) {
    podsim_status s =
        podsim_cluster_load_string(c, text, strlen(text), "test", NULL);
    if (s != PODSIM_OK) {
        const podsim_error *e = podsim_cluster_error(c);
        fail_msg("load failed: %s: %s (line %d, column %d)\n%s",
                 podsim_status_name(s), e->message, e->line, e->column, text);
    }
}

/* A cluster holding the pods of `yaml`. */
static podsim_cluster *cluster_with(const char *version, const char *yaml) {
    podsim_cluster *c = new_cluster(version);
    load_ok(c, yaml);
    return c;
}

static podsim_id pod_id(podsim_cluster *c, const char *name) {
    podsim_id id = PODSIM_NO_ID;
    assert_int_equal(podsim_cluster_find(c, PODSIM_KIND_POD, NULL, name, &id),
                     PODSIM_OK);
    return id;
}

/* A computed list of requests. */
typedef struct reqs {
    podsim_resource items[MAX_RESOURCES];
    size_t count;
} reqs;

static reqs compute_id(podsim_cluster *c, podsim_id id, unsigned flags) {
    reqs r;
    podsim_status s;
    memset(&r, 0, sizeof r);
    s = podsim_pod_compute_requests(c, id, flags, r.items, MAX_RESOURCES,
                                    &r.count);
    if (s != PODSIM_OK) {
        fail_msg("compute_requests(pod %d, flags %u): %s: %s", (int)id, flags,
                 podsim_status_name(s), podsim_cluster_error(c)->message);
    }
    return r;
}

static reqs compute(podsim_cluster *c, const char *pod, unsigned flags) {
    return compute_id(c, pod_id(c, pod), flags);
}

/* pod->requests (computed at load) as a reqs. */
static reqs stored_id(podsim_cluster *c, podsim_id id) {
    reqs r;
    const podsim_pod *p = podsim_cluster_pod(c, id);
    assert_non_null(p);
    assert_true(p->requests.count <= MAX_RESOURCES);
    memset(&r, 0, sizeof r);
    if (p->requests.count) {
        memcpy(r.items, p->requests.items,
               p->requests.count * sizeof(r.items[0]));
    }
    r.count = p->requests.count;
    return r;
}

static reqs stored(podsim_cluster *c, const char *pod) {
    return stored_id(c, pod_id(c, pod));
}

static const podsim_resource *lookup(const reqs *r, const char *name) {
    for (size_t i = 0; i < r->count; i++) {
        if (strcmp(r->items[i].name, name) == 0) return &r->items[i];
    }
    return NULL;
}

/* The entry `name` exists and equals `want` numerically. */
static void assert_req(const reqs *r, const char *name, const char *want) {
    char buf[PODSIM_QUANTITY_STRING_MAX];
    podsim_quantity q = parsed(want);
    const podsim_resource *got = lookup(r, name);
    if (!got) fail_msg("no \"%s\" in the requests (want %s)", name, want);
    if (podsim_quantity_cmp(&got->quantity, &q) != 0) {
        fail_msg("%s = %s, want %s", name, qstr(&got->quantity, buf), want);
    }
}

/* The entry `name` exists and prints exactly as `want`. */
static void assert_req_text(const reqs *r, const char *name, const char *want) {
    char buf[PODSIM_QUANTITY_STRING_MAX];
    const podsim_resource *got = lookup(r, name);
    if (!got) fail_msg("no \"%s\" in the requests (want %s)", name, want);
    assert_string_equal(qstr(&got->quantity, buf), want);
}

static void assert_no_req(const reqs *r, const char *name) {
    if (lookup(r, name)) fail_msg("unexpected \"%s\" in the requests", name);
}

/* A single-pod document in flow YAML: `spec` is the spec's contents. */
#define POD(name, spec)                                       \
    "---\n{apiVersion: v1, kind: Pod, metadata: {name: " name \
    "}, spec: {" spec "}}\n"

/* ------------------------------------------------------------------ */
/* Golden JSON, read with libyaml (JSON is YAML)                       */
/* ------------------------------------------------------------------ */

/* The golden document of the running test, deleted by the teardown. */
static yaml_document_t golden_doc;
static bool golden_loaded;

/* ---- writing a golden pod back out as a JSON Pod ---------------------- */

static void emit_string(strbuf *out, const char *s) {
    strbuf_putc(out, '"');
    for (; *s; s++) {
        unsigned char ch = (unsigned char)*s;
        if (ch == '"' || ch == '\\') {
            strbuf_putc(out, '\\');
            strbuf_putc(out, (char)ch);
        } else if (ch < 0x20) {
            strbuf_printf(out, "\\u%04x", ch);
        } else {
            strbuf_putc(out, (char)ch);
        }
    }
    strbuf_putc(out, '"');
}

typedef enum emit_level {
    EMIT_ANY = 0,
    EMIT_POD,  /* the root: apiVersion and kind first */
    EMIT_SPEC, /* containers and initContainers get names */
} emit_level;

static void emit_node(strbuf *out, yaml_document_t *doc, yaml_node_t *n,
                      emit_level level, const char *name);

/* A sequence whose mapping items get the name prefix%zu when nameless. */
static void emit_containers(strbuf *out, yaml_document_t *doc, yaml_node_t *seq,
                            char prefix) {
    char name[32];
    strbuf_putc(out, '[');
    for (size_t i = 0; i < json_len(seq); i++) {
        if (i) strbuf_putc(out, ',');
        snprintf(name, sizeof name, "%c%zu", prefix, i);
        emit_node(out, doc, json_at(doc, seq, i), EMIT_ANY, name);
    }
    strbuf_putc(out, ']');
}

/* JSON for n; a mapping without "name" gets `name` when it is not NULL. */
static void emit_node(strbuf *out, yaml_document_t *doc, yaml_node_t *n,
                      emit_level level, const char *name) {
    assert_non_null(n);
    if (n->type == YAML_SCALAR_NODE) {
        /* JSON numbers, true, false and null are plain; strings quoted */
        if (n->data.scalar.style == YAML_PLAIN_SCALAR_STYLE) {
            strbuf_puts(out, json_str(n));
        } else {
            emit_string(out, json_str(n));
        }
        return;
    }
    if (n->type == YAML_SEQUENCE_NODE) {
        strbuf_putc(out, '[');
        for (size_t i = 0; i < json_len(n); i++) {
            if (i) strbuf_putc(out, ',');
            emit_node(out, doc, json_at(doc, n, i), EMIT_ANY, NULL);
        }
        strbuf_putc(out, ']');
        return;
    }
    assert_int_equal(n->type, YAML_MAPPING_NODE);
    strbuf_putc(out, '{');
    bool first = true;
    if (level == EMIT_POD) {
        strbuf_puts(out, "\"apiVersion\":\"v1\",\"kind\":\"Pod\"");
        first = false;
        if (!json_find(doc, n, "metadata")) {
            strbuf_puts(out, ",\"metadata\":{\"name\":");
            emit_string(out, name);
            strbuf_putc(out, '}');
        }
    } else if (name && !json_find(doc, n, "name")) {
        strbuf_puts(out, "\"name\":");
        emit_string(out, name);
        first = false;
    }
    for (yaml_node_pair_t *pair = n->data.mapping.pairs.start;
         pair < n->data.mapping.pairs.top; pair++) {
        yaml_node_t *k = yaml_document_get_node(doc, pair->key);
        yaml_node_t *v = yaml_document_get_node(doc, pair->value);
        const char *key = json_str(k);
        if (level == EMIT_POD &&
            (strcmp(key, "apiVersion") == 0 || strcmp(key, "kind") == 0)) {
            continue;
        }
        if (!first) strbuf_putc(out, ',');
        first = false;
        emit_string(out, key);
        strbuf_putc(out, ':');
        if (level == EMIT_POD && strcmp(key, "metadata") == 0) {
            emit_node(out, doc, v, EMIT_ANY, name);
        } else if (level == EMIT_POD && strcmp(key, "spec") == 0) {
            emit_node(out, doc, v, EMIT_SPEC, NULL);
        } else if (level == EMIT_SPEC && strcmp(key, "containers") == 0) {
            emit_containers(out, doc, v, 'c');
        } else if (level == EMIT_SPEC && strcmp(key, "initContainers") == 0) {
            emit_containers(out, doc, v, 'i');
        } else {
            emit_node(out, doc, v, EMIT_ANY, NULL);
        }
    }
    strbuf_putc(out, '}');
}

/* A fresh cluster holding golden case `index` as the Pod golden-<index>.
 * PodLevelResources: false in feature_gates selects v1.33, where the gate
 * is off; otherwise the default version (v1.34, gate on) is used. */
static podsim_cluster *golden_cluster(yaml_document_t *doc, yaml_node_t *cs,
                                      size_t index) {
    char name[32];
    strbuf text;
    podsim_cluster *c;
    yaml_node_t *gates = json_find(doc, cs, "feature_gates");
    yaml_node_t *plr =
        gates ? json_find(doc, gates, "PodLevelResources") : NULL;
    snprintf(name, sizeof name, "golden-%zu", index);
    strbuf_init(&text);
    emit_node(&text, doc, json_get(doc, cs, "pod"), EMIT_POD, name);
    assert_false(text.failed);
    c = new_cluster(plr && !json_is_true(plr) ? "1.33" : NULL);
    if (podsim_cluster_load_string(c, text.data, text.len, name, NULL) !=
        PODSIM_OK) {
        print_error("%s: load failed: %s\n%s\n", name,
                    podsim_cluster_error(c)->message, text.data);
        drop(c);
        c = NULL;
    }
    strbuf_release(&text);
    return c;
}

/* Compare a computed list with an expected {name: quantity} mapping:
 * the same names, each numerically equal. Returns the failure count. */
static int check_expected_map(yaml_document_t *doc, yaml_node_t *want,
                              const reqs *got, const char *what) {
    char buf[PODSIM_QUANTITY_STRING_MAX];
    int failures = 0;
    size_t want_count = 0;
    assert_int_equal(want->type, YAML_MAPPING_NODE);
    for (yaml_node_pair_t *pair = want->data.mapping.pairs.start;
         pair < want->data.mapping.pairs.top; pair++) {
        const char *name = json_str(yaml_document_get_node(doc, pair->key));
        const char *text = json_str(yaml_document_get_node(doc, pair->value));
        podsim_quantity q = parsed(text);
        const podsim_resource *r = lookup(got, name);
        want_count++;
        if (!r) {
            print_error("%s: %s missing, want %s\n", what, name, text);
            failures++;
        } else if (podsim_quantity_cmp(&r->quantity, &q) != 0) {
            print_error("%s: %s = %s, want %s\n", what, name,
                        qstr(&r->quantity, buf), text);
            failures++;
        }
    }
    if (got->count != want_count) {
        print_error("%s: %zu entries, want %zu\n", what, got->count,
                    want_count);
        failures++;
    }
    return failures;
}

/* cpu as MilliValue, memory as Value; a missing entry is 0. */
static int check_scalar(const reqs *got, const char *name, bool milli,
                        int64_t want, const char *what) {
    int64_t value = 0;
    const podsim_resource *r = lookup(got, name);
    if (r) {
        podsim_status s = milli ? podsim_quantity_milli(&r->quantity, &value)
                                : podsim_quantity_value(&r->quantity, &value);
        if (s != PODSIM_OK) {
            print_error("%s: %s does not fit int64\n", what, name);
            return 1;
        }
    }
    if (value != want) {
        print_error("%s: %s = %lld, want %lld\n", what, name, (long long)value,
                    (long long)want);
        return 1;
    }
    return 0;
}

static int64_t json_int(yaml_document_t *doc, yaml_node_t *map,
                        const char *key) {
    return strtoll(json_str(json_get(doc, map, key)), NULL, 10);
}

/* pod_requests.cases: PodRequests with options {excludeOverhead} */
static void requests_golden_cases(void **state) {
    yaml_document_t *doc = &golden_doc;
    yaml_node_t *cases;
    int failures = 0;
    (void)state;
    golden_load(doc);
    golden_loaded = true;
    cases = json_get(
        doc, json_get(doc, yaml_document_get_root_node(doc), "pod_requests"),
        "cases");
    assert_true(json_len(cases) > 0);
    for (size_t i = 0; i < json_len(cases); i++) {
        yaml_node_t *cs = json_at(doc, cases, i);
        yaml_node_t *options = json_get(doc, cs, "options");
        yaml_node_t *want = json_get(doc, cs, "expected_requests");
        const char *source = json_str(json_get(doc, cs, "source"));
        unsigned flags = 0;
        char what[64];
        reqs got;
        podsim_cluster *c;
        for (yaml_node_pair_t *pair = options->data.mapping.pairs.start;
             pair < options->data.mapping.pairs.top; pair++) {
            const char *key = json_str(yaml_document_get_node(doc, pair->key));
            if (strcmp(key, "excludeOverhead") != 0) {
                fail_msg("golden case %zu: unknown option %s", i, key);
            }
            if (json_is_true(yaml_document_get_node(doc, pair->value))) {
                flags |= PODSIM_REQUESTS_EXCLUDE_OVERHEAD;
            }
        }
        c = golden_cluster(doc, cs, i);
        if (!c) {
            failures++;
            continue;
        }
        snprintf(what, sizeof what, "golden-%zu flags %u", i, flags);
        got = compute_id(c, 0, flags);
        int f = check_expected_map(doc, want, &got, what);
        if (!flags) {
            /* pod->requests is the flags-0 result */
            reqs at_load = stored_id(c, 0);
            snprintf(what, sizeof what, "golden-%zu pod->requests", i);
            f += check_expected_map(doc, want, &at_load, what);
        }
        if (f) print_error("  (%s)\n", source);
        failures += f;
        drop(c);
    }
    assert_int_equal(failures, 0);
}

/* pod_requests.scheduler_nonzero_cases: the scheduler's Requested (cpu in
 * millicores, memory in bytes) and NonZeroRequested */
static void requests_golden_scheduler_nonzero(void **state) {
    yaml_document_t *doc = &golden_doc;
    yaml_node_t *cases;
    int failures = 0;
    (void)state;
    golden_load(doc);
    golden_loaded = true;
    cases = json_get(
        doc, json_get(doc, yaml_document_get_root_node(doc), "pod_requests"),
        "scheduler_nonzero_cases");
    assert_true(json_len(cases) > 0);
    for (size_t i = 0; i < json_len(cases); i++) {
        yaml_node_t *cs = json_at(doc, cases, i);
        yaml_node_t *want = json_get(doc, cs, "expected");
        char what[64];
        reqs plain, nonzero, at_load;
        int f = 0;
        podsim_cluster *c = golden_cluster(doc, cs, i);
        if (!c) {
            failures++;
            continue;
        }
        plain = compute_id(c, 0, 0);
        nonzero = compute_id(c, 0, PODSIM_REQUESTS_NON_ZERO);
        at_load = stored_id(c, 0);
        snprintf(what, sizeof what, "nonzero-%zu", i);
        f += check_scalar(&plain, "cpu", true, json_int(doc, want, "cpuMilli"),
                          what);
        f += check_scalar(&plain, "memory", false,
                          json_int(doc, want, "memoryBytes"), what);
        f += check_scalar(&nonzero, "cpu", true,
                          json_int(doc, want, "nonZeroCpuMilli"), what);
        f += check_scalar(&nonzero, "memory", false,
                          json_int(doc, want, "nonZeroMemoryBytes"), what);
        snprintf(what, sizeof what, "nonzero-%zu pod->requests", i);
        f += check_scalar(&at_load, "cpu", true,
                          json_int(doc, want, "cpuMilli"), what);
        f += check_scalar(&at_load, "memory", false,
                          json_int(doc, want, "memoryBytes"), what);
        if (f) print_error("  (%s)\n", json_str(json_get(doc, cs, "source")));
        failures += f;
        drop(c);
    }
    assert_int_equal(failures, 0);
}

/* ------------------------------------------------------------------ */
/* Aggregation                                                         */
/* ------------------------------------------------------------------ */

/* Containers in flow YAML: CT a regular or init container, SIDECAR a
 * restartable init container, each requesting only cpu. */
#define CT(name, cpu) \
    "{name: " name ", resources: {requests: {cpu: \"" cpu "\"}}}"
#define SIDECAR(name, cpu)                            \
    "{name: " name                                    \
    ", restartPolicy: Always, resources: {requests: " \
    "{cpu: \"" cpu "\"}}}"

typedef struct cpu_case {
    const char *spec;
    const char *cpu;
} cpu_case;

static void check_cpu_cases(const cpu_case *cases, size_t count) {
    char buf[PODSIM_QUANTITY_STRING_MAX];
    int failures = 0;
    for (size_t i = 0; i < count; i++) {
        char text[1024];
        int n = snprintf(text, sizeof text,
                         "{apiVersion: v1, kind: Pod, metadata: {name: p}, "
                         "spec: {%s}}\n",
                         cases[i].spec);
        assert_true(n > 0 && (size_t)n < sizeof text);
        podsim_cluster *c = cluster_with(NULL, text);
        reqs r = compute(c, "p", 0);
        reqs s = stored(c, "p");
        podsim_quantity want = parsed(cases[i].cpu);
        const podsim_resource *got = lookup(&r, "cpu");
        const podsim_resource *at_load = lookup(&s, "cpu");
        if (!got || podsim_quantity_cmp(&got->quantity, &want) != 0 ||
            r.count != 1) {
            print_error("{%s}: cpu %s (%zu entries), want %s\n", cases[i].spec,
                        got ? qstr(&got->quantity, buf) : "-", r.count,
                        cases[i].cpu);
            failures++;
        }
        if (!at_load || podsim_quantity_cmp(&at_load->quantity, &want) != 0) {
            print_error("{%s}: pod->requests cpu %s, want %s\n", cases[i].spec,
                        at_load ? qstr(&at_load->quantity, buf) : "-",
                        cases[i].cpu);
            failures++;
        }
        drop(c);
    }
    assert_int_equal(failures, 0);
}

/* scheduler.md section 4.1, the table of golden examples */
static void requests_sidecar_ordering_examples(void **state) {
    static const cpu_case cases[] = {
        /* containers 2+3, init 2 */
        {"containers: [" CT("a", "2") ", " CT("b", "3") "], "
                                                        "initContainers: [" CT(
                                                            "i", "2") "]",
         "5"},
        /* init 4, container 1 */
        {"containers: [" CT("a", "1") "], initContainers: [" CT("i", "4") "]",
         "4"},
        /* sidecar 1 + container 1 */
        {"containers: [" CT("a", "1") "], "
                                      "initContainers: [" SIDECAR("s", "1") "]",
         "2"},
        /* init 5, then sidecars 1, 2, 3, container 1: max(7, 5) */
        {"containers: [" CT("a", "1") "], initContainers: [" CT(
             "i",
             "5") ", " SIDECAR("s1",
                               "1") ", " SIDECAR("s2",
                                                 "2") ", " SIDECAR("s3",
                                                                   "3") "]",
         "7"},
        /* init 5, sidecars 1, 2, init 5, sidecar 3, container 1: the second
           init needs 5+1+2 */
        {
            "containers: [" CT("a", "1") "], initContainers: [" CT("i1", "5") ", " SIDECAR(
                "s1", "1") ", " SIDECAR("s2",
                                        "2") ", " CT("i2",
                                                     "5") ", " SIDECAR("s3",
                                                                       "3") "]",
            "8"},
        /* sidecar 10, init 200, container 100 */
        {"containers: [" CT("a", "100") "], initContainers: [" SIDECAR(
             "s", "10") ", " CT("i", "200") "]",
         "210"},
    };
    (void)state;
    check_cpu_cases(cases, sizeof cases / sizeof cases[0]);
}

/* A sidecar counts only for the init containers after it. */
static void requests_sidecar_counts_for_later_inits_only(void **state) {
    static const cpu_case cases[] = {
        /* init 10 runs before the sidecar: max(1+1, 10) */
        {"containers: [" CT("a", "1") "], initContainers: [" CT(
             "i", "10") ", " SIDECAR("s", "1") "]",
         "10"},
        /* sidecar 3 then init 4: the init needs 7 > 3+1 */
        {"containers: [" CT("a", "1") "], initContainers: [" SIDECAR(
             "s", "3") ", " CT("i", "4") "]",
         "7"},
        /* two sidecars only: summed with the containers */
        {"containers: [" CT("a", "500m") "], initContainers: [" SIDECAR(
             "s1", "250m") ", " SIDECAR("s2", "250m") "]",
         "1"},
        /* init containers only ever take the max, never a sum */
        {"containers: [" CT("a", "1") "], initContainers: [" CT(
             "i1", "3") ", " CT("i2", "2") "]",
         "3"},
        /* regular containers only */
        {"containers: [" CT("a", "100m") ", " CT("b", "200m") ", " CT(
             "c", "300m") "]",
         "600m"},
    };
    (void)state;
    check_cpu_cases(cases, sizeof cases / sizeof cases[0]);
}

/* spec.overhead is added after the init max, unless excluded; resources
 * only in the overhead appear too. */
static void requests_overhead(void **state) {
    podsim_cluster *c = cluster_with(
        NULL,
        POD("p",
            "containers: [" CT("a", "2") ", " CT(
                "b", "3") "], "
                          "initContainers: [" CT(
                              "i", "7") "], "
                                        "overhead: {cpu: 250m, memory: 1Gi}")
            POD("q", "containers: [{name: a}], overhead: {cpu: 5, memory: 5}"));
    reqs r;
    (void)state;
    r = compute(c, "p", 0);
    assert_int_equal(r.count, 2);
    assert_req(&r, "cpu", "7250m");
    assert_req(&r, "memory", "1Gi");
    r = stored(c, "p");
    assert_int_equal(r.count, 2);
    assert_req(&r, "cpu", "7250m");
    assert_req(&r, "memory", "1Gi");
    r = compute(c, "p", PODSIM_REQUESTS_EXCLUDE_OVERHEAD);
    assert_int_equal(r.count, 1);
    assert_req(&r, "cpu", "7");
    assert_no_req(&r, "memory");
    /* just overhead */
    r = compute(c, "q", 0);
    assert_int_equal(r.count, 2);
    assert_req(&r, "cpu", "5");
    assert_req(&r, "memory", "5");
    r = compute(c, "q", PODSIM_REQUESTS_EXCLUDE_OVERHEAD);
    assert_int_equal(r.count, 0);
    drop(c);
}

/* Extended resources are summed and maxed like cpu, and never get the
 * non-zero defaults. */
static void requests_extended_resources(void **state) {
    podsim_cluster *c = cluster_with(
        NULL, POD("gpu",
                  "containers: ["
                  "{name: a, resources: {requests: {nvidia.com/gpu: 1}, "
                  "limits: {nvidia.com/gpu: 1}}}, "
                  "{name: b, resources: {limits: {nvidia.com/gpu: 2}}}], "
                  "initContainers: ["
                  "{name: s, restartPolicy: Always, resources: {limits: "
                  "{nvidia.com/gpu: 1, example.com/foo: 3}}}, "
                  "{name: i, resources: {limits: {example.com/foo: 10}}}]"));
    reqs r;
    (void)state;
    r = compute(c, "gpu", 0);
    /* 1 + 2 + sidecar 1; foo: max(3, 10 + 3) */
    assert_int_equal(r.count, 2);
    assert_req(&r, "nvidia.com/gpu", "4");
    assert_req(&r, "example.com/foo", "13");
    assert_req_text(&r, "nvidia.com/gpu", "4");
    r = compute(c, "gpu", PODSIM_REQUESTS_NON_ZERO);
    assert_int_equal(r.count, 4);
    assert_req(&r, "nvidia.com/gpu", "4");
    assert_req(&r, "example.com/foo", "13");
    /* four containers without cpu or memory: the non-zero defaults for the
       three that run together (a, b, s) against i + s */
    assert_req(&r, "cpu", "300m");
    assert_req(&r, "memory", "600Mi");
    drop(c);
}

/* Sums keep the format of the first quantity added (Quantity.Add keeps
 * the receiver's); the max keeps the winner's. */
static void requests_sum_keeps_first_format(void **state) {
    podsim_cluster *c = cluster_with(
        NULL,
        POD("bin",
            "containers: ["
            "{name: a, resources: {requests: {cpu: 500m, memory: 1Gi}}}, "
            "{name: b, resources: {requests: {cpu: 1, memory: 512Mi}}}]")
            POD("dec",
                "containers: ["
                "{name: a, resources: {requests: {cpu: 1, memory: 1G}}}, "
                "{name: b, resources: {requests: {cpu: 500m, memory: 1Gi}}}]")
                POD("exp",
                    "containers: ["
                    "{name: a, resources: {requests: {memory: 1e3}}}, "
                    "{name: b, resources: {requests: {memory: 1k}}}]")
                    POD("max",
                        "containers: ["
                        "{name: a, resources: {requests: {memory: 1000M}}}], "
                        "initContainers: ["
                        "{name: i, resources: {requests: {memory: 2Gi}}}]"));
    reqs r;
    (void)state;
    r = compute(c, "bin", 0);
    assert_req_text(&r, "memory", "1536Mi");
    assert_int_equal(lookup(&r, "memory")->quantity.format,
                     PODSIM_QUANTITY_BINARY_SI);
    assert_req_text(&r, "cpu", "1500m");
    r = stored(c, "bin");
    assert_req_text(&r, "memory", "1536Mi");
    assert_req_text(&r, "cpu", "1500m");
    r = compute(c, "dec", 0);
    assert_req_text(&r, "cpu", "1500m");
    /* 1e9 + 2^30 in DecimalSI */
    assert_req_text(&r, "memory", "2073741824");
    assert_int_equal(lookup(&r, "memory")->quantity.format,
                     PODSIM_QUANTITY_DECIMAL_SI);
    r = compute(c, "exp", 0);
    assert_req_text(&r, "memory", "2e3");
    r = compute(c, "max", 0);
    assert_req_text(&r, "memory", "2Gi");
    drop(c);
}

/* ------------------------------------------------------------------ */
/* Defaulting feeding requests                                         */
/* ------------------------------------------------------------------ */

/* SetDefaults_Pod: a limit without a request requests the limit; an
 * explicit request stays. */
static void requests_from_limits(void **state) {
    podsim_cluster *c = cluster_with(
        NULL, POD("p",
                  "containers: ["
                  "{name: a, resources: {limits: {cpu: 2, memory: 1Gi}}}, "
                  "{name: b, resources: {requests: {cpu: 100m}, "
                  "limits: {cpu: 1, memory: 256Mi}}}], "
                  "initContainers: ["
                  "{name: i, resources: {limits: {cpu: 4}}}]"));
    const podsim_pod *p = podsim_cluster_pod(c, pod_id(c, "p"));
    podsim_quantity q;
    reqs r;
    (void)state;
    /* the containers carry the defaulted requests */
    assert_true(
        podsim_resources_get(&p->spec.containers[0].requests, "cpu", &q));
    assert_int_equal(podsim_quantity_cmp(&q, &(podsim_quantity){2, 0, 0}), 0);
    assert_true(
        podsim_resources_get(&p->spec.containers[1].requests, "cpu", &q));
    assert_int_equal(podsim_quantity_cmp(&q, &(podsim_quantity){1, -1, 0}), 0);
    assert_true(
        podsim_resources_get(&p->spec.containers[1].requests, "memory", &q));
    assert_true(
        podsim_resources_get(&p->spec.init_containers[0].requests, "cpu", &q));
    /* cpu max(2 + 0.1, 4), memory 1Gi + 256Mi */
    r = compute(c, "p", 0);
    assert_int_equal(r.count, 2);
    assert_req(&r, "cpu", "4");
    assert_req_text(&r, "memory", "1280Mi");
    r = stored(c, "p");
    assert_req(&r, "cpu", "4");
    assert_req(&r, "memory", "1280Mi");
    drop(c);
}

/* ------------------------------------------------------------------ */
/* Pod-level resources                                                 */
/* ------------------------------------------------------------------ */

#define POD_LEVEL_PODS                                                     \
    POD("cpu-mem",                                                         \
        "containers: [{name: a, resources: {requests: {cpu: 1, memory: "   \
        "1Gi, ephemeral-storage: 1Gi, nvidia.com/gpu: 1}, limits: "        \
        "{nvidia.com/gpu: 1}}}], "                                         \
        "resources: {requests: {cpu: 3, memory: 4Gi}}, "                   \
        "overhead: {cpu: 100m}")                                           \
    POD("from-limits",                                                     \
        "containers: [{name: a}], resources: {limits: {cpu: 2, memory: "   \
        "2Gi}}")                                                           \
    POD("huge",                                                            \
        "containers: [{name: a, resources: {requests: {cpu: 1, memory: "   \
        "1Gi, hugepages-2Mi: 20Mi}, limits: {memory: 1Gi, hugepages-2Mi: " \
        "20Mi}}}], "                                                       \
        "resources: {requests: {cpu: 2, memory: 2Gi, hugepages-2Mi: "      \
        "100Mi}, limits: {memory: 2Gi, hugepages-2Mi: 100Mi}}")            \
    POD("huge-only",                                                       \
        "containers: [{name: a, resources: {requests: {cpu: 1, "           \
        "hugepages-1Gi: 1Gi}, limits: {hugepages-1Gi: 1Gi}}}], "           \
        "resources: {requests: {hugepages-1Gi: 2Gi}, limits: "             \
        "{hugepages-1Gi: 2Gi}}")                                           \
    POD("unsupported",                                                     \
        "containers: [{name: a, resources: {requests: {cpu: 1, "           \
        "ephemeral-storage: 1Gi}}}], "                                     \
        "resources: {requests: {ephemeral-storage: 5Gi, example.com/foo: " \
        "2}}")

/* v1.34 (default): cpu, memory and hugepages-* at pod level replace the
 * container aggregate; other resources still come from the containers;
 * overhead is added on top. */
static void requests_pod_level_replaces_supported(void **state) {
    podsim_cluster *c = cluster_with(NULL, POD_LEVEL_PODS);
    reqs r;
    (void)state;
    assert_string_equal(podsim_cluster_kubernetes_version(c), "1.34");
    r = compute(c, "cpu-mem", 0);
    assert_int_equal(r.count, 4);
    assert_req(&r, "cpu", "3100m");
    assert_req(&r, "memory", "4Gi");
    assert_req(&r, "ephemeral-storage", "1Gi");
    assert_req(&r, "nvidia.com/gpu", "1");
    r = stored(c, "cpu-mem");
    assert_req(&r, "cpu", "3100m");
    assert_req(&r, "memory", "4Gi");
    r = compute(c, "cpu-mem", PODSIM_REQUESTS_EXCLUDE_OVERHEAD);
    assert_req(&r, "cpu", "3");
    /* pod-level requests default to pod-level limits */
    r = compute(c, "from-limits", 0);
    assert_int_equal(r.count, 2);
    assert_req(&r, "cpu", "2");
    assert_req(&r, "memory", "2Gi");
    /* hugepages at pod level */
    r = compute(c, "huge", 0);
    assert_int_equal(r.count, 3);
    assert_req(&r, "cpu", "2");
    assert_req(&r, "memory", "2Gi");
    assert_req(&r, "hugepages-2Mi", "100Mi");
    /* hugepages alone make the pod-level requests "set" */
    r = compute(c, "huge-only", 0);
    assert_int_equal(r.count, 2);
    assert_req(&r, "cpu", "1");
    assert_req(&r, "hugepages-1Gi", "2Gi");
    /* ephemeral-storage and extended resources are not pod-level
       resources: ignored there */
    r = compute(c, "unsupported", 0);
    assert_int_equal(r.count, 2);
    assert_req(&r, "cpu", "1");
    assert_req(&r, "ephemeral-storage", "1Gi");
    assert_no_req(&r, "example.com/foo");
    drop(c);
}

/* SetDefaults_Pod -> defaultPodRequests (pkg/apis/core/v1/defaults.go,
 * PodLevelResources on): with pod-level limits and no pod-level request,
 * a resource that containers request defaults to the containers'
 * aggregated request (AggregateContainerRequests); only a resource no
 * container requests defaults to the pod-level limit. */
static void requests_pod_level_requests_default_from_containers(void **state) {
    podsim_cluster *c = cluster_with(
        NULL, POD("both",
                  "containers: [{name: a, resources: {requests: {cpu: "
                  "200m, memory: 256Mi}}}], "
                  "resources: {limits: {cpu: 2, memory: 2Gi}}")
                  POD("cpu-only",
                      "containers: [{name: a, resources: {requests: "
                      "{cpu: 200m}}}, {name: b, resources: {limits: "
                      "{cpu: 300m}}}], initContainers: [{name: i, "
                      "resources: {requests: {cpu: 1}}}], "
                      "resources: {limits: {cpu: 2, memory: 2Gi}}"));
    const podsim_pod *p;
    podsim_quantity q;
    reqs r;
    (void)state;
    /* the containers request cpu and memory: the pod requests them */
    r = compute(c, "both", 0);
    assert_int_equal(r.count, 2);
    assert_req(&r, "cpu", "200m");
    assert_req(&r, "memory", "256Mi");
    r = stored(c, "both");
    assert_req(&r, "cpu", "200m");
    assert_req(&r, "memory", "256Mi");
    p = podsim_cluster_pod(c, pod_id(c, "both"));
    assert_true(podsim_resources_get(&p->spec.pod_requests, "cpu", &q));
    assert_int_equal(podsim_quantity_cmp(&q, &(podsim_quantity){2, -1, 0}), 0);
    /* cpu: max(200m + 300m (b's limit defaulted), init 1); memory: no
       container requests it, so the pod-level limit */
    r = compute(c, "cpu-only", 0);
    assert_req(&r, "cpu", "1");
    assert_req(&r, "memory", "2Gi");
}

/* PODSIM_REQUESTS_SKIP_POD_LEVEL: the container aggregate only. */
static void requests_pod_level_skip_flag(void **state) {
    podsim_cluster *c = cluster_with(NULL, POD_LEVEL_PODS);
    reqs r;
    (void)state;
    r = compute(c, "cpu-mem", PODSIM_REQUESTS_SKIP_POD_LEVEL);
    assert_req(&r, "cpu", "1100m");
    assert_req(&r, "memory", "1Gi");
    r = compute(c, "huge", PODSIM_REQUESTS_SKIP_POD_LEVEL);
    assert_req(&r, "cpu", "1");
    assert_req(&r, "hugepages-2Mi", "20Mi");
    r = compute(c, "from-limits", PODSIM_REQUESTS_SKIP_POD_LEVEL);
    assert_int_equal(r.count, 0);
    drop(c);
}

/* Before v1.34 PodLevelResources is off (alpha): spec.resources is
 * ignored, with and without the non-zero defaults. */
static void requests_pod_level_ignored_before_1_34(void **state) {
    podsim_cluster *c = cluster_with(
        "1.33",
        POD_LEVEL_PODS POD(
            "mixed",
            "containers: [{name: a, resources: {requests: {cpu: 200m}}}, "
            "{name: b}], resources: {requests: {memory: 1Gi}}"));
    reqs r;
    (void)state;
    assert_string_equal(podsim_cluster_kubernetes_version(c), "1.33");
    r = compute(c, "cpu-mem", 0);
    assert_req(&r, "cpu", "1100m");
    assert_req(&r, "memory", "1Gi");
    r = stored(c, "cpu-mem");
    assert_req(&r, "cpu", "1100m");
    assert_req(&r, "memory", "1Gi");
    r = compute(c, "huge", 0);
    assert_req(&r, "cpu", "1");
    assert_req(&r, "memory", "1Gi");
    assert_req(&r, "hugepages-2Mi", "20Mi");
    r = compute(c, "huge-only", 0);
    assert_req(&r, "hugepages-1Gi", "1Gi");
    r = compute(c, "from-limits", 0);
    assert_no_req(&r, "cpu");
    assert_no_req(&r, "memory");
    /* the gate off: every container lacking a key gets the default */
    r = compute(c, "mixed", PODSIM_REQUESTS_NON_ZERO);
    assert_req(&r, "cpu", "300m");
    assert_req(&r, "memory", "400Mi");
    drop(c);
    /* the same pods in v1.34 do use the pod level */
    c = cluster_with("1.34", POD_LEVEL_PODS);
    r = compute(c, "cpu-mem", 0);
    assert_req(&r, "cpu", "3100m");
    drop(c);
}

/* ------------------------------------------------------------------ */
/* Non-zero defaults                                                   */
/* ------------------------------------------------------------------ */

/* 100m / 200Mi per container (init containers too) that lacks the key;
 * an explicit 0 stays 0. */
static void requests_non_zero_defaults(void **state) {
    podsim_cluster *c = cluster_with(
        NULL, POD("none", "containers: [{name: a}, {name: b}]") POD(
                  "zero",
                  "containers: [{name: a, resources: {requests: {cpu: 0, "
                  "memory: 0}}}]")
                  POD("half",
                      "containers: [{name: a, resources: {requests: {cpu: 1}}},"
                      " {name: b, resources: {requests: {memory: 1Gi}}}]")
                      POD("init",
                          "containers: [{name: a}], initContainers: [{name: i, "
                          "resources: {requests: {memory: 1Gi}}}]"));
    reqs r;
    int64_t v = 0;
    (void)state;
    r = compute(c, "none", 0);
    assert_int_equal(r.count, 0);
    r = compute(c, "none", PODSIM_REQUESTS_NON_ZERO);
    assert_int_equal(r.count, 2);
    assert_req(&r, "cpu", "200m");
    assert_req(&r, "memory", "400Mi");
    assert_int_equal(podsim_quantity_value(&lookup(&r, "memory")->quantity, &v),
                     PODSIM_OK);
    assert_int_equal(v, INT64_C(2) * 209715200);
    /* pod->requests never has the defaults */
    r = stored(c, "none");
    assert_int_equal(r.count, 0);
    r = compute(c, "zero", PODSIM_REQUESTS_NON_ZERO);
    assert_req(&r, "cpu", "0");
    assert_req(&r, "memory", "0");
    r = compute(c, "half", PODSIM_REQUESTS_NON_ZERO);
    assert_req(&r, "cpu", "1100m");
    assert_req(&r, "memory", "1224Mi");
    /* init: max(100m, 100m) cpu, max(200Mi, 1Gi) memory */
    r = compute(c, "init", PODSIM_REQUESTS_NON_ZERO);
    assert_req(&r, "cpu", "100m");
    assert_req(&r, "memory", "1Gi");
    drop(c);
}

/* With pod-level requests set (v1.34), the scheduler applies a default
 * only for cpu / memory absent from the pod's actual requests
 * (pkg/scheduler/framework/types.go getNonMissingContainerRequests with
 * podLevelResourcesSet = true): a key present anywhere - pod level, any
 * container, or overhead - gets no default in any container. */
static void requests_non_zero_with_pod_level_resources(void **state) {
    podsim_cluster *c = cluster_with(
        NULL, POD("cpu-only",
                  "containers: [{name: a}, {name: b}], "
                  "resources: {requests: {cpu: 500m}}")
                  POD("mixed",
                      "containers: [{name: a, resources: {requests: "
                      "{cpu: 200m}}}, {name: b}], "
                      "resources: {requests: {memory: 1Gi}}")
                      POD("overhead",
                          "containers: [{name: a}], "
                          "resources: {requests: {memory: 1Gi}}, "
                          "overhead: {cpu: 250m}"));
    reqs r;
    (void)state;
    /* memory absent everywhere: each container gets 200Mi */
    r = compute(c, "cpu-only", PODSIM_REQUESTS_NON_ZERO);
    assert_req(&r, "cpu", "500m");
    assert_req(&r, "memory", "400Mi");
    /* cpu is present (container a): no default for container b */
    r = compute(c, "mixed", 0);
    assert_req(&r, "cpu", "200m");
    r = compute(c, "mixed", PODSIM_REQUESTS_NON_ZERO);
    assert_req(&r, "memory", "1Gi");
    assert_req(&r, "cpu", "200m");
    /* cpu is present (overhead): no container default */
    r = compute(c, "overhead", PODSIM_REQUESTS_NON_ZERO);
    assert_req(&r, "memory", "1Gi");
    assert_req(&r, "cpu", "250m");
    drop(c);
}

/* ------------------------------------------------------------------ */
/* Arguments                                                           */
/* ------------------------------------------------------------------ */

/* A buffer too small: PODSIM_ENOSPC with the needed count; cap 0 with a
 * NULL buffer is a size query. */
static void requests_enospc_reports_count(void **state) {
    podsim_cluster *c = cluster_with(
        NULL, POD("p",
                  "containers: [{name: a, resources: {requests: "
                  "{cpu: 1, memory: 1Gi, nvidia.com/gpu: 1}, limits: "
                  "{nvidia.com/gpu: 1}}}]"));
    podsim_resource out[3];
    size_t count = 99;
    podsim_id id = pod_id(c, "p");
    (void)state;
    assert_int_equal(podsim_pod_compute_requests(c, id, 0, NULL, 0, &count),
                     PODSIM_ENOSPC);
    assert_int_equal(count, 3);
    assert_int_equal(podsim_cluster_error(c)->status, PODSIM_ENOSPC);
    count = 99;
    assert_int_equal(podsim_pod_compute_requests(c, id, 0, out, 2, &count),
                     PODSIM_ENOSPC);
    assert_int_equal(count, 3);
    /* with the defaults there are still three (cpu, memory present) */
    count = 99;
    assert_int_equal(podsim_pod_compute_requests(
                         c, id, PODSIM_REQUESTS_NON_ZERO, out, 2, &count),
                     PODSIM_ENOSPC);
    assert_int_equal(count, 3);
    count = 99;
    assert_int_equal(podsim_pod_compute_requests(c, id, 0, out, 3, &count),
                     PODSIM_OK);
    assert_int_equal(count, 3);
    assert_int_equal(podsim_cluster_error(c)->status, PODSIM_OK);
    assert_string_equal(podsim_cluster_error(c)->message, "");
    drop(c);
}

/* A sum that overflows the quantity representation: PODSIM_ERANGE, and
 * the error names the pod. Here only the non-zero default overflows, so
 * the pod itself loads. */
static void requests_erange_on_overflow(void **state) {
    podsim_cluster *c =
        cluster_with(NULL, POD("huge",
                               "containers: [{name: a, resources: {requests: "
                               "{cpu: 1, memory: 9Ei}}}, {name: b, resources: "
                               "{requests: {cpu: 1}}}]"));
    podsim_resource out[4];
    size_t count = 0;
    (void)state;
    reqs r = compute(c, "huge", 0);
    assert_req(&r, "memory", "9223372036854775807");
    assert_int_equal(
        podsim_pod_compute_requests(c, pod_id(c, "huge"),
                                    PODSIM_REQUESTS_NON_ZERO, out, 4, &count),
        PODSIM_ERANGE);
    assert_int_equal(podsim_cluster_error(c)->status, PODSIM_ERANGE);
    assert_non_null(strstr(podsim_cluster_error(c)->message, "default/huge"));
    /* a pod whose own requests overflow does not load */
    static const char worse[] =
        POD("worse",
            "containers: [{name: a, resources: {requests: {memory: "
            "9Ei}}}, {name: b, resources: {requests: {memory: 1}}}]");
    assert_int_equal(
        podsim_cluster_load_string(c, worse, strlen(worse), NULL, NULL),
        PODSIM_ERANGE);
    assert_int_equal(podsim_cluster_error(c)->status, PODSIM_ERANGE);
    assert_int_equal(podsim_cluster_count(c, PODSIM_KIND_POD), 1);
}

/* An empty result needs no buffer at all. */
static void requests_empty_result(void **state) {
    podsim_cluster *c = cluster_with(NULL, POD("p", "containers: [{name: a}]"));
    size_t count = 99;
    (void)state;
    assert_int_equal(podsim_pod_compute_requests(c, 0, 0, NULL, 0, &count),
                     PODSIM_OK);
    assert_int_equal(count, 0);
    drop(c);
}

static void requests_einval_bad_arguments(void **state) {
    podsim_cluster *c = cluster_with(NULL, POD("p", "containers: [{name: a}]"));
    podsim_resource out[4];
    size_t count = 0;
    (void)state;
    assert_int_equal(podsim_pod_compute_requests(NULL, 0, 0, out, 4, &count),
                     PODSIM_EINVAL);
    assert_int_equal(podsim_pod_compute_requests(c, -1, 0, out, 4, &count),
                     PODSIM_EINVAL);
    assert_int_equal(podsim_cluster_error(c)->status, PODSIM_EINVAL);
    assert_int_equal(podsim_pod_compute_requests(c, 1, 0, out, 4, &count),
                     PODSIM_EINVAL);
    assert_int_equal(
        podsim_pod_compute_requests(c, PODSIM_NO_ID, 0, out, 4, &count),
        PODSIM_EINVAL);
    assert_int_equal(podsim_pod_compute_requests(c, 0, 0, NULL, 4, &count),
                     PODSIM_EINVAL);
    assert_int_equal(podsim_pod_compute_requests(c, 0, 0, out, 4, NULL),
                     PODSIM_EINVAL);
    /* an empty cluster has no pod 0 */
    drop(c);
    c = new_cluster(NULL);
    assert_int_equal(podsim_pod_compute_requests(c, 0, 0, out, 4, &count),
                     PODSIM_EINVAL);
    drop(c);
}

/* Frees what a test left behind (all of it when an assertion failed). */
static int teardown(void **state) {
    (void)state;
    for (size_t i = 0; i < MAX_LIVE; i++) {
        podsim_cluster_free(live[i]);
        live[i] = NULL;
    }
    if (golden_loaded) yaml_document_delete(&golden_doc);
    golden_loaded = false;
    return 0;
}

#define TEST(f) cmocka_unit_test_teardown(f, teardown)

int main(void) {
    const struct CMUnitTest tests[] = {
        TEST(requests_golden_cases),
        TEST(requests_golden_scheduler_nonzero),
        TEST(requests_sidecar_ordering_examples),
        TEST(requests_sidecar_counts_for_later_inits_only),
        TEST(requests_overhead),
        TEST(requests_extended_resources),
        TEST(requests_sum_keeps_first_format),
        TEST(requests_from_limits),
        TEST(requests_pod_level_replaces_supported),
        TEST(requests_pod_level_requests_default_from_containers),
        TEST(requests_pod_level_skip_flag),
        TEST(requests_pod_level_ignored_before_1_34),
        TEST(requests_non_zero_defaults),
        TEST(requests_non_zero_with_pod_level_resources),
        TEST(requests_enospc_reports_count),
        TEST(requests_erange_on_overflow),
        TEST(requests_empty_result),
        TEST(requests_einval_bad_arguments),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
