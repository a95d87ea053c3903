package io.github.oneclick.vendor;

/** 400 Bad Request: the request was not valid; nothing changed. */
public class BadRequestException extends DigitalOceanException {
    private static final long serialVersionUID = 1L;

    public BadRequestException(
            String message, ErrorDetails details, Outcome outcome, boolean transientFailure, Throwable cause) {
        super(message, details, outcome, transientFailure, cause);
    }
}
