package io.github.oneclick.sandbox;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock that only moves when told to. Tests drive every action, snapshot and listing lag of the
 * sandbox with it instead of sleeping.
 *
 * <p>It is also the tests' sleeper: {@link #sleep} records the wait asked for and moves the clock by it at
 * once, so a client built with {@code .clock(clock).sleeper(clock::sleep)} runs its timeline without waiting,
 * and {@link #sleeps()} lists the waits it asked for.
 */
public final class ManualClock extends Clock {

    /** Where a fresh manual clock starts unless told otherwise. */
    public static final Instant DEFAULT_START = Instant.parse("2026-03-02T10:00:00Z");

    private final AtomicReference<Instant> now;
    private final ZoneId zone;
    private final List<Duration> sleeps;

    public ManualClock() {
        this(DEFAULT_START);
    }

    public ManualClock(Instant start) {
        this(new AtomicReference<>(Objects.requireNonNull(start, "start")), ZoneOffset.UTC, new ArrayList<>());
    }

    private ManualClock(AtomicReference<Instant> now, ZoneId zone, List<Duration> sleeps) {
        this.now = now;
        this.zone = zone;
        this.sleeps = sleeps;
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

    /**
     * Sleeps without waiting: records {@code duration} and moves the clock forward by it (a zero or negative
     * duration is recorded and leaves the clock where it is). Fits a sleeper's functional interface as {@code
     * clock::sleep}.
     */
    public void sleep(Duration duration) {
        Objects.requireNonNull(duration, "duration");
        synchronized (sleeps) {
            sleeps.add(duration);
            if (!duration.isNegative() && !duration.isZero()) {
                advance(duration);
            }
        }
    }

    /** Every duration {@link #sleep} was asked for, in order. */
    public List<Duration> sleeps() {
        synchronized (sleeps) {
            return List.copyOf(sleeps);
        }
    }

    /** Sets the clock to an instant, for example back to the start between tests, and forgets the recorded sleeps. */
    public void set(Instant instant) {
        Objects.requireNonNull(instant, "instant");
        synchronized (sleeps) {
            now.set(instant);
            sleeps.clear();
        }
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
        return new ManualClock(now, zone, sleeps);
    }

    @Override
    public String toString() {
        return "ManualClock[" + now.get() + "]";
    }
}
