package io.github.oneclick.vendor.workflow;

import io.github.oneclick.vendor.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/** A clock that moves only when something sleeps on it: the sleeper advances time and returns at once. */
final class VirtualClock extends Clock implements Sleeper {
    private final AtomicReference<Instant> now;

    VirtualClock(Instant start) {
        this.now = new AtomicReference<>(start);
    }

    @Override
    public void sleep(Duration duration) {
        if (!duration.isNegative()) {
            now.accumulateAndGet(Instant.EPOCH.plus(duration), (t, d) -> t.plusMillis(d.toEpochMilli()));
        }
    }

    void advance(Duration duration) {
        sleep(duration);
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
