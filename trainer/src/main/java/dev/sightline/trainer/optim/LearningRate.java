package dev.sightline.trainer.optim;

/** Linear warm-up to the peak, then cosine decay to {@code minRatio * peak} at the last step. */
public record LearningRate(double peak, long warmupSteps, long totalSteps, double minRatio) {
    public LearningRate {
        if (peak <= 0 || totalSteps < 1 || warmupSteps < 0 || minRatio < 0 || minRatio > 1) {
            throw new IllegalArgumentException("bad schedule: peak " + peak + ", warmup " + warmupSteps + ", total "
                    + totalSteps + ", min ratio " + minRatio);
        }
    }

    /** Rate at 0-based {@code step}. */
    public double at(long step) {
        if (step < warmupSteps) {
            return peak * (step + 1) / warmupSteps;
        }
        double progress = Math.min(1.0, (double) (step - warmupSteps) / Math.max(1, totalSteps - warmupSteps));
        double cosine = 0.5 * (1 + Math.cos(Math.PI * progress));
        return peak * (minRatio + (1 - minRatio) * cosine);
    }
}
