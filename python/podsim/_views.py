"""Read-only views of the objects of a cluster.

A view is a (cluster, kind, id) triple. The object's fields are fetched from
the C library on first access (``_podsim.Cluster.get``) and converted once:
quantity tuples become :class:`Quantity`, nested structs become
:class:`Struct` (attribute and item access), string maps stay dicts. The
fetched fields are refreshed after the cluster loads more objects, because
derived fields (``node.requested``, ``pod.node``) can change.
"""

from __future__ import annotations

import datetime as _dt
from typing import (
    TYPE_CHECKING,
    Any,
    Callable,
    Dict,
    Generic,
    Iterator,
    List,
    NamedTuple,
    Optional,
    Sequence,
    TypeVar,
    Union,
    cast,
    overload,
)

from . import _html, _podsim
from ._quantity import Quantity

if TYPE_CHECKING:
    from ._cluster import Cluster

__all__ = ["Struct", "Object", "Node", "Pod", "PodRow", "ObjectList"]

# Fields whose dicts are string maps (arbitrary keys), never structs.
_MAP_FIELDS = frozenset({"labels", "annotations", "node_selector", "match_labels"})
# Fields whose dicts are resource lists (name -> quantity).
_RESOURCE_FIELDS = frozenset(
    {
        "requests",
        "limits",
        "overhead",
        "pod_requests",
        "pod_limits",
        "capacity",
        "allocatable",
        "requested",
    }
)


class Struct:
    """A nested struct of a view: fields by attribute or by item.

    >>> c.pod("default/web-0").spec.containers[0].image

    Fields are converted on first access, so reading one field of a large
    object (``pod.status.phase``) does not convert the rest of it.
    """

    __slots__ = ("_raw", "_done")

    _raw: Dict[str, Any]
    _done: Dict[str, Any]

    def __init__(self, fields: Dict[str, Any]) -> None:
        object.__setattr__(self, "_raw", fields)
        object.__setattr__(self, "_done", {})

    def _field(self, name: str) -> Any:
        done = self._done
        if name in done:
            return done[name]
        value = _convert(self._raw[name], name)
        done[name] = value
        return value

    @property
    def _d(self) -> Dict[str, Any]:
        """Every field, converted, in the struct's order."""
        return {k: self._field(k) for k in self._raw}

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        try:
            return self._field(name)
        except KeyError:
            raise AttributeError(f"no field {name!r}") from None

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("views are read-only")

    def __getitem__(self, name: str) -> Any:
        return self._field(name)

    def __contains__(self, name: object) -> bool:
        return name in self._raw

    def __iter__(self) -> Iterator[str]:
        return iter(self._raw)

    def __len__(self) -> int:
        return len(self._raw)

    def __dir__(self) -> List[str]:
        return sorted(set(object.__dir__(self)) | set(self._raw))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Struct):
            return self._d == other._d
        if isinstance(other, dict):
            return self._d == other
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __reduce__(self) -> tuple[Any, ...]:
        return (Struct, (self._d,))

    @property
    def _fields(self) -> tuple[str, ...]:
        return tuple(self._raw)

    def _asdict(self) -> Dict[str, Any]:
        """The fields as plain nested dicts and lists (quantities kept)."""
        return cast(Dict[str, Any], _plain(self))

    def __repr__(self) -> str:
        inner = ", ".join(f"{k}={v!r}" for k, v in self._d.items())
        return f"Struct({inner})"

    def _repr_html_(self) -> str:
        return _html.fields_table("", self._d.items())


def _convert(value: Any, field: Optional[str] = None) -> Any:
    if isinstance(value, tuple):
        return Quantity._from_triple(value)
    if isinstance(value, list):
        return [_convert(v, field) for v in value]
    if isinstance(value, dict):
        if (
            field in _MAP_FIELDS
            or field in _RESOURCE_FIELDS
            or (field == "selector" and all(isinstance(v, str) for v in value.values()))
        ):
            return {k: _convert(v) for k, v in value.items()}
        return Struct(value)  # its fields convert on first access
    return value


def _plain(value: Any) -> Any:
    if isinstance(value, Struct):
        return {k: _plain(v) for k, v in value._d.items()}
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _to_ms(as_of: Union[None, int, float, _dt.datetime]) -> Optional[int]:
    """None, int ms since the epoch, or a datetime (naive means UTC)."""
    if as_of is None:
        return None
    if isinstance(as_of, _dt.datetime):
        if as_of.tzinfo is None:
            as_of = as_of.replace(tzinfo=_dt.timezone.utc)
        return int(as_of.timestamp() * 1000)
    if isinstance(as_of, bool):
        raise TypeError("as_of must be None, int milliseconds or a datetime")
    if isinstance(as_of, (int, float)):
        return int(as_of)
    raise TypeError("as_of must be None, int milliseconds or a datetime")


