#!/usr/bin/env bash
# Redis commands and read events per platform task, and Kafka requests per task, on a warm serve from JAR
# (twenty-eighth session): redis28.sh JAR LABEL
cd "$(dirname "$0")/../bench25" && source lab.sh
JAR=$1
serve_from "$JAR"
RPORT=$(grep -o 'redis://127.0.0.1:[0-9]*' /tmp/serve25.log | head -1 | sed 's/.*://')
redis() { exec 3<>/dev/tcp/127.0.0.1/$RPORT; printf "$1\r\n" >&3; timeout 1 cat <&3; exec 3>&-; }
warm_up_with "$JAR" 4
redis "CONFIG RESETSTAT" > /dev/null
bench_with "$JAR" --tasks 256 --concurrency 16 --repeat 1 --warm-up 0 | tail -1 | grep -o '"ratio":[0-9.]*'
redis "INFO stats" | tr -d '\r' | awk -F: -v l="$2" '/total_commands_processed|total_reads_processed/ {printf "%s %s per platform task %.2f\n", l, $1, $2/256}'
redis "INFO commandstats" | tr -d '\r' | awk -F'[:=,]' -v l="$2" '/^cmdstat/ {printf "%s %s %.2f\n", l, $1, $3/256}'
stop_serve
