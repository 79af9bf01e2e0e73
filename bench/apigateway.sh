#!/usr/bin/env bash
# The API Gateway benchmark: GET /v1/users through a REST API (stage v1, Lambda proxy
# integration) to a handler answering a fixed list of three users, in-process C++ and
# warm Node.js, at concurrency 1, 16 and 64; the direct Lambda Invoke of the same two
# handlers (so that the gateway's own cost shows); the same Node.js handler behind
# serverless-offline's HTTP server (its default worker-thread mode and --useInProcess);
# and the fixed-body Beast server answering the same GET as the HTTP ceiling, the targets
# taking turns. Prints markdown tables; writes bench/results/apigateway-*.jsonl
# (bench/report.py FILE shows it again). bench/README.md explains the method and columns.
#
# Environment: DURATION (s per run, default 5), WARMUP (s, default 1), CONCURRENCY
# (default "1 16 64"), ROUNDS (repeat the runs, report medians; default 3), ENVIRONMENTS
# (localcloud's --lambda-concurrency: most Node.js environments; default 16), TARGETS
# (default all, see TARGET_ORDER), JOBS (build, default 2), LOADGEN_THREADS (default 1),
# LOCALCLOUD_BIN, PEERS_DIR (default /work/peers, holding node_modules/serverless and
# serverless-offline), PYTHON (runs the helpers).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

DURATION=${DURATION:-5}
WARMUP=${WARMUP:-1}
CONCURRENCY=${CONCURRENCY:-"1 16 64"}
ROUNDS=${ROUNDS:-3}
ENVIRONMENTS=${ENVIRONMENTS:-16}
JOBS=${JOBS:-2}
LOADGEN_THREADS=${LOADGEN_THREADS:-1}
PEERS_DIR=${PEERS_DIR:-/work/peers}
TARGET_ORDER="fixed-server localcloud/invoke-cpp localcloud/gateway-cpp localcloud/invoke-node localcloud/gateway-node serverless-offline/gateway-node serverless-offline-inprocess/gateway-node"
TARGETS=${TARGETS:-$TARGET_ORDER}
BUILD=${BENCH_BUILD:-build-bench}
LOADGEN=$BUILD/bench/lc-loadgen
FIXED=$BUILD/bench/lc-fixed-server
LOCALCLOUD=${LOCALCLOUD_BIN:-$BUILD/src/app/localcloud}
# The helpers' interpreter: pyenv's shim on PATH is a shell script that costs ~0.3 s a call.
PYTHON=${PYTHON:-$(pyenv which python3 2>/dev/null || command -v python3)}
HELPER="$PYTHON bench/apigateway_bench.py"
LAMBDA_HELPER="$PYTHON bench/lambda_bench.py"

mkdir -p bench/results
RESULTS=bench/results/apigateway-$(date +%Y-%m-%dT%H%M%S).jsonl
WORK=$(mktemp -d)
PIDS=()

# shellcheck source=bench/lib.sh
source bench/lib.sh
trap cleanup EXIT
trap 'exit 130' INT TERM

log() { echo "apigateway.sh: $*" >&2; }
wanted() { [[ " $TARGETS " == *" $1 "* ]]; }

# --- build -------------------------------------------------------------------------
build_bench apigateway

SLS_VERSION=$(sls_version)
printf '{"kind":"meta","suite":"apigateway","date":"%s","commit":"%s","cpu":"%s","cores":%d,"duration_s":%s,"warmup_s":%s,"rounds":%d,"environments":%d,"loadgen_threads":%d,"node":"%s","serverless_offline":"%s","loadavg":"%s"}\n' \
  "$(date -Iseconds)" "$(git rev-parse --short HEAD 2>/dev/null || echo none)" \
  "$(sed -n 's/^model name\s*:\s*//p' /proc/cpuinfo | head -n1 | sed 's/["\\]//g')" \
  "$(nproc)" "$DURATION" "$WARMUP" "$ROUNDS" "$ENVIRONMENTS" "$LOADGEN_THREADS" \
  "$(node --version)" "$SLS_VERSION" "$(cut -d' ' -f1-3 /proc/loadavg)" >"$RESULTS"

# --- the servers and each target's request ----------------------------------------------
# URL_OF: what lc-loadgen requests; HOST_OF: its Host header, if not the URL's; WARM_OF:
# "BASE_URL FUNCTION" of a Node.js function to warm through the Invoke API before a run.
declare -A PID_OF URL_OF HOST_OF WARM_OF
RUNNING=()
JSON_READY='^\{"event":"listening"'

if wanted fixed-server && start_server fixed-server "$JSON_READY" "$FIXED" --port 0; then
  PID_OF[fixed-server]=$SERVER_PID
  URL_OF[fixed-server]=http://127.0.0.1:$PORT/v1/users
  RUNNING+=(fixed-server)
fi

LOCALCLOUD_URL=""
if [[ ! -x $LOCALCLOUD ]]; then
  log "no localcloud binary at $LOCALCLOUD: skipping its rows"
