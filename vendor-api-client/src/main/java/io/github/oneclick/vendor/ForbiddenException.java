package io.github.oneclick.vendor;

/** 403 Forbidden: the token may not do this, or the resource belongs to another team. */
public class ForbiddenException extends DigitalOceanException {
    private static final long serialVersionUID = 1L;

    public ForbiddenException(
            String message, ErrorDetails details, Outcome outcome, boolean transientFailure, Throwable cause) {
        super(message, details, outcome, transientFailure, cause);
    }
}
