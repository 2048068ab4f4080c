#!/usr/bin/env bash
# Vanilla SFT as the papers run it (thirty-second session): cross-entropy on the chain and the answer only, without the
# grounding loss and the position readout the shipped control `models/sightline-tiny-vanilla` trains with. Otherwise
# the shipped pair's protocol (grid24/pair.sh): grid chains' scenes, one view, 600 stage-0 steps on a frozen tower,
# 30 minutes, two runs side by side with one libtorch thread each. plain.sh SEED_A SEED_B trains runs/gp32sSEED for
# both, then scores each in text mode on test and hard (480 samples, one view) into this folder.
# lvrplain.sh sets RUN, RECIPE and MODES to run another recipe by the same protocol.
set -u
cd /work/main && mkdir -p runs
export SIGHTLINE_JAVA_OPTS=-Dsightline.torch.threads=1
run=${RUN:-gp32s}
common="--preset tiny ${RECIPE:---recipe vanilla} --chains grid --minutes 30 --vision-steps 600 --vision-lr-scale 0 --views 1"
./sightline --help > /dev/null 2>&1
for seed in "$@"; do
  ./sightline train $common --seed $seed --out runs/$run$seed > runs/$run$seed.log 2>&1 &
done
wait
for seed in "$@"; do
  OUT=tools/results/2026-12-06/plain32 tools/results/2026-12-05/grid19/eval.sh $run$seed ${MODES:-text}
  gzip -c runs/$run$seed.log > tools/results/2026-12-06/plain32/$run$seed.log.gz
done
echo done
