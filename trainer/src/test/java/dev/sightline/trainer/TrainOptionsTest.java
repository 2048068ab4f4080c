package dev.sightline.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sightline.latent.preset.Preset;
import dev.sightline.spatial.question.Chains;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class TrainOptionsTest {
    private static TrainOptions.Builder tiny() {
        return TrainOptions.builder(Preset.parse("tiny"), Recipe.parse("vanilla"), Path.of("unused"));
    }

    @Test
    void chainsAreDecimalUnlessAskedAndACheckpointRecordsThem() {
        assertEquals(Chains.DECIMAL, tiny().build().chains());
        TrainOptions grid = tiny().chains(Chains.GRID).build();
        assertEquals(Chains.GRID, grid.settings().chains());
        assertEquals(Chains.GRID, grid.resuming(true).chains());
    }

    @Test
    void gridChainsRefuseTheLossesThatReadDecimalPositions() {
        for (TrainOptions.Builder b : new TrainOptions.Builder[] {
            tiny().locateWeight(0.1), tiny().groundingWeight(0.1), tiny().groundingShare(0.2)
        }) {
            var e = assertThrows(
                    IllegalArgumentException.class, () -> b.chains(Chains.GRID).build());
            assertTrue(e.getMessage().contains("--chains grid"), e.getMessage());
        }
    }
}
