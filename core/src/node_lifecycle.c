/*
 * node_lifecycle.c - a node's health as the control plane sees it: the
 * kubelet's side of the Node status and the node lifecycle controller.
 *
 * The kubelet side (pkg/kubelet/nodestatus/setters.go ReadyCondition and
 * the pressure setters, pkg/kubelet/runtime.go, nodeshutdown): while the
 * machine runs (sim_node_state.health), the kubelet posts Ready True or
 * False and renews its Lease every 10 s. Renewals are not queue entries:
 * a live kubelet's Lease is always fresh for the controller, and a silent
 * one's last renewal is sim_node_state.last_heartbeat (closed form).
 *
 * The node lifecycle controller (pkg/controller/nodelifecycle/
 * node_lifecycle_controller.go, scheduler/rate_limited_queue.go,
 * pkg/controller/util/node/controller_utils.go):
 *   - monitorNodeHealth every node-monitor-period: a node whose Lease has
 *     not been renewed for longer than the grace period gets Ready,
 *     MemoryPressure, DiskPressure and PIDPressure Unknown, its pods
 *     Ready=False (MarkPodsNotReady) and is queued for a NoExecute taint
 *     (processTaintBaseEviction, from the Ready condition seen when the pass
 *     started); zone states and rate limits follow (handleDisruption);
 *   - doNoScheduleTaintingPass on every Node add or update;
 *   - doNoExecuteTaintingPass every 100 ms: one RateLimitedTimedQueue per
 *     zone, guarded by a token bucket of burst 1.
 * A pass costs O(suspect nodes + zones): nodes that are healthy, Ready and
 * untainted are left out, as the pass would do nothing for them; zone
 * counts are kept as nodes change.
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "match.h"
#include "sim.h"

enum {
    OP_INIT = 0,    /* time 0: the informers' initial list */
    OP_MONITOR = 1, /* monitorNodeHealth (periodic) */
    OP_TAINT = 2    /* doNoExecuteTaintingPass (periodic, while needed) */
};

/* scheduler.NodeEvictionPeriod */
#define TAINT_LOOP_MS 100

#define LABEL_EXCLUDE_DISRUPTION "node.kubernetes.io/exclude-disruption"

/* A node's Ready condition, as the controller reads it. */
typedef enum ready_status {
    READY_NONE = 0, /* never posted */
    READY_TRUE,
    READY_FALSE,
    READY_UNKNOWN,
    READY_OTHER /* a status upstream has no case for */
} ready_status;

typedef enum zone_state {
    ZONE_INITIAL = 0,
    ZONE_NORMAL,
    ZONE_PARTIAL,
    ZONE_FULL
} zone_state;

/* nl_node.flags */
#define NF_SEEN 1u     /* zone and counts set up */
#define NF_EXCLUDED 2u /* node.kubernetes.io/exclude-disruption */
#define NF_SUSPECT 4u  /* in the suspects list */
#define NF_IN_SET 8u   /* in its zone queue's set (UniqueQueue.set) */
#define NF_QUEUED 16u  /* waiting in its zone queue */
#define NF_GONE 32u    /* the Node object was deleted */
#define NF_MARK 64u    /* scratch: went not-Ready in this pass */

/* nl_node.counted: how the node counts in its zone */
enum { COUNT_NONE = 0, COUNT_READY, COUNT_NOT_READY };

typedef struct nl_node {
    int32_t zone;       /* index into zones, -1 before NF_SEEN */
    int32_t next, prev; /* links in the zone queue, -1 */
    int64_t process_at; /* TimedValue.ProcessAt */
    uint8_t flags;      /* NF_* */
    uint8_t counted;    /* COUNT_* */
} nl_node;

/* A zone: its state, its NoExecute tainting queue (a FIFO: items are
   added at the current time, so appending keeps them ordered by
   ProcessAt) and the queue's token bucket (burst 1: a token is there
   from next_token on). */
typedef struct nl_zone {
    char *key;         /* utilnode.GetZoneKey (malloc) */
    int32_t members;   /* nodes seen and not deleted, excluded ones too */
    int32_t ready;     /* counted nodes whose Ready is True */
    int32_t not_ready; /* counted nodes whose Ready is absent or not True */
    uint8_t state;     /* zone_state */
    bool tracked;      /* in the controller's zoneStates */
    float qps;         /* the limiter's rate; 0 = never (FakeNever) */
    int64_t next_token;
    int32_t head, tail;
} nl_zone;

typedef struct nl_state {
    vec nodes;            /* nl_node per node id */
    vec zones;            /* nl_zone */
    vec suspects;         /* int32 node ids a pass must look at */
    bool suspects_sorted; /* ascending ids (passes walk them in order) */
    size_t seen;          /* node ids below this were looked at */
    int64_t probe_floor;  /* leaving master disruption mode resets every
                             node's probeTimestamp to then */
    int64_t last_tick;    /* the tainting loop ran at this instant */
    int64_t tick_at;      /* a tainting loop entry is pending then, -1 */
    int32_t queued;       /* nodes waiting in all zone queues */
    vec went;             /* scratch: nodes that went not Ready in a pass */
    bool listed;          /* the initial list (time 0) was taken */
} nl_state;

static nl_state *state_of(podsim_sim *sim) {
    return sim_state(sim, MOD_NODES);
}

/* ---- small readers ---------------------------------------------------- */

static ready_status ready_of(const podsim_node *node) {
    const podsim_condition *c = sim_node_condition(node, "Ready");
    if (!c) return READY_NONE;
    if (strcmp(c->status, "True") == 0) return READY_TRUE;
    if (strcmp(c->status, "False") == 0) return READY_FALSE;
    if (strcmp(c->status, "Unknown") == 0) return READY_UNKNOWN;
    return READY_OTHER;
}

