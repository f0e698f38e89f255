"""Node, Pod and generic views; sequences; rendering; repr and HTML."""

from __future__ import annotations

import datetime as dt
import sys

import pytest

import podsim
from podsim import Quantity

from podsim_testdata import SMALL_YAML

NEW_POD = """\
apiVersion: v1
kind: Pod
metadata: {name: web-2, namespace: default, creationTimestamp: "2025-01-01T00:00:00Z"}
spec:
  nodeName: worker-1
  containers:
  - name: app
    image: nginx
    resources: {requests: {cpu: "1", memory: 1Gi}}
status: {phase: Running}
"""


# ---- sequences and lookup -------------------------------------------------------


def test_sequences(small):
    assert len(small.nodes) == 2
    assert len(small.pods) == 3
    assert [n.name for n in small.nodes] == ["worker-1", "worker-2"]
    assert [p.key for p in small.pods] == ["default/web-0", "default/web-1", "jobs/batch-0"]
    assert small.pods[-1].key == "jobs/batch-0"
    assert [p.name for p in small.pods[1:]] == ["web-1", "batch-0"]
    assert small.pods["default/web-1"] == small.pod("default/web-1")
    with pytest.raises(IndexError):
        small.pods[3]
    assert small.nodes[0] in small.nodes


def test_lookup(small):
    n = small.node("worker-1")
    assert isinstance(n, podsim.Node) and n.name == "worker-1" and n.id == 0
    p = small.pod("default/web-0")
    assert isinstance(p, podsim.Pod)
    assert small.pod("web-0") == p  # namespace defaults to "default"
    assert small.pod("batch-0", namespace="jobs").key == "jobs/batch-0"
    assert small.get("Pod", "jobs/batch-0") == small.pods[2]
    assert small.get("pods", 2) == small.pods[2]
    d = small.get("Deployment", "default/web")
    assert isinstance(d, podsim.Object) and d.kind == "Deployment"
    assert small.get("deploy", "web") == d
    with pytest.raises(IndexError):
        small.get("Pod", 3)


def test_objects_and_workloads(small):
    deps = small.objects("deployments")
    assert len(deps) == 1 and deps.kind == "Deployment"
    assert small.workloads == [deps[0]]
    assert len(small.events) == 0
    assert small.count("Deployment") == 1
    assert podsim.kind_name("pvc") == "PersistentVolumeClaim"
    assert podsim.kind_name("priorityclasses") == "PriorityClass"
    assert podsim.kind_name("Node") == "Node"
    with pytest.raises(ValueError):
        podsim.kind_name("Widget")


# ---- pod and node fields -------------------------------------------------------


def test_pod_fields(small):
    p = small.pod("default/web-0")
    assert p.namespace == "default" and p.name == "web-0"
    assert p.key == "default/web-0"
    assert p.phase == "Running"
    assert p.node_name == "worker-1"
    assert p.node == small.node("worker-1")
    assert p.labels == {"app": "web"}
    assert p.requests == {"cpu": Quantity("500m"), "memory": Quantity("1Gi")}
    assert all(isinstance(q, Quantity) for q in p.requests.values())
    c0 = p.containers[0]
    assert c0.name == "app" and c0["image"] == "nginx:1.27"
    assert c0.requests["cpu"] == Quantity("500m")
    assert p.spec.restart_policy == "Always"
    assert p.status.container_statuses[0].state.kind == "running"
    assert p.meta.creation_timestamp == 1735689600000  # 2025-01-01T00:00:00Z in ms
    assert p.meta.deletion_timestamp is None
    assert p.priority == 0 or p.priority is None


def test_unbound_pod(small):
    p = small.pod("default/web-1")
    assert p.node_name == ""
    assert p.node is None
    assert p.phase == "Pending"
    # init container max rule: max(2 cpu init, 1 cpu regular)
    assert p.requests["cpu"] == Quantity("2")
    assert p.requests["memory"] == Quantity("512Mi")


def test_compute_requests(small):
    p = small.pod("jobs/batch-0")
    assert p.compute_requests() == {"cpu": Quantity("250m")}
    nz = p.compute_requests(non_zero=True)
    assert nz["cpu"] == Quantity("250m")
    assert nz["memory"] == Quantity("200Mi")  # scheduler's non-zero default


def test_node_fields(small):
    n = small.node("worker-1")
    assert n.allocatable["cpu"] == Quantity("3500m")
    assert n.capacity["memory"] == Quantity("8Gi")
    assert n.zone == "zone-a"
    assert n.hostname == "worker-1"
    # web-0 only: the Succeeded batch pod holds nothing, web-1 is unbound
    assert n.requested == {"cpu": Quantity("500m"), "memory": Quantity("1Gi")}
    assert n.pod_count == 1
    assert [p.name for p in n.pods] == ["web-0", "batch-0"]
    assert n.conditions[0].type == "Ready"
    w2 = small.node("worker-2")
    assert w2.unschedulable is True
    assert w2.taints[0].key == "dedicated"
    assert w2.taints[0].effect == "NoSchedule"
    assert w2.namespace is None and w2.key == "worker-2"


def test_views_refresh_after_load(small):
    n = small.node("worker-1")
    assert n.requested["cpu"] == Quantity("500m")
    small.loads(NEW_POD)
    assert n.requested["cpu"] == Quantity("1500m")
    assert n.pod_count == 2


