#!/usr/bin/env bash
# Thirtieth session: the reasoner's forward thread yielding to the pipeline. One fresh serve of the change
# (/tmp/sl-mix2), 3 warm-ups, then PAIRS pairs of the documented command (--repeat 1 each), the `reasoner-scheduler`
# thread at nice 0 and at nice +10 in turn (every other thread, Redis and PostgreSQL at 0). Earlier sessions tried the
# opposite (the forward ahead of the pipeline: no gain) and -10 for the forward (worse: "the pipeline that feeds the
# batch starves"); this asks whether hops that never wait behind a forward shorten the refill gap by more than the
# forwards lose. Every run's JSON in nice30.jsonl. (Helpers scheduler_nice and nice_run in ../bench25/lab.sh, moved
# there after the run; nice30.out shows the lines as this script then printed them.)
set -u
source "$(dirname "$0")/../bench25/lab.sh"
JAR=/tmp/sl-mix2/sightline.jar
PAIRS="${PAIRS:-4}"
OUT="$(dirname "$0")/nice30.jsonl"
serve_from "$JAR"
warm_up_with "$JAR" 3
for p in $(seq 1 "$PAIRS"); do
  for n in 0 10; do nice_run $n pair "$p" "$OUT"; done
done
scheduler_nice 0
stop_serve
