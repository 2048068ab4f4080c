package dev.sightline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sightline.contracts.Topics;
import dev.sightline.gateway.task.TaskStore;
import dev.sightline.kit.EventPublisher;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.core.StringRedisTemplate;
import tools.jackson.databind.JsonNode;

/** The whole pipeline on real Kafka, Redis and PostgreSQL: gateway → encoder → reasoner → trace store. */
class PipelineIT {
    private final GatewayClient client = TestPlatform.client();

    @Test
    void theStoredTraceEqualsTheStreamedStepsInOrder() throws Exception {
        var run = TestPlatform.run(client, TestPlatform.task(client, TestPlatform.png(1), "latent", 3, 40));
        assertEquals(
                "COMPLETED", run.result().get("status").asString(), run.result().toString());
        assertTrue(run.count("LATENT") >= 3, "a latent segment of K = 3 before the first step");
        assertEquals(run.steps().size(), run.result().get("steps").asInt());
        for (int i = 0; i < run.steps().size(); i++) {
            assertEquals(i, run.steps().get(i).get("seq").asInt(), "streamed in order, gap-free");
        }
        JsonNode trace = trace(run.id());
        JsonNode stored = trace.get("steps");
        assertTrue(trace.get("complete").asBoolean(), "the gateway answers once the trace store has every step");
        assertEquals(run.steps().size(), stored.size(), "nothing missing or doubled");
        for (int i = 0; i < stored.size(); i++) {
            JsonNode a = run.steps().get(i);
            JsonNode b = stored.get(i);
            for (String field : a.propertyNames()) {
                assertEquals(a.get(field), b.get(field), "step " + i + " " + field + ": " + a + " vs " + b);
            }
        }
        assertEquals("COMPLETED", trace.get("status").asString());
        assertEquals(run.result().get("answer"), trace.get("answer"));
    }

    @Test
    void theSameImageASecondTimeIsACacheHit() throws Exception {
        byte[] image = TestPlatform.png(UUID.randomUUID().getMostSignificantBits());
        var first = TestPlatform.run(client, TestPlatform.task(client, image, "text", 0, 8));
        var second = TestPlatform.run(client, TestPlatform.task(client, image, "text", 0, 8));
        assertEquals("[false]", first.result().get("feature_cache_hits").toString());
        assertEquals("[true]", second.result().get("feature_cache_hits").toString());
        assertEquals("[true]", trace(second.id()).get("feature_cache_hits").toString(), "visible in the trace");
        assertEquals("[false]", encodedHits(first.id()), "the encoded event says the first was encoded");
        assertEquals("[true]", encodedHits(second.id()), "and that the second was not");
        assertEquals("vision-encoder", encodedBy(first.id()));
        assertEquals("gateway", encodedBy(second.id()), "every frame cached: the gateway handed the task on itself");
        // once the encoder has read past the second task's record, it has had its chance to encode it again
        var task = recordsOf(Topics.TASKS, second.id()).get(0);
        var partition = new TopicPartition(task.topic(), task.partition());
        TestPlatform.await(
                Duration.ofSeconds(30),
                "the encoder to read past the task",
                () -> TestPlatform.committed("vision-encoder", partition) > task.offset());
        assertEquals(1, recordsOf(Topics.ENCODED, second.id()).size(), "and the encoder passed it by");
    }

