package dev.sightline.trainer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import dev.sightline.latent.bundle.BundleTokenizer;
import dev.sightline.latent.bundle.ControlTokens;
import dev.sightline.latent.bundle.ModelBundle;
import dev.sightline.latent.sketch.DiffusionHead;
import dev.sightline.latent.text.GrowingKeyValues;
import dev.sightline.latent.text.LanguageModel;
import dev.sightline.latent.text.Ops;
import dev.sightline.latent.vision.VisionEncoder;
import dev.sightline.trainer.align.AlignmentProjectors;
import dev.sightline.trainer.data.TrainingSample;
import dev.sightline.trainer.grounding.PositionReadout;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The loss of one sample, built exactly as inference runs it: the frames' visual tokens and the question
 * are prefilled, then either the whole CoT (plain SFT) or, with latents, before every CoT step and before
 * the answer a {@code <|latent_start|>}, K latent steps (each input is the previous step's last hidden
 * state, computed one forward at a time) and {@code <|latent_end|>}. Gradients flow back through the
 * whole chain (backpropagation through the latent steps, as in Coconut). Cross-entropy covers every text
 * token the model must produce; {@code <|latent_start|>} is not a target because inference forces it.
 *
 * <p>Auxiliary losses on the latent segments, each on when its part is given: VaLR's alignment of the
 * latents' hidden states at the alignment layer to the teachers ({@link AlignmentProjectors}); LVR's
 * reconstruction of the visual tokens of the region the segment's CoT step is about (MSE from the latents'
 * last hidden states; the answer's segment reconstructs the union of every step's region); and the sketch:
 * after the first segment the model must emit {@code <|sketch_start|>}, the top-down map's visual tokens
 * (pooled to the head's M latents) are fed as inference feeds the decoder's answer, and the diffusion
 * head learns to denoise them conditioned on the hidden state at {@code <|sketch_start|>}. Reconstruction
 * and sketch targets are detached: the vision tower is not pulled towards whatever makes them easy.
 */
final class SampleLoss {
    /** Noise draws per sketch: the diffusion loss is an expectation over timesteps, four cut its variance. */
    private static final int SKETCH_DRAWS = 4;

    /**
     * The parts of one sample's loss: {@code total} (in the caller's scope) to differentiate, and its
     * value and terms already read to the host, so the trainer never synchronizes on it again.
     */
    record Parts(
            NDArray total,
            double value,
            double ce,
            double alignment,
            double reconstruction,
            double sketch,
            double grounding,
            double locate,
            double copy,
            int targets) {}

    /** What stage 2 adds to cross-entropy; a null part or a weight of 0 switches a loss off. */
    record Auxiliary(
            AlignmentProjectors projectors,
            Function<TrainingSample, Map<String, float[][]>> teacherTargets,
            int alignLayer,
            double alignWeight,
            double lvrWeight,
            DiffusionHead sketchHead,
            double sketchWeight,
            long seed,
            double groundingWeight,
            PositionReadout readout,
            double locateWeight,
            double copyWeight,
            LvrTarget lvrTarget) {
        static Auxiliary none() {
            return new Auxiliary(null, null, 0, 0, 0, null, 0, 0, 0, null, 0, 0, LvrTarget.REGION);
        }
    }

    /**
     * The block whose head 0 the grounding loss supervises: the second, so the first can gather an object's
     * name into the positions that go on to read its patches.
     */
    static final int GROUNDING_LAYER = 1;

    private final ModelBundle bundle;
    private final LanguageModel model;
    private final VisionEncoder vision;
    private final BundleTokenizer tokenizer;
    private final ControlTokens control;
    private final Auxiliary aux;

    SampleLoss(ModelBundle bundle, LanguageModel model, VisionEncoder vision, Auxiliary aux) {
        this.bundle = bundle;
        this.model = model;
        this.vision = vision;
        this.tokenizer = bundle.tokenizer();
        this.control = bundle.controlTokens();
        this.aux = aux;
    }

    /** Visual tokens of frames, {@code [F * N, d]}. */
    NDArray visual(List<java.awt.image.BufferedImage> frames) {
        var vc = vision.config();
        return vision.forward(vision.patchTensor(bundle.manager(), frames), frames.size(), vc.tokensPerFrame())
                .reshape(-1, bundle.config().hiddenSize());
    }

    /** Visual tokens followed by the question's embeddings, {@code [1, T, d]}. */
    NDArray prompt(NDArray visual, TrainingSample s) {
        return prompt(visual, questionIds(s));
    }

    private NDArray prompt(NDArray visual, int[] questionIds) {
        return visual.concat(embed(questionIds), 0).expandDims(0);
    }

    /** The question's tokens as the prompt holds them, after the visual tokens. */
    int[] questionIds(TrainingSample s) {
        return tokenizer.encode(s.question() + "\n");
    }

    /**
     * The answer as the model writes it after {@code <|answer|>}: with a leading space, so that it starts
     * with the common word-initial tokens ("Ġgreen") the CoT lines use, not rare word-internal pieces.
     */
    int[] answerIds(TrainingSample s) {
        return tokenizer.encode(" " + s.answer().strip());
    }

    Parts plain(TrainingSample s) {
        List<Integer> target = new ArrayList<>();
        int[] stepStarts = new int[s.steps().size() + 1];
        List<int[]> stepIds = new ArrayList<>();
        for (int i = 0; i < s.steps().size(); i++) {
            stepStarts[i] = target.size();
            stepIds.add(tokenizer.encode(s.steps().get(i) + "\n"));
            add(target, stepIds.get(i));
        }
        stepStarts[s.steps().size()] = target.size();
        target.add(control.answer());
        add(target, answerIds(s));
        target.add(control.endOfText());
        int[] questionIds = questionIds(s);
        NDArray prompt = prompt(visual(s.frames()), questionIds);
        int[] ids = target.stream().mapToInt(Integer::intValue).toArray();
        // Inputs: prompt then every target but the last; position i predicts target i.
        NDArray inputs = prompt.concat(embed(Arrays.copyOf(ids, ids.length - 1)).expandDims(0), 1);
        boolean grounding = aux.groundingWeight() > 0;
        NDList attention = new NDList();
        boolean copy = aux.copyWeight() > 0;
        model.recordAttention(GROUNDING_LAYER, grounding || copy ? attention : null);
        NDArray hidden;
        try {
            hidden = model.forward(inputs, new GrowingKeyValues(layers()), new int[] {0}, null);
        } finally {
            model.recordAttention(-1, null);
        }
        long p = prompt.getShape().get(1);
        NDArray predicting = hidden.get(new NDIndex().addAllDim().addSliceDim(p - 1, p - 1 + ids.length))
                .squeeze(0);
        NDArray ce = crossEntropy(predicting, ids);
        double value = ce.getFloat();
        NDArray total = ce;
        double totalValue = value;
        double gValue = 0;
        PositionRows located = grounding || aux.locateWeight() > 0
                ? PositionRows.of(tokenizer, s, stepStarts, stepIds)
                : PositionRows.NONE;
        if (grounding) {
            NDArray g = groundingLoss(attention.get(0), s, (int) p, stepStarts, located.groundingFrom(stepStarts));
            gValue = g.getFloat();
            total = total.add(Ops.scale(g, aux.groundingWeight()));
            totalValue += aux.groundingWeight() * gValue;
        }
        double cValue = 0;
        if (copy) {
            NDArray c = CopyPointers.of(tokenizer, s, questionIds, (int) p, stepStarts, stepIds)
                    .loss(attention.get(0), bundle.config().queriesPerKeyValue());
            cValue = c.getFloat();
            total = total.add(Ops.scale(c, aux.copyWeight()));
            totalValue += aux.copyWeight() * cValue;
        }
        double lValue = 0;
        if (aux.locateWeight() > 0 && located.rows().length > 0) {
            NDArray l = aux.readout().loss(located.of(predicting), located.positions());
            lValue = l.getFloat();
            total = total.add(Ops.scale(l, aux.locateWeight()));
            totalValue += aux.locateWeight() * lValue;
        }
        return new Parts(total, totalValue, value, 0, 0, 0, gValue, lValue, cValue, ids.length);
    }

    /**
     * The grounding loss: while the model writes a step that mentions objects, from where it states their
     * position ({@link PositionRows#groundingFrom}), head 0 of block {@link #GROUNDING_LAYER} should put its attention on
     * the patches of those objects' boxes (the step's region): mean over those positions of {@code -log} (the
     * attention mass on the region). Plain SFT leaves the model to find that pattern from the few coordinate
     * tokens alone, and in this budget it never did: it wrote the same coordinates for every object.
     *
     * @param weights block {@link #GROUNDING_LAYER}'s attention, {@code [1, G, T*g, T]}
     * @param p the prompt's length; input {@code p + j} is target token {@code j}
     * @param stepStarts each step's first target token, then the end of the last step
     * @param from per step, the first supervised target index
     */
    NDArray groundingLoss(NDArray weights, TrainingSample s, int p, int[] stepStarts, int[] from) {
        int g = bundle.config().queriesPerKeyValue();
        int t = (int) weights.getShape().get(3);
        NDArray head0 = weights.get(0, 0).reshape(t, g, t).get(new NDIndex(":, 0, :")); // [T, T]
        float[] mask = new float[t * t];
        float[] rows = new float[t];
        int count = 0;
        for (int i = 0; i < s.steps().size(); i++) {
            int[] region = s.stepRegions().get(i);
            if (region.length == 0) {
                continue;
            }
            // every step is followed by <|answer|>, the answer and <|endoftext|>: its inputs are all inside T
            for (int j = from[i]; j < stepStarts[i + 1]; j++) {
                rows[p + j] = 1;
                count++;
                for (int token : region) {
                    mask[(p + j) * t + token] = 1;
                }
            }
        }
        NDManager m = weights.getManager();
        if (count == 0) {
            return m.create(0f);
        }
        return logMassOnRegion(head0, m.create(mask, new Shape(t, t)), m.create(rows))
                .div(-count);
    }

    /**
     * The grounding loss's sum, over the supervised query rows, of {@code log} (the attention mass on the region):
     * {@code attention} and {@code region} (1 on the region's keys) {@code [..., T, L]}, {@code rows} {@code [..., T]}
     * (1 where supervised) give {@code [...]}. An unsupervised row adds {@code log 1 = 0}.
     */
    static NDArray logMassOnRegion(NDArray attention, NDArray region, NDArray rows) {
        int keys = attention.getShape().dimension() - 1;
        NDArray mass = attention.mul(region).sum(new int[] {keys}); // [..., T]
        return mass.add(rows.neg().add(1)).add(1e-6f).log().mul(rows).sum(new int[] {keys - 1});
    }

    /**
     * The latent loss of one sample: {@link #withLatents(List, int[], long[])} with a batch of one.
     *
     * @param k latent steps per segment
     * @param index the sample's index in the run, seeding the sketch's noise
     */
    Parts withLatents(TrainingSample s, int k, long index) {
        return withLatents(List.of(s), new int[] {k}, new long[] {index}).get(0);
    }

    /**
     * The latent losses of several samples run as one padded batch ({@link LatentBatch}): each sample's parts
     * equal those of the sample run alone, up to float rounding.
     *
     * @param k latent steps per segment of each sample
     * @param index each sample's index in the run, seeding its sketch's noise
     */
    List<Parts> withLatents(List<TrainingSample> samples, int[] k, long[] index) {
        try (LanguageModel.Pin ignored = model.pinFusedWeights()) {
            return new LatentBatch(this, samples, k, index).run();
        }
    }

    LanguageModel model() {
        return model;
    }

    NDManager manager() {
        return bundle.manager();
    }

    Auxiliary aux() {
        return aux;
    }

    ControlTokens control() {
        return control;
    }

    BundleTokenizer tokenizer() {
        return tokenizer;
    }

    /** The top-down map's visual tokens average-pooled to the head's M latents, {@code [M, d]}, detached. */
    NDArray sketchTarget(TrainingSample s) {
        if (s.sketchTarget() == null) {
            throw new IllegalArgumentException(s.id() + ": the sketch recipe needs a top-down map");
        }
        NDArray map = visual(List.of(s.sketchTarget())).stopGradient(); // [N, d]
        int n = (int) map.getShape().get(0);
        int m = aux.sketchHead().numLatents();
        return map.getManager().create(GridPooling.grid(m, n), new Shape(m, n)).matMul(map);
    }

    /** epsilon-prediction MSE at {@value #SKETCH_DRAWS} random timesteps (DDPM's simple loss). */
    NDArray diffusionLoss(NDArray condition, NDArray x0, long index) {
        DiffusionHead head = aux.sketchHead();
        var sampler = head.sampler();
        int timesteps = bundle.config().sketch().numTrainTimesteps();
        SplittableRandom rng = new SplittableRandom(aux.seed() * 0x9E3779B97F4A7C15L + index);
        NDArray c = head.conditioning(condition); // [M, w]
        NDList terms = new NDList();
        long rows = x0.getShape().get(0);
        long d = x0.getShape().get(1);
        for (int draw = 0; draw < SKETCH_DRAWS; draw++) {
            int t = rng.nextInt(timesteps);
            float[] noise = new float[(int) (rows * d)];
            for (int i = 0; i < noise.length; i++) {
                noise[i] = (float) rng.nextGaussian();
            }
            NDArray eps = x0.getManager().create(noise, new Shape(rows, d));
            double a = sampler.alphaBar(t);
            NDArray noisy = x0.mul((float) Math.sqrt(a)).add(eps.mul((float) Math.sqrt(1 - a)));
            terms.add(head.predictNoise(noisy, t, c).sub(eps).square().mean());
        }
        return NDArrays.stack(terms).mean();
    }

    /**
     * {@code [K, T]} weights: row i averages the i-th of K consecutive groups of the region's tokens (in
     * raster order), or, for a region smaller than K, the token at {@code i * |region| / K}.
     */
    static float[] groupMeans(int k, int[] region, int tokens) {
        float[] w = new float[k * tokens];
        int n = region.length;
        for (int i = 0; i < k; i++) {
            int from = (int) ((long) i * n / k);
            int to = Math.max(from + 1, (int) ((long) (i + 1) * n / k));
            for (int j = from; j < to; j++) {
                w[i * tokens + region[j]] = 1f / (to - from);
            }
        }
        return w;
    }

    static int[] union(List<int[]> regions) {
        TreeSet<Integer> all = new TreeSet<>();
        regions.forEach(r -> Arrays.stream(r).forEach(all::add));
        return all.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Mean negative log-likelihood of {@code ids} under the logits of {@code hidden [n, d]}. */
    NDArray crossEntropy(NDArray hidden, int[] ids) {
        NDArray logProbs = model.logits(hidden).logSoftmax(-1); // [n, V]
        NDArray picked = logProbs.gather(ids(ids).reshape(-1, 1), 1);
        return picked.mean().neg();
    }

    NDArray embed(int[] ids) {
        return model.embed(ids(ids));
    }

    /** Token ids as an int64 array, the index type the embedding lookup and gather take. */
    private NDArray ids(int[] ids) {
        return bundle.manager().create(Arrays.stream(ids).asLongStream().toArray());
    }

    int layers() {
        return bundle.config().numHiddenLayers();
    }

    static int[] concat(int[] a, int[] b) {
        int[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    static void add(List<Integer> list, int[] ids) {
        for (int id : ids) {
            list.add(id);
        }
    }
}
