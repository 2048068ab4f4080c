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
                new TaskOptions("latent", 4, true, 64, 0, 0, 1, null, List.of("left", "right")),
                Instant.parse("2026-11-23T10:00:00Z"));
        var event = new EventEnvelope<>(
                "e1", "t1", "demo", EventTypes.TASK_SUBMITTED, 1, Instant.parse("2026-11-23T09:58:00Z"), "gw", payload);
        String json = codec.encode(event);
        assertTrue(json.contains("\"occurredAt\":\"2026-11-23T09:58:00Z\""), json);
        assertEquals(event, codec.decode(json, TaskSubmitted.class));
    }

    @Test
    void aTaskFromBeforeGuidedChoiceDecodesWithAFreeAnswer() {
        // written by a gateway that did not know "choices" yet (a rolling upgrade): still a valid task
        String old = "{\"eventId\":\"e\",\"taskId\":\"t\",\"tenant\":\"demo\",\"type\":\""
                + EventTypes.TASK_SUBMITTED + "\",\"schemaVersion\":1,\"occurredAt\":\"2026-11-23T09:58:00Z\","
                + "\"producer\":\"gw\",\"payload\":{\"question\":\"how many?\",\"imageDigests\":[\"ab12\"],"
                + "\"options\":{\"mode\":\"text\",\"latentSteps\":0,\"latentBeforeEachStep\":false,"
                + "\"maxTokens\":64,\"temperature\":0,\"topK\":0,\"topP\":1,\"seed\":null},"
                + "\"deadline\":\"2026-11-23T10:00:00Z\"}}";
        TaskSubmitted task = codec.decode(old, TaskSubmitted.class).payload();
        assertEquals(List.of(), task.options().choices());
        // and the other way round: a field this version does not know (a newer producer's) is ignored
        TaskSubmitted newer = codec.decode(
                        old.replace("\"seed\":null", "\"seed\":null,\"future\":1"), TaskSubmitted.class)
                .payload();
        assertEquals(task, newer);
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
