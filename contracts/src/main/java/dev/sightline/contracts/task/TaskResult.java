package dev.sightline.contracts.task;

import java.util.List;

/**
 * Payload of {@code task.result} on {@link dev.sightline.contracts.Topics#RESULTS}: how a task ended. The
 * reasoner writes it for every task it ran; any stage writes a FAILED one when it cannot go on.
 *
 * @param status COMPLETED, FAILED or CANCELLED
 * @param error why, when not COMPLETED
 * @param stage the service that ended the task
 * @param steps number of step records published before this result (seq 0..steps-1)
 * @param degraded a sketch was skipped because the decoder was unavailable
 * @param featureCacheHits per frame, whether the encoder found its visual tokens cached (null when the task
 *     never reached the encoder)
 */
public record TaskResult(
        TaskStatus status,
        String answer,
        String finishReason,
        String error,
        String stage,
        int steps,
        boolean degraded,
        Usage usage,
        List<Boolean> featureCacheHits) {

    /** Work done: prompt positions, generated text tokens, latent steps, sketches, reasoner wall time. */
    public record Usage(int promptTokens, int textTokens, int latentSteps, int sketches, double ms) {
        public static final Usage NONE = new Usage(0, 0, 0, 0, 0);
    }

    /** This result with the step count and cache hits of the task it ends (what a stage that failed it early lacks). */
    public TaskResult withStepsAndCacheHits(int steps, List<Boolean> featureCacheHits) {
        return new TaskResult(status, answer, finishReason, error, stage, steps, degraded, usage, featureCacheHits);
    }

    /** This task FAILED after all, for {@code error}: no answer, the same counts. */
    public TaskResult failedWith(String error) {
        return new TaskResult(TaskStatus.FAILED, null, "error", error, stage, steps, degraded, usage, featureCacheHits);
    }

    public static TaskResult failed(String stage, String error) {
        return new TaskResult(TaskStatus.FAILED, null, null, error, stage, 0, false, Usage.NONE, null);
    }
}
