#!/usr/bin/env bash
# Thirty-sixth session, two runs side by side (one libtorch thread each), then scored as lr35/pair.sh scores:
# - runs/gsk36s2: the shipped control's command (models/sightline-tiny-vanilla/README.md) on seed 2, the third
#   seed of "control + copy loss" (lr35 ran seeds 0 and 1 as gsk35s0, gsk35s1), 30 minutes;
# - runs/gk36s0: the shipped lvr model's command as its README gives it, with --copy-weight 0.5 on the command line
#   (the shipped gk35s0 was trained by a build that switched the same term on by a system property) and its step
#   counts instead of --minutes 30, to see whether the documented command retraces the shipped weights.
# JAR: /tmp/sl-36t/sightline.jar, the build of b643ebc (trainer as 4d6ec56).
set -u
cd /work/main && mkdir -p runs
here=tools/results/2026-12-07/lr36
JAR=${JAR:-/tmp/sl-36t/sightline.jar}
source tools/results/2026-12-06/chains33/sl.sh
common=$SHIPPED_PAIR
sl train $common --minutes 30 --seed 2 --recipe vanilla --out runs/gsk36s2 > runs/gsk36s2.log 2>&1 &
sl train $common --steps 2632 --stage1-share 0.7641 --seed 0 --recipe lvr --out runs/gk36s0 \
  --latent-steps 1,4,9,16 --latent-schedule before-answer --stage2-text-share 0.25 > runs/gk36s0.log 2>&1 &
wait
score_pair $here gsk36s2 gk36s0
echo done
