"""The low-level module podsim._podsim: its surface, and that get() dicts use
exactly the field names of podsim.h (the Lua binding uses the same names)."""

from __future__ import annotations

import gc
import re

import pytest

import podsim
from podsim import _podsim

from podsim_testdata import DATA_DIR, REPO, SMALL_YAML

HEADER = REPO / "core" / "include" / "podsim.h"

# Structs the binding converts to native values rather than dicts.
NATIVE = {
    "podsim_kvs": dict,
    "podsim_strings": list,
    "podsim_resources": dict,
    "podsim_quantity": tuple,
    "podsim_opt_i64": (int, type(None)),
}
# C field name -> dict key, where they differ.
RENAMED = {"namespace_": "namespace"}
# Counts whose name is not the pointer's: count -> the pointer they size.
COUNT_OF = {"ready_point_count": "ready_over_time", "way_out_count": "ways_out"}


def parse_structs(text: str):
    """{struct name: [(field, type, is_pointer)]} for the header's structs,
    with pointer + `_count` pairs folded into one list field."""
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    structs = {}
    for m in re.finditer(r"typedef struct (\w+) \{(.*?)\} \w+;", text, flags=re.S):
        fields = []
        for decl in m.group(2).split(";"):
            decl = " ".join(decl.split())
            if not decl:
                continue
            fm = re.match(r"(?:const )?(?:struct )?(\w+)\s*(?:const\s*)?(\*+)?\s*(?:const\s*)?(\*+)?\s*(\w+)(\[.*\])?$", decl)
            assert fm, decl
            ctype, star1, star2, name = fm.group(1), fm.group(2), fm.group(3), fm.group(4)
            pointer = bool(star1 or star2)
            if (name.endswith("_count") and ctype == "size_t" and fields and fields[-1][2]
                    and (fields[-1][0].startswith(name[: -len("_count")])
                         or COUNT_OF.get(name) == fields[-1][0])):
                continue  # the length of the pointer field before it (taints, taint_count)
            fields.append((RENAMED.get(name, name), ctype, pointer))
        structs[m.group(1)] = fields
    return structs


STRUCTS = parse_structs(HEADER.read_text(encoding="utf-8"))


def check_struct(value, struct: str, path: str, seen: set) -> None:
    fields = STRUCTS[struct]
    assert isinstance(value, dict), f"{path}: expected dict for {struct}"
    assert list(value) == [f for f, _, _ in fields], f"{path}: keys of {struct}"
    seen.add(struct)
    for name, ctype, pointer in fields:
        v = value[name]
        sub = f"{path}.{name}"
        if ctype in NATIVE:
            if v is not None:
                assert isinstance(v, NATIVE[ctype]), sub
            continue
        if ctype not in STRUCTS:
            continue
        if v is None:
            assert pointer, f"{sub}: None for a non-pointer struct"
            continue
        if isinstance(v, list):
            for i, item in enumerate(v):
                check_struct(item, ctype, f"{sub}[{i}]", seen)
        else:
            check_struct(v, ctype, sub, seen)


KIND_STRUCT = {
    "Node": "podsim_node",
    "Pod": "podsim_pod",
    "Deployment": "podsim_workload",
    "ReplicaSet": "podsim_workload",
    "StatefulSet": "podsim_workload",
    "DaemonSet": "podsim_workload",
    "Job": "podsim_workload",
    "PriorityClass": "podsim_priority_class",
    "PodDisruptionBudget": "podsim_pdb",
    "PersistentVolumeClaim": "podsim_pvc",
    "PersistentVolume": "podsim_pv",
    "StorageClass": "podsim_storage_class",
    "ConfigMap": "podsim_config",
    "Secret": "podsim_config",
    "Namespace": "podsim_namespace",
    "Service": "podsim_service",
    "Event": "podsim_event",
}

