package dev.sightline.trainer;

import java.util.Arrays;
import java.util.Locale;

/** The trainer's enum-valued options as the command line and a checkpoint's settings spell them: lower case. */
final class OptionValues {
    private OptionValues() {}

    /** {@code value}'s spelling: its name in lower case. */
    static String spelling(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }

    /**
     * The value of {@code values} spelled {@code spelled} (case and surrounding blanks ignored).
     *
     * @throws IllegalArgumentException naming the option, the value and the ones there are
     */
    static <E extends Enum<E>> E parse(E[] values, String option, String spelled) {
        String wanted = spelled.strip().toLowerCase(Locale.ROOT);
        return Arrays.stream(values)
                .filter(v -> spelling(v).equals(wanted))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(option + ": unknown value \"" + spelled
                        + "\" (expected one of "
                        + Arrays.stream(values).map(OptionValues::spelling).toList() + ")"));
    }
}
