/*
 * test_cluster.c - the cluster handle: options and the Kubernetes version,
 * finding objects by kind, namespace and name, the accessors, status and
 * enum names, node.requested / pod_count bookkeeping across loads, and
 * the transactional load (a failed load leaves the model exactly as it
 * was).
 *
 * Object identity follows the API server: kind, namespace (namespaced
 * kinds only; "" means default) and name. Node bookkeeping follows the
 * scheduler's cache: every non-terminal pod bound to a node holds its
 * effective requests there; Succeeded and Failed pods hold nothing
 * (pkg/scheduler/eventhandlers.go drops terminal pods).
 *
 * Self-contained: every object is written inline.
 */
#define _POSIX_C_SOURCE 200809L /* mkstemp, fdopen */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "podsim.h"
#include "model.h"
#include "support.h"

/* ------------------------------------------------------------------ */
/* Helpers                                                             */
/* ------------------------------------------------------------------ */

/* Clusters a test made and has not dropped; the teardown frees them, so a
 * failed assertion leaks nothing. */
#define MAX_LIVE 8
static podsim_cluster *live[MAX_LIVE];
static char temp_path[64];
static strbuf big_text;

static podsim_cluster *track(podsim_cluster *c) {
    size_t slot = 0;
    while (slot < MAX_LIVE && live[slot]) slot++;
    assert_true(slot < MAX_LIVE);
    live[slot] = c;
    return c;
}

static podsim_cluster *new_cluster(void) {
    podsim_cluster *c = NULL;
    assert_int_equal(podsim_cluster_new(NULL, &c), PODSIM_OK);
    assert_non_null(c);
    return track(c);
}

static void drop(podsim_cluster *c) {
    for (size_t i = 0; i < MAX_LIVE; i++) {
        if (live[i] == c) live[i] = NULL;
    }
    podsim_cluster_free(c);
}

static int teardown(void **state) {
    (void)state;
    for (size_t i = 0; i < MAX_LIVE; i++) {
        podsim_cluster_free(live[i]);
        live[i] = NULL;
    }
    if (temp_path[0]) unlink(temp_path);
    temp_path[0] = '\0';
    strbuf_release(&big_text);
    return 0;
}

static podsim_status load(podsim_cluster *c, const char *text) {
    return podsim_cluster_load_string(c, text, strlen(text), "test", NULL);
}

static void load_ok(podsim_cluster *c, const char *text) {
    podsim_status s = load(c, text);
    if (s != PODSIM_OK) {
        const podsim_error *e = podsim_cluster_error(c);
        fail_msg("load failed: %s: %s (line %d, column %d)",
                 podsim_status_name(s), e->message, e->line, e->column);
    }
}

/* Writes text to a fresh temporary file; its path stays in temp_path. */
static const char *write_temp(const char *text) {
    strcpy(temp_path, "/tmp/podsim-test-cluster-XXXXXX");
    int fd = mkstemp(temp_path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(text, 1, strlen(text), f), strlen(text));
    assert_int_equal(fclose(f), 0);
    return temp_path;
}

static podsim_id find(podsim_cluster *c, podsim_kind kind, const char *ns,
                      const char *name) {
    podsim_id id = PODSIM_NO_ID;
    podsim_status s = podsim_cluster_find(c, kind, ns, name, &id);
    if (s != PODSIM_OK) {
        fail_msg("find %s %s/%s: %s: %s", podsim_kind_name(kind),
                 ns ? ns : "(null)", name, podsim_status_name(s),
                 podsim_cluster_error(c)->message);
    }
    return id;
}

static bool exists(podsim_cluster *c, podsim_kind kind, const char *ns,
                   const char *name) {
    podsim_id id;
    return podsim_cluster_find(c, kind, ns, name, &id) == PODSIM_OK;
}

static const podsim_node *node_named(podsim_cluster *c, const char *name) {
    const podsim_node *n =
        podsim_cluster_node(c, find(c, PODSIM_KIND_NODE, NULL, name));
    assert_non_null(n);
    return n;
}

static const podsim_pod *pod_named(podsim_cluster *c, const char *name) {
    const podsim_pod *p =
        podsim_cluster_pod(c, find(c, PODSIM_KIND_POD, NULL, name));
    assert_non_null(p);
    return p;
}

static podsim_quantity parsed(const char *text) {
    podsim_quantity q = {0, 0, PODSIM_QUANTITY_DECIMAL_SI};
    assert_int_equal(podsim_quantity_parse(text, strlen(text), &q), PODSIM_OK);
    return q;
}

/* `list` holds `name` equal to `want`, or lacks it when want is NULL. */
static void assert_resource(const podsim_resources *list, const char *name,
                            const char *want) {
    podsim_quantity got;
    char buf[PODSIM_QUANTITY_STRING_MAX];
    bool found = podsim_resources_get(list, name, &got);
    if (!want) {
        if (found) fail_msg("unexpected %s", name);
        return;
    }
    if (!found) fail_msg("%s missing, want %s", name, want);
    podsim_quantity q = parsed(want);
    if (podsim_quantity_cmp(&got, &q) != 0) {
        podsim_quantity_format(&got, buf, sizeof buf, NULL);
        fail_msg("%s = %s, want %s", name, buf, want);
    }
}

/* A node's pod_count and requested cpu / memory (NULL = absent). */
static void assert_node(podsim_cluster *c, const char *name, int pods,
                        const char *cpu, const char *memory) {
    const podsim_node *n = node_named(c, name);
    if (n->pod_count != pods) {
        fail_msg("node %s: pod_count %d, want %d", name, (int)n->pod_count,
                 pods);
    }
    assert_resource(&n->requested, "cpu", cpu);
    assert_resource(&n->requested, "memory", memory);
}

/* A pod's resolved node: the node named `node`, or none when NULL. */
static void assert_bound(podsim_cluster *c, const char *pod, const char *node) {
    const podsim_pod *p = pod_named(c, pod);
    if (!node) {
        if (p->node != PODSIM_NO_ID) {
            fail_msg("pod %s bound to node %d, want none", pod, (int)p->node);
        }
        return;
    }
    if (p->node != find(c, PODSIM_KIND_NODE, NULL, node)) {
        fail_msg("pod %s bound to node %d, want %s", pod, (int)p->node, node);
    }
}

#define NODE(name)                                             \
    "---\n{apiVersion: v1, kind: Node, metadata: {name: " name \
    "}, "                                                      \
    "status: {allocatable: {cpu: \"8\", memory: 32Gi, pods: \"110\"}}}\n"

/* A pod bound to `node` ("" = unbound) requesting cpu and memory. */
#define POD_ON(name, node, cpu, memory)                       \
    "---\n{apiVersion: v1, kind: Pod, metadata: {name: " name \
    "}, spec: "                                               \
    "{nodeName: \"" node                                      \
    "\", containers: [{name: c, resources: "                  \
    "{requests: {cpu: \"" cpu "\", memory: \"" memory "\"}}}]}}\n"

/* The same with status.phase. */
#define POD_PHASE(name, node, cpu, phase)                     \
    "---\n{apiVersion: v1, kind: Pod, metadata: {name: " name \
    "}, spec: "                                               \
    "{nodeName: \"" node                                      \
    "\", containers: [{name: c, resources: "                  \
    "{requests: {cpu: \"" cpu "\"}}}]}, status: {phase: " phase "}}\n"

/* ------------------------------------------------------------------ */
/* Creating a cluster                                                  */
/* ------------------------------------------------------------------ */

static void cluster_new_with_null_options(void **state) {
    podsim_cluster *c = new_cluster();
    const podsim_error *e = podsim_cluster_error(c);
    (void)state;
    assert_string_equal(podsim_cluster_kubernetes_version(c),
                        PODSIM_DEFAULT_KUBERNETES_VERSION);
    assert_string_equal(podsim_cluster_kubernetes_version(c), "1.34");
    assert_non_null(e);
    assert_int_equal(e->status, PODSIM_OK);
    assert_string_equal(e->message, "");
    for (int k = 0; k < PODSIM_KIND_COUNT; k++) {
        assert_int_equal(podsim_cluster_count(c, (podsim_kind)k), 0);
    }
    /* PODSIM_CLUSTER_OPTIONS_INIT is the same as NULL */
    podsim_cluster_options options = PODSIM_CLUSTER_OPTIONS_INIT;
    podsim_cluster *d = NULL;
    assert_int_equal(podsim_cluster_new(&options, &d), PODSIM_OK);
    track(d);
    assert_string_equal(podsim_cluster_kubernetes_version(d), "1.34");
}

