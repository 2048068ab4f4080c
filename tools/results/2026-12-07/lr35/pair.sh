#!/usr/bin/env bash
# Thirty-fifth session. The copy loss (CopyPointers: while the chain writes a name the question gave, one attention
# head of block 1 is pulled onto the question's token it copies; -Dsightline.copyWeight, 0.5 here) on the shipped
# lvr command at the peak rate lr34 found better, 5e-4, as runs/gk35sSEED, compared with runs/gl34losSEED (the same
# command without it, lr34/pair.sh); side by side, the shipped control's command (vanilla with the grounding loss
# and the position readout, as models/sightline-tiny-vanilla) at 5e-4 without the copy loss, as runs/gs35sSEED.
# One libtorch thread each, 30 minutes, then scored on 480 samples of test and hard (chains33/sl.sh's score_pair:
# the control in text mode, lvr in text and latent at K 1, 4, 9, 16).
# JAR: /tmp/sl-35c/sightline.jar (a47d442 with this session's CopyPointers and SampleLoss classes in its trainer jar).
set -u
seed=$1
lr=${LR:-5e-4}
copy=${COPY:-0.5}
cd /work/main && mkdir -p runs
here=tools/results/2026-12-07/lr35
JAR=${JAR:-/tmp/sl-35c/sightline.jar}
source tools/results/2026-12-06/chains33/sl.sh
common="--preset tiny --chains grid --minutes 30 --seed $seed --vision-steps 600 --vision-lr-scale 0 --views 1 --lr $lr"
common="$common --grounding-weight 0.5 --locate-weight 1"
sl train $common --recipe vanilla --out runs/gs35s$seed > runs/gs35s$seed.log 2>&1 &
SL_OPTS=-Dsightline.copyWeight=$copy sl train $common --recipe lvr --out runs/gk35s$seed --latent-steps 1,4,9,16 \
  --stage1-share 0.7 --latent-schedule before-answer --stage2-text-share 0.25 > runs/gk35s$seed.log 2>&1 &
wait
score_pair $here gs35s$seed gk35s$seed
echo done
