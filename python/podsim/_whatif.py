"""Node failure and eviction what-ifs: the settings of the controllers that
decide their timing (:class:`NodeLifecycle`), ``kubectl get nodes`` rows
(:class:`NodeTable`) and the what-if report (:class:`Report`).

>>> sim = podsim.Simulation(cluster, kubernetes_version="1.34",
...                         node_lifecycle={"node-monitor-grace-period": "40s"})
>>> sim.fail_node("worker-2", at=0, mode="unreachable")
>>> sim.run(until="10m")
>>> rep = sim.report()
>>> print(rep)                      # the core's text summary
>>> rep.to_pandas()                 # one row per disrupted pod

Times in a report are simulated seconds since the start (floats, as
everywhere in podsim.Simulation); None means "not (yet) happened".
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import asdict, dataclass, fields
from typing import (
    Any,
    Dict,
    Iterator,
    List,
    Mapping,
    NamedTuple,
    Optional,
    Sequence,
    Tuple,
    Union,
    overload,
)

from . import _html, _podsim

__all__ = [
    "NodeLifecycle",
    "NodeListRow",
    "NodeReport",
    "NodeTable",
    "PodReport",
    "Report",
    "WorkloadReport",
]

# ---- settings ------------------------------------------------------------------------

#: A duration: seconds, a Go duration string ("50s"), a timedelta.
_Duration = Union[int, float, str, _dt.timedelta]


def _snake(key: str) -> str:
    """A flag or config key as a field name: "node-monitor-grace-period" and
    "shutdownGracePeriod" become node_monitor_grace_period and
    shutdown_grace_period; leading dashes are dropped."""
    key = key.lstrip("-").replace("-", "_")
    return re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", key).lower()


@dataclass(frozen=True)
class NodeLifecycle:
    """Settings of the controllers that decide node failure timing
    (podsim_node_lifecycle), named after the kube-controller-manager,
    kube-apiserver and kubelet flags they model.

    Durations are seconds, Go duration strings ("50s") or timedeltas; rates
    are nodes per second; None keeps the default of the simulation's
    Kubernetes version and 0 means zero. ``no_taint_eviction`` models
    ``--controllers=-taint-eviction-controller`` (NoExecute taints evict
    nothing).

    A dict works too; its keys may be these field names, the upstream flag
    names ("node-monitor-grace-period", "node-eviction-rate",
    "default-unreachable-toleration-seconds", kubelet's
    "shutdownGracePeriod"...) or the C names with ``_ms`` (integer
    milliseconds).
    """

    node_monitor_period: Optional[_Duration] = None  # --node-monitor-period, 5s
    node_monitor_grace_period: Optional[_Duration] = None  # 40s to v1.31, 50s from v1.32
    node_startup_grace_period: Optional[_Duration] = None  # --node-startup-grace-period, 60s
    node_monitor_offset: Optional[_Duration] = None  # phase of the monitor passes, 0
    node_eviction_rate: Optional[float] = None  # --node-eviction-rate, 0.1
    secondary_node_eviction_rate: Optional[float] = None  # 0.01
    large_cluster_size_threshold: Optional[int] = None  # 50
    unhealthy_zone_threshold: Optional[float] = None  # 0.55
    default_not_ready_toleration_seconds: Optional[_Duration] = None  # 300
    default_unreachable_toleration_seconds: Optional[_Duration] = None  # 300
    lease_renew_interval: Optional[_Duration] = None  # 10s
    heartbeat_age: Optional[_Duration] = None  # 0
    shutdown_grace_period: Optional[_Duration] = None  # kubelet shutdownGracePeriod, 0
    shutdown_grace_period_critical_pods: Optional[_Duration] = None  # 0
    pod_gc_period: Optional[_Duration] = None  # gcCheckPeriod, 20s
    pod_gc_quarantine: Optional[_Duration] = None  # quarantineTime, 40s
    terminated_pod_gc_threshold: Optional[int] = None  # 12500
    max_wait_for_unmount: Optional[_Duration] = None  # forced detach, 6m
    drain_retry: Optional[_Duration] = None  # kubectl drain's retry, 5s
    no_taint_eviction: bool = False

    _DURATIONS = (
        "node_monitor_period", "node_monitor_grace_period", "node_startup_grace_period",
        "node_monitor_offset", "lease_renew_interval", "heartbeat_age",
        "shutdown_grace_period", "shutdown_grace_period_critical_pods", "pod_gc_period",
        "pod_gc_quarantine", "max_wait_for_unmount", "drain_retry",
    )
    _SECONDS = ("default_not_ready_toleration_seconds", "default_unreachable_toleration_seconds")
    _RATES = ("node_eviction_rate", "secondary_node_eviction_rate", "unhealthy_zone_threshold")
    _COUNTS = ("large_cluster_size_threshold", "terminated_pod_gc_threshold")
    # upstream names that do not follow from the field names
    _ALIASES = {
        "gc_check_period": "pod_gc_period",
        "quarantine_time": "pod_gc_quarantine",
    }

    @classmethod
    def _coerce(cls, value: Union[NodeLifecycle, Mapping[str, Any], None]) -> Optional[NodeLifecycle]:
        if value is None or isinstance(value, NodeLifecycle):
            return value
        if not isinstance(value, Mapping):
            raise TypeError(
                f"node_lifecycle must be a podsim.NodeLifecycle or a dict, not {type(value).__name__}"
            )
        known = {f.name for f in fields(cls)}
        out: Dict[str, Any] = {}
        for key, v in value.items():
            if not isinstance(key, str):
                raise TypeError(f"node_lifecycle keys must be str, not {type(key).__name__}")
            name = _snake(key)
            name = cls._ALIASES.get(name, name)
            if name.endswith("_ms") and name[:-3] in cls._DURATIONS:
                if isinstance(v, bool) or not isinstance(v, int):
                    raise TypeError(f"node_lifecycle {key} must be an int of milliseconds")
                name, v = name[:-3], f"{v}ms"
            if name not in known:
                raise TypeError(
                    f"unknown node_lifecycle setting {key!r} (expected one of "
                    f"{', '.join(sorted(known))}, or their flag names)"
                )
            if name in out:
                raise TypeError(f"node_lifecycle setting {name} given twice")
            out[name] = v
        return cls(**out)

    def _to_c(self) -> Dict[str, Union[int, float]]:
        """The podsim_node_lifecycle fields (0 = default, -1 = zero)."""
        from ._simulation import parse_duration

        out: Dict[str, Union[int, float]] = {}
        for name in self._DURATIONS:
            value = getattr(self, name)
            if value is None:
                continue
            ms = parse_duration(value, f"node_lifecycle {name}")
            if ms < 0:
                raise ValueError(f"node_lifecycle {name} must be >= 0, not {value!r}")
            out[f"{name}_ms"] = ms if ms > 0 else -1
        for name in self._SECONDS:
            value = getattr(self, name)
            if value is None:
                continue
            ms = parse_duration(value, f"node_lifecycle {name}")
            if ms < 0 or ms % 1000:
                raise ValueError(f"node_lifecycle {name} must be whole seconds >= 0, not {value!r}")
            out[name] = ms // 1000 if ms else -1
        for name in self._RATES:
            value = getattr(self, name)
            if value is None:
                continue
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                raise TypeError(f"node_lifecycle {name} must be a number, not {type(value).__name__}")
            if not value >= 0:
                raise ValueError(f"node_lifecycle {name} must be >= 0, not {value!r}")
            out[name] = float(value) if value > 0 else -1.0
        for name in self._COUNTS:
            value = getattr(self, name)
            if value is None:
                continue
            if isinstance(value, bool) or not isinstance(value, int):
                raise TypeError(f"node_lifecycle {name} must be an int, not {type(value).__name__}")
            if value < 0:
                raise ValueError(f"node_lifecycle {name} must be >= 0, not {value!r}")
            out[name] = value if value > 0 else -1
        if self.no_taint_eviction:
            out["flags"] = _podsim.NL_NO_TAINT_EVICTION
        return out


# ---- kubectl get nodes ------------------------------------------------------------------


class NodeListRow(NamedTuple):
    """One row of ``kubectl get nodes``."""

    name: str
    status: str
    roles: str
    age: str
    version: str


class NodeTable(Sequence[NodeListRow]):
    """``kubectl get nodes`` at one simulated instant: rows by iteration and
    indexing, the kubectl text by str()."""

    __slots__ = ("_rows", "_text")

    def __init__(self, text: str) -> None:
        self._text = text
        lines = text.splitlines()
        rows = []
        if lines:
            # kubectl left-aligns every column at its header's offset; a
            # cell may be empty (VERSION of a node with no nodeInfo)
            starts = [m.start() for m in re.finditer(r"\S+", lines[0])][:5]
            ends = starts[1:] + [None]
            for line in lines[1:]:
                cells = [line[a:b].strip() for a, b in zip(starts, ends)]
                if len(cells) == 5 and cells[0]:
                    rows.append(NodeListRow(*cells))
        self._rows = rows

    def __len__(self) -> int:
        return len(self._rows)

    @overload
    def __getitem__(self, index: int) -> NodeListRow: ...

    @overload
    def __getitem__(self, index: slice) -> List[NodeListRow]: ...

    def __getitem__(self, index: Union[int, slice]) -> Union[NodeListRow, List[NodeListRow]]:
        return self._rows[index]

    def __iter__(self) -> Iterator[NodeListRow]:
        return iter(self._rows)

    def row(self, name: str) -> NodeListRow:
        """The row of the node called ``name`` (KeyError if none)."""
        for r in self._rows:
            if r.name == name:
                return r
        raise KeyError(name)

    def __str__(self) -> str:
        return self._text

    def __repr__(self) -> str:
        return self._text.rstrip("\n")

    def _repr_html_(self) -> str:
        return _html.table(list(NodeListRow._fields), self._rows,
                           caption=f"{len(self._rows)} nodes")


# ---- the report ---------------------------------------------------------------------------


def _t(ms: int) -> Optional[float]:
    """A report time (ms, -1 = never) in seconds or None; times before the
    start (a dump's lost node) are negative."""
    return None if ms == -1 else ms / 1000.0


def _s(text: Optional[str]) -> Optional[str]:
    return text or None


def _fmt(seconds: Optional[float]) -> Optional[str]:
    from ._simulation import format_duration

    return None if seconds is None else format_duration(seconds)


@dataclass(frozen=True)
class PodReport:
    """One disrupted pod (podsim_report_pod): when its node failed, was
    tainted or drained (``disrupted_at``), since when its real state has
    been unknown, when it became NotReady, was evicted (and by whom:
    "TaintManager", "EvictionAPI", "PodGC", "ForceDelete", ...), when the
    object was gone, which pod replaced it, when it or its replacement was
    Running and Ready again, and why it is ``stuck`` if it has not
    recovered. Times in simulated seconds; None = not (yet)."""

    namespace: str
    name: str
    node: Optional[str]
    workload_kind: Optional[str]
    workload_name: Optional[str]
    disrupted_at: Optional[float]
    unknown_since: Optional[float]
    not_ready_at: Optional[float]
    evicted_at: Optional[float]
    evicted_by: Optional[str]
    removed_at: Optional[float]
    replaced_by: Optional[str]
    running_again_at: Optional[float]
    ready_again_at: Optional[float]
    stuck: Optional[str]

    @classmethod
    def _from_c(cls, d: Mapping[str, Any]) -> PodReport:
        return cls(
            d["namespace"] or "default", d["name"], _s(d["node"]), _s(d["workload_kind"]),
            _s(d["workload_name"]), _t(d["disrupted_at"]), _t(d["unknown_since"]),
            _t(d["not_ready_at"]), _t(d["evicted_at"]), _s(d["evicted_by"]),
            _t(d["removed_at"]), _s(d["replaced_by"]), _t(d["running_again_at"]),
            _t(d["ready_again_at"]), _s(d["stuck"]),
        )

    @property
    def key(self) -> str:
        """ "namespace/name"."""
        return f"{self.namespace}/{self.name}"

    @property
    def workload(self) -> Optional[str]:
        """ "Deployment/web", or None for a bare pod."""
        if not self.workload_kind:
            return None
        return f"{self.workload_kind}/{self.workload_name}"

    @property
    def downtime(self) -> Optional[float]:
        """Seconds from the disruption until it (or its replacement) was
        Ready again; None while it has not recovered."""
        if self.disrupted_at is None or self.ready_again_at is None:
            return None
        return self.ready_again_at - self.disrupted_at


@dataclass(frozen=True)
class WorkloadReport:
    """A workload that went below its desired replicas
    (podsim_report_workload): ``ready_over_time`` is the (time, ready)
    steps; ``time_below_desired`` and ``time_to_recovery`` are seconds."""

    kind: str
    namespace: str
    name: str
    desired: int
    ready: int
    min_ready: int
    disrupted_at: Optional[float]
    time_below_desired: float
    recovered_at: Optional[float]
    time_to_recovery: Optional[float]
    ready_over_time: List[Tuple[float, int]]

    @classmethod
    def _from_c(cls, d: Mapping[str, Any]) -> WorkloadReport:
        return cls(
            d["kind"], d["namespace"] or "default", d["name"], d["desired"], d["ready"],
            d["min_ready"], _t(d["disrupted_at"]), max(d["time_below_desired_ms"], 0) / 1000.0,
            _t(d["recovered_at"]), _t(d["time_to_recovery_ms"]),
            [(p["time"] / 1000.0, p["value"]) for p in d["ready_over_time"]],
        )

    @property
    def key(self) -> str:
        """ "Kind/namespace/name"."""
        return f"{self.kind}/{self.namespace}/{self.name}"

    @property
    def recovered(self) -> bool:
        return self.recovered_at is not None


@dataclass(frozen=True)
class NodeReport:
    """A node an action touched (podsim_report_node): how it failed
    ("unreachable", "not-ready", "shutdown", "deleted", "drained",
    "tainted") and when it lost its heartbeat, went NotReady, got the
    NoSchedule and NoExecute taints, recovered, was deleted or drained."""

    name: str
    zone: Optional[str]
    failure: Optional[str]
    failed_at: Optional[float]
    last_heartbeat: Optional[float]
    not_ready_at: Optional[float]
    noschedule_taint_at: Optional[float]
    noexecute_taint_at: Optional[float]
    recovered_at: Optional[float]
    deleted_at: Optional[float]
    drained_at: Optional[float]

    @classmethod
    def _from_c(cls, d: Mapping[str, Any]) -> NodeReport:
        return cls(
            d["name"], _s(d["zone"]), _s(d["failure"]), _t(d["failed_at"]),
            _t(d["last_heartbeat"]), _t(d["not_ready_at"]), _t(d["noschedule_taint_at"]),
            _t(d["noexecute_taint_at"]), _t(d["recovered_at"]), _t(d["deleted_at"]),
            _t(d["drained_at"]),
        )


_FRAMES = {"pods": PodReport, "workloads": WorkloadReport, "nodes": NodeReport}


class Report:
    """The what-if report of a simulation at ``now`` (podsim_report): the
    disrupted ``pods`` in disruption order, the ``workloads`` that went
    below their desired replicas, the ``nodes`` an action touched.
    str() / :meth:`summary` is the core's text; :meth:`to_pandas` and
    :meth:`to_dict` give the data."""

    __slots__ = ("now", "pods", "workloads", "nodes", "_text")

    def __init__(self, raw: Mapping[str, Any], text: str) -> None:
        self.now: float = raw["now"] / 1000.0
        self.pods: List[PodReport] = [PodReport._from_c(p) for p in raw["pods"]]
        self.workloads: List[WorkloadReport] = [WorkloadReport._from_c(w) for w in raw["workloads"]]
        self.nodes: List[NodeReport] = [NodeReport._from_c(n) for n in raw["nodes"]]
        self._text = text

    def summary(self) -> str:
        """The readable text summary (podsim_sim_render's report view)."""
        return self._text

    def pod(self, key: str) -> PodReport:
        """The entry of pod "namespace/name" (a bare name means "default");
        KeyError when it was not disrupted."""
        ns, _, name = key.rpartition("/")
        ns = ns or "default"
        for p in self.pods:
            if p.name == name and p.namespace == ns:
                return p
        raise KeyError(key)

    def workload(self, key: str) -> WorkloadReport:
        """The entry of workload "Kind/namespace/name", "namespace/name" or
        "name"; KeyError when it never went below desired."""
        parts = key.split("/")
        for w in self.workloads:
            if (parts == [w.kind, w.namespace, w.name] or parts == [w.namespace, w.name]
                    or parts == [w.name]):
                return w
        raise KeyError(key)

    def node(self, name: str) -> NodeReport:
        """The entry of the node ``name``; KeyError when no action touched it."""
        for n in self.nodes:
            if n.name == name:
                return n
        raise KeyError(name)

    @property
    def stuck(self) -> List[PodReport]:
        """The pods that have not recovered and will not on their own."""
        return [p for p in self.pods if p.stuck]

    def to_dict(self) -> Dict[str, Any]:
        """Plain data: {"now", "nodes", "pods", "workloads"} with the fields
        of the entries (times in seconds, None = never)."""
        return {
            "now": self.now,
            "nodes": [asdict(n) for n in self.nodes],
            "pods": [asdict(p) for p in self.pods],
            "workloads": [
                dict(asdict(w), ready_over_time=[list(pt) for pt in w.ready_over_time])
                for w in self.workloads
            ],
        }

    def to_pandas(self, what: str = "pods") -> Any:
        """A pandas DataFrame of the "pods" (default), "workloads" or
        "nodes": one row per entry, one column per field (times in
        seconds, NaN/None = never)."""
        try:
            cls = _FRAMES[what]
        except (KeyError, TypeError):
            raise ValueError(f"to_pandas() takes 'pods', 'workloads' or 'nodes', not {what!r}") from None
        try:
            import pandas as pd
        except ImportError as exc:
            raise ImportError(
                "Report.to_pandas() needs pandas, which is not installed (pip install pandas)"
            ) from exc
        entries: Sequence[Any] = getattr(self, what)
        columns = [f.name for f in fields(cls)]
        return pd.DataFrame([[getattr(e, c) for c in columns] for e in entries], columns=columns)

    def __str__(self) -> str:
        return self._text

    def __repr__(self) -> str:
        stuck = len(self.stuck)
        return (f"<Report at {_fmt(self.now)}: {len(self.nodes)} nodes, {len(self.pods)} pods"
                f" disrupted ({stuck} stuck), {len(self.workloads)} workloads below desired>")

    def _repr_html_(self) -> str:
        rows = [
            (p.key, p.node, p.workload, _fmt(p.disrupted_at), _fmt(p.not_ready_at),
             _fmt(p.evicted_at), p.replaced_by, _fmt(p.ready_again_at), p.stuck)
            for p in self.pods[:50]
        ]
        pods = _html.table(
            ["pod", "node", "workload", "disrupted", "not ready", "evicted", "replaced by",
             "ready again", "stuck"],
            rows, caption=f"podsim what-if report at {_fmt(self.now)}",
            more=len(self.pods) - len(rows),
        )
        workloads = _html.table(
            ["workload", "desired", "ready", "min ready", "below desired", "recovered at"],
            [(w.key, w.desired, w.ready, w.min_ready, _fmt(w.time_below_desired),
              _fmt(w.recovered_at)) for w in self.workloads],
            caption="workloads below desired",
        ) if self.workloads else ""
        return pods + workloads
