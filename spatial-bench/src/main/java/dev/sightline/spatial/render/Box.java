package dev.sightline.spatial.render;

/**
 * An axis-aligned pixel bounding box, both corners inclusive: columns {@code minX..maxX}, rows
 * {@code minY..maxY} (row 0 at the top). {@link #EMPTY} stands for "not visible in that view".
 */
public record Box(int minX, int minY, int maxX, int maxY) {

    /** No pixels. */
    public static final Box EMPTY = new Box(-1, -1, -1, -1);

    public boolean isEmpty() {
        return minX < 0;
    }

    /** Whether pixel (u, v) lies in the box. */
    public boolean contains(int u, int v) {
        return !isEmpty() && u >= minX && u <= maxX && v >= minY && v <= maxY;
    }

    /** Width in pixels (0 when empty). */
    public int width() {
        return isEmpty() ? 0 : maxX - minX + 1;
    }

    /** Height in pixels (0 when empty). */
    public int height() {
        return isEmpty() ? 0 : maxY - minY + 1;
    }
}
