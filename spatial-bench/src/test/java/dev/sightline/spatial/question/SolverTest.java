package dev.sightline.spatial.question;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.sightline.spatial.render.RenderedView;
import dev.sightline.spatial.render.Renderer;
import dev.sightline.spatial.scene.Colour;
import dev.sightline.spatial.scene.ObjectRef;
import dev.sightline.spatial.scene.Scene;
import dev.sightline.spatial.scene.SceneObject;
import dev.sightline.spatial.scene.Shape;
import dev.sightline.spatial.scene.Size;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The solver on hand-made scenes, which pins down the conventions. */
class SolverTest {
    private static final SceneObject RED_CUBE = new SceneObject(0, Shape.CUBE, Colour.RED, Size.LARGE, 0, 0);
    private static final SceneObject BLUE_SPHERE = new SceneObject(1, Shape.SPHERE, Colour.BLUE, Size.SMALL, 0, -2);
    private static final SceneObject GREEN_CONE = new SceneObject(2, Shape.CONE, Colour.GREEN, Size.MEDIUM, 1.5, -1);
    private static final SceneObject WHITE_CYLINDER =
            new SceneObject(3, Shape.CYLINDER, Colour.WHITE, Size.SMALL, -1.2, 0.6);
    private static final Scene SCENE = new Scene(List.of(RED_CUBE, BLUE_SPHERE, GREEN_CONE, WHITE_CYLINDER));
    private static final List<RenderedView> VIEWS = Renderer.renderViews(SCENE, 4, 64);

    private static final ObjectRef RED = ref(RED_CUBE);
    private static final ObjectRef BLUE = ref(BLUE_SPHERE);
    private static final ObjectRef GREEN = ref(GREEN_CONE);
    private static final ObjectRef WHITE = ref(WHITE_CYLINDER);

    @Test
    void directionIsRelativeToTheLineOfSight() {
        // facing -z, the way view 0 looks: +x is on the right, as in view 0's image
        assertEquals("right", answer(new Question.Direction(RED, BLUE, GREEN)));
        assertEquals("left", answer(new Question.Direction(RED, BLUE, WHITE)));
        // turning round swaps the sides
        assertEquals("left", answer(new Question.Direction(BLUE, RED, GREEN)));
        // behind and to the left is still left
        assertEquals("left", answer(new Question.Direction(RED, GREEN, WHITE)));
    }

    @Test
    void distancesAreBetweenFootprintCentres() {
        assertEquals("green cone", answer(new Question.CloserOf(RED, BLUE, GREEN))); // 2.0 vs 1.80
        assertEquals("1.5 to 2.5", answer(new Question.Distance(RED, BLUE))); // 2.0
        assertEquals("under 1.5", answer(new Question.Distance(RED, WHITE))); // 1.34
        assertEquals("2.5 to 3.5", answer(new Question.Distance(GREEN, WHITE))); // 3.14
    }

    @Test
    void sizesCountsAndAppearance() {
        assertEquals("red cube", answer(new Question.LargerOf(BLUE, RED)));
        assertEquals("medium", answer(new Question.SizeOf(GREEN)));
        assertEquals("1", answer(new Question.Count(Colour.RED, null)));
        assertEquals("0", answer(new Question.Count(Colour.YELLOW, null)));
        assertEquals("1", answer(new Question.Count(null, Shape.CONE)));
    }

    @Test
    void illPosedQuestionsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> answer(new Question.LargerOf(BLUE, WHITE)));
        assertThrows(
                IllegalArgumentException.class,
                () -> answer(new Question.SizeOf(new ObjectRef(Colour.YELLOW, Shape.CUBE, null))));
        assertThrows(IllegalArgumentException.class, () -> new Question.Count(Colour.RED, Shape.CUBE));
        assertThrows(
                IllegalArgumentException.class,
                () -> new Question.SizeOf(new ObjectRef(Colour.RED, Shape.CUBE, Size.LARGE)));
        // all views see all four objects, so no two first appear in different views
        assertThrows(IllegalArgumentException.class, () -> answer(new Question.FirstToAppear(RED, BLUE)));
    }

    @Test
    void bucketsAndNumbersAreFormattedConsistently() {
        assertEquals(0, DistanceBuckets.bucket(1.49));
        assertEquals(1, DistanceBuckets.bucket(1.5));
        assertEquals(3, DistanceBuckets.bucket(9));
        assertEquals("0.0", ChainOfThought.oneDecimal(-0.04));
        assertEquals("-1.3", ChainOfThought.oneDecimal(-1.25));
        assertEquals("0.75", ChainOfThought.width(0.75));
        assertEquals("1.0", ChainOfThought.width(1.0));
    }

    private static String answer(Question question) {
        return Solver.answer(question, SCENE, VIEWS);
    }

    private static ObjectRef ref(SceneObject object) {
        return new ObjectRef(object.colour(), object.shape(), null);
    }
}
