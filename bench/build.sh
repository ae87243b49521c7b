# Sourced by the bench scripts that run edusync's server (bench/sync.sh, bench/load.sh, bench/api.sh).
# bench_build (sync.sh, load.sh) builds into $build_dir (EDUSYNC_BUILD_DIR, default target; offline when
# EDUSYNC_MVN_OFFLINE=1) unless EDUSYNC_BENCH_NO_BUILD=1, and sets: mvn_args, jar (the server's jar) and cp (test
# classes, classes and test-scope dependencies, for the Java parts of the benchmarks). launcher_serve_opts sets
# java_opts, the server's JVM options. build_stall_probe compiles bench/StallProbe.java. free_port prints a port to start a server on.
# java_bin: the Java the ./edusync launcher runs, that of JAVA_HOME when it is set, else the first on the PATH
java_bin="${JAVA_HOME:+$JAVA_HOME/bin/}java"
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

# build_stall_probe DIR: compiles bench/StallProbe.java into DIR (run it as: "$java_bin" -cp DIR StallProbe SECONDS), with
# the javac beside $java_bin: the probe of the cores' own speed that api.sh and sync.sh run beside their measurements
build_stall_probe() {
  "${java_bin%java}javac" -d "$1" bench/StallProbe.java
}

# free_port: a loopback port nothing listens on, below the kernel's range of ephemeral ports: a port in that range may
# be the local end of some connection (a client's, a pool's), which a connect to it does not show but a bind fails on
free_port() {
  local port low
  low="$(cut -f1 /proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || echo 32768)"
  [ "$low" -gt 11000 ] 2>/dev/null || low=32768 # (a range that starts lower leaves no port outside it to prefer)
  for _ in $(seq 200); do
    port=$((10000 + RANDOM % (low - 10000)))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return; fi
  done
  echo "no free port found" >&2; exit 1
}

# java_opts: the JVM options the ./edusync launcher gives `serve` (its serve_java_opts line) unless EDUSYNC_JAVA_OPTS
# is set, split into words as the launcher splits them: what `./edusync serve` runs with
launcher_serve_opts() {
  local opts
  opts="$(sed -n 's/^serve_java_opts="\(.*\)"$/\1/p' edusync)"
  [ -n "$opts" ] || { echo "no serve_java_opts=\"...\" line in ./edusync: the server's JVM options" >&2; exit 1; }
  read -r -a java_opts <<< "${EDUSYNC_JAVA_OPTS:-$opts}"
}
