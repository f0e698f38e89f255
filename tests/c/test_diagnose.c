/*
 * test_diagnose.c - the diagnosis engine (diagnose.c) and its rule set
 * (diag_rules.c): the rule compiler and its errors, every operator of the
 * declarative matcher, the event clause, templates, host callbacks
 * (decline, override, error, malformed result), causal ranking and
 * suppression, overriding and disabling built-ins, bulk diagnosis and the
 * text and JSON renders.
 *
 * The subject is a small kubectl dump written here: one node and a pod in
 * CrashLoopBackOff (exit 1, 5 restarts, BackOff events), plus a healthy
 * pod. Custom rules use "team/..." ids so the built-in catalogue (tested
 * in test_diag_builtin.c) does not interfere with what is checked.
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

static const char DUMP[] =
    "apiVersion: v1\n"
    "kind: List\n"
    "items:\n"
    "- apiVersion: v1\n"
    "  kind: Node\n"
    "  metadata: {name: node-1, creationTimestamp: "
    "\"2026-11-28T08:00:00Z\"}\n"
    "  status:\n"
    "    allocatable: {cpu: \"4\", memory: 16Gi, pods: \"110\"}\n"
    "    capacity: {cpu: \"4\", memory: 16Gi, pods: \"110\"}\n"
    "    conditions:\n"
    "    - {type: Ready, status: \"True\", reason: KubeletReady, "
    "lastHeartbeatTime: \"2026-11-28T09:59:50Z\", lastTransitionTime: "
    "\"2026-11-28T08:00:00Z\"}\n"
    "    nodeInfo: {kubeletVersion: v1.34.1}\n"
    "- apiVersion: v1\n"
    "  kind: Pod\n"
    "  metadata:\n"
    "    name: api\n"
    "    namespace: shop\n"
    "    uid: 11111111-1111-1111-1111-111111111111\n"
    "    creationTimestamp: \"2026-11-28T09:00:00Z\"\n"
    "  spec:\n"
    "    nodeName: node-1\n"
    "    containers:\n"
    "    - name: app\n"
    "      image: registry.example/api:1.2\n"
    "    - name: proxy\n"
    "      image: envoyproxy/envoy:v1.30\n"
    "  status:\n"
    "    phase: Running\n"
    "    conditions:\n"
    "    - {type: Ready, status: \"False\", reason: ContainersNotReady}\n"
    "    - {type: PodScheduled, status: \"True\"}\n"
    "    containerStatuses:\n"
    "    - name: app\n"
    "      ready: false\n"
    "      restartCount: 5\n"
    "      image: registry.example/api:1.2\n"
    "      imageID: \"\"\n"
    "      state:\n"
    "        waiting: {reason: CrashLoopBackOff, message: \"back-off 2m40s "
    "restarting failed container=app\"}\n"
    "      lastState:\n"
    "        terminated: {exitCode: 1, reason: Error, startedAt: "
    "\"2026-11-28T09:57:00Z\", finishedAt: \"2026-11-28T09:57:02Z\"}\n"
    "    - name: proxy\n"
    "      ready: true\n"
    "      restartCount: 0\n"
    "      image: envoyproxy/envoy:v1.30\n"
    "      imageID: \"\"\n"
    "      started: true\n"
    "      state:\n"
    "        running: {startedAt: \"2026-11-28T09:00:05Z\"}\n"
    "- apiVersion: v1\n"
    "  kind: Pod\n"
    "  metadata:\n"
    "    name: web\n"
    "    namespace: shop\n"
    "    uid: 22222222-2222-2222-2222-222222222222\n"
    "    creationTimestamp: \"2026-11-28T09:00:00Z\"\n"
    "  spec:\n"
    "    nodeName: node-1\n"
    "    containers: [{name: web, image: nginx:1.27}]\n"
    "  status:\n"
    "    phase: Running\n"
    "    conditions:\n"
    "    - {type: Ready, status: \"True\"}\n"
    "    - {type: PodScheduled, status: \"True\"}\n"
    "    containerStatuses:\n"
    "    - name: web\n"
    "      ready: true\n"
    "      started: true\n"
    "      restartCount: 0\n"
    "      image: nginx:1.27\n"
    "      imageID: \"\"\n"
    "      state:\n"
    "        running: {startedAt: \"2026-11-28T09:00:03Z\"}\n"
    "- apiVersion: v1\n"
    "  kind: Event\n"
    "  metadata: {name: api.1, namespace: shop}\n"
    "  involvedObject: {kind: Pod, namespace: shop, name: api, uid: "
    "11111111-1111-1111-1111-111111111111, fieldPath: "
    "\"spec.containers{app}\"}\n"
    "  reason: BackOff\n"
    "  type: Warning\n"
    "  message: Back-off restarting failed container app in pod "
    "api_shop(11111111-1111-1111-1111-111111111111)\n"
    "  count: 25\n"
    "  firstTimestamp: \"2026-11-28T09:01:00Z\"\n"
    "  lastTimestamp: \"2026-11-28T09:59:00Z\"\n"
    "  source: {component: kubelet, host: node-1}\n"
    "- apiVersion: v1\n"
    "  kind: Event\n"
    "  metadata: {name: api.2, namespace: shop}\n"
    "  involvedObject: {kind: Pod, namespace: shop, name: api, uid: "
    "11111111-1111-1111-1111-111111111111, fieldPath: "
    "\"spec.containers{app}\"}\n"
    "  reason: Started\n"
    "  type: Normal\n"
    "  message: \"Started container app\"\n"
    "  count: 6\n"
    "  firstTimestamp: \"2026-11-28T09:00:04Z\"\n"
    "  lastTimestamp: \"2026-11-28T09:57:00Z\"\n"
    "  source: {component: kubelet, host: node-1}\n"
    "- apiVersion: apps/v1\n"
    "  kind: ReplicaSet\n"
    "  metadata: {name: api-rs, namespace: shop, uid: rs-uid}\n"
    "  spec:\n"
    "    replicas: 3\n"
    "    selector: {matchLabels: {app: api}}\n"
    "    template:\n"
    "      metadata: {labels: {app: api}}\n"
    "      spec: {containers: [{name: app, image: registry.example/api:1.2}]}\n"
    "  status: {replicas: 1, readyReplicas: 0}\n";

#define AS_OF_MS 1795860000000LL /* 2026-11-28T10:00:00Z */

