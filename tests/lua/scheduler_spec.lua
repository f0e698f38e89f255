-- Scheduling through the Lua binding: scheduler configs, cluster:schedule
-- (one pod, every way of naming it), explanations, the pending queue,
-- preemption, custom Lua plugins and their errors, and the shared
-- scheduler fixtures of tests/data/scheduler (the same cases the C and
-- Python suites run).
--
-- Run from the repository root:
--   busted --lua=lua5.4 --cpath='build/?.so' tests/lua/scheduler_spec.lua

if os.getenv("PODSIM_LUA_CPATH") then
   package.cpath = os.getenv("PODSIM_LUA_CPATH") .. ";" .. package.cpath
end
package.cpath = package.cpath .. ";./build/?.so"

local podsim = require "podsim"

local DATA = (os.getenv("PODSIM_TEST_DATA") or "tests/data") .. "/scheduler"

local TAINT_REASON =
   "node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }"

-- Three nodes: big (4 cpu, 1 already requested), small (2 cpu) and a
-- control-plane node with the usual NoSchedule taint.
local CLUSTER = [[
apiVersion: v1
kind: Node
metadata:
  name: big
  labels: {kubernetes.io/hostname: big, topology.kubernetes.io/zone: z1}
status:
  allocatable: {cpu: "4", memory: 8Gi, pods: "110"}
---
apiVersion: v1
kind: Node
metadata:
  name: small
  labels: {kubernetes.io/hostname: small, topology.kubernetes.io/zone: z2,
           gpu: "true"}
status:
  allocatable: {cpu: "2", memory: 4Gi, pods: "110"}
---
apiVersion: v1
kind: Node
metadata:
  name: control
  labels: {kubernetes.io/hostname: control, topology.kubernetes.io/zone: z1}
spec:
  taints:
  - {key: node-role.kubernetes.io/control-plane, effect: NoSchedule}
status:
  allocatable: {cpu: "8", memory: 16Gi, pods: "110"}
---
apiVersion: v1
kind: Pod
metadata: {name: running, namespace: default}
spec:
  nodeName: big
  containers:
  - name: app
    image: nginx
    resources: {requests: {cpu: "1", memory: 1Gi}}
status: {phase: Running}
---
apiVersion: v1
kind: Pod
metadata: {name: web, namespace: default, labels: {app: web}}
spec:
  containers:
  - name: app
    image: nginx
    resources: {requests: {cpu: 500m, memory: 256Mi}}
---
apiVersion: v1
kind: Pod
metadata: {name: huge, namespace: default}
spec:
  containers:
  - name: app
    image: nginx
    resources: {requests: {cpu: "16"}}
]]

local POD_YAML = [[
apiVersion: v1
kind: Pod
metadata: {name: from-text, namespace: default}
spec:
  containers:
  - name: app
    image: nginx
    resources: {requests: {cpu: 100m}}
]]

local function pod_table(name, cpu)
   return {
      apiVersion = "v1",
      kind = "Pod",
      metadata = { name = name, namespace = "default" },
      spec = {
         containers = {
            { name = "app", image = "nginx",
              resources = { requests = { cpu = cpu } } },
         },
      },
   }
end

local function cluster()
   return assert(podsim.loads(CLUSTER, "cluster.yaml"))
end

