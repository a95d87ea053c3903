package io.github.oneclick.vendor.internal.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.oneclick.vendor.AppPendingReviewException;
import io.github.oneclick.vendor.BadRequestException;
import io.github.oneclick.vendor.ConflictException;
import io.github.oneclick.vendor.DeadlineExceededException;
import io.github.oneclick.vendor.DigitalOceanException;
import io.github.oneclick.vendor.ErrorDetails;
import io.github.oneclick.vendor.ForbiddenException;
import io.github.oneclick.vendor.IncompleteResponseException;
import io.github.oneclick.vendor.NotFoundException;
import io.github.oneclick.vendor.Outcome;
import io.github.oneclick.vendor.PendingEventException;
import io.github.oneclick.vendor.RateLimitExceededException;
import io.github.oneclick.vendor.ServerErrorException;
import io.github.oneclick.vendor.TransportException;
import io.github.oneclick.vendor.UnauthorizedException;
import io.github.oneclick.vendor.UnexpectedResponseException;
import io.github.oneclick.vendor.UnprocessableEntityException;
import io.github.oneclick.vendor.internal.http.SendingPolicy.DeadlinePassed;
import io.github.oneclick.vendor.internal.http.SendingPolicy.Decision;
import io.github.oneclick.vendor.internal.http.SendingPolicy.ErrorStatus;
import io.github.oneclick.vendor.internal.http.SendingPolicy.Failure;
import io.github.oneclick.vendor.internal.http.SendingPolicy.NoAnswer;
import io.github.oneclick.vendor.internal.http.SendingPolicy.NotSent;
import io.github.oneclick.vendor.internal.http.SendingPolicy.UnusableSuccess;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.Headers;

/**
 * Words a failed call as a typed exception, with what {@link SendingPolicy} decided about it: which exception type a
 * status maps to, the message (what failed, what it did, what to do), and the details (status, the API's error id,
 * message and request id, a bounded excerpt of the body). Bodies are read leniently: DigitalOcean's
 * {@code {"id","message","request_id"}}, other JSON, HTML error pages or plain text. Secrets are removed from
 * everything taken from a response.
 */
public final class Failures {
    /** How much of a raw body is kept in {@link ErrorDetails#bodyExcerpt()}. */
    public static final int EXCERPT_LIMIT = 2_000;

    private static final String VENDOR_APPS = "/" + VendorPortalApi.APPS;

    private static final Pattern HTML_TITLE = Pattern.compile("(?is)<title[^>]*>(.*?)</title>");

    private final ObjectMapper mapper;
    private final Redactor redactor;

    public Failures(ObjectMapper mapper, Redactor redactor) {
        this.mapper = mapper;
        this.redactor = redactor;
    }

    /**
     * The exception for a create or delete whose unclear outcome reads could not settle ({@link Reconciler}): the
     * first failure's message, details and outcome, followed by what the reads found and what to check.
     *
     * @param cause the failure whose outcome was not known
     * @param finding what the reads found, and what to do
     */
    public static DigitalOceanException unsettled(DigitalOceanException cause, String finding) {
        return new DigitalOceanException(
                cause.getMessage() + " " + finding, cause.details(), cause.outcome(), cause.transientFailure(), cause);
    }

    /**
     * The exception for a call that failed for good.
     *
     * @param method the request's method
     * @param path the request's path
     * @param failure the last failed try
     * @param decision what the sending policy decided about it
     * @param attempts requests of this call that reached the wire
     * @param gaveUp why the client stopped although the policy would re-send, or {@code null}
     */
    public DigitalOceanException of(
            String method, String path, Failure failure, Decision decision, int attempts, String gaveUp) {
        String why = gaveUp == null ? "" : " " + gaveUp + ".";
        if (failure instanceof ErrorStatus error) {
            return fromResponse(method, path, error, decision, attempts, why);
        }
        if (failure instanceof NotSent notSent) {
            return transport(
                    method,
                    path,
                    notSent.cause(),
                    decision,
                    attempts,
                    why + " DigitalOcean could not be reached: check the network, the proxy and the API URL.");
        }
        if (failure instanceof NoAnswer noAnswer) {
            return transport(method, path, noAnswer.cause(), decision, attempts, why);
        }
        if (failure instanceof UnusableSuccess unusable) {
            return unusable(method, path, unusable, decision, attempts, why);
        }
        return deadline(method, path, (DeadlinePassed) failure, decision, attempts);
    }

