#!/usr/bin/env bash
# Runs each fuzzer for a bounded time: intake seeded with the example applications,
# the deploy check with the test and shipped BPMN files.
# Usage: tests/fuzz/run-fuzzers.sh BUILD_DIR SECONDS   (SECONDS for each fuzzer)
# A crash fails the run; its input is copied to tests/fuzz/crashes/ (intake) or
# tests/fuzz/crashes-bpmn/ (deploy), where fuzz_regression_tests replays it.
set -euo pipefail
build=${1:?build directory}
seconds=${2:-60}
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# fuzz NAME CRASH_FOLDER SEED_FILES...
fuzz() {
  local name=$1 crashes=$2
  shift 2
  local fuzzer="$build/tests/fuzz/fuzz_$name"
  [ -x "$fuzzer" ] || { echo "run-fuzzers: $fuzzer not built (configure with -DGRANTFLOW_FUZZ=ON and clang)" >&2; exit 2; }
  mkdir -p "$work/$name/corpus" "$work/$name/artifacts"
  cp "$@" "$work/$name/corpus/"
  echo "run-fuzzers: fuzzing $name for ${seconds}s"
  if ! ASAN_OPTIONS=detect_leaks=1 "$fuzzer" -max_total_time="$seconds" -max_len=65536 -rss_limit_mb=2048 \
      -timeout=10 -artifact_prefix="$work/$name/artifacts/" -print_final_stats=1 "$work/$name/corpus" \
      2>"$work/$name/log"; then
    tail -n 60 "$work/$name/log" >&2
    mkdir -p "$top/$crashes"
    cp "$work/$name"/artifacts/* "$top/$crashes/" 2>/dev/null || true
    echo "run-fuzzers: the $name fuzzer found a crash; its input is now in $crashes/" >&2
    exit 1
  fi
  grep -E 'stat::number_of_executed_units|stat::peak_rss_mb' "$work/$name/log" || true
}

shopt -s nullglob
fuzz intake tests/fuzz/crashes "$top"/tests/data/applications/valid/*.xml \
  "$top"/tests/data/applications/invalid/*.xml "$top"/tests/fuzz/corpus/*
fuzz bpmn tests/fuzz/crashes-bpmn "$top"/tests/data/bpmn/*.bpmn "$top"/tests/data/bpmn/*/*.bpmn \
  "$top"/workflows/*.bpmn
echo "run-fuzzers: no crash"
