package dev.sightline.spatial.dataset;

import dev.sightline.spatial.question.Family;
import dev.sightline.spatial.question.GeneratedQuestion;
import dev.sightline.spatial.question.QuestionGenerator;
import dev.sightline.spatial.render.RenderedView;
import dev.sightline.spatial.render.Renderer;
import dev.sightline.spatial.render.TopDownMap;
import dev.sightline.spatial.scene.Scene;
import dev.sightline.spatial.scene.SceneSampler;
import dev.sightline.spatial.scene.SeededRandom;
import dev.sightline.spatial.teacher.TeacherFeatures;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The SpatialScenes dataset: an endless, indexable stream of samples per split. Sample {@code (split, index)}
 * depends only on those two, the options and the family: the same arguments give the same sample byte for
 * byte, so a dataset needs no storage. Scenes, pixels, depths, ids, texts and teacher values are identical on
 * every JVM (own PRNG, {@link StrictMath} trigonometry, no {@code Double.toString} in texts); the PNG bytes are
 * ImageIO's encoding of those pixels, identical on a given JDK.
 *
 * <p>Without an explicit family, sample {@code index} asks family {@code families.get(index % n)} of {@link
 * SceneOptions#families()}: with two or more views all six families take turns, with one view the five that
 * do not need several views. A scene that cannot carry the wanted question (for example, no two objects that
 * first appear in different views) is redrawn from the same seeded stream.
 */
public final class SpatialDataset {
    /** Indices run from 0 to {@code MAX_INDEX - 1}; within that range every (split, index) has its own seed. */
    public static final long MAX_INDEX = 1L << 48;

    private static final int MAX_SCENES_PER_SAMPLE = 1000;

    private SpatialDataset() {}

    /** Sample {@code index} of {@code split}, family chosen by {@link #familyFor}. */
    public static SpatialSample sample(Split split, long index, SceneOptions options) {
        return sample(split, index, options, familyFor(index, options));
    }

    /**
     * Sample {@code index} of {@code split} with a question of {@code family}.
     *
     * @throws IllegalArgumentException if {@code family} needs more views than {@code options} has
     */
    public static SpatialSample sample(Split split, long index, SceneOptions options, Family family) {
        if (family.minViews() > options.views()) {
            throw new IllegalArgumentException(
                    family.id() + " needs " + family.minViews() + " views, the options have " + options.views());
        }
        long seed = seed(split, index);
        SeededRandom rng = new SeededRandom(seed);
        for (int attempt = 0; attempt < MAX_SCENES_PER_SAMPLE; attempt++) {
            Scene scene = SceneSampler.sample(rng, split.rules());
            List<RenderedView> views = Renderer.renderViews(scene, options.views(), options.imageSize());
            Optional<GeneratedQuestion> generated =
                    QuestionGenerator.generate(family, scene, views, rng, options.chains());
            if (generated.isPresent()) {
                GeneratedQuestion q = generated.get();
                List<TeacherFeatures> teacher = views.stream()
                        .map(v -> TeacherFeatures.of(v, scene, options.patchSize()))
                        .toList();
                return new SpatialSample(
                        String.format(Locale.ROOT, "%s-%06d", split.id(), index),
                        split,
                        index,
                        seed,
                        options,
                        scene,
                        views,
                        q.question(),
                        q.answer(),
                        q.cot(),
                        teacher,
                        TopDownMap.render(scene, options.imageSize()));
            }
        }
        throw new IllegalStateException("no " + family.id() + " question after " + MAX_SCENES_PER_SAMPLE
                + " scenes for " + split.id() + " sample " + index);
    }

    /** The family sample {@code index} asks when none is given. */
    public static Family familyFor(long index, SceneOptions options) {
        List<Family> families = options.families();
        return families.get((int) Math.floorMod(index, (long) families.size()));
    }

    /**
     * The seed of sample {@code (split, index)}: a bijective mix of split and index, so no two samples of any
     * splits share a seed.
     */
    public static long seed(Split split, long index) {
        if (index < 0 || index >= MAX_INDEX) {
            throw new IllegalArgumentException("index " + index + " outside 0.." + (MAX_INDEX - 1));
        }
        return SeededRandom.mix(((long) split.ordinal() << 48) | index);
    }
}
