"""Scheduling: kube-scheduler's cycle run by the C core, explained.

>>> cfg = podsim.SchedulerConfig.load("kube-scheduler-config.yaml")
>>> r = c.schedule(c.pod("default/web-1"), config=cfg, explain=True)
>>> r.node, r.message, r.scores["worker-1"]["TaintToleration"]
>>> placements = c.schedule_pending(config=cfg)

Custom plugins are Python callables ``fn(pod, node)`` (Pod and Node views)
registered by name, module-wide with :func:`register_plugin` or on one
configuration with :meth:`SchedulerConfig.register_plugin`, and enabled by
name through the configuration like any built-in plugin. An exception
raised inside a callback fails the call with :class:`podsim.PluginError`,
the exception being its ``__cause__``.
"""

from __future__ import annotations

import copy
import json
import operator
import os
import threading
import weakref
from dataclasses import dataclass
from html import escape
from typing import (
    TYPE_CHECKING,
    Any,
    Callable,
    Dict,
    Iterable,
    List,
    Mapping,
    Optional,
    Tuple,
    Union,
)

from . import _html, _podsim
from ._views import Node, Object, Pod

if TYPE_CHECKING:
    from ._cluster import Cluster

__all__ = [
    "FilterResult",
    "FilterFn",
    "Placements",
    "ScheduleResult",
    "SchedulerConfig",
    "ScoreFn",
    "register_plugin",
    "registered_plugins",
    "unregister_plugin",
]

#: What a filter callback returns: True/None (fits), False, a reason str,
#: (False, reason) or (False, reason, unresolvable).
FilterResult = Union[None, bool, str, Tuple[Any, ...]]
FilterFn = Callable[[Pod, Node], FilterResult]
ScoreFn = Callable[[Pod, Node], int]

PathLike = Union[str, "os.PathLike[str]"]
ConfigLike = Union["SchedulerConfig", PathLike, Mapping[str, Any], None]
PodLike = Union[Pod, int, str, bytes, Mapping[str, Any]]

DEFAULT_PROFILE = "default-scheduler"


# ---- custom plugins ------------------------------------------------------------


@dataclass(frozen=True)
class _PluginSpec:
    """A custom plugin as the user registered it."""

    name: str
    filter: Optional[FilterFn]
    score: Optional[ScoreFn]
    weight: int


# The module-wide registry: every SchedulerConfig registers these on itself
# when it is used (a later registration under the same name replaces one).
_REGISTRY: Dict[str, _PluginSpec] = {}
_REGISTRY_LOCK = threading.Lock()


def _check_plugin(name: str, filter: Optional[FilterFn], score: Optional[ScoreFn],
                  weight: int) -> _PluginSpec:
    if not isinstance(name, str) or not name:
        raise TypeError("plugin name must be a non-empty str")
    if filter is None and score is None:
        raise TypeError(f"plugin {name!r}: give a filter, a score or both")
    for what, fn in (("filter", filter), ("score", score)):
        if fn is not None and not callable(fn):
            raise TypeError(f"plugin {name!r}: {what} must be callable")
    if isinstance(weight, bool) or not isinstance(weight, int) or weight < 1:
        raise ValueError(f"plugin {name!r}: weight must be an int >= 1, not {weight!r}")
    return _PluginSpec(name, filter, score, weight)


def register_plugin(
    name: str,
    filter: Optional[FilterFn] = None,
    score: Optional[ScoreFn] = None,
    weight: int = 1,
) -> None:
    """Register a custom Filter and/or Score plugin for every configuration.

    ``filter(pod, node)`` returns True (or None) when the node fits, and
    False, a reason str, ``(False, reason)`` or ``(False, reason, True)``
    (UnschedulableAndUnresolvable: preemption cannot help) when it does not.
    ``score(pod, node)`` returns an int in 0..100. ``weight`` is the score
    weight unless the configuration gives one. The plugin runs only where a
    configuration enables it by name (``plugins.filter.enabled``,
    ``plugins.score.enabled`` or ``multiPoint``). Registering a name again
    replaces the plugin; built-in names are refused (podsim.AlreadyExists).
    """
    spec = _check_plugin(name, filter, score, weight)
    # validate against the core now (built-in names, empty callbacks), not
    # at the first scheduling call
    probe = SchedulerConfig()
    probe._register(spec)
    with _REGISTRY_LOCK:
        _REGISTRY[name] = spec


