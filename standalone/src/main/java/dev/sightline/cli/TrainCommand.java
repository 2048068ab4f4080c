package dev.sightline.cli;

import dev.sightline.latent.bundle.LatentKeyBias;
import dev.sightline.latent.bundle.LatentPositions;
import dev.sightline.latent.bundle.LatentSchedule;
import dev.sightline.latent.preset.Preset;
import dev.sightline.spatial.dataset.SceneOptions;
import dev.sightline.spatial.dataset.Split;
import dev.sightline.spatial.question.Chains;
import dev.sightline.trainer.LatentStepsBy;
import dev.sightline.trainer.LvrTarget;
import dev.sightline.trainer.Recipe;
import dev.sightline.trainer.TrainOptions;
import dev.sightline.trainer.Trainer;
import dev.sightline.trainer.data.SpatialScenesSource;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "train", description = "Train a model bundle on SpatialScenes with one recipe (resumable).")
final class TrainCommand implements Callable<Integer> {
    @Option(names = "--preset", defaultValue = "tiny", description = "tiny or small (default: ${DEFAULT-VALUE})")
    String preset;

    @Option(names = "--recipe", required = true, description = "vanilla, latent-noalign, valr, lvr or mixed")
    String recipe;

    @Option(names = "--out", required = true, description = "run directory: checkpoint/ and the final bundle")
    Path out;

    @Option(names = "--minutes", defaultValue = "30", description = "wall-time budget (default: ${DEFAULT-VALUE})")
    double minutes;

    @Option(names = "--steps", defaultValue = "0", description = "fixed optimizer steps instead of a time budget")
    long steps;

    @Option(
            names = "--seed",
            defaultValue = "0",
            description = "initialization and data seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--resume", description = "continue from DIR/checkpoint after a kill")
    boolean resume;

    @Option(
            names = "--latent-steps",
            split = ",",
            defaultValue = "4",
            description =
                    "K during stage 2; a list (1,4,9,16) draws one per optimizer step (default: ${DEFAULT-VALUE})")
    List<Integer> latentSteps;

    @Option(
            names = "--latent-steps-by",
            defaultValue = "draw",
            description = "how stage 2 picks each sample's K from --latent-steps: draw (one seeded draw per optimizer"
                    + " step) or objects (by the scene's object count, 2 to 6 spread over the list in order, so a"
                    + " more crowded scene gets a larger latent budget; with 1,4,9,16: 2 objects 1, 3 4, 4 and 5 9,"
                    + " 6 16) (default: ${DEFAULT-VALUE})")
    String latentStepsBy;

    @Option(
            names = "--lvr-target",
            defaultValue = "region",
            description = "what LVR's reconstruction pulls the latents towards: region (the visual tokens of the"
                    + " objects the step is about, LVR's target) or map (the scene's top-down map, area-pooled onto"
                    + " a sqrt(K) x sqrt(K) grid over the table: a layout the view does not show directly) or pyramid"
                    + " (the same map coarse to fine: latent 0 the whole table, 1-4 its 2 x 2 cells, 5-13 its 3 x 3,"
                    + " and so on, the same targets whatever K)"
                    + " (default: ${DEFAULT-VALUE})")
    String lvrTarget;

    @Option(
            names = "--views",
            split = ",",
            defaultValue = "4",
            description = "views per training sample, 1 to 4; a list (1,2,3,4) draws one per sample, so the model"
                    + " learns one frame as well as several (default: ${DEFAULT-VALUE})")
    List<Integer> views;

    @Option(
            names = "--chains",
            defaultValue = "decimal",
            description = "how the chains of thought state positions and compute: decimal (\"The red cube is at"
                    + " x = 1.2, z = -0.4.\", the distance in one step) or grid (\"The red cube is in column 4, row"
                    + " 3.\", then one small integer step at a time) (default: ${DEFAULT-VALUE})")
    String chains;

    @Option(
            names = "--grounding-share",
            defaultValue = "0",
            description = "share of training samples that are grounding drills (\"Which has the smallest x: the red"
                    + " cube or the blue ball?\", answered by locating each object first), 0 to 1"
                    + " (default: ${DEFAULT-VALUE})")
    double groundingShare;

