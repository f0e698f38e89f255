/*
 * test_node_lifecycle.c - the kubelet's node status and the node lifecycle
 * controller (core/src/node_lifecycle.c) on exact timing.
 *
 * Clusters are YAML strings: nodes labelled with a zone, bare pods bound
 * to them (Running, Ready). Failures are posted with podsim_sim_fail_node /
 * _fail_zone / _recover_node; the assertions read the change log (node
 * conditions and taints, pod conditions), the event log and the nodes'
 * taints. Taint eviction is switched off (PODSIM_NL_NO_TAINT_EVICTION) so
 * that only the controller's own work is measured. Expected instants come
 * from ../shared/reference/lifecycle.md sections C and F and from upstream:
 * pkg/controller/nodelifecycle/node_lifecycle_controller.go
 * (monitorNodeHealth, tryUpdateNodeHealth, processTaintBaseEviction,
 * handleDisruption, ComputeZoneState), scheduler/rate_limited_queue.go
 * (Try, SwapLimiter) and pkg/kubelet/nodestatus/setters.go.
 *
 * Arithmetic used throughout: passes at offset + k x 5 s (offset 0), a
 * failure right after a Lease renewal at t, so probeTimestamp = the first
 * pass >= t; Unknown at the first pass T with T - probe > grace (50 s from
 * v1.32, 40 s before); queued one pass later (the taint decision uses the
 * Ready seen when the pass started); tainted at the next 100 ms tick of
 * the tainting loop when the zone's bucket has a token.
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

/* ------------------------------------------------------------------ */
/* Cluster text                                                         */
/* ------------------------------------------------------------------ */

typedef struct text {
    char *data;
    size_t len, cap;
} text;

