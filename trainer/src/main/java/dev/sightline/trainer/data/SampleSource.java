package dev.sightline.trainer.data;

import java.util.List;
import java.util.Map;

/** Where training samples come from: deterministic by index, so a resumed run sees the same sequence. */
public interface SampleSource {
    TrainingSample sample(long index);

    /** Text the tokenizer of a fresh bundle is trained on (questions, steps, answers). */
    List<String> corpus();

    /** Teacher name → per-patch feature width, for the alignment projectors. */
    Map<String, Integer> teacherDims();
}
