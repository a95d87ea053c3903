package io.github.oneclick.vendor.internal.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.github.oneclick.vendor.DigitalOceanException;
import io.github.oneclick.vendor.Outcome;
import io.github.oneclick.vendor.RetryPolicy;
import io.github.oneclick.vendor.Sleeper;
import io.github.oneclick.vendor.internal.http.SendingPolicy.DeadlinePassed;
import io.github.oneclick.vendor.internal.http.SendingPolicy.Decision;
import io.github.oneclick.vendor.internal.http.SendingPolicy.ErrorStatus;
import io.github.oneclick.vendor.internal.http.SendingPolicy.Failure;
import io.github.oneclick.vendor.internal.http.SendingPolicy.Hold;
import io.github.oneclick.vendor.internal.http.SendingPolicy.NoAnswer;
import io.github.oneclick.vendor.internal.http.SendingPolicy.NotSent;
import io.github.oneclick.vendor.internal.http.SendingPolicy.UnusableSuccess;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import okhttp3.Request;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.BufferedSource;
import retrofit2.Call;
import retrofit2.Response;

/**
 * Sends one call the way {@link SendingPolicy} decides: tries, waits and re-sends until a usable answer, a
 * definite refusal, the last attempt or the deadline. Every wait is bounded by the call's deadline
 * ({@link RetryPolicy#deadline()}, or an earlier one from {@link Deadlines}), and so is every try: the try in flight
 * is cut off when the deadline passes. Before each send it holds off as long as the token's {@link RateBudget}
 * requires.
 */
public final class CallExecutor {
    private static final long MAX_ERROR_BODY = 64 * 1024;

    private final SendingPolicy policy;
    private final Clock clock;
    private final Sleeper sleeper;
    private final RateBudget budget;
    private final Failures failures;
    private final Consumer<String> log;
    private final Duration attemptTimeout;

    /**
     * @param attemptTimeout the longest one try may take (OkHttp's call timeout), cut shorter near the deadline
     */
    public CallExecutor(
            SendingPolicy policy,
            Clock clock,
            Sleeper sleeper,
            RateBudget budget,
            Failures failures,
            Consumer<String> log,
            Duration attemptTimeout) {
        this.policy = policy;
        this.clock = clock;
        this.sleeper = sleeper;
        this.budget = budget;
        this.failures = failures;
        this.log = log;
        this.attemptTimeout = attemptTimeout;
    }

    /**
     * Runs a call whose answer has no content (a 204).
     */
    public void execute(Call<Void> call) {
        run(call, body -> Boolean.TRUE, null);
    }

    /**
     * Runs a call and returns what {@code content} takes from its body; a 2xx without it (an empty, {@code null} or
     * {@code {}} body, a missing envelope) fails with an {@link io.github.oneclick.vendor.IncompleteResponseException}
     * naming the endpoint, never with {@code null}.
     *
     * @param content takes the result from the parsed body; returns {@code null} when it is missing
     * @param expected what the body should hold, for messages, such as {@code "a droplet"}
     */
    public <B, R> R execute(Call<B> call, Function<B, R> content, String expected) {
        return run(call, content, expected);
    }

