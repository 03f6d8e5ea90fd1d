#!/usr/bin/env bash
# scripts/bench.sh BUILD_DIR — every benchmark of issue 5, one table, docs/PERFORMANCE.md and
# docs/perf/token-throughput.png regenerated. `make bench` builds BUILD_DIR in Release first.
#
# Bounded: each load run lasts $BENCH_SECONDS (default 5 s); the whole script takes about
# 5–6 minutes on 2 cores (plus the build). All traffic goes to 127.0.0.1. Every process started here is killed on
# exit (trap). Set BENCH_QUICK=1 for a 2-second smoke run whose figures mean little.
set -euo pipefail

BUILD_DIR=$(realpath "${1:-build-release}")
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"  # wrk resolves require("bench/wrk/report") relative to here

SECONDS_PER_RUN=${BENCH_SECONDS:-5}
[ "${BENCH_QUICK:-0}" = 1 ] && SECONDS_PER_RUN=2
CORES=$(nproc)
THREADS=$CORES                          # server I/O threads: one per core, as in production
CONCURRENCY=(1 2 8 32 128)              # wrk connections for the throughput curves
SCALE_CLIENTS=${BENCH_SCALE_CLIENTS:-1000000}
AUTHD="$BUILD_DIR/apps/xfx-authd/xfx-authd"
BENCH_BIN="$BUILD_DIR/bench"
OUT="$BUILD_DIR/bench-out"               # raw results; the doc is generated from these
WORK="$BUILD_DIR/bench-work"             # data directories, certificates, logs
PEER_DIR="$BUILD_DIR/peer"               # npm scratch install, never committed
RESULTS="$OUT/results.jsonl"

# RS256 is the default and the target's reference; ES256 and EdDSA sign far faster.
AUD_RS256="https://rs256.bench/"
AUD_ES256="https://es256.bench/"
AUD_EDDSA="https://eddsa.bench/"

PIDS=()

log() { printf '\n== %s\n' "$*" >&2; }

# Every process we started, and only those, by pid.
cleanup() {
  local pid
  for pid in "${PIDS[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${PIDS[@]}"; do
    wait "$pid" 2>/dev/null || true
  done
}
trap cleanup EXIT

# One JSON object per line; scripts/../bench/report.py turns them into the table and the doc.
record() { printf '%s\n' "$1" >>"$RESULTS"; }

