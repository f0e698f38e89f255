"""The simulation from Python (issue 4): podsim.Simulation and the raw
_podsim.Simulation type: construction and its errors, applies with
file:line:column errors, time arguments (seconds and Go durations), runs,
forks, the event and change logs, pod status, the kubectl views, the
working model as a Cluster, lifetimes, custom scheduler plugins during a
run, pandas frames, and end-to-end behaviour (CrashLoopBackOff, a
Deployment becoming ready).

The shared scenarios of tests/data/sim (the same event log text from C,
Python and Lua) are run by test_sim_scenarios.py.
"""

from __future__ import annotations

import datetime as dt
import gc
import sys
import threading
import weakref
from pathlib import Path

import pytest

import podsim
from podsim import _podsim

from podsim_testdata import DATA_DIR

SIM_DATA = DATA_DIR / "sim"

# Two ready nodes; busybox is cached on both.
NODES_YAML = """\
apiVersion: v1
kind: Node
metadata:
  name: node-a
  creationTimestamp: "2026-01-01T00:00:00Z"
  labels: {kubernetes.io/hostname: node-a, topology.kubernetes.io/zone: a}
status:
  allocatable: {cpu: "4", memory: 8Gi, pods: "110"}
  capacity: {cpu: "4", memory: 8Gi, pods: "110"}
  conditions: [{type: Ready, status: "True"}]
  images: [{names: ["busybox:1.36"], sizeBytes: 2160000}]
---
apiVersion: v1
kind: Node
metadata:
  name: node-b
  creationTimestamp: "2026-01-01T00:00:00Z"
  labels: {kubernetes.io/hostname: node-b, topology.kubernetes.io/zone: b}
status:
  allocatable: {cpu: "4", memory: 8Gi, pods: "110"}
  capacity: {cpu: "4", memory: 8Gi, pods: "110"}
  conditions: [{type: Ready, status: "True"}]
  images: [{names: ["busybox:1.36"], sizeBytes: 2160000}]
"""

POD_YAML = """\
apiVersion: v1
kind: Pod
metadata: {name: web-0, namespace: default, labels: {app: web}}
spec:
  containers:
  - name: app
    image: busybox:1.36
    imagePullPolicy: IfNotPresent
    resources: {requests: {cpu: 500m, memory: 256Mi}}
"""

# A pod that fits nowhere (8 cpu on 4-cpu nodes).
HUGE_YAML = """\
apiVersion: v1
kind: Pod
metadata: {name: huge, namespace: default}
spec:
  containers:
  - name: app
    image: busybox:1.36
    resources: {requests: {cpu: "8"}}
"""

DEPLOYMENT_YAML = """\
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: default}
spec:
  replicas: 3
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - name: app
        image: busybox:1.36
        imagePullPolicy: IfNotPresent
        resources: {requests: {cpu: 100m, memory: 64Mi}}
"""

EXACT = {"exact": True, "sandbox": "1s", "container_start": "200ms"}


@pytest.fixture
def nodes() -> podsim.Cluster:
    c = podsim.Cluster()
    c.loads(NODES_YAML, source="nodes.yaml")
    return c


@pytest.fixture
def sim(nodes: podsim.Cluster) -> podsim.Simulation:
    return podsim.Simulation(nodes, seed=7, timing=EXACT)


# ---- durations and sizes ------------------------------------------------------------------

@pytest.mark.parametrize(
    "value, ms",
    [
        (0, 0), (10, 10_000), (1.5, 1500), (0.0005, 1), (0.0004, 0), (-2, -2000),
        ("0", 0), ("10m", 600_000), ("1m30s", 90_000), ("500ms", 500), ("1.5h", 5_400_000),
        ("1h0m0s", 3_600_000), (".5s", 500), ("5.s", 5000), ("+3s", 3000), ("-1.5s", -1500),
        ("1500us", 2), ("1499us", 1), ("2500000ns", 3), ("1\u00b5s", 0), ("1\u03bcs", 0),
        ("0.3333333333333333333h", 1_200_000), ("2h45m10.25s", 9_910_250),
        (dt.timedelta(minutes=2, milliseconds=5), 120_005),
    ],
)
def test_parse_duration(value, ms):
    assert podsim.parse_duration(value) == ms


@pytest.mark.parametrize("text", ["", "10", "1d", "m", ".s", "1.2.3s", "s1", "1 s", "--1s",
                                  "1e3s", "99999999999999999999h", "0.0", " 1s"])
