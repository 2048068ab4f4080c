package dev.sightline.latent.text;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;

/**
 * Key/value memory for many sessions at once, one pair of tensors per layer.
 *
 * <p>Layout per layer: head-major, {@code [capacity, numKeyValueHeads, maxLen, headDim]}, stored flat as
 * {@code [capacity * numKeyValueHeads * maxLen, headDim]}; row {@code (slot * kvHeads + g) * maxLen + pos}
 * holds head {@code g} at position {@code pos} of the session that owns {@code slot}. Head-major keeps each
 * head's positions contiguous, so attention reads a window {@code [B, G, L, hd]} as strided matrices
 * without copying it. Slots are dense: the occupied slots are always {@code 0 .. size()-1}, so a decode
 * step over every session reads a plain view, no gather.
 *
 * <p>Invariants: (1) for a slot whose session has length {@code n}, rows {@code [0, n)} hold exactly that
 * session's keys and values, latent and sketch positions included; (2) rows at or beyond {@code n} are
 * garbage: a batched step reads them for shorter sessions but masks them with -inf, so they must only be
 * finite — they are zeroed when a slot is handed out. Releasing a slot moves the last slot into the hole,
 * which keeps (1) for the moved session. (3) The score bias of a slot's positions {@code [0, n)} (see {@link
 * KeyValueStore#addKeyBias}) is the one given by the forward that wrote their keys, 0 unless one was given.
 *
 * <p>Owns its tensors; {@link #close()} frees them. Not thread-safe: one scheduler thread drives it.
 */
public final class KvCache implements AutoCloseable {
    private final NDManager manager;
    private final int layers;
    private final int width;
    private final int maxLen;
    private final NDArray[] keys;
    private final NDArray[] values;
    private final NDArray[] keysBySlot;
    private final NDArray[] valuesBySlot;
    private final int numKeyValueHeads;
    private final int headDim;
    private int capacity;
    private int size;
    /** {@code [capacity * maxLen]}: each stored key's score bias, on the host, where the mask is built. */
    private float[] keyBias;
    /** Whether any key ever had a bias; until then a forward's mask needs no bias pass. */
    private boolean biased;

    /**
     * @param parent manager the cache's own sub-manager is created under
     * @param maxLen positions per session (prompt, text, latent and sketch positions together)
     */
    public KvCache(NDManager parent, int layers, int numKeyValueHeads, int headDim, int maxLen, int initialSlots) {
        this.manager = parent.newSubManager();
        this.layers = layers;
        this.width = headDim;
        this.numKeyValueHeads = numKeyValueHeads;
        this.headDim = headDim;
        this.keysBySlot = new NDArray[layers];
        this.valuesBySlot = new NDArray[layers];
        this.maxLen = maxLen;
        this.keys = new NDArray[layers];
        this.values = new NDArray[layers];
        this.capacity = Math.max(1, initialSlots);
        this.keyBias = new float[capacity * maxLen];
        for (int l = 0; l < layers; l++) {
            keys[l] = manager.zeros(new Shape((long) capacity * rowsPerSlot(), width));
            values[l] = manager.zeros(new Shape((long) capacity * rowsPerSlot(), width));
        }
        refreshViews();
    }

    /** The {@code [capacity, maxLen, kvHeads, headDim]} views reads use; they share the flat storage. */
    private void refreshViews() {
        for (int l = 0; l < layers; l++) {
            if (keysBySlot[l] != null) {
                keysBySlot[l].close();
                valuesBySlot[l].close();
            }
            keysBySlot[l] = keys[l].reshape(capacity, numKeyValueHeads, maxLen, headDim);
            valuesBySlot[l] = values[l].reshape(capacity, numKeyValueHeads, maxLen, headDim);
        }
    }

    public int maxLen() {
        return maxLen;
    }

    /** Occupied slots; they are {@code 0 .. size()-1}. */
    public int size() {
        return size;
    }

    public int capacity() {
        return capacity;
    }

    /** Claims the next slot, doubling the capacity when full. */
    public int allocate() {
        if (size == capacity) {
            grow(capacity * 2);
        }
        // A previous owner may have left non-finite values; masked positions must still be finite
        // (0 * NaN is NaN), so a new session starts from zeros.
        long n = rowsPerSlot();
        NDIndex rows = new NDIndex().addSliceDim(size * n, (size + 1) * n);
        for (int l = 0; l < layers; l++) {
            keys[l].set(rows, 0f);
            values[l].set(rows, 0f);
        }
        java.util.Arrays.fill(keyBias, size * maxLen, (size + 1) * maxLen, 0f);
        return size++;
    }

