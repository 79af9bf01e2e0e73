#!/usr/bin/env bash
# The foundation benchmark: how close localcloud's HTTP front door comes to the bare
# Beast ceiling of this machine (lc-fixed-server), how fast it starts and how much
# memory it idles at. Prints markdown tables; writes bench/results/foundation-*.jsonl.
#
# Environment: DURATION (s per run, default 5), WARMUP (s, default 1),
# CONCURRENCY (default "1 16 64"), STARTUP_RUNS (default 10), JOBS (build, default nproc),
# LOCALCLOUD_BIN (default build-bench/src/app/localcloud).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

DURATION=${DURATION:-5}
WARMUP=${WARMUP:-1}
CONCURRENCY=${CONCURRENCY:-"1 16 64"}
STARTUP_RUNS=${STARTUP_RUNS:-10}
JOBS=${JOBS:-$(nproc)}
BUILD=${BENCH_BUILD:-build-bench}
LOADGEN=$BUILD/bench/lc-loadgen
FIXED=$BUILD/bench/lc-fixed-server
LOCALCLOUD=${LOCALCLOUD_BIN:-$BUILD/src/app/localcloud}

mkdir -p bench/results
RESULTS=bench/results/foundation-$(date +%Y-%m-%dT%H%M%S).jsonl
WORK=$(mktemp -d)
PIDS=()

cleanup() {
  local pid
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

log() { echo "run.sh: $*" >&2; }

# start_server NAME COMMAND...: runs it in the background, waits for its listening
# line and sets PORT and SERVER_PID. Fails if the line never comes. When the line
# names a pid (localcloud's does), that one is the server: a wrapper may sit in between.
start_server() {
  local name=$1 line=""
  shift
  "$@" >"$WORK/$name.out" 2>"$WORK/$name.err" &
  SERVER_PID=$!
  PIDS+=("$SERVER_PID")
  for _ in $(seq 400); do
    line=$(grep -m1 '^{"event":"listening"' "$WORK/$name.out" || true)
    [[ -n $line ]] && break
    kill -0 "$SERVER_PID" 2>/dev/null || break
    sleep 0.05
  done
  if [[ -z $line ]]; then
    log "$name did not start; its stderr:"
    tail -n 20 "$WORK/$name.err" >&2
    return 1
  fi
  PORT=$(sed -n 's/.*"port":\([0-9]*\).*/\1/p' <<<"$line")
  local listed_pid
  listed_pid=$(sed -n 's/.*"pid":\([0-9]*\).*/\1/p' <<<"$line")
  if [[ -n $listed_pid && $listed_pid != "$SERVER_PID" ]]; then
    PIDS+=("$listed_pid")
    SERVER_PID=$listed_pid
  fi
}

# stop_server PID: stops one server and waits until it is gone (it may not be our
# child, so wait alone is not enough); forgets it so cleanup cannot hit a reused pid.
stop_server() {
  kill "$1" 2>/dev/null || true
  local kept=() pid
  for _ in $(seq 300); do
    kill -0 "$1" 2>/dev/null || break
    sleep 0.05
  done
  wait "$1" 2>/dev/null || true
  for pid in "${PIDS[@]}"; do [[ $pid == "$1" ]] || kept+=("$pid"); done
  PIDS=("${kept[@]}")
}

# load NAME CONNECTIONS LOADGEN-ARGS...: one closed-loop run, appended to the results.
load() {
  local name=$1 connections=$2
  shift 2
  log "$name, $connections connection(s), ${DURATION}s"
  "$LOADGEN" --name "$name" --connections "$connections" --duration "$DURATION" \
    --warmup "$WARMUP" "$@" >>"$RESULTS" || log "$name: no successful requests"
}

BUILD_LOG=$BUILD/bench-build.log
build_failed() {
  tail -n 30 "$BUILD_LOG" >&2
  exit 1
}
log "building Release into $BUILD (log: $BUILD_LOG)"
mkdir -p "$BUILD"
: >"$BUILD_LOG"
if cmake -S . -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release -DLOCALCLOUD_BENCH=ON \
  -DLOCALCLOUD_TESTS=OFF ${CMAKE_ARGS:-} >>"$BUILD_LOG" 2>&1; then
  cmake --build "$BUILD" --parallel "$JOBS" --target lc-loadgen lc-fixed-server \
    >>"$BUILD_LOG" 2>&1 || build_failed
  # The server may be mid-rewrite; its failure only costs its rows.
  cmake --build "$BUILD" --parallel "$JOBS" >>"$BUILD_LOG" 2>&1 ||
    log "localcloud did not build (see $BUILD_LOG); its rows use any older binary or are skipped"
else
  log "the project does not configure (see $BUILD_LOG); building the bench tools alone"
  cmake -S bench -B "$BUILD/bench-only" -G Ninja -DCMAKE_BUILD_TYPE=Release \
    >>"$BUILD_LOG" 2>&1 || build_failed
  cmake --build "$BUILD/bench-only" --parallel "$JOBS" >>"$BUILD_LOG" 2>&1 || build_failed
  LOADGEN=$BUILD/bench-only/lc-loadgen
  FIXED=$BUILD/bench-only/lc-fixed-server
  if [[ -x $LOCALCLOUD ]]; then
    log "localcloud rows use $LOCALCLOUD from an earlier build ($(date -r "$LOCALCLOUD" +%FT%T))"
  fi
fi

printf '{"kind":"meta","date":"%s","commit":"%s","cpu":"%s","cores":%d,"duration_s":%s,"warmup_s":%s}\n' \
  "$(date -Iseconds)" "$(git rev-parse --short HEAD 2>/dev/null || echo none)" \
  "$(sed -n 's/^model name\s*:\s*//p' /proc/cpuinfo | head -n1 | sed 's/["\\]//g')" \
  "$(nproc)" "$DURATION" "$WARMUP" >"$RESULTS"

