package dev.sightline.latent.session;

import java.util.Locale;

/** What a session may do between text tokens. */
public enum Mode {
    /** Plain CoT: latent and sketch control tokens are masked out of the logits. */
    TEXT,
    /** Latent segments of exactly K steps on {@code <|latent_start|>}; sketches masked. */
    LATENT,
    /** Latent segments plus sketches on {@code <|sketch_start|>}. */
    MIXED,
    /** No masking, no forcing: whatever the model does. */
    AUTO;

    /**
     * @throws IllegalArgumentException naming the value (or its absence) and the modes there are
     */
    public static Mode parse(String s) {
        if (s == null) {
            throw new IllegalArgumentException("no mode given (expected text, latent, mixed or auto)");
        }
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown mode \"" + s + "\" (expected text, latent, mixed or auto)");
        }
    }

    /**
     * Whether a session forces a latent segment before every CoT step unless told otherwise: in the modes
     * that reason in latents, as the latent recipes are trained (VaLR's schedule) and as the gateway defaults.
     */
    public boolean latentBeforeEachStepByDefault() {
        return this == LATENT || this == MIXED;
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
