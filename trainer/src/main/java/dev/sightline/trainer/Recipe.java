package dev.sightline.trainer;

import java.util.Locale;

/**
 * The training recipes, each a switch set over the losses. All start with a
 * plain chain-of-thought SFT stage; the latent recipes then insert K latent steps before every CoT step
 * (VaLR's schedule) at a lower learning rate.
 *
 * @param latents stage 2 trains with latent segments produced as inference produces them
 * @param alignment VaLR's REPA loss on the latents' hidden states at the alignment layer
 */
public enum Recipe {
    /** Plain CoT SFT for the whole budget: the control. */
    VANILLA(false, false),
    /** Latent segments without alignment: what the latents give on their own. */
    LATENT_NOALIGN(true, false),
    /** Latent segments aligned to the teachers' patch features (VaLR). */
    VALR(true, true);

    private final boolean latents;
    private final boolean alignment;

    Recipe(boolean latents, boolean alignment) {
        this.latents = latents;
        this.alignment = alignment;
    }

    public boolean latents() {
        return latents;
    }

    public boolean alignment() {
        return alignment;
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static Recipe parse(String s) {
        for (Recipe r : values()) {
            if (r.wireName().equals(s.trim().toLowerCase(Locale.ROOT))) {
                return r;
            }
        }
        throw new IllegalArgumentException("unknown recipe \"" + s + "\" (expected vanilla, latent-noalign or valr;"
                + " lvr and mixed are not implemented yet)");
    }
}
