package dev.sightline.spatial.teacher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sightline.spatial.render.Camera;
import dev.sightline.spatial.render.RenderedView;
import dev.sightline.spatial.render.Renderer;
import dev.sightline.spatial.render.Vec3;
import dev.sightline.spatial.scene.Colour;
import dev.sightline.spatial.scene.Scene;
import dev.sightline.spatial.scene.SceneObject;
import dev.sightline.spatial.scene.SceneRules;
import dev.sightline.spatial.scene.SceneSampler;
import dev.sightline.spatial.scene.SeededRandom;
import dev.sightline.spatial.scene.Shape;
import dev.sightline.spatial.scene.Size;
import java.util.List;
import org.junit.jupiter.api.Test;

class TeacherFeaturesTest {
    private static final float EPS = 1e-5f;

    @Test
    void shapesFollowTheImageAndPatchSize() {
        Scene scene = SceneSampler.sample(new SeededRandom(1), SceneRules.TRAINING);
        RenderedView tiny = Renderer.render(scene, Camera.forView(0), 64);
        TeacherFeatures eight = TeacherFeatures.of(tiny, scene, 8);
        assertEquals(64, eight.numPatches());
        assertEquals(TeacherFeatures.GEOMETRY_DIM, eight.geometry()[0].length);
        assertEquals(TeacherFeatures.SEMANTIC_DIM, eight.semantic()[63].length);
        assertEquals(256, TeacherFeatures.of(tiny, scene, 4).numPatches());
        RenderedView small = Renderer.render(scene, Camera.forView(0), 128);
        assertEquals(64, TeacherFeatures.of(small, scene, 16).numPatches());
        assertThrows(IllegalArgumentException.class, () -> TeacherFeatures.of(tiny, scene, 7));
        assertEquals(16, SemanticTeacher.BACKGROUND + 1);
    }

    @Test
    void semanticGroupsSumToOneWhereObjectsAreSeen() {
        for (long seed = 0; seed < 20; seed++) {
            Scene scene = SceneSampler.sample(new SeededRandom(seed), SceneRules.HARD);
            for (RenderedView view : Renderer.renderViews(scene, 4, 64)) {
                float[][] semantic = SemanticTeacher.features(view, scene, 8);
                for (int p = 0; p < semantic.length; p++) {
                    float[] row = semantic[p];
                    float background = row[SemanticTeacher.BACKGROUND];
                    assertTrue(background >= 0 && background <= 1);
                    float expected = background < 1 ? 1f : 0f;
                    assertEquals(expected, sum(row, SemanticTeacher.COLOUR_OFFSET, 8), EPS, "patch " + p);
                    assertEquals(expected, sum(row, SemanticTeacher.SHAPE_OFFSET, 4), EPS, "patch " + p);
                    assertEquals(expected, sum(row, SemanticTeacher.SIZE_OFFSET, 3), EPS, "patch " + p);
                }
            }
        }
    }

    @Test
    void aPatchCoveredByOneObjectNamesItsAttributes() {
        SceneObject sphere = new SceneObject(0, Shape.SPHERE, Colour.ORANGE, Size.LARGE, 0, Camera.LOOK_AHEAD);
        Scene scene = new Scene(List.of(sphere));
        RenderedView view = Renderer.render(scene, Camera.forView(0), 64);
        // the 4 x 4 patch holding the projection of the sphere's centre lies inside its ~14 px wide disc
        double[] p = Camera.forView(0).project(new Vec3(sphere.x(), sphere.radius(), sphere.z()), 64);
        int patch = ((int) p[1] / 4) * 16 + (int) p[0] / 4;
        float[] centre = SemanticTeacher.features(view, scene, 4)[patch];
        assertEquals(1f, centre[SemanticTeacher.COLOUR_OFFSET + Colour.ORANGE.ordinal()], EPS);
        assertEquals(1f, centre[SemanticTeacher.SHAPE_OFFSET + Shape.SPHERE.ordinal()], EPS);
        assertEquals(1f, centre[SemanticTeacher.SIZE_OFFSET + Size.LARGE.ordinal()], EPS);
        assertEquals(0f, centre[SemanticTeacher.BACKGROUND], EPS);
    }

    @Test
    void geometryDepthIsPositiveWhereSomethingIsSeenAndTheMeanPointIsOnTheSurface() {
        for (long seed = 0; seed < 20; seed++) {
            Scene scene = SceneSampler.sample(new SeededRandom(seed), SceneRules.TRAINING);
            for (RenderedView view : Renderer.renderViews(scene, 4, 64)) {
                float[][] geometry = GeometryTeacher.features(view, 8);
                float[][] semantic = SemanticTeacher.features(view, scene, 8);
                float[] depth = view.depth();
                for (int p = 0; p < geometry.length; p++) {
                    float[] row = geometry[p];
                    if (anySurface(depth, p, 64, 8)) {
                        assertTrue(row[GeometryTeacher.DEPTH] > 0
                                && row[GeometryTeacher.DEPTH] < GeometryTeacher.BACKGROUND_DEPTH);
                        assertTrue(
                                row[GeometryTeacher.Y] >= 0 && row[GeometryTeacher.Y] <= 1.0 + EPS,
                                "heights stay below the tallest object");
                    } else {
                        assertEquals(GeometryTeacher.BACKGROUND_DEPTH, row[GeometryTeacher.DEPTH]);
                        assertEquals(1f, semantic[p][SemanticTeacher.BACKGROUND]);
                    }
                    if (semantic[p][SemanticTeacher.BACKGROUND] == 1f) {
                        assertTrue(row[GeometryTeacher.Y] == 0f, "table-only patches lie on the table");
                    }
                }
            }
        }
    }

    private static boolean anySurface(float[] depth, int patch, int size, int patchSize) {
        int side = size / patchSize;
        int py = patch / side;
        int px = patch % side;
        for (int v = py * patchSize; v < (py + 1) * patchSize; v++) {
            for (int u = px * patchSize; u < (px + 1) * patchSize; u++) {
                if (depth[v * size + u] != RenderedView.MISS_DEPTH) {
                    return true;
                }
            }
        }
        return false;
    }

    private static float sum(float[] row, int from, int count) {
        float s = 0;
        for (int i = from; i < from + count; i++) {
            s += row[i];
        }
        return s;
    }
}
