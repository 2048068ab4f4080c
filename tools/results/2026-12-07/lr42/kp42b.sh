#!/usr/bin/env bash
# Forty-second session, third run: kp42.sh's command (the segment on one rotary position, `--latent-positions shared`)
# on seeds 2 and 3, side by side, 30 minutes each, scored the same way: gp42s0 and gp42s1 rose from K = 1 to 16 on
# `hard` (by 1.3 and 1.4 points, under a cell's standard error), the first two seeds of one recipe to do so.
# Control on seed 2: gc37s2 (thirty-seventh session, distinct positions, a faster host).
# JAR: /tmp/sl-42p/sightline.jar (601d29d's working tree, as kp42.sh).
set -u
cd /work/main && mkdir -p runs
here=tools/results/2026-12-07/lr42
JAR=${JAR:-/tmp/sl-42p/sightline.jar}
source tools/results/2026-12-06/chains33/sl.sh
common="$SHIPPED_LVR --minutes 30 --latent-steps 1,4,9,16 --latent-schedule before-chain --latent-positions shared"
train_side_by_side "$common" gp42s2:2 gp42s3:3
score_latent $here gp42s2 gp42s3
echo done
