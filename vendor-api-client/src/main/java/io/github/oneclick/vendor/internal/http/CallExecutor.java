package io.github.oneclick.vendor.internal.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import io.github.oneclick.vendor.RetryPolicy;
import io.github.oneclick.vendor.Sleeper;
import io.github.oneclick.vendor.model.RateLimit;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;
import okhttp3.Headers;
import okhttp3.Request;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.BufferedSource;
import retrofit2.Call;
import retrofit2.Response;

/**
 * Executes calls with the retry and rate-limit rules of the client: reads are retried on I/O errors, 429 and
 * 500/502/503/504 with exponential backoff and jitter, honouring {@code Retry-After} and {@code ratelimit-reset};
 * POST and PATCH are re-sent only when they provably did not reach the server or were refused with 429. When the
 * last response said no requests remain, the next request waits for the reset (bounded) instead of burning a 429.
 */
public final class CallExecutor {
    private static final long MAX_ERROR_BODY = 64 * 1024;

    private final RetryPolicy policy;
    private final Clock clock;
    private final Sleeper sleeper;
    private final DoubleSupplier random;
    private final RateLimitTracker rateLimits;
    private final ErrorClassifier classifier;
    private final Consumer<String> log;

    public CallExecutor(RetryPolicy policy, Clock clock, Sleeper sleeper, DoubleSupplier random,
            RateLimitTracker rateLimits, ErrorClassifier classifier, Consumer<String> log) {
        this.policy = policy;
        this.clock = clock;
        this.sleeper = sleeper;
        this.random = random;
        this.rateLimits = rateLimits;
        this.classifier = classifier;
        this.log = log;
    }

    /** Runs the call, retrying as the policy allows, and returns its body ({@code null} for 204). */
    public <T> T execute(Call<T> call) {
        Request request = call.request();
        String method = request.method();
        String path = request.url().encodedPath();
        boolean idempotent = ErrorClassifier.isIdempotent(method);
        boolean earlierAttemptMayHaveReached = false;
        boolean serverWaitHonoured = false;
        Call<T> current = call;
        for (int attempt = 1; ; attempt++) {
            if (attempt > 1) {
                current = current.clone();
            }
            if (!serverWaitHonoured) {
                awaitRateLimitReset(method, path, attempt);
            }
            serverWaitHonoured = false;
            SendTracker.reset();
            Response<T> response;
            try {
                response = current.execute();
            } catch (IOException e) {
                boolean sent = SendTracker.mayHaveBeenSent();
                if (e instanceof JsonProcessingException && !(e instanceof JsonEOFException)) {
                    throw classifier.unreadableBody(method, path, e, attempt);
                }
                boolean safeToResend = idempotent || !sent;
                if (safeToResend && attempt < policy.maxAttempts()) {
                    earlierAttemptMayHaveReached |= sent;
                    pause(jittered(policy.backoff(attempt)), method, path, attempt, e.getClass().getSimpleName());
                    continue;
                }
                throw classifier.fromIOException(method, path, e, sent, attempt);
            }
            rateLimits.update(response.headers());
            if (response.isSuccessful()) {
                return response.body();
            }
            int status = response.code();
            String body = readBounded(response.errorBody());
            if (status == 404 && "DELETE".equals(method) && earlierAttemptMayHaveReached) {
                log.accept(method + " " + path + ": 404 after an earlier attempt that may have reached the server;"
                        + " the resource is gone");
                return null;
            }
            if (ErrorClassifier.isRetryable(status, method) && attempt < policy.maxAttempts()) {
                Optional<Duration> asked = serverRequestedWait(status, response.headers());
                if (asked.isEmpty() || asked.get().compareTo(policy.maxServerWait()) <= 0) {
                    earlierAttemptMayHaveReached |= status != 429;
                    Duration wait = asked.isPresent() ? asked.get() : jittered(policy.backoff(attempt));
                    pause(wait, method, path, attempt, String.valueOf(status));
                    // The server said how long to wait; its rate-limit headers must not add a second wait.
                    serverWaitHonoured = asked.isPresent();
                    continue;
                }
                log.accept(method + " " + path + ": the server asked to wait " + asked.get().toSeconds()
                        + " s, longer than the allowed " + policy.maxServerWait().toSeconds() + " s; giving up");
            }
            throw classifier.fromResponse(method, path, status, response.headers(), body, attempt);
        }
    }

    private void awaitRateLimitReset(String method, String path, int attempt) {
        Optional<RateLimit> last = rateLimits.last();
        if (last.isEmpty() || last.get().remaining() > 0) {
            return;
        }
        Duration untilReset = Duration.between(clock.instant(), last.get().reset());
        if (untilReset.isNegative() || untilReset.isZero()) {
            return;
        }
        if (untilReset.compareTo(policy.maxServerWait()) > 0) {
            // Sending now would only burn a 429, and waiting longer than allowed is not an option.
            throw classifier.rateLimitedBeforeSending(method, path, last.get(), untilReset, attempt - 1);
        }
        log.accept("Rate limit exhausted; waiting " + seconds(untilReset) + " for its reset before " + method + " "
                + path);
        sleep(untilReset, method, path, attempt);
    }

    private void pause(Duration wait, String method, String path, int attempt, String reason) {
        log.accept("Retrying " + method + " " + path + " in " + seconds(wait) + " after " + reason + " (attempt "
                + (attempt + 1) + " of " + policy.maxAttempts() + ")");
        sleep(wait, method, path, attempt);
    }

    private void sleep(Duration wait, String method, String path, int attempt) {
        try {
            sleeper.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw classifier.interrupted(method, path, attempt);
        }
    }

    /** Equal jitter: between half and all of the exponential wait. */
    private Duration jittered(Duration backoff) {
        long millis = backoff.toMillis();
        double factor = 0.5 + 0.5 * Math.min(1.0, Math.max(0.0, random.getAsDouble()));
        return Duration.ofMillis(Math.round(millis * factor));
    }

    /** {@code Retry-After} (seconds or an HTTP date), else for 429 the time until {@code ratelimit-reset}. */
    Optional<Duration> serverRequestedWait(int status, Headers headers) {
        String retryAfter = headers.get("retry-after");
        if (retryAfter != null) {
            Optional<Duration> parsed = parseRetryAfter(retryAfter.trim());
            if (parsed.isPresent()) {
                return parsed;
            }
        }
        if (status == 429) {
            return RateLimitTracker.parse(headers)
                    .filter(limit -> limit.remaining() <= 0)
                    .map(limit -> Duration.between(clock.instant(), limit.reset()))
                    .filter(wait -> !wait.isNegative() && !wait.isZero());
        }
        return Optional.empty();
    }

    private Optional<Duration> parseRetryAfter(String value) {
        try {
            long seconds = Long.parseLong(value);
            return Optional.of(Duration.ofSeconds(Math.max(0, seconds)));
        } catch (NumberFormatException notSeconds) {
            try {
                Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                Duration wait = Duration.between(clock.instant(), at);
                return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
            } catch (DateTimeParseException notADate) {
                return Optional.empty();
            }
        }
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
        return String.format(java.util.Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
    }
}
