"""Node failure what-ifs from Python (issue 5): podsim.NodeLifecycle and the
node_lifecycle option, the node verbs of podsim.Simulation (fail_node,
fail_zone, recover_node, delete_node, cordon, uncordon, drain_node, taint,
force_delete), get_nodes, the what-if report (podsim.Report: shape,
to_pandas, to_dict, summary) and the ``podsim whatif`` command line.

The timing itself is tested in C (tests/c/test_node_lifecycle.c and
friends); these tests check that the bindings reach it: the times asserted
here are those of the reference timeline (../shared/reference/lifecycle.md
section F: with the last heartbeat at 0 and passes every 5 s, the node
lifecycle controller marks the node NotReady at 55 s under v1.32+ defaults,
node-monitor-grace-period 50 s, kubernetes PR 126287; 45 s with 40 s).
"""

from __future__ import annotations

import math
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import podsim
from podsim import _podsim

from podsim_testdata import DATA_DIR, REPO

CLUSTER_3 = DATA_DIR / "sim" / "cluster-3-nodes.yaml"

# Three ready nodes in one zone, busybox cached; heartbeats are current.
NODES_YAML = "".join(
    f"""\
---
apiVersion: v1
kind: Node
metadata:
  name: node-{i}
  creationTimestamp: "2026-01-01T00:00:00Z"
  labels: {{kubernetes.io/hostname: node-{i}, topology.kubernetes.io/zone: zone-a}}
status:
  allocatable: {{cpu: "4", memory: 8Gi, pods: "110"}}
  capacity: {{cpu: "4", memory: 8Gi, pods: "110"}}
  conditions: [{{type: Ready, status: "True"}}]
  nodeInfo: {{kubeletVersion: v1.34.1}}
  images: [{{names: ["busybox:1.36"], sizeBytes: 2160000}}]
"""
    for i in (1, 2, 3)
)

DEPLOYMENT_YAML = """\
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: default}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      terminationGracePeriodSeconds: 30
      containers:
      - name: app
        image: busybox:1.36
        imagePullPolicy: IfNotPresent
        resources: {requests: {cpu: 100m, memory: 64Mi}}
"""

EXACT = {"exact": True}
UNREACHABLE = "node.kubernetes.io/unreachable"


@pytest.fixture
def nodes() -> podsim.Cluster:
    c = podsim.Cluster()
    c.loads(NODES_YAML, source="nodes.yaml")
    return c


@pytest.fixture
def sim(nodes: podsim.Cluster) -> podsim.Simulation:
    return podsim.Simulation(nodes, kubernetes_version="1.34", seed=7, timing=EXACT)


def taints(sim: podsim.Simulation, node: str) -> set:
    return {(t["key"], t["value"], t["effect"]) for t in sim.cluster.node(node).taints}


def status(sim: podsim.Simulation, node: str) -> str:
    return sim.get_nodes().row(node).status


# ---- NodeLifecycle --------------------------------------------------------------------------

def test_node_lifecycle_fields_follow_the_c_struct():
    c_fields = [
        "node_monitor_period", "node_monitor_grace_period", "node_startup_grace_period",
        "node_monitor_offset", "node_eviction_rate", "secondary_node_eviction_rate",
        "large_cluster_size_threshold", "unhealthy_zone_threshold",
        "default_not_ready_toleration_seconds", "default_unreachable_toleration_seconds",
        "lease_renew_interval", "heartbeat_age", "shutdown_grace_period",
        "shutdown_grace_period_critical_pods", "pod_gc_period", "pod_gc_quarantine",
        "terminated_pod_gc_threshold", "max_wait_for_unmount", "drain_retry",
        "no_taint_eviction",
    ]
    from dataclasses import fields
    assert [f.name for f in fields(podsim.NodeLifecycle)] == c_fields
    # every field but the flag has its podsim_node_lifecycle counterpart
    header = (REPO / "core" / "include" / "podsim.h").read_text()
    for name in c_fields[:-1]:
        assert name in header, name


