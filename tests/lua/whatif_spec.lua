-- Node failure what-ifs through the Lua binding (issue 5), mirroring
-- tests/python/test_whatif.py: the node_lifecycle option (field and
-- upstream flag names), the node verbs (fail_node, fail_zone, recover_node,
-- delete_node, cordon, uncordon, drain_node, taint, force_delete) with
-- options tables or positional arguments, get_nodes, and the what-if
-- report (its shape, summary(), tostring).
--
-- The times asserted are those of the reference timeline
-- (../shared/reference/lifecycle.md section F: last heartbeat at 0, monitor
-- passes every 5 s, node-monitor-grace-period 50 s from v1.32 (kubernetes
-- PR 126287), 40 s before: NotReady at 55 s, or 45 s).
--
-- Run from the repository root:
--   busted --lua=lua5.4 --cpath='build/?.so' tests/lua/whatif_spec.lua

if os.getenv("PODSIM_LUA_CPATH") then
   package.cpath = os.getenv("PODSIM_LUA_CPATH") .. ";" .. package.cpath
end
package.cpath = package.cpath .. ";./build/?.so"

local podsim = require "podsim"

local DATA = (os.getenv("PODSIM_TEST_DATA") or "tests/data") .. "/sim"
local UNREACHABLE = "node.kubernetes.io/unreachable"

local NODES = {}
for i = 1, 3 do
   NODES[#NODES + 1] = ([[
---
apiVersion: v1
kind: Node
metadata:
  name: node-%d
  creationTimestamp: "2026-01-01T00:00:00Z"
  labels: {kubernetes.io/hostname: node-%d, topology.kubernetes.io/zone: zone-a}
status:
  allocatable: {cpu: "4", memory: 8Gi, pods: "110"}
  capacity: {cpu: "4", memory: 8Gi, pods: "110"}
  conditions: [{type: Ready, status: "True"}]
  nodeInfo: {kubeletVersion: v1.34.1}
  images: [{names: ["busybox:1.36"], sizeBytes: 2160000}]
]]):format(i, i)
end
NODES = table.concat(NODES)

local DEPLOYMENT = [[
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: default}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      terminationGracePeriodSeconds: 30
      containers:
      - name: app
        image: busybox:1.36
        imagePullPolicy: IfNotPresent
        resources: {requests: {cpu: 100m, memory: 64Mi}}
]]

local function nodes()
   return assert(podsim.loads(NODES, "nodes.yaml"))
end

local function new_sim(options)
   options = options or {}
   options.kubernetes_version = options.kubernetes_version or "1.34"
   options.seed = options.seed or 7
   options.timing = options.timing or { exact = true }
   return assert(podsim.simulation(nodes(), options))
end

local function row(sim, name)
   for _, r in ipairs(sim:get_nodes()) do
      if r.name == name then return r end
   end
end

local function has_taint(sim, node, key, effect)
   for _, t in ipairs(sim:cluster():node(node).taints) do
      if t.key == key and t.effect == effect then return true end
   end
   return false
end

describe("the node_lifecycle option", function()
   it("takes field names, flag names and C names with _ms", function()
      assert.is_truthy(podsim.simulation(nodes(), { node_lifecycle = {
         node_monitor_period = 5, ["node-monitor-grace-period"] = "40s",
         ["--node-eviction-rate"] = 0.1, secondary_node_eviction_rate = 0,
         ["large-cluster-size-threshold"] = 50, unhealthy_zone_threshold = 0.55,
         ["default-unreachable-toleration-seconds"] = 60,
         default_not_ready_toleration_seconds = "5m",
         shutdownGracePeriod = "30s", shutdownGracePeriodCriticalPods = 10,
         pod_gc_period_ms = 1500, quarantineTime = "1m", terminated_pod_gc_threshold = 100,
         max_wait_for_unmount = "6m", drain_retry = 5, heartbeat_age = 0,
         lease_renew_interval = "10s", node_startup_grace_period = 60,
         node_monitor_offset = "1s", no_taint_eviction = true,
      } }))
   end)

   it("raises for unknown settings and bad values", function()
      local bad = {
         { node_monitor_grace = 1 },
         { node_monitor_period = "-1s" },
         { node_monitor_period = "soon" },
         { node_eviction_rate = -0.1 },
         { node_eviction_rate = "fast" },
         { large_cluster_size_threshold = 1.5 },
         { default_unreachable_toleration_seconds = 1.5 },
         { pod_gc_period_ms = "1s" },
         { [1] = 2 },
      }
      for _, settings in ipairs(bad) do
         assert.has_error(function()
            podsim.simulation(nodes(), { node_lifecycle = settings })
         end)
      end
      assert.has_error(function()
         podsim.simulation(nodes(), { node_lifecycle = "fast" })
      end)
   end)

   it("reaches the core: a 40 s grace period under v1.34", function()
      local sim = new_sim { node_lifecycle = { ["node-monitor-grace-period"] = "40s" } }
      assert(sim:fail_node("node-2", { at = 0 }))
      assert(sim:run(44.999))
      assert.are.equal("Ready", row(sim, "node-2").status)
      assert(sim:run(45))
      assert.are.equal("NotReady", row(sim, "node-2").status)
   end)
end)

