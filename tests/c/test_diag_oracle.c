/*
 * test_diag_oracle.c - the simulation oracle of the diagnosis engine
 * (issue 6): inject a known cause into a simulation, run it, write it as
 * `kubectl get ... -A -o yaml` (podsim_sim_dump), load that dump into a
 * fresh cluster and diagnose the victim pod (podsim_cluster_diagnose): the
 * primary finding must name the injected cause. The same pod diagnosed
 * inside the simulation (podsim_sim_diagnose) must name it too, and a
 * healthy pod next to it must get no finding from either.
 *
 * Causes (troubleshooting.md section 1 categories):
 *   missing image            image.pull.not-found            (C1)
 *   missing ConfigMap        config.create-container-config.configmap-missing
 *                                                            (C2)
 *   unbound PVC              scheduling.unschedulable.pvc-unbound (B2) or
 *                            volume.pvc-not-bound            (C6)
 *   exit 137 over its limit  resource.oom-killed             (D3)
 *   failing liveness probe   probe.liveness-failing          (D4)
 *   lost node                node.unreachable                (F2)
 *   too big for any node     scheduling.unschedulable.insufficient-cpu /
 *                            -memory                         (B2)
 *
 * The cluster is tests/data/sim/cluster-3-nodes.yaml (three 4-cpu, 16Gi
 * nodes); each case applies its objects and a podsim Scenario at 0.
 */
#include <setjmp.h>
#include <stdarg.h>
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

typedef struct oracle_case {
    const char *name;
    const char *yaml;      /* objects and a Scenario, applied at 0 */
    const char *victim;    /* name in namespace default */
    const char *container; /* the container the primary names, or NULL */
    const char *fail_node; /* a node that becomes unreachable, or NULL */
    int64_t fail_at;
    int64_t run_ms;
    const char *expect[3]; /* accepted primary categories */
} oracle_case;

/* A pod that runs for ever next to every victim: no finding. */
#define BYSTANDER                                                          \
    "---\napiVersion: v1\nkind: Pod\nmetadata: {name: bystander, "         \
    "namespace: default}\nspec:\n  nodeName: node-a\n  containers:\n  - "  \
    "name: app\n    image: busybox:1.36\n    resources: {requests: {cpu: " \
    "100m, memory: 64Mi}, limits: {memory: 64Mi}}\n"

#define EXACT                                                                 \
    "apiVersion: podsim.dev/v1alpha1\nkind: Scenario\ntiming: {exact: true, " \
    "sandbox: 1s, containerStart: 200ms}\n"

