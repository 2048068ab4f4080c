#!/usr/bin/env bash
# The JIT at the lowest priority: one warm `serve` (WARMUPS x 256 tasks), then PAIRS alternations of the documented
# command (--repeat 3) with the C1/C2 compiler threads at nice 0 and at nice 19 (reniced every second, since the JVM
# starts compiler threads as its queues grow). The same effect -XX:ThreadPriorityPolicy=1
# -XX:CompilerThreadPriority=19 would give from the start.
set -u
WARMUPS="${WARMUPS:-5}"; PAIRS="${PAIRS:-4}"
cd /work/main
bench() { ./sightline bench platform --json --gateway http://localhost:8080 --api-key demo-key "$@" 2>/dev/null; }
./sightline --help > /dev/null 2>&1
./sightline serve --api-key demo-key > /tmp/serve23.log 2>&1 &
SERVE=$!
for i in $(seq 1 180); do curl -sf http://localhost:8080/actuator/health >/dev/null && break; sleep 2; done
PID=$(pgrep -f 'sightline.jar serve' | head -1)
for w in $(seq 1 "$WARMUPS"); do bench --tasks 256 --concurrency 16 --repeat 1 | grep -o '"ratio":[0-9.]*' | sed "s/^/warm-up $w: /"; done
compilers() { for t in /proc/$PID/task/*; do case "$(cat $t/comm)" in C1*|C2*) basename $t;; esac; done; }
ctime() { for t in $(compilers); do awk '{print $14+$15}' /proc/$PID/task/$t/stat; done | awk '{s+=$1} END {print s/100}'; }
for p in $(seq 1 "$PAIRS"); do
  for n in 0 19; do
    ( while true; do for t in $(compilers); do renice -n $n -p $t > /dev/null 2>&1; done; sleep 1; done ) &
    L=$!
    sleep 1; c0=$(ctime)
    r=$(bench --tasks 96 --concurrency 16 --repeat 3 | grep -o '"ratio":[0-9.]*,"added_p50_ms":[0-9.]*')
    echo "pair $p, compilers at nice $n: $r jit_cpu_s=$(echo "$(ctime) - $c0" | bc)"
    kill $L; wait $L 2>/dev/null
  done
done
kill -TERM $SERVE; wait $SERVE
