package dev.sightline.spatial.dataset;

import dev.sightline.spatial.question.Family;
import dev.sightline.spatial.render.Camera;
import java.util.Arrays;
import java.util.List;

/**
 * How samples are rendered.
 *
 * @param imageSize side of every image in pixels (64 for the tiny model, 128 for small; 16 to 512 allowed)
 * @param views views per sample, 1 to {@link Camera#MAX_VIEWS}; the sample has views {@code 0..views-1}
 * @param patchSize side of a teacher patch in pixels; must divide {@code imageSize}
 */
public record SceneOptions(int imageSize, int views, int patchSize) {

    /** The tiny model's input: 64 x 64, four views, 8-pixel patches (8 x 8 = 64 patches per view). */
    public static final SceneOptions TINY = new SceneOptions(64, 4, 8);

    /** The small model's input: 128 x 128, four views, 16-pixel patches (8 x 8 = 64 patches per view). */
    public static final SceneOptions SMALL = new SceneOptions(128, 4, 16);

    public SceneOptions {
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
