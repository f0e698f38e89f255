/*
 * diag_builtin.c - the built-in diagnosis catalogue: every failure category
 * of troubleshooting.md section 1 as one embedded YAML rule pack, and the C
 * checks its rules name with `check:` where the declarative matcher cannot
 * express the work (message tables, the Evicted message, the FailedMount
 * sub-cause, looking across containers).
 *
 * Kubernetes behaviour and upstream sources the rules follow:
 *   - waiting/terminated reasons and the STATUS column: kubelet
 *     (pkg/kubelet/images/types.go, kuberuntime/kuberuntime_container.go,
 *     container/sync_result.go), printPod in
 *     pkg/printers/internalversion/printers.go;
 *   - FailedScheduling reason strings: the default plugins under
 *     pkg/scheduler/framework/plugins (FitError.Error in framework/types.go);
 *   - eviction messages: pkg/kubelet/eviction/helpers.go (evictionMessage);
 *   - kubelet admission rejections: pkg/kubelet/kubelet.go
 *     (admissionRejectionReasons) and pkg/kubelet/lifecycle;
 *   - node conditions, taints and MarkPodsNotReady:
 *     pkg/controller/nodelifecycle and pkg/controller/util/node;
 *   - FailedMount / FailedAttachVolume / FailedCreatePodSandBox messages:
 *     pkg/volume/util/operationexecutor, the attach-detach controller and
 *     the kubelet's sandbox code.
 * The reference for every category, reason string and next command is
 * shared/reference/troubleshooting.md; the user manual is docs/diagnose.md.
 *
 * A1 (workload.create-failed) has no rule: a diagnosis subject is a pod,
 * and a pod that was never created cannot be one. The owner's FailedCreate
 * events are out of the pod's scope (docs/diagnose.md says so).
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"

/* ---- the catalogue ---------------------------------------------------------
 *
 * One YAML document, in the rule format of docs/diagnose.md. The order is
 * the evaluation order: rules that defer to more specific findings (they
 * test `finding.*` / `container.finding.*`) come after those rules.
 * Priorities follow the triage order of troubleshooting.md 0.2.
 */

#if defined(__GNUC__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Woverlength-strings"
#endif