typedef struct env {
    podsim_cluster *cluster;
    podsim_rules *rules;
} env;

static int setup(void **state) {
    env *e = calloc(1, sizeof(*e));
    if (!e) return -1;
    if (podsim_cluster_new(NULL, &e->cluster) != PODSIM_OK ||
        podsim_cluster_load_string(e->cluster, DUMP, sizeof DUMP - 1,
                                   "dump.yaml", NULL) != PODSIM_OK ||
        podsim_rules_new(&e->rules) != PODSIM_OK) {
        return -1;
    }
    *state = e;
    return 0;
}

static int teardown(void **state) {
    env *e = *state;
    podsim_rules_free(e->rules);
    podsim_cluster_free(e->cluster);
    free(e);
    return 0;
}

static podsim_diagnosis *diagnose(env *e, const char *name) {
    podsim_diagnose_options o = PODSIM_DIAGNOSE_OPTIONS_INIT;
    o.as_of = AS_OF_MS;
    o.rules = e->rules;
    o.flags = PODSIM_DIAGNOSE_NO_WHATIF;
    podsim_diagnosis *d = NULL;
    podsim_status s = podsim_cluster_diagnose(e->cluster, "shop", name, &o, &d);
    if (s != PODSIM_OK) {
        fail_msg("diagnose %s: %s", name,
                 podsim_cluster_error(e->cluster)->message);
    }
    return d;
}

static void load(env *e, const char *yaml) {
    podsim_status s =
        podsim_rules_load_string(e->rules, yaml, strlen(yaml), "team.yaml");
    if (s != PODSIM_OK) {
        fail_msg("load: %s", podsim_rules_error(e->rules)->message);
    }
}

static const podsim_finding *by_rule(const podsim_diagnosis *d,
                                     const char *rule, const char *container) {
    for (size_t i = 0; i < d->finding_count; i++) {
        const podsim_finding *f = &d->findings[i];
        if (!strcmp(f->rule, rule) &&
            (!container || !strcmp(f->container, container))) {
            return f;
        }
    }
    return NULL;
}

static bool fired(const podsim_diagnosis *d, const char *rule) {
    for (size_t i = 0; i < d->rules_fired.count; i++) {
        if (!strcmp(d->rules_fired.items[i], rule)) return true;
    }
    return false;
}

static void expect_load_error(const char *yaml, podsim_status status, int line,
                              int column, const char *needle) {
    podsim_rules *r = NULL;
    assert_int_equal(podsim_rules_new(&r), PODSIM_OK);
    size_t before = podsim_rules_count(r);
    assert_int_equal(podsim_rules_load_string(r, yaml, strlen(yaml), "t.yaml"),
                     status);
    const podsim_error *err = podsim_rules_error(r);
    if (!strstr(err->message, needle)) {
        fail_msg("message \"%s\" lacks \"%s\"", err->message, needle);
    }
    assert_string_equal(err->source, "t.yaml");
    if (err->line != line || (column && err->column != column)) {
        fail_msg("\"%s\" at %d:%d, want %d:%d", err->message, err->line,
                 err->column, line, column);
    }
    assert_int_equal(podsim_rules_count(r), before); /* unchanged */
    podsim_rules_free(r);
}

/* ---- the compiler ---------------------------------------------------------
 */

static void test_builtins_load(void **state) {
    (void)state;
    podsim_rules *r = NULL;
    assert_int_equal(podsim_rules_new(&r), PODSIM_OK);
    assert_true(podsim_rules_count(r) > 20);
    const char *id = NULL, *category = NULL;
    bool enabled = false;
    assert_int_equal(podsim_rules_get(r, 0, &id, &category, &enabled),
                     PODSIM_OK);
    assert_true(!strncmp(id, "core/", 5));
    assert_true(enabled);
    assert_int_equal(
        podsim_rules_get(r, podsim_rules_count(r), &id, NULL, NULL),
        PODSIM_EINVAL);
    podsim_rules_free(r);
}