def test_node_lifecycle_conversion():
    nl = podsim.NodeLifecycle(node_monitor_grace_period="40s", node_monitor_period=2,
                              node_eviction_rate=0, secondary_node_eviction_rate=0.5,
                              large_cluster_size_threshold=10, heartbeat_age=0,
                              default_unreachable_toleration_seconds=60,
                              default_not_ready_toleration_seconds="0s",
                              no_taint_eviction=True)
    assert nl._to_c() == {
        "node_monitor_period_ms": 2000,
        "node_monitor_grace_period_ms": 40_000,
        "heartbeat_age_ms": -1,  # 0 means zero, the core's -1
        "default_not_ready_toleration_seconds": -1,
        "default_unreachable_toleration_seconds": 60,
        "node_eviction_rate": -1.0,
        "secondary_node_eviction_rate": 0.5,
        "large_cluster_size_threshold": 10,
        "flags": _podsim.NL_NO_TAINT_EVICTION,
    }
    assert podsim.NodeLifecycle()._to_c() == {}


def test_node_lifecycle_from_flag_names():
    nl = podsim.NodeLifecycle._coerce({
        "node-monitor-grace-period": "50s",
        "--node-eviction-rate": 0.1,
        "default-unreachable-toleration-seconds": 60,
        "shutdownGracePeriod": "30s",
        "shutdownGracePeriodCriticalPods": "10s",
        "pod_gc_period_ms": 1500,
        "terminated-pod-gc-threshold": 100,
        "quarantineTime": "1m",
    })
    assert nl == podsim.NodeLifecycle(
        node_monitor_grace_period="50s", node_eviction_rate=0.1,
        default_unreachable_toleration_seconds=60, shutdown_grace_period="30s",
        shutdown_grace_period_critical_pods="10s", pod_gc_period="1500ms",
        terminated_pod_gc_threshold=100, pod_gc_quarantine="1m",
    )
    assert nl._to_c()["pod_gc_period_ms"] == 1500
    assert nl._to_c()["pod_gc_quarantine_ms"] == 60_000


@pytest.mark.parametrize("settings, error, match", [
    ({"node-monitor-grace": "1s"}, TypeError, "node-monitor-grace"),
    ({"node_monitor_period": "5s", "node-monitor-period": "5s"}, TypeError, "twice"),
    ({"pod_gc_period_ms": "1s"}, TypeError, "milliseconds"),
    ({1: 2}, TypeError, "str"),
    ({"node_monitor_period": "-1s"}, ValueError, ">= 0"),
    ({"node_monitor_period": "soon"}, ValueError, "soon"),
    ({"node_eviction_rate": -0.1}, ValueError, ">= 0"),
    ({"node_eviction_rate": "fast"}, TypeError, "number"),
    ({"large_cluster_size_threshold": 1.5}, TypeError, "int"),
    ({"default_unreachable_toleration_seconds": 1.5}, ValueError, "whole seconds"),
])
def test_node_lifecycle_errors(nodes, settings, error, match):
    with pytest.raises(error, match=match):
        podsim.Simulation(nodes, node_lifecycle=settings)


def test_node_lifecycle_type_error(nodes):
    with pytest.raises(TypeError, match="NodeLifecycle"):
        podsim.Simulation(nodes, node_lifecycle=[("node_monitor_period", 5)])


def test_low_level_node_lifecycle_dict(nodes):
    with pytest.raises(TypeError, match="no field"):
        _podsim.Simulation(nodes._c, node_lifecycle={"nope": 1})
    with pytest.raises(TypeError):
        _podsim.Simulation(nodes._c, node_lifecycle=[1])
    with pytest.raises(OverflowError):
        _podsim.Simulation(nodes._c, node_lifecycle={"large_cluster_size_threshold": 2**40})
    _podsim.Simulation(nodes._c, node_lifecycle={"node_eviction_rate": 0.5, "flags": 1})


# ---- argument errors ----------------------------------------------------------------------------

@pytest.mark.parametrize("mode", ["bogus", "NotReady", "", None, 1])
def test_bad_mode(sim, mode):
    with pytest.raises(ValueError, match="unreachable, not-ready, shutdown, deleted"):
        sim.fail_node("node-1", mode=mode)
    with pytest.raises(ValueError, match="mode"):
        sim.fail_zone("zone-a", mode=mode)


@pytest.mark.parametrize("taint", ["bad taint", "key:Evict", "=v:NoSchedule", "k=v"])
def test_bad_taint_text(sim, taint):
    with pytest.raises(podsim.InvalidArgument, match="taint"):
        sim.taint("node-1", taint, at=10)
    assert isinstance(podsim.InvalidArgument("x"), ValueError)


