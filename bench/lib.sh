# shellcheck shell=bash
# Shared by the bench scripts; sourced, not run. The server helpers keep the pids they
# start in PIDS and the servers' output in WORK; a script sets both, and
# `trap cleanup EXIT`, before starting any.

CLK_TCK=$(getconf CLK_TCK)  # the unit of /proc/PID/stat's CPU times

# build_bench SUITE: builds Release into $BUILD with the bench tools, logging to
# $BUILD/SUITE-build.log. The bench tools must build; localcloud may be mid-rewrite,
# in which case its rows use any older binary or are skipped. Falls back to building
# the tools alone (and points LOADGEN and FIXED at them) when the project does not
# configure. Needs BUILD, JOBS, LOCALCLOUD and a log function.
build_bench() {
  local build_log=$BUILD/$1-build.log
  log "building Release into $BUILD (log: $build_log)"
  mkdir -p "$BUILD"
  : >"$build_log"
  # shellcheck disable=SC2086 # CMAKE_ARGS holds several arguments, as for run.sh
  if cmake -S . -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release -DLOCALCLOUD_BENCH=ON \
    -DLOCALCLOUD_TESTS=OFF ${CMAKE_ARGS:-} >>"$build_log" 2>&1 &&
    cmake --build "$BUILD" --parallel "$JOBS" --target lc-loadgen lc-fixed-server >>"$build_log" 2>&1; then
    cmake --build "$BUILD" --parallel "$JOBS" >>"$build_log" 2>&1 ||
      log "localcloud did not build (see $build_log); its rows use any older binary or are skipped"
  else
    log "the project does not configure or build (see $build_log); building the bench tools alone"
    { cmake -S bench -B "$BUILD/bench-only" -G Ninja -DCMAKE_BUILD_TYPE=Release &&
      cmake --build "$BUILD/bench-only" --parallel "$JOBS"; } >>"$build_log" 2>&1 ||
      { tail -n 30 "$build_log" >&2; exit 1; }
    LOADGEN=$BUILD/bench-only/lc-loadgen
    FIXED=$BUILD/bench-only/lc-fixed-server
  fi
  if [[ -x $LOCALCLOUD ]]; then
    log "localcloud binary: $LOCALCLOUD ($(date -r "$LOCALCLOUD" +%FT%T))"
  fi
}

# cleanup: stops every server still in PIDS and removes WORK.
cleanup() {
  local pid
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$WORK"
}
# start_server NAME READY COMMAND...: runs COMMAND in the background and waits up to 60 s
# for a line matching the regex READY on its stdout or stderr (serverless logs there).
# localcloud's and lc-fixed-server's JSON listening line gives PORT (and the server's
# pid, if a wrapper sits in between). Sets SERVER_PID.
start_server() {
  local name=$1 ready=$2 line="" listed_pid
  shift 2
  "$@" >"$WORK/$name.out" 2>"$WORK/$name.err" &
  SERVER_PID=$!
  PIDS+=("$SERVER_PID")
  line=$(await_line "$name" "$SERVER_PID" "$ready") || return 1
  if [[ $line == '{"event":"listening"'* ]]; then
    PORT=$(sed -n 's/.*"port":\([0-9]*\).*/\1/p' <<<"$line")
    listed_pid=$(sed -n 's/.*"pid":\([0-9]*\).*/\1/p' <<<"$line")
    if [[ -n $listed_pid && $listed_pid != "$SERVER_PID" ]]; then
      PIDS+=("$listed_pid")
      SERVER_PID=$listed_pid
    fi
  fi
}

# await_line NAME PID READY: prints the first line matching the regex READY in the output
# of server NAME (started by start_server as PID), waiting up to 60 s while PID lives;
# fails, showing the output, if none came.
await_line() {
  local name=$1 pid=$2 ready=$3 line=""
  for _ in $(seq 1200); do
    line=$(grep -h -m1 -E "$ready" "$WORK/$name.out" "$WORK/$name.err" | head -n1 || true)
    [[ -n $line ]] && break
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.05
  done
  if [[ -z $line ]]; then
    log "$name did not start; its output:"
    tail -n 20 "$WORK/$name.out" "$WORK/$name.err" >&2
    return 1
  fi
  echo "$line"
}

# stop_server PID: stops one server, waits until it is gone, forgets its pid.
stop_server() {
  kill "$1" 2>/dev/null || true
  local kept=() pid
  for _ in $(seq 300); do
    kill -0 "$1" 2>/dev/null || break
    sleep 0.05
  done
  kill -9 "$1" 2>/dev/null || true
  wait "$1" 2>/dev/null || true
  for pid in "${PIDS[@]}"; do [[ $pid == "$1" ]] || kept+=("$pid"); done
  PIDS=("${kept[@]}")
}

