package dev.sightline.spatial.question;

import dev.sightline.spatial.render.RenderedView;
import dev.sightline.spatial.render.Visibility;
import dev.sightline.spatial.scene.Colour;
import dev.sightline.spatial.scene.ObjectRef;
import dev.sightline.spatial.scene.Scene;
import dev.sightline.spatial.scene.SceneObject;
import dev.sightline.spatial.scene.SeededRandom;
import dev.sightline.spatial.scene.Shape;
import dev.sightline.spatial.scene.Size;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Draws one question of a family about a rendered scene, with its answer and chain of thought. The generator
 * computes its answer from the objects it picked (by a different route than {@link Solver}) and checks that
 * the solver agrees, so a disagreement fails at generation time.
 *
 * <p>Questions keep clear of near-ties, so that they are answerable from pixels and the rounded numbers in
 * the chain of thought agree with the answer: a relative-direction target is at least {@link
 * #DIRECTION_MARGIN} off the line of sight; the two distances of a relative-distance question differ by at
 * least {@link #DISTANCE_MARGIN}; an absolute distance is {@link DistanceBuckets#MARGIN} clear of bucket
 * edges. Where the family has a fixed answer set (direction, size class, distance bucket) the generator first
 * draws a target answer uniformly, so answers come out balanced whenever the scene allows.
 */
public final class QuestionGenerator {
    /** Smallest distance of a relative-direction target from the line of sight, table units. */
    public static final double DIRECTION_MARGIN = 0.3;

    /** Smallest difference between the two distances of a relative-distance question, table units. */
    public static final double DISTANCE_MARGIN = 0.3;

    /** Chance that a count asks about a colour or shape present in the views (else any colour or shape). */
    private static final double COUNT_PRESENT_BIAS = 0.75;

    private QuestionGenerator() {}

    /** A referable object: visible in some view, with a description that names it uniquely. */
    record Target(SceneObject object, ObjectRef ref) {}

    private record Candidate(Question question, String answer, List<Target> roles) {}

    /**
     * A question of {@code family} about {@code scene} as seen in {@code views}, with a {@link Chains#DECIMAL}
     * chain; empty when the scene offers none (too few referable objects, or none that satisfy the family's
     * margins).
     */
    public static Optional<GeneratedQuestion> generate(
            Family family, Scene scene, List<RenderedView> views, SeededRandom rng) {
        return generate(family, scene, views, rng, Chains.DECIMAL);
    }

    /**
     * As {@link #generate(Family, Scene, List, SeededRandom)}, with chains in the style {@code chains}; with
     * {@link Chains#GRID} a question whose square-level answer is not the exact one is not asked.
     */
    public static Optional<GeneratedQuestion> generate(
            Family family, Scene scene, List<RenderedView> views, SeededRandom rng, Chains chains) {
        if (views.size() < family.minViews()) {
            return Optional.empty();
        }
        List<Target> targets = new ArrayList<>();
        for (SceneObject object : scene.objects()) {
            if (Visibility.inAnyView(views, object.id())) {
                scene.referenceTo(object).ifPresent(ref -> targets.add(new Target(object, ref)));
            }
        }
        Optional<GeneratedQuestion> generated = switch (family) {
            case OBJECT_COUNT -> Optional.of(count(scene, views, rng, chains));
            case RELATIVE_DIRECTION -> relativeDirection(targets, views, rng, chains);
            case RELATIVE_DISTANCE -> relativeDistance(targets, views, rng, chains);
            case OBJECT_SIZE -> rng.nextBoolean() ? largerOf(targets, views, rng) : sizeOf(targets, views, rng);
            case ABSOLUTE_DISTANCE -> absoluteDistance(targets, views, rng, chains);
            case APPEARANCE_ORDER -> appearanceOrder(targets, views, rng);
        };
        generated.ifPresent(g -> check(g, scene, views));
        return generated;
    }

    private static GeneratedQuestion count(Scene scene, List<RenderedView> views, SeededRandom rng, Chains chains) {
        List<SceneObject> seen = scene.objects().stream()
                .filter(o -> Visibility.inAnyView(views, o.id()))
                .toList();
        boolean byColour = rng.nextBoolean();
        boolean present = !seen.isEmpty() && rng.nextDouble() < COUNT_PRESENT_BIAS;
        SceneObject example = present ? rng.pick(seen) : null;
        Colour colour = null;
        Shape shape = null;
        if (byColour) {
            colour = present ? example.colour() : rng.pick(Colour.values());
        } else {
            shape = present ? example.shape() : rng.pick(Shape.values());
        }
        Question.Count question = new Question.Count(colour, shape);
        List<SceneObject> matching = new ArrayList<>();
        for (SceneObject object : seen) {
            if (byColour ? object.colour() == colour : object.shape() == shape) {
                matching.add(object);
            }
        }
        matching.sort(Comparator.comparingDouble(SceneObject::x));
        String what = byColour ? colour.word() + " objects" : shape.plural();
        ChainOfThought cot = new ChainOfThought(views);
        if (matching.isEmpty()) {
            cot.say("I see no " + what + ".");
        } else {
            cot.say("I look for " + what + ".");
            for (SceneObject object : matching) {
                String where = chains == Chains.GRID
                        ? GridChain.squareOf(object)
                        : "at x = " + ChainOfThought.oneDecimal(object.x()) + ", z = "
                                + ChainOfThought.oneDecimal(object.z());
                cot.say("There is a " + object.size().word() + " " + object.colourShape() + " " + where + ".", object);
            }
        }
        String answer = Integer.toString(matching.size());
        return new GeneratedQuestion(question, answer, cot.answer(answer));
    }

    private static Optional<GeneratedQuestion> relativeDirection(
            List<Target> targets, List<RenderedView> views, SeededRandom rng, Chains chains) {
        List<Candidate> candidates = new ArrayList<>();
        for (Target at : targets) {
            for (Target facing : targets) {
                for (Target target : targets) {
                    if (at == facing || at == target || facing == target) {
                        continue;
                    }
                    double offset = Geometry.sideOffset(at.object(), facing.object(), target.object());
                    String answer = turn(at, facing, target);
                    if (Math.abs(offset) >= DIRECTION_MARGIN
                            && (chains != Chains.GRID
                                    || GridChain.direction(at.object(), facing.object(), target.object())
                                            .equals(Optional.of(answer)))) {
                        Question q = new Question.Direction(at.ref(), facing.ref(), target.ref());
                        candidates.add(new Candidate(q, answer, List.of(at, facing, target)));
                    }
                }
            }
        }
        return choose(candidates, Question.DIRECTION_CHOICES, rng).map(c -> {
            Target at = c.roles().get(0);
            Target facing = c.roles().get(1);
            Target target = c.roles().get(2);
            ChainOfThought cot = positions(views, c.roles(), chains);
            if (chains == Chains.GRID) {
                GridChain.direction(cot, at, facing, target);
                return new GeneratedQuestion(c.question(), c.answer(), cot.answer(c.answer()));
            }
            double offset = Geometry.sideOffset(at.object(), facing.object(), target.object());
            cot.say(
                    "Facing from " + at.ref().phrase() + " to " + facing.ref().phrase() + ", "
                            + target.ref().phrase() + " is " + ChainOfThought.oneDecimal(Math.abs(offset)) + " to the "
                            + c.answer() + ".",
                    at.object(),
                    facing.object(),
                    target.object());
            return new GeneratedQuestion(c.question(), c.answer(), cot.answer(c.answer()));
        });
    }

    /** Left or right by heading angles (the solver uses a cross product instead). */
    private static String turn(Target at, Target facing, Target target) {
        double heading = StrictMath.atan2(
                facing.object().z() - at.object().z(),
                facing.object().x() - at.object().x());
        double bearing = StrictMath.atan2(
                target.object().z() - at.object().z(),
                target.object().x() - at.object().x());
        double turn = bearing - heading;
        while (turn <= -Math.PI) {
            turn += 2 * Math.PI;
        }
        while (turn > Math.PI) {
            turn -= 2 * Math.PI;
        }
        // with y up, turning from +x towards +z is clockwise seen from above, i.e. to the right
        return turn > 0 ? "right" : "left";
    }

    private static Optional<GeneratedQuestion> relativeDistance(
            List<Target> targets, List<RenderedView> views, SeededRandom rng, Chains chains) {
        List<Candidate> candidates = new ArrayList<>();
        for (Target anchor : targets) {
            for (Target first : targets) {
                for (Target second : targets) {
                    if (anchor == first || anchor == second || first == second) {
                        continue;
                    }
                    double d1 = anchor.object().distanceTo(first.object());
                    double d2 = anchor.object().distanceTo(second.object());
                    if (Math.abs(d1 - d2) >= DISTANCE_MARGIN
                            && (chains != Chains.GRID
                                    || GridChain.agreesOnCloser(
                                            anchor.object(), first.object(), second.object(), d1 < d2))) {
                        Question q = new Question.CloserOf(anchor.ref(), first.ref(), second.ref());
                        String answer = (d1 < d2 ? first : second).ref().name();
                        candidates.add(new Candidate(q, answer, List.of(anchor, first, second)));
                    }
                }
            }
        }
        return choose(candidates, null, rng).map(c -> {
            Target anchor = c.roles().get(0);
            ChainOfThought cot = positions(views, c.roles(), chains);
            if (chains == Chains.GRID) {
                GridChain.relativeDistance(
                        cot, anchor, c.roles().get(1), c.roles().get(2));
                return answerWithObject(c, cot);
            }
            for (Target other : c.roles().subList(1, 3)) {
                cot.say(
                        ChainOfThought.capitalised(other.ref().phrase()) + " is "
                                + ChainOfThought.oneDecimal(anchor.object().distanceTo(other.object())) + " from "
                                + anchor.ref().phrase() + ".",
                        anchor.object(),
                        other.object());
            }
            return answerWithObject(c, cot);
        });
    }

    private static Optional<GeneratedQuestion> largerOf(
            List<Target> targets, List<RenderedView> views, SeededRandom rng) {
        List<Target> unsized = unsized(targets);
        List<Candidate> candidates = new ArrayList<>();
        for (Target first : unsized) {
            for (Target second : unsized) {
                Size a = first.object().size();
                Size b = second.object().size();
                if (a != b) {
                    Question q = new Question.LargerOf(first.ref(), second.ref());
                    String answer = (a.compareTo(b) > 0 ? first : second).ref().name();
                    candidates.add(new Candidate(q, answer, List.of(first, second)));
                }
            }
        }
        return choose(candidates, null, rng).map(c -> {
            ChainOfThought cot = new ChainOfThought(views);
            c.roles().forEach(t -> widthStep(cot, t));
            return answerWithObject(c, cot);
        });
    }

    private static Optional<GeneratedQuestion> sizeOf(
            List<Target> targets, List<RenderedView> views, SeededRandom rng) {
        List<Candidate> candidates = new ArrayList<>();
        for (Target target : unsized(targets)) {
            String answer = target.object().size().word();
            candidates.add(new Candidate(new Question.SizeOf(target.ref()), answer, List.of(target)));
        }
        return choose(candidates, Question.SIZE_CHOICES, rng).map(c -> {
            ChainOfThought cot = new ChainOfThought(views);
            widthStep(cot, c.roles().get(0));
            return new GeneratedQuestion(
                    c.question(),
                    c.answer(),
                    cot.answer(c.answer(), c.roles().get(0).object()));
        });
    }

    private static Optional<GeneratedQuestion> absoluteDistance(
            List<Target> targets, List<RenderedView> views, SeededRandom rng, Chains chains) {
        List<Candidate> candidates = new ArrayList<>();
        for (Target first : targets) {
            for (Target second : targets) {
                double d = first.object().distanceTo(second.object());
                if (first != second
                        && DistanceBuckets.clearOfEdges(d)
                        && (chains != Chains.GRID
                                || DistanceBuckets.bucket(GridChain.distance(first.object(), second.object()))
                                        == DistanceBuckets.bucket(d))) {
                    Question q = new Question.Distance(first.ref(), second.ref());
                    candidates.add(new Candidate(q, DistanceBuckets.label(d), List.of(first, second)));
                }
            }
        }
        return choose(candidates, DistanceBuckets.LABELS, rng).map(c -> {
            SceneObject a = c.roles().get(0).object();
            SceneObject b = c.roles().get(1).object();
            ChainOfThought cot = positions(views, c.roles(), chains);
            if (chains == Chains.GRID) {
                GridChain.absoluteDistance(cot, a, b);
            } else {
                cot.say("The distance is " + ChainOfThought.oneDecimal(a.distanceTo(b)) + ".", a, b);
            }
            return new GeneratedQuestion(c.question(), c.answer(), cot.answer(c.answer()));
        });
    }

    private static Optional<GeneratedQuestion> appearanceOrder(
            List<Target> targets, List<RenderedView> views, SeededRandom rng) {
        List<Candidate> candidates = new ArrayList<>();
        for (Target first : targets) {
            for (Target second : targets) {
                int a = Visibility.firstView(views, first.object().id()).orElseThrow();
                int b = Visibility.firstView(views, second.object().id()).orElseThrow();
                if (a != b) {
                    Question q = new Question.FirstToAppear(first.ref(), second.ref());
                    String answer = (a < b ? first : second).ref().name();
                    candidates.add(new Candidate(q, answer, List.of(first, second)));
                }
            }
        }
        return choose(candidates, null, rng).map(c -> {
            ChainOfThought cot = new ChainOfThought(views);
            for (Target t : c.roles()) {
                int view = Visibility.firstView(views, t.object().id()).orElseThrow();
                cot.say(
                        ChainOfThought.capitalised(t.ref().phrase()) + " first appears in view " + (view + 1) + ".",
                        t.object());
            }
            return answerWithObject(c, cot);
        });
    }

    /** A uniformly drawn candidate, among those with a uniformly drawn target answer when any has it. */
    private static Optional<Candidate> choose(List<Candidate> candidates, List<String> answers, SeededRandom rng) {
        if (candidates.isEmpty()) {
            return Optional.empty();
        }
        if (answers != null) {
            String wanted = rng.pick(answers);
            List<Candidate> hits =
                    candidates.stream().filter(c -> c.answer().equals(wanted)).toList();
            if (!hits.isEmpty()) {
                return Optional.of(rng.pick(hits));
            }
        }
        return Optional.of(rng.pick(candidates));
    }

    private static List<Target> unsized(List<Target> targets) {
        // naming the size would give a size question away
        return targets.stream().filter(t -> t.ref().size() == null).toList();
    }

    private static ChainOfThought positions(List<RenderedView> views, List<Target> roles, Chains chains) {
        ChainOfThought cot = new ChainOfThought(views);
        for (Target t : roles) {
            if (chains == Chains.GRID) {
                GridChain.position(cot, t.ref(), t.object());
            } else {
                cot.position(t.ref(), t.object());
            }
        }
        return cot;
    }

    private static void widthStep(ChainOfThought cot, Target t) {
        SceneObject object = t.object();
        cot.say(
                ChainOfThought.capitalised(t.ref().phrase()) + " is " + ChainOfThought.width(2 * object.radius())
                        + " wide, so it is " + object.size().word() + ".",
                object);
    }

    private static GeneratedQuestion answerWithObject(Candidate c, ChainOfThought cot) {
        SceneObject answerObject = c.roles().stream()
                .filter(t -> t.ref().name().equals(c.answer()))
                .findFirst()
                .orElseThrow()
                .object();
        return new GeneratedQuestion(c.question(), c.answer(), cot.answer(c.answer(), answerObject));
    }

    private static void check(GeneratedQuestion generated, Scene scene, List<RenderedView> views) {
        String solved = Solver.answer(generated.question(), scene, views);
        if (!solved.equals(generated.answer())) {
            throw new IllegalStateException("generator answered \"" + generated.answer() + "\" but the solver \""
                    + solved + "\" to: " + generated.question().text());
        }
        if (!generated.question().choices().contains(generated.answer())) {
            throw new IllegalStateException("answer \"" + generated.answer() + "\" is not among the choices");
        }
    }
}