@pytest.mark.parametrize("verb", [
    lambda s: s.fail_node("node-9"),
    lambda s: s.fail_node("node-9", at=0, mode="shutdown"),
    lambda s: s.recover_node("node-9"),
    lambda s: s.delete_node("node-9"),
    lambda s: s.cordon("node-9"),
    lambda s: s.uncordon("node-9"),
    lambda s: s.drain_node("node-9"),
    lambda s: s.taint("node-9", "a=b:NoSchedule"),
    lambda s: s.fail_zone("zone-z"),
    lambda s: s.force_delete("default/nope"),
])
def test_unknown_node_now_is_not_found(sim, verb):
    with pytest.raises(podsim.NotFound, match="not found"):
        verb(sim)


def test_unknown_node_later_is_looked_up_then(sim):
    # a node named for a later time may exist by then (kubectl would say
    # "not found" only when the time comes; the simulation skips it)
    sim.fail_node("node-9", at=10)
    sim.drain_node("node-9", at="1m")
    sim.run(until=70)
    assert [r.name for r in sim.get_nodes()] == ["node-1", "node-2", "node-3"]


def test_time_before_now(sim):
    sim.run(until=10)
    with pytest.raises(podsim.InvalidArgument, match="before now"):
        sim.fail_node("node-1", at=5)
    with pytest.raises(podsim.InvalidArgument, match="before now"):
        sim.taint("node-1", "a=b:NoSchedule", at="1s")


@pytest.mark.parametrize("call", [
    lambda s: s.fail_node(1),
    lambda s: s.fail_node("node-1", at=[1]),
    lambda s: s.fail_node("node-1", at=True),
    lambda s: s.taint("node-1", None),
    lambda s: s.cordon(None),
    lambda s: s.force_delete(3),
])
def test_argument_types(sim, call):
    with pytest.raises(TypeError):
        call(sim)


def test_closed_simulation(sim):
    sim.close()
    with pytest.raises(ValueError, match="closed"):
        sim.fail_node("node-1")
    with pytest.raises(ValueError, match="closed"):
        sim.report()


# ---- the verbs reach the core ----------------------------------------------------------------------

def test_get_nodes_rows_and_text(sim):
    table = sim.get_nodes()
    assert isinstance(table, podsim.NodeTable) and len(table) == 3
    assert str(table).startswith("NAME")
    assert str(table) == sim.render("nodes")
    row = table[0]
    assert isinstance(row, podsim.NodeListRow)
    assert row == ("node-1", "Ready", "<none>", "0s", "v1.34.1")
    assert table.row("node-2").status == "Ready"
    with pytest.raises(KeyError):
        table.row("node-9")
    assert "<table" in table._repr_html_()


def test_empty_version_column_is_empty(tmp_path):
    # a node without nodeInfo: kubectl leaves VERSION empty; the row keeps five cells
    c = podsim.Cluster.load(CLUSTER_3)
    rows = list(podsim.Simulation(c).get_nodes())
    assert [r.name for r in rows] == ["node-a", "node-b", "node-c"]
    assert all(r.version == "" and r.status == "Ready" for r in rows)


def test_cordon_and_uncordon(sim):
    sim.cordon("node-2", at=10)
    sim.uncordon("node-2", at="20s")
    sim.run(until=9.999)
    assert status(sim, "node-2") == "Ready"
    sim.run(until=10)
    assert status(sim, "node-2") == "Ready,SchedulingDisabled"
    assert sim.cluster.node("node-2").unschedulable
    sim.run(until=20)
    assert status(sim, "node-2") == "Ready"


def test_taint_added_and_removed(sim):
    sim.taint("node-1", "dedicated=db:NoExecute", at=30)
    sim.taint("node-1", "dedicated:NoExecute-", at="1m")
    sim.run(until=29.999)
    assert ("dedicated", "db", "NoExecute") not in taints(sim, "node-1")
    sim.run(until=30)
    assert ("dedicated", "db", "NoExecute") in taints(sim, "node-1")
    sim.run(until=60)
    assert ("dedicated", "db", "NoExecute") not in taints(sim, "node-1")


