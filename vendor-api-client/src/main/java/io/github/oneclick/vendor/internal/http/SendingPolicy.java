package io.github.oneclick.vendor.internal.http;

import io.github.oneclick.vendor.Outcome;
import io.github.oneclick.vendor.RetryPolicy;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.DoubleSupplier;
import okhttp3.Headers;

/**
 * The one place that decides, for every request the client sends, what happens after a failed try: whether the
 * request took effect ({@link Outcome}), whether it may be sent again, and how long to wait first. Change the
 * client's sending behaviour here and nowhere else: {@link CallExecutor} applies these decisions, {@link Failures}
 * words them, and the workflows and the Maven goals act on the {@link Outcome} of the exception they get; none of
 * them classifies a failure again.
 *
 * <table>
 *   <caption>What a failed try means</caption>
 *   <tr><th>what happened</th><th>GET, HEAD</th><th>POST, PATCH, PUT, DELETE</th></tr>
 *   <tr><td>the connection failed; nothing was written</td><td>re-sent</td><td>not applied; re-sent</td></tr>
 *   <tr><td>written, then no usable answer (cut, timeout)</td><td>re-sent</td><td>unknown; never re-sent</td></tr>
 *   <tr><td>429</td><td>re-sent after the rate-limit wait</td><td>not applied; re-sent after the wait</td></tr>
 *   <tr><td>408, 500, 502, 503, 504</td><td>re-sent</td><td>unknown; never re-sent</td></tr>
 *   <tr><td>other 5xx</td><td>not re-sent</td><td>unknown; never re-sent</td></tr>
 *   <tr><td>3xx (redirects are never followed)</td><td>not re-sent</td><td>not applied; not re-sent</td></tr>
 *   <tr><td>other 4xx</td><td>not re-sent</td><td>not applied; not re-sent</td></tr>
 *   <tr><td>2xx with an empty, cut or incomplete body</td><td>re-sent if empty or cut</td>
 *       <td>applied; never re-sent</td></tr>
 * </table>
 *
 * <p>Waits: exponential backoff with equal jitter from the {@link RetryPolicy}; a {@code Retry-After} (seconds or an
 * HTTP date) is honoured with a floor of {@link #MIN_SERVER_WAIT}, so {@code 0}, a negative value or a past date
 * never gives back-to-back sends. Rate limits (250 requests a minute, 5,000 an hour, per token): a 429 with
 * {@code retry-after} is the per-minute limit; a 429 without it whose {@code ratelimit-remaining} is above 0 is waited
 * out against the one-minute window; only a 429 without {@code retry-after} and with no requests remaining is the
 * hourly limit, waited for until {@code ratelimit-reset}. A success that says no requests remain is taken for the
 * per-minute limit first: the next request waits for the minute window, at most a minute, and is sent; the hourly
 * limit is assumed only when the answer to it confirms it.
 */
public final class SendingPolicy {
    /** The shortest wait before a re-send that DigitalOcean asked for, whatever its {@code Retry-After} says. */
    public static final Duration MIN_SERVER_WAIT = Duration.ofSeconds(1);
    /** The window of DigitalOcean's per-minute (burst) rate limit. */
    public static final Duration BURST_WINDOW = Duration.ofMinutes(1);

    private final RetryPolicy retry;
    private final DoubleSupplier random;
    private final Clock clock;

