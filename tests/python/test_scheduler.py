"""Scheduling from Python (issue 3): SchedulerConfig, Cluster.schedule and
schedule_pending, the explanation, custom plugins written in Python, and the
shared scheduler fixtures of tests/data/scheduler (also run from C and Lua).

Expected texts are kube-scheduler's (FitError.Error(), plugin reasons); the
small cluster below is built so that each outcome follows from upstream's
rules by hand.
"""

from __future__ import annotations

import gc
import json
import re
import threading
import weakref
from pathlib import Path
from typing import Any, Dict, List

import pytest

import podsim
from podsim import _podsim

from podsim_testdata import DATA_DIR, REPO

# Three nodes: "small" (2 cpu, zone a), "big" (8 cpu, 7 of them taken by a
# priority-0 pod, zone b) and "control" (tainted control-plane). Pending:
# "web" (1 cpu, fits small and big), "huge" (3 cpu, fits nowhere) and
# "urgent" (3 cpu, priority 1000: fits nowhere, but evicting "filler"
# from big makes room).
CLUSTER_YAML = """\
apiVersion: v1
kind: Node
metadata:
  name: small
  labels: {kubernetes.io/hostname: small, topology.kubernetes.io/zone: a, disk: ssd}
status:
  allocatable: {cpu: "2", memory: 4Gi, pods: "110"}
---
apiVersion: v1
kind: Node
metadata:
  name: big
  labels: {kubernetes.io/hostname: big, topology.kubernetes.io/zone: b}
status:
  allocatable: {cpu: "8", memory: 16Gi, pods: "110"}
---
apiVersion: v1
kind: Node
metadata:
  name: control
  labels: {kubernetes.io/hostname: control, node-role.kubernetes.io/control-plane: ""}
spec:
  taints: [{key: node-role.kubernetes.io/control-plane, effect: NoSchedule}]
status:
  allocatable: {cpu: "4", memory: 8Gi, pods: "110"}
---
apiVersion: scheduling.k8s.io/v1
kind: PriorityClass
metadata: {name: high}
value: 1000
---
apiVersion: v1
kind: Pod
metadata: {name: filler, namespace: default, labels: {app: filler}}
spec:
  nodeName: big
  containers: [{name: c, image: busybox, resources: {requests: {cpu: "7", memory: 1Gi}}}]
status: {phase: Running}
---
apiVersion: v1
kind: Pod
metadata:
  name: web
  namespace: default
  labels: {app: web}
  creationTimestamp: "2025-01-01T00:00:00Z"
spec:
  containers: [{name: c, image: nginx, resources: {requests: {cpu: "1", memory: 1Gi}}}]
---
apiVersion: v1
kind: Pod
metadata:
  name: huge
  namespace: default
  creationTimestamp: "2025-01-01T00:01:00Z"
spec:
  containers: [{name: c, image: nginx, resources: {requests: {cpu: "3"}}}]
---
apiVersion: v1
kind: Pod
metadata:
  name: urgent
  namespace: default
  creationTimestamp: "2025-01-01T00:02:00Z"
spec:
  priorityClassName: high
  containers: [{name: c, image: nginx, resources: {requests: {cpu: "3"}}}]
"""

TAINT = "node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }"
HUGE_MESSAGE = (
    f"0/3 nodes are available: 1 {TAINT}, 2 Insufficient cpu. "
    "preemption: 0/3 nodes are available: 1 No preemption victims found for "
    "incoming pod, 2 Preemption is not helpful for scheduling."
)
DEFAULT_SCORE_PLUGINS = [
    "TaintToleration",
    "NodeAffinity",
    "NodeResourcesFit",
    "VolumeBinding",  # PreScore skips: StorageCapacityScoring is alpha
    "PodTopologySpread",
    "InterPodAffinity",
    "NodeResourcesBalancedAllocation",
    "ImageLocality",
]

# A pod that fits anywhere untainted, as text and as a dict.
EXTRA_POD = {
    "apiVersion": "v1",
    "kind": "Pod",
    "metadata": {"name": "extra", "namespace": "default"},
    "spec": {"containers": [{"name": "c", "image": "nginx",
                             "resources": {"requests": {"cpu": "500m"}}}]},
}


def config_with(filter_plugins=(), score_plugins=(), **extra: Any) -> podsim.SchedulerConfig:
    """The default profile plus custom plugins enabled at Filter / Score."""
    plugins: Dict[str, Any] = {}
    if filter_plugins:
        plugins["filter"] = {"enabled": [{"name": n} for n in filter_plugins]}
    if score_plugins:
        plugins["score"] = {"enabled": [
            {"name": n, "weight": w} if w else {"name": n} for n, w in score_plugins]}
    profile = {"schedulerName": "default-scheduler", "plugins": plugins}
    return podsim.SchedulerConfig.from_dict({"profiles": [profile], **extra})


@pytest.fixture
def c() -> podsim.Cluster:
    cluster = podsim.Cluster()
    cluster.loads(CLUSTER_YAML, source="scheduler.yaml")
    return cluster


@pytest.fixture(autouse=True)
def clean_registry():
    """Module-wide plugins registered by a test do not leak into others."""
    before = set(podsim.registered_plugins())
    yield
    for name in set(podsim.registered_plugins()) - before:
        podsim.unregister_plugin(name)


# ---- SchedulerConfig ---------------------------------------------------------------


