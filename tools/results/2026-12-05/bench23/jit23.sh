#!/usr/bin/env bash
# One arm: a fresh `serve` with SERVE_OPTS, WARMUPS x 256 warm-up tasks, then the documented command twice;
# the C1/C2 compiler threads' CPU (lower bound, see bench19/jit.sh) around every run.
set -u
WARMUPS="${WARMUPS:-6}"
. "$(dirname "$0")/serve.sh"
start_serve "${SERVE_OPTS:-}"
cpu() { awk '{print ($14+$15)/100}' /proc/$PID/stat; }
for w in $(seq 1 "$WARMUPS"); do
  c0=$(compiler_cpu); s0=$(cpu)
  r=$(bench --tasks 256 --concurrency 16 --repeat 1 | grep -o '"ratio":[0-9.]*,"added_p50_ms":[0-9.]*')
  echo "warm-up $w: $r jit_cpu_s=$(echo "$(compiler_cpu) - $c0" | bc) serve_cpu_s=$(echo "$(cpu) - $s0" | bc)"
done
for r in 1 2; do
  c0=$(compiler_cpu); s0=$(cpu)
  out=$(bench --tasks 96 --concurrency 16 --repeat 5)
  echo "documented command, run $r: jit_cpu_s=$(echo "$(compiler_cpu) - $c0" | bc) serve_cpu_s=$(echo "$(cpu) - $s0" | bc)"
  echo "$out"
done
stop_serve
