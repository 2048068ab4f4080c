package dev.sightline.trainer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import dev.sightline.latent.bundle.ModelBundle;
import dev.sightline.latent.bundle.Safetensors;
import dev.sightline.latent.vision.VisionEncoder;
import dev.sightline.trainer.checkpoint.TrainerState;
import dev.sightline.trainer.data.SampleSource;
import dev.sightline.trainer.optim.AdamW;
import dev.sightline.trainer.optim.LearningRate;
import dev.sightline.trainer.vision.VisualDiversity;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * One invocation of a {@link Trainer} run, from its starting {@link TrainerState} on: the stage loop (planning a
 * time-budgeted stage's length, warm-up and cosine decay), one optimizer step over a batch of samples with
 * clipping and spike skipping, the progress line and checkpoints (retire, promote, delete: one whole checkpoint
 * exists at every instant). Owns none of its arrays: the trainer closes the bundle, optimizers and
 * the parameters trained alongside.
 */
final class TrainingRun {
    static final String STAGE2_OPTIMIZER = "stage2_optimizer.safetensors";
    private static final double CHECKPOINT_EVERY_S = 120;
    private static final double PROGRESS_EVERY_S = 10;
    /** A gradient norm this many times the running average (checkpointed) is a spike: the update is skipped. */
    private static final double SPIKE_FACTOR = 50;

    /** Thrown inside a run to end it early after a checkpoint (the kill/resume test's hook). */
    static final class Stopped extends RuntimeException {
        Stopped() {
            super(null, null, false, false);
        }
    }

    private final TrainOptions o;
    private final SampleSource data;
    private final PrintStream log;
    private final long stopAfterSteps;
    private final ModelBundle bundle;
    private final SampleLoss loss;
    private final AdamW opt;
    private final AdamW stage2Opt;
    /** Parameters trained with the model and not shipped (psi, the position readout), by checkpoint file. */
    private final Map<String, Map<String, NDArray>> alongside;

    private final Path checkpoint;
    private final VisualDiversity diversity;
    private boolean frozenReported;
    TrainerState state;
    double lastLoss = Double.NaN;
    private long startNanos = System.nanoTime();
    private double secondsAtStart;
    private double lastCheckpoint;
    private double lastProgress;
    /** Where this invocation entered the current stage: its clock and its step within the stage. */
    private double stageClockFrom;

    private long stageClockSteps;
    private long stepsThisRun;

    TrainingRun(
            TrainOptions o,
            SampleSource data,
            PrintStream log,
            long stopAfterSteps,
            ModelBundle bundle,
            SampleLoss loss,
            AdamW opt,
            AdamW stage2Opt,
            Map<String, Map<String, NDArray>> alongside,
            Path checkpoint,
            TrainerState state) {
        this.diversity =
                new VisualDiversity(new VisionEncoder(bundle), data.sample(0).frames());
        this.o = o;
        this.data = data;
        this.log = log;
        this.stopAfterSteps = stopAfterSteps;
        this.bundle = bundle;
        this.loss = loss;
        this.opt = opt;
        this.stage2Opt = stage2Opt;
        this.alongside = alongside;
        this.checkpoint = checkpoint;
        this.state = state;
        this.secondsAtStart = state.seconds();
        this.lastCheckpoint = secondsAtStart;
        this.lastProgress = secondsAtStart;
        this.typicalNorm = state.typicalGradNorm();
        this.screen = new SampleScreen(SPIKE_FACTOR, log, state.sampleNorms());
        this.batchScreen = new SampleScreen(SPIKE_FACTOR, log, state.batchNorms());
        this.gradients = new BatchGradients(o, data, loss, log, screen, batchScreen);
    }

    double seconds() {
        return secondsAtStart + (System.nanoTime() - startNanos) / 1e9;
    }

    void stage(int stage) throws IOException {
        if (state.stage() > stage) {
            return;
        }
        long stageStart = stage == 1 ? 0 : state.stage1Steps();
        long planned = stage == 1 ? state.stage1Steps() : state.stage2Steps();
        double share = stage == 1 ? o.stage1Share() : 1 - o.stage1Share();
        // stage 0 (vision pretraining) came out of the budget first; the stages split what it left
        double stageSeconds = (o.minutes() * 60 - state.visionSeconds()) * share;
        double peak = stage == 1 ? o.lr() : o.lr() * o.stage2LrScale();
        if (planned == 0 && o.steps() > 0) {
            planned = Math.max(1, Math.round(o.steps() * share));
        }
        long enteredAt = state.step() - stageStart;
        // A stage resumed after a kill keeps the clock it began on, so its plan counts the time already spent; a
        // checkpoint from before that clock was kept says NaN.
        boolean clockLost = enteredAt > 0 && Double.isNaN(state.stageBegan());
        double stageBegan = enteredAt > 0 && !clockLost ? state.stageBegan() : seconds();
        stageClockFrom = seconds();
        stageClockSteps = enteredAt;
        if (enteredAt == 0 && stage == 2) {
            // Stage 2's loss has gradients of another size than plain SFT's (measured: ~0.6 at the end of stage
            // 1, ~50 at the start of stage 2); judged by stage 1's norms, every stage-2 step looked like a spike
            // and, since skipped steps did not move the average, kept looking like one. Its own average starts
            // from its first finite step.
            typicalNorm = 0;
        }
        // Without its clock, a re-plan would count from the resume and could stretch the stage to a whole share
        // again: the checkpoint's planned length stands (calibrated afresh if it has none).
        boolean budgeted = o.steps() == 0 && !(clockLost && planned > 0);
        StagePlanner planner = new StagePlanner(stage, planned, budgeted, stageSeconds, stageBegan, enteredAt, log);
        while (true) {
            long inStage = state.step() - stageStart;
            planned = planner.beforeStep(inStage, seconds());
            if (planned > 0 && inStage >= planned) {
                break;
            }
            long horizon = planned > 0 ? planned : StagePlanner.CALIBRATION + 1;
            // A fixed warm-up, so the rate does not jump when a time-budgeted stage fixes its length.
            long warmup = o.steps() > 0 ? Math.min(20, Math.max(1, horizon / 10)) : 20;
            LearningRate schedule = new LearningRate(peak, warmup, Math.max(horizon, warmup + 1), 0.1);
            double lr = schedule.at(inStage);
            step(stage, lr);
            state = state(state.step() + 1, stage, stage, planned, stageBegan);
            progress(stage, planned, inStage + 1, lr);
            if (seconds() - lastCheckpoint > CHECKPOINT_EVERY_S) {
                checkpoint();
            }
            if (++stepsThisRun >= stopAfterSteps) {
                checkpoint();
                throw new Stopped();
            }
        }
        state = state(state.step(), stage + 1, stage, planned, seconds()); // the next stage begins now
        checkpoint();
        if (stage == 1 && o.recipe().latents()) {
            // Every latent recipe of this seed has this very stage 1: keep it for --stage1-from.
            Path stage1 = o.out().resolve("stage1");
            Trainer.deleteTree(stage1);
            Trainer.copyTree(checkpoint, stage1);
        }
    }

    /**
     * Where the run stands at {@code step}, in stage {@code atStage}, with {@code stage}'s length {@code planned}
     * (0 while unplanned) and the clock {@code stageBegan} of the stage it is in.
     */
    private TrainerState state(long step, int atStage, int stage, long planned, double stageBegan) {
        return new TrainerState(
                step,
                atStage,
                stage == 1 ? planned : state.stage1Steps(),
                stage == 2 ? planned : 0,
                seconds(),
                state.recipe(),
                state.seed(),
                typicalNorm,
                state.visionSeconds(),
                stageBegan,
                screen.norms(),
                batchScreen.norms());
    }

    private double ce;
    private double align;
    private double lvr;
    private double sketch;
    private double grounding;
    private double locate;
    private double copy;
    private double gradNorm;
    private double typicalNorm;
    private long skipped;
    /** Stage 2's per-sample gradient check; its window of recent norms travels in the checkpoint. */
    private final SampleScreen screen;
    /** Stage 2's check of each padded batch (its window travels in the checkpoint too). */
    private final SampleScreen batchScreen;

    private final BatchGradients gradients;

    void step(int stage, double lr) {
        boolean withExtras = stage == 2 && stage2Opt != null;
        BatchGradients.Means means = gradients.accumulate(state.step(), stage, opt, withExtras ? stage2Opt : null);
        ce = means.ce();
        align = means.alignment();
        lvr = means.reconstruction();
        sketch = means.sketch();
        grounding = means.grounding();
        locate = means.locate();
        copy = means.copy();
        double total = means.total();
        boolean nothingKept = stage == 2 && means.kept() == 0;
        if (!Double.isFinite(total)) {
            throw new IllegalStateException(
                    "loss became " + total + " at step " + state.step() + "; lower --lr or check the data");
        }
        gradNorm = opt.clipGradients(o.clip());
        double extrasNorm = withExtras ? stage2Opt.clipGradients(o.clip()) : 0;
        // A spike far above the recent norms is one sample's gradient blowing up through the latent chain
        // (seen: 1e5 to 1e19 against a usual 2 to 10); clipping would keep its direction at full step size.
        boolean spike = typicalNorm > 0 && gradNorm > SPIKE_FACTOR * typicalNorm;
        if (Double.isFinite(gradNorm) && Double.isFinite(extrasNorm) && !spike && !nothingKept) {
            typicalNorm = typicalNorm == 0 ? gradNorm : 0.9 * typicalNorm + 0.1 * gradNorm;
            opt.step(lr);
            if (withExtras) {
                stage2Opt.step(lr);
            }
        } else {
            // An overflowing backward through a long latent chain happens; one bad batch must not
            // poison the weights (clipping an infinite norm would turn every gradient into NaN).
            opt.zeroGradients();
            if (withExtras) {
                stage2Opt.zeroGradients();
            }
            if (Double.isFinite(gradNorm) && typicalNorm > 0 && !nothingKept) {
                // nudged up (at most 10 % a step) so that a lasting shift in scale is followed, not skipped forever
                typicalNorm = 0.9 * typicalNorm + 0.1 * Math.min(gradNorm, 2 * typicalNorm);
            }
            skipped++;
            log.printf(
                    "step %d: %s, update skipped (%d skipped so far)%n",
                    state.step() + 1, nothingKept ? "every sample dropped" : "gradient norm " + gradNorm, skipped);
        }
        // a batch whose every sample was dropped has no loss to show; the last one stands
        lastLoss = nothingKept ? lastLoss : total;
    }

    void progress(int stage, long planned, long inStage, double lr) {
        double now = seconds();
        boolean first = stepsThisRun == 0;
        if (!first && now - lastProgress < PROGRESS_EVERY_S && !(planned > 0 && inStage == planned)) {
            return;
        }
        lastProgress = now;
        // This stage's pace in this invocation: a stage-2 step costs several stage-1 steps, so a whole-run
        // average would report stage 1's rate and a far too early end for stage 2.
        long stepsTimed = Math.max(1, inStage - stageClockSteps);
        double perStep = (now - stageClockFrom) / stepsTimed;
        double rate = o.batch() / Math.max(1e-9, perStep);
        String eta = planned > 0
                ? String.format("%.1f min left in stage", (planned - inStage) * perStep / 60)
                : "calibrating";
        if (o.steps() == 0) {
            // a time-budgeted run ends with its budget, whatever the later stages cost per step
            eta += String.format(", %.1f min left in run", Math.max(0, o.minutes() * 60 - now) / 60);
        }
        log.printf(
                "step %d (stage %d: %d/%s) loss %.4f ce %.4f%s lr %.2e |g| %.2f %.1f samples/s %s%n",
                state.step(),
                stage,
                inStage,
                planned > 0 ? Long.toString(planned) : "?",
                lastLoss,
                ce,
                auxiliaryTerms(stage),
                lr,
                gradNorm,
                rate,
                eta);
    }

    /** The auxiliary losses this stage and recipe have, for the progress line. */
    String auxiliaryTerms(int stage) {
        if (stage != 2) {
            return (o.groundingWeight() > 0 ? String.format(" ground %.4f", grounding) : "")
                    + (o.locateWeight() > 0 ? String.format(" locate %.4f", locate) : "")
                    + (o.copyWeight() > 0 ? String.format(" copy %.4f", copy) : "");
        }
        Recipe r = o.recipe();
        return (r.alignment() ? String.format(" align %.4f", align) : "")
                + (r.reconstruction() ? String.format(" lvr %.4f", lvr) : "")
                + (r.sketch() ? String.format(" sketch %.4f", sketch) : "")
                + (o.groundingWeight() > 0 ? String.format(" ground %.4f", grounding) : "");
    }

    void checkpoint() throws IOException {
        Path tmp = o.out().resolve("checkpoint.tmp");
        Trainer.deleteTree(tmp);
        bundle.save(tmp, DataType.FLOAT32);
        Safetensors.write(tmp.resolve("optimizer.safetensors"), opt.state());
        for (var file : alongside.entrySet()) {
            Safetensors.write(tmp.resolve(file.getKey()), file.getValue());
        }
        if (stage2Opt != null) {
            Safetensors.write(tmp.resolve(STAGE2_OPTIMIZER), stage2Opt.state());
        }
        o.settings().write(tmp);
        state.write(tmp);
        // A tower frozen for stages 1 and 2 cannot change its tokens: one line says so instead of a repeat per
        // checkpoint (stages only advance, so once frozen it stays frozen).
        if (!frozenReported) {
            boolean frozen = state.stage() >= 1 && o.visionLrScale() == 0 && o.visionProjectorLrScale() == 0;
            log.println(diversity.report() + (frozen ? " (vision tower frozen from here: not measured again)" : ""));
            frozenReported = frozen;
        }
        // Retire, promote, delete: at every instant one whole checkpoint exists (see run()).
        Path previous = o.out().resolve("checkpoint.old");
        Trainer.deleteTree(previous);
        if (Files.exists(checkpoint)) {
            Files.move(checkpoint, previous);
        }
        Files.move(tmp, checkpoint);
        Trainer.deleteTree(previous);
        lastCheckpoint = seconds();
    }
}