def test_parse_duration_rejects_malformed_strings(text):
    with pytest.raises(ValueError):
        podsim.parse_duration(text)


@pytest.mark.parametrize("value", [None, True, [1], object()])
def test_parse_duration_rejects_other_types(value):
    with pytest.raises(TypeError):
        podsim.parse_duration(value)


@pytest.mark.parametrize("seconds, text", [
    (0, "0s"), (0.5, "500ms"), (1.5, "1.5s"), (90, "1m30s"), (3600, "1h0m0s"),
    (3661.25, "1h1m1.25s"), (-2, "-2s"),
])
def test_format_duration(seconds, text):
    assert podsim.format_duration(seconds) == text
    assert podsim.parse_duration(text) == round(seconds * 1000)


@pytest.mark.parametrize("value, n", [
    (123, 123), ("500MB", 500_000_000), ("1GiB", 2**30), ("200Mi", 200 * 2**20),
    ("1.5G", 1_500_000_000), ("100", 100), ("100B", 100), ("2k", 2000),
])
def test_parse_bytes(value, n):
    assert podsim.parse_bytes(value) == n


@pytest.mark.parametrize("value", ["lots", "1XB", "", "MB", " 1MB", "1Mb"])
def test_parse_bytes_rejects(value):
    with pytest.raises(ValueError):
        podsim.parse_bytes(value)


def test_timing_conversion():
    t = podsim.Timing(sandbox="2s", container_start=0, image_pull_bytes_per_second="50MB",
                      max_parallel_image_pulls=2, restart_lag_max=None, exact=True)
    assert t._to_c() == {
        "sandbox_ms": 2000,
        "container_start_ms": -1,  # 0 means "takes no time"
        "image_pull_bytes_per_second": 50_000_000,
        "max_parallel_image_pulls": 2,
        "flags": _podsim.TIMING_EXACT,
    }
    with pytest.raises(ValueError):
        podsim.Timing(sandbox="-1s")._to_c()
    with pytest.raises(TypeError, match="sandbx"):
        podsim.Timing._coerce({"sandbx": 1})


# ---- construction ------------------------------------------------------------------------------

def test_construction_defaults(nodes):
    sim = podsim.Simulation(nodes)
    assert sim.now == 0.0 and sim.now_ms == 0
    assert sim.kubernetes_version == nodes.kubernetes_version == "1.34"
    assert sim.epoch == dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)
    assert sim.events == [] and sim.changes == []
    assert isinstance(sim.stats, podsim.SimulationStats)
    assert not sim.closed
    assert "Simulation kubernetes 1.34 at 0s" in repr(sim)


def test_construction_options(nodes):
    cfg = podsim.SchedulerConfig()
    sim = podsim.Simulation(nodes, kubernetes_version="1.31", seed=2**64 - 1, config=cfg,
                            timing=podsim.Timing(sandbox=3), quiet=True)
    assert sim.kubernetes_version == "1.31"
    assert sim.config is cfg
    sim2 = podsim.Simulation(nodes._c, config={"profiles": [{"schedulerName": "default-scheduler"}]})
    assert isinstance(sim2.config, podsim.SchedulerConfig)


def test_construction_errors(nodes):
    with pytest.raises(podsim.VersionError) as info:
        podsim.Simulation(nodes, kubernetes_version="1.99")
    assert info.value.status == "PODSIM_EVERSION"
    assert isinstance(info.value, ValueError)
    with pytest.raises(TypeError):
        podsim.Simulation("cluster.yaml")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        podsim.Simulation(nodes, seed="7")  # type: ignore[arg-type]
    with pytest.raises(OverflowError):
        podsim.Simulation(nodes, seed=-1)
    with pytest.raises(TypeError):
        podsim.Simulation(nodes, timing={"bogus": 1})
    with pytest.raises(TypeError):
        podsim.Simulation(nodes, config=42)  # type: ignore[arg-type]
    nodes.close()
    with pytest.raises(ValueError, match="closed Cluster"):
        podsim.Simulation(nodes)


