-- The cluster handle through the Lua binding: creation, loading, reading
-- the model, kubectl views, error conventions and lifetime.
--
-- Run from the repository root:
--   busted --lua=lua5.4 --cpath='build/?.so' tests/lua

if os.getenv("PODSIM_LUA_CPATH") then
   package.cpath = os.getenv("PODSIM_LUA_CPATH") .. ";" .. package.cpath
end
package.cpath = package.cpath .. ";./build/?.so"

local podsim = require "podsim"

local SMALL = [[
apiVersion: v1
kind: Node
metadata:
  name: node-a
  labels:
    kubernetes.io/hostname: node-a
    topology.kubernetes.io/zone: zone-1
spec:
  taints:
  - key: dedicated
    value: gpu
    effect: NoSchedule
status:
  capacity: {cpu: "4", memory: 16Gi, pods: "110"}
  allocatable: {cpu: 3900m, memory: 15Gi, pods: "110"}
---
apiVersion: v1
kind: Node
metadata:
  name: node-b
status:
  allocatable: {cpu: "2", memory: 8Gi, pods: "110"}
---
apiVersion: v1
kind: Pod
metadata:
  name: web-1
  namespace: shop
  labels: {app: web, tier: front}
spec:
  nodeName: node-a
  tolerations:
  - key: dedicated
    operator: Equal
    value: gpu
    effect: NoSchedule
  containers:
  - name: app
    image: nginx:1.27
    resources:
      requests: {cpu: 250m, memory: 64Mi}
      limits: {memory: 128Mi}
---
apiVersion: v1
kind: Pod
metadata:
  name: lonely
spec:
  containers:
  - name: app
    image: busybox:1.36
---
apiVersion: v1
kind: ConfigMap
metadata: {name: settings, namespace: shop}
data: {a: "1", b: "2"}
]]

local EXTRA_NODE = [[
apiVersion: v1
kind: Node
metadata: {name: node-c}
status:
  allocatable: {cpu: "8", memory: 32Gi, pods: "110"}
]]

local function new_small()
   local c, msg, status = podsim.loads(SMALL, "small.yaml")
   assert(c, tostring(msg) .. " " .. tostring(status))
   return c
end

local HEADER = os.getenv("PODSIM_HEADER") or "core/include/podsim.h"