def test_delete_node(sim):
    sim.delete_node("node-3", at=5)
    sim.run(until=5)
    assert [r.name for r in sim.get_nodes()] == ["node-1", "node-2"]


def test_fail_node_deleted_removes_the_node(sim):
    sim.fail_node("node-2", at=0, mode="deleted")
    sim.run(until=1)
    assert "node-2" not in [r.name for r in sim.get_nodes()]


def test_force_delete_removes_the_pod_at_once(sim):
    sim.apply(DEPLOYMENT_YAML, at=0)
    sim.run(until=10)
    pod = sim.get_pods()[0]
    key = f"{pod.namespace}/{pod.name}"
    sim.force_delete(key, at=20)
    sim.run(until=20)
    with pytest.raises(podsim.NotFound):
        sim.pod_status(key)


def test_fail_node_unreachable_marks_node_not_ready_and_taints_it(sim):
    # reference timeline (lifecycle.md F): last heartbeat at 0, grace 50 s
    # (v1.34), strict check at the passes every 5 s: NotReady at 55 s, the
    # unreachable NoSchedule taint then, NoExecute from the next pass.
    sim.fail_node("node-2", at=0, mode="unreachable")
    sim.run(until=54.999)
    assert status(sim, "node-2") == "Ready"
    assert not any(k == UNREACHABLE for k, _, _ in taints(sim, "node-2"))
    sim.run(until=70)
    assert status(sim, "node-2") == "NotReady"
    assert (UNREACHABLE, "", "NoSchedule") in taints(sim, "node-2")
    assert (UNREACHABLE, "", "NoExecute") in taints(sim, "node-2")
    assert status(sim, "node-1") == "Ready"


def test_node_lifecycle_setting_reaches_the_core(nodes):
    sim = podsim.Simulation(nodes, kubernetes_version="1.34", timing=EXACT,
                            node_lifecycle={"node-monitor-grace-period": "40s"})
    sim.fail_node("node-2", at=0)
    sim.run(until=44.999)
    assert status(sim, "node-2") == "Ready"
    sim.run(until=45)
    assert status(sim, "node-2") == "NotReady"


def test_version_default_grace_period(nodes):
    # 40 s up to v1.31: NotReady at 45 s
    sim = podsim.Simulation(nodes, kubernetes_version="1.31", timing=EXACT)
    sim.fail_node("node-2", at=0)
    sim.run(until=44.999)
    assert status(sim, "node-2") == "Ready"
    sim.run(until=45)
    assert status(sim, "node-2") == "NotReady"


def test_fail_node_not_ready_has_no_grace_period(sim):
    sim.fail_node("node-2", at=0, mode="not-ready")
    sim.run(until=15)
    assert status(sim, "node-2") == "NotReady"


def test_fail_zone_and_recover(sim):
    sim.fail_zone("zone-a", at=0)
    for n in ("node-1", "node-2", "node-3"):
        sim.recover_node(n, at="2m")
    sim.run(until=70)
    assert [r.status for r in sim.get_nodes()] == ["NotReady"] * 3
    sim.run(until=180)
    assert [r.status for r in sim.get_nodes()] == ["Ready"] * 3
    assert not any(k == UNREACHABLE for k, _, _ in taints(sim, "node-2"))


def test_fork_keeps_pending_node_actions(sim):
    sim.fail_node("node-2", at=0)
    sim.run(until=10)
    child = sim.fork()
    child.recover_node("node-2", at=20)
    sim.run(until=70)
    child.run(until=70)
    assert status(sim, "node-2") == "NotReady"
    assert status(child, "node-2") == "Ready"


# ---- the report ----------------------------------------------------------------------------------

