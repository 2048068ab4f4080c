package dev.sightline.spatial.question;

import java.util.List;

/**
 * One line of a templated chain of thought.
 *
 * @param text the line, a short sentence without a newline (the last step is always "So the answer is X.")
 * @param objects the objects the line refers to, in the order it mentions them, with their boxes per view
 */
public record CotStep(String text, List<ObjectBoxes> objects) {

    public CotStep {
        if (text.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("a step is one line: " + text);
        }
        objects = List.copyOf(objects);
    }

    /** Ids of the objects the line refers to. */
    public List<Integer> objectIds() {
        return objects.stream().map(ObjectBoxes::objectId).toList();
    }
}