static void cluster_new_rejects_bad_arguments(void **state) {
    podsim_cluster_options options = PODSIM_CLUSTER_OPTIONS_INIT;
    podsim_cluster *c = (podsim_cluster *)&options; /* must become NULL */
    (void)state;
    assert_int_equal(podsim_cluster_new(NULL, NULL), PODSIM_EINVAL);
    options.version = 0;
    assert_int_equal(podsim_cluster_new(&options, &c), PODSIM_EINVAL);
    assert_null(c);
    options.version = PODSIM_CLUSTER_OPTIONS_VERSION + 1;
    c = (podsim_cluster *)&options;
    assert_int_equal(podsim_cluster_new(&options, &c), PODSIM_EINVAL);
    assert_null(c);
    /* the version is checked before the Kubernetes version */
    options.kubernetes_version = "abc";
    assert_int_equal(podsim_cluster_new(&options, &c), PODSIM_EINVAL);
    assert_null(c);
}

static void cluster_kubernetes_version_accepted(void **state) {
    static const char *const cases[][2] = {
        {"1.30", "1.30"},          {"1.31", "1.31"},
        {"1.32", "1.32"},          {"1.33", "1.33"},
        {"1.34", "1.34"},          {"1.35", "1.35"},
        {"v1.34", "1.34"},         {"1.34.2", "1.34"},
        {"v1.31.0-eks-1", "1.31"}, {"v1.30.14+k3s1", "1.30"},
        {"1.35.0", "1.35"},
    };
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        podsim_cluster_options options = PODSIM_CLUSTER_OPTIONS_INIT;
        podsim_cluster *c = NULL;
        options.kubernetes_version = cases[i][0];
        podsim_status s = podsim_cluster_new(&options, &c);
        if (s != PODSIM_OK) {
            fail_msg("\"%s\": %s, want PODSIM_OK", cases[i][0],
                     podsim_status_name(s));
        }
        track(c);
        assert_string_equal(podsim_cluster_kubernetes_version(c), cases[i][1]);
        drop(c);
    }
}

static void cluster_kubernetes_version_rejected(void **state) {
    static const char *const cases[] = {
        "1.29", "1.36",  "2.0",   "abc",   "",      "1.",    "1",    "v",
        "1.3",  "1.34x", "11.34", " 1.34", "V1.34", "1.340", "0.34", "1.-34",
    };
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        podsim_cluster_options options = PODSIM_CLUSTER_OPTIONS_INIT;
        podsim_cluster *c = (podsim_cluster *)&options;
        options.kubernetes_version = cases[i];
        podsim_status s = podsim_cluster_new(&options, &c);
        if (s == PODSIM_OK) track(c);
        if (s != PODSIM_EVERSION) {
            fail_msg("\"%s\": %s, want PODSIM_EVERSION", cases[i],
                     podsim_status_name(s));
        }
        assert_null(c);
    }
    /* a static message is there for it */
    assert_string_equal(podsim_status_str(PODSIM_EVERSION),
                        "unsupported Kubernetes version");
}

static void cluster_null_handle(void **state) {
    (void)state;
    podsim_cluster_free(NULL);
    assert_null(podsim_cluster_error(NULL));
    assert_string_equal(podsim_cluster_kubernetes_version(NULL), "");
    assert_int_equal(podsim_cluster_count(NULL, PODSIM_KIND_POD), 0);
    assert_int_equal(podsim_cluster_load_string(NULL, "", 0, NULL, NULL),
                     PODSIM_EINVAL);
    podsim_id id;
    assert_int_equal(podsim_cluster_find(NULL, PODSIM_KIND_POD, NULL, "x", &id),
                     PODSIM_EINVAL);
}

static void cluster_version_string(void **state) {
    char want[32];
    (void)state;
    snprintf(want, sizeof want, "%d.%d.%d", PODSIM_VERSION_MAJOR,
             PODSIM_VERSION_MINOR, PODSIM_VERSION_PATCH);
    assert_string_equal(podsim_version(), want);
}

/* ------------------------------------------------------------------ */
/* Finding objects                                                     */
/* ------------------------------------------------------------------ */

static const char every_kind[] =
    NODE("n1")
    "---\n{apiVersion: v1, kind: Pod, metadata: {name: web}, spec: "
    "{containers: [{name: a}]}}\n"
    "---\n{apiVersion: v1, kind: Pod, metadata: {name: web, namespace: "
    "kube-system}, spec: {containers: [{name: a}]}}\n"
    "---\n{apiVersion: v1, kind: Pod, metadata: {name: api, namespace: "
    "default}, spec: {containers: [{name: a}]}}\n"
    "---\n{apiVersion: v1, kind: ConfigMap, metadata: {name: web}, data: "
    "{k: v}}\n"
    "---\n{apiVersion: v1, kind: Secret, metadata: {name: web}, type: "
    "Opaque}\n"
    "---\n{apiVersion: scheduling.k8s.io/v1, kind: PriorityClass, metadata: "
    "{name: high}, value: 1000}\n"
    "---\n{apiVersion: v1, kind: Namespace, metadata: {name: kube-system}}\n"
    "---\n{apiVersion: apps/v1, kind: Deployment, metadata: {name: web}, "
    "spec: {replicas: 1}}\n"
    "---\n{apiVersion: apps/v1, kind: ReplicaSet, metadata: {name: web}, "
    "spec: {}}\n"
    "---\n{apiVersion: apps/v1, kind: StatefulSet, metadata: {name: web}, "
    "spec: {}}\n"
    "---\n{apiVersion: apps/v1, kind: DaemonSet, metadata: {name: web}, "
    "spec: {}}\n"
    "---\n{apiVersion: batch/v1, kind: Job, metadata: {name: web}, spec: "
    "{}}\n"
    "---\n{apiVersion: policy/v1, kind: PodDisruptionBudget, metadata: "
    "{name: web}, spec: {minAvailable: 1}}\n"
    "---\n{apiVersion: v1, kind: PersistentVolumeClaim, metadata: {name: "
    "web}, spec: {}}\n"
    "---\n{apiVersion: v1, kind: PersistentVolume, metadata: {name: web}, "
    "spec: {}}\n"
    "---\n{apiVersion: storage.k8s.io/v1, kind: StorageClass, metadata: "
    "{name: web}, provisioner: x}\n"
    "---\n{apiVersion: v1, kind: Service, metadata: {name: web}, spec: {}}\n"
    "---\n{apiVersion: v1, kind: Event, metadata: {name: web}, "
    "involvedObject: {kind: Pod, name: web}, reason: X}\n";

static void cluster_find_by_kind_namespace_name(void **state) {
    podsim_cluster *c = new_cluster();
    (void)state;
    load_ok(c, every_kind);
    assert_int_equal(podsim_cluster_count(c, PODSIM_KIND_POD), 3);
    /* NULL and "" mean default */
    podsim_id web = find(c, PODSIM_KIND_POD, "default", "web");
    assert_int_equal(find(c, PODSIM_KIND_POD, NULL, "web"), web);
    assert_int_equal(find(c, PODSIM_KIND_POD, "", "web"), web);
    assert_string_equal(podsim_cluster_pod(c, web)->meta.namespace_, "default");
    /* the same name in another namespace is another object */
    podsim_id sys = find(c, PODSIM_KIND_POD, "kube-system", "web");
    assert_int_not_equal(sys, web);
    assert_string_equal(podsim_cluster_pod(c, sys)->meta.namespace_,
                        "kube-system");
    assert_int_equal(find(c, PODSIM_KIND_POD, NULL, "api"),
                     find(c, PODSIM_KIND_POD, "default", "api"));
    assert_false(exists(c, PODSIM_KIND_POD, "kube-system", "api"));
    /* every kind has its own names */
    for (int k = 0; k < PODSIM_KIND_COUNT; k++) {
        const char *name = k == PODSIM_KIND_NODE            ? "n1"
                           : k == PODSIM_KIND_PRIORITYCLASS ? "high"
                           : k == PODSIM_KIND_NAMESPACE     ? "kube-system"
                                                            : "web";
        podsim_id id = find(c, (podsim_kind)k, NULL, name);
        assert_true(id >= 0);
        assert_true((size_t)id < podsim_cluster_count(c, (podsim_kind)k));
    }
    /* cluster-scoped kinds ignore the namespace */
    podsim_id n1 = find(c, PODSIM_KIND_NODE, NULL, "n1");
    assert_int_equal(find(c, PODSIM_KIND_NODE, "kube-system", "n1"), n1);
    assert_int_equal(find(c, PODSIM_KIND_NODE, "", "n1"), n1);
    assert_null(podsim_cluster_node(c, n1)->meta.namespace_);
    assert_int_equal(find(c, PODSIM_KIND_PRIORITYCLASS, "anything", "high"), 0);
    assert_int_equal(find(c, PODSIM_KIND_PERSISTENTVOLUME, "x", "web"), 0);
    assert_int_equal(find(c, PODSIM_KIND_STORAGECLASS, "x", "web"), 0);
    assert_int_equal(find(c, PODSIM_KIND_NAMESPACE, "default", "kube-system"),
                     0);
    /* a name of one kind is not found as another */
    assert_false(exists(c, PODSIM_KIND_NODE, NULL, "web"));
    assert_false(exists(c, PODSIM_KIND_POD, NULL, "high"));
    /* success clears the error */
    assert_int_equal(podsim_cluster_error(c)->status, PODSIM_ENOTFOUND);
    assert_int_equal(find(c, PODSIM_KIND_POD, NULL, "web"), web);
    assert_int_equal(podsim_cluster_error(c)->status, PODSIM_OK);
}

