#!/usr/bin/env bash
# Stage 2 at K = 16 alone instead of K drawn from 1, 4, 9, 16 (twenty-sixth session): runs/gk26s3, runs/gk26s5.
exec "$(dirname "$0")/stage2.sh" gk26 --latent-steps 16
