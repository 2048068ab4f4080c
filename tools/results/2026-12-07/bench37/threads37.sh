#!/usr/bin/env bash
# Fewer broker threads (thirty-seventh session): the embedded broker with num.network.threads 1 and num.io.threads 2
# (Kafka's defaults: 3 and 8) against b643ebc. Arms alternated (ORDER, default old new new old); each a fresh serve
# from its jar, lab.sh's $WARMUPS (10) warm-ups, the broker's thread count, then the documented command with
# --reasoner three times. OLD=/tmp/sl-36t/sightline.jar (b643ebc), NEW=/tmp/sl-37b/sightline.jar (the same with the
# two broker properties in EmbeddedInfrastructure).
set -u
. "${LAB:-$(dirname "$0")/../../2026-12-06/bench25/lab.sh}"
OLD="${OLD:-/tmp/sl-36t/sightline.jar}"
NEW="${NEW:-/tmp/sl-37b/sightline.jar}"
broker_threads() {
  # a thread's comm holds 15 characters: "data-plane-kafk" for the request handlers and the network threads
  echo "$1: broker threads: $(grep -l '^data-plane-kafk' /proc/$PID/task/*/comm | wc -l)"
}
for a in ${ORDER:-old new new old}; do
  if [ $a = old ]; then arm default "$OLD" "" 3 broker_threads; else arm fewer "$NEW" "" 3 broker_threads; fi
done