local function keys(t)
   local out = {}
   for k in pairs(t) do out[#out + 1] = k end
   table.sort(out)
   return out
end

local function sorted(t)
   local out = {}
   for i, v in ipairs(t) do out[i] = v end
   table.sort(out)
   return out
end

local function read_file(path)
   local f = io.open(path, "rb")
   if not f then return nil end
   local text = f:read("a")
   f:close()
   return text
end

-- A configuration whose default profile also runs `plugins` (custom ones)
-- at filter and/or score.
local function config_with(filter, score)
   local function names(list)
      local out = {}
      for i, p in ipairs(list or {}) do
         out[i] = type(p) == "table" and p or { name = p }
      end
      return out
   end
   local plugins = {}
   if filter then plugins.filter = { enabled = names(filter) } end
   if score then plugins.score = { enabled = names(score) } end
   return assert(podsim.scheduler_config {
      apiVersion = "kubescheduler.config.k8s.io/v1",
      kind = "KubeSchedulerConfiguration",
      profiles = { { schedulerName = "default-scheduler", plugins = plugins } },
   })
end

describe("podsim.scheduler_config", function()
   it("defaults to the default profile", function()
      local cfg <close> = assert(podsim.scheduler_config())
      assert.are.same({ "default-scheduler" }, cfg:profiles())
      local text = assert(cfg:describe())
      assert.is_truthy(text:find("TaintToleration(3)", 1, true), text)
      assert.is_truthy(text:find("NodeResourcesFit", 1, true), text)
      assert.are.equal(text, cfg:describe("default-scheduler"))
      assert.matches("podsim.SchedulerConfig %(1 profiles%)", tostring(cfg))
   end)

   it("loads a file, text and a table to the same profiles", function()
      local path = DATA .. "/config-multi-profile.yaml"
      local text = read_file(path)
      if not text then
         pending(path .. " not found")
         return
      end
      local a = assert(podsim.scheduler_config(path))
      local b = assert(podsim.scheduler_config { yaml = text })
      assert.are.same({ "default-scheduler", "bin-packing" }, a:profiles())
      assert.are.same(a:profiles(), b:profiles())
      assert.are.equal(a:describe("bin-packing"), b:describe("bin-packing"))
      assert.is_truthy(
         a:describe("bin-packing"):find("NodeResourcesFit(5)", 1, true))

      local c = assert(podsim.scheduler_config {
         apiVersion = "kubescheduler.config.k8s.io/v1",
         kind = "KubeSchedulerConfiguration",
         profiles = {
            { schedulerName = "default-scheduler" },
            { schedulerName = "bin-packing",
              plugins = { score = {
                 enabled = { { name = "NodeResourcesFit", weight = 5 } },
                 disabled = { { name = "PodTopologySpread" } } } } },
         },
      })
      assert.are.same(a:profiles(), c:profiles())
      -- the args differ (MostAllocated), the plugin lists do not
      assert.are.equal(a:describe("bin-packing"), c:describe("bin-packing"))
   end)

   it("reports invalid configurations as nil, message, status", function()
      local cfg, msg, status = podsim.scheduler_config {
         yaml = "apiVersion: kubescheduler.config.k8s.io/v9\n" ..
                "kind: KubeSchedulerConfiguration\n",
         source = "sched.yaml",
      }
      assert.is_nil(cfg)
      assert.matches("^sched%.yaml", msg)
      assert.is_string(status)
      assert.matches("^PODSIM_E", status)

      cfg, msg, status = podsim.scheduler_config("/no/such/file.yaml")
      assert.is_nil(cfg)
      assert.matches("/no/such/file.yaml", msg, 1, true)
      assert.are.equal("PODSIM_EIO", status)
   end)

   it("leaves a config unchanged when a load fails", function()
      local cfg = assert(podsim.scheduler_config())
      local before = cfg:describe()
      local ok, msg, status = cfg:load_string("profiles: [", "broken.yaml")
      assert.is_nil(ok)
      assert.matches("^broken%.yaml", msg)
      assert.are.equal("PODSIM_EPARSE", status)
      assert.are.equal(before, cfg:describe())
      assert.is_true(cfg:load_string {
         apiVersion = "kubescheduler.config.k8s.io/v1",
         kind = "KubeSchedulerConfiguration",
         profiles = { { schedulerName = "other" } },
      })
      assert.are.same({ "other" }, cfg:profiles())
      local text, _, st = cfg:describe("default-scheduler")
      assert.is_nil(text)
      assert.are.equal("PODSIM_ENOTFOUND", st)
   end)

   it("closes once and raises when used closed", function()
      local cfg = assert(podsim.scheduler_config())
      assert.is_true(cfg:close())
      assert.is_true(cfg:close())
      assert.has_error(function() cfg:profiles() end,
                       "attempt to use a closed scheduler config")
      assert.matches("closed", tostring(cfg))
   end)

   it("raises on arguments of the wrong type", function()
      assert.has_error(function() podsim.scheduler_config(42) end)
      assert.has_error(function()
         podsim.scheduler_config { yaml = "x", colour = "red" }
      end, "unknown option 'colour'")
      assert.has_error(function()
         podsim.scheduler_config { profiles = { print } }
      end, "cannot encode a function value as JSON")
   end)
end)

describe("cluster:schedule", function()
   it("takes a key, an id, a view, YAML/JSON text or a table", function()
      local c <close> = cluster()
      local by_key = assert(c:schedule("default/web"))
      assert.are.equal("default/web", by_key.pod)
      assert.are.equal("default-scheduler", by_key.profile)
      assert.is_string(by_key.node)
      assert.are.equal("", by_key.message)
      assert.is_false(by_key.bound)
      assert.is_false(by_key.gated)
      assert.are.equal(3, by_key.node_count)

      local view = assert(c:pod("default/web"))
      assert.are.equal("default/web", assert(c:schedule(view)).pod)
      assert.are.equal("default/web", assert(c:schedule(view.id)).pod)
      assert.are.equal("default/web", assert(c:schedule("web")).pod)

      local pods = c:count("Pod")
      local r = assert(c:schedule(POD_YAML))
      assert.are.equal("default/from-text", r.pod)
      assert.is_string(r.node)
      local json = '{"apiVersion":"v1","kind":"Pod","metadata":' ..
                   '{"name":"from-json"},"spec":{"containers":' ..
                   '[{"name":"a","image":"x"}]}}'
      assert.are.equal("default/from-json", assert(c:schedule(json)).pod)
      r = assert(c:schedule(pod_table("from-table", "250m")))
      assert.are.equal("default/from-table", r.pod)
      assert.is_string(r.node)
      -- without bind the model is exactly as before
      assert.are.equal(pods, c:count("Pod"))
   end)

   it("reports unknown pods and bad pod text", function()
      local c <close> = cluster()
      local r, msg, status = c:schedule("default/nope")
      assert.is_nil(r)
      assert.is_string(msg)
      assert.are.equal("PODSIM_ENOTFOUND", status)
      r, msg, status = c:schedule(99)
      assert.is_nil(r)
      assert.are.equal("Pod id 99 not found", msg)
      assert.are.equal("PODSIM_ENOTFOUND", status)
      r, msg, status = c:schedule("kind: Pod\nmetadata: [\n")
      assert.is_nil(r)
      assert.is_string(msg)
      assert.are.equal("PODSIM_EPARSE", status)
   end)

   it("raises on bad options", function()
      local c <close> = cluster()
      assert.has_error(function() c:schedule() end)
      assert.has_error(function() c:schedule("web", { colour = 1 }) end,
                       "unknown option 'colour'")
      assert.has_error(function() c:schedule("web", { config = {} }) end,
                       "option 'config' must be a SchedulerConfig")
      assert.has_error(function() c:schedule("web", { seed = "x" }) end,
                       "option 'seed' must be an integer")
      assert.has_error(function() c:schedule("web", { profile = 1 }) end,
                       "option 'profile' must be a string")
   end)

   it("explains filters and scores per node and plugin", function()
      local c <close> = cluster()
      local r = assert(c:schedule("default/web",
                                  { explain = true, exhaustive = true }))
      assert.are.same({ "big", "small" }, sorted(r.feasible))
      assert.are.same({ "control" }, keys(r.filters))
      local f = r.filters.control
      assert.are.equal("control", f.node)
      assert.are.equal("TaintToleration", f.plugin)
      assert.are.equal("UnschedulableAndUnresolvable", f.status)
      assert.are.same({ TAINT_REASON }, f.reasons)

      assert.are.same({ "big", "small" }, keys(r.scores))
      assert.is_true(#r.score_plugins > 0)
      for node, plugins in pairs(r.scores) do
         local total = 0
         for _, name in ipairs(r.score_plugins) do
            local s = assert(plugins[name], node .. " " .. name)
            assert.are.equal(name, s.plugin)
            assert.is_true(s.score >= 0 and s.score <= 100)
            assert.are.equal(s.score * s.weight, s.weighted)
            assert.is_boolean(s.skipped)
            assert.are.equal("number", type(s.raw))
            total = total + s.weighted
         end
         assert.are.equal(total, r.totals[node])
      end
      assert.are.equal(3, r.scores.big.TaintToleration.weight)
      -- the chosen node is among the nodes tied at the top total
      local best = math.max(r.totals.big, r.totals.small)
      for _, n in ipairs(r.top_nodes) do
         assert.are.equal(best, r.totals[n])
      end
      assert.is_truthy(r.node == r.top_nodes[1] or r.node == r.top_nodes[2])
   end)

   it("leaves explanations empty without explain", function()
      local c <close> = cluster()
      local r = assert(c:schedule("default/web"))
      assert.are.same({}, r.filters)
      assert.are.same({}, r.scores)
      assert.are.same({}, r.totals)
   end)

   it("writes kube-scheduler's FailedScheduling message", function()
      local c <close> = cluster()
      local r = assert(c:schedule("default/huge",
                                  { explain = true, preemption = false }))
      assert.is_nil(r.node)
      assert.is_nil(r.preemption)
      assert.are.same({}, r.feasible)
      assert.are.equal("0/3 nodes are available: 1 " .. TAINT_REASON ..
                       ", 2 Insufficient cpu.", r.message)
      -- the same text from the explanation, through fit_error_format
      assert.are.equal(r.message, podsim.fit_error_format(3, r.filters))
      assert.are.equal("Insufficient cpu", r.filters.big.reasons[1])
      assert.are.equal("NodeResourcesFit", r.filters.big.plugin)
      -- 16 cpu exceed the allocatable itself: UnschedulableAndUnresolvable
      -- from the versions where upstream marks that case unresolvable
      assert.is_truthy(r.filters.big.status == "Unschedulable" or
                       r.filters.big.status == "UnschedulableAndUnresolvable")
   end)

   it("binds when asked, so later calls see the pod", function()
      local c <close> = cluster()
      local r = assert(c:schedule("default/web", { bind = true }))
      assert.is_true(r.bound)
      assert.are.equal(r.node, c:pod("default/web").spec.node_name)

      local pods = c:count("Pod")
      r = assert(c:schedule(POD_YAML, { bind = true }))
      assert.is_true(r.bound)
      assert.are.equal(pods + 1, c:count("Pod"))
      assert.are.equal(r.node, c:pod("default/from-text").spec.node_name)
   end)

   it("chooses the same node for the same seed", function()
      local a <close> = cluster()
      local b <close> = cluster()
      for seed = 1, 5 do
         local ra = assert(a:schedule(pod_table("p", "0"), { seed = seed }))
         local rb = assert(b:schedule(pod_table("p", "0"), { seed = seed }))
         assert.are.equal(ra.node, rb.node)
      end
   end)

   it("schedules with a named profile of a config", function()
      local c <close> = cluster()
      local path = DATA .. "/config-multi-profile.yaml"
      if not read_file(path) then
         pending(path .. " not found")
         return
      end
      local cfg = assert(podsim.scheduler_config(path))
      local r = assert(c:schedule("default/web", {
         config = cfg, profile = "bin-packing", explain = true,
      }))
      assert.are.equal("bin-packing", r.profile)
      assert.are.equal(5, r.scores[r.node].NodeResourcesFit.weight)
      assert.is_nil(r.scores[r.node].PodTopologySpread)
      local none, msg, status = c:schedule("default/web", {
         config = cfg, profile = "nobody",
      })
      assert.is_nil(none)
      assert.is_string(msg)
      assert.are.equal("PODSIM_ENOTFOUND", status)
   end)
end)

describe("preemption", function()
   local CROWDED = [[
apiVersion: v1
kind: Node
metadata: {name: only, labels: {kubernetes.io/hostname: only}}
status:
  allocatable: {cpu: "2", memory: 4Gi, pods: "110"}
---
apiVersion: v1
kind: Pod
metadata: {name: low, namespace: default}
spec:
  nodeName: only
  priority: 0
  containers:
  - {name: app, image: x, resources: {requests: {cpu: "2"}}}
status: {phase: Running}
---
apiVersion: v1
kind: Pod
metadata: {name: urgent, namespace: default}
spec:
  priority: 1000
  containers:
  - {name: app, image: x, resources: {requests: {cpu: "2"}}}
]]

   it("names the nominated node and the victims", function()
      local c <close> = assert(podsim.loads(CROWDED))
      local r = assert(c:schedule("default/urgent"))
      assert.is_nil(r.node)
      assert.matches("^0/1 nodes are available: 1 Insufficient cpu%.", r.message)
      assert.are.same({ node = "only", victims = { "default/low" },
                        pdb_violations = 0 }, r.preemption)
      r = assert(c:schedule("default/urgent", { preemption = false }))
      assert.is_nil(r.preemption)
      assert.are.equal("0/1 nodes are available: 1 Insufficient cpu.",
                       r.message)
   end)
end)

describe("cluster:schedule_pending", function()
   it("places the queue, binding as it goes", function()
      local c <close> = cluster()
      local placements = assert(c:schedule_pending { explain = true })
      assert.are.equal(2, #placements)
      assert.are.equal(1, placements.scheduled)
      assert.are.equal(1, placements.unschedulable)
      assert.are.equal(0, placements.gated)
      local by_pod = {}
      for _, r in ipairs(placements) do by_pod[r.pod] = r end
      assert.is_true(by_pod["default/web"].bound)
      assert.are.equal(by_pod["default/web"].node,
                       c:pod("default/web").spec.node_name)
      assert.is_nil(by_pod["default/huge"].node)
      assert.matches("^0/3 nodes are available:", by_pod["default/huge"].message)
      assert.is_table(by_pod["default/huge"].filters.big)
      -- nothing left to do
      placements = assert(c:schedule_pending())
      assert.are.equal(1, #placements)
      assert.are.equal("default/huge", placements[1].pod)
   end)

   it("refuses the options of a single pod", function()
      local c <close> = cluster()
      assert.has_error(function() c:schedule_pending { bind = true } end,
                       "unknown option 'bind'")
      assert.has_error(function() c:schedule_pending { profile = "x" } end,
                       "unknown option 'profile'")
   end)
end)

describe("custom Lua plugins", function()
   it("filter and score like built-in plugins, in the explanation", function()
      local calls = 0
      assert.is_true(podsim.register_plugin {
         name = "NeedsGpu",
         filter = function(pod, node)
            calls = calls + 1
            assert.are.equal("table", type(pod.meta))
            if node.meta.labels.gpu == "true" then return true end
            return false, "node(s) had no GPU"
         end,
      })
      assert.is_true(podsim.register_plugin {
         name = "PreferSmall",
         score = function(pod, node)
            return node.meta.name == "small" and 100 or 10
         end,
         weight = 7,
      })
      local c <close> = cluster()
      local cfg = config_with({ "NeedsGpu" }, { "PreferSmall" })
      local text = cfg:describe()
      assert.is_truthy(text:find("NeedsGpu", 1, true), text)
      assert.is_truthy(text:find("PreferSmall(7)", 1, true), text)

      local r = assert(c:schedule("default/web", {
         config = cfg, explain = true, exhaustive = true,
      }))
      assert.is_true(calls >= 1)
      assert.are.equal("small", r.node)
      assert.are.same({ "small" }, r.feasible)
      assert.are.equal("NeedsGpu", r.filters.big.plugin)
      assert.are.equal("Unschedulable", r.filters.big.status)
      assert.are.same({ "node(s) had no GPU" }, r.filters.big.reasons)
      local s = r.scores.small.PreferSmall
      assert.are.same({ plugin = "PreferSmall", raw = 100, score = 100,
                        weighted = 700, weight = 7, skipped = false }, s)

      -- a pod that only "big" has room for counts the plugin's reason in
      -- its message (filters run in profile order, the custom one last)
      r = assert(c:schedule(pod_table("three", "3"), {
         config = cfg, preemption = false, exhaustive = true,
      }))
      assert.is_nil(r.node)
      assert.are.equal("0/3 nodes are available: 1 Insufficient cpu, " ..
                       "1 node(s) had no GPU, 1 " .. TAINT_REASON .. ".",
                       r.message)
   end)

   it("take a status and default their reason", function()
      assert.is_true(podsim.register_plugin {
         name = "NoBig",
         filter = function(_, node)
            if node.meta.name == "big" then
               return false, nil, "UnschedulableAndUnresolvable"
            end
            return nil -- fits, as Python's None
         end,
      })
      local c <close> = cluster()
      local r = assert(c:schedule("default/web", {
         config = config_with { "NoBig" }, explain = true, exhaustive = true,
      }))
      assert.are.equal("small", r.node)
      assert.are.equal("UnschedulableAndUnresolvable", r.filters.big.status)
      assert.are.same({ "node(s) rejected by NoBig" },
                      r.filters.big.reasons)

      assert.is_true(podsim.register_plugin {
         name = "NoSmall",
         filter = function(_, node)
            if node.meta.name == "small" then return false, "tiny", true end
            return "too big"
         end,
      })
      r = assert(c:schedule("default/web", {
         config = config_with { "NoSmall" }, explain = true, exhaustive = true,
      }))
      assert.is_nil(r.node)
      assert.are.same({ status = "UnschedulableAndUnresolvable",
                        plugin = "NoSmall", node = "small",
                        reasons = { "tiny" } }, r.filters.small)
      assert.are.same({ status = "Unschedulable", plugin = "NoSmall",
                        node = "big", reasons = { "too big" } },
                      r.filters.big)
   end)

   it("turn a Lua error into nil, message, status", function()
      assert.is_true(podsim.register_plugin {
         name = "Boom",
         score = function() error("boom") end,
      })
      local c <close> = cluster()
      local cfg = config_with(nil, { "Boom" })
      local r, msg, status = c:schedule("default/web", { config = cfg })
      assert.is_nil(r)
      assert.matches("Boom", msg, 1, true)
      assert.matches("boom", msg, 1, true)
      assert.matches("^PODSIM_E", status)
      -- a non-string error object and a bad return value
      podsim.register_plugin { name = "Boom", score = function() error({}) end }
      r, msg = c:schedule("default/web", { config = cfg })
      assert.is_nil(r)
      assert.matches("(error object is a table value)", msg, 1, true)
      podsim.register_plugin { name = "Boom", score = function() return "x" end }
      r, msg = c:schedule("default/web", { config = cfg })
      assert.is_nil(r)
      assert.matches("score must return an integer, not string", msg, 1, true)
      podsim.register_plugin { name = "Boom", score = function() return 1.5 end }
      r, msg = c:schedule("default/web", { config = cfg })
      assert.is_nil(r)
      assert.matches("not a fraction", msg, 1, true)
      podsim.register_plugin { name = "Boom", score = function() return 101 end }
      r, msg = c:schedule("default/web", { config = cfg })
      assert.is_nil(r)
      assert.matches("score 101 is outside 0..100", msg, 1, true)
      podsim.register_plugin { name = "Boom", filter = function() return 42 end }
      cfg = config_with({ "Boom" })
      r, msg = c:schedule("default/web", { config = cfg })
      assert.is_nil(r)
      assert.matches("filter must return true", msg, 1, true)
      -- a callback cannot yield: the schedule call is a C call
      podsim.register_plugin {
         name = "Boom", score = function() coroutine.yield(1) end,
      }
      cfg = config_with(nil, { "Boom" })
      r, msg = coroutine.wrap(function()
         return c:schedule("default/web", { config = cfg })
      end)()
      assert.is_nil(r)
      assert.matches("yield across a C-call boundary", msg, 1, true)
      -- and the cluster is fine afterwards
      assert.is_string(assert(c:schedule("default/web")).node)
   end)

   it("cannot close or change the cluster from a callback", function()
      local c <close> = cluster()
      podsim.register_plugin {
         name = "Closer",
         filter = function()
            c:close()
            return true
         end,
      }
      local r, msg = c:schedule("default/web", {
         config = config_with { "Closer" },
      })
      assert.is_nil(r)
      assert.matches("attempt to close a cluster during its schedule call",
                     msg, 1, true)
      podsim.register_plugin {
         name = "Closer",
         filter = function()
            c:schedule("default/web")
            return true
         end,
      }
      r, msg = c:schedule("default/web", { config = config_with { "Closer" } })
      assert.is_nil(r)
      assert.matches("attempt to change a cluster during its schedule call",
                     msg, 1, true)
      -- nor use the config of the call in progress
      local cfg = config_with { "Closer" }
      podsim.register_plugin {
         name = "Closer",
         filter = function()
            local other <close> = cluster()
            other:schedule("default/web", { config = cfg })
            return true
         end,
      }
      r, msg = c:schedule("default/web", { config = cfg })
      assert.is_nil(r)
      assert.matches("attempt to use a scheduler config during its schedule",
                     msg, 1, true)
      -- reading is fine
      podsim.register_plugin {
         name = "Closer",
         filter = function() return c:count("Node") == 3 end,
      }
      assert.is_string(assert(c:schedule("default/web", {
         config = config_with { "Closer" },
      })).node)
   end)

   it("registered on one config win over module-level ones", function()
      podsim.register_plugin { name = "Pick", score = function() return 0 end }
      local c <close> = cluster()
      local cfg = config_with(nil, { "Pick" })
      assert.is_true(cfg:register_plugin("Pick", nil, function(_, node)
         return node.meta.name == "big" and 100 or 0
      end, 50))
      local r = assert(c:schedule("default/web", {
         config = cfg, explain = true, exhaustive = true,
      }))
      assert.are.equal("big", r.node)
      assert.are.equal(100, r.scores.big.Pick.raw)
      -- a later module-level registration does not replace it
      podsim.register_plugin { name = "Pick", score = function() return 0 end }
      r = assert(c:schedule("default/web", { config = cfg, explain = true }))
      assert.are.equal(100, r.scores.big.Pick.raw)
   end)

   it("refuse built-in names and empty plugins", function()
      local ok, msg, status = podsim.register_plugin {
         name = "NodeResourcesFit", score = function() return 0 end,
      }
      assert.is_nil(ok)
      assert.is_string(msg)
      assert.are.equal("PODSIM_EEXIST", status)
      ok, msg, status = podsim.register_plugin { name = "Nothing" }
      assert.is_nil(ok)
      assert.are.equal("PODSIM_EINVAL", status)
      local cfg = assert(podsim.scheduler_config())
      ok, _, status = cfg:register_plugin("TaintToleration",
                                          function() return true end)
      assert.is_nil(ok)
      assert.are.equal("PODSIM_EEXIST", status)
      assert.has_error(function()
         podsim.register_plugin { name = "X", score = 1 }
      end, "plugin score must be a function")
      assert.has_error(function()
         podsim.register_plugin { name = "X", score = print, weight = -1 }
      end, "plugin weight must be an integer >= 0")
      assert.has_error(function()
         podsim.register_plugin { name = "X", scroe = print }
      end, "unknown option 'scroe'")
   end)

   it("that nobody registered fail when the profile is used", function()
      local c <close> = cluster()
      local cfg = config_with { "NobodyRegisteredThis" }
      local text, msg, status = cfg:describe()
      assert.is_nil(text)
      assert.matches("NobodyRegisteredThis", msg, 1, true)
      assert.are.equal("PODSIM_EINVAL", status)
      local r
      r, msg, status = c:schedule("default/web", { config = cfg })
      assert.is_nil(r)
      assert.matches("NobodyRegisteredThis", msg, 1, true)
      assert.are.equal("PODSIM_EINVAL", status)
   end)
end)

describe("scheduler helpers", function()
   it("num_feasible_nodes_to_find follows kube-scheduler", function()
      local f = podsim.num_feasible_nodes_to_find
      assert.are.equal(10, f(10))
      assert.are.equal(100, f(100))
      assert.are.equal(420, f(1000))        -- 50 - 1000/125 = 42%
      assert.are.equal(500, f(5000))        -- 10%
      assert.are.equal(300, f(6000))        -- at least 5%
      assert.are.equal(100, f(1000, 10))    -- at least 100 nodes
      assert.are.equal(500, f(1000, 50))
      assert.are.equal(1000, f(1000, 100))
   end)

   it("fit_error_format builds FitError.Error()", function()
      assert.are.equal(
         "0/3 nodes are available: 1 node(s) had no GPU, 2 Insufficient cpu.",
         podsim.fit_error_format(3, {
            { node = "a", reasons = { "Insufficient cpu" } },
            { node = "b", reasons = { "Insufficient cpu" } },
            { node = "c", reasons = { "node(s) had no GPU" } },
         }))
      assert.are.equal(
         "0/2 nodes are available: 2 Insufficient cpu. preemption: later.",
         podsim.fit_error_format(2, {
            a = { status = "Unschedulable", plugin = "NodeResourcesFit",
                  reasons = { "Insufficient cpu" } },
         }, { absent_reason = "Insufficient cpu",
              postfilter_message = "preemption: later." }))
      assert.are.equal(
         "0/2 nodes are available: something failed early.",
         podsim.fit_error_format(2, {},
                                 { prefilter_message = "something failed early" }))
      assert.has_error(function()
         podsim.fit_error_format(1, { { status = "Maybe", reasons = {} } })
      end)
   end)
end)

-- ---------------------------------------------------------------------------
-- The shared scheduler fixtures (tests/data/scheduler): the same cases the
-- C and Python suites run.
-- ---------------------------------------------------------------------------

local function list_dir(dir, suffix)
   local names = {}
   local p = io.popen('ls -1 "' .. dir .. '" 2>/dev/null')
   if not p then return names end
   for name in p:lines() do
      if name:sub(-#suffix) == suffix then names[#names + 1] = name end
   end
   p:close()
   table.sort(names)
   return names
end

describe("the shared scheduler configs", function()
   local configs = list_dir(DATA, ".yaml")
   if #configs == 0 then
      pending(DATA .. " has no configs")
      return
   end
   for _, name in ipairs(configs) do
      if name:match("^config%-bad%-") then
         it(name .. " fails with a message naming the file", function()
            local path = DATA .. "/" .. name
            local cfg, msg, status = podsim.scheduler_config(path)
            if cfg and name:match("unknown%-plugin") then
               -- plugin names resolve when a profile is used
               cfg, msg, status = cfg:describe()
               assert.is_nil(cfg)
               assert.is_truthy(msg:find("does not exist", 1, true), msg)
            else
               assert.is_nil(cfg)
               assert.is_truthy(msg:find(name, 1, true), msg)
            end
            assert.matches("^PODSIM_E", status)
         end)
      elseif name:match("^config%-") then
         it(name .. " loads and describes every profile", function()
            local cfg = assert(podsim.scheduler_config(DATA .. "/" .. name))
            assert.is_true(#cfg:profiles() >= 1)
            for _, p in ipairs(cfg:profiles()) do
               assert.is_string(assert(cfg:describe(p)))
            end
         end)
      end
   end
end)

-- scenarios.expected.txt (format: tests/data/scheduler/README.md) parsed
-- into { name, clusters = {...}, pod, config, version, flags, checks }.
local function parse_scenarios(text)
   local scenarios, cur = {}, nil
   local lineno = 0
   for line in (text .. "\n"):gmatch("(.-)\r?\n") do
      lineno = lineno + 1
      line = line:gsub("^%s+", ""):gsub("%s+$", "")
      if line ~= "" and line:sub(1, 1) ~= "#" then
         local word, rest = line:match("^(%S+)%s?(.*)$")
         local args = {}
         for a in rest:gmatch("%S+") do args[#args + 1] = a end
         if word == "scenario" then
            cur = { name = args[1], clusters = {}, checks = {},
                    line = lineno }
         elseif word == "end" then
            scenarios[#scenarios + 1] = cur
            cur = nil
         elseif word == "cluster" then
            cur.clusters[#cur.clusters + 1] = DATA .. "/" .. args[1]
         elseif word == "pod" then
            cur.pod = DATA .. "/" .. args[1]
         elseif word == "config" then
            cur.config = DATA .. "/" .. args[1]
         elseif word == "version" then
            cur.version = args[1]
         elseif word == "flags" then
            cur.flags = {}
            for _, f in ipairs(args) do cur.flags[f] = true end
         else
            cur.checks[#cur.checks + 1] = {
               word = word, args = args, rest = rest, line = lineno,
            }
         end
      end
   end
   return scenarios
end

local function set_of(list)
   local out = {}
   for _, v in ipairs(list) do out[#out + 1] = v end
   table.sort(out)
   return out
end

-- Run one scenario's checks against the result `r`.
local function check_scenario(sc, r)
   local filters = {} -- node -> { status, plugin, reasons }
   for _, ck in ipairs(sc.checks) do
      local w, a = ck.word, ck.args
      local where = ("%s (line %d)"):format(sc.name, ck.line)
      if w == "chosen" then
         assert.are.equal(a[1] ~= "-" and a[1] or nil, r.node, where)
      elseif w == "chosen-in" then
         local ok = false
         for _, n in ipairs(a) do ok = ok or r.node == n end
         assert.is_true(ok, where .. ": chose " .. tostring(r.node))
      elseif w == "feasible" then
         local want = a[1] == "-" and {} or set_of(a)
         assert.are.same(want, set_of(r.feasible), where)
      elseif w == "filter" then
         local node, code, plugin = a[1], a[2], a[3]
         local reason = ck.rest:match("^%S+%s+%S+%s+%S+%s(.*)$") or ""
         filters[node] = filters[node] or {
            status = code, plugin = plugin == "-" and "" or plugin,
            reasons = {}, line = ck.line,
         }
         local f = filters[node]
         f.reasons[#f.reasons + 1] = reason
      elseif w == "score" then
         local s = r.scores[a[1]] and r.scores[a[1]][a[2]]
         assert.is_table(s, where .. ": no score for " .. a[1] .. " " .. a[2])
         assert.are.equal(math.tointeger(tonumber(a[3])), s.score, where)
      elseif w == "total" then
         assert.are.equal(math.tointeger(tonumber(a[2])), r.totals[a[1]],
                          where)
      elseif w == "message" then
         assert.are.equal(ck.rest, r.message, where)
      elseif w == "nominated" then
         local got = r.preemption and r.preemption.node
         assert.are.equal(a[1] ~= "-" and a[1] or nil, got, where)
      elseif w == "victims" then
         local got = r.preemption and r.preemption.victims or {}
         assert.are.same(a[1] == "-" and {} or a, got, where)
      elseif w == "pdb-violations" then
         assert.is_table(r.preemption, where)
         assert.are.equal(math.tointeger(tonumber(a[1])),
                          r.preemption.pdb_violations, where)
      else
         error(where .. ": unknown directive " .. w)
      end
   end
   for node, want in pairs(filters) do
      local where = ("%s (line %d)"):format(sc.name, want.line)
      local got = r.filters[node]
      assert.is_table(got, where .. ": " .. node .. " did not fail")
      assert.are.same({ want.status, want.plugin, want.reasons },
                      { got.status, got.plugin, got.reasons }, where)
   end
end

describe("the shared scheduler scenarios", function()
   local text = read_file(DATA .. "/scenarios.expected.txt")
   if not text then
      pending(DATA .. "/scenarios.expected.txt not found")
      return
   end
   for _, sc in ipairs(parse_scenarios(text)) do
      it(sc.name, function()
         local c <close> = assert(podsim.load(sc.clusters, {
            kubernetes_version = sc.version,
         }))
         local cfg = sc.config and assert(podsim.scheduler_config(sc.config))
         local flags = sc.flags or { explain = true, exhaustive = true }
         local r = assert(c:schedule(assert(read_file(sc.pod)), {
            config = cfg,
            explain = flags.explain or false,
            exhaustive = flags.exhaustive or false,
            preemption = not flags["no-preemption"],
         }))
         check_scenario(sc, r)
      end)
   end
end)

-- The nominator and what-if rescheduling (mirrors tests/c/test_scheduler.c
-- and tests/python/test_scheduler.py).
describe("nominated pods and what-if", function()
   local NOMINATOR = [[
apiVersion: v1
kind: Node
metadata: {name: node-1}
status: {allocatable: {cpu: '4', memory: 8Gi, pods: '110'}}
---
apiVersion: v1
kind: Pod
metadata: {name: low, namespace: default, creationTimestamp: '2025-01-01T00:00:00Z'}
spec: {nodeName: node-1, priority: 0, containers: [{name: c, image: i, resources: {requests: {cpu: '3'}}}]}
---
apiVersion: v1
kind: Pod
metadata: {name: high, namespace: default, creationTimestamp: '2025-01-01T00:01:00Z'}
spec: {priority: 100, containers: [{name: c, image: i, resources: {requests: {cpu: '2'}}}]}
---
apiVersion: v1
kind: Pod
metadata: {name: medium, namespace: default, creationTimestamp: '2025-01-01T00:02:00Z'}
spec: {priority: 50, containers: [{name: c, image: i, resources: {requests: {cpu: '1'}}}]}
]]

   it("reserves room for a nominated pod of higher priority", function()
      local c <close> = assert(podsim.loads(NOMINATOR))
      local placements = assert(c:schedule_pending{})
      local by_pod = {}
      for _, r in ipairs(placements) do by_pod[r.pod] = r end
      local high, medium = by_pod["default/high"], by_pod["default/medium"]
      assert.is_nil(high.node)
      assert.are.equal("node-1", high.preemption.node)
      assert.are.same({"default/low"}, high.preemption.victims)
      assert.are.equal("node-1", c:pod("default/high").status.nominated_node_name)
      assert.is_nil(medium.node)
      assert.are.equal("0/1 nodes are available: 1 Insufficient cpu.", medium.message)
      local r = assert(c:schedule({
         apiVersion = "v1", kind = "Pod",
         metadata = {name = "top", namespace = "default"},
         spec = {priority = 200, containers = {{name = "c", image = "i",
            resources = {requests = {cpu = "1"}}}}},
      }))
      assert.are.equal("node-1", r.node)
   end)

   it("reschedules a bound pod as a what-if without moving it", function()
      local c <close> = assert(podsim.loads(NOMINATOR:match("^(.-)%-%-%-") .. [[
---
apiVersion: v1
kind: Node
metadata: {name: node-2}
status: {allocatable: {cpu: '4', memory: 8Gi, pods: '110'}}
---
apiVersion: v1
kind: Pod
metadata: {name: big, namespace: default}
spec: {nodeName: node-1, containers: [{name: c, image: i, resources: {requests: {cpu: '3'}}}]}
]]))
      local r = assert(c:schedule(c:pod("default/big"), {explain = true, bind = true}))
      table.sort(r.feasible)
      assert.are.same({"node-1", "node-2"}, r.feasible)
      assert.is_false(r.bound)
      assert.are.equal("node-1", c:pod("default/big").spec.node_name)
   end)
end)
