"""Real kubectl dumps from ../shared/data/corpus: every file either loads or
fails with a positioned error; nothing crashes. Every loaded object converts,
renders and prints."""

from __future__ import annotations

import pytest

import podsim

from podsim_testdata import SHARED_DIR

CORPUS = SHARED_DIR / "data" / "corpus"
FILES = sorted(
    p for p in CORPUS.glob("*/*") if p.suffix in (".yaml", ".yml", ".json")
) if CORPUS.is_dir() else []

pytestmark = pytest.mark.skipif(not FILES, reason=f"{CORPUS} is absent")


def exercise(c: podsim.Cluster) -> None:
    """Touch every object through the public API."""
    for kind in podsim.KINDS:
        for obj in c.objects(kind):
            assert obj.to_dict()["id"] == obj.id
            assert repr(obj).startswith(f"<{kind} ")
            assert obj._repr_html_().startswith("<table")
            found = c.get(kind, obj.key)
            assert found.kind == kind
    for pod in c.pods:
        row = pod.row()
        assert row.ready and isinstance(row.status, str)
        pod.compute_requests(non_zero=True)
    for view in ("nodes", "pods", "node-requests"):
        for wide in (False, True):
            assert isinstance(c.render(view, wide=wide), str)
    repr(c)
    c._repr_html_()


@pytest.mark.parametrize("path", FILES, ids=[f"{p.parent.name}/{p.name}" for p in FILES])
def test_corpus_file(path):
    c = podsim.Cluster()
    try:
        stats = c.load(path)
    except (podsim.ParseError, podsim.AlreadyExists) as e:
        assert e.path == str(path)
        assert e.line is not None and e.line >= 1
        assert e.column is not None and e.column >= 1
        assert str(e).startswith(f"{path}:{e.line}:{e.column}: ")
        assert c.counts() == {}  # transactional
        return
    assert stats.documents >= 1
    assert stats.total + stats.skipped >= 1
    exercise(c)


def test_corpus_together():
    """All loadable files into one cluster (later duplicates are rejected
    whole, earlier loads stay)."""
    c = podsim.Cluster()
    loaded = 0
    for path in FILES:
        before = c.counts()
        try:
            c.load(path)
            loaded += 1
        except podsim.Error as e:
            assert isinstance(e, (podsim.ParseError, podsim.AlreadyExists))
            assert c.counts() == before
    assert loaded > len(FILES) // 2
    exercise(c)


def test_yaml_and_json_list_agree(shared_dir):
    corpus = shared_dir / "data" / "corpus"
    yaml_file = corpus / "kubectl-neat" / "pods-list.yaml"
    json_file = corpus / "kubectl-neat" / "pods-list.json"
    if not (yaml_file.is_file() and json_file.is_file()):
        pytest.skip("kubectl-neat pair absent")
    a, b = podsim.Cluster.load(yaml_file), podsim.Cluster.load(json_file)
    assert [p.to_dict() for p in a.pods] == [p.to_dict() for p in b.pods]
