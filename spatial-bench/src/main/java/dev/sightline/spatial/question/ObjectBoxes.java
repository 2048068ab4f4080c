package dev.sightline.spatial.question;

import dev.sightline.spatial.render.Box;
import java.util.List;

/**
 * Where one object a chain-of-thought step refers to is in each view: {@code views.get(v)} is its pixel box in
 * view {@code v}, {@link Box#EMPTY} where it is not visible. These are the LVR targets.
 *
 * @param objectId the object's id in the scene
 * @param views one box per view of the sample, in view order
 */
public record ObjectBoxes(int objectId, List<Box> views) {

    public ObjectBoxes {
        views = List.copyOf(views);
    }
}
