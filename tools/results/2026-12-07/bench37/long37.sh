#!/usr/bin/env bash
# Thirty-seventh session: how much of the ratio is the length of a run? `bench platform` divides a run's tasks by
# its wall time, ramp and drain included; at 96 tasks and concurrency 16 each closed-loop client runs 6 tasks, and
# the run ends with its slowest client. One fresh serve (JAR, the build of b643ebc), lab.sh's 10 warm-ups, then
# ROUNDS rounds of: the documented command (96 tasks, --repeat 5) and the same tasks 480 a run (--repeat 3), each
# with --reasoner and shown on one line (arms36.py and factors36.py read them).
set -u
. "${LAB:-$(dirname "$0")/../../2026-12-06/bench25/lab.sh}"
JAR="${JAR_UNDER_TEST:-/tmp/sl-36t/sightline.jar}"
serve_from "$JAR" ""
warm_up_with "$JAR" "$WARMUPS"
for r in $(seq 1 "${ROUNDS:-5}"); do
  doc | show "tasks96 run $r"
  bench_with "$JAR" --tasks 480 --concurrency 16 --repeat 3 --reasoner "$REASONER" | show "tasks480 run $r"
done
stop_serve
