"""Cluster: the Pythonic face of ``_podsim.Cluster``."""

from __future__ import annotations

import datetime as _dt
import os
from dataclasses import dataclass, field
from types import TracebackType
from typing import (
    TYPE_CHECKING,
    Any,
    Callable,
    Dict,
    Iterable,
    List,
    Mapping,
    Optional,
    Type,
    TypeVar,
    Union,
    overload,
)

from . import _html, _podsim, _scheduler
from ._scheduler import ConfigLike, Placements, PodLike, ScheduleResult
from ._views import Node, Object, ObjectList, Pod, _to_ms

if TYPE_CHECKING:  # the simulation module imports this one
    from ._simulation import PodTable

__all__ = ["Cluster", "LoadStats", "KINDS", "kind_name"]

#: Kind names in podsim_kind order ("Node", "Pod", "Deployment", ...).
KINDS: tuple[str, ...] = tuple(_podsim.KINDS)

WORKLOAD_KINDS: tuple[str, ...] = ("Deployment", "ReplicaSet", "StatefulSet", "DaemonSet", "Job")

# kubectl's short names, for convenience in objects()/get().
_SHORT_NAMES = {
    "no": "Node",
    "po": "Pod",
    "deploy": "Deployment",
    "rs": "ReplicaSet",
    "sts": "StatefulSet",
    "ds": "DaemonSet",
    "pc": "PriorityClass",
    "pdb": "PodDisruptionBudget",
    "pvc": "PersistentVolumeClaim",
    "pv": "PersistentVolume",
    "sc": "StorageClass",
    "cm": "ConfigMap",
    "ns": "Namespace",
    "svc": "Service",
    "ev": "Event",
}

_VIEWS = {
    "nodes": _podsim.VIEW_NODES,
    "pods": _podsim.VIEW_PODS,
    "node-requests": _podsim.VIEW_NODE_REQUESTS,
    "node_requests": _podsim.VIEW_NODE_REQUESTS,
}

PathLike = Union[str, "os.PathLike[str]", bytes]
Paths = Union[PathLike, Iterable[PathLike]]


def kind_name(kind: str) -> str:
    """The podsim kind name for ``kind``: "Deployment" for "deployment",
    "deployments", "deploy"... Raises ValueError for unknown kinds."""
    if kind in KINDS:
        return kind
    low = kind.lower()
    if low in _SHORT_NAMES:
        return _SHORT_NAMES[low]
    by_lower = {k.lower(): k for k in KINDS}
    for cand in (low, low[:-1] if low.endswith("s") else None,
                 low[:-2] if low.endswith("es") else None):
        if cand and cand in by_lower:
            return by_lower[cand]
    raise ValueError(f"unknown kind {kind!r} (expected one of {', '.join(KINDS)})")


@dataclass(frozen=True)
class LoadStats:
    """What a load added: documents read, objects added per kind (kinds with
    none are left out), objects of kinds podsim ignores, input bytes."""

    documents: int = 0
    added: Mapping[str, int] = field(default_factory=dict)
    skipped: int = 0
    bytes: int = 0

    @classmethod
    def _from_dict(cls, d: Mapping[str, Any]) -> LoadStats:
        added = {k: n for k, n in d["added"].items() if n}
        return cls(d["documents"], added, d["skipped"], d["bytes"])

    @property
    def total(self) -> int:
        """Objects added, all kinds together."""
        return sum(self.added.values())

    def __add__(self, other: LoadStats) -> LoadStats:
        if not isinstance(other, LoadStats):
            return NotImplemented
        added = dict(self.added)
        for k, n in other.added.items():
            added[k] = added.get(k, 0) + n
        ordered = {k: added[k] for k in KINDS if k in added}
        return LoadStats(
            self.documents + other.documents,
            ordered,
            self.skipped + other.skipped,
            self.bytes + other.bytes,
        )


C = TypeVar("C", bound="Cluster")


