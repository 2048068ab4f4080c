#!/usr/bin/env bash
# The bench client's warm-up (64 tasks per path, the default, against 320) and serve's uptime (10 against 30 ×
# 256 warm-up tasks), alternated on one serve: the documented command with --reasoner (twenty-sixth session).
source "$(dirname "$0")/../bench25/lab.sh"
warm_serve
jitc() { jstat -compiler $PID | tail -1 | awk '{print "serve compiles", $1, "time", $4}'; }
for i in 1 2 3; do
  jitc; doc | show "uptime-10 warm-up-64 ";
  jitc; doc --warm-up 320 | show "uptime-10 warm-up-320";
done
warm_up_with "$JAR" 20
for i in 1 2; do
  jitc; doc | show "uptime-30 warm-up-64 ";
  jitc; doc --warm-up 320 | show "uptime-30 warm-up-320";
done
jitc
stop_serve
