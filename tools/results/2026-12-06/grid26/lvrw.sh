#!/usr/bin/env bash
# LVR's weight, 1.0 instead of the default 0.1 (twenty-sixth session): runs/gw26s3, runs/gw26s5.
exec "$(dirname "$0")/stage2.sh" gw26 --latent-steps 1,4,9,16 --lvr-weight 1
