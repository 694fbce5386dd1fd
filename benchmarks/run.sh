#!/usr/bin/env bash
# Runs the Faultline benchmarks on each JDK given (default: the `java` on PATH), with -prof gc,
# writes JMH JSON into benchmarks/results/ and prints a Markdown table (also saved there).
#
#   benchmarks/run.sh [JDK_HOME...]
#
# Environment (all optional):
#   JMH_OPTS   JMH run options      (default: -f 1 -wi 3 -w 1s -i 5 -r 1s)
#   BENCH      benchmark regexp     (default: all benchmarks in the jar)
#   RUNS       runs per JDK         (default: 1; the table shows ranges over runs)
#   REBUILD=1  rebuild the jar even if it looks up to date
set -euo pipefail
cd "$(dirname "$0")/.."

JAR=benchmarks/target/faultline-benchmarks.jar
JMH_OPTS=${JMH_OPTS:--f 1 -wi 3 -w 1s -i 5 -r 1s}
BENCH=${BENCH:-.}
RUNS=${RUNS:-1}
OUT=benchmarks/results
[ $# -gt 0 ] || set -- ""

# Build when the jar is missing or older than any source it is made of.
if [ "${REBUILD:-0}" = 1 ] || [ ! -f "$JAR" ] || \
   [ -n "$(find api runtime processor benchmarks/src benchmarks/pom.xml pom.xml -name target -prune -o -type f -newer "$JAR" -print 2>/dev/null | head -1)" ]; then
  echo "== building $JAR" >&2
  ./mvnw -B -ntp -q -pl benchmarks -am clean package -Dmaven.test.skip=true
fi

java_of() { if [ -n "$1" ]; then echo "$1/bin/java"; else command -v java; fi; }
load() { cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?'; }

mkdir -p "$OUT"
stamp=$(date -u +%Y%m%dT%H%M%SZ)
files=()
for jdk in "$@"; do
  java=$(java_of "$jdk")
  [ -x "$java" ] || { echo "no java at $java" >&2; exit 2; }
  feature=$("$java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
  for run in $(seq 1 "$RUNS"); do
    json="$OUT/$stamp-jdk$feature-run$run.json"
    start_load=$(load)
    echo "== JDK $feature ($java), run $run/$RUNS, load $start_load: $json" >&2
    # shellcheck disable=SC2086 # JMH_OPTS is a list of options
    "$java" -jar "$JAR" "$BENCH" $JMH_OPTS -prof gc -rf json -rff "$json" >&2
    # The machine may be shared: keep its load averages (1, 5, 15 min) next to the results.
    echo "$(basename "$json"): load before $start_load, after $(load)" >> "$OUT/$stamp.log"
    files+=("$json")
  done
done

table="$OUT/$stamp.md"
"$(java_of "$1")" -cp "$JAR" io.faultline.benchmarks.ResultsTable "${files[@]}" | tee "$table"
echo "== table: $table" >&2
