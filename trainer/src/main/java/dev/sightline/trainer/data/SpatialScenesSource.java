package dev.sightline.trainer.data;

import dev.sightline.latent.bundle.VisionConfig;
import dev.sightline.spatial.dataset.SceneOptions;
import dev.sightline.spatial.dataset.SpatialDataset;
import dev.sightline.spatial.dataset.SpatialSample;
import dev.sightline.spatial.dataset.Split;
import dev.sightline.spatial.question.CotStep;
import dev.sightline.spatial.question.Grounding;
import dev.sightline.spatial.question.ObjectBoxes;
import dev.sightline.spatial.render.Box;
import dev.sightline.spatial.scene.SeededRandom;
import dev.sightline.spatial.teacher.TeacherFeatures;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeSet;

/**
 * SpatialScenes as training and evaluation samples. Teachers are view 0's per-patch {@code geometry}
 * (3D point and depth, the role pi^3 plays in VaLR) and {@code semantic} (colour, shape, size and
 * background fractions, the role of DINO) features.
 *
 * <p>A source may draw each sample's number of views from a list ({@code --views 1,2,3,4}): users send one
 * frame as often as several, and a sample of one view costs a quarter of the visual tokens of four. The draw
 * depends on the sample's index only, so a resumed run, and every recipe trained with the same list, reads
 * the same samples.
 *
 * <p>A source may also turn a share of its samples into grounding drills ({@link Grounding}, family {@value
 * #GROUNDING}): the same scene and frames, asked where the objects it names are. Which samples are drills
 * depends on the index only, as the views do.
 */
public final class SpatialScenesSource implements SampleSource {
    /** The family name of a grounding drill, for per-family accuracy. */
    public static final String GROUNDING = "grounding";

    /** Samples of the train split whose text trains a fresh bundle's tokenizer. */
    private static final int CORPUS_SAMPLES = 600;

    private final Split split;
    private final SceneOptions options;
    private final List<Integer> views;
    private final double groundingShare;

    /** Every sample with {@code options}' views. */
    public SpatialScenesSource(Split split, SceneOptions options) {
        this(split, options, List.of(options.views()));
    }

    /**
     * Sample {@code i} with {@link #viewsFor(long, List) viewsFor(i, views)} views, rendered otherwise as
     * {@code options} say.
     *
     * @throws IllegalArgumentException if {@code views} is empty or holds a count outside 1..4
     */
    public SpatialScenesSource(Split split, SceneOptions options, List<Integer> views) {
        this(split, options, views, 0);
    }

    /**
     * As {@link #SpatialScenesSource(Split, SceneOptions, List)}, with a share of the samples (by {@link
     * #isDrill(long, double)}) grounding drills where the scene carries one (else the family question).
     *
     * @throws IllegalArgumentException also if {@code groundingShare} is outside 0..1
     */
    public SpatialScenesSource(Split split, SceneOptions options, List<Integer> views, double groundingShare) {
        if (!(groundingShare >= 0 && groundingShare <= 1)) {
            throw new IllegalArgumentException("grounding share must be between 0 and 1, got " + groundingShare);
        }
        if (views.isEmpty()) {
            throw new IllegalArgumentException("no view counts to draw from");
        }
        for (int v : views) {
            // the same bounds and message as SceneOptions, before a run starts rather than at its first sample
            options.withViews(v);
        }
        this.split = split;
        this.options = options;
        this.views = List.copyOf(views);
        this.groundingShare = groundingShare;
    }

    /** Whether sample {@code index} is a grounding drill at {@code share}: a hash of the index, as for views. */
    public static boolean isDrill(long index, double share) {
        return share >= 1
                || (share > 0
                        && new SplittableRandom(index * 0x9E3779B97F4A7C15L + 0xD1B54A32D192ED03L).nextDouble()
                                < share);
    }

