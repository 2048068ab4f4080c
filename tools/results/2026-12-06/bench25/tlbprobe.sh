#!/usr/bin/env bash
# TlbProbe.java alone and beside an interfering thread on the same core, THP madvise (the default), twice each.
cd "$(dirname "$0")/../../../.."
CP="standalone/target/sightline.jar:standalone/target/lib/*"
for round in 1 2; do
  for us in 0 300; do
    echo "round $round, interferer every ${us} us (0: none):"
    THP_MEM_ALLOC_ENABLE=1 OMP_WAIT_POLICY=PASSIVE taskset -c 1 java -Xmx2g -Dai.djl.offline=true -Dsightline.torch.threads=1 \
      -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$CP" tools/results/2026-12-06/bench25/TlbProbe.java \
      models/sightline-tiny 2200 $us 2>&1 | grep -E "forwards|Exception|Error" | sed 's/^/  /'
  done
done
