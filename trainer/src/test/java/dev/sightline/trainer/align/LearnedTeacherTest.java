package dev.sightline.trainer.align;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sightline.spatial.dataset.SceneOptions;
import dev.sightline.spatial.dataset.Split;
import dev.sightline.spatial.teacher.SemanticTeacher;
import dev.sightline.trainer.data.SpatialScenesSource;
import dev.sightline.trainer.data.TrainingSample;
import java.util.List;
import org.junit.jupiter.api.Test;

class LearnedTeacherTest {
    @Test
    void weightedByChannelWeightsEveryTargetColumnHasUnitVarianceSoColourCountsAsMuchAsDepth() {
        List<TrainingSample> samples = new SpatialScenesSource(Split.TRAIN, SceneOptions.TINY).first(16);
        float[] weights = LearnedTeacher.channelWeights(samples);
        float[] rows = LearnedTeacher.groundTruthRows(samples);
        int dim = weights.length;
        int geometry = samples.get(0).teachers().get("geometry")[0].length;
        assertEquals(geometry + samples.get(0).teachers().get("semantic")[0].length, dim);
        for (int c = 0; c < dim; c++) {
            double sum = 0;
            double squares = 0;
            int n = rows.length / dim;
            for (int r = 0; r < n; r++) {
                sum += rows[r * dim + c];
                squares += rows[r * dim + c] * rows[r * dim + c];
            }
            double variance = squares / n - (sum / n) * (sum / n);
            if (variance > 1e-3) {
                assertEquals(1.0, weights[c] * variance, 1e-3, "column " + c);
            }
        }
        // the mostly-zero colour fractions weigh far more than a coordinate, which is the point
        assertTrue(weights[geometry + SemanticTeacher.COLOUR_OFFSET] > 5 * weights[0]);
    }
}
