#!/usr/bin/env bash
# The shipped pair's recipes (gs20: vanilla; gd21: lvr, before-answer, text share 0.25) on one to four views per
# sample (--views 1,2,3,4), seed 0, each in one command (no --stage1-from: gl20's stage 1 saw one view), side by side
# with one libtorch thread each: can the shipped pair answer multi-frame tasks without losing the single frame?
# (twenty-second session)
cd /work/main
export SIGHTLINE_JAVA_OPTS=-Dsightline.torch.threads=1
common="--preset tiny --chains grid --minutes 30 --seed 0 --vision-steps 600 --vision-lr-scale 0 --views 1,2,3,4 \
  --grounding-weight 0.5 --locate-weight 1"
./sightline train $common --recipe vanilla --out runs/gs22v > runs/gs22v.log 2>&1 &
sleep 60 # the first builds the jar
./sightline train $common --recipe lvr --out runs/gd22v --latent-steps 1,4,9,16 --stage1-share 0.7 \
  --latent-schedule before-answer --stage2-text-share 0.25 > runs/gd22v.log 2>&1 &
wait