static void test_compile_errors(void **state) {
    (void)state;
    expect_load_error("id: team/a\ncategory: x\ntitle: t\ncolour: red\n",
                      PODSIM_EPARSE, 4, 1, "unknown rule field \"colour\"");
    expect_load_error(
        "id: team/a\ncategory: x\ntitle: t\nwhen:\n"
        "  pod.phase: {like: Pending}\n",
        PODSIM_EPARSE, 5, 15, "unknown operator \"like\"");
    expect_load_error(
        "id: team/a\ncategory: x\ntitle: t\nwhen:\n"
        "  pod.name: {regex: \"(unclosed\"}\n",
        PODSIM_EPARSE, 5, 0, "regex");
    expect_load_error("id: team/a\ncategory: x\ntitle: t\non: node\n",
                      PODSIM_EPARSE, 4, 5,
                      "expected pod, container or workload");
    expect_load_error("id: team/a\ncategory: x\ntitle: t\ncheck: nope\n",
                      PODSIM_EPARSE, 4, 8, "no built-in check named");
    expect_load_error("id: team/a\ntitle: t\n", PODSIM_EPARSE, 1, 1,
                      "category is required");
    expect_load_error(
        "- {id: team/a, category: x, title: t}\n"
        "- {id: team/a, category: y, title: t}\n",
        PODSIM_EEXIST, 2, 8, "given twice");
    expect_load_error(
        "rules: [{id: team/a, category: x, title: t}]\n"
        "disable: [core/no-such-rule]\n",
        PODSIM_ENOTFOUND, 2, 11, "no rule with id");
    expect_load_error(
        "id: team/a\ncategory: x\ntitle: t\n"
        "severity: fatal\n",
        PODSIM_EPARSE, 4, 11, "info, warning, error or critical");
    expect_load_error(
        "id: team/a\ncategory: x\ntitle: t\nwhen:\n"
        "  event: {reason: BackOff, min_count: lots}\n",
        PODSIM_EPARSE, 5, 0, "expected an integer");
    /* nesting deeper than the limit */
    char deep[4096] = "id: team/a\ncategory: x\ntitle: t\nwhen: ";
    for (int i = 0; i < 40; i++) strcat(deep, "{not: ");
    strcat(deep, "{pod.phase: Pending}");
    for (int i = 0; i < 40; i++) strcat(deep, "}");
    strcat(deep, "\n");
    expect_load_error(deep, PODSIM_ELIMIT, 4, 0, "nested deeper");
}

/* ---- the matcher -----------------------------------------------------------
 */

static void test_operators(void **state) {
    env *e = *state;
    load(e,
         "rules:\n"
         "- {id: team/eq, category: t.eq, title: eq, when: {pod.phase: "
         "Running}}\n"
         "- {id: team/eq-no, category: t.eqn, title: x, when: {pod.phase: "
         "Pending}}\n"
         "- {id: team/in, category: t.in, title: x, when: {pod.phase: "
         "[Pending, Running]}}\n"
         "- {id: team/ne, category: t.ne, title: x, when: {pod.phase: {ne: "
         "Pending}}}\n"
         "- {id: team/num, category: t.num, title: x, when: {pod.restarts: "
         "{ge: 5, lt: 6}}}\n"
         "- {id: team/num-no, category: t.numn, title: x, when: "
         "{pod.restarts: {gt: 5}}}\n"
         "- {id: team/numeq, category: t.numeq, title: x, when: "
         "{pod.restarts: 5.0}}\n"
         "- {id: team/prefix, category: t.p, title: x, when: {pod.name: "
         "{prefix: ap, suffix: pi, contains: p}}}\n"
         "- {id: team/regex, category: t.r, title: x, when: {pod.namespace: "
         "{regex: \"^SH[a-z]+$\"}}}\n"
         "- {id: team/absent, category: t.a, title: x, when: "
         "{pod.no_such_fact: null}}\n"
         "- {id: team/absent-ne, category: t.an, title: x, when: "
         "{pod.no_such_fact: {ne: x}}}\n"
         "- {id: team/absent-eq, category: t.ae, title: x, when: "
         "{pod.no_such_fact: {eq: x}}}\n"
         "- {id: team/exists, category: t.ex, title: x, when: {pod.uid: "
         "{exists: true}}}\n"
         "- {id: team/any, category: t.any, title: x, when: {any: "
         "[{pod.phase: Pending}, {pod.name: api}]}}\n"
         "- {id: team/not, category: t.not, title: x, when: {not: "
         "{pod.phase: Running}}}\n"
         "- {id: team/star, category: t.star, title: x, when: "
         "{\"pod.condition.*\": False}}\n");
    podsim_diagnosis *d = diagnose(e, "api");
    const char *yes[] = {"team/eq",     "team/in",     "team/ne",
                         "team/num",    "team/numeq",  "team/prefix",
                         "team/regex",  "team/absent", "team/absent-ne",
                         "team/exists", "team/any",    "team/star"};
    const char *no[] = {"team/eq-no", "team/num-no", "team/absent-eq",
                        "team/not"};
    for (size_t i = 0; i < sizeof yes / sizeof *yes; i++) {
        if (!fired(d, yes[i])) fail_msg("%s did not fire", yes[i]);
    }
    for (size_t i = 0; i < sizeof no / sizeof *no; i++) {
        if (fired(d, no[i])) fail_msg("%s fired", no[i]);
    }
    podsim_diagnosis_free(d);
}

