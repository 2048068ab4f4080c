#!/usr/bin/env bash
# grid21/seed1.sh (grid23/seed2.sh) on seed 3: the shipped pair's recipes side by side with one libtorch thread each, vanilla as gs20,
# lvr as gd21 in one command; then both scored (twenty-fourth session)
cd /work/main && mkdir -p runs
export SIGHTLINE_JAVA_OPTS=-Dsightline.torch.threads=1
common="--preset tiny --chains grid --minutes 30 --seed 3 --vision-steps 600 --vision-lr-scale 0 --views 1 --grounding-weight 0.5 --locate-weight 1"
./sightline --help > /dev/null 2>&1
./sightline train $common --recipe vanilla --out runs/gs24s3 > runs/gs24s3.log 2>&1 &
./sightline train $common --recipe lvr --out runs/gd24s3 --latent-steps 1,4,9,16 --stage1-share 0.7 \
  --latent-schedule before-answer --stage2-text-share 0.25 > runs/gd24s3.log 2>&1 &
wait
OUT=tools/results/2026-12-05/grid24 tools/results/2026-12-05/grid19/eval.sh gs24s3 text
OUT=tools/results/2026-12-05/grid24 tools/results/2026-12-05/grid19/eval.sh gd24s3 text,latent --latent-steps 1,4,9,16
echo done