install_tools() {
  local missing=()
  command -v wrk >/dev/null || missing+=(wrk)
  command -v gnuplot >/dev/null || missing+=(gnuplot-nox)
  command -v python3 >/dev/null || missing+=(python3)
  command -v npm >/dev/null || missing+=(npm)
  if [ ${#missing[@]} -gt 0 ]; then
    log "installing ${missing[*]}"
    local sudo_cmd=()
    [ "$(id -u)" -ne 0 ] && sudo_cmd=(sudo)
    "${sudo_cmd[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq \
      --no-install-recommends "${missing[@]}" >/dev/null
  fi
}

# The peer is optional: without npm or the registry the run goes on and the doc says why.
install_peer() {
  if ! command -v node >/dev/null; then
    record '{"kind":"peer_skipped","reason":"node is not installed"}'
    return 1
  fi
  if [ -f "$PEER_DIR/node_modules/oidc-provider/package.json" ]; then return 0; fi
  mkdir -p "$PEER_DIR"
  (cd "$PEER_DIR" && [ -f package.json ] || echo '{"private":true}' >package.json)
  if ! (cd "$PEER_DIR" && timeout 180 npm install oidc-provider@9 --no-audit --no-fund \
          --loglevel=error >"$WORK/npm.log" 2>&1); then
    record "$(jq -nc --arg r "npm install oidc-provider failed: $(tail -1 "$WORK/npm.log")" \
      '{kind:"peer_skipped",reason:$r}')"
    return 1
  fi
}

machine_info() {
  local cpu load
  cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')
  load=$(cut -d' ' -f1-3 /proc/loadavg)
  record "$(jq -nc --arg cpu "$cpu" --arg load "$load" --arg date "$(date -u '+%Y-%m-%d %H:%M UTC')" \
    --arg kernel "$(uname -r)" --arg ossl "$(openssl version)" --argjson cores "$CORES" \
    --arg commit "$(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src apps include || echo ' + uncommitted changes in src/apps/include')" --argjson secs "$SECONDS_PER_RUN" \
    --arg wrk "$(wrk -v 2>&1 | head -1 | cut -d' ' -f1-2)" --arg node "$(node --version 2>/dev/null || echo none)" \
    '{kind:"machine",cpu:$cpu,cores:$cores,date:$date,load_before:$load,kernel:$kernel,
      openssl:$ossl,commit:$commit,seconds_per_run:$secs,wrk:$wrk,node:$node}')"
}

# Google Benchmark binaries write JSON; report.py reads the figures it needs from them.
run_gbench() {
  local name=$1
  shift
  log "$name"
  local min_time=0.3
  [ "${BENCH_QUICK:-0}" = 1 ] && min_time=0.05
  # Three repetitions, medians kept: single runs swing by 30% when others compile on the cores.
  "$BENCH_BIN/$name" --benchmark_min_time="$min_time" --benchmark_repetitions=3 \
    --benchmark_report_aggregates_only=true --benchmark_out="$OUT/$name.json" \
    --benchmark_out_format=json "$@" >&2
}

# The denominator of the token-endpoint targets, measured now, on all cores: the jose sign loop
# (what the server calls) and openssl speed (what OpenSSL alone achieves).
sign_rates() {
  local alg
  for alg in RS256 ES256 EdDSA; do
    log "sign_rate $alg on $CORES threads"
    record "$("$BENCH_BIN/sign_rate" --alg "$alg" --threads "$CORES" --seconds 3 |
      jq -c '. + {kind:"sign_rate"}')"
  done
  log "openssl speed -seconds 3 -multi $CORES rsa2048"
  local line
  line=$(openssl speed -seconds 3 -multi "$CORES" rsa2048 2>/dev/null | grep '^rsa 2048 bits' | tail -1)
  # "rsa 2048 bits 0.000512s 0.000015s 1953.1 66666.7": sign/s and verify/s are the last two.
  record "$(jq -nc --argjson s "$(awk '{print $(NF-1)}' <<<"$line")" \
    --argjson v "$(awk '{print $NF}' <<<"$line")" '{kind:"openssl_speed",sign_per_s:$s,verify_per_s:$v}')"
}

# The raw RS256 rate right before a load run: on a shared machine the rate of a few minutes
# earlier is not the rate the load run competes with. The server is idle meanwhile.
adjacent_sign_rate() {
  record "$("$BENCH_BIN/sign_rate" --alg RS256 --threads "$CORES" --seconds 1.5 |
    jq -c --arg l "$1" --argjson c "$2" '. + {kind:"sign_rate_adjacent",label:$l,conns:$c}')"
}

# A data directory with the three bench APIs and N clients, each granted the listed APIs (all
# three for the throughput runs; one, as most real clients have, for the scale runs). Prints the
# first client's form body for the token endpoint.
make_data_dir() {
  local dir=$1 clients=$2
  shift 2
  local audiences=() aud
  for aud in "$@"; do audiences+=(--audience "$aud"); done
  rm -rf "$dir"
  "$AUTHD" api create --data-dir "$dir" --identifier "$AUD_RS256" --alg RS256 >/dev/null
  "$AUTHD" api create --data-dir "$dir" --identifier "$AUD_ES256" --alg ES256 >/dev/null
  "$AUTHD" api create --data-dir "$dir" --identifier "$AUD_EDDSA" --alg EdDSA >/dev/null
  local start end creds
  start=$(date +%s.%N)
  creds=$("$BENCH_BIN/seed_registry" --data-dir "$dir" --clients "$clients" --print 1 \
    "${audiences[@]}")
  end=$(date +%s.%N)
  record "$(jq -nc --argjson n "$clients" --argjson s "$(minus "$end" "$start")" \
    '{kind:"seed",clients:$n,seconds:$s}')"
  jq -r '"grant_type=client_credentials&client_id=\(.client_id)&client_secret=\(.client_secret)"' <<<"$creds"
}

