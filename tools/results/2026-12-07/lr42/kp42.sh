#!/usr/bin/env bash
# Forty-second session, second run: the segment on one rotary position. With the -ln K key bias (kb42.sh) the
# segment's share of attention no longer grows with K and K = 16 still breaks the relative-distance sums; what else
# grows with K is the chain's rotary distance from the prompt (K - 1 positions) and the latents' content. Here every
# latent step of the segment takes its first step's position and the text after it continues from the next
# (`--latent-positions shared`, config.json `latent_positions`), so the chain sits at the same rotary distance from the
# prompt whatever K; no key bias. Otherwise gc36s0's command (the shipped lvr command with `--latent-schedule
# before-chain`, K drawn uniformly from 1, 4, 9, 16), seeds 0 and 1 side by side, 30 minutes each, 480 samples a split.
# Controls: gb42s0 / gb42s1 (kb42.sh, this host's hour), gw41s0 / gw41s1, gc36s0 / gc37s1.
# JAR: /tmp/sl-42p/sightline.jar (the working tree of this session's latent-positions commit).
set -u
cd /work/main && mkdir -p runs
here=tools/results/2026-12-07/lr42
JAR=${JAR:-/tmp/sl-42p/sightline.jar}
source tools/results/2026-12-06/chains33/sl.sh
common="$SHIPPED_LVR --minutes 30 --latent-steps 1,4,9,16 --latent-schedule before-chain --latent-positions shared"
# SEEDS: which seeds, side by side (kp42b.sh: 2 3)
seeds=(${SEEDS:-0 1})
train_side_by_side "$common" $(for n in "${seeds[@]}"; do echo gp42s$n:$n; done)
score_latent $here $(for n in "${seeds[@]}"; do echo gp42s$n; done)
echo done
