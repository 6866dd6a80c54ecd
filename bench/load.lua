-- wrk script for bench/load.py: each connection asks for the pages given after `--` in turn
-- (and any `Cookie` header given with -H goes with every request). At the end it prints
-- `rps`, `p50_ms`, `p95_ms`, `requests` and `errors` (connect, read, write and timeout errors,
-- plus every response whose status is not 2xx), one `name: value` line each.
local threads = {}

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

function init(args)
  paths = {}
  for _, path in ipairs(args) do
    table.insert(paths, path)
  end
  if #paths == 0 then
    paths = { "/" }
  end
  -- Threads start at different pages, so the mix is even from the first request.
  turn = id or 0
  not_2xx = 0
end

function request()
  turn = turn + 1
  return wrk.format("GET", paths[(turn % #paths) + 1])
end

function response(status, headers, body)
  if status < 200 or status > 299 then
    not_2xx = not_2xx + 1
  end
end

function done(summary, latency, requests)
  local not_ok = 0
  for _, thread in ipairs(threads) do
    not_ok = not_ok + (thread:get("not_2xx") or 0)
  end
  local e = summary.errors
  local seconds = summary.duration / 1e6
  io.write(string.format("rps: %.1f\n", summary.requests / seconds))
  io.write(string.format("p50_ms: %.1f\n", latency:percentile(50) / 1000))
  io.write(string.format("p95_ms: %.1f\n", latency:percentile(95) / 1000))
  io.write(string.format("requests: %d\n", summary.requests))
  io.write(string.format("errors: %d\n", e.connect + e.read + e.write + e.timeout + not_ok))
end
