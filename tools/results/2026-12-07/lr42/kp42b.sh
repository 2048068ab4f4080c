#!/usr/bin/env bash
# Forty-second session, third run: kp42.sh's command (the segment on one rotary position, `--latent-positions shared`)
# on seeds 2 and 3, side by side, 30 minutes each, scored the same way: gp42s0 and gp42s1 rose from K = 1 to 16 on
# `hard` (by 1.3 and 1.4 points, under a cell's standard error), the first two seeds of one recipe to do so.
# Control on seed 2: gc37s2 (thirty-seventh session, distinct positions, a faster host).
SEEDS="2 3" exec "$(dirname "$0")/kp42.sh"