    /**
     * The views of sample {@code index}: one of {@code views}, drawn uniformly by a hash of the index (not of
     * the run's seed, so two seeds differ in their initialization and not in their data).
     */
    public static int viewsFor(long index, List<Integer> views) {
        if (views.size() == 1) {
            return views.get(0);
        }
        return views.get(new SplittableRandom(index * 0xBF58476D1CE4E5B9L + 0x94D049BB133111EBL).nextInt(views.size()));
    }

    /** Scenes rendered the way a vision tower takes them: its image and patch size, 4 views (as trained). */
    public static SceneOptions scenesFor(VisionConfig vision) {
        return scenesFor(vision, 4);
    }

    /** The same with {@code views} views (1 to 4); families that need more views are not asked. */
    public static SceneOptions scenesFor(VisionConfig vision, int views) {
        return new SceneOptions(vision.imageSize(), views, vision.patchSize());
    }

    @Override
    public TrainingSample sample(long index) {
        SpatialSample s = SpatialDataset.sample(split, index, optionsFor(index));
        if (isDrill(index, groundingShare)) {
            // its own stream off the sample's seed, so a drill never shifts the family question's draws
            Optional<Grounding.Drill> drill = Grounding.drill(s.scene(), s.views(), new SeededRandom(~s.seed()));
            if (drill.isPresent()) {
                Grounding.Drill d = drill.get();
                return convert(s, d.question(), d.cot(), d.answer(), d.choices(), GROUNDING);
            }
        }
        return convert(s);
    }

    private SceneOptions optionsFor(long index) {
        int v = viewsFor(index, views);
        return options.withViews(v);
    }

    static TrainingSample convert(SpatialSample s) {
        return convert(
                s,
                s.questionText(),
                s.cot(),
                s.answer(),
                s.choices(),
                s.family().id());
    }

    private static TrainingSample convert(
            SpatialSample s, String question, List<CotStep> cot, String answer, List<String> choices, String family) {
        Map<String, float[][]> teachers = new LinkedHashMap<>();
        TeacherFeatures view0 = s.teacher().get(0);
        teachers.put("geometry", view0.geometry());
        teachers.put("semantic", view0.semantic());
        return new TrainingSample(
                s.id(),
                s.views().stream().map(v -> v.image().toImage()).toList(),
                question,
                cot.stream().map(CotStep::text).toList(),
                answer,
                choices,
                family,
                teachers,
                cot.stream().map(step -> region(step, s.options())).toList(),
                s.topDownMap().toImage(),
                s.scene().objects().size());
    }

    /**
     * Visual-token indices of the patches that the boxes of a step's objects touch, in any view: the region
     * LVR's latents reconstruct.
     */
    static int[] region(CotStep step, SceneOptions options) {
        int patch = options.patchSize();
        int side = TeacherFeatures.patchesPerSide(options.imageSize(), patch);
        TreeSet<Integer> tokens = new TreeSet<>();
        for (ObjectBoxes object : step.objects()) {
            for (int view = 0; view < object.views().size(); view++) {
                Box box = object.views().get(view);
                if (box.isEmpty()) {
                    continue;
                }
                for (int py = box.minY() / patch; py <= Math.min(side - 1, box.maxY() / patch); py++) {
                    for (int px = box.minX() / patch; px <= Math.min(side - 1, box.maxX() / patch); px++) {
                        tokens.add(view * side * side + py * side + px);
                    }
                }
            }
        }
        return tokens.stream().mapToInt(Integer::intValue).toArray();
    }

    @Override
    public List<String> corpus() {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < CORPUS_SAMPLES; i++) {
            SpatialSample s = SpatialDataset.sample(Split.TRAIN, i, optionsFor(i));
            lines.add(s.questionText() + "\n");
            s.cot().forEach(step -> lines.add(step.text() + "\n"));
            lines.addAll(s.choices());
        }
        return lines;
    }

    @Override
    public Map<String, Integer> teacherDims() {
        TrainingSample s = sample(0);
        Map<String, Integer> dims = new LinkedHashMap<>();
        s.teachers().forEach((name, feats) -> dims.put(name, feats[0].length));
        return dims;
    }
}
