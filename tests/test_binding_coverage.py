"""Every PODSIM_API function of core/include/podsim.h is reachable from both
bindings (house style 2.8: the 1:1 rule, enforced).

A function counts as bound when its name is called, `name(`, in the
binding's C source (comments removed). Run with pytest from the repository
root: `python3 -m pytest tests/test_binding_coverage.py`.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
HEADER = REPO / "core" / "include" / "podsim.h"
BINDINGS = {
    "python": REPO / "bindings" / "python" / "podsim_py.c",
    "lua": REPO / "bindings" / "lua" / "podsim_lua.c",
}

# Functions that are deliberately not bound, with the reason.
NOT_BOUND = {
    # superseded in the bindings by podsim_enum_name, which covers every enum
    "podsim_phase_name": "podsim_enum_name(PODSIM_ENUM_PHASE, ...)",
    "podsim_taint_effect_name": "podsim_enum_name(PODSIM_ENUM_TAINT_EFFECT, ...)",
    "podsim_selector_op_name": "podsim_enum_name(PODSIM_ENUM_SELECTOR_OP, ...)",
    # resource lists cross as native maps; lookups are the host language's
    "podsim_resources_get": "resource lists are dicts / tables",
}


def strip_comments(text: str) -> str:
    text = re.sub(r"/\*.*?\*/", " ", text, flags=re.S)
    return re.sub(r"//[^\n]*", " ", text)


def api_functions() -> list[str]:
    """Names of the functions declared with PODSIM_API."""
    text = strip_comments(HEADER.read_text(encoding="utf-8"))
    text = re.sub(r"^\s*#.*$", " ", text, flags=re.M)  # macros (PODSIM_API itself)
    names = []
    for decl in re.findall(r"\bPODSIM_API\b([^;{]*?)\(", text):
        m = re.search(r"(\w+)\s*$", decl)
        if m and m.group(1) != "PODSIM_API":
            names.append(m.group(1))
    return sorted(set(names))


FUNCTIONS = api_functions()


def test_header_declares_functions():
    assert len(FUNCTIONS) > 20
    assert "podsim_cluster_new" in FUNCTIONS
    assert "podsim_quantity_parse" in FUNCTIONS


def test_allow_list_is_current():
    """Every allow-listed name still exists in the header."""
    assert set(NOT_BOUND) <= set(FUNCTIONS)


_SOURCES: dict[str, str] = {}


def binding_source(binding: str) -> str:
    if binding not in _SOURCES:
        path = BINDINGS[binding]
        if not path.is_file():
            pytest.fail(f"{path.relative_to(REPO)} does not exist")
        _SOURCES[binding] = strip_comments(path.read_text(encoding="utf-8"))
    return _SOURCES[binding]


@pytest.mark.parametrize("binding", sorted(BINDINGS))
@pytest.mark.parametrize("function", FUNCTIONS)
def test_function_is_bound(binding, function):
    if function in NOT_BOUND:
        pytest.skip(f"not bound by design: {NOT_BOUND[function]}")
    source = binding_source(binding)
    assert re.search(rf"\b{function}\s*\(", source), (
        f"{function} (podsim.h) is not called from "
        f"{BINDINGS[binding].relative_to(REPO)}"
    )


@pytest.mark.parametrize("binding", sorted(BINDINGS))
def test_binding_includes_only_the_public_header(binding):
    """Bindings include podsim.h and no private header of core/src."""
    source = binding_source(binding)
    includes = re.findall(r'#\s*include\s*[<"]([^">]+)[">]', source)
    assert "podsim.h" in includes
    private = {p.name for p in (REPO / "core" / "src").glob("*.h")}
    assert not private & {Path(i).name for i in includes}, includes
