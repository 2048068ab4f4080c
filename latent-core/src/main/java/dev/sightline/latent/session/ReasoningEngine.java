package dev.sightline.latent.session;

import ai.djl.ndarray.NDArray;
import dev.sightline.latent.bundle.ControlTokens;
import dev.sightline.latent.bundle.ModelBundle;
import dev.sightline.latent.sketch.DiffusionHead;
import dev.sightline.latent.sketch.SketchDecoder;
import dev.sightline.latent.text.LanguageModel;
import dev.sightline.latent.vision.VisionEncoder;
import dev.sightline.latent.vision.VisualTokens;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The engine: a loaded bundle's language model, vision encoder and sketch decoder, and the factory for
 * {@link ReasoningSession}s that a {@link BatchScheduler} steps.
 *
 * <p>Prompt format (the trainer uses the same): each frame's visual tokens in order, then the question's
 * tokens, then a newline. Owns the models it builds (not the bundle); {@link #close()} frees them.
 */
public final class ReasoningEngine implements AutoCloseable {
    private final ModelBundle bundle;
    private final EngineOptions options;
    private final LanguageModel model;
    private final VisionEncoder vision;
    private final SketchDecoder sketch;
    /** A decoder passed in by the caller stays the caller's to close. */
    private final boolean ownsSketch;

    private final float[] outputNorms; // |lm_head row v|
    /** Single-token texts: asked for on every latent step and every token, decoded once each. */
    private final ConcurrentHashMap<Integer, String> tokenTexts = new ConcurrentHashMap<>();

    /** Builds the models of {@code bundle}; the in-process diffusion head serves sketches when present. */
    public ReasoningEngine(ModelBundle bundle, EngineOptions options) {
        this(bundle, options, null);
    }

    /** As above with another sketch decoder (a remote client); null keeps the bundle's own head. */
    public ReasoningEngine(ModelBundle bundle, EngineOptions options, SketchDecoder sketchDecoder) {
        this.bundle = bundle;
        // Positions beyond max_position_embeddings are outside what the checkpoint was trained for.
        this.options = options.maxSequenceLength() > bundle.config().maxPositionEmbeddings()
                ? options.withMaxSequenceLength(bundle.config().maxPositionEmbeddings())
                : options;
        this.model = new LanguageModel(bundle);
        this.vision = bundle.config().hasVision() ? new VisionEncoder(bundle) : null;
        this.ownsSketch = sketchDecoder == null;
        this.sketch = sketchDecoder != null
                ? sketchDecoder
                : bundle.config().hasSketchHead() ? new DiffusionHead(bundle) : null;
        try (NDArray norms = model.lmHead().norm(new int[] {1})) {
            this.outputNorms = norms.toFloatArray();
        }
    }

    public ModelBundle bundle() {
        return bundle;
    }

    public EngineOptions options() {
        return options;
    }

    public LanguageModel model() {
        return model;
    }

    /** Null for a text-only checkpoint. */
    public VisionEncoder vision() {
        return vision;
    }

    /** Null when neither the bundle nor the caller provides one. */
    public SketchDecoder sketchDecoder() {
        return sketch;
    }

    /** Creates a session; it starts when a scheduler admits it. */
    public ReasoningSession newSession(SessionRequest request, StepListener listener) {
        ControlTokens control = bundle.controlTokens();
        if (control == null && request.mode() != Mode.TEXT) {
            throw new IllegalArgumentException(
                    "this checkpoint has no control tokens, so only mode text is available, not "
                            + request.mode().wireName());
        }
        if (request.mode() == Mode.MIXED && sketch == null) {
            throw new IllegalArgumentException("mode mixed needs a sketch decoder and this bundle has no sketch head");
        }
        VisualTokens visual = request.visual();
        if (visual != null && vision == null) {
            throw new IllegalArgumentException("this checkpoint has no vision tower; run it without images");
        }
        if (visual != null && visual.dim() != bundle.config().hiddenSize()) {
            throw new IllegalArgumentException("visual tokens have width " + visual.dim() + ", the model "
                    + bundle.config().hiddenSize());
        }
        int[] text = request.promptIds() != null
                ? request.promptIds()
                : bundle.tokenizer().encode(request.question() + "\n");
        for (int id : text) {
            if (id < 0 || id >= bundle.config().vocabSize()) {
                throw new IllegalArgumentException("prompt token id " + id + " is outside the vocabulary [0, "
                        + bundle.config().vocabSize() + ")");
            }
        }
        int nVisual = visual == null ? 0 : visual.count();
        if (nVisual + text.length == 0) {
            throw new IllegalArgumentException("empty prompt");
        }
        if (nVisual + text.length + 2 >= options.maxSequenceLength()) {
            throw new IllegalArgumentException("prompt of " + (nVisual + text.length)
                    + " positions leaves no room in a context of " + options.maxSequenceLength());
        }
        int[] ids = new int[nVisual + text.length];
        int[] rows = new int[nVisual];
        for (int i = 0; i < nVisual; i++) {
            ids[i] = control.image();
            rows[i] = i;
        }
        System.arraycopy(text, 0, ids, nVisual, text.length);
        var prompt = new InputChunk(ids, rows, visual == null ? new float[0] : visual.data());
        return new ReasoningSession(this, request, listener, prompt);
    }

    /** Runs one request alone to completion on the calling thread. */
    public SessionResult run(SessionRequest request, StepListener listener) {
        try (BatchScheduler scheduler = new BatchScheduler(this)) {
            ReasoningSession session = newSession(request, listener);
            scheduler.submit(session);
            scheduler.runUntilIdle();
            return session.result();
        }
    }

    /** Runs one request and collects its records. */
    public List<Step> trace(SessionRequest request) {
        List<Step> steps = new ArrayList<>();
        run(request, steps::add);
        return steps;
    }

    /** Ids a sampler may never produce in {@code mode}: engine-inserted and masked control tokens. */
    boolean[] bannedTokens(Mode mode) {
        ControlTokens c = bundle.controlTokens();
        if (c == null) {
            return new boolean[0];
        }
        boolean[] banned = new boolean[bundle.config().vocabSize()];
        // Ids past the tokenizer's vocabulary are padding rows with no text.
        Arrays.fill(banned, bundle.tokenizer().vocabSize(), banned.length, true);
        if (sketch == null) {
            banned[c.sketchStart()] = true; // nothing could answer it
        }
        if (mode == Mode.AUTO) {
            return banned;
        }
        for (int id : c.engineInserted()) {
            banned[id] = true;
        }
        if (mode == Mode.TEXT) {
            banned[c.latentStart()] = true;
        }
        if (mode != Mode.MIXED) {
            banned[c.sketchStart()] = true;
        }
        return banned;
    }

    /** Whether a token's text ends a CoT step (contains a newline). */
    boolean endsLine(int token) {
        return tokenText(token).indexOf('\n') >= 0;
    }

    /** The text of one token on its own (a byte-level piece may be a replacement character). */
    String tokenText(int token) {
        return tokenTexts.computeIfAbsent(token, t -> bundle.tokenizer().decode(new int[] {t}));
    }

    /** Norm, closest visual tokens and closest vocabulary tokens of a latent vector. */
    Step.LatentProbe probe(float[] h, float[] logits, VisualTokens visual) {
        double sq = 0;
        for (float v : h) {
            sq += (double) v * v;
        }
        double norm = Math.sqrt(sq);
        int[] patches = new int[0];
        float[] patchScores = new float[0];
        if (visual != null && Double.isFinite(norm) && norm > 0) {
            float[] cos = patchCosines(h, norm, visual);
            patches = topK(cos, options.patchTopK());
            patchScores = pick(cos, patches);
        }
        float[] tokenCos = new float[logits.length];
        for (int v = 0; v < logits.length; v++) {
            tokenCos[v] = (float) (logits[v] / (norm * outputNorms[v] + 1e-12));
        }
        int[] tokens = Double.isFinite(norm) ? topK(tokenCos, options.tokenTopK()) : new int[0];
        List<String> texts = new ArrayList<>();
        for (int t : tokens) {
            texts.add(tokenText(t));
        }
        return new Step.LatentProbe(norm, patches, patchScores, tokens, pick(tokenCos, tokens), texts);
    }

    /**
     * Cosine of {@code h} with every visual token. Four independent accumulators let the JIT keep the
     * FMA units busy (it does not vectorize a float reduction itself): ~10 us for 256 tokens of width
     * 256, so a latent step's probe stays far below the forward it follows.
     */
    private static float[] patchCosines(float[] h, double norm, VisualTokens visual) {
        int d = visual.dim();
        float[] data = visual.data();
        float[] inverseNorms = visual.inverseNorms();
        float[] cos = new float[visual.count()];
        for (int p = 0; p < cos.length; p++) {
            int base = p * d;
            float a0 = 0;
            float a1 = 0;
            float a2 = 0;
            float a3 = 0;
            int j = 0;
            for (; j + 3 < d; j += 4) {
                a0 += h[j] * data[base + j];
                a1 += h[j + 1] * data[base + j + 1];
                a2 += h[j + 2] * data[base + j + 2];
                a3 += h[j + 3] * data[base + j + 3];
            }
            for (; j < d; j++) {
                a0 += h[j] * data[base + j];
            }
            cos[p] = (float) ((a0 + a1 + a2 + a3) * inverseNorms[p] / norm);
        }
        return cos;
    }

    private static int[] topK(float[] scores, int k) {
        int n = Math.min(k, scores.length);
        int[] best = new int[n];
        Arrays.fill(best, -1);
        for (int i = 0; i < scores.length; i++) {
            if (Float.isNaN(scores[i])) {
                continue;
            }
            for (int j = 0; j < n; j++) {
                if (best[j] < 0 || scores[i] > scores[best[j]]) {
                    System.arraycopy(best, j, best, j + 1, n - j - 1);
                    best[j] = i;
                    break;
                }
            }
        }
        return Arrays.stream(best).filter(i -> i >= 0).toArray();
    }

    private static float[] pick(float[] scores, int[] ids) {
        float[] out = new float[ids.length];
        for (int i = 0; i < ids.length; i++) {
            out[i] = scores[ids[i]];
        }
        return out;
    }

    @Override
    public void close() {
        if (sketch != null && ownsSketch) {
            sketch.close();
        }
        model.close();
    }
}