class _LoadMethod:
    """``Cluster.load``: a constructor on the class, a method on instances.

    ``podsim.Cluster.load(paths, kubernetes_version=None)`` returns a new
    Cluster; ``cluster.load(paths)`` adds to an existing one and returns the
    LoadStats.
    """

    @overload
    def __get__(self, obj: None, objtype: Type[C]) -> Callable[..., C]: ...

    @overload
    def __get__(self, obj: C, objtype: Optional[Type[C]] = None) -> Callable[[Paths], LoadStats]: ...

    def __get__(self, obj: Any, objtype: Any = None) -> Any:
        if obj is None:
            cls = objtype

            def load(paths: Paths, kubernetes_version: Optional[str] = None,
                     **options: Any) -> Any:
                cluster = cls(kubernetes_version, **options)
                cluster._load_paths(paths)
                return cluster

            load.__doc__ = (
                "Cluster.load(paths, kubernetes_version=None, **options) -> Cluster\n\n"
                "A new cluster holding the objects of one file or a list of files."
            )
        else:

            def load(paths: Paths) -> LoadStats:  # type: ignore[misc]
                stats: LoadStats = obj._load_paths(paths)
                return stats

            load.__doc__ = (
                "cluster.load(paths) -> LoadStats\n\n"
                "Add the objects of one file or a list of files. Each file is\n"
                "loaded transactionally: if it fails the model is unchanged by it."
            )
        load.__name__ = "load"
        load.__qualname__ = "Cluster.load"
        return load


