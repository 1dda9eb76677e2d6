-- Status lookups: POST /en/status/ with a reference and postcode from the seeded cases.
-- BENCH_COOKIE, BENCH_TOKEN and BENCH_REFS (a file of "REFERENCE POSTCODE" lines) come from load.py.
local cookie = os.getenv("BENCH_COOKIE")
local token = os.getenv("BENCH_TOKEN")
local refs = {}
for line in io.lines(os.getenv("BENCH_REFS")) do
  local ref, postcode = line:match("^(%S+) (.+)$")
  refs[#refs + 1] = "csrf_token=" .. token .. "&reference=" .. ref .. "&secret=" .. postcode:gsub(" ", "+")
end
local n = 0
request = function()
  n = n + 1
  return wrk.format("POST", "/en/status/", {
    ["Cookie"] = cookie,
    ["Content-Type"] = "application/x-www-form-urlencoded",
  }, refs[(n % #refs) + 1])
end
response = function(status, headers, body)
  if status ~= 302 then error("a lookup answered " .. status .. ", not the redirect to the case") end
end
