#!/usr/bin/env bash
# gg30 with the position readout on head 0 of block 1's attention output (what the grounding head passes on)
# instead of the final hidden state: the throwaway switch -Dsightline.locate.at=head of head-readout.patch
# (apply it to 1f222eb; not in the code base; nineteenth session)
cd /work/main
SIGHTLINE_JAVA_OPTS=-Dsightline.locate.at=head ./sightline train --preset tiny --recipe vanilla --chains grid \
  --out runs/gh30 --minutes 30 --seed 0 --vision-steps 600 --vision-lr-scale 0 --views 1 \
  --grounding-weight 0.5 --locate-weight 1
