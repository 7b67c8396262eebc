#!/usr/bin/env bash
# Start-up of one-off commands: hyperfine over `./chatbot ask` (new JVM each time, warm index)
# with and without the class-data archive, and `ask --server` against a running serve.
# Needs hyperfine (Debian package). Run on a quiet machine: two cores shared with anything
# else make every figure worse.
set -euo pipefail
cd "$(dirname "$0")/.."
Q="${BENCH_QUESTION:-我2013年退伍的，养老保险关系要自己去接续吗？}"
PORT="${BENCH_PORT:-18431}"
RUNS="${BENCH_RUNS:-10}"

./chatbot ask "$Q" >/dev/null          # builds the jar and the index if needed, records the archive
./chatbot ask "$Q" >/dev/null

hyperfine -N --warmup 1 --runs "$RUNS" \
  -n 'ask (archive, C1)' "./chatbot ask $Q" \
  -n 'ask (POLICYBOT_NO_CDS=1)' "env POLICYBOT_NO_CDS=1 ./chatbot ask $Q" \
  -n 'search (archive, C1)' "./chatbot search $Q"

CHATBOT_HTTP_PORT="$PORT" ./chatbot serve >/tmp/policybot-startup-serve.log 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; wait $server 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do
  curl -sf "http://127.0.0.1:$PORT/health" >/dev/null 2>&1 && break
  sleep 1
done
hyperfine -N --warmup 1 --runs "$RUNS" -n 'ask --server' "./chatbot ask --server http://127.0.0.1:$PORT $Q"
