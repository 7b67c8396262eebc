#!/usr/bin/env bash
# A rolling restart under load, on loopback: a throwaway PostgreSQL cluster, two `serve`
# replicas as `java -jar` processes (settings as deploy/policybot.env.example, own data
# folders), nginx running deploy/nginx-policybot.conf (its `# test:` lines rewritten for a
# loopback port, as MultiReplicaTest's Nginx does), then wrk through nginx on POST /api/ask
# (bench/ask.lua) and GET /health for DURATION seconds while replica 1 and then replica 2 are
# restarted: SIGTERM, wait for the exit, start again, wait for its /health (database ok), then
# until nginx sends it requests again. Reports wrk's non-2xx responses and socket errors, and
# nginx's log of each one; the target is none. Then, without restarts, the sizing figures README "Running several replicas" quotes:
# /api/ask throughput through nginx (cached and BENCH_UNIQUE=true) and each replica's RSS.
#
#   bench/rolling-restart.sh                    # 90 s of load, 16 + 4 connections
#   SKIP_BUILD=1 DURATION=60 bench/rolling-restart.sh
#   SIZING=false bench/rolling-restart.sh       # only the rolling restart
#   ROLLING=false bench/rolling-restart.sh      # only the sizing figures
#
# Needs: wrk, nginx, PostgreSQL's server binaries (Debian: postgresql), curl, JDK 17, Maven.
# Everything it starts lives in .bench/rolling/ and is stopped at exit.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"

DURATION="${DURATION:-90}"
CONNECTIONS="${CONNECTIONS:-16}"
HEALTH_CONNECTIONS="${HEALTH_CONNECTIONS:-4}"
THREADS="${THREADS:-2}"
SIZING="${SIZING:-true}"
ROLLING="${ROLLING:-true}"
SIZING_DURATION="${SIZING_DURATION:-20s}"
PG_PORT="${PG_PORT:-18432}"
LB_PORT="${LB_PORT:-18180}"
PORTS=(18181 18182)
BASE="$ROOT/.bench/rolling"
JAR="$ROOT/bot/target/policybot-all.jar"
LB="http://127.0.0.1:$LB_PORT"

for tool in wrk curl java; do
  command -v "$tool" >/dev/null || { echo "error: $tool is not installed" >&2; exit 2; }
done
NGINX="$(command -v nginx || echo /usr/sbin/nginx)"
[ -x "$NGINX" ] || { echo "error: nginx is not installed (apt-get install -y nginx)" >&2; exit 2; }
# The server's own folder (initdb on the PATH may be a link to it): createdb lies beside it.
PGBIN="$(dirname "$(readlink -f "$(command -v initdb 2>/dev/null || ls -d /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort | tail -1)")")"
[ -x "$PGBIN/pg_ctl" ] || { echo "error: PostgreSQL's server is not installed (apt-get install -y postgresql)" >&2; exit 2; }

# As root, initdb refuses to run and nginx would keep a root master: the package accounts run them.
as_postgres=(); as_nobody=()
if [ "$(id -u)" = 0 ]; then
  as_postgres=(runuser -u postgres --)
  as_nobody=(runuser -u nobody --)
fi

if [ -z "${SKIP_BUILD:-}" ]; then
  echo "== building $JAR"
  mvn -q -B -DskipTests package -pl bot -am
fi

pids=()
pg_started=false
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  kill "$(cat "$BASE/nginx/nginx.pid" 2>/dev/null)" 2>/dev/null || true
  $pg_started && "${as_postgres[@]}" "$PGBIN/pg_ctl" -D "$BASE/pg/data" -m fast -w stop >/dev/null 2>&1 || true
  wait 2>/dev/null || true
}
trap cleanup EXIT

# The replicas' data folders (index, vector cache) are kept between runs: a first run spends
# minutes embedding the articles. PostgreSQL and nginx start afresh.
rm -rf "$BASE/pg" "$BASE/nginx" "$BASE"/*.log "$BASE"/*.txt
mkdir -p "$BASE/pg" "$BASE/nginx" "$BASE/r1" "$BASE/r2"
rm -f "$BASE"/r*/documents.applied

echo "== PostgreSQL on 127.0.0.1:$PG_PORT"
[ "$(id -u)" = 0 ] && chown postgres "$BASE/pg"
"${as_postgres[@]}" "$PGBIN/initdb" -D "$BASE/pg/data" -U policybot -A trust -E UTF8 --locale=C --no-sync >"$BASE/pg/initdb.log"
"${as_postgres[@]}" "$PGBIN/pg_ctl" -D "$BASE/pg/data" -l "$BASE/pg/server.log" -w \
  -o "-p $PG_PORT -k $BASE/pg -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null
pg_started=true
"$PGBIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U policybot policybot

