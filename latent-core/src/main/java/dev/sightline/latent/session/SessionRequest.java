package dev.sightline.latent.session;

import dev.sightline.latent.sampling.SamplingParams;
import dev.sightline.latent.vision.VisualTokens;
import java.util.List;

/**
 * One task as the engine sees it.
 *
 * @param question text of the question; ignored when {@code promptIds} is given
 * @param promptIds raw token ids instead of a question, or null
 * @param visual the frames' visual tokens, or null for a text-only task
 * @param latentSteps K, the exact number of latent steps per segment (0..64)
 * @param latentBeforeEachStep force the latent segments where the bundle's {@code LatentSchedule} has them: before
 *     every CoT step (VaLR's schedule, the default) or once (LVR's)
 * @param maxTokens limit on sampled tokens, control tokens included (so no latent or sketch loop outlives it)
 * @param answerChoices when not empty, the answer after {@code <|answer|>} is decoded as one of these texts
 *     (guided choice: only tokens that continue some choice may be sampled, and the end of text only once one
 *     is complete); the chain of thought before it is free but may not end the session, so a session either
 *     answers from the set or runs out of {@code maxTokens} (and then keeps its free text). Empty: free text
 */
public record SessionRequest(
        String taskId,
        String question,
        int[] promptIds,
        VisualTokens visual,
        Mode mode,
        int latentSteps,
        boolean latentBeforeEachStep,
        int maxTokens,
        SamplingParams sampling,
        List<String> answerChoices) {

    public static final int MAX_LATENT_STEPS = 64;

    /** A task whose answer is free text. */
    public SessionRequest(
            String taskId,
            String question,
            int[] promptIds,
            VisualTokens visual,
            Mode mode,
            int latentSteps,
            boolean latentBeforeEachStep,
            int maxTokens,
            SamplingParams sampling) {
        this(
                taskId,
                question,
                promptIds,
                visual,
                mode,
                latentSteps,
                latentBeforeEachStep,
                maxTokens,
                sampling,
                List.of());
    }

    public SessionRequest {
        if (latentSteps < 0 || latentSteps > MAX_LATENT_STEPS) {
            throw new IllegalArgumentException(
                    "latent_steps must be in 0.." + MAX_LATENT_STEPS + ", got " + latentSteps);
        }
        if (maxTokens < 1) {
            throw new IllegalArgumentException("max_tokens must be >= 1, got " + maxTokens);
        }
        if (question == null && promptIds == null) {
            throw new IllegalArgumentException("a task needs a question or prompt ids");
        }
        answerChoices = answerChoices == null ? List.of() : List.copyOf(answerChoices);
        if (answerChoices.stream().anyMatch(c -> c.isBlank())) {
            throw new IllegalArgumentException("answer choices must not be blank, got " + answerChoices);
        }
    }
}
