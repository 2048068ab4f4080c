package dev.sightline.spatial.render;

import java.util.List;
import java.util.OptionalInt;

/** Visibility of objects across the views of one sample (see {@link RenderedView} for "visible"). */
public final class Visibility {

    private Visibility() {}

    /** Whether object {@code id} is visible in at least one of {@code views}. */
    public static boolean inAnyView(List<RenderedView> views, int id) {
        return firstView(views, id).isPresent();
    }

    /** Position in {@code views} of the first view in which object {@code id} is visible; empty if none. */
    public static OptionalInt firstView(List<RenderedView> views, int id) {
        for (int i = 0; i < views.size(); i++) {
            if (views.get(i).isVisible(id)) {
                return OptionalInt.of(i);
            }
        }
        return OptionalInt.empty();
    }
}
