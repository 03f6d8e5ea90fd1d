-- wrk script: POST the body in $WRK_BODY (form-encoded) to the URL given on the command line, and
-- print one machine-readable line at the end for scripts/bench.sh.
-- Both servers under test get the same bytes: client_secret_post with an RFC 8707 resource.
wrk.method = "POST"
wrk.body = os.getenv("WRK_BODY") or ""
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"

done = require("bench/wrk/report")
