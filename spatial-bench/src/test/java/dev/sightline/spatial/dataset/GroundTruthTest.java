package dev.sightline.spatial.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sightline.spatial.question.CotStep;
import dev.sightline.spatial.question.Family;
import dev.sightline.spatial.question.ObjectBoxes;
import dev.sightline.spatial.question.Question;
import dev.sightline.spatial.question.Solver;
import dev.sightline.spatial.render.Box;
import dev.sightline.spatial.render.RenderedView;
import dev.sightline.spatial.render.Visibility;
import dev.sightline.spatial.scene.HeldOutPairs;
import dev.sightline.spatial.scene.ObjectRef;
import dev.sightline.spatial.scene.Scene;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Checks the generated samples against the ground truth, over the first samples of every split. */
class GroundTruthTest {

    @ParameterizedTest
    @EnumSource(Split.class)
    void everyAnswerIsTheSolversAndOneOfTheChoices(Split split) {
        for (SpatialSample sample : Samples.of(split)) {
            String solved = Solver.answer(sample.question(), sample.scene(), sample.views());
            assertEquals(solved, sample.answer(), sample.id() + ": " + sample.questionText());
            assertTrue(sample.choices().contains(sample.answer()), sample.id());
            assertEquals(
                    sample.choices().size(),
                    sample.choices().stream().distinct().count(),
                    sample.id());
        }
    }

    @ParameterizedTest
    @EnumSource(Split.class)
    void theChainOfThoughtEndsWithTheAnswerAndBoxesEveryObjectItNames(Split split) {
        for (SpatialSample sample : Samples.of(split)) {
            List<CotStep> cot = sample.cot();
            assertFalse(cot.isEmpty(), sample.id());
            assertEquals(
                    "So the answer is " + sample.answer() + ".",
                    cot.get(cot.size() - 1).text());
            for (CotStep step : cot) {
                assertFalse(step.text().contains("\n"));
                for (ObjectBoxes boxes : step.objects()) {
                    assertEquals(sample.views().size(), boxes.views().size());
                    boolean somewhere = false;
                    for (int v = 0; v < sample.views().size(); v++) {
                        RenderedView view = sample.views().get(v);
                        Box box = boxes.views().get(v);
                        assertEquals(view.box(boxes.objectId()), box);
                        somewhere |= !box.isEmpty();
                    }
                    assertTrue(somewhere, sample.id() + " names object " + boxes.objectId() + " no view shows");
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Split.class)
    void appearanceOrderAsksAboutObjectsThatFirstAppearInDifferentViews(Split split) {
        int asked = 0;
        for (SpatialSample sample : Samples.of(split)) {
            if (sample.question() instanceof Question.FirstToAppear q) {
                int first = firstView(sample, q.first());
                int second = firstView(sample, q.second());
                assertNotEquals(first, second, sample.id());
                assertEquals(first < second ? q.first().name() : q.second().name(), sample.answer());
                asked++;
            }
        }
        assertTrue(asked >= 40, "only " + asked + " appearance-order questions");
    }

    @ParameterizedTest
    @EnumSource(Split.class)
    void objectCountsAndHeldOutPairsFollowTheSplit(Split split) {
        for (SpatialSample sample : Samples.of(split)) {
            Scene scene = sample.scene();
            if (split == Split.HARD) {
                assertTrue(scene.size() >= 7 && scene.size() <= 9, sample.id() + " has " + scene.size());
                assertTrue(HeldOutPairs.anyIn(scene), sample.id());
            } else {
                assertTrue(scene.size() >= 2 && scene.size() <= 6, sample.id() + " has " + scene.size());
                assertFalse(HeldOutPairs.anyIn(scene), sample.id());
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Split.class)
    void sizeQuestionsNeverNameTheSize(Split split) {
        for (SpatialSample sample : Samples.of(split)) {
            if (sample.family() == Family.OBJECT_SIZE) {
                assertFalse(sample.questionText().matches(".*\\b(small|medium|large) [a-z]+ [a-z]+\\b.*"), sample.id());
            }
        }
    }

    private static int firstView(SpatialSample sample, ObjectRef ref) {
        return Visibility.firstView(sample.views(), sample.scene().resolve(ref).id())
                .orElseThrow();
    }
}
