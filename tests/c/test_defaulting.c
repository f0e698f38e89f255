/*
 * test_defaulting.c - API-server defaulting and admission applied to pods
 * that lack it (pkg/apis/core/v1/defaults.go, plugin/pkg/admission/
 * defaulttolerationseconds and priority, DaemonSet controller
 * tolerations), and never to pods that already carry the fields.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "model.h"

static podsim_cluster *new_cluster(void) {
    podsim_cluster *c = NULL;
    assert_int_equal(podsim_cluster_new(NULL, &c), PODSIM_OK);
    return c;
}

static const podsim_pod *load_pod(podsim_cluster *c, const char *yaml) {
    podsim_status s =
        podsim_cluster_load_string(c, yaml, strlen(yaml), NULL, NULL);
    if (s) fail_msg("%s", podsim_cluster_error(c)->message);
    return podsim_cluster_pod(
        c, (podsim_id)podsim_cluster_count(c, PODSIM_KIND_POD) - 1);
}

static const podsim_toleration *find_toleration(const podsim_pod *p,
                                                const char *key,
                                                podsim_taint_effect e) {
    for (size_t i = 0; i < p->spec.toleration_count; i++) {
        const podsim_toleration *t = &p->spec.tolerations[i];
        if (strcmp(t->key, key) == 0 && t->effect == e) return t;
    }
    return NULL;
}

static void defaulting_pull_policy_from_image(void **state) {
    (void)state;
    /* SetDefaults_Container and parsers.ParseImageName */
    assert_int_equal(default_pull_policy("nginx"), PODSIM_PULL_ALWAYS);
    assert_int_equal(default_pull_policy("nginx:latest"), PODSIM_PULL_ALWAYS);
    assert_int_equal(default_pull_policy("nginx:1.25"),
                     PODSIM_PULL_IF_NOT_PRESENT);
    assert_int_equal(default_pull_policy("registry:5000/team/nginx"),
                     PODSIM_PULL_ALWAYS);
    assert_int_equal(default_pull_policy("registry:5000/team/nginx:1.2"),
                     PODSIM_PULL_IF_NOT_PRESENT);
    assert_int_equal(default_pull_policy("nginx@sha256:abcd"),
                     PODSIM_PULL_IF_NOT_PRESENT);
    assert_int_equal(default_pull_policy("nginx:latest@sha256:abcd"),
                     PODSIM_PULL_ALWAYS);
    assert_int_equal(default_pull_policy("nginx:latestx"),
                     PODSIM_PULL_IF_NOT_PRESENT);
}

static const char *bare_pod =
    "apiVersion: v1\nkind: Pod\nmetadata: {name: bare}\n"
    "spec:\n  containers:\n  - name: app\n    image: nginx:1.25\n"
    "    resources:\n      limits: {cpu: 500m, memory: 1Gi}\n"
    "      requests: {memory: 256Mi}\n"
    "    livenessProbe:\n      httpGet: {path: /healthz, port: 8080}\n"
    "      periodSeconds: 5\n";

