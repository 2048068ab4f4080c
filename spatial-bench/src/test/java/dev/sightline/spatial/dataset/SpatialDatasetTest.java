package dev.sightline.spatial.dataset;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sightline.spatial.question.Family;
import dev.sightline.spatial.render.RenderedView;
import dev.sightline.spatial.teacher.TeacherFeatures;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SpatialDatasetTest {

    @ParameterizedTest
    @EnumSource(Split.class)
    void theSameSplitAndIndexGiveTheSameSampleByteForByte(Split split) {
        for (long index : new long[] {0, 5, 123_456_789L}) {
            SpatialSample a = SpatialDataset.sample(split, index, SceneOptions.TINY);
            SpatialSample b = SpatialDataset.sample(split, index, SceneOptions.TINY);
            assertEquals(a.seed(), b.seed());
            assertEquals(a.scene(), b.scene());
            assertEquals(a.questionText(), b.questionText());
            assertEquals(a.answer(), b.answer());
            assertEquals(a.cot(), b.cot());
            assertArrayEquals(a.topDownMap().png(), b.topDownMap().png());
            for (int v = 0; v < a.views().size(); v++) {
                RenderedView x = a.views().get(v);
                RenderedView y = b.views().get(v);
                assertArrayEquals(x.image().png(), y.image().png());
                assertArrayEquals(x.depth(), y.depth());
                assertArrayEquals(x.objectIds(), y.objectIds());
                TeacherFeatures p = a.teacher().get(v);
                TeacherFeatures q = b.teacher().get(v);
                assertTrue(Arrays.deepEquals(p.geometry(), q.geometry()));
                assertTrue(Arrays.deepEquals(p.semantic(), q.semantic()));
            }
        }
    }

    @Test
    void differentIndicesAndSplitsGiveDifferentScenes() {
        SpatialSample first = SpatialDataset.sample(Split.TRAIN, 7, SceneOptions.TINY);
        assertNotEquals(
                first.scene(),
                SpatialDataset.sample(Split.TRAIN, 8, SceneOptions.TINY).scene());
        assertNotEquals(
                first.scene(),
                SpatialDataset.sample(Split.TEST, 7, SceneOptions.TINY).scene());
        assertFalse(Arrays.equals(
                first.views().get(0).image().png(),
                SpatialDataset.sample(Split.TRAIN, 8, SceneOptions.TINY)
                        .views()
                        .get(0)
                        .image()
                        .png()));
    }

    @Test
    void seedStreamsOfTheSplitsAreDisjoint() {
        Set<Long> seeds = new HashSet<>();
        for (Split split : Split.values()) {
            for (long i = 0; i < 5000; i++) {
                assertTrue(seeds.add(SpatialDataset.seed(split, i)), split + " " + i);
            }
        }
        assertThrows(IllegalArgumentException.class, () -> SpatialDataset.seed(Split.TRAIN, -1));
        assertThrows(IllegalArgumentException.class, () -> SpatialDataset.seed(Split.TRAIN, SpatialDataset.MAX_INDEX));
    }

    @ParameterizedTest
    @EnumSource(Split.class)
    void everyFamilyAppearsInEverySplit(Split split) {
        Set<Family> seen = EnumSet.noneOf(Family.class);
        for (SpatialSample sample : Samples.of(split).subList(0, 60)) {
            seen.add(sample.family());
            assertEquals(SpatialDataset.familyFor(sample.index(), SceneOptions.TINY), sample.family());
        }
        assertEquals(EnumSet.allOf(Family.class), seen);
    }

    @Test
    void anExplicitFamilyIsHonoured() {
        for (Family family : Family.values()) {
            for (Split split : Split.values()) {
                assertEquals(
                        family,
                        SpatialDataset.sample(split, 11, SceneOptions.TINY, family)
                                .family());
            }
        }
    }

    @Test
    void oneViewSkipsAppearanceOrderAndRefusesIt() {
        SceneOptions oneView = new SceneOptions(64, 1, 8);
        assertEquals(5, oneView.families().size());
        for (int i = 0; i < 10; i++) {
            SpatialSample sample = SpatialDataset.sample(Split.TRAIN, i, oneView);
            assertEquals(1, sample.views().size());
            assertNotEquals(Family.APPEARANCE_ORDER, sample.family());
        }
        assertThrows(
                IllegalArgumentException.class,
                () -> SpatialDataset.sample(Split.TRAIN, 0, oneView, Family.APPEARANCE_ORDER));
    }

    @Test
    void samplesFollowTheOptions() {
        SpatialSample small = SpatialDataset.sample(Split.HARD, 3, SceneOptions.SMALL);
        assertEquals(4, small.views().size());
        assertEquals(128, small.views().get(0).size());
        assertEquals(128, small.topDownMap().size());
        assertEquals(64, small.teacher().get(0).numPatches());
        SpatialSample twoViews = SpatialDataset.sample(Split.TEST, 3, new SceneOptions(64, 2, 16));
        assertEquals(2, twoViews.views().size());
        assertEquals(16, twoViews.teacher().get(1).numPatches());
        assertEquals("test-000003", twoViews.id());
    }

    @Test
    void invalidOptionsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new SceneOptions(64, 0, 8));
        assertThrows(IllegalArgumentException.class, () -> new SceneOptions(64, 5, 8));
        assertThrows(IllegalArgumentException.class, () -> new SceneOptions(64, 4, 7));
        assertThrows(IllegalArgumentException.class, () -> new SceneOptions(8, 4, 8));
    }
}
