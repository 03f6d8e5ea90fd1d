#!/usr/bin/env bash
# `make run`: xfx-authd on https://localhost:8443 with its embedded defaults (SQLite under
# var/data, a local CA under var/tls), the spec's API and a demo client ready to use, and the
# demo protected API beside it when it is built.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
authd="$build/apps/xfx-authd/xfx-authd"
demo="$build/apps/xfx-api-demo/xfx-api-demo"
root=$(pwd)
data="$root/var/data"
tls="$root/var/tls"
env_file="$root/var/demo-client.env"
audience="https://api.xfx.io/trading"
auth_port=${XFX_AUTH_PORT:-8443}
api_port=${XFX_DEMO_API_PORT:-8444}

scripts/dev-certs.sh "$tls"
"$authd" api create --data-dir "$data" --identifier "$audience" --name "XFX Trading API" \
  --scopes "read:orders write:orders" --if-not-exists >/dev/null

client_id=""
if [ -f "$env_file" ]; then
  client_id=$(sed -n 's/^XFX_CLIENT_ID=//p' "$env_file")
  "$authd" client list --data-dir "$data" | cut -f1 | grep -qx "$client_id" || client_id=""
fi
if [ -z "$client_id" ]; then
  creds=$("$authd" client create --data-dir "$data" --name "demo client" --json)
  client_id=$(printf '%s' "$creds" | sed -n 's/.*"client_id":"\([^"]*\)".*/\1/p')
  client_secret=$(printf '%s' "$creds" | sed -n 's/.*"client_secret":"\([^"]*\)".*/\1/p')
  (
    umask 077
    cat >"$env_file" <<ENV
XFX_CLIENT_ID=$client_id
XFX_CLIENT_SECRET=$client_secret
XFX_AUTH_DOMAIN=localhost:$auth_port
XFX_AUDIENCE=$audience
XFX_CA_FILE=$tls/ca.pem
XFX_API_BASE_URL=https://localhost:$api_port
ENV
  )
fi
chmod 600 "$env_file"
"$authd" grant create --data-dir "$data" --client "$client_id" --api "$audience" --all-scopes \
  --if-not-exists >/dev/null

cat <<MSG

xfx-authd is starting on https://localhost:$auth_port (data: var/data, CA: var/tls/ca.pem).
Demo client credentials are in var/demo-client.env (mode 0600). In another shell:

  set -a; . var/demo-client.env; set +a
  curl --cacert var/tls/ca.pem --request POST \\
    --url 'https://localhost:$auth_port/oauth/token' \\
    --header 'Content-Type: application/json' \\
    --data "{\"client_id\":\"\$XFX_CLIENT_ID\",\"client_secret\":\"\$XFX_CLIENT_SECRET\",\"audience\":\"$audience\",\"grant_type\":\"client_credentials\"}"

MSG

pids=()
cleanup() { for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done; wait; }
trap cleanup EXIT INT TERM

if [ -x "$demo" ]; then
  "$demo" --listen "127.0.0.1:$api_port" --issuer "https://localhost:$auth_port/" \
    --audience "$audience" --ca-file "$tls/ca.pem" \
    --tls-cert "$tls/server.pem" --tls-key "$tls/server.key" &
  pids+=($!)
  cat <<MSG
The demo protected API runs on https://localhost:$api_port:

  TOKEN=\$(curl -s --cacert var/tls/ca.pem https://localhost:$auth_port/oauth/token \\
    -H 'Content-Type: application/json' \\
    -d "{\"client_id\":\"\$XFX_CLIENT_ID\",\"client_secret\":\"\$XFX_CLIENT_SECRET\",\"audience\":\"$audience\",\"grant_type\":\"client_credentials\"}" \\
    | sed 's/.*"access_token":"\([^"]*\)".*/\1/')
  curl -i --cacert var/tls/ca.pem https://localhost:$api_port/v1/whoami                  # 401
  curl -i --cacert var/tls/ca.pem -H "Authorization: Bearer \$TOKEN" https://localhost:$api_port/v1/whoami

MSG
fi

"$authd" serve --data-dir "$data" --listen "127.0.0.1:$auth_port" \
  --issuer "https://localhost:$auth_port/" --tls-cert "$tls/server.pem" --tls-key "$tls/server.key" &
pids+=($!)
wait -n "${pids[@]}"
