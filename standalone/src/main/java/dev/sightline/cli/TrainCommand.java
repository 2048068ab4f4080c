package dev.sightline.cli;

import dev.sightline.latent.preset.Preset;
import dev.sightline.spatial.dataset.SceneOptions;
import dev.sightline.spatial.dataset.Split;
import dev.sightline.trainer.Recipe;
import dev.sightline.trainer.TrainOptions;
import dev.sightline.trainer.Trainer;
import dev.sightline.trainer.data.SpatialScenesSource;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "train", description = "Train a model bundle on SpatialScenes with one recipe (resumable).")
final class TrainCommand implements Callable<Integer> {
    @Option(names = "--preset", defaultValue = "tiny", description = "tiny or small (default: ${DEFAULT-VALUE})")
    String preset;

    @Option(names = "--recipe", required = true, description = "vanilla, latent-noalign or valr")
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

    @Option(names = "--latent-steps", defaultValue = "4", description = "K during training (default: ${DEFAULT-VALUE})")
    int latentSteps;

    @Option(names = "--align-layer", defaultValue = "-1", description = "alignment layer; -1 is the middle one")
    int alignLayer;

    @Override
    public Integer call() throws Exception {
        Preset p = Preset.parse(preset);
        Recipe r = Recipe.parse(recipe);
        if (minutes <= 0 && steps <= 0) {
            throw new IllegalArgumentException("give --minutes > 0 or --steps > 0");
        }
        TrainOptions base = TrainOptions.defaults(p, r, out);
        TrainOptions o = new TrainOptions(
                p,
                r,
                out,
                minutes,
                steps,
                seed,
                resume,
                base.batch(),
                base.lr(),
                base.stage2LrScale(),
                base.projectorLrScale(),
                base.weightDecay(),
                base.clip(),
                latentSteps,
                alignLayer,
                base.alignWeight(),
                base.stage1Fraction());
        SceneOptions scenes = SpatialScenesSource.scenesFor(p.config(0).vision());
        new Trainer(o, new SpatialScenesSource(Split.TRAIN, scenes), System.err).run();
        return 0;
    }
}
