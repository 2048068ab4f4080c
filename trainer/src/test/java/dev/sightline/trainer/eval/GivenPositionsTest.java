package dev.sightline.trainer.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sightline.spatial.dataset.SceneOptions;
import dev.sightline.spatial.dataset.Split;
import dev.sightline.spatial.question.Chains;
import dev.sightline.spatial.scene.Table;
import dev.sightline.trainer.data.PositionMention;
import dev.sightline.trainer.data.SpatialScenesSource;
import dev.sightline.trainer.data.TrainingSample;
import java.util.List;
import org.junit.jupiter.api.Test;

class GivenPositionsTest {
    private static final List<TrainingSample> SAMPLES =
            new SpatialScenesSource(Split.TEST, new SceneOptions(64, 1, 8), List.of(1), 0).first(60);

    @Test
    void goldHandsOverTheChainUpToItsLastPositionLineAndKeepsTheLabels() {
        int withPositions = 0;
        for (TrainingSample s : SAMPLES) {
            TrainingSample given = GivenPositions.GOLD.apply(s, 1);
            int n = GivenPositions.givenSteps(s);
            if (n == 0) {
                assertSame(s, given);
                continue;
            }
            withPositions++;
            String expected = s.question() + "\n" + String.join("\n", s.steps().subList(0, n));
            assertEquals(expected, given.question());
            assertTrue(PositionMention.in(s.steps().get(n - 1)).size() > 0);
            s.steps()
                    .subList(n, s.steps().size())
                    .forEach(later -> assertTrue(PositionMention.in(later).isEmpty(), later));
            assertEquals(s.steps(), given.steps());
            assertEquals(s.answer(), given.answer());
            assertEquals(s.choices(), given.choices());
        }
        assertTrue(withPositions > 20, "most families state positions: " + withPositions);
    }

    @Test
    void randomKeepsEveryWordAndDrawsEveryNumberOverTheTable() {
        int changed = 0;
        for (TrainingSample s : SAMPLES) {
            TrainingSample gold = GivenPositions.GOLD.apply(s, 1);
            TrainingSample random = GivenPositions.RANDOM.apply(s, 1);
            assertEquals(
                    gold.question().replaceAll("-?\\d+\\.\\d+", "#"),
                    random.question().replaceAll("-?\\d+\\.\\d+", "#"));
            List<PositionMention> goldMentions = PositionMention.in(gold.question());
            List<PositionMention> randomMentions = PositionMention.in(random.question());
            assertEquals(goldMentions.size(), randomMentions.size());
            for (int i = 0; i < randomMentions.size(); i++) {
                PositionMention m = randomMentions.get(i);
                assertEquals(goldMentions.get(i).name(), m.name());
                assertTrue(Table.contains(m.x(), m.z()), m.toString());
                changed += m.x() != goldMentions.get(i).x() ? 1 : 0;
            }
        }
        assertTrue(changed > 20, "numbers redrawn: " + changed);
    }

    @Test
    void randomIsReproducibleForASeedAndDiffersAcrossSeeds() {
        TrainingSample s = SAMPLES.stream()
                .filter(t -> GivenPositions.givenSteps(t) > 1)
                .findFirst()
                .orElseThrow();
        assertEquals(
                GivenPositions.RANDOM.apply(s, 3).question(),
                GivenPositions.RANDOM.apply(s, 3).question());
        assertNotEquals(
                GivenPositions.RANDOM.apply(s, 3).question(),
                GivenPositions.RANDOM.apply(s, 4).question());
    }

    @Test
    void anUnknownNameIsAnErrorThatNamesTheOption() {
        assertEquals(GivenPositions.GOLD, GivenPositions.parse("gold"));
        var e = assertThrows(IllegalArgumentException.class, () -> GivenPositions.parse("noise"));
        assertTrue(e.getMessage().contains("--given-positions"));
    }

    @Test
    void onGridChainsRandomRedrawsTheSquaresAndKeepsEveryWord() {
        List<TrainingSample> grid =
                new SpatialScenesSource(Split.TEST, new SceneOptions(64, 1, 8, Chains.GRID), List.of(1), 0).first(60);
        int given = 0;
        int changed = 0;
        for (TrainingSample s : grid) {
            int n = GivenPositions.givenSteps(s);
            if (n == 0) {
                continue;
            }
            given++;
            assertTrue(s.steps().get(n - 1).contains(" in column "), s.steps().get(n - 1));
            String gold = GivenPositions.GOLD.apply(s, 1).question();
            String random = GivenPositions.RANDOM.apply(s, 1).question();
            assertEquals(gold.replaceAll("column \\d, row \\d", "#"), random.replaceAll("column \\d, row \\d", "#"));
            changed += gold.equals(random) ? 0 : 1;
        }
        assertTrue(given > 20, "most grid chains state squares: " + given);
        assertTrue(changed > given / 2, "squares redrawn in " + changed + " of " + given);
    }
}
