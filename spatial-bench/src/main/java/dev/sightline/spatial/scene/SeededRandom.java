package dev.sightline.spatial.scene;

import java.util.List;

/**
 * SplitMix64: a small generator whose whole 64-bit seed matters and whose output is fixed by this source
 * alone (not by the JDK), so that a sample's seed determines the sample on every JVM. Not thread-safe.
 */
public final class SeededRandom {
    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;
    private static final double DOUBLE_UNIT = 0x1.0p-53;

    private long state;

    public SeededRandom(long seed) {
        this.state = seed;
    }

    /**
     * The SplitMix64 finaliser: a bijection on 64-bit values, so distinct inputs give distinct outputs (used to
     * derive per-sample seeds that never collide).
     */
    public static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    public long nextLong() {
        state += GOLDEN_GAMMA;
        return mix(state);
    }

    /** Uniform in [0, 1). */
    public double nextDouble() {
        return (nextLong() >>> 11) * DOUBLE_UNIT;
    }

    /** Uniform in [lo, hi). */
    public double nextDouble(double lo, double hi) {
        return lo + (hi - lo) * nextDouble();
    }

    /** Uniform in [0, bound). */
    public int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be positive: " + bound);
        }
        // the multiply-shift reduction has a bias below 2^-32 for the small bounds used here
        return (int) (((nextLong() >>> 32) * bound) >>> 32);
    }

    /** Uniform in [lo, hi], both inclusive. */
    public int nextInt(int lo, int hi) {
        return lo + nextInt(hi - lo + 1);
    }

    public boolean nextBoolean() {
        return nextLong() < 0;
    }

    /** A uniformly chosen element. */
    public <T> T pick(List<T> items) {
        return items.get(nextInt(items.size()));
    }

    /** A uniformly chosen element. */
    public <T> T pick(T[] items) {
        return items[nextInt(items.length)];
    }
}
