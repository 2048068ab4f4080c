#!/usr/bin/env bash
# Is the reasoner's forward thread short of CPU or short of work? A fresh `serve`, WARMUPS x 256 warm-up tasks,
# then one long run; over WINDOW seconds of its platform phase: the reasoner-scheduler thread's schedstat (time on
# a core, time runnable but waiting for one), the whole machine's idle share (/proc/stat), every serve thread's CPU.
set -u
WARMUPS="${WARMUPS:-5}"; WINDOW="${WINDOW:-6}"
. "$(dirname "$0")/serve.sh"
start_serve "${SERVE_OPTS:-}"
warm_up "$WARMUPS"
R=$(for t in /proc/$PID/task/*; do [ "$(cat $t/comm)" = reasoner-schedul ] && basename $t; done | head -1)
[ -z "$R" ] && R=$(grep -l reasoner /proc/$PID/task/*/comm | head -1 | xargs dirname | xargs basename)
echo "reasoner thread $R ($(cat /proc/$PID/task/$R/comm))"
threads() { for t in /proc/$PID/task/*; do awk -v n="$(cat $t/comm)" '{print n "\t" ($14+$15)}' $t/stat; done; }
idle() { awk '/^cpu /{print $5+$6, $2+$3+$4+$5+$6+$7+$8+$9}' /proc/stat; }
bench --tasks 1200 --concurrency 16 --repeat 1 > /tmp/sched-bench.json &
B=$!
# the bench runs the warm-up (engine path, then platform), then the measured engine path, then the platform:
# wait for the reasoner's thread to burn CPU (the warm-up's platform half), to go quiet (the measured engine
# path), then to burn again (the measured platform phase)
busy() { local prev cur; prev=$(awk '{print $1}' /proc/$PID/task/$R/schedstat); sleep 0.5; cur=$(awk '{print $1}' /proc/$PID/task/$R/schedstat); [ $((cur - prev)) -gt 100000000 ]; }
for i in $(seq 1 240); do busy && break; done
for i in $(seq 1 240); do busy || break; done
for i in $(seq 1 240); do busy && break; done
sleep 2
read a0 _ < /proc/uptime; threads > /tmp/th0; read u0 _ < /proc/uptime; s0=$(cat /proc/$PID/task/$R/schedstat); i0=$(idle)
sleep "$WINDOW"
s1=$(cat /proc/$PID/task/$R/schedstat); i1=$(idle); read u1 _ < /proc/uptime; threads > /tmp/th1; read a1 _ < /proc/uptime
wait $B
grep -o '"ratio":[0-9.]*,"added_p50_ms":[0-9.]*' /tmp/sched-bench.json
echo "$s0 $s1 $i0 $i1" | awk -v w=$(echo "$u1 - $u0" | bc) '{printf "reasoner on-cpu %.2f core, runnable-waiting %.2f core, timeslices/s %.0f; machine idle %.0f%%\n", ($4-$1)/1e9/w, ($5-$2)/1e9/w, ($6-$3)/w, 100*($9-$7)/($10-$8)}'
echo "--- serve threads, cores over the window (>=0.01)"
paste /tmp/th0 /tmp/th1 | awk -F'\t' -v w=$(echo "($a1 - $a0 + $u1 - $u0) / 2" | bc -l) '{n=$1; sub(/[0-9]+$/,"#",n); sub(/-[0-9]+-C-[0-9]+$/,"-C",n); s[n]+=($4-$2)/100/w} END {for (k in s) if (s[k]>=0.01) printf "%6.2f %s\n", s[k], k}' | sort -rn
cat /tmp/sched-bench.json
stop_serve
