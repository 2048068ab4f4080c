#!/usr/bin/env bash
# Thirty-sixth session: the first 960 `hard` samples (twice the usual 480, so a cell's standard error is ~1.6 points)
# for gc36s0 (before-chain) beside the shipped pair (gk35s0, gsk35s0): does gc36s0's lead over both hold?
set -u
cd /work/main
here=tools/results/2026-12-07/lr36
JAR=${JAR:-/tmp/sl-36t/sightline.jar}
source tools/results/2026-12-06/chains33/sl.sh
sl eval --model runs/gc36s0 --split hard --samples 960 --modes text,latent --latent-steps 1,4,9,16 --views 1 --json \
  > $here/gc36s0-hard960.jsonl 2> /dev/null &
sl eval --model runs/gk35s0 --split hard --samples 960 --modes text,latent --latent-steps 1,4,9,16 --views 1 --json \
  > $here/gk35s0-hard960.jsonl 2> /dev/null &
wait
sl eval --model runs/gsk35s0 --split hard --samples 960 --modes text --views 1 --json > $here/gsk35s0-hard960.jsonl 2> /dev/null
echo done
