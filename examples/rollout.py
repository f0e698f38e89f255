"""rollout.py - a rolling update on a copy of a cluster: the Deployment of
examples/rollout-v1.yaml at 0 s, its next image (rollout-v2.yaml) at 2 min,
then the event log of the shop namespace and `kubectl get pods` at 4 min.
Prints what examples/rollout.c and examples/rollout.lua print, byte for byte.

    python examples/rollout.py examples/cluster.yaml
"""

import sys

import podsim


def main(path: str) -> None:
    sim = podsim.Simulation(podsim.Cluster.load(path), seed=1)
    sim.apply("examples/rollout-v1.yaml", at=0)
    sim.apply("examples/rollout-v2.yaml", at="2m")
    sim.run(until="4m")
    print("# events in namespace shop")
    for e in sim.events:
        if e.namespace == "shop":
            print(f"{e.time:8.3f} {e.type:<7} {e.reason:<17} {e.kind}/{e.name}: {e.message}")
    print(f"# kubectl get pods -A at {int(sim.now)}s")
    print(sim.render("pods"), end="")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "examples/cluster.yaml")
