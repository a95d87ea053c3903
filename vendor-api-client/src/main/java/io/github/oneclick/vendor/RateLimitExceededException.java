package io.github.oneclick.vendor;

/** 429 Too Many Requests: the rate limit stayed exhausted longer than the client may wait. */
public class RateLimitExceededException extends DigitalOceanException {
    private static final long serialVersionUID = 1L;

    public RateLimitExceededException(
            String message, ErrorDetails details, Outcome outcome, boolean transientFailure, Throwable cause) {
        super(message, details, outcome, transientFailure, cause);
    }
}
