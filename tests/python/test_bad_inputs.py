"""tests/data/bad/*.yaml: each fails with the status, position and message
of its .expected file (line 1: status name; line 2: line:column; further
lines: substrings of the message), from a file and from a string, and
leaves the model unchanged."""

from __future__ import annotations

from pathlib import Path

import pytest

import podsim

from podsim_testdata import DATA_DIR

BAD_DIR = DATA_DIR / "bad"
CASES = sorted(BAD_DIR.glob("*.expected")) if BAD_DIR.is_dir() else []

# Status name -> the exception class it must raise.
CLASSES = {
    "PODSIM_EPARSE": podsim.ParseError,
    "PODSIM_ELIMIT": podsim.ParseError,
    "PODSIM_EEXIST": podsim.AlreadyExists,
    "PODSIM_ERANGE": podsim.RangeError,
    "PODSIM_EINVAL": podsim.InvalidArgument,
    "PODSIM_EIO": podsim.FileError,
    "PODSIM_ENOTFOUND": podsim.NotFound,
}


def read_expected(path: Path):
    lines = [ln.rstrip("\n") for ln in path.read_text(encoding="utf-8").splitlines()]
    lines = [ln for ln in lines if ln.strip() and not ln.lstrip().startswith("#")]
    status = lines[0].strip()
    line = column = None
    if len(lines) > 1 and lines[1].strip() not in ("-", ""):
        l_text, c_text = lines[1].strip().split(":")
        line, column = int(l_text), int(c_text)
    return status, line, column, [s.strip() for s in lines[2:]]


def input_for(expected: Path) -> Path:
    matches = [p for p in expected.parent.glob(expected.stem + ".*") if p.suffix != ".expected"]
    assert len(matches) == 1, f"no single input file for {expected.name}: {matches}"
    return matches[0]


def check(e: podsim.Error, status, line, column, substrings, path) -> None:
    assert e.status == status, str(e)
    assert isinstance(e, CLASSES.get(status, podsim.Error))
    assert e.path == path
    assert (e.line, e.column) == (line, column), str(e)
    for s in substrings:
        assert s in e.message, f"{s!r} not in {e.message!r}"
    if line is not None:
        assert str(e).startswith(f"{path}:{line}:{column}: ")


def test_bad_cases_present():
    assert BAD_DIR.is_dir(), f"{BAD_DIR} is missing"
    assert len(CASES) >= 5


@pytest.mark.parametrize("expected", CASES, ids=[p.stem for p in CASES])
def test_bad_file(expected):
    status, line, column, substrings = read_expected(expected)
    src = input_for(expected)
    c = podsim.Cluster()
    with pytest.raises(podsim.Error) as info:
        c.load(src)
    check(info.value, status, line, column, substrings, str(src))
    assert c.counts() == {}


@pytest.mark.parametrize("expected", CASES, ids=[p.stem for p in CASES])
def test_bad_string(expected, small):
    """The same through loads(), into a non-empty cluster that must not change."""
    status, line, column, substrings = read_expected(expected)
    src = input_for(expected)
    before = {k: [small._c.get(k, i) for i in range(small.count(k))] for k in podsim.KINDS}
    with pytest.raises(podsim.Error) as info:
        small.loads(src.read_bytes(), source=src.name)
    check(info.value, status, line, column, substrings, src.name)
    after = {k: [small._c.get(k, i) for i in range(small.count(k))] for k in podsim.KINDS}
    assert after == before
