-- Static checks that keep the Lua binding in step with podsim.h and the
-- build: every field of every converted struct reaches Lua, and the
-- rockspec compiles the same core sources that exist.
--
-- Run from the repository root (paths are relative to it):
--   busted --lua=lua5.4 tests/lua/binding_spec.lua

local HEADER = os.getenv("PODSIM_HEADER") or "core/include/podsim.h"
local BINDING = "bindings/lua/podsim_lua.c"
local ROCKSPEC = "lua/podsim-scm-1.rockspec"

local function read_file(path)
   local f = io.open(path, "rb")
   if not f then return nil end
   local text = f:read("a")
   f:close()
   return text
end

-- Field names of every `typedef struct X {...} X;` in the header.
local function header_structs(header)
   local structs = {}
   for name, body in header:gmatch("typedef struct ([%w_]+) {(.-)\n} %1;") do
      body = body:gsub("/%*.-%*/", "")
      local fields = {}
      for decl in body:gmatch("([^;]+);") do
         local ctype, field = decl:match("^%s*(.-)%s*([%w_]+)%s*$")
         if not field then
            -- an array member such as added[PODSIM_KIND_COUNT]
            ctype, field = decl:match("^%s*(.-)%s*([%w_]+)%s*%[.-%]%s*$")
         end
         fields[#fields + 1] = { ctype = ctype, name = field }
      end
      structs[name] = fields
   end
   return structs
end

-- For each `push_<x>(lua_State *L, const <struct> *o)` in the binding, the
-- set of field names its body mentions (SET_*(f ...), o->f, or a string
-- key "f").
local function binding_pushers(source)
   local pushers = {}
   for struct, body in source:gmatch(
      "\nstatic void push_[%w_]+%(%s*lua_State %*L,%s*const ([%w_]+) %*o%)%s*{(.-)\n}\n") do
      local used = {}
      for f in body:gmatch("SET_[%u_]+%(([%w_]+)") do used[f] = true end
      for f in body:gmatch("SET_ARRAY%([%w_]+,%s*([%w_]+)") do used[f] = true end
      for f in body:gmatch("o%->([%w_]+)") do used[f] = true end
      for f in body:gmatch('"([%w_]+)"') do used[f] = true end
      pushers[struct] = used
   end
   return pushers
end

describe("the Lua binding", function()
   local header = read_file(HEADER)
   local source = read_file(BINDING)
   if not (header and source) then
      pending("run from the repository root (needs " .. HEADER .. " and "
              .. BINDING .. ")")
      return
   end

   it("converts every field of every struct it converts", function()
      local structs = header_structs(header)
      local pushers = binding_pushers(source)
      local checked = 0
      for struct, used in pairs(pushers) do
         local fields = structs[struct]
         assert.is_not_nil(fields, struct .. " is not a struct of podsim.h")
         for _, f in ipairs(fields) do
            local name = f.name == "namespace_" and "namespace" or f.name
            assert.is_true(used[name] or used[f.name] or false,
                           ("%s.%s is not converted"):format(struct, f.name))
         end
         checked = checked + 1
      end
      assert.is_true(checked >= 40, "found only " .. checked .. " pushers")
   end)

   it("converts every model struct of podsim.h", function()
      local pushers = binding_pushers(source)
      local skip = {
         -- not model views: handled by dedicated code or not exposed
         podsim_error = true, podsim_quantity = true, podsim_kv = true,
         podsim_kvs = true, podsim_strings = true, podsim_resource = true,
         podsim_resources = true, podsim_opt_i64 = true,
         podsim_limits = true, podsim_cluster_options = true,
         podsim_load_stats = true, podsim_pod_row = true,
         -- scheduling inputs, read from Lua arguments
         podsim_plugin_call = true, podsim_plugin_def = true,
         podsim_schedule_options = true,
         -- simulation inputs, read from Lua arguments
         podsim_timing = true, podsim_behavior = true,
         podsim_sim_options = true, podsim_node_lifecycle = true,
         -- reshaped as Python does: scores[node][plugin], totals[node]
         podsim_node_score = true,
         -- diagnosis input, read from Lua arguments
         podsim_diagnose_options = true,
      }
      for struct in pairs(header_structs(header)) do
         if not skip[struct] then
            assert.is_not_nil(pushers[struct],
                              "no push function for " .. struct)
         end
      end
   end)

   it("uses the core's names for enums (no name tables)", function()
      -- Every enum conversion goes through podsim_enum_name; the only
      -- string lists are the view names of podsim_cluster_render and
      -- option keys, which have no name function in podsim.h.
      local code = source:gsub("/%*.-%*/", "")
      for _, k in ipairs { '"NoSchedule"', '"Running"', '"DecimalSI"',
                           '"IfNotPresent"', '"Deployment"' } do
         assert.is_nil(code:find(k, 1, true), k .. " spelled in the binding")
      end
   end)

   it("keeps no mutable C statics", function()
      for line in source:gmatch("[^\n]+") do
         if line:match("^%s*static") and not line:match("%(") then
            assert.is_truthy(line:match("^static const "),
                             "mutable static: " .. line)
         end
      end
   end)
end)

describe("the rockspec", function()
   local text = read_file(ROCKSPEC)
   if not text then
      pending(ROCKSPEC .. " not found")
      return
   end

   local spec = {}
   assert(load(text, ROCKSPEC, "t", spec))()

   it("describes a Lua 5.4 module built with the builtin backend", function()
      assert.are.equal("podsim", spec.package)
      assert.are.equal("scm-1", spec.version)
      assert.are.same({ "lua >= 5.4, < 5.5" }, spec.dependencies)
      assert.are.equal("builtin", spec.build.type)
      assert.is_table(spec.external_dependencies.YAML)
      assert.is_table(spec.build.modules.podsim)
   end)

   it("compiles exactly core/src/*.c and the binding", function()
      local listed = {}
      for _, s in ipairs(spec.build.modules.podsim.sources) do
         listed[s] = true
      end
      assert.is_true(listed[BINDING], BINDING .. " not in the rockspec")
      local p = assert(io.popen("ls core/src"))
      local on_disk = {}
      for name in p:lines() do
         if name:match("%.c$") then
            on_disk["core/src/" .. name] = true
            assert.is_true(listed["core/src/" .. name] or false,
                           "core/src/" .. name .. " missing from the rockspec")
         end
      end
      p:close()
      for s in pairs(listed) do
         if s ~= BINDING then
            assert.is_true(on_disk[s] or false, s .. " listed but not on disk")
         end
      end
   end)
end)
