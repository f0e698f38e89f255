"""Diagnosis: why a pod is not Running or Ready, and what to run next.

The engine is the C core's (podsim_cluster_diagnose, podsim_sim_diagnose):
it reads one normalized set of facts about a pod, from a ``kubectl`` dump
or a simulation, runs the rules over them (the built-in catalogue plus a
team's YAML, Python or Lua rules), ranks the findings causally and says
what to run next. This module is the Python face of it:

>>> d = podsim.diagnose("pod.yaml", events="events.yaml", nodes="nodes.yaml")
>>> d.primary.category                   # "image.pull.not-found"
>>> print(d)                             # the compact text report
>>> d.kubectl["describe"]                # kubectl describe pod, as kubectl prints it
>>> d.to_dict()                          # the output schema (JSON-compatible)

Team rules, in Python (a function of a read-only :class:`RuleContext`):

>>> @podsim.rule(id="team/mirror", on="container", priority=56,
...              when={"finding.image.pull.rate-limit": True},
...              suppresses=["image.pull"])
... def mirror(ctx):
...     return {"next": [{"command": "use mirror.corp.example", "why": "runbook"}]}

or as data (``podsim.register_rule({...})``, ``podsim.Rules.load("team.yaml")``).
Rule packs installed as packages register through the entry-point group
``podsim.rules``; they are loaded once, at the first diagnosis that uses the
default rules.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import json
import os
import threading
import types
import warnings
from dataclasses import dataclass, field
from html import escape
from typing import (
    TYPE_CHECKING,
    Any,
    Callable,
    Dict,
    Iterable,
    Iterator,
    List,
    Mapping,
    NamedTuple,
    Optional,
    Sequence,
    Tuple,
    TypeVar,
    Union,
    overload,
)

from . import _podsim
from ._cluster import Cluster

if TYPE_CHECKING:  # the simulation module imports this one
    from ._simulation import Simulation

__all__ = [
    "Diagnosis",
    "DiagnosisList",
    "Evidence",
    "Finding",
    "NextStep",
    "RuleContext",
    "RuleError",
    "RuleInfo",
    "RulePackWarning",
    "Rules",
    "Subject",
    "WayOut",
    "default_rules",
    "diagnose",
    "diagnose_all",
    "register_rule",
    "rule",
]

PathLike = Union[str, "os.PathLike[str]"]
AsOf = Union[None, int, float, str, _dt.datetime]
#: What a rule's check may return: None or False (no finding), True (the
#: rule's template), a dict or a Finding of overrides, or YAML/JSON text.
CheckResult = Union[None, bool, Mapping[str, Any], "Finding", str]
Check = Callable[["RuleContext"], CheckResult]
F = TypeVar("F", bound=Callable[..., Any])

_ENTRY_POINT_GROUP = "podsim.rules"

# Fields a check's answer may override (podsim_rule_check_fn).
_OVERRIDABLE = (
    "title", "summary", "severity", "confidence", "category", "priority",
    "root_causes", "next", "fix", "docs", "labels", "evidence",
)


class RulePackWarning(UserWarning):
    """A rule pack (entry point ``podsim.rules``) failed to load: its rules
    are missing from the default set, the diagnosis goes on without them."""


# ---- results ---------------------------------------------------------------------------


def _time(ms: Optional[int]) -> Optional[_dt.datetime]:
    if ms is None:
        return None
    return _dt.datetime.fromtimestamp(ms / 1000.0, _dt.timezone.utc)


def _opt(text: Optional[str]) -> Optional[str]:
    return text if text else None


@dataclass(frozen=True)
class Evidence:
    """What a finding rests on: a fact path (or ``event:<Reason>``), its
    value, the text as kubectl shows it, when it was observed (UTC) and
    where it came from ("observed", "simulated", "derived")."""

    path: str
    value: str = ""
    quote: str = ""
    observed_at: Optional[_dt.datetime] = None
    provenance: str = "observed"

    @classmethod
    def _from_raw(cls, e: Mapping[str, Any]) -> Evidence:
        return cls(e["path"] or "", e["value"] or "", e["quote"] or "",
                   _time(e["observed_at"]), e["provenance"])

    def _overrides(self) -> Dict[str, Any]:
        out: Dict[str, Any] = {"path": self.path}
        if self.value:
            out["value"] = self.value
        if self.quote:
            out["quote"] = self.quote
        return out


@dataclass(frozen=True)
class NextStep:
    """A command to run next, fully substituted; ``needs`` is "cluster"
    (kubectl access), "node-shell" (a shell on the node) or "none"."""

    command: str
    why: str = ""
    needs: str = "cluster"

    @classmethod
    def _from_raw(cls, n: Mapping[str, Any]) -> NextStep:
        return cls(n["command"] or "", n["why"] or "", n["needs"] or "")

    def __str__(self) -> str:
        return f"$ {self.command}" + (f"    # {self.why}" if self.why else "")


@dataclass(frozen=True)
class WayOut:
    """A way out of the situation (wait for the node, delete the Node,
    force delete, lower a request...) with its consequence; ``after`` is
    when the pod or its replacement would be Running and Ready again, in
    seconds after ``as_of`` (None: never, or not computed); ``computed``
    says podsim ran it on a copy."""

    action: str
    command: str = ""
    consequence: str = ""
    warning: Optional[str] = None
    after: Optional[float] = None
    computed: bool = False

    @classmethod
    def _from_raw(cls, w: Mapping[str, Any]) -> WayOut:
        after = w["after_ms"]
        return cls(w["action"] or "", w["command"] or "", w["consequence"] or "",
                   _opt(w["warning"]), None if after is None or after < 0 else after / 1000.0,
                   bool(w["computed"]))


@dataclass(frozen=True)
class Finding:
    """One finding of one rule.

    ``category`` is the catalogue's dotted name ("crashloop.exit-1",
    "scheduling.unschedulable.insufficient-cpu"); ``container`` is None for
    a finding about the pod; ``explained_by`` is the category of the
    finding that explains this one (its cause), None for a root finding.

    A rule's check may also return a Finding (built with keywords) to
    override the rule's output: the fields given replace the template's.
    """

    category: str = ""
    rule: str = ""
    severity: str = "error"
    confidence: str = "high"
    priority: int = 50
    title: str = ""
    summary: str = ""
    container: Optional[str] = None
    evidence: List[Evidence] = field(default_factory=list)
    root_causes: List[str] = field(default_factory=list)
    next: List[NextStep] = field(default_factory=list)
    fix: List[str] = field(default_factory=list)
    docs: List[str] = field(default_factory=list)
    ways_out: List[WayOut] = field(default_factory=list)
    explained_by: Optional[str] = None
    labels: Dict[str, str] = field(default_factory=dict)

    @classmethod
    def _from_raw(cls, f: Mapping[str, Any]) -> Finding:
        return cls(
            category=f["category"] or "",
            rule=f["rule"] or "",
            severity=f["severity"],
            confidence=f["confidence"],
            priority=f["priority"],
            title=f["title"] or "",
            summary=f["summary"] or "",
            container=_opt(f["container"]),
            evidence=[Evidence._from_raw(e) for e in f["evidence"]],
            root_causes=list(f["root_causes"]),
            next=[NextStep._from_raw(n) for n in f["next"]],
            fix=list(f["fix"]),
            docs=list(f["docs"]),
            ways_out=[WayOut._from_raw(w) for w in f["ways_out"]],
            explained_by=_opt(f["explained_by"]),
            labels=dict(f["labels"]),
        )

    @property
    def is_root(self) -> bool:
        """True for a root finding (nothing explains it)."""
        return self.explained_by is None

    @property
    def commands(self) -> List[str]:
        """The next commands, in order."""
        return [n.command for n in self.next]

    def _overrides(self) -> Dict[str, Any]:
        """The fields that differ from a blank Finding, as a check's answer."""
        blank = Finding()
        out: Dict[str, Any] = {}
        for name in _OVERRIDABLE:
            value = getattr(self, name)
            if value != getattr(blank, name):
                out[name] = value
        return out

    def __str__(self) -> str:
        where = f" (container {self.container})" if self.container else ""
        return f"{self.category} [{self.severity}, {self.confidence}]{where}: {self.title}"


