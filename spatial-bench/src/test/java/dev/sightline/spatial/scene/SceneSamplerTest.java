package dev.sightline.spatial.scene;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SceneSamplerTest {

    @Test
    void trainingScenesHaveTwoToSixObjectsAndNoHeldOutPair() {
        Set<Integer> counts = new HashSet<>();
        for (long seed = 0; seed < 2000; seed++) {
            Scene scene = SceneSampler.sample(new SeededRandom(seed), SceneRules.TRAINING);
            counts.add(scene.size());
            assertFalse(HeldOutPairs.anyIn(scene), "seed " + seed);
            assertLaidOut(scene);
        }
        assertEquals(Set.of(2, 3, 4, 5, 6), counts);
    }

    @Test
    void hardScenesHaveSevenToNineObjectsAndAHeldOutPair() {
        Set<Integer> counts = new HashSet<>();
        Set<HeldOutPairs.Pair> pairs = new HashSet<>();
        for (long seed = 0; seed < 1000; seed++) {
            Scene scene = SceneSampler.sample(new SeededRandom(seed), SceneRules.HARD);
            counts.add(scene.size());
            assertTrue(HeldOutPairs.anyIn(scene), "seed " + seed);
            scene.objects().stream()
                    .map(o -> new HeldOutPairs.Pair(o.colour(), o.shape()))
                    .filter(HeldOutPairs.PAIRS::contains)
                    .forEach(pairs::add);
            assertLaidOut(scene);
        }
        assertEquals(Set.of(7, 8, 9), counts);
        assertEquals(Set.copyOf(HeldOutPairs.PAIRS), pairs);
    }

    @Test
    void theHeldOutPairsUseFourColoursAndEveryShape() {
        assertEquals(4, HeldOutPairs.PAIRS.size());
        assertEquals(
                4,
                HeldOutPairs.PAIRS.stream()
                        .map(HeldOutPairs.Pair::colour)
                        .distinct()
                        .count());
        assertEquals(
                4,
                HeldOutPairs.PAIRS.stream()
                        .map(HeldOutPairs.Pair::shape)
                        .distinct()
                        .count());
    }

    @Test
    void referencesAddTheSizeOnlyWhenNeeded() {
        SceneObject bigRed = new SceneObject(0, Shape.CUBE, Colour.RED, Size.LARGE, 0, 0);
        SceneObject smallRed = new SceneObject(1, Shape.CUBE, Colour.RED, Size.SMALL, 2, 0);
        SceneObject twin = new SceneObject(2, Shape.CUBE, Colour.RED, Size.SMALL, -2, 0);
        SceneObject blue = new SceneObject(3, Shape.SPHERE, Colour.BLUE, Size.SMALL, 0, 2);

        Scene pair = new Scene(List.of(bigRed, new SceneObject(1, Shape.SPHERE, Colour.BLUE, Size.SMALL, 2, 0)));
        assertEquals("the red cube", pair.referenceTo(bigRed).orElseThrow().phrase());

        Scene sized = new Scene(List.of(bigRed, smallRed));
        assertEquals("large red cube", sized.referenceTo(bigRed).orElseThrow().name());
        assertEquals(smallRed, sized.resolve(sized.referenceTo(smallRed).orElseThrow()));

        Scene twins = new Scene(List.of(bigRed, smallRed, twin, blue));
        assertEquals(Optional.empty(), twins.referenceTo(smallRed));
        assertThrows(IllegalArgumentException.class, () -> twins.resolve(new ObjectRef(Colour.RED, Shape.CUBE, null)));
    }

    @Test
    void theGeneratorIsFixedBySplitMix64() {
        // reference values of SplitMix64 seeded with 0: the stream must not depend on the JDK
        SeededRandom rng = new SeededRandom(0);
        assertEquals(0xE220A8397B1DCDAFL, rng.nextLong());
        assertEquals(0x6E789E6AA1B965F4L, rng.nextLong());
    }

    private static void assertLaidOut(Scene scene) {
        for (SceneObject a : scene.objects()) {
            assertTrue(Math.abs(a.x()) + a.footprintRadius() <= Table.HALF_EXTENT, a.toString());
            assertTrue(Math.abs(a.z()) + a.footprintRadius() <= Table.HALF_EXTENT, a.toString());
            for (SceneObject b : scene.objects()) {
                if (a.id() < b.id()) {
                    double clearance = a.footprintRadius() + b.footprintRadius() + SceneSampler.MIN_GAP;
                    assertTrue(a.distanceTo(b) >= clearance, a + " overlaps " + b);
                }
            }
        }
    }
}
