#!/usr/bin/env bash
# Concurrency 1 on the final build (4a6b662, /tmp/sl-f31; thirty-first session): a fresh serve, 3 warm-ups at
# concurrency 16, then `--tasks 16 --concurrency 1 --repeat 3 --warm-up 8` with --reasoner, twice. C1_JAR: another
# jar (../../2026-12-07/bench36/c1-36.sh).
set -u
. "$(dirname "$0")/../bench25/lab.sh"
JAR="${C1_JAR:-/tmp/sl-f31/sightline.jar}"
serve_from "$JAR"
warm_up_with "$JAR" 3
for r in 1 2; do
  bench_with "$JAR" --tasks 16 --concurrency 1 --repeat 3 --warm-up 8 --reasoner "$REASONER" | tail -1 | show "c1 run $r"
done
stop_serve
