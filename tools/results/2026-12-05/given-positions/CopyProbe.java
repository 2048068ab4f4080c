// Throwaway: of the wrong answers, how many chains stated the right answer in their last line ("So the answer is X.")?
// java CopyProbe BUNDLE SPLIT N MODE K [gold]
import dev.sightline.latent.bundle.*;
import dev.sightline.latent.session.*;
import dev.sightline.spatial.dataset.*;
import dev.sightline.trainer.data.*;
import dev.sightline.trainer.eval.*;
import java.nio.file.Path;
import java.util.*;
import java.util.regex.*;

public class CopyProbe {
    public static void main(String[] a) throws Exception {
        Split split = Split.valueOf(a[1].toUpperCase());
        int n = Integer.parseInt(a[2]);
        Mode mode = Mode.parse(a[3]);
        int k = Integer.parseInt(a[4]);
        Pattern said = Pattern.compile("So the answer is (.*)\\.\\s*$");
        try (ModelBundle bundle = ModelBundle.load(Path.of(a[0]));
                ReasoningEngine engine = new ReasoningEngine(bundle, EngineOptions.defaults())) {
            SceneOptions scenes = SpatialScenesSource.scenesFor(engine.vision().config(), 1);
            List<TrainingSample> data = new SpatialScenesSource(split, scenes, List.of(1), 0).first(n);
            if (a.length > 5) data = data.stream().map(t -> GivenPositions.GOLD.apply(t, 0)).toList();
            Evaluator ev = new Evaluator(engine, Evaluator.DEFAULT_MAX_TOKENS, false);
            List<Evaluator.Row> rows = ev.evaluate(split.id(), data, mode, k);
            Map<String, int[]> byFam = new TreeMap<>();
            Map<String, String> famOf = new HashMap<>();
            data.forEach(t -> famOf.put(t.id(), t.family()));
            int chainRight = 0, noLine = 0;
            for (var m : ev.misses()) {
                Matcher mt = said.matcher(m.wrote());
                int[] c = byFam.computeIfAbsent(famOf.get(m.id()), f -> new int[2]);
                c[1]++;
                if (!mt.find()) { noLine++; continue; }
                if (mt.group(1).trim().equals(m.expected().trim())) { chainRight++; c[0]++; }
            }
            System.out.printf("%s %s K=%d: accuracy %.3f; %d misses, of which the chain's last line was right in %d, no such line in %d%n",
                    split.id(), a[3], k, rows.get(rows.size() - 1).accuracy(), ev.misses().size(), chainRight, noLine);
            byFam.forEach((f, c) -> System.out.printf("  %s: %d of %d misses had the right line%n", f, c[0], c[1]));
        }
    }
}
