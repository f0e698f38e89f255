/*
 * attach_detach.c - the attach-detach controller's rule for volumes only
 * one node at a time may hold (kube-controller-manager,
 * pkg/controller/volume/attachdetach/reconciler/reconciler.go).
 *
 * A claim whose volume may not be attached to several nodes
 * (pkg/volume/util IsMultiAttachAllowed: the PersistentVolume's access
 * modes include ReadWriteOnce or ReadWriteOncePod, or name none) stays
 * attached to the node that used it until the controller detaches it
 * there. The desired state of the world keeps the (volume, node) pair
 * while a pod on that node needs the volume, that is until the pod object
 * is gone or the kubelet has finished it (util.DetermineVolumeAction,
 * IsPodTerminated). Then the reconciler:
 *   - detaches once the kubelet has unmounted (the node's volumesInUse):
 *     podsim takes a live kubelet's unmount and the detach as instant;
 *   - for a node that never reports the unmount (kubelet silent, machine
 *     off, Node deleted: nodeIsHealthy false) force-detaches once
 *     maxWaitForUnmountDuration (6 min, nl.max_wait_for_unmount_ms) has
 *     passed since it first saw the pair leave the desired state
 *     (SetDetachRequestTime), or at once while the node carries the
 *     node.kubernetes.io/out-of-service taint (hasOutOfServiceTaint,
 *     NodeOutOfServiceVolumeDetach GA in 1.28).
 * A pod on another node that needs the volume meanwhile gets one
 * FailedAttachVolume event (reportMultiAttachError, once per volume and
 * node: SetMultiAttachError) and waits; after the detach its attach starts
 * and takes timing.volume_attach_ms. The reconciler loops every 100 ms;
 * podsim acts at the instant the condition holds. Volumes that nodes may
 * share are attached per pod without bookkeeping.
 */
#include <stdlib.h>
#include <string.h>

#include "attach_detach.h"

/* A pod on another node waiting for the volume. */
typedef struct ad_waiter {
    podsim_id pod;
    bool reported; /* the Multi-Attach event was sent */
} ad_waiter;

typedef struct ad_attachment {
    podsim_id node;      /* attached to; PODSIM_NO_ID = detached */
    int64_t ready_at;    /* when the attach completes */
    int64_t released_at; /* no pod on `node` needs it since; -1 */
    uint32_t gen;        /* the forced-detach timer */
    vec users;           /* podsim_id: pods on `node` that need it */
    vec waiters;         /* ad_waiter */
} ad_attachment;

struct ad_state {
    vec att;     /* ad_attachment by claim id */
    vec pending; /* podsim_id: claims waiting for a forced detach */
    bool any;    /* some claim was looked at */
};

/* ---- lifetime ------------------------------------------------------------ */

ad_state *ad_create(void) {
    ad_state *s = calloc(1, sizeof *s);
    if (!s) return NULL;
    vec_init(&s->att, sizeof(ad_attachment));
    vec_init(&s->pending, sizeof(podsim_id));
    return s;
}

void ad_destroy(ad_state *s) {
    if (!s) return;
    for (size_t i = 0; i < s->att.len; i++) {
        ad_attachment *a = vec_at(&s->att, i);
        vec_release(&a->users);
        vec_release(&a->waiters);
    }
    vec_release(&s->att);
    vec_release(&s->pending);
    free(s);
}

ad_state *ad_fork(const ad_state *src) {
    ad_state *s = calloc(1, sizeof *s);
    if (!s) return NULL;
    if (!vec_copy(&s->att, &src->att)) {
        vec_release(&s->att);
        free(s);
        return NULL;
    }
    s->any = src->any;
    bool ok = true;
    for (size_t i = 0; i < s->att.len; i++) {
        ad_attachment *a = vec_at(&s->att, i);
        const ad_attachment *from = vec_at(&src->att, i);
        /* the copies still point at src's arrays until replaced */
        if (!vec_copy(&a->users, &from->users)) ok = false;
        if (!vec_copy(&a->waiters, &from->waiters)) ok = false;
    }
    if (!vec_copy(&s->pending, &src->pending)) ok = false;
    if (!ok) {
        ad_destroy(s);
        return NULL;
    }
    return s;
}

size_t ad_memory(const ad_state *s) {
    size_t bytes = sizeof *s + s->att.cap * sizeof(ad_attachment) +
                   s->pending.cap * sizeof(podsim_id);
    for (size_t i = 0; i < s->att.len; i++) {
        const ad_attachment *a = vec_at(&s->att, i);
        bytes += a->users.cap * sizeof(podsim_id) +
                 a->waiters.cap * sizeof(ad_waiter);
    }
    return bytes;
}

