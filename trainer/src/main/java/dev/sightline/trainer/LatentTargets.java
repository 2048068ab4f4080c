package dev.sightline.trainer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import dev.sightline.latent.bundle.LatentSchedule;
import dev.sightline.trainer.data.TrainingSample;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the latent steps of a {@link LatentBatch} are pulled towards, beside the text's cross-entropy: LVR's
 * reconstruction of the step's region, VaLR's alignment to the teachers, and the grounding of head 0 on the
 * region. Each method answers one term per row ({@code null} where a row has none this segment), so the batch
 * only accumulates them.
 *
 * <p>Holds each row's detached, standardized visual tokens and its teacher features from the prompt on; single
 * use, with its batch. Every array lives in the caller's scope.
 */
final class LatentTargets {
    private final SampleLoss loss;
    private final NDManager manager;
    private final List<TrainingSample> samples;
    private final int[] k;
    /** Each row's visual tokens, {@code [N, d]}, detached and {@link #standardized}: LVR's targets. */
    private final NDArray[] visualTarget;
    /** Each row's top-down map tokens, {@code [N, d]}, detached and standardized: under the map targets. */
    private final NDArray[] mapTarget;
    /** Each row's lines' tokens ({@link #lineIds}) and supervised token ranges ({@link #lines}), on first use. */
    private final List<int[]>[] lineIds;

    private final int[][][] lines;
    /** The model's {@link LatentSchedule}: where its segments go. */
    private final LatentSchedule schedule;
    /** Each row's per-patch teacher features (null without alignment). */
    private final List<Map<String, float[][]>> teachers = new ArrayList<>();

    LatentTargets(SampleLoss loss, List<TrainingSample> samples, int[] k) {
        this.loss = loss;
        this.manager = loss.manager();
        this.samples = samples;
        this.k = k;
        this.visualTarget = new NDArray[samples.size()];
        this.mapTarget = new NDArray[samples.size()];
        @SuppressWarnings("unchecked")
        List<int[]>[] ids = new List[samples.size()];
        this.lineIds = ids;
        this.lines = new int[samples.size()][][];
        this.schedule = loss.model().config().latentSchedule();
    }

    /** Keeps row {@code r}'s targets; rows are added in order, at the prompt. */
    void addRow(int r, NDArray visual) {
        visualTarget[r] = standardized(visual.stopGradient());
        SampleLoss.Auxiliary aux = loss.aux();
        if (aux.lvrWeight() > 0 && aux.lvrTarget() != LvrTarget.REGION) {
            TrainingSample s = samples.get(r);
            if (s.sketchTarget() == null) {
                throw new IllegalArgumentException(
                        s.id() + ": --lvr-target " + aux.lvrTarget().option() + " needs the scene's top-down map");
            }
            mapTarget[r] = standardized(loss.visual(List.of(s.sketchTarget())).stopGradient()); // [N, d]
        }
        teachers.add(aux.projectors() != null ? aux.teacherTargets().apply(samples.get(r)) : null);
    }

    /**
     * {@code tokens [N, d]} less their mean over N, divided by their standard deviation over N, per feature.
     * The raw tokens of a frozen tower vary little from region to region (variance ~0.01 per feature), while a
     * latent leaves the final norm at unit scale (trained latents stayed ~0.7 from their raw targets, measured
     * by docs/results.md's fifteenth-session probe): an MSE on raw tokens was almost all a constant offset and
     * scale, and what says where an object is weighed nothing in it. Standardized, a region's target is what
     * sets its patches apart from the rest of the image, at the latent's own scale.
     */
    static NDArray standardized(NDArray tokens) {
        NDArray mean = tokens.mean(new int[] {0}, true); // [1, d]
        NDArray centred = tokens.sub(mean);
        NDArray std = centred.square().mean(new int[] {0}, true).add(1e-6f).sqrt();
        return centred.div(std);
    }

    /**
     * Whether the text after segment {@code seg} of {@code s} ends with the answer: the last segment of VaLR's
     * schedule, the only one of LVR's.
     */
    boolean isAnswer(TrainingSample s, int seg) {
        return schedule != LatentSchedule.EACH_STEP || seg == s.steps().size();
    }

    /** LVR's schedules: one segment, which splits the chain at {@link #splitAt}. */
    boolean oneSegment() {
        return schedule != LatentSchedule.EACH_STEP;
    }

    /**
     * Where the one segment of LVR's schedules sits: before CoT line {@code splitAt(s)}. The lines before it go
     * on the prompt, teacher-forced as in stage 1; the rest follow {@code <|latent_end|>}, then the answer.
     */
    int splitAt(TrainingSample s) {
        int n = s.steps().size();
        return switch (schedule) {
            case BEFORE_ANSWER -> n;
            case BEFORE_CONCLUSION -> Math.max(0, n - 1);
            case BEFORE_CHAIN -> 0;
            case EACH_STEP -> throw new IllegalStateException("VaLR's schedule has a segment before every line");
        };
    }