static const oracle_case cases[] = {
    {"missing image",
     EXACT "images:\n- name: example.com/shop/web:2.4.1-typo\n  missing: "
           "true\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: web, "
           "namespace: default}\nspec:\n  containers:\n  - name: web\n    "
           "image: example.com/shop/web:2.4.1-typo\n" BYSTANDER,
     "web",
     "web",
     NULL,
     0,
     120000,
     {"image.pull.not-found", NULL, NULL}},
    {"missing ConfigMap",
     EXACT "---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: "
           "other-settings, namespace: default}\ndata: {mode: fast}\n---\n"
           "apiVersion: v1\nkind: Pod\nmetadata: {name: api, namespace: "
           "default}\nspec:\n  containers:\n  - name: app\n    image: "
           "busybox:1.36\n    env:\n    - name: MODE\n      valueFrom:\n    "
           "    configMapKeyRef: {name: app-settings, key: mode}\n" BYSTANDER,
     "api",
     "app",
     NULL,
     0,
     120000,
     {"config.create-container-config.configmap-missing", NULL, NULL}},
    {"unbound PVC",
     EXACT "---\napiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: "
           "{name: data, namespace: default}\nspec:\n  accessModes: "
           "[ReadWriteOnce]\n  resources: {requests: {storage: 1Gi}}\n---\n"
           "apiVersion: v1\nkind: Pod\nmetadata: {name: db, namespace: "
           "default}\nspec:\n  containers:\n  - name: db\n    image: "
           "busybox:1.36\n    volumeMounts: [{name: data, mountPath: "
           "/data}]\n  volumes:\n  - name: data\n    persistentVolumeClaim: "
           "{claimName: data}\n" BYSTANDER,
     "db",
     NULL,
     NULL,
     0,
     120000,
     {"scheduling.unschedulable.pvc-unbound", "volume.pvc-not-bound", NULL}},
    {"exit 137 over its memory limit",
     EXACT "behaviors:\n- pod: default/cache\n  container: app\n  run: oom\n "
           " after: 5s\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: "
           "cache, namespace: default}\nspec:\n  containers:\n  - name: app\n "
           "   image: busybox:1.36\n    resources: {requests: {cpu: 100m, "
           "memory: 128Mi}, limits: {memory: 256Mi}}\n" BYSTANDER,
     "cache",
     "app",
     NULL,
     0,
     180000,
     {"resource.oom-killed", NULL, NULL}},
    {"failing liveness probe",
     EXACT "behaviors:\n- pod: default/shop\n  container: app\n  probes: "
           "{liveness: SSF}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: "
           "shop, namespace: default}\nspec:\n  containers:\n  - name: app\n "
           "   image: busybox:1.36\n    livenessProbe:\n      httpGet: {path: "
           "/healthz, port: 8080}\n      periodSeconds: 10\n      "
           "failureThreshold: 3\n" BYSTANDER,
     "shop",
     "app",
     NULL,
     0,
     300000,
     {"probe.liveness-failing", NULL, NULL}},
    {"lost node",
     EXACT "---\napiVersion: v1\nkind: Pod\nmetadata: {name: edge, "
           "namespace: default}\nspec:\n  nodeName: node-b\n  containers:\n "
           " - name: app\n    image: busybox:1.36\n" BYSTANDER,
     "edge",
     NULL,
     "node-b",
     30000,
     150000,
     {"node.unreachable", NULL, NULL}},
    {"lost node, pod evicted and stuck Terminating",
     EXACT "---\napiVersion: v1\nkind: Pod\nmetadata: {name: edge, "
           "namespace: default}\nspec:\n  nodeName: node-b\n  containers:\n "
           " - name: app\n    image: busybox:1.36\n" BYSTANDER,
     "edge",
     NULL,
     "node-b",
     30000,
     600000,
     {"node.unreachable", NULL, NULL}},
    {"too many cpus for any node",
     EXACT "---\napiVersion: v1\nkind: Pod\nmetadata: {name: big, namespace: "
           "default}\nspec:\n  containers:\n  - name: big\n    image: "
           "busybox:1.36\n    resources: {requests: {cpu: \"6\", memory: "
           "1Gi}}\n" BYSTANDER,
     "big",
     NULL,
     NULL,
     0,
     120000,
     {"scheduling.unschedulable.insufficient-cpu", NULL, NULL}},
    {"too much memory for any node",
     EXACT "---\napiVersion: v1\nkind: Pod\nmetadata: {name: big, namespace: "
           "default}\nspec:\n  containers:\n  - name: big\n    image: "
           "busybox:1.36\n    resources: {requests: {cpu: 500m, memory: "
           "20Gi}}\n" BYSTANDER,
     "big",
     NULL,
     NULL,
     0,
     120000,
     {"scheduling.unschedulable.insufficient-memory", NULL, NULL}},
};

static const char *data_dir(void) {
    const char *env = getenv("PODSIM_TEST_DATA");
    return env && *env ? env : PODSIM_TEST_DATA;
}

static bool accepted(const oracle_case *oc, const char *category) {
    for (int i = 0; i < 3 && oc->expect[i]; i++) {
        if (strcmp(oc->expect[i], category) == 0) return true;
    }
    return false;
}

static const char *render(podsim_diagnosis *d) {
    const char *text = NULL;
    size_t len = 0;
    if (podsim_diagnosis_render(d, PODSIM_DIAGNOSIS_TEXT, &text, &len)) {
        return "(render failed)";
    }
    return text;
}

