package dev.sightline.gateway.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class WaitPreferenceTest {
    private static final Duration MAX = Duration.ofSeconds(60);

    @Test
    void aWaitIsReadAmongOtherPreferences() {
        assertEquals(
                Duration.ofSeconds(10),
                WaitPreference.parse("respond-async, wait=10", MAX).duration());
        assertEquals(
                Duration.ofSeconds(5),
                WaitPreference.parse("WAIT = \"5\"; foo=bar", MAX).duration());
    }

    @Test
    void aWaitAboveTheCapIsCappedAndSaysSo() {
        var p = WaitPreference.parse("wait=3600", MAX);
        assertEquals(MAX, p.duration());
        assertEquals("wait=60", p.applied());
    }

    @Test
    void whatIsNotUnderstoodIsIgnored() {
        assertTrue(WaitPreference.parse(null, MAX).none());
        assertTrue(WaitPreference.parse("return=minimal", MAX).none());
        assertTrue(WaitPreference.parse("wait=soon", MAX).none());
        assertTrue(WaitPreference.parse("wait=-3", MAX).none());
        assertTrue(WaitPreference.parse("wait=99999999999999", MAX).none());
        assertTrue(WaitPreference.parse("wait=0", MAX).none());
    }
}