def test_generic_object_fields(small):
    d = small.get("Deployment", "default/web")
    assert d.replicas == 2
    assert d.status_ready_replicas == 1
    assert d.selector.match_labels == {"app": "web"}
    assert d.template_pod.spec.containers[0].requests["memory"] == Quantity("1Gi")
    assert d.kind == "Deployment"
    with pytest.raises(AttributeError):
        d.no_such_field


def test_views_are_read_only(small):
    p = small.pod("default/web-0")
    with pytest.raises(AttributeError):
        p.phase = "Failed"  # type: ignore[misc]
    with pytest.raises(AttributeError):
        p.spec.node_name = "x"


def test_to_dict_and_raw(small):
    p = small.pod("default/web-0")
    d = p.to_dict()
    assert isinstance(d["spec"], dict)
    assert d["spec"]["containers"][0]["requests"]["cpu"] == Quantity("500m")
    raw = p.raw()
    assert raw["requests"]["cpu"] == (5, -1, "DecimalSI")
    assert set(raw) == {"id", "meta", "spec", "status", "requests", "removed", "node"}
    assert "namespace" in raw["meta"] and "namespace_" not in raw["meta"]


def test_views_equal_and_hash(small):
    a, b = small.pod("default/web-0"), small.pods[0]
    assert a == b and hash(a) == hash(b) and a is not b
    assert a != small.pods[1]
    other = podsim.Cluster()
    other.loads(SMALL_YAML)
    assert other.pods[0] != a


def test_pod_row(small):
    row = small.pod("default/web-0").row()
    assert isinstance(row, podsim.PodRow)
    assert row.ready == "1/1"
    assert row.status == "Running"
    assert row.restarts == "0"
    later = small.pod("default/web-0").row(as_of=dt.datetime(2025, 1, 1, 0, 10))
    assert later.age == "10m"
    assert small.pod("default/web-0").row(as_of=1735689600000 + 3_600_000).age == "60m"


# ---- rendering ------------------------------------------------------------------


def test_render_views(small):
    pods = small.render("pods")
    lines = pods.splitlines()
    assert lines[0].split()[:3] == ["NAMESPACE", "NAME", "READY"]
    assert len(lines) == 4
    assert "web-0" in pods
    wide = small.render("pods", wide=True)
    assert "NODE" in wide.splitlines()[0] and "NODE" not in lines[0].split()
    assert small.render("nodes").splitlines()[0].startswith("NAME")
    req = small.render("node-requests")
    assert "worker-1" in req
    with pytest.raises(ValueError):
        small.render("deployments")


def test_render_as_of(small):
    text = small.render("pods", as_of=dt.datetime(2025, 1, 2, tzinfo=dt.timezone.utc))
    assert "24h" in text or "1d" in text


# ---- repr and HTML ----------------------------------------------------------------


def test_reprs(small):
    assert repr(small.pod("default/web-0")) == "<Pod default/web-0 Running on worker-1>"
    assert repr(small.pod("default/web-1")) == "<Pod default/web-1 Pending>"
    assert repr(small.node("worker-1")) == "<Node worker-1 zone=zone-a pods=1>"
    assert "unschedulable" in repr(small.node("worker-2"))
    assert repr(small.get("Deployment", "default/web")) == "<Deployment default/web ready 1/2>"
    assert repr(small) == "<Cluster kubernetes 1.34: 2 Nodes, 3 Pods, 1 Deployment>"
    assert repr(podsim.Cluster()) == "<Cluster kubernetes 1.34: empty>"
    assert repr(small.pods).startswith("[<Pod default/web-0")
    s = repr(small.pod("default/web-0").containers[0])
    assert s.startswith("Struct(name='app'")


def test_repr_html(small):
    for obj in (small, small.nodes, small.pods, small.node("worker-1"),
                small.pod("default/web-0"), small.get("Deployment", "default/web"),
                small.objects("Deployment"), small.pod("default/web-0").spec):
        html = obj._repr_html_()
        assert html.startswith("<table") and html.endswith("</table>")
    assert "worker-1" in small.nodes._repr_html_()
    assert "web-0" in small.pods._repr_html_()
    assert "Running" in small.pod("default/web-0")._repr_html_()


def test_html_escapes():
    c = podsim.Cluster()
    c.loads(
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n  labels: {a: '<b>'}\n"
        "spec: {containers: [{name: c, image: i}]}\n"
    )
    html = c.pods[0]._repr_html_()
    assert "<b>" not in html and "&lt;b&gt;" in html


# ---- pandas ----------------------------------------------------------------------


def test_to_pandas_without_pandas(small, monkeypatch):
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(ImportError, match="pandas"):
        small.to_pandas("pods")


def test_to_pandas(small):
    pd = pytest.importorskip("pandas")
    df = small.to_pandas("pods")
    assert isinstance(df, pd.DataFrame)
    assert list(df["name"]) == ["web-0", "web-1", "batch-0"]
    assert list(df["cpu_request_milli"]) == [500, 2000, 250]
    nodes = small.to_pandas("nodes")
    assert list(nodes["cpu_allocatable_milli"]) == [3500, 8000]
    assert list(nodes["cpu_requested_milli"]) == [500, 0]
    with pytest.raises(ValueError):
        small.to_pandas("events")