class RuleError(NamedTuple):
    """A rule that failed while it was evaluated; the diagnosis went on."""

    rule: str
    message: str


class Subject(NamedTuple):
    """The pod or workload diagnosed. ``kind`` is "Pod", or the workload's
    kind ("ReplicaSet", "Deployment", "StatefulSet", "DaemonSet", "Job");
    ``node`` and ``owner`` ("ReplicaSet/web-7d4b9c", or the Deployment when
    the ReplicaSet was supplied; for a workload, its controller) are None
    when unset."""

    kind: str
    namespace: str
    name: str
    uid: Optional[str]
    node: Optional[str]
    owner: Optional[str]

    @property
    def key(self) -> str:
        return f"{self.namespace}/{self.name}"

    @property
    def is_pod(self) -> bool:
        return self.kind == "Pod"

    @property
    def label(self) -> str:
        """"namespace/name" for a pod, "Kind namespace/name" for a workload."""
        return self.key if self.is_pod else f"{self.kind} {self.key}"


class Diagnosis:
    """The diagnosis of one pod (or of one workload: ``subject.kind`` is
    then its kind, and the kubectl views are "").

    ``primary`` is the primary Finding (None for a healthy pod);
    ``findings`` lists the root findings in rank order, then the ones they
    explain; ``kubectl`` holds the views as kubectl would print them at
    ``as_of`` ("describe", "events", "get_pod", "get_node"); ``facts``
    every fact the rules saw (path -> value). ``str(d)`` is the compact
    text report, ``d.to_dict()`` the output schema (the same content as the
    JSON render), and Jupyter shows a table of the findings.
    """

    def __init__(self, raw: _podsim.Diagnosis, _source: Any = None) -> None:
        if not isinstance(raw, _podsim.Diagnosis):
            raise TypeError("Diagnosis objects come from podsim.diagnose() and "
                            "Simulation.diagnose()")
        self._raw = raw
        # The core's result owns its text (podsim.h); keeping the input
        # alive as long as the diagnosis is only a safety net.
        self._source = _source
        self._data: Optional[Dict[str, Any]] = None
        self._findings: Optional[List[Finding]] = None
        self._text: Optional[str] = None

    # ---- the raw struct, converted on first use -------------------------------------

    @property
    def _d(self) -> Dict[str, Any]:
        if self._data is None:
            self._data = self._raw.data()
        return self._data

    @property
    def subject(self) -> Subject:
        d = self._d
        return Subject(d["kind"] or "Pod", d["namespace"] or "", d["name"] or "",
                       _opt(d["uid"]), _opt(d["node"]), _opt(d["owner"]))

    @property
    def key(self) -> str:
        """"namespace/name" of the pod (or workload)."""
        return self.subject.key

    @property
    def source(self) -> str:
        """"dump" or "simulation"."""
        return str(self._d["source"])

    @property
    def as_of(self) -> Optional[_dt.datetime]:
        """The time every age is relative to (UTC)."""
        return _time(self._d["as_of"])

    @property
    def as_of_ms(self) -> Optional[int]:
        value = self._d["as_of"]
        return None if value is None else int(value)

    @property
    def kubernetes_version(self) -> str:
        return str(self._d["kubernetes_version"] or "")

    @property
    def findings(self) -> List[Finding]:
        if self._findings is None:
            self._findings = [Finding._from_raw(f) for f in self._d["findings"]]
        return list(self._findings)

    @property
    def primary(self) -> Optional[Finding]:
        index = self._d["primary"]
        if index is None or index < 0:
            return None
        if self._findings is None:
            self._findings = [Finding._from_raw(f) for f in self._d["findings"]]
        found: Finding = self._findings[int(index)]
        return found

    @property
    def healthy(self) -> bool:
        """True when no rule found anything."""
        return not self._d["findings"]

    @property
    def problems(self) -> List[Finding]:
        """The findings of severity warning or above."""
        return [f for f in self.findings if f.severity != "info"]

    def find(self, category: str) -> Optional[Finding]:
        """The first finding whose category is ``category`` or starts with
        ``category + "."``; None when there is none."""
        for f in self.findings:
            if f.category == category or f.category.startswith(category + "."):
                return f
        return None

    @property
    def missing_evidence(self) -> List[str]:
        return list(self._d["missing_evidence"])

    @property
    def rule_errors(self) -> List[RuleError]:
        return [RuleError(e["rule"] or "", e["message"] or "") for e in self._d["rule_errors"]]

    @property
    def rules_fired(self) -> List[str]:
        return list(self._d["rules_fired"])

    @property
    def rules_overridden(self) -> List[str]:
        return list(self._d["rules_overridden"])

    @property
    def rules_disabled(self) -> List[str]:
        return list(self._d["rules_disabled"])

    @property
    def kubectl(self) -> Dict[str, str]:
        """The kubectl views at as_of ("" when not rendered)."""
        d = self._d
        return {k: d[k] or "" for k in ("describe", "events", "get_pod", "get_node")}

    @property
    def facts(self) -> Dict[str, str]:
        """Every fact the rules saw, path -> value, sorted by path
        (containers as "containers.<name>.<field>")."""
        return {f["path"]: f["value"] for f in self._d["facts"]}

    @property
    def provenance(self) -> Dict[str, str]:
        """Fact path -> "observed", "simulated" or "derived"."""
        return {f["path"]: f["provenance"] for f in self._d["facts"]}

    # ---- output ------------------------------------------------------------------------

    def to_json(self, indent: Optional[int] = None) -> str:
        """The output schema as JSON text (the core's JSON render;
        re-indented when ``indent`` is given)."""
        text = self._raw.render(_podsim.DIAGNOSIS_JSON)
        if indent is None:
            return text
        return json.dumps(json.loads(text), indent=indent, ensure_ascii=False)

    def to_dict(self) -> Dict[str, Any]:
        """The output schema (troubleshooting.md 4.4) as plain dicts and
        lists: the content of the JSON render."""
        result: Dict[str, Any] = json.loads(self._raw.render(_podsim.DIAGNOSIS_JSON))
        return result

    def __str__(self) -> str:
        if self._text is None:
            self._text = self._raw.render(_podsim.DIAGNOSIS_TEXT)
        return self._text

    def __repr__(self) -> str:
        p = self.primary
        label = self.subject.label
        if p is None:
            return f"<Diagnosis {label}: no problem found>"
        where = f" (container {p.container})" if p.container else ""
        more = len(self._d["findings"]) - 1
        tail = f", {more} more" if more > 0 else ""
        return f"<Diagnosis {label}: {p.category}{where}{tail}>"

    def _repr_html_(self) -> str:
        return _diagnosis_html(self)


