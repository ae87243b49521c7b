#!/usr/bin/env bash
# Load test: concurrent clients doing mixed API calls while five CSV profiles of one tenant upload, start and sync.
#   bench/load.sh [STORE] [TIER]     e.g. bench/load.sh; bench/load.sh postgres; bench/load.sh sqlite S
# STORE is sqlite (default) or postgres; TIER (default M) is the size of each of the five sets.
# The promise: under this load no request fails (no status >= 500, no 4xx the API does not promise for it, no connection
# error, no request left without an answer for 100 s, the Graph SDKs' default request timeout), nothing deadlocks (every
# run ends; no thread dump of the server finds a Java-level deadlock), and latency stays reasonable (p50, p99 and max
# are reported per kind of request, with the requests that took 10 s or more). Exits 1 when anything failed.
# Builds the project into $EDUSYNC_BUILD_DIR (default target; offline when EDUSYNC_MVN_OFFLINE=1; EDUSYNC_BENCH_NO_BUILD=1
# uses the jar and test classes already there), writes five sets of the tier with `generate --seed 1..5 --defects 0`
# (seed 1 in tmp/bench-<tier>/ as bench/sync.sh writes it, the others in tmp/bench-<tier>-seed<N>/; all kept between
# runs), starts `java -jar edusync.jar serve` on a fresh data folder with its default settings and the launcher's JVM
# options (EDUSYNC_JAVA_OPTS replaces them, as for the launcher), and runs org.edusync.bench.LoadTest (the client side,
# src/test/java/org/edusync/bench/LoadTest.java) against it:
#   - five CSV profiles (docs/examples/csv-profile.json, each with its own user domains and display name), provisioned;
#   - LOAD_CLIENTS (50) client threads, each looping: draw a call from the mix, send it, wait a random think time
#     (uniform in 0..2×LOAD_THINK_MS, default 20 ms); the mix: profiles list with $top/$filter, get a profile,
#     profileStatus, errors, uploadUrl (409 while a run is active, as promised), PATCH of a profile's displayName (once
#     every start has answered), users pages of 100 following @odata.nextLink, get a user, users $filter, a user's
#     classes, POST of a new user, classes, class members, schools, GET /health;
#   - after LOAD_LEAD_SECONDS (5): the five uploads at once (uploadUrl and six Put Blob per profile), then the five starts
#     at the same moment; profileStatus watched until every profile reports success (deadline LOAD_RUN_DEADLINE, 1800 s);
#     then LOAD_AFTER_SECONDS (15) more of load; the runs' report and the directory's $count of users, classes and
#     schools against the sets (plus the users the clients created).
# While the load runs, a thread dump of the server (jcmd <pid> Thread.print) every LOAD_DUMP_SECONDS (30) and one at the
# end are searched for "deadlock". Prints the machine facts and markdown tables; the same go to tmp/load-<store>/summary.md
# with the server log and the thread dumps beside it.
# postgres: a throwaway PostgreSQL 15 cluster from $EDUSYNC_PG_BIN (default /usr/lib/postgresql/15/bin) under
# tmp/load-postgres/pg, run as user nobody when this script runs as root, on a free localhost port; initdb -E UTF8
# --locale=C.UTF-8 --auth=trust, every other setting PostgreSQL's default (as bench/sync.sh).
# Needs curl and a JDK with jcmd (postgres: the server binaries and psql).
set -euo pipefail
cd "$(dirname "$0")/.."
store="${1:-sqlite}"; tier="${2:-M}"
case "$store" in sqlite|postgres) ;; *) echo "STORE must be sqlite or postgres, was $store" >&2; sed -n '2,4p' "$0" >&2; exit 2 ;; esac
case "$tier" in S|M|L|XL) ;; *) echo "TIER must be S, M, L or XL, was $tier" >&2; exit 2 ;; esac
clients="${LOAD_CLIENTS:-50}"
think_ms="${LOAD_THINK_MS:-20}"
lead_s="${LOAD_LEAD_SECONDS:-5}"
after_s="${LOAD_AFTER_SECONDS:-15}"
deadline_s="${LOAD_RUN_DEADLINE:-1800}"
dump_s="${LOAD_DUMP_SECONDS:-30}"
source bench/build.sh # build_dir, bench_build, launcher_serve_opts, free_port (the working directory is the checkout by now)
pg_bin="${EDUSYNC_PG_BIN:-/usr/lib/postgresql/15/bin}"
work="$PWD/tmp/load-$store"
launcher_serve_opts
load_at_start="$(cut -d' ' -f1-3 /proc/loadavg)"