# Starts xfx-authd on a free port; sets SERVER_PID and SERVER_PORT and records the time from
# exec to the "listening" line (which comes after the registry snapshot is loaded).
start_server() {
  local name=$1 dir=$2 tls=$3
  local args=(serve --listen 127.0.0.1:0 --data-dir "$dir" --threads "$THREADS" --rate-limit 0)
  if [ "$tls" = tls ]; then
    args+=(--tls-cert "$WORK/tls/server.pem" --tls-key "$WORK/tls/server.key")
  else
    args+=(--no-tls)
  fi
  local logf="$WORK/$name.log" start
  start=$(date +%s%N)
  "$AUTHD" "${args[@]}" >"$logf" 2>&1 &
  SERVER_PID=$!
  PIDS+=("$SERVER_PID")
  local i
  for i in $(seq 1 6000); do  # 60 s at most
    if grep -q '"event":"listening"' "$logf" 2>/dev/null; then break; fi
    kill -0 "$SERVER_PID" 2>/dev/null || { cat "$logf" >&2; return 1; }
    sleep 0.01
  done
  local ms=$((($(date +%s%N) - start) / 1000000))
  SERVER_PORT=$(grep -m1 '"event":"listening"' "$logf" | jq -r .port)
  record "$(jq -nc --arg n "$name" --argjson ms "$ms" --argjson rss "$(rss_kib "$SERVER_PID" VmRSS)" \
    '{kind:"startup",server:$n,ms:$ms,rss_kib:$rss}')"
}

# kB from /proc/PID/status: VmRSS now, or VmHWM (the peak since start).
rss_kib() { awk -v f="$2:" '$1 == f {print $2}' "/proc/$1/status"; }

# user+system CPU seconds a process (all its threads) and its direct children (node's cluster
# workers) have used so far.
cpu_seconds() {
  local p files=("/proc/$1/stat")
  for p in $(pgrep -P "$1" 2>/dev/null); do files+=("/proc/$p/stat"); done
  cat "${files[@]}" 2>/dev/null | awk -v hz="$(getconf CLK_TCK)" '{t += $14 + $15} END {print t / hz}'
}

# Floating-point subtraction without bc (not on every fresh machine).
minus() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.3f", a - b}'; }

# One wrk run; records requests/s, latency percentiles, non-2xx count and the server's CPU use
# over the run (so the doc can say how much of the 2 cores wrk left to the server).
load() {
  local label=$1 url=$2 conns=$3 script=$4 body=${5:-} pid=${6:-$SERVER_PID}
  local cpu0 cpu1 t0 t1 out line
  cpu0=$(cpu_seconds "$pid")
  t0=$(date +%s.%N)
  out=$(WRK_BODY="$body" wrk -t1 -c"$conns" -d"${SECONDS_PER_RUN}s" --timeout 10s \
    -s "bench/wrk/$script" "$url" 2>&1) || true
  t1=$(date +%s.%N)
  cpu1=$(cpu_seconds "$pid")
  line=$(grep '^WRKJSON ' <<<"$out" | sed 's/^WRKJSON //')
  if [ -z "$line" ]; then
    echo "wrk failed for $label: $out" >&2
    return 0
  fi
  local rec
  rec=$(jq -c --arg l "$label" --argjson c "$conns" \
    --argjson cpu "$(minus "$cpu1" "$cpu0")" --argjson wall "$(minus "$t1" "$t0")" \
    '. + {kind:"load",label:$l,conns:$c,server_cpu_s:$cpu,wall_s:$wall,
          rps:(.requests / (.duration_us / 1e6))}' <<<"$line")
  record "$rec"
  jq -r '"  \(.label)  c=\(.conns)  \(.rps | floor) req/s  p50 \(.p50_us / 1000) ms  p99 \(.p99_us / 1000) ms  non-2xx \(.non2xx)"' <<<"$rec" >&2
}

