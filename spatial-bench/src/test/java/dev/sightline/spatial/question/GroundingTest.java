package dev.sightline.spatial.question;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sightline.spatial.dataset.Samples;
import dev.sightline.spatial.dataset.SpatialSample;
import dev.sightline.spatial.dataset.Split;
import dev.sightline.spatial.scene.ObjectRef;
import dev.sightline.spatial.scene.SceneObject;
import dev.sightline.spatial.scene.SeededRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class GroundingTest {

    private static Optional<Grounding.Drill> drillOf(SpatialSample s) {
        return Grounding.drill(s.scene(), s.views(), new SeededRandom(s.seed()));
    }

    @Test
    void sameSceneAndSeedGiveTheSameDrill() {
        for (SpatialSample s : Samples.of(Split.TRAIN).subList(0, 40)) {
            assertEquals(drillOf(s), drillOf(s));
        }
    }

    @Test
    void everyNamedObjectIsLocatedAndTheAnswerIsItsClearExtreme() {
        int drills = 0;
        for (Split split : Split.values()) {
            for (SpatialSample s : Samples.of(split).subList(0, 100)) {
                Optional<Grounding.Drill> drill = drillOf(s);
                if (drill.isEmpty()) {
                    continue;
                }
                drills++;
                Grounding.Drill d = drill.get();
                assertTrue(d.choices().size() >= 2 && d.choices().size() <= Grounding.MAX_OBJECTS, d.question());
                assertTrue(d.choices().contains(d.answer()), d.answer());
                assertEquals(d.choices().size() + 1, d.cot().size());
                assertEquals(
                        "So the answer is " + d.answer() + ".",
                        d.cot().get(d.cot().size() - 1).text());

                String axis =
                        d.question().contains("smallest x") || d.question().contains("largest x") ? "x" : "z";
                boolean smallest = d.question().contains("smallest");
                List<Double> values = new ArrayList<>();
                for (int i = 0; i < d.choices().size(); i++) {
                    SceneObject object = resolve(s, d.choices().get(i));
                    assertTrue(d.question().contains("the " + d.choices().get(i)), d.question());
                    assertEquals(
                            ChainOfThought.capitalised("the " + d.choices().get(i)) + " is at x = "
                                    + ChainOfThought.oneDecimal(object.x()) + ", z = "
                                    + ChainOfThought.oneDecimal(object.z()) + ".",
                            d.cot().get(i).text());
                    assertEquals(List.of(object.id()), d.cot().get(i).objectIds());
                    values.add(axis.equals("x") ? object.x() : object.z());
                }
                SceneObject answer = resolve(s, d.answer());
                double extreme = axis.equals("x") ? answer.x() : answer.z();
                for (double v : values) {
                    if (v != extreme) {
                        assertTrue((smallest ? v - extreme : extreme - v) >= Grounding.MARGIN, d.question());
                    }
                }
            }
        }
        // most scenes carry a drill; a generator that gave up on all of them would pass the loop vacuously
        assertTrue(drills > 240, drills + " drills in 300 scenes");
    }

    @Test
    void drillsAskEveryAxisAndDirection() {
        List<String> asked = Samples.of(Split.TRAIN).subList(0, 100).stream()
                .map(GroundingTest::drillOf)
                .flatMap(Optional::stream)
                .map(d -> d.question().substring(0, d.question().indexOf(':')))
                .distinct()
                .toList();
        assertEquals(
                java.util.Set.of(
                        "Which has the smallest x",
                        "Which has the largest x",
                        "Which has the smallest z",
                        "Which has the largest z"),
                java.util.Set.copyOf(asked));
    }

    private static SceneObject resolve(SpatialSample s, String name) {
        return s.scene().objects().stream()
                .filter(o -> s.scene()
                        .referenceTo(o)
                        .map(ObjectRef::name)
                        .filter(name::equals)
                        .isPresent())
                .findFirst()
                .orElseThrow(() -> new AssertionError("no object named " + name + " in " + s.id()));
    }
}
