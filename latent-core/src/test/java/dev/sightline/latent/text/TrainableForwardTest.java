package dev.sightline.latent.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.sightline.latent.TinyBundles;
import dev.sightline.latent.bundle.ModelBundle;
import dev.sightline.latent.bundle.TensorLayout;
import org.junit.jupiter.api.Test;

/** The training path computes what serving computes, and gradients flow through a chain of latent steps. */
class TrainableForwardTest {
    private static final long[] PROMPT = {5, 17, 40, 3, 99};

    @Test
    void theTrainableModelWithGrowingKeyValuesEqualsTheServingModel() {
        try (ModelBundle bundle = TinyBundles.loadTiny();
                LanguageModel serving = new LanguageModel(bundle);
                LanguageModel training = LanguageModel.trainable(bundle);
                NDScope ignored = new NDScope()) {
            NDArray a = chain(serving, bundle, serving.newCache(64, 1).slots(new int[] {0}), 3, false);
            NDArray b = chain(training, bundle, new GrowingKeyValues(4), 3, false);
            double diff = a.sub(b).abs().max().getFloat();
            assertTrue(diff <= 1e-4, "max abs difference " + diff);
        }
    }

    @Test
    void gradientsFlowBackThroughEveryLatentStep() {
        try (ModelBundle bundle = TinyBundles.loadTiny();
                LanguageModel model = LanguageModel.trainable(bundle)) {
            NDArray w = bundle.weight(TensorLayout.layer(0, "mlp.down_proj.weight"));
            w.setRequiresGradient(true);
            float[] through = gradient(model, bundle, w, false);
            float[] detached = gradient(model, bundle, w, true);
            double norm = 0;
            double differ = 0;
            for (int i = 0; i < through.length; i++) {
                norm += Math.abs(through[i]);
                differ += Math.abs(through[i] - detached[i]);
            }
            assertTrue(norm > 0, "no gradient reached layer 0");
            // Cutting the chain changes the gradient: the latent steps themselves carry it back.
            assertTrue(differ > 1e-3 * norm, "the latent chain carried no gradient: " + differ + " vs " + norm);
        }
    }

    @Test
    void aPaddedBatchGivesEveryRowTheHiddenStatesItHasAlone() {
        long[] a = {5, 17, 40, 3, 99, 7};
        long[] b = {12, 8, 61};
        try (ModelBundle bundle = TinyBundles.loadTiny();
                LanguageModel model = LanguageModel.trainable(bundle);
                NDScope ignored = new NDScope();
                LanguageModel.Pin pin = model.pinFusedWeights()) {
            NDManager m = bundle.manager();
            // Row a: 4 tokens, nothing, 2 tokens. Row b: 1 token, 2 tokens, nothing — padding lies between
            // row b's tokens and after row a's, in storage.
            GrowingKeyValues store = new GrowingKeyValues(4);
            PaddedRows rows = new PaddedRows(2);
            int[][] chunks = {{4, 1}, {0, 2}, {2, 0}};
            int[] used = new int[2];
            NDArray[] got = {m.zeros(new Shape(0, 256)), m.zeros(new Shape(0, 256))};
            for (int[] counts : chunks) {
                int t = Math.max(counts[0], counts[1]);
                NDArray in = NDArrays.stack(new NDList(
                        padded(model, m, a, used[0], counts[0], t), padded(model, m, b, used[1], counts[1], t)));
                NDArray out = model.forward(in, store, rows, counts, null);
                for (int r = 0; r < 2; r++) {
                    got[r] = got[r].concat(out.get(r).get(new NDIndex().addSliceDim(0, counts[r])), 0);
                    used[r] += counts[r];
                }
            }
            assertEquals(6, rows.length(0));
            assertEquals(3, rows.length(1));
            for (int r = 0; r < 2; r++) {
                long[] ids = java.util.Arrays.copyOf(r == 0 ? a : b, used[r]);
                NDArray alone = model.forward(
                                model.embed(m.create(ids)).expandDims(0), new GrowingKeyValues(4), new int[] {0}, null)
                        .squeeze(0);
                double diff = alone.sub(got[r]).abs().max().getFloat();
                assertTrue(diff <= 1e-4, "row " + r + ": max abs difference " + diff);
            }
        }
    }

    @Test
    void aKeyGivenABiasGetsItFromEveryLaterQueryOfItsRowAndNoOtherKeyDoes() {
        PaddedRows rows = new PaddedRows(2);
        rows.advance(new int[] {2, 1}, 2, 1, null); // stored 0, 1: a0 a1 | b0, padding
        rows.advance(new int[] {1, 1}, 1, 1, new float[] {-1.5f, -0.5f}); // stored 2: a2 | b1, both biased
        float[] mask = rows.advance(new int[] {1, 0}, 1, 1, null); // stored 3: a3 | padding
        // [2 rows, 1 query, 4 keys]: a3 reads a0..a3; b's padding query reads b0 and b1 only.
        float inf = Float.NEGATIVE_INFINITY;
        assertArrayEquals(new float[] {0, 0, -1.5f, 0, 0, inf, -0.5f, inf}, mask);
    }

