package dev.sightline.latent;

import dev.sightline.latent.bundle.ModelBundle;
import dev.sightline.latent.preset.ModelInitializer;
import dev.sightline.latent.preset.Preset;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

/** Test bundles: one seeded {@code tiny} bundle per JVM, copied where a test needs to break it. */
public final class TinyBundles {
    private static Path tiny;

    private TinyBundles() {}

    /** A directory holding a freshly initialized tiny bundle (seed 7); do not modify it. */
    public static synchronized Path tinyDir() {
        if (tiny == null) {
            try {
                tiny = Files.createTempDirectory("sightline-tiny-");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            ModelInitializer.write(Preset.TINY, 7, tiny);
        }
        return tiny;
    }

    public static ModelBundle loadTiny() {
        return ModelBundle.load(tinyDir());
    }

    /** A private copy of the tiny bundle under {@code target}. */
    public static Path copyTiny(Path target) {
        try (Stream<Path> files = Files.list(tinyDir())) {
            Files.createDirectories(target);
            for (Path f : files.toList()) {
                Files.copy(f, target.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Path fixture(String name) {
        return Path.of("src/test/resources/fixtures", name).toAbsolutePath();
    }
}