/* clang-format off */
static const char builtin_yaml[] =
    "# podsim built-in diagnosis catalogue (troubleshooting.md section 1).\n"
    "# Rule format: docs/diagnose.md. Ids are stable; teams override or\n"
    "# disable them by id. Evaluation order is the order of this list: rules\n"
    "# that test finding.* (a more specific finding exists) come after the\n"
    "# rules they defer to.\n"
    "rules:\n"
    "\n"
    "# ---- F. Node-level causes (they outrank pod symptoms) ---------------------\n"
    "\n"
    "- id: core/node-unreachable\n"
    "  category: node.unreachable\n"
    "  priority: 90\n"
    "  severity: critical\n"
    "  when:\n"
    "    node.unreachable: 'true'\n"
    "    node.all_unknown: {ne: 'true'}\n"
    "    pod.phase: {not_in: [Succeeded, Failed]}\n"
    "  check: node-lost\n"
    "  title: 'Node {pod.node} is unreachable: its kubelet stopped posting status'\n"
    "  summary: 'The node the pod runs on has not reported {node.silent_for} (Ready is {node.ready}, {node.ready_reason}). What kubectl shows for this pod is the last status the kubelet sent; the node lifecycle controller has marked the pod NotReady and evicts it when its toleration of the unreachable taint runs out. Nobody can confirm the containers stopped, so once deleted the pod object stays Terminating until the node returns or is removed.'\n"
    "  root_causes:\n"
    "    - 'the machine is down, rebooting or was deleted in the cloud provider'\n"
    "    - 'the kubelet or the container runtime crashed on the node'\n"
    "    - 'a network partition between the node and the control plane'\n"
    "  next:\n"
    "    - {command: '{cmd.get_nodes}', why: 'is the node NotReady, and is it the only one?', needs: cluster}\n"
    "    - {command: '{cmd.describe_node}', why: 'conditions (Kubelet stopped posting node status), taints and the Lease renew time', needs: cluster}\n"
    "    - {command: '{cmd.describe}', why: 'the pod''s conditions, NodeNotReady and TaintManagerEviction events', needs: cluster}\n"
    "    - {command: 'journalctl -xefu kubelet', why: 'on the node once it is reachable (ssh or the cloud console): why the kubelet went silent', needs: node-shell}\n"
    "  fix:\n"
    "    - 'bring the node back, or remove it (kubectl delete node {pod.node}) when the machine is gone'\n"
    "    - 'run more than one replica on different nodes so one lost node does not stop the workload'\n"
    "  docs: ['https://kubernetes.io/docs/concepts/scheduling-eviction/taint-and-toleration/#taint-based-evictions', 'https://kubernetes.io/docs/tasks/run-application/force-delete-stateful-set-pod/']\n"
    "  evidence: [node.ready, node.ready_reason, node.ready_message, node.silent_seconds, node.taints, node.eviction_in_seconds, pod.condition.Ready.status, pod.condition.DisruptionTarget.reason, pod.deleting, 'event:NodeNotReady', 'event:TaintManagerEviction']\n"
    "  suppresses: [probe.readiness, probe.liveness, probe.startup, terminating.stuck, crashloop.status-unknown, crashloop.sigkill, volume.attach-failed, node.pressure, node.network-unavailable, node.cordoned, node.not-ready, disruption.evicted]\n"
    "\n"
    "- id: core/node-unreachable-all\n"
    "  category: node.unreachable\n"
    "  priority: 90\n"
    "  severity: critical\n"
    "  when:\n"
    "    node.unreachable: 'true'\n"
    "    node.all_unknown: 'true'\n"
    "    pod.phase: {not_in: [Succeeded, Failed]}\n"
    "  check: node-lost\n"
    "  title: 'Every node is unreachable, including {pod.node}: suspect the control plane'\n"
    "  summary: 'All supplied nodes report Ready Unknown. When every kubelet goes silent at once the usual cause is on the control-plane side (apiserver, etcd, the network between nodes and the control plane), not the nodes themselves. The pod''s status is stale until the nodes report again.'\n"
    "  root_causes:\n"
    "    - 'the apiserver or etcd is down or overloaded, so node status updates are lost'\n"
    "    - 'a network partition between all nodes and the control plane'\n"
    "    - 'expired kubelet client certificates on every node'\n"
    "  next:\n"
    "    - {command: 'kubectl cluster-info', why: 'is the control plane reachable at all?', needs: cluster}\n"
    "    - {command: 'kubectl cluster-info dump', why: 'control-plane pod logs and every node''s status in one dump', needs: cluster}\n"
    "    - {command: 'kubectl get pods -n kube-system -o wide', why: 'are the apiserver, etcd, scheduler and controller-manager pods healthy?', needs: cluster}\n"
    "    - {command: '{cmd.get_nodes}', why: 'confirm that every node is NotReady', needs: cluster}\n"
    "    - {command: 'journalctl -xefu kubelet', why: 'on one node: connection errors to the apiserver', needs: node-shell}\n"
    "  fix:\n"
    "    - 'restore the control plane or the network path to it; the nodes report again on their own'\n"
    "  docs: ['https://kubernetes.io/docs/tasks/debug/debug-cluster/']\n"
    "  evidence: [node.all_unknown, node.ready, node.ready_reason, node.silent_seconds, pod.condition.Ready.status]\n"
    "  suppresses: [probe.readiness, probe.liveness, probe.startup, terminating.stuck, crashloop.status-unknown, crashloop.sigkill, volume.attach-failed, node.pressure, node.network-unavailable, node.cordoned, node.not-ready, disruption.evicted]\n"
    "\n"
    "- id: core/node-missing\n"
    "  category: node.unreachable\n"
    "  priority: 90\n"
    "  severity: critical\n"
    "  confidence: medium\n"
    "  when:\n"
    "    pod.node: {exists: true}\n"
    "    node.state: missing\n"
    "    pod.phase: {not_in: [Succeeded, Failed]}\n"
    "  title: 'Node {pod.node} no longer exists'\n"
    "  summary: 'The pod is bound to {pod.node}, but the dump has nodes and that one is not among them: the Node object was deleted (or the dump is partial). PodGC force-deletes pods bound to a missing node about 40-80 s after the node disappears; a pod that lingers longer points at a stuck PodGC or a partial dump.'\n"
    "  root_causes:\n"
    "    - 'the node was deleted (scale-down, cloud VM removed) and the pod has not been garbage collected yet'\n"
    "    - 'the dump does not contain every node'\n"
    "  next:\n"
    "    - {command: '{cmd.get_nodes}', why: 'is the node really gone?', needs: cluster}\n"
    "    - {command: '{cmd.describe}', why: 'the pod''s conditions (DisruptionTarget DeletionByPodGC)', needs: cluster}\n"
    "    - {command: 'kubectl delete pod {pod.name} -n {pod.namespace} --grace-period=0 --force', why: 'remove the orphan if PodGC does not (safe only when the machine is gone)', needs: cluster}\n"
    "  fix: ['let PodGC or a force delete remove the orphaned pod; its controller creates a replacement']\n"
    "  evidence: [pod.node, node.state]\n"
    "  suppresses: [probe.readiness, probe.liveness, terminating.stuck, crashloop.status-unknown]\n"
    "\n"
    "- id: core/node-not-ready\n"
    "  category: node.not-ready\n"
    "  priority: 90\n"
    "  severity: critical\n"
    "  when:\n"
    "    node.not_ready: 'true'\n"
    "    node.unreachable: {ne: 'true'}\n"
    "    pod.phase: {not_in: [Succeeded, Failed]}\n"
    "  title: 'Node {pod.node} is NotReady: {node.ready_reason}'\n"
    "  summary: 'The kubelet on {pod.node} is alive but reports Ready False: {node.ready_message}. Pods on a NotReady node are marked NotReady and evicted when their toleration of the not-ready taint runs out; new containers (and their network) may not start there.'\n"
    "  root_causes:\n"
    "    - 'the CNI plugin is not initialized (container runtime network not ready)'\n"
    "    - 'PLEG is not healthy: the container runtime is slow or stuck'\n"
    "    - 'the container runtime is down'\n"
    "  next:\n"
    "    - {command: '{cmd.get_nodes}', why: 'how many nodes are NotReady?', needs: cluster}\n"
    "    - {command: '{cmd.describe_node}', why: 'the Ready condition message names the failing component', needs: cluster}\n"
    "    - {command: 'kubectl get pods -n kube-system -o wide --field-selector spec.nodeName={pod.node}', why: 'is the CNI agent on that node running?', needs: cluster}\n"
    "    - {command: 'journalctl -xefu kubelet', why: 'on the node: the kubelet''s own error', needs: node-shell}\n"
    "    - {command: 'journalctl -u containerd', why: 'on the node: runtime errors', needs: node-shell}\n"
    "  fix: ['repair the component the Ready message names (CNI agent, container runtime), or drain and replace the node']\n"
    "  docs: ['https://kubernetes.io/docs/tasks/debug/debug-cluster/']\n"
    "  evidence: [node.ready, node.ready_reason, node.ready_message, node.taints, node.eviction_in_seconds, pod.condition.Ready.status, 'event:NodeNotReady']\n"
    "  suppresses: [probe.readiness, probe.liveness, terminating.stuck, crashloop.status-unknown, sandbox, node.pressure, node.network-unavailable, node.cordoned]\n"
    "\n"
    "- id: core/node-network-unavailable\n"
    "  category: node.network-unavailable\n"
    "  priority: 88\n"
    "  severity: error\n"
    "  when:\n"
    "    node.condition.NetworkUnavailable.status: 'True'\n"
    "    node.unreachable: {ne: 'true'}\n"
    "    pod.phase: {not_in: [Succeeded, Failed]}\n"
    "    pod.condition.Ready.status: {ne: 'True'}\n"
    "  title: 'Node {pod.node} has no pod network (NetworkUnavailable)'\n"
    "  summary: 'The node reports NetworkUnavailable True ({node.condition.NetworkUnavailable.reason}): routes or the CNI are not configured, so pods on it cannot get a working network.'\n"
    "  root_causes:\n"
    "    - 'cloud routes for the node were not created'\n"
    "    - 'the CNI agent on the node is not running or not configured'\n"
    "  next:\n"
    "    - {command: '{cmd.describe_node}', why: 'the NetworkUnavailable condition and the network-unavailable taint', needs: cluster}\n"
    "    - {command: 'kubectl get pods -n kube-system -o wide --field-selector spec.nodeName={pod.node}', why: 'is the CNI agent on that node healthy?', needs: cluster}\n"
    "    - {command: 'journalctl -xefu kubelet', why: 'on the node: network plugin errors', needs: node-shell}\n"
    "  fix: ['repair the CNI or the cloud route controller; the condition clears on its own']\n"
    "  evidence: [node.condition.NetworkUnavailable.status, node.condition.NetworkUnavailable.reason, node.condition.NetworkUnavailable.message, node.taints]\n"
    "  suppresses: [sandbox, probe.readiness]\n"
    "\n"
    "# ---- B. Scheduling ---------------------------------------------------------\n"
    "\n"
    "- id: core/scheduling-gated\n"
    "  category: scheduling.gated\n"
    "  priority: 80\n"
    "  severity: warning\n"
    "  when:\n"
    "    pod.gated: 'true'\n"
    "    pod.node: {exists: false}\n"
    "  title: 'Scheduling is blocked by gates: {pod.scheduling_gates}'\n"
    "  summary: 'The pod has scheduling gates, so the scheduler does not even try to place it (there are no FailedScheduling events). A controller (a queueing or quota system such as Kueue) must remove the gates first.'\n"
    "  root_causes:\n"
    "    - 'the gating controller has not admitted the workload yet (queue full, quota exhausted, queue missing)'\n"
    "    - 'the controller that removes the gate is not running'\n"
    "  next:\n"
    "    - {command: 'kubectl get pod {pod.name} -n {pod.namespace} -o jsonpath=''{{.spec.schedulingGates}''', why: 'which gates are still set', needs: cluster}\n"
    "    - {command: '{cmd.describe}', why: 'PodScheduled False with reason SchedulingGated', needs: cluster}\n"
    "    - {command: 'kubectl get workloads -n {pod.namespace}', why: 'for Kueue: is the workload admitted, and by which queue?', needs: cluster}\n"
    "  fix: ['let the gating system admit the pod, or remove the gate once its reason is resolved']\n"
    "  docs: ['https://kubernetes.io/docs/concepts/scheduling-eviction/pod-scheduling-readiness/']\n"
    "  evidence: [pod.scheduling_gates, pod.condition.PodScheduled.reason, pod.condition.PodScheduled.message]\n"
    "  suppresses: [scheduling.not-attempted]\n"
    "\n"
    "- id: core/scheduling-preempting\n"
    "  category: scheduling.preempting\n"
    "  priority: 81\n"
    "  severity: warning\n"
    "  when:\n"
    "    pod.nominated_node: {exists: true}\n"
    "    pod.node: {exists: false}\n"
    "    pod.phase: Pending\n"
    "  title: 'Preempting lower-priority pods on {pod.nominated_node}'\n"
    "  summary: 'The scheduler found no free node, chose {pod.nominated_node} and is evicting lower-priority pods there to make room (NominatedNodeName is set). The pod normally binds once the victims have terminated, within their grace period.'\n"
    "  root_causes:\n"
    "    - 'the cluster is too small for the mix of priorities and requests'\n"
    "    - 'a high-priority workload was scaled up'\n"
    "  next:\n"
    "    - {command: 'kubectl get pods -A -o wide --field-selector spec.nodeName={pod.nominated_node}', why: 'the victims on the nominated node (Terminating, DisruptionTarget PreemptionByScheduler)', needs: cluster}\n"
    "    - {command: 'kubectl get priorityclass', why: 'which priorities are in play', needs: cluster}\n"
    "    - {command: '{cmd.describe}', why: 'FailedScheduling events and NominatedNodeName', needs: cluster}\n"
    "  fix: ['add capacity, or review the requests and priorities so preemption is not needed']\n"
    "  docs: ['https://kubernetes.io/docs/concepts/scheduling-eviction/pod-priority-preemption/']\n"
    "  evidence: [pod.nominated_node, pod.priority, scheduling.message, 'event:FailedScheduling']\n"
    "  suppresses: [scheduling.unschedulable]\n"
    "- id: core/unschedulable-insufficient\n"
    "  category: 'scheduling.unschedulable.{scheduling.subcategory}'\n"
    "  priority: 80\n"
    "  when:\n"
    "    pod.node: {exists: false}\n"
    "    pod.gated: {ne: 'true'}\n"
    "    scheduling.subcategory: {prefix: 'insufficient-'}\n"
    "  check: unschedulable\n"
    "  title: 'Cannot be scheduled: {scheduling.dominant}'\n"
    "  summary: 'The scheduler found no node for the pod: {scheduling.message} The reason shared by the most nodes is \"{scheduling.dominant}\".'\n"
    "  root_causes:\n"
    "    - 'the requests are larger than what is free on any node (requests count, not usage)'\n"
    "    - 'the cluster is full: every node''s allocatable is already requested by other pods'\n"
    "    - 'one replica is bigger than any node type, or the extended resource (GPU) exists on no node'\n"
    "  next:\n"
    "    - {command: '{cmd.describe}', why: 'PodScheduled condition and the FailedScheduling events (x N over T)', needs: cluster}\n"
    "    - {command: 'kubectl describe nodes', why: 'Allocated resources per node: requests against allocatable', needs: cluster}\n"
    "    - {command: 'kubectl top nodes', why: 'real usage (requests are what the scheduler counts, not usage)', needs: cluster}\n"
    "  fix:\n"
    "    - 'lower the pod''s requests, add a node of a shape that fits, or free capacity (the ways out below are computed on a copy of the cluster)'\n"
    "  docs: ['https://kubernetes.io/docs/concepts/scheduling-eviction/']\n"
    "  evidence: [pod.condition.PodScheduled.reason, pod.condition.PodScheduled.message, scheduling.dominant, scheduling.preemption, 'event:FailedScheduling']\n"
    "\n"
    "- id: core/unschedulable-pod-count\n"
    "  category: 'scheduling.unschedulable.pod-count'\n"
    "  priority: 80\n"
    "  when:\n"
    "    pod.node: {exists: false}\n"
    "    pod.gated: {ne: 'true'}\n"
    "    scheduling.subcategory: {eq: 'pod-count'}\n"
    "  check: unschedulable\n"
    "  title: 'Cannot be scheduled: no free pod slots (Too many pods)'\n"
    "  summary: 'The scheduler found no node for the pod: {scheduling.message} The reason shared by the most nodes is \"{scheduling.dominant}\".'\n"
    "  root_causes:\n"
    "    - 'every candidate node reached its pods allocatable (110 by default)'\n"
    "    - 'small nodes with many small pods'\n"
    "  next:\n"
    "    - {command: '{cmd.describe}', why: 'PodScheduled condition and the FailedScheduling events (x N over T)', needs: cluster}\n"
    "    - {command: 'kubectl describe nodes', why: 'Capacity pods against Non-terminated Pods', needs: cluster}\n"
    "  fix:\n"
    "    - 'add nodes, or raise maxPods on the kubelet if the node can take it'\n"
    "  docs: ['https://kubernetes.io/docs/concepts/scheduling-eviction/']\n"
    "  evidence: [pod.condition.PodScheduled.reason, pod.condition.PodScheduled.message, scheduling.dominant, scheduling.preemption, 'event:FailedScheduling']\n"
    "\n"
    "- id: core/unschedulable-taint\n"
    "  category: 'scheduling.unschedulable.taint'\n"
    "  priority: 80\n"
    "  when:\n"
    "    pod.node: {exists: false}\n"
    "    pod.gated: {ne: 'true'}\n"
    "    scheduling.subcategory: {eq: 'taint'}\n"
    "  check: unschedulable\n"
    "  title: 'Cannot be scheduled: untolerated taints'\n"
    "  summary: 'The scheduler found no node for the pod: {scheduling.message} The reason shared by the most nodes is \"{scheduling.dominant}\".'\n"
    "  root_causes:\n"
    "    - 'a control-plane or dedicated-node taint the pod does not tolerate'\n"
    "    - 'node.kubernetes.io/not-ready or /unreachable: the node is dead (see its Ready condition)'\n"
    "    - 'a pressure taint (memory-pressure, disk-pressure, pid-pressure)'\n"
    "  next:\n"
    "    - {command: '{cmd.describe}', why: 'PodScheduled condition and the FailedScheduling events (x N over T)', needs: cluster}\n"
    "    - {command: 'kubectl describe nodes', why: 'the Taints line of each node', needs: cluster}\n"
    "    - {command: 'kubectl get nodes', why: 'NotReady nodes carry not-ready/unreachable taints', needs: cluster}\n"
    "  fix:\n"
    "    - 'add a toleration for a dedicated-node taint, or fix the node that carries a not-ready, unreachable or pressure taint'\n"
    "  docs: ['https://kubernetes.io/docs/concepts/scheduling-eviction/']\n"
    "  evidence: [pod.condition.PodScheduled.reason, pod.condition.PodScheduled.message, scheduling.dominant, scheduling.preemption, 'event:FailedScheduling']\n"
    "\n"
    "- id: core/unschedulable-node-affinity\n"
    "  category: 'scheduling.unschedulable.node-affinity'\n"
    "  priority: 80\n"
    "  when:\n"
    "    pod.node: {exists: false}\n"
    "    pod.gated: {ne: 'true'}\n"
    "    scheduling.subcategory: {eq: 'node-affinity'}\n"
    "  check: unschedulable\n"
    "  title: 'Cannot be scheduled: no node matches the pod''s node affinity or nodeSelector'\n"
    "  summary: 'The scheduler found no node for the pod: {scheduling.message} The reason shared by the most nodes is \"{scheduling.dominant}\".'\n"
    "  root_causes:\n"
    "    - 'a label typo in nodeSelector or nodeAffinity'\n"
    "    - 'a new node pool without the expected label'\n"
    "    - 'a zone label mismatch'\n"
    "  next:\n"
    "    - {command: '{cmd.describe}', why: 'PodScheduled condition and the FailedScheduling events (x N over T)', needs: cluster}\n"
    "    - {command: 'kubectl get nodes --show-labels', why: 'compare node labels with the pod''s selector', needs: cluster}\n"
    "    - {command: 'kubectl get pod {pod.name} -n {pod.namespace} -o jsonpath=''{{.spec.nodeSelector} {{.spec.affinity.nodeAffinity}''', why: 'what the pod asks for', needs: cluster}\n"
    "  fix:\n"
    "    - 'fix the selector, or label a node (kubectl label node NODE KEY=VALUE)'\n"
    "  docs: ['https://kubernetes.io/docs/concepts/scheduling-eviction/']\n"
    "  evidence: [pod.condition.PodScheduled.reason, pod.condition.PodScheduled.message, scheduling.dominant, scheduling.preemption, 'event:FailedScheduling']\n"
    "\n"
    "- id: core/unschedulable-host-port\n"
    "  category: 'scheduling.unschedulable.host-port'\n"
    "  priority: 80\n"
    "  when:\n"
    "    pod.node: {exists: false}\n"
    "    pod.gated: {ne: 'true'}\n"
    "    scheduling.subcategory: {eq: 'host-port'}\n"
    "  check: unschedulable\n"
    "  title: 'Cannot be scheduled: the requested hostPort is taken on every candidate node'\n"
    "  summary: 'The scheduler found no node for the pod: {scheduling.message} The reason shared by the most nodes is \"{scheduling.dominant}\".'\n"
    "  root_causes:\n"
    "    - 'another pod (often another replica) already uses the hostPort on every node it could go to'\n"
    "  next:\n"
    "    - {command: '{cmd.describe}', why: 'PodScheduled condition and the FailedScheduling events (x N over T)', needs: cluster}\n"
    "    - {command: 'kubectl get pods -A -o wide', why: 'which pods hold the host port on each node', needs: cluster}\n"
    "  fix:\n"
    "    - 'drop the hostPort and use a Service, or add nodes (one replica per node with hostNetwork)'\n"
    "  docs: ['https://kubernetes.io/docs/concepts/scheduling-eviction/']\n"
    "  evidence: [pod.condition.PodScheduled.reason, pod.condition.PodScheduled.message, scheduling.dominant, scheduling.preemption, 'event:FailedScheduling']\n"
    "\n"
    "- id: core/unschedulable-cordoned\n"
    "  category: 'scheduling.unschedulable.cordoned'\n"
    "  priority: 80\n"
    "  when:\n"
    "    pod.node: {exists: false}\n"
    "    pod.gated: {ne: 'true'}\n"
    "    scheduling.subcategory: {eq: 'cordoned'}\n"
    "  check: unschedulable\n"
    "  title: 'Cannot be scheduled: the nodes are cordoned (SchedulingDisabled)'\n"
    "  summary: 'The scheduler found no node for the pod: {scheduling.message} The reason shared by the most nodes is \"{scheduling.dominant}\".'\n"
    "  root_causes:\n"
    "    - 'nodes were cordoned, maybe by a drain that was never finished'\n"
    "  next:\n"
    "    - {command: '{cmd.describe}', why: 'PodScheduled condition and the FailedScheduling events (x N over T)', needs: cluster}\n"
    "    - {command: 'kubectl get nodes', why: 'STATUS Ready,SchedulingDisabled', needs: cluster}\n"
    "  fix:\n"
    "    - 'kubectl uncordon NODE once the maintenance is over'\n"
    "  docs: ['https://kubernetes.io/docs/concepts/scheduling-eviction/']\n"
    "  evidence: [pod.condition.PodScheduled.reason, pod.condition.PodScheduled.message, scheduling.dominant, scheduling.preemption, 'event:FailedScheduling']\n"
    "\n"
    "- id: core/unschedulable-topology-spread\n"
    "  category: 'scheduling.unschedulable.topology-spread'\n"
    "  priority: 80\n"
    "  when:\n"
    "    pod.node: {exists: false}\n"
    "    pod.gated: {ne: 'true'}\n"
    "    scheduling.subcategory: {eq: 'topology-spread'}\n"
    "  check: unschedulable\n"
    "  title: 'Cannot be scheduled: topology spread constraints cannot be met'\n"
    "  summary: 'The scheduler found no node for the pod: {scheduling.message} The reason shared by the most nodes is \"{scheduling.dominant}\".'\n"
    "  root_causes:\n"
    "    - 'DoNotSchedule with too few domains or unbalanced replicas'\n"
    "    - 'nodes missing the topology label'\n"
    "  next:\n"
    "    - {command: '{cmd.describe}', why: 'PodScheduled condition and the FailedScheduling events (x N over T)', needs: cluster}\n"
    "    - {command: 'kubectl get nodes -L topology.kubernetes.io/zone', why: 'the domains the constraint counts', needs: cluster}\n"
    "  fix:\n"
    "    - 'relax maxSkew, use whenUnsatisfiable: ScheduleAnyway, or add nodes in the missing domain'\n"
    "  docs: ['https://kubernetes.io/docs/concepts/scheduling-eviction/']\n"
    "  evidence: [pod.condition.PodScheduled.reason, pod.condition.PodScheduled.message, scheduling.dominant, scheduling.preemption, 'event:FailedScheduling']\n"
    "\n"
    "- id: core/unschedulable-pod-affinity\n"
    "  category: 'scheduling.unschedulable.pod-affinity'\n"
    "  priority: 80\n"
    "  when:\n"
    "    pod.node: {exists: false}\n"
    "    pod.gated: {ne: 'true'}\n"
    "    scheduling.subcategory: {eq: 'pod-affinity'}\n"
    "  check: unschedulable\n"
    "  title: 'Cannot be scheduled: pod affinity or anti-affinity rules cannot be met'\n"
    "  summary: 'The scheduler found no node for the pod: {scheduling.message} The reason shared by the most nodes is \"{scheduling.dominant}\".'\n"
    "  root_causes:\n"
    "    - 'required anti-affinity with more replicas than nodes'\n"
    "    - 'the pods the affinity targets do not exist'\n"
    "  next:\n"
    "    - {command: '{cmd.describe}', why: 'PodScheduled condition and the FailedScheduling events (x N over T)', needs: cluster}\n"
    "    - {command: 'kubectl get pods -n {pod.namespace} -o wide --show-labels', why: 'where the pods the rules refer to run', needs: cluster}\n"
    "  fix:\n"
    "    - 'use preferred instead of required anti-affinity, or add nodes'\n"
    "  docs: ['https://kubernetes.io/docs/concepts/scheduling-eviction/']\n"
    "  evidence: [pod.condition.PodScheduled.reason, pod.condition.PodScheduled.message, scheduling.dominant, scheduling.preemption, 'event:FailedScheduling']\n"
    "\n"
    "- id: core/unschedulable-node-name\n"
    "  category: 'scheduling.unschedulable.node-name'\n"
    "  priority: 80\n"
    "  when:\n"
    "    pod.node: {exists: false}\n"
    "    pod.gated: {ne: 'true'}\n"
    "    scheduling.subcategory: {eq: 'node-name'}\n"
    "  check: unschedulable\n"
    "  title: 'Cannot be scheduled: the pod is pinned to a node name that does not fit'\n"
    "  summary: 'The scheduler found no node for the pod: {scheduling.message} The reason shared by the most nodes is \"{scheduling.dominant}\".'\n"
    "  root_causes:\n"
    "    - 'spec.nodeName or an affinity pins the pod to one node'\n"
    "  next:\n"
    "    - {command: '{cmd.describe}', why: 'PodScheduled condition and the FailedScheduling events (x N over T)', needs: cluster}\n"
    "    - {command: 'kubectl get pod {pod.name} -n {pod.namespace} -o yaml', why: 'the pinning field', needs: cluster}\n"
    "  fix:\n"
    "    - 'remove the pin or fix the node name'\n"
    "  docs: ['https://kubernetes.io/docs/concepts/scheduling-eviction/']\n"
    "  evidence: [pod.condition.PodScheduled.reason, pod.condition.PodScheduled.message, scheduling.dominant, scheduling.preemption, 'event:FailedScheduling']\n"
    "\n"
    "- id: core/unschedulable-pvc-unbound\n"
    "  category: 'scheduling.unschedulable.pvc-unbound'\n"
    "  priority: 80\n"
    "  when:\n"
    "    pod.node: {exists: false}\n"
    "    pod.gated: {ne: 'true'}\n"
    "    scheduling.subcategory: {eq: 'pvc-unbound'}\n"
    "  check: unschedulable\n"
    "  title: 'Cannot be scheduled: a PersistentVolumeClaim is not bound yet'\n"
    "  summary: 'The scheduler found no node for the pod: {scheduling.message} The reason shared by the most nodes is \"{scheduling.dominant}\".'\n"
    "  root_causes:\n"
    "    - 'the PVC is Pending with Immediate binding: no matching PV, the provisioner failed, no default StorageClass'\n"
    "  next:\n"
    "    - {command: '{cmd.describe}', why: 'PodScheduled condition and the FailedScheduling events (x N over T)', needs: cluster}\n"
    "    - {command: 'kubectl get pvc -n {pod.namespace}', why: 'which claims are Pending', needs: cluster}\n"
    "    - {command: 'kubectl get storageclass', why: 'is there a default class and a provisioner?', needs: cluster}\n"
    "  fix:\n"
    "    - 'fix the claim''s StorageClass or create a matching PV'\n"
    "  docs: ['https://kubernetes.io/docs/concepts/scheduling-eviction/']\n"
    "  evidence: [pod.condition.PodScheduled.reason, pod.condition.PodScheduled.message, scheduling.dominant, scheduling.preemption, 'event:FailedScheduling']\n"
    "\n"
    "- id: core/unschedulable-pvc-missing\n"
    "  category: 'scheduling.unschedulable.pvc-missing'\n"
    "  priority: 80\n"
    "  when:\n"
    "    pod.node: {exists: false}\n"
    "    pod.gated: {ne: 'true'}\n"
    "    scheduling.subcategory: {eq: 'pvc-missing'}\n"
    "  check: unschedulable\n"
    "  title: 'Cannot be scheduled: a referenced PersistentVolumeClaim does not exist'\n"
    "  summary: 'The scheduler found no node for the pod: {scheduling.message} The reason shared by the most nodes is \"{scheduling.dominant}\".'\n"
    "  root_causes:\n"
    "    - 'wrong claimName'\n"
    "    - 'the PVC has not been created yet'\n"
    "  next:\n"
    "    - {command: '{cmd.describe}', why: 'PodScheduled condition and the FailedScheduling events (x N over T)', needs: cluster}\n"
    "    - {command: 'kubectl get pvc -n {pod.namespace}', why: 'the claims that exist', needs: cluster}\n"
    "  fix:\n"
    "    - 'create the PVC or fix claimName'\n"
    "  docs: ['https://kubernetes.io/docs/concepts/scheduling-eviction/']\n"
    "  evidence: [pod.condition.PodScheduled.reason, pod.condition.PodScheduled.message, scheduling.dominant, scheduling.preemption, 'event:FailedScheduling']\n"
    "\n"
    "- id: core/unschedulable-no-pv\n"
    "  category: 'scheduling.unschedulable.no-pv'\n"
    "  priority: 80\n"
    "  when:\n"
    "    pod.node: {exists: false}\n"
    "    pod.gated: {ne: 'true'}\n"
    "    scheduling.subcategory: {eq: 'no-pv'}\n"
    "  check: unschedulable\n"
    "  title: 'Cannot be scheduled: no PersistentVolume matches the claim'\n"
    "  summary: 'The scheduler found no node for the pod: {scheduling.message} The reason shared by the most nodes is \"{scheduling.dominant}\".'\n"
    "  root_causes:\n"
    "    - 'static PVs do not match size, class, access mode or selector'\n"
    "  next:\n"
    "    - {command: '{cmd.describe}', why: 'PodScheduled condition and the FailedScheduling events (x N over T)', needs: cluster}\n"
    "    - {command: 'kubectl get pv', why: 'the PVs and their classes, sizes and access modes', needs: cluster}\n"
    "    - {command: 'kubectl get pvc -n {pod.namespace}', why: 'what the claims ask for', needs: cluster}\n"
    "  fix:\n"
    "    - 'create a matching PV or use a dynamic StorageClass'\n"
    "  docs: ['https://kubernetes.io/docs/concepts/scheduling-eviction/']\n"
    "  evidence: [pod.condition.PodScheduled.reason, pod.condition.PodScheduled.message, scheduling.dominant, scheduling.preemption, 'event:FailedScheduling']\n"
    "\n"
    "- id: core/unschedulable-volume-zone\n"
    "  category: 'scheduling.unschedulable.volume-zone'\n"
    "  priority: 80\n"
    "  when:\n"
    "    pod.node: {exists: false}\n"
    "    pod.gated: {ne: 'true'}\n"
    "    scheduling.subcategory: {eq: 'volume-zone'}\n"
    "  check: unschedulable\n"
    "  title: 'Cannot be scheduled: volume node affinity conflict (the disk is in another zone or on another node)'\n"
    "  summary: 'The scheduler found no node for the pod: {scheduling.message} The reason shared by the most nodes is \"{scheduling.dominant}\".'\n"
    "  root_causes:\n"
    "    - 'a zonal disk in another zone than the nodes with capacity'\n"
    "    - 'a local PV pinned to a node that is gone or full'\n"
    "  next:\n"
    "    - {command: '{cmd.describe}', why: 'PodScheduled condition and the FailedScheduling events (x N over T)', needs: cluster}\n"
    "    - {command: 'kubectl get pv -o yaml', why: 'spec.nodeAffinity of the bound PVs', needs: cluster}\n"
    "    - {command: 'kubectl get nodes -L topology.kubernetes.io/zone', why: 'the zones that have capacity', needs: cluster}\n"
    "  fix:\n"
    "    - 'add capacity in the volume''s zone, or use WaitForFirstConsumer so the disk follows the pod'\n"
    "  docs: ['https://kubernetes.io/docs/concepts/scheduling-eviction/']\n"
    "  evidence: [pod.condition.PodScheduled.reason, pod.condition.PodScheduled.message, scheduling.dominant, scheduling.preemption, 'event:FailedScheduling']\n"
    "\n"
    "- id: core/unschedulable-storage-capacity\n"
    "  category: 'scheduling.unschedulable.storage-capacity'\n"
    "  priority: 80\n"
    "  when:\n"
    "    pod.node: {exists: false}\n"
    "    pod.gated: {ne: 'true'}\n"
    "    scheduling.subcategory: {eq: 'storage-capacity'}\n"
    "  check: unschedulable\n"
    "  title: 'Cannot be scheduled: no node has enough free storage for the volume'\n"
    "  summary: 'The scheduler found no node for the pod: {scheduling.message} The reason shared by the most nodes is \"{scheduling.dominant}\".'\n"
    "  root_causes:\n"
    "    - 'CSI storage capacity tracking reports too little space'\n"
    "  next:\n"
    "    - {command: '{cmd.describe}', why: 'PodScheduled condition and the FailedScheduling events (x N over T)', needs: cluster}\n"
    "    - {command: 'kubectl get csistoragecapacities -A', why: 'what the driver reports per topology', needs: cluster}\n"
    "  fix:\n"
    "    - 'free space in the storage pool or request less'\n"
    "  docs: ['https://kubernetes.io/docs/concepts/scheduling-eviction/']\n"
    "  evidence: [pod.condition.PodScheduled.reason, pod.condition.PodScheduled.message, scheduling.dominant, scheduling.preemption, 'event:FailedScheduling']\n"
    "\n"
    "- id: core/unschedulable-pv-missing\n"
    "  category: 'scheduling.unschedulable.pv-missing'\n"
    "  priority: 80\n"
    "  when:\n"
    "    pod.node: {exists: false}\n"
    "    pod.gated: {ne: 'true'}\n"
    "    scheduling.subcategory: {eq: 'pv-missing'}\n"
    "  check: unschedulable\n"
    "  title: 'Cannot be scheduled: a bound claim points at a PersistentVolume that no longer exists'\n"
    "  summary: 'The scheduler found no node for the pod: {scheduling.message} The reason shared by the most nodes is \"{scheduling.dominant}\".'\n"
    "  root_causes:\n"
    "    - 'the PV was deleted under a Bound PVC'\n"
    "  next:\n"
    "    - {command: '{cmd.describe}', why: 'PodScheduled condition and the FailedScheduling events (x N over T)', needs: cluster}\n"
    "    - {command: 'kubectl get pv', why: 'is the claim''s volume still there?', needs: cluster}\n"
    "  fix:\n"
    "    - 'recreate the PV or the claim'\n"
    "  docs: ['https://kubernetes.io/docs/concepts/scheduling-eviction/']\n"
    "  evidence: [pod.condition.PodScheduled.reason, pod.condition.PodScheduled.message, scheduling.dominant, scheduling.preemption, 'event:FailedScheduling']\n"
    "\n"
    "- id: core/unschedulable-rwop-conflict\n"
    "  category: 'scheduling.unschedulable.rwop-conflict'\n"
    "  priority: 80\n"
    "  when:\n"
    "    pod.node: {exists: false}\n"
    "    pod.gated: {ne: 'true'}\n"
    "    scheduling.subcategory: {eq: 'rwop-conflict'}\n"
    "  check: unschedulable\n"
    "  title: 'Cannot be scheduled: a ReadWriteOncePod claim is already in use'\n"
    "  summary: 'The scheduler found no node for the pod: {scheduling.message} The reason shared by the most nodes is \"{scheduling.dominant}\".'\n"
    "  root_causes:\n"
    "    - 'another pod uses the ReadWriteOncePod claim'\n"
    "  next:\n"
    "    - {command: '{cmd.describe}', why: 'PodScheduled condition and the FailedScheduling events (x N over T)', needs: cluster}\n"
    "    - {command: 'kubectl get pods -n {pod.namespace} -o wide', why: 'which pod holds the claim', needs: cluster}\n"
    "  fix:\n"
    "    - 'stop the other pod or use another access mode'\n"
    "  docs: ['https://kubernetes.io/docs/concepts/scheduling-eviction/']\n"
    "  evidence: [pod.condition.PodScheduled.reason, pod.condition.PodScheduled.message, scheduling.dominant, scheduling.preemption, 'event:FailedScheduling']\n"
    "\n"
    "- id: core/unschedulable-disk-conflict\n"
    "  category: 'scheduling.unschedulable.disk-conflict'\n"
    "  priority: 80\n"
    "  when:\n"
    "    pod.node: {exists: false}\n"
    "    pod.gated: {ne: 'true'}\n"
    "    scheduling.subcategory: {eq: 'disk-conflict'}\n"
    "  check: unschedulable\n"
    "  title: 'Cannot be scheduled: the disk is already attached elsewhere (disk conflict)'\n"
    "  summary: 'The scheduler found no node for the pod: {scheduling.message} The reason shared by the most nodes is \"{scheduling.dominant}\".'\n"
    "  root_causes:\n"
    "    - 'a legacy in-tree disk is used by another pod on the node'\n"
    "  next:\n"
    "    - {command: '{cmd.describe}', why: 'PodScheduled condition and the FailedScheduling events (x N over T)', needs: cluster}\n"
    "    - {command: 'kubectl get pods -A -o wide', why: 'the other user of the disk', needs: cluster}\n"
    "  fix:\n"
    "    - 'use a PVC with a CSI driver'\n"
    "  docs: ['https://kubernetes.io/docs/concepts/scheduling-eviction/']\n"
    "  evidence: [pod.condition.PodScheduled.reason, pod.condition.PodScheduled.message, scheduling.dominant, scheduling.preemption, 'event:FailedScheduling']\n"
    "\n"
    "- id: core/unschedulable-volume-limit\n"
    "  category: 'scheduling.unschedulable.volume-limit'\n"
    "  priority: 80\n"
    "  confidence: medium\n"
    "  when:\n"
    "    pod.node: {exists: false}\n"
    "    pod.gated: {ne: 'true'}\n"
    "    scheduling.subcategory: {eq: 'volume-limit'}\n"
    "  check: unschedulable\n"
    "  title: 'Cannot be scheduled: the nodes reached their attachable volume limit'\n"
    "  summary: 'The scheduler found no node for the pod: {scheduling.message} The reason shared by the most nodes is \"{scheduling.dominant}\".'\n"
    "  root_causes:\n"
    "    - 'the per-node attach limit of the CSI driver is reached'\n"
    "  next:\n"
    "    - {command: '{cmd.describe}', why: 'PodScheduled condition and the FailedScheduling events (x N over T)', needs: cluster}\n"
    "    - {command: 'kubectl get csinodes -o yaml', why: 'allocatable volume counts per driver', needs: cluster}\n"
    "  fix:\n"
    "    - 'spread the workload over more nodes'\n"
    "  docs: ['https://kubernetes.io/docs/concepts/scheduling-eviction/']\n"
    "  evidence: [pod.condition.PodScheduled.reason, pod.condition.PodScheduled.message, scheduling.dominant, scheduling.preemption, 'event:FailedScheduling']\n"
    "\n"
    "- id: core/unschedulable-other\n"
    "  category: 'scheduling.unschedulable.{scheduling.subcategory}'\n"
    "  priority: 80\n"
    "  confidence: medium\n"
    "  when:\n"
    "    pod.node: {exists: false}\n"
    "    pod.gated: {ne: 'true'}\n"
    "    scheduling.subcategory: {exists: true, not_in: [pod-count, taint, node-affinity, host-port, cordoned, topology-spread, pod-affinity, node-name, pvc-unbound, pvc-missing, no-pv, volume-zone, storage-capacity, pv-missing, rwop-conflict, disk-conflict, volume-limit]}\n"
    "    not: {scheduling.subcategory: {prefix: 'insufficient-'}}\n"
    "  check: unschedulable\n"
    "  title: 'Cannot be scheduled: {scheduling.dominant}'\n"
    "  summary: 'The scheduler found no node for the pod: {scheduling.message}'\n"
    "  root_causes: ['a scheduler plugin rejected every node; the reason string names it']\n"
    "  next:\n"
    "    - {command: '{cmd.describe}', why: 'PodScheduled condition and the FailedScheduling events', needs: cluster}\n"
    "    - {command: 'kubectl describe nodes', why: 'labels, taints and allocated resources of the candidates', needs: cluster}\n"
    "  fix: ['change the pod or the nodes so the plugin named in the message accepts a node']\n"
    "  evidence: [pod.condition.PodScheduled.reason, pod.condition.PodScheduled.message, scheduling.dominant, 'event:FailedScheduling']\n"
    "\n"
    "- id: core/scheduling-not-attempted\n"
    "  category: scheduling.not-attempted\n"
    "  priority: 80\n"
    "  confidence: medium\n"
    "  when:\n"
    "    pod.node: {exists: false}\n"
    "    pod.gated: {ne: 'true'}\n"
    "    pod.phase: Pending\n"
    "    pod.nominated_node: {exists: false}\n"
    "    pod.age_seconds: {gt: 60}\n"
    "    scheduling.message: {exists: false}\n"
    "    event: {reason: FailedScheduling, absent: true}\n"
    "  title: 'Pending and never placed, with no FailedScheduling event'\n"
    "  summary: 'The pod has no node and the scheduler has left no trace (no Unschedulable condition, no FailedScheduling event). Either no scheduler is handling it (schedulerName is \"{pod.scheduler_name}\"), the scheduler is not running, or the events have expired.'\n"
    "  root_causes:\n"
    "    - 'spec.schedulerName names a scheduler that does not exist or is not running'\n"
    "    - 'kube-scheduler is down or cannot reach the apiserver'\n"
    "    - 'the events expired (1 h TTL) and the condition was never written'\n"
    "  next:\n"
    "    - {command: 'kubectl get pods -n kube-system -l component=kube-scheduler', why: 'is the default scheduler running?', needs: cluster}\n"
    "    - {command: 'kubectl get pod {pod.name} -n {pod.namespace} -o jsonpath=''{{.spec.schedulerName}''', why: 'which scheduler is supposed to place it', needs: cluster}\n"
    "    - {command: 'kubectl cluster-info', why: 'is the control plane healthy?', needs: cluster}\n"
    "    - {command: '{cmd.events}', why: 'any event at all about the pod', needs: cluster}\n"
    "  fix: ['start the named scheduler or drop schedulerName so default-scheduler places the pod']\n"
    "  evidence: [pod.phase, pod.scheduler_name, pod.age_seconds, events.supplied, events.count]\n"
    "\n"
    "- id: core/pvc-not-bound\n"
    "  category: volume.pvc-not-bound\n"
    "  priority: 82\n"
    "  when:\n"
    "    'ref.pvc.*': {in: [missing, Pending, Lost]}\n"
    "    pod.phase: {not_in: [Succeeded, Failed]}\n"
    "    any:\n"
    "      - pod.node: {exists: true}\n"
    "      - scheduling.subcategory: {in: [pvc-unbound, pvc-missing, no-pv, volume-zone, storage-capacity, pv-missing]}\n"
    "      - scheduling.message: {exists: false}\n"
    "  check: pvc-not-bound\n"
    "  title: 'A PersistentVolumeClaim the pod needs is not bound'\n"
    "  summary: 'The pod mounts a claim that is Pending, Lost or does not exist, so the pod cannot be scheduled (Immediate binding) or its volume cannot be mounted.'\n"
    "  root_causes:\n"
    "    - 'no StorageClass (or no default class) and no matching static PV'\n"
    "    - 'the CSI provisioner failed or is not running (ProvisioningFailed, ExternalProvisioning events on the PVC)'\n"
    "    - 'the claim name is wrong or the PVC was never created'\n"
    "  next:\n"
    "    - {command: 'kubectl get pvc -n {pod.namespace}', why: 'phase and StorageClass of each claim', needs: cluster}\n"
    "    - {command: 'kubectl get storageclass', why: 'is there a default class, and which provisioner serves it?', needs: cluster}\n"
    "  fix: ['create the claim, fix its StorageClass, or make the provisioner work; WaitForFirstConsumer claims bind only after the pod is scheduled']\n"
    "  docs: ['https://kubernetes.io/docs/concepts/storage/persistent-volumes/']\n"
    "  evidence: ['ref.pvc.*']\n"
    "  suppresses: [scheduling.unschedulable.pvc-unbound, scheduling.unschedulable.pvc-missing, scheduling.unschedulable.no-pv, volume.mount-failed, volume.attach-failed]\n"
    "\n"
    "# ---- G. Stuck Terminating ----------------------------------------------------\n"
    "\n"
    "- id: core/terminating-stuck\n"
    "  category: terminating.stuck\n"
    "  priority: 70\n"
    "  when:\n"
    "    pod.deleting: 'true'\n"
    "  check: stuck-terminating\n"
    "  title: 'Stuck Terminating for {pod.deleting_seconds}s (grace period {pod.grace_period_seconds}s)'\n"
    "  summary: 'Deletion was requested {pod.deleting_seconds}s ago and the pod object is still there. Something holds it: a finalizer, a kubelet that cannot kill the containers, or a node that cannot confirm the kill.'\n"
    "  root_causes: []\n"
    "  next:\n"
    "    - {command: 'kubectl get pod {pod.name} -n {pod.namespace} -o jsonpath=''{{.metadata.finalizers}''', why: 'finalizers keep the object until their controller removes them', needs: cluster}\n"
    "    - {command: '{cmd.describe}', why: 'Status: Terminating (lasts ...), FailedKillPod events', needs: cluster}\n"
    "    - {command: 'kubectl get validatingwebhookconfigurations,mutatingwebhookconfigurations', why: 'a webhook rejecting pod UPDATEs stops finalizer removal', needs: cluster}\n"
    "    - {command: 'journalctl -xefu kubelet', why: 'on the node: why the kubelet cannot finish the kill', needs: node-shell}\n"
    "  fix:\n"
    "    - 'last resorts once the cause is understood: kubectl patch pod {pod.name} -n {pod.namespace} -p ''{{\"metadata\":{{\"finalizers\":null}}}}'' or kubectl delete pod {pod.name} -n {pod.namespace} --grace-period=0 --force'\n"
    "  docs: ['https://kubernetes.io/docs/tasks/debug/debug-application/debug-pods/']\n"
    "  evidence: [pod.deleting, pod.deleting_seconds, pod.grace_period_seconds, pod.finalizers, 'event:FailedKillPod']\n"
    "  suppresses: [probe.readiness]\n"
    "- id: core/image-pull-not-found\n"
    "  category: image.pull.not-found\n"
    "  on: container\n"
    "  priority: 55\n"
    "  when:\n"
    "    container.reason: {in: [ErrImagePull, ImagePullBackOff, InvalidImageName, ErrImageNeverPull, ImageInspectError, RegistryUnavailable, SignatureValidationFailed]}\n"
    "    container.pull_subcause: not-found\n"
    "  title: 'Image pull failing for container {container.name}: the image or tag does not exist'\n"
    "  summary: 'The kubelet cannot pull {container.image} ({container.reason}). Describe does not print the pull error; it is in the Failed events. The kubelet retries with a back-off of 10 s doubling up to 5 min. There are no logs: the container never started.'\n"
    "  root_causes:\n"
    "    - 'a typo in the image name or tag'\n"
    "    - 'the tag was never pushed, or was deleted'\n"
    "    - 'the wrong registry or repository path'\n"
    "  next:\n"
    "    - {command: '{cmd.describe}', why: 'the container State and the Events section', needs: cluster}\n"
    "    - {command: '{cmd.events}', why: 'every event about the pod, with counts and ages', needs: cluster}\n"
    "    - {command: 'kubectl get pod {pod.name} -n {pod.namespace} -o jsonpath=''{{.spec.containers[*].image}''', why: 'the exact references the kubelet pulls', needs: cluster}\n"
    "    - {command: 'crictl pull {container.image}', why: 'on the node (kubectl debug node/{pod.node} -it --image=busybox, then chroot /host): the registry''s own answer', needs: node-shell}\n"
    "    - {command: 'journalctl -xefu kubelet', why: 'on the node: the full pull error', needs: node-shell}\n"
    "  fix:\n"
    "    - 'fix the image reference, or push the missing tag'\n"
    "  docs: ['https://kubernetes.io/docs/concepts/containers/images/']\n"
    "  evidence: [container.reason, container.image, container.pull_subcause, container.message, container.event.Failed.message, 'event:Failed', 'event:BackOff']\n"
    "  suppresses: [init, sidecar.native-startup-blocked]\n"
    "\n"
    "- id: core/image-pull-auth\n"
    "  category: image.pull.auth\n"
    "  on: container\n"
    "  priority: 55\n"
    "  confidence: medium\n"
    "  when:\n"
    "    container.reason: {in: [ErrImagePull, ImagePullBackOff, InvalidImageName, ErrImageNeverPull, ImageInspectError, RegistryUnavailable, SignatureValidationFailed]}\n"
    "    container.pull_subcause: auth\n"
    "  title: 'Image pull failing for container {container.name}: the registry refused the credentials'\n"
    "  summary: 'The kubelet cannot pull {container.image} ({container.reason}). Describe does not print the pull error; it is in the Failed events. The kubelet retries with a back-off of 10 s doubling up to 5 min. There are no logs: the container never started.'\n"
    "  root_causes:\n"
    "    - 'no imagePullSecret, or the wrong one, for a private registry'\n"
    "    - 'an expired registry token (ECR, GCR, ACR)'\n"
    "    - 'the pull secret lives in another namespace, or the service account does not list it'\n"
    "    - 'Docker Hub answers \"pull access denied\" for private and for non-existent repositories alike: check the name too'\n"
    "  next:\n"
    "    - {command: '{cmd.describe}', why: 'the container State and the Events section', needs: cluster}\n"
    "    - {command: '{cmd.events}', why: 'every event about the pod, with counts and ages', needs: cluster}\n"
    "    - {command: 'kubectl get pod {pod.name} -n {pod.namespace} -o jsonpath=''{{.spec.imagePullSecrets}''', why: 'which pull secrets the pod uses', needs: cluster}\n"
    "    - {command: 'kubectl get serviceaccount -n {pod.namespace} -o yaml', why: 'imagePullSecrets of the service accounts', needs: cluster}\n"
    "    - {command: 'kubectl get secret -n {pod.namespace} --field-selector type=kubernetes.io/dockerconfigjson', why: 'do the pull secrets exist in this namespace?', needs: cluster}\n"
    "    - {command: 'journalctl -xefu kubelet', why: 'on the node: the full pull error', needs: node-shell}\n"
    "  fix:\n"
    "    - 'create or refresh the pull secret in the pod''s namespace and reference it (spec.imagePullSecrets or the service account)'\n"
    "  docs: ['https://kubernetes.io/docs/concepts/containers/images/']\n"
    "  evidence: [container.reason, container.image, container.pull_subcause, container.message, container.event.Failed.message, 'event:Failed', 'event:BackOff']\n"
    "  suppresses: [init, sidecar.native-startup-blocked]\n"
    "\n"
    "- id: core/image-pull-tls\n"
    "  category: image.pull.tls\n"
    "  on: container\n"
    "  priority: 55\n"
    "  when:\n"
    "    container.reason: {in: [ErrImagePull, ImagePullBackOff, InvalidImageName, ErrImageNeverPull, ImageInspectError, RegistryUnavailable, SignatureValidationFailed]}\n"
    "    container.pull_subcause: tls\n"
    "  title: 'Image pull failing for container {container.name}: the registry''s TLS certificate is not trusted'\n"
    "  summary: 'The kubelet cannot pull {container.image} ({container.reason}). Describe does not print the pull error; it is in the Failed events. The kubelet retries with a back-off of 10 s doubling up to 5 min. There are no logs: the container never started.'\n"
    "  root_causes:\n"
    "    - 'a private CA that containerd does not trust'\n"
    "    - 'a plain-HTTP registry not configured as insecure'\n"
    "    - 'the certificate does not match the registry host name'\n"
    "  next:\n"
    "    - {command: '{cmd.describe}', why: 'the container State and the Events section', needs: cluster}\n"
    "    - {command: '{cmd.events}', why: 'every event about the pod, with counts and ages', needs: cluster}\n"
    "    - {command: 'kubectl debug node/{pod.node} -it --image=busybox', why: 'inspect /host/etc/containerd/certs.d (hosts.toml) on the node', needs: node-shell}\n"
    "    - {command: 'journalctl -xefu kubelet', why: 'on the node: the full pull error', needs: node-shell}\n"
    "  fix:\n"
    "    - 'install the registry CA on the nodes (containerd certs.d), or fix the registry certificate'\n"
    "  docs: ['https://kubernetes.io/docs/concepts/containers/images/']\n"
    "  evidence: [container.reason, container.image, container.pull_subcause, container.message, container.event.Failed.message, 'event:Failed', 'event:BackOff']\n"
    "  suppresses: [init, sidecar.native-startup-blocked]\n"
    "\n"
    "- id: core/image-pull-rate-limit\n"
    "  category: image.pull.rate-limit\n"
    "  on: container\n"
    "  priority: 55\n"
    "  when:\n"
    "    container.reason: {in: [ErrImagePull, ImagePullBackOff, InvalidImageName, ErrImageNeverPull, ImageInspectError, RegistryUnavailable, SignatureValidationFailed]}\n"
    "    container.pull_subcause: rate-limit\n"
    "  title: 'Image pull failing for container {container.name}: the registry is rate-limiting pulls (429)'\n"
    "  summary: 'The kubelet cannot pull {container.image} ({container.reason}). Describe does not print the pull error; it is in the Failed events. The kubelet retries with a back-off of 10 s doubling up to 5 min. There are no logs: the container never started.'\n"
    "  root_causes:\n"
    "    - 'Docker Hub anonymous pull limits'\n"
    "    - 'many nodes pulling the same image at once'\n"
    "  next:\n"
    "    - {command: '{cmd.describe}', why: 'the container State and the Events section', needs: cluster}\n"
    "    - {command: '{cmd.events}', why: 'every event about the pod, with counts and ages', needs: cluster}\n"
    "    - {command: 'journalctl -xefu kubelet', why: 'on the node: the full pull error', needs: node-shell}\n"
    "  fix:\n"
    "    - 'authenticate pulls, or use a registry mirror / pull-through cache'\n"
    "  docs: ['https://kubernetes.io/docs/concepts/containers/images/']\n"
    "  evidence: [container.reason, container.image, container.pull_subcause, container.message, container.event.Failed.message, 'event:Failed', 'event:BackOff']\n"
    "  suppresses: [init, sidecar.native-startup-blocked]\n"
    "\n"
    "- id: core/image-pull-network\n"
    "  category: image.pull.network\n"
    "  on: container\n"
    "  priority: 55\n"
    "  when:\n"
    "    container.reason: {in: [ErrImagePull, ImagePullBackOff, InvalidImageName, ErrImageNeverPull, ImageInspectError, RegistryUnavailable, SignatureValidationFailed]}\n"
    "    container.pull_subcause: network\n"
    "  title: 'Image pull failing for container {container.name}: the node cannot reach the registry'\n"
    "  summary: 'The kubelet cannot pull {container.image} ({container.reason}). Describe does not print the pull error; it is in the Failed events. The kubelet retries with a back-off of 10 s doubling up to 5 min. There are no logs: the container never started.'\n"
    "  root_causes:\n"
    "    - 'DNS or egress from the node is broken'\n"
    "    - 'a proxy is required but not configured'\n"
    "    - 'the registry is down'\n"
    "  next:\n"
    "    - {command: '{cmd.describe}', why: 'the container State and the Events section', needs: cluster}\n"
    "    - {command: '{cmd.events}', why: 'every event about the pod, with counts and ages', needs: cluster}\n"
    "    - {command: 'kubectl debug node/{pod.node} -it --image=busybox', why: 'nslookup / wget the registry from the node', needs: node-shell}\n"
    "    - {command: 'journalctl -xefu kubelet', why: 'on the node: the full pull error', needs: node-shell}\n"
    "  fix:\n"
    "    - 'fix node DNS, egress or proxy settings, or use a reachable mirror'\n"
    "  docs: ['https://kubernetes.io/docs/concepts/containers/images/']\n"
    "  evidence: [container.reason, container.image, container.pull_subcause, container.message, container.event.Failed.message, 'event:Failed', 'event:BackOff']\n"
    "  suppresses: [init, sidecar.native-startup-blocked]\n"
    "\n"
    "- id: core/image-pull-platform\n"
    "  category: image.pull.platform\n"
    "  on: container\n"
    "  priority: 55\n"
    "  when:\n"
    "    container.reason: {in: [ErrImagePull, ImagePullBackOff, InvalidImageName, ErrImageNeverPull, ImageInspectError, RegistryUnavailable, SignatureValidationFailed]}\n"
    "    container.pull_subcause: platform\n"
    "  title: 'Image pull failing for container {container.name}: the image has no variant for the node''s architecture'\n"
    "  summary: 'The kubelet cannot pull {container.image} ({container.reason}). Describe does not print the pull error; it is in the Failed events. The kubelet retries with a back-off of 10 s doubling up to 5 min. There are no logs: the container never started.'\n"
    "  root_causes:\n"
    "    - 'the image was built for another CPU architecture or OS'\n"
    "  next:\n"
    "    - {command: '{cmd.describe}', why: 'the container State and the Events section', needs: cluster}\n"
    "    - {command: '{cmd.events}', why: 'every event about the pod, with counts and ages', needs: cluster}\n"
    "    - {command: 'kubectl get node {pod.node} -L kubernetes.io/arch', why: 'the node''s architecture', needs: cluster}\n"
    "    - {command: 'journalctl -xefu kubelet', why: 'on the node: the full pull error', needs: node-shell}\n"
    "  fix:\n"
    "    - 'build a multi-arch image, or schedule onto nodes of the right architecture'\n"
    "  docs: ['https://kubernetes.io/docs/concepts/containers/images/']\n"
    "  evidence: [container.reason, container.image, container.pull_subcause, container.message, container.event.Failed.message, 'event:Failed', 'event:BackOff']\n"
    "  suppresses: [init, sidecar.native-startup-blocked]\n"
    "\n"
    "- id: core/image-pull-disk\n"
    "  category: image.pull.disk\n"
    "  on: container\n"
    "  priority: 55\n"
    "  when:\n"
    "    container.reason: {in: [ErrImagePull, ImagePullBackOff, InvalidImageName, ErrImageNeverPull, ImageInspectError, RegistryUnavailable, SignatureValidationFailed]}\n"
    "    container.pull_subcause: disk\n"
    "  title: 'Image pull failing for container {container.name}: the node has no space left for the image'\n"
    "  summary: 'The kubelet cannot pull {container.image} ({container.reason}). Describe does not print the pull error; it is in the Failed events. The kubelet retries with a back-off of 10 s doubling up to 5 min. There are no logs: the container never started.'\n"
    "  root_causes:\n"
    "    - 'the node''s image filesystem is full (goes with DiskPressure)'\n"
    "  next:\n"
    "    - {command: '{cmd.describe}', why: 'the container State and the Events section', needs: cluster}\n"
    "    - {command: '{cmd.events}', why: 'every event about the pod, with counts and ages', needs: cluster}\n"
    "    - {command: '{cmd.describe_node}', why: 'DiskPressure condition and ImageGCFailed events', needs: cluster}\n"
    "    - {command: 'journalctl -xefu kubelet', why: 'on the node: the full pull error', needs: node-shell}\n"
    "  fix:\n"
    "    - 'free disk on the node (crictl rmi --prune) or give nodes bigger disks'\n"
    "  docs: ['https://kubernetes.io/docs/concepts/containers/images/']\n"
    "  evidence: [container.reason, container.image, container.pull_subcause, container.message, container.event.Failed.message, 'event:Failed', 'event:BackOff']\n"
    "  suppresses: [init, sidecar.native-startup-blocked]\n"
    "\n"
    "- id: core/image-pull-timeout\n"
    "  category: image.pull.timeout\n"
    "  on: container\n"
    "  priority: 55\n"
    "  when:\n"
    "    container.reason: {in: [ErrImagePull, ImagePullBackOff, InvalidImageName, ErrImageNeverPull, ImageInspectError, RegistryUnavailable, SignatureValidationFailed]}\n"
    "    container.pull_subcause: timeout\n"
    "  title: 'Image pull failing for container {container.name}: the pull timed out'\n"
    "  summary: 'The kubelet cannot pull {container.image} ({container.reason}). Describe does not print the pull error; it is in the Failed events. The kubelet retries with a back-off of 10 s doubling up to 5 min. There are no logs: the container never started.'\n"
    "  root_causes:\n"
    "    - 'a very large image or a slow registry'\n"
    "    - 'the runtime request timeout is too short'\n"
    "  next:\n"
    "    - {command: '{cmd.describe}', why: 'the container State and the Events section', needs: cluster}\n"
    "    - {command: '{cmd.events}', why: 'every event about the pod, with counts and ages', needs: cluster}\n"
    "    - {command: 'journalctl -u containerd', why: 'on the node: pull progress and timeouts', needs: node-shell}\n"
    "    - {command: 'journalctl -xefu kubelet', why: 'on the node: the full pull error', needs: node-shell}\n"
    "  fix:\n"
    "    - 'use a smaller image or a closer mirror; pre-pull large images'\n"
    "  docs: ['https://kubernetes.io/docs/concepts/containers/images/']\n"
    "  evidence: [container.reason, container.image, container.pull_subcause, container.message, container.event.Failed.message, 'event:Failed', 'event:BackOff']\n"
    "  suppresses: [init, sidecar.native-startup-blocked]\n"
    "\n"
    "- id: core/image-pull-never-pull\n"
    "  category: image.pull.never-pull\n"
    "  on: container\n"
    "  priority: 55\n"
    "  when:\n"
    "    container.reason: {in: [ErrImagePull, ImagePullBackOff, InvalidImageName, ErrImageNeverPull, ImageInspectError, RegistryUnavailable, SignatureValidationFailed]}\n"
    "    container.pull_subcause: never-pull\n"
    "  title: 'Image pull failing for container {container.name}: imagePullPolicy is Never and the image is not on the node'\n"
    "  summary: 'The kubelet cannot pull {container.image} ({container.reason}). Describe does not print the pull error; it is in the Failed events. The kubelet retries with a back-off of 10 s doubling up to 5 min. There are no logs: the container never started.'\n"
    "  root_causes:\n"
    "    - 'imagePullPolicy: Never and the image was not pre-loaded on this node'\n"
    "  next:\n"
    "    - {command: '{cmd.describe}', why: 'the container State and the Events section', needs: cluster}\n"
    "    - {command: '{cmd.events}', why: 'every event about the pod, with counts and ages', needs: cluster}\n"
    "    - {command: 'journalctl -xefu kubelet', why: 'on the node: the full pull error', needs: node-shell}\n"
    "  fix:\n"
    "    - 'pre-load the image on every node, or use IfNotPresent'\n"
    "  docs: ['https://kubernetes.io/docs/concepts/containers/images/']\n"
    "  evidence: [container.reason, container.image, container.pull_subcause, container.message, container.event.Failed.message, 'event:Failed', 'event:BackOff']\n"
    "  suppresses: [init, sidecar.native-startup-blocked]\n"
    "\n"
    "- id: core/image-pull-invalid-name\n"
    "  category: image.pull.invalid-name\n"
    "  on: container\n"
    "  priority: 55\n"
    "  when:\n"
    "    container.reason: {in: [ErrImagePull, ImagePullBackOff, InvalidImageName, ErrImageNeverPull, ImageInspectError, RegistryUnavailable, SignatureValidationFailed]}\n"
    "    container.pull_subcause: invalid-name\n"
    "  title: 'Image pull failing for container {container.name}: the image reference is not valid'\n"
    "  summary: 'The kubelet cannot pull {container.image} ({container.reason}). Describe does not print the pull error; it is in the Failed events. The kubelet retries with a back-off of 10 s doubling up to 5 min. There are no logs: the container never started.'\n"
    "  root_causes:\n"
    "    - 'upper-case letters or invalid characters in the image reference'\n"
    "  next:\n"
    "    - {command: '{cmd.describe}', why: 'the container State and the Events section', needs: cluster}\n"
    "    - {command: '{cmd.events}', why: 'every event about the pod, with counts and ages', needs: cluster}\n"
    "    - {command: 'kubectl get pod {pod.name} -n {pod.namespace} -o jsonpath=''{{.spec.containers[*].image}''', why: 'the reference as written', needs: cluster}\n"
    "    - {command: 'journalctl -xefu kubelet', why: 'on the node: the full pull error', needs: node-shell}\n"
    "  fix:\n"
    "    - 'fix the image reference in the spec'\n"
    "  docs: ['https://kubernetes.io/docs/concepts/containers/images/']\n"
    "  evidence: [container.reason, container.image, container.pull_subcause, container.message, container.event.Failed.message, 'event:Failed', 'event:BackOff']\n"
    "  suppresses: [init, sidecar.native-startup-blocked]\n"
    "\n"
    "- id: core/image-pull-other\n"
    "  category: 'image.pull.{container.pull_subcause}'\n"
    "  on: container\n"
    "  priority: 55\n"
    "  confidence: medium\n"
    "  when:\n"
    "    container.reason: {in: [ErrImagePull, ImagePullBackOff, InvalidImageName, ErrImageNeverPull, ImageInspectError, RegistryUnavailable, SignatureValidationFailed]}\n"
    "    container.pull_subcause: {exists: true, not_in: [not-found, auth, tls, rate-limit, network, platform, disk, timeout, never-pull, invalid-name]}\n"
    "  title: 'Image pull failing for container {container.name} ({container.reason})'\n"
    "  summary: 'The kubelet cannot pull {container.image} and the error does not match a known pattern. Describe does not print the pull error; read the Failed events. There are no logs: the container never started.'\n"
    "  root_causes: ['see the runtime error in the Failed event']\n"
    "  next:\n"
    "    - {command: '{cmd.describe}', why: 'the container State and the Events section', needs: cluster}\n"
    "    - {command: '{cmd.events}', why: 'every event about the pod, with counts and ages', needs: cluster}\n"
    "    - {command: 'crictl pull {container.image}', why: 'on the node: the runtime''s own error', needs: node-shell}\n"
    "    - {command: 'journalctl -u containerd', why: 'on the node: pull errors', needs: node-shell}\n"
    "  fix: ['fix what the pull error names']\n"
    "  evidence: [container.reason, container.image, container.message, container.event.Failed.message, 'event:Failed']\n"
    "  suppresses: [init, sidecar.native-startup-blocked]\n"
    "\n"
    "- id: core/image-pull-unknown\n"
    "  category: image.pull.unknown\n"
    "  on: container\n"
    "  priority: 55\n"
    "  confidence: medium\n"
    "  when:\n"
    "    container.reason: {in: [ErrImagePull, ImagePullBackOff, InvalidImageName, ErrImageNeverPull, ImageInspectError, RegistryUnavailable, SignatureValidationFailed]}\n"
    "    container.pull_subcause: {exists: false}\n"
    "  title: 'Image pull failing for container {container.name} ({container.reason})'\n"
    "  summary: 'The kubelet cannot pull {container.image}; the dump holds no pull error to say why (events missing or expired).'\n"
    "  root_causes: ['the pull error is in the Failed event, which is not in the dump']\n"
    "  next:\n"
    "    - {command: '{cmd.describe}', why: 'the container State and the Events section', needs: cluster}\n"
    "    - {command: '{cmd.events}', why: 'every event about the pod, with counts and ages', needs: cluster}\n"
    "    - {command: 'crictl pull {container.image}', why: 'on the node: the runtime''s own error', needs: node-shell}\n"
    "  fix: ['fix what the pull error names']\n"
    "  evidence: [container.reason, container.image, container.message]\n"
    "  suppresses: [init, sidecar.native-startup-blocked]\n"
    "\n"
    "- id: core/config-configmap-missing\n"
    "  category: config.create-container-config.configmap-missing\n"
    "  on: container\n"
    "  priority: 55\n"
    "  when:\n"
    "    container.reason: CreateContainerConfigError\n"
    "    container.config_subcause: configmap-missing\n"
    "  check: config-ref\n"
    "  title: 'Container {container.name} cannot be created: a ConfigMap it references does not exist'\n"
    "  summary: 'The kubelet cannot build the container''s configuration (CreateContainerConfigError): {container.message}. It retries on every pod sync (about every 10-15 s, no back-off), so the pod starts by itself once the reference resolves.'\n"
    "  root_causes:\n"
    "    - 'the ConfigMap name is wrong'\n"
    "    - 'the ConfigMap is not created yet (Helm/GitOps ordering)'\n"
    "    - 'the ConfigMap is in another namespace'\n"
    "  next:\n"
    "    - {command: '{cmd.describe}', why: 'the container State and the Events section', needs: cluster}\n"
    "    - {command: 'kubectl get configmap -n {pod.namespace}', why: 'the ConfigMaps that exist in the namespace', needs: cluster}\n"
    "  fix:\n"
    "    - 'create the ConfigMap, fix the name, or mark the reference optional: true'\n"
    "  docs: ['https://kubernetes.io/docs/tasks/configure-pod-container/configure-pod-configmap/']\n"
    "  evidence: [container.reason, container.message, container.config_subcause, 'ref.configmap.*', 'ref.secret.*', container.event.Failed.message]\n"
    "  suppresses: [init, sidecar.native-startup-blocked]\n"
    "\n"
    "- id: core/config-secret-missing\n"
    "  category: config.create-container-config.secret-missing\n"
    "  on: container\n"
    "  priority: 55\n"
    "  when:\n"
    "    container.reason: CreateContainerConfigError\n"
    "    container.config_subcause: secret-missing\n"
    "  check: config-ref\n"
    "  title: 'Container {container.name} cannot be created: a Secret it references does not exist'\n"
    "  summary: 'The kubelet cannot build the container''s configuration (CreateContainerConfigError): {container.message}. It retries on every pod sync (about every 10-15 s, no back-off), so the pod starts by itself once the reference resolves.'\n"
    "  root_causes:\n"
    "    - 'the Secret name is wrong'\n"
    "    - 'the Secret is not created yet (Helm/GitOps ordering, an external secrets operator that has not synced)'\n"
    "    - 'the Secret is in another namespace'\n"
    "  next:\n"
    "    - {command: '{cmd.describe}', why: 'the container State and the Events section', needs: cluster}\n"
    "    - {command: 'kubectl get secret -n {pod.namespace}', why: 'the Secrets that exist in the namespace', needs: cluster}\n"
    "  fix:\n"
    "    - 'create the Secret, fix the name, or mark the reference optional: true'\n"
    "  docs: ['https://kubernetes.io/docs/tasks/configure-pod-container/configure-pod-configmap/']\n"
    "  evidence: [container.reason, container.message, container.config_subcause, 'ref.configmap.*', 'ref.secret.*', container.event.Failed.message]\n"
    "  suppresses: [init, sidecar.native-startup-blocked]\n"
    "\n"
    "- id: core/config-configmap-key-missing\n"
    "  category: config.create-container-config.configmap-key-missing\n"
    "  on: container\n"
    "  priority: 55\n"
    "  when:\n"
    "    container.reason: CreateContainerConfigError\n"
    "    container.config_subcause: configmap-key-missing\n"
    "  check: config-ref\n"
    "  title: 'Container {container.name} cannot be created: a ConfigMap key it references does not exist'\n"
    "  summary: 'The kubelet cannot build the container''s configuration (CreateContainerConfigError): {container.message}. It retries on every pod sync (about every 10-15 s, no back-off), so the pod starts by itself once the reference resolves.'\n"
    "  root_causes:\n"
    "    - 'the key name is wrong'\n"
    "    - 'the key was renamed in a new version of the ConfigMap'\n"
    "  next:\n"
    "    - {command: '{cmd.describe}', why: 'the container State and the Events section', needs: cluster}\n"
    "    - {command: 'kubectl get configmap -n {pod.namespace}', why: 'the ConfigMaps that exist in the namespace', needs: cluster}\n"
    "  fix:\n"
    "    - 'add the key, fix the key name, or mark the reference optional: true'\n"
    "  docs: ['https://kubernetes.io/docs/tasks/configure-pod-container/configure-pod-configmap/']\n"
    "  evidence: [container.reason, container.message, container.config_subcause, 'ref.configmap.*', 'ref.secret.*', container.event.Failed.message]\n"
    "  suppresses: [init, sidecar.native-startup-blocked]\n"
    "\n"
    "- id: core/config-secret-key-missing\n"
    "  category: config.create-container-config.secret-key-missing\n"
    "  on: container\n"
    "  priority: 55\n"
    "  when:\n"
    "    container.reason: CreateContainerConfigError\n"
    "    container.config_subcause: secret-key-missing\n"
    "  check: config-ref\n"
    "  title: 'Container {container.name} cannot be created: a Secret key it references does not exist'\n"
    "  summary: 'The kubelet cannot build the container''s configuration (CreateContainerConfigError): {container.message}. It retries on every pod sync (about every 10-15 s, no back-off), so the pod starts by itself once the reference resolves.'\n"
    "  root_causes:\n"
    "    - 'the key name is wrong'\n"
    "    - 'the key was renamed or not synced yet'\n"
    "  next:\n"
    "    - {command: '{cmd.describe}', why: 'the container State and the Events section', needs: cluster}\n"
    "    - {command: 'kubectl get secret -n {pod.namespace}', why: 'the Secrets that exist in the namespace', needs: cluster}\n"
    "  fix:\n"
    "    - 'add the key, fix the key name, or mark the reference optional: true'\n"
    "  docs: ['https://kubernetes.io/docs/tasks/configure-pod-container/configure-pod-configmap/']\n"
    "  evidence: [container.reason, container.message, container.config_subcause, 'ref.configmap.*', 'ref.secret.*', container.event.Failed.message]\n"
    "  suppresses: [init, sidecar.native-startup-blocked]\n"
    "\n"
    "- id: core/config-run-as-non-root\n"
    "  category: config.create-container-config.run-as-non-root\n"
    "  on: container\n"
    "  priority: 55\n"
    "  when:\n"
    "    container.reason: CreateContainerConfigError\n"
    "    container.config_subcause: run-as-non-root\n"
    "  title: 'Container {container.name} cannot be created: runAsNonRoot is set but the image runs as root'\n"
    "  summary: 'The kubelet cannot build the container''s configuration (CreateContainerConfigError): {container.message}. It retries on every pod sync (about every 10-15 s, no back-off), so the pod starts by itself once the reference resolves.'\n"
    "  root_causes:\n"
    "    - 'the image''s USER is root (or non-numeric) and the pod or container sets runAsNonRoot: true'\n"
    "  next:\n"
    "    - {command: '{cmd.describe}', why: 'the container State and the Events section', needs: cluster}\n"
    "    - {command: 'kubectl get pod {pod.name} -n {pod.namespace} -o jsonpath=''{{.spec.securityContext}''', why: 'the pod-level security context', needs: cluster}\n"
    "  fix:\n"
    "    - 'set runAsUser to a non-zero UID, or build the image with a numeric non-root USER'\n"
    "  docs: ['https://kubernetes.io/docs/tasks/configure-pod-container/configure-pod-configmap/']\n"
    "  evidence: [container.reason, container.message, container.config_subcause, 'ref.configmap.*', 'ref.secret.*', container.event.Failed.message]\n"
    "  suppresses: [init, sidecar.native-startup-blocked]\n"
    "\n"
    "- id: core/config-other\n"
    "  category: config.create-container-config.other\n"
    "  on: container\n"
    "  priority: 55\n"
    "  when:\n"
    "    container.reason: CreateContainerConfigError\n"
    "    container.config_subcause: other\n"
    "  title: 'Container {container.name} cannot be created: the container configuration cannot be built'\n"
    "  summary: 'The kubelet cannot build the container''s configuration (CreateContainerConfigError): {container.message}. It retries on every pod sync (about every 10-15 s, no back-off), so the pod starts by itself once the reference resolves.'\n"
    "  root_causes:\n"
    "    - 'see the Error: message in the Failed event'\n"
    "  next:\n"
    "    - {command: '{cmd.describe}', why: 'the container State and the Events section', needs: cluster}\n"
    "    - {command: '{cmd.events}', why: 'every event about the pod, with counts and ages', needs: cluster}\n"
    "  fix:\n"
    "    - 'fix what the Failed event names'\n"
    "  docs: ['https://kubernetes.io/docs/tasks/configure-pod-container/configure-pod-configmap/']\n"
    "  evidence: [container.reason, container.message, container.config_subcause, 'ref.configmap.*', 'ref.secret.*', container.event.Failed.message]\n"
    "  suppresses: [init, sidecar.native-startup-blocked]\n"
    "\n"
    "- id: core/start-not-found\n"
    "  category: start.not-found\n"
    "  on: container\n"
    "  priority: 52\n"
    "  when:\n"
    "    container.start_subcause: not-found\n"
    "    container.ready: {ne: 'true'}\n"
    "    any:\n"
    "      - container.reason: {in: [RunContainerError, StartError, ContainerCannotRun]}\n"
    "      - container.last.reason: {in: [StartError, ContainerCannotRun]}\n"
    "  title: 'Container {container.name} cannot start: the command is not in the image'\n"
    "  summary: 'The runtime created the container but could not exec its entrypoint (OCI runtime create failed). The kubelet shows RunContainerError, then CrashLoopBackOff; the last termination is StartError (containerd, exit 128) or ContainerCannotRun (Docker, exit 126/127).'\n"
    "  root_causes:\n"
    "    - 'a typo in command/args'\n"
    "    - 'the binary is not installed in the image, or not on $PATH'\n"
    "    - 'a distroless image without a shell used with sh -c'\n"
    "  next:\n"
    "    - {command: '{cmd.describe}', why: 'the Command and Args lines and the Failed event', needs: cluster}\n"
    "    - {command: '{container.cmd.debug_copy}', why: 'a copy of the pod with a shell instead of the command: inspect PATH and the file', needs: cluster}\n"
    "  fix:\n"
    "    - 'fix command/args, or add the binary to the image'\n"
    "  evidence: [container.reason, container.message, container.last.reason, container.last.exit_code, container.last.message, container.start_subcause, container.event.Failed.message]\n"
    "  suppresses: [crashloop, init, sidecar.native-crashing, sidecar.native-startup-blocked]\n"
    "\n"
    "- id: core/start-permission\n"
    "  category: start.permission\n"
    "  on: container\n"
    "  priority: 52\n"
    "  when:\n"
    "    container.start_subcause: permission\n"
    "    container.ready: {ne: 'true'}\n"
    "    any:\n"
    "      - container.reason: {in: [RunContainerError, StartError, ContainerCannotRun]}\n"
    "      - container.last.reason: {in: [StartError, ContainerCannotRun]}\n"
    "  title: 'Container {container.name} cannot start: permission denied executing the entrypoint'\n"
    "  summary: 'The runtime created the container but could not exec its entrypoint (OCI runtime create failed). The kubelet shows RunContainerError, then CrashLoopBackOff; the last termination is StartError (containerd, exit 128) or ContainerCannotRun (Docker, exit 126/127).'\n"
    "  root_causes:\n"
    "    - 'the file has no exec bit'\n"
    "    - 'the volume is mounted noexec'\n"
    "    - 'runAsUser has no access to the file'\n"
    "  next:\n"
    "    - {command: '{cmd.describe}', why: 'the Command and Args lines and the Failed event', needs: cluster}\n"
    "    - {command: '{container.cmd.debug_copy}', why: 'a copy of the pod with a shell instead of the command: inspect PATH and the file', needs: cluster}\n"
    "  fix:\n"
    "    - 'chmod +x the entrypoint in the image, or run it through an interpreter'\n"
    "  evidence: [container.reason, container.message, container.last.reason, container.last.exit_code, container.last.message, container.start_subcause, container.event.Failed.message]\n"
    "  suppresses: [crashloop, init, sidecar.native-crashing, sidecar.native-startup-blocked]\n"
    "\n"
    "- id: core/start-missing-path\n"
    "  category: start.missing-path\n"
    "  on: container\n"
    "  priority: 52\n"
    "  when:\n"
    "    container.start_subcause: missing-path\n"
    "    container.ready: {ne: 'true'}\n"
    "    any:\n"
    "      - container.reason: {in: [RunContainerError, StartError, ContainerCannotRun]}\n"
    "      - container.last.reason: {in: [StartError, ContainerCannotRun]}\n"
    "  title: 'Container {container.name} cannot start: a file or directory on the start path does not exist'\n"
    "  summary: 'The runtime created the container but could not exec its entrypoint (OCI runtime create failed). The kubelet shows RunContainerError, then CrashLoopBackOff; the last termination is StartError (containerd, exit 128) or ContainerCannotRun (Docker, exit 126/127).'\n"
    "  root_causes:\n"
    "    - 'the script path is wrong'\n"
    "    - 'the interpreter in the shebang is missing from the image'\n"
    "    - 'workingDir does not exist'\n"
    "  next:\n"
    "    - {command: '{cmd.describe}', why: 'the Command and Args lines and the Failed event', needs: cluster}\n"
    "    - {command: '{container.cmd.debug_copy}', why: 'a copy of the pod with a shell instead of the command: inspect PATH and the file', needs: cluster}\n"
    "  fix:\n"
    "    - 'fix the path, the shebang or workingDir'\n"
    "  evidence: [container.reason, container.message, container.last.reason, container.last.exit_code, container.last.message, container.start_subcause, container.event.Failed.message]\n"
    "  suppresses: [crashloop, init, sidecar.native-crashing, sidecar.native-startup-blocked]\n"
    "\n"
    "- id: core/start-arch\n"
    "  category: start.arch\n"
    "  on: container\n"
    "  priority: 52\n"
    "  when:\n"
    "    container.start_subcause: arch\n"
    "    container.ready: {ne: 'true'}\n"
    "    any:\n"
    "      - container.reason: {in: [RunContainerError, StartError, ContainerCannotRun]}\n"
    "      - container.last.reason: {in: [StartError, ContainerCannotRun]}\n"
    "  title: 'Container {container.name} cannot start: exec format error: the binary is for another architecture'\n"
    "  summary: 'The runtime created the container but could not exec its entrypoint (OCI runtime create failed). The kubelet shows RunContainerError, then CrashLoopBackOff; the last termination is StartError (containerd, exit 128) or ContainerCannotRun (Docker, exit 126/127).'\n"
    "  root_causes:\n"
    "    - 'the image was built for another CPU architecture than the node''s'\n"
    "  next:\n"
    "    - {command: '{cmd.describe}', why: 'the Command and Args lines and the Failed event', needs: cluster}\n"
    "    - {command: 'kubectl get node {pod.node} -L kubernetes.io/arch', why: 'the node''s architecture', needs: cluster}\n"
    "    - {command: '{container.cmd.debug_copy}', why: 'a copy of the pod with a shell instead of the command: inspect PATH and the file', needs: cluster}\n"
    "  fix:\n"
    "    - 'build a multi-arch image, or schedule onto nodes of the right architecture'\n"
    "  evidence: [container.reason, container.message, container.last.reason, container.last.exit_code, container.last.message, container.start_subcause, container.event.Failed.message]\n"
    "  suppresses: [crashloop, init, sidecar.native-crashing, sidecar.native-startup-blocked]\n"
    "\n"
    "- id: core/start-other\n"
    "  category: start.other\n"
    "  on: container\n"
    "  priority: 52\n"
    "  confidence: medium\n"
    "  when:\n"
    "    container.start_subcause: {not_in: [not-found, permission, missing-path, arch]}\n"
    "    container.ready: {ne: 'true'}\n"
    "    any:\n"
    "      - container.reason: {in: [RunContainerError, StartError, ContainerCannotRun]}\n"
    "      - container.last.reason: {in: [StartError, ContainerCannotRun]}\n"
    "  title: 'Container {container.name} cannot start ({container.reason})'\n"
    "  summary: 'The runtime could not start the container process: {container.message}'\n"
    "  root_causes: ['see the runtime error in the Failed event']\n"
    "  next:\n"
    "    - {command: '{cmd.describe}', why: 'the Command and Args lines and the Failed event', needs: cluster}\n"
    "    - {command: '{container.cmd.debug_copy}', why: 'a copy of the pod with a shell instead of the command', needs: cluster}\n"
    "    - {command: 'journalctl -u containerd', why: 'on the node: the runtime error', needs: node-shell}\n"
    "  fix: ['fix what the runtime error names (command, args, image contents)']\n"
    "  evidence: [container.reason, container.message, container.last.reason, container.last.exit_code, container.last.message, container.event.Failed.message]\n"
    "  suppresses: [crashloop, init, sidecar.native-crashing, sidecar.native-startup-blocked]\n"
    "\n"
    "# ---- C. Scheduled but not running yet (pod level) --------------------------\n"
    "\n"
    "- id: core/runtime-create-container-error\n"
    "  category: runtime.create-container-error\n"
    "  on: container\n"
    "  priority: 55\n"
    "  when:\n"
    "    container.reason: {in: [CreateContainerError, PreCreateHookError, PreStartHookError]}\n"
    "  title: 'The runtime cannot create container {container.name} ({container.reason})'\n"
    "  summary: 'The kubelet asked the runtime to create the container and it failed: {container.message}'\n"
    "  root_causes:\n"
    "    - 'no command specified: the image has no CMD/ENTRYPOINT and the spec has none'\n"
    "    - 'failed to reserve container name: the runtime is slow or stuck'\n"
    "    - 'a subPath or mount source that does not exist'\n"
    "  next:\n"
    "    - {command: '{cmd.describe}', why: 'the waiting message and the Failed events', needs: cluster}\n"
    "    - {command: 'journalctl -xefu kubelet', why: 'on the node: the full error', needs: node-shell}\n"
    "    - {command: 'journalctl -u containerd', why: 'on the node: the runtime''s side', needs: node-shell}\n"
    "  fix: ['fix what the message names (command, subPath, mount source); restart the runtime if it is stuck']\n"
    "  evidence: [container.reason, container.message, container.event.Failed.message, 'event:Failed']\n"
    "  suppresses: [init, sidecar.native-startup-blocked]\n"
    "\n"
    "- id: core/volume-mount-failed\n"
    "  category: volume.mount-failed\n"
    "  priority: 55\n"
    "  when:\n"
    "    pod.phase: Pending\n"
    "    pod.node: {exists: true}\n"
    "    event: {reason: FailedMount}\n"
    "  check: failed-mount\n"
    "  title: 'A volume cannot be mounted'\n"
    "  summary: 'The kubelet cannot set up a volume of the pod, so no container can start (ContainerCreating). The specific MountVolume error is the cause; \"Unable to attach or mount volumes ... timed out waiting for the condition\" is only its summary.'\n"
    "  root_causes: []\n"
    "  next:\n"
    "    - {command: '{cmd.describe}', why: 'the FailedMount events and the Volumes section', needs: cluster}\n"
    "    - {command: 'kubectl get configmap,secret,pvc -n {pod.namespace}', why: 'do the objects the volumes reference exist?', needs: cluster}\n"
    "    - {command: 'journalctl -xefu kubelet', why: 'on the node: the full mount error', needs: node-shell}\n"
    "  fix: []\n"
    "  docs: ['https://kubernetes.io/docs/concepts/storage/volumes/']\n"
    "  evidence: []\n"
    "  suppresses: [init, sidecar.native-startup-blocked, runtime.container-creating]\n"
    "\n"
    "- id: core/volume-attach-multi-attach\n"
    "  category: volume.attach-failed.multi-attach\n"
    "  priority: 55\n"
    "  when:\n"
    "    pod.phase: Pending\n"
    "    event: {reason: FailedAttachVolume, message: {contains: Multi-Attach error}}\n"
    "  title: 'Volume is still attached to another node (Multi-Attach error)'\n"
    "  summary: 'A ReadWriteOnce volume can be attached to one node at a time and it is still attached elsewhere: {event.FailedAttachVolume.message}'\n"
    "  root_causes:\n"
    "    - 'a ReadWriteOnce PVC shared by several replicas, or a RollingUpdate surge that put the new pod on another node'\n"
    "    - 'the old pod''s node is dead or unreachable and still holds the attachment (force-detached only after about 6 min, or at once with the out-of-service taint)'\n"
    "  next:\n"
    "    - {command: 'kubectl get volumeattachments', why: 'which node holds the volume', needs: cluster}\n"
    "    - {command: 'kubectl get pods -n {pod.namespace} -o wide', why: 'the other pod that uses the claim, and its node', needs: cluster}\n"
    "    - {command: 'kubectl describe pvc -n {pod.namespace}', why: 'Used By', needs: cluster}\n"
    "    - {command: '{cmd.get_nodes}', why: 'is the other node NotReady?', needs: cluster}\n"
    "  fix: ['use strategy Recreate or a StatefulSet with volumeClaimTemplates, or a ReadWriteMany class; for a dead node use its removal options']\n"
    "  evidence: [event.FailedAttachVolume.message, 'event:FailedAttachVolume']\n"
    "  suppresses: [init, runtime.container-creating]\n"
    "\n"
    "- id: core/volume-attach-timeout\n"
    "  category: volume.attach-failed.attach-timeout\n"
    "  priority: 55\n"
    "  when:\n"
    "    pod.phase: Pending\n"
    "    event: {reason: FailedAttachVolume, message: {regex: 'timed out|timeout'}}\n"
    "    not: {event: {reason: FailedAttachVolume, message: {contains: Multi-Attach error}}}\n"
    "  title: 'Attaching a volume to {pod.node} times out'\n"
    "  summary: 'The attach-detach controller cannot attach the volume: {event.FailedAttachVolume.message}'\n"
    "  root_causes: ['the CSI controller or the cloud API is slow or failing', 'the node reached its attach limit']\n"
    "  next:\n"
    "    - {command: 'kubectl get volumeattachments', why: 'attach status and errors', needs: cluster}\n"
    "    - {command: '{cmd.describe}', why: 'FailedAttachVolume events', needs: cluster}\n"
    "    - {command: 'kubectl get pods -A -l app.kubernetes.io/component=csi-driver', why: 'is the CSI controller healthy? (labels vary by driver)', needs: cluster}\n"
    "  fix: ['repair the CSI controller or the cloud credentials it uses']\n"
    "  evidence: [event.FailedAttachVolume.message, 'event:FailedAttachVolume']\n"
    "  suppresses: [init, runtime.container-creating]\n"
    "\n"
    "- id: core/volume-attach-other\n"
    "  category: volume.attach-failed.other\n"
    "  priority: 55\n"
    "  confidence: medium\n"
    "  when:\n"
    "    pod.phase: Pending\n"
    "    event: {reason: FailedAttachVolume, }\n"
    "    not:\n"
    "      any:\n"
    "        - event: {reason: FailedAttachVolume, message: {contains: Multi-Attach error}}\n"
    "        - event: {reason: FailedAttachVolume, message: {regex: 'timed out|timeout'}}\n"
    "  title: 'A volume cannot be attached to {pod.node}'\n"
    "  summary: 'The attach-detach controller reports: {event.FailedAttachVolume.message}'\n"
    "  root_causes: ['see the FailedAttachVolume message']\n"
    "  next:\n"
    "    - {command: '{cmd.describe}', why: 'FailedAttachVolume events', needs: cluster}\n"
    "    - {command: 'kubectl get volumeattachments', why: 'attach status and errors', needs: cluster}\n"
    "  fix: ['fix what the attach error names']\n"
    "  evidence: [event.FailedAttachVolume.message, 'event:FailedAttachVolume']\n"
    "  suppresses: [init, runtime.container-creating]\n"
    "\n"
    "- id: core/sandbox-ip-exhausted\n"
    "  category: sandbox.ip-exhausted\n"
    "  priority: 55\n"
    "  when:\n"
    "    pod.phase: Pending\n"
    "    event: {reason: FailedCreatePodSandBox, message: {contains: no IP addresses available}}\n"
    "  title: 'No pod IP left on {pod.node}: the CNI address range is exhausted'\n"
    "  summary: 'The pod sandbox cannot be created because the CNI plugin has no free IP address: {event.FailedCreatePodSandBox.message}'\n"
    "  root_causes: ['the node''s pod CIDR is full', 'leaked IP allocations (IPAM state not cleaned after crashes)']\n"
    "  next:\n"
    "    - {command: 'kubectl get pods -n kube-system -o wide --field-selector spec.nodeName={pod.node}', why: 'is the CNI agent on the node healthy?', needs: cluster}\n"
    "    - {command: '{cmd.describe_node}', why: 'PodCIDR and the number of pods', needs: cluster}\n"
    "    - {command: 'journalctl -xefu kubelet', why: 'on the node: the CNI error', needs: node-shell}\n"
    "  fix: ['clean the leaked IPAM state or give nodes larger pod CIDRs']\n"
    "  evidence: [event.FailedCreatePodSandBox.message, 'event:FailedCreatePodSandBox']\n"
    "  suppresses: [init, runtime.container-creating]\n"
    "\n"
    "- id: core/sandbox-cni-down\n"
    "  category: sandbox.cni-down\n"
    "  priority: 55\n"
    "  when:\n"
    "    pod.phase: Pending\n"
    "    event: {reason: FailedCreatePodSandBox, message: {contains: cni plugin not initialized}}\n"
    "  title: 'The CNI plugin on {pod.node} is not initialized'\n"
    "  summary: 'The pod sandbox cannot get a network: {event.FailedCreatePodSandBox.message}'\n"
    "  root_causes: ['the CNI agent (DaemonSet) on the node is not running or crash looping', 'the CNI configuration is missing on the node']\n"
    "  next:\n"
    "    - {command: 'kubectl get pods -n kube-system -o wide --field-selector spec.nodeName={pod.node}', why: 'is the CNI agent on the node running?', needs: cluster}\n"
    "    - {command: '{cmd.describe_node}', why: 'Ready condition: container runtime network not ready', needs: cluster}\n"
    "    - {command: 'journalctl -xefu kubelet', why: 'on the node: the CNI error', needs: node-shell}\n"
    "  fix: ['repair the CNI agent on the node']\n"
    "  evidence: [event.FailedCreatePodSandBox.message, 'event:FailedCreatePodSandBox']\n"
    "  suppresses: [init, runtime.container-creating]\n"
    "\n"
    "- id: core/sandbox-cni-error\n"
    "  category: sandbox.cni-error\n"
    "  priority: 55\n"
    "  confidence: medium\n"
    "  when:\n"
    "    pod.phase: Pending\n"
    "    event: {reason: FailedCreatePodSandBox, }\n"
    "    not:\n"
    "      any:\n"
    "        - event: {reason: FailedCreatePodSandBox, message: {contains: no IP addresses available}}\n"
    "        - event: {reason: FailedCreatePodSandBox, message: {contains: cni plugin not initialized}}\n"
    "  title: 'The pod sandbox cannot be created on {pod.node}'\n"
    "  summary: 'The runtime fails to create the pod sandbox (usually its network): {event.FailedCreatePodSandBox.message}'\n"
    "  root_causes: ['a CNI plugin error', 'the container runtime failing to start the pause container']\n"
    "  next:\n"
    "    - {command: 'kubectl get pods -n kube-system -o wide --field-selector spec.nodeName={pod.node}', why: 'is the CNI agent on the node healthy?', needs: cluster}\n"
    "    - {command: '{cmd.describe_node}', why: 'node conditions', needs: cluster}\n"
    "    - {command: 'journalctl -u containerd', why: 'on the node: the sandbox error', needs: node-shell}\n"
    "  fix: ['fix the CNI or runtime error the message names']\n"
    "  evidence: [event.FailedCreatePodSandBox.message, 'event:FailedCreatePodSandBox', 'event:SandboxChanged']\n"
    "  suppresses: [init, runtime.container-creating]\n"
    "\n"
    "- id: core/admission-rejected\n"
    "  category: admission.rejected-by-kubelet\n"
    "  priority: 55\n"
    "  when:\n"
    "    pod.phase: Failed\n"
    "    pod.reason: {regex: '^(OutOf.+|NodeAffinity|NodeName|NodePorts|TaintToleration|UnexpectedAdmissionError|UnexpectedPredicateFailureType|UnknownReason|InvalidNodeInfo|AppArmor|SysctlForbidden|TopologyAffinityError|PodOSNotSupported|PodOSSelectorNodeLabelDoesNotMatch|InitContainerRestartPolicyForbidden|SupplementalGroupsPolicyNotSupported|VolumeAttachmentLimitExceeded)$'}\n"
    "  title: 'The kubelet on {pod.node} rejected the pod: {pod.reason}'\n"
    "  summary: 'The pod was bound to {pod.node} but the kubelet''s admission refused it and marked it Failed: {pod.message}'\n"
    "  root_causes:\n"
    "    - 'spec.nodeName was set directly, bypassing the scheduler''s checks'\n"
    "    - 'a static pod or a DaemonSet pod raced a change of the node''s allocatable'\n"
    "    - 'a device plugin failure (UnexpectedAdmissionError)'\n"
    "  next:\n"
    "    - {command: '{cmd.describe_node}', why: 'allocatable and what is already requested', needs: cluster}\n"
    "    - {command: '{cmd.yaml}', why: 'who set spec.nodeName (ownerReferences, managedFields)', needs: cluster}\n"
    "    - {command: 'kubectl delete pod {pod.name} -n {pod.namespace}', why: 'a Failed pod stays; its controller creates a replacement', needs: cluster}\n"
    "  fix: ['let the scheduler place the pod instead of setting nodeName; size the node for static pods']\n"
    "  evidence: [pod.phase, pod.reason, pod.message]\n"
    "  suppresses: [terminal.failed]\n"
    "\n"
    "# ---- D. Started, then failing (specific causes before the crash loop) ------\n"
    "\n"
    "- id: core/hook-poststart-failed\n"
    "  category: lifecycle.hook-failed\n"
    "  on: container\n"
    "  priority: 52\n"
    "  when:\n"
    "    any:\n"
    "      - container.reason: PostStartHookError\n"
    "      - event: {reason: FailedPostStartHook, container: true}\n"
    "  check: hook-failed\n"
    "  title: 'The postStart hook of container {container.name} fails'\n"
    "  summary: 'A failing postStart hook makes the kubelet kill and restart the container, which then ends in CrashLoopBackOff. Describe does not print lifecycle hooks; read them from the pod YAML.'\n"
    "  root_causes: ['the hook command is missing from the image or fails', 'the hook HTTP endpoint is not up yet when the hook runs']\n"
    "  next:\n"
    "    - {command: '{cmd.yaml}', why: 'spec.containers[].lifecycle (describe does not show hooks)', needs: cluster}\n"
    "    - {command: '{container.cmd.logs}', why: 'what the container printed before the kill', needs: cluster}\n"
    "    - {command: '{cmd.describe}', why: 'FailedPostStartHook events', needs: cluster}\n"
    "  fix: ['fix the hook command or make it tolerate the app starting up']\n"
    "  docs: ['https://kubernetes.io/docs/concepts/containers/container-lifecycle-hooks/']\n"
    "  evidence: [container.reason, container.message, container.event.FailedPostStartHook.message, 'event:FailedPostStartHook']\n"
    "  suppresses: [crashloop, init, sidecar.native-crashing]\n"
    "\n"
    "- id: core/hook-prestop-failed\n"
    "  category: lifecycle.hook-failed\n"
    "  on: container\n"
    "  priority: 52\n"
    "  severity: warning\n"
    "  when:\n"
    "    event: {reason: FailedPreStopHook, container: true}\n"
    "  check: hook-failed\n"
    "  title: 'The preStop hook of container {container.name} fails'\n"
    "  summary: 'The kubelet ran the preStop hook when stopping the container and it failed, so the container was stopped without its clean-up step. Describe does not print lifecycle hooks; read them from the pod YAML.'\n"
    "  root_causes: ['the hook command is missing from the image or fails', 'the hook outlived the grace period (ExceededGracePeriod)']\n"
    "  next:\n"
    "    - {command: '{cmd.yaml}', why: 'spec.containers[].lifecycle.preStop', needs: cluster}\n"
    "    - {command: '{cmd.describe}', why: 'FailedPreStopHook events', needs: cluster}\n"
    "  fix: ['fix the hook, and keep it shorter than terminationGracePeriodSeconds']\n"
    "  docs: ['https://kubernetes.io/docs/concepts/containers/container-lifecycle-hooks/']\n"
    "  evidence: [container.event.FailedPreStopHook.message, 'event:FailedPreStopHook', 'event:ExceededGracePeriod']\n"
    "\n"
    "- id: core/oom-killed\n"
    "  category: resource.oom-killed\n"
    "  on: container\n"
    "  priority: 50\n"
    "  when:\n"
    "    any:\n"
    "      - container.exit_class: oom\n"
    "      - container.reason: OOMKilled\n"
    "      - container.last.reason: OOMKilled\n"
    "  title: 'Container {container.name} was OOM-killed (memory limit {container.limit.memory})'\n"
    "  summary: 'The kernel killed the container because it reached its memory limit ({container.limit.memory}, request {container.request.memory}, QoS {pod.qos}); exit code 137, reason OOMKilled. It has restarted {container.restarts} times.'\n"
    "  root_causes:\n"
    "    - 'the limit is below the real working set (a JVM heap or off-heap memory not sized to the limit, caches)'\n"
    "    - 'a memory leak: the run time before each kill is long and regular'\n"
    "    - 'a node overcommitted by Burstable neighbours (look for MemoryPressure and SystemOOM on the node)'\n"
    "  next:\n"
    "    - {command: '{container.cmd.logs}', why: 'the output before the kill (usually cut off mid-line)', needs: cluster}\n"
    "    - {command: 'kubectl top pod {pod.name} -n {pod.namespace} --containers', why: 'memory use against the limit (needs metrics-server)', needs: cluster}\n"
    "    - {command: '{cmd.describe_node}', why: 'Allocated resources and MemoryPressure', needs: cluster}\n"
    "  fix:\n"
    "    - 'raise the memory limit to the working set plus headroom, or fix the leak'\n"
    "    - 'set requests equal to limits (Guaranteed QoS) when eviction order matters'\n"
    "  docs: ['https://kubernetes.io/docs/tasks/configure-pod-container/assign-memory-resource/']\n"
    "  evidence: [container.reason, container.last.reason, container.exit_code, container.last.exit_code, container.limit.memory, container.request.memory, pod.qos, container.restarts, container.run_seconds, container.last.run_seconds]\n"
    "  suppresses: [crashloop, terminal.failed, init, job]\n"
    "\n"
    "- id: core/sidecar-oom\n"
    "  category: sidecar.oom\n"
    "  on: container\n"
    "  priority: 60\n"
    "  when:\n"
    "    container.role: sidecar\n"
    "    any:\n"
    "      - container.exit_class: oom\n"
    "      - container.last.reason: OOMKilled\n"
    "  title: 'Sidecar {container.name} (not the app) was OOM-killed'\n"
    "  summary: 'The OOM-killed container is the native sidecar {container.name} ({container.image}), not the application. Its memory limit is {container.limit.memory}; sidecars (proxies, log shippers) often get a small default limit that traffic outgrows.'\n"
    "  root_causes: ['the sidecar''s memory limit is too small for the traffic or log volume', 'a leak in the sidecar']\n"
    "  next:\n"
    "    - {command: '{container.cmd.logs}', why: 'the sidecar''s own output before the kill', needs: cluster}\n"
    "    - {command: 'kubectl top pod {pod.name} -n {pod.namespace} --containers', why: 'memory per container', needs: cluster}\n"
    "  fix: ['raise the sidecar''s memory limit (often set through the mesh or injector configuration, not the app''s manifest)']\n"
    "  evidence: [container.role, container.last.reason, container.last.exit_code, container.limit.memory, container.restarts]\n"
    "  suppresses: [resource.oom-killed, crashloop, sidecar.native-crashing]\n"
    "\n"
    "- id: core/sidecar-oom-legacy\n"
    "  category: sidecar.oom\n"
    "  on: container\n"
    "  priority: 60\n"
    "  confidence: medium\n"
    "  when:\n"
    "    container.role: regular\n"
    "    pod.container_count: {ge: 2}\n"
    "    container.name: {regex: '(istio-proxy|envoy|linkerd-proxy|proxy|sidecar|cloud-sql-proxy|fluent-bit|fluentd|filebeat|vector|otel-collector|oauth2-proxy|vault-agent)'}\n"
    "    any:\n"
    "      - container.exit_class: oom\n"
    "      - container.last.reason: OOMKilled\n"
    "  title: 'Sidecar {container.name} (not the app) was OOM-killed'\n"
    "  summary: 'The OOM-killed container {container.name} ({container.image}) looks like a sidecar (proxy, log shipper, agent), not the application. Its memory limit is {container.limit.memory}.'\n"
    "  root_causes: ['the sidecar''s memory limit is too small for the traffic or log volume', 'a leak in the sidecar']\n"
    "  next:\n"
    "    - {command: '{container.cmd.logs}', why: 'the sidecar''s own output before the kill', needs: cluster}\n"
    "    - {command: 'kubectl top pod {pod.name} -n {pod.namespace} --containers', why: 'memory per container', needs: cluster}\n"
    "  fix: ['raise the sidecar''s memory limit (often set through the mesh or injector configuration)']\n"
    "  evidence: [container.name, container.image, container.last.reason, container.last.exit_code, container.limit.memory, container.restarts]\n"
    "  suppresses: [resource.oom-killed, crashloop]\n"
    "\n"
    "- id: core/probe-liveness-failing\n"
    "  category: probe.liveness-failing\n"
    "  on: container\n"
    "  priority: 48\n"
    "  when:\n"
    "    any:\n"
    "      - event: {reason: Killing, container: true, message: {contains: failed liveness probe}}\n"
    "      - all:\n"
    "          - event: {reason: Unhealthy, container: true, message: {regex: '^Liveness probe (failed|errored)'}}\n"
    "          - container.restarts: {gt: 0}\n"
    "  title: 'The liveness probe of container {container.name} fails and the kubelet restarts it'\n"
    "  summary: 'The kubelet kills the container each time the liveness probe fails failureThreshold times in a row: {container.probe.liveness}. The restarts (and any CrashLoopBackOff) are a consequence.'\n"
    "  root_causes:\n"
    "    - 'the probe is stricter than the startup time (initialDelaySeconds too short, no startupProbe)'\n"
    "    - 'wrong port, path or scheme'\n"
    "    - 'timeoutSeconds 1 on a slow endpoint'\n"
    "    - 'the probe checks a dependency, so a dependency outage restarts every replica'\n"
    "    - 'a real hang or deadlock'\n"
    "  next:\n"
    "    - {command: '{cmd.describe}', why: 'the Liveness: line and the Unhealthy / Killing events', needs: cluster}\n"
    "    - {command: '{container.cmd.logs}', why: 'what the app did before the kill', needs: cluster}\n"
    "    - {command: '{container.cmd.exec}', why: 'while it is up: request the probe URL from inside (wget -qO- localhost:PORT/PATH)', needs: cluster}\n"
    "  fix: ['add a startupProbe, relax thresholds or timeoutSeconds, point liveness at a local-only endpoint']\n"
    "  docs: ['https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/']\n"
    "  evidence: [container.probe.liveness, container.event.Unhealthy.message, container.event.Unhealthy.count, container.event.Killing.message, container.restarts, container.last.exit_code]\n"
    "  suppresses: [crashloop]\n"
    "\n"
    "- id: core/probe-startup-failing\n"
    "  category: probe.startup-failing\n"
    "  on: container\n"
    "  priority: 48\n"
    "  when:\n"
    "    container.role: {ne: sidecar}\n"
    "    any:\n"
    "      - event: {reason: Killing, container: true, message: {contains: failed startup probe}}\n"
    "      - all:\n"
    "          - event: {reason: Unhealthy, container: true, message: {regex: '^Startup probe (failed|errored)'}}\n"
    "          - container.started: {ne: 'true'}\n"
    "  title: 'The startup probe of container {container.name} does not pass'\n"
    "  summary: 'The container has not passed its startup probe ({container.probe.startup}); liveness and readiness are suspended until it does, and the kubelet restarts the container after failureThreshold x periodSeconds.'\n"
    "  root_causes: ['the startup budget (failureThreshold x periodSeconds) is shorter than the real startup (migrations, cache warm-up)', 'wrong port or path']\n"
    "  next:\n"
    "    - {command: '{cmd.describe}', why: 'the Startup: line and the Unhealthy events', needs: cluster}\n"
    "    - {command: '{container.cmd.logs}', why: 'how far the startup got', needs: cluster}\n"
    "  fix: ['raise failureThreshold so the budget covers the real startup time, or fix the port/path']\n"
    "  docs: ['https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/']\n"
    "  evidence: [container.probe.startup, container.started, container.event.Unhealthy.message, container.event.Killing.message, container.restarts]\n"
    "  suppresses: [crashloop, probe.readiness]\n"
    "- id: core/crashloop-exit-0\n"
    "  category: crashloop.exit-0\n"
    "  on: container\n"
    "  priority: 45\n"
    "  confidence: medium\n"
    "  when:\n"
    "    container.role: regular\n"
    "    container.exit_class: exit-0\n"
    "    any:\n"
    "      - container.reason: CrashLoopBackOff\n"
    "      - {container.state: terminated, container.exit_code: {ne: 0}, pod.phase: {in: [Running, Pending]}, pod.restart_policy: {ne: Never}}\n"
    "  title: 'Container {container.name} exits successfully (code 0) but is restarted; restarted {container.restarts} times'\n"
    "  summary: 'The container ran and exited ({container.last.reason}, exit code {container.last.exit_code}); the kubelet restarts it with a back-off of 10 s doubling up to 5 min (CrashLoopBackOff between attempts). How long it ran and the termination message below are the first clues; the previous container''s logs are the decisive one.'\n"
    "  root_causes:\n"
    "    - 'the command is not long-running (it ends, or daemonizes into the background)'\n"
    "    - 'the image has no CMD and the spec no command'\n"
    "    - 'a Job-like workload run by a Deployment (restartPolicy Always)'\n"
    "  next:\n"
    "    - {command: '{container.cmd.logs}', why: 'the output of the crashed run (-p: the previous container) is usually decisive', needs: cluster}\n"
    "    - {command: '{cmd.describe}', why: 'Last State: exit code, reason, started/finished; the BackOff events', needs: cluster}\n"
    "  fix:\n"
    "    - 'run a foreground, long-running command, or use a Job for run-to-completion work'\n"
    "  docs: ['https://kubernetes.io/docs/tasks/debug/debug-application/determine-reason-pod-failure/']\n"
    "  evidence: [container.reason, container.restarts, container.exit_class, container.last.reason, container.last.exit_code, container.last.signal, container.last.run_seconds, container.last.message, container.exit_code, container.run_seconds, container.message, container.event.BackOff.count, 'event:BackOff']\n"
    "\n"
    "- id: core/crashloop-exit-1\n"
    "  category: crashloop.exit-1\n"
    "  on: container\n"
    "  priority: 45\n"
    "  when:\n"
    "    container.role: regular\n"
    "    container.exit_class: exit-1\n"
    "    any:\n"
    "      - container.reason: CrashLoopBackOff\n"
    "      - {container.state: terminated, container.exit_code: {ne: 0}, pod.phase: {in: [Running, Pending]}, pod.restart_policy: {ne: Never}}\n"
    "  title: 'Container {container.name} exits with code 1 (application error); restarted {container.restarts} times'\n"
    "  summary: 'The container ran and exited ({container.last.reason}, exit code {container.last.exit_code}); the kubelet restarts it with a back-off of 10 s doubling up to 5 min (CrashLoopBackOff between attempts). How long it ran and the termination message below are the first clues; the previous container''s logs are the decisive one.'\n"
    "  root_causes:\n"
    "    - 'bad configuration or environment (missing variable, wrong flag)'\n"
    "    - 'a dependency it needs at start is unreachable (database, DNS, a mesh proxy not ready yet)'\n"
    "    - 'an unhandled exception'\n"
    "  next:\n"
    "    - {command: '{container.cmd.logs}', why: 'the output of the crashed run (-p: the previous container) is usually decisive', needs: cluster}\n"
    "    - {command: '{cmd.describe}', why: 'Last State: exit code, reason, started/finished; the BackOff events', needs: cluster}\n"
    "    - {command: '{container.cmd.debug_copy}', why: 'a copy of the pod with a shell instead of the command, to try the start by hand', needs: cluster}\n"
    "  fix:\n"
    "    - 'fix what the previous logs name; add retries for dependencies at start'\n"
    "  docs: ['https://kubernetes.io/docs/tasks/debug/debug-application/determine-reason-pod-failure/']\n"
    "  evidence: [container.reason, container.restarts, container.exit_class, container.last.reason, container.last.exit_code, container.last.signal, container.last.run_seconds, container.last.message, container.exit_code, container.run_seconds, container.message, container.event.BackOff.count, 'event:BackOff']\n"
    "\n"
    "- id: core/crashloop-exit-2\n"
    "  category: crashloop.exit-2\n"
    "  on: container\n"
    "  priority: 45\n"
    "  when:\n"
    "    container.role: regular\n"
    "    container.exit_class: exit-2\n"
    "    any:\n"
    "      - container.reason: CrashLoopBackOff\n"
    "      - {container.state: terminated, container.exit_code: {ne: 0}, pod.phase: {in: [Running, Pending]}, pod.restart_policy: {ne: Never}}\n"
    "  title: 'Container {container.name} exits with code 2 (panic or usage error); restarted {container.restarts} times'\n"
    "  summary: 'The container ran and exited ({container.last.reason}, exit code {container.last.exit_code}); the kubelet restarts it with a back-off of 10 s doubling up to 5 min (CrashLoopBackOff between attempts). How long it ran and the termination message below are the first clues; the previous container''s logs are the decisive one.'\n"
    "  root_causes:\n"
    "    - 'a Go panic (the runtime exits 2)'\n"
    "    - 'a command-line usage error (bad flags or args)'\n"
    "    - 'shell builtin misuse'\n"
    "  next:\n"
    "    - {command: '{container.cmd.logs}', why: 'the output of the crashed run (-p: the previous container) is usually decisive', needs: cluster}\n"
    "    - {command: '{cmd.describe}', why: 'Last State: exit code, reason, started/finished; the BackOff events', needs: cluster}\n"
    "  fix:\n"
    "    - 'fix the flags/args or the bug the panic trace shows'\n"
    "  docs: ['https://kubernetes.io/docs/tasks/debug/debug-application/determine-reason-pod-failure/']\n"
    "  evidence: [container.reason, container.restarts, container.exit_class, container.last.reason, container.last.exit_code, container.last.signal, container.last.run_seconds, container.last.message, container.exit_code, container.run_seconds, container.message, container.event.BackOff.count, 'event:BackOff']\n"
    "\n"
    "- id: core/crashloop-exit-126\n"
    "  category: crashloop.exit-126\n"
    "  on: container\n"
    "  priority: 45\n"
    "  when:\n"
    "    container.role: regular\n"
    "    container.exit_class: exit-126\n"
    "    any:\n"
    "      - container.reason: CrashLoopBackOff\n"
    "      - {container.state: terminated, container.exit_code: {ne: 0}, pod.phase: {in: [Running, Pending]}, pod.restart_policy: {ne: Never}}\n"
    "  title: 'Container {container.name} exits 126: a command was found but is not executable; restarted {container.restarts} times'\n"
    "  summary: 'The container ran and exited ({container.last.reason}, exit code {container.last.exit_code}); the kubelet restarts it with a back-off of 10 s doubling up to 5 min (CrashLoopBackOff between attempts). How long it ran and the termination message below are the first clues; the previous container''s logs are the decisive one.'\n"
    "  root_causes:\n"
    "    - 'a shell wrapper (sh -c) runs a file without the exec bit'\n"
    "    - 'a noexec mount'\n"
    "  next:\n"
    "    - {command: '{container.cmd.logs}', why: 'the output of the crashed run (-p: the previous container) is usually decisive', needs: cluster}\n"
    "    - {command: '{cmd.describe}', why: 'Last State: exit code, reason, started/finished; the BackOff events', needs: cluster}\n"
    "    - {command: '{container.cmd.debug_copy}', why: 'a copy of the pod with a shell instead of the command, to try the start by hand', needs: cluster}\n"
    "  fix:\n"
    "    - 'chmod +x the file in the image, or call it through its interpreter'\n"
    "  docs: ['https://kubernetes.io/docs/tasks/debug/debug-application/determine-reason-pod-failure/']\n"
    "  evidence: [container.reason, container.restarts, container.exit_class, container.last.reason, container.last.exit_code, container.last.signal, container.last.run_seconds, container.last.message, container.exit_code, container.run_seconds, container.message, container.event.BackOff.count, 'event:BackOff']\n"
    "\n"
    "- id: core/crashloop-exit-127\n"
    "  category: crashloop.exit-127\n"
    "  on: container\n"
    "  priority: 45\n"
    "  when:\n"
    "    container.role: regular\n"
    "    container.exit_class: exit-127\n"
    "    any:\n"
    "      - container.reason: CrashLoopBackOff\n"
    "      - {container.state: terminated, container.exit_code: {ne: 0}, pod.phase: {in: [Running, Pending]}, pod.restart_policy: {ne: Never}}\n"
    "  title: 'Container {container.name} exits 127: a command was not found inside a shell wrapper; restarted {container.restarts} times'\n"
    "  summary: 'The container ran and exited ({container.last.reason}, exit code {container.last.exit_code}); the kubelet restarts it with a back-off of 10 s doubling up to 5 min (CrashLoopBackOff between attempts). How long it ran and the termination message below are the first clues; the previous container''s logs are the decisive one.'\n"
    "  root_causes:\n"
    "    - 'sh -c runs a binary that is not in the image or not on $PATH'\n"
    "    - 'a typo in the command string'\n"
    "  next:\n"
    "    - {command: '{container.cmd.logs}', why: 'the output of the crashed run (-p: the previous container) is usually decisive', needs: cluster}\n"
    "    - {command: '{cmd.describe}', why: 'Last State: exit code, reason, started/finished; the BackOff events', needs: cluster}\n"
    "    - {command: '{container.cmd.debug_copy}', why: 'a copy of the pod with a shell instead of the command, to try the start by hand', needs: cluster}\n"
    "  fix:\n"
    "    - 'fix the command string or add the binary to the image'\n"
    "  docs: ['https://kubernetes.io/docs/tasks/debug/debug-application/determine-reason-pod-failure/']\n"
    "  evidence: [container.reason, container.restarts, container.exit_class, container.last.reason, container.last.exit_code, container.last.signal, container.last.run_seconds, container.last.message, container.exit_code, container.run_seconds, container.message, container.event.BackOff.count, 'event:BackOff']\n"
    "\n"
    "- id: core/crashloop-start-error\n"
    "  category: crashloop.start-error\n"
    "  on: container\n"
    "  priority: 45\n"
    "  when:\n"
    "    container.role: regular\n"
    "    container.exit_class: start-error\n"
    "    any:\n"
    "      - container.reason: CrashLoopBackOff\n"
    "      - {container.state: terminated, container.exit_code: {ne: 0}, pod.phase: {in: [Running, Pending]}, pod.restart_policy: {ne: Never}}\n"
    "  title: 'Container {container.name} the runtime failed to start the process (exit 128); restarted {container.restarts} times'\n"
    "  summary: 'The container ran and exited ({container.last.reason}, exit code {container.last.exit_code}); the kubelet restarts it with a back-off of 10 s doubling up to 5 min (CrashLoopBackOff between attempts). How long it ran and the termination message below are the first clues; the previous container''s logs are the decisive one.'\n"
    "  root_causes:\n"
    "    - 'the entrypoint cannot be executed (see the start.* finding)'\n"
    "  next:\n"
    "    - {command: '{cmd.describe}', why: 'Last State: exit code, reason, started/finished; the BackOff events', needs: cluster}\n"
    "    - {command: '{container.cmd.debug_copy}', why: 'a copy of the pod with a shell instead of the command, to try the start by hand', needs: cluster}\n"
    "  fix:\n"
    "    - 'fix command/args or the image'\n"
    "  docs: ['https://kubernetes.io/docs/tasks/debug/debug-application/determine-reason-pod-failure/']\n"
    "  evidence: [container.reason, container.restarts, container.exit_class, container.last.reason, container.last.exit_code, container.last.signal, container.last.run_seconds, container.last.message, container.exit_code, container.run_seconds, container.message, container.event.BackOff.count, 'event:BackOff']\n"
    "\n"
    "- id: core/crashloop-sigint\n"
    "  category: crashloop.sigint\n"
    "  on: container\n"
    "  priority: 45\n"
    "  confidence: medium\n"
    "  when:\n"
    "    container.role: regular\n"
    "    container.exit_class: sigint\n"
    "    any:\n"
    "      - container.reason: CrashLoopBackOff\n"
    "      - {container.state: terminated, container.exit_code: {ne: 0}, pod.phase: {in: [Running, Pending]}, pod.restart_policy: {ne: Never}}\n"
    "  title: 'Container {container.name} was interrupted (SIGINT, exit 130); restarted {container.restarts} times'\n"
    "  summary: 'The container ran and exited ({container.last.reason}, exit code {container.last.exit_code}); the kubelet restarts it with a back-off of 10 s doubling up to 5 min (CrashLoopBackOff between attempts). How long it ran and the termination message below are the first clues; the previous container''s logs are the decisive one.'\n"
    "  root_causes:\n"
    "    - 'something sent SIGINT to the process'\n"
    "  next:\n"
    "    - {command: '{container.cmd.logs}', why: 'the output of the crashed run (-p: the previous container) is usually decisive', needs: cluster}\n"
    "    - {command: '{cmd.describe}', why: 'Last State: exit code, reason, started/finished; the BackOff events', needs: cluster}\n"
    "  fix:\n"
    "    - 'find the sender of the signal'\n"
    "  docs: ['https://kubernetes.io/docs/tasks/debug/debug-application/determine-reason-pod-failure/']\n"
    "  evidence: [container.reason, container.restarts, container.exit_class, container.last.reason, container.last.exit_code, container.last.signal, container.last.run_seconds, container.last.message, container.exit_code, container.run_seconds, container.message, container.event.BackOff.count, 'event:BackOff']\n"
    "\n"
    "- id: core/crashloop-sigabrt\n"
    "  category: crashloop.sigabrt\n"
    "  on: container\n"
    "  priority: 45\n"
    "  when:\n"
    "    container.role: regular\n"
    "    container.exit_class: sigabrt\n"
    "    any:\n"
    "      - container.reason: CrashLoopBackOff\n"
    "      - {container.state: terminated, container.exit_code: {ne: 0}, pod.phase: {in: [Running, Pending]}, pod.restart_policy: {ne: Never}}\n"
    "  title: 'Container {container.name} aborted (SIGABRT, exit 134); restarted {container.restarts} times'\n"
    "  summary: 'The container ran and exited ({container.last.reason}, exit code {container.last.exit_code}); the kubelet restarts it with a back-off of 10 s doubling up to 5 min (CrashLoopBackOff between attempts). How long it ran and the termination message below are the first clues; the previous container''s logs are the decisive one.'\n"
    "  root_causes:\n"
    "    - 'a failed assertion, a JVM or glibc crash, an abort() in native code'\n"
    "  next:\n"
    "    - {command: '{container.cmd.logs}', why: 'the output of the crashed run (-p: the previous container) is usually decisive', needs: cluster}\n"
    "    - {command: '{cmd.describe}', why: 'Last State: exit code, reason, started/finished; the BackOff events', needs: cluster}\n"
    "  fix:\n"
    "    - 'fix the crash the previous logs show'\n"
    "  docs: ['https://kubernetes.io/docs/tasks/debug/debug-application/determine-reason-pod-failure/']\n"
    "  evidence: [container.reason, container.restarts, container.exit_class, container.last.reason, container.last.exit_code, container.last.signal, container.last.run_seconds, container.last.message, container.exit_code, container.run_seconds, container.message, container.event.BackOff.count, 'event:BackOff']\n"
    "\n"
    "- id: core/crashloop-oom\n"
    "  category: crashloop.oom\n"
    "  on: container\n"
    "  priority: 45\n"
    "  when:\n"
    "    container.role: regular\n"
    "    container.exit_class: oom\n"
    "    any:\n"
    "      - container.reason: CrashLoopBackOff\n"
    "      - {container.state: terminated, container.exit_code: {ne: 0}, pod.phase: {in: [Running, Pending]}, pod.restart_policy: {ne: Never}}\n"
    "  title: 'Container {container.name} was OOM-killed; restarted {container.restarts} times'\n"
    "  summary: 'The container ran and exited ({container.last.reason}, exit code {container.last.exit_code}); the kubelet restarts it with a back-off of 10 s doubling up to 5 min (CrashLoopBackOff between attempts). How long it ran and the termination message below are the first clues; the previous container''s logs are the decisive one.'\n"
    "  root_causes:\n"
    "    - 'the container reached its memory limit (see resource.oom-killed)'\n"
    "  next:\n"
    "    - {command: '{container.cmd.logs}', why: 'the output of the crashed run (-p: the previous container) is usually decisive', needs: cluster}\n"
    "    - {command: '{cmd.describe}', why: 'Last State: exit code, reason, started/finished; the BackOff events', needs: cluster}\n"
    "  fix:\n"
    "    - 'raise the memory limit or reduce usage'\n"
    "  docs: ['https://kubernetes.io/docs/tasks/debug/debug-application/determine-reason-pod-failure/']\n"
    "  evidence: [container.reason, container.restarts, container.exit_class, container.last.reason, container.last.exit_code, container.last.signal, container.last.run_seconds, container.last.message, container.exit_code, container.run_seconds, container.message, container.event.BackOff.count, 'event:BackOff']\n"
    "\n"
    "- id: core/crashloop-sigkill\n"
    "  category: crashloop.sigkill\n"
    "  on: container\n"
    "  priority: 45\n"
    "  confidence: medium\n"
    "  when:\n"
    "    container.role: regular\n"
    "    container.exit_class: sigkill\n"
    "    any:\n"
    "      - container.reason: CrashLoopBackOff\n"
    "      - {container.state: terminated, container.exit_code: {ne: 0}, pod.phase: {in: [Running, Pending]}, pod.restart_policy: {ne: Never}}\n"
    "  title: 'Container {container.name} was killed with SIGKILL (exit 137, not OOM); restarted {container.restarts} times'\n"
    "  summary: 'The container ran and exited ({container.last.reason}, exit code {container.last.exit_code}); the kubelet restarts it with a back-off of 10 s doubling up to 5 min (CrashLoopBackOff between attempts). How long it ran and the termination message below are the first clues; the previous container''s logs are the decisive one.'\n"
    "  root_causes:\n"
    "    - 'the kubelet killed it after the grace period, usually after a failed liveness or startup probe (look for Killing events)'\n"
    "    - 'a deletion, eviction or preemption'\n"
    "    - 'an external kill'\n"
    "  next:\n"
    "    - {command: '{cmd.describe}', why: 'Last State: exit code, reason, started/finished; the BackOff events', needs: cluster}\n"
    "    - {command: '{container.cmd.logs}', why: 'the output of the crashed run (-p: the previous container) is usually decisive', needs: cluster}\n"
    "  fix:\n"
    "    - 'correlate with Killing/Unhealthy events; fix the probe or give the app time to stop'\n"
    "  docs: ['https://kubernetes.io/docs/tasks/debug/debug-application/determine-reason-pod-failure/']\n"
    "  evidence: [container.reason, container.restarts, container.exit_class, container.last.reason, container.last.exit_code, container.last.signal, container.last.run_seconds, container.last.message, container.exit_code, container.run_seconds, container.message, container.event.BackOff.count, 'event:BackOff']\n"
    "\n"
    "- id: core/crashloop-status-unknown\n"
    "  category: crashloop.status-unknown\n"
    "  on: container\n"
    "  priority: 45\n"
    "  confidence: medium\n"
    "  when:\n"
    "    container.role: regular\n"
    "    container.exit_class: status-unknown\n"
    "    any:\n"
    "      - container.reason: CrashLoopBackOff\n"
    "      - {container.state: terminated, container.exit_code: {ne: 0}, pod.phase: {in: [Running, Pending]}, pod.restart_policy: {ne: Never}}\n"
    "  title: 'Container {container.name} vanished while running (ContainerStatusUnknown); restarted {container.restarts} times'\n"
    "  summary: 'The container ran and exited ({container.last.reason}, exit code {container.last.exit_code}); the kubelet restarts it with a back-off of 10 s doubling up to 5 min (CrashLoopBackOff between attempts). How long it ran and the termination message below are the first clues; the previous container''s logs are the decisive one.'\n"
    "  root_causes:\n"
    "    - 'the kubelet restarted and lost track of the container'\n"
    "    - 'node trouble or an eviction race'\n"
    "  next:\n"
    "    - {command: '{cmd.describe_node}', why: 'node conditions and events around the time', needs: cluster}\n"
    "    - {command: 'journalctl -xefu kubelet', why: 'on the node', needs: node-shell}\n"
    "  fix:\n"
    "    - 'check the node''s health'\n"
    "  docs: ['https://kubernetes.io/docs/tasks/debug/debug-application/determine-reason-pod-failure/']\n"
    "  evidence: [container.reason, container.restarts, container.exit_class, container.last.reason, container.last.exit_code, container.last.signal, container.last.run_seconds, container.last.message, container.exit_code, container.run_seconds, container.message, container.event.BackOff.count, 'event:BackOff']\n"
    "\n"
    "- id: core/crashloop-sigsegv\n"
    "  category: crashloop.sigsegv\n"
    "  on: container\n"
    "  priority: 45\n"
    "  when:\n"
    "    container.role: regular\n"
    "    container.exit_class: sigsegv\n"
    "    any:\n"
    "      - container.reason: CrashLoopBackOff\n"
    "      - {container.state: terminated, container.exit_code: {ne: 0}, pod.phase: {in: [Running, Pending]}, pod.restart_policy: {ne: Never}}\n"
    "  title: 'Container {container.name} crashed with a segmentation fault (SIGSEGV, exit 139); restarted {container.restarts} times'\n"
    "  summary: 'The container ran and exited ({container.last.reason}, exit code {container.last.exit_code}); the kubelet restarts it with a back-off of 10 s doubling up to 5 min (CrashLoopBackOff between attempts). How long it ran and the termination message below are the first clues; the previous container''s logs are the decisive one.'\n"
    "  root_causes:\n"
    "    - 'a native bug'\n"
    "    - 'a musl/glibc mismatch or a library for the wrong architecture'\n"
    "  next:\n"
    "    - {command: '{container.cmd.logs}', why: 'the output of the crashed run (-p: the previous container) is usually decisive', needs: cluster}\n"
    "    - {command: '{cmd.describe}', why: 'Last State: exit code, reason, started/finished; the BackOff events', needs: cluster}\n"
    "    - {command: '{container.cmd.debug_copy}', why: 'a copy of the pod with a shell instead of the command, to try the start by hand', needs: cluster}\n"
    "  fix:\n"
    "    - 'fix the native crash; check the base image and architecture'\n"
    "  docs: ['https://kubernetes.io/docs/tasks/debug/debug-application/determine-reason-pod-failure/']\n"
    "  evidence: [container.reason, container.restarts, container.exit_class, container.last.reason, container.last.exit_code, container.last.signal, container.last.run_seconds, container.last.message, container.exit_code, container.run_seconds, container.message, container.event.BackOff.count, 'event:BackOff']\n"
    "\n"
    "- id: core/crashloop-sigterm\n"
    "  category: crashloop.sigterm\n"
    "  on: container\n"
    "  priority: 45\n"
    "  confidence: medium\n"
    "  when:\n"
    "    container.role: regular\n"
    "    container.exit_class: sigterm\n"
    "    any:\n"
    "      - container.reason: CrashLoopBackOff\n"
    "      - {container.state: terminated, container.exit_code: {ne: 0}, pod.phase: {in: [Running, Pending]}, pod.restart_policy: {ne: Never}}\n"
    "  title: 'Container {container.name} stopped after SIGTERM (exit 143); restarted {container.restarts} times'\n"
    "  summary: 'The container ran and exited ({container.last.reason}, exit code {container.last.exit_code}); the kubelet restarts it with a back-off of 10 s doubling up to 5 min (CrashLoopBackOff between attempts). How long it ran and the termination message below are the first clues; the previous container''s logs are the decisive one.'\n"
    "  root_causes:\n"
    "    - 'in a restart loop this is almost always a probe kill the app shut down cleanly for (look for Killing events)'\n"
    "  next:\n"
    "    - {command: '{cmd.describe}', why: 'Last State: exit code, reason, started/finished; the BackOff events', needs: cluster}\n"
    "    - {command: '{container.cmd.logs}', why: 'the output of the crashed run (-p: the previous container) is usually decisive', needs: cluster}\n"
    "  fix:\n"
    "    - 'fix the failing probe; see the Unhealthy events'\n"
    "  docs: ['https://kubernetes.io/docs/tasks/debug/debug-application/determine-reason-pod-failure/']\n"
    "  evidence: [container.reason, container.restarts, container.exit_class, container.last.reason, container.last.exit_code, container.last.signal, container.last.run_seconds, container.last.message, container.exit_code, container.run_seconds, container.message, container.event.BackOff.count, 'event:BackOff']\n"
    "\n"
    "- id: core/crashloop-exit-255\n"
    "  category: crashloop.exit-255\n"
    "  on: container\n"
    "  priority: 45\n"
    "  confidence: medium\n"
    "  when:\n"
    "    container.role: regular\n"
    "    container.exit_class: exit-255\n"
    "    any:\n"
    "      - container.reason: CrashLoopBackOff\n"
    "      - {container.state: terminated, container.exit_code: {ne: 0}, pod.phase: {in: [Running, Pending]}, pod.restart_policy: {ne: Never}}\n"
    "  title: 'Container {container.name} exits with code 255; restarted {container.restarts} times'\n"
    "  summary: 'The container ran and exited ({container.last.reason}, exit code {container.last.exit_code}); the kubelet restarts it with a back-off of 10 s doubling up to 5 min (CrashLoopBackOff between attempts). How long it ran and the termination message below are the first clues; the previous container''s logs are the decisive one.'\n"
    "  root_causes:\n"
    "    - 'exit(-1) or an out-of-range exit code'\n"
    "    - 'sometimes exec format error printed by the process'\n"
    "  next:\n"
    "    - {command: '{container.cmd.logs}', why: 'the output of the crashed run (-p: the previous container) is usually decisive', needs: cluster}\n"
    "    - {command: '{cmd.describe}', why: 'Last State: exit code, reason, started/finished; the BackOff events', needs: cluster}\n"
    "  fix:\n"
    "    - 'fix what the previous logs show'\n"
    "  docs: ['https://kubernetes.io/docs/tasks/debug/debug-application/determine-reason-pod-failure/']\n"
    "  evidence: [container.reason, container.restarts, container.exit_class, container.last.reason, container.last.exit_code, container.last.signal, container.last.run_seconds, container.last.message, container.exit_code, container.run_seconds, container.message, container.event.BackOff.count, 'event:BackOff']\n"
    "\n"
    "- id: core/crashloop-other\n"
    "  category: crashloop.other\n"
    "  on: container\n"
    "  priority: 45\n"
    "  confidence: medium\n"
    "  when:\n"
    "    container.role: regular\n"
    "    container.exit_class: other\n"
    "    any:\n"
    "      - container.reason: CrashLoopBackOff\n"
    "      - {container.state: terminated, container.exit_code: {ne: 0}, pod.phase: {in: [Running, Pending]}, pod.restart_policy: {ne: Never}}\n"
    "  title: 'Container {container.name} exits without a known reason; restarted {container.restarts} times'\n"
    "  summary: 'The container ran and exited ({container.last.reason}, exit code {container.last.exit_code}); the kubelet restarts it with a back-off of 10 s doubling up to 5 min (CrashLoopBackOff between attempts). How long it ran and the termination message below are the first clues; the previous container''s logs are the decisive one.'\n"
    "  root_causes:\n"
    "    - 'the runtime gave no reason; the exit code or signal is the only clue'\n"
    "  next:\n"
    "    - {command: '{container.cmd.logs}', why: 'the output of the crashed run (-p: the previous container) is usually decisive', needs: cluster}\n"
    "    - {command: '{cmd.describe}', why: 'Last State: exit code, reason, started/finished; the BackOff events', needs: cluster}\n"
    "  fix:\n"
    "    - 'read the previous logs'\n"
    "  docs: ['https://kubernetes.io/docs/tasks/debug/debug-application/determine-reason-pod-failure/']\n"
    "  evidence: [container.reason, container.restarts, container.exit_class, container.last.reason, container.last.exit_code, container.last.signal, container.last.run_seconds, container.last.message, container.exit_code, container.run_seconds, container.message, container.event.BackOff.count, 'event:BackOff']\n"
    "\n"
    "- id: core/crashloop-unclassified\n"
    "  category: 'crashloop.{container.exit_class}'\n"
    "  on: container\n"
    "  priority: 45\n"
    "  confidence: medium\n"
    "  when:\n"
    "    container.role: regular\n"
    "    container.exit_class: {exists: true, not_in: [exit-0, exit-1, exit-2, exit-126, exit-127, start-error, sigint, sigabrt, oom, sigkill, status-unknown, sigsegv, sigterm, exit-255, other]}\n"
    "    any:\n"
    "      - container.reason: CrashLoopBackOff\n"
    "      - {container.state: terminated, container.exit_code: {ne: 0}, pod.phase: {in: [Running, Pending]}, pod.restart_policy: {ne: Never}}\n"
    "  title: 'Container {container.name} keeps exiting ({container.exit_class}); restarted {container.restarts} times'\n"
    "  summary: 'The container ran and exited; the kubelet restarts it with a back-off. The previous container''s logs are the decisive clue.'\n"
    "  root_causes: ['an application failure; read the previous logs']\n"
    "  next:\n"
    "    - {command: '{container.cmd.logs}', why: 'the output of the crashed run (-p: the previous container) is usually decisive', needs: cluster}\n"
    "    - {command: '{cmd.describe}', why: 'Last State: exit code, reason, started/finished; the BackOff events', needs: cluster}\n"
    "  fix: ['fix what the previous logs show']\n"
    "  evidence: [container.reason, container.restarts, container.exit_class, container.last.reason, container.last.exit_code, container.last.run_seconds, container.last.message]\n"
    "\n"
    "- id: core/crashloop-unknown\n"
    "  category: crashloop.unknown\n"
    "  on: container\n"
    "  priority: 45\n"
    "  confidence: medium\n"
    "  when:\n"
    "    container.role: regular\n"
    "    container.reason: CrashLoopBackOff\n"
    "    container.exit_class: {exists: false}\n"
    "  title: 'Container {container.name} is in CrashLoopBackOff; restarted {container.restarts} times'\n"
    "  summary: 'The container keeps exiting and the dump has no last termination state to classify it.'\n"
    "  root_causes: ['an application failure; read the previous logs']\n"
    "  next:\n"
    "    - {command: '{container.cmd.logs}', why: 'the output of the crashed run (-p: the previous container) is usually decisive', needs: cluster}\n"
    "    - {command: '{cmd.describe}', why: 'Last State: exit code, reason, started/finished; the BackOff events', needs: cluster}\n"
    "  fix: ['fix what the previous logs show']\n"
    "  evidence: [container.reason, container.message, container.restarts]\n"
    "\n"
    "- id: core/crashloop-recovering\n"
    "  category: 'crashloop.{container.exit_class}'\n"
    "  on: container\n"
    "  priority: 45\n"
    "  severity: warning\n"
    "  confidence: medium\n"
    "  when:\n"
    "    container.role: regular\n"
    "    container.state: running\n"
    "    container.restarts: {gt: 5}\n"
    "    container.last.state: terminated\n"
    "    container.exit_class: {exists: true, not_in: [exit-0]}\n"
    "  title: 'Container {container.name} is running now but has restarted {container.restarts} times (last exit: {container.last.reason} {container.last.exit_code})'\n"
    "  summary: 'The container is up at the moment, but it has crashed repeatedly (more than 5 restarts, the threshold Popeye also uses). The last termination message and the previous logs show why it died.'\n"
    "  root_causes: ['an intermittent application failure, or a dependency that was unavailable for a while']\n"
    "  next:\n"
    "    - {command: '{container.cmd.logs_previous}', why: 'the output of the run that crashed', needs: cluster}\n"
    "    - {command: '{cmd.describe}', why: 'Last State: exit code, reason, started/finished; the BackOff events', needs: cluster}\n"
    "    - {command: '{container.cmd.exec}', why: 'inspect the running container while it is up', needs: cluster}\n"
    "  fix: ['fix the failure the previous logs show; make the app retry its dependencies instead of exiting']\n"
    "  evidence: [container.restarts, container.exit_class, container.last.reason, container.last.exit_code, container.last.run_seconds, container.last.message]\n"
    "\n"
    "# ---- H. Sidecars (native) and C9 init containers: after the specific -------\n"
    "# ---- container causes, which they defer to (container.finding.*) -----------\n"
    "\n"
    "- id: core/sidecar-startup-blocked\n"
    "  category: sidecar.native-startup-blocked\n"
    "  on: container\n"
    "  priority: 60\n"
    "  when:\n"
    "    container.role: sidecar\n"
    "    container.started: {ne: 'true'}\n"
    "    pod.condition.Initialized.status: {ne: 'True'}\n"
    "    not: {'container.finding.*': 'true'}\n"
    "    any:\n"
    "      - event: {reason: Unhealthy, container: true, message: {regex: '^Startup probe (failed|errored)'}}\n"
    "      - container.state: running\n"
    "  title: 'Native sidecar {container.name} has not started, so the app containers cannot start'\n"
    "  summary: 'A native sidecar (an init container with restartPolicy Always) must pass its startup probe before the next init container and the app containers start. Until it does the pod stays Init:i/N and the app containers wait in PodInitializing.'\n"
    "  root_causes: ['the sidecar''s startup probe fails (wrong port, slow start)', 'the sidecar waits for something that is not there']\n"
    "  next:\n"
    "    - {command: '{container.cmd.logs}', why: 'the sidecar''s own output', needs: cluster}\n"
    "    - {command: '{cmd.describe}', why: 'the Init Containers section and the Unhealthy events', needs: cluster}\n"
    "  fix: ['fix the sidecar''s startup probe or what the sidecar waits for']\n"
    "  docs: ['https://kubernetes.io/docs/concepts/workloads/pods/sidecar-containers/']\n"
    "  evidence: [container.role, container.state, container.started, container.probe.startup, container.event.Unhealthy.message, pod.condition.Initialized.message]\n"
    "  suppresses: [init, probe.startup]\n"
    "\n"
    "- id: core/sidecar-crashing\n"
    "  category: sidecar.native-crashing\n"
    "  on: container\n"
    "  priority: 60\n"
    "  when:\n"
    "    container.role: sidecar\n"
    "    not: {'container.finding.*': 'true'}\n"
    "    any:\n"
    "      - container.reason: CrashLoopBackOff\n"
    "      - {container.restarts: {gt: 0}, container.last.state: terminated, container.exit_class: {ne: exit-0}, container.ready: {ne: 'true'}}\n"
    "      - {container.restarts: {gt: 5}, container.last.state: terminated, container.exit_class: {ne: exit-0}}\n"
    "  title: 'Native sidecar {container.name} keeps crashing (last exit {container.last.reason} {container.last.exit_code}, {container.restarts} restarts)'\n"
    "  summary: 'The native sidecar restarts while the app runs (or blocks the pod''s start when it crashes before starting). Apply the crash-loop analysis to the sidecar: its previous logs are decisive.'\n"
    "  root_causes: ['the sidecar''s configuration or its dependency (mesh control plane, log backend) is broken']\n"
    "  next:\n"
    "    - {command: '{container.cmd.logs}', why: 'the sidecar''s previous output', needs: cluster}\n"
    "    - {command: '{cmd.describe}', why: 'the Init Containers section (restart count, last state)', needs: cluster}\n"
    "  fix: ['fix the sidecar''s configuration or its backend']\n"
    "  docs: ['https://kubernetes.io/docs/concepts/workloads/pods/sidecar-containers/']\n"
    "  evidence: [container.role, container.reason, container.restarts, container.exit_class, container.last.reason, container.last.exit_code, container.last.message]\n"
    "  suppresses: [crashloop, init]\n"
    "\n"
    "- id: core/init-crashloop\n"
    "  category: init.crashloop\n"
    "  on: container\n"
    "  priority: 60\n"
    "  when:\n"
    "    container.role: init\n"
    "    not: {'container.finding.*': 'true'}\n"
    "    any:\n"
    "      - container.reason: CrashLoopBackOff\n"
    "      - {container.state: terminated, container.exit_code: {ne: 0}, pod.restart_policy: {ne: Never}, pod.phase: Pending}\n"
    "  title: 'Init container {container.name} keeps failing (last exit {container.last.reason} {container.last.exit_code}); the app cannot start'\n"
    "  summary: 'Init containers run in order and must each exit 0 before the app containers start. This one exits non-zero and is restarted with a back-off, so the pod stays Init:CrashLoopBackOff / Init:Error and its app containers wait in PodInitializing.'\n"
    "  root_causes: ['the init step itself fails: a migration, a wait-for script, a download', 'the service or file it waits for is not there']\n"
    "  next:\n"
    "    - {command: '{container.cmd.logs}', why: 'the init container''s output (it is not the default container: -c is required)', needs: cluster}\n"
    "    - {command: '{cmd.describe}', why: 'the Init Containers section: state, last state, exit code', needs: cluster}\n"
    "    - {command: '{container.cmd.debug_copy}', why: 'a copy of the pod with a shell in the init container, to run the step by hand', needs: cluster}\n"
    "  fix: ['fix the init step, or what it waits for']\n"
    "  docs: ['https://kubernetes.io/docs/tasks/debug/debug-application/debug-init-containers/']\n"
    "  evidence: [container.reason, container.restarts, container.exit_class, container.exit_code, container.last.reason, container.last.exit_code, container.last.message, pod.condition.Initialized.message]\n"
    "  suppresses: [crashloop]\n"
    "\n"
    "- id: core/init-failed\n"
    "  category: init.failed\n"
    "  on: container\n"
    "  priority: 60\n"
    "  when:\n"
    "    container.role: init\n"
    "    container.state: terminated\n"
    "    container.exit_code: {ne: 0}\n"
    "    pod.phase: Failed\n"
    "    not: {'container.finding.*': 'true'}\n"
    "  title: 'Init container {container.name} failed (exit code {container.exit_code}) and the pod is Failed'\n"
    "  summary: 'With restartPolicy Never a failing init container fails the whole pod (Init:Error); the app containers never ran.'\n"
    "  root_causes: ['the init step itself fails: a migration, a wait-for script, a download']\n"
    "  next:\n"
    "    - {command: '{container.cmd.logs}', why: 'the init container''s output', needs: cluster}\n"
    "    - {command: '{cmd.describe}', why: 'the Init Containers section', needs: cluster}\n"
    "  fix: ['fix the init step; a Job retries with a new pod up to its backoffLimit']\n"
    "  docs: ['https://kubernetes.io/docs/tasks/debug/debug-application/debug-init-containers/']\n"
    "  evidence: [container.state, container.reason, container.exit_code, container.message, pod.phase]\n"
    "  suppresses: [terminal.failed]\n"
    "\n"
    "- id: core/init-running-long\n"
    "  category: init.stuck-running\n"
    "  on: container\n"
    "  priority: 60\n"
    "  severity: warning\n"
    "  confidence: medium\n"
    "  when:\n"
    "    container.role: init\n"
    "    container.state: running\n"
    "    container.run_seconds: {gt: 600}\n"
    "    pod.condition.Initialized.status: {ne: 'True'}\n"
    "  title: 'Init container {container.name} has been running for {container.run_seconds}s'\n"
    "  summary: 'The pod shows Init:N/M: init container {container.name} has not finished after more than 10 minutes. Typical: a wait loop for a service that never comes, a slow migration, or a hang.'\n"
    "  root_causes: ['a wait-for loop whose target does not exist (Service name, DNS, port)', 'a long migration', 'a hang']\n"
    "  next:\n"
    "    - {command: '{container.cmd.logs}', why: 'what the init step is waiting for', needs: cluster}\n"
    "    - {command: '{container.cmd.exec}', why: 'inspect the running step', needs: cluster}\n"
    "  fix: ['make the awaited dependency available, or give the step a timeout']\n"
    "  docs: ['https://kubernetes.io/docs/tasks/debug/debug-application/debug-init-containers/']\n"
    "  evidence: [container.state, container.run_seconds, pod.condition.Initialized.message]\n"
    "\n"
    "# ---- H1, H4: sidecars in spec.containers (legacy) ---------------------------\n"
    "\n"
    "- id: core/sidecar-legacy-blocks-job\n"
    "  category: sidecar.legacy-blocks-completion\n"
    "  priority: 60\n"
    "  when:\n"
    "    any:\n"
    "      - owner.kind: Job\n"
    "      - owner.controller_kind: Job\n"
    "    pod.phase: Running\n"
    "    pod.container_count: {ge: 2}\n"
    "  check: legacy-sidecar\n"
    "  title: 'The Job''s main container finished but a sidecar keeps the pod running'\n"
    "  summary: 'A container of this Job pod completed (exit 0) while another container in spec.containers (a proxy or log shipper) keeps running, so the pod never terminates and the Job never completes.'\n"
    "  root_causes: ['a sidecar declared as a regular container does not know the main process ended']\n"
    "  next:\n"
    "    - {command: '{cmd.describe}', why: 'the state of each container', needs: cluster}\n"
    "  fix: ['make it a native sidecar (an initContainer with restartPolicy: Always; GA in 1.33), or have the main process signal the sidecar to exit (istio: quitquitquit)']\n"
    "  docs: ['https://kubernetes.io/docs/concepts/workloads/pods/sidecar-containers/']\n"
    "  evidence: [owner.kind, owner.name, pod.phase, pod.status]\n"
    "\n"
    "- id: core/sidecar-proxy-race\n"
    "  category: sidecar.proxy-race\n"
    "  on: container\n"
    "  priority: 44\n"
    "  severity: warning\n"
    "  confidence: low\n"
    "  when:\n"
    "    container.role: regular\n"
    "    container.exit_class: exit-1\n"
    "    container.restarts: {gt: 0, le: 5}\n"
    "    container.last.run_seconds: {lt: 10}\n"
    "  check: proxy-race\n"
    "  title: 'Container {container.name} may exit before the mesh proxy is ready'\n"
    "  summary: 'The app exits 1 within seconds of starting and the pod has a proxy sidecar in spec.containers. If its logs show connection refused or DNS errors at start-up, it ran before the proxy was ready.'\n"
    "  root_causes: ['the app starts before the proxy sidecar accepts traffic']\n"
    "  next:\n"
    "    - {command: '{container.cmd.logs}', why: 'connection refused / DNS errors at start-up?', needs: cluster}\n"
    "  fix: ['make the proxy a native sidecar, or enable the mesh''s \"hold application until proxy starts\" option']\n"
    "  evidence: [container.exit_class, container.restarts, container.last.run_seconds]\n"
    "\n"
    "# ---- E. Terminal or disrupted -----------------------------------------------\n"
    "\n"
    "- id: core/evicted\n"
    "  category: disruption.evicted\n"
    "  priority: 40\n"
    "  when:\n"
    "    pod.reason: Evicted\n"
    "  check: evicted\n"
    "  title: 'Evicted by the kubelet: the node was low on a resource'\n"
    "  summary: 'The kubelet on {pod.node} evicted the pod to reclaim a resource under node pressure: {pod.message} The Failed pod object stays until it is deleted or PodGC collects it; its controller already made a replacement.'\n"
    "  root_causes: []\n"
    "  next:\n"
    "    - {command: '{cmd.describe_node}', why: 'pressure conditions, Allocated resources, EvictionThresholdMet events', needs: cluster}\n"
    "    - {command: 'kubectl top pod -A --sort-by=memory', why: 'who uses the most memory now', needs: cluster}\n"
    "    - {command: 'kubectl get pods -A --field-selector=status.phase=Failed', why: 'other evicted pods to clean up', needs: cluster}\n"
    "  fix: ['set requests close to real usage (and limits) so the pod is not the first to go; add ephemeral-storage limits for disk']\n"
    "  docs: ['https://kubernetes.io/docs/concepts/scheduling-eviction/node-pressure-eviction/']\n"
    "  evidence: [pod.reason, pod.message, pod.qos, pod.condition.DisruptionTarget.reason, 'event:Evicted']\n"
    "  suppresses: [terminal.failed, crashloop, node.pressure]\n"
    "\n"
    "- id: core/evicted-by-api\n"
    "  category: disruption.api-eviction\n"
    "  priority: 40\n"
    "  severity: warning\n"
    "  when:\n"
    "    pod.condition.DisruptionTarget.reason: EvictionByEvictionAPI\n"
    "    pod.condition.DisruptionTarget.status: 'True'\n"
    "  title: 'Evicted through the Eviction API (a drain or an autoscaler)'\n"
    "  summary: 'The pod is being removed by an API-initiated eviction (kubectl drain, cluster autoscaler, descheduler), not by node pressure. It is deleted gracefully; its controller creates a replacement elsewhere.'\n"
    "  root_causes: ['a node drain (maintenance, upgrade, scale-down)']\n"
    "  next:\n"
    "    - {command: '{cmd.get_nodes}', why: 'which node is cordoned (SchedulingDisabled)', needs: cluster}\n"
    "    - {command: 'kubectl get pdb -n {pod.namespace}', why: 'disruption budgets that pace the drain', needs: cluster}\n"
    "  fix: ['nothing to fix when the drain is intended; set a PodDisruptionBudget to pace it']\n"
    "  evidence: [pod.condition.DisruptionTarget.reason, pod.condition.DisruptionTarget.message, pod.deleting]\n"
    "  suppresses: [node.cordoned]\n"
    "\n"
    "- id: core/preempted\n"
    "  category: disruption.preempted\n"
    "  priority: 40\n"
    "  when:\n"
    "    any:\n"
    "      - pod.condition.DisruptionTarget.reason: PreemptionByScheduler\n"
    "      - event: {reason: Preempted}\n"
    "  title: 'Preempted to make room for a higher-priority pod'\n"
    "  summary: 'The scheduler evicted this pod (priority {pod.priority}) from {pod.node} so that a pod of higher priority fits. The replacement may now be Pending.'\n"
    "  root_causes: ['the cluster is too small for the mix of priorities and requests']\n"
    "  next:\n"
    "    - {command: 'kubectl get priorityclass', why: 'the priorities in play', needs: cluster}\n"
    "    - {command: 'kubectl get pods -A -o wide --field-selector spec.nodeName={pod.node}', why: 'what runs on the node now', needs: cluster}\n"
    "    - {command: '{cmd.describe}', why: 'the Preempted event names the preemptor', needs: cluster}\n"
    "  fix: ['add capacity, or review priorities and requests']\n"
    "  docs: ['https://kubernetes.io/docs/concepts/scheduling-eviction/pod-priority-preemption/']\n"
    "  evidence: [pod.condition.DisruptionTarget.reason, pod.condition.DisruptionTarget.message, pod.priority, event.Preempted.message, 'event:Preempted']\n"
    "  suppresses: [terminal.failed, crashloop.sigkill, crashloop.sigterm]\n"
    "\n"
    "- id: core/deadline-exceeded\n"
    "  category: lifetime.deadline-exceeded\n"
    "  priority: 40\n"
    "  when:\n"
    "    pod.reason: DeadlineExceeded\n"
    "  title: 'Killed after activeDeadlineSeconds ({pod.active_deadline_seconds}s)'\n"
    "  summary: 'The pod was active on the node longer than spec.activeDeadlineSeconds allows, so the kubelet stopped it and marked it Failed: {pod.message}'\n"
    "  root_causes: ['the deadline is too short for the workload', 'the work hangs or is slower than expected']\n"
    "  next:\n"
    "    - {command: '{cmd.yaml}', why: 'spec.activeDeadlineSeconds and who set it (Job template?)', needs: cluster}\n"
    "    - {command: '{container.cmd.logs}', why: 'how far the work got', needs: cluster}\n"
    "  fix: ['raise activeDeadlineSeconds, or find why the work takes that long']\n"
    "  evidence: [pod.reason, pod.message, pod.active_deadline_seconds]\n"
    "  suppresses: [terminal.failed, crashloop]\n"
    "\n"
    "- id: core/job-backoff-limit-exceeded\n"
    "  category: job.backoff-limit-exceeded\n"
    "  priority: 40\n"
    "  severity: warning\n"
    "  when:\n"
    "    owner.job.failed_reason: BackoffLimitExceeded\n"
    "  title: 'Job {owner.name} failed: backoff limit ({owner.job.backoff_limit}) reached'\n"
    "  summary: 'The Job gave up after its pods failed more than backoffLimit times (Job has reached the specified backoff limit). The cause is what made each pod fail: see this pod''s own findings.'\n"
    "  root_causes: ['whatever fails the pods (crash, OOM, image, config)', 'backoffLimit too low for flaky work']\n"
    "  next:\n"
    "    - {command: 'kubectl describe job {owner.name} -n {pod.namespace}', why: 'conditions and pod counts', needs: cluster}\n"
    "    - {command: 'kubectl get pods -n {pod.namespace} -l batch.kubernetes.io/job-name={owner.name}', why: 'every attempt (older clusters: -l job-name=...)', needs: cluster}\n"
    "    - {command: '{container.cmd.logs}', why: 'the output of the failed attempt', needs: cluster}\n"
    "  fix: ['fix the failure of the pods; raise backoffLimit only for genuinely flaky work']\n"
    "  docs: ['https://kubernetes.io/docs/concepts/workloads/controllers/job/']\n"
    "  evidence: [owner.kind, owner.name, owner.job.failed_reason, owner.job.backoff_limit]\n"
    "\n"
    "- id: core/job-deadline-exceeded\n"
    "  category: job.deadline-exceeded\n"
    "  priority: 40\n"
    "  severity: warning\n"
    "  when:\n"
    "    owner.job.failed_reason: DeadlineExceeded\n"
    "  title: 'Job {owner.name} failed: it was active longer than its activeDeadlineSeconds'\n"
    "  summary: 'The Job controller stopped the Job (Job was active longer than specified deadline) and terminated its running pods.'\n"
    "  root_causes: ['the deadline is too short', 'the work is slower than expected or hangs']\n"
    "  next:\n"
    "    - {command: 'kubectl describe job {owner.name} -n {pod.namespace}', why: 'the deadline and the conditions', needs: cluster}\n"
    "  fix: ['raise the Job''s activeDeadlineSeconds, or speed up the work']\n"
    "  docs: ['https://kubernetes.io/docs/concepts/workloads/controllers/job/']\n"
    "  evidence: [owner.name, owner.job.failed_reason]\n"
    "\n"
    "- id: core/job-pod-failure-policy\n"
    "  category: job.pod-failure-policy\n"
    "  priority: 40\n"
    "  severity: warning\n"
    "  when:\n"
    "    owner.job.failed_reason: PodFailurePolicy\n"
    "  title: 'Job {owner.name} failed by its podFailurePolicy'\n"
    "  summary: 'A pod failure matched a FailJob rule of the Job''s podFailurePolicy, so the whole Job failed at once.'\n"
    "  root_causes: ['a pod exited with a code (or condition) the policy declares fatal']\n"
    "  next:\n"
    "    - {command: 'kubectl describe job {owner.name} -n {pod.namespace}', why: 'the Failed condition message names the rule', needs: cluster}\n"
    "  fix: ['fix the failure, or adjust the policy']\n"
    "  docs: ['https://kubernetes.io/docs/concepts/workloads/controllers/job/#pod-failure-policy']\n"
    "  evidence: [owner.name, owner.job.failed_reason]\n"
    "\n"
    "- id: core/job-max-failed-indexes\n"
    "  category: job.max-failed-indexes-exceeded\n"
    "  priority: 40\n"
    "  severity: warning\n"
    "  when:\n"
    "    owner.job.failed_reason: MaxFailedIndexesExceeded\n"
    "  title: 'Job {owner.name} failed: too many failed indexes'\n"
    "  summary: 'More indexes of this Indexed Job failed than maxFailedIndexes allows.'\n"
    "  root_causes: ['whatever fails the pods of those indexes']\n"
    "  next:\n"
    "    - {command: 'kubectl describe job {owner.name} -n {pod.namespace}', why: 'failed indexes', needs: cluster}\n"
    "  fix: ['fix the failure of the pods']\n"
    "  docs: ['https://kubernetes.io/docs/concepts/workloads/controllers/job/']\n"
    "  evidence: [owner.name, owner.job.failed_reason]\n"
    "\n"
    "- id: core/job-failed-other\n"
    "  category: job.failed\n"
    "  priority: 40\n"
    "  severity: warning\n"
    "  confidence: medium\n"
    "  when:\n"
    "    owner.job.failed_reason: {exists: true, not_in: [BackoffLimitExceeded, DeadlineExceeded, PodFailurePolicy, MaxFailedIndexesExceeded]}\n"
    "  title: 'Job {owner.name} failed ({owner.job.failed_reason})'\n"
    "  summary: 'The Job has condition Failed with reason {owner.job.failed_reason}.'\n"
    "  root_causes: ['see the Job''s Failed condition']\n"
    "  next:\n"
    "    - {command: 'kubectl describe job {owner.name} -n {pod.namespace}', why: 'conditions and events', needs: cluster}\n"
    "  fix: ['fix what the Job''s condition names']\n"
    "  evidence: [owner.name, owner.job.failed_reason]\n"
    "\n"
    "- id: core/node-graceful-shutdown\n"
    "  category: node.graceful-shutdown\n"
    "  priority: 40\n"
    "  severity: warning\n"
    "  when:\n"
    "    pod.reason: {in: [Terminated, Shutdown, NodeShutdown]}\n"
    "    pod.message: {regex: 'shut(ting)? ?down'}\n"
    "  title: 'Stopped because node {pod.node} shut down'\n"
    "  summary: 'The kubelet''s graceful node shutdown stopped the pod: {pod.message} This is not an application failure; the controller replaces the pod.'\n"
    "  root_causes: ['the node was shut down or rebooted (maintenance, spot/preemptible reclaim)']\n"
    "  next:\n"
    "    - {command: '{cmd.describe_node}', why: 'Rebooted / NodeNotReady / Starting events', needs: cluster}\n"
    "  fix: ['nothing for the pod; use PodDisruptionBudgets and several replicas to ride through node shutdowns']\n"
    "  docs: ['https://kubernetes.io/docs/concepts/cluster-administration/node-shutdown/']\n"
    "  evidence: [pod.reason, pod.message, pod.condition.DisruptionTarget.reason]\n"
    "  suppresses: [terminal.failed]\n"
    "\n"
    "- id: core/terminal-failed\n"
    "  category: terminal.failed\n"
    "  on: container\n"
    "  priority: 40\n"
    "  when:\n"
    "    pod.phase: Failed\n"
    "    pod.reason: {exists: false}\n"
    "    container.role: regular\n"
    "    container.state: terminated\n"
    "    container.exit_code: {ne: 0}\n"
    "  title: 'The pod failed: container {container.name} exited with code {container.exit_code} ({container.reason}, {container.exit_class})'\n"
    "  summary: 'With restartPolicy {pod.restart_policy} the container is not restarted, so its failure ended the pod (phase Failed). The exit code and the container''s logs say why it exited.'\n"
    "  root_causes: ['an application error (see the exit class and the logs)']\n"
    "  next:\n"
    "    - {command: '{container.cmd.logs}', why: 'the output of the failed run (available while the pod object exists)', needs: cluster}\n"
    "    - {command: '{cmd.describe}', why: 'State: Terminated with exit code, started and finished', needs: cluster}\n"
    "  fix: ['fix what the logs show; a Job retries with a new pod up to its backoffLimit']\n"
    "  docs: ['https://kubernetes.io/docs/tasks/debug/debug-application/determine-reason-pod-failure/']\n"
    "  evidence: [container.state, container.reason, container.exit_code, container.exit_class, container.run_seconds, container.message, pod.restart_policy]\n"
    "\n"
    "# ---- D6. Readiness (after the causes that make a pod unready) ---------------\n"
    "\n"
    "- id: core/probe-readiness-failing\n"
    "  category: probe.readiness-failing\n"
    "  on: container\n"
    "  priority: 30\n"
    "  severity: warning\n"
    "  when:\n"
    "    container.role: {in: [regular, sidecar]}\n"
    "    container.state: running\n"
    "    container.ready: 'false'\n"
    "    container.started: {ne: 'false'}\n"
    "    pod.deleting: {ne: 'true'}\n"
    "    any:\n"
    "      - event: {reason: Unhealthy, container: true, message: {prefix: Readiness probe}}\n"
    "      - container.probe.readiness: {exists: true}\n"
    "  title: 'Container {container.name} is running but not ready (readiness probe)'\n"
    "  summary: 'The container runs but its readiness probe does not pass ({container.probe.readiness}), so the pod is not in its Services'' ready endpoints and gets no traffic. No restarts: readiness never restarts a container.'\n"
    "  root_causes:\n"
    "    - 'the app is not listening yet, or binds 127.0.0.1 instead of 0.0.0.0'\n"
    "    - 'wrong probe path or port'\n"
    "    - 'a dependency the readiness endpoint checks is down'\n"
    "  next:\n"
    "    - {command: '{cmd.describe}', why: 'the Readiness: line and the Unhealthy events', needs: cluster}\n"
    "    - {command: '{container.cmd.logs}', why: 'what the app reports', needs: cluster}\n"
    "    - {command: '{container.cmd.exec}', why: 'request the probe URL from inside the container', needs: cluster}\n"
    "  fix: ['fix the endpoint, the port/path of the probe, or what the endpoint depends on']\n"
    "  docs: ['https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/']\n"
    "  evidence: [container.ready, container.started, container.probe.readiness, container.event.Unhealthy.message, container.event.Unhealthy.count, pod.condition.Ready.message]\n"
    "\n"
    "- id: core/readiness-gates\n"
    "  category: probe.readiness-gates\n"
    "  priority: 30\n"
    "  severity: warning\n"
    "  when:\n"
    "    pod.phase: Running\n"
    "    pod.condition.Ready.status: 'False'\n"
    "    pod.condition.Ready.reason: ReadinessGatesNotReady\n"
    "  title: 'A readiness gate is not set: {pod.condition.Ready.message}'\n"
    "  summary: 'The containers are ready but a readiness gate condition (owned by an external controller such as a load balancer or mesh controller) is not True.'\n"
    "  root_causes: ['the controller that sets the gate condition is missing or failing']\n"
    "  next:\n"
    "    - {command: '{cmd.yaml}', why: 'spec.readinessGates and status.conditions', needs: cluster}\n"
    "  fix: ['repair the controller that owns the gate condition']\n"
    "  evidence: [pod.condition.Ready.reason, pod.condition.Ready.message]\n"
    "\n"
    "- id: core/pod-not-ready\n"
    "  category: probe.readiness-failing\n"
    "  priority: 30\n"
    "  severity: warning\n"
    "  confidence: low\n"
    "  when:\n"
    "    pod.phase: Running\n"
    "    pod.node: {exists: true}\n"
    "    pod.condition.Ready.status: 'False'\n"
    "    pod.condition.Ready.reason: {ne: ReadinessGatesNotReady}\n"
    "    not:\n"
    "      any:\n"
    "        - {'finding.probe*': 'true'}\n"
    "        - {'finding.crashloop*': 'true'}\n"
    "        - {'finding.resource*': 'true'}\n"
    "        - {'finding.start*': 'true'}\n"
    "        - {'finding.image*': 'true'}\n"
    "        - {'finding.config*': 'true'}\n"
    "        - {'finding.runtime*': 'true'}\n"
    "        - {'finding.lifecycle*': 'true'}\n"
    "        - {'finding.sidecar*': 'true'}\n"
    "        - {'finding.init*': 'true'}\n"
    "        - {'finding.terminating*': 'true'}\n"
    "  title: 'The pod is not Ready although no container reports a problem'\n"
    "  summary: 'The pod''s Ready condition is False while the container flags do not explain it. When the node lifecycle controller marks the pods of a lost node NotReady, only the Ready condition changes and kubectl keeps showing the stale READY count: check the node first.'\n"
    "  root_causes: ['the node is NotReady or unreachable (MarkPodsNotReady)', 'a container is between restarts']\n"
    "  next:\n"
    "    - {command: '{cmd.describe_node}', why: 'is the node Ready?', needs: cluster}\n"
    "    - {command: '{cmd.describe}', why: 'conditions and events', needs: cluster}\n"
    "  fix: ['fix the node, or the container that is not ready']\n"
    "  evidence: [pod.condition.Ready.status, pod.condition.Ready.reason, pod.condition.Ready.message, pod.ready]\n"
    "\n"
    "# ---- F3/F4: node context (only for pods that have a problem) ----------------\n"
    "\n"
    "- id: core/node-memory-pressure\n"
    "  category: node.pressure.memory\n"
    "  priority: 20\n"
    "  severity: warning\n"
    "  when:\n"
    "    node.condition.MemoryPressure.status: 'True'\n"
    "    any:\n"
    "      - pod.condition.Ready.status: {ne: 'True'}\n"
    "      - pod.reason: Evicted\n"
    "  title: 'Node {pod.node} is under memory pressure'\n"
    "  summary: 'The kubelet on {pod.node} reports MemoryPressure ({node.condition.MemoryPressure.message}); it evicts BestEffort and Burstable pods that use more than they request, and new pods are kept off the node by the memory-pressure taint.'\n"
    "  root_causes: ['pods use far more memory than they request', 'the node is overcommitted']\n"
    "  next:\n"
    "    - {command: '{cmd.describe_node}', why: 'Conditions, Allocated resources, EvictionThresholdMet events', needs: cluster}\n"
    "    - {command: 'kubectl top node {pod.node}', why: 'real usage', needs: cluster}\n"
    "  fix: ['set memory requests close to real usage; add capacity']\n"
    "  evidence: [node.condition.MemoryPressure.status, node.condition.MemoryPressure.reason, node.condition.MemoryPressure.message, node.taints]\n"
    "\n"
    "- id: core/node-disk-pressure\n"
    "  category: node.pressure.disk\n"
    "  priority: 20\n"
    "  severity: warning\n"
    "  when:\n"
    "    node.condition.DiskPressure.status: 'True'\n"
    "    any:\n"
    "      - pod.condition.Ready.status: {ne: 'True'}\n"
    "      - pod.reason: Evicted\n"
    "  title: 'Node {pod.node} is under disk pressure'\n"
    "  summary: 'The kubelet on {pod.node} reports DiskPressure ({node.condition.DiskPressure.message}); it garbage-collects images, evicts pods using local storage, and image pulls may fail with no space left on device.'\n"
    "  root_causes: ['container logs or emptyDir volumes fill the node disk', 'too many or too large images']\n"
    "  next:\n"
    "    - {command: '{cmd.describe_node}', why: 'Conditions and ImageGCFailed / FreeDiskSpaceFailed events', needs: cluster}\n"
    "    - {command: 'df -h', why: 'on the node: which filesystem is full', needs: node-shell}\n"
    "    - {command: 'crictl rmi --prune', why: 'on the node: remove unused images', needs: node-shell}\n"
    "  fix: ['set ephemeral-storage limits, rotate logs, give nodes bigger disks']\n"
    "  evidence: [node.condition.DiskPressure.status, node.condition.DiskPressure.reason, node.condition.DiskPressure.message, node.taints]\n"
    "\n"
    "- id: core/node-pid-pressure\n"
    "  category: node.pressure.pid\n"
    "  priority: 20\n"
    "  severity: warning\n"
    "  when:\n"
    "    node.condition.PIDPressure.status: 'True'\n"
    "    any:\n"
    "      - pod.condition.Ready.status: {ne: 'True'}\n"
    "      - pod.reason: Evicted\n"
    "  title: 'Node {pod.node} is running out of process IDs'\n"
    "  summary: 'The kubelet on {pod.node} reports PIDPressure ({node.condition.PIDPressure.message}).'\n"
    "  root_causes: ['a pod forks without bound (a fork bomb, a leak of child processes)']\n"
    "  next:\n"
    "    - {command: '{cmd.describe_node}', why: 'Conditions', needs: cluster}\n"
    "  fix: ['set a pod PID limit (kubelet podPidsLimit), fix the process leak']\n"
    "  evidence: [node.condition.PIDPressure.status, node.condition.PIDPressure.reason, node.condition.PIDPressure.message]\n"
    "\n"
    "- id: core/node-cordoned\n"
    "  category: node.cordoned\n"
    "  priority: 20\n"
    "  severity: info\n"
    "  when:\n"
    "    node.unschedulable: 'true'\n"
    "    any:\n"
    "      - pod.deleting: 'true'\n"
    "      - pod.condition.Ready.status: {ne: 'True'}\n"
    "  title: 'Node {pod.node} is cordoned (SchedulingDisabled)'\n"
    "  summary: 'The node is marked unschedulable, usually by a drain: no new pods are placed there, and a drain evicts the pods it runs (paced by PodDisruptionBudgets).'\n"
    "  root_causes: ['a drain for maintenance, an upgrade or a scale-down, possibly left unfinished']\n"
    "  next:\n"
    "    - {command: '{cmd.get_nodes}', why: 'STATUS Ready,SchedulingDisabled', needs: cluster}\n"
    "    - {command: 'kubectl get pdb -A', why: 'budgets that block the drain', needs: cluster}\n"
    "  fix: ['kubectl uncordon {pod.node} once the maintenance is over']\n"
    "  evidence: [node.unschedulable, node.taints]\n"
    "\n"
    "# ---- last: nothing more specific explains a stalled start -------------------\n"
    "\n"
    "- id: core/init-not-started\n"
    "  category: init.not-started\n"
    "  on: container\n"
    "  priority: 60\n"
    "  severity: warning\n"
    "  confidence: low\n"
    "  when:\n"
    "    container.role: init\n"
    "    container.index: 0\n"
    "    container.reason: PodInitializing\n"
    "    pod.node: {exists: true}\n"
    "    pod.age_seconds: {gt: 300}\n"
    "    not: {'finding.*': 'true'}\n"
    "  title: 'The first init container has not started after {pod.age_seconds}s'\n"
    "  summary: 'The pod is bound to {pod.node} but even its first init container has not been started, and nothing in the dump says why. The sandbox, a volume or an image pull is usually the hold-up; the events say which.'\n"
    "  root_causes: ['the pod sandbox or its network cannot be created', 'a volume cannot be mounted', 'the image pull is slow']\n"
    "  next:\n"
    "    - {command: '{cmd.describe}', why: 'the Events section (FailedMount, FailedCreatePodSandBox, Pulling)', needs: cluster}\n"
    "    - {command: '{cmd.events}', why: 'every event about the pod', needs: cluster}\n"
    "  fix: ['fix what the events name']\n"
    "  evidence: [container.reason, pod.age_seconds, pod.condition.Initialized.message, events.count]\n"
    "\n"
    "- id: core/container-creating-stalled\n"
    "  category: runtime.container-creating\n"
    "  priority: 55\n"
    "  severity: warning\n"
    "  confidence: low\n"
    "  when:\n"
    "    pod.phase: Pending\n"
    "    pod.node: {exists: true}\n"
    "    pod.status: ContainerCreating\n"
    "    pod.age_seconds: {gt: 300}\n"
    "    not: {'finding.*': 'true'}\n"
    "  title: 'ContainerCreating for {pod.age_seconds}s with no recorded cause'\n"
    "  summary: 'The pod is bound to {pod.node} but its containers have not been created, and the dump holds no event that says why (events missing or expired?).'\n"
    "  root_causes: ['a volume cannot be mounted', 'the pod sandbox cannot be created', 'a slow image pull']\n"
    "  next:\n"
    "    - {command: '{cmd.describe}', why: 'the Events section', needs: cluster}\n"
    "    - {command: '{cmd.events}', why: 'every event about the pod', needs: cluster}\n"
    "    - {command: 'journalctl -xefu kubelet', why: 'on the node: what the kubelet is waiting for', needs: node-shell}\n"
    "  fix: ['fix what the events or the kubelet log name']\n"
    "  evidence: [pod.status, pod.age_seconds, events.supplied, events.count]\n";
