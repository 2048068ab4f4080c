package dev.sightline.kit;

import dev.sightline.contracts.EventEnvelope;
import dev.sightline.contracts.EventTypes;
import dev.sightline.contracts.Topics;
import dev.sightline.contracts.task.TaskResult;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;

/**
 * Wraps payloads in an {@link EventEnvelope} and sends them keyed by task id (so a task's events stay in
 * order). The tenant also travels as a header, so that even an unreadable record can be failed for the
 * right tenant. Owns one daemon thread (see {@link #sendNow}), stopped by {@link #close}.
 */
public final class EventPublisher implements AutoCloseable {
    /** Header carrying the tenant of the task a record belongs to. */
    public static final String TENANT_HEADER = "sightline-tenant";

    private final KafkaTemplate<String, String> template;
    private final EventCodec codec;
    private final String producer;
    private final ExecutorService flusher;
    private final AtomicBoolean flushPending = new AtomicBoolean();

    public EventPublisher(KafkaTemplate<String, String> template, EventCodec codec, String producer) {
        this.template = template;
        this.codec = codec;
        this.producer = producer;
        this.flusher = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, producer + "-send-now");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Has what the producer holds back for {@code linger.ms} sent now, without waiting for it: for a record a
     * client waits for (a result) published among records that may wait to share a request (steps). Requests
     * that come while one is pending are served by it.
     */
    public void sendNow() {
        if (flushPending.compareAndSet(false, true)) {
            try {
                flusher.execute(() -> {
                    flushPending.set(false);
                    template.flush();
                });
            } catch (RejectedExecutionException closed) {
                // closed: a publish after close still has the producer's own close send what it holds
                flushPending.set(false);
            }
        }
    }

    @Override
    public void close() {
        flusher.shutdownNow();
    }

    /** Sends a new event (fresh event id) and returns the broker's acknowledgement. */
    public <P> CompletableFuture<SendResult<String, String>> publish(
            String topic, String taskId, String tenant, String type, P payload) {
        return send(topic, envelope(taskId, tenant, type, payload));
    }

    /** Sends an event as it is: a replay keeps its event id, so idempotent consumers ignore it. */
    public CompletableFuture<SendResult<String, String>> send(String topic, EventEnvelope<?> event) {
        var record = new ProducerRecord<String, String>(topic, event.taskId(), codec.encode(event));
        if (event.tenant() != null) {
            record.headers().add(TENANT_HEADER, event.tenant().getBytes(StandardCharsets.UTF_8));
        }
        return template.send(record);
    }

    /** Sends a record's raw value again, as it was (same event id): a task handed back for another consumer. */
    public CompletableFuture<SendResult<String, String>> resend(
            String topic, String taskId, String tenant, String value) {
        var record = new ProducerRecord<String, String>(topic, taskId, value);
        if (tenant != null) {
            record.headers().add(TENANT_HEADER, tenant.getBytes(StandardCharsets.UTF_8));
        }
        return template.send(record);
    }

    public <P> EventEnvelope<P> envelope(String taskId, String tenant, String type, P payload) {
        return new EventEnvelope<>(
                UUID.randomUUID().toString(), taskId, tenant, type, 1, Instant.now(), producer, payload);
    }

    /** Ends a task FAILED with {@code reason}, as {@code stage}. */
    public CompletableFuture<SendResult<String, String>> fail(String taskId, String tenant, String reason) {
        return publish(Topics.RESULTS, taskId, tenant, EventTypes.TASK_RESULT, TaskResult.failed(producer, reason));
    }
}
