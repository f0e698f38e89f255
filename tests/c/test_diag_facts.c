/*
 * test_diag_facts.c - the diagnosis engine's facts (core/src/diag_facts.c):
 * event normalization (both event shapes and series), kubectl describe's
 * event selection (uid) and order, the FailedScheduling histogram, exit
 * classes, image-pull sub-causes, three-valued references, container
 * facts and commands, node silence and taint-eviction ETA, a simulation
 * source, workload subjects (A1: FailedCreate sub-causes, pod counts per
 * owner, commands), and the k3s corpus dump.
 *
 * References: ../shared/reference/troubleshooting.md 0.3 (effective event
 * times), 1 (B2, C1, C2, D1, D2 tables), 3.1 (describe's event selection
 * and order), 4.2 (facts); scheduler.md 3 (FitError.Error); kubernetes
 * pkg/controller/tainteviction (getMinTolerationTime).
 */
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

/* ------------------------------------------------------------------ */
/* Helpers                                                              */
/* ------------------------------------------------------------------ */

static int64_t ts(const char *text) {
    int64_t ms = 0;
    assert_true(parse_rfc3339(text, strlen(text), &ms));
    return ms;
}

typedef struct fixture {
    podsim_cluster *cluster;
    podsim_sim *sim;
    diag_source src;
    diag_subject subject;
    arena mem;
    bool have_source, have_subject;
} fixture;

static void load_text(podsim_cluster *c, const char *yaml, const char *name) {
    podsim_status s =
        podsim_cluster_load_string(c, yaml, strlen(yaml), name, NULL);
    if (s != PODSIM_OK) {
        const podsim_error *e = podsim_cluster_error(c);
        fprintf(stderr, "load: %s:%d:%d: %s\n", e->source ? e->source : "",
                e->line, e->column, e->message);
    }
    assert_int_equal(s, PODSIM_OK);
}

static void fx_dump(fixture *f, const char *yaml, int64_t as_of) {
    memset(f, 0, sizeof *f);
    arena_init(&f->mem, 0);
    assert_int_equal(podsim_cluster_new(NULL, &f->cluster), PODSIM_OK);
    load_text(f->cluster, yaml, "dump.yaml");
    assert_int_equal(diag_source_from_cluster(&f->src, f->cluster, as_of, NULL),
                     PODSIM_OK);
    f->have_source = true;
}

static void fx_subject(fixture *f, const char *ns, const char *name) {
    podsim_id id = PODSIM_NO_ID;
    if (f->sim) {
        assert_int_equal(podsim_sim_find_pod(f->sim, ns, name, &id), PODSIM_OK);
    } else {
        assert_int_equal(
            podsim_cluster_find(f->cluster, PODSIM_KIND_POD, ns, name, &id),
            PODSIM_OK);
    }
    if (f->have_subject) diag_subject_release(&f->subject);
    assert_int_equal(diag_subject_build(&f->subject, &f->src, id, &f->mem),
                     PODSIM_OK);
    f->have_subject = true;
    diag_facts_sort(&f->subject.facts);
    for (size_t i = 0; i < f->subject.container_count; i++) {
        diag_facts_sort(&f->subject.containers[i].facts);
    }
}

static void fx_free(fixture *f) {
    if (f->have_subject) diag_subject_release(&f->subject);
    if (f->have_source) diag_source_release(&f->src);
    arena_release(&f->mem);
    podsim_sim_free(f->sim);
    podsim_cluster_free(f->cluster);
}

static const diag_container *container(const fixture *f, const char *name) {
    for (size_t i = 0; i < f->subject.container_count; i++) {
        if (strcmp(f->subject.containers[i].spec->name, name) == 0) {
            return &f->subject.containers[i];
        }
    }
    fail_msg("no container %s", name);
    return NULL;
}

static void dump_facts(const diag_facts *facts) {
    for (size_t i = 0; i < facts->items.len; i++) {
        const diag_fact *x = vec_at(&facts->items, i);
        fprintf(stderr, "  %s = %s\n", x->path, x->value);
    }
}

/* want NULL: the fact must be absent */
static void check_fact(const diag_facts *facts, const char *path,
                       const char *want, const char *file, int line) {
    const char *got = diag_facts_get(facts, path);
    bool ok = want ? got && strcmp(got, want) == 0 : got == NULL;
    if (!ok) {
        fprintf(stderr, "%s:%d: fact %s: got %s%s%s, want %s%s%s\n", file, line,
                path, got ? "\"" : "", got ? got : "(absent)", got ? "\"" : "",
                want ? "\"" : "", want ? want : "(absent)", want ? "\"" : "");
        dump_facts(facts);
        fail();
    }
}

#define POD_FACT(f, path, want) \
    check_fact(&(f)->subject.facts, path, want, __FILE__, __LINE__)
#define C_FACT(f, c, path, want) \
    check_fact(&container(f, c)->facts, path, want, __FILE__, __LINE__)

static bool has_note(const fixture *f, const char *text) {
    for (size_t i = 0; i < f->subject.missing.len; i++) {
        if (strcmp(*(const char **)vec_at(&f->subject.missing, i), text) == 0) {
            return true;
        }
    }
    return false;
}

/* ------------------------------------------------------------------ */
/* Fixtures                                                             */
/* ------------------------------------------------------------------ */

#define HEAD "apiVersion: v1\nkind: List\nitems:\n"

#define READY_NODE(name)                                            \
    "- apiVersion: v1\n"                                            \
    "  kind: Node\n"                                                \
    "  metadata: {name: " name                                      \
    ", creationTimestamp: \"2026-01-01T00:00:00Z\"}\n"              \
    "  status:\n"                                                   \
    "    allocatable: {cpu: \"4\", memory: 8Gi, pods: \"110\"}\n"   \
    "    conditions:\n"                                             \
    "    - {type: Ready, status: \"True\", reason: KubeletReady,\n" \
    "       lastHeartbeatTime: \"2026-01-01T09:59:00Z\",\n"         \
    "       lastTransitionTime: \"2026-01-01T00:00:00Z\"}\n"

/* web-0: two containers, app crash-looping (exit 1), a ConfigMap key
   reference; events of this pod, of an earlier pod of the same name
   (another uid), both event shapes. */
static const char *const web_dump =
    HEAD READY_NODE("worker-1")
    "- apiVersion: v1\n"
    "  kind: Pod\n"
    "  metadata:\n"
    "    name: web-0\n"
    "    namespace: shop\n"
    "    uid: uid-new\n"
    "    creationTimestamp: \"2026-01-01T09:00:00Z\"\n"
    "    ownerReferences:\n"
    "    - {apiVersion: apps/v1, kind: StatefulSet, name: web, uid: s1,\n"
    "       controller: true}\n"
    "  spec:\n"
    "    nodeName: worker-1\n"
    "    containers:\n"
    "    - name: app\n"
    "      image: registry.example.com/team/app:v1\n"
    "      resources: {limits: {memory: 128Mi}, requests: {cpu: 100m}}\n"
    "      env:\n"
    "      - name: MODE\n"
    "        valueFrom: {configMapKeyRef: {name: app-config, key: mode}}\n"
    "      livenessProbe: {httpGet: {path: /healthz, port: 8080}}\n"
    "    - name: sidecar\n"
    "      image: busybox:1.36\n"
    "  status:\n"
    "    phase: Running\n"
    "    startTime: \"2026-01-01T09:00:00Z\"\n"
    "    conditions:\n"
    "    - {type: Ready, status: \"False\", reason: ContainersNotReady,\n"
    "       message: \"containers with unready status: [app]\",\n"
    "       lastTransitionTime: \"2026-01-01T09:50:00Z\"}\n"
    "    - {type: PodScheduled, status: \"True\",\n"
    "       lastTransitionTime: \"2026-01-01T09:00:00Z\"}\n"
    "    containerStatuses:\n"
    "    - name: app\n"
    "      image: registry.example.com/team/app:v1\n"
    "      ready: false\n"
    "      started: false\n"
    "      restartCount: 3\n"
    "      state:\n"
    "        waiting: {reason: CrashLoopBackOff, message: \"back-off 40s "
    "restarting failed container=app pod=web-0_shop(uid-new)\"}\n"
    "      lastState:\n"
    "        terminated: {reason: Error, exitCode: 1,\n"
    "                     startedAt: \"2026-01-01T09:58:00Z\",\n"
    "                     finishedAt: \"2026-01-01T09:58:05Z\"}\n"
    "    - name: sidecar\n"
    "      image: busybox:1.36\n"
    "      ready: true\n"
    "      started: true\n"
    "      restartCount: 0\n"
    "      state: {running: {startedAt: \"2026-01-01T09:01:00Z\"}}\n"
    /* core/v1 series of the kubelet: count and first/last */
    "- apiVersion: v1\n"
    "  kind: Event\n"
    "  metadata: {name: web-0.a, namespace: shop}\n"
    "  involvedObject: {kind: Pod, namespace: shop, name: web-0, uid: "
    "uid-new,\n"
    "                   fieldPath: \"spec.containers{app}\"}\n"
    "  reason: BackOff\n"
    "  type: Warning\n"
    "  message: \"Back-off restarting failed container app in pod "
    "web-0_shop(uid-new)\\n\"\n"
    "  source: {component: kubelet, host: worker-1}\n"
    "  count: 5\n"
    "  firstTimestamp: \"2026-01-01T09:50:00Z\"\n"
    "  lastTimestamp: \"2026-01-01T09:59:00Z\"\n"
    /* the scheduler's, written through events.k8s.io */
    "- apiVersion: v1\n"
    "  kind: Event\n"
    "  metadata: {name: web-0.b, namespace: shop}\n"
    "  involvedObject: {kind: Pod, namespace: shop, name: web-0, uid: "
    "uid-new}\n"
    "  reason: Scheduled\n"
    "  type: Normal\n"
    "  message: Successfully assigned shop/web-0 to worker-1\n"
    "  source: {}\n"
    "  reportingController: default-scheduler\n"
    "  firstTimestamp: null\n"
    "  lastTimestamp: null\n"
    "  eventTime: \"2026-01-01T09:00:01.500000Z\"\n"
    /* a second BackOff object of the same reason, singleton */
    "- apiVersion: v1\n"
    "  kind: Event\n"
    "  metadata: {name: web-0.c, namespace: shop}\n"
    "  involvedObject: {kind: Pod, namespace: shop, name: web-0, uid: "
    "uid-new,\n"
    "                   fieldPath: \"spec.containers{app}\"}\n"
    "  reason: BackOff\n"
    "  type: Warning\n"
    "  message: older wording\n"
    "  source: {component: kubelet}\n"
    "  firstTimestamp: \"2026-01-01T09:40:00Z\"\n"
    "  lastTimestamp: \"2026-01-01T09:40:00Z\"\n"
    /* the previous web-0 (StatefulSet re-created it): not this pod's */
    "- apiVersion: v1\n"
    "  kind: Event\n"
    "  metadata: {name: web-0.d, namespace: shop}\n"
    "  involvedObject: {kind: Pod, namespace: shop, name: web-0, uid: "
    "uid-old}\n"
    "  reason: Killing\n"
    "  type: Normal\n"
    "  message: Stopping container app\n"
    "  source: {component: kubelet}\n"
    "  count: 1\n"
    "  firstTimestamp: \"2026-01-01T08:59:00Z\"\n"
    "  lastTimestamp: \"2026-01-01T08:59:00Z\"\n"
    /* another pod's events.k8s.io series: the newest time in the dump */
    "- apiVersion: v1\n"
    "  kind: Event\n"
    "  metadata: {name: other.e, namespace: shop}\n"
    "  involvedObject: {kind: Pod, namespace: shop, name: other, uid: u9}\n"
    "  reason: FailedScheduling\n"
    "  type: Warning\n"
    "  message: \"0/1 nodes are available: 1 Insufficient cpu.\"\n"
    "  reportingController: default-scheduler\n"
    "  eventTime: \"2026-01-01T09:30:00Z\"\n"
    "  series: {count: 4, lastObservedTime: \"2026-01-01T10:05:00Z\"}\n"
    /* a ConfigMap of another name: ConfigMaps were supplied */
    "- apiVersion: v1\n"
    "  kind: ConfigMap\n"
    "  metadata: {name: other-config, namespace: shop}\n"
    "  data: {mode: x}\n";