class DiagnosisList(List[Diagnosis]):
    """The diagnoses of every pod with findings (``kubectl get pods -A``
    order), then of every workload with findings (Deployments,
    ReplicaSets, StatefulSets, DaemonSets, Jobs), with ``pods_examined``,
    how many pods were looked at."""

    def __init__(self, items: Iterable[Diagnosis] = (), pods_examined: int = 0) -> None:
        super().__init__(items)
        self.pods_examined = pods_examined

    @property
    def pods(self) -> List[Diagnosis]:
        """The diagnoses of pods."""
        return [d for d in self if d.subject.is_pod]

    @property
    def workloads(self) -> List[Diagnosis]:
        """The diagnoses of workloads (pods never created, ...)."""
        return [d for d in self if not d.subject.is_pod]

    def summary(self) -> str:
        """"N of M pods with findings" (and ", K workloads with findings")."""
        workloads = len(self.workloads)
        text = f"{len(self) - workloads} of {self.pods_examined} pods with findings"
        if workloads:
            text += f", {workloads} workload{'s' if workloads != 1 else ''} with findings"
        return text

    def __str__(self) -> str:
        return "\n".join(str(d) for d in self)

    def _repr_html_(self) -> str:
        rows = []
        for d in self:
            p = d.primary
            rows.append(
                "<tr>" + "".join(
                    f"<td>{escape(str(v))}</td>" for v in (
                        d.subject.label,
                        p.category if p else "",
                        f"{p.severity}, {p.confidence}" if p else "",
                        (p.container or "") if p else "",
                        p.title if p else "",
                    )
                ) + "</tr>"
            )
        head = "".join(f'<th style="text-align:left">{h}</th>'
                       for h in ("pod", "primary", "severity", "container", "finding"))
        return (f'<table class="podsim"><caption style="text-align:left">'
                f"{escape(self.summary())}</caption>"
                f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>")


def _lines(items: Iterable[str]) -> str:
    return "<br>".join(escape(i) for i in items)


def _diagnosis_html(d: Diagnosis) -> str:
    text = str(d).splitlines()
    header = text[:2] if len(text) >= 2 else text
    parts = ['<div class="podsim-diagnosis">']
    if header:
        parts.append(f"<p><b>{escape(header[0])}</b>")
        if len(header) > 1:
            parts.append(f"<br><code>{escape(header[1])}</code>")
        parts.append("</p>")
    findings = d.findings
    if not findings:
        parts.append("<p>No problem found.</p>")
    else:
        heads = ("", "category", "severity", "container", "finding", "evidence", "next")
        parts.append('<table class="podsim"><thead><tr>')
        parts.extend(f'<th style="text-align:left">{h}</th>' for h in heads)
        parts.append("</tr></thead><tbody>")
        primary = d.primary
        for f in findings:
            if f is primary:
                rank = "<b>PRIMARY</b>"
            elif f.explained_by:
                rank = f"ALSO<br><small>explained by {escape(f.explained_by)}</small>"
            else:
                rank = "ALSO"
            evidence = [f"{e.path}: {e.quote or e.value}" for e in f.evidence]
            nxt = "<br>".join(
                f"<code>{escape(n.command)}</code>"
                + (f' <small style="color:#666">{escape(n.why)}</small>' if n.why else "")
                for n in f.next
            )
            title = f"<b>{escape(f.title)}</b>"
            if f.summary:
                title += f"<br>{escape(f.summary)}"
            if f.ways_out:
                title += "<br><i>Ways out:</i><br>" + _lines(
                    f"{w.action}: {w.command}" + (f" -> {w.consequence}" if w.consequence else "")
                    + (f" ({w.warning})" if w.warning else "") for w in f.ways_out)
            parts.append(
                "<tr>"
                f"<td>{rank}</td>"
                f"<td><code>{escape(f.category)}</code></td>"
                f"<td>{escape(f.severity)}, {escape(f.confidence)}</td>"
                f"<td>{escape(f.container or '')}</td>"
                f"<td>{title}</td>"
                f"<td>{_lines(evidence)}</td>"
                f"<td>{nxt}</td>"
                "</tr>"
            )
        parts.append("</tbody></table>")
    if d.missing_evidence:
        parts.append(f"<p><i>Missing evidence:</i> {escape(', '.join(d.missing_evidence))}</p>")
    if d.rule_errors:
        parts.append("<p><i>Rule errors:</i><br>"
                     + _lines(f"{e.rule}: {e.message}" for e in d.rule_errors) + "</p>")
    parts.append("</div>")
    return "".join(parts)


# ---- the context a Python check sees ---------------------------------------------------------


class RuleContext:
    """What a Python rule's check sees, read-only.

    ``facts`` maps fact paths to values (strings; for a rule ``on:
    container`` the bound container's facts also appear as
    ``container.<field>``); ``container`` is the bound container's name
    (None for a pod rule); ``findings`` are the findings of the rules
    evaluated before this one; ``rule`` is the rule's id.
    """

    __slots__ = ("_rule", "_container", "_facts", "_provenance", "_findings")

    _rule: str
    _container: Optional[str]
    _facts: Mapping[str, str]
    _provenance: Mapping[str, str]
    _findings: Tuple[Finding, ...]

    def __init__(self, rule: str, container: Optional[str], facts: Mapping[str, str],
                 provenance: Optional[Mapping[str, str]] = None,
                 findings: Iterable[Finding] = ()) -> None:
        set_ = object.__setattr__
        set_(self, "_rule", rule)
        set_(self, "_container", container or None)
        set_(self, "_facts", types.MappingProxyType(dict(facts)))
        set_(self, "_provenance", types.MappingProxyType(dict(provenance or {})))
        set_(self, "_findings", tuple(findings))

    @classmethod
    def _from_raw(cls, raw: Mapping[str, Any]) -> RuleContext:
        facts = raw["facts"]
        return cls(raw["rule"] or "", raw["container"],
                   {f["path"]: f["value"] for f in facts},
                   {f["path"]: f["provenance"] for f in facts},
                   (Finding._from_raw(f) for f in raw["findings"]))

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("a rule context is read-only")

    def __delattr__(self, name: str) -> None:
        raise AttributeError("a rule context is read-only")

    @property
    def rule(self) -> str:
        return self._rule

    @property
    def container(self) -> Optional[str]:
        return self._container

    @property
    def facts(self) -> Mapping[str, str]:
        return self._facts

    @property
    def provenance(self) -> Mapping[str, str]:
        """Fact path -> "observed", "simulated" or "derived"."""
        return self._provenance

    @property
    def findings(self) -> Tuple[Finding, ...]:
        return self._findings

    def fact(self, path: str, default: Any = None) -> Any:
        """The value of a fact, or ``default`` when it is absent."""
        return self._facts.get(path, default)

    def number(self, path: str, default: Optional[float] = None) -> Optional[float]:
        """A fact as a number (int when integral); ``default`` when it is
        absent or not a number."""
        value = self._facts.get(path)
        if value is None:
            return default
        try:
            n = float(value)
        except ValueError:
            return default
        return int(n) if n.is_integer() else n

    def flag(self, path: str) -> bool:
        """True when the fact is "true"."""
        return self._facts.get(path) == "true"

    def has_finding(self, category: str) -> bool:
        """True when an earlier finding's category is ``category`` or
        starts with ``category + "."``."""
        return any(f.category == category or f.category.startswith(category + ".")
                   for f in self._findings)

    def matching(self, prefix: str) -> Dict[str, str]:
        """The facts whose path starts with ``prefix``."""
        return {k: v for k, v in self._facts.items() if k.startswith(prefix)}

    def __repr__(self) -> str:
        where = f" container={self._container}" if self._container else ""
        return f"<RuleContext {self._rule}{where}: {len(self._facts)} facts>"


# ---- rule sets ---------------------------------------------------------------------------------


class RuleInfo(NamedTuple):
    """A rule of a set, in evaluation order."""

    id: str
    category: str
    enabled: bool


def _plain(value: Any) -> Any:
    """A check's answer or a rule dict as JSON-compatible values."""
    if isinstance(value, Finding):
        return _plain(value._overrides())
    if isinstance(value, Evidence):
        return value._overrides()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {k: _plain(v) for k, v in dataclasses.asdict(value).items()}
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, _dt.datetime):
        return value.isoformat()
    return value


