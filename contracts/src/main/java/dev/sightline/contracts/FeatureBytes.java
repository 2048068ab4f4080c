package dev.sightline.contracts;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The value stored under {@link RedisKeys#features}: one frame's visual tokens {@code [tokensPerFrame,
 * d_model]}, row-major, as little-endian float32 — written by the vision encoder, read by the reasoner. The
 * one home of that layout, so the two sides cannot drift apart.
 */
public final class FeatureBytes {
    private FeatureBytes() {}

    /** {@code tokens} (row-major {@code [tokensPerFrame, d_model]}) as the cached value. */
    public static byte[] encode(float[] tokens) {
        ByteBuffer b = ByteBuffer.allocate(tokens.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(tokens);
        return b.array();
    }

    /**
     * Decodes one frame's value into {@code into[offset, offset + count)}.
     *
     * @param key the Redis key the value came from, named in the error
     * @throws IllegalArgumentException when the value does not hold exactly {@code count} floats
     */
    public static void decode(String key, byte[] value, float[] into, int offset, int count) {
        if (value.length != count * Float.BYTES) {
            throw new IllegalArgumentException(
                    key + " holds " + value.length + " bytes, expected " + count * Float.BYTES);
        }
        ByteBuffer.wrap(value).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(into, offset, count);
    }
}
