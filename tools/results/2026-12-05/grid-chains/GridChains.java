// Superseded on 2026-12-05 (eighteenth session) by `sightline train --chains grid` (spatial-bench GridChain); kept
// as the recorded code of the g1/g2/g3 runs.
// Throwaway: can a 4-block model execute a chain of small integer steps? Every training sample's position lines
// are given in the prompt (as eval --given-positions gold gives them, and as ReasonOnly.java trained), and the
// rest of a distance or direction chain is rewritten as steps over the table's 1 x 1 squares: each object's
// column and row, their differences, small products or sums of squares, a comparison. Samples whose square-level
// conclusion differs from the exact answer are not trained on (their index moves on). Eval as ReasonOnly's:
//   java GridChains train OUT STEPS                      (vanilla, seed 0, one view, 600 stage-0 steps, frozen tower)
//   java GridChains eval BUNDLE SPLIT N gold|random      (text mode)
//   java GridChains show N                               (prints N rewritten training chains)
import dev.sightline.latent.bundle.*;
import dev.sightline.latent.preset.Preset;
import dev.sightline.latent.session.*;
import dev.sightline.spatial.dataset.*;
import dev.sightline.spatial.question.ChainOfThought;
import dev.sightline.spatial.question.DistanceBuckets;
import dev.sightline.spatial.question.Family;
import dev.sightline.spatial.scene.Table;
import dev.sightline.trainer.*;
import dev.sightline.trainer.data.*;
import dev.sightline.trainer.eval.*;
import java.nio.file.Path;
import java.util.*;

public class GridChains {
    record Obj(String phrase, int col, int row) {}

    /** The families whose chains are rewritten: the ones that compute from positions. */
    static final Set<String> ARITHMETIC = Set.of(
            Family.ABSOLUTE_DISTANCE.id(), Family.RELATIVE_DISTANCE.id(), Family.RELATIVE_DIRECTION.id());
    static final int SQUARES = (int) (2 * Table.HALF_EXTENT);

    /** The 1 x 1 square (0..5) a coordinate falls in. */
    static int square(double v) {
        return Math.max(0, Math.min(SQUARES - 1, (int) Math.floor(v + Table.HALF_EXTENT)));
    }

    /** The sample with its position lines in the prompt and its reasoning rewritten, or null when inconsistent. */
    static boolean full; // true: no positions given; the chain states squares (from the image) instead of x, z

    static TrainingSample rewrite(TrainingSample s) {
        int n = GivenPositions.givenSteps(s);
        if (n == 0) return s;
        String f = s.family();
        if (full && !ARITHMETIC.contains(f)) return s;
        String q = full ? s.question() : GivenPositions.GOLD.apply(s, 0).question();
        List<String> rest = s.steps().subList(n, s.steps().size());
        List<int[]> restRegions = s.stepRegions().subList(n, s.steps().size());
        if (!ARITHMETIC.contains(f)) {
            return new TrainingSample(s.id(), s.frames(), q, rest, s.answer(), s.choices(), f, s.teachers(), restRegions, s.sketchTarget(), s.objects());
        }
        List<Obj> objs = new ArrayList<>();
        for (String line : s.steps().subList(0, n)) {
            PositionMention m = PositionMention.in(line).get(0);
            String phrase = line.substring(0, line.indexOf(" is at "));
            phrase = Character.toLowerCase(phrase.charAt(0)) + phrase.substring(1);
            objs.add(new Obj(phrase, square(m.x()), square(m.z())));
        }
        List<String> steps = new ArrayList<>();
        for (Obj o : objs) steps.add(cap(o.phrase) + " is in column " + o.col + ", row " + o.row + ".");
        String concl;
        switch (Family.parse(f)) {
            case ABSOLUTE_DISTANCE -> {
                Obj a = objs.get(0), b = objs.get(1);
                int dc = Math.abs(a.col - b.col), dr = Math.abs(a.row - b.row);
                double d = Math.sqrt(dc * dc + dr * dr);
                steps.add("They are " + dc + " columns and " + dr + " rows apart.");
                steps.add("The distance is about " + ChainOfThought.oneDecimal(d) + ".");
                concl = DistanceBuckets.label(d);
            }
            case RELATIVE_DISTANCE -> {
                Obj a = objs.get(0);
                int[] sq = new int[2];
                for (int i = 1; i <= 2; i++) {
                    Obj o = objs.get(i);
                    int dc = Math.abs(o.col - a.col), dr = Math.abs(o.row - a.row);
                    sq[i - 1] = dc * dc + dr * dr;
                    steps.add(cap(o.phrase) + " is " + dc + " columns and " + dr + " rows from " + a.phrase + ".");
                }
                steps.add("That makes " + sq[0] + " and " + sq[1] + ".");
                if (sq[0] == sq[1]) return null;
                concl = nameOf(objs.get(sq[0] < sq[1] ? 1 : 2), s.choices());
            }
            default -> {
                Obj a = objs.get(0), fa = objs.get(1), t = objs.get(2);
                int fc = fa.col - a.col, fr = fa.row - a.row, tc = t.col - a.col, tr = t.row - a.row;
                steps.add(cap(fa.phrase) + " is " + fc + " columns and " + fr + " rows from " + a.phrase + ".");
                steps.add(cap(t.phrase) + " is " + tc + " columns and " + tr + " rows from " + a.phrase + ".");
                int p1 = fc * tr, p2 = fr * tc;
                steps.add(fc + " times " + tr + " is " + p1 + ", " + fr + " times " + tc + " is " + p2 + ".");
                if (p1 == p2) return null;
                concl = p1 > p2 ? "right" : "left";
                steps.add(p1 + (p1 > p2 ? " is more than " : " is less than ") + p2 + ", so it is to the " + concl + ".");
            }
        }
        if (!concl.equals(s.answer())) return null;
        steps.add(rest.get(rest.size() - 1)); // "So the answer is X."
        List<int[]> regions = new ArrayList<>();
        for (int i = 0; i < steps.size() - 1; i++) regions.add(full && i < n ? s.stepRegions().get(i) : new int[0]);
        regions.add(restRegions.get(restRegions.size() - 1));
        return new TrainingSample(s.id(), s.frames(), q, steps, s.answer(), s.choices(), f, s.teachers(), regions, s.sketchTarget(), s.objects());
    }

