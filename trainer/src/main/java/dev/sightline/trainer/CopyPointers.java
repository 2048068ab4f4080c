package dev.sightline.trainer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import dev.sightline.latent.bundle.BundleTokenizer;
import dev.sightline.spatial.scene.Colour;
import dev.sightline.spatial.scene.Size;
import dev.sightline.trainer.data.TrainingSample;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Where a chain copies an object's name from the question, and from where: for every token of every question
 * phrase ("the large red cone") the chain writes again, the input that predicts it ({@code rows}) and the
 * question token it copies ({@code keys}). The copy loss ({@link #loss}, {@code --copy-weight}) pulls one attention
 * head onto that key wherever a sample trains as plain SFT (stage 1, and stage 2's text share).
 *
 * <p>Why (docs/results.md, thirty-fifth session): models trained with the grounding loss wrote a familiar name for a
 * held-out one ("the red cube" for the question's "the red cone") in 18–32 % of their wrong relational chains on
 * {@code hard}, and cross-entropy-only SFT never did; a pointer to the question's token makes the copy a lookup
 * instead of a guess from the language prior.
 *
 * @param rows sequence positions of the inputs predicting a copied token
 * @param keys sequence positions of the question tokens they copy, one per row
 */
record CopyPointers(int[] rows, int[] keys) {
    /** "[size] colour shape", in the words the generator writes them ({@code word()} of each enum). */
    private static final Pattern PHRASE = Pattern.compile("\\b(?:(?:"
            + words(Stream.of(Size.values()).map(Size::word))
            + ") )?(?:" + words(Stream.of(Colour.values()).map(Colour::word)) + ") (?:"
            + words(Stream.of(dev.sightline.spatial.scene.Shape.values()).map(dev.sightline.spatial.scene.Shape::word))
            + ")\\b");

    /**
     * The pointers of one sample laid out as {@link SampleLoss#plain} lays it out: the prompt (visual tokens, then
     * the question's tokens) ends at {@code p}, and input {@code p - 1 + j} predicts target token {@code j}.
     *
     * @param questionIds the question's tokens as the prompt holds them, its last at {@code p - 1}
     * @param stepStarts each step's first target token
     * @param stepIds each step's tokens as the targets hold them
     */
    static CopyPointers of(
            BundleTokenizer tokenizer,
            TrainingSample s,
            int[] questionIds,
            int p,
            int[] stepStarts,
            List<int[]> stepIds) {
        int questionStart = p - questionIds.length;
        List<Integer> rows = new ArrayList<>();
        List<Integer> keys = new ArrayList<>();
        Matcher m = PHRASE.matcher(s.question());
        Set<String> seen = new HashSet<>();
        while (m.find()) {
            String phrase = m.group();
            if (!seen.add(phrase)) {
                continue;
            }
            // a byte-level BPE splits before each space, so " red cone" is the same tokens wherever it stands
            int[] name = tokenizer.encode(" " + phrase);
            int inQuestion = indexOf(questionIds, name, 0);
            if (inQuestion < 0) {
                continue;
            }
            for (int i = 0; i < stepIds.size(); i++) {
                int[] step = stepIds.get(i);
                for (int at = indexOf(step, name, 0); at >= 0; at = indexOf(step, name, at + name.length)) {
                    for (int k = 0; k < name.length; k++) {
                        rows.add(p - 1 + stepStarts[i] + at + k);
                        keys.add(questionStart + inQuestion + k);
                    }
                }
            }
        }
        return new CopyPointers(
                rows.stream().mapToInt(Integer::intValue).toArray(),
                keys.stream().mapToInt(Integer::intValue).toArray());
    }

    /**
     * Mean over the rows of {@code -log} (the attention weight on the row's key), for the first query head of the
     * last key-value group of the recorded block ({@code weights [1, G, T*g, T]}): with two groups or more a group
     * of its own, so the grounding head (query head 0 of group 0) keeps its keys for the image; with one group,
     * that group's second query head.
     */
    NDArray loss(NDArray weights, int queriesPerKeyValue) {
        NDManager m = weights.getManager();
        if (rows.length == 0) {
            return m.create(0f);
        }
        int groups = (int) weights.getShape().get(1);
        int t = (int) weights.getShape().get(3);
        int query = groups > 1 ? 0 : 1;
        NDArray head = weights.get(0, groups - 1)
                .reshape(t, queriesPerKeyValue, t)
                .get(new NDIndex(":, {}, :", query)); // [T, T]
        float[] mask = new float[t * t];
        float[] supervised = new float[t];
        for (int r = 0; r < rows.length; r++) {
            mask[rows[r] * t + keys[r]] = 1;
            supervised[rows[r]] = 1;
        }
        return SampleLoss.logMassOnRegion(head, m.create(mask, new Shape(t, t)), m.create(supervised))
                .div(-rows.length);
    }

    private static String words(Stream<String> words) {
        return words.collect(Collectors.joining("|"));
    }

    private static int indexOf(int[] ids, int[] part, int from) {
        for (int i = from; i + part.length <= ids.length; i++) {
            if (Arrays.equals(ids, i, i + part.length, part, 0, part.length)) {
                return i;
            }
        }
        return -1;
    }
}