    @Option(
            names = "--grounding-weight",
            defaultValue = "0",
            description = "lambda of the grounding loss: one attention head is pulled onto the boxes of the objects"
                    + " each chain-of-thought step mentions, at the step's text (stages 1 and 2) and at the latent"
                    + " steps before it (stage 2); 0 turns it off (default: ${DEFAULT-VALUE})")
    double groundingWeight;

    @Option(
            names = "--locate-weight",
            defaultValue = "0",
            description = "lambda of stage 1's position readout: where the chain is about to write an object's"
                    + " position, a linear map trained with the model must read it from the hidden state; 0 turns"
                    + " it off (default: ${DEFAULT-VALUE})")
    double locateWeight;

    @Option(
            names = "--copy-weight",
            defaultValue = "0",
            description = "lambda of the copy loss: where the chain writes a name the question gave (\"the red cone\"),"
                    + " one attention head is pulled onto the question's token it copies, wherever a sample trains"
                    + " as plain SFT; 0 turns it off (default: ${DEFAULT-VALUE})")
    double copyWeight;

    @Option(
            names = "--align-layer",
            defaultValue = "middle",
            description = "block the alignment reads: early, middle, late or an index (default: ${DEFAULT-VALUE})")
    String alignLayer;

    @Option(
            names = "--teachers",
            split = ",",
            defaultValue = "geometry,semantic",
            description = "alignment teachers: geometry, semantic, learned (default: ${DEFAULT-VALUE})")
    List<String> teachers;

    @Option(
            names = "--vision-steps",
            defaultValue = "" + TrainOptions.DEFAULT_VISION_STEPS,
            description = "stage 0: steps of 16 images pretraining the vision tower on the per-patch targets"
                    + " before stage 1, inside the budget; 0 skips it (default: ${DEFAULT-VALUE})")
    int visionSteps;

    @Option(
            names = "--stage1-share",
            defaultValue = "0.5",
            description =
                    "share of the budget (time or steps) a latent recipe spends in stage 1 (default: ${DEFAULT-VALUE})")
    double stage1Share;

    @Option(
            names = "--stage2-lr-scale",
            defaultValue = "0.5",
            description = "stage 2's peak learning rate as a share of --lr; its projectors psi learn at 10 times"
                    + " stage 2's rate (default: ${DEFAULT-VALUE})")
    double stage2LrScale;

    @Option(
            names = "--stage2-text-share",
            defaultValue = "0",
            description = "share of stage 2's samples (drawn by a hash of the index) that train as in stage 1,"
                    + " without latents, so what stage 1 taught keeps its gradient (default: ${DEFAULT-VALUE})")
    double stage2TextShare;

    @Option(
            names = "--latent-schedule",
            defaultValue = "each-step",
            description = "where stage 2 puts the latent segments: each-step (before every chain-of-thought step and"
                    + " the answer, VaLR's), before-answer (once, after the chain, LVR's), before-chain (once,"
                    + " after the prompt: the chain and the answer read it) or before-conclusion (once, before the"
                    + " chain's last line, opened by the model itself); the bundle records it and"
                    + " serving forces the segments there (default: ${DEFAULT-VALUE})")
    String latentSchedule;

    @Option(
            names = "--latent-key-bias",
            defaultValue = "none",
            description = "what each latent step's key adds to the attention scores it gets: none, or neg-log-k"
                    + " (-ln K on each of a K-long segment's keys, so that the segment's share of attention does"
                    + " not grow with K); the bundle records it and serving applies it (default: ${DEFAULT-VALUE})")
    String latentKeyBias;

    @Option(
            names = "--latent-positions",
            defaultValue = "distinct",
            description = "which rotary positions a segment's latent steps take: distinct (one each) or shared (every"
                    + " step its segment's first, so what follows sits as far from the prompt whatever K); the bundle"
                    + " records it and serving applies it (default: ${DEFAULT-VALUE})")
    String latentPositions;

    @Option(
            names = "--stage1-from",
            description = "start stage 2 from RUN/stage1 of an earlier latent run with the same seed")
    Path stage1From;

    @Option(
            names = "--lr",
            defaultValue = "" + TrainOptions.DEFAULT_LR,
            description = "peak learning rate of stage 1; stage 2 scales it down (default: ${DEFAULT-VALUE})")
    double lr;

