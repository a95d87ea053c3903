package io.github.oneclick.vendor;

/** 422 Unprocessable Entity: the request was understood but refused in the resource's current state. */
public class UnprocessableEntityException extends DigitalOceanException {
    private static final long serialVersionUID = 1L;

    public UnprocessableEntityException(
            String message, ErrorDetails details, Outcome outcome, boolean transientFailure, Throwable cause) {
        super(message, details, outcome, transientFailure, cause);
    }
}