def test_raw_type_surface(nodes):
    raw = _podsim.Simulation(nodes._c, "1.33", seed=1, timing={"sandbox_ms": 10}, flags=0)
    assert raw.kubernetes_version == "1.33"
    assert raw.now() == 0 and raw.epoch_ms() == 1767225600000
    assert raw.events() == [] and raw.changes() == [] and raw.event_count() == 0
    assert set(raw.stats()) == {"events_processed", "pods_created", "pods_deleted",
                                "scheduling_attempts", "pending", "memory_bytes"}
    with pytest.raises(TypeError):
        _podsim.Simulation(nodes)  # the package's Cluster is not the raw type
    with pytest.raises(TypeError, match="no field"):
        _podsim.Simulation(nodes._c, timing={"sandbox": 1})
    with pytest.raises(TypeError):
        _podsim.Simulation.__new__(_podsim.Simulation, nodes._c, timing=[1])
    with pytest.raises(TypeError):
        type("Sub", (_podsim.Simulation,), {})  # final, like Cluster


def test_cluster_changes_do_not_reach_the_simulation(nodes):
    sim = podsim.Simulation(nodes)
    nodes.loads(POD_YAML)
    assert sim.cluster.count("Pod") == 0
    assert nodes.count("Pod") == 1


def test_simulation_keeps_its_inputs_alive(nodes):
    cfg = podsim.SchedulerConfig()
    sim = podsim.Simulation(nodes, config=cfg)
    ref = weakref.ref(cfg)
    del cfg, nodes
    gc.collect()
    assert ref() is not None  # the core borrows the configuration
    sim.apply(POD_YAML)
    sim.run("1m")
    assert sim.cluster.count("Node") == 2


# ---- applying ---------------------------------------------------------------------------------------

def test_apply_text_path_and_dict(sim, tmp_path):
    sim.apply(POD_YAML, at=0)
    path = tmp_path / "huge.yaml"
    path.write_text(HUGE_YAML)
    sim.apply(path, at="1s")
    sim.apply({"apiVersion": "v1", "kind": "Pod",
               "metadata": {"name": "from-dict", "namespace": "default"},
               "spec": {"containers": [{"name": "c", "image": "busybox:1.36"}]}}, at=3)
    sim.run("5s")
    names = {p.name for p in sim.cluster.pods}
    assert names == {"web-0", "huge", "from-dict"}


def test_apply_takes_effect_at_its_time(sim):
    sim.apply(POD_YAML, at="30s")
    sim.run("29s")
    assert sim.cluster.count("Pod") == 0
    sim.run("30s")
    assert sim.cluster.count("Pod") == 1
    assert sim.now == 30.0


def test_apply_parse_error_has_file_line_column(sim):
    bad = "apiVersion: v1\nkind: Pod\nmetadata: {name: x\n"
    with pytest.raises(podsim.ParseError) as info:
        sim.apply(bad, name="bad.yaml")
    e = info.value
    assert isinstance(e, ValueError)
    assert e.status == "PODSIM_EPARSE"
    assert e.path == "bad.yaml" and e.line == 4 and e.column == 1
    assert str(e).startswith("bad.yaml:4:1: ")
    assert sim.cluster.count("Pod") == 0  # nothing was posted


def test_apply_field_error_and_missing_file(sim, tmp_path):
    bad = POD_YAML.replace("cpu: 500m", "cpu: lots")
    with pytest.raises(podsim.Error) as info:
        sim.apply(bad, name="pod.yaml")
    assert info.value.path == "pod.yaml" and info.value.line is not None
    with pytest.raises(podsim.FileError) as info2:
        sim.apply(tmp_path / "missing.yaml")
    assert isinstance(info2.value, OSError)


def test_apply_in_the_past_is_refused(sim):
    sim.run("10s")
    with pytest.raises(podsim.InvalidArgument, match="before now"):
        sim.apply(POD_YAML, at="5s")
    with pytest.raises(ValueError):
        sim.apply(POD_YAML, at="soon")
    with pytest.raises(TypeError):
        sim.apply(42)  # type: ignore[arg-type]


# ---- running ---------------------------------------------------------------------------------------

def test_run_now_and_step(sim):
    sim.run(until=1.5)
    assert sim.now == 1.5 and sim.now_ms == 1500
    sim.run("1m30s")
    assert sim.now == 90.0
    sim.run(dt.timedelta(minutes=2))
    assert sim.now == 120.0
    with pytest.raises(podsim.InvalidArgument):
        sim.run("1m")
    with pytest.raises(ValueError):
        sim.run("ten minutes")
    sim.apply(POD_YAML, at="3m")
    assert sim.step() is True
    assert sim.now == 180.0
    assert sim.cluster.count("Pod") == 1


def test_run_until_idle(sim):
    assert sim.run_until_idle() is True
    sim.apply(POD_YAML, at="10s")
    idle = sim.run_until_idle(limit="1h")
    assert isinstance(idle, bool)
    assert sim.cluster.count("Pod") == 1
    assert 10.0 <= sim.now <= 3600.0


