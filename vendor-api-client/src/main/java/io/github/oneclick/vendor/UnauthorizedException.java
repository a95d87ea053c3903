package io.github.oneclick.vendor;

/** 401 Unauthorized: the API token was not accepted. Check that it is current and copied whole. */
public class UnauthorizedException extends DigitalOceanException {
    private static final long serialVersionUID = 1L;

    public UnauthorizedException(
            String message, ErrorDetails details, Outcome outcome, boolean transientFailure, Throwable cause) {
        super(message, details, outcome, transientFailure, cause);
    }
}
