"""The README's examples run, and the C and Lua programs print the same.

examples/rollout.{c,py,lua} print one simulated rolling update the same way.
examples/explore.c and examples/explore.lua answer one question ("per node,
what do the pods request against what it can give, and the kubectl pods
table") through the C API and the Lua binding; their outputs must be
identical, byte for byte. examples/demo.py is `make demo`'s main job.
"""

from __future__ import annotations

import os
import pathlib
import shutil
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
BUILD = pathlib.Path(os.environ.get("PODSIM_BUILD_DIR", ROOT / "build"))
CLUSTER = ROOT / "examples" / "cluster.yaml"


def run(*argv: str, env: dict[str, str] | None = None) -> str:
    done = subprocess.run(argv, cwd=ROOT, capture_output=True, text=True,
                          env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_demo_prints_the_example_cluster() -> None:
    out = run(sys.executable, "examples/demo.py")
    assert "$ kubectl get nodes -o wide" in out
    assert "$ kubectl get pods -A -o wide" in out
    assert "worker-a1" in out
    assert ("batch/ml-trainer: FailedScheduling: 0/6 nodes are available: "
            "4 Insufficient cpu") in out
    # the what-if: worker-a1 stops heartbeating at 0 (lifecycle.md F's
    # instants for 1.34: NotReady at 55 s, NoExecute at 60.1 s, evictions
    # at 360.1 s)
    assert "# what if worker-a1 stops heartbeating at 0s? (Kubernetes 1.34" in out
    assert ("55.000s Normal NodeNotReady node/worker-a1 (node-controller) Node "
            "worker-a1 status is now: NodeNotReady") in out
    assert ("360.100s Normal TaintManagerEviction pod/shop/postgres-0 "
            "(taint-eviction-controller) Marking for deletion Pod shop/postgres-0") in out
    assert "NoExecute taint at 60.100s" in out
    assert ("shop/postgres-0 (StatefulSet postgres): Terminating on unreachable node "
            "worker-a1") in out


def test_c_and_lua_examples_agree() -> None:
    program = BUILD / "example_explore"
    module = BUILD / "podsim.so"
    lua = shutil.which("lua5.4")
    if not program.exists() or not module.exists() or lua is None:
        pytest.skip("needs the CMake build (example_explore, podsim.so) and lua5.4")
    c_out = run(str(program), str(CLUSTER))
    env = dict(os.environ, LUA_CPATH=f"{BUILD}/?.so")
    lua_out = run(lua, "examples/explore.lua", str(CLUSTER), env=env)
    assert c_out == lua_out
    assert c_out.startswith("NODE")
    assert "NAMESPACE" in c_out  # the kubectl pods table follows


PENDING = ROOT / "examples" / "pending-cluster.yaml"


def test_why_pending_is_the_same_from_c_python_and_lua() -> None:
    """examples/why_pending.{c,py,lua}: the scheduler's verdicts, messages
    and scores for every Pending pod, byte for byte in all three."""
    py_out = run(sys.executable, "examples/why_pending.py", str(PENDING))
    assert "0/12 nodes are available:" in py_out
    assert "preemption: nominate" in py_out
    program = BUILD / "example_why_pending"
    module = BUILD / "podsim.so"
    lua = shutil.which("lua5.4")
    if not program.exists() or not module.exists() or lua is None:
        pytest.skip("needs the CMake build (example_why_pending, podsim.so) and lua5.4")
    assert run(str(program), str(PENDING)) == py_out
    env = dict(os.environ, LUA_CPATH=f"{BUILD}/?.so")
    assert run(lua, "examples/why_pending.lua", str(PENDING), env=env) == py_out


def test_rollout_is_the_same_from_c_python_and_lua() -> None:
    """examples/rollout.{c,py,lua}: a simulated rolling update of the
    example cluster, event by event, byte for byte in all three."""
    py_out = run(sys.executable, "examples/rollout.py", str(CLUSTER))
    assert "Scaled up replica set checkout-" in py_out
    assert "Successfully pulled image \"ghcr.io/acme/checkout:2.0\"" in py_out
    assert "# kubectl get pods -A at 240s" in py_out
    program = BUILD / "example_rollout"
    module = BUILD / "podsim.so"
    lua = shutil.which("lua5.4")
    if not program.exists() or not module.exists() or lua is None:
        pytest.skip("needs the CMake build (example_rollout, podsim.so) and lua5.4")
    assert run(str(program), str(CLUSTER)) == py_out
    env = dict(os.environ, LUA_CPATH=f"{BUILD}/?.so")
    assert run(lua, "examples/rollout.lua", str(CLUSTER), env=env) == py_out