elif start_server localcloud "$JSON_READY" "$LOCALCLOUD" --port 0 \
  --data-dir "$WORK/localcloud-data" --log-level warn --lambda-concurrency "$ENVIRONMENTS"; then
  LOCALCLOUD_PID=$SERVER_PID
  LOCALCLOUD_URL=http://127.0.0.1:$PORT
  log "localcloud: creating bench-users-node, bench-users-cpp and a REST API for each"
  if read -r NODE_API CPP_API < <($HELPER setup "$LOCALCLOUD_URL") && [[ -n $CPP_API ]]; then
    for fn in cpp node; do
      api=$NODE_API
      [[ $fn == cpp ]] && api=$CPP_API
      # GET /v1/users on the API's own host name, as a browser or curl would send it.
      target=localcloud/gateway-$fn
      if wanted "$target" && $HELPER check-http "$LOCALCLOUD_URL/v1/users" \
        --host "$api.execute-api.localhost:$PORT"; then
        URL_OF[$target]=$LOCALCLOUD_URL/v1/users
        HOST_OF[$target]=$api.execute-api.localhost:$PORT
      fi
      target=localcloud/invoke-$fn
      if wanted "$target" && $HELPER check-invoke "$LOCALCLOUD_URL" "bench-users-$fn"; then
        URL_OF[$target]=$LOCALCLOUD_URL/2015-03-31/functions/bench-users-$fn/invocations
      fi
      for target in localcloud/gateway-$fn localcloud/invoke-$fn; do
        wanted "$target" || continue
        if [[ -z ${URL_OF[$target]:-} ]]; then
          log "$target does not answer as it should: skipping it"
          continue
        fi
        PID_OF[$target]=$LOCALCLOUD_PID
        [[ $fn == node ]] && WARM_OF[$target]="$LOCALCLOUD_URL bench-users-node"
        RUNNING+=("$target")
      done
    done
  else
    log "localcloud: creating the functions or APIs failed: skipping its rows"
  fi
else
  log "localcloud did not start: skipping its rows"
fi

# serverless-offline serves the same users.mjs as function "users" of service lcbench,
# behind GET /v1/users on its HTTP port; warmed through its Lambda port.
if wanted serverless-offline/gateway-node || wanted serverless-offline-inprocess/gateway-node; then
  if [[ $SLS_VERSION == none ]]; then
    log "no serverless and serverless-offline in $PEERS_DIR (mkdir -p $PEERS_DIR && cd $PEERS_DIR && npm install serverless@3 serverless-offline@13): skipping them"
  else
    $HELPER sls-service "$WORK/sls" "$PEERS_DIR/node_modules"
  fi
fi
for target in serverless-offline/gateway-node serverless-offline-inprocess/gateway-node; do
  if ! wanted "$target" || [[ ! -f $WORK/sls/serverless.yml ]]; then continue; fi
  server=${target%%/*}
  extra=()
  [[ $server == serverless-offline-inprocess ]] && extra=(--useInProcess)
  # Its HTTP server comes up after its Lambda port, which start_sls waits for.
  if start_sls "$server" "$WORK/sls" "${extra[@]}" &&
    await_line "$server" "$SERVER_PID" "Server ready: http://127.0.0.1:$SLS_HTTP_PORT" >/dev/null &&
    $HELPER check-http "http://127.0.0.1:$SLS_HTTP_PORT/v1/users"; then
    PID_OF[$target]=$SERVER_PID
    URL_OF[$target]=http://127.0.0.1:$SLS_HTTP_PORT/v1/users
    WARM_OF[$target]="http://127.0.0.1:$SLS_LAMBDA_PORT lcbench-v1-users"
    RUNNING+=("$target")
  else
    log "$server did not start or does not answer: skipping it"
  fi
done

# An SDK's Invoke: the event as the body, signed (the signature is not checked).
INVOKE_ARGS=(
  --method POST --body '{}' --error-header X-Amz-Function-Error
  --header "Content-Type: application/json"
  --header "X-Amz-Date: 20240101T000000Z"
  --header "Authorization: AWS4-HMAC-SHA256 Credential=test/20240101/us-east-1/lambda/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=0000000000000000000000000000000000000000000000000000000000000000"
)

# request_args TARGET: sets REQUEST to lc-loadgen's arguments for the target.
request_args() {
  REQUEST=(--url "${URL_OF[$1]}")
  if [[ $1 == */invoke-* ]]; then
    REQUEST+=("${INVOKE_ARGS[@]}")
  else
    REQUEST+=(--method GET)
    [[ -n ${HOST_OF[$1]:-} ]] && REQUEST+=(--header "Host: ${HOST_OF[$1]}")
  fi
  return 0
}

# --- the load runs, interleaved: at each concurrency the targets take turns, so other
# work on a shared machine weighs on all of them alike (idle servers cost nothing).
# Before its run a Node.js function gets as many warm environments as the run can use.
for round in $(seq "$ROUNDS"); do
  for connections in $CONCURRENCY; do
    for target in $TARGET_ORDER; do
      [[ " ${RUNNING[*]} " == *" $target "* ]] || continue
      pid=${PID_OF[$target]}
      if ! kill -0 "$pid" 2>/dev/null; then
        log "$target: its server has died"
        continue
      fi
      if [[ -n ${WARM_OF[$target]:-} ]]; then
        read -r base function <<<"${WARM_OF[$target]}"
        environments=$connections
        [[ $target == localcloud/* ]] && ((environments > ENVIRONMENTS)) && environments=$ENVIRONMENTS
        $LAMBDA_HELPER warm "$base" "$function" --environments "$environments" ||
          log "$target: warming failed"
        settle "$target" "$pid"
      fi
      request_args "$target"
      load "$target" "$connections" "$pid" "${REQUEST[@]}"
      settle "$target" "$pid"
    done
  done
done
for pid in "${PID_OF[@]}"; do
  kill -0 "$pid" 2>/dev/null && stop_server "$pid"
done

# Other work on the machine skews every number: say how busy it was.
printf '{"kind":"end","date":"%s","loadavg":"%s"}\n' "$(date -Iseconds)" \
  "$(cut -d' ' -f1-3 /proc/loadavg)" >>"$RESULTS"

echo
python3 bench/report.py "$RESULTS"
echo
log "results in $RESULTS"
