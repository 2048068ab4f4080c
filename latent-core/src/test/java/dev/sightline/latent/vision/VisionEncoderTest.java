package dev.sightline.latent.vision;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.sightline.latent.TinyBundles;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class VisionEncoderTest {
    private static BufferedImage image(Color c) {
        var img = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
        var g = img.createGraphics();
        g.setColor(c);
        g.fillRect(8, 16, 30, 20);
        g.dispose();
        return img;
    }

    @Test
    void framesEncodedApartAtTheirPositionsEqualTheTaskEncodedWhole() {
        try (var bundle = TinyBundles.loadTiny()) {
            var encoder = new VisionEncoder(bundle);
            var a = image(Color.RED);
            var b = image(Color.BLUE);
            VisualTokens whole = encoder.encode(List.of(a, b));
            // b alone at frame 1, a alone at frame 0, in one batch in the other order: what a serving encoder
            // caching per frame does.
            float[][] apart = encoder.encodeAt(List.of(b, a), new int[] {1, 0});
            int per = whole.tokensPerFrame() * whole.dim();
            float[] frame0 = Arrays.copyOfRange(whole.data(), 0, per);
            float[] frame1 = Arrays.copyOfRange(whole.data(), per, 2 * per);
            assertArrayEquals(frame0, apart[1], 1e-4f);
            assertArrayEquals(frame1, apart[0], 1e-4f);
        }
    }

    @Test
    void theFramePositionChangesTheTokens() {
        try (var bundle = TinyBundles.loadTiny()) {
            var encoder = new VisionEncoder(bundle);
            var a = image(Color.GREEN);
            float[][] both = encoder.encodeAt(List.of(a, a), new int[] {0, 3});
            assertEquals(both[0].length, both[1].length);
            assertThrows(AssertionError.class, () -> assertArrayEquals(both[0], both[1], 1e-6f));
        }
    }

    @Test
    void aFrameIndexOutsideTheTowerIsRejected() {
        try (var bundle = TinyBundles.loadTiny()) {
            var encoder = new VisionEncoder(bundle);
            var e = assertThrows(
                    IllegalArgumentException.class,
                    () -> encoder.encodeAt(
                            List.of(image(Color.RED)),
                            new int[] {encoder.config().maxFrames()}));
            assertEquals(true, e.getMessage().contains("frame index"));
        }
    }
}