/* The primary finding names the injected cause (and its container). */
static bool check(const oracle_case *oc, const char *source,
                  podsim_diagnosis *d) {
    const podsim_finding *primary =
        d->primary >= 0 ? &d->findings[d->primary] : NULL;
    bool ok = primary && accepted(oc, primary->category) &&
              (!oc->container || !strcmp(primary->container, oc->container));
    printf("  %-44s %-10s -> %s%s%s\n", oc->name, source,
           primary ? primary->category : "(healthy)",
           primary && primary->container[0] ? " container " : "",
           primary ? primary->container : "");
    if (!ok) {
        printf("    expected %s%s%s%s%s\n%s\n", oc->expect[0],
               oc->expect[1] ? " or " : "", oc->expect[1] ? oc->expect[1] : "",
               oc->container ? " container " : "",
               oc->container ? oc->container : "", render(d));
    }
    return ok;
}

static bool healthy(const char *source, podsim_diagnosis *d) {
    if (d->primary < 0) return true;
    printf("    bystander (%s) got a finding:\n%s\n", source, render(d));
    return false;
}

static bool run_case(const oracle_case *oc) {
    char path[1024];
    snprintf(path, sizeof path, "%s/sim/cluster-3-nodes.yaml", data_dir());
    podsim_cluster *c = NULL;
    assert_int_equal(podsim_cluster_new(NULL, &c), PODSIM_OK);
    assert_int_equal(podsim_cluster_load_file(c, path, NULL), PODSIM_OK);
    podsim_sim_options so = PODSIM_SIM_OPTIONS_INIT;
    so.seed = 7;
    podsim_sim *sim = NULL;
    assert_int_equal(podsim_sim_new(c, &so, &sim), PODSIM_OK);
    if (podsim_sim_apply_string(sim, oc->yaml, strlen(oc->yaml), oc->name, 0)) {
        fail_msg("%s: %s", oc->name, podsim_sim_error(sim)->message);
    }
    if (oc->fail_node) {
        assert_int_equal(podsim_sim_fail_node(sim, oc->fail_node, oc->fail_at,
                                              PODSIM_NODE_UNREACHABLE),
                         PODSIM_OK);
    }
    assert_int_equal(podsim_sim_run_until(sim, oc->run_ms), PODSIM_OK);
    int64_t as_of = podsim_sim_epoch_ms(sim) + podsim_sim_now(sim);

    /* the dump, loaded into a fresh cluster */
    const char *text = NULL;
    size_t len = 0;
    assert_int_equal(podsim_sim_dump(sim, &text, &len), PODSIM_OK);
    podsim_cluster *dump = NULL;
    assert_int_equal(podsim_cluster_new(NULL, &dump), PODSIM_OK);
    if (podsim_cluster_load_string(dump, text, len, "dump", NULL)) {
        fail_msg("%s: reload: %s", oc->name,
                 podsim_cluster_error(dump)->message);
    }
    podsim_diagnose_options opts = PODSIM_DIAGNOSE_OPTIONS_INIT;
    opts.as_of = as_of;
    bool ok = true;
    podsim_diagnosis *d = NULL;
    if (podsim_cluster_diagnose(dump, "default", oc->victim, &opts, &d)) {
        fail_msg("%s: diagnose dump: %s", oc->name,
                 podsim_cluster_error(dump)->message);
    }
    assert_string_equal(d->source, "dump");
    ok = check(oc, "dump", d) && ok;
    podsim_diagnosis_free(d);
    d = NULL;
    assert_int_equal(
        podsim_cluster_diagnose(dump, "default", "bystander", &opts, &d),
        PODSIM_OK);
    ok = healthy("dump", d) && ok;
    podsim_diagnosis_free(d);

    /* the same pods inside the simulation */
    d = NULL;
    if (podsim_sim_diagnose(sim, "default", oc->victim, NULL, &d)) {
        fail_msg("%s: diagnose sim: %s", oc->name,
                 podsim_sim_error(sim)->message);
    }
    assert_string_equal(d->source, "simulation");
    ok = check(oc, "simulation", d) && ok;
    podsim_diagnosis_free(d);
    d = NULL;
    assert_int_equal(podsim_sim_diagnose(sim, "default", "bystander", NULL, &d),
                     PODSIM_OK);
    ok = healthy("simulation", d) && ok;
    podsim_diagnosis_free(d);

    podsim_cluster_free(dump);
    podsim_sim_free(sim);
    podsim_cluster_free(c);
    return ok;
}

