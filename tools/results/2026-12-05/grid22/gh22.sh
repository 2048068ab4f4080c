#!/usr/bin/env bash
# The shipped latent recipe (gd21: lvr, before-answer, text share 0.25) with half the budget in stage 2
# (--stage1-share 0.5 instead of 0.7): a before-answer stage 2 trains the chain as stage 1 does, plus the segment.
# Seeds 0 and 1, each in one command, side by side with one libtorch thread each, as seed1.sh ran gd21s1
# (twenty-second session)
cd /work/main
export SIGHTLINE_JAVA_OPTS=-Dsightline.torch.threads=1
common="--preset tiny --recipe lvr --chains grid --minutes 30 --vision-steps 600 --vision-lr-scale 0 --views 1 \
  --grounding-weight 0.5 --locate-weight 1 --latent-steps 1,4,9,16 --stage1-share 0.5 --latent-schedule before-answer \
  --stage2-text-share 0.25"
./sightline train $common --seed 0 --out runs/gh22 > runs/gh22.log 2>&1 &
sleep 60 # the first builds the jar
./sightline train $common --seed 1 --out runs/gh22s1 > runs/gh22s1.log 2>&1 &
wait
