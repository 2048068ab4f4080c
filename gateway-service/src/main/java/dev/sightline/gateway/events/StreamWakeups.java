package dev.sightline.gateway.events;

import dev.sightline.contracts.EventEnvelope;
import dev.sightline.contracts.Topics;
import dev.sightline.contracts.task.StepRecorded;
import dev.sightline.contracts.task.TaskResult;
import dev.sightline.gateway.task.TaskStore;
import dev.sightline.gateway.task.TaskWaits;
import dev.sightline.kit.EventCodec;
import dev.sightline.kit.PoisonRecordException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Wakes this replica's open SSE streams and the requests held until their task ends ({@link TaskWaits}).
 * Every replica consumes every step and result in a group of its own,
 * starting from the newest records (Redis already holds the past, written by {@link PipelineListener}): steps
 * go to the streams straight from the record, and a result is stored here too before its streams look for it
 * (idempotent, first terminal result wins) so a replica never wakes a stream before the result it announces is
 * readable. Records of tasks nobody follows on this replica are skipped undecoded (the key is the task id), so
 * replicas do not multiply the decoding and the result writes. Poison records are skipped here:
 * {@link PipelineListener} dead-letters them, once.
 */
@Component
class StreamWakeups {
    private static final Logger log = LoggerFactory.getLogger(StreamWakeups.class);
    private final EventCodec codec;
    private final PipelineListener pipeline;
    private final TaskEventHub hub;
    private final TaskWaits waits;

    StreamWakeups(EventCodec codec, PipelineListener pipeline, TaskEventHub hub, TaskWaits waits) {
        this.codec = codec;
        this.pipeline = pipeline;
        this.hub = hub;
        this.waits = waits;
    }

    @KafkaListener(
            topics = Topics.STEPS,
            groupId = "${sightline.gateway.wakeup-group}",
            batch = "true",
            properties = "auto.offset.reset=latest")
    void onSteps(List<ConsumerRecord<String, String>> records) {
        List<TaskStore.StepRow> rows = new ArrayList<>();
        for (var record : records) {
            if (!hub.watched(record.key())) {
                continue; // key = task id: nobody follows it here, so the record is not even decoded
            }
            try {
                rows.add(pipeline.stepRow(codec.decode(record.value(), StepRecorded.class)));
            } catch (PoisonRecordException e) {
                // dead-lettered by the pipeline listener; nothing to show a client
            }
        }
        rows.stream()
                .collect(Collectors.groupingBy(TaskStore.StepRow::taskId, LinkedHashMap::new, Collectors.toList()))
                .forEach(hub::stepsArrived);
    }

    @KafkaListener(
            topics = Topics.RESULTS,
            groupId = "${sightline.gateway.wakeup-group}",
            batch = "true",
            properties = "auto.offset.reset=latest")
    void onResults(List<ConsumerRecord<String, String>> records) {
        List<EventEnvelope<TaskResult>> events = new ArrayList<>();
        for (var record : records) {
            if (!hub.watched(record.key()) && !waits.waiting(record.key())) {
                continue;
            }
            try {
                events.add(codec.decode(record.value(), TaskResult.class));
            } catch (PoisonRecordException e) {
                // dead-lettered by the pipeline listener
            }
        }
        if (events.isEmpty()) {
            return;
        }
        // Redis unreachable: the pipeline listener retries the write, and the streams' and waiters' sweeps (every
        // 500 ms) answer what these wake-ups could not. Rethrowing would only dead-letter good results.
        List<TaskStore.Ended> ended;
        try {
            ended = pipeline.record(events);
        } catch (RuntimeException e) {
            log.warn("{} results not stored by the wake-up listener: {}", events.size(), e.toString());
            return;
        }
        try {
            pipeline.ended(ended);
        } catch (RuntimeException e) {
            log.warn("{} results not announced by the wake-up listener: {}", events.size(), e.toString());
        }
    }
}
