#!/usr/bin/env bash
# The papers' LVR against the papers' vanilla SFT (thirty-second session): the shipped `lvr` command (grid24/pair.sh)
# without the grounding loss and the position readout, so LVR's reconstruction is the only supervision drawn from the
# boxes. lvrplain.sh SEED_A SEED_B trains runs/gq32sSEED side by side (one libtorch thread each, plain.sh's protocol),
# then scores each in text and latent mode (K = 1, 4, 9, 16) on test and hard (480 samples, one view) into this folder.
RUN=gq32s \
  RECIPE="--recipe lvr --latent-steps 1,4,9,16 --stage1-share 0.7 --latent-schedule before-answer --stage2-text-share 0.25" \
  MODES="text,latent --latent-steps 1,4,9,16" \
  exec "$(dirname "$0")/plain.sh" "$@"