def _result_text(result: Any) -> Optional[str]:
    """A check's answer as the text podsim_rule_check_fn returns."""
    if result is None or result is False:
        return None
    if result is True:
        return "{}"
    if isinstance(result, str):
        return result
    if isinstance(result, (Mapping, Finding)):
        return json.dumps(_plain(result), ensure_ascii=False)
    raise TypeError(
        "a rule check returns None (no finding), True (the rule's template), or "
        f"a dict or podsim.Finding of overrides, not {type(result).__name__}"
    )


def _wrap_check(fn: Callable[[RuleContext], Any]) -> Callable[[Dict[str, Any]], Optional[str]]:
    """The callable the binding calls: context dict in, JSON text out."""

    def check(raw: Dict[str, Any]) -> Optional[str]:
        return _result_text(fn(RuleContext._from_raw(raw)))

    check.__wrapped__ = fn  # type: ignore[attr-defined]
    check.__name__ = getattr(fn, "__name__", "check")
    return check


def _rule_text(rule: Union[Mapping[str, Any], str, bytes]) -> Tuple[Union[str, bytes], Optional[Callable[..., Any]], Optional[str]]:
    """(rule text, check popped from a dict, id) of a rule given as a dict
    or as YAML/JSON text."""
    if isinstance(rule, (str, bytes)):
        return rule, None, None
    if not isinstance(rule, Mapping):
        raise TypeError(f"a rule is a dict or YAML/JSON text, not {type(rule).__name__}")
    body = dict(rule)
    check = body.pop("check", None)
    if check is not None and not callable(check):
        # a built-in C check named by string stays in the rule
        body["check"] = check
        check = None
    rid = body.get("id")
    return json.dumps(_plain(body), ensure_ascii=False), check, rid if isinstance(rid, str) else None


