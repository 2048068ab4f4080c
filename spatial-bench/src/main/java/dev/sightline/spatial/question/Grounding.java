package dev.sightline.spatial.question;

import dev.sightline.spatial.render.RenderedView;
import dev.sightline.spatial.render.Visibility;
import dev.sightline.spatial.scene.ObjectRef;
import dev.sightline.spatial.scene.Scene;
import dev.sightline.spatial.scene.SceneObject;
import dev.sightline.spatial.scene.SeededRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.ToDoubleFunction;

/**
 * Grounding drills: locate each object a question names, then compare one coordinate. Every family's chain
 * starts by locating the objects it names ("The red cube is at x = 1.2, z = -0.4."), and a model that cannot
 * read a position from the pixels writes the same numbers for every object and answers from the wording. A
 * drill is that step for up to {@value #MAX_OBJECTS} objects at once, followed by a closed-set answer that
 * follows from the coordinates alone ("Which has the smallest x: the red cube, the blue ball or the green
 * cone?"): many grounding targets per sample to train on, and an accuracy that measures grounding (a model
 * that does not ground scores about one over the number of names).
 *
 * <p>Not a seventh family: the six families, their samples and their indices are unchanged by drills.
 */
public final class Grounding {
    /** Most objects one drill names. */
    public static final int MAX_OBJECTS = 4;

    /** How far the answer's coordinate is from the runner-up's, table units, so the rounded chain agrees. */
    public static final double MARGIN = 0.3;

    private Grounding() {}

    /**
     * One drill.
     *
     * @param question the text the model reads
     * @param choices the names of the objects it names, in question order; the answer is one of them
     * @param answer the name whose coordinate is the extreme one
     * @param cot one position line per named object, in question order, then the answer line
     */
    public record Drill(String question, List<String> choices, String answer, List<CotStep> cot) {
        public Drill {
            choices = List.copyOf(choices);
            cot = List.copyOf(cot);
        }
    }

    private record Named(SceneObject object, ObjectRef ref) {}

    private record Extreme(String axis, ToDoubleFunction<SceneObject> coordinate, boolean smallest) {}

    private static final List<Extreme> EXTREMES = List.of(
            new Extreme("x", SceneObject::x, true),
            new Extreme("x", SceneObject::x, false),
            new Extreme("z", SceneObject::z, true),
            new Extreme("z", SceneObject::z, false));

    /**
     * A drill about {@code scene} as seen in {@code views}: up to {@value #MAX_OBJECTS} of the objects that can
     * be seen and named uniquely, in random order; empty when fewer than two can, or when no coordinate
     * separates the extreme one from the rest by {@link #MARGIN}.
     */
    public static Optional<Drill> drill(Scene scene, List<RenderedView> views, SeededRandom rng) {
        List<Named> named = new ArrayList<>();
        for (SceneObject object : scene.objects()) {
            if (Visibility.inAnyView(views, object.id())) {
                scene.referenceTo(object).ifPresent(ref -> named.add(new Named(object, ref)));
            }
        }
        shuffle(named, rng);
        List<Named> asked = named.subList(0, Math.min(MAX_OBJECTS, named.size()));
        if (asked.size() < 2) {
            return Optional.empty();
        }
        int first = rng.nextInt(EXTREMES.size());
        for (int i = 0; i < EXTREMES.size(); i++) {
            Extreme extreme = EXTREMES.get((first + i) % EXTREMES.size());
            Optional<Named> answer = clearExtreme(asked, extreme);
            if (answer.isPresent()) {
                return Optional.of(write(views, asked, extreme, answer.get()));
            }
        }
        return Optional.empty();
    }

    private static Optional<Named> clearExtreme(List<Named> asked, Extreme extreme) {
        Comparator<Named> order =
                Comparator.comparingDouble(n -> extreme.coordinate().applyAsDouble(n.object()));
        List<Named> sorted = new ArrayList<>(asked);
        sorted.sort(extreme.smallest() ? order : order.reversed());
        double gap = Math.abs(extreme.coordinate().applyAsDouble(sorted.get(0).object())
                - extreme.coordinate().applyAsDouble(sorted.get(1).object()));
        return gap >= MARGIN ? Optional.of(sorted.get(0)) : Optional.empty();
    }

    private static Drill write(List<RenderedView> views, List<Named> asked, Extreme extreme, Named answer) {
        List<String> phrases = asked.stream().map(n -> n.ref().phrase()).toList();
        String list =
                String.join(", ", phrases.subList(0, phrases.size() - 1)) + " or " + phrases.get(phrases.size() - 1);
        String question =
                "Which has the " + (extreme.smallest() ? "smallest " : "largest ") + extreme.axis() + ": " + list + "?";
        ChainOfThought cot = new ChainOfThought(views);
        asked.forEach(n -> cot.position(n.ref(), n.object()));
        String name = answer.ref().name();
        return new Drill(
                question, asked.stream().map(n -> n.ref().name()).toList(), name, cot.answer(name, answer.object()));
    }

    private static <T> void shuffle(List<T> items, SeededRandom rng) {
        // Fisher-Yates on the dataset's own PRNG, so a drill is the same on every JVM
        for (int i = items.size() - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            T swap = items.get(i);
            items.set(i, items.get(j));
            items.set(j, swap);
        }
    }
}
