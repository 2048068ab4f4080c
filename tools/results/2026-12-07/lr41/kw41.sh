#!/usr/bin/env bash
# Forty-first session: does K = 16 fall because stage 2 trains it too little? The segment before the chain
# (gc36s0 / gc37s1: the shipped lvr command with `--latent-schedule before-chain`, K drawn uniformly from 1, 4, 9,
# 16) rose from K = 1 to 9 on average and fell at 16 on every seed (thirty-seventh session); the fortieth session
# found what K = 16 breaks is the chain's arithmetic. Here the same command draws K from 1, 4, 9, 16, 16, 16 (the
# draw is uniform over the list's entries: half of stage 2's latent batches at K = 16, a sixth at each other K),
# seeds 0 and 1 side by side, 30 minutes each, scored as lr37 scores (480 samples, text and latent K 1, 4, 9, 16).
# Controls: gc36s0 / gc37s1 (uniform K) and gsk35s0 / gsk35s1 (text only, same auxiliary losses).
# JAR: /tmp/sl-41/sightline.jar (aabe13d).
set -u
cd /work/main && mkdir -p runs
here=tools/results/2026-12-07/lr41
JAR=${JAR:-/tmp/sl-41/sightline.jar}
source tools/results/2026-12-06/chains33/sl.sh
common="$SHIPPED_LVR --minutes 30 --latent-steps 1,4,9,16,16,16 --latent-schedule before-chain"
train_side_by_side "$common" gw41s0:0 gw41s1:1
score_latent $here gw41s0 gw41s1
echo done
