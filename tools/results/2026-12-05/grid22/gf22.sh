#!/usr/bin/env bash
# LVR with the segment before the chain's last line (--latent-schedule before-conclusion): the observations, then the
# segment (opened by the model), then "So the answer is X." and the answer; otherwise gd21's recipe. Seed 0 from
# gl20's stage 1 and seed 1
# from gd21s1's, side by side with one libtorch thread each (twenty-second session)
cd /work/main
export SIGHTLINE_JAVA_OPTS=-Dsightline.torch.threads=1
common="--preset tiny --recipe lvr --chains grid --minutes 30 --vision-steps 600 --vision-lr-scale 0 --views 1 \
  --grounding-weight 0.5 --locate-weight 1 --latent-steps 1,4,9,16 --stage1-share 0.7 --latent-schedule before-conclusion \
  --stage2-text-share 0.25"
./sightline train $common --seed 0 --out runs/gf22 --stage1-from runs/gl20/stage1 > runs/gf22.log 2>&1 &
sleep 60 # the first builds the jar
./sightline train $common --seed 1 --out runs/gf22s1 --stage1-from runs/gd21s1/stage1 > runs/gf22s1.log 2>&1 &
wait
