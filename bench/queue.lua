-- The staff queue: GET /staff/ with filters, signed in as one handler (BENCH_COOKIE from queue.py).
local cookie = os.getenv("BENCH_COOKIE")
local paths = {
  "/staff/",
  "/staff/?overdue=1",
  "/staff/?stage=2&area=housing-repairs",
  "/staff/?sort=received&page=200",
  "/staff/?assignee=me&status=acknowledged",
}
local n = 0
request = function()
  n = n + 1
  return wrk.format("GET", paths[(n % #paths) + 1], {["Cookie"] = cookie})
end
response = function(status, headers, body)
  if status ~= 200 then error("the queue answered " .. status) end
end
