package io.github.oneclick.vendor.workflow;

import io.github.oneclick.vendor.Durations;
import io.github.oneclick.vendor.InvalidSettingException;
import java.time.Duration;

/**
 * How often a wait polls: the first poll comes after {@code initial}, each further interval is the previous one times
 * {@code growth}, never more than {@code max}. The default (2 s growing by 1.5 to 10 s) notices a short action within
 * seconds and costs about six requests a minute on a long one, so a change is seen at most {@code max} after it
 * happened.
 *
 * @param initial the first interval, positive
 * @param max the largest interval, at least {@code initial}
 * @param growth the factor between two intervals, at least 1 (1 polls at a fixed rate)
 */
public record PollInterval(Duration initial, Duration max, double growth) {

    /** 2 s, growing by half each time, up to 10 s. */
    public static final PollInterval DEFAULT = new PollInterval(Duration.ofSeconds(2), Duration.ofSeconds(10), 1.5);

    public PollInterval {
        Durations.requirePositive(initial, "pollInterval");
        Durations.requirePositive(max, "maxPollInterval");
        if (max.compareTo(initial) < 0) {
            throw new InvalidSettingException(
                    "maxPollInterval (" + Durations.describe(max) + ") must not be shorter" + " than pollInterval ("
                            + Durations.describe(initial) + ")",
                    "maxPollInterval",
                    "pollInterval");
        }
        if (!(growth >= 1.0) || Double.isInfinite(growth)) {
            throw new InvalidSettingException(
                    "pollInterval growth must be a finite number of at least 1, was " + growth, "pollInterval");
        }
    }

    /** An interval starting at {@code initial} and growing by half each time up to {@code max}. */
    public static PollInterval of(Duration initial, Duration max) {
        return new PollInterval(initial, max, 1.5);
    }

    /** A fixed interval, as Packer (3 s) and doctl (5 s) poll. */
    public static PollInterval fixed(Duration interval) {
        return new PollInterval(interval, interval, 1.0);
    }

    /** The interval after {@code current}. */
    public Duration next(Duration current) {
        long grown = (long) Math.ceil(current.toMillis() * growth);
        return grown >= max.toMillis() ? max : Duration.ofMillis(grown);
    }
}
