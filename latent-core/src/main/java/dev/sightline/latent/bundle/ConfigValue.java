package dev.sightline.latent.bundle;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** A {@code config.json} value with a fixed set of spellings: an enum constant and its key. */
interface ConfigValue {
    /** The value as {@code config.json} spells it. */
    String key();

    /** The constant of {@code type} spelled {@code key}, if any. */
    static <E extends Enum<E> & ConfigValue> Optional<E> find(Class<E> type, String key) {
        return Arrays.stream(type.getEnumConstants())
                .filter(v -> v.key().equals(key))
                .findFirst();
    }

    /** The constant of {@code type} spelled {@code value} at {@code name}, or an error naming the file and keys. */
    static <E extends Enum<E> & ConfigValue> E of(Class<E> type, String name, String value, Object source) {
        return find(type, value)
                .orElseThrow(() ->
                        new BundleException(source + ": " + name + " \"" + value + "\" is not one of " + keys(type)));
    }

    /**
     * The constant of {@code type} spelled {@code value} as {@code config.json} or the command line spells it
     * ({@code before_answer} or {@code before-answer}).
     *
     * @param what the setting in words, for the error ({@code "latent schedule"})
     * @throws IllegalArgumentException naming the value and the ones there are, as the command line spells them
     */
    static <E extends Enum<E> & ConfigValue> E parse(Class<E> type, String value, String what) {
        return find(type, value.strip().replace('-', '_'))
                .orElseThrow(() -> new IllegalArgumentException("unknown " + what + " \"" + value
                        + "\" (expected one of "
                        + keys(type).stream().map(k -> k.replace('_', '-')).toList() + ")"));
    }

    static <E extends Enum<E> & ConfigValue> List<String> keys(Class<E> type) {
        return Arrays.stream(type.getEnumConstants()).map(ConfigValue::key).toList();
    }
}
