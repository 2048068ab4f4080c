#!/usr/bin/env bash
# Thirty-ninth session, second pair: map39.sh's latents made K-consistent (`--lvr-target pyramid`): the same
# top-down map, coarse to fine — latent 0 the whole table, 1–4 its 2 × 2 cells, 5–13 its 3 × 3, 14–15 the first
# cells of its 4 × 4 — so latent i has the same target whatever K and a larger budget only adds detail. Under
# `map` each K was a layout of its own, and K = 16 (4 × 4 cells of 1.5 squares) was the worst cell. The
# map39.sh command otherwise (before the chain, LVR's weight 0.1), seeds 0 and 1 side by side, 30 minutes each,
# scored as map39.sh scores. JAR: /tmp/sl-39p/sightline.jar (74e7ae2 + --lvr-target map|pyramid).
set -u
cd /work/main && mkdir -p runs
here=tools/results/2026-12-07/lr39
JAR=${JAR:-/tmp/sl-39p/sightline.jar}
source tools/results/2026-12-06/chains33/sl.sh
common="$SHIPPED_LVR --minutes 30 --latent-steps 1,4,9,16 --latent-schedule before-chain --lvr-target pyramid"
train_side_by_side "$common" gp39s0:0 gp39s1:1
score_latent $here gp39s0 gp39s1
echo done
