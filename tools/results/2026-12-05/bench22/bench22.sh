#!/usr/bin/env bash
# bench16.sh's protocol (a fresh `serve`, WARMUPS × 256 warm-up tasks, the documented command twice, concurrency 1),
# then the same with --workload scenes: 96 distinct SpatialScenes test frames and questions (twenty-second session).
# Output: bench22.out beside this script.
set -u
WARMUPS="${WARMUPS:-9}"
bench() { ./sightline bench platform --json --gateway http://localhost:8080 --api-key demo-key "$@" 2>/dev/null; }
cd /work/main
./sightline --help > /dev/null 2>&1 # builds the jar first, if sources changed
./sightline serve --api-key demo-key > /tmp/serve22.log 2>&1 &
SERVE=$!
for i in $(seq 1 180); do curl -sf http://localhost:8080/actuator/health >/dev/null && break; sleep 2; done
echo "serve up after ~$((i*2)) s"
for w in $(seq 1 "$WARMUPS"); do
  bench --tasks 256 --concurrency 16 --repeat 1 | grep -o '"ratio":[0-9.]*' | head -1 | sed "s/^/warm-up $w: /"
done
for r in 1 2; do
  echo "documented command, run $r"
  bench --tasks 96 --concurrency 16 --repeat 5
  echo "scenes workload, run $r"
  bench --tasks 96 --concurrency 16 --repeat 5 --workload scenes
done
echo "concurrency 1"
bench --tasks 32 --concurrency 1 --repeat 3 --warm-up 16
echo "concurrency 1, scenes workload"
bench --tasks 32 --concurrency 1 --repeat 3 --warm-up 16 --workload scenes
kill -TERM $SERVE; wait $SERVE
echo "serve exit $?"
