import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import dev.sightline.latent.bundle.ModelBundle;
import dev.sightline.latent.sampling.SamplingParams;
import dev.sightline.latent.session.EngineOptions;
import dev.sightline.latent.session.Mode;
import dev.sightline.latent.session.ReasoningEngine;
import dev.sightline.latent.session.SessionRequest;
import dev.sightline.latent.session.StepKind;
import dev.sightline.spatial.dataset.Split;
import dev.sightline.spatial.question.Chains;
import dev.sightline.trainer.data.SpatialScenesSource;
import dev.sightline.trainer.data.TrainingSample;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Forty-first session: how much attention does the chain give the latents before it? For each sample of a split, in
 * latent mode at each K, greedy, one session at a time (the engine's own decode, a batch of one), the model records one
 * block's attention weights; for every text token the chain writes after the segment, the weight its query (the
 * token before it) puts on the K latent positions, averaged over the heads, and the largest head's. Every block in
 * turn. Digits (the arithmetic's tokens) apart from the rest.
 *
 * <p>java -cp "sightline.jar:lib/*" LatentAttention.java RUN_DIR SPLIT SAMPLES K... (lr41/attention41.sh)
 */
public class LatentAttention {
    /** Copies each recorded block's weights to the host as the forward adds them (its scope closes them after). */
    static final class Capture extends NDList {
        record Forward(float[] weights, int groups, int rows, int keys) {}

        final List<Forward> forwards = new ArrayList<>();

        @Override
        public boolean add(NDArray w) { // [1, G, T*g, L]
            var shape = w.getShape();
            forwards.add(new Forward(w.toFloatArray(), (int) shape.get(1), (int) shape.get(2), (int) shape.get(3)));
            return true;
        }
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        Split split = Split.parse(args[1]);
        int n = Integer.parseInt(args[2]);
        try (ModelBundle bundle = ModelBundle.load(dir);
                ReasoningEngine engine = new ReasoningEngine(bundle, EngineOptions.defaults().withPrefixCacheBytes(0))) {
            var scenes = SpatialScenesSource.scenesFor(engine.vision().config(), 1).withChains(Chains.parse("decimal"));
            List<TrainingSample> data = new SpatialScenesSource(split, scenes, List.of(1), 0).first(n);
            int layers = bundle.config().numHiddenLayers();
            for (int a = 3; a < args.length; a++) {
                int k = Integer.parseInt(args[a]);
                for (int layer = 0; layer < layers; layer++) {
                    double[] sum = new double[6]; // mean mass all, max-head mass all, count all; same for digits
                    for (TrainingSample s : data) {
                        Capture recorded = new Capture();
                        engine.model().recordAttention(layer, recorded);
                        List<Integer> latentPositions = new ArrayList<>();
                        var request = new SessionRequest(
                                s.id(),
                                s.question(),
                                null,
                                engine.vision().encode(s.frames()),
                                Mode.LATENT,
                                k,
                                Mode.LATENT.latentBeforeEachStepByDefault(),
                                256,
                                SamplingParams.GREEDY,
                                List.of());
                        int queriesPerGroup = bundle.config().numAttentionHeads() / bundle.config().numKeyValueHeads();
                        try {
                            engine.run(request, step -> {
                                List<Capture.Forward> forwards = List.copyOf(recorded.forwards);
                                recorded.forwards.clear();
                                if (step.kind() == StepKind.LATENT) {
                                    latentPositions.add(forwards.get(forwards.size() - 1).keys()); // fed back next
                                    return;
                                }
                                if (step.kind() != StepKind.TEXT || latentPositions.isEmpty()) {
                                    return;
                                }
                                int[] ids = step.tokenIds();
                                // the line's tokens are the last forwards' outputs, one each
                                int offset = Math.max(0, forwards.size() - ids.length);
                                for (int i = 0; i < ids.length && offset + i < forwards.size(); i++) {
                                    var f = forwards.get(offset + i);
                                    double mean = 0;
                                    double max = 0;
                                    for (int grp = 0; grp < f.groups(); grp++) {
                                        for (int q = 0; q < queriesPerGroup; q++) {
                                            int row = f.rows() - queriesPerGroup + q; // the forward's last position
                                            int base = (grp * f.rows() + row) * f.keys();
                                            double mass = 0;
                                            for (int p : latentPositions) {
                                                if (p < f.keys()) {
                                                    mass += f.weights()[base + p];
                                                }
                                            }
                                            mean += mass;
                                            max = Math.max(max, mass);
                                        }
                                    }
                                    mean /= f.groups() * queriesPerGroup;
                                    boolean digit = bundle.tokenizer().decode(new int[] {ids[i]}).strip().matches("\\d+");
                                    int at = digit ? 3 : 0;
                                    sum[at] += mean;
                                    sum[at + 1] += max;
                                    sum[at + 2]++;
                                }
                            });
                        } finally {
                            engine.model().recordAttention(-1, null);
                        }
                    }
                    System.out.printf(
                            "K=%d layer %d: chain tokens %d, on the latents mean %.4f max head %.4f | digits %d, mean %.4f"
                                    + " max head %.4f%n",
                            k,
                            layer,
                            (long) sum[2],
                            sum[0] / Math.max(1, sum[2]),
                            sum[1] / Math.max(1, sum[2]),
                            (long) sum[5],
                            sum[3] / Math.max(1, sum[5]),
                            sum[4] / Math.max(1, sum[5]));
                }
            }
        }
    }
}
