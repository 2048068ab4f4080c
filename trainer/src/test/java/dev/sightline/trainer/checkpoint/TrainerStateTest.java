package dev.sightline.trainer.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainerStateTest {
    @TempDir
    Path dir;

    @Test
    void everyFieldSurvivesACheckpoint() throws Exception {
        var state = new TrainerState(
                77, 2, 50, 90, 812.5, "valr", 3, 4.25, 60, 700.25, new double[] {1.5, 2, 3.25}, new double[] {9, 8.5});
        state.write(dir);
        TrainerState read = TrainerState.read(dir);
        assertEquals(77, read.step());
        assertEquals(2, read.stage());
        assertEquals(50, read.stage1Steps());
        assertEquals(90, read.stage2Steps());
        assertEquals(812.5, read.seconds());
        assertEquals("valr", read.recipe());
        assertEquals(3, read.seed());
        assertEquals(4.25, read.typicalGradNorm());
        assertEquals(60, read.visionSeconds());
        assertEquals(700.25, read.stageBegan());
        assertArrayEquals(new double[] {1.5, 2, 3.25}, read.sampleNorms());
        assertArrayEquals(new double[] {9, 8.5}, read.batchNorms());
    }

    @Test
    void aCheckpointFromBeforeTheStageClockSaysItsStartIsUnknown() throws Exception {
        Files.writeString(dir.resolve(TrainerState.FILE), """
                {"step": 10, "stage": 1, "stage1_steps": 40, "stage2_steps": 0, "seconds": 95.0,
                 "recipe": "vanilla", "seed": 0, "typical_grad_norm": 1.0, "vision_seconds": 0}
                """);
        TrainerState read = TrainerState.read(dir);
        assertTrue(Double.isNaN(read.stageBegan()), "the resumed stage must not re-plan from a guessed clock");
        assertEquals(0, read.sampleNorms().length);
        assertEquals(0, read.batchNorms().length);
    }
}
