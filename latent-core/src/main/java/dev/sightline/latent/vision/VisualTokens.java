package dev.sightline.latent.vision;

/**
 * Visual tokens of one task's frames in the language model's embedding space, on the host: what the
 * vision-encoder service caches and a session prefills.
 *
 * @param data row-major {@code [frames * tokensPerFrame, dim]}
 */
public record VisualTokens(float[] data, int frames, int tokensPerFrame, int dim) {
    public VisualTokens {
        if (data.length != frames * tokensPerFrame * dim) {
            throw new IllegalArgumentException("visual tokens hold " + data.length + " floats, expected " + frames
                    + " x " + tokensPerFrame + " x " + dim);
        }
    }

    public int count() {
        return frames * tokensPerFrame;
    }

    /** Tokens of frame {@code f} only. */
    public float[] frame(int f) {
        float[] out = new float[tokensPerFrame * dim];
        System.arraycopy(data, f * tokensPerFrame * dim, out, 0, out.length);
        return out;
    }
}