/* clang-format on */

#if defined(__GNUC__)
#pragma GCC diagnostic pop
#endif

const char *diag_builtin_rules_yaml(size_t *len) {
    if (len) *len = sizeof builtin_yaml - 1;
    return builtin_yaml;
}

/* ---- helpers ----------------------------------------------------------------
 */

static const char *fact(const diag_facts *f, const char *path) {
    return diag_facts_get(f, path);
}

static bool fact_is(const diag_facts *f, const char *path, const char *want) {
    const char *v = diag_facts_get(f, path);
    return v && strcmp(v, want) == 0;
}

static long long fact_int(const diag_facts *f, const char *path,
                          long long fallback) {
    const char *v = diag_facts_get(f, path);
    if (!v || !*v) return fallback;
    char *end = NULL;
    long long n = strtoll(v, &end, 10);
    return (end && *end == '\0') ? n : fallback;
}

static bool starts_with(const char *s, const char *prefix) {
    return s && strncmp(s, prefix, strlen(prefix)) == 0;
}

static bool contains(const char *s, const char *needle) {
    return s && strstr(s, needle) != NULL;
}

/* The text between `open` and the next `close` after it, copied into mem;
   NULL when absent. */
static const char *between(arena *mem, const char *s, const char *open,
                           const char *close) {
    if (!s) return NULL;
    const char *p = strstr(s, open);
    if (!p) return NULL;
    p += strlen(open);
    const char *q = strstr(p, close);
    if (!q) return NULL;
    return arena_strndup(mem, p, (size_t)(q - p));
}