static void cluster_find_not_found_names_the_object(void **state) {
    podsim_cluster *c = new_cluster();
    podsim_id id = 42;
    const podsim_error *e;
    (void)state;
    load_ok(c, every_kind);
    assert_int_equal(
        podsim_cluster_find(c, PODSIM_KIND_POD, NULL, "missing", &id),
        PODSIM_ENOTFOUND);
    assert_int_equal(id, PODSIM_NO_ID);
    e = podsim_cluster_error(c);
    assert_int_equal(e->status, PODSIM_ENOTFOUND);
    assert_non_null(strstr(e->message, "Pod"));
    assert_non_null(strstr(e->message, "\"default/missing\""));
    assert_non_null(strstr(e->message, "not found"));
    assert_int_equal(podsim_cluster_find(c, PODSIM_KIND_CONFIGMAP,
                                         "kube-system", "web", &id),
                     PODSIM_ENOTFOUND);
    assert_non_null(strstr(e->message, "ConfigMap"));
    assert_non_null(strstr(e->message, "\"kube-system/web\""));
    /* cluster-scoped: no namespace in the message, even when given */
    assert_int_equal(
        podsim_cluster_find(c, PODSIM_KIND_NODE, "default", "ghost", &id),
        PODSIM_ENOTFOUND);
    assert_non_null(strstr(e->message, "Node \"ghost\""));
    assert_null(strstr(e->message, "default"));
    /* the same name of another kind */
    assert_int_equal(podsim_cluster_find(c, PODSIM_KIND_POD, NULL, "n1", &id),
                     PODSIM_ENOTFOUND);
    /* found again: the error is cleared */
    assert_int_equal(podsim_cluster_find(c, PODSIM_KIND_POD, NULL, "web", &id),
                     PODSIM_OK);
    assert_int_equal(e->status, PODSIM_OK);
    assert_string_equal(e->message, "");
    /* an empty cluster finds nothing */
    podsim_cluster *empty = new_cluster();
    assert_int_equal(
        podsim_cluster_find(empty, PODSIM_KIND_NODE, NULL, "n1", &id),
        PODSIM_ENOTFOUND);
    assert_non_null(strstr(podsim_cluster_error(empty)->message, "n1"));
}

static void cluster_find_invalid_arguments(void **state) {
    podsim_cluster *c = new_cluster();
    podsim_id id;
    (void)state;
    load_ok(c, every_kind);
    assert_int_equal(podsim_cluster_find(c, PODSIM_KIND_POD, NULL, NULL, &id),
                     PODSIM_EINVAL);
    assert_int_equal(podsim_cluster_error(c)->status, PODSIM_EINVAL);
    assert_int_equal(podsim_cluster_find(c, PODSIM_KIND_POD, NULL, "web", NULL),
                     PODSIM_EINVAL);
    assert_int_equal(
        podsim_cluster_find(c, PODSIM_KIND_COUNT, NULL, "web", &id),
        PODSIM_EINVAL);
    assert_int_equal(podsim_cluster_find(c, (podsim_kind)-1, NULL, "web", &id),
                     PODSIM_EINVAL);
}

/* ------------------------------------------------------------------ */
/* Accessors                                                           */
/* ------------------------------------------------------------------ */

static void cluster_accessors_by_id(void **state) {
    podsim_cluster *c = new_cluster();
    (void)state;
    load_ok(c, every_kind);
    for (podsim_id i = 0; (size_t)i < 3; i++) {
        assert_int_equal(podsim_cluster_pod(c, i)->id, i);
    }
    assert_string_equal(podsim_cluster_node(c, 0)->meta.name, "n1");
    static const podsim_kind workloads[] = {
        PODSIM_KIND_DEPLOYMENT, PODSIM_KIND_REPLICASET, PODSIM_KIND_STATEFULSET,
        PODSIM_KIND_DAEMONSET, PODSIM_KIND_JOB};
    for (size_t i = 0; i < 5; i++) {
        const podsim_workload *w = podsim_cluster_workload(c, workloads[i], 0);
        assert_non_null(w);
        assert_int_equal(w->kind, workloads[i]);
        assert_int_equal(w->id, 0);
        assert_string_equal(w->meta.name, "web");
        assert_null(podsim_cluster_workload(c, workloads[i], 1));
        assert_null(podsim_cluster_workload(c, workloads[i], -1));
    }
    assert_string_equal(podsim_cluster_priority_class(c, 0)->meta.name, "high");
    assert_string_equal(podsim_cluster_pdb(c, 0)->meta.name, "web");
    assert_string_equal(podsim_cluster_pvc(c, 0)->meta.name, "web");
    assert_string_equal(podsim_cluster_pv(c, 0)->meta.name, "web");
    assert_string_equal(podsim_cluster_storage_class(c, 0)->meta.name, "web");
    assert_string_equal(
        podsim_cluster_config(c, PODSIM_KIND_CONFIGMAP, 0)->meta.name, "web");
    assert_string_equal(
        podsim_cluster_config(c, PODSIM_KIND_SECRET, 0)->meta.name, "web");
    assert_string_equal(podsim_cluster_namespace(c, 0)->meta.name,
                        "kube-system");
    assert_string_equal(podsim_cluster_service(c, 0)->meta.name, "web");
    assert_string_equal(podsim_cluster_event(c, 0)->meta.name, "web");
}

