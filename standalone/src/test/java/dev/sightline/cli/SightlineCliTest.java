package dev.sightline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The documented command formats: init-model writes a bundle, run --json prints one object per step. */
class SightlineCliTest {
    @TempDir
    static Path tmp;

    static Path model;

    @BeforeAll
    static void initModel() {
        model = tmp.resolve("tiny");
        assertEquals(
                0,
                SightlineCli.commandLine()
                        .execute("init-model", "--preset", "tiny", "--out", model.toString(), "--seed", "3"));
        for (String f : List.of("config.json", "model.safetensors", "tokenizer.json", "generation_config.json")) {
            assertTrue(Files.isRegularFile(model.resolve(f)), f);
        }
    }

    @Test
    void runJsonPrintsOneObjectPerStepWithTheDocumentedFields() throws Exception {
        Path image = tmp.resolve("frame.png");
        var img = new java.awt.image.BufferedImage(40, 30, java.awt.image.BufferedImage.TYPE_INT_RGB);
        img.setRGB(3, 4, 0xff0000);
        javax.imageio.ImageIO.write(img, "png", image.toFile());
        String out = capture(() -> SightlineCli.commandLine()
                .execute(
                        "run",
                        "--model",
                        model.toString(),
                        "--image",
                        image.toString(),
                        "--image",
                        image.toString(),
                        "--mode",
                        "latent",
                        "--latent-steps",
                        "3",
                        "--latent-before-each-step",
                        "--max-tokens",
                        "6",
                        "--json",
                        "Is the red cube left of the sphere?"));
        JsonMapper json = JsonMapper.builder().build();
        List<String> lines = out.lines().toList();
        int latents = 0;
        for (int i = 0; i < lines.size(); i++) {
            JsonNode step = json.readTree(lines.get(i));
            assertEquals(i, step.path("seq").asInt());
            assertTrue(step.has("ms"));
            switch (step.path("kind").asString()) {
                case "TEXT", "ANSWER" -> {
                    assertTrue(step.has("text"));
                    assertTrue(step.path("token_ids").isArray());
                }
                case "LATENT" -> {
                    assertEquals(latents++, step.path("index").asInt());
                    assertEquals(0, step.path("segment").asInt());
                }
                default -> throw new AssertionError("unexpected step " + step);
            }
        }
        assertEquals(3, latents);
        assertEquals(
                "ANSWER",
                json.readTree(lines.get(lines.size() - 1)).path("kind").asString());
    }

    @Test
    void latentModeForcesASegmentBeforeTheFirstStepByDefaultAsTheGatewayDoes() throws Exception {
        String out = capture(() -> SightlineCli.commandLine()
                .execute(
                        "run",
                        "--model",
                        model.toString(),
                        "--mode",
                        "latent",
                        "--latent-steps",
                        "2",
                        "--max-tokens",
                        "4",
                        "--json",
                        "Is the red cube left of the sphere?"));
        JsonMapper json = JsonMapper.builder().build();
        List<String> lines = out.lines().toList();
        assertEquals("LATENT", json.readTree(lines.get(0)).path("kind").asString(), out);
        assertEquals("LATENT", json.readTree(lines.get(1)).path("kind").asString(), out);
    }

    @Test
    void badInputIsAShortErrorAndExitCode2() {
        StringWriter err = new StringWriter();
        var cli = SightlineCli.commandLine();
        cli.setErr(new PrintWriter(err));
        assertEquals(2, cli.execute("run", "--model", model.toString(), "--mode", "sideways", "q"));
        assertTrue(err.toString().contains("unknown mode"), err.toString());
        assertEquals(2, cli.execute("run", "--model", tmp.resolve("nope").toString(), "q"));
        assertTrue(err.toString().contains("not a model directory"), err.toString());
        assertEquals(
                2,
                cli.execute(
                        "run",
                        "--model",
                        model.toString(),
                        "--image",
                        model.resolve("config.json").toString(),
                        "q"));
        assertTrue(err.toString().contains("not a PNG or JPEG"), err.toString());
        assertEquals(
                2, cli.execute("serve", "--env-file", tmp.resolve("infra.env").toString()));
        assertTrue(err.toString().contains("--env-file only goes with --infra-only"), err.toString());
        assertEquals(
                2,
                cli.execute("bench", "platform", "--gateway", "http://127.0.0.1:1", "--api-key", "k", "--tasks", "1"));
        assertTrue(err.toString().contains("no gateway at http://127.0.0.1:1"), err.toString());
        assertEquals(2, cli.execute("eval", "--model", model.toString(), "--given-positions", "noise"));
        assertTrue(err.toString().contains("--given-positions must be gold or random"), err.toString());
        assertEquals(
                2,
                cli.execute(
                        "eval", "--model", model.toString(), "--given-positions", "gold", "--modes", "text,latent"));
        assertTrue(err.toString().contains("--given-positions needs --modes text"), err.toString());
    }

    private static String capture(Runnable r) {
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            r.run();
        } finally {
            System.setOut(old);
        }
        return buf.toString(StandardCharsets.UTF_8);
    }
}
