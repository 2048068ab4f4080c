package dev.sightline.contracts.task;

import java.time.Instant;
import java.util.List;

/**
 * Payload of {@code task.submitted} on {@link dev.sightline.contracts.Topics#TASKS}: the question and the
 * frames by digest (the bytes wait in Redis under {@code img:{sha256}} — claim check).
 *
 * @param imageDigests SHA-256 (hex) of each frame, in frame order
 * @param deadline after this instant the task is failed wherever it is
 * @param encodedBy null when the vision encoder is to encode the frames; {@link #ENCODED_BY_GATEWAY} when every
 *     frame's visual tokens were already cached at submission and the gateway published the encoded event itself
 *     (the encoder skips such a task; the trace store records it as any other)
 */
public record TaskSubmitted(
        String question, List<String> imageDigests, TaskOptions options, Instant deadline, String encodedBy) {
    /** {@link #encodedBy} of a task whose frames were all cached when it was submitted. */
    public static final String ENCODED_BY_GATEWAY = "gateway";

    /** A task for the vision encoder to encode. */
    public TaskSubmitted(String question, List<String> imageDigests, TaskOptions options, Instant deadline) {
        this(question, imageDigests, options, deadline, null);
    }

    /** Whether the encoder has nothing to do for this task: its encoded event is already published. */
    public boolean alreadyEncoded() {
        return encodedBy != null;
    }

    /** The same task, marked as encoded by {@code who}. */
    public TaskSubmitted encodedBy(String who) {
        return new TaskSubmitted(question, imageDigests, options, deadline, who);
    }
}
