package dev.sightline.latent.text;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * Keys and values kept by concatenation, for training: nothing is written in place, so the autograd
 * graph of a latent chain (each step's input is the previous step's output) stays differentiable end to
 * end. All rows advance together; padding rows are masked by the caller's loss.
 *
 * <p>The arrays belong to the caller's scope; the store only holds references.
 */
public final class GrowingKeyValues implements KeyValueStore {
    private final NDArray[] keys;
    private final NDArray[] values;
    private int length;
    private int pending;

    public GrowingKeyValues(int layers) {
        this.keys = new NDArray[layers];
        this.values = new NDArray[layers];
    }

    /** Positions stored so far (every row). */
    public int length() {
        return length;
    }

    @Override
    public void begin(NDManager manager, int[] starts, int t) {
        for (int s : starts) {
            if (s != length) {
                throw new IllegalArgumentException("rows advance together: start " + s + " but length " + length);
            }
        }
        pending = t;
    }

    @Override
    public NDArray[] append(int layer, NDArray k, NDArray v) {
        NDArray kh = k.transpose(0, 2, 1, 3); // [B, G, T, hd]
        NDArray vh = v.transpose(0, 2, 1, 3);
        keys[layer] = keys[layer] == null ? kh : keys[layer].concat(kh, 2);
        values[layer] = values[layer] == null ? vh : values[layer].concat(vh, 2);
        if (layer == keys.length - 1) {
            length += pending;
        }
        return new NDArray[] {keys[layer], values[layer]};
    }
}
