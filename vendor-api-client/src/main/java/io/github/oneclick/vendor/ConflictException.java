package io.github.oneclick.vendor;

/** 409 Conflict: the request conflicts with the resource's current state; nothing changed. */
public class ConflictException extends DigitalOceanException {
    private static final long serialVersionUID = 1L;

    public ConflictException(
            String message, ErrorDetails details, Outcome outcome, boolean transientFailure, Throwable cause) {
        super(message, details, outcome, transientFailure, cause);
    }
}