def unregister_plugin(name: str) -> None:
    """Forget a module-wide plugin: configurations created afterwards do not
    get it (those that already registered it keep it). KeyError if unknown."""
    with _REGISTRY_LOCK:
        del _REGISTRY[name]


def registered_plugins() -> List[str]:
    """The names of the module-wide custom plugins."""
    with _REGISTRY_LOCK:
        return sorted(_REGISTRY)


class _CallContext(threading.local):
    """The cluster being scheduled on this thread, and the views of the
    current pod's callbacks (one conversion per object per pod)."""

    cluster: Optional[Cluster]
    pod: Optional[Pod]
    nodes: Dict[int, Node]

    def __init__(self) -> None:
        self.reset(None)

    def reset(self, cluster: Optional[Cluster]) -> None:
        self.cluster = cluster
        self.pod = None
        self.nodes = {}


def _filter_outcome(name: str, res: Any) -> Union[None, str, Tuple[str, bool]]:
    """A user filter's return value in the binding's terms: None (fits), a
    reason (Unschedulable) or (reason, True) (UnschedulableAndUnresolvable)."""
    default = f"node(s) rejected by {name}"
    if res is None or res is True:
        return None
    if res is False:
        return default
    if isinstance(res, str):
        return res
    if isinstance(res, tuple) and len(res) in (2, 3) and isinstance(res[0], bool):
        if res[0]:
            return None
        reason = res[1] if res[1] else default
        if not isinstance(reason, str):
            raise TypeError(f"plugin {name!r}: the reason must be a str, not {reason!r}")
        if len(res) == 3 and res[2]:
            return (reason, True)
        return reason
    raise TypeError(
        f"plugin {name!r}: a filter returns True/None, False, a reason str, "
        f"(False, reason) or (False, reason, unresolvable), not {res!r}"
    )


def _score_outcome(name: str, res: Any) -> int:
    if isinstance(res, bool):
        raise TypeError(f"plugin {name!r}: a score must be an int in 0..100, not {res!r}")
    try:
        value = operator.index(res)
    except TypeError:
        raise TypeError(
            f"plugin {name!r}: a score must be an int in 0..100, not {res!r}"
        ) from None
    if not 0 <= value <= 100:
        raise ValueError(f"plugin {name!r}: score {value} is outside 0..100")
    return value


# ---- configuration ---------------------------------------------------------------


