#!/usr/bin/env bash
# One arm: a fresh `serve` with SERVE_OPTS, WARMUPS x 256 warm-up tasks, then the documented command twice;
# the C1/C2 compiler threads' CPU (lower bound, see bench19/jit.sh) around every run.
set -u
WARMUPS="${WARMUPS:-6}"
cd /work/main
bench() { ./sightline bench platform --json --gateway http://localhost:8080 --api-key demo-key "$@" 2>/dev/null; }
./sightline --help > /dev/null 2>&1
SIGHTLINE_JAVA_OPTS="${SERVE_OPTS:-}" ./sightline serve --api-key demo-key > /tmp/serve23.log 2>&1 &
SERVE=$!
for i in $(seq 1 180); do curl -sf http://localhost:8080/actuator/health >/dev/null && break; sleep 2; done
PID=$(pgrep -f 'sightline.jar serve' | head -1)
echo "arm SERVE_OPTS='${SERVE_OPTS:-}' serve up after ~$((i*2)) s"
ctime() { for t in /proc/$PID/task/*; do n=$(cat $t/comm); case "$n" in C2*|C1*) awk '{print $14+$15}' $t/stat;; esac; done | awk '{s+=$1} END {print s/100}'; }
cpu() { awk '{print ($14+$15)/100}' /proc/$PID/stat; }
for w in $(seq 1 "$WARMUPS"); do
  c0=$(ctime); s0=$(cpu)
  r=$(bench --tasks 256 --concurrency 16 --repeat 1 | grep -o '"ratio":[0-9.]*,"added_p50_ms":[0-9.]*')
  echo "warm-up $w: $r jit_cpu_s=$(echo "$(ctime) - $c0" | bc) serve_cpu_s=$(echo "$(cpu) - $s0" | bc)"
done
for r in 1 2; do
  c0=$(ctime); s0=$(cpu)
  out=$(bench --tasks 96 --concurrency 16 --repeat 5)
  echo "documented command, run $r: jit_cpu_s=$(echo "$(ctime) - $c0" | bc) serve_cpu_s=$(echo "$(cpu) - $s0" | bc)"
  echo "$out"
done
kill -TERM $SERVE; wait $SERVE
echo "serve exit $?"