RICH_YAML = SMALL_YAML + """\
---
apiVersion: v1
kind: Node
metadata: {name: worker-3}
status:
  addresses:
  - {type: InternalIP, address: 10.0.0.3}
  - {type: Hostname, address: worker-3}
  images:
  - names: [docker.io/library/nginx@sha256:abc, docker.io/library/nginx:1.27]
    sizeBytes: 70000000
  nodeInfo: {kubeletVersion: v1.34.1, architecture: arm64, operatingSystem: linux}
  allocatable: {cpu: "2", memory: 4Gi, pods: "110"}
---
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent, namespace: kube-system}
spec:
  selector: {matchLabels: {app: agent}}
  template:
    metadata: {labels: {app: agent}}
    spec:
      containers: [{name: agent, image: agent}]
---
apiVersion: apps/v1
kind: ReplicaSet
metadata: {name: web-5d4f, namespace: default}
spec:
  replicas: 1
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: app, image: nginx}]
---
apiVersion: v1
kind: Pod
metadata:
  name: rich
  namespace: default
  ownerReferences:
  - {apiVersion: apps/v1, kind: ReplicaSet, name: rs, uid: u1, controller: true}
  finalizers: [example.com/f]
spec:
  priorityClassName: high
  nodeSelector: {disk: ssd}
  affinity:
    nodeAffinity:
      requiredDuringSchedulingIgnoredDuringExecution:
        nodeSelectorTerms:
        - matchExpressions:
          - {key: zone, operator: In, values: [a, b]}
      preferredDuringSchedulingIgnoredDuringExecution:
      - weight: 10
        preference:
          matchExpressions: [{key: gpu, operator: Exists}]
    podAntiAffinity:
      requiredDuringSchedulingIgnoredDuringExecution:
      - labelSelector: {matchLabels: {app: web}}
        topologyKey: kubernetes.io/hostname
      preferredDuringSchedulingIgnoredDuringExecution:
      - weight: 5
        podAffinityTerm:
          labelSelector:
            matchExpressions: [{key: app, operator: NotIn, values: [db]}]
          topologyKey: topology.kubernetes.io/zone
  tolerations:
  - {key: dedicated, operator: Equal, value: gpu, effect: NoSchedule}
  - {operator: Exists, effect: NoExecute, tolerationSeconds: 60}
  topologySpreadConstraints:
  - maxSkew: 1
    topologyKey: topology.kubernetes.io/zone
    whenUnsatisfiable: DoNotSchedule
    labelSelector: {matchLabels: {app: web}}
  overhead: {cpu: 10m}
  initContainers:
  - name: sidecar
    image: proxy
    restartPolicy: Always
    resources: {requests: {cpu: 100m}}
  containers:
  - name: app
    image: app:1
    ports: [{containerPort: 8080, hostPort: 80, protocol: TCP}]
    livenessProbe: {httpGet: {path: /healthz, port: 8080}}
    readinessProbe: {exec: {command: [cat, /tmp/ready]}}
    lifecycle: {preStop: {exec: {command: [sleep, "5"]}}}
    env:
    - name: A
      valueFrom: {configMapKeyRef: {name: cm, key: a}}
    envFrom: [{secretRef: {name: sec}}]
    volumeMounts: [{name: data, mountPath: /data}, {name: cfg, mountPath: /etc/cfg, readOnly: true}]
    resources: {requests: {cpu: 200m, memory: 64Mi}, limits: {memory: 128Mi}}
  volumes:
  - {name: data, persistentVolumeClaim: {claimName: data}}
  - {name: cfg, configMap: {name: cm}}
  - {name: tmp, emptyDir: {}}
status:
  phase: Running
  conditions:
  - {type: Ready, status: "True", lastTransitionTime: "2025-01-01T00:00:00Z"}
  initContainerStatuses:
  - name: sidecar
    ready: true
    restartCount: 1
    started: true
    state: {running: {startedAt: "2025-01-01T00:00:00Z"}}
    lastState: {terminated: {exitCode: 137, reason: OOMKilled}}
  containerStatuses:
  - name: app
    ready: true
    restartCount: 0
    state: {waiting: {reason: CrashLoopBackOff}}
---
apiVersion: scheduling.k8s.io/v1
kind: PriorityClass
metadata: {name: high}
value: 1000
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: web, namespace: default}
spec:
  minAvailable: 1
  selector: {matchLabels: {app: web}}
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: data, namespace: default}
spec:
  accessModes: [ReadWriteOnce]
  storageClassName: fast
  resources: {requests: {storage: 10Gi}}
---
apiVersion: v1
kind: PersistentVolume
metadata: {name: pv-1}
spec:
  capacity: {storage: 10Gi}
  accessModes: [ReadWriteOnce, ReadOnlyMany]
  storageClassName: fast
  csi: {driver: ebs.csi.aws.com, volumeHandle: vol-1}
  nodeAffinity:
    required:
      nodeSelectorTerms:
      - matchExpressions: [{key: zone, operator: In, values: [a]}]
---
apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata: {name: fast}
provisioner: ebs.csi.aws.com
volumeBindingMode: WaitForFirstConsumer
---
apiVersion: v1
kind: ConfigMap
metadata: {name: cm, namespace: default}
data: {a: "1"}
---
apiVersion: v1
kind: Secret
metadata: {name: sec, namespace: default}
type: Opaque
data: {k: dg==}
---
apiVersion: v1
kind: Namespace
metadata: {name: jobs}
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: default}
spec:
  selector: {app: web}
  clusterIP: 10.0.0.1
---
apiVersion: v1
kind: Event
metadata: {name: web-0.1, namespace: default}
involvedObject: {kind: Pod, namespace: default, name: web-0}
reason: Scheduled
message: assigned
type: Normal
count: 1
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db, namespace: default}
spec:
  replicas: 3
  serviceName: db
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec:
      containers: [{name: db, image: postgres}]
  volumeClaimTemplates:
  - metadata: {name: pgdata}
    spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}
---
apiVersion: batch/v1
kind: Job
metadata: {name: once, namespace: jobs}
spec:
  completions: 1
  backoffLimit: 2
  template:
    spec:
      restartPolicy: Never
      containers: [{name: j, image: busybox}]
"""


