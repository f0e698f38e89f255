"""Audit: the CMake build and setup.py build the same thing.

CMake lists the core sources explicitly (PODSIM_CORE_SOURCES); setup.py
globs core/src/*.c. This checks, in the spirit of h3's AUDIT_SOURCE_FILE_LIST:

  - the CMake list and setup.py's sorted glob name the same files, and the
    CMake list has no duplicates;
  - CMake's PODSIM_C_WARNINGS and setup.py's WARNINGS are the same flags;
  - VERSION, CMake's project version and podsim.h's PODSIM_VERSION_* agree;
  - every tests/c/test_<name>.c on disk is registered in PODSIM_C_TESTS.

CTest runs it as a script and passes the configured CMake values
(--cmake-sources=a.c,b.c --cmake-warnings=-Wall,... --cmake-c-tests=...
--cmake-version=...);
run without arguments (or under pytest) it reads them from CMakeLists.txt and
tests/CMakeLists.txt.
"""

import argparse
import importlib.util
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def load_setup(root=ROOT):
    """Import setup.py as a module without running setup()."""
    spec = importlib.util.spec_from_file_location("_podsim_setup", root / "setup.py")
    module = importlib.util.module_from_spec(spec)
    saved, sys.dont_write_bytecode = sys.dont_write_bytecode, True
    try:
        spec.loader.exec_module(module)
    finally:
        sys.dont_write_bytecode = saved
    return module


def cmake_set(path, name):
    """The words of `set(<name> ...)` in a CMake file (comments removed)."""
    text = Path(path).read_text(encoding="utf-8")
    text = re.sub(r"#[^\n]*", "", text)
    match = re.search(r"\bset\(\s*" + re.escape(name) + r"\b(.*?)\)", text, re.S)
    if match is None:
        raise LookupError(f"{path}: no set({name} ...)")
    return match.group(1).split()


def header_version(root=ROOT):
    text = (root / "core" / "include" / "podsim.h").read_text(encoding="utf-8")
    parts = []
    for part in ("MAJOR", "MINOR", "PATCH"):
        match = re.search(r"#define\s+PODSIM_VERSION_" + part + r"\s+(\d+)", text)
        if match is None:
            raise LookupError(f"podsim.h: no PODSIM_VERSION_{part}")
        parts.append(match.group(1))
    return ".".join(parts)


def cmake_values(root=ROOT):
    return {
        "sources": cmake_set(root / "CMakeLists.txt", "PODSIM_CORE_SOURCES"),
        "warnings": cmake_set(root / "CMakeLists.txt", "PODSIM_C_WARNINGS"),
        "c_tests": cmake_set(root / "tests" / "CMakeLists.txt", "PODSIM_C_TESTS"),
        "version": None,
    }


# Each check returns a list of problems (empty when in sync).

def check_sources(cmake_sources, setup_module, root=ROOT):
    problems = []
    duplicates = sorted({s for s in cmake_sources if cmake_sources.count(s) > 1})
    if duplicates:
        problems.append("listed twice in PODSIM_CORE_SOURCES: " + ", ".join(duplicates))
    globbed = set(setup_module.core_sources(str(root)))
    listed = set(cmake_sources)
    for path in sorted(globbed - listed):
        problems.append(f"{path} is built by setup.py (glob) but missing from "
                        "PODSIM_CORE_SOURCES in CMakeLists.txt")
    for path in sorted(listed - globbed):
        problems.append(f"{path} is in PODSIM_CORE_SOURCES but not on disk "
                        "(so not in setup.py's glob)")
    return problems


def check_warnings(cmake_warnings, setup_module):
    if list(cmake_warnings) == list(setup_module.WARNINGS):
        return []
    return [f"warnings differ: CMake PODSIM_C_WARNINGS {cmake_warnings} "
            f"vs setup.py WARNINGS {setup_module.WARNINGS}"]


def check_version(cmake_version, setup_module, root=ROOT):
    versions = {
        "VERSION (setup.py)": setup_module.read_version(str(root)),
        "podsim.h PODSIM_VERSION_*": header_version(root),
    }
    if cmake_version:
        versions["CMake project()"] = cmake_version
    if len(set(versions.values())) == 1:
        return []
    return ["versions differ: " + ", ".join(f"{k} = {v}" for k, v in versions.items())]


def check_c_tests(c_tests, root=ROOT):
    on_disk = sorted(p.stem[len("test_"):] for p in (root / "tests" / "c").glob("test_*.c"))
    return [f"tests/c/test_{name}.c is not registered: add '{name}' to "
            "PODSIM_C_TESTS in tests/CMakeLists.txt"
            for name in on_disk if name not in c_tests]


def run_checks(values, root=ROOT):
    setup_module = load_setup(root)
    return [
        ("core sources", check_sources(values["sources"], setup_module, root)),
        ("warnings", check_warnings(values["warnings"], setup_module)),
        ("version", check_version(values["version"], setup_module, root)),
        ("c tests", check_c_tests(values["c_tests"], root)),
    ]


def _comma_list(text):
    return [item for item in text.split(",") if item]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    # Lists come comma-separated: --cmake-warnings=-Wall,-Wextra
    parser.add_argument("--cmake-sources", type=_comma_list)
    parser.add_argument("--cmake-warnings", type=_comma_list)
    parser.add_argument("--cmake-c-tests", type=_comma_list)
    parser.add_argument("--cmake-version")
    args = parser.parse_args(argv)

    values = cmake_values()
    for key in ("sources", "warnings", "c_tests"):
        given = getattr(args, "cmake_" + key)
        if given is not None:
            values[key] = given
    values["version"] = args.cmake_version

    passed = failed = 0
    for name, problems in run_checks(values):
        if problems:
            failed += 1
            print(f"FAIL {name}")
            for problem in problems:
                print(f"  {problem}")
        else:
            passed += 1
            print(f"ok   {name}")
    print(f"sources_in_sync: {passed} passed, {failed} failed")
    return 1 if failed else 0


# pytest entry points (the same checks, values read from the CMake files).

def _checks():
    return dict(run_checks(cmake_values()))


def test_core_sources_match_setup_glob():
    assert _checks()["core sources"] == []


def test_warnings_match():
    assert _checks()["warnings"] == []


def test_versions_match():
    assert _checks()["version"] == []


def test_c_tests_registered():
    assert _checks()["c tests"] == []


if __name__ == "__main__":
    sys.exit(main())
