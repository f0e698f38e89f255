-- explore.lua - load a snapshot and print, per node, what its pods request
-- against what it can give; then the pods as `kubectl get pods -A` does.
--
--   LUA_CPATH="build/?.so" lua5.4 examples/explore.lua examples/cluster.yaml
local podsim = require "podsim"

local path = arg[1] or "examples/cluster.yaml"
local cluster, err = podsim.load(path)
if not cluster then
  io.stderr:write(err, "\n")
  os.exit(1)
end

local function q(list, name)
  return list[name] and tostring(list[name]) or "0"
end

print(string.format("%-24s %-12s%-12s%-12s%-12s%s", "NODE", "CPU-REQ",
  "CPU-ALLOC", "MEM-REQ", "MEM-ALLOC", "PODS"))
for _, n in ipairs(cluster:nodes()) do
  print(string.format("%-24s %-12s%-12s%-12s%-12s%d", n.meta.name,
    q(n.requested, "cpu"), q(n.allocatable, "cpu"),
    q(n.requested, "memory"), q(n.allocatable, "memory"), n.pod_count))
end
print()
io.write(cluster:render("pods"))
