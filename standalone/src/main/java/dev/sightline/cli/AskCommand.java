package dev.sightline.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

@Command(
        name = "ask",
        description =
                "Submits a task to a running platform's gateway; with --follow, streams its steps until the answer.")
final class AskCommand implements Callable<Integer> {
    @Option(
            names = "--gateway",
            defaultValue = "http://localhost:8080",
            description = "gateway URL (default: ${DEFAULT-VALUE})")
    String gateway;

    @Option(names = "--api-key", required = true, description = "API key (printed by `sightline serve`)")
    String apiKey;

    @Option(names = "--image", required = true, description = "PNG or JPEG frame; repeat for several frames")
    List<Path> images = new ArrayList<>();

    @Option(names = "--mode", description = "text, latent, mixed or auto (default: the gateway's, latent)")
    String mode;

    @Option(names = "--latent-steps", description = "K, latent steps per segment (0..64)")
    Integer latentSteps;

    @Option(names = "--max-tokens", description = "limit on sampled tokens")
    Integer maxTokens;

    @Option(names = "--seed", description = "sampling seed")
    Long seed;

    @Option(names = "--temperature", description = "0 is greedy")
    Double temperature;

    @Option(
            names = "--choices",
            split = ",",
            description = "guided choice: the answer is one of these (e.g. left,right); the reasoning stays free")
    java.util.List<String> choices;

    @Option(names = "--follow", description = "stream the steps until the answer")
    boolean follow;

    @Option(
            names = "--wait",
            description = "wait for the answer without streaming the steps (one request held with `Prefer: wait`)")
    boolean await;

    @Option(names = "--json", description = "print JSON: the task, or with --follow one object per event")
    boolean json;

    @Option(
            names = "--idempotency-key",
            description = "Idempotency-Key header: resubmitting the same request returns the same task")
    String idempotencyKey;

    @Parameters(index = "0", description = "the question")
    String question;

    @Override
    public Integer call() throws Exception {
        try (var client = new GatewayClient(gateway, apiKey)) {
            return ask(client);
        }
    }

    private int ask(GatewayClient client) throws Exception {
        ObjectNode body = client.json().createObjectNode();
        body.put("question", question);
        var frames = body.putArray("images");
        for (Path p : images) {
            if (!Files.isRegularFile(p)) {
                throw new IllegalArgumentException(p + ": no such file");
            }
            frames.add(Base64.getEncoder().encodeToString(Files.readAllBytes(p)));
        }
        if (mode != null) {
            body.put("mode", mode);
        }
        if (latentSteps != null) {
            body.put("latent_steps", latentSteps);
        }
        if (maxTokens != null) {
            body.put("max_tokens", maxTokens);
        }
        if (seed != null) {
            body.put("seed", seed);
        }
        if (temperature != null) {
            body.put("temperature", temperature);
        }
        if (choices != null && !choices.isEmpty()) {
            var array = body.putArray("choices");
            choices.forEach(array::add);
        }
        if (await && follow) {
            throw new IllegalArgumentException("--wait and --follow exclude each other: --follow waits too");
        }
        JsonNode task;
        try {
            task = await ? client.submitAndWait(body, idempotencyKey) : client.submit(body, idempotencyKey);
        } catch (GatewayClient.ProblemException e) {
            System.err.println("error: " + e.getMessage());
            return 2;
        } catch (java.net.ConnectException e) {
            System.err.println("error: " + GatewayClient.noGateway(gateway));
            return 2;
        }
        String id = task.get("id").asString();
        if (await) {
            return finished(client, task);
        }
        if (!follow) {
            System.out.println(
                    json
                            ? client.json().writeValueAsString(task)
                            : "task " + id + " " + task.get("status").asString());
            return 0;
        }
        if (!json) {
            System.err.println("task " + id + " submitted");
        }
        JsonNode result;
        try {
            result = client.follow(id, event -> {
                if (json) {
                    var o = client.json().createObjectNode();
                    o.put("event", event.name());
                    o.set("data", event.data());
                    System.out.println(client.json().writeValueAsString(o));
                } else if (event.name().equals("step")) {
                    System.out.println(line(event.data()));
                }
            });
        } catch (GatewayClient.ProblemException e) {
            System.err.println("error: " + e.getMessage());
            return 2;
        } catch (java.io.IOException e) {
            // the task goes on without us: say how to pick it up again
            System.err.println(
                    "error: " + e.getMessage() + "; the task keeps running: GET " + gateway + "/v1/tasks/" + id);
            return 2;
        }
        return json ? exitCode(result) : finished(client, result);
    }

    /** Prints the ended task (as JSON with {@code --json}); the exit code says whether it completed. */
    private int finished(GatewayClient client, JsonNode result) {
        String status = result.get("status").asString();
        if (json) {
            System.out.println(client.json().writeValueAsString(result));
        } else {
            System.out.println("status: " + status + (result.path("degraded").asBoolean() ? " (degraded)" : ""));
            if (result.hasNonNull("answer")) {
                System.out.println("answer: " + result.get("answer").asString().strip());
            }
            if (result.hasNonNull("error")) {
                System.out.println("error:  " + result.get("error").asString());
            }
        }
        return exitCode(result);
    }

    private static int exitCode(JsonNode result) {
        return result.get("status").asString().equals("COMPLETED") ? 0 : 1;
    }

    static String line(JsonNode s) {
        int seq = s.get("seq").asInt();
        String kind = s.get("kind").asString();
        return switch (kind) {
            case "TEXT", "ANSWER" ->
                String.format(
                        "%3d %-7s %s", seq, kind, s.path("text").asString("").strip());
            case "LATENT" ->
                String.format(
                        "%3d LATENT  segment %d step %d  |h|=%.2f  patches %s  near %s",
                        seq,
                        s.path("segment").asInt(),
                        s.path("index").asInt(),
                        s.path("norm").asDouble(),
                        s.path("patches"),
                        s.path("closest_token_texts"));
            case "SKETCH" ->
                String.format(
                        "%3d SKETCH  segment %d  %d latents, rms %.3f",
                        seq,
                        s.path("segment").asInt(),
                        s.path("num_latents").asInt(),
                        s.path("rms").asDouble());
            default -> String.format("%3d %s  %s", seq, kind, s.path("text").asString(""));
        };
    }
}
