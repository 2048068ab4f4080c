#!/usr/bin/env bash
# serve with PrintCompilation; N warm-up runs; mark the log between runs
set -u
N="${N:-8}"
cd /work/main
export OMP_WAIT_POLICY=PASSIVE
bench() { ./sightline bench platform --json --gateway http://localhost:8080 --api-key demo-key "$@" 2>/dev/null; }
SIGHTLINE_JAVA_OPTS="-XX:+PrintCompilation ${SERVE_OPTS:-}" ./sightline serve --api-key demo-key > /tmp/jit/serve.log 2>&1 &
SERVE=$!
for i in $(seq 1 180); do curl -sf http://localhost:8080/actuator/health >/dev/null && break; sleep 2; done
PID=$(pgrep -f 'sightline.jar serve' | head -1)
# the compilers' CPU so far, from the C1/C2 threads alive now: the JVM starts and stops compiler threads as its
# queues grow and shrink, so one that ends during a run takes its time with it (the negative figures of
# jit-c1only.out); the C2 figures are lower bounds, not exact
ctime() { for t in /proc/$PID/task/*; do n=$(cat $t/comm); case "$n" in C2*|C1*) awk '{print $14+$15}' $t/stat;; esac; done | awk '{s+=$1} END {print s/100}'; }
for w in $(seq 1 "$N"); do
  echo "=== RUN $w $(wc -l < /tmp/jit/serve.log)" >> /tmp/jit/marks
  c0=$(ctime)
  r=$(bench --tasks 256 --concurrency 16 --repeat 1 | grep -o '"ratio":[0-9.]*,"added_p50_ms":[0-9.]*')
  c1=$(ctime)
  echo "run $w: $r jit_cpu_s=$(echo "$c1 - $c0" | bc) loglines=$(wc -l < /tmp/jit/serve.log)"
done
kill -TERM $SERVE; wait $SERVE
