#!/usr/bin/env bash
# The Lambda benchmark: warm Invoke round trips (POST /2015-03-31/functions/NAME/invocations
# → handler → answer) of a trivial Node.js, Python and in-process C++ handler on localcloud
# at concurrency 1 and 16, against the same Node.js handler under serverless-offline (its
# default worker-thread mode and --useInProcess) and the fixed-body Beast server answering
# the same requests as the HTTP ceiling, the targets taking turns; then Node.js and Python
# cold starts. Prints markdown tables; writes bench/results/lambda-*.jsonl (bench/report.py
# FILE shows it again). bench/README.md explains the method and the columns.
#
# Environment: DURATION (s per run, default 5), WARMUP (s, default 1), CONCURRENCY
# (default "1 16"), ROUNDS (repeat the load runs, report medians; default 3), COLD_RUNS
# (default 10), TARGETS (default all, see TARGET_ORDER), JOBS (build, default 2),
# LOADGEN_THREADS (default 1), LOCALCLOUD_BIN, PEERS_DIR (default /work/peers, holding
# node_modules/serverless and serverless-offline), PYTHON (runs the helpers).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

DURATION=${DURATION:-5}
WARMUP=${WARMUP:-1}
CONCURRENCY=${CONCURRENCY:-"1 16"}
ROUNDS=${ROUNDS:-3}
COLD_RUNS=${COLD_RUNS:-10}
JOBS=${JOBS:-2}
LOADGEN_THREADS=${LOADGEN_THREADS:-1}
PEERS_DIR=${PEERS_DIR:-/work/peers}
TARGET_ORDER="fixed-server localcloud/cpp localcloud/node localcloud/python serverless-offline/node serverless-offline-inprocess/node"
TARGETS=${TARGETS:-$TARGET_ORDER}
BUILD=${BENCH_BUILD:-build-bench}
LOADGEN=$BUILD/bench/lc-loadgen
FIXED=$BUILD/bench/lc-fixed-server
LOCALCLOUD=${LOCALCLOUD_BIN:-$BUILD/src/app/localcloud}
# The helpers' interpreter: pyenv's shim on PATH is a shell script that costs ~0.3 s a call.
PYTHON=${PYTHON:-$(pyenv which python3 2>/dev/null || command -v python3)}
HELPER="$PYTHON bench/lambda_bench.py"
MAX_CONCURRENCY=$(tr ' ' '\n' <<<"$CONCURRENCY" | sort -n | tail -n1)

mkdir -p bench/results
RESULTS=bench/results/lambda-$(date +%Y-%m-%dT%H%M%S).jsonl
WORK=$(mktemp -d)
PIDS=()

# shellcheck source=bench/lib.sh
source bench/lib.sh
trap cleanup EXIT
trap 'exit 130' INT TERM

log() { echo "lambda.sh: $*" >&2; }
wanted() { [[ " $TARGETS " == *" $1 "* ]]; }

# --- build -------------------------------------------------------------------------
build_bench lambda

SLS_VERSION=$(sls_version)
printf '{"kind":"meta","suite":"lambda","date":"%s","commit":"%s","cpu":"%s","cores":%d,"duration_s":%s,"warmup_s":%s,"rounds":%d,"cold_runs":%d,"loadgen_threads":%d,"node":"%s","python":"%s","serverless_offline":"%s","loadavg":"%s"}\n' \
  "$(date -Iseconds)" "$(git rev-parse --short HEAD 2>/dev/null || echo none)" \
  "$(sed -n 's/^model name\s*:\s*//p' /proc/cpuinfo | head -n1 | sed 's/["\\]//g')" \
  "$(nproc)" "$DURATION" "$WARMUP" "$ROUNDS" "$COLD_RUNS" "$LOADGEN_THREADS" \
  "$(node --version)" "$("$PYTHON" -c 'import platform; print(platform.python_version())')" \
  "$SLS_VERSION" "$(cut -d' ' -f1-3 /proc/loadavg)" >"$RESULTS"

# --- the servers: every target is a URL path on one of them ---------------------------
declare -A PID_OF URL_OF FUNCTION_OF SLEEP_FIELD_OF
RUNNING=()
LOCALCLOUD_ARGS=(--port 0 --data-dir "$WORK/localcloud-data" --log-level warn)
JSON_READY='^\{"event":"listening"'

if wanted fixed-server && start_server fixed-server "$JSON_READY" "$FIXED" --port 0; then
  PID_OF[fixed-server]=$SERVER_PID
  URL_OF[fixed-server]=http://127.0.0.1:$PORT/2015-03-31/functions/bench-node/invocations
  RUNNING+=(fixed-server)
fi

LOCALCLOUD_URL=""
if [[ ! -x $LOCALCLOUD ]]; then
  log "no localcloud binary at $LOCALCLOUD: skipping its rows"