def test_default_config_profiles_and_describe():
    cfg = podsim.SchedulerConfig.default()
    assert cfg.profiles == ["default-scheduler"]
    text = cfg.describe()
    assert text == cfg.describe("default-scheduler")
    # the default score plugins and weights (upstream getDefaultPlugins)
    assert ("score: TaintToleration(3) NodeAffinity(2) NodeResourcesFit(1) "
            "VolumeBinding(1) PodTopologySpread(2) InterPodAffinity(2) "
            "NodeResourcesBalancedAllocation(1) ImageLocality(1)") in text
    assert "postFilter: DefaultPreemption" in text
    assert "default-scheduler" in repr(cfg)
    assert "DefaultPreemption" in cfg._repr_html_()


def test_config_from_file_dict_and_text(tmp_path):
    doc = {
        "apiVersion": "kubescheduler.config.k8s.io/v1",
        "kind": "KubeSchedulerConfiguration",
        "profiles": [
            {"schedulerName": "default-scheduler"},
            {"schedulerName": "no-scoring",
             "plugins": {"score": {"disabled": [{"name": "*"}]}}},
        ],
    }
    path = tmp_path / "kube-scheduler-config.yaml"
    path.write_text(json.dumps(doc))  # JSON is YAML
    for cfg in (podsim.SchedulerConfig.load(path),
                podsim.SchedulerConfig.load(str(path)),
                podsim.SchedulerConfig.from_dict(doc),
                podsim.SchedulerConfig.loads(json.dumps(doc))):
        assert cfg.profiles == ["default-scheduler", "no-scoring"]
        assert "TaintToleration(3)" not in cfg.describe("no-scoring")
    # apiVersion and kind may be left out of a dict
    assert podsim.SchedulerConfig.from_dict({"profiles": doc["profiles"]}).profiles == [
        "default-scheduler", "no-scoring"]


def test_config_errors_name_the_field():
    with pytest.raises(podsim.InvalidArgument) as info:
        podsim.SchedulerConfig.from_dict({"percentageOfNodesToScore": 101})
    assert "percentageOfNodesToScore: Invalid value: 101" in str(info.value)
    assert isinstance(info.value, ValueError)
    with pytest.raises(podsim.InvalidArgument, match="apiVersion"):
        podsim.SchedulerConfig.from_dict({"apiVersion": "kubescheduler.config.k8s.io/v2"})
    with pytest.raises(podsim.ParseError) as perr:
        podsim.SchedulerConfig.loads("profiles: [\n", source="bad.yaml")
    assert perr.value.path == "bad.yaml" and perr.value.line is not None
    with pytest.raises(podsim.FileError):
        podsim.SchedulerConfig.load("/nonexistent/kube-scheduler-config.yaml")
    # unknown plugins are found when the profile is used
    cfg = config_with(score_plugins=[("Nope", 0)])
    with pytest.raises(podsim.InvalidArgument, match="Nope"):
        cfg.describe()
    with pytest.raises(podsim.NotFound):
        podsim.SchedulerConfig.default().describe("no-such-profile")
    with pytest.raises(TypeError):
        podsim.SchedulerConfig._coerce(42)  # type: ignore[arg-type]


# ---- scheduling one pod --------------------------------------------------------------


def test_schedule_fits_and_explains(c):
    r = c.schedule(c.pod("default/web"), explain=True)
    assert r.node == "small"
    assert r.scheduled and not r.bound and not r.gated
    assert r.message == ""
    assert r.pod == "default/web" and r.profile == "default-scheduler"
    assert r.node_count == 3 and r.evaluated == 3
    assert r.feasible == ["small", "big"]
    assert r.filters == {"control": {"plugin": "TaintToleration",
                                     "status": "UnschedulableAndUnresolvable",
                                     "reasons": [TAINT]}}
    assert r.score_plugins == DEFAULT_SCORE_PLUGINS
    assert set(r.scores) == {"small", "big"}
    for node, plugins in r.scores.items():
        assert list(plugins) == DEFAULT_SCORE_PLUGINS
        for name, s in plugins.items():
            assert set(s) == {"raw", "score", "weighted"}
            assert 0 <= s["score"] <= 100
            assert s["weighted"] == s["score"] * r.weights[name]
        assert r.totals[node] == sum(s["weighted"] for s in plugins.values())
    assert r.weights == {"TaintToleration": 3, "NodeAffinity": 2, "NodeResourcesFit": 1,
                         "VolumeBinding": 1, "PodTopologySpread": 2, "InterPodAffinity": 2,
                         "NodeResourcesBalancedAllocation": 1,
                         "ImageLocality": 1}
    # LeastAllocated: small ends at 1/2 cpu used, big at 8/8: small wins
    assert r.scores["small"]["NodeResourcesFit"]["score"] > \
        r.scores["big"]["NodeResourcesFit"]["score"]
    assert r.top_nodes == ["small"]
    assert max(r.totals, key=r.totals.__getitem__) == "small"
    # no taints to tolerate: TaintToleration normalizes to 100 everywhere
    assert r.scores["small"]["TaintToleration"] == {"raw": 0, "score": 100, "weighted": 300}
    # nothing bound
    assert c.pod("default/web").node_name == ""
    assert "default/web" in repr(r) and "small" in repr(r)
    assert "small" in r._repr_html_()


def test_schedule_without_explain_keeps_the_outcome(c):
    r = c.schedule(c.pod("default/web"))
    assert r.node == "small"
    assert r.filters == {} and r.scores == {} and r.totals == {}
    assert r.feasible == ["small", "big"]


