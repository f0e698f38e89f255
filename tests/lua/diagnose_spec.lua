-- The diagnosis engine through the Lua binding (issue 6): podsim.diagnose
-- on a dump and on a simulation, the shared fixtures of tests/data/diagnose
-- (the C text report byte for byte), custom rules (podsim.rule, rule sets,
-- YAML data rules, Lua rule packs), the sandbox and the instruction budget,
-- sim:dump(), and the new container/event fields.
--
-- Run from the repository root:
--   busted --lua=lua5.4 --cpath='build/?.so' tests/lua/diagnose_spec.lua
-- PODSIM_TEST_DATA overrides the data directory (default "tests/data").

if os.getenv("PODSIM_LUA_CPATH") then
   package.cpath = os.getenv("PODSIM_LUA_CPATH") .. ";" .. package.cpath
end
package.cpath = package.cpath .. ";./build/?.so"

local podsim = require "podsim"

local DATA = (os.getenv("PODSIM_TEST_DATA") or "tests/data") .. "/diagnose"
local AS_OF = "2026-11-28T10:00:00Z"

local function read_file(path)
   local f = assert(io.open(path, "rb"))
   local text = f:read("a")
   f:close()
   return text
end

local function write_temp(text, suffix)
   local path = os.tmpname() .. (suffix or "")
   local f = assert(io.open(path, "wb"))
   f:write(text)
   f:close()
   return path
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

local function find(list, pred)
   for _, v in ipairs(list) do
      if pred(v) then return v end
   end
end

local function contains(list, value)
   return find(list, function(v) return v == value end) ~= nil
end

-- A node and a pod whose container exits 1 over and over.
local CRASHLOOP = [[
apiVersion: v1
kind: List
items:
- apiVersion: v1
  kind: Node
  metadata: {name: worker-1, creationTimestamp: "2026-11-01T00:00:00Z"}
  status:
    allocatable: {cpu: "4", memory: 8Gi, pods: "110"}
    capacity: {cpu: "4", memory: 8Gi, pods: "110"}
    conditions:
    - {type: Ready, status: "True", reason: KubeletReady,
       lastHeartbeatTime: "2026-11-28T09:59:30Z"}
    nodeInfo: {kubeletVersion: v1.34.1}
- apiVersion: v1
  kind: Pod
  metadata:
    name: web-0
    namespace: default
    uid: 6f1c2d9e-0000-4000-8000-000000000001
    creationTimestamp: "2026-11-28T09:00:00Z"
  spec:
    nodeName: worker-1
    containers:
    - name: app
      image: registry.example.com/app:1.0
      command: ["/bin/app"]
      args: ["--port", "8080"]
      env:
      - {name: MODE, value: prod}
      - name: DB_URL
        valueFrom: {configMapKeyRef: {name: app-config, key: db_url, optional: true}}
      envFrom:
      - configMapRef: {name: app-env}
        prefix: APP_
      volumeMounts:
      - {name: data, mountPath: /data, readOnly: true}
      terminationMessagePolicy: FallbackToLogsOnError
  status:
    phase: Running
    startTime: "2026-11-28T09:00:00Z"
    conditions:
    - {type: Ready, status: "False", reason: ContainersNotReady}
    containerStatuses:
    - name: app
      image: registry.example.com/app:1.0
      ready: false
      restartCount: 6
      state:
        waiting:
          reason: CrashLoopBackOff
          message: back-off 5m0s restarting failed container=app pod=web-0_default(6f1c2d9e-0000-4000-8000-000000000001)
      lastState:
        terminated: {exitCode: 1, reason: Error,
                     startedAt: "2026-11-28T09:55:00Z", finishedAt: "2026-11-28T09:55:02Z"}
- apiVersion: v1
  kind: Event
  metadata: {name: web-0.1, namespace: default}
  involvedObject: {kind: Pod, namespace: default, name: web-0,
                   uid: 6f1c2d9e-0000-4000-8000-000000000001,
                   fieldPath: "spec.containers{app}"}
  reason: BackOff
  message: Back-off restarting failed container app in pod web-0_default(6f1c2d9e-0000-4000-8000-000000000001)
  type: Warning
  count: 25
  firstTimestamp: "2026-11-28T09:02:00Z"
  lastTimestamp: "2026-11-28T09:58:00Z"
  source: {component: kubelet, host: worker-1}
]]

local function crashloop_cluster()
   return assert(podsim.loads(CRASHLOOP, "crashloop.yaml"))
end

-- The built-in crash-loop finding of the pod above.
local function builtin_crashloop(d)
   return find(d.findings, function(f)
      return f.rule:sub(1, 5) == "core/" and f.category:sub(1, 10) == "crashloop."
   end)
end

