#!/usr/bin/env bash
# Which methods serve's JIT still compiles after warm-up: PrintCompilation lines written during later runs.
source "$(dirname "$0")/../bench25/lab.sh"
serve_from "$JAR" "-XX:+UnlockDiagnosticVMOptions -XX:+PrintCompilation ${SERVE_OPTS:-}"
warm_up_with "$JAR" "${WARMUPS:-10}"
a=$(wc -l < /tmp/serve25.log); echo "log lines after warm-up: $a"
jstat -compiler $PID
warm_up_with "$JAR" 3
b=$(wc -l < /tmp/serve25.log); echo "log lines after 3 more: $b"
jstat -compiler $PID
tail -n +$a /tmp/serve25.log > /tmp/jit-late.log
stop_serve