/* ---- which claims are exclusive ----------------------------------------- */

/* In-tree volume sources that have no attach step (no AttachableVolume
   plugin): the controller never attaches them. */
static bool attachable(const char *source_type) {
    static const char *const local[] = {"hostPath", "local", "nfs", "cephfs",
                                        "glusterfs"};
    if (!source_type) return true;
    for (size_t i = 0; i < sizeof local / sizeof local[0]; i++) {
        if (strcmp(source_type, local[i]) == 0) return false;
    }
    return true;
}

/* The claim of a pod volume when its volume may be attached to one node
   only (IsMultiAttachAllowed false), else PODSIM_NO_ID. */
static podsim_id exclusive_claim(podsim_sim *sim, const podsim_pod *p,
                                 const podsim_volume *v) {
    if (v->type != PODSIM_VOLUME_PVC) return PODSIM_NO_ID;
    podsim_id id = cluster_lookup(sim->c, PODSIM_KIND_PERSISTENTVOLUMECLAIM,
                                  p->meta.namespace_, v->source);
    if (id == PODSIM_NO_ID) return id;
    const podsim_pvc *c = podsim_cluster_pvc(sim->c, id);
    const podsim_pv *pv = NULL;
    if (c->volume_name && c->volume_name[0]) {
        podsim_id pid = cluster_lookup(sim->c, PODSIM_KIND_PERSISTENTVOLUME,
                                       NULL, c->volume_name);
        if (pid != PODSIM_NO_ID) pv = podsim_cluster_pv(sim->c, pid);
    }
    const unsigned once = PODSIM_ACCESS_RWO | PODSIM_ACCESS_RWOP;
    if (pv) {
        if (!attachable(pv->source_type)) return PODSIM_NO_ID;
        /* a volume that names no access mode is not known to be safe */
        return !pv->access_modes || (pv->access_modes & once) ? id
                                                              : PODSIM_NO_ID;
    }
    /* the volume is not in the model (dynamically provisioned): its
       access modes are the claim's */
    return (c->access_modes & once) ? id : PODSIM_NO_ID;
}

/* The PersistentVolume's name as the event shows it (the volume spec's
   name): the bound volume, or what a CSI provisioner names it. */
static const char *volume_name(podsim_sim *sim, podsim_id claim) {
    const podsim_pvc *c = podsim_cluster_pvc(sim->c, claim);
    if (c->volume_name && c->volume_name[0]) return c->volume_name;
    return sim_internf(sim, "pvc-%s", c->meta.uid ? c->meta.uid : "");
}

static ad_attachment *slot(podsim_sim *sim, ad_state *s, podsim_id claim) {
    while (s->att.len <= (size_t)claim) {
        ad_attachment *a = vec_push(&s->att);
        if (!a) {
            sim_fail_oom(sim);
            return NULL;
        }
        a->node = PODSIM_NO_ID;
        a->released_at = -1;
        vec_init(&a->users, sizeof(podsim_id));
        vec_init(&a->waiters, sizeof(ad_waiter));
    }
    s->any = true;
    return vec_at(&s->att, (size_t)claim);
}

/* ---- users and waiters --------------------------------------------------- */

static bool has_user(const ad_attachment *a, podsim_id pod) {
    for (size_t i = 0; i < a->users.len; i++) {
        if (*(const podsim_id *)vec_at(&a->users, i) == pod) return true;
    }
    return false;
}

static void add_user(podsim_sim *sim, ad_attachment *a, podsim_id pod) {
    /* back in the desired state: ResetDetachRequestTime */
    a->released_at = -1;
    a->gen++;
    if (has_user(a, pod)) return;
    podsim_id *u = vec_push(&a->users);
    if (!u) {
        sim_fail_oom(sim);
        return;
    }
    *u = pod;
}

static bool remove_user(ad_attachment *a, podsim_id pod) {
    for (size_t i = 0; i < a->users.len; i++) {
        podsim_id *u = vec_at(&a->users, i);
        if (*u != pod) continue;
        *u = *(podsim_id *)vec_at(&a->users, a->users.len - 1);
        a->users.len--;
        return true;
    }
    return false;
}

static ad_waiter *find_waiter(ad_attachment *a, podsim_id pod) {
    for (size_t i = 0; i < a->waiters.len; i++) {
        ad_waiter *w = vec_at(&a->waiters, i);
        if (w->pod == pod) return w;
    }
    return NULL;
}

