#!/usr/bin/env bash
# A fresh `serve`, WARMUPS × 256 warm-up tasks, the documented command twice, then concurrency 1.
#   bench16.sh                              (bench16.out: latent mode, 9 warm-up runs)
#   WARMUPS=6 MODE_ARGS="--mode text" bench16.sh   (bench16text.out)
set -u
WARMUPS="${WARMUPS:-9}"
MODE_ARGS="${MODE_ARGS:-}"
bench() { ./sightline bench platform --json --gateway http://localhost:8080 --api-key demo-key "$@" $MODE_ARGS 2>/dev/null; }
cd /work/main
./sightline serve --api-key demo-key > /tmp/serve16.log 2>&1 &
SERVE=$!
for i in $(seq 1 180); do curl -sf http://localhost:8080/actuator/health >/dev/null && break; sleep 2; done
echo "serve up after ~$((i*2)) s"
for w in $(seq 1 "$WARMUPS"); do
  bench --tasks 256 --concurrency 16 --repeat 1 | grep -o '"ratio":[0-9.]*' | head -1 | sed "s/^/warm-up $w: /"
done
for r in 1 2; do
  echo "documented command, run $r"
  bench --tasks 96 --concurrency 16 --repeat 5
done
echo "concurrency 1"
bench --tasks 32 --concurrency 1 --repeat 3 --warm-up 16
kill -TERM $SERVE; wait $SERVE
echo "serve exit $?"
