package dev.sightline.spatial.render;

/**
 * A pinhole camera with a square image. The views of a sample stand on a circle around the table, above and
 * in front of it, and look down at the near part of the table: view {@code v} stands at azimuth {@code v * 90}
 * degrees (view 0 on the +z side, then +x, -z, -x, i.e. walking counter-clockwise seen from above), so each
 * view sees its own side of the table well and the far edge partly or not at all.
 *
 * <p>Pixel convention: {@code u} is the column (0 = left), {@code v} the row (0 = top); a pixel's ray goes
 * through its centre. Trigonometry uses {@link StrictMath} so that cameras are bit-identical on every JVM.
 */
public final class Camera {
    /** Most views a sample can have. */
    public static final int MAX_VIEWS = 4;

    /** Horizontal distance from the table centre to every camera, table units. */
    public static final double ORBIT_RADIUS = 4.5;

    /** Height of every camera above the table, table units. */
    public static final double HEIGHT = 4.0;

    /** How far from the table centre towards the camera the optical axis meets the table, table units. */
    public static final double LOOK_AHEAD = 1.0;

    /** Full vertical (and horizontal) field of view, degrees. */
    public static final double FIELD_OF_VIEW_DEGREES = 40.0;

    private final int view;
    private final Vec3 eye;
    private final Vec3 forward;
    private final Vec3 right;
    private final Vec3 up;
    private final double tanHalfFov;

    private Camera(int view, Vec3 eye, Vec3 target) {
        this.view = view;
        this.eye = eye;
        this.forward = target.minus(eye).normalized();
        this.right = forward.cross(new Vec3(0, 1, 0)).normalized();
        this.up = right.cross(forward);
        this.tanHalfFov = StrictMath.tan(StrictMath.toRadians(FIELD_OF_VIEW_DEGREES / 2));
    }

    /** The camera of view {@code view} (0 to {@link #MAX_VIEWS} - 1). */
    public static Camera forView(int view) {
        if (view < 0 || view >= MAX_VIEWS) {
            throw new IllegalArgumentException("view " + view + " outside 0.." + (MAX_VIEWS - 1));
        }
        double azimuth = StrictMath.toRadians(90.0 * view);
        double sin = StrictMath.sin(azimuth);
        double cos = StrictMath.cos(azimuth);
        Vec3 eye = new Vec3(ORBIT_RADIUS * sin, HEIGHT, ORBIT_RADIUS * cos);
        Vec3 target = new Vec3(LOOK_AHEAD * sin, 0, LOOK_AHEAD * cos);
        return new Camera(view, eye, target);
    }

    public int view() {
        return view;
    }

    /** Centre of projection, world frame. */
    public Vec3 eye() {
        return eye;
    }

    /** Unit optical axis. */
    public Vec3 forward() {
        return forward;
    }

    /** Unit vector pointing to the image's right. */
    public Vec3 right() {
        return right;
    }

    /** Unit vector pointing to the image's top. */
    public Vec3 up() {
        return up;
    }

    /** Unit direction of the ray through the centre of pixel (u, v) of a {@code size x size} image. */
    public Vec3 ray(int u, int v, int size) {
        double px = ((u + 0.5) / size * 2 - 1) * tanHalfFov;
        double py = (1 - (v + 0.5) / size * 2) * tanHalfFov;
        return forward.plus(right.times(px)).plus(up.times(py)).normalized();
    }

    /**
     * Where a world point lands in a {@code size x size} image: {@code {u, v, depth}} with continuous pixel
     * coordinates (pixel (0, 0) spans [0, 1) x [0, 1)) and depth along the optical axis; depth is not
     * positive for points behind the camera.
     */
    public double[] project(Vec3 point, int size) {
        Vec3 d = point.minus(eye);
        double depth = d.dot(forward);
        double px = d.dot(right) / depth / tanHalfFov;
        double py = d.dot(up) / depth / tanHalfFov;
        return new double[] {(px + 1) / 2 * size, (1 - py) / 2 * size, depth};
    }
}
