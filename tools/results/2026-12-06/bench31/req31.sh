#!/usr/bin/env bash
# The broker's requests per platform task by type (thirty-first session): a fresh serve from $JAR, 3 warm-ups, then
# KafkaRequests.java (the broker's RequestMetrics over JMX, attached to serve's JVM) before and after one 256-task run
# (64 warm-up + 256 platform tasks), and over 10 idle seconds after it.
set -u
. "$(dirname "$0")/../bench25/lab.sh"
JAR="${REQ_JAR:-/tmp/sl-h31/sightline.jar}"
CP=/tmp/jmx
[ -f $CP/KafkaRequests.class ] || javac -d $CP "$(dirname "$0")/KafkaRequests.java"
serve_from "$JAR"
warm_up_with "$JAR" 3
java -cp $CP KafkaRequests $PID > /tmp/req-a.txt
bench_with "$JAR" --tasks 256 --concurrency 16 --repeat 1 | show "counted run"
java -cp $CP KafkaRequests $PID > /tmp/req-b.txt
sleep 10
java -cp $CP KafkaRequests $PID > /tmp/req-c.txt
stop_serve
python3 - <<'PY'
def load(p): return {l.rsplit(' ',1)[0]: int(l.rsplit(' ',1)[1]) for l in open(p) if l.strip()}
a, b, c = load('/tmp/req-a.txt'), load('/tmp/req-b.txt'), load('/tmp/req-c.txt')
print(f"{'request':40s} {'per task':>9s} {'idle per s':>10s}")
for k in sorted(b, key=lambda k: -(b[k] - a.get(k, 0))):
    d = b[k] - a.get(k, 0)
    if d or c[k] - b[k]:
        print(f"{k:40s} {d / 320:9.2f} {(c[k] - b[k]) / 10:10.1f}")
PY