    /**
     * The last answer said no requests remain until a reset further away than the client may wait, and a 429
     * confirmed it is the hourly limit: the request is not sent.
     */
    public DigitalOceanException rateLimitedBeforeSending(
            String method, String path, Duration wait, Instant until, int attempts) {
        ErrorDetails details =
                new ErrorDetails(429, "too_many_requests", "rate limit exhausted", null, method, path, "", attempts);
        return new RateLimitExceededException(
                method + " " + path + " was not sent: the token's hourly API rate limit"
                        + " is exhausted until " + until + " (in " + wait.toSeconds()
                        + " s), longer than the client may"
                        + " wait. Try again after the reset or lower the request rate."
                        + consequence(method, Outcome.NOT_APPLIED),
                details,
                Outcome.NOT_APPLIED,
                true,
                null);
    }

    /** The thread was interrupted while waiting before a try. */
    public DigitalOceanException interrupted(String method, String path, Outcome outcome, int attempts) {
        ErrorDetails details = new ErrorDetails(0, null, "interrupted", null, method, path, "", attempts);
        return new TransportException(
                method + " " + path + " was interrupted while waiting to send" + suffix(null, attempts) + "."
                        + consequence(method, outcome),
                details,
                outcome,
                false,
                null);
    }

    // ---------------------------------------------------------------- responses

    private DigitalOceanException fromResponse(
            String method, String path, ErrorStatus error, Decision decision, int attempts, String why) {
        int status = error.status();
        Headers headers = error.headers();
        String body = error.body();
        ParsedBody parsed = parse(body);
        String requestId = parsed.requestId != null ? parsed.requestId : redactor.redact(headers.get("x-request-id"));
        ErrorDetails details =
                new ErrorDetails(status, parsed.id, parsed.message, requestId, method, path, excerpt(body), attempts);
        boolean vendor = path.startsWith(VENDOR_APPS);
        String appId = vendor ? appId(path) : null;
        String what = method + " " + path + " failed with " + status + describe(parsed) + suffix(requestId, attempts)
                + "." + why;
        Outcome outcome = decision.outcome();
        boolean later = decision.transientFailure();
        String effect = consequence(method, outcome);
        if (status >= 300 && status < 400) {
            String location = headers.get("Location");
            return new UnexpectedResponseException(
                    what + " DigitalOcean answered with a redirect"
                            + (location == null ? "" : " to " + redactor.redact(location)) + ", which the client never"
                            + " follows: nothing was sent there. Check the API URL." + effect,
                    details,
                    outcome,
                    later,
                    null);
        }
        switch (status) {
            case 400:
                if (vendor) {
                    return new AppPendingReviewException(
                            what + " " + AppPendingReviewException.explanation(appId),
                            details,
                            outcome,
                            later,
                            null,
                            appId);
                }
                return new BadRequestException(
                        what + " DigitalOcean rejected the request as invalid." + effect,
                        details,
                        outcome,
                        later,
                        null);
            case 401:
                return new UnauthorizedException(
                        what + " The API token was not accepted: check that it is current,"
                                + " complete and not revoked." + effect,
                        details,
                        outcome,
                        later,
                        null);
            case 403:
                if (vendor) {
                    return new ForbiddenException(
                            what + " The token was refused for app '" + appId + "': either it"
                                    + " is invalid, or the app or the image does not belong to the token's team. Use a token"
                                    + " with write scope from the team that owns the app, and an image snapshotted under"
                                    + " that team." + effect,
                            details,
                            outcome,
                            later,
                            null);
                }
                return new ForbiddenException(
                        what + " The token lacks the scope for this call, or the resource" + " belongs to another team."
                                + effect,
                        details,
                        outcome,
                        later,
                        null);
            case 404:
                if (vendor) {
                    return new NotFoundException(
                            what + " App id '" + appId + "' was not found: copy the id from"
                                    + " the app's Vendor Portal URL." + effect,
                            details,
                            outcome,
                            later,
                            null);
                }
                return new NotFoundException(
                        what + " The resource does not exist or is not visible to this" + " token's team." + effect,
                        details,
                        outcome,
                        later,
                        null);
            case 409:
                return new ConflictException(
                        what + " DigitalOcean refused it as conflicting with the resource's" + " current state."
                                + effect,
                        details,
                        outcome,
                        later,
                        null);
            case 422:
                if (isPendingEvent(parsed.message)) {
                    return new PendingEventException(
                            what + " Another action is still running on the droplet;"
                                    + " wait for it to finish, then try again." + effect,
                            details,
                            outcome,
                            later,
                            null);
                }
                return new UnprocessableEntityException(what + effect, details, outcome, later, null);
            case 429:
                return new RateLimitExceededException(
                        what + " The API rate limit stayed exhausted" + rateLimitHint(headers)
                                + "; try again later or lower the request rate." + effect,
                        details,
                        outcome,
                        later,
                        null);
            default:
                if (status >= 500 && status <= 599) {
                    return new ServerErrorException(
                            what + " DigitalOcean failed to answer." + effect, details, outcome, later, null);
                }
                return new UnexpectedResponseException(
                        what + " This status was not expected." + effect, details, outcome, later, null);
        }
    }

