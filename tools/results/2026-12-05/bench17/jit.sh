#!/usr/bin/env bash
set -u
cd /work/main
bench() { ./sightline bench platform --json --gateway http://localhost:8080 --api-key demo-key "$@" 2>/dev/null; }
SIGHTLINE_JAVA_OPTS="${SERVE_OPTS:-}" ./sightline serve --api-key demo-key > /tmp/probe/serve.log 2>&1 &
for i in $(seq 1 180); do curl -sf http://localhost:8080/actuator/health >/dev/null && break; sleep 2; done
PID=$(pgrep -f "sightline.jar.* serve" | head -1)
cpu() { for t in /proc/$PID/task/*; do n=$(cat $t/comm); case "$n" in C2*|C1*) awk '{s+=$14+$15} END {printf "%d ", s}' $t/stat;; esac; done; }
tot() { awk '{print $14+$15}' /proc/$PID/stat; }
for w in $(seq 1 ${RUNS:-16}); do
  c0=$(cpu); t0=$(tot)
  r=$(bench --tasks 256 --concurrency 16 --repeat 1 | grep -o '"ratio":[0-9.]*\|"added_p50_ms":[0-9.]*' | tr '\n' ' ')
  c1=$(cpu); t1=$(tot)
  echo "run $w: $r jit_ticks_before=[$c0] after=[$c1] serve_ticks=$((t1-t0))"
done
kill -TERM $PID; sleep 8