def test_step_when_nothing_is_pending(nodes):
    sim = podsim.Simulation(nodes)
    sim.run_until_idle()
    while sim.step():
        pass
    assert sim.step() is False


def test_runs_release_the_gil(nodes):
    """Two simulations run in two threads while the main thread reads."""
    sims = [podsim.Simulation(nodes, seed=s) for s in (1, 2)]
    for s in sims:
        s.apply(DEPLOYMENT_YAML)
    errors = []

    def work(s: podsim.Simulation) -> None:
        try:
            s.run("10m")
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(s,)) for s in sims]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert [s.now for s in sims] == [600.0, 600.0]


# ---- fork ---------------------------------------------------------------------------------------

def test_fork_is_independent(sim):
    sim.apply(POD_YAML, at=0)
    sim.run("5s")
    child = sim.fork()
    assert child.now == sim.now
    assert child.events == sim.events
    assert child.event_log == sim.event_log
    child.apply(HUGE_YAML)
    child.run("1m")
    assert sim.now == 5.0
    assert sim.cluster.count("Pod") == 1
    assert child.cluster.count("Pod") == 2
    sim.run("2m")
    assert child.now == 60.0
    assert "huge" not in sim.event_log


def test_forks_replay_the_same_run(nodes):
    sim = podsim.Simulation(nodes, seed=11)
    sim.apply(DEPLOYMENT_YAML)
    a, b = sim.fork(), sim.fork()
    a.run("5m")
    b.run("5m")
    assert a.event_log == b.event_log
    assert a.changes == b.changes


def test_fork_outlives_its_parent(sim):
    sim.apply(POD_YAML)
    child = sim.fork()
    sim.close()
    del sim
    gc.collect()
    child.run("1m")
    assert child.cluster.count("Pod") == 1


# ---- events and changes -----------------------------------------------------------------------

def test_event_types_and_fields(sim):
    sim.apply(HUGE_YAML, at=0)
    sim.run("1m")
    events = sim.events
    assert events, sim.event_log
    for e in events:
        assert isinstance(e, podsim.Event)
        assert isinstance(e.time, float) and isinstance(e.first_time, float)
        assert e.first_time <= e.time
        assert isinstance(e.count, int) and e.count >= 1
        assert e.type in ("Normal", "Warning")
        assert e.object == f"{e.kind.lower()}/{e.name}"
        for f in ("reason", "source", "message", "namespace", "field_path", "host"):
            assert isinstance(getattr(e, f), str)
    failed = [e for e in events if e.reason == "FailedScheduling"]
    assert failed and failed[0].object == "pod/huge"
    assert failed[0].type == "Warning" and failed[0].source == "default-scheduler"
    assert "Insufficient cpu" in failed[0].message
    assert [e.seq for e in events] == sorted(e.seq for e in events)
    # the log text and the list agree line for line
    assert sim.event_log.splitlines() == [str(e) for e in events]


def test_events_are_cached_incrementally(sim):
    sim.apply(HUGE_YAML)
    sim.run("10s")
    first = sim.events
    sim.run("10m")
    later = sim.events
    assert later[: len(first)] == first
    assert len(later) == sim._s.event_count()


def test_changes_and_timeline(sim):
    sim.apply(HUGE_YAML, at="2s")
    sim.run("1m")
    changes = sim.changes
    assert all(isinstance(c, podsim.Change) for c in changes)
    tl = sim.timeline("default/huge")
    assert isinstance(tl, podsim.Timeline)
    assert tl == [c for c in changes if c.name == "huge"]
    fields = {c.field: c.value for c in tl}
    assert fields.get("condition/PodScheduled") == "False"
    assert fields.get("status") == "Pending"
    assert all(c.time >= 2.0 for c in tl)
    assert sim.timeline("huge") == tl  # a bare name is in "default"
    assert sim.timeline("default/huge", kind="Deployment") == []
    text = str(tl)
    assert "condition/PodScheduled" in text and "2s" in text


def test_quiet_keeps_no_logs(nodes):
    sim = podsim.Simulation(nodes, quiet=True)
    sim.apply(HUGE_YAML)
    sim.run("1m")
    assert sim.events == [] and sim.changes == [] and sim.event_log == ""
    assert sim.stats.events_processed > 0


# ---- pod status and views ------------------------------------------------------------------------

