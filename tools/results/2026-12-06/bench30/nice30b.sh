#!/usr/bin/env bash
# Thirtieth session, after nice30.sh (whose pairs always ran nice 0 first): the same question with the order balanced.
# One fresh serve of the change (/tmp/sl-mix2), 6 warm-ups, then BLOCKS blocks of four runs in the order 10, 0, 0, 10
# (the `reasoner-scheduler` thread's nice), each the documented command with --repeat 1. JSON in nice30b.jsonl.
# (Helpers in ../bench25/lab.sh, moved there after the run.)
set -u
source "$(dirname "$0")/../bench25/lab.sh"
JAR=/tmp/sl-mix2/sightline.jar
BLOCKS="${BLOCKS:-3}"
OUT="$(dirname "$0")/nice30b.jsonl"
serve_from "$JAR"
warm_up_with "$JAR" 6
for b in $(seq 1 "$BLOCKS"); do
  for n in 10 0 0 10; do nice_run $n block "$b" "$OUT"; done
done
scheduler_nice 0
stop_serve
