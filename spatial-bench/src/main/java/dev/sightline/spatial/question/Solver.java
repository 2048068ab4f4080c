package dev.sightline.spatial.question;

import dev.sightline.spatial.render.RenderedView;
import dev.sightline.spatial.render.Visibility;
import dev.sightline.spatial.scene.ObjectRef;
import dev.sightline.spatial.scene.Scene;
import dev.sightline.spatial.scene.SceneObject;
import java.util.List;
import java.util.OptionalInt;

/**
 * Answers a {@link Question} from ground truth alone: the scene and the sample's rendered views (the views
 * only for visibility). It finds every referenced object from its description, so it checks that the
 * question is well posed (every description names exactly one object and that object can be seen) and
 * rejects questions whose answer would be a tie.
 */
public final class Solver {

    private Solver() {}

    /**
     * The exact answer, one of {@code question.choices()}.
     *
     * @throws IllegalArgumentException if the question is ill posed for this scene and these views
     */
    public static String answer(Question question, Scene scene, List<RenderedView> views) {
        if (question instanceof Question.Count q) {
            long count = scene.objects().stream()
                    .filter(o -> Visibility.inAnyView(views, o.id()))
                    .filter(o -> q.colour() != null ? o.colour() == q.colour() : o.shape() == q.shape())
                    .count();
            return Long.toString(count);
        }
        if (question instanceof Question.Direction q) {
            SceneObject at = find(q.standAt(), scene, views);
            SceneObject facing = find(q.facing(), scene, views);
            SceneObject target = find(q.target(), scene, views);
            // (target - at) x (facing - at), y component: positive when the target is right of the heading (y up)
            double side = (facing.x() - at.x()) * (target.z() - at.z()) - (facing.z() - at.z()) * (target.x() - at.x());
            if (side == 0) {
                throw new IllegalArgumentException("the target is on the line of sight");
            }
            return side > 0 ? "right" : "left";
        }
        if (question instanceof Question.CloserOf q) {
            SceneObject anchor = find(q.anchor(), scene, views);
            double first = anchor.distanceTo(find(q.first(), scene, views));
            double second = anchor.distanceTo(find(q.second(), scene, views));
            return pick(first < second, first > second, q.first(), q.second());
        }
        if (question instanceof Question.LargerOf q) {
            int first = find(q.first(), scene, views).size().ordinal();
            int second = find(q.second(), scene, views).size().ordinal();
            return pick(first > second, first < second, q.first(), q.second());
        }
        if (question instanceof Question.SizeOf q) {
            return find(q.object(), scene, views).size().word();
        }
        if (question instanceof Question.Distance q) {
            SceneObject first = find(q.first(), scene, views);
            return DistanceBuckets.label(first.distanceTo(find(q.second(), scene, views)));
        }
        if (question instanceof Question.FirstToAppear q) {
            int first = firstView(find(q.first(), scene, views), views);
            int second = firstView(find(q.second(), scene, views), views);
            return pick(first < second, first > second, q.first(), q.second());
        }
        throw new IllegalArgumentException(
                "unknown question type " + question.getClass().getName());
    }

    private static SceneObject find(ObjectRef ref, Scene scene, List<RenderedView> views) {
        SceneObject object = scene.resolve(ref);
        if (!Visibility.inAnyView(views, object.id())) {
            throw new IllegalArgumentException(ref.phrase() + " cannot be seen in any view");
        }
        return object;
    }

    private static int firstView(SceneObject object, List<RenderedView> views) {
        OptionalInt view = Visibility.firstView(views, object.id());
        return view.orElseThrow();
    }

    private static String pick(boolean firstWins, boolean secondWins, ObjectRef first, ObjectRef second) {
        if (firstWins == secondWins) {
            throw new IllegalArgumentException("no single answer: " + first.name() + " and " + second.name() + " tie");
        }
        return firstWins ? first.name() : second.name();
    }
}
