package dev.sightline.spatial.scene;

import java.util.List;
import java.util.Optional;

/**
 * A tabletop scene: the objects, in id order ({@code objects.get(i).id() == i}).
 *
 * <p>Objects never overlap: the circles of radius {@link SceneObject#footprintRadius()} around their footprint
 * centres are at least {@link SceneSampler#MIN_GAP} apart, and lie on the table.
 */
public record Scene(List<SceneObject> objects) {

    public Scene {
        objects = List.copyOf(objects);
        for (int i = 0; i < objects.size(); i++) {
            if (objects.get(i).id() != i) {
                throw new IllegalArgumentException(
                        "object " + i + " has id " + objects.get(i).id());
            }
        }
    }

    /** The object with this id. */
    public SceneObject object(int id) {
        return objects.get(id);
    }

    public int size() {
        return objects.size();
    }

    /**
     * The shortest description that names {@code object} uniquely in this scene: colour and shape, or size,
     * colour and shape when another object shares colour and shape; empty when an identical twin (same size,
     * colour and shape) exists.
     */
    public Optional<ObjectRef> referenceTo(SceneObject object) {
        ObjectRef plain = new ObjectRef(object.colour(), object.shape(), null);
        if (count(plain) == 1) {
            return Optional.of(plain);
        }
        ObjectRef sized = new ObjectRef(object.colour(), object.shape(), object.size());
        return count(sized) == 1 ? Optional.of(sized) : Optional.empty();
    }

    /** The object that {@code ref} names; throws when it names none or several. */
    public SceneObject resolve(ObjectRef ref) {
        List<SceneObject> matches = objects.stream().filter(ref::matches).toList();
        if (matches.size() != 1) {
            throw new IllegalArgumentException(
                    "\"" + ref.name() + "\" names " + matches.size() + " objects, not exactly one");
        }
        return matches.get(0);
    }

    /** Whether some object has this colour and shape. */
    public boolean contains(Colour colour, Shape shape) {
        return objects.stream().anyMatch(o -> o.colour() == colour && o.shape() == shape);
    }

    private long count(ObjectRef ref) {
        return objects.stream().filter(ref::matches).count();
    }
}
