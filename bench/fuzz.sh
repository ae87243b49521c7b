#!/usr/bin/env bash
# Mutation fuzzing of hostile content at full strength: the jqwik properties of org.edusync.fuzz (profile bodies,
# OData query strings, SDS CSV files; SQLite and PostgreSQL) with TRIES generated inputs each, instead of the few
# hundred of a CI run.
#   bench/fuzz.sh [TRIES]          e.g. bench/fuzz.sh 100000
# Builds and tests in $EDUSYNC_BUILD_DIR (default target; offline when EDUSYNC_MVN_OFFLINE=1). The properties whose
# every input is several requests (an upload and a sync run; an honest and two injected queries) run the share of
# TRIES their @FuzzShare names. Prints per property: inputs tried, outcomes seen (HTTP statuses, or what the
# verification report held) with their counts, failures (must be 0) and duration; the whole Maven output is kept in
# $EDUSYNC_BUILD_DIR/fuzz-<time>.log, with jqwik's seed and the shrunk input of any failure.
set -euo pipefail
cd "$(dirname "$0")/.."
tries="${1:-100000}"
build_dir="${EDUSYNC_BUILD_DIR:-target}"
case "$build_dir" in /*) ;; *) build_dir="$PWD/$build_dir" ;; esac
mkdir -p "$build_dir"
log="$build_dir/fuzz-$(date -u +%Y%m%dT%H%M%SZ).log"

mvn_args=(-B -Dstyle.color=never "-Dedusync.buildDir=$build_dir")
if [ "${EDUSYNC_MVN_OFFLINE:-0}" = 1 ]; then mvn_args=(-o "${mvn_args[@]}"); fi

echo "fuzzing with $tries inputs per target; log: $log" >&2
started=$(date +%s)
status=0
mvn "${mvn_args[@]}" test -Dtest='org/edusync/fuzz/*Test' -Dsurefire.failIfNoSpecifiedTests=false \
  "-Dedusync.fuzz.tries=$tries" > "$log" 2>&1 || status=$?
grep -o 'fuzz [A-Za-z0-9]*\.[A-Za-z0-9_]*: .*' "$log" || echo "no fuzz property reported; see $log" >&2
grep -E 'Tests run: [0-9]+, Failures' "$log" | tail -1 || true
if [ "$status" -ne 0 ]; then
  grep -E -A25 'Property \[|Falsified|Shrunk Sample|seed *=' "$log" | head -80 >&2 || true
fi
echo "total: $(( $(date +%s) - started )) s, maven exit code $status"
exit "$status"
