"""Type stub of the C extension podsim._podsim (bindings/python/podsim_py.c).

Mirrors podsim.h one to one; the podsim package wraps it.
"""

from os import PathLike
from typing import Any, Callable, Dict, Final, List, Optional, Sequence, Tuple, Union, final

_QuantityTuple = Tuple[int, int, str]
"""(mantissa, exponent, format name): value = mantissa x 10**exponent."""

# ---- exceptions (created in the module's exec slot) ------------------------

class Error(Exception):
    status: str
    code: int
    message: str
    path: Optional[str]
    line: Optional[int]
    column: Optional[int]

class ParseError(Error, ValueError): ...
class NotFound(Error, KeyError): ...
class InvalidArgument(Error, ValueError): ...
class AlreadyExists(Error, ValueError): ...
class RangeError(Error, OverflowError, ValueError): ...
class FileError(Error, OSError): ...
class VersionError(Error, ValueError): ...
class PluginError(Error): ...

# ---- constants ---------------------------------------------------------------

KINDS: Final[Tuple[str, ...]]
DEFAULT_KUBERNETES_VERSION: Final[str]
VERSION_MAJOR: Final[int]
VERSION_MINOR: Final[int]
VERSION_PATCH: Final[int]
VIEW_NODES: Final[int]
VIEW_PODS: Final[int]
VIEW_NODE_REQUESTS: Final[int]
RENDER_WIDE: Final[int]
REQUESTS_EXCLUDE_OVERHEAD: Final[int]
REQUESTS_NON_ZERO: Final[int]
REQUESTS_SKIP_POD_LEVEL: Final[int]
ACCESS_RWO: Final[int]
ACCESS_ROX: Final[int]
ACCESS_RWX: Final[int]
ACCESS_RWOP: Final[int]
ENUM_KIND: Final[int]
ENUM_PHASE: Final[int]
ENUM_TAINT_EFFECT: Final[int]
ENUM_SELECTOR_OP: Final[int]
ENUM_TOLERATION_OP: Final[int]
ENUM_PULL_POLICY: Final[int]
ENUM_PROTOCOL: Final[int]
ENUM_HANDLER: Final[int]
ENUM_REF_KIND: Final[int]
ENUM_CONTAINER_KIND: Final[int]
ENUM_CONTAINER_STATE: Final[int]
ENUM_VOLUME_TYPE: Final[int]
ENUM_RESTART_POLICY: Final[int]
ENUM_PREEMPTION_POLICY: Final[int]
ENUM_UNSATISFIABLE: Final[int]
ENUM_INCLUSION_POLICY: Final[int]
ENUM_QUANTITY_FORMAT: Final[int]
ENUM_FIT_CODE: Final[int]
ENUM_RUN_KIND: Final[int]
ENUM_SIM_VIEW: Final[int]
ENUM_NODE_FAILURE: Final[int]
ENUM_PROVENANCE: Final[int]
ENUM_SEVERITY: Final[int]
ENUM_CONFIDENCE: Final[int]
ENUM_DIAGNOSIS_FORMAT: Final[int]
ENUM_COUNT: Final[int]
DIAGNOSE_NO_WHATIF: Final[int]
DIAGNOSE_NO_KUBECTL: Final[int]
DIAGNOSIS_TEXT: Final[int]
DIAGNOSIS_JSON: Final[int]
SCHEDULE_EXPLAIN: Final[int]
SCHEDULE_BIND: Final[int]
SCHEDULE_EXHAUSTIVE: Final[int]
SCHEDULE_NO_PREEMPTION: Final[int]
SIM_VIEW_PODS: Final[int]
SIM_VIEW_EVENTS: Final[int]
SIM_VIEW_EVENT_LOG: Final[int]
SIM_VIEW_NODES: Final[int]
SIM_VIEW_REPORT: Final[int]
NODE_UNREACHABLE: Final[int]
NODE_NOT_READY: Final[int]
NODE_SHUTDOWN: Final[int]
NODE_DELETED: Final[int]
NL_NO_TAINT_EVICTION: Final[int]
SIM_QUIET: Final[int]
TIMING_EXACT: Final[int]
RUN_FOREVER: Final[int]
RUN_EXIT: Final[int]
RUN_CRASH: Final[int]
RUN_OOM: Final[int]

# ---- the scheduler configuration --------------------------------------------------

_PluginCallback = Callable[[int, int], Any]

@final
class SchedulerConfig:
    def __new__(cls) -> SchedulerConfig: ...
    def load_file(self, path: Union[str, bytes, PathLike[str], PathLike[bytes]]) -> None: ...
    def load_string(self, text: Union[str, bytes], source: Optional[str] = None) -> None: ...
    def register_plugin(
        self,
        name: str,
        filter: Optional[_PluginCallback] = None,
        score: Optional[_PluginCallback] = None,
        weight: int = 0,
    ) -> None: ...
    def profiles(self) -> List[str]: ...
    def describe(self, profile: Optional[str] = None) -> str: ...

