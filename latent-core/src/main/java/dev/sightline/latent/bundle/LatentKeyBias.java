package dev.sightline.latent.bundle;

/**
 * What a latent step's key adds to every attention score it gets, {@code config.json}'s {@code latent_key_bias}
 * (absent: {@link #NONE}).
 *
 * <p>Why: trained without it, each latent draws about the same share of a later token's attention whatever the
 * segment's length K, so the segment's total share grows with K (1 % of a chain token's attention at K = 1, 13–15 %
 * at K = 16 on the forty-first session's models) and a longer segment reads as a different input, not a richer
 * one. {@link #NEG_LOG_K} adds {@code -ln K} to the score of each of a K-long segment's keys: K latents that
 * match a query alike then draw together what one latent draws alone, at every K. Text, prompt and sketch keys
 * get nothing. Training and serving must agree, which is why it lives in the bundle.
 */
public enum LatentKeyBias implements ConfigValue {
    NONE("none"),
    NEG_LOG_K("neg_log_k");

    private final String key;

    LatentKeyBias(String key) {
        this.key = key;
    }

    @Override
    public String key() {
        return key;
    }

    /** The additive score bias of each key in a segment of {@code k} latent steps ({@code k >= 1}). */
    public float bias(int k) {
        if (k < 1) {
            throw new IllegalArgumentException("a latent segment has at least one step, got " + k);
        }
        return this == NONE ? 0f : (float) -Math.log(k);
    }

    /** The value as the command line spells it ({@code --latent-key-bias neg-log-k}). */
    public String option() {
        return key().replace('_', '-');
    }

    /**
     * Parses a value as {@code config.json} or the command line spells it ({@code neg_log_k} or {@code neg-log-k}).
     *
     * @throws IllegalArgumentException naming the value and the ones there are
     */
    public static LatentKeyBias parse(String value) {
        return ConfigValue.parse(LatentKeyBias.class, value, "latent key bias");
    }
}