# Peak RSS since start: the high-water mark covers everything the run did.
record_rss() {
  record "$(jq -nc --arg n "$1" --argjson hwm "$(rss_kib "$2" VmHWM)" \
    --argjson rss "$(rss_kib "$2" VmRSS)" '{kind:"rss",server:$n,hwm_kib:$hwm,rss_kib:$rss}')"
}

stop_pid() {
  kill "$1" 2>/dev/null || true
  wait "$1" 2>/dev/null || true
}

# Token endpoint over plain HTTP and TLS keep-alive at each concurrency, other algorithms, and
# the GET endpoints. One client of a 10-client registry.
token_endpoint() {
  local body=$1 mode url
  for mode in http tls; do
    log "token endpoint, $mode keep-alive, $THREADS server threads"
    start_server "small-$mode" "$WORK/d10" "$mode"
    local scheme=http
    [ "$mode" = tls ] && scheme=https
    url="$scheme://127.0.0.1:$SERVER_PORT"
    local c
    for c in "${CONCURRENCY[@]}"; do
      adjacent_sign_rate "token-$mode-RS256" "$c"
      load "token-$mode-RS256" "$url/oauth/token" "$c" post.lua "$body&resource=$AUD_RS256"
    done
    if [ "$mode" = http ]; then
      load "token-http-ES256" "$url/oauth/token" 32 post.lua "$body&resource=$AUD_ES256"
      load "token-http-EdDSA" "$url/oauth/token" 32 post.lua "$body&resource=$AUD_EDDSA"
      load "jwks-http" "$url/.well-known/jwks.json" 32 get.lua
      load "discovery-http" "$url/.well-known/openid-configuration" 32 get.lua
    fi
    stop_pid "$SERVER_PID"
  done
}

# Registry size: the same load against 10 and 1,000,000 clients, interleaved (A B A B A B) so that
# other work on a shared machine hits both sides alike. Memory at 10,000 clients for the RSS
# target. Start-up with 1,000,000 clients is the time to the listening line.
scale() {
  local body10=$1 bodybig bodymid
  log "seeding 10,000 clients"
  bodymid=$(make_data_dir "$WORK/d10k" 10000 "$AUD_RS256")
  log "seeding $SCALE_CLIENTS clients"
  bodybig=$(make_data_dir "$WORK/dbig" "$SCALE_CLIENTS" "$AUD_RS256")
  # The first start of a data directory also generates its signing keys (RSA takes a while):
  # start once, then time the second start, which is what a restart in production costs.
  start_server "big-first-start" "$WORK/dbig" http
  stop_pid "$SERVER_PID"

  log "memory with 10,000 clients"
  start_server "10k-first-start" "$WORK/d10k" http
  stop_pid "$SERVER_PID"
  start_server "10k-http" "$WORK/d10k" http
  local pid10k=$SERVER_PID port10k=$SERVER_PORT
  sleep 1
  record_rss "10k-idle" "$pid10k"
  load "token-10k-c128" "http://127.0.0.1:$port10k/oauth/token" 128 post.lua \
    "$bodymid&resource=$AUD_RS256" "$pid10k"
  record_rss "10k-load" "$pid10k"
  stop_pid "$pid10k"

  log "10 vs $SCALE_CLIENTS clients"
  start_server "10-http" "$WORK/d10" http
  local pid10=$SERVER_PID port10=$SERVER_PORT
  record_rss "10-idle" "$pid10"
  start_server "big-http" "$WORK/dbig" http
  local pidbig=$SERVER_PID portbig=$SERVER_PORT
  sleep 1
  record_rss "big-idle" "$pidbig"
  local round
  for round in 1 2 3; do
    load "scale-10" "http://127.0.0.1:$port10/oauth/token" 32 post.lua \
      "$body10&resource=$AUD_RS256" "$pid10"
    load "scale-big" "http://127.0.0.1:$portbig/oauth/token" 32 post.lua \
      "$bodybig&resource=$AUD_RS256" "$pidbig"
  done
  record_rss "10-load" "$pid10"
  record_rss "big-load" "$pidbig"
  stop_pid "$pid10"
  stop_pid "$pidbig"
}

