package io.github.oneclick.vendor.internal.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.oneclick.vendor.AppPendingReviewException;
import io.github.oneclick.vendor.BadRequestException;
import io.github.oneclick.vendor.DigitalOceanException;
import io.github.oneclick.vendor.ErrorDetails;
import io.github.oneclick.vendor.ForbiddenException;
import io.github.oneclick.vendor.NotFoundException;
import io.github.oneclick.vendor.PendingEventException;
import io.github.oneclick.vendor.RateLimitExceededException;
import io.github.oneclick.vendor.ServerErrorException;
import io.github.oneclick.vendor.TransportException;
import io.github.oneclick.vendor.UnauthorizedException;
import io.github.oneclick.vendor.UnexpectedResponseException;
import io.github.oneclick.vendor.UnprocessableEntityException;
import io.github.oneclick.vendor.model.RateLimit;
import java.io.IOException;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.Headers;

/**
 * The one place that turns a failed request into a typed exception and decides what may be retried. Bodies are read
 * leniently: DigitalOcean's {@code {"id","message","request_id"}}, other JSON, HTML error pages or plain text.
 */
public final class ErrorClassifier {
    /** How much of a raw body is kept in {@link ErrorDetails#bodyExcerpt()}. */
    public static final int EXCERPT_LIMIT = 2_000;

    private static final String VENDOR_PREFIX = "/api/v1/vendor-portal/apps/";
    private static final Pattern HTML_TITLE = Pattern.compile("(?is)<title[^>]*>(.*?)</title>");

    private final ObjectMapper mapper;
    private final Redactor redactor;

    public ErrorClassifier(ObjectMapper mapper, Redactor redactor) {
        this.mapper = mapper;
        this.redactor = redactor;
    }

    /** GET, HEAD and DELETE may be sent again; POST and PATCH may not once they may have reached the server. */
    public static boolean isIdempotent(String method) {
        return "GET".equals(method) || "HEAD".equals(method) || "DELETE".equals(method);
    }

    /** Whether a response with this status is worth another attempt for this method. */
    public static boolean isRetryable(int status, String method) {
        if (status == 429) {
            return true; // refused before processing: safe for every method
        }
        return isIdempotent(method) && (status == 500 || status == 502 || status == 503 || status == 504);
    }

    /** Classifies an HTTP error response. */
    public DigitalOceanException fromResponse(String method, String path, int status, Headers headers, String body,
            int attempts) {
        ParsedBody parsed = parse(body);
        String requestId = parsed.requestId != null ? parsed.requestId : redactor.redact(headers.get("x-request-id"));
        ErrorDetails details = new ErrorDetails(status, parsed.id, parsed.message, requestId, method, path,
                excerpt(body), attempts);
        boolean vendor = path.startsWith(VENDOR_PREFIX);
        String appId = vendor ? appId(path) : null;
        String what = method + " " + path + " failed with " + status + describe(parsed) + suffix(requestId, attempts);
        switch (status) {
            case 400:
                if (vendor) {
                    return new AppPendingReviewException(what + ". The Vendor Portal refused the update of app '"
                            + appId + "'. Most likely the app is pending or in review after an earlier update: wait"
                            + " for DigitalOcean's review to finish before the next release. Other documented"
                            + " causes: the request had no image id; the app is not a droplet 1-Click.",
                            details, appId);
                }
                return new BadRequestException(what + ". DigitalOcean rejected the request as invalid.", details, null);
            case 401:
                return new UnauthorizedException(what + ". The API token was not accepted: check that it is"
                        + " current, complete and not revoked.", details, null);
            case 403:
                if (vendor) {
                    return new ForbiddenException(what + ". The token was refused for app '" + appId + "': either it"
                            + " is invalid, or the app or the image does not belong to the token's team. Use a token"
                            + " with write scope from the team that owns the app, and an image snapshotted under"
                            + " that team.", details, null);
                }
                return new ForbiddenException(what + ". The token lacks the scope for this call, or the resource"
                        + " belongs to another team.", details, null);
            case 404:
                if (vendor) {
                    return new NotFoundException(what + ". App id '" + appId + "' was not found: copy the id from"
                            + " the app's Vendor Portal URL.", details, null);
                }
                return new NotFoundException(what + ". The resource does not exist or is not visible to this"
                        + " token's team.", details, null);
            case 422:
                if (isPendingEvent(parsed.message)) {
                    return new PendingEventException(what + ". Another action is still running on the droplet;"
                            + " wait for it to finish, then try again.", details, null);
                }
                return new UnprocessableEntityException(what + ".", details, null);
            case 429:
                return new RateLimitExceededException(what + ". The API rate limit stayed exhausted"
                        + rateLimitHint(headers) + "; try again later or lower the request rate.", details, null);
            default:
                if (status >= 500 && status <= 599) {
                    boolean unknown = !isIdempotent(method);
                    return new ServerErrorException(what + ". DigitalOcean failed to answer."
                            + (unknown ? " The request may still have taken effect; check before sending it again."
                                    : ""), details, unknown);
                }
                return new UnexpectedResponseException(what + ". This status was not expected.", details,
                        !isIdempotent(method), null);
        }
    }

