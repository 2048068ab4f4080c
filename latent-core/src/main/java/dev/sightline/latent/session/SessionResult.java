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
    /** Finish reasons: the model ended it, {@code max_tokens} ran out, or the context length did. */
    public static final String EOS = "eos";

    public static final String MAX_TOKENS = "max_tokens";
    public static final String LENGTH = "length";

    /** Whether the session stopped because it ran out of tokens or positions, not because the model ended it. */
    public boolean ranOutOfRoom() {
        return MAX_TOKENS.equals(finishReason) || LENGTH.equals(finishReason);
    }

    public enum Status {
        COMPLETED,
        FAILED,
        CANCELLED
    }

    /** Work done: prompt positions, generated text tokens, latent steps, sketches, wall time. */
    public record Usage(int promptTokens, int textTokens, int latentSteps, int sketches, double ms) {}
}
