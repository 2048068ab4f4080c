package dev.sightline.latent.sketch;

import java.util.concurrent.CompletableFuture;

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

    /**
     * {@link #sample} without holding the caller: the scheduler sends a request and keeps stepping every other
     * session until the answer is there. The default answers on the calling thread, which is right for an
     * in-process head (it computes on the same libtorch threads as the scheduler, so nothing would overlap);
     * a remote decoder overrides it, so that a slow or hung service stalls only the sessions that asked.
     *
     * @param taskIds the task each row serves, in row order: a remote decoder joins its call to that task's
     *     trace
     * @return a future of {@code [B][M * d]} latents; it fails with {@link SketchUnavailableException} when the
     *     decoder cannot answer
     */
    default CompletableFuture<float[][]> sampleAsync(float[][] conditions, long[] seeds, String[] taskIds) {
        try {
            return CompletableFuture.completedFuture(sample(conditions, seeds));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * Whether this decoder batches concurrent requests itself, as the remote service does. The scheduler then
     * asks once per session, so that each request is its own call, with its own trace, retries and failure;
     * otherwise (the in-process head) it asks once per step for all the sessions waiting.
     */
    default boolean batchesConcurrentRequests() {
        return false;
    }

    /** M, latents per sketch. */
    int numLatents();

    @Override
    default void close() {}
}