for tool in curl jcmd; do command -v "$tool" >/dev/null 2>&1 || { echo "missing: $tool" >&2; exit 1; }; done
if [ "$store" = postgres ]; then
  command -v psql >/dev/null 2>&1 || { echo "missing: psql (apt-get install -y postgresql-client)" >&2; exit 1; }
  [ -x "$pg_bin/initdb" ] || { echo "no PostgreSQL server binaries in $pg_bin (set EDUSYNC_PG_BIN)" >&2; exit 1; }
fi

# --- build and sets ------------------------------------------------------------------------------------------------
bench_build
if [ "$(git rev-parse --show-toplevel 2>/dev/null)" = "$PWD" ]; then
  built="commit $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src pom.xml || echo ' with uncommitted changes under src/ or pom.xml')"
else
  built="$PWD (not a git checkout)"
fi

# Five districts: every generated set numbers its schools, sections and people alike, and a tenant's profiles must not
# share SIS IDs (a section's class is Section_<SIS ID> in the whole tenant), so the sets of seeds 2 to 5 get a letter in
# front of every SIS ID and every reference to one (B30000001 ... E30000001), as bench/verify.sh's prefixed copy.
sets=()
letters=(- - B C D E)
for seed in 1 2 3 4 5; do
  if [ "$seed" = 1 ]; then dir="tmp/bench-$tier"; else dir="tmp/bench-$tier-seed$seed"; fi
  if [ ! -f "$dir/StudentEnrollment.csv" ]; then
    rm -rf "$dir.partial" "$dir.generated"
    if [ "$seed" = 1 ]; then
      "$java_bin" -jar "$jar" generate --tier "$tier" --seed "$seed" --defects 0 --out "$dir.partial" >&2
    else
      "$java_bin" -jar "$jar" generate --tier "$tier" --seed "$seed" --defects 0 --out "$dir.generated" >&2
      mkdir -p "$dir.partial"
      p="${letters[$seed]}"
      sed -E "2,\$ s/^/$p/" "$dir.generated/School.csv" > "$dir.partial/School.csv"
      for f in Section Student Teacher StudentEnrollment TeacherRoster; do
        sed -E "2,\$ s/^([^,]*),([^,]*)/$p\1,$p\2/" "$dir.generated/$f.csv" > "$dir.partial/$f.csv"
      done
      rm -rf "$dir.generated"
      "$java_bin" -jar "$jar" validate "$dir.partial" >&2 # exit 1 (and no set) if it would not start a sync
    fi
    mv "$dir.partial" "$dir"
  fi
  sets+=("$dir")
done

rm -rf "$work"
mkdir -p "$work/dumps"
chmod 755 "$work"
summary="$work/summary.md"

