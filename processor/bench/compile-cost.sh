#!/usr/bin/env bash
# Compile-time cost of the Faultline processor (issue 8, item 7).
# Generates N driver classes (4 handlers each, one with selectors), then times javac:
#   A: drivers + their dispatchers as plain sources, -proc:none (what hand-written dispatchers cost)
#   B: drivers only, with the processor generating the same dispatchers
#   C: drivers only, -proc:none (no dispatchers at all)
# and prints B/A (the processor's own overhead) and B/C. Best of RUNS. Needs a prior
# `./mvnw -B -ntp -q -pl processor -am verify` (uses api/target/classes and processor/target/classes).
# Usage: processor/bench/compile-cost.sh [N=1000] [RUNS=3]
set -euo pipefail
N=${1:-1000}
RUNS=${2:-3}
root=$(cd "$(dirname "$0")/../.." && pwd)
repo=${MAVEN_REPO:-$HOME/.m2/repository}
jp_version=$(sed -n 's:.*<javapoet.version>\(.*\)</javapoet.version>.*:\1:p' "$root/pom.xml")
javapoet=$repo/com/palantir/javapoet/javapoet/$jp_version/javapoet-$jp_version.jar
api=$root/api/target/classes
proc=$root/processor/target/classes
for f in "$javapoet" "$api" "$proc"; do [ -e "$f" ] || { echo "missing $f: build first" >&2; exit 1; }; done

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
src=$work/src/bench
mkdir -p "$src"
for ((i = 0; i < N; i++)); do
  cat > "$src/Driver$i.java" <<JAVA
package bench;

import io.faultline.api.*;
import io.faultline.api.OnFault.Flag;

public class Driver$i {
    int count;
    @OnFault(stage = Stage.CONTEXT) Disposition onContext(UnrecoverableFault f) { count++; return Disposition.HANDLED; }
    @OnFault(stage = {Stage.PGD, Stage.PTE}) void onTables() { count++; }
    @OnFault(stage = Stage.PTE, access = Flag.WRITE) void onWrite(Fault f) { count++; }
    @OnFault(type = FaultType.PAGE_REQUEST) PageResponse onRequest(PageRequest r) { return PageResponse.SUCCESS; }
}
JAVA
done

run() { # label, then javac arguments; prints best wall time in ms
  local label=$1 best=999999999 t0 t1 ms
  shift
  for ((r = 0; r < RUNS; r++)); do
    rm -rf "$work/out" && mkdir -p "$work/out"
    t0=$(date +%s%N)
    javac --release 17 -Xlint:all -Werror -d "$work/out" "$@"
    t1=$(date +%s%N)
    ms=$(((t1 - t0) / 1000000))
    ((ms < best)) && best=$ms
  done
  echo "$label $best" >&2
  echo "$best"
}

# Pre-generate the dispatchers once, to compile them as plain sources in A.
mkdir -p "$work/gen"
javac --release 17 -d "$work/gen-classes" -s "$work/gen" -cp "$api" -processorpath "$proc:$javapoet:$api" \
  "$src"/*.java
a=$(run "A drivers+dispatchers, -proc:none (ms):" -proc:none -cp "$api" "$src"/*.java $(find "$work/gen" -name '*.java'))
b=$(run "B drivers, with processor (ms):" -cp "$api" -processorpath "$proc:$javapoet:$api" "$src"/*.java)
c=$(run "C drivers only, -proc:none (ms):" -proc:none -cp "$api" "$src"/*.java)
awk -v a="$a" -v b="$b" -v c="$c" -v n="$N" 'BEGIN {
  printf "N=%d  B/A = %.2fx (processor overhead; target <= 1.15x)  B/C = %.2fx (incl. compiling the dispatchers)\n", n, b / a, b / c }'
