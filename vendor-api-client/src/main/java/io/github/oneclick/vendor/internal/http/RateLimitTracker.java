package io.github.oneclick.vendor.internal.http;

import io.github.oneclick.vendor.model.RateLimit;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import okhttp3.Headers;

/** Keeps the last {@code ratelimit-*} values the API sent. Thread-safe. */
public final class RateLimitTracker {
    private final AtomicReference<RateLimit> last = new AtomicReference<>();

    public Optional<RateLimit> last() {
        return Optional.ofNullable(last.get());
    }

    public void update(Headers headers) {
        parse(headers).ifPresent(last::set);
    }

    static Optional<RateLimit> parse(Headers headers) {
        Integer limit = integer(headers.get("ratelimit-limit"));
        Integer remaining = integer(headers.get("ratelimit-remaining"));
        Long reset = longValue(headers.get("ratelimit-reset"));
        if (limit == null || remaining == null || reset == null) {
            return Optional.empty();
        }
        return Optional.of(new RateLimit(limit, remaining, Instant.ofEpochSecond(reset)));
    }

    private static Integer integer(String value) {
        Long parsed = longValue(value);
        return parsed == null ? null : (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, parsed));
    }

    private static Long longValue(String value) {
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