static void cluster_accessors_null_out_of_range(void **state) {
    podsim_cluster *c = new_cluster();
    (void)state;
    load_ok(c, every_kind);
    /* one past the end and negative ids */
    assert_null(podsim_cluster_node(c, 1));
    assert_null(podsim_cluster_node(c, -1));
    assert_null(podsim_cluster_node(c, PODSIM_NO_ID));
    assert_null(podsim_cluster_pod(c, 3));
    assert_null(podsim_cluster_pod(c, INT32_MAX));
    assert_null(podsim_cluster_pod(c, INT32_MIN));
    assert_null(podsim_cluster_priority_class(c, 1));
    assert_null(podsim_cluster_pdb(c, 1));
    assert_null(podsim_cluster_pvc(c, 1));
    assert_null(podsim_cluster_pv(c, 1));
    assert_null(podsim_cluster_storage_class(c, 1));
    assert_null(podsim_cluster_config(c, PODSIM_KIND_CONFIGMAP, 1));
    assert_null(podsim_cluster_config(c, PODSIM_KIND_SECRET, -1));
    assert_null(podsim_cluster_namespace(c, 1));
    assert_null(podsim_cluster_service(c, 1));
    assert_null(podsim_cluster_event(c, 1));
    /* wrong kinds, though an object with that id exists */
    assert_null(podsim_cluster_workload(c, PODSIM_KIND_POD, 0));
    assert_null(podsim_cluster_workload(c, PODSIM_KIND_NODE, 0));
    assert_null(podsim_cluster_workload(c, PODSIM_KIND_PRIORITYCLASS, 0));
    assert_null(podsim_cluster_workload(c, PODSIM_KIND_EVENT, 0));
    assert_null(podsim_cluster_workload(c, PODSIM_KIND_COUNT, 0));
    assert_null(podsim_cluster_workload(c, (podsim_kind)-1, 0));
    assert_null(podsim_cluster_config(c, PODSIM_KIND_POD, 0));
    assert_null(podsim_cluster_config(c, PODSIM_KIND_DEPLOYMENT, 0));
    assert_null(podsim_cluster_config(c, PODSIM_KIND_COUNT, 0));
    assert_int_equal(podsim_cluster_count(c, PODSIM_KIND_COUNT), 0);
    assert_int_equal(podsim_cluster_count(c, (podsim_kind)-1), 0);
    /* a NULL cluster */
    assert_null(podsim_cluster_node(NULL, 0));
    assert_null(podsim_cluster_pod(NULL, 0));
    assert_null(podsim_cluster_workload(NULL, PODSIM_KIND_DEPLOYMENT, 0));
    assert_null(podsim_cluster_priority_class(NULL, 0));
    assert_null(podsim_cluster_pdb(NULL, 0));
    assert_null(podsim_cluster_pvc(NULL, 0));
    assert_null(podsim_cluster_pv(NULL, 0));
    assert_null(podsim_cluster_storage_class(NULL, 0));
    assert_null(podsim_cluster_config(NULL, PODSIM_KIND_SECRET, 0));
    assert_null(podsim_cluster_namespace(NULL, 0));
    assert_null(podsim_cluster_service(NULL, 0));
    assert_null(podsim_cluster_event(NULL, 0));
    /* an empty cluster */
    podsim_cluster *empty = new_cluster();
    assert_null(podsim_cluster_node(empty, 0));
    assert_null(podsim_cluster_pod(empty, 0));
    assert_null(podsim_cluster_workload(empty, PODSIM_KIND_JOB, 0));
}

static void cluster_resources_get(void **state) {
    podsim_cluster *c = new_cluster();
    podsim_quantity q = {7, 7, PODSIM_QUANTITY_BINARY_SI};
    const podsim_node *n;
    podsim_resources empty = {NULL, 0};
    (void)state;
    load_ok(c, NODE("n1"));
    n = node_named(c, "n1");
    assert_int_equal(n->allocatable.count, 3);
    assert_true(podsim_resources_get(&n->allocatable, "memory", &q));
    assert_int_equal(q.mantissa, INT64_C(32) * 1024 * 1024 * 1024);
    assert_int_equal(q.exponent, 0);
    assert_int_equal(q.format, PODSIM_QUANTITY_BINARY_SI);
    assert_true(podsim_resources_get(&n->allocatable, "cpu", &q));
    assert_int_equal(podsim_quantity_cmp(&q, &(podsim_quantity){8, 0, 0}), 0);
    /* out may be NULL: a presence test */
    assert_true(podsim_resources_get(&n->allocatable, "pods", NULL));
    /* absent: false, out untouched */
    q.mantissa = 99;
    assert_false(podsim_resources_get(&n->allocatable, "nvidia.com/gpu", &q));
    assert_false(podsim_resources_get(&n->allocatable, "cp", &q));
    assert_false(podsim_resources_get(&n->allocatable, "CPU", &q));
    assert_int_equal(q.mantissa, 99);
    assert_false(podsim_resources_get(&empty, "cpu", &q));
    assert_false(podsim_resources_get(NULL, "cpu", &q));
    assert_false(podsim_resources_get(&n->allocatable, NULL, &q));
    /* capacity absent: allocatable stays as given, capacity empty */
    assert_false(podsim_resources_get(&n->capacity, "cpu", NULL));
}

/* ------------------------------------------------------------------ */
/* Status and enum names                                               */
/* ------------------------------------------------------------------ */

static void cluster_status_names_and_strings(void **state) {
    static const char *const names[PODSIM_STATUS_COUNT] = {
        "PODSIM_OK",        "PODSIM_ENOMEM", "PODSIM_EINVAL",   "PODSIM_EPARSE",
        "PODSIM_ENOTFOUND", "PODSIM_EEXIST", "PODSIM_ERANGE",   "PODSIM_ELIMIT",
        "PODSIM_EIO",       "PODSIM_ENOSPC", "PODSIM_EVERSION",
    };
    static const podsim_status bad[] = {
        PODSIM_STATUS_COUNT, (podsim_status)(PODSIM_STATUS_COUNT + 1),
        (podsim_status)-1, (podsim_status)1000};
    (void)state;
    assert_int_equal(PODSIM_EVERSION + 1, PODSIM_STATUS_COUNT);
    for (int s = 0; s < PODSIM_STATUS_COUNT; s++) {
        const char *text = podsim_status_str((podsim_status)s);
        assert_string_equal(podsim_status_name((podsim_status)s), names[s]);
        assert_non_null(text);
        assert_true(text[0] != '\0');
        for (int t = 0; t < s; t++) {
            assert_string_not_equal(text, podsim_status_str((podsim_status)t));
        }
    }
    assert_string_equal(podsim_status_str(PODSIM_OK), "success");
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        const char *name = podsim_status_name(bad[i]);
        const char *text = podsim_status_str(bad[i]);
        assert_non_null(name);
        assert_non_null(text);
        assert_true(name[0] != '\0');
        assert_true(text[0] != '\0');
        for (int s = 0; s < PODSIM_STATUS_COUNT; s++) {
            assert_string_not_equal(name, names[s]);
            assert_string_not_equal(text, podsim_status_str((podsim_status)s));
        }
    }
}

typedef struct enum_table {
    podsim_enum type;
    int last; /* the header's last enumerator */
    const char *const *names;
    size_t count;
} enum_table;

#define ENUM_TABLE(type, last, ...)                                           \
    {                                                                         \
        type, last, (const char *const[]){__VA_ARGS__},                       \
            sizeof((const char *const[]){__VA_ARGS__}) / sizeof(const char *) \
    }

