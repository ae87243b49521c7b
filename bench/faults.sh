#!/usr/bin/env bash
# Disk full in the data folder (SQLite and the uploads it stores), through the API, with the server left running.
#   bench/faults.sh [SIZE_MIB]     as root; SIZE_MIB (default 1024) is the size of the tmpfs mounted as the data folder
# Builds the project into $EDUSYNC_BUILD_DIR (default target; offline when EDUSYNC_MVN_OFFLINE=1; EDUSYNC_BENCH_NO_BUILD=1
# uses the jar already there) and works in tmp/faults/. Steps:
#   1. mounts a SIZE_MIB tmpfs as the data folder and starts `java -jar edusync.jar serve --batch-size 1000` on it
#      (SQLite);
#   2. before: profile A gets a tier S set (seed 1) uploaded and synced, and three users are created by POST; profile
#      B, in a tenant of its own, gets a tier M set (seed 2) uploaded; everything stored is recorded (each file's
#      Content-MD5 and ETag, the users of A's tenant with their ids, the profiles, A's run report);
#   3. fills the data folder with a filler file up to its last 32 MiB and starts profile B's run (485,208 records),
#      which fills the rest: it must wait (the server log says "paused: the database is disk_full"), not fail;
#   4. while the disk is full: a 64 MiB Put Blob and Put Block (507 InsufficientStorage in Azure's XML), a POST of a
#      user (507 insufficientStorage in the Graph envelope, Retry-After), reads, /health, profile B's status;
#   5. frees the space (deletes the filler) without restarting the server: profile B's run must end in success by
#      itself; the upload and the user creation work again;
#   6. checks that nothing stored before was lost or changed (the records of step 2), stops the server and runs
#      `sqlite3 edusync.db 'PRAGMA integrity_check'` (a copy of the database is left in tmp/faults/edusync-after.db).
# Every request and its answer is printed; the same goes to tmp/faults/summary.md. Exit 0 when every check passed.
# Needs curl, jq, sqlite3 and mount (root), and the RAM for the tmpfs: apt-get install -y curl jq sqlite3.
set -euo pipefail
cd "$(dirname "$0")/.."
size_mib="${1:-1024}"
headroom_mib=32
case "$size_mib" in ''|*[!0-9]*) echo "SIZE_MIB must be a number of MiB, was $size_mib" >&2; exit 2 ;; esac
[ "$(id -u)" = 0 ] || { echo "bench/faults.sh mounts a tmpfs: run it as root" >&2; exit 1; }
for tool in curl jq sqlite3 mount umount; do
  command -v "$tool" >/dev/null 2>&1 || { echo "needs $tool" >&2; exit 1; }