/* The latest event of this pod with `reason` (and, when container is not
   NULL, naming that container); `skip_prefix` skips messages that start
   with it (a summary event). */
static const diag_event *latest_event(const diag_subject *s, const char *reason,
                                      const char *container,
                                      const char *skip_prefix) {
    const diag_event *best = NULL;
    for (size_t i = 0; i < s->event_count; i++) {
        const diag_event *e = s->events[i];
        if (!e->reason || strcmp(e->reason, reason) != 0) continue;
        if (container && (!e->container || strcmp(e->container, container)))
            continue;
        if (skip_prefix && starts_with(e->message, skip_prefix)) continue;
        if (!best || e->last > best->last ||
            (e->last == best->last && e->order > best->order))
            best = e;
    }
    return best;
}

static bool add_event_evidence(diag_finding *f, arena *mem,
                               const diag_event *e) {
    const char *path = diag_strf(mem, "event:%s", e->reason);
    const char *count = diag_strf(mem, "%d", (int)e->count);
    return path && count &&
           diag_finding_evidence(f, mem, path, count,
                                 e->message ? e->message : "", e->last,
                                 e->provenance);
}

static bool add_fact_evidence(diag_finding *f, arena *mem,
                              const diag_facts *facts, const char *path) {
    const diag_fact *x = diag_facts_find(facts, path);
    if (!x) return true;
    return diag_finding_evidence(f, mem, x->path, x->value, "", PODSIM_NO_TIME,
                                 x->provenance);
}

