package dev.sightline.trainer;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import dev.sightline.latent.bundle.BundleException;
import dev.sightline.latent.bundle.ModelBundle;
import dev.sightline.latent.bundle.Safetensors;
import dev.sightline.latent.preset.ModelInitializer;
import dev.sightline.latent.text.LanguageModel;
import dev.sightline.latent.vision.VisionEncoder;
import dev.sightline.trainer.align.AlignmentProjectors;
import dev.sightline.trainer.checkpoint.TrainerState;
import dev.sightline.trainer.data.SampleSource;
import dev.sightline.trainer.optim.AdamW;
import dev.sightline.trainer.optim.LearningRate;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Trains a model bundle with one {@link Recipe}: stage 1 plain CoT SFT, stage 2 (latent recipes) latent
 * segments before every CoT step, optionally aligned to the teachers, at a lower learning rate with a
 * faster one for the projectors psi. AdamW, warm-up and cosine decay per stage, global gradient clipping.
 *
 * <p>Resumable: every two minutes and at each stage's end it writes {@code out/checkpoint/} (weights,
 * optimizer moments, psi, {@link TrainerState} last) through a temporary directory, so a killed run
 * restarts from the last whole checkpoint with {@code resume}. The final bundle is written to {@code out/}
 * in float16.
 */
public final class Trainer {
    /** How a run ended. */
    public record Result(Path bundle, long steps, double seconds, double lastLoss) {}

    private static final double CHECKPOINT_EVERY_S = 120;
    private static final double PROGRESS_EVERY_S = 10;

    private final TrainOptions o;
    private final SampleSource data;
    private final PrintStream log;
    /** Test hook: checkpoint and stop after this many steps of this invocation, as a kill right after a save. */
    long stopAfterSteps = Long.MAX_VALUE;

    /** Thrown inside a run to end it early after a checkpoint. */
    private static final class Stopped extends RuntimeException {
        Stopped() {
            super(null, null, false, false);
        }
    }

    public Trainer(TrainOptions options, SampleSource data, PrintStream log) {
        this.o = options;
        this.data = data;
        this.log = log;
    }

    public Result run() throws IOException {
        Path checkpoint = o.out().resolve("checkpoint");
        Path previous = o.out().resolve("checkpoint.old");
        if (!Files.isRegularFile(checkpoint.resolve(TrainerState.FILE))
                && Files.isRegularFile(previous.resolve(TrainerState.FILE))) {
            // Killed between retiring the old checkpoint and promoting the new one: the old one is whole.
            deleteTree(checkpoint);
            Files.move(previous, checkpoint);
        }
        if (o.resume() && !Files.isRegularFile(checkpoint.resolve(TrainerState.FILE))) {
            throw new IllegalArgumentException("--resume: no checkpoint in " + checkpoint);
        }
        boolean resuming = o.resume();
        TrainerState state;
        Path from;
        if (resuming) {
            state = TrainerState.read(checkpoint);
            if (!state.recipe().equals(o.recipe().wireName()) || state.seed() != o.seed()) {
                throw new IllegalArgumentException(checkpoint + " is a " + state.recipe() + " run with seed "
                        + state.seed() + "; resume it with the same --recipe and --seed");
            }
            from = checkpoint;
            log.printf("resuming %s at step %d (stage %d)%n", checkpoint, state.step(), state.stage());
        } else {
            from = o.out().resolve("init");
            deleteTree(from);
            ModelInitializer.write(o.preset(), o.seed(), from, data.corpus());
            state = new TrainerState(0, 1, 0, 0, 0, o.recipe().wireName(), o.seed());
        }
        try (ModelBundle bundle = ModelBundle.load(from);
                LanguageModel model = LanguageModel.trainable(bundle);
                AlignmentProjectors psi = o.recipe().alignment()
                        ? new AlignmentProjectors(
                                bundle.manager(), bundle.config().hiddenSize(), data.teacherDims(), o.seed())
                        : null) {
            Map<String, NDArray> backbone = new LinkedHashMap<>();
            // The sketch head has no loss in these recipes: it gets no gradient, so it is not optimized.
            bundle.weights().forEach((name, w) -> {
                if (!name.startsWith("sketch_head.")) {
                    backbone.put(name, w);
                }
            });
            try (AdamW opt = new AdamW(
                            bundle.manager(),
                            List.of(new AdamW.Group("backbone", backbone, 1, true)),
                            0.9,
                            0.95,
                            1e-8,
                            o.weightDecay());
                    AdamW psiOpt = psi == null
                            ? null
                            : new AdamW(
                                    bundle.manager(),
                                    List.of(new AdamW.Group("psi", psi.parameters(), 1, true)),
                                    0.9,
                                    0.95,
                                    1e-8,
                                    o.weightDecay())) {
                if (resuming) {
                    // Saved moments and psi are copied in, then their arrays freed with the sub-manager.
                    try (NDManager saved = bundle.manager().newSubManager()) {
                        opt.restore(Safetensors.read(checkpoint.resolve("optimizer.safetensors"), saved), state.step());
                        if (psi != null && Files.exists(checkpoint.resolve("align.safetensors"))) {
                            Map<String, NDArray> weights =
                                    Safetensors.read(checkpoint.resolve("align.safetensors"), saved);
                            psi.parameters().forEach((k, p) -> p.set(new NDIndex("..."), weights.get(k)));
                            psiOpt.restore(
                                    Safetensors.read(checkpoint.resolve("align_optimizer.safetensors"), saved),
                                    Math.max(0, state.step() - state.stage1Steps()));
                        }
                    }
                }
                int layers = bundle.config().numHiddenLayers();
                if (o.alignLayer() < -1 || o.alignLayer() >= layers) {
                    throw new IllegalArgumentException(
                            "--align-layer must be -1 (middle) or 0.." + (layers - 1) + ", got " + o.alignLayer());
                }
                int layer = o.alignLayer() >= 0 ? o.alignLayer() : layers / 2;
                SampleLoss loss = new SampleLoss(bundle, model, new VisionEncoder(bundle), psi, layer, o.alignWeight());
                Run run = new Run(bundle, loss, opt, psiOpt, psi, checkpoint, state);
                try {
                    run.stage(1);
                    if (o.recipe().latents()) {
                        run.stage(2);
                    }
                } catch (Stopped stopped) {
                    return new Result(checkpoint, run.state.step(), run.state.seconds(), run.lastLoss);
                }
                bundle.save(o.out(), DataType.FLOAT16);
                log.printf(
                        "done: %d steps in %.1f min; bundle written to %s%n",
                        run.state.step(), run.state.seconds() / 60, o.out());
                return new Result(o.out(), run.state.step(), run.state.seconds(), run.lastLoss);
            }
        }
    }

