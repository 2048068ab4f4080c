package dev.sightline.reasoner.run;

import dev.sightline.contracts.EventEnvelope;
import dev.sightline.contracts.task.TaskEncoded;
import dev.sightline.contracts.task.TaskResult;
import dev.sightline.contracts.task.TaskStatus;
import dev.sightline.latent.sampling.SamplingParams;
import dev.sightline.latent.session.Mode;
import dev.sightline.latent.session.SessionRequest;
import dev.sightline.latent.session.SessionResult;
import dev.sightline.latent.vision.VisualTokens;
import io.micrometer.observation.Observation;

/**
 * A task handed over by the listener to the {@link SessionRunner}, with the observation its record was consumed in
 * (null when tracing is off): the task's steps, result and sketch calls continue that trace.
 */
public record Admission(EventEnvelope<TaskEncoded> event, VisualTokens visual, Observation trace) {
    /**
     * The engine's request for this task.
     *
     * @throws IllegalArgumentException when the task's options are not a session's (its mode, say)
     */
    SessionRequest request() {
        var t = event.payload().task();
        var o = t.options();
        long seed = o.seed() != null ? o.seed() : seedOf(event.taskId());
        return new SessionRequest(
                event.taskId(),
                t.question(),
                null,
                visual,
                Mode.parse(o.mode()),
                o.latentSteps(),
                o.latentBeforeEachStep(),
                o.maxTokens(),
                new SamplingParams(o.temperature(), o.topK(), o.topP(), seed),
                o.choices());
    }

    /**
     * The task's result from how its session ended, after {@code steps} published steps; {@code deadlineHit}: the
     * session was stopped by the task's deadline, which fails the task rather than cancel it.
     */
    TaskResult result(SessionResult result, int steps, boolean deadlineHit) {
        var u = result.usage();
        TaskStatus status = switch (result.status()) {
            case COMPLETED -> TaskStatus.COMPLETED;
            case FAILED -> TaskStatus.FAILED;
            case CANCELLED -> deadlineHit ? TaskStatus.FAILED : TaskStatus.CANCELLED;
        };
        String error = deadlineHit
                ? "deadline exceeded: stopped after " + steps + " steps at "
                        + event.payload().task().deadline()
                : status == TaskStatus.CANCELLED ? "cancelled by the client" : result.error();
        return new TaskResult(
                status,
                result.answer(),
                result.finishReason(),
                error,
                "reasoner",
                steps,
                result.degraded(),
                new TaskResult.Usage(u.promptTokens(), u.textTokens(), u.latentSteps(), u.sketches(), u.ms()),
                event.payload().cacheHits());
    }

    /** A task without a seed samples with one derived from its id, so running it again replays its trace. */
    static long seedOf(String taskId) {
        long h = 1125899906842597L;
        for (int i = 0; i < taskId.length(); i++) {
            h = 31 * h + taskId.charAt(i);
        }
        return h & Long.MAX_VALUE;
    }
}
