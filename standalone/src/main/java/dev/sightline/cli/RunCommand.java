package dev.sightline.cli;

import dev.sightline.latent.bundle.ModelBundle;
import dev.sightline.latent.sampling.SamplingParams;
import dev.sightline.latent.session.EngineOptions;
import dev.sightline.latent.session.Mode;
import dev.sightline.latent.session.ReasoningEngine;
import dev.sightline.latent.session.SessionRequest;
import dev.sightline.latent.session.SessionResult;
import dev.sightline.latent.session.Step;
import dev.sightline.latent.vision.ImageFrames;
import dev.sightline.latent.vision.VisualTokens;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

@Command(name = "run", description = "Run one task in-process and print its steps.")
final class RunCommand implements Callable<Integer> {
    /** The shipped model, relative to the checkout the launcher runs from ({@code -Dsightline.home}). */
    static final Path SHIPPED_MODEL = Path.of(System.getProperty("sightline.home", "."), "models", "sightline-tiny");

    @Option(names = "--model", description = "bundle directory (default: models/sightline-tiny when present)")
    Path model;

    @Option(names = "--image", description = "a frame (PNG or JPEG); repeat for several views")
    List<Path> images = new ArrayList<>();

    @Option(
            names = "--mode",
            defaultValue = "latent",
            description = "text, latent, mixed or auto (default: ${DEFAULT-VALUE}, as the gateway)")
    String mode;

    @Option(
            names = "--latent-steps",
            defaultValue = "4",
            description = "K, latent steps per segment (default: ${DEFAULT-VALUE})")
    int latentSteps;

    @Option(
            names = "--latent-before-each-step",
            negatable = true,
            description = "force the latent segments where the model was trained to have them (its config.json's"
                    + " latent_schedule: before every CoT step, VaLR's, or once, LVR's; default: on"
                    + " in latent and mixed mode, as the gateway does)")
    Boolean latentBeforeEachStep;

    @Option(
            names = "--max-tokens",
            defaultValue = "256",
            description = "limit on sampled tokens, control tokens included (default: ${DEFAULT-VALUE})")
    int maxTokens;

    @Option(names = "--seed", defaultValue = "0", description = "sampling seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--temperature", defaultValue = "0", description = "0 is greedy (default: ${DEFAULT-VALUE})")
    double temperature;

    @Option(names = "--top-k", defaultValue = "0", description = "0 keeps all (default: ${DEFAULT-VALUE})")
    int topK;

    @Option(names = "--top-p", defaultValue = "1", description = "1 keeps all (default: ${DEFAULT-VALUE})")
    double topP;

    @Option(names = "--prompt-ids", split = ",", description = "raw prompt token ids instead of a question")
    int[] promptIds;

    @Option(
            names = "--choices",
            split = ",",
            description = "guided choice: the answer is one of these (e.g. left,right); the reasoning stays free")
    List<String> choices = new ArrayList<>();

    @Option(names = "--json", description = "one JSON object per line per step")
    boolean json;

    @Parameters(arity = "0..1", description = "the question")
    String question;

