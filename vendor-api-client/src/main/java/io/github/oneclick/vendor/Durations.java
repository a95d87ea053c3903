package io.github.oneclick.vendor;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as users write them, and the one check every duration setting gets: positive and at most
 * {@link #MAX}. Written as {@code 500ms}, {@code 90s}, {@code 3m}, {@code 1h} (a bare number is seconds) or ISO-8601
 * such as {@code PT3M}. Errors name the setting, in the caller's terms.
 */
public final class Durations {
    /** The longest duration any setting takes: two days. */
    public static final Duration MAX = Duration.ofHours(48);

    private static final Pattern SIMPLE = Pattern.compile("(\\d{1,18})\\s*(ms|s|m|min|h)?");

    private Durations() {}

    /**
     * Reads a duration.
     *
     * @param text the text, such as {@code 90s}
     * @param field the setting's name, for messages
     * @throws IllegalArgumentException naming {@code field} when the text is not a duration, is not positive, or is
     *     longer than {@link #MAX}
     */
    public static Duration parse(String text, String field) {
        if (text == null || text.isBlank()) {
            throw new InvalidSettingException(
                    field + " must not be empty. Use a duration such as 90s, 3m or 1h.", field);
        }
        String value = text.strip().toLowerCase(Locale.ROOT);
        Duration duration;
        Matcher matcher = SIMPLE.matcher(value);
        try {
            if (matcher.matches()) {
                long amount = Long.parseLong(matcher.group(1));
                String unit = matcher.group(2) == null ? "s" : matcher.group(2);
                duration = switch (unit) {
                    case "ms" -> Duration.ofMillis(amount);
                    case "m", "min" -> Duration.ofMinutes(amount);
                    case "h" -> Duration.ofHours(amount);
                    default -> Duration.ofSeconds(amount);
                };
            } else {
                duration = Duration.parse(text.strip().toUpperCase(Locale.ROOT));
            }
        } catch (ArithmeticException | NumberFormatException tooLong) {
            throw new InvalidSettingException(
                    field + " '" + text.strip() + "' is too long: at most " + describe(MAX) + ".", tooLong, field);
        } catch (DateTimeParseException e) {
            throw new InvalidSettingException(
                    field + " '" + text.strip() + "' is not a duration. Use a number with a"
                            + " unit, such as 90s, 3m or 1h (a bare number means seconds).",
                    e,
                    field);
        }
        return requirePositive(duration, field);
    }

    /**
     * Checks a duration setting: positive and at most {@link #MAX}.
     *
     * @return the duration
     * @throws IllegalArgumentException naming {@code field}
     */
    public static Duration requirePositive(Duration duration, String field) {
        if (duration == null) {
            throw new InvalidSettingException(field + " must be set.", field);
        }
        if (duration.isNegative() || duration.isZero()) {
            throw new InvalidSettingException(
                    field + " must be longer than zero, was " + describe(duration) + ".", field);
        }
        if (duration.compareTo(MAX) > 0) {
            throw new InvalidSettingException(
                    field + " must be at most " + describe(MAX) + ", was " + describe(duration) + ".", field);
        }
        return duration;
    }

    /** {@code 45s}, {@code 2m 05s}, {@code 1h 00m 00s}, {@code 1.5s}. */
    public static String describe(Duration duration) {
        if (duration == null) {
            return "?";
        }
        if (duration.isNegative()) {
            return "-" + describe(duration.negated());
        }
        long seconds = duration.getSeconds();
        if (seconds < 60) {
            long millis = duration.toMillis();
            return millis % 1000 == 0 ? seconds + "s" : String.format(Locale.ROOT, "%.1fs", millis / 1000.0);
        }
        long hours = seconds / 3600;
        long minutes = (seconds % 3600) / 60;
        long secs = seconds % 60;
        if (hours > 0) {
            return String.format(Locale.ROOT, "%dh %02dm %02ds", hours, minutes, secs);
        }
        return String.format(Locale.ROOT, "%dm %02ds", minutes, secs);
    }
}