describe("podsim.diagnose", function()
   it("returns the diagnosis of a dump pod as a table", function()
      local d = assert(podsim.diagnose(crashloop_cluster(), "default/web-0", { as_of = AS_OF }))
      assert.are.equal("Pod", d.subject.kind)
      assert.are.equal("default", d.subject.namespace)
      assert.are.equal("web-0", d.subject.name)
      assert.are.equal("6f1c2d9e-0000-4000-8000-000000000001", d.subject.uid)
      assert.are.equal("worker-1", d.subject.node)
      assert.are.equal("dump", d.source)
      assert.are.equal(AS_OF, d.as_of)
      assert.is_string(d.kubernetes_version)
      assert.is_table(d.findings)
      assert.is_table(d.primary)
      assert.are.equal(d.findings[1], d.primary)
      assert.are.equal("crashloop.", d.primary.category:sub(1, 10))
      assert.are.equal("app", d.primary.container)
      assert.is_nil(d.primary.explained_by)
      for _, key in ipairs { "rule", "category", "severity", "confidence", "title" } do
         assert.is_string(d.primary[key], key)
      end
      assert.is_true(math.type(d.primary.priority) == "integer")
      assert.is_table(d.primary.evidence)
      assert.is_table(d.primary.next)
      assert.is_table(d.primary.ways_out)
      assert.is_table(d.primary.labels)
      for _, step in ipairs(d.primary.next) do
         assert.is_string(step.command)
         assert.is_string(step.needs)
      end
      -- the facts the rules saw, and their provenance
      assert.are.equal("Running", d.facts["pod.phase"])
      assert.are.equal("CrashLoopBackOff", d.facts["pod.status"])
      assert.are.equal("observed", d.provenance["pod.phase"])
      assert.is_table(d.missing_evidence)
      assert.are.same({}, d.rule_errors)
      assert.is_true(contains(d.rules_fired, d.primary.rule))
      -- the kubectl views
      assert.is_truthy(d.kubectl.describe:find("Name:%s+web%-0"))
      assert.is_truthy(d.kubectl.get_pod:find("CrashLoopBackOff", 1, true))
      assert.is_string(d.kubectl.events)
      assert.is_string(d.kubectl.get_node)
   end)

   it("renders the text and JSON reports of the core", function()
      local c = crashloop_cluster()
      local d = assert(podsim.diagnose(c, "default/web-0", { as_of = AS_OF }))
      local text = d:render("text")
      assert.are.equal(text, d:render())
      assert.are.equal(text, tostring(d))
      assert.are.equal("Pod default/web-0 (dump, as of " .. AS_OF .. ")\n",
                       text:match("^[^\n]*\n"))
      assert.is_truthy(text:find("PRIMARY  " .. d.primary.category, 1, true))
      local json = d:render("json")
      assert.are.equal("{", json:sub(1, 1))
      assert.is_truthy(json:find('"primary":"' .. d.primary.category .. '"', 1, true))
      assert.has_error(function() d:render("yaml") end)
      assert.has_error(function() podsim.diagnose(c, "default/web-0").render({}) end)
   end)

   it("takes as_of as ms or as RFC 3339 text", function()
      local c = crashloop_cluster()
      local a = assert(podsim.diagnose(c, "default/web-0", { as_of = AS_OF }))
      local b = assert(podsim.diagnose(c, "default/web-0", { as_of = 1795860000000 }))
      assert.are.equal(a:render(), b:render())
      local z = assert(podsim.diagnose(c, "default/web-0", { as_of = "2026-11-28T12:00:00+02:00" }))
      assert.are.equal(a:render(), z:render())
      assert.has_error(function() podsim.diagnose(c, "default/web-0", { as_of = "yesterday" }) end)
      assert.has_error(function() podsim.diagnose(c, "default/web-0", { as_of = 1.5 }) end)
      assert.has_error(function() podsim.diagnose(c, "default/web-0", { bogus = true }) end)
   end)

   it("selects the only pod of a dump and honours the flags", function()
      local c = crashloop_cluster()
      local d = assert(podsim.diagnose(c, nil, { as_of = AS_OF, kubectl = false, whatif = false }))
      assert.are.equal("web-0", d.subject.name)
      assert.are.equal("", d.kubectl.describe)
      local m = assert(c:diagnose("default/web-0", { as_of = AS_OF }))
      assert.are.equal(m.primary.category, d.primary.category)
   end)

   it("fails softly for an unknown pod and raises on a wrong target", function()
      local d, msg, status = podsim.diagnose(crashloop_cluster(), "default/nope")
      assert.is_nil(d)
      assert.is_string(msg)
      assert.are.equal("PODSIM_ENOTFOUND", status)
      assert.has_error(function() podsim.diagnose({}, "default/web-0") end)
      assert.has_error(function() podsim.diagnose("pod.yaml", "default/web-0") end)
   end)

   it("diagnoses every pod with a finding", function()
      local list = assert(podsim.diagnose_all(crashloop_cluster(), { as_of = AS_OF, whatif = false }))
      assert.are.equal(1, list.pods_examined)
      assert.are.equal(1, #list)
      assert.are.equal("web-0", list[1].subject.name)
      -- an item outlives the list table and still renders
      local item = list[1]
      list = nil
      collectgarbage()
      collectgarbage()
      assert.is_truthy(item:render("text"):find("PRIMARY", 1, true))
   end)

   it("exposes the new container and event fields", function()
      local c = crashloop_cluster()
      local app = c:pod("default/web-0").spec.containers[1]
      assert.are.same({ "/bin/app" }, app.command)
      assert.are.same({ "--port", "8080" }, app.args)
      assert.are.equal("MODE", app.env[1].name)
      assert.are.equal("prod", app.env[1].value)
      assert.are.equal("DB_URL", app.env[2].name)
      assert.are.equal("configMapKeyRef", app.env[2].value_from_kind)
      assert.are.equal("app-config", app.env[2].value_from_name)
      assert.are.equal("db_url", app.env[2].value_from_key)
      assert.is_true(app.env[2].optional)
      assert.are.equal("ConfigMap", app.env_from[1].kind)
      assert.are.equal("app-env", app.env_from[1].name)
      assert.are.equal("APP_", app.env_from[1].prefix)
      assert.are.equal("data", app.mounts[1].name)
      assert.are.equal("/data", app.mounts[1].mount_path)
      assert.is_true(app.mounts[1].read_only)
      assert.are.equal("FallbackToLogsOnError", app.termination_message_policy)
      local ev = c:objects("Event")[1]
      assert.is_nil(ev.series_last_observed_time)
   end)
end)

-- ---------------------------------------------------------------------------
-- The shared fixtures: <case>.yaml with "# pod:" (or "# workload: <Kind>
-- <ns>/<name>"), "# as_of:", "# expect:" header lines and
-- <case>.expected.txt, the C text report byte for byte.
-- ---------------------------------------------------------------------------

local function header(text, key)
   return ("\n" .. text):match("\n# " .. key .. ":%s*([^\n]-)%s*\n")
end

describe("shared diagnosis fixtures", function()
   local cases = list_dir(DATA, ".yaml")
   if #cases == 0 then
      pending("no fixtures in " .. DATA)
      return
   end
   for _, file in ipairs(cases) do
      local name = file:sub(1, -6)
      it(name, function()
         local text = read_file(DATA .. "/" .. file)
         local pod = header(text, "pod")
         local workload = header(text, "workload")
         local as_of = header(text, "as_of")
         local expect = header(text, "expect") or ""
         local c = assert(podsim.loads(text, file))
         local d
         if workload then
            local kind, key = workload:match("^(%S+)%s+(%S+)$")
            assert.is_string(kind, "bad workload header: " .. workload)
            d = assert(podsim.diagnose_workload(c, kind, key, { as_of = as_of }))
            assert.are.equal(kind, d.subject.kind)
         else
            d = assert(podsim.diagnose(c, pod, { as_of = as_of }))
         end
         local primary = expect:match("primary=(%S+)")
         if primary == "none" then
            assert.is_nil(d.primary)
         elseif primary then
            assert.is_table(d.primary, "no primary finding")
            assert.are.equal(primary, d.primary.category)
         end
         local container = expect:match("container=(%S+)")
         if container then assert.are.equal(container, d.primary.container) end
         local expected_path = DATA .. "/" .. name .. ".expected.txt"
         local f = io.open(expected_path, "rb")
         if f then
            local expected = f:read("a")
            f:close()
            assert.are.equal(expected, d:render("text"))
         end
      end)
   end
end)

-- ---------------------------------------------------------------------------
-- Workloads: pods that were never created (troubleshooting.md A1).
-- ---------------------------------------------------------------------------

-- A Deployment whose ReplicaSet cannot create its pods: the namespace's
-- ResourceQuota "compute" is exhausted.
-- The shared workload fixture test_diagnose.py loads too.
local QUOTA = read_file(DATA .. "/workload-quota-api.yaml")

describe("podsim.diagnose_workload", function()
   local function quota_cluster()
      return assert(podsim.loads(QUOTA, "quota.yaml"))
   end

   it("diagnoses a ReplicaSet that cannot create its pods", function()
      local c = quota_cluster()
      local d = assert(podsim.diagnose_workload(c, "ReplicaSet", "default/web-7d4b9c",
                                                { as_of = AS_OF }))
      assert.are.equal("ReplicaSet", d.subject.kind)
      assert.are.equal("default", d.subject.namespace)
      assert.are.equal("web-7d4b9c", d.subject.name)
      assert.is_nil(d.subject.node)
      assert.is_table(d.primary, d:render("text"))
      assert.are.equal("workload.create-failed",
                       d.primary.category:sub(1, #"workload.create-failed"))
      assert.is_nil(d.primary.container)
      assert.are.equal("", d.kubectl.describe)
      assert.are.equal("", d.kubectl.get_pod)
      assert.are.equal("ReplicaSet", d.facts["workload.kind"])
      assert.are.equal(d:render("text"), tostring(d))
      local j = d:render("json")
      assert.is_truthy(j:find('"ReplicaSet"', 1, true))
      -- the method form, kubectl's kind spellings, a bare name in default
      for _, kind in ipairs({ "rs", "replicaset", "REPLICASETS", "ReplicaSet" }) do
         local m = assert(c:diagnose_workload(kind, "web-7d4b9c", { as_of = AS_OF }))
         assert.are.equal(d:render("text"), m:render("text"))
      end
   end)

   it("fails softly for an unknown workload or a kind that is none", function()
      local c = quota_cluster()
      local d, msg, status = podsim.diagnose_workload(c, "ReplicaSet", "default/nope")
      assert.is_nil(d)
      assert.is_string(msg)
      assert.are.equal("PODSIM_ENOTFOUND", status)
      d, msg, status = podsim.diagnose_workload(c, "Pod", "default/web-7d4b9c")
      assert.is_nil(d)
      assert.is_string(msg)
      assert.are.equal("PODSIM_EINVAL", status)
      assert.has_error(function() podsim.diagnose_workload(c, "Bogus", "default/web") end)
      assert.has_error(function() podsim.diagnose_workload(c, nil, "default/web") end)
      assert.has_error(function() podsim.diagnose_workload({}, "rs", "default/web") end)
   end)

   it("is part of diagnose_all, after the pods", function()
      local c = assert(podsim.loads(CRASHLOOP, "crashloop.yaml"))
      assert(c:loads(QUOTA, "quota.yaml"))
      local list = assert(podsim.diagnose_all(c, { as_of = AS_OF, whatif = false }))
      assert.are.equal(1, list.pods_examined)
      assert.are.equal("Pod", list[1].subject.kind)
      assert.are.equal("web-0", list[1].subject.name)
      local rs = find(list, function(d) return d.subject.kind == "ReplicaSet" end)
      assert.is_table(rs)
      assert.are.equal("web-7d4b9c", rs.subject.name)
      assert.are.equal("workload.create-failed",
                       rs.primary.category:sub(1, #"workload.create-failed"))
      assert.is_truthy(rs:render("text"):find("PRIMARY", 1, true))
   end)

   it("runs Lua rules on: workload", function()
      local rules = podsim.rules()
      local seen = 0
      assert(rules:add {
         id = "team/quota-owner", on = "workload", priority = 86,
         category = "workload.team-quota", title = "Quota exhausted: ask the namespace owner",
         when = { ["workload.kind"] = "ReplicaSet" },
         suppresses = { "workload.create-failed" },
         check = function(ctx)
            seen = seen + 1
            assert(ctx.container == nil)
            return { summary = ctx.facts["workload.name"] .. " is blocked by its quota" }
         end,
      })
      local d = assert(podsim.diagnose_workload(quota_cluster(), "rs", "default/web-7d4b9c",
                                                { as_of = AS_OF, rules = rules }))
      assert.are.equal("workload.team-quota", d.primary.category)
      assert.are.equal("web-7d4b9c is blocked by its quota", d.primary.summary)
      local builtin = find(d.findings, function(f)
         return f.category:sub(1, #"workload.create-failed") == "workload.create-failed"
      end)
      assert.is_table(builtin)
      assert.are.equal("workload.team-quota", builtin.explained_by)
      local p = assert(podsim.diagnose(crashloop_cluster(), "default/web-0",
                                       { as_of = AS_OF, rules = rules }))
      for _, f in ipairs(p.findings) do assert.are_not.equal("workload.team-quota", f.category) end
      assert.are.equal(1, seen) -- the workload's diagnosis only
   end)
end)

-- The third-party corpus ($PODSIM_SHARED_DIR/data/corpus, default
-- ../shared), with the expectations the C runner reads
-- (tests/data/diagnose/corpus-expectations.txt): one pod per line, "<files>
-- <namespace/pod> <primary category|none|load-error> [substring of a next
-- command]".
describe("the shared corpus", function()
   local shared = os.getenv("PODSIM_SHARED_DIR") or "../shared"
   local corpus = shared .. "/data/corpus"
   local f = io.open(DATA .. "/corpus-expectations.txt", "rb")
   local probe = io.open(corpus .. "/SOURCES.md", "rb")
   if not f or not probe then
      if f then f:close() end
      if probe then probe:close() end
      pending("corpus or expectations absent")
      return
   end
   probe:close()
   local lines = {}
   for line in f:lines() do
      if line:match("%S") and not line:match("^%s*#") then lines[#lines + 1] = line end
   end
   f:close()
   for n, line in ipairs(lines) do
      local files, key, primary, command = line:match("^(%S+)%s+(%S+)%s+(%S+)%s*(.-)%s*$")
      it(("line %d: %s"):format(n, key), function()
         assert.is_string(files, "malformed line: " .. line)
         local paths = {}
         for p in files:gmatch("[^,]+") do paths[#paths + 1] = corpus .. "/" .. p end
         local c = assert(podsim.new { kubernetes_version = "1.34" })
         local loaded, err, status = c:load(paths)
         if primary == "load-error" then
            -- the loader must refuse the input cleanly
            assert.is_nil(loaded)
            assert.is_string(err)
            assert.are.equal("PODSIM_EPARSE", status)
            return
         end
         assert(loaded, err)
         local d = assert(podsim.diagnose(c, key))
         assert.are.equal(primary, d.primary and d.primary.category or "none")
         if command ~= "" then
            local commands = {}
            for _, fi in ipairs(d.findings) do
               for _, s in ipairs(fi.next) do commands[#commands + 1] = s.command end
            end
            assert.is_truthy(table.concat(commands, "\n"):find(command, 1, true),
                             "no next command with " .. command)
         end
      end)
   end
end)

-- ---------------------------------------------------------------------------
-- Custom rules
-- ---------------------------------------------------------------------------

describe("Lua rules", function()
   it("refines a built-in finding", function()
      local c = crashloop_cluster()
      local base = assert(podsim.diagnose(c, "default/web-0", { as_of = AS_OF }))
      local builtin = assert(builtin_crashloop(base))
      local rs = podsim.rules()
      local seen
      assert(rs:add {
         id = "team/app-bad-config",
         on = "container",
         category = "crashloop.bad-config",
         priority = builtin.priority + 1,
         severity = "error",
         when = { ["container.last.exit_code"] = 1, ["container.state"] = "waiting" },
         title = "{container.name} exits 1 at start: check its configuration",
         suppresses = { "crashloop." },
         labels = { owner = "team-web" },
         next = { { command = "{container.cmd.logs_previous}", why = "the error it printed", needs = "cluster" } },
         check = function(ctx)
            seen = ctx
            if ctx.facts["container.last.exit_code"] ~= "1" then return nil end
            return {
               summary = ("exit %s after %s restarts"):format(ctx.facts["container.last.exit_code"],
                                                               ctx.facts["container.restarts"]),
               confidence = "medium",
            }
         end,
      })
      local d = assert(podsim.diagnose(c, "default/web-0", { as_of = AS_OF, rules = rs }))
      assert.are.same({}, d.rule_errors)
      assert.are.equal("team/app-bad-config", d.primary.rule)
      assert.are.equal("crashloop.bad-config", d.primary.category)
      assert.are.equal("app exits 1 at start: check its configuration", d.primary.title)
      assert.are.equal("exit 1 after 6 restarts", d.primary.summary)
      assert.are.equal("medium", d.primary.confidence)
      assert.are.equal("team-web", d.primary.labels.owner)
      assert.are.equal("kubectl logs web-0 -n default -p", d.primary.next[1].command)
      local explained = find(d.findings, function(f) return f.rule == builtin.rule end)
      assert.is_table(explained)
      assert.are.equal("crashloop.bad-config", explained.explained_by)
      assert.is_true(contains(d.rules_fired, "team/app-bad-config"))
      -- the context the check saw
      assert.are.equal("team/app-bad-config", seen.rule)
      assert.are.equal("app", seen.container)
      assert.are.equal("Running", seen.facts["pod.phase"])
      assert.is_table(seen.findings)
      -- without the rule set the built-in is primary again
      local again = assert(podsim.diagnose(c, "default/web-0", { as_of = AS_OF }))
      assert.are.equal(builtin.category, again.primary.category)
   end)

   it("gives the check a read-only context", function()
      local rs = podsim.rules()
      local errors = {}
      assert(rs:add { id = "team/write-fact", category = "team.w", title = "w",
                      check = function(ctx) ctx.facts["pod.phase"] = "Failed" return true end })
      assert(rs:add { id = "team/write-ctx", category = "team.w2", title = "w",
                      check = function(ctx) ctx.extra = 1 return true end })
      assert(rs:add { id = "team/pairs", category = "team.pairs", title = "{pod.name}",
                      check = function(ctx)
                         local n = 0
                         for _, _ in pairs(ctx.facts) do n = n + 1 end
                         local k = 0
                         for _ in ipairs(ctx.findings) do k = k + 1 end
                         assert(k == #ctx.findings)
                         if n > 10 then return { summary = "{pod.name} has " .. n .. " facts" } end
                      end })
      assert(rs:add { id = "team/helpers", on = "container", category = "team.helpers", title = "h",
                      priority = 1,
                      check = function(ctx)
                         assert(ctx:fact("pod.name") == "web-0")
                         assert(ctx:fact("no.such.fact", "dflt") == "dflt")
                         assert(ctx:number("container.restarts") == 6)
                         assert(math.type(ctx:number("container.restarts")) == "integer")
                         assert(ctx:number("pod.name", -1) == -1)
                         assert(ctx:flag("pod.deleting") == false)
                         assert(ctx.provenance["pod.phase"] == "observed")
                         assert(ctx:has_finding("crashloop"))
                         assert(not ctx:has_finding("crash"))
                         local m = ctx:matching("container.")
                         assert(m["container.name"] == "app")
                         m["container.name"] = "changed" -- a copy
                         assert(ctx.facts["container.name"] == "app")
                         return true
                      end })
      local d = assert(podsim.diagnose(crashloop_cluster(), "default/web-0", { as_of = AS_OF, rules = rs }))
      for _, e in ipairs(d.rule_errors) do errors[e.rule] = e.message end
      assert.is_truthy(errors["team/write-fact"]:find("read-only", 1, true))
      assert.is_truthy(errors["team/write-ctx"]:find("read-only", 1, true))
      assert.is_nil(errors["team/helpers"])
      assert.is_table(find(d.findings, function(x) return x.rule == "team/helpers" end))
      local f = find(d.findings, function(x) return x.rule == "team/pairs" end)
      assert.is_table(f)
      assert.are.equal("web-0", f.title)
      assert.is_truthy(f.summary:find("^web%-0 has %d+ facts$"))
      assert.is_nil(errors["team/pairs"])
   end)

   it("records a rule that errors and goes on", function()
      local rs = podsim.rules()
      assert(rs:add { id = "team/boom", category = "team.boom", title = "boom",
                      check = function() error("team rule failed") end })
      assert(rs:add { id = "team/bad-answer", category = "team.bad", title = "bad",
                      check = function() return 42 end })
      assert(rs:add { id = "team/error-object", category = "team.obj", title = "obj",
                      check = function() error({}) end })
      local d = assert(podsim.diagnose(crashloop_cluster(), "default/web-0", { as_of = AS_OF, rules = rs }))
      local errors = {}
      for _, e in ipairs(d.rule_errors) do errors[e.rule] = e.message end
      assert.is_truthy(errors["team/boom"]:find("team rule failed", 1, true))
      assert.is_truthy(errors["team/bad-answer"]:find("not number", 1, true))
      assert.is_truthy(errors["team/error-object"]:find("table", 1, true))
      assert.is_table(builtin_crashloop(d))
      assert.are.equal("crashloop.", d.primary.category:sub(1, 10))
      assert.is_truthy(d:render("text"):find("team/boom", 1, true))
   end)

   it("stops an endless check at the instruction budget", function()
      local rs = podsim.rules { budget = 100000 }
      assert.are.equal(100000, rs:budget())
      assert(rs:add { id = "team/spin", category = "team.spin", title = "spin",
                      check = function() while true do end end })
      assert(rs:add { id = "team/spin-pcall", category = "team.spin2", title = "spin",
                      check = function()
                         while true do pcall(function() while true do end end) end
                      end })
      local t0 = os.clock()
      local d = assert(podsim.diagnose(crashloop_cluster(), "default/web-0", { as_of = AS_OF, rules = rs }))
      assert.is_true(os.clock() - t0 < 5)
      local errors = {}
      for _, e in ipairs(d.rule_errors) do errors[e.rule] = e.message end
      assert.is_truthy(errors["team/spin"]:find("instruction budget exceeded", 1, true))
      assert.is_truthy(errors["team/spin-pcall"]:find("instruction budget exceeded", 1, true))
      -- the hook is gone afterwards: ordinary code runs as long as it likes
      local n = 0
      for i = 1, 300000 do n = n + i end
      assert.are.equal(45000150000, n)
      assert.has_error(function() rs:budget(0) end)
   end)

   it("runs checks without os, io, load or require", function()
      local marker = os.tmpname()
      os.remove(marker)
      local rs = podsim.rules()
      assert(rs:add { id = "team/os", category = "team.os", title = "os",
                      check = function() os.execute("touch " .. marker) return true end })
      assert(rs:add { id = "team/io", category = "team.io", title = "io",
                      check = function() io.open(marker, "w"):write("x") return true end })
      assert(rs:add { id = "team/load", category = "team.load", title = "load",
                      check = function() return load("return 1")() end })
      assert(rs:add { id = "team/require", category = "team.req", title = "req",
                      check = function() return require("os") end })
      assert(rs:add { id = "team/debug", category = "team.dbg", title = "dbg",
                      check = function() return debug.sethook() end })
      assert(rs:add { id = "team/string-mt", category = "team.smt", title = "smt",
                      check = function() return getmetatable("").__index.rep ~= nil end })
      assert(rs:add { id = "team/safe", category = "team.safe", title = "safe",
                      check = function()
                         return { summary = string.format("%d %s %d", math.max(1, 2),
                                                          table.concat({ "a", "b" }, ","),
                                                          utf8.len("é")) }
                      end })
      local d = assert(podsim.diagnose(crashloop_cluster(), "default/web-0", { as_of = AS_OF, rules = rs }))
      local errors = {}
      for _, e in ipairs(d.rule_errors) do errors[e.rule] = e.message end
      for _, id in ipairs { "team/os", "team/io", "team/load", "team/require", "team/debug", "team/string-mt" } do
         assert.is_string(errors[id], id)
      end
      assert.is_truthy(errors["team/os"]:find("os", 1, true))
      assert.is_nil(io.open(marker, "r"))
      local safe = find(d.findings, function(f) return f.rule == "team/safe" end)
      assert.are.equal("2 a,b 1", safe.summary)
      -- the host's own environment is untouched
      assert.is_function(os.execute)
      assert.is_function(getmetatable("").__index.rep)
   end)

   it("rejects malformed rule tables", function()
      local rs = podsim.rules()
      assert.has_error(function() rs:add { category = "x", title = "no id" } end)
      assert.has_error(function() rs:add { id = "team/f", category = "x", title = "x", labels = { f = print } } end)
      assert.has_error(function() rs:add { id = "team/c", category = "x", title = "x", check = print } end)
      assert.has_error(function() rs:add { id = "team/k", category = "x", title = "x", check = 1 } end)
      local cyc = {}
      cyc.self = cyc
      assert.has_error(function() rs:add { id = "team/cycle", category = "x", title = "x", when = cyc } end)
      assert.has_error(function() rs:add { id = "team/nan", category = "x", title = "x", priority = 0 / 0 } end)
      -- shape errors come from the rule compiler as failures
      local ok, msg, status = rs:add { id = "team/no-title", category = "x" }
      assert.is_nil(ok)
      assert.is_string(msg)
      assert.is_string(status)
   end)

   it("registers into the default rule set with podsim.rule", function()
      local before = podsim.default_rules():count()
      assert(podsim.rule {
         id = "team/default-set",
         category = "team.default",
         priority = 5,
         severity = "info",
         when = { ["pod.name"] = { prefix = "web-" } },
         title = "seen by the default rule set",
         check = function(ctx) return ctx.facts["pod.name"] == "web-0" end,
      })
      assert.are.equal(before + 1, podsim.default_rules():count())
      local d = assert(podsim.diagnose(crashloop_cluster(), "default/web-0", { as_of = AS_OF }))
      assert.is_table(find(d.findings, function(f) return f.rule == "team/default-set" end))
      -- a rule set given explicitly replaces the default set
      local d2 = assert(podsim.diagnose(crashloop_cluster(), "default/web-0",
                                        { as_of = AS_OF, rules = podsim.rules() }))
      assert.is_nil(find(d2.findings, function(f) return f.rule == "team/default-set" end))
      assert(podsim.default_rules():disable("team/default-set"))
      local d3 = assert(podsim.diagnose(crashloop_cluster(), "default/web-0", { as_of = AS_OF }))
      assert.is_nil(find(d3.findings, function(f) return f.rule == "team/default-set" end))
   end)
end)

describe("rule sets", function()
   it("lists, counts and disables built-in rules", function()
      local c = crashloop_cluster()
      local base = assert(podsim.diagnose(c, "default/web-0", { as_of = AS_OF }))
      local builtin = assert(builtin_crashloop(base))
      local rs = podsim.rules()
      local n = rs:count()
      assert.is_true(n > 0)
      local list = rs:list()
      assert.are.equal(n, #list)
      local entry = find(list, function(r) return r.id == builtin.rule end)
      assert.is_table(entry)
      assert.is_true(entry.enabled)
      assert(rs:disable(builtin.rule))
      assert.is_false(find(rs:list(), function(r) return r.id == builtin.rule end).enabled)
      local d = assert(podsim.diagnose(c, "default/web-0", { as_of = AS_OF, rules = rs }))
      assert.is_nil(find(d.findings, function(f) return f.rule == builtin.rule end))
      assert.is_true(contains(d.rules_disabled, builtin.rule))
      local ok, msg, status = rs:disable("team/no-such-rule")
      assert.is_nil(ok)
      assert.is_string(msg)
      assert.are.equal("PODSIM_ENOTFOUND", status)
      assert.is_truthy(tostring(rs):find("podsim.Rules", 1, true))
   end)

   it("loads YAML data rules", function()
      local path = write_temp([[
rules:
- id: team/yaml-restarts
  category: team.restarts
  priority: 95
  severity: warning
  when:
    pod.restarts: {ge: 5}
    event: {reason: BackOff, min_count: 10}
  title: "{pod.name} restarted {pod.restarts} times"
  fix: ["fix the crash"]
]], ".yaml")
      local rs = podsim.rules()
      local n = rs:count()
      assert(rs:load(path))
      os.remove(path)
      assert.are.equal(n + 1, rs:count())
      local d = assert(podsim.diagnose(crashloop_cluster(), "default/web-0", { as_of = AS_OF, rules = rs }))
      assert.are.equal("team/yaml-restarts", d.primary.rule)
      assert.are.equal("web-0 restarted 6 times", d.primary.title)
      assert.are.equal("warning", d.primary.severity)
      assert.are.same({ "fix the crash" }, d.primary.fix)
      -- load_string, and errors with a position
      assert(rs:load_string("{id: team/inline, category: team.inline, title: inline, when: {pod.phase: Failed}}"))
      local ok, msg, status = rs:load_string("id: [unclosed", "bad.yaml")
      assert.is_nil(ok)
      assert.is_truthy(msg:find("bad.yaml", 1, true))
      assert.are.equal("PODSIM_EPARSE", status)
      local ok2, _, status2 = rs:load("/nonexistent/rules.yaml")
      assert.is_nil(ok2)
      assert.is_string(status2)
   end)

   it("overrides a built-in rule by id", function()
      local c = crashloop_cluster()
      local builtin = assert(builtin_crashloop(assert(podsim.diagnose(c, "default/web-0", { as_of = AS_OF }))))
      local rs = podsim.rules()
      assert(rs:add { id = builtin.rule, on = "container", category = "crashloop.team-override",
                      priority = 45, when = { ["container.reason"] = "CrashLoopBackOff" },
                      title = "overridden" })
      local d = assert(podsim.diagnose(c, "default/web-0", { as_of = AS_OF, rules = rs }))
      assert.are.equal("crashloop.team-override", d.primary.category)
      assert.is_true(contains(d.rules_overridden, builtin.rule))
   end)

   it("loads a Lua rule pack in the sandbox", function()
      local marker = os.tmpname()
      os.remove(marker)
      local path = write_temp(([[
-- a team rule pack
local prefix = "team/pack-"
local pack = {}
pack[#pack + 1] = {
   id = prefix .. "restarts",
   category = "team.pack",
   priority = 96,
   when = { ["pod.restarts"] = { gt = 3 } },
   title = "pack rule",
   check = function(ctx)
      return { summary = "restarts=" .. ctx.facts["pod.restarts"] .. " os=" .. type(os) }
   end,
}
pack[#pack + 1] = {
   id = prefix .. "escape",
   category = "team.escape",
   title = "escape",
   check = function() io.open(%q, "w") return true end,
}
return pack
]]):format(marker), ".lua")
      local rs = podsim.rules()
      assert.are.equal(2, rs:load_lua(path))
      local d = assert(podsim.diagnose(crashloop_cluster(), "default/web-0", { as_of = AS_OF, rules = rs }))
      assert.are.equal("team/pack-restarts", d.primary.rule)
      assert.are.equal("restarts=6 os=nil", d.primary.summary)
      local err = find(d.rule_errors, function(e) return e.rule == "team/pack-escape" end)
      assert.is_table(err)
      assert.is_nil(io.open(marker, "r"))
      -- podsim.load_rules adds to a given set (or the default one)
      local rs2 = podsim.rules()
      assert.are.equal(2, podsim.load_rules(path, rs2))
      os.remove(path)

      -- a pack whose main chunk misbehaves
      local evil = write_temp("os.execute('touch " .. marker .. "') return {}", ".lua")
      local ok, msg = podsim.load_rules(evil, podsim.rules())
      assert.is_nil(ok)
      assert.is_truthy(msg:find("os", 1, true))
      os.remove(evil)
      local spin = write_temp("while true do end", ".lua")
      local rs3 = podsim.rules { budget = 50000 }
      local ok3, msg3 = rs3:load_lua(spin)
      assert.is_nil(ok3)
      assert.is_truthy(msg3:find("instruction budget exceeded", 1, true))
      os.remove(spin)
      assert.is_nil(io.open(marker, "r"))
      local ok4, _, status4 = podsim.load_rules("/nonexistent/pack.lua", podsim.rules())
      assert.is_nil(ok4)
      assert.are.equal("PODSIM_EIO", status4)
      -- a pack with a disable list
      local dis = write_temp([[return { rules = {}, disable = { "team/pack-restarts" } }]], ".lua")
      assert.are.equal(0, rs:load_lua(dis))
      os.remove(dis)
      local d2 = assert(podsim.diagnose(crashloop_cluster(), "default/web-0", { as_of = AS_OF, rules = rs }))
      assert.is_nil(find(d2.findings, function(f) return f.rule == "team/pack-restarts" end))
   end)
end)

-- ---------------------------------------------------------------------------
-- Simulations
-- ---------------------------------------------------------------------------

local NODE = [[
apiVersion: v1
kind: Node
metadata:
  name: node-1
  creationTimestamp: "2026-01-01T00:00:00Z"
  labels: {kubernetes.io/hostname: node-1}
status:
  allocatable: {cpu: "4", memory: 8Gi, pods: "110"}
  capacity: {cpu: "4", memory: 8Gi, pods: "110"}
  conditions: [{type: Ready, status: "True"}]
  nodeInfo: {kubeletVersion: v1.34.1}
]]

local MISSING_IMAGE_POD = [[
apiVersion: v1
kind: Pod
metadata: {name: web-0, namespace: default}
spec:
  containers:
  - name: app
    image: registry.example.com/team/app:does-not-exist
    resources: {requests: {cpu: 100m, memory: 64Mi}}
]]

describe("diagnosing a simulation", function()
   local function missing_image_sim()
      local sim = assert(podsim.simulation(assert(podsim.loads(NODE, "node.yaml")), { seed = 1 }))
      assert(sim:set_image("registry.example.com/team/app:does-not-exist", { missing = true }))
      assert(sim:apply(MISSING_IMAGE_POD))
      assert(sim:run("3m"))
      return sim
   end

   it("names the injected cause", function()
      local sim = missing_image_sim()
      local d = assert(podsim.diagnose(sim, "default/web-0"))
      assert.are.equal("simulation", d.source)
      assert.are.equal("web-0", d.subject.name)
      assert.is_table(d.primary)
      assert.are.equal("image.pull", d.primary.category:sub(1, 10))
      assert.are.equal("app", d.primary.container)
      assert.are.equal("simulated", d.provenance["pod.phase"])
      local m = assert(sim:diagnose("default/web-0"))
      assert.are.equal(d:render(), m:render())
      local none, _, status = podsim.diagnose(sim, "default/nope")
      assert.is_nil(none)
      assert.are.equal("PODSIM_ENOTFOUND", status)
      assert.has_error(function() podsim.diagnose(sim) end)
   end)

   it("dumps as kubectl YAML that loads back and diagnoses alike", function()
      local sim = missing_image_sim()
      local text = assert(sim:dump())
      assert.is_truthy(text:find("kind: List", 1, true))
      local c = assert(podsim.loads(text, "dump.yaml"))
      assert.are.equal(sim:cluster():count("Pod"), c:count("Pod"))
      assert.are.equal(sim:cluster():count("Node"), c:count("Node"))
      local from_sim = assert(podsim.diagnose(sim, "default/web-0"))
      local from_dump = assert(podsim.diagnose(c, "default/web-0", { as_of = from_sim.as_of }))
      assert.are.equal("dump", from_dump.source)
      assert.are.equal(from_sim.primary.category, from_dump.primary.category)
   end)

   it("runs Lua rules inside a simulation diagnosis", function()
      local sim = missing_image_sim()
      local rs = podsim.rules()
      assert(rs:add { id = "team/registry", on = "container", category = "image.pull.team-registry",
                      priority = 56, when = { ["container.image_host"] = "registry.example.com" },
                      suppresses = { "image.pull." }, title = "the team registry lacks {container.image}",
                      check = function(ctx) return ctx.facts["container.state"] == "waiting" end })
      local d = assert(podsim.diagnose(sim, "default/web-0", { rules = rs }))
      assert.are.equal("team/registry", d.primary.rule)
      assert.are.equal("the team registry lacks registry.example.com/team/app:does-not-exist", d.primary.title)
   end)
end)
