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
>>> sim = podsim.Simulation(c, seed=7)
>>> sim.apply("deployment.yaml"); sim.run(until="10m")
>>> print(sim.get_pods())
>>> sim.fail_node("worker-2", at="1m"); sim.run(until="15m")
>>> print(sim.report())
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
from ._simulation import (
    Change,
    Condition,
    ContainerState,
    Event,
    PodListRow,
    PodStatus,
    PodTable,
    Simulation,
    SimulationStats,
    Timeline,
    Timing,
    format_duration,
    parse_bytes,
    parse_duration,
)
from ._whatif import (
    NodeLifecycle,
    NodeListRow,
    NodeReport,
    NodeTable,
    PodReport,
    Report,
    WorkloadReport,
)
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
    "Change",
    "Cluster",
    "Condition",
    "ContainerState",
    "DEFAULT_KUBERNETES_VERSION",
    "Error",
    "Event",
    "FileError",
    "InvalidArgument",
    "KINDS",
    "LoadStats",
    "Node",
    "NodeLifecycle",
    "NodeListRow",
    "NodeReport",
    "NodeTable",
    "NotFound",
    "Object",
    "ObjectList",
    "ParseError",
    "Placements",
    "PluginError",
    "Pod",
    "PodListRow",
    "PodReport",
    "PodRow",
    "PodStatus",
    "PodTable",
    "Quantity",
    "RangeError",
    "Report",
    "ScheduleResult",
    "SchedulerConfig",
    "Simulation",
    "SimulationStats",
    "Struct",
    "Timeline",
    "Timing",
    "VersionError",
    "WorkloadReport",
    "format_duration",
    "kind_name",
    "parse_bytes",
    "parse_duration",
    "register_plugin",
    "registered_plugins",
    "unregister_plugin",
    "version",
]
