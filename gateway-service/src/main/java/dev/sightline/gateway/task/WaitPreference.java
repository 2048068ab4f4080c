package dev.sightline.gateway.task;

import java.time.Duration;
import java.util.Locale;

/**
 * The {@code wait} preference of an RFC 7240 {@code Prefer} header ({@code Prefer: wait=30}): how long the
 * client is willing to wait for the task to end before it gets the answer. As the RFC asks, what is not
 * understood is ignored (other preferences, a malformed value), and the wait is capped at the gateway's
 * {@code max-wait}; the cap actually applied is echoed in {@code Preference-Applied}.
 */
record WaitPreference(Duration duration) {
    static final WaitPreference NONE = new WaitPreference(Duration.ZERO);

    static WaitPreference parse(String prefer, Duration max) {
        if (prefer == null) {
            return NONE;
        }
        for (String preference : prefer.split(",")) {
            String token = preference.split(";", 2)[0].strip();
            int eq = token.indexOf('=');
            if (eq < 0
                    || !token.substring(0, eq).strip().toLowerCase(Locale.ROOT).equals("wait")) {
                continue;
            }
            String value = token.substring(eq + 1).strip();
            if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                value = value.substring(1, value.length() - 1);
            }
            if (value.isEmpty() || value.length() > 9 || !value.chars().allMatch(Character::isDigit)) {
                return NONE;
            }
            Duration wait = Duration.ofSeconds(Long.parseLong(value));
            return new WaitPreference(wait.compareTo(max) > 0 ? max : wait);
        }
        return NONE;
    }

    boolean none() {
        return duration.isZero();
    }

    /** The {@code Preference-Applied} value. */
    String applied() {
        return "wait=" + duration.toSeconds();
    }
}
