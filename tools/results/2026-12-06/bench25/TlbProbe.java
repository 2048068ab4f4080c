// Throwaway (twenty-fifth session; needs a ModelBundle.packWeights, written for it and not kept: the weights concatenated
// into one float32 block, each tensor a view of it): does a packed weight block on huge pages make a decode forward cheaper beside a
// thread that keeps switching in on the same core? Two copies of one bundle in one JVM, one packed
// (ModelBundle.packWeights), each with its own KV cache; batch-16 decode forwards alternate between them in blocks of
// 20, so both meet the same host and the same interference; the forward thread's CPU time per forward is compared.
// THP_MEM_ALLOC_ENABLE=1 taskset -c 1 java -Xmx2g -cp JAR:LIB/* TlbProbe.java BUNDLE FORWARDS [INTERFERE_US]
import ai.djl.ndarray.*;
import ai.djl.ndarray.types.Shape;
import dev.sightline.latent.bundle.ModelBundle;
import dev.sightline.latent.text.*;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.*;
import java.util.concurrent.locks.LockSupport;

public class TlbProbe {
    static final int B = 16, PROMPT = 120, STEPS = 100;

    public static void main(String[] a) throws Exception {
        var threads = ManagementFactory.getThreadMXBean();
        int forwards = Integer.parseInt(a[1]);
        long interfereNs = a.length > 2 ? Long.parseLong(a[2]) * 1000 : 0;
        if (interfereNs > 0) {
            Thread t = new Thread(() -> {
                byte[] heap = new byte[256 << 20];
                long x = 88172645463325252L;
                while (true) {
                    for (int i = 0; i < 64; i++) {
                        x ^= x << 13; x ^= x >>> 7; x ^= x << 17;
                        heap[(int) Math.floorMod(x, (long) (heap.length / 4096)) * 4096]++;
                    }
                    LockSupport.parkNanos(interfereNs);
                }
            }, "interferer");
            t.setDaemon(true);
            t.start();
        }
        try (ModelBundle loose = ModelBundle.load(Path.of(a[0])); ModelBundle packed = ModelBundle.load(Path.of(a[0]))) {
            packed.packWeights();
            Arm[] arms = {new Arm("loose", loose), new Arm("packed", packed)};
            for (int f = 0; f < forwards; f++) {
                Arm arm = arms[(f / 20) % 2];
                arm.refillIfDone(); // a new wave's prompt: not timed
                long c0 = threads.getCurrentThreadCpuTime(), t0 = System.nanoTime();
                arm.step();
                long c1 = threads.getCurrentThreadCpuTime(), t1 = System.nanoTime();
                if (f >= 200) { // after both arms warmed up
                    arm.cpu += c1 - c0; arm.wall += t1 - t0; arm.n++;
                }
            }
            for (Arm arm : arms) {
                System.out.printf("%s: %d forwards, CPU %.3f ms, wall %.3f ms per forward%n",
                        arm.name, arm.n, arm.cpu / 1e6 / arm.n, arm.wall / 1e6 / arm.n);
            }
        }
    }

    static final class Arm {
        final String name; final ModelBundle bundle; final LanguageModel model; final KvCache cache;
        final int[] slots = new int[B]; final int[] starts = new int[B];
        final NDManager manager; final int d;
        long cpu, wall, n;
        int len = 0;

        Arm(String name, ModelBundle bundle) {
            this.name = name; this.bundle = bundle; this.model = new LanguageModel(bundle);
            this.cache = model.newCache(PROMPT + STEPS + 8, B);
            this.manager = bundle.manager(); this.d = bundle.config().hiddenSize();
            for (int i = 0; i < B; i++) slots[i] = cache.allocate();
        }

        void refillIfDone() {
            if (len != 0 && len < PROMPT + STEPS) {
                return;
            }
            try (NDScope ignored = new NDScope()) {
                Arrays.fill(starts, 0);
                long[] ids = new long[B * PROMPT];
                for (int i = 0; i < ids.length; i++) ids[i] = (i * 7919L) % 500;
                NDArray x = model.embed(manager.create(ids)).reshape(B, PROMPT, d);
                model.forward(x, cache, slots, starts);
                len = PROMPT;
            }
        }

        void step() {
            try (NDScope ignored = new NDScope()) {
                Arrays.fill(starts, len);
                long[] ids = new long[B];
                for (int i = 0; i < B; i++) ids[i] = (len * 31L + i) % 500;
                NDArray x = model.embed(manager.create(ids)).reshape(B, 1, d);
                NDArray h = model.forward(x, cache, slots, starts);
                model.logits(h).toFloatArray();
                len++;
            }
        }
    }
}
