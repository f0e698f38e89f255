/*
 * attach_detach.h - private: which node each exclusive (ReadWriteOnce)
 * volume is attached to, as the attach-detach controller keeps it
 * (attach_detach.c), for the kubelet's volume manager (kubelet.c), which
 * owns the state and forwards the events that change it.
 */
#ifndef PODSIM_ATTACH_DETACH_H
#define PODSIM_ATTACH_DETACH_H

#include "sim.h"

/* The kubelet module's op for the forced-detach timer (a = claim, gen =
   the attachment's generation); outside the kubelet's own op numbers. */
#define AD_OP_DETACH 0x40

typedef struct ad_state ad_state;

ad_state *ad_create(void);
void ad_destroy(ad_state *s);
ad_state *ad_fork(const ad_state *src);
size_t ad_memory(const ad_state *s);

/** What the volume manager learns about claim volume `v` of `pod` on
 *  `node`. */
typedef enum ad_result {
    AD_READY = 0, /* attached (or attaching) here: ready at *ready_at */
    AD_BLOCKED    /* exclusively attached to another node: wait */
} ad_result;

/** The pod needs the claim attached to its node. A volume that may be
 *  attached to many nodes is attached for the pod (`attach_ms`); an
 *  exclusive one is attached here unless another node holds it, then the
 *  pod waits (kubelet_volume_attachable wakes it) and gets the
 *  Multi-Attach event. */
ad_result ad_volume_needed(podsim_sim *sim, ad_state *s, podsim_id pod,
                           podsim_id node, const podsim_volume *v,
                           int64_t attach_ms, int64_t *ready_at);
/** A running pod found in a loaded cluster holds its claims on its
 *  node. */
void ad_pod_adopted(podsim_sim *sim, ad_state *s, podsim_id pod,
                    podsim_id node);
/** The pod no longer needs its volumes (the object is gone, or the
 *  kubelet finished it and unmounted them). */
void ad_pod_released(podsim_sim *sim, ad_state *s, podsim_id pod);
/** The node's machine state or taints changed: attachments it holds
 *  for no pod may be released now. */
void ad_node_changed(podsim_sim *sim, ad_state *s, podsim_id node);
/** The forced-detach timer (AD_OP_DETACH). */
void ad_handle(podsim_sim *sim, ad_state *s, const sim_entry *e);

/** kubelet.c: a pod waiting for an exclusive volume may try again. */
void kubelet_volume_attachable(podsim_sim *sim, podsim_id pod);

#endif /* PODSIM_ATTACH_DETACH_H */
