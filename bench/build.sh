# Sourced by the bench scripts that run edusync's jar and its test classes (bench/sync.sh, bench/load.sh).
# Builds into $build_dir (EDUSYNC_BUILD_DIR, default target; offline when EDUSYNC_MVN_OFFLINE=1) unless
# EDUSYNC_BENCH_NO_BUILD=1, and sets: mvn_args, jar (the server's jar) and cp (test classes, classes and test-scope
# dependencies, for the Java parts of the benchmarks).
build_dir="${EDUSYNC_BUILD_DIR:-target}"
case "$build_dir" in /*) ;; *) build_dir="$PWD/$build_dir" ;; esac

bench_build() {
  mvn_args=(-q -B -Dstyle.color=never "-Dedusync.buildDir=$build_dir")
  if [ "${EDUSYNC_MVN_OFFLINE:-0}" = 1 ]; then mvn_args=(-o "${mvn_args[@]}"); fi
  if [ "${EDUSYNC_BENCH_NO_BUILD:-0}" != 1 ]; then
    mvn "${mvn_args[@]}" -DskipTests package test-compile >&2
  fi
  jar="$build_dir/edusync.jar"
  local deps="$build_dir/bench-classpath.txt"
  if [ ! -s "$deps" ] || [ "${EDUSYNC_BENCH_NO_BUILD:-0}" != 1 ]; then
    mvn "${mvn_args[@]}" dependency:build-classpath -Dmdep.includeScope=test "-Dmdep.outputFile=$deps" >&2
  fi
  cp="$build_dir/test-classes:$build_dir/classes:$(cat "$deps")"
  [ -f "$jar" ] || { echo "no $jar: build first (or leave EDUSYNC_BENCH_NO_BUILD unset)" >&2; exit 1; }
}
