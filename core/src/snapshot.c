/*
 * snapshot.c - the scheduler's view of the cluster (cache snapshot).
 *
 * Mirrors kube-scheduler's internal cache and its Snapshot
 * (pkg/scheduler/backend/cache/{cache.go,node_tree.go,snapshot.go}) and
 * NodeInfo (pkg/scheduler/framework/types.go):
 *   - nodes are listed in NodeTree order: zones (region + zone labels, as
 *     utilnode.GetZoneKey) in order of first appearance, one node of each
 *     zone in turn, so node sampling spreads over zones;
 *   - each node keeps Allocatable, Requested (actual requests of its
 *     pods), NonZeroRequested (100m / 200Mi defaults, for scoring), the
 *     pod count, UsedPorts (HostPortInfo: "" -> 0.0.0.0, ports <= 0
 *     ignored; sidecar ports counted from v1.34, PR #132040) and images;
 *   - finished pods (Succeeded/Failed) are not in the cache; terminating
 *     pods are, and still hold their resources.
 */
#include <stdlib.h>
#include <string.h>

#include "sched.h"

/* ---- resource table ------------------------------------------------------ */

int64_t sched_quantity_value(int32_t res, const podsim_quantity *q) {
    int64_t v = 0;
    /* Overflowing values saturate: upstream's int64 conversions wrap, but
       no real quantity gets there and saturation keeps comparisons sane. */
    podsim_status s = res == RES_CPU ? podsim_quantity_milli(q, &v)
                                     : podsim_quantity_value(q, &v);
    if (s != PODSIM_OK) v = q->mantissa < 0 ? INT64_MIN : INT64_MAX;
    return v;
}

static bool grow_node_vectors(sched_snapshot *s, size_t cap) {
    for (size_t i = 0; i < s->node_count; i++) {
        snap_node *n = &s->nodes[i];
        int64_t *alloc = realloc(n->alloc, cap * sizeof(int64_t));
        if (!alloc) return false;
        n->alloc = alloc;
        int64_t *req = realloc(n->req, cap * sizeof(int64_t));
        if (!req) return false;
        n->req = req;
        for (size_t r = s->res_cap; r < cap; r++) n->alloc[r] = n->req[r] = 0;
    }
    return true;
}

int32_t snapshot_resource(sched_snapshot *s, const char *name, bool add) {
    for (size_t i = 0; i < s->res_count; i++) {
        if (s->res_names[i] == name || strcmp(s->res_names[i], name) == 0) {
            return (int32_t)i;
        }
    }
    if (!add) return -1;
    if (s->res_count == s->res_cap) {
        size_t cap = s->res_cap ? s->res_cap * 2 : 8;
        const char **names = realloc(s->res_names, cap * sizeof(*names));
        if (!names) return -1;
        s->res_names = names;
        if (!grow_node_vectors(s, cap)) return -1;
        s->res_cap = cap;
    }
    const char *interned = intern_str(&s->c->strings, name);
    if (!interned) return -1;
    s->res_names[s->res_count] = interned;
    return (int32_t)s->res_count++;
}

/* ---- images -------------------------------------------------------------- */

static size_t image_slot(const sched_snapshot *s, const char *name) {
    size_t mask = s->image_slots - 1;
    size_t i = hash_bytes(name, strlen(name)) & mask;
    while (s->image_keys[i] && s->image_keys[i] != name &&
           strcmp(s->image_keys[i], name) != 0) {
        i = (i + 1) & mask;
    }
    return i;
}

int32_t snapshot_image_nodes(const sched_snapshot *s, const char *name) {
    if (!s->image_slots) return 0;
    size_t i = image_slot(s, name);
    return s->image_keys[i] ? s->image_counts[i] : 0;
}

/* createImageExistenceMap: every name of every image, counted once per
   node that lists it. */
static podsim_status count_images(sched_snapshot *s) {
    size_t names = 0;
    for (size_t i = 0; i < s->node_count; i++) names += s->nodes[i].image_count;
    size_t slots = 16;
    while (slots < names * 2) slots *= 2;
    s->image_keys = calloc(slots, sizeof(*s->image_keys));
    s->image_counts = calloc(slots, sizeof(*s->image_counts));
    /* the last node that counted a name, to count each node once */
    int32_t *last = calloc(slots, sizeof(*last));
    if (!s->image_keys || !s->image_counts || !last) {
        free(last);
        return PODSIM_ENOMEM;
    }
    s->image_slots = slots;
    for (size_t n = 0; n < s->node_count; n++) {
        const snap_node *node = &s->nodes[n];
        for (size_t k = 0; k < node->image_count; k++) {
            size_t i = image_slot(s, node->images[k].name);
            if (!s->image_keys[i]) s->image_keys[i] = node->images[k].name;
            if (s->image_counts[i] && last[i] == (int32_t)n) continue;
            s->image_counts[i]++;
            last[i] = (int32_t)n;
        }
    }
    free(last);
    return PODSIM_OK;
}

