package dev.sightline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sightline.contracts.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A task whose frames are cached leaves the gateway as two records, its own and its encoded event; when the broker
 * takes one and refuses the other, the client gets a 503 and the task is FAILED, and what did leave is told so: the
 * trace store ends the task with the gateway's reason, and no reasoner runs it to the end. The refusal is real: the
 * topic's {@code max.message.bytes} is set below the record's size for the test's span.
 */
class HalfEnqueuedIT {
    private static final Pattern TASK_ID = Pattern.compile("could not enqueue task (\\S+) ");
    private final GatewayClient client = TestPlatform.client();

    @Test
    void aTaskWhoseEncodedEventLeftAndWhoseOwnRecordWasRefusedIsFailedAndNotRun() throws Exception {
        String id = halfEnqueued(Topics.TASKS);
        var encoded = PipelineIT.recordsOf(Topics.ENCODED, id);
        assertEquals(1, encoded.size(), "the encoded event did leave");
        // a budget no session runs through in the few milliseconds before the mark: it is ended unrun or stopped
        TestPlatform.await(
                Duration.ofSeconds(30),
                "the reasoner to end it",
                () -> !reasonerResults(id).isEmpty());
        for (JsonNode r : reasonerResults(id)) {
            assertEquals("CANCELLED", r.get("status").asString(), "the reasoner ran it: " + r);
        }
        assertTraceFailedByTheGateway(id);
    }

    @Test
    void aTaskWhoseOwnRecordLeftAndWhoseEncodedEventWasRefusedEndsInTheTraceStoreToo() throws Exception {
        String id = halfEnqueued(Topics.ENCODED);
        assertEquals(1, PipelineIT.recordsOf(Topics.TASKS, id).size(), "the task's record did leave");
        assertTrue(PipelineIT.recordsOf(Topics.ENCODED, id).isEmpty());
        // the trace store holds the task from its record: without its end it would stay QUEUED there for good
        assertTraceFailedByTheGateway(id);
    }

    /** Submits a task on a cached frame while {@code refusing} takes no record; returns the failed task's id. */
    private String halfEnqueued(String refusing) throws Exception {
        byte[] image = TestPlatform.png(UUID.randomUUID().getMostSignificantBits());
        var first = TestPlatform.run(client, TestPlatform.task(client, image, "latent", 4, 64));
        assertEquals(
                "COMPLETED",
                first.result().get("status").asString(),
                first.result().toString());
        GatewayClient.ProblemException refused;
        try (Admin admin = admin()) {
            setMaxMessageBytes(admin, refusing, "64");
            try {
                refused = assertThrows(
                        GatewayClient.ProblemException.class,
                        () -> client.submit(TestPlatform.task(client, image, "latent", 16, 1024)));
            } finally {
                setMaxMessageBytes(admin, refusing, null);
            }
        }
        assertEquals(503, refused.status, refused.getMessage());
        var m = TASK_ID.matcher(refused.getMessage());
        assertTrue(m.find(), "the problem names the task: " + refused.getMessage());
        String id = m.group(1);
        JsonNode view = client.get(id);
        assertEquals("FAILED", view.get("status").asString(), view.toString());
        assertTrue(view.get("error").asString().startsWith("could not enqueue"), view.toString());
        return id;
    }

    private static void assertTraceFailedByTheGateway(String id) throws InterruptedException {
        TestPlatform.await(
                Duration.ofSeconds(30),
                "the trace store to end the task with the gateway's reason",
                () -> {
                    try {
                        JsonNode trace = PipelineIT.trace(id);
                        return trace.get("status").asString().equals("FAILED")
                                && trace.get("error").asString().startsWith("could not enqueue");
                    } catch (Exception | AssertionError e) {
                        return false;
                    }
                },
                () -> {
                    try {
                        return "trace " + PipelineIT.trace(id);
                    } catch (Exception | AssertionError e) {
                        return e.toString();
                    }
                });
    }

    /** The results the reasoner published for the task. */
    private List<JsonNode> reasonerResults(String id) {
        return PipelineIT.recordsOf(Topics.RESULTS, id).stream()
                .map(r -> client.json().readTree(r.value()))
                .filter(e -> "reasoner".equals(e.get("producer").asString()))
                .map(e -> e.get("payload"))
                .toList();
    }

    private static Admin admin() {
        Properties p = new Properties();
        p.put(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                TestPlatform.get().infrastructure().kafkaBootstrapServers());
        return Admin.create(p);
    }

    /** Sets the topic's {@code max.message.bytes} (null: back to the broker's default) and waits until it holds. */
    private static void setMaxMessageBytes(Admin admin, String topic, String value) throws Exception {
        var resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        var entry = new ConfigEntry(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, value == null ? "" : value);
        var op = new AlterConfigOp(entry, value == null ? AlterConfigOp.OpType.DELETE : AlterConfigOp.OpType.SET);
        admin.incrementalAlterConfigs(Map.of(resource, List.of(op))).all().get();
        TestPlatform.await(Duration.ofSeconds(10), topic + "'s max.message.bytes to be " + value, () -> {
            try {
                var config =
                        admin.describeConfigs(List.of(resource)).all().get().get(resource);
                var current = config.get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG);
                return value == null
                        ? current.source() != ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG
                        : value.equals(current.value());
            } catch (Exception e) {
                return false;
            }
        });
    }
}