static bool condition_is(const podsim_node *node, const char *type,
                         const char *status) {
    const podsim_condition *c = sim_node_condition(node, type);
    return c && strcmp(c->status, status) == 0;
}

static const podsim_node *live_node(podsim_sim *sim, podsim_id id) {
    const podsim_node *node = podsim_cluster_node(sim->c, id);
    return node && !node->removed ? node : NULL;
}

/* The node's record (grown as ids appear); NULL when out of memory. */
static nl_node *rec(podsim_sim *sim, nl_state *s, podsim_id id) {
    while (s->nodes.len <= (size_t)id) {
        nl_node *x = vec_push(&s->nodes);
        if (!x) {
            sim_fail_oom(sim);
            return NULL;
        }
        x->zone = -1;
        x->next = x->prev = -1;
    }
    return vec_at(&s->nodes, (size_t)id);
}

static nl_zone *zone_at(nl_state *s, int32_t z) {
    return vec_at(&s->zones, (size_t)z);
}

/* Creation time in simulated ms (PODSIM_NO_TIME when unknown). */
static int64_t created_at(podsim_sim *sim, const podsim_node *node) {
    int64_t t = node->meta.creation_timestamp;
    return t == PODSIM_NO_TIME ? PODSIM_NO_TIME : t - sim->epoch_ms;
}

/* ---- the token bucket (client-go flowcontrol, golang.org/x/time/rate) -- */

/* 1/qps in whole milliseconds (the engine's resolution: 0.01 as a
   float32 is 100.0000022 s, which would otherwise miss a 100 ms loop tick
   by a hair). */
static int64_t token_interval(float qps) {
    double ms = 1000.0 / (double)qps;
    return (int64_t)(ms + 0.5);
}

/* TryAccept: take the token if there is one. */
static bool take_token(nl_zone *z, int64_t now) {
    if (z->qps <= 0.0f || now < z->next_token) return false;
    z->next_token = now + token_interval(z->qps);
    return true;
}

/* RateLimitedTimedQueue.SwapLimiter: nothing when the rate is the same;
   rate 0 = a limiter that never accepts; otherwise a new bucket of burst 1,
   drained at once when the old one had no token to give. */
static void swap_limiter(nl_zone *z, float qps, int64_t now) {
    if (z->qps == qps) return;
    if (qps <= 0.0f) {
        z->qps = 0.0f;
        return;
    }
    bool old_had_token = z->qps > 0.0f && now >= z->next_token;
    z->qps = qps;
    z->next_token = old_had_token ? now : now + token_interval(qps);
}

static float rate(double qps) {
    return qps > 0.0 ? (float)qps : 0.0f;
}

/* ---- zones ------------------------------------------------------------ */

static void zone_init(nl_zone *z, podsim_sim *sim) {
    z->state = ZONE_INITIAL;
    z->tracked = true;
    /* NewTokenBucketRateLimiter(evictionLimiterQPS, 1): full */
    z->qps = rate(sim->nl.node_eviction_rate);
    z->next_token = INT64_MIN;
    z->head = z->tail = -1;
}

static int32_t zone_find(podsim_sim *sim, nl_state *s, const char *key) {
    for (size_t i = 0; i < s->zones.len; i++) {
        if (strcmp(zone_at(s, (int32_t)i)->key, key) == 0) return (int32_t)i;
    }
    size_t n = strlen(key) + 1;
    char *copy = malloc(n);
    nl_zone *z = copy ? vec_push(&s->zones) : NULL;
    if (!z) {
        free(copy);
        sim_fail_oom(sim);
        return -1;
    }
    memcpy(copy, key, n);
    z->key = copy;
    zone_init(z, sim);
    return (int32_t)(s->zones.len - 1);
}

/* ComputeZoneState */
static zone_state zone_compute(podsim_sim *sim, const nl_zone *z) {
    if (z->ready == 0 && z->not_ready > 0) return ZONE_FULL;
    float ratio = (float)z->not_ready / (float)(z->not_ready + z->ready);
    if (z->not_ready > 2 && ratio >= (float)sim->nl.unhealthy_zone_threshold) {
        return ZONE_PARTIAL;
    }
    return ZONE_NORMAL;
}

/* setLimiterInZone with ReducedQPSFunc (partial: the secondary rate only
   for zones larger than large-cluster-size-threshold) and HealthyQPSFunc
   (full: the primary rate). */
static void zone_set_limiter(podsim_sim *sim, nl_zone *z, zone_state state) {
    int32_t size = z->ready + z->not_ready;
    float qps = rate(sim->nl.node_eviction_rate);
    if (state == ZONE_PARTIAL) {
        qps = size > sim->nl.large_cluster_size_threshold
                  ? rate(sim->nl.secondary_node_eviction_rate)
                  : 0.0f;
    }
    if (state != ZONE_INITIAL) swap_limiter(z, qps, sim->now);
}

/* ---- zone queues (RateLimitedTimedQueue of node names) ------------------ */

static void queue_unlink(nl_state *s, podsim_id id) {
    nl_node *x = vec_at(&s->nodes, (size_t)id);
    if (!(x->flags & NF_QUEUED)) return;
    nl_zone *z = zone_at(s, x->zone);
    if (x->prev >= 0) {
        ((nl_node *)vec_at(&s->nodes, (size_t)x->prev))->next = x->next;
    } else {
        z->head = x->next;
    }
    if (x->next >= 0) {
        ((nl_node *)vec_at(&s->nodes, (size_t)x->next))->prev = x->prev;
    } else {
        z->tail = x->prev;
    }
    x->next = x->prev = -1;
    x->flags &= (uint8_t)~NF_QUEUED;
    s->queued--;
}

