package dev.sightline.reasoner.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sightline.contracts.EventEnvelope;
import dev.sightline.contracts.Topics;
import dev.sightline.contracts.task.TaskEncoded;
import dev.sightline.contracts.task.TaskOptions;
import dev.sightline.contracts.task.TaskSubmitted;
import dev.sightline.kit.EventCodec;
import dev.sightline.kit.EventPublisher;
import dev.sightline.kit.testing.EmbeddedRedis;
import dev.sightline.latent.bundle.ModelBundle;
import dev.sightline.latent.preset.ModelInitializer;
import dev.sightline.latent.preset.Preset;
import dev.sightline.latent.session.EngineOptions;
import dev.sightline.latent.session.ReasoningEngine;
import dev.sightline.reasoner.ReasonerProperties;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.mock.MockProducerFactory;
import org.springframework.util.unit.DataSize;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The reasoner's session loop on a real engine (a seeded tiny bundle) and a real Redis. */
class SessionRunnerTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** What the runner sent, in send order: each record's topic, value and the thread that sent it. */
    private record Sent(String topic, JsonNode value, String thread) {}

    @Test
    void aCancelHeardBeforeItsTaskIsAdmittedStillCancelsIt() throws Exception {
        List<Sent> sent = runTask(
                Faults.NONE,
                "text",
                0,
                runner -> {
                    // the race: the cancel arrives after the listener's lookup said "not cancelled" and before the
                    // admission
                    runner.cancel("t-1");
                    Thread.sleep(200); // the loop goes round meanwhile, with no session of that id
                },
                runner -> {});
        JsonNode result = result(sent);
        assertEquals("CANCELLED", result.at("/payload/status").asString(), result.toString());
    }

    @Test
    void aTasksStepsAndResultLeaveInOrderFromThePublisherNotTheSchedulerThread() throws Exception {
        List<Sent> sent = runTask(Faults.NONE, "latent", 4, runner -> {}, runner -> {});
        List<Sent> steps =
                sent.stream().filter(s -> s.topic().equals(Topics.STEPS)).toList();
        assertTrue(steps.size() >= 5, "a latent segment of 4 and an answer: " + steps.size() + " steps");
        for (int i = 0; i < steps.size(); i++) {
            assertEquals(i, steps.get(i).value().at("/payload/seq").asInt(), "step " + i + " in order");
        }
        Sent last = sent.get(sent.size() - 1);
        assertEquals(Topics.RESULTS, last.topic(), "the result leaves after every step");
        assertEquals("COMPLETED", last.value().at("/payload/status").asString());
        assertEquals(steps.size(), last.value().at("/payload/steps").asInt());
        assertTrue(
                sent.stream().allMatch(s -> s.thread().equals("reasoner-publisher")),
                "sent from the outbox's thread, the scheduler's left to its forwards: "
                        + sent.stream().map(Sent::thread).distinct().toList());
    }

    @Test
    void aStepThatCannotBePublishedFailsItsTaskWithTheReason() throws Exception {
        List<Sent> sent = runTask(Faults.failing(Topics.STEPS), "latent", 4, runner -> {}, runner -> {});
        JsonNode result = result(sent);
        assertEquals("FAILED", result.at("/payload/status").asString(), result.toString());
        String error = result.at("/payload/error").asString();
        assertTrue(error.contains("not published") && error.contains("broker gone"), error);
        assertFalse(sent.stream().anyMatch(s -> s.topic().equals(Topics.STEPS)), "no step was sent");
        assertEquals(0, result.at("/payload/steps").asInt(), "the result counts a step that never left");
    }

    /**
     * A result acknowledged only after the outbox has drained (a broker slow to answer, as the replica stops):
     * the task is done, so it is not handed back to run again.
     */
    @Test
    void aTaskWhoseResultIsAcknowledgedDuringShutdownIsNotHandedBack() throws Exception {
        List<Sent> sent = runTask(Faults.late(Topics.RESULTS), "text", 0, runner -> {}, runner -> {});
        assertEquals("COMPLETED", result(sent).at("/payload/status").asString());
        assertFalse(
                sent.stream().anyMatch(s -> s.topic().equals(Topics.ENCODED)),
                "the finished task was handed back: "
                        + sent.stream().map(Sent::topic).toList());
    }

    /**
     * A finished task stays active to admission until its done mark is applied: a copy of its record arriving
     * between its result and the mark (a replay, a sweep's re-publication) is skipped, not run a second time.
     */
    @Test
    void aFinishedTaskStaysActiveUntilItsDoneMarkSoACopyOfItsRecordIsNotRunAgain() throws Exception {
        var activeBeforeTheAck = new AtomicBoolean();
        var activeOnceMarked = new AtomicBoolean(true);
        runTask(Faults.late(Topics.RESULTS), "text", 0, runner -> {}, runner -> {
            activeBeforeTheAck.set(runner.isActive("t-1")); // the result sent, acknowledged 300 ms later
            for (int i = 0; i < 200 && runner.isActive("t-1"); i++) {
                Thread.sleep(20);
            }
            activeOnceMarked.set(runner.isActive("t-1"));
        });
        assertTrue(activeBeforeTheAck.get(), "inactive between its result and its done mark");
        assertFalse(activeOnceMarked.get(), "still active once its done mark was applied");
    }

    /** The end-of-session hook (the listener's resume) runs on the scheduler's thread: its failure stays there. */
    @Test
    void aFailingEndOfSessionHookNeitherStopsTheLoopNorLosesTheResult() throws Exception {
        List<Sent> sent = runTask(
                Faults.NONE,
                "text",
                0,
                runner -> runner.onSessionEnded(() -> {
                    throw new IllegalStateException("listener container stopped");
                }),
                runner -> {});
        assertEquals("COMPLETED", result(sent).at("/payload/status").asString());
    }

    /**
     * A result the producer gave up on (a broker down past its retries) is sent again while its task has time: the
     * task is not left waiting for its deadline with its answer computed.
     */
    @Test
    void aResultThatFailsToSendIsSentAgainWhileItsTaskHasTime() throws Exception {
        List<Sent> sent = runTask(Faults.failingOnce(Topics.RESULTS), "text", 0, runner -> {}, runner -> {});
        assertEquals("COMPLETED", result(sent).at("/payload/status").asString());
    }

    /**
     * Anything thrown out of a scheduler step, past the engine's per-forward guards (here an error from the
     * end-of-session hook, which runs inside a forward), fails what the batch held and a fresh scheduler takes over:
     * the next task still runs (a dead loop left every later task to its deadline).
     */
    @Test
    void aStepThatThrowsPastTheEnginesGuardsLeavesAFreshSchedulerForTheNextTask() throws Exception {
        var thrown = new AtomicBoolean();
        List<Sent> sent = runTasks(
                Faults.NONE,
                2,
                runner -> runner.onSessionEnded(() -> {
                    if (!thrown.getAndSet(true)) {
                        throw new AssertionError("injected past the guards");
                    }
                }));
        assertTrue(thrown.get());
        List<String> ended = sent.stream()
                .filter(s -> s.topic().equals(Topics.RESULTS))
                .map(s -> s.value().at("/taskId").asString() + " "
                        + s.value().at("/payload/status").asString())
                .toList();
        assertEquals(List.of("t-1 COMPLETED", "t-2 COMPLETED"), ended);
    }

    /**
     * A loop that cannot go on (here no fresh scheduler can start: the engine is closed under it) fails what it
     * holds with the reason, takes no more tasks (the listener leaves them for another replica) and says so, which
     * the service turns into liveness BROKEN: a replica that still heartbeats must not sit on tasks it cannot run.
     */
    @Test
    void aLoopThatCannotGoOnFailsWhatItHoldsTakesNothingMoreAndSaysSo() throws Exception {
        var died = new AtomicReference<Throwable>();
        var next = new AtomicReference<Admission>();
        var refused = new AtomicReference<Exception>();
        List<Sent> sent = run(
                Faults.NONE,
                "text",
                0,
                1,
                (runner, engine) -> {
                    runner.onLoopDied(died::set);
                    next.set(admission("t-3", engine, "text", 0));
                    var held = admission("t-2", engine, "text", 0);
                    var once = new AtomicBoolean();
                    runner.onSessionEnded(() -> {
                        if (!once.getAndSet(true)) {
                            runner.admit(held); // queued when the loop dies
                            engine.close(); // a fresh scheduler's KV cache has nowhere to live
                            throw new AssertionError("injected past the guards");
                        }
                    });
                },
                runner -> {
                    for (int i = 0; i < 100 && died.get() == null; i++) {
                        Thread.sleep(50);
                    }
                    try {
                        runner.admit(next.get());
                    } catch (IllegalStateException e) {
                        refused.set(e);
                    }
                });
        assertNotNull(died.get(), "the loop said it died");
        assertNotNull(refused.get(), "a task offered after it died is refused");
        JsonNode t2 = sent.stream()
                .filter(s -> s.topic().equals(Topics.RESULTS)
                        && s.value().at("/taskId").asString().equals("t-2"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("the held task ended with a result"))
                .value();
        assertEquals("FAILED", t2.at("/payload/status").asString());
        assertTrue(t2.at("/payload/error").asString().contains("scheduler stopped"), t2.toString());
        assertFalse(resultSent(sent, "t-3"));
    }

    /** Which sends fail: {@code failures} sends to {@code failingTopic} throw; sends to {@code lateTopic} are late. */
    private record Faults(String failingTopic, int failures, String lateTopic) {
        static final Faults NONE = new Faults(null, 0, null);

        static Faults failing(String topic) {
            return new Faults(topic, Integer.MAX_VALUE, null);
        }

        static Faults failingOnce(String topic) {
            return new Faults(topic, 1, null);
        }

        static Faults late(String topic) {
            return new Faults(null, 0, topic);
        }
    }

    private interface WithRunner {
        void accept(SessionRunner runner) throws Exception;
    }

    private interface WithEngine {
        void accept(SessionRunner runner, ReasoningEngine engine) throws Exception;
    }

    /**
     * Runs task {@code t-1} through a started runner (after {@code before}) until its result is sent, then stops
     * the runner, {@code afterResult} run once the result is sent. Returns what was sent.
     */
    private static List<Sent> runTask(
            Faults faults, String mode, int latentSteps, WithRunner before, WithRunner afterResult) throws Exception {
        return run(faults, mode, latentSteps, 1, (runner, engine) -> before.accept(runner), afterResult);
    }

    /** As {@link #runTask}, for tasks {@code t-1} to {@code t-n} in text mode, each admitted once the last ended. */
    private static List<Sent> runTasks(Faults faults, int n, WithRunner before) throws Exception {
        return run(faults, "text", 0, n, (runner, engine) -> before.accept(runner), runner -> {});
    }

    private static List<Sent> run(
            Faults faults, String mode, int latentSteps, int tasks, WithEngine before, WithRunner afterResult)
            throws Exception {
        List<Sent> sent = new CopyOnWriteArrayList<>();
        var template = recordingTemplate(sent, faults);
        Path dir = Files.createTempDirectory("sightline-tiny-");
        ModelInitializer.write(Preset.TINY, 7, dir);
        try (EmbeddedRedis server = new EmbeddedRedis();
                ModelBundle bundle = ModelBundle.load(dir);
                ReasoningEngine engine = new ReasoningEngine(bundle, EngineOptions.defaults());
                EventPublisher publisher = new EventPublisher(template, new EventCodec(), "reasoner")) {
            var redis = server.template();
            var properties = new ReasonerProperties(
                    dir,
                    "http://localhost:1",
                    Duration.ofSeconds(2),
                    4,
                    2,
                    1024,
                    DataSize.ofMegabytes(8),
                    Duration.ofSeconds(1));
            var inFlight = new InFlightTasks(redis, publisher);
            SessionRunner runner =
                    new SessionRunner(engine, publisher, properties, inFlight, new SimpleMeterRegistry());
            runner.start();
            try {
                before.accept(runner, engine);
                for (int t = 1; t <= tasks; t++) {
                    String id = "t-" + t;
                    // held as the listener holds what it admits: a task that stops unfinished is handed back
                    inFlight.register(List.of(new InFlightTasks.Held(id, "demo", "{\"taskId\":\"" + id + "\"}")));
                    runner.admit(admission(id, engine, mode, latentSteps));
                    for (int i = 0; i < 200 && !resultSent(sent, id); i++) {
                        Thread.sleep(50);
                    }
                }
                afterResult.accept(runner);
            } finally {
                runner.stop(); // before the engine closes: the loop must not step a closed engine
            }
        }
        return sent;
    }

    /** Task {@code id}'s encoded record as the listener admits it, a blank 64 px frame its image. */
    private static Admission admission(String id, ReasoningEngine engine, String mode, int latentSteps) {
        var options = new TaskOptions(mode, latentSteps, latentSteps > 0, 64, 0.0, 0, 1.0, null, List.of());
        var task = new TaskSubmitted(
                "How many red objects can you see?",
                List.of("d"),
                options,
                Instant.now().plusSeconds(60));
        int dim = engine.bundle().config().hiddenSize();
        var encoded = new TaskEncoded(task, "id", List.of("k"), List.of(false), 64, dim, 1.0);
        var visual = engine.vision().encode(List.of(new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB)));
        var event = new EventEnvelope<>("e-" + id, id, "demo", "task.encoded", 1, Instant.now(), "test", encoded);
        return new Admission(event, visual, null);
    }

    private static boolean resultSent(List<Sent> sent, String taskId) {
        return sent.stream()
                .anyMatch(s -> s.topic().equals(Topics.RESULTS)
                        && s.value().at("/taskId").asString().equals(taskId));
    }

    /**
     * A template over a mock producer that records every send in {@code sent}: the first {@code failures} sends to
     * {@code failingTopic} throw, sends to {@code lateTopic} are acknowledged 300 ms later. (Its own method: javac 17 crashes entering the
     * anonymous producer inside the long method's scope, JDK's Scope.dble assertion.)
     */
    private static KafkaTemplate<String, String> recordingTemplate(List<Sent> sent, Faults faults) {
        var failuresLeft = new AtomicInteger(faults.failures());
        // the template closes its producer after each send: a fresh one each time, every send recorded
        return new KafkaTemplate<>(new MockProducerFactory<>(() ->
                new MockProducer<>(true, null, new StringSerializer(), new StringSerializer()) {
                    @Override
                    public synchronized Future<RecordMetadata> send(ProducerRecord<String, String> r, Callback c) {
                        if (r.topic().equals(faults.failingTopic()) && failuresLeft.getAndDecrement() > 0) {
                            throw new KafkaException("broker gone");
                        }
                        sent.add(new Sent(
                                r.topic(),
                                JSON.readTree(r.value()),
                                Thread.currentThread().getName()));
                        if (r.topic().equals(faults.lateTopic())) {
                            var metadata = new RecordMetadata(new TopicPartition(r.topic(), 0), 0, 0, 0, 0, 0);
                            CompletableFuture.delayedExecutor(300, TimeUnit.MILLISECONDS)
                                    .execute(() -> c.onCompletion(metadata, null));
                            return new CompletableFuture<>();
                        }
                        return super.send(r, c);
                    }
                }));
    }

    private static JsonNode result(List<Sent> sent) {
        return sent.stream()
                .filter(s -> s.topic().equals(Topics.RESULTS))
                .findFirst()
                .orElseThrow(() -> new AssertionError("the task ended with a result"))
                .value();
    }
}
