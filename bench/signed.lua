-- Used by bench/webhook.py: wrk replays pre-signed Twilio webhooks from a file, each MessageSid once.
function init(args)
  pool, position, sent, exhausted, probed = {}, 0, 0, 0, false
  for line in io.lines(args[1]) do
    local tab = line:find("\t", 1, true)
    pool[#pool + 1] = wrk.format("POST", "/sms", {["Content-Type"] = "application/x-www-form-urlencoded",
                                 ["X-Twilio-Signature"] = line:sub(1, tab - 1)}, line:sub(tab + 1))
  end
  cycle = args[2] == "cycle"
end

function request()
  if not probed then
    -- wrk calls request() once before the run to check the script; that one is never sent.
    probed = true
    return wrk.format("GET", "/__bench_probe__")
  end
  if position >= #pool then
    if not cycle then
      exhausted = exhausted + 1
      return wrk.format("GET", "/__bench_exhausted__")
    end
    position = 0
  end
  position = position + 1
  sent = sent + 1
  return pool[position]
end

local threads = {}
function setup(thread) table.insert(threads, thread) end

function done(summary, latency, requests)
  local sent, exhausted = 0, 0
  for _, thread in ipairs(threads) do
    sent, exhausted = sent + thread:get("sent"), exhausted + thread:get("exhausted")
  end
  local e = summary.errors
  io.write(string.format('BENCH_JSON {"responses": %d, "duration_us": %d, "sent": %d, "exhausted": %d, ' ..
    '"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d, "p50_us": %d, "p99_us": %d, ' ..
    '"max_us": %d}\n', summary.requests, summary.duration, sent, exhausted, e.connect, e.read, e.write,
    e.status, e.timeout, latency:percentile(50), latency:percentile(99), latency.max))
end
