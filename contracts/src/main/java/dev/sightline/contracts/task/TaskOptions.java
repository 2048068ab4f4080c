package dev.sightline.contracts.task;

import java.util.List;

/**
 * How the reasoner runs a task. Validated at the gateway; the engine checks again.
 *
 * @param mode {@code text}, {@code latent}, {@code mixed} or {@code auto}
 * @param latentSteps K, exact latent steps per segment (0..64)
 * @param latentBeforeEachStep force the latent segments where the model's schedule ({@code config.json}'s
 *     {@code latent_schedule}) has them: before every CoT step (VaLR's) or once (LVR's)
 * @param maxTokens limit on sampled tokens, control tokens included
 * @param temperature 0 is greedy
 * @param topK 0 keeps all
 * @param topP 1 keeps all
 * @param seed sampling seed; null lets the reasoner derive one from the task id, so a redelivered task
 *     replays the same trace
 * @param choices guided choice: when not empty the answer is decoded as one of these texts (the reasoning
 *     before it stays free); empty or absent (a record from before this field): a free answer
 */
public record TaskOptions(
        String mode,
        int latentSteps,
        boolean latentBeforeEachStep,
        int maxTokens,
        double temperature,
        int topK,
        double topP,
        Long seed,
        List<String> choices) {

    /** At most this many choices, each at most {@link #MAX_CHOICE_CHARS} characters. */
    public static final int MAX_CHOICES = 64;

    public static final int MAX_CHOICE_CHARS = 200;

    public TaskOptions {
        choices = choices == null ? List.of() : List.copyOf(choices);
    }

    /** The modes on the wire (the engine's {@code Mode}, lower case). */
    public static final List<String> MODES = List.of("text", "latent", "mixed", "auto");

    /**
     * What {@code latentBeforeEachStep} is when a client does not say: on in the modes that reason in latents,
     * as the latent recipes are trained (VaLR's schedule). The engine's {@code Mode} answers the same.
     */
    public static boolean latentBeforeEachStepByDefault(String mode) {
        return mode.equals("latent") || mode.equals("mixed");
    }
}
