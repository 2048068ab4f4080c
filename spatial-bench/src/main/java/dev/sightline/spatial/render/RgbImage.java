package dev.sightline.spatial.render;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import javax.imageio.ImageIO;

/**
 * A square RGB picture: the pixels ({@code 0xRRGGBB}, row-major, row 0 at the top) and their PNG encoding.
 * The PNG is encoded once, by ImageIO, from the pixels alone, so equal pixels give equal PNG bytes.
 */
public final class RgbImage {
    private final int size;
    private final int[] rgb;
    private final byte[] png;

    /** Takes ownership of {@code rgb} ({@code size * size} entries). */
    RgbImage(int size, int[] rgb) {
        if (rgb.length != size * size) {
            throw new IllegalArgumentException("expected " + size * size + " pixels, got " + rgb.length);
        }
        this.size = size;
        this.rgb = rgb;
        this.png = encode(toImage());
    }

    /** Side in pixels. */
    public int size() {
        return size;
    }

    /** {@code 0xRRGGBB} of pixel (u, v). */
    public int rgbAt(int u, int v) {
        return rgb[v * size + u];
    }

    /** A copy of the pixels, {@code 0xRRGGBB}, index {@code v * size + u}. */
    public int[] pixels() {
        return rgb.clone();
    }

    /** A new {@link BufferedImage#TYPE_INT_RGB} image of the pixels. */
    public BufferedImage toImage() {
        BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        image.setRGB(0, 0, size, size, rgb, 0, size);
        return image;
    }

    /** A copy of the PNG bytes. */
    public byte[] png() {
        return png.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RgbImage other && size == other.size && Arrays.equals(rgb, other.rgb);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(rgb);
    }

    private static byte[] encode(BufferedImage image) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            if (!ImageIO.write(image, "png", out)) {
                throw new IllegalStateException("no PNG writer available");
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
