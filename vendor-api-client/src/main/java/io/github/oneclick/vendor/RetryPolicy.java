package io.github.oneclick.vendor;

import java.time.Duration;
import java.util.Objects;

/**
 * How hard the client tries before it gives up on one call. What may be re-sent after which failure is not a
 * setting: reads are re-sent on I/O errors, 429 and 500/502/503/504; a POST, PATCH or DELETE only when it provably
 * did not reach DigitalOcean (the connection failed) or was refused with 429. This record bounds those re-sends:
 *
 * @param maxAttempts tries per call in total, at least 1
 * @param initialBackoff wait after the first failure; each further wait doubles, with jitter
 * @param maxBackoff cap of the exponential wait
 * @param maxServerWait the longest wait DigitalOcean may ask for ({@code Retry-After}, a rate-limit reset) before the
 *     client gives up instead of waiting
 * @param deadline the longest one call may take, every attempt and wait included; an attempt in flight is cut off
 *     when it passes
 */
public record RetryPolicy(
        int maxAttempts, Duration initialBackoff, Duration maxBackoff, Duration maxServerWait, Duration deadline) {

    /** The default {@link #deadline()}: five minutes. */
    public static final Duration DEFAULT_DEADLINE = Duration.ofMinutes(5);

    /** 5 attempts, 1 s doubling to 30 s, server-requested waits up to 2 minutes, 5 minutes per call. */
    public static final RetryPolicy DEFAULT =
            new RetryPolicy(5, Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofMinutes(2), DEFAULT_DEADLINE);

    /** One attempt, no retries. */
    public static final RetryPolicy NONE =
            new RetryPolicy(1, Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ZERO, DEFAULT_DEADLINE);

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
        }
        requireNonNegative(initialBackoff, "initialBackoff");
        requireNonNegative(maxBackoff, "maxBackoff");
        requireNonNegative(maxServerWait, "maxServerWait");
        requireNonNegative(deadline, "deadline");
        if (deadline.isZero()) {
            throw new IllegalArgumentException("deadline must be positive, was " + deadline);
        }
        if (maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException(
                    "maxBackoff (" + maxBackoff + ") must not be shorter than initialBackoff (" + initialBackoff + ")");
        }
    }

    /** A policy with the default deadline of five minutes per call. */
    public RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff, Duration maxServerWait) {
        this(maxAttempts, initialBackoff, maxBackoff, maxServerWait, DEFAULT_DEADLINE);
    }

    /** The same policy with another deadline per call. */
    public RetryPolicy withDeadline(Duration newDeadline) {
        return new RetryPolicy(maxAttempts, initialBackoff, maxBackoff, maxServerWait, newDeadline);
    }

    private static void requireNonNegative(Duration value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative, was " + value);
        }
    }

    /**
     * The exponential wait after the given number of failures, before jitter.
     *
     * @param failures failures so far, at least 1
     */
    public Duration backoff(int failures) {
        long initial = initialBackoff.toMillis();
        long cap = maxBackoff.toMillis();
        int shift = Math.min(Math.max(failures - 1, 0), 30);
        long millis = initial > (cap >> shift) ? cap : initial << shift;
        return Duration.ofMillis(Math.min(millis, cap));
    }
}