def test_unschedulable_message_is_kube_schedulers(c):
    r = c.schedule(c.pod("default/huge"), explain=True)
    assert r.node is None and not r.scheduled
    assert r.message == HUGE_MESSAGE
    assert r.feasible == [] and r.top_nodes == [] and r.totals == {}
    assert r.filters["control"]["plugin"] == "TaintToleration"
    assert r.filters["big"] == {"plugin": "NodeResourcesFit", "status": "Unschedulable",
                                "reasons": ["Insufficient cpu"]}
    assert r.filters["small"]["reasons"] == ["Insufficient cpu"]
    # preemption ran and found nothing
    assert r.preemption == {"node": None, "victims": [], "pdb_violations": 0}
    assert "unschedulable" in repr(r) and "Insufficient cpu" in repr(r)


def test_preemption_reports_node_and_victims(c):
    r = c.schedule(c.pod("default/urgent"), explain=True)
    assert r.node is None
    assert r.preemption == {"node": "big", "victims": ["default/filler"], "pdb_violations": 0}
    assert "nominated big" in repr(r)
    assert "evict default/filler" in r._repr_html_()
    # reported, not carried out
    assert c.pod("default/filler").node_name == "big"
    no = c.schedule(c.pod("default/urgent"), preemption=False)
    assert no.preemption is None
    assert no.message == f"0/3 nodes are available: 1 {TAINT}, 2 Insufficient cpu."


def test_bind_updates_the_model(c):
    before = c.node("small").requested.get("cpu")
    assert before is None or before.milli == 0
    r = c.schedule(c.pod("default/web"), bind=True)
    assert r.bound and r.node == "small"
    assert c.pod("default/web").node_name == "small"
    assert c.node("small").requested["cpu"].milli == 1000
    assert "bound to small" in repr(r)


def test_pod_as_text_or_dict_stays_out_unless_bound(c):
    n = c.count("Pod")
    r = c.schedule(json.dumps(EXTRA_POD))
    assert r.node == "small" and r.pod == "default/extra"
    r = c.schedule("apiVersion: v1\nkind: Pod\nmetadata: {name: y}\n"
                   "spec: {containers: [{name: c, image: nginx}]}\n")
    assert r.scheduled and r.pod == "default/y"
    spec_only = {k: v for k, v in EXTRA_POD.items() if k not in ("apiVersion", "kind")}
    assert c.schedule(spec_only).node == "small"  # apiVersion/kind optional
    assert c.count("Pod") == n
    r = c.schedule(EXTRA_POD, bind=True)
    assert r.bound
    assert c.count("Pod") == n + 1
    assert c.pod("default/extra").node_name == "small"


def test_pod_argument_checks(c):
    other = podsim.Cluster()
    other.loads(CLUSTER_YAML)
    with pytest.raises(ValueError, match="another cluster"):
        c.schedule(other.pod("default/web"))
    with pytest.raises(TypeError):
        c.schedule(c.node("small"))  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        c.schedule(3.5)  # type: ignore[arg-type]
    with pytest.raises(podsim.InvalidArgument):
        c.schedule(10_000)  # no such pod id
    with pytest.raises(podsim.ParseError):
        c.schedule("kind: Pod\nmetadata: [\n")
    with pytest.raises(ValueError):
        c.schedule(c.pod("default/web"), seed=-1)


def test_profile_and_config_forms(c, tmp_path):
    doc = {"profiles": [{"schedulerName": "default-scheduler"},
                        {"schedulerName": "packer", "pluginConfig": [
                            {"name": "NodeResourcesFit", "args": {"scoringStrategy": {
                                "type": "MostAllocated",
                                "resources": [{"name": "cpu", "weight": 1},
                                              {"name": "memory", "weight": 1}]}}}]}]}
    spread = c.schedule(c.pod("default/web"), config=doc, explain=True)
    assert spread.profile == "default-scheduler" and spread.node == "small"
    packed = c.schedule(c.pod("default/web"), config=doc, profile="packer", explain=True)
    assert packed.profile == "packer"
    # MostAllocated prefers the fuller node
    assert packed.scores["big"]["NodeResourcesFit"]["score"] > \
        packed.scores["small"]["NodeResourcesFit"]["score"]
    path = tmp_path / "cfg.json"
    path.write_text(json.dumps({"apiVersion": "kubescheduler.config.k8s.io/v1",
                                "kind": "KubeSchedulerConfiguration", **doc}))
    assert c.schedule(c.pod("default/web"), config=str(path), profile="packer").profile == "packer"
    with pytest.raises(podsim.NotFound):
        c.schedule(c.pod("default/web"), profile="nobody")


def test_exhaustive_and_seed(c):
    # two identical empty nodes tie: the seeded tie-break is reproducible
    tie = podsim.Cluster()
    tie.loads("".join(
        f"---\napiVersion: v1\nkind: Node\nmetadata: {{name: n{i}}}\n"
        f"status: {{allocatable: {{cpu: '4', memory: 8Gi, pods: '110'}}}}\n"
        for i in range(4)))
    pod = EXTRA_POD
    r = tie.schedule(pod, seed=7, explain=True, exhaustive=True)
    assert sorted(r.top_nodes) == ["n0", "n1", "n2", "n3"]
    assert r.node in r.top_nodes
    again = tie.schedule(pod, seed=7, exhaustive=True)
    assert again.node == r.node
    assert r.evaluated == 4


# ---- the queue ----------------------------------------------------------------------------