    /**
     * Frees {@code slot}. When it was not the last one, the last slot's rows are moved into it.
     *
     * @return the slot whose session now lives in {@code slot} (the caller remaps it), or -1 if none moved
     */
    public int release(int slot) {
        if (slot < 0 || slot >= size) {
            throw new IllegalArgumentException("slot " + slot + " is not occupied (size " + size + ")");
        }
        int last = size - 1;
        size--;
        if (slot == last) {
            return -1;
        }
        long n = rowsPerSlot();
        NDIndex from = new NDIndex().addSliceDim(last * n, (last + 1) * n);
        NDIndex to = new NDIndex().addSliceDim(slot * n, (slot + 1) * n);
        for (int l = 0; l < layers; l++) {
            try (NDArray k = keys[l].get(from);
                    NDArray v = values[l].get(from)) {
                keys[l].set(to, k);
                values[l].set(to, v);
            }
        }
        System.arraycopy(keyBias, last * maxLen, keyBias, slot * maxLen, maxLen);
        return last;
    }

    /** Bytes of one session's keys and values at {@code positions} positions, every layer: a prefix copy's size. */
    public long prefixBytes(int positions) {
        return 2L
                * layers
                * numKeyValueHeads
                * positions
                * headDim
                * keys[0].getDataType().getNumOfBytes();
    }

    /**
     * A copy of positions {@code [0, positions)} of the session in {@code slot}, attached to {@code owner}: for
     * each layer its keys then its values, {@code [kvHeads * positions, headDim]} in (head, position) order — the
     * rows {@link #restorePrefix} writes back. The copy never aliases the cache, so it outlives the slot.
     */
    public NDArray[] copyPrefix(int slot, int positions, NDManager owner) {
        NDArray[] copy = new NDArray[2 * layers];
        try (NDManager scratch = manager.newSubManager()) {
            NDIndex rows = prefixIndex(scratch, slot, positions);
            for (int l = 0; l < layers; l++) {
                copy[2 * l] = keys[l].get(rows); // advanced indexing: a copy
                copy[2 * l + 1] = values[l].get(rows);
            }
        }
        for (NDArray a : copy) {
            NDScope.unregister(a); // a caller's open scope must not free what the prefix cache keeps
            a.attach(owner);
        }
        return copy;
    }

    /**
     * Writes a {@link #copyPrefix} copy into positions {@code [0, positions)} of {@code slot}: afterwards the
     * slot holds exactly what a prefill of those positions would have written (invariant (1) for a session of
     * length {@code positions}).
     */
    public void restorePrefix(int slot, int positions, NDArray[] copy) {
        if (copy.length != 2 * layers) {
            throw new IllegalArgumentException(
                    "a prefix copy holds " + copy.length + " tensors, this cache needs " + 2 * layers);
        }
        try (NDManager scratch = manager.newSubManager()) {
            NDIndex rows = prefixIndex(scratch, slot, positions);
            for (int l = 0; l < layers; l++) {
                keys[l].set(rows, copy[2 * l]);
                values[l].set(rows, copy[2 * l + 1]);
            }
        }
        java.util.Arrays.fill(keyBias, slot * maxLen, slot * maxLen + positions, 0f); // a prompt has no latents
    }

    /** An index of {@code slot}'s flat rows for positions {@code [0, positions)}, in (head, position) order. */
    private NDIndex prefixIndex(NDManager m, int slot, int positions) {
        if (slot < 0 || slot >= size || positions < 1 || positions > maxLen) {
            throw new IllegalArgumentException("no prefix of " + positions + " positions in slot " + slot + " (size "
                    + size + ", maxLen " + maxLen + ")");
        }
        long[] rows = new long[numKeyValueHeads * positions];
        int n = 0;
        for (int g = 0; g < numKeyValueHeads; g++) {
            long base = ((long) slot * numKeyValueHeads + g) * maxLen;
            for (int t = 0; t < positions; t++) {
                rows[n++] = base + t;
            }
        }
        return new NDIndex("{}", m.create(rows));
    }

    /** Layer {@code l}'s keys, flat {@code [capacity * kvHeads * maxLen, headDim]}; owned by the cache. */
    NDArray keys(int l) {
        return keys[l];
    }

    /** Layer {@code l}'s values, flat {@code [capacity * kvHeads * maxLen, headDim]}; owned by the cache. */
    NDArray values(int l) {
        return values[l];
    }

    private long rowsPerSlot() {
        return (long) numKeyValueHeads * maxLen;
    }

    /**
     * A view of this cache for one forward over the sessions in {@code slots} (ascending). When the slots
     * are exactly {@code 0 .. B-1} attention reads plain views; otherwise it gathers the rows.
     */
    public KeyValueStore slots(int[] slots) {
        return new SlotView(slots, null);
    }

