package dev.sightline.contracts;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class ContractsTest {
    @Test
    void deadLetterTopicsFollowTheNamingRule() {
        assertEquals("sightline.tasks.v1.DLT", Topics.deadLetter(Topics.TASKS));
    }

    @Test
    void anEnvelopeWithoutIdentityIsRejected() {
        assertThrows(
                NullPointerException.class,
                () -> new EventEnvelope<>(null, "t", "x", "task.submitted", 1, Instant.now(), "gw", "p"));
        assertThrows(
                IllegalArgumentException.class,
                () -> new EventEnvelope<>("e", "t", "x", "task.submitted", 0, Instant.now(), "gw", "p"));
    }

    @Test
    void featureBytesAreLittleEndianFloat32AndRoundTripIntoAnOffset() {
        byte[] value = FeatureBytes.encode(new float[] {1f, -2.5f});
        assertArrayEquals(new byte[] {0, 0, (byte) 0x80, 0x3f, 0, 0, 0x20, (byte) 0xc0}, value);
        float[] into = new float[4];
        FeatureBytes.decode("feat:e:abc:0", value, into, 1, 2);
        assertArrayEquals(new float[] {0f, 1f, -2.5f, 0f}, into);
    }

    @Test
    void aFeatureValueOfTheWrongSizeNamesItsKey() {
        var e = assertThrows(
                IllegalArgumentException.class,
                () -> FeatureBytes.decode("feat:e:abc:1", new byte[6], new float[2], 0, 2));
        assertEquals("feat:e:abc:1 holds 6 bytes, expected 8", e.getMessage());
    }
}
