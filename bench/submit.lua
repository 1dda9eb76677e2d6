-- Submissions: each connection walks the whole form (13 POSTs, in the journey's order: tracker/journey.py)
-- and sends it, again and again; a step answered out of order would be sent back, and fails the run.
-- Run with as many connections as threads (-t N -c N) so each thread's cookie belongs to one connection.
local steps = {
  {"/en/new/kind", "kind=complaint"},
  {"/en/new/area", "service_area=housing-repairs"},
  {"/en/new/reported", "reported_before=yes"},
  {"/en/new/tenure", "tenure=tenant"},
  {"/en/new/hazard", "hazard=no&at_risk=no"},
  {"/en/new/details", "description=The+lift+has+been+broken+for+a+week."},
  {"/en/new/evidence", ""},
  {"/en/new/when", "day=2&month=11&year=2026"},
  {"/en/new/outcome", "outcome_wanted=Repair+it."},
  {"/en/new/behalf", "on_behalf=no"},
  {"/en/new/contact", "contact_method=letter&name=Bench+Resident&address=1+Station+Road&postcode=HA1+2XY"},
  {"/en/new/adjustments", ""},
  {"/en/new/check", ""},
}
local cookie, token, step = nil, nil, 0
sent = 0  -- global, so done() can read it from each thread
local threads = {}

setup = function(thread) threads[#threads + 1] = thread end

request = function()
  if token == nil then
    return wrk.format("GET", "/en/new/kind", cookie and {["Cookie"] = cookie} or {})
  end
  local s = steps[step + 1]
  local body = "csrf_token=" .. token
  if s[2] ~= "" then body = body .. "&" .. s[2] end
  return wrk.format("POST", s[1], {
    ["Cookie"] = cookie,
    ["Content-Type"] = "application/x-www-form-urlencoded",
  }, body)
end

response = function(status, headers, body)
  local set = headers["Set-Cookie"]
  if set then cookie = set:match("^([^;]+)") end
  if token == nil then
    token = body:match('name="csrf_token" value="([^"]+)"')
    return
  end
  if status ~= 302 then error("step " .. steps[step + 1][1] .. " answered " .. status) end
  local next_page = steps[step + 2] and steps[step + 2][1] or "/en/new/done"
  local location = headers["Location"] or ""
  if location:sub(-#next_page) ~= next_page then
    error("step " .. steps[step + 1][1] .. " led to " .. location .. ", not " .. next_page)
  end
  step = step + 1
  if step == #steps then
    step = 0
    sent = sent + 1
  end
end

done = function(summary, latency, requests)
  local total = 0
  for _, thread in ipairs(threads) do total = total + (thread:get("sent") or 0) end
  io.write(string.format("submissions: %d\n", total))
end
