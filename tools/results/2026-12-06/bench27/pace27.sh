#!/usr/bin/env bash
# Prefill pacing (twenty-seventh session): while sessions decode, the scheduler runs a prefill forward at most every
# N decode steps (-Dsightline.prefillEvery=N; 1: every step, as before). A fresh `serve` from /tmp/sl-pace (the
# Outbox build plus the pacing) per arm (EVERY, default: 4 1 4 1), each warmed by WARMUPS x 256 tasks, then the
# documented command with --reasoner twice; each result line through lab.sh's show.
set -u
. "$(dirname "$0")/../bench25/lab.sh"
JAR=/tmp/sl-pace/sightline.jar
for n in ${EVERY:-4 1 4 1}; do
  serve_from "$JAR" "-Dsightline.prefillEvery=$n"
  warm_up_with "$JAR" "$WARMUPS"
  for r in 1 2; do
    doc | show "every $n run $r"
  done
  stop_serve
done