static void defaulting_bare_manifest_gets_api_defaults(void **state) {
    (void)state;
    podsim_cluster *c = new_cluster();
    const podsim_pod *p = load_pod(c, bare_pod);
    assert_string_equal(p->meta.namespace_, "default");
    assert_string_equal(p->spec.scheduler_name, "default-scheduler");
    assert_int_equal(p->spec.restart_policy, PODSIM_RESTART_ALWAYS);
    assert_int_equal(p->spec.termination_grace_period_seconds, 30);
    assert_int_equal(p->spec.preemption_policy, PODSIM_PREEMPT_LOWER_PRIORITY);
    assert_true(p->spec.priority.set);
    assert_int_equal(p->spec.priority.value, 0);
    const podsim_container *ct = &p->spec.containers[0];
    assert_int_equal(ct->image_pull_policy, PODSIM_PULL_IF_NOT_PRESENT);
    /* requests from limits only where the request is missing */
    podsim_quantity q;
    char buf[64];
    assert_true(podsim_resources_get(&ct->requests, "cpu", &q));
    podsim_quantity_format(&q, buf, sizeof buf, NULL);
    assert_string_equal(buf, "500m");
    assert_true(podsim_resources_get(&ct->requests, "memory", &q));
    podsim_quantity_format(&q, buf, sizeof buf, NULL);
    assert_string_equal(buf, "256Mi");
    /* SetDefaults_Probe keeps what is set */
    const podsim_probe *lp = ct->liveness_probe;
    assert_int_equal(lp->handler, PODSIM_HANDLER_HTTP_GET);
    assert_string_equal(lp->target, "8080:/healthz");
    assert_int_equal(lp->period_seconds, 5);
    assert_int_equal(lp->timeout_seconds, 1);
    assert_int_equal(lp->success_threshold, 1);
    assert_int_equal(lp->failure_threshold, 3);
    assert_int_equal(lp->initial_delay_seconds, 0);
    /* DefaultTolerationSeconds */
    assert_int_equal(p->spec.toleration_count, 2);
    const podsim_toleration *t = find_toleration(
        p, "node.kubernetes.io/not-ready", PODSIM_EFFECT_NO_EXECUTE);
    assert_non_null(t);
    assert_int_equal(t->op, PODSIM_TOLERATION_EXISTS);
    assert_true(t->toleration_seconds.set);
    assert_int_equal(t->toleration_seconds.value, 300);
    assert_non_null(find_toleration(p, "node.kubernetes.io/unreachable",
                                    PODSIM_EFFECT_NO_EXECUTE));
    podsim_cluster_free(c);
}

static void defaulting_toleration_seconds_from_options(void **state) {
    (void)state;
    podsim_cluster_options o = PODSIM_CLUSTER_OPTIONS_INIT;
    o.default_not_ready_toleration_seconds = 60;
    o.default_unreachable_toleration_seconds = 30;
    podsim_cluster *c = NULL;
    assert_int_equal(podsim_cluster_new(&o, &c), PODSIM_OK);
    const podsim_pod *p = load_pod(c, bare_pod);
    assert_int_equal(find_toleration(p, "node.kubernetes.io/not-ready",
                                     PODSIM_EFFECT_NO_EXECUTE)
                         ->toleration_seconds.value,
                     60);
    assert_int_equal(find_toleration(p, "node.kubernetes.io/unreachable",
                                     PODSIM_EFFECT_NO_EXECUTE)
                         ->toleration_seconds.value,
                     30);
    podsim_cluster_free(c);
}

static void defaulting_existing_tolerations_cover_keys(void **state) {
    (void)state;
    podsim_cluster *c = new_cluster();
    /* an empty key with Exists tolerates everything: nothing is added */
    const podsim_pod *p = load_pod(
        c,
        "kind: Pod\nmetadata: {name: a}\nspec:\n  containers: [{name: x, "
        "image: x:1}]\n  tolerations: [{operator: Exists}]\n");
    assert_int_equal(p->spec.toleration_count, 1);
    /* the key with an empty effect covers NoExecute */
    p = load_pod(c,
                 "kind: Pod\nmetadata: {name: b}\nspec:\n  containers: "
                 "[{name: x, image: x:1}]\n  tolerations:\n  - {key: "
                 "node.kubernetes.io/unreachable, operator: Exists}\n");
    assert_int_equal(p->spec.toleration_count, 2);
    const podsim_toleration *t = find_toleration(
        p, "node.kubernetes.io/not-ready", PODSIM_EFFECT_NO_EXECUTE);
    assert_non_null(t);
    /* a NoSchedule toleration does not cover NoExecute */
    p = load_pod(c,
                 "kind: Pod\nmetadata: {name: d}\nspec:\n  containers: "
                 "[{name: x, image: x:1}]\n  tolerations:\n  - {key: "
                 "node.kubernetes.io/unreachable, operator: Exists, "
                 "effect: NoSchedule}\n");
    assert_int_equal(p->spec.toleration_count, 3);
    /* a dump's own tolerationSeconds is kept */
    p = load_pod(c,
                 "kind: Pod\nmetadata: {name: e}\nspec:\n  containers: "
                 "[{name: x, image: x:1}]\n  tolerations:\n  - {key: "
                 "node.kubernetes.io/unreachable, operator: Exists, "
                 "effect: NoExecute, tolerationSeconds: 5}\n");
    assert_int_equal(find_toleration(p, "node.kubernetes.io/unreachable",
                                     PODSIM_EFFECT_NO_EXECUTE)
                         ->toleration_seconds.value,
                     5);
    podsim_cluster_free(c);
}