R = TypeVar("R", bound="Rules")


class _RulesLoad:
    """``Rules.load``: on the class a constructor (``Rules.load("team.yaml")``,
    a new set of the built-ins plus the file), on an instance it adds."""

    @overload
    def __get__(self, obj: None, objtype: type) -> Callable[..., Rules]: ...

    @overload
    def __get__(self, obj: Rules, objtype: Optional[type] = None) -> Callable[..., Rules]: ...

    def __get__(self, obj: Any, objtype: Any = None) -> Any:
        if obj is None:
            cls = objtype

            def load(paths: Union[PathLike, Iterable[PathLike]]) -> Rules:
                rules_: Rules = cls()
                rules_._load(paths)
                return rules_

            load.__doc__ = ("Rules.load(paths) -> Rules\n\nA new rule set: the built-in rules "
                            "plus the rules of one YAML/JSON file or a list of files.")
        else:

            def load(paths: Union[PathLike, Iterable[PathLike]]) -> Rules:
                result: Rules = obj._load(paths)
                return result

            load.__doc__ = ("rules.load(paths) -> the same Rules\n\nAdd the rules of one "
                            "YAML/JSON file or a list of files (a rule, a list of rules or "
                            "a pack {rules: [...], disable: [ids]}).")
        load.__name__ = "load"
        load.__qualname__ = "Rules.load"
        return load


class Rules:
    """A diagnosis rule set: the built-in catalogue plus rules added to it.

    >>> team = podsim.Rules()                       # the built-ins
    >>> team = podsim.Rules.load("team.yaml")       # plus a pack
    >>> team.add({"id": "team/x", "category": "team.x", "title": "...", "when": {...}})
    >>> team.disable("core/probe-readiness")
    >>> @team.rule(id="team/y", on="container", when={...})
    ... def y(ctx): ...
    >>> podsim.diagnose("dump.yaml", rules=team)

    A rule whose id is already in the set replaces it (an override of a
    built-in is reported in each diagnosis). ``podsim.rules()`` is the
    default set that ``podsim.rule`` and ``podsim.register_rule`` add to.
    """

    load = _RulesLoad()

    def __init__(self) -> None:
        self._c = _podsim.Rules()
        # every change, to replay into a copy
        self._ops: List[Tuple[str, Any, Any, Any]] = []

    # ---- adding ----------------------------------------------------------------------

    def _load(self: R, paths: Union[PathLike, Iterable[PathLike]]) -> R:
        items: List[PathLike]
        if isinstance(paths, (str, os.PathLike)):
            items = [paths]
        else:
            items = list(paths)
        for p in items:
            self._c.load_file(p)
            self._ops.append(("load_file", p, None, None))
        return self

    def loads(self: R, text: Union[str, bytes], source: Optional[str] = None) -> R:
        """Add the rules of YAML/JSON text (a rule, a list, or a pack);
        ``source`` names the text in errors."""
        self._c.load_string(text, source)
        self._ops.append(("load_string", text, source, None))
        return self

    def add(self, rule: Union[Mapping[str, Any], str, bytes],
            check: Optional[Check] = None, source: Optional[str] = None) -> Optional[str]:
        """Add one rule: a dict in the rule format (it may hold "check": a
        callable of a RuleContext) or YAML/JSON text, with an optional
        Python ``check``. Returns the rule's id (None for text whose id is
        not known here)."""
        text, dict_check, rid = _rule_text(rule)
        if check is not None and dict_check is not None:
            raise TypeError("give the check either in the rule dict or as check=, not both")
        fn = check if check is not None else dict_check
        if fn is not None and not callable(fn):
            raise TypeError("check must be a callable of a podsim.RuleContext")
        wrapped = _wrap_check(fn) if fn is not None else None
        src = source or (f"<rule {rid}>" if rid else "<rule>")
        self._c.add(text, src, wrapped)
        self._ops.append(("add", text, src, wrapped))
        return rid

    def disable(self: R, *ids: str) -> R:
        """Disable rules by id (built-in or added); raises podsim.NotFound
        for an unknown id."""
        for rid in ids:
            self._c.disable(rid)
            self._ops.append(("disable", rid, None, None))
        return self

    def rule(self, id: str, on: str = "pod", when: Optional[Mapping[str, Any]] = None,
             **fields: Any) -> Callable[[F], F]:
        """Decorator: the function (a check of a RuleContext) becomes a rule
        of this set; see :func:`podsim.rule`."""

        def register(fn: F) -> F:
            self.add(_rule_dict(id, on, when, fn, fields), check=fn)
            return fn

        return register

    def copy(self) -> Rules:
        """An independent set with the same rules (Python checks shared)."""
        other = type(self)()
        for op, a, b, c in self._ops:
            if op == "load_file":
                other._c.load_file(a)
            elif op == "load_string":
                other._c.load_string(a, b)
            elif op == "add":
                other._c.add(a, b, c)
            else:
                other._c.disable(a)
        other._ops = list(self._ops)
        return other

    # ---- reading ----------------------------------------------------------------------

    def __len__(self) -> int:
        return self._c.count()

    def __iter__(self) -> Iterator[RuleInfo]:
        for i in range(self._c.count()):
            yield RuleInfo(*self._c.get(i))

    def __contains__(self, id: object) -> bool:
        return any(r.id == id for r in self)

    def ids(self) -> List[str]:
        return [r.id for r in self]

    def __getitem__(self, id: str) -> RuleInfo:
        for r in self:
            if r.id == id:
                return r
        raise KeyError(id)

    def __repr__(self) -> str:
        n = len(self)
        added = sum(1 for op in self._ops if op[0] != "disable")
        return f"<Rules: {n} rules ({added} additions, {self._c.python_checks} Python checks)>"


