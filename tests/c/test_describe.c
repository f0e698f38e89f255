/*
 * test_describe.c - `kubectl describe pod`, `kubectl get events`, `kubectl
 * get pod` and `kubectl get node` of a pod of a loaded dump (describe.c,
 * diag_render_*), byte for byte against tests/data/describe/.
 *
 * Each case is <name>.yaml (a kubectl List dump) whose header comments say
 *   # pod: NAMESPACE/NAME
 *   # as_of: RFC 3339 time the ages are relative to
 *   # kubectl: 1.xx        (the kubectl version that printed the output)
 *   # tz: +0300           (optional: the zone kubectl printed times in)
 *   # constructed         (written for podsim; PODSIM_REGENERATE=1 may
 *                          rewrite its expected files)
 * and <name>.expected.txt, the describe output. Cases without
 * "# constructed" hold real kubectl output copied from public material
 * (provenance in the yaml header) and are never regenerated. Optional
 * <name>.events.txt, <name>.get.txt and <name>.node.txt hold the other
 * views.
 *
 * The subject is built here the way kubectl describe selects and sorts
 * events (namespace, name and uid; SortableEvents by lastTimestamp, events
 * without one first, stable), from the effective times of
 * troubleshooting.md 0.3, so the renderer is tested on its own.
 */
#define _GNU_SOURCE 1
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "diag.h"
#include "model.h"

#ifndef PODSIM_TEST_DATA
#define PODSIM_TEST_DATA "tests/data"
#endif

static char *read_text(const char *path) {
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *text = malloc((size_t)n + 1);
    assert_non_null(text);
    size_t got = fread(text, 1, (size_t)n, f);
    fclose(f);
    text[got] = '\0';
    return text;
}

static void write_text(const char *path, const char *text, size_t len) {
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(text, 1, len, f), len);
    fclose(f);
}

/* The value of a "# key: value" header line, copied into out. */
static bool header(const char *yaml, const char *key, char *out, size_t cap) {
    size_t klen = strlen(key);
    for (const char *l = yaml; l && *l;
         l = strchr(l, '\n'), l = l ? l + 1 : l) {
        if (l[0] != '#') continue;
        const char *p = l + 1;
        while (*p == ' ') p++;
        if (strncmp(p, key, klen) != 0) continue;
        p += klen;
        if (*p == ':') {
            p++;
            while (*p == ' ') p++;
        } else if (*p != '\n' && *p != '\0') {
            continue;
        }
        size_t n = strcspn(p, "\n");
        while (n && (p[n - 1] == ' ' || p[n - 1] == '\r')) n--;
        if (n >= cap) n = cap - 1;
        memcpy(out, p, n);
        out[n] = '\0';
        return true;
    }
    return false;
}

typedef struct fixture {
    podsim_cluster *cluster;
    diag_source src;
    diag_subject subject;
    diag_event *events;
    const diag_event **mine;
    int tz;
    bool constructed;
} fixture;

/* SortableEvents.Less: lastTimestamp, a null one first; stable */
static int cmp_describe(const void *x, const void *y) {
    const diag_event *a = *(const diag_event *const *)x;
    const diag_event *b = *(const diag_event *const *)y;
    if (a->has_last_timestamp != b->has_last_timestamp) {
        return a->has_last_timestamp ? 1 : -1;
    }
    if (a->has_last_timestamp && a->last != b->last) {
        return a->last < b->last ? -1 : 1;
    }
    return a->order < b->order ? -1 : a->order > b->order;
}

static const char *nz(const char *s) {
    return s ? s : "";
}