static void put(text *t, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void put(text *t, const char *fmt, ...) {
    for (;;) {
        va_list ap;
        va_start(ap, fmt);
        int n = t->data ? vsnprintf(t->data + t->len, t->cap - t->len, fmt, ap)
                        : -1;
        va_end(ap);
        if (t->data && n >= 0 && (size_t)n < t->cap - t->len) {
            t->len += (size_t)n;
            return;
        }
        t->cap = t->cap ? t->cap * 2 : 1 << 16;
        t->data = realloc(t->data, t->cap);
        assert_non_null(t->data);
    }
}

/* A Node with the conditions a kubelet posts (NetworkUnavailable as a
   cloud route controller sets it) and a zone label. */
static void node(text *t, const char *name, const char *zone,
                 const char *extra_label) {
    put(t,
        "apiVersion: v1\nkind: Node\nmetadata:\n  name: %s\n"
        "  labels: {topology.kubernetes.io/zone: %s, "
        "kubernetes.io/hostname: %s%s}\n"
        "status:\n"
        "  capacity: {cpu: '8', memory: 16Gi, pods: '110'}\n"
        "  allocatable: {cpu: '8', memory: 16Gi, pods: '110'}\n"
        "  conditions:\n"
        "  - {type: NetworkUnavailable, status: 'False', reason: "
        "RouteCreated}\n"
        "  - {type: MemoryPressure, status: 'False', reason: "
        "KubeletHasSufficientMemory}\n"
        "  - {type: DiskPressure, status: 'False', reason: "
        "KubeletHasNoDiskPressure}\n"
        "  - {type: PIDPressure, status: 'False', reason: "
        "KubeletHasSufficientPID}\n"
        "  - {type: Ready, status: 'True', reason: KubeletReady}\n---\n",
        name, zone, name, extra_label ? extra_label : "");
}

/* A bare pod bound to `node_name`, Running and Ready. */
static void pod(text *t, const char *name, const char *node_name) {
    put(t,
        "apiVersion: v1\nkind: Pod\n"
        "metadata: {name: %s, namespace: default, "
        "creationTimestamp: '2026-01-01T00:00:00Z'}\n"
        "spec:\n  nodeName: %s\n"
        "  containers: [{name: app, image: busybox:1.36}]\n"
        "status:\n  phase: Running\n"
        "  startTime: '2026-01-01T00:00:00Z'\n"
        "  conditions:\n"
        "  - {type: ContainersReady, status: 'True'}\n"
        "  - {type: Ready, status: 'True'}\n"
        "  containerStatuses:\n"
        "  - name: app\n    image: busybox:1.36\n    ready: true\n"
        "    started: true\n"
        "    state: {running: {startedAt: '2026-01-01T00:00:00Z'}}\n---\n",
        name, node_name);
}

/* `count` nodes "<prefix>-NN" in `zone`. */
static void nodes(text *t, const char *prefix, const char *zone, int count) {
    for (int i = 0; i < count; i++) {
        char name[64];
        snprintf(name, sizeof name, "%s-%02d", prefix, i);
        node(t, name, zone, NULL);
    }
}

/* The reference timeline's cluster (lifecycle.md F): node-1..3 in one
   zone, web-a and db-0 on node-2, one more pod on node-1. */
static void reference_cluster(text *t) {
    node(t, "node-1", "zone-a", NULL);
    node(t, "node-2", "zone-a", NULL);
    node(t, "node-3", "zone-a", NULL);
    pod(t, "web-a", "node-2");
    pod(t, "db-0", "node-2");
    pod(t, "web-b", "node-1");
}

/* ------------------------------------------------------------------ */
/* Fixture                                                              */
/* ------------------------------------------------------------------ */

typedef struct fixture {
    podsim_cluster *cluster;
    podsim_sim *sim;
    int64_t epoch;
} fixture;

static podsim_timing exact_timing(void) {
    podsim_timing t = PODSIM_TIMING_INIT;
    t.flags = PODSIM_TIMING_EXACT;
    return t;
}

/* Node lifecycle settings for a test: defaults but no taint eviction. */
static podsim_node_lifecycle settings(void) {
    podsim_node_lifecycle nl = PODSIM_NODE_LIFECYCLE_INIT;
    nl.flags = PODSIM_NL_NO_TAINT_EVICTION;
    return nl;
}

static void open_with(fixture *f, text *t, const char *version,
                      const podsim_node_lifecycle *nl) {
    memset(f, 0, sizeof *f);
    assert_int_equal(podsim_cluster_new(NULL, &f->cluster), PODSIM_OK);
    podsim_status s =
        podsim_cluster_load_string(f->cluster, t->data, t->len, "test", NULL);
    if (s != PODSIM_OK) {
        fail_msg("load: %s", podsim_cluster_error(f->cluster)->message);
    }
    free(t->data);
    memset(t, 0, sizeof *t);
    podsim_timing timing = exact_timing();
    podsim_sim_options opt = PODSIM_SIM_OPTIONS_INIT;
    opt.timing = &timing;
    opt.kubernetes_version = version;
    opt.node_lifecycle = nl;
    assert_int_equal(podsim_sim_new(f->cluster, &opt, &f->sim), PODSIM_OK);
    f->epoch = podsim_sim_epoch_ms(f->sim);
}

static void open_default(fixture *f, text *t, const char *version) {
    podsim_node_lifecycle nl = settings();
    open_with(f, t, version, &nl);
}

static void fixture_close(fixture *f) {
    podsim_sim_free(f->sim);
    podsim_cluster_free(f->cluster);
}

static void run_until(podsim_sim *sim, int64_t ms) {
    podsim_status s = podsim_sim_run_until(sim, ms);
    if (s != PODSIM_OK) fail_msg("run: %s", podsim_sim_error(sim)->message);
}

static void fail_node(podsim_sim *sim, const char *name, int64_t at,
                      podsim_node_failure mode) {
    podsim_status s = podsim_sim_fail_node(sim, name, at, mode);
    if (s != PODSIM_OK) fail_msg("fail: %s", podsim_sim_error(sim)->message);
}

static const podsim_node *node_named(fixture *f, const char *name) {
    podsim_cluster *c = podsim_sim_cluster(f->sim);
    size_t n = podsim_cluster_count(c, PODSIM_KIND_NODE);
    for (size_t i = n; i-- > 0;) {
        const podsim_node *node = podsim_cluster_node(c, (podsim_id)i);
        if (strcmp(node->meta.name, name) == 0) return node;
    }
    fail_msg("no node %s", name);
    return NULL;
}

static const podsim_condition *condition(const podsim_node *n,
                                         const char *type) {
    for (size_t i = 0; i < n->condition_count; i++) {
        if (strcmp(n->conditions[i].type, type) == 0) {
            return &n->conditions[i];
        }
    }
    return NULL;
}

static const podsim_taint *taint(const podsim_node *n, const char *key,
                                 podsim_taint_effect effect) {
    for (size_t i = 0; i < n->taint_count; i++) {
        if (strcmp(n->taints[i].key, key) == 0 &&
            n->taints[i].effect == effect) {
            return &n->taints[i];
        }
    }
    return NULL;
}

/* Time of the nth change of (kind, name, field) to a value containing
   `value` (substring: a node's taints are one comma-separated text), or
   -1. */
static int64_t change_at(const podsim_sim *sim, const char *kind,
                         const char *name, const char *field, const char *value,
                         int nth) {
    size_t n = podsim_sim_change_count(sim);
    for (size_t i = 0; i < n; i++) {
        const podsim_sim_change *c = podsim_sim_change_get(sim, i);
        if (strcmp(c->kind, kind) || strcmp(c->name, name) ||
            strcmp(c->field, field) || !strstr(c->value, value)) {
            continue;
        }
        if (nth-- == 0) return c->time;
    }
    return -1;
}

/* The first time a node's taints came to include `taint`, after a time at
   which they did not (the change log holds the whole list each time). */
static int64_t taint_added_at(const podsim_sim *sim, const char *name,
                              const char *taint_text) {
    size_t n = podsim_sim_change_count(sim);
    for (size_t i = 0; i < n; i++) {
        const podsim_sim_change *c = podsim_sim_change_get(sim, i);
        if (strcmp(c->kind, "Node") == 0 && strcmp(c->name, name) == 0 &&
            strcmp(c->field, "taints") == 0 && strstr(c->value, taint_text)) {
            return c->time;
        }
    }
    return -1;
}

/* The first time after `after` a node's taints stopped including it. */
static int64_t taint_removed_at(const podsim_sim *sim, const char *name,
                                const char *taint_text, int64_t after) {
    size_t n = podsim_sim_change_count(sim);
    for (size_t i = 0; i < n; i++) {
        const podsim_sim_change *c = podsim_sim_change_get(sim, i);
        if (c->time > after && strcmp(c->kind, "Node") == 0 &&
            strcmp(c->name, name) == 0 && strcmp(c->field, "taints") == 0 &&
            !strstr(c->value, taint_text)) {
            return c->time;
        }
    }
    return -1;
}

/* Time of the nth event (kind, name, reason, source), or -1. */
static int64_t event_at(const podsim_sim *sim, const char *kind,
                        const char *name, const char *reason,
                        const char *source, int nth) {
    size_t n = podsim_sim_event_count(sim);
    for (size_t i = 0; i < n; i++) {
        const podsim_sim_event *e = podsim_sim_event_get(sim, i);
        if (strcmp(e->kind, kind) || strcmp(e->name, name) ||
            strcmp(e->reason, reason) || strcmp(e->source, source)) {
            continue;
        }
        if (nth-- == 0) return e->time;
    }
    return -1;
}

static const podsim_sim_event *event_get(const podsim_sim *sim,
                                         const char *kind, const char *name,
                                         const char *reason,
                                         const char *source) {
    size_t n = podsim_sim_event_count(sim);
    for (size_t i = 0; i < n; i++) {
        const podsim_sim_event *e = podsim_sim_event_get(sim, i);
        if (!strcmp(e->kind, kind) && !strcmp(e->name, name) &&
            !strcmp(e->reason, reason) && !strcmp(e->source, source)) {
            return e;
        }
    }
    return NULL;
}

static int count_taints(fixture *f, const char *key,
                        podsim_taint_effect effect) {
    podsim_cluster *c = podsim_sim_cluster(f->sim);
    size_t n = podsim_cluster_count(c, PODSIM_KIND_NODE);
    int count = 0;
    for (size_t i = 0; i < n; i++) {
        const podsim_node *node = podsim_cluster_node(c, (podsim_id)i);
        if (!node->removed && taint(node, key, effect)) count++;
    }
    return count;
}

#define UNREACHABLE "node.kubernetes.io/unreachable"
#define NOT_READY "node.kubernetes.io/not-ready"
#define NOEXEC PODSIM_EFFECT_NO_EXECUTE
#define NOSCHED PODSIM_EFFECT_NO_SCHEDULE

/* ------------------------------------------------------------------ */
/* The reference timeline (lifecycle.md F, controller part)             */
/* ------------------------------------------------------------------ */

/* node-2 stops heartbeating right after its renewal at 0; the t=0 pass
   saw it (probe 0). Unknown at the first pass T with T - 0 > grace: 55 s
   for v1.34 (grace 50 s; 50 > 50 is false), 45 s for v1.31 (grace 40 s).
   The same pass marks the pods NotReady; the NoSchedule taint follows
   the status write at once; the next pass (observed Unknown) queues the
   node, tainted at the next 100 ms tick with the zone's full bucket. */
static void check_reference(const char *version, int64_t unknown_at) {
    text t = {0};
    reference_cluster(&t);
    fixture f;
    open_default(&f, &t, version);
    fail_node(f.sim, "node-2", 0, PODSIM_NODE_UNREACHABLE);
    run_until(f.sim, unknown_at - 1);
    const podsim_node *n2 = node_named(&f, "node-2");
    assert_string_equal(condition(n2, "Ready")->status, "True");
    assert_null(taint(n2, UNREACHABLE, NOSCHED));
    run_until(f.sim, unknown_at + 30000);
    podsim_sim *sim = f.sim;

    /* conditions */
    assert_int_equal(
        change_at(sim, "Node", "node-2", "condition/Ready", "Unknown", 0),
        unknown_at);
    n2 = node_named(&f, "node-2");
    const char *types[] = {"Ready", "MemoryPressure", "DiskPressure",
                           "PIDPressure"};
    for (size_t i = 0; i < 4; i++) {
        const podsim_condition *c = condition(n2, types[i]);
        assert_string_equal(c->status, "Unknown");
        assert_string_equal(c->reason, "NodeStatusUnknown");
        assert_string_equal(c->message, "Kubelet stopped posting node status.");
        assert_int_equal(c->last_transition_time, f.epoch + unknown_at);
    }
    assert_string_equal(condition(n2, "NetworkUnavailable")->status, "False");
    assert_string_equal(condition(n2, "NetworkUnavailable")->reason,
                        "RouteCreated");

    /* node event and MarkPodsNotReady in the same pass */
    const podsim_sim_event *e =
        event_get(sim, "Node", "node-2", "NodeNotReady", "node-controller");
    assert_non_null(e);
    assert_int_equal(e->time, unknown_at);
    assert_string_equal(e->type, "Normal");
    assert_string_equal(e->message, "Node node-2 status is now: NodeNotReady");
    const char *pods[] = {"web-a", "db-0"};
    for (size_t i = 0; i < 2; i++) {
        assert_int_equal(
            change_at(sim, "Pod", pods[i], "condition/Ready", "False", 0),
            unknown_at);
        e = event_get(sim, "Pod", pods[i], "NodeNotReady", "node-controller");
        assert_non_null(e);
        assert_int_equal(e->time, unknown_at);
        assert_string_equal(e->type, "Warning");
        assert_string_equal(e->message, "Node is not ready");
    }
    /* a pod on a healthy node is untouched */
    assert_int_equal(change_at(sim, "Pod", "web-b", "condition/Ready", "", 0),
                     -1);

    /* taints: NoSchedule with the status write, NoExecute at the next
       pass + 100 ms (timeAdded then) */
    assert_int_equal(taint_added_at(sim, "node-2", UNREACHABLE ":NoSchedule"),
                     unknown_at);
    assert_int_equal(taint_added_at(sim, "node-2", UNREACHABLE ":NoExecute"),
                     unknown_at + 5100);
    n2 = node_named(&f, "node-2");
    assert_int_equal(taint(n2, UNREACHABLE, NOEXEC)->time_added,
                     f.epoch + unknown_at + 5100);
    assert_null(taint(n2, NOT_READY, NOEXEC));
    /* the healthy nodes carry nothing */
    assert_int_equal(node_named(&f, "node-1")->taint_count, 0);
    assert_int_equal(node_named(&f, "node-3")->taint_count, 0);
    fixture_close(&f);
}

static void test_reference_timeline_v134(void **state) {
    (void)state;
    check_reference("1.34", 55000);
}

static void test_reference_timeline_v131(void **state) {
    (void)state;
    check_reference("1.31", 45000);
}

/* A last renewal 7 s before the failure (heartbeat_age 7 s: renewal at
   -7 s, seen by the pass at -5 s) moves everything 5 s earlier: Unknown
   at 50 s (50 - (-5) > 50), NoExecute at 55.1 s. */
static void test_heartbeat_age(void **state) {
    (void)state;
    text t = {0};
    reference_cluster(&t);
    fixture f;
    podsim_node_lifecycle nl = settings();
    nl.heartbeat_age_ms = 7000;
    open_with(&f, &t, "1.34", &nl);
    fail_node(f.sim, "node-2", 0, PODSIM_NODE_UNREACHABLE);
    run_until(f.sim, 70000);
    assert_int_equal(
        change_at(f.sim, "Node", "node-2", "condition/Ready", "Unknown", 0),
        50000);
    assert_int_equal(taint_added_at(f.sim, "node-2", UNREACHABLE ":NoExecute"),
                     55100);
    fixture_close(&f);
}

/* Passes at 2.5 s + k x 5 s: the renewal at 0 is seen at 2.5 s, Unknown
   at 57.5 s (57.5 - 2.5 > 50), queued at 62.5 s, tainted at 62.6 s. */
static void test_monitor_offset(void **state) {
    (void)state;
    text t = {0};
    reference_cluster(&t);
    fixture f;
    podsim_node_lifecycle nl = settings();
    nl.node_monitor_offset_ms = 2500;
    open_with(&f, &t, "1.34", &nl);
    fail_node(f.sim, "node-2", 0, PODSIM_NODE_UNREACHABLE);
    run_until(f.sim, 80000);
    assert_int_equal(
        change_at(f.sim, "Node", "node-2", "condition/Ready", "Unknown", 0),
        57500);
    assert_int_equal(
        event_at(f.sim, "Pod", "db-0", "NodeNotReady", "node-controller", 0),
        57500);
    assert_int_equal(taint_added_at(f.sim, "node-2", UNREACHABLE ":NoSchedule"),
                     57500);
    assert_int_equal(taint_added_at(f.sim, "node-2", UNREACHABLE ":NoExecute"),
                     62600);
    fixture_close(&f);
}

/* ------------------------------------------------------------------ */
/* The kubelet reports NotReady; recovery                               */
/* ------------------------------------------------------------------ */

/* The kubelet is alive and posts Ready=False at 10 s (runtime down): no
   grace period. The not-ready NoSchedule taint follows the write; the
   pass at 15 s sees False and queues the node; tainted at 15.1 s. The
   controller records no NodeNotReady of its own and does not mark the
   pods (monitorNodeHealth does that only when it turns a Ready node
   Unknown itself); the kubelet records the event. */
static void test_kubelet_not_ready(void **state) {
    (void)state;
    text t = {0};
    reference_cluster(&t);
    fixture f;
    open_default(&f, &t, "1.34");
    fail_node(f.sim, "node-2", 10000, PODSIM_NODE_NOT_READY);
    run_until(f.sim, 120000);
    podsim_sim *sim = f.sim;
    assert_int_equal(
        change_at(sim, "Node", "node-2", "condition/Ready", "False", 0), 10000);
    const podsim_node *n2 = node_named(&f, "node-2");
    const podsim_condition *ready = condition(n2, "Ready");
    assert_string_equal(ready->status, "False");
    assert_string_equal(ready->reason, "KubeletNotReady");
    assert_string_equal(ready->message, "container runtime is down");
    assert_int_equal(ready->last_transition_time, f.epoch + 10000);
    assert_string_equal(condition(n2, "MemoryPressure")->status, "False");
    const podsim_sim_event *e =
        event_get(sim, "Node", "node-2", "NodeNotReady", "kubelet");
    assert_non_null(e);
    assert_int_equal(e->time, 10000);
    assert_string_equal(e->host, "node-2");
    assert_string_equal(e->message, "Node node-2 status is now: NodeNotReady");
    assert_null(
        event_get(sim, "Node", "node-2", "NodeNotReady", "node-controller"));
    assert_null(
        event_get(sim, "Pod", "web-a", "NodeNotReady", "node-controller"));

    assert_int_equal(taint_added_at(sim, "node-2", NOT_READY ":NoSchedule"),
                     10000);
    assert_int_equal(taint_added_at(sim, "node-2", NOT_READY ":NoExecute"),
                     15100);
    assert_int_equal(taint_added_at(sim, "node-2", UNREACHABLE), -1);
    fixture_close(&f);
}

/* Graceful node shutdown: the kubelet posts "node is shutting down". */
static void test_shutdown_message(void **state) {
    (void)state;
    text t = {0};
    reference_cluster(&t);
    fixture f;
    podsim_node_lifecycle nl = settings();
    nl.shutdown_grace_period_ms = 30000;
    open_with(&f, &t, "1.34", &nl);
    fail_node(f.sim, "node-2", 1000, PODSIM_NODE_SHUTDOWN);
    run_until(f.sim, 2000);
    const podsim_condition *ready =
        condition(node_named(&f, "node-2"), "Ready");
    assert_string_equal(ready->status, "False");
    assert_string_equal(ready->reason, "KubeletNotReady");
    assert_string_equal(ready->message, "node is shutting down");
    assert_int_equal(taint_added_at(f.sim, "node-2", NOT_READY ":NoSchedule"),
                     1000);
    fixture_close(&f);
}

/* Back at 30 s, before the grace period ran out: the controller never
   noticed. No condition change, no taint, no event. */
static void test_recovery_before_unknown(void **state) {
    (void)state;
    text t = {0};
    reference_cluster(&t);
    fixture f;
    open_default(&f, &t, "1.34");
    fail_node(f.sim, "node-2", 0, PODSIM_NODE_UNREACHABLE);
    assert_int_equal(podsim_sim_recover_node(f.sim, "node-2", 30000),
                     PODSIM_OK);
    run_until(f.sim, 400000);
    const podsim_node *n2 = node_named(&f, "node-2");
    assert_string_equal(condition(n2, "Ready")->status, "True");
    assert_int_equal(n2->taint_count, 0);
    assert_int_equal(
        change_at(f.sim, "Node", "node-2", "condition/Ready", "", 0), -1);
    assert_null(
        event_get(f.sim, "Node", "node-2", "NodeNotReady", "node-controller"));
    fixture_close(&f);
}

/* Back at 58 s: Unknown since 55 s, not yet tainted NoExecute (that was
   due at 60.1 s). The kubelet posts the pressure conditions False and
   Ready True at 58 s (with its events); the unreachable NoSchedule taint
   goes with that update; the pass at 60 s sees True: no NoExecute taint,
   ever. */
static void test_recovery_before_noexecute(void **state) {
    (void)state;
    text t = {0};
    reference_cluster(&t);
    fixture f;
    open_default(&f, &t, "1.34");
    fail_node(f.sim, "node-2", 0, PODSIM_NODE_UNREACHABLE);
    assert_int_equal(podsim_sim_recover_node(f.sim, "node-2", 58000),
                     PODSIM_OK);
    run_until(f.sim, 400000);
    podsim_sim *sim = f.sim;
    assert_int_equal(
        change_at(sim, "Node", "node-2", "condition/Ready", "Unknown", 0),
        55000);
    assert_int_equal(
        change_at(sim, "Node", "node-2", "condition/Ready", "True", 0), 58000);
    const podsim_node *n2 = node_named(&f, "node-2");
    const podsim_condition *c = condition(n2, "Ready");
    assert_string_equal(c->status, "True");
    assert_string_equal(c->reason, "KubeletReady");
    assert_string_equal(c->message, "kubelet is posting ready status");
    c = condition(n2, "MemoryPressure");
    assert_string_equal(c->status, "False");
    assert_string_equal(c->reason, "KubeletHasSufficientMemory");
    assert_string_equal(condition(n2, "DiskPressure")->reason,
                        "KubeletHasNoDiskPressure");
    assert_string_equal(condition(n2, "PIDPressure")->reason,
                        "KubeletHasSufficientPID");
    const podsim_sim_event *e =
        event_get(sim, "Node", "node-2", "NodeReady", "kubelet");
    assert_non_null(e);
    assert_int_equal(e->time, 58000);
    assert_string_equal(e->message, "Node node-2 status is now: NodeReady");
    assert_int_equal(event_at(sim, "Node", "node-2", "NodeHasSufficientMemory",
                              "kubelet", 0),
                     58000);
    assert_int_equal(taint_added_at(sim, "node-2", UNREACHABLE ":NoSchedule"),
                     55000);
    assert_int_equal(
        taint_removed_at(sim, "node-2", UNREACHABLE ":NoSchedule", 55000),
        58000);
    assert_int_equal(taint_added_at(sim, "node-2", ":NoExecute"), -1);
    assert_int_equal(n2->taint_count, 0);
    fixture_close(&f);
}

/* Back at 102 s, after the NoExecute taint (60.1 s): the pass at 105 s
   sees Ready True and removes it (markNodeAsReachable). */
static void test_recovery_after_noexecute(void **state) {
    (void)state;
    text t = {0};
    reference_cluster(&t);
    fixture f;
    open_default(&f, &t, "1.34");
    fail_node(f.sim, "node-2", 0, PODSIM_NODE_UNREACHABLE);
    assert_int_equal(podsim_sim_recover_node(f.sim, "node-2", 102000),
                     PODSIM_OK);
    run_until(f.sim, 200000);
    assert_int_equal(taint_added_at(f.sim, "node-2", UNREACHABLE ":NoExecute"),
                     60100);
    assert_int_equal(
        taint_removed_at(f.sim, "node-2", UNREACHABLE ":NoSchedule", 60100),
        102000);
    assert_int_equal(
        taint_removed_at(f.sim, "node-2", UNREACHABLE ":NoExecute", 60100),
        105000);
    assert_int_equal(node_named(&f, "node-2")->taint_count, 0);
    fixture_close(&f);
}

/* Unreachable, then the kubelet comes back reporting NotReady at 81 s
   (the not-ready NoSchedule taint replaces the unreachable one with that
   write); the pass at 85 s sees False with the unreachable NoExecute
   taint on and swaps it for not-ready at once (no queue, no token). */
static void test_unreachable_then_not_ready_swaps(void **state) {
    (void)state;
    text t = {0};
    reference_cluster(&t);
    fixture f;
    open_default(&f, &t, "1.34");
    fail_node(f.sim, "node-2", 0, PODSIM_NODE_UNREACHABLE);
    fail_node(f.sim, "node-2", 81000, PODSIM_NODE_NOT_READY);
    run_until(f.sim, 100000);
    assert_int_equal(taint_added_at(f.sim, "node-2", UNREACHABLE ":NoExecute"),
                     60100);
    assert_int_equal(taint_added_at(f.sim, "node-2", NOT_READY ":NoSchedule"),
                     81000);
    assert_int_equal(taint_added_at(f.sim, "node-2", NOT_READY ":NoExecute"),
                     85000);
    const podsim_node *n2 = node_named(&f, "node-2");
    assert_null(taint(n2, UNREACHABLE, NOEXEC));
    assert_null(taint(n2, UNREACHABLE, NOSCHED));
    assert_non_null(taint(n2, NOT_READY, NOEXEC));
    fixture_close(&f);
}

/* ------------------------------------------------------------------ */
/* Zones and rate limits                                                */
/* ------------------------------------------------------------------ */

/* 60 nodes in one zone, 10 fail at 0: 10/60 not ready, Normal, 0.1
   nodes/s. All queued at 60 s; one taint per 10 s from 60.1 s, in node
   order (each pass re-queues the untainted ones in the order it walks
   them). */
static void test_sixty_nodes_lose_ten(void **state) {
    (void)state;
    text t = {0};
    nodes(&t, "n", "zone-a", 60);
    fixture f;
    open_default(&f, &t, "1.34");
    for (int i = 50; i < 60; i++) {
        char name[16];
        snprintf(name, sizeof name, "n-%02d", i);
        fail_node(f.sim, name, 0, PODSIM_NODE_UNREACHABLE);
    }
    run_until(f.sim, 200000);
    for (int i = 50; i < 60; i++) {
        char name[16];
        snprintf(name, sizeof name, "n-%02d", i);
        assert_int_equal(
            change_at(f.sim, "Node", name, "condition/Ready", "Unknown", 0),
            55000);
        assert_int_equal(taint_added_at(f.sim, name, UNREACHABLE ":NoExecute"),
                         60100 + (i - 50) * 10000);
    }
    assert_int_equal(count_taints(&f, UNREACHABLE, NOEXEC), 10);
    fixture_close(&f);
}

/* A 4-node zone loses 3: 3 > 2 and 3/4 >= 0.55, PartialDisruption; the
   zone has <= 50 nodes, so its rate is 0 (ReducedQPSFunc): no NoExecute
   taint, ever. The NoSchedule taints are not rate limited. */
static void test_partial_disruption_small_zone(void **state) {
    (void)state;
    text t = {0};
    nodes(&t, "a", "zone-a", 4);
    nodes(&t, "b", "zone-b", 2);
    fixture f;
    open_default(&f, &t, "1.34");
    for (int i = 0; i < 3; i++) {
        char name[16];
        snprintf(name, sizeof name, "a-%02d", i);
        fail_node(f.sim, name, 0, PODSIM_NODE_UNREACHABLE);
    }
    run_until(f.sim, 1000000);
    assert_int_equal(count_taints(&f, UNREACHABLE, NOEXEC), 0);
    assert_int_equal(count_taints(&f, UNREACHABLE, NOSCHED), 3);
    fixture_close(&f);
}

/* The same with --large-cluster-size-threshold 2: the zone (4 nodes) is
   "large", PartialDisruption takes the secondary rate 0.01: the bucket
   was full when the rate changed at 55 s, so the first taint at 60.1 s,
   then one per 100 s. */
static void test_partial_disruption_secondary_rate(void **state) {
    (void)state;
    text t = {0};
    nodes(&t, "a", "zone-a", 4);
    nodes(&t, "b", "zone-b", 2);
    fixture f;
    podsim_node_lifecycle nl = settings();
    nl.large_cluster_size_threshold = 2;
    open_with(&f, &t, "1.34", &nl);
    for (int i = 0; i < 3; i++) {
        char name[16];
        snprintf(name, sizeof name, "a-%02d", i);
        fail_node(f.sim, name, 0, PODSIM_NODE_UNREACHABLE);
    }
    run_until(f.sim, 400000);
    assert_int_equal(taint_added_at(f.sim, "a-00", UNREACHABLE ":NoExecute"),
                     60100);
    assert_int_equal(taint_added_at(f.sim, "a-01", UNREACHABLE ":NoExecute"),
                     160100);
    assert_int_equal(taint_added_at(f.sim, "a-02", UNREACHABLE ":NoExecute"),
                     260100);
    fixture_close(&f);
}

/* node.kubernetes.io/exclude-disruption: the excluded node does not count,
   so the zone sees 2 of 3 not ready (not > 2): Normal, 0.1/s. Excluded
   nodes are still tainted. */
static void test_excluded_node(void **state) {
    (void)state;
    text t = {0};
    node(&t, "a-00", "zone-a", ", node.kubernetes.io/exclude-disruption: ''");
    node(&t, "a-01", "zone-a", NULL);
    node(&t, "a-02", "zone-a", NULL);
    node(&t, "a-03", "zone-a", NULL);
    fixture f;
    open_default(&f, &t, "1.34");
    for (int i = 0; i < 3; i++) {
        char name[16];
        snprintf(name, sizeof name, "a-%02d", i);
        fail_node(f.sim, name, 0, PODSIM_NODE_UNREACHABLE);
    }
    run_until(f.sim, 200000);
    assert_int_equal(taint_added_at(f.sim, "a-00", UNREACHABLE ":NoExecute"),
                     60100);
    assert_int_equal(taint_added_at(f.sim, "a-01", UNREACHABLE ":NoExecute"),
                     70100);
    assert_int_equal(taint_added_at(f.sim, "a-02", UNREACHABLE ":NoExecute"),
                     80100);
    fixture_close(&f);
}

/* Every zone down at once: every zone FullDisruption at 55 s, master
   disruption mode: all limiters 0, no NoExecute taint. */
static void test_all_zones_down(void **state) {
    (void)state;
    text t = {0};
    nodes(&t, "a", "zone-a", 2);
    nodes(&t, "b", "zone-b", 2);
    fixture f;
    open_default(&f, &t, "1.34");
    assert_int_equal(
        podsim_sim_fail_zone(f.sim, "zone-a", 0, PODSIM_NODE_UNREACHABLE),
        PODSIM_OK);
    assert_int_equal(
        podsim_sim_fail_zone(f.sim, "zone-b", 0, PODSIM_NODE_UNREACHABLE),
        PODSIM_OK);
    run_until(f.sim, 1000000);
    assert_int_equal(count_taints(&f, UNREACHABLE, NOSCHED), 4);
    assert_int_equal(count_taints(&f, UNREACHABLE, NOEXEC), 0);
    assert_int_equal(taint_added_at(f.sim, "a-00", ":NoExecute"), -1);
    fixture_close(&f);
}

/* zone-a fails at 0 (FullDisruption of one zone, the other healthy:
   primary rate): a-00 tainted at 60.1 s, a-01 at 70.1 s. zone-b fails at
   100 s: Unknown at 155 s, every zone full: the NoExecute taints come off
   at once. zone-b's kubelets return at 302 s: the pass at 305 s leaves
   master disruption mode and sets zone-a's rate again; the old limiter
   (never) had no token, so the new bucket starts empty: the first taint
   10 s later, at 315 s, then 325 s. */
static void test_all_zones_down_removes_taints(void **state) {
    (void)state;
    text t = {0};
    nodes(&t, "a", "zone-a", 2);
    nodes(&t, "b", "zone-b", 2);
    fixture f;
    open_default(&f, &t, "1.34");
    assert_int_equal(
        podsim_sim_fail_zone(f.sim, "zone-a", 0, PODSIM_NODE_UNREACHABLE),
        PODSIM_OK);
    assert_int_equal(
        podsim_sim_fail_zone(f.sim, "zone-b", 100000, PODSIM_NODE_UNREACHABLE),
        PODSIM_OK);
    assert_int_equal(podsim_sim_recover_node(f.sim, "b-00", 302000), PODSIM_OK);
    assert_int_equal(podsim_sim_recover_node(f.sim, "b-01", 302000), PODSIM_OK);
    run_until(f.sim, 200000);
    podsim_sim *sim = f.sim;
    assert_int_equal(taint_added_at(sim, "a-00", UNREACHABLE ":NoExecute"),
                     60100);
    assert_int_equal(taint_added_at(sim, "a-01", UNREACHABLE ":NoExecute"),
                     70100);
    assert_int_equal(
        change_at(sim, "Node", "b-00", "condition/Ready", "Unknown", 0),
        155000);
    assert_int_equal(
        taint_removed_at(sim, "a-00", UNREACHABLE ":NoExecute", 60100), 155000);
    assert_int_equal(
        taint_removed_at(sim, "a-01", UNREACHABLE ":NoExecute", 70100), 155000);
    assert_int_equal(count_taints(&f, UNREACHABLE, NOEXEC), 0);
    /* the unreachable NoSchedule taints stay (the conditions are Unknown) */
    assert_int_equal(count_taints(&f, UNREACHABLE, NOSCHED), 4);
    run_until(f.sim, 340000);
    assert_int_equal(
        change_at(sim, "Node", "a-00", "taints", UNREACHABLE ":NoExecute", 1),
        315000);
    assert_int_equal(
        change_at(sim, "Node", "a-01", "taints", UNREACHABLE ":NoExecute", 1),
        325000);
    assert_int_equal(count_taints(&f, UNREACHABLE, NOEXEC), 2);
    fixture_close(&f);
}

/* Leaving master disruption mode gives every node a fresh grace period.
   One zone: a-00's kubelet reports NotReady at 0 (not-ready NoExecute at
   5.1 s) and goes silent at 30 s, its Ready still False; a-01 goes silent
   at 0, Unknown at 55 s: no node Ready, master disruption mode, the
   not-ready NoExecute taint comes off at 55 s. a-01 returns at 62 s; the
   pass at 65 s leaves the mode: probeTimestamps reset to 65 s, the zone's
   rate back to 0.1 with an empty bucket (the old limiter never had a
   token), so a-00 (queued again) is tainted at 75 s. a-00 goes Unknown at
   120 s (120 - 65 > 50; without the reset it would be 85 s), and the pass
   at 125 s sees Unknown with the not-ready taint on: swapped at once. */
static void test_leaving_master_mode(void **state) {
    (void)state;
    text t = {0};
    nodes(&t, "a", "zone-a", 2);
    fixture f;
    open_default(&f, &t, "1.34");
    fail_node(f.sim, "a-00", 0, PODSIM_NODE_NOT_READY);
    fail_node(f.sim, "a-00", 30000, PODSIM_NODE_UNREACHABLE);
    fail_node(f.sim, "a-01", 0, PODSIM_NODE_UNREACHABLE);
    assert_int_equal(podsim_sim_recover_node(f.sim, "a-01", 62000), PODSIM_OK);
    run_until(f.sim, 200000);
    podsim_sim *sim = f.sim;
    assert_int_equal(taint_added_at(sim, "a-00", NOT_READY ":NoExecute"), 5100);
    assert_int_equal(
        taint_removed_at(sim, "a-00", NOT_READY ":NoExecute", 5100), 55000);
    assert_int_equal(
        change_at(sim, "Node", "a-00", "taints", NOT_READY ":NoExecute", 1),
        75000);
    assert_int_equal(
        change_at(sim, "Node", "a-00", "condition/Ready", "Unknown", 0),
        120000);
    assert_int_equal(taint_added_at(sim, "a-00", UNREACHABLE ":NoExecute"),
                     125000);
    const podsim_node *a0 = node_named(&f, "a-00");
    assert_null(taint(a0, NOT_READY, NOEXEC));
    assert_non_null(taint(a0, UNREACHABLE, NOSCHED));
    assert_null(taint(a0, NOT_READY, NOSCHED));
    fixture_close(&f);
}

/* ------------------------------------------------------------------ */
/* NoSchedule taints, loaded state, forks                               */
/* ------------------------------------------------------------------ */

/* kubectl cordon / uncordon: the unschedulable NoSchedule taint follows
   spec.unschedulable at once (doNoScheduleTaintingPass). */
static void test_cordon_taint(void **state) {
    (void)state;
    text t = {0};
    reference_cluster(&t);
    fixture f;
    open_default(&f, &t, "1.34");
    assert_int_equal(podsim_sim_cordon_node(f.sim, "node-1", 5000, true),
                     PODSIM_OK);
    assert_int_equal(podsim_sim_cordon_node(f.sim, "node-1", 20000, false),
                     PODSIM_OK);
    run_until(f.sim, 10000);
    assert_non_null(taint(node_named(&f, "node-1"),
                          "node.kubernetes.io/unschedulable", NOSCHED));
    run_until(f.sim, 30000);
    assert_int_equal(
        taint_added_at(f.sim, "node-1", "node.kubernetes.io/unschedulable"),
        5000);
    assert_int_equal(taint_removed_at(f.sim, "node-1",
                                      "node.kubernetes.io/unschedulable", 5000),
                     20000);
    fixture_close(&f);
}

/* A dump whose node was already Unknown (its kubelet silent since 2 min
   before the dump) with a pod still shown Ready: the controller's pod worker
   marks the pod NotReady when it lists it (time 0), the NoSchedule taint is
   added at once, and the first pass (0 s, observed Unknown) queues the
   node: NoExecute at 0.1 s. Nodes without any Ready condition get one
   from their kubelet at 0 and stay untouched. */
static void test_loaded_unknown_node(void **state) {
    (void)state;
    text t = {0};
    node(&t, "ok", "zone-a", NULL);
    node(&t, "ok-2", "zone-a", NULL);
    put(&t,
        "apiVersion: v1\nkind: Node\nmetadata:\n  name: bare\n"
        "  labels: {topology.kubernetes.io/zone: zone-a}\n---\n");
    put(&t,
        "apiVersion: v1\nkind: Node\nmetadata:\n  name: lost\n"
        "  labels: {topology.kubernetes.io/zone: zone-a}\n"
        "status:\n  conditions:\n"
        "  - {type: Ready, status: Unknown, reason: NodeStatusUnknown, "
        "lastHeartbeatTime: '2026-01-01T00:00:00Z', "
        "lastTransitionTime: '2026-01-01T00:02:00Z'}\n---\n");
    pod(&t, "stale", "lost");
    fixture f;
    open_default(&f, &t, "1.34");
    run_until(f.sim, 20000);
    podsim_sim *sim = f.sim;
    assert_int_equal(
        change_at(sim, "Pod", "stale", "condition/Ready", "False", 0), 0);
    assert_int_equal(
        event_at(sim, "Pod", "stale", "NodeNotReady", "node-controller", 0), 0);
    assert_int_equal(taint_added_at(sim, "lost", UNREACHABLE ":NoSchedule"), 0);
    assert_int_equal(taint_added_at(sim, "lost", UNREACHABLE ":NoExecute"),
                     100);
    /* long past its grace period, but Ready was Unknown already: the
       controller writes nothing (tryUpdateNodeHealth updates the status
       only when Ready changes), so no pressure conditions appear */
    const podsim_node *lost = node_named(&f, "lost");
    assert_int_equal(lost->condition_count, 1);
    assert_string_equal(condition(lost, "Ready")->reason, "NodeStatusUnknown");
    const podsim_node *bare = node_named(&f, "bare");
    assert_string_equal(condition(bare, "Ready")->status, "True");
    assert_int_equal(bare->taint_count, 0);
    assert_null(event_get(sim, "Node", "bare", "NodeReady", "kubelet"));
    fixture_close(&f);
}

/* A deleted Node leaves its zone: zone-a (2 nodes) loses a-00 at 0 and
   a-01's object is deleted at 10 s; zone-a then has 1 node, Unknown at
   55 s: FullDisruption with zone-b healthy, primary rate: tainted at
   60.1 s. The deleted node gets nothing. */
static void test_deleted_node(void **state) {
    (void)state;
    text t = {0};
    nodes(&t, "a", "zone-a", 2);
    nodes(&t, "b", "zone-b", 1);
    fixture f;
    open_default(&f, &t, "1.34");
    fail_node(f.sim, "a-00", 0, PODSIM_NODE_UNREACHABLE);
    assert_int_equal(podsim_sim_delete_node(f.sim, "a-01", 10000), PODSIM_OK);
    run_until(f.sim, 100000);
    assert_int_equal(taint_added_at(f.sim, "a-00", UNREACHABLE ":NoExecute"),
                     60100);
    assert_int_equal(taint_added_at(f.sim, "a-01", "node.kubernetes.io"), -1);
    fixture_close(&f);
}

/* A fork taken in the middle of the rate-limited tainting continues
   exactly as the original. */
static void test_fork_continues(void **state) {
    (void)state;
    text t = {0};
    nodes(&t, "n", "zone-a", 20);
    fixture f;
    open_default(&f, &t, "1.34");
    for (int i = 15; i < 20; i++) {
        char name[16];
        snprintf(name, sizeof name, "n-%02d", i);
        fail_node(f.sim, name, 0, PODSIM_NODE_UNREACHABLE);
    }
    assert_int_equal(podsim_sim_recover_node(f.sim, "n-19", 200000), PODSIM_OK);
    run_until(f.sim, 75000);
    podsim_sim *copy = NULL;
    assert_int_equal(podsim_sim_fork(f.sim, &copy), PODSIM_OK);
    run_until(f.sim, 300000);
    run_until(copy, 300000);
    assert_int_equal(podsim_sim_change_count(f.sim),
                     podsim_sim_change_count(copy));
    for (size_t i = 0; i < podsim_sim_change_count(copy); i++) {
        const podsim_sim_change *a = podsim_sim_change_get(f.sim, i);
        const podsim_sim_change *b = podsim_sim_change_get(copy, i);
        assert_int_equal(a->time, b->time);
        assert_string_equal(a->name, b->name);
        assert_string_equal(a->field, b->field);
        assert_string_equal(a->value, b->value);
    }
    assert_int_equal(podsim_sim_event_count(f.sim),
                     podsim_sim_event_count(copy));
    /* and the tainting went on at 10 s steps in both */
    assert_int_equal(taint_added_at(copy, "n-18", UNREACHABLE ":NoExecute"),
                     90100);
    assert_int_equal(taint_added_at(copy, "n-19", UNREACHABLE ":NoExecute"),
                     100100);
    assert_int_equal(
        taint_removed_at(copy, "n-19", UNREACHABLE ":NoExecute", 100100),
        205000);
    podsim_sim_free(copy);
    fixture_close(&f);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_reference_timeline_v134),
        cmocka_unit_test(test_reference_timeline_v131),
        cmocka_unit_test(test_heartbeat_age),
        cmocka_unit_test(test_monitor_offset),
        cmocka_unit_test(test_kubelet_not_ready),
        cmocka_unit_test(test_shutdown_message),
        cmocka_unit_test(test_recovery_before_unknown),
        cmocka_unit_test(test_recovery_before_noexecute),
        cmocka_unit_test(test_recovery_after_noexecute),
        cmocka_unit_test(test_unreachable_then_not_ready_swaps),
        cmocka_unit_test(test_sixty_nodes_lose_ten),
        cmocka_unit_test(test_partial_disruption_small_zone),
        cmocka_unit_test(test_partial_disruption_secondary_rate),
        cmocka_unit_test(test_excluded_node),
        cmocka_unit_test(test_all_zones_down),
        cmocka_unit_test(test_all_zones_down_removes_taints),
        cmocka_unit_test(test_leaving_master_mode),
        cmocka_unit_test(test_cordon_taint),
        cmocka_unit_test(test_loaded_unknown_node),
        cmocka_unit_test(test_deleted_node),
        cmocka_unit_test(test_fork_continues),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
