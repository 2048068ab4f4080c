package dev.sightline.reasoner.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.mock.MockProducerFactory;
import org.springframework.util.unit.DataSize;
import tools.jackson.databind.json.JsonMapper;

/** The reasoner's session loop on a real engine (a seeded tiny bundle) and a real Redis. */
class SessionRunnerTest {
    @Test
    void aCancelHeardBeforeItsTaskIsAdmittedStillCancelsIt() throws Exception {
        // the template closes its producer after each send: a fresh one each time, every one's records kept
        List<MockProducer<String, String>> producers = new CopyOnWriteArrayList<>();
        var template = new KafkaTemplate<>(new MockProducerFactory<>(() -> {
            var producer = new MockProducer<>(true, null, new StringSerializer(), new StringSerializer());
            producers.add(producer);
            return producer;
        }));
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
            SessionRunner runner = new SessionRunner(
                    engine,
                    publisher,
                    redis,
                    properties,
                    new InFlightTasks(redis, publisher),
                    new SimpleMeterRegistry());
            runner.start();
            try {

                // the race: the cancel arrives after the listener's lookup said "not cancelled" and before the
                // admission
                runner.cancel("t-1");
                Thread.sleep(200); // the loop goes round meanwhile, with no session of that id
                var options = new TaskOptions("text", 0, false, 64, 0.0, 0, 1.0, null, List.of());
                var task = new TaskSubmitted(
                        "How many red objects can you see?",
                        List.of("d"),
                        options,
                        Instant.now().plusSeconds(60));
                int dim = bundle.config().hiddenSize();
                var encoded = new TaskEncoded(task, "id", List.of("k"), List.of(false), 64, dim, 1.0);
                var event =
                        new EventEnvelope<>("e-1", "t-1", "demo", "task.encoded", 1, Instant.now(), "test", encoded);
                var visual = engine.vision().encode(List.of(new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB)));
                runner.admit(new SessionRunner.Admission(event, visual, null));

                String result = null;
                for (int i = 0; i < 100 && result == null; i++) {
                    Thread.sleep(50);
                    result = producers.stream()
                            .flatMap(p -> p.history().stream())
                            .filter(r -> r.topic().equals(Topics.RESULTS))
                            .map(r -> r.value())
                            .findFirst()
                            .orElse(null);
                }
                assertTrue(result != null, "the task ended");
                assertEquals(
                        "CANCELLED",
                        JsonMapper.builder()
                                .build()
                                .readTree(result)
                                .at("/payload/status")
                                .asString(),
                        result);
            } finally {
                runner.stop(); // before the engine closes: the loop must not step a closed engine
            }
        }
    }
}