static void test_container_rules_and_events(void **state) {
    env *e = *state;
    load(e,
         "rules:\n"
         "- id: team/per-container\n"
         "  category: t.c\n"
         "  on: container\n"
         "  title: \"{container.name} waits\"\n"
         "  when: {container.state: waiting}\n"
         "- id: team/backoff\n"
         "  category: t.backoff\n"
         "  on: container\n"
         "  title: x\n"
         "  when: {event: {reason: BackOff, type: Warning, container: true, "
         "min_count: 25, message: {contains: \"Back-off restarting\"}}}\n"
         "- id: team/backoff-many\n"
         "  category: t.many\n"
         "  title: x\n"
         "  when: {event: {reason: BackOff, min_count: 26}}\n"
         "- id: team/recent\n"
         "  category: t.recent\n"
         "  title: x\n"
         "  when: {event: {reason: BackOff, within: 30}}\n"
         "- id: team/within\n"
         "  category: t.within\n"
         "  title: x\n"
         "  when: {event: {reason: BackOff, within: 120}}\n"
         "- id: team/no-killing\n"
         "  category: t.nokill\n"
         "  title: x\n"
         "  when: {event: {reason: Killing, absent: true}}\n");
    podsim_diagnosis *d = diagnose(e, "api");
    const podsim_finding *f = by_rule(d, "team/per-container", "app");
    assert_non_null(f);
    assert_string_equal(f->title, "app waits");
    assert_null(by_rule(d, "team/per-container", "proxy"));
    assert_non_null(by_rule(d, "team/backoff", "app"));
    assert_null(by_rule(d, "team/backoff", "proxy"));
    assert_false(fired(d, "team/backoff-many"));
    assert_false(fired(d, "team/recent")); /* last seen 60 s before as_of */
    assert_true(fired(d, "team/within"));
    assert_true(fired(d, "team/no-killing"));
    podsim_diagnosis_free(d);
}

static void test_templates_and_evidence(void **state) {
    env *e = *state;
    load(e,
         "id: team/t\n"
         "category: \"t.{pod.phase}\"\n"
         "title: \"{pod.name} in {pod.namespace} {{literal}} {nope}.\"\n"
         "summary: \"restarts={pod.restarts}\"\n"
         "severity: warning\n"
         "confidence: medium\n"
         "priority: 7\n"
         "root_causes: [\"cause of {pod.name}\"]\n"
         "next:\n"
         "- {command: \"{cmd.describe}\", why: look, needs: cluster}\n"
         "- \"kubectl get pods -n {pod.namespace}\"\n"
         "- {command: \"{pod.no_such_fact}\", why: skipped when empty}\n"
         "fix: [\"fix {pod.name}\"]\n"
         "docs: [https://kubernetes.io/docs/]\n"
         "evidence: [pod.phase, \"event:BackOff\", pod.no_such_fact]\n"
         "labels: {owner: platform, pod: \"{pod.name}\"}\n");
    podsim_diagnosis *d = diagnose(e, "api");
    const podsim_finding *f = by_rule(d, "team/t", NULL);
    assert_non_null(f);
    assert_string_equal(f->category, "t.Running");
    assert_string_equal(f->title, "api in shop {literal} .");
    assert_string_equal(f->summary, "restarts=5");
    assert_int_equal(f->severity, PODSIM_SEVERITY_WARNING);
    assert_int_equal(f->confidence, PODSIM_CONFIDENCE_MEDIUM);
    assert_int_equal(f->priority, 7);
    assert_int_equal(f->root_causes.count, 1);
    assert_string_equal(f->root_causes.items[0], "cause of api");
    assert_int_equal(f->next_count, 2);
    assert_string_equal(f->next[0].command, "kubectl describe pod api -n shop");
    assert_string_equal(f->next[1].command, "kubectl get pods -n shop");
    assert_string_equal(f->next[1].needs, "cluster");
    assert_string_equal(f->fix.items[0], "fix api");
    assert_int_equal(f->evidence_count, 2);
    assert_string_equal(f->evidence[0].path, "pod.phase");
    assert_string_equal(f->evidence[0].value, "Running");
    assert_int_equal(f->evidence[0].provenance, PODSIM_PROVENANCE_OBSERVED);
    assert_string_equal(f->evidence[1].path, "event:BackOff");
    assert_string_equal(f->evidence[1].quote,
                        "Warning  BackOff  60s (x25 over 59m)  kubelet  "
                        "Back-off restarting failed container app in pod "
                        "api_shop(11111111-1111-1111-1111-111111111111)");
    assert_int_equal(f->evidence[1].observed_at, AS_OF_MS - 60000);
    assert_int_equal(f->labels.count, 2);
    assert_string_equal(f->labels.items[1].value, "api");
    podsim_diagnosis_free(d);
}

/* ---- ranking
 * ----------------------------------------------------------------- */

