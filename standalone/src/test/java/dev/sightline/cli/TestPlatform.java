package dev.sightline.cli;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import dev.sightline.latent.bundle.ControlTokens;
import dev.sightline.latent.bundle.ModelBundle;
import dev.sightline.latent.bundle.TensorLayout;
import dev.sightline.latent.preset.ModelInitializer;
import dev.sightline.latent.preset.Preset;
import dev.sightline.platform.Platform;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One running platform per test JVM (real Kafka, Redis and PostgreSQL, the five services), shared by
 * the integration tests and stopped when the JVM ends. The engines are containers when Docker answers, else
 * embedded ({@link ContainerInfrastructure}). Its model is a seeded random tiny bundle whose
 * {@code <|sketch_start|>} embedding is scaled up, so that mixed-mode tasks really call the decoder.
 */
final class TestPlatform {
    static final String KEY = "key-demo";
    static final String OTHER_KEY = "key-other";
    private static final int PARTITIONS = 2;

    private static Platform platform;
    private static Path model;
    private static SpanCollector spans;
    /** Why the platform did not start: every later test fails at once with it instead of trying again. */
    private static RuntimeException failure;

    private TestPlatform() {}

    static synchronized Platform get() {
        if (failure != null) {
            throw failure;
        }
        if (platform == null) {
            try {
                model = sketchingModel();
                spans = new SpanCollector();
                platform = Platform.start(
                        new Platform.Options(
                                model,
                                0,
                                KEY,
                                "demo",
                                PARTITIONS,
                                Map.of(
                                        "sightline.gateway.api-keys[" + OTHER_KEY + "]",
                                        "other",
                                        "sightline.reasoner.drain-timeout",
                                        "0s",
                                        "management.tracing.sampling.probability",
                                        "1.0",
                                        "management.opentelemetry.tracing.export.otlp.endpoint",
                                        spans.endpoint(),
                                        "management.opentelemetry.tracing.export.schedule-delay",
                                        "200ms")),
                        ContainerInfrastructure.start(PARTITIONS, System.err::println),
                        System.err::println);
            } catch (Exception e) {
                if (spans != null) {
                    spans.close();
                }
                failure = new IllegalStateException("the test platform did not start", e);
                throw failure;
            }
            // Normally closed by PlatformSessionListener once the fork's tests are done; the hook is the fallback.
            Runtime.getRuntime().addShutdownHook(new Thread(TestPlatform::close));
        }
        return platform;
    }

    /** The platform's model bundle (what an in-process engine path must load to compare with it). */
    static synchronized Path model() {
        get();
        return model;
    }

    /**
     * Stops the platform, if one was started: services first, infrastructure last. Runs before the JVM's exit,
     * because at exit the engines' own shutdown hooks race the services (a broker losing its log directory
     * under them held the fork past surefire's 30 s exit limit).
     */
    static synchronized void close() {
        if (platform != null) {
            platform.close();
            platform = null;
            spans.close();
        }
    }

    /** Spans the services exported so far. */
    static SpanCollector spans() {
        get();
        return spans;
    }

    static GatewayClient client() {
        return new GatewayClient(get().gatewayUrl(), KEY);
    }

    static GatewayClient otherTenant() {
        return new GatewayClient(get().gatewayUrl(), OTHER_KEY);
    }

    private static Path sketchingModel() throws IOException {
        Path init = Files.createTempDirectory("sightline-it-init-");
        Path out = Files.createTempDirectory("sightline-it-model-");
        ModelInitializer.write(Preset.TINY, 7, init);
        try (ModelBundle bundle = ModelBundle.load(init)) {
            ControlTokens c = bundle.controlTokens();
            NDArray embed = bundle.weight(TensorLayout.EMBED_TOKENS);
            // As the engine's session tests do: latent_start made likely, sketch_start the same direction a
            // little longer, so that where sketches are allowed they win.
            try (NDArray row = embed.get(new NDIndex(c.latentStart()));
                    NDArray latent = row.mul(12f);
                    NDArray sketch = row.mul(12f * 1.05f)) {
                embed.set(new NDIndex(c.latentStart()), latent);
                embed.set(new NDIndex(c.sketchStart()), sketch);
            }
            bundle.save(out, DataType.FLOAT32);
        }
        return out;
    }

