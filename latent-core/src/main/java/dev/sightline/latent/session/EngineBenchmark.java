package dev.sightline.latent.session;

import dev.sightline.latent.sampling.SamplingParams;
import dev.sightline.latent.vision.VisualTokens;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Measures the engine phase by phase at a given batch: prefill (4 frames encoded + 32 text tokens),
 * steady-state text decode, steady-state latent steps, and sketch sampling. Used by {@code sightline bench
 * engine}; lives here because it drives the scheduler directly.
 */
public final class EngineBenchmark {
    /** One measurement; {@code msPerStep} is per whole prefill for {@code prefill}, per decoder call for sketch. */
    public record Measurement(String phase, int batch, double tokensPerS, double msPerStep, long peakRssMb) {}

    private static final int PROMPT_TOKENS = 32;
    private static final int FRAMES = 4;
    private final ReasoningEngine engine;
    private final int warmup;
    private final int iterations;

    public EngineBenchmark(ReasoningEngine engine, int warmup, int iterations) {
        this.engine = engine;
        this.warmup = warmup;
        this.iterations = iterations;
    }

    /**
     * Language-model prefill of 4 frames' visual tokens (256 on tiny) plus 32 text tokens for {@code batch}
     * sessions; the frames are encoded once beforehand, as the reasoner receives them from the encoder.
     * {@code msPerStep} is the time of one whole prefill.
     */
    public Measurement prefill(int batch) {
        VisualTokens visual = engine.vision().encode(frames());
        for (int i = 0; i < Math.min(warmup, 3); i++) {
            runPrefill(visual, batch);
        }
        int runs = Math.max(3, iterations / 10);
        long t0 = System.nanoTime();
        for (int i = 0; i < runs; i++) {
            runPrefill(visual, batch);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        int positions = visual.count() + PROMPT_TOKENS;
        return new Measurement(
                "prefill",
                batch,
                (double) positions * batch * runs / seconds,
                seconds * 1000 / (runs * batch),
                peakRssMb());
    }

    /** Vision encoding of 4 frames per task, {@code batch} tasks; tokens are visual tokens. */
    public Measurement encode(int batch) {
        List<BufferedImage> frames = new ArrayList<>();
        for (int b = 0; b < batch; b++) {
            frames.addAll(frames());
        }
        int runs = Math.max(3, iterations / 10);
        engine.vision().encode(frames.subList(0, FRAMES));
        long t0 = System.nanoTime();
        int tokens = 0;
        for (int i = 0; i < runs; i++) {
            for (int b = 0; b < batch; b++) {
                tokens += engine.vision()
                        .encode(frames.subList(b * FRAMES, (b + 1) * FRAMES))
                        .count();
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        return new Measurement("encode", batch, tokens / seconds, seconds * 1000 / (runs * batch), peakRssMb());
    }

    private List<BufferedImage> frames() {
        List<BufferedImage> frames = new ArrayList<>();
        int size = engine.vision().config().imageSize();
        for (int f = 0; f < FRAMES; f++) {
            frames.add(noiseImage(size, f));
        }
        return frames;
    }

    private void runPrefill(VisualTokens visual, int batch) {
        try (BatchScheduler scheduler = new BatchScheduler(engine)) {
            List<ReasoningSession> sessions = new ArrayList<>();
            for (int b = 0; b < batch; b++) {
                ReasoningSession s = engine.newSession(request("p" + b, visual, Mode.TEXT, 0, 1), step -> {});
                sessions.add(s);
                scheduler.submit(s);
            }
            scheduler.step(); // admits and prefills every session, then one decode
            for (ReasoningSession s : sessions) {
                if (s.isDone() && s.result().status() != SessionResult.Status.COMPLETED) {
                    throw new IllegalStateException(
                            "benchmark session failed: " + s.result().error());
                }
                if (s.length < FRAMES * engine.vision().config().tokensPerFrame() + PROMPT_TOKENS) {
                    throw new IllegalStateException("benchmark session was not prefilled");
                }
            }
        }
    }

    public Measurement decode(int batch) {
        return steady("decode", batch, Mode.TEXT, 0);
    }

    public Measurement latent(int batch) {
        return steady("latent", batch, Mode.LATENT, SessionRequest.MAX_LATENT_STEPS);
    }

    private Measurement steady(String phase, int batch, Mode mode, int latentSteps) {
        VisualTokens visual = engine.vision().encode(frames());
        try (BatchScheduler scheduler = new BatchScheduler(engine)) {
            List<ReasoningSession> sessions = new ArrayList<>();
            for (int b = 0; b < batch; b++) {
                ReasoningSession s =
                        engine.newSession(request("s" + b, visual, mode, latentSteps, 100_000), step -> {});
                sessions.add(s);
                scheduler.submit(s);
            }
            scheduler.step(); // prefill
            scheduler.step(); // the first decode: in latent mode, the forced <|latent_start|>
            for (int i = 0; i < warmup; i++) {
                scheduler.step();
            }
            // Median of five windows: these machines are shared, a single window is noisy.
            int windows = 5;
            int perWindow = Math.max(1, iterations / windows);
            double[] msPerStep = new double[windows];
            double[] rowsPerS = new double[windows];
            for (int w = 0; w < windows; w++) {
                long rows = 0;
                long t0 = System.nanoTime();
                for (int i = 0; i < perWindow; i++) {
                    if (scheduler.activeCount() != batch) {
                        // A session ended (eos, context): the window would time a smaller batch than reported.
                        throw new IllegalStateException(phase + " at batch " + batch + ": only "
                                + scheduler.activeCount() + " sessions still running; lower --iterations");
                    }
                    rows += scheduler.activeCount();
                    scheduler.step();
                }
                double seconds = (System.nanoTime() - t0) / 1e9;
                msPerStep[w] = seconds * 1000 / perWindow;
                rowsPerS[w] = rows / seconds;
            }
            java.util.Arrays.sort(msPerStep);
            java.util.Arrays.sort(rowsPerS);
            return new Measurement(phase, batch, rowsPerS[windows / 2], msPerStep[windows / 2], peakRssMb());
        }
    }

    /** Runs every phase briefly so that the JIT and the allocator settle before anything is timed. */
    public void warmUp() {
        for (int i = 0; i < 3; i++) {
            steady("decode", 1, Mode.TEXT, 0);
            steady("decode", 8, Mode.TEXT, 0);
            steady("latent", 4, Mode.LATENT, SessionRequest.MAX_LATENT_STEPS);
        }
        VisualTokens visual = engine.vision().encode(frames());
        for (int i = 0; i < 10; i++) {
            runPrefill(visual, 2);
        }
    }

    public Measurement sketch(int batch) {
        var decoder = engine.sketchDecoder();
        int d = engine.bundle().config().hiddenSize();
        float[][] cond = new float[batch][d];
        long[] seeds = new long[batch];
        SplittableRandom rng = new SplittableRandom(7);
        for (int b = 0; b < batch; b++) {
            for (int j = 0; j < d; j++) {
                cond[b][j] = (float) rng.nextGaussian();
            }
            seeds[b] = b;
        }
        int reps = Math.max(1, iterations / 10);
        for (int i = 0; i < Math.max(1, warmup / 10); i++) {
            decoder.sample(cond, seeds);
        }
        long t0 = System.nanoTime();
        for (int i = 0; i < reps; i++) {
            decoder.sample(cond, seeds);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        return new Measurement(
                "sketch",
                batch,
                (double) batch * decoder.numLatents() * reps / seconds,
                seconds * 1000 / reps,
                peakRssMb());
    }

    private SessionRequest request(String id, VisualTokens visual, Mode mode, int latentSteps, int maxTokens) {
        int[] prompt = new int[PROMPT_TOKENS];
        SplittableRandom rng = new SplittableRandom(id.hashCode());
        // Prompt ids from the learned vocabulary, never a control token (those are the last added ids).
        int vocab = engine.bundle().tokenizer().vocabSize() - dev.sightline.latent.bundle.ControlTokens.ALL.size();
        for (int i = 0; i < prompt.length; i++) {
            prompt[i] = rng.nextInt(vocab);
        }
        return new SessionRequest(
                id, null, prompt, visual, mode, latentSteps, mode != Mode.TEXT, maxTokens, SamplingParams.GREEDY);
    }

    private static BufferedImage noiseImage(int size, int seed) {
        BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        SplittableRandom rng = new SplittableRandom(seed);
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                img.setRGB(x, y, rng.nextInt(1 << 24));
            }
        }
        return img;
    }

    /** Peak resident set of this process (VmHWM), or -1 where /proc is unavailable. */
    public static long peakRssMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
                }
            }
        } catch (Exception e) {
            // not Linux: report unknown
        }
        return -1;
    }
}
