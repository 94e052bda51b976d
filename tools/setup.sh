#!/usr/bin/env bash
# Sets up a Debian 12 machine for grantflow and builds it, then either
#   run   registers the sample applications (or the folders given after "run") in
#         the embedded SQLite store, takes them through the grant review workflow
#         with scripted case officers (tools/demo-review.sh), and writes the
#         acknowledgements and decision letters to letters/, or
#   test  runs the whole test suite: a release build, the same tests again under
#         AddressSanitizer + UndefinedBehaviorSanitizer, and a bounded fuzzing run.
# Idempotent: packages already installed are not installed again, builds are incremental.
set -euo pipefail

mode=${1:-run}
shift || true
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$top"

packages=(
  cmake ninja-build g++ pkg-config
  libpoco-dev libxml2-dev libxml2-utils libpodofo-dev libboost-test-dev libsqlite3-dev libssl-dev libgoogle-perftools-dev
  clang-14 libclang-rt-14-dev
  poppler-utils qpdf fonts-dejavu-core fonts-symbola sqlite3 pdftk-java
)

install_packages() {
  local missing=()
  for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "setup: installing ${missing[*]}"
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo=sudo
    $sudo apt-get update
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y "${missing[@]}"
  fi
}

build() { # build DIR [cmake options...]
  local dir=$1
  shift
  cmake -S . -B "$dir" -G Ninja "$@" >/dev/null
  cmake --build "$dir"
}

install_packages
case "$mode" in
  run)
    build build -DCMAKE_BUILD_TYPE=Release
    grantflow=build/tools/grantflow
    db=grantflow-data/grantflow.db
    mkdir -p grantflow-data
    inputs=("$@")
    [ ${#inputs[@]} -gt 0 ] || inputs=(forms/samples/applications)
    "$grantflow" deploy --db="$db" workflows/grant-review.bpmn
    # Refused documents are listed with their reasons; the rest go on.
    "$grantflow" submit --db="$db" "${inputs[@]}" || status=$?
    tools/demo-review.sh "$grantflow" "$db" letters
    "$grantflow" cases --db="$db"
    "$grantflow" granted --db="$db"
    echo "setup: the case store is $db; the letters are in letters/"
    exit "${status:-0}"
    ;;
  test)
    build build -DCMAKE_BUILD_TYPE=Release
    (cd build && ctest --output-on-failure -j2)
    # The same suite once more under the sanitizers, built with clang, plus the fuzz targets.
    build build-sanitize -DCMAKE_BUILD_TYPE=Debug -DCMAKE_C_COMPILER=clang-14 \
      -DCMAKE_CXX_COMPILER=clang++-14 -DGRANTFLOW_SANITIZE=ON -DGRANTFLOW_FUZZ=ON
    (cd build-sanitize && ASAN_OPTIONS=detect_leaks=1 ctest --output-on-failure -j2)
    tests/fuzz/run-fuzzers.sh build-sanitize "${GRANTFLOW_FUZZ_SECONDS:-60}"
    ;;
  *)
    echo "usage: tools/setup.sh run [FOLDER|FILE...] | test" >&2
    exit 2
    ;;
esac