static void defaulting_daemonset_pods_tolerate_node_problems(void **state) {
    (void)state;
    podsim_cluster *c = new_cluster();
    const podsim_pod *p = load_pod(
        c,
        "kind: Pod\nmetadata:\n  name: ds-x\n  ownerReferences:\n"
        "  - {apiVersion: apps/v1, kind: DaemonSet, name: ds, uid: u1, "
        "controller: true}\nspec:\n  containers: [{name: x, image: x:1}]\n");
    /* AddOrUpdateDaemonPodTolerations: no tolerationSeconds, so never
       evicted for node failure; then admission adds nothing */
    const podsim_toleration *t = find_toleration(
        p, "node.kubernetes.io/unreachable", PODSIM_EFFECT_NO_EXECUTE);
    assert_non_null(t);
    assert_false(t->toleration_seconds.set);
    assert_non_null(find_toleration(p, "node.kubernetes.io/unschedulable",
                                    PODSIM_EFFECT_NO_SCHEDULE));
    assert_null(find_toleration(p, "node.kubernetes.io/network-unavailable",
                                PODSIM_EFFECT_NO_SCHEDULE));
    assert_int_equal(p->spec.toleration_count, 6);
    podsim_cluster_free(c);
}

static void defaulting_daemonset_template(void **state) {
    (void)state;
    podsim_cluster *c = new_cluster();
    const char *ds =
        "apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: agent, "
        "namespace: kube-system}\nspec:\n  selector: {matchLabels: {app: "
        "agent}}\n  template:\n    metadata: {labels: {app: agent}}\n"
        "    spec:\n      hostNetwork: true\n      containers: [{name: a, "
        "image: agent}]\n";
    assert_int_equal(podsim_cluster_load_string(c, ds, strlen(ds), NULL, NULL),
                     PODSIM_OK);
    const podsim_workload *w =
        podsim_cluster_workload(c, PODSIM_KIND_DAEMONSET, 0);
    assert_non_null(w->template_pod);
    assert_string_equal(w->template_pod->meta.namespace_, "kube-system");
    assert_int_equal(w->template_pod->spec.toleration_count, 7);
    assert_int_equal(w->template_pod->spec.containers[0].image_pull_policy,
                     PODSIM_PULL_ALWAYS);
    podsim_cluster_free(c);
}

static void defaulting_priority_from_class(void **state) {
    (void)state;
    podsim_cluster *c = new_cluster();
    /* the class comes after the pod in the same input */
    const char *yaml =
        "kind: Pod\nmetadata: {name: p}\nspec:\n  priorityClassName: high\n"
        "  containers: [{name: x, image: x:1}]\n---\n"
        "apiVersion: scheduling.k8s.io/v1\nkind: PriorityClass\n"
        "metadata: {name: high}\nvalue: 1000000\npreemptionPolicy: Never\n";
    assert_int_equal(
        podsim_cluster_load_string(c, yaml, strlen(yaml), NULL, NULL),
        PODSIM_OK);
    const podsim_pod *p = podsim_cluster_pod(c, 0);
    assert_int_equal(p->spec.priority.value, 1000000);
    assert_int_equal(p->spec.preemption_policy, PODSIM_PREEMPT_NEVER);
    podsim_cluster_free(c);
}

