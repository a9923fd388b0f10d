-- wrk script: POST form bodies read from the file named in env BENCH_BODIES (one per line);
-- each of the BENCH_THREADS threads takes its own share of the lines and sends them in turn, so a
-- one-time start token is used once (until the file runs out, then the lines come round again).
local next_id = 0

function setup(thread)
  thread:set("id", next_id)
  next_id = next_id + 1
end

function init(args)
  bodies = {}
  counter = 0
  local total = tonumber(os.getenv("BENCH_THREADS") or "1")
  local n = 0
  for line in io.lines(os.getenv("BENCH_BODIES")) do
    if n % total == id then table.insert(bodies, line) end
    n = n + 1
  end
end

function request()
  counter = counter + 1
  local body = bodies[(counter - 1) % #bodies + 1]
  return wrk.format("POST", nil, {["Content-Type"] = "application/x-www-form-urlencoded"}, body)
end
