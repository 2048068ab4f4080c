package dev.sightline.latent.vision;

import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import javax.imageio.stream.MemoryCacheImageInputStream;

/** Decodes PNG/JPEG frames and turns them into normalized patch rows for the ViT. */
public final class ImageFrames {
    private ImageFrames() {}

    /** Decodes an image file; the error names the file. */
    public static BufferedImage read(Path file) {
        try {
            return decode(Files.readAllBytes(file), file.toString());
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot read image: " + e.getMessage(), e);
        }
    }

    /** Decodes image bytes; {@code name} labels errors. */
    public static BufferedImage decode(byte[] bytes, String name) {
        try {
            // in memory: ImageIO.read(InputStream) caches the stream in a temporary file, one per image
            var in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes));
            BufferedImage img = ImageIO.read(in); // closes the stream, unless no reader knew the format
            if (img == null) {
                in.close();
                throw new IllegalArgumentException(name + ": not a PNG or JPEG image");
            }
            return img;
        } catch (IOException e) {
            throw new IllegalArgumentException(name + ": corrupt image: " + e.getMessage(), e);
        }
    }

    /**
     * Resizes to {@code size x size} (bilinear), scales RGB to [-1, 1] and cuts {@code patch x patch}
     * patches in raster order, each flattened as {@code (channel, row, column)} — the layout of a Conv2d
     * weight {@code [out, 3, p, p]} flattened to {@code [out, 3*p*p]}.
     *
     * @return {@code [(size/patch)^2 * 3*patch*patch]} row-major
     */
    public static float[] patches(BufferedImage image, int size, int patch) {
        BufferedImage img = image;
        if (image.getWidth() != size || image.getHeight() != size || image.getType() != BufferedImage.TYPE_INT_RGB) {
            img = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
            var g = img.createGraphics();
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(image, 0, 0, size, size, null);
            g.dispose();
        }
        int side = size / patch;
        int dim = 3 * patch * patch;
        float[] out = new float[side * side * dim];
        for (int py = 0; py < side; py++) {
            for (int px = 0; px < side; px++) {
                int base = (py * side + px) * dim;
                for (int y = 0; y < patch; y++) {
                    for (int x = 0; x < patch; x++) {
                        int rgb = img.getRGB(px * patch + x, py * patch + y);
                        int at = y * patch + x;
                        out[base + at] = ((rgb >> 16) & 0xff) / 127.5f - 1f;
                        out[base + patch * patch + at] = ((rgb >> 8) & 0xff) / 127.5f - 1f;
                        out[base + 2 * patch * patch + at] = (rgb & 0xff) / 127.5f - 1f;
                    }
                }
            }
        }
        return out;
    }
}
