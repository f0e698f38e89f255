/*
 * test_loader.c - loading Kubernetes YAML and JSON: shapes (single
 * objects, multi-document, List, typed lists, JSON), skipped kinds, field
 * decoding, precise errors with file:line:column, duplicates, limits and
 * transactional rollback; plus every bad input in tests/data/bad.
 */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
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

static int setup(void **state) {
    podsim_cluster *c = NULL;
    assert_int_equal(podsim_cluster_new(NULL, &c), PODSIM_OK);
    *state = c;
    return 0;
}

static int teardown(void **state) {
    podsim_cluster_free(*state);
    return 0;
}

static podsim_status load(podsim_cluster *c, const char *text,
                          podsim_load_stats *stats) {
    return podsim_cluster_load_string(c, text, strlen(text), "in.yaml", stats);
}

static void expect_ok(podsim_cluster *c, const char *text,
                      podsim_load_stats *stats) {
    podsim_status s = load(c, text, stats);
    if (s) {
        const podsim_error *e = podsim_cluster_error(c);
        fail_msg("%s %d:%d %s", podsim_status_name(s), e->line, e->column,
                 e->message);
    }
}

static void expect_error(podsim_cluster *c, const char *text,
                         podsim_status status, int line, int column,
                         const char *substring) {
    podsim_status s = load(c, text, NULL);
    const podsim_error *e = podsim_cluster_error(c);
    if (s != status || !strstr(e->message, substring) ||
        (line && e->line != line) || (column && e->column != column)) {
        fail_msg("got %s %d:%d \"%s\"; want %s %d:%d containing \"%s\"",
                 podsim_status_name(s), e->line, e->column, e->message,
                 podsim_status_name(status), line, column, substring);
    }
    assert_string_equal(e->source, "in.yaml");
}

static const char *pod_yaml(const char *name) {
    static char buf[512];
    snprintf(buf, sizeof buf,
             "apiVersion: v1\nkind: Pod\nmetadata:\n  name: %s\nspec:\n"
             "  containers:\n  - name: app\n    image: nginx:1.25\n",
             name);
    return buf;
}

/* ---- shapes ------------------------------------------------------------- */

static void loader_single_object(void **state) {
    podsim_cluster *c = *state;
    podsim_load_stats st;
    expect_ok(c, pod_yaml("web"), &st);
    assert_int_equal(st.documents, 1);
    assert_int_equal(st.added[PODSIM_KIND_POD], 1);
    podsim_id id;
    assert_int_equal(podsim_cluster_find(c, PODSIM_KIND_POD, NULL, "web", &id),
                     PODSIM_OK);
    assert_string_equal(podsim_cluster_pod(c, id)->meta.namespace_, "default");
}

static void loader_multi_document_and_skipped_kinds(void **state) {
    podsim_cluster *c = *state;
    podsim_load_stats st;
    expect_ok(c,
              "---\nkind: Namespace\napiVersion: v1\nmetadata: {name: shop, "
              "labels: {team: a}}\n---\n# only a comment\n---\n"
              "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: "
              "{name: ing}\n---\napiVersion: example.com/v1\nkind: Widget\n"
              "metadata: {name: w}\n",
              &st);
    assert_int_equal(st.added[PODSIM_KIND_NAMESPACE], 1);
    assert_int_equal(st.skipped, 2);
    assert_int_equal(st.documents, 4);
}

static void loader_kinds_of_other_api_groups_are_skipped(void **state) {
    podsim_cluster *c = *state;
    podsim_load_stats st;
    /* Volcano's Job and a CRD named Node are other resources; a Job with
       no apiVersion is taken as batch/v1, old extensions/v1beta1
       Deployments as apps */
    expect_ok(c,
              "apiVersion: batch.volcano.sh/v1alpha1\nkind: Job\nmetadata: "
              "{name: vj}\nspec: {tasks: []}\n---\napiVersion: "
              "metal3.io/v1alpha1\nkind: Node\nmetadata: {name: bm}\n---\n"
              "kind: Job\nmetadata: {name: j}\n---\napiVersion: batch/v1\n"
              "kind: Job\nmetadata: {name: k}\n---\napiVersion: "
              "extensions/v1beta1\nkind: Deployment\nmetadata: {name: d}\n"
              "---\napiVersion: events.k8s.io/v1\nkind: Event\nmetadata: "
              "{name: e}\n---\napiVersion: v1\nkind: Event\nmetadata: {name: "
              "f}\n",
              &st);
    assert_int_equal(st.skipped, 2);
    assert_int_equal(st.added[PODSIM_KIND_JOB], 2);
    assert_int_equal(st.added[PODSIM_KIND_NODE], 0);
    assert_int_equal(st.added[PODSIM_KIND_DEPLOYMENT], 1);
    assert_int_equal(st.added[PODSIM_KIND_EVENT], 2);
}

