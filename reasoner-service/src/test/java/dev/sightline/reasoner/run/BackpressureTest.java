package dev.sightline.reasoner.run;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sightline.contracts.Topics;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.KafkaMessageListenerContainer;
import org.springframework.kafka.listener.MessageListener;

/** A full reasoner leaves further tasks in Kafka, and takes them again once sessions end. */
class BackpressureTest {
    /** The listener's real container type, never started (pausing is a request it applies at its next poll). */
    private static KafkaMessageListenerContainer<String, String> container() {
        var properties = new ContainerProperties(Topics.ENCODED);
        properties.setMessageListener((MessageListener<String, String>) record -> {});
        return new KafkaMessageListenerContainer<>(new DefaultKafkaConsumerFactory<>(Map.of()), properties);
    }

    @Test
    void admissionPausesAtAFullBatchPlusTheWaitingAndResumesBelowIt() {
        var load = new AtomicInteger();
        var container = container();
        var backpressure = new Backpressure(load::get, 80, () -> container);

        load.set(79);
        backpressure.afterAdmission();
        assertFalse(container.isPauseRequested(), "below the limit the listener keeps polling");

        load.set(95); // a poll can overshoot by up to max.poll.records
        backpressure.afterAdmission();
        assertTrue(container.isPauseRequested(), "at or past the limit further tasks stay in Kafka");
        assertTrue(backpressure.paused());

        load.set(80);
        backpressure.resumeWhenThereIsRoom();
        assertTrue(container.isPauseRequested(), "still full");

        load.set(79);
        backpressure.resumeWhenThereIsRoom();
        assertFalse(container.isPauseRequested(), "a session ended: room for the next task");
    }

    @Test
    void noListenerYetIsNothingToPause() {
        var backpressure = new Backpressure(() -> 1_000, 80, () -> null);
        backpressure.afterAdmission();
        backpressure.resumeWhenThereIsRoom();
        assertFalse(backpressure.paused());
    }
}
