#!/usr/bin/env bash
# Runs the intake fuzzer for a bounded time, seeded with the example applications.
# Usage: tests/fuzz/run-fuzzers.sh BUILD_DIR SECONDS
# A crash fails the run; its input is copied to tests/fuzz/crashes/ to become a test.
set -euo pipefail
build=${1:?build directory}
seconds=${2:-60}
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
fuzzer="$build/tests/fuzz/fuzz_intake"
[ -x "$fuzzer" ] || { echo "run-fuzzers: $fuzzer not built (configure with -DGRANTFLOW_FUZZ=ON and clang)" >&2; exit 2; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/corpus" "$work/artifacts"
cp "$top"/tests/data/applications/valid/*.xml "$top"/tests/data/applications/invalid/*.xml "$work/corpus/"
cp "$top"/tests/fuzz/corpus/* "$work/corpus/" 2>/dev/null || true

echo "run-fuzzers: fuzzing intake for ${seconds}s"
if ! ASAN_OPTIONS=detect_leaks=1 "$fuzzer" -max_total_time="$seconds" -max_len=65536 -rss_limit_mb=2048 \
    -timeout=10 -artifact_prefix="$work/artifacts/" -print_final_stats=1 "$work/corpus" 2>"$work/log"; then
  tail -n 60 "$work/log" >&2
  mkdir -p "$top/tests/fuzz/crashes"
  cp "$work"/artifacts/* "$top/tests/fuzz/crashes/" 2>/dev/null || true
  echo "run-fuzzers: the fuzzer found a crash; its input is now in tests/fuzz/crashes/" >&2
  exit 1
fi
grep -E 'stat::number_of_executed_units|stat::peak_rss_mb' "$work/log" || true
echo "run-fuzzers: no crash"
