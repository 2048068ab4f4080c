package dev.sightline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** One task is one trace: its context travels in Kafka headers and HTTP headers through all five services. */
class TracingIT {
    private static final Set<String> ALL =
            Set.of("gateway", "vision-encoder", "reasoner", "diffusion-decoder", "trace-store");

    @Test
    void aTasksTraceIdIsTheSameInAllFiveServicesSpans() throws Exception {
        var client = TestPlatform.client();
        var collector = TestPlatform.spans();
        // The client starts the trace (W3C traceparent, sampled), as an agent framework with its own tracing
        // would: the test then knows the trace id without guessing which gateway span is its submit.
        var rng = new SplittableRandom(System.nanoTime());
        String traceId =
                HexFormat.of().toHexDigits(rng.nextLong() | 1) + HexFormat.of().toHexDigits(rng.nextLong());
        String parent = HexFormat.of().toHexDigits(rng.nextLong() | 1);
        var body = TestPlatform.task(client, TestPlatform.png(500), "mixed", 2, 24);
        body.put("latent_before_each_step", false);
        JsonNode task = client.submit(body, Map.of("traceparent", "00-" + traceId + "-" + parent + "-01"));
        var sketches = new AtomicInteger();
        JsonNode result = client.follow(task.get("id").asString(), e -> {
            if (e.name().equals("step") && e.data().get("kind").asString().equals("SKETCH")) {
                sketches.incrementAndGet();
            }
        });
        assertEquals("COMPLETED", result.get("status").asString(), result.toString());
        assertTrue(sketches.get() > 0, "the task called the decoder");
        TestPlatform.await(
                Duration.ofSeconds(30),
                "spans of all five services in trace " + traceId,
                () -> services(collector, traceId).containsAll(ALL),
                () -> "seen: " + services(collector, traceId) + " ("
                        + collector.spans().size() + " spans in " + collector.requests + " exports)");
        assertEquals(ALL, services(collector, traceId));
    }

    /**
     * Identical tasks reach {@code <|sketch_start|>} in the same scheduler step; each still gets a decoder call
     * of its own in its own trace (the decoder batches the calls), not one call in the first task's trace.
     */
    @Test
    void everyTaskOfAStepThatSketchesTogetherHasItsOwnDecoderSpans() throws Exception {
        var client = TestPlatform.client();
        var collector = TestPlatform.spans();
        var rng = new SplittableRandom(System.nanoTime());
        byte[] image = TestPlatform.png(501);
        List<String> traceIds = new ArrayList<>();
        List<Future<JsonNode>> results = new ArrayList<>();
        var submitters = Executors.newFixedThreadPool(4);
        try {
            for (int i = 0; i < 4; i++) {
                String traceId = HexFormat.of().toHexDigits(rng.nextLong() | 1)
                        + HexFormat.of().toHexDigits(rng.nextLong());
                String parent = HexFormat.of().toHexDigits(rng.nextLong() | 1);
                traceIds.add(traceId);
                var body = TestPlatform.task(client, image, "mixed", 2, 24);
                body.put("latent_before_each_step", false);
                results.add(submitters.submit(() -> {
                    JsonNode task = client.submit(body, Map.of("traceparent", "00-" + traceId + "-" + parent + "-01"));
                    return client.follow(task.get("id").asString(), e -> {});
                }));
            }
            for (Future<JsonNode> f : results) {
                JsonNode result = f.get(60, TimeUnit.SECONDS);
                assertEquals("COMPLETED", result.get("status").asString(), result.toString());
                assertEquals(false, result.get("degraded").asBoolean(), result.toString());
            }
        } finally {
            submitters.shutdownNow();
        }
        TestPlatform.await(
                Duration.ofSeconds(30),
                "decoder spans in each of " + traceIds,
                () -> traceIds.stream().allMatch(t -> services(collector, t).contains("diffusion-decoder")),
                () -> traceIds.stream()
                        .map(t -> t + ": " + services(collector, t))
                        .toList()
                        .toString());
    }

    private static Set<String> services(SpanCollector collector, String traceId) {
        return collector.spans().stream()
                .filter(s -> s.traceId().equals(traceId))
                .map(SpanCollector.Received::service)
                .collect(Collectors.toCollection(TreeSet::new));
    }
}