static void fixture_load(fixture *fx, const char *yaml_path) {
    memset(fx, 0, sizeof *fx);
    char *yaml = read_text(yaml_path);
    assert_non_null(yaml);
    char pod[256], as_of[64], kubectl[16], tz[16], dummy[8];
    assert_true(header(yaml, "pod", pod, sizeof pod));
    assert_true(header(yaml, "as_of", as_of, sizeof as_of));
    assert_true(header(yaml, "kubectl", kubectl, sizeof kubectl));
    fx->constructed = header(yaml, "constructed", dummy, sizeof dummy);
    if (header(yaml, "tz", tz, sizeof tz)) {
        int hh = (tz[1] - '0') * 10 + (tz[2] - '0');
        int mm = (tz[3] - '0') * 10 + (tz[4] - '0');
        fx->tz = (tz[0] == '-' ? -1 : 1) * (hh * 60 + mm);
    }
    free(yaml);

    assert_int_equal(podsim_cluster_new(NULL, &fx->cluster), PODSIM_OK);
    podsim_status s = podsim_cluster_load_file(fx->cluster, yaml_path, NULL);
    if (s != PODSIM_OK) {
        fprintf(stderr, "%s: %s\n", yaml_path,
                podsim_cluster_error(fx->cluster)->message);
    }
    assert_int_equal(s, PODSIM_OK);

    diag_source *src = &fx->src;
    src->cluster = fx->cluster;
    assert_true(parse_rfc3339(as_of, strlen(as_of), &src->as_of));
    src->kubectl_minor = atoi(strchr(kubectl, '.') + 1);
    src->kubernetes_version = kubectl;
    size_t n = podsim_cluster_count(fx->cluster, PODSIM_KIND_EVENT);
    fx->events = calloc(n ? n : 1, sizeof(*fx->events));
    fx->mine = calloc(n ? n : 1, sizeof(*fx->mine));
    assert_non_null(fx->events);
    assert_non_null(fx->mine);
    for (size_t i = 0; i < n; i++) {
        const podsim_event *pe = podsim_cluster_event(fx->cluster, i);
        diag_event *e = &fx->events[i];
        e->first = pe->event_time != PODSIM_NO_TIME ? pe->event_time
                                                    : pe->first_timestamp;
        e->has_series = pe->series_last_observed_time != PODSIM_NO_TIME;
        e->has_last_timestamp = pe->last_timestamp != PODSIM_NO_TIME;
        e->last = e->has_series           ? pe->series_last_observed_time
                  : e->has_last_timestamp ? pe->last_timestamp
                                          : e->first;
        e->count = pe->count > 0 ? pe->count : 1;
        e->type = nz(pe->type);
        e->reason = nz(pe->reason);
        e->message = nz(pe->message);
        e->field_path = nz(pe->involved_field_path);
        e->container = "";
        e->source = pe->source_component && pe->source_component[0]
                        ? pe->source_component
                        : nz(pe->reporting_controller);
        e->host = nz(pe->source_host);
        e->kind = nz(pe->involved_kind);
        e->namespace_ = pe->involved_namespace && pe->involved_namespace[0]
                            ? pe->involved_namespace
                            : nz(pe->meta.namespace_);
        e->name = nz(pe->involved_name);
        e->uid = nz(pe->involved_uid);
        e->event_name = nz(pe->meta.name);
        e->order = i;
    }
    src->events = fx->events;
    src->event_count = n;

    char *slash = strchr(pod, '/');
    assert_non_null(slash);
    *slash = '\0';
    diag_subject *sub = &fx->subject;
    sub->src = src;
    sub->pod_id = cluster_lookup(fx->cluster, PODSIM_KIND_POD, pod, slash + 1);
    sub->pod = podsim_cluster_pod(fx->cluster, sub->pod_id);
    assert_non_null(sub->pod);
    const char *node = sub->pod->spec.node_name;
    if (node && node[0]) {
        podsim_id id = cluster_lookup(fx->cluster, PODSIM_KIND_NODE, "", node);
        sub->node = podsim_cluster_node(fx->cluster, id);
    }
    const char *uid = nz(sub->pod->meta.uid);
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        const diag_event *e = &fx->events[i];
        if (strcmp(e->namespace_, sub->pod->meta.namespace_) != 0 ||
            strcmp(e->name, sub->pod->meta.name) != 0) {
            continue;
        }
        if (uid[0] && e->uid[0] && strcmp(uid, e->uid) != 0) continue;
        fx->mine[k++] = e;
    }
    qsort(fx->mine, k, sizeof(*fx->mine), cmp_describe);
    sub->events = fx->mine;
    sub->event_count = k;
}

