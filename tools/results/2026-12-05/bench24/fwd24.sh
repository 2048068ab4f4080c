#!/usr/bin/env bash
# The platform's forwards beside the engine's (twenty-fourth session): a fresh `serve`, WARMUPS x 256 warm-up tasks
# (the JIT settles after ~2 500, long24.sh), then the documented command with --reasoner, so both paths report rows
# and time per decode forward.
set -u
WARMUPS="${WARMUPS:-10}"
. "$(dirname "$0")/../bench23/serve.sh"
start_serve
REASONER=$(grep -o 'reasoner *http://[^ ]*' /tmp/serve23.log | head -1 | awk '{print $2}')
echo "reasoner at $REASONER"
warm_up "$WARMUPS"
for r in 1 2; do
  bench --tasks 96 --concurrency 16 --repeat 5 --reasoner "$REASONER"
done
stop_serve
