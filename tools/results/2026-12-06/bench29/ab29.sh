#!/usr/bin/env bash
# The ratio with libtorch's AVX-512 kernels against its AVX2 ones (twenty-ninth session), no profiler: arms alternate,
# a fresh serve each (ATEN_CPU_CAPABILITY=avx512, libtorch's own choice on these hosts, or avx2, as the launcher now
# sets; serve and the bench alike), 3 x 256 warm-up tasks, then the documented command (--repeat 5) with --reasoner
# -> ab29.jsonl (one line per serve: arm, serve, the bench's JSON); pairs FIRST..LAST (1..3 unless set)
set -u
HERE="$(cd "$(dirname "$0")" && pwd)"
. "$HERE/../bench25/lab.sh"
JAR="${KIND_JAR:-/tmp/sl-r29/sightline.jar}"
for n in $(seq "${FIRST:-1}" "${LAST:-3}"); do
  for arm in avx512 avx2; do
    export ATEN_CPU_CAPABILITY=$arm
    record_serve "$arm" "$n" "$HERE/ab29.jsonl"
  done
done
