-- why_pending.lua - for every Pending pod of a snapshot, what kube-scheduler
-- says about it (the FailedScheduling message), each node's verdict, and for
-- a pod that fits, the scores that chose its node. Prints what
-- examples/why_pending.c prints, byte for byte.
--
--   LUA_CPATH="build/?.so" lua5.4 examples/why_pending.lua examples/pending-cluster.yaml
local podsim = require "podsim"

local path = arg[1] or "examples/pending-cluster.yaml"
local cluster, err = podsim.load(path)
if not cluster then
  io.stderr:write(err, "\n")
  os.exit(1)
end

local function explain(r)
  for _, n in ipairs(cluster:nodes()) do
    local name = n.meta.name
    local f = r.filters[name]
    local scores = r.scores[name]
    if f then
      io.write(string.format("  %-16s %-20s %s:", name, f.plugin, f.status))
      for k, reason in ipairs(f.reasons) do
        io.write(k > 1 and ", " or " ", reason)
      end
      io.write("\n")
    elseif scores then
      io.write(string.format("  %-16s total %-5d", name, r.totals[name]))
      for _, plugin in ipairs(r.score_plugins) do
        io.write(string.format(" %s=%d", plugin, scores[plugin].weighted))
      end
      io.write("\n")
    end
  end
end

local seed = 42
for _, p in ipairs(cluster:pods()) do
  local phase = p.status.phase
  if p.spec.node_name == "" and (phase == nil or phase == "Pending") then
    local r = assert(cluster:schedule(p, {explain = true, seed = seed}))
    seed = nil -- seed once, then carry the stream
    print(string.format("%s -> %s", r.pod, r.node or "(none)"))
    if r.gated then
      print("  gated: " .. r.message)
    elseif not r.node then
      print("  " .. r.message)
    end
    if r.preemption and r.preemption.node then
      io.write("  preemption: nominate ", r.preemption.node, ", evict")
      for _, v in ipairs(r.preemption.victims) do io.write(" ", v) end
      io.write("\n")
    end
    explain(r)
  end
end