static void remove_waiter(ad_attachment *a, podsim_id pod) {
    for (size_t i = 0; i < a->waiters.len; i++) {
        ad_waiter *w = vec_at(&a->waiters, i);
        if (w->pod != pod) continue;
        /* keep the order: waiters retry in the order they came */
        memmove(w, w + 1, (a->waiters.len - i - 1) * sizeof *w);
        a->waiters.len--;
        return;
    }
}

/* ---- the Multi-Attach event ---------------------------------------------- */

/* reportMultiAttachError: the pods on the other node that still need the
   volume are named to pods of their namespace; with none, the volume is
   "exclusively attached". */
static void report_multi_attach(podsim_sim *sim, const ad_attachment *a,
                                podsim_id claim, podsim_id pod) {
    if (sim->flags & PODSIM_SIM_QUIET) return;
    const podsim_pod *p = podsim_cluster_pod(sim->c, pod);
    const char *vol = volume_name(sim, claim);
    strbuf names;
    strbuf_init(&names);
    int local = 0, other = 0;
    for (size_t i = 0; i < a->users.len; i++) {
        const podsim_pod *u = podsim_cluster_pod(
            sim->c, *(const podsim_id *)vec_at(&a->users, i));
        if (!u) continue;
        if (strcmp(u->meta.namespace_, p->meta.namespace_) == 0) {
            strbuf_printf(&names, "%s%s", local++ ? ", " : "", u->meta.name);
        } else {
            other++;
        }
    }
    strbuf suffix;
    strbuf_init(&suffix);
    if (!local && !other) {
        strbuf_printf(&suffix,
                      "Volume is already exclusively attached to one "
                      "node and can't be attached to another");
    } else if (local) {
        strbuf_printf(&suffix, "Volume is already used by pod(s) %s",
                      strbuf_str(&names));
        if (other) {
            strbuf_printf(&suffix, " and %d pod(s) in different namespaces",
                          other);
        }
    } else {
        strbuf_printf(&suffix,
                      "Volume is already used by %d pod(s) in different "
                      "namespaces",
                      other);
    }
    if (names.failed || suffix.failed || !vol) {
        sim_fail_oom(sim);
    } else {
        /* GenerateMsg: "<prefix> for volume %q <suffix>" */
        sim_event(sim, "Warning", "FailedAttachVolume", PODSIM_KIND_POD, pod,
                  NULL, "attachdetach-controller",
                  "Multi-Attach error for volume \"%s\" %s", vol,
                  strbuf_str(&suffix));
    }
    strbuf_release(&names);
    strbuf_release(&suffix);
}

/* ---- detaching ----------------------------------------------------------- */

static void detach(podsim_sim *sim, ad_attachment *a) {
    a->node = PODSIM_NO_ID;
    a->released_at = -1;
    a->gen++;
    /* the waiting pods retry (the kubelet's volume manager sees the new
       attach through the node's volumesAttached); they leave the list
       once attached or gone */
    for (size_t i = 0; i < a->waiters.len; i++) {
        const ad_waiter *w = vec_at(&a->waiters, i);
        kubelet_volume_attachable(sim, w->pod);
    }
}

static bool out_of_service(podsim_sim *sim, podsim_id node) {
    const podsim_node *n = podsim_cluster_node(sim->c, node);
    return n && !n->removed &&
           sim_node_has_taint(n, TAINT_OUT_OF_SERVICE, PODSIM_EFFECT_NONE);
}

/* An attachment no pod on its node needs: detach when the reconciler
   would, or set the timer for the forced detach (and watch the node's
   changes meanwhile: ad_node_changed). Returns whether it still waits. */
static bool reconcile(podsim_sim *sim, ad_attachment *a, podsim_id claim) {
    if (a->node == PODSIM_NO_ID || a->users.len) return false;
    if (a->released_at < 0) a->released_at = sim->now;
    sim_node_state *st = sim_node(sim, a->node);
    const podsim_node *n = podsim_cluster_node(sim->c, a->node);
    bool reports =
        sim_node_kubelet_alive(st) && !st->deleted && n && !n->removed;
    int64_t forced = a->released_at + sim->nl.max_wait_for_unmount_ms;
    if (reports || out_of_service(sim, a->node) || sim->now >= forced) {
        detach(sim, a);
        return false;
    }
    a->gen++;
    sim_post(sim, forced, MOD_KUBELET, AD_OP_DETACH, claim, 0, a->gen);
    return true;
}

