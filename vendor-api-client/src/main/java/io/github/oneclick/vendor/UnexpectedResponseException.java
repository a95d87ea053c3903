package io.github.oneclick.vendor;

/** A status or a body this client does not know how to read, such as a redirect it does not follow. */
public class UnexpectedResponseException extends DigitalOceanException {
    private static final long serialVersionUID = 1L;

    public UnexpectedResponseException(
            String message, ErrorDetails details, Outcome outcome, boolean transientFailure, Throwable cause) {
        super(message, details, outcome, transientFailure, cause);
    }
}
