#!/usr/bin/env bash
# Thirty-eighth session: each stage-2 sample's K from its scene's object count (`--latent-steps-by objects`, branch
# objk, d7e3d90: 2 objects → K 1, 3 → 4, 4–5 → 9, 6 → 16; `hard`'s 7–9 objects clamp to 16) instead of one random
# draw per optimizer step, on the shipped lvr command (before-answer, K 1, 4, 9, 16), seeds 0 and 1 side by side,
# 30 minutes each, scored as sched36.sh scores (480 samples, text and latent K 1, 4, 9, 16). Controls: the shipped
# command itself (gk35s0, gk35s1: every K drawn at random) and its text-only controls (gsk35s0, gsk35s1).
# JAR: /tmp/sl-objk/sightline.jar (772bfb8 + d7e3d90).
set -u
cd /work/main && mkdir -p runs
here=tools/results/2026-12-07/lr38
JAR=${JAR:-/tmp/sl-objk/sightline.jar}
source tools/results/2026-12-06/chains33/sl.sh
common="$SHIPPED_LVR --minutes 30 --latent-steps 1,4,9,16 --latent-schedule before-answer --latent-steps-by objects"
train_side_by_side "$common" go38s0:0 go38s1:1
score_latent $here go38s0 go38s1
echo done