static void fixture_free(fixture *fx) {
    free(fx->events);
    free(fx->mine);
    podsim_cluster_free(fx->cluster);
}

/* Compare (or, for a constructed case under PODSIM_REGENERATE, write) one
   view. Returns false on a mismatch, printing both texts. */
static bool check_view(const fixture *fx, const char *path, const char *got,
                       size_t len, bool required) {
    const char *regen = getenv("PODSIM_REGENERATE");
    if (regen && regen[0] == '1' && fx->constructed) {
        write_text(path, got, len);
        return true;
    }
    char *want = read_text(path);
    if (!want) {
        if (required) fprintf(stderr, "missing %s\n", path);
        return !required;
    }
    bool same = strlen(want) == len && memcmp(want, got, len) == 0;
    if (!same) {
        /* the text podsim wrote, for a diff */
        const char *base = strrchr(path, '/');
        char got_path[1200];
        snprintf(got_path, sizeof got_path, "/tmp/%s.got",
                 base ? base + 1 : path);
        write_text(got_path, got, len);
        fprintf(stderr, "%s differs: podsim's text is in %s\n", path, got_path);
    }
    free(want);
    return same;
}

typedef void (*render_fn)(const diag_subject *s, strbuf *out);

static bool check_case(const char *dir, const char *name) {
    char path[1024];
    snprintf(path, sizeof path, "%s/%s.yaml", dir, name);
    fixture fx;
    fixture_load(&fx, path);
    bool ok = true;

    strbuf out;
    strbuf_init(&out);
    diag_render_describe_tz(&fx.subject, fx.tz, &out);
    assert_false(out.failed);
    snprintf(path, sizeof path, "%s/%s.expected.txt", dir, name);
    ok = check_view(&fx, path, strbuf_str(&out), out.len, true) && ok;

    static const struct {
        const char *suffix;
        render_fn fn;
    } views[] = {{"events", diag_render_events},
                 {"get", diag_render_get_pod},
                 {"node", diag_render_get_node}};
    for (size_t i = 0; i < sizeof views / sizeof views[0]; i++) {
        strbuf_clear(&out);
        views[i].fn(&fx.subject, &out);
        assert_false(out.failed);
        snprintf(path, sizeof path, "%s/%s.%s.txt", dir, name, views[i].suffix);
        ok = check_view(&fx, path, strbuf_str(&out), out.len, false) && ok;
    }
    if (!ok) fprintf(stderr, "describe case %s differs\n", name);
    strbuf_release(&out);
    fixture_free(&fx);
    return ok;
}

