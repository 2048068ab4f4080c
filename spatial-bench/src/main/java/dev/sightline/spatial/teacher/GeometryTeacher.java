package dev.sightline.spatial.teacher;

import dev.sightline.spatial.render.RenderedView;

/**
 * The geometry teacher (the role a 3D foundation model such as pi^3 plays): per patch, the mean world
 * coordinates {@code (x, y, z)} and the mean depth (along the optical axis) of the surface points its pixels
 * see, table units. Background pixels (rays that miss the table) are left out of the means; a patch with no
 * surface pixel at all is {@code (0, 0, 0, BACKGROUND_DEPTH)}.
 */
public final class GeometryTeacher {
    /** Depth given to patches that see only background: farther than any point of the table. */
    public static final float BACKGROUND_DEPTH = 20f;

    /** Column of the mean x in a geometry row; y, z and depth follow. */
    public static final int X = 0;

    public static final int Y = 1;
    public static final int Z = 2;
    public static final int DEPTH = 3;

    private GeometryTeacher() {}

    /** {@code float[numPatches][TeacherFeatures.GEOMETRY_DIM]} for {@code view}. */
    public static float[][] features(RenderedView view, int patchSize) {
        int size = view.size();
        int side = TeacherFeatures.patchesPerSide(size, patchSize);
        float[] depth = view.depth();
        float[] points = view.points();
        float[][] out = new float[side * side][TeacherFeatures.GEOMETRY_DIM];
        for (int py = 0; py < side; py++) {
            for (int px = 0; px < side; px++) {
                double[] sum = new double[TeacherFeatures.GEOMETRY_DIM];
                int hits = 0;
                for (int v = py * patchSize; v < (py + 1) * patchSize; v++) {
                    for (int u = px * patchSize; u < (px + 1) * patchSize; u++) {
                        int i = v * size + u;
                        if (depth[i] == RenderedView.MISS_DEPTH) {
                            continue;
                        }
                        sum[X] += points[3 * i];
                        sum[Y] += points[3 * i + 1];
                        sum[Z] += points[3 * i + 2];
                        sum[DEPTH] += depth[i];
                        hits++;
                    }
                }
                float[] row = out[py * side + px];
                if (hits == 0) {
                    row[DEPTH] = BACKGROUND_DEPTH;
                } else {
                    for (int k = 0; k < row.length; k++) {
                        row[k] = (float) (sum[k] / hits);
                    }
                }
            }
        }
        return out;
    }
}