class SchedulerConfig:
    """A kube-scheduler configuration (KubeSchedulerConfiguration,
    kubescheduler.config.k8s.io/v1) with kube-scheduler's defaults merged.

    >>> cfg = podsim.SchedulerConfig.default()             # default-scheduler
    >>> cfg = podsim.SchedulerConfig.load("sched.yaml")    # a file
    >>> cfg = podsim.SchedulerConfig.from_dict({...})      # a dict
    >>> cfg.profiles, print(cfg.describe())

    Invalid input raises the package's errors (podsim.InvalidArgument,
    podsim.ParseError, podsim.FileError) naming the field, file and line.
    """

    _c: _podsim.SchedulerConfig

    def __init__(self) -> None:
        self._c = _podsim.SchedulerConfig()
        self._plugins: Dict[str, _PluginSpec] = {}  # registered on _c
        self._context = _CallContext()
        self._source: Optional[str] = None

    # ---- constructors -------------------------------------------------------------

    @classmethod
    def default(cls) -> SchedulerConfig:
        """kube-scheduler's default configuration: one profile
        "default-scheduler" with the default plugins, weights and args."""
        return cls()

    @classmethod
    def load(cls, path: PathLike) -> SchedulerConfig:
        """A configuration from a KubeSchedulerConfiguration file (YAML or
        JSON)."""
        cfg = cls()
        cfg._c.load_file(path)
        cfg._source = os.fspath(path)
        return cfg

    @classmethod
    def loads(cls, text: Union[str, bytes], source: Optional[str] = None) -> SchedulerConfig:
        """A configuration from KubeSchedulerConfiguration YAML or JSON
        text; ``source`` names it in errors."""
        cfg = cls()
        cfg._c.load_string(text, source)
        cfg._source = source or "<string>"
        return cfg

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> SchedulerConfig:
        """A configuration from a dict shaped like the YAML file. apiVersion
        and kind may be left out."""
        doc = dict(d)
        doc.setdefault("apiVersion", "kubescheduler.config.k8s.io/v1")
        doc.setdefault("kind", "KubeSchedulerConfiguration")
        return cls.loads(json.dumps(doc), source="<dict>")

    @classmethod
    def _coerce(cls, config: ConfigLike) -> Optional[SchedulerConfig]:
        """config= of the scheduling calls: a SchedulerConfig, a path, a
        dict, or None (kube-scheduler's defaults)."""
        if config is None or isinstance(config, SchedulerConfig):
            return config
        if isinstance(config, Mapping):
            return cls.from_dict(config)
        if isinstance(config, (str, os.PathLike)):
            return cls.load(config)
        raise TypeError(
            "config must be a SchedulerConfig, a path, a dict or None, "
            f"not {type(config).__name__}"
        )

    # ---- reading ----------------------------------------------------------------------

    @property
    def profiles(self) -> List[str]:
        """The schedulerNames of the profiles, in order."""
        return self._c.profiles()

    def describe(self, profile: Optional[str] = None) -> str:
        """The effective plugins of a profile (default: the first), one
        line per extension point, with score weights."""
        self._sync()
        return self._c.describe(profile)

    # ---- custom plugins ---------------------------------------------------------------

    def register_plugin(
        self,
        name: str,
        filter: Optional[FilterFn] = None,
        score: Optional[ScoreFn] = None,
        weight: int = 1,
    ) -> None:
        """Register a custom plugin on this configuration only (see
        :func:`podsim.register_plugin` for the callbacks' contract)."""
        self._register(_check_plugin(name, filter, score, weight))

    @property
    def plugins(self) -> List[str]:
        """The custom plugins registered on this configuration."""
        self._sync()
        return sorted(self._plugins)

    def _register(self, spec: _PluginSpec) -> None:
        ref = weakref.ref(self)
        name = spec.name
        filter_cb: Optional[Callable[[int, int], Any]] = None
        score_cb: Optional[Callable[[int, int], Any]] = None
        if spec.filter is not None:
            user_filter = spec.filter

            def filter_cb(pod_id: int, node_id: int) -> Any:
                pod, node = _views_for(ref, pod_id, node_id)
                return _filter_outcome(name, user_filter(pod, node))

        if spec.score is not None:
            user_score = spec.score

            def score_cb(pod_id: int, node_id: int) -> Any:
                pod, node = _views_for(ref, pod_id, node_id)
                return _score_outcome(name, user_score(pod, node))

        self._c.register_plugin(name, filter_cb, score_cb, spec.weight)
        self._plugins[name] = spec

    def _sync(self) -> None:
        """Register the module-wide plugins this configuration lacks."""
        with _REGISTRY_LOCK:
            pending = [s for n, s in _REGISTRY.items() if self._plugins.get(n) is not s]
        for spec in pending:
            self._register(spec)

    def _begin(self, cluster: Cluster) -> None:
        self._context.reset(cluster)

    def _end(self) -> None:
        self._context.reset(None)

    # ---- display ------------------------------------------------------------------------

    def __repr__(self) -> str:
        where = f" from {self._source}" if self._source else ""
        return f"<SchedulerConfig{where} profiles={self.profiles!r}>"

    def _repr_html_(self) -> str:
        rows = []
        for p in self.profiles:
            try:
                text = self.describe(p)
            except _podsim.Error as exc:
                text = f"error: {exc}"
            rows.append((p, text))
        parts = ['<table class="podsim">']
        caption = "podsim SchedulerConfig" + (f" ({self._source})" if self._source else "")
        parts.append(f'<caption style="text-align:left">{escape(caption)}</caption>')
        parts.append('<thead><tr><th style="text-align:left">profile</th>'
                     '<th style="text-align:left">plugins</th></tr></thead><tbody>')
        for p, text in rows:
            parts.append(f"<tr><td>{escape(p)}</td><td><pre style=\"margin:0\">"
                         f"{escape(text)}</pre></td></tr>")
        parts.append("</tbody></table>")
        return "".join(parts)


