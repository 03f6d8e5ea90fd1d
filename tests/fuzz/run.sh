#!/usr/bin/env bash
# Builds the libFuzzer targets with clang and runs each for DURATION seconds (default 10).
#   tests/fuzz/run.sh 5       # quick smoke, as `make test` runs it
#   tests/fuzz/run.sh 300     # a real session, as `make fuzz` runs it
# Environment: FUZZ_BUILD_DIR (default <repo>/build-fuzz), FUZZ_CXX (default clang++-14),
# JOBS (default 2). New inputs accumulate in $FUZZ_BUILD_DIR/corpus/<target>; crashes land in
# $FUZZ_BUILD_DIR/artifacts/ and make the script fail. The seed corpus in tests/fuzz/corpus is
# read, never written.
set -euo pipefail

DURATION="${1:-10}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BUILD="${FUZZ_BUILD_DIR:-$ROOT/build-fuzz}"
CXX_BIN="${FUZZ_CXX:-clang++-14}"
JOBS="${JOBS:-2}"
TARGETS=(token keyset)

if ! command -v "$CXX_BIN" >/dev/null; then
  echo "run.sh: $CXX_BIN not found (apt-get install clang-14 libclang-rt-14-dev)" >&2
  exit 1
fi

# Instrument everything that is compiled (the libraries under test included); only the fuzz
# binaries link libFuzzer's main.
cmake -S "$ROOT" -B "$BUILD" -G Ninja \
  -DCMAKE_CXX_COMPILER="$CXX_BIN" \
  -DCMAKE_BUILD_TYPE=Debug \
  -DCMAKE_CXX_FLAGS="-O1 -g -fno-omit-frame-pointer -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined" \
  -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=address,undefined" \
  -DXFX_FUZZ=ON -DXFX_BUILD_BENCH=OFF >/dev/null
cmake --build "$BUILD" -j"$JOBS" --target "${TARGETS[@]/#/fuzz_}"

mkdir -p "$BUILD/artifacts"
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1}"
status=0
for t in "${TARGETS[@]}"; do
  corpus="$BUILD/corpus/$t"
  mkdir -p "$corpus"
  echo "== fuzz_$t for ${DURATION}s"
  # The first corpus directory receives new inputs; the seeds are only read.
  if ! "$BUILD/tests/fuzz/fuzz_$t" -max_total_time="$DURATION" -timeout=10 -rss_limit_mb=2048 \
      -max_len=16384 -print_final_stats=1 -artifact_prefix="$BUILD/artifacts/$t-" \
      "$corpus" "$ROOT/tests/fuzz/corpus/$t" 2>"$BUILD/fuzz_$t.log"; then
    status=1
    echo "fuzz_$t FAILED; log: $BUILD/fuzz_$t.log" >&2
    tail -40 "$BUILD/fuzz_$t.log" >&2
  else
    grep -E "stat::number_of_executed_units|stat::new_units_added" "$BUILD/fuzz_$t.log" || true
  fi
done
exit "$status"
