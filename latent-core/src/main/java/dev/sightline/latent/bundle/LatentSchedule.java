package dev.sightline.latent.bundle;

/**
 * Where a model trained with latents has its latent segments, {@code config.json}'s {@code latent_schedule}; a
 * session that forces latents ({@code latent_before_each_step}) forces them where the model was trained to have
 * them.
 *
 * <p>{@link #EACH_STEP} is VaLR's: a segment before every CoT step and before the answer. {@link #BEFORE_ANSWER}
 * is LVR's: the chain of thought is written as in text mode, then one segment, then the answer; the session
 * turns the model's {@code <|answer|>} into {@code <|latent_start|>}, runs the K latent steps and
 * {@code <|latent_end|>}, and feeds {@code <|answer|>} after them.
 */
public enum LatentSchedule implements ConfigValue {
    EACH_STEP("each_step"),
    BEFORE_ANSWER("before_answer");

    private final String key;

    LatentSchedule(String key) {
        this.key = key;
    }

    @Override
    public String key() {
        return key;
    }

    /**
     * Parses a value as {@code config.json} or the command line spells it ({@code before_answer} or
     * {@code before-answer}).
     *
     * @throws IllegalArgumentException naming the value and the ones there are
     */
    public static LatentSchedule parse(String value) {
        return ConfigValue.find(LatentSchedule.class, value.strip().replace('-', '_'))
                .orElseThrow(() -> new IllegalArgumentException(
                        "unknown latent schedule \"" + value + "\" (expected each-step or before-answer)"));
    }
}
