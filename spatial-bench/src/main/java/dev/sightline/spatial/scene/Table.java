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

    private Table() {}

    /** Whether the point (x, z) of the plane y = 0 is on the table. */
    public static boolean contains(double x, double z) {
        return Math.abs(x) <= HALF_EXTENT && Math.abs(z) <= HALF_EXTENT;
    }
}
