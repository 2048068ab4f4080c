package dev.sightline.reasoner.run;

import dev.sightline.contracts.EventEnvelope;
import dev.sightline.contracts.EventTypes;
import dev.sightline.contracts.RedisKeys;
import dev.sightline.contracts.Topics;
import dev.sightline.contracts.task.TaskEncoded;
import dev.sightline.contracts.task.TaskResult;
import dev.sightline.contracts.task.TaskStatus;
import dev.sightline.kit.EventCodec;
import dev.sightline.kit.EventPublisher;
import dev.sightline.kit.PoisonRecordException;
import dev.sightline.latent.bundle.ModelBundle;
import dev.sightline.latent.session.Mode;
import dev.sightline.latent.session.SessionRequest;
import dev.sightline.latent.vision.VisualTokens;
import io.micrometer.observation.ObservationRegistry;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.MDC;
import org.springframework.data.redis.core.RedisTemplate;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Unwraps encoded tasks for the {@link SessionRunner}: skips tasks already answered (a redelivery) or
 * running here, answers cancelled and overdue ones without running them, loads the visual tokens from
 * Redis, registers the task as in flight and hands it over. A payload that breaks the contract is poison.
 */
@Component
class EncodedTaskListener {
    private final EventCodec codec;
    private final EventPublisher publisher;
    private final SessionRunner runner;
    private final ObservationRegistry observations;
    private final InFlightTasks inFlight;
    private final StringRedisTemplate redis;
    private final RedisTemplate<String, byte[]> bytes;
    private final int dim;

    EncodedTaskListener(
            EventCodec codec,
            EventPublisher publisher,
            SessionRunner runner,
            ObservationRegistry observations,
            InFlightTasks inFlight,
            StringRedisTemplate redis,
            RedisTemplate<String, byte[]> bytesRedis,
            ModelBundle bundle) {
        this.codec = codec;
        this.publisher = publisher;
        this.runner = runner;
        this.observations = observations;
        this.inFlight = inFlight;
        this.redis = redis;
        this.bytes = bytesRedis;
        this.dim = bundle.config().hiddenSize();
    }

    @KafkaListener(topics = Topics.ENCODED, groupId = "reasoner")
    void onEncoded(String value) throws Exception {
        EventEnvelope<TaskEncoded> event = codec.decode(value, TaskEncoded.class);
        validate(event);
        String taskId = event.taskId();
        MDC.put("task_id", taskId);
        try {
            handle(event, taskId, value);
        } finally {
            MDC.remove("task_id");
        }
    }

    private void handle(EventEnvelope<TaskEncoded> event, String taskId, String value) throws Exception {
        if (Boolean.TRUE.equals(redis.hasKey(SessionRunner.doneKey(taskId))) || runner.isActive(taskId)) {
            return;
        }
        if (Boolean.TRUE.equals(redis.hasKey(RedisKeys.cancelled(taskId)))) {
            end(
                    event,
                    new TaskResult(
                            TaskStatus.CANCELLED,
                            null,
                            null,
                            "cancelled by the client",
                            "reasoner",
                            0,
                            false,
                            TaskResult.Usage.NONE,
                            event.payload().cacheHits()));
            return;
        }
        Instant deadline = event.payload().task().deadline();
        if (deadline != null && Instant.now().isAfter(deadline)) {
            end(event, TaskResult.failed("reasoner", "deadline exceeded before reasoning started"));
            return;
        }
        VisualTokens visual = load(event.payload());
        if (visual == null) {
            end(event, TaskResult.failed("reasoner", "visual tokens are no longer cached (feature TTL passed)"));
            return;
        }
        inFlight.register(taskId, event.tenant(), value);
        runner.admit(new SessionRunner.Admission(event, visual, observations.getCurrentObservation()));
    }

    private void validate(EventEnvelope<TaskEncoded> e) {
        var p = e.payload();
        if (p.task() == null
                || p.task().options() == null
                || p.featureKeys() == null
                || p.featureKeys().isEmpty()) {
            throw new PoisonRecordException("encoded task " + e.taskId() + " lacks its task, options or feature keys");
        }
        if (p.dim() != dim) {
            throw new PoisonRecordException("encoded task " + e.taskId() + " has visual tokens of width " + p.dim()
                    + "; this model takes " + dim);
        }
        var o = p.task().options();
        try {
            Mode.parse(o.mode());
        } catch (IllegalArgumentException ex) {
            throw new PoisonRecordException("task " + e.taskId() + ": " + ex.getMessage());
        }
        if (o.latentSteps() < 0 || o.latentSteps() > SessionRequest.MAX_LATENT_STEPS || o.maxTokens() < 1) {
            throw new PoisonRecordException("task " + e.taskId() + ": latent_steps " + o.latentSteps()
                    + " or max_tokens " + o.maxTokens() + " out of range");
        }
    }

    private VisualTokens load(TaskEncoded p) {
        List<byte[]> frames = bytes.opsForValue().multiGet(p.featureKeys());
        int per = p.tokensPerFrame() * p.dim();
        float[] data = new float[frames.size() * per];
        for (int f = 0; f < frames.size(); f++) {
            byte[] b = frames.get(f);
            if (b == null) {
                return null;
            }
            if (b.length != per * Float.BYTES) {
                throw new PoisonRecordException(
                        p.featureKeys().get(f) + " holds " + b.length + " bytes, expected " + per * Float.BYTES);
            }
            ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(data, f * per, per);
        }
        return new VisualTokens(data, frames.size(), p.tokensPerFrame(), p.dim());
    }

    private void end(EventEnvelope<TaskEncoded> e, TaskResult result) throws Exception {
        publisher
                .publish(Topics.RESULTS, e.taskId(), e.tenant(), EventTypes.TASK_RESULT, result)
                .get(10, TimeUnit.SECONDS);
        redis.opsForValue()
                .set(SessionRunner.doneKey(e.taskId()), result.status().name(), Duration.ofDays(1));
    }
}