#define TRY(expr)                          \
    do {                                   \
        if (!(expr)) return PODSIM_ENOMEM; \
    } while (0)

/* ---- pvc-not-bound (C6): name the claims that are missing, Pending or Lost
 *
 * Facts: ref.pvc.<name> = exists|missing|unknown, ref.pvc.<name>.phase.
 * Claim names may contain dots, so a path is a sub-fact only when it ends
 * in ".phase" or ".class".
 */
static podsim_status check_pvc_not_bound(diag_run *run, const diag_subject *s,
                                         const diag_container *c,
                                         diag_finding *f, bool *fire) {
    (void)c;
    arena *mem = diag_run_arena(run);
    const char *ns = fact(&s->facts, "pod.namespace");
    size_t bad = 0;
    const char *first = NULL;
    const char *first_state = NULL;
    for (size_t i = 0; i < s->facts.items.len; i++) {
        const diag_fact *x = vec_at(&s->facts.items, i);
        if (!starts_with(x->path, "ref.pvc.")) continue;
        const char *name = x->path + strlen("ref.pvc.");
        size_t n = strlen(name);
        if ((n > 6 && strcmp(name + n - 6, ".phase") == 0) ||
            (n > 6 && strcmp(name + n - 6, ".class") == 0))
            continue;
        const char *phase_path = diag_strf(mem, "%s.phase", x->path);
        TRY(phase_path);
        const char *phase = fact(&s->facts, phase_path);
        const char *state = NULL;
        if (strcmp(x->value, "missing") == 0)
            state = "does not exist";
        else if (phase &&
                 (strcmp(phase, "Pending") == 0 || strcmp(phase, "Lost") == 0))
            state = strcmp(phase, "Lost") == 0 ? "is Lost" : "is Pending";
        if (!state) continue;
        bad++;
        if (!first) {
            first = name;
            first_state = state;
        }
        TRY(add_fact_evidence(f, mem, &s->facts, x->path));
        TRY(add_fact_evidence(f, mem, &s->facts, phase_path));
        const char *cmd =
            strcmp(x->value, "missing") == 0
                ? diag_strf(mem, "kubectl get pvc -n %s", ns ? ns : "default")
                : diag_strf(mem, "kubectl describe pvc %s -n %s", name,
                            ns ? ns : "default");
        TRY(cmd);
        TRY(diag_finding_next(
            f, mem, cmd,
            strcmp(x->value, "missing") == 0
                ? "the claims that do exist (is the name right?)"
                : "the claim's events: ProvisioningFailed, "
                  "ExternalProvisioning, FailedBinding, WaitForFirstConsumer",
            "cluster"));
    }
    if (bad == 0) {
        *fire = false;
        return PODSIM_OK;
    }
    f->title = bad == 1 ? diag_strf(mem, "PersistentVolumeClaim %s %s", first,
                                    first_state)
                        : diag_strf(mem,
                                    "%zu PersistentVolumeClaims the pod "
                                    "needs are not bound (%s %s, ...)",
                                    bad, first, first_state);
    TRY(f->title);
    *fire = true;
    return PODSIM_OK;
}