@pytest.fixture(scope="module")
def rich() -> podsim.Cluster:
    c = podsim.Cluster()
    c.loads(RICH_YAML, source="rich.yaml")
    return c


def test_header_parsed():
    assert "podsim_pod" in STRUCTS and "podsim_meta" in STRUCTS
    pod_fields = [f for f, _, _ in STRUCTS["podsim_pod"]]
    assert pod_fields == ["id", "meta", "spec", "status", "requests", "removed", "node"]
    node_fields = [f for f, _, _ in STRUCTS["podsim_node"]]
    assert "taints" in node_fields and "taint_count" not in node_fields
    assert "pod_count" in node_fields


def test_rich_fixture_loads_every_kind(rich):
    assert [k for k in podsim.KINDS if rich.count(k) == 0] == []


@pytest.mark.parametrize("kind", list(KIND_STRUCT))
def test_get_keys_are_header_field_names(rich, kind):
    seen: set = set()
    for i in range(rich._c.count(kind)):
        check_struct(rich._c.get(kind, i), KIND_STRUCT[kind], f"{kind}[{i}]", seen)


# Two nodes, a pod that fits one of them, and a higher-priority pod that
# fits only by preempting it: every scheduling result struct gets filled.
SCHED_YAML = """\
apiVersion: v1
kind: Node
metadata: {name: a}
status: {allocatable: {cpu: "2", memory: 4Gi, pods: "10"}}
---
apiVersion: v1
kind: Node
metadata: {name: b}
spec: {unschedulable: true}
status: {allocatable: {cpu: "2", memory: 4Gi, pods: "10"}}
---
apiVersion: v1
kind: Pod
metadata: {name: low, namespace: default}
spec:
  priority: 0
  containers: [{name: c, image: x, resources: {requests: {cpu: "1500m"}}}]
---
apiVersion: v1
kind: Pod
metadata: {name: high, namespace: default}
spec:
  priority: 100
  containers: [{name: c, image: x, resources: {requests: {cpu: "1500m"}}}]
"""


