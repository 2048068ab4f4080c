#!/usr/bin/env bash
# The bench client's HTTP stack (thirty-first session): one warm serve of /tmp/sl-c31 (8 warm-ups), then the
# documented command with --reasoner at --repeat 3 from the bench jar before the change (/tmp/sl-c31: the JDK's
# HttpClient) and after it (/tmp/sl-d31: Apache HttpClient 5), alternated PAIRS times (default 3). Every run's JSON goes
# to ab31b.jsonl as {"arm", "pair", "bench"}.
set -u
. "$(dirname "$0")/../bench25/lab.sh"
OUT="$(dirname "$0")/ab31b.jsonl"
serve_from /tmp/sl-c31/sightline.jar
warm_up_with /tmp/sl-c31/sightline.jar 8 > /dev/null
for pair in $(seq 1 "${PAIRS:-3}"); do
  for arm in jdk:/tmp/sl-c31/sightline.jar apache:/tmp/sl-d31/sightline.jar; do
    label=${arm%%:*}; jar=${arm#*:}
    out=$(bench_with "$jar" --tasks 96 --concurrency 16 --repeat 3 --reasoner "$REASONER" | tail -1)
    printf '{"arm":"%s","pair":%d,"bench":%s}\n' "$label" "$pair" "$out" >> "$OUT"
    echo "$out" | show "$label pair $pair"
  done
done
stop_serve
