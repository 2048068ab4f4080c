package dev.sightline.latent.bundle;

/**
 * What a latent step feeds back as the next input, {@code config.json}'s {@code latent_input}.
 *
 * <p>{@link #HIDDEN_STATE} is Coconut's: the last hidden state after the final norm, as is. That vector's RMS is
 * the final norm's weight (about 1), several times a token embedding's (about 0.15 in a trained tiny model), so
 * in the residual stream a latent input outweighs what every block adds to it and the first latent steps of a
 * model trained on text alone are far outside anything it has read. {@link #EMBEDDING_RMS} feeds the same
 * direction rescaled to the embedding matrix's RMS, the size of every token the model has read.
 */
public enum LatentInput implements ConfigValue {
    HIDDEN_STATE("hidden_state"),
    EMBEDDING_RMS("embedding_rms");

    private final String key;

    LatentInput(String key) {
        this.key = key;
    }

    @Override
    public String key() {
        return key;
    }
}
