#!/usr/bin/env bash
# The performance benchmark (`make bench`): builds the release app and the
# release server, starts its own servers on free loopback ports with fresh
# databases under target/bench/, measures size, the complete summary
# against a static page (also under network emulation, and embedded in
# the demo console), the request waterfall and phases of the first open,
# the warm conversation switch, the timeline, search and the server under
# load, prints one table and writes
# target/bench/results.json. See README.md, "Benchmark". The server's
# search and load are measured again on PostgreSQL (a throwaway cluster,
# scripts/postgres.sh) on the same data, in the same run.
#
# Knobs (environment): BENCH_RUNS (browser runs per case, default 10, at
# least 10 for the report's medians), BENCH_LOAD_SECONDS (default 10),
# BENCH_LOAD_CONNECTIONS (default 16), BENCH_LOAD_THREADS (default 1),
# BENCH_LOAD_ROUNDS (SQLite and PostgreSQL alternated, default 3),
# BENCH_SEARCH_REQUESTS (default 1000), BENCH_NO_BUILD=1 (use the builds
# already in target/bench/app and target/server).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/bench-setup.sh
source scripts/env.sh

OUT=target/bench
APP="$OUT/app"
BIN=target/server/customer-summary-server
RUNS=${BENCH_RUNS:-10}
LOAD_SECONDS=${BENCH_LOAD_SECONDS:-10}
LOAD_CONNECTIONS=${BENCH_LOAD_CONNECTIONS:-16}
LOAD_THREADS=${BENCH_LOAD_THREADS:-1}
SEARCH_REQUESTS=${BENCH_SEARCH_REQUESTS:-1000}
STARTED=$(date +%s)

step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }

# A measurement that fails is reported as not measured; the others go on,
# and the script exits non-zero at the end.
FAILED=()
measure() {
    local name=$1
    shift
    if ! "$@"; then
        echo "!! $name failed" >&2
        FAILED+=("$name")
    fi
}

PIDS=()
cleanup() {
    for pid in "${PIDS[@]}"; do
        kill "$pid" 2>/dev/null || true
    done
    for pid in "${PIDS[@]}"; do
        wait "$pid" 2>/dev/null || true
    done
}
source scripts/postgres.sh
trap 'cleanup; pg_stop' EXIT INT TERM

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# start_server NAME DATABASE [FLAG…]: starts the release server on a free
# loopback port and waits (at most 180 s) for its start-up line; sets URL.
start_server() {
    local name=$1 database=$2 port
    shift 2
    port=$(free_port)
    env -u RUST_LOG "$BIN" --bind "127.0.0.1:$port" --database "$database" --app-dir "$APP" "$@" \
        >"$OUT/server-$name.out" 2>"$OUT/server-$name.log" &
    local pid=$!
    PIDS+=("$pid")
    for _ in $(seq 1 360); do
        if grep -qs '^Customer Summary:' "$OUT/server-$name.out"; then
            URL="http://127.0.0.1:$port"
            echo "    $name: $URL (database $database)"
            return 0
        fi
        if ! kill -0 "$pid" 2>/dev/null; then
            echo "server $name exited; its log:" >&2
            cat "$OUT/server-$name.log" >&2
            return 1
        fi
        sleep 0.5
    done
    echo "server $name did not start within 180 s" >&2
    return 1
}

if [ "${BENCH_NO_BUILD:-}" != 1 ]; then
    step "Building the release app (scripts/build-app.sh) and the release server"
    rm -rf "$OUT"
    mkdir -p "$OUT"
    scripts/build-app.sh "$APP"
    cargo build -p customer-summary-server --profile server
else
    step "Using the existing builds (BENCH_NO_BUILD=1)"
    find "$OUT" -mindepth 1 -maxdepth 1 ! -name app -exec rm -rf {} +
    rm -f "$APP/static-summary.html"
fi
[ -x "$BIN" ] && [ -f "$APP/index.html" ] || { echo "missing build: $BIN or $APP/index.html" >&2; exit 1; }

cat >"$OUT/meta.json" <<JSON
{
  "date": "$(date -u +%Y-%m-%dT%H:%M:%SZ)",
  "commit": "$(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet HEAD 2>/dev/null || echo '+uncommitted changes')",
  "machine": "$(nproc) cores, $(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo), load average at start $(cut -d' ' -f1-3 /proc/loadavg)",
  "runs": $RUNS,
  "load": "wrk -t$LOAD_THREADS -c$LOAD_CONNECTIONS -d${LOAD_SECONDS}s, loopback"
}
JSON

step "1/5 Transfer size of $APP"
node bench/sizes.mjs "$APP" >"$OUT/sizes.json"

step "Starting servers on loopback with fresh databases"
start_server summary "$OUT/summary.db"
SUMMARY_URL=$URL
# Search databases: copies of the freshly seeded one, topped up with
# generated contacts (the seed itself is never changed).
python3 bench/contacts.py "$OUT/summary.db" "$OUT/search-1k.db" 1000 "$OUT/search-queries.json"
python3 bench/contacts.py "$OUT/summary.db" "$OUT/search-100k.db" 100000
start_server search-1k "$OUT/search-1k.db"
SEARCH_1K_URL=$URL
start_server search-100k "$OUT/search-100k.db"
SEARCH_100K_URL=$URL