elif start_server localcloud "$JSON_READY" "$LOCALCLOUD" "${LOCALCLOUD_ARGS[@]}"; then
  LOCALCLOUD_PID=$SERVER_PID
  LOCALCLOUD_URL=http://127.0.0.1:$PORT
  log "localcloud: creating bench-node, bench-python, bench-cpp (reserved concurrency $MAX_CONCURRENCY)"
  if $HELPER setup "$LOCALCLOUD_URL" --reserved "$MAX_CONCURRENCY"; then
    for fn in node python cpp; do
      target=localcloud/$fn
      wanted "$target" || continue
      expected='{"ok":true}'
      [[ $fn == cpp ]] && expected='{}'  # examples.echo answers its event
      if $HELPER check "$LOCALCLOUD_URL" "bench-$fn" "$expected"; then
        PID_OF[$target]=$LOCALCLOUD_PID
        URL_OF[$target]=$LOCALCLOUD_URL/2015-03-31/functions/bench-$fn/invocations
        FUNCTION_OF[$target]=bench-$fn
        SLEEP_FIELD_OF[$target]="sleep"
        [[ $fn == cpp ]] && SLEEP_FIELD_OF[$target]=sleep_ms
        RUNNING+=("$target")
      else
        log "$target does not answer as it should: skipping it"
      fi
    done
  else
    log "localcloud: creating the functions failed: skipping its rows"
  fi
else
  log "localcloud did not start: skipping its rows"
fi

# serverless-offline serves the same index.mjs as function "node" of service lcbench.
if wanted serverless-offline/node || wanted serverless-offline-inprocess/node; then
  if [[ $SLS_VERSION == none ]]; then
    log "no serverless and serverless-offline in $PEERS_DIR (mkdir -p $PEERS_DIR && cd $PEERS_DIR && npm install serverless@3 serverless-offline@13): skipping them"
  else
    $HELPER sls-service "$WORK/sls" "$PEERS_DIR/node_modules"
  fi
fi
for target in serverless-offline/node serverless-offline-inprocess/node; do
  if ! wanted "$target" || [[ ! -f $WORK/sls/serverless.yml ]]; then continue; fi
  server=${target%%/*}
  extra=()
  [[ $server == serverless-offline-inprocess ]] && extra=(--useInProcess)
  if start_sls "$server" "$WORK/sls" "${extra[@]}" &&
    $HELPER check "http://127.0.0.1:$SLS_LAMBDA_PORT" lcbench-dev-node '{"ok":true}'; then
    PID_OF[$target]=$SERVER_PID
    URL_OF[$target]=http://127.0.0.1:$SLS_LAMBDA_PORT/2015-03-31/functions/lcbench-dev-node/invocations
    FUNCTION_OF[$target]=lcbench-dev-node
    SLEEP_FIELD_OF[$target]="sleep"
    RUNNING+=("$target")
  else
    log "$server did not start or does not answer: skipping it"
  fi
done

# What an SDK sends: the event as the body, signed (the signature is not checked).
INVOKE_HEADERS=(
  --header "Content-Type: application/json"
  --header "X-Amz-Date: 20240101T000000Z"
  --header "Authorization: AWS4-HMAC-SHA256 Credential=test/20240101/us-east-1/lambda/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=0000000000000000000000000000000000000000000000000000000000000000"
)

# --- the warm load runs, interleaved: at each concurrency the targets take turns, so
# other work on a shared machine weighs on all of them alike (idle servers cost nothing).
# Before its run each function gets as many warm environments as there are connections.
for round in $(seq "$ROUNDS"); do
  for connections in $CONCURRENCY; do
    for target in $TARGET_ORDER; do
      [[ " ${RUNNING[*]} " == *" $target "* ]] || continue
      pid=${PID_OF[$target]}
      if ! kill -0 "$pid" 2>/dev/null; then
        log "$target: its server has died"
        continue
      fi
      url=${URL_OF[$target]}
      if [[ -n ${FUNCTION_OF[$target]:-} ]]; then
        $HELPER warm "${url%%/2015-03-31/*}" "${FUNCTION_OF[$target]}" \
          --environments "$connections" --sleep-field "${SLEEP_FIELD_OF[$target]}" ||
          log "$target: warming failed"
        settle "$target" "$pid"
      fi
      load "$target" "$connections" "$pid" --url "$url" --method POST "${INVOKE_HEADERS[@]}" \
        --body '{}' --error-header X-Amz-Function-Error
      settle "$target" "$pid"
    done
  done
done
for target in fixed-server serverless-offline/node serverless-offline-inprocess/node; do
  [[ -n ${PID_OF[$target]:-} ]] && stop_server "${PID_OF[$target]}"
done

# --- cold starts, with nothing else running: a configuration update retires the
# function's environments and the next Invoke starts one.
if [[ -n $LOCALCLOUD_URL ]] && ((COLD_RUNS > 0)); then
  for fn in node python; do
    log "localcloud/$fn: $COLD_RUNS cold starts"
    $HELPER cold "$LOCALCLOUD_URL" "localcloud/$fn" "$fn" --runs "$COLD_RUNS" >>"$RESULTS" ||
      log "localcloud/$fn: cold starts failed"
  done
fi
[[ -n $LOCALCLOUD_URL ]] && stop_server "$LOCALCLOUD_PID"

# Other work on the machine skews every number: say how busy it was.
printf '{"kind":"end","date":"%s","loadavg":"%s"}\n' "$(date -Iseconds)" \
  "$(cut -d' ' -f1-3 /proc/loadavg)" >>"$RESULTS"

echo
python3 bench/report.py "$RESULTS"
echo
log "results in $RESULTS"
