#!/usr/bin/env bash
# Thirty-seventh session: seeds 1 and 2 of the lead the thirty-sixth session left (lr36/sched36.sh's gc36s0: the
# shipped lvr command with `--latent-schedule before-chain`), side by side, 30 minutes each, then scored as
# sched36.sh scores (480 samples, text and latent K 1, 4, 9, 16) and on the first 960 `hard` samples beside the
# control seeds that exist (gsk35s1, gsk36s2). JAR: /tmp/sl-36t/sightline.jar (b643ebc).
set -u
cd /work/main && mkdir -p runs
here=tools/results/2026-12-07/lr37
JAR=${JAR:-/tmp/sl-36t/sightline.jar}
source tools/results/2026-12-06/chains33/sl.sh
common="$SHIPPED_LVR --minutes 30 --latent-steps 1,4,9,16 --latent-schedule before-chain"
train_side_by_side "$common" gc37s1:1 gc37s2:2
score_latent $here gc37s1 gc37s2
echo trained-and-scored
for run in gc37s1 gc37s2; do
  sl eval --model runs/$run --split hard --samples 960 --modes text,latent --latent-steps 1,4,9,16 --views 1 --json \
    > $here/$run-hard960.jsonl 2> /dev/null &
done
wait
for run in gsk35s1 gsk36s2; do
  sl eval --model runs/$run --split hard --samples 960 --modes text --views 1 --json > $here/$run-hard960.jsonl 2> /dev/null &
done
wait
echo done
