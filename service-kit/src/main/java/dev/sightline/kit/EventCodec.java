package dev.sightline.kit;

import dev.sightline.contracts.EventEnvelope;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.json.JsonMapper;

/**
 * JSON for events on Kafka: the envelope and its payload record, camelCase, instants as ISO-8601. Its own
 * mapper, so a service's REST naming (snake_case at the gateway) never leaks into the event contract.
 */
public final class EventCodec {
    private final JsonMapper mapper = JsonMapper.builder().build();

    public String encode(EventEnvelope<?> event) {
        return mapper.writeValueAsString(event);
    }

    /**
     * Reads an event whose payload is a {@code payloadType}.
     *
     * @throws PoisonRecordException when the text is not such an event; the message says what is wrong
     */
    public <P> EventEnvelope<P> decode(String json, Class<P> payloadType) {
        if (json == null || json.isBlank()) {
            throw new PoisonRecordException("empty " + payloadType.getSimpleName() + " event");
        }
        JavaType type = mapper.getTypeFactory().constructParametricType(EventEnvelope.class, payloadType);
        EventEnvelope<P> event;
        try {
            event = mapper.readValue(json, type);
        } catch (JacksonException | IllegalArgumentException | NullPointerException e) {
            String why = e instanceof JacksonException j ? j.getOriginalMessage() : e.getMessage();
            throw new PoisonRecordException("unreadable " + payloadType.getSimpleName() + " event: " + why, e);
        }
        if (event.payload() == null) {
            throw new PoisonRecordException(
                    payloadType.getSimpleName() + " event " + event.eventId() + " has no payload");
        }
        return event;
    }
}
