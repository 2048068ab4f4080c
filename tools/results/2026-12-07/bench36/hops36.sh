#!/usr/bin/env bash
# The seventeenth session's hop probe on this session's build (thirty-sixth session): a fresh serve from $HOPS_JAR (/tmp/sl-36b),
# lab.sh's $WARMUPS (10) warm-ups, then three `--tasks 96 --concurrency 16 --repeat 1` runs with --reasoner, each
# followed by HopProbe over its 96 tasks (record timestamps of the four topics).
# HopProbe is compiled first: javac -cp "/tmp/sl-36b/lib/*" -d /tmp/probe ../../2026-12-05/bench17/HopProbe.java
set -u
. "${LAB:-$(dirname "$0")/../../2026-12-06/bench25/lab.sh}"
JAR="${HOPS_JAR:-/tmp/sl-36b/sightline.jar}"
warm_serve
BOOT=$(grep -o 'kafka *localhost:[0-9]*' /tmp/serve25.log | head -1 | awk '{print $2}')
for r in 1 2 3; do
  bench_with "$JAR" --tasks 96 --concurrency 16 --repeat 1 --reasoner "$REASONER" | show "run $r"
  java -cp "/tmp/probe:$(dirname "$JAR")/lib/*" HopProbe "$BOOT" 96 2>/dev/null | grep -E '^(task|encoded|first|last|result)'
done
stop_serve
