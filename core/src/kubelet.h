/*
 * kubelet.h - private: the kubelet's pure status functions
 * (kubelet_status.c), shared by the kubelet module (kubelet.c) and tests.
 *
 * They compute what the kubelet derives from container statuses: the pod
 * phase (pkg/kubelet/kubelet_pods.go getPhase), the generated conditions
 * (pkg/kubelet/status/generate.go) and the texts it prints (Go's
 * time.Duration, image references as the runtime normalises them). None of
 * them touches the simulation.
 */
#ifndef PODSIM_KUBELET_H
#define PODSIM_KUBELET_H

#include "model.h"

/** The status of the spec container `name` in `statuses` (any order), or
 *  NULL when it has none (absent, or state kind NONE: never reported). */
const podsim_container_status *kubelet_find_status(
    const podsim_container_status *statuses, size_t count, const char *name);

/** kubecontainer.HasAnyRegularContainerStarted: a regular container is
 *  running or terminated. */
bool kubelet_any_regular_started(const podsim_pod_spec *spec,
                                 const podsim_container_status *statuses,
                                 size_t count);

/** getPhase (lifecycle.md A.2): the phase from the spec and every
 *  container status (init and regular, any order). `pod_is_terminal`: the
 *  pod worker decided the pod is finished (deleted, evicted);
 *  `pod_has_initialized`: a regular container has ever started (also
 *  derived from the statuses). */
podsim_phase kubelet_get_phase(const podsim_pod_spec *spec,
                               const podsim_container_status *statuses,
                               size_t count, bool pod_is_terminal,
                               bool pod_has_initialized);

/** A generated pod condition. `status` and `reason` are static strings;
 *  the message is built in `message` (kubelet_condition_init / _release). */
typedef struct kubelet_condition {
    const char *status; /* "True" or "False" */
    const char *reason; /* "" when none */
    strbuf message;
} kubelet_condition;

void kubelet_condition_init(kubelet_condition *c);
void kubelet_condition_release(kubelet_condition *c);

/** GeneratePodInitializedCondition: True once every regular init container
 *  is ready (exited 0) and every sidecar started, or any regular container
 *  has started; True/PodCompleted when Succeeded; else
 *  False/ContainersNotInitialized "containers with incomplete status: [a
 *  b]". */
void kubelet_initialized_condition(const podsim_pod_spec *spec,
                                   const podsim_container_status *statuses,
                                   size_t count, podsim_phase phase,
                                   kubelet_condition *out);
/** GenerateContainersReadyCondition: every sidecar and regular container
 *  ready; False/PodCompleted or False/PodFailed in a terminal phase; else
 *  False/ContainersNotReady "containers with unready status: [app]". */
void kubelet_containers_ready_condition(const podsim_pod_spec *spec,
                                        const podsim_container_status *statuses,
                                        size_t count, podsim_phase phase,
                                        kubelet_condition *out);
/** GeneratePodReadyCondition: ContainersReady, and every readinessGates
 *  condition (from `conditions`) True (else False/ReadinessGatesNotReady).
 */
void kubelet_ready_condition(const podsim_pod_spec *spec,
                             const podsim_condition *conditions,
                             size_t condition_count,
                             const podsim_container_status *statuses,
                             size_t count, podsim_phase phase,
                             kubelet_condition *out);

/** Go's time.Duration String of a whole number of milliseconds ("0s",
 *  "500ms", "10.5s", "1m20s", "5m0s", "1h0m0s"), into buf (NUL-terminated,
 *  truncated to cap). */
void kubelet_go_duration(int64_t ms, char *buf, size_t cap);

/** An image reference as the container runtime names it: docker.io/ for
 *  a name without a registry host, library/ for a one-part Docker Hub name,
 *  :latest without a tag or digest ("nginx" ->
 *  "docker.io/library/nginx:latest"), into buf. False when it does not fit
 *  in `cap` bytes. */
bool kubelet_image_normalize(const char *image, char *buf, size_t cap);
/** Whether two image references name the same image (exactly, or once
 *  both are normalised). */
bool kubelet_image_same(const char *a, const char *b);

#endif /* PODSIM_KUBELET_H */
