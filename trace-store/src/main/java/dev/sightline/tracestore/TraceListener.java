package dev.sightline.tracestore;

import dev.sightline.contracts.Topics;
import dev.sightline.contracts.task.StepRecorded;
import dev.sightline.contracts.task.TaskResult;
import dev.sightline.contracts.task.TaskSubmitted;
import dev.sightline.kit.EventCodec;
import dev.sightline.kit.PoisonRecordException;
import java.util.ArrayList;
import java.util.List;
import org.springframework.dao.NonTransientDataAccessException;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** Tasks, steps and results into PostgreSQL; every write an upsert, so a redelivered event changes nothing. */
@Component
class TraceListener {
    private final EventCodec codec;
    private final TraceRepository repository;
    private final JsonMapper json;

    TraceListener(EventCodec codec, TraceRepository repository, JsonMapper json) {
        this.codec = codec;
        this.repository = repository;
        this.json = json;
    }

    @KafkaListener(topics = Topics.TASKS, groupId = "trace-store")
    void onTask(String value) {
        var e = codec.decode(value, TaskSubmitted.class);
        var t = e.payload();
        repository.upsertSubmitted(
                e.taskId(),
                e.tenant(),
                t.question(),
                json.writeValueAsString(t.options()),
                json.writeValueAsString(t.imageDigests()),
                e.occurredAt(),
                t.deadline());
    }

    /** A poll's steps in one batch; an unreadable one is dead-lettered after those before it are stored. */
    // Persistence is not on any client's path: a fetch waits up to 250 ms for 64 KB of steps, one JDBC batch each
    // (and an idle consumer asks the broker four times a second, not every few milliseconds).
    @KafkaListener(
            topics = Topics.STEPS,
            groupId = "trace-store",
            batch = "true",
            properties = {"fetch.min.bytes=65536", "fetch.max.wait.ms=250"})
    void onSteps(List<String> values) {
        List<TraceRepository.StepRow> rows = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            try {
                var e = codec.decode(values.get(i), StepRecorded.class);
                var s = e.payload();
                rows.add(new TraceRepository.StepRow(
                        e.taskId(), e.tenant(), s.seq(), s.kind(), json.writeValueAsString(s), e.occurredAt()));
            } catch (PoisonRecordException poison) {
                repository.upsertSteps(rows);
                throw new BatchListenerFailedException(poison.getMessage(), poison, i);
            }
        }
        try {
            repository.upsertSteps(rows);
        } catch (NonTransientDataAccessException batchFailed) {
            // one row the database rejects fails the whole JDBC batch: store row by row (inserts are idempotent) so
            // only that record is dead-lettered and the rest of the poll is kept
            for (int i = 0; i < rows.size(); i++) {
                try {
                    repository.upsertSteps(List.of(rows.get(i)));
                } catch (NonTransientDataAccessException rejected) {
                    throw new BatchListenerFailedException(
                            rejected.getMostSpecificCause().getMessage(), rejected, i);
                }
            }
        }
    }

    @KafkaListener(topics = Topics.RESULTS, groupId = "trace-store")
    void onResult(String value) {
        var e = codec.decode(value, TaskResult.class);
        var r = e.payload();
        repository.upsertResult(
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
