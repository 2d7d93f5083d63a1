#!/usr/bin/env python3
"""Prints, for each test of ctest's last run that failed, the lines that say why.

`scripts/test` calls it at the very end, so that a log read from its tail (as CI's is) still
shows which assertion failed, not only which test. Reads build/Testing/Temporary/LastTest.log.
Usage: ctest-digest.py BUILD_DIR
"""
import re
import sys
from pathlib import Path

# A Catch2 failure report starts at "file:line: FAILED:" and runs to its rule of dashes; a
# sanitizer or a crash says so on one line. The rest of a test's output is its chatter.
STARTS = re.compile(r"(: FAILED:|ERROR: AddressSanitizer|runtime error:|terminate called|Timeout)")
ENDS = re.compile(r"^(-{20,}|={20,}|\.{20,})")
MAX_LINES = 30


def main() -> int:
    build = Path(sys.argv[1] if len(sys.argv) > 1 else "build")
    log = build / "Testing" / "Temporary" / "LastTest.log"
    if not log.exists():
        return 0
    name = None
    in_output = False
    output: list[str] = []
    reports = []
    for line in log.read_text(errors="replace").splitlines():
        started = re.match(r"^\d+/\d+ Testing: (.*)$", line)
        if started:
            name, output, in_output = started.group(1), [], False
            continue
        if name is None:
            continue
        if line == "Output:":
            in_output = True
            continue
        if line.startswith("Test Failed"):
            reports.append((name, output))
            name = None
            continue
        if line.startswith("Test Passed"):
            name = None
            continue
        if line == "<end of output>":
            in_output = False
        elif in_output:
            output.append(line)
    for failed, lines in reports:
        print(f"-- failed: {failed}")
        kept = []
        inside = False
        for line in lines:
            if STARTS.search(line):
                inside = True
            elif inside and ENDS.match(line):
                inside = False
            if inside and line.strip():
                kept.append(line.rstrip())
        if not kept:
            kept = [line.rstrip() for line in lines[-8:]]
        for line in kept[:MAX_LINES]:
            print(f"   {line}")
        if len(kept) > MAX_LINES:
            print(f"   ... {len(kept) - MAX_LINES} more lines in {log}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
