#!/usr/bin/env bash
# Kept for old notes: the fuzzing script is scripts/fuzz (same arguments).
#   tests/fuzz/run.sh [SECONDS] [extra libFuzzer flags...]
exec "$(dirname "$0")/../../scripts/fuzz" "$@"