/* ---- NodeTree order ------------------------------------------------------ */

/* nodeTree.list(): zones in order of first appearance, then round robin. */
static podsim_status node_tree_order(const podsim_cluster *c, int32_t *order,
                                     size_t n, size_t *live_out) {
    int32_t *zone_of = malloc((n ? n : 1) * sizeof(int32_t));
    int32_t *zone_first = malloc((n ? n : 1) * sizeof(int32_t));
    size_t *zone_size = calloc(n ? n : 1, sizeof(size_t));
    size_t *zone_taken = calloc(n ? n : 1, sizeof(size_t));
    int32_t *zone_nodes = malloc((n ? n : 1) * sizeof(int32_t));
    size_t *zone_start = calloc(n ? n : 1, sizeof(size_t));
    podsim_status st = PODSIM_OK;
    if (!zone_of || !zone_first || !zone_size || !zone_taken || !zone_nodes ||
        !zone_start) {
        st = PODSIM_ENOMEM;
        goto done;
    }
    size_t zones = 0;
    for (size_t i = 0; i < n; i++) {
        const podsim_node *node = podsim_cluster_node(c, (podsim_id)i);
        zone_of[i] = -1;
        if (node->removed) continue; /* a simulation deleted it */
        size_t z = 0;
        while (z < zones) {
            const podsim_node *first = podsim_cluster_node(c, zone_first[z]);
            if (same_string(first->zone, node->zone) &&
                same_string(first->region, node->region)) {
                break;
            }
            z++;
        }
        if (z == zones) zone_first[zones++] = (int32_t)i;
        zone_of[i] = (int32_t)z;
        zone_size[z]++;
    }
    for (size_t z = 1; z < zones; z++) {
        zone_start[z] = zone_start[z - 1] + zone_size[z - 1];
    }
    size_t live = 0;
    for (size_t i = 0; i < n; i++) {
        if (zone_of[i] < 0) continue;
        size_t z = (size_t)zone_of[i];
        zone_nodes[zone_start[z] + zone_taken[z]++] = (int32_t)i;
        live++;
    }
    size_t out = 0;
    for (size_t round = 0; out < live; round++) {
        for (size_t z = 0; z < zones; z++) {
            if (round < zone_size[z]) {
                order[out++] = zone_nodes[zone_start[z] + round];
            }
        }
    }
    *live_out = live;
done:
    free(zone_of);
    free(zone_first);
    free(zone_size);
    free(zone_taken);
    free(zone_nodes);
    free(zone_start);
    return st;
}

/* ---- building ------------------------------------------------------------ */

static podsim_status fill_node(sched_snapshot *s, snap_node *sn,
                               const podsim_node *node) {
    sn->node = node;
    sn->name = node->meta.name;
    sn->id = node->id;
    vec_init(&sn->pods, sizeof(int32_t));
    vec_init(&sn->ports, sizeof(snap_port));
    for (size_t i = 0; i < node->allocatable.count; i++) {
        const podsim_resource *r = &node->allocatable.items[i];
        int32_t res = snapshot_resource(s, r->name, true);
        if (res < 0) return PODSIM_ENOMEM;
        sn->alloc[res] = sched_quantity_value(res, &r->quantity);
    }
    size_t names = 0;
    for (size_t i = 0; i < node->image_count; i++) {
        names += node->images[i].names.count;
    }
    snap_image *images =
        arena_alloc(&s->mem, (names ? names : 1) * sizeof(snap_image));
    if (!images) return PODSIM_ENOMEM;
    size_t k = 0;
    for (size_t i = 0; i < node->image_count; i++) {
        for (size_t j = 0; j < node->images[i].names.count; j++) {
            images[k].name = node->images[i].names.items[j];
            images[k].size = node->images[i].size_bytes;
            k++;
        }
    }
    sn->images = images;
    sn->image_count = names;
    return PODSIM_OK;
}

static bool has_pod_affinity(const podsim_pod *p) {
    const podsim_affinity *a = p->spec.affinity;
    return a && (a->pod_affinity || a->pod_anti_affinity);
}