static void cluster_enum_names(void **state) {
    const enum_table tables[] = {
        ENUM_TABLE(PODSIM_ENUM_KIND, PODSIM_KIND_EVENT, "Node", "Pod",
                   "Deployment", "ReplicaSet", "StatefulSet", "DaemonSet",
                   "Job", "PriorityClass", "PodDisruptionBudget",
                   "PersistentVolumeClaim", "PersistentVolume", "StorageClass",
                   "ConfigMap", "Secret", "Namespace", "Service", "Event"),
        ENUM_TABLE(PODSIM_ENUM_PHASE, PODSIM_PHASE_UNKNOWN, "Pending",
                   "Running", "Succeeded", "Failed", "Unknown"),
        ENUM_TABLE(PODSIM_ENUM_TAINT_EFFECT, PODSIM_EFFECT_NO_EXECUTE, "",
                   "NoSchedule", "PreferNoSchedule", "NoExecute"),
        ENUM_TABLE(PODSIM_ENUM_SELECTOR_OP, PODSIM_OP_LT, "In", "NotIn",
                   "Exists", "DoesNotExist", "Gt", "Lt"),
        ENUM_TABLE(PODSIM_ENUM_TOLERATION_OP, PODSIM_TOLERATION_EXISTS, "Equal",
                   "Exists"),
        ENUM_TABLE(PODSIM_ENUM_PULL_POLICY, PODSIM_PULL_NEVER, "Always",
                   "IfNotPresent", "Never"),
        ENUM_TABLE(PODSIM_ENUM_PROTOCOL, PODSIM_PROTOCOL_SCTP, "TCP", "UDP",
                   "SCTP"),
        ENUM_TABLE(PODSIM_ENUM_HANDLER, PODSIM_HANDLER_SLEEP, "", "exec",
                   "httpGet", "tcpSocket", "grpc", "sleep"),
        ENUM_TABLE(PODSIM_ENUM_REF_KIND, PODSIM_REF_SECRET, "ConfigMap",
                   "Secret"),
        ENUM_TABLE(PODSIM_ENUM_CONTAINER_KIND, PODSIM_CONTAINER_SIDECAR,
                   "regular", "init", "sidecar"),
        ENUM_TABLE(PODSIM_ENUM_CONTAINER_STATE, PODSIM_STATE_TERMINATED, "",
                   "waiting", "running", "terminated"),
        ENUM_TABLE(PODSIM_ENUM_VOLUME_TYPE, PODSIM_VOLUME_EPHEMERAL, "other",
                   "persistentVolumeClaim", "configMap", "secret", "emptyDir",
                   "hostPath", "projected", "downwardAPI", "ephemeral"),
        ENUM_TABLE(PODSIM_ENUM_RESTART_POLICY, PODSIM_RESTART_NEVER, "Always",
                   "OnFailure", "Never"),
        ENUM_TABLE(PODSIM_ENUM_PREEMPTION_POLICY, PODSIM_PREEMPT_NEVER,
                   "PreemptLowerPriority", "Never"),
        ENUM_TABLE(PODSIM_ENUM_UNSATISFIABLE, PODSIM_SCHEDULE_ANYWAY,
                   "DoNotSchedule", "ScheduleAnyway"),
        ENUM_TABLE(PODSIM_ENUM_INCLUSION_POLICY, PODSIM_POLICY_IGNORE, "",
                   "Honor", "Ignore"),
        ENUM_TABLE(PODSIM_ENUM_QUANTITY_FORMAT,
                   PODSIM_QUANTITY_DECIMAL_EXPONENT, "DecimalSI", "BinarySI",
                   "DecimalExponent"),
        ENUM_TABLE(PODSIM_ENUM_VIEW, PODSIM_VIEW_NODE_REQUESTS, "nodes", "pods",
                   "node-requests"),
        ENUM_TABLE(PODSIM_ENUM_FIT_CODE, PODSIM_FIT_UNRESOLVABLE, "Success",
                   "Unschedulable", "UnschedulableAndUnresolvable"),
        ENUM_TABLE(PODSIM_ENUM_RUN_KIND, PODSIM_RUN_OOM, "forever", "exit",
                   "crash", "oom"),
        ENUM_TABLE(PODSIM_ENUM_SIM_VIEW, PODSIM_SIM_VIEW_REPORT, "pods",
                   "events", "event-log", "nodes", "report"),
        ENUM_TABLE(PODSIM_ENUM_NODE_FAILURE, PODSIM_NODE_DELETED, "unreachable",
                   "not-ready", "shutdown", "deleted"),
        ENUM_TABLE(PODSIM_ENUM_PROVENANCE, PODSIM_PROVENANCE_DERIVED,
                   "observed", "simulated", "derived"),
        ENUM_TABLE(PODSIM_ENUM_SEVERITY, PODSIM_SEVERITY_CRITICAL, "info",
                   "warning", "error", "critical"),
        ENUM_TABLE(PODSIM_ENUM_CONFIDENCE, PODSIM_CONFIDENCE_HIGH, "low",
                   "medium", "high"),
        ENUM_TABLE(PODSIM_ENUM_DIAGNOSIS_FORMAT, PODSIM_DIAGNOSIS_JSON, "text",
                   "json"),
    };
    (void)state;
    assert_int_equal(sizeof tables / sizeof tables[0], PODSIM_ENUM_COUNT);
    for (size_t t = 0; t < PODSIM_ENUM_COUNT; t++) {
        const enum_table *e = &tables[t];
        assert_int_equal(e->type, (podsim_enum)t);
        /* the table covers the header's enumerators exactly */
        assert_int_equal((size_t)e->last + 1, e->count);
        for (size_t v = 0; v < e->count; v++) {
            const char *got = podsim_enum_name(e->type, (int)v);
            if (!got || strcmp(got, e->names[v]) != 0) {
                fail_msg("enum %zu value %zu: \"%s\", want \"%s\"", t, v,
                         got ? got : "(null)", e->names[v]);
            }
        }
        assert_null(podsim_enum_name(e->type, (int)e->count));
        assert_null(podsim_enum_name(e->type, -1));
        assert_null(podsim_enum_name(e->type, INT32_MAX));
        assert_null(podsim_enum_name(e->type, INT32_MIN));
    }
    assert_null(podsim_enum_name(PODSIM_ENUM_COUNT, 0));
    assert_null(podsim_enum_name((podsim_enum)-1, 0));
    assert_null(podsim_enum_name((podsim_enum)1000, 0));
    /* the typed helpers agree, and give "" out of range */
    assert_int_equal(PODSIM_KIND_COUNT, PODSIM_KIND_EVENT + 1);
    for (int k = 0; k < PODSIM_KIND_COUNT; k++) {
        assert_string_equal(podsim_kind_name((podsim_kind)k),
                            podsim_enum_name(PODSIM_ENUM_KIND, k));
    }
    assert_string_equal(podsim_kind_name(PODSIM_KIND_COUNT), "");
    assert_string_equal(podsim_phase_name(PODSIM_PHASE_SUCCEEDED), "Succeeded");
    assert_string_equal(podsim_phase_name((podsim_phase)99), "");
    assert_string_equal(podsim_taint_effect_name(PODSIM_EFFECT_NONE), "");
    assert_string_equal(podsim_taint_effect_name(PODSIM_EFFECT_NO_EXECUTE),
                        "NoExecute");
    assert_string_equal(podsim_taint_effect_name((podsim_taint_effect)99), "");
    assert_string_equal(podsim_selector_op_name(PODSIM_OP_DOES_NOT_EXIST),
                        "DoesNotExist");
    assert_string_equal(podsim_selector_op_name((podsim_selector_op)99), "");
}

static void cluster_kind_is_namespaced(void **state) {
    (void)state;
    for (int k = 0; k < PODSIM_KIND_COUNT; k++) {
        bool cluster_scoped =
            k == PODSIM_KIND_NODE || k == PODSIM_KIND_PRIORITYCLASS ||
            k == PODSIM_KIND_PERSISTENTVOLUME ||
            k == PODSIM_KIND_STORAGECLASS || k == PODSIM_KIND_NAMESPACE;
        if (podsim_kind_is_namespaced((podsim_kind)k) == cluster_scoped) {
            fail_msg("%s: namespaced %d", podsim_kind_name((podsim_kind)k),
                     (int)!cluster_scoped);
        }
    }
    assert_false(podsim_kind_is_namespaced(PODSIM_KIND_COUNT));
    assert_false(podsim_kind_is_namespaced((podsim_kind)-1));
}

/* ------------------------------------------------------------------ */
/* node.requested and pod_count                                        */
/* ------------------------------------------------------------------ */

/* clang-format off */
#define PODS_A                          \
    POD_ON("p1", "n1", "500m", "1Gi")   \
    POD_ON("p2", "n1", "250m", "512Mi") \
    POD_ON("p3", "n2", "1", "2Gi")      \
    POD_ON("p4", "", "4", "4Gi")        \
    POD_ON("p5", "ghost", "3", "3Gi")
/* clang-format on */

#define NODES_A NODE("n1") NODE("n2") NODE("n3")

static void check_model_a(podsim_cluster *c) {
    assert_node(c, "n1", 2, "750m", "1536Mi");
    assert_node(c, "n2", 1, "1", "2Gi");
    assert_node(c, "n3", 0, NULL, NULL);
    assert_int_equal(node_named(c, "n3")->requested.count, 0);
    assert_bound(c, "p1", "n1");
    assert_bound(c, "p2", "n1");
    assert_bound(c, "p3", "n2");
    assert_bound(c, "p4", NULL);
    assert_bound(c, "p5", NULL);
}

static void cluster_requested_nodes_then_pods(void **state) {
    podsim_cluster *c = new_cluster();
    (void)state;
    load_ok(c, NODES_A PODS_A);
    check_model_a(c);
    drop(c);
    /* the same in two loads */
    c = new_cluster();
    load_ok(c, NODES_A);
    assert_node(c, "n1", 0, NULL, NULL);
    load_ok(c, PODS_A);
    check_model_a(c);
}

/* Pods before their nodes, in one load or in two: the pods' node ids
 * resolve once the nodes exist. */
static void cluster_requested_pods_then_nodes(void **state) {
    podsim_cluster *c = new_cluster();
    (void)state;
    load_ok(c, PODS_A NODES_A);
    check_model_a(c);
    drop(c);
    c = new_cluster();
    load_ok(c, PODS_A);
    for (podsim_id i = 0; i < 5; i++) {
        assert_int_equal(podsim_cluster_pod(c, i)->node, PODSIM_NO_ID);
    }
    load_ok(c, NODES_A);
    check_model_a(c);
    /* a third load adds pods to nodes that already hold some */
    load_ok(c,
            POD_ON("p6", "n2", "2", "1Gi") POD_ON("p7", "n3", "100m", "100Mi"));
    assert_node(c, "n1", 2, "750m", "1536Mi");
    assert_node(c, "n2", 2, "3", "3Gi");
    assert_node(c, "n3", 1, "100m", "100Mi");
    assert_bound(c, "p6", "n2");
    /* and a late node picks up its earlier pod */
    load_ok(c, NODE("ghost"));
    assert_node(c, "ghost", 1, "3", "3Gi");
    assert_bound(c, "p5", "ghost");
    assert_node(c, "n2", 2, "3", "3Gi");
}

