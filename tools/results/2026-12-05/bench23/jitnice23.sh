#!/usr/bin/env bash
# The JIT at the lowest priority: one warm `serve` (WARMUPS x 256 tasks), then PAIRS alternations of the documented
# command (--repeat 3) with the C1/C2 compiler threads at nice 0 and at nice 19 (reniced every second, since the JVM
# starts compiler threads as its queues grow). The same effect -XX:ThreadPriorityPolicy=1
# -XX:CompilerThreadPriority=19 would give from the start.
set -u
WARMUPS="${WARMUPS:-5}"; PAIRS="${PAIRS:-4}"
. "$(dirname "$0")/serve.sh"
start_serve
warm_up "$WARMUPS"
for p in $(seq 1 "$PAIRS"); do
  for n in 0 19; do
    ( while true; do for t in $(compilers); do renice -n $n -p $t > /dev/null 2>&1; done; sleep 1; done ) &
    L=$!
    sleep 1; c0=$(compiler_cpu)
    r=$(bench --tasks 96 --concurrency 16 --repeat 3 | grep -o '"ratio":[0-9.]*,"added_p50_ms":[0-9.]*')
    echo "pair $p, compilers at nice $n: $r jit_cpu_s=$(echo "$(compiler_cpu) - $c0" | bc)"
    kill $L; wait $L 2>/dev/null
  done
done
stop_serve