describe("the node verbs", function()
   it("raise for a bad failure mode", function()
      local sim = new_sim()
      assert.has_error(function() sim:fail_node("node-1", { mode = "bogus" }) end,
                       "unknown failure mode 'bogus' (expected unreachable, not-ready, "
                       .. "shutdown or deleted)")
      assert.has_error(function() sim:fail_zone("zone-a", 0, "NotReady") end)
      assert.has_error(function() sim:fail_node("node-1", { at = 0, when = 1 }) end)
      assert.has_error(function() sim:recover_node("node-1", 0, "extra") end)
      assert.has_error(function() sim:fail_node("node-1", { at = 0 }, "shutdown") end)
      assert.has_error(function() sim:fail_node("node-1", { at = {} }) end)
      assert.has_error(function() sim:fail_node(nil) end)
   end)

   it("return nil, message, PODSIM_EINVAL for a malformed taint", function()
      local sim = new_sim()
      for _, taint in ipairs { "bad taint", "key:Evict", "=v:NoSchedule", "k=v" } do
         local ok, msg, status = sim:taint("node-1", taint, 10)
         assert.is_nil(ok)
         assert.matches("taint", msg)
         assert.are.equal("PODSIM_EINVAL", status)
      end
   end)

   it("return nil, message, PODSIM_ENOTFOUND for a node unknown now", function()
      local sim = new_sim()
      local calls = {
         function() return sim:fail_node("node-9") end,
         function() return sim:fail_node("node-9", 0, "shutdown") end,
         function() return sim:fail_zone("zone-z") end,
         function() return sim:recover_node("node-9") end,
         function() return sim:delete_node("node-9") end,
         function() return sim:cordon("node-9") end,
         function() return sim:uncordon("node-9") end,
         function() return sim:drain_node("node-9") end,
         function() return sim:taint("node-9", "a=b:NoSchedule") end,
         function() return sim:force_delete("default/nope") end,
      }
      for _, call in ipairs(calls) do
         local ok, msg, status = call()
         assert.is_nil(ok)
         assert.matches("not found", msg)
         assert.are.equal("PODSIM_ENOTFOUND", status)
      end
   end)

   it("look a node named for later up when the time comes", function()
      local sim = new_sim()
      assert(sim:fail_node("node-9", 10))
      assert(sim:drain_node("node-9", { at = "1m" }))
      assert(sim:run(70))
      assert.are.equal(3, #sim:get_nodes())
   end)

   it("refuse a time before now", function()
      local sim = new_sim()
      assert(sim:run(10))
      local ok, msg, status = sim:fail_node("node-1", 5)
      assert.is_nil(ok)
      assert.matches("before now", msg)
      assert.are.equal("PODSIM_EINVAL", status)
   end)

   it("cordon and uncordon", function()
      local sim = new_sim()
      assert(sim:cordon("node-2", { at = 10 }))
      assert(sim:uncordon("node-2", "20s"))
      assert(sim:run(9.999))
      assert.are.equal("Ready", row(sim, "node-2").status)
      assert(sim:run(10))
      assert.are.equal("Ready,SchedulingDisabled", row(sim, "node-2").status)
      assert.is_true(sim:cluster():node("node-2").unschedulable)
      assert(sim:run(20))
      assert.are.equal("Ready", row(sim, "node-2").status)
   end)

   it("taint and untaint", function()
      local sim = new_sim()
      assert(sim:taint("node-1", "dedicated=db:NoExecute", { at = 30 }))
      assert(sim:taint("node-1", "dedicated:NoExecute-", "1m"))
      assert(sim:run(29.999))
      assert.is_false(has_taint(sim, "node-1", "dedicated", "NoExecute"))
      assert(sim:run(30))
      assert.is_true(has_taint(sim, "node-1", "dedicated", "NoExecute"))
      assert(sim:run(60))
      assert.is_false(has_taint(sim, "node-1", "dedicated", "NoExecute"))
   end)

   it("delete a node", function()
      local sim = new_sim()
      assert(sim:delete_node("node-3", 5))
      assert(sim:run(5))
      local names = {}
      for _, r in ipairs(sim:get_nodes()) do names[#names + 1] = r.name end
      assert.are.same({ "node-1", "node-2" }, names)
      assert.is_true(sim:cluster():nodes()[3].removed)
   end)

   it("force-delete a pod", function()
      local sim = new_sim()
      assert(sim:apply(DEPLOYMENT, { at = 0 }))
      assert(sim:run(10))
      local pod = sim:get_pods()[1]
      local key = pod.namespace .. "/" .. pod.name
      assert(sim:force_delete(key, { at = 20 }))
      assert(sim:run(20))
      local ok, _, status = sim:pod_status(key)
      assert.is_nil(ok)
      assert.are.equal("PODSIM_ENOTFOUND", status)
   end)

   it("fail a node unreachable: NotReady and tainted (reference timeline)", function()
      local sim = new_sim()
      assert(sim:fail_node("node-2", { at = 0, mode = "unreachable" }))
      assert(sim:run(54.999))
      assert.are.equal("Ready", row(sim, "node-2").status)
      assert.is_false(has_taint(sim, "node-2", UNREACHABLE, "NoSchedule"))
      assert(sim:run(70))
      assert.are.equal("NotReady", row(sim, "node-2").status)
      assert.is_true(has_taint(sim, "node-2", UNREACHABLE, "NoSchedule"))
      assert.is_true(has_taint(sim, "node-2", UNREACHABLE, "NoExecute"))
      assert.are.equal("Ready", row(sim, "node-1").status)
   end)

   it("follow the version's grace period (40 s up to v1.31)", function()
      local sim = new_sim { kubernetes_version = "1.31" }
      assert(sim:fail_node("node-2", 0))
      assert(sim:run(44.999))
      assert.are.equal("Ready", row(sim, "node-2").status)
      assert(sim:run(45))
      assert.are.equal("NotReady", row(sim, "node-2").status)
   end)

   it("fail a node not-ready, positionally: no grace period", function()
      local sim = new_sim()
      assert(sim:fail_node("node-2", 0, "not-ready"))
      assert(sim:run(15))
      assert.are.equal("NotReady", row(sim, "node-2").status)
   end)

   it("fail a zone and recover its nodes", function()
      local sim = new_sim()
      assert(sim:fail_zone("zone-a", { at = 0 }))
      for i = 1, 3 do assert(sim:recover_node("node-" .. i, { at = "2m" })) end
      assert(sim:run(70))
      for _, r in ipairs(sim:get_nodes()) do assert.are.equal("NotReady", r.status) end
      assert(sim:run(180))
      for _, r in ipairs(sim:get_nodes()) do assert.are.equal("Ready", r.status) end
      assert.is_false(has_taint(sim, "node-2", UNREACHABLE, "NoExecute"))
   end)

   it("fail a node deleted: the Node object goes", function()
      local sim = new_sim()
      assert(sim:fail_node("node-2", { mode = "deleted" }))
      assert(sim:run(1))
      assert.is_nil(row(sim, "node-2"))
   end)
end)

describe("Simulation:get_nodes", function()
   it("gives kubectl's rows and text", function()
      local sim = new_sim()
      local t = sim:get_nodes()
      assert.are.equal(3, #t)
      assert.are.same({ name = "node-1", status = "Ready", roles = "<none>", age = "0s",
                        version = "v1.34.1" }, t[1])
      assert.matches("^NAME", tostring(t))
      assert.are.equal(sim:render("nodes"), t.text)
   end)

   it("keeps an empty VERSION cell", function()
      local c = assert(podsim.load(DATA .. "/cluster-3-nodes.yaml"))
      local t = assert(podsim.simulation(c)):get_nodes()
      assert.are.equal(3, #t)
      assert.are.same({ name = "node-c", status = "Ready", roles = "<none>", age = "0s",
                        version = "" }, t[3])
   end)
end)

describe("Simulation:report", function()
   it("is empty without failures", function()
      local sim = new_sim()
      assert(sim:run(10))
      local rep = assert(sim:report())
      assert.are.equal(10.0, rep.now)
      assert.are.same({}, rep.pods)
      assert.are.same({}, rep.workloads)
      assert.are.same({}, rep.nodes)
      assert.are.equal(sim:render("report"), rep:summary())
      assert.are.equal(rep.text, tostring(rep))
   end)

   it("reports a node failure: pods, workloads, nodes", function()
      local sim = new_sim { seed = 3,
                            node_lifecycle = { ["default-unreachable-toleration-seconds"] = 10 } }
      assert(sim:apply(DEPLOYMENT, { at = 0 }))
      assert(sim:run(30))
      local first = sim:get_pods()[1].name
      local node = assert(sim:pod_status("default/" .. first)).node
      assert(sim:fail_node(node, { at = 30 }))
      assert(sim:run("5m"))
      local rep = assert(sim:report())
      assert.are.equal(300.0, rep.now)

      assert.are.equal(1, #rep.nodes)
      local n = rep.nodes[1]
      assert.are.equal(node, n.name)
      assert.are.equal("zone-a", n.zone)
      assert.are.equal("unreachable", n.failure)
      assert.are.equal(30.0, n.failed_at)
      assert.are.equal(85.0, n.not_ready_at)
      assert.is_number(n.noexecute_taint_at)
      assert.is_nil(n.recovered_at)

      local p
      for _, e in ipairs(rep.pods) do
         if e.name == first then p = e end
      end
      assert.is_table(p)
      assert.are.equal("default", p.namespace)
      assert.are.equal(node, p.node)
      assert.are.equal("Deployment", p.workload_kind)
      assert.are.equal("web", p.workload_name)
      assert.are.equal(30.0, p.disrupted_at)
      assert.are.equal(85.0, p.not_ready_at)
      assert.are.equal("TaintManager", p.evicted_by)
      assert.is_true(p.evicted_at >= 100.0 and p.evicted_at <= 101.0)
      assert.is_string(p.replaced_by)
      assert.is_number(p.ready_again_at)
      assert.is_nil(p.stuck)

      assert.are.equal(1, #rep.workloads)
      local w = rep.workloads[1]
      assert.are.equal("Deployment", w.kind)
      assert.are.equal("web", w.name)
      assert.are.equal(2, w.desired)
      assert.are.equal(2, w.ready)
      assert.are.equal(1, w.min_ready)
      assert.are.equal(85.0, w.disrupted_at)
      assert.is_number(w.recovered_at)
      assert.is_number(w.time_below_desired)
      assert.is_true(math.abs(w.time_to_recovery - (w.recovered_at - w.disrupted_at)) < 1e-9)
      assert.is_true(#w.ready_over_time >= 2)
      local saw_drop = false
      for _, pt in ipairs(w.ready_over_time) do
         assert.is_number(pt.time)
         assert.is_number(pt.value)
         if pt.time == 85.0 and pt.value == 1 then saw_drop = true end
      end
      assert.is_true(saw_drop)

      assert.matches(node, rep:summary(), 1, true)
      assert.matches(first, tostring(rep), 1, true)
   end)

   it("is a snapshot", function()
      local sim = new_sim()
      assert(sim:fail_node("node-1", 0))
      assert(sim:run(60))
      local rep = assert(sim:report())
      assert(sim:run(120))
      assert.are.equal(60.0, rep.now)
      assert.are.equal(120.0, assert(sim:report()).now)
   end)

   it("fails on a closed simulation", function()
      local sim = new_sim()
      sim:close()
      assert.has_error(function() sim:report() end, "attempt to use a closed simulation")
      assert.has_error(function() sim:fail_node("node-1") end)
   end)
end)

describe("sigterm_exit_code", function()
   it("is checked by set_behavior", function()
      local c = assert(podsim.load((os.getenv("PODSIM_TEST_DATA") or "tests/data")
                                   .. "/sim/cluster-3-nodes.yaml"))
      local sim = assert(podsim.simulation(c, {seed = 1}))
      assert.is_true(sim:set_behavior{pod = "default/*", sigterm_exit_code = 143})
      assert.has_error(function()
         sim:set_behavior{pod = "default/*", sigterm_exit_code = 300}
      end)
   end)
end)