static bool has_required_anti_affinity(const podsim_pod *p) {
    const podsim_affinity *a = p->spec.affinity;
    return a && a->pod_anti_affinity && a->pod_anti_affinity->required_count;
}

static podsim_status add_ports(sched_snapshot *s, snap_node *n,
                               const podsim_container *cs, size_t count,
                               bool sidecars_only) {
    for (size_t i = 0; i < count; i++) {
        if (sidecars_only && cs[i].kind != PODSIM_CONTAINER_SIDECAR) continue;
        for (size_t j = 0; j < cs[i].port_count; j++) {
            const podsim_container_port *p = &cs[i].ports[j];
            if (p->host_port <= 0) continue;
            snap_port *u = vec_push(&n->ports);
            if (!u) return PODSIM_ENOMEM;
            u->ip = p->host_ip[0] ? p->host_ip : "0.0.0.0";
            u->port = p->host_port;
            u->protocol = (int32_t)p->protocol;
        }
    }
    (void)s;
    return PODSIM_OK;
}

static void remove_ports(snap_node *n, const podsim_pod *pod, int minor) {
    /* remove one entry per port the pod declared (HostPortInfo.Remove) */
    for (int pass = 0; pass < 2; pass++) {
        const podsim_container *cs =
            pass ? pod->spec.init_containers : pod->spec.containers;
        size_t count =
            pass ? pod->spec.init_container_count : pod->spec.container_count;
        if (pass && minor < 34) break;
        for (size_t i = 0; i < count; i++) {
            if (pass && cs[i].kind != PODSIM_CONTAINER_SIDECAR) continue;
            for (size_t j = 0; j < cs[i].port_count; j++) {
                const podsim_container_port *p = &cs[i].ports[j];
                if (p->host_port <= 0) continue;
                const char *ip = p->host_ip[0] ? p->host_ip : "0.0.0.0";
                snap_port *ports = n->ports.data;
                for (size_t k = 0; k < n->ports.len; k++) {
                    if (ports[k].port == p->host_port &&
                        ports[k].protocol == (int32_t)p->protocol &&
                        strcmp(ports[k].ip, ip) == 0) {
                        ports[k] = ports[--n->ports.len];
                        break;
                    }
                }
            }
        }
    }
}

static void account(sched_snapshot *s, snap_pod *sp, int sign) {
    snap_node *n = &s->nodes[sp->node];
    for (size_t i = 0; i < sp->req_count; i++) {
        n->req[sp->req[i].res] += sign * sp->req[i].value;
    }
    n->nonzero_cpu += sign * sp->nonzero_cpu;
    n->nonzero_mem += sign * sp->nonzero_mem;
    n->num_pods += sign;
    n->affinity_pods += sign * (int32_t)sp->has_affinity;
    n->required_anti_affinity_pods +=
        sign * (int32_t)sp->has_required_anti_affinity;
    s->pods_with_affinity += sign * (int32_t)sp->has_affinity;
    s->pods_with_required_anti_affinity +=
        sign * (int32_t)sp->has_required_anti_affinity;
}

podsim_status snapshot_add_pod(sched_snapshot *s, const podsim_pod *pod,
                               int32_t node) {
    podsim_cluster *c = s->c;
    snap_node *n = &s->nodes[node];
    snap_amount *req =
        arena_alloc(&s->mem, (pod->requests.count ? pod->requests.count : 1) *
                                 sizeof(snap_amount));
    if (!req) return PODSIM_ENOMEM;
    for (size_t i = 0; i < pod->requests.count; i++) {
        const podsim_resource *r = &pod->requests.items[i];
        int32_t res = snapshot_resource(s, r->name, true);
        if (res < 0) return PODSIM_ENOMEM;
        req[i].res = res;
        req[i].value = sched_quantity_value(res, &r->quantity);
    }
    podsim_resources nonzero = {NULL, 0};
    podsim_status st =
        pod_requests_into(c, pod, PODSIM_REQUESTS_NON_ZERO, &s->mem, &nonzero);
    if (st) return st;
    int32_t *slot = vec_push(&n->pods);
    snap_pod *sp = vec_push(&s->pods);
    if (!slot || !sp) return PODSIM_ENOMEM;
    *slot = (int32_t)(s->pods.len - 1);
    sp->pod = pod;
    sp->node = node;
    sp->priority = (int32_t)pod_priority(pod);
    sp->terminating = pod->meta.deletion_timestamp != PODSIM_NO_TIME;
    sp->has_affinity = has_pod_affinity(pod);
    sp->has_required_anti_affinity = has_required_anti_affinity(pod);
    sp->req = req;
    sp->req_count = pod->requests.count;
    podsim_quantity q;
    if (podsim_resources_get(&nonzero, "cpu", &q)) {
        sp->nonzero_cpu = sched_quantity_value(RES_CPU, &q);
    }
    if (podsim_resources_get(&nonzero, "memory", &q)) {
        sp->nonzero_mem = sched_quantity_value(RES_MEMORY, &q);
    }
    account(s, sp, +1);
    st =
        add_ports(s, n, pod->spec.containers, pod->spec.container_count, false);
    if (!st && c->k8s.minor >= 34) {
        st = add_ports(s, n, pod->spec.init_containers,
                       pod->spec.init_container_count, true);
    }
    return st;
}

