package dev.sightline.latent.vision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class ImageFramesTest {
    @Test
    void aPngDecodesToItsPixelsFromMemory() throws Exception {
        var img = new BufferedImage(5, 3, BufferedImage.TYPE_INT_RGB);
        img.setRGB(4, 2, 0x00ff8000);
        var out = new ByteArrayOutputStream();
        ImageIO.write(img, "png", out);
        BufferedImage back = ImageFrames.decode(out.toByteArray(), "frame.png");
        assertEquals(5, back.getWidth());
        assertEquals(3, back.getHeight());
        assertEquals(0xff8000, back.getRGB(4, 2) & 0xffffff);
    }

    @Test
    void bytesThatAreNoImageAreRefusedWithTheirName() {
        var e = assertThrows(
                IllegalArgumentException.class, () -> ImageFrames.decode(new byte[] {1, 2, 3, 4}, "notes.txt"));
        assertTrue(e.getMessage().startsWith("notes.txt: "), e.getMessage());
    }
}
