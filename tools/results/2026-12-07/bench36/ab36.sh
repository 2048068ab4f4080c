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
for a in ${ORDER:-old new new old}; do
  if [ $a = old ]; then arm observed "$OLD" "" 3 lettuce_meters; else arm unobserved "$NEW" "" 3 lettuce_meters; fi
done
