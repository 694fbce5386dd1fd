#!/usr/bin/env bash
# Builds a large kernel log (default >= 1 GiB) from the real samples, for benchmarking
# `faultline triage --json` against `grep -c`. Each copy of the sample block gets fresh, increasing
# [seconds.micros] stamps so --since/--until and first/last times stay meaningful.
#
# usage: make-big-log.sh [OUT] [MIN_BYTES]
#   OUT        output file (default: big.log)
#   MIN_BYTES  stop once the file is at least this big (default: 1073741824)
# The sample block is cli/src/test/resources/samples.log (the texts of kernel-logs.jsonl, one per line).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
src="$here/../src/test/resources/samples.log"
out="${1:-big.log}"
min="${2:-1073741824}"
[ -r "$src" ] || { echo "make-big-log: cannot read $src" >&2; exit 2; }
# strip existing stamps, keep the rest of each line verbatim
body="$(mktemp)"
trap 'rm -f "$body"' EXIT
sed -E 's/^(kernel: )?\[ *[0-9]+\.[0-9]+\] //; s/^kernel: //' "$src" > "$body"
awk -v min="$min" '
  { line[NR] = $0; len[NR] = length($0) + 16 }
  END {
    n = NR; written = 0; t = 0; lines = 0
    while (written < min) {
      for (i = 1; i <= n; i++) {
        t += 0.000137
        printf "[%12.6f] %s\n", t, line[i]
        written += len[i]
      }
      lines += n
    }
    printf "make-big-log: about %d bytes, %d lines\n", written, lines > "/dev/stderr"
  }' "$body" > "$out"
ls -l "$out" >&2
