package dev.sightline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** One task is one trace: its context travels in Kafka headers and HTTP headers through all five services. */
class TracingIT {
    private static final Set<String> ALL =
            Set.of("gateway", "vision-encoder", "reasoner", "diffusion-decoder", "trace-store");

    @Test
    void aTasksTraceIdIsTheSameInAllFiveServicesSpans() throws Exception {
        var client = TestPlatform.client();
        var collector = TestPlatform.spans();
        long since = System.currentTimeMillis() * 1_000_000L;
        var body = TestPlatform.task(client, TestPlatform.png(500), "mixed", 2, 24);
        body.put("latent_before_each_step", false);
        var run = TestPlatform.run(client, body);
        assertEquals(
                "COMPLETED", run.result().get("status").asString(), run.result().toString());
        assertTrue(run.count("SKETCH") > 0, "the task called the decoder");
        // The trace that starts at this POST /v1/tasks.
        String[] traceId = new String[1];
        TestPlatform.await(Duration.ofSeconds(20), "the gateway's submit span", () -> {
            List<String> ids = collector.spans().stream()
                    .filter(s -> s.service().equals("gateway") && s.startNanos() >= since)
                    .filter(s -> s.name().toLowerCase().contains("post"))
                    .map(SpanCollector.Received::traceId)
                    .distinct()
                    .toList();
            traceId[0] = ids.size() == 1 ? ids.get(0) : null;
            return traceId[0] != null;
        });
        TestPlatform.await(
                Duration.ofSeconds(20),
                "spans of all five services in trace " + traceId[0],
                () -> services(collector, traceId[0]).containsAll(ALL));
        assertEquals(ALL, services(collector, traceId[0]));
    }

    private static Set<String> services(SpanCollector collector, String traceId) {
        return collector.spans().stream()
                .filter(s -> s.traceId().equals(traceId))
                .map(SpanCollector.Received::service)
                .collect(Collectors.toCollection(TreeSet::new));
    }
}