def _views_for(ref: "weakref.ReferenceType[SchedulerConfig]", pod_id: int,
               node_id: int) -> Tuple[Pod, Node]:
    """The Pod and Node views of one callback, built once per pod."""
    cfg = ref()
    ctx = cfg._context if cfg is not None else None
    if ctx is None or ctx.cluster is None:
        raise RuntimeError("scheduler plugin called outside a scheduling call")
    pod = ctx.pod
    if pod is None or pod.id != pod_id:
        # a new pod: earlier placements (schedule_pending) changed the nodes
        pod = ctx.pod = Pod(ctx.cluster, pod_id)
        ctx.nodes = {}
    node = ctx.nodes.get(node_id)
    if node is None:
        node = ctx.nodes[node_id] = Node(ctx.cluster, node_id)
    return pod, node


# ---- results ------------------------------------------------------------------------


_FIT_CODES = ("Success", "Unschedulable", "UnschedulableAndUnresolvable")


def _fit_status(code: Any) -> str:
    """framework.Code's name ("Unschedulable"), from the binding's enum."""
    if isinstance(code, str):
        return code
    name = _podsim.enum_name(_podsim.ENUM_FIT_CODE, int(code))
    if name is None and 0 <= int(code) < len(_FIT_CODES):
        name = _FIT_CODES[int(code)]
    return name or str(code)