# Ten agents with static tokens, rate limited as by default outside open
# mode; the last one is the abuser.
AGENT_TOKENS=$(for n in $(seq 1 10); do printf 'agent-%s=bench-token-%s,' "$n" "$n"; done)
cp "$OUT/summary.db" "$OUT/abuse.db"
start_server abuse "$OUT/abuse.db" --auth tokens --static-tokens "${AGENT_TOKENS%,}"
ABUSE_URL=$URL

# Live updates: 200 agents whose scripted streams stay open, and the two
# agents of the browser pages, in the demo console.
LIVE_TOKENS=$(for n in $(seq 1 200); do printf 'stream-%s=live-token-%s,' "$n" "$n"; done)
LIVE_CONSOLE_PORT=$(free_port)
cp "$OUT/summary.db" "$OUT/live.db"
start_server live "$OUT/live.db" --auth tokens \
    --static-tokens "${LIVE_TOKENS}Writer=live-writer,Watcher=live-watcher" \
    --console-bind "127.0.0.1:$LIVE_CONSOLE_PORT" --console-origins "http://127.0.0.1:$LIVE_CONSOLE_PORT"
LIVE_URL=$URL
LIVE_PID=${PIDS[-1]}

# The app embedded in the demo console in JWT mode: console and app on two
# origins, the token handed over by message (a throwaway secret).
CONSOLE_PORT=$(free_port)
cp "$OUT/summary.db" "$OUT/console.db"
start_server console "$OUT/console.db" --auth jwt --jwt-secret "bench-only-$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')" \
    --console-bind "127.0.0.1:$CONSOLE_PORT" --console-origins "http://127.0.0.1:$CONSOLE_PORT"
CONSOLE_APP_URL=$URL

step "PostgreSQL: a throwaway cluster with the same databases"
pg_start
# pg_database NAME: creates database NAME on the cluster; prints its URL.
pg_database() {
    psql -q "$CS_PG_URL" -c "CREATE DATABASE \"$1\""
    echo "${CS_PG_URL%/*}/$1"
}
start_server pg-summary "$(pg_database summary)"
PG_SUMMARY_URL=$URL
for size in 1k 100k; do
    url=$(pg_database "search_$size")
    start_server "pg-search-$size" "$url"
    # The SQLite server opened it: its search keys are filled.
    bench/pg_contacts.sh "$OUT/search-$size.db" "$url"
    declare "PG_SEARCH_${size^^}_URL=$URL"
done

step "2-4/5 Browser: complete summary vs static page, waterfall, timeline, search as you type ($RUNS runs each)"
cat >"$OUT/browser-config.json" <<JSON
{
  "app": "$SUMMARY_URL",
  "search_1k": "$SEARCH_1K_URL",
  "search_100k": "$SEARCH_100K_URL",
  "app_dir": "$APP",
  "runs": $RUNS,
  "queries": $(cat "$OUT/search-queries.json")
}
JSON
measure browser timeout 900 node bench/browser.mjs "$OUT/browser-config.json" -o "$OUT/browser.json"

step "2/5 Embedded in the demo console (JWT, two origins): first open against the static page, warm switch"
cat >"$OUT/console-config.json" <<JSON
{
  "app": "$CONSOLE_APP_URL",
  "console": "http://127.0.0.1:$CONSOLE_PORT/",
  "static_page": "$CONSOLE_APP_URL/static-summary.html",
  "runs": $RUNS,
  "switches": 20
}
JSON
measure embedded timeout 600 node bench/console.mjs "$OUT/console-config.json" "$OUT/console.json"

step "4/5 Server search latency (sequential, $SEARCH_REQUESTS requests each)"
measure "search latency (1,000)" timeout 120 node bench/search_latency.mjs \
    "$SEARCH_1K_URL" "$OUT/search-queries.json" "$SEARCH_REQUESTS" 60 "$OUT/search-api-1k.json"
measure "search latency (100,000)" timeout 120 node bench/search_latency.mjs \
    "$SEARCH_100K_URL" "$OUT/search-queries.json" "$SEARCH_REQUESTS" 60 "$OUT/search-api-100k.json"

step "4/5 Server search latency on PostgreSQL"
measure "search latency on PostgreSQL (1,000)" timeout 120 node bench/search_latency.mjs \
    "$PG_SEARCH_1K_URL" "$OUT/search-queries.json" "$SEARCH_REQUESTS" 60 "$OUT/search-api-pg-1k.json"
measure "search latency on PostgreSQL (100,000)" timeout 120 node bench/search_latency.mjs \
    "$PG_SEARCH_100K_URL" "$OUT/search-queries.json" "$SEARCH_REQUESTS" 60 "$OUT/search-api-pg-100k.json"