static void loader_kubectl_list(void **state) {
    podsim_cluster *c = *state;
    podsim_load_stats st;
    expect_ok(c,
              "apiVersion: v1\nitems:\n- apiVersion: v1\n  kind: Node\n"
              "  metadata: {name: n1, labels: {topology.kubernetes.io/zone: "
              "z1}}\n  status:\n    allocatable: {cpu: '4', memory: 16Gi, "
              "pods: '110'}\n- apiVersion: v1\n  kind: Pod\n  metadata: "
              "{name: p1, namespace: team}\n  spec:\n    nodeName: n1\n"
              "    containers: [{name: a, image: a:1, resources: {requests: "
              "{cpu: 250m}}}]\n  status: {phase: Running}\nkind: List\n"
              "metadata: {resourceVersion: ''}\n",
              &st);
    assert_int_equal(st.added[PODSIM_KIND_NODE], 1);
    assert_int_equal(st.added[PODSIM_KIND_POD], 1);
    const podsim_node *n = podsim_cluster_node(c, 0);
    assert_string_equal(n->zone, "z1");
    assert_int_equal(n->pod_count, 1);
    podsim_quantity q;
    char buf[64];
    assert_true(podsim_resources_get(&n->requested, "cpu", &q));
    podsim_quantity_format(&q, buf, sizeof buf, NULL);
    assert_string_equal(buf, "250m");
    assert_int_equal(podsim_cluster_pod(c, 0)->node, 0);
}

static void loader_typed_list_items_take_list_kind(void **state) {
    podsim_cluster *c = *state;
    podsim_load_stats st;
    expect_ok(c,
              "apiVersion: v1\nitems:\n- metadata: {name: a}\n- metadata: "
              "{name: b}\nkind: NodeList\nmetadata: {}\n",
              &st);
    assert_int_equal(st.added[PODSIM_KIND_NODE], 2);
    expect_error(c, "items:\n- metadata: {name: c}\nkind: List\n",
                 PODSIM_EPARSE, 2, 3, "no kind");
}

static void loader_json_equals_yaml(void **state) {
    podsim_cluster *c = *state;
    podsim_load_stats st;
    expect_ok(c,
              "{\n    \"apiVersion\": \"v1\",\n    \"items\": [\n        {\n"
              "            \"apiVersion\": \"v1\",\n            \"kind\": "
              "\"Pod\",\n            \"metadata\": {\"name\": \"j\", "
              "\"namespace\": \"x\"},\n            \"spec\": {\"containers\": "
              "[{\"name\": \"a\", \"image\": \"a\", \"resources\": "
              "{\"requests\": {\"cpu\": 0.5, \"memory\": \"1Gi\"}}}]}\n"
              "        }\n    ],\n    \"kind\": \"List\"\n}\n",
              &st);
    podsim_id id;
    assert_int_equal(podsim_cluster_find(c, PODSIM_KIND_POD, "x", "j", &id),
                     PODSIM_OK);
    const podsim_pod *p = podsim_cluster_pod(c, id);
    podsim_quantity q;
    assert_true(podsim_resources_get(&p->requests, "cpu", &q));
    int64_t milli;
    assert_int_equal(podsim_quantity_milli(&q, &milli), PODSIM_OK);
    assert_int_equal(milli, 500);
}

static void loader_scalars_as_kubernetes_reads_them(void **state) {
    podsim_cluster *c = *state;
    expect_ok(c,
              "kind: Node\nmetadata:\n  name: n\n  labels: {version: 1.30, "
              "enabled: true}\nstatus:\n  capacity: {cpu: 2, memory: "
              "\"2Gi\", pods: 110}\n",
              NULL);
    const podsim_node *n = podsim_cluster_node(c, 0);
    assert_string_equal(n->meta.labels.items[0].value, "1.30");
    assert_string_equal(n->meta.labels.items[1].value, "true");
    /* allocatable absent: capacity is used */
    podsim_quantity q;
    assert_true(podsim_resources_get(&n->allocatable, "cpu", &q));
    int64_t milli;
    podsim_quantity_milli(&q, &milli);
    assert_int_equal(milli, 2000);
}

