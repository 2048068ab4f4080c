package dev.sightline.contracts;

import java.time.Instant;
import java.util.Objects;

/**
 * The envelope every event carries; the Kafka key is {@code taskId}, so a task's events stay ordered.
 *
 * @param type event type, e.g. {@code task.submitted}
 * @param schemaVersion payload schema version; changes are additive within a version
 * @param producer the service that wrote the event
 */
public record EventEnvelope<P>(
        String eventId,
        String taskId,
        String tenant,
        String type,
        int schemaVersion,
        Instant occurredAt,
        String producer,
        P payload) {
    public EventEnvelope {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(type, "type");
        if (schemaVersion < 1) {
            throw new IllegalArgumentException("schemaVersion must be >= 1, got " + schemaVersion);
        }
    }
}