RAW_REPORT = {
    "now": 600_000,
    "nodes": [{
        "name": "node-2", "zone": "zone-a", "failure": "unreachable", "failed_at": 0,
        "last_heartbeat": 0, "not_ready_at": 55_000, "noschedule_taint_at": 55_000,
        "noexecute_taint_at": 60_100, "recovered_at": -1, "deleted_at": -1, "drained_at": -1,
    }],
    "pods": [{
        "namespace": "default", "name": "db-0", "node": "node-2", "workload_kind": "StatefulSet",
        "workload_name": "db", "disrupted_at": 0, "unknown_since": 0, "not_ready_at": 55_000,
        "evicted_at": 360_100, "evicted_by": "TaintManager", "removed_at": -1, "replaced_by": "",
        "running_again_at": -1, "ready_again_at": -1,
        "stuck": "Terminating on unreachable node node-2",
    }, {
        "namespace": "default", "name": "web-a", "node": "node-2", "workload_kind": "Deployment",
        "workload_name": "web", "disrupted_at": 0, "unknown_since": 0, "not_ready_at": 55_000,
        "evicted_at": 360_100, "evicted_by": "TaintManager", "removed_at": -1,
        "replaced_by": "web-b", "running_again_at": 362_000, "ready_again_at": 362_500,
        "stuck": "",
    }],
    "workloads": [{
        "kind": "Deployment", "namespace": "default", "name": "web", "desired": 2, "ready": 2,
        "min_ready": 1, "disrupted_at": 55_000, "time_below_desired_ms": 307_500,
        "recovered_at": 362_500, "time_to_recovery_ms": 307_500,
        "ready_over_time": [{"time": 0, "value": 2}, {"time": 55_000, "value": 1},
                            {"time": 362_500, "value": 2}],
    }],
}


def test_report_conversion_from_the_c_fields():
    rep = podsim.Report(RAW_REPORT, "text\n")
    assert rep.now == 600.0
    db, web = rep.pods
    assert isinstance(db, podsim.PodReport)
    assert db.key == "default/db-0" and db.workload == "StatefulSet/db"
    assert db.not_ready_at == 55.0 and db.evicted_at == 360.1
    assert db.removed_at is None and db.replaced_by is None and db.downtime is None
    assert db.stuck.startswith("Terminating")
    assert web.replaced_by == "web-b" and web.stuck is None and web.downtime == 362.5
    (w,) = rep.workloads
    assert w.ready_over_time == [(0.0, 2), (55.0, 1), (362.5, 2)]
    assert w.time_below_desired == 307.5 and w.time_to_recovery == 307.5 and w.recovered
    (n,) = rep.nodes
    assert n.noexecute_taint_at == 60.1 and n.recovered_at is None and n.failure == "unreachable"
    assert rep.stuck == [db]
    assert rep.pod("db-0") is db and rep.pod("default/web-a") is web
    assert rep.workload("web") is w and rep.workload("Deployment/default/web") is w
    assert rep.node("node-2") is n
    with pytest.raises(KeyError):
        rep.pod("default/none")
    assert str(rep) == rep.summary() == "text\n"
    assert "2 pods disrupted (1 stuck)" in repr(rep)
    html = rep._repr_html_()
    assert "<table" in html and "db-0" in html and "Deployment/default/web" in html
    d = rep.to_dict()
    assert d["now"] == 600.0 and d["pods"][0]["name"] == "db-0"
    assert d["workloads"][0]["ready_over_time"][1] == [55.0, 1]
    import json
    json.dumps(d)


def test_report_to_pandas_columns():
    pd = pytest.importorskip("pandas")
    rep = podsim.Report(RAW_REPORT, "")
    pods = rep.to_pandas()
    assert list(pods.columns) == [
        "namespace", "name", "node", "workload_kind", "workload_name", "disrupted_at",
        "unknown_since", "not_ready_at", "evicted_at", "evicted_by", "removed_at", "replaced_by",
        "running_again_at", "ready_again_at", "stuck",
    ]
    assert len(pods) == 2 and pods.loc[1, "ready_again_at"] == 362.5
    assert pd.isna(pods.loc[0, "removed_at"])
    workloads = rep.to_pandas("workloads")
    assert list(workloads.columns) == [
        "kind", "namespace", "name", "desired", "ready", "min_ready", "disrupted_at",
        "time_below_desired", "recovered_at", "time_to_recovery", "ready_over_time",
    ]
    nodes = rep.to_pandas("nodes")
    assert list(nodes.columns)[:4] == ["name", "zone", "failure", "failed_at"]
    assert len(nodes.columns) == 11
    with pytest.raises(ValueError, match="workloads"):
        rep.to_pandas("events")


