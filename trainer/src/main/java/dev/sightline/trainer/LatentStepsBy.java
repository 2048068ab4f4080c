package dev.sightline.trainer;

/**
 * How stage 2 picks a sample's K from {@code --latent-steps} ({@code --latent-steps-by}).
 *
 * <p>{@link #DRAW}: one seeded draw per optimizer step, shared by the step's samples (every run before this option
 * existed). {@link #OBJECTS}: by the sample's scene's object count, a larger budget for a more crowded scene
 * ({@link TrainOptions#latentStepsFor(long, int)}); a sample whose count is unknown falls back to the draw.
 */
public enum LatentStepsBy {
    DRAW,
    OBJECTS;

    /** The value as the command line and a checkpoint's settings spell it ({@code draw}, {@code objects}). */
    public String option() {
        return OptionValues.spelling(this);
    }

    /**
     * @throws IllegalArgumentException naming the value and the ones there are
     */
    public static LatentStepsBy parse(String value) {
        return OptionValues.parse(values(), "--latent-steps-by", value);
    }
}
