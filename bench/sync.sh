#!/usr/bin/env bash
# End-to-end sync speed and memory through the API, against the floor of a plain bulk import of the same files.
#   bench/sync.sh TIER STORE [ROUNDS]     e.g. bench/sync.sh M sqlite; bench/sync.sh L postgres; bench/sync.sh XL sqlite
# TIER is S, M, L or XL; STORE is sqlite or postgres; ROUNDS (default 1) repeats everything on a fresh server and a
# fresh database and adds a table of medians.
# Builds the project into $EDUSYNC_BUILD_DIR (default target; offline when EDUSYNC_MVN_OFFLINE=1; EDUSYNC_BENCH_NO_BUILD=1
# uses the jar and test classes already there), writes the set to tmp/bench-<tier>/ and its 1% delta to
# tmp/bench-<tier>-delta1/ (org.edusync.bench.DeltaSet, seed 1: 1% of the rows of each of the six files changed; both
# kept between runs). Each round starts `java -jar edusync.jar serve` on a fresh data folder with its default
# settings and the JVM options the ./edusync launcher gives it (its default heap; EDUSYNC_JAVA_OPTS replaces them, as
# it does for the launcher), creates the CSV profile of
# docs/examples/csv-profile.json, and times through the API, as a client would:
#   full    upload the set (six curl PUTs to the uploadUrl), POST start, poll profileStatus every 20 ms until success
#   delta   the same with the delta set
#   re-sync the delta set again, unchanged: a run that must write nothing
# upload, verification (the POST start round trip: start verifies the files before it answers) and sync (from start's
# answer until profileStatus says success) are timed apart; the run's own time (started to ended, as the server
# reports it) is printed beside the sync, with its thread's time on a core and waiting for one (/proc schedstat), and
# whether the machine's cores kept their speed through the step (bench/StallProbe.java beside it: on a virtual machine
# whose cores stall now and then, a round that met more stalls is slower for it).
# Rows are the data rows of the six files. After each step the server's peak resident memory (VmHWM: the peak since
# it started), the run report (GET .../runs) and the phase lines of the server log. In the same round, on the same
# files, the floor:
#   sqlite    one `sqlite3` invocation: `.mode csv` and `.import` of the six files into a fresh database file (plain
#             tables named after the files, created by .import from the header lines)
#   postgres  one `psql` invocation: `\copy <table> FROM <file> CSV HEADER` of the six files into plain TEXT tables of
#             a database of the same cluster (the tables are dropped and created before, outside the timing)
# Every time is also a ratio to its floor (the import of the files the step reads). Prints the machine facts and
# markdown tables; the same go to tmp/sync-bench-<tier>-<store>/summary.md, with the server logs beside it (the
# databases are deleted at the end unless EDUSYNC_BENCH_KEEP=1).
# postgres: a throwaway PostgreSQL 15 cluster from $EDUSYNC_PG_BIN (default /usr/lib/postgresql/15/bin) under
# tmp/sync-bench-<tier>-postgres/pg, run as user nobody when this script runs as root (initdb refuses root), on a
# free localhost port; initdb -E UTF8 --locale=C.UTF-8 --auth=trust, every other setting PostgreSQL's default unless
# EDUSYNC_PG_SETTINGS names some (e.g. "max_wal_size=8GB shared_buffers=1GB": each word a line of postgresql.conf). The
# server's peak RSS does not count the PostgreSQL processes.
# Needs curl, jq and sqlite3 (postgres: psql): as root, apt-get install -y curl jq sqlite3 postgresql-client.
set -euo pipefail
cd "$(dirname "$0")/.."
usage() { sed -n '2,4p' "$0" | sed 's/^# //' >&2; exit 2; }
[ $# -ge 2 ] || usage
tier="$1"; store="$2"; rounds="${3:-1}"
case "$tier" in S|M|L|XL) ;; *) echo "TIER must be S, M, L or XL, was $tier" >&2; usage ;; esac
case "$store" in sqlite|postgres) ;; *) echo "STORE must be sqlite or postgres, was $store" >&2; usage ;; esac
case "$rounds" in ''|*[!0-9]*|0) echo "ROUNDS must be a positive number, was $rounds" >&2; usage ;; esac
source bench/build.sh # build_dir, bench_build, launcher_serve_opts, free_port (the working directory is the checkout by now)
pg_bin="${EDUSYNC_PG_BIN:-/usr/lib/postgresql/15/bin}"
set_dir="tmp/bench-$tier"
delta_dir="tmp/bench-$tier-delta1"
work="$PWD/tmp/sync-bench-$tier-$store"
files=(School Section Student Teacher StudentEnrollment TeacherRoster)
launcher_serve_opts
load_at_start="$(cut -d' ' -f1-3 /proc/loadavg)"

