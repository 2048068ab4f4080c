package dev.sightline.trainer.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sightline.spatial.dataset.SceneOptions;
import dev.sightline.spatial.dataset.SpatialDataset;
import dev.sightline.spatial.dataset.SpatialSample;
import dev.sightline.spatial.dataset.Split;
import dev.sightline.spatial.question.CotStep;
import dev.sightline.spatial.question.ObjectBoxes;
import dev.sightline.spatial.render.Box;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class SpatialScenesSourceTest {
    private static final SceneOptions OPTIONS = SceneOptions.TINY;

    @Test
    void aStepsRegionIsExactlyThePatchesItsVisibleObjectsBoxesTouch() {
        int side = OPTIONS.imageSize() / OPTIONS.patchSize();
        int checked = 0;
        for (int i = 0; i < 40; i++) {
            SpatialSample s = SpatialDataset.sample(Split.TRAIN, i, OPTIONS);
            TrainingSample t = SpatialScenesSource.convert(s);
            assertEquals(s.cot().size(), t.stepRegions().size());
            assertNotNull(t.sketchTarget());
            for (int step = 0; step < s.cot().size(); step++) {
                CotStep cot = s.cot().get(step);
                int[] region = t.stepRegions().get(step);
                boolean visible =
                        cot.objects().stream().flatMap(o -> o.views().stream()).anyMatch(b -> !b.isEmpty());
                assertEquals(visible, region.length > 0, s.id() + " step " + step);
                for (int token : region) {
                    assertTrue(token >= 0 && token < s.views().size() * side * side, "token " + token);
                    int view = token / (side * side);
                    int px = token % side;
                    int py = (token % (side * side)) / side;
                    assertTrue(touches(cot, view, px, py, OPTIONS.patchSize()), s.id() + " token " + token);
                }
                checked += region.length;
            }
        }
        assertTrue(checked > 100, "too few region tokens checked: " + checked);
    }

    @Test
    void samplesDrawTheirViewsFromTheListByIndexAlone() {
        List<Integer> views = List.of(1, 2, 3, 4);
        var source = new SpatialScenesSource(Split.TRAIN, OPTIONS, views);
        Map<Integer, Integer> counts = new TreeMap<>();
        for (long i = 0; i < 400; i++) {
            counts.merge(SpatialScenesSource.viewsFor(i, views), 1, Integer::sum);
        }
        assertEquals(views, List.copyOf(counts.keySet()));
        counts.values().forEach(n -> assertTrue(n > 60, "a view count drawn " + n + " times in 400: " + counts));
        for (long i = 0; i < 12; i++) {
            TrainingSample t = source.sample(i);
            assertEquals(SpatialScenesSource.viewsFor(i, views), t.frames().size(), t.id());
            assertEquals(t.question(), source.sample(i).question(), "the same index, the same sample");
        }
    }

    @Test
    void aShareOfSamplesAreGroundingDrillsOfTheSameSceneChosenByIndexAlone() {
        var plain = new SpatialScenesSource(Split.TRAIN, OPTIONS);
        var half = new SpatialScenesSource(Split.TRAIN, OPTIONS, List.of(4), 0.5);
        int drills = 0;
        for (long i = 0; i < 40; i++) {
            TrainingSample family = plain.sample(i);
            TrainingSample t = half.sample(i);
            assertEquals(t.question(), half.sample(i).question(), "the same index, the same sample");
            if (t.family().equals(SpatialScenesSource.GROUNDING)) {
                drills++;
                assertTrue(SpatialScenesSource.isDrill(i, 0.5), t.id());
                assertTrue(t.choices().contains(t.answer()), t.id());
                assertEquals(t.steps().size(), t.stepRegions().size());
                assertEquals(
                        "So the answer is " + t.answer() + ".",
                        t.steps().get(t.steps().size() - 1));
                assertTrue(t.stepRegions().get(0).length > 0, "a drill locates objects that can be seen");
                // the same scene and frames as the family question of that index
                assertEquals(
                        family.teachers().get("geometry")[5][0], t.teachers().get("geometry")[5][0]);
            } else {
                assertEquals(family.question(), t.question(), t.id());
            }
        }
        assertTrue(drills >= 10 && drills <= 30, drills + " drills in 40 at share 0.5");
        long none = java.util.stream.LongStream.range(0, 1000)
                .filter(i -> SpatialScenesSource.isDrill(i, 0))
                .count();
        long all = java.util.stream.LongStream.range(0, 1000)
                .filter(i -> SpatialScenesSource.isDrill(i, 1))
                .count();
        assertEquals(0, none);
        assertEquals(1000, all);
        assertThrows(
                IllegalArgumentException.class, () -> new SpatialScenesSource(Split.TRAIN, OPTIONS, List.of(4), 1.5));
    }

    @Test
    void samplesAndTheirDrillsCarryTheirScenesObjectCount() {
        var half = new SpatialScenesSource(Split.TRAIN, OPTIONS, List.of(4), 0.5);
        java.util.Set<Integer> seen = new java.util.TreeSet<>();
        for (long i = 0; i < 40; i++) {
            SpatialSample s = SpatialDataset.sample(Split.TRAIN, i, OPTIONS);
            int objects = s.scene().objects().size();
            assertEquals(objects, SpatialScenesSource.convert(s).objects(), s.id());
            // a drill asks about the same scene
            assertEquals(objects, half.sample(i).objects(), s.id());
            assertEquals(objects, half.sample(i).blindfolded().objects(), "a copy keeps the count");
            seen.add(objects);
        }
        assertTrue(seen.size() >= 3 && seen.stream().allMatch(n -> n >= 2 && n <= 6), "object counts " + seen);
        SpatialSample hard = SpatialDataset.sample(Split.HARD, 0, OPTIONS);
        assertEquals(
                hard.scene().objects().size(), SpatialScenesSource.convert(hard).objects());
    }

    @Test
    void aSingleViewCountIsTheOptionsOwnRendering() {
        var four = new SpatialScenesSource(Split.TRAIN, OPTIONS);
        var listed = new SpatialScenesSource(Split.TRAIN, OPTIONS, List.of(4));
        for (long i = 0; i < 4; i++) {
            assertEquals(four.sample(i).question(), listed.sample(i).question());
            assertEquals(4, listed.sample(i).frames().size());
        }
        assertThrows(IllegalArgumentException.class, () -> new SpatialScenesSource(Split.TRAIN, OPTIONS, List.of()));
        assertThrows(
                IllegalArgumentException.class, () -> new SpatialScenesSource(Split.TRAIN, OPTIONS, List.of(1, 5)));
    }

    private static boolean touches(CotStep step, int view, int px, int py, int patch) {
        for (ObjectBoxes o : step.objects()) {
            Box b = o.views().get(view);
            if (!b.isEmpty()
                    && b.minX() <= px * patch + patch - 1
                    && b.maxX() >= px * patch
                    && b.minY() <= py * patch + patch - 1
                    && b.maxY() >= py * patch) {
                return true;
            }
        }
        return false;
    }
}
