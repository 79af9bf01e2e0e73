# Shared by the bench scripts; sourced, not run.

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
