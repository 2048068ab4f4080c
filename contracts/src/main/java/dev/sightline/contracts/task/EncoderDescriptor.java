package dev.sightline.contracts.task;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a running vision encoder announces in Redis under {@link dev.sightline.contracts.RedisKeys#ENCODER}, so
 * the gateway can tell whether a task's visual tokens are already cached and, when all are, publish its
 * {@link TaskEncoded} event itself instead of sending the task through the encoder (a hop fewer on the path of
 * every task on a known image). The announcement expires unless the encoder renews it: with no encoder running,
 * every task takes the encoder's path and waits for it in Kafka.
 *
 * @param encoderId identity of the vision tower (the middle of the feature keys)
 * @param tokensPerFrame visual tokens per frame
 * @param dim width of each visual token (the language model's hidden size)
 * @param maxFrames the most frames a task may have for this encoder
 * @param featureTtlSeconds how long the encoder keeps a frame's visual tokens after their last use (0: not announced,
 *     an encoder of a version before it): a task the gateway hands on renews its frames' keys by this much, so the
 *     tokens of an image in use do not run out under a task on its way to the reasoner
 */
public record EncoderDescriptor(String encoderId, int tokensPerFrame, int dim, int maxFrames, long featureTtlSeconds) {

    /**
     * The encoded event of {@code task} whose frames' tokens wait under {@code featureKeys}: what the encoder
     * publishes, and the gateway for a task whose every frame was cached.
     */
    public TaskEncoded encoded(TaskSubmitted task, List<String> featureKeys, List<Boolean> cacheHits, double encodeMs) {
        return new TaskEncoded(task, encoderId, featureKeys, cacheHits, tokensPerFrame, dim, encodeMs);
    }

    /** The Redis hash's fields. */
    public Map<String, String> toFields() {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("encoder_id", encoderId);
        h.put("tokens_per_frame", Integer.toString(tokensPerFrame));
        h.put("dim", Integer.toString(dim));
        h.put("max_frames", Integer.toString(maxFrames));
        h.put("feature_ttl_seconds", Long.toString(featureTtlSeconds));
        return h;
    }

    /** Seconds, or 0 (renew nothing) when absent or outside 1 s to a year: a bad value must not fail submissions. */
    private static long featureTtl(String value) {
        long seconds = value == null ? 0 : Long.parseLong(value);
        return seconds >= 1 && seconds <= 365L * 24 * 3600 ? seconds : 0;
    }

    /** From the Redis hash's fields; null when absent (expired) or not a whole descriptor. */
    public static EncoderDescriptor fromFields(Map<String, String> h) {
        if (h == null || h.get("encoder_id") == null) {
            return null;
        }
        try {
            return new EncoderDescriptor(
                    h.get("encoder_id"),
                    Integer.parseInt(h.get("tokens_per_frame")),
                    Integer.parseInt(h.get("dim")),
                    Integer.parseInt(h.get("max_frames")),
                    featureTtl(h.get("feature_ttl_seconds")));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