-- The fields of `typedef struct <name> {...} <name>;` in podsim.h, as the
-- binding names them: `namespace_` is `namespace`, and the size_t count
-- that follows a pointer is folded into that pointer's sequence. Returns
-- {key = "required" | "optional"}: pointers, strings, int64 timestamps
-- and optional integers may be nil, everything else must be present.
local function struct_keys(header, name)
   local body = header:match("typedef struct " .. name .. " {(.-)\n} "
                             .. name .. ";")
   assert(body, "struct " .. name .. " not found in " .. HEADER)
   body = body:gsub("/%*.-%*/", "")
   local decls = {}
   for decl in body:gmatch("([^;]+);") do
      local ctype, field = decl:match("^%s*(.-)%s*([%w_]+)%s*$")
      decls[#decls + 1] = { ctype = ctype, field = field }
   end
   local keys, i = {}, 1
   while i <= #decls do
      local d, nxt = decls[i], decls[i + 1]
      local pointer = d.ctype:find("*", 1, true) ~= nil
      local field = d.field == "namespace_" and "namespace" or d.field
      if pointer and nxt and nxt.ctype == "size_t"
         and nxt.field:match("_count$") then
         keys[field] = "required" -- an array: always a sequence
         i = i + 2
      else
         local optional = pointer
            or d.ctype == "int64_t" or d.ctype == "podsim_opt_i64"
            or d.ctype == "podsim_id" or d.ctype == "podsim_quantity"
            or d.ctype == "podsim_phase"
            or (d.ctype == "podsim_kvs" and d.field == "selector")
         keys[field] = optional and "optional" or "required"
         i = i + 1
      end
   end
   return keys
end

local function read_file(path)
   local f = io.open(path, "rb")
   if not f then return nil end
   local text = f:read("a")
   f:close()
   return text
end

describe("the podsim module", function()
   it("has version fields", function()
      assert.is_string(podsim.version)
      assert.is_truthy(podsim.version:match("^%d+%.%d+%.%d+$"))
      assert.are.equal("podsim " .. podsim.version, podsim._VERSION)
      assert.are.equal("1.34", podsim.DEFAULT_KUBERNETES_VERSION)
   end)

   it("lists the kinds by their Kubernetes names", function()
      assert.are.equal("Node", podsim.kinds[1])
      assert.are.equal("Pod", podsim.kinds[2])
      local seen = {}
      for _, k in ipairs(podsim.kinds) do seen[k] = true end
      for _, k in ipairs { "Deployment", "ReplicaSet", "StatefulSet",
                           "DaemonSet", "Job", "PriorityClass",
                           "PodDisruptionBudget", "PersistentVolumeClaim",
                           "PersistentVolume", "StorageClass", "ConfigMap",
                           "Secret", "Namespace", "Service", "Event" } do
         assert.is_true(seen[k], k)
      end
   end)
end)

describe("podsim.new", function()
   it("creates an empty cluster with the default version", function()
      local c = podsim.new()
      assert.are.equal("1.34", c:kubernetes_version())
      for _, kind in ipairs(podsim.kinds) do
         assert.are.equal(0, c:count(kind))
      end
      assert.are.same({}, c:nodes())
      assert.are.same({}, c:pods())
      c:close()
   end)

   it("takes a Kubernetes version", function()
      local c = podsim.new { kubernetes_version = "1.31" }
      assert.are.equal("1.31", c:kubernetes_version())
   end)

   it("returns nil, message, PODSIM_EVERSION for unsupported versions",
      function()
         for _, v in ipairs { "1.29", "1.36", "banana", "" } do
            local c, msg, status = podsim.new { kubernetes_version = v }
            assert.is_nil(c, v)
            assert.is_string(msg)
            assert.are.equal("PODSIM_EVERSION", status)
         end
      end)

   it("raises on unknown or mistyped options", function()
      assert.has_error(function() podsim.new { kubernetes_versoin = "1.34" } end,
         "unknown option 'kubernetes_versoin'")
      assert.has_error(function() podsim.new { kubernetes_version = 134 } end)
      assert.has_error(function() podsim.new { limits = {} } end)
      assert.has_error(function() podsim.new { max_depth = -1 } end)
      assert.has_error(function() podsim.new { max_depth = 1.5 } end)
      assert.has_error(function() podsim.new { max_depth = 2 ^ 40 } end)
      assert.has_error(function() podsim.new "1.34" end)
   end)

   it("accepts loader limits and toleration defaults", function()
      local c = podsim.new {
         max_depth = 32, max_scalar_bytes = 4096, max_input_bytes = 1 << 20,
         max_alias_expansion = 1000,
         default_not_ready_toleration_seconds = 60,
         default_unreachable_toleration_seconds = 120,
      }
      assert.truthy(c)
   end)
end)

describe("loading", function()
   it("reads nodes, pods and other kinds from text", function()
      local c = new_small()
      assert.are.equal(2, c:count("Node"))
      assert.are.equal(2, c:count("Pod"))
      assert.are.equal(1, c:count("ConfigMap"))
      assert.are.equal(0, c:count("Deployment"))
   end)

   it("returns load stats from cluster:loads", function()
      local c = podsim.new()
      local stats = assert(c:loads(SMALL, "small.yaml"))
      assert.are.equal(5, stats.documents)
      assert.are.equal(2, stats.added.Node)
      assert.are.equal(2, stats.added.Pod)
      assert.are.equal(1, stats.added.ConfigMap)
      assert.are.equal(0, stats.added.Deployment)
      assert.are.equal(0, stats.skipped)
      assert.are.equal(#SMALL, stats.bytes)
      for _, kind in ipairs(podsim.kinds) do
         assert.is_number(stats.added[kind], kind)
      end
   end)

   it("counts kinds it does not model as skipped", function()
      local c = podsim.new()
      local stats = assert(c:loads([[
apiVersion: example.com/v1
kind: Widget
metadata: {name: w}
]]))
      assert.are.equal(1, stats.skipped)
      assert.are.equal(1, stats.documents)
   end)

   it("adds to an existing cluster", function()
      local c = new_small()
      local stats = assert(c:loads(EXTRA_NODE))
      assert.are.equal(1, stats.added.Node)
      assert.are.equal(3, c:count("Node"))
      assert.truthy(c:node("node-c"))
   end)

   it("reports parse errors as nil, 'source:line:column: message', status",
      function()
         local c, msg, status = podsim.loads("kind: Node\nmetadata: [a, b\n",
                                             "broken.yaml")
         assert.is_nil(c)
         assert.are.equal("PODSIM_EPARSE", status)
         assert.is_truthy(msg:match("^broken%.yaml:%d+:%d+: .+"), msg)
      end)

   it("names text '<string>' when no source is given", function()
      local c, msg, status = podsim.loads("kind: Node\nmetadata: [a, b\n")
      assert.is_nil(c)
      assert.are.equal("PODSIM_EPARSE", status)
      assert.is_truthy(msg:match("^<string>:%d+:%d+: "), msg)
   end)

   it("accepts options in place of the source name", function()
      local c = assert(podsim.loads(EXTRA_NODE,
                                    { kubernetes_version = "1.33" }))
      assert.are.equal("1.33", c:kubernetes_version())
      local d = assert(podsim.loads(EXTRA_NODE, "x.yaml",
                                    { kubernetes_version = "1.32" }))
      assert.are.equal("1.32", d:kubernetes_version())
   end)

   it("reports a missing file as PODSIM_EIO with the path", function()
      local path = os.tmpname() .. "-does-not-exist.yaml"
      local c, msg, status = podsim.load(path)
      assert.is_nil(c)
      assert.are.equal("PODSIM_EIO", status)
      assert.is_truthy(msg:find(path, 1, true), msg)
      local d = podsim.new()
      local s, msg2, status2 = d:load(path)
      assert.is_nil(s)
      assert.are.equal("PODSIM_EIO", status2)
      assert.is_truthy(msg2:find(path, 1, true), msg2)
   end)

   it("loads a path or an array of paths", function()
      local a, b = os.tmpname(), os.tmpname()
      local f = assert(io.open(a, "w")); f:write(SMALL); f:close()
      f = assert(io.open(b, "w")); f:write(EXTRA_NODE); f:close()
      local one = assert(podsim.load(a))
      assert.are.equal(2, one:count("Node"))
      local both = assert(podsim.load { a, b })
      assert.are.equal(3, both:count("Node"))
      local none = assert(podsim.load {})
      assert.are.equal(0, none:count("Node"))
      local c = podsim.new()
      local stats = assert(c:load(b))
      assert.are.equal(1, stats.added.Node)
      -- loading the same objects twice is a duplicate
      local dup, msg, status = podsim.load { a, a }
      assert.is_nil(dup)
      assert.are.equal("PODSIM_EEXIST", status)
      assert.is_truthy(msg:find(a, 1, true), msg)
      os.remove(a)
      os.remove(b)
   end)

   it("raises on non-string paths", function()
      assert.has_error(function() podsim.load() end)
      assert.has_error(function() podsim.load { 1, 2 } end)
      assert.has_error(function() podsim.new():load() end)
      assert.has_error(function() podsim.new():loads() end)
   end)

   it("is transactional", function()
      local c = new_small()
      local before = {}
      for _, kind in ipairs(podsim.kinds) do before[kind] = c:count(kind) end

      -- a valid new node followed by a malformed document
      local s, msg, status = c:loads(EXTRA_NODE .. "---\nkind: Pod\nmetadata: [\n",
                                     "half.yaml")
      assert.is_nil(s)
      assert.are.equal("PODSIM_EPARSE", status)
      assert.is_truthy(msg:match("^half%.yaml:%d+:%d+: "), msg)

      -- a valid new node followed by a duplicate of an existing one
      s, msg, status = c:loads(EXTRA_NODE .. [[
---
apiVersion: v1
kind: Node
metadata: {name: node-a}
]], "dup.yaml")
      assert.is_nil(s)
      assert.are.equal("PODSIM_EEXIST", status)
      assert.is_truthy(msg:find("node-a", 1, true), msg)

      for _, kind in ipairs(podsim.kinds) do
         assert.are.equal(before[kind], c:count(kind), kind)
      end
      local n, m2, st2 = c:node("node-c")
      assert.is_nil(n)
      assert.is_string(m2)
      assert.are.equal("PODSIM_ENOTFOUND", st2)
      -- and still usable
      assert.truthy(c:loads(EXTRA_NODE))
      assert.are.equal(before.Node + 1, c:count("Node"))
   end)
end)

describe("model objects", function()
   local c
   before_each(function() c = new_small() end)
   after_each(function() c:close() end)

   it("converts a node with the C field names", function()
      local n = assert(c:node("node-a"))
      assert.are.equal(0, n.id)
      assert.are.equal("node-a", n.meta.name)
      assert.is_nil(n.meta.namespace)
      assert.are.equal("zone-1", n.meta.labels["topology.kubernetes.io/zone"])
      assert.are.equal("zone-1", n.zone)
      assert.are.equal("node-a", n.hostname)
      assert.are.equal("", n.region)
      assert.are.equal(1, #n.taints)
      assert.are.same({ key = "dedicated", value = "gpu",
                        effect = "NoSchedule" }, n.taints[1])
      assert.is_false(n.unschedulable)
      assert.are.equal("3900m", tostring(n.allocatable.cpu))
      assert.are.equal("15Gi", tostring(n.allocatable.memory))
      assert.are.equal(podsim.quantity("4"), n.capacity.cpu)
      assert.are.equal("table", type(n.conditions))
      assert.are.equal("table", type(n.node_info))
      assert.are.equal(1, n.pod_count)
      assert.are.equal(podsim.quantity("250m"), n.requested.cpu)
      assert.are.equal(podsim.quantity("64Mi"), n.requested.memory)
      -- array lengths are the sequences, not *_count fields
      assert.is_nil(n.taint_count)
      assert.is_nil(n.condition_count)
      assert.is_nil(n.meta.namespace_)
   end)

   it("converts a pod with the C field names", function()
      local p = assert(c:pod("shop/web-1"))
      assert.are.equal("shop", p.meta.namespace)
      assert.are.equal("web-1", p.meta.name)
      assert.are.same({ app = "web", tier = "front" }, p.meta.labels)
      assert.are.same({}, p.meta.annotations)
      assert.are.same({}, p.meta.owner_references)
      assert.are.same({}, p.meta.finalizers)
      assert.is_nil(p.meta.deletion_timestamp)
      assert.is_nil(p.meta.deletion_grace_period_seconds)
      assert.are.equal("node-a", p.spec.node_name)
      assert.are.equal(c:node("node-a").id, p.node)
      assert.are.equal(1, #p.spec.containers)
      local ctr = p.spec.containers[1]
      assert.are.equal("app", ctr.name)
      assert.are.equal("regular", ctr.kind)
      assert.are.equal("nginx:1.27", ctr.image)
      assert.are.equal("IfNotPresent", ctr.image_pull_policy)
      assert.are.equal(podsim.quantity("250m"), ctr.requests.cpu)
      assert.are.equal(podsim.quantity("128Mi"), ctr.limits.memory)
      assert.are.same({}, ctr.ports)
      assert.is_nil(ctr.liveness_probe)
      assert.are.equal("", ctr.post_start)
      assert.are.equal("Always", p.spec.restart_policy)
      assert.are.equal("PreemptLowerPriority", p.spec.preemption_policy)
      assert.is_number(p.spec.termination_grace_period_seconds)
      -- the pod's own toleration, then DefaultTolerationSeconds admission
      assert.are.same({ key = "dedicated", op = "Equal", value = "gpu",
                        effect = "NoSchedule" }, p.spec.tolerations[1])
      local admitted = {}
      for _, tol in ipairs(p.spec.tolerations) do
         if tol.toleration_seconds then
            admitted[tol.key] = tol.toleration_seconds
            assert.are.equal("Exists", tol.op)
            assert.are.equal("NoExecute", tol.effect)
         end
      end
      assert.are.same({ ["node.kubernetes.io/not-ready"] = 300,
                        ["node.kubernetes.io/unreachable"] = 300 }, admitted)
      assert.is_nil(p.spec.affinity)
      assert.are.equal(podsim.quantity("250m"), p.requests.cpu)
      assert.are.equal(podsim.quantity("64Mi"), p.requests.memory)
      assert.are.equal("table", type(p.status))
      assert.is_boolean(p.status.has_phase)
      if not p.status.has_phase then assert.is_nil(p.status.phase) end
   end)

   it("resolves a bare pod name in the default namespace", function()
      local p = assert(c:pod("lonely"))
      assert.are.equal("default", p.meta.namespace)
      assert.are.equal(p.id, c:pod("default/lonely").id)
      assert.is_nil(p.node)
      assert.are.equal("", p.spec.node_name)
   end)

   it("gets objects by id", function()
      for i, p in ipairs(c:pods()) do
         assert.are.equal(i - 1, p.id)
         assert.are.same(p.meta, c:pod(p.id).meta)
         assert.are.same(p.meta, c:get("Pod", p.id).meta)
      end
      local n, msg, status = c:pod(99)
      assert.is_nil(n)
      assert.is_string(msg)
      assert.are.equal("PODSIM_ENOTFOUND", status)
      assert.is_nil((c:node(-1)))
      assert.has_error(function() c:pod(1.5) end)
   end)

   it("lists objects of every kind in id order", function()
      local nodes = c:nodes()
      assert.are.equal(2, #nodes)
      assert.are.equal("node-a", nodes[1].meta.name)
      assert.are.equal("node-b", nodes[2].meta.name)
      assert.are.same(nodes[2].meta, c:objects("Node")[2].meta)
      local cms = c:objects("ConfigMap")
      assert.are.equal(1, #cms)
      assert.are.equal("settings", cms[1].meta.name)
      local keys = cms[1].keys
      table.sort(keys)
      assert.are.same({ "a", "b" }, keys)
      assert.are.equal("", cms[1].type)
      for _, kind in ipairs(podsim.kinds) do
         assert.are.equal(c:count(kind), #c:objects(kind), kind)
      end
   end)

   it("gets objects of any kind by key", function()
      local cm = assert(c:get("ConfigMap", "shop/settings"))
      assert.are.equal("settings", cm.meta.name)
      local n = assert(c:get("Node", "node-b"))
      assert.are.equal("node-b", n.meta.name)
      local x, msg, status = c:get("ConfigMap", "settings") -- default ns
      assert.is_nil(x)
      assert.are.equal("PODSIM_ENOTFOUND", status)
      assert.is_truthy(msg:find("settings", 1, true), msg)
   end)

   it("returns nil, message, PODSIM_ENOTFOUND for unknown names", function()
      local n, msg, status = c:node("nope")
      assert.is_nil(n)
      assert.are.equal("PODSIM_ENOTFOUND", status)
      assert.is_truthy(msg:find("nope", 1, true), msg)
      local p, msg2, status2 = c:pod("shop/nope")
      assert.is_nil(p)
      assert.are.equal("PODSIM_ENOTFOUND", status2)
      assert.is_truthy(msg2:find("nope", 1, true), msg2)
      assert.is_nil((c:pod("other/web-1")))
   end)

   it("raises on unknown kinds and bad keys", function()
      assert.has_error(function() c:count("Nodes") end)
      assert.has_error(function() c:count("node") end)
      assert.has_error(function() c:objects() end)
      assert.has_error(function() c:get("Widget", "x") end)
      assert.has_error(function() c:get("Pod", {}) end)
      assert.has_error(function() c:node() end)
   end)

   it("uses exactly the field names of podsim.h", function()
      local header = read_file(HEADER)
      if not header then
         pending("header not found: " .. HEADER)
         return
      end
      local node = c:node("node-a")
      local pod = c:pod("shop/web-1")
      local checks = {
         { node, "podsim_node" }, { node.meta, "podsim_meta" },
         { node.taints[1], "podsim_taint" },
         { node.node_info, "podsim_node_system_info" },
         { pod, "podsim_pod" }, { pod.spec, "podsim_pod_spec" },
         { pod.status, "podsim_pod_status" },
         { pod.spec.containers[1], "podsim_container" },
         { pod.spec.tolerations[1], "podsim_toleration" },
         { c:get("ConfigMap", "shop/settings"), "podsim_config" },
      }
      for _, check in ipairs(checks) do
         local t, name = check[1], check[2]
         local keys = struct_keys(header, name)
         for k in pairs(t) do
            assert.is_not_nil(keys[k], name .. " has no field " .. k)
         end
         for k, need in pairs(keys) do
            if need == "required" then
               assert.is_not_nil(t[k], name .. "." .. k .. " is missing")
            end
         end
      end
   end)

   it("returns fresh tables on every call", function()
      local a, b = c:node("node-a"), c:node("node-a")
      assert.are_not.equal(a, b)
      a.meta.name = "changed"
      assert.are.equal("node-a", c:node("node-a").meta.name)
   end)

   it("computes pod requests", function()
      local r = assert(c:compute_requests("shop/web-1"))
      assert.are.equal(podsim.quantity("250m"), r.cpu)
      assert.are.equal(podsim.quantity("64Mi"), r.memory)
      local lonely = assert(c:compute_requests("lonely"))
      assert.is_nil(lonely.cpu)
      local nz = assert(c:compute_requests("lonely", { non_zero = true }))
      assert.are.equal(podsim.quantity("100m"), nz.cpu)
      assert.are.equal(podsim.quantity("200Mi"), nz.memory)
      local _, _, status = c:compute_requests("nope")
      assert.are.equal("PODSIM_ENOTFOUND", status)
      assert.has_error(function() c:compute_requests("lonely", { nonzero = true }) end)
   end)
end)

describe("kubectl views", function()
   local c
   before_each(function() c = new_small() end)

   it("renders nodes and pods tables", function()
      local nodes = c:render("nodes")
      assert.is_string(nodes)
      assert.is_truthy(nodes:match("^NAME%s+STATUS%s+ROLES%s+AGE%s+VERSION"),
                       nodes)
      assert.is_truthy(nodes:find("\nnode-a ", 1, true), nodes)
      assert.is_truthy(nodes:find("\nnode-b ", 1, true), nodes)
      local wide = c:render("nodes", { wide = true })
      assert.is_truthy(wide:find("INTERNAL-IP", 1, true), wide)
      local pods = c:render("pods", { as_of = 0 })
      assert.is_truthy(pods:match("^NAMESPACE%s+NAME%s+READY%s+STATUS"), pods)
      assert.is_truthy(pods:find("web-1", 1, true), pods)
      assert.is_string(c:render("node-requests"))
   end)

   it("raises on unknown views and options", function()
      assert.has_error(function() c:render("deployments") end)
      assert.has_error(function() c:render("nodes", { wyde = true }) end)
      assert.has_error(function() c:render("nodes", { as_of = "now" }) end)
   end)

   it("gives one pod's row", function()
      local row = assert(c:pod_row("shop/web-1", 0))
      assert.is_string(row.ready)
      assert.is_truthy(row.ready:match("^%d+/%d+$"), row.ready)
      assert.is_string(row.status)
      assert.is_string(row.restarts)
      assert.is_string(row.age)
      assert.are.same(row, c:pod_row(c:pod("shop/web-1").id, 0))
      local r, msg, status = c:pod_row("shop/nope")
      assert.is_nil(r)
      assert.is_string(msg)
      assert.are.equal("PODSIM_ENOTFOUND", status)
   end)
end)

describe("lifetime", function()
   it("raises after close, and close is idempotent", function()
      local c = new_small()
      assert.is_truthy(tostring(c):match("^podsim%.Cluster %("), tostring(c))
      assert.is_true(c:close())
      assert.is_true(c:close())
      assert.are.equal("podsim.Cluster (closed)", tostring(c))
      for _, f in ipairs {
         function() c:nodes() end,
         function() c:pods() end,
         function() c:count("Node") end,
         function() c:node("node-a") end,
         function() c:pod("shop/web-1") end,
         function() c:get("Pod", 0) end,
         function() c:objects("Pod") end,
         function() c:loads(EXTRA_NODE) end,
         function() c:load("x.yaml") end,
         function() c:render("nodes") end,
         function() c:pod_row(0) end,
         function() c:kubernetes_version() end,
      } do
         assert.has_error(f, "attempt to use a closed cluster")
      end
   end)

   it("closes a <close> variable at the end of its scope", function()
      local ref
      do
         local c <close> = new_small()
         ref = c
         assert.are.equal(2, c:count("Node"))
      end
      assert.are.equal("podsim.Cluster (closed)", tostring(ref))
      assert.has_error(function() ref:count("Node") end,
                       "attempt to use a closed cluster")
   end)

   it("closes a <close> variable when an error unwinds", function()
      local ref
      local ok = pcall(function()
         local c <close> = new_small()
         ref = c
         error("boom")
      end)
      assert.is_false(ok)
      assert.are.equal("podsim.Cluster (closed)", tostring(ref))
   end)

   it("rejects a cluster method called on something else", function()
      local c = new_small()
      local nodes = c.nodes
      assert.has_error(function() nodes({}) end)
      assert.has_error(function() nodes(podsim.quantity("1")) end)
      assert.has_error(function() c.count(nil, "Node") end)
   end)

   it("keeps objects valid after the cluster is gone", function()
      local n = new_small():node("node-a")
      collectgarbage("collect")
      collectgarbage("collect")
      assert.are.equal("node-a", n.meta.name)
      assert.are.equal("3900m", tostring(n.allocatable.cpu))
   end)

   it("survives garbage collection of many clusters", function()
      for i = 1, 500 do
         local c = new_small()
         if i % 5 == 0 then assert.are.equal(2, #c:nodes()) end
         if i % 3 == 0 then c:close() end
      end
      for _ = 1, 200 do
         local c = podsim.new()
         assert(c:loads(EXTRA_NODE))
      end
      collectgarbage("collect")
      collectgarbage("collect")
      local c = new_small()
      assert.are.equal(2, c:count("Node"))
   end)

   it("does not share state between clusters", function()
      local a, b = new_small(), podsim.new { kubernetes_version = "1.30" }
      assert(b:loads(EXTRA_NODE))
      assert.are.equal(2, a:count("Node"))
      assert.are.equal(1, b:count("Node"))
      assert.are.equal("1.34", a:kubernetes_version())
      assert.are.equal("1.30", b:kubernetes_version())
      a:close()
      assert.are.equal("node-c", b:nodes()[1].meta.name)
   end)

   it("prints kubectl get pods rows (Cluster:get_pods)", function()
      local c = new_small()
      local t = c:get_pods()
      assert.are.equal(c:render("pods"), tostring(t))
      assert.are.equal(c:count("Pod"), #t)
      local previous = ""
      for _, row in ipairs(t) do
         local key = row.namespace .. "/" .. row.name
         assert.is_true(key > previous)
         previous = key
         assert.is_string(row.status)
         assert.is_string(row.ready)
      end
      assert.are.equal(c:render("pods", { as_of = 0 }), tostring(c:get_pods(0)))
   end)
end)
