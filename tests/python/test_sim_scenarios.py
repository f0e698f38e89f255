"""The shared simulation scenarios of tests/data/sim through the Python
package: each prints exactly its *.expected.txt (the header reproduced, the
event log, "---- pods" and kubectl get pods -A at the end), as the C suite
(tests/c/test_sim_scenarios.c) and the Lua suite
(tests/lua/sim_scenarios_spec.lua) do. Format: tests/data/sim/README.md.

The scenarios are also run through the Lua binding from here (when the
CMake build and lua5.4 are present) so that a difference between Python
and Lua shows as one diff, whatever the expected files say.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import List, Tuple

import pytest

import podsim

from podsim_testdata import DATA_DIR, REPO

SIM_DATA = DATA_DIR / "sim"
SCENARIOS = sorted(SIM_DATA.glob("*.expected.txt")) if SIM_DATA.is_dir() else []
BUILD = Path(os.environ.get("PODSIM_BUILD_DIR", REPO / "build"))

_ACTIONS = (
    ("apply", re.compile(r"^# apply: (\S+) @ (-?\d+)$")),
    ("delete", re.compile(r"^# delete: ([^/\s]+)/(\S+) @ (-?\d+)$")),
    ("run", re.compile(r"^# run: (-?\d+)$")),
)


def header_of(text: str) -> List[str]:
    lines = []
    for line in text.split("\n"):
        if not line.startswith("#"):
            break
        lines.append(line)
    return lines


def run_scenario(expected: Path) -> str:
    """The scenario's output, as the C runner prints it."""
    header = header_of(expected.read_text(encoding="utf-8"))
    cluster = None
    seed = 0
    version = None
    with_report = False
    actions: List[Tuple[str, Tuple[str, ...]]] = []
    for line in header:
        if m := re.match(r"^# cluster: (\S+)$", line):
            cluster = podsim.Cluster.load(SIM_DATA / m.group(1))
        elif m := re.match(r"^# seed: (\d+)$", line):
            seed = int(m.group(1))
        elif m := re.match(r"^# version: (\S+)$", line):
            version = m.group(1)
        elif line == "# report: yes":
            with_report = True
        for name, pattern in _ACTIONS:
            if m := pattern.match(line):
                actions.append((name, m.groups()))
    assert cluster is not None, f"{expected.name}: no '# cluster:' line"
    sim = podsim.Simulation(cluster, seed=seed, kubernetes_version=version)
    for name, args in actions:
        # times as Go durations in ms: exact, and the parser gets exercised
        if name == "apply":
            sim.apply(SIM_DATA / args[0], at=f"{args[1]}ms")
        elif name == "delete":
            sim.delete_pod(f"{args[0]}/{args[1]}", at=f"{args[2]}ms")
        else:
            sim.run(until=f"{args[0]}ms")
    out = "".join(line + "\n" for line in header) + sim.event_log + "---- pods\n" + str(
        sim.get_pods())
    if with_report:
        out += "---- nodes\n" + sim.render("nodes") + "---- report\n" + sim.render("report")
    return out


def test_scenarios_present():
    assert SCENARIOS, f"no *.expected.txt in {SIM_DATA}"


@pytest.mark.parametrize("expected", SCENARIOS,
                         ids=[p.name[: -len(".expected.txt")] for p in SCENARIOS])
def test_scenario_prints_its_expected_text(expected: Path):
    assert run_scenario(expected) == expected.read_text(encoding="utf-8")


# The Lua twin of run_scenario, through the binding (the spec file runs the
# same through busted; this prints, so Python can compare byte for byte).
LUA_RUNNER = r"""
local podsim = require "podsim"
local dir, file = arg[1], arg[2]
local f = assert(io.open(dir .. "/" .. file, "rb"))
local text = f:read("a")
f:close()
local header, cluster, seed, actions = {}, nil, 0, {}
local version, with_report = nil, false
for line in (text .. "\n"):gmatch("(.-)\n") do
   if line:sub(1, 1) ~= "#" then break end
   header[#header + 1] = line
   version = line:match("^# version: (%S+)$") or version
   if line == "# report: yes" then with_report = true end
   local c = line:match("^# cluster: (%S+)$")
   if c then cluster = assert(podsim.load(dir .. "/" .. c)) end
   local s = line:match("^# seed: (%d+)$")
   if s then seed = math.tointeger(tonumber(s)) end
   local a, at = line:match("^# apply: (%S+) @ (%-?%d+)$")
   if a then actions[#actions + 1] = {"apply", a, at} end
   local ns, name, dat = line:match("^# delete: ([^/%s]+)/(%S+) @ (%-?%d+)$")
   if ns then actions[#actions + 1] = {"delete", ns .. "/" .. name, dat} end
   local r = line:match("^# run: (%-?%d+)$")
   if r then actions[#actions + 1] = {"run", r} end
end
local sim = assert(podsim.simulation(cluster, {seed = seed,
                                              kubernetes_version = version}))
for _, a in ipairs(actions) do
   if a[1] == "apply" then
      assert(sim:apply(dir .. "/" .. a[2], {at = a[3] .. "ms"}))
   elseif a[1] == "delete" then
      assert(sim:delete_pod(a[2], {at = a[3] .. "ms"}))
   else
      assert(sim:run(a[2] .. "ms"))
   end
end
io.write(table.concat(header, "\n"), "\n", sim:event_log(), "---- pods\n",
         tostring(sim:get_pods()))
if with_report then
   io.write("---- nodes\n", assert(sim:render("nodes")), "---- report\n",
            assert(sim:render("report")))
end
"""


@pytest.mark.parametrize("expected", SCENARIOS,
                         ids=[p.name[: -len(".expected.txt")] for p in SCENARIOS])
def test_lua_prints_what_python_prints(expected: Path):
    lua = shutil.which("lua5.4")
    module = BUILD / "podsim.so"
    if lua is None or not module.exists():
        pytest.skip("needs lua5.4 and the CMake build's podsim.so")
    env = dict(os.environ, LUA_CPATH=f"{BUILD}/?.so")
    done = subprocess.run([lua, "-", str(SIM_DATA), expected.name], input=LUA_RUNNER,
                          capture_output=True, text=True, env=env, timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stdout == run_scenario(expected)
