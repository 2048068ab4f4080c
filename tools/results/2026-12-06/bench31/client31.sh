#!/usr/bin/env bash
# What the bench client's HTTP stack costs (thirty-first session): ClientCost.java drives held submissions (the bench's
# body, 16 threads) through one HTTP client per JVM — the JDK's HttpClient (the bench's now), HttpURLConnection, Apache
# HttpClient 5 classic — and prints that JVM's CPU per task over TASKS tasks after WARM warm-up tasks. A fresh serve
# from /tmp/sl-c31, 3 warm-ups, then the three kinds in turn, ROUNDS times.
set -u
. "$(dirname "$0")/../bench25/lab.sh"
CP="/tmp/cl:$(cat /tmp/cl/cp.txt)"
serve_from /tmp/sl-c31/sightline.jar
warm_up_with /tmp/sl-c31/sightline.jar 3
for r in $(seq 1 "${ROUNDS:-3}"); do
  for kind in jdk urlconn apache; do
    java -Dhttp.maxConnections=32 -cp "$CP" ClientCost $kind 640 1280 2>/dev/null | sed "s/^/round $r /"
  done
done
stop_serve