static void wait_detach(podsim_sim *sim, ad_state *s, ad_attachment *a,
                        podsim_id claim) {
    if (!reconcile(sim, a, claim)) return;
    for (size_t i = 0; i < s->pending.len; i++) {
        if (*(podsim_id *)vec_at(&s->pending, i) == claim) return;
    }
    podsim_id *slot = vec_push(&s->pending);
    if (!slot) {
        sim_fail_oom(sim);
        return;
    }
    *slot = claim;
}

/* ---- the volume manager's questions -------------------------------------- */

ad_result ad_volume_needed(podsim_sim *sim, ad_state *s, podsim_id pod,
                           podsim_id node, const podsim_volume *v,
                           int64_t attach_ms, int64_t *ready_at) {
    *ready_at = sim->now + attach_ms;
    const podsim_pod *p = podsim_cluster_pod(sim->c, pod);
    podsim_id claim = exclusive_claim(sim, p, v);
    if (claim == PODSIM_NO_ID) return AD_READY;
    ad_attachment *a = slot(sim, s, claim);
    if (!a) return AD_READY;
    if (a->node == PODSIM_NO_ID) {
        a->node = node;
        a->ready_at = *ready_at;
    }
    if (a->node == node) {
        remove_waiter(a, pod);
        add_user(sim, a, pod);
        *ready_at = a->ready_at > sim->now ? a->ready_at : sim->now;
        return AD_READY;
    }
    ad_waiter *w = find_waiter(a, pod);
    if (!w) {
        w = vec_push(&a->waiters);
        if (!w) {
            sim_fail_oom(sim);
            return AD_BLOCKED;
        }
        w->pod = pod;
    }
    if (!w->reported) {
        w->reported = true;
        report_multi_attach(sim, a, claim, pod);
    }
    return AD_BLOCKED;
}

void ad_pod_adopted(podsim_sim *sim, ad_state *s, podsim_id pod,
                    podsim_id node) {
    const podsim_pod *p = podsim_cluster_pod(sim->c, pod);
    for (size_t i = 0; i < p->spec.volume_count; i++) {
        podsim_id claim = exclusive_claim(sim, p, &p->spec.volumes[i]);
        if (claim == PODSIM_NO_ID) continue;
        ad_attachment *a = slot(sim, s, claim);
        if (!a) return;
        if (a->node == PODSIM_NO_ID) {
            a->node = node;
            a->ready_at = 0;
        }
        if (a->node == node) add_user(sim, a, pod);
    }
}

void ad_pod_released(podsim_sim *sim, ad_state *s, podsim_id pod) {
    if (!s->any) return;
    const podsim_pod *p = podsim_cluster_pod(sim->c, pod);
    if (!p) return;
    for (size_t i = 0; i < p->spec.volume_count; i++) {
        const podsim_volume *v = &p->spec.volumes[i];
        if (v->type != PODSIM_VOLUME_PVC) continue;
        podsim_id claim =
            cluster_lookup(sim->c, PODSIM_KIND_PERSISTENTVOLUMECLAIM,
                           p->meta.namespace_, v->source);
        if (claim == PODSIM_NO_ID || (size_t)claim >= s->att.len) continue;
        ad_attachment *a = vec_at(&s->att, (size_t)claim);
        remove_waiter(a, pod);
        if (remove_user(a, pod) && !a->users.len) {
            wait_detach(sim, s, a, claim);
        }
    }
}

void ad_node_changed(podsim_sim *sim, ad_state *s, podsim_id node) {
    size_t keep = 0;
    for (size_t i = 0; i < s->pending.len; i++) {
        podsim_id claim = *(podsim_id *)vec_at(&s->pending, i);
        ad_attachment *a = vec_at(&s->att, (size_t)claim);
        bool waits = a->node != PODSIM_NO_ID && !a->users.len;
        if (waits && a->node == node) waits = reconcile(sim, a, claim);
        if (waits) *(podsim_id *)vec_at(&s->pending, keep++) = claim;
    }
    s->pending.len = keep;
}

void ad_handle(podsim_sim *sim, ad_state *s, const sim_entry *e) {
    if (e->a < 0 || (size_t)e->a >= s->att.len) return;
    ad_attachment *a = vec_at(&s->att, (size_t)e->a);
    if (a->gen != e->gen) return;
    /* its pending entry goes at the next node change */
    reconcile(sim, a, e->a);
}
