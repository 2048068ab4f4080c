package dev.sightline.latent.bundle;

import java.util.Arrays;

/**
 * What a latent step feeds back as the next input, {@code config.json}'s {@code latent_input}.
 *
 * <p>{@link #HIDDEN_STATE} is Coconut's: the last hidden state after the final norm, as is. That vector's RMS is
 * the final norm's weight (about 1), several times a token embedding's (about 0.15 in a trained tiny model), so
 * in the residual stream a latent input outweighs what every block adds to it and the first latent steps of a
 * model trained on text alone are far outside anything it has read. {@link #EMBEDDING_RMS} feeds the same
 * direction rescaled to the embedding matrix's RMS, the size of every token the model has read.
 */
public enum LatentInput {
    HIDDEN_STATE("hidden_state"),
    EMBEDDING_RMS("embedding_rms");

    private final String key;

    LatentInput(String key) {
        this.key = key;
    }

    /** The value as {@code config.json} spells it. */
    public String key() {
        return key;
    }

    /** Parses {@code config.json}'s value; {@code source} names the file in the error. */
    static LatentInput of(String value, Object source) {
        return Arrays.stream(values())
                .filter(v -> v.key.equals(value))
                .findFirst()
                .orElseThrow(() -> new BundleException(source + ": latent_input \"" + value + "\" is not one of "
                        + Arrays.stream(values()).map(LatentInput::key).toList()));
    }
}
