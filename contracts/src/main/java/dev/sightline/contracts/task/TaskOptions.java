package dev.sightline.contracts.task;

/**
 * How the reasoner runs a task. Validated at the gateway; the engine checks again.
 *
 * @param mode {@code text}, {@code latent}, {@code mixed} or {@code auto}
 * @param latentSteps K, exact latent steps per segment (0..64)
 * @param latentBeforeEachStep VaLR's schedule: a latent segment before every CoT step
 * @param maxTokens limit on sampled tokens, control tokens included
 * @param temperature 0 is greedy
 * @param topK 0 keeps all
 * @param topP 1 keeps all
 * @param seed sampling seed; null lets the reasoner derive one from the task id, so a redelivered task
 *     replays the same trace
 */
public record TaskOptions(
        String mode,
        int latentSteps,
        boolean latentBeforeEachStep,
        int maxTokens,
        double temperature,
        int topK,
        double topP,
        Long seed) {}
