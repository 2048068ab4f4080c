package dev.sightline.trainer.data;

import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Map;

/**
 * One supervised example, independent of where it came from.
 *
 * @param frames the views, view 0 first
 * @param steps the chain of thought, one line each, without newlines
 * @param answer the closed-set answer text
 * @param choices the closed set the answer is one of (what a guided-choice evaluation decodes among)
 * @param family question family, for per-family accuracy
 * @param teachers per-patch teacher features of view 0 by teacher name, {@code [patches][dim]}
 * @param stepRegions per CoT step, the visual-token indices (frame-major: {@code frame * tokensPerFrame +
 *     patch}) of the patches covered by the boxes of the objects that step mentions, ascending; empty when
 *     it mentions none (LVR's reconstruction targets)
 * @param sketchTarget the bird's-eye map the sketch head learns to imagine, or {@code null}
 * @param objects the number of objects on the table (what {@code --latent-steps-by objects} sizes K by); 0 where
 *     the source does not know it
 */
public record TrainingSample(
        String id,
        List<BufferedImage> frames,
        String question,
        List<String> steps,
        String answer,
        List<String> choices,
        String family,
        Map<String, float[][]> teachers,
        List<int[]> stepRegions,
        BufferedImage sketchTarget,
        int objects) {

    public TrainingSample {
        choices = List.copyOf(choices);
        if (objects < 0) {
            throw new IllegalArgumentException(id + ": " + objects + " objects");
        }
        if (stepRegions.size() != steps.size()) {
            throw new IllegalArgumentException(
                    id + ": " + steps.size() + " steps but " + stepRegions.size() + " step regions");
        }
    }

    /** The same sample seen through other frames (an ablation's, say); every label stays. */
    public TrainingSample withFrames(List<BufferedImage> others) {
        return new TrainingSample(
                id, others, question, steps, answer, choices, family, teachers, stepRegions, sketchTarget, objects);
    }

    /** The sample with each frame replaced by a uniform grey image of its size: what the question alone tells. */
    public TrainingSample blindfolded() {
        return withFrames(frames.stream()
                .map(f -> {
                    var grey = new BufferedImage(f.getWidth(), f.getHeight(), BufferedImage.TYPE_INT_RGB);
                    var paint = grey.createGraphics();
                    paint.setColor(java.awt.Color.GRAY);
                    paint.fillRect(0, 0, f.getWidth(), f.getHeight());
                    paint.dispose();
                    return grey;
                })
                .toList());
    }
}
