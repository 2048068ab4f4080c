package dev.sightline.trainer.checkpoint;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sightline.latent.bundle.LatentKeyBias;
import dev.sightline.latent.bundle.LatentPositions;
import dev.sightline.latent.bundle.LatentSchedule;
import dev.sightline.spatial.question.Chains;
import dev.sightline.trainer.LatentStepsBy;
import dev.sightline.trainer.LvrTarget;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunSettingsTest {
    @TempDir
    Path dir;

    @Test
    void aResumeWithAnotherVisionRateOrBatchIsRefusedNamingTheCheckpointsValues() throws Exception {
        new RunSettings(2e-3, 2, 0).write(dir);
        RunSettings saved = RunSettings.read(dir);
        assertEquals(new RunSettings(2e-3, 2, 0), saved);
        assertDoesNotThrow(() -> new RunSettings(2e-3, 2, 0).requireSameAs(saved, dir));
        var e = assertThrows(
                IllegalArgumentException.class, () -> new RunSettings(2e-3, 4, 1).requireSameAs(saved, dir));
        assertTrue(e.getMessage().contains("--batch 2"), e.getMessage());
        assertTrue(e.getMessage().contains("--vision-lr-scale 0.0"), e.getMessage());
    }

    @Test
    void aCheckpointFromBeforeTheSettingsWereKeptTrainedItsTower() {
        // no file: written before 2026-12-02, when the tower trained at the backbone's rate
        assertEquals(RunSettings.LEGACY, RunSettings.read(dir));
        assertEquals(1, RunSettings.read(dir).visionLrScale());
    }

    @Test
    void aResumeThatWouldTrainAnotherStage2IsRefusedUnlessItBorrowsOnlyStage1() throws Exception {
        var stage2 = new RunSettings.Stage2(
                List.of(1, 4, 9, 16),
                -1,
                List.of("geometry", "semantic"),
                0.5,
                0.1,
                1,
                0.5,
                RunSettings.Stage2.DEFAULT_LR_SCALE,
                0,
                LatentSchedule.EACH_STEP,
                LatentStepsBy.DRAW,
                LvrTarget.REGION,
                LatentKeyBias.NONE,
                LatentPositions.DISTINCT);
        new RunSettings(1e-3, 8, 0, 0, stage2).write(dir);
        RunSettings saved = RunSettings.read(dir);
        assertEquals(new RunSettings(1e-3, 8, 0, 0, stage2), saved);
        var other = new RunSettings(
                1e-3,
                8,
                0,
                0,
                new RunSettings.Stage2(
                        List.of(4),
                        -2,
                        List.of("learned"),
                        0.5,
                        0.3,
                        1,
                        0.5,
                        0.1,
                        0.25,
                        LatentSchedule.BEFORE_ANSWER,
                        LatentStepsBy.DRAW,
                        LvrTarget.MAP,
                        LatentKeyBias.NEG_LOG_K,
                        LatentPositions.SHARED));
        var e = assertThrows(IllegalArgumentException.class, () -> other.requireSameAs(saved, dir));
        for (String named : List.of(
                "--latent-steps 1,4,9,16",
                "--align-layer middle",
                "--teachers geometry,semantic",
                "--lvr-weight 0.1",
                "--stage2-lr-scale 0.5",
                "--stage2-text-share 0.0",
                "--latent-schedule each-step",
                "--lvr-target region",
                "--latent-key-bias none",
                "--latent-positions distinct")) {
            assertTrue(e.getMessage().contains(named), named + " in: " + e.getMessage());
        }
        assertDoesNotThrow(() -> other.requireSameAs(saved, dir, false), "another run's stage 1, its own stage 2");
        other.write(dir);
        assertEquals(0.1, RunSettings.read(dir).stage2().stage2LrScale(), "the stage-2 rate is kept");
        assertEquals(0.25, RunSettings.read(dir).stage2().textShare(), "the stage-2 text share is kept");
        assertEquals(LatentKeyBias.NEG_LOG_K, RunSettings.read(dir).stage2().latentKeyBias(), "the key bias is kept");
        assertEquals(
                LatentSchedule.BEFORE_ANSWER, RunSettings.read(dir).stage2().latentSchedule());
        assertDoesNotThrow(
                () -> other.requireSameAs(new RunSettings(1e-3, 8, 0), dir),
                "nothing kept of stage 2: nothing to compare");
    }

    @Test
    void aResumeThatWouldPickKByAnotherRuleIsRefusedAndOldCheckpointsDrewAndReconstructedRegions() throws Exception {
        var byObjects = new RunSettings(1e-3, 8, 0, 0, stage2(LatentStepsBy.OBJECTS, LvrTarget.MAP));
        byObjects.write(dir);
        RunSettings saved = RunSettings.read(dir);
        assertEquals(LatentStepsBy.OBJECTS, saved.stage2().latentStepsBy());
        assertDoesNotThrow(() -> byObjects.requireSameAs(saved, dir));
        var drawing = new RunSettings(1e-3, 8, 0, 0, stage2(LatentStepsBy.DRAW, LvrTarget.MAP));
        var e = assertThrows(IllegalArgumentException.class, () -> drawing.requireSameAs(saved, dir));
        assertTrue(e.getMessage().contains("--latent-steps-by objects"), e.getMessage());
        assertDoesNotThrow(() -> drawing.requireSameAs(saved, dir, false), "another run's stage 1, its own stage 2");
        Files.writeString(
                dir.resolve(RunSettings.FILE),
                Files.readString(dir.resolve(RunSettings.FILE))
                        .replace("latent_steps_by", "x")
                        .replace("lvr_target", "y"));
        assertEquals(
                LatentStepsBy.DRAW,
                RunSettings.read(dir).stage2().latentStepsBy(),
                "checkpoints from before --latent-steps-by drew K per step");
        assertEquals(
                LvrTarget.REGION,
                RunSettings.read(dir).stage2().lvrTarget(),
                "checkpoints from before --lvr-target reconstructed the step's region");
    }

    private static RunSettings.Stage2 stage2(LatentStepsBy by, LvrTarget target) {
        return new RunSettings.Stage2(
                List.of(1, 4, 9, 16),
                -1,
                List.of("geometry"),
                0.5,
                0.1,
                1,
                0.7,
                0.5,
                0.25,
                LatentSchedule.BEFORE_ANSWER,
                by,
                target,
                LatentKeyBias.NONE,
                LatentPositions.DISTINCT);
    }

    @Test
    void aResumeOnOtherViewsIsRefusedEvenWhenOnlyStage1IsBorrowed() throws Exception {
        new RunSettings(1e-3, 8, 0, 0, null, List.of(1, 2, 3, 4)).write(dir);
        RunSettings saved = RunSettings.read(dir);
        assertEquals(List.of(1, 2, 3, 4), saved.views());
        var fourViews = new RunSettings(1e-3, 8, 0, 0, null);
        var e = assertThrows(IllegalArgumentException.class, () -> fourViews.requireSameAs(saved, dir, false));
        assertTrue(e.getMessage().contains("--views 1,2,3,4"), e.getMessage());
        assertEquals(List.of(4), RunSettings.LEGACY.views(), "checkpoints from before --views rendered four");
    }

    @Test
    void aResumeWithOtherChainsIsRefusedAndOldCheckpointsWereDecimal() throws Exception {
        var grid = new RunSettings(1e-3, 8, 0, 0, null, List.of(1), 0, 0, 0, 0, Chains.GRID);
        grid.write(dir);
        RunSettings saved = RunSettings.read(dir);
        assertEquals(Chains.GRID, saved.chains());
        assertDoesNotThrow(() -> grid.requireSameAs(saved, dir));
        var decimal = new RunSettings(1e-3, 8, 0, 0, null, List.of(1));
        var e = assertThrows(IllegalArgumentException.class, () -> decimal.requireSameAs(saved, dir, false));
        assertTrue(e.getMessage().contains("--chains grid"), e.getMessage());
        assertEquals(Chains.DECIMAL, RunSettings.LEGACY.chains(), "checkpoints from before --chains were decimal");
    }

    @Test
    void aResumeWithAnotherCopyWeightIsRefusedAndOldCheckpointsHadNone() throws Exception {
        var copying = new RunSettings(5e-4, 8, 0, 0, null, List.of(1), 0, 0.5, 1, 0.5, Chains.GRID);
        copying.write(dir);
        RunSettings saved = RunSettings.read(dir);
        assertEquals(0.5, saved.copyWeight());
        assertDoesNotThrow(() -> copying.requireSameAs(saved, dir));
        var without = new RunSettings(5e-4, 8, 0, 0, null, List.of(1), 0, 0.5, 1, 0, Chains.GRID);
        var e = assertThrows(IllegalArgumentException.class, () -> without.requireSameAs(saved, dir, false));
        assertTrue(e.getMessage().contains("--copy-weight 0.5"), e.getMessage());
        Files.writeString(
                dir.resolve(RunSettings.FILE),
                Files.readString(dir.resolve(RunSettings.FILE)).replace("copy_weight", "x"));
        assertEquals(0, RunSettings.read(dir).copyWeight(), "checkpoints from before --copy-weight had no copy loss");
    }
}
