package dev.sightline.trainer.checkpoint;

import dev.sightline.latent.bundle.LatentKeyBias;
import dev.sightline.latent.bundle.LatentPositions;
import dev.sightline.latent.bundle.LatentSchedule;
import dev.sightline.spatial.question.Chains;
import dev.sightline.trainer.LatentStepsBy;
import dev.sightline.trainer.LvrTarget;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The options a checkpoint can only be resumed with: the peak learning rate (the schedule), the batch (which
 * samples a step reads: {@code step * batch + i}), the vision tower's and its projector's rates (whether the
 * optimizer holds moments for {@code visual.*}) and what stage 2 trains ({@link Stage2}). Kept beside {@link TrainerState}; a
 * resume with other values is refused instead of silently reading other samples, following another schedule,
 * dropping the tower's state or training another stage 2 than the run's first part did.
 *
 * @param stage2 null for a checkpoint written before stage 2's settings were kept (nothing to compare)
 * @param views the view counts the samples draw from ({@code --views}; which pixels sample {@code i} has)
 * @param groundingShare the share of samples that are grounding drills ({@code --grounding-share}; which text
 *     sample {@code i} has)
 * @param groundingWeight lambda of stage 1's grounding loss ({@code --grounding-weight})
 * @param locateWeight lambda of stage 1's position readout ({@code --locate-weight})
 * @param copyWeight lambda of the copy loss ({@code --copy-weight})
 * @param chains the chains' style ({@code --chains}; which text, and which questions, sample {@code i} has)
 */