    public SendingPolicy(RetryPolicy retry, DoubleSupplier random, Clock clock) {
        this.retry = Objects.requireNonNull(retry, "retry");
        this.random = Objects.requireNonNull(random, "random");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public RetryPolicy retry() {
        return retry;
    }

    /** Whether the method changes something at DigitalOcean: everything but GET and HEAD. */
    public static boolean isMutating(String method) {
        return !"GET".equals(method) && !"HEAD".equals(method);
    }

    /**
     * Whether a mutating request whose outcome was not known may be sent again after reads found no trace of it
     * ({@link Reconciler}): only after an {@link Outcome#UNKNOWN} first send. Never after DigitalOcean said it accepted
     * the request ({@link Outcome#APPLIED}), never a third time, and a refusal ({@link Outcome#NOT_APPLIED}) is not
     * reconciled at all.
     *
     * @param outcome the outcome of the last send
     * @param sends how many times the request was sent so far
     */
    public static boolean mayResendAfterReads(Outcome outcome, int sends) {
        return outcome == Outcome.UNKNOWN && sends == 1;
    }

    // ---------------------------------------------------------------- what can go wrong in one try

    /** One failed try of a call, as the executor observed it. */
    public sealed interface Failure permits NotSent, NoAnswer, ErrorStatus, UnusableSuccess, DeadlinePassed {}

    /** The request never reached the wire: the connection failed before anything was written. */
    public record NotSent(IOException cause) implements Failure {}

    /** The request was written, then no complete answer came back: the connection was cut or timed out. */
    public record NoAnswer(IOException cause) implements Failure {}

    /** An answer with a status that is not a success (redirects included: they are never followed). */
    public record ErrorStatus(int status, Headers headers, String body) implements Failure {}

    /**
     * A success whose body cannot be used.
     *
     * @param status the 2xx status
     * @param problem what is wrong, for messages: {@code "an empty body"}, {@code "no action"}...
     * @param cause the parser's exception, or {@code null}
     * @param retryableForReads whether another read may well get a complete body (an empty or cut body; not a
     *     malformed one)
     */
    public record UnusableSuccess(int status, String problem, IOException cause, boolean retryableForReads)
            implements Failure {}

    /**
     * The call's deadline, or that of the wait it serves, passed: before the next try, or cutting off the one in
     * flight.
     *
     * @param deadline the deadline that passed
     * @param wasSending whether a try was cut off after it reached the wire
     * @param last the failure before the deadline, if any
     */
    public record DeadlinePassed(Instant deadline, boolean wasSending, Failure last) implements Failure {}

    /**
     * The verdict on a failed try.
     *
     * @param outcome whether the request took effect
     * @param transientFailure whether the same request may well succeed later
     * @param resend whether the executor may send it again (within the attempts and the deadline)
     * @param delay how long to wait before sending it again
     * @param serverAsked whether the wait is what DigitalOcean asked for (bounded by {@link RetryPolicy#maxServerWait()})
     * @param blocksToken whether every client of the same token must hold off for {@code delay}: a rate limit
     * @param hourlyLimit whether the wait is the hourly rate limit's reset
     */
    public record Decision(
            Outcome outcome,
            boolean transientFailure,
            boolean resend,
            Duration delay,
            boolean serverAsked,
            boolean blocksToken,
            boolean hourlyLimit) {}

    // ---------------------------------------------------------------- the decisions

    /**
     * Decides what a failed try means and what comes next.
     *
     * @param method the request's method
     * @param failure what happened
     * @param failures failed tries of this call so far, this one included
     * @param budget the token's rate-limit state
     */
    public Decision decide(String method, Failure failure, int failures, RateBudget budget) {
        boolean mutating = isMutating(method);
        Outcome unsure = mutating ? Outcome.UNKNOWN : Outcome.NOT_APPLIED;
        if (failure instanceof NotSent) {
            return new Decision(Outcome.NOT_APPLIED, true, true, backoff(failures), false, false, false);
        }
        if (failure instanceof NoAnswer) {
            return new Decision(unsure, true, !mutating, backoff(failures), false, false, false);
        }
        if (failure instanceof UnusableSuccess unusable) {
            boolean again = !mutating && unusable.retryableForReads();
            return new Decision(
                    mutating ? Outcome.APPLIED : Outcome.NOT_APPLIED,
                    true,
                    again,
                    backoff(failures),
                    false,
                    false,
                    false);
        }
        if (failure instanceof DeadlinePassed passed) {
            Outcome outcome = passed.wasSending()
                    ? unsure
                    : passed.last() == null
                            ? Outcome.NOT_APPLIED
                            : decide(method, passed.last(), failures, budget).outcome();
            return new Decision(outcome, true, false, Duration.ZERO, false, false, false);
        }
        ErrorStatus error = (ErrorStatus) failure;
        int status = error.status();
        if (status == 429) {
            RateLimitWait wait = rateLimitWait(error.headers(), budget);
            return new Decision(Outcome.NOT_APPLIED, true, true, wait.delay(), true, true, wait.hourly());
        }
        if (status == 408 || status == 500 || status == 502 || status == 503 || status == 504) {
            Optional<Duration> asked = retryAfter(error.headers());
            return new Decision(
                    unsure, true, !mutating, asked.orElseGet(() -> backoff(failures)), asked.isPresent(), false, false);
        }
        if (status >= 500) {
            return new Decision(unsure, true, false, Duration.ZERO, false, false, false);
        }
        // 3xx (never followed) and every other 4xx: a definite answer that nothing was done.
        return new Decision(Outcome.NOT_APPLIED, false, false, Duration.ZERO, false, false, false);
    }

    /**
     * How long to hold a request back before sending it, from what the token's budget knows: a wait a 429 imposed on
     * every client of the token, or, after a success that said no requests remain, the rate-limit reset when it is
     * less than a minute away, else the per-minute window (the hourly limit is not assumed before a 429 confirms it).
     *
     * @param waitedUntil the end of a wait this call already made for the token's block, or {@code null}: the same
     *     block is not waited for twice
     * @return the wait, zero to send at once; {@link Hold#hourlyLimit()} when it is the confirmed hourly reset
     */
    public Hold beforeSending(RateBudget budget, Instant waitedUntil) {
        Instant now = clock.instant();
        RateBudget.State state = budget.state(now);
        Instant blocked = state.blockedUntil();
        if (blocked != null && blocked.isAfter(now) && (waitedUntil == null || blocked.isAfter(waitedUntil))) {
            return new Hold(Duration.between(now, blocked), state.hourly());
        }
        if (state.exhaustedOnSuccess()) {
            Duration window = untilBurstWindowClears(state, now);
            if (state.last() == null) {
                return new Hold(window, false);
            }
            Duration untilReset = Duration.between(now, state.last().reset());
            if (untilReset.isNegative() || untilReset.isZero()) {
                return new Hold(Duration.ZERO, false); // the oldest counted request has expired: one is free
            }
            return new Hold(untilReset.compareTo(window) < 0 ? floor(untilReset) : window, false);
        }
        return new Hold(Duration.ZERO, false);
    }

    /**
     * A wait before sending.
     *
     * @param delay how long
     * @param hourlyLimit whether it is the hourly rate limit's reset, confirmed by a 429
     */
    public record Hold(Duration delay, boolean hourlyLimit) {}

    /** The exponential wait after {@code failures} failures, with equal jitter: between half and all of it. */
    public Duration backoff(int failures) {
        long millis = retry.backoff(failures).toMillis();
        double factor = 0.5 + 0.5 * Math.min(1.0, Math.max(0.0, random.getAsDouble()));
        return Duration.ofMillis(Math.round(millis * factor));
    }

    private record RateLimitWait(Duration delay, boolean hourly) {}

    private RateLimitWait rateLimitWait(Headers headers, RateBudget budget) {
        Instant now = clock.instant();
        Optional<Duration> asked = retryAfter(headers);
        if (asked.isPresent()) {
            return new RateLimitWait(asked.get(), false); // only the per-minute limit sends retry-after
        }
        Optional<RateLimitHeaders> limit = RateLimitHeaders.parse(headers);
        if (limit.isPresent() && limit.get().remaining() <= 0) {
            Duration untilReset = Duration.between(now, limit.get().reset());
            return new RateLimitWait(floor(untilReset), true);
        }
        return new RateLimitWait(untilBurstWindowClears(budget.state(now), now), false);
    }

    /** Until the oldest request this process sent with the token within the last minute is a minute old. */
    private static Duration untilBurstWindowClears(RateBudget.State state, Instant now) {
        Instant oldest = state.oldestSend();
        Duration wait = oldest == null ? BURST_WINDOW : Duration.between(now, oldest.plus(BURST_WINDOW));
        return floor(wait.compareTo(BURST_WINDOW) > 0 ? BURST_WINDOW : wait);
    }

    /** {@code Retry-After} as seconds or an HTTP date, floored at {@link #MIN_SERVER_WAIT}. */
    Optional<Duration> retryAfter(Headers headers) {
        String value = FollowUpGuard.retryAfter(headers);
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        String text = value.trim();
        try {
            return Optional.of(floor(Duration.ofSeconds(Long.parseLong(text))));
        } catch (NumberFormatException notSeconds) {
            try {
                Instant at = ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME)
                        .toInstant();
                return Optional.of(floor(Duration.between(clock.instant(), at)));
            } catch (DateTimeParseException notADate) {
                return Optional.empty();
            }
        }
    }

    private static Duration floor(Duration wait) {
        return wait.compareTo(MIN_SERVER_WAIT) < 0 ? MIN_SERVER_WAIT : wait;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "SendingPolicy[%s]", retry);
    }
}