# Replica N (1 or 2): java -jar as ./chatbot serve runs it, settings as policybot.env.example.
replica_pid=()
start_replica() {
  local n="$1"
  env CHATBOT_REPLICA_ID="policybot-$n" CHATBOT_HTTP_HOST=127.0.0.1 CHATBOT_HTTP_PORT="${PORTS[$((n - 1))]}" \
    CHATBOT_DATA_DIR="$BASE/r$n" CHATBOT_ARTICLES_DIR="$ROOT/articles" \
    CHATBOT_DB_URL="jdbc:postgresql://127.0.0.1:$PG_PORT/policybot" CHATBOT_DB_USER=policybot CHATBOT_DB_PASSWORD= \
    CHATBOT_DB_POOL_SIZE=4 CHATBOT_HTTP_CLIENT_ADDRESS_HEADER=X-Forwarded-For \
    CHATBOT_RATE_LIMIT_PER_MINUTE=100000000 CHATBOT_RATE_LIMIT_BURST=100000000 \
    CHATBOT_RATE_LIMIT_PER_ADDRESS_PER_MINUTE=100000000 CHATBOT_RATE_LIMIT_PER_ADDRESS_BURST=100000000 \
    CHATBOT_ANSWER_QUEUE_SIZE="$CONNECTIONS" MALLOC_ARENA_MAX=2 \
    java -XX:+UseSerialGC -Xss512k -Xmx256m -Dpolicybot.home="$ROOT" -Dfile.encoding=UTF-8 -jar "$JAR" serve \
    >>"$BASE/r$n.log" 2>&1 &
  replica_pid[$n]=$!
  pids+=($!)
}

# Waits until replica N answers /health on its own port with the database ok.
await_replica() {
  local n="$1"
  local url="http://127.0.0.1:${PORTS[$((n - 1))]}/health"
  for _ in $(seq 1 600); do
    curl -fs "$url" 2>/dev/null | grep -q '"database":"ok"' && return 0
    kill -0 "${replica_pid[$n]}" 2>/dev/null || { echo "error: replica $n stopped; see $BASE/r$n.log" >&2; tail -20 "$BASE/r$n.log" >&2; exit 1; }
    sleep 0.5
  done
  echo "error: replica $n did not answer $url in 300 s" >&2
  exit 1
}

echo "== replicas on ports ${PORTS[*]}"
start_replica 1
start_replica 2
await_replica 1
await_replica 2

echo "== nginx on $LB"
# The deployed server block, its marked lines rewritten as Nginx.java does.
awk -v ports="${PORTS[*]}" -v listen="$LB_PORT" '
  /# test: replica/ {
    if (!done) {
      params = $0; sub(/^[ \t]*server[ \t]+[^ \t]+/, "", params); sub(/#.*$/, "", params); gsub(/^[ \t]+|[ \t]+$/, "", params)
      n = split(ports, p, " ")
      for (i = 1; i <= n; i++) print "    server 127.0.0.1:" p[i] " " params
      done = 1
    }
    next
  }
  /# test: listen/ { print "    listen 127.0.0.1:" listen ";"; next }
  /# test: drop/ { next }
  { print }
' deploy/nginx-policybot.conf >"$BASE/nginx/policybot.conf"
d="$BASE/nginx"
cat >"$d/nginx.conf" <<EOF
pid $d/nginx.pid;
error_log $d/error.log warn;
worker_processes 1;
events { worker_connections 1024; }
http {
    # Only what did not succeed, with what the replicas answered.
    map \$status \$failed { ~^2 0; default 1; }
    log_format failed '\$time_local \$status "\$request" upstream \$upstream_addr \$upstream_status \$request_time';
    access_log $d/failed.log failed if=\$failed;
    client_body_temp_path $d/client_body;
    proxy_temp_path $d/proxy;
    fastcgi_temp_path $d/fastcgi;
    uwsgi_temp_path $d/uwsgi;
    scgi_temp_path $d/scgi;
    include $d/policybot.conf;
}
EOF
[ "$(id -u)" = 0 ] && chown -R nobody "$d"
"${as_nobody[@]}" "$NGINX" -p "$d" -c "$d/nginx.conf" -e "$d/error.log" -g 'daemon off;' >"$d/stdout.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 50); do curl -fs "$LB/health" >/dev/null 2>&1 && break; sleep 0.2; done
curl -fs "$LB/health" >/dev/null || { echo "error: nginx does not answer on $LB" >&2; cat "$d/error.log" >&2; exit 1; }

echo "== warm-up (10 s, not measured)"
BENCH_UNIQUE=false wrk -t"$THREADS" -c"$CONNECTIONS" -d10s -s bench/ask.lua "$LB" >/dev/null

# Waits until nginx sends requests to replica N again: its /health through nginx names it.
# nginx leaves a replica out for fail_timeout (10 s, counted in whole seconds) after a refused
# connection, which may come just before the port opens: restarting the next replica within
# that time leaves nginx no replica at all for a moment (502, "no live upstreams").
await_nginx() {
  local n="$1"
  for _ in $(seq 1 300); do
    curl -fs "$LB/health" 2>/dev/null | grep -q "\"replica\":\"policybot-$n\"" && return 0
    sleep 0.1
  done
  echo "error: nginx did not send requests to replica $n within 30 s" >&2
  exit 1
}