    // ---------------------------------------------------------------- no response, unusable response, deadline

    private DigitalOceanException transport(
            String method, String path, IOException cause, Decision decision, int attempts, String why) {
        String reason = reason(cause);
        ErrorDetails details = new ErrorDetails(0, null, reason, null, method, path, "", attempts);
        return new TransportException(
                method + " " + path + " failed: " + reason + suffix(null, attempts) + "." + why
                        + consequence(method, decision.outcome()),
                details,
                decision.outcome(),
                decision.transientFailure(),
                cause);
    }

    private DigitalOceanException unusable(
            String method, String path, UnusableSuccess unusable, Decision decision, int attempts, String why) {
        String reason = unusable.cause() == null
                ? unusable.problem()
                : unusable.problem() + ": "
                        + redactor.redact(firstLine(unusable.cause().getMessage()));
        ErrorDetails details = new ErrorDetails(unusable.status(), null, reason, null, method, path, "", attempts);
        IOException redacted = null;
        if (unusable.cause() != null) {
            // The parser's own message quotes the body, which may echo a secret: keep its trace, not its text.
            redacted = new IOException(unusable.cause().getClass().getName() + ": " + reason);
            redacted.setStackTrace(unusable.cause().getStackTrace());
        }
        String message = method + " " + path + " succeeded (" + unusable.status() + ") but its response has " + reason
                + suffix(null, attempts) + "." + why + consequence(method, decision.outcome());
        if (unusable.cause() != null && !unusable.retryableForReads()) {
            return new UnexpectedResponseException(
                    message, details, decision.outcome(), decision.transientFailure(), redacted);
        }
        return new IncompleteResponseException(
                message, details, decision.outcome(), decision.transientFailure(), redacted);
    }

    private DigitalOceanException deadline(
            String method, String path, DeadlinePassed passed, Decision decision, int attempts) {
        String last = passed.last() == null ? "" : " The last try: " + lastTry(passed.last()) + ".";
        ErrorDetails details = new ErrorDetails(
                passed.last() instanceof ErrorStatus error ? error.status() : 0,
                null,
                "deadline passed",
                null,
                method,
                path,
                "",
                attempts);
        return new DeadlineExceededException(
                method + " " + path + " ran out of time: its deadline (" + passed.deadline()
                        + ") passed"
                        + (passed.wasSending()
                                ? " while the request was in flight"
                                : " before it could be sent" + (attempts > 0 ? " again" : ""))
                        + suffix(null, attempts) + "." + last
                        + consequence(method, decision.outcome()),
                details,
                decision.outcome(),
                true,
                null);
    }

    private static String lastTry(Failure failure) {
        if (failure instanceof ErrorStatus error) {
            return "status " + error.status();
        }
        if (failure instanceof NotSent notSent) {
            return "not sent (" + reason(notSent.cause()) + ")";
        }
        if (failure instanceof NoAnswer noAnswer) {
            return "no answer (" + reason(noAnswer.cause()) + ")";
        }
        if (failure instanceof UnusableSuccess unusable) {
            return "status " + unusable.status() + " with " + unusable.problem();
        }
        return "deadline";
    }