static void test_ranking_and_suppression(void **state) {
    env *e = *state;
    load(e,
         "rules:\n"
         "- {id: team/low, category: team.low.symptom, title: low, "
         "priority: 1000, severity: info}\n"
         "- {id: team/high, category: team.cause, title: high, priority: "
         "1000, severity: critical, suppresses: [team.low]}\n"
         "- {id: team/app, category: team.app-only, on: container, title: x, "
         "priority: 999, when: {container.name: app}}\n"
         "- {id: team/proxy, category: team.proxy, on: container, title: x, "
         "priority: 999, when: {container.name: proxy}, suppresses: "
         "[team.app-only]}\n");
    podsim_diagnosis *d = diagnose(e, "api");
    assert_int_equal(d->primary, 0);
    assert_string_equal(d->findings[0].rule, "team/high");
    const podsim_finding *low = by_rule(d, "team/low", NULL);
    assert_string_equal(low->explained_by, "team.cause");
    /* a container-scoped finding explains only findings on its container */
    assert_string_equal(by_rule(d, "team/app", "app")->explained_by, "");
    /* roots first: every explained finding comes after every root */
    bool seen_explained = false;
    for (size_t i = 0; i < d->finding_count; i++) {
        if (d->findings[i].explained_by[0])
            seen_explained = true;
        else
            assert_false(seen_explained);
    }
    podsim_diagnosis_free(d);
}

static void test_refinement_reads_findings(void **state) {
    env *e = *state;
    load(e,
         "rules:\n"
         "- {id: team/base, category: team.base, on: container, title: base, "
         "priority: 900, when: {container.restarts: {gt: 0}}}\n"
         "- id: team/refined\n"
         "  category: team.base.refined\n"
         "  on: container\n"
         "  title: \"refined {container.name}\"\n"
         "  priority: 901\n"
         "  when: {container.finding.team.base: true}\n"
         "  suppresses: [team.base]\n"
         "  next: [{command: \"runbook {container.name}\", why: team}]\n");
    podsim_diagnosis *d = diagnose(e, "api");
    assert_string_equal(d->findings[d->primary].rule, "team/refined");
    assert_string_equal(d->findings[d->primary].container, "app");
    assert_string_equal(by_rule(d, "team/base", "app")->explained_by,
                        "team.base.refined");
    podsim_diagnosis_free(d);
}

/* ---- host callbacks
 * ------------------------------------------------------------ */

typedef struct cb_state {
    const char *result; /* NULL = decline */
    podsim_status status;
    int calls;
    int freed;
    char seen_container[64];
    char seen_restarts[16];
} cb_state;

static podsim_status check_cb(void *user, const podsim_rule_context *ctx,
                              const char **result, size_t *len) {
    cb_state *s = user;
    s->calls++;
    snprintf(s->seen_container, sizeof s->seen_container, "%s", ctx->container);
    for (size_t i = 0; i < ctx->fact_count; i++) {
        if (i)
            assert_true(strcmp(ctx->facts[i - 1].path, ctx->facts[i].path) <=
                        0);
        if (!strcmp(ctx->facts[i].path, "container.restarts")) {
            snprintf(s->seen_restarts, sizeof s->seen_restarts, "%s",
                     ctx->facts[i].value);
        }
    }
    *result = s->result;
    *len = s->result ? strlen(s->result) : 0;
    return s->status;
}

static void free_cb(void *user) {
    ((cb_state *)user)->freed++;
}

static void add_cb_rule(env *e, const char *id, cb_state *s) {
    char yaml[256];
    snprintf(yaml, sizeof yaml,
             "{id: %s, category: team.cb, on: container, title: from "
             "template, priority: 2000, when: {container.name: app}}",
             id);
    assert_int_equal(podsim_rules_add(e->rules, yaml, strlen(yaml), "py",
                                      check_cb, s, free_cb),
                     PODSIM_OK);
}

static void test_callbacks(void **state) {
    env *e = *state;
    cb_state decline = {NULL, PODSIM_OK, 0, 0, "", ""};
    cb_state fire = {
        "{title: from check, severity: critical, next: "
        "[{command: team runbook, why: ours}], labels: {owner: "
        "platform}, evidence: [{path: custom, value: v, quote: "
        "q}]}",
        PODSIM_OK,
        0,
        0,
        "",
        ""};
    cb_state boom = {"ValueError: boom", PODSIM_EINVAL, 0, 0, "", ""};
    cb_state garbage = {"title: [unclosed", PODSIM_OK, 0, 0, "", ""};
    cb_state template_only = {"", PODSIM_OK, 0, 0, "", ""};
    add_cb_rule(e, "team/decline", &decline);
    add_cb_rule(e, "team/fire", &fire);
    add_cb_rule(e, "team/boom", &boom);
    add_cb_rule(e, "team/garbage", &garbage);
    add_cb_rule(e, "team/template", &template_only);
    podsim_diagnosis *d = diagnose(e, "api");
    assert_int_equal(decline.calls, 1); /* only the app container matched */
    assert_string_equal(decline.seen_container, "app");
    assert_string_equal(decline.seen_restarts, "5");
    assert_false(fired(d, "team/decline"));
    const podsim_finding *f = by_rule(d, "team/fire", "app");
    assert_non_null(f);
    assert_string_equal(f->title, "from check");
    assert_int_equal(f->severity, PODSIM_SEVERITY_CRITICAL);
    assert_int_equal(f->next_count, 1);
    assert_string_equal(f->next[0].command, "team runbook");
    assert_string_equal(f->labels.items[0].key, "owner");
    assert_string_equal(f->evidence[f->evidence_count - 1].quote, "q");
    assert_string_equal(by_rule(d, "team/template", "app")->title,
                        "from template");
    assert_int_equal(d->rule_error_count, 2);
    assert_string_equal(d->rule_errors[0].rule, "team/boom");
    assert_string_equal(d->rule_errors[0].message, "ValueError: boom");
    assert_string_equal(d->rule_errors[1].rule, "team/garbage");
    assert_non_null(strstr(d->rule_errors[1].message, "check result"));
    podsim_diagnosis_free(d);
    /* replacing a rule frees its user data */
    add_cb_rule(e, "team/fire", &decline);
    assert_int_equal(fire.freed, 1);
    /* a failed add keeps the user data the caller's */
    cb_state kept = {NULL, PODSIM_OK, 0, 0, "", ""};
    assert_int_equal(podsim_rules_add(e->rules, "{id: x}", 7, "py", check_cb,
                                      &kept, free_cb),
                     PODSIM_EPARSE);
    assert_int_equal(kept.freed, 0);
    /* freeing the set frees every remaining rule's user data once */
    podsim_rules_free(e->rules);
    e->rules = NULL;
    assert_int_equal(decline.freed, 2); /* team/decline and team/fire */
    assert_int_equal(boom.freed, 1);
    assert_int_equal(garbage.freed, 1);
    assert_int_equal(template_only.freed, 1);
    assert_int_equal(fire.freed, 1);
}

