"""Simulation: the Pythonic face of ``_podsim.Simulation`` (pod lifecycle on
a deterministic clock).

>>> sim = podsim.Simulation(cluster, seed=7)
>>> sim.apply("deployment.yaml", at=0)
>>> sim.set_behavior(pod="default/web-*", run="crash", after="2s")
>>> sim.run(until="10m")
>>> sim.pod_status("default/web-0").status
'CrashLoopBackOff'
>>> print(sim.get_pods()); print(sim.timeline("default/web-0"))

Times given to a simulation are simulated times since its start (time 0):
a number is seconds, a string a Go duration ("1m30s", "500ms", "1.5h"), a
``datetime.timedelta`` a duration. The core counts whole milliseconds, so
times are rounded to the nearest millisecond. Times it returns are seconds
(float) since the start.
"""

from __future__ import annotations

import datetime as _dt
import json
import math
import os
import re
from dataclasses import dataclass, fields
from types import TracebackType
from typing import (
    TYPE_CHECKING,
    Any,
    Dict,
    Iterator,
    List,
    Mapping,
    NamedTuple,
    Optional,
    Sequence,
    Tuple,
    Type,
    TypeVar,
    Union,
    overload,
)

from . import _html, _podsim
from ._cluster import Cluster
from ._scheduler import ConfigLike, SchedulerConfig
from ._whatif import NodeLifecycle, NodeTable, Report

if TYPE_CHECKING:  # _diagnose imports this module
    from ._diagnose import Diagnosis

__all__ = [
    "Change",
    "Condition",
    "ContainerState",
    "Event",
    "PodListRow",
    "PodStatus",
    "PodTable",
    "Simulation",
    "SimulationStats",
    "Timeline",
    "Timing",
    "format_duration",
    "parse_bytes",
    "parse_duration",
]

#: A duration or a simulated time: seconds, a Go duration string, a timedelta.
DurationLike = Union[int, float, str, _dt.timedelta]
#: A size in bytes: an int, or "500MB", "1.5GB", "1GiB", "200Mi".
BytesLike = Union[int, str]
TextOrPath = Union[str, bytes, "os.PathLike[str]", Mapping[str, Any], Sequence[Mapping[str, Any]]]

_INT64_MAX = 2**63 - 1

# ---- durations and sizes ------------------------------------------------------------

# Go's time.ParseDuration units, in nanoseconds.
_UNITS = {
    "ns": 1,
    "us": 1_000,
    "\u00b5s": 1_000,  # micro sign
    "\u03bcs": 1_000,  # Greek mu
    "ms": 1_000_000,
    "s": 1_000_000_000,
    "m": 60_000_000_000,
    "h": 3_600_000_000_000,
}
_NUMBER = re.compile(r"([0-9]*)(\.([0-9]*))?")
_UNIT = re.compile(r"[^0-9.]+")


def _round_ms(ns: int) -> int:
    """Nanoseconds to milliseconds, halves away from zero."""
    ms = (abs(ns) + 500_000) // 1_000_000
    return -ms if ns < 0 else ms


def parse_duration(value: DurationLike, what: str = "duration") -> int:
    """A duration or simulated time in whole milliseconds.

    A number is seconds (rounded to the nearest millisecond), a string a Go
    duration ("1m30s", "500ms", "1.5h", "-2s"; units ns, us, ms, s, m, h),
    a ``timedelta`` a duration. Raises ValueError for a malformed string
    and TypeError for anything else.
    """
    if isinstance(value, bool):
        raise TypeError(f"{what} must be seconds, a Go duration string or a timedelta, not bool")
    if isinstance(value, int):
        ms = value * 1000
    elif isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"{what} must be finite, not {value!r}")
        x = value * 1000.0
        ms = math.floor(x + 0.5) if x >= 0 else -math.floor(-x + 0.5)
    elif isinstance(value, str):
        try:
            ms = _podsim.duration_parse(value)  # the core's time.ParseDuration
        except ValueError:
            raise ValueError(
                f"invalid duration {value!r} for {what} (expected seconds or a Go "
                "duration such as \"1m30s\" or \"500ms\")"
            ) from None
    elif isinstance(value, _dt.timedelta):
        us = (value.days * 86_400 + value.seconds) * 1_000_000 + value.microseconds
        ms = _round_ms(us * 1000)
    else:
        raise TypeError(
            f"{what} must be seconds, a Go duration string or a timedelta, "
            f"not {type(value).__name__}"
        )
    if abs(ms) > _INT64_MAX:
        raise ValueError(f"{what} {value!r} is out of range")
    return ms


def format_duration(seconds: float) -> str:
    """A duration as Go's Duration.String() writes it, to the millisecond:
    "0s", "500ms", "1.5s", "1m30s", "1h0m0s"."""
    ms = int(round(seconds * 1000))
    if ms == 0:
        return "0s"
    sign = "-" if ms < 0 else ""
    ms = abs(ms)
    if ms < 1000:
        return f"{sign}{ms}ms"
    h, rest = divmod(ms, 3_600_000)
    m, rest = divmod(rest, 60_000)
    s, frac = divmod(rest, 1000)
    sec = f"{s}.{frac:03d}".rstrip("0").rstrip(".") if frac else str(s)
    if h:
        return f"{sign}{h}h{m}m{sec}s"
    if m:
        return f"{sign}{m}m{sec}s"
    return f"{sign}{sec}s"


