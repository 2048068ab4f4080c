package dev.sightline.latent.sketch;

/**
 * Imagines visual latents for a sketch step: the conditioning hidden state of each request in, {@code M}
 * latents in the language model's own embedding space out. Implemented in-process by {@link
 * DiffusionHead} and, in the reasoner, by a remote HTTP client.
 *
 * <p>Implementations must be deterministic for a seed and safe to call from any one thread at a time.
 */
public interface SketchDecoder extends AutoCloseable {

    /**
     * @param conditions {@code [B][d]} hidden states at {@code <|sketch_start|>}
     * @param seeds one seed per request
     * @return {@code [B][M * d]} latents, row-major {@code [M, d]} per request
     * @throws SketchUnavailableException when the decoder cannot answer (the session degrades)
     */
    float[][] sample(float[][] conditions, long[] seeds);

    /** M, latents per sketch. */
    int numLatents();

    @Override
    default void close() {}
}