podsim_status snapshot_add_nominated(sched_snapshot *s, const podsim_pod *pod,
                                     int32_t node) {
    podsim_status st = snapshot_add_pod(s, pod, node);
    if (st) return st;
    int32_t index = (int32_t)(s->pods.len - 1);
    snapshot_remove_pod(s, index);
    snapshot_pod(s, index)->nominated = true;
    s->nodes[node].nominated_pods++;
    s->nominated_total++;
    return PODSIM_OK;
}

void snapshot_drop_nominated(sched_snapshot *s, const podsim_pod *pod) {
    for (size_t n = 0; s->nominated_total && n < s->node_count; n++) {
        snap_node *node = &s->nodes[n];
        if (!node->nominated_pods) continue;
        const int32_t *pods = node->pods.data;
        for (size_t i = 0; i < node->pods.len; i++) {
            snap_pod *sp = snapshot_pod(s, pods[i]);
            if (sp->nominated && sp->pod == pod) {
                sp->nominated = false; /* stays removed for good */
                node->nominated_pods--;
                s->nominated_total--;
            }
        }
    }
}

void snapshot_remove_pod(sched_snapshot *s, int32_t pod) {
    snap_pod *sp = snapshot_pod(s, pod);
    if (sp->removed) return;
    sp->removed = true;
    s->removal_version++;
    account(s, sp, -1);
    remove_ports(&s->nodes[sp->node], sp->pod, s->c->k8s.minor);
}

void snapshot_restore_pod(sched_snapshot *s, int32_t pod) {
    snap_pod *sp = snapshot_pod(s, pod);
    if (!sp->removed) return;
    sp->removed = false;
    s->removal_version++;
    account(s, sp, +1);
    snap_node *n = &s->nodes[sp->node];
    /* cannot fail: the vector held these ports before their removal */
    (void)add_ports(s, n, sp->pod->spec.containers,
                    sp->pod->spec.container_count, false);
    if (s->c->k8s.minor >= 34) {
        (void)add_ports(s, n, sp->pod->spec.init_containers,
                        sp->pod->spec.init_container_count, true);
    }
}

void snapshot_release(sched_snapshot *s) {
    for (int i = 0; i < SNAP_CACHE_COUNT; i++) {
        if (s->plugin_cache[i] && s->plugin_cache_free[i]) {
            s->plugin_cache_free[i](s->plugin_cache[i]);
        }
    }
    for (size_t i = 0; i < s->node_count; i++) {
        free(s->nodes[i].alloc);
        free(s->nodes[i].req);
        vec_release(&s->nodes[i].pods);
        vec_release(&s->nodes[i].ports);
    }
    free(s->nodes);
    free(s->index_of_node);
    free(s->res_names);
    free(s->image_keys);
    free(s->image_counts);
    vec_release(&s->pods);
    arena_release(&s->mem);
    memset(s, 0, sizeof(*s));
}

