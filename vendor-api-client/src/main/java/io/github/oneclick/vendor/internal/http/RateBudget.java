package io.github.oneclick.vendor.internal.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The rate-limit state of one API token, shared by every client of that token in this JVM: parallel executions of a
 * build ({@code mvn -T 4 deploy} with one client per execution) hold off together after a 429 instead of each
 * burning its own. It records when this process sent requests with the token (for the per-minute window), the last
 * {@code ratelimit-*} headers, whether the last success said no requests remain, and until when a 429 asked every
 * client to wait. Thread-safe; what the state means is decided by {@link SendingPolicy}.
 */
public final class RateBudget {
    private static final Map<String, RateBudget> SHARED = new ConcurrentHashMap<>();
    private static final Duration KEEP = SendingPolicy.BURST_WINDOW;

    /** Guards the fields; private, so no caller can hold it. */
    private final Object lock = new Object();

    private final Deque<Instant> sends = new ArrayDeque<>();
    private RateLimitHeaders last;
    private Instant blockedUntil;
    private boolean hourly;
    private boolean exhaustedOnSuccess;

    /** A budget of its own, shared with nobody. */
    public static RateBudget isolated() {
        return new RateBudget();
    }

    /**
     * The budget of a token at an API, shared by every client in this JVM that uses both. The token is kept only as
     * a hash.
     */
    public static RateBudget shared(String apiUrl, String token) {
        return SHARED.computeIfAbsent(apiUrl + " " + sha256(token), key -> new RateBudget());
    }

    /**
     * What the budget knows at {@code now}.
     *
     * @param blockedUntil no request of the token before this instant, or {@code null}
     * @param hourly whether {@code blockedUntil} is the hourly limit's reset, confirmed by a 429
     * @param exhaustedOnSuccess whether the last success said no requests remain
     * @param last the last rate-limit headers seen, or {@code null}
     * @param sends when this process sent requests with the token within the last minute, oldest first
     */
    public record State(
            Instant blockedUntil,
            boolean hourly,
            boolean exhaustedOnSuccess,
            RateLimitHeaders last,
            List<Instant> sends) {

        /** The oldest request sent within the last minute, or {@code null}. */
        public Instant oldestSend() {
            return sends.isEmpty() ? null : sends.get(0);
        }
    }

    public State state(Instant now) {
        synchronized (lock) {
            prune(now);
            return new State(blockedUntil, hourly, exhaustedOnSuccess, last, List.copyOf(sends));
        }
    }

    /** The last rate-limit headers seen. */
    public Optional<RateLimitHeaders> last() {
        synchronized (lock) {
            return Optional.ofNullable(last);
        }
    }

    /** A request of the token reached the wire. */
    public void sent(Instant at) {
        synchronized (lock) {
            sends.addLast(at);
            prune(at);
        }
    }

    /** An answer arrived; {@code success} for a 2xx. */
    public void answered(boolean success, RateLimitHeaders headers) {
        synchronized (lock) {
            if (headers != null) {
                last = headers;
            }
            if (success) {
                exhaustedOnSuccess = headers != null && headers.remaining() <= 0;
                if (!hourly) {
                    blockedUntil = null;
                }
            }
        }
    }

    /** Every client of the token holds off until {@code until}; {@code hourlyLimit} when it is the hourly reset. */
    public void block(Instant until, boolean hourlyLimit) {
        synchronized (lock) {
            if (blockedUntil == null || until.isAfter(blockedUntil)) {
                blockedUntil = until;
                hourly = hourlyLimit;
            }
            exhaustedOnSuccess = false;
        }
    }

    private void prune(Instant now) {
        while (!sends.isEmpty() && !sends.peekFirst().plus(KEEP).isAfter(now)) {
            sends.removeFirst();
        }
        if (blockedUntil != null && !blockedUntil.isAfter(now)) {
            blockedUntil = null;
            hourly = false;
        }
    }

    private static String sha256(String text) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    @Override
    public String toString() {
        synchronized (lock) {
            return "RateBudget[last=" + last + ", blockedUntil=" + blockedUntil + "]";
        }
    }
}
