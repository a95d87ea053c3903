package io.github.oneclick.vendor;

/** 429 Too Many Requests: the rate limit stayed exhausted after the allowed retries. */
public class RateLimitExceededException extends DigitalOceanException {
    private static final long serialVersionUID = 1L;

    public RateLimitExceededException(String message, ErrorDetails details, Throwable cause) {
        super(message, details, cause);
    }
}
