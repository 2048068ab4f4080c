// Throwaway probe (not built by Maven): in a latent chain (K latent steps before each CoT step, teacher-forced
// text, as LatentBatch trains it), do the latents of a position step carry the position of the object that step
// names? Ridge, held-out R² of the object's x from (a) the mean of the segment's K latent outputs, (b) the
// hidden state at "x =" after them; and LVR's reconstruction error against that of a constant.
//   javac -cp "sightline.jar:lib/*" HiddenProbe.java LatentProbe.java   (HiddenProbe.r2 is its ridge regression)
//   java -Dai.djl.offline=true -cp "sightline.jar:lib/*:." LatentProbe BUNDLE N K
import ai.djl.ndarray.*;
import ai.djl.ndarray.types.Shape;
import dev.sightline.latent.bundle.*;
import dev.sightline.latent.text.*;
import dev.sightline.latent.vision.*;
import dev.sightline.spatial.dataset.*;
import dev.sightline.trainer.data.*;
import java.nio.file.Path;
import java.util.*;
import java.util.regex.*;

public class LatentProbe {
    public static void main(String[] a) throws Exception {
        int n = Integer.parseInt(a[1]), k = Integer.parseInt(a[2]);
        Pattern pos = Pattern.compile("^(.* at x =) (-?\\d+\\.\\d+), z = (-?\\d+\\.\\d+)");
        try (ModelBundle b = ModelBundle.load(Path.of(a[0])); LanguageModel lm = new LanguageModel(b)) {
            VisionEncoder v = new VisionEncoder(b);
            ControlTokens c = b.controlTokens();
            var src = new SpatialScenesSource(Split.TRAIN, new SceneOptions(64, 1, 8), List.of(1), 0);
            int layers = b.config().numHiddenLayers();
            List<float[]> latentMeans = new ArrayList<>(), atX = new ArrayList<>(), regionMeans = new ArrayList<>();
            List<Float> Y = new ArrayList<>();
            double mseLatent = 0, mseConst = 0; int mseN = 0;
            List<float[]> pooledAll = new ArrayList<>(), latAll = new ArrayList<>(), zAll = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                TrainingSample s = src.sample(200000 + i);
                try (NDManager m = b.manager().newSubManager()) {
                    VisualTokens vt = v.encode(s.frames());
                    int d = vt.dim();
                    NDArray vis = m.create(vt.data(), new Shape(vt.count(), d));
                    NDArray c0 = vis.sub(vis.mean(new int[] {0}, true));
                    float[] stdz = c0.div(c0.square().mean(new int[] {0}, true).add(1e-6f).sqrt()).toFloatArray();
                    GrowingKeyValues store = new GrowingKeyValues(layers);
                    int len = 0;
                    int[] q = b.tokenizer().encode(s.question() + "\n");
                    NDArray in = vis.concat(lm.embed(m.create(toLong(q, c.latentStart()))), 0).expandDims(0);
                    NDArray out = lm.forward(in, store, new int[] {len}, null);
                    len += (int) in.getShape().get(1);
                    NDArray last = out.get(0, out.getShape().get(1) - 1);
                    for (int st = 0; st < s.steps().size(); st++) {
                        float[] sum = new float[d];
                        List<float[]> lats = new ArrayList<>();
                        for (int j = 0; j < k; j++) {
                            NDArray o = lm.forward(last.reshape(1, 1, d), store, new int[] {len}, null);
                            len++;
                            last = o.get(0, 0);
                            float[] f = last.toFloatArray();
                            lats.add(f);
                            for (int x = 0; x < d; x++) sum[x] += f[x] / k;
                        }
                        String step = s.steps().get(st);
                        int[] full = b.tokenizer().encode(step + "\n");
                        int[] seg = new int[full.length + 2];
                        seg[0] = c.latentEnd();
                        System.arraycopy(full, 0, seg, 1, full.length);
                        seg[seg.length - 1] = c.latentStart();
                        NDArray o = lm.forward(lm.embed(m.create(toLong(seg))).expandDims(0), store, new int[] {len}, null);
                        len += seg.length;
                        int[] region = s.stepRegions().get(st);
                        if (region.length > 0) {
                            float[] mean = new float[d];
                            for (int r : region) for (int x = 0; x < d; x++) mean[x] += vt.data()[r * d + x] / region.length;
                            pooledAll.add(mean); latAll.add(sum);
                            float[] zm = new float[d];
                            for (int r : region) for (int x = 0; x < d; x++) zm[x] += stdz[r * d + x] / region.length;
                            zAll.add(zm);
                        }
                        Matcher mt = pos.matcher(step);
                        if (mt.find() && region.length > 0) {
                            int[] pre = b.tokenizer().encode(mt.group(1));
                            if (Arrays.equals(pre, Arrays.copyOf(full, pre.length))) {
                                // seg[0] is <|latent_end|>, so "=" is at 1 + pre.length - 1
                                atX.add(o.get(0, pre.length).toFloatArray());
                                latentMeans.add(sum);
                                Y.add(Float.parseFloat(mt.group(2)));
                                float[] mean = new float[d];
                                for (int r : region) for (int x = 0; x < d; x++) mean[x] += vt.data()[r * d + x] / region.length;
                                regionMeans.add(mean);
                            }
                        }
                        last = o.get(0, o.getShape().get(1) - 1);
                    }
                }
            }
            int d = pooledAll.get(0).length;
            float[] avg = new float[d];
            for (float[] p : pooledAll) for (int x = 0; x < d; x++) avg[x] += p[x] / pooledAll.size();
            for (int i = 0; i < pooledAll.size(); i++) for (int x = 0; x < d; x++) {
                mseLatent += Math.pow(latAll.get(i)[x] - pooledAll.get(i)[x], 2); mseConst += Math.pow(avg[x] - pooledAll.get(i)[x], 2); }
            float[] zavg = new float[d];
            for (float[] p : zAll) for (int x = 0; x < d; x++) zavg[x] += p[x] / zAll.size();
            double zl = 0, zc = 0;
            for (int i = 0; i < zAll.size(); i++) for (int x = 0; x < d; x++) {
                zl += Math.pow(latAll.get(i)[x] - zAll.get(i)[x], 2); zc += Math.pow(zavg[x] - zAll.get(i)[x], 2); }
            System.out.printf("standardized targets: MSE of the latents' mean %.4f (a constant, the mean standardized region: %.4f)%n",
                    zl / (zAll.size() * d), zc / (zAll.size() * d));
            System.out.printf("K = %d, %d position steps from %d samples%n", k, Y.size(), n);
            System.out.printf("mean of the K latents vs the region's mean visual token: MSE %.4f (a constant, the mean region token: %.4f)%n",
                    mseLatent / (pooledAll.size() * d), mseConst / (pooledAll.size() * d));
            System.out.printf("held-out R2 of x from the mean of the segment's latents %.3f%n", HiddenProbe.r2(latentMeans, Y));
            System.out.printf("held-out R2 of x from the hidden state at \"x =\" %.3f%n", HiddenProbe.r2(atX, Y));
            System.out.printf("held-out R2 of x from the region's mean visual token %.3f%n", HiddenProbe.r2(regionMeans, Y));
        }
    }
    static long[] toLong(int[] ids, int... more) {
        long[] r = new long[ids.length + more.length];
        for (int i = 0; i < ids.length; i++) r[i] = ids[i];
        for (int i = 0; i < more.length; i++) r[ids.length + i] = more[i];
        return r;
    }
}