def test_report_of_a_run_without_failures(sim):
    sim.run(until=10)
    rep = sim.report()
    assert isinstance(rep, podsim.Report)
    assert rep.now == 10.0
    assert rep.pods == [] and rep.workloads == [] and rep.nodes == []
    assert str(rep) == sim.render("report")


def run_failure(nodes, **options):
    """A Deployment of 2 on three nodes; the node of its first pod becomes
    unreachable at 30 s; pods tolerate it for 10 s."""
    nl = {"default-unreachable-toleration-seconds": 10}
    sim = podsim.Simulation(nodes, kubernetes_version="1.34", seed=3, timing=EXACT,
                            node_lifecycle=nl, **options)
    sim.apply(DEPLOYMENT_YAML, at=0)
    sim.run(until=30)
    first = sim.get_pods()[0]
    node = sim.pod_status(f"default/{first.name}").node
    sim.fail_node(node, at=30)
    sim.run(until="5m")
    return sim, first.name, node


def test_report_after_a_node_failure(nodes):
    sim, pod, node = run_failure(nodes)
    rep = sim.report()
    assert rep.now == 300.0
    assert [n.name for n in rep.nodes] == [node]
    n = rep.nodes[0]
    assert n.failure == "unreachable" and n.failed_at == 30.0
    assert n.not_ready_at == 85.0  # 30 + 50 s grace, next pass
    assert n.noschedule_taint_at is not None and n.noexecute_taint_at is not None
    entry = rep.pod(f"default/{pod}")
    assert entry.node == node and entry.workload == "Deployment/web"
    assert entry.disrupted_at == 30.0 and entry.not_ready_at == 85.0
    assert entry.evicted_by == "TaintManager"
    # NoExecute at the next pass (90 s, plus the tainting loop), then 10 s
    assert 100.0 <= entry.evicted_at <= 101.0
    assert entry.replaced_by and entry.ready_again_at is not None
    (w,) = rep.workloads
    assert (w.kind, w.name, w.desired, w.ready, w.min_ready) == ("Deployment", "web", 2, 2, 1)
    assert w.disrupted_at == 85.0 and w.recovered_at is not None
    assert w.ready_over_time[0][1] <= 2 and (85.0, 1) in w.ready_over_time
    assert math.isclose(w.time_to_recovery, w.recovered_at - w.disrupted_at)
    text = rep.summary()
    assert node in text and pod in text
    # the low-level dict keeps the C fields (ms, -1 = never)
    raw = sim._s.report()
    assert raw["pods"][0]["not_ready_at"] == 85_000
    assert raw["nodes"][0]["recovered_at"] == -1


def test_report_is_a_snapshot(nodes):
    sim, pod, _ = run_failure(nodes)
    rep = sim.report()
    sim.run(until="10m")
    assert rep.now == 300.0 and sim.report().now == 600.0


# ---- the command line -------------------------------------------------------------------------------

def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "podsim", *args], capture_output=True,
                          text=True, cwd=REPO, timeout=120)


def test_cli_whatif_smoke():
    r = cli("whatif", str(CLUSTER_3), "--fail-node", "node-b", "--at", "10s", "--until", "2m",
            "--k8s-version", "1.34", "--seed", "7")
    assert r.returncode == 0, r.stderr
    out = r.stdout
    assert "node node-b unreachable at 10s, Kubernetes 1.34" in out
    assert "## Events" in out and "## Report" in out
    assert "NodeNotReady" in out and "node-b" in out
    assert r.stderr == ""


def test_cli_matches_the_api():
    r = cli("whatif", str(CLUSTER_3), "--fail-node", "node-b", "--until", "90s", "--events")
    assert r.returncode == 0, r.stderr
    sim = podsim.Simulation(podsim.Cluster.load(CLUSTER_3))
    sim.fail_node("node-b", at=0)
    sim.run(until=90)
    assert sim.event_log in r.stdout
    assert r.stdout.endswith(sim.report().summary())


def test_cli_recover_and_settings():
    r = cli("whatif", str(CLUSTER_3), "--fail-node", "node-a", "--mode", "not-ready",
            "--recover-at", "1m", "--until", "2m", "--set", "node-monitor-grace-period=40s",
            "--set", "node-eviction-rate=0.05")
    assert r.returncode == 0, r.stderr


