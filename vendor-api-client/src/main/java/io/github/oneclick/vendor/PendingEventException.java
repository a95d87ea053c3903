package io.github.oneclick.vendor;

/**
 * 422 "Droplet already has a pending event": another action is running on the droplet. Wait for it to finish, then
 * post again.
 */
public class PendingEventException extends UnprocessableEntityException {
    private static final long serialVersionUID = 1L;

    public PendingEventException(String message, ErrorDetails details, Throwable cause) {
        super(message, details, cause);
    }
}
