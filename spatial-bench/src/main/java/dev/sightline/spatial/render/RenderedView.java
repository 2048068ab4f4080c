package dev.sightline.spatial.render;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One rendered view of a scene: the RGB image and, per pixel, the depth, the world point seen and the id of
 * the object seen. All per-pixel arrays are row-major with index {@code v * size + u} (row 0 at the top).
 *
 * <p>An object is <em>visible</em> in a view when at least {@link #minVisiblePixels(int)} of its pixels are
 * (4 at 64x64, scaled with the image area), so that a sliver of a few pixels does not count; its {@link Box}
 * is {@link Box#EMPTY} otherwise. Accessors hand out copies.
 */
public final class RenderedView {
    /** Object id of pixels that show the table or the background. */
    public static final int NO_OBJECT = -1;

    /** Depth of pixels whose ray misses everything (background). */
    public static final float MISS_DEPTH = Float.POSITIVE_INFINITY;

    private final Camera camera;
    private final RgbImage image;
    private final float[] depth;
    private final float[] points;
    private final int[] objectIds;
    private final int[] pixelCounts;
    private final Box[] boxes;

    /** Takes ownership of the arrays; {@code objectCount} is the number of objects in the scene. */
    RenderedView(Camera camera, RgbImage image, float[] depth, float[] points, int[] objectIds, int objectCount) {
        this.camera = camera;
        this.image = image;
        this.depth = depth;
        this.points = points;
        this.objectIds = objectIds;
        this.pixelCounts = new int[objectCount];
        int[] minX = new int[objectCount];
        int[] minY = new int[objectCount];
        int[] maxX = new int[objectCount];
        int[] maxY = new int[objectCount];
        Arrays.fill(minX, Integer.MAX_VALUE);
        Arrays.fill(minY, Integer.MAX_VALUE);
        Arrays.fill(maxX, -1);
        Arrays.fill(maxY, -1);
        int size = image.size();
        for (int v = 0; v < size; v++) {
            for (int u = 0; u < size; u++) {
                int id = objectIds[v * size + u];
                if (id != NO_OBJECT) {
                    pixelCounts[id]++;
                    minX[id] = Math.min(minX[id], u);
                    minY[id] = Math.min(minY[id], v);
                    maxX[id] = Math.max(maxX[id], u);
                    maxY[id] = Math.max(maxY[id], v);
                }
            }
        }
        this.boxes = new Box[objectCount];
        int threshold = minVisiblePixels(size);
        for (int id = 0; id < objectCount; id++) {
            boxes[id] = pixelCounts[id] >= threshold ? new Box(minX[id], minY[id], maxX[id], maxY[id]) : Box.EMPTY;
        }
    }

    /** Fewest pixels an object needs to count as visible in a {@code size x size} image. */
    public static int minVisiblePixels(int size) {
        return Math.max(1, Math.round(4f * size * size / (64 * 64)));
    }

    /** Index of this view (0 to {@link Camera#MAX_VIEWS} - 1). */
    public int index() {
        return camera.view();
    }

    public Camera camera() {
        return camera;
    }

    /** Side in pixels. */
    public int size() {
        return image.size();
    }

    /** The shaded RGB image. */
    public RgbImage image() {
        return image;
    }

    /**
     * Depth per pixel: distance of the surface point from the camera along its optical axis, table units;
     * {@link #MISS_DEPTH} for background.
     */
    public float[] depth() {
        return depth.clone();
    }

    /**
     * World coordinates of the surface point per pixel, {@code [x, y, z]} at {@code 3 * (v * size + u)}; NaN
     * for background.
     */
    public float[] points() {
        return points.clone();
    }

    /** Object id per pixel; {@link #NO_OBJECT} for table and background. */
    public int[] objectIds() {
        return objectIds.clone();
    }

    /** Object id of pixel (u, v); {@link #NO_OBJECT} for table and background. */
    public int objectIdAt(int u, int v) {
        return objectIds[v * size() + u];
    }

    /** How many pixels show object {@code id}. */
    public int pixelCount(int id) {
        return pixelCounts[id];
    }

    /** Whether object {@code id} is visible (see the class comment). */
    public boolean isVisible(int id) {
        return !boxes[id].isEmpty();
    }

    /** Bounding box of object {@code id}'s pixels; {@link Box#EMPTY} when not visible. */
    public Box box(int id) {
        return boxes[id];
    }

    /** Ids of the visible objects, ascending. */
    public List<Integer> visibleObjectIds() {
        List<Integer> ids = new ArrayList<>();
        for (int id = 0; id < boxes.length; id++) {
            if (isVisible(id)) {
                ids.add(id);
            }
        }
        return ids;
    }
}
