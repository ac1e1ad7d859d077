#!/usr/bin/env bash
# The README's `npm start`, for real: starts the built server on a free data dir and port, signs
# one STS GetCallerIdentity with the printed root key, stops it with SIGTERM and expects exit 0.
set -euo pipefail
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
port=$((20000 + RANDOM % 20000))
npm start --silent -- --port "$port" --data-dir "$dir/data" > "$dir/out" 2>&1 &
pid=$!
for _ in $(seq 1 100); do grep -q "listening on" "$dir/out" 2>/dev/null && break; sleep 0.2; done
key=$(sed -n 's/.*export AWS_ACCESS_KEY_ID=//p' "$dir/out")
secret=$(sed -n 's/.*export AWS_SECRET_ACCESS_KEY=//p' "$dir/out")
AWS_ACCESS_KEY_ID=$key AWS_SECRET_ACCESS_KEY=$secret AWS_DEFAULT_REGION=us-east-1 HOME=$dir \
  aws --endpoint-url "http://127.0.0.1:$port" sts get-caller-identity --output text
# A terminal's Ctrl-C reaches the whole process group; here the server (npm's grandchild) is signalled.
server=$(pgrep -f "^node [^ ]*cli/main.js start --port $port " | head -1)
kill -TERM "$server"
status=0
wait "$pid" || status=$?
grep -q "SIGTERM: shutting down" "$dir/out" || { echo "no clean shutdown:"; cat "$dir/out"; exit 1; }
[ "$status" -eq 0 ] || { echo "npm start exited with $status"; exit 1; }
echo "npm start: served a signed request and shut down cleanly"
