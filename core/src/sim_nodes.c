/*
 * sim_nodes.c - Node objects in a simulation, and the what-if actions an
 * operator (or the infrastructure) takes on them.
 *
 * Two things live here:
 *   - the Node object as the API server holds it: conditions, taints and
 *     spec.unschedulable, written by the kubelet's status updates, the node
 *     lifecycle controller and kubectl (cordon, taint). Writes give the node
 *     new arrays instead of changing the old ones, so views shared with
 *     forks and the loaded cluster never change under them; every change is
 *     a watch notification (WATCH_NODE_*) and a line in the change log;
 *   - the machine behind it (sim_node_state: what the kubelet and the
 *     containers really do), which the API does not show: a failed node
 *     looks Ready until the node lifecycle controller notices
 *     (pkg/controller/nodelifecycle/node_lifecycle_controller.go).
 *
 * The actions (fail, recover, delete, cordon, drain, taint) are the
 * operator's verbs: kubectl cordon/uncordon/drain/taint/delete node
 * (staging/src/k8s.io/kubectl/pkg/cmd/...) and what a cloud does to a VM.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim.h"

enum { OP_ACTION_RUN = 0 };

/* ---- machine state --------------------------------------------------------
 */

static sim_node_state fresh_state(void) {
    sim_node_state st;
    memset(&st, 0, sizeof st);
    st.health = NODE_HEALTHY;
    st.last_heartbeat = -1;
    st.failed_at = -1;
    st.recovered_at = -1;
    return st;
}

sim_node_state *sim_node(podsim_sim *sim, podsim_id node) {
    while (sim->node_state.len <= (size_t)node) {
        sim_node_state *st = vec_push(&sim->node_state);
        if (!st) {
            /* never NULL for callers: a static scratch state, and the run
               is marked failed */
            static sim_node_state scratch;
            sim_fail_oom(sim);
            scratch = fresh_state();
            return &scratch;
        }
        *st = fresh_state();
    }
    return vec_at(&sim->node_state, (size_t)node);
}

void sim_node_set_health(podsim_sim *sim, podsim_id node,
                         sim_node_health health) {
    sim_node_state *st = sim_node(sim, node);
    if (st->health == health) return;
    bool was_alive = sim_node_kubelet_alive(st);
    st->health = (uint8_t)health;
    if (!sim_node_kubelet_alive(st)) {
        if (was_alive) st->last_heartbeat = sim->now - sim->nl.heartbeat_age_ms;
    } else {
        st->last_heartbeat = -1;
    }
    if (health == NODE_OFF) st->was_off = true;
    sim_node_changed(sim, node, WATCH_NODE_HEALTH);
}

/* Nodes in a loaded dump that the dump shows as not reporting: Ready
   Unknown means the kubelet had gone silent (since the condition's last
   heartbeat), Ready False means it reports NotReady. */
void sim_nodes_adopt(podsim_sim *sim) {
    size_t n = podsim_cluster_count(sim->c, PODSIM_KIND_NODE);
    for (size_t i = 0; i < n; i++) {
        const podsim_node *node = podsim_cluster_node(sim->c, (podsim_id)i);
        sim_node_state *st = sim_node(sim, (podsim_id)i);
        const podsim_condition *ready = sim_node_condition(node, "Ready");
        if (!ready) continue;
        if (strcmp(ready->status, "Unknown") == 0) {
            st->health = NODE_UNREACHABLE;
            int64_t hb = ready->last_heartbeat_time;
            st->last_heartbeat = hb == PODSIM_NO_TIME ? 0 : hb - sim->epoch_ms;
        } else if (strcmp(ready->status, "False") == 0) {
            st->health = NODE_NOT_READY;
        }
    }
}

/* ---- reading nodes ---------------------------------------------------------
 */

const podsim_condition *sim_node_condition(const podsim_node *node,
                                           const char *type) {
    return conditions_find(node->conditions, node->condition_count, type);
}

