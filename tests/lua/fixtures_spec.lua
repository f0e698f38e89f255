-- The shared fixtures of tests/data, read through the Lua binding: the same
-- expectations the C and Python suites check (binding parity).
--
--   tests/data/<name>.yaml|.json + <name>.expected.txt  model facts
--   tests/data/bad/<name>.yaml + <name>.expected         failures
--
-- Run from the repository root:
--   busted --lua=lua5.4 --cpath='build/?.so' tests/lua
-- PODSIM_TEST_DATA overrides the data directory (default "tests/data").

if os.getenv("PODSIM_LUA_CPATH") then
   package.cpath = os.getenv("PODSIM_LUA_CPATH") .. ";" .. package.cpath
end
package.cpath = package.cpath .. ";./build/?.so"

local podsim = require "podsim"

local DATA = os.getenv("PODSIM_TEST_DATA") or "tests/data"

local function exists(path)
   local f = io.open(path, "rb")
   if f then f:close() end
   return f ~= nil
end

local function read_file(path)
   local f = assert(io.open(path, "rb"))
   local text = f:read("a")
   f:close()
   return text
end

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

-- ---------------------------------------------------------------------------
-- Facts: "<kind> <ref> key=value ..." lines (tests/data/README.md) resolved
-- against the tables the binding returns. A resolver returns the value
-- (string, integer, boolean or nil for "absent"), then true when the value
-- is a Quantity, then true when the key is unknown. Unknown keys fail.
-- ---------------------------------------------------------------------------

local UNKNOWN = setmetatable({}, { __tostring = function() return "?" end })

local function yesno(b) return b and "1" or "0" end
local function join(t) return table.concat(t, ",") end

-- Scalars as the fixtures spell them: booleans 0/1, integers in decimal.
local function scalar(v)
   if type(v) == "boolean" then return yesno(v) end
   if math.type(v) == "integer" then return ("%d"):format(v) end
   if type(v) == "number" or type(v) == "string" then return tostring(v) end
   return v
end

-- An empty enum string means "unset" ("-").
local function unset_if_empty(s)
   if s == "" then return nil end
   return s
end

local function size(t)
   local n = 0
   for _ in pairs(t) do n = n + 1 end
   return n
end

local function quantity(q) return q, true end

local function meta_fact(meta, key)
   if key == "uid" then return meta.uid end
   if key == "resource_version" then return meta.resource_version end
   if key == "creation" then return meta.creation_timestamp end
   if key == "labels" then return size(meta.labels) end
   if key == "annotations" then return size(meta.annotations) end
   if key == "finalizers" then return join(meta.finalizers) end
   if key == "owner" then
      for _, r in ipairs(meta.owner_references) do
         if r.controller then return r.kind .. "/" .. r.name end
      end
      return nil
   end
   local label = key:match("^label%.(.+)$")
   if label then return meta.labels[label] end
   local annotation = key:match("^annotation%.(.+)$")
   if annotation then return meta.annotations[annotation] end
   return UNKNOWN
end

local function probe_string(p)
   if not p then return nil end
   return ("%s/%d/%d/%d/%d/%d"):format(p.handler, p.initial_delay_seconds,
      p.timeout_seconds, p.period_seconds, p.success_threshold,
      p.failure_threshold)
end

local function state_string(s)
   if s.kind == "" then return "none" end
   if s.kind == "running" then return "running" end
   if s.kind == "waiting" then return "waiting:" .. (s.reason or "") end
   return ("terminated:%s:%d"):format(s.reason or "", s.exit_code)
end