step "5/5 Load: wrk -t$LOAD_THREADS -c$LOAD_CONNECTIONS -d${LOAD_SECONDS}s GET /api/v1/conversations/1"
# Only the servers started above, on loopback; wrk stops by itself.
timeout 60 wrk -t"$LOAD_THREADS" -c"$LOAD_CONNECTIONS" -d2s "$SUMMARY_URL/api/v1/conversations/1" >/dev/null
timeout $((LOAD_SECONDS + 60)) wrk -t"$LOAD_THREADS" -c"$LOAD_CONNECTIONS" -d"${LOAD_SECONDS}s" --latency \
    -s bench/wrk-report.lua "$SUMMARY_URL/api/v1/conversations/1" | tee "$OUT/load.txt" | grep -v '^BENCH-JSON' || true
sed -n 's/^BENCH-JSON //p' "$OUT/load.txt" >"$OUT/load.json"
[ -s "$OUT/load.json" ] || { rm -f "$OUT/load.json"; FAILED+=(load); }

step "5/5 One agent floods the server (rate limited) while nine work at a human pace"
measure "abuse" timeout $((2 * LOAD_SECONDS + 60)) node bench/abuse.mjs "$ABUSE_URL" \
    "$(seq -f 'bench-token-%g' -s, 1 9)" bench-token-10 "$LOAD_SECONDS" "$OUT/abuse.json"

step "5/5 Live updates: a note from one agent's page to another's, 200 streams open"
cat >"$OUT/live-config.json" <<JSON
{
  "app": "$LIVE_URL",
  "console": "http://127.0.0.1:$LIVE_CONSOLE_PORT/",
  "pid": $LIVE_PID,
  "conversation": 16,
  "writes": 40,
  "stream_tokens": [$(seq -f '"live-token-%g"' -s, 1 200)],
  "writer": "Writer",
  "watcher": "Watcher"
}
JSON
measure "live updates" timeout 300 node bench/live.mjs "$OUT/live-config.json" "$OUT/live.json"

step "5/5 Load on PostgreSQL: the same wrk run"
timeout 60 wrk -t"$LOAD_THREADS" -c"$LOAD_CONNECTIONS" -d2s "$PG_SUMMARY_URL/api/v1/conversations/1" >/dev/null
timeout $((LOAD_SECONDS + 60)) wrk -t"$LOAD_THREADS" -c"$LOAD_CONNECTIONS" -d"${LOAD_SECONDS}s" --latency \
    -s bench/wrk-report.lua "$PG_SUMMARY_URL/api/v1/conversations/1" | tee "$OUT/load-pg.txt" | grep -v '^BENCH-JSON' || true
sed -n 's/^BENCH-JSON //p' "$OUT/load-pg.txt" >"$OUT/load-pg.json"
[ -s "$OUT/load-pg.json" ] || { rm -f "$OUT/load-pg.json"; FAILED+=("load on PostgreSQL"); }

# The two runs above are minutes apart, and on a shared two-core machine
# the same run's rate moves by a third between minutes: the ratio is
# taken from rounds that alternate the backends, a few seconds apart, in
# turn first (so that a steady drift favours neither).
ROUNDS=${BENCH_LOAD_ROUNDS:-3}
step "5/5 Load, SQLite and PostgreSQL alternated: $ROUNDS rounds of 5 s each"
: >"$OUT/load-rounds.txt"
for round in $(seq 1 "$ROUNDS"); do
    order="sqlite postgres"
    [ $((round % 2)) = 0 ] && order="postgres sqlite"
    for backend in $order; do
        url=$SUMMARY_URL
        [ "$backend" = postgres ] && url=$PG_SUMMARY_URL
        timeout 65 wrk -t"$LOAD_THREADS" -c"$LOAD_CONNECTIONS" -d5s -s bench/wrk-report.lua \
            "$url/api/v1/conversations/1" | sed -n "s/^BENCH-JSON /$round $backend /p" |
            tee -a "$OUT/load-rounds.txt" || true
    done
done
# load-rounds.json: the rounds that measured both backends, in order.
node -e '
    const byRound = new Map();
    for (const line of require("fs").readFileSync(process.argv[1], "utf8").split("\n")) {
        const [round, backend, ...json] = line.split(" ");
        if (!json.length) continue;
        byRound.set(round, { ...byRound.get(round), [backend]: JSON.parse(json.join(" ")) });
    }
    const rounds = [...byRound.values()].filter((r) => r.sqlite && r.postgres);
    if (!rounds.length) throw new Error("no round measured both backends");
    console.log(JSON.stringify(rounds));
' "$OUT/load-rounds.txt" >"$OUT/load-rounds.json" || { rm -f "$OUT/load-rounds.json"; FAILED+=("alternated load"); }

cleanup
PIDS=()
pg_stop

step "Results"
node bench/report.mjs "$OUT"
echo "Benchmark took $(($(date +%s) - STARTED)) s."
if [ ${#FAILED[@]} -gt 0 ]; then
    echo "Not measured (failed): ${FAILED[*]}" >&2
    exit 1
fi
