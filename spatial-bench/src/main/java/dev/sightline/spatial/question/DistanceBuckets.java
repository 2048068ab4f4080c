package dev.sightline.spatial.question;

import java.util.List;

/**
 * The answers of {@link Family#ABSOLUTE_DISTANCE}: the distance between two footprint centres on the table
 * plane, in table units (one checkerboard square is 1 x 1), bucketed at 1.5, 2.5 and 3.5 (edges chosen so
 * that, with the generator aiming at a uniformly drawn bucket, all four answers are common: two objects are
 * never closer than 0.65, and a random pair on the 6 x 6 table is about 2.6 apart). A distance exactly on an
 * edge belongs to the upper bucket; the generator never asks about distances within {@link #MARGIN} of an
 * edge, so that one-decimal numbers in the chain of thought never contradict the bucket.
 */
public final class DistanceBuckets {
    /** Bucket labels, nearest first. */
    public static final List<String> LABELS = List.of("under 1.5", "1.5 to 2.5", "2.5 to 3.5", "over 3.5");

    /** Upper edges of all buckets but the last, table units. */
    public static final List<Double> EDGES = List.of(1.5, 2.5, 3.5);

    /** How far from every edge an asked distance stays, table units. */
    public static final double MARGIN = 0.1;

    private DistanceBuckets() {}

    /** Index into {@link #LABELS} of {@code distance}. */
    public static int bucket(double distance) {
        int bucket = 0;
        while (bucket < EDGES.size() && distance >= EDGES.get(bucket)) {
            bucket++;
        }
        return bucket;
    }

    /** The label of {@code distance}. */
    public static String label(double distance) {
        return LABELS.get(bucket(distance));
    }

    /** Whether {@code distance} is at least {@link #MARGIN} away from every edge. */
    public static boolean clearOfEdges(double distance) {
        return EDGES.stream().allMatch(edge -> Math.abs(distance - edge) >= MARGIN);
    }
}
