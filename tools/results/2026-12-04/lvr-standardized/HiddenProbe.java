// Throwaway probe (not built by Maven): does a trained bundle's hidden state, teacher-forced at the position
// that predicts an object's x (or z) number, carry that coordinate? Ridge regression per block output, held-out
// R². High R² with wrong written digits: the readout into number tokens is what fails; low R²: the lookup.
//   javac -cp "sightline.jar:lib/*" HiddenProbe.java
//   java -Dai.djl.offline=true -cp "sightline.jar:lib/*:." HiddenProbe BUNDLE 300
import ai.djl.ndarray.*;
import ai.djl.ndarray.types.Shape;
import dev.sightline.latent.bundle.ModelBundle;
import dev.sightline.latent.text.*;
import dev.sightline.latent.vision.*;
import dev.sightline.spatial.dataset.*;
import dev.sightline.trainer.data.*;
import java.nio.file.Path;
import java.util.*;
import java.util.regex.*;

public class HiddenProbe {
    static double massSum = 0; static int massN = 0;
    public static void main(String[] a) throws Exception {
        int n = Integer.parseInt(a[1]);
        Pattern pos = Pattern.compile("^(.* at x =) (-?\\d+\\.\\d+), z = (-?\\d+\\.\\d+)");
        try (ModelBundle b = ModelBundle.load(Path.of(a[0])); LanguageModel lm = new LanguageModel(b)) {
            VisionEncoder v = new VisionEncoder(b);
            var src = new SpatialScenesSource(Split.TRAIN, new SceneOptions(64, 1, 8), List.of(1), 1);
            int layers = b.config().numHiddenLayers();
            List<List<float[]>> X = new ArrayList<>();
            for (int l = 0; l <= layers; l++) X.add(new ArrayList<>());
            List<Float> Y = new ArrayList<>();
            List<float[]> teacherX = new ArrayList<>(); // the geometry teacher's mean x over the region
            List<float[]> regionMeans = new ArrayList<>(); // baseline: the mean visual token of the object's region
            for (int i = 0; i < n; i++) {
                TrainingSample s = src.sample(100000 + i);
                try (NDManager m = b.manager().newSubManager()) {
                    VisualTokens vt = v.encode(s.frames());
                    int d = vt.dim();
                    List<Integer> ids = new ArrayList<>();
                    for (int t : b.tokenizer().encode(s.question() + "\n")) ids.add(t);
                    List<int[]> probes = new ArrayList<>(); // {position, step}
                    List<Float> ys = new ArrayList<>();
                    for (int st = 0; st < s.steps().size(); st++) {
                        String step = s.steps().get(st);
                        Matcher mt = pos.matcher(step);
                        int[] full = b.tokenizer().encode(step + "\n");
                        if (mt.find()) {
                            int[] pre = b.tokenizer().encode(mt.group(1));
                            if (Arrays.equals(pre, Arrays.copyOf(full, pre.length))) {
                                probes.add(new int[] {vt.count() + ids.size() + pre.length - 1, st});
                                ys.add(Float.parseFloat(mt.group(2)));
                            }
                        }
                        for (int t : full) ids.add(t);
                    }
                    if (probes.isEmpty()) continue;
                    NDArray vis = m.create(vt.data(), new Shape(vt.count(), d));
                    NDArray txt = lm.embed(m.create(ids.stream().mapToLong(Integer::longValue).toArray()));
                    NDArray in = vis.concat(txt, 0).expandDims(0);
                    NDList outs = new NDList();
                    NDList att = new NDList();
                    lm.recordAttention(1, att);
                    NDArray last = lm.forward(in, new GrowingKeyValues(layers), new int[] {0}, outs);
                    lm.recordAttention(-1, null);
                    int g = b.config().queriesPerKeyValue();
                    int t = (int) att.get(0).getShape().get(3);

                    outs.add(last);
                    for (int p = 0; p < probes.size(); p++) {
                        int at = probes.get(p)[0];
                        for (int l = 0; l < outs.size() && l <= layers; l++) {
                            X.get(l).add(outs.get(l).get(0, at).toFloatArray());
                        }
                        Y.add(ys.get(p));
                        int[] region = s.stepRegions().get(probes.get(p)[1]);
                        float[] gw = att.get(0).get(0, 0).reshape(t, g, t).get(new ai.djl.ndarray.index.NDIndex(":, 0, :")).toFloatArray();
                        double mass = 0; for (int r : region) mass += gw[at * t + r];
                        massSum += mass; massN++;
                        float[] mean = new float[d];
                        for (int r : region) for (int k = 0; k < d; k++) mean[k] += vt.data()[r * d + k] / region.length;
                        regionMeans.add(mean);
                        float[][] geo = s.teachers().get("geometry");
                        double tx = 0;
                        for (int r : region) tx += geo[r][0] / region.length;
                        teacherX.add(new float[] {(float) tx});
                    }
                }
            }
            System.out.printf("%d positions from %d drills%n", Y.size(), n);
            System.out.printf("head 0 of block 1 at \"x =\": mean attention mass on the object's region %.3f%n", massSum / massN);
            for (int l = 0; l <= layers; l++) {
                System.out.printf("%s: held-out R2 of x %.3f%n", l < layers ? "block " + l + " output" : "final (normed)", r2(X.get(l), Y));
            }
            System.out.printf("the object's region, mean visual token: held-out R2 of x %.3f%n", r2(regionMeans, Y));
            System.out.printf("the object's region, teacher's mean x: held-out R2 of x %.3f%n", r2(teacherX, Y));
        }
    }

    static double r2(List<float[]> X, List<Float> Y) {
        int n = X.size(), d = X.get(0).length + 1, train = n * 4 / 5;
        double[][] A = new double[d][d]; double[] B = new double[d];
        for (int i = 0; i < train; i++) { double[] x = aug(X.get(i));
            for (int p = 0; p < d; p++) { for (int q = 0; q < d; q++) A[p][q] += x[p] * x[q]; B[p] += x[p] * Y.get(i); } }
        for (int p = 0; p < d; p++) A[p][p] += 1e-1 * train / d + 1e-6;
        double[] w = solve(A, B);
        double mean = 0; for (int i = train; i < n; i++) mean += Y.get(i) / (n - train);
        double sse = 0, sst = 0;
        for (int i = train; i < n; i++) { double[] x = aug(X.get(i)); double y = 0; for (int p = 0; p < d; p++) y += x[p] * w[p];
            sse += (y - Y.get(i)) * (y - Y.get(i)); sst += (Y.get(i) - mean) * (Y.get(i) - mean); }
        return 1 - sse / sst;
    }
    static double[] aug(float[] x) { double[] r = new double[x.length + 1]; for (int i = 0; i < x.length; i++) r[i] = x[i]; r[x.length] = 1; return r; }
    static double[] solve(double[][] A, double[] B) {
        int n = A.length;
        for (int c = 0; c < n; c++) { int piv = c; for (int r = c + 1; r < n; r++) if (Math.abs(A[r][c]) > Math.abs(A[piv][c])) piv = r;
            double[] t = A[c]; A[c] = A[piv]; A[piv] = t; double tb = B[c]; B[c] = B[piv]; B[piv] = tb;
            for (int r = 0; r < n; r++) if (r != c) { double f = A[r][c] / A[c][c]; if (f == 0) continue;
                for (int q = c; q < n; q++) A[r][q] -= f * A[c][q]; B[r] -= f * B[c]; } }
        double[] w = new double[n]; for (int r = 0; r < n; r++) w[r] = B[r] / A[r][r]; return w;
    }
}
