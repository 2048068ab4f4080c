import ai.djl.ndarray.*;
import ai.djl.ndarray.types.*;
import ai.djl.engine.Engine;

public class Mm {
    public static void main(String[] a) {
        int rows = Integer.parseInt(a[0]), in = Integer.parseInt(a[1]), out = Integer.parseInt(a[2]);
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.randomNormal(new Shape(rows, in));
            NDArray w = m.randomNormal(new Shape(out, in));
            NDArray wt = w.transpose().duplicate(); // contiguous [in, out]
            for (DataType dt : new DataType[] {DataType.FLOAT32, DataType.FLOAT16}) {
                NDArray xx = x.toType(dt, false), ww = w.toType(dt, false), wwt = wt.toType(dt, false);
                for (int mode = 0; mode < 2; mode++) {
                    long t0 = 0;
                    for (int i = 0; i < 2200; i++) {
                        if (i == 200) t0 = System.nanoTime();
                        try (NDManager s = m.newSubManager()) {
                            NDArray y = mode == 0 ? xx.getNDArrayInternal().linear(xx, ww, null).singletonOrThrow() : xx.dot(wwt);
                            y.attach(s);
                            y.toType(DataType.FLOAT32, false).sum().getFloat();
                        }
                    }
                    double us = (System.nanoTime() - t0) / 2000.0 / 1e3;
                    System.out.printf("%s %s [%d,%d]x[%d,%d]: %.1f us, %.1f GFLOP/s%n", dt, mode == 0 ? "linear(W)" : "matmul(Wt)", rows, in, in, out, us, 2.0 * rows * in * out / us / 1e3);
                }
            }
        }
    }
}