static void test_oracle(void **state) {
    (void)state;
    int failed = 0;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        if (!run_case(&cases[i])) failed++;
    }
    if (failed)
        fail_msg("%d of %zu causes not named", failed,
                 sizeof cases / sizeof cases[0]);
}

/* Every pod of a dump diagnosed at once: the victims of all the causes in
   one simulation are found, and nothing else is. */
static void test_oracle_all(void **state) {
    (void)state;
    char path[1024];
    snprintf(path, sizeof path, "%s/sim/cluster-3-nodes.yaml", data_dir());
    podsim_cluster *c = NULL;
    assert_int_equal(podsim_cluster_new(NULL, &c), PODSIM_OK);
    assert_int_equal(podsim_cluster_load_file(c, path, NULL), PODSIM_OK);
    podsim_sim_options so = PODSIM_SIM_OPTIONS_INIT;
    so.seed = 7;
    podsim_sim *sim = NULL;
    assert_int_equal(podsim_sim_new(c, &so, &sim), PODSIM_OK);
    /* the missing image, the OOM and the healthy pod, together */
    static const char yaml[] = EXACT
        "images:\n- name: example.com/shop/web:2.4.1-typo\n  missing: "
        "true\nbehaviors:\n- pod: default/cache\n  container: app\n  "
        "run: oom\n  after: 5s\n---\napiVersion: v1\nkind: Pod\n"
        "metadata: {name: web, namespace: default}\nspec:\n  "
        "containers:\n  - name: web\n    image: "
        "example.com/shop/web:2.4.1-typo\n---\napiVersion: v1\nkind: "
        "Pod\nmetadata: {name: cache, namespace: default}\nspec:\n  "
        "containers:\n  - name: app\n    image: busybox:1.36\n    "
        "resources: {limits: {memory: 256Mi}}\n" BYSTANDER;
    assert_int_equal(podsim_sim_apply_string(sim, yaml, strlen(yaml), "all", 0),
                     PODSIM_OK);
    assert_int_equal(podsim_sim_run_until(sim, 180000), PODSIM_OK);
    const char *text = NULL;
    size_t len = 0;
    assert_int_equal(podsim_sim_dump(sim, &text, &len), PODSIM_OK);
    podsim_cluster *dump = NULL;
    assert_int_equal(podsim_cluster_new(NULL, &dump), PODSIM_OK);
    assert_int_equal(podsim_cluster_load_string(dump, text, len, NULL, NULL),
                     PODSIM_OK);
    podsim_diagnose_options opts = PODSIM_DIAGNOSE_OPTIONS_INIT;
    opts.as_of = podsim_sim_epoch_ms(sim) + podsim_sim_now(sim);
    opts.flags = PODSIM_DIAGNOSE_NO_WHATIF | PODSIM_DIAGNOSE_NO_KUBECTL;
    podsim_diagnosis_list *list = NULL;
    assert_int_equal(podsim_cluster_diagnose_all(dump, &opts, &list),
                     PODSIM_OK);
    assert_int_equal(list->pods_examined, 3);
    bool web = false, cache = false;
    for (size_t i = 0; i < list->count; i++) {
        const podsim_diagnosis *d = list->items[i];
        const char *cat =
            d->primary >= 0 ? d->findings[d->primary].category : "(healthy)";
        printf("  all: %s/%s -> %s\n", d->namespace_, d->name, cat);
        if (!strcmp(d->name, "web")) {
            web = !strcmp(cat, "image.pull.not-found");
        } else if (!strcmp(d->name, "cache")) {
            cache = !strcmp(cat, "resource.oom-killed");
        } else {
            fail_msg("%s/%s: unexpected finding %s", d->namespace_, d->name,
                     cat);
        }
    }
    assert_true(web);
    assert_true(cache);
    podsim_diagnosis_list_free(list);
    podsim_cluster_free(dump);
    podsim_sim_free(sim);
    podsim_cluster_free(c);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_oracle),
        cmocka_unit_test(test_oracle_all),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
