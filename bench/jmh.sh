#!/usr/bin/env bash
# JMH micro-benchmarks of the hot paths (src/test/java/org/edusync/bench/jmh): CSV to records, hashing, the diff,
# batch writes.
#   bench/jmh.sh [JMH ARGS...]     e.g. bench/jmh.sh HashBenchmark -f 1 -wi 2 -i 3     bench/jmh.sh -l
# Builds the project into $EDUSYNC_BUILD_DIR (default target; offline when EDUSYNC_MVN_OFFLINE=1); JMH's annotation
# processor generates the benchmarks at test-compile. Then runs org.openjdk.jmh.Main on the test classpath.
# Without arguments: every edusync benchmark, one fork, 3 warm-up and 5 measured iterations (of the lengths set
# on each class), results also in tmp/jmh.json. Arguments replace all of these defaults.
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir="${EDUSYNC_BUILD_DIR:-target}"
case "$build_dir" in /*) ;; *) build_dir="$PWD/$build_dir" ;; esac

mvn_args=(-q -B -Dstyle.color=never "-Dedusync.buildDir=$build_dir")
if [ "${EDUSYNC_MVN_OFFLINE:-0}" = 1 ]; then mvn_args=(-o "${mvn_args[@]}"); fi
mvn "${mvn_args[@]}" test-compile >&2
deps="$build_dir/jmh-classpath.txt"
mvn "${mvn_args[@]}" dependency:build-classpath -Dmdep.includeScope=test "-Dmdep.outputFile=$deps" >&2
cp="$build_dir/test-classes:$build_dir/classes:$(cat "$deps")"

mkdir -p tmp # where results go by default, and where -rff paths usually point
if [ "$#" -eq 0 ]; then
  set -- 'org\.edusync\.bench\.jmh\..*' -f 1 -wi 3 -i 5 -rf json -rff tmp/jmh.json
fi
exec java -cp "$cp" org.openjdk.jmh.Main "$@"
