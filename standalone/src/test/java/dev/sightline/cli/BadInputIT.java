package dev.sightline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sightline.contracts.Topics;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/** Every kind of bad input is answered at the gateway with the right problem, and nothing reaches Kafka. */
class BadInputIT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** A request to send: body, content type, API key, extra header. */
    record Call(String body, byte[] raw, String contentType, String key, String idempotencyKey) {
        static Call json(String body) {
            return new Call(body, null, "application/json", TestPlatform.KEY, null);
        }
    }

    static Stream<Arguments> badInputs() {
        String ok = b64(TestPlatform.png(100));
        return Stream.of(
                Arguments.of(
                        "not an image",
                        Call.json(body(b64("hello, world".getBytes(StandardCharsets.UTF_8)), "q", "")),
                        415),
                Arguments.of("truncated PNG", Call.json(body(b64(truncate(TestPlatform.png(101), 0.5)), "q", "")), 422),
                Arguments.of("corrupt JPEG", Call.json(body(b64(truncate(jpeg(), 0.6)), "q", "")), 422),
                Arguments.of("image over 10 MB", Call.json(body(b64(huge()), "q", "")), 413),
                Arguments.of("image over 4096 px a side", Call.json(body(b64(wide()), "q", "")), 413),
                Arguments.of("decompression bomb", Call.json(body(b64(bomb()), "q", "")), 413),
                Arguments.of("more than 16 frames", Call.json(frames(17, ok)), 413),
                Arguments.of("empty question", Call.json(body(ok, "  ", "")), 422),
                Arguments.of("question over 2,000 characters", Call.json(body(ok, "x".repeat(2001), "")), 422),
                Arguments.of("a question with U+0000", Call.json(body(ok, "where\\u0000is it", "")), 422),
                Arguments.of("a choice with U+0000", Call.json(body(ok, "q", ",\"choices\":[\"le\\u0000ft\"]")), 422),
                Arguments.of("a question with half a surrogate pair", Call.json(body(ok, "\\ud83d?", "")), 422),
                Arguments.of("unknown mode", Call.json(body(ok, "q", ",\"mode\":\"telepathy\"")), 422),
                Arguments.of("latent_steps over 64", Call.json(body(ok, "q", ",\"latent_steps\":65")), 422),
                Arguments.of("latent_steps below 0", Call.json(body(ok, "q", ",\"latent_steps\":-1")), 422),
                Arguments.of("a blank answer choice", Call.json(body(ok, "q", ",\"choices\":[\"left\",\" \"]")), 422),
                Arguments.of(
                        "a repeated answer choice", Call.json(body(ok, "q", ",\"choices\":[\"left\",\"left\"]")), 422),
                Arguments.of(
                        "an answer choice with a control token",
                        Call.json(body(ok, "q", ",\"choices\":[\"<|answer|>\"]")),
                        422),
                Arguments.of("malformed JSON", Call.json("{\"question\": \"q\", \"images\": ["), 400),
                Arguments.of("an image that is not base64", Call.json(body("aGVsbG8*!", "q", "")), 400),
                Arguments.of("missing API key", new Call(body(ok, "q", ""), null, "application/json", null, null), 401),
                Arguments.of("wrong API key", new Call(body(ok, "q", ""), null, "application/json", "nope", null), 401),
                Arguments.of("multipart without an image", multipart("hello".getBytes(StandardCharsets.UTF_8)), 415),
                Arguments.of("multipart image over 10 MB", multipart(huge()), 413),
                Arguments.of("multipart truncated PNG", multipart(truncate(TestPlatform.png(105), 0.5)), 422),
                Arguments.of("multipart over 16 frames", multipart(17, TestPlatform.png(106)), 413));
    }

    @ParameterizedTest(name = "{0} -> {2}")
    @MethodSource("badInputs")
    void isRejectedWithAProblemAndNothingIsPublished(String name, Call call, int status) throws Exception {
        long before = TestPlatform.size(Topics.TASKS);
        assertProblem(name, post(call), status);
        assertEquals(before, TestPlatform.size(Topics.TASKS), name + ": nothing may reach Kafka");
    }

    /** The status asked for, as an {@code application/problem+json} body that says what was wrong. */
    private static void assertProblem(String name, HttpResponse<String> response, int status) throws Exception {
        assertEquals(status, response.statusCode(), name + ": " + response.body());
        assertEquals(
                "application/problem+json",
                response.headers().firstValue("Content-Type").orElse("").split(";")[0],
                name);
        JsonNode problem = TestPlatform.client().json().readTree(response.body());
        assertEquals(status, problem.get("status").asInt());
        assertFalse(problem.path("detail").asString().isBlank(), response.body());
    }

    /** A request about a task that exists: method, path under {@code /v1/tasks}, API key, headers, body. */
    record TaskCall(String method, String path, String key, Map<String, String> headers, String body) {}

    /** The rest of the table: requests about an existing (ended) task, or reusing its Idempotency-Key. */
    static Stream<Arguments> badTaskRequests() throws Exception {
        String used = UUID.randomUUID().toString();
        String ok = b64(TestPlatform.png(107));
        var first =
                post(new Call(body(ok, "q", ",\"max_tokens\":4"), null, "application/json", TestPlatform.KEY, used));
        assertEquals(202, first.statusCode(), first.body());
        String ended =
                TestPlatform.client().json().readTree(first.body()).get("id").asString();
        TestPlatform.client().follow(ended, e -> {});
        String task = "/" + ended;
        return Stream.of(
                Arguments.of(
                        "another tenant's task",
                        new TaskCall("GET", task, TestPlatform.OTHER_KEY, Map.of(), null),
                        404),
                Arguments.of(
                        "another tenant's trace",
                        new TaskCall("GET", task + "/trace", TestPlatform.OTHER_KEY, Map.of(), null),
                        404),
                Arguments.of(
                        "another tenant's cancel",
                        new TaskCall("DELETE", task, TestPlatform.OTHER_KEY, Map.of(), null),
                        404),
                Arguments.of(
                        "the same Idempotency-Key, another body",
                        new TaskCall(
                                "POST",
                                "",
                                TestPlatform.KEY,
                                Map.of("Idempotency-Key", used, "Content-Type", "application/json"),
                                body(ok, "another question", "")),
                        409),
                Arguments.of(
                        "cancelling an ended task",
                        new TaskCall("DELETE", task, TestPlatform.KEY, Map.of(), null),
                        409),
                Arguments.of(
                        "a Last-Event-ID that is not a step",
                        new TaskCall("GET", task + "/events", TestPlatform.KEY, Map.of("Last-Event-ID", "abc"), null),
                        400),
                Arguments.of(
                        "a Last-Event-ID below -1",
                        new TaskCall("GET", task + "/events", TestPlatform.KEY, Map.of("Last-Event-ID", "-5"), null),
                        400),
                Arguments.of(
                        "a Last-Event-ID at the int limit",
                        new TaskCall(
                                "GET", task + "/events", TestPlatform.KEY, Map.of("Last-Event-ID", "2147483647"), null),
                        400));
    }

    @ParameterizedTest(name = "{0} -> {2}")
    @MethodSource("badTaskRequests")
    void aBadRequestAboutATaskIsRejectedWithAProblemAndNothingIsPublished(String name, TaskCall call, int status)
            throws Exception {
        long tasks = TestPlatform.size(Topics.TASKS);
        var b = HttpRequest.newBuilder(URI.create(TestPlatform.get().gatewayUrl() + "/v1/tasks" + call.path()))
                .header("X-API-Key", call.key())
                .header("Accept", "application/json, text/event-stream")
                .timeout(Duration.ofSeconds(10))
                .method(
                        call.method(),
                        call.body() == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString(call.body()));
        call.headers().forEach(b::header);
        assertProblem(name, HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString()), status);
        assertEquals(tasks, TestPlatform.size(Topics.TASKS), name + ": nothing may reach Kafka");
    }

    @Test
    void aJsonBodyDeclaringMoreThanTheLargestValidRequestIs413BeforeItIsRead() throws Exception {
        long before = TestPlatform.size(Topics.TASKS);
        URI gateway = URI.create(TestPlatform.get().gatewayUrl());
        try (var socket = new java.net.Socket(gateway.getHost(), gateway.getPort())) {
            socket.setSoTimeout(10_000);
            // 400 MB announced, a few bytes sent: the answer must come without the rest being read
            String head = "POST /v1/tasks HTTP/1.1\r\nHost: localhost\r\nX-API-Key: " + TestPlatform.KEY
                    + "\r\nContent-Type: application/json\r\nContent-Length: 400000000\r\nConnection: close\r\n\r\n"
                    + "{\"question\":\"q\",\"images\":[\"";
            socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            // the answer, not the end of the connection (Tomcat may keep it open, waiting for the announced body)
            var in = socket.getInputStream();
            var received = new ByteArrayOutputStream();
            byte[] buffer = new byte[4096];
            while (!received.toString(StandardCharsets.UTF_8).contains("}")) {
                int n = in.read(buffer);
                if (n < 0) {
                    break;
                }
                received.write(buffer, 0, n);
            }
            String response = received.toString(StandardCharsets.UTF_8);
            assertTrue(response.startsWith("HTTP/1.1 413"), response);
            assertTrue(response.toLowerCase().contains("content-type: application/problem+json"), response);
            assertTrue(response.contains("over "), response);
        }
        assertEquals(before, TestPlatform.size(Topics.TASKS), "nothing may reach Kafka");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/v1;x/tasks", "/%76%31/tasks", "/v1/./tasks", "//v1/tasks"})
    void aPathTheTaskControllerAnswersUnderAnotherSpellingStillNeedsItsKey(String path) throws Exception {
        long tasks = TestPlatform.size(Topics.TASKS);
        var request = HttpRequest.newBuilder(URI.create(TestPlatform.get().gatewayUrl() + path))
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString(body(b64(TestPlatform.png(103)), "q", "")))
                .build();
        assertProblem(path, HTTP.send(request, HttpResponse.BodyHandlers.ofString()), 401);
        assertEquals(tasks, TestPlatform.size(Topics.TASKS), path + ": nothing may reach Kafka");
    }

    @Test
    void theSameIdempotencyKeyReturnsTheSameTaskAndADifferentBodyConflicts() throws Exception {
        String key = UUID.randomUUID().toString();
        String ok = b64(TestPlatform.png(102));
        var first = post(new Call(body(ok, "q", ",\"max_tokens\":4"), null, "application/json", TestPlatform.KEY, key));
        var again = post(new Call(body(ok, "q", ",\"max_tokens\":4"), null, "application/json", TestPlatform.KEY, key));
        assertEquals(202, first.statusCode(), first.body());
        assertEquals(200, again.statusCode(), again.body());
        var json = TestPlatform.client().json();
        assertEquals(
                json.readTree(first.body()).get("id"),
                json.readTree(again.body()).get("id"));
        long before = TestPlatform.size(Topics.TASKS);
        var conflict = post(new Call(body(ok, "other question", ""), null, "application/json", TestPlatform.KEY, key));
        assertEquals(409, conflict.statusCode(), conflict.body());
        assertEquals(before, TestPlatform.size(Topics.TASKS));
    }

    @Test
    void concurrentRetriesWithOneIdempotencyKeyCreateOneTaskAndNeverAnswer404() throws Exception {
        String key = UUID.randomUUID().toString();
        Call call = new Call(
                body(b64(TestPlatform.png(104)), "q", ",\"max_tokens\":4"),
                null,
                "application/json",
                TestPlatform.KEY,
                key);
        long before = TestPlatform.size(Topics.TASKS);
        var retries = new ArrayList<CompletableFuture<HttpResponse<String>>>();
        for (int i = 0; i < 8; i++) {
            retries.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return post(call);
                } catch (Exception e) {
                    throw new CompletionException(e);
                }
            }));
        }
        var json = TestPlatform.client().json();
        var ids = new HashSet<String>();
        int created = 0;
        for (var retry : retries) {
            HttpResponse<String> r = retry.get(30, TimeUnit.SECONDS);
            switch (r.statusCode()) {
                case 202, 200 -> {
                    created += r.statusCode() == 202 ? 1 : 0;
                    ids.add(json.readTree(r.body()).get("id").asString());
                }
                case 409 -> {
                    assertEquals(
                            "idempotency-key-in-progress",
                            json.readTree(r.body()).get("type").asString().replaceAll(".*/", ""),
                            r.body());
                    assertEquals("1", r.headers().firstValue("Retry-After").orElse(""));
                }
                default -> throw new AssertionError(r.statusCode() + ": " + r.body());
            }
        }
        assertEquals(1, created, "one of the retries creates the task");
        assertEquals(1, ids.size(), "every retry that is answered names the same task: " + ids);
        assertEquals(before + 1, TestPlatform.size(Topics.TASKS), "one task reaches Kafka");
    }

    private static HttpResponse<String> post(Call call) throws Exception {
        var b = HttpRequest.newBuilder(URI.create(TestPlatform.get().gatewayUrl() + "/v1/tasks"))
                .header("Content-Type", call.contentType())
                .POST(
                        call.raw() != null
                                ? HttpRequest.BodyPublishers.ofByteArray(call.raw())
                                : HttpRequest.BodyPublishers.ofString(call.body()));
        if (call.key() != null) {
            b.header("X-API-Key", call.key());
        }
        if (call.idempotencyKey() != null) {
            b.header("Idempotency-Key", call.idempotencyKey());
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String body(String image, String question, String extra) {
        return "{\"question\":\"" + question + "\",\"images\":[\"" + image + "\"]" + extra + "}";
    }

    private static String frames(int n, String image) {
        String[] all = new String[n];
        Arrays.fill(all, "\"" + image + "\"");
        return "{\"question\":\"q\",\"images\":[" + String.join(",", all) + "]}";
    }

    private static Call multipart(byte[] file) {
        return multipart(1, file);
    }

    /** A multipart submission of the question "q" and {@code frames} copies of {@code file}. */
    private static Call multipart(int frames, byte[] file) {
        String boundary = "----sightline" + UUID.randomUUID();
        var out = new ByteArrayOutputStream();
        out.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"question\"\r\n\r\nq\r\n")
                .getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < frames; i++) {
            out.writeBytes(("--" + boundary
                            + "\r\nContent-Disposition: form-data; name=\"image\"; filename=\"a.png\"\r\n"
                            + "Content-Type: image/png\r\n\r\n")
                    .getBytes(StandardCharsets.UTF_8));
            out.writeBytes(file);
            out.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        out.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return new Call(null, out.toByteArray(), "multipart/form-data; boundary=" + boundary, TestPlatform.KEY, null);
    }

    private static String b64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    private static byte[] truncate(byte[] bytes, double keep) {
        return Arrays.copyOf(bytes, (int) (bytes.length * keep));
    }

    private static byte[] jpeg() {
        var img = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
        var g = img.createGraphics();
        g.setColor(java.awt.Color.ORANGE);
        g.fillOval(4, 4, 50, 40);
        g.dispose();
        return TestPlatform.encode(img, "jpeg");
    }

    private static byte[] huge() {
        byte[] b = new byte[10 * 1024 * 1024 + 1];
        System.arraycopy(TestPlatform.png(104), 0, b, 0, 8);
        return b;
    }

    private static byte[] wide() {
        return TestPlatform.encode(new BufferedImage(4097, 4, BufferedImage.TYPE_BYTE_GRAY), "png");
    }

    /** A PNG whose header declares 100000 x 100000 gray pixels, with a few hundred bytes of data. */
    private static byte[] bomb() {
        var out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a});
        ByteBuffer ihdr = ByteBuffer.allocate(13).putInt(100_000).putInt(100_000);
        ihdr.put((byte) 8).put((byte) 0).put((byte) 0).put((byte) 0).put((byte) 0);
        chunk(out, "IHDR", ihdr.array());
        var deflater = new Deflater(9);
        deflater.setInput(new byte[1_000_000]);
        deflater.finish();
        byte[] buf = new byte[4096];
        int n = deflater.deflate(buf);
        chunk(out, "IDAT", Arrays.copyOf(buf, n));
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
        out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
        byte[] t = type.getBytes(StandardCharsets.US_ASCII);
        out.writeBytes(t);
        out.writeBytes(data);
        var crc = new CRC32();
        crc.update(t);
        crc.update(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }
}