    /**
     * {@link #slots(int[])} for a forward whose new keys in row {@code b} each get the score bias {@code
     * newKeyBias[b]} from every later query (a latent segment's keys, {@link
     * dev.sightline.latent.bundle.LatentKeyBias}); null: none.
     */
    public KeyValueStore slots(int[] slots, float[] newKeyBias) {
        if (newKeyBias != null && newKeyBias.length != slots.length) {
            throw new IllegalArgumentException(newKeyBias.length + " key biases for " + slots.length + " slots");
        }
        return new SlotView(slots, newKeyBias);
    }

    private final class SlotView implements KeyValueStore {
        private final int[] slots;
        private final float[] newKeyBias;
        private NDArray rows;
        private NDArray slotIdx;
        private int b;
        private int t;
        private int len;

        SlotView(int[] slots, float[] newKeyBias) {
            this.slots = slots;
            this.newKeyBias = newKeyBias;
        }

        @Override
        public void begin(NDManager m, int[] starts, int newPositions) {
            b = slots.length;
            t = newPositions;
            len = 0;
            long[] r = new long[b * numKeyValueHeads * t];
            int n = 0;
            for (int i = 0; i < b; i++) {
                if (starts[i] + t > maxLen) {
                    throw new IllegalStateException(
                            "session in slot " + slots[i] + " would exceed the context of " + maxLen + " positions");
                }
                len = Math.max(len, starts[i] + t);
                float bias = newKeyBias == null ? 0f : newKeyBias[i];
                if (biased || bias != 0f) { // until a key has a bias, every position's is 0 already
                    int from = slots[i] * maxLen + starts[i];
                    java.util.Arrays.fill(keyBias, from, from + t, bias);
                    biased |= bias != 0f;
                }
                // Rows in (b, g, t) order: (slot * G + g) * maxLen + start + t.
                for (int g = 0; g < numKeyValueHeads; g++) {
                    long base = ((long) slots[i] * numKeyValueHeads + g) * maxLen + starts[i];
                    for (int j = 0; j < t; j++) {
                        r[n++] = base + j;
                    }
                }
            }
            rows = m.create(r);
            boolean prefix = true;
            for (int i = 0; i < b; i++) {
                prefix &= slots[i] == i;
            }
            slotIdx = prefix ? null : m.create(slots);
        }

        @Override
        public NDArray[] append(int layer, NDArray k, NDArray v) {
            keys[layer].set(new NDIndex("{}", rows), headMajorRows(k));
            values[layer].set(new NDIndex("{}", rows), headMajorRows(v));
            return new NDArray[] {window(keysBySlot[layer]), window(valuesBySlot[layer])};
        }

        @Override
        public void addKeyBias(float[] mask, int queries, int len) {
            if (!biased) {
                return;
            }
            for (int i = 0; i < b; i++) {
                int base = slots[i] * maxLen;
                for (int j = 0; j < len; j++) {
                    float bias = keyBias[base + j];
                    if (bias != 0f) {
                        for (int q = 0; q < queries; q++) {
                            mask[(i * queries + q) * len + j] += bias;
                        }
                    }
                }
            }
        }

        /** {@code [B, T, G, hd]} → rows ordered (b, g, t), {@code [B*G*T, hd]}. */
        private NDArray headMajorRows(NDArray x) {
            NDArray byHead = t == 1 ? x : x.transpose(0, 2, 1, 3);
            return byHead.reshape((long) b * numKeyValueHeads * t, headDim);
        }

        /** Positions {@code [0, len)} of this forward's sessions, {@code [B, G, L, hd]}, a view when possible. */
        private NDArray window(NDArray bySlot) {
            if (slotIdx == null) {
                return bySlot.get(new NDIndex().addSliceDim(0, b).addAllDim().addSliceDim(0, len));
            }
            return bySlot.get(new NDIndex().addAllDim(2).addSliceDim(0, len)).get(new NDIndex("{}", slotIdx));
        }
    }

    private void grow(int newCapacity) {
        for (int l = 0; l < layers; l++) {
            keys[l] = grown(keys[l], newCapacity);
            values[l] = grown(values[l], newCapacity);
        }
        capacity = newCapacity;
        keyBias = java.util.Arrays.copyOf(keyBias, newCapacity * maxLen);
        refreshViews();
    }

    private NDArray grown(NDArray old, int newCapacity) {
        NDArray bigger = manager.zeros(new Shape((long) newCapacity * rowsPerSlot(), width));
        bigger.set(new NDIndex().addSliceDim(0, old.getShape().get(0)), old);
        old.close();
        return bigger;
    }

    @Override
    public void close() {
        manager.close();
    }
}
