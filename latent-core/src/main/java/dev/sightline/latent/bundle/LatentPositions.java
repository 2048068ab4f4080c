package dev.sightline.latent.bundle;

/**
 * Which rotary positions a latent segment's steps take, {@code config.json}'s {@code latent_positions} (absent:
 * {@link #DISTINCT}).
 *
 * <p>{@link #DISTINCT}: each latent step its own position, as every token. {@link #SHARED}: every step of a segment
 * takes the position of its first, and what follows the segment continues from the next one, as if the segment were
 * one token: the chain after a segment of K sits at the same rotary distance from the prompt whatever K. Why: with
 * distinct positions the chain moves K − 1 positions further from the prompt at K than at 1, one of the two things
 * that grow with K (the other is the latents' content); the forty-second session's results in docs/results.md.
 * The KV cache keeps storing one position per step either way. Training and serving must agree, which is why it
 * lives in the bundle.
 */
public enum LatentPositions implements ConfigValue {
    DISTINCT("distinct"),
    SHARED("shared");

    private final String key;

    LatentPositions(String key) {
        this.key = key;
    }

    @Override
    public String key() {
        return key;
    }

    /**
     * Whether the {@code n}-th latent step of a segment (1 for the first) repeats the previous step's position
     * instead of taking the next.
     */
    public boolean repeats(int n) {
        return this == SHARED && n >= 2;
    }

    /** The value as the command line spells it. */
    public String option() {
        return key;
    }

    /**
     * Parses a value as {@code config.json} or the command line spells it.
     *
     * @throws IllegalArgumentException naming the value and the ones there are
     */
    public static LatentPositions parse(String value) {
        return ConfigValue.parse(LatentPositions.class, value, "latent positions");
    }
}
