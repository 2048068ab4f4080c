#!/usr/bin/env bash
# ExpMode in RUNS fresh JVMs per arm (ATEN_CPU_CAPABILITY=avx512, then avx2, alternated) -> expmode.out
set -u
cd "$(dirname "$0")"
CP="${CP:-/tmp/sl-r29b/lib/*}"
mkdir -p /tmp/expmode && javac -d /tmp/expmode -cp "$CP" ExpMode.java || exit 1
for n in $(seq 1 "${RUNS:-6}"); do
  for arm in avx512 avx2; do
    ATEN_CPU_CAPABILITY=$arm OMP_WAIT_POLICY=PASSIVE java -Dai.djl.offline=true -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
      -cp "/tmp/expmode:$CP" ExpMode 2>/dev/null | grep probe | sed "s/^/$arm jvm $n: /"
  done
done
