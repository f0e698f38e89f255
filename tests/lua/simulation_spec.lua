-- The simulation through the Lua binding (issue 4): podsim.simulation and
-- its methods, time arguments (seconds and Go durations, parsed exactly as
-- the Python package does), applies with file:line:column errors, runs,
-- forks, events, changes, pod status, kubectl views, the working model as
-- a read-only Cluster, lifetimes, custom Lua plugins during a run, and
-- end-to-end behaviour (CrashLoopBackOff, a Deployment becoming ready).
--
-- Run from the repository root:
--   busted --lua=lua5.4 --cpath='build/?.so' tests/lua/simulation_spec.lua

if os.getenv("PODSIM_LUA_CPATH") then
   package.cpath = os.getenv("PODSIM_LUA_CPATH") .. ";" .. package.cpath
end
package.cpath = package.cpath .. ";./build/?.so"

local podsim = require "podsim"

local DATA = (os.getenv("PODSIM_TEST_DATA") or "tests/data") .. "/sim"

local NODES = [[
apiVersion: v1
kind: Node
metadata:
  name: node-a
  creationTimestamp: "2026-01-01T00:00:00Z"
  labels: {kubernetes.io/hostname: node-a, topology.kubernetes.io/zone: a}
status:
  allocatable: {cpu: "4", memory: 8Gi, pods: "110"}
  capacity: {cpu: "4", memory: 8Gi, pods: "110"}
  conditions: [{type: Ready, status: "True"}]
  images: [{names: ["busybox:1.36"], sizeBytes: 2160000}]
---
apiVersion: v1
kind: Node
metadata:
  name: node-b
  creationTimestamp: "2026-01-01T00:00:00Z"
  labels: {kubernetes.io/hostname: node-b, topology.kubernetes.io/zone: b}
status:
  allocatable: {cpu: "4", memory: 8Gi, pods: "110"}
  capacity: {cpu: "4", memory: 8Gi, pods: "110"}
  conditions: [{type: Ready, status: "True"}]
  images: [{names: ["busybox:1.36"], sizeBytes: 2160000}]
]]

local POD = [[
apiVersion: v1
kind: Pod
metadata: {name: web-0, namespace: default, labels: {app: web}}
spec:
  containers:
  - name: app
    image: busybox:1.36
    imagePullPolicy: IfNotPresent
    resources: {requests: {cpu: 500m, memory: 256Mi}}
]]

local HUGE = [[
apiVersion: v1
kind: Pod
metadata: {name: huge, namespace: default}
spec:
  containers:
  - name: app
    image: busybox:1.36
    resources: {requests: {cpu: "8"}}
]]

local DEPLOYMENT = [[
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: default}
spec:
  replicas: 3
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - name: app
        image: busybox:1.36
        imagePullPolicy: IfNotPresent
        resources: {requests: {cpu: 100m, memory: 64Mi}}
]]

local CRASHER = [[
apiVersion: v1
kind: Pod
metadata: {name: crasher, namespace: default}
spec:
  nodeName: node-a
  containers:
  - name: app
    image: busybox:1.36
    imagePullPolicy: IfNotPresent
]]

local EXACT = { exact = true, sandbox = "1s", container_start = "200ms" }

local function nodes()
   return assert(podsim.loads(NODES, "nodes.yaml"))
end

local function new_sim(options)
   return assert(podsim.simulation(nodes(), options or { seed = 7, timing = EXACT }))
end

local function count(t)
   local n = 0
   for _ in pairs(t) do n = n + 1 end
   return n
end

