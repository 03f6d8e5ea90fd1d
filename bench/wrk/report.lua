-- wrk's done() hook: one line "WRKJSON {...}" with what the table needs. Non-2xx answers are
-- counted apart (errors.status) so a run that only produced 401s or 429s cannot pass for a
-- fast one.
return function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRKJSON {"requests":%d,"duration_us":%d,"socket_errors":%d,"non2xx":%d,' ..
    '"p50_us":%d,"p99_us":%d,"mean_us":%.1f}\n',
    summary.requests, summary.duration, e.connect + e.read + e.write + e.timeout, e.status,
    latency:percentile(50), latency:percentile(99), latency.mean))
end