# Restarts replica N: SIGTERM, wait for the exit, start it again, wait for its /health, then
# until nginx sends it requests again, then 2 s more.
restart_replica() {
  local n="$1" t0
  t0=$(date +%s.%N)
  echo "   $(date -u +%T) replica $n: SIGTERM"
  kill -TERM "${replica_pid[$n]}"
  wait "${replica_pid[$n]}" || true
  echo "   $(date -u +%T) replica $n: exited after $(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN {printf "%.1f", b - a}') s; starting"
  start_replica "$n"
  await_replica "$n"
  echo "   $(date -u +%T) replica $n: /health ok, $(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN {printf "%.1f", b - a}') s after SIGTERM"
  await_nginx "$n"
  echo "   $(date -u +%T) replica $n: served through nginx again, $(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN {printf "%.1f", b - a}') s after SIGTERM"
  sleep 2
}

if [ "$ROLLING" = true ]; then
  echo "== rolling restart under load: wrk ${DURATION}s, POST /api/ask x $CONNECTIONS connections, GET /health x $HEALTH_CONNECTIONS"
  : >"$d/error.log"
  : >"$d/failed.log"
  BENCH_UNIQUE=false wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency -s bench/ask.lua "$LB" >"$BASE/ask.txt" &
  wrk_ask=$!
  wrk -t1 -c"$HEALTH_CONNECTIONS" -d"${DURATION}s" "$LB/health" >"$BASE/health.txt" &
  wrk_health=$!
  sleep 10
  restart_replica 1
  restart_replica 2
  wait "$wrk_ask" "$wrk_health"

  echo
  echo "== rolling restart: results"
  for f in ask health; do
    echo "-- $f"
    grep -E 'requests in|Requests/sec|Non-2xx|Socket errors' "$BASE/$f.txt" | sed 's/^/   /'
    grep -q 'Non-2xx' "$BASE/$f.txt" || echo "   all responses 2xx"
    grep -q 'Socket errors' "$BASE/$f.txt" || echo "   no socket errors"
  done
  echo "-- responses other than 2xx (nginx's log: status, request, replicas tried, their answers)"
  grep -c . "$d/failed.log" 2>/dev/null | sed 's/^/   lines: /' || echo "   none"
  cut -d' ' -f3- "$d/failed.log" 2>/dev/null | sed -E 's/ [0-9.]+$//' | sort | uniq -c | sort -rn | head -10 | sed 's/^/   /' || true
  echo "-- nginx error.log during the run: $(grep -c . "$d/error.log" || true) lines"
  grep -oE '\[(error|warn)\].*(upstream|connect)[^,]*' "$d/error.log" | sed -E 's/^\[[a-z]+\] [0-9#]+: \*[0-9]+ //' \
    | sort | uniq -c | sort -rn | head -10 | sed 's/^/   /'

fi

# CPU seconds (user + system) the replicas have used so far: throughput per core, which holds
# when other work shares the cores, as requests over the CPU time they took.
cpu_seconds() {
  local total=0 n
  for n in 1 2; do
    total=$((total + $(awk '{print $14 + $15}' "/proc/${replica_pid[$n]}/stat")))
  done
  awk -v t="$total" -v hz="$(getconf CLK_TCK)" 'BEGIN {printf "%.2f", t / hz}'
}

if [ "$SIZING" = true ]; then
  echo
  echo "== sizing: POST /api/ask through nginx, two replicas, $CONNECTIONS connections, $SIZING_DURATION each"
  for f in cached unique; do
    unique=false; [ "$f" = unique ] && unique=true
    before=$(cpu_seconds)
    BENCH_UNIQUE=$unique wrk -t"$THREADS" -c"$CONNECTIONS" -d"$SIZING_DURATION" --latency -s bench/ask.lua "$LB" >"$BASE/sizing-$f.txt"
    cpu=$(awk -v a="$before" -v b="$(cpu_seconds)" 'BEGIN {printf "%.2f", b - a}')
    requests=$(awk '/requests in/ {print $1}' "$BASE/sizing-$f.txt")
    printf '   %-8s %10s req/s  p50 %s  p99 %s  %s; %s answers in %s CPU s of the replicas: %s per CPU second\n' "$f" \
      "$(awk '/Requests\/sec/ {print $2}' "$BASE/sizing-$f.txt")" \
      "$(awk '$1 == "50%" {print $2}' "$BASE/sizing-$f.txt")" "$(awk '$1 == "99%" {print $2}' "$BASE/sizing-$f.txt")" \
      "$(grep -h 'Non-2xx' "$BASE/sizing-$f.txt" || echo 'all 2xx')" "$requests" "$cpu" \
      "$(awk -v r="$requests" -v c="$cpu" 'BEGIN {printf "%.0f", r / c}')"
  done
  for n in 1 2; do
    echo "   replica $n RSS after the runs: $(( $(awk '/VmRSS/ {print $2}' "/proc/${replica_pid[$n]}/status") / 1024 )) MB" \
      "(peak $(( $(awk '/VmHWM/ {print $2}' "/proc/${replica_pid[$n]}/status") / 1024 )) MB)"
  done
fi
echo "== $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%FT%TZ); files in $BASE"
