#!/usr/bin/env bash
# Training speed with libtorch's AVX-512 kernels against its AVX2 ones (twenty-ninth session): two-minute vanilla
# runs, arms alternated, each run's last progress lines -> train-speed.out
set -u
cd "$(dirname "$0")/../../../.."
out=tools/results/2026-12-06/isa29-eval/train-speed.out
for n in 1 2; do
  for arm in avx512 avx2; do
    rm -rf /tmp/tr29
    ATEN_CPU_CAPABILITY=$arm ./sightline train --preset tiny --recipe vanilla --minutes 2 --seed 0 --out /tmp/tr29 > /tmp/tr29.log 2>&1
    { echo "== $arm run $n"; grep -E "stage 0 \(vision\): step [0-9]+/[0-9]+ .*" /tmp/tr29.log | tail -1; grep -E "^step " /tmp/tr29.log | tail -1; } >> "$out"
  done
done
