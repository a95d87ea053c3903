package io.github.oneclick.vendor;

/** 404 Not Found: the resource does not exist or is not visible to this token's team. */
public class NotFoundException extends DigitalOceanException {
    private static final long serialVersionUID = 1L;

    public NotFoundException(
            String message, ErrorDetails details, Outcome outcome, boolean transientFailure, Throwable cause) {
        super(message, details, outcome, transientFailure, cause);
    }
}