bool sim_node_has_taint(const podsim_node *node, const char *key,
                        podsim_taint_effect effect) {
    for (size_t i = 0; i < node->taint_count; i++) {
        const podsim_taint *t = &node->taints[i];
        if (strcmp(t->key, key) == 0 &&
            (effect == PODSIM_EFFECT_NONE || t->effect == effect)) {
            return true;
        }
    }
    return false;
}

const char *sim_node_zone_key(podsim_sim *sim, const podsim_node *node) {
    /* utilnode.GetZoneKey: region + ":\x00:" + zone, "" when both are
       empty; any separator that labels cannot hold does the same job */
    if (!node->region[0] && !node->zone[0]) return "";
    return sim_internf(sim, "%s\x1f%s", node->region, node->zone);
}

podsim_id sim_find_node(podsim_sim *sim, const char *name) {
    podsim_id id = cluster_lookup(sim->c, PODSIM_KIND_NODE, NULL, name);
    if (id == PODSIM_NO_ID) return id;
    const podsim_node *node = podsim_cluster_node(sim->c, id);
    return node && !node->removed ? id : PODSIM_NO_ID;
}

/* ---- writing nodes
 * ----------------------------------------------------------- */

static podsim_node *node_mut(podsim_sim *sim, podsim_id node) {
    return (podsim_node *)podsim_cluster_node(sim->c, node);
}

static bool logging(const podsim_sim *sim) {
    return !(sim->flags & PODSIM_SIM_QUIET);
}

/* kubectl get nodes STATUS (the printer's), for the change log; NULL when
   the change log is off */
static const char *status_text(podsim_sim *sim, const podsim_node *node) {
    if (!logging(sim)) return NULL;
    char status[40];
    node_status_text(node, status, sizeof status);
    return sim_intern(sim, status);
}

static const char *taints_text(podsim_sim *sim, const podsim_node *node) {
    strbuf b;
    strbuf_init(&b);
    for (size_t i = 0; i < node->taint_count; i++) {
        const podsim_taint *t = &node->taints[i];
        strbuf_printf(&b, "%s%s%s%s:%s", i ? "," : "", t->key,
                      t->value[0] ? "=" : "", t->value,
                      podsim_taint_effect_name(t->effect));
    }
    const char *out = sim_intern(sim, b.failed ? "" : strbuf_str(&b));
    strbuf_release(&b);
    return out;
}

static void log_node(podsim_sim *sim, const podsim_node *node,
                     const char *field, const char *value) {
    if (!logging(sim)) return;
    sim_log_change(sim, "Node", &node->meta, sim_intern(sim, field), value);
}

static void log_status(podsim_sim *sim, const podsim_node *node,
                       const char *before) {
    if (!logging(sim)) return;
    const char *after = status_text(sim, node);
    if (after != before) log_node(sim, node, "status", after);
}

bool sim_node_set_condition(podsim_sim *sim, podsim_id node, const char *type,
                            const char *status, const char *reason,
                            const char *message, int64_t heartbeat) {
    podsim_node *n = node_mut(sim, node);
    if (!n) return false;
    const podsim_condition *old = sim_node_condition(n, type);
    if (old && strcmp(old->status, status) == 0 &&
        strcmp(old->reason, reason) == 0 &&
        strcmp(old->message, message) == 0 &&
        (heartbeat == PODSIM_NO_TIME ||
         old->last_heartbeat_time == sim_wall(sim, heartbeat))) {
        return false;
    }
    const char *before = status_text(sim, n);
    size_t count = n->condition_count + (old ? 0 : 1);
    podsim_condition *all = arena_alloc(&sim->c->mem, count * sizeof *all);
    const char *itype = sim_intern(sim, type);
    const char *istatus = sim_intern(sim, status);
    const char *ireason = sim_intern(sim, reason);
    const char *imessage = sim_intern(sim, message);
    if (!all || !itype || !istatus || !ireason || !imessage) {
        sim_fail_oom(sim);
        return false;
    }
    if (n->condition_count) {
        memcpy(all, n->conditions, n->condition_count * sizeof *all);
    }
    podsim_condition *c = old ? all + (old - n->conditions) : all + count - 1;
    bool flipped = !old || strcmp(old->status, status) != 0;
    if (!old) {
        memset(c, 0, sizeof *c);
        c->last_probe_time = PODSIM_NO_TIME;
        c->last_heartbeat_time = PODSIM_NO_TIME;
    }
    c->type = itype;
    c->status = istatus;
    c->reason = ireason;
    c->message = imessage;
    if (flipped) c->last_transition_time = sim_wall(sim, sim->now);
    if (heartbeat != PODSIM_NO_TIME) {
        c->last_heartbeat_time = sim_wall(sim, heartbeat);
    }
    n->conditions = all;
    n->condition_count = count;
    if (flipped && logging(sim)) {
        log_node(sim, n, sim_internf(sim, "condition/%s", type), istatus);
        log_status(sim, n, before);
    }
    sim_node_changed(sim, node, WATCH_NODE_CONDITIONS);
    return true;
}

