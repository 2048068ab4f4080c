package dev.sightline.latent.text;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
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
