#!/usr/bin/env bash
# The platform's CPU per task beside the engine path's (twenty-fifth session): a fresh `serve` from JAR's folder
# (copied, so the tree can be rebuilt meanwhile), WARMUPS x 256 warm-up tasks, then the documented command twice with
# --reasoner, which now reports each path's decode forward CPU time and CPU per task (bench's process_cpu_ms_per_task:
# the engine path's JVM, the reasoner's process; client_cpu_ms_per_task: the bench's JVM while it drives the platform).
set -u
. "$(dirname "$0")/lab.sh"
warm_serve
for r in 1 2; do
  bench_with "$JAR" --tasks 96 --concurrency 16 --repeat 5 --reasoner "$REASONER"
done
stop_serve