static void loader_resource_lists_round_up_to_milli(void **state) {
    podsim_cluster *c = *state;
    /* SetDefaults_ResourceList: 100n of cpu is stored as 1m, 1.0001 as
       1001m; milli values and larger are untouched */
    expect_ok(
        c,
        "kind: Pod\nmetadata: {name: r}\nspec:\n  containers:\n  - name: "
        "a\n    resources:\n      requests: {cpu: 100n, memory: "
        "'1.0001', ephemeral-storage: 0.5u}\n      limits: {cpu: 2500m}\n",
        NULL);
    const podsim_container *ct = &podsim_cluster_pod(c, 0)->spec.containers[0];
    const char *want[][2] = {
        {"cpu", "1m"}, {"memory", "1001m"}, {"ephemeral-storage", "1m"}};
    for (size_t i = 0; i < 3; i++) {
        podsim_quantity q;
        char text[64];
        assert_true(podsim_resources_get(&ct->requests, want[i][0], &q));
        podsim_quantity_format(&q, text, sizeof text, NULL);
        assert_string_equal(text, want[i][1]);
    }
    podsim_quantity q;
    char text[64];
    assert_true(podsim_resources_get(&ct->limits, "cpu", &q));
    podsim_quantity_format(&q, text, sizeof text, NULL);
    assert_string_equal(text, "2500m");
}

