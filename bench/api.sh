#!/usr/bin/env bash
# API speed against nginx serving the same JSON bodies as static files, on a synced tier M tenant.
#   bench/api.sh [TIER] [ROUNDS]     e.g. bench/api.sh M 3
# Builds the project into $EDUSYNC_BUILD_DIR (default target; offline when EDUSYNC_MVN_OFFLINE=1), writes the set to
# tmp/bench-<tier>/ (kept between runs), starts `edusync serve` on a fresh data folder (SQLite, default settings, the
# JVM options of the ./edusync launcher unless EDUSYNC_JAVA_OPTS is set),
# syncs the set through the API as a client would (profile, uploadUrl, six PUTs, start, profileStatus until success),
# saves two answers exactly as served and starts nginx on them. Then, for each URL, edusync and nginx in turn, each
# sent the same request (the bearer token included: nginx reads and ignores it):
#   (a) maximum throughput: `wrk -t2 -c32 -d20s`, ROUNDS times each (default 3; the side that goes first alternates),
#       the median requests/s of each side and their ratio;
#   (b) a constant 1,000 requests/s for 30 s: p50, p99 and max latency. Debian has no wrk2: plain wrk is paced by a
#       Lua delay() (paced.lua below says how) and counts the requests sent late. Beside each paced run, and once at
#       rest before the runs, bench/StallProbe.java measures whether the machine's cores kept their speed: on a virtual
#       machine whose cores stall now and then, every request in flight in a stall is slowed alike, so the p99 says
#       as much about the machine as about the server.
# For the analysis it also measures edusync's `GET /health` as in (a): the HTTP stack alone, no token, no database.
# Prints a markdown table and the machine facts. wrk, the server and nginx share this machine's cores: whatever
# wrk spends is taken from the side it measures (nginx and edusync alike).
# EDUSYNC_BENCH_JFR=file.jfr records a flight recording (settings=profile) of the server JVM from the end of the sync
# to the end of the runs (jcmd JFR.start / JFR.stop).
# EDUSYNC_API_JAR=file.jar benchmarks that jar instead of building one (to compare two versions).
# EDUSYNC_API_SECONDS=20 and EDUSYNC_API_RATE_SECONDS=30 change the two durations (shorter for a trial run).
# EDUSYNC_API_PORT (default 18480) is the first loopback port tried for the server; nginx takes the next free one.
# Needs curl, jq, wrk and nginx (installed with apt-get when missing and run as root).
set -euo pipefail
cd "$(dirname "$0")/.."
tier="${1:-M}"; rounds="${2:-3}"
seconds="${EDUSYNC_API_SECONDS:-20}"; rate_seconds="${EDUSYNC_API_RATE_SECONDS:-30}"
rate=1000
source bench/build.sh # build_dir, launcher_serve_opts (the working directory is the checkout by now)
set_dir="tmp/bench-$tier"
load_at_start="$(cut -d' ' -f1-3 /proc/loadavg)"

missing=()
for tool in curl jq wrk nginx; do
  command -v "$tool" >/dev/null 2>&1 || [ -x "/usr/sbin/$tool" ] || missing+=("$tool")
done
if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    apt-get install -y "${missing[@]}" >&2
  else
    echo "missing: ${missing[*]}; install them with: apt-get install -y ${missing[*]}" >&2
    exit 2
  fi
fi
nginx_bin="$(command -v nginx || echo /usr/sbin/nginx)"

if [ -n "${EDUSYNC_API_JAR:-}" ]; then
  jar="$EDUSYNC_API_JAR"
  jar_desc="$jar, as given"
else
  mvn_args=(-q -B -Dstyle.color=never "-Dedusync.buildDir=$build_dir")
  if [ "${EDUSYNC_MVN_OFFLINE:-0}" = 1 ]; then mvn_args=(-o "${mvn_args[@]}"); fi
  mvn "${mvn_args[@]}" -DskipTests package >&2
  jar="$build_dir/edusync.jar"
  jar_desc="$jar, built from commit $(git rev-parse --short HEAD 2>/dev/null || echo '?')"
  jar_desc+=" with $(git status --porcelain 2>/dev/null | grep -c . || true) paths changed in the working tree"
