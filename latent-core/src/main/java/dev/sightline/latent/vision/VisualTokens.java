package dev.sightline.latent.vision;

/**
 * Visual tokens of one task's frames in the language model's embedding space, on the host: what the
 * vision-encoder service caches and a session prefills. Immutable by contract: the array is shared.
 */
public final class VisualTokens {
    private final float[] data;
    private final int frames;
    private final int tokensPerFrame;
    private final int dim;
    private volatile float[] inverseNorms;

    /** @param data row-major {@code [frames * tokensPerFrame, dim]} */
    public VisualTokens(float[] data, int frames, int tokensPerFrame, int dim) {
        if (data.length != frames * tokensPerFrame * dim) {
            throw new IllegalArgumentException("visual tokens hold " + data.length + " floats, expected " + frames
                    + " x " + tokensPerFrame + " x " + dim);
        }
        this.data = data;
        this.frames = frames;
        this.tokensPerFrame = tokensPerFrame;
        this.dim = dim;
    }

    /** Row-major {@code [frames * tokensPerFrame, dim]}; shared, do not modify. */
    public float[] data() {
        return data;
    }

    public int frames() {
        return frames;
    }

    public int tokensPerFrame() {
        return tokensPerFrame;
    }

    public int dim() {
        return dim;
    }

    public int count() {
        return frames * tokensPerFrame;
    }

    /** {@code 1 / |token|} per token (0 for a zero token), computed once: latent probes compare against them. */
    public float[] inverseNorms() {
        float[] inv = inverseNorms;
        if (inv == null) {
            inv = new float[count()];
            for (int p = 0; p < inv.length; p++) {
                double sq = 0;
                for (int j = 0; j < dim; j++) {
                    float x = data[p * dim + j];
                    sq += x * x;
                }
                inv[p] = sq > 0 ? (float) (1 / Math.sqrt(sq)) : 0f;
            }
            inverseNorms = inv;
        }
        return inv;
    }
}