static void loader_full_pod_fields(void **state) {
    podsim_cluster *c = *state;
    expect_ok(
        c,
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: full\n  namespace: ns\n"
        "  uid: u-1\n  creationTimestamp: '2024-05-01T10:00:00Z'\n"
        "  ownerReferences:\n  - {apiVersion: apps/v1, kind: ReplicaSet, name: "
        "rs, uid: r1, controller: true}\nspec:\n  nodeSelector: {disk: ssd}\n"
        "  schedulingGates: [{name: wait}]\n  affinity:\n    nodeAffinity:\n"
        "      requiredDuringSchedulingIgnoredDuringExecution:\n"
        "        nodeSelectorTerms:\n        - matchExpressions:\n"
        "          - {key: zone, operator: In, values: [a, b]}\n"
        "          matchFields:\n          - {key: metadata.name, operator: "
        "NotIn, values: [n9]}\n"
        "      preferredDuringSchedulingIgnoredDuringExecution:\n"
        "      - weight: 5\n        preference:\n          matchExpressions:\n"
        "          - {key: gpu, operator: Gt, values: ['2']}\n"
        "    podAntiAffinity:\n"
        "      requiredDuringSchedulingIgnoredDuringExecution:\n"
        "      - labelSelector: {matchLabels: {app: web}}\n"
        "        topologyKey: kubernetes.io/hostname\n"
        "        namespaceSelector: {}\n"
        "      preferredDuringSchedulingIgnoredDuringExecution:\n"
        "      - weight: 10\n        podAffinityTerm:\n          "
        "labelSelector:\n"
        "            matchExpressions: [{key: app, operator: Exists}]\n"
        "          topologyKey: zone\n          matchLabelKeys: "
        "[pod-template-hash]\n"
        "  topologySpreadConstraints:\n  - maxSkew: 1\n    topologyKey: zone\n"
        "    whenUnsatisfiable: ScheduleAnyway\n    labelSelector: "
        "{matchLabels: {app: web}}\n    minDomains: 3\n    nodeAffinityPolicy: "
        "Ignore\n    nodeTaintsPolicy: Honor\n    matchLabelKeys: [h]\n"
        "  initContainers:\n  - {name: init, image: busybox}\n"
        "  - {name: proxy, image: envoy:1, restartPolicy: Always}\n"
        "  containers:\n  - name: app\n    image: app:2\n    ports:\n"
        "    - {containerPort: 80, hostPort: 8080, protocol: UDP, hostIP: "
        "10.0.0.1}\n    env:\n    - name: A\n      valueFrom:\n"
        "        configMapKeyRef: {name: cm, key: k}\n    - name: B\n"
        "      valueFrom: {secretKeyRef: {name: s, key: p, optional: true}}\n"
        "    envFrom: [{configMapRef: {name: all}}]\n    lifecycle:\n"
        "      preStop: {exec: {command: [sleep, '5']}}\n"
        "    startupProbe: {tcpSocket: {port: 80}, failureThreshold: 30}\n"
        "  volumes:\n  - {name: data, persistentVolumeClaim: {claimName: "
        "data-0}}\n  - {name: cfg, configMap: {name: app-cfg, optional: "
        "true}}\n"
        "  - name: api\n    projected:\n      sources:\n      - "
        "serviceAccountToken: {path: token}\n      - configMap: {name: "
        "kube-root-ca.crt}\n  - {name: nfs, nfs: {server: x, path: /}}\n"
        "  overhead: {cpu: 100m}\n  resources: {requests: {memory: 1Gi}}\n"
        "status:\n  phase: Running\n  startTime: '2024-05-01T10:00:05Z'\n"
        "  conditions:\n  - {type: Ready, status: 'True', lastTransitionTime: "
        "'2024-05-01T10:00:09Z'}\n  initContainerStatuses:\n  - name: proxy\n"
        "    ready: true\n    started: true\n    restartCount: 0\n    image: "
        "envoy:1\n    imageID: ''\n    state: {running: {startedAt: "
        "'2024-05-01T10:00:06Z'}}\n  containerStatuses:\n  - name: app\n"
        "    ready: false\n    restartCount: 3\n    image: app:2\n    imageID: "
        "''\n    state: {waiting: {reason: CrashLoopBackOff, message: "
        "back-off}}\n    lastState: {terminated: {exitCode: 1, reason: Error, "
        "finishedAt: '2024-05-01T10:05:00Z'}}\n",
        NULL);
    const podsim_pod *p = podsim_cluster_pod(c, 0);
    assert_string_equal(p->meta.uid, "u-1");
    assert_int_equal(p->meta.creation_timestamp, 1714557600000LL);
    assert_true(p->meta.owner_references[0].controller);
    assert_string_equal(p->spec.scheduling_gates.items[0], "wait");
    const podsim_node_affinity *na = p->spec.affinity->node_affinity;
    assert_int_equal(na->required->term_count, 1);
    assert_int_equal(na->required->terms[0].match_expressions[0].values.count,
                     2);
    assert_int_equal(na->required->terms[0].match_fields[0].op,
                     PODSIM_OP_NOT_IN);
    assert_int_equal(na->preferred[0].weight, 5);
    assert_int_equal(na->preferred[0].preference.match_expressions[0].op,
                     PODSIM_OP_GT);
    const podsim_pod_affinity *anti = p->spec.affinity->pod_anti_affinity;
    assert_null(p->spec.affinity->pod_affinity);
    assert_string_equal(anti->required[0].topology_key,
                        "kubernetes.io/hostname");
    assert_non_null(anti->required[0].namespace_selector);
    assert_int_equal(anti->preferred[0].weight, 10);
    assert_int_equal(
        anti->preferred[0].term.label_selector->match_expressions[0].op,
        PODSIM_OP_EXISTS);
    const podsim_topology_spread_constraint *t =
        &p->spec.topology_spread_constraints[0];
    assert_int_equal(t->when_unsatisfiable, PODSIM_SCHEDULE_ANYWAY);
    assert_int_equal(t->min_domains.value, 3);
    assert_int_equal(t->node_affinity_policy, PODSIM_POLICY_IGNORE);
    assert_int_equal(t->node_taints_policy, PODSIM_POLICY_HONOR);
    assert_int_equal(p->spec.init_containers[0].kind, PODSIM_CONTAINER_INIT);
    assert_int_equal(p->spec.init_containers[1].kind, PODSIM_CONTAINER_SIDECAR);
    const podsim_container *app = &p->spec.containers[0];
    assert_int_equal(app->ports[0].host_port, 8080);
    assert_int_equal(app->ports[0].protocol, PODSIM_PROTOCOL_UDP);
    assert_int_equal(app->env_ref_count, 3);
    assert_int_equal(app->env_refs[1].kind, PODSIM_REF_SECRET);
    assert_true(app->env_refs[1].optional);
    assert_string_equal(app->env_refs[2].key, "");
    assert_int_equal(app->pre_stop, PODSIM_HANDLER_EXEC);
    assert_int_equal(app->startup_probe->failure_threshold, 30);
    assert_int_equal(app->startup_probe->period_seconds, 10);
    assert_int_equal(p->spec.volume_count, 4);
    assert_int_equal(p->spec.volumes[0].type, PODSIM_VOLUME_PVC);
    assert_string_equal(p->spec.volumes[0].source, "data-0");
    assert_true(p->spec.volumes[1].optional);
    assert_int_equal(p->spec.volumes[2].ref_count, 1);
    assert_int_equal(p->spec.volumes[3].type, PODSIM_VOLUME_OTHER);
    assert_string_equal(p->spec.volumes[3].type_name, "nfs");
    assert_int_equal(p->status.phase, PODSIM_PHASE_RUNNING);
    assert_int_equal(p->status.init_container_statuses[0].kind,
                     PODSIM_CONTAINER_SIDECAR);
    const podsim_container_status *cs = &p->status.container_statuses[0];
    assert_int_equal(cs->restart_count, 3);
    assert_false(cs->started.set);
    assert_int_equal(cs->state.kind, PODSIM_STATE_WAITING);
    assert_string_equal(cs->state.reason, "CrashLoopBackOff");
    assert_int_equal(cs->last_state.exit_code, 1);
    /* pod-level memory replaces the containers' (none); overhead adds cpu;
       the sidecar's missing requests add nothing */
    char buf[64];
    podsim_quantity q;
    assert_true(podsim_resources_get(&p->requests, "memory", &q));
    podsim_quantity_format(&q, buf, sizeof buf, NULL);
    assert_string_equal(buf, "1Gi");
    assert_true(podsim_resources_get(&p->requests, "cpu", &q));
    podsim_quantity_format(&q, buf, sizeof buf, NULL);
    assert_string_equal(buf, "100m");
}

