package dev.sightline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sightline.contracts.RedisKeys;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.core.StringRedisTemplate;
import tools.jackson.databind.JsonNode;

/**
 * A tenant never sees another tenant's task, trace or stream — while the task is in Redis and after its state has
 * expired there, when the trace store's record of its tenant decides (and the task, its trace and its stream are
 * answered from the trace store).
 */
class TenantIsolationIT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void tenantsCannotReadEachOthersTasksOrTraces() throws Exception {
        var mine = TestPlatform.run(
                TestPlatform.client(), TestPlatform.task(TestPlatform.client(), TestPlatform.png(103), "text", 0, 4));
        for (String path : new String[] {"", "/trace", "/events"}) {
            var response = PipelineIT.send("GET", "/v1/tasks/" + mine.id() + path, TestPlatform.OTHER_KEY);
            assertEquals(404, response.statusCode(), path + ": " + response.body());
        }
        assertEquals(
                404,
                PipelineIT.send("DELETE", "/v1/tasks/" + mine.id(), TestPlatform.OTHER_KEY)
                        .statusCode());
        assertEquals(
                200,
                PipelineIT.send("GET", "/v1/tasks/" + mine.id(), TestPlatform.KEY)
                        .statusCode());
        // Once the task's state has expired from Redis, the trace store's record of its tenant still decides. (First
        // the owner reads the trace while the task is known: that read waits until the trace store holds all of it.)
        var whole = PipelineIT.send("GET", "/v1/tasks/" + mine.id() + "/trace", TestPlatform.KEY);
        assertTrue(
                TestPlatform.client()
                        .json()
                        .readTree(whole.body())
                        .get("complete")
                        .asBoolean(),
                whole.body());
        TestPlatform.get().context("gateway").getBean(StringRedisTemplate.class).delete(RedisKeys.task(mine.id()));
        var stored = PipelineIT.send("GET", "/v1/tasks/" + mine.id() + "/trace", TestPlatform.KEY);
        assertEquals(200, stored.statusCode(), stored.body());
        assertEquals(
                mine.steps().size(),
                TestPlatform.client()
                        .json()
                        .readTree(stored.body())
                        .get("steps")
                        .size());
        assertEquals(
                404,
                PipelineIT.send("GET", "/v1/tasks/" + mine.id() + "/trace", TestPlatform.OTHER_KEY)
                        .statusCode());
        // and the task itself, from the trace store's row
        var archived = PipelineIT.send("GET", "/v1/tasks/" + mine.id(), TestPlatform.KEY);
        assertEquals(200, archived.statusCode(), archived.body());
        JsonNode view = TestPlatform.client().json().readTree(archived.body());
        for (String field : List.of("id", "status", "answer", "steps", "feature_cache_hits")) {
            assertEquals(mine.result().get(field), view.get(field), field + ": " + view + " vs " + mine.result());
        }
        assertEquals("text", view.get("mode").asString());
        assertEquals(
                mine.result().get("usage").get("text_tokens"), view.get("usage").get("text_tokens"), view.toString());
        assertEquals(
                404,
                PipelineIT.send("GET", "/v1/tasks/" + mine.id(), TestPlatform.OTHER_KEY)
                        .statusCode());
        // and its event stream, rebuilt from the trace: the same steps, then the result; resumable; the owner's only
        List<JsonNode> replayed = new ArrayList<>();
        JsonNode result = TestPlatform.client().follow(mine.id(), e -> {
            if (e.name().equals("step")) {
                replayed.add(e.data());
            }
        });
        assertEquals(mine.steps(), replayed, "the archived stream replays the streamed steps");
        assertEquals(mine.result().get("status"), result.get("status"));
        assertEquals(mine.result().get("answer"), result.get("answer"));
        int lastSeen = mine.steps().size() - 2; // resumed before the last step: that one, then the result
        var resumed = HTTP.send(
                HttpRequest.newBuilder(
                                URI.create(TestPlatform.get().gatewayUrl() + "/v1/tasks/" + mine.id() + "/events"))
                        .header("X-API-Key", TestPlatform.KEY)
                        .header("Last-Event-ID", Integer.toString(lastSeen))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, resumed.statusCode(), resumed.body());
        assertTrue(resumed.body().startsWith("id:" + (lastSeen + 1) + "\n"), resumed.body());
        assertEquals(
                2,
                resumed.body().lines().filter(l -> l.startsWith("id:")).count(),
                "one step and the result: " + resumed.body());
        assertTrue(resumed.body().contains("event:result"), resumed.body());
        assertEquals(
                404,
                PipelineIT.send("GET", "/v1/tasks/" + mine.id() + "/events", TestPlatform.OTHER_KEY)
                        .statusCode());
    }
}