fi

if [ ! -f "$set_dir/StudentEnrollment.csv" ]; then
  "$java_bin" -jar "$jar" generate --tier "$tier" --seed 1 --defects 0 --out "$set_dir" >&2
fi
echo "set: $set_dir" >&2

work="$(mktemp -d)"
server_pid=""; nginx_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  if [ -n "$nginx_pid" ]; then kill "$nginx_pid" 2>/dev/null || true; wait "$nginx_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

# two free loopback ports: nothing answers a connection to them
free_port_from() {
  local port="$1"
  while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
  echo "$port"
}
api_port="$(free_port_from "${EDUSYNC_API_PORT:-18480}")"
nginx_port="$(free_port_from $((api_port + 1)))"

# --- edusync, synced -------------------------------------------------------------------------------------------
data="$work/data"
launcher_serve_opts
server=("$java_bin" "${java_opts[@]}" -jar "$jar" serve --host 127.0.0.1 --port "$api_port" --data "$data")
"${server[@]}" > "$work/server.log" 2>&1 &
server_pid=$!
base="http://127.0.0.1:$api_port"
for _ in $(seq 1 120); do
  curl -sf "$base/health" >/dev/null 2>&1 && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$work/server.log" >&2; echo "the server stopped" >&2; exit 1; }
  sleep 0.5
done
curl -sf "$base/health" >/dev/null || { echo "no answer from $base/health" >&2; exit 1; }

token="$("$java_bin" -jar "$jar" token --data "$data" --ttl 14400)"
auth="Authorization: Bearer $token"
api() { # METHOD PATH [curl args...]: the body; fails on an HTTP error
  local method="$1" path="$2"; shift 2
  curl -sS --fail-with-body -X "$method" "$base/beta/education/$path" -H "$auth" "$@"
}
# wait_for WHAT SECONDS COMMAND...: until COMMAND prints the wanted value, shown on stderr when it changes
wait_for() {
  local want="$1" limit="$2" got="" last="" start="$SECONDS"; shift 2
  while [ $((SECONDS - start)) -lt "$limit" ]; do
    got="$("$@")"
    if [ "$got" != "$last" ]; then echo "  $got after $((SECONDS - start)) s" >&2; last="$got"; fi
    [ "$got" = "$want" ] && return 0
    case "$got" in error|validationError|quarantined) return 1 ;; esac
    sleep 1
  done
  echo "no $want after $limit s (last: $got)" >&2
  return 1
}

profile_id="$(api POST synchronizationProfiles -H "Content-Type: application/json" \
  -d @docs/examples/csv-profile.json | jq -r .id)"
echo "profile $profile_id: provisioning" >&2
wait_for provisioned 120 sh -c "curl -s '$base/beta/education/synchronizationProfiles/$profile_id' -H '$auth' | jq -r .state"
upload="$(api GET "synchronizationProfiles/$profile_id/uploadUrl" | jq -r .value)"
for f in School Section Student Teacher StudentEnrollment TeacherRoster; do
  curl -sS --fail-with-body -X PUT "${upload%%\?*}/$f.csv?${upload#*\?}" -H "x-ms-blob-type: BlockBlob" \
    --data-binary "@$set_dir/$f.csv" >/dev/null
done
api POST "synchronizationProfiles/$profile_id/start" >/dev/null
sync_start="$SECONDS"
echo "sync started" >&2
wait_for success 1800 sh -c "curl -s '$base/beta/education/synchronizationProfiles/$profile_id/profileStatus' -H '$auth' | jq -r .status" \
  || { tail -20 "$work/server.log" >&2; exit 1; }
sync_seconds=$((SECONDS - sync_start))

