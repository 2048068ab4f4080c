package dev.sightline.latent.session;

/**
 * Engine limits.
 *
 * @param maxSequenceLength positions per session (prompt, text, latents, sketches)
 * @param maxBatch sessions stepped together; more wait in the queue
 * @param prefillChunk positions per prefill forward
 * @param maxLatentNorm a latent whose norm exceeds this (or is not finite) ends the session
 * @param patchTopK most similar visual tokens reported per latent step
 * @param tokenTopK closest vocabulary tokens reported per latent step
 * @param prefixCacheBytes budget of a scheduler's prompt-prefix cache (keys and values of prompt prefixes already
 *     computed, reused by prompts that begin the same way); 0 turns it off
 */
public record EngineOptions(
        int maxSequenceLength,
        int maxBatch,
        int prefillChunk,
        double maxLatentNorm,
        int patchTopK,
        int tokenTopK,
        long prefixCacheBytes) {

    /** 64 MiB: ~30 000 positions of the tiny preset (2 KiB each), a few hundred prompts. */
    public static final long DEFAULT_PREFIX_CACHE_BYTES = 64L << 20;

    public EngineOptions {
        if (maxSequenceLength < 2
                || maxBatch < 1
                || prefillChunk < 1
                || patchTopK < 0
                || tokenTopK < 0
                || prefixCacheBytes < 0) {
            throw new IllegalArgumentException("invalid engine options: maxSequenceLength " + maxSequenceLength
                    + ", maxBatch " + maxBatch + ", prefillChunk " + prefillChunk + ", patchTopK " + patchTopK
                    + ", tokenTopK " + tokenTopK + ", prefixCacheBytes " + prefixCacheBytes);
        }
        if (!(maxLatentNorm > 0)) {
            throw new IllegalArgumentException("maxLatentNorm must be > 0, got " + maxLatentNorm);
        }
    }

    public static EngineOptions defaults() {
        return new EngineOptions(1024, 64, 512, 1e4, 3, 5, DEFAULT_PREFIX_CACHE_BYTES);
    }

    public EngineOptions withMaxSequenceLength(int length) {
        return new EngineOptions(length, maxBatch, prefillChunk, maxLatentNorm, patchTopK, tokenTopK, prefixCacheBytes);
    }

    public EngineOptions withMaxBatch(int sessions) {
        return new EngineOptions(
                maxSequenceLength, sessions, prefillChunk, maxLatentNorm, patchTopK, tokenTopK, prefixCacheBytes);
    }

    public EngineOptions withMaxLatentNorm(double bound) {
        return new EngineOptions(
                maxSequenceLength, maxBatch, prefillChunk, bound, patchTopK, tokenTopK, prefixCacheBytes);
    }

    public EngineOptions withPrefixCacheBytes(long bytes) {
        return new EngineOptions(maxSequenceLength, maxBatch, prefillChunk, maxLatentNorm, patchTopK, tokenTopK, bytes);
    }
}
