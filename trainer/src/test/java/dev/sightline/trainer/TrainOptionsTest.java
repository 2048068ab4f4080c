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

    @Test
    void stage2TrainsItsTextShareAsStage1AndNothingElseWithoutLatents() {
        assertEquals(0, count(tiny().build(), 10_000), "by default every stage-2 sample has its latents");
        TrainOptions quarter = tiny().stage2TextShare(0.25).build();
        int text = count(quarter, 10_000);
        assertTrue(Math.abs(text - 2_500) < 150, text + " of 10000 samples without latents at a share of 0.25");
        assertEquals(0.25, quarter.settings().stage2().textShare());
        for (double bad : new double[] {-0.1, 1, Double.NaN}) {
            var e = assertThrows(
                    IllegalArgumentException.class,
                    () -> tiny().stage2TextShare(bad).build());
            assertTrue(e.getMessage().contains("--stage2-text-share"), e.getMessage());
        }
    }

    @Test
    void stage2RunsAtHalfStage1sRateUnlessToldAndRefusesANonPositiveOne() {
        assertEquals(0.5, tiny().build().stage2LrScale());
        assertEquals(0.2, tiny().stage2LrScale(0.2).build().settings().stage2().stage2LrScale());
        var e = assertThrows(
                IllegalArgumentException.class, () -> tiny().stage2LrScale(0).build());
        assertTrue(e.getMessage().contains("--stage2-lr-scale"), e.getMessage());
    }

    private static int count(TrainOptions o, int samples) {
        int text = 0;
        for (long i = 0; i < samples; i++) {
            text += o.textInStage2(i) ? 1 : 0;
        }
        return text;
    }
}