def _fmt_resources(res: Dict[str, Quantity], names: Sequence[str] = ("cpu", "memory")) -> str:
    return " ".join(f"{n}={res[n]}" for n in names if n in res)


class Object:
    """A read-only view of one object of the cluster.

    Every field of the C struct is an attribute (``obj.meta``,
    ``obj.spec``...); metadata fields are reachable directly too
    (``obj.name``, ``obj.namespace``, ``obj.labels``).
    """

    __slots__ = ("_cluster", "_kind", "_id", "_data", "_gen")

    _cluster: Cluster
    _kind: str
    _id: int
    _data: Optional[Dict[str, Any]]
    _gen: int

    def __init__(self, cluster: Cluster, kind: str, id: int) -> None:
        object.__setattr__(self, "_cluster", cluster)
        object.__setattr__(self, "_kind", kind)
        object.__setattr__(self, "_id", id)
        object.__setattr__(self, "_data", None)
        object.__setattr__(self, "_gen", -1)

    # ---- identity -------------------------------------------------------------

    @property
    def kind(self) -> str:
        return self._kind

    @property
    def id(self) -> int:
        """The object's integer id within its kind."""
        return self._id

    @property
    def cluster(self) -> Cluster:
        return self._cluster

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Object):
            return (
                self._cluster is other._cluster
                and self._kind == other._kind
                and self._id == other._id
            )
        return NotImplemented

    def __hash__(self) -> int:
        return hash((id(self._cluster), self._kind, self._id))

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("views are read-only")

    # ---- fields -----------------------------------------------------------------

    @property
    def fields(self) -> Dict[str, Any]:
        """All fields, converted (fetched from the C library once)."""
        gen = self._cluster._gen
        data = self._data
        if data is None or self._gen != gen:
            raw = self._cluster._c.get(self._kind, self._id)
            data = {k: _convert(v, k) for k, v in raw.items()}
            object.__setattr__(self, "_data", data)
            object.__setattr__(self, "_gen", gen)
        return data

    def to_dict(self) -> Dict[str, Any]:
        """The object as plain nested dicts and lists (Quantity values)."""
        return cast(Dict[str, Any], _plain(self.fields))

    def raw(self) -> Dict[str, Any]:
        """The object exactly as the C binding converts it: quantities are
        (mantissa, exponent, format) tuples."""
        return self._cluster._c.get(self._kind, self._id)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        data = self.fields
        if name in data:
            return data[name]
        meta = data.get("meta")
        if isinstance(meta, Struct) and name in meta:
            return meta[name]
        raise AttributeError(f"{self._kind} has no field {name!r}")

    def __getitem__(self, name: str) -> Any:
        return self.fields[name]

    def __dir__(self) -> List[str]:
        names = set(object.__dir__(self))
        try:
            data = self.fields
        except Exception:  # pragma: no cover - closed cluster
            return sorted(names)
        names.update(data)
        meta = data.get("meta")
        if isinstance(meta, Struct):
            names.update(meta._d)
        return sorted(names)

    @property
    def meta(self) -> Struct:
        return cast(Struct, self.fields["meta"])

    @property
    def name(self) -> str:
        return cast(str, self.meta["name"])

    @property
    def namespace(self) -> Optional[str]:
        """The namespace; None for cluster-scoped kinds."""
        return cast(Optional[str], self.meta["namespace"])

    @property
    def key(self) -> str:
        """ "namespace/name", or "name" for cluster-scoped kinds."""
        ns = self.namespace
        return f"{ns}/{self.name}" if ns is not None else self.name

    @property
    def labels(self) -> Dict[str, str]:
        return cast(Dict[str, str], self.meta["labels"])

    @property
    def annotations(self) -> Dict[str, str]:
        return cast(Dict[str, str], self.meta["annotations"])

    # ---- display ----------------------------------------------------------------

    def _summary(self) -> str:
        d = self.fields
        if d.get("replicas") is not None and "status_ready_replicas" in d:
            return f"ready {d['status_ready_replicas']}/{d['replicas']}"
        if self._kind == "Event":
            return f"{d['reason']} {d['involved_kind']}/{d['involved_name']}"
        return ""

    def __repr__(self) -> str:
        try:
            text = f"{self._kind} {self.key}"
            extra = self._summary()
        except Exception as exc:  # closed cluster, out-of-range id
            return f"<{self._kind} #{self._id} ({type(exc).__name__})>"
        return f"<{text}{' ' + extra if extra else ''}>"

    def _html_items(self) -> List[tuple[str, Any]]:
        data = self.fields
        items: List[tuple[str, Any]] = [("kind", self._kind), ("name", self.name)]
        if self.namespace is not None:
            items.append(("namespace", self.namespace))
        if self.labels:
            items.append(("labels", self.labels))
        for k, v in data.items():
            if k in ("id", "meta") or isinstance(v, (Struct, list)) or v in ("", None):
                continue
            items.append((k, v))
        return items

    def _repr_html_(self) -> str:
        return _html.fields_table(f"{self._kind} {self.key}", self._html_items())


