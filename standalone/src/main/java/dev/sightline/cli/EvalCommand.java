package dev.sightline.cli;

import dev.sightline.latent.bundle.ModelBundle;
import dev.sightline.latent.session.EngineOptions;
import dev.sightline.latent.session.Mode;
import dev.sightline.latent.session.ReasoningEngine;
import dev.sightline.spatial.dataset.SceneOptions;
import dev.sightline.spatial.dataset.Split;
import dev.sightline.spatial.question.Chains;
import dev.sightline.trainer.data.SpatialScenesSource;
import dev.sightline.trainer.data.TrainingSample;
import dev.sightline.trainer.eval.Evaluator;
import dev.sightline.trainer.eval.GivenPositions;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

@Command(name = "eval", description = "Accuracy per question family and mode on a SpatialScenes split.")
final class EvalCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, description = "bundle directory")
    Path model;

    @Option(names = "--split", defaultValue = "test", description = "test or hard (default: ${DEFAULT-VALUE})")
    String split;

    @Option(
            names = "--samples",
            defaultValue = "200",
            description = "first N samples of the split (default: ${DEFAULT-VALUE})")
    int samples;

    @Option(names = "--modes", split = ",", defaultValue = "text,latent", description = "text, latent, mixed, auto")
    List<String> modes;

    @Option(names = "--latent-steps", split = ",", defaultValue = "4", description = "K values for latent modes")
    List<Integer> latentSteps;

    @Option(
            names = "--max-tokens",
            description = "per answer, control tokens included (default: " + Evaluator.DEFAULT_MAX_TOKENS + ")")
    int maxTokens = Evaluator.DEFAULT_MAX_TOKENS;

    @Option(names = "--show-misses", defaultValue = "0", description = "print the first N wrong answers to stderr")
    int showMisses;

    @Option(
            names = "--guided-choice",
            description = "decode each answer among the question's closed set of answers (the chain of thought stays"
                    + " free); scores what the model chose, not how it spelled it")
    boolean guidedChoice;

    @Option(
            names = "--blindfold",
            description = "an ablation: every frame replaced by a uniform grey image of its size, so the score is"
                    + " what the model gets from the question alone")
    boolean blindfold;

    @Option(
            names = "--views",
            defaultValue = "4",
            description = "views per sample, 1 to 4 (default: ${DEFAULT-VALUE}, as the models train); with fewer than"
                    + " 2, appearance_order is not asked")
    int views;

    @Option(
            names = "--grounding",
            description = "ask grounding drills (family grounding: which named object has the smallest or largest"
                    + " x or z) about the split's scenes instead of the six families' questions: how well the model"
                    + " locates objects")
    boolean grounding;

    @Option(
            names = "--given-positions",
            description = "an ablation: the gold chain's lines up to its last position line are part of the prompt,"
                    + " with the true numbers (gold) or numbers drawn over the table (random), so the score is the"
                    + " model's reasoning from stated positions to the answer; with --modes text")
    String givenPositions;

    @Option(
            names = "--chains",
            defaultValue = "decimal",
            description = "the style of the split's gold chains, as train's --chains: only --given-positions reads"
                    + " them; grid also asks only questions whose square-level answer is exact, so report its"
                    + " scores apart (default: ${DEFAULT-VALUE})")
    String chains;

    @Option(names = "--json", description = "one JSON object per line")
    boolean json;

    @Override
    public Integer call() {
        Split s = Split.parse(split);
        if (samples < 1) {
            throw new IllegalArgumentException("--samples must be >= 1");
        }
        if (maxTokens < 1) {
            throw new IllegalArgumentException("--max-tokens must be >= 1");
        }
        GivenPositions given = givenPositions == null ? null : GivenPositions.parse(givenPositions);
        Chains style = Chains.parse(chains);
        if (given != null && modes.stream().map(Mode::parse).anyMatch(m -> m != Mode.TEXT)) {
            // a latent model meets the given lines without the latent segments it was trained to put before each
            // step: on 2026-12-05 that took a latent-noalign model from 39 % to 16-18 %, a score of the format
            throw new IllegalArgumentException(
                    "--given-positions needs --modes text: the given lines have no latent segments before them");
        }
        JsonMapper mapper = JsonMapper.builder().build();
        try (ModelBundle bundle = ModelBundle.load(model);
                ReasoningEngine engine = new ReasoningEngine(bundle, EngineOptions.defaults())) {
            if (engine.vision() == null) {
                throw new IllegalArgumentException(model + " has no vision tower: SpatialScenes needs images");
            }
            if (views < 1 || views > Math.min(4, engine.vision().config().maxFrames())) {
                throw new IllegalArgumentException("--views must be 1 to "
                        + Math.min(4, engine.vision().config().maxFrames()) + ", got " + views);
            }
            SceneOptions scenes = SpatialScenesSource.scenesFor(engine.vision().config(), views)
                    .withChains(style);
            List<TrainingSample> data =
                    new SpatialScenesSource(s, scenes, List.of(views), grounding ? 1 : 0).first(samples);
            if (blindfold) {
                data = data.stream().map(TrainingSample::blindfolded).toList();
            }
            if (given != null) {
                long withPositions = data.stream()
                        .filter(t -> GivenPositions.givenSteps(t) > 0)
                        .count();
                data = data.stream().map(t -> given.apply(t, 0)).toList();
                System.err.printf(
                        "%d of %d samples are given their %s position lines in the prompt%n",
                        withPositions, data.size(), givenPositions);
            }
            Evaluator evaluator = new Evaluator(engine, maxTokens, guidedChoice);
            // on stderr, so --json output stays one object per line
            System.err.printf(
                    "a uniform guess among each question's choices scores %.1f %% on these %d samples%n",
                    100 * Evaluator.guessRate(data), data.size());
            for (String name : modes) {
                Mode mode = Mode.parse(name);
                for (int k : mode == Mode.TEXT ? List.of(0) : latentSteps) {
                    if (!json) {
                        System.err.printf(
                                "evaluating %s, mode %s, K=%d on %d samples ...%n",
                                s.id(), mode.wireName(), k, samples);
                    }
                    List<Evaluator.Row> rows = evaluator.evaluate(s.id(), data, mode, k);
                    evaluator.misses().stream()
                            .limit(showMisses)
                            .forEach(miss -> System.err.printf(
                                    "miss %s: %s -> expected \"%s\", got \"%s\"%n  wrote: %s%n  gold:  %s%n",
                                    miss.id(),
                                    miss.question(),
                                    miss.expected(),
                                    miss.got(),
                                    miss.wrote().replace('\n', ' '),
                                    miss.gold()));
                    // stderr, as every line but the JSON ones; with the positions given there is nothing to locate
                    System.err.printf(
                            "%s, mode %s, K=%d: %s%n",
                            s.id(),
                            mode.wireName(),
                            k,
                            given != null
                                    ? "positions given, so no localization"
                                    : evaluator.localization().summary());
                    Evaluator.Row overall = rows.get(rows.size() - 1);
                    if (overall.cutShort() > 0) {
                        System.err.printf(
                                "warning: %s, mode %s, K=%d: %d of %d answers were cut short by --max-tokens %d or the"
                                        + " context length (counted as wrong)%n",
                                s.id(), mode.wireName(), k, overall.cutShort(), overall.n(), maxTokens);
                    }
                    for (Evaluator.Row row : rows) {
                        System.out.println(
                                json
                                        ? mapper.writeValueAsString(line(mapper, row))
                                        : String.format(
                                                "%-5s %-20s %-7s K=%-2d %6.1f%%  (n=%d%s)",
                                                row.split(),
                                                row.family(),
                                                row.mode(),
                                                row.latentSteps(),
                                                100 * row.accuracy(),
                                                row.n(),
                                                row.cutShort() > 0 ? ", " + row.cutShort() + " cut short" : ""));
                    }
                }
            }
        }
        return 0;
    }

    /**
     * One {@code --json} line: the six documented keys, then the ablations this run applied, each only when on,
     * so a line read out of its file still says what it scored.
     */
    ObjectNode line(JsonMapper mapper, Evaluator.Row row) {
        ObjectNode o = mapper.createObjectNode();
        o.put("split", row.split());
        o.put("family", row.family());
        o.put("mode", row.mode());
        o.put("latent_steps", row.latentSteps());
        o.put("accuracy", Math.round(row.accuracy() * 10000) / 10000.0);
        o.put("n", row.n());
        if (givenPositions != null) {
            o.put("given_positions", givenPositions);
        }
        if (guidedChoice) {
            o.put("guided_choice", true);
        }
        if (blindfold) {
            o.put("blindfold", true);
        }
        Chains style = Chains.parse(chains);
        if (style != Chains.DECIMAL) {
            o.put("chains", style.id());
        }
        return o;
    }
}
