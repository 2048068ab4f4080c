#!/usr/bin/env bash
# Thirtieth session: what the mixed batch saves the platform's forwards, per task. Arms alternated, PAIRS pairs, each a
# fresh serve (3 warm-ups, the documented command once with --reasoner): the build before it (/tmp/sl-base30, a4ccb57)
# and the change (/tmp/sl-mix2, 79c5f02), both driven by the change's bench (which reports forward_cpu_ms_per_task from
# the reasoner's counters, which both builds export). Every run's JSON in fwd30.jsonl.
set -u
source "$(dirname "$0")/../bench25/lab.sh"
PAIRS="${PAIRS:-2}"
OUT="$(dirname "$0")/fwd30.jsonl"
BENCH_JAR=/tmp/sl-mix2/sightline.jar
one() { # ARM N SERVE_JAR
  serve_from "$3"
  JAR=$BENCH_JAR
  warm_up_with "$JAR" 3
  local out
  out=$(doc | tail -1)
  stop_serve
  printf '{"arm":"%s","serve":%d,"bench":%s}\n' "$1" "$2" "$out" >> "$OUT"
  echo "$out" | show "$1 serve $2"
}
for p in $(seq 1 "$PAIRS"); do
  one base "$p" /tmp/sl-base30/sightline.jar
  one mix "$p" /tmp/sl-mix2/sightline.jar
done