static bool set_taints(podsim_sim *sim, podsim_node *n, podsim_taint *all,
                       size_t count) {
    n->taints = all;
    n->taint_count = count;
    sched_nodes_spec_changed(sim->c); /* at once, not at the notification */
    if (logging(sim)) log_node(sim, n, "taints", taints_text(sim, n));
    sim_node_changed(sim, n->id, WATCH_NODE_TAINTS);
    return true;
}

bool sim_node_add_taint(podsim_sim *sim, podsim_id node, const char *key,
                        const char *value, podsim_taint_effect effect) {
    podsim_node *n = node_mut(sim, node);
    if (!n) return false;
    if (!value) value = "";
    size_t at = n->taint_count;
    for (size_t i = 0; i < n->taint_count; i++) {
        if (strcmp(n->taints[i].key, key) == 0 &&
            n->taints[i].effect == effect) {
            if (strcmp(n->taints[i].value, value) == 0) return false;
            at = i;
        }
    }
    size_t count = n->taint_count + (at == n->taint_count ? 1 : 0);
    podsim_taint *all = arena_alloc(&sim->c->mem, count * sizeof *all);
    const char *ikey = sim_intern(sim, key);
    const char *ivalue = sim_intern(sim, value);
    if (!all || !ikey || !ivalue) {
        sim_fail_oom(sim);
        return false;
    }
    if (n->taint_count) memcpy(all, n->taints, n->taint_count * sizeof *all);
    all[at].key = ikey;
    all[at].value = ivalue;
    all[at].effect = effect;
    /* upstream stamps timeAdded on NoExecute taints only
       (SwapNodeControllerTaint, and the API server for kubectl taint) */
    all[at].time_added = effect == PODSIM_EFFECT_NO_EXECUTE
                             ? sim_wall(sim, sim->now)
                             : PODSIM_NO_TIME;
    return set_taints(sim, n, all, count);
}

bool sim_node_remove_taint(podsim_sim *sim, podsim_id node, const char *key,
                           podsim_taint_effect effect) {
    podsim_node *n = node_mut(sim, node);
    if (!n || !sim_node_has_taint(n, key, effect)) return false;
    podsim_taint *all = arena_alloc(
        &sim->c->mem, (n->taint_count ? n->taint_count : 1) * sizeof *all);
    if (!all) {
        sim_fail_oom(sim);
        return false;
    }
    size_t count = 0;
    for (size_t i = 0; i < n->taint_count; i++) {
        const podsim_taint *t = &n->taints[i];
        if (strcmp(t->key, key) == 0 &&
            (effect == PODSIM_EFFECT_NONE || t->effect == effect)) {
            continue;
        }
        all[count++] = *t;
    }
    return set_taints(sim, n, all, count);
}

bool sim_node_set_unschedulable(podsim_sim *sim, podsim_id node,
                                bool unschedulable) {
    podsim_node *n = node_mut(sim, node);
    if (!n || n->unschedulable == unschedulable) return false;
    const char *before = status_text(sim, n);
    n->unschedulable = unschedulable;
    sched_nodes_spec_changed(sim->c);
    log_status(sim, n, before);
    sim_node_changed(sim, node, WATCH_NODE_SPEC);
    return true;
}