def test_schedule_pending_in_priority_order(c):
    placements = c.schedule_pending()
    assert isinstance(placements, podsim.Placements) and isinstance(placements, list)
    # PrioritySort: urgent (1000) first, then web and huge by creation time
    assert [r.pod for r in placements] == ["default/urgent", "default/web", "default/huge"]
    assert placements.by_pod == {"default/urgent": None, "default/web": "small",
                                 "default/huge": None}
    assert [r.pod for r in placements.scheduled] == ["default/web"]
    assert [r.pod for r in placements.unschedulable] == ["default/urgent", "default/huge"]
    assert placements.gated == []
    assert (placements.scheduled_count, placements.unschedulable_count,
            placements.gated_count) == (1, 2, 0)
    assert placements[0].preemption is not None
    assert placements[0].preemption["node"] == "big"
    # bound as it went
    assert c.pod("default/web").node_name == "small"
    assert repr(placements) == "<Placements 3 pods: 1 scheduled, 2 unschedulable, 0 gated>"
    assert "default/huge" in placements._repr_html_()
    # nothing left that fits
    again = c.schedule_pending()
    assert [r.pod for r in again] == ["default/urgent", "default/huge"]


def test_schedule_pending_sees_earlier_placements():
    c = podsim.Cluster()
    c.loads("apiVersion: v1\nkind: Node\nmetadata: {name: only}\n"
            "status: {allocatable: {cpu: '2', memory: 4Gi, pods: '110'}}\n")
    for i in range(3):
        c.loads(json.dumps({"apiVersion": "v1", "kind": "Pod",
                            "metadata": {"name": f"p{i}", "namespace": "default",
                                         "creationTimestamp": f"2025-01-01T00:0{i}:00Z"},
                            "spec": {"containers": [{"name": "c", "image": "x", "resources":
                                                     {"requests": {"cpu": "1"}}}]}}))
    placements = c.schedule_pending(explain=True)
    assert placements.by_pod == {"default/p0": "only", "default/p1": "only",
                                 "default/p2": None}
    assert placements[2].message.startswith("0/1 nodes are available: 1 Insufficient cpu.")


def test_schedule_pending_gated_pods():
    c = podsim.Cluster()
    c.loads("apiVersion: v1\nkind: Node\nmetadata: {name: only}\n"
            "status: {allocatable: {cpu: '2', memory: 4Gi, pods: '110'}}\n---\n"
            "apiVersion: v1\nkind: Pod\nmetadata: {name: held, namespace: default}\n"
            "spec: {schedulingGates: [{name: example.com/wait}], "
            "containers: [{name: c, image: x}]}\n")
    placements = c.schedule_pending()
    assert [r.pod for r in placements.gated] == ["default/held"]
    assert placements[0].gated and placements[0].node is None
    assert "gated" in repr(placements[0])
    assert c.schedule(c.pod("default/held")).gated


# ---- pandas --------------------------------------------------------------------------------


def test_to_pandas(c):
    pd = pytest.importorskip("pandas")
    r = c.schedule(c.pod("default/web"), explain=True)
    df = r.to_pandas()
    assert list(df.columns) == ["node", "plugin", "status", "reasons", "raw", "score",
                                "weighted", "weight", "total"]
    scored = df[df.status == "Success"]
    assert len(scored) == 2 * len(DEFAULT_SCORE_PLUGINS)  # node x plugin
    assert scored.groupby("node").weighted.sum().to_dict() == r.totals
    failing = df[df.status != "Success"]
    assert failing.node.tolist() == ["control"]
    assert failing.reasons.iloc[0] == [TAINT]
    assert failing.total.isna().all()
    # a heatmap is one pivot away
    heat = scored.pivot(index="node", columns="plugin", values="weighted")
    assert heat.loc["small", "TaintToleration"] == 300
    pl = c.schedule_pending().to_pandas()
    assert list(pl.columns) == ["pod", "node", "bound", "gated", "message",
                                "nominated_node", "victims"]
    assert pl.set_index("pod").loc["default/urgent", "nominated_node"] == "big"


# ---- custom plugins --------------------------------------------------------------------------


def test_custom_filter_sees_views_and_rejects(c):
    calls: List[tuple] = []

    def ssd_only(pod: podsim.Pod, node: podsim.Node):
        calls.append((pod.key, node.name, pod.labels.get("app")))
        if node.labels.get("disk") != "ssd":
            return (False, "node(s) had no ssd")
        return True

    cfg = config_with(filter_plugins=["SSD"])
    cfg.register_plugin("SSD", filter=ssd_only)
    assert cfg.plugins == ["SSD"]
    assert "filter:" in cfg.describe() and " SSD" in cfg.describe()
    r = c.schedule(c.pod("default/huge"), config=cfg, explain=True, preemption=False)
    # the built-in filters fail first on every node (first failure wins)
    assert calls == []
    assert r.filters["big"]["plugin"] == "NodeResourcesFit"
    # an extra pod that fits small and big: big is rejected by SSD
    r = c.schedule(EXTRA_POD, config=cfg, explain=True)
    assert r.node == "small" and r.feasible == ["small"]
    assert r.filters["big"] == {"plugin": "SSD", "status": "Unschedulable",
                                "reasons": ["node(s) had no ssd"]}
    assert sorted(n for _, n, _ in calls) == ["big", "small"]
    assert {p for p, _, _ in calls} == {"default/extra"}


@pytest.mark.parametrize("ret, status, reason", [
    (False, "Unschedulable", "node(s) rejected by Veto"),
    ("node(s) are vetoed", "Unschedulable", "node(s) are vetoed"),
    ((False, "vetoed"), "Unschedulable", "vetoed"),
    ((False, "for good", True), "UnschedulableAndUnresolvable", "for good"),
])
def test_filter_return_forms(c, ret, status, reason):
    cfg = config_with(filter_plugins=["Veto"])
    cfg.register_plugin("Veto", filter=lambda pod, node: ret)
    r = c.schedule(EXTRA_POD, config=cfg, explain=True, preemption=False)
    assert r.node is None
    assert r.filters["small"] == {"plugin": "Veto", "status": status, "reasons": [reason]}
    assert f"2 {reason}" in r.message


