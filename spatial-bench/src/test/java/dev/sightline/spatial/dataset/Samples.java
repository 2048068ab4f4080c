package dev.sightline.spatial.dataset;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** The first samples of each split at the tiny options, generated once per test JVM and shared. */
public final class Samples {
    public static final int PER_SPLIT = 300;

    private static final Map<Split, List<SpatialSample>> CACHE = new EnumMap<>(Split.class);

    private Samples() {}

    public static synchronized List<SpatialSample> of(Split split) {
        return CACHE.computeIfAbsent(split, s -> {
            List<SpatialSample> samples = new ArrayList<>(PER_SPLIT);
            for (int i = 0; i < PER_SPLIT; i++) {
                samples.add(SpatialDataset.sample(s, i, SceneOptions.TINY));
            }
            return List.copyOf(samples);
        });
    }
}
