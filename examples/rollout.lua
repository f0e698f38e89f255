-- rollout.lua - a rolling update on a copy of a cluster: the Deployment of
-- examples/rollout-v1.yaml at 0 s, its next image (rollout-v2.yaml) at
-- 2 min, then the event log of the shop namespace and `kubectl get pods`
-- at 4 min. Prints what examples/rollout.c and examples/rollout.py print,
-- byte for byte.
--
--   LUA_CPATH="build/?.so" lua5.4 examples/rollout.lua examples/cluster.yaml
local podsim = require "podsim"

local cluster = assert(podsim.load(arg[1] or "examples/cluster.yaml"))
local sim = podsim.simulation(cluster, {seed = 1})
assert(sim:apply("examples/rollout-v1.yaml", {at = 0}))
assert(sim:apply("examples/rollout-v2.yaml", {at = "2m"}))
assert(sim:run("4m"))
print("# events in namespace shop")
for _, e in ipairs(sim:events()) do
  if e.namespace == "shop" then
    print(string.format("%8.3f %-7s %-17s %s/%s: %s", e.time, e.type,
                        e.reason, e.kind, e.name, e.message))
  end
end
print(string.format("# kubectl get pods -A at %ds", math.floor(sim:now())))
io.write(sim:render("pods"))
