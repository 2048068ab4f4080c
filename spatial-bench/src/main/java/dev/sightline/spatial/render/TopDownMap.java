package dev.sightline.spatial.render;

import dev.sightline.spatial.scene.Scene;
import dev.sightline.spatial.scene.SceneObject;
import dev.sightline.spatial.scene.Shape;
import dev.sightline.spatial.scene.Table;

/**
 * The bird's-eye sketch of a scene (the target the model learns to imagine): an orthographic view straight
 * down on exactly the table, {@code size x size} pixels, column 0 at x = -{@link Table#HALF_EXTENT} and row 0
 * at z = -{@link Table#HALF_EXTENT} (the far side as seen from view 0). The table is flat {@link
 * Renderer#TABLE_RGB}; each object is its footprint (a square for a cube, a disc otherwise) in its unshaded
 * colour. Footprints never overlap, so drawing order does not matter.
 */
public final class TopDownMap {

    private TopDownMap() {}

    public static RgbImage render(Scene scene, int size) {
        int[] rgb = new int[size * size];
        double cell = 2 * Table.HALF_EXTENT / size;
        for (int v = 0; v < size; v++) {
            double z = -Table.HALF_EXTENT + (v + 0.5) * cell;
            for (int u = 0; u < size; u++) {
                double x = -Table.HALF_EXTENT + (u + 0.5) * cell;
                int colour = Renderer.TABLE_RGB;
                for (SceneObject object : scene.objects()) {
                    if (covers(object, x, z)) {
                        colour = object.colour().rgb();
                        break;
                    }
                }
                rgb[v * size + u] = colour;
            }
        }
        return new RgbImage(size, rgb);
    }

    /** Pixel (column, row) of the world point (x, z) in a {@code size x size} map, continuous. */
    public static double[] toPixel(double x, double z, int size) {
        double scale = size / (2 * Table.HALF_EXTENT);
        return new double[] {(x + Table.HALF_EXTENT) * scale, (z + Table.HALF_EXTENT) * scale};
    }

    private static boolean covers(SceneObject object, double x, double z) {
        double dx = x - object.x();
        double dz = z - object.z();
        double r = object.radius();
        if (object.shape() == Shape.CUBE) {
            return Math.abs(dx) <= r && Math.abs(dz) <= r;
        }
        return dx * dx + dz * dz <= r * r;
    }
}