static void loader_workloads_and_policy(void **state) {
    podsim_cluster *c = *state;
    podsim_load_stats st;
    expect_ok(
        c,
        "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n"
        "  replicas: 3\n  selector: {matchLabels: {app: web}}\n  strategy:\n"
        "    type: RollingUpdate\n    rollingUpdate: {maxSurge: 25%, "
        "maxUnavailable: 1}\n  template:\n    metadata: {labels: {app: web}}\n"
        "    spec:\n      containers: [{name: w, image: 'web:1', resources: "
        "{requests: {cpu: 200m}}}]\n---\napiVersion: apps/v1\nkind: "
        "StatefulSet\nmetadata: {name: db}\nspec:\n  serviceName: db\n"
        "  replicas: 2\n  podManagementPolicy: Parallel\n  selector: "
        "{matchLabels: {app: db}}\n  template: {spec: {containers: [{name: d, "
        "image: d}]}}\n  volumeClaimTemplates: [{metadata: {name: data}}]\n"
        "---\napiVersion: batch/v1\nkind: Job\nmetadata: {name: j}\nspec:\n"
        "  parallelism: 2\n  completions: 4\n  backoffLimit: 1\n"
        "  podReplacementPolicy: Failed\n  template: {spec: {restartPolicy: "
        "Never, containers: [{name: j, image: j}]}}\n---\n"
        "apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: "
        "pdb}\nspec: {minAvailable: 2, selector: {matchLabels: {app: web}}}\n"
        "---\napiVersion: storage.k8s.io/v1\nkind: StorageClass\nmetadata:\n"
        "  name: fast\n  annotations: "
        "{storageclass.kubernetes.io/is-default-class: 'true'}\nprovisioner: "
        "ebs.csi.aws.com\nvolumeBindingMode: WaitForFirstConsumer\n"
        "allowedTopologies:\n- matchLabelExpressions:\n  - {key: "
        "topology.kubernetes.io/zone, values: [a]}\n---\nkind: "
        "PersistentVolumeClaim\nmetadata: {name: data-db-0}\nspec:\n"
        "  accessModes: [ReadWriteOnce]\n  resources: {requests: {storage: "
        "10Gi}}\n  storageClassName: fast\n---\nkind: PersistentVolume\n"
        "metadata: {name: pv1}\nspec:\n  capacity: {storage: 10Gi}\n"
        "  accessModes: [ReadWriteOnce, ReadOnlyMany]\n  csi: {driver: "
        "ebs.csi.aws.com, volumeHandle: v}\n  claimRef: {namespace: default, "
        "name: data-db-0}\n  nodeAffinity:\n    required:\n"
        "      nodeSelectorTerms:\n      - matchExpressions: [{key: zone, "
        "operator: In, values: [a]}]\n---\nkind: ConfigMap\nmetadata: {name: "
        "cm}\ndata: {a: '1', b: '2'}\nbinaryData: {c: AA==}\n---\nkind: "
        "Secret\nmetadata: {name: s}\nstringData: {p: x}\n---\nkind: Service\n"
        "metadata: {name: web}\nspec: {selector: {app: web}}\n---\nkind: "
        "Event\nmetadata: {name: web.1}\ninvolvedObject: {kind: Pod, name: "
        "web-0, namespace: default}\nreason: FailedScheduling\nmessage: '0/3 "
        "nodes are available'\ntype: Warning\ncount: 4\n",
        &st);
    assert_int_equal(st.added[PODSIM_KIND_DEPLOYMENT], 1);
    const podsim_workload *d =
        podsim_cluster_workload(c, PODSIM_KIND_DEPLOYMENT, 0);
    assert_int_equal(d->replicas.value, 3);
    assert_string_equal(d->max_surge, "25%");
    assert_string_equal(d->max_unavailable, "1");
    assert_string_equal(d->template_pod->meta.labels.items[0].value, "web");
    assert_int_equal(d->template_pod->requests.count, 1);
    const podsim_workload *ss =
        podsim_cluster_workload(c, PODSIM_KIND_STATEFULSET, 0);
    assert_string_equal(ss->pod_management_policy, "Parallel");
    assert_string_equal(ss->volume_claim_templates.items[0], "data");
    const podsim_workload *j = podsim_cluster_workload(c, PODSIM_KIND_JOB, 0);
    assert_int_equal(j->completions.value, 4);
    assert_string_equal(j->pod_replacement_policy, "Failed");
    assert_int_equal(j->template_pod->spec.restart_policy,
                     PODSIM_RESTART_NEVER);
    assert_string_equal(podsim_cluster_pdb(c, 0)->min_available, "2");
    const podsim_storage_class *sc = podsim_cluster_storage_class(c, 0);
    assert_true(sc->is_default);
    assert_string_equal(sc->reclaim_policy, "Delete");
    assert_int_equal(sc->allowed_topologies->term_count, 1);
    const podsim_pvc *pvc = podsim_cluster_pvc(c, 0);
    assert_int_equal(pvc->access_modes, PODSIM_ACCESS_RWO);
    assert_true(pvc->has_storage_request);
    const podsim_pv *pv = podsim_cluster_pv(c, 0);
    assert_int_equal(pv->access_modes, PODSIM_ACCESS_RWO | PODSIM_ACCESS_ROX);
    assert_string_equal(pv->source_type, "csi");
    assert_string_equal(pv->claim_name, "data-db-0");
    assert_non_null(pv->node_affinity);
    const podsim_config *cm =
        podsim_cluster_config(c, PODSIM_KIND_CONFIGMAP, 0);
    assert_int_equal(cm->keys.count, 3);
    const podsim_config *sec = podsim_cluster_config(c, PODSIM_KIND_SECRET, 0);
    assert_string_equal(sec->type, "Opaque");
    assert_true(podsim_cluster_service(c, 0)->has_selector);
    const podsim_event *e = podsim_cluster_event(c, 0);
    assert_string_equal(e->involved_name, "web-0");
    assert_int_equal(e->count, 4);
}