public record RunSettings(
        double lr,
        int batch,
        double visionLrScale,
        double visionProjectorLrScale,
        Stage2 stage2,
        List<Integer> views,
        double groundingShare,
        double groundingWeight,
        double locateWeight,
        double copyWeight,
        Chains chains) {
    public static final String FILE = "run_settings.json";

    /** Every run before {@code --views} existed rendered four views (declared before {@link #LEGACY} uses it). */
    private static final List<Integer> FOUR_VIEWS = List.of(4);

    /** What every checkpoint written before this file existed was trained with. */
    static final RunSettings LEGACY = new RunSettings(1e-3, 8, 1);

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /**
     * What stage 2 trains with, each as its command-line option: {@code --latent-steps}, {@code --align-layer}
     * (an index, or {@code -1} middle / {@code -2} late), {@code --teachers}, the loss weights,
     * {@code --stage1-share} (which splits a {@code --steps} budget between the stages) and
     * {@code --stage2-lr-scale} (stage 2's schedule), {@code --stage2-text-share}, {@code --latent-schedule},
     * {@code --latent-steps-by} (which K each sample gets; {@code draw} for a checkpoint from before it existed),
     * {@code --lvr-target} ({@code region} for a checkpoint from before it existed), {@code --latent-key-bias}
     * ({@code none} for a checkpoint from before it existed) and {@code --latent-positions} ({@code distinct}
     * likewise).
     */
    public record Stage2(
            List<Integer> latentSteps,
            int alignLayer,
            List<String> teachers,
            double alignWeight,
            double lvrWeight,
            double sketchWeight,
            double stage1Share,
            double stage2LrScale,
            double textShare,
            LatentSchedule latentSchedule,
            LatentStepsBy latentStepsBy,
            LvrTarget lvrTarget,
            LatentKeyBias latentKeyBias,
            LatentPositions latentPositions) {
        /** Stage 2's rate before {@code --stage2-lr-scale} existed. */
        public static final double DEFAULT_LR_SCALE = 0.5;

        public Stage2 {
            Objects.requireNonNull(latentSchedule, "latentSchedule");
            Objects.requireNonNull(latentStepsBy, "latentStepsBy");
            Objects.requireNonNull(lvrTarget, "lvrTarget");
            Objects.requireNonNull(latentKeyBias, "latentKeyBias");
            Objects.requireNonNull(latentPositions, "latentPositions");
            latentSteps = List.copyOf(latentSteps);
            teachers = List.copyOf(teachers);
        }
    }

    public RunSettings {
        views = List.copyOf(views);
        Objects.requireNonNull(chains, "chains");
    }

    /** Settings of a run without grounding drills on decimal chains (every run before either existed). */
    public RunSettings(
            double lr,
            int batch,
            double visionLrScale,
            double visionProjectorLrScale,
            Stage2 stage2,
            List<Integer> views) {
        this(lr, batch, visionLrScale, visionProjectorLrScale, stage2, views, 0, 0, 0, 0, Chains.DECIMAL);
    }

    /** Settings of a run on four views. */
    public RunSettings(double lr, int batch, double visionLrScale, double visionProjectorLrScale, Stage2 stage2) {
        this(lr, batch, visionLrScale, visionProjectorLrScale, stage2, FOUR_VIEWS);
    }

    /** Settings of a run whose projector trains with its tower (or not at all) and whose stage 2 is unknown. */
    public RunSettings(double lr, int batch, double visionLrScale) {
        this(lr, batch, visionLrScale, 0, null);
    }

    public void write(Path dir) throws IOException {
        ObjectNode o = JSON.createObjectNode();
        o.put("lr", lr);
        o.put("batch", batch);
        o.put("vision_lr_scale", visionLrScale);
        o.put("vision_projector_lr_scale", visionProjectorLrScale);
        views.forEach(o.putArray("views")::add);
        o.put("grounding_share", groundingShare);
        o.put("grounding_weight", groundingWeight);
        o.put("locate_weight", locateWeight);
        o.put("copy_weight", copyWeight);
        o.put("chains", chains.id());
        if (stage2 != null) {
            ObjectNode s = o.putObject("stage2");
            ArrayNode k = s.putArray("latent_steps");
            stage2.latentSteps().forEach(k::add);
            s.put("align_layer", stage2.alignLayer());
            ArrayNode t = s.putArray("teachers");
            stage2.teachers().forEach(t::add);
            s.put("align_weight", stage2.alignWeight());
            s.put("lvr_weight", stage2.lvrWeight());
            s.put("sketch_weight", stage2.sketchWeight());
            s.put("stage1_share", stage2.stage1Share());
            s.put("stage2_lr_scale", stage2.stage2LrScale());
            s.put("text_share", stage2.textShare());
            s.put("latent_schedule", stage2.latentSchedule().key());
            s.put("latent_steps_by", stage2.latentStepsBy().option());
            s.put("lvr_target", stage2.lvrTarget().option());
            s.put("latent_key_bias", stage2.latentKeyBias().key());
            s.put("latent_positions", stage2.latentPositions().key());
        }
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
        Stage2 stage2 = null;
        JsonNode s = o.path("stage2");
        if (s.isObject()) {
            List<Integer> k = new ArrayList<>();
            s.path("latent_steps").forEach(n -> k.add(n.asInt()));
            List<String> t = new ArrayList<>();
            s.path("teachers").forEach(n -> t.add(n.asString()));
            stage2 = new Stage2(
                    k,
                    s.path("align_layer").asInt(),
                    t,
                    s.path("align_weight").asDouble(),
                    s.path("lvr_weight").asDouble(),
                    s.path("sketch_weight").asDouble(),
                    s.path("stage1_share").asDouble(),
                    s.path("stage2_lr_scale").asDouble(Stage2.DEFAULT_LR_SCALE),
                    s.path("text_share").asDouble(0),
                    LatentSchedule.parse(s.path("latent_schedule").asString(LatentSchedule.EACH_STEP.key())),
                    LatentStepsBy.parse(s.path("latent_steps_by").asString(LatentStepsBy.DRAW.option())),
                    LvrTarget.parse(s.path("lvr_target").asString(LvrTarget.REGION.option())),
                    LatentKeyBias.parse(s.path("latent_key_bias").asString(LatentKeyBias.NONE.key())),
                    LatentPositions.parse(s.path("latent_positions").asString(LatentPositions.DISTINCT.key())));
        }
        List<Integer> views = new ArrayList<>();
        o.path("views").forEach(n -> views.add(n.asInt()));
        return new RunSettings(
                o.path("lr").asDouble(),
                o.path("batch").asInt(),
                o.path("vision_lr_scale").asDouble(),
                o.path("vision_projector_lr_scale").asDouble(0),
                stage2,
                views.isEmpty() ? FOUR_VIEWS : views,
                o.path("grounding_share").asDouble(0),
                o.path("grounding_weight").asDouble(0),
                o.path("locate_weight").asDouble(0),
                o.path("copy_weight").asDouble(0),
                Chains.parse(o.path("chains").asString(Chains.DECIMAL.id())));
    }

    /**
     * @throws IllegalArgumentException naming each option that differs from the checkpoint's, with its value
     */
    public void requireSameAs(RunSettings checkpoint, Path dir) {
        requireSameAs(checkpoint, dir, true);
    }

    /**
     * As {@link #requireSameAs(RunSettings, Path)}; {@code withStage2} false compares what stage 1 depends on
     * only (a run that starts its stage 2 from another run's stage 1 chooses its own stage 2).
     */
    public void requireSameAs(RunSettings checkpoint, Path dir, boolean withStage2) {
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
        compare(differ, "--vision-projector-lr-scale", visionProjectorLrScale, checkpoint.visionProjectorLrScale);
        if (!views.equals(checkpoint.views)) {
            differ.add("--views " + join(checkpoint.views));
        }
        compare(differ, "--grounding-share", groundingShare, checkpoint.groundingShare);
        compare(differ, "--grounding-weight", groundingWeight, checkpoint.groundingWeight);
        compare(differ, "--locate-weight", locateWeight, checkpoint.locateWeight);
        compare(differ, "--copy-weight", copyWeight, checkpoint.copyWeight);
        if (chains != checkpoint.chains) {
            differ.add("--chains " + checkpoint.chains.id());
        }
        Stage2 mine = stage2;
        Stage2 theirs = checkpoint.stage2;
        if (withStage2 && mine != null && theirs != null) {
            if (!mine.latentSteps().equals(theirs.latentSteps())) {
                differ.add("--latent-steps " + join(theirs.latentSteps()));
            }
            if (mine.alignLayer() != theirs.alignLayer()) {
                differ.add("--align-layer " + layer(theirs.alignLayer()));
            }
            if (!mine.teachers().equals(theirs.teachers())) {
                differ.add("--teachers " + join(theirs.teachers()));
            }
            compare(differ, "--align-weight", mine.alignWeight(), theirs.alignWeight());
            compare(differ, "--lvr-weight", mine.lvrWeight(), theirs.lvrWeight());
            compare(differ, "--sketch-weight", mine.sketchWeight(), theirs.sketchWeight());
            compare(differ, "--stage1-share", mine.stage1Share(), theirs.stage1Share());
            compare(differ, "--stage2-lr-scale", mine.stage2LrScale(), theirs.stage2LrScale());
            compare(differ, "--stage2-text-share", mine.textShare(), theirs.textShare());
            if (mine.latentSchedule() != theirs.latentSchedule()) {
                differ.add("--latent-schedule " + theirs.latentSchedule().option());
            }
            if (mine.latentStepsBy() != theirs.latentStepsBy()) {
                differ.add("--latent-steps-by " + theirs.latentStepsBy().option());
            }
            if (mine.lvrTarget() != theirs.lvrTarget()) {
                differ.add("--lvr-target " + theirs.lvrTarget().option());
            }
            if (mine.latentKeyBias() != theirs.latentKeyBias()) {
                differ.add("--latent-key-bias " + theirs.latentKeyBias().option());
            }
            if (mine.latentPositions() != theirs.latentPositions()) {
                differ.add("--latent-positions " + theirs.latentPositions().option());
            }
        }
        if (!differ.isEmpty()) {
            throw new IllegalArgumentException(
                    dir + " was trained with " + String.join(", ", differ) + "; resume it with the same options");
        }
    }

    private static void compare(List<String> differ, String option, double mine, double theirs) {
        if (Double.compare(mine, theirs) != 0) {
            differ.add(option + " " + theirs);
        }
    }

    private static String join(List<?> values) {
        return String.join(",", values.stream().map(String::valueOf).toList());
    }

    private static String layer(int alignLayer) {
        return alignLayer == -1 ? "middle" : alignLayer == -2 ? "late" : Integer.toString(alignLayer);
    }
}
