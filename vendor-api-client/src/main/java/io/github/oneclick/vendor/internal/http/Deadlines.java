package io.github.oneclick.vendor.internal.http;

import java.time.Instant;
import java.util.function.Supplier;

/**
 * A deadline for every call a piece of code makes on this thread, on top of each call's own: a wait that must end
 * by a given instant runs its polls inside {@link #within}, so a poll in flight cannot carry the wait past its bound.
 * Scopes nest; the earliest deadline wins.
 */
public final class Deadlines {
    private static final ThreadLocal<Instant> CURRENT = new ThreadLocal<>();

    private Deadlines() {}

    /** Runs {@code action} with every call on this thread cut off at {@code deadline} at the latest. */
    public static <T> T within(Instant deadline, Supplier<T> action) {
        Instant outer = CURRENT.get();
        CURRENT.set(outer == null || deadline.isBefore(outer) ? deadline : outer);
        try {
            return action.get();
        } finally {
            if (outer == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(outer);
            }
        }
    }

    /** The deadline of the innermost scope, or {@code null} outside any. */
    public static Instant current() {
        return CURRENT.get();
    }
}