/* ---- stuck-terminating (G1): pick the sub-cause ---------------------------
 */
static podsim_status check_stuck_terminating(diag_run *run,
                                             const diag_subject *s,
                                             const diag_container *c,
                                             diag_finding *f, bool *fire) {
    (void)c;
    arena *mem = diag_run_arena(run);
    long long elapsed = fact_int(&s->facts, "pod.deleting_seconds", -1);
    long long grace = fact_int(&s->facts, "pod.grace_period_seconds", 30);
    long long finalizers = fact_int(&s->facts, "pod.finalizers", 0);
    const diag_event *kill = latest_event(s, "FailedKillPod", NULL, NULL);
    const char *sub = NULL;
    *fire = false;
    if (elapsed < 0) return PODSIM_OK;
    if (fact_is(&s->facts, "node.unreachable", "true")) {
        sub = "node-lost";
        TRY(diag_finding_cause(
            f, mem,
            "the node is unreachable: nobody can confirm "
            "the containers stopped (see node.unreachable)"));
    } else if (kill && elapsed > grace) {
        sub = "kill-failed";
        TRY(add_event_evidence(f, mem, kill));
        TRY(diag_finding_cause(
            f, mem,
            "the kubelet cannot kill a container (FailedKillPod): the "
            "runtime is stuck or the process is in uninterruptible sleep"));
        TRY(diag_finding_next(f, mem, "crictl ps -a",
                              "on the node: is the container still there?",
                              "node-shell"));
    } else if (finalizers > 0 && elapsed > grace) {
        sub = "finalizer";
        const char *name = fact(&s->facts, "pod.finalizer.0");
        TRY(add_fact_evidence(f, mem, &s->facts, "pod.finalizer.0"));
        TRY(diag_finding_cause(
            f, mem,
            diag_strf(mem,
                      "the finalizer %s is still set and the controller "
                      "that should remove it is gone or failing (or a "
                      "webhook rejects the pod UPDATE that removes it)",
                      name ? name : "(see metadata.finalizers)")));
    } else if (elapsed <= grace) {
        if (grace < 120 || elapsed < 120) return PODSIM_OK; /* normal */
        sub = "slow-shutdown";
        f->severity = PODSIM_SEVERITY_WARNING;
        TRY(diag_finding_cause(
            f, mem,
            diag_strf(mem,
                      "a long terminationGracePeriodSeconds (%llds) or "
                      "preStop hook: the pod is still inside its grace "
                      "period",
                      grace)));
    } else if (elapsed > grace + 60) {
        sub = "unknown";
        f->confidence = PODSIM_CONFIDENCE_MEDIUM;
        TRY(diag_finding_cause(
            f, mem,
            "the kubelet has not confirmed the kill: check its log on the "
            "node, and webhooks that reject pod updates"));
    } else {
        return PODSIM_OK;
    }
    f->category = diag_strf(mem, "terminating.stuck.%s", sub);
    TRY(f->category);
    *fire = true;
    return PODSIM_OK;
}

