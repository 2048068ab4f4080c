package dev.sightline.trainer;

import dev.sightline.latent.bundle.LatentKeyBias;
import dev.sightline.latent.bundle.LatentPositions;
import dev.sightline.latent.bundle.LatentSchedule;
import dev.sightline.latent.preset.Preset;
import dev.sightline.spatial.question.Chains;
import dev.sightline.trainer.checkpoint.RunSettings;
import java.nio.file.Path;
import java.util.List;

/** {@link TrainOptions}: defaults plus what the command line sets. */
public final class TrainOptionsBuilder {
    private final Preset preset;
    private final Recipe recipe;
    private final Path out;
    private double minutes = 30;
    private long steps;
    private long seed;
    private boolean resume;
    private int batch = TrainOptions.DEFAULT_BATCH;
    private double lr = TrainOptions.DEFAULT_LR;
    private List<Integer> latentSteps = List.of(4);
    private LatentStepsBy latentStepsBy = LatentStepsBy.DRAW;
    private LvrTarget lvrTarget = LvrTarget.REGION;
    private int alignLayer = TrainOptions.MIDDLE;
    private List<String> teachers = List.of("geometry", "semantic");
    private Path stage1From;
    private double stage1Fraction = 0.5;
    private double stage2LrScale = RunSettings.Stage2.DEFAULT_LR_SCALE;
    private double stage2TextShare;
    private LatentSchedule latentSchedule = LatentSchedule.EACH_STEP;
    private LatentKeyBias latentKeyBias = LatentKeyBias.NONE;
    private LatentPositions latentPositions = LatentPositions.DISTINCT;
    private int visionSteps = TrainOptions.DEFAULT_VISION_STEPS;
    private double visionLrScale = TrainOptions.DEFAULT_VISION_LR_SCALE;
    private double visionProjectorLrScale;
    private double alignWeight = TrainOptions.DEFAULT_ALIGN_WEIGHT;
    private double lvrWeight = TrainOptions.DEFAULT_LVR_WEIGHT;
    private double sketchWeight = TrainOptions.DEFAULT_SKETCH_WEIGHT;
    private List<Integer> views = List.of(4);
    private double groundingShare;
    private double groundingWeight;
    private double locateWeight;
    private double copyWeight;
    private Chains chains = Chains.DECIMAL;

    TrainOptionsBuilder(Preset preset, Recipe recipe, Path out) {
        this.preset = preset;
        this.recipe = recipe;
        this.out = out;
    }

    public TrainOptionsBuilder minutes(double minutes) {
        this.minutes = minutes;
        return this;
    }

    public TrainOptionsBuilder steps(long steps) {
        this.steps = steps;
        return this;
    }

    public TrainOptionsBuilder seed(long seed) {
        this.seed = seed;
        return this;
    }

    public TrainOptionsBuilder batch(int batch) {
        this.batch = batch;
        return this;
    }

    public TrainOptionsBuilder lr(double lr) {
        this.lr = lr;
        return this;
    }

    public TrainOptionsBuilder latentSteps(List<Integer> latentSteps) {
        this.latentSteps = latentSteps;
        return this;
    }

    /** How stage 2 picks a sample's K from the latent steps (default: one draw per optimizer step). */
    public TrainOptionsBuilder latentStepsBy(LatentStepsBy latentStepsBy) {
        this.latentStepsBy = latentStepsBy;
        return this;
    }

    /** What LVR's reconstruction pulls the latents towards (default: the step's region). */
    public TrainOptionsBuilder lvrTarget(LvrTarget lvrTarget) {
        this.lvrTarget = lvrTarget;
        return this;
    }

    public TrainOptionsBuilder alignLayer(int alignLayer) {
        this.alignLayer = alignLayer;
        return this;
    }

    public TrainOptionsBuilder teachers(List<String> teachers) {
        this.teachers = teachers;
        return this;
    }

    /**
     * Share of a time budget ({@code --minutes}) or of the steps ({@code --steps}) that stage 1 gets in a
     * latent recipe; stage 2 steps cost several times a stage-1 step, so a larger share buys a stronger
     * plain-CoT start at the price of fewer latent samples.
     */
    public TrainOptionsBuilder stage1Fraction(double stage1Fraction) {
        if (!(stage1Fraction > 0 && stage1Fraction < 1)) {
            throw new IllegalArgumentException(
                    "stage 1 share must be between 0 and 1 (exclusive), got " + stage1Fraction);
        }
        this.stage1Fraction = stage1Fraction;
        return this;
    }