def schedule_results(seen: set) -> None:
    """Check the scheduling dicts against the header: a batch, then a pod
    that needs preemption, explained."""
    c = podsim.Cluster()
    c.loads(SCHED_YAML, source="sched.yaml")
    batch = c._c.schedule_pending(None, _podsim.SCHEDULE_EXPLAIN, 0)
    check_struct(batch, "podsim_schedule_batch", "batch", seen)
    placed = [r for r in batch["results"] if r["node"] is not None]
    assert placed and placed[0]["scores"], batch
    preempting = [r for r in batch["results"] if r["preemption"] is not None]
    assert preempting and preempting[0]["filters"], batch


def simulation_outputs(seen: set) -> None:
    """The simulation's output structs: an event, a change, the stats."""
    c = podsim.Cluster()
    c.loads(
        "apiVersion: v1\nkind: Node\nmetadata: {name: n}\n"
        "status: {allocatable: {cpu: '1', memory: 1Gi, pods: '10'}}\n---\n"
        "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\n"
        "spec: {containers: [{name: c, image: x}]}\n",
        source="sim.yaml",
    )
    sim = podsim.Simulation(c, seed=1)
    sim.run(until=5)
    check_struct(sim._s.events()[0], "podsim_sim_event", "event", seen)
    check_struct(sim._s.changes()[0], "podsim_sim_change", "change", seen)
    check_struct(sim._s.stats(), "podsim_sim_stats", "stats", seen)


# A Deployment's pod on a node that becomes unreachable: after the
# eviction every what-if report struct has an entry.
WHATIF_YAML = """\
apiVersion: v1
kind: Node
metadata:
  name: n1
  labels: {kubernetes.io/hostname: n1, topology.kubernetes.io/zone: a}
status:
  allocatable: {cpu: '2', memory: 2Gi, pods: '10'}
  conditions: [{type: Ready, status: 'True'}]
---
apiVersion: v1
kind: Node
metadata:
  name: n2
  labels: {kubernetes.io/hostname: n2, topology.kubernetes.io/zone: a}
status:
  allocatable: {cpu: '2', memory: 2Gi, pods: '10'}
  conditions: [{type: Ready, status: 'True'}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: default}
spec:
  replicas: 1
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      nodeSelector: {kubernetes.io/hostname: n1}
      containers: [{name: c, image: x}]
"""


def whatif_outputs(seen: set) -> None:
    """The what-if report's structs: a node failure evicts a pod of a
    Deployment, which goes below desired."""
    c = podsim.Cluster()
    c.loads(WHATIF_YAML, source="whatif.yaml")
    sim = podsim.Simulation(c, seed=1, kubernetes_version="1.34",
                            node_lifecycle={"default_unreachable_toleration_seconds": 10})
    sim.run(until=30)
    sim.fail_node("n1", at=30)
    sim.run(until=180)
    report = sim._s.report()
    check_struct(report, "podsim_report", "report", seen)
    assert report["nodes"] and report["pods"] and report["workloads"], report
    assert report["workloads"][0]["ready_over_time"], report