/* ------------------------------------------------------------------ */
/* The fact map                                                         */
/* ------------------------------------------------------------------ */

static void test_fact_map(void **state) {
    (void)state;
    arena mem;
    arena_init(&mem, 0);
    diag_facts f;
    diag_facts_init(&f, &mem);
    assert_null(diag_facts_get(&f, "a"));
    assert_true(
        diag_facts_set(&f, "pod.phase", "Pending", PODSIM_PROVENANCE_OBSERVED));
    assert_true(
        diag_facts_set(&f, "node.name", "n1", PODSIM_PROVENANCE_OBSERVED));
    assert_true(diag_facts_setf(&f, "pod.restarts", PODSIM_PROVENANCE_DERIVED,
                                "%d", 7));
    /* replaced before sorting: the last set wins */
    assert_true(diag_facts_set(&f, "pod.phase", "Running",
                               PODSIM_PROVENANCE_SIMULATED));
    assert_string_equal(diag_facts_get(&f, "pod.phase"), "Running");
    assert_false(f.sorted);
    diag_facts_sort(&f);
    assert_true(f.sorted);
    assert_int_equal(f.items.len, 3);
    const diag_fact *first = vec_at(&f.items, 0);
    assert_string_equal(first->path, "node.name");
    const diag_fact *phase = diag_facts_find(&f, "pod.phase");
    assert_non_null(phase);
    assert_string_equal(phase->value, "Running");
    assert_int_equal(phase->provenance, PODSIM_PROVENANCE_SIMULATED);
    assert_string_equal(diag_facts_get(&f, "pod.restarts"), "7");
    /* replaced after sorting: in place, still sorted */
    assert_true(
        diag_facts_set(&f, "pod.restarts", "8", PODSIM_PROVENANCE_DERIVED));
    assert_true(f.sorted);
    assert_string_equal(diag_facts_get(&f, "pod.restarts"), "8");
    /* a new path after sorting */
    assert_true(diag_facts_set(&f, "a.first", "x", PODSIM_PROVENANCE_DERIVED));
    assert_string_equal(diag_facts_get(&f, "a.first"), "x");
    diag_facts_sort(&f);
    assert_int_equal(f.items.len, 4);
    assert_string_equal(((diag_fact *)vec_at(&f.items, 0))->path, "a.first");
    assert_null(diag_facts_get(&f, "zzz"));
    assert_string_equal(diag_ref_state_name(DIAG_REF_UNKNOWN), "unknown");
    assert_string_equal(diag_ref_state_name(DIAG_REF_EXISTS), "exists");
    assert_string_equal(diag_ref_state_name(DIAG_REF_MISSING), "missing");
    diag_facts_release(&f);
    arena_release(&mem);
}

/* ------------------------------------------------------------------ */
/* Events                                                               */
/* ------------------------------------------------------------------ */

static const diag_event *event_named(const diag_source *src, const char *name) {
    for (size_t i = 0; i < src->event_count; i++) {
        if (strcmp(src->events[i].event_name, name) == 0) {
            return &src->events[i];
        }
    }
    fail_msg("no event %s", name);
    return NULL;
}

static void test_event_shapes(void **state) {
    (void)state;
    fixture f;
    fx_dump(&f, web_dump, PODSIM_NO_TIME);
    /* as_of defaults to the newest time, a series' lastObservedTime */
    assert_int_equal(f.src.as_of, ts("2026-01-01T10:05:00Z"));
    assert_true(f.src.events_supplied);
    assert_true(f.src.has_kind[PODSIM_KIND_EVENT]);
    assert_true(f.src.has_kind[PODSIM_KIND_CONFIGMAP]);
    assert_false(f.src.has_kind[PODSIM_KIND_SECRET]);
    assert_int_equal(f.src.event_count, 5);
    assert_int_equal(f.src.kubectl_minor, 34);

    const diag_event *a = event_named(&f.src, "web-0.a");
    assert_int_equal(a->first, ts("2026-01-01T09:50:00Z"));
    assert_int_equal(a->last, ts("2026-01-01T09:59:00Z"));
    assert_int_equal(a->count, 5);
    assert_true(a->has_last_timestamp);
    assert_false(a->has_series);
    assert_string_equal(a->container, "app");
    assert_string_equal(a->source, "kubelet");
    assert_string_equal(a->host, "worker-1");
    assert_string_equal(a->uid, "uid-new");
    assert_int_equal(a->provenance, PODSIM_PROVENANCE_OBSERVED);

    const diag_event *b = event_named(&f.src, "web-0.b");
    assert_int_equal(b->first, ts("2026-01-01T09:00:01.5Z"));
    assert_int_equal(b->last, b->first); /* no series, no lastTimestamp */
    assert_int_equal(b->count, 1);
    assert_false(b->has_last_timestamp);
    assert_string_equal(b->source, "default-scheduler");
    assert_string_equal(b->container, "");

    const diag_event *e = event_named(&f.src, "other.e");
    assert_true(e->has_series);
    assert_false(e->has_last_timestamp);
    assert_int_equal(e->first, ts("2026-01-01T09:30:00Z"));
    assert_int_equal(e->last, ts("2026-01-01T10:05:00Z"));
    assert_int_equal(e->count, 4);
    fx_free(&f);
}

static void test_event_selection_and_order(void **state) {
    (void)state;
    fixture f;
    fx_dump(&f, web_dump, ts("2026-01-01T10:00:00Z"));
    fx_subject(&f, "shop", "web-0");
    /* the old incarnation's Killing is left out (uid), the scheduler's
       event (no lastTimestamp) comes first, then by lastTimestamp */
    assert_int_equal(f.subject.event_count, 3);
    assert_string_equal(f.subject.events[0]->event_name, "web-0.b");
    assert_string_equal(f.subject.events[1]->event_name, "web-0.c");
    assert_string_equal(f.subject.events[2]->event_name, "web-0.a");
    POD_FACT(&f, "events.supplied", "true");
    POD_FACT(&f, "events.count", "3");
    POD_FACT(&f, "events.stale", "false");
    POD_FACT(&f, "event.Killing.count", NULL);
    /* per reason: the effective counts summed, the latest message */
    POD_FACT(&f, "event.BackOff.count", "6");
    POD_FACT(&f, "event.BackOff.message",
             "Back-off restarting failed container app in pod "
             "web-0_shop(uid-new)");
    POD_FACT(&f, "event.BackOff.type", "Warning");
    POD_FACT(&f, "event.BackOff.last_seconds", "60");
    POD_FACT(&f, "event.BackOff.first_seconds", "1200");
    POD_FACT(&f, "event.Scheduled.count", "1");
    POD_FACT(&f, "event.Scheduled.first_seconds", "3598");
    C_FACT(&f, "app", "container.event.BackOff.count", "6");
    C_FACT(&f, "app", "container.event.BackOff.last_seconds", "60");
    C_FACT(&f, "sidecar", "container.event.BackOff.count", NULL);
    /* StatefulSets were not supplied: the only note */
    assert_int_equal(f.subject.missing.len, 1);
    fx_free(&f);
}

static void test_events_missing_and_stale(void **state) {
    (void)state;
    static const char *const no_events =
        HEAD READY_NODE("n1")
        "- apiVersion: v1\n"
        "  kind: Pod\n"
        "  metadata: {name: p, namespace: default,\n"
        "             creationTimestamp: \"2026-01-01T09:00:00Z\"}\n"
        "  spec:\n"
        "    nodeName: n1\n"
        "    containers: [{name: c, image: nginx}]\n";
    fixture f;
    fx_dump(&f, no_events, ts("2026-01-01T10:00:00Z"));
    fx_subject(&f, "default", "p");
    POD_FACT(&f, "events.supplied", "false");
    POD_FACT(&f, "events.count", "0");
    assert_true(has_note(&f, "events not supplied"));
    fx_free(&f);

    /* events exist but the newest is 2 h older than as_of */
    fx_dump(&f, web_dump, ts("2026-01-01T12:10:00Z"));
    fx_subject(&f, "shop", "web-0");
    POD_FACT(&f, "events.stale", "true");
    assert_true(has_note(&f, "events expired (newest is older than 1h)"));
    fx_free(&f);
}

/* ------------------------------------------------------------------ */
/* Pod, container and reference facts                                   */
/* ------------------------------------------------------------------ */