local function container_fact(ctr, key)
   if key == "name" then return ctr.name end
   if key == "image" then return ctr.image end
   if key == "kind" then return ctr.kind end
   if key == "pull" then return ctr.image_pull_policy end
   if key == "ports" then return #ctr.ports end
   if key == "env_refs" then return #ctr.env_refs end
   if key == "startup" then return probe_string(ctr.startup_probe) end
   if key == "liveness" then return probe_string(ctr.liveness_probe) end
   if key == "readiness" then return probe_string(ctr.readiness_probe) end
   if key == "post_start" then return unset_if_empty(ctr.post_start) end
   if key == "pre_stop" then return unset_if_empty(ctr.pre_stop) end
   local res = key:match("^requests%.(.+)$")
   if res then return quantity(ctr.requests[res]) end
   res = key:match("^limits%.(.+)$")
   if res then return quantity(ctr.limits[res]) end
   local j = key:match("^port%.(%d+)$")
   if j then
      local p = ctr.ports[tonumber(j) + 1]
      if not p then return nil end
      return ("%d:%d/%s"):format(p.container_port, p.host_port, p.protocol)
   end
   j = key:match("^env_ref%.(%d+)$")
   if j then
      local r = ctr.env_refs[tonumber(j) + 1]
      if not r then return nil end
      return ("%s/%s/%s"):format(r.kind:lower(), r.name, r.key)
   end
   return UNKNOWN
end

local function container_status(pod, name)
   for _, list in ipairs { pod.status.init_container_statuses,
                           pod.status.container_statuses } do
      for _, s in ipairs(list) do
         if s.name == name then return s end
      end
   end
end

local function condition(conditions, key)
   local ctype, field = key:match("^condition%.(.+)%.(reason)$")
   if not ctype then ctype, field = key:match("^condition%.(.+)$"), "status" end
   if not ctype then return UNKNOWN end
   for _, c in ipairs(conditions) do
      if c.type == ctype then return c[field] end
   end
   return nil
end

local function affinity_fact(spec, which, rest)
   local block = spec.affinity and spec.affinity[which]
   if which == "node_affinity" then
      if rest == "required" then
         return block and block.required and #block.required.terms
      elseif rest == "preferred" then
         return block and #block.preferred
      end
      return UNKNOWN
   end
   if rest == "required" or rest == "preferred" then
      return block and #block[rest]
   end
   local list, i, field = rest:match("^(%a+)%.(%d+)%.([%w_]+)$")
   if list ~= "required" and list ~= "preferred" then return UNKNOWN end
   if field ~= "topology_key" and field ~= "namespace_selector"
      and field ~= "label_selector"
      and not (list == "preferred" and field == "weight") then
      return UNKNOWN
   end
   local item = block and block[list][tonumber(i) + 1]
   if not item then return nil end
   if field == "weight" then return item.weight end
   if list == "preferred" then item = item.term end
   if field == "topology_key" then return item.topology_key end
   return yesno(item[field] ~= nil)
end

local VOLUME_TYPE = { persistentVolumeClaim = "pvc" }

local POD_KEYS = {
   node = function(p) return p.spec.node_name end,
   bound = function(p) return yesno(p.node ~= nil) end,
   phase = function(p) return p.status.phase end,
   priority = function(p) return p.spec.priority end,
   priority_class = function(p) return p.spec.priority_class_name end,
   preemption = function(p) return p.spec.preemption_policy end,
   scheduler = function(p) return p.spec.scheduler_name end,
   restart_policy = function(p) return p.spec.restart_policy end,
   termination_grace = function(p)
      return p.spec.termination_grace_period_seconds
   end,
   active_deadline = function(p) return p.spec.active_deadline_seconds end,
   service_account = function(p) return p.spec.service_account_name end,
   host_network = function(p) return p.spec.host_network end,
   runtime_class = function(p) return p.spec.runtime_class_name end,
   qos = function(p) return p.status.qos_class end,
   pod_ip = function(p) return p.status.pod_ip end,
   host_ip = function(p) return p.status.host_ip end,
   nominated_node = function(p) return p.status.nominated_node_name end,
   start_time = function(p) return p.status.start_time end,
   tolerations = function(p) return #p.spec.tolerations end,
   containers = function(p) return #p.spec.containers end,
   init_containers = function(p) return #p.spec.init_containers end,
   sidecars = function(p)
      local n = 0
      for _, c in ipairs(p.spec.init_containers) do
         if c.kind == "sidecar" then n = n + 1 end
      end
      return n
   end,
   volumes = function(p) return #p.spec.volumes end,
   scheduling_gates = function(p) return join(p.spec.scheduling_gates) end,
   spread = function(p) return #p.spec.topology_spread_constraints end,
   conditions = function(p) return #p.status.conditions end,
}

