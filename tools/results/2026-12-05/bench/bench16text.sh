#!/usr/bin/env bash
set -u
cd /work/main
./sightline serve --api-key demo-key > /tmp/serve16.log 2>&1 &
SERVE=$!
for i in $(seq 1 180); do curl -sf http://localhost:8080/actuator/health >/dev/null && break; sleep 2; done
echo "serve up after ~$((i*2)) s"
for w in $(seq 1 6); do
  ./sightline bench platform --json --gateway http://localhost:8080 --api-key demo-key --tasks 256 --concurrency 16 --repeat 1 --mode text 2>/dev/null | grep -o '"ratio":[0-9.]*' | head -1 | sed "s/^/warm-up $w: /"
done
for r in 1 2; do
  echo "documented command, run $r"
  ./sightline bench platform --json --gateway http://localhost:8080 --api-key demo-key --tasks 96 --concurrency 16 --repeat 5 --mode text 2>/dev/null
done
echo "concurrency 1"
./sightline bench platform --json --gateway http://localhost:8080 --api-key demo-key --tasks 32 --concurrency 1 --repeat 3 --warm-up 16 --mode text 2>/dev/null
kill -TERM $SERVE; wait $SERVE
echo "serve exit $?"
