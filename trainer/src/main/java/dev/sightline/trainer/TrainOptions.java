package dev.sightline.trainer;

import dev.sightline.latent.bundle.LatentKeyBias;
import dev.sightline.latent.bundle.LatentPositions;
import dev.sightline.latent.bundle.LatentSchedule;
import dev.sightline.latent.preset.Preset;
import dev.sightline.spatial.question.Chains;
import dev.sightline.spatial.scene.SceneRules;
import dev.sightline.trainer.checkpoint.RunSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Everything a training run depends on. With {@code steps == 0} the budget is {@code minutes} of wall time,
 * split between the stages by {@code stage1Fraction}; each stage measures its first steps and fixes its
 * step count (saved, so a resumed run keeps it). Pass {@code steps} for a run that is reproducible across
 * machines. Build with {@link #builder}, whose defaults are the documented ones (docs/training.md).
 *
 * @param batch samples per optimizer step (stage 1 accumulates them one at a time, stage 2 runs them as one
 *     padded batch)
 * @param projectorLrScale psi's learning rate relative to the stage-2 backbone rate (VaLR trains psi faster)
 * @param latentSteps the K values of stage 2; each step draws one for all its samples (seeded by the step),
 *     so a model trained on {@code 1,4,9,16} has seen every budget the K sweep evaluates and a padded batch
 *     pads no latent steps (unless {@code latentStepsBy} picks K by the scene)
 * @param latentStepsBy how stage 2 picks a sample's K from {@code latentSteps} ({@code --latent-steps-by}): the
 *     step's draw, or by its scene's object count ({@link #latentStepsFor(long, int)})
 * @param lvrTarget what LVR's reconstruction pulls the latents towards ({@code --lvr-target}): the step's region
 *     or the scene's top-down map
 * @param alignLayer block whose output the alignment reads: {@code 0..L-1}, {@link #MIDDLE} or {@link #LATE}
 * @param teachers the alignment targets: {@code geometry}, {@code semantic} (from scene ground truth) and
 *     {@code learned} (a small network trained from pixels first, then frozen)
 * @param alignWeight lambda of VaLR's alignment loss (recipes {@code valr} and {@code mixed}; 0 turns it off)
 * @param lvrWeight lambda of LVR's reconstruction loss (recipe {@code lvr}; 0 turns it off)
 * @param sketchWeight lambda of the sketch diffusion loss (recipe {@code mixed}; 0 turns it off)
 * @param stage1From a finished stage 1 of the same seed and preset ({@code RUN/stage1}) to start stage 2
 *     from instead of training stage 1 again, or {@code null}
 * @param stage2TextShare the share of stage 2's samples that train as stage 1's do, without latents
 *     ({@code --stage2-text-share}, 0 to 1): what the model learnt to write in stage 1 keeps its gradient
 * @param latentSchedule where stage 2 puts the latent segments ({@code --latent-schedule}): before every CoT step
 *     (VaLR's), or once (LVR's: before the answer, the chain or the chain's last line); written to the bundle's
 *     {@code config.json} so that serving forces them there
 * @param latentPositions which rotary positions a segment's latent steps take ({@code --latent-positions}; written
 *     to the bundle's {@code config.json})
 * @param latentKeyBias what each latent step's key adds to the attention scores it gets ({@code
 *     --latent-key-bias}; written to the bundle's {@code config.json}, which serving reads it from)
 * @param visionSteps steps of stage 0, the vision tower's pretraining before stage 1 (0: none); inside the
 *     time budget
 * @param visionProjectorLrScale with the rest of the tower frozen ({@code visionLrScale} 0), the rate of its
 *     projector ({@code visual.projector.*}, the map from ViT features to the language model's width) relative to
 *     the backbone's; 0 freezes it too. LLaVA's recipe: the encoder stays fixed, the interface learns
 * @param visionLrScale the vision tower's ({@code visual.*}) learning rate in stages 1 and 2 relative to the
 *     backbone's; 0 freezes it (no gradient is computed for it)
 * @param views the view counts training samples draw from ({@code --views})
 * @param groundingShare the share of training samples that are grounding drills rather than family questions
 *     ({@code --grounding-share}, 0 to 1; see {@code dev.sightline.spatial.question.Grounding})
 * @param groundingWeight lambda of the grounding loss ({@code --grounding-weight}; 0 turns it off): one
 *     attention head is pulled onto the boxes of the objects a CoT step mentions, at the step's text in stage 1
 *     and at the latent steps before it in stage 2
 * @param locateWeight lambda of the position readout's loss in stage 1 ({@code --locate-weight}; 0 turns it
 *     off): where the chain is about to write an object's position, a learned linear map must read it from the
 *     hidden state ({@code dev.sightline.trainer.grounding.PositionReadout})
 * @param copyWeight lambda of the copy loss wherever a sample is trained as plain SFT ({@code --copy-weight}; 0
 *     turns it off): where the chain writes a name the question gave, one attention head is pulled onto the
 *     question's token it copies ({@code CopyPointers})
 * @param chains how the training chains state positions and compute ({@code --chains}: decimal or grid)
 */
public record TrainOptions(
        Preset preset,
        Recipe recipe,
        Path out,
        double minutes,
        long steps,
        long seed,
        boolean resume,
        int batch,
        double lr,
        double stage2LrScale,
        double projectorLrScale,
        double weightDecay,
        double clip,
        List<Integer> latentSteps,
        LatentStepsBy latentStepsBy,
        LvrTarget lvrTarget,
        int alignLayer,
        double alignWeight,
        List<String> teachers,
        double lvrWeight,
        double sketchWeight,
        double stage1Fraction,
        Path stage1From,
        double stage2TextShare,
        LatentSchedule latentSchedule,
        LatentKeyBias latentKeyBias,
        LatentPositions latentPositions,
        int visionSteps,
        double visionLrScale,
        double visionProjectorLrScale,
        List<Integer> views,
        double groundingShare,
        double groundingWeight,
        double locateWeight,
        double copyWeight,
        Chains chains) {

    /**
     * Stage 0 on by default (600 steps, ~200-320 s of the tiny preset on two cores): with the tower frozen after
     * it ({@link #DEFAULT_VISION_LR_SCALE}) it is all the seeing a model learns (docs/training.md, "Stage 0").
     * After 300 steps the tokens over an object's patches gave its x at R² 0.19, after 600 at 0.97.
     */
    public static final int DEFAULT_VISION_STEPS = 600;

    /** Samples per optimizer step. */
    public static final int DEFAULT_BATCH = 8;

    /** Peak learning rate of stage 1 (stage 2 runs at {@code stage2LrScale} of it). */
    public static final double DEFAULT_LR = 1e-3;

    /**
     * The vision tower is frozen after stage 0. Trained by the language loss at the backbone's rate (every run
     * before 2026-12-02), it collapsed within 40 steps to one vector for every patch of every image: the models
     * were blind (docs/training.md, "Stage 0").
     */
    public static final double DEFAULT_VISION_LR_SCALE = 0;

    /** VaLR's lambda (the paper's default). */
    public static final double DEFAULT_ALIGN_WEIGHT = 0.5;
    /** LVR's reconstruction lambda. */
    public static final double DEFAULT_LVR_WEIGHT = 0.1;
    /** The sketch diffusion loss's lambda. */
    public static final double DEFAULT_SKETCH_WEIGHT = 1.0;

    /** {@code alignLayer}: the middle block, {@code L / 2}. */
    public static final int MIDDLE = -1;
    /** {@code alignLayer}: the last block, {@code L - 1}. */
    public static final int LATE = -2;

    public TrainOptions {
        latentSteps = List.copyOf(latentSteps);
        teachers = List.copyOf(teachers);
        views = List.copyOf(views);
        Objects.requireNonNull(chains, "chains");
        Objects.requireNonNull(latentStepsBy, "latentStepsBy");
        Objects.requireNonNull(lvrTarget, "lvrTarget");
        if (views.isEmpty() || views.stream().anyMatch(v -> v < 1 || v > 4)) {
            throw new IllegalArgumentException("--views must be a list of 1 to 4, got " + views);
        }
        if (!(groundingShare >= 0 && groundingShare <= 1)) {
            throw new IllegalArgumentException("--grounding-share must be between 0 and 1, got " + groundingShare);
        }
        requireWeight("--grounding-weight", groundingWeight);
        requireWeight("--locate-weight", locateWeight);
        requireWeight("--copy-weight", copyWeight);
        if (chains == Chains.GRID && groundingShare > 0) {
            // the drills ask and answer in decimal positions ("x = 1.2"), which a grid chain never states
            throw new IllegalArgumentException(
                    "--grounding-share works on decimal chains; --chains grid states squares, not x and z");
        }
        if (!(visionLrScale >= 0)) {
            throw new IllegalArgumentException("--vision-lr-scale must be >= 0, got " + visionLrScale);
        }
        if (!(visionProjectorLrScale >= 0) || (visionProjectorLrScale > 0 && visionLrScale > 0)) {
            throw new IllegalArgumentException("--vision-projector-lr-scale must be >= 0, and is for a frozen tower"
                    + " (--vision-lr-scale 0; a trained tower trains its projector with it), got "
                    + visionProjectorLrScale);
        }
        Objects.requireNonNull(latentSchedule, "latentSchedule");
        Objects.requireNonNull(latentKeyBias, "latentKeyBias");
        Objects.requireNonNull(latentPositions, "latentPositions");
        if (latentSchedule == LatentSchedule.BEFORE_ANSWER && recipe.sketch()) {
            // the sketch is drawn after the first segment, which this schedule puts after the chain
            throw new IllegalArgumentException("--latent-schedule before-answer has no sketch step; the "
                    + recipe.wireName() + " recipe draws one after the first segment before a CoT step");
        }
        if (!(stage2TextShare >= 0 && stage2TextShare < 1)) {
            throw new IllegalArgumentException(
                    "--stage2-text-share must be at least 0 and below 1, got " + stage2TextShare);
        }
        if (!(stage2LrScale > 0) || Double.isInfinite(stage2LrScale)) {
            throw new IllegalArgumentException("--stage2-lr-scale must be finite and > 0, got " + stage2LrScale);
        }
        requireWeight("--align-weight", alignWeight);
        requireWeight("--lvr-weight", lvrWeight);
        if (lvrTarget == LvrTarget.MAP
                && recipe.reconstruction()
                && lvrWeight > 0
                && !latentSteps.stream().allMatch(GridPooling::square)) {
            // latent i is cell i of a √K × √K grid over the table
            throw new IllegalArgumentException(
                    "--lvr-target map lays the latents out as a square grid: --latent-steps must be squares (1, 4, 9,"
                            + " 16, ...), got " + latentSteps);
        }
        requireWeight("--sketch-weight", sketchWeight);
        if (latentSteps.isEmpty() || latentSteps.stream().anyMatch(k -> k < 1 || k > 64)) {
            throw new IllegalArgumentException("latent steps must be 1..64, got " + latentSteps);
        }
        for (String t : teachers) {
            if (!List.of("geometry", "semantic", "learned").contains(t)) {
                throw new IllegalArgumentException(
                        "unknown teacher \"" + t + "\" (expected geometry, semantic or learned)");
            }
        }
    }

    private static void requireWeight(String option, double weight) {
        if (!(weight >= 0) || Double.isInfinite(weight)) {
            throw new IllegalArgumentException(option + " must be finite and >= 0, got " + weight);
        }
    }

    public static TrainOptionsBuilder builder(Preset preset, Recipe recipe, Path out) {
        return new TrainOptionsBuilder(preset, recipe, out);
    }

    /** What a checkpoint of this run records of its options, and a resume must match. */
    public RunSettings settings() {
        return new RunSettings(
                lr,
                batch,
                visionLrScale,
                visionProjectorLrScale,
                new RunSettings.Stage2(
                        latentSteps,
                        alignLayer,
                        teachers,
                        alignWeight,
                        lvrWeight,
                        sketchWeight,
                        stage1Fraction,
                        stage2LrScale,
                        stage2TextShare,
                        latentSchedule,
                        latentStepsBy,
                        lvrTarget,
                        latentKeyBias,
                        latentPositions),
                views,
                groundingShare,
                groundingWeight,
                locateWeight,
                copyWeight,
                chains);
    }

    /** Share of the budget for plain CoT SFT: all of it for the vanilla control. */
    public double stage1Share() {
        return recipe.latents() ? stage1Fraction : 1.0;
    }

    /** The block the alignment reads in a model of {@code layers} blocks. */
    public int alignLayerOf(int layers) {
        int layer = alignLayer == MIDDLE ? layers / 2 : alignLayer == LATE ? layers - 1 : alignLayer;
        if (layer < 0 || layer >= layers) {
            throw new IllegalArgumentException(
                    "--align-layer must be early, middle, late or 0.." + (layers - 1) + ", got " + alignLayer);
        }
        return layer;
    }

    /**
     * Whether stage 2 trains sample {@code index} as stage 1 does ({@code --stage2-text-share}): a hash of the
     * index, independent of the one that picks the drills and of the step's K.
     */
    public boolean textInStage2(long index) {
        return stage2TextShare > 0
                && new SplittableRandom(index * 0x9E3779B97F4A7C15L + 0x2545F4914F6CDD1DL).nextDouble()
                        < stage2TextShare;
    }

    /**
     * K of the sample at {@code index}: a seeded draw from {@link #latentSteps}, one per optimizer step (every
     * sample of a step shares it). Mixed by SplittableRandom: the multiply-and-shift hash used before came in
     * runs of hundreds of samples with one K (a stage 2 could train on K = 16 alone for 40 steps).
     */
    public int latentStepsFor(long index) {
        long step = index / batch;
        return latentSteps.get(new SplittableRandom(seed ^ step * 0x9E3779B97F4A7C15L).nextInt(latentSteps.size()));
    }

    /**
     * K of the sample at {@code index} whose scene has {@code objects} objects: under {@link LatentStepsBy#DRAW},
     * or where the count is unknown (0), the step's draw ({@link #latentStepsFor(long)}); under
     * {@link LatentStepsBy#OBJECTS}, {@link #latentStepsForObjects}. A crowded scene has more objects to locate
     * and compare, so it gets a larger latent budget than a scene of two.
     */
    public int latentStepsFor(long index, int objects) {
        return latentStepsBy == LatentStepsBy.OBJECTS && objects > 0
                ? latentStepsForObjects(objects)
                : latentStepsFor(index);
    }

    /**
     * The K of {@link #latentSteps} that a scene of {@code objects} objects gets: training's range of counts
     * ({@link SceneRules#TRAINING}, 2 to 6) mapped linearly onto the list's positions, rounded half up and clamped,
     * so the fewest objects get the first K and the most the last (with {@code 1,4,9,16}: 2 objects 1, 3 objects
     * 4, 4 and 5 objects 9, 6 objects 16); the hard split's larger scenes get the last too.
     */
    public int latentStepsForObjects(int objects) {
        int min = SceneRules.TRAINING.minObjects();
        int span = SceneRules.TRAINING.maxObjects() - min;
        int last = latentSteps.size() - 1;
        if (span == 0 || last == 0) {
            return latentSteps.get(last);
        }
        // round((objects - min) * last / span) half up, in integers: floor((2a + b) / 2b)
        int i = Math.floorDiv(2 * (objects - min) * last + span, 2 * span);
        return latentSteps.get(Math.max(0, Math.min(last, i)));
    }
}
