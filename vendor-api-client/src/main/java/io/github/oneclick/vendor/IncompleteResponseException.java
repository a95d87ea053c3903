package io.github.oneclick.vendor;

/**
 * A success (2xx) whose body lacks what the endpoint returns: empty, {@code null}, {@code {}} or without its
 * envelope. The exception names the endpoint; for a POST, PATCH or DELETE the outcome is {@link Outcome#APPLIED}:
 * DigitalOcean accepted the request, so look for its effect instead of sending it again.
 */
public class IncompleteResponseException extends UnexpectedResponseException {
    private static final long serialVersionUID = 1L;

    public IncompleteResponseException(
            String message, ErrorDetails details, Outcome outcome, boolean transientFailure, Throwable cause) {
        super(message, details, outcome, transientFailure, cause);
    }
}