static void defaulting_priority_global_default_and_system(void **state) {
    (void)state;
    podsim_cluster *c = new_cluster();
    const char *classes =
        "kind: PriorityClass\nmetadata: {name: normal}\nvalue: 10\n"
        "globalDefault: true\n";
    assert_int_equal(
        podsim_cluster_load_string(c, classes, strlen(classes), NULL, NULL),
        PODSIM_OK);
    const podsim_pod *p = load_pod(
        c,
        "kind: Pod\nmetadata: {name: a}\nspec:\n  containers: [{name: x, "
        "image: x:1}]\n");
    assert_int_equal(p->spec.priority.value, 10);
    assert_string_equal(p->spec.priority_class_name, "normal");
    p = load_pod(c,
                 "kind: Pod\nmetadata: {name: b, namespace: kube-system}\n"
                 "spec:\n  priorityClassName: system-node-critical\n"
                 "  containers: [{name: x, image: x:1}]\n");
    assert_int_equal(p->spec.priority.value, 2000001000);
    /* a dump's priority is never replaced */
    p = load_pod(c,
                 "kind: Pod\nmetadata: {name: c}\nspec:\n  priority: 7\n"
                 "  containers: [{name: x, image: x:1}]\n");
    assert_int_equal(p->spec.priority.value, 7);
    podsim_cluster_free(c);
}

static void defaulting_dump_fields_are_kept(void **state) {
    (void)state;
    podsim_cluster *c = new_cluster();
    const podsim_pod *p = load_pod(
        c,
        "kind: Pod\nmetadata: {name: a}\nspec:\n  schedulerName: mine\n"
        "  restartPolicy: Never\n  terminationGracePeriodSeconds: 0\n"
        "  containers:\n  - {name: x, image: 'x:latest', imagePullPolicy: "
        "Never}\n");
    assert_string_equal(p->spec.scheduler_name, "mine");
    assert_int_equal(p->spec.restart_policy, PODSIM_RESTART_NEVER);
    assert_int_equal(p->spec.termination_grace_period_seconds, 0);
    assert_int_equal(p->spec.containers[0].image_pull_policy,
                     PODSIM_PULL_NEVER);
    podsim_cluster_free(c);
}

static void defaulting_host_network_ports_become_host_ports(void **state) {
    (void)state;
    podsim_cluster *c = new_cluster();
    const podsim_pod *p = load_pod(
        c,
        "kind: Pod\nmetadata: {name: hn}\nspec:\n  hostNetwork: true\n"
        "  containers:\n  - name: x\n    image: x:1\n    ports:\n"
        "    - {containerPort: 9100}\n    - {containerPort: 53, hostPort: "
        "5353, protocol: UDP}\n");
    assert_int_equal(p->spec.containers[0].ports[0].host_port, 9100);
    assert_int_equal(p->spec.containers[0].ports[1].host_port, 5353);
    p = load_pod(c,
                 "kind: Pod\nmetadata: {name: pn}\nspec:\n  containers:\n"
                 "  - name: x\n    image: x:1\n    ports: [{containerPort: "
                 "80}]\n");
    assert_int_equal(p->spec.containers[0].ports[0].host_port, 0);
    /* templates keep hostPort 0 (DefaultHostNetworkHostPortsInPodTemplates
       is off by default since v1.28) */
    const char *ds =
        "apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: ne}\nspec:\n"
        "  selector: {matchLabels: {a: b}}\n  template:\n    spec:\n"
        "      hostNetwork: true\n      containers: [{name: x, image: 'x:1', "
        "ports: [{containerPort: 9100}]}]\n";
    assert_int_equal(podsim_cluster_load_string(c, ds, strlen(ds), NULL, NULL),
                     PODSIM_OK);
    const podsim_workload *w =
        podsim_cluster_workload(c, PODSIM_KIND_DAEMONSET, 0);
    assert_int_equal(w->template_pod->spec.containers[0].ports[0].host_port, 0);
    podsim_cluster_free(c);
}