def test_pod_status_of_an_unschedulable_pod(sim):
    sim.apply(HUGE_YAML)
    sim.run("30s")
    st = sim.pod_status("default/huge")
    assert isinstance(st, podsim.PodStatus)
    assert (st.namespace, st.name, st.phase, st.status, st.ready) == (
        "default", "huge", "Pending", "Pending", "0/1")
    assert st.restarts == 0 and st.node is None and not st.is_ready
    cond = st.conditions["PodScheduled"]
    assert (cond.status, cond.reason) == ("False", "Unschedulable")
    assert cond.last_transition is not None and 0 <= cond.last_transition <= 30
    assert "huge Pending" in str(st)


def test_pod_status_not_found(sim):
    with pytest.raises(podsim.NotFound) as info:
        sim.pod_status("default/nope")
    assert isinstance(info.value, KeyError)
    assert info.value.status == "PODSIM_ENOTFOUND"
    with pytest.raises(TypeError):
        sim.pod_status(3)  # type: ignore[arg-type]


def test_get_pods_rows_and_text(sim):
    sim.apply(HUGE_YAML)
    sim.apply(POD_YAML.replace("web-0", "a-first"))
    sim.run("20s")
    table = sim.get_pods()
    assert isinstance(table, podsim.PodTable)
    assert str(table) == sim.render("pods")
    assert str(table).startswith("NAMESPACE")
    rows = list(table)
    assert [r.name for r in rows] == ["a-first", "huge"]  # kubectl's order
    assert all(isinstance(r, podsim.PodListRow) for r in rows)
    huge = table[1]
    assert (huge.namespace, huge.ready, huge.status, huge.age) == ("default", "0/1", "Pending", "20s")
    assert len(table) == 2 and table[-1] == huge
    assert "<table" in table._repr_html_()


def test_render_views(sim):
    sim.apply(HUGE_YAML)
    sim.run("10s")
    assert sim.render("event-log") == sim.event_log == sim.render("event_log")
    assert isinstance(sim.render("events"), str)
    assert isinstance(sim.render(), str)
    assert sim.render("nodes") == str(sim.get_nodes())  # issue 5
    with pytest.raises(ValueError, match="unknown view"):
        sim.render("node-requests")  # a Cluster view only


def test_describe(sim):
    sim.apply(POD_YAML)
    sim.run("10s")
    text = sim.describe("default/web-0")
    assert isinstance(text, str)
    with pytest.raises(podsim.NotFound):
        sim.describe("default/nope")


# ---- the working model as a Cluster ----------------------------------------------------------------

def test_cluster_view_reads_like_a_cluster(sim):
    sim.apply(POD_YAML)
    sim.apply(HUGE_YAML)
    sim.run("30s")
    c = sim.cluster
    assert isinstance(c, podsim.Cluster)
    assert c is sim.cluster
    assert c.count("Node") == 2 and c.kubernetes_version == "1.34"
    pod = c.pod("default/web-0")
    assert pod.name == "web-0" and pod.removed is False
    assert "NAME" in c.render("pods")
    assert c.counts()["Pod"] == 2
    r = c.schedule(c.pod("default/huge"), explain=True)  # a what-if, no binding
    assert r.node is None and not r.bound and "Insufficient cpu" in r.message


def test_cluster_view_follows_the_run(sim):
    pod_before = None
    sim.apply(HUGE_YAML, at="10s")
    c = sim.cluster
    assert len(c.pods) == 0
    sim.run("20s")
    pod_before = c.pods[0]
    assert pod_before.status.conditions  # fresh after the run
    sim.run("30s")
    assert pod_before.status.conditions[0].type


def test_cluster_view_is_read_only(sim):
    c = sim.cluster
    with pytest.raises(ValueError, match="read-only"):
        c.loads(POD_YAML)
    with pytest.raises(ValueError, match="read-only"):
        c.load(SIM_DATA / "cluster-3-nodes.yaml")
    sim.apply(HUGE_YAML)
    sim.run("1s")
    with pytest.raises(ValueError, match="read-only"):
        c.schedule_pending()
    with pytest.raises(ValueError, match="read-only"):
        c.schedule(c.pod("default/huge"), bind=True)
    with pytest.raises(ValueError, match="read-only"):
        c.schedule(POD_YAML.replace("web-0", "probe"))  # would load a pod


def test_cluster_view_keeps_the_simulation_alive(nodes):
    sim = podsim.Simulation(nodes)
    sim.apply(POD_YAML)
    sim.run("1s")
    c = sim.cluster
    raw_view = c._c
    ref = weakref.ref(sim)
    del sim
    gc.collect()
    assert ref() is not None  # the Cluster view holds the Simulation
    assert c.count("Pod") == 1
    del c
    gc.collect()
    assert ref() is None
    assert raw_view.count("Pod") == 1  # the raw view holds the raw handle