    /** What the outcome means for a request that changes something; nothing for reads. */
    private static String consequence(String method, Outcome outcome) {
        if (!SendingPolicy.isMutating(method)) {
            return "";
        }
        return switch (outcome) {
            case NOT_APPLIED -> " It was not applied.";
            case APPLIED ->
                " DigitalOcean accepted it, so it took effect: look for its result instead of sending it" + " again.";
            case UNKNOWN ->
                " It was sent without a usable answer, so it may have taken effect: check before sending"
                        + " it again.";
        };
    }

    private static String reason(IOException cause) {
        return cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
    }

    private String firstLine(String text) {
        return text == null ? "" : text.lines().findFirst().orElse("");
    }

    // ---------------------------------------------------------------- bodies

    private static boolean isPendingEvent(String message) {
        if (message == null) {
            return false;
        }
        String text = message.toLowerCase(Locale.ROOT);
        return text.contains("pending event") || text.contains("blocking event");
    }

    private static String rateLimitHint(Headers headers) {
        String retryAfter = FollowUpGuard.retryAfter(headers);
        if (retryAfter != null) {
            return " (the server asked to wait " + retryAfter + " s)";
        }
        String reset = headers.get("ratelimit-reset");
        return reset == null ? "" : " (it resets at epoch second " + reset + ")";
    }

    static String appId(String path) {
        String rest = path.substring(VENDOR_APPS.length());
        int slash = rest.indexOf('/');
        return slash < 0 ? rest : rest.substring(0, slash);
    }

    private static String describe(ParsedBody parsed) {
        StringBuilder text = new StringBuilder();
        if (parsed.id != null) {
            text.append(' ').append(parsed.id);
        }
        if (parsed.message != null) {
            text.append(": ").append(parsed.message);
        }
        return text.toString();
    }

    private static String suffix(String requestId, int attempts) {
        StringBuilder text = new StringBuilder(" (");
        if (requestId != null) {
            text.append("request id ").append(requestId).append(", ");
        }
        if (attempts == 0) {
            return text.append("never sent)").toString();
        }
        return text.append(attempts)
                .append(attempts == 1 ? " attempt)" : " attempts)")
                .toString();
    }

    private String excerpt(String body) {
        if (body == null || body.isEmpty()) {
            return "";
        }
        String clean = redactor.redact(body);
        if (clean.length() <= EXCERPT_LIMIT) {
            return clean;
        }
        return clean.substring(0, EXCERPT_LIMIT) + "... (" + (clean.length() - EXCERPT_LIMIT) + " more characters)";
    }

    private ParsedBody parse(String body) {
        if (body == null || body.isBlank()) {
            return new ParsedBody(null, null, null);
        }
        String trimmed = body.trim();
        if (trimmed.startsWith("{")) {
            try {
                JsonNode node = mapper.readTree(trimmed);
                String message = firstText(node, "message", "error_description", "error", "detail");
                return new ParsedBody(
                        redactor.redact(text(node, "id")),
                        redactor.redact(message),
                        redactor.redact(text(node, "request_id")));
            } catch (IOException | RuntimeException e) {
                // not JSON after all: fall through to the text forms
            }
        }
        Matcher title = HTML_TITLE.matcher(trimmed);
        if (title.find()) {
            return new ParsedBody(
                    null, redactor.redact(title.group(1).replaceAll("\\s+", " ").trim()), null);
        }
        if (trimmed.startsWith("<")) {
            return new ParsedBody(null, null, null);
        }
        String firstLine = trimmed.lines().findFirst().orElse("");
        return new ParsedBody(
                null, redactor.redact(firstLine.length() > 200 ? firstLine.substring(0, 200) : firstLine), null);
    }

    private static String firstText(JsonNode node, String... fields) {
        for (String field : fields) {
            String value = text(node, field);
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return null;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() || value.isContainerNode() ? null : value.asText();
    }

    private record ParsedBody(String id, String message, String requestId) {}
}