class Cluster:
    """A podsim cluster model.

    >>> c = podsim.Cluster(kubernetes_version="1.34")       # empty
    >>> c = podsim.Cluster.load("snapshot.yaml")            # or a list
    >>> c.load("more.yaml"); c.loads(text)                  # add objects
    >>> c.nodes, c.pods, c.node("worker-1"), c.pod("default/web-0")

    Options (keyword only, see podsim_cluster_options): max_input_bytes,
    max_depth, max_alias_expansion, max_scalar_bytes,
    default_not_ready_toleration_seconds,
    default_unreachable_toleration_seconds.
    """

    _c: _podsim.Cluster
    _gen: int

    def __init__(self, kubernetes_version: Optional[str] = None, **options: Any) -> None:
        self._c = _podsim.Cluster(kubernetes_version, **options)
        self._gen = 0

    load = _LoadMethod()

    def _load_paths(self, paths: Paths) -> LoadStats:
        if isinstance(paths, (str, bytes, os.PathLike)):
            items: List[PathLike] = [paths]
        else:
            items = list(paths)
        # one transaction over every file: all of them land or none
        stats = self._c.load_files(items)
        self._gen += 1
        return LoadStats._from_dict(stats)

    def loads(self, text: Union[str, bytes], source: Optional[str] = None) -> LoadStats:
        """Add the objects of YAML or JSON text (transactional). ``source``
        names the text in errors (default "<string>")."""
        stats = self._c.load_string(text, source)
        self._gen += 1
        return LoadStats._from_dict(stats)

    # ---- handle ---------------------------------------------------------------

    @property
    def kubernetes_version(self) -> str:
        return self._c.kubernetes_version

    def close(self) -> None:
        """Release the model now (idempotent); later use raises ValueError."""
        self._c.close()

    @property
    def closed(self) -> bool:
        return self._c.closed

    def __enter__(self: C) -> C:
        return self

    def __exit__(
        self,
        exc_type: Optional[Type[BaseException]],
        exc: Optional[BaseException],
        tb: Optional[TracebackType],
    ) -> None:
        self.close()

    # ---- reading ----------------------------------------------------------------

    def count(self, kind: str) -> int:
        return self._c.count(kind_name(kind))

    def counts(self) -> Dict[str, int]:
        """Number of objects per kind, kinds with none left out."""
        out = {}
        for k in KINDS:
            n = self._c.count(k)
            if n:
                out[k] = n
        return out

    def _view(self, kind: str, id: int) -> Object:
        if kind == "Pod":
            return Pod(self, id)
        if kind == "Node":
            return Node(self, id)
        return Object(self, kind, id)

    @property
    def nodes(self) -> ObjectList[Node]:
        return ObjectList(self, "Node", lambda i: Node(self, i))

    @property
    def pods(self) -> ObjectList[Pod]:
        """Every pod by id. In a simulation's model this includes pods it
        deleted (``pod.removed``; ids stay stable): ``get_pods()`` and
        ``to_pandas()`` list the live ones."""
        return ObjectList(self, "Pod", lambda i: Pod(self, i))

    def objects(self, kind: str) -> ObjectList[Object]:
        """The objects of a kind ("Deployment", "deployments", "deploy"...)."""
        k = kind_name(kind)
        return ObjectList(self, k, lambda i: self._view(k, i))

    @property
    def workloads(self) -> List[Object]:
        """Deployments, ReplicaSets, StatefulSets, DaemonSets and Jobs."""
        out: List[Object] = []
        for k in WORKLOAD_KINDS:
            out.extend(self.objects(k))
        return out

    @property
    def deployments(self) -> ObjectList[Object]:
        return self.objects("Deployment")

    @property
    def events(self) -> ObjectList[Object]:
        return self.objects("Event")

    @property
    def namespaces(self) -> ObjectList[Object]:
        return self.objects("Namespace")

    @property
    def services(self) -> ObjectList[Object]:
        return self.objects("Service")

    @property
    def priority_classes(self) -> ObjectList[Object]:
        return self.objects("PriorityClass")

    @property
    def pdbs(self) -> ObjectList[Object]:
        return self.objects("PodDisruptionBudget")

    @property
    def pvcs(self) -> ObjectList[Object]:
        return self.objects("PersistentVolumeClaim")

    @property
    def pvs(self) -> ObjectList[Object]:
        return self.objects("PersistentVolume")

    @property
    def storage_classes(self) -> ObjectList[Object]:
        return self.objects("StorageClass")

    @property
    def config_maps(self) -> ObjectList[Object]:
        return self.objects("ConfigMap")

    @property
    def secrets(self) -> ObjectList[Object]:
        return self.objects("Secret")

    def _find(self, kind: str, key: str, namespace: Optional[str]) -> int:
        if namespace is None and "/" in key and _podsim.kind_is_namespaced(kind):
            namespace, key = key.split("/", 1)
        return self._c.find(kind, namespace, key)

    def node(self, name: str) -> Node:
        """The Node called ``name``; raises podsim.NotFound (a KeyError)."""
        return Node(self, self._c.find("Node", None, name))

    def pod(self, key: str, namespace: Optional[str] = None) -> Pod:
        """The Pod "namespace/name" (or "name" in ``namespace``, default
        "default"); raises podsim.NotFound (a KeyError)."""
        return Pod(self, self._find("Pod", key, namespace))

    def get(self, kind: str, key: Union[str, int], namespace: Optional[str] = None) -> Object:
        """The object of ``kind`` with ``key`` ("namespace/name", "name", or
        an integer id). Raises podsim.NotFound (a KeyError) if missing."""
        k = kind_name(kind)
        if isinstance(key, int) and not isinstance(key, bool):
            n = self._c.count(k)
            if not 0 <= key < n:
                raise IndexError(f"{k} id {key} out of range (0..{n - 1})")
            return self._view(k, key)
        return self._view(k, self._find(k, str(key), namespace))

    # ---- scheduling ------------------------------------------------------------

    def schedule(
        self,
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
        """Where kube-scheduler would put ``pod``, and why.

        ``pod`` is a Pod view of this cluster (or its id), a Pod as YAML or
        JSON text, or a dict (not added to the model unless bound).
        ``config`` is a SchedulerConfig, a KubeSchedulerConfiguration path
        or dict, or None (kube-scheduler's defaults); ``profile`` a
        schedulerName (None: the pod's). ``explain`` keeps per-node filter
        verdicts and per-plugin scores; ``bind`` binds the pod to the
        chosen node in the model; ``exhaustive`` evaluates every node
        (ignores percentageOfNodesToScore); ``preemption=False`` skips
        PostFilter; a ``seed`` reseeds the tie-break stream.
        """
        return _scheduler.schedule(
            self, pod, config=config, profile=profile, explain=explain, bind=bind,
            exhaustive=exhaustive, preemption=preemption, seed=seed,
        )

    def schedule_pending(
        self,
        *,
        config: ConfigLike = None,
        explain: bool = False,
        exhaustive: bool = False,
        preemption: bool = True,
        seed: Optional[int] = None,
    ) -> Placements:
        """Schedule every pending pod in PrioritySort order (higher
        priority first, then older), binding each placement so later pods
        see it. Preemption is reported, not carried out. Returns the
        Placements (a list of ScheduleResult)."""
        return _scheduler.schedule_pending(
            self, config=config, explain=explain, exhaustive=exhaustive,
            preemption=preemption, seed=seed,
        )

    # ---- rendering -------------------------------------------------------------

    def render(
        self,
        view: str = "pods",
        wide: bool = False,
        as_of: Union[None, int, _dt.datetime] = None,
    ) -> str:
        """A table as kubectl prints it: "nodes" (kubectl get nodes), "pods"
        (kubectl get pods -A) or "node-requests"; ``wide`` adds the -o wide
        columns; ages are relative to ``as_of`` (ms or datetime; None: the
        newest timestamp in the model)."""
        try:
            v = _VIEWS[view]
        except KeyError:
            raise ValueError(
                f"unknown view {view!r} (expected nodes, pods or node-requests)"
            ) from None
        return self._c.render(v, _podsim.RENDER_WIDE if wide else 0, _to_ms(as_of))

    def get_pods(self, as_of: Union[None, int, _dt.datetime] = None) -> "PodTable":
        """``kubectl get pods -A`` of the model: iterate for rows
        (namespace, name, ready, status, restarts, age), str() for the text,
        exactly as kubectl printed it for a loaded dump; ages relative to
        ``as_of`` (None: the newest timestamp in the model)."""
        from ._simulation import PodListRow, PodTable

        wall = _to_ms(as_of)
        rows = []
        for pid in self._c.pod_order():
            meta = self._c.get("Pod", pid)["meta"]
            r = self._c.pod_row(pid, wall)
            rows.append(PodListRow(meta["namespace"] or "default", meta["name"], r["ready"],
                                   r["status"], r["restarts"], r["age"]))
        return PodTable(rows, self.render("pods", as_of=as_of))

    def to_pandas(self, what: str = "pods") -> Any:
        """A pandas DataFrame of the pods or the nodes (needs pandas)."""
        try:
            import pandas as pd
        except ImportError as exc:
            raise ImportError(
                "Cluster.to_pandas() needs pandas, which is not installed "
                "(pip install pandas)"
            ) from exc
        if what == "pods":
            rows = []
            for p in self.pods:
                if p.removed:  # deleted by a simulation: gone from the API
                    continue
                r = p.row()
                req = p.requests
                cpu = req.get("cpu")
                mem = req.get("memory")
                created = p.meta["creation_timestamp"]
                rows.append(
                    {
                        "namespace": p.namespace,
                        "name": p.name,
                        "phase": p.phase,
                        "node": p.node_name or None,
                        "ready": r.ready,
                        "status": r.status,
                        "restarts": r.restarts,
                        "cpu_request_milli": cpu.milli if cpu is not None else 0,
                        "memory_request_bytes": mem.value if mem is not None else 0,
                        "priority": p.priority,
                        "qos_class": p.status["qos_class"] or None,
                        "created": created,
                    }
                )
            columns = ["namespace", "name", "phase", "node", "ready", "status",
                       "restarts", "cpu_request_milli", "memory_request_bytes",
                       "priority", "qos_class", "created"]
            frame = pd.DataFrame(rows, columns=columns)
            # one vectorised conversion instead of a Timestamp per row
            frame["created"] = pd.to_datetime(frame["created"], unit="ms", utc=True)
            return frame
        if what == "nodes":
            rows = []
            for n in self.nodes:
                if n.removed:  # deleted by a simulation: gone from the API
                    continue
                alloc, cap, req = n.allocatable, n.capacity, n.requested

                def milli(d: Mapping[str, Any], k: str) -> int:
                    return d[k].milli if k in d else 0

                def value(d: Mapping[str, Any], k: str) -> int:
                    return d[k].value if k in d else 0

                rows.append(
                    {
                        "name": n.name,
                        "zone": n.zone or None,
                        "region": n.region or None,
                        "unschedulable": n.unschedulable,
                        "pods": n.pod_count,
                        "cpu_capacity_milli": milli(cap, "cpu"),
                        "cpu_allocatable_milli": milli(alloc, "cpu"),
                        "cpu_requested_milli": milli(req, "cpu"),
                        "memory_capacity_bytes": value(cap, "memory"),
                        "memory_allocatable_bytes": value(alloc, "memory"),
                        "memory_requested_bytes": value(req, "memory"),
                        "kubelet_version": n.node_info["kubelet_version"] or None,
                    }
                )
            columns = ["name", "zone", "region", "unschedulable", "pods",
                       "cpu_capacity_milli", "cpu_allocatable_milli",
                       "cpu_requested_milli", "memory_capacity_bytes",
                       "memory_allocatable_bytes", "memory_requested_bytes",
                       "kubelet_version"]
            return pd.DataFrame(rows, columns=columns)
        raise ValueError(f"to_pandas() takes 'pods' or 'nodes', not {what!r}")

    # ---- display ----------------------------------------------------------------

    def __repr__(self) -> str:
        if self.closed:
            return "<Cluster (closed)>"
        counts = self.counts()
        parts = []
        for k, n in counts.items():
            plural = k + ("es" if k.endswith("s") else "s")
            parts.append(f"{n} {plural if n != 1 else k}")
        body = ", ".join(parts) if parts else "empty"
        return f"<Cluster kubernetes {self.kubernetes_version}: {body}>"

    def _repr_html_(self) -> str:
        if self.closed:
            return "<p>podsim Cluster (closed)</p>"
        counts = self.counts()
        return _html.table(
            ["kind", "count"],
            list(counts.items()),
            caption=f"podsim Cluster, Kubernetes {self.kubernetes_version}",
        )
