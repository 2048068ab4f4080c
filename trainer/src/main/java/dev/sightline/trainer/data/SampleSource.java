package dev.sightline.trainer.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Where training samples come from: deterministic by index, so a resumed run sees the same sequence. */
public interface SampleSource {
    TrainingSample sample(long index);

    /** Samples {@code first .. first + n - 1}, e.g. the images a loss's scale is measured on. */
    default List<TrainingSample> range(long first, int n) {
        List<TrainingSample> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(sample(first + i));
        }
        return out;
    }

    /** The first {@code n} samples, e.g. a fixed evaluation subset. */
    default List<TrainingSample> first(int n) {
        return range(0, n);
    }

    /** Text the tokenizer of a fresh bundle is trained on (questions, steps, answers). */
    List<String> corpus();

    /** Teacher name → per-patch feature width, for the alignment projectors. */
    Map<String, Integer> teacherDims();
}
