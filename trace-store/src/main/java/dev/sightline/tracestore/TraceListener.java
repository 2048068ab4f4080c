package dev.sightline.tracestore;

import dev.sightline.contracts.EventEnvelope;
import dev.sightline.contracts.Topics;
import dev.sightline.contracts.task.StepRecorded;
import dev.sightline.contracts.task.TaskResult;
import dev.sightline.contracts.task.TaskSubmitted;
import dev.sightline.kit.EventCodec;
import dev.sightline.kit.PoisonRecordException;
import dev.sightline.kit.RecordTraces;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.dao.NonTransientDataAccessException;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Tasks, steps and results into PostgreSQL, a poll of each topic in one JDBC batch; every write an upsert, so a
 * redelivered event changes nothing. An unreadable record, or one the database rejects, is dead-lettered after the
 * records before it are stored.
 */
// Persistence is on no client's path: each fetch waits up to 250 ms for 64 KB of records (an idle consumer asks the
// broker four times a second, not at every produce), so a poll's tasks, steps or results cost one fetch and one
// JDBC batch rather than one each. Before, tasks and results were fetched and written one record at a time: two
// fetches and two round trips to PostgreSQL per task (docs/benchmarks.md, thirty-first session).
@Component
class TraceListener {
    private final EventCodec codec;
    private final TraceRepository repository;
    private final JsonMapper json;
    private final ObservationRegistry observations;

    TraceListener(EventCodec codec, TraceRepository repository, JsonMapper json, ObservationRegistry observations) {
        this.codec = codec;
        this.repository = repository;
        this.json = json;
        this.observations = observations;
    }

    @KafkaListener(
            topics = Topics.TASKS,
            groupId = "trace-store",
            batch = "true",
            properties = {"fetch.min.bytes=65536", "fetch.max.wait.ms=250"})
    void onTasks(List<ConsumerRecord<String, String>> records) {
        traced(
                records,
                () -> store(values(records), TaskSubmitted.class, this::submittedRow, repository::upsertSubmitted));
    }

    @KafkaListener(
            topics = Topics.STEPS,
            groupId = "trace-store",
            batch = "true",
            properties = {"fetch.min.bytes=65536", "fetch.max.wait.ms=250"})
    void onSteps(List<String> values) {
        store(values, StepRecorded.class, this::stepRow, repository::upsertSteps);
    }

    @KafkaListener(
            topics = Topics.RESULTS,
            groupId = "trace-store",
            batch = "true",
            properties = {"fetch.min.bytes=65536", "fetch.max.wait.ms=250"})
    void onResults(List<ConsumerRecord<String, String>> records) {
        traced(records, () -> store(values(records), TaskResult.class, this::resultRow, repository::upsertResults));
    }

    /**
     * Spring Kafka observes no batch listener per record: a task's and a result's span here continues its
     * producer's trace (one task, one trace across the five services) and covers the batch that stores it.
     */
    private void traced(List<ConsumerRecord<String, String>> records, Runnable write) {
        List<Observation> spans = records.stream()
                .map(r -> RecordTraces.continuing("sightline.trace.store", r.topic(), r.headers(), observations)
                        .start())
                .toList();
        try {
            write.run();
        } catch (RuntimeException e) {
            spans.forEach(span -> span.error(e));
            throw e;
        } finally {
            spans.forEach(Observation::stop);
        }
    }

    private static List<String> values(List<ConsumerRecord<String, String>> records) {
        return records.stream().map(ConsumerRecord::value).toList();
    }

    /**
     * Decodes a poll's records into rows and writes them in one batch. The rows keep the records' order (a result
     * after a deadline failure of the same task still loses to it).
     */
    private <P, R> void store(
            List<String> values, Class<P> type, Function<EventEnvelope<P>, R> toRow, Consumer<List<R>> write) {
        List<R> rows = new ArrayList<>(values.size());
        for (int i = 0; i < values.size(); i++) {
            try {
                rows.add(toRow.apply(codec.decode(values.get(i), type)));
            } catch (PoisonRecordException poison) {
                writeAll(rows, write);
                throw new BatchListenerFailedException(poison.getMessage(), poison, i);
            }
        }
        writeAll(rows, write);
    }

    private static <R> void writeAll(List<R> rows, Consumer<List<R>> write) {
        if (rows.isEmpty()) {
            return;
        }
        try {
            write.accept(rows);
        } catch (NonTransientDataAccessException batchFailed) {
            // one row the database rejects fails the whole JDBC batch: store row by row (upserts are idempotent) so
            // only that record is dead-lettered and the rest of the poll is kept
            for (int i = 0; i < rows.size(); i++) {
                try {
                    write.accept(List.of(rows.get(i)));
                } catch (NonTransientDataAccessException rejected) {
                    throw new BatchListenerFailedException(
                            rejected.getMostSpecificCause().getMessage(), rejected, i);
                }
            }
        }
    }

    private TraceRepository.SubmittedRow submittedRow(EventEnvelope<TaskSubmitted> e) {
        var t = e.payload();
        return new TraceRepository.SubmittedRow(
                e.taskId(),
                e.tenant(),
                t.question(),
                json.writeValueAsString(t.options()),
                json.writeValueAsString(t.imageDigests()),
                e.occurredAt(),
                t.deadline());
    }

    private TraceRepository.StepRow stepRow(EventEnvelope<StepRecorded> e) {
        var s = e.payload();
        return new TraceRepository.StepRow(
                e.taskId(), e.tenant(), s.seq(), s.kind(), json.writeValueAsString(s), e.occurredAt());
    }

    private TraceRepository.ResultRow resultRow(EventEnvelope<TaskResult> e) {
        var r = e.payload();
        return new TraceRepository.ResultRow(
                e.taskId(),
                e.tenant(),
                r.status().name(),
                r.answer(),
                r.finishReason(),
                r.error(),
                r.stage(),
                r.degraded(),
                r.steps(),
                r.usage() == null ? null : json.writeValueAsString(r.usage()),
                r.featureCacheHits() == null ? null : json.writeValueAsString(r.featureCacheHits()),
                e.occurredAt());
    }
}
