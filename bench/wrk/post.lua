-- wrk script of the peak runs: cycles through a pool of pre-signed requests written by `Bench wrk-file`
-- (one "signature body" line each), so every request is a realistic signed webhook, not one body repeated.
local requests = {}
local next_index = 1
local answers = {}

function init(args)
  local path = args[2] or "/webhooks/begini"
  for line in io.lines(args[1]) do
    local space = line:find(" ", 1, true)
    local signature = line:sub(1, space - 1)
    local body = line:sub(space + 1)
    requests[#requests + 1] = wrk.format("POST", path,
      { ["Content-Type"] = "application/json", ["X-Signature"] = signature }, body)
  end
  next_index = 1
end

function request()
  local r = requests[next_index]
  next_index = next_index + 1
  if next_index > #requests then next_index = 1 end
  return r
end

function done(summary, latency, requests_)
  io.write(string.format(
    'WRK_JSON {"requests":%d,"duration_us":%d,"bytes":%d,"connect_errors":%d,"read_errors":%d,' ..
    '"write_errors":%d,"non2xx":%d,"timeouts":%d,"p50_ms":%.3f,"p99_ms":%.3f,"pool":%d}\n',
    summary.requests, summary.duration, summary.bytes, summary.errors.connect, summary.errors.read,
    summary.errors.write, summary.errors.status, summary.errors.timeout,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, #requests))
end
