#!/usr/bin/env bash
# Every latent recipe on the shipped protocol (twenty-third session): gd21's settings and stage 1 (gl20's, seed 0),
# stage 2 by recipe; VaLR at the three alignment layers and with the learned teacher; mixed on before-chain (the
# one-segment schedule with a sketch step). Pairs side by side, one libtorch thread each; then every run scored.
cd /work/main
export SIGHTLINE_JAVA_OPTS=-Dsightline.torch.threads=1
common="--preset tiny --chains grid --minutes 30 --seed 0 --vision-steps 600 --vision-lr-scale 0 --views 1 \
  --grounding-weight 0.5 --locate-weight 1 --latent-steps 1,4,9,16 --stage1-share 0.7 --stage1-from runs/gl20/stage1 \
  --stage2-text-share 0.25"
ba="--latent-schedule before-answer"
train() { local run=$1; shift; ./sightline train $common "$@" --out runs/$run > runs/$run.log 2>&1; }
./sightline --help > /dev/null 2>&1
# (gn23 and gv23 were started by this script's first version, whose driver was stopped while they ran, to put the
# platform benchmarks of bench23/ between the training and the scoring: the machine has to be quiet for those)
if [ -z "${SKIP_FIRST:-}" ]; then train gn23 --recipe latent-noalign $ba & train gv23 --recipe valr $ba & wait; fi
while pgrep -f "out runs/gv23$" > /dev/null || pgrep -f "out runs/gn23$" > /dev/null; do sleep 10; done
train gve23 --recipe valr $ba --align-layer early & train gvl23 --recipe valr $ba --align-layer late & wait
train gm23 --recipe mixed --latent-schedule before-chain & train gvt23 --recipe valr $ba --teachers learned & wait
B=tools/results/2026-12-05/bench23
$B/jitnice23.sh > $B/jitnice23.out 2>&1
$B/sched23.sh > $B/sched23-rerun.out 2>&1
for run in gn23 gv23 gve23 gvl23 gvt23; do OUT=tools/results/2026-12-05/grid23 tools/results/2026-12-05/grid19/eval.sh $run text,latent --latent-steps 1,4,9,16; done
OUT=tools/results/2026-12-05/grid23 tools/results/2026-12-05/grid19/eval.sh gm23 text,latent,mixed --latent-steps 1,4,9,16
echo done
