#!/usr/bin/env bash
# Where the CPU of a documented run goes, by process and, in the bench client's JVM, by thread: a fresh `serve`,
# WARMUPS x 256 warm-up tasks, then the documented command with every process's CPU read from /proc around it and
# the bench JVM's threads read every 0.5 s until it exits (the last reading kept).
set -u
WARMUPS="${WARMUPS:-6}"
. "$(dirname "$0")/serve.sh"
start_serve "${SERVE_OPTS:-}"
warm_up "$WARMUPS"
snap() { for p in $(ls /proc | grep -E '^[0-9]+$'); do [ -r /proc/$p/stat ] && awk -v p=$p '{c=$2; print p, c, ($14+$15)}' /proc/$p/stat 2>/dev/null; done; }
snap > /tmp/cpu-before
read t0 _ < /proc/uptime
bench --tasks 96 --concurrency 16 --repeat 5 > /tmp/cpu-bench.json &
B=$!
sleep 3
BP=$(pgrep -f 'sightline.jar bench' | head -1)
while kill -0 $B 2>/dev/null; do
  for t in /proc/$BP/task/*; do awk -v n="$(cat $t/comm 2>/dev/null)" '{print n "\t" ($14+$15)}' $t/stat 2>/dev/null; done > /tmp/cpu-bench-threads.tmp && mv /tmp/cpu-bench-threads.tmp /tmp/cpu-bench-threads
  sleep 0.5
done
read t1 _ < /proc/uptime
snap > /tmp/cpu-after
echo "wall $(echo "$t1 - $t0" | bc) s"
grep -o '"ratio":[0-9.]*,"added_p50_ms":[0-9.]*' /tmp/cpu-bench.json
echo "--- CPU seconds by process over the run (>0.2 s)"
join <(sort /tmp/cpu-before) <(sort /tmp/cpu-after) -a2 | awk '{ if (NF==5) d=$5-$3; else d=$3; if (d>20) printf "%8.2f %s %s\n", d/100, $1, $2 }' | sort -rn
echo "--- bench JVM threads, CPU seconds (>0.1 s)"
awk -F'\t' '{sub(/[0-9]+$/,"#",$1); s[$1]+=$2} END {for (k in s) if (s[k]>10) printf "%8.2f %s\n", s[k]/100, k}' /tmp/cpu-bench-threads | sort -rn
cat /tmp/cpu-bench.json
stop_serve