def parse_bytes(value: BytesLike, what: str = "size") -> int:
    """A size in bytes: an int, or a quantity with an optional trailing B
    ("500MB" = 500 * 10**6, "1GiB" = 2**30, "1KB" = 1000, "200Mi", "1.5G")."""
    if isinstance(value, bool):
        raise TypeError(f"{what} must be an int or a str like '500MB', not bool")
    if isinstance(value, int):
        return value
    if not isinstance(value, str):
        raise TypeError(f"{what} must be an int or a str like '500MB', not {type(value).__name__}")
    try:
        return _podsim.size_parse(value)  # the core's rule, as in scenarios
    except ValueError:
        raise ValueError(f"invalid {what} {value!r} (expected bytes or e.g. '500MB', '1GiB')") from None


# ---- timing ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Timing:
    """Durations of what the kubelet and the runtime do (podsim_timing).

    Durations are seconds, Go duration strings or timedeltas; None keeps
    podsim's default and 0 means "takes no time". Sizes are bytes or
    strings like "50MB". ``exact`` turns off all jitter and the restart
    lag (PODSIM_TIMING_EXACT).
    """

    sandbox: Optional[DurationLike] = None
    container_start: Optional[DurationLike] = None
    image_pull_overhead: Optional[DurationLike] = None
    image_pull_bytes_per_second: Optional[BytesLike] = None
    image_digest_check: Optional[DurationLike] = None
    default_image_bytes: Optional[BytesLike] = None
    max_parallel_image_pulls: Optional[int] = None
    volume_mount: Optional[DurationLike] = None
    volume_attach: Optional[DurationLike] = None
    persistent_volume_mount: Optional[DurationLike] = None
    container_stop: Optional[DurationLike] = None
    restart_lag_max: Optional[DurationLike] = None
    jitter_percent: Optional[int] = None
    exact: bool = False

    _DURATIONS = (
        "sandbox", "container_start", "image_pull_overhead", "image_digest_check",
        "volume_mount", "volume_attach", "persistent_volume_mount", "container_stop",
        "restart_lag_max",
    )

    @classmethod
    def _coerce(cls, timing: Union[Timing, Mapping[str, Any], None]) -> Optional[Timing]:
        if timing is None or isinstance(timing, Timing):
            return timing
        if isinstance(timing, Mapping):
            known = {f.name for f in fields(cls)}
            unknown = sorted(set(timing) - known)
            if unknown:
                raise TypeError(
                    f"unknown timing field(s) {', '.join(unknown)} "
                    f"(expected {', '.join(sorted(known))})"
                )
            return cls(**timing)
        raise TypeError(f"timing must be a podsim.Timing or a dict, not {type(timing).__name__}")

    def _to_c(self) -> Dict[str, int]:
        """The podsim_timing fields (0 = default, -1 = takes no time)."""
        out: Dict[str, int] = {}
        for name in self._DURATIONS:
            value = getattr(self, name)
            if value is None:
                continue
            ms = parse_duration(value, f"timing {name}")
            if ms < 0:
                raise ValueError(f"timing {name} must be >= 0, not {value!r}")
            out[f"{name}_ms"] = ms if ms > 0 else -1
        for name in ("image_pull_bytes_per_second", "default_image_bytes"):
            value = getattr(self, name)
            if value is not None:
                out[name] = parse_bytes(value, f"timing {name}")
        for name in ("max_parallel_image_pulls", "jitter_percent"):
            value = getattr(self, name)
            if value is not None:
                out[name] = int(value)
        if self.exact:
            out["flags"] = _podsim.TIMING_EXACT
        return out


# ---- results ---------------------------------------------------------------------------


class Event(NamedTuple):
    """A Kubernetes Event the simulation recorded: one occurrence of a
    series (``count`` is the series' count so far, ``first_time`` when it
    began). Times are simulated seconds; ``object`` is "pod/web-0"."""

    time: float
    type: str
    reason: str
    object: str
    source: str
    message: str
    namespace: str
    count: int  # type: ignore[assignment]  # the series count, as kubectl names it
    first_time: float
    field_path: str
    host: str
    kind: str
    name: str
    seq: int

    def __str__(self) -> str:
        src = f"{self.source}, {self.host}" if self.host else self.source
        where = f"{self.namespace}/" if self.namespace else ""
        path = f" {self.field_path}" if self.field_path else ""
        return (f"{self.time:.3f}s {self.type} {self.reason} {self.kind.lower()}/"
                f"{where}{self.name}{path} ({src}) {self.message}")


class Change(NamedTuple):
    """One change of an object's visible state: for a Pod ``field`` is
    "phase", "status", "ready", "restarts", "node", "condition/<Type>" or
    "container/<name>"; for a workload "replicas", "readyReplicas"...
    ``value`` is the new text; ``time`` simulated seconds."""

    time: float
    kind: str
    namespace: str
    name: str
    field: str
    value: str


