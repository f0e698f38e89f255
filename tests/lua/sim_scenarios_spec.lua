-- The shared simulation scenarios of tests/data/sim through the Lua
-- binding: each prints exactly its *.expected.txt (the header reproduced,
-- the event log, "---- pods" and kubectl get pods -A at the end), as the C
-- suite (tests/c/test_sim_scenarios.c) and the Python suite
-- (tests/python/test_sim_scenarios.py) do. Format: tests/data/sim/README.md.
--
-- Run from the repository root:
--   busted --lua=lua5.4 --cpath='build/?.so' tests/lua/sim_scenarios_spec.lua

if os.getenv("PODSIM_LUA_CPATH") then
   package.cpath = os.getenv("PODSIM_LUA_CPATH") .. ";" .. package.cpath
end
package.cpath = package.cpath .. ";./build/?.so"

local podsim = require "podsim"

local DATA = (os.getenv("PODSIM_TEST_DATA") or "tests/data") .. "/sim"

local function read_file(path)
   local f = io.open(path, "rb")
   if not f then return nil end
   local text = f:read("a")
   f:close()
   return text
end

local function scenarios()
   local list = {}
   local p = io.popen('ls "' .. DATA .. '" 2>/dev/null')
   if p then
      for name in p:lines() do
         if name:match("%.expected%.txt$") then list[#list + 1] = name end
      end
      p:close()
   end
   table.sort(list)
   return list
end

-- The scenario's output, as the C runner prints it.
local function run_scenario(text)
   local header, cluster, seed, actions = {}, nil, 0, {}
   local version, with_report = nil, false
   for line in (text .. "\n"):gmatch("(.-)\n") do
      if line:sub(1, 1) ~= "#" then break end
      header[#header + 1] = line
      version = line:match("^# version: (%S+)$") or version
      if line == "# report: yes" then with_report = true end
      local c = line:match("^# cluster: (%S+)$")
      if c then cluster = assert(podsim.load(DATA .. "/" .. c)) end
      local s = line:match("^# seed: (%d+)$")
      if s then seed = math.tointeger(tonumber(s)) end
      local a, at = line:match("^# apply: (%S+) @ (%-?%d+)$")
      if a then actions[#actions + 1] = { "apply", a, at } end
      local ns, name, dat = line:match("^# delete: ([^/%s]+)/(%S+) @ (%-?%d+)$")
      if ns then actions[#actions + 1] = { "delete", ns .. "/" .. name, dat } end
      local r = line:match("^# run: (%-?%d+)$")
      if r then actions[#actions + 1] = { "run", r } end
   end
   assert(cluster, "no '# cluster:' line")
   local sim = assert(podsim.simulation(cluster,
                                        { seed = seed, kubernetes_version = version }))
   for _, act in ipairs(actions) do
      -- times as Go durations in ms: exact, and the parser gets exercised
      if act[1] == "apply" then
         assert(sim:apply(DATA .. "/" .. act[2], { at = act[3] .. "ms" }))
      elseif act[1] == "delete" then
         assert(sim:delete_pod(act[2], { at = act[3] .. "ms" }))
      else
         assert(sim:run(act[2] .. "ms"))
      end
   end
   local out = table.concat(header, "\n") .. "\n" .. sim:event_log() .. "---- pods\n"
      .. tostring(sim:get_pods())
   if with_report then
      out = out .. "---- nodes\n" .. assert(sim:render("nodes")) .. "---- report\n"
         .. assert(sim:render("report"))
   end
   return out
end

describe("the shared simulation scenarios", function()
   local list = scenarios()

   it("are present", function()
      assert.is_true(#list > 0, "no *.expected.txt in " .. DATA)
   end)

   for _, name in ipairs(list) do
      it("print " .. name, function()
         local expected = assert(read_file(DATA .. "/" .. name))
         assert.are.equal(expected, run_scenario(expected))
      end)
   end
end)
