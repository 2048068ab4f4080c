#!/usr/bin/env bash
# Thirty-first session: the documented command through the launcher on the final build (a fresh ./sightline serve, 10
# warm-ups of 256 tasks, then the documented command with --reasoner and its default --repeat 3), serve stopped with TERM.
# LABEL names the serve log (/tmp/LABEL-serve.log): doc31 (before the bench's client change), doc31b (after it).
LABEL="${LABEL:-doc31}"
cd /work/main
./sightline serve --api-key demo-key > /tmp/$LABEL-serve.log 2>&1 &
S=$!
for i in $(seq 1 180); do curl -sf http://localhost:8080/actuator/health >/dev/null && break; sleep 2; done
head -30 /tmp/$LABEL-serve.log | grep -v "^{" 
for w in $(seq 1 10); do ./sightline bench platform --json --gateway http://localhost:8080 --api-key demo-key --tasks 256 --concurrency 16 --repeat 1 2>/dev/null | grep -o '"ratio":[0-9.]*'; done
R=$(grep -o 'reasoner *http://[^ ]*' /tmp/$LABEL-serve.log | head -1 | awk '{print $2}')
./sightline bench platform --json --gateway http://localhost:8080 --api-key demo-key --tasks 96 --concurrency 16 --reasoner "$R" 2>/dev/null | tail -1
kill -TERM $S; wait $S; echo "serve exit $?"
