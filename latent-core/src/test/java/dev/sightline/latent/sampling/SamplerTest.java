package dev.sightline.latent.sampling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class SamplerTest {
    private static final float[] LOGITS = {1f, 3f, 2f, 0.5f, 2.9f};

    @Test
    void greedyIgnoresTheSeed() {
        for (long seed = 0; seed < 5; seed++) {
            assertEquals(1, new Sampler(new SamplingParams(0, 0, 1, seed)).next(LOGITS, new boolean[0]));
        }
    }

    @Test
    void bannedTokensAreNeverChosen() {
        boolean[] banned = {false, true, false, false, true};
        assertEquals(2, new Sampler(SamplingParams.GREEDY).next(LOGITS, banned));
        Sampler hot = new Sampler(new SamplingParams(5, 0, 1, 3));
        for (int i = 0; i < 200; i++) {
            int t = hot.next(LOGITS, banned);
            assertNotEquals(1, t);
            assertNotEquals(4, t);
        }
    }

    @Test
    void topKOfOneIsGreedyAndTopPKeepsOnlyTheNucleus() {
        Sampler k1 = new Sampler(new SamplingParams(2, 1, 1, 11));
        Sampler p = new Sampler(new SamplingParams(1, 0, 0.5, 11));
        for (int i = 0; i < 100; i++) {
            assertEquals(1, k1.next(LOGITS, new boolean[0]));
            int t = p.next(LOGITS, new boolean[0]);
            assertEquals(true, t == 1 || t == 4, "token " + t + " outside the nucleus");
        }
    }

    @Test
    void topPIsTakenOverTheRenormalizedTopK() {
        // Top-2 keeps {1: 3.0, 4: 2.9}; renormalized, token 1 holds about 52 %, so top-p 0.5 keeps only it.
        Sampler s = new Sampler(new SamplingParams(1, 2, 0.5, 3));
        for (int i = 0; i < 100; i++) {
            assertEquals(1, s.next(LOGITS, new boolean[0]));
        }
    }

    @Test
    void sameSeedSameDraws() {
        Sampler a = new Sampler(new SamplingParams(1.5, 0, 0.95, 42));
        Sampler b = new Sampler(new SamplingParams(1.5, 0, 0.95, 42));
        for (int i = 0; i < 50; i++) {
            assertEquals(a.next(LOGITS, new boolean[0]), b.next(LOGITS, new boolean[0]));
        }
    }

    @Test
    void nanLogitsAreAnErrorNotAToken() {
        float[] bad = {1f, Float.NaN};
        assertThrows(
                Sampler.NonFiniteException.class, () -> new Sampler(SamplingParams.GREEDY).next(bad, new boolean[0]));
    }
}