/* ---- config-ref (C2): name the ConfigMap / Secret and key ------------------
 *
 * kubelet messages (kubelet_pods.go makeEnvironmentVariables):
 *   configmap "X" not found / secret "X" not found
 *   couldn't find key K in ConfigMap NS/X / couldn't find key K in Secret NS/X
 */
static podsim_status check_config_ref(diag_run *run, const diag_subject *s,
                                      const diag_container *c, diag_finding *f,
                                      bool *fire) {
    arena *mem = diag_run_arena(run);
    *fire = true;
    if (!c) return PODSIM_OK;
    const char *ns = fact(&s->facts, "pod.namespace");
    if (!ns) ns = "default";
    const char *msgs[2] = {fact(&c->facts, "container.message"),
                           fact(&c->facts, "container.event.Failed.message")};
    for (size_t i = 0; i < 2; i++) {
        const char *m = msgs[i];
        if (!m) continue;
        const char *name = NULL;
        const char *key = NULL;
        bool secret = false;
        if ((name = between(mem, m, "configmap \"", "\" not found"))) {
        } else if ((name = between(mem, m, "secret \"", "\" not found"))) {
            secret = true;
        } else if ((key = between(mem, m, "couldn't find key ",
                                  " in ConfigMap "))) {
            const char *p = strstr(m, " in ConfigMap ");
            p += strlen(" in ConfigMap ");
            const char *slash = strchr(p, '/');
            name = slash ? slash + 1 : p;
        } else if ((key =
                        between(mem, m, "couldn't find key ", " in Secret "))) {
            const char *p = strstr(m, " in Secret ");
            p += strlen(" in Secret ");
            const char *slash = strchr(p, '/');
            name = slash ? slash + 1 : p;
            secret = true;
        }
        if (!name) continue;
        /* trim a trailing quote/space/period of the message */
        size_t n = strcspn(name, " \"\n");
        name = arena_strndup(mem, name, n);
        TRY(name);
        const char *kind = secret ? "Secret" : "ConfigMap";
        const char *ref_path =
            diag_strf(mem, "ref.%s.%s", secret ? "secret" : "configmap", name);
        TRY(ref_path);
        TRY(add_fact_evidence(f, mem, &s->facts, ref_path));
        const char *state = fact(&s->facts, ref_path);
        if (key) {
            f->title =
                diag_strf(mem,
                          "Container %s cannot be created: key %s is "
                          "missing from %s %s",
                          fact(&c->facts, "container.name"), key, kind, name);
        } else {
            f->title = diag_strf(mem,
                                 "Container %s cannot be created: %s %s does "
                                 "not exist",
                                 fact(&c->facts, "container.name"), kind, name);
        }
        TRY(f->title);
        const char *cmd =
            secret
                ? diag_strf(mem, "kubectl describe secret %s -n %s", name, ns)
                : diag_strf(mem, "kubectl get configmap %s -n %s -o yaml", name,
                            ns);
        TRY(cmd);
        TRY(diag_finding_next(f, mem, cmd,
                              secret ? "does it exist, and which keys does "
                                       "it have? (describe shows key names "
                                       "and sizes, not values)"
                                     : "does it exist, and which keys does "
                                       "it have?",
                              "cluster"));
        if (state && strcmp(state, "exists") == 0 && !key)
            TRY(diag_finding_cause(
                f, mem,
                diag_strf(mem,
                          "the dump has %s %s: it was created after the "
                          "failure, so the pod should start on the next "
                          "sync",
                          kind, name)));
        break;
    }
    return PODSIM_OK;
}

