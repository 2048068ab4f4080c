package dev.sightline.gateway.image;

import dev.sightline.gateway.Problems;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.event.IIOReadWarningListener;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import org.springframework.http.HttpStatus;

/**
 * Checks one frame before anything is stored or published: PNG or JPEG by signature (415 otherwise), at
 * most {@code maxBytes} (413), dimensions read from the header and limited before any pixel is decoded —
 * which is what stops a decompression bomb (413) — then a full decode in which any warning (a truncated
 * JPEG decodes "successfully" with a warning) counts as corruption (422).
 */
public final class ImageInspector {
    private final long maxBytes;
    private final int maxSide;

    public ImageInspector(long maxBytes, int maxSide) {
        this.maxBytes = maxBytes;
        this.maxSide = maxSide;
    }

    /** Throws a problem naming {@code label} when the frame is not acceptable. */
    public void inspect(byte[] bytes, String label) {
        if (bytes.length > maxBytes) {
            throw Problems.of(
                    HttpStatus.CONTENT_TOO_LARGE,
                    "image-too-large",
                    label + " is " + bytes.length + " bytes; the limit is " + maxBytes);
        }
        String format = format(bytes);
        if (format == null) {
            throw Problems.of(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "not-an-image", label + " is not a PNG or JPEG image");
        }
        // in memory: ImageIO.createImageInputStream would cache the stream in a temporary file, one per frame
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(format);
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                int w = reader.getWidth(0);
                int h = reader.getHeight(0);
                if (w > maxSide || h > maxSide) {
                    throw Problems.of(
                            HttpStatus.CONTENT_TOO_LARGE,
                            "image-too-large",
                            label + " is " + w + "x" + h + " px; the limit is " + maxSide + " px a side");
                }
                if (w < 1 || h < 1) {
                    throw corrupt(label, "it declares " + w + "x" + h + " px");
                }
                String[] warning = new String[1];
                reader.addIIOReadWarningListener(new IIOReadWarningListener() {
                    @Override
                    public void warningOccurred(ImageReader source, String message) {
                        warning[0] = message;
                    }
                });
                reader.read(0);
                if (warning[0] != null) {
                    throw corrupt(label, warning[0]);
                }
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof org.springframework.web.ErrorResponseException problem) {
                throw problem;
            }
            throw corrupt(label, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        }
    }

    private static RuntimeException corrupt(String label, String why) {
        return Problems.of(
                HttpStatus.UNPROCESSABLE_CONTENT, "corrupt-image", label + " is a truncated or corrupt image: " + why);
    }

    /** "png", "jpeg" or null, by magic number. */
    static String format(byte[] b) {
        if (b.length >= 8
                && (b[0] & 0xff) == 0x89
                && b[1] == 'P'
                && b[2] == 'N'
                && b[3] == 'G'
                && b[4] == 0x0d
                && b[5] == 0x0a
                && b[6] == 0x1a
                && b[7] == 0x0a) {
            return "png";
        }
        if (b.length >= 3 && (b[0] & 0xff) == 0xff && (b[1] & 0xff) == 0xd8 && (b[2] & 0xff) == 0xff) {
            return "jpeg";
        }
        return null;
    }
}
