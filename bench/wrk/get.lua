-- wrk script for GET endpoints (JWKS, discovery): only the report line differs from plain wrk.
done = require("bench/wrk/report")