static int cmp_name(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every case of tests/data/describe, byte for byte. */
static void test_describe_fixtures(void **state) {
    (void)state;
    const char *dir = PODSIM_TEST_DATA "/describe";
    DIR *d = opendir(dir);
    assert_non_null(d);
    char *names[256];
    size_t n = 0;
    for (struct dirent *e; (e = readdir(d));) {
        size_t len = strlen(e->d_name);
        if (len < 6 || strcmp(e->d_name + len - 5, ".yaml") != 0) continue;
        assert_true(n < 256);
        names[n] = strndup(e->d_name, len - 5);
        assert_non_null(names[n]);
        n++;
    }
    closedir(d);
    qsort(names, n, sizeof(*names), cmp_name);
    size_t failed = 0, real = 0;
    for (size_t i = 0; i < n; i++) {
        if (!check_case(dir, names[i])) failed++;
        char path[1024];
        snprintf(path, sizeof path, "%s/%s.yaml", dir, names[i]);
        char *yaml = read_text(path);
        char dummy[8];
        if (!header(yaml, "constructed", dummy, sizeof dummy)) real++;
        free(yaml);
        free(names[i]);
    }
    fprintf(stderr,
            "describe: %zu cases (%zu real kubectl outputs), %zu "
            "differ\n",
            n, real, failed);
    assert_true(n >= 4);
    assert_true(real >= 3);
    assert_int_equal(failed, 0);
}

/* The simulation's describe goes through the same renderer: a pod with
   command, args, env of every form, envFrom and mounts. */
static void test_sim_describe_container_fields(void **state) {
    (void)state;
    static const char cluster_yaml[] =
        "apiVersion: v1\nkind: Node\n"
        "metadata: {name: n1, creationTimestamp: \"2026-01-01T00:00:00Z\"}\n"
        "status:\n"
        "  allocatable: {cpu: \"4\", memory: 8Gi, pods: \"110\"}\n"
        "  capacity: {cpu: \"4\", memory: 8Gi, pods: \"110\"}\n"
        "  conditions: [{type: Ready, status: \"True\"}]\n";
    static const char pod_yaml[] =
        "apiVersion: v1\nkind: Pod\n"
        "metadata: {name: p, namespace: default}\n"
        "spec:\n"
        "  containers:\n"
        "  - name: app\n"
        "    image: busybox:1.36\n"
        "    command: [sh, -c]\n"
        "    args: [\"echo a\\necho b\"]\n"
        "    resources: {limits: {cpu: 500m, memory: 64Mi}}\n"
        "    envFrom:\n"
        "    - configMapRef: {name: cfg}\n"
        "      prefix: CFG_\n"
        "    env:\n"
        "    - {name: A, value: x}\n"
        "    - name: POD\n"
        "      valueFrom: {fieldRef: {fieldPath: metadata.name}}\n"
        "    - name: CPU\n"
        "      valueFrom: {resourceFieldRef: {resource: limits.cpu}}\n"
        "    volumeMounts:\n"
        "    - {name: data, mountPath: /data, subPath: x, readOnly: true}\n"
        "  volumes:\n"
        "  - name: data\n"
        "    emptyDir: {}\n";
    podsim_cluster *c = NULL;
    assert_int_equal(podsim_cluster_new(NULL, &c), PODSIM_OK);
    assert_int_equal(
        podsim_cluster_load_string(c, cluster_yaml, sizeof cluster_yaml - 1,
                                   "nodes", NULL),
        PODSIM_OK);
    podsim_sim *sim = NULL;
    assert_int_equal(podsim_sim_new(c, NULL, &sim), PODSIM_OK);
    assert_int_equal(
        podsim_sim_apply_string(sim, pod_yaml, sizeof pod_yaml - 1, "pod", 0),
        PODSIM_OK);
    assert_int_equal(podsim_sim_run_until(sim, 60000), PODSIM_OK);
    const char *text = NULL;
    size_t len = 0;
    assert_int_equal(podsim_sim_describe_pod(sim, "default", "p", &text, &len),
                     PODSIM_OK);
    static const char *const want[] = {
        "    Command:\n      sh\n      -c\n",
        "    Args:\n      echo a\n      echo b\n",
        "    Environment Variables from:\n"
        "      cfg  ConfigMap with prefix 'CFG_'  Optional: false\n",
        "      A:    x\n",
        "      POD:  p (v1:metadata.name)\n",
        "      CPU:  1 (limits.cpu)\n",
        "    Mounts:\n      /data from data (ro,path=\"x\")\n",
    };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        if (!strstr(text, want[i])) {
            fprintf(stderr, "missing:\n%s\nin:\n%s\n", want[i], text);
        }
        assert_non_null(strstr(text, want[i]));
    }
    podsim_sim_free(sim);
    podsim_cluster_free(c);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_describe_fixtures),
        cmocka_unit_test(test_sim_describe_container_fields),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
