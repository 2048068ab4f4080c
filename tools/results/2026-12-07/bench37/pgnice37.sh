#!/usr/bin/env bash
# PostgreSQL at nice +19 (thirty-seventh session): only the trace store writes to it, off every task's path, yet its
# processes share the two cores with the forward thread and the hops. Arms alternated (ORDER, default base nice nice
# base), each a fresh serve of JAR (b643ebc), lab.sh's $WARMUPS (10) warm-ups, then (arm `nice`) every postgres
# process reniced to +19, then the documented command with --reasoner three times.
set -u
. "${LAB:-$(dirname "$0")/../../2026-12-06/bench25/lab.sh}"
UNDER_TEST="${UNDER_TEST:-/tmp/sl-36t/sightline.jar}"
renice_postgres() {
  local p n=0
  for p in $(pgrep -x postgres); do renice -n 19 -p "$p" > /dev/null && n=$((n + 1)); done
  echo "$1: $n postgres processes at +19"
}
for a in ${ORDER:-base nice nice base}; do
  if [ $a = nice ]; then arm nice "$UNDER_TEST" "" 3 renice_postgres; else arm base "$UNDER_TEST" "" 3; fi
done
