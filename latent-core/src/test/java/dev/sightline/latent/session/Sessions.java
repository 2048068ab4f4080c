package dev.sightline.latent.session;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import dev.sightline.latent.TinyBundles;
import dev.sightline.latent.bundle.ControlTokens;
import dev.sightline.latent.bundle.ModelBundle;
import dev.sightline.latent.bundle.TensorLayout;
import dev.sightline.latent.sampling.SamplingParams;
import dev.sightline.latent.vision.VisualTokens;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/** Shared helpers for session tests. */
final class Sessions {
    private Sessions() {}

    /** The tiny bundle with control tokens made likely, so latents and sketches actually occur. */
    static void onTinyEngine(Consumer<ReasoningEngine> test) {
        onTinyEngine(EngineOptions.defaults(), test);
    }

    static void onTinyEngine(EngineOptions options, Consumer<ReasoningEngine> test) {
        try (ModelBundle bundle = TinyBundles.loadTiny()) {
            makeControlTokensLikely(bundle, 12f);
            try (ReasoningEngine engine = new ReasoningEngine(bundle, options)) {
                test.accept(engine);
            }
        }
    }

    /** A new trace in {@code traces}, and the listener that fills it. */
    static StepListener collect(List<List<Step>> traces) {
        List<Step> steps = new ArrayList<>();
        traces.add(steps);
        return steps::add;
    }

    /**
     * Scales the (tied) embeddings of latent_start and sketch_start so that a random model actually emits
     * them: without masking they become likely, which is what the masking tests need to see.
     */
    static void makeControlTokensLikely(ModelBundle bundle, float factor) {
        ControlTokens c = bundle.controlTokens();
        NDArray embed = bundle.weight(TensorLayout.EMBED_TOKENS);
        NDIndex latent = new NDIndex(c.latentStart());
        try (NDArray r = embed.get(latent);
                NDArray scaled = r.mul(factor);
                NDArray sketch = r.mul(factor * 1.05f)) {
            embed.set(latent, scaled);
            // Same direction, slightly longer: where sketches are allowed they win over latents.
            embed.set(new NDIndex(c.sketchStart()), sketch);
        }
    }

    static SessionRequest request(
            String id,
            int promptLen,
            VisualTokens visual,
            Mode mode,
            int k,
            boolean before,
            int maxTokens,
            double temperature,
            long seed) {
        int[] prompt = new int[promptLen];
        SplittableRandom rng = new SplittableRandom(id.hashCode());
        for (int i = 0; i < promptLen; i++) {
            prompt[i] = 32 + rng.nextInt(200);
        }
        return new SessionRequest(
                id, null, prompt, visual, mode, k, before, maxTokens, new SamplingParams(temperature, 0, 1, seed));
    }

    static VisualTokens visual(ReasoningEngine engine, int frames, int seed) {
        List<BufferedImage> images = new ArrayList<>();
        int size = engine.vision().config().imageSize();
        SplittableRandom rng = new SplittableRandom(seed);
        for (int f = 0; f < frames; f++) {
            BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    img.setRGB(x, y, rng.nextInt(1 << 24));
                }
            }
            images.add(img);
        }
        return engine.vision().encode(images);
    }

    /** The trace without timings, latent statistics rounded: what must be equal across runs. */
    static List<String> signature(List<Step> trace) {
        List<String> out = new ArrayList<>();
        for (Step s : trace) {
            String detail = switch (s.kind()) {
                case TEXT, ANSWER -> Arrays.toString(s.tokenIds()) + " " + s.finishReason();
                case LATENT ->
                    // The norm alone says little (after the final RMSNorm it is ~sqrt(hidden_size) on this model):
                    // the nearest vocabulary and visual tokens follow the latent's direction. As sets: the scaled
                    // control tokens share one direction, so their order is a tie that GEMM blocking breaks.
                    s.segment() + "/" + s.index() + " norm="
                            + String.format("%.3f", s.latent().norm())
                            + " tokens=" + sortedHead(s.latent().tokens(), 3)
                            + " patches=" + sortedHead(s.latent().patches(), 3);
                // The L2 norm, not the sum: a sum of ±1e4 values that cancels to ~50 keeps only the noise of
                // a different GEMM blocking (a batch of another size) in its fourth digit.
                case SKETCH -> s.segment() + " norm=" + String.format("%.5g", norm(s.sketchLatents()));
                case SKETCH_SKIPPED -> s.text();
            };
            out.add(s.seq() + " " + s.kind() + " " + detail);
        }
        return out;
    }

    private static String sortedHead(int[] ids, int n) {
        int[] head = Arrays.copyOf(ids, Math.min(n, ids.length));
        Arrays.sort(head);
        return Arrays.toString(head);
    }

    private static double norm(float[] v) {
        double s = 0;
        for (float x : v) {
            s += (double) x * x;
        }
        return Math.sqrt(s);
    }
}
