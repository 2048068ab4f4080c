package dev.sightline.trainer;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.training.GradientCollector;
import dev.sightline.latent.text.Ops;
import dev.sightline.trainer.data.SampleSource;
import dev.sightline.trainer.data.TrainingSample;
import dev.sightline.trainer.optim.AdamW;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * One optimizer step's gradient: its samples' losses and backward passes, left in the optimizers' gradients
 * as the mean over the samples kept, and the mean of their loss terms for the progress line.
 *
 * <p>Stage 1 runs each sample alone, unscreened. Stage 2 runs its text share ({@code --stage2-text-share}) the
 * same way and the rest as one padded batch of latent chains ({@link LatentBatch}: the same losses, a fraction of the time) and judges its gradient with a
 * {@link SampleScreen} of its own. One sample's backward through a long latent chain can overflow, so a
 * batch that fails (a non-finite loss, a non-finite or spiking gradient) is split in two and each half run
 * again, down to single samples judged by the per-sample screen: the overflow costs the one sample, not the
 * seven that came with it.
 */
final class BatchGradients {
    /** The step's mean loss terms over the kept samples; {@code kept == 0} when every one was dropped. */
    record Means(
            double total,
            double ce,
            double alignment,
            double reconstruction,
            double sketch,
            double grounding,
            double locate,
            double copy,
            int kept) {}

    private final TrainOptions o;
    private final SampleSource data;
    private final SampleLoss loss;
    private final PrintStream log;
    private final SampleScreen samples;
    private final SampleScreen batches;

    /**
     * @param samples the per-sample screen (its window travels in the checkpoint)
     * @param batches the whole-batch screen, judged against recent batches' norms
     */
    BatchGradients(
            TrainOptions o,
            SampleSource data,
            SampleLoss loss,
            PrintStream log,
            SampleScreen samples,
            SampleScreen batches) {
        this.o = o;
        this.data = data;
        this.loss = loss;
        this.log = log;
        this.samples = samples;
        this.batches = batches;
    }

