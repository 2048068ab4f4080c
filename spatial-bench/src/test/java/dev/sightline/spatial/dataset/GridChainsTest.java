package dev.sightline.spatial.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sightline.spatial.question.Chains;
import dev.sightline.spatial.question.DistanceBuckets;
import dev.sightline.spatial.question.Family;
import dev.sightline.spatial.scene.Table;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class GridChainsTest {
    private static final SceneOptions GRID = new SceneOptions(64, 1, 8, Chains.GRID);
    private static final Set<Family> ARITHMETIC =
            EnumSet.of(Family.RELATIVE_DIRECTION, Family.RELATIVE_DISTANCE, Family.ABSOLUTE_DISTANCE);
    private static final Pattern SQUARE =
            Pattern.compile("^(?:The|There is a) (.+?) (?:is )?in column (\\d), row (\\d)\\.$");
    private static final Pattern PRODUCT = Pattern.compile("(-?\\d+) times (-?\\d+) is (-?\\d+)");
    private static final Pattern COMPARISON = Pattern.compile("(-?\\d+) is (less|more) than (-?\\d+)");

    /** An object as a grid chain states it: its description and its square. */
    private record Stated(String description, int column, int row) {}

    @ParameterizedTest
    @EnumSource(Split.class)
    void everyGridChainReachesItsAnswerFromTheSquaresItStates(Split split) {
        int checked = 0;
        for (int i = 0; i < 150; i++) {
            SpatialSample s = SpatialDataset.sample(split, i, GRID);
            List<Stated> stated = stated(s);
            if (!ARITHMETIC.contains(s.family())) {
                continue;
            }
            checked++;
            assertEquals(s.family() == Family.ABSOLUTE_DISTANCE ? 2 : 3, stated.size(), s.cotText());
            assertEquals(recomputed(s, stated), s.answer(), s.cotText());
            assertTrue(s.cot().get(s.cot().size() - 1).text().endsWith("answer is " + s.answer() + "."), s.cotText());
        }
        assertTrue(checked >= 80, "only " + checked + " distance or direction samples");
    }

    @ParameterizedTest
    @EnumSource(Split.class)
    void everyProductAndComparisonAGridChainStatesIsTrue(Split split) {
        int statements = 0;
        for (int i = 0; i < 150; i++) {
            SpatialSample s = SpatialDataset.sample(split, i, GRID);
            for (var step : s.cot()) {
                for (Matcher m = PRODUCT.matcher(step.text()); m.find(); statements++) {
                    assertEquals(
                            Integer.parseInt(m.group(1)) * Integer.parseInt(m.group(2)),
                            Integer.parseInt(m.group(3)),
                            step.text());
                }
                for (Matcher m = COMPARISON.matcher(step.text()); m.find(); statements++) {
                    int a = Integer.parseInt(m.group(1));
                    int b = Integer.parseInt(m.group(3));
                    assertTrue(m.group(2).equals("less") ? a < b : a > b, step.text());
                }
            }
        }
        assertTrue(statements >= 60, "only " + statements + " arithmetic statements");
    }

    @ParameterizedTest
    @EnumSource(Split.class)
    void questionsThatDoNotComputeFromPositionsAreTheDecimalOnes(Split split) {
        SceneOptions decimal = GRID.withChains(Chains.DECIMAL);
        for (int i = 0; i < 60; i++) {
            SpatialSample grid = SpatialDataset.sample(split, i, GRID);
            if (!ARITHMETIC.contains(grid.family())) {
                SpatialSample dec = SpatialDataset.sample(split, i, decimal);
                assertEquals(dec.scene(), grid.scene());
                assertEquals(dec.questionText(), grid.questionText());
                assertEquals(dec.answer(), grid.answer());
            }
        }
    }

    /** Each "... in column c, row r." line, checked against the scene object it describes. */
    private static List<Stated> stated(SpatialSample s) {
        List<Stated> out = new ArrayList<>();
        for (var step : s.cot()) {
            Matcher m = SQUARE.matcher(step.text());
            if (!m.matches()) {
                assertTrue(!step.text().contains(" x = "), "a grid chain states no decimal position: " + step.text());
                continue;
            }
            Stated st = new Stated(m.group(1), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
            boolean some = s.scene().objects().stream()
                    .filter(o -> st.description().endsWith(o.colourShape()))
                    .anyMatch(o -> square(o.x()) == st.column() && square(o.z()) == st.row());
            assertTrue(some, "no object of " + s.id() + " fits \"" + step.text() + "\"");
            out.add(st);
        }
        return out;
    }

    private static int square(double v) {
        return (int) Math.min(2 * Table.HALF_EXTENT - 1, Math.max(0, Math.floor(v + Table.HALF_EXTENT)));
    }

    /** The answer from the stated squares alone, by the centre-to-centre geometry of the squares. */
    private static String recomputed(SpatialSample s, List<Stated> st) {
        Stated a = st.get(0);
        Stated b = st.get(1);
        return switch (s.family()) {
            case ABSOLUTE_DISTANCE -> DistanceBuckets.label(Math.hypot(a.column() - b.column(), a.row() - b.row()));
            case RELATIVE_DISTANCE -> {
                Stated c = st.get(2);
                double toB = Math.hypot(b.column() - a.column(), b.row() - a.row());
                double toC = Math.hypot(c.column() - a.column(), c.row() - a.row());
                yield name(toB < toC ? b : c);
            }
            default -> {
                Stated t = st.get(2);
                // the bearing of the target from the heading, as angles, not the chain's cross product
                double heading = Math.atan2(b.row() - a.row(), b.column() - a.column());
                double turn = Math.atan2(t.row() - a.row(), t.column() - a.column()) - heading;
                yield Math.sin(turn) > 0 ? "right" : "left";
            }
        };
    }

    private static String name(Stated st) {
        return st.description();
    }
}