class ScheduleResult:
    """The outcome of scheduling one pod.

    ``node``: the chosen node (None when the pod fits nowhere); ``message``:
    kube-scheduler's FailedScheduling text ("" on success); ``feasible``:
    the evaluated nodes that passed Filter; ``top_nodes``: every node tied
    at the best total. With ``explain=True``: ``filters[node]`` (failing
    nodes: plugin, status, reasons), ``scores[node][plugin]`` (raw,
    normalized score, weighted) and ``totals[node]``. ``preemption``:
    ``{"node", "victims", "pdb_violations"}`` or None.
    """

    __slots__ = ("raw", "_cluster")

    raw: Dict[str, Any]

    def __init__(self, raw: Dict[str, Any], cluster: Optional[Cluster] = None) -> None:
        self.raw = raw
        self._cluster = cluster

    # ---- the outcome --------------------------------------------------------------

    @property
    def pod(self) -> str:
        """The pod, "namespace/name"."""
        return str(self.raw["pod"])

    @property
    def profile(self) -> str:
        """The schedulerName of the profile used."""
        return str(self.raw["profile"])

    @property
    def node(self) -> Optional[str]:
        """The chosen node's name; None when the pod fits nowhere."""
        node: Optional[str] = self.raw["node"]
        return node

    @property
    def scheduled(self) -> bool:
        """True when a node was chosen."""
        return self.raw["node"] is not None

    @property
    def message(self) -> str:
        """kube-scheduler's FailedScheduling message; "" on success."""
        return str(self.raw["message"] or "")

    @property
    def bound(self) -> bool:
        """The pod was bound to the node in the model (bind=True)."""
        return bool(self.raw["bound"])

    @property
    def gated(self) -> bool:
        """The pod has schedulingGates: it was not attempted."""
        return bool(self.raw["gated"])

    @property
    def node_count(self) -> int:
        """Nodes in the snapshot (the N of "0/N nodes are available")."""
        return int(self.raw["node_count"])

    @property
    def evaluated(self) -> int:
        """Nodes run through Filter (fewer than node_count when sampling)."""
        return int(self.raw["evaluated_count"])

    @property
    def feasible(self) -> List[str]:
        """The evaluated nodes that passed every filter."""
        return list(self.raw["feasible"])

    @property
    def top_nodes(self) -> List[str]:
        """Every node tied at the best total score."""
        return list(self.raw["top_nodes"])

    @property
    def preemption(self) -> Optional[Dict[str, Any]]:
        """What DefaultPreemption decided: {"node": nominated node or None,
        "victims": ["namespace/name", ...], "pdb_violations": n}; None when
        preemption was not attempted."""
        p = self.raw["preemption"]
        return None if p is None else dict(p)

    # ---- the explanation (explain=True) ----------------------------------------------

    @property
    def filters(self) -> Dict[str, Dict[str, Any]]:
        """node -> {"plugin", "status", "reasons"} for every evaluated node
        that failed Filter, in evaluation order."""
        return {
            f["node"]: {
                "plugin": f["plugin"],
                "status": _fit_status(f["code"]),
                "reasons": list(f["reasons"]),
            }
            for f in self.raw["filters"]
        }

    @property
    def scores(self) -> Dict[str, Dict[str, Dict[str, int]]]:
        """node -> plugin -> {"raw", "score", "weighted"}: the Score result,
        the normalized score (0..100) and score x weight."""
        return {
            s["node"]: {
                p["plugin"]: {"raw": p["raw"], "score": p["score"], "weighted": p["weighted"]}
                for p in s["plugins"]
            }
            for s in self.raw["scores"]
        }

    @property
    def totals(self) -> Dict[str, int]:
        """node -> total weighted score, for every scored node."""
        return {s["node"]: s["total"] for s in self.raw["scores"]}

    @property
    def weights(self) -> Dict[str, int]:
        """plugin -> score weight in the profile used."""
        out: Dict[str, int] = {}
        for s in self.raw["scores"]:
            for p in s["plugins"]:
                out.setdefault(p["plugin"], p["weight"])
        return out

    @property
    def skipped(self) -> Dict[str, List[str]]:
        """node -> the score plugins whose PreScore skipped the pod (they
        add 0)."""
        return {
            s["node"]: [p["plugin"] for p in s["plugins"] if p["skipped"]]
            for s in self.raw["scores"]
        }

    @property
    def score_plugins(self) -> List[str]:
        """The profile's score plugins, in order."""
        return list(self.raw["score_plugins"])

    def to_dict(self) -> Dict[str, Any]:
        """The outcome as plain data (what the C library returned)."""
        return copy.deepcopy(self.raw)

    _COLUMNS = ["node", "plugin", "status", "reasons", "raw", "score", "weighted",
                "weight", "total"]

    def _rows(self) -> List[Dict[str, Any]]:
        rows: List[Dict[str, Any]] = []
        for s in self.raw["scores"]:
            for p in s["plugins"]:
                rows.append({
                    "node": s["node"], "plugin": p["plugin"], "status": "Success",
                    "reasons": [], "raw": p["raw"], "score": p["score"],
                    "weighted": p["weighted"], "weight": p["weight"], "total": s["total"],
                })
        for f in self.raw["filters"]:
            rows.append({
                "node": f["node"], "plugin": f["plugin"], "status": _fit_status(f["code"]),
                "reasons": list(f["reasons"]), "raw": None, "score": None,
                "weighted": None, "weight": None, "total": None,
            })
        return rows

    def to_pandas(self) -> Any:
        """A DataFrame with one row per scored node x score plugin (raw,
        score, weighted, weight, total; status "Success"), then one row per
        failing node (the failing plugin, status and reasons; no scores).
        Needs explain=True to have rows, and pandas."""
        pd = _pandas("ScheduleResult.to_pandas()")
        frame = pd.DataFrame(self._rows(), columns=self._COLUMNS)
        for col in ("raw", "score", "weighted", "weight", "total"):
            frame[col] = frame[col].astype("Int64")
        return frame

    # ---- display -------------------------------------------------------------------------

    def __repr__(self) -> str:
        if self.gated:
            return f"<ScheduleResult {self.pod} gated (schedulingGates)>"
        if self.node is not None:
            verb = "bound to" if self.bound else "->"
            n = len(self.raw["feasible"])
            return (f"<ScheduleResult {self.pod} {verb} {self.node} "
                    f"({n}/{self.evaluated} feasible)>")
        text = f"<ScheduleResult {self.pod} unschedulable: {self.message}"
        pre = self.raw["preemption"]
        if pre is not None and pre["node"] is not None:
            text += f" (preemption: nominated {pre['node']}, {len(pre['victims'])} victim(s))"
        return text + ">"

    def _repr_html_(self) -> str:
        plugins = self.score_plugins if self.raw["scores"] else []
        headers = ["node", "status", "total"] + plugins
        rows: List[List[Any]] = []
        by_total = sorted(self.raw["scores"], key=lambda s: -s["total"])
        for s in by_total:
            weighted = {p["plugin"]: p["weighted"] for p in s["plugins"]}
            mark = "chosen" if s["node"] == self.node else "feasible"
            rows.append([s["node"], mark, s["total"]] + [weighted.get(p) for p in plugins])
        for f in self.raw["filters"]:
            status = f"{_fit_status(f['code'])}: {f['plugin']}" if f["plugin"] else \
                _fit_status(f["code"])
            reasons = "; ".join(f["reasons"])
            rows.append([f["node"], f"{status} ({reasons})" if reasons else status, None]
                        + [None] * len(plugins))
        if self.node is not None:
            caption = f"{self.pod} \u2192 {self.node}"
        elif self.gated:
            caption = f"{self.pod}: gated (schedulingGates)"
        else:
            caption = f"{self.pod}: {self.message}"
        pre = self.raw["preemption"]
        if pre is not None and pre["node"] is not None:
            caption += f" | preemption: nominate {pre['node']}, evict {', '.join(pre['victims'])}"
        if not rows:
            return _html.fields_table(caption, [
                ("node", self.node), ("message", self.message or None),
                ("feasible", self.feasible), ("top nodes", self.top_nodes),
            ])
        return _html.table(headers, rows, caption=caption)


