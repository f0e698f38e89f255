"""Shared fixtures for the Python binding tests.

`data_dir` is tests/data (fixtures shared with the C and Lua tests);
`shared_dir` is the project's shared folder (../shared from the repository,
or $PODSIM_SHARED_DIR) holding the golden files and the real-world corpus;
tests that need it are skipped when it is absent.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import podsim
from podsim_testdata import DATA_DIR, REPO, SHARED_DIR, SMALL_YAML


@pytest.fixture(scope="session")
def repo_dir() -> Path:
    return REPO


@pytest.fixture(scope="session")
def data_dir() -> Path:
    if not DATA_DIR.is_dir():
        pytest.fail(f"fixture folder {DATA_DIR} is missing")
    return DATA_DIR


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not SHARED_DIR.is_dir():
        pytest.skip(f"shared folder {SHARED_DIR} is absent")
    return SHARED_DIR


@pytest.fixture
def cluster() -> podsim.Cluster:
    return podsim.Cluster()


@pytest.fixture
def small() -> podsim.Cluster:
    c = podsim.Cluster()
    c.loads(SMALL_YAML, source="small.yaml")
    return c