    /** The mutable part of a run. */
    private final class Run {
        final ModelBundle bundle;
        final SampleLoss loss;
        final AdamW opt;
        final AdamW psiOpt;
        final AlignmentProjectors psi;
        final Path checkpoint;
        TrainerState state;
        double lastLoss = Double.NaN;
        long startNanos = System.nanoTime();
        double secondsAtStart;
        double lastCheckpoint;
        double lastProgress;
        long stepsThisRun;

        Run(
                ModelBundle bundle,
                SampleLoss loss,
                AdamW opt,
                AdamW psiOpt,
                AlignmentProjectors psi,
                Path checkpoint,
                TrainerState state) {
            this.bundle = bundle;
            this.loss = loss;
            this.opt = opt;
            this.psiOpt = psiOpt;
            this.psi = psi;
            this.checkpoint = checkpoint;
            this.state = state;
            this.secondsAtStart = state.seconds();
            this.lastCheckpoint = secondsAtStart;
            this.lastProgress = secondsAtStart;
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
            double stageSeconds = o.minutes() * 60 * share;
            double peak = stage == 1 ? o.lr() : o.lr() * o.stage2LrScale();
            if (planned == 0 && o.steps() > 0) {
                planned = Math.max(1, Math.round(o.steps() * share));
            }
            double stageBegan = seconds();
            long enteredAt = state.step() - stageStart;
            long calibration = 2;
            while (true) {
                long inStage = state.step() - stageStart;
                // Calibrate on steps timed in this invocation: a resumed run re-measures.
                if (planned == 0 && inStage - enteredAt == calibration) {
                    double perStep = (seconds() - stageBegan) / calibration;
                    planned = Math.max(calibration + 1, (long) (stageSeconds / perStep));
                    log.printf(
                            "stage %d: %.2f s per step, planning %d steps for %.1f min%n",
                            stage, perStep, planned, stageSeconds / 60);
                }
                if (planned > 0 && inStage >= planned) {
                    break;
                }
                long horizon = planned > 0 ? planned : calibration + 1;
                // A fixed warm-up, so the rate does not jump when a time-budgeted stage fixes its length.
                long warmup = o.steps() > 0 ? Math.min(20, Math.max(1, horizon / 10)) : 20;
                LearningRate schedule = new LearningRate(peak, warmup, Math.max(horizon, warmup + 1), 0.1);
                double lr = schedule.at(inStage);
                step(stage, lr);
                state = new TrainerState(
                        state.step() + 1,
                        stage,
                        stage == 1 ? Math.max(planned, 0) : state.stage1Steps(),
                        stage == 2 ? Math.max(planned, 0) : 0,
                        seconds(),
                        state.recipe(),
                        state.seed());
                progress(stage, planned, inStage + 1, lr);
                if (seconds() - lastCheckpoint > CHECKPOINT_EVERY_S) {
                    checkpoint();
                }
                if (++stepsThisRun >= stopAfterSteps) {
                    checkpoint();
                    throw new Stopped();
                }
            }
            state = new TrainerState(
                    state.step(),
                    stage + 1,
                    stage == 1 ? planned : state.stage1Steps(),
                    stage == 2 ? planned : 0,
                    seconds(),
                    state.recipe(),
                    state.seed());
            checkpoint();
        }

