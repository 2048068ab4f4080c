#!/usr/bin/env bash
# The shipped pair scored with libtorch's AVX2 kernels, the launcher's default since the twenty-ninth session (the
# models' tables were scored with its AVX-512 ones): eval.sh MODEL LABEL (test and hard side by side, one libtorch
# thread each, the shipped protocol: 480 samples, one view, greedy)
set -u
cd "$(dirname "$0")/../../../.."
out=tools/results/2026-12-06/isa29-eval
./sightline --help >/dev/null 2>&1
export SIGHTLINE_JAVA_OPTS=-Dsightline.torch.threads=1
for split in test hard; do
  ./sightline eval --model "$1" --split $split --samples 480 --modes text,latent --latent-steps 1,4,9,16 \
    --views 1 --json > $out/$2-$split.jsonl 2> $out/$2-$split.err &
done
wait