void sim_node_changed(podsim_sim *sim, podsim_id node, unsigned what) {
    sim_post(sim, sim->now, MOD_ENGINE, SIM_OP_WATCH_NODE, node, (int32_t)what,
             0);
}

/* ---- deleting and registering Node objects ---------------------------------
 */

/* kubectl delete node: the object is gone (pods bound to it stay, for the
   pod garbage collector to find as orphans). */
static void delete_node_object(podsim_sim *sim, podsim_id node) {
    podsim_node *n = node_mut(sim, node);
    if (!n || n->removed) return;
    n->removed = true;
    sim_node(sim, node)->deleted = true;
    cluster_remove_node(sim->c, node);
    log_node(sim, n, "status", sim_intern(sim, "Deleted"));
    sim_event(sim, "Normal", "RemovingNode", PODSIM_KIND_NODE, node, NULL,
              "node-controller",
              "Node %s event: Removing Node %s from Controller", n->meta.name,
              n->meta.name);
    sim_node_changed(sim, node, WATCH_NODE_DELETED);
}

/* The kubelet registers its Node again (it comes back after its Node was
   deleted): a new object with the old one's labels, capacity and spec, no
   taints but those it registers with, and Ready posted at once. */
static podsim_id register_node_again(podsim_sim *sim, podsim_id old) {
    const podsim_node *o = podsim_cluster_node(sim->c, old);
    podsim_node *n = cluster_new_object(sim->c, PODSIM_KIND_NODE);
    if (!n) {
        sim_fail_oom(sim);
        return PODSIM_NO_ID;
    }
    podsim_id id = n->id;
    o = podsim_cluster_node(sim->c, old); /* (segmented: still valid) */
    *n = *o;
    n->id = id;
    n->removed = false;
    n->taints = NULL;
    n->taint_count = 0;
    n->conditions = NULL;
    n->condition_count = 0;
    n->unschedulable = false;
    n->meta.creation_timestamp = sim_wall(sim, sim->now);
    n->meta.uid =
        sim_internf(sim, "node-uid-%d-%lld", (int)id, (long long)sim->now);
    memset(&n->requested, 0, sizeof n->requested);
    n->pod_count = 0;
    if (cluster_index_add(sim->c, PODSIM_KIND_NODE, NULL, n->meta.name, id)) {
        sim_fail_oom(sim);
        return PODSIM_NO_ID;
    }
    cluster_node_added(sim->c, id);
    sim_node_state *st = sim_node(sim, id);
    *st = fresh_state();
    st->recovered_at = sim->now;
    sim_event(sim, "Normal", "RegisteredNode", PODSIM_KIND_NODE, id, NULL,
              "node-controller",
              "Node %s event: Registered Node %s in Controller", n->meta.name,
              n->meta.name);
    sim_node_changed(sim, id, WATCH_NODE_ADDED | WATCH_NODE_HEALTH);
    return id;
}

/* ---- actions
 * ------------------------------------------------------------------ */

static const char *failure_name(int mode) {
    const char *n = podsim_enum_name(PODSIM_ENUM_NODE_FAILURE, mode);
    return n ? n : "";
}

static void fail_node(podsim_sim *sim, podsim_id node, int mode) {
    sim_node_state *st = sim_node(sim, node);
    st->failed_at = sim->now;
    report_node_action(sim, node, failure_name(mode));
    switch ((podsim_node_failure)mode) {
    case PODSIM_NODE_UNREACHABLE:
        sim_node_set_health(sim, node, NODE_UNREACHABLE);
        break;
    case PODSIM_NODE_NOT_READY:
        sim_node_set_health(sim, node, NODE_NOT_READY);
        break;
    case PODSIM_NODE_SHUTDOWN:
        /* graceful node shutdown only when the kubelet is configured for
           it; otherwise the machine just goes off */
        sim_node_set_health(sim, node,
                            sim->nl.shutdown_grace_period_ms > 0
                                ? NODE_SHUTTING_DOWN
                                : NODE_OFF);
        break;
    case PODSIM_NODE_DELETED:
        sim_node_set_health(sim, node, NODE_OFF);
        delete_node_object(sim, node);
        break;
    }
}

