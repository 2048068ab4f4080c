package dev.sightline.contracts;

import java.util.ArrayList;
import java.util.List;

/**
 * Redis keys shared between services (claim checks and task state). Large tensors never travel through
 * Kafka: events carry these keys.
 */
public final class RedisKeys {
    /** Channel on which the gateway announces cancelled task ids to every reasoner replica. */
    public static final String CANCEL_CHANNEL = "sightline:cancel";

    /**
     * The running vision encoder's {@link dev.sightline.contracts.task.EncoderDescriptor}, a hash, with a short
     * expiry its encoder renews.
     */
    public static final String ENCODER = "sightline:encoder";

    private RedisKeys() {}

    /** Image bytes by SHA-256 (hex). */
    public static String image(String sha256) {
        return "img:" + sha256;
    }

    /**
     * Visual tokens of one frame. The frame index is part of the key because the vision tower adds a
     * learned per-frame embedding: the same image as frame 0 and as frame 3 has different tokens.
     */
    public static String features(String encoderId, String sha256, int frame) {
        return "feat:" + encoderId + ":" + sha256 + ":" + frame;
    }

    /** The visual-token keys of a task's frames ({@link #features(String, String, int)}), in frame order. */
    public static List<String> features(String encoderId, List<String> sha256s) {
        List<String> keys = new ArrayList<>(sha256s.size());
        for (int f = 0; f < sha256s.size(); f++) {
            keys.add(features(encoderId, sha256s.get(f), f));
        }
        return keys;
    }

    /** The gateway's view of a task (hash). */
    public static String task(String taskId) {
        return "task:" + taskId;
    }

    /** The gateway's copy of a task's step records (hash, by seq), which streams and resumes read. */
    public static String steps(String taskId) {
        return "steps:" + taskId;
    }

    /** Marker that a task was cancelled; a reasoner that receives the task later checks it. */
    public static String cancelled(String taskId) {
        return "cancel:" + taskId;
    }
}
