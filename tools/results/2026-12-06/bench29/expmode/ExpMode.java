import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;

/**
 * Is libtorch's slow exp a property of the process or of the thread (twenty-ninth session)? One JVM: three threads
 * in turn, each timing softmax over a decode step's attention scores [16, 4, 1, 320] (the shape of the tiny model's
 * batch-16 decode) and sigmoid over its MLP gate [16, 1, 512], CPU microseconds per op, best of five rounds of 2000.
 * Run the JVM several times with ATEN_CPU_CAPABILITY=avx512 and =avx2 (expmode.sh).
 */
public class ExpMode {
    public static void main(String[] args) throws Exception {
        ai.djl.engine.Engine.getEngine("PyTorch"); // loads libtorch before the JNI calls below
        JniUtils.setNumThreads(1);
        for (int t = 0; t < 3; t++) {
            Thread th = new Thread(ExpMode::measure, "probe-" + t);
            th.start();
            th.join();
        }
    }

    static void measure() {
        JniUtils.setNumThreads(1);
        var bean = java.lang.management.ManagementFactory.getThreadMXBean();
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray scores = m.randomNormal(new Shape(16, 4, 1, 320)).mul(3);
            NDArray gate = m.randomNormal(new Shape(16, 1, 512)).mul(2);
            double bestSoftmax = Double.MAX_VALUE, bestSigmoid = Double.MAX_VALUE;
            for (int round = 0; round < 5; round++) {
                long c0 = bean.getCurrentThreadCpuTime();
                for (int i = 0; i < 2000; i++) {
                    scores.softmax(-1).close();
                }
                long c1 = bean.getCurrentThreadCpuTime();
                for (int i = 0; i < 2000; i++) {
                    gate.getNDArrayInternal().sigmoid().close();
                }
                long c2 = bean.getCurrentThreadCpuTime();
                bestSoftmax = Math.min(bestSoftmax, (c1 - c0) / 2000e3);
                bestSigmoid = Math.min(bestSigmoid, (c2 - c1) / 2000e3);
            }
            System.out.printf("%s softmax %.1f us sigmoid %.1f us%n", Thread.currentThread().getName(), bestSoftmax, bestSigmoid);
        }
    }
}
