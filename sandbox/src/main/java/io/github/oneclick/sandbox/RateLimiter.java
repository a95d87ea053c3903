package io.github.oneclick.sandbox;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * DigitalOcean's per-token limits: each request counts for one hour on its own timer ({@code
 * ratelimit-reset} is when the oldest counted request expires), plus a per-minute burst limit whose
 * 429s carry {@code retry-after}. {@code ratelimit-remaining} counts down the hour, but says 0 on the last
 * success of a burst and on its 429s, although the hour has plenty left: a client cannot tell the two limits
 * apart from that header alone, as with DigitalOcean.
 */
final class RateLimiter {

    private static final Duration HOUR = Duration.ofHours(1);
    private static final Duration MINUTE = Duration.ofMinutes(1);

    /** The outcome for one request: headers to send, and whether it is refused. */
    record Decision(int limit, int remaining, long resetEpochSeconds, boolean refused, Long retryAfterSeconds) {}

    private final Map<String, Deque<Instant>> counted = new HashMap<>();

    void clear() {
        counted.clear();
    }

    /** Counts a request of {@code key} at {@code now}, unless it is refused. */
    Decision take(String key, Instant now, int perHour, int burstPerMinute) {
        Deque<Instant> times = counted.computeIfAbsent(key, k -> new ArrayDeque<>());
        while (!times.isEmpty() && !times.peekFirst().plus(HOUR).isAfter(now)) {
            times.removeFirst();
        }
        if (times.size() >= perHour) {
            return new Decision(perHour, 0, reset(times, now), true, null);
        }
        long inLastMinute =
                times.stream().filter(t -> t.plus(MINUTE).isAfter(now)).count();
        if (burstPerMinute > 0 && inLastMinute >= burstPerMinute) {
            Instant oldestInMinute = times.stream()
                    .filter(t -> t.plus(MINUTE).isAfter(now))
                    .findFirst()
                    .orElse(now);
            long wait = Math.max(
                    1, Duration.between(now, oldestInMinute.plus(MINUTE)).toSeconds());
            return new Decision(perHour, 0, reset(times, now), true, wait);
        }
        times.addLast(now);
        int hourLeft = perHour - times.size();
        boolean burstUsedUp = burstPerMinute > 0 && inLastMinute + 1 >= burstPerMinute;
        return new Decision(perHour, burstUsedUp ? 0 : hourLeft, reset(times, now), false, null);
    }

    /** The current headers for {@code key} without counting a request. */
    Decision peek(String key, Instant now, int perHour) {
        Deque<Instant> times = counted.getOrDefault(key, new ArrayDeque<>());
        long live = times.stream().filter(t -> t.plus(HOUR).isAfter(now)).count();
        return new Decision(perHour, (int) Math.max(0, perHour - live), reset(times, now), false, null);
    }

    private static long reset(Deque<Instant> times, Instant now) {
        Instant oldest = times.isEmpty() ? now : times.peekFirst();
        return oldest.plus(HOUR).getEpochSecond();
    }
}
