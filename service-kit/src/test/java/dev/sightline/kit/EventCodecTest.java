package dev.sightline.kit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sightline.contracts.EventEnvelope;
import dev.sightline.contracts.EventTypes;
import dev.sightline.contracts.task.TaskOptions;
import dev.sightline.contracts.task.TaskSubmitted;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventCodecTest {
    private final EventCodec codec = new EventCodec();

    @Test
    void anEventSurvivesTheWire() {
        var payload = new TaskSubmitted(
                "how many?",
                List.of("ab12"),
                new TaskOptions("latent", 4, true, 64, 0, 0, 1, null),
                Instant.parse("2026-11-23T10:00:00Z"));
        var event = new EventEnvelope<>(
                "e1", "t1", "demo", EventTypes.TASK_SUBMITTED, 1, Instant.parse("2026-11-23T09:58:00Z"), "gw", payload);
        String json = codec.encode(event);
        assertTrue(json.contains("\"occurredAt\":\"2026-11-23T09:58:00Z\""), json);
        assertEquals(event, codec.decode(json, TaskSubmitted.class));
    }

    @Test
    void unreadableOrIncompleteEventsArePoison() {
        assertThrows(PoisonRecordException.class, () -> codec.decode("{not json", TaskSubmitted.class));
        assertThrows(PoisonRecordException.class, () -> codec.decode("", TaskSubmitted.class));
        var noId = assertThrows(
                PoisonRecordException.class,
                () -> codec.decode("{\"taskId\":\"t\",\"type\":\"x\",\"schemaVersion\":1}", TaskSubmitted.class));
        assertTrue(noId.getMessage().contains("eventId"), noId.getMessage());
        var noPayload = assertThrows(
                PoisonRecordException.class,
                () -> codec.decode(
                        "{\"eventId\":\"e\",\"taskId\":\"t\",\"type\":\"x\",\"schemaVersion\":1}",
                        TaskSubmitted.class));
        assertTrue(noPayload.getMessage().contains("no payload"), noPayload.getMessage());
    }
}
