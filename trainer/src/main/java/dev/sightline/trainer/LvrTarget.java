package dev.sightline.trainer;

/**
 * What LVR's reconstruction pulls a segment's K latents towards ({@code --lvr-target}).
 *
 * <p>{@link #REGION}: the visual tokens of the boxes of the objects the segment's step is about, pooled into K
 * groups (LVR's target; every run before this option existed). Those tokens are in the prompt already, so the
 * latents can meet it by copying. {@link #MAP}: the scene's top-down map (the sketch target) through the same
 * tower, standardized and area-pooled onto a √K × √K grid over the table: a layout the prompt does not hold, which
 * the latents must compute from the view, and which K resolves more finely (K = 16 cells over the 6 × 6 squares).
 * {@link #PYRAMID}: the same map, coarse to fine — latent 0 the whole table, latents 1–4 its 2 × 2 cells, 5–13 its
 * 3 × 3, then 4 × 4 and so on — so latent {@code i}'s target is the same whatever K, a larger K only adds detail to
 * what a smaller one holds, and any K is allowed (the last level may be partial).
 */
public enum LvrTarget {
    REGION,
    MAP,
    PYRAMID;

    /** The value as the command line and a checkpoint's settings spell it ({@code region}, {@code map}, {@code pyramid}). */
    public String option() {
        return OptionValues.spelling(this);
    }

    /**
     * The {@code [k, tokens]} weights that pool the top-down map's {@code tokens} into the targets of {@code k}
     * latents ({@link GridPooling}); {@link #REGION} pools the step's region instead, not the map.
     */
    float[] mapPooling(int k, int tokens) {
        return switch (this) {
            case MAP -> GridPooling.grid(k, tokens);
            case PYRAMID -> GridPooling.pyramid(k, tokens);
            case REGION -> throw new IllegalStateException("the region target pools no map");
        };
    }

    /**
     * @throws IllegalArgumentException naming the value and the ones there are
     */
    public static LvrTarget parse(String value) {
        return OptionValues.parse(values(), "--lvr-target", value);
    }
}
