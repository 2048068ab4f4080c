#!/usr/bin/env bash
# recipes23.sh on seed 1: stage 2 by recipe from gd21s1's stage 1 (2 661 steps), pairs side by side with one
# libtorch thread each; then every run scored (twenty-third session)
cd /work/main
export SIGHTLINE_JAVA_OPTS=-Dsightline.torch.threads=1
common="--preset tiny --chains grid --minutes 30 --seed 1 --vision-steps 600 --vision-lr-scale 0 --views 1 \
  --grounding-weight 0.5 --locate-weight 1 --latent-steps 1,4,9,16 --stage1-share 0.7 --stage1-from runs/gd21s1/stage1 \
  --stage2-text-share 0.25"
ba="--latent-schedule before-answer"
train() { local run=$1; shift; ./sightline train $common "$@" --out runs/$run > runs/$run.log 2>&1; }
while pgrep -f 'grid23/recipes23\.sh' > /dev/null; do sleep 10; done
./sightline --help > /dev/null 2>&1
train gn23s1 --recipe latent-noalign $ba & train gv23s1 --recipe valr $ba & wait
train gve23s1 --recipe valr $ba --align-layer early & train gvl23s1 --recipe valr $ba --align-layer late & wait
train gm23s1 --recipe mixed --latent-schedule before-chain & train gvt23s1 --recipe valr $ba --teachers learned & wait
for run in gn23s1 gv23s1 gve23s1 gvl23s1 gvt23s1; do OUT=tools/results/2026-12-05/grid23 tools/results/2026-12-05/grid19/eval.sh $run text,latent --latent-steps 1,4,9,16; done
OUT=tools/results/2026-12-05/grid23 tools/results/2026-12-05/grid19/eval.sh gm23s1 text,latent,mixed --latent-steps 1,4,9,16
echo done