def test_filter_returning_true_or_none_passes(c):
    for ret in (True, None, (True, "ignored")):
        cfg = config_with(filter_plugins=["Yes"])
        cfg.register_plugin("Yes", filter=lambda pod, node, ret=ret: ret)
        assert c.schedule(EXTRA_POD, config=cfg).node == "small"


def test_module_registry_and_score_weights(c):
    def prefer_big(pod: podsim.Pod, node: podsim.Node) -> int:
        return 100 if node.name == "big" else 0

    podsim.register_plugin("PreferBig", score=prefer_big, weight=50)
    assert "PreferBig" in podsim.registered_plugins()
    # registered everywhere, but runs only where enabled
    assert c.schedule(EXTRA_POD).node == "small"
    cfg = config_with(score_plugins=[("PreferBig", 0)])
    r = c.schedule(EXTRA_POD, config=cfg, explain=True)
    assert r.weights["PreferBig"] == 50  # the registered weight
    assert r.scores["big"]["PreferBig"] == {"raw": 100, "score": 100, "weighted": 5000}
    assert r.scores["small"]["PreferBig"] == {"raw": 0, "score": 0, "weighted": 0}
    assert r.node == "big"
    assert "PreferBig" in r.score_plugins
    # a weight in the configuration wins
    r = c.schedule(EXTRA_POD, config=config_with(score_plugins=[("PreferBig", 1)]),
                   explain=True)
    assert r.weights["PreferBig"] == 1
    assert r.scores["big"]["PreferBig"]["weighted"] == 100
    assert r.node == max(r.totals, key=r.totals.__getitem__)
    # a later registration replaces the plugin on configurations in use
    podsim.register_plugin("PreferBig", score=lambda pod, node: 0, weight=50)
    r = c.schedule(EXTRA_POD, config=cfg, explain=True)
    assert r.scores["big"]["PreferBig"]["raw"] == 0 and r.node == "small"
    podsim.unregister_plugin("PreferBig")
    assert "PreferBig" not in podsim.registered_plugins()
    with pytest.raises(KeyError):
        podsim.unregister_plugin("PreferBig")


def test_filter_and_score_in_one_plugin(c):
    def fits(pod, node):
        return node.name != "small"

    def score(pod, node):
        return 10

    podsim.register_plugin("Both", filter=fits, score=score, weight=2)
    cfg = podsim.SchedulerConfig.from_dict({"profiles": [{
        "schedulerName": "default-scheduler",
        "plugins": {"multiPoint": {"enabled": [{"name": "Both"}]}}}]})
    r = c.schedule(EXTRA_POD, config=cfg, explain=True)
    assert r.node == "big"
    assert r.filters["small"]["plugin"] == "Both"
    assert r.filters["small"]["reasons"] == ["node(s) rejected by Both"]


def test_register_plugin_checks():
    with pytest.raises(podsim.AlreadyExists):
        podsim.register_plugin("NodeAffinity", filter=lambda p, n: True)
    assert "NodeAffinity" not in podsim.registered_plugins()
    with pytest.raises(TypeError):
        podsim.register_plugin("Nothing")
    with pytest.raises(TypeError):
        podsim.register_plugin("NotCallable", filter=42)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        podsim.register_plugin("", score=lambda p, n: 0)
    with pytest.raises(ValueError):
        podsim.register_plugin("W", score=lambda p, n: 0, weight=0)
    with pytest.raises(TypeError):
        _podsim.SchedulerConfig().register_plugin("X", filter=1)  # type: ignore[arg-type]


class Boom(Exception):
    pass


def test_callback_exception_is_plugin_error_with_cause(c):
    def explode(pod, node):
        raise Boom(f"cannot judge {node.name}")

    cfg = config_with(filter_plugins=["Explode"])
    cfg.register_plugin("Explode", filter=explode)
    with pytest.raises(podsim.PluginError) as info:
        c.schedule(EXTRA_POD, config=cfg)
    err = info.value
    assert isinstance(err, podsim.Error)
    assert isinstance(err.__cause__, Boom)
    assert "Explode" in str(err) and "Boom: cannot judge" in str(err)
    assert err.__cause__.__traceback__ is not None
    # the cluster is unchanged and usable, the config too
    assert c.count("Pod") == 4
    cfg.register_plugin("Explode", filter=lambda pod, node: True)
    assert c.schedule(EXTRA_POD, config=cfg).node == "small"


@pytest.mark.parametrize("value, cause", [
    (101, ValueError), (-1, ValueError), ("high", TypeError), (True, TypeError),
    (None, TypeError), (2**70, ValueError),
])
def test_bad_scores_are_plugin_errors(c, value, cause):
    cfg = config_with(score_plugins=[("Bad", 0)])
    cfg.register_plugin("Bad", score=lambda pod, node: value)
    with pytest.raises(podsim.PluginError) as info:
        c.schedule(EXTRA_POD, config=cfg)
    assert isinstance(info.value.__cause__, cause)
    assert "Bad" in str(info.value)