start_server fixed-server "$FIXED" --port 0
FIXED_PID=$SERVER_PID
FIXED_URL=http://127.0.0.1:$PORT

HAVE_LOCALCLOUD=0
if [[ ! -x $LOCALCLOUD ]]; then
  log "no localcloud binary at $LOCALCLOUD: skipping its rows"
elif start_server localcloud "$LOCALCLOUD" --port 0 --in-memory --log-level warn; then
  HAVE_LOCALCLOUD=1
  LOCALCLOUD_PID=$SERVER_PID
  LOCALCLOUD_URL=http://127.0.0.1:$PORT
else
  log "localcloud did not start: skipping its rows"
fi

# Real SDKs sign every call; a well-formed (unchecked) signature keeps the request the
# size and shape localcloud sees from boto3 or the AWS CLI.
DYNAMODB_HEADERS=(
  --header "X-Amz-Target: DynamoDB_20120810.ListTables"
  --header "Content-Type: application/x-amz-json-1.0"
  --header "X-Amz-Date: 20240101T000000Z"
  --header "Authorization: AWS4-HMAC-SHA256 Credential=test/20240101/us-east-1/dynamodb/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=0000000000000000000000000000000000000000000000000000000000000000"
)

for connections in $CONCURRENCY; do
  load fixed-server "$connections" --url "$FIXED_URL/"
  if ((HAVE_LOCALCLOUD)); then
    load health "$connections" --url "$LOCALCLOUD_URL/_localcloud/health"
    load dynamodb-listtables "$connections" --url "$LOCALCLOUD_URL/" --method POST \
      "${DYNAMODB_HEADERS[@]}" --body '{}'
  fi
done

# Startup runs alone: the servers under load above would only add noise.
stop_server "$FIXED_PID"
if ((HAVE_LOCALCLOUD)); then stop_server "$LOCALCLOUD_PID"; fi
log "startup time and idle memory, $STARTUP_RUNS runs each"
python3 bench/startup.py fixed-server / "$STARTUP_RUNS" -- "$FIXED" --port 0 >>"$RESULTS" ||
  log "fixed-server startup measurement failed"
if ((HAVE_LOCALCLOUD)); then
  python3 bench/startup.py localcloud /_localcloud/health "$STARTUP_RUNS" -- \
    "$LOCALCLOUD" --port 0 --in-memory --log-level warn >>"$RESULTS" ||
    log "localcloud startup measurement failed"
fi

echo
python3 bench/report.py "$RESULTS" fixed-server
echo
log "results in $RESULTS"
