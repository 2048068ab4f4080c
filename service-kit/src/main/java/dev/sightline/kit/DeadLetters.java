package dev.sightline.kit;

import dev.sightline.contracts.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.ConsumerRecordRecoverer;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.ListenerExecutionFailedException;

/**
 * What happens to a record that failed its bounded retries (or is poison): it goes to {@code <topic>.DLT}
 * on the same partition, and — unless it is itself a result — its task (the record key) is failed with
 * the reason, so the client sees FAILED instead of a task that never ends. Results are not answered with
 * results: a failing result consumer would otherwise feed itself. A service that only observes tasks (the trace
 * store, {@code sightline.kafka.fail-tasks=false}) dead-letters without failing: what it could not store does not
 * stop the pipeline from completing the task.
 */
final class DeadLetters implements ConsumerRecordRecoverer {
    private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);

    private final DeadLetterPublishingRecoverer deadLetter;
    private final EventPublisher publisher;
    private final MeterRegistry meters;
    private final boolean failTasks;

    DeadLetters(
            KafkaOperations<String, String> template,
            EventPublisher publisher,
            MeterRegistry meters,
            boolean failTasks) {
        this.meters = meters;
        this.failTasks = failTasks;
        // Registered at zero: an alert on increase() cannot see a counter's first increment if the series
        // is born at 1 (there is no earlier sample to compare), and a dashboard shows 0 instead of no data.
        Topics.ALL.forEach(this::deadLetterCounter);
        this.deadLetter = new DeadLetterPublishingRecoverer(
                template, (record, e) -> new TopicPartition(Topics.deadLetter(record.topic()), record.partition()));
        this.publisher = publisher;
    }

    private Counter deadLetterCounter(String topic) {
        return meters.counter("sightline.dead.letters", "topic", topic);
    }

    @Override
    public void accept(ConsumerRecord<?, ?> record, Exception e) {
        Throwable cause = e instanceof ListenerExecutionFailedException && e.getCause() != null ? e.getCause() : e;
        String reason = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        if (record.key() instanceof String key) {
            org.slf4j.MDC.put("task_id", key);
        }
        log.warn(
                "dead letter: {}-{}@{} key={} after failure: {}",
                record.topic(),
                record.partition(),
                record.offset(),
                record.key(),
                reason);
        org.slf4j.MDC.remove("task_id");
        deadLetter.accept(record, e);
        deadLetterCounter(record.topic()).increment();
        if (failTasks && record.key() instanceof String taskId && !Topics.RESULTS.equals(record.topic())) {
            Header tenant = record.headers().lastHeader(EventPublisher.TENANT_HEADER);
            try {
                publisher
                        .fail(
                                taskId,
                                tenant == null ? null : new String(tenant.value(), StandardCharsets.UTF_8),
                                "could not process " + record.topic() + " record (sent to "
                                        + Topics.deadLetter(record.topic()) + "): " + reason)
                        .get(10, TimeUnit.SECONDS);
            } catch (Exception sendFailure) {
                // Rethrown so the container retries the recovery instead of committing past it.
                throw new IllegalStateException(
                        "cannot fail task " + taskId + ": " + sendFailure.getMessage(), sendFailure);
            }
        }
    }
}
