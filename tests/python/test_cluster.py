"""Cluster construction, loading, errors and transactions."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest

import podsim
from podsim import _podsim

from podsim_testdata import SMALL_YAML

POD_JSON = {
    "apiVersion": "v1",
    "kind": "Pod",
    "metadata": {"name": "api-0", "namespace": "prod"},
    "spec": {
        "containers": [
            {"name": "api", "image": "api:1", "resources": {"requests": {"cpu": "250m"}}}
        ]
    },
    "status": {"phase": "Pending"},
}

BAD_SECOND_DOC = """\
apiVersion: v1
kind: Pod
metadata: {name: fine, namespace: default}
spec:
  containers: [{name: a, image: b}]
---
apiVersion: v1
kind: Node
metadata: {name: broken}
spec:
  taints:
  - key: a
    effect: NoExec
"""


def snapshot(c: podsim.Cluster):
    """Every object of every kind, as the C binding converts it."""
    return {k: [c._c.get(k, i) for i in range(c.count(k))] for k in podsim.KINDS}


def write(tmp_path: Path, name: str, text: str) -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


# ---- construction and versions ---------------------------------------------------


def test_empty_cluster_defaults():
    c = podsim.Cluster()
    assert c.kubernetes_version == podsim.DEFAULT_KUBERNETES_VERSION == "1.34"
    assert len(c.nodes) == 0 and len(c.pods) == 0
    assert c.counts() == {}
    assert list(c.pods) == []


@pytest.mark.parametrize("version", ["1.30", "1.31", "1.32", "1.33", "1.34", "1.35"])
def test_supported_versions(version):
    c = podsim.Cluster(kubernetes_version=version)
    assert c.kubernetes_version == version
    assert podsim.Cluster(version).kubernetes_version == version


@pytest.mark.parametrize("version", ["1.29", "1.36", "2.0", "banana", ""])
def test_unsupported_versions(version):
    with pytest.raises(podsim.VersionError) as info:
        podsim.Cluster(kubernetes_version=version)
    e = info.value
    assert isinstance(e, podsim.Error) and isinstance(e, ValueError)
    assert e.status == "PODSIM_EVERSION"
    assert e.path is None and e.line is None and e.column is None
    assert repr(version) in str(e).replace('"', "'")


def test_version_must_be_str():
    with pytest.raises(TypeError):
        podsim.Cluster(kubernetes_version=1.34)  # type: ignore[arg-type]


def test_unknown_option_rejected():
    with pytest.raises(TypeError):
        podsim.Cluster(no_such_option=1)


# ---- loading ---------------------------------------------------------------------------


def test_loads_yaml_returns_stats():
    c = podsim.Cluster()
    stats = c.loads(SMALL_YAML)
    assert isinstance(stats, podsim.LoadStats)
    assert stats.documents == 6
    assert stats.added == {"Node": 2, "Pod": 3, "Deployment": 1}
    assert stats.total == 6
    assert stats.skipped == 0
    assert stats.bytes == len(SMALL_YAML.encode())
    assert c.counts() == {"Node": 2, "Pod": 3, "Deployment": 1}


def test_loads_json_text():
    c = podsim.Cluster()
    stats = c.loads(json.dumps(POD_JSON))
    assert stats.added == {"Pod": 1}
    p = c.pod("prod/api-0")
    assert p.requests["cpu"] == podsim.Quantity("250m")
    assert p.phase == "Pending"


def test_loads_bytes():
    c = podsim.Cluster()
    c.loads(json.dumps(POD_JSON).encode())
    assert len(c.pods) == 1


def test_loads_rejects_other_types():
    with pytest.raises(TypeError):
        podsim.Cluster().loads(42)  # type: ignore[arg-type]


def test_unknown_kinds_are_skipped():
    c = podsim.Cluster()
    stats = c.loads("apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\n")
    assert stats.skipped == 1 and stats.added == {}


def test_yaml_and_json_text_agree():
    a, b = podsim.Cluster(), podsim.Cluster()
    a.loads(json.dumps(POD_JSON))
    b.loads(
        "apiVersion: v1\nkind: Pod\nmetadata: {name: api-0, namespace: prod}\n"
        "spec:\n  containers:\n  - name: api\n    image: api:1\n"
        "    resources: {requests: {cpu: 250m}}\nstatus: {phase: Pending}\n"
    )
    assert snapshot(a) == snapshot(b)


def test_load_file_classmethod_and_instance(tmp_path):
    p = write(tmp_path, "small.yaml", SMALL_YAML)
    c = podsim.Cluster.load(p)
    assert isinstance(c, podsim.Cluster)
    assert c.counts() == {"Node": 2, "Pod": 3, "Deployment": 1}
    q = write(tmp_path, "more.json", json.dumps(POD_JSON))
    stats = c.load(str(q))
    assert isinstance(stats, podsim.LoadStats)
    assert stats.added == {"Pod": 1}
    assert len(c.pods) == 4


def test_load_classmethod_version(tmp_path):
    p = write(tmp_path, "small.yaml", SMALL_YAML)
    c = podsim.Cluster.load(p, kubernetes_version="1.31")
    assert c.kubernetes_version == "1.31"
    with pytest.raises(podsim.VersionError):
        podsim.Cluster.load(p, kubernetes_version="1.2")


def test_load_list_of_paths(tmp_path):
    a = write(tmp_path, "a.yaml", SMALL_YAML)
    b = write(tmp_path, "b.json", json.dumps(POD_JSON))
    c = podsim.Cluster.load([a, b])
    assert c.counts() == {"Node": 2, "Pod": 4, "Deployment": 1}
    d = podsim.Cluster()
    stats = d.load([str(a), b])
    assert stats.documents == 7
    assert stats.added == {"Node": 2, "Pod": 4, "Deployment": 1}
    assert snapshot(c) == snapshot(d)
    assert podsim.Cluster.load([]).counts() == {}


def test_load_instance_does_not_take_version(tmp_path):
    p = write(tmp_path, "a.yaml", SMALL_YAML)
    with pytest.raises(TypeError):
        podsim.Cluster().load(p, kubernetes_version="1.30")  # type: ignore[call-arg]


def test_missing_file_is_file_error(tmp_path):
    missing = tmp_path / "nope.yaml"
    with pytest.raises(podsim.FileError) as info:
        podsim.Cluster.load(missing)
    e = info.value
    assert isinstance(e, OSError) and isinstance(e, podsim.Error)
    assert e.status == "PODSIM_EIO"
    assert e.path == str(missing)


# ---- errors ----------------------------------------------------------------------------


def test_parse_error_attributes():
    c = podsim.Cluster()
    with pytest.raises(podsim.ParseError) as info:
        c.loads(BAD_SECOND_DOC, source="nodes.yaml")
    e = info.value
    assert isinstance(e, ValueError) and isinstance(e, podsim.Error)
    assert e.status == "PODSIM_EPARSE"
    assert e.code == 3  # PODSIM_EPARSE
    assert e.path == "nodes.yaml"
    assert e.line == 13
    assert e.column is not None and e.column >= 1
    assert "NoExec" in e.message
    assert str(e).startswith(f"nodes.yaml:{e.line}:{e.column}: ")
    assert _podsim.status_name(e.code) == e.status


def test_parse_error_default_source_name():
    with pytest.raises(podsim.ParseError) as info:
        podsim.Cluster().loads("kind: Pod\nmetadata: {name: [}\n")
    assert info.value.path == "<string>"
    assert info.value.line == 2


def test_parse_error_in_file_names_the_file(tmp_path):
    p = write(tmp_path, "bad.yaml", BAD_SECOND_DOC)
    with pytest.raises(podsim.ParseError) as info:
        podsim.Cluster.load(p)
    assert info.value.path == str(p)
    assert info.value.line == 13


def test_limit_error_is_parse_error():
    c = podsim.Cluster(max_depth=3)
    with pytest.raises(podsim.ParseError) as info:
        c.loads("a: {b: {c: {d: {e: 1}}}}\n")
    assert info.value.status == "PODSIM_ELIMIT"
    assert info.value.line == 1


def test_duplicate_is_already_exists():
    c = podsim.Cluster()
    c.loads(json.dumps(POD_JSON))
    with pytest.raises(podsim.AlreadyExists) as info:
        c.loads(json.dumps(POD_JSON), source="again.json")
    assert info.value.status == "PODSIM_EEXIST"
    assert info.value.path == "again.json"
    assert info.value.line is not None


def test_not_found_is_key_error(small):
    with pytest.raises(KeyError) as info:
        small.node("worker-9")
    e = info.value
    assert isinstance(e, podsim.NotFound) and isinstance(e, podsim.Error)
    assert e.status == "PODSIM_ENOTFOUND"
    assert "worker-9" in str(e)
    assert not str(e).startswith("'")  # not KeyError's quoted repr
    with pytest.raises(podsim.NotFound):
        small.pod("default/web-9")
    with pytest.raises(podsim.NotFound):
        small.pod("web-0", namespace="jobs")
    with pytest.raises(podsim.NotFound):
        small.get("Deployment", "default/nope")
    with pytest.raises(KeyError):
        small.pods["default/nope"]


def test_every_error_class_is_a_podsim_error():
    for cls in (podsim.ParseError, podsim.NotFound, podsim.InvalidArgument,
                podsim.AlreadyExists, podsim.RangeError, podsim.FileError,
                podsim.VersionError):
        assert issubclass(cls, podsim.Error)
        assert cls.__module__ == "podsim"


def test_unknown_kind_is_invalid_argument(small):
    with pytest.raises(podsim.InvalidArgument) as info:
        small._c.count("Widget")
    assert info.value.status == "PODSIM_EINVAL"
    with pytest.raises(ValueError):
        small.objects("Widget")


# ---- transactions ------------------------------------------------------------------------


def test_failed_load_string_leaves_model_unchanged(small):
    before = snapshot(small)
    counts = small.counts()
    with pytest.raises(podsim.ParseError):
        small.loads(BAD_SECOND_DOC)
    assert small.counts() == counts
    assert snapshot(small) == before
    # the good first document was not kept
    with pytest.raises(podsim.NotFound):
        small.pod("default/fine")


def test_failed_load_file_leaves_model_unchanged(small, tmp_path):
    before = snapshot(small)
    with pytest.raises(podsim.ParseError):
        small.load(write(tmp_path, "bad.yaml", BAD_SECOND_DOC))
    assert snapshot(small) == before


def test_failed_duplicate_load_leaves_model_unchanged(small):
    before = snapshot(small)
    dup = SMALL_YAML.split("---\n")[2]  # web-0 again
    extra = "apiVersion: v1\nkind: Node\nmetadata: {name: new-node}\n---\n"
    with pytest.raises(podsim.AlreadyExists):
        small.loads(extra + dup)
    assert snapshot(small) == before
    with pytest.raises(podsim.NotFound):
        small.node("new-node")


def test_model_still_usable_after_failure(small):
    with pytest.raises(podsim.ParseError):
        small.loads(BAD_SECOND_DOC)
    small.loads(json.dumps(POD_JSON))
    assert small.pod("prod/api-0").name == "api-0"


# ---- lifetime and threads ------------------------------------------------------------------


def test_close_and_context_manager(small):
    with podsim.Cluster() as c:
        c.loads(SMALL_YAML)
        assert not c.closed
    assert c.closed
    c.close()  # idempotent
    with pytest.raises(ValueError):
        c.count("Pod")
    with pytest.raises(ValueError):
        c.loads(SMALL_YAML)
    assert "closed" in repr(c)


def test_low_level_cluster_is_final():
    with pytest.raises(TypeError):
        class Sub(_podsim.Cluster):  # type: ignore[misc]
            pass
    with pytest.raises(TypeError):
        _podsim.Cluster.foo = 1  # type: ignore[attr-defined]


def test_concurrent_loads_from_threads():
    c = podsim.Cluster()
    errors = []

    def worker(n: int) -> None:
        try:
            for i in range(20):
                doc = dict(POD_JSON, metadata={"name": f"p-{n}-{i}", "namespace": "t"})
                c.loads(json.dumps(doc))
                c.count("Pod")
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert len(c.pods) == 160
    assert c.pod("t/p-7-19").name == "p-7-19"


def test_clusters_are_independent():
    a, b = podsim.Cluster(), podsim.Cluster("1.30")
    a.loads(SMALL_YAML)
    assert b.counts() == {}
    assert b.kubernetes_version == "1.30"


def test_get_pods_prints_what_kubectl_printed(small):
    """cluster.get_pods(): the rows and the text of `kubectl get pods -A`
    for a loaded snapshot, the same printer a simulation uses."""
    table = small.get_pods()
    assert str(table) == small.render("pods")
    assert len(table) == small.count("Pod")
    keys = [f"{r.namespace}/{r.name}" for r in table]
    assert keys == sorted(keys)
    by_key = {f"{r.namespace}/{r.name}": r for r in table}
    for pod in small.pods:
        row = by_key[f"{pod.namespace or 'default'}/{pod.name}"]
        assert row.status in str(table)
    as_of = small.get_pods(as_of=0)
    assert str(as_of) == small.render("pods", as_of=0)
