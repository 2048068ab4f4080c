#!/usr/bin/env bash
# Concurrency 1 on this session's final build (b643ebc, /tmp/sl-36b) and the bundle shipped since the thirty-fifth
# session: a fresh serve, 3 warm-ups at concurrency 16, then `--tasks 16 --concurrency 1 --repeat 3 --warm-up 8`
# with --reasoner, twice (as ../../2026-12-06/bench31/c1-31.sh).
set -u
. "${LAB:-$(dirname "$0")/../../2026-12-06/bench25/lab.sh}"
JAR="${C1_JAR:-/tmp/sl-36b/sightline.jar}"
serve_from "$JAR"
warm_up_with "$JAR" 3
for r in 1 2; do
  bench_with "$JAR" --tasks 16 --concurrency 1 --repeat 3 --warm-up 8 --reasoner "$REASONER" | tail -1 | show "c1 run $r"
done
stop_serve
