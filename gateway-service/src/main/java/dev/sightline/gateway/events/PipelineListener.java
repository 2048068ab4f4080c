package dev.sightline.gateway.events;

import dev.sightline.contracts.Topics;
import dev.sightline.contracts.task.StepRecorded;
import dev.sightline.contracts.task.TaskResult;
import dev.sightline.gateway.task.TaskStore;
import dev.sightline.kit.EventCodec;
import org.springframework.kafka.annotation.KafkaListener;
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

    PipelineListener(EventCodec codec, TaskStore store, TaskEventHub hub, JsonMapper json) {
        this.codec = codec;
        this.store = store;
        this.hub = hub;
        this.json = json;
    }

    @KafkaListener(topics = Topics.STEPS, groupId = "${sightline.gateway.consumer-group}")
    void onStep(String value) {
        var event = codec.decode(value, StepRecorded.class);
        store.appendStep(event.taskId(), event.payload().seq(), json.writeValueAsString(event.payload()));
        store.markRunning(event.taskId());
        hub.changed(event.taskId());
    }

    @KafkaListener(topics = Topics.RESULTS, groupId = "${sightline.gateway.consumer-group}")
    void onResult(String value) {
        var event = codec.decode(value, TaskResult.class);
        store.finish(event.taskId(), event.tenant(), event.payload());
        hub.changed(event.taskId());
    }
}