/* UniqueQueue.Remove: out of the queue and the set. */
static void queue_remove(nl_state *s, podsim_id id) {
    queue_unlink(s, id);
    nl_node *x = vec_at(&s->nodes, (size_t)id);
    x->flags &= (uint8_t)~NF_IN_SET;
}

/* UniqueQueue.Add at now: nothing when the node is in the set (also after
   it was processed, until it is removed). */
static void queue_add(podsim_sim *sim, nl_state *s, podsim_id id) {
    nl_node *x = vec_at(&s->nodes, (size_t)id);
    if (x->flags & NF_IN_SET) return;
    nl_zone *z = zone_at(s, x->zone);
    x->flags |= NF_IN_SET | NF_QUEUED;
    x->process_at = sim->now;
    x->next = -1;
    x->prev = z->tail;
    if (z->tail >= 0) {
        ((nl_node *)vec_at(&s->nodes, (size_t)z->tail))->next = id;
    } else {
        z->head = id;
    }
    z->tail = id;
    s->queued++;
}

/* addPodEvictorForNewZone for a zone the controller had dropped: a new
   queue and a full bucket at the primary rate. */
static void zone_reset(podsim_sim *sim, nl_state *s, nl_zone *z) {
    while (z->head >= 0) queue_remove(s, z->head);
    zone_init(z, sim);
}

/* ---- counts and suspects ---------------------------------------------- */

/* The node's place in its zone's counts (ComputeZoneState's input) from
   its current Ready condition; idempotent. */
static void recount(podsim_sim *sim, nl_state *s, podsim_id id) {
    nl_node *x = vec_at(&s->nodes, (size_t)id);
    if (x->zone < 0) return;
    uint8_t want = COUNT_NONE;
    const podsim_node *node = live_node(sim, id);
    if (node && !(x->flags & (NF_GONE | NF_EXCLUDED))) {
        want = ready_of(node) == READY_TRUE ? COUNT_READY : COUNT_NOT_READY;
    }
    if (want == x->counted) return;
    nl_zone *z = zone_at(s, x->zone);
    if (x->counted == COUNT_READY) z->ready--;
    if (x->counted == COUNT_NOT_READY) z->not_ready--;
    if (want == COUNT_READY) z->ready++;
    if (want == COUNT_NOT_READY) z->not_ready++;
    x->counted = want;
}

/* Whether a monitor pass can do anything for the node: its kubelet is
   silent (its grace period runs out), its Ready is not True (taint
   decisions), or it carries a controller NoExecute taint or sits in a
   zone queue's set (markNodeAsReachable has work). */
static bool is_suspect(podsim_sim *sim, nl_state *s, podsim_id id) {
    const nl_node *x = vec_at(&s->nodes, (size_t)id);
    const podsim_node *node = live_node(sim, id);
    if (!node || (x->flags & NF_GONE)) return false;
    if (!sim_node_kubelet_alive(sim_node(sim, id))) return true;
    if (ready_of(node) != READY_TRUE) return true;
    if (x->flags & NF_IN_SET) return true;
    return sim_node_has_taint(node, TAINT_UNREACHABLE,
                              PODSIM_EFFECT_NO_EXECUTE) ||
           sim_node_has_taint(node, TAINT_NOT_READY, PODSIM_EFFECT_NO_EXECUTE);
}

static void update_suspect(podsim_sim *sim, nl_state *s, podsim_id id) {
    nl_node *x = vec_at(&s->nodes, (size_t)id);
    if ((x->flags & NF_SUSPECT) || !is_suspect(sim, s, id)) return;
    int32_t *slot = vec_push(&s->suspects);
    if (!slot) {
        sim_fail_oom(sim);
        return;
    }
    if (s->suspects.len > 1 && slot[-1] > id) s->suspects_sorted = false;
    *slot = id;
    x->flags |= NF_SUSPECT;
}

/* ---- taints ------------------------------------------------------------ */

/* doNoScheduleTaintingPass: the NoSchedule taints the conditions and
   spec.unschedulable call for, added when missing and removed when stale
   (other NoSchedule taints are not the controller's). */
static void noschedule_pass(podsim_sim *sim, podsim_id id) {
    static const struct {
        const char *type, *status, *key;
    } map[] = {
        {"Ready", "False", TAINT_NOT_READY},
        {"Ready", "Unknown", TAINT_UNREACHABLE},
        {"MemoryPressure", "True", "node.kubernetes.io/memory-pressure"},
        {"DiskPressure", "True", "node.kubernetes.io/disk-pressure"},
        {"PIDPressure", "True", "node.kubernetes.io/pid-pressure"},
        {"NetworkUnavailable", "True",
         "node.kubernetes.io/network-unavailable"},
    };
    enum { MAPPED = sizeof map / sizeof map[0] };
    const podsim_node *node = live_node(sim, id);
    if (!node) return;
    bool want[MAPPED + 1];
    for (size_t i = 0; i < MAPPED; i++) {
        want[i] = condition_is(node, map[i].type, map[i].status);
    }
    want[MAPPED] = node->unschedulable;
    /* added in the order of the node's conditions, as upstream builds
       the list, then the cordon taint; then the stale ones go */
    for (size_t c = 0; c < node->condition_count; c++) {
        for (size_t i = 0; i < MAPPED; i++) {
            if (!want[i] ||
                strcmp(node->conditions[c].type, map[i].type) != 0 ||
                sim_node_has_taint(node, map[i].key,
                                   PODSIM_EFFECT_NO_SCHEDULE)) {
                continue;
            }
            sim_node_add_taint(sim, id, map[i].key, "",
                               PODSIM_EFFECT_NO_SCHEDULE);
            node = live_node(sim, id);
        }
    }
    if (want[MAPPED] && !sim_node_has_taint(node, TAINT_UNSCHEDULABLE,
                                            PODSIM_EFFECT_NO_SCHEDULE)) {
        sim_node_add_taint(sim, id, TAINT_UNSCHEDULABLE, "",
                           PODSIM_EFFECT_NO_SCHEDULE);
    }
    for (size_t i = 0; i <= MAPPED; i++) {
        const char *key = i < MAPPED ? map[i].key : TAINT_UNSCHEDULABLE;
        if (!want[i]) {
            sim_node_remove_taint(sim, id, key, PODSIM_EFFECT_NO_SCHEDULE);
        }
    }
}

