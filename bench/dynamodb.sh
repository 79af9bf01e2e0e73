#!/usr/bin/env bash
# The DynamoDB benchmark: PutItem, GetItem, Query and Scan at several concurrencies
# against localcloud (durable, WAL on disk; and --in-memory), dynalite (Node, in memory)
# and moto (Python, in memory) on this machine, the servers taking turns, with
# lc-fixed-server answering the same GetItem-shaped requests as the HTTP ceiling. Also the
# bulk-write rate (BatchWriteItem) and the memory of each server after 100,000 items.
# Prints markdown tables; writes bench/results/dynamodb-*.jsonl (bench/report.py FILE
# shows it again). bench/README.md explains the method and the columns.
#
# localcloud-indexed is localcloud (on disk) with the table carrying two GSIs and a
# NEW_AND_OLD_IMAGES stream: PutItem there against plain localcloud is the cost of index and
# stream maintenance, and QueryIndex (a Query on a GSI, same 10 items as Query) runs only
# on *-indexed servers.
#
# localcloud-direct is lc-dynamodb-direct on the durable localcloud's data, once its server
# has stopped: the same requests handed to the DynamoDB service in-process, without HTTP.
# It is not a peer's rival but localcloud's own work alone: what the network path costs
# is the difference.
#
# Environment: DURATION (s per run, default 5), WARMUP (s, default 1), CONCURRENCY
# (default "1 16 64"), SERVERS (default "localcloud localcloud-mem dynalite moto"; also
# localcloud-indexed, dynalite-indexed),
# PARTITIONS x PER_PARTITION (preload, default 1000 x 10), RSS_ITEMS (default 100000; 0
# skips), PUT_BODIES (distinct PutItem bodies per run, default 300000), OPS (default
# "GetItem Query Scan PutItem"), ROUNDS (repeat the load runs, report medians; default
# 1), JOBS (build, default 2), LOADGEN_THREADS (default 1), LOCALCLOUD_BIN, DYNALITE_DIR
# (default /work/peers/node_modules/dynalite), MOTO_BIN.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

DURATION=${DURATION:-5}
WARMUP=${WARMUP:-1}
CONCURRENCY=${CONCURRENCY:-"1 16 64"}
SERVERS=${SERVERS:-"localcloud localcloud-mem dynalite moto"}
OPS=${OPS:-"GetItem Query Scan PutItem"}
PARTITIONS=${PARTITIONS:-1000}
PER_PARTITION=${PER_PARTITION:-10}
RSS_ITEMS=${RSS_ITEMS:-100000}
PUT_BODIES=${PUT_BODIES:-300000}
ROUNDS=${ROUNDS:-1}
JOBS=${JOBS:-2}
LOADGEN_THREADS=${LOADGEN_THREADS:-1}
BUILD=${BENCH_BUILD:-build-bench}
LOADGEN=$BUILD/bench/lc-loadgen
FIXED=$BUILD/bench/lc-fixed-server
DIRECT=$BUILD/bench/lc-dynamodb-direct
LOCALCLOUD=${LOCALCLOUD_BIN:-$BUILD/src/app/localcloud}
export DYNALITE_DIR=${DYNALITE_DIR:-/work/peers/node_modules/dynalite}
# pyenv's shim would stand between us and moto's Python process; use the real script.
MOTO_BIN=${MOTO_BIN:-$(pyenv which moto_server 2>/dev/null || command -v moto_server || true)}
DATA="python3 bench/dynamodb_data.py"
CLK_TCK=$(getconf CLK_TCK)

mkdir -p bench/results
RESULTS=bench/results/dynamodb-$(date +%Y-%m-%dT%H%M%S).jsonl
WORK=$(mktemp -d)
PIDS=()

# lib.sh gives cleanup, stop_server and build_bench; this script's start_server, load and
# settle below take the place of lib.sh's (their arguments differ).
source bench/lib.sh

trap cleanup EXIT
trap 'exit 130' INT TERM

log() { echo "dynamodb.sh: $*" >&2; }

