-- Quantities through the Lua binding: podsim.quantity and podsim.Quantity.
--
-- Run from the repository root:
--   busted --lua=lua5.4 --cpath='build/?.so' tests/lua
-- PODSIM_LUA_CPATH (a package.cpath fragment) is prepended when set; the
-- build directory "./build/?.so" is always appended as a fallback.
-- The golden file is $PODSIM_GOLDEN, else
-- $PODSIM_SHARED_DIR/golden/scheduler-cases.json (PODSIM_SHARED_DIR defaults
-- to ../shared, beside the checkout); its cases are skipped when absent.

if os.getenv("PODSIM_LUA_CPATH") then
   package.cpath = os.getenv("PODSIM_LUA_CPATH") .. ";" .. package.cpath
end
package.cpath = package.cpath .. ";./build/?.so"

local podsim = require "podsim"

local GOLDEN = os.getenv("PODSIM_GOLDEN")
   or (os.getenv("PODSIM_SHARED_DIR") or "../shared")
      .. "/golden/scheduler-cases.json"

-- A small JSON reader, enough for the golden file (test-only: JSON is not
-- part of podsim's Lua API). null decodes to the sentinel `null` so arrays
-- keep their positions.
local null = setmetatable({}, { __tostring = function() return "null" end })

local function json_decode(text)
   local pos = 1
   local value

   local function fail(what)
      error(("json: %s at byte %d"):format(what, pos), 0)
   end

   local function skip()
      pos = text:find("[^ \t\r\n]", pos) or #text + 1
   end

   local escapes = {
      ['"'] = '"', ["\\"] = "\\", ["/"] = "/", b = "\b", f = "\f",
      n = "\n", r = "\r", t = "\t",
   }

   local function string_value()
      local out = {}
      pos = pos + 1
      while true do
         local c = text:sub(pos, pos)
         if c == "" then fail("unterminated string") end
         if c == '"' then pos = pos + 1; break end
         if c == "\\" then
            local e = text:sub(pos + 1, pos + 1)
            if e == "u" then
               local hex = text:sub(pos + 2, pos + 5)
               local cp = tonumber(hex, 16) or fail("bad \\u escape")
               if cp >= 0xD800 and cp <= 0xDBFF
                  and text:sub(pos + 6, pos + 7) == "\\u" then
                  local lo = tonumber(text:sub(pos + 8, pos + 11), 16)
                  cp = 0x10000 + (cp - 0xD800) * 0x400 + (lo - 0xDC00)
                  pos = pos + 6
               end
               out[#out + 1] = utf8.char(cp)
               pos = pos + 6
            else
               out[#out + 1] = escapes[e] or fail("bad escape")
               pos = pos + 2
            end
         else
            local stop = text:find('["\\]', pos) or fail("unterminated string")
            out[#out + 1] = text:sub(pos, stop - 1)
            pos = stop
         end
      end
      return table.concat(out)
   end

   function value()
      skip()
      local c = text:sub(pos, pos)
      if c == "{" then
         local obj = {}
         pos = pos + 1
         skip()
         if text:sub(pos, pos) == "}" then pos = pos + 1; return obj end
         repeat
            skip()
            if text:sub(pos, pos) ~= '"' then fail("expected key") end
            local k = string_value()
            skip()
            if text:sub(pos, pos) ~= ":" then fail("expected ':'") end
            pos = pos + 1
            obj[k] = value()
            skip()
            c = text:sub(pos, pos)
            pos = pos + 1
         until c ~= ","
         if c ~= "}" then fail("expected '}'") end
         return obj
      elseif c == "[" then
         local arr = {}
         pos = pos + 1
         skip()
         if text:sub(pos, pos) == "]" then pos = pos + 1; return arr end
         repeat
            arr[#arr + 1] = value()
            skip()
            c = text:sub(pos, pos)
            pos = pos + 1
         until c ~= ","
         if c ~= "]" then fail("expected ']'") end
         return arr
      elseif c == '"' then
         return string_value()
      elseif text:find("^true", pos) then
         pos = pos + 4; return true
      elseif text:find("^false", pos) then
         pos = pos + 5; return false
      elseif text:find("^null", pos) then
         pos = pos + 4; return null
      else
         local num = text:match("^-?%d+%.?%d*[eE]?[-+]?%d*", pos)
         if not num or num == "" then fail("unexpected character") end
         pos = pos + #num
         return math.tointeger(tonumber(num)) or tonumber(num)
      end
   end

   local result = value()
   skip()
   if pos <= #text then fail("trailing data") end
   return result
end

local function read_golden()
   local f = io.open(GOLDEN, "rb")
   if not f then return nil end
   local text = f:read("a")
   f:close()
   return json_decode(text)
end

-- {input, MilliValue() or false when it overflows, canonical, Value() or
-- false, format}, copied from scheduler-cases.json (apimachinery v0.34.0
-- quantity_test.go) so that they run without ../shared.
local FIXED = {
   { "0", 0, "0", 0, "DecimalSI" },
   { "0Ki", 0, "0", 0, "BinarySI" },
   { "1", 1000, "1", 1, "DecimalSI" },
   { "1Ki", 1024000, "1Ki", 1024, "BinarySI" },
   { "6Gi", 6442450944000, "6Gi", 6442450944, "BinarySI" },
   { "5n", 1, "5n", 1, "DecimalSI" },
   { "3m", 3, "3m", 1, "DecimalSI" },
   { "8k", 8000000, "8k", 8000, "DecimalSI" },
   { "1E", false, "1E", 1000000000000000000, "DecimalSI" },
   { "1e3", 1000000, "1e3", 1000, "DecimalExponent" },
   { "1E6", 1000000000, "1e6", 1000000, "DecimalExponent" },
   { "1E18", false, "1e18", 1000000000000000000, "DecimalExponent" },
   { "1e14", 100000000000000000, "100e12", 100000000000000,
     "DecimalExponent" },
   { "100.035k", 100035000, "100035", 100035, "DecimalSI" },
   { "0.001", 1, "1m", 1, "DecimalSI" },
   { "0.5e0", 500, "500e-3", 1, "DecimalExponent" },
   { "10.035M", 10035000000, "10035k", 10035000, "DecimalSI" },
   { "1.01E", false, "1010P", 1010000000000000000, "DecimalSI" },
   { "3.001n", 1, "4n", 1, "DecimalSI" },
   { "1.1E-9", 1, "2e-9", 1, "DecimalExponent" },
   { "0.00000012345", 1, "124n", 1, "DecimalSI" },
   { "9Ei", false, "9223372036854775807", 9223372036854775807, "BinarySI" },
   { "12E", false, "12E", false, "DecimalSI" },
   { "100.035Ki", 102435840, "102435840m", 102436, "BinarySI" },
   { "0.5Mi", 524288000, "512Ki", 524288, "BinarySI" },
   { ".001Ki", 1024, "1024m", 2, "BinarySI" },
   { ".000000000001Ki", 1, "2n", 1, "DecimalSI" },
   { "1024Mi", 1073741824000, "1Gi", 1073741824, "BinarySI" },
   { "1025024Mi", 1074815565824000, "1001Gi", 1074815565824, "BinarySI" },
   { "5000m", 5000, "5", 5, "DecimalSI" },
   { "1.08", 1080, "1080m", 2, "DecimalSI" },
   { "1000e-12", 1, "1e-9", 1, "DecimalExponent" },
   { "1080u", 2, "1080u", 1, "DecimalSI" },
}

local INVALID = {
   "1.1.M", "1+1.0M", "0.1mi", "0.1am", "aoeu", ".5i", "1i", "-3.01i",
   "-3.01e-", " 1", "1 ", "",
}

-- One case through every accessor; `milli` / `value` false = overflow.
local function check_case(input, milli, canonical, value, format)
   local q, msg, status = podsim.quantity(input)
   assert(q, ("quantity %q: %s %s"):format(input, tostring(msg),
                                            tostring(status)))
   assert.are.equal(canonical, tostring(q), "String() of " .. input)
   if format then
      assert.are.equal(format, q.format, "format of " .. input)
   end
   if milli then
      assert.are.equal(milli, q:milli(), "MilliValue() of " .. input)
   else
      local r, m, s = q:milli()
      assert.is_nil(r, "MilliValue() of " .. input .. " should overflow")
      assert.are.equal("PODSIM_ERANGE", s)
      assert.is_string(m)
   end
   if value then
      assert.are.equal(value, q:value(), "Value() of " .. input)
   elseif value == false then
      local r, _, s = q:value()
      assert.is_nil(r, "Value() of " .. input .. " should overflow")
      assert.are.equal("PODSIM_ERANGE", s)
   end
   -- the canonical string reads back to an equal quantity
   assert.are.equal(q, podsim.quantity(canonical), "re-parse of " .. input)
end

describe("podsim.quantity", function()
   it("parses the fixed upstream cases", function()
      for _, c in ipairs(FIXED) do
         check_case(c[1], c[2], c[3], c[4], c[5])
      end
   end)

   it("returns nil, message, status for text that is not a quantity",
      function()
         for _, text in ipairs(INVALID) do
            local q, msg, status = podsim.quantity(text)
            assert.is_nil(q, ("%q should not parse"):format(text))
            assert.is_string(msg)
            assert.is_truthy(msg:find(text, 1, true))
            assert.are.equal("PODSIM_EINVAL", status)
         end
      end)

   it("reports values beyond the representation as PODSIM_ERANGE", function()
      local q, msg, status = podsim.quantity("1234567890123456789012345")
      assert.is_nil(q)
      assert.is_string(msg)
      assert.are.equal("PODSIM_ERANGE", status)
   end)

   it("raises on arguments that are not strings", function()
      assert.has_error(function() podsim.quantity({}) end)
      assert.has_error(function() podsim.quantity() end)
   end)

   it("accepts numbers and quantities", function()
      assert.are.equal("5", tostring(podsim.quantity(5)))
      local q = podsim.quantity("1Gi")
      local copy = podsim.quantity(q)
      assert.are.equal(q, copy)
      assert.are_not.equal(rawequal(q, copy), true)
   end)

   it("exposes mantissa, exponent and format", function()
      local q = podsim.quantity("1500m")
      assert.are.equal(15, q.mantissa)
      assert.are.equal(-1, q.exponent) -- 1.5 = 15 x 10^-1
      assert.are.equal("DecimalSI", q.format)
      assert.are.equal("BinarySI", podsim.quantity("1Ki").format)
      assert.are.equal("DecimalExponent", podsim.quantity("1e3").format)
      assert.is_nil(q.no_such_field)
   end)

   it("compares exactly, ignoring the format", function()
      local q = podsim.quantity
      assert.is_true(q("1Gi") == q("1024Mi"))
      assert.is_true(q("1") == q("1000m"))
      assert.is_true(q("1k") == q("1e3"))
      assert.is_false(q("1") == q("1001m"))
      assert.is_true(q("1") < q("1001m"))
      assert.is_true(q("999m") < q("1"))
      assert.is_true(q("1000m") <= q("1"))
      assert.is_false(q("2") <= q("1"))
      assert.is_true(q("1Mi") > q("1M"))
      assert.is_true(q("-1") < q("0"))
      assert.is_false(q("1") == "1")
      assert.has_error(function() return q("1") < 2 end)
   end)

   it("adds exactly in the format of the left operand", function()
      local q = podsim.quantity
      local sum = q("1Gi") + q("512Mi")
      assert.are.equal("1536Mi", tostring(sum))
      assert.are.equal("BinarySI", sum.format)
      assert.are.equal("1500m", tostring(q("1") + q("500m")))
      assert.are.equal(q("3"), q("1") + q("1") + q("1"))
      assert.are.equal("0", tostring(q("1") + q("-1")))
      assert.has_error(function() return q("1") + 1 end)
   end)

   it("raises when a sum overflows", function()
      local big = podsim.quantity("9Ei")
      assert.has_error(function() return big + big end)
   end)

   it("builds quantities from milli values", function()
      assert.are.equal("1500m", tostring(podsim.quantity_from_milli(1500)))
      assert.are.equal("2",
         tostring(podsim.quantity_from_milli(2000, "DecimalSI")))
      local b = podsim.quantity_from_milli(1024 * 1024 * 1000, "BinarySI")
      assert.are.equal("1Mi", tostring(b))
      assert.has_error(function() podsim.quantity_from_milli(1, "Binary") end)
   end)

   it("is usable as a table value and in tostring/concat", function()
      local q = podsim.quantity("250m")
      assert.are.equal("cpu=250m", "cpu=" .. tostring(q))
      assert.are.equal("podsim.Quantity", getmetatable(q).__name)
   end)
end)

describe("golden quantity cases", function()
   local golden = read_golden()

   if not golden then
      pending("golden file not found: " .. GOLDEN)
      return
   end

   it("match every [input, MilliValue, String] triple", function()
      assert.is_true(#golden.quantity > 50)
      for _, c in ipairs(golden.quantity) do
         local milli = c[2]
         if milli == null then milli = false end
         check_case(c[1], milli, c[3], nil, nil)
      end
   end)

   it("match value and format of every detailed case", function()
      local details = golden.quantity_details
      assert.is_true(#details.cases > 50)
      for _, c in ipairs(details.cases) do
         local milli = c.milliValue
         local value = c.value
         if milli == null then milli = false end
         if value == null then value = false end
         check_case(c.input, milli, c.canonical, value, c.format)
      end
   end)

   it("reject every invalid input", function()
      for _, text in ipairs(golden.quantity_details.invalid_inputs) do
         local q, msg, status = podsim.quantity(text)
         assert.is_nil(q, ("%q should not parse"):format(text))
         assert.is_string(msg)
         assert.are.equal("PODSIM_EINVAL", status)
      end
   end)
end)