/* ---- errors ------------------------------------------------------------- */

static void loader_errors_name_field_and_position(void **state) {
    podsim_cluster *c = *state;
    expect_error(c,
                 "kind: Node\nmetadata: {name: n}\nspec:\n  taints:\n  - key: "
                 "a\n    effect: NoExec\n",
                 PODSIM_EPARSE, 6, 13, "spec.taints[0].effect");
    expect_error(c,
                 "kind: Node\nmetadata: {name: n}\nspec:\n  taints:\n  - key: "
                 "a\n    effect: NoExec\n",
                 PODSIM_EPARSE, 0, 0,
                 "expected NoSchedule, PreferNoSchedule, NoExecute");
    expect_error(c,
                 "kind: Pod\nmetadata: {name: p}\nspec:\n  containers: "
                 "oops\n",
                 PODSIM_EPARSE, 4, 15, "spec.containers: expected a sequence");
    expect_error(c,
                 "kind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - "
                 "name: a\n    resources: {requests: {cpu: 1.1.M}}\n",
                 PODSIM_EPARSE, 6, 33, "invalid quantity \"1.1.M\"");
    expect_error(c,
                 "kind: Pod\nmetadata: {name: p}\nspec:\n  tolerations:\n  - "
                 "{key: a, operator: Equals}\n  containers: [{name: a}]\n",
                 PODSIM_EPARSE, 5, 24, "unsupported value \"Equals\"");
    expect_error(c, "kind: Pod\nmetadata: {namespace: x}\nspec: {}\n",
                 PODSIM_EPARSE, 2, 11, "metadata.name is required");
    expect_error(c,
                 "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\n"
                 "spec: {replicas: three}\n",
                 PODSIM_EPARSE, 4, 18, "spec.replicas: expected an integer");
    expect_error(c,
                 "kind: Deployment\nmetadata: {name: d}\nspec: {replicas: "
                 "'3'}\n",
                 PODSIM_EPARSE, 3, 18, "quoted");
    expect_error(c,
                 "kind: Node\nmetadata: {name: n}\nspec: {unschedulable: "
                 "maybe}\n",
                 PODSIM_EPARSE, 3, 23, "expected a boolean");
    expect_error(c,
                 "kind: Pod\nmetadata: {name: p, creationTimestamp: "
                 "yesterday}\nspec: {}\n",
                 PODSIM_EPARSE, 2, 40, "RFC 3339");
    expect_error(c, "- a\n- b\n", PODSIM_EPARSE, 1, 1,
                 "expected a Kubernetes object");
    expect_error(c, "metadata: {name: x}\n", PODSIM_EPARSE, 1, 1, "no kind");
    expect_error(c,
                 "kind: Pod\nmetadata: {name: p}\nspec:\n  affinity:\n"
                 "    podAffinity:\n      "
                 "requiredDuringSchedulingIgnoredDuringExecution:\n      - "
                 "labelSelector:\n          matchExpressions: [{key: a, "
                 "operator: Gt, values: ['1']}]\n        topologyKey: z\n"
                 "  containers: [{name: a}]\n",
                 PODSIM_EPARSE, 0, 0, "in a label selector");
    expect_error(c,
                 "kind: Pod\nmetadata: {name: p}\nspec: {containers: [{image: "
                 "x}]}\n",
                 PODSIM_EPARSE, 3, 21, "container name is required");
    assert_int_equal(podsim_cluster_count(c, PODSIM_KIND_POD), 0);
}

