#!/usr/bin/env bash
# Runs every fuzz target (or those named) for a bounded time, one at a time.
#   fuzz/run.sh [target...]
# Environment: FUZZ_BUILD (build-fuzz), FUZZ_SECONDS per target (300),
# FUZZ_JOBS libFuzzer -fork jobs (1). The corpus of each target persists in
# $FUZZ_BUILD/corpus/<target>; seeds are regenerated from the tests and the
# recorded AWS data by fuzz/seed.py; crashes land in $FUZZ_BUILD/crashes/<target>/.
# Prints one line per target and "N passed, M failed"; exits 1 on any failure.
set -uo pipefail
cd "$(dirname "$0")/.."
build=${FUZZ_BUILD:-build-fuzz}
seconds=${FUZZ_SECONDS:-300}
jobs=${FUZZ_JOBS:-1}

targets=("$@")
if ((${#targets[@]} == 0)); then
  for bin in "$build"/fuzz/fuzz_*; do targets+=("$(basename "$bin" | sed 's/^fuzz_//')"); done
fi

python3 fuzz/seed.py "$build/seeds" || { echo "fuzz: seed generation failed"; exit 1; }

# Which dictionary helps which target.
dict_of() {
  case $1 in
    *_expression) echo fuzz/dict/expression.dict ;;
    attribute_value | dynamodb_request | flat_request | config) echo fuzz/dict/dynamodb_json.dict ;;
    runtime_api) echo fuzz/dict/http.dict ;;
    apigateway_*) echo fuzz/dict/apigateway.dict ;;
  esac
}

# Bigger inputs where the format needs room: whole requests and zip archives.
max_len_of() {
  case $1 in
    dynamodb_request | zip_extract | config) echo 16384 ;;
    *) echo 4096 ;;
  esac
}

passed=0
failed=0
for t in "${targets[@]}"; do
  bin=$build/fuzz/fuzz_$t
  if [[ ! -x $bin ]]; then
    echo "$t: FAILED (no binary $bin)"; failed=$((failed + 1)); continue
  fi
  corpus=$build/corpus/$t
  crashes=$build/crashes/$t
  log=$build/logs/$t.log
  mkdir -p "$corpus" "$crashes" "$build/logs" "$build/seeds/$t"
  # A target's scratch files go in a temporary directory of its own, removed
  # however the run ended (libFuzzer may exit without running atexit
  # clean-ups: the zip target's directories piled up in /dev/shm).
  scratch=$(mktemp -d "${TMPDIR:-/tmp}/localcloud-fuzz-$t.XXXXXX")
  # Inputs that once crashed are replayed first: they must pass now.
  if compgen -G "fuzz/regressions/$t/*" >/dev/null; then
    if ! TMPDIR=$scratch "$bin" fuzz/regressions/"$t"/* >"$build/logs/$t.regressions.log" 2>&1; then
      echo "$t: FAILED (a committed regression input crashes again; see $build/logs/$t.regressions.log)"
      failed=$((failed + 1)); rm -rf "$scratch"; continue
    fi
  fi
  args=(-max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len="$(max_len_of "$t")"
        -print_final_stats=1 -artifact_prefix="$crashes/")
  dict=$(dict_of "$t")
  [[ -n $dict ]] && args+=(-dict="$dict")
  ((jobs > 1)) && args+=(-fork="$jobs" -ignore_crashes=0)
  before=$(find "$crashes" -type f | wc -l)
  start=$(date +%s)
  TMPDIR=$scratch ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:handle_abort=1 \
    UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    "$bin" "${args[@]}" "$corpus" "$build/seeds/$t" >"$log" 2>&1
  rc=$?
  rm -rf "$scratch"
  elapsed=$(($(date +%s) - start))
  execs=$(grep -Eo 'stat::number_of_executed_units: *[0-9]+' "$log" | grep -Eo '[0-9]+$' | tail -1)
  found=$(($(find "$crashes" -type f | wc -l) - before))
  if ((rc == 0)); then
    echo "$t: ${execs:-0} execs in ${elapsed} s, 0 crashes"
    passed=$((passed + 1))
  else
    echo "$t: ${execs:-?} execs in ${elapsed} s, FAILED (exit $rc, $found new artifact(s) in $crashes; log $log)"
    failed=$((failed + 1))
  fi
done
echo "fuzz: $passed passed, $failed failed"
((failed == 0))