static void test_override_and_disable_builtins(void **state) {
    env *e = *state;
    const char *id = NULL;
    assert_int_equal(podsim_rules_get(e->rules, 0, &id, NULL, NULL), PODSIM_OK);
    char first[128];
    snprintf(first, sizeof first, "%s", id);
    assert_int_equal(podsim_rules_get(e->rules, 1, &id, NULL, NULL), PODSIM_OK);
    char second[128];
    snprintf(second, sizeof second, "%s", id);
    size_t count = podsim_rules_count(e->rules);
    char yaml[256];
    snprintf(yaml, sizeof yaml,
             "{id: %s, category: team.override, title: mine, when: {pod.name: "
             "api}}",
             first);
    load(e, yaml);
    assert_int_equal(podsim_rules_count(e->rules), count); /* replaced */
    assert_int_equal(podsim_rules_disable(e->rules, second), PODSIM_OK);
    assert_int_equal(podsim_rules_disable(e->rules, "core/none"),
                     PODSIM_ENOTFOUND);
    bool enabled = true;
    assert_int_equal(podsim_rules_get(e->rules, 1, NULL, NULL, &enabled),
                     PODSIM_OK);
    assert_false(enabled);
    podsim_diagnosis *d = diagnose(e, "api");
    assert_int_equal(d->rules_overridden.count, 1);
    assert_string_equal(d->rules_overridden.items[0], first);
    assert_int_equal(d->rules_disabled.count, 1);
    assert_string_equal(d->rules_disabled.items[0], second);
    assert_non_null(by_rule(d, first, NULL));
    podsim_diagnosis_free(d);
}

/* ---- the public surface
 * ---------------------------------------------------------- */

static void test_subject_selection_and_errors(void **state) {
    env *e = *state;
    podsim_diagnosis *d = NULL;
    podsim_diagnose_options o = PODSIM_DIAGNOSE_OPTIONS_INIT;
    assert_int_equal(
        podsim_cluster_diagnose(e->cluster, "shop", "nope", &o, &d),
        PODSIM_ENOTFOUND);
    assert_non_null(
        strstr(podsim_cluster_error(e->cluster)->message, "shop/nope"));
    assert_null(d);
    /* no name with two pods in the dump */
    assert_int_equal(podsim_cluster_diagnose(e->cluster, NULL, NULL, &o, &d),
                     PODSIM_ENOTFOUND);
    o.version = 99;
    assert_int_equal(podsim_cluster_diagnose(e->cluster, "shop", "api", &o, &d),
                     PODSIM_EINVAL);
    assert_int_equal(podsim_cluster_diagnose(NULL, "shop", "api", NULL, &d),
                     PODSIM_EINVAL);
    /* a dump with one pod: no name needed; NULL options = built-ins */
    podsim_cluster *one = NULL;
    const char *pod =
        "apiVersion: v1\nkind: Pod\nmetadata: {name: solo, "
        "namespace: default}\nspec: {containers: [{name: c, "
        "image: busybox}]}\n";
    assert_int_equal(podsim_cluster_new(NULL, &one), PODSIM_OK);
    assert_int_equal(
        podsim_cluster_load_string(one, pod, strlen(pod), "p.yaml", NULL),
        PODSIM_OK);
    assert_int_equal(podsim_cluster_diagnose(one, NULL, NULL, NULL, &d),
                     PODSIM_OK);
    assert_string_equal(d->name, "solo");
    assert_string_equal(d->source, "dump");
    podsim_diagnosis_free(d);
    podsim_cluster_free(one);
}