def test_bad_filter_result_is_plugin_error(c):
    cfg = config_with(filter_plugins=["Odd"])
    cfg.register_plugin("Odd", filter=lambda pod, node: 42)
    with pytest.raises(podsim.PluginError) as info:
        c.schedule(EXTRA_POD, config=cfg)
    assert isinstance(info.value.__cause__, TypeError)


def test_binding_level_callbacks(c):
    """_podsim's protocol: fn(pod_id, node_id); a filter returns None/True,
    a reason or (reason, unresolvable); a score an int."""
    cfg = _podsim.SchedulerConfig()
    cfg.load_string(json.dumps({
        "apiVersion": "kubescheduler.config.k8s.io/v1",
        "kind": "KubeSchedulerConfiguration",
        "profiles": [{"schedulerName": "default-scheduler", "plugins": {
            "filter": {"enabled": [{"name": "Raw"}]},
            "score": {"enabled": [{"name": "Raw"}]}}}]}))
    seen = []

    def filt(pod_id, node_id):
        seen.append((pod_id, node_id))
        return ("no", True) if node_id == c.node("big").id else None

    cfg.register_plugin("Raw", filt, lambda pod_id, node_id: 5, 3)
    raw = c._c.schedule(cfg, c.pod("default/web").id, None,
                        _podsim.SCHEDULE_EXPLAIN | _podsim.SCHEDULE_NO_PREEMPTION, 0)
    assert raw["node"] == "small"
    assert {n for _, n in seen} == {c.node("small").id, c.node("big").id}
    assert {p for p, _ in seen} == {c.pod("default/web").id}
    big = [f for f in raw["filters"] if f["node"] == "big"][0]
    assert big["plugin"] == "Raw" and big["reasons"] == ["no"]
    assert _podsim.enum_name(_podsim.ENUM_FIT_CODE, 2) in (None, "UnschedulableAndUnresolvable")


def test_keyboard_interrupt_passes_through(c):
    def interrupt(pod, node):
        raise KeyboardInterrupt

    cfg = config_with(filter_plugins=["Stop"])
    cfg.register_plugin("Stop", filter=interrupt)
    with pytest.raises(KeyboardInterrupt):
        c.schedule(EXTRA_POD, config=cfg)


def test_callbacks_may_read_but_not_change(c):
    reads = []

    def reader(pod, node):
        # views, counts and lookups work inside a callback
        reads.append((len(c.pods), c.node("small").name, node.requested.get("cpu"),
                      pod.row().status))
        return True

    cfg = config_with(filter_plugins=["Reader"])
    cfg.register_plugin("Reader", filter=reader)
    assert c.schedule(EXTRA_POD, config=cfg).node == "small"
    assert reads and reads[0][0] == 5  # the pod being scheduled is in the model

    for what, action in [
        ("loading", lambda: c.loads("apiVersion: v1\nkind: Namespace\nmetadata: {name: x}\n")),
        ("scheduling", lambda: c.schedule(c.pod("default/web"))),
        ("close", lambda: c.close()),
        ("register", lambda: cfg.register_plugin("Other", filter=lambda p, n: True)),
    ]:
        def change(pod, node, action=action):
            action()
            return True

        cfg.register_plugin("Reader", filter=change)
        with pytest.raises(podsim.PluginError) as info:
            c.schedule(EXTRA_POD, config=cfg)
        assert isinstance(info.value.__cause__, RuntimeError), what
        assert "callback" in str(info.value.__cause__)
    assert not c.closed
    assert c.count("Namespace") == 0


def test_config_is_released_with_its_callbacks(c):
    class Marker:
        def __call__(self, pod, node):
            return True

    marker = Marker()
    ref = weakref.ref(marker)
    cfg = config_with(filter_plugins=["M"])
    cfg.register_plugin("M", filter=marker)
    del marker
    assert ref() is not None  # the configuration keeps it alive
    assert c.schedule(EXTRA_POD, config=cfg).node == "small"
    cfg_ref = weakref.ref(cfg)
    del cfg
    gc.collect()
    assert cfg_ref() is None
    assert ref() is None


def test_callback_cycle_is_collected():
    """config -> callback -> config: tp_traverse lets the collector free it."""

    class Callback:
        cfg: Any = None

        def __call__(self, pod_id: int, node_id: int) -> None:
            return None

    cb = Callback()
    cb.cfg = _podsim.SchedulerConfig()
    cb.cfg.register_plugin("Cycle", cb, None, 1)
    ref = weakref.ref(cb)
    del cb
    gc.collect()
    assert ref() is None


def test_threads_share_a_config():
    cfg = config_with(score_plugins=[("Slow", 0)])
    cfg.register_plugin("Slow", score=lambda pod, node: sum(range(200)) % 50)
    errors = []
    results = []

    def work():
        try:
            cl = podsim.Cluster()
            cl.loads(CLUSTER_YAML)
            for _ in range(20):
                results.append(cl.schedule(EXTRA_POD, config=cfg).node)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert results == ["small"] * 80


# ---- the binding's dicts and module functions ------------------------------------------


def header_fields(struct: str) -> List[str]:
    text = (REPO / "core" / "include" / "podsim.h").read_text(encoding="utf-8")
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    body = re.search(r"typedef struct %s \{(.*?)\} %s;" % (struct, struct), text, re.S)
    assert body, struct
    names = []
    for decl in body.group(1).split(";"):
        decl = " ".join(decl.split())
        if decl:
            names.append(re.search(r"(\w+)(\[.*\])?$", decl).group(1))
    return names


