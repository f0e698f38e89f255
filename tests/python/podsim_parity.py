"""Checker for tests/data/*.expected.txt (format: tests/data/README.md).

`check_file(cluster, stats, expected_path)` returns a list of mismatch
messages (empty when every fact holds). Keys are resolved against the
public Python views, so this also exercises the Python layer. An unknown
key is a mismatch, never skipped.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, List, Mapping, Optional, Tuple

import podsim
from podsim import Quantity


class UnknownKey(Exception):
    pass


@dataclass
class Q:
    """A quantity fact: '0' matches absent or zero, '-' matches absent."""

    value: Optional[Quantity]


# ---- parsing ----------------------------------------------------------------------


@dataclass
class Record:
    lineno: int
    kind: str  # lower-case record kind, or "count"/"skipped"/"documents"
    ref: str
    facts: List[Tuple[str, str]]


def parse(path: Path) -> List[Record]:
    records = []
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        parts = stripped.split()
        head = parts[0]
        if head == "count":
            records.append(Record(lineno, head, parts[1], [("n", parts[2])]))
        elif head in ("skipped", "documents"):
            records.append(Record(lineno, head, "", [("n", parts[1])]))
        else:
            facts = []
            for tok in parts[2:]:
                if "=" not in tok:
                    raise ValueError(f"{path.name}:{lineno}: token without '=': {tok!r}")
                k, v = tok.split("=", 1)
                facts.append((k, v))
            records.append(Record(lineno, head, parts[1], facts))
    return records


# ---- formatting ---------------------------------------------------------------------


def fmt(v: Any) -> str:
    if v is None:
        return "-"
    if isinstance(v, bool):
        return "1" if v else "0"
    if isinstance(v, list):
        return ",".join(fmt(x) for x in v)
    return str(v)


def matches(expected: str, got: Any) -> bool:
    if isinstance(got, Q):
        q = got.value
        if q is None:
            return expected in ("0", "-")
        if expected == "0":
            return q == 0
        return str(q) == expected
    return fmt(got) == expected


def split_index(rest: str) -> Tuple[int, str]:
    """'3.name' -> (3, 'name'); '3' -> (3, '')."""
    idx, _, tail = rest.partition(".")
    return int(idx), tail


def resource(res: Mapping[str, Quantity], name: str) -> Q:
    return Q(res.get(name))


# ---- keys for every object -----------------------------------------------------------


def meta_key(meta: Any, key: str) -> Any:
    if key in ("uid", "resource_version"):
        return meta[key]
    if key == "creation":
        return meta["creation_timestamp"]
    if key == "labels":
        return len(meta["labels"])
    if key == "annotations":
        return len(meta["annotations"])
    if key.startswith("label."):
        return meta["labels"].get(key[len("label."):])
    if key.startswith("annotation."):
        return meta["annotations"].get(key[len("annotation."):])
    if key == "owner":
        for ref in meta["owner_references"]:
            if ref["controller"]:
                return f"{ref['kind']}/{ref['name']}"
        return None
    if key == "finalizers":
        return list(meta["finalizers"])
    raise UnknownKey(key)


def condition_key(conditions: List[Any], key: str) -> Any:
    # key: "<Type>" or "<Type>.reason"; types have no dots
    ctype, _, field = key.partition(".")
    for c in conditions:
        if c["type"] == ctype:
            if field == "":
                return c["status"]
            if field == "reason":
                return c["reason"]
            raise UnknownKey(key)
    return None


# ---- nodes ---------------------------------------------------------------------------------


def node_key(n: Any, key: str) -> Any:
    if key in ("zone", "region", "hostname", "provider_id", "pod_cidr", "unschedulable"):
        return n[key]
    if key == "taints":
        return len(n["taints"])
    if key.startswith("taint."):
        i, tail = split_index(key[len("taint."):])
        t = n["taints"][i]
        if tail == "":
            kv = t["key"] + (f"={t['value']}" if t["value"] else "")
            return f"{kv}:{t['effect']}"
        if tail == "time_added":
            return t["time_added"]
        raise UnknownKey(key)
    for prefix in ("capacity", "allocatable", "requested"):
        if key.startswith(prefix + "."):
            return resource(n[prefix], key[len(prefix) + 1:])
    if key == "pods":
        return n["pod_count"]
    if key == "conditions":
        return len(n["conditions"])
    if key.startswith("condition."):
        return condition_key(n["conditions"], key[len("condition."):])
    if key == "addresses":
        return len(n["addresses"])
    if key.startswith("address."):
        atype = key[len("address."):]
        for a in n["addresses"]:
            if a["type"] == atype:
                return a["address"]
        return None
    if key == "images":
        return len(n["images"])
    info = n["node_info"]
    if key in ("kubelet_version", "kernel_version", "architecture"):
        return info[key]
    if key == "container_runtime":
        return info["container_runtime_version"]
    return meta_key(n["meta"], key)


# ---- pods -----------------------------------------------------------------------------------

HANDLER_NAMES = {"exec", "httpGet", "tcpSocket", "grpc", "sleep"}
VOLUME_TYPES = {
    "persistentVolumeClaim": "pvc",
    "configMap": "configmap",
    "secret": "secret",
    "emptyDir": "emptydir",
    "hostPath": "hostpath",
    "projected": "projected",
    "downwardAPI": "downwardapi",
    "ephemeral": "ephemeral",
    "other": "other",
}


def probe_text(p: Any) -> Optional[str]:
    if p is None:
        return None
    return "/".join(str(x) for x in (
        p["handler"], p["initial_delay_seconds"], p["timeout_seconds"],
        p["period_seconds"], p["success_threshold"], p["failure_threshold"]))


def container_key(c: Any, key: str) -> Any:
    if key in ("name", "image", "kind"):
        return c[key]
    if key == "pull":
        return c["image_pull_policy"]
    for prefix in ("requests", "limits"):
        if key.startswith(prefix + "."):
            return resource(c[prefix], key[len(prefix) + 1:])
    if key == "ports":
        return len(c["ports"])
    if key.startswith("port."):
        j, tail = split_index(key[len("port."):])
        if tail:
            raise UnknownKey(key)
        p = c["ports"][j]
        return f"{p['container_port']}:{p['host_port']}/{p['protocol']}"
    if key in ("startup", "liveness", "readiness"):
        return probe_text(c[f"{key}_probe"])
    if key in ("post_start", "pre_stop"):
        return c[key] or None
    if key == "env_refs":
        return len(c["env_refs"])
    if key.startswith("env_ref."):
        j, tail = split_index(key[len("env_ref."):])
        if tail:
            raise UnknownKey(key)
        r = c["env_refs"][j]
        return f"{r['kind'].lower()}/{r['name']}/{r['key']}"
    raise UnknownKey(key)


def state_text(s: Any) -> str:
    kind = s["kind"]
    if kind == "running":
        return "running"
    if kind == "waiting":
        return f"waiting:{s['reason']}"
    if kind == "terminated":
        return f"terminated:{s['reason']}:{s['exit_code']}"
    return "none"


def affinity_key(spec: Any, key: str) -> Any:
    block_name, _, rest = key.partition(".")
    affinity = spec["affinity"]
    if block_name == "node_affinity":
        na = affinity["node_affinity"] if affinity is not None else None
        if rest == "required":
            if na is None or na["required"] is None:
                return None
            return len(na["required"]["terms"])
        if rest == "preferred":
            return None if na is None else len(na["preferred"])
        raise UnknownKey(key)
    block = affinity[block_name] if affinity is not None else None
    which, _, tail = rest.partition(".")
    if which not in ("required", "preferred"):
        raise UnknownKey(key)
    if tail == "":
        return None if block is None else len(block[which])
    if block is None:
        return None
    i, field = split_index(tail)
    item = block[which][i]
    term = item["term"] if which == "preferred" else item
    if field == "weight" and which == "preferred":
        return item["weight"]
    if field == "topology_key":
        return term["topology_key"]
    if field in ("namespace_selector", "label_selector"):
        return term[field] is not None
    raise UnknownKey(key)


def pod_key(p: Any, key: str) -> Any:
    spec, status = p["spec"], p["status"]
    simple = {
        "node": lambda: spec["node_name"],
        "bound": lambda: p["node"] is not None,
        "phase": lambda: status["phase"],
        "priority": lambda: spec["priority"],
        "priority_class": lambda: spec["priority_class_name"],
        "preemption": lambda: spec["preemption_policy"],
        "scheduler": lambda: spec["scheduler_name"],
        "restart_policy": lambda: spec["restart_policy"],
        "termination_grace": lambda: spec["termination_grace_period_seconds"],
        "active_deadline": lambda: spec["active_deadline_seconds"],
        "service_account": lambda: spec["service_account_name"],
        "host_network": lambda: spec["host_network"],
        "runtime_class": lambda: spec["runtime_class_name"],
        "qos": lambda: status["qos_class"],
        "pod_ip": lambda: status["pod_ip"],
        "host_ip": lambda: status["host_ip"],
        "nominated_node": lambda: status["nominated_node_name"],
        "start_time": lambda: status["start_time"],
        "tolerations": lambda: len(spec["tolerations"]),
        "containers": lambda: len(spec["containers"]),
        "init_containers": lambda: len(spec["init_containers"]),
        "sidecars": lambda: sum(1 for c in spec["init_containers"] if c["kind"] == "sidecar"),
        "volumes": lambda: len(spec["volumes"]),
        "scheduling_gates": lambda: list(spec["scheduling_gates"]),
        "spread": lambda: len(spec["topology_spread_constraints"]),
        "conditions": lambda: len(status["conditions"]),
    }
    if key in simple:
        return simple[key]()
    if key.startswith("requests."):
        return resource(p["requests"], key[len("requests."):])
    if key.startswith("overhead."):
        return resource(spec["overhead"], key[len("overhead."):])
    if key.startswith("toleration."):
        i, tail = split_index(key[len("toleration."):])
        if tail:
            raise UnknownKey(key)
        t = spec["tolerations"][i]
        secs = t["toleration_seconds"]
        return ",".join([t["key"], t["op"], t["value"], t["effect"],
                         "" if secs is None else str(secs)])
    if key.startswith("node_selector."):
        return spec["node_selector"].get(key[len("node_selector."):])
    for prefix, field in (("container.", "containers"), ("init.", "init_containers")):
        if key.startswith(prefix):
            i, tail = split_index(key[len(prefix):])
            return container_key(spec[field][i], tail)
    if key.startswith("volume."):
        name = key[len("volume."):]
        for v in spec["volumes"]:
            if v["name"] == name:
                return f"{VOLUME_TYPES[v['type']]}:{v['source']}"
        return None
    if key.startswith("spread."):
        i, field = split_index(key[len("spread."):])
        c = spec["topology_spread_constraints"][i]
        if field in ("max_skew", "topology_key", "min_domains"):
            return c[field]
        if field == "when":
            return c["when_unsatisfiable"]
        if field in ("node_affinity_policy", "node_taints_policy"):
            return c[field] or None
        if field == "match_label_keys":
            return list(c["match_label_keys"])
        if field == "label_selector":
            return c["label_selector"] is not None
        raise UnknownKey(key)
    if key.split(".")[0] in ("node_affinity", "pod_affinity", "pod_anti_affinity"):
        return affinity_key(spec, key)
    if key.startswith("condition."):
        return condition_key(status["conditions"], key[len("condition."):])
    if key.startswith("cstatus."):
        rest = key[len("cstatus."):]
        name, _, field = rest.rpartition(".")
        statuses = list(status["init_container_statuses"]) + list(status["container_statuses"])
        cs = next((s for s in statuses if s["name"] == name), None)
        if cs is None:
            return f"<no container status {name!r}>"
        if field == "state":
            return state_text(cs["state"])
        if field == "last":
            return state_text(cs["last_state"])
        if field == "restarts":
            return cs["restart_count"]
        if field == "ready":
            return cs["ready"]
        if field == "started":
            s = cs["started"]
            return None if s is None else bool(s)
        raise UnknownKey(key)
    return meta_key(p["meta"], key)


# ---- workloads and other kinds ---------------------------------------------------------------


def selector_key(sel: Any, key: str) -> Any:
    if key == "selector_expressions":
        return None if sel is None else len(sel["match_expressions"])
    k = key[len("selector."):]
    return None if sel is None else sel["match_labels"].get(k)


def workload_key(w: Any, key: str) -> Any:
    if key in ("replicas", "min_ready_seconds", "partition", "parallelism", "completions",
               "backoff_limit", "active_deadline_seconds", "pod_management_policy",
               "service_name", "completion_mode", "pod_replacement_policy",
               "max_surge", "max_unavailable"):
        return w[key]
    if key == "strategy":
        return w["strategy_type"]
    if key == "volume_claim_templates":
        return list(w["volume_claim_templates"])
    if key == "pod_failure_policy":
        return w["has_pod_failure_policy"]
    if key.startswith("selector.") or key == "selector_expressions":
        return selector_key(w["selector"], key)
    if key.startswith("status."):
        field = "status_" + key[len("status."):]
        if field not in w:
            raise UnknownKey(key)
        return w[field]
    if key.startswith("template."):
        if w["template_pod"] is None:
            return "<no template_pod>"
        return pod_key(w["template_pod"], key[len("template."):])
    return meta_key(w["meta"], key)


ACCESS = (("RWO", podsim._podsim.ACCESS_RWO), ("ROX", podsim._podsim.ACCESS_ROX),
          ("RWX", podsim._podsim.ACCESS_RWX), ("RWOP", podsim._podsim.ACCESS_RWOP))


def access_text(bits: int) -> str:
    return ",".join(name for name, bit in ACCESS if bits & bit)


def terms(sel: Any) -> Optional[int]:
    return None if sel is None else len(sel["terms"])


def other_key(kind: str, o: Any, key: str) -> Any:
    if kind == "PriorityClass":
        if key in ("value", "global_default"):
            return o[key]
        if key == "preemption":
            return o["preemption_policy"]
    elif kind == "PodDisruptionBudget":
        if key in ("min_available", "max_unavailable", "unhealthy_pod_eviction_policy"):
            return o[key]
        if key.startswith("selector.") or key == "selector_expressions":
            return selector_key(o["selector"], key)
        if key.startswith("status."):
            field = "status_" + key[len("status."):]
            if field in o:
                return o[field]
    elif kind == "PersistentVolumeClaim":
        if key == "storage_class":
            return o["storage_class_name"]
        if key == "access":
            return access_text(o["access_modes"])
        if key in ("volume_name", "volume_mode", "phase"):
            return o[key]
        if key == "request":
            return Q(o["storage_request"])
    elif kind == "PersistentVolume":
        if key == "capacity":
            return Q(o["capacity"])
        if key == "access":
            return access_text(o["access_modes"])
        if key == "storage_class":
            return o["storage_class_name"]
        if key == "claim":
            return f"{o['claim_namespace']}/{o['claim_name']}" if o["claim_name"] else ""
        if key == "reclaim":
            return o["reclaim_policy"]
        if key == "source":
            return o["source_type"]
        if key in ("csi_driver", "phase"):
            return o[key]
        if key == "node_affinity":
            return terms(o["node_affinity"])
    elif kind == "StorageClass":
        if key == "provisioner":
            return o["provisioner"]
        if key == "binding":
            return o["volume_binding_mode"]
        if key == "reclaim":
            return o["reclaim_policy"]
        if key == "expansion":
            return o["allow_volume_expansion"]
        if key == "default":
            return o["is_default"]
        if key == "allowed_topologies":
            return terms(o["allowed_topologies"])
    elif kind in ("ConfigMap", "Secret"):
        if key in ("type", "immutable"):
            return o[key]
        if key == "keys":
            return list(o["keys"])
    elif kind == "Namespace":
        if key == "phase":
            return o["phase"]
    elif kind == "Service":
        if key in ("type", "has_selector", "cluster_ip"):
            return o[key]
        if key.startswith("selector."):
            sel = o["selector"]
            return None if sel is None else sel.get(key[len("selector."):])
    elif kind == "Event":
        if key == "involved":
            ns = o["involved_namespace"]
            name = o["involved_name"]
            return f"{o['involved_kind']}/{ns}/{name}" if ns else f"{o['involved_kind']}/{name}"
        if key in ("reason", "type", "count", "source_component", "source_host",
                   "reporting_controller", "reporting_instance", "action"):
            return o[key]
        if key == "first":
            return o["first_timestamp"]
        if key == "last":
            return o["last_timestamp"]
        if key == "event_time":
            return o["event_time"]
        if key == "field_path":
            return o["involved_field_path"]
    return meta_key(o["meta"], key)


WORKLOAD_KINDS = {"Deployment", "ReplicaSet", "StatefulSet", "DaemonSet", "Job"}


def resolver(kind: str) -> Callable[[Any, str], Any]:
    if kind == "Node":
        return node_key
    if kind == "Pod":
        return pod_key
    if kind in WORKLOAD_KINDS:
        return workload_key
    return lambda o, key: other_key(kind, o, key)


# ---- checking ----------------------------------------------------------------------------------

KIND_BY_LOWER = {k.lower(): k for k in podsim.KINDS}


def check_file(cluster: podsim.Cluster, stats: podsim.LoadStats, expected: Path) -> List[str]:
    problems: List[str] = []
    facts = 0
    for rec in parse(expected):
        where = f"{expected.name}:{rec.lineno}"
        if rec.kind == "count":
            n = cluster.count(rec.ref)
            if str(n) != rec.facts[0][1]:
                problems.append(f"{where}: count {rec.ref}: expected {rec.facts[0][1]}, got {n}")
            facts += 1
            continue
        if rec.kind in ("skipped", "documents"):
            got = getattr(stats, rec.kind)
            if str(got) != rec.facts[0][1]:
                problems.append(f"{where}: {rec.kind}: expected {rec.facts[0][1]}, got {got}")
            facts += 1
            continue
        kind = KIND_BY_LOWER.get(rec.kind)
        if kind is None:
            problems.append(f"{where}: unknown record kind {rec.kind!r}")
            continue
        try:
            obj = cluster.get(kind, rec.ref)
        except podsim.NotFound:
            problems.append(f"{where}: {kind} {rec.ref} not found")
            continue
        resolve = resolver(kind)
        fields = obj.fields
        for key, want in rec.facts:
            facts += 1
            try:
                got = resolve(fields, key)
            except UnknownKey:
                problems.append(f"{where}: {kind} {rec.ref}: unknown key {key!r}")
                continue
            except (IndexError, KeyError, TypeError) as exc:
                problems.append(f"{where}: {kind} {rec.ref}: {key}: {type(exc).__name__}: {exc}")
                continue
            if not matches(want, got):
                shown = got.value if isinstance(got, Q) else got
                problems.append(f"{where}: {kind} {rec.ref}: {key}: expected {want!r}, got {fmt(shown)!r}")
    if facts == 0:
        problems.append(f"{expected.name}: no facts")
    return problems
