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
>>> d = podsim.diagnose("dump.yaml", pod="default/web-0")
>>> d.primary.category, d.primary.next[0].command
>>> print(d)                                  # the compact text report
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
from ._diagnose import (
    Diagnosis,
    DiagnosisList,
    Evidence,
    Finding,
    NextStep,
    RuleContext,
    RuleError,
    RuleInfo,
    RulePackWarning,
    Rules,
    Subject,
    WayOut,
    diagnose,
    diagnose_all,
    register_rule,
    rule,
)
from ._diagnose import default_rules as rules
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
    "Diagnosis",
    "DiagnosisList",
    "Error",
    "Event",
    "Evidence",
    "FileError",
    "Finding",
    "InvalidArgument",
    "KINDS",
    "LoadStats",
    "NextStep",
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
    "RuleContext",
    "RuleError",
    "RuleInfo",
    "RulePackWarning",
    "Rules",
    "ScheduleResult",
    "SchedulerConfig",
    "Simulation",
    "SimulationStats",
    "Struct",
    "Subject",
    "Timeline",
    "Timing",
    "VersionError",
    "WayOut",
    "WorkloadReport",
    "diagnose",
    "diagnose_all",
    "format_duration",
    "kind_name",
    "parse_bytes",
    "parse_duration",
    "register_plugin",
    "register_rule",
    "registered_plugins",
    "rule",
    "rules",
    "unregister_plugin",
    "version",
]