    /**
     * What the model writes where the one segment begins: {@code <|answer|>} before the answer (a session turns
     * it into the segment), otherwise {@code <|latent_start|>} itself (the model opens the segment).
     */
    int segmentOpener() {
        return schedule == LatentSchedule.BEFORE_ANSWER
                ? loss.control().answer()
                : loss.control().latentStart();
    }

    /** The segments {@code s} has: one per CoT step and the answer's, or one alone. */
    int segments(TrainingSample s) {
        return schedule == LatentSchedule.EACH_STEP ? s.steps().size() + 1 : 1;
    }

    /** The visual tokens segment {@code seg}'s latents look for: its step's, the union for the answer's. */
    int[] region(TrainingSample s, int seg) {
        return isAnswer(s, seg)
                ? SampleLoss.union(s.stepRegions())
                : s.stepRegions().get(seg);
    }

    /**
     * The grounding loss on a latent step ({@link SampleLoss#groundingLoss} on text): head 0 of block
     * {@link SampleLoss#GROUNDING_LAYER} at the step's input should attend to the patches of the segment's
     * region, {@code -log} of its mass there. Every row's prompt began at stored position 0 with its visual
     * tokens, so token {@code j} of a row is key {@code j}.
     *
     * @param counts 1 for a row that took this step, 0 for a padded one
     * @param weights the block's attention, {@code [B, G, g, L]} (one query per row)
     * @return each row's term, a scalar, or null
     */
    NDArray[] grounding(int seg, int[] counts, NDArray weights) {
        int rows = counts.length;
        int keys = (int) weights.getShape().get(3);
        float[] mask = new float[rows * keys];
        boolean[] grounded = new boolean[rows];
        for (int r = 0; r < rows; r++) {
            int[] region = counts[r] == 0 ? new int[0] : region(samples.get(r), seg);
            grounded[r] = region.length > 0;
            for (int token : region) {
                mask[r * keys + token] = 1;
            }
        }
        // one product for every row: head 0's weights [B, L] against each row's region
        NDArray missed = weights.get(new NDIndex(":, 0, 0, :"))
                .mul(manager.create(mask, new Shape(rows, keys)))
                .sum(new int[] {1})
                .add(1e-6f)
                .log()
                .neg(); // [B]
        NDArray[] terms = new NDArray[rows];
        for (int r = 0; r < rows; r++) {
            terms[r] = grounded[r] ? missed.get(r) : null;
        }
        return terms;
    }

    /**
     * The grounding loss on a segment's CoT line, as stage 1 has it ({@link SampleLoss#groundingLoss}): from
     * where the line states its first position ({@link PositionRows#groundingFrom}) to its end, head 0 of block
     * {@link SampleLoss#GROUNDING_LAYER} should attend to the patches of the step's region. Without it stage 2
     * supervised only the latents' attention, and the lines that read positions after them lost what stage 1
     * had taught them (gl20's chains placed objects worse after stage 2 than before it).
     *
     * @param seg the CoT step whose line it is
     * @param active the rows whose chunk holds that line
     * @param offset each row's chunk index of the line's first token (after {@code <|latent_end|>} and a sketch)
     * @param weights the block's attention over the chunk, {@code [B, G, T*g, L]}
     * @return each row's term, a scalar, or null (an inactive row, a step without a region)
     */
    NDArray[] lineGrounding(int seg, boolean[] active, int[] offset, NDArray weights) {
        int rows = active.length;
        int g = loss.model().config().queriesPerKeyValue();
        int t = (int) weights.getShape().get(2) / g;
        int keys = (int) weights.getShape().get(3);
        float[] mask = new float[rows * t * keys];
        float[] selected = new float[rows * t];
        int[] count = new int[rows];
        for (int r = 0; r < rows; r++) {
            TrainingSample s = samples.get(r);
            if (!active[r] || s.stepRegions().get(seg).length == 0) {
                continue;
            }
            int[] line = lines(r)[seg];
            for (int j = line[0]; j < line[1]; j++) {
                int at = r * t + offset[r] + j;
                selected[at] = 1;
                count[r]++;
                for (int token : s.stepRegions().get(seg)) {
                    mask[at * keys + token] = 1;
                }
            }
        }
        NDArray head0 =
                weights.get(new NDIndex(":, 0")).reshape(rows, t, g, keys).get(new NDIndex(":, :, 0, :"));
        NDArray logMass = SampleLoss.logMassOnRegion(
                head0,
                manager.create(mask, new Shape(rows, t, keys)),
                manager.create(selected, new Shape(rows, t))); // [B]
        NDArray[] terms = new NDArray[rows];
        for (int r = 0; r < rows; r++) {
            terms[r] = count[r] > 0 ? logMass.get(r).div(-count[r]) : null;
        }
        return terms;
    }