/* requested is the pods' effective requests: init max, sidecars,
 * overhead and other resources all included. */
static void cluster_requested_uses_effective_requests(void **state) {
    podsim_cluster *c = new_cluster();
    (void)state;
    load_ok(c, NODE("n1")
               "---\n{apiVersion: v1, kind: Pod, metadata: {name: big-init},"
               " spec: {nodeName: n1, containers: [{name: a, resources: "
               "{requests: {cpu: 1}}}], initContainers: [{name: i, "
               "resources: {requests: {cpu: 3}}}, {name: s, restartPolicy: "
               "Always, resources: {requests: {cpu: 500m, memory: 1Gi}}}],"
               " overhead: {cpu: 100m}}}\n"
               "---\n{apiVersion: v1, kind: Pod, metadata: {name: gpu}, "
               "spec: {nodeName: n1, containers: [{name: a, resources: "
               "{limits: {nvidia.com/gpu: 2}}}]}}\n");
    /* big-init: max(1 + 0.5, 3) + 0.1 */
    assert_node(c, "n1", 2, "3100m", "1Gi");
    assert_resource(&node_named(c, "n1")->requested, "nvidia.com/gpu", "2");
    assert_int_equal(node_named(c, "n1")->requested.count, 3);
}

/* Succeeded and Failed pods hold nothing; other phases (and terminating
 * pods) do. Terminal pods still resolve their node. */
static void cluster_requested_skips_terminal_pods(void **state) {
    podsim_cluster *c = new_cluster();
    (void)state;
    load_ok(c, NODE("n1") POD_PHASE("done", "n1", "4", "Succeeded")
               POD_PHASE("crashed", "n1", "4", "Failed")
               POD_PHASE("running", "n1", "1", "Running")
               POD_PHASE("pending", "n1", "200m", "Pending")
               POD_PHASE("unknown", "n1", "30m", "Unknown")
               "---\n{apiVersion: v1, kind: Pod, metadata: {name: leaving, "
               "deletionTimestamp: \"2024-05-01T10:00:00Z\"}, spec: "
               "{nodeName: n1, containers: [{name: c, resources: "
               "{requests: {cpu: 5m}}}]}, status: {phase: Running}}\n"
               POD_ON("nophase", "n1", "1m", "1Mi"));
    assert_node(c, "n1", 5, "1236m", "1Mi");
    assert_bound(c, "done", "n1");
    assert_bound(c, "crashed", "n1");
    /* the same when the node comes after, in a second load */
    drop(c);
    c = new_cluster();
    load_ok(c, POD_PHASE("done", "n1", "4", "Succeeded")
                   POD_PHASE("running", "n1", "1", "Running"));
    load_ok(c, NODE("n1"));
    assert_node(c, "n1", 1, "1", NULL);
    assert_bound(c, "done", "n1");
}

/* ------------------------------------------------------------------ */
/* Failed loads                                                        */
/* ------------------------------------------------------------------ */

#define MAX_SNAP 16

typedef struct snap_node {
    const char *name; /* interned: the pointer itself must survive */
    int32_t pod_count;
    size_t requested_count;
    podsim_resource requested[8];
} snap_node;

typedef struct snap_pod {
    const char *name;
    const char *namespace_;
    podsim_id id;
    podsim_id node;
} snap_pod;

typedef struct snapshot {
    size_t counts[PODSIM_KIND_COUNT];
    snap_node nodes[MAX_SNAP];
    snap_pod pods[MAX_SNAP];
} snapshot;

static void take(podsim_cluster *c, snapshot *s) {
    memset(s, 0, sizeof(*s));
    for (int k = 0; k < PODSIM_KIND_COUNT; k++) {
        s->counts[k] = podsim_cluster_count(c, (podsim_kind)k);
    }
    assert_true(s->counts[PODSIM_KIND_NODE] <= MAX_SNAP);
    assert_true(s->counts[PODSIM_KIND_POD] <= MAX_SNAP);
    for (size_t i = 0; i < s->counts[PODSIM_KIND_NODE]; i++) {
        const podsim_node *n = podsim_cluster_node(c, (podsim_id)i);
        assert_int_equal(n->id, (podsim_id)i);
        s->nodes[i].name = n->meta.name;
        s->nodes[i].pod_count = n->pod_count;
        s->nodes[i].requested_count = n->requested.count;
        assert_true(n->requested.count <= 8);
        for (size_t j = 0; j < n->requested.count; j++) {
            s->nodes[i].requested[j] = n->requested.items[j];
        }
    }
    for (size_t i = 0; i < s->counts[PODSIM_KIND_POD]; i++) {
        const podsim_pod *p = podsim_cluster_pod(c, (podsim_id)i);
        s->pods[i].name = p->meta.name;
        s->pods[i].namespace_ = p->meta.namespace_;
        s->pods[i].id = p->id;
        s->pods[i].node = p->node;
    }
}

/* The model is exactly as in the snapshot: counts, names (same interned
 * pointers), ids, pod->node, pod_count and requested entry by entry. */
static void assert_same(podsim_cluster *c, const snapshot *s) {
    snapshot now;
    take(c, &now);
    for (int k = 0; k < PODSIM_KIND_COUNT; k++) {
        if (now.counts[k] != s->counts[k]) {
            fail_msg("%s count %zu, was %zu", podsim_kind_name((podsim_kind)k),
                     now.counts[k], s->counts[k]);
        }
    }
    for (size_t i = 0; i < s->counts[PODSIM_KIND_NODE]; i++) {
        const snap_node *a = &now.nodes[i], *b = &s->nodes[i];
        assert_ptr_equal(a->name, b->name);
        assert_string_equal(a->name, b->name);
        assert_int_equal(find(c, PODSIM_KIND_NODE, NULL, b->name),
                         (podsim_id)i);
        if (a->pod_count != b->pod_count) {
            fail_msg("node %s pod_count %d, was %d", b->name, (int)a->pod_count,
                     (int)b->pod_count);
        }
        assert_int_equal(a->requested_count, b->requested_count);
        for (size_t j = 0; j < b->requested_count; j++) {
            assert_string_equal(a->requested[j].name, b->requested[j].name);
            if (podsim_quantity_cmp(&a->requested[j].quantity,
                                    &b->requested[j].quantity) != 0) {
                fail_msg("node %s requested %s changed", b->name,
                         b->requested[j].name);
            }
        }
    }
    for (size_t i = 0; i < s->counts[PODSIM_KIND_POD]; i++) {
        const snap_pod *a = &now.pods[i], *b = &s->pods[i];
        assert_ptr_equal(a->name, b->name);
        assert_int_equal(a->id, b->id);
        assert_int_equal(find(c, PODSIM_KIND_POD, b->namespace_, b->name),
                         b->id);
        if (a->node != b->node) {
            fail_msg("pod %s node %d, was %d", b->name, (int)a->node,
                     (int)b->node);
        }
    }
}

/* What the second load adds before it fails: pods on existing nodes, a
 * new node with a pod, the node that an earlier pod waits for, other
 * kinds. */
/* clang-format off */
#define SECOND_LOAD_GOOD               \
    POD_ON("x1", "n1", "2", "2Gi")     \
    POD_ON("x2", "n2", "1", "1Gi")     \
    NODE("n4")                         \
    POD_ON("x3", "n4", "1", "1Gi")     \
    NODE("ghost")                      \
    "---\n{apiVersion: v1, kind: ConfigMap, metadata: {name: cm}}\n"
/* clang-format on */
#define BAD_YAML_AT_END \
    "---\napiVersion: v1\nkind: Pod\nmetadata: {name: broken\n"

