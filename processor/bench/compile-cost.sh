#!/usr/bin/env bash
# Compile-time cost of the Faultline processor (issue 8, item 7).
# Generates N driver classes (4 handlers each, one with a selector), then times javac on:
#   C: drivers only, -proc:none                      (no processor, no dispatchers)
#   A: drivers + their dispatchers as plain sources, -proc:none (the same final sources, hand-written)
#   N: drivers + a no-op processor claiming @OnFault  (floor: any processor on the path)
#   R: drivers + a processor writing the very same dispatchers from pre-made strings
#      (floor: any processor generating one source file per driver; no model, no JavaPoet)
#   B: drivers + the Faultline processor
# and prints B/A (processor overhead over compiling the same final sources; target <= 1.15x), B/C
# (with vs without processor), R/A (the floor of B/A) and B/R (what is Faultline's own).
# Runs are interleaved (C A N R B, C A N R B, ...) and the best of RUNS is kept for each.
# SHAPE=minimal: drivers are 4 one-line handlers; SHAPE=realistic: drivers also have state,
# a constructor and non-handler methods (about 70 lines each, closer to a real driver).
# PHASES=1: one more run of each with the PhaseTimer javac plugin (wall time per javac phase).
# JAVA_HOME selects the JDK. Needs a prior `./mvnw -B -ntp -q -pl processor -am verify`.
# Usage: flock /tmp/faultline-timing.lock processor/bench/compile-cost.sh [N=1000] [RUNS=5]
set -euo pipefail
N=${1:-1000}
RUNS=${2:-5}
SHAPE=${SHAPE:-minimal}
javac=${JAVA_HOME:+$JAVA_HOME/bin/}javac
bench=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$bench/../.." && pwd)
repo=${MAVEN_REPO:-$HOME/.m2/repository}
jp_version=$(sed -n 's:.*<javapoet.version>\(.*\)</javapoet.version>.*:\1:p' "$root/pom.xml")
javapoet=$repo/com/palantir/javapoet/javapoet/$jp_version/javapoet-$jp_version.jar
for f in "$javapoet" "$root/api/target/classes" "$root/processor/target/classes"; do
  [ -e "$f" ] || { echo "missing $f: build first" >&2; exit 1; }
