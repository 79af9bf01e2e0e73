#!/usr/bin/env bash
# The soak run: localcloud serving the workshop app (config/workshop.json, data on disk)
# under a bounded mixed workload at a moderate, paced rate: DynamoDB item calls, Invoke of
# Node.js, Python and in-process C++ functions, and GET /v1/users through API Gateway to a
# Node.js function that scans a table. Every WINDOW seconds it samples the server's RSS,
# its process tree's RSS, its open descriptors, its live and zombie child processes, and
# each workload's answers, errors and p50/p99. At the end it prints the table and the
# post-warm-up trends (least-squares slope per minute). bench/soak.py says more.
#
# Environment: SECONDS_TOTAL (default 600), WINDOW (default 10), WARMUP (default 60),
# RATE (requests/s per worker, default 50), WORKERS (default dynamodb=3,invoke=2,api=2),
# LOCALCLOUD_BIN (skip the build and use this binary), JOBS (build, default 2), PYTHON.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

SECONDS_TOTAL=${SECONDS_TOTAL:-600}
WINDOW=${WINDOW:-10}
WARMUP=${WARMUP:-60}
RATE=${RATE:-50}
WORKERS=${WORKERS:-dynamodb=3,invoke=2,api=2}
JOBS=${JOBS:-2}
BUILD=${BENCH_BUILD:-build-bench}
PYTHON=${PYTHON:-$(pyenv which python3 2>/dev/null || command -v python3)}

mkdir -p bench/results
RESULTS=bench/results/soak-$(date +%Y-%m-%dT%H%M%S).jsonl
WORK=$(mktemp -d)
PIDS=()

# shellcheck source=bench/lib.sh
source bench/lib.sh
trap cleanup EXIT
trap 'exit 130' INT TERM

log() { echo "soak.sh: $*" >&2; }

if [[ -n ${LOCALCLOUD_BIN:-} ]]; then
  LOCALCLOUD=$LOCALCLOUD_BIN
else
  LOCALCLOUD=$BUILD/src/app/localcloud
  log "building Release localcloud into $BUILD (log: $BUILD/soak-build.log)"
  mkdir -p "$BUILD"
  { cmake -S . -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release -DLOCALCLOUD_TESTS=OFF &&
    cmake --build "$BUILD" --parallel "$JOBS" --target localcloud; } >"$BUILD/soak-build.log" 2>&1 ||
    { tail -n 30 "$BUILD/soak-build.log" >&2; exit 1; }
fi

printf '{"kind":"meta","suite":"soak","date":"%s","commit":"%s","cpu":"%s","cores":%d,"loadavg":"%s"}\n' \
  "$(date -Iseconds)" "$(git rev-parse --short HEAD 2>/dev/null || echo none)" \
  "$(sed -n 's/^model name\s*:\s*//p' /proc/cpuinfo | head -n1 | sed 's/["\\]//g')" \
  "$(nproc)" "$(cut -d' ' -f1-3 /proc/loadavg)" >"$RESULTS"

start_server localcloud '^\{"event":"listening"' "$LOCALCLOUD" --port 0 --log-level warn \
  --data-dir "$WORK/data" --config config/workshop.json
log "localcloud pid $SERVER_PID on port $PORT: soaking for $SECONDS_TOTAL s"
status=0
$PYTHON bench/soak.py "http://127.0.0.1:$PORT" "$SERVER_PID" "$RESULTS" --seconds "$SECONDS_TOTAL" \
  --window "$WINDOW" --warmup "$WARMUP" --rate "$RATE" --workers "$WORKERS" || status=$?
printf '{"kind":"end","date":"%s","loadavg":"%s"}\n' "$(date -Iseconds)" \
  "$(cut -d' ' -f1-3 /proc/loadavg)" >>"$RESULTS"
log "results in $RESULTS"
exit $status
