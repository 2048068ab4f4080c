// Throwaway: where do the grid chains go wrong? For each miss, the first sentence that differs from the gold grid chain.
// java StepProbe BUNDLE SPLIT N   (positions given, gold; -Dfull=1 for a model that states squares itself)
import dev.sightline.latent.bundle.*;
import dev.sightline.latent.session.*;
import dev.sightline.spatial.dataset.*;
import dev.sightline.trainer.data.*;
import dev.sightline.trainer.eval.*;
import java.nio.file.Path;
import java.util.*;

public class StepProbe {
    public static void main(String[] a) throws Exception {
        GridChains.full = System.getProperty("full") != null;
        Split split = Split.valueOf(a[1].toUpperCase());
        try (ModelBundle bundle = ModelBundle.load(Path.of(a[0]));
                ReasoningEngine engine = new ReasoningEngine(bundle, EngineOptions.defaults())) {
            SceneOptions scenes = SpatialScenesSource.scenesFor(engine.vision().config(), 1);
            List<TrainingSample> raw = new SpatialScenesSource(split, scenes, List.of(1), 0).first(Integer.parseInt(a[2]));
            Map<String, TrainingSample> gridById = new HashMap<>();
            raw.forEach(t -> { var r = GridChains.rewrite(t); if (r != null) gridById.put(t.id(), r); });
            List<TrainingSample> data = GridChains.full ? raw : raw.stream().map(t -> GivenPositions.GOLD.apply(t, 0)).toList();
            Evaluator ev = new Evaluator(engine, Evaluator.DEFAULT_MAX_TOKENS, false);
            ev.evaluate(split.id(), data, Mode.TEXT, 0);
            Map<String, Map<String, Integer>> firstWrong = new TreeMap<>();
            int shown = 0;
            for (var m : ev.misses()) {
                TrainingSample g = gridById.get(m.id());
                if (g == null || !GridChains.ARITHMETIC.contains(g.family())) continue;
                List<String> gold = g.steps();
                String[] wrote = m.wrote().trim().split("\\n");
                int i = 0;
                while (i < gold.size() && i < wrote.length && wrote[i].trim().equals(gold.get(i))) i++;
                String kind = i >= gold.size() ? "none (answer token)" : kindOf(gold.get(i));
                firstWrong.computeIfAbsent(g.family(), k -> new TreeMap<>()).merge(kind, 1, Integer::sum);
                if (shown++ < 9) System.out.println(g.family() + "\n  gold:  " + String.join(" | ", gold) + "\n  wrote: " + String.join(" | ", wrote) + "\n  got " + m.got() + " expected " + m.expected());
            }
            System.out.println("first wrong sentence, by family: " + firstWrong);
        }
    }

    static String kindOf(String s) {
        if (s.contains(" is in column ")) return "square";
        if (s.contains(" columns and ")) return "differences";
        if (s.contains(" times ")) return "products";
        if (s.startsWith("That makes")) return "sums of squares";
        if (s.contains(" is more than ") || s.contains(" is less than ")) return "comparison";
        if (s.startsWith("The distance is about")) return "distance";
        if (s.startsWith("So the answer")) return "answer line";
        return "other";
    }
}
