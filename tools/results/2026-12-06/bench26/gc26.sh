#!/usr/bin/env bash
# serve under G1 (the JVM's choice on this 2-vCPU, 24 GiB host) against the parallel collector, A/B/A/B: each a
# fresh serve, 10 × 256 warm-up tasks, then the documented command twice with --reasoner (twenty-sixth session).
# The ratio pairs each platform run with an engine-path run of the same minute, in the bench's own (G1) JVM.
source "$(dirname "$0")/../bench25/lab.sh"
for round in 1 2; do
  for gc in G1 Parallel; do
    serve_from "$JAR" "-XX:+Use${gc}GC"
    warm_up_with "$JAR" 10 | tail -2
    for i in 1 2; do doc | show "$gc round $round run $i:"; done
    stop_serve
  done
done