static const podsim_workload *load_workload(podsim_cluster *c, podsim_kind kind,
                                            const char *yaml) {
    podsim_status s =
        podsim_cluster_load_string(c, yaml, strlen(yaml), NULL, NULL);
    if (s) fail_msg("%s", podsim_cluster_error(c)->message);
    return podsim_cluster_workload(
        c, kind, (podsim_id)podsim_cluster_count(c, kind) - 1);
}

static void defaulting_workloads_get_apps_and_batch_defaults(void **state) {
    (void)state;
    podsim_cluster *c = new_cluster();
    const podsim_workload *w = load_workload(
        c, PODSIM_KIND_DEPLOYMENT,
        "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\n"
        "spec: {selector: {matchLabels: {a: b}}}\n");
    assert_int_equal(w->replicas.value, 1);
    assert_string_equal(w->strategy_type, "RollingUpdate");
    assert_string_equal(w->max_surge, "25%");
    assert_string_equal(w->max_unavailable, "25%");
    w = load_workload(c, PODSIM_KIND_DEPLOYMENT,
                      "apiVersion: apps/v1\nkind: Deployment\nmetadata: "
                      "{name: r}\nspec: {replicas: 0, strategy: {type: "
                      "Recreate}}\n");
    assert_int_equal(w->replicas.value, 0);
    assert_string_equal(w->max_surge, "");
    w = load_workload(c, PODSIM_KIND_STATEFULSET,
                      "apiVersion: apps/v1\nkind: StatefulSet\nmetadata: "
                      "{name: s}\nspec: {}\n");
    assert_string_equal(w->pod_management_policy, "OrderedReady");
    assert_string_equal(w->strategy_type, "RollingUpdate");
    assert_int_equal(w->partition.value, 0);
    assert_int_equal(w->replicas.value, 1);
    w = load_workload(c, PODSIM_KIND_DAEMONSET,
                      "apiVersion: apps/v1\nkind: DaemonSet\nmetadata: "
                      "{name: ds}\nspec: {}\n");
    assert_string_equal(w->max_unavailable, "1");
    assert_string_equal(w->max_surge, "0");
    w = load_workload(c, PODSIM_KIND_REPLICASET,
                      "apiVersion: apps/v1\nkind: ReplicaSet\nmetadata: "
                      "{name: rs}\nspec: {}\n");
    assert_int_equal(w->replicas.value, 1);
    w = load_workload(c, PODSIM_KIND_JOB,
                      "apiVersion: batch/v1\nkind: Job\nmetadata: {name: j}\n"
                      "spec: {}\n");
    assert_int_equal(w->completions.value, 1);
    assert_int_equal(w->parallelism.value, 1);
    assert_int_equal(w->backoff_limit.value, 6);
    assert_string_equal(w->completion_mode, "NonIndexed");
    assert_string_equal(w->pod_replacement_policy, "TerminatingOrFailed");
    /* a work queue: parallelism set, completions stay unset */
    w = load_workload(
        c, PODSIM_KIND_JOB,
        "apiVersion: batch/v1\nkind: Job\nmetadata: {name: q}\n"
        "spec: {parallelism: 3, podFailurePolicy: {rules: []}}\n");
    assert_false(w->completions.set);
    assert_int_equal(w->parallelism.value, 3);
    assert_string_equal(w->pod_replacement_policy, "Failed");
    podsim_cluster_free(c);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(defaulting_pull_policy_from_image),
        cmocka_unit_test(defaulting_bare_manifest_gets_api_defaults),
        cmocka_unit_test(defaulting_toleration_seconds_from_options),
        cmocka_unit_test(defaulting_existing_tolerations_cover_keys),
        cmocka_unit_test(defaulting_daemonset_pods_tolerate_node_problems),
        cmocka_unit_test(defaulting_daemonset_template),
        cmocka_unit_test(defaulting_priority_from_class),
        cmocka_unit_test(defaulting_priority_global_default_and_system),
        cmocka_unit_test(defaulting_dump_fields_are_kept),
        cmocka_unit_test(defaulting_host_network_ports_become_host_ports),
        cmocka_unit_test(defaulting_workloads_get_apps_and_batch_defaults),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