# --- the same bodies from nginx ----------------------------------------------------------------------------------
profile_path="/beta/education/synchronizationProfiles/$profile_id"
users_path="/beta/education/users?\$top=100"
www="$work/www"; mkdir -p "$www"
curl -sS --fail-with-body -o "$www/profile.json" "$base$profile_path" -H "$auth"
curl -sS --fail-with-body -o "$www/users.json" "$base$users_path" -H "$auth"
[ "$(jq '.value | length' "$www/users.json")" = 100 ] || { echo "the users page does not hold 100 users" >&2; exit 1; }
# nginx's workers run as nobody: they must be able to read the files
chmod 755 "$work" "$www"; chmod 644 "$www"/*.json
mkdir -p "$work/nginx"
cat > "$work/nginx/nginx.conf" <<EOF
worker_processes auto;
daemon off;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  tcp_nodelay on;
  keepalive_timeout 65;
  keepalive_requests 1000000;
  client_body_temp_path $work/nginx/body;
  proxy_temp_path $work/nginx/proxy;
  fastcgi_temp_path $work/nginx/fastcgi;
  uwsgi_temp_path $work/nginx/uwsgi;
  scgi_temp_path $work/nginx/scgi;
  types { }
  default_type application/json;
  server {
    listen 127.0.0.1:$nginx_port;
    root $www;
  }
}
EOF
"$nginx_bin" -p "$work/nginx" -e "$work/nginx/error.log" -c "$work/nginx/nginx.conf" &
nginx_pid=$!
static="http://127.0.0.1:$nginx_port"
for _ in $(seq 1 50); do curl -sf -o /dev/null "$static/profile.json" && break; sleep 0.1; done
for pair in "profile.json|$profile_path" "users.json|$users_path"; do
  file="${pair%%|*}"
  cmp -s <(curl -sS "$static/$file") "$www/$file" || { echo "nginx does not serve $file as saved" >&2; exit 1; }
  [ "$(curl -sS -o /dev/null -w '%{content_type}' "$static/$file")" = application/json ] \
    || { echo "nginx serves $file with another Content-Type" >&2; exit 1; }
done

# --- wrk ---------------------------------------------------------------------------------------------------------
# report.lua: prints one line of figures at the end of a run; every answer must be a 2xx.
cat > "$work/report.lua" <<'EOF'
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT requests=%d seconds=%.3f rps=%.1f p50_us=%d p99_us=%d max_us=%d errors=%d\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50), latency:percentile(99), latency.max,
    e.connect + e.read + e.write + e.status + e.timeout))
end
EOF
# paced.lua: plain wrk (this Debian has no wrk2) paced to a constant total rate. Each of the T threads owns an
# evenly spaced schedule of RATE/T request times; before every request wrk calls delay(), which takes the thread's
# next slot and waits until it (wrk's timers count whole milliseconds, so a request leaves up to 1 ms early, but the
# schedule, not the answers, sets the rate). A slot already past is sent at once: it is counted as late, with how
# late, because wrk times a request from when it is sent, not from its slot (no correction for coordinated
# omission, unlike wrk2); with enough connections (-c) no slot waits for a free one while answers take less than
# c/RATE seconds.
cat > "$work/paced.lua" <<'EOF'
local ffi = require("ffi")
ffi.cdef [[
  typedef struct { long tv_sec; long tv_nsec; } edusync_timespec;
  int clock_gettime(int clock_id, edusync_timespec *tp);
]]
local ts = ffi.new("edusync_timespec")
local function now_ms()
  ffi.C.clock_gettime(1, ts) -- CLOCK_MONOTONIC
  return tonumber(ts.tv_sec) * 1000 + tonumber(ts.tv_nsec) / 1e6
end

local threads = {}
function setup(thread) table.insert(threads, thread) end

local interval, next_slot
late, late_max_ms = 0, 0
function init(args)
  interval = 1000 / tonumber(args[1]) -- args[1]: this thread's share of the rate, requests per second
end
function delay()
  local now = now_ms()
  next_slot = next_slot or now
  local slot = next_slot
  next_slot = next_slot + interval
  local wait = slot - now
  if wait < -1 then
    late = late + 1
    if -wait > late_max_ms then late_max_ms = -wait end
  end
  return wait > 0 and wait or 0
end

function done(summary, latency, requests)
  local e = summary.errors
  local n_late, worst = 0, 0
  for _, t in ipairs(threads) do
    n_late = n_late + t:get("late")
    worst = math.max(worst, t:get("late_max_ms"))
  end
  io.write(string.format("RESULT requests=%d seconds=%.3f rps=%.1f p50_us=%d p99_us=%d max_us=%d errors=%d late=%d late_max_ms=%.1f\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50), latency:percentile(99), latency.max,
    e.connect + e.read + e.write + e.status + e.timeout, n_late, worst))
end
EOF

threads=2
# run_wrk SIDE URL_NAME KIND SCRIPT_ARG [wrk options...]: one wrk run, its RESULT line kept in $work/results;
# SCRIPT_ARG (may be empty) goes after the URL, where wrk hands it to the script's init()
run_wrk() {
  local side="$1" url_name="$2" kind="$3" script_arg="$4" url; shift 4
  case "$side/$url_name" in
    edusync/profile) url="$base$profile_path" ;;
    edusync/users) url="$base$users_path" ;;
    nginx/profile) url="$static/profile.json" ;;
    nginx/users) url="$static/users.json" ;;
    edusync/health) url="$base/health" ;;
  esac
  # both sides get the same request, token included (nginx ignores it); /health is asked without one
  local header=()
  [ "$url_name" != health ] && header=(-H "$auth")
  local line
  local after=("$url")
  [ -n "$script_arg" ] && after+=("$script_arg")
  line="$(wrk "${header[@]}" "$@" "${after[@]}" | grep '^RESULT ')" || { echo "wrk gave no result for $side $url_name" >&2; exit 1; }
  case "$line" in *" errors=0"*) ;; *) echo "errors or non-2xx answers: $side $url_name $kind: $line" >&2; exit 1 ;; esac
  echo "$side $url_name $kind ${line#RESULT }" | tee -a "$work/results" >&2
}
field() { # field NAME LINE...: the value of NAME=
  local name="$1"; shift
  printf '%s\n' "$@" | sed -n "s/.* $name=\([^ ]*\).*/\1/p"
}
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# probe_cores LABEL SECONDS: bench/StallProbe.java beside a run; its line is kept in $work/stalls. Whether the cores
# themselves were held up while a latency was measured: a stall of the machine slows every request in flight alike.
build_stall_probe "$work/probe"
probe_cores() {
  echo "$1 $("$java_bin" -cp "$work/probe" StallProbe "$2" | sed 's/^STALLS //')" | tee -a "$work/stalls" >&2
}
: > "$work/stalls"
probe_cores "at rest" 10

