package dev.sightline.kit;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sightline.contracts.EventTypes;
import dev.sightline.contracts.Topics;
import dev.sightline.contracts.task.TaskResult;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.core.KafkaTemplate;

class EventPublisherTest {
    @Test
    void sendNowHasWhatTheProducerHoldsBackSentWithoutTheCallerWaiting() throws Exception {
        // A producer that completes nothing until flushed: what a lingering producer does to a lone record.
        var producer = new MockProducer<>(false, null, new StringSerializer(), new StringSerializer());
        try (var publisher = new EventPublisher(new KafkaTemplate<>(() -> producer), new EventCodec(), "test")) {
            var sent = publisher.publish(
                    Topics.RESULTS, "t1", "demo", EventTypes.TASK_RESULT, TaskResult.failed("test", "why"));
            Thread.sleep(50);
            assertFalse(sent.isDone(), "a record the producer holds back stays unsent without sendNow");
            publisher.sendNow();
            sent.get(5, TimeUnit.SECONDS);
            assertTrue(producer.flushed());
        }
    }

    @Test
    void sendNowAfterCloseIsHarmless() {
        var producer = new MockProducer<>(true, null, new StringSerializer(), new StringSerializer());
        var publisher = new EventPublisher(new KafkaTemplate<>(() -> producer), new EventCodec(), "test");
        publisher.close();
        assertDoesNotThrow(publisher::sendNow);
    }
}
