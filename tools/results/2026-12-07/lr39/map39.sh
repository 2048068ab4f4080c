#!/usr/bin/env bash
# Thirty-ninth session: latents that reconstruct the scene's top-down map (`--lvr-target map`: the sketch target
# through the frozen tower, standardized, area-pooled onto a √K × √K grid over the table) instead of the visual
# tokens of the step's objects, in a segment before the chain (`--latent-schedule before-chain`), so the chain
# that then states each object's square can read it off an imagined map whose resolution K sets. The region target
# is in the prompt already (the latents can meet it by copying); the map is not. Seed 0 at LVR's weight (0.1, the
# shipped command's) and at 1, side by side, 30 minutes each, scored as sched36.sh scores (480 samples, text and
# latent K 1, 4, 9, 16). Controls: gc36s0 (the same command with the region target) and gsk35s0 (text-only with
# the same auxiliary losses). JAR: /tmp/sl-39/sightline.jar (74e7ae2 + --lvr-target).
set -u
cd /work/main && mkdir -p runs
here=tools/results/2026-12-07/lr39
JAR=${JAR:-/tmp/sl-39/sightline.jar}
source tools/results/2026-12-06/chains33/sl.sh
common="$SHIPPED_LVR --minutes 30 --latent-steps 1,4,9,16 --latent-schedule before-chain --lvr-target map"
sl train $common --seed 0 --out runs/gm39s0 > runs/gm39s0.log 2>&1 &
sl train $common --lvr-weight 1 --seed 0 --out runs/gmw39s0 > runs/gmw39s0.log 2>&1 &
wait
score_latent $here gm39s0 gmw39s0
echo done