    @Option(
            names = "--batch",
            defaultValue = "" + TrainOptions.DEFAULT_BATCH,
            description = "samples per optimizer step (default: ${DEFAULT-VALUE})")
    int batch;

    @Option(
            names = "--vision-lr-scale",
            defaultValue = "" + TrainOptions.DEFAULT_VISION_LR_SCALE,
            description = "the vision tower's learning rate in stages 1 and 2, relative to the backbone's; 0 freezes"
                    + " it after stage 0 (default: ${DEFAULT-VALUE}; 1 lets the language loss collapse it)")
    double visionLrScale;

    @Option(
            names = "--vision-projector-lr-scale",
            defaultValue = "0",
            description = "with the tower frozen, its projector's learning rate relative to the backbone's (LLaVA:"
                    + " a fixed encoder, a trained interface); 0 freezes it too (default: ${DEFAULT-VALUE})")
    double visionProjectorLrScale;

    @Option(
            names = "--align-weight",
            defaultValue = "" + TrainOptions.DEFAULT_ALIGN_WEIGHT,
            description = "lambda of VaLR's alignment loss (valr, mixed); 0 turns it off (default: ${DEFAULT-VALUE})")
    double alignWeight;

    @Option(
            names = "--lvr-weight",
            defaultValue = "" + TrainOptions.DEFAULT_LVR_WEIGHT,
            description = "lambda of LVR's reconstruction loss (lvr); 0 turns it off (default: ${DEFAULT-VALUE})")
    double lvrWeight;

    @Option(
            names = "--sketch-weight",
            defaultValue = "" + TrainOptions.DEFAULT_SKETCH_WEIGHT,
            description = "lambda of the sketch diffusion loss (mixed); 0 turns it off (default: ${DEFAULT-VALUE})")
    double sketchWeight;

    @Override
    public Integer call() throws Exception {
        Preset p = Preset.parse(preset);
        Recipe r = Recipe.parse(recipe);
        if (minutes <= 0 && steps <= 0) {
            throw new IllegalArgumentException("give --minutes > 0 or --steps > 0");
        }
        if (!(lr > 0) || batch < 1) {
            throw new IllegalArgumentException("--lr must be > 0 and --batch >= 1, got " + lr + " and " + batch);
        }
        TrainOptions o = TrainOptions.builder(p, r, out)
                .minutes(minutes)
                .steps(steps)
                .seed(seed)
                .lr(lr)
                .batch(batch)
                .latentSteps(latentSteps)
                .latentStepsBy(LatentStepsBy.parse(latentStepsBy))
                .lvrTarget(LvrTarget.parse(lvrTarget))
                .alignLayer(alignLayer(alignLayer))
                .teachers(teachers)
                .stage1Fraction(stage1Share)
                .stage2LrScale(stage2LrScale)
                .stage2TextShare(stage2TextShare)
                .latentSchedule(LatentSchedule.parse(latentSchedule))
                .latentKeyBias(LatentKeyBias.parse(latentKeyBias))
                .latentPositions(LatentPositions.parse(latentPositions))
                .visionSteps(visionSteps)
                .visionLrScale(visionLrScale)
                .visionProjectorLrScale(visionProjectorLrScale)
                .stage1From(stage1From)
                .weights(alignWeight, lvrWeight, sketchWeight)
                .views(views)
                .groundingShare(groundingShare)
                .groundingWeight(groundingWeight)
                .locateWeight(locateWeight)
                .copyWeight(copyWeight)
                .chains(Chains.parse(chains))
                .resume(resume)
                .build();
        SceneOptions scenes =
                SpatialScenesSource.scenesFor(p.config(0).vision()).withChains(o.chains());
        new Trainer(o, new SpatialScenesSource(Split.TRAIN, scenes, o.views(), o.groundingShare()), System.err).run();
        return 0;
    }

    static int alignLayer(String s) {
        return switch (s.trim().toLowerCase(Locale.ROOT)) {
            case "early" -> 0;
            case "middle" -> TrainOptions.MIDDLE;
            case "late" -> TrainOptions.LATE;
            default -> {
                try {
                    yield Integer.parseInt(s.trim());
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(
                            "--align-layer: expected early, middle, late or a block index, got \"" + s + "\"");
                }
            }
        };
    }
}