    /**
     * Accumulates step {@code step}'s gradient (0-based; samples {@code step * batch ...}) into {@code opt} and,
     * in stage 2, {@code stage2Opt} (null when the recipe has no stage-2 group).
     */
    Means accumulate(long step, int stage, AdamW opt, AdamW stage2Opt) {
        Sums sums = new Sums();
        long first = step * o.batch();
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            if (stage == 2) {
                List<Long> latent = new ArrayList<>();
                for (long index = first; index < first + o.batch(); index++) {
                    if (o.textInStage2(index)) {
                        asInStage1(gc, step, index, opt, stage2Opt, sums);
                    } else {
                        latent.add(index);
                    }
                }
                if (!latent.isEmpty()) {
                    screened(gc, step, latent, opt, stage2Opt, sums);
                }
            } else {
                for (long index = first; index < first + o.batch(); index++) {
                    alone(gc, step, index, stage, opt, stage2Opt, sums);
                }
            }
        }
        if (sums.nonFinite == o.batch()) {
            throw new IllegalStateException(
                    "loss became non-finite for every sample at step " + step + "; lower --lr or check the data");
        }
        if (stage == 2) {
            // the kept samples' mean gradient, as if the dropped ones had not been in the batch
            float scale = (float) o.batch() / Math.max(1, sums.kept);
            opt.restoreKept(scale);
            if (stage2Opt != null) {
                stage2Opt.restoreKept(scale);
            }
        }
        int n = Math.max(1, sums.kept);
        return new Means(
                sums.total / n,
                sums.ce / n,
                sums.align / n,
                sums.lvr / n,
                sums.sketch / n,
                sums.grounding / n,
                sums.locate / n,
                sums.copy / n,
                sums.kept);
    }

    /**
     * Stage 2's latent samples {@code indices} as one padded batch; when it fails, each half again, down to
     * single samples judged by the per-sample screen. One overflowing sample among eight costs seven padded
     * batches of 4, 4, 2, 2, 1 and 1 samples, not eight single chains.
     */
    private void screened(GradientCollector gc, long step, List<Long> indices, AdamW opt, AdamW stage2Opt, Sums sums) {
        if (indices.size() == 1) {
            alone(gc, step, indices.get(0), 2, opt, stage2Opt, sums);
            return;
        }
        if (!together(gc, step, indices, opt, stage2Opt, sums)) {
            int middle = indices.size() / 2;
            screened(gc, step, indices.subList(0, middle), opt, stage2Opt, sums);
            screened(gc, step, indices.subList(middle, indices.size()), opt, stage2Opt, sums);
        }
    }

    /** Samples {@code indices} as one padded batch; false, with nothing left in the gradients, when it failed. */
    private boolean together(
            GradientCollector gc, long step, List<Long> indices, AdamW opt, AdamW stage2Opt, Sums sums) {
        int n = indices.size();
        List<TrainingSample> batch = new ArrayList<>();
        int[] k = new int[n];
        long[] index = new long[n];
        for (int i = 0; i < n; i++) {
            index[i] = indices.get(i);
            TrainingSample sample = data.sample(index[i]);
            batch.add(sample);
            k[i] = o.latentStepsFor(index[i], sample.objects());
        }
        String what = "batch of samples " + index[0] + ".." + index[n - 1];
        try (NDScope ignored = new NDScope()) {
            List<SampleLoss.Parts> parts = loss.withLatents(batch, k, index);
            for (SampleLoss.Parts p : parts) {
                if (!Double.isFinite(p.value())) {
                    batches.drop(step + 1, what, "a loss of " + p.value() + "; split in two");
                    return false;
                }
            }
            NDArray sum = parts.stream()
                    .map(SampleLoss.Parts::total)
                    .reduce(NDArray::add)
                    .orElseThrow();
            gc.backward(Ops.scale(sum, 1.0 / o.batch()));
            if (!batches.keep(step + 1, what, opt, stage2Opt)) {
                log.printf("step %d: split in two%n", step + 1);
                return false;
            }
            parts.forEach(sums::add);
            return true;
        }
    }

    /**
     * A stage-2 sample of the text share, trained as stage 1 trains it. It has no latent chain to overflow
     * through, so it is not judged against the chains' norms, only dropped if its loss is not finite; its
     * gradient joins the kept sums, which are all of stage 2's update.
     */
    private void asInStage1(GradientCollector gc, long step, long index, AdamW opt, AdamW stage2Opt, Sums sums) {
        try (NDScope ignored = new NDScope()) {
            SampleLoss.Parts parts = loss.plain(data.sample(index));
            if (!Double.isFinite(parts.value())) {
                sums.nonFinite++;
                samples.drop(step + 1, "sample " + index, "loss " + parts.value());
                return;
            }
            gc.backward(Ops.scale(parts.total(), 1.0 / o.batch()));
            opt.keepGradients();
            if (stage2Opt != null) {
                stage2Opt.keepGradients();
            }
            sums.add(parts);
        }
    }

    private void alone(GradientCollector gc, long step, long index, int stage, AdamW opt, AdamW stage2Opt, Sums sums) {
        TrainingSample sample = data.sample(index);
        // stage 1's samples have no latent chain to overflow through: they accumulate unscreened, as ever
        boolean screened = stage == 2;
        try (NDScope ignored = new NDScope()) {
            SampleLoss.Parts parts = stage == 1
                    ? loss.plain(sample)
                    : loss.withLatents(sample, o.latentStepsFor(index, sample.objects()), index);
            if (screened && !Double.isFinite(parts.value())) {
                sums.nonFinite++;
                samples.drop(step + 1, "sample " + index, "loss " + parts.value());
                return;
            }
            gc.backward(Ops.scale(parts.total(), 1.0 / o.batch()));
            if (screened && !samples.keep(step + 1, "sample " + index, opt, stage2Opt)) {
                return;
            }
            sums.add(parts);
        }
    }

    private static final class Sums {
        double total;
        double ce;
        double align;
        double lvr;
        double sketch;
        double grounding;
        double locate;
        double copy;
        int kept;
        int nonFinite;

        void add(SampleLoss.Parts p) {
            kept++;
            total += p.value();
            ce += p.ce();
            align += p.alignment();
            lvr += p.reconstruction();
            sketch += p.sketch();
            grounding += p.grounding();
            locate += p.locate();
            copy += p.copy();
        }
    }
}
