"""podsim: where Kubernetes pods run and when they are Running.

A C11 model of a Kubernetes cluster (nodes, pods, workloads, policy objects)
loaded from real ``kubectl get -o yaml|json`` output, with kube-scheduler's
arithmetic and exact quantity semantics.

>>> import podsim
>>> c = podsim.Cluster.load("snapshot.yaml")
>>> c.node("worker-1").allocatable["cpu"]
Quantity('3500m')
>>> podsim.Quantity("1.5Gi").milli
1610612736000
"""

from ._podsim import (
    DEFAULT_KUBERNETES_VERSION,
    AlreadyExists,
    Error,
    FileError,
    InvalidArgument,
    NotFound,
    ParseError,
    PluginError,
    RangeError,
    VersionError,
    version,
)
from ._quantity import Quantity
from ._cluster import KINDS, Cluster, LoadStats, kind_name
from ._views import Node, Object, ObjectList, Pod, PodRow, Struct
from ._scheduler import (
    Placements,
    ScheduleResult,
    SchedulerConfig,
    register_plugin,
    registered_plugins,
    unregister_plugin,
)

__version__: str = version()

__all__ = [
    "AlreadyExists",
    "Cluster",
    "DEFAULT_KUBERNETES_VERSION",
    "Error",
    "FileError",
    "InvalidArgument",
    "KINDS",
    "LoadStats",
    "Node",
    "NotFound",
    "Object",
    "ObjectList",
    "ParseError",
    "Placements",
    "PluginError",
    "Pod",
    "PodRow",
    "Quantity",
    "RangeError",
    "ScheduleResult",
    "SchedulerConfig",
    "Struct",
    "VersionError",
    "kind_name",
    "register_plugin",
    "registered_plugins",
    "unregister_plugin",
    "version",
]