    @Test
    void aBurstOfTasksOnOneNewImageEncodesItOnce() throws Exception {
        // One poll must hold the whole burst, so the tasks go to the topic in one producer batch on one partition,
        // with their frame already in the image store as the gateway leaves it.
        var template = TestPlatform.run(client, TestPlatform.task(client, TestPlatform.png(9), "text", 0, 2));
        // as the encoder's to encode, whoever encoded the template (png(9) may have been cached by another test)
        String record = recordsOf(Topics.TASKS, template.id())
                .get(0)
                .value()
                .replace("\"encodedBy\":\"gateway\"", "\"encodedBy\":null");
        String oldDigest = TestPlatform.client()
                .json()
                .readTree(record)
                .get("payload")
                .get("imageDigests")
                .get(0)
                .asString();
        byte[] image = TestPlatform.png(UUID.randomUUID().getMostSignificantBits());
        String digest =
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(image));
        var store = TestPlatform.get().context("gateway").getBean(TaskStore.class);
        double missesBefore = encoderMisses();
        List<String> ids = new ArrayList<>();
        Properties batching = new Properties();
        batching.put(ProducerConfig.LINGER_MS_CONFIG, "200");
        try (var producer = producer(batching)) {
            for (int i = 0; i < 6; i++) {
                String id = "burst-" + UUID.randomUUID();
                ids.add(id);
                store.create(id, "demo", "q", "text", Instant.now().plusSeconds(60), Map.of(digest, image));
                var copy = new ProducerRecord<>(
                        Topics.TASKS, 0, id, copyFor(record, template.id(), id).replace(oldDigest, digest));
                copy.headers().add(EventPublisher.TENANT_HEADER, "demo".getBytes(StandardCharsets.UTF_8));
                producer.send(copy);
            }
        }
        int hits = 0;
        for (String id : ids) {
            JsonNode result = client.follow(id, e -> {});
            assertEquals("COMPLETED", result.get("status").asString(), result.toString());
            hits += result.get("feature_cache_hits").get(0).asBoolean() ? 1 : 0;
        }
        assertEquals(1, encoderMisses() - missesBefore, "the frame was encoded once");
        assertEquals(ids.size() - 1, hits, "every other task of the poll shared it");
    }

    /**
     * Visual tokens that left Redis between the encoder and the reasoner (evicted under memory pressure) send the
     * task back to the encoder, which still has its frame in the image store: the task completes, encoded again.
     */
    @Test
    void aTaskWhoseVisualTokensLeftRedisIsEncodedAgainAndCompletes() throws Exception {
        byte[] image = TestPlatform.png(UUID.randomUUID().getMostSignificantBits());
        var template = TestPlatform.run(client, TestPlatform.task(client, image, "text", 0, 8));
        String encoded = recordsOf(Topics.ENCODED, template.id()).get(0).value();
        List<String> keys = new ArrayList<>();
        client.json().readTree(encoded).get("payload").get("featureKeys").forEach(k -> keys.add(k.asString()));
        var gateway = TestPlatform.get().context("gateway");
        assertEquals(keys.size(), gateway.getBean(StringRedisTemplate.class).delete(keys), "the tokens evicted");
        String id = "evicted-" + UUID.randomUUID();
        gateway.getBean(TaskStore.class)
                .create(id, "demo", "q", "text", Instant.now().plusSeconds(60), Map.of());
        try (var producer = producer()) {
            producer.send(demoRecord(Topics.ENCODED, id, copyFor(encoded, template.id(), id)))
                    .get();
        }
        JsonNode result = client.follow(id, e -> {});
        assertEquals("COMPLETED", result.get("status").asString(), result.toString());
        assertEquals("[false]", result.get("feature_cache_hits").toString(), "encoded again");
        assertEquals(
                "reasoner",
                client.json()
                        .readTree(recordsOf(Topics.TASKS, id).get(0).value())
                        .get("producer")
                        .asString());
    }

    /** A task whose tokens keep leaving Redis is sent back twice at most, then fails with the reason. */
    @Test
    void aTaskWhoseVisualTokensKeepLeavingRedisFailsWithTheReason() throws Exception {
        var template = TestPlatform.run(client, TestPlatform.task(client, TestPlatform.png(11), "text", 0, 8));
        String encoded = recordsOf(Topics.ENCODED, template.id()).get(0).value();
        String id = "evicted-again-" + UUID.randomUUID();
        var gateway = TestPlatform.get().context("gateway");
        gateway.getBean(TaskStore.class)
                .create(id, "demo", "q", "text", Instant.now().plusSeconds(60), Map.of());
        // sent back twice already; its tokens gone once more (a key that names no frame is never cached)
        gateway.getBean(StringRedisTemplate.class).opsForValue().set("encode-again:" + id, "2", Duration.ofMinutes(1));
        String gone =
                encoded.replaceFirst("\"featureKeys\":\\[\"[^\"]+\"", "\"featureKeys\":[\"feat:gone:" + id + "\"");
        assertTrue(gone.contains("feat:gone:"), gone);
        try (var producer = producer()) {
            producer.send(demoRecord(Topics.ENCODED, id, copyFor(gone, template.id(), id)))
                    .get();
        }
        JsonNode result = client.follow(id, e -> {});
        assertEquals("FAILED", result.get("status").asString(), result.toString());
        JsonNode view = client.get(id);
        assertTrue(view.get("error").asString().contains("3 times"), view.toString());
        assertTrue(recordsOf(Topics.TASKS, id).isEmpty(), "not sent back a third time");
    }

    private static double encoderMisses() {
        return TestPlatform.get()
                .context("vision-encoder")
                .getBean(MeterRegistry.class)
                .counter("sightline.encoder.frames", "cache", "miss")
                .count();
    }

    private static String encodedBy(String taskId) {
        String record = recordsOf(Topics.ENCODED, taskId).get(0).value();
        return TestPlatform.client().json().readTree(record).get("producer").asString();
    }

    private static String encodedHits(String taskId) {
        String record = recordsOf(Topics.ENCODED, taskId).get(0).value();
        return TestPlatform.client()
                .json()
                .readTree(record)
                .get("payload")
                .get("cacheHits")
                .toString();
    }

    @Test
    void aRedeliveredEventChangesNothing() throws Exception {
        var run = TestPlatform.run(client, TestPlatform.task(client, TestPlatform.png(2), "latent", 2, 24));
        String before = trace(run.id()).toString();
        JsonNode viewBefore = client.get(run.id());
        int resultsBefore = recordsOf(Topics.RESULTS, run.id()).size();
        try (var producer = producer()) {
            for (String topic : Topics.ALL) {
                for (var r : recordsOf(topic, run.id())) {
                    var copy = new ProducerRecord<>(topic, r.key(), r.value());
                    r.headers().forEach(h -> copy.headers().add(h));
                    producer.send(copy).get();
                }
            }
        }
        Thread.sleep(3000);
        assertEquals(before, trace(run.id()).toString(), "the trace is unchanged");
        assertEquals(viewBefore.toString(), client.get(run.id()).toString(), "the task is unchanged");
        assertEquals(
                2 * resultsBefore,
                recordsOf(Topics.RESULTS, run.id()).size(),
                "only the replayed result itself: the reasoner did not run the task again");
    }

    /**
     * The trace store writes a poll's results in one batch; of two results for one task (a deadline failure racing
     * a completion) the first is kept, in PostgreSQL as at the gateway, whether or not they share a batch.
     */
    @Test
    void ofTwoResultsForOneTaskTheTraceStoreKeepsTheFirst() throws Exception {
        var run = TestPlatform.run(client, TestPlatform.task(client, TestPlatform.png(4), "text", 0, 8));
        String completed = recordsOf(Topics.RESULTS, run.id()).get(0).value();
        assertTrue(completed.contains("\"COMPLETED\""), completed);
        String id = "two-results-" + UUID.randomUUID();
        String failed = copyFor(completed, run.id(), id)
                .replace("\"COMPLETED\"", "\"FAILED\"")
                .replaceFirst("\"eventId\":\"[^\"]+\"", "\"eventId\":\"" + id + "-failed\"");
        try (var producer = producer()) {
            // one partition, sent together: the trace store's fetch waits for more, so both land in one poll
            producer.send(demoRecord(Topics.RESULTS, id, failed));
            producer.send(demoRecord(Topics.RESULTS, id, copyFor(completed, run.id(), id)));
        }
        var traceStore = URI.create(TestPlatform.get().url("trace-store") + "/v1/traces/" + id);
        TestPlatform.await(Duration.ofSeconds(30), "the trace store to store a result of " + id, () -> {
            try {
                return HttpClient.newHttpClient()
                                .send(HttpRequest.newBuilder(traceStore).build(), HttpResponse.BodyHandlers.ofString())
                                .statusCode()
                        == 200;
            } catch (Exception e) {
                return false;
            }
        });
        Thread.sleep(1000); // the second result, had it won, is stored by now
        String stored = HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(traceStore).build(), HttpResponse.BodyHandlers.ofString())
                .body();
        assertEquals(
                "FAILED",
                TestPlatform.client().json().readTree(stored).get("status").asString(),
                stored);
    }

    /** A record's value as if it were task {@code to}'s (a new event id too, so it is not a redelivery). */
    static String copyFor(String value, String from, String to) {
        return value.replace(from, to).replaceFirst("\"eventId\":\"[^\"]+\"", "\"eventId\":\"" + to + "\"");
    }

    @Test
    void aCancelledTaskStopsAndEndsCancelled() throws Exception {
        var body = TestPlatform.task(client, TestPlatform.png(3), "latent", 64, 4000);
        body.put("latent_before_each_step", true);
        JsonNode task = client.submit(body);
        String id = task.get("id").asString();
        TestPlatform.await(
                Duration.ofSeconds(30), "the task to start", () -> status(id).equals("RUNNING"));
        var response = send("DELETE", "/v1/tasks/" + id, TestPlatform.KEY);
        assertEquals(202, response.statusCode(), response.body());
        TestPlatform.await(
                Duration.ofSeconds(30), "the task to end", () -> !status(id).equals("RUNNING"));
        JsonNode view = client.get(id);
        assertEquals("CANCELLED", view.get("status").asString(), view.toString());
        assertFalse(view.get("usage").get("text_tokens").asInt() >= 4000);
    }

    @Test
    void aTaskPastItsDeadlineFailsWithTheReason() throws Exception {
        var body = TestPlatform.task(client, TestPlatform.png(4), "latent", 64, 4000);
        body.put("timeout_seconds", 2);
        var run = TestPlatform.run(client, body);
        assertEquals("FAILED", run.result().get("status").asString());
        assertTrue(
                run.result().get("error").asString().contains("deadline exceeded"),
                run.result().toString());
    }

    @Test
    void aStoppedReasonerLeavesItsTasksToBeRunAgain() throws Exception {
        var body = TestPlatform.task(client, TestPlatform.png(5), "latent", 64, 300);
        body.put("seed", 11);
        JsonNode task = client.submit(body);
        String id = task.get("id").asString();
        TestPlatform.await(
                Duration.ofSeconds(30), "the task to start", () -> status(id).equals("RUNNING"));
        TestPlatform.get().stop("reasoner");
        assertEquals("RUNNING", status(id), "no result for an abandoned task");
        // Nothing can end the task now, so a held GET can only run out its wait: the task as it is, not an error.
        long start = System.nanoTime();
        var held = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(TestPlatform.get().gatewayUrl() + "/v1/tasks/" + id))
                                .header("Authorization", "Bearer " + TestPlatform.KEY)
                                .header("Prefer", "wait=1")
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertEquals(200, held.statusCode(), held.body());
        assertEquals("wait=1", held.headers().firstValue("Preference-Applied").orElse(null));
        assertEquals(
                "RUNNING", client.json().readTree(held.body()).get("status").asString(), held.body());
        assertTrue(System.nanoTime() - start >= 900_000_000L, "held for the wait asked for");
        TestPlatform.get().restart("reasoner");
        TestPlatform.await(
                Duration.ofSeconds(60), "the task to finish", () -> !status(id).equals("RUNNING"));
        JsonNode view = client.get(id);
        assertEquals("COMPLETED", view.get("status").asString(), view.toString());
        JsonNode trace = trace(id);
        assertEquals(view.get("steps").asInt(), trace.get("steps").size(), "the rerun replayed the same seqs");
    }

    @Test
    void theTasksOfAReasonerWhoseHeartbeatStoppedAreRunByAnother() throws Exception {
        var run = TestPlatform.run(client, TestPlatform.task(client, TestPlatform.png(6), "latent", 2, 16));
        // A replica that died holding a task: its in-flight entry and its place among the holders stay, its
        // heartbeat key does not.
        String record = recordsOf(Topics.ENCODED, run.id()).get(0).value();
        String orphan = UUID.randomUUID().toString();
        String held = record.replace(run.id(), orphan)
                .replaceFirst("\"eventId\":\"[^\"]+\"", "\"eventId\":\"" + orphan + "\"");
        var redis = TestPlatform.get()
                .context("reasoner")
                .getBean(org.springframework.data.redis.core.StringRedisTemplate.class);
        redis.opsForHash().put("reasoner:inflight:dead-replica", orphan, "demo\n" + held);
        redis.opsForSet().add("reasoner:holders", "dead-replica");
        TestPlatform.await(
                Duration.ofSeconds(45),
                "the orphaned task to finish",
                () -> "COMPLETED".equals(TestPlatform.status(client, orphan)));
        assertFalse(redis.hasKey("reasoner:inflight:dead-replica"), "the dead replica's entry is cleared");
        TestPlatform.await(
                Duration.ofSeconds(15),
                "the dead replica to leave the holders",
                () -> !redis.opsForSet().isMember("reasoner:holders", "dead-replica"));
    }

    /** The status of a task this test submitted (so the gateway knows it). */
    private String status(String id) {
        return java.util.Objects.requireNonNull(TestPlatform.status(client, id), "unknown task " + id);
    }

    static JsonNode trace(String id) throws Exception {
        var response = send("GET", "/v1/tasks/" + id + "/trace", TestPlatform.KEY);
        if (response.statusCode() != 200) {
            throw new AssertionError("trace of " + id + ": " + response.statusCode() + " " + response.body());
        }
        return TestPlatform.client().json().readTree(response.body());
    }

    static HttpResponse<String> send(String method, String path, String key) throws Exception {
        var b = HttpRequest.newBuilder(URI.create(TestPlatform.get().gatewayUrl() + path))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (key != null) {
            b.header("Authorization", "Bearer " + key);
        }
        return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static List<ConsumerRecord<String, String>> recordsOf(String topic, String key) {
        return TestPlatform.records(topic).stream()
                .filter(r -> key.equals(r.key()))
                .toList();
    }

    /** A record as the platform's producers send it for the demo tenant (its tenant in a header). */
    static ProducerRecord<String, String> demoRecord(String topic, String key, String value) {
        var record = new ProducerRecord<>(topic, key, value);
        record.headers().add(EventPublisher.TENANT_HEADER, "demo".getBytes(StandardCharsets.UTF_8));
        return record;
    }

    static KafkaProducer<String, String> producer() {
        return producer(new Properties());
    }

    private static KafkaProducer<String, String> producer(Properties p) {
        p.put(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                TestPlatform.get().infrastructure().kafkaBootstrapServers());
        return new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
    }
}