local SPREAD_FIELDS = {
   max_skew = "max_skew", topology_key = "topology_key",
   when = "when_unsatisfiable", min_domains = "min_domains",
}

local function pod_fact(p, key)
   local v, q = meta_fact(p.meta, key)
   if v ~= UNKNOWN then return v, q end
   if POD_KEYS[key] then return POD_KEYS[key](p) end

   local res = key:match("^requests%.(.+)$")
   if res then return quantity(p.requests[res]) end
   res = key:match("^overhead%.(.+)$")
   if res then return quantity(p.spec.overhead[res]) end

   local i = key:match("^toleration%.(%d+)$")
   if i then
      local t = p.spec.tolerations[tonumber(i) + 1]
      if not t then return nil end
      return ("%s,%s,%s,%s,%s"):format(t.key, t.op, t.value, t.effect,
         t.toleration_seconds and ("%d"):format(t.toleration_seconds) or "")
   end

   local sel = key:match("^node_selector%.(.+)$")
   if sel then return p.spec.node_selector[sel] end

   local rest
   i, rest = key:match("^container%.(%d+)%.(.+)$")
   local list = p.spec.containers
   if not i then
      i, rest = key:match("^init%.(%d+)%.(.+)$")
      list = p.spec.init_containers
   end
   if i then
      local ctr = list[tonumber(i) + 1]
      if not ctr then
         -- still reject keys no container could have
         if container_fact({ requests = {}, limits = {}, ports = {},
                             env_refs = {} }, rest) == UNKNOWN then
            return UNKNOWN
         end
         return nil
      end
      return container_fact(ctr, rest)
   end

   local vname = key:match("^volume%.(.+)$")
   if vname then
      for _, vol in ipairs(p.spec.volumes) do
         if vol.name == vname then
            return (VOLUME_TYPE[vol.type] or vol.type:lower()) .. ":"
               .. vol.source
         end
      end
      return nil
   end

   local field
   i, field = key:match("^spread%.(%d+)%.([%w_]+)$")
   if i then
      local t = p.spec.topology_spread_constraints[tonumber(i) + 1]
      if SPREAD_FIELDS[field] then
         return t and t[SPREAD_FIELDS[field]]
      elseif field == "node_affinity_policy" or field == "node_taints_policy"
         then
         return t and unset_if_empty(t[field])
      elseif field == "match_label_keys" then
         return t and join(t.match_label_keys)
      elseif field == "label_selector" then
         return t and yesno(t.label_selector ~= nil)
      end
      return UNKNOWN
   end

   local which
   which, rest = key:match("^(pod_anti_affinity)%.(.+)$")
   if not which then which, rest = key:match("^(pod_affinity)%.(.+)$") end
   if not which then which, rest = key:match("^(node_affinity)%.(.+)$") end
   if which then return affinity_fact(p.spec, which, rest) end

   local cname
   cname, field = key:match("^cstatus%.(.+)%.([%w_]+)$")
   if cname then
      local s = container_status(p, cname)
      if field == "state" then return s and state_string(s.state) end
      if field == "last" then return s and state_string(s.last_state) end
      if field == "restarts" then return s and s.restart_count end
      if field == "ready" then return s and s.ready end
      if field == "started" then
         return s and s.started and yesno(s.started ~= 0) or nil
      end
      return UNKNOWN
   end

   if key:match("^condition%.") then
      return condition(p.status.conditions, key)
   end
   return UNKNOWN
