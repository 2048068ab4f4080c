#!/usr/bin/env bash
# Thirtieth session: where the bench client's own CPU goes (3.7-7.9 ms per platform task in this session's runs).
# A fresh serve of /tmp/sl-mix2, 3 warm-ups, then the documented command once with async-profiler (CPU, 1 ms, per
# thread) in the bench's JVM; client30-threads.txt: its CPU by thread group over the whole command (engine path
# included: it runs on `main`).
set -u
source "$(dirname "$0")/../bench25/lab.sh"
JAR=/tmp/sl-mix2/sightline.jar
serve_from "$JAR"
warm_up_with "$JAR" 3
java "-agentpath:$AP_LIB=start,event=cpu,interval=1ms,threads,file=/tmp/client30.collapsed,collapsed" "${JFLAGS[@]}" \
  -jar "$JAR" bench platform --json --gateway http://localhost:8080 --api-key demo-key --tasks 96 --concurrency 16 \
  --repeat 5 --reasoner "$REASONER" 2>/dev/null | tail -1 > "$(dirname "$0")/client30.json"
stop_serve
show client30 < "$(dirname "$0")/client30.json"