missing=()
for tool in curl jq sqlite3; do command -v "$tool" >/dev/null 2>&1 || missing+=("$tool"); done
if [ "$store" = postgres ]; then
  command -v psql >/dev/null 2>&1 || missing+=(psql)
  [ -x "$pg_bin/initdb" ] || { echo "no PostgreSQL server binaries in $pg_bin (set EDUSYNC_PG_BIN)" >&2; exit 1; }
fi
if [ "${#missing[@]}" -gt 0 ]; then
  echo "missing: ${missing[*]}; as root: apt-get update && apt-get install -y curl jq sqlite3 postgresql-client" >&2
  exit 1
fi

# --- build, set, delta set -------------------------------------------------------------------------------------------
bench_build

if [ ! -f "$set_dir/StudentEnrollment.csv" ]; then
  rm -rf "$set_dir.partial"
  "$java_bin" -jar "$jar" generate --tier "$tier" --seed 1 --defects 0 --out "$set_dir.partial" >&2
  mv "$set_dir.partial" "$set_dir"
fi
if [ ! -f "$delta_dir/StudentEnrollment.csv" ]; then
  rm -rf "$delta_dir.partial"
  "$java_bin" -cp "$cp" org.edusync.bench.DeltaSet "$set_dir" "$delta_dir.partial" 1 1 >&2
  "$java_bin" -jar "$jar" validate "$delta_dir.partial" >&2 # exit 1 (and no delta set) if it would not start a sync
  mv "$delta_dir.partial" "$delta_dir"
fi
rows=0
for f in "${files[@]}"; do rows=$((rows + $(wc -l < "$set_dir/$f.csv") - 1)); done # no line breaks inside fields
delta_rows=0
for f in "${files[@]}"; do delta_rows=$((delta_rows + $(wc -l < "$delta_dir/$f.csv") - 1)); done
set_bytes=0
for f in "${files[@]}"; do set_bytes=$((set_bytes + $(stat -c %s "$set_dir/$f.csv"))); done

rm -rf "$work"
mkdir -p "$work"
chmod 755 "$work"
summary="$work/summary.md"

