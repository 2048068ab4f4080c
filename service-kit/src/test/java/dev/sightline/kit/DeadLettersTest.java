package dev.sightline.kit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sightline.contracts.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.mock.MockProducerFactory;

/** Where a record that cannot be processed goes, and whether its task is failed for it. */
class DeadLettersTest {
    private static List<String> topicsWrittenAfterDeadLettering(String topic, boolean failTasks) {
        // the template closes its producer after each send: a fresh one each time, every one's records kept
        List<MockProducer<String, String>> producers = new ArrayList<>();
        var template = new KafkaTemplate<>(new MockProducerFactory<>(() -> {
            var producer = new MockProducer<>(true, null, new StringSerializer(), new StringSerializer());
            producers.add(producer);
            return producer;
        }));
        try (var publisher = new EventPublisher(template, new EventCodec(), "test")) {
            var deadLetters = new DeadLetters(template, publisher, new SimpleMeterRegistry(), failTasks);
            deadLetters.accept(
                    new ConsumerRecord<>(topic, 0, 7L, "task-1", "{}"), new IllegalStateException("database down"));
        }
        return producers.stream()
                .flatMap(p -> p.history().stream())
                .map(r -> r.topic())
                .toList();
    }

    @Test
    void aProcessingServiceDeadLettersTheRecordAndFailsItsTask() {
        assertEquals(
                List.of(Topics.deadLetter(Topics.ENCODED), Topics.RESULTS),
                topicsWrittenAfterDeadLettering(Topics.ENCODED, true));
    }

    @Test
    void anObservingServiceDeadLettersTheRecordAndLetsItsTaskGoOn() {
        assertEquals(List.of(Topics.deadLetter(Topics.STEPS)), topicsWrittenAfterDeadLettering(Topics.STEPS, false));
    }

    @Test
    void aResultIsNeverAnsweredWithAResult() {
        assertEquals(List.of(Topics.deadLetter(Topics.RESULTS)), topicsWrittenAfterDeadLettering(Topics.RESULTS, true));
    }
}