def diagnosis_outputs(seen: set) -> None:
    """The diagnosis structs: a pod on a lost node (findings with evidence,
    next steps and computed ways out) with a Python check that records the
    rule context it is given."""
    c = podsim.Cluster()
    c.load(DATA_DIR / "diagnose" / "node-lost.yaml")
    contexts = []

    def check(ctx):
        contexts.append(ctx)
        return "{labels: {team: x}}"

    rules = _podsim.Rules()
    rules.add("{id: team/ctx, category: team.ctx, title: t, labels: {a: b}}",
              "test", check)

    def broken(ctx):
        raise RuntimeError("broken check")

    rules.add("{id: team/broken, category: team.broken, title: t}", "test", broken)
    pod = next(p for p in c.pods if p.node)
    d = c._c.diagnose(pod.namespace, pod.name, None, rules, 0, None)
    data = d.data()
    check_struct(data, "podsim_diagnosis", "diagnosis", seen)
    assert any(f["ways_out"] for f in data["findings"]), data["findings"]
    assert any(f["rule"] == "team/ctx" and f["labels"] for f in data["findings"])
    assert data["rule_errors"] and data["rule_errors"][0]["rule"] == "team/broken"
    assert contexts
    check_struct(contexts[0], "podsim_rule_context", "context", seen)


def test_every_struct_is_reachable(rich):
    seen: set = set()
    for kind, struct in KIND_STRUCT.items():
        for i in range(rich._c.count(kind)):
            check_struct(rich._c.get(kind, i), struct, kind, seen)
    schedule_results(seen)
    simulation_outputs(seen)
    whatif_outputs(seen)
    diagnosis_outputs(seen)
    expected = set(STRUCTS) - set(NATIVE) - {
        # not part of any object
        "podsim_error", "podsim_kv", "podsim_resource", "podsim_limits",
        "podsim_cluster_options", "podsim_load_stats", "podsim_pod_row",
        # scheduling inputs: options are keyword arguments, plugins callables
        "podsim_schedule_options", "podsim_plugin_def", "podsim_plugin_call",
        # simulation inputs: keyword arguments
        "podsim_timing", "podsim_behavior", "podsim_sim_options", "podsim_node_lifecycle",
        # diagnosis: options are keyword arguments; a list is (list, pods_examined)
        "podsim_diagnose_options", "podsim_diagnosis_list",
    }
    assert expected - seen == set()


def test_enum_values_are_kubernetes_names(rich):
    p = rich._c.get("Pod", rich._c.find("Pod", "default", "rich"))
    spec = p["spec"]
    assert spec["tolerations"][0]["op"] == "Equal"
    assert spec["tolerations"][0]["effect"] == "NoSchedule"
    assert spec["tolerations"][1]["op"] == "Exists"
    assert spec["tolerations"][1]["toleration_seconds"] == 60
    assert spec["topology_spread_constraints"][0]["when_unsatisfiable"] == "DoNotSchedule"
    assert spec["init_containers"][0]["kind"] == "sidecar"
    assert spec["containers"][0]["kind"] == "regular"
    assert spec["containers"][0]["liveness_probe"]["handler"] == "httpGet"
    assert spec["containers"][0]["readiness_probe"]["handler"] == "exec"
    assert spec["containers"][0]["startup_probe"] is None
    assert spec["containers"][0]["pre_stop"] == "exec"
    assert spec["containers"][0]["ports"][0]["protocol"] == "TCP"
    terms = spec["affinity"]["node_affinity"]["required"]["terms"]
    assert terms[0]["match_expressions"][0]["op"] == "In"
    assert spec["affinity"]["pod_affinity"] is None
    assert [v["type"] for v in spec["volumes"]] == ["persistentVolumeClaim", "configMap", "emptyDir"]
    st = p["status"]
    assert st["phase"] == "Running" and st["has_phase"] is True
    assert st["init_container_statuses"][0]["last_state"]["kind"] == "terminated"
    assert st["container_statuses"][0]["state"]["kind"] == "waiting"
    assert p["meta"]["owner_references"][0]["controller"] is True