describe("podsim.simulation", function()
   it("starts at time 0 with the cluster's version", function()
      local sim = new_sim()
      assert.are.equal(0.0, sim:now())
      assert.are.equal(0, sim:now_ms())
      assert.are.equal("1.34", sim:kubernetes_version())
      assert.are.equal(1767225600000, sim:epoch_ms())
      assert.are.same({}, sim:events())
      assert.are.same({}, sim:changes())
      assert.matches("podsim.Simulation", tostring(sim))
   end)

   it("takes options", function()
      local cfg = assert(podsim.scheduler_config())
      local sim = assert(podsim.simulation(nodes(), {
         kubernetes_version = "1.31", seed = 3, config = cfg, quiet = true,
         timing = { sandbox = 2, container_start = 0, image_pull_bytes_per_second = "50MB",
                    max_parallel_image_pulls = 2, jitter_percent = 10, exact = false },
      }))
      assert.are.equal("1.31", sim:kubernetes_version())
   end)

   it("returns nil, message, status for an unsupported version", function()
      local sim, msg, status = podsim.simulation(nodes(), { kubernetes_version = "1.99" })
      assert.is_nil(sim)
      assert.are.equal("PODSIM_EVERSION", status)
      assert.is_string(msg)
   end)

   it("raises for programmer errors", function()
      assert.has_error(function() podsim.simulation("cluster.yaml") end)
      assert.has_error(function() podsim.simulation(nodes(), { sead = 1 }) end,
                       "unknown option 'sead'")
      assert.has_error(function() podsim.simulation(nodes(), { seed = -1 }) end)
      assert.has_error(function() podsim.simulation(nodes(), { config = {} }) end)
      assert.has_error(function() podsim.simulation(nodes(), { timing = { sandbx = 1 } }) end,
                       "unknown timing option 'sandbx'")
      assert.has_error(function() podsim.simulation(nodes(), { timing = { sandbox = "-1s" } }) end)
      assert.has_error(function() podsim.simulation(nodes(), { timing = { sandbox = "soon" } }) end)
      local c = nodes()
      c:close()
      assert.has_error(function() podsim.simulation(c) end, "attempt to use a closed cluster")
   end)

   it("copies the cluster", function()
      local c = nodes()
      local sim = assert(podsim.simulation(c))
      assert(c:loads(POD))
      assert.are.equal(0, sim:cluster():count("Pod"))
      assert.are.equal(1, c:count("Pod"))
   end)
end)

describe("time arguments", function()
   -- the same cases as tests/python/test_simulation.py: both bindings
   -- must turn a time into the same milliseconds
   local cases = {
      { 0, 0 }, { 10, 10000 }, { 1.5, 1500 }, { 0.0005, 1 }, { 0.0004, 0 },
      { "0", 0 }, { "10m", 600000 }, { "1m30s", 90000 }, { "500ms", 500 },
      { "1.5h", 5400000 }, { "1h0m0s", 3600000 }, { ".5s", 500 }, { "5.s", 5000 },
      { "+3s", 3000 }, { "1500us", 2 }, { "1499us", 1 }, { "2500000ns", 3 },
      { "1\xc2\xb5s", 0 }, { "1\xce\xbcs", 0 }, { "0.3333333333333333333h", 1200000 },
      { "2h45m10.25s", 9910250 },
   }
   for _, case in ipairs(cases) do
      it("reads " .. tostring(case[1]), function()
         local sim = new_sim()
         assert(sim:run(case[1]))
         assert.are.equal(case[2], sim:now_ms())
      end)
   end

   it("takes a table with until_", function()
      local sim = new_sim()
      assert(sim:run { until_ = "2m" })
      assert.are.equal(120.0, sim:now())
      assert.has_error(function() sim:run { untill = 1 } end)
      assert.has_error(function() sim:run() end)
   end)

   for _, bad in ipairs { "", "10", "1d", "m", ".s", "1.2.3s", "s1", "1 s", "--1s", "1e3s",
                          "99999999999999999999h", "0.0" } do
      it("rejects " .. string.format("%q", bad), function()
         local sim = new_sim()
         assert.has_error(function() sim:run(bad) end)
      end)
   end

   it("rejects other types", function()
      local sim = new_sim()
      assert.has_error(function() sim:run(true) end)
      assert.has_error(function() sim:run { until_ = {} } end)
   end)

   it("refuses a time before now as a domain failure", function()
      local sim = new_sim()
      assert(sim:run("10s"))
      local ok, msg, status = sim:run("5s")
      assert.is_nil(ok)
      assert.are.equal("PODSIM_EINVAL", status)
      assert.matches("before now", msg)
   end)
end)

