package dev.sightline.spatial.dataset;

import dev.sightline.spatial.question.CotStep;
import dev.sightline.spatial.question.Family;
import dev.sightline.spatial.question.Question;
import dev.sightline.spatial.render.RenderedView;
import dev.sightline.spatial.render.RgbImage;
import dev.sightline.spatial.scene.Scene;
import dev.sightline.spatial.teacher.TeacherFeatures;
import java.util.List;

/**
 * One SpatialScenes example: a scene, its rendered views, one question with its exact answer, a templated
 * chain of thought whose steps carry the boxes of the objects they mention (LVR targets), dense teacher
 * features per view (VaLR targets) and the top-down map (the sketch target).
 *
 * @param id {@code split-index}, e.g. {@code "train-000042"}
 * @param split the split
 * @param index position in the split, from 0
 * @param seed the per-sample seed, derived from split and index alone ({@link SpatialDataset#seed})
 * @param options how the sample was rendered
 * @param scene the ground truth
 * @param views the rendered views {@code 0..options.views()-1}, each with image, depth and object-id maps
 * @param question the structured question
 * @param answer the exact answer, one of {@link #choices()}
 * @param cot the chain of thought, one line per step, the last one stating the answer
 * @param teacher teacher features, one per view, {@code options.patchesPerView()} rows each
 * @param topDownMap the bird's-eye map, {@code options.imageSize()} square
 */
public record SpatialSample(
        String id,
        Split split,
        long index,
        long seed,
        SceneOptions options,
        Scene scene,
        List<RenderedView> views,
        Question question,
        String answer,
        List<CotStep> cot,
        List<TeacherFeatures> teacher,
        RgbImage topDownMap) {

    public SpatialSample {
        views = List.copyOf(views);
        cot = List.copyOf(cot);
        teacher = List.copyOf(teacher);
    }

    public Family family() {
        return question.family();
    }

    /** The question as the model reads it. */
    public String questionText() {
        return question.text();
    }

    /** The closed answer set of this question. */
    public List<String> choices() {
        return question.choices();
    }

    /** The PNG bytes of every view, in view order. */
    public List<byte[]> pngs() {
        return views.stream().map(v -> v.image().png()).toList();
    }

    /** The chain of thought as text, one step per line. */
    public String cotText() {
        return String.join("\n", cot.stream().map(CotStep::text).toList());
    }
}
