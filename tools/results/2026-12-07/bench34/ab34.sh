#!/usr/bin/env bash
# One consumer per service and group against one per topic (thirty-fourth session): arms alternated old, new, new,
# old; each a fresh serve from its jar, lab.sh's $WARMUPS (10) warm-ups, then the documented command with
# --reasoner three times.
# OLD=/tmp/sl-34/sightline.jar (a47d442), NEW=/tmp/sl-34b/sightline.jar (the working tree with TopicRun).
set -u
. "${LAB:-$(dirname "$0")/../../2026-12-06/bench25/lab.sh}"
OLD="${OLD:-/tmp/sl-34/sightline.jar}"
NEW="${NEW:-/tmp/sl-34b/sightline.jar}"
for a in old new new old; do
  if [ $a = old ]; then arm per-topic "$OLD" "" 3; else arm per-service "$NEW" "" 3; fi
done
