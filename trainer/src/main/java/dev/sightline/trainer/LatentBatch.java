package dev.sightline.trainer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import dev.sightline.latent.text.GrowingKeyValues;
import dev.sightline.latent.text.Ops;
import dev.sightline.latent.text.PaddedRows;
import dev.sightline.trainer.data.TrainingSample;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * The latent chains of several samples run side by side, one padded forward per step for all of them
 * ({@link PaddedRows}), each row computing exactly what {@link SampleLoss} describes for one sample. A
 * tiny model's single-row latent forward is all overhead (and, in the backward, a weight-sized gradient
 * per forward); B rows share that cost.
 *
 * <p>The rows move through the same phases together: the prompt, then for each segment K latent steps and
 * the segment's text. A row with a smaller K pads the latent steps it does not take; a row with fewer CoT
 * steps pads the segments it does not have. Padding costs positions in the shared store but never reaches
 * a row's own tokens (PaddedRows' invariant 2), so every row's loss is the one it has alone.
 *
 * <p>Single use: build, {@link #run()}, drop. Every array lives in the caller's scope.
 */
final class LatentBatch {
    private final SampleLoss loss;
    private final NDManager manager;
    private final List<TrainingSample> samples;
    private final int[] k;
    private final long[] index;
    private final int rows;
    private final int width;
    private final GrowingKeyValues store;
    private final PaddedRows padded;
    /** Each row's last hidden state, {@code [d]}: the next latent step's input. */
    private final NDArray[] last;
    /** What the latent steps are pulled towards besides the text; filled by {@link #prompt()}. */
    private final LatentTargets targets;
    /** After {@link #run()}: each row's first segment's latent outputs, {@code K × [d]}, the states fed back. */
    NDList[] firstSegment;

    LatentBatch(SampleLoss loss, List<TrainingSample> samples, int[] k, long[] index) {
        if (samples.isEmpty() || k.length != samples.size() || index.length != samples.size()) {
            throw new IllegalArgumentException(
                    samples.size() + " samples, " + k.length + " K values, " + index.length + " indexes");
        }
        this.loss = loss;
        this.manager = loss.manager();
        this.samples = samples;
        this.k = k;
        this.index = index;
        this.rows = samples.size();
        this.width = loss.model().config().hiddenSize();
        this.store = new GrowingKeyValues(loss.layers());
        this.padded = new PaddedRows(rows);
        this.last = new NDArray[rows];
        this.targets = new LatentTargets(loss, samples, k);
    }

    /** One row's terms as they accumulate over its segments. */
    private static final class Row {
        final NDList ce = new NDList();
        final NDList alignment = new NDList();
        final NDList reconstruction = new NDList();
        final NDList grounding = new NDList();
        NDArray sketch;
        int targets;
    }

    /**
     * Runs every row's chain: the prompt, then for each segment its latent steps and its text.
     *
     * @return each row's loss terms, in row order
     */
    List<SampleLoss.Parts> run() {
        Row[] acc = new Row[rows];
        Arrays.setAll(acc, r -> new Row());
        int segments = prompt(acc);
        for (int seg = 0; seg < segments; seg++) {
            boolean[] active = new boolean[rows];
            for (int r = 0; r < rows; r++) {
                active[r] = seg < targets.segments(samples.get(r));
            }
            NDList[] latents = latentSteps(seg, active, acc);
            firstSegment = seg == 0 ? latents : firstSegment;
            if (loss.aux().lvrWeight() > 0) {
                addTo(acc, targets.reconstruction(seg, active, latents), row -> row.reconstruction);
            }
            text(seg, active, acc);
        }
        List<SampleLoss.Parts> parts = new ArrayList<>();
        for (Row row : acc) {
            parts.add(parts(row));
        }
        return parts;
    }

    /**
     * Encodes each row's frames, forwards its prompt up to the first {@code <|latent_start|>} and hands its
     * visual tokens to the latent targets. Under LVR's schedules the prompt goes on with the chain's lines before
     * the segment ({@link LatentTargets#splitAt}), teacher-forced as in stage 1: their cross-entropy and grounding
     * are added here.
     *
     * @return the most segments any row has
     */
    private int prompt(Row[] acc) {
        NDArray[] prompts = new NDArray[rows];
        int[] chainFrom = new int[rows];
        int[][] chains = new int[rows][];
        int[] split = new int[rows];
        int segments = 0;
        for (int r = 0; r < rows; r++) {
            TrainingSample s = samples.get(r);
            NDArray visual = loss.visual(s.frames()); // [N, d]
            targets.addRow(r, visual);
            NDArray prompt = loss.prompt(visual, s).squeeze(0);
            chainFrom[r] = (int) prompt.getShape().get(0);
            split[r] = targets.oneSegment() ? targets.splitAt(s) : 0;
            chains[r] = targets.chain(r, 0, split[r]);
            if (chains[r].length > 0) {
                prompt = prompt.concat(loss.embed(chains[r]), 0);
            }
            prompts[r] = prompt.concat(loss.embed(new int[] {loss.control().latentStart()}), 0);
            segments = Math.max(segments, targets.segments(s));
        }
        boolean grounding = loss.aux().groundingWeight() > 0;
        NDList attention = grounding ? new NDList() : null;
        NDArray[] out = forwardText(prompts, attention);
        for (int r = 0; r < rows; r++) {
            if (chains[r].length > 0) {
                // Input p + j is chain token j; the output before it predicts it. After these lines the model
                // must open the segment: <|answer|> before the answer, as in stage 1, which a session turns into
                // the segment; <|latent_start|> itself before the conclusion.
                int[] ids = SampleLoss.concat(chains[r], new int[] {targets.segmentOpener()});
                int n = ids.length;
                NDArray predicting = out[r].get(new NDIndex().addSliceDim(chainFrom[r] - 1, chainFrom[r] - 1 + n));
                acc[r].ce.add(Ops.scale(loss.crossEntropy(predicting, ids), n));
                acc[r].targets += n;
            }
        }
        if (grounding) {
            targets.chainGrounding(new int[rows], split, chainFrom, attention.get(0))
                    .forEach(terms -> addTo(acc, terms, row -> row.grounding));
        }
        return segments;
    }

    /**
     * The active rows' K latent steps, each fed its own last hidden state; a row with a smaller K pads the
     * steps it does not take. Adds the segment's alignment terms.
     *
     * @return each row's latent outputs, {@code K × [d]} (empty for an inactive row)
     */
    private NDList[] latentSteps(int seg, boolean[] active, Row[] acc) {
        SampleLoss.Auxiliary aux = loss.aux();
        int steps = 0;
        NDList[] alignStates = new NDList[rows];
        NDList[] outputs = new NDList[rows];
        for (int r = 0; r < rows; r++) {
            steps = Math.max(steps, active[r] ? k[r] : 0);
            alignStates[r] = new NDList();
            outputs[r] = new NDList();
        }
        NDArray pad = manager.zeros(new Shape(1, width)); // a padded row's input; its output is never read
        boolean grounding = aux.groundingWeight() > 0;
        for (int i = 0; i < steps; i++) {
            int[] counts = new int[rows];
            float[] keyBias = new float[rows];
            NDList inputs = new NDList();
            for (int r = 0; r < rows; r++) {
                counts[r] = active[r] && i < k[r] ? 1 : 0;
                keyBias[r] =
                        counts[r] == 1 ? loss.model().config().latentKeyBias().bias(k[r]) : 0f;
                if (counts[r] == 1 && loss.model().config().latentPositions().repeats(i + 1)) {
                    padded.repeatPosition(r); // latent i + 1 of the segment takes its first one's position
                }
                inputs.add(counts[r] == 1 ? loss.model().latentInput(last[r]).reshape(1, width) : pad);
            }
            NDList layerOutputs = aux.projectors() != null ? new NDList() : null;
            NDList attention = grounding ? new NDList() : null;
            loss.model().recordAttention(SampleLoss.GROUNDING_LAYER, attention);
            NDArray out;
            try {
                out = loss.model().forward(NDArrays.stack(inputs), store, padded, counts, keyBias, layerOutputs);
            } finally {
                loss.model().recordAttention(-1, null);
            }
            if (grounding) {
                addTo(acc, targets.grounding(seg, counts, attention.get(0)), row -> row.grounding);
            }
            for (int r = 0; r < rows; r++) {
                if (counts[r] == 0) {
                    continue;
                }
                last[r] = out.get(r, 0);
                outputs[r].add(last[r]);
                if (layerOutputs != null) {
                    alignStates[r].add(layerOutputs.get(aux.alignLayer()).get(r, 0));
                }
            }
        }
        if (aux.projectors() != null) {
            addTo(acc, targets.alignment(active, alignStates), row -> row.alignment);
        }
        return outputs;
    }

    /**
     * The segment's text for the active rows in one padded forward: {@code <|latent_end|>}, the CoT line, or the
     * lines after LVR's one segment and the answer (with the sketch in the first segment when the recipe draws one)
     * and, unless it ended with the answer, the next {@code <|latent_start|>}. Adds the cross-entropy, grounding and
     * sketch terms.
     */
    private void text(int seg, boolean[] active, Row[] acc) {
        SampleLoss.Auxiliary aux = loss.aux();
        var control = loss.control();
        boolean sketch = aux.sketchHead() != null && aux.sketchWeight() > 0 && seg == 0;
        NDArray[] textInputs = new NDArray[rows];
        int[][] ids = new int[rows][];
        int[] sketchRows = new int[rows];
        NDArray[] sketchTarget = new NDArray[rows];
        for (int r = 0; r < rows; r++) {
            if (!active[r]) {
                continue;
            }
            TrainingSample s = samples.get(r);
            boolean answer = targets.isAnswer(s, seg);
            ids[r] = textIds(r, seg, answer, sketch);
            // Inputs: <|latent_end|>, the text but its last token, and (unless this is the answer) the last
            // token and the next <|latent_start|>. A sketch puts its M latents and <|sketch_end|> right
            // after <|sketch_start|>, as the session feeds the decoder's answer.
            int[] text = Arrays.copyOfRange(ids[r], 0, ids[r].length - (answer ? 1 : 0));
            NDArray in = loss.embed(SampleLoss.concat(new int[] {control.latentEnd()}, text));
            if (sketch) {
                sketchTarget[r] = loss.sketchTarget(s); // [M, d]
                sketchRows[r] = (int) sketchTarget[r].getShape().get(0) + 1;
                NDArray head = in.get(new NDIndex().addSliceDim(0, 2)); // <|latent_end|> <|sketch_start|>
                NDArray tail = in.get(new NDIndex().addSliceDim(2, in.getShape().get(0)));
                in = NDArrays.concat(
                        new NDList(head, sketchTarget[r], loss.embed(new int[] {control.sketchEnd()}), tail));
            }
            if (!answer) {
                in = in.concat(loss.embed(new int[] {control.latentStart()}), 0);
            }
            textInputs[r] = in;
        }
        boolean grounding = aux.groundingWeight() > 0;
        NDList attention = grounding ? new NDList() : null;
        NDArray[] out = forwardText(textInputs, attention);
        if (grounding) {
            int[] offset = new int[rows];
            for (int r = 0; r < rows; r++) {
                // <|latent_end|>, then a sketch's <|sketch_start|>, M latents and <|sketch_end|>
                offset[r] = 1 + (sketchRows[r] > 0 ? 1 + sketchRows[r] : 0);
            }
            if (targets.oneSegment()) {
                // the lines after the segment: from its split on, for the active rows
                int[] first = new int[rows];
                int[] end = new int[rows];
                for (int r = 0; r < rows; r++) {
                    first[r] = active[r] ? targets.splitAt(samples.get(r)) : 0;
                    end[r] = active[r] ? samples.get(r).steps().size() : 0;
                }
                targets.chainGrounding(first, end, offset, attention.get(0))
                        .forEach(terms -> addTo(acc, terms, row -> row.grounding));
            } else {
                boolean[] line = new boolean[rows];
                for (int r = 0; r < rows; r++) {
                    line[r] = active[r] && !targets.isAnswer(samples.get(r), seg);
                }
                addTo(acc, targets.lineGrounding(seg, line, offset, attention.get(0)), row -> row.grounding);
            }
        }
        for (int r = 0; r < rows; r++) {
            if (!active[r]) {
                continue;
            }
            int n = ids[r].length;
            int skip = sketchRows[r];
            // Row i predicts ids[i], except that a sketch's rows sit between ids[0] and ids[1].
            NDArray predicting = skip > 0
                    ? out[r].get(new NDIndex().addSliceDim(0, 1))
                            .concat(out[r].get(new NDIndex().addSliceDim(1 + skip, skip + n)), 0)
                    : out[r].get(new NDIndex().addSliceDim(0, n));
            acc[r].ce.add(Ops.scale(loss.crossEntropy(predicting, ids[r]), n));
            acc[r].targets += n;
            if (skip > 0) {
                acc[r].sketch =
                        loss.diffusionLoss(out[r].get(new NDIndex().addSliceDim(1, 2)), sketchTarget[r], index[r]);
            }
        }
    }

    /** Adds each row's term (null: none) to that row's list of {@code terms}. */
    private static void addTo(Row[] acc, NDArray[] perRow, Function<Row, NDList> terms) {
        for (int r = 0; r < acc.length; r++) {
            if (perRow[r] != null) {
                terms.apply(acc[r]).add(perRow[r]);
            }
        }
    }

    /** The token ids segment {@code seg} must produce: a CoT line, or (LVR's lines after it and) the answer and EOT. */
    private int[] textIds(int r, int seg, boolean answer, boolean withSketch) {
        var control = loss.control();
        List<Integer> text = new ArrayList<>();
        if (withSketch) {
            text.add(control.sketchStart());
        }
        if (answer) {
            if (targets.oneSegment()) {
                TrainingSample s = samples.get(r);
                SampleLoss.add(
                        text, targets.chain(r, targets.splitAt(s), s.steps().size()));
            }
            text.add(control.answer());
            SampleLoss.add(text, loss.answerIds(samples.get(r)));
            text.add(control.endOfText());
        } else {
            SampleLoss.add(text, targets.lineIds(r).get(seg));
        }
        return text.stream().mapToInt(Integer::intValue).toArray();
    }

    /** {@link #forwardText(NDArray[])}, adding the grounding block's attention to {@code attention} (null: none). */
    private NDArray[] forwardText(NDArray[] inputs, NDList attention) {
        loss.model().recordAttention(SampleLoss.GROUNDING_LAYER, attention);
        try {
            return forwardText(inputs);
        } finally {
            loss.model().recordAttention(-1, null);
        }
    }

    /**
     * One padded forward of each row's inputs ({@code [n, d]}, null for a row with none this time); returns
     * each row's own outputs {@code [n, d]} (null where it had none) and moves {@link #last} to them.
     */
    private NDArray[] forwardText(NDArray[] inputs) {
        int t = 1;
        int[] counts = new int[rows];
        for (int r = 0; r < rows; r++) {
            counts[r] = inputs[r] == null ? 0 : (int) inputs[r].getShape().get(0);
            t = Math.max(t, counts[r]);
        }
        NDList padded = new NDList();
        for (int r = 0; r < rows; r++) {
            NDArray in = inputs[r] == null ? manager.zeros(new Shape(t, width)) : inputs[r];
            if (counts[r] > 0 && counts[r] < t) {
                in = in.concat(manager.zeros(new Shape(t - counts[r], width)), 0);
            }
            padded.add(in);
        }
        NDArray out = loss.model().forward(NDArrays.stack(padded), store, this.padded, counts, null); // [B, T, d]
        NDArray[] own = new NDArray[rows];
        for (int r = 0; r < rows; r++) {
            if (counts[r] > 0) {
                own[r] = out.get(new NDIndex().addIndices(r).addSliceDim(0, counts[r])); // [n, d]
                last[r] = own[r].get(counts[r] - 1);
            }
        }
        return own;
    }

    private SampleLoss.Parts parts(Row row) {
        SampleLoss.Auxiliary aux = loss.aux();
        NDArray ce = Ops.scale(NDArrays.stack(row.ce).sum(), 1.0 / row.targets);
        Total total = new Total(ce);
        double align = total.add(row.alignment, aux.alignWeight());
        double lvr = total.add(row.reconstruction, aux.lvrWeight());
        double sketch = row.sketch == null ? 0 : total.add(new NDList(row.sketch), aux.sketchWeight());
        double grounding = total.add(row.grounding, aux.groundingWeight());
        return new SampleLoss.Parts(total.sum, total.value, total.ce, align, lvr, sketch, grounding, 0, 0, row.targets);
    }

    /** A row's loss as its terms are added: the graph's sum and the reported value, each term weighted. */
    private static final class Total {
        final double ce;
        NDArray sum;
        double value;

        Total(NDArray ce) {
            this.ce = ce.getFloat();
            this.sum = ce;
            this.value = this.ce;
        }

        /** Adds the mean of {@code terms} (none: nothing) times {@code weight}; returns that mean's value. */
        double add(NDList terms, double weight) {
            if (terms.isEmpty()) {
                return 0;
            }
            NDArray mean = NDArrays.stack(terms).mean();
            double v = mean.getFloat();
            sum = sum.add(Ops.scale(mean, weight));
            value += weight * v;
            return v;
        }
    }
}