    @Override
    public Integer call() {
        Path dir = model != null ? model : SHIPPED_MODEL;
        if (model == null && !Files.isDirectory(dir)) {
            throw new IllegalArgumentException("no --model given and no shipped model at " + SHIPPED_MODEL);
        }
        if (question == null && promptIds == null) {
            throw new IllegalArgumentException("give a question or --prompt-ids");
        }
        if (question != null && question.isBlank() && promptIds == null) {
            throw new IllegalArgumentException("the question is empty");
        }
        Mode m = Mode.parse(mode);
        try (ModelBundle bundle = ModelBundle.load(dir);
                ReasoningEngine engine = new ReasoningEngine(bundle, EngineOptions.defaults())) {
            VisualTokens visual = null;
            if (!images.isEmpty()) {
                if (engine.vision() == null) {
                    throw new IllegalArgumentException(dir + " has no vision tower; run it without --image");
                }
                List<BufferedImage> frames = new ArrayList<>();
                for (Path p : images) {
                    frames.add(ImageFrames.read(p));
                }
                visual = engine.vision().encode(frames);
            }
            var request = new SessionRequest(
                    "cli",
                    question,
                    promptIds,
                    visual,
                    m,
                    latentSteps,
                    latentBeforeEachStep != null ? latentBeforeEachStep : m.latentBeforeEachStepByDefault(),
                    maxTokens,
                    new SamplingParams(temperature, topK, topP, seed),
                    choices);
            JsonMapper mapper = JsonMapper.builder().build();
            SessionResult result = engine.run(
                    request,
                    step -> System.out.println(
                            json
                                    ? mapper.writeValueAsString(
                                            toJson(mapper, step, bundle.config().hiddenSize()))
                                    : toLine(step)));
            if (result.status() != SessionResult.Status.COMPLETED) {
                System.err.println("error: task " + result.status().name().toLowerCase() + ": " + result.error());
                return 1;
            }
            if (!json) {
                var u = result.usage();
                System.err.printf(
                        "done: %s, %d prompt positions, %d text tokens, %d latent steps, %d sketches%s, %.0f ms%n",
                        result.finishReason(),
                        u.promptTokens(),
                        u.textTokens(),
                        u.latentSteps(),
                        u.sketches(),
                        result.degraded() ? ", degraded" : "",
                        u.ms());
            }
            return 0;
        }
    }

    static ObjectNode toJson(JsonMapper mapper, Step s, int hiddenSize) {
        ObjectNode o = mapper.createObjectNode();
        o.put("seq", s.seq());
        o.put("kind", s.kind().name());
        switch (s.kind()) {
            case TEXT, ANSWER -> {
                o.put("text", s.text());
                var ids = o.putArray("token_ids");
                Arrays.stream(s.tokenIds()).forEach(ids::add);
                if (s.finishReason() != null) {
                    o.put("finish_reason", s.finishReason());
                }
            }
            case LATENT -> {
                o.put("segment", s.segment());
                o.put("index", s.index());
                o.put("norm", s.latent().norm());
                var patches = o.putArray("patches");
                Arrays.stream(s.latent().patches()).forEach(patches::add);
                var tokens = o.putArray("closest_tokens");
                Arrays.stream(s.latent().tokens()).forEach(tokens::add);
                var texts = o.putArray("closest_token_texts");
                s.latent().tokenTexts().forEach(texts::add);
            }
            case SKETCH -> {
                o.put("segment", s.segment());
                float[] latents = s.sketchLatents();
                o.put("num_latents", latents.length / hiddenSize);
                double sq = 0;
                for (float v : latents) {
                    sq += (double) v * v;
                }
                o.put("rms", Math.sqrt(sq / Math.max(1, latents.length)));
            }
            case SKETCH_SKIPPED -> {
                o.put("segment", s.segment());
                o.put("text", s.text());
            }
        }
        o.put("ms", Math.round(s.ms() * 1000) / 1000.0);
        return o;
    }

    static String toLine(Step s) {
        return switch (s.kind()) {
            case TEXT -> String.format("%3d TEXT    %s", s.seq(), s.text().strip());
            case LATENT ->
                String.format(
                        "%3d LATENT  segment %d step %d  |h|=%.2f  patches %s  near %s",
                        s.seq(),
                        s.segment(),
                        s.index(),
                        s.latent().norm(),
                        Arrays.toString(s.latent().patches()),
                        s.latent().tokenTexts());
            case SKETCH ->
                String.format("%3d SKETCH  segment %d  %d floats", s.seq(), s.segment(), s.sketchLatents().length);
            case SKETCH_SKIPPED -> String.format("%3d SKETCH_SKIPPED  %s", s.seq(), s.text());
            case ANSWER ->
                String.format("%3d ANSWER  %s  (%s)", s.seq(), s.text().strip(), s.finishReason());
        };
    }
}
