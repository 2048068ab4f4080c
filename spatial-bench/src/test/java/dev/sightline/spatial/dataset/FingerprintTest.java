package dev.sightline.spatial.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sightline.spatial.question.CotStep;
import dev.sightline.spatial.render.RenderedView;
import dev.sightline.spatial.scene.SceneObject;
import dev.sightline.spatial.teacher.TeacherFeatures;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * Pins the content of a few samples, so that a change that alters generation (a different scene, question,
 * pixel, depth or teacher value) is noticed. The digest covers values, not PNG bytes: those also depend on
 * the JDK's deflater. After an intended change to generation, update the constants.
 */
class FingerprintTest {

    @Test
    void aSampleOfEverySplitIsPinned() {
        assertEquals("ea0b51cf418ebc28", fingerprint(SpatialDataset.sample(Split.TRAIN, 0, SceneOptions.TINY)));
        assertEquals("a4af1da603b4cea3", fingerprint(SpatialDataset.sample(Split.TEST, 1, SceneOptions.TINY)));
        assertEquals("d5930f99535892ab", fingerprint(SpatialDataset.sample(Split.HARD, 5, SceneOptions.TINY)));
    }

    static String fingerprint(SpatialSample sample) {
        MessageDigest digest = sha256();
        for (SceneObject o : sample.scene().objects()) {
            update(digest, o.shape().ordinal(), o.colour().ordinal(), o.size().ordinal());
            update(digest, Double.doubleToLongBits(o.x()), Double.doubleToLongBits(o.z()));
        }
        digest.update(sample.questionText().getBytes(StandardCharsets.UTF_8));
        digest.update(sample.answer().getBytes(StandardCharsets.UTF_8));
        for (CotStep step : sample.cot()) {
            digest.update(step.text().getBytes(StandardCharsets.UTF_8));
            digest.update(step.objects().toString().getBytes(StandardCharsets.UTF_8));
        }
        for (RenderedView view : sample.views()) {
            for (int rgb : view.image().pixels()) {
                update(digest, rgb);
            }
            for (float d : view.depth()) {
                update(digest, Float.floatToIntBits(d));
            }
            for (int id : view.objectIds()) {
                update(digest, id);
            }
        }
        for (TeacherFeatures features : sample.teacher()) {
            for (float[][] table : new float[][][] {features.geometry(), features.semantic()}) {
                for (float[] row : table) {
                    for (float value : row) {
                        update(digest, Float.floatToIntBits(value));
                    }
                }
            }
        }
        for (int rgb : sample.topDownMap().pixels()) {
            update(digest, rgb);
        }
        return HexFormat.of().formatHex(digest.digest()).substring(0, 16);
    }

    private static void update(MessageDigest digest, long... values) {
        ByteBuffer buffer = ByteBuffer.allocate(8 * values.length);
        for (long value : values) {
            buffer.putLong(value);
        }
        digest.update(buffer.array());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
