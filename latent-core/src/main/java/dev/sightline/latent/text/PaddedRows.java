package dev.sightline.latent.text;

import java.util.Arrays;
import java.util.BitSet;

/**
 * The bookkeeping that lets sequences of different lengths share one {@link GrowingKeyValues}, whose rows
 * advance together: every forward gives each row the same number T of stored positions, of which row
 * {@code b} uses the first {@code counts[b]} for its own tokens and pads the rest. Training batches latent
 * chains this way (samples differ in prompt length, K, CoT steps and line lengths).
 *
 * <p>Invariants: (1) row {@code b}'s tokens take RoPE positions {@code 0, 1, 2, ...} in order, as if it ran
 * alone, however much padding lies between them in storage, except that a token after {@link #repeatPosition}
 * takes its predecessor's position again (and those after it continue from there); (2) a token attends to its
 * own row's earlier tokens and itself, never to padding — so a row's hidden states equal those of the row run
 * unpadded;
 * (3) a padding input's output is garbage but finite: it attends to its row's earlier tokens, and every row
 * has at least one (a row's first forward must give it a token); (4) a key given a score bias when stored (see
 * {@link KeyValueStore#addKeyBias}) gets it from every later query of its row, and no other key gets one.
 *
 * <p>Not thread-safe; one per batch, alongside its store.
 */
public final class PaddedRows {
    private final int[] lengths;
    private final BitSet[] own;
    /** Per row, the score bias of each stored position (padding's is never read). */
    private final float[][] keyBias;
    /** Per row, own tokens minus rotary positions: how many tokens repeated their predecessor's position. */
    private final int[] lag;

    private int stored;

    public PaddedRows(int rows) {
        this.lengths = new int[rows];
        this.own = new BitSet[rows];
        this.keyBias = new float[rows][];
        this.lag = new int[rows];
        for (int b = 0; b < rows; b++) {
            own[b] = new BitSet();
            keyBias[b] = new float[0];
        }
    }

    public int rows() {
        return lengths.length;
    }

    /** Row {@code b}'s own tokens so far (its unpadded length). */
    public int length(int b) {
        return lengths[b];
    }

    /** Positions stored so far, padding included (the store's length). */
    public int stored() {
        return stored;
    }

    /**
     * Row {@code b}'s next token takes the rotary position of its last one (a latent step of a segment on one
     * position, {@link dev.sightline.latent.bundle.LatentPositions#SHARED}); the tokens after it continue from there.
     */
    public void repeatPosition(int b) {
        if (lengths[b] == 0) {
            throw new IllegalArgumentException("row " + b + " has no token whose position to repeat");
        }
        lag[b]++;
    }

    /** RoPE positions of the next forward's {@code t} inputs, {@code [B][t]}; padding's are past the row's end. */
    int[][] positions(int[] counts, int t) {
        check(counts, t);
        int[][] positions = new int[lengths.length][t];
        for (int b = 0; b < lengths.length; b++) {
            for (int tt = 0; tt < t; tt++) {
                positions[b][tt] = lengths[b] - lag[b] + tt;
            }
        }
        return positions;
    }

    /**
     * Records a forward of {@code t} positions, row {@code b} using the first {@code counts[b]}, and returns
     * its additive attention mask, {@code [B, 1, t * g, stored()]} after the advance (0 visible, -inf not),
     * each query row repeated for the {@code g} query heads that share a key/value head. A visible key's entry is
     * its score bias: {@code newKeyBias[b]} for row {@code b}'s new keys (null: none), what it was given for
     * earlier ones.
     */
    float[] advance(int[] counts, int t, int g, float[] newKeyBias) {
        check(counts, t);
        if (newKeyBias != null && newKeyBias.length != lengths.length) {
            throw new IllegalArgumentException(newKeyBias.length + " key biases for " + lengths.length + " rows");
        }
        int len = stored + t;
        int b = lengths.length;
        float[] mask = new float[b * t * g * len];
        Arrays.fill(mask, Float.NEGATIVE_INFINITY);
        for (int r = 0; r < b; r++) {
            if (lengths[r] == 0 && counts[r] == 0) {
                throw new IllegalArgumentException(
                        "row " + r + " has no token yet: its first forward must give it one");
            }
            own[r].set(stored, stored + counts[r]);
            keyBias[r] = Arrays.copyOf(keyBias[r], len);
            Arrays.fill(keyBias[r], stored, stored + counts[r], newKeyBias == null ? 0f : newKeyBias[r]);
            for (int tt = 0; tt < t; tt++) {
                int base = ((r * t + tt) * g) * len;
                for (int j = own[r].nextSetBit(0); j >= 0 && j <= stored + tt; j = own[r].nextSetBit(j + 1)) {
                    for (int h = 0; h < g; h++) {
                        mask[base + h * len + j] = keyBias[r][j];
                    }
                }
            }
            lengths[r] += counts[r];
        }
        stored = len;
        return mask;
    }

    private void check(int[] counts, int t) {
        if (counts.length != lengths.length) {
            throw new IllegalArgumentException(counts.length + " counts for " + lengths.length + " rows");
        }
        for (int c : counts) {
            if (c < 0 || c > t) {
                throw new IllegalArgumentException("a row's count " + c + " is outside 0.." + t);
            }
        }
    }
}
