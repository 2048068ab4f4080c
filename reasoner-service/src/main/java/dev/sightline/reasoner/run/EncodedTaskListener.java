package dev.sightline.reasoner.run;

import dev.sightline.contracts.EventEnvelope;
import dev.sightline.contracts.EventTypes;
import dev.sightline.contracts.Topics;
import dev.sightline.contracts.task.TaskEncoded;
import dev.sightline.contracts.task.TaskResult;
import dev.sightline.contracts.task.TaskStatus;
import dev.sightline.contracts.task.TaskSubmitted;
import dev.sightline.kit.EventCodec;
import dev.sightline.kit.EventPublisher;
import dev.sightline.kit.PoisonRecordException;
import dev.sightline.kit.RecordTraces;
import dev.sightline.latent.session.Mode;
import dev.sightline.latent.session.ReasoningEngine;
import dev.sightline.latent.session.SessionRequest;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.MDC;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.stereotype.Component;

/**
 * Unwraps encoded tasks for the {@link SessionRunner}, a poll at a time: skips tasks already answered (a
 * redelivery) or running here, answers cancelled and overdue ones without running them, loads the visual
 * tokens, registers the tasks as in flight and hands them over. What Redis knows about a whole poll comes in
 * one pipelined round trip ({@link AdmissionLookup}): a wave of tasks reaches the scheduler together instead
 * of one round trip after another. A payload that breaks the contract is poison: the records before it are
 * admitted, it goes to the dead-letter topic, the ones after it come again.
 */
@Component
class EncodedTaskListener {
    /** How many times a task whose visual tokens left Redis is sent back to the encoder. */
    static final int MAX_ENCODES_AGAIN = 2;

    private final EventCodec codec;
    private final EventPublisher publisher;
    private final SessionRunner runner;
    private final ObservationRegistry observations;
    private final InFlightTasks inFlight;
    private final AdmissionLookup lookup;
    private final Backpressure backpressure;
    private final int dim;
    /** This model's vision tower: visual tokens from any other are not this model's input. */
    private final String encoderId;

    EncodedTaskListener(
            EventCodec codec,
            EventPublisher publisher,
            SessionRunner runner,
            ObservationRegistry observations,
            InFlightTasks inFlight,
            AdmissionLookup lookup,
            Backpressure backpressure,
            ReasoningEngine engine) {
        this.codec = codec;
        this.publisher = publisher;
        this.runner = runner;
        this.observations = observations;
        this.inFlight = inFlight;
        this.lookup = lookup;
        this.backpressure = backpressure;
        this.dim = engine.bundle().config().hiddenSize();
        // the engine's own tower, whose identity it computed when it loaded (null: a bundle without one)
        this.encoderId = engine.vision() == null ? null : engine.vision().identity();
    }

    /** One record of the poll, decoded. */
    private record Arrival(int index, EventEnvelope<TaskEncoded> event, ConsumerRecord<String, String> record) {}

