package dev.sightline.reasoner.run;

import dev.sightline.contracts.EventEnvelope;
import dev.sightline.contracts.EventTypes;
import dev.sightline.contracts.Topics;
import dev.sightline.contracts.task.StepRecorded;
import dev.sightline.contracts.task.TaskResult;
import dev.sightline.contracts.task.TaskStatus;
import dev.sightline.kit.EventPublisher;
import io.micrometer.observation.Observation;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * One task's records on their way to Kafka: its steps in order, then its result, all sent from the runner's
 * {@link Outbox} (a thread of its own, so the scheduler's stays on forwards). A step that does not leave fails the
 * task at its next step ({@link #requireEveryStepSent}: its trace would have a hole). A result the producer gives up
 * on (a broker down past the producer's own retries) is sent again, the same event, after 1, 2, 4 … 32 s, while the
 * task has time and the replica runs; past its deadline the gateway's sweeper fails the task, and a stopping replica
 * hands it back.
 *
 * <p>Made when a task is admitted; {@link #step} and {@link #result} are called on the scheduler's thread, the sends
 * run on the outbox's, their outcomes on the producer's I/O thread. {@code settled} runs once the task need no longer
 * count as active: its done mark applied after its result was acknowledged, or the result given up on.
 */
final class TaskRecords {
    private static final Logger log = LoggerFactory.getLogger(TaskRecords.class);
    /** The first pause before a result that failed is sent again; it doubles with each failure, up to 32 times this. */
    static final Duration RESULT_RETRY_FIRST = Duration.ofSeconds(1);
    /** How often a result is sent for a task without a deadline (the gateway gives every task one). */
    private static final int ATTEMPTS_WITHOUT_DEADLINE = 10;

    /** What the records of every task of one runner share. */
    record Route(
            EventPublisher publisher,
            Supplier<Outbox> outbox,
            InFlightTasks inFlight,
            ResultAcks acks,
            BooleanSupplier accepting,
            ScheduledExecutorService retries) {}

    private final Route route;
    private final String taskId;
    private final String tenant;
    private final Observation trace;
    private final Instant deadline;
    private final Runnable settled;
    /** Why a step of this task did not reach Kafka (set on the outbox's or the producer's thread), or null. */
    private volatile Throwable lostStep;
    /** Steps handed to the producer and not failed (so far): what a result counts once a step was lost. */
    private final AtomicInteger sentSteps = new AtomicInteger();

    TaskRecords(Route route, String taskId, String tenant, Observation trace, Instant deadline, Runnable settled) {
        this.route = route;
        this.taskId = taskId;
        this.tenant = tenant;
        this.trace = trace;
        this.deadline = deadline;
        this.settled = settled;
    }

    /**
     * @throws IllegalStateException once a step of this task did not reach Kafka: the task ends there, FAILED with
     *     the reason, rather than go on with a hole in its trace
     */
    void requireEveryStepSent() {
        Throwable failed = lostStep;
        if (failed != null) {
            throw new IllegalStateException("a step was not published: " + failed.getMessage(), failed);
        }
    }

    /** Hands the step over; it leaves after the steps handed over before it. */
    void step(StepRecorded record) {
        route.outbox().get().submit(() -> {
            try {
                inTrace(() -> route.publisher().publish(Topics.STEPS, taskId, tenant, EventTypes.STEP_RECORDED, record))
                        .whenComplete((ok, e) -> {
                            if (e != null) {
                                sentSteps.decrementAndGet();
                                stepNotSent(e);
                            }
                        });
                sentSteps.incrementAndGet();
            } catch (RuntimeException e) {
                stepNotSent(e);
            }
        });
    }

    /**
     * Hands the result over, to leave after the task's steps.
     *
     * @throws RejectedExecutionException when the outbox is closed (the replica stops: the task is handed back)
     */
    void result(TaskResult result) {
        route.outbox().get().submit(() -> send(resultEvent(result), 0));
    }

    private void stepNotSent(Throwable e) {
        if (lostStep == null) {
            lostStep = e;
            logError("a step of task {} was not published; the task fails at its next step", e);
        }
    }

    /**
     * On the outbox's thread, after the task's steps: a task that lost one did not complete, and counts only the steps
     * that left. Made once: a re-send is the same event, its id included, as consumers' deduplication expects.
     */
    private EventEnvelope<TaskResult> resultEvent(TaskResult result) {
        Throwable lost = lostStep;
        TaskResult r = lost == null
                ? result
                : (result.status() == TaskStatus.COMPLETED
                                ? result.failedWith("a step was not published: " + lost.getMessage())
                                : result)
                        .withStepsAndCacheHits(sentSteps.get(), result.featureCacheHits());
        return route.publisher().envelope(taskId, tenant, EventTypes.TASK_RESULT, r);
    }

    private void send(EventEnvelope<TaskResult> event, int attempt) {
        try {
            var sent = inTrace(() -> route.publisher().send(Topics.RESULTS, event));
            route.publisher().sendNow(); // the client waits for this record; the steps may linger to share a request
            CompletableFuture<?> marked = sent.whenComplete((ok, failure) -> {
                if (failure != null) {
                    notSent(event, attempt, failure);
                    return;
                }
                // on the producer's I/O thread: never wait on Redis here
                route.inFlight().doneSoon(taskId, event.payload().status(), settled);
            });
            route.acks().track(marked);
        } catch (RuntimeException failure) {
            notSent(event, attempt, failure);
        }
    }

    private void notSent(EventEnvelope<TaskResult> event, int attempt, Throwable failure) {
        Duration pause = RESULT_RETRY_FIRST.multipliedBy(1L << Math.min(attempt, 5));
        boolean hasTime = deadline == null
                ? attempt < ATTEMPTS_WITHOUT_DEADLINE
                : Instant.now().plus(pause).isBefore(deadline);
        if (!route.accepting().getAsBoolean() || !hasTime) {
            settled.run();
            logError("result of task {} not published; it stays in flight to be run again", failure);
            return;
        }
        if (attempt == 0) {
            logError("result of task {} not published; it is sent again while the task has time", failure);
        } else {
            try (var ignored = MDC.putCloseable("task_id", taskId)) {
                log.warn(
                        "result of task {} not published again (attempt {}): {}",
                        taskId,
                        attempt + 1,
                        failure.toString());
            }
        }
        Outbox outbox = route.outbox().get(); // this run's: a replica restarted meanwhile has handed the task back
        try {
            route.retries().schedule(() -> resend(outbox, event, attempt + 1), pause.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopped) {
            settled.run();
        }
    }

    /** A stopping replica hands the task back (it is still held) rather than send its result again. */
    private void resend(Outbox outbox, EventEnvelope<TaskResult> event, int attempt) {
        if (!route.accepting().getAsBoolean()) {
            settled.run();
            return;
        }
        try {
            outbox.submit(() -> send(event, attempt));
        } catch (RejectedExecutionException closed) {
            settled.run();
        }
    }

    /** Runs {@code send} as part of the task's trace, so the record carries it on. */
    private <T> T inTrace(Supplier<T> send) {
        if (trace == null) {
            return send.get();
        }
        try (Observation.Scope ignored = trace.openScope()) {
            return send.get();
        }
    }

    private void logError(String message, Throwable e) {
        try (var ignored = MDC.putCloseable("task_id", taskId)) {
            log.error(message, taskId, e);
        }
    }
}
