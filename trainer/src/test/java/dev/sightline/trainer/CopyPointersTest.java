package dev.sightline.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.sightline.latent.bundle.BundleTokenizer;
import dev.sightline.spatial.dataset.SceneOptions;
import dev.sightline.spatial.dataset.Split;
import dev.sightline.spatial.question.Chains;
import dev.sightline.trainer.data.SpatialScenesSource;
import dev.sightline.trainer.data.TrainingSample;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CopyPointersTest {
    private static final Path TOKENIZER = Path.of("..", "models", "sightline-tiny", "tokenizer.json");
    private static final int VISUAL = 64;

    @Test
    void everyPointerLeadsFromTheRowThatWritesANameToTheQuestionTokenItCopies() {
        var source =
                new SpatialScenesSource(Split.HARD, new SceneOptions(64, 1, 8).withChains(Chains.GRID), List.of(1), 0);
        try (BundleTokenizer tokenizer = BundleTokenizer.load(TOKENIZER)) {
            int pointers = 0;
            int samplesWithPointers = 0;
            for (int i = 0; i < 60; i++) {
                TrainingSample s = source.sample(i);
                int[] question = tokenizer.encode(s.question() + "\n");
                int p = VISUAL + question.length;
                int[] stepStarts = new int[s.steps().size() + 1];
                List<int[]> stepIds = new ArrayList<>();
                List<Integer> targets = new ArrayList<>();
                for (int j = 0; j < s.steps().size(); j++) {
                    stepStarts[j] = targets.size();
                    stepIds.add(tokenizer.encode(s.steps().get(j) + "\n"));
                    for (int id : stepIds.get(j)) {
                        targets.add(id);
                    }
                }
                stepStarts[s.steps().size()] = targets.size();
                CopyPointers c = CopyPointers.of(tokenizer, s, question, p, stepStarts, stepIds);
                for (int r = 0; r < c.rows().length; r++) {
                    int written = targets.get(c.rows()[r] - (p - 1)); // input p - 1 + j predicts target j
                    int copied = question[c.keys()[r] - VISUAL];
                    assertEquals(written, copied, s.id() + ": pointer " + r + " copies another token");
                    assertTrue(c.keys()[r] < c.rows()[r], "a key after its row is masked out");
                }
                pointers += c.rows().length;
                samplesWithPointers += c.rows().length > 0 ? 1 : 0;
            }
            // counts name no object ("How many cubes"); every other family's chain repeats the question's names
            assertTrue(samplesWithPointers >= 40, samplesWithPointers + " of 60 samples have pointers");
            assertTrue(pointers >= 8 * samplesWithPointers, pointers + " pointers");
        }
    }

    @Test
    void theLossVanishesWhenTheHeadLooksAtTheKeyAndGrowsWhenItLooksElsewhere() {
        try (NDManager m = NDManager.newBaseManager()) {
            int t = 4;
            int g = 2;
            CopyPointers c = new CopyPointers(new int[] {2, 3}, new int[] {0, 1});
            float[] onKeys = new float[2 * t * g * t]; // [1, G = 2, T * g, T]
            float[] elsewhere = new float[onKeys.length];
            for (int row = 0; row < t; row++) {
                for (int h = 0; h < g; h++) {
                    int base = (t * g + row * g + h) * t; // group 1, query row, head h
                    onKeys[base + (row == 3 ? 1 : 0)] = 1;
                    elsewhere[base + row] = 1;
                }
            }
            NDArray good = m.create(onKeys, new Shape(1, 2, t * g, t));
            NDArray bad = m.create(elsewhere, new Shape(1, 2, t * g, t));
            assertEquals(0, c.loss(good, g).getFloat(), 1e-4);
            assertTrue(c.loss(bad, g).getFloat() > 10, "attention off the key costs");
        }
    }
}
