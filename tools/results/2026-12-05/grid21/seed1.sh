#!/usr/bin/env bash
# seed 1 of the shipped pair's recipes, side by side with one libtorch thread each (so each ran at about half the
# pace of the seed-0 runs, which had two threads to themselves): vanilla as gs20, lvr as gd21 in one command
# (its own stage 1, no --stage1-from) (twenty-first session)
cd /work/main
export SIGHTLINE_JAVA_OPTS=-Dsightline.torch.threads=1
common="--preset tiny --chains grid --minutes 30 --seed 1 --vision-steps 600 --vision-lr-scale 0 --views 1 --grounding-weight 0.5 --locate-weight 1"
./sightline train $common --recipe vanilla --out runs/gs21s1 > runs/gs21s1.log 2>&1 &
./sightline train $common --recipe lvr --out runs/gd21s1 --latent-steps 1,4,9,16 --stage1-share 0.7 \
  --latent-schedule before-answer --stage2-text-share 0.25 > runs/gd21s1.log 2>&1 &
wait
