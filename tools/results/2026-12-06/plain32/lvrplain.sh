#!/usr/bin/env bash
# The papers' LVR against the papers' vanilla SFT (thirty-second session): the shipped `lvr` command (grid24/pair.sh)
# without the grounding loss and the position readout, so LVR's reconstruction is the only supervision drawn from the
# boxes. lvrplain.sh SEED_A SEED_B trains runs/gq32sSEED side by side (one libtorch thread each), then scores each in
# text and latent mode (K = 1, 4, 9, 16) on test and hard (480 samples, one view) into this folder.
set -u
cd /work/main && mkdir -p runs
export SIGHTLINE_JAVA_OPTS=-Dsightline.torch.threads=1
common="--preset tiny --recipe lvr --chains grid --minutes 30 --vision-steps 600 --vision-lr-scale 0 --views 1"
common="$common --latent-steps 1,4,9,16 --stage1-share 0.7 --latent-schedule before-answer --stage2-text-share 0.25"
./sightline --help > /dev/null 2>&1
for seed in "$@"; do
  ./sightline train $common --seed $seed --out runs/gq32s$seed > runs/gq32s$seed.log 2>&1 &
done
wait
for seed in "$@"; do
  OUT=tools/results/2026-12-06/plain32 tools/results/2026-12-05/grid19/eval.sh gq32s$seed text,latent --latent-steps 1,4,9,16
  gzip -c runs/gq32s$seed.log > tools/results/2026-12-06/plain32/gq32s$seed.log.gz
done
echo done