free_ports() {  # N: N ports free right now
  $PYTHON - "$1" <<'EOF'
import socket, sys
sockets = [socket.socket() for _ in range(int(sys.argv[1]))]
for s in sockets:
    s.bind(("127.0.0.1", 0))
print(" ".join(str(s.getsockname()[1]) for s in sockets))
EOF
}

# tree_ticks PID: user+sys CPU, in clock ticks, of the process and its live descendants
# (localcloud's execution environments are child processes; serverless-offline's workers
# are threads of its one process).
tree_ticks() {
  local total=0 pid stat
  for pid in $(ps -e -o pid=,ppid= | awk -v root="$1" '
      { parent[$1] = $2 }
      END { for (p in parent) { q = p; while (q != root && q in parent && q > 1) q = parent[q]
                                if (q == root) print p } }'); do
    stat=$(cat "/proc/$pid/stat" 2>/dev/null) || continue
    total=$((total + $(awk '{print $12 + $13}' <<<"${stat##*) }")))
  done
  echo "$total"
}

# load TARGET CONNECTIONS PID LOADGEN-ARGS...: one closed-loop run of lc-loadgen, appended
# to $RESULTS with the round and the server's CPU over the run (warmup included; 100 = one
# core). TARGET is SERVER/FUNCTION. Needs LOADGEN, DURATION, WARMUP, LOADGEN_THREADS,
# ROUNDS and round.
load() {
  local target=$1 connections=$2 pid=$3 line ticks_before started ticks wall
  shift 3
  log "$target, $connections connection(s), ${DURATION}s, round $round of $ROUNDS"
  ticks_before=$(tree_ticks "$pid")
  started=$(date +%s.%N)
  line=$("$LOADGEN" --name "$target" --connections "$connections" --duration "$DURATION" \
    --warmup "$WARMUP" --threads "$LOADGEN_THREADS" "$@") ||
    log "$target: no successful requests"
  [[ -n $line ]] || return 0
  ticks=$(($(tree_ticks "$pid") - ticks_before))
  wall=$(awk -v a="$started" -v b="$(date +%s.%N)" 'BEGIN {print b - a}')
  printf '%s,"server":"%s","function":"%s","round":%d,"server_cpu_pct":%.1f}\n' "${line%\}}" \
    "${target%%/*}" "${target#*/}" "$round" \
    "$(awk -v t="$ticks" -v hz="$CLK_TCK" -v w="$wall" 'BEGIN {print t / hz / w * 100}')" >>"$RESULTS"
}

# settle NAME PID: waits, up to 30 s, until the server (and its environments) use less
# than 5% of a core: requests dropped when a run ends must not steal the next run's CPU.
settle() {
  local before after
  for _ in $(seq 150); do
    before=$(tree_ticks "$2")
    sleep 0.2
    after=$(tree_ticks "$2")
    (((after - before) * 100 <= CLK_TCK)) && return 0
  done
  log "$1 still busy 30 s after its run"
}

# sls_version: serverless-offline's version in PEERS_DIR, or "none" if it or serverless
# is missing.
sls_version() {
  if [[ -f $PEERS_DIR/node_modules/serverless-offline/package.json &&
    -f $PEERS_DIR/node_modules/serverless/bin/serverless.js ]]; then
    node -p "require('$PEERS_DIR/node_modules/serverless-offline/package.json').version"
  else
    echo none
  fi
}

# start_sls NAME SERVICE_DIR [SLS-ARGS...]: `serverless offline start` of the service in
# SERVICE_DIR on three free ports, waiting until its Lambda port listens. Sets
# SERVER_PID, SLS_HTTP_PORT and SLS_LAMBDA_PORT. Needs PEERS_DIR.
start_sls() {
  local name=$1 dir=$2 websocket_port
  shift 2
  read -r SLS_HTTP_PORT SLS_LAMBDA_PORT websocket_port <<<"$(free_ports 3)"
  log "$name: starting (serverless $(node -p "require('$PEERS_DIR/node_modules/serverless/package.json').version"), serverless-offline $(sls_version))"
  start_server "$name" "listening on http://127.0.0.1:$SLS_LAMBDA_PORT" \
    env -C "$dir" SLS_TELEMETRY_DISABLED=1 SLS_NOTIFICATIONS_MODE=off \
    node "$PEERS_DIR/node_modules/serverless/bin/serverless.js" offline start --host 127.0.0.1 \
    --httpPort "$SLS_HTTP_PORT" --lambdaPort "$SLS_LAMBDA_PORT" --websocketPort "$websocket_port" "$@"
}