static void test_pod_and_container_facts(void **state) {
    (void)state;
    fixture f;
    fx_dump(&f, web_dump, ts("2026-01-01T10:00:00Z"));
    fx_subject(&f, "shop", "web-0");
    POD_FACT(&f, "pod.namespace", "shop");
    POD_FACT(&f, "pod.name", "web-0");
    POD_FACT(&f, "pod.uid", "uid-new");
    POD_FACT(&f, "pod.phase", "Running");
    POD_FACT(&f, "pod.reason", NULL);
    POD_FACT(&f, "pod.status", "CrashLoopBackOff");
    POD_FACT(&f, "pod.ready", "1/2");
    POD_FACT(&f, "pod.restarts", "3");
    POD_FACT(&f, "pod.age_seconds", "3600");
    POD_FACT(&f, "pod.node", "worker-1");
    POD_FACT(&f, "pod.qos", "Burstable");
    POD_FACT(&f, "pod.restart_policy", "Always");
    POD_FACT(&f, "pod.deleting", "false");
    POD_FACT(&f, "pod.gated", "false");
    POD_FACT(&f, "pod.container_count", "2");
    POD_FACT(&f, "pod.init_container_count", "0");
    POD_FACT(&f, "pod.has_sidecar", "false");
    POD_FACT(&f, "pod.mirror", "false");
    POD_FACT(&f, "pod.finalizers", "0");
    POD_FACT(&f, "pod.condition.Ready.status", "False");
    POD_FACT(&f, "pod.condition.Ready.reason", "ContainersNotReady");
    POD_FACT(&f, "pod.condition.Ready.message",
             "containers with unready status: [app]");
    POD_FACT(&f, "pod.condition.Ready.age_seconds", "600");
    POD_FACT(&f, "pod.condition.PodScheduled.reason", NULL);
    POD_FACT(&f, "cmd.describe", "kubectl describe pod web-0 -n shop");
    POD_FACT(&f, "cmd.events",
             "kubectl get events -n shop --field-selector "
             "involvedObject.name=web-0");
    POD_FACT(&f, "cmd.yaml", "kubectl get pod web-0 -n shop -o yaml");
    POD_FACT(&f, "cmd.describe_node", "kubectl describe node worker-1");
    POD_FACT(&f, "cmd.get_nodes", "kubectl get nodes");
    /* owner: StatefulSets were not supplied */
    POD_FACT(&f, "owner.kind", "StatefulSet");
    POD_FACT(&f, "owner.name", "web");
    POD_FACT(&f, "owner.state", "unknown");
    POD_FACT(&f, "owner.controller_kind", "StatefulSet");
    assert_true(has_note(&f, "statefulset/web not supplied"));
    /* ConfigMaps supplied, this one absent: missing, not unknown */
    POD_FACT(&f, "ref.configmap.app-config", "missing");
    POD_FACT(&f, "ref.configmap.app-config.key.mode", "missing");
    assert_false(has_note(&f, "configmap/app-config not supplied"));
    /* node facts */
    POD_FACT(&f, "node.name", "worker-1");
    POD_FACT(&f, "node.state", "exists");
    POD_FACT(&f, "node.ready", "True");
    POD_FACT(&f, "node.ready_reason", "KubeletReady");
    POD_FACT(&f, "node.unreachable", "false");
    POD_FACT(&f, "node.not_ready", "false");
    POD_FACT(&f, "node.silent_seconds", NULL);
    POD_FACT(&f, "node.all_unknown", "false");
    POD_FACT(&f, "node.eviction_in_seconds", NULL);
    POD_FACT(&f, "node.unschedulable", "false");
    POD_FACT(&f, "scheduling.message", NULL);

    assert_int_equal(f.subject.container_count, 2);
    assert_ptr_equal(f.subject.node, podsim_cluster_node(f.cluster, 0));
    assert_int_equal(f.subject.node_state, DIAG_REF_EXISTS);
    C_FACT(&f, "app", "container.name", "app");
    C_FACT(&f, "app", "container.role", "regular");
    C_FACT(&f, "app", "container.index", "0");
    C_FACT(&f, "app", "container.image", "registry.example.com/team/app:v1");
    C_FACT(&f, "app", "container.image_host", "registry.example.com");
    C_FACT(&f, "app", "container.state", "waiting");
    C_FACT(&f, "app", "container.reason", "CrashLoopBackOff");
    C_FACT(&f, "app", "container.exit_code", NULL);
    C_FACT(&f, "app", "container.last.state", "terminated");
    C_FACT(&f, "app", "container.last.reason", "Error");
    C_FACT(&f, "app", "container.last.exit_code", "1");
    C_FACT(&f, "app", "container.last.signal", NULL);
    C_FACT(&f, "app", "container.last.run_seconds", "5");
    C_FACT(&f, "app", "container.restarts", "3");
    C_FACT(&f, "app", "container.ready", "false");
    C_FACT(&f, "app", "container.started", "false");
    C_FACT(&f, "app", "container.exit_class", "exit-1");
    C_FACT(&f, "app", "container.pull_subcause", NULL);
    C_FACT(&f, "app", "container.limit.memory", "128Mi");
    C_FACT(&f, "app", "container.request.cpu", "100m");
    C_FACT(&f, "app", "container.request.memory", "128Mi");
    C_FACT(&f, "app", "container.probe.liveness",
           "http-get http://:8080/healthz delay=0s timeout=1s period=10s "
           "#success=1 #failure=3");
    C_FACT(&f, "app", "container.probe.readiness", NULL);
    C_FACT(&f, "app", "container.termination_message_policy", "File");
    /* two containers: -c; app restarted: -p */
    C_FACT(&f, "app", "container.cmd.logs",
           "kubectl logs web-0 -n shop -c app -p");
    C_FACT(&f, "app", "container.cmd.logs_previous",
           "kubectl logs web-0 -n shop -c app -p");
    C_FACT(&f, "app", "container.cmd.exec",
           "kubectl exec -it web-0 -n shop -c app -- sh");
    C_FACT(&f, "app", "container.cmd.debug_copy",
           "kubectl debug web-0 -n shop -it --copy-to=web-0-debug "
           "--container=app -- sh");
    C_FACT(&f, "sidecar", "container.image_host", "docker.io");
    C_FACT(&f, "sidecar", "container.index", "1");
    C_FACT(&f, "sidecar", "container.state", "running");
    C_FACT(&f, "sidecar", "container.run_seconds", "3540");
    C_FACT(&f, "sidecar", "container.last.state", "none");
    C_FACT(&f, "sidecar", "container.exit_class", NULL);
    C_FACT(&f, "sidecar", "container.cmd.logs",
           "kubectl logs web-0 -n shop -c sidecar");
    C_FACT(&f, "sidecar", "container.cmd.logs_previous",
           "kubectl logs web-0 -n shop -c sidecar -p");
    /* provenance */
    assert_int_equal(diag_facts_find(&f.subject.facts, "pod.phase")->provenance,
                     PODSIM_PROVENANCE_OBSERVED);
    assert_int_equal(
        diag_facts_find(&f.subject.facts, "pod.status")->provenance,
        PODSIM_PROVENANCE_DERIVED);
    fx_free(&f);
}

static const char *const single_container =
    HEAD READY_NODE("n1")
    "- apiVersion: v1\n"
    "  kind: Pod\n"
    "  metadata: {name: solo, namespace: default,\n"
    "             creationTimestamp: \"2026-01-01T09:00:00Z\",\n"
    "             deletionTimestamp: \"2026-01-01T09:50:30Z\",\n"
    "             deletionGracePeriodSeconds: 30,\n"
    "             finalizers: [example.com/keep],\n"
    "             ownerReferences: [{apiVersion: apps/v1, kind: ReplicaSet,\n"
    "               name: solo-rs, uid: r1, controller: true}]}\n"
    "  spec:\n"
    "    nodeName: n1\n"
    "    initContainers:\n"
    "    - {name: proxy, image: \"docker.io/envoy:1\", restartPolicy: "
    "Always}\n"
    "    containers:\n"
    "    - name: c\n"
    "      image: \"localhost/app\"\n"
    "      envFrom: [{secretRef: {name: creds}}]\n"
    "      resources: {limits: {cpu: \"1\", memory: 1Gi}}\n"
    "    volumes:\n"
    "    - {name: data, persistentVolumeClaim: {claimName: data-solo}}\n"
    "    - {name: cfg, configMap: {name: solo-config}}\n"
    "  status:\n"
    "    phase: Pending\n"
    "    initContainerStatuses:\n"
    "    - {name: proxy, ready: false, restartCount: 0, image: envoy,\n"
    "       state: {waiting: {reason: ImagePullBackOff,\n"
    "       message: \"Back-off pulling image \\\"docker.io/envoy:1\\\"\"}}}\n"
    "    containerStatuses:\n"
    "    - {name: c, ready: false, restartCount: 0, image: app,\n"
    "       state: {waiting: {reason: PodInitializing}}}\n"
    "- apiVersion: apps/v1\n"
    "  kind: ReplicaSet\n"
    "  metadata: {name: solo-rs, namespace: default,\n"
    "             ownerReferences: [{apiVersion: apps/v1, kind: Deployment,\n"
    "               name: solo, uid: d1, controller: true}]}\n"
    "  spec: {replicas: 2, selector: {matchLabels: {app: solo}},\n"
    "         template: {metadata: {labels: {app: solo}},\n"
    "                    spec: {containers: [{name: c, image: app}]}}}\n"
    "  status: {replicas: 2, readyReplicas: 1}\n"
    "- apiVersion: v1\n"
    "  kind: PersistentVolumeClaim\n"
    "  metadata: {name: data-solo, namespace: default}\n"
    "  spec: {storageClassName: fast, accessModes: [ReadWriteOnce],\n"
    "         resources: {requests: {storage: 1Gi}}}\n"
    "  status: {phase: Pending}\n"
    "- apiVersion: v1\n"
    "  kind: Event\n"
    "  metadata: {name: solo.1, namespace: default}\n"
    "  involvedObject: {kind: Pod, namespace: default, name: solo,\n"
    "                   fieldPath: \"spec.initContainers{proxy}\"}\n"
    "  reason: Failed\n"
    "  type: Warning\n"
    "  message: \"Failed to pull image \\\"docker.io/envoy:1\\\": rpc "
    "error: code = NotFound desc = failed to pull and unpack image "
    "\\\"docker.io/envoy:1\\\": not found\"\n"
    "  source: {component: kubelet}\n"
    "  count: 3\n"
    "  firstTimestamp: \"2026-01-01T09:01:00Z\"\n"
    "  lastTimestamp: \"2026-01-01T09:49:00Z\"\n"
    "- apiVersion: v1\n"
    "  kind: Event\n"
    "  metadata: {name: solo.2, namespace: default}\n"
    "  involvedObject: {kind: Pod, namespace: default, name: solo,\n"
    "                   fieldPath: \"spec.initContainers{proxy}\"}\n"
    "  reason: Failed\n"
    "  type: Warning\n"
    "  message: \"Error: ImagePullBackOff\"\n"
    "  source: {component: kubelet}\n"
    "  count: 9\n"
    "  firstTimestamp: \"2026-01-01T09:01:30Z\"\n"
    "  lastTimestamp: \"2026-01-01T09:49:30Z\"\n";

static void test_refs_owner_sidecar_commands(void **state) {
    (void)state;
    fixture f;
    fx_dump(&f, single_container, ts("2026-01-01T09:51:00Z"));
    fx_subject(&f, "default", "solo");
    /* the Deployment behind the ReplicaSet */
    POD_FACT(&f, "owner.kind", "ReplicaSet");
    POD_FACT(&f, "owner.name", "solo-rs");
    POD_FACT(&f, "owner.state", "exists");
    POD_FACT(&f, "owner.controller_kind", "Deployment");
    POD_FACT(&f, "owner.controller_name", "solo");
    POD_FACT(&f, "owner.replicas", "2");
    POD_FACT(&f, "owner.ready_replicas", "1");
    /* kinds absent from the dump: unknown and a note, never missing */
    POD_FACT(&f, "ref.secret.creds", "unknown");
    POD_FACT(&f, "ref.configmap.solo-config", "unknown");
    assert_true(has_note(&f, "secret/creds not supplied"));
    assert_true(has_note(&f, "configmap/solo-config not supplied"));
    POD_FACT(&f, "ref.pvc.data-solo", "exists");
    POD_FACT(&f, "ref.pvc.data-solo.phase", "Pending");
    POD_FACT(&f, "ref.pvc.data-solo.class", "fast");
    /* deletion: requested at deletionTimestamp - grace */
    POD_FACT(&f, "pod.deleting", "true");
    POD_FACT(&f, "pod.deleting_seconds", "60");
    POD_FACT(&f, "pod.finalizers", "1");
    POD_FACT(&f, "pod.finalizer.0", "example.com/keep");
    POD_FACT(&f, "pod.has_sidecar", "true");
    POD_FACT(&f, "pod.init_container_count", "1");
    POD_FACT(&f, "pod.qos", "Burstable");
    /* init containers first */
    assert_string_equal(f.subject.containers[0].spec->name, "proxy");
    C_FACT(&f, "proxy", "container.role", "sidecar");
    C_FACT(&f, "proxy", "container.image_host", "docker.io");
    /* the pull error is in the latest "Failed to pull image" event */
    C_FACT(&f, "proxy", "container.pull_subcause", "not-found");
    C_FACT(&f, "proxy", "container.event.Failed.count", "12");
    C_FACT(&f, "proxy", "container.event.Failed.message",
           "Error: ImagePullBackOff");
    C_FACT(&f, "c", "container.image_host", "localhost");
    C_FACT(&f, "c", "container.limit.cpu", "1");
    C_FACT(&f, "c", "container.request.cpu", "1");
    /* two containers (one init): -c; no restart: no -p */
    C_FACT(&f, "c", "container.cmd.logs", "kubectl logs solo -n default -c c");
    fx_free(&f);

    /* one container: no -c */
    static const char *const one = HEAD
        "- apiVersion: v1\n"
        "  kind: Pod\n"
        "  metadata: {name: one, namespace: ns1}\n"
        "  spec: {containers: [{name: only, image: nginx}]}\n"
        "  status:\n"
        "    phase: Running\n"
        "    containerStatuses:\n"
        "    - {name: only, ready: true, restartCount: 2,\n"
        "       state: {running: {startedAt: \"2026-01-01T09:00:00Z\"}},\n"
        "       lastState: {terminated: {reason: OOMKilled, exitCode: 137}}}\n";
    fx_dump(&f, one, ts("2026-01-01T10:00:00Z"));
    fx_subject(&f, "ns1", "one");
    C_FACT(&f, "only", "container.cmd.logs", "kubectl logs one -n ns1 -p");
    C_FACT(&f, "only", "container.cmd.exec",
           "kubectl exec -it one -n ns1 -- sh");
    C_FACT(&f, "only", "container.exit_class", "oom");
    C_FACT(&f, "only", "container.run_seconds", "3600");
    POD_FACT(&f, "node.name", NULL);
    POD_FACT(&f, "node.state", NULL);
    POD_FACT(&f, "cmd.describe_node", NULL);
    POD_FACT(&f, "pod.qos", "BestEffort");
    fx_free(&f);
}

