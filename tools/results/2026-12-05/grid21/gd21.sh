#!/usr/bin/env bash
# gc21 with a quarter of stage 2's samples trained as in stage 1 (--stage2-text-share 0.25), so that text mode keeps
# answering straight after the chain (twenty-first session)
cd /work/main
./sightline train --preset tiny --recipe lvr --chains grid --out runs/gd21 --minutes 30 --seed 0 \
  --vision-steps 600 --vision-lr-scale 0 --views 1 --grounding-weight 0.5 --locate-weight 1 \
  --latent-steps 1,4,9,16 --stage1-share 0.7 --stage1-from runs/gl20/stage1 --latent-schedule before-answer --stage2-text-share 0.25
