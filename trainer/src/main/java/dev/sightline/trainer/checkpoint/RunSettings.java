package dev.sightline.trainer.checkpoint;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The options a checkpoint can only be resumed with: the peak learning rate (the schedule), the batch (which
 * samples a step reads: {@code step * batch + i}) and the vision tower's rate (whether the optimizer holds
 * moments for {@code visual.*}). Kept beside {@link TrainerState}; a resume with other values is refused
 * instead of silently reading other samples, following another schedule or dropping the tower's state.
 */
public record RunSettings(double lr, int batch, double visionLrScale) {
    public static final String FILE = "run_settings.json";

    /** What every checkpoint written before this file existed was trained with. */
    static final RunSettings LEGACY = new RunSettings(1e-3, 8, 1);

    private static final JsonMapper JSON = JsonMapper.builder().build();

    public void write(Path dir) throws IOException {
        ObjectNode o = JSON.createObjectNode();
        o.put("lr", lr);
        o.put("batch", batch);
        o.put("vision_lr_scale", visionLrScale);
        Files.writeString(
                dir.resolve(FILE), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(o) + "\n");
    }

    /** The settings of the checkpoint in {@code dir}; {@link #LEGACY} for one written before they were kept. */
    public static RunSettings read(Path dir) {
        Path file = dir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return LEGACY;
        }
        JsonNode o = JSON.readTree(file.toFile());
        return new RunSettings(
                o.path("lr").asDouble(),
                o.path("batch").asInt(),
                o.path("vision_lr_scale").asDouble());
    }

    /**
     * @throws IllegalArgumentException naming each option that differs from the checkpoint's, with its value
     */
    public void requireSameAs(RunSettings checkpoint, Path dir) {
        List<String> differ = new ArrayList<>();
        if (Double.compare(lr, checkpoint.lr) != 0) {
            differ.add("--lr " + checkpoint.lr);
        }
        if (batch != checkpoint.batch) {
            differ.add("--batch " + checkpoint.batch);
        }
        if (Double.compare(visionLrScale, checkpoint.visionLrScale) != 0) {
            differ.add("--vision-lr-scale " + checkpoint.visionLrScale);
        }
        if (!differ.isEmpty()) {
            throw new IllegalArgumentException(
                    dir + " was trained with " + String.join(", ", differ) + "; resume it with the same options");
        }
    }
}