/* A ConfigMap kind absent: unknown; present but not that name: missing;
   present with the key: exists. */
static void test_configmap_three_values(void **state) {
    (void)state;
#define REF_POD                                                        \
    "- apiVersion: v1\n"                                               \
    "  kind: Pod\n"                                                    \
    "  metadata: {name: p, namespace: default}\n"                      \
    "  spec:\n"                                                        \
    "    containers:\n"                                                \
    "    - name: c\n"                                                  \
    "      image: nginx\n"                                             \
    "      env:\n"                                                     \
    "      - {name: A, valueFrom: {configMapKeyRef: {name: cfg, key: " \
    "a}}}\n"                                                           \
    "      - {name: B, valueFrom: {configMapKeyRef: {name: cfg, key: " \
    "b}}}\n"                                                           \
    "      - {name: S, valueFrom: {secretKeyRef: {name: sec, key: pw}}}\n"
    static const char *const absent = HEAD REF_POD;
    static const char *const other = HEAD REF_POD
        "- {apiVersion: v1, kind: ConfigMap, metadata: {name: x, namespace: "
        "default}}\n"
        "- {apiVersion: v1, kind: Secret, metadata: {name: sec, namespace: "
        "default}, data: {pw: eA==}}\n";
    static const char *const present = HEAD REF_POD
        "- {apiVersion: v1, kind: ConfigMap, metadata: {name: cfg, namespace: "
        "default}, data: {a: \"1\"}}\n";
    fixture f;
    fx_dump(&f, absent, ts("2026-01-01T10:00:00Z"));
    fx_subject(&f, "default", "p");
    POD_FACT(&f, "ref.configmap.cfg", "unknown");
    POD_FACT(&f, "ref.configmap.cfg.key.a", "unknown");
    assert_true(has_note(&f, "configmap/cfg not supplied"));
    assert_int_equal(f.subject.missing.len, 3); /* events, cfg, sec */
    fx_free(&f);

    fx_dump(&f, other, ts("2026-01-01T10:00:00Z"));
    fx_subject(&f, "default", "p");
    POD_FACT(&f, "ref.configmap.cfg", "missing");
    POD_FACT(&f, "ref.configmap.cfg.key.a", "missing");
    POD_FACT(&f, "ref.secret.sec", "exists");
    POD_FACT(&f, "ref.secret.sec.key.pw", "exists");
    assert_false(has_note(&f, "configmap/cfg not supplied"));
    fx_free(&f);

    fx_dump(&f, present, ts("2026-01-01T10:00:00Z"));
    fx_subject(&f, "default", "p");
    POD_FACT(&f, "ref.configmap.cfg", "exists");
    POD_FACT(&f, "ref.configmap.cfg.key.a", "exists");
    POD_FACT(&f, "ref.configmap.cfg.key.b", "missing");
    POD_FACT(&f, "ref.secret.sec", "unknown");
    fx_free(&f);
#undef REF_POD
}

/* ------------------------------------------------------------------ */
/* Scheduling                                                           */
/* ------------------------------------------------------------------ */

#define TAINT_MSG                                                       \
    "0/3 nodes are available: 1 node(s) had untolerated taint "         \
    "{node-role.kubernetes.io/control-plane: }, 2 Insufficient cpu. "   \
    "preemption: 0/3 nodes are available: 1 Preemption is not helpful " \
    "for scheduling, 2 No preemption victims found for incoming pod."

static void test_sched_parser(void **state) {
    (void)state;
    arena mem;
    arena_init(&mem, 0);
    diag_sched_message m;
    assert_true(diag_parse_sched_message(TAINT_MSG, &mem, &m));
    assert_true(m.parsed);
    assert_int_equal(m.available, 0);
    assert_int_equal(m.nodes, 3);
    assert_int_equal(m.reason_count, 2);
    assert_string_equal(
        m.reasons[0].reason,
        "node(s) had untolerated taint {node-role.kubernetes.io/control-plane: "
        "}");
    assert_int_equal(m.reasons[0].count, 1);
    assert_string_equal(m.reasons[1].reason, "Insufficient cpu");
    assert_int_equal(m.reasons[1].count, 2);
    assert_string_equal(m.preemption,
                        "0/3 nodes are available: 1 Preemption is not helpful "
                        "for scheduling, 2 No preemption victims found for "
                        "incoming pod.");
    assert_string_equal(diag_sched_subcategory(m.reasons[0].reason), "taint");
    assert_string_equal(diag_sched_subcategory(m.reasons[1].reason),
                        "insufficient-cpu");

    /* the golden message of TestFitError_Error: a PostFilter error tail */
    assert_true(diag_parse_sched_message(
        "0/3 nodes are available: 1 Node(s) failed Filter plugin "
        "FalseFilter-2, 2 Node(s) failed Filter plugin FalseFilter-1. Error "
        "running PostFilter plugin FailedPostFilter",
        &mem, &m));
    assert_int_equal(m.reason_count, 2);
    assert_string_equal(m.reasons[1].reason,
                        "Node(s) failed Filter plugin FalseFilter-1");
    assert_string_equal(m.preemption, "");

    /* a PreFilter rejection: one reason for every node */
    assert_true(diag_parse_sched_message(
        "0/4 nodes are available: pod has unbound immediate "
        "PersistentVolumeClaims. preemption: 0/4 nodes are available: 4 "
        "Preemption is not helpful for scheduling.",
        &mem, &m));
    assert_int_equal(m.reason_count, 1);
    assert_int_equal(m.reasons[0].count, 4);
    assert_string_equal(m.reasons[0].reason,
                        "pod has unbound immediate PersistentVolumeClaims");
    assert_string_equal(diag_sched_subcategory(m.reasons[0].reason),
                        "pvc-unbound");

    /* a note cut at the length limit, a resource name with dots */
    assert_true(diag_parse_sched_message(
        "0/12 nodes are available: 10 Insufficient nvidia.com/gpu, 2 node(s) "
        "didn't match Pod's node affinity/selector ...",
        &mem, &m));
    assert_int_equal(m.nodes, 12);
    assert_int_equal(m.reason_count, 2);
    assert_string_equal(m.reasons[0].reason, "Insufficient nvidia.com/gpu");
    assert_int_equal(m.reasons[0].count, 10);
    assert_string_equal(m.reasons[1].reason,
                        "node(s) didn't match Pod's node affinity/selector");

    assert_false(
        diag_parse_sched_message("Scheduling is blocked due to "
                                 "non-empty scheduling gates",
                                 &mem, &m));
    assert_false(m.parsed);
    assert_false(diag_parse_sched_message(NULL, &mem, &m));

    static const struct {
        const char *reason, *sub;
    } subs[] = {
        {"Insufficient memory", "insufficient-memory"},
        {"Insufficient ephemeral-storage", "insufficient-ephemeral-storage"},
        {"Insufficient example.com/foo", "insufficient-resource"},
        {"Too many pods", "pod-count"},
        {"node(s) had taints that the pod didn't tolerate", "taint"},
        {"node(s) didn't match Pod's node affinity/selector", "node-affinity"},
        {"node(s) didn't have free ports for the requested pod ports",
         "host-port"},
        {"node(s) were unschedulable", "cordoned"},
        {"node(s) didn't match pod topology spread constraints",
         "topology-spread"},
        {"node(s) didn't match pod topology spread constraints (missing "
         "required label)",
         "topology-spread"},
        {"node(s) didn't match pod anti-affinity rules", "pod-affinity"},
        {"node(s) didn't satisfy existing pods anti-affinity rules",
         "pod-affinity"},
        {"node(s) didn't match the requested node name", "node-name"},
        {"persistentvolumeclaim \"data\" not found", "pvc-missing"},
        {"node(s) didn't find available persistent volumes to bind", "no-pv"},
        {"node(s) had volume node affinity conflict", "volume-zone"},
        {"node(s) exceed max volume count", "volume-limit"},
        {"Preemption is not helpful for scheduling", "other"},
        {"something new", "other"},
    };
    for (size_t i = 0; i < sizeof subs / sizeof subs[0]; i++) {
        if (strcmp(diag_sched_subcategory(subs[i].reason), subs[i].sub) != 0) {
            fail_msg("%s -> %s, want %s", subs[i].reason,
                     diag_sched_subcategory(subs[i].reason), subs[i].sub);
        }
    }
    arena_release(&mem);
}

#define PENDING(name, msg)                                          \
    "- apiVersion: v1\n"                                            \
    "  kind: Pod\n"                                                 \
    "  metadata: {name: " name ", namespace: default, uid: u-" name \
    "}\n"                                                           \
    "  spec: {containers: [{name: c, image: nginx}]}\n"             \
    "  status:\n"                                                   \
    "    phase: Pending\n"                                          \
    "    conditions:\n"                                             \
    "    - {type: PodScheduled, status: \"False\", reason: "        \
    "Unschedulable,\n"                                              \
    "       message: \"" msg                                        \
    "\",\n"                                                         \
    "       lastTransitionTime: \"2026-01-01T09:00:00Z\"}\n"