/* SwapNodeControllerTaint for the NoExecute pair: add one (timeAdded =
   now), remove the other. */
static void swap_noexecute(podsim_sim *sim, podsim_id id, const char *add,
                           const char *remove) {
    sim_node_add_taint(sim, id, add, "", PODSIM_EFFECT_NO_EXECUTE);
    sim_node_remove_taint(sim, id, remove, PODSIM_EFFECT_NO_EXECUTE);
}

/* markNodeAsReachable: both NoExecute taints off, out of the queue. */
static void mark_reachable(podsim_sim *sim, nl_state *s, podsim_id id) {
    sim_node_remove_taint(sim, id, TAINT_UNREACHABLE, PODSIM_EFFECT_NO_EXECUTE);
    sim_node_remove_taint(sim, id, TAINT_NOT_READY, PODSIM_EFFECT_NO_EXECUTE);
    queue_remove(s, id);
}

/* markNodeForTainting: a node without the taint it should get is taken
   out and added again (at now); one that has it stays in the set. */
static void mark_for_tainting(podsim_sim *sim, nl_state *s, podsim_id id,
                              const char *wanted) {
    const podsim_node *node = live_node(sim, id);
    if (!sim_node_has_taint(node, wanted, PODSIM_EFFECT_NO_EXECUTE)) {
        queue_remove(s, id);
    }
    queue_add(sim, s, id);
}

/* processTaintBaseEviction, from the Ready condition seen when the pass
   started: a node already carrying the opposite NoExecute taint is
   swapped at once (no rate limit); otherwise it waits in the queue. */
static void taint_base_eviction(podsim_sim *sim, nl_state *s, podsim_id id,
                                ready_status observed) {
    const podsim_node *node = live_node(sim, id);
    switch (observed) {
    case READY_FALSE:
        if (sim_node_has_taint(node, TAINT_UNREACHABLE,
                               PODSIM_EFFECT_NO_EXECUTE)) {
            swap_noexecute(sim, id, TAINT_NOT_READY, TAINT_UNREACHABLE);
        } else {
            mark_for_tainting(sim, s, id, TAINT_NOT_READY);
        }
        break;
    case READY_UNKNOWN:
    case READY_NONE: /* never posted: observed as Unknown */
        if (sim_node_has_taint(node, TAINT_NOT_READY,
                               PODSIM_EFFECT_NO_EXECUTE)) {
            swap_noexecute(sim, id, TAINT_UNREACHABLE, TAINT_NOT_READY);
        } else {
            mark_for_tainting(sim, s, id, TAINT_UNREACHABLE);
        }
        break;
    case READY_TRUE: mark_reachable(sim, s, id); break;
    case READY_OTHER: break;
    }
}

/* ---- the tainting loop (doNoExecuteTaintingPass) ----------------------- */

/* The queue's action for its head: the taint that matches the node's
   Ready now; a node Ready again, or gone, is just dropped. */
static void taint_head(podsim_sim *sim, podsim_id id) {
    const podsim_node *node = live_node(sim, id);
    if (!node) return;
    switch (ready_of(node)) {
    case READY_FALSE:
        swap_noexecute(sim, id, TAINT_NOT_READY, TAINT_UNREACHABLE);
        break;
    case READY_UNKNOWN:
        swap_noexecute(sim, id, TAINT_UNREACHABLE, TAINT_NOT_READY);
        break;
    default: break;
    }
}

/* RateLimitedTimedQueue.Try for every zone: a token is taken before the
   head is looked at, so an idle bucket keeps its token and a busy one
   spends one per node. */
static void taint_loop(podsim_sim *sim, nl_state *s, int64_t now) {
    s->last_tick = now;
    for (size_t i = 0; i < s->zones.len; i++) {
        nl_zone *z = zone_at(s, (int32_t)i);
        while (z->head >= 0) {
            if (!take_token(z, now)) break;
            podsim_id id = z->head;
            nl_node *x = vec_at(&s->nodes, (size_t)id);
            if (now < x->process_at) break;
            taint_head(sim, id);
            queue_unlink(s, id); /* RemoveFromQueue: stays in the set */
        }
    }
}

/* The loop runs every 100 ms for ever; it is only posted while a queue
   holds nodes (an empty loop changes nothing), at the next tick strictly
   after `after`. */
static void arm_taint_loop(podsim_sim *sim, nl_state *s, int64_t after) {
    if (s->queued <= 0 || s->tick_at >= 0) return;
    int64_t at = (after / TAINT_LOOP_MS + 1) * TAINT_LOOP_MS;
    if (sim_post(sim, at, MOD_NODES, OP_TAINT | SIM_PERIODIC, 0, 0, 0)) {
        s->tick_at = at;
    }
}