# Server-side token reuse (issue 5, part 3) is benchmarked when the server offers it.
token_reuse() {
  if ! "$AUTHD" api create --help 2>&1 | grep -q -- '--reuse-tokens'; then
    record '{"kind":"reuse","available":false}'
    return 0
  fi
  log "token reuse"
  local dir="$WORK/dreuse" body
  rm -rf "$dir"
  "$AUTHD" api create --data-dir "$dir" --identifier "$AUD_RS256" --alg RS256 --reuse-tokens >/dev/null
  body=$("$BENCH_BIN/seed_registry" --data-dir "$dir" --clients 10 --print 1 --audience "$AUD_RS256" |
    jq -r '"grant_type=client_credentials&client_id=\(.client_id)&client_secret=\(.client_secret)"')
  start_server "reuse-http" "$dir" http
  load "token-http-reuse" "http://127.0.0.1:$SERVER_PORT/oauth/token" 32 post.lua \
    "$body&resource=$AUD_RS256"
  record '{"kind":"reuse","available":true}'
  stop_pid "$SERVER_PID"
}

# node-oidc-provider on the same cores (one cluster worker per core), same body shape, same wrk.
peer() {
  if ! install_peer; then
    log "peer skipped (see the doc for the reason)"
    return 0
  fi
  log "peer: node-oidc-provider $(jq -r .version "$PEER_DIR/node_modules/oidc-provider/package.json"), $CORES workers"
  local port secret="peer-bench-secret-0123456789abcdefghijklmnopqrstuvwxyz"
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  PORT=$port WORKERS=$CORES PEER_DIR="$PEER_DIR" CLIENT_ID=bench CLIENT_SECRET=$secret \
    AUDIENCE="$AUD_RS256" node bench/peer/oidc-provider.mjs >"$WORK/peer.log" 2>&1 &
  local pid=$!
  PIDS+=("$pid")
  local i
  for i in $(seq 1 3000); do
    grep -q '"event":"listening"' "$WORK/peer.log" && break
    kill -0 "$pid" 2>/dev/null || { cat "$WORK/peer.log" >&2; return 0; }
    sleep 0.01
  done
  record "$(jq -nc --arg v "$(jq -r .version "$PEER_DIR/node_modules/oidc-provider/package.json")" \
    --argjson w "$CORES" '{kind:"peer",version:$v,workers:$w}')"
  local body="grant_type=client_credentials&client_id=bench&client_secret=$secret&resource=$AUD_RS256"
  local c
  for c in "${CONCURRENCY[@]}"; do
    # Node workers are child processes: their CPU is not in the primary's /proc/PID/stat.
    load "peer-http-RS256" "http://127.0.0.1:$port/token" "$c" post.lua "$body" "$pid"
  done
  stop_pid "$pid"
}

main() {
  [ -x "$AUTHD" ] && [ -x "$BENCH_BIN/crypto_bench" ] ||
    { echo "build $BUILD_DIR first (make bench does)" >&2; exit 1; }
  install_tools
  rm -rf "$OUT" "$WORK"
  mkdir -p "$OUT" "$WORK"
  local started
  started=$(date +%s)
  machine_info
  scripts/dev-certs.sh "$WORK/tls" >/dev/null

  run_gbench crypto_bench
  run_gbench verifier_bench
  run_gbench sdk_bench
  sign_rates

  log "seeding 10 clients"
  local body10
  body10=$(make_data_dir "$WORK/d10" 10 "$AUD_RS256" "$AUD_ES256" "$AUD_EDDSA")
  token_endpoint "$body10"
  scale "$body10"
  token_reuse
  peer

  record "$(jq -nc --argjson s "$(($(date +%s) - started))" \
    --arg load "$(cut -d' ' -f1-3 /proc/loadavg)" '{kind:"end",seconds:$s,load_after:$load}')"
  log "report"
  python3 bench/report.py --results "$RESULTS" --gbench "$OUT" --doc docs/PERFORMANCE.md \
    --plot-data "$OUT/throughput.dat"
  mkdir -p docs/perf
  gnuplot -e "datafile='$OUT/throughput.dat'; outfile='docs/perf/token-throughput.png'" \
    bench/plot.gp
}

main "$@"
