package dev.sightline.spatial.question;

import dev.sightline.spatial.scene.Colour;
import dev.sightline.spatial.scene.ObjectRef;
import dev.sightline.spatial.scene.Shape;
import dev.sightline.spatial.scene.Size;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.stream.IntStream;

/**
 * A question in structured form: its family, the objects it refers to (as descriptions, never ids), its
 * English text and its closed set of answers. The answer is not part of the question; {@link Solver} computes
 * it from the scene.
 *
 * <p>Conventions shared by all families: an object "can be seen" when it is visible in at least one of the
 * sample's views, and questions only refer to such objects; distances are between footprint centres on the
 * table plane (heights ignored), in table units; views are numbered from 1 in text ("view 1" is the first
 * image).
 */
public sealed interface Question
        permits Question.Count,
                Question.Direction,
                Question.CloserOf,
                Question.LargerOf,
                Question.SizeOf,
                Question.Distance,
                Question.FirstToAppear {

    /** Every count answer, "0" to "9". */
    List<String> COUNT_CHOICES =
            IntStream.rangeClosed(0, 9).mapToObj(Integer::toString).toList();

    /** The answers of a relative-direction question. */
    List<String> DIRECTION_CHOICES = List.of("left", "right");

    /** The answers of a what-size question. */
    List<String> SIZE_CHOICES = Arrays.stream(Size.values()).map(Size::word).toList();

    Family family();

    /** The question as the model reads it. */
    String text();

    /** The closed set of answers; the correct one is always among them (exact string match). */
    List<String> choices();

    /**
     * How many objects of one colour, or of one shape, can be seen. Exactly one of {@code colour} and
     * {@code shape} is set.
     */
    record Count(Colour colour, Shape shape) implements Question {
        public Count {
            if ((colour == null) == (shape == null)) {
                throw new IllegalArgumentException("count by colour or by shape, not both or neither");
            }
        }

        @Override
        public Family family() {
            return Family.OBJECT_COUNT;
        }

        @Override
        public String text() {
            String what = colour != null ? colour.word() + " objects" : shape.plural();
            return "How many " + what + " can you see?";
        }

        @Override
        public List<String> choices() {
            return COUNT_CHOICES;
        }
    }

    /**
     * Standing at {@code standAt}'s centre and facing {@code facing}'s centre, is {@code target}'s centre to the
     * left or to the right of that line of sight (the half-plane split by the line through both centres, so
     * "behind and to the left" is "left")?
     */
    record Direction(ObjectRef standAt, ObjectRef facing, ObjectRef target) implements Question {
        public Direction {
            Objects.requireNonNull(standAt);
            Objects.requireNonNull(facing);
            Objects.requireNonNull(target);
        }

        @Override
        public Family family() {
            return Family.RELATIVE_DIRECTION;
        }

        @Override
        public String text() {
            return "Standing at " + standAt.phrase() + " facing " + facing.phrase() + ", is " + target.phrase()
                    + " to the left or to the right?";
        }

        @Override
        public List<String> choices() {
            return DIRECTION_CHOICES;
        }
    }

    /** Which of {@code first} and {@code second} is closer to {@code anchor}? Answer: its name. */
    record CloserOf(ObjectRef anchor, ObjectRef first, ObjectRef second) implements Question {
        public CloserOf {
            Objects.requireNonNull(anchor);
            Objects.requireNonNull(first);
            Objects.requireNonNull(second);
        }

        @Override
        public Family family() {
            return Family.RELATIVE_DISTANCE;
        }

        @Override
        public String text() {
            return "Which is closer to " + anchor.phrase() + ": " + first.phrase() + " or " + second.phrase() + "?";
        }

        @Override
        public List<String> choices() {
            return List.of(first.name(), second.name());
        }
    }

    /** Which of two objects of different sizes is larger? Answer: its name. */
    record LargerOf(ObjectRef first, ObjectRef second) implements Question {
        public LargerOf {
            Objects.requireNonNull(first);
            Objects.requireNonNull(second);
        }

        @Override
        public Family family() {
            return Family.OBJECT_SIZE;
        }

        @Override
        public String text() {
            return "Which is larger: " + first.phrase() + " or " + second.phrase() + "?";
        }

        @Override
        public List<String> choices() {
            return List.of(first.name(), second.name());
        }
    }

    /** What size class is {@code object}? Answer: "small", "medium" or "large". */
    record SizeOf(ObjectRef object) implements Question {
        public SizeOf {
            Objects.requireNonNull(object);
            if (object.size() != null) {
                throw new IllegalArgumentException("a size question must not name the size");
            }
        }

        @Override
        public Family family() {
            return Family.OBJECT_SIZE;
        }

        @Override
        public String text() {
            return "What size is " + object.phrase() + "?";
        }

        @Override
        public List<String> choices() {
            return SIZE_CHOICES;
        }
    }

    /** How far apart are two objects' centres? Answer: a {@link DistanceBuckets} label. */
    record Distance(ObjectRef first, ObjectRef second) implements Question {
        public Distance {
            Objects.requireNonNull(first);
            Objects.requireNonNull(second);
        }

        @Override
        public Family family() {
            return Family.ABSOLUTE_DISTANCE;
        }

        @Override
        public String text() {
            return "How far apart are " + first.phrase() + " and " + second.phrase() + ", in table squares?";
        }

        @Override
        public List<String> choices() {
            return DistanceBuckets.LABELS;
        }
    }

    /**
     * Which of two objects appears first across the views, an object appearing in the first view (in sample
     * order) in which it is visible? The two always first appear in different views. Answer: its name.
     */
    record FirstToAppear(ObjectRef first, ObjectRef second) implements Question {
        public FirstToAppear {
            Objects.requireNonNull(first);
            Objects.requireNonNull(second);
        }

        @Override
        public Family family() {
            return Family.APPEARANCE_ORDER;
        }

        @Override
        public String text() {
            return "Which appears first across the views: " + first.phrase() + " or " + second.phrase() + "?";
        }

        @Override
        public List<String> choices() {
            return List.of(first.name(), second.name());
        }
    }
}