static void recover_node(podsim_sim *sim, podsim_id node) {
    sim_node_state *st = sim_node(sim, node);
    const podsim_node *n = podsim_cluster_node(sim->c, node);
    report_node_action(sim, node, "recovered");
    if (st->deleted || (n && n->removed)) {
        /* the machine returns and its kubelet registers the Node again */
        podsim_id fresh = register_node_again(sim, node);
        if (fresh != PODSIM_NO_ID) report_node_action(sim, fresh, "recovered");
        return;
    }
    st->recovered_at = sim->now;
    sim_node_set_health(sim, node, NODE_HEALTHY);
}

/* "key[=value]:Effect" adds, a trailing "-" removes ("key-" removes every
   effect), as kubectl taint parses its argument (ParseTaints). */
static podsim_status taint_node(podsim_sim *sim, podsim_id node,
                                const char *text, bool apply) {
    char key[254], value[64], effect_text[32];
    size_t len = strlen(text);
    bool remove = len > 0 && text[len - 1] == '-';
    if (remove) len--;
    const char *colon = memchr(text, ':', len);
    const char *eq = memchr(text, '=', colon ? (size_t)(colon - text) : len);
    size_t key_len =
        eq ? (size_t)(eq - text) : (colon ? (size_t)(colon - text) : len);
    size_t value_len = eq ? (size_t)((colon ? colon : text + len) - eq - 1) : 0;
    size_t effect_len = colon ? (size_t)(text + len - colon - 1) : 0;
    if (key_len == 0 || key_len >= sizeof key || value_len >= sizeof value ||
        effect_len >= sizeof effect_text || (!colon && !remove)) {
        return sim_error(sim, PODSIM_EINVAL,
                         "taint: invalid taint spec \"%s\": expected "
                         "key[=value]:Effect (Effect NoSchedule, "
                         "PreferNoSchedule or NoExecute), or key- to remove",
                         text);
    }
    memcpy(key, text, key_len);
    key[key_len] = '\0';
    memcpy(value, eq ? eq + 1 : "", value_len);
    value[value_len] = '\0';
    memcpy(effect_text, colon ? colon + 1 : "", effect_len);
    effect_text[effect_len] = '\0';
    int effect = PODSIM_EFFECT_NONE;
    if (effect_len && (podsim_enum_value(PODSIM_ENUM_TAINT_EFFECT, effect_text,
                                         &effect) != PODSIM_OK ||
                       effect == PODSIM_EFFECT_NONE)) {
        return sim_error(sim, PODSIM_EINVAL,
                         "taint: invalid taint effect \"%s\" in \"%s\": "
                         "expected NoSchedule, PreferNoSchedule or NoExecute",
                         effect_text, text);
    }
    if (!apply) return PODSIM_OK;
    if (remove) {
        sim_node_remove_taint(sim, node, key, (podsim_taint_effect)effect);
    } else {
        report_node_action(sim, node, "tainted");
        sim_node_add_taint(sim, node, key, value, (podsim_taint_effect)effect);
    }
    return PODSIM_OK;
}

static void cordon(podsim_sim *sim, podsim_id node, bool on) {
    if (on) report_node_action(sim, node, "cordoned");
    sim_node_set_unschedulable(sim, node, on);
}

static void run_on_node(podsim_sim *sim, const sim_action *a, podsim_id node) {
    switch ((sim_action_kind)a->kind) {
    case ACTION_FAIL_NODE:
    case ACTION_FAIL_ZONE: fail_node(sim, node, a->mode); break;
    case ACTION_RECOVER_NODE: recover_node(sim, node); break;
    case ACTION_DELETE_NODE:
        report_node_action(sim, node, "deleted");
        delete_node_object(sim, node);
        break;
    case ACTION_CORDON_NODE: cordon(sim, node, a->mode != 0); break;
    case ACTION_DRAIN_NODE:
        /* kubectl drain = cordon, then evict (disruption.c) */
        report_node_action(sim, node, "drained");
        sim_node_set_unschedulable(sim, node, true);
        disruption_drain(sim, node);
        break;
    case ACTION_TAINT_NODE: taint_node(sim, node, a->text, true); break;
    }
}