def test_close(nodes):
    sim = podsim.Simulation(nodes)
    c = sim.cluster
    with sim as s:
        assert s is sim
    assert sim.closed
    sim.close()  # idempotent
    with pytest.raises(ValueError, match="closed Simulation"):
        sim.run("1s")
    with pytest.raises(ValueError, match="closed Simulation"):
        _ = sim.now
    with pytest.raises(ValueError, match="closed Simulation"):
        c.count("Pod")
    assert repr(sim) == "<Simulation (closed)>"
    c.close()  # a view only detaches


# ---- behaviours, images, deletion, scenarios --------------------------------------------------------

def test_set_behavior_arguments(sim):
    sim.set_behavior(pod="default/web-*", container="app", run="crash", after="2s",
                     exit_code=3, ready_after=1.5, probes={"liveness": "SSF", "readiness": "S"},
                     handles_sigterm=False, jitter="100ms")
    sim.set_behavior(run="oom", after=10)
    with pytest.raises(ValueError, match="run must be one of"):
        sim.set_behavior(run="explode")
    with pytest.raises(ValueError, match="unknown probe"):
        sim.set_behavior(probes={"alive": "S"})
    with pytest.raises(podsim.InvalidArgument, match="S .success. and F"):
        sim.set_behavior(probes={"liveness": "SXF"})
    with pytest.raises(podsim.InvalidArgument):
        sim.set_behavior(after="-1s")
    with pytest.raises(ValueError):
        sim.set_behavior(after="two seconds")


def test_set_image(sim):
    sim.set_image("example.com/app:v2", size="500MB")
    sim.set_image("example.com/app:v3", size=123)
    sim.set_image("example.com/typo:v1", missing=True)
    with pytest.raises(ValueError):
        sim.set_image("x", size="big")
    with pytest.raises(podsim.InvalidArgument):
        sim.set_image("", size=1)


def test_delete_pod_arguments(sim):
    sim.apply(POD_YAML)
    sim.run("1s")
    with pytest.raises(podsim.NotFound):
        sim.delete_pod("default/nope")
    with pytest.raises(ValueError, match="whole seconds"):
        sim.delete_pod("default/web-0", grace="1.5s")
    with pytest.raises(podsim.InvalidArgument, match="force"):
        sim.delete_pod("default/web-0", grace=5, force=True)
    with pytest.raises(podsim.InvalidArgument):
        sim.delete_pod("default/web-0", at=0)
    sim.delete_pod("web-0", at="10s", grace=0, force=True)
    sim.run("11s")
    with pytest.raises(podsim.NotFound):
        sim.pod_status("default/web-0")
    assert [r.name for r in sim.get_pods()] == []


SCENARIO = """\
apiVersion: podsim.dev/v1alpha1
kind: Scenario
timing: {sandbox: 1s}
images:
- {name: "example.com/app:v2", size: 500MB}
behaviors:
- pod: "default/web-*"
  container: app
  run: crash
  after: 2s
"""


def test_load_scenario_text_and_file(sim, tmp_path):
    sim.load_scenario(SCENARIO)
    path = tmp_path / "scenario.yaml"
    path.write_text(SCENARIO)
    sim.load_scenario(path)
    sim.load_scenario(str(path))
    with pytest.raises(podsim.FileError):
        sim.load_scenario(tmp_path / "missing.yaml")


def test_load_scenario_error_position(sim):
    bad = SCENARIO.replace("run: crash", "run: explode")
    with pytest.raises(podsim.Error) as info:
        sim.load_scenario(bad, name="scenario.yaml")
    e = info.value
    assert e.path == "scenario.yaml"
    assert (e.line, e.column) == (9, 8), str(e)  # the value of run:
    assert isinstance(e, ValueError)


# ---- custom scheduler plugins during a run --------------------------------------------------------

def test_python_plugin_runs_inside_the_simulation(nodes):
    cfg = podsim.SchedulerConfig.from_dict({
        "profiles": [{"schedulerName": "default-scheduler",
                      "plugins": {"filter": {"enabled": [{"name": "OnlyB"}]}}}]})
    seen = []

    def only_b(pod: podsim.Pod, node: podsim.Node):
        seen.append((pod.name, node.name))
        assert pod.cluster.count("Node") == 2  # callbacks read the model
        return node.name == "node-b" or "not node-b"

    cfg.register_plugin("OnlyB", filter=only_b)
    sim = podsim.Simulation(nodes, config=cfg, timing=EXACT)
    sim.apply(POD_YAML)
    sim.run("1m")
    assert ("web-0", "node-a") in seen
    assert sim.cluster.pod("default/web-0").node_name == "node-b"