    static String nameOf(Obj o, List<String> choices) {
        // the choices are the objects' names ("red cube"); the phrase is "the red cube"
        for (String c : choices) if (o.phrase.endsWith(c)) return c;
        return "?";
    }

    static String cap(String t) {
        return Character.toUpperCase(t.charAt(0)) + t.substring(1);
    }

    static SampleSource source(SampleSource base) {
        return new SampleSource() {
            public TrainingSample sample(long i) {
                for (long j = i; ; j += 1_000_000_007L) {
                    TrainingSample r = rewrite(base.sample(j));
                    if (r != null) return r;
                }
            }
            public List<String> corpus() {
                List<String> lines = new ArrayList<>(base.corpus());
                for (int i = 0; i < 1500; i++) {
                    TrainingSample r = sample(i);
                    lines.add(r.question() + "\n");
                    r.steps().forEach(st -> lines.add(st + "\n"));
                }
                return lines;
            }
            public Map<String, Integer> teacherDims() { return base.teacherDims(); }
        };
    }

    public static void main(String[] a) throws Exception {
        Preset p = Preset.parse("tiny");
        full = System.getProperty("full") != null;
        if (a[0].equals("train") || a[0].equals("show")) {
            TrainOptions o = TrainOptions.builder(p, Recipe.parse("vanilla"), Path.of(a[0].equals("train") ? a[1] : "/tmp/unused"))
                    .steps(a[0].equals("train") ? Long.parseLong(a[2]) : 1).seed(0)
                    .visionSteps(600).visionLrScale(0).views(List.of(1)).build();
            SpatialScenesSource base = new SpatialScenesSource(Split.TRAIN, SpatialScenesSource.scenesFor(p.config(0).vision()), o.views(), 0);
            SampleSource src = source(base);
            if (a[0].equals("show")) {
                int shown = 0, skipped = 0, total = 0;
                for (int i = 0; i < 2000; i++) {
                    TrainingSample raw = base.sample(i);
                    TrainingSample r = rewrite(raw);
                    if (!ARITHMETIC.contains(raw.family())) continue;
                    total++;
                    if (r == null) { skipped++; continue; }
                    if (shown++ < Integer.parseInt(a[1])) System.out.println(r.family() + " | " + r.question().replace("\n", " / ") + "\n   " + String.join(" ", r.steps()) + "  => " + r.answer());
                }
                System.out.println("consistent " + (total - skipped) + " of " + total);
                return;
            }
            new Trainer(o, src, System.err).run();
            return;
        }
        Split split = Split.valueOf(a[2].toUpperCase());
        int n = Integer.parseInt(a[3]);
        GivenPositions g = GivenPositions.parse(a[4]);
        try (ModelBundle bundle = ModelBundle.load(Path.of(a[1]));
                ReasoningEngine engine = new ReasoningEngine(bundle, EngineOptions.defaults())) {
            SceneOptions scenes = SpatialScenesSource.scenesFor(engine.vision().config(), 1);
            List<TrainingSample> raw = new SpatialScenesSource(split, scenes, List.of(1), 0).first(n);
            int consistent = 0, asked = 0;
            for (TrainingSample t : raw) {
                if (ARITHMETIC.contains(t.family())) {
                    asked++;
                    if (rewrite(t) != null) consistent++;
                }
            }
            List<TrainingSample> data = raw.stream().map(t -> g.apply(t, 0)).toList();
            Evaluator ev = new Evaluator(engine, Evaluator.DEFAULT_MAX_TOKENS, false);
            for (Evaluator.Row row : ev.evaluate(split.id(), data, Mode.TEXT, 0)) {
                System.out.printf("%s %s given %s %s %.3f n=%d%n", a[1], split.id(), a[4], row.family(), row.accuracy(), row.n());
            }
            System.out.printf("square-level chains agree with the exact answer on %d of %d distance/direction samples%n", consistent, asked);
        }
    }
}
