package dev.sightline.spatial.teacher;

import dev.sightline.spatial.render.RenderedView;
import dev.sightline.spatial.scene.Colour;
import dev.sightline.spatial.scene.Scene;
import dev.sightline.spatial.scene.SceneObject;
import dev.sightline.spatial.scene.Shape;
import dev.sightline.spatial.scene.Size;

/**
 * The semantic teacher (the role DINO plays): per patch, which object attributes its pixels show. A row has
 * four groups:
 *
 * <ul>
 *   <li>{@link #COLOUR_OFFSET}..+7: fraction of the patch's <em>object</em> pixels of each {@link Colour}
 *       (enum order);
 *   <li>{@link #SHAPE_OFFSET}..+3: the same for each {@link Shape};
 *   <li>{@link #SIZE_OFFSET}..+2: the same for each {@link Size};
 *   <li>{@link #BACKGROUND}: fraction of <em>all</em> the patch's pixels that show table or background.
 * </ul>
 *
 * Each of the first three groups sums to 1 when the patch shows at least one object pixel and is all zero
 * otherwise; multiply a group by {@code 1 - row[BACKGROUND]} to get fractions of the whole patch.
 */
public final class SemanticTeacher {
    public static final int COLOUR_OFFSET = 0;
    public static final int SHAPE_OFFSET = COLOUR_OFFSET + Colour.values().length;
    public static final int SIZE_OFFSET = SHAPE_OFFSET + Shape.values().length;
    public static final int BACKGROUND = SIZE_OFFSET + Size.values().length;

    private SemanticTeacher() {}

    /** {@code float[numPatches][TeacherFeatures.SEMANTIC_DIM]} for {@code view} of {@code scene}. */
    public static float[][] features(RenderedView view, Scene scene, int patchSize) {
        int size = view.size();
        int side = TeacherFeatures.patchesPerSide(size, patchSize);
        int[] ids = view.objectIds();
        float[][] out = new float[side * side][TeacherFeatures.SEMANTIC_DIM];
        int pixels = patchSize * patchSize;
        for (int py = 0; py < side; py++) {
            for (int px = 0; px < side; px++) {
                int[] counts = new int[TeacherFeatures.SEMANTIC_DIM];
                int objectPixels = 0;
                for (int v = py * patchSize; v < (py + 1) * patchSize; v++) {
                    for (int u = px * patchSize; u < (px + 1) * patchSize; u++) {
                        int id = ids[v * size + u];
                        if (id == RenderedView.NO_OBJECT) {
                            counts[BACKGROUND]++;
                            continue;
                        }
                        SceneObject object = scene.object(id);
                        counts[COLOUR_OFFSET + object.colour().ordinal()]++;
                        counts[SHAPE_OFFSET + object.shape().ordinal()]++;
                        counts[SIZE_OFFSET + object.size().ordinal()]++;
                        objectPixels++;
                    }
                }
                float[] row = out[py * side + px];
                for (int k = 0; k < BACKGROUND; k++) {
                    row[k] = objectPixels == 0 ? 0f : (float) counts[k] / objectPixels;
                }
                row[BACKGROUND] = (float) counts[BACKGROUND] / pixels;
            }
        }
        return out;
    }
}
