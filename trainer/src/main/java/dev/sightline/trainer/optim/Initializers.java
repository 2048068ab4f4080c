package dev.sightline.trainer.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;

/** Seeded initial values of the parameters the trainer adds around the model (probes, projectors, teachers). */
public final class Initializers {
    private Initializers() {}

    /**
     * A {@code shape} array of N(0, std²) values from {@code rngSeed}, created in {@code manager}. Callers mix
     * the parameter's name into the seed, so every parameter draws its own numbers and adding one moves no other.
     */
    public static NDArray normal(NDManager manager, Shape shape, double std, long rngSeed) {
        SplittableRandom rng = new SplittableRandom(rngSeed);
        float[] data = new float[(int) shape.size()];
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) (rng.nextGaussian() * std);
        }
        return manager.create(data, shape);
    }
}