end

local NODE_KEYS = {
   zone = function(n) return n.zone end,
   region = function(n) return n.region end,
   hostname = function(n) return n.hostname end,
   provider_id = function(n) return n.provider_id end,
   pod_cidr = function(n) return n.pod_cidr end,
   unschedulable = function(n) return n.unschedulable end,
   taints = function(n) return #n.taints end,
   pods = function(n) return n.pod_count end,
   conditions = function(n) return #n.conditions end,
   addresses = function(n) return #n.addresses end,
   images = function(n) return #n.images end,
   kubelet_version = function(n) return n.node_info.kubelet_version end,
   kernel_version = function(n) return n.node_info.kernel_version end,
   container_runtime = function(n)
      return n.node_info.container_runtime_version
   end,
   architecture = function(n) return n.node_info.architecture end,
}

local function node_fact(n, key)
   local v, q = meta_fact(n.meta, key)
   if v ~= UNKNOWN then return v, q end
   if NODE_KEYS[key] then return NODE_KEYS[key](n) end
   local i, field = key:match("^taint%.(%d+)(.*)$")
   if i then
      local t = n.taints[tonumber(i) + 1]
      if field == ".time_added" then return t and t.time_added end
      if field ~= "" then return UNKNOWN end
      if not t then return nil end
      local kv = t.key
      if t.value ~= "" then kv = kv .. "=" .. t.value end
      return kv .. ":" .. t.effect
   end
   local which, res = key:match("^(%a+)%.(.+)$")
   if which == "capacity" or which == "allocatable" or which == "requested"
      then
      return quantity(n[which][res])
   end
   if which == "condition" then return condition(n.conditions, key) end
   if which == "address" then
      for _, a in ipairs(n.addresses) do
         if a.type == res then return a.address end
      end
      return nil
   end
   return UNKNOWN
end

local function selector_fact(sel, key)
   if key == "selector_expressions" then
      return sel and #sel.match_expressions
   end
   local label = key:match("^selector%.(.+)$")
   if label then return sel and sel.match_labels[label] end
   return UNKNOWN
end

