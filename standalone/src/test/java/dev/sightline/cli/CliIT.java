package dev.sightline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The documented client commands, run as a user runs them, against a running platform. */
class CliIT {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path tmp;

    @Test
    void askFollowJsonStreamsEveryStepThenTheResult() throws Exception {
        Path image = tmp.resolve("frame.png");
        Files.write(image, TestPlatform.png(500));
        List<JsonNode> lines = jsonLines(
                "ask",
                "--gateway",
                TestPlatform.get().gatewayUrl(),
                "--api-key",
                TestPlatform.KEY,
                "--image",
                image.toString(),
                "--mode",
                "latent",
                "--latent-steps",
                "2",
                "--max-tokens",
                "6",
                "--follow",
                "--json",
                "How many red objects can you see?");
        JsonNode last = lines.get(lines.size() - 1);
        assertEquals("result", last.get("event").asString(), last.toString());
        assertEquals("COMPLETED", last.get("data").get("status").asString(), last.toString());
        List<JsonNode> steps = lines.subList(0, lines.size() - 1);
        assertEquals(last.get("data").get("steps").asInt(), steps.size(), "every step, once: " + lines);
        for (int i = 0; i < steps.size(); i++) {
            assertEquals("step", steps.get(i).get("event").asString());
            assertEquals(i, steps.get(i).get("data").get("seq").asInt(), "in order");
        }
        assertEquals("LATENT", steps.get(0).get("data").get("kind").asString(), "K = 2 before the first step");
    }

    @Test
    void benchPlatformJsonReportsBothPathsAndTheRatio() throws Exception {
        List<JsonNode> lines = jsonLines(
                "bench",
                "platform",
                "--json",
                "--gateway",
                TestPlatform.get().gatewayUrl(),
                "--api-key",
                TestPlatform.KEY,
                "--reasoner",
                TestPlatform.get().url("reasoner"),
                "--model",
                TestPlatform.model().toString(),
                "--image",
                writePng(501).toString(),
                "--tasks",
                "2",
                "--concurrency",
                "2",
                "--repeat",
                "1",
                "--warm-up",
                "0",
                "--max-tokens",
                "4");
        assertEquals(1, lines.size(), lines.toString());
        JsonNode o = lines.get(0);
        for (String path : List.of("engine", "platform")) {
            for (String field : List.of("tasks_per_s", "p50_ms", "p95_ms", "p99_ms")) {
                assertTrue(o.get(path).get(field).asDouble() > 0, path + "." + field + " in " + o);
            }
            assertEquals(0, o.get(path).get("failed").asInt(), o.toString());
        }
        assertTrue(o.get("ratio").asDouble() > 0, o.toString());
        // --reasoner: the platform's forwards, from the reasoner's counters over the run
        assertTrue(o.get("platform").get("decode_rows_per_forward").asDouble() >= 1, o.toString());
        assertTrue(o.get("platform").get("decode_ms_per_forward").asDouble() > 0, o.toString());
        assertTrue(o.get("platform").get("decode_cpu_ms_per_forward").asDouble() > 0, o.toString());
        assertTrue(o.get("platform").get("process_cpu_ms_per_task").asDouble() > 0, o.toString());
        assertTrue(o.get("platform").get("client_cpu_ms_per_task").asDouble() > 0, o.toString());
        assertTrue(o.get("engine").get("process_cpu_ms_per_task").asDouble() > 0, o.toString());
        // each process's JIT time per task: the reasoner's JVM's from jvm_compilation_time_ms_total
        assertTrue(o.get("platform").get("process_jit_ms_per_task").asDouble() >= 0, o.toString());
        assertTrue(o.get("engine").get("process_jit_ms_per_task").asDouble() >= 0, o.toString());
    }

    private Path writePng(long seed) throws Exception {
        Path image = tmp.resolve("bench-" + seed + ".png");
        Files.write(image, TestPlatform.png(seed));
        return image;
    }

    /**
     * Runs the CLI in this JVM; its exit code must be 0. Returns the JSON objects it printed: the platform's
     * services share this JVM's standard output, so their log records (ECS JSON, with {@code @timestamp}) are
     * left out.
     */
    private static List<JsonNode> jsonLines(String... args) {
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int exit;
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            exit = SightlineCli.commandLine().execute(args);
        } finally {
            System.setOut(old);
        }
        String out = buf.toString(StandardCharsets.UTF_8);
        assertEquals(0, exit, out);
        List<String> lines = out.lines().filter(l -> !l.isBlank()).toList();
        for (String l : lines) {
            assertTrue(l.startsWith("{"), "not a JSON object: " + l);
        }
        return lines.stream()
                .map(JSON::readTree)
                .filter(o -> !o.has("@timestamp"))
                .toList();
    }
}
