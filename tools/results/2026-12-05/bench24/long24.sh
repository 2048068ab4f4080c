#!/usr/bin/env bash
# How far warm-up goes (twenty-fourth session): a fresh `serve`, RUNS x `bench platform --tasks 256 --concurrency 16
# --repeat 1`, and for each run the ratio, serve's CPU and its compiler threads' CPU over the run, in seconds.
set -u
RUNS="${RUNS:-12}"
. "$(dirname "$0")/../bench23/serve.sh"
start_serve
serve_cpu() { awk '{print ($14+$15)/100}' /proc/$PID/stat; }
for r in $(seq 1 "$RUNS"); do
  s0=$(serve_cpu); c0=$(compiler_cpu); n0=$(jstat -compiler $PID | awk 'NR==2 {print $1}')
  ratio=$(bench --tasks 256 --concurrency 16 --repeat 1 | grep -o '"ratio":[0-9.]*\|"tasks_per_s":[0-9.]*' | tr '\n' ' ')
  s1=$(serve_cpu); c1=$(compiler_cpu); n1=$(jstat -compiler $PID | awk 'NR==2 {print $1}')
  echo "run $r: $ratio serve_cpu_s $(echo "$s1 - $s0" | bc) compiler_cpu_s $(echo "$c1 - $c0" | bc) compilations $((n1 - n0))"
done
stop_serve