@pytest.mark.parametrize("args, message", [
    ((), "the following arguments are required"),
    ((str(CLUSTER_3),), "--fail-node"),
    ((str(CLUSTER_3), "--fail-node", "node-a", "--mode", "gone"), "invalid choice"),
    ((str(CLUSTER_3), "--fail-node", "node-a", "--at", "soon"), "invalid time"),
    ((str(CLUSTER_3), "--fail-node", "node-a", "--at", "1m", "--until", "10s"), "before"),
    ((str(CLUSTER_3), "--fail-node", "node-a", "--set", "nope=1"), "--set"),
    ((str(CLUSTER_3), "--fail-node", "node-a", "--set", "novalue"), "FLAG=VALUE"),
])
def test_cli_usage_errors_exit_2(args, message):
    r = cli("whatif", *args)
    assert r.returncode == 2, r.stdout + r.stderr
    assert message in r.stderr
    assert r.stdout == ""


def test_cli_unknown_command_exits_2():
    assert cli("frobnicate").returncode == 2
    assert cli().returncode == 2


def test_cli_load_error_exits_1_with_position(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("apiVersion: v1\nkind: Node\nmetadata: {name: [unclosed\n")
    r = cli("whatif", str(bad), "--fail-node", "x")
    assert r.returncode == 1
    assert re.match(rf"podsim: {re.escape(str(bad))}:\d+:\d+: YAML syntax error", r.stderr)
    assert r.stdout == ""


def test_cli_missing_file_and_unknown_node_exit_1(tmp_path):
    r = cli("whatif", str(tmp_path / "none.yaml"), "--fail-node", "x")
    assert r.returncode == 1 and "none.yaml" in r.stderr
    r = cli("whatif", str(CLUSTER_3), "--fail-node", "node-z")
    assert r.returncode == 1 and 'nodes "node-z" not found' in r.stderr


def test_cli_help_and_version():
    r = cli("whatif", "--help")
    assert r.returncode == 0 and "--fail-node" in r.stdout and "--recover-at" in r.stdout
    r = cli("--version")
    assert r.returncode == 0 and r.stdout.strip() == f"podsim {podsim.__version__}"


def test_cli_main_in_process(capsys):
    from podsim._cli import main
    assert main(["whatif", str(CLUSTER_3), "--fail-node", "node-c", "--until", "1m"]) == 0
    assert "## Report" in capsys.readouterr().out


def test_console_script_installed():
    exe = shutil.which("podsim")
    if exe is None:
        pytest.skip("the podsim console script is not on PATH (package not pip-installed)")
    r = subprocess.run([exe, "whatif", str(CLUSTER_3), "--fail-node", "node-a", "--until", "1m"],
                       capture_output=True, text=True, timeout=120,
                       env=dict(os.environ, PYTHONPATH=""))
    assert r.returncode == 0, r.stderr
    assert "## Report" in r.stdout


def test_a_dump_with_a_lost_node_and_a_nodelost_pod() -> None:
    """A dump taken 5 minutes after n1 stopped heartbeating: the old
    NodeLost pod (phase Unknown) loads and prints as kubectl did, the
    report says since when each pod's state is unknown, and the pod that
    still shows Running is evicted 300 s after the NoExecute taint's
    timeAdded (09:55:55 + 300 s = 55 s after the dump)."""
    from podsim_testdata import DATA_DIR

    cluster = podsim.Cluster.load(DATA_DIR / "sim" / "nodelost-cluster.yaml")
    rows = {r.name: r for r in cluster.get_pods()}
    assert rows["old-app"].status == "Unknown"
    sim = podsim.Simulation(cluster, seed=1)
    sim.run(until="10m")
    report = sim.report()
    node = report.node("n1")
    assert node.last_heartbeat == -300.0
    assert node.not_ready_at == -250.0
    web = report.pod("default/web")
    assert web.unknown_since == -300.0
    assert web.not_ready_at == -250.0
    assert web.evicted_at == 55.0 and web.evicted_by == "TaintManager"
    assert "bare pod: no controller replaces it" in web.stuck
    old = report.pod("default/old-app")
    assert old.unknown_since == -300.0
    # deleted before the dump: deletionTimestamp 09:59:00 minus its 30 s
    assert old.evicted_at == -90.0 and old.evicted_by == "Delete"
    assert "state unknown since -300.000s" in old.stuck
