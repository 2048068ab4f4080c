package dev.sightline.trainer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import dev.sightline.latent.bundle.BundleTokenizer;
import dev.sightline.trainer.data.PositionMention;
import dev.sightline.trainer.data.TrainingSample;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Where a sample's chain writes object positions: the rows the position readout reads
 * ({@link dev.sightline.trainer.grounding.PositionReadout}), and from where in each step the grounding loss
 * supervises the attention ({@link #groundingFrom}).
 *
 * @param rows target indices of each position's first number token, the one the hidden state at the preceding
 *     "=" predicts (twice per mention: x's and z's)
 * @param positions {@code x, z} of the mentioned object for each row, {@code 2 * rows.length} values
 */
record PositionRows(int[] rows, float[] positions) {
    static final PositionRows NONE = new PositionRows(new int[0], new float[0]);

    /**
     * The rows from each step's text ({@link PositionMention}). A row counts only where the text up to "x ="
     * tokenizes as the start of the step's tokens, so the row is exactly the position that predicts the number;
     * a byte-level BPE splits before a space, so that is every mention the chains write.
     *
     * @param stepStarts each step's first target token
     * @param stepIds each step's tokens (its text and a newline), as the sequence holds them
     */
    static PositionRows of(BundleTokenizer tokenizer, TrainingSample s, int[] stepStarts, List<int[]> stepIds) {
        List<Integer> rows = new ArrayList<>();
        List<Float> positions = new ArrayList<>();
        for (int i = 0; i < s.steps().size(); i++) {
            String text = s.steps().get(i);
            for (PositionMention m : PositionMention.stated(text)) {
                for (int at : new int[] {m.xAt(), m.zAt()}) {
                    int[] before = tokenizer.encode(text.substring(0, at - 1));
                    if (startsWith(stepIds.get(i), before)) {
                        rows.add(stepStarts[i] + before.length);
                        positions.add((float) m.x());
                        positions.add((float) m.z());
                    }
                }
            }
        }
        float[] xz = new float[positions.size()];
        for (int i = 0; i < xz.length; i++) {
            xz[i] = positions.get(i);
        }
        return new PositionRows(rows.stream().mapToInt(Integer::intValue).toArray(), xz);
    }

    /**
     * Where the grounding loss starts in each step: at the input whose hidden state predicts the step's first
     * position number (the "=" of "x ="), or at the step's middle if that comes first or the step states no
     * position. The middle alone missed x in a position line ("The red cube is at x =" is the first 7 of its 19
     * tokens), so the attention that has to read x was never supervised there.
     *
     * @param stepStarts each step's first target token, then the end of the last step
     * @return per step, the first target index {@code j} whose input (the one predicting {@code j + 1}) is
     *     supervised
     */
    int[] groundingFrom(int[] stepStarts) {
        int[] from = new int[stepStarts.length - 1];
        for (int i = 0; i < from.length; i++) {
            from[i] = stepStarts[i] + (stepStarts[i + 1] - stepStarts[i]) / 2;
            for (int row : rows) {
                if (row > stepStarts[i] && row < stepStarts[i + 1]) {
                    // rows are in step order: the step's first, x's number; input row - 1 predicts it
                    from[i] = Math.min(from[i], row - 1);
                    break;
                }
            }
        }
        return from;
    }

    /** {@code [R, d]}: these rows of {@code hidden [n, d]}, as a one-hot product so the gradient flows back. */
    NDArray of(NDArray hidden) {
        int n = (int) hidden.getShape().get(0);
        float[] pick = new float[rows.length * n];
        for (int r = 0; r < rows.length; r++) {
            pick[r * n + rows[r]] = 1;
        }
        return hidden.getManager().create(pick, new Shape(rows.length, n)).matMul(hidden);
    }

    private static boolean startsWith(int[] ids, int[] prefix) {
        return prefix.length <= ids.length && Arrays.equals(Arrays.copyOf(ids, prefix.length), prefix);
    }
}