# ---- diagnosis ----------------------------------------------------------------------

_RuleCheck = Callable[[Dict[str, Any]], Union[None, str, bytes]]

@final
class Rules:
    def __new__(cls) -> Rules: ...
    @property
    def python_checks(self) -> int: ...
    def load_string(self, text: Union[str, bytes], source: Optional[str] = None) -> None: ...
    def load_file(self, path: Union[str, bytes, PathLike[str], PathLike[bytes]]) -> None: ...
    def add(
        self, text: Union[str, bytes], source: Optional[str] = None,
        check: Optional[_RuleCheck] = None,
    ) -> None: ...
    def disable(self, id: str, /) -> None: ...
    def count(self) -> int: ...
    def get(self, index: int, /) -> Tuple[str, str, bool]: ...

@final
class Diagnosis:
    def data(self) -> Dict[str, Any]: ...
    def render(self, format: int = 0) -> str: ...

# ---- the cluster handle -----------------------------------------------------------

@final
class Cluster:
    def __new__(
        cls,
        kubernetes_version: Optional[str] = None,
        *,
        max_input_bytes: Optional[int] = None,
        max_depth: Optional[int] = None,
        max_alias_expansion: Optional[int] = None,
        max_scalar_bytes: Optional[int] = None,
        default_not_ready_toleration_seconds: Optional[int] = None,
        default_unreachable_toleration_seconds: Optional[int] = None,
    ) -> Cluster: ...
    @property
    def kubernetes_version(self) -> str: ...
    @property
    def closed(self) -> bool: ...
    def close(self) -> None: ...
    def load_file(self, path: Union[str, bytes, PathLike[str], PathLike[bytes]]) -> Dict[str, Any]: ...
    def load_files(self, paths: Sequence[Union[str, bytes, PathLike[str], PathLike[bytes]]]) -> Dict[str, Any]: ...
    def load_string(self, text: Union[str, bytes], source: Optional[str] = None) -> Dict[str, Any]: ...
    def count(self, kind: str, /) -> int: ...
    def find(self, kind: str, namespace: Optional[str], name: str, /) -> int: ...
    def get(self, kind: str, id: int, /) -> Dict[str, Any]: ...
    def render(self, view: int, flags: int = 0, as_of_ms: Optional[int] = None) -> str: ...
    def pod_row(self, id: int, as_of_ms: Optional[int] = None) -> Dict[str, str]: ...
    def pod_order(self, /) -> List[int]: ...
    def compute_requests(self, pod_id: int, flags: int = 0) -> Dict[str, _QuantityTuple]: ...
    def diagnose(
        self,
        namespace: Optional[str],
        name: Optional[str],
        as_of_ms: Optional[int] = None,
        rules: Optional[Rules] = None,
        flags: int = 0,
        kubectl_version: Optional[str] = None,
    ) -> Diagnosis: ...
    def diagnose_all(
        self,
        as_of_ms: Optional[int] = None,
        rules: Optional[Rules] = None,
        flags: int = 0,
        kubectl_version: Optional[str] = None,
    ) -> Tuple[List[Diagnosis], int]: ...
    def diagnose_workload(
        self,
        kind: str,
        namespace: Optional[str],
        name: str,
        as_of_ms: Optional[int] = None,
        rules: Optional[Rules] = None,
        flags: int = 0,
        kubectl_version: Optional[str] = None,
    ) -> Diagnosis: ...
    def schedule(
        self,
        config: Optional[SchedulerConfig],
        pod_id: int,
        profile: Optional[str] = None,
        flags: int = 0,
        seed: int = 0,
    ) -> Dict[str, Any]: ...
    def schedule_string(
        self,
        config: Optional[SchedulerConfig],
        text: Union[str, bytes],
        source: Optional[str] = None,
        profile: Optional[str] = None,
        flags: int = 0,
        seed: int = 0,
    ) -> Dict[str, Any]: ...
    def schedule_pending(
        self, config: Optional[SchedulerConfig], flags: int = 0, seed: int = 0
    ) -> Dict[str, Any]: ...

# ---- the simulation ----------------------------------------------------------------

_Path = Union[str, bytes, PathLike[str], PathLike[bytes]]

