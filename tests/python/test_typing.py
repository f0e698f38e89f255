"""The stub _podsim.pyi matches the extension (mypy stubtest), and the
package type-checks under mypy --strict. Skipped when mypy is absent."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from podsim_testdata import REPO


def run(cache: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, MYPY_CACHE_DIR=str(cache))  # keep the repo clean
    return subprocess.run([sys.executable, "-m", *args], capture_output=True,
                          text=True, cwd=REPO, timeout=600, env=env)


def test_stub_matches_extension(tmp_path):
    pytest.importorskip("mypy.stubtest")
    config = tmp_path / "mypy.ini"
    config.write_text(f"[mypy]\ncache_dir = {tmp_path / 'cache'}\n")
    result = run(tmp_path, "mypy.stubtest", "--mypy-config-file", str(config),
                 "podsim._podsim")
    assert result.returncode == 0, result.stdout + result.stderr


def test_package_type_checks(tmp_path):
    pytest.importorskip("mypy")
    result = run(tmp_path, "mypy", "--strict", "--ignore-missing-imports", "--no-incremental",
                 "python/podsim")
    assert result.returncode == 0, result.stdout + result.stderr
