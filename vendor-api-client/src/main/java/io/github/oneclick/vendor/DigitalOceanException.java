package io.github.oneclick.vendor;

import java.util.Objects;

/**
 * A request to DigitalOcean failed. Subclasses say how; {@link #details()} carries the status, the API's error id,
 * message and request id, the method and path, the number of times the request reached the wire, and a bounded
 * excerpt of the raw body. {@link #outcome()} says whether the request took effect. Messages never contain the API
 * token.
 */
public class DigitalOceanException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient ErrorDetails details;
    private final Outcome outcome;
    private final boolean transientFailure;

    /**
     * @param message what failed and what to do
     * @param details what is known of the request and its answer
     * @param outcome whether the request took effect
     * @param transientFailure whether the same request may well succeed later (a 5xx, a rate limit, a network
     *     failure), as opposed to a definite refusal
     * @param cause the underlying exception, or {@code null}
     */
    public DigitalOceanException(
            String message, ErrorDetails details, Outcome outcome, boolean transientFailure, Throwable cause) {
        super(message, cause);
        this.details = Objects.requireNonNull(details, "details");
        this.outcome = Objects.requireNonNull(outcome, "outcome");
        this.transientFailure = transientFailure;
    }

    public ErrorDetails details() {
        return details;
    }

    /** The HTTP status, or 0 when no response was received. */
    public int status() {
        return details.status();
    }

    /** The request id to quote to DigitalOcean support, or {@code null}. */
    public String requestId() {
        return details.requestId();
    }

    /** Whether the request took effect, as far as the client observed. */
    public Outcome outcome() {
        return outcome;
    }

    /**
     * Whether the request may have taken effect although it failed: a POST, PATCH or DELETE that was sent but got no
     * usable answer. Never re-send such a request blindly; read the resource first.
     */
    public boolean outcomeUnknown() {
        return outcome == Outcome.UNKNOWN;
    }

    /**
     * Whether the same read may well succeed a little later (a 5xx, a rate limit, a network failure, an unusable
     * body), as opposed to a definite refusal such as 401, 403 or 404. Waits poll again after such failures.
     */
    public boolean transientFailure() {
        return transientFailure;
    }
}
