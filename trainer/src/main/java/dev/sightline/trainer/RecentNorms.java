package dev.sightline.trainer;

import java.util.Arrays;

/** The last {@code capacity} gradient norms and their median: a scale one outlier cannot move. */
final class RecentNorms {
    private final double[] ring;
    private int size;
    private int next;

    RecentNorms(int capacity) {
        this.ring = new double[capacity];
    }

    void add(double norm) {
        ring[next] = norm;
        next = (next + 1) % ring.length;
        size = Math.min(size + 1, ring.length);
    }

    /** The norms held, oldest first. */
    double[] toArray() {
        double[] out = new double[size];
        int oldest = size < ring.length ? 0 : next;
        for (int i = 0; i < size; i++) {
            out[i] = ring[(oldest + i) % ring.length];
        }
        return out;
    }

    int size() {
        return size;
    }

    /** The median of the norms held, 0 when none is. */
    double median() {
        if (size == 0) {
            return 0;
        }
        double[] sorted = Arrays.copyOf(ring, size);
        Arrays.sort(sorted);
        return size % 2 == 1 ? sorted[size / 2] : (sorted[size / 2 - 1] + sorted[size / 2]) / 2;
    }
}
