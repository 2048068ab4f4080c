package dev.sightline.gateway.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.springframework.web.ErrorResponseException;

class ImageInspectorTest {
    private final ImageInspector inspector = new ImageInspector(1 << 20, 4096);

    private static byte[] encode(BufferedImage img, String format) throws IOException {
        var out = new ByteArrayOutputStream();
        ImageIO.write(img, format, out);
        return out.toByteArray();
    }

    private int status(byte[] bytes) {
        var e = assertThrows(ErrorResponseException.class, () -> inspector.inspect(bytes, "image 0"));
        assertTrue(e.getBody().getDetail().startsWith("image 0"), "the problem names the frame");
        return e.getStatusCode().value();
    }

    @Test
    void aSmallPngOrJpegPasses() throws IOException {
        var img = new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB);
        inspector.inspect(encode(img, "png"), "image 0");
        inspector.inspect(encode(img, "jpeg"), "image 0");
    }

    @Test
    void somethingElseIsUnsupported() {
        assertEquals(415, status("GIF89a...".getBytes()));
    }

    @Test
    void truncatedImagesAreCorruptEvenWhereTheDecoderOnlyWarns() throws IOException {
        var img = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
        byte[] png = encode(img, "png");
        byte[] jpeg = encode(img, "jpeg");
        assertEquals(422, status(Arrays.copyOf(png, png.length / 2)));
        assertEquals(422, status(Arrays.copyOf(jpeg, jpeg.length * 2 / 3)));
    }

    @Test
    void tooManyBytesOrPixelsIsTooLarge() throws IOException {
        byte[] big = new byte[(1 << 20) + 1];
        big[0] = (byte) 0x89;
        assertEquals(413, status(big));
        assertEquals(413, status(encode(new BufferedImage(4097, 2, BufferedImage.TYPE_BYTE_GRAY), "png")));
    }
}
