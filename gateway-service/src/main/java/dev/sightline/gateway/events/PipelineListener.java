package dev.sightline.gateway.events;

import dev.sightline.contracts.Topics;
import dev.sightline.contracts.task.StepRecorded;
import dev.sightline.contracts.task.TaskResult;
import dev.sightline.gateway.task.TaskStore;
import dev.sightline.kit.EventCodec;
import dev.sightline.kit.PoisonRecordException;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.stream.Collectors;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Follows steps and results into Redis for clients. Every replica consumes everything (its own consumer
 * group), so any replica can serve any task's stream; the writes are idempotent (a step is stored once per
 * seq, the first terminal result wins), so replicas and redeliveries agree.
 */
@Component
class PipelineListener {
    private final EventCodec codec;
    private final TaskStore store;
    private final TaskEventHub hub;
    private final JsonMapper json;
    private final MeterRegistry meters;

    PipelineListener(EventCodec codec, TaskStore store, TaskEventHub hub, JsonMapper json, MeterRegistry meters) {
        this.meters = meters;
        this.codec = codec;
        this.store = store;
        this.hub = hub;
        this.json = json;
    }

    /**
     * A poll's steps in one pipelined Redis round trip, then handed to each task's open streams here. A fetch waits up to
     * 20 ms for 16 KB of steps, so polls (and broker fetch requests) carry many records; the results listener
     * keeps Kafka's defaults (answered as soon as one record is there).
     */
    @KafkaListener(
            topics = Topics.STEPS,
            groupId = "${sightline.gateway.consumer-group}",
            batch = "true",
            properties = {"fetch.min.bytes=16384", "fetch.max.wait.ms=20"})
    void onSteps(List<String> values) {
        List<TaskStore.StepRow> rows = new ArrayList<>();
        PoisonRecordException poison = null;
        int poisonAt = -1;
        for (int i = 0; i < values.size() && poison == null; i++) {
            try {
                var event = codec.decode(values.get(i), StepRecorded.class);
                rows.add(new TaskStore.StepRow(
                        event.taskId(), event.payload().seq(), json.writeValueAsString(event.payload())));
            } catch (PoisonRecordException e) {
                poison = e;
                poisonAt = i;
            }
        }
        store.appendSteps(rows);
        rows.stream()
                .collect(Collectors.groupingBy(TaskStore.StepRow::taskId, LinkedHashMap::new, Collectors.toList()))
                .forEach(hub::stepsArrived);
        if (poison != null) {
            throw new BatchListenerFailedException(poison.getMessage(), poison, poisonAt);
        }
    }

    @KafkaListener(topics = Topics.RESULTS, groupId = "${sightline.gateway.consumer-group}")
    void onResult(String value) {
        var event = codec.decode(value, TaskResult.class);
        if (store.finish(event.taskId(), event.tenant(), event.payload())) {
            var r = event.payload();
            meters.counter(
                            "sightline.tasks.finished",
                            "status",
                            r.status().name(),
                            "degraded",
                            Boolean.toString(r.degraded()))
                    .increment();
            String created = store.get(event.taskId()).get("created_at");
            if (created != null) {
                meters.timer("sightline.task.duration", "status", r.status().name())
                        .record(java.time.Duration.between(java.time.Instant.parse(created), java.time.Instant.now()));
            }
        }
        hub.ended(event.taskId());
    }
}
