package io.github.oneclick.sandbox;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock that only moves when told to. Tests drive every action, snapshot and listing lag of the
 * sandbox with it instead of sleeping.
 */
public final class ManualClock extends Clock {

    /** Where a fresh manual clock starts unless told otherwise. */
    public static final Instant DEFAULT_START = Instant.parse("2026-03-02T10:00:00Z");

    private final AtomicReference<Instant> now;
    private final ZoneId zone;

    public ManualClock() {
        this(DEFAULT_START);
    }

    public ManualClock(Instant start) {
        this(new AtomicReference<>(Objects.requireNonNull(start, "start")), ZoneOffset.UTC);
    }

    private ManualClock(AtomicReference<Instant> now, ZoneId zone) {
        this.now = now;
        this.zone = zone;
    }

    /** Moves the clock forward (a negative duration is refused). */
    public ManualClock advance(Duration duration) {
        if (duration.isNegative()) {
            throw new IllegalArgumentException("A manual clock only moves forward; got " + duration);
        }
        now.updateAndGet(t -> t.plus(duration));
        return this;
    }

    public ManualClock advanceSeconds(long seconds) {
        return advance(Duration.ofSeconds(seconds));
    }

    /** Sets the clock to an instant, for example back to the start between tests. */
    public void set(Instant instant) {
        now.set(Objects.requireNonNull(instant, "instant"));
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return new ManualClock(now, zone);
    }

    @Override
    public String toString() {
        return "ManualClock[" + now.get() + "]";
    }
}
