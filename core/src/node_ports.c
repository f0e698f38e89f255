/*
 * node_ports.c - the NodePorts plugin (PreFilter, Filter).
 *
 * Mirrors pkg/scheduler/framework/plugins/nodeports/node_ports.go with
 * pkg/scheduler/util GetHostPorts and framework HostPortInfo.CheckConflict:
 * PreFilter collects the pod's host ports (hostPort > 0) and returns Skip
 * when there are none; a wanted (hostIP, protocol, port) conflicts with one
 * in use on the node when protocol and port are equal and either side binds
 * 0.0.0.0 or both bind the same IP. A conflict fails the node with
 * "node(s) didn't have free ports for the requested pod ports"
 * (Unschedulable: evicting the pod holding the port would help).
 * From v1.34 (PR #132040) the host ports of sidecars (init containers with
 * restartPolicy: Always) count too, listed before the regular containers'.
 */
#include <string.h>

#include "sched.h"

static const char reason_ports[] =
    "node(s) didn't have free ports for the requested pod ports";

#define BIND_ALL "0.0.0.0"

typedef struct wanted_ports {
    snap_port *ports;
    size_t count;
} wanted_ports;

static size_t host_port_count(const podsim_container *c) {
    size_t n = 0;
    for (size_t i = 0; i < c->port_count; i++) n += c->ports[i].host_port > 0;
    return n;
}

static void add_host_ports(const podsim_container *c, wanted_ports *w) {
    for (size_t i = 0; i < c->port_count; i++) {
        const podsim_container_port *p = &c->ports[i];
        if (p->host_port <= 0) continue;
        snap_port *out = &w->ports[w->count++];
        out->ip = p->host_ip && p->host_ip[0] ? p->host_ip : BIND_ALL;
        out->port = p->host_port;
        out->protocol = (int32_t)p->protocol;
    }
}

static bool counts_sidecars(const sched_cycle *cy) {
    return cy->minor >= 34;
}

static sched_code pre_filter(sched_cycle *cy, const sched_slot *slot,
                             void **state, sched_node_set *nodes,
                             sched_reasons *why) {
    (void)slot;
    (void)nodes;
    (void)why;
    const podsim_pod_spec *spec = &cy->pod->spec;
    size_t n = 0;
    if (counts_sidecars(cy)) {
        for (size_t i = 0; i < spec->init_container_count; i++) {
            if (spec->init_containers[i].kind == PODSIM_CONTAINER_SIDECAR)
                n += host_port_count(&spec->init_containers[i]);
        }
    }
    for (size_t i = 0; i < spec->container_count; i++)
        n += host_port_count(&spec->containers[i]);
    if (n == 0) return SCHED_SKIP;

    wanted_ports *w = cycle_alloc(cy, sizeof *w);
    if (!w) return SCHED_ERROR;
    w->ports = cycle_alloc(cy, n * sizeof *w->ports);
    if (!w->ports) return SCHED_ERROR;
    if (counts_sidecars(cy)) {
        for (size_t i = 0; i < spec->init_container_count; i++) {
            if (spec->init_containers[i].kind == PODSIM_CONTAINER_SIDECAR)
                add_host_ports(&spec->init_containers[i], w);
        }
    }
    for (size_t i = 0; i < spec->container_count; i++)
        add_host_ports(&spec->containers[i], w);
    *state = w;
    return SCHED_SUCCESS;
}

/* HostPortInfo.CheckConflict: 0.0.0.0 clashes with every IP. */
static bool conflicts(const snap_port *want, const vec *used) {
    bool want_all = same_string(want->ip, BIND_ALL);
    for (size_t i = 0; i < used->len; i++) {
        const snap_port *u = vec_at(used, i);
        if (u->port != want->port || u->protocol != want->protocol) continue;
        if (want_all || same_string(u->ip, BIND_ALL) ||
            same_string(u->ip, want->ip))
            return true;
    }
    return false;
}

static sched_code filter(sched_cycle *cy, const sched_slot *slot, void *state,
                         int32_t node, sched_reasons *why) {
    (void)slot;
    const wanted_ports *w = state;
    if (!w) return SCHED_SUCCESS; /* no host ports (PreFilter skipped) */
    const vec *used = &cy->snap->nodes[node].ports;
    for (size_t i = 0; i < w->count; i++) {
        if (conflicts(&w->ports[i], used)) {
            reasons_add(why, reason_ports);
            return SCHED_UNSCHEDULABLE;
        }
    }
    return SCHED_SUCCESS;
}

const sched_plugin sched_plugin_node_ports = {
    .name = "NodePorts",
    .points = PT_BIT(PT_PRE_FILTER) | PT_BIT(PT_FILTER),
    .pre_filter = pre_filter,
    .filter = filter,
};