def test_result_dicts_use_header_field_names(c):
    raw = c._c.schedule(None, c.pod("default/huge").id, None, _podsim.SCHEDULE_EXPLAIN, 0)
    counted = {"filter_count", "score_count", "plugin_count"}  # folded into lists
    assert list(raw) == [f for f in header_fields("podsim_schedule_result") if f not in counted]
    assert list(raw["filters"][0]) == header_fields("podsim_node_filter")
    assert list(raw["preemption"]) == header_fields("podsim_preemption")
    ok = c._c.schedule(None, c.pod("default/web").id, None, _podsim.SCHEDULE_EXPLAIN, 0)
    assert list(ok["scores"][0]) == [f for f in header_fields("podsim_node_score")
                                     if f not in counted]
    assert list(ok["scores"][0]["plugins"][0]) == header_fields("podsim_plugin_score")
    batch = c._c.schedule_pending(None, 0, 0)
    assert list(batch) == ["results", "count", "scheduled", "unschedulable", "gated"]
    assert batch["count"] == len(batch["results"]) == 3


def test_num_feasible_nodes_to_find():
    f = _podsim.num_feasible_nodes_to_find
    assert f(50, 0) == 50  # fewer than 100 nodes: all of them
    assert f(100, 0) == 100
    assert f(5000, 0) == 500  # adaptive: 50 - 5000/125 = 10%
    assert f(5000, 30) == 1500
    assert f(1000, 1) == 100  # at least 100
    with pytest.raises(ValueError):
        f(-1, 0)


def test_fit_error_format():
    filters = [
        {"node": "a", "code": "Unschedulable", "plugin": "NodeResourcesFit",
         "reasons": ["Insufficient cpu"]},
        {"node": "b", "code": 2, "plugin": "TaintToleration", "reasons": [TAINT]},
        {"node": "c", "code": 1, "plugin": "NodeResourcesFit",
         "reasons": ["Insufficient cpu", "Insufficient memory"]},
    ]
    text = _podsim.fit_error_format(3, filters)
    # "<count> <reason>" strings sorted as strings, as upstream sorts them
    assert text == (f"0/3 nodes are available: 1 Insufficient memory, 1 {TAINT}, "
                    f"2 Insufficient cpu.")
    assert _podsim.fit_error_format(4, filters[:1], None, None, "preemption: x") == \
        "0/4 nodes are available: 1 Insufficient cpu. preemption: x"
    assert _podsim.fit_error_format(2, [], None, "pre says no", None) == \
        "0/2 nodes are available: pre says no."
    long = [{"node": f"n{i}", "code": 1, "plugin": "P", "reasons": [f"reason {i:04d}" * 3]}
            for i in range(200)]
    assert _podsim.fit_error_format(200, long).count("reason") == 600  # grows its buffer
    with pytest.raises(TypeError):
        _podsim.fit_error_format(1, ["not a dict"])


# ---- the shared fixtures (tests/data/scheduler) ----------------------------------------------
#
# scenarios.expected.txt (format: tests/data/scheduler/README.md) is read by
# the C, Lua and Python tests alike; here each scenario runs through the
# public Python API: Cluster.load, SchedulerConfig.load, Cluster.schedule
# with the pod's YAML text.

SCHED_DATA = DATA_DIR / "scheduler"
SCENARIOS = SCHED_DATA / "scenarios.expected.txt"
REST_OF_LINE = {"filter", "message"}


def parse_scenarios(path: Path) -> Dict[str, List[tuple]]:
    """{name: [(directive, words, rest of line)]} in file order."""
    scenarios: Dict[str, List[tuple]] = {}
    current: List[tuple] | None = None
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        text = line.strip()
        if not text or text.startswith("#"):
            continue
        directive, _, rest = text.partition(" ")
        if directive == "scenario":
            assert current is None, f"line {number}: scenario inside a scenario"
            assert rest not in scenarios, f"line {number}: duplicate scenario {rest}"
            current = scenarios[rest] = []
        elif directive == "end":
            assert current is not None, f"line {number}: end outside a scenario"
            current = None
        else:
            assert current is not None, f"line {number}: {directive} outside a scenario"
            current.append((directive, rest.split(), rest.rstrip()))
    assert current is None, "unterminated scenario"
    return scenarios


SHARED = parse_scenarios(SCENARIOS) if SCENARIOS.is_file() else {}


def run_scenario(steps: List[tuple]) -> podsim.ScheduleResult:
    version = next((w[0] for d, w, _ in steps if d == "version"), None)
    cluster = podsim.Cluster(kubernetes_version=version)
    for d, words, _ in steps:
        if d == "cluster":
            cluster.load(SCHED_DATA / words[0])
    config_file = next((w[0] for d, w, _ in steps if d == "config"), None)
    config = podsim.SchedulerConfig.load(SCHED_DATA / config_file) if config_file else None
    flags = next((w for d, w, _ in steps if d == "flags"), ["explain", "exhaustive"])
    unknown = set(flags) - {"explain", "exhaustive", "no-preemption"}
    assert not unknown, f"unknown flags {unknown}"
    pod_file = next(w[0] for d, w, _ in steps if d == "pod")
    return cluster.schedule(
        (SCHED_DATA / pod_file).read_text(encoding="utf-8"),
        config=config,
        explain="explain" in flags,
        exhaustive="exhaustive" in flags,
        preemption="no-preemption" not in flags,
    )


