package io.github.oneclick.vendor;

import java.util.Objects;

/**
 * A request to DigitalOcean failed. Subclasses say how; {@link #details()} carries the status, the API's error id,
 * message and request id, the method and path, and a bounded excerpt of the raw body. Messages never contain the
 * API token.
 */
public class DigitalOceanException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient ErrorDetails details;

    public DigitalOceanException(String message, ErrorDetails details, Throwable cause) {
        super(message, cause);
        this.details = Objects.requireNonNull(details, "details");
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

    /**
     * Whether the request may have taken effect although it failed: a POST or PATCH that was sent but got no
     * usable answer. Never re-send such a request blindly; look at the resource first.
     */
    public boolean outcomeUnknown() {
        return false;
    }
}
