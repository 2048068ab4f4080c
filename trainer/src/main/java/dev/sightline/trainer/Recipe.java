package dev.sightline.trainer;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The training recipes, each a switch set over the losses. All start with a plain chain-of-thought SFT
 * stage (identical for every recipe with the same seed); the latent recipes then insert K latent steps
 * before every CoT step and before the answer (VaLR's schedule) at a lower learning rate.
 *
 * @param latents stage 2 trains with latent segments produced as inference produces them
 * @param alignment VaLR's REPA loss on the latents' hidden states at the alignment layer
 * @param reconstruction LVR's loss: each segment's latents reconstruct the visual tokens of the region its
 *     CoT step is about
 * @param sketch Modal-mixed CoT: after the first latent segment the model emits {@code <|sketch_start|>}
 *     and the diffusion head learns to imagine the top-down map's visual tokens from its hidden state
 */
public enum Recipe {
    /** Plain CoT SFT for the whole budget: the control. */
    VANILLA(false, false, false, false),
    /** Latent segments without any auxiliary loss: what the latents give on their own. */
    LATENT_NOALIGN(true, false, false, false),
    /** Latent segments aligned to the teachers' patch features (VaLR). */
    VALR(true, true, false, false),
    /** Latent segments that reconstruct the step's visual region (LVR). */
    LVR(true, false, true, false),
    /** VaLR plus the sketch diffusion head (Modal-mixed CoT): every loss the platform serves. */
    MIXED(true, true, false, true);

    private final boolean latents;
    private final boolean alignment;
    private final boolean reconstruction;
    private final boolean sketch;

    Recipe(boolean latents, boolean alignment, boolean reconstruction, boolean sketch) {
        this.latents = latents;
        this.alignment = alignment;
        this.reconstruction = reconstruction;
        this.sketch = sketch;
    }

    public boolean latents() {
        return latents;
    }

    public boolean alignment() {
        return alignment;
    }

    public boolean reconstruction() {
        return reconstruction;
    }

    public boolean sketch() {
        return sketch;
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
        throw new IllegalArgumentException("unknown recipe \"" + s + "\" (expected "
                + Arrays.stream(values()).map(Recipe::wireName).collect(Collectors.joining(", ")) + ")");
    }
}
