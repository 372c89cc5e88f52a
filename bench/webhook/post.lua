-- wrk script for the webhook benchmark: POSTs a signed GitHub push delivery, as GitHub-Hookshot does, with a
-- X-GitHub-Delivery that is unique per request, so a server that deduplicates stores every one.
--
-- Environment:
--   PAYLOAD    the body file (bench/webhook/make_push.py writes push.json)
--   SIGNATURE  a file holding the X-Hub-Signature-256 value for that body (make_push.py writes `signature`)
--   RUN        a stamp that makes this run's delivery ids differ from every other run's (default: the time)
--   HOOK_ID    the X-GitHub-Hook-ID (default 520147733)
--
-- usage: PAYLOAD=push.json SIGNATURE=signature RUN=c16 wrk -t2 -c16 -d15s -s post.lua http://127.0.0.1:PORT/webhooks/github
--
-- `done` prints one line `WEBHOOK_BENCH {...}`: requests (responses received), sent (requests written: the
-- difference is what was in flight when wrk stopped, at most one per connection), rps, p50/p90/p99/max in ms,
-- non2xx (wrk's status errors: answers of 400 and above), socket_errors (connect, read, write, timeout).

local function slurp(path, what)
  local file = io.open(path or "", "rb")
  if not file then
    io.stderr:write("post.lua: cannot read " .. what .. " file '" .. tostring(path) .. "': set " .. what .. "=path\n")
    os.exit(2)
  end
  local text = file:read("*a")
  file:close()
  return text
end

wrk.method = "POST"
wrk.body = slurp(os.getenv("PAYLOAD"), "PAYLOAD")
wrk.headers["Content-Type"] = "application/json"
wrk.headers["User-Agent"] = "GitHub-Hookshot/8e03811"
wrk.headers["Accept"] = "*/*"
wrk.headers["X-GitHub-Event"] = "push"
wrk.headers["X-GitHub-Hook-ID"] = os.getenv("HOOK_ID") or "520147733"
wrk.headers["X-GitHub-Hook-Installation-Target-Type"] = "repository"
wrk.headers["X-GitHub-Hook-Installation-Target-ID"] = "734120958"
wrk.headers["X-Hub-Signature-256"] = (slurp(os.getenv("SIGNATURE"), "SIGNATURE"):gsub("%s+$", ""))

-- setup runs in the main Lua state once per thread; each thread then has its own state (its own globals).
local threads = {}
setup = function(thread)
  table.insert(threads, thread)
  thread:set("thread_number", #threads)
end

-- Globals of the thread's state, so `done` can read them with thread:get.
sent = 0
thread_number = 0
local run = os.getenv("RUN") or tostring(os.time())

request = function()
  sent = sent + 1
  wrk.headers["X-GitHub-Delivery"] = string.format("bench-%s-t%d-%010d", run, thread_number, sent)
  return wrk.format()
end

done = function(summary, latency, requests)
  local total_sent = 0
  for _, thread in ipairs(threads) do total_sent = total_sent + (tonumber(thread:get("sent")) or 0) end
  -- wrk calls the first thread's request() once before the run to check the script (script_verify_request in
  -- wrk.c) and never sends that request; it used up one number of thread 1, so it is not counted.
  total_sent = total_sent - 1
  local errors = summary.errors
  local seconds = summary.duration / 1e6
  io.write(string.format(
    'WEBHOOK_BENCH {"requests":%d,"sent":%d,"duration_s":%.3f,"rps":%.1f,"p50_ms":%.3f,"p90_ms":%.3f,' ..
    '"p99_ms":%.3f,"max_ms":%.3f,"non2xx":%d,"socket_errors":%d,"bytes_read":%d}\n',
    summary.requests, total_sent, seconds, summary.requests / seconds,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, errors.status, errors.connect + errors.read + errors.write + errors.timeout, summary.bytes))
end