    private <B, R> R run(Call<B> call, Function<B, R> content, String expected) {
        Request request = call.request();
        String method = request.method();
        String path = request.url().encodedPath();
        RetryPolicy retry = policy.retry();
        Instant deadline = deadline(clock.instant().plus(retry.deadline()));
        int attempts = 0;
        Failure last = null;
        Instant waitedUntil = null;
        Call<B> current = call;
        for (int tries = 1; ; tries++) {
            if (tries > 1) {
                current = current.clone();
            }
            holdForTheBudget(method, path, deadline, attempts, last, waitedUntil);
            Duration left = Duration.between(clock.instant(), deadline);
            if (left.isNegative() || left.isZero()) {
                throw gaveUp(method, path, new DeadlinePassed(deadline, false, last), tries, attempts, null);
            }
            current.timeout()
                    .timeout(Math.max(1, Math.min(attemptTimeout.toMillis(), left.toMillis())), TimeUnit.MILLISECONDS);
            boolean deadlineBound = left.compareTo(attemptTimeout) < 0;
            long wireBefore = WireCounter.sentByThisThread();
            WireCounter.beginTry();
            Failure failure;
            try {
                Response<B> response = current.execute();
                attempts += (int) (WireCounter.sentByThisThread() - wireBefore);
                budget.answered(
                        response.isSuccessful(),
                        RateLimitHeaders.parse(response.headers()).orElse(null));
                if (response.isSuccessful()) {
                    R result = expected == null
                            ? content.apply(response.body())
                            : response.body() == null ? null : content.apply(response.body());
                    if (result != null) {
                        return result;
                    }
                    failure = new UnusableSuccess(
                            response.code(),
                            response.body() == null
                                    ? "a null body instead of " + expected
                                    : "a body without " + expected,
                            null,
                            false);
                } else {
                    failure = new ErrorStatus(response.code(), response.headers(), readBounded(response.errorBody()));
                }
            } catch (IOException e) {
                boolean sent = WireCounter.sentByThisThread() > wireBefore;
                attempts += (int) (WireCounter.sentByThisThread() - wireBefore);
                int status = WireCounter.lastStatus();
                boolean cutByDeadline = deadlineBound && e.getClass() == InterruptedIOException.class
                        || e instanceof InterruptedIOException
                                && !clock.instant().isBefore(deadline);
                if (cutByDeadline) {
                    failure = new DeadlinePassed(deadline, sent, last);
                } else if (status >= 200 && status < 300) {
                    // The answer was a success; its body could not be read.
                    boolean malformed = e instanceof JsonProcessingException
                            && !(e instanceof JsonEOFException)
                            && !isEmptyInput(e);
                    failure = new UnusableSuccess(status, problem(e, expected), e, !malformed);
                } else {
                    failure = sent ? new NoAnswer(e) : new NotSent(e);
                }
            }
            last = failure;
            Decision decision = policy.decide(method, failure, tries, budget);
            if (decision.blocksToken()) {
                waitedUntil = clock.instant().plus(decision.delay());
                budget.block(waitedUntil, decision.hourlyLimit());
            }
            if (!decision.resend()) {
                throw failures.of(method, path, failure, decision, attempts, null);
            }
            if (tries >= retry.maxAttempts()) {
                throw failures.of(method, path, failure, decision, attempts, "Gave up after " + tries + " tries");
            }
            if (decision.serverAsked() && decision.delay().compareTo(retry.maxServerWait()) > 0) {
                throw failures.of(
                        method,
                        path,
                        failure,
                        decision,
                        attempts,
                        "The server asked to wait "
                                + decision.delay().toSeconds() + " s, longer than the "
                                + retry.maxServerWait().toSeconds()
                                + " s the client may wait");
            }
            if (clock.instant().plus(decision.delay()).isAfter(deadline)) {
                throw failures.of(
                        method,
                        path,
                        failure,
                        decision,
                        attempts,
                        "The next try, in " + seconds(decision.delay()) + ", would come after the call's deadline ("
                                + deadline + ")");
            }
            log.accept("Retrying " + method + " " + path + " in " + seconds(decision.delay()) + " after "
                    + describe(failure) + " (try " + (tries + 1) + " of " + retry.maxAttempts() + ")");
            sleep(decision.delay(), method, path, decision.outcome(), attempts);
        }
    }

    private void holdForTheBudget(
            String method, String path, Instant deadline, int attempts, Failure last, Instant waitedUntil) {
        Hold hold = policy.beforeSending(budget, waitedUntil);
        if (hold.delay().isZero()) {
            return;
        }
        Instant until = clock.instant().plus(hold.delay());
        if (hold.hourlyLimit() && hold.delay().compareTo(policy.retry().maxServerWait()) > 0) {
            throw failures.rateLimitedBeforeSending(method, path, hold.delay(), until, attempts);
        }
        if (until.isAfter(deadline)) {
            throw gaveUp(
                    method,
                    path,
                    new DeadlinePassed(deadline, false, last),
                    1,
                    attempts,
                    "The token's rate limit holds requests back until " + until);
        }
        log.accept("Rate limit: holding " + method + " " + path + " back for " + seconds(hold.delay())
                + (hold.hourlyLimit() ? " (the hourly limit's reset)" : " (the per-minute window)"));
        sleep(hold.delay(), method, path, Outcome.NOT_APPLIED, attempts);
    }

    private DigitalOceanException gaveUp(
            String method, String path, Failure failure, int tries, int attempts, String why) {
        return failures.of(method, path, failure, policy.decide(method, failure, tries, budget), attempts, why);
    }

    /** The call's own deadline, or the earlier one of the scope it runs in. */
    private static Instant deadline(Instant own) {
        Instant scoped = Deadlines.current();
        return scoped != null && scoped.isBefore(own) ? scoped : own;
    }

    private void sleep(Duration wait, String method, String path, Outcome outcome, int attempts) {
        try {
            sleeper.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failures.interrupted(method, path, outcome, attempts);
        }
    }

    private static boolean isEmptyInput(IOException e) {
        return e instanceof MismatchedInputException
                && e.getMessage() != null
                && e.getMessage().startsWith("No content to map");
    }

    private static String problem(IOException e, String expected) {
        if (isEmptyInput(e)) {
            return "an empty body instead of " + (expected == null ? "the expected JSON" : expected);
        }
        if (e instanceof JsonProcessingException && !(e instanceof JsonEOFException)) {
            return "a body that is not the expected JSON";
        }
        return "a body cut short";
    }

    private static String describe(Failure failure) {
        if (failure instanceof ErrorStatus error) {
            return String.valueOf(error.status());
        }
        if (failure instanceof UnusableSuccess unusable) {
            return unusable.problem();
        }
        if (failure instanceof NotSent notSent) {
            return notSent.cause().getClass().getSimpleName() + " before sending";
        }
        return ((NoAnswer) failure).cause().getClass().getSimpleName();
    }

    private static String readBounded(ResponseBody body) {
        if (body == null) {
            return "";
        }
        try (body) {
            BufferedSource source = body.source();
            source.request(MAX_ERROR_BODY);
            Buffer buffer = source.getBuffer();
            return buffer.readUtf8(Math.min(buffer.size(), MAX_ERROR_BODY));
        } catch (IOException e) {
            return "";
        }
    }

    private static String seconds(Duration duration) {
        return String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
    }
}