    @Test
    void aTokenAfterRepeatPositionTakesItsPredecessorsPositionAndTheRestContinueFromThere() {
        PaddedRows rows = new PaddedRows(2);
        rows.advance(new int[] {3, 1}, 3, 1, null);
        rows.repeatPosition(0);
        assertArrayEquals(new int[] {2, 3}, rows.positions(new int[] {2, 0}, 2)[0]);
        rows.advance(new int[] {2, 0}, 2, 1, null);
        rows.repeatPosition(0);
        assertArrayEquals(new int[] {3}, rows.positions(new int[] {1, 1}, 1)[0]);
        assertArrayEquals(new int[] {1}, rows.positions(new int[] {1, 1}, 1)[1], "the other row is untouched");
    }

    /**
     * A segment on one rotary position ({@code latent_positions: shared}) reads the same through serving's cache, told
     * each token's position, as through training's padded rows, told which tokens repeat theirs: prompt 0..2, three
     * steps all at 3, the text after them at 4 and 5.
     */
    @Test
    void aSegmentOnOnePositionComputesTheSameInTheCacheAsInPaddedRows() {
        long[] ids = {5, 17, 40, 3, 99, 250, 11, 12};
        int[][] chunks = {{0, 3}, {3, 4}, {4, 5}, {5, 6}, {6, 8}}; // prompt, three steps, text
        int[] rotary = {0, 3, 3, 3, 4};
        try (ModelBundle bundle = TinyBundles.loadTiny();
                LanguageModel model = new LanguageModel(bundle);
                NDScope ignored = new NDScope();
                KvCache cache = model.newCache(64, 1)) {
            NDManager m = bundle.manager();
            cache.allocate();
            GrowingKeyValues store = new GrowingKeyValues(4);
            PaddedRows rows = new PaddedRows(1);
            double diff = 0;
            double moved = 0;
            for (int c = 0; c < chunks.length; c++) {
                int from = chunks[c][0];
                int n = chunks[c][1] - from;
                NDArray x = model.embed(m.create(java.util.Arrays.copyOfRange(ids, from, from + n)))
                        .expandDims(0);
                NDArray served = model.forward(x, cache, new int[] {0}, new int[] {from}, new int[] {rotary[c]}, null);
                if (c == 2 || c == 3) {
                    rows.repeatPosition(0);
                }
                NDArray trained = model.forward(x, store, rows, new int[] {n}, null);
                diff = Math.max(diff, served.sub(trained).abs().max().getFloat());
                if (c == chunks.length - 1) {
                    // the same text at its storage positions, in a cache of its own: not what either computed
                    try (KvCache distinct = model.newCache(64, 1)) {
                        distinct.allocate();
                        NDArray all = model.embed(m.create(ids)).expandDims(0);
                        NDArray plain = model.forward(all, distinct, new int[] {0}, new int[] {0})
                                .get(new NDIndex(":, 6:8"));
                        moved = plain.sub(served).abs().max().getFloat();
                    }
                }
            }
            assertTrue(diff <= 1e-4, "max abs difference " + diff);
            assertTrue(moved > 1e-3, "the text after the segment moved with its positions: " + moved);
        }
    }

    @Test
    void aRowsFirstForwardMustGiveItAToken() {
        PaddedRows rows = new PaddedRows(2);
        assertThrows(IllegalArgumentException.class, () -> rows.advance(new int[] {1, 0}, 1, 4, null));
    }

    /** Tokens {@code [from, from + n)} of {@code ids} embedded and zero-padded to {@code t} rows, {@code [t, d]}. */
    private static NDArray padded(LanguageModel model, NDManager m, long[] ids, int from, int n, int t) {
        NDArray own = n == 0
                ? m.zeros(new Shape(0, 256))
                : model.embed(m.create(java.util.Arrays.copyOfRange(ids, from, from + n)));
        return t == n ? own : own.concat(m.zeros(new Shape(t - n, 256)), 0);
    }

    private static float[] gradient(LanguageModel model, ModelBundle bundle, NDArray w, boolean detach) {
        try (GradientCollector gc = Engine.getInstance().newGradientCollector();
                NDScope ignored = new NDScope()) {
            NDArray last = chain(model, bundle, new GrowingKeyValues(4), 4, detach);
            NDArray loss = last.mul(last).sum();
            gc.backward(loss);
            NDArray grad = w.getGradient();
            float[] g = grad.toFloatArray();
            grad.muli(0f); // DJL's collector accumulates: the next call must start from zero
            return g;
        }
    }

    /** Prompt, then {@code k} latent steps each fed the previous last hidden state; returns the final one. */
    private static NDArray chain(LanguageModel model, ModelBundle bundle, KeyValueStore store, int k, boolean detach) {
        NDManager m = bundle.manager();
        NDArray x = model.embed(m.create(PROMPT)).expandDims(0);
        NDArray hidden = model.forward(x, store, new int[] {0}, new NDList());
        int len = PROMPT.length;
        NDArray last = hidden.get(":, -1:, :"); // [1, 1, d]
        for (int i = 0; i < k; i++) {
            NDArray input = detach ? last.stopGradient() : last;
            last = model.forward(input, store, new int[] {len++}, null);
        }
        return last.reshape(new Shape(-1));
    }
}