done
build_dir="${EDUSYNC_BUILD_DIR:-target}"
case "$build_dir" in /*) ;; *) build_dir="$PWD/$build_dir" ;; esac
jar="$build_dir/edusync.jar"
if [ "${EDUSYNC_BENCH_NO_BUILD:-}" != 1 ]; then
  offline=(); [ "${EDUSYNC_MVN_OFFLINE:-}" = 1 ] && offline=(-o)
  mvn -q -B "${offline[@]}" -Dstyle.color=never -Dedusync.buildDir="$build_dir" -DskipTests package >&2
fi
[ -f "$jar" ] || { echo "no $jar: build first (or leave EDUSYNC_BENCH_NO_BUILD unset)" >&2; exit 1; }

work="$PWD/tmp/faults"
data="$work/data"
log="$work/server.log"
summary="$work/summary.md"
mkdir -p "$work"
if mountpoint -q "$data" 2>/dev/null; then umount "$data"; fi
rm -rf "$data" "$work/set-a" "$work/set-b"
mkdir -p "$data"
java -jar "$jar" generate --tier S --seed 1 --defects 0 --out "$work/set-a" >/dev/null
java -jar "$jar" generate --tier M --seed 2 --defects 0 --out "$work/set-b" >/dev/null
head -c $((64 << 20)) /dev/urandom > "$work/large.bin"

mount -t tmpfs -o size="${size_mib}m" edusync-faults "$data"
server_pid=""
cleanup() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then kill "$server_pid"; wait "$server_pid" 2>/dev/null || true; fi
  if mountpoint -q "$data"; then umount "$data"; fi
}
trap cleanup EXIT

failures=0
checks=0
check() { # check WHAT CONDITION...: counts and prints a check
  local what="$1"; shift
  checks=$((checks + 1))
  if "$@"; then echo "  ok    $what"; else echo "  FAIL  $what"; failures=$((failures + 1)); fi
}
eq() { [ "$1" = "$2" ]; }
free_kib() { df -k --output=avail "$data" | tail -1 | tr -d ' '; }

port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
java -Xmx1g -jar "$jar" serve --host 127.0.0.1 --port "$port" --data "$data" --batch-size 1000 > "$log" 2>&1 &
server_pid=$!
base="http://127.0.0.1:$port"
for i in $(seq 1 600); do
  curl -sf "$base/health" >/dev/null 2>&1 && break
  kill -0 "$server_pid" 2>/dev/null || { echo "the server exited:"; tail -40 "$log"; exit 1; }
  sleep 0.1
done
token="$(java -jar "$jar" token --data "$data" --ttl 86400)"
auth=(-H "Authorization: Bearer $token")
# profile B lives in a tenant of its own: its users must not meet profile A's
token_b="$(java -jar "$jar" token --data "$data" --tenant "$(cat /proc/sys/kernel/random/uuid)" --ttl 86400)"
auth_b=(-H "Authorization: Bearer $token_b")
api="$base/beta/education"

# call METHOD URL [curl args...]: prints "METHOD path -> status (x-ms-error-code / error.code) seconds", sets $status, $body
call() {
  local method="$1" url="$2"; shift 2
  local out; out="$(mktemp)"
  local meta
  meta="$(curl -s -o "$out" -D "$out.h" -w '%{http_code} %{time_total}' -X "$method" "$url" "$@")"
  status="${meta%% *}"
  body="$(cat "$out")"
  retry_after="$(grep -i '^retry-after:' "$out.h" | tr -d '\r' | cut -d' ' -f2 || true)"
  local code
  code="$(grep -i '^x-ms-error-code:' "$out.h" | tr -d '\r' | cut -d' ' -f2 || true)"
  [ -n "$code" ] || code="$(jq -r '.error.code // empty' "$out" 2>/dev/null || true)"
  local path="${url#"$base"}"
  printf '  %-6s %-70.70s -> %s %s %ss%s\n' "$method" "${path%%\?*}" "$status" "${code:-}" "${meta#* }" \
    "${retry_after:+ (Retry-After: $retry_after)}"
  rm -f "$out" "$out.h"
}

profile_body() { jq --arg n "$1" '.displayName = $n' docs/examples/csv-profile.json; }
create_profile() { # create_profile NAME [TOKEN]: prints the id once provisioned
  local id a=(-H "Authorization: Bearer ${2:-$token}")
  id="$(curl -sf -X POST "$api/synchronizationProfiles" "${a[@]}" -H 'Content-Type: application/json' -d "$(profile_body "$1")" | jq -r .id)"
  for i in $(seq 1 200); do
    [ "$(curl -sf "$api/synchronizationProfiles/$id" "${a[@]}" | jq -r .state)" = provisioned ] && break
    sleep 0.1
  done
  echo "$id"
}
upload_url() { curl -sf "$api/synchronizationProfiles/$1/uploadUrl" -H "Authorization: Bearer ${2:-$token}" | jq -r .value; }
blob() { local url="$1" name="$2" extra="${3:-}"; echo "${url%%\?*}/$name?${url#*\?}$extra"; }
upload_set() { # upload_set PROFILE FOLDER [TOKEN]
  local url; url="$(upload_url "$1" "${3:-}")"
  for f in School Section Student Teacher StudentEnrollment TeacherRoster; do
    curl -sf -X PUT "$(blob "$url" "$f.csv")" -H 'x-ms-blob-type: BlockBlob' --data-binary @"$2/$f.csv" >/dev/null
  done
}
await_status() { # await_status PROFILE SECONDS [TOKEN]: polls profileStatus until it is not inProgress; prints it
  local s
  for i in $(seq 1 $(($2 * 10))); do
    s="$(curl -s "$api/synchronizationProfiles/$1/profileStatus" -H "Authorization: Bearer ${3:-$token}" | jq -r '.status // "unreachable"')"
    [ "$s" != inProgress ] && [ "$s" != unreachable ] && { echo "$s"; return; }
    sleep 0.1
  done
  echo "$s"
}
file_state() { # file_state PROFILE [TOKEN]: "name md5 etag" per file, from HEAD (Get Blob Properties)
  local url; url="$(upload_url "$1" "${2:-}")"
  for f in School Section Student Teacher StudentEnrollment TeacherRoster; do
    printf '%s %s %s\n' "$f" \
      "$(curl -sI "$(blob "$url" "$f.csv")" | tr -d '\r' | awk -F': ' 'tolower($1) == "content-md5" { print $2 }')" \
      "$(curl -sI "$(blob "$url" "$f.csv")" | tr -d '\r' | awk -F': ' 'tolower($1) == "etag" { print $2 }')"
  done
}
directory_state() { # the users of profile A's tenant: "id UPN", sorted
  { curl -sf "$api/users?\$top=999&\$select=id,userPrincipalName" "${auth[@]}" | jq -r '.value[] | .id + " " + .userPrincipalName'
    local next; next="$(curl -sf "$api/users?\$top=999&\$select=id,userPrincipalName" "${auth[@]}" | jq -r '."@odata.nextLink" // empty')"
    while [ -n "$next" ]; do
      local page; page="$(curl -sf "$next" "${auth[@]}")"
      echo "$page" | jq -r '.value[] | .id + " " + .userPrincipalName'
      next="$(echo "$page" | jq -r '."@odata.nextLink" // empty')"
    done; } | sort
}

{
echo "# bench/faults.sh: disk full in the data folder"
echo
echo "- date: $(date -u +%Y-%m-%dT%H:%M:%SZ); commit $(git rev-parse --short HEAD 2>/dev/null || echo '?'); jar built $(date -u -r "$jar" +%Y-%m-%dT%H:%M:%SZ)"
echo "- data folder: tmpfs of $size_mib MiB; server: java -Xmx1g -jar edusync.jar serve --batch-size 1000 (SQLite)"
echo
echo "## 1-2. Before: profile A synced, profile B uploaded"
profile_a="$(create_profile "Faults A")"
profile_b="$(create_profile "Faults B" "$token_b")"
upload_set "$profile_a" "$work/set-a"
call POST "$api/synchronizationProfiles/$profile_a/start" "${auth[@]}"
check "profile A's run: success" eq "$(await_status "$profile_a" 300)" success
upload_set "$profile_b" "$work/set-b" "$token_b"
for n in 1 2 3; do
  call POST "$api/users" "${auth[@]}" -H 'Content-Type: application/json' \
    -d "{\"displayName\": \"Before $n\", \"userPrincipalName\": \"before$n@faults.contoso.edu\"}"
done
files_a_before="$(file_state "$profile_a")"
files_b_before="$(file_state "$profile_b" "$token_b")"
users_before="$(directory_state)"
report_a_before="$(curl -sf "$api/synchronizationProfiles/$profile_a/runs" "${auth[@]}" | jq -c '.value[0].counts')"
profiles_before="$(curl -sf "$api/synchronizationProfiles" "${auth[@]}" | jq -c '[.value[] | {id, displayName, state}] | sort_by(.id)')"
echo "  stored: $(echo "$users_before" | wc -l) users; data folder $(du -sh "$data" | cut -f1) used, $(free_kib) KiB free"

echo
echo "## 3. The data folder filled up to its last $headroom_mib MiB, then profile B's run started: it fills the rest"
avail_kib="$(free_kib)"
dd if=/dev/zero of="$data/filler" bs=1M count=$(((avail_kib >> 10) - headroom_mib)) status=none
sync
echo "  filler: $(du -sh "$data/filler" | cut -f1); free now: $(free_kib) KiB"
call POST "$api/synchronizationProfiles/$profile_b/start" "${auth_b[@]}"
check "start of profile B: 200" eq "$status" 200
# the run writes until the disk is full; then it waits and retries, the profile stays inProgress
for i in $(seq 1 6000); do
  grep -q "paused: the database is disk_full" "$log" && break
  sleep 0.1
done
check "profile B's run met the full disk and waits (server log: paused: the database is disk_full)" \
  grep -q "paused: the database is disk_full" "$log"
call GET "$api/synchronizationProfiles/$profile_b/runs" "${auth_b[@]}"
echo "    $(jq -c '.value[0] | {state, recordsProcessed, recordsTotal}' <<< "$body")"
echo "  free now: $(free_kib) KiB"

echo
echo "## 4. While it is full"
url_a="$(upload_url "$profile_a")"
full_answers=()
call PUT "$(blob "$url_a" Student.csv)" -H 'x-ms-blob-type: BlockBlob' --data-binary @"$work/large.bin"
full_answers+=("$status")
check "Put Blob of 64 MiB on a full disk: 507 InsufficientStorage, an Azure XML error" eq "$status" 507
check "  its XML body says the storage is full" grep -q "<Code>InsufficientStorage</Code>.*storage is full" <<< "$body"
call PUT "$(blob "$url_a" Student.csv '&comp=block&blockid=YmxvY2stMDAwMDAx')" --data-binary @"$work/large.bin"
full_answers+=("$status")
check "Put Block of 64 MiB on a full disk: 507" eq "$status" 507
user_full_status=""
for n in $(seq 1 20); do
  call POST "$api/users" "${auth[@]}" -H 'Content-Type: application/json' \
    -d "{\"displayName\": \"Full $n\", \"userPrincipalName\": \"full$n@faults.contoso.edu\"}"
  full_answers+=("$status")
  [ "$status" = 201 ] || { user_full_status="$status"; user_full_body="$body"; break; }
done
if [ -n "$user_full_status" ]; then
  check "POST /users once the last free pages are used: 507 insufficientStorage in the Graph envelope" eq "$user_full_status" 507
  check "  with a message that says what to do" grep -q "storage is full.*Free space" <<< "$user_full_body"
else
  echo "  (20 users fitted in the database's free pages)"
fi
call GET "$api/users?\$top=5" "${auth[@]}"; full_answers+=("$status")
check "reads on a full disk: 200" eq "$status" 200
call GET "$api/synchronizationProfiles/$profile_a/profileStatus" "${auth[@]}"; full_answers+=("$status")
check "profileStatus on a full disk: 200" eq "$status" 200
call GET "$base/health"
check "/health on a full disk: 200 (the database answers)" eq "$status" 200
sleep 5
call GET "$api/synchronizationProfiles/$profile_b/profileStatus" "${auth_b[@]}"; full_answers+=("$status")
echo "    $(jq -c '{status, statusMessage}' <<< "$body")"
check "profile B inProgress while the disk is full (waiting, not failed)" eq "$(jq -r .status <<< "$body")" inProgress
call GET "$api/synchronizationProfiles/$profile_b/runs" "${auth_b[@]}"; full_answers+=("$status")
echo "    $(jq -c '.value[0] | {state, recordsProcessed, recordsTotal}' <<< "$body")"
no_500() { local s; for s in "${full_answers[@]}"; do [ "$s" != 500 ] || return 1; done; }
check "no 500 while the disk was full (answers: ${full_answers[*]})" no_500

echo
echo "## 5. Space freed, the server still running"
rm -f "$data/filler"
echo "  free now: $(free_kib) KiB"
b_status="$(await_status "$profile_b" 900 "$token_b")"
check "profile B's run ends in success by itself" eq "$b_status" success
call GET "$api/synchronizationProfiles/$profile_b/runs" "${auth_b[@]}"
echo "    $(jq -c '.value[0] | {state, recordsProcessed, recordsTotal}' <<< "$body")"
check "  one run of profile B, all records processed" eq "$(jq -r '.value | length' <<< "$body")/$(jq -r '.value[0].recordsProcessed == .value[0].recordsTotal' <<< "$body")" "1/true"
call PUT "$(blob "$url_a" Student.csv)" -H 'x-ms-blob-type: BlockBlob' --data-binary @"$work/set-a/Student.csv"
check "Put Blob again (profile A's own Student.csv): 201" eq "$status" 201
call POST "$api/users" "${auth[@]}" -H 'Content-Type: application/json' \
  -d '{"displayName": "After", "userPrincipalName": "after@faults.contoso.edu"}'
check "POST /users again: 201" eq "$status" 201

echo
echo "## 6. Nothing lost"
files_a_after="$(file_state "$profile_a")"
check "profile A's files: same MD5s as before (Student.csv: a new ETag, same bytes)" eq \
  "$(cut -d' ' -f1,2 <<< "$files_a_after")" "$(cut -d' ' -f1,2 <<< "$files_a_before")"
check "profile B's files: same MD5s and ETags as before" eq "$(file_state "$profile_b" "$token_b")" "$files_b_before"
users_after="$(directory_state)"
echo "$users_before" > "$work/users-before.txt"
echo "$users_after" > "$work/users-after.txt"
check "every user stored before is still there, same id and UPN" eq "$(comm -23 "$work/users-before.txt" "$work/users-after.txt" | wc -l)" 0
check "profile A's run report unchanged" eq "$(curl -sf "$api/synchronizationProfiles/$profile_a/runs" "${auth[@]}" | jq -c '.value[0].counts')" "$report_a_before"
check "the profiles unchanged" eq "$(curl -sf "$api/synchronizationProfiles" "${auth[@]}" | jq -c '[.value[] | {id, displayName, state}] | sort_by(.id)')" "$profiles_before"
echo "  users of profile A's tenant: $(echo "$users_before" | wc -l) before, $(echo "$users_after" | wc -l) after (the users created since)"
kill "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=""
integrity="$(sqlite3 "$data/edusync.db" 'PRAGMA integrity_check')"
cp "$data/edusync.db" "$work/edusync-after.db"
echo "  sqlite3 edusync.db 'PRAGMA integrity_check': $integrity"
check "PRAGMA integrity_check" eq "$integrity" ok
echo
echo "## Result"
echo "$checks checks, $failures failed; server log lines about the full disk: $(grep -c -i 'full' "$log" || true)"
} 2>&1 | tee "$summary"
grep -q " checks, 0 failed" "$summary"
