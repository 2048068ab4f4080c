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
 * and the seconds stage 0 (vision pretraining) took, which a time budget leaves out of the stages' shares.
 * Written last in a checkpoint, so its presence means the checkpoint is whole.
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
        double visionSeconds) {
    public static final String FILE = "trainer_state.json";
    private static final JsonMapper JSON = JsonMapper.builder().build();

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
                o.path("vision_seconds").asDouble(0));
    }
}
