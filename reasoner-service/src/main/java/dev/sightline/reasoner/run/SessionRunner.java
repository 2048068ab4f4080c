package dev.sightline.reasoner.run;

import dev.sightline.contracts.task.TaskResult;
import dev.sightline.kit.EventPublisher;
import dev.sightline.latent.session.BatchScheduler;
import dev.sightline.latent.session.ForwardStats;
import dev.sightline.latent.session.ReasoningEngine;
import dev.sightline.latent.session.ReasoningSession;
import dev.sightline.latent.session.SessionResult;
import dev.sightline.latent.session.Step;
import dev.sightline.latent.session.StepListener;
import dev.sightline.reasoner.ReasonerProperties;
import dev.sightline.reasoner.sketch.RemoteSketchDecoder;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Owns the engine's {@link BatchScheduler} and the one thread that steps it. Tasks arrive from the Kafka
 * listener already registered in {@link InFlightTasks}, and leave it once their result is on Kafka, so a
 * reasoner that stops (or dies) leaves its unfinished tasks to be run again elsewhere.
 *
 * <p>Every step is published as it happens, from an {@link Outbox} (in order, off the scheduler thread); a step
 * that does not reach Kafka fails its task at the next step, and a result the producer gave up on is sent again
 * while its task has time ({@link TaskRecords}). A step that throws outside the engine's per-forward guards fails the
 * batch's tasks with the reason and a fresh scheduler takes over. Cancellation (from the gateway, through Redis) and
 * the task's deadline stop a session between steps. On shutdown the listener stops first (higher phase), then running
 * sessions get {@code drainTimeout} to finish; what is left is abandoned without a result and re-published.
 */