/* ---- the kubelet's node status ----------------------------------------- */

/* A pressure condition back to False (no pressure is modelled): a
   registering kubelet (`fresh`: no conditions yet) posts every condition;
   one coming back replaces the Unknown the controller left. */
static void kubelet_pressure(podsim_sim *sim, podsim_id id, bool fresh,
                             const char *type, const char *reason,
                             const char *message, const char *event) {
    const podsim_node *node = live_node(sim, id);
    const podsim_condition *c = sim_node_condition(node, type);
    if (c ? strcmp(c->status, "Unknown") != 0 : !fresh) return;
    sim_node_set_condition(sim, id, type, "False", reason, message, sim->now);
    sim_node_event(sim, id, "Normal", event, "Node %s status is now: %s",
                   node->meta.name, event);
}

/* The kubelet's status update after its machine changed: the pressure
   conditions, then Ready (the setters' order), with the kubelet's
   status-change events. */
static void kubelet_post(podsim_sim *sim, podsim_id id, bool ready,
                         const char *message) {
    const podsim_node *node = live_node(sim, id);
    if (!node) return;
    bool fresh = node->condition_count == 0;
    kubelet_pressure(
        sim, id, fresh, "MemoryPressure", "KubeletHasSufficientMemory",
        "kubelet has sufficient memory available", "NodeHasSufficientMemory");
    kubelet_pressure(sim, id, fresh, "DiskPressure", "KubeletHasNoDiskPressure",
                     "kubelet has no disk pressure", "NodeHasNoDiskPressure");
    kubelet_pressure(sim, id, fresh, "PIDPressure", "KubeletHasSufficientPID",
                     "kubelet has sufficient PID available",
                     "NodeHasSufficientPID");
    node = live_node(sim, id);
    const podsim_condition *c = sim_node_condition(node, "Ready");
    const char *status = ready ? "True" : "False";
    /* an event only when an existing Ready flips */
    bool flips = c && strcmp(c->status, status) != 0;
    sim_node_set_condition(sim, id, "Ready", status,
                           ready ? "KubeletReady" : "KubeletNotReady", message,
                           sim->now);
    if (flips) {
        const char *event = ready ? "NodeReady" : "NodeNotReady";
        sim_node_event(sim, id, "Normal", event, "Node %s status is now: %s",
                       node->meta.name, event);
    }
}

static void kubelet_react(podsim_sim *sim, podsim_id id) {
    switch ((sim_node_health)sim_node(sim, id)->health) {
    case NODE_HEALTHY:
        kubelet_post(sim, id, true, "kubelet is posting ready status");
        break;
    case NODE_NOT_READY:
        /* runtimeState.runtimeErrors (pkg/kubelet/runtime.go) */
        kubelet_post(sim, id, false, "container runtime is down");
        break;
    case NODE_SHUTTING_DOWN:
        /* the shutdown manager's ShutdownStatus (nodeshutdown) */
        kubelet_post(sim, id, false, "node is shutting down");
        break;
    case NODE_UNREACHABLE:
    case NODE_OFF: break; /* silent */
    }
}

/* ---- nodes appearing and going ---------------------------------------- */

/* First sight of a node: its zone, counts, NoSchedule taints. A running
   kubelet of a node whose dump has no Ready condition (hand-written
   fixtures) has posted Ready before the simulation starts, so the
   controller never takes it for one that never posted. */
static void discover(podsim_sim *sim, nl_state *s, podsim_id id,
                     bool registered_event) {
    nl_node *x = rec(sim, s, id);
    if (!x || (x->flags & NF_SEEN)) return;
    const podsim_node *node = podsim_cluster_node(sim->c, id);
    if (!node) return;
    x->flags |= NF_SEEN;
    if (node->removed) {
        x->flags |= NF_GONE;
        return;
    }
    int32_t z = zone_find(sim, s, sim_node_zone_key(sim, node));
    x = vec_at(&s->nodes, (size_t)id);
    if (z < 0) return;
    x->zone = z;
    zone_at(s, z)->members++;
    if (kvs_get(&node->meta.labels, LABEL_EXCLUDE_DISRUPTION)) {
        x->flags |= NF_EXCLUDED;
    }
    if (registered_event) {
        /* monitorNodeHealth's classifyNodes: a node it had not seen */
        sim_event(sim, "Normal", "RegisteredNode", PODSIM_KIND_NODE, id, NULL,
                  "node-controller",
                  "Node %s event: Registered Node %s in Controller",
                  node->meta.name, node->meta.name);
    }
    if (sim_node(sim, id)->health == NODE_HEALTHY && !ready_of(node)) {
        sim_node_set_condition(sim, id, "Ready", "True", "KubeletReady",
                               "kubelet is posting ready status", sim->now);
    }
    recount(sim, s, id);
    noschedule_pass(sim, id);
    update_suspect(sim, s, id);
}

/* Nodes created since the last look (applied objects announce no watch
   event; the controller lists them at its next pass). */
static void discover_new(podsim_sim *sim, nl_state *s, bool registered) {
    size_t n = podsim_cluster_count(sim->c, PODSIM_KIND_NODE);
    for (size_t i = s->seen; i < n; i++) {
        discover(sim, s, (podsim_id)i, registered);
    }
    if (n > s->seen) s->seen = n;
}

static void node_gone(podsim_sim *sim, nl_state *s, podsim_id id) {
    nl_node *x = rec(sim, s, id);
    if (!x || (x->flags & NF_GONE)) return;
    x->flags |= NF_GONE;
    if (x->zone >= 0) zone_at(s, x->zone)->members--;
    /* a queued item stays: the tainting loop drops it (NotFound) */
    recount(sim, s, id);
}

