package dev.sightline.trainer;

import java.nio.file.Path;

/**
 * One {@link Trainer} run in a JVM of its own, for the kill/resume test: {@code RECIPE OUT STEPS STOP_AFTER
 * RESUME}, with the options of {@link TrainerTest}; stops (as a kill right after a checkpoint) after
 * {@code STOP_AFTER} steps of this invocation.
 */
final class TrainerProcess {
    private TrainerProcess() {}

    public static void main(String[] args) throws Exception {
        Recipe recipe = Recipe.valueOf(args[0]);
        TrainOptions options = TrainerTest.builder(recipe, Path.of(args[1]), Long.parseLong(args[2]))
                .resume(Boolean.parseBoolean(args[4]))
                .build();
        Trainer trainer = new Trainer(options, TrainerTest.DATA, System.out);
        trainer.stopAfterSteps = Long.parseLong(args[3]);
        System.out.println("ended at step " + trainer.run().steps());
    }
}
