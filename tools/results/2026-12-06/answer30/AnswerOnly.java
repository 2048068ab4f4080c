// Throwaway (thirtieth session): what the text chain is worth, and latents in its place. Every training sample keeps
// only its chain's last line ("So the answer is X.") and the answer; that line's region is the union of every line's
// (so LVR's before-chain segment reconstructs what the whole chain was about). Otherwise the shipped pair's protocol
// (tools/results/2026-12-05/grid24/pair.sh): grid chains' scenes, seed S, one view, 600 stage-0 steps on a frozen
// tower, grounding weights 0.5 / 1 (inactive here: no position lines), 30 minutes.
//   java AnswerOnly vanilla OUT SEED     (vanilla SFT on the answer line alone)
//   java AnswerOnly lvr OUT SEED         (lvr, before-chain: K latents in place of the chain, K from 1, 4, 9, 16)
import dev.sightline.latent.bundle.LatentSchedule;
import dev.sightline.latent.preset.Preset;
import dev.sightline.spatial.dataset.Split;
import dev.sightline.spatial.question.Chains;
import dev.sightline.trainer.*;
import dev.sightline.trainer.data.*;
import java.nio.file.Path;
import java.util.*;

public class AnswerOnly {
    static TrainingSample answerOnly(TrainingSample s) {
        int last = s.steps().size() - 1;
        TreeSet<Integer> union = new TreeSet<>();
        for (int[] r : s.stepRegions()) for (int t : r) union.add(t);
        int[] region = union.stream().mapToInt(Integer::intValue).toArray();
        return new TrainingSample(s.id(), s.frames(), s.question(), List.of(s.steps().get(last)), s.answer(),
                s.choices(), s.family(), s.teachers(), List.<int[]>of(region), s.sketchTarget(), s.objects());
    }

    public static void main(String[] a) throws Exception {
        Preset p = Preset.parse("tiny");
        Recipe recipe = Recipe.parse(a[0]);
        var b = TrainOptions.builder(p, recipe, Path.of(a[1]))
                .minutes(30).seed(Long.parseLong(a[2])).visionSteps(600).visionLrScale(0).views(List.of(1))
                .groundingWeight(0.5).locateWeight(1).chains(Chains.GRID);
        if (recipe != Recipe.VANILLA) {
            b.latentSteps(List.of(1, 4, 9, 16)).stage1Fraction(0.7).latentSchedule(LatentSchedule.BEFORE_CHAIN)
                    .stage2TextShare(0.25);
        }
        TrainOptions o = b.build();
        var scenes = SpatialScenesSource.scenesFor(p.config(0).vision()).withChains(o.chains());
        SpatialScenesSource base = new SpatialScenesSource(Split.TRAIN, scenes, o.views(), 0);
        SampleSource src = new SampleSource() {
            public TrainingSample sample(long i) { return answerOnly(base.sample(i)); }
            public List<String> corpus() { return base.corpus(); }
            public Map<String, Integer> teacherDims() { return base.teacherDims(); }
        };
        new Trainer(o, src, System.err).run();
    }
}