local function access_string(bits)
   local names = {}
   for _, m in ipairs { { podsim.ACCESS_RWO, "RWO" },
                        { podsim.ACCESS_ROX, "ROX" },
                        { podsim.ACCESS_RWX, "RWX" },
                        { podsim.ACCESS_RWOP, "RWOP" } } do
      if bits & m[1] ~= 0 then names[#names + 1] = m[2] end
   end
   return join(names)
end

local function terms(ns) return ns and #ns.terms end

-- Plain keys of the other kinds: fixture key -> field (true = same name).
local FIELDS = {
   workload = {
      replicas = true, min_ready_seconds = true, partition = true,
      parallelism = true, completions = true, backoff_limit = true,
      active_deadline_seconds = true, strategy = "strategy_type",
      pod_management_policy = true, service_name = true,
      completion_mode = true, pod_replacement_policy = true,
      max_surge = true, max_unavailable = true,
      pod_failure_policy = "has_pod_failure_policy",
      ["status.replicas"] = "status_replicas",
      ["status.ready_replicas"] = "status_ready_replicas",
      ["status.available_replicas"] = "status_available_replicas",
      ["status.updated_replicas"] = "status_updated_replicas",
   },
   PriorityClass = {
      value = true, global_default = true, preemption = "preemption_policy",
   },
   PodDisruptionBudget = {
      min_available = true, max_unavailable = true,
      unhealthy_pod_eviction_policy = true,
      ["status.current_healthy"] = "status_current_healthy",
      ["status.desired_healthy"] = "status_desired_healthy",
      ["status.disruptions_allowed"] = "status_disruptions_allowed",
      ["status.expected_pods"] = "status_expected_pods",
   },
   PersistentVolumeClaim = {
      storage_class = "storage_class_name", volume_name = true,
      volume_mode = true, request = "storage_request", phase = true,
   },
   PersistentVolume = {
      capacity = true, storage_class = "storage_class_name",
      reclaim = "reclaim_policy", source = "source_type", csi_driver = true,
      phase = true,
   },
   StorageClass = {
      provisioner = true, binding = "volume_binding_mode",
      reclaim = "reclaim_policy", expansion = "allow_volume_expansion",
      default = "is_default",
   },
   ConfigMap = { type = true, immutable = true },
   Secret = { type = true, immutable = true },
   Namespace = { phase = true },
   Service = { type = true, has_selector = true, cluster_ip = true },
   Event = {
      reason = true, type = true, count = true, first = "first_timestamp",
      last = "last_timestamp", event_time = true, source_component = true,
      source_host = true, reporting_controller = true,
      reporting_instance = true, action = true,
      field_path = "involved_field_path",
   },
}

local WORKLOADS = {
   Deployment = true, ReplicaSet = true, StatefulSet = true,
   DaemonSet = true, Job = true,
}

local function is_quantity(v)
   local mt = getmetatable(v)
   return mt ~= nil and mt.__name == "podsim.Quantity"
end

local function object_fact(kind, o, key)
   if kind == "Node" then return node_fact(o, key) end
   if kind == "Pod" then return pod_fact(o, key) end
   local v, q = meta_fact(o.meta, key)
   if v ~= UNKNOWN then return v, q end

   local fields = FIELDS[kind]
   if WORKLOADS[kind] then
      fields = FIELDS.workload
      local rest = key:match("^template%.(.+)$")
      if rest then
         if not o.template_pod then return nil end
         return pod_fact(o.template_pod, rest)
      end
      if key == "volume_claim_templates" then
         return join(o.volume_claim_templates)
      end
      v = selector_fact(o.selector, key)
      if v ~= UNKNOWN then return v end
   elseif kind == "PodDisruptionBudget" then
      v = selector_fact(o.selector, key)
      if v ~= UNKNOWN then return v end
   elseif kind == "StorageClass" then
      if key == "allowed_topologies" then return terms(o.allowed_topologies) end
   elseif kind == "PersistentVolumeClaim" or kind == "PersistentVolume" then
      if key == "access" then return access_string(o.access_modes) end
      if kind == "PersistentVolume" then
         if key == "node_affinity" then return terms(o.node_affinity) end
         if key == "claim" then
            if (o.claim_name or "") == "" then return "" end
            return o.claim_namespace .. "/" .. o.claim_name
         end
      end
   elseif kind == "ConfigMap" or kind == "Secret" then
      if key == "keys" then return join(o.keys) end
   elseif kind == "Service" then
      local label = key:match("^selector%.(.+)$")
      if label then return o.selector and o.selector[label] end
   elseif kind == "Event" then
      if key == "involved" then
         local ns = o.involved_namespace or ""
         return o.involved_kind .. "/" .. (ns ~= "" and ns .. "/" or "")
            .. o.involved_name
      end
   end
   local field = fields and fields[key]
   if not field then return UNKNOWN end
   if field == true then field = key end
   v = o[field]
   return v, is_quantity(v)
end

-- Does the value from the model match the fixture's text?
local function matches(expected, got, quantity_value)
   if quantity_value or is_quantity(got) then
      if expected == "0" then
         return got == nil or got == podsim.quantity("0")
      end
      if expected == "-" then return got == nil end
      return got ~= nil and tostring(got) == expected
   end
   got = scalar(got)
   if expected == "-" then return got == nil end
   return got == expected
end

local function show(v)
   if v == nil then return "nil (absent)" end
   return ("%q"):format(tostring(scalar(v)))
end

local KIND_OF = {}
for _, kind in ipairs(podsim.kinds) do KIND_OF[kind:lower()] = kind end

-- Check every fact of an expected.txt against a cluster; returns the list
-- of mismatches (strings) and the number of facts checked.
local function check_facts(cluster, stats, text, origin)
   local problems, checked = {}, 0
   local function problem(lineno, fmt, ...)
      problems[#problems + 1] = ("%s:%d: " .. fmt):format(origin, lineno, ...)
   end
   local lineno = 0
   for line in (text .. "\n"):gmatch("(.-)\r?\n") do
      lineno = lineno + 1
      local words = {}
      for w in line:gmatch("%S+") do words[#words + 1] = w end
      local head = words[1]
      if head == nil or head:sub(1, 1) == "#" then
         -- blank or comment
      elseif head == "count" then
         checked = checked + 1
         local ok, n = pcall(cluster.count, cluster, words[2])
         if not ok then
            problem(lineno, "bad kind %s", tostring(words[2]))
         elseif ("%d"):format(n) ~= words[3] then
            problem(lineno, "count %s: expected %s, got %d", words[2],
                    tostring(words[3]), n)
         end
      elseif head == "skipped" or head == "documents" then
         checked = checked + 1
         if ("%d"):format(stats[head]) ~= words[2] then
            problem(lineno, "%s: expected %s, got %d", head,
                    tostring(words[2]), stats[head])
         end
      elseif KIND_OF[head] then
         local kind = KIND_OF[head]
         local obj, msg = cluster:get(kind, words[2])
         if not obj then
            problem(lineno, "%s %s: %s", head, words[2], msg)
         end
         for i = 3, #words do
            local key, expected = words[i]:match("^([^=]+)=(.*)$")
            checked = checked + 1
            if not key then
               problem(lineno, "malformed fact %q", words[i])
            elseif obj then
               local got, q = object_fact(kind, obj, key)
               if got == UNKNOWN then
                  problem(lineno, "%s: unknown key %q", head, key)
               elseif not matches(expected, got, q) then
                  problem(lineno, "%s %s %s: expected %q, got %s", head,
                          words[2], key, expected, show(got))
               end
            end
         end
      else
         problem(lineno, "unknown line kind %q", head)
      end
   end
   return problems, checked
end

-- ---------------------------------------------------------------------------

describe("fixtures", function()
   local expected_files = list_dir(DATA, ".expected.txt")
   if #expected_files == 0 then
      pending("no *.expected.txt in " .. DATA)
      return
   end

   for _, name in ipairs(expected_files) do
      local stem = name:sub(1, -#".expected.txt" - 1)
      for _, ext in ipairs { ".yaml", ".yml", ".json" } do
         local input = DATA .. "/" .. stem .. ext
         if exists(input) then
            it("match " .. name .. " for " .. stem .. ext, function()
               local cluster = podsim.new()
               local stats, msg, status = cluster:load(input)
               assert(stats, ("%s: %s %s"):format(input, tostring(msg),
                                                   tostring(status)))
               local problems, checked =
                  check_facts(cluster, stats, read_file(DATA .. "/" .. name),
                              name)
               assert.is_true(checked > 0, "no facts in " .. name)
               assert(#problems == 0, ("%d of %d facts differ for %s:\n  %s")
                  :format(#problems, checked, input,
                          table.concat(problems, "\n  ")))
            end)
         end
      end
   end

   it("loads cluster-small.yaml and cluster-small.json identically",
      function()
         local yaml = DATA .. "/cluster-small.yaml"
         local json = DATA .. "/cluster-small.json"
         if not (exists(yaml) and exists(json)) then
            pending("cluster-small.yaml/.json not in " .. DATA)
            return
         end
         local a = assert(podsim.load(yaml))
         local b = assert(podsim.load(json))
         local total = 0
         for _, kind in ipairs(podsim.kinds) do
            local oa, ob = a:objects(kind), b:objects(kind)
            assert.are.equal(#oa, #ob, kind)
            for i = 1, #oa do
               assert.are.same(oa[i], ob[i],
                  ("%s %s differs between YAML and JSON"):format(kind,
                     tostring(oa[i].meta.name)))
            end
            total = total + #oa
         end
         assert.is_true(total > 0)
         assert.are.equal(a:render("pods", { wide = true, as_of = 0 }),
                          b:render("pods", { wide = true, as_of = 0 }))
         assert.are.equal(a:render("nodes", { wide = true, as_of = 0 }),
                          b:render("nodes", { wide = true, as_of = 0 }))
      end)
end)

-- ---------------------------------------------------------------------------
-- Bad inputs: tests/data/bad/<case>.yaml with <case>.expected holding the
-- status name (line 1), "line:column" (line 2) and one or more message
-- substrings (lines 3+).
-- ---------------------------------------------------------------------------

local function parse_bad_expected(text)
   local lines = {}
   for line in (text .. "\n"):gmatch("(.-)\r?\n") do
      if line ~= "" then lines[#lines + 1] = line end
   end
   local e = { status = lines[1], substrings = {} }
   e.line, e.column = (lines[2] or ""):match("^(%d+):(%d+)$")
   for i = 3, #lines do e.substrings[#e.substrings + 1] = lines[i] end
   return e
end

describe("bad inputs", function()
   local bad = DATA .. "/bad"
   local expected_files = list_dir(bad, ".expected")
   if #expected_files == 0 then
      pending("no *.expected in " .. bad)
      return
   end

   for _, name in ipairs(expected_files) do
      local stem = name:sub(1, -#".expected" - 1)
      local input
      for _, ext in ipairs { ".yaml", ".yml", ".json" } do
         if exists(bad .. "/" .. stem .. ext) then
            input = bad .. "/" .. stem .. ext
            break
         end
      end
      it("fails to load " .. stem, function()
         assert(input, "no input file for " .. name)
         local e = parse_bad_expected(read_file(bad .. "/" .. name))
         assert.is_truthy(e.status and e.status:match("^PODSIM_%u+$"),
                          name .. ": line 1 is not a status name")
         assert.is_truthy(e.line, name .. ": line 2 is not line:column")
         assert.is_true(#e.substrings > 0, name .. ": no message substring")

         -- podsim.load: nil, message, status
         local c, msg, status = podsim.load(input)
         assert.is_nil(c, input .. " loaded")
         assert.are.equal(e.status, status, msg)
         assert.is_string(msg)
         assert.are.equal(input, msg:sub(1, #input), msg)
         local pos = (":%s:%s: "):format(e.line, e.column)
         assert.are.equal(pos, msg:sub(#input + 1, #input + #pos), msg)
         for _, sub in ipairs(e.substrings) do
            assert.is_truthy(msg:find(sub, 1, true),
                             ("%q not in %q"):format(sub, msg))
         end

         -- the same through loads with a source name
         local text = read_file(input)
         local c2, msg2, status2 = podsim.loads(text, "bad-input")
         assert.is_nil(c2)
         assert.are.equal(e.status, status2)
         local prefix = ("bad-input:%s:%s: "):format(e.line, e.column)
         assert.are.equal(prefix, msg2:sub(1, #prefix), msg2)
         for _, sub in ipairs(e.substrings) do
            assert.is_truthy(msg2:find(sub, 1, true),
                             ("%q not in %q"):format(sub, msg2))
         end

         -- transactional: a cluster that rejects it is unchanged and usable
         local cluster = assert(podsim.load(DATA .. "/cluster-small.yaml"))
         local before = {}
         for _, kind in ipairs(podsim.kinds) do
            before[kind] = cluster:count(kind)
         end
         local s, msg3, status3 = cluster:load(input)
         assert.is_nil(s)
         assert.is_string(msg3)
         -- duplicates may be reported against the existing objects first
         assert.is_string(status3)
         for _, kind in ipairs(podsim.kinds) do
            assert.are.equal(before[kind], cluster:count(kind), kind)
         end
         assert.is_table(cluster:nodes())
      end)
   end
end)
