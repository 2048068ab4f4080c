package dev.sightline.trainer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import dev.sightline.latent.bundle.BundleException;
import dev.sightline.latent.bundle.ModelBundle;
import dev.sightline.latent.bundle.Safetensors;
import dev.sightline.latent.preset.ModelInitializer;
import dev.sightline.latent.sketch.DiffusionHead;
import dev.sightline.latent.text.LanguageModel;
import dev.sightline.latent.vision.VisionEncoder;
import dev.sightline.trainer.align.AlignmentProjectors;
import dev.sightline.trainer.align.LearnedTeacher;
import dev.sightline.trainer.checkpoint.RunSettings;
import dev.sightline.trainer.checkpoint.TrainerState;
import dev.sightline.trainer.data.SampleSource;
import dev.sightline.trainer.data.TrainingSample;
import dev.sightline.trainer.grounding.PositionReadout;
import dev.sightline.trainer.optim.AdamW;
import dev.sightline.trainer.vision.VisionPretraining;
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

    /** Steps of 8 images that fit the learned teacher: about half a minute on two cores. */
    private static final int LEARNED_TEACHER_STEPS = 200;

    private final TrainOptions o;
    private final SampleSource data;
    private final PrintStream log;
    /** Test hook: checkpoint and stop after this many steps of this invocation, as a kill right after a save. */
    long stopAfterSteps = Long.MAX_VALUE;

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
        boolean ownStage1 = true;
        if (!resuming && o.stage1From() != null) {
            startFromStage1(checkpoint);
            resuming = true;
            ownStage1 = false;
        }
        TrainerState state;
        Path from;
        if (resuming) {
            state = TrainerState.read(checkpoint);
            if (!state.recipe().equals(o.recipe().wireName()) || state.seed() != o.seed()) {
                throw new IllegalArgumentException(checkpoint + " is a " + state.recipe() + " run with seed "
                        + state.seed() + "; resume it with the same --recipe and --seed");
            }
            // a stage 1 borrowed from another run holds that run's stage-2 choices, not this one's
            o.settings().requireSameAs(RunSettings.read(checkpoint), checkpoint, ownStage1);
            if (!ownStage1) {
                o.settings().write(checkpoint);
            }
            from = checkpoint;
            log.printf("resuming %s at step %d (stage %d)%n", checkpoint, state.step(), state.stage());
        } else {
            from = o.out().resolve("init");
            deleteTree(from);
            ModelInitializer.write(o.preset(), o.seed(), from, data.corpus());
            state = TrainerState.start(o.recipe().wireName(), o.seed(), 0);
        }
        Recipe r = o.recipe();
        if (r.latents()) {
            // stage 2's choice, kept in the bundle so that serving forces the segments where they were trained
            ModelBundle.editConfig(
                    from,
                    c -> c.withLatentSchedule(o.latentSchedule())
                            .withLatentKeyBias(o.latentKeyBias())
                            .withLatentPositions(o.latentPositions()));
        }
        boolean pretrainVision = !resuming && o.visionSteps() > 0;
        if (!resuming && o.visionSteps() == 0 && o.visionLrScale() == 0) {
            log.println("warning: no stage 0 (--vision-steps 0) and a frozen tower (--vision-lr-scale 0): the model"
                    + " sees through a randomly initialized vision tower");
        }
        boolean aligns = r.alignment() && o.alignWeight() > 0; // weight 0: no projectors, no teacher, no loss
        try (ModelBundle bundle = ModelBundle.load(from);
                LanguageModel model = LanguageModel.trainable(bundle);
                LearnedTeacher learned = aligns && o.teachers().contains(LearnedTeacher.NAME)
                        ? LearnedTeacher.fitOrLoad(
                                bundle.manager(),
                                new VisionEncoder(bundle),
                                data,
                                o.seed(),
                                LEARNED_TEACHER_STEPS,
                                o.out().resolve(LearnedTeacher.FILE),
                                log)
                        : null;
                AlignmentProjectors psi = aligns
                        ? new AlignmentProjectors(
                                bundle.manager(), bundle.config().hiddenSize(), teacherDims(), o.seed())
                        : null;
                DiffusionHead sketchHead = r.sketch() && o.sketchWeight() > 0 ? new DiffusionHead(bundle) : null;
                PositionReadout readout = o.locateWeight() > 0
                        ? new PositionReadout(bundle.manager(), bundle.config().hiddenSize(), o.seed())
                        : null) {
            if (pretrainVision) {
                // Stage 0 on the bundle stage 1 trains (no copy saved and reloaded); the first checkpoint holds it.
                long began = System.nanoTime();
                VisionPretraining.run(bundle, data, o.seed(), o.visionSteps(), log);
                double seconds = (System.nanoTime() - began) / 1e9;
                state = TrainerState.start(o.recipe().wireName(), o.seed(), seconds);
            }
            Map<String, NDArray> backbone = new LinkedHashMap<>();
            Map<String, NDArray> tower = new LinkedHashMap<>();
            Map<String, NDArray> head = new LinkedHashMap<>();
            // The sketch head learns only in the sketch recipe's stage 2, in the stage-2 group below.
            bundle.weights()
                    .forEach((name, w) -> (name.startsWith("sketch_head.")
                                    ? head
                                    : name.startsWith("visual.") ? tower : backbone)
                            .put(name, w));
            List<AdamW.Group> groups = new ArrayList<>(List.of(new AdamW.Group("backbone", backbone, 1, true)));
            if (o.visionLrScale() > 0) {
                groups.add(new AdamW.Group("vision", tower, o.visionLrScale(), true));
            } else {
                // frozen: no gradient is computed for it (stage 0 left it requiring one)
                tower.values().forEach(w -> w.setRequiresGradient(false));
                if (o.visionProjectorLrScale() > 0) {
                    Map<String, NDArray> projector = new LinkedHashMap<>();
                    tower.forEach((name, w) -> {
                        if (name.startsWith("visual.projector.")) {
                            projector.put(name, w);
                        }
                    });
                    groups.add(new AdamW.Group("vision_projector", projector, o.visionProjectorLrScale(), true));
                }
            }
            // Trained with the model, not shipped; each travels in the checkpoint in a file of its own.
            Map<String, Map<String, NDArray>> alongside = new LinkedHashMap<>();
            if (readout != null) {
                // the readout learns with the model it reads, in stage 1
                groups.add(new AdamW.Group("locate", readout.parameters(), 1, true));
                alongside.put(PositionReadout.FILE, readout.parameters());
            }
            if (psi != null) {
                alongside.put(AlignmentProjectors.FILE, psi.parameters());
            }
            List<AdamW.Group> stage2Groups = new ArrayList<>();
            if (psi != null) {
                stage2Groups.add(new AdamW.Group("psi", psi.parameters(), o.projectorLrScale(), true));
            }
            if (sketchHead != null) {
                // A head trained from its initialization: the stage-1 peak rate, not stage 2's lowered one.
                stage2Groups.add(new AdamW.Group("sketch_head", head, 1 / o.stage2LrScale(), true));
            }
            try (AdamW opt = new AdamW(bundle.manager(), groups, 0.9, 0.95, 1e-8, o.weightDecay());
                    AdamW stage2Opt = stage2Groups.isEmpty()
                            ? null
                            : new AdamW(bundle.manager(), stage2Groups, 0.9, 0.95, 1e-8, o.weightDecay())) {
                if (resuming) {
                    // Saved moments and psi are copied in, then their arrays freed with the sub-manager.
                    try (NDManager saved = bundle.manager().newSubManager()) {
                        opt.restore(Safetensors.read(checkpoint.resolve("optimizer.safetensors"), saved), state.step());
                        for (var file : alongside.entrySet()) {
                            if (Files.exists(checkpoint.resolve(file.getKey()))) {
                                Map<String, NDArray> weights =
                                        Safetensors.read(checkpoint.resolve(file.getKey()), saved);
                                file.getValue().forEach((k, p) -> p.set(new NDIndex("..."), weights.get(k)));
                            }
                        }
                        if (stage2Opt != null && Files.exists(checkpoint.resolve(TrainingRun.STAGE2_OPTIMIZER))) {
                            stage2Opt.restore(
                                    Safetensors.read(checkpoint.resolve(TrainingRun.STAGE2_OPTIMIZER), saved),
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
                        o.seed(),
                        o.groundingWeight(),
                        readout,
                        o.locateWeight(),
                        o.copyWeight(),
                        o.lvrTarget());
                SampleLoss loss = new SampleLoss(bundle, model, new VisionEncoder(bundle), aux);
                TrainingRun run = new TrainingRun(
                        o, data, log, stopAfterSteps, bundle, loss, opt, stage2Opt, alongside, checkpoint, state);
                try {
                    run.stage(1);
                    if (r.latents()) {
                        run.stage(2);
                    }
                } catch (TrainingRun.Stopped stopped) {
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
                        done.typicalGradNorm(),
                        done.visionSeconds(),
                        done.seconds(),
                        new double[0],
                        new double[0])
                .write(checkpoint);
        log.printf("stage 1 from %s (%d steps, %.1f min)%n", src, done.stage1Steps(), done.seconds() / 60);
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
