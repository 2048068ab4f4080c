// Throwaway: train the reasoning half alone. Every training sample's chain lines up to its last position line are
// given in the prompt (as eval --given-positions gold gives them) and the chain to learn is the rest.
//   java ReasonOnly train RECIPE OUT STEPS STAGE1_SHARE      (seed 0, one view, 600 stage-0 steps, frozen tower)
//   java ReasonOnly eval BUNDLE SPLIT N MODE K gold|random
import dev.sightline.latent.bundle.*;
import dev.sightline.latent.preset.Preset;
import dev.sightline.latent.session.*;
import dev.sightline.spatial.dataset.*;
import dev.sightline.trainer.*;
import dev.sightline.trainer.data.*;
import dev.sightline.trainer.eval.*;
import java.nio.file.Path;
import java.util.*;

public class ReasonOnly {
    static TrainingSample given(TrainingSample s) {
        int n = GivenPositions.givenSteps(s);
        if (n == 0) return s;
        String q = GivenPositions.GOLD.apply(s, 0).question();
        return new TrainingSample(s.id(), s.frames(), q, s.steps().subList(n, s.steps().size()), s.answer(),
                s.choices(), s.family(), s.teachers(), s.stepRegions().subList(n, s.stepRegions().size()),
                s.sketchTarget(), s.objects());
    }

    public static void main(String[] a) throws Exception {
        if (a[0].equals("train")) {
            Preset p = Preset.parse("tiny");
            TrainOptions o = TrainOptions.builder(p, Recipe.parse(a[1]), Path.of(a[2]))
                    .steps(Long.parseLong(a[3])).stage1Fraction(Double.parseDouble(a[4])).seed(0)
                    .latentSteps(List.of(1, 4, 9, 16)).visionSteps(600).visionLrScale(0).views(List.of(1)).build();
            SpatialScenesSource base = new SpatialScenesSource(Split.TRAIN, SpatialScenesSource.scenesFor(p.config(0).vision()), o.views(), 0);
            SampleSource src = new SampleSource() {
                public TrainingSample sample(long i) { return given(base.sample(i)); }
                public List<String> corpus() { return base.corpus(); }
                public Map<String, Integer> teacherDims() { return base.teacherDims(); }
            };
            new Trainer(o, src, System.err).run();
            return;
        }
        Split split = Split.valueOf(a[2].toUpperCase());
        int n = Integer.parseInt(a[3]);
        Mode mode = Mode.parse(a[4]);
        int k = Integer.parseInt(a[5]);
        GivenPositions g = GivenPositions.parse(a[6]);
        try (ModelBundle bundle = ModelBundle.load(Path.of(a[1]));
                ReasoningEngine engine = new ReasoningEngine(bundle, EngineOptions.defaults())) {
            SceneOptions scenes = SpatialScenesSource.scenesFor(engine.vision().config(), 1);
            List<TrainingSample> data = new SpatialScenesSource(split, scenes, List.of(1), 0).first(n)
                    .stream().map(t -> g.apply(t, 0)).toList();
            Evaluator ev = new Evaluator(engine, Evaluator.DEFAULT_MAX_TOKENS, false);
            for (Evaluator.Row row : ev.evaluate(split.id(), data, mode, k)) {
                System.out.printf("%s %s %s K=%d given %s %s %.3f n=%d%n", a[1], split.id(), a[4], k, a[6], row.family(), row.accuracy(), row.n());
            }
        }
    }
}