static podsim_status build(sched_snapshot *s, podsim_cluster *c) {
    size_t n = podsim_cluster_count(c, PODSIM_KIND_NODE);
    s->c = c;
    s->generation = c->generation;
    arena_init(&s->mem, 0);
    vec_init(&s->pods, sizeof(snap_pod));
    s->nodes = calloc(n ? n : 1, sizeof(snap_node));
    s->index_of_node = malloc((n ? n : 1) * sizeof(int32_t));
    int32_t *order = malloc((n ? n : 1) * sizeof(int32_t));
    size_t live = 0;
    podsim_status st = (s->nodes && s->index_of_node && order)
                           ? node_tree_order(c, order, n, &live)
                           : PODSIM_ENOMEM;
    if (st) {
        free(order);
        return st;
    }
    s->index_of_node_len = n;
    /* nodes a simulation deleted have no place in the snapshot */
    for (size_t i = 0; i < n; i++) s->index_of_node[i] = -1;
    static const char *const fixed[] = {"cpu", "memory", "ephemeral-storage",
                                        "pods"};
    for (size_t i = 0; i < 4; i++) {
        if (snapshot_resource(s, fixed[i], true) != (int32_t)i) {
            free(order);
            return PODSIM_ENOMEM;
        }
    }
    for (size_t i = 0; i < live && !st; i++) {
        snap_node *sn = &s->nodes[i];
        sn->alloc = calloc(s->res_cap, sizeof(int64_t));
        sn->req = calloc(s->res_cap, sizeof(int64_t));
        s->node_count = i + 1;
        if (!sn->alloc || !sn->req) {
            st = PODSIM_ENOMEM;
            break;
        }
        const podsim_node *node = podsim_cluster_node(c, order[i]);
        s->index_of_node[order[i]] = (int32_t)i;
        s->unschedulable_nodes += node->unschedulable;
        for (size_t t = 0; t < node->taint_count; t++) {
            if (node->taints[t].effect == PODSIM_EFFECT_NO_SCHEDULE ||
                node->taints[t].effect == PODSIM_EFFECT_NO_EXECUTE) {
                s->hard_tainted_nodes++;
                break;
            }
        }
        st = fill_node(s, sn, node);
    }
    free(order);
    if (st) return st;
    size_t pods = podsim_cluster_count(c, PODSIM_KIND_POD);
    for (size_t i = 0; i < pods && !st; i++) {
        const podsim_pod *p = podsim_cluster_pod(c, (podsim_id)i);
        if (p->node == PODSIM_NO_ID || !pod_holds_resources(p)) continue;
        if (s->index_of_node[p->node] < 0) continue; /* node deleted */
        st = snapshot_add_pod(s, p, s->index_of_node[p->node]);
    }
    /* the nominator: pending pods whose status names a nominated node */
    for (size_t i = 0; i < pods && !st; i++) {
        const podsim_pod *p = podsim_cluster_pod(c, (podsim_id)i);
        const char *nn = p->status.nominated_node_name;
        if (p->node != PODSIM_NO_ID || !pod_holds_resources(p) || !nn ||
            !nn[0] || p->meta.deletion_timestamp != PODSIM_NO_TIME) {
            continue;
        }
        podsim_id node = cluster_lookup(c, PODSIM_KIND_NODE, NULL, nn);
        if (node == PODSIM_NO_ID || s->index_of_node[node] < 0) continue;
        st = snapshot_add_nominated(s, p, s->index_of_node[node]);
    }
    return st ? st : count_images(s);
}

podsim_status snapshot_build(sched_snapshot *s, podsim_cluster *c) {
    snapshot_release(s);
    podsim_status st = build(s, c);
    if (st) snapshot_release(s);
    return st;
}

void snapshot_forget_pod(sched_snapshot *s, const podsim_pod *pod) {
    if (pod->node == PODSIM_NO_ID ||
        (size_t)pod->node >= s->index_of_node_len) {
        return;
    }
    int32_t node = s->index_of_node[pod->node];
    if (node < 0) return;
    snap_node *n = &s->nodes[node];
    int32_t *pods = n->pods.data;
    for (size_t i = 0; i < n->pods.len; i++) {
        snap_pod *sp = snapshot_pod(s, pods[i]);
        if (sp->pod != pod || sp->nominated) continue;
        snapshot_remove_pod(s, pods[i]); /* accounting, ports, caches */
        /* keep the node's list in order, without the pod */
        memmove(&pods[i], &pods[i + 1], (n->pods.len - i - 1) * sizeof(*pods));
        n->pods.len--;
        return;
    }
}

void snapshot_pod_terminating(sched_snapshot *s, const podsim_pod *pod) {
    if (pod->node == PODSIM_NO_ID ||
        (size_t)pod->node >= s->index_of_node_len) {
        return;
    }
    int32_t node = s->index_of_node[pod->node];
    if (node < 0) return;
    const snap_node *n = &s->nodes[node];
    const int32_t *pods = n->pods.data;
    for (size_t i = 0; i < n->pods.len; i++) {
        snap_pod *sp = snapshot_pod(s, pods[i]);
        if (sp->pod == pod && !sp->terminating) {
            sp->terminating = true;
            /* cached per-selector counts are recounted without it */
            s->removal_version++;
        }
    }
}
