package dev.sightline.trainer.checkpoint;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Where a run stands: the next step, the stage, each stage's fixed step count (0 until measured), the
 * wall time spent and the running average of gradient norms that spike detection compares against (0
 * before the first update), so that a resumed run skips exactly the steps the uninterrupted one would;
 * the seconds stage 0 (vision pretraining) took, which a time budget leaves out of the stages' shares; the
 * run-clock second the current stage began (NaN in a checkpoint written before it was kept), so a stage
 * resumed after a kill plans with the time it already spent; and the last kept samples' gradient norms that
 * stage 2's sample screen judges against (oldest first), and the last kept padded batches' norms its batch
 * screen judges against, so a resumed stage 2 screens its first samples and batches as the uninterrupted one
 * would. Written last in a checkpoint, so its presence means the checkpoint is whole.
 */
public record TrainerState(
        long step,
        int stage,
        long stage1Steps,
        long stage2Steps,
        double seconds,
        String recipe,
        long seed,
        double typicalGradNorm,
        double visionSeconds,
        double stageBegan,
        double[] sampleNorms,
        double[] batchNorms) {
    public static final String FILE = "trainer_state.json";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** A new run about to enter stage 1, {@code visionSeconds} after stage 0 began (0 without stage 0). */
    public static TrainerState start(String recipe, long seed, double visionSeconds) {
        return new TrainerState(
                0, 1, 0, 0, visionSeconds, recipe, seed, 0, visionSeconds, visionSeconds, new double[0], new double[0]);
    }

    public void write(Path dir) throws IOException {
        ObjectNode o = JSON.createObjectNode();
        o.put("step", step);
        o.put("stage", stage);
        o.put("stage1_steps", stage1Steps);
        o.put("stage2_steps", stage2Steps);
        o.put("seconds", seconds);
        o.put("recipe", recipe);
        o.put("seed", seed);
        o.put("typical_grad_norm", typicalGradNorm);
        o.put("vision_seconds", visionSeconds);
        o.put("stage_began_seconds", stageBegan);
        var samples = o.putArray("sample_grad_norms");
        for (double norm : sampleNorms) {
            samples.add(norm);
        }
        var batches = o.putArray("batch_grad_norms");
        for (double norm : batchNorms) {
            batches.add(norm);
        }
        Files.writeString(
                dir.resolve(FILE), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(o) + "\n");
    }

    public static TrainerState read(Path dir) {
        JsonNode o = JSON.readTree(dir.resolve(FILE).toFile());
        return new TrainerState(
                o.path("step").asLong(),
                o.path("stage").asInt(),
                o.path("stage1_steps").asLong(),
                o.path("stage2_steps").asLong(),
                o.path("seconds").asDouble(),
                o.path("recipe").asString(),
                o.path("seed").asLong(),
                o.path("typical_grad_norm").asDouble(0),
                o.path("vision_seconds").asDouble(0),
                // NaN: a checkpoint from before this field, whose stage's start is unknown
                o.path("stage_began_seconds").asDouble(Double.NaN),
                doubles(o.path("sample_grad_norms")),
                // empty in a checkpoint from before stage 2 ran padded batches
                doubles(o.path("batch_grad_norms")));
    }

    private static double[] doubles(JsonNode array) {
        double[] values = new double[array.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = array.get(i).asDouble();
        }
        return values;
    }
}