static void test_scheduling_facts(void **state) {
    (void)state;
    static const char *const dump = HEAD PENDING("big", TAINT_MSG)
        PENDING("tie",
                "0/2 nodes are available: 1 Insufficient memory, 1 "
                "node(s) didn't match Pod's node affinity/selector. "
                "preemption: 0/2 nodes are available: 1 No "
                "preemption victims found for incoming pod, 1 "
                "Preemption is not helpful for scheduling.")
        /* no condition message: the latest FailedScheduling event */
        "- apiVersion: v1\n"
        "  kind: Pod\n"
        "  metadata: {name: ev, namespace: default, uid: u-ev}\n"
        "  spec: {containers: [{name: c, image: nginx}]}\n"
        "  status: {phase: Pending}\n"
        "- apiVersion: v1\n"
        "  kind: Event\n"
        "  metadata: {name: ev.1, namespace: default}\n"
        "  involvedObject: {kind: Pod, namespace: default, name: ev, uid: "
        "u-ev}\n"
        "  reason: FailedScheduling\n"
        "  type: Warning\n"
        "  message: \"0/2 nodes are available: 2 node(s) were "
        "unschedulable.\"\n"
        "  reportingController: default-scheduler\n"
        "  eventTime: \"2026-01-01T09:00:00Z\"\n"
        "- apiVersion: v1\n"
        "  kind: Event\n"
        "  metadata: {name: ev.2, namespace: default}\n"
        "  involvedObject: {kind: Pod, namespace: default, name: ev, uid: "
        "u-ev}\n"
        "  reason: FailedScheduling\n"
        "  type: Warning\n"
        "  message: \"0/2 nodes are available: 2 Too many pods. preemption: "
        "not eligible due to preemptionPolicy=Never.\"\n"
        "  reportingController: default-scheduler\n"
        "  eventTime: \"2026-01-01T09:10:00Z\"\n";
    fixture f;
    fx_dump(&f, dump, ts("2026-01-01T10:00:00Z"));
    fx_subject(&f, "default", "big");
    POD_FACT(&f, "scheduling.message", TAINT_MSG);
    POD_FACT(&f, "scheduling.nodes", "3");
    POD_FACT(&f, "scheduling.reason.0", "Insufficient cpu");
    POD_FACT(&f, "scheduling.reason.1",
             "node(s) had untolerated taint "
             "{node-role.kubernetes.io/control-plane: }");
    POD_FACT(&f, "scheduling.count.Insufficient cpu", "2");
    POD_FACT(&f, "scheduling.dominant", "Insufficient cpu");
    POD_FACT(&f, "scheduling.subcategory", "insufficient-cpu");
    POD_FACT(&f, "scheduling.preemption", "no-victims");
    POD_FACT(&f, "pod.status", "Pending");
    POD_FACT(&f, "pod.ready", "0/1");
    POD_FACT(&f, "node.name", NULL);

    /* equal counts: the affinity over the resource */
    fx_subject(&f, "default", "tie");
    POD_FACT(&f, "scheduling.dominant",
             "node(s) didn't match Pod's node affinity/selector");
    POD_FACT(&f, "scheduling.subcategory", "node-affinity");
    POD_FACT(&f, "scheduling.reason.0", "Insufficient memory");
    POD_FACT(&f, "scheduling.preemption", "no-victims");

    fx_subject(&f, "default", "ev");
    POD_FACT(&f, "scheduling.subcategory", "pod-count");
    POD_FACT(&f, "scheduling.nodes", "2");
    POD_FACT(&f, "scheduling.preemption",
             "not eligible due to preemptionPolicy=Never.");
    POD_FACT(&f, "event.FailedScheduling.count", "2");
    fx_free(&f);
}

/* ------------------------------------------------------------------ */
/* Classifications                                                      */
/* ------------------------------------------------------------------ */

