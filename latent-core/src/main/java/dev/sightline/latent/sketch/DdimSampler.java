package dev.sightline.latent.sketch;

import ai.djl.ndarray.NDArray;

/**
 * Deterministic DDIM (eta = 0) on a cosine noise schedule (Nichol and Dhariwal): {@code steps} denoiser
 * calls from pure noise at the last training timestep down to timestep 0. Given the same initial noise it
 * returns the same latents.
 */
public final class DdimSampler {
    private static final double COSINE_OFFSET = 0.008;

    private final int trainTimesteps;
    private final int steps;

    public DdimSampler(int trainTimesteps, int steps) {
        if (steps < 1 || steps > trainTimesteps) {
            throw new IllegalArgumentException("DDIM steps must be in 1.." + trainTimesteps + ", got " + steps);
        }
        this.trainTimesteps = trainTimesteps;
        this.steps = steps;
    }

    /** Cumulative signal level alpha-bar(t) of the cosine schedule, in (0, 1]. */
    public double alphaBar(int t) {
        return Math.max(f(t + 1) / f(0), 1e-5);
    }

    private double f(double t) {
        double c = Math.cos(((t / trainTimesteps) + COSINE_OFFSET) / (1 + COSINE_OFFSET) * Math.PI / 2);
        return c * c;
    }

    /** The timesteps visited, descending, {@code steps} of them. */
    public int[] timesteps() {
        int[] ts = new int[steps];
        for (int i = 0; i < steps; i++) {
            ts[i] = steps == 1
                    ? trainTimesteps - 1
                    : (int) Math.round((double) (steps - 1 - i) * (trainTimesteps - 1) / (steps - 1));
        }
        return ts;
    }

    /**
     * Runs the reverse process.
     *
     * @param noise {@code [R, d]} standard normal start
     * @return {@code [R, d]} clean latents, in the caller's scope
     */
    public NDArray sample(NDArray noise, Denoiser denoiser) {
        int[] ts = timesteps();
        NDArray x = noise;
        for (int i = 0; i < ts.length; i++) {
            double a = alphaBar(ts[i]);
            double aPrev = i + 1 < ts.length ? alphaBar(ts[i + 1]) : 1.0;
            NDArray eps = denoiser.predictNoise(x, ts[i]);
            NDArray x0 = x.sub(eps.mul((float) Math.sqrt(1 - a))).div((float) Math.sqrt(a));
            x = x0.mul((float) Math.sqrt(aPrev)).add(eps.mul((float) Math.sqrt(1 - aPrev)));
        }
        return x;
    }

    public int steps() {
        return steps;
    }
}
