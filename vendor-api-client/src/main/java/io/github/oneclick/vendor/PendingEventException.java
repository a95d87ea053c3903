package io.github.oneclick.vendor;

/**
 * 422 "Droplet already has a pending event": another action is running on the droplet. Nothing changed: wait for
 * the running action to finish, then post again.
 */
public class PendingEventException extends UnprocessableEntityException {
    private static final long serialVersionUID = 1L;

    public PendingEventException(
            String message, ErrorDetails details, Outcome outcome, boolean transientFailure, Throwable cause) {
        super(message, details, outcome, transientFailure, cause);
    }
}
