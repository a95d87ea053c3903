package io.github.oneclick.vendor.workflow;

import io.github.oneclick.vendor.Durations;
import io.github.oneclick.vendor.InvalidSettingException;
import java.time.Duration;
import java.util.Objects;

/**
 * When to poll an action whose duration can be estimated, such as a snapshot: DigitalOcean quotes 1 to 3 minutes per
 * GB of used disk, so a snapshot of {@code g} GB is expected to end between {@code g} and {@code 3g} minutes. Nothing
 * ends much before the earliest expected end, so polls there are sparse; from it on they are dense, so an end is seen
 * within {@link #dense()}. The next pause is a pure function of the time elapsed since the action started:
 *
 * <pre>
 * before the earliest end e:  min(cap, max(first, elapsed / 2), max(dense, (e - elapsed) / 4))
 * from e on:                  dense
 * </pre>
 *
 * <p>The first term grows the pauses with the elapsed time (2 s, 3 s, 4.5 s...), so an action that errors at once is
 * still seen within seconds; the second closes in on {@code e} by a quarter of the time left at each poll; the cap
 * bounds how late an unusually fast end is seen. With the defaults (first 2 s, dense 5 s, cap 60 s) a 20 GB snapshot
 * costs about 40 polls up to its 20th minute, where a fixed 3-second poll costs 400.
 *
 * @param earliest the earliest expected end, zero when unknown (then every pause is dense)
 * @param latest the latest expected end, at least {@code earliest}; used for the default timeout
 * @param first the first pause, positive
 * @param dense the pause from the earliest end on, at least {@code first}: the most an end goes unnoticed there
 * @param cap the longest pause, at least {@code dense}
 */
public record PollSchedule(Duration earliest, Duration latest, Duration first, Duration dense, Duration cap) {

    /** The fastest snapshot rate DigitalOcean quotes: 1 minute per GB of used disk. */
    public static final Duration SNAPSHOT_FASTEST_PER_GB = Duration.ofMinutes(1);
    /** The slowest snapshot rate DigitalOcean quotes: 3 minutes per GB of used disk. */
    public static final Duration SNAPSHOT_SLOWEST_PER_GB = Duration.ofMinutes(3);
    /** The first pause by default. */
    public static final Duration DEFAULT_FIRST = Duration.ofSeconds(2);
    /** The pause from the earliest expected end on, by default. */
    public static final Duration DEFAULT_DENSE = Duration.ofSeconds(5);
    /** The longest pause by default. */
    public static final Duration DEFAULT_CAP = Duration.ofSeconds(60);

    public PollSchedule {
        Objects.requireNonNull(earliest, "earliest");
        Objects.requireNonNull(latest, "latest");
        if (earliest.isNegative() || latest.compareTo(earliest) < 0) {
            throw new IllegalArgumentException("the expected end must satisfy 0 <= earliest <= latest, was "
                    + Durations.describe(earliest) + " .. " + Durations.describe(latest));
        }
        Durations.requirePositive(first, "pollInterval");
        Durations.requirePositive(dense, "pollInterval");
        Durations.requirePositive(cap, "maxPollInterval");
        if (dense.compareTo(first) < 0 || cap.compareTo(dense) < 0) {
            throw new InvalidSettingException(
                    "poll schedule pauses must satisfy first <= dense <= cap, were " + Durations.describe(first) + ", "
                            + Durations.describe(dense) + ", " + Durations.describe(cap),
                    "pollInterval",
                    "maxPollInterval");
        }
    }

    /**
     * The schedule of a snapshot of {@code diskUsedGb} GB of used disk, expected to end between 1 and 3 minutes per
     * GB, with the default pauses.
     *
     * @param diskUsedGb the disk in use, positive
     */
    public static PollSchedule forSnapshot(double diskUsedGb) {
        requireGb(diskUsedGb, "diskUsedGb");
        return new PollSchedule(
                perGb(SNAPSHOT_FASTEST_PER_GB, diskUsedGb),
                perGb(SNAPSHOT_SLOWEST_PER_GB, diskUsedGb),
                DEFAULT_FIRST,
                DEFAULT_DENSE,
                DEFAULT_CAP);
    }

    /**
     * The longest a snapshot of {@code gb} GB is expected to take, at 3 minutes per GB.
     *
     * @param gb the disk in use, or the droplet's whole disk as an upper bound; positive
     */
    public static Duration slowestSnapshot(double gb) {
        requireGb(gb, "diskUsedGb");
        return perGb(SNAPSHOT_SLOWEST_PER_GB, gb);
    }

    /** The pause before the next poll, {@code elapsed} after the action started. */
    public Duration next(Duration elapsed) {
        long t = Math.max(0, elapsed.toMillis());
        long e = earliest.toMillis();
        if (t >= e) {
            return dense;
        }
        long growing = Math.max(first.toMillis(), t / 2);
        long closing = Math.max(dense.toMillis(), (e - t) / 4);
        return Duration.ofMillis(Math.min(cap.toMillis(), Math.min(growing, closing)));
    }

    private static Duration perGb(Duration rate, double gb) {
        return Duration.ofMillis(Math.round(rate.toMillis() * gb));
    }

    private static void requireGb(double gb, String field) {
        if (!(gb > 0) || Double.isInfinite(gb)) {
            throw new InvalidSettingException(field + " must be a positive number of GB, was " + gb, field);
        }
    }
}
