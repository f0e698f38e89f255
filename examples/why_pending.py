"""For every Pending pod of a snapshot: what kube-scheduler says about it
(the FailedScheduling message), each node's verdict, and for a pod that
fits, the scores that chose its node. Prints what examples/why_pending.c
and examples/why_pending.lua print, byte for byte.

    python3 examples/why_pending.py [examples/pending-cluster.yaml]
"""

from __future__ import annotations

import pathlib
import sys

import podsim

EXAMPLE = pathlib.Path(__file__).with_name("pending-cluster.yaml")


def explain(cluster: podsim.Cluster, r: podsim.ScheduleResult) -> None:
    for node in cluster.nodes:
        name = node.name
        if name in r.filters:
            f = r.filters[name]
            print(f"  {name:<16} {f['plugin']:<20} {f['status']}: "
                  + ", ".join(f["reasons"]))
        elif name in r.scores:
            parts = "".join(f" {plugin}={s['weighted']}"
                            for plugin, s in r.scores[name].items())
            print(f"  {name:<16} total {r.totals[name]:<5}{parts}")


def main(argv: list[str]) -> int:
    cluster = podsim.Cluster.load(argv[0] if argv else str(EXAMPLE))
    seed: int | None = 42
    for pod in cluster.pods:
        if pod.spec.node_name or pod.status.phase not in (None, "Pending"):
            continue
        r = cluster.schedule(pod, explain=True, seed=seed)
        seed = None  # seed once, then carry the stream
        print(f"{r.pod} -> {r.node or '(none)'}")
        if r.gated:
            print(f"  gated: {r.message}")
        elif r.node is None:
            print(f"  {r.message}")
        if r.preemption and r.preemption["node"]:
            print(f"  preemption: nominate {r.preemption['node']}, evict "
                  + " ".join(r.preemption["victims"]))
        explain(cluster, r)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
