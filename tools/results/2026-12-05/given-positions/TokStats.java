import ai.djl.ndarray.*;
import ai.djl.ndarray.types.Shape;
import dev.sightline.latent.bundle.*;
import dev.sightline.latent.vision.*;
import dev.sightline.spatial.dataset.*;
import dev.sightline.trainer.data.*;
import java.nio.file.Path;
import java.util.*;

public class TokStats {
    public static void main(String[] a) throws Exception {
        int n = Integer.parseInt(a[1]);
        try (ModelBundle b = ModelBundle.load(Path.of(a[0]))) {
            VisionEncoder v = new VisionEncoder(b);
            var src = new SpatialScenesSource(Split.TRAIN, new SceneOptions(64, 1, 8), List.of(1), 0);
            NDManager m = b.manager().newSubManager();
            List<NDArray> all = new ArrayList<>();
            double within = 0;
            for (int i = 0; i < n; i++) {
                TrainingSample s = src.sample(300000 + i);
                VisualTokens vt = v.encode(s.frames());
                NDArray x = m.create(vt.data(), new Shape(vt.count(), vt.dim()));
                all.add(x);
                within += x.sub(x.mean(new int[] {0}, true)).square().mean(new int[] {0}).sum().getFloat();
            }
            NDArray x = NDArrays.concat(new NDList(all), 0);
            NDArray mu = x.mean(new int[] {0});
            NDArray var = x.sub(mu).square().mean(new int[] {0});
            System.out.printf("visual tokens %s: |mean vector| %.3f, sqrt(total var) %.3f, mean token norm %.3f%n",
                    x.getShape(), mu.norm().getFloat(), (float) Math.sqrt(var.sum().getFloat()),
                    x.norm(new int[] {1}).mean().getFloat());
            System.out.printf("  within-image total var %.4f, across all %.4f%n", within / n, var.sum().getFloat());
            float[] sd = var.sqrt().toFloatArray();
            Arrays.sort(sd);
            System.out.printf("  per-feature std: min %.4f median %.4f max %.4f%n", sd[0], sd[sd.length / 2], sd[sd.length - 1]);
            // how much of the variance sits in the top principal directions
            NDArray c = x.sub(mu);
            NDArray cov = c.transpose().matMul(c).div(x.getShape().get(0));
            float[] ev = cov.toType(ai.djl.ndarray.types.DataType.FLOAT64, false).getNDArrayInternal().toString().length() > 0 ? null : null;
            NDArray e = b.weight("model.embed_tokens.weight");
            NDArray emu = e.mean(new int[] {0});
            NDArray evar = e.sub(emu).square().mean(new int[] {0});
            System.out.printf("text embeddings %s: |mean vector| %.3f, sqrt(total var) %.3f, mean row norm %.3f%n",
                    e.getShape(), emu.norm().getFloat(), (float) Math.sqrt(evar.sum().getFloat()),
                    e.norm(new int[] {1}).mean().getFloat());
        }
    }
}
