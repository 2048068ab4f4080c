#!/usr/bin/env bash
# Thirty-sixth session: the shipped lvr command (copy loss, grounding, 5e-4; models/sightline-tiny/README.md) with
# its latent segment elsewhere, seed 0, side by side with one libtorch thread each, 30 minutes, then scored as
# lr35/pair.sh scores (both in text and latent mode at K 1, 4, 9, 16): runs/ge36s0 with `--latent-schedule
# each-step` (VaLR's: a segment before every chain-of-thought line and the answer, each reconstructing its line's
# region) and runs/gc36s0 with `before-chain` (one segment after the prompt). Compare with gk35s0 (before-answer,
# shipped) and gsk35s0 (the control). JAR: /tmp/sl-36t/sightline.jar (b643ebc).
set -u
cd /work/main && mkdir -p runs
here=tools/results/2026-12-07/lr36
JAR=${JAR:-/tmp/sl-36t/sightline.jar}
source tools/results/2026-12-06/chains33/sl.sh
common="$SHIPPED_LVR --minutes 30 --seed 0 --latent-steps 1,4,9,16"
sl train $common --latent-schedule each-step --out runs/ge36s0 > runs/ge36s0.log 2>&1 &
sl train $common --latent-schedule before-chain --out runs/gc36s0 > runs/gc36s0.log 2>&1 &
wait
for split in test hard; do
  for run in ge36s0 gc36s0; do
    sl eval --model runs/$run --split $split --samples 480 --modes text,latent --latent-steps 1,4,9,16 --views 1 \
      --json --show-misses 1000 > $here/$run-$split.jsonl 2> $here/$run-$split.err &
  done
  wait
done
for run in ge36s0 gc36s0; do
  gzip -c runs/$run.log > $here/$run.log.gz
  gzip -f $here/$run-test.err $here/$run-hard.err
done
echo done
