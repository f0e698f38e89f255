"""The scheduler against what real clusters wrote.

A kubectl dump of a real cluster carries the FailedScheduling events
kube-scheduler wrote for its Pending pods. Re-scheduling those pods on the
same dump must give the same message, byte for byte. Skips when the shared
corpus (../shared/data/corpus) is absent.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import podsim

K3S = ["nodes.json", "pods-default.json", "pods-kube-system.json"]


def failed_scheduling(events: Path) -> dict[tuple[str, str], str]:
    """The newest FailedScheduling message per pod."""
    out: dict[tuple[str, str], tuple[str, str]] = {}
    for item in json.loads(events.read_text())["items"]:
        if item.get("reason") != "FailedScheduling":
            continue
        obj = item["involvedObject"]
        when = item.get("lastTimestamp") or item.get("eventTime") or ""
        key = (obj["namespace"], obj["name"])
        if key not in out or when >= out[key][0]:
            out[key] = (when, item["message"])
    return {k: v[1] for k, v in out.items()}


def test_k3s_bundle_pending_pods_get_the_recorded_message(shared_dir: Path) -> None:
    bundle = shared_dir / "data" / "corpus" / "k3s-bundle"
    if not bundle.is_dir():
        pytest.skip("k3s-bundle is not in the corpus")
    c = podsim.Cluster.load([str(bundle / f) for f in K3S])
    recorded = failed_scheduling(bundle / "events-default.json")
    checked = 0
    for (ns, name), message in sorted(recorded.items()):
        pod = c.pod(f"{ns}/{name}")
        if pod.spec.node_name:
            continue  # scheduled later; the event is history
        r = c.schedule(pod)
        assert r.node is None, name
        assert r.message == message, name
        checked += 1
    assert checked >= 1


def test_fixture_pods_record_what_the_scheduler_writes(data_dir: Path) -> None:
    """Every Unschedulable PodScheduled condition in the project's own
    fixtures is the message podsim's scheduler gives for that pod (at the
    fixture's Kubernetes version, the default 1.34)."""
    checked = 0
    for path in [data_dir / "cluster-small.yaml", data_dir / "cluster-small.json",
                 data_dir.parent.parent / "examples" / "cluster.yaml"]:
        c = podsim.Cluster.load(str(path))
        for pod in c.pods:
            for cond in pod.status.conditions or []:
                if (cond.type, cond.status, cond.reason) != (
                        "PodScheduled", "False", "Unschedulable"):
                    continue
                assert c.schedule(pod).message == cond.message, (path, pod.name)
                checked += 1
    assert checked == 3