static void loader_duplicates_are_rejected(void **state) {
    podsim_cluster *c = *state;
    expect_ok(c, pod_yaml("web"), NULL);
    expect_error(c, pod_yaml("web"), PODSIM_EEXIST, 4, 9,
                 "Pod \"default/web\" is already loaded");
    /* same name in another namespace or kind is fine */
    expect_ok(c,
              "kind: Pod\nmetadata: {name: web, namespace: other}\nspec: "
              "{containers: [{name: a}]}\n---\nkind: Service\nmetadata: {name: "
              "web}\n",
              NULL);
}

static void loader_failed_load_changes_nothing(void **state) {
    podsim_cluster *c = *state;
    expect_ok(c,
              "kind: Node\nmetadata: {name: n1}\nstatus: {allocatable: {cpu: "
              "4}}\n---\nkind: Pod\nmetadata: {name: a}\nspec: {nodeName: n1, "
              "containers: [{name: a, resources: {requests: {cpu: 1}}}]}\n",
              NULL);
    expect_error(c,
                 "kind: Pod\nmetadata: {name: b}\nspec: {nodeName: n1, "
                 "containers: [{name: a, resources: {requests: {cpu: 2}}}]}\n"
                 "---\nkind: PriorityClass\nmetadata: {name: pc}\nvalue: x\n",
                 PODSIM_EPARSE, 0, 0, "value: expected an integer");
    assert_int_equal(podsim_cluster_count(c, PODSIM_KIND_POD), 1);
    assert_int_equal(podsim_cluster_count(c, PODSIM_KIND_PRIORITYCLASS), 0);
    const podsim_node *n = podsim_cluster_node(c, 0);
    assert_int_equal(n->pod_count, 1);
    podsim_quantity q;
    int64_t milli;
    podsim_resources_get(&n->requested, "cpu", &q);
    podsim_quantity_milli(&q, &milli);
    assert_int_equal(milli, 1000);
    podsim_id id;
    assert_int_equal(podsim_cluster_find(c, PODSIM_KIND_POD, NULL, "b", &id),
                     PODSIM_ENOTFOUND);
    /* and the same object loads fine afterwards */
    expect_ok(c,
              "kind: Pod\nmetadata: {name: b}\nspec: {nodeName: n1, "
              "containers: [{name: a, resources: {requests: {cpu: 2}}}]}\n",
              NULL);
    assert_int_equal(podsim_cluster_node(c, 0)->pod_count, 2);
}

static void loader_input_limit(void **state) {
    podsim_cluster *c = *state;
    podsim_cluster_free(c);
    podsim_cluster_options o = PODSIM_CLUSTER_OPTIONS_INIT;
    o.limits.max_input_bytes = 16;
    assert_int_equal(podsim_cluster_new(&o, &c), PODSIM_OK);
    *state = c;
    expect_error(c, pod_yaml("x"), PODSIM_ELIMIT, 0, 0, "exceeds the limit");
}

static void loader_file_errors(void **state) {
    podsim_cluster *c = *state;
    assert_int_equal(podsim_cluster_load_file(c, "/nonexistent/x.yaml", NULL),
                     PODSIM_EIO);
    assert_string_equal(podsim_cluster_error(c)->source, "/nonexistent/x.yaml");
    assert_int_equal(podsim_cluster_load_file(c, "/", NULL), PODSIM_EIO);
    assert_int_equal(podsim_cluster_load_file(c, NULL, NULL), PODSIM_EINVAL);
    assert_int_equal(podsim_cluster_load_string(c, NULL, 3, NULL, NULL),
                     PODSIM_EINVAL);
}

