package dev.sightline.kit;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.transport.ReceiverContext;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * Traces for batch listeners, which Spring Kafka does not observe per record: each record's work continues
 * the trace its producer wrote into the headers (W3C {@code traceparent}), so one task stays one trace.
 */
public final class RecordTraces {
    private RecordTraces() {}

    /** A not-yet-started observation named {@code name} whose parent is the trace in {@code headers}. */
    public static Observation continuing(String name, String topic, Headers headers, ObservationRegistry registry) {
        return Observation.createNotStarted(name, () -> receiverContext(headers), registry)
                .lowCardinalityKeyValue("topic", topic);
    }

    private static ReceiverContext<Headers> receiverContext(Headers headers) {
        var context = new ReceiverContext<Headers>((carrier, key) -> {
            Header h = carrier == null ? null : carrier.lastHeader(key);
            return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
        });
        context.setCarrier(headers);
        return context;
    }
}
