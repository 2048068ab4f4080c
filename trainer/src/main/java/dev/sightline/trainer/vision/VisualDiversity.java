package dev.sightline.trainer.vision;

import dev.sightline.latent.vision.VisionEncoder;
import dev.sightline.latent.vision.VisualTokens;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * How different a model's visual tokens are from one another, on fixed frames: the mean distance of a token
 * from the frames' mean token over the mean token norm. A fresh tower gives ~0.5; a tower the language loss
 * has collapsed gives ~0.001 — every patch of every image the same vector, a model that cannot see (found
 * 2026-12-02: `--blindfold` left such a model's accuracy unchanged to the digit). The trainer reports it at
 * every checkpoint so that a collapse shows while it happens.
 */
public final class VisualDiversity {
    /** Below this the tokens are taken as collapsed. */
    public static final double COLLAPSED = 0.05;

    private final VisionEncoder vision;
    private final List<BufferedImage> frames;

    /** @param frames the frames every report encodes, e.g. the first training sample's */
    public VisualDiversity(VisionEncoder vision, List<BufferedImage> frames) {
        this.vision = vision;
        this.frames = List.copyOf(frames);
    }

    /** The diversity of the tower's current tokens for the fixed frames. */
    public double measure() {
        VisualTokens t = vision.encode(frames);
        return of(t.data(), t.dim());
    }

    /** One line for the training log, with a warning when the tokens have collapsed. */
    public String report() {
        double d = measure();
        return d < COLLAPSED
                ? String.format(
                        "warning: visual-token diversity %.3f: the visual tokens have collapsed to nearly one vector,"
                                + " the model cannot tell images apart (docs/training.md, --vision-lr-scale)",
                        d)
                : String.format("visual-token diversity %.3f", d);
    }

    /**
     * @param tokens {@code [n, dim]} row-major
     * @return mean distance from the mean token over the mean token norm (0 for identical tokens)
     */
    public static double of(float[] tokens, int dim) {
        int n = tokens.length / dim;
        double[] mean = new double[dim];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < dim; j++) {
                mean[j] += tokens[i * dim + j] / (double) n;
            }
        }
        double spread = 0;
        double norm = 0;
        for (int i = 0; i < n; i++) {
            double s = 0;
            double q = 0;
            for (int j = 0; j < dim; j++) {
                double x = tokens[i * dim + j];
                s += (x - mean[j]) * (x - mean[j]);
                q += x * x;
            }
            spread += Math.sqrt(s);
            norm += Math.sqrt(q);
        }
        return norm == 0 ? 0 : spread / norm;
    }
}
