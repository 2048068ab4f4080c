package dev.sightline.latent.text;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * Where a forward keeps the keys and values of the positions it has seen. Serving uses {@link
 * KvCache#slots} (preallocated, written in place); training uses {@link GrowingKeyValues} (functional
 * concatenation, so autograd can differentiate through every step of a latent chain).
 */
public interface KeyValueStore {
    /** Announces a forward of {@code t} new positions per row, row {@code b} starting at {@code starts[b]}. */
    void begin(NDManager manager, int[] starts, int t);

    /**
     * Stores layer {@code layer}'s new keys and values, each {@code [B, T, G, hd]}, and returns the keys and
     * values of positions {@code [0, len)} that attention reads, each {@code [B, G, L, hd]}.
     */
    NDArray[] append(int layer, NDArray keys, NDArray values);

    /**
     * Adds each stored key's score bias ({@link dev.sightline.latent.bundle.LatentKeyBias}) to an additive
     * attention mask over this forward's rows, {@code [B, 1, queries, len]} flat, every query of a row alike. A
     * masked entry stays -inf. Nothing by default: a store that keeps no bias leaves the mask as it is.
     */
    default void addKeyBias(float[] mask, int queries, int len) {}
}