    /** A 64x64 PNG of random rectangles; distinct seeds give distinct images. */
    static byte[] png(long seed) {
        var rng = new SplittableRandom(seed);
        var img = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
        var g = img.createGraphics();
        g.setColor(Color.LIGHT_GRAY);
        g.fillRect(0, 0, 64, 64);
        for (int i = 0; i < 4; i++) {
            g.setColor(new Color(rng.nextInt(256), rng.nextInt(256), rng.nextInt(256)));
            g.fillRect(rng.nextInt(48), rng.nextInt(48), 8 + rng.nextInt(16), 8 + rng.nextInt(16));
        }
        g.dispose();
        return encode(img, "png");
    }

    static byte[] encode(BufferedImage img, String format) {
        try {
            var out = new ByteArrayOutputStream();
            ImageIO.write(img, format, out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A task body: one frame, the given mode and K, a short budget. */
    static ObjectNode task(GatewayClient client, byte[] image, String mode, int latentSteps, int maxTokens) {
        ObjectNode body = client.json().createObjectNode();
        body.put("question", "How many red objects can you see?");
        body.putArray("images").add(Base64.getEncoder().encodeToString(image));
        body.put("mode", mode);
        body.put("latent_steps", latentSteps);
        body.put("max_tokens", maxTokens);
        return body;
    }

    /** Submits and follows a task to its result; returns the streamed step records and the result. */
    static Followed run(GatewayClient client, ObjectNode body) throws Exception {
        JsonNode task = client.submit(body);
        List<JsonNode> steps = new ArrayList<>();
        JsonNode result = client.follow(task.get("id").asString(), e -> {
            if (e.name().equals("step")) {
                steps.add(e.data());
            }
        });
        return new Followed(task.get("id").asString(), steps, result);
    }

    record Followed(String id, List<JsonNode> steps, JsonNode result) {
        long count(String kind) {
            return steps.stream()
                    .filter(s -> s.get("kind").asString().equals(kind))
                    .count();
        }
    }

    /** Every record now on {@code topic} (all partitions, from the beginning). */
    static List<ConsumerRecord<String, String>> records(String topic) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, get().infrastructure().kafkaBootstrapServers());
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        try (var consumer = new KafkaConsumer<String, String>(p)) {
            List<TopicPartition> parts = consumer.partitionsFor(topic).stream()
                    .map(i -> new TopicPartition(topic, i.partition()))
                    .toList();
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            Map<TopicPartition, Long> end = consumer.endOffsets(parts);
            List<ConsumerRecord<String, String>> out = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (parts.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + topic + " to its end");
                }
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
            }
            return out;
        }
    }

    /** The offset consumer group {@code group} has committed on {@code partition}; -1 when none yet. */
    static long committed(String group, TopicPartition partition) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, get().infrastructure().kafkaBootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        // reads the group's offsets without joining it (no subscribe), so the service's consumers are undisturbed
        try (var consumer = new KafkaConsumer<String, String>(p)) {
            var offset = consumer.committed(Set.of(partition)).get(partition);
            return offset == null ? -1 : offset.offset();
        }
    }

    /** Records on {@code topic} so far: the sum of its partitions' end offsets. */
    static long size(String topic) {
        return records(topic).size();
    }

    /** The task's status as the gateway reports it; null while the gateway does not know the task. */
    static String status(GatewayClient client, String id) {
        try {
            return client.get(id).get("status").asString();
        } catch (GatewayClient.ProblemException e) {
            return null;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Polls {@code condition} until true or {@code timeout}. */
    static void await(Duration timeout, String what, java.util.function.BooleanSupplier condition)
            throws InterruptedException {
        await(timeout, what, condition, () -> "");
    }

    /** As above; on a timeout the message adds what {@code state} says about where things stand. */
    static void await(
            Duration timeout,
            String what,
            java.util.function.BooleanSupplier condition,
            java.util.function.Supplier<String> state)
            throws InterruptedException {
        long until = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > until) {
                throw new AssertionError("timed out waiting for " + what + "; " + state.get());
            }
            Thread.sleep(100);
        }
    }
}