static void check_failed_second_load(podsim_cluster *c, const char *path) {
    snapshot before;
    podsim_status s;
    load_ok(c, NODES_A PODS_A);
    take(c, &before);
    if (path) {
        s = podsim_cluster_load_file(
            c, write_temp(SECOND_LOAD_GOOD BAD_YAML_AT_END), NULL);
    } else {
        s = load(c, SECOND_LOAD_GOOD BAD_YAML_AT_END);
    }
    assert_int_equal(s, PODSIM_EPARSE);
    const podsim_error *e = podsim_cluster_error(c);
    assert_int_equal(e->status, PODSIM_EPARSE);
    assert_true(e->line > 0);
    assert_non_null(e->source);
    assert_string_equal(e->source, path ? temp_path : "test");
    assert_same(c, &before);
    check_model_a(c);
    assert_false(exists(c, PODSIM_KIND_NODE, NULL, "n4"));
    assert_false(exists(c, PODSIM_KIND_NODE, NULL, "ghost"));
    assert_false(exists(c, PODSIM_KIND_POD, NULL, "x1"));
    assert_false(exists(c, PODSIM_KIND_CONFIGMAP, NULL, "cm"));
    /* the good part loads afterwards: nothing of the failed load lingers
       in the name index, and ids continue where they were */
    load_ok(c, SECOND_LOAD_GOOD);
    assert_int_equal(find(c, PODSIM_KIND_POD, NULL, "x1"), 5);
    assert_int_equal(find(c, PODSIM_KIND_NODE, NULL, "n4"), 3);
    assert_node(c, "n1", 3, "2750m", "3584Mi");
    assert_node(c, "n2", 2, "2", "3Gi");
    assert_node(c, "n4", 1, "1", "1Gi");
    assert_node(c, "ghost", 1, "3", "3Gi");
    assert_bound(c, "p5", "ghost");
}

static void cluster_failed_load_leaves_model_unchanged(void **state) {
    (void)state;
    check_failed_second_load(new_cluster(), NULL);
}

static void cluster_failed_file_load_leaves_model_unchanged(void **state) {
    (void)state;
    check_failed_second_load(new_cluster(), "file");
}

/* A failure other than syntax (a duplicate object at the end) rolls back
 * the same way. */
static void cluster_failed_load_duplicate_rolls_back(void **state) {
    podsim_cluster *c = new_cluster();
    snapshot before;
    (void)state;
    load_ok(c, NODES_A PODS_A);
    take(c, &before);
    assert_int_equal(load(c, SECOND_LOAD_GOOD POD_ON("p1", "n1", "1", "1Gi")),
                     PODSIM_EEXIST);
    assert_non_null(strstr(podsim_cluster_error(c)->message, "p1"));
    assert_same(c, &before);
    check_model_a(c);
    /* and a duplicate within the failed load itself */
    assert_int_equal(load(c, NODE("n9") NODE("n9")), PODSIM_EEXIST);
    assert_same(c, &before);
    assert_false(exists(c, PODSIM_KIND_NODE, NULL, "n9"));
}

/* Pods loaded before their node; a failed load that brings the node
 * leaves them unbound. */
static void cluster_failed_load_does_not_bind_earlier_pods(void **state) {
    podsim_cluster *c = new_cluster();
    snapshot before;
    (void)state;
    load_ok(c, POD_ON("early", "late-node", "1", "1Gi"));
    take(c, &before);
    assert_int_equal(load(c, NODE("late-node") BAD_YAML_AT_END), PODSIM_EPARSE);
    assert_same(c, &before);
    assert_bound(c, "early", NULL);
    assert_int_equal(podsim_cluster_count(c, PODSIM_KIND_NODE), 0);
    load_ok(c, NODE("late-node"));
    assert_bound(c, "early", "late-node");
    assert_node(c, "late-node", 1, "1", "1Gi");
}

/* A kind: List whose last item does not decode (a bad quantity): the
 * items streamed before it are undone too. */
static void cluster_failed_list_load_rolls_back(void **state) {
    podsim_cluster *c = new_cluster();
    snapshot before;
    (void)state;
    load_ok(c, NODES_A PODS_A);
    take(c, &before);
    assert_int_equal(
        load(c,
             "apiVersion: v1\nkind: List\nitems:\n"
             "- {apiVersion: v1, kind: Node, metadata: {name: n5}}\n"
             "- {apiVersion: v1, kind: Pod, metadata: {name: y1}, spec: "
             "{nodeName: n1, containers: [{name: c, resources: {requests: "
             "{cpu: 1}}}]}}\n"
             "- {apiVersion: v1, kind: Pod, metadata: {name: y2}, spec: "
             "{nodeName: n5, containers: [{name: c, resources: {requests: "
             "{cpu: 1}}}]}}\n"
             "- {apiVersion: v1, kind: Pod, metadata: {name: y3}, spec: "
             "{nodeName: n1, containers: [{name: c, resources: {requests: "
             "{cpu: lots}}}]}}\n"),
        PODSIM_EPARSE);
    assert_non_null(strstr(podsim_cluster_error(c)->message, "lots"));
    assert_int_equal(podsim_cluster_error(c)->line, 7);
    assert_same(c, &before);
    check_model_a(c);
    assert_false(exists(c, PODSIM_KIND_NODE, NULL, "n5"));
    assert_false(exists(c, PODSIM_KIND_POD, NULL, "y1"));
}

/* A failed load large enough to grow the name index and the intern table
 * and to add arena chunks: all of it is undone. */
static void cluster_failed_large_load_rolls_back(void **state) {
    enum { PODS = 3000, NODES = 200 };
    podsim_cluster *c = new_cluster();
    snapshot before;
    (void)state;
    load_ok(c, NODES_A PODS_A);
    take(c, &before);
    for (int i = 0; i < NODES; i++) {
        strbuf_printf(&big_text,
                      "---\n{apiVersion: v1, kind: Node, metadata: {name: "
                      "bulk-node-%d, labels: {rack: r%d}}}\n",
                      i, i);
    }
    for (int i = 0; i < PODS; i++) {
        strbuf_printf(&big_text,
                      "---\n{apiVersion: v1, kind: Pod, metadata: {name: "
                      "bulk-%d, labels: {app: a%d}}, spec: {nodeName: %s, "
                      "containers: [{name: c, image: img-%d, resources: "
                      "{requests: {cpu: 1m}}}]}}\n",
                      i, i, i % 2 ? "n1" : "bulk-node-7", i);
    }
    size_t good = big_text.len;
    strbuf_puts(&big_text, BAD_YAML_AT_END);
    assert_false(big_text.failed);
    assert_int_equal(
        podsim_cluster_load_string(c, big_text.data, big_text.len, NULL, NULL),
        PODSIM_EPARSE);
    assert_string_equal(podsim_cluster_error(c)->source, "<string>");
    assert_same(c, &before);
    check_model_a(c);
    assert_false(exists(c, PODSIM_KIND_POD, NULL, "bulk-0"));
    assert_false(exists(c, PODSIM_KIND_POD, NULL, "bulk-2999"));
    assert_false(exists(c, PODSIM_KIND_NODE, NULL, "bulk-node-7"));
    /* the good part then loads in full */
    assert_int_equal(
        podsim_cluster_load_string(c, big_text.data, good, NULL, NULL),
        PODSIM_OK);
    assert_int_equal(podsim_cluster_count(c, PODSIM_KIND_POD), 5 + PODS);
    assert_int_equal(find(c, PODSIM_KIND_POD, NULL, "bulk-0"), 5);
    assert_node(c, "n1", 2 + PODS / 2, "2250m", "1536Mi");
    assert_node(c, "bulk-node-7", PODS / 2, "1500m", NULL);
}

/* A load whose pods each fit but whose sum on a node overflows fails in
 * the commit: it is undone like any other failure and, as for every
 * failure, the handle's error says what happened. */
static void cluster_failed_commit_rolls_back_and_reports(void **state) {
    podsim_cluster *c = new_cluster();
    snapshot before;
    (void)state;
    load_ok(c, NODE("n1") POD_ON("huge", "n1", "9Ei", "1Gi"));
    take(c, &before);
    podsim_status s = load(c, POD_ON("one-more", "n1", "1", "1Gi"));
    assert_int_equal(s, PODSIM_ERANGE);
    assert_same(c, &before);
    assert_node(c, "n1", 1, "9Ei", "1Gi");
    assert_false(exists(c, PODSIM_KIND_POD, NULL, "one-more"));
    load_ok(c, NODE("n2"));
    assert_int_equal(load(c, POD_ON("one-more", "n1", "1", "1Gi")),
                     PODSIM_ERANGE);
    const podsim_error *e = podsim_cluster_error(c);
    assert_int_equal(e->status, PODSIM_ERANGE);
    assert_true(e->message[0] != '\0');
}