describe("Simulation:apply", function()
   it("takes text, a path, a table and an array of tables", function()
      local sim = new_sim()
      assert(sim:apply(POD, { at = 0 }))
      local path = os.tmpname()
      local f = assert(io.open(path, "w"))
      f:write(HUGE)
      f:close()
      assert(sim:apply(path, { at = "1s" }))
      os.remove(path)
      local function pod(name)
         return { apiVersion = "v1", kind = "Pod",
                  metadata = { name = name, namespace = "default" },
                  spec = { containers = { { name = "c", image = "busybox:1.36" } } } }
      end
      assert(sim:apply(pod("from-table"), { at = 2 }))
      assert(sim:apply({ pod("one"), pod("two") }, { at = 3 }))
      assert(sim:run("5s"))
      local names = {}
      for _, p in ipairs(sim:cluster():pods()) do names[p.meta.name] = true end
      assert.are.same({ ["web-0"] = true, huge = true, ["from-table"] = true, one = true,
                        two = true }, names)
   end)

   it("takes effect at its time", function()
      local sim = new_sim()
      assert(sim:apply(POD, { at = "30s" }))
      assert(sim:run("29s"))
      assert.are.equal(0, sim:cluster():count("Pod"))
      assert(sim:run("30s"))
      assert.are.equal(1, sim:cluster():count("Pod"))
   end)

   it("reports parse errors with file, line and column", function()
      local sim = new_sim()
      local ok, msg, status = sim:apply("apiVersion: v1\nkind: Pod\nmetadata: {name: x\n",
                                        { name = "bad.yaml" })
      assert.is_nil(ok)
      assert.are.equal("PODSIM_EPARSE", status)
      assert.matches("^bad%.yaml:4:1: ", msg)
      ok, msg, status = sim:apply("/nonexistent/missing.yaml")
      assert.is_nil(ok)
      assert.are.equal("PODSIM_EIO", status)
      ok, msg, status = sim:apply(POD, { at = -1 })
      assert.are.equal("PODSIM_EINVAL", status)
      assert.has_error(function() sim:apply(POD, { when = 1 }) end)
      assert.has_error(function() sim:apply(true) end)
   end)
end)

describe("running", function()
   it("steps and runs until idle", function()
      local sim = new_sim()
      assert.is_true(sim:run_until_idle())
      assert(sim:apply(POD, { at = "3m" }))
      assert.is_true(sim:step())
      assert.are.equal(180.0, sim:now())
      assert.are.equal("boolean", type(sim:run_until_idle { limit = "1h" }))
      local quiet = new_sim()
      assert(quiet:run_until_idle("1m"))
      while quiet:step() do end
      assert.is_false(quiet:step())
   end)

   it("forks independent branches", function()
      local sim = new_sim()
      assert(sim:apply(POD))
      assert(sim:run("5s"))
      local child = assert(sim:fork())
      assert.are.equal(sim:now(), child:now())
      assert.are.equal(sim:event_log(), child:event_log())
      assert(child:apply(HUGE))
      assert(child:run("1m"))
      assert.are.equal(5.0, sim:now())
      assert.are.equal(1, sim:cluster():count("Pod"))
      assert.are.equal(2, child:cluster():count("Pod"))
      assert.is_nil(sim:event_log():find("huge", 1, true))
   end)

   it("replays equal runs from equal inputs", function()
      local logs = {}
      for i = 1, 2 do
         local sim = assert(podsim.simulation(nodes(), { seed = 3, timing = { jitter_percent = 20 } }))
         assert(sim:apply(DEPLOYMENT))
         assert(sim:set_behavior { pod = "default/web-*", run = "crash", after = "3s", jitter = "2s" })
         assert(sim:run("10m"))
         logs[i] = sim:event_log()
      end
      assert.are.equal(logs[1], logs[2])
   end)

   it("keeps a fork alive after its parent closes", function()
      local sim = new_sim()
      assert(sim:apply(POD))
      local child = assert(sim:fork())
      sim:close()
      sim = nil
      collectgarbage()
      assert(child:run("1m"))
      assert.are.equal(1, child:cluster():count("Pod"))
   end)
end)