/* ---- failed-mount (C4): the sub-cause from the specific MountVolume event ---
 *
 * "Unable to attach or mount volumes: unmounted volumes=[...] ...: timed out
 * waiting for the condition" is the summary; the SetUp / MountDevice event
 * before it carries the cause.
 */
static podsim_status check_failed_mount(diag_run *run, const diag_subject *s,
                                        const diag_container *c,
                                        diag_finding *f, bool *fire) {
    (void)c;
    arena *mem = diag_run_arena(run);
    const char *ns = fact(&s->facts, "pod.namespace");
    if (!ns) ns = "default";
    const diag_event *e = latest_event(s, "FailedMount", NULL,
                                       "Unable to attach or mount volumes");
    const diag_event *summary = latest_event(s, "FailedMount", NULL, NULL);
    *fire = true;
    if (!e) e = summary;
    if (!e) {
        *fire = false;
        return PODSIM_OK;
    }
    const char *m = e->message ? e->message : "";
    const char *volume = between(mem, m, "for volume \"", "\"");
    const char *sub = "other";
    const char *what = "the mount fails";
    const char *obj = NULL;
    if ((obj = between(mem, m, "configmap \"", "\" not found"))) {
        sub = "configmap-missing";
        what = diag_strf(mem, "ConfigMap %s does not exist", obj);
        TRY(diag_finding_cause(f, mem,
                               "the ConfigMap name is wrong, it is not "
                               "created yet, or it is in another namespace"));
        TRY(diag_finding_next(
            f, mem, diag_strf(mem, "kubectl get configmap %s -n %s", obj, ns),
            "does the ConfigMap exist?", "cluster"));
        TRY(diag_finding_fix(f, mem,
                             "create the ConfigMap, fix its name, or mark "
                             "the volume optional: true"));
    } else if ((obj = between(mem, m, "secret \"", "\" not found"))) {
        sub = "secret-missing";
        what = diag_strf(mem, "Secret %s does not exist", obj);
        TRY(diag_finding_cause(f, mem,
                               "the Secret name is wrong, it is not created "
                               "yet, or it is in another namespace"));
        TRY(diag_finding_next(
            f, mem, diag_strf(mem, "kubectl get secret %s -n %s", obj, ns),
            "does the Secret exist?", "cluster"));
        TRY(diag_finding_fix(f, mem,
                             "create the Secret, fix its name, or mark the "
                             "volume optional: true"));
    } else if (contains(m, "hostPath type check failed")) {
        sub = "hostpath";
        const char *path =
            between(mem, m, "hostPath type check failed: ", " is not");
        what = path ? diag_strf(mem,
                                "hostPath %s has the wrong type or "
                                "does not exist on the node",
                                path)
                    : "the hostPath type check fails";
        TRY(diag_finding_cause(f, mem,
                               "the hostPath does not exist on this node, "
                               "or is a file where a directory is expected "
                               "(type: Directory does not create it)"));
        TRY(diag_finding_next(
            f, mem,
            fact(&s->facts, "pod.node")
                ? diag_strf(mem, "kubectl debug node/%s -it --image=busybox",
                            fact(&s->facts, "pod.node"))
                : "kubectl debug node/NODE -it --image=busybox",
            "look at /host<path> on the node", "node-shell"));
        TRY(diag_finding_fix(f, mem,
                             "create the path on every node, or use type: "
                             "DirectoryOrCreate"));
    } else if (contains(m, "persistentvolumeclaim \"")) {
        sub = "pvc";
        what = "its PersistentVolumeClaim is not usable";
        TRY(diag_finding_cause(f, mem,
                               "the claim does not exist or is not bound"));
        TRY(diag_finding_fix(f, mem, "create or fix the claim"));
    } else if (contains(m, "exit status 32") || contains(m, "mount.nfs") ||
               contains(m, "Connection refused") ||
               contains(m, "access denied")) {
        sub = "nfs";
        what = "the network filesystem mount fails";
        TRY(diag_finding_cause(f, mem,
                               "the NFS/SMB server is unreachable, refuses "
                               "the client, or the export path is wrong"));
        TRY(diag_finding_fix(f, mem,
                             "fix the server, the export or the node's "
                             "client packages (nfs-common)"));
    } else if (contains(m, "MountDevice failed") || contains(m, "rpc error") ||
               contains(m, "csi")) {
        sub = "csi";
        what = "the CSI driver fails to mount it";
        TRY(diag_finding_cause(f, mem,
                               "the CSI node plugin on the node is not "
                               "running or failing"));
        TRY(diag_finding_next(
            f, mem, "kubectl get pods -A -o wide | grep -i csi",
            "is the CSI node plugin running on the pod's node?", "cluster"));
        TRY(diag_finding_fix(f, mem, "repair the CSI node plugin"));
    } else {
        TRY(diag_finding_cause(f, mem,
                               "see the mount error in the FailedMount "
                               "event and the kubelet log"));
        TRY(diag_finding_fix(f, mem, "fix what the mount error names"));
    }
    TRY(what);
    f->category = diag_strf(mem, "volume.mount-failed.%s", sub);
    f->title = volume ? diag_strf(mem, "Volume \"%s\" cannot be mounted: %s",
                                  volume, what)
                      : diag_strf(mem, "A volume cannot be mounted: %s", what);
    TRY(f->category && f->title);
    TRY(add_event_evidence(f, mem, e));
    if (summary && summary != e) TRY(add_event_evidence(f, mem, summary));
    return PODSIM_OK;
}

/* ---- evicted (E1): parse the kubelet's eviction message -------------------
 *
 * Fragments (eviction/helpers.go, evictionMessage), each ending ". ":
 *   The node was low on resource: <r>.
 *   Threshold quantity: <q>, available: <a>.
 *   Container <c> was using <u>, request is <r>, has larger consumption of
 *   <res>.   (older: "..., which exceeds its request of <r>.")
 *   Pod ephemeral local storage usage exceeds the total limit of containers
 *   <l>. / Container <c> exceeded its local ephemeral storage limit "<l>". /
 *   Usage of EmptyDir volume "<v>" exceeds the limit "<l>".
 *   The node had condition: [<cond>].
 */
static podsim_status check_evicted(diag_run *run, const diag_subject *s,
                                   const diag_container *c, diag_finding *f,
                                   bool *fire) {
    (void)c;
    arena *mem = diag_run_arena(run);
    const char *m = fact(&s->facts, "pod.message");
    const char *qos = fact(&s->facts, "pod.qos");
    const char *res = NULL;
    *fire = true;
    if (!m) m = "";
    const char *low = between(mem, m, "The node was low on resource: ", ".");
    const char *cond = between(mem, m, "The node had condition: [", "]");
    if (contains(m, "ephemeral local storage usage exceeds") ||
        contains(m, "exceeded its local ephemeral storage limit") ||
        contains(m, "Usage of EmptyDir volume")) {
        res = "storage-limit";
        TRY(diag_finding_cause(f, mem,
                               "the pod exceeded its own ephemeral-storage "
                               "limit or an emptyDir sizeLimit (logs, "
                               "scratch files)"));
        TRY(diag_finding_fix(f, mem,
                             "raise the ephemeral-storage limit or "
                             "sizeLimit, or write less to local disk"));
    } else if (low) {
        if (strcmp(low, "memory") == 0)
            res = "memory";
        else if (strcmp(low, "pids") == 0)
            res = "pids";
        else if (contains(low, "storage") || contains(low, "fs") ||
                 contains(low, "inodes"))
            res = "ephemeral-storage";
        else
            res = low;
        const char *usage = between(mem, m, " was using ", ",");
        const char *who = between(mem, m, "Container ", " was using ");
        const char *req = between(mem, m, "request is ", ",");
        if (!req) req = between(mem, m, "exceeds its request of ", ".");
        const char *thr = between(mem, m, "Threshold quantity: ", ",");
        const char *avail = between(mem, m, "available: ", ".");
        TRY(diag_finding_cause(
            f, mem,
            diag_strf(
                mem, "node %s was low on %s%s%s%s%s",
                fact(&s->facts, "pod.node") ? fact(&s->facts, "pod.node")
                                            : "(its node)",
                low, thr ? " (threshold " : "", thr ? thr : "",
                thr ? ", available " : "",
                thr ? (avail ? diag_strf(mem, "%s)", avail) : ")") : "")));
        if (who && usage)
            TRY(diag_finding_cause(
                f, mem,
                diag_strf(mem,
                          "container %s used %s against a request of %s "
                          "(QoS %s): pods using more than they request go "
                          "first",
                          who, usage, req ? req : "0", qos ? qos : "?")));
    } else if (cond) {
        res = contains(cond, "Memory") ? "memory"
              : contains(cond, "PID")  ? "pids"
              : contains(cond, "Disk") ? "ephemeral-storage"
                                       : "other";
        TRY(diag_finding_cause(
            f, mem,
            diag_strf(mem,
                      "the node had condition %s when the pod was admitted "
                      "or running",
                      cond)));
    } else {
        res = "other";
        TRY(diag_finding_cause(f, mem,
                               "node pressure (the message does not name "
                               "the resource)"));
    }
    if (strcmp(res, "memory") == 0 || strcmp(res, "ephemeral-storage") == 0 ||
        strcmp(res, "pids") == 0)
        TRY(diag_finding_cause(f, mem,
                               "BestEffort and Burstable pods above their "
                               "requests are evicted first"));
    f->category = diag_strf(mem, "disruption.evicted.%s", res);
    f->title = diag_strf(
        mem, "Evicted: node %s was low on %s",
        fact(&s->facts, "pod.node") ? fact(&s->facts, "pod.node") : "(unknown)",
        strcmp(res, "storage-limit") == 0
            ? "nothing: the pod exceeded its own storage "
              "limit"
            : res);
    TRY(f->category && f->title);
    return PODSIM_OK;
}

/* ---- hook-failed (D7): quote the hook failure -----------------------------
 *
 * Newer kubelets leave the hook output out of the event on purpose; the
 * waiting message (PostStartHookError) may still carry it.
 */
static podsim_status check_hook_failed(diag_run *run, const diag_subject *s,
                                       const diag_container *c, diag_finding *f,
                                       bool *fire) {
    arena *mem = diag_run_arena(run);
    *fire = true;
    if (!c) return PODSIM_OK;
    const char *name = fact(&c->facts, "container.name");
    const diag_event *pre = latest_event(s, "FailedPreStopHook", name, NULL);
    const diag_event *grace =
        latest_event(s, "ExceededGracePeriod", NULL, NULL);
    if (pre && grace) {
        TRY(diag_finding_cause(f, mem,
                               "the preStop hook outlived the grace period "
                               "(ExceededGracePeriod): the container was "
                               "killed"));
    }
    if (fact_is(&c->facts, "container.reason", "PostStartHookError"))
        TRY(add_fact_evidence(f, mem, &c->facts, "container.message"));
    return PODSIM_OK;
}

/* ---- legacy-sidecar (H1): a Job pod whose main container completed while
 * another container of spec.containers keeps running ------------------------
 */
static podsim_status check_legacy_sidecar(diag_run *run, const diag_subject *s,
                                          const diag_container *c,
                                          diag_finding *f, bool *fire) {
    (void)c;
    arena *mem = diag_run_arena(run);
    const char *done = NULL;
    const char *running = NULL;
    *fire = false;
    for (size_t i = 0; i < s->container_count; i++) {
        const diag_facts *cf = &s->containers[i].facts;
        if (!fact_is(cf, "container.role", "regular")) continue;
        if (fact_is(cf, "container.state", "terminated") &&
            fact_is(cf, "container.exit_code", "0")) {
            if (!done) done = fact(cf, "container.name");
        } else if (fact_is(cf, "container.state", "running")) {
            if (!running) running = fact(cf, "container.name");
        }
    }
    if (!done || !running) return PODSIM_OK;
    f->title = diag_strf(mem,
                         "Container %s completed but %s keeps running, so "
                         "the Job never completes",
                         done, running);
    TRY(f->title);
    TRY(diag_finding_cause(
        f, mem,
        diag_strf(mem,
                  "%s is a sidecar declared in spec.containers: nothing "
                  "tells it that %s finished",
                  running, done)));
    *fire = true;
    return PODSIM_OK;
}

/* ---- proxy-race (H4): the pod has a proxy container in spec.containers -- */
static bool looks_like_proxy(const char *name) {
    static const char *const names[] = {"istio-proxy", "envoy", "linkerd-proxy",
                                        "proxy"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (contains(name, names[i])) return true;
    return false;
}

static podsim_status check_proxy_race(diag_run *run, const diag_subject *s,
                                      const diag_container *c, diag_finding *f,
                                      bool *fire) {
    arena *mem = diag_run_arena(run);
    *fire = false;
    if (!c) return PODSIM_OK;
    const char *self = fact(&c->facts, "container.name");
    for (size_t i = 0; i < s->container_count; i++) {
        const diag_facts *cf = &s->containers[i].facts;
        const char *name = fact(cf, "container.name");
        if (!name || (self && strcmp(name, self) == 0)) continue;
        if (!fact_is(cf, "container.role", "regular")) continue;
        if (!looks_like_proxy(name)) continue;
        TRY(diag_finding_evidence(
            f, mem, diag_strf(mem, "containers.%s.name", name), name, "",
            PODSIM_NO_TIME, PODSIM_PROVENANCE_DERIVED));
        *fire = true;
        return PODSIM_OK;
    }
    return PODSIM_OK;
}

/* ---- the named checks ------------------------------------------------------
 */

static const diag_check checks[] = {
    {"config-ref", check_config_ref},
    {"evicted", check_evicted},
    {"failed-mount", check_failed_mount},
    {"hook-failed", check_hook_failed},
    {"legacy-sidecar", check_legacy_sidecar},
    {"node-lost", diag_check_node_lost},
    {"proxy-race", check_proxy_race},
    {"pvc-not-bound", check_pvc_not_bound},
    {"stuck-terminating", check_stuck_terminating},
    {"unschedulable", diag_check_unschedulable},
};

const diag_check *diag_find_check(const char *name) {
    if (!name) return NULL;
    for (size_t i = 0; i < sizeof checks / sizeof checks[0]; i++)
        if (strcmp(checks[i].name, name) == 0) return &checks[i];
    return NULL;
}
