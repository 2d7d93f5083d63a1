#!/usr/bin/env bash
# Builds the libFuzzer harnesses with clang-14 (ASan + UBSan) in build-fuzz and runs each for
# SECONDS (default 15, so 30 s in all) from the seed corpus in tests/fuzz/corpus. New inputs go
# to build-fuzz/corpus/<harness>, never into the seeds; a crash leaves its input in
# build-fuzz/artifacts/ and makes this exit non-zero.
#   tests/fuzz/run.sh [SECONDS] [extra libFuzzer flags...]
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds="${1:-15}"
shift || true
build_dir=build-fuzz
[ -f "$build_dir/build.ninja" ] ||
  cmake -S . -B "$build_dir" -G Ninja -DCMAKE_CXX_COMPILER=clang++-14 \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo -DKEFU_SANITIZE=ON -DKEFU_FUZZ=ON \
    -DCMAKE_CXX_FLAGS=-fsanitize=fuzzer-no-link >/dev/null
cmake --build "$build_dir" --target command_decoder_fuzz http_routes_fuzz -j "$(nproc)" >/dev/null
mkdir -p "$build_dir/artifacts"
status=0
for harness in command_decoder http_routes; do
  work="$build_dir/corpus/$harness"
  mkdir -p "$work"
  echo "== fuzz $harness for $seconds s"
  set +e
  "$build_dir/tests/${harness}_fuzz" "$work" "tests/fuzz/corpus/$harness" \
    -max_total_time="$seconds" -timeout=20 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$build_dir/artifacts/${harness}-" "$@" 2>&1 |
    grep -E "^stat::(number_of_executed_units|average_exec_per_sec)|ERROR|SUMMARY|Done"
  [ "${PIPESTATUS[0]}" -eq 0 ] || status=1
  set -e
done
exit $status
