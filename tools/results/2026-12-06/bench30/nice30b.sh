#!/usr/bin/env bash
# Thirtieth session, after nice30.sh (whose pairs always ran nice 0 first): the same question with the order balanced.
# One fresh serve of the change (/tmp/sl-mix2), 6 warm-ups, then BLOCKS blocks of four runs in the order 10, 0, 0, 10
# (the `reasoner-scheduler` thread's nice), each the documented command with --repeat 1. JSON in nice30b.jsonl.
set -u
source "$(dirname "$0")/../bench25/lab.sh"
JAR=/tmp/sl-mix2/sightline.jar
BLOCKS="${BLOCKS:-3}"
OUT="$(dirname "$0")/nice30b.jsonl"
serve_from "$JAR"
warm_up_with "$JAR" 6
setnice() {
  for t in /proc/$PID/task/*; do
    case "$(cat $t/comm)" in reasoner-schedu*) renice -n "$1" -p "${t##*/}" > /dev/null ;; esac
  done
}
for b in $(seq 1 "$BLOCKS"); do
  for n in 10 0 0 10; do
    setnice $n
    out=$(bench_with "$JAR" --tasks 96 --concurrency 16 --repeat 1 --reasoner "$REASONER" | tail -1)
    printf '{"nice":%d,"block":%d,"bench":%s}\n' "$n" "$b" "$out" >> "$OUT"
    echo "$out" | show "nice $n block $b"
  done
done
setnice 0
stop_serve
