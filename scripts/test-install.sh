#!/usr/bin/env bash
# The client SDK as an outside project uses it: install BUILD_DIR into a temporary prefix, build
# examples/token_caching with find_package(xfx CONFIG REQUIRED), and run it against a real
# xfx-authd on a loopback port. Exits non-zero unless it gets a token and reuses it.
set -euo pipefail
build=${1:?usage: $0 BUILD_DIR}
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
server_pid=""
cleanup() {
  [ -n "$server_pid" ] && kill -TERM "$server_pid" 2>/dev/null && wait "$server_pid" || true
  rm -rf "$work"
}
trap cleanup EXIT

cmake --install "$build" --prefix "$work/prefix" >/dev/null
cmake -S "$root/examples/token_caching" -B "$work/example" -G Ninja \
  -DCMAKE_PREFIX_PATH="$work/prefix" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$work/example" >/dev/null

authd="$work/prefix/bin/xfx-authd"
data="$work/data"
audience="https://api.xfx.io/trading"
"$authd" api create --data-dir "$data" --identifier "$audience" >/dev/null
creds=$("$authd" client create --data-dir "$data" --name example --json)
id=$(printf '%s' "$creds" | sed -n 's/.*"client_id":"\([^"]*\)".*/\1/p')
secret=$(printf '%s' "$creds" | sed -n 's/.*"client_secret":"\([^"]*\)".*/\1/p')
"$authd" grant create --data-dir "$data" --client "$id" --api "$audience" >/dev/null

"$authd" serve --data-dir "$data" --listen 127.0.0.1:0 --no-tls >"$work/server.log" 2>&1 &
server_pid=$!
port=""
for _ in $(seq 1 300); do
  port=$(sed -n 's/.*"event":"listening".*"port":\([0-9]*\).*/\1/p' "$work/server.log")
  [ -n "$port" ] && break
  sleep 0.1  # waiting for another process to start listening
done
[ -n "$port" ] || { echo "test-install: xfx-authd did not start" >&2; cat "$work/server.log" >&2; exit 1; }

out=$(XFX_CLIENT_ID="$id" XFX_CLIENT_SECRET="$secret" \
      XFX_TOKEN_URL="http://localhost:$port/oauth/token" XFX_AUDIENCE="$audience" \
      "$work/example/token_caching")
echo "test-install: $out"
case "$out" in
  *"reused: yes"*) echo "1 passed, 0 failed" ;;
  *) echo "test-install: the installed example did not reuse its token" >&2; exit 1 ;;
esac