static void test_views_and_renders(void **state) {
    env *e = *state;
    podsim_diagnose_options o = PODSIM_DIAGNOSE_OPTIONS_INIT;
    o.as_of = AS_OF_MS;
    o.flags = PODSIM_DIAGNOSE_NO_WHATIF;
    podsim_diagnosis *d = NULL;
    assert_int_equal(podsim_cluster_diagnose(e->cluster, "shop", "api", &o, &d),
                     PODSIM_OK);
    assert_string_equal(d->kind, "Pod");
    assert_string_equal(d->uid, "11111111-1111-1111-1111-111111111111");
    assert_string_equal(d->node, "node-1");
    assert_int_equal(d->as_of, AS_OF_MS);
    assert_non_null(strstr(d->describe, "Name:"));
    assert_non_null(strstr(d->get_pod, "CrashLoopBackOff"));
    assert_non_null(strstr(d->events, "BackOff"));
    assert_non_null(strstr(d->get_node, "node-1"));
    /* facts are sorted and carry container facts under containers.<c> */
    for (size_t i = 1; i < d->fact_count; i++) {
        assert_true(strcmp(d->facts[i - 1].path, d->facts[i].path) < 0);
    }
    bool found = false;
    for (size_t i = 0; i < d->fact_count; i++) {
        if (!strcmp(d->facts[i].path, "containers.app.restarts")) {
            assert_string_equal(d->facts[i].value, "5");
            found = true;
        }
    }
    assert_true(found);
    const char *text = NULL;
    size_t len = 0;
    assert_int_equal(
        podsim_diagnosis_render(d, PODSIM_DIAGNOSIS_TEXT, &text, &len),
        PODSIM_OK);
    assert_int_equal(strlen(text), len);
    assert_true(!strncmp(text,
                         "Pod shop/api (dump, as of 2026-11-28T10:00:00Z)\n"
                         "STATUS: CrashLoopBackOff   READY: 1/2   RESTARTS: "
                         "5   NODE: node-1\n",
                         strlen("Pod shop/api (dump, as of "
                                "2026-11-28T10:00:00Z)\nSTATUS: "
                                "CrashLoopBackOff   READY: 1/2   RESTARTS: "
                                "5   NODE: node-1\n")));
    assert_non_null(strstr(text, "PRIMARY  "));
    assert_int_equal(
        podsim_diagnosis_render(d, PODSIM_DIAGNOSIS_JSON, &text, &len),
        PODSIM_OK);
    assert_true(text[0] == '{' && text[len - 2] == '}');
    assert_non_null(strstr(text, "\"as_of\":\"2026-11-28T10:00:00Z\""));
    assert_non_null(strstr(text, "\"subject\":{\"kind\":\"Pod\""));
    assert_int_equal(
        podsim_diagnosis_render(d, (podsim_diagnosis_format)7, &text, &len),
        PODSIM_EINVAL);
    podsim_diagnosis_free(d);
    /* without views */
    o.flags |= PODSIM_DIAGNOSE_NO_KUBECTL;
    assert_int_equal(podsim_cluster_diagnose(e->cluster, "shop", "web", &o, &d),
                     PODSIM_OK);
    assert_string_equal(d->describe, "");
    assert_int_equal(d->primary, -1); /* healthy */
    assert_int_equal(d->finding_count, 0);
    assert_int_equal(
        podsim_diagnosis_render(d, PODSIM_DIAGNOSIS_TEXT, &text, &len),
        PODSIM_OK);
    assert_non_null(strstr(text, "No problem found."));
    podsim_diagnosis_free(d);
}

static void test_diagnose_all(void **state) {
    env *e = *state;
    podsim_diagnose_options o = PODSIM_DIAGNOSE_OPTIONS_INIT;
    o.as_of = AS_OF_MS;
    o.flags = PODSIM_DIAGNOSE_NO_WHATIF | PODSIM_DIAGNOSE_NO_KUBECTL;
    podsim_diagnosis_list *list = NULL;
    assert_int_equal(podsim_cluster_diagnose_all(e->cluster, &o, &list),
                     PODSIM_OK);
    assert_int_equal(list->pods_examined, 2);
    assert_int_equal(list->count, 1); /* web is healthy */
    assert_string_equal(list->items[0]->name, "api");
    assert_true(list->items[0]->primary == 0);
    podsim_diagnosis_list_free(list);
    podsim_diagnosis_list_free(NULL);
    podsim_diagnosis_free(NULL);
}

/* ---- workload subjects
 * -------------------------------------------------------- */

