#!/usr/bin/env bash
# What the JIT still compiles after warm-up: a fresh `serve` recording every compilation (JFR, no threshold), WARMUPS
# x 256 warm-up tasks with the time of each run's start and end, then the code cache's state (jcmd).
set -u
WARMUPS="${WARMUPS:-7}"
. "$(dirname "$0")/serve.sh"
start_serve "-XX:StartFlightRecording=filename=/tmp/serve23.jfr,jdk.Compilation#threshold=0ms,jdk.CodeCacheStatistics#enabled=true ${SERVE_OPTS:-}"
for w in $(seq 1 "$WARMUPS"); do
  echo "run $w start $(date -u +%H:%M:%S.%N)"
  bench --tasks 256 --concurrency 16 --repeat 1 | grep -o '"ratio":[0-9.]*'
  echo "run $w end $(date -u +%H:%M:%S.%N)"
done
jcmd $PID Compiler.codecache
jcmd $PID JFR.dump filename=/tmp/serve23-dump.jfr
stop_serve
