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
 * @param family question family, for per-family accuracy
 * @param teachers per-patch teacher features of view 0 by teacher name, {@code [patches][dim]}
 */
public record TrainingSample(
        String id,
        List<BufferedImage> frames,
        String question,
        List<String> steps,
        String answer,
        String family,
        Map<String, float[][]> teachers) {}