# start_server NAME COMMAND...: runs it in the background and waits until it says where
# it listens: localcloud's JSON listening line on stdout (whose pid, if any, is the
# server's) or werkzeug's " * Running on http://HOST:PORT" on stderr (moto). Sets PORT
# and SERVER_PID; fails if neither comes within 20 s.
start_server() {
  local name=$1 line="" listed_pid
  shift
  : >"$WORK/$name.out"  # before the start: an earlier server of that name left its line
  : >"$WORK/$name.err"
  "$@" >"$WORK/$name.out" 2>"$WORK/$name.err" &
  SERVER_PID=$!
  PIDS+=("$SERVER_PID")
  PORT=""
  for _ in $(seq 400); do
    line=$(grep -m1 '^{"event":"listening"' "$WORK/$name.out" || true)
    if [[ -n $line ]]; then
      PORT=$(sed -n 's/.*"port":\([0-9]*\).*/\1/p' <<<"$line")
      listed_pid=$(sed -n 's/.*"pid":\([0-9]*\).*/\1/p' <<<"$line")
      if [[ -n $listed_pid && $listed_pid != "$SERVER_PID" ]]; then
        PIDS+=("$listed_pid")
        SERVER_PID=$listed_pid
      fi
      break
    fi
    PORT=$(sed -n 's|.*Running on http://[^:]*:\([0-9]*\).*|\1|p' "$WORK/$name.err" | head -n1)
    [[ -n $PORT ]] && break
    kill -0 "$SERVER_PID" 2>/dev/null || break
    sleep 0.05
  done
  if [[ -z $PORT ]]; then
    log "$name did not start; its stderr:"
    tail -n 20 "$WORK/$name.err" >&2
    return 1
  fi
}

# start_named NAME: starts one of the servers of SERVERS with an empty store.
start_named() {
  case $1 in
    localcloud)
      local dir
      dir=$(mktemp -d "$WORK/localcloud-data.XXXX")
      DATA_DIR_OF[$1]=$dir
      start_server "$1" "$LOCALCLOUD" --port 0 --data-dir "$dir" --log-level warn ;;
    localcloud-indexed)
      local dir
      dir=$(mktemp -d "$WORK/localcloud-data.XXXX")
      start_server "$1" "$LOCALCLOUD" --port 0 --data-dir "$dir" --log-level warn ;;
    localcloud-mem) start_server "$1" "$LOCALCLOUD" --port 0 --in-memory --log-level warn ;;
    dynalite | dynalite-indexed) start_server "$1" node bench/dynalite_server.js ;;
    moto) start_server "$1" "$MOTO_BIN" -H 127.0.0.1 -p 0 ;;
    *) log "unknown server $1 (known: localcloud localcloud-mem dynalite moto)"; return 1 ;;
  esac
}

# available NAME: whether that server can run here; says why not.
available() {
  case $1 in
    localcloud | localcloud-mem | localcloud-indexed)
      [[ -x $LOCALCLOUD ]] || { log "no localcloud binary at $LOCALCLOUD: skipping $1"; return 1; } ;;
    dynalite | dynalite-indexed)
      [[ -f $DYNALITE_DIR/package.json ]] || {
        log "no dynalite at $DYNALITE_DIR (mkdir -p /work/peers && cd /work/peers && npm install dynalite): skipping"
        return 1
      } ;;
    moto) [[ -n $MOTO_BIN ]] || { log "no moto_server on PATH: skipping moto"; return 1; } ;;
  esac
}

# cpu_ticks PID: user+sys CPU of the process (all its threads) in clock ticks.
cpu_ticks() {
  local stat
  stat=$(cat "/proc/$1/stat" 2>/dev/null) || { echo 0; return 1; }
  awk '{print $12 + $13}' <<<"${stat##*) }"
}

# load SERVER OP CONNECTIONS PID LOADGEN-ARGS...: one closed-loop run, appended to the
# results with the server's own CPU use over the run (warmup included; 100 = one core).
load() {
  local server=$1 op=$2 connections=$3 pid=$4 line ticks_before started ticks wall
  shift 4
  log "$server $op, $connections connection(s), ${DURATION}s, round $round of $ROUNDS"
  ticks_before=$(cpu_ticks "$pid" || true)
  started=$(date +%s.%N)
  line=$("$LOADGEN" --name "$server/$op" --connections "$connections" --duration "$DURATION" \
    --warmup "$WARMUP" --threads "$LOADGEN_THREADS" "$@") || log "$server $op: no successful requests"
  [[ -n $line ]] || return 0
  ticks=$(($(cpu_ticks "$pid" || true) - ticks_before))
  wall=$(awk -v a="$started" -v b="$(date +%s.%N)" 'BEGIN {print b - a}')
  printf '%s,"server":"%s","op":"%s","round":%d,"server_cpu_pct":%.1f}\n' "${line%\}}" \
    "$server" "$op" "$round" \
    "$(awk -v t="$ticks" -v hz="$CLK_TCK" -v w="$wall" 'BEGIN {print t / hz / w * 100}')" >>"$RESULTS"
}