def _rule_dict(id: str, on: str, when: Optional[Mapping[str, Any]], fn: Any,
               fields: Mapping[str, Any]) -> Dict[str, Any]:
    """The rule-format dict of a decorated function: category defaults to
    the id with "/" as ".", title to the docstring's first line."""
    if not isinstance(id, str) or not id:
        raise TypeError("a rule needs an id (a non-empty str)")
    body: Dict[str, Any] = {"id": id, "on": on}
    if when is not None:
        body["when"] = dict(when)
    for k, v in fields.items():
        if v is not None:
            body[k] = v
    body.setdefault("category", id.replace("/", "."))
    if "title" not in body:
        doc = (getattr(fn, "__doc__", None) or "").strip()
        body["title"] = doc.splitlines()[0].strip() if doc else id
    return body


# ---- the default set and the entry-point packs --------------------------------------------------

_default: Optional[Rules] = None
_default_lock = threading.RLock()
_packs_loaded = False


def default_rules() -> Rules:
    """The default rule set (the built-ins plus what ``podsim.rule``,
    ``podsim.register_rule`` and the installed rule packs added), used by
    every diagnosis that is given no ``rules``."""
    global _default
    with _default_lock:
        if _default is None:
            _default = Rules()
        return _default


def _entry_points() -> List[Any]:
    from importlib.metadata import entry_points

    return list(entry_points(group=_ENTRY_POINT_GROUP))


def _load_packs() -> None:
    """Load the rule packs of the entry-point group ``podsim.rules`` into
    the default set, once. An entry point names a module (importing it
    registers its rules through ``podsim.rule``; a module-level
    ``register(rules)`` is then called too) or a callable called with the
    default Rules, which may also return rule dicts or YAML text to add. A
    pack that fails is reported as a RulePackWarning."""
    global _packs_loaded
    with _default_lock:
        if _packs_loaded:
            return
        _packs_loaded = True
        registry = default_rules()
        try:
            eps = _entry_points()
        except Exception as exc:  # a broken installation: no packs
            warnings.warn(f"podsim: cannot list the {_ENTRY_POINT_GROUP!r} rule packs: {exc}",
                          RulePackWarning, stacklevel=4)
            return
        for ep in eps:
            try:
                obj = ep.load()
                if isinstance(obj, types.ModuleType):
                    hook = getattr(obj, "register", None)
                    result = hook(registry) if callable(hook) else None
                elif callable(obj):
                    result = obj(registry)
                else:
                    raise TypeError(f"{ep.value} is neither a module nor a callable")
                _add_returned(registry, result)
            except Exception as exc:
                warnings.warn(
                    f"podsim: rule pack {ep.name!r} ({ep.value}) failed to load: "
                    f"{type(exc).__name__}: {exc}",
                    RulePackWarning, stacklevel=4,
                )


def _add_returned(registry: Rules, result: Any) -> None:
    if result is None or result is registry:
        return
    if isinstance(result, (str, bytes)):
        registry.loads(result, "<rule pack>")
    elif isinstance(result, Mapping):
        registry.add(result)
    elif isinstance(result, Iterable):
        for r in result:
            registry.add(r)
    else:
        raise TypeError(f"a rule pack returns None, a rule dict, a list of them or "
                        f"YAML text, not {type(result).__name__}")


def rule(id: str, on: str = "pod", when: Optional[Mapping[str, Any]] = None, *,
         category: Optional[str] = None, priority: Optional[int] = None,
         severity: Optional[str] = None, confidence: Optional[str] = None,
         title: Optional[str] = None, summary: Optional[str] = None,
         root_causes: Optional[Sequence[str]] = None,
         next: Optional[Sequence[Union[Mapping[str, str], NextStep]]] = None,
         fix: Optional[Sequence[str]] = None, docs: Optional[Sequence[str]] = None,
         evidence: Optional[Sequence[str]] = None,
         suppresses: Optional[Sequence[str]] = None,
         labels: Optional[Mapping[str, str]] = None,
         rules: Optional[Rules] = None, **extra: Any) -> Callable[[F], F]:
    """Decorator: a team rule whose check is the decorated function.

    >>> @podsim.rule(id="team/crash-runbook", on="container", priority=46,
    ...              when={"container.finding.crashloop.exit-1": True},
    ...              suppresses=["crashloop.exit-1"], category="crashloop.exit-1.team")
    ... def runbook(ctx):
    ...     "Crash loop: follow the team runbook"
    ...     return {"next": [{"command": "open https://runbooks/crash", "why": "runbook"}]}

    The rule is evaluated after the built-ins it may refine (``when`` can
    test ``finding.<category>`` and ``container.finding.<category>``); its
    check runs only when ``when`` matched and returns None (no finding),
    True (the template: ``title`` ... ``labels``), or a dict /
    podsim.Finding of overrides. ``category`` defaults to the id with "/"
    as ".", ``title`` to the docstring's first line. It is added to the
    default set (``podsim.rules()``) unless ``rules`` names another one; a
    rule of the same id is replaced.
    """
    fields: Dict[str, Any] = dict(
        category=category, priority=priority, severity=severity, confidence=confidence,
        title=title, summary=summary,
        root_causes=list(root_causes) if root_causes is not None else None,
        next=_plain(list(next)) if next is not None else None,
        fix=list(fix) if fix is not None else None,
        docs=list(docs) if docs is not None else None,
        evidence=list(evidence) if evidence is not None else None,
        suppresses=list(suppresses) if suppresses is not None else None,
        labels=dict(labels) if labels is not None else None,
        **extra,
    )
    target = rules if rules is not None else None

    def register(fn: F) -> F:
        if not callable(fn):
            raise TypeError("@podsim.rule decorates a function of a podsim.RuleContext")
        registry = target if target is not None else default_rules()
        registry.add(_rule_dict(id, on, when, fn, fields), check=fn)
        return fn

    return register


