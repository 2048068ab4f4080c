#!/usr/bin/env bash
# Tasks on cached frames skip the encoder (thirty-eighth session, 6431706): the gateway publishes their encoded event
# itself. Arms alternated (ORDER, default `cached base base cached`), each a fresh serve of JAR (6431706), lab.sh's
# $WARMUPS (10) warm-ups, then the documented command with --reasoner three times; arm `base` switches the shortcut
# off (-Dsightline.gateway.encode-cached-tasks=false: every task through the encoder, as before). After the warm-ups
# each arm prints how many tasks the gateway handed on itself.
set -u
. "${LAB:-$(dirname "$0")/../../2026-12-06/bench25/lab.sh}"
UNDER_TEST="${UNDER_TEST:-/tmp/sl-38/sightline.jar}"
shortcut_count() {
  echo "$1: tasks encoded at the gateway so far: $(curl -s http://localhost:8080/actuator/prometheus \
    | grep '^sightline_tasks_encoded_at_gateway_total' | awk '{print $2}')"
}
for a in ${ORDER:-cached base base cached}; do
  if [ $a = base ]; then
    arm base "$UNDER_TEST" "-Dsightline.gateway.encode-cached-tasks=false" 3 shortcut_count
  else
    arm cached "$UNDER_TEST" "" 3 shortcut_count
  fi
done
