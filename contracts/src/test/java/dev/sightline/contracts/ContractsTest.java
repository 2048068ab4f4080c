package dev.sightline.contracts;

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
}
