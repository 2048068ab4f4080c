package dev.sightline.spatial.render;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sightline.spatial.scene.Colour;
import dev.sightline.spatial.scene.Scene;
import dev.sightline.spatial.scene.SceneObject;
import dev.sightline.spatial.scene.SceneRules;
import dev.sightline.spatial.scene.SceneSampler;
import dev.sightline.spatial.scene.SeededRandom;
import dev.sightline.spatial.scene.Shape;
import dev.sightline.spatial.scene.Size;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class RendererTest {

    @Test
    void everyObjectPixelLiesInItsObjectsBox() {
        for (long seed = 0; seed < 40; seed++) {
            Scene scene =
                    SceneSampler.sample(new SeededRandom(seed), seed % 2 == 0 ? SceneRules.TRAINING : SceneRules.HARD);
            for (RenderedView view : Renderer.renderViews(scene, 4, 64)) {
                int[] ids = view.objectIds();
                for (int v = 0; v < 64; v++) {
                    for (int u = 0; u < 64; u++) {
                        int id = ids[v * 64 + u];
                        if (id != RenderedView.NO_OBJECT && view.isVisible(id)) {
                            assertTrue(view.box(id).contains(u, v), "seed " + seed + " object " + id);
                        }
                    }
                }
                for (SceneObject object : scene.objects()) {
                    int id = object.id();
                    assertEquals(view.pixelCount(id) >= RenderedView.minVisiblePixels(64), view.isVisible(id));
                }
            }
        }
    }

    @Test
    void aBigRedObjectInFrontOfTheCameraFillsTheCentre() {
        SceneObject cube = new SceneObject(0, Shape.CUBE, Colour.RED, Size.LARGE, 0, Camera.LOOK_AHEAD);
        RenderedView view = Renderer.render(new Scene(List.of(cube)), Camera.forView(0), 64);
        int red = 0;
        for (int v = 28; v < 36; v++) {
            for (int u = 28; u < 36; u++) {
                int rgb = view.image().rgbAt(u, v);
                int r = (rgb >> 16) & 0xFF;
                int g = (rgb >> 8) & 0xFF;
                int b = rgb & 0xFF;
                if (r > 2 * g && r > 2 * b && view.objectIdAt(u, v) == 0) {
                    red++;
                }
            }
        }
        assertEquals(64, red);
        Box box = view.box(0);
        assertTrue(box.contains(32, 32) && box.width() > 8 && box.height() > 8, box.toString());
    }

    @Test
    void everyShapeIsSeenWhereItsCentreProjects() {
        Shape[] shapes = Shape.values();
        for (int view = 0; view < Camera.MAX_VIEWS; view++) {
            for (Shape shape : shapes) {
                SceneObject object = new SceneObject(0, shape, Colour.GREEN, Size.MEDIUM, 0.5, -0.4);
                Camera camera = Camera.forView(view);
                RenderedView rendered = Renderer.render(new Scene(List.of(object)), camera, 64);
                double[] p = camera.project(new Vec3(object.x(), object.radius() * 0.6, object.z()), 64);
                assertEquals(0, rendered.objectIdAt((int) p[0], (int) p[1]), shape + " in view " + view);
                float depth = rendered.depth()[(int) p[1] * 64 + (int) p[0]];
                assertTrue(depth > 0 && depth < p[2], shape + ": surface in front of its inside");
            }
        }
    }

    @Test
    void theTableAndTheBackgroundHaveNoObjectId() {
        RenderedView empty = Renderer.render(new Scene(List.of()), Camera.forView(2), 64);
        float[] depth = empty.depth();
        float[] points = empty.points();
        for (int i = 0; i < 64 * 64; i++) {
            assertEquals(RenderedView.NO_OBJECT, empty.objectIds()[i]);
            if (depth[i] != RenderedView.MISS_DEPTH) {
                assertEquals(0f, points[3 * i + 1], 1e-5f, "table points lie on y = 0");
            } else {
                assertEquals(Renderer.BACKGROUND_RGB, empty.image().rgbAt(i % 64, i / 64));
            }
        }
    }

    @Test
    void pngBytesDecodeToTheImage() throws IOException {
        Scene scene = SceneSampler.sample(new SeededRandom(3), SceneRules.TRAINING);
        RgbImage image = Renderer.render(scene, Camera.forView(1), 64).image();
        BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(image.png()));
        assertEquals(64, decoded.getWidth());
        int[] pixels = decoded.getRGB(0, 0, 64, 64, null, 0, 64);
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] &= 0xFFFFFF;
        }
        assertArrayEquals(image.pixels(), pixels);
        assertEquals(BufferedImage.TYPE_INT_RGB, image.toImage().getType());
    }

    @Test
    void theTopDownMapDrawsFootprintsWhereTheObjectsStand() {
        SceneObject cube = new SceneObject(0, Shape.CUBE, Colour.YELLOW, Size.LARGE, -1.5, 1.0);
        SceneObject cone = new SceneObject(1, Shape.CONE, Colour.BLUE, Size.SMALL, 2.0, -2.0);
        RgbImage map = TopDownMap.render(new Scene(List.of(cube, cone)), 64);
        for (SceneObject object : List.of(cube, cone)) {
            double[] p = TopDownMap.toPixel(object.x(), object.z(), 64);
            assertEquals(object.colour().rgb(), map.rgbAt((int) p[0], (int) p[1]));
        }
        assertEquals(Renderer.TABLE_RGB, map.rgbAt(32, 32));
        // the cube's corner is inside its square footprint, a disc would not cover it
        double[] corner = TopDownMap.toPixel(-1.5 + 0.45, 1.0 + 0.45, 64);
        assertEquals(Colour.YELLOW.rgb(), map.rgbAt((int) corner[0], (int) corner[1]));
    }
}