class PodRow(NamedTuple):
    """The READY, STATUS, RESTARTS and AGE columns of ``kubectl get pods``."""

    ready: str
    status: str
    restarts: str
    age: str


class Pod(Object):
    """A view of a Pod. ``repr``: ``<Pod default/web-0 Running on worker-1>``."""

    __slots__ = ()

    def __init__(self, cluster: Cluster, id: int, kind: str = "Pod") -> None:
        super().__init__(cluster, kind, id)

    @property
    def spec(self) -> Struct:
        return cast(Struct, self.fields["spec"])

    @property
    def status(self) -> Struct:
        return cast(Struct, self.fields["status"])

    @property
    def phase(self) -> Optional[str]:
        """status.phase ("Pending", "Running", ...), None when absent."""
        return cast(Optional[str], self.status["phase"])

    @property
    def node_name(self) -> str:
        """spec.nodeName, "" when the pod is not bound."""
        return cast(str, self.spec["node_name"])

    @property
    def node(self) -> Optional[Node]:
        """The Node the pod is bound to, None if unbound or not loaded."""
        node_id = self.fields["node"]
        return None if node_id is None else Node(self._cluster, node_id)

    @property
    def requests(self) -> Dict[str, Quantity]:
        """Effective requests as the scheduler sees them."""
        return cast(Dict[str, Quantity], self.fields["requests"])

    @property
    def containers(self) -> List[Struct]:
        return cast(List[Struct], self.spec["containers"])

    @property
    def init_containers(self) -> List[Struct]:
        return cast(List[Struct], self.spec["init_containers"])

    @property
    def priority(self) -> Optional[int]:
        return cast(Optional[int], self.spec["priority"])

    def row(self, as_of: Union[None, int, _dt.datetime] = None) -> PodRow:
        """READY, STATUS, RESTARTS and AGE as ``kubectl get pods`` prints them;
        ages relative to ``as_of`` (ms, datetime; None: newest timestamp)."""
        d = self._cluster._c.pod_row(self._id, _to_ms(as_of))
        return PodRow(d["ready"], d["status"], d["restarts"], d["age"])

    def compute_requests(
        self,
        *,
        exclude_overhead: bool = False,
        non_zero: bool = False,
        skip_pod_level: bool = False,
    ) -> Dict[str, Quantity]:
        """Aggregate requests (upstream resource.PodRequests) with options."""
        flags = 0
        if exclude_overhead:
            flags |= _podsim.REQUESTS_EXCLUDE_OVERHEAD
        if non_zero:
            flags |= _podsim.REQUESTS_NON_ZERO
        if skip_pod_level:
            flags |= _podsim.REQUESTS_SKIP_POD_LEVEL
        raw = self._cluster._c.compute_requests(self._id, flags)
        return {k: Quantity._from_triple(v) for k, v in raw.items()}

    def _summary(self) -> str:
        parts = []
        phase = self.phase
        if phase:
            parts.append(phase)
        if self.node_name:
            parts.append(f"on {self.node_name}")
        return " ".join(parts)

    def _html_items(self) -> List[tuple[str, Any]]:
        items: List[tuple[str, Any]] = [
            ("namespace", self.namespace),
            ("name", self.name),
            ("phase", self.phase),
            ("node", self.node_name or None),
        ]
        try:
            r = self.row()
            items += [("ready", r.ready), ("status", r.status), ("restarts", r.restarts)]
        except _podsim.Error:
            pass
        items += [
            ("requests", {k: str(v) for k, v in self.requests.items()}),
            ("priority", self.priority),
            ("qos class", self.status["qos_class"] or None),
        ]
        if self.labels:
            items.append(("labels", self.labels))
        return items


