#!/usr/bin/env bash
# Thirty-seventh session: the shipped lvr command (models/sightline-tiny/README.md: before-answer, copy loss,
# grounding, 5e-4) with stage 2 at K = 16 alone (`--latent-steps 16`) on seeds 0 and 1, side by side, 30 minutes
# each, scored as sched36.sh scores (480 samples, text and latent K 1, 4, 9, 16). The twenty-sixth session's run at
# K = 16 alone (an older recipe) rose with K because it never trained at small K; does the current recipe, trained
# at the longest budget the sweep evaluates, beat its controls (gsk35s0, gsk35s1) there? JAR: /tmp/sl-36t (b643ebc).
set -u
cd /work/main && mkdir -p runs
here=tools/results/2026-12-07/lr37
JAR=${JAR:-/tmp/sl-36t/sightline.jar}
source tools/results/2026-12-06/chains33/sl.sh
common="$SHIPPED_LVR --minutes 30 --latent-steps 16 --latent-schedule before-answer"
train_side_by_side "$common" gq37s0:0 gq37s1:1
score_latent $here gq37s0 gq37s1
echo done