@final
class Simulation:
    def __new__(
        cls,
        cluster: Cluster,
        kubernetes_version: Optional[str] = None,
        *,
        seed: Optional[int] = None,
        config: Optional[SchedulerConfig] = None,
        timing: Optional[Dict[str, int]] = None,
        flags: int = 0,
        node_lifecycle: Optional[Dict[str, Union[int, float]]] = None,
    ) -> Simulation: ...
    @property
    def kubernetes_version(self) -> str: ...
    @property
    def closed(self) -> bool: ...
    def close(self) -> None: ...
    def fork(self) -> Simulation: ...
    def cluster(self) -> Cluster: ...
    def now(self) -> int: ...
    def epoch_ms(self) -> int: ...
    def stats(self) -> Dict[str, int]: ...
    def event_count(self) -> int: ...
    def events(self, start: int = 0, /) -> List[Dict[str, Any]]: ...
    def change_count(self) -> int: ...
    def changes(self, start: int = 0, /) -> List[Dict[str, Any]]: ...
    def render(self, view: int, flags: int = 0) -> str: ...
    def describe_pod(self, namespace: Optional[str], name: str, /) -> str: ...
    def find_pod(self, namespace: Optional[str], name: str, /) -> int: ...
    def apply_string(
        self, text: Union[str, bytes], source: Optional[str] = None, at_ms: Optional[int] = None
    ) -> None: ...
    def apply_file(self, path: _Path, at_ms: Optional[int] = None) -> None: ...
    def load_scenario_string(self, text: Union[str, bytes], source: Optional[str] = None) -> None: ...
    def load_scenario_file(self, path: _Path) -> None: ...
    def set_behavior(
        self,
        pod: str,
        container: str,
        run: int = 0,
        exit_code: int = 0,
        run_ms: int = 0,
        run_jitter_ms: int = 0,
        ready_after_ms: int = 0,
        startup_pattern: Optional[str] = None,
        liveness_pattern: Optional[str] = None,
        readiness_pattern: Optional[str] = None,
        handles_sigterm: bool = True,
        sigterm_exit_code: int = 0,
    ) -> None: ...
    def set_image(self, image: str, size_bytes: int = 0, missing: bool = False) -> None: ...
    def delete_pod(
        self,
        namespace: Optional[str],
        name: str,
        at_ms: Optional[int] = None,
        grace_seconds: int = -1,
        force: bool = False,
    ) -> None: ...
    def fail_node(self, node: str, at_ms: Optional[int] = None, mode: int = 0) -> None: ...
    def fail_zone(self, zone: str, at_ms: Optional[int] = None, mode: int = 0) -> None: ...
    def recover_node(self, node: str, at_ms: Optional[int] = None) -> None: ...
    def delete_node(self, node: str, at_ms: Optional[int] = None) -> None: ...
    def drain_node(self, node: str, at_ms: Optional[int] = None) -> None: ...
    def cordon_node(
        self, node: str, at_ms: Optional[int] = None, unschedulable: bool = True
    ) -> None: ...
    def taint_node(self, node: str, taint: str, at_ms: Optional[int] = None) -> None: ...
    def report(self) -> Dict[str, Any]: ...
    def diagnose(
        self,
        namespace: Optional[str],
        name: Optional[str],
        as_of_ms: Optional[int] = None,
        rules: Optional[Rules] = None,
        flags: int = 0,
        kubectl_version: Optional[str] = None,
    ) -> Diagnosis: ...
    def dump(self) -> str: ...
    def run_until(self, until_ms: int, /) -> None: ...
    def run_idle(self, limit_ms: int, /) -> bool: ...
    def step(self) -> bool: ...

# ---- module functions ---------------------------------------------------------------

def quantity_parse(text: str, /) -> _QuantityTuple: ...
def quantity_format(mantissa: int, exponent: int, format: str, /) -> str: ...
def quantity_milli(mantissa: int, exponent: int, format: str, /) -> int: ...
def quantity_value(mantissa: int, exponent: int, format: str, /) -> int: ...
def quantity_add(a: _QuantityTuple, b: _QuantityTuple, /) -> _QuantityTuple: ...
def quantity_cmp(a: _QuantityTuple, b: _QuantityTuple, /) -> int: ...
def quantity_from_milli(milli: int, format: str, /) -> _QuantityTuple: ...
def kind_is_namespaced(kind: str, /) -> bool: ...
def enum_name(enum: int, value: int, /) -> Optional[str]: ...
def duration_parse(text: str, /) -> int: ...
def size_parse(text: str, /) -> int: ...
def status_name(code: int, /) -> Optional[str]: ...
def status_str(code: int, /) -> Optional[str]: ...
def version() -> str: ...
def num_feasible_nodes_to_find(node_count: int, percentage: int, /) -> int: ...
def fit_error_format(
    node_count: int,
    filters: Sequence[Dict[str, Any]],
    absent_reason: Optional[str] = None,
    prefilter_message: Optional[str] = None,
    postfilter_message: Optional[str] = None,
) -> str: ...
