package io.github.oneclick.vendor;

/**
 * The request ran out of time: the client's deadline for one call (retries and waits included), or the deadline of
 * the wait that made the call, passed before a usable answer.
 */
public class DeadlineExceededException extends DigitalOceanException {
    private static final long serialVersionUID = 1L;

    public DeadlineExceededException(
            String message, ErrorDetails details, Outcome outcome, boolean transientFailure, Throwable cause) {
        super(message, details, outcome, transientFailure, cause);
    }
}
