package io.github.oneclick.vendor.internal.http;

import java.time.Instant;
import java.util.Optional;
import okhttp3.Headers;

/**
 * The {@code ratelimit-limit}, {@code ratelimit-remaining} and {@code ratelimit-reset} headers of one response.
 *
 * @param limit requests per hour
 * @param remaining requests left; 0 also at the per-minute limit
 * @param reset when the oldest counted request expires
 */
public record RateLimitHeaders(int limit, int remaining, Instant reset) {

    /** The three headers, when the response carries all of them as numbers. */
    public static Optional<RateLimitHeaders> parse(Headers headers) {
        Long limit = number(headers.get("ratelimit-limit"));
        Long remaining = number(headers.get("ratelimit-remaining"));
        Long reset = number(headers.get("ratelimit-reset"));
        if (limit == null || remaining == null || reset == null) {
            return Optional.empty();
        }
        return Optional.of(new RateLimitHeaders(clamp(limit), clamp(remaining), Instant.ofEpochSecond(reset)));
    }

    private static int clamp(long value) {
        return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, value));
    }

    private static Long number(String value) {
        if (value == null) {
            return null;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