@Component
public class SessionRunner implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(SessionRunner.class);

    private final ReasoningEngine engine;
    private final ReasonerProperties properties;
    private final InFlightTasks inFlight;
    private final SessionMeters sessionMeters;
    private final Queue<Admission> inbox = new ConcurrentLinkedQueue<>();
    private final Map<String, Running> running = new ConcurrentHashMap<>();
    /**
     * Tasks whose session has ended and whose done mark is not applied yet: still active to admission, so a copy of
     * the record arriving in between (a replay after a crash, a sweep's re-publication) is skipped, not run again.
     */
    private final Set<String> finishing = ConcurrentHashMap.newKeySet();

    private final HeardCancels cancels = new HeardCancels();
    private static final int OUTBOX_CAPACITY = 4096;
    private final ForwardStats forwards = new ForwardStats();
    private final ResultAcks resultAcks = new ResultAcks();
    private volatile Thread thread;
    /** Where the sessions' records leave from: a thread of its own, so the scheduler thread stays on forwards. */
    private volatile Outbox outbox;

    private final TaskRecords.Route route;

    private volatile boolean accepting;
    private volatile boolean started;
    private volatile boolean abandon;
    /** Runs on the scheduler thread each time a session ends (after it has left {@link #load()}). */
    private volatile Runnable onSessionEnded = () -> {};
    /** Runs on the scheduler thread if its loop dies, after this runner has stopped taking tasks. */
    private volatile Consumer<Throwable> onLoopDied = e -> {};

    SessionRunner(
            ReasoningEngine engine,
            EventPublisher publisher,
            ReasonerProperties properties,
            InFlightTasks inFlight,
            MeterRegistry meters) {
        this.inFlight = inFlight;
        meters.gauge("sightline.reasoner.sessions.active", running, Map::size);
        this.sessionMeters = new SessionMeters(meters);
        ForwardMeters.register(forwards, meters);
        this.engine = engine;
        if (engine.sketchDecoder() instanceof RemoteSketchDecoder remote) {
            remote.traceTasksBy(taskId -> {
                Running r = running.get(taskId);
                return r == null ? null : r.admission.trace();
            });
        }
        this.properties = properties;
        // its thread starts with the first result that needs sending again, and may block while the outbox is full
        var retries = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "reasoner-result-retries");
            t.setDaemon(true);
            return t;
        });
        this.route = new TaskRecords.Route(publisher, () -> outbox, inFlight, resultAcks, () -> accepting, retries);
    }

    public void admit(Admission a) {
        if (!accepting) {
            throw new IllegalStateException(
                    "reasoner is shutting down; task " + a.event().taskId() + " is left for redelivery");
        }
        inbox.add(a);
        if (!accepting && inbox.remove(a)) {
            // the loop died in between and has emptied the inbox for the last time
            throw new IllegalStateException(
                    "reasoner stopped taking tasks; task " + a.event().taskId() + " is left for redelivery");
        }
        LockSupport.unpark(thread);
    }

    /** Whether {@link #admit} takes tasks: started, not stopping, and its loop alive. */
    public boolean isAccepting() {
        return accepting;
    }

    /** What to do each time a session ends, e.g. let admission resume (called on the scheduler thread). */
    void onSessionEnded(Runnable action) {
        this.onSessionEnded = action;
    }

    /** What to do if the scheduler's loop dies for good, e.g. report the replica broken (liveness). */
    void onLoopDied(Consumer<Throwable> action) {
        this.onLoopDied = action;
    }

    /** Tasks admitted and not yet ended: running, queued for the batch, or about to start. */
    public int load() {
        return running.size() + inbox.size();
    }

    /** The tasks whose sessions are in the batch now. */
    List<String> runningIds() {
        return List.copyOf(running.keySet());
    }

    public boolean isActive(String taskId) {
        // in the order a task moves through them, each entered before the last is left: one in transit is seen
        return inbox.stream().anyMatch(a -> a.event().taskId().equals(taskId))
                || running.containsKey(taskId)
                || finishing.contains(taskId);
    }

    public void cancel(String taskId) {
        cancels.heard(taskId);
        LockSupport.unpark(thread);
    }

    private void loop() {
        BatchScheduler scheduler = null;
        try {
            scheduler = new BatchScheduler(engine, forwards);
            while (!abandon && (accepting || !running.isEmpty() || !inbox.isEmpty())) {
                Admission a;
                while ((a = inbox.peek()) != null) {
                    start(a, scheduler); // into the running (or finishing) before it leaves the inbox: never inactive
                    inbox.remove(a);
                }
                Instant now = Instant.now();
                for (Running r : running.values()) {
                    if (cancels.take(r.taskId)) {
                        r.session.cancel();
                    } else if (r.deadline != null && now.isAfter(r.deadline) && !r.deadlineHit) {
                        r.deadlineHit = true;
                        r.session.cancel();
                    }
                }
                cancels.forgetOld();
                if (scheduler.idle()) {
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
                    continue;
                }
                try {
                    scheduler.step();
                } catch (RuntimeException | Error e) {
                    scheduler = replaced(scheduler, e);
                }
            }
            for (Running r : running.values()) {
                r.abandoned = true;
            }
            if (!running.isEmpty() || !inbox.isEmpty()) {
                log.warn("stopping with {} unfinished tasks: handing them back", running.size() + inbox.size());
            }
        } catch (RuntimeException | Error e) {
            died(scheduler, e);
            throw e;
        } finally {
            try {
                if (scheduler != null) {
                    scheduler.close();
                }
            } catch (RuntimeException e) {
                log.warn("closing the scheduler: {}", e.toString());
            }
        }
    }

    /**
     * The loop cannot go on (a fresh scheduler would not start): nothing would run what this replica takes, so it
     * takes nothing more, fails what it holds with the reason rather than leave it to its deadline, and says so
     * ({@link #onLoopDied}: the service stops its encoded-task listener, whose records go to other replicas, and
     * reports liveness BROKEN, so the pod is restarted). While stopping, what is left is handed back instead.
     */
    private void died(BatchScheduler scheduler, Throwable e) {
        log.error("the reasoner's scheduler loop died: this replica takes no more tasks", e);
        accepting = false;
        if (abandon) {
            return; // stop() hands back what is left
        }
        String reason = "the reasoner's scheduler stopped: " + e;
        if (scheduler != null) {
            try {
                scheduler.abort(reason); // each of its sessions ends once, FAILED with the reason
            } catch (RuntimeException | Error aborting) {
                log.warn("aborting the scheduler: {}", aborting.toString());
            }
        }
        TaskResult failed = TaskResult.failed("reasoner", reason);
        for (Running r : List.copyOf(running.values())) {
            r.abandoned = true; // a session still in a scheduler must not end it a second time
            finishing.add(r.taskId);
            running.remove(r.taskId);
            failQuietly(r, failed);
        }
        Admission a;
        while ((a = inbox.peek()) != null) {
            failQuietly(new Running(a), failed); // finishing before it leaves the inbox: never inactive in between
            inbox.remove(a);
        }
        try {
            onLoopDied.accept(e);
        } catch (RuntimeException hook) {
            log.warn("reporting the dead loop: {}", hook.toString());
        }
    }

    private void failQuietly(Running r, TaskResult failed) {
        try {
            r.finish(failed);
        } catch (RuntimeException e) {
            log.warn("failing task {}: {}", r.taskId, e.toString());
        }
    }

    /**
     * A step threw outside every forward's guard (a cache release, a decoder's answer, an error thrown on this thread):
     * the batch's state is unknown, so its sessions end FAILED with the reason and a fresh scheduler takes the next
     * tasks. A loop that died instead would leave them held by a replica that still heartbeats, until their deadlines.
     */
    private BatchScheduler replaced(BatchScheduler broken, Throwable e) {
        log.error(
                "the batch failed outside a forward: its {} tasks fail, a fresh scheduler takes over",
                running.size(),
                e);
        try {
            broken.abort("engine error: " + e);
        } catch (RuntimeException | Error aborting) {
            log.warn("aborting the failed scheduler: {}", aborting.toString());
        }
        try {
            return new BatchScheduler(engine, forwards);
        } catch (RuntimeException first) {
            // its KV cache could not be made (memory the failed one still held, say): once more, a second later
            log.warn("a fresh scheduler could not start ({}); trying again in 1 s", first.toString());
            LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(1));
            return new BatchScheduler(engine, forwards);
        }
    }

    private void start(Admission a, BatchScheduler scheduler) {
        var e = a.event();
        Running r = new Running(a);
        try {
            r.session = engine.newSession(a.request(), r);
        } catch (IllegalArgumentException ex) {
            r.finish(TaskResult.failed("reasoner", "the engine rejected the task: " + ex.getMessage()));
            return;
        } catch (RuntimeException ex) {
            // this task's end, not the loop's
            log.error("task {} could not start", e.taskId(), ex);
            r.finish(TaskResult.failed("reasoner", "the engine could not start the task: " + ex));
            return;
        }
        running.put(e.taskId(), r);
        scheduler.submit(r.session);
    }

    private final class Running implements StepListener {
        final Admission admission;
        final String taskId;
        final Instant deadline;
        final TaskRecords records;
        ReasoningSession session;
        int steps;
        volatile boolean deadlineHit;
        volatile boolean abandoned;

        Running(Admission a) {
            this.admission = a;
            this.taskId = a.event().taskId();
            this.deadline = a.event().payload().task().deadline();
            this.records = new TaskRecords(
                    route, taskId, a.event().tenant(), a.trace(), deadline, () -> finishing.remove(taskId));
        }

        @Override
        public void onStep(Step step) {
            records.requireEveryStepSent();
            steps++;
            records.step(StepRecords.of(step, engine.bundle().config().hiddenSize()));
        }

        @Override
        public void onFinish(SessionResult result) {
            finishing.add(taskId); // before it leaves the running: never inactive in between
            running.remove(taskId);
            try {
                if (abandoned) {
                    finishing.remove(taskId); // handed back
                } else {
                    publishEnd(result);
                }
            } finally {
                try {
                    onSessionEnded.run();
                } catch (RuntimeException e) {
                    // on the scheduler's thread, after the result was handed over: its failure must not end the loop
                    log.warn("after task {} ended: {}", taskId, e.toString());
                }
            }
        }

        private void publishEnd(SessionResult result) {
            sessionMeters.ended(result);
            finish(admission.result(result, steps, deadlineHit));
        }

        void finish(TaskResult result) {
            TaskResult r = result.featureCacheHits() == null
                    ? result.withStepsAndCacheHits(
                            steps, admission.event().payload().cacheHits())
                    : result;
            finishing.add(taskId); // (an outbox that refuses it is shutting down: the entry goes with the replica)
            records.result(r);
        }
    }

    @Override
    public void start() {
        finishing.clear(); // what a stop left behind (results its closed outbox refused) is not running here
        accepting = true;
        abandon = false;
        outbox = new Outbox("reasoner-publisher", OUTBOX_CAPACITY, properties.drainTimeout());
        Thread t = new Thread(this::loop, "reasoner-scheduler");
        t.setDaemon(true);
        thread = t;
        started = true;
        t.start();
    }

    @Override
    public void stop() {
        accepting = false;
        LockSupport.unpark(thread);
        long until = System.nanoTime() + properties.drainTimeout().toNanos();
        while ((!running.isEmpty() || !inbox.isEmpty()) && System.nanoTime() < until) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
        abandon = true;
        LockSupport.unpark(thread);
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        outbox.close(); // the results of the sessions that ended leave before the rest is handed back
        resultAcks.await(until); // a task whose result is on Kafka (and marked done) is not handed back
        int handedBack = inFlight.releaseAll();
        if (handedBack > 0) {
            log.info("re-published {} unfinished tasks for another replica", handedBack);
        }
        started = false;
    }

    /** Started and not stopped, whether or not its loop is alive: a dead loop's tasks are still handed back. */
    @Override
    public boolean isRunning() {
        return started;
    }

    /** Below the Kafka listener containers: they stop taking records before the sessions drain. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 1000;
    }
}
