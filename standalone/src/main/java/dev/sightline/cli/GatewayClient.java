package dev.sightline.cli;

import dev.sightline.contracts.task.TaskStatus;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A small client of the gateway's REST and SSE API (what {@code ask} and {@code bench platform} use). */
final class GatewayClient {
    /** One server-sent event. */
    record Event(String id, String name, JsonNode data) {}

    /** A non-2xx answer, with the problem's detail. */
    static final class ProblemException extends RuntimeException {
        final int status;

        ProblemException(int status, String detail) {
            super(status + ": " + detail);
            this.status = status;
        }
    }

    /** How long one held request may wait: the gateway's default cap, so each request is held as long as it may. */
    static final int WAIT_SECONDS = 60;

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final JsonMapper json = JsonMapper.builder().build();
    private final String base;
    private final String apiKey;

    GatewayClient(String base, String apiKey) {
        this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        this.apiKey = apiKey;
    }

    /** The one-line error for an address where no gateway answers. */
    static String noGateway(String base) {
        return "no gateway at " + base + " (is `sightline serve` running?)";
    }

    /** Fails with {@link #noGateway} unless something answers at the gateway's address (its health endpoint). */
    void requireReachable() throws InterruptedException {
        try {
            http.send(
                    HttpRequest.newBuilder(URI.create(base + "/actuator/health"))
                            .timeout(Duration.ofSeconds(10))
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.discarding());
        } catch (IOException e) {
            throw new IllegalArgumentException(noGateway(base), e);
        }
    }

    JsonMapper json() {
        return json;
    }

    /** POST /v1/tasks with a JSON body; the task view. */
    JsonNode submit(JsonNode body) throws IOException, InterruptedException {
        return submit(body, Map.of());
    }

    /** As above with an {@code Idempotency-Key} (null for none). */
    JsonNode submit(JsonNode body, String idempotencyKey) throws IOException, InterruptedException {
        return submit(body, idempotencyKey == null ? Map.of() : Map.of("Idempotency-Key", idempotencyKey));
    }

    /** As above with extra request headers ({@code Idempotency-Key}, a W3C {@code traceparent}, ...). */
    JsonNode submit(JsonNode body, Map<String, String> headers) throws IOException, InterruptedException {
        var request = HttpRequest.newBuilder(URI.create(base + "/v1/tasks"))
                .header("Authorization", "Bearer " + apiKey)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)));
        headers.forEach(request::header);
        return check(http.send(request.build(), HttpResponse.BodyHandlers.ofString()));
    }

    JsonNode get(String taskId) throws IOException, InterruptedException {
        return get(taskId, Map.of());
    }

    private JsonNode get(String taskId, Map<String, String> headers) throws IOException, InterruptedException {
        var request = HttpRequest.newBuilder(URI.create(base + "/v1/tasks/" + taskId))
                .header("Authorization", "Bearer " + apiKey)
                .GET();
        headers.forEach(request::header);
        return check(http.send(request.build(), HttpResponse.BodyHandlers.ofString()));
    }

    /**
     * Submits and waits for the task to end in as few requests as there can be: the {@code POST} itself is
     * held ({@code Prefer: wait=N}), and while the task runs on, {@code GET}s held the same way follow. No
     * steps are streamed; the task view at the end is returned.
     */
    JsonNode submitAndWait(JsonNode body, String idempotencyKey) throws IOException, InterruptedException {
        String prefer = "wait=" + WAIT_SECONDS;
        JsonNode task = submit(
                body,
                idempotencyKey == null
                        ? Map.of("Prefer", prefer)
                        : Map.of("Prefer", prefer, "Idempotency-Key", idempotencyKey));
        while (!TaskStatus.valueOf(task.get("status").asString()).terminal()) {
            task = get(task.get("id").asString(), Map.of("Prefer", prefer));
        }
        return task;
    }

    /**
     * Streams the task's events until its {@code result} event, which is returned; reconnects with
     * {@code Last-Event-ID} when the stream breaks or a proxy answers 502–504, backing off from 200 ms to 2 s for up
     * to 30 s from the first failed attempt (a gateway restarting), so no step is missed or repeated.
     */
    JsonNode follow(String taskId, Consumer<Event> onEvent) throws IOException, InterruptedException {
        String last = null;
        Exception failure = null;
        long backoffMs = 200;
        long giveUpAt = 0; // set by the first failure since the stream last worked
        while (true) {
            if (failure != null) {
                long now = System.nanoTime();
                if (giveUpAt == 0) {
                    giveUpAt = now + TimeUnit.SECONDS.toNanos(30);
                } else if (now >= giveUpAt) {
                    throw new IOException("event stream of task " + taskId + " kept breaking", failure);
                }
                Thread.sleep(backoffMs);
                backoffMs = Math.min(2000, backoffMs * 2);
            }
            var builder = HttpRequest.newBuilder(URI.create(base + "/v1/tasks/" + taskId + "/events"))
                    .header("Authorization", "Bearer " + apiKey)
                    .header("Accept", "text/event-stream")
                    .GET();
            if (last != null) {
                builder.header("Last-Event-ID", last);
            }
            HttpResponse<java.io.InputStream> response;
            try {
                response = http.send(builder.build(), HttpResponse.BodyHandlers.ofInputStream());
            } catch (IOException e) {
                failure = e;
                continue;
            }
            int status = response.statusCode();
            if (status / 100 != 2) {
                String body = new String(response.body().readAllBytes(), StandardCharsets.UTF_8);
                if (status >= 502 && status <= 504) {
                    failure = problem(status, body); // a proxy in front of a restarting gateway: try again
                    continue;
                }
                throw problem(status, body);
            }
            try (var reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                String id = null;
                String name = "message";
                StringBuilder data = new StringBuilder();
                String line;
                while ((line = reader.readLine()) != null) {
                    if (line.isEmpty()) {
                        if (data.length() > 0) {
                            var event = new Event(id, name, json.readTree(data.toString()));
                            last = id == null ? last : id;
                            // the stream works: a later break gets the whole reconnect budget again
                            failure = null;
                            giveUpAt = 0;
                            backoffMs = 200;
                            onEvent.accept(event);
                            if (name.equals("result")) {
                                return event.data();
                            }
                        }
                        id = null;
                        name = "message";
                        data.setLength(0);
                    } else if (line.startsWith("id:")) {
                        id = line.substring(3).strip();
                    } else if (line.startsWith("event:")) {
                        name = line.substring(6).strip();
                    } else if (line.startsWith("data:")) {
                        data.append(line.substring(5).stripLeading());
                    }
                }
                // the server ended the stream without a result: reconnect
                failure = failure == null ? new IOException("stream ended before the result") : failure;
            } catch (IOException e) {
                failure = e;
            }
        }
    }

    private JsonNode check(HttpResponse<String> response) {
        if (response.statusCode() / 100 != 2) {
            throw problem(response.statusCode(), response.body());
        }
        return json.readTree(response.body());
    }

    private ProblemException problem(int status, String body) {
        String detail = body;
        try {
            JsonNode p = json.readTree(body);
            if (p.hasNonNull("detail")) {
                detail = p.get("detail").asString();
            }
        } catch (RuntimeException ignored) {
            // not JSON: the raw body is the best detail there is
        }
        return new ProblemException(status, detail);
    }
}
