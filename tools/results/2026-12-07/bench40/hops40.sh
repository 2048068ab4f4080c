#!/usr/bin/env bash
# Fortieth session: where the refill gap goes now that tasks on cached frames skip the encoder (6431706). The
# seventeenth session's HopProbe (record timestamps of the four topics, ../../2026-12-05/bench17/HopProbe.java,
# compiled as bench36/hops36.sh says) on a fresh serve of /tmp/sl-40b (92cdf29) after 30 warm-ups (steady state,
# bench39), then three `--tasks 96 --concurrency 16 --repeat 1` runs with --reasoner, each followed by the probe
# over its 96 tasks.
set -u
. "${LAB:-$(dirname "$0")/../../2026-12-06/bench25/lab.sh}"
JAR="${HOPS_JAR:-/tmp/sl-40b/sightline.jar}"
serve_from "$JAR"
warm_up_with "$JAR" 30
BOOT=$(grep -o 'kafka *localhost:[0-9]*' /tmp/serve25.log | head -1 | awk '{print $2}')
for r in 1 2 3; do
  bench_with "$JAR" --tasks 96 --concurrency 16 --repeat 1 --reasoner "$REASONER" | show "run $r"
  java -cp "/tmp/probe:$(dirname "$JAR")/lib/*" HopProbe "$BOOT" 96 2>/dev/null | grep -E '^(task|encoded|first|last|result)'
done
stop_serve
