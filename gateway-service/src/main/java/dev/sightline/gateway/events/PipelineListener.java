package dev.sightline.gateway.events;

import dev.sightline.contracts.EventEnvelope;
import dev.sightline.contracts.Topics;
import dev.sightline.contracts.task.StepRecorded;
import dev.sightline.contracts.task.TaskResult;
import dev.sightline.gateway.task.TaskStore;
import dev.sightline.gateway.task.TaskWaits;
import dev.sightline.kit.EventCodec;
import dev.sightline.kit.PoisonRecordException;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes steps and results into Redis, where every replica's streams, {@code GET /v1/tasks/{id}} and resumes
 * read them. The replicas share one consumer group: each record is written once, committed offsets survive
 * restarts and new replicas (nothing missed while no gateway runs, nothing replayed when one starts), and a
 * poison record goes to its dead-letter topic once. The writes are idempotent (a step is stored once per seq,
 * the first terminal result wins), so redeliveries change nothing. Waking streams is {@link StreamWakeups}'
 * job, on every replica.
 */
@Component
class PipelineListener {
    private final EventCodec codec;
    private final TaskStore store;
    private final TaskEventHub hub;
    private final TaskWaits waits;
    private final JsonMapper json;
    private final MeterRegistry meters;

    PipelineListener(
            EventCodec codec,
            TaskStore store,
            TaskEventHub hub,
            TaskWaits waits,
            JsonMapper json,
            MeterRegistry meters) {
        this.meters = meters;
        this.waits = waits;
        this.codec = codec;
        this.store = store;
        this.hub = hub;
        this.json = json;
    }

    /**
     * A poll's steps in one pipelined Redis round trip. Fetches keep Kafka's defaults: answered as soon as a
     * producer's batch lands and long-polled when idle, so the fetch rate follows the reasoner's produce rate.
     * (A short {@code fetch.max.wait.ms} made every step consumer fetch 50 times a second even when idle: 111
     * broker fetches a second from an idle platform, 20 now — docs/benchmarks.md.)
     */
    @KafkaListener(topics = Topics.STEPS, groupId = "${sightline.gateway.state-group}", batch = "true")
    void onSteps(List<String> values) {
        List<TaskStore.StepRow> rows = new ArrayList<>();
        PoisonRecordException poison = null;
        int poisonAt = -1;
        for (int i = 0; i < values.size() && poison == null; i++) {
            try {
                rows.add(stepRow(codec.decode(values.get(i), StepRecorded.class)));
            } catch (PoisonRecordException e) {
                poison = e;
                poisonAt = i;
            }
        }
        store.appendSteps(rows);
        if (poison != null) {
            throw new BatchListenerFailedException(poison.getMessage(), poison, poisonAt);
        }
    }

    /**
     * A poll's results, recorded in one pipelined Redis round trip (a wave of tasks ending together costs one
     * trip, not three per result); a poison record is dead-lettered after the results before it are recorded.
     */
    @KafkaListener(topics = Topics.RESULTS, groupId = "${sightline.gateway.state-group}", batch = "true")
    void onResults(List<String> values) {
        List<EventEnvelope<TaskResult>> events = new ArrayList<>();
        BatchListenerFailedException poison = null;
        for (int i = 0; i < values.size() && poison == null; i++) {
            try {
                events.add(codec.decode(values.get(i), TaskResult.class));
            } catch (PoisonRecordException e) {
                poison = new BatchListenerFailedException(e.getMessage(), e, i);
            }
        }
        ended(record(events));
        if (poison != null) {
            throw poison;
        }
    }

    /** A step as Redis stores it and SSE sends it: the same JSON on both paths, so a resume sees the same bytes. */
    TaskStore.StepRow stepRow(EventEnvelope<StepRecorded> event) {
        return new TaskStore.StepRow(event.taskId(), event.payload().seq(), json.writeValueAsString(event.payload()));
    }

    /** These tasks' results are in Redis: this replica's streams and held requests for them are answered. */
    void ended(List<TaskStore.Ended> ended) {
        ended.forEach(e -> hub.ended(e.taskId()));
        waits.ended(ended);
    }

    /**
     * Stores results (the first terminal one wins) and counts each once, across replicas and redeliveries.
     *
     * @return what storing each did, in order, with the task's hash as it now stands
     */
    List<TaskStore.Ended> record(List<EventEnvelope<TaskResult>> events) {
        List<TaskStore.Ended> ended = store.finish(events.stream()
                .map(e -> new TaskStore.Ending(e.taskId(), e.tenant(), e.payload()))
                .toList());
        Instant now = Instant.now();
        for (int i = 0; i < events.size(); i++) {
            if (!ended.get(i).changed()) {
                continue;
            }
            var r = events.get(i).payload();
            meters.counter(
                            "sightline.tasks.finished",
                            "status",
                            r.status().name(),
                            "degraded",
                            Boolean.toString(r.degraded()))
                    .increment();
            Instant created = ended.get(i).createdAt();
            if (created != null) {
                meters.timer("sightline.task.duration", "status", r.status().name())
                        .record(Duration.between(created, now));
            }
        }
        return ended;
    }
}