class Placements(List[ScheduleResult]):
    """The outcomes of :meth:`Cluster.schedule_pending`, in the order the
    queue took the pods (PrioritySort): a list of ScheduleResult."""

    scheduled_count: int
    unschedulable_count: int
    gated_count: int

    def __init__(self, results: Iterable[ScheduleResult] = (), scheduled: int = 0,
                 unschedulable: int = 0, gated: int = 0) -> None:
        super().__init__(results)
        self.scheduled_count = scheduled
        self.unschedulable_count = unschedulable
        self.gated_count = gated

    @classmethod
    def _from_raw(cls, raw: Mapping[str, Any], cluster: Optional[Cluster] = None) -> Placements:
        return cls((ScheduleResult(r, cluster) for r in raw["results"]),
                   raw["scheduled"], raw["unschedulable"], raw["gated"])

    @property
    def scheduled(self) -> List[ScheduleResult]:
        """The pods given a node (bound in the model)."""
        return [r for r in self if r.node is not None]

    @property
    def unschedulable(self) -> List[ScheduleResult]:
        """The pods that fit nowhere, with their FailedScheduling message."""
        return [r for r in self if r.node is None and not r.gated]

    @property
    def gated(self) -> List[ScheduleResult]:
        """The pods held back by schedulingGates."""
        return [r for r in self if r.gated]

    @property
    def by_pod(self) -> Dict[str, Optional[str]]:
        """"namespace/name" -> node (None when unschedulable or gated)."""
        return {r.pod: r.node for r in self}

    def to_pandas(self) -> Any:
        """A DataFrame with one row per pod: pod, node, bound, gated,
        message, nominated node and victims of preemption."""
        pd = _pandas("Placements.to_pandas()")
        rows = []
        for r in self:
            pre = r.preemption
            rows.append({
                "pod": r.pod, "node": r.node, "bound": r.bound, "gated": r.gated,
                "message": r.message or None,
                "nominated_node": pre["node"] if pre else None,
                "victims": list(pre["victims"]) if pre else [],
            })
        return pd.DataFrame(rows, columns=["pod", "node", "bound", "gated", "message",
                                           "nominated_node", "victims"])

    def _summary(self) -> str:
        n = len(self)
        return (f"{n} pod{'s' if n != 1 else ''}: {self.scheduled_count} scheduled, "
                f"{self.unschedulable_count} unschedulable, {self.gated_count} gated")

    def __repr__(self) -> str:
        return f"<Placements {self._summary()}>"

    def _repr_html_(self, limit: int = 50) -> str:
        rows = [(r.pod, r.node, "gated" if r.gated else (r.message or None))
                for r in self[:limit]]
        return _html.table(["pod", "node", "message"], rows, caption=self._summary(),
                           more=len(self) - len(rows))


