package io.github.oneclick.vendor;

import java.time.Duration;

/** Waits. The client and the workflows sleep only through this, so tests can run a timeline without waiting. */
@FunctionalInterface
public interface Sleeper {

    void sleep(Duration duration) throws InterruptedException;

    /** Sleeps on the current thread. */
    static Sleeper system() {
        return duration -> {
            if (!duration.isNegative() && !duration.isZero()) {
                Thread.sleep(duration.toMillis());
            }
        };
    }
}
