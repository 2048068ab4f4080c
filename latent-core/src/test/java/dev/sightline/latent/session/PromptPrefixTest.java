package dev.sightline.latent.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class PromptPrefixTest {
    private static final int IMAGE = 500;

    /** Two frames of two positions each (width 3), then the question's tokens. */
    private static InputChunk prompt(float firstValue, int... question) {
        int[] ids = new int[4 + question.length];
        int[] rows = {0, 1, 2, 3};
        float[] vectors = new float[4 * 3];
        for (int i = 0; i < vectors.length; i++) {
            vectors[i] = firstValue + i;
        }
        for (int i = 0; i < 4; i++) {
            ids[i] = IMAGE;
        }
        System.arraycopy(question, 0, ids, 4, question.length);
        return new InputChunk(ids, rows, vectors);
    }

    @Test
    void aPromptOffersAllButItsLastPositionThenItsFramesLongestFirst() {
        List<PromptPrefix> p = PromptPrefix.of(prompt(1f, 7, 8, 9));
        assertEquals(List.of(6, 4), p.stream().map(PromptPrefix::positions).toList());
    }

    @Test
    void theFramesDigestDependsOnTheFramesOnlyAndTheLongerOneOnEveryInput() {
        List<PromptPrefix> a = PromptPrefix.of(prompt(1f, 7, 8, 9));
        List<PromptPrefix> sameAgain = PromptPrefix.of(prompt(1f, 7, 8, 9));
        List<PromptPrefix> otherQuestion = PromptPrefix.of(prompt(1f, 7, 5, 9));
        List<PromptPrefix> otherFrames = PromptPrefix.of(prompt(1.5f, 7, 8, 9));
        assertEquals(a, sameAgain);
        assertEquals(a.get(1), otherQuestion.get(1), "same frames, another question: the frames' entry is shared");
        assertNotEquals(a.get(0), otherQuestion.get(0));
        assertNotEquals(a.get(1).digest(), otherFrames.get(1).digest());
        assertNotEquals(a.get(0).digest(), otherFrames.get(0).digest());
        // The last position is never part of a prefix: a different last token shares the longer entry.
        assertEquals(a.get(0), PromptPrefix.of(prompt(1f, 7, 8, 4)).get(0));
    }

    @Test
    void aTextPromptOffersOnePrefixAndAOnePositionPromptNone() {
        assertEquals(
                List.of(2),
                PromptPrefix.of(new InputChunk(new int[] {1, 2, 3}, new int[0], new float[0])).stream()
                        .map(PromptPrefix::positions)
                        .toList());
        assertEquals(List.of(), PromptPrefix.of(new InputChunk(new int[] {1}, new int[0], new float[0])));
    }
}