done

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# Snapshot the classes, so that a rebuild during a long run cannot change what is measured.
cp -r "$root/api/target/classes" "$work/api" && cp -r "$root/processor/target/classes" "$work/proc"
api=$work/api
proc=$work/proc
src=$work/src/bench
mkdir -p "$src" "$work/tools"
"$javac" -d "$work/tools" -cp "$api" "$bench"/tools/*.java
mkdir -p "$work/tools/META-INF/services"
echo PhaseTimer > "$work/tools/META-INF/services/com.sun.source.util.Plugin"

for ((i = 0; i < N; i++)); do
  if [ "$SHAPE" = realistic ]; then
    cat > "$src/Driver$i.java" <<JAVA
package bench;

import io.faultline.api.*;
import io.faultline.api.OnFault.Flag;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

public class Driver$i {
    private final String name;
    private final Map<Long, Integer> faultsByAddress = new HashMap<>();
    private final List<String> log = new ArrayList<>();
    private int resets;
    private long lastAddress = -1;

    public Driver$i(String name) {
        this.name = name;
    }

    @OnFault(stage = Stage.CONTEXT)
    Disposition onContext(UnrecoverableFault f) {
        resets++;
        log.add(name + ": context fault, resetting (" + resets + ")");
        return resets > 3 ? Disposition.DEFAULT_ACTION : Disposition.HANDLED;
    }

    @OnFault(stage = {Stage.PGD, Stage.PTE})
    void onTables(Fault f) {
        record(f.address());
    }

    @OnFault(stage = Stage.PTE, access = Flag.WRITE)
    void onWrite(Fault f) {
        record(f.address());
        log.add(name + ": write fault at 0x" + Long.toHexString(f.address()));
    }

    @OnFault(type = FaultType.PAGE_REQUEST)
    PageResponse onRequest(PageRequest r) {
        return faultsByAddress.getOrDefault(r.address(), 0) > 8 ? PageResponse.INVALID : PageResponse.SUCCESS;
    }

    private void record(long address) {
        faultsByAddress.merge(address, 1, Integer::sum);
        lastAddress = address;
    }

    public int faultsAt(long address) {
        return faultsByAddress.getOrDefault(address, 0);
    }

    public long lastAddress() {
        return lastAddress;
    }

    public List<String> drainLog() {
        List<String> out = new ArrayList<>(log);
        log.clear();
        return out;
    }

    @Override
    public String toString() {
        return "Driver$i[" + name + ", " + faultsByAddress.size() + " addresses, " + resets + " resets]";
    }
}
JAVA
  else
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
  fi
done

# Pre-generate the dispatchers once, to compile them as plain sources in A and replay them in R.
mkdir -p "$work/gen"
"$javac" --release 17 -d "$work/gen-classes" -s "$work/gen" -cp "$api" -processorpath "$proc:$javapoet:$api" \
  "$src"/*.java
gen=$(find "$work/gen" -name '*.java' | sort)

declare -A args path best cpu
args[C]="-proc:none $src/*.java"
args[A]="-proc:none $src/*.java $(echo $gen)"
args[N]="-processor NoopProcessor $src/*.java"
path[N]=$work/tools
args[R]="-processor ReplayProcessor -Areplay.dir=$work/gen $src/*.java"
path[R]=$work/tools
args[B]="$src/*.java"
path[B]=$proc:$javapoet:$api
variants="C A N R B"

compile() { # variant, extra processor path (for the PhaseTimer plugin), extra javac arguments...
  local v=$1 pp=${path[$1]:-}${2:+:$2}
  shift 2
  rm -rf "$work/out" && mkdir -p "$work/out"
  # shellcheck disable=SC2086
  "$javac" --release 17 -Xlint:all -Werror -d "$work/out" -cp "$api" ${pp:+-processorpath "$pp"} "$@" ${args[$v]}
}

echo "JDK: $("$javac" -version 2>&1); N=$N; SHAPE=$SHAPE; RUNS=$RUNS; $(nproc) cores"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
for v in $variants; do best[$v]=999999999; cpu[$v]=999999999; done
for ((r = 0; r < RUNS; r++)); do
  for v in $variants; do
    /usr/bin/time -f "%e %U %S" -o "$work/time" bash -c "$(declare -p args path work api javac); $(declare -f compile); compile $v ''"
    read -r wall user sys < "$work/time"
    ms=$(awk -v w="$wall" 'BEGIN { printf "%d", w * 1000 }')
    cms=$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%d", (u + s) * 1000 }')
    ((ms < best[$v])) && best[$v]=$ms
    ((cms < cpu[$v])) && cpu[$v]=$cms
  done
done
echo "load after:  $(cut -d' ' -f1-3 /proc/loadavg)"
for v in $variants; do echo "$v ${best[$v]} ms wall, ${cpu[$v]} ms cpu (user+sys, all javac threads)"; done
ratios() { # label, then the five figures C A N R B
  awk -v l="$1" -v c="$2" -v a="$3" -v n="$4" -v r="$5" -v b="$6" 'BEGIN {
    printf "%s: B/A = %.2fx (target <= 1.15x)  B/C = %.2fx  N/C = %.2fx  R/A = %.2fx (floor of B/A)  B/R = %.2fx (Faultline'"'"'s own)\n",
      l, b / a, b / c, n / c, r / a, b / r }'
}
ratios wall "${best[C]}" "${best[A]}" "${best[N]}" "${best[R]}" "${best[B]}"
ratios cpu "${cpu[C]}" "${cpu[A]}" "${cpu[N]}" "${cpu[R]}" "${cpu[B]}"

if [ "${PHASES:-0}" = 1 ]; then
  for v in $variants; do
    rounds=$(compile "$v" "" -XprintRounds 2>&1 | grep -c '^Round ' || true)
    echo "$v: $rounds rounds; $(compile "$v" "$work/tools" -Xplugin:PhaseTimer 2>&1 | grep PhaseTimer)"
  done
fi
