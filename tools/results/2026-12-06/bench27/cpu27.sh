#!/usr/bin/env bash
# The documented command on a warm `serve` after fa3f60e (twenty-seventh session): a forward's timing now ends with its
# outputs on the host, so the reasoner's decode forwards no longer count its step publishing. bench25/cpu25.sh's
# protocol (a fresh `serve` from JAR's folder, WARMUPS x 256 warm-up tasks, then the documented command with
# --reasoner), run three times; each result line through lab.sh's show.
set -u
. "$(dirname "$0")/../bench25/lab.sh"
warm_serve
for r in 1 2 3; do
  doc | tee -a /tmp/cpu27.json | show "run $r"
done
stop_serve
