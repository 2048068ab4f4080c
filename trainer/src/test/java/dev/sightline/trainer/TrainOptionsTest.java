package dev.sightline.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sightline.latent.preset.Preset;
import dev.sightline.spatial.question.Chains;
import java.nio.file.Path;
import java.util.List;
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

    @Test
    void byObjectsASceneOfMoreObjectsGetsALargerKAndAnUnknownCountTheDraw() {
        TrainOptions o = tiny().latentSteps(List.of(1, 4, 9, 16))
                .latentStepsBy(LatentStepsBy.OBJECTS)
                .build();
        // objects -> K: training's 2..6 spread over the list's positions, rounded half up; the hard split clamps
        int[][] expected = {{1, 1}, {2, 1}, {3, 4}, {4, 9}, {5, 9}, {6, 16}, {7, 16}, {8, 16}, {9, 16}};
        for (int[] e : expected) {
            assertEquals(e[1], o.latentStepsForObjects(e[0]), e[0] + " objects");
            for (long index : new long[] {0, 7, 8, 12_345}) {
                assertEquals(e[1], o.latentStepsFor(index, e[0]), e[0] + " objects, sample " + index);
            }
        }
        for (long index = 0; index < 200; index++) {
            assertEquals(o.latentStepsFor(index), o.latentStepsFor(index, 0), "unknown count: the draw");
        }
        assertEquals(LatentStepsBy.OBJECTS, o.settings().stage2().latentStepsBy());
        TrainOptions one = tiny().latentSteps(List.of(4))
                .latentStepsBy(LatentStepsBy.OBJECTS)
                .build();
        assertEquals(4, one.latentStepsFor(3, 2));
        assertEquals(4, one.latentStepsFor(3, 6));
        TrainOptions two = tiny().latentSteps(List.of(4, 16))
                .latentStepsBy(LatentStepsBy.OBJECTS)
                .build();
        assertEquals(
                List.of(4, 4, 16, 16, 16),
                List.of(2, 3, 4, 5, 6).stream().map(two::latentStepsForObjects).toList());
    }

    @Test
    void byDrawEachStepDrawsOneKForAllItsSamplesAsEverWhateverTheirScenes() {
        TrainOptions o =
                tiny().latentSteps(List.of(1, 4, 9, 16)).seed(3).batch(8).build();
        assertEquals(LatentStepsBy.DRAW, o.latentStepsBy(), "the default");
        assertEquals(LatentStepsBy.DRAW, o.settings().stage2().latentStepsBy());
        for (long index = 0; index < 400; index++) {
            // the formula every run before --latent-steps-by trained with
            int before = List.of(1, 4, 9, 16)
                    .get(new java.util.SplittableRandom(3 ^ (index / 8) * 0x9E3779B97F4A7C15L).nextInt(4));
            assertEquals(before, o.latentStepsFor(index), "sample " + index);
            for (int objects = 0; objects <= 9; objects++) {
                assertEquals(before, o.latentStepsFor(index, objects), "sample " + index + ", " + objects + " objects");
            }
        }
        assertEquals(LatentStepsBy.OBJECTS, LatentStepsBy.parse(" Objects "));
        var e = assertThrows(IllegalArgumentException.class, () -> LatentStepsBy.parse("scene"));
        assertTrue(e.getMessage().contains("--latent-steps-by"), e.getMessage());
    }

    @Test
    void theMapTargetTakesOnlySquareKAndIsRecordedWithTheRun() {
        TrainOptions o = tiny().latentSteps(List.of(1, 4, 9, 16))
                .lvrTarget(LvrTarget.MAP)
                .build();
        assertEquals(LvrTarget.MAP, o.settings().stage2().lvrTarget());
        assertEquals(LvrTarget.REGION, tiny().build().lvrTarget(), "the default");
        var lvr = TrainOptions.builder(Preset.parse("tiny"), Recipe.parse("lvr"), Path.of("unused"));
        var e = assertThrows(
                IllegalArgumentException.class,
                () -> lvr.latentSteps(List.of(1, 2, 4)).lvrTarget(LvrTarget.MAP).build());
        assertTrue(e.getMessage().contains("--latent-steps must be squares"), e.getMessage());
        assertEquals(
                List.of(1, 2, 4),
                tiny().latentSteps(List.of(1, 2, 4))
                        .lvrTarget(LvrTarget.MAP)
                        .build()
                        .latentSteps(),
                "a recipe that reconstructs nothing lays out no map");
        assertEquals(LvrTarget.MAP, LvrTarget.parse(" Map "));
        e = assertThrows(IllegalArgumentException.class, () -> LvrTarget.parse("sketch"));
        assertTrue(e.getMessage().contains("--lvr-target"), e.getMessage());
    }

    private static int count(TrainOptions o, int samples) {
        int text = 0;
        for (long i = 0; i < samples; i++) {
            text += o.textInStage2(i) ? 1 : 0;
        }
        return text;
    }
}
