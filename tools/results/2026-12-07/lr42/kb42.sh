#!/usr/bin/env bash
# Forty-second session: a latent segment whose share of attention does not grow with K. The forty-first session
# measured that each latent draws ~1 % of a chain token's attention whatever K, so the segment's share grows from
# 1 % at K = 1 to 13-15 % at K = 16, and K = 16 is the lowest cell. Here every latent key gets -ln K on its scores
# (`--latent-key-bias neg-log-k`, engine and trainer alike; config.json `latent_key_bias`), so K latents that match a
# query alike draw what one draws. Otherwise the command of gc36s0 / gc37s1 (the shipped lvr command with
# `--latent-schedule before-chain`, K drawn uniformly from 1, 4, 9, 16), seeds 0 and 1 side by side, 30 minutes
# each, scored as lr37 scores (480 samples a split, text and latent K 1, 4, 9, 16).
# Controls: gc36s0 / gc37s1 (no bias) and gsk35s0 / gsk35s1 (text only, same auxiliary losses).
# JAR: /tmp/sl-42/sightline.jar (the working tree of this session's first commit).
set -u
cd /work/main && mkdir -p runs
here=tools/results/2026-12-07/lr42
JAR=${JAR:-/tmp/sl-42/sightline.jar}
source tools/results/2026-12-06/chains33/sl.sh
common="$SHIPPED_LVR --minutes 30 --latent-steps 1,4,9,16 --latent-schedule before-chain --latent-key-bias neg-log-k"
train_side_by_side "$common" gb42s0:0 gb42s1:1
score_latent $here gb42s0 gb42s1
echo done
