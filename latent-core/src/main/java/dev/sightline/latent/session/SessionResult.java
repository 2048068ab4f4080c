package dev.sightline.latent.session;

/**
 * How a session ended.
 *
 * @param answer decoded answer (empty when failed)
 * @param error human-readable reason when {@code status} is FAILED or CANCELLED, else null
 * @param degraded a sketch was skipped because the decoder was unavailable
 */
public record SessionResult(
        String taskId, Status status, String answer, String finishReason, String error, boolean degraded, Usage usage) {

    public enum Status {
        COMPLETED,
        FAILED,
        CANCELLED
    }

    /** Work done: prompt positions, generated text tokens, latent steps, sketches, wall time. */
    public record Usage(int promptTokens, int textTokens, int latentSteps, int sketches, double ms) {}
}