# settle NAME PID: the load generator drops the requests in flight when a run ends, but
# a slow server (moto takes seconds per Scan) goes on working on them and would steal
# the next run's CPU. Wait, up to 60 s, until it uses less than 5% of a core.
settle() {
  local before after
  for _ in $(seq 300); do
    before=$(cpu_ticks "$2") || return 0
    sleep 0.2
    after=$(cpu_ticks "$2") || return 0
    (((after - before) * 100 <= CLK_TCK)) && return 0
  done
  log "$1 still busy 60 s after its run"
}

# Real SDKs sign every call; a well-formed (unchecked) signature keeps the request the
# size and shape a server sees from boto3 or the AWS CLI (dynalite insists on one).
headers_for() {
  HEADERS=(
    --header "X-Amz-Target: DynamoDB_20120810.$1"
    --header "Content-Type: application/x-amz-json-1.0"
    --header "X-Amz-Date: 20240101T000000Z"
    --header "Authorization: AWS4-HMAC-SHA256 Credential=test/20240101/us-east-1/dynamodb/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=0000000000000000000000000000000000000000000000000000000000000000"
  )
}

bodies_for() {  # OP CONNECTIONS ROUND [PREFIX]: the bodies file of that run
  if [[ $1 == PutItem ]]; then echo "$WORK/bodies/PutItem-${4:-r}$3c$2.txt"; else echo "$WORK/bodies/$1.txt"; fi
}

# --- build -------------------------------------------------------------------------
# shellcheck source=bench/lib.sh
build_bench dynamodb

printf '{"kind":"meta","suite":"dynamodb","date":"%s","commit":"%s","cpu":"%s","cores":%d,"duration_s":%s,"warmup_s":%s,"preload_items":%d,"rss_items":%d,"loadgen_threads":%d,"put_bodies":%d,"rounds":%d,"loadavg":"%s"}\n' \
  "$(date -Iseconds)" "$(git rev-parse --short HEAD 2>/dev/null || echo none)" \
  "$(sed -n 's/^model name\s*:\s*//p' /proc/cpuinfo | head -n1 | sed 's/["\\]//g')" \
  "$(nproc)" "$DURATION" "$WARMUP" $((PARTITIONS * PER_PARTITION)) "$RSS_ITEMS" \
  "$LOADGEN_THREADS" "$PUT_BODIES" "$ROUNDS" "$(cut -d' ' -f1-3 /proc/loadavg)" >"$RESULTS"

log "writing request bodies"
PUT_FILES=""
if [[ " $OPS " == *" PutItem "* ]]; then
  for round in $(seq "$ROUNDS"); do
    for connections in $CONCURRENCY; do PUT_FILES+=" r${round}c$connections d${round}c$connections"; done
  done
fi
$DATA bodies "$WORK/bodies" --partitions "$PARTITIONS" --per-partition "$PER_PARTITION" \
  --put-bodies "$PUT_BODIES" --put-files "$PUT_FILES"

# --- start every server and give it the same table; the fixed server is the ceiling ---
start_server fixed-server "$FIXED" --port 0
declare -A PID_OF URL_OF DATA_DIR_OF
PID_OF[fixed-server]=$SERVER_PID
URL_OF[fixed-server]=http://127.0.0.1:$PORT
RUNNING=()
for server in $SERVERS; do
  available "$server" || continue
  start_named "$server" || continue
  url=http://127.0.0.1:$PORT
  log "$server: creating the table and preloading $((PARTITIONS * PER_PARTITION)) items"
  table_flags=()
  [[ $server == *-indexed ]] && table_flags=(--indexes)
  setup_flags=("${table_flags[@]}")
  [[ $server == localcloud-indexed ]] && setup_flags+=(--stream)
  if { $DATA setup "$url" "${setup_flags[@]}" &&
    $DATA write "$url" "$server" preload --partitions "$PARTITIONS" \
      --per-partition "$PER_PARTITION" >>"$RESULTS" &&
    $DATA check "$url" --per-partition "$PER_PARTITION" "${table_flags[@]}"; }; then
    PID_OF[$server]=$SERVER_PID
    URL_OF[$server]=$url
    RUNNING+=("$server")
  else
    log "$server: setup, preload or check failed: skipping its load rows"
    stop_server "$SERVER_PID"
  fi
