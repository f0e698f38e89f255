"""tests/data/*.expected.txt: the same facts the C and Lua tests check,
through the Python API. cluster-small.yaml and .json must both meet them and
give identical models."""

from __future__ import annotations

from pathlib import Path

import pytest

import podsim

import podsim_parity as parity
from podsim_testdata import DATA_DIR

EXPECTED = sorted(DATA_DIR.glob("*.expected.txt")) if DATA_DIR.is_dir() else []


def inputs_for(expected: Path) -> list[Path]:
    stem = expected.name[: -len(".expected.txt")]
    return sorted(p for p in expected.parent.glob(stem + ".*")
                  if p.suffix in (".yaml", ".yml", ".json"))


CASES = [(e, i) for e in EXPECTED for i in inputs_for(e)]


def snapshot(c: podsim.Cluster):
    return {k: [o.raw() for o in c.objects(k)] for k in podsim.KINDS}


def test_expected_files_present():
    assert EXPECTED, f"no *.expected.txt in {DATA_DIR}"
    for e in EXPECTED:
        assert inputs_for(e), f"{e.name} has no input file"


@pytest.mark.parametrize("expected,source", CASES,
                         ids=[i.name for _, i in CASES])
def test_expected_facts(expected, source):
    c = podsim.Cluster()
    stats = c.load(source)
    problems = parity.check_file(c, stats, expected)
    assert not problems, f"{len(problems)} mismatches:\n" + "\n".join(problems)


def test_parser_rejects_unknown_keys(tmp_path):
    c = podsim.Cluster()
    c.loads("apiVersion: v1\nkind: Node\nmetadata: {name: n}\n")
    e = tmp_path / "x.expected.txt"
    e.write_text("node n no_such_key=1\n")
    problems = parity.check_file(c, podsim.LoadStats(), e)
    assert problems and "unknown key" in problems[0]


def test_cluster_small_yaml_and_json_identical(data_dir):
    yaml_file, json_file = data_dir / "cluster-small.yaml", data_dir / "cluster-small.json"
    a, b = podsim.Cluster.load(yaml_file), podsim.Cluster.load(json_file)
    assert a.counts() == b.counts()
    assert snapshot(a) == snapshot(b)
    assert a.render("pods", wide=True) == b.render("pods", wide=True)
    assert a.render("nodes", wide=True) == b.render("nodes", wide=True)
    assert a.render("node-requests") == b.render("node-requests")


def test_all_fixtures_in_one_cluster(data_dir):
    """The fixture files are compatible with each other: no duplicates."""
    files = [data_dir / "cluster-small.yaml", data_dir / "events.yaml"]
    c = podsim.Cluster.load([f for f in files if f.is_file()])
    assert c.count("Pod") >= 1
    for e in c.events:
        # events of cluster-small point at objects that exist
        kind = e.involved_kind
        if kind in ("Pod", "Node"):
            ns = e.involved_namespace or None
            try:
                c.get(kind, e.involved_name, namespace=ns)
            except podsim.NotFound:
                pass  # e.g. a deleted pod; allowed
