"""Diagnoses of the third-party corpus from Python (issue 6).

tests/data/diagnose/corpus-expectations.txt lists, one pod per line, the
corpus files to load into one cluster, the pod, its expected primary
category ("none" for a healthy pod: no finding at all; "load-error" for
an input that must fail to load cleanly, with its position) and optionally
a substring of one of the next commands. The C runner
(tests/c/test_diag_builtin.c) reads the same list; this checks that the
Python binding gives the same answers. The corpus lives in
$PODSIM_SHARED_DIR/data/corpus (../shared by default): the tests are
skipped when it is absent.
"""

from __future__ import annotations

from pathlib import Path
from typing import List, NamedTuple, Optional, Tuple

import pytest

import podsim

from podsim_testdata import DATA_DIR, SHARED_DIR

EXPECTATIONS = DATA_DIR / "diagnose" / "corpus-expectations.txt"
CORPUS = SHARED_DIR / "data" / "corpus"


class Case(NamedTuple):
    files: Tuple[str, ...]
    pod: str
    primary: str  # category, "none" or "load-error"
    command: Optional[str]  # substring of a next command
    line: int


def read_cases() -> List[Case]:
    if not EXPECTATIONS.is_file():
        return []
    cases = []
    for n, raw in enumerate(EXPECTATIONS.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        parts = line.split(None, 3)
        if len(parts) < 3:
            raise ValueError(f"{EXPECTATIONS.name}:{n}: expected FILES POD CATEGORY [COMMAND]")
        files, pod, primary = parts[:3]
        command = parts[3].strip() if len(parts) > 3 else None
        cases.append(Case(tuple(files.split(",")), pod, primary, command or None, n))
    return cases


CASES = read_cases()


def case_id(c: Optional[Case]) -> str:
    return f"{c.line}:{c.pod}" if c is not None else "none"


@pytest.fixture(scope="module")
def corpus() -> Path:
    if not CORPUS.is_dir():
        pytest.skip(f"corpus {CORPUS} is absent (set PODSIM_SHARED_DIR)")
    return CORPUS


@pytest.fixture(scope="module")
def builtin_rules() -> podsim.Rules:
    return podsim.Rules()


_CLUSTERS: dict = {}


def load(corpus: Path, files: Tuple[str, ...]) -> podsim.Cluster:
    """One cluster per file group (several lines share one)."""
    if files not in _CLUSTERS:
        _CLUSTERS[files] = podsim.Cluster.load([corpus / f for f in files])
    return _CLUSTERS[files]


def test_expectations_are_listed() -> None:
    if not EXPECTATIONS.is_file():
        pytest.skip(f"{EXPECTATIONS.name} not written yet")
    assert CASES, f"{EXPECTATIONS} lists no pod"
    assert any(c.primary == "none" for c in CASES), "no healthy pod in the list"


@pytest.mark.parametrize("case", CASES or [None], ids=case_id)
def test_corpus_pod(case: Optional[Case], corpus: Path, builtin_rules: podsim.Rules) -> None:
    if case is None:
        pytest.skip(f"{EXPECTATIONS.name} not written yet")
    missing = [f for f in case.files if not (corpus / f).is_file()]
    if missing:
        pytest.skip(f"corpus files absent: {', '.join(missing)}")
    if case.primary == "load-error":
        # degrade gracefully: a clean, located load error
        with pytest.raises(podsim.ParseError) as info:
            podsim.Cluster.load([corpus / f for f in case.files])
        assert info.value.path is not None and str(info.value), info.value
        return
    cluster = load(corpus, case.files)
    d = podsim.diagnose(cluster, pod=case.pod, rules=builtin_rules)
    where = f"{EXPECTATIONS.name}:{case.line}\n{d}"
    if case.primary == "none":
        assert d.findings == [], f"false alarm on a healthy pod ({where})"
        assert d.primary is None
        return
    assert d.primary is not None, f"no finding ({where})"
    assert d.primary.category == case.primary, where
    if case.command is not None:
        commands = [c for f in d.findings for c in f.commands]
        assert any(case.command in c for c in commands), (
            f"no next command contains {case.command!r}: {commands} ({where})")
    # the JSON render says the same
    doc = d.to_dict()
    assert doc["primary"] == case.primary or doc["findings"][0]["category"] == case.primary


def test_corpus_bulk_diagnosis_agrees(corpus: Path, builtin_rules: podsim.Rules) -> None:
    """diagnose_all over each file group lists exactly the listed problem
    pods of that group (among those the list names) and no healthy one."""
    if not CASES:
        pytest.skip(f"{EXPECTATIONS.name} not written yet")
    groups = {}
    for c in CASES:
        if c.primary != "load-error" and all((corpus / f).is_file() for f in c.files):
            groups.setdefault(c.files, []).append(c)
    assert groups
    for files, cases in groups.items():
        try:
            cluster = load(corpus, files)
        except podsim.ParseError:
            continue  # reported by test_corpus_pod
        all_ = podsim.diagnose_all(cluster, rules=builtin_rules)
        by_key = {d.key: d for d in all_}
        assert all_.pods_examined >= len(cases)
        for c in cases:
            if c.primary == "none":
                assert c.pod not in by_key, f"false alarm on {c.pod}:\n{by_key.get(c.pod)}"
            else:
                assert c.pod in by_key, f"{c.pod} missing from diagnose_all of {files}"
                p = by_key[c.pod].primary
                assert p is not None and p.category == c.primary, str(by_key[c.pod])