    @KafkaListener(id = Backpressure.LISTENER_ID, topics = Topics.ENCODED, groupId = "reasoner", batch = "true")
    void onEncoded(List<ConsumerRecord<String, String>> records) throws Exception {
        if (!runner.isAccepting()) {
            // a dead scheduler loop has stopped this listener's container: the poll it was in is not recovered
            // (dead-lettered) but sought back, for the replicas that take the partitions over
            throw new IllegalStateException("the reasoner takes no tasks; the poll is left for redelivery");
        }
        List<Arrival> arrivals = new ArrayList<>();
        BatchListenerFailedException poison = null;
        for (int i = 0; i < records.size() && poison == null; i++) {
            try {
                EventEnvelope<TaskEncoded> event = codec.decode(records.get(i).value(), TaskEncoded.class);
                validate(event);
                arrivals.add(new Arrival(i, event, records.get(i)));
            } catch (PoisonRecordException e) {
                poison = new BatchListenerFailedException(e.getMessage(), e, i);
            } catch (RuntimeException e) {
                // a field the checks did not foresee (a foreign producer's record) is this record's fault: an
                // exception that names no record makes the error handler dead-letter the whole poll
                var cause = new PoisonRecordException("encoded task unreadable: " + e, e);
                poison = new BatchListenerFailedException(cause.getMessage(), cause, i);
            }
        }
        List<AdmissionLookup.Found> found =
                lookup.find(arrivals.stream().map(Arrival::event).toList());
        List<Admission> admissions = new ArrayList<>();
        List<InFlightTasks.Held> held = new ArrayList<>();
        Set<String> taken = new HashSet<>();
        for (int i = 0; i < arrivals.size(); i++) {
            Arrival a = arrivals.get(i);
            String taskId = a.event().taskId();
            MDC.put("task_id", taskId);
            try {
                AdmissionLookup.Found f = found.get(i);
                if (f.done() || runner.isActive(taskId) || !taken.add(taskId)) {
                    continue;
                }
                if (f.cancelled()) {
                    end(a.event(), cancelled(a.event()));
                    continue;
                }
                Instant deadline = a.event().payload().task().deadline();
                if (deadline != null && Instant.now().isAfter(deadline)) {
                    end(a.event(), TaskResult.failed("reasoner", "deadline exceeded before reasoning started"));
                    continue;
                }
                if (f.badFrame() != null) {
                    poison = new BatchListenerFailedException(
                            f.badFrame(), new PoisonRecordException(f.badFrame()), a.index());
                    break;
                }
                if (f.visual() == null) {
                    encodeAgain(a.event());
                    continue;
                }
                admissions.add(admission(a, f));
                held.add(new InFlightTasks.Held(
                        taskId, a.event().tenant(), a.record().value()));
            } finally {
                MDC.remove("task_id");
            }
        }
        inFlight.register(held);
        admissions.forEach(runner::admit);
        backpressure.afterAdmission();
        if (poison != null) {
            throw poison;
        }
    }

    /**
     * A frame's visual tokens left Redis between the encoder and here (evicted under memory pressure, or past their
     * TTL): the task goes back to the encoder, which still has its frames in the image store, rather than fail. At
     * most {@link #MAX_ENCODES_AGAIN} times a task, so a Redis that keeps evicting cannot bounce it until its
     * deadline.
     */
    private void encodeAgain(EventEnvelope<TaskEncoded> e) throws Exception {
        long times = lookup.sentBackToEncoder(e.taskId());
        if (times > MAX_ENCODES_AGAIN) {
            end(
                    e,
                    TaskResult.failed(
                            "reasoner",
                            "visual tokens left Redis before reasoning started, " + times
                                    + " times (evicted or expired); not encoding them again"));
            return;
        }
        // without the gateway's mark: the encoder skips a task marked as encoded
        TaskSubmitted task = e.payload().task().encodedBy(null);
        publisher
                .publish(Topics.TASKS, e.taskId(), e.tenant(), EventTypes.TASK_SUBMITTED, task)
                .get(10, TimeUnit.SECONDS);
    }

    /** Each task continues the trace of its record: its steps, result and sketch calls join it. */
    private Admission admission(Arrival a, AdmissionLookup.Found f) {
        Observation trace = RecordTraces.continuing(
                "sightline.admit", Topics.ENCODED, a.record().headers(), observations);
        return trace.observe(() -> new Admission(a.event(), f.visual(), trace));
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
        if (!Objects.equals(encoderId, p.encoderId())) {
            // a retrained bundle keeps its width: only the tower's identity tells its tokens from ours
            throw new PoisonRecordException("encoded task " + e.taskId() + " was encoded by vision tower "
                    + p.encoderId() + "; this model's tower is " + encoderId
                    + " (encoder and reasoner must load the same bundle)");
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

    private static TaskResult cancelled(EventEnvelope<TaskEncoded> e) {
        return new TaskResult(
                TaskStatus.CANCELLED,
                null,
                null,
                "cancelled by the client",
                "reasoner",
                0,
                false,
                TaskResult.Usage.NONE,
                e.payload().cacheHits());
    }

    private void end(EventEnvelope<TaskEncoded> e, TaskResult result) throws Exception {
        publisher
                .publish(Topics.RESULTS, e.taskId(), e.tenant(), EventTypes.TASK_RESULT, result)
                .get(10, TimeUnit.SECONDS);
        inFlight.done(e.taskId(), result.status());
    }
}
