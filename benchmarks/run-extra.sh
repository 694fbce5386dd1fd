#!/usr/bin/env bash
# Runs the decode, async-throughput and kernel-log-parser benchmarks (short settings, -prof gc)
# once per JDK given, writing JMH JSON to benchmarks/results/extra-<jdk>-<time>.json.
#
# usage: benchmarks/run-extra.sh [JDK_HOME...]     (default: $JAVA_HOME, else the java on PATH)
# env:   EXTRA_JMH_ARGS  extra JMH arguments, e.g. "-p family=VTD" or "-f 3 -i 10" for a long run
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
./mvnw -B -ntp -q -pl benchmarks -am clean package -DskipTests
jar="$root/benchmarks/target/faultline-benchmarks.jar"
mkdir -p "$root/benchmarks/results"
include='io\.faultline\.benchmarks\.(DecodeBenchmark|AsyncThroughputBenchmark|KernelLogParserBenchmark)\.'
jdks=("$@")
if [ ${#jdks[@]} -eq 0 ]; then
  jdks=("${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}")
fi
for jdk in "${jdks[@]}"; do
  java="$jdk/bin/java"
  [ -x "$java" ] || { echo "run-extra: no $java" >&2; exit 2; }
  version="$("$java" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.version =/ {print $2; exit}')"
  out="$root/benchmarks/results/extra-jdk${version}-$(date -u +%Y%m%dT%H%M%SZ).json"
  echo "== JDK $version ($jdk); load: $(uptime)" >&2
  # The machine is shared: if another JMH run holds /tmp/jmh.lock, wait for it rather than
  # measuring side by side (never -Djmh.ignoreLock).
  log="$(mktemp)"
  for attempt in $(seq 60); do
    # shellcheck disable=SC2086
    if "$java" -jar "$jar" "$include" -f 1 -wi 2 -w 1s -i 3 -r 1s -prof gc \
        -rf json -rff "$out" ${EXTRA_JMH_ARGS:-} 2>&1 | tee "$log"; then :; fi
    grep -q 'Unable to acquire the JMH lock' "$log" || break
    echo "run-extra: another JMH run holds the lock; retry $attempt in 10 s" >&2
    sleep 10
  done
  rm -f "$log"
  [ -s "$out" ] || { echo "run-extra: no results in $out" >&2; exit 1; }
  echo "== wrote $out" >&2
done
