package io.github.oneclick.marketplace.mojo;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.maven.plugin.MojoFailureException;

/** Reads durations from plugin parameters: {@code 500ms}, {@code 90s}, {@code 3m}, {@code 1h}, or ISO-8601 {@code PT3M}. */
final class Durations {
    private static final Pattern SIMPLE = Pattern.compile("(\\d+)\\s*(ms|s|m|min|h)?");

    private Durations() {
    }

    static Duration parse(String text, String property) throws MojoFailureException {
        if (text == null || text.isBlank()) {
            throw new MojoFailureException(property + " must not be empty. Use a duration such as 90s, 3m or 1h.");
        }
        String value = text.strip().toLowerCase(Locale.ROOT);
        Duration duration;
        Matcher matcher = SIMPLE.matcher(value);
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
            try {
                duration = Duration.parse(text.strip().toUpperCase(Locale.ROOT));
            } catch (DateTimeParseException e) {
                throw new MojoFailureException(property + " '" + text + "' is not a duration. Use a number with a"
                        + " unit, such as 90s, 3m or 1h (a bare number means seconds).", e);
            }
        }
        if (duration.isNegative() || duration.isZero()) {
            throw new MojoFailureException(property + " must be longer than zero, was '" + text + "'.");
        }
        return duration;
    }
}