describe("events and changes", function()
   it("have the fields of the Python Event and Change", function()
      local sim = new_sim()
      assert(sim:apply(HUGE))
      assert(sim:run("1m"))
      local events = sim:events()
      assert.is_true(#events > 0)
      local lines = 0
      for _ in sim:event_log():gmatch("[^\n]+") do lines = lines + 1 end
      assert.are.equal(#events, lines)
      for _, e in ipairs(events) do
         assert.are.equal("number", type(e.time))
         assert.is_true(e.first_time <= e.time)
         assert.is_true(math.type(e.count) == "integer" and e.count >= 1)
         assert.are.equal(e.kind:lower() .. "/" .. e.name, e.object)
         for _, f in ipairs { "type", "reason", "source", "message", "namespace",
                              "field_path", "host" } do
            assert.are.equal("string", type(e[f]))
         end
         assert.are.equal(15 - 1, count(e)) -- 14 fields
      end
      local failed
      for _, e in ipairs(events) do
         if e.reason == "FailedScheduling" then failed = failed or e end
      end
      assert.is_not_nil(failed)
      assert.are.equal("pod/huge", failed.object)
      assert.are.equal("Warning", failed.type)
      assert.are.equal("default-scheduler", failed.source)
      assert.matches("Insufficient cpu", failed.message)
      local later = sim:events(2)
      assert.are.equal(#events - 1, #later)
      assert.are.same(events[2], later[1])
   end)

   it("give a pod's timeline", function()
      local sim = new_sim()
      assert(sim:apply(HUGE, { at = "2s" }))
      assert(sim:run("1m"))
      local tl = sim:timeline("default/huge")
      assert.is_true(#tl > 0)
      local fields = {}
      for _, c in ipairs(tl) do
         assert.is_true(c.time >= 2.0)
         assert.are.equal("Pod", c.kind)
         fields[c.field] = c.value
      end
      assert.are.equal("False", fields["condition/PodScheduled"])
      assert.are.equal("Pending", fields.status)
      assert.are.same(tl, sim:timeline("huge"))
      assert.are.same({}, sim:timeline("default/huge", "Deployment"))
      assert.are.equal(#sim:changes(), #sim:timeline("default/huge", "*"))
   end)

   it("are not kept when quiet", function()
      local sim = new_sim { quiet = true }
      assert(sim:apply(HUGE))
      assert(sim:run("1m"))
      assert.are.same({}, sim:events())
      assert.are.equal("", sim:event_log())
      assert.is_true(sim:stats().events_processed > 0)
   end)
end)

describe("pod status and views", function()
   it("describes an unschedulable pod", function()
      local sim = new_sim()
      assert(sim:apply(HUGE))
      assert(sim:run("30s"))
      local st = assert(sim:pod_status("default/huge"))
      assert.are.equal("Pending", st.phase)
      assert.are.equal("Pending", st.status)
      assert.are.equal("0/1", st.ready)
      assert.are.equal(0, st.restarts)
      assert.is_nil(st.node)
      assert.is_false(st.is_ready)
      assert.are.equal("False", st.conditions.PodScheduled.status)
      assert.are.equal("Unschedulable", st.conditions.PodScheduled.reason)
      local ok, msg, status = sim:pod_status("default/nope")
      assert.is_nil(ok)
      assert.are.equal("PODSIM_ENOTFOUND", status)
   end)

   it("lists pods in kubectl's order, rows and text", function()
      local sim = new_sim()
      assert(sim:apply(HUGE))
      assert(sim:apply((POD:gsub("web%-0", "a-first"))))
      assert(sim:run("20s"))
      local pods = sim:get_pods()
      assert.are.equal(2, #pods)
      assert.are.equal("a-first", pods[1].name)
      assert.are.equal("huge", pods[2].name)
      assert.are.same({ namespace = "default", name = "huge", ready = "0/1",
                        status = "Pending", restarts = "0", age = "20s" }, pods[2])
      assert.are.equal(sim:render("pods"), tostring(pods))
      assert.are.equal(pods.text, tostring(pods))
      assert.matches("^NAMESPACE", tostring(pods))
   end)

   it("renders views", function()
      local sim = new_sim()
      assert(sim:apply(HUGE))
      assert(sim:run("10s"))
      assert.are.equal(sim:event_log(), sim:render("event-log"))
      assert.are.equal("string", type(sim:render()))
      assert.are.equal(sim:get_nodes().text, sim:render("nodes")) -- issue 5
      assert.has_error(function() sim:render("node-requests") end)
      assert.are.equal("string", type(assert(sim:describe("default/huge"))))
      local ok, _, status = sim:describe("default/nope")
      assert.is_nil(ok)
      assert.are.equal("PODSIM_ENOTFOUND", status)
   end)
end)

describe("Simulation:cluster", function()
   it("reads like a cluster and follows the run", function()
      local sim = new_sim()
      local c = sim:cluster()
      assert.are.equal(0, c:count("Pod"))
      assert(sim:apply(HUGE))
      assert(sim:run("30s"))
      assert.are.equal(1, c:count("Pod"))
      assert.are.equal("huge", c:pod("default/huge").meta.name)
      assert.is_false(c:pod("default/huge").removed)
      assert.matches("NAME", c:render("pods"))
      local r = assert(c:schedule("default/huge", { explain = true }))
      assert.is_nil(r.node)
      assert.matches("Insufficient cpu", r.message)
   end)

   it("is read-only", function()
      local sim = new_sim()
      assert(sim:apply(HUGE))
      assert(sim:run("1s"))
      local c = sim:cluster()
      assert.has_error(function() c:loads(POD) end)
      assert.has_error(function() c:load(DATA .. "/cluster-3-nodes.yaml") end)
      assert.has_error(function() c:schedule_pending() end)
      assert.has_error(function() c:schedule("default/huge", { bind = true }) end)
      assert.has_error(function() c:schedule((POD:gsub("web%-0", "probe"))) end)
   end)

   it("keeps the simulation alive and closes with it", function()
      local sim = new_sim()
      assert(sim:apply(POD))
      assert(sim:run("1s"))
      local c = sim:cluster()
      sim = nil
      collectgarbage()
      collectgarbage()
      assert.are.equal(1, c:count("Pod"))
      local sim2 = new_sim()
      local c2 = sim2:cluster()
      sim2:close()
      sim2:close() -- idempotent
      assert.has_error(function() c2:count("Pod") end,
                       "attempt to use the cluster of a closed simulation")
      assert.has_error(function() sim2:now() end, "attempt to use a closed simulation")
      assert.matches("closed", tostring(sim2))
      assert.matches("closed", tostring(c2))
      c2:close() -- a view only detaches
   end)

   it("works with <close>", function()
      local view
      do
         local sim <close> = new_sim()
         view = sim:cluster()
      end
      assert.has_error(function() view:count("Pod") end)
   end)
end)

describe("behaviours, images, deletion, scenarios", function()
   it("checks set_behavior", function()
      local sim = new_sim()
      assert(sim:set_behavior { pod = "default/web-*", container = "app", run = "crash",
                                after = "2s", exit_code = 3, ready_after = 1.5,
                                probes = { liveness = "SSF", readiness = "S" },
                                handles_sigterm = false, jitter = "100ms" })
      assert(sim:set_behavior { run = "oom", after = 10 })
      assert.has_error(function() sim:set_behavior { run = "explode" } end)
      assert.has_error(function() sim:set_behavior { probes = { alive = "S" } } end)
      assert.has_error(function() sim:set_behavior { colour = "red" } end)
      assert.has_error(function() sim:set_behavior { after = "two seconds" } end)
      local ok, msg, status = sim:set_behavior { probes = { liveness = "SXF" } }
      assert.is_nil(ok)
      assert.are.equal("PODSIM_EINVAL", status)
      assert.matches("S %(success%) and F", msg)
   end)

   it("registers images", function()
      local sim = new_sim()
      assert(sim:set_image("example.com/app:v2", "500MB"))
      assert(sim:set_image("example.com/app:v3", 123))
      assert(sim:set_image("example.com/typo:v1", { missing = true }))
      assert(sim:set_image("example.com/app:v4", { size = "1GiB" }))
      assert.has_error(function() sim:set_image("x", "big") end)
      local ok, _, status = sim:set_image("", 1)
      assert.is_nil(ok)
      assert.are.equal("PODSIM_EINVAL", status)
   end)

   it("deletes pods", function()
      local sim = new_sim()
      assert(sim:apply(POD))
      assert(sim:run("1s"))
      local ok, _, status = sim:delete_pod("default/nope")
      assert.is_nil(ok)
      assert.are.equal("PODSIM_ENOTFOUND", status)
      assert.has_error(function() sim:delete_pod("default/web-0", { grace = "1.5s" }) end)
      ok, _, status = sim:delete_pod("default/web-0", { grace = 5, force = true })
      assert.are.equal("PODSIM_EINVAL", status)
      assert(sim:delete_pod("web-0", { at = "10s", force = true }))
      assert(sim:run("11s"))
      assert.is_nil((sim:pod_status("default/web-0")))
      assert.are.equal(0, #sim:get_pods())
   end)

   local SCENARIO = [[
apiVersion: podsim.dev/v1alpha1
kind: Scenario
timing: {sandbox: 1s}
images:
- {name: "example.com/app:v2", size: 500MB}
behaviors:
- pod: "default/web-*"
  container: app
  run: crash
  after: 2s
]]

   it("loads scenarios and reports their errors' position", function()
      local sim = new_sim()
      assert(sim:load_scenario(SCENARIO))
      local ok, msg, status = sim:load_scenario((SCENARIO:gsub("run: crash", "run: explode")),
                                                "scenario.yaml")
      assert.is_nil(ok)
      assert.are.equal("PODSIM_EINVAL", status)
      assert.matches("^scenario%.yaml:9:8: ", msg)
      ok, _, status = sim:load_scenario("/nonexistent/scenario.yaml")
      assert.are.equal("PODSIM_EIO", status)
   end)
end)

describe("custom plugins during a run", function()
   local PROFILE = [[
apiVersion: kubescheduler.config.k8s.io/v1
kind: KubeSchedulerConfiguration
profiles:
- schedulerName: default-scheduler
  plugins:
    filter:
      enabled: [{name: %s}]
]]

   it("run on the simulation's pods", function()
      local cfg = assert(podsim.scheduler_config { yaml = PROFILE:format("OnlyB") })
      local seen = {}
      assert(cfg:register_plugin("OnlyB", function(pod, node)
         seen[#seen + 1] = pod.meta.name .. "@" .. node.meta.name
         return node.meta.name == "node-b" or "not node-b"
      end))
      local sim = assert(podsim.simulation(nodes(), { config = cfg, timing = EXACT }))
      assert(sim:apply(POD))
      assert(sim:run("1m"))
      assert.is_true(#seen > 0)
      assert.are.equal("node-b", sim:cluster():pod("default/web-0").spec.node_name)
   end)

   it("report an error after the run", function()
      local cfg = assert(podsim.scheduler_config { yaml = PROFILE:format("Boom") })
      assert(cfg:register_plugin("Boom", function() error("kaboom") end))
      local sim = assert(podsim.simulation(nodes(), { config = cfg }))
      assert(sim:apply(POD))
      local ok, msg, status = sim:run("1m")
      assert.is_nil(ok)
      assert.are.equal("PODSIM_EINVAL", status)
      assert.matches("plugin Boom: .*kaboom", msg)
      assert.are.equal(60.0, sim:now()) -- the run went on
   end)

   it("cannot change the simulation from a callback", function()
      local cfg = assert(podsim.scheduler_config { yaml = PROFILE:format("Sneaky") })
      local sim
      assert(cfg:register_plugin("Sneaky", function() sim:run("1h") return true end))
      sim = assert(podsim.simulation(nodes(), { config = cfg }))
      assert(sim:apply(POD))
      local ok, msg = sim:run("1m")
      assert.is_nil(ok)
      assert.matches("during its run", msg)
   end)

   it("refuse a closed config", function()
      local cfg = assert(podsim.scheduler_config())
      local sim = assert(podsim.simulation(nodes(), { config = cfg }))
      cfg:close()
      assert.has_error(function() sim:run("1s") end, "attempt to use a closed scheduler config")
   end)
end)

describe("end to end", function()
   it("shows CrashLoopBackOff for a crashing container", function()
      local sim = new_sim()
      assert(sim:set_behavior { pod = "default/crasher", container = "app", run = "crash",
                                after = "2s" })
      assert(sim:apply(CRASHER))
      assert(sim:run("5m"))
      local st = assert(sim:pod_status("default/crasher"))
      assert.are.equal("Running", st.phase)
      assert.are.equal("CrashLoopBackOff", st.status)
      assert.is_true(st.restarts >= 3)
      local app = st.containers[1]
      assert.are.equal("app", app.name)
      assert.are.equal("terminated", app.last_state)
      assert.are.equal(1, app.last_exit_code)
      assert.are.equal(st.restarts, app.restart_count)
      local backoff = false
      for _, e in ipairs(sim:events()) do
         if e.object == "pod/crasher" and e.reason == "BackOff" then backoff = true end
      end
      assert.is_true(backoff)
   end)

   it("brings a Deployment to its ready replicas", function()
      local sim = new_sim()
      assert(sim:apply(DEPLOYMENT, { at = 0 }))
      assert(sim:run("2m"))
      local d = assert(sim:cluster():get("Deployment", "default/web"))
      assert.are.equal(3, d.status_ready_replicas)
      local n = 0
      for _, row in ipairs(sim:get_pods()) do
         if row.name:match("^web%-") then
            n = n + 1
            assert.are.equal("Running", row.status)
            assert.are.equal("1/1", row.ready)
         end
      end
      assert.are.equal(3, n)
      local last
      for _, c in ipairs(sim:timeline("default/web", "Deployment")) do
         if c.field == "readyReplicas" then last = c.value end
      end
      assert.are.equal("3", last)
   end)
end)
