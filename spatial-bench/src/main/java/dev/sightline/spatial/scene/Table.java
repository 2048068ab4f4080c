package dev.sightline.spatial.scene;

/**
 * The tabletop every scene stands on: the square {@code [-HALF_EXTENT, HALF_EXTENT]} in x and z of the
 * plane y = 0, in table units.
 *
 * <p>World frame (right-handed, y up): the origin is the table centre; +x points to the right and +z points
 * towards the camera of view 0, so view 0 sees the table the way the top-down map draws it (far edge, -z,
 * at the top).
 */
public final class Table {
    /** Half the side of the square table, in table units. */
    public static final double HALF_EXTENT = 3.0;

    /** The 1 x 1 squares along each side: columns along +x, rows along +z, 0 at the -x, -z corner. */
    public static final int SQUARES = (int) (2 * HALF_EXTENT);

    private Table() {}

    /** The square (0..SQUARES-1) that coordinate {@code v} falls in; the far edge belongs to the last one. */
    public static int square(double v) {
        return Math.max(0, Math.min(SQUARES - 1, (int) Math.floor(v + HALF_EXTENT)));
    }

    /** The coordinate of square {@code square}'s centre. */
    public static double centre(int square) {
        return square - HALF_EXTENT + 0.5;
    }

    /** Whether the point (x, z) of the plane y = 0 is on the table. */
    public static boolean contains(double x, double z) {
        return Math.abs(x) <= HALF_EXTENT && Math.abs(z) <= HALF_EXTENT;
    }
}
