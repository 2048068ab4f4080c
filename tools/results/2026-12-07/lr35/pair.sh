#!/usr/bin/env bash
# Thirty-fifth session. The copy loss (CopyPointers: while the chain writes a name the question gave, one attention
# head of block 1 is pulled onto the question's token it copies; 0.5 here) on the shipped lvr command at the peak
# rate lr34 found better, 5e-4, as runs/gk35sL, compared with runs/gl34losL (the same command without it,
# lr34/pair.sh); side by side, the shipped control's command (vanilla with the grounding loss and the position
# readout, as models/sightline-tiny-vanilla) at 5e-4 on seed C: without the copy loss as runs/gs35sC, or with it
# (CONTROL_COPY=1) as runs/gsk35sC. pair.sh C [L] (L defaults to C). One libtorch thread each, 30 minutes, then
# scored on 480 samples of test and hard (chains33/sl.sh's score_pair: the control in text mode, lvr in text and
# latent at K 1, 4, 9, 16). What ran: pair.sh 0, then CONTROL_COPY=1 pair.sh 0 1 and CONTROL_COPY=1 pair.sh 1 2.
# JAR: /tmp/sl-35c/sightline.jar, a47d442 with this session's CopyPointers and the copy term of SampleLoss in its
# trainer jar, switched on by -Dsightline.copyWeight (the computation --copy-weight runs since 65f5c9e).
set -u
cseed=$1
lseed=${2:-$1}
lr=${LR:-5e-4}
copy=${COPY:-0.5}
cd /work/main && mkdir -p runs
here=tools/results/2026-12-07/lr35
JAR=${JAR:-/tmp/sl-35c/sightline.jar}
source tools/results/2026-12-06/chains33/sl.sh
common="--preset tiny --chains grid --minutes 30 --vision-steps 600 --vision-lr-scale 0 --views 1 --lr $lr"
common="$common --grounding-weight 0.5 --locate-weight 1"
if [ "${CONTROL_COPY:-0}" = 1 ]; then control=gsk35s$cseed control_opts=-Dsightline.copyWeight=$copy
else control=gs35s$cseed control_opts=; fi
SL_OPTS=$control_opts sl train $common --seed $cseed --recipe vanilla --out runs/$control > runs/$control.log 2>&1 &
SL_OPTS=-Dsightline.copyWeight=$copy sl train $common --seed $lseed --recipe lvr --out runs/gk35s$lseed \
  --latent-steps 1,4,9,16 --stage1-share 0.7 --latent-schedule before-answer --stage2-text-share 0.25 \
  > runs/gk35s$lseed.log 2>&1 &
wait
score_pair $here $control gk35s$lseed
echo done
