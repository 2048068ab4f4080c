package dev.sightline.trainer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import dev.sightline.latent.bundle.BundleTokenizer;
import dev.sightline.latent.bundle.ControlTokens;
import dev.sightline.latent.bundle.ModelBundle;
import dev.sightline.latent.text.GrowingKeyValues;
import dev.sightline.latent.text.LanguageModel;
import dev.sightline.latent.vision.VisionEncoder;
import dev.sightline.trainer.align.AlignmentProjectors;
import dev.sightline.trainer.data.TrainingSample;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The loss of one sample, built exactly as inference runs it: the frames' visual tokens and the question
 * are prefilled, then either the whole CoT (plain SFT) or, with latents, before every CoT step and before
 * the answer a {@code <|latent_start|>}, K latent steps (each input is the previous step's last hidden
 * state, computed one forward at a time) and {@code <|latent_end|>}. Gradients flow back through the
 * whole chain (backpropagation through the latent steps, as in Coconut). Cross-entropy covers every text
 * token the model must produce; {@code <|latent_start|>} is not a target because inference forces it.
 */
final class SampleLoss {
    /**
     * The parts of one sample's loss: {@code total} (in the caller's scope) to differentiate, and its
     * value and terms already read to the host, so the trainer never synchronizes on it again.
     */
    record Parts(NDArray total, double value, double ce, double alignment, int targets) {}

    private final ModelBundle bundle;
    private final LanguageModel model;
    private final VisionEncoder vision;
    private final BundleTokenizer tokenizer;
    private final ControlTokens control;
    private final AlignmentProjectors projectors;
    private final int alignLayer;
    private final double alignWeight;

    SampleLoss(
            ModelBundle bundle,
            LanguageModel model,
            VisionEncoder vision,
            AlignmentProjectors projectors,
            int alignLayer,
            double alignWeight) {
        this.bundle = bundle;
        this.model = model;
        this.vision = vision;
        this.tokenizer = bundle.tokenizer();
        this.control = bundle.controlTokens();
        this.projectors = projectors;
        this.alignLayer = alignLayer;
        this.alignWeight = alignWeight;
    }

    /** Visual tokens of the sample's frames followed by the question's embeddings, {@code [1, T, d]}. */
    private NDArray prompt(TrainingSample s) {
        var vc = vision.config();
        int f = s.frames().size();
        NDArray visual = vision.forward(vision.patchTensor(bundle.manager(), s.frames()), f, vc.tokensPerFrame())
                .reshape(-1, bundle.config().hiddenSize());
        NDArray question = embed(tokenizer.encode(s.question() + "\n"));
        return visual.concat(question, 0).expandDims(0);
    }

    Parts plain(TrainingSample s) {
        List<Integer> target = new ArrayList<>();
        for (String step : s.steps()) {
            add(target, tokenizer.encode(step + "\n"));
        }
        target.add(control.answer());
        add(target, tokenizer.encode(s.answer()));
        target.add(control.endOfText());
        NDArray prompt = prompt(s);
        int[] ids = target.stream().mapToInt(Integer::intValue).toArray();
        // Inputs: prompt then every target but the last; position i predicts target i.
        NDArray inputs = prompt.concat(embed(Arrays.copyOf(ids, ids.length - 1)).expandDims(0), 1);
        NDArray hidden = model.forward(inputs, new GrowingKeyValues(layers()), new int[] {0}, null);
        long p = prompt.getShape().get(1);
        NDArray predicting = hidden.get(new NDIndex().addAllDim().addSliceDim(p - 1, p - 1 + ids.length));
        NDArray ce = crossEntropy(predicting.squeeze(0), ids);
        double value = ce.getFloat();
        return new Parts(ce, value, value, 0, ids.length);
    }

    Parts withLatents(TrainingSample s, int k) {
        GrowingKeyValues store = new GrowingKeyValues(layers());
        NDArray first =
                prompt(s).concat(embed(new int[] {control.latentStart()}).expandDims(0), 1);
        NDArray hidden = model.forward(first, store, new int[] {0}, null);
        NDArray last = hidden.get(new NDIndex()
                .addAllDim()
                .addSliceDim(hidden.getShape().get(1) - 1, hidden.getShape().get(1)));
        NDList ceTerms = new NDList();
        NDList alignTerms = new NDList();
        int targets = 0;
        int segments = s.steps().size() + 1;
        for (int seg = 0; seg < segments; seg++) {
            NDList latentStates = new NDList();
            for (int i = 0; i < k; i++) {
                NDList layerOutputs = new NDList();
                last = model.forward(last, store, new int[] {store.length()}, layerOutputs);
                latentStates.add(layerOutputs.get(alignLayer).reshape(-1));
            }
            if (projectors != null && k > 0) {
                alignTerms.add(projectors.loss(NDArrays.stack(latentStates), s.teachers()));
            }
            boolean answer = seg == segments - 1;
            List<Integer> text = new ArrayList<>();
            if (answer) {
                text.add(control.answer());
                add(text, tokenizer.encode(s.answer()));
                text.add(control.endOfText());
            } else {
                add(text, tokenizer.encode(s.steps().get(seg) + "\n"));
            }
            int[] ids = text.stream().mapToInt(Integer::intValue).toArray();
            // Inputs: <|latent_end|>, the text, and (unless this is the answer) the next <|latent_start|>.
            int[] inputs = new int[ids.length + (answer ? 0 : 2)];
            inputs[0] = control.latentEnd();
            System.arraycopy(ids, 0, inputs, 1, ids.length - (answer ? 1 : 0));
            if (!answer) {
                inputs[inputs.length - 1] = control.latentStart();
            }
            NDArray out = model.forward(embed(inputs).expandDims(0), store, new int[] {store.length()}, null);
            NDArray predicting = out.get(new NDIndex().addAllDim().addSliceDim(0, ids.length))
                    .squeeze(0);
            ceTerms.add(crossEntropy(predicting, ids).mul((float) ids.length));
            targets += ids.length;
            last = out.get(new NDIndex()
                    .addAllDim()
                    .addSliceDim(out.getShape().get(1) - 1, out.getShape().get(1)));
        }
        NDArray ce = NDArrays.stack(ceTerms).sum().div((float) targets);
        NDArray total = ce;
        double align = 0;
        if (!alignTerms.isEmpty()) {
            NDArray a = NDArrays.stack(alignTerms).mean();
            align = a.getFloat();
            total = ce.add(a.mul((float) alignWeight));
        }
        double ceValue = ce.getFloat();
        return new Parts(total, ceValue + alignWeight * align, ceValue, align, targets);
    }

    /** Mean negative log-likelihood of {@code ids} under the logits of {@code hidden [n, d]}. */
    private NDArray crossEntropy(NDArray hidden, int[] ids) {
        NDArray logProbs = model.logits(hidden).logSoftmax(-1); // [n, V]
        NDArray picked = logProbs.gather(ids(ids).reshape(-1, 1), 1);
        return picked.mean().neg();
    }

    private NDArray embed(int[] ids) {
        return model.embed(ids(ids));
    }

    /** Token ids as an int64 array, the index type the embedding lookup and gather take. */
    private NDArray ids(int[] ids) {
        return bundle.manager().create(Arrays.stream(ids).asLongStream().toArray());
    }

    private int layers() {
        return bundle.config().numHiddenLayers();
    }

    private static void add(List<Integer> list, int[] ids) {
        for (int id : ids) {
            list.add(id);
        }
    }
}