if [ -n "${EDUSYNC_BENCH_JFR:-}" ]; then
  jfr_file="$EDUSYNC_BENCH_JFR"; case "$jfr_file" in /*) ;; *) jfr_file="$PWD/$jfr_file" ;; esac
  jcmd "$server_pid" JFR.start name=api settings=profile "filename=$jfr_file" >&2
fi
echo "warming up (not counted)" >&2
for url_name in profile users; do
  for side in edusync nginx; do
    run_wrk "$side" "$url_name" warmup "" -t"$threads" -c32 -d10s -s "$work/report.lua" >/dev/null
  done
done
run_wrk edusync health warmup "" -t"$threads" -c32 -d5s -s "$work/report.lua" >/dev/null
: > "$work/results"
# the server's HTTP stack alone (Jetty, Javalin, a small JSON answer; no token, no database), for the analysis
for round in $(seq 1 "$rounds"); do
  run_wrk edusync health max "" -t"$threads" -c32 -d"${seconds}s" -s "$work/report.lua" >/dev/null
done
for url_name in profile users; do
  for round in $(seq 1 "$rounds"); do
    if [ $((round % 2)) = 1 ]; then order="edusync nginx"; else order="nginx edusync"; fi
    for side in $order; do
      run_wrk "$side" "$url_name" max "" -t"$threads" -c32 -d"${seconds}s" -s "$work/report.lua" >/dev/null
    done
  done
  for side in edusync nginx; do
    # 50 connections: an answer may take up to 50 ms before a slot has to wait for a connection
    probe_cores "$side $url_name rate" $((rate_seconds + 3)) &
    probe=$!
    sleep 2 # (the probe's JVM starts and compiles its unit before wrk begins)
    run_wrk "$side" "$url_name" rate $((rate / threads)) -t"$threads" -c50 -d"${rate_seconds}s" -s "$work/paced.lua" >/dev/null
    wait "$probe"
  done
done

if [ -n "${EDUSYNC_BENCH_JFR:-}" ]; then jcmd "$server_pid" JFR.stop name=api >&2; fi

# --- report ------------------------------------------------------------------------------------------------------
ms() { awk -v us="$1" 'BEGIN { printf "%.2f", us / 1000 }'; }
echo
echo "## API (tier $tier), $(date -u '+%Y-%m-%d %H:%M UTC')"
echo
echo "Jar: $jar_desc."
echo "Sync of tier $tier before the runs: $sync_seconds s. Bodies: profile $(wc -c < "$www/profile.json") bytes, users (\$top=100) $(wc -c < "$www/users.json") bytes."
echo "Throughput: wrk -t$threads -c32 -d${seconds}s, median of $rounds rounds per side. Constant rate: $rate req/s for ${rate_seconds}s, wrk -t$threads -c50 paced by delay()."
echo
echo "| URL | edusync req/s | nginx req/s | edusync/nginx | edusync p50 / p99 / max ms at $rate req/s | nginx p50 / p99 / max ms at $rate req/s | rate held (edusync, nginx) | late slots (edusync, nginx) |"
echo "|---|---:|---:|---:|---|---|---|---|"
for url_name in profile users; do
  mapfile -t e_max < <(grep "^edusync $url_name max " "$work/results")
  mapfile -t n_max < <(grep "^nginx $url_name max " "$work/results")
  e_rps="$(field rps "${e_max[@]}" | median)"; n_rps="$(field rps "${n_max[@]}" | median)"
  e_rate="$(grep "^edusync $url_name rate " "$work/results")"; n_rate="$(grep "^nginx $url_name rate " "$work/results")"
  case "$url_name" in profile) shown="GET $profile_path" ;; users) shown="GET $users_path" ;; esac
  printf '| `%s` | %.0f | %.0f | **%.2f** | %s / **%s** / %s | %s / %s / %s | %.0f, %.0f req/s | %s, %s |\n' \
    "$shown" "$e_rps" "$n_rps" "$(awk -v a="$e_rps" -v b="$n_rps" 'BEGIN { print a / b }')" \
    "$(ms "$(field p50_us "$e_rate")")" "$(ms "$(field p99_us "$e_rate")")" "$(ms "$(field max_us "$e_rate")")" \
    "$(ms "$(field p50_us "$n_rate")")" "$(ms "$(field p99_us "$n_rate")")" "$(ms "$(field max_us "$n_rate")")" \
    "$(field rps "$e_rate")" "$(field rps "$n_rate")" "$(field late "$e_rate")" "$(field late "$n_rate")"
done
mapfile -t h_max < <(grep "^edusync health max " "$work/results")
printf '| `GET /health` (no token, no database; edusync only) | %.0f | | | | | | |\n' "$(field rps "${h_max[@]}" | median)"
echo
echo "The cores' own speed (\`bench/StallProbe.java\`: a fixed unit of arithmetic every 5 ms, timed by its thread's CPU"
echo "time; slow units took over 5 times the median, an episode is slow units less than 300 ms apart), at rest before the"
echo "runs and beside each paced run:"
echo
echo '```'
cat "$work/stalls"
echo '```'
echo
echo "Every run (req/s and latencies in µs):"
echo
echo '```'
cat "$work/results"
echo '```'
echo
echo "Machine: nproc $(nproc), load average at start $load_at_start (1, 5, 15 min), at end $(cut -d' ' -f1-3 /proc/loadavg)."
echo "CPU: $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)."
echo "Java: $("$java_bin" -version 2>&1 | sed -n 2p). $( (wrk -v 2>&1 || true) | head -1 | cut -d' ' -f1-2). $("$nginx_bin" -v 2>&1)."
echo "wrk, edusync and nginx share the $(nproc) cores: each figure includes the CPU that wrk itself takes from the side it measures."
