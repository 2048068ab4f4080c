#!/usr/bin/env bash
# Fetches per platform task by consumer (thirty-fourth session): a fresh serve from $JAR, 3 warm-ups, KafkaClients
# before and after one 256-task run (64 warm-up + 256 platform tasks = 320 through the gateway).
set -u
. "${LAB:-$(dirname "$0")/../../2026-12-06/bench25/lab.sh}"
CP=/tmp/jmx34
[ -f $CP/KafkaClients.class ] || javac -d $CP "$(dirname "$0")/KafkaClients.java"
serve_from "$JAR"
warm_up_with "$JAR" 3
java -cp $CP KafkaClients $PID > /tmp/cl-a.txt
bench_with "$JAR" --tasks 256 --concurrency 16 --repeat 1 | show "counted run"
java -cp $CP KafkaClients $PID > /tmp/cl-b.txt
stop_serve
python3 - <<'PY'
def load(p): return {l.rsplit(' ',1)[0]: float(l.rsplit(' ',1)[1]) for l in open(p) if l.strip()}
a, b = load('/tmp/cl-a.txt'), load('/tmp/cl-b.txt')
print(f"{'counter':60s} {'per task':>9s}")
for k in sorted(b):
    d = b[k] - a.get(k, 0)
    if d:
        print(f"{k:60s} {d / 320:9.2f}")
PY
