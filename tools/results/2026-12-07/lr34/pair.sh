#!/usr/bin/env bash
# The peak learning rate at twice and half the default (thirty-fourth session; LR=2e-3 TAG=34lr, then LR=5e-4
# TAG=34lo): does the grounding emerge sooner than step ~1 500? The shipped runs' logs put the fall of the grounding loss at ~1 500-1 650 stage-1 steps whether the learning rate there
# was 5e-4 (gs20, 2 936 stage-1 steps) or 2e-4 (gl20, 1 993). pair.sh SEED trains, side by side with one libtorch
# thread each, cross-entropy-only vanilla SFT and the shipped lvr command (as chains33/pair.sh), both with
# --lr LR (default 2e-3; the default is 1e-3), as runs/gc${TAG}sSEED and runs/gl${TAG}sSEED, then scores both (480
# samples of test and hard, one view; chains33/sl.sh's score_pair, which held this script's own copy of the same
# commands when its runs were made). JAR: /tmp/sl-34/sightline.jar (a47d442).
set -u
seed=$1
lr=${LR:-2e-3}
tag=${TAG:-34lr}
cd /work/main && mkdir -p runs
here=tools/results/2026-12-07/lr34
JAR=${JAR:-/tmp/sl-34/sightline.jar}
source tools/results/2026-12-06/chains33/sl.sh
common="--preset tiny --chains grid --minutes 30 --seed $seed --vision-steps 600 --vision-lr-scale 0 --views 1 --lr $lr"
sl train $common --recipe vanilla --out runs/gc${tag}s$seed > runs/gc${tag}s$seed.log 2>&1 &
sl train $common --recipe lvr --grounding-weight 0.5 --locate-weight 1 --out runs/gl${tag}s$seed --latent-steps 1,4,9,16 \
  --stage1-share 0.7 --latent-schedule before-answer --stage2-text-share 0.25 > runs/gl${tag}s$seed.log 2>&1 &
wait
score_pair $here gc${tag}s$seed gl${tag}s$seed
echo done