    public TrainOptionsBuilder visionSteps(int visionSteps) {
        if (visionSteps < 0) {
            throw new IllegalArgumentException("vision steps must be >= 0, got " + visionSteps);
        }
        this.visionSteps = visionSteps;
        return this;
    }

    public TrainOptionsBuilder visionLrScale(double visionLrScale) {
        this.visionLrScale = visionLrScale;
        return this;
    }

    /** The recipe's loss weights (a weight of 0 switches that loss off). */
    public TrainOptionsBuilder weights(double align, double lvr, double sketch) {
        this.alignWeight = align;
        this.lvrWeight = lvr;
        this.sketchWeight = sketch;
        return this;
    }

    public TrainOptionsBuilder visionProjectorLrScale(double visionProjectorLrScale) {
        this.visionProjectorLrScale = visionProjectorLrScale;
        return this;
    }

    /** The view counts samples draw from (default {@code 4}). */
    public TrainOptionsBuilder views(List<Integer> views) {
        this.views = views;
        return this;
    }

    /** The share of samples that are grounding drills (default 0). */
    public TrainOptionsBuilder groundingShare(double groundingShare) {
        this.groundingShare = groundingShare;
        return this;
    }

    /** Lambda of stage 1's grounding loss (default 0: off). */
    public TrainOptionsBuilder groundingWeight(double groundingWeight) {
        this.groundingWeight = groundingWeight;
        return this;
    }

    /** Lambda of stage 1's position readout (default 0: off). */
    public TrainOptionsBuilder locateWeight(double locateWeight) {
        this.locateWeight = locateWeight;
        return this;
    }

    /** Lambda of the copy loss in plain SFT (default 0: off). */
    public TrainOptionsBuilder copyWeight(double copyWeight) {
        this.copyWeight = copyWeight;
        return this;
    }

    /** The chains' style (default decimal). */
    public TrainOptionsBuilder chains(Chains chains) {
        this.chains = chains;
        return this;
    }

    /** Continue the run from its checkpoint in {@code out} (default: start afresh). */
    public TrainOptionsBuilder resume(boolean resume) {
        this.resume = resume;
        return this;
    }

    /** Stage 2's peak learning rate as a share of stage 1's (default 0.5). */
    public TrainOptionsBuilder stage2LrScale(double stage2LrScale) {
        this.stage2LrScale = stage2LrScale;
        return this;
    }

    /** The share of stage 2's samples that train without latents, as in stage 1 (default 0). */
    public TrainOptionsBuilder stage2TextShare(double stage2TextShare) {
        this.stage2TextShare = stage2TextShare;
        return this;
    }

    /** Which rotary positions a segment's latent steps take (default: one each). */
    public TrainOptionsBuilder latentPositions(LatentPositions latentPositions) {
        this.latentPositions = latentPositions;
        return this;
    }

    /** What each latent step's key adds to the attention scores it gets (default: nothing). */
    public TrainOptionsBuilder latentKeyBias(LatentKeyBias latentKeyBias) {
        this.latentKeyBias = latentKeyBias;
        return this;
    }

    /** Where stage 2 puts the latent segments (default: before every CoT step, VaLR's schedule). */
    public TrainOptionsBuilder latentSchedule(LatentSchedule latentSchedule) {
        this.latentSchedule = latentSchedule;
        return this;
    }

    public TrainOptionsBuilder stage1From(Path stage1From) {
        this.stage1From = stage1From;
        return this;
    }

    public TrainOptions build() {
        return new TrainOptions(
                preset,
                recipe,
                out,
                minutes,
                steps,
                seed,
                resume,
                batch,
                lr,
                stage2LrScale,
                10,
                0.01,
                1.0,
                latentSteps,
                latentStepsBy,
                lvrTarget,
                alignLayer,
                alignWeight,
                teachers,
                lvrWeight,
                sketchWeight,
                stage1Fraction,
                stage1From,
                stage2TextShare,
                latentSchedule,
                latentKeyBias,
                latentPositions,
                visionSteps,
                visionLrScale,
                visionProjectorLrScale,
                views,
                groundingShare,
                groundingWeight,
                locateWeight,
                copyWeight,
                chains);
    }
}