/* ---- tests/data/bad: each X.yaml|json has X.expected -------------------- */

static char *read_text(const char *path) {
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    size_t got = fread(buf, 1, (size_t)n, f);
    buf[got] = '\0';
    fclose(f);
    return buf;
}

static void check_bad_file(const char *dir, const char *name) {
    char path[1024], expected_path[1024];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    snprintf(expected_path, sizeof expected_path, "%s/%.*s.expected", dir,
             (int)(strrchr(name, '.') - name), name);
    char *expected = read_text(expected_path);
    if (!expected) fail_msg("%s has no .expected file", path);
    char status[64] = "", where[64] = "", substring[512] = "";
    sscanf(expected, "%63[^\n]\n%63[^\n]\n%511[^\n]", status, where, substring);
    int line = 0, column = 0;
    sscanf(where, "%d:%d", &line, &column);
    podsim_cluster *c = NULL;
    assert_int_equal(podsim_cluster_new(NULL, &c), PODSIM_OK);
    podsim_status s = podsim_cluster_load_file(c, path, NULL);
    const podsim_error *e = podsim_cluster_error(c);
    if (strcmp(podsim_status_name(s), status) != 0 || e->line != line ||
        e->column != column || !strstr(e->message, substring)) {
        fail_msg("%s: got %s %d:%d \"%s\"; want %s %d:%d containing \"%s\"",
                 name, podsim_status_name(s), e->line, e->column, e->message,
                 status, line, column, substring);
    }
    for (int k = 0; k < PODSIM_KIND_COUNT; k++) {
        assert_int_equal(podsim_cluster_count(c, (podsim_kind)k), 0);
    }
    podsim_cluster_free(c);
    free(expected);
}

static void loader_bad_inputs_in_test_data(void **state) {
    (void)state;
    const char *dir = PODSIM_TEST_DATA "/bad";
    DIR *d = opendir(dir);
    if (!d) {
        skip();
        return;
    }
    int checked = 0;
    struct dirent *ent;
    while ((ent = readdir(d))) {
        const char *dot = strrchr(ent->d_name, '.');
        if (!dot || (strcmp(dot, ".yaml") && strcmp(dot, ".json"))) continue;
        check_bad_file(dir, ent->d_name);
        checked++;
    }
    closedir(d);
    assert_true(checked > 0);
}

static void loader_bare_objects_take_kind_from_shape(void **state) {
    /* openshift/insights-operator archives serialize metadata, spec and
       status only */
    podsim_cluster *c = *state;
    podsim_load_stats st;
    expect_ok(c,
              "{\"metadata\": {\"name\": \"w-0\"}, \"spec\": {\"taints\": "
              "[]}, \"status\": {\"nodeInfo\": {\"kubeletVersion\": "
              "\"v1.20.0\"}}}\n",
              &st);
    assert_int_equal(st.added[PODSIM_KIND_NODE], 1);
    expect_ok(c,
              "metadata: {name: p, namespace: ns}\nspec: {nodeName: w-0, "
              "containers: [{name: c, image: busybox}]}\n",
              &st);
    assert_int_equal(st.added[PODSIM_KIND_POD], 1);
    assert_int_equal(podsim_cluster_pod(c, 0)->node, 0);
    /* with an apiVersion a missing kind is an error, never a guess */
    expect_error(c,
                 "apiVersion: v1\nmetadata: {name: q}\nspec: {containers: "
                 "[{name: c, image: busybox}]}\n",
                 PODSIM_EPARSE, 1, 1, "no kind");
}

int main(void) {
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(loader_single_object),
        T(loader_multi_document_and_skipped_kinds),
        T(loader_kinds_of_other_api_groups_are_skipped),
        T(loader_kubectl_list),
        T(loader_typed_list_items_take_list_kind),
        T(loader_bare_objects_take_kind_from_shape),
        T(loader_json_equals_yaml),
        T(loader_scalars_as_kubernetes_reads_them),
        T(loader_resource_lists_round_up_to_milli),
        T(loader_full_pod_fields),
        T(loader_workloads_and_policy),
        T(loader_errors_name_field_and_position),
        T(loader_duplicates_are_rejected),
        T(loader_failed_load_changes_nothing),
        T(loader_input_limit),
        T(loader_file_errors),
        T(loader_bad_inputs_in_test_data),
    };
#undef T
    return cmocka_run_group_tests(tests, NULL, NULL);
}