class Timeline(List[Change]):
    """The state changes of one object, in order; str() lists them."""

    def __str__(self) -> str:
        width = max((len(c.field) for c in self), default=0)
        return "\n".join(f"{format_duration(c.time):>10}  {c.field:<{width}}  {c.value}"
                         for c in self)

    def _repr_html_(self) -> str:
        return _html.table(["time", "field", "value"],
                           [(format_duration(c.time), c.field, c.value) for c in self])


@dataclass(frozen=True)
class Condition:
    """A pod condition; ``last_transition`` in simulated seconds (None when
    unset, negative when before the start)."""

    type: str
    status: str
    reason: str
    message: str
    last_transition: Optional[float]


@dataclass(frozen=True)
class ContainerState:
    """A container's status: ``state`` is "waiting", "running",
    "terminated" or "" (not created yet), with its reason and exit code;
    ``last_state``/``last_reason``/``last_exit_code`` describe the previous
    run (after a restart)."""

    name: str
    kind: str  # "regular", "init", "sidecar"
    state: str
    reason: str
    message: str
    exit_code: Optional[int]
    ready: bool
    started: Optional[bool]
    restart_count: int
    last_state: str
    last_reason: str
    last_exit_code: Optional[int]
    image: str


@dataclass(frozen=True)
class PodStatus:
    """A pod at the simulation's now: ``phase``, ``status`` (the STATUS
    column of kubectl get pods: "Running", "CrashLoopBackOff",
    "Init:0/1"...), ``ready`` (the READY column, "1/2"), ``restarts`` (the
    RESTARTS count), ``conditions`` (type -> Condition) and
    ``containers`` (init containers first, in spec order)."""

    namespace: str
    name: str
    phase: Optional[str]
    status: str
    ready: str
    restarts: int
    node: Optional[str]
    conditions: Dict[str, Condition]
    containers: List[ContainerState]
    reason: str
    message: str
    deleting: bool

    @property
    def is_ready(self) -> bool:
        """The Ready condition is True."""
        c = self.conditions.get("Ready")
        return c is not None and c.status == "True"

    def container(self, name: str) -> ContainerState:
        """The status of the container called ``name`` (KeyError if none)."""
        for c in self.containers:
            if c.name == name:
                return c
        raise KeyError(name)

    def __str__(self) -> str:
        on = f" on {self.node}" if self.node else ""
        return (f"{self.namespace}/{self.name} {self.status} ready {self.ready} "
                f"restarts {self.restarts}{on}")


class PodListRow(NamedTuple):
    """One row of ``kubectl get pods -A``."""

    namespace: str
    name: str
    ready: str
    status: str
    restarts: str
    age: str


class PodTable(Sequence[PodListRow]):
    """``kubectl get pods -A`` at one simulated instant: rows by iteration
    and indexing, the kubectl text by str()."""

    __slots__ = ("_rows", "_text")

    def __init__(self, rows: List[PodListRow], text: str) -> None:
        self._rows = rows
        self._text = text

    def __len__(self) -> int:
        return len(self._rows)

    @overload
    def __getitem__(self, index: int) -> PodListRow: ...

    @overload
    def __getitem__(self, index: slice) -> List[PodListRow]: ...

    def __getitem__(self, index: Union[int, slice]) -> Union[PodListRow, List[PodListRow]]:
        return self._rows[index]

    def __iter__(self) -> Iterator[PodListRow]:
        return iter(self._rows)

    def __str__(self) -> str:
        return self._text

    def __repr__(self) -> str:
        return self._text.rstrip("\n")

    def _repr_html_(self) -> str:
        return _html.table(list(PodListRow._fields), self._rows,
                           caption=f"{len(self._rows)} pods")


@dataclass(frozen=True)
class SimulationStats:
    """Counters of a run (podsim_sim_stats)."""

    events_processed: int
    pods_created: int
    pods_deleted: int
    scheduling_attempts: int
    pending: int
    memory_bytes: int


# ---- the simulation's cluster -------------------------------------------------------------


class _SimCluster(Cluster):
    """A Simulation's working model, read-only, as a Cluster: every Cluster
    method and view works on it and follows the simulation as it runs. It
    keeps the simulation alive; loads and binding raise ValueError."""

    def __init__(self, sim: Simulation) -> None:  # noqa: D107 - no super().__init__
        self._sim = sim
        self._c = sim._s.cluster()

    @property
    def _gen(self) -> int:
        # views refresh their fields whenever the simulation moved on
        return self._sim._gen

    @_gen.setter
    def _gen(self, value: int) -> None:
        pass

    def __repr__(self) -> str:
        if self.closed:
            return "<Cluster of a closed Simulation>"
        return f"<Cluster of {self._sim!r}>"


# ---- the simulation ----------------------------------------------------------------------


def _split_key(key: str) -> Tuple[str, str]:
    """ "namespace/name" or "name" (namespace "default")."""
    if not isinstance(key, str):
        raise TypeError(f"a pod is named by a 'namespace/name' str, not {type(key).__name__}")
    if "/" in key:
        ns, name = key.split("/", 1)
        return ns or "default", name
    return "default", key


