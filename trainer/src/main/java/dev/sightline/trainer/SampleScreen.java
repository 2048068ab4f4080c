package dev.sightline.trainer;

import dev.sightline.trainer.optim.AdamW;
import java.io.PrintStream;

/**
 * Stage 2's check of each sample's gradient before it joins the batch's: one sample's backward through up to
 * 16 x 6 chained latent steps can overflow (1e5 to 1e19 against a usual 2 to 10), and that must cost the
 * sample, not the batch it came in. A sample is dropped when its gradient is not finite or above
 * {@code spikeFactor} times the median norm of the last {@value #WINDOW} kept samples (a median, so that
 * one overflowing first sample cannot set the scale). Kept gradients go to the optimizers' kept sums
 * ({@link AdamW#keepGradients}); the caller restores them after the batch.
 */
final class SampleScreen {
    private static final int WINDOW = 32;

    private final double spikeFactor;
    private final PrintStream log;
    private final RecentNorms recent = new RecentNorms(WINDOW);
    private long dropped;

    /** @param recentNorms the window a checkpoint kept ({@link #norms()}), oldest first; empty for a new stage */
    SampleScreen(double spikeFactor, PrintStream log, double[] recentNorms) {
        this.spikeFactor = spikeFactor;
        this.log = log;
        for (double norm : recentNorms) {
            recent.add(norm);
        }
    }

    /** The window of recent kept norms, oldest first, for a checkpoint. */
    double[] norms() {
        return recent.toArray();
    }

    /**
     * Judges the gradient the sample's backward just left in {@code backbone} (and {@code extras}, the stage-2
     * group, when not null): kept, it moves to their kept sums; dropped, it is zeroed.
     *
     * @return whether the sample was kept
     */
    boolean keep(long step, String what, AdamW backbone, AdamW extras) {
        double norm = backbone.gradientNorm();
        double extrasNorm = extras != null ? extras.gradientNorm() : 0;
        double typical = recent.median();
        boolean spike = recent.size() >= 4 && typical > 0 && norm > spikeFactor * typical;
        if (!Double.isFinite(norm) || !Double.isFinite(extrasNorm) || spike) {
            backbone.zeroGradients();
            if (extras != null) {
                extras.zeroGradients();
            }
            if (Double.isFinite(norm) && typical > 0) {
                // as for whole batches: a lasting change of scale is followed, not dropped forever
                recent.add(Math.min(norm, 2 * typical));
            }
            drop(step, what, "gradient norm " + norm);
            return false;
        }
        recent.add(norm);
        backbone.keepGradients();
        if (extras != null) {
            extras.keepGradients();
        }
        return true;
    }

    /** Counts and logs a dropped sample ({@code what} names it: "sample 12", "batch of samples 8..15"). */
    void drop(long step, String what, String why) {
        dropped++;
        log.printf("step %d: %s dropped (%s; %d dropped so far)%n", step, what, why, dropped);
    }
}
