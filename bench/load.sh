#!/usr/bin/env bash
# Load run on loopback: wrk against `./chatbot serve`, 32 connections, GET /health then
# POST /api/ask (extractive), then the server's resident memory. Numbers depend on the
# machine: run it on a quiet one.
#
#   bench/load.sh                  # defaults below
#   DURATION=30s CONNECTIONS=64 BENCH_VECTORS=false bench/load.sh
#   BENCH_UNIQUE=true bench/load.sh   # every question different: no answer-cache hits
#
# Needs: wrk (apt-get install -y wrk), curl, a JDK 17 and Maven (./chatbot builds the jar).
set -euo pipefail
cd "$(dirname "$0")/.."

PORT="${PORT:-18090}"
DURATION="${DURATION:-20s}"
CONNECTIONS="${CONNECTIONS:-32}"
THREADS="${THREADS:-2}"
BENCH_VECTORS="${BENCH_VECTORS:-true}"   # the product default; false measures BM25-only retrieval
DATA=".bench/data-vectors-$BENCH_VECTORS"
LOG=".bench/serve.log"
URL="http://127.0.0.1:$PORT"

command -v wrk >/dev/null || { echo "error: wrk is not installed (apt-get install -y wrk)" >&2; exit 2; }
mkdir -p "$DATA"

# High limits: the run measures throughput, not the rate limiter; a queue as deep as the
# connections so no request is refused with 503.
CHATBOT_DATA_DIR="$DATA" CHATBOT_HTTP_PORT="$PORT" CHATBOT_RETRIEVAL_VECTORS="$BENCH_VECTORS" \
CHATBOT_RATE_LIMIT_PER_MINUTE=100000000 CHATBOT_RATE_LIMIT_BURST=100000000 \
CHATBOT_RATE_LIMIT_PER_ADDRESS_PER_MINUTE=100000000 CHATBOT_RATE_LIMIT_PER_ADDRESS_BURST=100000000 \
CHATBOT_ANSWER_QUEUE_SIZE="$CONNECTIONS" \
  ./chatbot serve >"$LOG" 2>&1 &
SERVER=$!
trap 'kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true' EXIT

for _ in $(seq 1 600); do
  curl -fs "$URL/health" >/dev/null 2>&1 && break
  kill -0 "$SERVER" 2>/dev/null || { echo "error: the server did not start; see $LOG" >&2; cat "$LOG" >&2; exit 1; }
  sleep 0.5
done
curl -fs "$URL/health" >/dev/null || { echo "error: no answer on $URL/health; see $LOG" >&2; exit 1; }

echo "== warm-up (10s, not measured)"
BENCH_UNIQUE=false wrk -t"$THREADS" -c"$CONNECTIONS" -d10s -s bench/ask.lua "$URL" >/dev/null
wrk -t"$THREADS" -c"$CONNECTIONS" -d5s "$URL/health" >/dev/null

echo "== GET /health: $CONNECTIONS connections, $DURATION"
wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "$URL/health" | tee .bench/health.txt

echo "== POST /api/ask (extractive, vectors=$BENCH_VECTORS, unique questions=${BENCH_UNIQUE:-false}): $CONNECTIONS connections, $DURATION"
BENCH_UNIQUE="${BENCH_UNIQUE:-false}" wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -s bench/ask.lua "$URL" \
  | tee .bench/ask.txt

RSS_KB=$(awk '/VmRSS/ {print $2}' "/proc/$SERVER/status")
HWM_KB=$(awk '/VmHWM/ {print $2}' "/proc/$SERVER/status")

rps() { awk '/Requests\/sec/ {print $2}' "$1"; }
pct() { awk -v p="$2" '$1 == p {print $2}' "$1"; }
HEALTH_RPS=$(rps .bench/health.txt)
ASK_RPS=$(rps .bench/ask.txt)
echo
echo "== summary ($(nproc) cores, $(date -u +%FT%TZ))"
printf '%-16s %10s %10s %10s\n' route req/s p50 p99
printf '%-16s %10s %10s %10s\n' "GET /health" "$HEALTH_RPS" "$(pct .bench/health.txt 50%)" "$(pct .bench/health.txt 99%)"
printf '%-16s %10s %10s %10s\n' "POST /api/ask" "$ASK_RPS" "$(pct .bench/ask.txt 50%)" "$(pct .bench/ask.txt 99%)"
awk -v a="$ASK_RPS" -v h="$HEALTH_RPS" 'BEGIN { printf "ask/health throughput: %.0f%%\n", 100 * a / h }'
echo "server RSS after the run: $((RSS_KB / 1024)) MB (peak $((HWM_KB / 1024)) MB)"
grep -h 'Non-2xx' .bench/health.txt .bench/ask.txt || echo "all responses 2xx"
