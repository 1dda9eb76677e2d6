-- The bare Flask baseline: GET / on bench/hello.py.
response = function(status, headers, body)
  if status ~= 200 then error("hello answered " .. status) end
end
