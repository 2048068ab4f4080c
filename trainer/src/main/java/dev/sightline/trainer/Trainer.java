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
import dev.sightline.latent.sketch.DiffusionHead;
import dev.sightline.latent.text.LanguageModel;
import dev.sightline.latent.vision.VisionEncoder;
import dev.sightline.trainer.align.AlignmentProjectors;
import dev.sightline.trainer.align.LearnedTeacher;
import dev.sightline.trainer.checkpoint.TrainerState;
import dev.sightline.trainer.data.SampleSource;
import dev.sightline.trainer.data.TrainingSample;
import dev.sightline.trainer.optim.AdamW;
import dev.sightline.trainer.optim.LearningRate;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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

    private static final String STAGE2_OPTIMIZER = "stage2_optimizer.safetensors";
    /** Steps of 8 images that fit the learned teacher: about half a minute on two cores. */
    private static final int LEARNED_TEACHER_STEPS = 200;

    private final TrainOptions o;
    private final SampleSource data;
    private final PrintStream log;
    /** Test hook: checkpoint and stop after this many steps of this invocation, as a kill right after a save. */
    long stopAfterSteps = Long.MAX_VALUE;
    /** A gradient norm this many times the running average (checkpointed) is a spike: the update is skipped. */
    private static final double SPIKE_FACTOR = 50;

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
        if (!resuming && o.stage1From() != null) {
            startFromStage1(checkpoint);
            resuming = true;
        }
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
            state = new TrainerState(0, 1, 0, 0, 0, o.recipe().wireName(), o.seed(), 0);
        }
        Recipe r = o.recipe();
        try (ModelBundle bundle = ModelBundle.load(from);
                LanguageModel model = LanguageModel.trainable(bundle);
                LearnedTeacher learned = r.alignment() && o.teachers().contains(LearnedTeacher.NAME)
                        ? LearnedTeacher.fitOrLoad(
                                bundle.manager(),
                                new VisionEncoder(bundle),
                                data,
                                o.seed(),
                                LEARNED_TEACHER_STEPS,
                                o.out().resolve(LearnedTeacher.FILE),
                                log)
                        : null;
                AlignmentProjectors psi = r.alignment()
                        ? new AlignmentProjectors(
                                bundle.manager(), bundle.config().hiddenSize(), teacherDims(), o.seed())
                        : null;
                DiffusionHead sketchHead = r.sketch() ? new DiffusionHead(bundle) : null) {
            Map<String, NDArray> backbone = new LinkedHashMap<>();
            Map<String, NDArray> head = new LinkedHashMap<>();
            // The sketch head learns only in the sketch recipe's stage 2, in the stage-2 group below.
            bundle.weights().forEach((name, w) -> (name.startsWith("sketch_head.") ? head : backbone).put(name, w));
            List<AdamW.Group> stage2Groups = new ArrayList<>();
            if (psi != null) {
                stage2Groups.add(new AdamW.Group("psi", psi.parameters(), o.projectorLrScale(), true));
            }
            if (sketchHead != null) {
                // A head trained from its initialization: the stage-1 peak rate, not stage 2's lowered one.
                stage2Groups.add(new AdamW.Group("sketch_head", head, 1 / o.stage2LrScale(), true));
            }
            try (AdamW opt = new AdamW(
                            bundle.manager(),
                            List.of(new AdamW.Group("backbone", backbone, 1, true)),
                            0.9,
                            0.95,
                            1e-8,
                            o.weightDecay());
                    AdamW stage2Opt = stage2Groups.isEmpty()
                            ? null
                            : new AdamW(bundle.manager(), stage2Groups, 0.9, 0.95, 1e-8, o.weightDecay())) {
                if (resuming) {
                    // Saved moments and psi are copied in, then their arrays freed with the sub-manager.
                    try (NDManager saved = bundle.manager().newSubManager()) {
                        opt.restore(Safetensors.read(checkpoint.resolve("optimizer.safetensors"), saved), state.step());
                        if (psi != null && Files.exists(checkpoint.resolve("align.safetensors"))) {
                            Map<String, NDArray> weights =
                                    Safetensors.read(checkpoint.resolve("align.safetensors"), saved);
                            psi.parameters().forEach((k, p) -> p.set(new NDIndex("..."), weights.get(k)));
                        }
                        if (stage2Opt != null && Files.exists(checkpoint.resolve(STAGE2_OPTIMIZER))) {
                            stage2Opt.restore(
                                    Safetensors.read(checkpoint.resolve(STAGE2_OPTIMIZER), saved),
                                    Math.max(0, state.step() - state.stage1Steps()));
                        }
                    }
                }
                int layer = o.alignLayerOf(bundle.config().numHiddenLayers());
                SampleLoss.Auxiliary aux = new SampleLoss.Auxiliary(
                        psi,
                        s -> teacherTargets(s, learned),
                        layer,
                        o.alignWeight(),
                        r.reconstruction() ? o.lvrWeight() : 0,
                        sketchHead,
                        o.sketchWeight(),
                        o.seed());
                SampleLoss loss = new SampleLoss(bundle, model, new VisionEncoder(bundle), aux);
                Run run = new Run(bundle, loss, opt, stage2Opt, psi, checkpoint, state);
                try {
                    run.stage(1);
                    if (r.latents()) {
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

    /** Alignment targets of a sample: the chosen teachers' per-patch features of view 0. */
    private Map<String, float[][]> teacherTargets(TrainingSample s, LearnedTeacher learned) {
        Map<String, float[][]> targets = new LinkedHashMap<>();
        for (String t : o.teachers()) {
            targets.put(
                    t,
                    t.equals(LearnedTeacher.NAME)
                            ? learned.features(s.frames().get(0))
                            : s.teachers().get(t));
        }
        return targets;
    }

    private Map<String, Integer> teacherDims() {
        Map<String, Integer> dims = new LinkedHashMap<>();
        Map<String, Integer> ground = data.teacherDims();
        for (String t : o.teachers()) {
            dims.put(t, t.equals(LearnedTeacher.NAME) ? LearnedTeacher.FEATURE_DIM : ground.get(t));
        }
        return dims;
    }

    /**
     * Seeds this run's checkpoint with a finished stage 1 ({@code RUN/stage1} of a latent recipe): stage 1 is
     * the same plain CoT SFT in every recipe, so recipes that differ only in stage 2 share it.
     */
    private void startFromStage1(Path checkpoint) throws IOException {
        Path src = o.stage1From();
        if (!Files.isRegularFile(src.resolve(TrainerState.FILE))) {
            throw new IllegalArgumentException("--stage1-from: " + src + " has no " + TrainerState.FILE);
        }
        TrainerState done = TrainerState.read(src);
        if (done.stage() != 2 || done.seed() != o.seed()) {
            throw new IllegalArgumentException("--stage1-from: " + src + " is stage " + done.stage() + " of seed "
                    + done.seed() + "; need a finished stage 1 (stage 2 next) of seed " + o.seed());
        }
        if (!o.recipe().latents()) {
            throw new IllegalArgumentException("--stage1-from needs a latent recipe (vanilla has no stage 2)");
        }
        deleteTree(checkpoint);
        copyTree(src, checkpoint);
        new TrainerState(
                        done.step(),
                        2,
                        done.stage1Steps(),
                        0,
                        done.seconds(),
                        o.recipe().wireName(),
                        done.seed(),
                        done.typicalGradNorm())
                .write(checkpoint);
        log.printf("stage 1 from %s (%d steps, %.1f min)%n", src, done.stage1Steps(), done.seconds() / 60);
    }

    /** The mutable part of a run. */
    private final class Run {
        final ModelBundle bundle;
        final SampleLoss loss;
        final AdamW opt;
        final AdamW stage2Opt;
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
                AdamW stage2Opt,
                AlignmentProjectors psi,
                Path checkpoint,
                TrainerState state) {
            this.bundle = bundle;
            this.loss = loss;
            this.opt = opt;
            this.stage2Opt = stage2Opt;
            this.psi = psi;
            this.checkpoint = checkpoint;
            this.state = state;
            this.secondsAtStart = state.seconds();
            this.lastCheckpoint = secondsAtStart;
            this.lastProgress = secondsAtStart;
            this.typicalNorm = state.typicalGradNorm();
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
            long calibration = 5;
            double timedFrom = -1;
            long timedAt = 0;
            while (true) {
                long inStage = state.step() - stageStart;
                // Calibrate on steps timed in this invocation (a resumed run re-measures), after its first
                // step: that one pays for JIT compilation and would make the plan too short.
                if (planned == 0 && timedFrom < 0 && inStage - enteredAt == 1) {
                    timedFrom = seconds();
                    timedAt = inStage;
                }
                if (planned == 0 && timedFrom >= 0 && inStage - timedAt == calibration) {
                    double perStep = (seconds() - timedFrom) / calibration;
                    double left = stageSeconds - (seconds() - stageBegan);
                    planned = inStage + Math.max(1, (long) (left / perStep));
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
                        state.seed(),
                        typicalNorm);
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
                    state.seed(),
                    typicalNorm);
            checkpoint();
            if (stage == 1 && o.recipe().latents()) {
                // Every latent recipe of this seed has this very stage 1: keep it for --stage1-from.
                Path stage1 = o.out().resolve("stage1");
                deleteTree(stage1);
                copyTree(checkpoint, stage1);
            }
        }

        double ce;
        double align;
        double lvr;
        double sketch;
        double gradNorm;
        double typicalNorm;
        long skipped;

        void step(int stage, double lr) {
            ce = 0;
            align = 0;
            lvr = 0;
            sketch = 0;
            double total = 0;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                for (int i = 0; i < o.batch(); i++) {
                    long index = state.step() * o.batch() + i;
                    var sample = data.sample(index);
                    try (NDScope ignored = new NDScope()) {
                        SampleLoss.Parts parts = stage == 1
                                ? loss.plain(sample)
                                : loss.withLatents(sample, o.latentStepsFor(index), index);
                        gc.backward(parts.total().div((float) o.batch()));
                        ce += parts.ce() / o.batch();
                        align += parts.alignment() / o.batch();
                        lvr += parts.reconstruction() / o.batch();
                        sketch += parts.sketch() / o.batch();
                        total += parts.value() / o.batch();
                    }
                }
            }
            if (!Double.isFinite(total)) {
                throw new IllegalStateException(
                        "loss became " + total + " at step " + state.step() + "; lower --lr or check the data");
            }
            gradNorm = opt.clipGradients(o.clip());
            boolean withExtras = stage == 2 && stage2Opt != null;
            double extrasNorm = withExtras ? stage2Opt.clipGradients(o.clip()) : 0;
            // A spike far above the recent norms is one sample's gradient blowing up through the latent chain
            // (seen: 1e5 to 1e19 against a usual 2 to 10); clipping would keep its direction at full step size.
            boolean spike = typicalNorm > 0 && gradNorm > SPIKE_FACTOR * typicalNorm;
            if (Double.isFinite(gradNorm) && Double.isFinite(extrasNorm) && !spike) {
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
                    stage2Terms(stage),
                    lr,
                    gradNorm,
                    rate,
                    eta);
        }

        /** The auxiliary losses of stage 2 this recipe has, for the progress line. */
        String stage2Terms(int stage) {
            if (stage != 2) {
                return "";
            }
            Recipe r = o.recipe();
            return (r.alignment() ? String.format(" align %.4f", align) : "")
                    + (r.reconstruction() ? String.format(" lvr %.4f", lvr) : "")
                    + (r.sketch() ? String.format(" sketch %.4f", sketch) : "");
        }

        void checkpoint() throws IOException {
            Path tmp = o.out().resolve("checkpoint.tmp");
            deleteTree(tmp);
            bundle.save(tmp, DataType.FLOAT32);
            Safetensors.write(tmp.resolve("optimizer.safetensors"), opt.state());
            if (psi != null) {
                Safetensors.write(tmp.resolve("align.safetensors"), psi.parameters());
            }
            if (stage2Opt != null) {
                Safetensors.write(tmp.resolve(STAGE2_OPTIMIZER), stage2Opt.state());
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

    static void copyTree(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (var files = Files.list(from)) {
            for (Path f : files.toList()) {
                if (Files.isRegularFile(f)) {
                    Files.copy(f, to.resolve(f.getFileName()));
                }
            }
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
