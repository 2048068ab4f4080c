package dev.sightline.reasoner.run;

import dev.sightline.reasoner.ReasonerProperties;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Keeps a reasoner's backlog in Kafka rather than in its memory. The encoded-task listener commits what it admits,
 * so tasks admitted beyond a full batch would wait in this JVM, invisible as consumer lag, where neither KEDA
 * (which scales the reasoners on that lag) nor another replica can see or take them. Once a full batch and
 * {@code max-waiting} more are admitted, the listener is paused: further tasks stay in the topic as lag until
 * sessions end and there is room again (checked as each session ends, and every 50 ms, so the waiting tasks still
 * fill the batch meanwhile).
 */
@Component
public class Backpressure {
    /** The encoded-task listener's id in the listener registry. */
    public static final String LISTENER_ID = "reasoner-encoded";

    private final IntSupplier load;
    private final int limit;
    private final Supplier<MessageListenerContainer> listener;

    @Autowired
    Backpressure(
            SessionRunner runner,
            ReasonerProperties properties,
            KafkaListenerEndpointRegistry registry,
            MeterRegistry meters) {
        this(
                runner::load,
                properties.maxBatch() + properties.maxWaiting(),
                () -> registry.getListenerContainer(LISTENER_ID));
        // resumed as soon as a session ends; the scheduled check is a backstop (it shares Spring's scheduler thread
        // with slower work, such as re-publishing a dead replica's tasks)
        runner.onSessionEnded(this::resumeWhenThereIsRoom);
        Gauge.builder("sightline.reasoner.admission.paused", this, b -> b.paused() ? 1 : 0)
                .description("1 while the reasoner leaves new tasks in Kafka (a full batch and max-waiting more)")
                .register(meters);
    }

    /**
     * @param load tasks admitted and not yet ended (running, queued for the batch, or about to start)
     * @param limit the load at which admission pauses
     * @param listener the encoded-task listener's container (null before it exists)
     */
    Backpressure(IntSupplier load, int limit, Supplier<MessageListenerContainer> listener) {
        this.load = load;
        this.limit = limit;
        this.listener = listener;
    }

    /** After a poll's tasks are admitted: pauses the listener when the reasoner is full. */
    void afterAdmission() {
        MessageListenerContainer c = listener.get();
        if (c != null && !c.isPauseRequested() && load.getAsInt() >= limit) {
            c.pause();
        }
    }

    /** Resumes a paused listener once sessions have ended below the limit. */
    @Scheduled(fixedDelay = 50)
    void resumeWhenThereIsRoom() {
        MessageListenerContainer c = listener.get();
        if (c != null && c.isPauseRequested() && load.getAsInt() < limit) {
            c.resume();
        }
    }

    boolean paused() {
        MessageListenerContainer c = listener.get();
        return c != null && c.isPauseRequested();
    }
}