def _is_text(value: Union[str, bytes]) -> bool:
    """YAML/JSON text rather than a path: it has a newline or starts with
    '{' or '['."""
    if isinstance(value, bytes):
        return b"\n" in value or value.lstrip()[:1] in (b"{", b"[")
    return "\n" in value or value.lstrip()[:1] in ("{", "[")


def _enum_names(enum: int) -> Dict[str, int]:
    """Name -> value of one of the core's enums (podsim_enum_name)."""
    names: Dict[str, int] = {}
    while (name := _podsim.enum_name(enum, len(names))) is not None:
        names[name] = len(names)
    return names


_VIEWS = _enum_names(_podsim.ENUM_SIM_VIEW)  # "pods", "events", "event-log"
_VIEWS["event_log"] = _VIEWS["event-log"]

# "unreachable", "not-ready", "shutdown", "deleted"
_NODE_FAILURES = _enum_names(_podsim.ENUM_NODE_FAILURE)

_RUN_KINDS = _enum_names(_podsim.ENUM_RUN_KIND)  # "forever", "exit", ...

_PROBES = ("startup", "liveness", "readiness")

S = TypeVar("S", bound="Simulation")


class Simulation:
    """A pod lifecycle simulation of a copy of ``cluster``.

    >>> sim = podsim.Simulation(cluster, kubernetes_version="1.34", seed=7,
    ...                         config=cfg, timing={"sandbox": "2s"})

    ``kubernetes_version`` picks the defaults the simulation follows (None:
    the cluster's); ``seed`` the random stream (None: a fixed default), so
    equal inputs replay equal runs; ``config`` the scheduler configuration
    (a SchedulerConfig, a path, a dict or None); ``timing`` a
    :class:`Timing` or a dict of its fields; ``quiet`` keeps no event log
    and no change log (counters only), for long runs; ``node_lifecycle``
    the node lifecycle controller, taint eviction and pod GC settings, a
    :class:`NodeLifecycle` or a dict of its fields or of the upstream flag
    names ({"node-monitor-grace-period": "40s"}).

    Changes to ``cluster`` after this call do not reach the simulation.
    """

    _s: _podsim.Simulation
    _gen: int

    def __init__(
        self,
        cluster: Union[Cluster, _podsim.Cluster],
        kubernetes_version: Optional[str] = None,
        seed: Optional[int] = None,
        config: ConfigLike = None,
        timing: Union[Timing, Mapping[str, Any], None] = None,
        quiet: bool = False,
        node_lifecycle: Union[NodeLifecycle, Mapping[str, Any], None] = None,
    ) -> None:
        if isinstance(cluster, Cluster):
            raw = cluster._c
        elif isinstance(cluster, _podsim.Cluster):
            raw = cluster
        else:
            raise TypeError(f"cluster must be a podsim.Cluster, not {type(cluster).__name__}")
        cfg = SchedulerConfig._coerce(config)
        t = Timing._coerce(timing)
        nl = NodeLifecycle._coerce(node_lifecycle)
        if seed is not None and (isinstance(seed, bool) or not isinstance(seed, int)):
            raise TypeError(f"seed must be an int, not {type(seed).__name__}")
        self._s = _podsim.Simulation(
            raw,
            kubernetes_version,
            seed=seed,
            config=cfg._c if cfg is not None else None,
            timing=t._to_c() if t is not None else None,
            flags=_podsim.SIM_QUIET if quiet else 0,
            node_lifecycle=nl._to_c() if nl is not None else None,
        )
        self._init(cluster, cfg, [], [])

    def _init(self, source: Any, cfg: Optional[SchedulerConfig],
              events: List[Event], changes: List[Change]) -> None:
        self._source = source  # the Cluster it was made from, kept alive
        self._config = cfg
        self._events = events
        self._changes = changes
        self._gen = 0
        self._cluster: Optional[_SimCluster] = None
        self._epoch = self._s.epoch_ms()

    # ---- handle ----------------------------------------------------------------------

    def fork(self: S) -> S:
        """An independent copy at the same time, with the same pending work
        and random stream: the two branches never affect each other."""
        child = type(self).__new__(type(self))
        child._s = self._s.fork()
        child._init(self._source, self._config, list(self._events), list(self._changes))
        return child

    def close(self) -> None:
        """Release the simulation now (idempotent); later use, and use of
        its cluster, raises ValueError."""
        self._s.close()

    @property
    def closed(self) -> bool:
        return self._s.closed

    def __enter__(self: S) -> S:
        return self

    def __exit__(
        self,
        exc_type: Optional[Type[BaseException]],
        exc: Optional[BaseException],
        tb: Optional[TracebackType],
    ) -> None:
        self.close()

    @property
    def kubernetes_version(self) -> str:
        """The Kubernetes minor version simulated, "1.34"."""
        return self._s.kubernetes_version

    @property
    def config(self) -> Optional[SchedulerConfig]:
        """The scheduler configuration (None: kube-scheduler's defaults)."""
        return self._config

    @property
    def cluster(self) -> Cluster:
        """The working model as it is at now, as a read-only Cluster: every
        Cluster method and view works on it (``sim.cluster.pod("default/web-0")
        .status``). It keeps the simulation alive."""
        c = self._cluster
        if c is None:
            c = self._cluster = _SimCluster(self)
        return c

    # ---- time ------------------------------------------------------------------------

    @property
    def now(self) -> float:
        """Simulated seconds since the start."""
        return self._s.now() / 1000.0

    @property
    def now_ms(self) -> int:
        """Simulated milliseconds since the start (exact)."""
        return self._s.now()

    @property
    def epoch(self) -> _dt.datetime:
        """The wall-clock instant of simulated time 0 (UTC): the newest
        timestamp of the loaded cluster."""
        return _dt.datetime.fromtimestamp(self._epoch / 1000.0, _dt.timezone.utc)

    def _time(self, value: Optional[DurationLike], what: str) -> Optional[int]:
        return None if value is None else parse_duration(value, what)

    def _seconds(self, wall_ms: Optional[int]) -> Optional[float]:
        """A model timestamp (ms since the epoch) in simulated seconds."""
        return None if wall_ms is None else (wall_ms - self._epoch) / 1000.0

    # ---- input -----------------------------------------------------------------------

    def apply(self, source: TextOrPath, at: Optional[DurationLike] = None, *,
              name: Optional[str] = None) -> None:
        """Create or update objects at simulated time ``at`` (None: now), as
        ``kubectl apply`` does: a new workload is reconciled, a changed pod
        template starts a rollout, a changed replica count scales, a bare
        Pod is created. ``source`` is a path, YAML/JSON text, or a dict (or
        list of dicts) shaped like the YAML. The input is parsed now:
        errors carry path, line and column; ``name`` names text in them.
        A document of kind Scenario sets behaviours, images and timing.
        """
        at_ms = self._time(at, "at")
        if isinstance(source, (Mapping, list, tuple)):
            docs = [source] if isinstance(source, Mapping) else list(source)
            text = "\n".join("---\n" + json.dumps(d) for d in docs)
            self._s.apply_string(text, name or "<dict>", at_ms)
        elif isinstance(source, os.PathLike):
            self._s.apply_file(source, at_ms)
        elif isinstance(source, (str, bytes)) and _is_text(source):
            self._s.apply_string(source, name, at_ms)
        elif isinstance(source, (str, bytes)):
            self._s.apply_file(source, at_ms)
        else:
            raise TypeError(f"apply() takes a path, YAML text or a dict, not {type(source).__name__}")
        self._gen += 1

    def load_scenario(self, source: Union[str, bytes, "os.PathLike[str]"], *,
                      name: Optional[str] = None) -> None:
        """Load a podsim Scenario (kind Scenario, apiVersion
        podsim.dev/v1alpha1: timing, images, behaviours) from a path or YAML
        text. Behaviours added later take precedence."""
        if isinstance(source, os.PathLike):
            self._s.load_scenario_file(source)
        elif isinstance(source, (str, bytes)) and _is_text(source):
            self._s.load_scenario_string(source, name)
        elif isinstance(source, (str, bytes)):
            self._s.load_scenario_file(source)
        else:
            raise TypeError(f"load_scenario() takes a path or YAML text, not {type(source).__name__}")
        self._gen += 1

    def set_behavior(
        self,
        pod: str = "*",
        container: str = "*",
        run: str = "forever",
        after: Optional[DurationLike] = None,
        exit_code: Optional[int] = None,
        ready_after: Optional[DurationLike] = None,
        probes: Optional[Mapping[str, str]] = None,
        handles_sigterm: bool = True,
        jitter: Optional[DurationLike] = None,
        sigterm_exit_code: int = 0,
    ) -> None:
        """What the containers matching ``container`` (a glob) of the pods
        matching ``pod`` ("namespace/name" glob, or a name glob for any
        namespace) do once started: ``run`` "forever", "exit" (with
        ``exit_code``, default 0), "crash" (non-zero, default 1) or "oom"
        (OOMKilled) ``after`` a duration (plus up to ``jitter``).
        ``ready_after``: readiness probes fail until then. ``probes``:
        {"startup"|"liveness"|"readiness": "SSF..."}, one letter per probe
        run (S success, F failure; the last repeats). ``handles_sigterm``
        False: only SIGKILL ends it. ``sigterm_exit_code``: its exit code
        when SIGTERM ends it (0, a graceful handler: Completed; 143, a
        process the signal kills: Error, so a Job counts a failure). Later
        rules take precedence."""
        try:
            kind = _RUN_KINDS[run]
        except (KeyError, TypeError):
            raise ValueError(
                f"run must be one of {', '.join(_RUN_KINDS)}, not {run!r}"
            ) from None
        patterns: Dict[str, Optional[str]] = {p: None for p in _PROBES}
        for probe, pattern in (probes or {}).items():
            if probe not in patterns:
                raise ValueError(f"unknown probe {probe!r} (expected {', '.join(_PROBES)})")
            if not isinstance(pattern, str):
                raise TypeError(f"probe pattern must be a str of S and F, not {pattern!r}")
            patterns[probe] = pattern
        if exit_code is None:
            exit_code = 1 if kind == _podsim.RUN_CRASH else 0
        self._s.set_behavior(
            pod,
            container,
            run=kind,
            exit_code=exit_code,
            run_ms=self._time(after, "after") or 0,
            run_jitter_ms=self._time(jitter, "jitter") or 0,
            ready_after_ms=self._time(ready_after, "ready_after") or 0,
            startup_pattern=patterns["startup"],
            liveness_pattern=patterns["liveness"],
            readiness_pattern=patterns["readiness"],
            handles_sigterm=handles_sigterm,
            sigterm_exit_code=sigterm_exit_code,
        )

    def set_image(self, name: str, size: Optional[BytesLike] = None, missing: bool = False) -> None:
        """Register an image the registry holds, of ``size`` bytes (an int
        or "500MB"; None: the default size), or with ``missing`` one whose
        pulls fail (ErrImagePull, ImagePullBackOff)."""
        self._s.set_image(name, 0 if size is None else parse_bytes(size, "image size"), missing)

    def delete_pod(self, pod: str, at: Optional[DurationLike] = None,
                   grace: Optional[DurationLike] = None, force: bool = False) -> None:
        """Delete a pod ("namespace/name") at ``at`` (None: now) as kubectl
        delete pod does: ``grace`` is the grace period (None: the pod's
        terminationGracePeriodSeconds; whole seconds); ``force`` with grace
        0 (the default when forcing) removes the object at once."""
        ns, name = _split_key(pod)
        if grace is None:
            grace_s = 0 if force else -1
        else:
            grace_ms = parse_duration(grace, "grace")
            if grace_ms < 0 or grace_ms % 1000:
                raise ValueError(f"grace must be whole seconds >= 0, not {grace!r}")
            grace_s = grace_ms // 1000
        self._s.delete_pod(ns, name, self._time(at, "at"), grace_s, force)
        self._gen += 1

    # ---- nodes: failure, eviction, maintenance ------------------------------------------

    @staticmethod
    def _mode(mode: str) -> int:
        if isinstance(mode, str):
            value = _NODE_FAILURES.get(mode.replace("_", "-"))
            if value is not None:
                return value
        raise ValueError(
            f"mode must be one of {', '.join(_NODE_FAILURES)}, not {mode!r}"
        )

    @staticmethod
    def _name(value: str, what: str) -> str:
        if not isinstance(value, str):
            raise TypeError(f"{what} must be a str, not {type(value).__name__}")
        return value

    def fail_node(self, name: str, at: Optional[DurationLike] = None,
                  mode: str = "unreachable") -> None:
        """The node ``name`` fails at ``at`` (None: now): ``mode``
        "unreachable" (the kubelet stops reaching the API server: crash,
        network partition; containers keep running), "not-ready" (the
        kubelet reports Ready=False: no grace period), "shutdown" (graceful
        node shutdown when configured, then silence; containers gone) or
        "deleted" (the VM is gone and the Node object deleted). A node
        named for now must exist (podsim.NotFound)."""
        m = self._mode(mode)
        self._s.fail_node(self._name(name, "node"), self._time(at, "at"), m)
        self._gen += 1

    def fail_zone(self, zone: str, at: Optional[DurationLike] = None,
                  mode: str = "unreachable") -> None:
        """Every node of ``zone`` (topology.kubernetes.io/zone) fails at
        ``at`` in ``mode`` (see :meth:`fail_node`)."""
        m = self._mode(mode)
        self._s.fail_zone(self._name(zone, "zone"), self._time(at, "at"), m)
        self._gen += 1

    def recover_node(self, name: str, at: Optional[DurationLike] = None) -> None:
        """The node works again at ``at``: the kubelet renews its Lease and
        posts Ready (after a shutdown the containers restart; a deleted
        Node registers again, empty)."""
        self._s.recover_node(self._name(name, "node"), self._time(at, "at"))
        self._gen += 1

    def delete_node(self, name: str, at: Optional[DurationLike] = None) -> None:
        """``kubectl delete node`` at ``at`` (a live kubelet registers it
        again)."""
        self._s.delete_node(self._name(name, "node"), self._time(at, "at"))
        self._gen += 1

    def cordon(self, name: str, at: Optional[DurationLike] = None) -> None:
        """``kubectl cordon`` at ``at``: the node becomes unschedulable."""
        self._s.cordon_node(self._name(name, "node"), self._time(at, "at"), True)
        self._gen += 1

    def uncordon(self, name: str, at: Optional[DurationLike] = None) -> None:
        """``kubectl uncordon`` at ``at``."""
        self._s.cordon_node(self._name(name, "node"), self._time(at, "at"), False)
        self._gen += 1

    def drain_node(self, name: str, at: Optional[DurationLike] = None) -> None:
        """``kubectl drain --ignore-daemonsets --delete-emptydir-data
        --force`` at ``at``: cordon, then evict every pod but DaemonSet and
        mirror pods through the Eviction API, retrying evictions a
        PodDisruptionBudget refuses."""
        self._s.drain_node(self._name(name, "node"), self._time(at, "at"))
        self._gen += 1

    def taint(self, node: str, taint: str, at: Optional[DurationLike] = None) -> None:
        """``kubectl taint nodes NODE TAINT`` at ``at``:
        "key[=value]:Effect" adds (or replaces) a taint,
        "key[=value]:Effect-" or "key-" removes it. Malformed text raises
        podsim.InvalidArgument (a ValueError) now."""
        self._s.taint_node(self._name(node, "node"), self._name(taint, "taint"),
                           self._time(at, "at"))
        self._gen += 1

    def force_delete(self, pod: str, at: Optional[DurationLike] = None) -> None:
        """``kubectl delete pod --grace-period=0 --force`` at ``at``: the
        object is removed at once, whatever its node's state."""
        self.delete_pod(pod, at=at, grace=0, force=True)

    def get_nodes(self) -> NodeTable:
        """``kubectl get nodes`` at now: iterate for rows (name, status,
        roles, age, version), str() for the text."""
        return NodeTable(self._s.render(_podsim.SIM_VIEW_NODES))

    def report(self) -> Report:
        """The what-if report at now: per disrupted pod when it was
        disrupted, NotReady, evicted, replaced, Running and Ready again (or
        why it is stuck); per workload its ready replicas over time; per
        node its failure timeline. str() is the text summary."""
        raw = self._s.report()
        return Report(raw, self._s.render(_podsim.SIM_VIEW_REPORT))

    # ---- running ---------------------------------------------------------------------

    def _run(self, fn: Any, *args: Any) -> Any:
        cfg = self._config
        if cfg is None:
            try:
                return fn(*args)
            finally:
                self._gen += 1
        cfg._sync()
        cfg._begin(self.cluster)  # Python plugins get views of the model
        try:
            return fn(*args)
        finally:
            cfg._end()
            self._gen += 1

    def run(self, until: DurationLike) -> None:
        """Run every event up to and including simulated time ``until``
        (seconds, "10m", a timedelta); now becomes ``until``."""
        self._run(self._s.run_until, parse_duration(until, "until"))

    def run_until_idle(self, limit: Optional[DurationLike] = None) -> bool:
        """Run until nothing is pending (periodic resyncs do not count) or
        simulated time ``limit`` is reached (None: an hour from now). True
        when the simulation became idle."""
        limit_ms = self._s.now() + 3_600_000 if limit is None else parse_duration(limit, "limit")
        return bool(self._run(self._s.run_idle, limit_ms))

    def step(self) -> bool:
        """Run the events of the next instant that has any; False when
        nothing was pending."""
        return bool(self._run(self._s.step))

    # ---- reading ---------------------------------------------------------------------

    @property
    def stats(self) -> SimulationStats:
        return SimulationStats(**self._s.stats())

    @property
    def events(self) -> List[Event]:
        """Every Event recorded so far, in order (each occurrence of a
        series, with the series' count)."""
        new = self._s.events(len(self._events))
        for e in new:
            kind = e["kind"]
            self._events.append(Event(
                e["time"] / 1000.0, e["type"], e["reason"], f"{kind.lower()}/{e['name']}",
                e["source"], e["message"], e["namespace"], e["count"],
                e["first_time"] / 1000.0, e["field_path"], e["host"], kind, e["name"],
                e["seq"],
            ))
        return list(self._events)

    @property
    def changes(self) -> List[Change]:
        """Every state change recorded so far, in order."""
        for c in self._s.changes(len(self._changes)):
            self._changes.append(Change(c["time"] / 1000.0, c["kind"], c["namespace"],
                                        c["name"], c["field"], c["value"]))
        return list(self._changes)

    def timeline(self, obj: str, kind: Optional[str] = "Pod") -> Timeline:
        """Every change of one object's visible state, with its time:
        ``obj`` is "namespace/name" (or a name in "default"); ``kind`` "Pod"
        (default), a workload kind ("Deployment"...) or None for any."""
        ns, name = _split_key(obj)
        return Timeline(c for c in self.changes
                        if c.name == name and c.namespace == ns
                        and (kind is None or c.kind == kind))

    @property
    def event_log(self) -> str:
        """The event log: one line per event with its simulated time (the
        text the shared test fixtures compare across C, Python and Lua)."""
        return self._s.render(_podsim.SIM_VIEW_EVENT_LOG)

    def render(self, view: str = "events", wide: bool = False) -> str:
        """A text view: "events" (kubectl get events -A), "pods" (kubectl
        get pods -A at now), "event-log", "nodes" (kubectl get nodes at now)
        or "report" (the what-if report)."""
        try:
            v = _VIEWS[view]
        except KeyError:
            raise ValueError(
                f"unknown view {view!r} (expected events, pods, event-log, nodes or report)"
            ) from None
        return self._s.render(v, _podsim.RENDER_WIDE if wide else 0)

    def describe(self, pod: str) -> str:
        """``kubectl describe pod`` text of a live pod at now."""
        ns, name = _split_key(pod)
        return self._s.describe_pod(ns, name)

    def diagnose(self, pod: Optional[str] = None, *, as_of: Any = None, rules: Any = None,
                 whatif: bool = True, kubectl_version: Optional[str] = None) -> "Diagnosis":
        """Why is this live pod ("namespace/name") not Running or Ready, at
        now (or ``as_of``: a datetime, an RFC 3339 string or wall ms)? The
        facts are simulated and the event log is the simulation's; the
        checks that run podsim on a copy never change this simulation.
        ``pod`` None picks the only live pod. See :func:`podsim.diagnose`
        for ``rules``, ``whatif`` and ``kubectl_version``."""
        from ._diagnose import _diagnose_sim

        return _diagnose_sim(self, pod, as_of, rules, whatif, kubectl_version)

    def dump(self) -> str:
        """The simulation at now as ``kubectl get nodes,pods,events,... -A
        -o yaml`` would print it: a ``kind: List`` that podsim.Cluster (and
        podsim.diagnose) reads back."""
        return self._s.dump()

    def _wall_ms(self) -> int:
        return self._epoch + self._s.now()

    def pod_status(self, pod: str) -> PodStatus:
        """A live pod ("namespace/name") at now: phase, the STATUS, READY
        and RESTARTS columns, conditions and container states. Raises
        podsim.NotFound (a KeyError) for a pod that does not exist (or was
        deleted)."""
        ns, name = _split_key(pod)
        pid = self._s.find_pod(ns, name)
        view = self.cluster._c
        raw = view.get("Pod", pid)
        row = view.pod_row(pid, self._wall_ms())
        status = raw["status"]
        conditions = {
            c["type"]: Condition(c["type"], c["status"], c["reason"], c["message"],
                                 self._seconds(c["last_transition_time"]))
            for c in status["conditions"]
        }
        containers = []
        for cs in status["init_container_statuses"] + status["container_statuses"]:
            st, last = cs["state"], cs["last_state"]
            containers.append(ContainerState(
                cs["name"], cs["kind"], st["kind"], st["reason"], st["message"],
                st["exit_code"] if st["kind"] == "terminated" else None,
                cs["ready"], None if cs["started"] is None else bool(cs["started"]),
                cs["restart_count"], last["kind"], last["reason"],
                last["exit_code"] if last["kind"] == "terminated" else None,
                cs["image"],
            ))
        restarts = row["restarts"].split(" ", 1)[0]
        return PodStatus(
            namespace=raw["meta"]["namespace"] or ns,
            name=raw["meta"]["name"],
            phase=status["phase"],
            status=row["status"],
            ready=row["ready"],
            restarts=int(restarts) if restarts.isdigit() else 0,
            node=raw["spec"]["node_name"] or None,
            conditions=conditions,
            containers=containers,
            reason=status["reason"] or "",
            message=status["message"] or "",
            deleting=raw["meta"]["deletion_timestamp"] is not None,
        )

    def _live_pods(self) -> List[Tuple[str, str, int, Dict[str, Any]]]:
        """(namespace, name, id, raw) of the live pods, in kubectl's order."""
        view = self.cluster._c
        pods = []
        for pid in view.pod_order():
            raw = view.get("Pod", pid)
            meta = raw["meta"]
            pods.append((meta["namespace"] or "default", meta["name"], pid, raw))
        return pods

    def get_pods(self) -> PodTable:
        """``kubectl get pods -A`` at now: iterate for rows, str() for the
        text."""
        view = self.cluster._c
        wall = self._wall_ms()
        rows = []
        for ns, name, pid, _ in self._live_pods():
            r = view.pod_row(pid, wall)
            rows.append(PodListRow(ns, name, r["ready"], r["status"], r["restarts"], r["age"]))
        return PodTable(rows, self._s.render(_podsim.SIM_VIEW_PODS))

    # ---- pandas --------------------------------------------------------------------------

    @staticmethod
    def _pandas(what: str) -> Any:
        try:
            import pandas as pd
        except ImportError as exc:
            raise ImportError(
                f"Simulation.{what}() needs pandas, which is not installed (pip install pandas)"
            ) from exc
        return pd

    def events_frame(self) -> Any:
        """The events as a pandas DataFrame (one row per occurrence; times
        in simulated seconds)."""
        pd = self._pandas("events_frame")
        return pd.DataFrame(self.events, columns=list(Event._fields))

    def pods_frame(self) -> Any:
        """The live pods at now as a pandas DataFrame: namespace, name,
        phase, node, ready, status, restarts (int), age."""
        pd = self._pandas("pods_frame")
        view = self.cluster._c
        wall = self._wall_ms()
        rows = []
        for ns, name, pid, raw in self._live_pods():
            r = view.pod_row(pid, wall)
            restarts = r["restarts"].split(" ", 1)[0]
            rows.append((ns, name, raw["status"]["phase"], raw["spec"]["node_name"] or None,
                         r["ready"], r["status"], int(restarts) if restarts.isdigit() else 0,
                         r["age"]))
        columns = ["namespace", "name", "phase", "node", "ready", "status", "restarts", "age"]
        return pd.DataFrame(rows, columns=columns)

    # ---- display -------------------------------------------------------------------------

    def __repr__(self) -> str:
        if self.closed:
            return "<Simulation (closed)>"
        return (f"<Simulation kubernetes {self.kubernetes_version} at "
                f"{format_duration(self.now)}: {self._s.event_count()} events>")

    def _repr_html_(self) -> str:
        if self.closed:
            return "<p>podsim Simulation (closed)</p>"
        rows = [(format_duration(e.time), e.type, e.reason, e.object, e.message)
                for e in self.events[-50:]]
        return _html.table(["time", "type", "reason", "object", "message"], rows,
                           caption=f"podsim Simulation at {format_duration(self.now)} "
                                   f"(last {len(rows)} events)")