def test_other_kinds_values(rich):
    pvc = rich._c.get("PersistentVolumeClaim", 0)
    assert pvc["storage_request"] == _podsim.quantity_parse("10Gi")
    assert pvc["access_modes"] == _podsim.ACCESS_RWO
    pv = rich._c.get("PersistentVolume", 0)
    assert pv["access_modes"] == _podsim.ACCESS_RWO | _podsim.ACCESS_ROX
    svc = rich._c.get("Service", 0)
    assert svc["selector"] == {"app": "web"} and svc["has_selector"] is True
    ev = rich._c.get("Event", 0)
    assert ev["reason"] == "Scheduled" and ev["involved_name"] == "web-0"
    ns = rich._c.get("Namespace", 0)
    assert ns["meta"]["namespace"] is None
    sts = rich._c.get("StatefulSet", 0)
    assert sts["kind"] == "StatefulSet" and sts["volume_claim_templates"] == ["pgdata"]
    assert sts["template_pod"]["id"] is None


def test_get_out_of_range(rich):
    with pytest.raises(IndexError):
        rich._c.get("Pod", 10_000)
    with pytest.raises(IndexError):
        rich._c.get("Pod", -1)


def test_load_stats_dict():
    c = _podsim.Cluster()
    stats = c.load_string(SMALL_YAML)
    assert set(stats) == {"documents", "added", "skipped", "bytes"}
    assert list(stats["added"]) == list(_podsim.KINDS)
    assert stats["added"]["Pod"] == 3


def test_module_surface():
    assert _podsim.version() == podsim.__version__
    v = f"{_podsim.VERSION_MAJOR}.{_podsim.VERSION_MINOR}.{_podsim.VERSION_PATCH}"
    assert _podsim.version() == v
    assert _podsim.KINDS[0] == "Node" and _podsim.KINDS[1] == "Pod"
    assert len(_podsim.KINDS) == 17
    assert _podsim.kind_is_namespaced("Pod") is True
    assert _podsim.kind_is_namespaced("Node") is False
    assert _podsim.enum_name(_podsim.ENUM_PHASE, 1) == "Running"
    assert _podsim.enum_name(_podsim.ENUM_PHASE, 99) is None
    assert _podsim.status_name(0) == "PODSIM_OK"
    assert isinstance(_podsim.status_str(3), str)
    for name in ("Error", "ParseError", "NotFound", "InvalidArgument",
                 "AlreadyExists", "RangeError", "FileError", "VersionError"):
        assert getattr(podsim, name) is getattr(_podsim, name)


def test_many_clusters_created_and_freed():
    for _ in range(200):
        c = _podsim.Cluster()
        c.load_string(SMALL_YAML)
        del c
    gc.collect()


SUBINTERPRETER_CODE = r"""
import podsim
c = podsim.Cluster()
c.loads("apiVersion: v1\nkind: Node\nmetadata: {name: n}\n")
assert len(c.nodes) == 1
try:
    c.node("x")
except podsim.NotFound:
    pass
else:
    raise AssertionError("NotFound not raised")
"""


def test_module_works_in_subinterpreters():
    """Multi-phase init, state in the module: each interpreter gets its own
    module, types and exceptions."""
    interpreters = pytest.importorskip("_xxsubinterpreters")
    for _ in range(3):
        interp = interpreters.create()
        try:
            interpreters.run_string(interp, SUBINTERPRETER_CODE)
        finally:
            interpreters.destroy(interp)
    assert podsim.Cluster().counts() == {}


def test_find_semantics(rich):
    assert rich._c.find("Pod", None, "web-0") == rich._c.find("Pod", "default", "web-0")
    assert rich._c.find("Node", "ignored", "worker-1") == 0
    with pytest.raises(podsim.NotFound):
        rich._c.find("Pod", "jobs", "web-0")


def test_pod_row_and_render_low_level(rich):
    row = rich._c.pod_row(0)
    assert set(row) == {"ready", "status", "restarts", "age"}
    text = rich._c.render(_podsim.VIEW_NODES, 0, None)
    assert text.startswith("NAME")
    with pytest.raises(podsim.InvalidArgument):
        rich._c.render(99)
    with pytest.raises(podsim.Error):
        rich._c.pod_row(10_000)
    with pytest.raises(podsim.Error):
        rich._c.compute_requests(10_000)
