#!/usr/bin/env bash
source "$(dirname "$0")/../bench25/lab.sh"
warm_serve
"$(dirname "$0")/jitclient26.py" "$JAR" --tasks 96 --concurrency 16 --repeat 5
tail -1 /tmp/jitclient.log
stop_serve