# --- processes ---------------------------------------------------------------------------------------------------------
server_pid=""; dumper_pid=""; pg_started=0; pg_user=""
as_pg() { if [ -n "$pg_user" ]; then runuser -u "$pg_user" -- "$@"; else "$@"; fi; }
cleanup() {
  if [ -n "$dumper_pid" ]; then kill "$dumper_pid" 2>/dev/null || true; wait "$dumper_pid" 2>/dev/null || true; fi
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  if [ "$pg_started" = 1 ]; then as_pg "$pg_bin/pg_ctl" -D "$work/pg/data" -m fast -w stop >/dev/null 2>&1 || true; fi
  if [ "${EDUSYNC_BENCH_KEEP:-0}" != 1 ]; then rm -rf "$work/data" "$work/pg/data"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

db_args=()
if [ "$store" = postgres ]; then
  mkdir -p "$work/pg/sock"
  if [ "$(id -u)" = 0 ]; then pg_user=nobody; chown -R "$pg_user" "$work/pg"; fi
  as_pg "$pg_bin/initdb" -D "$work/pg/data" -U edusync --auth=trust -E UTF8 --locale=C.UTF-8 >"$work/pg/initdb.log" 2>&1 \
    || { cat "$work/pg/initdb.log" >&2; exit 1; }
  pg_port="$(free_port)"
  printf '%s\n' "port = $pg_port" "listen_addresses = 'localhost'" "unix_socket_directories = '$work/pg/sock'" \
    >> "$work/pg/data/postgresql.conf"
  as_pg "$pg_bin/pg_ctl" -D "$work/pg/data" -l "$work/pg/postgres.log" -w start >/dev/null
  pg_started=1
  psql -X -q -v ON_ERROR_STOP=1 -h localhost -p "$pg_port" -U edusync -d postgres -c "CREATE DATABASE edusync_load"
  db_args=(--db "jdbc:postgresql://localhost:$pg_port/edusync_load?user=edusync")
fi

server_port="$(free_port)"
server_log="$work/server.log"
"$java_bin" "${java_opts[@]}" -jar "$jar" serve --host 127.0.0.1 --port "$server_port" --data "$work/data" "${db_args[@]}" > "$server_log" 2>&1 &
server_pid=$!
for i in $(seq 600); do
  curl -sf "http://127.0.0.1:$server_port/health" >/dev/null 2>&1 && break
  kill -0 "$server_pid" 2>/dev/null || { echo "the server stopped:" >&2; cat "$server_log" >&2; exit 1; }
  [ "$i" -lt 600 ] || { echo "the server did not answer /health within 60 s" >&2; exit 1; }
  sleep 0.1
done
"$java_bin" -jar "$jar" token --data "$work/data" --ttl 86400 > "$work/token"

# --- machine facts -------------------------------------------------------------------------------------------------
{
  echo "# edusync load test: $store, five tier $tier sets, $clients clients"
  echo
  echo "- date: $(date -u +%Y-%m-%dT%H:%M:%SZ); built from $built"
  echo "- machine: $(nproc) CPUs ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')), $(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo) RAM, load average at start $load_at_start (1, 5, 15 min)"
  echo "- $("$java_bin" -version 2>&1 | head -1); server JVM options: ${java_opts[*]:-none}; the clients in one JVM (-Xmx512m) on the same machine"
  if [ "$store" = postgres ]; then
    echo "- $("$pg_bin/postgres" --version), default settings but port, listen_addresses, unix_socket_directories"
  else
    echo "- SQLite (the server's embedded default) in a fresh data folder"
  fi
  echo "- sets: ${sets[*]} (tier $tier, seeds 1 to 5, no defects; SIS IDs of seeds 2 to 5 prefixed B to E)"
  echo "- clients: $clients, think time uniform in 0..$((2 * think_ms)) ms; load for $lead_s s before the uploads and $after_s s after the last run; request timeout 100 s (the Graph SDKs' default); thread dumps every $dump_s s"
  echo
} | tee "$summary"

# --- thread dumps while the load runs ---------------------------------------------------------------------------------
dump() { jcmd "$server_pid" Thread.print > "$work/dumps/$1.txt" 2>&1 || true; }
( n=0; while sleep "$dump_s"; do n=$((n + 1)); dump "during-$n"; done ) &
dumper_pid=$!

set +e
"$java_bin" -Xmx512m -Dclients="$clients" -DthinkMillis="$think_ms" -DleadSeconds="$lead_s" -DafterSeconds="$after_s" \
  -DrunDeadlineSeconds="$deadline_s" -cp "$cp" org.edusync.bench.LoadTest "http://127.0.0.1:$server_port" "$work/token" \
  docs/examples/csv-profile.json "${sets[@]}" > "$work/load.md" 2> "$work/load.log" &
load_pid=$!
tail -f "$work/load.log" --pid "$load_pid" >&2 &
wait "$load_pid"
load_rc=$?
set -e
kill "$dumper_pid" 2>/dev/null || true; wait "$dumper_pid" 2>/dev/null || true; dumper_pid=""
dump end
tee -a "$summary" < "$work/load.md"

# --- deadlocks, server log ---------------------------------------------------------------------------------------------
dumps=("$work"/dumps/*.txt)
deadlocked=$(grep -l -i 'deadlock' "${dumps[@]}" || true)
taken=$(grep -l 'Full thread dump' "${dumps[@]}" | wc -l)
{
  echo
  echo "### Deadlock check"
  echo
  if [ -n "$deadlocked" ]; then
    echo "**jcmd Thread.print found a deadlock** in: $deadlocked"
  else
    echo "$taken thread dumps of the server (jcmd Thread.print, $((taken - 1)) during the load, one at the end): none reports a deadlock."
  fi
  echo
  errors=$(grep -cE ' (ERROR|WARN) ' "$server_log" || true)
  echo "### Server log: $errors WARN/ERROR lines"
  if [ "$errors" -gt 0 ]; then
    echo
    echo '```'
    grep -E ' (ERROR|WARN) ' "$server_log" | head -20
    echo '```'
  fi
  echo
  echo "- load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee -a "$summary"
echo "summary: $summary; server log: $server_log; thread dumps: $work/dumps/" >&2
if [ -n "$deadlocked" ] || [ "$taken" -lt 1 ]; then exit 1; fi
exit "$load_rc"