/* ---- the monitor pass (monitorNodeHealth) ------------------------------ */

/* probeTimestamp of a silent node: the pass that saw its last Lease
   renewal (passes at offset + k x period, also before time 0), or when
   the controller last reset every node (leaving master disruption). */
static int64_t probe_time(podsim_sim *sim, nl_state *s, podsim_id id,
                          const podsim_node *node, bool never_posted) {
    int64_t p = sim->nl.node_monitor_period_ms;
    int64_t d =
        sim_node(sim, id)->last_heartbeat - sim->nl.node_monitor_offset_ms;
    int64_t k = d >= 0 ? (d + p - 1) / p : -((-d) / p);
    int64_t probe = sim->nl.node_monitor_offset_ms + k * p;
    if (never_posted) {
        /* nodeHealth starts at the creation timestamp */
        int64_t created = created_at(sim, node);
        if (created != PODSIM_NO_TIME && created > probe) probe = created;
    }
    return probe > s->probe_floor ? probe : s->probe_floor;
}

/* tryUpdateNodeHealth's write: Ready and the pressure conditions Unknown
   (only when Ready itself changes: otherwise upstream writes nothing). */
static void set_unknown(podsim_sim *sim, podsim_id id) {
    static const char *const types[] = {"Ready", "MemoryPressure",
                                        "DiskPressure", "PIDPressure"};
    const podsim_node *node = live_node(sim, id);
    if (ready_of(node) == READY_UNKNOWN) return;
    int64_t created = created_at(sim, node);
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++) {
        node = live_node(sim, id);
        const podsim_condition *c = sim_node_condition(node, types[i]);
        if (!c) {
            sim_node_set_condition(
                sim, id, types[i], "Unknown", "NodeStatusNeverUpdated",
                "Kubelet never posted node status.", created);
        } else if (strcmp(c->status, "Unknown") != 0) {
            sim_node_set_condition(
                sim, id, types[i], "Unknown", "NodeStatusUnknown",
                "Kubelet stopped posting node status.", PODSIM_NO_TIME);
        }
    }
}

/* One node of a pass. Returns whether it went from Ready to not Ready in
   this pass (the caller marks its pods). */
static bool monitor_node(podsim_sim *sim, nl_state *s, podsim_id id) {
    const podsim_node *node = live_node(sim, id);
    if (!node) return false;
    ready_status observed = ready_of(node);
    if (!sim_node_kubelet_alive(sim_node(sim, id))) {
        bool never = observed == READY_NONE;
        int64_t grace = never ? sim->nl.node_startup_grace_period_ms
                              : sim->nl.node_monitor_grace_period_ms;
        if (sim->now - probe_time(sim, s, id, node, never) > grace) {
            set_unknown(sim, id);
        }
    }
    recount(sim, s, id);
    ready_status current = ready_of(live_node(sim, id));
    if (current == READY_NONE) return false;
    taint_base_eviction(sim, s, id, observed);
    return current != READY_TRUE && observed == READY_TRUE;
}

/* MarkPodsNotReady for a pod: Ready False (the rest of the condition
   kept), with a Warning event on the pod. */
static void mark_pod_not_ready(podsim_sim *sim, podsim_id pod) {
    const podsim_pod *p = podsim_cluster_pod(sim->c, pod);
    for (size_t i = 0; i < p->status.condition_count; i++) {
        const podsim_condition *c = &p->status.conditions[i];
        if (strcmp(c->type, "Ready") != 0) continue;
        if (strcmp(c->status, "False") == 0) return;
        const char *reason = c->reason, *message = c->message;
        if (sim_pod_set_condition(sim, pod, "Ready", "False", reason,
                                  message)) {
            sim_pod_status_written(sim, pod);
            sim_event(sim, "Warning", "NodeNotReady", PODSIM_KIND_POD, pod,
                      NULL, "node-controller", "Node is not ready");
        }
        return;
    }
}

/* The nodes that went not Ready in this pass (flagged NF_MARK): the
   node event, then every pod bound to them (one walk over the pods). */
static void mark_pods(podsim_sim *sim, nl_state *s, const int32_t *went,
                      size_t count) {
    for (size_t i = 0; i < count; i++) {
        const podsim_node *node = podsim_cluster_node(sim->c, went[i]);
        /* RecordNodeStatusChange */
        sim_event(sim, "Normal", "NodeNotReady", PODSIM_KIND_NODE, went[i],
                  NULL, "node-controller", "Node %s status is now: %s",
                  node->meta.name, "NodeNotReady");
    }
    size_t pods = podsim_cluster_count(sim->c, PODSIM_KIND_POD);
    for (size_t i = 0; i < pods; i++) {
        const podsim_pod *p = podsim_cluster_pod(sim->c, (podsim_id)i);
        if (p->removed || p->node == PODSIM_NO_ID ||
            (size_t)p->node >= s->nodes.len) {
            continue;
        }
        const nl_node *x = vec_at(&s->nodes, (size_t)p->node);
        if (x->flags & NF_MARK) mark_pod_not_ready(sim, (podsim_id)i);
    }
    for (size_t i = 0; i < count; i++) {
        nl_node *x = vec_at(&s->nodes, (size_t)went[i]);
        x->flags &= (uint8_t)~NF_MARK;
    }
}

static int compare_ids(const void *a, const void *b) {
    int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
    return (x > y) - (x < y);
}

/* Every suspect once, in id order; those a pass has nothing more to do
   for leave the list. The nodes that went not Ready get their event and
   their pods marked after the walk. */