@pytest.mark.skipif(not SHARED, reason="tests/data/scheduler/scenarios.expected.txt absent")
@pytest.mark.parametrize("name", sorted(SHARED))
def test_shared_scenario(name):
    steps = SHARED[name]
    r = run_scenario(steps)
    expected_filters: Dict[str, Dict[str, Any]] = {}
    for d, words, rest in steps:
        if d in ("cluster", "pod", "config", "version", "flags"):
            continue
        if d == "chosen":
            assert r.node == (None if words == ["-"] else words[0]), r.message
        elif d == "chosen-in":
            assert r.node in words, r.message
        elif d == "feasible":
            assert sorted(r.feasible) == ([] if words == ["-"] else sorted(words))
        elif d == "filter":
            node, code, plugin = words[:3]
            reason = rest.split(None, 3)[3] if len(words) > 3 else ""
            entry = expected_filters.setdefault(
                node, {"plugin": "" if plugin == "-" else plugin, "status": code,
                       "reasons": []})
            assert (entry["plugin"], entry["status"]) == ("" if plugin == "-" else plugin,
                                                          code), f"filter {node}"
            entry["reasons"].append(reason)
        elif d == "score":
            node, plugin, n = words
            assert r.scores[node][plugin]["score"] == int(n), f"score {node} {plugin}"
        elif d == "total":
            assert r.totals[words[0]] == int(words[1]), f"total {words[0]}"
        elif d == "message":
            assert r.message == rest
        elif d == "nominated":
            nominated = r.preemption["node"] if r.preemption else None
            assert nominated == (None if words == ["-"] else words[0])
        elif d == "victims":
            victims = r.preemption["victims"] if r.preemption else []
            assert victims == ([] if words == ["-"] else words)
        elif d == "pdb-violations":
            assert r.preemption is not None
            assert r.preemption["pdb_violations"] == int(words[0])
        else:
            pytest.fail(f"unknown directive {d!r}")
    for node, entry in expected_filters.items():
        assert r.filters.get(node) == entry, f"filter {node}"


@pytest.mark.skipif(not SCHED_DATA.is_dir(), reason="tests/data/scheduler absent")
@pytest.mark.parametrize("name", sorted(p.name for p in SCHED_DATA.glob("config-*.yaml"))
                         if SCHED_DATA.is_dir() else [])
def test_shared_configs_load_or_fail_clearly(name):
    path = SCHED_DATA / name
    if name.startswith("config-bad-"):
        with pytest.raises(podsim.Error) as info:
            cfg = podsim.SchedulerConfig.load(path)
            for profile in cfg.profiles:  # unknown plugins surface on use
                cfg.describe(profile)
        assert info.value.message
        assert not isinstance(info.value, podsim.PluginError)
    else:
        cfg = podsim.SchedulerConfig.load(path)
        assert cfg.profiles
        for profile in cfg.profiles:
            assert "filter:" in cfg.describe(profile)


# ---- the nominator and what-if rescheduling (mirrors tests/c/test_scheduler.c)

NOMINATOR = """
apiVersion: v1
kind: Node
metadata: {name: node-1}
status: {allocatable: {cpu: '4', memory: 8Gi, pods: '110'}}
---
apiVersion: v1
kind: Pod
metadata: {name: low, namespace: default, creationTimestamp: '2025-01-01T00:00:00Z'}
spec: {nodeName: node-1, priority: 0, containers: [{name: c, image: i, resources: {requests: {cpu: '3'}}}]}
---
apiVersion: v1
kind: Pod
metadata: {name: high, namespace: default, creationTimestamp: '2025-01-01T00:01:00Z'}
spec: {priority: 100, containers: [{name: c, image: i, resources: {requests: {cpu: '2'}}}]}
---
apiVersion: v1
kind: Pod
metadata: {name: medium, namespace: default, creationTimestamp: '2025-01-01T00:02:00Z'}
spec: {priority: 50, containers: [{name: c, image: i, resources: {requests: {cpu: '1'}}}]}
"""


def test_a_nominated_pod_reserves_room_for_lower_priority_pods() -> None:
    c = podsim.Cluster()
    c.loads(NOMINATOR)
    placements = c.schedule_pending()
    by_pod = {r.pod: r for r in placements}
    high, medium = by_pod["default/high"], by_pod["default/medium"]
    assert high.node is None
    assert high.preemption is not None
    assert high.preemption["node"] == "node-1"
    assert high.preemption["victims"] == ["default/low"]
    assert c.pod("default/high").status.nominated_node_name == "node-1"
    # medium would fit beside "low" (3 + 1 = 4 cpu) but not beside the
    # nominated "high" as well: RunFilterPluginsWithNominatedPods
    assert medium.node is None
    assert medium.message == "0/1 nodes are available: 1 Insufficient cpu."
    top = {"apiVersion": "v1", "kind": "Pod",
           "metadata": {"name": "top", "namespace": "default"},
           "spec": {"priority": 200, "containers": [
               {"name": "c", "image": "i", "resources": {"requests": {"cpu": "1"}}}]}}
    assert c.schedule(top).node == "node-1"


def test_a_bound_pod_is_rescheduled_as_a_what_if() -> None:
    text = NOMINATOR.split("---")[0] + """---
apiVersion: v1
kind: Node
metadata: {name: node-2}
status: {allocatable: {cpu: '4', memory: 8Gi, pods: '110'}}
---
apiVersion: v1
kind: Pod
metadata: {name: big, namespace: default}
spec: {nodeName: node-1, containers: [{name: c, image: i, resources: {requests: {cpu: '3'}}}]}
"""
    c = podsim.Cluster()
    c.loads(text)
    r = c.schedule(c.pod("default/big"), explain=True, bind=True)
    assert sorted(r.feasible) == ["node-1", "node-2"]
    assert not r.bound
    assert c.pod("default/big").spec.node_name == "node-1"
