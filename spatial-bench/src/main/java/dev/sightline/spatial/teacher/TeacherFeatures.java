package dev.sightline.spatial.teacher;

import dev.sightline.spatial.render.RenderedView;
import dev.sightline.spatial.scene.Scene;

/**
 * Dense teacher targets of one view, one row per patch. Patches are {@code patchSize x patchSize} pixel
 * squares in row-major order (patch index {@code py * (size / patchSize) + px}, row 0 at the top), the order
 * a ViT flattens them in.
 *
 * @param geometry {@code [numPatches][GEOMETRY_DIM]}: see {@link GeometryTeacher}
 * @param semantic {@code [numPatches][SEMANTIC_DIM]}: see {@link SemanticTeacher}
 *     <p>Arrays are shared, not copied; {@code equals} compares them by reference (use {@link
 *     java.util.Arrays#deepEquals}).
 */
public record TeacherFeatures(float[][] geometry, float[][] semantic) {

    /** Width of a geometry row: mean x, y, z and depth. */
    public static final int GEOMETRY_DIM = 4;

    /** Width of a semantic row: 8 colours, 4 shapes, 3 sizes, 1 table/background. */
    public static final int SEMANTIC_DIM = 16;

    public TeacherFeatures {
        if (geometry.length != semantic.length) {
            throw new IllegalArgumentException(
                    "geometry has " + geometry.length + " patches, semantic " + semantic.length);
        }
    }

    /** Computes both teachers for {@code view} of {@code scene}. */
    public static TeacherFeatures of(RenderedView view, Scene scene, int patchSize) {
        return new TeacherFeatures(
                GeometryTeacher.features(view, patchSize), SemanticTeacher.features(view, scene, patchSize));
    }

    public int numPatches() {
        return geometry.length;
    }

    /** Patches along a side of a {@code size x size} image; {@code size} must be a multiple of {@code patchSize}. */
    public static int patchesPerSide(int size, int patchSize) {
        if (patchSize <= 0 || size % patchSize != 0) {
            throw new IllegalArgumentException("patch size " + patchSize + " does not divide image size " + size);
        }
        return size / patchSize;
    }
}