static void monitor_suspects(podsim_sim *sim, nl_state *s) {
    if (!s->suspects_sorted) {
        qsort(s->suspects.data, s->suspects.len, sizeof(int32_t), compare_ids);
        s->suspects_sorted = true;
    }
    s->went.len = 0;
    for (size_t i = 0; i < s->suspects.len; i++) {
        podsim_id id = *(int32_t *)vec_at(&s->suspects, i);
        nl_node *x = vec_at(&s->nodes, (size_t)id);
        if ((x->flags & NF_GONE) || !monitor_node(sim, s, id)) continue;
        int32_t *slot = vec_push(&s->went);
        if (!slot) {
            sim_fail_oom(sim);
            return;
        }
        *slot = id;
        x = vec_at(&s->nodes, (size_t)id);
        x->flags |= NF_MARK;
    }
    size_t kept = 0;
    int32_t *ids = s->suspects.data;
    for (size_t i = 0; i < s->suspects.len; i++) {
        podsim_id id = ids[i];
        if (is_suspect(sim, s, id)) {
            ids[kept++] = id;
        } else {
            nl_node *x = vec_at(&s->nodes, (size_t)id);
            x->flags &= (uint8_t)~NF_SUSPECT;
        }
    }
    s->suspects.len = kept;
    if (s->went.len) mark_pods(sim, s, s->went.data, s->went.len);
}

/* handleDisruption: new zone states from the counts; every zone fully
   disrupted stops all tainting and lifts the NoExecute taints ("master
   disruption mode"); leaving it gives every node a fresh grace period
   and re-derives the limiters; otherwise a zone whose state changed gets
   its rate. Upstream only logs these transitions (no events). */
static void handle_disruption(podsim_sim *sim, nl_state *s) {
    size_t nz = s->zones.len;
    bool all_are_full = true, all_were_full = true;
    uint8_t fresh[64];
    uint8_t *next = nz <= sizeof fresh ? fresh : malloc(nz);
    if (!next) {
        sim_fail_oom(sim);
        return;
    }
    for (size_t i = 0; i < nz; i++) {
        nl_zone *z = zone_at(s, (int32_t)i);
        if (z->ready + z->not_ready == 0) continue;
        next[i] = (uint8_t)zone_compute(sim, z);
        if (next[i] != ZONE_FULL) all_are_full = false;
        if (!z->tracked) {
            z->tracked = true;
            z->state = ZONE_INITIAL;
        }
    }
    for (size_t i = 0; i < nz; i++) {
        nl_zone *z = zone_at(s, (int32_t)i);
        if (!z->tracked) continue;
        if (z->ready + z->not_ready == 0) {
            z->tracked = false; /* delete(nc.zoneStates, k) */
            continue;
        }
        if (z->state != ZONE_FULL) all_were_full = false;
    }
    if (all_are_full && all_were_full) goto done;
    if (all_are_full) {
        for (size_t i = 0; i < s->suspects.len; i++) {
            mark_reachable(sim, s, *(int32_t *)vec_at(&s->suspects, i));
        }
        for (size_t i = 0; i < nz; i++) {
            nl_zone *z = zone_at(s, (int32_t)i);
            if (!z->tracked) continue;
            swap_limiter(z, 0.0f, sim->now);
            z->state = ZONE_FULL;
        }
        goto done;
    }
    if (all_were_full) s->probe_floor = sim->now;
    for (size_t i = 0; i < nz; i++) {
        nl_zone *z = zone_at(s, (int32_t)i);
        if (!z->tracked || (!all_were_full && z->state == next[i])) continue;
        zone_set_limiter(sim, z, (zone_state)next[i]);
        z->state = next[i];
    }
done:
    if (next != fresh) free(next);
}

static void monitor_pass(podsim_sim *sim, nl_state *s) {
    int64_t now = sim->now;
    /* the 100 ms tainting loop's tick at this instant runs first: what
       this pass queues is tainted at the next tick */
    if (now % TAINT_LOOP_MS == 0 && s->last_tick != now) {
        taint_loop(sim, s, now);
    }
    discover_new(sim, s, true);
    for (size_t i = 0; i < s->zones.len; i++) {
        nl_zone *z = zone_at(s, (int32_t)i);
        if (z->members > 0 && !z->tracked) zone_reset(sim, s, z);
    }
    monitor_suspects(sim, s);
    handle_disruption(sim, s);
    sim_post(sim, now + sim->nl.node_monitor_period_ms, MOD_NODES,
             OP_MONITOR | SIM_PERIODIC, 0, 0, 0);
    arm_taint_loop(sim, s, now);
}

/* ---- module hooks ------------------------------------------------------ */

static void handle(podsim_sim *sim, const sim_entry *e) {
    nl_state *s = state_of(sim);
    switch (e->op & ~SIM_PERIODIC) {
    case OP_INIT:
        s->listed = true;
        discover_new(sim, s, false);
        break;
    case OP_MONITOR: monitor_pass(sim, s); break;
    case OP_TAINT:
        s->tick_at = -1;
        if (s->last_tick != sim->now) taint_loop(sim, s, sim->now);
        arm_taint_loop(sim, s, sim->now);
        break;
    default: break;
    }
}

