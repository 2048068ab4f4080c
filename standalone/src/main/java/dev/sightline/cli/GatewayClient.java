package dev.sightline.cli;

import dev.sightline.contracts.task.TaskStatus;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.util.Timeout;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A small client of the gateway's REST and SSE API (what {@code ask} and {@code bench platform} use). It holds a pool
 * of connections to the gateway: close it when done. An exchange blocks its thread in a socket read that an interrupt
 * does not end: a held request returns within its wait, an event stream when its task ends, and closing the client
 * closes the connections of any still open.
 */
// Apache HttpClient's classic API runs each exchange on its caller's thread over a pooled connection. The JDK's
// HttpClient hands every exchange between the caller, its selector thread and an executor: held submissions cost the
// bench's JVM 2.2-2.6 ms of CPU each with it against 1.1-1.2 with this one (docs/benchmarks.md, thirty-first
// session), CPU the measured platform loses when the bench shares its host.
final class GatewayClient implements AutoCloseable {
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

    /** Connections kept to the gateway: one per concurrent request, as many as a bench may drive. */
    private static final int MAX_CONNECTIONS = 256;
    /** A held request is answered within its wait: this leaves the gateway time to answer after it. */
    private static final RequestConfig HELD = RequestConfig.custom()
            .setResponseTimeout(Timeout.ofSeconds(WAIT_SECONDS + 30))
            .build();
    /** The gateway bounds an event stream (its task's deadline plus 30 s), and a step may be long in coming. */
    private static final RequestConfig STREAM =
            RequestConfig.custom().setResponseTimeout(Timeout.DISABLED).build();

    private final CloseableHttpClient http = HttpClients.custom()
            .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                    .setMaxConnTotal(MAX_CONNECTIONS)
                    .setMaxConnPerRoute(MAX_CONNECTIONS)
                    .setDefaultConnectionConfig(ConnectionConfig.custom()
                            .setConnectTimeout(Timeout.ofSeconds(5))
                            .build())
                    .build())
            .setDefaultRequestConfig(HELD)
            // what the JDK's client did: no retries, redirects or decompression of its own
            .disableAutomaticRetries()
            .disableRedirectHandling()
            .disableContentCompression()
            .build();
    private final JsonMapper json = JsonMapper.builder().build();
    private final String base;
    private final String apiKey;

    GatewayClient(String base, String apiKey) {
        this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        this.apiKey = apiKey;
    }

    /** A response's status and body, read whole (so the connection goes back to the pool). */
    record Answer(int status, String body) {}

    /** A quick GET: 10 s to answer. */
    private static final RequestConfig QUICK =
            RequestConfig.custom().setResponseTimeout(Timeout.ofSeconds(10)).build();

    /** The one-line error for an address where no gateway answers. */
    static String noGateway(String base) {
        return "no gateway at " + base + " (is `sightline serve` running?)";
    }

    /** Fails with {@link #noGateway} unless something answers at the gateway's address (its health endpoint). */
    void requireReachable() {
        try {
            fetch(base + "/actuator/health");
        } catch (IOException e) {
            throw new IllegalArgumentException(noGateway(base), e);
        }
    }

    /**
     * A GET of any URL over this client's pool, 10 s to answer, with no credentials: the gateway's health, and the
     * reasoner's metrics that {@code bench platform --reasoner} reads ({@link ReasonerCounters#scrape}).
     */
    Answer fetch(String url) throws IOException {
        var get = new HttpGet(url);
        get.setConfig(QUICK);
        return exchange(get);
    }

    JsonMapper json() {
        return json;
    }

    /** POST /v1/tasks with a JSON body; the task view. */
    JsonNode submit(JsonNode body) throws IOException {
        return submit(body, Map.of());
    }

    /** As above with an {@code Idempotency-Key} (null for none). */
    JsonNode submit(JsonNode body, String idempotencyKey) throws IOException {
        return submit(body, idempotencyKey == null ? Map.of() : Map.of("Idempotency-Key", idempotencyKey));
    }

    /** As above with extra request headers ({@code Idempotency-Key}, a W3C {@code traceparent}, ...). */
    JsonNode submit(JsonNode body, Map<String, String> headers) throws IOException {
        var post = new HttpPost(base + "/v1/tasks");
        post.setHeader("Authorization", "Bearer " + apiKey);
        headers.forEach(post::setHeader);
        post.setEntity(new StringEntity(json.writeValueAsString(body), ContentType.APPLICATION_JSON));
        return check(exchange(post));
    }

    JsonNode get(String taskId) throws IOException {
        return get(taskId, Map.of());
    }

    private JsonNode get(String taskId, Map<String, String> headers) throws IOException {
        var get = new HttpGet(base + "/v1/tasks/" + taskId);
        get.setHeader("Authorization", "Bearer " + apiKey);
        headers.forEach(get::setHeader);
        return check(exchange(get));
    }

    /**
     * Submits and waits for the task to end in as few requests as there can be: the {@code POST} itself is
     * held ({@code Prefer: wait=N}), and while the task runs on, {@code GET}s held the same way follow. No
     * steps are streamed; the task view at the end is returned.
     */
    JsonNode submitAndWait(JsonNode body, String idempotencyKey) throws IOException {
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
            var get = new HttpGet(base + "/v1/tasks/" + taskId + "/events");
            get.setConfig(STREAM);
            get.setHeader("Authorization", "Bearer " + apiKey);
            get.setHeader("Accept", "text/event-stream");
            if (last != null) {
                get.setHeader("Last-Event-ID", last);
            }
            ClassicHttpResponse response;
            try {
                response = http.executeOpen(null, get, null);
            } catch (IOException e) {
                failure = e;
                continue;
            }
            int status = response.getCode();
            if (status / 100 != 2) {
                String body = bodyOf(response);
                response.close();
                if (status >= 502 && status <= 504) {
                    failure = problem(status, body); // a proxy in front of a restarting gateway: try again
                    continue;
                }
                throw problem(status, body);
            }
            try (response;
                    var reader = new BufferedReader(
                            new InputStreamReader(response.getEntity().getContent(), StandardCharsets.UTF_8))) {
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

    private Answer exchange(ClassicHttpRequest request) throws IOException {
        return http.execute(request, response -> new Answer(response.getCode(), bodyOf(response)));
    }

    private static String bodyOf(ClassicHttpResponse response) throws IOException {
        try {
            return response.getEntity() == null
                    ? ""
                    : EntityUtils.toString(response.getEntity(), StandardCharsets.UTF_8);
        } catch (org.apache.hc.core5.http.ParseException e) {
            throw new IOException("unreadable response body: " + e.getMessage(), e);
        }
    }

    private JsonNode check(Answer answer) {
        if (answer.status() / 100 != 2) {
            throw problem(answer.status(), answer.body());
        }
        return json.readTree(answer.body());
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

    @Override
    public void close() throws IOException {
        http.close();
    }
}