def register_rule(rule: Union[Mapping[str, Any], str], check: Optional[Check] = None, *,
                  rules: Optional[Rules] = None) -> Optional[str]:
    """Add a rule to the default set (or ``rules``): a dict in the rule
    format, which may hold "check": a callable of a RuleContext, or
    YAML/JSON text. Returns the rule's id."""
    registry = rules if rules is not None else default_rules()
    return registry.add(rule, check=check)


# ---- diagnosing ---------------------------------------------------------------------------------


RulesLike = Union[None, Rules, PathLike, Mapping[str, Any], Sequence[Union[PathLike, Mapping[str, Any]]]]


def _resolve_rules(rules: RulesLike) -> Rules:
    """None: the default set (rule packs loaded once); a Rules as is; a
    path, a rule dict or a list of them: a copy of the default set plus
    those."""
    if isinstance(rules, Rules):
        if rules is _default:
            _load_packs()
        return rules
    _load_packs()
    base = default_rules()
    if rules is None:
        return base
    items: Sequence[Any]
    if isinstance(rules, (str, os.PathLike, Mapping)):
        items = [rules]
    else:
        items = list(rules)
    out = base.copy()
    for item in items:
        if isinstance(item, Mapping):
            out.add(item)
        elif isinstance(item, (str, os.PathLike)):
            out._load(item)
        else:
            raise TypeError(f"rules takes a podsim.Rules, paths or rule dicts, not "
                            f"{type(item).__name__}")
    return out


def _as_of_ms(as_of: AsOf) -> Optional[int]:
    """None, a datetime (naive = UTC), an RFC 3339 string, or ms since the
    epoch."""
    if as_of is None:
        return None
    if isinstance(as_of, bool):
        raise TypeError("as_of must be None, a datetime, an RFC 3339 string or ms")
    if isinstance(as_of, (int, float)):
        return int(as_of)
    if isinstance(as_of, _dt.datetime):
        if as_of.tzinfo is None:
            as_of = as_of.replace(tzinfo=_dt.timezone.utc)
        return round(as_of.timestamp() * 1000)
    if isinstance(as_of, str):
        text = as_of.strip()
        if text.lstrip("-").isdigit():
            return int(text)
        try:
            when = _dt.datetime.fromisoformat(text[:-1] + "+00:00" if text[-1:] in "zZ" and text
                                              else text)
        except ValueError:
            raise ValueError(f"invalid as_of {as_of!r} (expected RFC 3339, e.g. "
                             "2026-11-28T10:00:00Z, or milliseconds)") from None
        return _as_of_ms(when)
    raise TypeError(f"as_of must be None, a datetime, an RFC 3339 string or ms, "
                    f"not {type(as_of).__name__}")


def _pod_key(pod: Optional[str]) -> Tuple[Optional[str], Optional[str]]:
    if pod is None:
        return None, None
    if not isinstance(pod, str) or not pod:
        raise TypeError("pod is named by a 'namespace/name' str")
    if "/" in pod:
        ns, name = pod.split("/", 1)
        return ns or "default", name
    return "default", pod


# kubectl's names of the workload kinds (singular, plural, short), lower case
_WORKLOAD_KINDS = {
    **dict.fromkeys(("deployment", "deployments", "deploy"), "Deployment"),
    **dict.fromkeys(("replicaset", "replicasets", "rs"), "ReplicaSet"),
    **dict.fromkeys(("statefulset", "statefulsets", "sts"), "StatefulSet"),
    **dict.fromkeys(("daemonset", "daemonsets", "ds"), "DaemonSet"),
    **dict.fromkeys(("job", "jobs"), "Job"),
}


def _workload_kind(kind: str) -> str:
    """The Kubernetes kind of a workload kind as kubectl accepts it
    (case-insensitive; "deploy", "rs", "sts", "ds" too)."""
    found = _WORKLOAD_KINDS.get(kind.strip().lower())
    if found is None:
        raise ValueError(f"{kind!r} is not a workload kind (Deployment, ReplicaSet, "
                         "StatefulSet, DaemonSet or Job; deploy, rs, sts, ds)")
    return found


def _workload_key(workload: str) -> Tuple[str, str, str]:
    """"Kind/namespace/name" (or "Kind/name" in default) -> (Kind, ns, name)."""
    if not isinstance(workload, str) or not workload:
        raise TypeError("workload is named by a 'Kind/namespace/name' str")
    parts = workload.split("/")
    if len(parts) == 2:
        parts.insert(1, "default")
    if len(parts) != 3 or not parts[0] or not parts[2]:
        raise ValueError(f"invalid workload {workload!r} (expected Kind/namespace/name, "
                         "e.g. ReplicaSet/default/web-7d4b9c)")
    return _workload_kind(parts[0]), parts[1] or "default", parts[2]


def _is_text(value: Union[str, bytes]) -> bool:
    if isinstance(value, bytes):
        return b"\n" in value or value.lstrip()[:1] in (b"{", b"[")
    return "\n" in value or value.lstrip()[:1] in ("{", "[")


def _inputs(value: Any, what: str) -> List[Any]:
    if value is None:
        return []
    if isinstance(value, (str, bytes, os.PathLike)):
        return [value]
    if isinstance(value, Iterable):
        return list(value)
    raise TypeError(f"{what} takes a path or a list of paths, not {type(value).__name__}")


