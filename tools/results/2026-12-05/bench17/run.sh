#!/usr/bin/env bash
# fresh serve, warm-ups, a measured run, then the hop probe over its last 96 tasks
# HopProbe is compiled first: javac -cp "standalone/target/lib/*" -d /tmp/probe HopProbe.java
set -u
WARMUPS="${WARMUPS:-5}"
cd /work/main
bench() { ./sightline bench platform --json --gateway http://localhost:8080 --api-key demo-key "$@" 2>/dev/null; }
SIGHTLINE_JAVA_OPTS="${SERVE_OPTS:-}" ./sightline serve --api-key demo-key > /tmp/probe/serve.log 2>&1 &
SERVE=$!
for i in $(seq 1 180); do curl -sf http://localhost:8080/actuator/health >/dev/null && break; sleep 2; done
for w in $(seq 1 "$WARMUPS"); do bench --tasks 256 --concurrency 16 --repeat 1 | grep -o '"ratio":[0-9.]*' | sed "s/^/warm-up $w: /"; done
RPORT=$(grep -o 'reasoner *http://localhost:[0-9]*' /tmp/probe/serve.log | head -1 | grep -o '[0-9]*$')
scrape() { curl -s localhost:$RPORT/actuator/prometheus | grep -E '^sightline_reasoner_forward(s|_rows|_seconds)_total\{.*kind="decode"' | sed 's/{.*}//' | awk '{print $1"="$2}' | tr '\n' ' '; }
for r in 1 2 3; do
B=$(scrape)
bench --tasks 96 --concurrency 16 --repeat 1 | grep -o '"platform":{[^}]*}\|"ratio":[0-9.]*,"added_p50_ms":[0-9.]*\|"engine":{[^}]*}'
BOOT=$(grep -o 'kafka *localhost:[0-9]*' /tmp/probe/serve.log | awk '{print $2}')
A=$(scrape); python3 -c "
b=dict(x.split('=') for x in '$B'.split()); a=dict(x.split('=') for x in '$A'.split())
d={k: float(a[k])-float(b[k]) for k in a}
f=d['sightline_reasoner_forwards_total']; print('reasoner decode: %d forwards, %.2f rows, %.2f ms each' % (f, d['sightline_reasoner_forward_rows_total']/f, 1e3*d['sightline_reasoner_forward_seconds_total']/f))"
java -cp "/tmp/probe:/work/main/standalone/target/lib/*" HopProbe "$BOOT" 96 2>/dev/null | grep -E '^(task|encoded|first|result)'
done
kill -TERM $SERVE; wait $SERVE