/* A node that failed and whose object was deleted is still what a
   recovery names: find the newest object with that name. */
static podsim_id node_by_name_any(podsim_sim *sim, const char *name) {
    podsim_id live = sim_find_node(sim, name);
    if (live != PODSIM_NO_ID) return live;
    size_t n = podsim_cluster_count(sim->c, PODSIM_KIND_NODE);
    for (size_t i = n; i-- > 0;) {
        const podsim_node *node = podsim_cluster_node(sim->c, (podsim_id)i);
        if (strcmp(node->meta.name, name) == 0) return (podsim_id)i;
    }
    return PODSIM_NO_ID;
}

void sim_action_run(podsim_sim *sim, int32_t index) {
    const sim_action *a = vec_at(&sim->actions, (size_t)index);
    if (a->kind == ACTION_FAIL_ZONE) {
        size_t n = podsim_cluster_count(sim->c, PODSIM_KIND_NODE);
        for (size_t i = 0; i < n; i++) {
            const podsim_node *node = podsim_cluster_node(sim->c, (podsim_id)i);
            if (!node->removed && strcmp(node->zone, a->target) == 0) {
                run_on_node(sim, a, (podsim_id)i);
            }
        }
        return;
    }
    podsim_id node = a->kind == ACTION_RECOVER_NODE
                         ? node_by_name_any(sim, a->target)
                         : sim_find_node(sim, a->target);
    if (node != PODSIM_NO_ID) run_on_node(sim, a, node);
}

/* ---- the public verbs
 * -------------------------------------------------------- */

static bool zone_exists(podsim_sim *sim, const char *zone) {
    size_t n = podsim_cluster_count(sim->c, PODSIM_KIND_NODE);
    for (size_t i = 0; i < n; i++) {
        const podsim_node *node = podsim_cluster_node(sim->c, (podsim_id)i);
        if (!node->removed && strcmp(node->zone, zone) == 0) return true;
    }
    return false;
}

static char *copy_or_null(const char *s) {
    if (!s) return NULL;
    size_t n = strlen(s) + 1;
    char *out = malloc(n);
    if (out) memcpy(out, s, n);
    return out;
}

static podsim_status post_action(podsim_sim *sim, const char *verb,
                                 sim_action_kind kind, int mode,
                                 const char *target, const char *text,
                                 int64_t at_ms) {
    if (!sim) return PODSIM_EINVAL;
    sim_clear_error(sim);
    if (!target) return sim_error(sim, PODSIM_EINVAL, "%s: name is NULL", verb);
    if (at_ms < sim->now) {
        return sim_error(sim, PODSIM_EINVAL,
                         "%s: time %lld ms is before now (%lld ms)", verb,
                         (long long)at_ms, (long long)sim->now);
    }
    /* an action for now must name something that exists now (kubectl's
       "not found"); a later one is resolved when its time comes */
    if (at_ms == sim->now) {
        bool found = kind == ACTION_FAIL_ZONE
                         ? zone_exists(sim, target)
                         : (kind == ACTION_RECOVER_NODE
                                ? node_by_name_any(sim, target) != PODSIM_NO_ID
                                : sim_find_node(sim, target) != PODSIM_NO_ID);
        if (!found) {
            return sim_error(sim, PODSIM_ENOTFOUND, "%s \"%s\" not found",
                             kind == ACTION_FAIL_ZONE ? "zone" : "nodes",
                             target);
        }
    }
    sim_action a;
    a.kind = kind;
    a.mode = mode;
    a.target = copy_or_null(target);
    a.text = copy_or_null(text);
    sim_action *slot = vec_push(&sim->actions);
    if (!a.target || (text && !a.text) || !slot) {
        free(a.target);
        free(a.text);
        if (slot) sim->actions.len--;
        return sim_error(sim, PODSIM_ENOMEM, "out of memory");
    }
    *slot = a;
    if (!sim_post(sim, at_ms, MOD_ENGINE, SIM_OP_ACTION,
                  (int32_t)(sim->actions.len - 1), 0, 0)) {
        return sim_error(sim, PODSIM_ENOMEM, "out of memory");
    }
    return PODSIM_OK;
}

