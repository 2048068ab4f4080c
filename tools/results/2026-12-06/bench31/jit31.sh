#!/usr/bin/env bash
# How fast serve's JIT settles, with HotSpot's default compile thresholds and with them scaled down (thirty-first
# session): per arm a fresh serve from /tmp/sl-h31 with JAVA_OPTS, eight 256-task warm-up runs, each with the
# compiler threads' CPU per platform task (ms; /proc task stats, both C1 and C2 threads), then the documented command
# with --reasoner once. Arms: jit31.sh "LABEL=OPTS" ...
set -u
. "$(dirname "$0")/../bench25/lab.sh"
JAR=/tmp/sl-h31/sightline.jar
jit_cpu() { threads_cpu $PID | awk '$2 ~ /^C[12]_CompilerThre/ {s += $3} END {printf "%.2f", s}'; }
for arm in "$@"; do
  label=${arm%%=*}; opts=${arm#*=}
  serve_from "$JAR" "$opts"
  for w in $(seq 1 8); do
    before=$(jit_cpu)
    r=$(bench_with "$JAR" --tasks 256 --concurrency 16 --repeat 1 | grep -o '"ratio":[0-9.]*')
    after=$(jit_cpu)
    # 64 warm-up + 256 platform tasks per run
    echo "$label warm-up $w $r jit_ms_per_task $(python3 -c "print(round(($after - $before) * 1000 / 320, 2))")"
  done
  before=$(jit_cpu)
  bench_with "$JAR" --tasks 96 --concurrency 16 --repeat 3 --reasoner "$REASONER" | tail -1 | tee -a /tmp/jit31.jsonl | show "$label doc"
  after=$(jit_cpu)
  echo "$label doc jit_ms_per_task $(python3 -c "print(round(($after - $before) * 1000 / (64 + 3 * 96), 2))")"
  stop_serve
done
