package dev.sightline.latent.bundle;

/**
 * Where a model trained with latents has its latent segments, {@code config.json}'s {@code latent_schedule}; a
 * session that forces latents ({@code latent_before_each_step}) forces them where the model was trained to have
 * them.
 *
 * <p>{@link #EACH_STEP} is VaLR's: a segment before every CoT step and before the answer. {@link #BEFORE_ANSWER}
 * is LVR's: the chain of thought is written as in text mode, then one segment, then the answer; the session
 * turns the model's {@code <|answer|>} into {@code <|latent_start|>}, runs the K latent steps and
 * {@code <|latent_end|>}, and feeds {@code <|answer|>} after them. {@link #BEFORE_CHAIN} is LVR's too, with the
 * latent reasoning first: one segment right after the prompt, reconstructing the question's region, then the
 * chain of thought and the answer in text, both free to read the segment; the session forces
 * {@code <|latent_start|>} as its first token and nothing after. {@link #BEFORE_CONCLUSION} puts the segment
 * between the chain's observations and its last line ("So the answer is X."), which then reads the latents
 * instead of stating the answer before them; the model opens the segment itself, as trained, so nothing is forced.
 */
public enum LatentSchedule implements ConfigValue {
    EACH_STEP("each_step"),
    BEFORE_ANSWER("before_answer"),
    BEFORE_CHAIN("before_chain"),
    BEFORE_CONCLUSION("before_conclusion");

    private final String key;

    LatentSchedule(String key) {
        this.key = key;
    }

    @Override
    public String key() {
        return key;
    }

    /**
     * Whether a session that forces latents opens a segment at the start of a CoT step, {@code segments} segments
     * in: before every step, or before the first alone ({@link #BEFORE_CHAIN}); never for {@link #BEFORE_ANSWER},
     * whose segment replaces {@code <|answer|>}.
     */
    public boolean opensSegmentAtStepStart(int segments) {
        return this == EACH_STEP || (this == BEFORE_CHAIN && segments == 0);
    }

    /**
     * Whether a session that forces latents turns the model's {@code <|answer|>} into the segment and feeds
     * {@code <|answer|>} after it ({@link #BEFORE_ANSWER}).
     */
    public boolean turnsAnswerIntoSegment() {
        return this == BEFORE_ANSWER;
    }

    /** The value as the command line spells it ({@code --latent-schedule before-answer}). */
    public String option() {
        return key().replace('_', '-');
    }

    /**
     * Parses a value as {@code config.json} or the command line spells it ({@code before_answer} or
     * {@code before-answer}).
     *
     * @throws IllegalArgumentException naming the value and the ones there are
     */
    public static LatentSchedule parse(String value) {
        return ConfigValue.parse(LatentSchedule.class, value, "latent schedule");
    }
}