static podsim_status check_mode(podsim_sim *sim, const char *verb,
                                podsim_node_failure mode) {
    if (!sim) return PODSIM_EINVAL;
    if ((unsigned)mode > PODSIM_NODE_DELETED) {
        return sim_error(sim, PODSIM_EINVAL,
                         "%s: unknown failure mode %d (expected unreachable, "
                         "not-ready, shutdown or deleted)",
                         verb, (int)mode);
    }
    return PODSIM_OK;
}

podsim_status podsim_sim_fail_node(podsim_sim *sim, const char *node,
                                   int64_t at_ms, podsim_node_failure mode) {
    podsim_status s = check_mode(sim, "fail_node", mode);
    if (s) return s;
    return post_action(sim, "fail_node", ACTION_FAIL_NODE, (int)mode, node,
                       NULL, at_ms);
}

podsim_status podsim_sim_fail_zone(podsim_sim *sim, const char *zone,
                                   int64_t at_ms, podsim_node_failure mode) {
    podsim_status s = check_mode(sim, "fail_zone", mode);
    if (s) return s;
    return post_action(sim, "fail_zone", ACTION_FAIL_ZONE, (int)mode, zone,
                       NULL, at_ms);
}

podsim_status podsim_sim_recover_node(podsim_sim *sim, const char *node,
                                      int64_t at_ms) {
    return post_action(sim, "recover_node", ACTION_RECOVER_NODE, 0, node, NULL,
                       at_ms);
}

podsim_status podsim_sim_delete_node(podsim_sim *sim, const char *node,
                                     int64_t at_ms) {
    return post_action(sim, "delete_node", ACTION_DELETE_NODE, 0, node, NULL,
                       at_ms);
}

podsim_status podsim_sim_cordon_node(podsim_sim *sim, const char *node,
                                     int64_t at_ms, bool unschedulable) {
    return post_action(sim, "cordon_node", ACTION_CORDON_NODE,
                       unschedulable ? 1 : 0, node, NULL, at_ms);
}

podsim_status podsim_sim_drain_node(podsim_sim *sim, const char *node,
                                    int64_t at_ms) {
    return post_action(sim, "drain_node", ACTION_DRAIN_NODE, 0, node, NULL,
                       at_ms);
}

podsim_status podsim_sim_taint_node(podsim_sim *sim, const char *node,
                                    const char *taint, int64_t at_ms) {
    if (!sim) return PODSIM_EINVAL;
    sim_clear_error(sim);
    if (!taint) return sim_error(sim, PODSIM_EINVAL, "taint: taint is NULL");
    podsim_status s = taint_node(sim, PODSIM_NO_ID, taint, false);
    if (s) return s;
    return post_action(sim, "taint", ACTION_TAINT_NODE, 0, node, taint, at_ms);
}

/* ---- engine housekeeping
 * -------------------------------------------------------- */

void sim_actions_free(podsim_sim *sim) {
    for (size_t i = 0; i < sim->actions.len; i++) {
        sim_action *a = vec_at(&sim->actions, i);
        free(a->target);
        free(a->text);
    }
    vec_release(&sim->actions);
    vec_release(&sim->node_state);
}

bool sim_actions_fork(podsim_sim *dst, const podsim_sim *src) {
    if (!vec_copy(&dst->node_state, &src->node_state)) return false;
    for (size_t i = 0; i < src->actions.len; i++) {
        const sim_action *a = vec_at(&src->actions, i);
        sim_action *b = vec_push(&dst->actions);
        if (!b) return false;
        *b = *a;
        b->target = copy_or_null(a->target);
        b->text = copy_or_null(a->text);
        if (!b->target || (a->text && !b->text)) {
            free(b->target);
            free(b->text);
            dst->actions.len--;
            return false;
        }
    }
    return true;
}
