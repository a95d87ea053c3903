package io.github.oneclick.vendor;

import java.time.Duration;
import java.util.Objects;

/**
 * How reads are retried on I/O errors, 429 and 500/502/503/504: up to {@code maxAttempts} sends in total, waiting
 * {@code initialBackoff * 2^(n-1)} (capped at {@code maxBackoff}, with jitter) after the n-th failure, unless the
 * server says how long to wait ({@code Retry-After}, {@code ratelimit-reset}), which is honoured up to
 * {@code maxServerWait}. POSTs and PATCHes are retried only when they provably did not reach the server (connection
 * refused) or were refused with 429.
 *
 * @param maxAttempts total sends per request, at least 1
 * @param initialBackoff wait after the first failure
 * @param maxBackoff cap of the exponential wait
 * @param maxServerWait the longest wait a server may ask for before the client gives up instead
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff, Duration maxServerWait) {

    /** 5 attempts, 1 s doubling to 30 s, server-requested waits up to 2 minutes. */
    public static final RetryPolicy DEFAULT =
            new RetryPolicy(5, Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofMinutes(2));

    /** One attempt, no retries. */
    public static final RetryPolicy NONE = new RetryPolicy(1, Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ZERO);

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
        }
        requireNonNegative(initialBackoff, "initialBackoff");
        requireNonNegative(maxBackoff, "maxBackoff");
        requireNonNegative(maxServerWait, "maxServerWait");
        if (maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("maxBackoff (" + maxBackoff + ") must not be shorter than initialBackoff ("
                    + initialBackoff + ")");
        }
    }

    private static void requireNonNegative(Duration value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative, was " + value);
        }
    }

    public RetryPolicy withMaxAttempts(int attempts) {
        return new RetryPolicy(attempts, initialBackoff, maxBackoff, maxServerWait);
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