def _pandas(what: str) -> Any:
    try:
        import pandas as pd
    except ImportError as exc:
        raise ImportError(f"{what} needs pandas, which is not installed "
                          "(pip install pandas)") from exc
    return pd


# ---- the calls (Cluster.schedule and Cluster.schedule_pending) -------------------------


def _flags(explain: bool, bind: bool, exhaustive: bool, preemption: bool) -> int:
    flags = 0
    if explain:
        flags |= _podsim.SCHEDULE_EXPLAIN
    if bind:
        flags |= _podsim.SCHEDULE_BIND
    if exhaustive:
        flags |= _podsim.SCHEDULE_EXHAUSTIVE
    if not preemption:
        flags |= _podsim.SCHEDULE_NO_PREEMPTION
    return flags


def _seed(seed: Optional[int]) -> int:
    if seed is None:
        return 0
    if isinstance(seed, bool) or not isinstance(seed, int) or not 0 <= seed < 2**64:
        raise ValueError(f"seed must be None or an int in 0..2**64-1, not {seed!r}")
    return seed


def schedule(
    cluster: Cluster,
    pod: PodLike,
    *,
    config: ConfigLike = None,
    profile: Optional[str] = None,
    explain: bool = False,
    bind: bool = False,
    exhaustive: bool = False,
    preemption: bool = True,
    seed: Optional[int] = None,
) -> ScheduleResult:
    cfg = SchedulerConfig._coerce(config)
    flags = _flags(explain, bind, exhaustive, preemption)
    s = _seed(seed)
    c_cfg = cfg._c if cfg is not None else None
    if cfg is not None:
        cfg._sync()
        cfg._begin(cluster)
    try:
        if isinstance(pod, Object):
            if pod.kind != "Pod":
                raise TypeError(f"schedule() takes a Pod, not a {pod.kind}")
            if pod.cluster is not cluster:
                raise ValueError("the Pod view belongs to another cluster")
            raw = cluster._c.schedule(c_cfg, pod.id, profile, flags, s)
        elif isinstance(pod, int) and not isinstance(pod, bool):
            raw = cluster._c.schedule(c_cfg, pod, profile, flags, s)
        elif isinstance(pod, (str, bytes)):
            raw = cluster._c.schedule_string(c_cfg, pod, "<pod>", profile, flags, s)
        elif isinstance(pod, Mapping):
            doc = dict(pod)
            doc.setdefault("apiVersion", "v1")
            doc.setdefault("kind", "Pod")
            raw = cluster._c.schedule_string(c_cfg, json.dumps(doc), "<dict>", profile,
                                             flags, s)
        else:
            raise TypeError("pod must be a Pod view, a pod id, YAML/JSON text or a dict, "
                            f"not {type(pod).__name__}")
    finally:
        if cfg is not None:
            cfg._end()
    if raw["bound"]:
        cluster._gen += 1  # the model changed: views refetch
    return ScheduleResult(raw, cluster)


def schedule_pending(
    cluster: Cluster,
    *,
    config: ConfigLike = None,
    explain: bool = False,
    exhaustive: bool = False,
    preemption: bool = True,
    seed: Optional[int] = None,
) -> Placements:
    cfg = SchedulerConfig._coerce(config)
    flags = _flags(explain, True, exhaustive, preemption)
    s = _seed(seed)
    if cfg is not None:
        cfg._sync()
        cfg._begin(cluster)
    try:
        raw = cluster._c.schedule_pending(cfg._c if cfg is not None else None, flags, s)
    finally:
        cluster._gen += 1  # pods may have been bound, even on failure
        if cfg is not None:
            cfg._end()
    return Placements._from_raw(raw, cluster)
