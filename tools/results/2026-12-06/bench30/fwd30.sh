#!/usr/bin/env bash
# Thirtieth session: what the mixed batch saves the platform's forwards, per task. Arms alternated, PAIRS pairs, each a
# fresh serve (3 warm-ups, the documented command once with --reasoner): the build before it (/tmp/sl-base30, a4ccb57)
# and the change (/tmp/sl-mix2, 79c5f02), both driven by the change's bench (which reports forward_cpu_ms_per_task from
# the reasoner's counters, which both builds export). Every run's JSON in fwd30.jsonl. (record_serve took its serve
# jar argument after the run; it ran as a near-copy here then.)
set -u
source "$(dirname "$0")/../bench25/lab.sh"
PAIRS="${PAIRS:-2}"
OUT="$(dirname "$0")/fwd30.jsonl"
JAR=/tmp/sl-mix2/sightline.jar
for p in $(seq 1 "$PAIRS"); do
  record_serve base "$p" "$OUT" /tmp/sl-base30/sightline.jar
  record_serve mix "$p" "$OUT" /tmp/sl-mix2/sightline.jar
done