    /**
     * The lines' grounding terms ({@link #lineGrounding}) of rows whose chunk holds their lines {@code first[r]}
     * to {@code end[r] - 1}, the first of them from chunk index {@code from[r]} on: the lines before the segment in
     * the prompt, the lines after it in the segment's text.
     *
     * @return per CoT step, each row's term or null
     */
    List<NDArray[]> chainGrounding(int[] first, int[] end, int[] from, NDArray weights) {
        int steps = samples.stream().mapToInt(s -> s.steps().size()).max().orElse(0);
        int[] lineFrom = from.clone();
        List<NDArray[]> terms = new ArrayList<>();
        for (int i = 0; i < steps; i++) {
            boolean[] holds = new boolean[first.length];
            for (int r = 0; r < holds.length; r++) {
                holds[r] = i >= first[r] && i < end[r];
            }
            terms.add(lineGrounding(i, holds, lineFrom, weights));
            for (int r = 0; r < holds.length; r++) {
                lineFrom[r] += holds[r] ? lines(r)[i][1] : 0;
            }
        }
        return terms;
    }

    /** Row {@code r}'s CoT lines {@code from} to {@code to - 1} and their newlines, as stage 1 writes them. */
    int[] chain(int r, int from, int to) {
        List<Integer> ids = new ArrayList<>();
        lineIds(r).subList(from, to).forEach(line -> SampleLoss.add(ids, line));
        return ids.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Row {@code r}'s CoT lines as the sequence holds them, each with its newline: tokenized once per batch. */
    List<int[]> lineIds(int r) {
        if (lineIds[r] == null) {
            List<int[]> ids = new ArrayList<>();
            for (String step : samples.get(r).steps()) {
                ids.add(loss.tokenizer().encode(step + "\n"));
            }
            lineIds[r] = ids;
        }
        return lineIds[r];
    }

    /** Row {@code r}'s lines: per CoT step, its first and one past its last supervised token. */
    int[][] lines(int r) {
        if (lines[r] == null) {
            TrainingSample s = samples.get(r);
            List<int[]> stepIds = lineIds(r);
            int[] stepStarts = new int[s.steps().size() + 1];
            for (int i = 0; i < s.steps().size(); i++) {
                stepStarts[i + 1] = stepStarts[i] + stepIds.get(i).length;
            }
            int[] from =
                    PositionRows.of(loss.tokenizer(), s, stepStarts, stepIds).groundingFrom(stepStarts);
            lines[r] = new int[s.steps().size()][];
            for (int i = 0; i < from.length; i++) {
                lines[r][i] = new int[] {from[i] - stepStarts[i], stepStarts[i + 1] - stepStarts[i]};
            }
        }
        return lines[r];
    }

    /**
     * LVR: each active row's K latents ({@code K × [d]}) against its step's region, pooled into K groups of
     * visual tokens, or under {@link LvrTarget#MAP} against the top-down map pooled onto a √K × √K grid (latent
     * {@code i} is cell {@code i}, row-major from the table's far left), under {@link LvrTarget#PYRAMID} against
     * its coarse-to-fine cells ({@link GridPooling#pyramid}); the mean squared error per row, or null.
     */
    NDArray[] reconstruction(int seg, boolean[] active, NDList[] latents) {
        NDArray[] terms = new NDArray[active.length];
        for (int r = 0; r < active.length; r++) {
            if (!active[r]) {
                continue;
            }
            NDArray target = mapTarget[r] != null ? mapTarget[r] : visualTarget[r]; // [N, d]
            int tokens = (int) target.getShape().get(0);
            float[] pooling;
            if (mapTarget[r] != null) {
                pooling = loss.aux().lvrTarget().mapPooling(k[r], tokens);
            } else {
                int[] region = region(samples.get(r), seg);
                if (region.length == 0) {
                    continue;
                }
                pooling = SampleLoss.groupMeans(k[r], region, tokens);
            }
            NDArray pooled = manager.create(pooling, new Shape(k[r], tokens)).matMul(target); // [K, d]
            terms[r] = NDArrays.stack(latents[r]).sub(pooled).square().mean();
        }
        return terms;
    }

    /**
     * The alignment terms of a segment's active rows from their latents' states at the alignment layer
     * ({@code K × [d]}): one projector pass for all rows of each K.
     */
    NDArray[] alignment(boolean[] active, NDList[] states) {
        Map<Integer, List<Integer>> byK = new TreeMap<>();
        for (int r = 0; r < active.length; r++) {
            if (active[r]) {
                byK.computeIfAbsent(k[r], x -> new ArrayList<>()).add(r);
            }
        }
        NDArray[] terms = new NDArray[active.length];
        for (List<Integer> group : byK.values()) {
            NDList latents = new NDList();
            List<Map<String, float[][]>> features = new ArrayList<>();
            for (int r : group) {
                latents.add(NDArrays.stack(states[r])); // [K, d]
                features.add(teachers.get(r));
            }
            NDArray losses = loss.aux().projectors().loss(NDArrays.stack(latents), features); // [R]
            for (int i = 0; i < group.size(); i++) {
                terms[group.get(i)] = losses.get(i);
            }
        }
        return terms;
    }
}