done

# --- the load runs, interleaved: the servers take turns at each op and concurrency, so
# other work on a shared machine weighs on all of them alike. Idle servers cost nothing.
# ROUNDS > 1 repeats an op's runs before the next op, so that with the default OPS
# (PutItem last) no read sees the puts' items; the report takes medians.
for op in $OPS; do
  headers_for "${op/QueryIndex/Query}"
  for round in $(seq "$ROUNDS"); do
    for connections in $CONCURRENCY; do
      servers=("${RUNNING[@]}")
      [[ $op == GetItem ]] && servers=(fixed-server "${servers[@]}")
      if [[ $op == QueryIndex ]]; then
        servers=()
        for server in "${RUNNING[@]}"; do [[ $server == *-indexed ]] && servers+=("$server"); done
      fi
      for server in "${servers[@]}"; do
        pid=${PID_OF[$server]}
        if ! kill -0 "$pid" 2>/dev/null; then
          log "$server has died; its stderr:"
          tail -n 20 "$WORK/$server.err" >&2
          continue
        fi
        load "$server" "$op" "$connections" "$pid" --url "${URL_OF[$server]}/" --method POST \
          "${HEADERS[@]}" --bodies-file "$(bodies_for "$op" "$connections" "$round")"
        settle "$server" "$pid"
      done
    done
  done
done
for server in fixed-server "${RUNNING[@]}"; do stop_server "${PID_OF[$server]}"; done

# --- localcloud-direct: the durable localcloud's table, its server gone, driven in-process
# with as many issuing threads as the server had request threads (one per core) ---
if [[ " ${RUNNING[*]} " == *" localcloud "* && -x $DIRECT ]]; then
  cores=$(nproc)
  for op in $OPS; do
    [[ $op == QueryIndex ]] && continue
    for round in $(seq "$ROUNDS"); do
      for connections in $CONCURRENCY; do
        log "localcloud-direct $op, $connections request(s) in flight, ${DURATION}s," \
          "round $round of $ROUNDS"
        line=$("$DIRECT" --name "localcloud-direct/$op" --data-dir "${DATA_DIR_OF[localcloud]}" \
          --operation "$op" --bodies-file "$(bodies_for "$op" "$connections" "$round" d)" \
          --clients "$connections" --threads $((connections < cores ? connections : cores)) \
          --duration "$DURATION" --warmup "$WARMUP") ||
          log "localcloud-direct $op: no successful requests"
        [[ -n $line ]] && printf '%s,"server":"localcloud-direct","op":"%s","round":%d}\n' \
          "${line%\}}" "$op" "$round" >>"$RESULTS"
      done
    done
  done
fi

# --- memory: each server alone and fresh, after RSS_ITEMS items -------------------------
if ((RSS_ITEMS > 0)); then
  for server in "${RUNNING[@]}"; do
    start_named "$server" || continue
    log "$server: memory after writing $RSS_ITEMS items"
    url=http://127.0.0.1:$PORT
    { $DATA setup "$url" &&
      $DATA write "$url" "$server" rss --pid "$SERVER_PID" \
        --partitions $((RSS_ITEMS / PER_PARTITION)) --per-partition "$PER_PARTITION" \
        >>"$RESULTS"; } || log "$server: memory run failed"
    stop_server "$SERVER_PID"
  done
fi

# Other work on the machine skews every number: say how busy it was.
printf '{"kind":"end","date":"%s","loadavg":"%s"}\n' "$(date -Iseconds)" \
  "$(cut -d' ' -f1-3 /proc/loadavg)" >>"$RESULTS"

echo
python3 bench/report.py "$RESULTS"
echo
log "results in $RESULTS"
