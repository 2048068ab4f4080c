package dev.sightline.spatial.render;

import dev.sightline.spatial.scene.Scene;
import dev.sightline.spatial.scene.SceneObject;
import dev.sightline.spatial.scene.Table;
import java.util.ArrayList;
import java.util.List;

/**
 * The software ray caster: one ray through each pixel centre, nearest hit among the objects and the table,
 * Lambert shading with one directional light plus ambient, a flat background colour for misses. No
 * randomness and no anti-aliasing, so that the image, depth and object-id maps agree pixel for pixel and a
 * scene always renders to the same bytes.
 */
public final class Renderer {
    /** Unit vector towards the light (above, a little to the left and towards view 0). */
    public static final Vec3 LIGHT = new Vec3(-0.4, 1.0, 0.5).normalized();

    /** Shade of a surface facing away from the light. */
    public static final double AMBIENT = 0.55;

    /** Added shade of a surface facing the light. */
    public static final double DIFFUSE = 0.45;

    /** Base colour of the tabletop; every other 1 x 1 square is {@link #CHECKER_SHADE} darker. */
    public static final int TABLE_RGB = 0xA08464;

    /** Brightness of the dark squares of the table's checkerboard (a cue for distances). */
    public static final double CHECKER_SHADE = 0.86;

    /** Colour of rays that miss the table and every object. */
    public static final int BACKGROUND_RGB = 0x23262E;

    private Renderer() {}

    /** The views {@code 0..count-1} of {@code scene}, each {@code size x size} pixels. */
    public static List<RenderedView> renderViews(Scene scene, int count, int size) {
        List<RenderedView> views = new ArrayList<>(count);
        for (int view = 0; view < count; view++) {
            views.add(render(scene, Camera.forView(view), size));
        }
        return views;
    }

    /** Renders {@code scene} through {@code camera} into a {@code size x size} view. */
    public static RenderedView render(Scene scene, Camera camera, int size) {
        int n = size * size;
        int[] rgb = new int[n];
        float[] depth = new float[n];
        float[] points = new float[3 * n];
        int[] ids = new int[n];
        Vec3 eye = camera.eye();
        Vec3 forward = camera.forward();
        double[] normal = new double[3];
        double tableShade = AMBIENT + DIFFUSE * Math.max(0, LIGHT.y());
        for (int v = 0; v < size; v++) {
            for (int u = 0; u < size; u++) {
                int i = v * size + u;
                Vec3 d = camera.ray(u, v, size);
                double best = Double.POSITIVE_INFINITY;
                SceneObject hit = null;
                for (SceneObject object : scene.objects()) {
                    double t = Intersections.hit(object, eye.x(), eye.y(), eye.z(), d.x(), d.y(), d.z());
                    if (t < best) {
                        best = t;
                        hit = object;
                    }
                }
                double tableT = d.y() < 0 ? -eye.y() / d.y() : Double.POSITIVE_INFINITY;
                boolean onTable = tableT < best && Table.contains(eye.x() + tableT * d.x(), eye.z() + tableT * d.z());
                if (onTable) {
                    best = tableT;
                    hit = null;
                }
                if (hit == null && !onTable) {
                    rgb[i] = BACKGROUND_RGB;
                    depth[i] = RenderedView.MISS_DEPTH;
                    points[3 * i] = points[3 * i + 1] = points[3 * i + 2] = Float.NaN;
                    ids[i] = RenderedView.NO_OBJECT;
                    continue;
                }
                double px = eye.x() + best * d.x();
                double py = onTable ? 0 : eye.y() + best * d.y();
                double pz = eye.z() + best * d.z();
                points[3 * i] = (float) px;
                points[3 * i + 1] = (float) py;
                points[3 * i + 2] = (float) pz;
                depth[i] = (float) (best * d.dot(forward));
                if (onTable) {
                    boolean dark = ((long) Math.floor(px) + (long) Math.floor(pz)) % 2 != 0;
                    rgb[i] = shade(TABLE_RGB, tableShade * (dark ? CHECKER_SHADE : 1));
                    ids[i] = RenderedView.NO_OBJECT;
                } else {
                    Intersections.normal(hit, px, py, pz, normal);
                    double lambert = normal[0] * LIGHT.x() + normal[1] * LIGHT.y() + normal[2] * LIGHT.z();
                    rgb[i] = shade(hit.colour().rgb(), AMBIENT + DIFFUSE * Math.max(0, lambert));
                    ids[i] = hit.id();
                }
            }
        }
        return new RenderedView(camera, new RgbImage(size, rgb), depth, points, ids, scene.size());
    }

    /** {@code rgb} with each channel scaled by {@code factor} (rounded, clamped to 255). */
    static int shade(int rgb, double factor) {
        int r = channel((rgb >> 16) & 0xFF, factor);
        int g = channel((rgb >> 8) & 0xFF, factor);
        int b = channel(rgb & 0xFF, factor);
        return (r << 16) | (g << 8) | b;
    }

    private static int channel(int value, double factor) {
        return (int) Math.min(255, Math.round(value * factor));
    }
}
