#!/usr/bin/env bash
# gb21 after the fix that trains <|answer|> after the chain (the token a session turns into the segment);
# lvr, --latent-schedule before-answer, stage 2 from gl20's stage 1 (twenty-first session)
cd /work/main
./sightline train --preset tiny --recipe lvr --chains grid --out runs/gc21 --minutes 30 --seed 0 \
  --vision-steps 600 --vision-lr-scale 0 --views 1 --grounding-weight 0.5 --locate-weight 1 \
  --latent-steps 1,4,9,16 --stage1-share 0.7 --stage1-from runs/gl20/stage1 --latent-schedule before-answer