static void test_workload_subjects(void **state) {
    env *e = *state;
    load(e,
         "rules:\n"
         "- {id: team/rs, category: team.rs, on: workload, title: "
         "\"{workload.kind} {workload.name} wants {workload.desired}\", "
         "when: {workload.name: api-rs}}\n"
         "- {id: team/any-pod, category: team.pod, title: x}\n");
    podsim_diagnose_options o = PODSIM_DIAGNOSE_OPTIONS_INIT;
    o.as_of = AS_OF_MS;
    o.rules = e->rules;
    podsim_diagnosis *d = NULL;
    assert_int_equal(
        podsim_cluster_diagnose_workload(e->cluster, PODSIM_KIND_REPLICASET,
                                         "shop", "api-rs", &o, &d),
        PODSIM_OK);
    assert_string_equal(d->kind, "ReplicaSet");
    assert_string_equal(d->name, "api-rs");
    assert_string_equal(d->node, "");
    assert_string_equal(d->describe, ""); /* no pod to show */
    /* workload rules only: the pod rule without `when` does not run */
    assert_true(fired(d, "team/rs"));
    assert_false(fired(d, "team/any-pod"));
    assert_string_equal(by_rule(d, "team/rs", NULL)->title,
                        "ReplicaSet api-rs wants 3");
    const char *text = NULL;
    size_t len = 0;
    assert_int_equal(
        podsim_diagnosis_render(d, PODSIM_DIAGNOSIS_TEXT, &text, &len),
        PODSIM_OK);
    assert_true(!strncmp(text,
                         "ReplicaSet shop/api-rs (dump, as of "
                         "2026-11-28T10:00:00Z)\nDESIRED: 3   CURRENT: 1   "
                         "READY: 0\n",
                         strlen("ReplicaSet shop/api-rs (dump, as of "
                                "2026-11-28T10:00:00Z)\nDESIRED: 3   "
                                "CURRENT: 1   READY: 0\n")));
    podsim_diagnosis_free(d);
    /* and the workload rule never runs for a pod */
    d = diagnose(e, "api");
    assert_false(fired(d, "team/rs"));
    assert_true(fired(d, "team/any-pod"));
    podsim_diagnosis_free(d);
    /* errors */
    assert_int_equal(podsim_cluster_diagnose_workload(
                         e->cluster, PODSIM_KIND_POD, "shop", "api", &o, &d),
                     PODSIM_EINVAL);
    assert_int_equal(
        podsim_cluster_diagnose_workload(e->cluster, PODSIM_KIND_DEPLOYMENT,
                                         "shop", "api-rs", &o, &d),
        PODSIM_ENOTFOUND);
    assert_non_null(strstr(podsim_cluster_error(e->cluster)->message,
                           "Deployment shop/api-rs not found"));
    /* the bulk path lists pods, then workloads */
    o.flags = PODSIM_DIAGNOSE_NO_WHATIF;
    podsim_diagnosis_list *list = NULL;
    assert_int_equal(podsim_cluster_diagnose_all(e->cluster, &o, &list),
                     PODSIM_OK);
    assert_int_equal(list->pods_examined, 2);
    assert_int_equal(list->count, 3); /* api, web (team/any-pod), api-rs */
    assert_string_equal(list->items[2]->kind, "ReplicaSet");
    podsim_diagnosis_list_free(list);
}

/* A DaemonSet is short of pods by status.desiredNumberScheduled -
   currentNumberScheduled (`kubectl get ds` DESIRED / CURRENT); a FailedCreate
   only counts while it is short. */
static void test_daemonset_create_failed(void **state) {
    (void)state;
    static const char ds[] =
        "apiVersion: v1\nkind: List\nitems:\n"
        "- apiVersion: apps/v1\n"
        "  kind: DaemonSet\n"
        "  metadata: {name: agent, namespace: ops, uid: ds-1}\n"
        "  spec:\n"
        "    selector: {matchLabels: {app: agent}}\n"
        "    template:\n"
        "      metadata: {labels: {app: agent}}\n"
        "      spec: {containers: [{name: a, image: agent:1}]}\n"
        "  status: {desiredNumberScheduled: 3, currentNumberScheduled: %d, "
        "numberReady: %d}\n"
        "- apiVersion: v1\n"
        "  kind: Event\n"
        "  metadata: {name: agent.1, namespace: ops}\n"
        "  involvedObject: {kind: DaemonSet, namespace: ops, name: agent, uid: "
        "ds-1}\n"
        "  reason: FailedCreate\n"
        "  type: Warning\n"
        "  message: 'Error creating: pods \"agent-x2k9l\" is forbidden: "
        "violates PodSecurity \"baseline:latest\": host namespaces "
        "(hostNetwork=true)'\n"
        "  count: 4\n"
        "  firstTimestamp: \"2026-11-28T09:50:00Z\"\n"
        "  lastTimestamp: \"2026-11-28T09:59:00Z\"\n"
        "  source: {component: daemonset-controller}\n";
    for (int current = 2; current <= 3; current++) {
        char text[2048];
        snprintf(text, sizeof text, ds, current, current);
        podsim_cluster *c = NULL;
        assert_int_equal(podsim_cluster_new(NULL, &c), PODSIM_OK);
        assert_int_equal(
            podsim_cluster_load_string(c, text, strlen(text), "ds.yaml", NULL),
            PODSIM_OK);
        podsim_diagnose_options o = PODSIM_DIAGNOSE_OPTIONS_INIT;
        o.as_of = AS_OF_MS;
        podsim_diagnosis *d = NULL;
        assert_int_equal(podsim_cluster_diagnose_workload(
                             c, PODSIM_KIND_DAEMONSET, "ops", "agent", &o, &d),
                         PODSIM_OK);
        if (current == 2) {
            assert_int_equal(d->primary, 0);
            assert_string_equal(d->findings[0].category,
                                "workload.create-failed.pod-security");
        } else {
            assert_int_equal(d->primary, -1); /* all scheduled since */
        }
        podsim_diagnosis_free(d);
        podsim_cluster_free(c);
    }
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_builtins_load),
        cmocka_unit_test(test_compile_errors),
        cmocka_unit_test_setup_teardown(test_operators, setup, teardown),
        cmocka_unit_test_setup_teardown(test_container_rules_and_events, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_templates_and_evidence, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_ranking_and_suppression, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_refinement_reads_findings, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_callbacks, setup, teardown),
        cmocka_unit_test_setup_teardown(test_override_and_disable_builtins,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_subject_selection_and_errors,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_views_and_renders, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_diagnose_all, setup, teardown),
        cmocka_unit_test_setup_teardown(test_workload_subjects, setup,
                                        teardown),
        cmocka_unit_test(test_daemonset_create_failed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
