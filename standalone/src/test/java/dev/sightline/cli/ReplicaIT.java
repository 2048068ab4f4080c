package dev.sightline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Gateway replicas share their view through Redis: a task submitted at one is followed at another. */
class ReplicaIT {
    @Test
    void aTaskSubmittedAtOneReplicaStreamsInFullFromAnother() throws Exception {
        try (var first = TestPlatform.client();
                var second = new GatewayClient(TestPlatform.get().startGatewayReplica(), TestPlatform.KEY)) {
            JsonNode task = first.submit(TestPlatform.task(first, TestPlatform.png(400), "latent", 2, 24));
            String id = task.get("id").asString();
            List<JsonNode> steps = new ArrayList<>();
            JsonNode result = second.follow(id, e -> {
                if (e.name().equals("step")) {
                    steps.add(e.data());
                }
            });
            assertEquals("COMPLETED", result.get("status").asString(), result.toString());
            assertEquals(result.get("steps").asInt(), steps.size());
            for (int i = 0; i < steps.size(); i++) {
                assertEquals(i, steps.get(i).get("seq").asInt());
            }
            assertEquals(first.get(id).toString(), second.get(id).toString());
        }
    }
}
