#!/usr/bin/env bash
# The pipeline's threads as SCHED_BATCH (twenty-fifth session): a waking SCHED_BATCH thread does not preempt the
# running one (the kernel's wakeup preemption skips batch and idle tasks), so the reasoner's forward keeps its core
# until it blocks or the tick, and the pipeline takes the other core when it is free. One warm serve; alternating
# arms: every thread of serve except the reasoner's forward thread, and Redis and PostgreSQL, SCHED_BATCH or all
# SCHED_OTHER (set once per arm: batch25-keeper.out re-applied it every second, and its ~250 chrt processes a second
# slowed the engine path too); the documented command with --reasoner each time.
set -u
. "$(dirname "$0")/lab.sh"
warm_serve
FWD=$(for t in /proc/$PID/task/*; do [ "$(cat $t/comm)" = reasoner-schedu ] && echo "$(basename $t) $(awk '{print $14+$15}' $t/stat)"; done | sort -k2 -n | tail -1 | cut -d' ' -f1)
echo "forward thread $FWD"
others() { for t in /proc/$PID/task/*; do b=$(basename $t); [ "$b" != "$FWD" ] && echo $b; done; pgrep -f redis-server; pgrep postgres; }
setall() { for t in $(others); do chrt "$1" -p 0 $t 2>/dev/null; done; }
for pair in 1 2 3; do
  for arm in batch other; do
    if [ $arm = batch ]; then setall -b; else setall -o; fi
    n0=$(awk '/nonvoluntary/ {print $2}' /proc/$PID/task/$FWD/status)
    echo "pair $pair, $arm: $(bench_with "$JAR" --tasks 96 --concurrency 16 --repeat 3 --reasoner "$REASONER")"
    echo "  the forward thread's involuntary switches in the run: $(( $(awk '/nonvoluntary/ {print $2}' /proc/$PID/task/$FWD/status) - n0 ))"
  done
done
setall -o
stop_serve