static void on_node(podsim_sim *sim, podsim_id id, unsigned what) {
    nl_state *s = state_of(sim);
    nl_node *x = rec(sim, s, id);
    if (!x) return;
    if (what & WATCH_NODE_DELETED) {
        node_gone(sim, s, id);
        return;
    }
    if (what & WATCH_NODE_HEALTH) kubelet_react(sim, id);
    if (!(x->flags & NF_SEEN)) {
        /* before the initial list (time 0) nodes wait for it; a node the
           engine registered again announces itself (sim_nodes.c records
           RegisteredNode), an applied one is new to the controller */
        if (s->listed) discover(sim, s, id, !(what & WATCH_NODE_ADDED));
        return;
    }
    if (x->flags & NF_GONE) return;
    recount(sim, s, id);
    if (what & (WATCH_NODE_CONDITIONS | WATCH_NODE_TAINTS | WATCH_NODE_SPEC |
                WATCH_NODE_ADDED)) {
        noschedule_pass(sim, id);
    }
    update_suspect(sim, s, id);
}

/* processPod: a pod newly bound to a node whose Ready is not True is
   marked NotReady at once (the controller's pod worker). */
static void on_pod(podsim_sim *sim, podsim_id pod, unsigned what) {
    if (!(what & (WATCH_CREATED | WATCH_BOUND))) return;
    const podsim_pod *p = podsim_cluster_pod(sim->c, pod);
    if (!p || p->removed || p->node == PODSIM_NO_ID) return;
    const podsim_node *node = live_node(sim, p->node);
    if (!node) return;
    ready_status r = ready_of(node);
    if (r != READY_NONE && r != READY_TRUE) mark_pod_not_ready(sim, pod);
}

static void *create(podsim_sim *sim) {
    nl_state *s = calloc(1, sizeof *s);
    if (!s) return NULL;
    vec_init(&s->nodes, sizeof(nl_node));
    vec_init(&s->zones, sizeof(nl_zone));
    vec_init(&s->suspects, sizeof(int32_t));
    vec_init(&s->went, sizeof(int32_t));
    s->suspects_sorted = true;
    s->probe_floor = INT64_MIN;
    s->last_tick = INT64_MIN;
    s->tick_at = -1;
    /* the informers' initial list at time 0, then the first pass at the
       offset (wait.Until runs its function at once) */
    if (!sim_post(sim, 0, MOD_NODES, OP_INIT, 0, 0, 0) ||
        !sim_post(sim, sim->nl.node_monitor_offset_ms, MOD_NODES,
                  OP_MONITOR | SIM_PERIODIC, 0, 0, 0)) {
        free(s);
        return NULL;
    }
    return s;
}

static void destroy(void *state) {
    nl_state *s = state;
    if (!s) return;
    for (size_t i = 0; i < s->zones.len; i++) free(zone_at(s, (int32_t)i)->key);
    vec_release(&s->nodes);
    vec_release(&s->zones);
    vec_release(&s->suspects);
    vec_release(&s->went);
    free(s);
}

static void *fork_state(podsim_sim *dst, const void *src_state) {
    (void)dst;
    const nl_state *src = src_state;
    nl_state *s = malloc(sizeof *s);
    if (!s) return NULL;
    *s = *src;
    vec_init(&s->nodes, sizeof(nl_node));
    vec_init(&s->zones, sizeof(nl_zone));
    vec_init(&s->suspects, sizeof(int32_t));
    vec_init(&s->went, sizeof(int32_t));
    bool ok = vec_copy(&s->nodes, &src->nodes) &&
              vec_copy(&s->zones, &src->zones) &&
              vec_copy(&s->suspects, &src->suspects);
    size_t copied = 0;
    for (; ok && copied < s->zones.len; copied++) {
        nl_zone *z = zone_at(s, (int32_t)copied);
        size_t n = strlen(z->key) + 1;
        char *key = malloc(n);
        if (!key) {
            ok = false;
            break;
        }
        memcpy(key, z->key, n);
        z->key = key;
    }
    if (!ok) {
        for (size_t i = 0; i < copied; i++) free(zone_at(s, (int32_t)i)->key);
        vec_release(&s->nodes);
        vec_release(&s->zones);
        vec_release(&s->suspects);
        free(s);
        return NULL;
    }
    return s;
}

static size_t memory(const void *state) {
    const nl_state *s = state;
    size_t bytes = sizeof *s + s->nodes.cap * sizeof(nl_node) +
                   s->zones.cap * sizeof(nl_zone) +
                   (s->suspects.cap + s->went.cap) * sizeof(int32_t);
    for (size_t i = 0; i < s->zones.len; i++) {
        bytes += strlen(((const nl_zone *)vec_at(&s->zones, i))->key) + 1;
    }
    return bytes;
}

const sim_module_ops sim_nodes_ops = {
    .create = create,
    .destroy = destroy,
    .fork = fork_state,
    .handle = handle,
    .on_pod = on_pod,
    .memory = memory,
    .on_node = on_node,
};

/* ---- what the report asks --------------------------------------------- */

bool nlc_zone_info(podsim_sim *sim, podsim_id node, sim_zone_info *out) {
    nl_state *s = state_of(sim);
    if (!s || node < 0 || (size_t)node >= s->nodes.len) return false;
    const nl_node *x = vec_at(&s->nodes, (size_t)node);
    if (x->zone < 0 || (size_t)x->zone >= s->zones.len) return false;
    const nl_zone *z = zone_at(s, x->zone);
    out->state = z->state;
    out->qps = z->qps;
    out->size = z->ready + z->not_ready;
    out->queued = (x->flags & NF_QUEUED) != 0;
    /* handleDisruption's allAreFullyDisrupted over the tracked zones */
    bool all_full = false;
    for (size_t i = 0; i < s->zones.len; i++) {
        const nl_zone *o = zone_at(s, (int32_t)i);
        if (!o->tracked) continue;
        if (o->state != ZONE_FULL) return true;
        all_full = true;
    }
    out->all_down = all_full;
    return true;
}