    /** Classifies a request that got no usable response. */
    public DigitalOceanException fromIOException(String method, String path, IOException cause,
            boolean mayHaveBeenSent, int attempts) {
        boolean unknown = mayHaveBeenSent && !isIdempotent(method);
        String reason = cause.getClass().getSimpleName()
                + (cause.getMessage() == null ? "" : ": " + redactor.redact(cause.getMessage()));
        ErrorDetails details = new ErrorDetails(0, null, reason, null, method, path, "", attempts);
        String message = method + " " + path + " failed: " + reason + suffix(null, attempts) + "."
                + (unknown ? " The request was sent, so it may have taken effect; check before sending it again."
                        : mayHaveBeenSent ? "" : " DigitalOcean could not be reached: check the network, proxy and"
                                + " API URL.");
        return new TransportException(message, details, unknown, cause);
    }

    /** A successful response whose body could not be read as the expected JSON. */
    public DigitalOceanException unreadableBody(String method, String path, IOException cause, int attempts) {
        String reason = cause.getMessage() == null ? cause.getClass().getSimpleName()
                : redactor.redact(cause.getMessage().lines().findFirst().orElse(""));
        ErrorDetails details = new ErrorDetails(0, null, reason, null, method, path, "", attempts);
        // The parser's own message quotes the body, which may echo a secret: keep its trace, not its text.
        IOException redacted = new IOException(cause.getClass().getName() + ": " + reason);
        redacted.setStackTrace(cause.getStackTrace());
        return new UnexpectedResponseException(method + " " + path
                + " succeeded but its body is not the expected JSON: " + reason, details, !isIdempotent(method),
                redacted);
    }

    /**
     * The last response said no requests remain until a reset further away than the client may wait: the request
     * is not sent.
     */
    public DigitalOceanException rateLimitedBeforeSending(String method, String path, RateLimit limit,
            Duration untilReset, int attempts) {
        ErrorDetails details = new ErrorDetails(429, "too_many_requests", "rate limit exhausted", null, method, path,
                "", attempts);
        return new RateLimitExceededException(method + " " + path + " was not sent: the API rate limit of "
                + limit.limit() + " requests per hour is exhausted until " + limit.reset() + " (in "
                + untilReset.toSeconds() + " s), longer than the client may wait. Try again after the reset or lower"
                + " the request rate.", details, null);
    }

    /** The thread was interrupted while waiting before another attempt. */
    public DigitalOceanException interrupted(String method, String path, int attempts) {
        ErrorDetails details = new ErrorDetails(0, null, "interrupted", null, method, path, "", attempts);
        return new TransportException(method + " " + path + " was interrupted while waiting to retry"
                + suffix(null, attempts) + ".", details, false, null);
    }

    private static boolean isPendingEvent(String message) {
        if (message == null) {
            return false;
        }
        String text = message.toLowerCase(Locale.ROOT);
        return text.contains("pending event") || text.contains("blocking event");
    }

    private static String rateLimitHint(Headers headers) {
        String retryAfter = headers.get("retry-after");
        if (retryAfter != null) {
            return " (the server asked to wait " + retryAfter + " s)";
        }
        String reset = headers.get("ratelimit-reset");
        return reset == null ? "" : " (it resets at epoch second " + reset + ")";
    }

    private static String appId(String path) {
        String rest = path.substring(VENDOR_PREFIX.length());
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
        return text.append(attempts).append(attempts == 1 ? " attempt)" : " attempts)").toString();
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
                return new ParsedBody(redactor.redact(text(node, "id")), redactor.redact(message),
                        redactor.redact(text(node, "request_id")));
            } catch (IOException | RuntimeException e) {
                // not JSON after all: fall through to the text forms
            }
        }
        Matcher title = HTML_TITLE.matcher(trimmed);
        if (title.find()) {
            return new ParsedBody(null, redactor.redact(title.group(1).replaceAll("\\s+", " ").trim()), null);
        }
        if (trimmed.startsWith("<")) {
            return new ParsedBody(null, null, null);
        }
        String firstLine = trimmed.lines().findFirst().orElse("");
        return new ParsedBody(null, redactor.redact(firstLine.length() > 200 ? firstLine.substring(0, 200) : firstLine),
                null);
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

    private record ParsedBody(String id, String message, String requestId) {
    }
}
