#!/usr/bin/env bash
# Times `faultline triage --json` against `grep -c .` on one large generated kernel log (issue 6,
# item 4: target triage <= 5x grep, single thread). Best of N runs each; the file is read once
# before timing so all start from the page cache. Also times TriageFloor (benchmarks module): a JVM
# program that splits the lines, reads each stamp and writes triage's volume of JSON but parses
# nothing, i.e. the part of triage's time no parser can remove.
#
# usage: benchmarks/triage-vs-grep.sh [MIN_BYTES] [RUNS] [LOG_FILE]
#   MIN_BYTES  size of the generated log (default 1073741824 = 1 GiB; e.g. 104857600 for a quick run)
#   RUNS       timed runs per tool, best kept (default 3)
#   LOG_FILE   where to build the log (default: $TMPDIR/faultline-big-<MIN_BYTES>.log, reused if present)
# env: JAVA (default: java on PATH), JAVA_OPTS (e.g. -Xmx1g)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
size="${1:-1073741824}"
runs="${2:-3}"
log="${3:-${TMPDIR:-/tmp}/faultline-big-$size.log}"
java="${JAVA:-java}"
jar="$root/cli/target/faultline.jar"
bench="$root/benchmarks/target/faultline-benchmarks.jar"
if [ ! -f "$jar" ] || [ ! -f "$bench" ]; then
  (cd "$root" && ./mvnw -B -ntp -q -pl cli,benchmarks -am clean package -DskipTests)
fi
if [ ! -s "$log" ]; then
  bash "$root/cli/scripts/make-big-log.sh" "$log" "$size"
fi
bytes=$(stat -c %s "$log")
cat "$log" > /dev/null   # warm the page cache for both tools

# best wall time of $runs runs of "$@" with stdout to $sink, in seconds (TIMEFORMAT: 3 decimals).
# grep's count goes to a file: GNU grep stops at the first match when stdout is /dev/null.
best() {
  local sink="$1" b="" t
  shift
  for _ in $(seq "$runs"); do
    t=$( { TIMEFORMAT=%R; time "$@" > "$sink" 2>/dev/null; } 2>&1 )
    if [ -z "$b" ] || awk -v t="$t" -v b="$b" 'BEGIN { exit !(t < b) }'; then b=$t; fi
  done
  echo "$b"
}
grep_lines=$(grep -c . "$log")
count_file="$(mktemp)"
trap 'rm -f "$count_file"' EXIT
g=$(best "$count_file" grep -c . "$log")
[ "$(cat "$count_file")" = "$grep_lines" ] || { echo "triage-vs-grep: grep did not count the whole file" >&2; exit 1; }
# shellcheck disable=SC2086
t=$(best /dev/null "$java" ${JAVA_OPTS:-} -jar "$jar" triage --json "$log")
# shellcheck disable=SC2086
f=$(best /dev/null "$java" ${JAVA_OPTS:-} -cp "$bench" io.faultline.benchmarks.TriageFloor "$log")
# shellcheck disable=SC2086
faults=$("$java" ${JAVA_OPTS:-} -jar "$jar" triage --json "$log" 2>/dev/null | grep -c '^{"family"' || true)
echo "log:    $log ($bytes bytes, $grep_lines non-empty lines, $faults JSON fault objects)"
echo "java:   $("$java" -version 2>&1 | head -1)"
echo "load:   $(uptime)"
awk -v g="$g" -v t="$t" -v f="$f" -v n="$runs" -v bytes="$bytes" 'BEGIN {
  printf "grep -c .        best of %d: %7.3f s  (%7.1f MB/s)\n", n, g, bytes / g / 1e6
  printf "triage --json    best of %d: %7.3f s  (%7.1f MB/s)\n", n, t, bytes / t / 1e6
  printf "floor (no parse) best of %d: %7.3f s  (%7.1f MB/s, %.2f x grep)\n", n, f, bytes / f / 1e6, f / g
  r = t / g
  printf "ratio triage/grep: %.2f  (target <= 5: %s)\n", r, (r <= 5 ? "met" : "missed")
}'
