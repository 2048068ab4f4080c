// Throwaway probe (not built by Maven): ridge regression from a bundle's visual tokens (one view, N train
// scenes) to the per-patch geometry and semantic teacher rows, held-out R² per column. Run with the jar:
//   javac -cp "standalone/target/sightline.jar:standalone/target/lib/*" Probe.java
//   java -Dai.djl.offline=true -cp "standalone/target/sightline.jar:standalone/target/lib/*:." Probe BUNDLE 200
import dev.sightline.latent.bundle.ModelBundle;
import dev.sightline.latent.vision.*;
import dev.sightline.spatial.dataset.*;
import java.nio.file.Path;
import java.util.*;

public class Probe {
    public static void main(String[] a) throws Exception {
        try (ModelBundle b = ModelBundle.load(Path.of(a[0]))) {
            VisionEncoder v = new VisionEncoder(b);
            int n = Integer.parseInt(a[1]);
            List<float[]> X = new ArrayList<>(); List<float[]> G = new ArrayList<>(); List<float[]> S = new ArrayList<>();
            double norm = 0; int cnt = 0;
            for (int i = 0; i < n; i++) {
                SpatialSample s = SpatialDataset.sample(Split.TRAIN, i, new SceneOptions(64, 1, 8));
                VisualTokens t = v.encode(List.of(s.views().get(0).image().toImage()));
                int d = t.dim();
                float[][] g = s.teacher().get(0).geometry(), se = s.teacher().get(0).semantic();
                for (int p = 0; p < 64; p++) {
                    float[] row = Arrays.copyOfRange(t.data(), p * d, (p + 1) * d);
                    double nn = 0; for (float f : row) nn += f * f; norm += Math.sqrt(nn); cnt++;
                    X.add(row); G.add(g[p]); S.add(se[p]);
                }
            }
            System.out.printf("visual token mean norm %.3f, dims geometry %d semantic %d%n", norm / cnt, G.get(0).length, S.get(0).length);
            report("geometry", X, G); report("semantic", X, S);
        }
    }
    static void report(String name, List<float[]> X, List<float[]> Y) {
        int n = X.size(), d = X.get(0).length + 1, m = Y.get(0).length, train = n * 4 / 5;
        double[][] A = new double[d][d]; double[][] B = new double[d][m];
        for (int i = 0; i < train; i++) {
            double[] x = aug(X.get(i));
            for (int p = 0; p < d; p++) { for (int q = 0; q < d; q++) A[p][q] += x[p] * x[q]; for (int k = 0; k < m; k++) B[p][k] += x[p] * Y.get(i)[k]; }
        }
        for (int p = 0; p < d; p++) A[p][p] += 1e-2 * train;
        double[][] W = solve(A, B);
        double[] sse = new double[m], sst = new double[m], mean = new double[m];
        for (int i = train; i < n; i++) for (int k = 0; k < m; k++) mean[k] += Y.get(i)[k] / (n - train);
        for (int i = train; i < n; i++) { double[] x = aug(X.get(i));
            for (int k = 0; k < m; k++) { double y = 0; for (int p = 0; p < d; p++) y += x[p] * W[p][k];
                sse[k] += Math.pow(y - Y.get(i)[k], 2); sst[k] += Math.pow(Y.get(i)[k] - mean[k], 2); } }
        StringBuilder sb = new StringBuilder(name + " held-out R2 per channel:");
        for (int k = 0; k < m; k++) sb.append(String.format(" %.2f", 1 - sse[k] / sst[k]));
        System.out.println(sb);
    }
    static double[] aug(float[] x) { double[] r = new double[x.length + 1]; for (int i = 0; i < x.length; i++) r[i] = x[i]; r[x.length] = 1; return r; }
    static double[][] solve(double[][] A, double[][] B) {
        int n = A.length, m = B[0].length;
        for (int c = 0; c < n; c++) { int piv = c; for (int r = c + 1; r < n; r++) if (Math.abs(A[r][c]) > Math.abs(A[piv][c])) piv = r;
            double[] t = A[c]; A[c] = A[piv]; A[piv] = t; t = B[c]; B[c] = B[piv]; B[piv] = t;
            for (int r = 0; r < n; r++) if (r != c) { double f = A[r][c] / A[c][c]; if (f == 0) continue;
                for (int q = c; q < n; q++) A[r][q] -= f * A[c][q]; for (int k = 0; k < m; k++) B[r][k] -= f * B[c][k]; } }
        double[][] W = new double[n][m]; for (int r = 0; r < n; r++) for (int k = 0; k < m; k++) W[r][k] = B[r][k] / A[r][r]; return W;
    }
}
