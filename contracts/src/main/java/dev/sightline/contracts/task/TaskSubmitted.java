package dev.sightline.contracts.task;

import java.time.Instant;
import java.util.List;

/**
 * Payload of {@code task.submitted} on {@link dev.sightline.contracts.Topics#TASKS}: the question and the
 * frames by digest (the bytes wait in Redis under {@code img:{sha256}} — claim check).
 *
 * @param imageDigests SHA-256 (hex) of each frame, in frame order
 * @param deadline after this instant the task is failed wherever it is
 */
public record TaskSubmitted(String question, List<String> imageDigests, TaskOptions options, Instant deadline) {}
