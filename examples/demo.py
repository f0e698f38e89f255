"""The main job of `make demo`: load a cluster snapshot, show it as kubectl
would, then ask the question operators get wrong most often: "this node
dies now: when is each pod marked NotReady, evicted, replaced, Running
again, and which pods never come back on their own?"

    python3 examples/demo.py [snapshot.yaml ...] [--fail-node NAME]

With no argument it loads the built-in example cluster (examples/cluster.yaml,
a `kubectl get ... -o yaml` style dump of six nodes in three zones with
Deployments, a StatefulSet, a DaemonSet and a Job), prints kube-scheduler's
answer for every Pending pod, fails node worker-a1 at time 0 (its kubelet
stops heartbeating: a crash or a network partition) and runs the control
plane forward for 15 minutes: the node lifecycle controller, taint-based
eviction, the ReplicaSet, StatefulSet, DaemonSet and Job controllers, the
scheduler and the kubelets. It prints the event timeline from the failure
on and the what-if report. `podsim whatif` does the same on any snapshot.
"""

from __future__ import annotations

import pathlib
import sys

import podsim

EXAMPLE = pathlib.Path(__file__).with_name("cluster.yaml")


def main(argv: list[str]) -> int:
    fail = "worker-a1"
    if "--fail-node" in argv:
        i = argv.index("--fail-node")
        fail = argv[i + 1]
        argv = argv[:i] + argv[i + 2:]
    paths = argv or [str(EXAMPLE)]
    try:
        cluster = podsim.Cluster.load(paths)
    except podsim.Error as e:
        print(f"podsim: {e}", file=sys.stderr)
        return 1
    counts = ", ".join(f"{n} {k}" for k, n in cluster.counts().items() if n)
    print(f"podsim {podsim.__version__}, Kubernetes {cluster.kubernetes_version} "
          f"rules: loaded {counts} from {', '.join(paths)}\n")
    print("$ kubectl get nodes -o wide")
    print(cluster.render("nodes", wide=True))
    print("$ kubectl get pods -A -o wide")
    print(cluster.render("pods", wide=True))
    print("# kube-scheduler on every Pending pod (default profile)")
    for pod in cluster.pods:
        if pod.spec.node_name or pod.status.phase not in (None, "Pending"):
            continue
        r = cluster.schedule(pod, seed=1)
        if r.node:
            print(f"{r.pod}: would run on {r.node} (best of {len(r.feasible)} "
                  f"feasible nodes)")
        else:
            print(f"{r.pod}: FailedScheduling: {r.message}")
    return what_if_node_fails(cluster, fail)


# Routine kubelet events of every pod start; the timeline keeps the rest.
ROUTINE = {"Pulled", "Pulling", "Created", "Started"}


def what_if_node_fails(cluster: "podsim.Cluster", node: str) -> int:
    sim = podsim.Simulation(cluster, seed=1)
    try:
        sim.fail_node(node, at=0, mode="unreachable")
    except podsim.Error as e:
        print(f"podsim: {e}", file=sys.stderr)
        return 1
    sim.run(until="15m")
    print(f"\n# what if {node} stops heartbeating at 0s? (Kubernetes "
          f"{sim.kubernetes_version}, seed 1, 15 simulated minutes)")
    print("# event timeline (routine Pulled/Created/Started left out)")
    for line in sim.event_log.splitlines():
        # "<time> <type> <reason> <object> ...": one line per occurrence
        if line.split(" ", 3)[2] not in ROUTINE:
            print(line)
    print("\n$ kubectl get nodes  # at 15m")
    print(sim.get_nodes())
    print("$ kubectl get pods -A  # at 15m")
    print(sim.get_pods())
    print(sim.report().summary())
    # why is the StatefulSet pod still not back? The diagnosis names the
    # lost node as the cause and computes each way out on a copy.
    stuck = [p for p in sim.report().pods if p.stuck and p.workload_kind == "StatefulSet"]
    for p in stuck[:1]:
        print(f"\n$ podsim diagnose {p.namespace}/{p.name}  # at 15m")
        print(sim.diagnose(f"{p.namespace}/{p.name}"))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
