#!/usr/bin/env bash
# Fortieth session: VaLR's own method on the current recipe. The `valr` recipe (latents' hidden states at the middle
# layer, on a √K × √K grid upsampled to the teachers' patches, aligned through ψ to the geometry and semantic
# teachers, λ = 0.5) was last trained in the twenty-third session: before the copy loss, at the default rate, with
# its latents before the answer, where the answer came to ignore them. Here it is the shipped pair's command (copy
# loss, --lr 5e-4, K drawn from 1, 4, 9, 16) with its segment before the chain (`--latent-schedule before-chain`),
# where the chain that states each object's square reads the latents (thirty-sixth to thirty-ninth sessions): a
# finer grid at larger K is what the paper scales with. Seeds 0 and 1 side by side, 30 minutes each, scored as
# lr39 scores (480 samples, text and latent K 1, 4, 9, 16). Controls: gc36s0 / gc37s1 (`lvr`, region target, same
# schedule) and gsk35s0 / gsk35s1 (text only, same auxiliary losses). JAR: /tmp/sl-40/sightline.jar (73f9a64).
set -u
cd /work/main && mkdir -p runs
here=tools/results/2026-12-07/lr40
JAR=${JAR:-/tmp/sl-40/sightline.jar}
source tools/results/2026-12-06/chains33/sl.sh
common="$SHIPPED_PAIR --recipe valr --stage1-share 0.7 --stage2-text-share 0.25 --minutes 30 --latent-steps 1,4,9,16 --latent-schedule before-chain"
train_side_by_side "$common" gv40s0:0 gv40s1:1
score_latent $here gv40s0 gv40s1
echo done
