package io.github.oneclick.vendor;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link Sleeper} that never sleeps: it records every requested wait and moves its own {@link #clock()} forward by
 * it, so a test sees a timeline without waiting. The clock stands still between sleeps.
 */
final class RecordingSleeper implements Sleeper {
    private final List<Duration> sleeps = new ArrayList<>();
    private Instant now;

    RecordingSleeper(Instant start) {
        this.now = start;
    }

    @Override
    public synchronized void sleep(Duration duration) {
        sleeps.add(duration);
        now = now.plus(duration);
    }

    synchronized List<Duration> sleeps() {
        return List.copyOf(sleeps);
    }

    /** A clock that shows the start instant plus every recorded sleep. */
    Clock clock() {
        return new Clock() {
            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                synchronized (RecordingSleeper.this) {
                    return now;
                }
            }
        };
    }
}
