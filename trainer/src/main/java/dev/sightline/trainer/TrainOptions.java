package dev.sightline.trainer;

import dev.sightline.latent.preset.Preset;
import java.nio.file.Path;

/**
 * Everything a training run depends on. With {@code steps == 0} the budget is {@code minutes} of wall time,
 * split between the stages by {@code stage1Fraction}; each stage measures its first steps and fixes its
 * step count (saved, so a resumed run keeps it). Pass {@code steps} for a run that is reproducible across
 * machines.
 *
 * @param batch samples per optimizer step (gradients accumulated one sample at a time)
 * @param projectorLrScale psi's learning rate relative to the stage-2 backbone rate (VaLR trains psi faster)
 * @param alignLayer block whose output the alignment reads; -1 picks the middle layer
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
        int latentSteps,
        int alignLayer,
        double alignWeight,
        double stage1Fraction) {

    public static TrainOptions defaults(Preset preset, Recipe recipe, Path out) {
        return new TrainOptions(preset, recipe, out, 30, 0, 0, false, 8, 1e-3, 0.5, 10, 0.01, 1.0, 4, -1, 0.5, 0.5);
    }

    /** The same run, resumed (or not) from its checkpoint. */
    public TrainOptions resuming(boolean resume) {
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
                projectorLrScale,
                weightDecay,
                clip,
                latentSteps,
                alignLayer,
                alignWeight,
                stage1Fraction);
    }

    /** Share of the budget for plain CoT SFT: all of it for the vanilla control. */
    public double stage1Share() {
        return recipe.latents() ? stage1Fraction : 1.0;
    }
}