/* podsim_enum_value is the inverse of podsim_enum_name for every spelling
 * of every enum; the empty spelling (no taint effect, unset policy) and
 * unknown names are not found. */
static void cluster_enum_value_inverts_enum_name(void **state) {
    (void)state;
    for (int type = 0; type < PODSIM_ENUM_COUNT; type++) {
        for (int value = 0;; value++) {
            const char *name = podsim_enum_name((podsim_enum)type, value);
            if (!name) break;
            int back = -1;
            podsim_status s = podsim_enum_value((podsim_enum)type, name, &back);
            if (!name[0]) {
                assert_int_equal(s, PODSIM_ENOTFOUND);
                continue;
            }
            assert_int_equal(s, PODSIM_OK);
            assert_int_equal(back, value);
        }
    }
    int out = 7;
    assert_int_equal(podsim_enum_value(PODSIM_ENUM_KIND, "Ingress", &out),
                     PODSIM_ENOTFOUND);
    assert_int_equal(
        podsim_enum_value(PODSIM_ENUM_TAINT_EFFECT, "noschedule", &out),
        PODSIM_ENOTFOUND);
    assert_int_equal(out, 7);
    assert_int_equal(podsim_enum_value(PODSIM_ENUM_COUNT, "Pod", &out),
                     PODSIM_EINVAL);
    assert_int_equal(podsim_enum_value(PODSIM_ENUM_KIND, NULL, &out),
                     PODSIM_EINVAL);
    assert_int_equal(podsim_enum_value(PODSIM_ENUM_KIND, "Pod", NULL),
                     PODSIM_EINVAL);
}

/* ------------------------------------------------------------------ */
/* Clones (a simulation's working model) and pod removal               */
/* ------------------------------------------------------------------ */

static const char CLONE_YAML[] =
    "apiVersion: v1\nkind: Node\nmetadata: {name: n1}\n"
    "status: {allocatable: {cpu: '4', memory: 8Gi, pods: '110'}}\n"
    "---\napiVersion: v1\nkind: Pod\nmetadata: {name: a, namespace: default}\n"
    "spec:\n  nodeName: n1\n  containers:\n  - name: c\n    image: x\n"
    "    resources: {requests: {cpu: 500m, memory: 1Gi}}\n"
    "---\napiVersion: v1\nkind: Pod\nmetadata: {name: b, namespace: default}\n"
    "spec:\n  nodeName: n1\n  containers:\n  - name: c\n    image: x\n"
    "    resources: {requests: {cpu: 250m}}\n";

static int64_t node_cpu_milli(podsim_cluster *c) {
    podsim_quantity q;
    assert_true(
        podsim_resources_get(&podsim_cluster_node(c, 0)->requested, "cpu", &q));
    int64_t milli = 0;
    assert_int_equal(podsim_quantity_milli(&q, &milli), PODSIM_OK);
    return milli;
}

/* The clone shares loaded strings (pointer equality still means string
   equality), has its own views and requested lists, and outlives the
   source's podsim_cluster_free through its reference. */
static void cluster_clone_is_independent_and_keeps_source_alive(void **state) {
    (void)state;
    podsim_cluster *src = NULL;
    assert_int_equal(podsim_cluster_new(NULL, &src), PODSIM_OK);
    load_ok(src, CLONE_YAML);
    podsim_cluster *copy = NULL;
    assert_int_equal(cluster_clone(src, &copy), PODSIM_OK);
    track(copy);
    assert_ptr_equal(podsim_cluster_pod(copy, 0)->meta.name,
                     podsim_cluster_pod(src, 0)->meta.name);
    assert_ptr_not_equal(podsim_cluster_pod(copy, 0),
                         podsim_cluster_pod(src, 0));
    assert_int_equal(cluster_release_pod(copy, 0), PODSIM_OK);
    assert_int_equal(node_cpu_milli(copy), 250);
    assert_int_equal(node_cpu_milli(src), 750);
    assert_int_equal(podsim_cluster_node(copy, 0)->pod_count, 1);
    assert_int_equal(podsim_cluster_node(src, 0)->pod_count, 2);
    podsim_cluster_free(src); /* the copy still holds it */
    assert_string_equal(podsim_cluster_pod(copy, 1)->meta.name, "b");
    podsim_id id = PODSIM_NO_ID;
    assert_int_equal(
        podsim_cluster_find(copy, PODSIM_KIND_POD, "default", "b", &id),
        PODSIM_OK);
    assert_int_equal(id, 1);
}

/* A removed pod leaves the name index (its name can be taken again) and
   every listing, and its id stays valid. */
static void cluster_removed_pod_frees_its_name(void **state) {
    (void)state;
    podsim_cluster *c = new_cluster();
    load_ok(c, CLONE_YAML);
    cluster_remove_pod(c, 0);
    assert_true(podsim_cluster_pod(c, 0)->removed);
    podsim_id id = PODSIM_NO_ID;
    assert_int_equal(
        podsim_cluster_find(c, PODSIM_KIND_POD, "default", "a", &id),
        PODSIM_ENOTFOUND);
    assert_int_equal(
        podsim_cluster_find(c, PODSIM_KIND_POD, "default", "b", &id),
        PODSIM_OK);
    const char *text = NULL;
    size_t len = 0;
    assert_int_equal(podsim_cluster_render(c, PODSIM_VIEW_PODS, 0,
                                           PODSIM_NO_TIME, &text, &len),
                     PODSIM_OK);
    assert_null(strstr(text, "\na "));
    assert_non_null(strstr(text, "default     b "));
    /* the same pods, ids in kubectl's order */
    podsim_id ids[4];
    size_t n = 0;
    assert_int_equal(podsim_cluster_pod_order(c, ids, 0, &n), PODSIM_ENOSPC);
    assert_int_equal(n, 1);
    assert_int_equal(podsim_cluster_pod_order(c, ids, 4, &n), PODSIM_OK);
    assert_int_equal(n, 1);
    assert_int_equal(ids[0], 1);
    assert_int_equal(podsim_cluster_pod_order(c, NULL, 4, &n), PODSIM_EINVAL);
    /* the name can be loaded again */
    load_ok(c,
            "apiVersion: v1\nkind: Pod\nmetadata: {name: a}\n"
            "spec: {containers: [{name: c, image: x}]}\n");
    assert_int_equal(
        podsim_cluster_find(c, PODSIM_KIND_POD, "default", "a", &id),
        PODSIM_OK);
    assert_int_equal(id, 2);
    assert_int_equal(podsim_cluster_pod_order(c, ids, 4, &n), PODSIM_OK);
    assert_int_equal(n, 2);
    assert_int_equal(ids[0], 2); /* default/a sorts before default/b */
    assert_int_equal(ids[1], 1);
}

#define TEST(f) cmocka_unit_test_teardown(f, teardown)

int main(void) {
    const struct CMUnitTest tests[] = {
        TEST(cluster_new_with_null_options),
        TEST(cluster_enum_value_inverts_enum_name),
        TEST(cluster_new_rejects_bad_arguments),
        TEST(cluster_kubernetes_version_accepted),
        TEST(cluster_kubernetes_version_rejected),
        TEST(cluster_null_handle),
        TEST(cluster_version_string),
        TEST(cluster_find_by_kind_namespace_name),
        TEST(cluster_find_not_found_names_the_object),
        TEST(cluster_find_invalid_arguments),
        TEST(cluster_accessors_by_id),
        TEST(cluster_accessors_null_out_of_range),
        TEST(cluster_resources_get),
        TEST(cluster_status_names_and_strings),
        TEST(cluster_enum_names),
        TEST(cluster_kind_is_namespaced),
        TEST(cluster_requested_nodes_then_pods),
        TEST(cluster_requested_pods_then_nodes),
        TEST(cluster_requested_uses_effective_requests),
        TEST(cluster_requested_skips_terminal_pods),
        TEST(cluster_failed_load_leaves_model_unchanged),
        TEST(cluster_failed_file_load_leaves_model_unchanged),
        TEST(cluster_failed_load_duplicate_rolls_back),
        TEST(cluster_failed_load_does_not_bind_earlier_pods),
        TEST(cluster_failed_list_load_rolls_back),
        TEST(cluster_failed_large_load_rolls_back),
        TEST(cluster_failed_commit_rolls_back_and_reports),
        TEST(cluster_clone_is_independent_and_keeps_source_alive),
        TEST(cluster_removed_pod_frees_its_name),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