        double ce;
        double align;
        double gradNorm;
        long skipped;

        void step(int stage, double lr) {
            ce = 0;
            align = 0;
            double total = 0;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                for (int i = 0; i < o.batch(); i++) {
                    var sample = data.sample(state.step() * o.batch() + i);
                    try (NDScope ignored = new NDScope()) {
                        SampleLoss.Parts parts =
                                stage == 1 ? loss.plain(sample) : loss.withLatents(sample, o.latentSteps());
                        gc.backward(parts.total().div((float) o.batch()));
                        ce += parts.ce() / o.batch();
                        align += parts.alignment() / o.batch();
                        total += parts.value() / o.batch();
                    }
                }
            }
            if (!Double.isFinite(total)) {
                throw new IllegalStateException(
                        "loss became " + total + " at step " + state.step() + "; lower --lr or check the data");
            }
            gradNorm = opt.clipGradients(o.clip());
            boolean withPsi = stage == 2 && psiOpt != null;
            double psiNorm = withPsi ? psiOpt.clipGradients(o.clip()) : 0;
            if (Double.isFinite(gradNorm) && Double.isFinite(psiNorm)) {
                opt.step(lr);
                if (withPsi) {
                    psiOpt.step(lr * o.projectorLrScale());
                }
            } else {
                // An overflowing backward through a long latent chain happens; one bad batch must not
                // poison the weights (clipping an infinite norm would turn every gradient into NaN).
                opt.zeroGradients();
                if (withPsi) {
                    psiOpt.zeroGradients();
                }
                skipped++;
                log.printf(
                        "step %d: gradient norm %s, update skipped (%d skipped so far)%n",
                        state.step() + 1, gradNorm, skipped);
            }
            lastLoss = total;
        }

        void progress(int stage, long planned, long inStage, double lr) {
            double now = seconds();
            boolean first = stepsThisRun == 0;
            if (!first && now - lastProgress < PROGRESS_EVERY_S && !(planned > 0 && inStage == planned)) {
                return;
            }
            lastProgress = now;
            double rate = (state.step() * o.batch()) / Math.max(1e-9, now);
            String eta = planned > 0
                    ? String.format(
                            "%.1f min left in stage", (planned - inStage) * (now / Math.max(1, state.step())) / 60)
                    : "calibrating";
            log.printf(
                    "step %d (stage %d: %d/%s) loss %.4f ce %.4f%s lr %.2e |g| %.2f %.1f samples/s %s%n",
                    state.step(),
                    stage,
                    inStage,
                    planned > 0 ? Long.toString(planned) : "?",
                    lastLoss,
                    ce,
                    o.recipe().alignment() && stage == 2 ? String.format(" align %.4f", align) : "",
                    lr,
                    gradNorm,
                    rate,
                    eta);
        }

        void checkpoint() throws IOException {
            Path tmp = o.out().resolve("checkpoint.tmp");
            deleteTree(tmp);
            bundle.save(tmp, DataType.FLOAT32);
            Safetensors.write(tmp.resolve("optimizer.safetensors"), opt.state());
            if (psi != null) {
                Safetensors.write(tmp.resolve("align.safetensors"), psi.parameters());
                Safetensors.write(tmp.resolve("align_optimizer.safetensors"), psiOpt.state());
            }
            state.write(tmp);
            // Retire, promote, delete: at every instant one whole checkpoint exists (see run()).
            Path previous = o.out().resolve("checkpoint.old");
            deleteTree(previous);
            if (Files.exists(checkpoint)) {
                Files.move(checkpoint, previous);
            }
            Files.move(tmp, checkpoint);
            deleteTree(previous);
            lastCheckpoint = seconds();
        }
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (var files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new BundleException(dir + ": cannot delete: " + e.getMessage(), e);
        }
    }
}