def _cluster_of(obj: Any, events: Any, nodes: Any) -> Cluster:
    if isinstance(obj, Cluster):
        if events is not None or nodes is not None:
            raise TypeError("events= and nodes= go with paths: load them into the Cluster "
                            "(cluster.load(path)) instead")
        return obj
    items = _inputs(obj, "diagnose()") + _inputs(events, "events") + _inputs(nodes, "nodes")
    if not items:
        raise TypeError("diagnose() takes a path, a list of paths, a podsim.Cluster or a "
                        "podsim.Simulation")
    cluster = Cluster()
    paths: List[Any] = []
    for item in items:
        if isinstance(item, (str, bytes)) and _is_text(item):
            cluster.loads(item)
        elif isinstance(item, (str, bytes, os.PathLike)):
            paths.append(item)
        else:
            raise TypeError(f"diagnose() inputs are paths or YAML text, not {type(item).__name__}")
    if paths:
        cluster.load(paths)  # one transaction over every file
    return cluster


def _flags(whatif: bool, kubectl: bool = True) -> int:
    flags = 0 if whatif else _podsim.DIAGNOSE_NO_WHATIF
    if not kubectl:
        flags |= _podsim.DIAGNOSE_NO_KUBECTL
    return flags


def diagnose(obj_or_path: Any, events: Any = None, nodes: Any = None,
             pod: Optional[str] = None, as_of: AsOf = None, rules: RulesLike = None,
             whatif: bool = True, kubectl_version: Optional[str] = None,
             workload: Optional[str] = None) -> Diagnosis:
    """Why is this pod not Running or Ready, and what to run next?

    ``obj_or_path`` is a path (or a list of paths, or YAML text) of
    ``kubectl get -o yaml|json`` output: the pod, its events, its nodes,
    its owner, ConfigMaps... every file is loaded into one cluster, with
    ``events`` and ``nodes`` (paths or lists) too; or a loaded
    podsim.Cluster, used as is; or a podsim.Simulation (at its now).
    ``pod`` is "namespace/name" (or "name" in default); None picks the
    only pod of the input. ``as_of`` is the time ages are relative to (a
    datetime, an RFC 3339 string or ms since the epoch; None: the newest
    timestamp of the dump, or the simulation's now). ``rules`` is a
    podsim.Rules, or paths / rule dicts added to a copy of the default
    set (None: the default set). ``whatif=False`` skips the checks that run
    podsim on a copy (the node-lost ways out, the smallest scheduling
    change). ``kubectl_version`` ("1.34") is the kubectl the views follow.

    ``workload`` ("ReplicaSet/default/web-7d4b9c": Kind/namespace/name,
    the kind as kubectl takes it: Deployment or deploy, ReplicaSet or rs,
    StatefulSet or sts, DaemonSet or ds, Job; instead of ``pod``)
    diagnoses a workload of a dump for what no pod can show: pods that
    were never created (FailedCreate: quota, Pod Security, a webhook, a
    missing ServiceAccount). Its ``subject.kind`` is the workload's kind.
    """
    from ._simulation import Simulation

    if pod is not None and workload is not None:
        raise TypeError("pod= and workload= are exclusive: diagnose one subject")
    if isinstance(obj_or_path, Simulation):
        if events is not None or nodes is not None:
            raise TypeError("events= and nodes= go with paths, not a Simulation")
        if workload is not None:
            raise TypeError("workload= goes with a dump: diagnose Simulation.dump() "
                            "loaded into a podsim.Cluster")
        return obj_or_path.diagnose(pod, as_of=as_of, rules=rules, whatif=whatif,
                                    kubectl_version=kubectl_version)
    wkey = _workload_key(workload) if workload is not None else None
    rs = _resolve_rules(rules)
    cluster = _cluster_of(obj_or_path, events, nodes)
    if wkey is not None:
        raw = cluster._c.diagnose_workload(wkey[0], wkey[1], wkey[2], _as_of_ms(as_of),
                                           rs._c, _flags(whatif), kubectl_version)
        return Diagnosis(raw, cluster)
    ns, name = _pod_key(pod)
    if name is None:
        n = cluster.count("Pod")
        if n != 1:
            keys = [p.key for p in list(cluster.pods)[:5]] if n else []
            listed = f" ({', '.join(keys)}{', ...' if n > 5 else ''})" if keys else ""
            raise ValueError(
                f"the input holds {n} pods{listed}: choose one with pod='namespace/name'"
                if n else "the input holds no pod to diagnose"
            )
    raw = cluster._c.diagnose(ns, name, _as_of_ms(as_of), rs._c, _flags(whatif),
                              kubectl_version)
    return Diagnosis(raw, cluster)


def diagnose_all(obj_or_path: Any, events: Any = None, nodes: Any = None,
                 as_of: AsOf = None, rules: RulesLike = None, whatif: bool = False,
                 kubectl: bool = True, kubectl_version: Optional[str] = None) -> DiagnosisList:
    """Every pod of a dump with at least one finding, in ``kubectl get pods
    -A`` order, then every workload with one (a DiagnosisList;
    ``.pods_examined`` is how many pods were looked at). Arguments as for :func:`diagnose`; ``whatif`` defaults to
    False here (bulk), ``kubectl=False`` skips the kubectl views."""
    rs = _resolve_rules(rules)
    cluster = _cluster_of(obj_or_path, events, nodes)
    items, examined = cluster._c.diagnose_all(_as_of_ms(as_of), rs._c,
                                              _flags(whatif, kubectl), kubectl_version)
    return DiagnosisList((Diagnosis(r, cluster) for r in items), examined)


def _diagnose_sim(sim: Simulation, pod: Optional[str], as_of: AsOf, rules: RulesLike,
                  whatif: bool, kubectl_version: Optional[str]) -> Diagnosis:
    rs = _resolve_rules(rules)
    ns, name = _pod_key(pod)
    raw = sim._run(sim._s.diagnose, ns, name, _as_of_ms(as_of), rs._c, _flags(whatif),
                   kubectl_version)
    return Diagnosis(raw, sim)
