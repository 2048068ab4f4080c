package dev.sightline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The rest of the gateway's surface: multipart, resumed streams, the OpenAPI document, the trace list. */
class ApiIT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private final GatewayClient client = TestPlatform.client();

    @Test
    void aMultipartSubmissionWithTwoFramesCompletes() throws Exception {
        String boundary = "----sightline" + UUID.randomUUID();
        var out = new ByteArrayOutputStream();
        for (String[] field :
                new String[][] {{"question", "Which object is closer?"}, {"mode", "text"}, {"max_tokens", "8"}}) {
            out.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field[0] + "\"\r\n\r\n"
                            + field[1] + "\r\n")
                    .getBytes(StandardCharsets.UTF_8));
        }
        for (int i = 0; i < 2; i++) {
            out.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"image\"; filename=\"f" + i
                            + ".png\"\r\nContent-Type: image/png\r\n\r\n")
                    .getBytes(StandardCharsets.UTF_8));
            out.writeBytes(TestPlatform.png(300 + i));
            out.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        out.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        var response = HTTP.send(
                HttpRequest.newBuilder(URI.create(TestPlatform.get().gatewayUrl() + "/v1/tasks"))
                        .header("Authorization", "Bearer " + TestPlatform.KEY)
                        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(out.toByteArray()))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(202, response.statusCode(), response.body());
        String id = client.json().readTree(response.body()).get("id").asString();
        JsonNode result = client.follow(id, e -> {});
        assertEquals("COMPLETED", result.get("status").asString(), result.toString());
        assertEquals(2, result.get("feature_cache_hits").size(), "both frames went through the encoder");
    }

    @Test
    void aStreamResumedWithLastEventIdContinuesAfterThatStep() throws Exception {
        var run = TestPlatform.run(client, TestPlatform.task(client, TestPlatform.png(310), "latent", 2, 24));
        int from = run.steps().size() / 2;
        var response = HTTP.send(
                HttpRequest.newBuilder(
                                URI.create(TestPlatform.get().gatewayUrl() + "/v1/tasks/" + run.id() + "/events"))
                        .header("Authorization", "Bearer " + TestPlatform.KEY)
                        .header("Last-Event-ID", Integer.toString(from))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        List<String> ids = new ArrayList<>();
        for (String line : response.body().split("\n")) {
            if (line.startsWith("id:")) {
                ids.add(line.substring(3).strip());
            }
        }
        List<String> expected = new ArrayList<>();
        for (int i = from + 1; i < run.steps().size(); i++) {
            expected.add(Integer.toString(i));
        }
        expected.add("result");
        assertEquals(expected, ids);
    }

    @Test
    void aSubmissionThatPrefersToWaitIsAnsweredOnceTheTaskHasEnded() throws Exception {
        var body = TestPlatform.task(client, TestPlatform.png(340), "latent", 2, 24);
        var response = HTTP.send(
                HttpRequest.newBuilder(URI.create(TestPlatform.get().gatewayUrl() + "/v1/tasks"))
                        .header("Authorization", "Bearer " + TestPlatform.KEY)
                        .header("Content-Type", "application/json")
                        .header("Prefer", "respond-async, wait=30")
                        .POST(HttpRequest.BodyPublishers.ofString(client.json().writeValueAsString(body)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(202, response.statusCode(), "a new task is still 202: " + response.body());
        assertEquals(
                "wait=30", response.headers().firstValue("Preference-Applied").orElse(null));
        JsonNode task = client.json().readTree(response.body());
        assertEquals("COMPLETED", task.get("status").asString(), task.toString());
        assertTrue(task.get("steps").asInt() > 0, task.toString());
        JsonNode again = client.get(task.get("id").asString());
        assertEquals(task.get("answer"), again.get("answer"), "the held answer is the stored one");
        assertEquals(task.get("steps"), again.get("steps"));
    }

    @Test
    void aLongPollForAnotherTenantsTaskIsNotFoundAtOnce() throws Exception {
        var run = TestPlatform.run(client, TestPlatform.task(client, TestPlatform.png(341), "text", 0, 4));
        long start = System.nanoTime();
        var response = longPoll(TestPlatform.OTHER_KEY, run.id());
        assertEquals(404, response.statusCode(), response.body());
        assertTrue(System.nanoTime() - start < 10_000_000_000L, "answered before the wait");
        var mine = longPoll(TestPlatform.KEY, run.id());
        assertEquals(200, mine.statusCode());
        assertEquals(
                "COMPLETED", client.json().readTree(mine.body()).get("status").asString());
    }

    private static HttpResponse<String> longPoll(String key, String taskId) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(TestPlatform.get().gatewayUrl() + "/v1/tasks/" + taskId))
                        .header("Authorization", "Bearer " + key)
                        .header("Prefer", "wait=30")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theOpenApiDocumentDescribesTheTaskApi() throws Exception {
        var response = HTTP.send(
                HttpRequest.newBuilder(URI.create(TestPlatform.get().gatewayUrl() + "/v3/api-docs"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
        JsonNode doc = client.json().readTree(response.body());
        assertEquals("Sightline gateway", doc.get("info").get("title").asString());
        assertTrue(
                doc.get("paths").has("/v1/tasks/{id}/events"), doc.get("paths").toString());
        JsonNode submit = doc.get("paths").get("/v1/tasks").get("post");
        for (String status : new String[] {"202", "200", "400", "401", "409", "413", "415", "422", "503"}) {
            assertTrue(submit.get("responses").has(status), "POST /v1/tasks documents " + status);
        }
        assertEquals(
                "#/components/schemas/Problem",
                submit.at("/responses/422/content/application~1problem+json/schema/$ref")
                        .asString());
        assertTrue(submit.at("/responses/409/headers").has("Retry-After"), submit.toString());
        var parameters = new java.util.HashMap<String, String>();
        submit.get("parameters")
                .forEach(p ->
                        parameters.put(p.get("name").asString(), p.get("in").asString()));
        assertEquals(Map.of("Idempotency-Key", "header", "Prefer", "header"), parameters, "no query parameters");
        assertTrue(
                submit.at("/requestBody/content/multipart~1form-data/schema/properties")
                        .has("question"),
                "the multipart form's fields: " + submit.get("requestBody"));
        JsonNode events = doc.get("paths").get("/v1/tasks/{id}/events").get("get");
        assertTrue(events.get("responses").has("400"));
        assertTrue(events.toString().contains("Last-Event-ID"));
        assertTrue(doc.at("/paths/~1v1~1tasks~1{id}/delete/responses").has("202"));
        assertFalse(doc.at("/paths/~1v1~1tasks~1{id}/delete/responses").has("200"));
    }

    @Test
    void theTraceListFiltersByTenantStatusAndTime() throws Exception {
        Instant before = Instant.now();
        var run = TestPlatform.run(client, TestPlatform.task(client, TestPlatform.png(320), "text", 0, 4));
        var other = TestPlatform.otherTenant();
        var theirs = TestPlatform.run(other, TestPlatform.task(other, TestPlatform.png(321), "text", 0, 4));
        // the trace store fetches results in batches: it lists a task as ended a moment after the gateway answers
        TestPlatform.await(Duration.ofSeconds(10), "both results in the trace store", () -> {
            try {
                List<String> ended = listed("?status=COMPLETED&size=500");
                return ended.contains(run.id()) && ended.contains(theirs.id());
            } catch (Exception e) {
                return false;
            }
        });
        assertTrue(listed("?tenant=demo&status=COMPLETED&size=500").contains(run.id()), "listed for its tenant");
        assertFalse(listed("?tenant=demo&size=500").contains(theirs.id()), "not for another");
        assertTrue(listed("?tenant=other&size=500").contains(theirs.id()));
        assertFalse(listed("?tenant=other&size=500").contains(run.id()));
        assertTrue(listed("?tenant=demo&since=" + before + "&size=500").contains(run.id()), "since: inclusive");
        assertFalse(listed("?tenant=demo&until=" + before + "&size=500").contains(run.id()), "until: exclusive");
        assertTrue(listed("?tenant=demo&since=" + before + "&until=" + Instant.now() + "&size=500")
                .contains(run.id()));
        String base = TestPlatform.get().url("trace-store") + "/v1/traces";
        for (String query : new String[] {"?status=NOPE", "?until=yesterday"}) {
            var bad = HTTP.send(
                    HttpRequest.newBuilder(URI.create(base + query)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(400, bad.statusCode(), query);
        }
    }

    /** Task ids the trace store lists for the query (every item checked against its tenant filter). */
    private List<String> listed(String query) throws Exception {
        JsonNode page = client.json()
                .readTree(HTTP.send(
                                HttpRequest.newBuilder(URI.create(
                                                TestPlatform.get().url("trace-store") + "/v1/traces" + query))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .body());
        List<String> ids = new ArrayList<>();
        for (JsonNode t : page.get("items")) {
            if (query.contains("tenant=")) {
                assertTrue(query.contains("tenant=" + t.get("tenant").asString()), t.toString());
            }
            if (query.contains("status=COMPLETED")) {
                assertEquals("COMPLETED", t.get("status").asString());
            }
            ids.add(t.get("task_id").asString());
        }
        return ids;
    }

    @Test
    void everyServiceExposesItsMetricsToPrometheus() throws Exception {
        TestPlatform.run(client, TestPlatform.task(client, TestPlatform.png(330), "latent", 2, 16));
        var expected = java.util.Map.of(
                "gateway",
                        List.of(
                                "sightline_tasks_submitted_total",
                                "sightline_tasks_finished_total",
                                "sightline_task_duration_seconds_count",
                                "sightline_tasks_open"),
                "vision-encoder",
                        List.of("sightline_encoder_frames_total", "kafka_consumer_fetch_manager_records_lag_max"),
                "reasoner",
                        List.of(
                                "sightline_reasoner_text_tokens_total",
                                "sightline_reasoner_latent_steps_total",
                                "sightline_reasoner_sessions_active",
                                "sightline_reasoner_session_seconds_count",
                                "sightline_reasoner_forward_rows_total{kind=\"prefill\"",
                                "sightline_reasoner_forward_seconds_total{kind=\"decode\"",
                                "resilience4j_circuitbreaker_state"),
                "diffusion-decoder", List.of("jvm_memory_used_bytes"),
                "trace-store", List.of("kafka_consumer_fetch_manager_records_lag_max"));
        for (var e : expected.entrySet()) {
            var response = HTTP.send(
                    HttpRequest.newBuilder(URI.create(TestPlatform.get().url(e.getKey()) + "/actuator/prometheus"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode(), e.getKey());
            for (String metric : e.getValue()) {
                assertTrue(response.body().contains(metric), e.getKey() + " lacks " + metric);
            }
            if (e.getKey().equals("reasoner")) {
                // the task above ran: its decode forwards are counted, not merely registered
                double decodes = response.body()
                        .lines()
                        .filter(l -> l.startsWith("sightline_reasoner_forwards_total{kind=\"decode\""))
                        .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                        .sum();
                assertTrue(decodes > 0, "no decode forward counted");
            }
        }
    }
}