static void test_exit_classes(void **state) {
    (void)state;
    static const struct {
        const char *reason;
        int32_t code, signal;
        const char *want;
    } cases[] = {
        {"Completed", 0, 0, "exit-0"},
        {"Error", 1, 0, "exit-1"},
        {"Error", 2, 0, "exit-2"},
        {"Error", 3, 0, "exit-3"},
        {"Error", 126, 0, "exit-126"},
        {"Error", 127, 0, "exit-127"},
        {"StartError", 128, 0, "start-error"},
        {"ContainerCannotRun", 127, 0, "start-error"},
        {"Error", 130, 0, "sigint"},
        {"Error", 134, 0, "sigabrt"},
        {"OOMKilled", 137, 0, "oom"},
        {"Error", 137, 0, "sigkill"},
        {"ContainerStatusUnknown", 137, 0, "status-unknown"},
        {"Error", 139, 0, "sigsegv"},
        {"Error", 143, 0, "sigterm"},
        {"Error", 255, 0, "exit-255"},
        {"", 1, 0, "other"},
        {NULL, 0, 9, "other"},
        {"Error", 0, 9, "sigkill"},
        {"Error", 300, 0, "other"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *got =
            diag_exit_class(cases[i].reason, cases[i].code, cases[i].signal);
        if (strcmp(got, cases[i].want) != 0) {
            fail_msg("%s %d/%d -> %s, want %s",
                     cases[i].reason ? cases[i].reason : "(null)",
                     (int)cases[i].code, (int)cases[i].signal, got,
                     cases[i].want);
        }
    }
}

static void test_pull_subcauses(void **state) {
    (void)state;
    static const struct {
        const char *reason, *message, *want;
    } cases[] = {
        {"ErrImagePull",
         "Failed to pull image \"nginx:1.99\": rpc error: code = NotFound "
         "desc = failed to pull and unpack image "
         "\"docker.io/library/nginx:1.99\": failed to resolve reference "
         "\"docker.io/library/nginx:1.99\": docker.io/library/nginx:1.99: "
         "not found",
         "not-found"},
        {"ErrImagePull", "MANIFEST UNKNOWN: manifest unknown", "not-found"},
        {"ErrImagePull",
         "Failed to pull image \"reg.example.com/app:v1\": rpc error: code = "
         "Unknown desc = failed to resolve reference: unexpected status from "
         "HEAD request to https://reg.example.com/v2/app/manifests/v1: 401 "
         "Unauthorized",
         "auth"},
        {"ErrImagePull",
         "Error response from daemon: pull access denied for private/app",
         "auth"},
        {"ErrImagePull",
         "Failed to pull image \"reg.local/app\": rpc error: code = Unknown "
         "desc = failed to do request: Head \"https://reg.local/v2/\": tls: "
         "failed to verify certificate: x509: certificate signed by unknown "
         "authority",
         "tls"},
        {"ErrImagePull",
         "429 Too Many Requests - Server message: toomanyrequests: You have "
         "reached your pull rate limit.",
         "rate-limit"},
        {"ErrImagePull",
         "dial tcp: lookup registry.invalid on 10.96.0.10:53: no such host",
         "network"},
        {"ErrImagePull",
         "failed to unpack image on snapshotter overlayfs: no match for "
         "platform in manifest: not found",
         "platform"},
        {"ErrImagePull", "write /var/lib/containerd/x: no space left on device",
         "disk"},
        {"ErrImagePull",
         "rpc error: code = DeadlineExceeded desc = context "
         "deadline exceeded",
         "timeout"},
        {"ErrImageNeverPull",
         "Container image \"app:v1\" is not present with pull policy of Never",
         "never-pull"},
        {"InvalidImageName",
         "Failed to apply default image tag \"App:V1\": couldn't parse image "
         "name \"App:V1\": invalid reference format: repository name must be "
         "lowercase",
         "invalid-name"},
        {"ImagePullBackOff", "Back-off pulling image \"x\"", "unknown"},
        {"ErrImagePull", NULL, "unknown"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *got = diag_pull_subcause(cases[i].reason, cases[i].message);
        if (strcmp(got, cases[i].want) != 0) {
            fail_msg("%zu: %s -> %s, want %s", i,
                     cases[i].message ? cases[i].message : "(null)", got,
                     cases[i].want);
        }
    }
}

static void test_start_and_config_subcauses(void **state) {
    (void)state;
    static const char *const dump = HEAD
        "- apiVersion: v1\n"
        "  kind: Pod\n"
        "  metadata: {name: p, namespace: default}\n"
        "  spec:\n"
        "    containers:\n"
        "    - {name: a, image: x}\n"
        "    - {name: b, image: x}\n"
        "    - {name: d, image: x}\n"
        "  status:\n"
        "    phase: Pending\n"
        "    containerStatuses:\n"
        "    - name: a\n"
        "      restartCount: 1\n"
        "      state: {waiting: {reason: CrashLoopBackOff}}\n"
        "      lastState: {terminated: {reason: StartError, exitCode: 128,\n"
        "        message: \"failed to create containerd task: failed to "
        "create shim task: OCI runtime create failed: runc create failed: "
        "unable to start container process: exec: \\\"wge\\\": executable "
        "file not found in $PATH: unknown\"}}\n"
        "    - name: b\n"
        "      state: {waiting: {reason: CreateContainerConfigError,\n"
        "        message: \"couldn't find key mode in ConfigMap "
        "default/cfg\"}}\n"
        "    - name: d\n"
        "      state: {waiting: {reason: CreateContainerConfigError}}\n"
        "- apiVersion: v1\n"
        "  kind: Event\n"
        "  metadata: {name: p.1, namespace: default}\n"
        "  involvedObject: {kind: Pod, namespace: default, name: p,\n"
        "                   fieldPath: \"spec.containers{d}\"}\n"
        "  reason: Failed\n"
        "  type: Warning\n"
        "  message: \"Error: secret \\\"db\\\" not found\"\n"
        "  source: {component: kubelet}\n"
        "  count: 2\n"
        "  firstTimestamp: \"2026-01-01T09:00:00Z\"\n"
        "  lastTimestamp: \"2026-01-01T09:01:00Z\"\n";
    fixture f;
    fx_dump(&f, dump, ts("2026-01-01T10:00:00Z"));
    fx_subject(&f, "default", "p");
    C_FACT(&f, "a", "container.start_subcause", "not-found");
    C_FACT(&f, "a", "container.exit_class", "start-error");
    C_FACT(&f, "a", "container.config_subcause", NULL);
    C_FACT(&f, "b", "container.config_subcause", "configmap-key-missing");
    C_FACT(&f, "b", "container.start_subcause", NULL);
    C_FACT(&f, "d", "container.config_subcause", "secret-missing");
    /* printPod: the first container's waiting reason is the STATUS */
    POD_FACT(&f, "pod.status", "CrashLoopBackOff");
    fx_free(&f);
}

/* ------------------------------------------------------------------ */
/* Node: unreachable, silence, eviction ETA                              */
/* ------------------------------------------------------------------ */

#define LOST_NODE(name)                                                 \
    "- apiVersion: v1\n"                                                \
    "  kind: Node\n"                                                    \
    "  metadata: {name: " name                                          \
    ", creationTimestamp: \"2026-01-01T00:00:00Z\"}\n"                  \
    "  spec:\n"                                                         \
    "    taints:\n"                                                     \
    "    - {key: node.kubernetes.io/unreachable, effect: NoExecute,\n"  \
    "       timeAdded: \"2026-01-01T09:51:00Z\"}\n"                     \
    "    - {key: node.kubernetes.io/unreachable, effect: NoSchedule,\n" \
    "       timeAdded: \"2026-01-01T09:51:00Z\"}\n"                     \
    "  status:\n"                                                       \
    "    conditions:\n"                                                 \
    "    - {type: Ready, status: Unknown, reason: NodeStatusUnknown,\n" \
    "       message: Kubelet stopped posting node status.,\n"           \
    "       lastHeartbeatTime: \"2026-01-01T09:50:00Z\",\n"             \
    "       lastTransitionTime: \"2026-01-01T09:50:50Z\"}\n"            \
    "    - {type: MemoryPressure, status: Unknown, reason: "            \
    "NodeStatusUnknown,\n"                                              \
    "       lastHeartbeatTime: \"2026-01-01T09:50:00Z\"}\n"

#define ON_LOST(name, tolerations)                                \
    "- apiVersion: v1\n"                                          \
    "  kind: Pod\n"                                               \
    "  metadata: {name: " name                                    \
    ", namespace: default,\n"                                     \
    "             creationTimestamp: \"2026-01-01T09:00:00Z\"}\n" \
    "  spec:\n"                                                   \
    "    nodeName: lost\n"                                        \
    "    containers: [{name: c, image: nginx}]\n"                 \
    "    tolerations: " tolerations                               \
    "\n"                                                          \
    "  status:\n"                                                 \
    "    phase: Running\n"                                        \
    "    conditions:\n"                                           \
    "    - {type: PodScheduled, status: \"True\",\n"              \
    "       lastTransitionTime: \"2026-01-01T09:00:00Z\"}\n"      \
    "    containerStatuses:\n"                                    \
    "    - {name: c, ready: true, restartCount: 0,\n"             \
    "       state: {running: {startedAt: \"2026-01-01T09:00:05Z\"}}}\n"

static void test_node_unreachable(void **state) {
    (void)state;
    static const char *const dump = HEAD LOST_NODE("lost")
        /* admission adds the 300 s defaults to this one */
        ON_LOST("default-tol", "[]")
            ON_LOST("short",
                    "[{key: node.kubernetes.io/unreachable, operator: Exists, "
                    "effect: NoExecute, tolerationSeconds: 60}]")
                ON_LOST("forever", "[{operator: Exists}]")
                    ON_LOST("ghost-node", "[]");
    fixture f;
    fx_dump(&f, dump, ts("2026-01-01T09:53:00Z"));
    fx_subject(&f, "default", "default-tol");
    POD_FACT(&f, "node.state", "exists");
    POD_FACT(&f, "node.ready", "Unknown");
    POD_FACT(&f, "node.ready_reason", "NodeStatusUnknown");
    POD_FACT(&f, "node.ready_message", "Kubelet stopped posting node status.");
    POD_FACT(&f, "node.unreachable", "true");
    POD_FACT(&f, "node.not_ready", "false");
    POD_FACT(&f, "node.silent_seconds", "180");
    POD_FACT(&f, "node.all_unknown", "true");
    POD_FACT(&f, "node.condition.MemoryPressure.status", "Unknown");
    POD_FACT(&f, "node.pressure", NULL);
    POD_FACT(&f, "node.taints",
             "node.kubernetes.io/unreachable:NoExecute,"
             "node.kubernetes.io/unreachable:NoSchedule");
    POD_FACT(&f, "node.taint.node.kubernetes.io/unreachable",
             "NoExecute,NoSchedule");
    /* taint at 09:51 + 300 s = 09:56, 180 s after as_of */
    POD_FACT(&f, "node.toleration_seconds", "300");
    POD_FACT(&f, "node.eviction_in_seconds", "180");
    /* the kubectl STATUS of a pod on a lost node still reads Running */
    POD_FACT(&f, "pod.status", "Running");

    fx_subject(&f, "default", "short");
    POD_FACT(&f, "node.toleration_seconds", "60");
    POD_FACT(&f, "node.eviction_in_seconds", "-60");

    fx_subject(&f, "default", "forever");
    POD_FACT(&f, "node.toleration_seconds", NULL);
    POD_FACT(&f, "node.eviction_in_seconds", NULL);
    fx_free(&f);

    /* an untolerated NoExecute taint: evicted when it met the pod */
    static const char *const untolerated = HEAD
        "- apiVersion: v1\n"
        "  kind: Node\n"
        "  metadata: {name: lost}\n"
        "  spec:\n"
        "    taints: [{key: dedicated, value: db, effect: NoExecute,\n"
        "              timeAdded: \"2026-01-01T09:52:00Z\"}]\n"
        "  status:\n"
        "    conditions: [{type: Ready, status: \"False\", reason: "
        "KubeletNotReady,\n"
        "      message: \"container runtime network not ready\",\n"
        "      lastHeartbeatTime: \"2026-01-01T09:52:50Z\"},\n"
        "      {type: DiskPressure, status: \"True\"},\n"
        "      {type: MemoryPressure, status: \"True\"}]\n" ON_LOST("p", "[]");
    fx_dump(&f, untolerated, ts("2026-01-01T09:53:00Z"));
    fx_subject(&f, "default", "p");
    POD_FACT(&f, "node.unreachable", "false");
    POD_FACT(&f, "node.not_ready", "true");
    POD_FACT(&f, "node.silent_seconds", NULL);
    POD_FACT(&f, "node.all_unknown", "false");
    POD_FACT(&f, "node.pressure", "memory,disk");
    POD_FACT(&f, "node.taints", "dedicated=db:NoExecute");
    POD_FACT(&f, "node.toleration_seconds", "0");
    POD_FACT(&f, "node.eviction_in_seconds", "-60");
    fx_free(&f);

    /* nodes not in the dump: unknown, with a note */
    fx_dump(&f, HEAD ON_LOST("p", "[]"), ts("2026-01-01T09:53:00Z"));
    fx_subject(&f, "default", "p");
    POD_FACT(&f, "node.name", "lost");
    POD_FACT(&f, "node.state", "unknown");
    POD_FACT(&f, "node.all_unknown", NULL);
    assert_true(has_note(&f, "node lost not supplied"));
    assert_int_equal(f.subject.node_state, DIAG_REF_UNKNOWN);
    assert_null(f.subject.node);
    fx_free(&f);

    /* other nodes supplied but not this one: missing */
    fx_dump(&f, HEAD READY_NODE("n1") ON_LOST("p", "[]"),
            ts("2026-01-01T09:53:00Z"));
    fx_subject(&f, "default", "p");
    POD_FACT(&f, "node.state", "missing");
    assert_false(has_note(&f, "node lost not supplied"));
    fx_free(&f);
}

/* ------------------------------------------------------------------ */
/* A simulation                                                         */
/* ------------------------------------------------------------------ */

#define SIM_NODE(name, cpu)                               \
    "- apiVersion: v1\n"                                  \
    "  kind: Node\n"                                      \
    "  metadata:\n"                                       \
    "    name: " name                                     \
    "\n"                                                  \
    "    creationTimestamp: \"2026-11-28T10:00:00Z\"\n"   \
    "    labels: {kubernetes.io/hostname: " name          \
    "}\n"                                                 \
    "  status:\n"                                         \
    "    allocatable: {cpu: \"" cpu                       \
    "\", memory: 8Gi, pods: \"110\"}\n"                   \
    "    capacity: {cpu: \"" cpu                          \
    "\", memory: 8Gi, pods: \"110\"}\n"                   \
    "    conditions: [{type: Ready, status: \"True\"}]\n" \
    "    addresses: [{type: InternalIP, address: 10.0.1.10}]\n"

#define SIM_POD(name, cpu)                                            \
    "- apiVersion: v1\n"                                              \
    "  kind: Pod\n"                                                   \
    "  metadata: {name: " name                                        \
    ", namespace: default}\n"                                         \
    "  spec:\n"                                                       \
    "    containers:\n"                                               \
    "    - {name: c, image: \"busybox:1.36\", resources: {requests: " \
    "{cpu: \"" cpu "\"}}}\n"

static void test_simulation_source(void **state) {
    (void)state;
    static const char *const yaml = HEAD SIM_NODE("node-a", "2")
        SIM_POD("web", "500m") SIM_POD("huge", "8");
    fixture f;
    memset(&f, 0, sizeof f);
    arena_init(&f.mem, 0);
    assert_int_equal(podsim_cluster_new(NULL, &f.cluster), PODSIM_OK);
    load_text(f.cluster, yaml, "sim.yaml");
    assert_int_equal(podsim_sim_new(f.cluster, NULL, &f.sim), PODSIM_OK);
    assert_int_equal(podsim_sim_run_until(f.sim, 60000), PODSIM_OK);
    assert_int_equal(
        diag_source_from_sim(&f.src, f.sim, PODSIM_NO_TIME, "1.35"), PODSIM_OK);
    f.have_source = true;
    assert_true(f.src.from_sim);
    assert_ptr_equal(f.src.cluster, podsim_sim_cluster(f.sim));
    assert_int_equal(f.src.as_of,
                     podsim_sim_epoch_ms(f.sim) + podsim_sim_now(f.sim));
    assert_int_equal(f.src.kubectl_minor, 35);
    assert_true(f.src.events_supplied);
    assert_true(f.src.event_count > 0);

    fx_subject(&f, "default", "web");
    POD_FACT(&f, "pod.phase", "Running");
    POD_FACT(&f, "pod.status", "Running");
    POD_FACT(&f, "pod.ready", "1/1");
    POD_FACT(&f, "node.name", "node-a");
    POD_FACT(&f, "node.state", "exists");
    POD_FACT(&f, "node.unreachable", "false");
    POD_FACT(&f, "events.supplied", "true");
    POD_FACT(&f, "event.Scheduled.count", "1");
    POD_FACT(&f, "event.Started.type", "Normal");
    C_FACT(&f, "c", "container.event.Started.count", "1");
    C_FACT(&f, "c", "container.state", "running");
    C_FACT(&f, "c", "container.cmd.logs", "kubectl logs web -n default");
    assert_int_equal(diag_facts_find(&f.subject.facts, "pod.phase")->provenance,
                     PODSIM_PROVENANCE_SIMULATED);
    /* describe order: the scheduler's event (events.k8s.io) first */
    assert_true(f.subject.event_count >= 3);
    assert_string_equal(f.subject.events[0]->reason, "Scheduled");
    assert_false(f.subject.events[0]->has_last_timestamp);
    assert_int_equal(f.subject.events[0]->provenance,
                     PODSIM_PROVENANCE_SIMULATED);
    for (size_t i = 0; i < f.subject.event_count; i++) {
        assert_true(f.subject.events[i]->first >= podsim_sim_epoch_ms(f.sim));
    }

    fx_subject(&f, "default", "huge");
    POD_FACT(&f, "pod.ready", "0/1");
    POD_FACT(&f, "scheduling.subcategory", "insufficient-cpu");
    POD_FACT(&f, "scheduling.nodes", "1");
    POD_FACT(&f, "event.FailedScheduling.type", "Warning");
    diag_subject_release(&f.subject);
    f.have_subject = false;
    diag_source_release(&f.src);
    f.have_source = false;

    /* the node's kubelet goes silent: unreachable at once for the
       simulation, silent_seconds counted from the last heartbeat */
    assert_int_equal(
        podsim_sim_fail_node(f.sim, "node-a", 60000, PODSIM_NODE_UNREACHABLE),
        PODSIM_OK);
    assert_int_equal(podsim_sim_run_until(f.sim, 90000), PODSIM_OK);
    assert_int_equal(diag_source_from_sim(&f.src, f.sim, PODSIM_NO_TIME, NULL),
                     PODSIM_OK);
    f.have_source = true;
    fx_subject(&f, "default", "web");
    POD_FACT(&f, "node.unreachable", "true");
    POD_FACT(&f, "node.silent_seconds", "30");
    POD_FACT(&f, "node.toleration_seconds", NULL);
    fx_free(&f);
}

/* ------------------------------------------------------------------ */
/* The k3s corpus                                                       */
/* ------------------------------------------------------------------ */

static bool corpus_path(char *out, size_t cap, const char *file) {
    const char *shared = getenv("PODSIM_SHARED_DIR");
    if (!shared || !shared[0]) shared = PODSIM_SHARED_DIR;
    snprintf(out, cap, "%s/data/corpus/k3s-bundle/%s", shared, file);
    FILE *fp = fopen(out, "rb");
    if (!fp) return false;
    fclose(fp);
    return true;
}

/* ------------------------------------------------------------------ */
/* Workload subjects (troubleshooting.md A1)                            */
/* ------------------------------------------------------------------ */

static void fx_workload(fixture *f, podsim_kind kind, const char *ns,
                        const char *name) {
    podsim_id id = PODSIM_NO_ID;
    assert_int_equal(podsim_cluster_find(f->cluster, kind, ns, name, &id),
                     PODSIM_OK);
    if (f->have_subject) diag_subject_release(&f->subject);
    assert_int_equal(
        diag_subject_build_workload(&f->subject, &f->src, kind, id, &f->mem),
        PODSIM_OK);
    f->have_subject = true;
    assert_null(f->subject.pod);
    assert_non_null(f->subject.workload);
    assert_null(f->subject.node);
    assert_int_equal(f->subject.container_count, 0);
    diag_facts_sort(&f->subject.facts);
}

#define W_FACT(f, path, want) \
    check_fact(&(f)->subject.facts, path, want, __FILE__, __LINE__)

#define FAILED_CREATE_EVENT(obj_kind, obj_name, obj_uid, msg, count, last) \
    "- apiVersion: v1\n"                                                   \
    "  kind: Event\n"                                                      \
    "  metadata: {name: " obj_name ".fc" count                             \
    ", namespace: shop}\n"                                                 \
    "  involvedObject: {apiVersion: apps/v1, kind: " obj_kind              \
    ", namespace: shop, name: " obj_name ", uid: " obj_uid                 \
    "}\n"                                                                  \
    "  reason: FailedCreate\n"                                             \
    "  type: Warning\n"                                                    \
    "  message: '" msg                                                     \
    "'\n"                                                                  \
    "  source: {component: replicaset-controller}\n"                       \
    "  count: " count                                                      \
    "\n"                                                                   \
    "  firstTimestamp: \"2026-01-01T09:50:00Z\"\n"                         \
    "  lastTimestamp: \"" last "\"\n"

#define QUOTA_MSG                                                     \
    "Error creating: pods \"web-5d9c-abcde\" is forbidden: exceeded " \
    "quota: compute, requested: requests.cpu=500m, used: "            \
    "requests.cpu=1800m, limited: requests.cpu=2"

/* A Deployment, its ReplicaSet (3 wanted, 1 exists), that pod, another
   pod of a same-named ReplicaSet of another uid, and events: the RS's
   FailedCreate series, one of a predecessor RS (another uid), one of a
   Pod that shares the RS's name. */
/* clang-format off */
static const char *const rs_dump = HEAD
    "- apiVersion: apps/v1\n"
    "  kind: Deployment\n"
    "  metadata: {name: web, namespace: shop, uid: d1,\n"
    "             creationTimestamp: \"2026-01-01T09:00:00Z\"}\n"
    "  spec:\n"
    "    replicas: 3\n"
    "    selector: {matchLabels: {app: web, tier: front}}\n"
    "    template:\n"
    "      metadata: {labels: {app: web, tier: front}}\n"
    "      spec: {containers: [{name: web, image: web:1}]}\n"
    "  status:\n"
    "    replicas: 1\n"
    "    readyReplicas: 1\n"
    "    conditions:\n"
    "    - {type: Progressing, status: \"True\", reason: ReplicaSetUpdated,\n"
    "       message: 'ReplicaSet \"web-5d9c\" is progressing.',\n"
    "       lastTransitionTime: \"2026-01-01T09:00:00Z\"}\n"
    "- apiVersion: apps/v1\n"
    "  kind: ReplicaSet\n"
    "  metadata:\n"
    "    name: web-5d9c\n"
    "    namespace: shop\n"
    "    uid: rs1\n"
    "    creationTimestamp: \"2026-01-01T09:00:00Z\"\n"
    "    ownerReferences:\n"
    "    - {apiVersion: apps/v1, kind: Deployment, name: web, uid: d1,\n"
    "       controller: true}\n"
    "  spec:\n"
    "    replicas: 3\n"
    "    selector: {matchLabels: {app: web, tier: front}}\n"
    "    template:\n"
    "      metadata: {labels: {app: web, tier: front}}\n"
    "      spec:\n"
    "        serviceAccountName: web-sa\n"
    "        containers: [{name: web, image: web:1}]\n"
    "  status:\n"
    "    replicas: 1\n"
    "    readyReplicas: 1\n"
    "    conditions:\n"
    "    - {type: ReplicaFailure, status: \"True\", reason: FailedCreate,\n"
    "       message: 'pods \"web-5d9c-abcde\" is forbidden: exceeded quota: "
    "compute, requested: requests.cpu=500m, used: requests.cpu=1800m, "
    "limited: requests.cpu=2',\n"
    "       lastTransitionTime: \"2026-01-01T09:50:00Z\"}\n"
    "- apiVersion: v1\n"
    "  kind: Pod\n"
    "  metadata:\n"
    "    name: web-5d9c-x1\n"
    "    namespace: shop\n"
    "    uid: p1\n"
    "    ownerReferences:\n"
    "    - {apiVersion: apps/v1, kind: ReplicaSet, name: web-5d9c, uid: rs1,\n"
    "       controller: true}\n"
    "  spec: {containers: [{name: web, image: web:1}]}\n"
    "  status: {phase: Running}\n"
    "- apiVersion: v1\n"
    "  kind: Pod\n"
    "  metadata:\n"
    "    name: web-5d9c-old\n"
    "    namespace: shop\n"
    "    uid: p2\n"
    "    ownerReferences:\n"
    "    - {apiVersion: apps/v1, kind: ReplicaSet, name: web-5d9c, uid: rs0,\n"
    "       controller: true}\n"
    "  spec: {containers: [{name: web, image: web:1}]}\n"
    "  status: {phase: Running}\n"
    FAILED_CREATE_EVENT("ReplicaSet", "web-5d9c", "rs1", QUOTA_MSG, "4",
                        "2026-01-01T09:58:00Z")
    FAILED_CREATE_EVENT("ReplicaSet", "web-5d9c", "rs1",
                        "(combined from similar events): " QUOTA_MSG, "6",
                        "2026-01-01T09:59:30Z")
    FAILED_CREATE_EVENT("ReplicaSet", "web-5d9c", "rs0", "from the predecessor",
                        "9", "2026-01-01T09:59:50Z")
    FAILED_CREATE_EVENT("Pod", "web-5d9c", "rs1", "a pod of the same name", "2",
                        "2026-01-01T09:59:55Z");
/* clang-format on */

static void test_workload_facts(void **state) {
    (void)state;
    fixture f;
    fx_dump(&f, rs_dump, ts("2026-01-01T10:00:00Z"));
    fx_workload(&f, PODSIM_KIND_REPLICASET, "shop", "web-5d9c");
    W_FACT(&f, "workload.kind", "ReplicaSet");
    W_FACT(&f, "workload.namespace", "shop");
    W_FACT(&f, "workload.name", "web-5d9c");
    W_FACT(&f, "workload.uid", "rs1");
    W_FACT(&f, "workload.desired", "3");
    W_FACT(&f, "workload.current", "1");
    W_FACT(&f, "workload.ready", "1");
    W_FACT(&f, "workload.missing_pods", "2");
    /* p2 names a ReplicaSet of the same name but another uid */
    W_FACT(&f, "workload.pods", "1");
    W_FACT(&f, "workload.owner.kind", "Deployment");
    W_FACT(&f, "workload.owner.name", "web");
    W_FACT(&f, "workload.service_account", "web-sa");
    W_FACT(&f, "workload.condition.ReplicaFailure.status", "True");
    W_FACT(&f, "workload.condition.ReplicaFailure.reason", "FailedCreate");
    W_FACT(&f, "workload.condition.ReplicaFailure.age_seconds", "600");
    /* the RS's own events: kind and uid match */
    assert_int_equal(f.subject.event_count, 2);
    W_FACT(&f, "events.supplied", "true");
    W_FACT(&f, "events.count", "2");
    W_FACT(&f, "event.FailedCreate.count", "10");
    W_FACT(&f, "event.FailedCreate.type", "Warning");
    W_FACT(&f, "event.FailedCreate.last_seconds", "30");
    W_FACT(&f, "event.FailedCreate.first_seconds", "600");
    /* the latest message, without the correlator's prefix */
    W_FACT(&f, "workload.create_message", QUOTA_MSG);
    W_FACT(&f, "workload.create_subcause", "quota");
    W_FACT(&f, "workload.quota", "compute");
    W_FACT(&f, "workload.selector", "app=web,tier=front");
    W_FACT(&f, "cmd.describe", "kubectl describe replicaset web-5d9c -n shop");
    W_FACT(&f, "cmd.events",
           "kubectl get events -n shop --field-selector "
           "involvedObject.kind=ReplicaSet,involvedObject.name=web-5d9c");
    W_FACT(&f, "cmd.quota", "kubectl describe quota -n shop");
    W_FACT(&f, "cmd.ns_labels", "kubectl get ns shop --show-labels");
    W_FACT(&f, "cmd.webhooks",
           "kubectl get "
           "validatingwebhookconfigurations,mutatingwebhookconfigurations");
    W_FACT(&f, "cmd.get_sa", "kubectl get serviceaccount web-sa -n shop");
    W_FACT(&f, "cmd.get_pods",
           "kubectl get pods -n shop -l app=web,tier=front");
    W_FACT(&f, "cmd.rollout_status", NULL);
    /* nothing of a pod */
    W_FACT(&f, "pod.name", NULL);
    W_FACT(&f, "owner.kind", NULL);
    assert_int_equal(f.subject.missing.len, 0);

    /* the Deployment: no FailedCreate of its own */
    fx_workload(&f, PODSIM_KIND_DEPLOYMENT, "shop", "web");
    W_FACT(&f, "workload.kind", "Deployment");
    W_FACT(&f, "workload.desired", "3");
    W_FACT(&f, "workload.missing_pods", "2");
    W_FACT(&f, "workload.pods", "0"); /* its pods are the RS's */
    W_FACT(&f, "workload.owner.kind", NULL);
    W_FACT(&f, "workload.create_subcause", NULL);
    W_FACT(&f, "workload.new_replicaset", "web-5d9c");
    W_FACT(&f, "events.count", "0");
    W_FACT(&f, "cmd.describe", "kubectl describe deployment web -n shop");
    W_FACT(&f, "cmd.rollout_status",
           "kubectl rollout status deployment/web -n shop");
    W_FACT(&f, "cmd.describe_rs",
           "kubectl describe replicaset web-5d9c -n shop");
    W_FACT(&f, "cmd.get_sa", "kubectl get serviceaccount default -n shop");

    /* not a workload kind */
    diag_subject s;
    assert_int_equal(
        diag_subject_build_workload(&s, &f.src, PODSIM_KIND_POD, 0, &f.mem),
        PODSIM_EINVAL);
    diag_subject_release(&s);
    fx_free(&f);
}

/* One ReplicaSet with a FailedCreate of the given message. */
static void subcause_case(const char *message, const char *sub,
                          const char *path, const char *value) {
    char yaml[4096];
    snprintf(yaml, sizeof yaml,
             HEAD
             "- apiVersion: apps/v1\n"
             "  kind: ReplicaSet\n"
             "  metadata: {name: api, namespace: shop, uid: r1}\n"
             "  spec: {replicas: 1, template: {spec: {containers: "
             "[{name: a, image: a}]}}}\n"
             "- apiVersion: v1\n"
             "  kind: Event\n"
             "  metadata: {name: api.1, namespace: shop}\n"
             "  involvedObject: {kind: ReplicaSet, namespace: shop, "
             "name: api, uid: r1}\n"
             "  reason: FailedCreate\n"
             "  type: Warning\n"
             "  message: '%s'\n"
             "  count: 1\n"
             "  firstTimestamp: \"2026-01-01T09:59:00Z\"\n"
             "  lastTimestamp: \"2026-01-01T09:59:00Z\"\n",
             message);
    fixture f;
    fx_dump(&f, yaml, ts("2026-01-01T10:00:00Z"));
    fx_workload(&f, PODSIM_KIND_REPLICASET, "shop", "api");
    W_FACT(&f, "workload.create_subcause", sub);
    if (path) W_FACT(&f, path, value);
    W_FACT(&f, "workload.missing_pods", "1");
    W_FACT(&f, "workload.pods", NULL); /* no Pod object in the input */
    fx_free(&f);
}

static void test_workload_create_subcauses(void **state) {
    (void)state;
    subcause_case(QUOTA_MSG, "quota", "workload.quota", "compute");
    subcause_case(
        "Error creating: pods \"api-x\" is forbidden: failed "
        "quota: mem-quota: must specify limits.memory for: a",
        "quota", "workload.quota", "mem-quota");
    subcause_case(
        "Error creating: pods \"api-x\" is forbidden: violates PodSecurity "
        "\"restricted:v1.34\": runAsNonRoot != true (pod or container \"a\" "
        "must set securityContext.runAsNonRoot=true)",
        "pod-security", "workload.psa_level", "restricted");
    subcause_case(
        "Error creating: pods \"api-x\" is forbidden: violates "
        "PodSecurity \"baseline:latest\": privileged",
        "pod-security", "workload.psa_version", "latest");
    subcause_case(
        "Error creating: admission webhook \"validate.kyverno.svc-fail\" "
        "denied the request: resource Pod/shop/api-x was blocked: the "
        "exceeded quota: text of a policy",
        "webhook", "workload.webhook", "validate.kyverno.svc-fail");
    subcause_case(
        "Error creating: Internal error occurred: failed calling webhook "
        "\"mpod.example.com\": failed to call webhook: Post "
        "\"https://hook.example.svc:443/mutate\": dial tcp: connection refused",
        "webhook", "workload.webhook", "mpod.example.com");
    subcause_case(
        "Error creating: pods \"api-\" is forbidden: error looking up service "
        "account shop/builder: serviceaccount \"builder\" not found",
        "service-account", "workload.missing_service_account", "builder");
    subcause_case(
        "Error creating: pods \"api-x\" is forbidden: pod rejected: "
        "RuntimeClass \"gvisor\" not found",
        "other", NULL, NULL);

    /* no events at all: the ReplicaFailure condition's message */
    fixture f;
    fx_dump(&f,
            HEAD
            "- apiVersion: apps/v1\n"
            "  kind: ReplicaSet\n"
            "  metadata: {name: api, namespace: shop, uid: r1}\n"
            "  spec: {replicas: 2}\n"
            "  status:\n"
            "    conditions:\n"
            "    - {type: ReplicaFailure, status: \"True\", reason: "
            "FailedCreate, message: 'pods \"api-q\" is forbidden: "
            "violates PodSecurity \"restricted:latest\": privileged'}\n",
            ts("2026-01-01T10:00:00Z"));
    fx_workload(&f, PODSIM_KIND_REPLICASET, "shop", "api");
    W_FACT(&f, "events.supplied", "false");
    W_FACT(&f, "workload.create_subcause", "pod-security");
    W_FACT(&f, "workload.psa_level", "restricted");
    W_FACT(&f, "workload.create_message",
           "pods \"api-q\" is forbidden: violates PodSecurity "
           "\"restricted:latest\": privileged");
    assert_true(has_note(&f, "events not supplied"));
    fx_free(&f);
}

static void test_workload_kinds(void **state) {
    (void)state;
    fixture f;
    fx_dump(&f,
            HEAD
            /* a finished Job: parallelism 1, no active pod, nothing missing */
            "- apiVersion: batch/v1\n"
            "  kind: Job\n"
            "  metadata: {name: done, namespace: shop, uid: j1}\n"
            "  spec: {parallelism: 1, completions: 1, template: {spec: "
            "{restartPolicy: Never, containers: [{name: a, image: a}]}}}\n"
            "  status:\n"
            "    succeeded: 1\n"
            "    conditions:\n"
            "    - {type: Complete, status: \"True\"}\n"
            /* a Job that cannot start its pod */
            "- apiVersion: batch/v1\n"
            "  kind: Job\n"
            "  metadata: {name: stuck, namespace: shop, uid: j2}\n"
            "  spec: {parallelism: 2, template: {spec: {restartPolicy: "
            "Never, containers: [{name: a, image: a}]}}}\n"
            "  status: {active: 1, ready: 0}\n"
            /* a DaemonSet: no desired count in the facts */
            "- apiVersion: apps/v1\n"
            "  kind: DaemonSet\n"
            "  metadata: {name: agent, namespace: shop, uid: ds1}\n"
            "  spec:\n"
            "    selector: {matchExpressions: [{key: app, operator: In, "
            "values: [agent]}]}\n"
            "    template: {spec: {containers: [{name: a, image: a}]}}\n"
            "  status: {currentNumberScheduled: 2, numberReady: 1}\n"
            /* a StatefulSet */
            "- apiVersion: apps/v1\n"
            "  kind: StatefulSet\n"
            "  metadata: {name: db, namespace: shop, uid: s1}\n"
            "  spec: {replicas: 3, serviceName: db, selector: {matchLabels: "
            "{app: db}}, template: {metadata: {labels: {app: db}}, spec: "
            "{containers: [{name: a, image: a}]}}}\n"
            "  status: {replicas: 3, readyReplicas: 3}\n",
            ts("2026-01-01T10:00:00Z"));
    fx_workload(&f, PODSIM_KIND_JOB, "shop", "done");
    W_FACT(&f, "workload.desired", "1");
    W_FACT(&f, "workload.current", "0");
    W_FACT(&f, "workload.missing_pods", NULL);
    W_FACT(&f, "workload.condition.Complete.status", "True");
    W_FACT(&f, "cmd.describe", "kubectl describe job done -n shop");
    W_FACT(&f, "cmd.get_pods",
           "kubectl get pods -n shop -l batch.kubernetes.io/job-name=done");
    fx_workload(&f, PODSIM_KIND_JOB, "shop", "stuck");
    W_FACT(&f, "workload.desired", "2");
    W_FACT(&f, "workload.current", "1");
    W_FACT(&f, "workload.missing_pods", "1");
    W_FACT(&f, "workload.create_subcause", NULL);
    fx_workload(&f, PODSIM_KIND_DAEMONSET, "shop", "agent");
    W_FACT(&f, "workload.desired", NULL);
    W_FACT(&f, "workload.current", "2");
    W_FACT(&f, "workload.ready", "1");
    W_FACT(&f, "workload.missing_pods", NULL);
    W_FACT(&f, "workload.selector", NULL); /* expressions: not derivable */
    W_FACT(&f, "cmd.get_pods", NULL);
    W_FACT(&f, "cmd.describe", "kubectl describe daemonset agent -n shop");
    fx_workload(&f, PODSIM_KIND_STATEFULSET, "shop", "db");
    W_FACT(&f, "workload.missing_pods", NULL);
    W_FACT(&f, "cmd.describe", "kubectl describe statefulset db -n shop");
    W_FACT(&f, "cmd.events",
           "kubectl get events -n shop --field-selector "
           "involvedObject.kind=StatefulSet,involvedObject.name=db");
    fx_free(&f);
}

static void test_k3s_corpus(void **state) {
    (void)state;
    char pods[1024], events[1024];
    if (!corpus_path(pods, sizeof pods, "nodes-and-pods.list.yaml") ||
        !corpus_path(events, sizeof events, "events-default.json")) {
        skip();
    }
    fixture f;
    memset(&f, 0, sizeof f);
    arena_init(&f.mem, 0);
    assert_int_equal(podsim_cluster_new(NULL, &f.cluster), PODSIM_OK);
    const char *files[2] = {pods, events};
    assert_int_equal(podsim_cluster_load_files(f.cluster, files, 2, NULL),
                     PODSIM_OK);
    assert_int_equal(
        diag_source_from_cluster(&f.src, f.cluster, PODSIM_NO_TIME, NULL),
        PODSIM_OK);
    f.have_source = true;

    fx_subject(&f, "default", "backend-api-75fb46b7bd-xtkrh");
    POD_FACT(&f, "pod.restarts", "5");
    POD_FACT(&f, "pod.status", "CrashLoopBackOff");
    POD_FACT(&f, "owner.kind", "ReplicaSet");
    POD_FACT(&f, "event.BackOff.count", "25");
    POD_FACT(&f, "events.supplied", "true");
    C_FACT(&f, "api-server", "container.exit_class", "exit-1");
    C_FACT(&f, "api-server", "container.restarts", "5");
    C_FACT(&f, "api-server", "container.last.exit_code", "1");
    C_FACT(&f, "api-server", "container.cmd.logs",
           "kubectl logs backend-api-75fb46b7bd-xtkrh -n default -p");
    /* the scheduler's event first (no lastTimestamp) */
    assert_string_equal(f.subject.events[0]->reason, "Scheduled");

    fx_subject(&f, "default", "cpu-intensive-app-7bcfc5d944-hw2vc");
    POD_FACT(&f, "pod.status", "Pending");
    POD_FACT(&f, "scheduling.subcategory", "insufficient-cpu");
    POD_FACT(&f, "scheduling.dominant", "Insufficient cpu");
    POD_FACT(&f, "scheduling.preemption", "no-victims");
    POD_FACT(&f, "scheduling.nodes", "1");
    POD_FACT(&f, "event.FailedScheduling.count", "1");
    fx_free(&f);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fact_map),
        cmocka_unit_test(test_event_shapes),
        cmocka_unit_test(test_event_selection_and_order),
        cmocka_unit_test(test_events_missing_and_stale),
        cmocka_unit_test(test_pod_and_container_facts),
        cmocka_unit_test(test_refs_owner_sidecar_commands),
        cmocka_unit_test(test_configmap_three_values),
        cmocka_unit_test(test_sched_parser),
        cmocka_unit_test(test_scheduling_facts),
        cmocka_unit_test(test_exit_classes),
        cmocka_unit_test(test_pull_subcauses),
        cmocka_unit_test(test_start_and_config_subcauses),
        cmocka_unit_test(test_node_unreachable),
        cmocka_unit_test(test_simulation_source),
        cmocka_unit_test(test_workload_facts),
        cmocka_unit_test(test_workload_create_subcauses),
        cmocka_unit_test(test_workload_kinds),
        cmocka_unit_test(test_k3s_corpus),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
