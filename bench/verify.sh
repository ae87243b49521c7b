#!/usr/bin/env bash
# Verification speed and memory against the FastCSV floor, on a generated set.
#   bench/verify.sh [TIER] [ROUNDS] [HEAP] [IDS]     e.g. bench/verify.sh L 7 256m
# Builds the project into $EDUSYNC_BUILD_DIR (default target; offline when EDUSYNC_MVN_OFFLINE=1), writes the set to
# tmp/bench-<tier>/ (kept between runs), then runs org.edusync.bench.VerifyBenchmark in a JVM of HEAP heap, which
# prints the medians of both sides, their ratio and the heap left after collections; /usr/bin/time adds the peak RSS.
# IDS=prefixed verifies a copy of the set whose SIS IDs have a letter in front (S30000001): as no ID is a number,
# verification hashes every one (its slower path). The default, numeric, is the set as generated.
# EDUSYNC_BENCH_JFR=file.jfr also records a flight recording of the benchmark JVM.
set -euo pipefail
cd "$(dirname "$0")/.."
tier="${1:-L}"; rounds="${2:-5}"; heap="${3:-256m}"; ids="${4:-numeric}"
case "$ids" in numeric|prefixed) ;; *) echo "IDS must be numeric or prefixed, was $ids" >&2; exit 2 ;; esac
build_dir="${EDUSYNC_BUILD_DIR:-target}"
case "$build_dir" in /*) ;; *) build_dir="$PWD/$build_dir" ;; esac
set_dir="tmp/bench-$tier"

mvn_args=(-q -B -Dstyle.color=never "-Dedusync.buildDir=$build_dir")
if [ "${EDUSYNC_MVN_OFFLINE:-0}" = 1 ]; then mvn_args=(-o "${mvn_args[@]}"); fi
mvn "${mvn_args[@]}" -DskipTests package test-compile >&2
deps="$build_dir/bench-classpath.txt"
mvn "${mvn_args[@]}" dependency:build-classpath -Dmdep.includeScope=test "-Dmdep.outputFile=$deps" >&2
cp="$build_dir/test-classes:$build_dir/classes:$(cat "$deps")"

if [ ! -f "$set_dir/StudentEnrollment.csv" ]; then
  java -jar "$build_dir/edusync.jar" generate --tier "$tier" --seed 1 --defects 0 --out "$set_dir" >&2
fi
if [ "$ids" = prefixed ]; then
  # the first column of School.csv and the first two of the other files: the IDs and the IDs they reference
  if [ ! -f "$set_dir-prefixed/StudentEnrollment.csv" ]; then
    mkdir -p "$set_dir-prefixed"
    sed -E '2,$ s/^/S/' "$set_dir/School.csv" > "$set_dir-prefixed/School.csv"
    for f in Section Student Teacher StudentEnrollment TeacherRoster; do
      sed -E '2,$ s/^([^,]*),([^,]*)/S\1,S\2/' "$set_dir/$f.csv" > "$set_dir-prefixed/$f.csv"
    done
  fi
  set_dir="$set_dir-prefixed"
fi
echo "set: $set_dir" >&2

run=(java -Xmx"$heap")
if [ -n "${EDUSYNC_BENCH_JFR:-}" ]; then
  run+=("-XX:StartFlightRecording=filename=$EDUSYNC_BENCH_JFR,settings=profile")
fi
run+=(-cp "$cp" org.edusync.bench.VerifyBenchmark "$set_dir" "$rounds")
if [ -x /usr/bin/time ] && /usr/bin/time -f "" true 2>/dev/null; then
  /usr/bin/time -f "peak_rss_kb=%M" "${run[@]}" # GNU time: the peak RSS of the benchmark JVM
else
  echo "(no GNU time in /usr/bin/time: peak RSS not measured)" >&2
  "${run[@]}"
fi
