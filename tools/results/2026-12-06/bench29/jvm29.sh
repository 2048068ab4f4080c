#!/usr/bin/env bash
# HotSpot's 512-bit code against 256-bit (twenty-ninth session): on this CPU the JVM defaults to UseAVX=3 and 64-byte
# vectors (array copies, Base64, CRC32C, vectorized loops), the kind of code that ran 30x slower in libtorch in about
# half of the processes. Arms alternate, a fresh serve each, libtorch's AVX2 kernels in both (lab.sh's default):
# `avx3` (HotSpot's default) and `avx2` (-XX:UseAVX=2 for serve and the bench alike); 3 warm-ups, the documented
# command with --reasoner once per serve -> jvm29.jsonl (pairs FIRST..LAST, 1..3 unless set)
set -u
HERE="$(cd "$(dirname "$0")" && pwd)"
for n in $(seq "${FIRST:-1}" "${LAST:-3}"); do
  for arm in avx3 avx2; do
    if [ $arm = avx2 ]; then export LAB_JAVA_OPTS=-XX:UseAVX=2; else unset LAB_JAVA_OPTS; fi
    (
      . "$HERE/../bench25/lab.sh"
      JAR="${KIND_JAR:-/tmp/sl-r29/sightline.jar}"
      record_serve "$arm" "$n" "$HERE/jvm29.jsonl"
    )
  done
done
