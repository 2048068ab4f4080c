package dev.sightline.latent.sampling;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Picks tokens from logits on the host: greedy, or temperature then top-k then top-p, drawn from a
 * per-session seeded generator, so the same seed gives the same tokens. Banned ids (masked control
 * tokens) are never returned.
 */
public final class Sampler {
    private final SamplingParams params;
    private final SplittableRandom random;

    public Sampler(SamplingParams params) {
        this.params = params;
        this.random = new SplittableRandom(params.seed());
    }

    /**
     * @param logits one row of the vocabulary (not modified)
     * @param banned ids that must not be chosen; may be empty
     * @throws NonFiniteException when a logit is NaN or the whole row is banned or infinite
     */
    public int next(float[] logits, boolean[] banned) {
        int best = -1;
        for (int i = 0; i < logits.length; i++) {
            float v = logits[i];
            if (Float.isNaN(v)) {
                throw new NonFiniteException("logit of token " + i + " is NaN");
            }
            if ((banned.length == 0 || !banned[i]) && (best < 0 || v > logits[best])) {
                best = i;
            }
        }
        if (best < 0 || Float.isInfinite(logits[best])) {
            throw new NonFiniteException("no finite logit to sample from");
        }
        if (params.greedy()) {
            return best;
        }
        int n = logits.length;
        Integer[] order = new Integer[n];
        double[] p = new double[n];
        double max = logits[best];
        double sum = 0;
        int kept = 0;
        for (int i = 0; i < n; i++) {
            if (banned.length == 0 || !banned[i]) {
                p[i] = Math.exp((logits[i] - max) / params.temperature());
                sum += p[i];
                order[kept++] = i;
            }
        }
        if (params.topK() == 0 && params.topP() >= 1) {
            // Plain temperature sampling: no ranking needed, scan in id order.
            double u = random.nextDouble() * sum;
            int last = -1;
            for (int i = 0; i < n; i++) {
                if (banned.length == 0 || !banned[i]) {
                    u -= p[i];
                    last = i;
                    if (u <= 0) {
                        return i;
                    }
                }
            }
            return last;
        }
        Integer[] ids = Arrays.copyOf(order, kept);
        // Stable order (probability, then id) keeps the draw reproducible.
        Arrays.sort(ids, (a, b) -> p[a] != p[b] ? Double.compare(p[b], p[a]) : Integer.compare(a, b));
        int limit = params.topK() > 0 ? Math.min(params.topK(), kept) : kept;
        // Top-p applies to the top-k set renormalized, as Hugging Face's warpers chain them.
        double keptMass = 0;
        for (int i = 0; i < limit; i++) {
            keptMass += p[ids[i]];
        }
        double mass = 0;
        int cut = 0;
        while (cut < limit) {
            mass += p[ids[cut]] / keptMass;
            cut++;
            if (mass >= params.topP()) {
                break;
            }
        }
        double total = 0;
        for (int i = 0; i < cut; i++) {
            total += p[ids[i]];
        }
        double u = random.nextDouble() * total;
        for (int i = 0; i < cut; i++) {
            u -= p[ids[i]];
            if (u <= 0) {
                return ids[i];
            }
        }
        return ids[cut - 1];
    }

    /** A derived seed for something else this session draws (a sketch's noise), reproducible. */
    public long nextSeed() {
        return random.nextLong();
    }

    /** The model produced a NaN or infinite value where a number was needed. */
    public static final class NonFiniteException extends RuntimeException {
        public NonFiniteException(String message) {
            super(message);
        }
    }
}