def test_python_plugin_error_is_raised_after_the_run(nodes):
    cfg = podsim.SchedulerConfig.from_dict({
        "profiles": [{"schedulerName": "default-scheduler",
                      "plugins": {"filter": {"enabled": [{"name": "Boom"}]}}}]})

    def boom(pod: podsim.Pod, node: podsim.Node):
        raise RuntimeError("kaboom")

    cfg.register_plugin("Boom", filter=boom)
    sim = podsim.Simulation(nodes, config=cfg)
    sim.apply(POD_YAML)
    with pytest.raises(podsim.PluginError) as info:
        sim.run("1m")
    assert isinstance(info.value.__cause__, RuntimeError)
    assert "kaboom" in str(info.value.__cause__)


def test_plugin_callback_cannot_change_the_simulation(nodes):
    cfg = podsim.SchedulerConfig.from_dict({
        "profiles": [{"schedulerName": "default-scheduler",
                      "plugins": {"filter": {"enabled": [{"name": "Sneaky"}]}}}]})
    holder: dict = {}

    def sneaky(pod: podsim.Pod, node: podsim.Node):
        holder["sim"].run("1h")
        return True

    cfg.register_plugin("Sneaky", filter=sneaky)
    sim = holder["sim"] = podsim.Simulation(nodes, config=cfg)
    sim.apply(POD_YAML)
    with pytest.raises(podsim.PluginError) as info:
        sim.run("1m")
    assert isinstance(info.value.__cause__, RuntimeError)
    assert "not allowed inside a scheduler plugin callback" in str(info.value.__cause__)


# ---- pandas -----------------------------------------------------------------------------------

def test_frames(sim):
    pd = pytest.importorskip("pandas")
    sim.apply(HUGE_YAML)
    sim.apply(POD_YAML)
    sim.run("30s")
    ev = sim.events_frame()
    assert isinstance(ev, pd.DataFrame)
    assert list(ev.columns) == list(podsim.Event._fields)
    assert len(ev) == len(sim.events)
    pods = sim.pods_frame()
    assert list(pods.columns) == ["namespace", "name", "phase", "node", "ready", "status",
                                  "restarts", "age"]
    assert sorted(pods["name"]) == ["huge", "web-0"]


def test_frames_without_pandas(sim, monkeypatch):
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(ImportError, match="pip install pandas"):
        sim.events_frame()
    with pytest.raises(ImportError, match="pods_frame"):
        sim.pods_frame()


# ---- end to end ---------------------------------------------------------------------------------

CRASHER_YAML = """\
apiVersion: v1
kind: Pod
metadata: {name: crasher, namespace: default}
spec:
  nodeName: node-a
  containers:
  - name: app
    image: busybox:1.36
    imagePullPolicy: IfNotPresent
"""


def test_crashing_container_shows_crash_loop_back_off(sim):
    sim.set_behavior(pod="default/crasher", container="app", run="crash", after="2s")
    sim.apply(CRASHER_YAML)
    sim.run("5m")
    st = sim.pod_status("default/crasher")
    assert st.phase == "Running"
    assert st.status in ("CrashLoopBackOff", "Error"), st
    assert st.restarts >= 3
    app = st.container("app")
    assert app.last_state == "terminated" and app.last_exit_code == 1
    assert app.restart_count == st.restarts
    reasons = [e.reason for e in sim.events if e.object == "pod/crasher"]
    assert "BackOff" in reasons and "Started" in reasons
    statuses = [c.value for c in sim.timeline("default/crasher") if c.field == "status"]
    assert "CrashLoopBackOff" in statuses
    sim.run("10m")
    assert sim.pod_status("default/crasher").status in ("CrashLoopBackOff", "Error")


