package dev.sightline.spatial.dataset;

import dev.sightline.spatial.question.Chains;
import dev.sightline.spatial.question.Family;
import dev.sightline.spatial.render.Camera;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * How samples are rendered, and how their chains of thought are written.
 *
 * @param imageSize side of every image in pixels (64 for the tiny model, 128 for small; 16 to 512 allowed)
 * @param views views per sample, 1 to {@link Camera#MAX_VIEWS}; the sample has views {@code 0..views-1}
 * @param patchSize side of a teacher patch in pixels; must divide {@code imageSize}
 * @param chains the chains' style; with {@link Chains#GRID} some questions of the distance and direction
 *     families differ from {@link Chains#DECIMAL}'s (those whose square-level answer is not the exact one are
 *     not asked), every other sample is the same
 */
public record SceneOptions(int imageSize, int views, int patchSize, Chains chains) {

    /** The tiny model's input: 64 x 64, four views, 8-pixel patches (8 x 8 = 64 patches per view). */
    public static final SceneOptions TINY = new SceneOptions(64, 4, 8);

    /** The small model's input: 128 x 128, four views, 16-pixel patches (8 x 8 = 64 patches per view). */
    public static final SceneOptions SMALL = new SceneOptions(128, 4, 16);

    /** Options with {@link Chains#DECIMAL} chains. */
    public SceneOptions(int imageSize, int views, int patchSize) {
        this(imageSize, views, patchSize, Chains.DECIMAL);
    }

    public SceneOptions {
        Objects.requireNonNull(chains, "chains");
        if (imageSize < 16 || imageSize > 512) {
            throw new IllegalArgumentException("image size " + imageSize + " outside 16..512");
        }
        if (views < 1 || views > Camera.MAX_VIEWS) {
            throw new IllegalArgumentException("views " + views + " outside 1.." + Camera.MAX_VIEWS);
        }
        if (patchSize < 1 || imageSize % patchSize != 0) {
            throw new IllegalArgumentException("patch size " + patchSize + " does not divide image size " + imageSize);
        }
    }

    /** The same options with {@code views} views. */
    public SceneOptions withViews(int views) {
        return views == this.views ? this : new SceneOptions(imageSize, views, patchSize, chains);
    }

    /** The same options with {@code chains} chains. */
    public SceneOptions withChains(Chains chains) {
        return chains == this.chains ? this : new SceneOptions(imageSize, views, patchSize, chains);
    }

    /** Patches per view: {@code (imageSize / patchSize)^2}. */
    public int patchesPerView() {
        int side = imageSize / patchSize;
        return side * side;
    }

    /** The families these options can ask, in enum order (appearance order needs two views). */
    public List<Family> families() {
        return Arrays.stream(Family.values()).filter(f -> f.minViews() <= views).toList();
    }
}
