#!/usr/bin/env bash
# Redis commands and @Scheduled runs unobserved, against HEAD (thirty-sixth session): arms alternated old, new, new,
# old; each a fresh serve from its jar, lab.sh's $WARMUPS (10) warm-ups, then the documented command with --reasoner
# three times. Each arm also counts the Redis-command meters the reasoner exports (lettuce_*: 0 once excluded).
# OLD=/tmp/sl-36a/sightline.jar (4d6ec56), NEW=/tmp/sl-36b/sightline.jar (the working tree with the exclusions).
set -u
. "${LAB:-$(dirname "$0")/../../2026-12-06/bench25/lab.sh}"
OLD="${OLD:-/tmp/sl-36a/sightline.jar}"
NEW="${NEW:-/tmp/sl-36b/sightline.jar}"
lettuce_meters() { echo "$1: lettuce meters at the reasoner: $(curl -s "$REASONER/actuator/prometheus" | grep -c '^lettuce')"; }
arm36() {
  JAR=$2
  serve_from "$JAR" ""
  warm_up_with "$JAR" "$WARMUPS"
  lettuce_meters "$1"
  local r
  for r in $(seq 1 "$3"); do doc | show "$1 run $r"; done
  stop_serve
}
for a in ${ORDER:-old new new old}; do
  if [ $a = old ]; then arm36 observed "$OLD" 3; else arm36 unobserved "$NEW" 3; fi
done
