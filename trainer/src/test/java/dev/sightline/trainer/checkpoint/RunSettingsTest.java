package dev.sightline.trainer.checkpoint;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
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
}
