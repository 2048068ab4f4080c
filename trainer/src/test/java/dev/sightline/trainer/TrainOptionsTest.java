package dev.sightline.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sightline.latent.preset.Preset;
import dev.sightline.spatial.question.Chains;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class TrainOptionsTest {
    private static TrainOptionsBuilder tiny() {
        return TrainOptions.builder(Preset.parse("tiny"), Recipe.parse("vanilla"), Path.of("unused"));
    }

    @Test
    void chainsAreDecimalUnlessAskedAndACheckpointRecordsThem() {
        assertEquals(Chains.DECIMAL, tiny().build().chains());
        TrainOptions grid = tiny().chains(Chains.GRID).build();
        assertEquals(Chains.GRID, grid.settings().chains());
        TrainOptions resumed = tiny().chains(Chains.GRID).resume(true).build();
        assertEquals(Chains.GRID, resumed.chains());
        assertTrue(resumed.resume());
    }

    @Test
    void gridChainsRefuseTheDecimalDrillsAndTakeTheLossesAtTheirSquares() {
        var e = assertThrows(
                IllegalArgumentException.class,
                () -> tiny().groundingShare(0.2).chains(Chains.GRID).build());
        assertTrue(e.getMessage().contains("--chains grid"), e.getMessage());
        TrainOptions grid =
                tiny().groundingWeight(0.5).locateWeight(1).chains(Chains.GRID).build();
        assertEquals(0.5, grid.groundingWeight());
        assertEquals(1, grid.locateWeight());
    }
}
