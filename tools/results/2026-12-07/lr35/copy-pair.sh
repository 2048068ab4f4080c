#!/usr/bin/env bash
# Thirty-fifth session, after pair.sh's first result: the copy loss on the control as well. copy-pair.sh C L trains,
# side by side with one libtorch thread each, the shipped control's command with the copy loss (vanilla, grounding
# loss and position readout, -Dsightline.copyWeight=0.5, --lr 5e-4) on seed C as runs/gsk35sC and pair.sh's
# copy-loss lvr command on seed L as runs/gk35sL, 30 minutes each, then scores both here (chains33/sl.sh's
# score_pair: the control in text mode, lvr in text and latent at K 1, 4, 9, 16; 480 samples of test and hard).
# JAR as pair.sh.
set -u
cseed=$1
lseed=$2
lr=${LR:-5e-4}
copy=${COPY:-0.5}
cd /work/main && mkdir -p runs
here=tools/results/2026-12-07/lr35
JAR=${JAR:-/tmp/sl-35c/sightline.jar}
source tools/results/2026-12-06/chains33/sl.sh
common="--preset tiny --chains grid --minutes 30 --vision-steps 600 --vision-lr-scale 0 --views 1 --lr $lr"
common="$common --grounding-weight 0.5 --locate-weight 1"
SL_OPTS=-Dsightline.copyWeight=$copy sl train $common --seed $cseed --recipe vanilla --out runs/gsk35s$cseed \
  > runs/gsk35s$cseed.log 2>&1 &
SL_OPTS=-Dsightline.copyWeight=$copy sl train $common --seed $lseed --recipe lvr --out runs/gk35s$lseed \
  --latent-steps 1,4,9,16 --stage1-share 0.7 --latent-schedule before-answer --stage2-text-share 0.25 \
  > runs/gk35s$lseed.log 2>&1 &
wait
score_pair $here gsk35s$cseed gk35s$lseed
echo done