# --- helpers -----------------------------------------------------------------------------------------------------------
now_ms() { date +%s%3N; }
secs() { awk -v ms="$1" 'BEGIN { printf "%.2f", ms / 1000 }'; }
per_sec() { awk -v n="$1" -v ms="$2" 'BEGIN { if (ms <= 0) print "-"; else printf "%.0f", n * 1000 / ms }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b <= 0) print "-"; else printf "%.2f", a / b }'; }
median() { printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.0f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
say() { echo "$*" | tee -a "$summary"; }

server_pid=""
pg_started=0
pg_user=""
as_pg() { if [ -n "$pg_user" ]; then runuser -u "$pg_user" -- "$@"; else "$@"; fi; }
stop_server() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  server_pid=""
}
probe_pid="" # the cores' probe of the step under way (see sync_step)
cleanup() {
  stop_server
  if [ -n "$probe_pid" ]; then kill "$probe_pid" 2>/dev/null || true; fi
  if [ "$pg_started" = 1 ]; then as_pg "$pg_bin/pg_ctl" -D "$work/pg/data" -m fast -w stop >/dev/null 2>&1 || true; fi
  if [ "${EDUSYNC_BENCH_KEEP:-0}" != 1 ]; then rm -rf "$work"/r*/data "$work/pg/data" "$work/floor.db"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- PostgreSQL ----------------------------------------------------------------------------------------------------------
pg_port=""
psql_to() { psql -X -q -v ON_ERROR_STOP=1 -h localhost -p "$pg_port" -U edusync -d "$1" "${@:2}"; }
if [ "$store" = postgres ]; then
  mkdir -p "$work/pg/sock"
  if [ "$(id -u)" = 0 ]; then pg_user=nobody; chown -R "$pg_user" "$work/pg"; fi
  as_pg "$pg_bin/initdb" -D "$work/pg/data" -U edusync --auth=trust -E UTF8 --locale=C.UTF-8 >"$work/pg/initdb.log" 2>&1 \
    || { cat "$work/pg/initdb.log" >&2; exit 1; }
  pg_port="$(free_port)"
  # what a benchmark must say: where it listens; everything else is PostgreSQL's default unless EDUSYNC_PG_SETTINGS says
  printf '%s\n' "port = $pg_port" "listen_addresses = 'localhost'" "unix_socket_directories = '$work/pg/sock'" \
    ${EDUSYNC_PG_SETTINGS:-} >> "$work/pg/data/postgresql.conf"
  as_pg "$pg_bin/pg_ctl" -D "$work/pg/data" -l "$work/pg/postgres.log" -w start >/dev/null
  pg_started=1
  psql_to postgres -c "CREATE DATABASE floor"
fi

# --- machine facts -------------------------------------------------------------------------------------------------------
{
  echo "# edusync sync benchmark: tier $tier, $store, $rounds round(s)"
  echo
  if [ "${EDUSYNC_BENCH_NO_BUILD:-0}" = 1 ]; then
    echo "- date: $(date -u +%Y-%m-%dT%H:%M:%SZ); jar: $jar as found, built $(date -u -r "$jar" +%Y-%m-%dT%H:%M:%SZ)"
  else
    if [ "$(git rev-parse --show-toplevel 2>/dev/null)" = "$PWD" ]; then
      built="commit $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src pom.xml || echo ' with uncommitted changes under src/ or pom.xml')"
    else
      built="$PWD (not a git checkout)"
    fi
    echo "- date: $(date -u +%Y-%m-%dT%H:%M:%SZ); built from $built"
  fi
  echo "- machine: $(nproc) CPUs ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')), $(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo) RAM, load average at start $load_at_start"
  echo "- $("$java_bin" -version 2>&1 | head -1); server JVM options: ${java_opts[*]:-none} (max heap $("$java_bin" "${java_opts[@]}" -XX:+PrintFlagsFinal -version 2>/dev/null | awk '$2 == "MaxHeapSize" { printf "%d MiB", $4 / 1048576 }'))"
  echo "- sqlite3 $(sqlite3 --version | cut -d' ' -f1)"
  if [ "$store" = sqlite ]; then
    echo "- floor: one sqlite3 .import of the six files into a fresh database file"
  else
    shown="$(psql_to postgres -At -F ' ' -c "SELECT name, current_setting(name) FROM pg_settings
      WHERE name IN ('shared_buffers', 'work_mem', 'fsync', 'synchronous_commit', 'max_wal_size') ORDER BY name" | paste -sd, -)"
    echo "- $("$pg_bin/postgres" --version), psql $(psql --version | awk '{ print $3 }'); initdb -E UTF8 --locale=C.UTF-8 --auth=trust"
    echo "  PostgreSQL's default settings but port, listen_addresses, unix_socket_directories${EDUSYNC_PG_SETTINGS:+ and $EDUSYNC_PG_SETTINGS} ($shown)"
    echo "- floor: psql \\copy into TEXT tables created before, outside the timing"
  fi
  echo "- set: $set_dir ($rows data rows, $(awk -v b="$set_bytes" 'BEGIN { printf "%.1f MB", b / 1e6 }')); delta: $delta_dir ($delta_rows data rows, 1% of each file's rows changed)"
  echo
} | tee "$summary"

# --- the floor ------------------------------------------------------------------------------------------------------------
# prints the milliseconds of one import of the six files of $1
floor_ms() {
  local dir="$1" t0 t1 f table n
  if [ "$store" = sqlite ]; then
    rm -f "$work/floor.db"
    {
      echo ".mode csv"
      for f in "${files[@]}"; do echo ".import '$PWD/$dir/$f.csv' $f"; done
    } > "$work/floor.sql"
    t0=$(now_ms)
    sqlite3 "$work/floor.db" < "$work/floor.sql"
    t1=$(now_ms)
    for f in "${files[@]}"; do
      n=$(sqlite3 "$work/floor.db" "SELECT count(*) FROM $f")
      [ "$n" = $(($(wc -l < "$dir/$f.csv") - 1)) ] || { echo "floor: $f has $n rows in sqlite3" >&2; exit 1; }
    done
    rm -f "$work/floor.db"
  else
    {
      for f in "${files[@]}"; do
        table="\"$f\""
        echo "SET client_min_messages = warning; DROP TABLE IF EXISTS $table;"
        echo "CREATE TABLE $table ($(head -1 "$dir/$f.csv" | sed 's/^\xEF\xBB\xBF//' | tr -d '\r' | sed 's/"/""/g; s/^/"/; s/,/" text, "/g; s/$/" text/'));"
      done
    } | psql_to floor
    for f in "${files[@]}"; do echo "\\copy \"$f\" FROM '$PWD/$dir/$f.csv' WITH (FORMAT csv, HEADER true)"; done > "$work/floor.sql"
    t0=$(now_ms)
    psql_to floor -f "$work/floor.sql"
    t1=$(now_ms)
    for f in "${files[@]}"; do
      n=$(psql_to floor -At -c "SELECT count(*) FROM \"$f\"")
      [ "$n" = $(($(wc -l < "$dir/$f.csv") - 1)) ] || { echo "floor: $f has $n rows in PostgreSQL" >&2; exit 1; }
    done
    psql_to floor -c "CHECKPOINT" # its writes are not left for the server's run to flush
  fi
  echo $((t1 - t0))
}

# --- the server ---------------------------------------------------------------------------------------------------------
api() { curl -sS --fail-with-body -H "Authorization: Bearer $token" "$@"; }

start_server() {
  local round="$1" data="$work/r$1/data" db_args=() i
  mkdir -p "$data"
  server_port="$(free_port)"
  if [ "$store" = postgres ]; then
    psql_to postgres -c "CREATE DATABASE edusync_r$round"
    db_args=(--db "jdbc:postgresql://localhost:$pg_port/edusync_r$round?user=edusync")
  fi
  server_log="$work/r$round/server.log"
  "$java_bin" "${java_opts[@]}" -jar "$jar" serve --port "$server_port" --data "$data" "${db_args[@]}" > "$server_log" 2>&1 &
  server_pid=$!
  for i in $(seq 600); do
    if curl -sf "http://localhost:$server_port/health" >/dev/null 2>&1; then break; fi
    kill -0 "$server_pid" 2>/dev/null || { echo "the server stopped:" >&2; cat "$server_log" >&2; exit 1; }
    [ "$i" -lt 600 ] || { echo "the server did not answer /health within 60 s" >&2; exit 1; }
    sleep 0.1
  done
  token="$("$java_bin" -jar "$jar" token --data "$data" --ttl 86400)"
  base="http://localhost:$server_port/beta/education/synchronizationProfiles"
  profile="$(api -X POST "$base" -H "Content-Type: application/json" -d @docs/examples/csv-profile.json | jq -r .id)"
  for i in $(seq 600); do
    state="$(api "$base/$profile" | jq -r .state)"
    [ "$state" = provisioned ] && break
    [ "$state" = provisioning ] && [ "$i" -lt 600 ] || { echo "profile $profile is $state" >&2; exit 1; }
    sleep 0.1
  done
}

peak_rss_kb() { awk '/^VmHWM:/ { print $2 }' "/proc/$server_pid/status"; }

# the run thread's scheduler figures (nanoseconds on a core, nanoseconds runnable but waiting for one), from its
# /proc schedstat: less noisy than wall-clock time on a shared machine, and they tell a slower run from a busier machine
run_thread_sched() {
  local comm
  for comm in /proc/"$server_pid"/task/*/comm; do
    if [ "$(cat "$comm" 2>/dev/null)" = edusync-sync ]; then
      cut -d' ' -f1-2 "${comm%/comm}/schedstat"
      return
    fi
  done
  echo "0 0"
}

# one step: upload the six files of $2, start, wait for success; sets upload_ms verify_ms sync_ms run_ms written failed rss_kb
sync_step() {
  local name="$1" dir="$2" url container query f code t0 t1 t2 t3 previous status message log_mark run cpu0 wait0 cpu1 wait1 stalls
  "$java_bin" -cp "$work/probe" StallProbe 0 > "$work/stalls.out" &
  probe_pid=$!
  url="$(api "$base/$profile/uploadUrl" | jq -r .value)"
  container="${url%%\?*}"; query="${url#*\?}"
  t0=$(now_ms)
  for f in "${files[@]}"; do
    code="$(curl -sS -o "$work/put.out" -w '%{http_code}' -X PUT -H 'x-ms-blob-type: BlockBlob' -H 'Expect:' \
      --upload-file "$dir/$f.csv" "$container/$f.csv?$query")"
    [ "$code" = 201 ] || { echo "$name: PUT $f.csv answered $code: $(cat "$work/put.out")" >&2; exit 1; }
  done
  t1=$(now_ms)
  previous="$(api "$base/$profile/profileStatus" | jq -r .lastSynchronizationDateTime)"
  log_mark=$(wc -l < "$server_log")
  read -r cpu0 wait0 <<<"$(run_thread_sched)"
  t2=$(now_ms)
  code="$(curl -sS -o "$work/start.out" -w '%{http_code}' -X POST -H "Authorization: Bearer $token" "$base/$profile/start")"
  t3=$(now_ms)
  [ "$code" = 200 ] || { echo "$name: start answered $code: $(cat "$work/start.out")" >&2; exit 1; }
  # every 20 ms, read with bash's own matching: a jq started per poll, as before 2026-11-28, made the loop notice the end
  # 0.2 to 0.4 s after the run's endedDateTime, a tenth of a tier L delta
  while :; do
    body="$(api "$base/$profile/profileStatus")"
    [[ $body =~ \"status\":\"([A-Za-z]+)\" ]] && status="${BASH_REMATCH[1]}" || status=""
    case "$status" in
      success)
        [[ $body =~ \"lastSynchronizationDateTime\":\"([^\"]*)\" ]] && [ "${BASH_REMATCH[1]}" != "$previous" ] && break ;;
      error|validationError|quarantined|paused)
        echo "$name: the profile is $status: $(jq -r .statusMessage <<<"$body")" >&2; tail -20 "$server_log" >&2; exit 1 ;;
    esac
    sleep 0.02
  done
  t4=$(now_ms)
  kill -TERM "$probe_pid"; wait "$probe_pid" || true # (a JVM stopped by SIGTERM exits with 143, after printing its line)
  probe_pid=""
  stalls="$(sed -n 's/^STALLS //p' "$work/stalls.out")"
  rss_kb="$(peak_rss_kb)"
  read -r cpu1 wait1 <<<"$(run_thread_sched)"
  upload_ms=$((t1 - t0)); verify_ms=$((t3 - t2)); sync_ms=$((t4 - t3))
  run="$(api "$base/$profile/runs" | jq -c '.value | max_by(.createdDateTime)')"
  run_ms=$(( ($(date -d "$(jq -r .endedDateTime <<<"$run")" +%s%N) - $(date -d "$(jq -r .startedDateTime <<<"$run")" +%s%N)) / 1000000 ))
  written="$(jq '[.counts[] | .created + .updated + .unlinked] | add' <<<"$run")"
  failed="$(jq '[.counts[] | .failed] | add' <<<"$run")"
  say ""
  say "### round $round, $name ($dir)"
  say ""
  say "upload $(secs "$upload_ms") s, verification (start) $(secs "$verify_ms") s, sync $(secs "$sync_ms") s (the run itself: $(secs "$run_ms") s; its thread $(secs $(((cpu1 - cpu0) / 1000000))) s on a core and $(secs $(((wait1 - wait0) / 1000000))) s waiting for one), server peak RSS $((rss_kb / 1024)) MiB; run $(jq -r '.state + ": " + .message' <<<"$run")"
  say ""
  say "the cores through the step (bench/StallProbe.java; slow: over 5 times the median unit): $stalls"
  say ""
  say "| entity | created | updated | unchanged | unlinked | failed |"
  say "|---|---:|---:|---:|---:|---:|"
  jq -r '.counts | to_entries[] | "| \(.key) | \(.value.created) | \(.value.updated) | \(.value.unchanged) | \(.value.unlinked) | \(.value.failed) |"' <<<"$run" | tee -a "$summary"
  say ""
  say "records written (created + updated + unlinked): $written; failed: $failed"
  say ""
  say '```'
  tail -n +"$((log_mark + 1))" "$server_log" | grep -E 'o\.e\.sync\.(SyncRun|SyncEngine) - Run ' | sed -E 's/^([0-9:.]+) .* of profile [^ :]+:? /\1 /' | tee -a "$summary"
  say '```'
  if tail -n +"$((log_mark + 1))" "$server_log" | grep -qE ' (WARN|ERROR) '; then
    say "server log warnings/errors during this step:"
    tail -n +"$((log_mark + 1))" "$server_log" | grep -E ' (WARN|ERROR) ' | head -20 | tee -a "$summary"
  fi
}

# the probe of the cores' own speed (see sync_step), compiled once
build_stall_probe "$work/probe"

# --- rounds -----------------------------------------------------------------------------------------------------------------
declare -A results # results[round,step,field]
steps=(full delta resync)
for f in "${files[@]}"; do cat "$set_dir/$f.csv" "$delta_dir/$f.csv" > /dev/null; done # both sides start from the page cache

for round in $(seq "$rounds"); do
  say ""
  say "## round $round: the steps"
  floor_set=$(floor_ms "$set_dir")
  floor_delta=$(floor_ms "$delta_dir")
  say ""
  say "floor ($( [ "$store" = sqlite ] && echo 'sqlite3 .import' || echo 'psql \copy')): set $(secs "$floor_set") s, delta set $(secs "$floor_delta") s"
  results[$round,floor,set]=$floor_set
  results[$round,floor,delta]=$floor_delta
  start_server "$round"
  for step in "${steps[@]}"; do
    case "$step" in full) dir="$set_dir" ;; *) dir="$delta_dir" ;; esac
    sync_step "$step" "$dir"
    for field in upload_ms verify_ms sync_ms run_ms written failed rss_kb; do results[$round,$step,$field]=${!field}; done
  done
  stop_server
done

# --- tables -----------------------------------------------------------------------------------------------------------------
# table TITLE ROUND... : the medians over the given rounds (one round: its figures)
table() {
  local title="$1"; shift
  local r step dir_rows floor upload verify sync run written failed rss full_sync=0 full_total=0 delta_sync resync_sync v
  local delta_written resync_written
  get() { local vals=(); for r in "$@"; do vals+=("${results[$r,$step,$field]}"); done; median "${vals[@]}"; }
  say ""
  say "## $title"
  say ""
  say "tier $tier, $store: $rows rows per set; times in seconds; × floor = the time over the floor's time on the same files"
  say ""
  say "| step | upload | verification | rows/s | × floor | sync | rows/s | × floor | verification + sync | × floor | run (server) | written | failed | server peak RSS (MiB) |"
  say "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
  local fvals_set=() fvals_delta=()
  for r in "$@"; do fvals_set+=("${results[$r,floor,set]}"); fvals_delta+=("${results[$r,floor,delta]}"); done
  local floor_set floor_delta
  floor_set=$(median "${fvals_set[@]}"); floor_delta=$(median "${fvals_delta[@]}")
  local floor_name; [ "$store" = sqlite ] && floor_name='floor: sqlite3 .import' || floor_name='floor: psql \copy'
  say "| $floor_name (set) | | | | | $(secs "$floor_set") | $(per_sec "$rows" "$floor_set") | 1.00 | | | | | | |"
  say "| $floor_name (delta set) | | | | | $(secs "$floor_delta") | $(per_sec "$delta_rows" "$floor_delta") | 1.00 | | | | | | |"
  for step in "${steps[@]}"; do
    if [ "$step" = full ]; then floor=$floor_set; dir_rows=$rows; else floor=$floor_delta; dir_rows=$delta_rows; fi
    field=upload_ms; upload=$(get "$@")
    field=verify_ms; verify=$(get "$@")
    field=sync_ms; sync=$(get "$@")
    field=run_ms; run=$(get "$@")
    field=written; written=$(get "$@")
    field=failed; failed=$(get "$@")
    field=rss_kb; rss=$(get "$@")
    say "| $step | $(secs "$upload") | $(secs "$verify") | $(per_sec "$dir_rows" "$verify") | $(ratio "$verify" "$floor") | $(secs "$sync") | $(per_sec "$dir_rows" "$sync") | $(ratio "$sync" "$floor") | $(secs $((verify + sync))) | $(ratio $((verify + sync)) "$floor") | $(secs "$run") | $written | $failed | $((rss / 1024)) |"
    case "$step" in
      full) full_sync=$sync; full_total=$((verify + sync)) ;;
      delta) delta_sync=$sync; v=$((verify + sync)); delta_written=$written ;;
      resync) resync_sync=$sync; resync_written=$written ;;
    esac
  done
  say ""
  say "- delta / full: sync $(ratio "$delta_sync" "$full_sync"), verification + sync $(ratio "$v" "$full_total") (target ≤ 0.10); the delta wrote $delta_written records"
  field=verify_ms; step=resync; local resync_total=$(( $(get "$@") + resync_sync ))
  say "- re-sync / full: sync $(ratio "$resync_sync" "$full_sync"), verification + sync $(ratio "$resync_total" "$full_total") (target ≤ 0.05); the re-sync wrote $resync_written records (target 0)"
  say "- full sync / floor: $(ratio "$full_sync" "$floor_set"), verification + sync / floor: $(ratio "$full_total" "$floor_set") (target at tier L ≤ 3)"
  field=rss_kb; step=resync; say "- server peak RSS over the three steps: $(( $(get "$@") / 1024 )) MiB (target at tier L ≤ 1536 MiB)"
}

for round in $(seq "$rounds"); do table "results: round $round" "$round"; done
if [ "$rounds" -gt 1 ]; then table "results: medians of $rounds rounds" $(seq "$rounds"); fi
echo >&2
echo "summary: $summary; server logs: $work/r*/server.log" >&2