class Node(Object):
    """A view of a Node. ``repr``: ``<Node worker-1 zone=a pods=3>``."""

    __slots__ = ()

    def __init__(self, cluster: Cluster, id: int, kind: str = "Node") -> None:
        super().__init__(cluster, kind, id)

    @property
    def allocatable(self) -> Dict[str, Quantity]:
        return cast(Dict[str, Quantity], self.fields["allocatable"])

    @property
    def capacity(self) -> Dict[str, Quantity]:
        return cast(Dict[str, Quantity], self.fields["capacity"])

    @property
    def requested(self) -> Dict[str, Quantity]:
        """Sum of the effective requests of the non-terminal pods bound here."""
        return cast(Dict[str, Quantity], self.fields["requested"])

    @property
    def zone(self) -> str:
        """topology.kubernetes.io/zone (beta fallback); "" when absent."""
        return cast(str, self.fields["zone"])

    @property
    def region(self) -> str:
        return cast(str, self.fields["region"])

    @property
    def taints(self) -> List[Struct]:
        return cast(List[Struct], self.fields["taints"])

    @property
    def unschedulable(self) -> bool:
        return cast(bool, self.fields["unschedulable"])

    @property
    def pod_count(self) -> int:
        return cast(int, self.fields["pod_count"])

    @property
    def pods(self) -> List[Pod]:
        """The pods bound to this node (all phases)."""
        return [p for p in self._cluster.pods if p.fields["node"] == self._id]

    def _summary(self) -> str:
        parts = []
        if self.zone:
            parts.append(f"zone={self.zone}")
        parts.append(f"pods={self.pod_count}")
        if self.unschedulable:
            parts.append("unschedulable")
        return " ".join(parts)

    def _html_items(self) -> List[tuple[str, Any]]:
        alloc, req = self.allocatable, self.requested
        items: List[tuple[str, Any]] = [
            ("name", self.name),
            ("zone", self.zone or None),
            ("region", self.region or None),
            ("unschedulable", self.unschedulable),
            ("pods", self.pod_count),
        ]
        for res in ("cpu", "memory"):
            items.append((f"{res} requested / allocatable",
                          f"{req.get(res, Quantity(0))} / {alloc.get(res, '-')}"))
        if self.taints:
            items.append(("taints", [f"{t.key}={t.value}:{t.effect}" for t in self.taints]))
        return items


V = TypeVar("V", bound=Object)


class ObjectList(Sequence[V], Generic[V]):
    """The live sequence of the objects of one kind (length follows loads)."""

    __slots__ = ("_cluster", "_kind", "_factory")

    def __init__(self, cluster: Cluster, kind: str, factory: Callable[[int], V]) -> None:
        self._cluster = cluster
        self._kind = kind
        self._factory = factory

    @property
    def kind(self) -> str:
        return self._kind

    def __len__(self) -> int:
        return self._cluster._c.count(self._kind)

    @overload
    def __getitem__(self, index: int) -> V: ...

    @overload
    def __getitem__(self, index: slice) -> List[V]: ...

    @overload
    def __getitem__(self, index: str) -> V: ...

    def __getitem__(self, index: Union[int, slice, str]) -> Union[V, List[V]]:
        if isinstance(index, str):
            return self._cluster.get(self._kind, index)  # type: ignore[return-value]
        n = len(self)
        if isinstance(index, slice):
            return [self._factory(i) for i in range(*index.indices(n))]
        if not isinstance(index, int):
            raise TypeError("indices must be int, slice or an object key str")
        if index < 0:
            index += n
        if not 0 <= index < n:
            raise IndexError(f"{self._kind} index out of range")
        return self._factory(index)

    def __iter__(self) -> Iterator[V]:
        for i in range(len(self)):
            yield self._factory(i)

    def __repr__(self) -> str:
        items = self[:10]
        n = len(self)
        more = f", ... {n - 10} more" if n > 10 else ""
        return "[" + ", ".join(repr(o) for o in items) + more + "]"

    def _repr_html_(self, limit: int = 50) -> str:
        n = len(self)
        items = self[:limit]
        caption = f"{n} {self._kind}{'s' if n != 1 else ''}"
        headers: List[str]
        rows: List[Sequence[Any]] = []
        if self._kind == "Pod":
            headers = ["namespace", "name", "phase", "node", "cpu", "memory"]
            for o in items:
                p = cast(Pod, o)
                rows.append((p.namespace, p.name, p.phase, p.node_name or None,
                             p.requests.get("cpu"), p.requests.get("memory")))
        elif self._kind == "Node":
            headers = ["name", "zone", "pods", "cpu requested", "cpu allocatable",
                       "memory requested", "memory allocatable"]
            for o in items:
                n_ = cast(Node, o)
                req, alloc = n_.requested, n_.allocatable
                rows.append((n_.name, n_.zone or None, n_.pod_count,
                             req.get("cpu"), alloc.get("cpu"),
                             req.get("memory"), alloc.get("memory")))
        else:
            headers = ["namespace", "name"]
            rows = [(o.namespace, o.name) for o in items]
        return _html.table(headers, rows, caption=caption, more=n - len(items))
