#!/usr/bin/env bash
# A bundle's float32 checkpoint scored as its float16 bundle was (twenty-eighth session): eval.sh RUN
# (test and hard side by side, one libtorch thread each, the shipped protocol: 480 samples, one view, greedy)
set -u
cd "$(dirname "$0")/../../../.."
out=tools/results/2026-12-06/fp32-28
run=$1
./sightline --help >/dev/null 2>&1
export SIGHTLINE_JAVA_OPTS=-Dsightline.torch.threads=1
for split in test hard; do
  ./sightline eval --model runs/$run/checkpoint --split $split --samples 480 --modes text,latent --latent-steps 1,4,9,16 \
    --views 1 --json > $out/$run-fp32-$split.jsonl 2> $out/$run-fp32-$split.err &
done
wait
