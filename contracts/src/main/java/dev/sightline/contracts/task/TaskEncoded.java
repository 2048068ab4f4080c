package dev.sightline.contracts.task;

import java.util.List;

/**
 * Payload of {@code task.encoded} on {@link dev.sightline.contracts.Topics#ENCODED}: the task plus where its
 * visual tokens wait in Redis.
 *
 * @param encoderId identity (weights digest) of the vision tower that computed the features
 * @param featureKeys one Redis key per frame, in frame order; each value is {@code [tokensPerFrame, dim]}
 *     little-endian float32
 * @param cacheHits per frame: true when the features were already cached and not encoded again
 * @param encodeMs time spent encoding this task's misses (0 when all hit)
 */
public record TaskEncoded(
        TaskSubmitted task,
        String encoderId,
        List<String> featureKeys,
        List<Boolean> cacheHits,
        int tokensPerFrame,
        int dim,
        double encodeMs) {}
