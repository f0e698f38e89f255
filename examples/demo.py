"""The main job of `make demo`: load a cluster snapshot and show it as
kubectl would, plus what each node's pods request against what it can give.

    python3 examples/demo.py [snapshot.yaml ...]

With no argument it loads the built-in example cluster (examples/cluster.yaml),
a `kubectl get ... -o yaml` style dump. It ends with kube-scheduler's
answer for every Pending pod: where it would go, or the FailedScheduling
message and what preemption would do. Later issues turn this into the
what-if demo (fail a node, watch the pods move).
"""

from __future__ import annotations

import pathlib
import sys

import podsim

EXAMPLE = pathlib.Path(__file__).with_name("cluster.yaml")


def main(argv: list[str]) -> int:
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
    print("# requests vs allocatable per node (non-terminated pods)")
    print(cluster.render("node-requests"))
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
    if paths == [str(EXAMPLE)]:
        simulate_a_rollout(cluster)
    return 0


# A rollout on a copy of the cluster: the Deployment of rollout-v1.yaml
# at 0 s, the next image (rollout-v2.yaml) at 2 min; the controllers, the
# scheduling queue and the kubelet model take it from there.
def simulate_a_rollout(cluster: "podsim.Cluster") -> None:
    here = pathlib.Path(__file__).parent
    sim = podsim.Simulation(cluster, seed=1)
    sim.apply(here / "rollout-v1.yaml", at=0)
    sim.apply(here / "rollout-v2.yaml", at="2m")
    sim.run(until="4m")
    print(f"\n# simulation (Kubernetes {sim.kubernetes_version}, seed 1): "
          "shop/checkout v1 at 0s, v2 at 2m (maxSurge 2, maxUnavailable 1)")
    # several controller syncs can run at one instant: show where each
    # field ended up at every instant
    last: dict = {}
    for change in sim.timeline("shop/checkout", kind="Deployment"):
        if change.field in ("replicas", "updatedReplicas", "readyReplicas"):
            last[(change.time, change.field)] = change.value
    for (time, field), value in last.items():
        print(f"{podsim.format_duration(time):>8}  {field:<16} {value}")
    print("$ kubectl get events -n shop (at 4m, the last 8)")
    shop = [e for e in sim.events if e.namespace == "shop"]
    print("\n".join(str(e) for e in shop[-8:]))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