def test_deployment_reaches_ready_replicas(sim):
    sim.apply(DEPLOYMENT_YAML, at=0)
    sim.run("2m")
    deploy = sim.cluster.get("Deployment", "default/web")
    assert deploy.fields["status_ready_replicas"] == 3
    assert deploy.fields["status_available_replicas"] == 3
    pods = [r for r in sim.get_pods() if r.name.startswith("web-")]
    assert len(pods) == 3
    assert all(r.status == "Running" and r.ready == "1/1" for r in pods), str(sim.get_pods())
    ready = [c for c in sim.timeline("default/web", kind="Deployment")
             if c.field == "readyReplicas"]
    assert ready and ready[-1].value == "3"
    scaled = [e for e in sim.events if e.reason == "ScalingReplicaSet"]
    assert scaled and scaled[0].source == "deployment-controller"


def test_fork_branches_diverge(sim):
    sim.apply(DEPLOYMENT_YAML, at=0)
    sim.run("1m")
    child = sim.fork()
    child.set_behavior(pod="default/web-*", run="crash", after="1s")
    child.delete_pod(child.get_pods()[0].name)
    child.run("5m")
    sim.run("5m")
    assert all(r.status == "Running" for r in sim.get_pods())
    assert any(r.status != "Running" for r in child.get_pods())
    assert sim.event_log != child.event_log
    assert sim.event_log.splitlines()[:5] == child.event_log.splitlines()[:5]


def test_same_seed_same_run(nodes):
    logs = []
    for _ in range(2):
        s = podsim.Simulation(nodes, seed=3, timing={"jitter_percent": 20})
        s.apply(DEPLOYMENT_YAML)
        s.set_behavior(pod="default/web-*", run="crash", after="3s", jitter="2s")
        s.run("10m")
        logs.append((s.event_log, s.changes))
    assert logs[0] == logs[1]


def test_a_simulation_of_a_simulations_model(sim):
    sim.apply(DEPLOYMENT_YAML)
    sim.run("2m")
    again = podsim.Simulation(sim.cluster, seed=1)  # a snapshot of now
    assert again.now == 0.0
    assert again.cluster.count("Pod") == sim.cluster.count("Pod")
    again.run("1m")
    assert sim.now == 120.0


def test_forks_share_the_plugin_configuration(nodes):
    cfg = podsim.SchedulerConfig.from_dict({
        "profiles": [{"schedulerName": "default-scheduler",
                      "plugins": {"filter": {"enabled": [{"name": "OnlyA"}]}}}]})
    cfg.register_plugin("OnlyA", filter=lambda pod, node: node.name == "node-a")
    sim = podsim.Simulation(nodes, config=cfg, timing=EXACT)
    child = sim.fork()
    del sim
    gc.collect()
    child.apply(POD_YAML)
    child.run("1m")
    assert child.config is cfg
    assert child.pod_status("default/web-0").node == "node-a"


def test_working_model_lists_deleted_pods_as_removed(sim):
    """A pod the simulation deleted keeps its id in ``sim.cluster.pods``
    (``removed`` is True); get_pods() and to_pandas() list the live ones."""
    pytest.importorskip("pandas")
    sim.apply(
        "apiVersion: v1\nkind: Pod\nmetadata: {name: gone, namespace: default}\n"
        "spec: {containers: [{name: c, image: busybox:1.36}]}\n---\n"
        "apiVersion: v1\nkind: Pod\nmetadata: {name: kept, namespace: default}\n"
        "spec: {containers: [{name: c, image: busybox:1.36}]}\n",
        at=0,
    )
    sim.delete_pod("default/gone", at=5, grace=0, force=True)
    sim.run(until=10)
    removed = [p.name for p in sim.cluster.pods if p.removed]
    assert removed == ["gone"]
    assert [r.name for r in sim.get_pods()] == ["kept"]
    assert list(sim.cluster.to_pandas("pods")["name"]) == ["kept"]


BATCH_POD_YAML = """
apiVersion: v1
kind: Pod
metadata: {name: worker, namespace: default}
spec:
  restartPolicy: Never
  containers:
  - name: work
    image: busybox:1.36
    imagePullPolicy: IfNotPresent
"""


@pytest.mark.parametrize("code, state, phase", [
    (0, "terminated:Completed", "Succeeded"),    # a graceful SIGTERM handler
    (143, "terminated:Error", "Failed"),         # 128 + SIGTERM: the signal kills it
])
def test_sigterm_exit_code_decides_the_terminal_phase(sim, code, state, phase):
    sim.set_behavior(pod="default/worker", container="work", sigterm_exit_code=code)
    sim.apply(BATCH_POD_YAML)
    sim.delete_pod("default/worker", at="10s")
    sim.run("20s")
    changes = [(c.field, c.value) for c in sim.timeline("default/worker")]
    assert ("container/work", state) in changes
    assert ("phase", phase) in changes
